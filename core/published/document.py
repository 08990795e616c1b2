"""What every reader produces: the document as paragraphs and table rows in reading order."""

from __future__ import annotations

from dataclasses import dataclass, field


class PublishedError(Exception):
    """The file is not a readable 2021-format annual report; the message (Chinese) says what
    it is."""


@dataclass
class Para:
    """A paragraph (or, from a PDF, one printed line; `indent` marks the first line of one)."""

    text: str
    indent: bool = True


@dataclass
class Row:
    """One row of a printed table: cell texts; None where a merged cell continues."""

    cells: list[str | None]
    table: int = 0  # which printed table (a table split across pages keeps counting on)
    line: str = ""  # a text line read as a row: its words, in case it belongs to a section


Item = Para | Row


@dataclass
class Document:
    kind: str  # pdf, docx, html, txt
    items: list[Item] = field(default_factory=list)
    # a PDF line's paragraphs are built later from `indent`; the others give whole paragraphs
    lines_are_paragraphs: bool = True
