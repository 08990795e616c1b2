"""The report as a Word file (.docx) that the 政务公开办 and the leader edit in WPS or Word and
put the letterhead on, as bytes.

    data = render_docx(report, draft_note="草稿：本报告尚有 3 个错误未改正，不能签发。")

It walks the document outline (core.outline) — every heading, label, span and cell key comes
from the report's format — into named styles a secretary knows (标题, 一级标题, 二级标题, 三级标题,
正文) on the GB/T 9704 page: 22 lines of 28 characters, page numbers "— N —" on the outer side,
the 落款 right, and on a draft the 草稿 mark. User text goes in as text runs: nothing in it is
read as markup or a field. Deterministic: the same report and `created` give the same bytes.
No Qt here.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from core.docx.marks import add_draft_mark, add_page_numbers
from core.docx.package import fixed_bytes, set_properties
from core.docx.page import (
    BODY,
    BODY_W_TWIPS,
    H1,
    H2,
    H3,
    LINE_PT,
    TITLE,
    set_up_page,
    set_up_settings,
    set_up_styles,
    use_style,
)
from core.docx.tables import add_table
from core.docx.xml import el, put, twips
from core.export import Job, Rendered
from core.export_pdf import title_lines
from core.model import Report
from core.outline import Closing, Heading, Paragraph, TableBlock, Title, clean_report, outline
from core.pdf.geometry import PITCH

SUBJECT = "政府信息公开工作年度报告"
_HEADING_STYLES = {1: H1, 2: H2, 3: H3}


def render_docx(report: Report, *, draft_note: str | None = None,
                created: dt.datetime | None = None) -> bytes:
    """The .docx of `report`; with `draft_note` (the report has errors) marked 草稿. `created`
    is the creation date in the document properties and the zip (default: now)."""
    when = (created or dt.datetime.now()).replace(microsecond=0)
    clean, _ = clean_report(report)
    doc = docx.Document()
    set_up_page(doc)
    set_up_settings(doc)
    set_up_styles(doc)
    add_page_numbers(doc)
    if draft_note is not None:
        add_draft_mark(doc, draft_note)
    _body(doc, clean)
    set_properties(doc, title=clean.title, author=clean.agency_name, subject=SUBJECT,
                   created=when)
    return fixed_bytes(doc, when)


def _body(doc: Document, report: Report) -> None:
    after_table = False
    last: DocxParagraph | None = None
    for block in outline(report):
        if isinstance(block, Title):
            _title(doc, block)
        elif isinstance(block, Heading):
            last = _text(doc, block.text, _HEADING_STYLES.get(block.level, H3))
            if after_table:  # half a line after a table, as in the PDF
                last.paragraph_format.space_before = Pt(LINE_PT / 2)
        elif isinstance(block, Paragraph):
            last = _text(doc, block.text, BODY)
        elif isinstance(block, TableBlock):
            add_table(doc, block)
        elif isinstance(block, Closing):
            if last is not None:  # the 落款 never stands alone on a page
                last.paragraph_format.keep_with_next = True
            _closing(doc, block)
        after_table = isinstance(block, TableBlock)


def _text(doc: Document, text: str, style: str) -> DocxParagraph:
    paragraph = doc.add_paragraph()
    use_style(paragraph, style)
    paragraph.add_run(text)  # a run's text is text: <b>, &amp;, {PAGE}, =SUM() stay as typed
    return paragraph


def _title(doc: Document, block: Title) -> None:
    """One 标题 paragraph; a long title breaks where the PDF breaks it (after the agency's
    name when both halves fit a line)."""
    paragraph = doc.add_paragraph()
    use_style(paragraph, TITLE)
    for i, line in enumerate(title_lines(block.text, agency=block.agency)):
        if i:
            paragraph.add_run().add_break()
        paragraph.add_run(line)


def _units(text: str) -> float:
    """Width in characters of 3号: CJK and full-width forms one, the rest half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" else 0.5 for ch in text)


def _closing(doc: Document, closing: Closing) -> None:
    """落款 (GB/T 9704): two blank lines for the seal; the date right-aligned four characters
    in from the edge, the agency's name centred over the date but at least two characters in
    and never past the left edge."""
    width = BODY_W_TWIPS / 20
    date_w, name_w = _units(closing.date) * PITCH, _units(closing.name) * PITCH
    name_right = max(min(width - name_w, 4 * PITCH + date_w / 2 - name_w / 2), 2 * PITCH)
    lines: list[tuple[str, float]] = [("", 0.0), ("", 0.0)]
    if closing.name:
        lines.append((closing.name, name_right))
    if closing.date:
        lines.append((closing.date, 4 * PITCH))
    for i, (text, right) in enumerate(lines):
        paragraph = _text(doc, text, BODY)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        # no first-line indent (the style's is in characters: zero both)
        put(paragraph._p.get_or_add_pPr(),
            el("w:ind", right=twips(right), firstLine="0", firstLineChars="0"))
        paragraph.paragraph_format.keep_with_next = i < len(lines) - 1


def render(job: Job) -> Rendered:
    """The Word file of an export job (core.export): marked 草稿 while the report has errors."""
    return Rendered(render_docx(job.report, draft_note=job.draft_note, created=job.created))
