"""检查已发布的报告 as a workbook: one sheet, one row per finding (file, rule, severity, message)."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from core.validation import ERROR, SEVERITY_LABELS, Issue, summary

HEADERS = ("文件", "规则", "严重程度", "说明")
UNREADABLE = "无法读取"  # the rule column of a file that is not one 2021-format report


@dataclass
class Audited:
    """One published file checked as its readers would see it (what `audit` prints)."""

    path: Path
    agency: str = ""
    year: int | None = None
    issues: list[Issue] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # what could not be read, in words
    error: str = ""  # why the file could not be read at all

    @property
    def counts(self) -> tuple[int, int]:
        """(errors, warnings); a file that could not be read is one error."""
        return (1, 0) if self.error else summary(self.issues)


def audit_file(path: str | Path) -> Audited:
    """Read a published report and run every rule on it, plus the PUB.* findings."""
    from core.published import PublishedError, read_published
    from core.validation import validate

    out = Audited(Path(path))
    try:
        published = read_published(path)
    except PublishedError as exc:
        out.error = str(exc)
        return out
    report = published.report
    out.agency, out.year = report.agency_name, report.year
    out.issues = published.issues + validate(report)
    fmt = report.format
    for key in published.unread:
        if key.startswith("agency/"):
            out.unread.append(fmt.agency_field_by_key[key[7:]].label)
        elif key in fmt.table_by_key:
            out.unread.append(fmt.table_by_key[key].number)
        elif key in fmt.section_by_key:
            out.unread.append(fmt.section_by_key[key].heading)
        else:
            out.unread.append(key)
    return out


def audit_rows(files: Iterable[Audited]) -> list[tuple[str, str, str, str]]:
    rows = []
    for audited in files:
        name = audited.path.name
        if audited.error:
            rows.append((name, UNREADABLE, SEVERITY_LABELS[ERROR], audited.error))
        rows.extend((name, i.rule, SEVERITY_LABELS[i.severity], i.message) for i in audited.issues)
    return rows


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
