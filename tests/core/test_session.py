"""The editing session: every edit saved at once, pre-fill from last year, finalize lock."""

from __future__ import annotations

import pytest

from core.model import ReportLocked
from core.session import EditingSession, FinalizeRefused, new_report, report_from_document
from core.storage import Database
from core.validation import validate
from core.wizard import (
    COMPLETE,
    EMPTY,
    ERRORS,
    WARNINGS,
    Step,
    empty_steps,
    step_for_path,
    step_states,
)


@pytest.fixture
def db(tmp_path):
    database = Database.open(tmp_path / "r.sqlite3")
    yield database
    database.close()


def test_new_report_prefills_from_last_year(sample_2024):
    report = new_report({"name": sample_2024.agency_name}, 2025, sample_2024)
    assert report.agency == sample_2024.agency
    assert report.cells["requests/carried_over/natural_person"] == 1
    assert report.cells["active/normative_documents/in_force"] == 10
    assert report.texts == {"overview": "", "problems": "", "other": ""}  # never copied
    assert report.date == ""


def test_every_edit_is_saved_at_once(db, tmp_path, sample_2024, sample_2025):
    session = EditingSession(db, sample_2025, sample_2024)
    session.save()
    seen = []
    session.subscribe(seen.append)
    sample_2025.set_cell("requests/granted/natural_person", 7)
    sample_2025.set_text("problems", sample_2025.texts["problems"] + "新增一句。")
    assert [c.path for c in seen] == ["cells/requests/granted/natural_person", "text/problems"]
    assert session.last_saved is not None and session.save_error is None
    db.close()
    with Database.open(tmp_path / "r.sqlite3") as again:
        doc = again.load_report("青禾县应急管理局", 2025)
    stored = report_from_document(doc)
    assert stored.cells["requests/granted/natural_person"] == 7
    assert stored.texts["problems"].endswith("新增一句。")
    # the edit broke the balance and the session knows it
    assert any(i.rule == "T3.BALANCE" for i in session.issues)


def test_finalize_needs_no_errors_and_locks(db, sample_2024, sample_2025):
    session = EditingSession(db, sample_2025, sample_2024)
    session.save()
    sample_2025.set_agency("postcode", "1")
    with pytest.raises(FinalizeRefused, match="1 个错误"):
        session.finalize()
    sample_2025.set_agency("postcode", "345100")
    session.finalize()
    assert db.report_status("青禾县应急管理局", 2025) == "final"
    with pytest.raises(ReportLocked):
        sample_2025.set_cell("requests/granted/natural_person", 9)
    session.reopen()
    sample_2025.set_cell("requests/granted/natural_person", 6)
    assert db.report_status("青禾县应急管理局", 2025) == "draft"


def test_acknowledged_warnings_persist(db, sample_2024, sample_2025):
    session = EditingSession(db, sample_2025, sample_2024)
    sample_2025.set_text("problems", "工作中还存在一些不足，将继续改进。")
    warning = next(i for i in session.issues if i.rule == "TEXT.PROBLEMS_EMPTY")
    session.acknowledge(warning)
    assert warning.fingerprint in EditingSession(db, sample_2025, sample_2024).acknowledged()


def test_step_states(sample_2024, sample_2025):
    """Changed: no more 未开始 for a step not visited — a step's state is the same wherever the
    clerk is; only a step with nothing in it is 未填写."""
    sample_2025.agency["postcode"] = "1"
    sample_2025.texts["problems"] = "工作中还存在一些不足，将继续改进。"  # brief: a warning
    issues = validate(sample_2025, sample_2024)
    states = {s.step: s.state for s in step_states(issues, set())}
    assert states[Step.AGENCY] == ERRORS
    assert states[Step.OVERVIEW] == COMPLETE
    assert states[Step.PROBLEMS] == WARNINGS  # shown at once, not after a visit
    assert states[Step.REQUESTS] == COMPLETE
    warning = next(i for i in issues if i.rule == "TEXT.PROBLEMS_EMPTY")
    acked = {s.step: s.state for s in step_states(issues, set(), {warning.fingerprint})}
    assert acked[Step.PROBLEMS] == COMPLETE
    # an empty step is 未填写 whatever its issues; the finish step sums up the whole report
    empty = {s.step: s for s in step_states(issues, {Step.AGENCY, Step.PROBLEMS})}
    assert empty[Step.AGENCY].state == EMPTY and empty[Step.PROBLEMS].state == EMPTY
    assert (empty[Step.FINISH].errors, empty[Step.FINISH].warnings) == (1, 1)


