"""The rules, registered with one signature: `rule(ctx) -> Iterable[Issue]`.

A rule reads everything it needs from the context: the report, its format, the parsed values,
last year's report when known. Rules are driven by the format's declarations (its sums,
identities, carry-over, text requirements), so they hold for any registered format, and a
format that lacks what a rule is about simply gets no issue from it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from core.formats.spec import ReportFormat
from core.model import Report
from core.validation.issue import Issue

Values = dict[str, int | Decimal | None]


@dataclass(frozen=True)
class RegisterCount:
    """Table 3 as counted from the register of applications (core.register.counting) for one
    agency and year: cell key → count. Rules use it only for the report of that agency and
    year."""

    agency: str
    year: int
    cells: Mapping[str, int]


@dataclass
class Context:
    report: Report
    previous: Report | None = None
    register: RegisterCount | None = None

    @property
    def format(self) -> ReportFormat:
        return self.report.format

    @cached_property
    def values(self) -> Values:
        return self.report.parsed()

    @cached_property
    def previous_values(self) -> Values:
        return self.previous.parsed() if self.previous is not None else {}

    def section_label(self, key: str) -> str:
        return self.format.section_by_key[key].heading


Rule = Callable[[Context], Iterable[Issue]]
RULES: list[Rule] = []


def rule(fn: Rule) -> Rule:
    """Register a rule; rules run in the order they were registered (the order of the issue
    list the clerk reads: agency, date, cells, identities, cross-year, texts)."""
    RULES.append(fn)
    return fn


def run(report: Report, previous: Report | None = None,
        register: RegisterCount | None = None) -> list[Issue]:
    ctx = Context(report, previous, register)
    return [issue for check in RULES for issue in check(ctx)]
