"""The machine-readable sheet ``数据`` of the Excel export, and reading a report back from it.

One row per value: 键 (key) · 值 (value) · 类型 (type) · 说明 (a human label). Keys are
``schema``, ``format``, ``year``, ``agency.<field>``, ``date``, ``text.<section>`` and every cell key
of ``format2021`` (``requests/withheld.state_secret/natural_person``), entered and derived.
The type column makes the raw value read back exactly as it was entered — 5 and "5", 0.5 and
"0.5", "/" and null are different things to the validator:

    int · float · decimal · str · bool · null · json (anything else, as JSON text)

A text longer than one cell can hold (32 767 characters) continues on the next rows under the
same key. Used by ``core.export_xlsx``; ``read_xlsx`` is re-exported there.
"""

from __future__ import annotations

import copy
import io
import json
import re
import zipfile
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.styles import Alignment, Border, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.worksheet import Worksheet

from core.formats import SCHEMA_ID, UnknownFormat, get_format
from core.formats.spec import ReportFormat
from core.model import Report, nest_cells
from core.textclean import clean_text

DATA_SHEET = "数据"
HEADER = ("键", "值", "类型", "说明")
NOTICE = ("机器读取数据：供年报助手等程序导入本报告，请勿修改。"
          "打印和查看请用前面的统计表工作表。")
_CHUNK = 32767
_FONT = Font(name="宋体", size=10)
_BOLD = Font(name="宋体", size=10, bold=True)
_GREY = PatternFill("solid", fgColor="D9D9D9")
_TOP = Alignment(horizontal="left", vertical="top")

_FIXED_KEYS = ("schema", "format", "year", "date")


def _agency_keys(fmt: ReportFormat) -> set[str]:
    return {f"agency.{f.key}" for f in fmt.agency_fields} | {"agency.kind"}


def _text_keys(fmt: ReportFormat) -> set[str]:
    return {f"text.{k}" for k in fmt.text_sections}


