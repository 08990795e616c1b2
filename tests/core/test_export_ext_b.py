"""Characters beyond U+FFFF (CJK Extension B and later, common in names) survive every output:
read back from the Excel, Word and web files exactly where they were typed. (The PDF, whose
text layer needed a fix, is tested in test_export_pdf.)"""

from __future__ import annotations

import html
import io

import pytest

from core import reportfile
from core.export import render_bytes
from tests.support import sample_document

JI, TU, EB = "\U00020bb7", "\U0002123d", "\U00020000"  # 𠮷 𡈽 𠀀
AGENCY = f"青禾县{TU}溪镇人民政府"
LINE = f"经办人：王{JI}，地址：{TU}溪镇{JI}家村，王{EB}。"


@pytest.fixture(scope="module")
def report():
    r = reportfile.parse_document(sample_document(agency=AGENCY))
    r.texts["other"] += f"\n{LINE}"
    return r


def _xlsx_text(data: bytes) -> str:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row
                     if c.value is not None)


def _docx_text(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def _html_text(data: bytes) -> str:
    return html.unescape(data.decode("utf-8"))


@pytest.mark.parametrize(("kind", "read"), [("xlsx", _xlsx_text), ("docx", _docx_text),
                                            ("html", _html_text)])
def test_supplementary_characters_read_back_as_typed(report, kind, read):
    text = read(render_bytes(report, kind))
    assert LINE in text
    assert AGENCY in text
