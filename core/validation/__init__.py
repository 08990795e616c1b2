"""Validation of a report: every rule of report-format.md, returning issues as data."""

from __future__ import annotations

from core.model import Report
from core.validation import agency, tables, text, text_numbers  # noqa: F401 — they register
from core.validation.issue import ERROR, SEVERITY_LABELS, WARNING, Issue
from core.validation.registry import RULES, Context, rule, run

__all__ = ["ERROR", "WARNING", "SEVERITY_LABELS", "Issue", "RULES", "Context", "rule",
           "validate", "summary"]


def validate(report: Report, previous: Report | None = None) -> list[Issue]:
    """All issues of `report`; `previous` is last year's report of the same agency, if known."""
    return run(report, previous)


def summary(issues: list[Issue]) -> tuple[int, int]:
    errors = sum(1 for i in issues if i.severity == ERROR)
    return errors, len(issues) - errors
