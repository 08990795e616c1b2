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
import zipfile
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from core.export import Job, Rendered
from core.formats.layout import VALUE
from core.model import Report, money_text
from core.opening import chinese_date
from core.outline import Figure, TableBlock, clean_report, outline
from core.xlsx_data import (
    DATA_SHEET,
    StyleCache,
    XlsxReadError,
    read_xlsx,
    write_data_sheet,
    xlsx_text,
)
from core.xlsx_fit import fit_widths, label_text, per_line, text_units, wrapped_lines

__all__ = ["render_xlsx", "read_xlsx", "XlsxReadError", "DATA_SHEET", "sheet_title"]

def sheet_title(block: TableBlock) -> str:
    """表三 依申请公开 (Excel allows 31 characters)."""
    return block.caption[:31]


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
_SIGN = Alignment(horizontal="left", vertical="bottom", wrap_text=True)
_COUNT_FORMAT = "0"
_MIN_ROW_PT = 21.0
_MAX_ROW_PT = 409.0  # Excel's limit


class _Sheet:
    """A worksheet being laid out: boxes (merged, bordered cells) and the row heights they need."""

    def __init__(self, ws: Worksheet, widths: list[float], values: dict[str, Any],
                 report: Report, draft: bool = False) -> None:
        self.ws, self.widths, self.values, self.report = ws, widths, values, report
        self.draft = draft
        self.ncols = len(widths)
        self.invalid = False
        self.styles = StyleCache()
        self._needs: list[tuple[int, int, float]] = []  # (first row, last row, points needed)
        for i, w in enumerate(widths, 1):
            ws.column_dimensions[get_column_letter(i)].width = w

    def _need(self, r1: int, r2: int, c1: int, c2: int, text: str, font_pt: float,
              indented: bool) -> None:
        width = sum(self.widths[c1 - 1:c2])
        lines = wrapped_lines(text, width, font_pt, indented)
        self.min_height(r1, r2, lines * font_pt * 1.45 + 8)

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
        self._need(r1, r2, c1, c2, text, font.sz or BODY_PT, bool(align.indent))

    def label(self, r1: int, c1: int, text: str, *, r2: int, c2: int, align: Alignment) -> None:
        """A table label, with line breaks where it must wrap (core.xlsx_fit)."""
        width = sum(self.widths[c1 - 1:c2])
        self.text(r1, c1, label_text(xlsx_text(text), width, BODY_PT, bool(align.indent)),
                  r2=r2, c2=c2, align=align)

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

    def value(self, r: int, c1: int, key: str, figure: Figure, c2: int | None = None) -> None:
        """The figure of cell ``key``: a number, or the entered text marked invalid."""
        v = self.values[key]
        if v is None:
            self.text(r, c1, figure.text, c2=c2, font=_BAD_FONT, fill=_BAD_FILL)
            self.invalid = True
        elif isinstance(v, Decimal):
            # the decimals the PDF prints (12.5, not 12.5000; 0 as 0)
            shown = money_text(v, self.report.format.money_decimals)
            places = len(shown.partition(".")[2])
            self._put(r, c1, r, c2 or c1, float(v), _FONT, _CENTER, True, _NO_FILL,
                      "0." + "0" * places if places else "0")
        else:
            self._put(r, c1, r, c2 or c1, int(v), _FONT, _CENTER, True, _NO_FILL, _COUNT_FORMAT)

    def prologue(self, heading: str) -> int:
        """Title and section heading above the table; returns the table's first row."""
        title = f"{self.report.title}统计表" + ("（草稿）" if self.draft else "")
        self.text(1, 1, title, c2=self.ncols, font=self._title_font(title), border=False)
        self.text(2, 1, heading, c2=self.ncols, font=_HEADING_FONT, align=_HEADING, border=False)
        return 3

    def _title_font(self, title: str) -> Font:
        """16 pt bold, smaller (down to 12 pt) when that keeps the title on one line."""
        width_px = sum(self.widths) * 7 + 5 - 10
        fit = width_px / max(1, text_units(xlsx_text(title))) * 2 * 72 / 96
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


# -- the tables -------------------------------------------------------------------------------------