def test_a_new_report_is_empty_until_something_is_entered(sample_2024):
    fresh = new_report({"name": "青禾县新设局"}, 2025, None)
    assert empty_steps(fresh) == set(Step)
    states = {s.step: s.state for s in step_states(validate(fresh), empty_steps(fresh))}
    assert set(states.values()) == {EMPTY}  # no wall of red before anything is typed
    fresh.set_agency("phone", "0596-1234567")
    fresh.set_cell("review/reconsideration/upheld", 1)
    assert Step.AGENCY not in empty_steps(fresh) and Step.REVIEW not in empty_steps(fresh)
    assert Step.FINISH in empty_steps(fresh)  # its own field, the date, is still empty
    fresh.set_date("2026-01-20")
    assert Step.FINISH not in empty_steps(fresh)
    states = {s.step: s.state for s in step_states(validate(fresh), empty_steps(fresh))}
    assert states[Step.AGENCY] == ERRORS  # with content, its missing fields show
    assert states[Step.OVERVIEW] == EMPTY


def test_carried_over_figures_are_not_content(sample_2024):
    carried = new_report({"name": "青禾县应急管理局"}, 2025, sample_2024)
    empty = empty_steps(carried, sample_2024)
    assert {Step.ACTIVE, Step.REQUESTS, Step.REVIEW, Step.OVERVIEW, Step.PROBLEMS,
            Step.OTHER} <= empty
    assert Step.AGENCY not in empty  # last year's details are printed: their errors must show
    carried.set_cell("requests/new_received/natural_person", 3)
    assert Step.REQUESTS not in empty_steps(carried, sample_2024)
    carried.set_text("other", "   ")
    assert Step.OTHER in empty_steps(carried, sample_2024)


def test_the_filled_sample_has_no_empty_step(sample_2024, sample_2025):
    assert empty_steps(sample_2025, sample_2024) == set()


@pytest.mark.parametrize(("path", "step"), [
    ("agency/phone", Step.AGENCY), ("requests/granted/total", Step.REQUESTS),
    ("active/fees/amount", Step.ACTIVE), ("review/reconsideration/upheld", Step.REVIEW),
    ("text/other", Step.OTHER), ("date", Step.FINISH),
])
def test_step_for_path(path, step):
    assert step_for_path(path) == step


def test_paste_is_one_save_and_one_revision(db, sample_2024, sample_2025):
    session = EditingSession(db, sample_2025, sample_2024)
    session.save()
    before = len(db.revisions("青禾县应急管理局", 2025))
    seen = []
    session.subscribe(seen.append)
    sample_2025.set_cells({"review/litigation_after/upheld": 2,
                           "review/litigation_after/pending": 1})
    assert [c.path for c in seen] == ["cells"]
    assert len(db.revisions("青禾县应急管理局", 2025)) == before + 1
    stored = report_from_document(db.load_report("青禾县应急管理局", 2025))
    assert stored.cells["review/litigation_after/upheld"] == 2
    assert stored.value("review/litigation_after/total") == 3


def test_rename_moves_the_report_and_its_acknowledgements(db, sample_2024, sample_2025):
    session = EditingSession(db, sample_2025, sample_2024)
    session.save()
    sample_2025.set_text("problems", "无。")
    warning = next(i for i in session.issues if i.rule == "TEXT.PROBLEMS_EMPTY")
    session.acknowledge(warning)
    session.rename_agency("青禾县应急管理局（新）")
    assert db.load_report("青禾县应急管理局", 2025) is None
    assert db.load_report("青禾县应急管理局（新）", 2025)["text"]["problems"] == "无。"
    assert warning.fingerprint in session.acknowledged()
