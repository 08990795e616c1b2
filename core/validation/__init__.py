"""Validation of a report: every rule of report-format.md, returning issues as data."""

from __future__ import annotations

from core.model import Report
from core.validation import agency, tables, text, text_numbers
from core.validation.issue import ERROR, SEVERITY_LABELS, WARNING, Issue

__all__ = ["ERROR", "WARNING", "SEVERITY_LABELS", "Issue", "validate", "summary"]


def validate(report: Report, previous: Report | None = None) -> list[Issue]:
    """All issues of `report`; `previous` is last year's report of the same agency, if known."""
    values = report.parsed()
    issues: list[Issue] = []
    issues += agency.agency_rules(report)
    issues += agency.date_rules(report)
    issues += tables.cell_rules(report)
    issues += tables.declared_rules(report, values)
    issues += tables.balance_rules(values)
    issues += tables.table2_rules(report, values, previous)
    issues += tables.carry_over_rules(values, previous)
    issues += text.required_rules(report)
    issues += text.placeholder_rules(report)
    issues += text.chars_rules(report)
    issues += text.year_rules(report)
    issues += text.copy_rules(report, previous)
    issues += text_numbers.number_rules(report, tuple(text.SECTION_LABEL), text.SECTION_LABEL)
    issues += text.problems_rules(report)
    issues += text.fee_rules(report)
    return issues


def summary(issues: list[Issue]) -> tuple[int, int]:
    errors = sum(1 for i in issues if i.severity == ERROR)
    return errors, len(issues) - errors
