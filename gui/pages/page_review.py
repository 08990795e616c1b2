"""Step 四、政府信息公开行政复议、行政诉讼情况 (table 4): one row of 15 cells."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout

from core import format2021 as fmt
from core.wizard import Step
from gui.context import WizardContext
from gui.pages.base import BasePage
from gui.widgets.table_section import TableSection, compact_issue_list


class ReviewPage(BasePage):
    step = Step.REVIEW

    def __init__(self, ctx: WizardContext) -> None:
        super().__init__(ctx)
        self.setSubTitle(fmt.SECTION_BY_KEY["review"].help)
        layout = QVBoxLayout(self)
        self.section = TableSection(fmt.TABLE_REVIEW, self.report)
        self.grid = self.section.grid
        layout.addWidget(self.section)
        layout.addStretch(1)
        self.add_issue_list(layout)
        compact_issue_list(self.issue_list)

    def refresh(self) -> None:
        self.grid.set_report(self.report)

    def show_issues(self, issues: list) -> None:
        self.grid.refresh()  # derived totals and the read-only state follow every change
        self.grid.set_issues(issues)

    def focus_path(self, path: str) -> bool:
        return self.grid.focus_key(path)

    def flush(self) -> None:
        self.section.flush()
