"""A published PDF: lines of text with positions (pdfplumber), tables by their ruling lines.

WPS-made PDFs draw every character on its own with gaps between them, and split tables across
pages; both are handled here, so the rest of the reader sees paragraphs and table rows."""

from __future__ import annotations

import io
from collections import Counter
from typing import Any

from core.published.document import Document, Item, Para, PublishedError, Row
from core.published.text import PAGE_NUMBER, is_cjk

MAX_PAGES = 300


def _open(data: bytes) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise PublishedError("PDF 文件已加密（设有密码），无法读取；请提供未加密的文件。") from exc
    except Exception as exc:  # pdfminer raises many kinds for a damaged file
        inner = repr(exc).lower()  # pdfplumber wraps pdfminer's PDFPasswordIncorrect
        if "password" in inner or "encrypt" in inner:
            raise PublishedError("PDF 文件已加密（设有密码），无法读取；请提供未加密的文件。") from exc
        raise PublishedError("PDF 文件已损坏或不是有效的 PDF，无法读取。") from exc
    if len(pages) > MAX_PAGES:
        pdf.close()
        raise PublishedError(f"PDF 有 {len(pages)} 页，超过了 {MAX_PAGES} 页的上限，"
                             f"不像是一份年度报告。")
    return pdf


def _lines(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Characters grouped into printed lines (same baseline within a third of their size)."""
    lines: list[list[dict[str, Any]]] = []
    for ch in sorted(chars, key=lambda c: (round(c["bottom"]), c["x0"])):
        if lines and abs(lines[-1][0]["bottom"] - ch["bottom"]) <= ch["size"] / 3:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def _line_text(line: list[dict[str, Any]]) -> str:
    out: list[str] = []
    prev: dict[str, Any] | None = None
    for ch in line:
        text = ch["text"]
        if prev is not None and not text.isspace():
            gap = ch["x0"] - prev["x1"]
            # a gap is a space only between two Latin characters or figures (WPS spaces CJK)
            if gap > 0.2 * ch["size"] and not is_cjk(text) and not is_cjk(prev["text"]) \
                    and not out[-1].isspace():
                out.append(" ")
        out.append(text)
        prev = ch
    return "".join(out).strip()


def read_pdf(data: bytes) -> Document:
    pdf = _open(data)
    entries: list[tuple[int, float, Item, float, float]] = []
    table_no = 0
    try:
        for number, page in enumerate(pdf.pages):
            for table in page.find_tables():
                rows = table.extract()
                if not rows or max(len(r) for r in rows) < 2:
                    continue  # a text block WPS drew in a frame: read it as lines
                table_no += 1
                for geom, cells in zip(table.rows, rows, strict=False):
                    entries.append((number, geom.bbox[1], Row(list(cells), table_no), 0.0, 0.0))
            # text inside table frames is read as lines too: WPS frames whole pages of prose
            for line in _lines(page.chars):
                text = _line_text(line)
                if text and not PAGE_NUMBER.match(text):
                    entries.append((number, line[0]["top"], Para(text), line[0]["x0"],
                                    line[0]["size"]))
    except PublishedError:
        raise
    except Exception as exc:
        raise PublishedError("PDF 文件已损坏，部分页面无法读取。") from exc
    finally:
        pdf.close()
    if not any(isinstance(e[2], Para) for e in entries):
        raise PublishedError("PDF 中没有可读取的文字（可能是扫描件）；本程序不做文字识别（OCR），"
                             "请提供由文字处理软件导出的 PDF 或 Word 文件。")
    entries.sort(key=lambda e: (e[0], e[1]))
    # the left margin is where most lines start; a line starting further right opens a paragraph
    margin = Counter(round(e[3]) for e in entries if isinstance(e[2], Para)).most_common(1)[0][0]
    for _, _, item, x0, size in entries:
        if isinstance(item, Para):
            item.indent = x0 > margin + size * 0.5
    return Document("pdf", [e[2] for e in entries], lines_are_paragraphs=False)
