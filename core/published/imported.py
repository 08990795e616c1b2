"""A published report kept as an agency's report for last year (the window's 导入上年报告), and
the plain text of a published file to show beside what was read from it."""

from __future__ import annotations

from typing import Any

from core.model import STATUS_FINAL, Report
from core.published.document import Para, Row


def imported_key(agency: str, year: int) -> str:
    """The setting that marks a stored report as read from a published file (its file name)."""
    return f"imported/{agency}/{year}"


def imported_from(db: Any, agency: str, year: int) -> str | None:
    name = db.get_setting(imported_key(agency, year))
    return str(name) if name else None


def keep_as_previous(db: Any, report: Report, agency: str, file_name: str) -> None:
    """Store `report` as `agency`'s final report for its year, under the name the new report
    uses (a published title may add a place name: 淮安市洪泽区… for 洪泽区…), so that
    `latest_report_before` finds it for the cross-year rules. Raises StorageError."""
    from core.storage import StorageError

    if db.load_report(agency, report.year) is not None:
        raise StorageError(f"数据库中已有“{agency}”{report.year}年的报告，未导入。")
    document = report.to_document(include_derived=False)
    document["agency"]["name"] = agency
    db.save_report(document, status=STATUS_FINAL, summary=f"从已发布的报告导入：{file_name}")
    db.set_setting(imported_key(agency, report.year), file_name)


def plain_text(data: bytes, kind: str) -> str:
    """The file's paragraphs and table rows as text (table cells separated by a tab), in
    reading order: the file as the clerk would see it, for a .docx, .html or .txt."""
    from core.published.report import _document

    lines: list[str] = []
    for item in _document(data, kind).items:
        if isinstance(item, Para):
            lines.append(item.text)
        elif isinstance(item, Row):
            lines.append("\t".join(c for c in item.cells if c is not None))
    return "\n".join(lines)
