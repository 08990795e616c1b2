"""Finding and moving in the statistics grid: arrows between value cells, Enter / Tab to the
next editable cell (reading order, derived cells skipped), Tab out of the grid after the last
one, typing — including a Chinese input method's commit — over the current cell."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

from core.formats.layout import VALUE, GridCell
from gui.widgets.grid_geometry import GridGeometry
from gui.widgets.table_model import ReportTableModel


class GridNavigation(GridGeometry):
    """Navigation behaviour of `TableGrid`."""

    _cells: dict[str, GridCell]
    typing_over: bool

    def table_model(self) -> ReportTableModel:
        model = self.model()
        assert isinstance(model, ReportTableModel)
        return model

    def _current_cell(self) -> GridCell | None:
        index = self.currentIndex()
        cell = self.grid_layout.at(index.row(), index.column()) if index.isValid() else None
        return cell if cell is not None and cell.kind == VALUE else None

    def _set_current(self, row: int, col: int) -> None:
        # Select just this cell: setCurrentIndex would read the keys still held (Ctrl of
        # Ctrl+Z, Shift of Shift+Tab) as "add to / extend the selection"
        flag = self.selectionModel().SelectionFlag.ClearAndSelect
        self.selectionModel().setCurrentIndex(self.model().index(row, col), flag)

    # -- finding and moving ------------------------------------------------------------------
    def focus_key(self, key: str) -> bool:
        """Select the cell of `key`, scroll to it and give the grid focus."""
        cell = self._cells.get(key)
        if cell is None:
            return False
        self._set_current(cell.row, cell.col)
        self.scrollTo(self.currentIndex(), QAbstractItemView.ScrollHint.EnsureVisible)
        self.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def index_for_key(self, key: str) -> QModelIndex:
        return self.table_model().index_for_key(key)

    def text_of(self, key: str) -> str:
        """What the cell of `key` shows (the model's display text)."""
        return str(self.index_for_key(key).data(Qt.ItemDataRole.DisplayRole))

    def current_key(self) -> str | None:
        cell = self._current_cell()
        return cell.key if cell else None

    def find_label(self, text: str) -> QModelIndex | None:
        """The header or label cell showing exactly `text`."""
        for cell in self.grid_layout.cells:
            if cell.kind != VALUE and cell.text == text:
                return self.model().index(cell.row, cell.col)
        return None

    def move_to(self, direction: str) -> None:
        """"next"/"prev" (editable cells, reading order) or "up"/"down"/"left"/"right"."""
        index = self.currentIndex()
        target = self.grid_layout.neighbor(index.row(), index.column(), direction)
        if target is not None:
            self._set_current(target.row, target.col)

    def moveCursor(self, action, modifiers) -> QModelIndex:  # noqa: N802 — Qt's name
        act = QAbstractItemView.CursorAction
        direction = {act.MoveNext: "next", act.MovePrevious: "prev", act.MoveUp: "up",
                     act.MoveDown: "down", act.MoveLeft: "left", act.MoveRight: "right"}.get(action)
        if direction is None:
            return super().moveCursor(action, modifiers)
        current = self.currentIndex()
        target = self.grid_layout.neighbor(current.row(), current.column(), direction)
        if target is None:
            # Tab past the last cell leaves the grid (no keyboard trap); arrows stay.
            return QModelIndex() if direction in ("next", "prev") else self.currentIndex()
        return self.model().index(target.row, target.col)

    def edit(self, index, trigger=None, event=None):  # QAbstractItemView.edit, both overloads
        if trigger is None:
            return super().edit(index)
        started = super().edit(index, trigger, event)
        if started:
            self.typing_over = trigger == QAbstractItemView.EditTrigger.AnyKeyPressed
        return started

    def inputMethodEvent(self, event) -> None:  # noqa: N802 — Qt's name
        """A Chinese input method (digits in full-width mode, or a composition) types over the
        cell as a key press does. Qt opens the editor but drops the event's text; forward it."""
        index = self.currentIndex()
        if (self.state() == QAbstractItemView.State.EditingState or self.table_model().read_only
                or not (event.commitString() or event.preeditString())
                or not index.flags() & Qt.ItemFlag.ItemIsEditable):
            super().inputMethodEvent(event)
            return
        if self.edit(index, QAbstractItemView.EditTrigger.AnyKeyPressed, None):
            editor = self.indexWidget(index)
            if isinstance(editor, QLineEdit):
                editor.clear()
                QApplication.sendEvent(editor, event)
        event.accept()

