"""The print-ready PDF of a report (GB/T 9704 layout), as bytes.

    result = render_pdf(report, issues=validate(report, previous))
    result.data   # the PDF
    result.notes  # Chinese sentences for the user (characters no font has, removed controls)

Deterministic: the same report and `created` give the same bytes. No Qt here.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass, field

from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from core import fonts, typeset
from core.checksum import report_checksum
from core.export import Job, Rendered
from core.model import STATUS_FINAL, Report
from core.outline import Closing, Heading, Paragraph, TableBlock, Title, clean_report, outline
from core.pdf.closing import closing_flowables
from core.pdf.document import ReportDocument
from core.pdf.geometry import BODY_W, LEADING, PITCH, TITLE_SIZE
from core.pdf.signoff import signoff_flowables
from core.pdf.tables import table_flowable
from core.pdf.textblock import TextBlock, tracked_measure
from core.validation import ERROR, Issue, validate

INDENT = 2 * PITCH  # paragraphs and headings are indented two characters


@dataclass
class PdfResult:
    data: bytes
    notes: list[str] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)
    checksum: str = ""
    draft: bool = False


def title_lines(title: str, width: float = BODY_W, agency: str = "") -> list[str]:
    """Break the title into balanced centred lines: one line if it fits; else after the agency
    name if both halves fit; else the narrowest measure that keeps the same number of lines."""
    measure = tracked_measure("title", TITLE_SIZE, 0.0)
    total = sum(measure(ch) for ch in title)
    if total <= width:
        return [title]
    if agency and title.startswith(agency):
        rest = title[len(agency):]
        if sum(map(measure, agency)) <= width and sum(map(measure, rest)) <= width:
            return [agency, rest]
    n = len(typeset.layout(title, width, measure, hanging=False))
    lo, hi = total / n, width
    for _ in range(20):  # bisect the narrowest width that still gives n lines
        mid = (lo + hi) / 2
        if len(typeset.layout(title, mid, measure, hanging=False)) <= n:
            hi = mid
        else:
            lo = mid
    return [line.text.strip() for line in typeset.layout(title, hi + 0.01, measure,
                                                         hanging=False)]


class _EndOfNumbering(Flowable):  # type: ignore[misc]  # reportlab ships no types
    """Marks the last numbered page (the 审签单 after it carries no page number)."""

    def wrap(self, aw: float, ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv._doctemplate.numbered_pages = self.canv.getPageNumber()


def _body(text: str) -> TextBlock:
    return TextBlock(text, indent=INDENT)


def _room_for(lines: int) -> Flowable:
    """A heading must not end a page: start a new page unless the heading and the first lines
    after it fit (reportlab's keepWithNext would move the whole next paragraph instead)."""
    return CondPageBreak(lines * LEADING - 1)


def _tail_with_closing(last: TextBlock, closing: list[Flowable]) -> list[Flowable]:
    """The 落款 must not stand alone on a page: keep it with the last two lines of the text
    (not the whole last paragraph, which could leave a large gap)."""
    lines = last.lines(BODY_W)
    if len(lines) <= 2:
        last.keepWithNext = True
        return [last, *closing]
    head, tail = last._clone(lines[:-2]), last._clone(lines[-2:])
    tail.keepWithNext = True
    return [head, tail, *closing]


def _closing(closing: Closing) -> list[Flowable]:
    """落款: the agency's name centred over the date (core.pdf.closing)."""
    return closing_flowables(closing)


def story(report: Report) -> list[Flowable]:
    """The flowables of a (cleaned) report, walking its outline."""
    flow: list[Flowable] = []
    blocks = outline(report)
    after_table = False
    pending_heading: TextBlock | None = None
    for block in blocks:
        if isinstance(block, Title):
            for line in title_lines(block.text, agency=block.agency):
                flow.append(TextBlock(line, role="title", size=TITLE_SIZE, align="center",
                                      tracking=0.0))
            flow.append(Spacer(0, LEADING))
        elif isinstance(block, Heading) and block.level == 1:
            if pending_heading is not None:  # a section with no text (a draft)
                flow += [_room_for(3), pending_heading]
            heading = TextBlock(block.text, role="hei", indent=INDENT, align="left")
            if after_table:  # half a line after a table; dropped at the top of a page
                heading.spaceBefore = LEADING / 2
            pending_heading = heading
            after_table = False
            continue
        elif isinstance(block, TableBlock):
            # heading and table on one page when the table fits a page (tables 2 to 4 do);
            # a longer table splits by rows, its header rows repeated
            assert pending_heading is not None
            flow.append(KeepTogether([pending_heading, table_flowable(block)]))
            pending_heading = None
            after_table = True
            continue
        elif isinstance(block, Closing):
            if pending_heading is not None:
                flow += [_room_for(3), pending_heading]
                pending_heading = None
            last = flow.pop()
            if isinstance(last, TextBlock):
                flow.extend(_tail_with_closing(last, _closing(block)))
            else:
                flow += [last, *_closing(block)]
            continue
        if pending_heading is not None:
            flow += [_room_for(3), pending_heading]
            pending_heading = None
        if isinstance(block, Heading):
            role = "kai" if block.level == 2 else "body"
            flow += [_room_for(3), TextBlock(block.text, role=role, indent=INDENT, align="left")]
        elif isinstance(block, Paragraph):
            flow.append(_body(block.text))
    return flow


def render_pdf(report: Report, *, draft: bool | None = None, issues: list[Issue] | None = None,
               signoff: bool = False, created: dt.datetime | None = None) -> PdfResult:
    """Render `report`. `draft` defaults to "has validation errors"; a finalized report without
    errors is printed clean. `created` is the PDF creation date (default: now)."""
    if issues is None:
        issues = validate(report)
    errors = sum(1 for i in issues if i.severity == ERROR)
    if draft is None:
        draft = errors > 0 or report.status != STATUS_FINAL and errors > 0
    clean, removed = clean_report(report)
    notes: list[str] = []
    if removed:
        notes.append(f"已删除 {removed} 个无法打印的控制字符。")
    all_text = "".join(clean.texts.values()) + "".join(clean.agency.values())
    missing = fonts.missing_chars(all_text, ("body", "kai"))
    if missing:
        shown = "、".join(f"“{ch}”（U+{ord(ch):04X}）" for ch in sorted(missing)[:10])
        notes.append(f"以下 {len(missing)} 个字符没有任何可用字体能打印，在 PDF 中显示为方框："
                     f"{shown}。请改用常用字或安装含这些字的字体。")
    draft_note = None
    if draft:
        draft_note = (f"草稿：本报告尚有 {errors} 个错误未改正，不能签发。" if errors
                      else "草稿：本报告尚未定稿。")
    buffer = io.BytesIO()
    doc = ReportDocument(buffer, title=clean.title, author=clean.agency_name,
                         subject="政府信息公开工作年度报告", created=created or dt.datetime.now(),
                         draft_note=draft_note)
    flow = story(clean)
    if signoff:
        flow.append(_EndOfNumbering())
        flow.extend(signoff_flowables(report, errors))
    doc.build(flow)
    return PdfResult(data=buffer.getvalue(), notes=notes, missing=missing,
                     checksum=report_checksum(report), draft=draft)


def page_estimate(report: Report) -> int:
    """A rough page count (for progress display): 22 lines of 28 characters per page."""
    chars = sum(len(t) for t in report.texts.values()) + 400
    return max(3, math.ceil(chars / (22 * 28)) + 2)


def render(job: Job) -> Rendered:
    """The PDF of an export job (core.export): a draft when the report has errors."""
    result = render_pdf(job.report, draft=job.draft_note is not None, issues=job.issues,
                        signoff=job.signoff, created=job.created)
    return Rendered(result.data, result.notes)
