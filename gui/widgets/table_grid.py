"""A statistics table of the report as a spreadsheet-like grid in the official printed layout.

    grid = TableGrid(report.format.table_by_key["requests"], report)
    grid.messageChanged.connect(label.setText)   # why an input or a paste was refused
    grid.set_issues(issues)                      # highlight cells named in validation issues

Merged header and label cells come from `grid_layout`; every edit is normalised by
`core.textclean.normalize_number_input` and written with `Report.set_cell` — or refused on the
spot (old value kept, reason in `messageChanged` and a tooltip at the cell; never a dialog).
Derived cells are read-only, grey and re-read from `Report.parsed()` after every change.
Keys: arrows move between value cells, Enter / Tab go to the next editable cell, typing
replaces, F2 / double-click edit, Delete sets 0, Ctrl+C / Ctrl+V exchange TSV with Excel / WPS.
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QSizePolicy,
    QTableWidgetItem,
    QToolTip,
    QWidget,
)

from core.formats.layout import CLAUSE, HEADER, VALUE, GridCell
from core.formats.spec import TableSpec
from core.model import STATUS_FINAL, Report, ReportLocked
from core.textclean import NumberInputError, normalize_number_input
from core.validation import ERROR, WARNING, Issue
from gui.widgets import grid_clipboard as clip
from gui.widgets.grid_delegate import KEY_ROLE, SEVERITY_ROLE, STICKY_ROLE, GridDelegate
from gui.widgets.grid_geometry import GRID_LINE, FrozenHeader
from gui.widgets.grid_navigation import GridNavigation
from gui.widgets.grid_undo import EditHistory
from gui.widgets.issue_list import ERROR_BG, WARNING_BG

HEADER_BG = QColor("#e4ebf3")
CLAUSE_BG = QColor("#eef2f7")
LABEL_BG = QColor("#f7f9fb")
DERIVED_BG = QColor("#e4e4e4")
DERIVED_FG = QColor("#424242")
VALUE_BG = QColor("#ffffff")
FINAL_BG = QColor("#f7f7f7")
_SEVERITY_BG = {ERROR: ERROR_BG, WARNING: WARNING_BG}
_FINAL_MESSAGE = "报告已定稿，不能修改；如需修改请先“重新打开”。"


class TableGrid(GridNavigation):
    """One table of the report's format as an editable grid. See the module docstring."""

    messageChanged = Signal(str)  # a refused input / paste, a paste note (Chinese), or ""

    def __init__(self, table: TableSpec, report: Report,
                 parent: QWidget | None = None) -> None:
        self.grid_layout = report.format.layout(table.key)
        self.format = report.format
        super().__init__(self.grid_layout.rows, self.grid_layout.cols, parent)
        self.table = table
        self.report: Report | None = None
        self.message = ""
        self.last_commit_ok = True
        self.typing_over = False  # the open editor was started by typing: arrows then move
        self._frozen = None
        self._batch = False
        self._severity: dict[str, str] = {}
        self._issue_text: dict[str, list[str]] = {}
        self._items: dict[str, QTableWidgetItem] = {}
        self._tips: dict[str, str] = {}
        # what the items show, to touch only what changed
        self._shown_text: dict[str, str] = {}
        self._shown_state: dict[str, tuple] = {}
        self._shown_read_only: bool | None = None
        self._refreshed = False
        self.history = EditHistory()
        self._cells = self.grid_layout.by_key()
        self._value_cells = self.grid_layout.value_cells()
        self._editable = [c for c in self._value_cells if not c.derived]
        self._setup()
        self._build()
        if self.grid_layout.header_rows:
            self._frozen = FrozenHeader(self)
        if report is not None:
            self.set_report(report)

    # -- building ----------------------------------------------------------------------------
    def _setup(self) -> None:
        font = QFont(self.font())
        if font.pointSizeF() > 9.5:
            font.setPointSizeF(9.5)  # compact: table 3 must fit about 1000 px
        self.setFont(font)
        self.setItemDelegate(GridDelegate(self))
        self.setWordWrap(True)
        self.setTextElideMode(Qt.TextElideMode.ElideNone)
        for header in (self.horizontalHeader(), self.verticalHeader()):
            header.hide()
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setTabKeyNavigation(True)
        self.setCornerButtonEnabled(False)
        self.setStyleSheet(f"QTableWidget {{ gridline-color: {GRID_LINE}; }}"
                           "QTableWidget::item:selected { background: #cfe3fa; color: #000; }")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.setAccessibleName(self.format.section_by_key[self.table.key].heading)
        # labels merged over many rows re-centre their text in the visible part when scrolling
        self.verticalScrollBar().valueChanged.connect(self.viewport().update)

    def _build(self) -> None:
        for cell in self.grid_layout.cells:
            if cell.row_span > 1 or cell.col_span > 1:
                self.setSpan(cell.row, cell.col, cell.row_span, cell.col_span)
            item = QTableWidgetItem()
            if cell.kind == VALUE:
                label = self.format.cell_label(cell.key)
                item.setData(KEY_ROLE, cell.key)
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setData(Qt.ItemDataRole.AccessibleTextRole, label)
                if cell.derived:
                    item.setForeground(QBrush(DERIVED_FG))
                self._items[cell.key] = item
                self._tips[cell.key] = "\n".join(
                    t for t in (label + ("（自动计算，不能填写）" if cell.derived else ""),
                                self.format.cell_help(cell.key)) if t)
            else:
                item.setText(cell.text)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled)
                left = cell.kind == CLAUSE or (cell.kind != HEADER and cell.row_span == 1)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                                      if left else Qt.AlignmentFlag.AlignCenter)
                item.setBackground(QBrush({HEADER: HEADER_BG, CLAUSE: CLAUSE_BG}.get(
                    cell.kind, LABEL_BG)))
                if cell.kind != HEADER and cell.row_span > 1:
                    item.setData(STICKY_ROLE, True)
                if cell.kind == CLAUSE:
                    bold = QFont(self.font())
                    bold.setBold(True)
                    item.setFont(bold)
            self.setItem(cell.row, cell.col, item)

    # -- the report --------------------------------------------------------------------------
    def set_report(self, report: Report) -> None:
        self.report = report
        self.refresh()

    @property
    def read_only(self) -> bool:
        return self.report is None or self.report.status == STATUS_FINAL

    def refresh(self) -> None:
        """Re-read every value (entered and derived) and the read-only state from the report.
        Only what changed is touched (this runs after every keystroke that changes a value)."""
        if self.report is None or self._batch:
            return
        self._refreshed = True
        values = self.report.parsed()
        read_only = self.read_only
        if read_only != self._shown_read_only:
            self._shown_read_only = read_only
            E = QAbstractItemView.EditTrigger  # noqa: N806
            self.setEditTriggers(E.NoEditTriggers if read_only else
                                 E.AnyKeyPressed | E.DoubleClicked | E.EditKeyPressed)
            for cell in self._value_cells:
                flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
                if not (cell.derived or read_only):
                    flags |= Qt.ItemFlag.ItemIsEditable
                self._items[cell.key].setFlags(flags)
        for cell in self._value_cells:
            text = self._display_text(cell, values)
            if self._shown_text.get(cell.key) != text:
                self._shown_text[cell.key] = text
                self._items[cell.key].setText(text)
            self._paint_state(cell)

    def _display_text(self, cell: GridCell, values: dict) -> str:
        assert self.report is not None
        value = values.get(cell.key)
        if value is None:
            if cell.derived:
                return "—"  # an input it depends on is invalid
            raw = self.report.cells.get(cell.key)
            return "" if raw is None else str(raw)  # invalid value from a file, as it is
        return self.report.figure_text(cell.key, value)

    # -- issues ------------------------------------------------------------------------------
    def set_issues(self, issues: list[Issue]) -> None:
        """Highlight the cells of this table named in `issues`; tooltips list the messages."""
        severity: dict[str, str] = {}
        texts: dict[str, list[str]] = {}
        for issue in issues:
            for key in issue.cells:
                if key in self._items:
                    if severity.get(key) != ERROR:
                        severity[key] = issue.severity
                    mark = "✖" if issue.severity == ERROR else "▲"
                    texts.setdefault(key, []).append(f"{mark} {issue.message}")
        changed = set(severity) | set(self._severity)
        self._severity, self._issue_text = severity, texts
        for key in changed:
            self._paint_state(self._cells[key])

    def severity_of(self, key: str) -> str | None:
        """ERROR / WARNING if the cell is highlighted, else None."""
        return self._severity.get(key)

    def _paint_state(self, cell: GridCell) -> None:
        severity = self._severity.get(cell.key)
        read_only = self.read_only
        state = (severity, read_only, tuple(self._issue_text.get(cell.key, ())))
        if self._shown_state.get(cell.key) == state:
            return
        self._shown_state[cell.key] = state
        item = self._items[cell.key]
        if severity:
            bg = _SEVERITY_BG.get(severity, WARNING_BG)
        elif cell.derived:
            bg = DERIVED_BG
        else:
            bg = FINAL_BG if read_only else VALUE_BG
        item.setBackground(QBrush(bg))
        item.setData(SEVERITY_ROLE, severity)
        tip = self._tips[cell.key]
        if read_only and not cell.derived:
            tip += "\n（报告已定稿，不能修改）"
        if cell.key in self._issue_text:
            tip += "\n\n" + "\n".join(self._issue_text[cell.key])
        item.setToolTip(tip)

    # -- entering values ---------------------------------------------------------------------
    def commit_text(self, key: str, text: str) -> bool:
        """Normalise what was typed into cell `key` and store it, or refuse it with a reason
        (the cell keeps its value). Sets `last_commit_ok`."""
        cell = self._cells[key]
        self.last_commit_ok = False
        if self.report is None or cell.derived:
            return False
        if self.read_only:
            self._refuse(cell, _FINAL_MESSAGE)
            return False
        old = self._items[key].text()
        if text.strip() == old.strip() and self.report.parsed().get(key) is not None:
            self.last_commit_ok = True  # unchanged
            return True
        try:
            value = normalize_number_input(text, money=cell.money)
        except NumberInputError as exc:
            self._refuse(cell, f"{self.format.cell_label(key)}：{exc}（已保留原来的 {old or '空白'}）")
            return False
        if not self._store({key: value}):
            return False
        self.last_commit_ok = True
        self.set_message("")
        return True

    def flush_editor(self) -> None:
        """Commit and close an open cell editor (e.g. before the page is left)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.indexWidget(self.currentIndex())
        if editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def _store(self, values: dict[str, object], *, undoable: bool = True) -> bool:
        """Write through the report, one refresh at the end; remember it for Ctrl+Z."""
        assert self.report is not None
        cells = self.report.cells
        before = {k: cells.get(k) for k, v in values.items()
                  if cells.get(k) != v or type(cells.get(k)) is not type(v)}
        self._batch = len(values) > 1
        self._refreshed = False
        try:
            self.report.set_cells(values)  # one notification, one save, one history entry
        except ReportLocked as exc:
            self.set_message(str(exc))
            return False
        finally:
            self._batch = False
            if not self._refreshed:  # a page observing the session has refreshed already
                self.refresh()
        if undoable and before:
            self.history.record(before, {k: values[k] for k in before})
        return True

    def replay(self, step: tuple[dict, dict] | None, what: str) -> bool:
        """Apply an undo/redo step: the figures are written (and saved) like any edit."""
        if step is None or self.read_only:
            return False
        figures, _ = step
        if not self._store(figures, undoable=False):
            return False
        self.focus_key(next(iter(figures)))
        self.set_message(f"已{what} {len(figures)} 个数字的修改。")
        return True

    def _refuse(self, cell: GridCell, reason: str) -> None:
        self.set_message(reason)
        rect = self.visualItemRect(self._items[cell.key])
        pos = self.viewport().mapToGlobal(rect.bottomLeft() + QPoint(0, 2))
        QToolTip.showText(pos, reason, self.viewport(), QRect(), 6000)

    def set_message(self, text: str) -> None:
        if text != self.message:
            self.message = text
            self.messageChanged.emit(text)

    def paste_text(self, text: str) -> bool:
        """Paste a tab/newline separated block from the current cell: all or nothing.
        One value pasted into a selection of several cells fills them all."""
        start = self._current_cell()
        if start is None:
            self.set_message("请先选中要粘贴到的那一格（左上角）。")
            return False
        if self.read_only:
            self._refuse(start, _FINAL_MESSAGE)
            return False
        assert self.report is not None
        block = clip.parse_tsv(text)
        targets = self._selected_editable()
        try:
            if len(block) == 1 and len(block[0]) == 1 and len(targets) > 1:
                plan = clip.PastePlan()
                for cell in targets:
                    plan.values.update(clip.plan_paste(
                        self.grid_layout, self.report, (cell.row, cell.col), block).values)
            else:
                plan = clip.plan_paste(self.grid_layout, self.report, (start.row, start.col),
                                       block)
        except clip.PasteRefused as exc:
            self._refuse(start, str(exc))
            return False
        if not self._store(plan.values):
            return False
        self.set_message(plan.note)
        return True

    def clear_selected(self) -> bool:
        """Delete: the selected editable cells (or the current one) become 0."""
        cells = self._selected_editable()
        if not cells:
            return False
        if self.read_only:
            self._refuse(cells[0], _FINAL_MESSAGE)
            return False
        values = {c.key: normalize_number_input("0", money=c.money) for c in cells}
        return self._store(values)

    def copy_text(self) -> str:
        """The selection (or the current cell) as tab-separated text, Excel-style."""
        positions = {(i.row(), i.column()) for i in self.selectedIndexes()}
        if not positions and self._current_cell() is not None:
            positions = {(self.currentRow(), self.currentColumn())}
        rows = sorted({r for r, _ in positions})
        cols = sorted({c for _, c in positions})
        return clip.to_tsv([[self.item(r, c).text() if (r, c) in positions else ""
                             for c in cols] for r in rows]) if positions else ""

    def _selected_editable(self) -> list[GridCell]:
        keys = {i.data(KEY_ROLE) for i in self.selectedIndexes()}
        current = self._current_cell()
        if not keys and current is not None:
            keys = {current.key}
        return [c for c in self._editable if c.key in keys]

    # QAbstractItemView repaints the whole viewport on every focus change, i.e. twice for each
    # figure typed (the cell editor takes the focus, then gives it back): ~10 ms per repaint
    # of table 3. Do what it does, but repaint only the cells whose look depends on focus.
    def focusInEvent(self, event) -> None:  # noqa: N802 — Qt's name
        QWidget.focusInEvent(self, event)
        index = self.currentIndex()
        if not index.isValid() and event.reason() != Qt.FocusReason.MouseFocusReason:
            first = self.moveCursor(QAbstractItemView.CursorAction.MoveNext,
                                    Qt.KeyboardModifier.NoModifier)
            if first.isValid():
                self.selectionModel().setCurrentIndex(
                    first, self.selectionModel().SelectionFlag.NoUpdate)
                index = first
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled,
                          index.isValid() and bool(index.flags() & Qt.ItemFlag.ItemIsEditable))
        self._update_focus_cells()

    def focusOutEvent(self, event) -> None:  # noqa: N802 — Qt's name
        QWidget.focusOutEvent(self, event)
        self._update_focus_cells()

    def _update_focus_cells(self) -> None:
        indexes = set(self.selectedIndexes())
        if self.currentIndex().isValid():
            indexes.add(self.currentIndex())
        for index in indexes:
            self.viewport().update(self.visualRect(index))

    def keyPressEvent(self, event) -> None:  # noqa: N802 — Qt's name
        if self.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Undo):
                if not self.read_only:
                    self.replay(self.history.undo_step(), "撤销")
                return
            if event.matches(QKeySequence.StandardKey.Redo):
                if not self.read_only:
                    self.replay(self.history.redo_step(), "重做")
                return
        if self.read_only and event.text().strip() and not event.modifiers() & ~(
                Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier):
            self.set_message(_FINAL_MESSAGE)  # typing does nothing: say why
            return
        if self.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Copy):
                QGuiApplication.clipboard().setText(self.copy_text())
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self.paste_text(QGuiApplication.clipboard().text())
                return
            if event.key() == Qt.Key.Key_Delete and not event.modifiers():
                self.clear_selected()
                return
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                shift = event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                self.move_to("prev" if shift else "next")
                return
        super().keyPressEvent(event)

    def _context_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        clipboard = QGuiApplication.clipboard()
        entries = (
            ("复制", QKeySequence.StandardKey.Copy, lambda: clipboard.setText(self.copy_text()),
             True),
            ("粘贴（从 Excel / WPS 复制的数字）", QKeySequence.StandardKey.Paste,
             lambda: self.paste_text(clipboard.text()), not self.read_only),
            ("清零", QKeySequence.StandardKey.Delete, self.clear_selected, not self.read_only),
        )
        for text, shortcut, slot, enabled in entries:
            action = menu.addAction(text)
            action.setShortcut(QKeySequence(shortcut))
            action.setEnabled(enabled)
            action.triggered.connect(slot)
        menu.exec(self.viewport().mapToGlobal(pos))
