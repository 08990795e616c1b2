"""Reading the clerk's ledger (an .xlsx workbook or a .csv file) into applications: all rows
or none. Every bad row is listed (row number, column, Chinese reason); a file that cannot be a
ledger at all raises LedgerError.

    header = read_header(path)            # the window shows guess_mapping(header), may change it
    ledger = read_ledger(path, mapping)   # LedgerError / LedgerRejected, or every application
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from core.fileio import os_reason
from core.register import values as val
from core.register.columns import guess_mapping, missing_required
from core.register.model import FIELD_LABELS, Application, check
from core.register.vocab import CHANNELS, Vocabulary, normalize, vocabulary

MAX_ROWS = 1_000_000  # interfaces.md, Limits
MAX_UNPACKED = 200 * 1024 * 1024  # a workbook whose sheets unpack to more than 200 MB
MAX_CSV_BYTES = MAX_UNPACKED


class LedgerError(ValueError):
    """The file is not a ledger that can be read (the message is for the user)."""


@dataclass(frozen=True)
class RowProblem:
    row: int  # the row number as the clerk sees it (the header is usually row 1)
    column: str  # the column's name in the file (or the contract's, when no column holds it)
    reason: str

    def __str__(self) -> str:
        return f"第 {self.row} 行“{self.column}”：{self.reason}"


class LedgerRejected(LedgerError):
    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        rows = len({p.row for p in problems})
        super().__init__(f"台账{problems[0]}；共 {rows} 行有误，未导入任何申请。")


@dataclass(frozen=True)
class Ledger:
    header: tuple[str, ...]
    mapping: tuple[str | None, ...]
    applications: tuple[Application, ...]


# -- the rows of a file -------------------------------------------------------------------------

def _workbook_rows(path: Path) -> Iterator[tuple[Any, ...]]:
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(i.file_size for i in archive.infolist()
                           if i.filename.startswith("xl/worksheets/")
                           or i.filename == "xl/sharedStrings.xml")
    except (zipfile.BadZipFile, OSError) as exc:
        raise LedgerError("不是有效的 Excel 工作簿（.xlsx）文件") from exc
    if unpacked > MAX_UNPACKED:
        raise LedgerError("工作簿的工作表解压后超过 200 MB 的上限，无法导入")
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise LedgerError("不是有效的 Excel 工作簿（.xlsx）文件") from exc
    try:
        if not wb.worksheets:
            raise LedgerError("工作簿中没有工作表")
        yield from wb.worksheets[0].iter_rows(values_only=True)
    finally:
        wb.close()


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise LedgerError("无法识别 CSV 文件的编码（应为 UTF-8 或 GB18030）")


def _csv_rows(path: Path) -> Iterator[tuple[Any, ...]]:
    try:
        if path.stat().st_size > MAX_CSV_BYTES:
            raise LedgerError("CSV 文件超过 200 MB 的上限，无法导入")
        data = path.read_bytes()
    except OSError as exc:
        raise LedgerError(f"无法读取文件：{os_reason(exc)}") from exc
    if b"\x00" in data[:4096]:
        raise LedgerError("不是 CSV 文本文件")
    try:
        for row in csv.reader(io.StringIO(_decode(data), newline="")):
            yield tuple(row)
    except csv.Error as exc:
        raise LedgerError(f"CSV 文件格式有误：{exc}") from exc


def _rows(path: Path) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """(row number, cells) of the non-empty rows."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        rows = _workbook_rows(path)
    elif suffix == ".csv":
        rows = _csv_rows(path)
    elif suffix == ".xls":
        raise LedgerError("不支持旧版 Excel（.xls）文件，请在 Excel 中另存为 .xlsx 后再导入")
    else:
        raise LedgerError("台账应为 Excel 工作簿（.xlsx）或 CSV 文件（.csv）")
    if not path.is_file():
        raise LedgerError(f"文件“{path.name}”不存在")
    for number, row in enumerate(rows, start=1):
        if any(val.text(c) for c in row):
            yield number, row


def read_header(path: str | Path) -> tuple[str, ...]:
    for _, row in _rows(Path(path)):
        return tuple(val.text(c) for c in row)
    raise LedgerError("台账是空的：没有表头行")


