"""The editing session: every edit saved at once, pre-fill from last year, finalize lock."""

from __future__ import annotations

import pytest

from core.model import ReportLocked
from core.session import EditingSession, FinalizeRefused, new_report, report_from_document
from core.storage import Database
from core.validation import validate
from core.wizard import COMPLETE, ERRORS, NOT_STARTED, WARNINGS, Step, step_for_path, step_states


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
    sample_2025.agency["postcode"] = "1"
    sample_2025.texts["problems"] = "工作中还存在一些不足，将继续改进。"  # brief: a warning
    issues = validate(sample_2025, sample_2024)
    states = {s.step: s.state for s in step_states(issues, visited={0, 1, 5})}
    assert states[Step.AGENCY] == ERRORS
    assert states[Step.OVERVIEW] == COMPLETE
    assert states[Step.PROBLEMS] == WARNINGS
    assert states[Step.REQUESTS] == NOT_STARTED
    warning = next(i for i in issues if i.rule == "TEXT.PROBLEMS_EMPTY")
    acked = {s.step: s.state for s in step_states(issues, {5}, {warning.fingerprint})}
    assert acked[Step.PROBLEMS] == COMPLETE
    # errors show on a step not visited yet; the finish step sums up the whole report
    unvisited = {s.step: s for s in step_states(issues, visited=set())}
    assert unvisited[Step.AGENCY].state == ERRORS
    assert unvisited[Step.PROBLEMS].state == NOT_STARTED  # a warning waits for a visit
    assert (unvisited[Step.FINISH].errors, unvisited[Step.FINISH].warnings) == (1, 1)


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
