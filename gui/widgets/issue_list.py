"""A list of validation issues; clicking one asks to jump to its cell or field."""

from __future__ import annotations

from collections.abc import Set as AbstractSet

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QListWidget, QListWidgetItem

from core.validation import ERROR, SEVERITY_LABELS, Issue

ERROR_COLOR = QColor("#c62828")
WARNING_COLOR = QColor("#b26a00")
ERROR_BG = QColor("#fdecea")
WARNING_BG = QColor("#fff4e0")


class IssueList(QListWidget):
    """Shows issues, errors first. Emits `jumpRequested(path)` on click or Enter."""

    jumpRequested = Signal(str)
    quoteRequested = Signal(str, str)  # path, words to select there (after the jump)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setAlternatingRowColors(False)
        self.itemActivated.connect(self._activate)
        self.itemClicked.connect(self._activate)
        self.setAccessibleName("校验结果")
        self._limit = 16_777_215  # QWIDGETSIZE_MAX
        self._apply_height()

    MIN_LINES = 3  # two errors and a warning stay whole on a 768-px screen

    def setMaximumHeight(self, height: int) -> None:  # noqa: N802 — Qt's name
        """The most height the page allows; the list never has less than three lines, and
        keeps its height whether or not there are issues (no jumping as errors come and go)."""
        self._limit = max(height, self.three_lines())
        self._apply_height()

    def three_lines(self) -> int:
        """The height of MIN_LINES one-line issues (with the frame)."""
        row = max(self.fontMetrics().lineSpacing() + 6, self.sizeHintForRow(0) if self.count()
                  else 0)
        return row * self.MIN_LINES + 2 * self.frameWidth() + 4

    def fit_height(self) -> None:
        """Re-apply the height (after a font or style change); the height does not depend on
        the number of issues, so nothing on the page moves while the clerk types."""
        self._apply_height()

    def _apply_height(self) -> None:
        self.setMinimumHeight(self.three_lines())
        super().setMaximumHeight(max(self._limit, self.three_lines()))

    def set_issues(self, issues: list[Issue], acknowledged: AbstractSet[str] = frozenset()) -> None:
        self.clear()
        ordered = sorted(issues, key=lambda i: (i.severity != ERROR, i.rule))
        for issue in ordered:
            acked = issue.fingerprint in acknowledged
            mark = "✖" if issue.severity == ERROR else ("✔" if acked else "▲")
            suffix = "（已确认）" if acked else ""
            item = QListWidgetItem(f"{mark} {SEVERITY_LABELS[issue.severity]}：{issue.message}{suffix}")
            item.setData(Qt.ItemDataRole.UserRole, issue)
            item.setForeground(QBrush(ERROR_COLOR if issue.severity == ERROR else WARNING_COLOR))
            item.setToolTip(f"{issue.rule}\n{issue.message}\n点击跳转到相关位置")
            self.addItem(item)
        if not issues:
            # a line instead of hiding the list: hiding and showing it at every keystroke that
            # makes or fixes an error resized the table above it and repainted every cell
            ok = QListWidgetItem("✓ 本页没有发现问题")
            ok.setForeground(QBrush(QColor("#2e7d32")))
            ok.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addItem(ok)

    def _activate(self, item: QListWidgetItem) -> None:
        issue = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(issue, Issue) and issue.cells:
            self.jumpRequested.emit(issue.cells[0])
            if issue.quote:
                self.quoteRequested.emit(issue.cells[0], issue.quote)
