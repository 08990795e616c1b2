"""A published web page (html.parser): block text as paragraphs, table rows as rows. Scripts,
styles and captions are skipped — never run."""

from __future__ import annotations

from html.parser import HTMLParser

from core.published.document import Document, Para, Row
from core.published.txt import decode

_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "br", "section", "article",
           "header", "footer", "blockquote", "pre", "title", "tr", "table"}
_SKIP = {"script", "style", "caption", "noscript", "template", "head"}


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.doc = Document("html")
        self.buffer: list[str] = []
        self.skip = 0
        self.table = 0
        self.tables = 0
        self.row: list[str | None] | None = None
        self.cell: list[str] | None = None
        self.span = 1

    def _flush(self) -> None:
        text = "".join(self.buffer).strip()
        self.buffer = []
        if text and self.row is None:
            self.doc.items.append(Para(" ".join(text.split())))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "table":
            self._flush()
            self.tables += 1
            self.table = self.tables
        elif tag == "tr":
            self._flush()
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []
            span = dict(attrs).get("colspan") or "1"
            self.span = int(span) if span.isdigit() and 0 < int(span) < 100 else 1
        elif tag in _BLOCKS and self.cell is None:
            self._flush()
        elif tag == "br" and self.cell is not None:
            self.cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append("".join(self.cell).strip())
            self.row.extend([None] * (self.span - 1))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.row:
                self.doc.items.append(Row(self.row, self.table))
            self.row = None
        elif tag in _BLOCKS and self.cell is None:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif self.row is None:
            self.buffer.append(data)


def read_html(data: bytes) -> Document:
    reader = _Reader()
    reader.feed(decode(data))
    reader.close()
    reader._flush()
    return reader.doc
