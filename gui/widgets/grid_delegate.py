"""Editing and painting of the statistics grid's value cells.

The delegate never writes into the Qt model: `setModelData` hands the typed text to the grid,
which normalises it with the core and writes it through `Report.set_cell` (or refuses it).
Enter / Tab / (while typing over a cell) the arrow keys commit and move on, spreadsheet-style.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QObject, QRect, Qt
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QApplication,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from core.validation import ERROR, WARNING
from gui.widgets.issue_list import ERROR_COLOR, WARNING_COLOR

if TYPE_CHECKING:
    from gui.widgets.table_grid import TableGrid

KEY_ROLE = Qt.ItemDataRole.UserRole + 1  # the cell key of a value cell
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 2  # ERROR / WARNING / None
STICKY_ROLE = Qt.ItemDataRole.UserRole + 3  # a label merged over many rows: text follows scroll

_MOVES = {
    Qt.Key.Key_Up: "up", Qt.Key.Key_Down: "down",
    Qt.Key.Key_Left: "left", Qt.Key.Key_Right: "right",
}
_BORDER = {ERROR: QColor(ERROR_COLOR), WARNING: QColor(WARNING_COLOR)}


class GridDelegate(QStyledItemDelegate):
    def __init__(self, grid: TableGrid) -> None:
        super().__init__(grid)
        self._grid = grid

    # -- editing -----------------------------------------------------------------------------
    def createEditor(self, parent: QWidget, option, index: QModelIndex) -> QWidget:  # noqa: N802
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor.setInputMethodHints(Qt.InputMethodHint.ImhPreferNumbers)
        editor.setAccessibleName(index.data(Qt.ItemDataRole.AccessibleTextRole) or "")
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex) -> None:  # noqa: N802
        if isinstance(editor, QLineEdit) and not editor.isModified():
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model, index: QModelIndex) -> None:  # noqa: N802
        key = index.data(KEY_ROLE)
        if isinstance(editor, QLineEdit) and key:
            self._grid.commit_text(key, editor.text())

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(editor, QLineEdit):
            assert isinstance(event, QKeyEvent)
            move = self._move_for(event)
            if move is not None:
                self.commitData.emit(editor)
                ok = self._grid.last_commit_ok
                hint = (QAbstractItemDelegate.EndEditHint.NoHint if ok
                        else QAbstractItemDelegate.EndEditHint.RevertModelCache)
                self.closeEditor.emit(editor, hint)
                if ok:
                    self._grid.move_to(move)
                return True
        return super().eventFilter(editor, event)

    def _move_for(self, event: QKeyEvent) -> str | None:
        key = event.key()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab):
            return "prev" if shift else "next"
        if key == Qt.Key.Key_Backtab:
            return "prev"
        if key in _MOVES and self._grid.typing_over:
            return _MOVES[Qt.Key(key)]
        return None

    # -- painting ----------------------------------------------------------------------------
    def paint(self, painter: QPainter, option, index: QModelIndex) -> None:
        if index.data(STICKY_ROLE):
            self._paint_sticky(painter, option, index)
            return
        super().paint(painter, option, index)
        severity = index.data(SEVERITY_ROLE)
        if severity in _BORDER:
            painter.save()
            pen = QPen(_BORDER[severity])
            pen.setWidth(2)
            painter.setPen(pen)
            painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
            painter.restore()

    def _paint_sticky(self, painter: QPainter, option, index: QModelIndex) -> None:
        """A label merged over many rows (三、本年度办理结果, （三）不予公开): its text is centred
        in the part of the cell that is visible, so it stays readable while the rows scroll."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        visible = QRect(option.rect)
        if opt.widget is not None:
            area = opt.widget.viewport().rect()
            area.setTop(self._grid.header_height() if self._grid.has_frozen_header() else 0)
            visible = visible.intersected(area)
        painter.save()
        painter.setPen(opt.palette.color(QPalette.ColorRole.Text))
        painter.drawText(visible.adjusted(3, 2, -3, -2),
                         int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), text)
        painter.restore()
