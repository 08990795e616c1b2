"""An editing session: one report open for editing, saved at every change, re-validated, with
last year's report for the cross-year rules. The GUI observes it; it never imports Qt.

Autosave is synchronous and per edit: one small SQLite transaction (measured in
benchmarks/bench_storage.py), so a crash or power cut loses nothing typed before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from core import format2021 as fmt
from core.model import STATUS_DRAFT, STATUS_FINAL, Report
from core.reportfile import parse_document
from core.validation import ERROR, Issue, validate


class FinalizeRefused(Exception):
    """定稿 refused because the report still has errors (message in Chinese)."""


def report_from_document(doc: dict[str, Any], status: str = STATUS_DRAFT) -> Report:
    report = parse_document(doc)
    report.declared.clear()  # stored reports keep entered cells only
    report.status = status
    return report


def new_report(agency: dict[str, str], year: int, previous: Report | None) -> Report:
    """A new report for `year`, pre-filled with what carries over from last year:
    agency details, 上年结转 = last year's 结转下年度, 现行有效件数 = last year's figure (the clerk
    then adjusts it by what was issued and repealed). Texts are NOT copied: copying last year's
    prose is exactly what the accountability clause punishes; the GUI shows it as a reference."""
    report = Report(year=year)
    report.agency.update({k: v for k, v in agency.items() if k in fmt.AGENCY_FIELD_BY_KEY})
    if previous is not None:
        report.agency.update({k: v for k, v in previous.agency.items() if v and not agency.get(k)})
        last = previous.parsed()
        for col in fmt.T3_APPLICANT_COLUMNS:
            value = last.get(f"requests/carried_forward/{col.key}")
            if value is not None:
                report.cells[f"requests/carried_over/{col.key}"] = int(value)
        for row in ("regulations", "normative_documents"):
            value = last.get(f"active/{row}/in_force")
            if value is not None:
                report.cells[f"active/{row}/in_force"] = int(value)
    return report


class EditingSession:
    """Holds the open report; every change is saved at once and re-validated."""

    def __init__(self, db: Any, report: Report, previous: Report | None = None) -> None:
        self.db = db
        self.report = report
        self.previous = previous
        self.last_saved: dt.datetime | None = None
        self.save_error: str | None = None
        self._issues: list[Issue] | None = None
        self._listeners: list[Callable[[str], None]] = []
        self._unsubscribe = report.subscribe(self._on_change)

    # -- observation -------------------------------------------------------------------------
    def subscribe(self, listener: Callable[[str], None]) -> Callable[[], None]:
        """`listener(path)` after every change has been saved and re-validated."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def close(self) -> None:
        self._unsubscribe()

    @property
    def key(self) -> tuple[str, int]:
        return self.report.agency_name, self.report.year

    def _on_change(self, path: str) -> None:
        self._issues = None
        if path == "status":  # set_status() stored it already
            return
        if path == "agency/name":
            return  # saved by rename_agency(), which moves the stored report
        self.save(summary=_summary_for(path))
        for listener in list(self._listeners):
            listener(path)

    def save(self, summary: str = "") -> bool:
        """Save now; on failure keep the edit in memory and remember the message (the GUI shows
        it and retries on the next edit)."""
        from core.storage import StorageError

        if not self.report.agency_name:
            self.save_error = "请先填写机关全称，报告才能保存。"
            return False
        try:
            self.db.save_report(self.report.to_document(include_derived=False),
                                summary=summary)
        except StorageError as exc:
            self.save_error = str(exc)
            return False
        self.save_error = None
        self.last_saved = dt.datetime.now()
        return True

    def rename_agency(self, new_name: str) -> None:
        """Change 机关全称, moving the stored report with it. Raises StorageError (Chinese
        message) when the new name already has a report for this year; nothing changes then."""
        old, new = self.report.agency_name, new_name.strip()
        if old and new and old != new:
            self.db.rename_agency(old, new)  # first: if it refuses, the model keeps the old name
            acks = self.db.get_setting(f"ack/{old}/{self.report.year}")
            if acks:  # acknowledged warnings follow the report
                self.db.set_setting(f"ack/{new}/{self.report.year}", acks)
                self.db.set_setting(f"ack/{old}/{self.report.year}", None)
        self.report.set_agency("name", new_name)
        self.save(summary="修改机关全称")
        for listener in list(self._listeners):
            listener("agency/name")

    # -- validation --------------------------------------------------------------------------
    @property
    def issues(self) -> list[Issue]:
        if self._issues is None:
            self._issues = validate(self.report, self.previous)
        return self._issues

    def issues_for(self, path: str) -> list[Issue]:
        return [i for i in self.issues if path in i.cells]

    def acknowledged(self) -> set[str]:
        name, year = self.key
        return set(self.db.get_setting(f"ack/{name}/{year}", []) or [])

    def acknowledge(self, issue: Issue, on: bool = True) -> None:
        name, year = self.key
        acks = self.acknowledged()
        (acks.add if on else acks.discard)(issue.fingerprint)
        self.db.set_setting(f"ack/{name}/{year}", sorted(acks))

    # -- finalize ----------------------------------------------------------------------------
    def finalize(self) -> None:
        errors = [i for i in self.issues if i.severity == ERROR]
        if errors:
            raise FinalizeRefused(f"还有 {len(errors)} 个错误，改正后才能定稿。")
        name, year = self.key
        self.db.set_status(name, year, STATUS_FINAL, "定稿")
        self.report.set_status(STATUS_FINAL)

    def reopen(self) -> None:
        name, year = self.key
        self.db.set_status(name, year, STATUS_DRAFT, "重新打开")
        self.report.set_status(STATUS_DRAFT)


def _summary_for(path: str) -> str:
    kind, _, rest = path.partition("/")
    if path == "cells":
        return "粘贴多个数字"
    if kind == "cells":
        return f"修改 {fmt.cell_label(rest)}"
    if kind == "text":
        return f"修改“{fmt.SECTION_BY_KEY[rest].heading}”"
    if kind == "agency":
        return f"修改机关信息“{fmt.AGENCY_FIELD_BY_KEY[rest].label}”"
    if kind == "date":
        return "修改落款日期"
    if kind == "status":
        return ""
    return path
