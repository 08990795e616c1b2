"""Writing the register as a ledger workbook that `read_ledger` reads back unchanged.

One sheet 台账: a header row of the contract's column names (then one column per remark name),
one row per application. 编号 and every text are text cells — a 编号 “001” stays “001” and a
text that looks like a formula (“=1+1”) stays text; dates are date cells.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.register.columns import SYNONYMS
from core.register.model import FIELDS, Application
from core.register.vocab import vocabulary
from core.xlsx_data import StyleCache, xlsx_text

SHEET = "台账"
HEADER = tuple(SYNONYMS[f][0] for f in FIELDS)
_DATE_FORMAT = "yyyy-mm-dd"
_FONT = Font(name="宋体", size=11)
_BOLD = Font(name="宋体", size=11, bold=True)
_LEFT = Alignment(horizontal="left", vertical="top")
_WIDTHS = {"编号": 14, "收到日期": 12, "申请人": 16, "申请人类型": 12, "申请方式": 10,
           "申请内容": 40, "补正通知日期": 14, "补正收到日期": 14, "延期": 6, "答复日期": 12,
           "办理结果": 30, "收费金额": 10}


def _put(ws: Worksheet, row: int, col: int, value: Any, styles: StyleCache,
         font: Font = _FONT) -> Cell:
    if isinstance(value, str):
        value = xlsx_text(value)
    cell = ws.cell(row, col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # “=…” would otherwise be written as a formula
    styles.apply(cell, font, _LEFT, number_format=_DATE_FORMAT if isinstance(value, dt.date)
                 else "General")
    return cell


def _values(app: Application, remark_names: Sequence[str], personal: bool) -> list[Any]:
    vocab = vocabulary()
    remarks = dict(app.remarks) if personal else {}
    return [app.number, app.received, app.applicant if personal else "",
            vocab.applicant_labels.get(app.applicant_type, app.applicant_type), app.channel,
            app.content if personal else "", app.correction_requested, app.correction_received,
            "是" if app.extended else "否", app.replied,
            "" if app.result is None else vocab.result_short.get(app.result, app.result),
            None if app.fee is None else (int(app.fee) if app.fee == app.fee.to_integral_value()
                                          else float(app.fee)),
            *(remarks.get(name, "") for name in remark_names)]


def ledger_bytes(apps: Iterable[Application], *, personal: bool = True) -> bytes:
    """The workbook. Without `personal`, 申请人, 申请内容 and the remark columns (which may
    hold telephone numbers, addresses …) are left empty."""
    apps = list(apps)
    remark_names: list[str] = []
    for app in apps:
        for name, _ in app.remarks:
            if name not in remark_names and name not in HEADER:
                remark_names.append(name)
    # an ordinary (not write-only) workbook: it records the sheet's dimension, without which
    # a reader in read-only mode parses the whole sheet twice
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    styles = StyleCache()
    for index, name in enumerate((*HEADER, *remark_names), start=1):
        ws.column_dimensions[get_column_letter(index)].width = _WIDTHS.get(name, 16)
        _put(ws, 1, index, name, styles, _BOLD)
    ws.freeze_panes = "A2"
    for number, app in enumerate(apps, start=2):
        for index, value in enumerate(_values(app, remark_names, personal), start=1):
            if value is not None and value != "":
                _put(ws, number, index, value, styles)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
