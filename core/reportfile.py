"""Report files (`*.json`, interfaces.md): strict reading and deterministic writing.

Reading is strict about structure (unknown keys, wrong container types, wrong schema) — those make
the file unreadable, with a Chinese message naming the place, so a typo never vanishes silently.
Cell *values* are kept raw: a string or null in a cell is a validation error (CELL.INVALID), not an
unreadable file, because the rest of the report is still usable.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from core.fileio import os_reason
from core.formats import SCHEMA_ID, UnknownFormat, get_format
from core.formats.spec import cell_key
from core.model import Report


class ReportFileError(Exception):
    """The file is not a readable report; the message is for the user (Chinese)."""


TOP_KEYS = ("schema", "format", "year", "agency", "date", "text", "tables")


def _object(value: Any, place: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ReportFileError(f"报告文件格式错误：“{place}”应为对象（{{…}}）。")
    return value


def _unknown(obj: dict[str, Any], known: set[str] | tuple[str, ...], place: str) -> None:
    for key in obj:
        if key not in known:
            where = f"“{place}”中" if place else "顶层"
            raise ReportFileError(f"报告文件含有未知的键“{key}”（位于{where}），请检查是否拼写错误。")


_JSON_TYPE = {bool: "逻辑值", int: "数字", float: "数字", list: "列表", dict: "对象"}


def _text_field(report: Report, value: Any, place: str) -> str:
    """A text field's value. A number or other non-text value does not make the file unreadable
    (interfaces.md lists what does): it is kept as text where it has one, and the validator
    reports the field (AGENCY.FORMAT / DATE.INVALID / TEXT.REQUIRED)."""
    if value is None:
        return ""
    if isinstance(value, str):
        if len(value) > MAX_TEXT_CHARS:
            raise ReportFileError(f"“{place}”有 {len(value)} 个字符，超过了每项 "
                                  f"{MAX_TEXT_CHARS:,} 个字符的上限。")
        return value
    report.wrong_types[place] = _JSON_TYPE.get(type(value), "非文字")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return ""


def parse_document(doc: Any) -> Report:
    """Build a Report from a decoded report-file object, or raise ReportFileError."""
    doc = _object(doc, "文件")
    _unknown(doc, TOP_KEYS, "")
    if doc.get("schema") != SCHEMA_ID:
        raise ReportFileError(
            f"不是年报助手的报告文件：schema 应为“{SCHEMA_ID}”，实际为“{doc.get('schema')}”。")
    try:
        fmt = get_format(doc.get("format"))
    except UnknownFormat as exc:
        raise ReportFileError(str(exc)) from exc
    year = doc.get("year")
    if isinstance(year, bool) or not isinstance(year, int):
        raise ReportFileError("报告文件缺少年度（year），或年度不是整数。")
    if not 2000 <= year <= 2999:
        raise ReportFileError(f"报告年度 {year} 不合理。")
    for key in ("agency", "text", "tables"):
        if key not in doc:
            raise ReportFileError(f"报告文件缺少“{key}”部分。")

    report = Report(year=year, format=fmt)

    agency = _object(doc["agency"], "agency")
    _unknown(agency, (*fmt.agency_field_by_key, "kind"), "agency")
    for f in fmt.agency_fields:
        report.agency[f.key] = _text_field(report, agency.get(f.key), f"agency/{f.key}")
    if agency.get("kind") is not None:  # optional (interfaces.md); unknown: AGENCY.FORMAT
        report.agency["kind"] = _text_field(report, agency["kind"], "agency/kind")

    report.date = _text_field(report, doc.get("date"), "date")

    text = _object(doc["text"], "text")
    _unknown(text, fmt.text_sections, "text")
    for key in fmt.text_sections:
        report.texts[key] = _text_field(report, text.get(key), f"text/{key}")

    tables = _object(doc["tables"], "tables")
    _unknown(tables, tuple(fmt.table_by_key), "tables")
    report.cells = {}
    for table in fmt.tables:
        rows = _object(tables.get(table.key, {}), f"tables/{table.key}")
        _unknown(rows, tuple(r.key for r in table.rows), f"tables/{table.key}")
        for row in table.rows:
            place = f"tables/{table.key}/{row.key}"
            cols = _object(rows.get(row.key, {}), place)
            _unknown(cols, tuple(c.key for c in table.columns_for(row.key)), place)
            for col in table.columns_for(row.key):
                if col.key not in cols:
                    continue  # missing entered cell: CELL.INVALID; missing derived: fine
                key = cell_key(table.key, row.key, col.key)
                if row.derived or col.derived:
                    report.declared[key] = cols[col.key]
                else:
                    report.cells[key] = cols[col.key]
    return report


# interfaces.md "Limits": beyond them the file is refused (exit 2), naming the limit
MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_TEXT_CHARS = 200_000
MAX_INT_DIGITS = 15


def _int(digits: str) -> int:
    if len(digits.lstrip("-")) > MAX_INT_DIGITS:
        raise ReportFileError(f"报告文件中有超过 {MAX_INT_DIGITS} 位的整数（{digits[:20]}…），"
                              f"超出了报告文件的上限。")
    return int(digits)


def _constant(name: str) -> float:
    raise ReportFileError(f"报告文件中有 {name}，这不是 JSON 中允许的数值。")


def loads(data: bytes) -> Report:
    if len(data) > MAX_FILE_BYTES:
        raise ReportFileError(f"报告文件有 {len(data) // 2**20} MB，超过了 50 MB 的上限。")
    try:
        text = data.decode("utf-8-sig")  # Windows Notepad writes a BOM
    except UnicodeDecodeError as exc:
        raise ReportFileError("报告文件不是 UTF-8 编码的文本文件。") from exc
    try:
        doc = json.loads(text, parse_int=_int, parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise ReportFileError(
            f"报告文件不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列附近有错误）。") from exc
    except RecursionError as exc:
        raise ReportFileError("报告文件嵌套过深，不是有效的报告文件。") from exc
    except ValueError as exc:  # e.g. an integer with thousands of digits
        raise ReportFileError(f"报告文件中有无法读取的数值：{str(exc)[:60]}") from exc
    return parse_document(doc)


def _read(p: Path) -> bytes:
    """The file's bytes, or ReportFileError with a Chinese message (missing, a folder, too
    large for a report file, unreadable)."""
    try:
        if p.is_file() and p.stat().st_size > MAX_FILE_BYTES:
            raise ReportFileError(f"报告文件“{p.name}”超过了 50 MB 的上限。")
        return p.read_bytes()
    except FileNotFoundError as exc:
        raise ReportFileError(f"找不到文件“{p}”。") from exc
    except IsADirectoryError as exc:
        raise ReportFileError(f"“{p}”是一个文件夹，不是报告文件。") from exc
    except OSError as exc:
        raise ReportFileError(f"无法读取文件“{p}”：{os_reason(exc)}") from exc


def load(path: str | Path) -> Report:
    return loads(_read(Path(path)))


LOADABLE = ("*.json", "*.xlsx")  # for open dialogs: every kind load_any reads
NOT_A_REPORT = ("不是年报助手能读取的报告文件。请选择本程序导出的报告文件（.json）"
                "或本程序导出的 Excel 统计表（.xlsx）；Word、PDF、网页和其他表格无法导入。")


def load_any(path: str | Path) -> Report:
    """Every kind of file a report can be read back from: a report file (.json), or an Excel
    workbook this program wrote (its hidden 数据 sheet). The window and the command line both
    read through here, so they accept the same files with the same messages."""
    p = Path(path)
    data = _read(p)
    suffix = p.suffix.lower()
    if suffix == ".xlsx" or (suffix != ".json" and data.startswith(b"PK\x03\x04")):
        return _loads_xlsx(data)
    if suffix == ".json" or data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
        return loads(data)
    raise ReportFileError(NOT_A_REPORT)


def _loads_xlsx(data: bytes) -> Report:
    from core.xlsx_data import XlsxReadError, read_xlsx  # openpyxl: only when needed

    try:
        return parse_document(read_xlsx(data))
    except XlsxReadError as exc:
        raise ReportFileError(f"{exc}。") from exc


def dumps(report: Report) -> bytes:
    """Deterministic UTF-8 JSON (no BOM), derived cells included for other offices' readers."""
    doc = report.to_document(include_derived=True)
    text = json.dumps(doc, ensure_ascii=False, indent=2, default=str) + "\n"
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate in some text: keep it, escaped
        return (json.dumps(doc, ensure_ascii=True, indent=2, default=str) + "\n").encode()


def dumps_as_read(report: Report) -> bytes:
    """A report read from a published document: its cells and printed totals exactly as read
    (declared derived cells, never recomputed), missing cells left out."""
    doc = report.to_document(include_derived=False)
    from core.model import nest_cells

    flat = {**{k: v for k, v in report.cells.items()}, **report.declared}
    doc["tables"] = nest_cells(report.format, flat)
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8", "surrogatepass")
