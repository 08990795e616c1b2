"""A statistics table of the report as a spreadsheet-like grid in the official printed layout:
a view of the report (`ReportTableModel`), holding no copy of any figure.

    grid = TableGrid(session, "requests")
    grid.messageChanged.connect(label.setText)   # why an input or a paste was refused

Merged header and label cells come from the format's `GridLayout`; every edit is normalised by
`core.textclean.normalize_number_input` and written through the editing session — or refused on
the spot (old value kept, reason in `messageChanged` and a tooltip at the cell; never a dialog).
Derived cells are read-only and grey; the model redraws what each change touched, whoever made
it. Keys: arrows move between value cells, Enter moves down like Excel (or to the next editable
cell: a setting in the context menu), Tab goes to the next editable cell, typing
replaces, F2 / double-click edit, Delete sets 0, Ctrl+C / Ctrl+V exchange TSV with Excel / WPS,
Ctrl+Z / Ctrl+Y undo and redo the session's last cell change (wherever it was made).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPoint, QRect, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QMenu,
    QSizePolicy,
    QToolTip,
    QWidget,
)

from core.formats.layout import GridCell
from core.session import EditingSession
from core.storage import StorageError
from core.textclean import normalize_number_input
from gui.widgets import grid_clipboard as clip
from gui.widgets.grid_delegate import GridDelegate
from gui.widgets.grid_geometry import GRID_LINE, FrozenHeader
from gui.widgets.grid_navigation import GridNavigation
from gui.widgets.table_model import DERIVED_MESSAGE, KEY_ROLE, ReportTableModel

_EDIT = QAbstractItemView.EditTrigger
ENTER_SETTING = "grid/enter_moves"  # "down" (like Excel, the default) or "right"
ENTER_RIGHT_TEXT = "按 Enter 后移到右边一格（不勾选则移到下一行）"


class TableGrid(GridNavigation):
    """One table of the report's format as an editable grid. See the module docstring."""

    messageChanged = Signal(str)  # a refused input / paste, a paste note (Chinese), or ""

    def __init__(self, session: EditingSession, table_key: str,
                 parent: QWidget | None = None) -> None:
        self.session = session
        self.format = session.report.format
        self.grid_layout = self.format.layout(table_key)
        super().__init__(parent)
        self.table = self.format.table_by_key[table_key]
        self.message = ""
        self.message_is_notice = False  # the message says what happened, not what was refused
        self.typing_over = False  # the open editor was started by typing: arrows then move
        self._frozen: FrozenHeader | None = None
        self._cells = self.grid_layout.by_key()
        self._editable = [c for c in self.grid_layout.value_cells() if not c.derived]
        model = ReportTableModel(session, table_key, self)
        model.refused.connect(self._refused)
        model.stored.connect(lambda _key: self.set_message(""))
        model.readOnlyChanged.connect(self._read_only_changed)
        self.setModel(model)
        for cell in self.grid_layout.cells:
            if cell.row_span > 1 or cell.col_span > 1:
                self.setSpan(cell.row, cell.col, cell.row_span, cell.col_span)
        self._setup()
        if self.grid_layout.header_rows:
            self._frozen = FrozenHeader(self)
        self._read_only_changed(model.read_only)

    # -- building ----------------------------------------------------------------------------
    def _setup(self) -> None:
        font = QFont(self.font())
        if font.pointSizeF() > 9.5:
            font.setPointSizeF(9.5)  # compact: table 3 must fit about 1000 px
        self.setFont(font)
        delegate = GridDelegate(self, self)
        delegate.moveRequested.connect(self.move_to)
        self.setItemDelegate(delegate)
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
        self.setStyleSheet(f"QTableView {{ gridline-color: {GRID_LINE}; }}"
                           "QTableView::item:selected { background: #cfe3fa; color: #000; }")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._context_menu)
        self.setAccessibleName(self.format.section_by_key[self.table.key].heading)
        # labels merged over many rows re-centre their text in the visible part when scrolling
        self.verticalScrollBar().valueChanged.connect(self.viewport().update)

    # -- the report --------------------------------------------------------------------------
    @property
    def report(self) -> Any:
        return self.session.report

    @property
    def read_only(self) -> bool:
        return self.table_model().read_only

    def _read_only_changed(self, read_only: bool) -> None:
        self.setEditTriggers(_EDIT.NoEditTriggers if read_only else
                             _EDIT.AnyKeyPressed | _EDIT.DoubleClicked | _EDIT.EditKeyPressed)

    def severity_of(self, key: str) -> str | None:
        """ERROR / WARNING if the cell is highlighted, else None."""
        return self.table_model().severity(key)

    # -- entering values ---------------------------------------------------------------------
    def commit_text(self, key: str, text: str) -> bool:
        """Normalise what was typed into cell `key` and store it, or refuse it with a reason
        (the cell keeps its value)."""
        return self.table_model().set_text(key, text)

    def flush_editor(self) -> None:
        """Commit and close an open cell editor (e.g. before the page is left)."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.indexWidget(self.currentIndex())
        if editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def _refused(self, key: str, reason: str) -> None:
        self.set_message(reason)
        cell = self._cells.get(key) or self._current_cell()
        if cell is None:
            return
        rect = self.visualRect(self.model().index(cell.row, cell.col))
        pos = self.viewport().mapToGlobal(rect.bottomLeft() + QPoint(0, 2))
        QToolTip.showText(pos, reason, self.viewport(), QRect(), 6000)

    def set_message(self, text: str, notice: bool = False) -> None:
        """A refusal (red under the grid) or, with `notice`, what happened (neutral)."""
        if text != self.message or notice != self.message_is_notice:
            self.message, self.message_is_notice = text, notice
            self.messageChanged.emit(text)

    # -- where Enter goes ----------------------------------------------------------------------
    @property
    def enter_moves_right(self) -> bool:
        """Enter goes to the next editable cell to the right (else down, like Excel). Read
        from the database each time: every grid of every open page follows a change at once."""
        try:
            return self.session.db.get_setting(ENTER_SETTING, "down") == "right"
        except StorageError:
            return False

    def set_enter_moves_right(self, right: bool) -> None:
        try:
            self.session.db.set_setting(ENTER_SETTING, "right" if right else "down")
        except StorageError as exc:
            self.set_message(f"未能保存设置：{exc}")

    def enter_move(self, shift: bool) -> str:
        along = "prev" if shift else "next"
        if self.enter_moves_right:
            return along
        vertical = "up" if shift else "down"
        index = self.currentIndex()
        # in the last row (table 四 has only one) Enter goes on along it, not nowhere
        if index.isValid() and self.grid_layout.neighbor(index.row(), index.column(),
                                                         vertical) is None:
            return along
        return vertical

    def undo(self, redo: bool = False) -> bool:
        """Ctrl+Z / Ctrl+Y: the session's last cell change is undone (or redone), wherever it
        was made; saved like any edit. The message line says what was undone."""
        if self.read_only:
            self.set_message(self.table_model().read_only_reason)
            return False
        figures = self.session.redo() if redo else self.session.undo()
        what = "重做" if redo else "撤销"
        if figures is None:
            self.set_message(f"没有可以{what}的修改。", notice=True)
            return False
        here = [k for k in figures if k in self._cells]
        if here:
            self.focus_key(here[0])
        self.set_message(f"已{what} {len(figures)} 个数字的修改。", notice=True)
        return True

    def paste_text(self, text: str) -> bool:
        """Paste a tab/newline separated block from the current cell: all or nothing.
        One value pasted into a selection of several cells fills them all."""
        start = self._current_cell()
        if start is None:
            self.set_message("请先选中要粘贴到的那一格（左上角）。")
            return False
        if self.read_only:
            self._refused(start.key, self.table_model().read_only_reason)
            return False
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
            self._refused(start.key, str(exc))
            return False
        if not self.table_model().write(plan.values):  # one save, one undo step
            return False
        self.set_message(plan.note, notice=True)
        return True

    def clear_selected(self) -> bool:
        """Delete: the selected editable cells (or the current one) become 0."""
        cells = self._selected_editable()
        if not cells:
            return False
        if self.read_only:
            self._refused(cells[0].key, self.table_model().read_only_reason)
            return False
        values = {c.key: normalize_number_input("0", money=c.money) for c in cells}
        if not self.table_model().write(values):
            return False
        self.set_message("")
        return True

    def copy_text(self) -> str:
        """The selection (or the current cell) as tab-separated text, Excel-style."""
        positions = {(i.row(), i.column()) for i in self.selectedIndexes()}
        current = self._current_cell()
        if not positions and current is not None:
            positions = {(current.row, current.col)}
        rows = sorted({r for r, _ in positions})
        cols = sorted({c for _, c in positions})
        model = self.model()
        return clip.to_tsv([[str(model.index(r, c).data() or "") if (r, c) in positions
                             else "" for c in cols] for r in rows]) if positions else ""

    def _selected_editable(self) -> list[GridCell]:
        keys = {i.data(KEY_ROLE) for i in self.selectedIndexes()}
        current = self._current_cell()
        if not keys and current is not None:
            keys = {current.key}
        return [c for c in self._editable if c.key in keys]

    # QAbstractItemView repaints the whole viewport on every focus change, i.e. twice for each
    # figure typed (the cell editor takes the focus, then gives it back): ~10 ms per repaint
    # of table 3. Do what it does, but repaint only the cells whose look depends on focus.
    def focusInEvent(self, event: QFocusEvent) -> None:  # noqa: N802 — Qt's name
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

    def focusOutEvent(self, event: QFocusEvent) -> None:  # noqa: N802 — Qt's name
        QWidget.focusOutEvent(self, event)
        self._update_focus_cells()

    def _update_focus_cells(self) -> None:
        indexes = set(self.selectedIndexes())
        if self.currentIndex().isValid():
            indexes.add(self.currentIndex())
        for index in indexes:
            self.viewport().update(self.visualRect(index))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 — Qt's name
        if self.state() != QAbstractItemView.State.EditingState:
            if event.matches(QKeySequence.StandardKey.Undo):
                self.undo()
                return
            if event.matches(QKeySequence.StandardKey.Redo):
                self.undo(redo=True)
                return
        if self.read_only and event.text().strip() and not event.modifiers() & ~(
                Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier):
            self.set_message(self.table_model().read_only_reason)  # typing does nothing: say why
            return
        if (self.state() != QAbstractItemView.State.EditingState and event.text().strip()
                and not event.modifiers() & ~(Qt.KeyboardModifier.ShiftModifier
                                              | Qt.KeyboardModifier.KeypadModifier)):
            cell = self._current_cell()
            if cell is not None and cell.derived:
                self._refused(cell.key, DERIVED_MESSAGE)  # typing into 总计 does nothing: why
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
                shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
                self.move_to(self.enter_move(shift))
                return
        super().keyPressEvent(event)

    def inputMethodEvent(self, event) -> None:  # noqa: N802 — Qt's name
        cell = self._current_cell()
        if (cell is not None and cell.derived and event.commitString().strip()
                and self.state() != QAbstractItemView.State.EditingState):
            self._refused(cell.key, DERIVED_MESSAGE)
            event.accept()
            return
        super().inputMethodEvent(event)

    def _context_menu(self, pos: QPoint) -> None:
        self.context_menu().exec(self.viewport().mapToGlobal(pos))

    def context_menu(self) -> QMenu:
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
        menu.addSeparator()
        enter_right = menu.addAction(ENTER_RIGHT_TEXT)
        enter_right.setCheckable(True)
        enter_right.setChecked(self.enter_moves_right)
        enter_right.toggled.connect(self.set_enter_moves_right)
        return menu
