"""Which page edits each step of a report's format: 机关信息 and 审核与导出 have their own; a
2021 section has the page written for it (the 总体情况 guide, the 现行有效件数 hint, the
register link and the 勾稽 line, the 信息处理费 helper); any other section gets the generic
text or table page by its kind."""

from __future__ import annotations

from core.formats import f2021
from core.formats.spec import ReportFormat
from core.wizard import AGENCY, FINISH, StepDef
from gui.context import WizardContext
from gui.pages.base import BasePage
from gui.pages.page_active import ActivePage
from gui.pages.page_agency import AgencyPage
from gui.pages.page_finish import FinishPage
from gui.pages.page_other import OtherPage
from gui.pages.page_overview import OverviewPage
from gui.pages.page_problems import ProblemsPage
from gui.pages.page_requests import RequestsPage
from gui.pages.page_review import ReviewPage
from gui.pages.table_page import TablePage
from gui.pages.text_page import TextSectionPage

OWN_PAGES: dict[str, type[BasePage]] = {AGENCY: AgencyPage, FINISH: FinishPage}
# the 2021 sections' pages, by section key
SECTION_PAGES: dict[str, type[BasePage]] = {
    "overview": OverviewPage, "active": ActivePage, "requests": RequestsPage,
    "review": ReviewPage, "problems": ProblemsPage, "other": OtherPage}


def _is_2021_section(fmt: ReportFormat, key: str) -> bool:
    """The section (and its table) is word for word the 2021 one: the page written for it
    relies on its rows, rules and helpers. Another format's section of the same key need not."""
    theirs, ours = fmt.section_by_key.get(key), f2021.FORMAT.section_by_key.get(key)
    if theirs is None or theirs != ours:
        return False
    return theirs.kind != "table" or fmt.table_by_key.get(key) == f2021.FORMAT.table_by_key[key]


def page_for(ctx: WizardContext, step: StepDef) -> BasePage:
    """The page of `step` of the session's report."""
    if step.key in OWN_PAGES:
        return OWN_PAGES[step.key](ctx)
    fmt = ctx.session.report.format
    if step.key in SECTION_PAGES and _is_2021_section(fmt, step.key):
        return SECTION_PAGES[step.key](ctx)
    if fmt.section_by_key[step.key].kind == "table":
        return TablePage(ctx, step.key)
    return TextSectionPage(ctx, step.key)
