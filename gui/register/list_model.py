"""The register's applications as a table model: light rows (plain tuples, core.register.listing),
filtered and sorted in plain Python over a list of indices (a QSortFilterProxyModel would call
back into Python once per row and comparison: far too slow for 100,000 applications)."""

from __future__ import annotations

from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from core.register import listing as L
from core.register.vocab import vocabulary

_Index = QModelIndex | QPersistentModelIndex
HEADERS = ("编号", "收到日期", "申请人类型", "办理结果", "答复日期", "状态", "答复期限", "剩余工作日")
STATE_COLUMN = 5
_RED = QBrush(QColor("#c62828"))
_GREY = QBrush(QColor("#777777"))
_NEVER = 1 << 30
_RANK = {L.OVERDUE: 0, L.OPEN: 1, L.WAITING: 2, L.ANSWERED: 3}


@dataclass
class Filters:
    year: int | None = None  # received in that year
    state: str | None = None  # OPEN (incl. waiting for a correction), ANSWERED, OVERDUE
    applicant_type: str | None = None
    result: str | None = None
    numbers: frozenset[str] | None = None  # the search's hits (None: no search)


class RegisterListModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[L.Row] = []
        self._due: dict[int, L.Due] = {}
        self._shown: list[int] = []
        self.filters = Filters()
        self._sort: tuple[int, Qt.SortOrder] = (1, Qt.SortOrder.AscendingOrder)
        vocab = vocabulary()
        self._types = vocab.applicant_labels
        self._results = vocab.result_short

    # -- content -----------------------------------------------------------------------------
    def set_rows(self, rows: list[L.Row], due: dict[int, L.Due],
                 filters: Filters | None = None) -> None:
        self.beginResetModel()
        self._rows, self._due = rows, due
        self.filters = filters or self.filters
        self._apply()
        self.endResetModel()

    def set_filters(self, filters: Filters) -> None:
        self.beginResetModel()
        self.filters = filters
        self._apply()
        self.endResetModel()

    def number_at(self, row: int) -> str:
        return self._rows[self._shown[row]][L.NUMBER]

    def state_at(self, row: int) -> str:
        i = self._shown[row]
        return L.state(self._rows[i], self._due.get(i))

    def row_of(self, number: str) -> int:
        for n, i in enumerate(self._shown):
            if self._rows[i][L.NUMBER] == number:
                return n
        return -1

    @property
    def total(self) -> int:
        return len(self._rows)

    @property
    def overdue(self) -> int:
        return sum(1 for d in self._due.values() if d.days_left < 0)

    def _apply(self) -> None:
        f, rows, due = self.filters, self._rows, self._due
        shown: Any = range(len(rows))
        if f.year is not None:
            year = str(f.year)
            shown = [i for i in shown if rows[i][L.RECEIVED].startswith(year)]
        if f.state is not None:
            wanted = {L.OPEN, L.WAITING} if f.state == L.OPEN else {f.state}
            shown = [i for i in shown if L.state(rows[i], due.get(i)) in wanted]
        if f.applicant_type is not None:
            shown = [i for i in shown if rows[i][L.KIND] == f.applicant_type]
        if f.result is not None:
            shown = [i for i in shown if rows[i][L.RESULT] == f.result]
        if f.numbers is not None:
            shown = [i for i in shown if rows[i][L.NUMBER] in f.numbers]
        column, order = self._sort
        keys = self._keys(column)
        # keys computed once per row, compared in C
        self._shown = sorted(shown, key=keys.__getitem__,
                             reverse=order == Qt.SortOrder.DescendingOrder)

    def _keys(self, column: int) -> list[Any]:
        rows, due = self._rows, self._due
        if column == 1:
            return list(map(itemgetter(L.RECEIVED, L.NUMBER), rows))
        if column == 0:  # 2025-9 before 2025-10
            return [(len(r[0]), r[0]) for r in rows]
        if column in (2, 3, 4):
            field = {2: L.KIND, 3: L.RESULT, 4: L.REPLIED}[column]
            return [r[field] or "\uffff" for r in rows]
        if column == STATE_COLUMN:  # the most urgent first
            return [(_RANK[L.state(r, due.get(i))], _days(due.get(i)))
                    for i, r in enumerate(rows)]
        return [_days(due.get(i)) for i in range(len(rows))]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply()
        self.layoutChanged.emit()

    # -- the Qt model ------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        i = self._shown[index.row()]
        r, due, col = self._rows[i], self._due.get(i), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(r, due, col)
        if role == Qt.ItemDataRole.ForegroundRole:
            state = L.state(r, due)
            if state == L.OVERDUE and col >= STATE_COLUMN:
                return _RED
            if state in (L.ANSWERED, L.WAITING) and col == STATE_COLUMN:
                return _GREY
        if role == Qt.ItemDataRole.ToolTipRole and col == STATE_COLUMN and L.waiting(r):
            return "已通知申请人补正，补正材料收到后重新计算答复期限（条例第三十条）。"
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (1, 4, 6, 7):
            return Qt.AlignmentFlag.AlignCenter
        return None

    def _text(self, r: L.Row, due: L.Due | None, col: int) -> str:
        if col == 0:
            return r[L.NUMBER]
        if col == 1:
            return r[L.RECEIVED]
        if col == 2:
            return self._types.get(r[L.KIND], r[L.KIND])
        if col == 3:
            result = r[L.RESULT]
            return "" if result is None else self._results.get(result, result)
        if col == 4:
            return r[L.REPLIED] or ""
        if col == STATE_COLUMN:
            return L.state(r, due)
        if due is None:
            return ""
        if col == 6:
            return due.date.isoformat()
        # working days, as the header says (not calendar days)
        return f"超期 {-due.days_left} 个" if due.days_left < 0 else f"{due.days_left} 个"


def _days(due: L.Due | None) -> int:
    return _NEVER if due is None else due.days_left
