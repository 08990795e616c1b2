"""Validation of a report: every rule of report-format.md, returning issues as data."""

from __future__ import annotations

from core.model import Report
from core.validation import (  # noqa: F401 — they register
    agency,
    register_rules,
    tables,
    text,
    text_numbers,
)
from core.validation.issue import ERROR, SEVERITY_LABELS, WARNING, Issue
from core.validation.registry import RULES, Context, RegisterCount, rule, run

__all__ = ["ERROR", "WARNING", "SEVERITY_LABELS", "Issue", "RULES", "Context", "RegisterCount",
           "rule", "validate", "summary"]


def validate(report: Report, previous: Report | None = None, *,
             register: RegisterCount | None = None) -> list[Issue]:
    """All issues of `report`; `previous` is last year's report of the same agency, if known;
    `register` table 3 as counted from the register of applications (REG.MISMATCH), if any."""
    return run(report, previous, register)


def summary(issues: list[Issue]) -> tuple[int, int]:
    errors = sum(1 for i in issues if i.severity == ERROR)
    return errors, len(issues) - errors