# Excel column width units per em of the declared widths: 宋体 10.5 pt is 14 px a character,
# an Excel unit about 7 px. A wider table is narrowed to what A4 portrait prints unscaled
# (about 98 units between 0.6" margins): 表四's fifteen columns then hold two characters a
# line (结果/维持), as in the official table.
_UNITS_PER_EM = 1.9
_PAGE_UNITS = 98.0


def _table(sh: _Sheet, block: TableBlock) -> None:
    """One statistics table from its layout: every label, merge and cell key comes from there."""
    top = sh.prologue(block.heading)
    for cell in block.layout.cells:
        r1, c1 = top + cell.row, 1 + cell.col
        r2, c2 = r1 + cell.row_span - 1, c1 + cell.col_span - 1
        if cell.kind == VALUE:
            sh.value(r1, c1, cell.key, block.figures[cell.key], c2 if c2 > c1 else None)
        else:
            sh.label(r1, c1, cell.text, r2=r2, c2=c2,
                     align=_LEFT if cell.align == "left" else _CENTER)
    layout = block.layout
    last = top + layout.rows - 1
    header = None
    if layout.header_rows:
        header = (top, top + layout.header_rows - 1)
        sh.ws.freeze_panes = sh.ws.cell(top + layout.header_rows, 1 + layout.label_cols)
    if layout.rows - layout.header_rows == 1:  # a one-row table (表四): room for big figures
        sh.min_height(last, last, 30.0)
    sh.text(last + 1, 1, sign_line(sh.report, sum(sh.widths)), c2=sh.ncols, font=_FONT,
            align=_SIGN, border=False)
    sh.min_height(last + 1, last + 1, 30.0)
    sh.finish(last + 1, header_rows=header)


def sign_line(report: Report, width_units: float = 1e9) -> str:
    """The line under a table, as on a paper form: who fills it in, how to reach them, when;
    broken between its items (never inside one) where the table is too narrow for one line."""
    day = chinese_date(report.date) if report.date else "　　年　　月　　日"
    phone = str(report.agency.get("phone", "") or "")
    items = [f"填报单位（盖章）：{report.agency_name}", "填报人：　",
             f"联系电话：{phone}", f"填报日期：{day}"]
    room = per_line(width_units, BODY_PT)
    lines = [items[0]]
    for item in items[1:]:
        if text_units(lines[-1] + "　" + item) <= room:
            lines[-1] += "　" + item
        else:
            lines.append(item)
    return "\n".join(lines)


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


def render(job: Job) -> Rendered:
    """The Excel tables of an export job (core.export): the title says 草稿 for a draft."""
    return Rendered(render_xlsx(job.report, draft=job.draft_note is not None))


def render_xlsx(report: Report, *, draft: bool = False) -> bytes:
    """The report's tables as an .xlsx file (bytes); the same report gives the same bytes.
    A draft (a report with errors) says so in every sheet's title."""
    values = report.parsed()
    stamp = _stamp(report)
    wb = Workbook()
    wb.remove(wb.active)
    props = wb.properties
    props.creator = "年报助手"
    props.lastModifiedBy = None
    props.title = xlsx_text(f"{report.title}统计表")[:255]
    props.created = props.modified = stamp
    clean, _ = clean_report(report)
    for block in outline(clean):
        if isinstance(block, TableBlock):
            ws = wb.create_sheet(sheet_title(block))
            total = min(sum(block.layout.widths) * _UNITS_PER_EM, _PAGE_UNITS)
            indented = frozenset((c.row, c.col) for c in block.layout.cells
                                 if c.kind != VALUE and c.align == "left")
            widths = fit_widths(block.layout, block.layout.scaled_widths(total), BODY_PT,
                                indented)
            _table(_Sheet(ws, widths, values, report, draft), block)
    data_sheet = wb.create_sheet(DATA_SHEET)
    write_data_sheet(data_sheet, report, values)
    data_sheet.sheet_state = "hidden"  # read by programs; printing the workbook prints the tables
    wb.active = 0
    buffer = io.BytesIO()
    archive = _FixedTimeZip(buffer, stamp)
    ExcelWriter(wb, archive).save()  # closes the archive; save_workbook would stamp "now"
    return buffer.getvalue()
