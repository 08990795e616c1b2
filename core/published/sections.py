"""Where the title, the opening paragraph, the six sections and the signature are."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.formats.spec import ReportFormat
from core.published.document import Document, Item, Para, Row
from core.published.text import similar, squeeze

TITLE = re.compile(r"^(.*?)(\d{4})?\s*年?度?政府信息公开工作年度报告")
_DATE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")


@dataclass
class Heading:
    index: int  # position in the document's items
    printed: str  # as printed (squeezed), when it differs from the verbatim heading


def find_headings(fmt: ReportFormat, items: list[Item]) -> dict[str, Heading]:
    """Each section's heading, searched in order after the previous one: the verbatim text,
    or a line close to it with the same numeral (a typo is reported, not a lost section)."""
    found: dict[str, Heading] = {}
    start = 0
    for section in fmt.sections:
        want = squeeze(section.heading)
        numeral = want.split("、")[0] + "、"
        for i in range(start, len(items)):
            item = items[i]
            if not isinstance(item, Para):
                continue
            text = squeeze(item.text)
            if text == want:
                found[section.key] = Heading(i, "")
                start = i + 1
                break
            if text.startswith(numeral) and len(text) <= len(want) + 6 \
                    and similar(text, want) >= 0.75:
                found[section.key] = Heading(i, text)
                start = i + 1
                break
    return found


def paragraphs(doc: Document, items: list[Item]) -> list[str]:
    """Paragraph texts of a stretch of the document (a PDF's lines joined into paragraphs)."""
    texts = [i.text if isinstance(i, Para) else i.line for i in items
             if isinstance(i, Para) or i.line]
    if doc.lines_are_paragraphs:
        return [t.strip() for t in texts if t.strip()]
    out: list[str] = []
    for item in items:
        if not isinstance(item, Para):
            continue
        if item.indent or not out:
            out.append(item.text.strip())
        else:
            out[-1] += item.text.strip()
    return out


def title_of(doc: Document, end: int) -> tuple[str, int | None, int]:
    """(agency, year or None, index of the first item after the title) from the lines before
    the first section."""
    text = ""
    for i, item in enumerate(doc.items[:min(end, 6)]):
        if not isinstance(item, Para):
            continue
        text += squeeze(item.text)
        m = TITLE.match(text)
        if m:
            return m.group(1), int(m.group(2)) if m.group(2) else None, i + 1
    return "", None, 0


def split_signature(paras: list[str]) -> tuple[list[str], str]:
    """The 落款 (agency, date) after the last section, as an ISO date."""
    date = ""
    while paras:
        m = _DATE.match(squeeze(paras[-1]))
        if m and not date:
            date = f"{int(m.group(1)):04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
            paras = paras[:-1]
            continue
        if date and len(squeeze(paras[-1])) <= 40 and not paras[-1].rstrip().endswith("。"):
            paras = paras[:-1]  # the signing agency's name
        break
    return paras, date


def rows_in(items: list[Item]) -> bool:
    return any(isinstance(i, Row) for i in items)