_XML_NONCHARACTERS = re.compile("[\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def xlsx_text(text: str) -> str:
    """User text as it can be stored in a workbook: ``textclean.clean_text`` (control characters
    other than newline and tab go, \\r\\n becomes \\n, lone surrogates go), after joining a
    surrogate *pair* that arrived as two code points into its character, and without U+FFFE and
    U+FFFF — XML forbids them, openpyxl does not catch them, and the file would not reopen."""
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")
    return _XML_NONCHARACTERS.sub("", clean_text(text))


class XlsxReadError(ValueError):
    """The bytes are not a workbook this program wrote (the message is for the user)."""


_NO_BORDER, _NO_FILL = Border(), PatternFill()


class StyleCache:
    """Styles cells of one workbook fast: each combination is registered once, then its style
    indices are copied. (Assigning ``cell.border`` & co. hashes the style object every time,
    which made styling most of the export's run time.)"""

    def __init__(self) -> None:
        self._done: dict[tuple[int, ...], StyleArray] = {}

    def apply(self, cell: Cell | MergedCell, font: Font, alignment: Alignment,
              border: Border = _NO_BORDER, fill: PatternFill = _NO_FILL,
              number_format: str = "General") -> None:
        key = (id(font), id(alignment), id(border), id(fill), hash(number_format))
        done = self._done.get(key)
        if done is not None:
            cell._style = copy.copy(done)
            return
        cell._style = StyleArray()
        cell.font, cell.alignment, cell.border, cell.fill = font, alignment, border, fill
        cell.number_format = number_format
        self._done[key] = copy.copy(cell._style)


# -- writing ---------------------------------------------------------------------------------

def _encode(value: Any) -> tuple[Any, str]:
    """(cell value, type) for a raw value; strings already cleaned."""
    if value is None:
        return None, "null"
    if isinstance(value, bool):
        return ("true" if value else "false"), "bool"
    if isinstance(value, int):
        return value, "int"
    if isinstance(value, float) and value == value and value not in (float("inf"), float("-inf")):
        return value, "float"
    if isinstance(value, Decimal):
        return str(value), "decimal"
    if isinstance(value, str):
        return xlsx_text(value), "str"
    return xlsx_text(json.dumps(value, ensure_ascii=False, default=str)), "json"


def _entries(report: Report, values: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """(key, raw value, 说明) in sheet order."""
    fmt = report.format
    out: list[tuple[str, Any, str]] = [
        ("schema", SCHEMA_ID, "文件格式"), ("format", fmt.id, f"报告格式（{fmt.name}）"),
        ("year", report.year, "报告年度")]
    out += [(f"agency.{f.key}", report.agency[f.key], f.label)
            for f in fmt.agency_fields if f.key in report.agency]
    if "kind" in report.agency:
        out.append(("agency.kind", report.agency["kind"], "报告类别"))
    out.append(("date", report.date, "落款日期"))
    out += [(f"text.{k}", report.texts[k], fmt.section_by_key[k].heading)
            for k in fmt.text_sections if k in report.texts]
    derived = set(fmt.derived_keys)
    for key in fmt.cell_keys:
        if key in derived:
            out.append((key, values[key], fmt.cell_label(key) + "（自动计算）"))
        elif key in report.cells:
            out.append((key, report.cells[key], fmt.cell_label(key)))
    return out


def write_data_sheet(ws: Worksheet, report: Report, values: dict[str, Any]) -> None:
    ws.sheet_properties.tabColor = "808080"
    ws.append([NOTICE])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADER))
    styles = StyleCache()
    styles.apply(ws.cell(1, 1), _BOLD, _TOP)
    for col, title in enumerate(HEADER, 1):
        ws.cell(2, col).value = title
        styles.apply(ws.cell(2, col), _BOLD, _TOP, fill=_GREY)
    row = 2
    for key, raw, note in _entries(report, values):
        value, kind = _encode(raw)
        chunks = [value]
        if isinstance(value, str) and len(value) > _CHUNK:
            chunks = [value[i:i + _CHUNK] for i in range(0, len(value), _CHUNK)]
        for chunk in chunks:
            row += 1
            for col, item in enumerate((key, chunk, kind, note), 1):
                cell = ws.cell(row, col)
                cell.value = item
                styles.apply(cell, _FONT, _TOP)
                if isinstance(item, str):
                    cell.data_type = "s"  # "=…" stays text
    for letter, width in zip("ABCD", (44, 40, 8, 60), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A3"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.print_title_rows = "2:2"
    ws.oddFooter.center.text = "第 &P 页 共 &N 页"


# -- reading ---------------------------------------------------------------------------------

def _decode(value: Any, kind: Any, where: str) -> Any:
    try:
        if kind in (None, ""):  # typed in by hand: take the cell as it is
            return value
        if kind == "null":
            return None
        if kind == "str":
            return "" if value is None else str(value)
        if kind == "int":
            if isinstance(value, float) and value.is_integer():
                return int(value)
            return value if isinstance(value, int) and not isinstance(value, bool) \
                else int(str(value).strip())
        if kind == "float":
            return float(value)
        if kind == "decimal":
            return Decimal(str(value).strip())
        if kind == "bool":
            return value if isinstance(value, bool) else str(value).strip().lower() == "true"
        if kind == "json":
            return json.loads(value)
    except (TypeError, ValueError, InvalidOperation) as exc:
        raise XlsxReadError(f"“{DATA_SHEET}”工作表{where}：值“{value}”不是{kind}类型") from exc
    raise XlsxReadError(f"“{DATA_SHEET}”工作表{where}：未知的类型“{kind}”")


MAX_UNPACKED = 200 * 1024 * 1024  # interfaces.md "Limits": sheets unpacking to more are refused


def _check_unpacked_size(data: bytes) -> None:
    """Refuse, before openpyxl reads anything, a workbook whose parts unpack to more than the
    limit (the sizes the zip declares: zipfile never unpacks more than an entry declares)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise XlsxReadError("不是有效的 Excel 工作簿（.xlsx）文件") from exc
    if total > MAX_UNPACKED:
        raise XlsxReadError(f"工作簿解压后有 {total / 1024 / 1024:,.0f} MB，超过了 "
                            f"{MAX_UNPACKED // 1024 // 1024} MB 的上限，不予读取")


def _finite(value: Any) -> bool:
    """No NaN or infinity anywhere in a value (they are not numbers a report can hold)."""
    if isinstance(value, float):
        return value == value and value not in (float("inf"), float("-inf"))
    if isinstance(value, Decimal):
        return value.is_finite()
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return True


def _rows(data: bytes) -> list[tuple[Any, ...]]:
    _check_unpacked_size(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise XlsxReadError("不是有效的 Excel 工作簿（.xlsx）文件") from exc
    try:
        if DATA_SHEET not in wb.sheetnames:
            raise XlsxReadError(f"工作簿中没有“{DATA_SHEET}”工作表，不是年报助手导出的文件")
        return [tuple(r) for r in wb[DATA_SHEET].iter_rows(max_col=len(HEADER), values_only=True)]
    except (ValueError, TypeError, KeyError, zipfile.BadZipFile) as exc:
        if isinstance(exc, XlsxReadError):
            raise
        raise XlsxReadError("不是有效的 Excel 工作簿（.xlsx）文件："
                            f"“{DATA_SHEET}”工作表中有无法读取的单元格") from exc
    finally:
        wb.close()


def read_xlsx(data: bytes) -> dict[str, Any]:
    """The report document (interfaces.md form) stored in the ``数据`` sheet of ``data``.

    Raises ``XlsxReadError`` (a ValueError with a Chinese message) when the bytes are not such a
    workbook, a key is unknown or repeated, or schema/format/year are missing or wrong.
    """
    rows = _rows(data)
    start = next((i + 1 for i, r in enumerate(rows) if tuple(r[:2]) == HEADER[:2]), None)
    if start is None:
        raise XlsxReadError(f"“{DATA_SHEET}”工作表缺少表头“键 / 值”")
    found: dict[str, Any] = {}
    entries: list[tuple[str, Any, Any, str]] = []
    for number, row in enumerate(rows[start:], start + 1):
        key, value, kind = (tuple(row) + (None,) * 3)[:3]
        if key is None or str(key).strip() == "":
            continue
        entries.append((str(key).strip(), value, kind, f"第 {number} 行"))
    fmt_value = next((_decode(v, k, w) for key, v, k, w in entries if key == "format"), None)
    try:
        fmt = get_format(fmt_value)
    except UnknownFormat as exc:
        raise XlsxReadError(f"报告格式不是本程序能读取的版本：{exc}") from exc
    agency_keys, text_keys, cell_keys = _agency_keys(fmt), _text_keys(fmt), set(fmt.cell_keys)
    for key, value, kind, where in entries:
        if key not in _FIXED_KEYS and key not in agency_keys and key not in text_keys \
                and key not in cell_keys:
            raise XlsxReadError(f"“{DATA_SHEET}”工作表{where}：未知的键“{key}”")
        decoded = _decode(value, kind, where)
        if not _finite(decoded) or not _finite(value):
            raise XlsxReadError(f"“{DATA_SHEET}”工作表{where}：键“{key}”的值“{value}”不是有效的数"
                                "（NaN 或无穷大）")
        if key in found:
            if not (kind == "str" and isinstance(found[key], str)):
                raise XlsxReadError(f"“{DATA_SHEET}”工作表{where}：键“{key}”重复")
            decoded = found[key] + decoded  # continuation of a long text
        found[key] = decoded
    if found.get("schema") != SCHEMA_ID:
        raise XlsxReadError(f"文件格式标识不是 {SCHEMA_ID}")
    year = found.get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        raise XlsxReadError("缺少报告年度，或年度不是整数")
    derived = set(fmt.derived_keys)
    tables = nest_cells(fmt, {k: v for k, v in found.items()
                              if k in cell_keys and not (k in derived and v is None)})
    return {
        "schema": found["schema"],
        "format": found["format"],
        "year": year,
        "agency": {k.split(".", 1)[1]: v for k, v in found.items() if k in agency_keys},
        "date": found.get("date", ""),
        "text": {k.split(".", 1)[1]: v for k, v in found.items() if k in text_keys},
        "tables": tables,
    }
