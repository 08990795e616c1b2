"""The wizard's flow, UI-agnostic (as Electrum does it): which steps exist, which fields and
cells belong to each, and each step's state for the side panel. Qt pages only display this."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum

from core import format2021 as fmt
from core.validation import ERROR, Issue


class Step(IntEnum):
    AGENCY = 0
    OVERVIEW = 1
    ACTIVE = 2
    REQUESTS = 3
    REVIEW = 4
    PROBLEMS = 5
    OTHER = 6
    FINISH = 7


STEP_TITLES = {
    Step.AGENCY: "机关信息",
    Step.OVERVIEW: fmt.SECTION_BY_KEY["overview"].heading,
    Step.ACTIVE: fmt.SECTION_BY_KEY["active"].heading,
    Step.REQUESTS: fmt.SECTION_BY_KEY["requests"].heading,
    Step.REVIEW: fmt.SECTION_BY_KEY["review"].heading,
    Step.PROBLEMS: fmt.SECTION_BY_KEY["problems"].heading,
    Step.OTHER: fmt.SECTION_BY_KEY["other"].heading,
    Step.FINISH: "审核与导出",
}
# Short names for the side panel, where the full headings do not fit.
STEP_SHORT = {
    Step.AGENCY: "机关信息",
    Step.OVERVIEW: "一、总体情况",
    Step.ACTIVE: "二、主动公开",
    Step.REQUESTS: "三、依申请公开",
    Step.REVIEW: "四、复议诉讼",
    Step.PROBLEMS: "五、问题及改进",
    Step.OTHER: "六、其他事项",
    Step.FINISH: "审核与导出",
}

_PREFIX_STEP = {
    "agency/": Step.AGENCY,
    "date": Step.FINISH,
    "text/overview": Step.OVERVIEW,
    "active/": Step.ACTIVE,
    "requests/": Step.REQUESTS,
    "review/": Step.REVIEW,
    "text/problems": Step.PROBLEMS,
    "text/other": Step.OTHER,
}


def step_for_path(path: str) -> Step:
    """The step where a cell key or field path ("agency/phone", "text/other") is edited."""
    for prefix, step in _PREFIX_STEP.items():
        if path.startswith(prefix):
            return step
    return Step.FINISH


def step_of_issue(issue: Issue) -> Step:
    """Where the user fixes an issue: its first cell's step (a figure quoted in the text is
    fixed in the text, so the text path comes first in such issues)."""
    return step_for_path(issue.cells[0]) if issue.cells else Step.FINISH


NOT_STARTED, COMPLETE, WARNINGS, ERRORS = "not_started", "complete", "warnings", "errors"
# "无问题", not "已完成": a table passed through with all zeros is valid, but nobody checked it
STATE_LABELS = {NOT_STARTED: "未开始", COMPLETE: "无问题", WARNINGS: "有提示", ERRORS: "有错误"}


@dataclass(frozen=True)
class StepState:
    step: Step
    state: str
    errors: int
    warnings: int


def step_states(issues: list[Issue], visited: set[int],
                acknowledged: set[str] = frozenset()) -> list[StepState]:  # type: ignore[assignment]
    """State of every step. Errors show even on a step not visited yet (an empty section is an
    error the clerk should see from the start); a step without errors is 未开始 until visited.
    Acknowledged warnings no longer count. The finish step sums up the whole report."""
    out = []
    for step in Step:
        mine = issues if step == Step.FINISH else [i for i in issues if step_of_issue(i) == step]
        errors = sum(1 for i in mine if i.severity == ERROR)
        warnings = sum(1 for i in mine if i.severity != ERROR
                       and i.fingerprint not in acknowledged)
        if errors:
            state = ERRORS
        elif int(step) not in visited:
            state = NOT_STARTED
        elif warnings:
            state = WARNINGS
        else:
            state = COMPLETE
        out.append(StepState(step, state, errors, warnings))
    return out