def read_head(path: str | Path, count: int = 5) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The header and the first `count` rows as text (the window's preview)."""
    rows = _rows(Path(path))
    first = next(rows, None)
    if first is None:
        raise LedgerError("台账是空的：没有表头行")
    head: list[tuple[str, ...]] = []
    for _, row in rows:
        if len(head) >= count:
            break
        head.append(tuple(val.text(c) for c in row))
    return tuple(val.text(c) for c in first[1]), head


# -- rows into applications -----------------------------------------------------------------------

def read_ledger(path: str | Path, mapping: Sequence[str | None] | None = None) -> Ledger:
    """Every application of the ledger, or LedgerRejected listing every bad row."""
    rows = _rows(Path(path))
    first = next(rows, None)
    if first is None:
        raise LedgerError("台账是空的：没有表头行")
    header = tuple(val.text(c) for c in first[1])
    mapping = tuple(guess_mapping(header) if mapping is None else mapping)
    if len(mapping) != len(header):
        raise LedgerError("列的对应关系与表头的列数不符")
    missing = missing_required(mapping)
    if missing:
        raise LedgerError("台账缺少必需的列：" + "、".join(missing) + "（表头行："
                          + "、".join(h for h in header if h)[:200] + "）")
    vocab = vocabulary()
    names = {f: header[i] for i, f in enumerate(mapping) if f is not None}
    apps: list[Application] = []
    problems: list[RowProblem] = []
    seen: dict[str, int] = {}
    for count, (number, row) in enumerate(rows, start=1):
        if count > MAX_ROWS:
            raise LedgerError(f"台账超过 {MAX_ROWS:,} 行的上限，无法导入")
        app, found = _application(row, number, header, mapping, names, vocab)
        if app is not None and app.number in seen:
            found.append(RowProblem(number, names["number"],
                                    f"编号“{app.number}”与第 {seen[app.number]} 行重复"))
        if found:
            problems.extend(found)
        elif app is not None:
            seen[app.number] = number
            apps.append(app)
    if problems:
        raise LedgerRejected(problems)
    return Ledger(header, mapping, tuple(apps))


def _application(row: tuple[Any, ...], number: int, header: Sequence[str],
                 mapping: Sequence[str | None], names: dict[str, str],
                 vocab: Vocabulary) -> tuple[Application | None, list[RowProblem]]:
    cells = dict(zip(mapping, row, strict=False))
    problems: list[RowProblem] = []

    def convert(name: str, fn: Any) -> Any:
        try:
            return fn(cells.get(name))
        except val.BadValue as exc:
            problems.append(RowProblem(number, names.get(name, FIELD_LABELS[name]), str(exc)))
            return None

    fields: dict[str, Any] = {f: convert(f, val.date) for f in (
        "received", "correction_requested", "correction_received", "replied")}
    fields["extended"] = bool(convert("extended", val.yes_no))
    fields["fee"] = convert("fee", val.money)
    for name in ("number", "applicant", "content"):
        fields[name] = val.text(cells.get(name))
    kind, result, channel = (val.text(cells.get(n)) for n in ("applicant_type", "result",
                                                              "channel"))
    fields["applicant_type"] = vocab.applicant_key(kind) or ""
    fields["result"] = vocab.result_key(result) if result else None
    fields["channel"] = normalize(channel)
    if kind and not fields["applicant_type"]:
        problems.append(RowProblem(number, names["applicant_type"], f"未知的申请人类型“{kind}”"
                                   "（应为" + "、".join(vocab.applicant_labels.values()) + "之一）"))
    if result and fields["result"] is None:
        problems.append(RowProblem(number, names.get("result", "办理结果"),
                                   f"未知的办理结果“{result}”（应为表三的办理结果，如“予以公开”"
                                   "“不予公开-属于国家秘密”）"))
    if fields["channel"] and fields["channel"] not in CHANNELS:
        problems.append(RowProblem(number, names.get("channel", "申请方式"),
                                   f"未知的申请方式“{channel}”（应为" + "、".join(CHANNELS) + "之一）"))
        fields["channel"] = ""
    if fields["received"] is None and not any(p.column == names["received"] for p in problems):
        problems.append(RowProblem(number, names["received"], "收到日期不能为空"))
    if not kind:
        problems.append(RowProblem(number, names["applicant_type"], "申请人类型不能为空"))
    remarks = tuple((header[i] or f"第 {i + 1} 列", val.text(c))
                    for i, (f, c) in enumerate(zip(mapping, row, strict=False))
                    if f is None and val.text(c))
    if problems or fields["received"] is None:
        return None, problems
    app = Application(remarks=remarks, **fields)
    reported = {p.column for p in problems}
    for p in check(app, vocab):
        column = names.get(p.field, p.column)
        if column not in reported:
            problems.append(RowProblem(number, column, p.message))
    return (None if problems else app), problems
