"""The report as one self-contained web page (UTF-8 HTML), for the government website's CMS.

    data = render_html(report, draft_note="草稿：本报告尚有 3 个错误未改正，不能签发。")

It walks the document outline (core.outline) like the PDF: one <h1> for the title, <h2> for
the section headings, <h3>/<h4> for （一）… and 1.… lines, <p> for paragraphs, the tables from
the format's layout, the 落款 last. The page loads nothing (no scripts, links, images or web
fonts; the CSS is in its one <style> element) and prints as an A4 page with the document
margins. Every user text is escaped. Deterministic: the same report gives the same bytes.
"""

from __future__ import annotations

from core.export import Job, Rendered
from core.html.style import CSS, ROOT
from core.html.tables import table_html
from core.html.text import esc, esc_prose
from core.model import Report
from core.outline import Closing, Heading, Paragraph, TableBlock, Title, clean_report, outline

GENERATOR = "年报助手"


def _title(block: Title) -> str:
    # a long title reads best broken after the agency name (as in the PDF): two inline
    # blocks wrap there first, and each still wraps inside on a narrow phone
    if block.agency and block.text.startswith(block.agency) and block.text != block.agency:
        rest = block.text[len(block.agency):]
        return f"<h1><span>{esc(block.agency)}</span><span>{esc(rest)}</span></h1>"
    return f"<h1>{esc(block.text)}</h1>"


def _closing(block: Closing) -> str:
    lines = [f'<p class="nbzs-closing-{part}">{esc(text)}</p>'
             for part, text in (("name", block.name), ("date", block.date)) if text]
    return '<div class="nbzs-closing">' + "".join(lines) + "</div>"


def body_html(report: Report) -> list[str]:
    """The blocks of a (cleaned) report as HTML, one string each."""
    out: list[str] = []
    for block in outline(report):
        if isinstance(block, Title):
            out.append(_title(block))
        elif isinstance(block, Heading):
            tag = f"h{block.level + 1}"  # the page's <h1> is the title
            out.append(f"<{tag}>{esc(block.text)}</{tag}>")
        elif isinstance(block, Paragraph):
            out.append(f"<p>{esc_prose(block.text)}</p>")
        elif isinstance(block, TableBlock):
            out.append(table_html(block))
        elif isinstance(block, Closing):
            out.append(_closing(block))
    return out


def render_html(report: Report, *, draft_note: str | None = None) -> bytes:
    """The web page of `report`; with `draft_note`, a red banner at the top says it."""
    clean, _ = clean_report(report)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="{esc(GENERATOR)}">',
        f"<title>{esc(clean.title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f'<article class="{ROOT}">',
    ]
    if draft_note:
        parts.append(f'<p class="nbzs-draft" role="note">{esc(draft_note)}</p>')
    parts += body_html(clean)
    parts += ["</article>", "</body>", "</html>", ""]
    return "\n".join(parts).encode("utf-8")


def render(job: Job) -> Rendered:
    """The web page of an export job (core.export): a 草稿 banner while the report has errors."""
    return Rendered(render_html(job.report, draft_note=job.draft_note))
