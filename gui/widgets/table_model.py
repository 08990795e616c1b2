"""One statistics table of the report as a Qt item model: a view of the report, not a copy.

    model = ReportTableModel(session, "requests")
    view.setModel(model)
    model.set_text(key, "１２")      # normalised by the core and written through the session
    model.refused.connect(...)       # (key, Chinese reason) when an input is refused

Every value, colour and tooltip is read from the report, its format and the session's issues
when Qt asks for it. The model observes the editing session, so it is told of every change —
from the grid, a paste, an undo, a page's 填入, or any future writer — and tells the views only
about the cells whose look changed: the changed cells, the totals that sum them, and cells whose
highlight changed. The geometry (spans, header rows) is the format's `GridLayout`.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from core.formats.layout import CLAUSE, HEADER, LABEL, VALUE, GridCell
from core.model import STATUS_FINAL, Change, ReportLocked
from core.session import EditingSession
from core.textclean import NumberInputError, normalize_number_input
from core.validation import ERROR, WARNING
from gui.widgets.issue_list import ERROR_BG, WARNING_BG

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the cell key of a value cell
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 2  # ERROR / WARNING / None
STICKY_ROLE = Qt.ItemDataRole.UserRole + 3  # a label merged over many rows: text follows scroll

HEADER_BG = QColor("#e4ebf3")
CLAUSE_BG = QColor("#eef2f7")
LABEL_BG = QColor("#f7f9fb")
DERIVED_BG = QColor("#e4e4e4")
DERIVED_FG = QColor("#424242")
VALUE_BG = QColor("#ffffff")
FINAL_BG = QColor("#f7f7f7")
# cells the page locked (table 三 counted from the register): visibly not for typing, and unlike
# a finalized report's
LOCKED_BG = QColor("#e8eef6")
_SEVERITY_BRUSH = {ERROR: QBrush(ERROR_BG), WARNING: QBrush(WARNING_BG)}
_KIND_BG = {HEADER: QBrush(HEADER_BG), CLAUSE: QBrush(CLAUSE_BG), LABEL: QBrush(LABEL_BG)}
_DERIVED_BRUSH, _DERIVED_FG_BRUSH = QBrush(DERIVED_BG), QBrush(DERIVED_FG)
_VALUE_BRUSH, _FINAL_BRUSH, _LOCKED_BRUSH = QBrush(VALUE_BG), QBrush(FINAL_BG), QBrush(LOCKED_BG)
_FLAGS, _TIP = -1, -2  # keys of the per-position cache that are not Qt roles
FINAL_MESSAGE = "报告已定稿，不能修改；如需修改请先“重新打开”。"
DERIVED_MESSAGE = "总计由程序自动计算，不能填写。"
_DERIVED_NOTE = "（自动计算，不能填写）"
_FINAL_NOTE = "（报告已定稿，不能修改）"

_Index = QModelIndex | QPersistentModelIndex
_ALIGN_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_ALIGN_CENTER = Qt.AlignmentFlag.AlignCenter


class ReportTableModel(QAbstractTableModel):
    """The cells of one table of the session's report, in the format's printed layout."""

    refused = Signal(str, str)  # cell key, why the input was not stored (Chinese)
    stored = Signal(str)  # a typed figure was stored in this cell
    readOnlyChanged = Signal(bool)  # finalized (True) or reopened (False)

    def __init__(self, session: EditingSession, table_key: str,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.format = session.report.format
        self.table_key = table_key
        self.layout = self.format.layout(table_key)
        self.cells = self.layout.by_key()
        self._anchors = {(c.row, c.col): c for c in self.layout.cells}
        # what data() answers, per grid position and role, filled when Qt first asks and
        # dropped for the cells a change touches: painting a cell asks for ~10 roles, and
        # Python calls are what a view of a Python model pays for
        self._roles: dict[tuple[int, int], dict[int, Any]] = {}
        self._prefix = f"{table_key}/"
        # entered cell → the totals of this table that sum it (what else to redraw)
        self._dependents: dict[str, list[str]] = {}
        for total, parts in self.format.derived_parts.items():
            if total in self.cells:
                for part in parts:
                    self._dependents.setdefault(part, []).append(total)
        self._bold = QFont()
        self._bold.setBold(True)  # only the weight is set: the view's font fills in the rest
        self._values = session.report.parsed()
        self._read_only = session.report.status == STATUS_FINAL
        # locked by the page (table 3 counted from the register): why, and per cell a note
        self._lock: str | None = None
        self._notes: dict[str, str] = {}
        self._severity: dict[str, str] = {}
        self._issue_text: dict[str, tuple[str, ...]] = {}
        self._take_issues()
        unsubscribe = session.subscribe(self._on_change)
        done: list[bool] = []

        def stop() -> None:  # once: by close() or when Qt deletes the model with its view
            if not done:
                done.append(True)
                unsubscribe()

        self._unsubscribe = stop
        self.destroyed.connect(stop)

    # -- reading -------------------------------------------------------------------------------
    @property
    def read_only(self) -> bool:
        return self._read_only or self._lock is not None

    @property
    def read_only_reason(self) -> str:
        """Why typing is refused: the page's lock (按台账统计) or the report being final."""
        return self._lock or FINAL_MESSAGE

    def set_lock(self, reason: str | None, notes: dict[str, str] | None = None) -> None:
        """Make the entered cells read-only for `reason` (None: editable again), with a note
        added to each listed cell's tooltip."""
        self._lock, self._notes = reason, dict(notes or {})
        self._roles.clear()
        for cell in self.cells.values():
            index = self.index(cell.row, cell.col)
            self.dataChanged.emit(index, index)
        self.readOnlyChanged.emit(self.read_only)

    def index_for_key(self, key: str) -> QModelIndex:
        cell = self.cells[key]
        return self.index(cell.row, cell.col)

    def cell_at(self, index: _Index) -> GridCell | None:
        """The layout cell drawn at `index` (None for positions covered by a merged cell)."""
        return self._anchors.get((index.row(), index.column()))

    def text(self, key: str) -> str:
        """What the cell shows: the figure as printed; an invalid entry as it is; "—" for a
        total that cannot be computed because an input is invalid."""
        value = self._values.get(key)
        if value is None:
            if self.cells[key].derived:
                return "—"
            raw = self.session.report.cells.get(key)
            return "" if raw is None else str(raw)
        return self.session.report.figure_text(key, value)

    def severity(self, key: str) -> str | None:
        return self._severity.get(key)

    def tooltip(self, key: str) -> str:
        cell = self.cells[key]
        label = self.format.cell_label(key) + (_DERIVED_NOTE if cell.derived else "")
        tip = "\n".join(t for t in (label, self.format.cell_help(key)) if t)
        if self._lock is not None and not cell.derived:
            tip += "\n" + self._lock
        elif self._read_only and not cell.derived:
            tip += "\n" + _FINAL_NOTE
        if key in self._notes:
            tip += "\n\n" + self._notes[key]
        if key in self._issue_text:
            tip += "\n\n" + "\n".join(self._issue_text[key])
        return tip

    # -- QAbstractTableModel -------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.layout.rows

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self.layout.cols

    def flags(self, index: _Index) -> Qt.ItemFlag:
        roles = self._roles.get((index.row(), index.column()))
        if roles is None:
            roles = self._fill(index.row(), index.column())
        return roles[_FLAGS]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        roles = self._roles.get((index.row(), index.column()))
        if roles is None:
            roles = self._fill(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole and _TIP in roles:
            return self.tooltip(roles[_TIP])  # composed when asked: rarely, and long
        return roles.get(role)

    def _fill(self, row: int, col: int) -> dict[int, Any]:
        """Everything data() and flags() answer for a grid position."""
        cell = self._anchors.get((row, col))
        if cell is None:  # covered by a merged cell: never drawn
            roles: dict[int, Any] = {_FLAGS: Qt.ItemFlag.ItemIsEnabled}
        elif cell.kind == VALUE:
            roles = self._value_roles(cell)
        else:
            roles = {
                _FLAGS: Qt.ItemFlag.ItemIsEnabled,
                Qt.ItemDataRole.DisplayRole: cell.text,
                Qt.ItemDataRole.BackgroundRole: _KIND_BG[cell.kind],
                Qt.ItemDataRole.TextAlignmentRole: _ALIGN_LEFT if cell.align == "left"
                else _ALIGN_CENTER,
                STICKY_ROLE: cell.kind != HEADER and cell.row_span > 1,
            }
            if cell.kind == CLAUSE:
                roles[Qt.ItemDataRole.FontRole] = self._bold
        self._roles[(row, col)] = roles
        return roles

    def _value_roles(self, cell: GridCell) -> dict[int, Any]:
        key = cell.key
        severity = self._severity.get(key)
        if severity:
            background = _SEVERITY_BRUSH.get(severity, _SEVERITY_BRUSH[WARNING])
        elif cell.derived:
            background = _DERIVED_BRUSH
        else:
            background = (_LOCKED_BRUSH if self._lock is not None
                          else _FINAL_BRUSH if self._read_only else _VALUE_BRUSH)
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not (cell.derived or self.read_only):
            flags |= Qt.ItemFlag.ItemIsEditable
        text = self.text(key)
        roles: dict[int, Any] = {
            _FLAGS: flags,
            _TIP: key,
            Qt.ItemDataRole.DisplayRole: text,
            Qt.ItemDataRole.EditRole: text,
            Qt.ItemDataRole.BackgroundRole: background,
            Qt.ItemDataRole.TextAlignmentRole: _ALIGN_LEFT if cell.align == "left"
            else _ALIGN_CENTER,
            Qt.ItemDataRole.AccessibleTextRole: self.format.cell_label(key),
            KEY_ROLE: key,
            SEVERITY_ROLE: severity,
        }
        if cell.derived:
            roles[Qt.ItemDataRole.ForegroundRole] = _DERIVED_FG_BRUSH
        return roles

    def setData(self, index: _Index, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        cell = self.cell_at(index)
        if role != Qt.ItemDataRole.EditRole or cell is None or cell.kind != VALUE:
            return False
        return self.set_text(cell.key, str(value))

    # -- writing -------------------------------------------------------------------------------
    def set_text(self, key: str, text: str) -> bool:
        """Normalise what was typed into cell `key` and store it through the session, or
        refuse it (`refused` says why; the cell keeps its value). True if the cell now holds
        what was typed."""
        cell = self.cells[key]
        if cell.derived:
            self.refused.emit(key, DERIVED_MESSAGE)
            return False
        if self.read_only:
            self.refused.emit(key, self.read_only_reason)
            return False
        old = self.text(key)
        if text.strip() == old.strip() and self._values.get(key) is not None:
            return True  # unchanged: no save, no undo step
        try:
            value = normalize_number_input(text, money=cell.money,
                                           decimals=self.format.money_decimals)
        except NumberInputError as exc:
            self.refused.emit(key, f"{self.format.cell_label(key)}：{exc}"
                                   f"（已保留原来的 {old or '空白'}）")
            return False
        if not self.write({key: value}):
            return False
        self.stored.emit(key)
        return True

    def write(self, values: dict[str, Any]) -> bool:
        """Normalised figures of entered cells, as one change of the session (one save, one
        undo step); False with `refused` when the report is final."""
        try:
            self.session.set_cells(values)
        except ReportLocked as exc:
            self.refused.emit(next(iter(values), ""), str(exc))
            return False
        return True

    # -- observing the session -----------------------------------------------------------------
    def _on_change(self, change: Change) -> None:
        touched: set[str] = set()
        if change.path == "status":
            read_only = self.session.report.status == STATUS_FINAL
            if read_only != self._read_only:
                self._read_only = read_only
                touched.update(self.cells)  # flags, colour and tooltip of every value cell
        elif change.path.startswith("cells"):
            for key in change.cell_keys:
                if key.startswith(self._prefix):
                    touched.add(key)
                    touched.update(self._dependents.get(key, ()))
            if touched:  # the figures of other tables cannot change this table's
                self._values = self.session.report.parsed()
        touched |= self._take_issues()
        for key in touched:
            cell = self.cells[key]
            self._roles.pop((cell.row, cell.col), None)
            index = self.index(cell.row, cell.col)
            # one index at a time: a range would make the views repaint their whole viewport
            self.dataChanged.emit(index, index)
        if change.path == "status" and touched:
            self.readOnlyChanged.emit(self.read_only)

    def _take_issues(self) -> set[str]:
        """Read the session's issues for this table; the keys whose highlight or messages
        changed."""
        severity: dict[str, str] = {}
        texts: dict[str, list[str]] = {}
        for issue in self.session.issues:
            # an issue is shown where it is fixed: a figure quoted in a text is fixed in the
            # text (its first cell), so it does not highlight the table
            if not issue.cells or not issue.cells[0].startswith(self._prefix):
                continue
            mark = "✖" if issue.severity == ERROR else "▲"
            for key in issue.cells:
                if key in self.cells:
                    if severity.get(key) != ERROR:
                        severity[key] = issue.severity
                    texts.setdefault(key, []).append(f"{mark} {issue.message}")
        issue_text = {k: tuple(v) for k, v in texts.items()}
        changed = {k for k in set(severity) | set(self._severity)
                   if severity.get(k) != self._severity.get(k)}
        changed |= {k for k in set(issue_text) | set(self._issue_text)
                    if issue_text.get(k) != self._issue_text.get(k)}
        self._severity, self._issue_text = severity, issue_text
        return changed

    def close(self) -> None:
        """Stop observing the session (the model is done with)."""
        self._unsubscribe()
