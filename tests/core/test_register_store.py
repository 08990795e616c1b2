"""The register in the database: the upgrade from schema version 2, saving, history, agencies."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from core.register.model import Application, check
from core.register.store import RegisterStore
from core.storage import Database, current_version
from tests.support import FIXTURE_V2, SAMPLE_AGENCY, sample_document

D = dt.date


def app(number: str = "2025-001", **kw: object) -> Application:
    fields: dict[str, object] = {"received": D(2025, 3, 3), "applicant_type": "natural_person",
                                 "applicant": "张三", "content": "某路段改造规划"}
    fields.update(kw)
    return Application(number=number, **fields)  # type: ignore[arg-type]


@pytest.fixture
def db(tmp_path: Path):
    with Database.open(tmp_path / "r.sqlite3", backups=False) as database:
        yield database


def test_upgrade_from_version_2_keeps_every_report_and_adds_the_register(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURE_V2, path)
    raw = sqlite3.connect(path)
    before = raw.execute("SELECT a.name, r.year, r.status, r.document FROM reports r "
                         "JOIN agencies a ON a.id = r.agency_id ORDER BY r.id").fetchall()
    revisions = raw.execute("SELECT report_id, ts, summary, changes FROM revisions").fetchall()
    raw.close()
    assert len(before) == 3
    with Database.open(path, backups=False) as db:
        assert db.schema_version == current_version() == 3
        for name, year, status, text in before:
            assert db.load_report(name, year) == json.loads(text)
            assert db.report_status(name, year) == status
        assert db.get_setting("last_report") == [SAMPLE_AGENCY, 2024]
        store = RegisterStore(db)
        assert store.applications(SAMPLE_AGENCY) == []
        store.save(SAMPLE_AGENCY, app())
        assert store.applications(SAMPLE_AGENCY) == [app()]
    raw = sqlite3.connect(path)
    assert raw.execute("SELECT report_id, ts, summary, changes FROM revisions").fetchall() \
        == revisions
    raw.close()


def test_saved_application_reads_back_with_every_field(db: Database) -> None:
    full = app(channel="网络", correction_requested=D(2025, 3, 5),
               correction_received=D(2025, 3, 10), extended=True, replied=D(2025, 4, 20),
               result="withheld.third_party", fee=Decimal("120.50"),
               remarks=(("经办人", "李四"), ("备注", "电话联系")))
    store = RegisterStore(db)
    assert store.save(SAMPLE_AGENCY, full)
    assert store.get(SAMPLE_AGENCY, "2025-001") == full
    assert store.get("别的机关", "2025-001") is None


def test_every_change_is_a_revision_and_an_unchanged_save_records_nothing(db: Database) -> None:
    store = RegisterStore(db)
    store.save(SAMPLE_AGENCY, app())
    assert not store.save(SAMPLE_AGENCY, app())
    store.save(SAMPLE_AGENCY, app(replied=D(2025, 3, 20), result="granted"), summary="答复")
    store.save(SAMPLE_AGENCY, app(replied=D(2025, 3, 21), result="granted"))
    revs = store.revisions(SAMPLE_AGENCY, "2025-001")
    assert [r.summary for r in revs] == ["", "答复", "新建申请"]
    assert {(c.path, c.old, c.new) for c in revs[1].changes} == {
        ("replied", None, "2025-03-20"), ("result", None, "granted")}
    assert [(c.path, c.old, c.new) for c in revs[0].changes] == [
        ("replied", "2025-03-20", "2025-03-21")]


def test_numbers_are_unique_per_agency_not_across_agencies(db: Database) -> None:
    store = RegisterStore(db)
    assert store.save_many(SAMPLE_AGENCY, [app("1"), app("2")]) == (2, 0)
    assert store.save_many("青禾县自然资源局", [app("1")]) == (1, 0)
    assert store.save_many(SAMPLE_AGENCY, [app("1", applicant="王五"), app("3")]) == (1, 1)
    assert [a.number for a in store.applications(SAMPLE_AGENCY)] == ["1", "2", "3"]
    assert store.get(SAMPLE_AGENCY, "1").applicant == "王五"  # type: ignore[union-attr]
    assert store.get("青禾县自然资源局", "1").applicant == "张三"  # type: ignore[union-attr]


def test_deleting_the_last_report_keeps_the_agency_and_its_register(db: Database) -> None:
    db.save_report(sample_document(2025))
    store = RegisterStore(db)
    store.save(SAMPLE_AGENCY, app())
    assert db.delete_report(SAMPLE_AGENCY, 2025)
    assert store.applications(SAMPLE_AGENCY) == [app()]


def test_check_names_the_column_and_the_reason() -> None:
    assert check(app()) == []
    problems = {(p.column, p.message) for p in check(app(
        applicant_type="个人", result="granted", correction_received=D(2025, 3, 1)))}
    assert ("申请人类型", "申请人类型必须是自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他之一") \
        in problems
    assert ("答复日期", "填写了办理结果，但没有答复日期") in problems
    assert ("补正收到日期", "有补正收到日期，但没有补正通知日期") in problems
    assert [p.message for p in check(app(replied=D(2025, 3, 1), result="granted"))] == [
        "答复日期早于收到日期"]
    assert [p.message for p in check(app(replied=D(2025, 3, 9)))] == ["填写了答复日期，但没有办理结果"]
    assert [p.message for p in check(app(correction_requested=D(2025, 3, 6),
                                         correction_received=D(2025, 3, 5)))] == [
        "补正收到日期早于补正通知日期"]


def test_a_worker_thread_saves_through_its_own_connection(tmp_path: Path) -> None:
    """sqlite3 connections belong to their thread: the ledger import, run in a worker, writes
    through Database.for_worker; the rows are then seen through the app's own connection."""
    import threading

    with Database.open(tmp_path / "reports.sqlite3") as db:
        db.clock = lambda: 1_750_000_000.0
        outcome: list[object] = []

        def work() -> None:
            worker_db = db.for_worker()
            try:
                outcome.append(RegisterStore(worker_db).save_many(
                    "某局", [app("W-1"), app("W-2")], summary="导入"))
            finally:
                worker_db.close()
        thread = threading.Thread(target=work)
        thread.start()
        thread.join()
        assert outcome == [(2, 0)]
        assert [a.number for a in RegisterStore(db).applications("某局")] == ["W-1", "W-2"]
        assert RegisterStore(db).revisions("某局", "W-1")[0].ts.year == 2025  # db's clock
        assert db.exclusive  # the lock stays this connection's


def test_a_worker_connection_refuses_a_replaced_file(tmp_path: Path) -> None:
    from core.storage import DatabaseReplaced

    path = tmp_path / "reports.sqlite3"
    with Database.open(path) as db:
        other = tmp_path / "other.sqlite3"
        Database.open(other, exclusive=False).close()
        shutil.move(other, path)
        worker_db = db.for_worker()
        try:
            with pytest.raises(DatabaseReplaced):
                RegisterStore(worker_db).save_many("某局", [app("W-1")])
        finally:
            worker_db.close()
