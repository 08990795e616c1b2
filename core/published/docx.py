"""A published Word file: paragraphs and tables in body order. Fields, links and macros are
never run: only the text of runs is read (python-docx does not execute anything)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from core.published.document import Document, Para, PublishedError, Row

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(element: Any) -> str:
    """The visible text of a paragraph or cell: w:t runs, tabs and breaks (field codes and
    deleted text are not w:t, so they are left out)."""
    out = []
    for node in element.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}p"):
        if node.tag == f"{_W}t":
            out.append(node.text or "")
        elif node.tag == f"{_W}p" and out:
            out.append("\n")
        else:
            out.append("\t" if node.tag == f"{_W}tab" else "\n")
    return "".join(out).strip()


def _table_rows(tbl: Any, number: int) -> list[Row]:
    rows = []
    for tr in tbl.iter(f"{_W}tr"):
        cells: list[str | None] = []
        for tc in tr.iter(f"{_W}tc"):
            props = tc.find(f"{_W}tcPr")
            span, merged = 1, False
            if props is not None:
                grid = props.find(f"{_W}gridSpan")
                if grid is not None:
                    span = int(grid.get(f"{_W}val", "1"))
                vmerge = props.find(f"{_W}vMerge")
                # a vertical merge's continuation cell: the text is in the cell above
                merged = vmerge is not None and vmerge.get(f"{_W}val", "continue") == "continue"
            cells.append(None if merged else _text(tc))
            cells.extend([None] * (span - 1))
        rows.append(Row(cells, number))
    return rows


def read_docx(data: bytes) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if z.testzip() is not None:
                raise zipfile.BadZipFile("crc")
        body = docx.Document(io.BytesIO(data)).element.body
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise PublishedError("Word 文件已损坏或不是 .docx 格式，无法读取"
                             "（旧版 .doc 请先在 Word 或 WPS 中另存为 .docx）。") from exc
    except Exception as exc:  # a damaged part's XML
        raise PublishedError("Word 文件已损坏，无法读取。") from exc
    doc = Document("docx")
    number = 0
    for child in body.iterchildren():
        if child.tag == f"{_W}p":
            text = _text(child)
            if text:
                doc.items.append(Para(text))
        elif child.tag == f"{_W}tbl":
            number += 1
            doc.items.extend(_table_rows(child, number))
    return doc
