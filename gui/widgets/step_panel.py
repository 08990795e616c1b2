"""The wizard's side panel: every step of the report's format with its state (未填写 / 无问题 / 有提示 / 有错误);
choosing one (click, or Enter) asks the wizard to go there."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from core.wizard import (
    COMPLETE,
    EMPTY,
    ERRORS,
    STATE_LABELS,
    WARNINGS,
    StepDef,
    StepState,
)

STATE_COLORS = {EMPTY: "#9e9e9e", COMPLETE: "#2e7d32", WARNINGS: "#e08a00",
                ERRORS: "#c62828"}
_MARKS = {EMPTY: "", COMPLETE: "✓", WARNINGS: "!", ERRORS: "×"}
ICON_SIZE = 18


def state_icon(state: str) -> QIcon:
    """A coloured disc with a mark: drawn, so that no glyph can be missing from a font."""
    scale = 2  # crisp on high-DPI screens
    size = ICON_SIZE * scale
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    color = QColor(STATE_COLORS[state])
    rect = QRectF(2, 2, size - 4, size - 4)
    if state == EMPTY:
        painter.setPen(QPen(color, 2.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(color)
    painter.drawEllipse(rect)
    mark = _MARKS[state]
    if mark:
        painter.setPen(QColor("white"))
        font = QFont()
        font.setBold(True)
        font.setPixelSize(int(size * 0.62))
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, mark)
    painter.end()
    pixmap.setDevicePixelRatio(scale)
    return QIcon(pixmap)


class StepPanel(QListWidget):
    stepRequested = Signal(int)

    def __init__(self, steps: Sequence[StepDef], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._short = {s.index: s.short for s in steps}
        self.setAccessibleName("报告各部分")
        self.setIconSize(QSize(ICON_SIZE, ICON_SIZE))
        self.setSpacing(1)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._icons = {state: state_icon(state) for state in STATE_COLORS}
        for step in steps:
            item = QListWidgetItem(step.short)
            item.setData(Qt.ItemDataRole.UserRole, step.index)
            item.setSizeHint(QSize(0, 44))
            self.addItem(item)
        # a click jumps; the arrow keys only move the highlight and Enter jumps, so the panel
        # can be walked with the keyboard without the focus vanishing into each page
        self.itemClicked.connect(self._activated)
        self._updating = False

    def sizeHint(self) -> QSize:  # noqa: N802 — Qt's name
        return QSize(190, 400)

    def set_current(self, step: int) -> None:
        """Follow the wizard (without asking it to jump)."""
        self._updating = True
        try:
            self.setCurrentRow(int(step))
        finally:
            self._updating = False

    def set_states(self, states: list[StepState]) -> None:
        for st in states:
            item = self.item(int(st.step))
            detail = STATE_LABELS[st.state]
            if st.state == ERRORS:
                detail += f" {st.errors}"
                if st.warnings:
                    detail += f" · 提示 {st.warnings}"
            elif st.state == WARNINGS:
                detail += f" {st.warnings}"
            short = self._short[st.step]
            item.setText(f"{short}\n{detail}")
            item.setIcon(self._icons[st.state])
            item.setToolTip(f"{short}：{detail}")
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{short}，{detail}")

    def state_text(self, step: int) -> str:
        return self.item(int(step)).text().split("\n", 1)[-1]

    def keyPressEvent(self, event) -> None:  # noqa: N802 — Qt's name
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            item = self.currentItem()
            if item is not None:
                self._activated(item)
            event.accept()  # not also the wizard's default button (下一步)
            return
        super().keyPressEvent(event)

    def _activated(self, item: QListWidgetItem) -> None:
        if not self._updating:
            self.stepRequested.emit(int(item.data(Qt.ItemDataRole.UserRole)))
