"""What every wizard page shares: the context, its step (of the report's format), its issue
list, and the contract the wizard relies on (refresh, show_issues, focus_path)."""

from __future__ import annotations

from PySide6.QtWidgets import QBoxLayout, QWizardPage

from core.wizard import StepDef, steps
from gui.context import WizardContext
from gui.widgets.issue_list import IssueList


class BasePage(QWizardPage):
    step_key: str  # "agency", "finish" or a section key: set by a subclass or the caller

    def __init__(self, ctx: WizardContext, step_key: str | None = None) -> None:
        super().__init__()
        self.ctx = ctx
        if step_key is not None:
            self.step_key = step_key
        self.step_def: StepDef = next(s for s in steps(self.report.format)
                                      if s.key == self.step_key)
        self.step = self.step_def.index  # the wizard's page id
        self.setTitle(self.step_def.title)
        self.issue_list = IssueList()
        self.issue_list.jumpRequested.connect(self.ctx.jumpRequested)
        self.issue_list.quoteRequested.connect(self.ctx.quoteRequested)
        ctx.issuesChanged.connect(self._issues_changed)
        ctx.statusChanged.connect(self._status_changed)

    # -- the contract ------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-read every widget from `self.ctx.session.report` (without emitting edits)."""

    def show_issues(self, issues: list) -> None:
        """Highlight the widgets named in `issues` (already filtered to this page)."""

    def focus_path(self, path: str) -> bool:
        """Give focus to the widget of a cell key / field path; True if this page has it."""
        return False

    def select_quote(self, path: str, quote: str) -> bool:
        """Select `quote` in the text field `path` (after focus_path); True if found."""
        return False

    # -- shared behaviour --------------------------------------------------------------------
    def add_issue_list(self, layout: QBoxLayout) -> None:
        layout.addWidget(self.issue_list)

    def initializePage(self) -> None:  # noqa: N802 — Qt's name
        self.refresh()
        self._issues_changed()

    def showEvent(self, event) -> None:  # noqa: N802 — Qt's name
        super().showEvent(event)
        if self._stale:
            self._issues_changed()
        self.issue_list.fit_height()

    _stale = False

    def _status_changed(self) -> None:
        """Finalized or reopened: widgets become read-only or editable again."""
        self.refresh()

    def _issues_changed(self) -> None:
        # Only the page on screen redraws at each keystroke; a hidden page catches up when it
        # is shown (keystroke-to-validation time does not grow with the number of pages).
        if not self.isVisible():
            self._stale = True
            return
        self._stale = False
        issues = self.ctx.issues_for_step(self.step)
        self.issue_list.set_issues(self.listed_issues(issues), self.ctx.session.acknowledged())
        self.show_issues(issues)

    def listed_issues(self, issues: list) -> list:
        """The issues the page's list shows (a page that shows some beside their field
        leaves them out: one message, one place)."""
        return issues

    @property
    def report(self):
        return self.ctx.session.report

    @property
    def read_only(self) -> bool:
        return self.report.status == "final"
