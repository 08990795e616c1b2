"""The wizard's steps come from the report's format; the stored place survives by key, and a
place stored as a number (before the steps came from the format) still opens the same page."""

from __future__ import annotations

import pytest

from core.formats import DEFAULT_FORMAT
from core.validation import validate
from core.wizard import (
    ERRORS,
    Step,
    empty_steps,
    place,
    restored_place,
    step_for_path,
    step_states,
    steps,
)
from tests import madeup_format as made


def test_the_2021_steps_are_the_named_ones():
    assert [(s.index, s.key) for s in steps(DEFAULT_FORMAT)] == [
        (int(s), s.name.lower()) for s in Step]
    assert [s.title for s in steps()][1:-1] == [s.heading for s in DEFAULT_FORMAT.sections]


@pytest.mark.parametrize(("path", "index"), [
    ("agency/phone", 0), ("text/summary", 1), ("counts/received/online", 2),
    ("date", 3), ("requests/granted/total", 3),  # not a section of this format: the finish
])
def test_paths_of_another_format(path, index):
    assert step_for_path(path, made.FORMAT) == index


def test_states_and_empty_steps_of_another_format():
    report = made.report(pending__online=3)
    assert empty_steps(report) == set()
    states = step_states(validate(report), empty_steps(report), fmt=made.FORMAT)
    assert [(s.step, s.state, s.errors) for s in states] == [
        (0, "complete", 0), (1, "complete", 0), (2, ERRORS, 2), (3, ERRORS, 2)]
    report.texts["summary"] = " "
    report.date = ""
    assert empty_steps(report) == {1, 3}


def test_the_place_is_stored_by_key_and_restored():
    stored = place(made.FORMAT, 2, {0, 2})
    assert stored == {"place": "counts", "step": 2, "visited": ["agency", "counts"]}
    assert restored_place(made.FORMAT, stored) == (2, {0, 2})
    # the same key in a format where the section moved: found by key, not by number
    assert restored_place(made.FORMAT, {"place": "summary", "step": 5}) == (1, set())


@pytest.mark.parametrize(("stored", "expected"), [
    ({"step": 3, "visited": [0, 1, 3]}, (Step.REQUESTS, {0, 1, 3})),  # as stored before
    ({"step": 7}, (Step.FINISH, set())),
    ({"step": 8, "visited": [9, "x"]}, (Step.AGENCY, set())),  # out of range: the start
    ({"place": "nonsense", "step": 5}, (Step.PROBLEMS, set())),
    ({"step": True}, (Step.AGENCY, set())),
    ([], (Step.AGENCY, set())), (None, (Step.AGENCY, set())),
])
def test_old_and_odd_stored_places(stored, expected):
    assert restored_place(DEFAULT_FORMAT, stored) == expected
