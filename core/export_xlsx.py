"""The report's tables as an Excel workbook, and the report read back from such a workbook.

``render_xlsx(report) -> bytes`` writes one print-ready sheet per official table — 表二, 表三 and
表四 have different column structures (4, 3+7 and 15 columns), and sharing one sheet would force
one set of column widths on all three — followed by the machine-readable sheet ``数据``. Every
label comes from ``core.format2021``. ``read_xlsx(data) -> dict`` rebuilds the report document
(interfaces.md form) from ``数据`` only; the table sheets are for people and are not read.

Invalid cells (``Report.parsed()`` gives None: "/", "无", blank, negative …): the workbook is still
produced. In the table the cell shows what was entered, as text, highlighted in red (a derived
cell that cannot be computed stays empty, also red), and a note under the table says so — a
printed draft must not pass a wrong figure off as 0 or hide it as a blank. In ``数据`` the raw
value is stored with its type, so the report reads back exactly as it was.

Output is deterministic: document properties and zip entry times are the report's 落款日期 (or
1980-01-01 when it has none), so the same report always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import unicodedata
import zipfile
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from core import format2021 as fmt
from core.model import ENTERED_KEYS, Report
from core.xlsx_data import (
    DATA_SHEET,
    StyleCache,
    XlsxReadError,
    read_xlsx,
    write_data_sheet,
    xlsx_text,
)

_ENTERED = frozenset(ENTERED_KEYS)

__all__ = ["render_xlsx", "read_xlsx", "XlsxReadError", "SHEET_TITLES", "DATA_SHEET"]

SHEET_TITLES = {"active": "表二 主动公开", "requests": "表三 依申请公开", "review": "表四 复议诉讼"}
FONT_NAME = "宋体"
BODY_PT = 10.5  # 五号
MAX_CELL_TEXT = 32767  # Excel's limit for one cell

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_FONT = Font(name=FONT_NAME, size=BODY_PT)
_BAD_FONT = Font(name=FONT_NAME, size=BODY_PT, color="9C0006")
_BAD_FILL = PatternFill("solid", fgColor="FFC7CE")
_NO_BORDER, _NO_FILL = Border(), PatternFill()
_TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
_HEADING_FONT = Font(name=FONT_NAME, size=12, bold=True)
_NOTE_FONT = Font(name=FONT_NAME, size=9, color="9C0006")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True, indent=1)
_HEADING = Alignment(horizontal="left", vertical="center")
_NOTE = Alignment(horizontal="left", vertical="top", wrap_text=True)
_COUNT_FORMAT = "0"
_MONEY_FORMAT = "0.0000"
_MIN_ROW_PT = 21.0
_MAX_ROW_PT = 409.0  # Excel's limit


# -- geometry --------------------------------------------------------------------------------

def _text_units(text: str) -> int:
    """Width of ``text`` in half-em units: CJK and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def _lines(text: str, width_units: float, font_pt: float) -> int:
    """How many lines ``text`` wraps to in a cell ``width_units`` Excel characters wide."""
    cell_px = width_units * 7 + 5 - 10  # Excel width → pixels, minus padding and indent
    half_em_px = font_pt * 96 / 72 / 2
    per_line = max(1, int(cell_px // half_em_px))
    return sum(max(1, -(-_text_units(part) // per_line)) for part in text.split("\n"))


class _Sheet:
    """A worksheet being laid out: boxes (merged, bordered cells) and the row heights they need."""

    def __init__(self, ws: Worksheet, widths: list[float], values: dict[str, Any],
                 report: Report) -> None:
        self.ws, self.widths, self.values, self.report = ws, widths, values, report
        self.ncols = len(widths)
        self.invalid = False
        self.styles = StyleCache()
        self._needs: list[tuple[int, int, float]] = []  # (first row, last row, points needed)
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = w

    def _need(self, r1: int, r2: int, c1: int, c2: int, text: str, font_pt: float) -> None:
        width = sum(self.widths[c1 - 1:c2])
        self.min_height(r1, r2, _lines(text, width, font_pt) * font_pt * 1.45 + 8)

    def min_height(self, r1: int, r2: int, points: float) -> None:
        """Rows r1..r2 together must be at least ``points`` high."""
        self._needs.append((r1, r2, points))

    def text(self, r1: int, c1: int, text: str, *, r2: int | None = None, c2: int | None = None,
             font: Font = _FONT, align: Alignment = _CENTER, border: bool = True,
             fill: PatternFill = _NO_FILL) -> None:
        """``text`` in the box r1:c1–r2:c2 (merged when larger than one cell), always as text."""
        r2, c2 = r2 or r1, c2 or c1
        text = xlsx_text(text)[:MAX_CELL_TEXT]
        self._put(r1, c1, r2, c2, text, font, align, border, fill, "General")
        self._need(r1, r2, c1, c2, text, font.sz or BODY_PT)

    def _put(self, r1: int, c1: int, r2: int, c2: int, value: Any, font: Font,
             align: Alignment, border: bool, fill: PatternFill, number_format: str) -> None:
        cell = self.ws.cell(r1, c1)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula, whatever the text starts with
        if (r1, c1) == (r2, c2):
            self.styles.apply(cell, font, align, _BORDER if border else _NO_BORDER, fill,
                              number_format)
            return
        self.ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)
        # every cell of a merged box gets the full border: Excel draws the outline from the
        # edge cells, LibreOffice from the corners
        for row in self.ws.iter_rows(min_row=r1, max_row=r2, min_col=c1, max_col=c2):
            for part in row:
                self.styles.apply(part, font, align, _BORDER if border else _NO_BORDER, fill,
                                  number_format)

    def value(self, r: int, c1: int, key: str, c2: int | None = None) -> None:
        """The figure of cell ``key``: a number, or the entered text marked invalid."""
        v = self.values[key]
        if v is None:
            raw = self.report.cells.get(key) if key in _ENTERED else None
            text = "" if raw is None else raw if isinstance(raw, str) else _json_text(raw)
            self.text(r, c1, text, c2=c2, font=_BAD_FONT, fill=_BAD_FILL)
            self.invalid = True
        elif isinstance(v, Decimal):
            self._put(r, c1, r, c2 or c1, float(v), _FONT, _CENTER, True, _NO_FILL, _MONEY_FORMAT)
        else:
            self._put(r, c1, r, c2 or c1, int(v), _FONT, _CENTER, True, _NO_FILL, _COUNT_FORMAT)

    def prologue(self, heading: str) -> int:
        """Title and section heading above the table; returns the table's first row."""
        title = f"{self.report.title} 统计表"
        self.text(1, 1, title, c2=self.ncols, font=self._title_font(title), border=False)
        self.text(2, 1, heading, c2=self.ncols, font=_HEADING_FONT, align=_HEADING, border=False)
        return 3

    def _title_font(self, title: str) -> Font:
        """16 pt bold, smaller (down to 12 pt) when that keeps the title on one line."""
        width_px = sum(self.widths) * 7 + 5 - 10
        fit = width_px / max(1, _text_units(xlsx_text(title))) * 2 * 72 / 96
        size = min(16.0, max(12.0, int(fit * 2) / 2))
        return _TITLE_FONT if size == 16 else Font(name=FONT_NAME, size=size, bold=True)

    def finish(self, last_row: int, header_rows: tuple[int, int] | None = None) -> None:
        """Invalid-cell note, row heights and print set-up."""
        if self.invalid:
            self.text(last_row + 1, 1, "注：标红的单元格数值无效（应填写 0 或正整数，金额以万元计），"
                      "表中显示的是录入内容，请在年报助手中改正后重新导出。",
                      c2=self.ncols, font=_NOTE_FONT, align=_NOTE, border=False)
        heights: dict[int, float] = {}
        for r1, r2, need in sorted(self._needs, key=lambda n: n[1] - n[0]):
            rows = range(r1, r2 + 1)
            have = sum(heights.get(r, _MIN_ROW_PT) for r in rows)
            if need > have:  # spread what is missing over the rows of the box
                for r in rows:
                    heights[r] = heights.get(r, _MIN_ROW_PT) + (need - have) / len(rows)
        heights[1] = max(heights.get(1, 0), 36.0)
        for r, h in heights.items():
            self.ws.row_dimensions[r].height = round(min(max(h, _MIN_ROW_PT), _MAX_ROW_PT), 1)
        _print_setup(self.ws, self.report, header_rows)


def _json_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


def header_footer_text(text: str, limit: int = 100) -> str:
    """User text for a page header/footer: cleaned, one line, cut to ``limit`` characters (Excel
    allows 255 for a whole header) and ``&`` doubled (``&P``, ``&"font"`` … are codes)."""
    text = " ".join(xlsx_text(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return text.replace("&", "&&")


def _print_setup(ws: Worksheet, report: Report, header_rows: tuple[int, int] | None) -> None:
    ws.sheet_view.showGridLines = False
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages high as needed
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.6
    ws.page_margins.top = ws.page_margins.bottom = 0.8
    ws.page_margins.header = ws.page_margins.footer = 0.4
    if header_rows:
        ws.print_title_rows = f"{header_rows[0]}:{header_rows[1]}"
    name = header_footer_text(f"{report.agency_name}{report.year}年政府信息公开工作年度报告")
    ws.oddHeader.right.text = name
    ws.oddHeader.right.size = 9
    ws.oddHeader.right.font = f"{FONT_NAME},Regular"
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"
    ws.oddFooter.center.size = 9
    ws.oddFooter.center.font = f"{FONT_NAME},Regular"


# -- the three tables ------------------------------------------------------------------------

def _table_active(sh: _Sheet) -> None:
    r = sh.prologue(fmt.TABLE_ACTIVE.heading)
    for block in fmt.T2_BLOCKS:
        sh.text(r, 1, block.clause, c2=4)
        sh.text(r + 1, 1, block.header[0])
        wide = len(block.columns) == 1  # one value column spans the three value columns
        for i, label in enumerate(block.header[1:]):
            sh.text(r + 1, 2 + i, label, c2=4 if wide else None)
        r += 2
        for row in block.rows:
            sh.text(r, 1, row.label)
            for i, col in enumerate(block.columns):
                sh.value(r, 2 + i, fmt.cell_key("active", row.key, col.key), 4 if wide else None)
            r += 1
    sh.finish(r - 1)


def _table_requests(sh: _Sheet) -> None:
    h = sh.prologue(fmt.TABLE_REQUESTS.heading)
    sh.text(h, 1, fmt.T3_NOTE, r2=h + 2, c2=3)
    sh.text(h, 4, fmt.T3_APPLICANT, c2=3 + len(fmt.T3_COLUMNS))
    col_of = {c.key: 4 + i for i, c in enumerate(fmt.T3_COLUMNS)}
    org = [col_of[c.key] for c in fmt.T3_ORG_COLUMNS]
    sh.text(h + 1, org[0], fmt.T3_ORG_GROUP, c2=org[-1])
    for c in fmt.T3_COLUMNS:
        if c in fmt.T3_ORG_COLUMNS:
            sh.text(h + 2, col_of[c.key], c.label)
        else:  # 自然人, 总计: row-span the two lower header rows
            sh.text(h + 1, col_of[c.key], c.label, r2=h + 2)
    r = h + 3
    row_at: dict[str, int] = {}
    for row in fmt.T3_ROWS:
        row_at[row.key] = r
        first = 1 if not row.group else 2 if row.group == fmt.T3_RESULTS_GROUP else 3
        sh.text(r, first, row.label, c2=3, align=_LEFT)
        for c in fmt.T3_COLUMNS:
            sh.value(r, col_of[c.key], fmt.cell_key("requests", row.key, c.key))
        r += 1
    results = [row_at[row.key] for row in fmt.T3_ROWS if row.group]
    sh.text(results[0], 1, fmt.T3_RESULTS_GROUP, r2=results[-1])
    for label, keys in fmt.T3_RESULT_GROUPS:
        sh.text(row_at[keys[0]], 2, label, r2=row_at[keys[-1]])
    sh.ws.freeze_panes = sh.ws.cell(h + 3, 4)
    sh.finish(r - 1, header_rows=(h, h + 2))


def _table_review(sh: _Sheet) -> None:
    h = sh.prologue(fmt.TABLE_REVIEW.heading)
    n = len(fmt.T4_COLUMNS)
    first_col = {row.key: 1 + i * n for i, row in enumerate(fmt.T4_ROWS)}
    sh.text(h, 1, fmt.T4_RECONSIDERATION, c2=n)
    sh.text(h, n + 1, fmt.T4_LITIGATION, c2=len(fmt.T4_ROWS) * n)
    for row in fmt.T4_ROWS:
        c0 = first_col[row.key]
        if row.key != "reconsideration":
            sh.text(h + 1, c0, row.label, c2=c0 + n - 1)
        for i, col in enumerate(fmt.T4_COLUMNS):
            if row.key == "reconsideration":  # 行政复议's leaves row-span the two lower rows
                sh.text(h + 1, c0 + i, col.label, r2=h + 2)
            else:
                sh.text(h + 2, c0 + i, col.label)
            sh.value(h + 3, c0 + i, fmt.cell_key("review", row.key, col.key))
    sh.min_height(h + 3, h + 3, 30.0)
    sh.finish(h + 3)


# Column widths (Excel units, ≈ 7 px each + 5; Excel's 宋体 10.5 pt is 14 px a character).
# 表三's value columns (8.5) hold four characters a line, not five: 社会公益组织 breaks 4+2;
# 三、本年度办理结果 goes three a line. 表四's fifteen columns (5.5) hold two: 结果/维持, as in
# the official table, and the table fits A4 portrait unscaled. 表二 spans the printable width.
_WIDTHS = {
    "active": [28.0, 20.0, 20.0, 20.0],
    "requests": [6.5, 10.5, 32.0] + [8.5] * len(fmt.T3_COLUMNS),
    "review": [5.5] * (len(fmt.T4_ROWS) * len(fmt.T4_COLUMNS)),
}
_BUILDERS = {"active": _table_active, "requests": _table_requests, "review": _table_review}


# -- the workbook ----------------------------------------------------------------------------

def _stamp(report: Report) -> dt.datetime:
    """The fixed time written into the file: the 落款日期, else 1980-01-01 (zip's epoch)."""
    try:
        day = dt.date.fromisoformat(report.date.strip())
    except (AttributeError, ValueError):
        day = dt.date(1980, 1, 1)
    if not 1980 <= day.year <= 2107:  # what a zip time stamp can hold
        day = dt.date(1980, 1, 1)
    return dt.datetime(day.year, day.month, day.day)


class _FixedTimeZip(zipfile.ZipFile):
    """A ZipFile that stamps every entry with one fixed time (openpyxl uses the clock)."""

    def __init__(self, file: io.BytesIO, stamp: dt.datetime) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED)
        self._stamp = stamp.timetuple()[:6]

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: Any = None,
                 compresslevel: Any = None) -> None:
        if isinstance(zinfo_or_arcname, str):
            info = zipfile.ZipInfo(zinfo_or_arcname, date_time=self._stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zinfo_or_arcname = info
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename: Any, arcname: Any = None, compress_type: Any = None,
              compresslevel: Any = None) -> None:
        with open(filename, "rb") as src:  # openpyxl's temporary sheet files
            self.writestr(str(arcname or filename), src.read())


def render_xlsx(report: Report) -> bytes:
    """The report's tables as an .xlsx file (bytes); the same report gives the same bytes."""
    values = report.parsed()
    stamp = _stamp(report)
    wb = Workbook()
    wb.remove(wb.active)
    props = wb.properties
    props.creator = "年报助手"
    props.lastModifiedBy = None
    props.title = xlsx_text(f"{report.title} 统计表")[:255]
    props.created = props.modified = stamp
    for table in fmt.TABLES:
        ws = wb.create_sheet(SHEET_TITLES[table.key])
        _BUILDERS[table.key](_Sheet(ws, _WIDTHS[table.key], values, report))
    write_data_sheet(wb.create_sheet(DATA_SHEET), report, values)
    wb.active = 0
    buffer = io.BytesIO()
    archive = _FixedTimeZip(buffer, stamp)
    ExcelWriter(wb, archive).save()  # closes the archive; save_workbook would stamp "now"
    return buffer.getvalue()
