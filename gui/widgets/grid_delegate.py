"""Editing and painting of the statistics grid's value cells.

`setModelData` hands the typed text to the model (`ReportTableModel.setData`), which normalises
it with the core and writes it through the editing session, or refuses it. Enter / Tab / (while
typing over a cell) the arrow keys commit and, if the figure was taken, ask the view to move on
(`moveRequested`), spreadsheet-style. The delegate knows its view only through `GridHost`.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractScrollArea,
    QApplication,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from core.validation import ERROR, WARNING
from gui.widgets.issue_list import ERROR_COLOR, WARNING_COLOR
from gui.widgets.table_model import SEVERITY_ROLE, STICKY_ROLE

_MOVES = {
    Qt.Key.Key_Up: "up", Qt.Key.Key_Down: "down",
    Qt.Key.Key_Left: "left", Qt.Key.Key_Right: "right",
}
_Index = QModelIndex | QPersistentModelIndex
FOCUS_COLOR = QColor("#1a73e8")  # as gui/app.py's focus ring
_BORDER = {ERROR: QColor(ERROR_COLOR), WARNING: QColor(WARNING_COLOR)}


class GridHost(Protocol):
    """What the delegate asks of its view."""

    typing_over: bool  # the open editor was started by typing: arrows then commit and move

    def enter_move(self, shift: bool) -> str:
        """Where Enter (Shift+Enter) goes: "down"/"up" like Excel, or "next"/"prev"."""
        ...

    def frozen_top(self) -> int:
        """Height of the header rows frozen over the top of the viewport (0: none)."""
        ...


class GridDelegate(QStyledItemDelegate):
    moveRequested = Signal(str)  # "next", "prev", "up", … after a figure was taken

    def __init__(self, host: GridHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._host = host
        self.last_commit_ok = True

    # -- editing -----------------------------------------------------------------------------
    def createEditor(self, parent: QWidget, option, index: _Index) -> QWidget:  # noqa: N802
        editor = QLineEdit(parent)
        editor.setFrame(False)
        editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
        editor.setInputMethodHints(Qt.InputMethodHint.ImhPreferNumbers)
        editor.setAccessibleName(index.data(Qt.ItemDataRole.AccessibleTextRole) or "")
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:  # noqa: N802
        if isinstance(editor, QLineEdit) and not editor.isModified():
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,  # noqa: N802
                     index: _Index) -> None:
        self.last_commit_ok = isinstance(editor, QLineEdit) and model.setData(
            index, editor.text(), Qt.ItemDataRole.EditRole)

    def eventFilter(self, editor: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.KeyPress and isinstance(editor, QLineEdit):
            assert isinstance(event, QKeyEvent)
            move = self._move_for(event)
            if move is not None:
                self.commitData.emit(editor)
                ok = self.last_commit_ok
                hint = (QAbstractItemDelegate.EndEditHint.NoHint if ok
                        else QAbstractItemDelegate.EndEditHint.RevertModelCache)
                self.closeEditor.emit(editor, hint)
                if ok:
                    self.moveRequested.emit(move)
                return True
        return super().eventFilter(editor, event)

    def _move_for(self, event: QKeyEvent) -> str | None:
        key = event.key()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return self._host.enter_move(shift)
        if key == Qt.Key.Key_Tab:
            return "prev" if shift else "next"
        if key == Qt.Key.Key_Backtab:
            return "prev"
        if key in _MOVES and self._host.typing_over:
            return _MOVES[Qt.Key(key)]
        return None

    # -- painting ----------------------------------------------------------------------------
    def paint(self, painter: QPainter, option, index: _Index) -> None:
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
        if option.state & QStyle.StateFlag.State_HasFocus:  # the focus ring: the current cell
            painter.save()
            pen = QPen(FOCUS_COLOR)
            pen.setWidth(2)
            painter.setPen(pen)
            painter.drawRect(option.rect.adjusted(1, 1, -1, -1))
            painter.restore()

    def _paint_sticky(self, painter: QPainter, option, index: _Index) -> None:
        """A label merged over many rows (三、本年度办理结果, （三）不予公开): its text is centred
        in the part of the cell that is visible, so it stays readable while the rows scroll."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        visible = QRect(option.rect)
        if isinstance(opt.widget, QAbstractScrollArea):
            area = opt.widget.viewport().rect()
            area.setTop(self._host.frozen_top())
            visible = visible.intersected(area)
        painter.save()
        painter.setPen(opt.palette.color(QPalette.ColorRole.Text))
        painter.drawText(visible.adjusted(3, 2, -3, -2),
                         int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap), text)
        painter.restore()
