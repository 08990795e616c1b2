"""The bridge between the Qt pages and the core editing session.

Pages never compute anything: they write through the session (`session.set_cells`,
`session.report.set_*`), and redraw when `issuesChanged` fires (after the core has saved and
re-validated). `statusChanged` fires when the report is finalized or reopened, by whatever
means (the finish page, a test, a future command), before `issuesChanged`."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from core.model import Change
from core.session import EditingSession
from core.validation import Issue
from core.wizard import issues_of_step


class WizardContext(QObject):
    issuesChanged = Signal()  # the report changed; it was saved and re-validated
    saveStatusChanged = Signal(str)  # "已保存 12:03:45" or a Chinese error message
    jumpRequested = Signal(str)  # a cell key / field path the user wants to go to
    quoteRequested = Signal(str, str)  # then: the words of that text field to select
    statusChanged = Signal(str)  # finalized ("final") or reopened ("draft")

    def __init__(self, session: EditingSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._unsubscribe = session.subscribe(self._on_change)

    def _on_change(self, change: Change) -> None:
        if change.path == "status":
            self.statusChanged.emit(self.session.report.status)
        self.emit_save_status()
        self.issuesChanged.emit()

    def retry_save(self) -> bool:
        """Save the edits kept in memory after a failed save; True when nothing is unsaved."""
        if not self.session.unsaved:
            return True
        saved = self.session.retry_save()
        self.emit_save_status()
        return saved

    def emit_save_status(self) -> None:
        if self.session.save_error:
            self.saveStatusChanged.emit(f"未能保存：{self.session.save_error}")
        elif self.session.last_saved is not None:
            self.saveStatusChanged.emit(f"已保存 {self.session.last_saved:%H:%M:%S}")

    def issues_for_step(self, step: int) -> list[Issue]:
        return issues_of_step(self.session.issues, step, self.session.report.format)

    def close(self) -> None:
        self._unsubscribe()
