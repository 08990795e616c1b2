"""检查已发布的报告 as a workbook: one sheet, one row per finding (file, rule, severity, message)."""

from __future__ import annotations

import io
from collections.abc import Iterable

HEADERS = ("文件", "规则", "严重程度", "说明")


def audit_workbook(rows: Iterable[tuple[str, str, str, str]]) -> bytes:
    """The rows as an .xlsx; every cell is text, even one that starts with "=" (a file name or a
    quoted printed label must never become a formula)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from core.xlsx_data import xlsx_text

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook has its one sheet
    sheet.title = "检查结果"
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for number, row in enumerate(rows, start=2):
        for col, text in enumerate(row, start=1):
            cell = sheet.cell(row=number, column=col, value=xlsx_text(text))
            cell.data_type = "s"  # never a formula, whatever the text starts with
    for letter, width in zip("ABCD", (36, 16, 10, 90), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
