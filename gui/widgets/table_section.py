"""What the three table pages share: the grid, the line that says why an input was refused,
and footer lines, e.g. one aligned with the grid's value columns (table 3's 勾稽 line).
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from core.session import EditingSession
from gui.widgets.issue_list import ERROR_COLOR
from gui.widgets.table_grid import TableGrid

OK_COLOR = QColor("#2e7d32")
MUTED_COLOR = QColor("#5f6b7a")


REFUSAL_STYLE = (f"color: {ERROR_COLOR.name()}; padding: 2px 4px;"
                 "background: #fdecea; border-radius: 3px;")
NOTICE_STYLE = "color: #37474f; padding: 2px 4px; background: #eef2f7; border-radius: 3px;"


class GridMessage(QLabel):
    """Right under the grid (never a dialog): the reason an input or a paste was refused (red),
    or a notice — what was undone, a note on a paste — in a neutral style."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setAccessibleName("输入提示")
        self.notice = False
        self.setStyleSheet(REFUSAL_STYLE)
        self.hide()

    def show_message(self, text: str, notice: bool = False) -> None:
        if notice != self.notice:
            self.notice = notice
            self.setStyleSheet(NOTICE_STYLE if notice else REFUSAL_STYLE)
        self.setText(f"{'ℹ' if notice else '⚠'} {text}" if text else "")
        self.setVisible(bool(text))


@dataclass(frozen=True)
class FooterEntry:
    text: str
    tooltip: str = ""
    ok: bool | None = None  # True ✓ (green), False (red), None (neutral)


class ColumnFooter(QWidget):
    """One line under a grid whose entries sit exactly under the grid's columns."""

    def __init__(self, grid: TableGrid, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._grid = grid
        self._caption = ""
        self._caption_span = 0
        self._entries: dict[int, FooterEntry] = {}
        self.setFont(grid.font())
        self.setFixedHeight(grid.fontMetrics().height() + 10)
        # it fills its whole rect: redrawing it (every keystroke) need not repaint the parents
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        grid.horizontalHeader().sectionResized.connect(self.update)
        grid.horizontalScrollBar().valueChanged.connect(self.update)

    def set_entries(self, caption: str, caption_span: int,
                    entries: dict[int, FooterEntry]) -> None:
        """`caption` over the first `caption_span` columns; `entries` by grid column."""
        self._caption, self._caption_span, self._entries = caption, caption_span, entries
        self.setAccessibleDescription(
            caption + "：" + "；".join(e.tooltip or e.text for e in entries.values()))
        self.update()

    def entry(self, column: int) -> FooterEntry | None:
        return self._entries.get(column)

    def _column_rect(self, first: int, span: int = 1) -> QRect:
        grid = self._grid
        origin = self.mapFromGlobal(grid.viewport().mapToGlobal(QPoint(0, 0)))
        x = origin.x() + grid.columnViewportPosition(first)
        width = sum(grid.columnWidth(c) for c in range(first, first + span))
        return QRect(x, 0, width, self.height())

    def paintEvent(self, event) -> None:  # noqa: N802 — Qt's name
        painter = QPainter(self)
        painter.fillRect(self.rect(), self.palette().color(QPalette.ColorRole.Window))
        if self._caption_span:
            painter.setPen(MUTED_COLOR)
            painter.drawText(self._column_rect(0, self._caption_span).adjusted(4, 0, -4, 0),
                             int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                             self._caption)
        for column, entry in self._entries.items():
            color = {True: OK_COLOR, False: ERROR_COLOR}.get(entry.ok, MUTED_COLOR)  # type: ignore[arg-type]
            painter.setPen(color)
            painter.drawText(self._column_rect(column), int(Qt.AlignmentFlag.AlignCenter),
                             entry.text)
        painter.end()

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            for column, entry in self._entries.items():
                if self._column_rect(column).contains(event.pos()) and entry.tooltip:
                    QToolTip.showText(event.globalPos(), entry.tooltip, self)
                    return True
            QToolTip.hideText()
            event.ignore()
            return True
        return super().event(event)


def compact_issue_list(issues: QListWidget, lines: int = 4) -> None:
    """The page's issue list takes at most a few lines, so that the grid keeps the height."""
    issues.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    issues.setMaximumHeight(issues.fontMetrics().lineSpacing() * lines + 12)


class TableSection(QWidget):
    """The grid and its message line (and any footer lines) for one table of the report's format."""

    def __init__(self, session: EditingSession, table_key: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.grid = TableGrid(session, table_key)
        self.message = GridMessage()
        self.grid.messageChanged.connect(
            lambda text: self.message.show_message(text, self.grid.message_is_notice))
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.message)
        self._layout = layout

    def flush(self) -> None:
        """Commit a cell still being edited (before the wizard leaves the page)."""
        self.grid.flush_editor()

    def add_footer(self, widget: QWidget) -> None:
        """A line right under the grid (above the message line)."""
        self._layout.insertWidget(self._layout.indexOf(self.grid) + 1, widget)
