"""The report as a document, in reading order — what the PDF, the Word file and the web page
all walk: the title, the opening paragraph, each section of the format (its heading, then its
paragraphs and sub-headings, or its table's layout and figures), and the 落款.

    for block in outline(report):
        match block:
            case Heading(level=1, text=...): ...
            case TableBlock(layout=..., cell=...): ...

Texts are as the user typed them, cleaned of characters that cannot be printed (`clean_report`);
renderers escape them for their medium and never interpret them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal

from core.formats.layout import GridLayout
from core.formats.spec import Section, TableSpec
from core.model import Report
from core.opening import chinese_date, heading_level, opening_paragraph
from core.textclean import bad_chars, clean_text


@dataclass(frozen=True)
class Title:
    text: str
    agency: str  # the title starts with it: a break after it reads best


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Heading:
    """1: a section heading (一、总体情况, 黑体); 2: （一）… (楷体); 3: 1.… (仿宋)."""

    level: int
    text: str


@dataclass(frozen=True)
class Figure:
    """What a value cell shows: its text, and whether it is a valid figure (a draft may print
    an invalid entry; each medium marks it in its own way)."""

    text: str
    valid: bool
    derived: bool


@dataclass(frozen=True)
class TableBlock:
    spec: TableSpec
    section: Section  # the section it stands under (same key)
    layout: GridLayout
    figures: dict[str, Figure]  # by cell key

    @property
    def heading(self) -> str:
        return self.section.heading

    @property
    def short_name(self) -> str:
        """依申请公开: the section's short name without its number."""
        return (self.section.short or self.section.heading).split("、", 1)[-1]

    @property
    def caption(self) -> str:
        """表三 依申请公开 (a sheet name, a web page's table caption)."""
        return f"{self.spec.number} {self.short_name}"


@dataclass(frozen=True)
class Closing:
    """落款: the agency's name over the date (either may be empty in a draft)."""

    name: str
    date: str  # as printed: 2026年1月20日


Block = Title | Paragraph | Heading | TableBlock | Closing


def clean_report(report: Report) -> tuple[Report, int]:
    """A copy with unprintable characters removed from every text, and how many were removed
    (the validator warns about them as TEXT.CHARS)."""
    clean = report.copy()
    removed = 0
    for key, value in report.texts.items():
        removed += sum(value.count(ch) for ch in bad_chars(value))
        clean.texts[key] = clean_text(value)
    for key, value in report.agency.items():
        if isinstance(value, str):
            removed += sum(value.count(ch) for ch in bad_chars(value))
            clean.agency[key] = clean_text(value)
    removed += sum(report.date.count(ch) for ch in bad_chars(report.date))
    clean.date = clean_text(report.date)
    return clean, removed


def figures(report: Report, layout: GridLayout) -> dict[str, Figure]:
    """What each value cell of a table shows: the parsed figure, or — invalid — the raw entry
    as it was typed (a derived cell that cannot be computed shows nothing)."""
    values = report.parsed()
    out: dict[str, Figure] = {}
    for cell in layout.value_cells():
        value: int | Decimal | None = values.get(cell.key)
        if value is not None:
            out[cell.key] = Figure(report.figure_text(cell.key, value), True, cell.derived)
            continue
        raw = None if cell.derived else report.cells.get(cell.key)
        if raw is None:
            text = ""
        elif isinstance(raw, str):
            text = clean_text(raw)
        else:  # true, 7.5, [1] … as the file wrote it
            text = clean_text(json.dumps(raw, ensure_ascii=False, default=str))
        out[cell.key] = Figure(text, False, cell.derived)
    return out


def section_blocks(text: str) -> list[Paragraph | Heading]:
    """A section's text as paragraphs and sub-headings (a line that is only （一）… is one)."""
    out: list[Paragraph | Heading] = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        level = heading_level(line)
        out.append(Heading(level, line) if level else Paragraph(line))
    return out


def outline(report: Report) -> list[Block]:
    """The blocks of `report` (already cleaned by the caller, see clean_report)."""
    fmt = report.format
    blocks: list[Block] = [Title(report.title, report.agency_name),
                           Paragraph(opening_paragraph(report))]
    for section in fmt.sections:
        blocks.append(Heading(1, section.heading))
        if section.kind == "table":
            spec = fmt.table_by_key[section.key]
            layout = fmt.layout(section.key)
            blocks.append(TableBlock(spec, section, layout, figures(report, layout)))
        else:
            blocks.extend(section_blocks(report.texts.get(section.key, "")))
    blocks.append(Closing(report.agency_name, chinese_date(report.date) if report.date else ""))
    return blocks
