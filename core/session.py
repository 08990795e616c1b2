"""An editing session: one report open for editing, saved at every change, re-validated, with
last year's report for the cross-year rules. The GUI observes it; it never imports Qt.

Autosave is synchronous and per edit: one small SQLite transaction (measured in
benchmarks/bench_storage.py), so a crash or power cut loses nothing typed before it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from typing import Any

from core.formats import DEFAULT_FORMAT
from core.formats.spec import ReportFormat
from core.model import STATUS_DRAFT, STATUS_FINAL, Change, Report, ReportLocked, created_cells
from core.reportfile import parse_document
from core.validation import ERROR, Issue, RegisterCount, validate


class FinalizeRefused(Exception):
    """定稿 refused because the report still has errors (message in Chinese)."""


def report_from_document(doc: dict[str, Any], status: str = STATUS_DRAFT) -> Report:
    report = parse_document(doc)
    report.declared.clear()  # stored reports keep entered cells only
    report.status = status
    return report


def new_report(agency: dict[str, str], year: int, previous: Report | None,
               fmt: ReportFormat = DEFAULT_FORMAT) -> Report:
    """A new report for `year`, pre-filled with what carries over from last year (the format's
    `carry_over`: 上年结转 = last year's 结转下年度, 现行有效件数 = last year's figure, which the
    clerk then adjusts) and the agency details. Texts are NOT copied: copying last year's prose
    is exactly what the accountability clause punishes; the GUI shows it as a reference."""
    report = Report(year=year, format=fmt)
    report.agency.update({k: v for k, v in agency.items()
                          if k in fmt.agency_field_by_key or k == "kind"})
    if previous is not None:
        report.agency.update({k: v for k, v in previous.agency.items() if v and not agency.get(k)})
        report.cells.update(created_cells(fmt, previous))
    return report


UNDO_DEPTH = 200

# How long an autosave waits for another program's lock before giving up (the edit stays in
# memory and is retried): the database's 2 s default would freeze typing at every keystroke.
AUTOSAVE_TIMEOUT = 0.2


class CellHistory:
    """Undo/redo of cell changes, whoever made them (the grid, a paste, a page's 填入, a future
    register): each step is the figures before and after one change notification."""

    def __init__(self, depth: int = UNDO_DEPTH) -> None:
        self.depth = depth
        self._undo: list[tuple[dict[str, Any], dict[str, Any]]] = []
        self._redo: list[tuple[dict[str, Any], dict[str, Any]]] = []

    def record(self, change: Change) -> None:
        self._undo.append((dict(change.before), dict(change.after)))
        del self._undo[:-self.depth]
        self._redo.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    @property
    def can_redo(self) -> bool:
        return bool(self._redo)

    def take_undo(self) -> dict[str, Any] | None:
        """The figures to write to undo the last step (the step moves to redo)."""
        if not self._undo:
            return None
        step = self._undo.pop()
        self._redo.append(step)
        return step[0]

    def take_redo(self) -> dict[str, Any] | None:
        if not self._redo:
            return None
        step = self._redo.pop()
        self._undo.append(step)
        return step[1]


class EditingSession:
    """Holds the open report; every change is saved at once and re-validated."""

    def __init__(self, db: Any, report: Report, previous: Report | None = None) -> None:
        self.db = db
        self.report = report
        self.previous = previous
        self.last_saved: dt.datetime | None = None
        self.save_error: str | None = None
        self._pending_summary = ""  # what the failed save was for (the retry records it)
        self._issues: list[Issue] | None = None
        self.history = CellHistory()
        self._acks: tuple[tuple[str, int], frozenset[str]] | None = None
        self._replaying = False
        self._listeners: list[Callable[[Change], None]] = []
        self._unsubscribe = report.subscribe(self._on_change)
        # table 3 as the register of applications counts it, for REG.MISMATCH (set by the GUI;
        # None: no register check)
        self.register_provider: Callable[[], RegisterCount | None] | None = None

    # -- observation -------------------------------------------------------------------------
    def subscribe(self, listener: Callable[[Change], None]) -> Callable[[], None]:
        """`listener(change)` after every change has been saved (the issues are re-validated
        when asked for); status changes (定稿, 重新打开) are told too."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _notify(self, change: Change) -> None:
        for listener in list(self._listeners):
            listener(change)

    def close(self) -> None:
        self._unsubscribe()

    @property
    def key(self) -> tuple[str, int]:
        return self.report.agency_name, self.report.year

    def _on_change(self, change: Change) -> None:
        self._issues = None
        if change.after and not self._replaying:
            self.history.record(change)
        if change.path == "status":  # finalize()/reopen() stored it already
            self._notify(change)
            return
        if change.path == "agency/name":
            return  # saved by rename_agency(), which moves the stored report
        self.save(summary=_summary_for(self.report, change.path))
        self._notify(change)

    # -- editing cells -----------------------------------------------------------------------
    def set_cells(self, values: dict[str, Any]) -> None:
        """Write figures (one notification, one save, one undo step). ReportLocked when final."""
        self.report.set_cells(values)

    def undo(self) -> dict[str, Any] | None:
        """Undo the last cell change; returns the figures written, or None (nothing to undo,
        or the report is final)."""
        return self._replay(self.history.take_undo, self.history.take_redo)

    def redo(self) -> dict[str, Any] | None:
        return self._replay(self.history.take_redo, self.history.take_undo)

    def _replay(self, take: Callable[[], dict[str, Any] | None],
                put_back: Callable[[], dict[str, Any] | None]) -> dict[str, Any] | None:
        if self.report.status == STATUS_FINAL:
            return None
        figures = take()
        if figures is None:
            return None
        self._replaying = True
        try:
            self.report.set_cells(figures)
        except (KeyError, ReportLocked):
            put_back()
            raise
        finally:
            self._replaying = False
        return figures

    @property
    def unsaved(self) -> bool:
        """True while the report in memory holds edits the database does not have."""
        return self.save_error is not None

    def retry_save(self) -> bool:
        """Save the edits kept in memory after a failed save (True: all saved now)."""
        if self.save_error is None:
            return True
        return self.save(summary=self._pending_summary or "保存未保存的修改")

    def save(self, summary: str = "") -> bool:
        """Save now; on failure keep the edit in memory and remember the message (the GUI shows
        it and retries)."""
        from core.storage import StorageError

        if self.save_error is not None and summary != self._pending_summary:
            summary = "；".join(s for s in (self._pending_summary, summary) if s)[:200]
        if not self.report.agency_name:
            self.save_error = "请先填写机关全称，报告才能保存。"
            self._pending_summary = summary
            return False
        quick = getattr(self.db, "busy_timeout", None)
        try:
            with quick(AUTOSAVE_TIMEOUT) if callable(quick) else contextlib.nullcontext():
                self.db.save_report(self.report.to_document(include_derived=False),
                                    summary=summary)
        except StorageError as exc:
            self.save_error = str(exc)
            self._pending_summary = summary
            return False
        self.save_error = None
        self._pending_summary = ""
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
            self._acks = None
        self.report.set_agency("name", new_name)
        self.save(summary="修改机关全称")
        self._notify(Change("agency/name"))

    # -- validation --------------------------------------------------------------------------
    @property
    def issues(self) -> list[Issue]:
        if self._issues is None:
            register = self.register_provider() if self.register_provider else None
            self._issues = validate(self.report, self.previous, register=register)
        return self._issues

    def revalidate(self) -> None:
        """Forget the issues (something outside the report changed, e.g. the register)."""
        self._issues = None

    def issues_for(self, path: str) -> list[Issue]:
        return [i for i in self.issues if path in i.cells]

    def acknowledged(self) -> set[str]:
        """Fingerprints of the warnings the clerk confirmed (read once per report name: the
        wizard asks at every keystroke, and only acknowledge() changes them)."""
        name, year = self.key
        if self._acks is None or self._acks[0] != (name, year):
            self._acks = ((name, year),
                          frozenset(self.db.get_setting(f"ack/{name}/{year}", []) or []))
        return set(self._acks[1])

    def acknowledge(self, issue: Issue, on: bool = True) -> None:
        name, year = self.key
        acks = self.acknowledged()
        (acks.add if on else acks.discard)(issue.fingerprint)
        self.db.set_setting(f"ack/{name}/{year}", sorted(acks))
        self._acks = ((name, year), frozenset(acks))

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


def _summary_for(report: Report, path: str) -> str:
    if path == "cells":
        return "粘贴多个数字"
    if path == "status":
        return ""
    kind, _, rest = path.partition("/")
    return f"修改{report.format.path_label(rest if kind == 'cells' else path)}"
