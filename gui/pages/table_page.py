"""What the table pages share (2021's three; as it is, the page of any table section of another
format): the section's help as subtitle, the grid of a table of the report's format, optional
footer lines under it, and the page's issues. The grid is a view of
the report: it follows every change by itself; the page redraws only its footers."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from core.formats.spec import TableSpec
from gui.context import WizardContext
from gui.pages.base import BasePage
from gui.widgets.table_section import TableSection, compact_issue_list


class TablePage(BasePage):
    table_key: str  # set by a subclass, or given: a table section's key is its table's
    grow = False  # the grid takes the page's height (table 3) instead of its natural one

    def __init__(self, ctx: WizardContext, table_key: str | None = None) -> None:
        if table_key is not None:
            self.table_key = table_key
        super().__init__(ctx, self.table_key)
        self.table: TableSpec = self.report.format.table_by_key[self.table_key]
        self.setSubTitle(self.report.format.section_by_key[self.table_key].help)
        layout = QVBoxLayout(self)
        self.section = TableSection(ctx.session, self.table_key)
        self.grid = self.section.grid
        for footer in self.footers():
            self.section.add_footer(footer)
        layout.addWidget(self.section, 1 if self.grow else 0)
        if not self.grow:
            layout.addStretch(1)
        self.add_issue_list(layout)
        compact_issue_list(self.issue_list)
        self.update_extras(ctx.issues_for_step(self.step))

    # -- for subclasses ----------------------------------------------------------------------
    def footers(self) -> list[QWidget]:
        """Lines under the grid (built after self.grid exists)."""
        return []

    def update_extras(self, issues: list) -> None:
        """Redraw what a subclass shows besides the grid, after every change."""

    # -- the BasePage contract ---------------------------------------------------------------
    def refresh(self) -> None:
        self.update_extras(self.ctx.issues_for_step(self.step))

    def show_issues(self, issues: list) -> None:
        self.update_extras(issues)

    def focus_path(self, path: str) -> bool:
        return self.grid.focus_key(path)

    def flush(self) -> None:
        self.section.flush()
