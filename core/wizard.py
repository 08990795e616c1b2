"""The wizard's flow, UI-agnostic (as Electrum does it): which steps exist, which fields and
cells belong to each, and each step's state for the side panel. Qt pages only display this."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from core.formats import DEFAULT_FORMAT
from core.formats.spec import ReportFormat
from core.model import Report, created_cells
from core.validation import ERROR, Issue


class Step(IntEnum):
    """The wizard's steps: the agency, each section of the format in order, then the finish.
    (The 2021 format's six sections; a format with other sections needs its own step list.)"""

    AGENCY = 0
    OVERVIEW = 1
    ACTIVE = 2
    REQUESTS = 3
    REVIEW = 4
    PROBLEMS = 5
    OTHER = 6
    FINISH = 7


STEP_SECTION = {Step.OVERVIEW: "overview", Step.ACTIVE: "active", Step.REQUESTS: "requests",
                Step.REVIEW: "review", Step.PROBLEMS: "problems", Step.OTHER: "other"}
_OWN = {Step.AGENCY: "机关信息", Step.FINISH: "审核与导出"}


def step_titles(fmt: ReportFormat = DEFAULT_FORMAT) -> dict[Step, str]:
    """Each step's page title: the section heading (机关信息 and 审核与导出 are our own)."""
    return {s: _OWN.get(s) or fmt.section_by_key[STEP_SECTION[s]].heading for s in Step}


def step_short(fmt: ReportFormat = DEFAULT_FORMAT) -> dict[Step, str]:
    """Short names for the side panel, where the full headings do not fit."""
    return {s: _OWN.get(s) or fmt.section_by_key[STEP_SECTION[s]].short for s in Step}


STEP_TITLES = step_titles()
STEP_SHORT = step_short()


def step_for_path(path: str) -> Step:
    """The step where a cell key or field path ("agency/phone", "text/other") is edited."""
    if path.startswith("agency/"):
        return Step.AGENCY
    head, _, rest = path.partition("/")
    section = rest.partition("/")[0] if head == "text" else head
    for step, key in STEP_SECTION.items():
        if key == section:
            return step
    return Step.FINISH


def step_of_issue(issue: Issue) -> Step:
    """Where the user fixes an issue: its first cell's step (a figure quoted in the text is
    fixed in the text, so the text path comes first in such issues)."""
    return step_for_path(issue.cells[0]) if issue.cells else Step.FINISH


EMPTY, COMPLETE, WARNINGS, ERRORS = "empty", "complete", "warnings", "errors"
STATE_LABELS = {EMPTY: "未填写", COMPLETE: "无问题", WARNINGS: "有提示", ERRORS: "有错误"}


@dataclass(frozen=True)
class StepState:
    step: Step
    state: str
    errors: int
    warnings: int


def _zero(value: Any) -> bool:
    return value in (None, 0, "") or (isinstance(value, str) and value.strip() in ("", "0"))


def empty_steps(report: Report, previous: Report | None = None) -> set[Step]:
    """The steps nobody has filled in yet: every agency field but the name (given when the
    report was created) empty, every figure as the new report was created (0, or carried over
    from last year), every text blank. The finish step's own field is the 落款日期: without
    one it is empty (a new report does not open on the sum of its unfilled parts). Last year's agency details copied into a new report count as content:
    they are printed, so their errors must show."""
    fmt = report.format
    created = created_cells(fmt, previous)
    empty: set[Step] = set()
    if not any(str(v).strip() for k, v in report.agency.items() if k not in ("name", "kind")):
        empty.add(Step.AGENCY)
    for step, key in STEP_SECTION.items():
        if fmt.section_by_key[key].kind == "text":
            if not report.texts.get(key, "").strip():
                empty.add(step)
            continue
        prefix = f"{key}/"
        if all(report.cells.get(k) == created[k] or (_zero(report.cells.get(k))
                                                      and _zero(created[k]))
               for k in fmt.entered_keys if k.startswith(prefix)):
            empty.add(step)
    if not report.date.strip():
        empty.add(Step.FINISH)
    return empty


def step_states(issues: list[Issue], empty: set[Step] = frozenset(),  # type: ignore[assignment]
                acknowledged: set[str] = frozenset()) -> list[StepState]:  # type: ignore[assignment]
    """State of every step, the same wherever the clerk is: a step with nothing in it is
    未填写 (its "还没有填写" errors are no news); a step with content shows its errors and
    warnings at once, or 无问题. Acknowledged warnings no longer count. The finish step sums
    up the whole report (what 定稿 would refuse)."""
    out = []
    for step in Step:
        mine = issues if step == Step.FINISH else [i for i in issues if step_of_issue(i) == step]
        errors = sum(1 for i in mine if i.severity == ERROR)
        warnings = sum(1 for i in mine if i.severity != ERROR
                       and i.fingerprint not in acknowledged)
        if step in empty:
            state = EMPTY
        elif errors:
            state = ERRORS
        elif warnings:
            state = WARNINGS
        else:
            state = COMPLETE
        out.append(StepState(step, state, errors, warnings))
    return out
