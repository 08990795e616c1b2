"""The wizard's flow, UI-agnostic (as Electrum does it): which steps a report's format has,
which fields and cells belong to each, and each step's state for the side panel. Qt pages
only display this.

The steps are derived from the format: 机关信息, one step per section in the format's order,
审核与导出. A step is known by its key ("agency", a section key, "finish"); its index is its
place in that list (and the wizard's page id)."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from core.formats import DEFAULT_FORMAT
from core.formats.spec import ReportFormat
from core.model import Report, created_cells
from core.validation import ERROR, Issue

AGENCY, FINISH = "agency", "finish"  # the keys of the two steps every format has
_OWN = {AGENCY: "机关信息", FINISH: "审核与导出"}


@dataclass(frozen=True)
class StepDef:
    index: int  # place in the wizard, 0 for 机关信息
    key: str  # "agency", "finish" or the section's key
    section: str | None  # the section edited in this step (None for 机关信息 and 审核与导出)
    title: str  # the page's title: the section heading
    short: str  # the side panel's name for it


def steps(fmt: ReportFormat = DEFAULT_FORMAT) -> tuple[StepDef, ...]:
    """The steps of a report of `fmt`: 机关信息, each section in order, 审核与导出."""
    if {AGENCY, FINISH} & set(fmt.section_by_key):
        raise ValueError(f"a section of format {fmt.id} is keyed like a step of our own")
    sections = [StepDef(n, s.key, s.key, s.heading, s.short or s.heading)
                for n, s in enumerate(fmt.sections, start=1)]
    return (StepDef(0, AGENCY, None, _OWN[AGENCY], _OWN[AGENCY]), *sections,
            StepDef(len(sections) + 1, FINISH, None, _OWN[FINISH], _OWN[FINISH]))


class Step(IntEnum):
    """The indexes of the 2021 format's steps, by name (steps(f2021) in this order: tests and
    benchmarks jump to them). Code working for any format uses steps(fmt) and keys."""

    AGENCY = 0
    OVERVIEW = 1
    ACTIVE = 2
    REQUESTS = 3
    REVIEW = 4
    PROBLEMS = 5
    OTHER = 6
    FINISH = 7


def _section_of_path(path: str) -> str | None:
    """The section a cell key ("requests/granted/total") or text path ("text/other") is in."""
    head, _, rest = path.partition("/")
    if head == "text":
        return rest.partition("/")[0]
    return head if rest else None


def _indexes(fmt: ReportFormat) -> dict[str, int]:
    return {s.key: s.index for s in steps(fmt)}


def step_for_path(path: str, fmt: ReportFormat = DEFAULT_FORMAT) -> int:
    """The step where a cell key or field path ("agency/phone", "text/other") is edited."""
    return _step_for_path(path, _indexes(fmt))


def _step_for_path(path: str, indexes: dict[str, int]) -> int:
    # "agency/phone" names the step keyed "agency"; the date and anything unknown: the finish
    return indexes.get(_section_of_path(path) or FINISH, indexes[FINISH])


def step_of_issue(issue: Issue, fmt: ReportFormat = DEFAULT_FORMAT) -> int:
    """Where the user fixes an issue: its first cell's step (a figure quoted in the text is
    fixed in the text, so the text path comes first in such issues)."""
    return _step_of_issue(issue, _indexes(fmt))


def _step_of_issue(issue: Issue, indexes: dict[str, int]) -> int:
    return _step_for_path(issue.cells[0], indexes) if issue.cells else indexes[FINISH]


def issues_of_step(issues: list[Issue], step: int, fmt: ReportFormat) -> list[Issue]:
    """The issues fixed in `step` (a page's own list)."""
    indexes = _indexes(fmt)
    return [i for i in issues if _step_of_issue(i, indexes) == step]


# -- where the clerk left off ("wizard/<agency>/<year>") ------------------------------------------
def place(fmt: ReportFormat, current: int, visited: Collection[int]) -> dict[str, Any]:
    """What is stored of the wizard's place: the step by key (it survives a format whose
    sections moved) and, for an older version of the program, by number."""
    keys = [s.key for s in steps(fmt)]
    return {"place": keys[current], "step": current,
            "visited": [keys[n] for n in sorted(visited) if 0 <= n < len(keys)]}


def _stored_index(fmt: ReportFormat, value: object) -> int | None:
    """A stored step: its key, or a number as stored before the steps came from the format
    (the 2021 format's 0..7, the same order as steps(f2021))."""
    all_steps = steps(fmt)
    if isinstance(value, str):
        return next((s.index for s in all_steps if s.key == value), None)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(all_steps):
        return value
    return None


def restored_place(fmt: ReportFormat, stored: object) -> tuple[int, set[int]]:
    """The step to reopen at (机关信息 when nothing sensible was stored) and the visited steps."""
    state = stored if isinstance(stored, dict) else {}
    current = _stored_index(fmt, state.get("place"))
    if current is None:
        current = _stored_index(fmt, state.get("step"))
    visited = state.get("visited")
    found = (_stored_index(fmt, v) for v in (visited if isinstance(visited, list) else []))
    return current or 0, {n for n in found if n is not None}


EMPTY, COMPLETE, WARNINGS, ERRORS = "empty", "complete", "warnings", "errors"
STATE_LABELS = {EMPTY: "未填写", COMPLETE: "无问题", WARNINGS: "有提示", ERRORS: "有错误"}


@dataclass(frozen=True)
class StepState:
    step: int  # the step's index
    state: str
    errors: int
    warnings: int


def _zero(value: Any) -> bool:
    return value in (None, 0, "") or (isinstance(value, str) and value.strip() in ("", "0"))


def empty_steps(report: Report, previous: Report | None = None) -> set[int]:
    """The steps nobody has filled in yet: every agency field but the name (given when the
    report was created) empty, every figure as the new report was created (0, or carried over
    from last year), every text blank. The finish step's own field is the 落款日期: without
    one it is empty (a new report does not open on the sum of its unfilled parts). Last year's
    agency details copied into a new report count as content: they are printed, so their
    errors must show."""
    fmt = report.format
    created = created_cells(fmt, previous)
    empty: set[int] = set()
    for step in steps(fmt):
        if step.key == AGENCY:
            filled = any(str(v).strip() for k, v in report.agency.items()
                         if k not in ("name", "kind"))
        elif step.key == FINISH:
            filled = bool(report.date.strip())
        elif fmt.section_by_key[step.key].kind == "text":
            filled = bool(report.texts.get(step.key, "").strip())
        else:
            prefix = f"{step.key}/"
            filled = not all(report.cells.get(k) == created[k]
                             or (_zero(report.cells.get(k)) and _zero(created[k]))
                             for k in fmt.entered_keys if k.startswith(prefix))
        if not filled:
            empty.add(step.index)
    return empty


def step_states(issues: list[Issue], empty: Collection[int] = frozenset(),
                acknowledged: Collection[str] = frozenset(),
                fmt: ReportFormat = DEFAULT_FORMAT) -> list[StepState]:
    """State of every step of `fmt`, the same wherever the clerk is: a step with nothing in
    it is 未填写 (its "还没有填写" errors are no news); a step with content shows its errors
    and warnings at once, or 无问题. Acknowledged warnings no longer count. The finish step
    sums up the whole report (what 定稿 would refuse)."""
    indexes = _indexes(fmt)
    where = [_step_of_issue(i, indexes) for i in issues]
    out = []
    for step in steps(fmt):
        mine = issues if step.key == FINISH else [
            i for i, n in zip(issues, where, strict=True) if n == step.index]
        errors = sum(1 for i in mine if i.severity == ERROR)
        warnings = sum(1 for i in mine if i.severity != ERROR
                       and i.fingerprint not in acknowledged)
        if step.index in empty:
            state = EMPTY
        elif errors:
            state = ERRORS
        elif warnings:
            state = WARNINGS
        else:
            state = COMPLETE
        out.append(StepState(step.index, state, errors, warnings))
    return out
