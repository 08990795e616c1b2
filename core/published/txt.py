"""A published report as plain text (UTF-8 or GB18030): paragraphs are lines; a line ending
in figures is a table row (the label before them, or on the lines above)."""

from __future__ import annotations

from core.published.document import Document, Para, PublishedError, Row
from core.published.text import PAGE_NUMBER, cell_value


def decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise PublishedError("文本文件既不是 UTF-8 也不是 GB18030 编码，无法读取。")


def text_row(line: str) -> Row | None:
    """A line ending in figures, as a table row (None for words)."""
    tokens = line.split()
    values: list[str | None] = []
    while tokens and cell_value(tokens[-1]) is not None:
        values.insert(0, cell_value(tokens.pop()))
    if not values:
        return None
    return Row([" ".join(tokens) if tokens else None, *values], line=line)


def read_txt(data: bytes) -> Document:
    doc = Document("txt")
    for raw in decode(data).splitlines():
        line = raw.strip().replace("\u3000", " ")
        if not line or PAGE_NUMBER.match(line):
            continue
        row = text_row(line)
        doc.items.append(row if row is not None and any(c for c in row.cells[1:] if c)
                         else Para(line))
    return doc
