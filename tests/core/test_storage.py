"""core.storage: the SQLite database of reports — saving, history, locks, refusals, upgrades."""

from __future__ import annotations

import copy
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.storage import (
    Database,
    DatabaseCorrupt,
    DatabaseInUse,
    DatabaseLocked,
    DatabaseTooNew,
    ForeignDatabase,
    InvalidDocument,
    ReportFinalized,
    ReportNotFound,
    StorageError,
    current_version,
    default_db_path,
    history,
    list_backups,
)
from core.storage import changes as ch
from core.storage import migrations as mig
from tests.support import FIXTURE_V1, ROOT, SAMPLE_AGENCY, sample_document

AGENCY = SAMPLE_AGENCY


sample = sample_document


class Clock:
    def __init__(self, t: float = 1_800_000_000.0) -> None:
        self.t = t

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "reports.sqlite3"


@pytest.fixture
def db(db_path: Path):
    database = Database.open(db_path, backups=False)
    database.clock = Clock()
    yield database
    database.close()


# -- saving and reopening ------------------------------------------------------------------------

def test_reopen_finds_every_saved_edit(db_path: Path) -> None:
    doc = sample()
    with Database.open(db_path) as db:
        db.save_report(doc)
        for i in range(25):
            doc["tables"]["requests"]["new_received"]["natural_person"] = i
            doc["text"]["problems"] = f"问题{i}"
            db.save_report(doc)
        db.save_report(sample(2024))
        db.set_setting("last_report", {"agency": AGENCY, "year": 2025, "step": 3})
    with Database.open(db_path) as db:
        assert db.load_report(AGENCY, 2025) == doc
        assert db.load_report(AGENCY, 2024) == sample(2024)
        assert db.load_report(AGENCY, 2023) is None
        assert db.get_setting("last_report") == {"agency": AGENCY, "year": 2025, "step": 3}
        assert [(r.agency, r.year, r.status) for r in db.list_reports()] == [
            (AGENCY, 2025, "draft"), (AGENCY, 2024, "draft")]
        assert db.check_integrity() == []


def test_new_database_settings(db: Database, db_path: Path) -> None:
    conn = db._c
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.schema_version == current_version() >= 2
    assert conn.execute("PRAGMA application_id").fetchone()[0] == mig.APPLICATION_ID
    assert db_path.with_name("reports.sqlite3.lock").exists()


def test_default_db_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("NBZS_DATA_DIR", str(tmp_path / "x"))
    assert default_db_path() == tmp_path / "x" / "reports.sqlite3"
    monkeypatch.delenv("NBZS_DATA_DIR")
    path = default_db_path()
    assert path.name == "reports.sqlite3" and path.parent.name == "NianbaoZhushou"


def test_open_creates_missing_folders(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "c" / "reports.sqlite3"
    with Database.open(path, backups=False) as db:
        assert db.list_reports() == []
    assert path.is_file()


def test_list_latest_agencies_delete(db: Database) -> None:
    for year in (2022, 2024):
        db.save_report(sample(year))
    db.save_report(sample(2024, "青禾县财政局"))
    assert db.agencies() == sorted([AGENCY, "青禾县财政局"])
    assert db.latest_report_before(AGENCY, 2025)["year"] == 2024
    assert db.latest_report_before(AGENCY, 2024)["year"] == 2022
    assert db.latest_report_before(AGENCY, 2022) is None
    assert db.latest_report_before("没有的单位", 2025) is None
    info = db.list_reports()
    assert [(r.agency, r.year) for r in info] == sorted(
        [(AGENCY, 2024), (AGENCY, 2022), ("青禾县财政局", 2024)],
        key=lambda r: (r[0], -r[1]))
    assert all(r.updated_at.tzinfo is not None for r in info)
    assert info[0].updated_at.timestamp() == pytest.approx(db.clock(), abs=0.01)
    assert db.delete_report("青禾县财政局", 2024) is True
    assert db.delete_report("青禾县财政局", 2024) is False
    assert db.agencies() == [AGENCY]  # no orphan agency left
    assert db.revisions("青禾县财政局", 2024) == []


def test_agency_name_is_trimmed(db: Database) -> None:
    db.save_report(sample(agency=f"  {AGENCY} "))
    assert db.agencies() == [AGENCY]
    assert db.load_report(f"{AGENCY} ", 2025) is not None


@pytest.mark.parametrize("mutate, fragment", [
    (lambda d: d["agency"].pop("name"), "机关全称"),
    (lambda d: d["agency"].update(name="  "), "机关全称"),
    (lambda d: d.update(year="2025"), "年度"),
    (lambda d: d.update(year=True), "年度"),
    (lambda d: d["text"].update(overview=float("nan")), "JSON"),
    (lambda d: d["text"].update(overview={1, 2}), "JSON"),
])
def test_unstorable_documents_are_refused(db: Database, mutate, fragment: str) -> None:
    doc = sample()
    mutate(doc)
    with pytest.raises(InvalidDocument, match=fragment):
        db.save_report(doc)
    assert db.list_reports() == []


def test_settings(db: Database) -> None:
    assert db.get_setting("wizard_step") is None
    assert db.get_setting("wizard_step", 0) == 0
    db.set_setting("wizard_step", 4)
    db.set_setting("recent", ["甲", "乙"])
    db.set_setting("wizard_step", 5)
    assert db.get_setting("wizard_step") == 5
    assert db.get_setting("recent") == ["甲", "乙"]
    db.set_setting("recent", None)
    assert db.get_setting("recent", "default") == "default"


# -- history -------------------------------------------------------------------------------------

def test_revisions_record_changed_paths(db: Database) -> None:
    doc = sample()
    db.save_report(doc, summary="导入 sample-2025.json")
    doc["tables"]["requests"]["new_received"]["natural_person"] = 99
    doc["agency"]["phone"] = "0596-0000000"
    db.clock.t += 120
    db.save_report(doc)
    db.clock.t += 120
    db.save_report(doc)  # nothing changed: nothing recorded
    newest, first = db.revisions(AGENCY, 2025)
    assert first.summary == "导入 sample-2025.json" and first.changes == ()
    assert {(c.path, c.old, c.new) for c in newest.changes} == {
        ("tables/requests/new_received/natural_person", 12, 99),
        ("agency/phone", "0596-6123456", "0596-0000000")}
    assert newest.ts.timestamp() == pytest.approx(db.clock.t - 120)


def test_autosave_revisions_are_coalesced(db: Database) -> None:
    doc = sample()
    original = doc["text"]["overview"]
    db.save_report(doc)
    for i in range(30):  # typing: one save per keystroke, a second apart
        db.clock.t += 1
        doc["text"]["overview"] = original + "新增内容"[: i % 4 + 1] + str(i)
        db.save_report(doc)
    revs = db.revisions(AGENCY, 2025)
    assert len(revs) == 2  # 新建报告 + one typing session
    (change,) = revs[0].changes
    assert change.old == original and change.new == doc["text"]["overview"]
    # a minute of silence starts a new revision
    db.clock.t += 61
    doc["text"]["overview"] += "。"
    db.save_report(doc)
    assert len(db.revisions(AGENCY, 2025)) == 3
    # another field within the minute: a new revision too
    db.clock.t += 1
    doc["tables"]["requests"]["new_received"]["commercial"] = 7
    db.save_report(doc)
    assert len(db.revisions(AGENCY, 2025)) == 4
    # …and setting it back within the minute leaves no trace of it
    db.clock.t += 1
    doc["tables"]["requests"]["new_received"]["commercial"] = 1
    db.save_report(doc)
    revs = db.revisions(AGENCY, 2025)
    assert len(revs) == 3 and revs[0].changes[0].path == "text/overview"


def test_revisions_with_other_summary_are_not_coalesced(db: Database) -> None:
    doc = sample()
    db.save_report(doc)
    doc["date"] = "2026-01-22"
    db.save_report(doc, summary="修改 落款日期")
    doc["date"] = "2026-01-23"
    db.save_report(doc, summary="导入文件")
    assert [r.summary for r in db.revisions(AGENCY, 2025)] == ["导入文件", "修改 落款日期",
                                                             "新建报告"]


def test_revisions_are_bounded(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(history, "MAX_REVISIONS", 5)
    doc = sample()
    db.save_report(doc)
    for i in range(12):
        db.clock.t += 100
        doc["tables"]["active"]["licensing"]["decisions"] = i
        db.save_report(doc)
    revs = db.revisions(AGENCY, 2025)
    assert len(revs) == 5
    assert [r.changes[0].new for r in revs] == [11, 10, 9, 8, 7]


# -- finalized reports ---------------------------------------------------------------------------

def test_finalized_report_refuses_edits_until_reopened(db: Database) -> None:
    doc = sample()
    db.save_report(doc)
    db.set_status(AGENCY, 2025, "final")
    assert db.report_status(AGENCY, 2025) == "final"
    edited = copy.deepcopy(doc)
    edited["text"]["other"] = "定稿后偷偷修改"
    with pytest.raises(ReportFinalized) as exc:
        db.save_report(edited)
    assert str(exc.value) == "报告已定稿，如需修改请先重新打开。"
    with pytest.raises(ReportFinalized):
        db.save_report(doc, status="draft")  # reopening goes through set_status
    db.save_report(doc)  # an autosave that changes nothing is harmless
    assert db.load_report(AGENCY, 2025) == doc
    db.set_status(AGENCY, 2025, "draft")
    db.save_report(edited)
    assert db.load_report(AGENCY, 2025) == edited
    summaries = [r.summary for r in db.revisions(AGENCY, 2025)]
    assert summaries[:3] == ["", "重新打开", "定稿"]
    assert db.revisions(AGENCY, 2025)[2].changes[0].new == "final"


def test_finalize_through_save(db: Database) -> None:
    doc = sample()
    db.save_report(doc)
    doc["date"] = "2026-02-01"
    db.save_report(doc, status="final")
    assert db.report_status(AGENCY, 2025) == "final"
    rev = db.revisions(AGENCY, 2025)[0]
    assert rev.summary == "定稿"
    assert {c.path for c in rev.changes} == {"date", "status"}


def test_status_of_missing_report(db: Database) -> None:
    with pytest.raises(ReportNotFound, match="2030"):
        db.report_status(AGENCY, 2030)
    with pytest.raises(ReportNotFound):
        db.set_status(AGENCY, 2030, "final")
    with pytest.raises(ValueError):
        db.save_report(sample(), status="approved")


# -- renaming ------------------------------------------------------------------------------------

def test_rename_agency_moves_every_report(db: Database) -> None:
    db.save_report(sample(2024))
    db.set_status(AGENCY, 2024, "final")
    db.save_report(sample(2025))
    assert db.rename_agency(AGENCY, "青禾县应急管理局（改）") is True
    assert db.agencies() == ["青禾县应急管理局（改）"]
    for year in (2024, 2025):
        assert db.load_report("青禾县应急管理局（改）", year)["agency"]["name"] == "青禾县应急管理局（改）"
    assert db.report_status("青禾县应急管理局（改）", 2024) == "final"
    rev = db.revisions("青禾县应急管理局（改）", 2025)[0]
    assert "改为" in rev.summary and rev.changes[0].path == "agency/name"
    assert db.rename_agency("没有的单位", "别的") is False


def test_rename_agency_merges_or_refuses_clash(db: Database) -> None:
    db.save_report(sample(2024, "甲局"))
    db.save_report(sample(2025, "乙局"))
    db.rename_agency("甲局", "乙局")  # no common year: merged
    assert db.agencies() == ["乙局"]
    assert [r.year for r in db.list_reports()] == [2025, 2024]
    db.save_report(sample(2025, "丙局"))
    with pytest.raises(StorageError, match="2025"):
        db.rename_agency("丙局", "乙局")
    assert sorted(db.agencies()) == sorted(["乙局", "丙局"])
    assert db.load_report("丙局", 2025)["agency"]["name"] == "丙局"


# -- refusing what is not safe to open ------------------------------------------------------------

def _make_db(path: Path, reports: int = 3) -> None:
    with Database.open(path, backups=False) as db:
        for year in range(2000, 2000 + reports):
            db.save_report(sample(year))


def test_newer_version_is_refused_untouched(db_path: Path) -> None:
    _make_db(db_path)
    with sqlite3.connect(db_path) as conn:
        conn.execute("PRAGMA user_version = 42")
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseTooNew) as exc:
        Database.open(db_path)
    assert str(exc.value).startswith(
        f"此数据库由更新版本的年报助手创建（数据库版本 42），当前程序只支持到版本 {current_version()}，"
        "请升级程序。")
    assert db_path.read_bytes() == before


def test_random_bytes_are_refused_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    for content in (os.urandom(20_000), b"SQLite format 3\x00" + os.urandom(8192), b"x"):
        db_path.write_bytes(content)
        with pytest.raises(DatabaseCorrupt) as exc:
            Database.open(db_path)
        assert "已损坏" in str(exc.value) and "未作任何改动" in str(exc.value)
        assert db_path.read_bytes() == content


def test_truncated_database_is_refused_untouched(db_path: Path) -> None:
    _make_db(db_path, reports=40)
    data = db_path.read_bytes()
    assert len(data) > 16 * 4096
    for size in (len(data) // 2, 4096 * 3):
        db_path.write_bytes(data[:size])
        with pytest.raises(DatabaseCorrupt):
            Database.open(db_path)
        assert db_path.read_bytes() == data[:size]


def test_foreign_sqlite_file_is_refused_untouched(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE notes (body TEXT)")
    conn.execute("INSERT INTO notes VALUES ('别人的数据')")
    conn.commit()
    conn.close()
    before = db_path.read_bytes()
    with pytest.raises(ForeignDatabase, match="不是年报助手的数据库"):
        Database.open(db_path)
    assert db_path.read_bytes() == before


def test_locked_database_gives_clear_message(db_path: Path) -> None:
    _make_db(db_path)
    other = sqlite3.connect(db_path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(DatabaseLocked) as exc:
            Database.open(db_path, timeout=0.2)
        assert "数据库正被另一个程序占用" in str(exc.value)
    finally:
        other.execute("ROLLBACK")
    with Database.open(db_path, timeout=0.2, backups=False) as db:
        other.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(DatabaseLocked):
                db.save_report(sample(2030))
        finally:
            other.execute("ROLLBACK")
        db.save_report(sample(2030))  # works again once the other program lets go
    other.close()


def test_locked_old_rollback_journal_file(tmp_path: Path) -> None:
    path = tmp_path / "reports.sqlite3"
    shutil.copyfile(FIXTURE_V1, path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # rollback-journal mode: even reading is blocked
    try:
        with pytest.raises(DatabaseLocked):
            Database.open(path, timeout=0.2)
    finally:
        other.close()
    assert path.read_bytes() == FIXTURE_V1.read_bytes()


# -- single instance -----------------------------------------------------------------------------

def test_second_exclusive_open_is_told_clearly(db_path: Path) -> None:
    with Database.open(db_path, backups=False) as first:
        first.save_report(sample())
        with pytest.raises(DatabaseInUse) as exc:
            Database.open(db_path)
        assert str(exc.value).startswith("年报助手已在另一个窗口中打开此数据库，请切换到那个窗口。")
        with Database.open(db_path, exclusive=False) as reader:  # CLI list / dump
            assert [r.year for r in reader.list_reports()] == [2025]
    with Database.open(db_path) as again:
        assert again.exclusive


def test_lock_of_a_killed_process_does_not_block(db_path: Path) -> None:
    script = ("import sys, time; sys.path.insert(0, sys.argv[1])\n"
              "from core.storage import Database\n"
              "db = Database.open(sys.argv[2], backups=False)\n"
              "print('ready', flush=True)\n"
              "time.sleep(60)\n")
    proc = subprocess.Popen([sys.executable, "-c", script, str(ROOT), str(db_path)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        with pytest.raises(DatabaseInUse):
            Database.open(db_path)
    finally:
        proc.kill()
        proc.wait()
    with Database.open(db_path, backups=False) as db:
        assert db.exclusive


def test_closed_database_says_so(db_path: Path) -> None:
    db = Database.open(db_path, backups=False)
    db.close()
    db.close()
    with pytest.raises(StorageError, match="已关闭"):
        db.list_reports()


# -- schema upgrades -----------------------------------------------------------------------------

def test_upgrade_from_v1_fixture_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "reports.sqlite3"
    shutil.copyfile(FIXTURE_V1, path)
    with Database.open(path) as db:
        assert db.schema_version == current_version()
        assert [(r.agency, r.year, r.status) for r in db.list_reports()] == [
            (AGENCY, 2024, "draft"), (AGENCY, 2023, "final")]
        doc = db.load_report(AGENCY, 2024)
        assert doc["tables"]["requests"]["new_received"]["natural_person"] == 12
        assert doc["agency"]["phone"] == "0596-6123456"
        (rev,) = db.revisions(AGENCY, 2023)
        assert rev.summary == "" and rev.changes[0].old == 8
        with pytest.raises(ReportFinalized):
            db.save_report({**db.load_report(AGENCY, 2023), "date": "2024-02-02"})
        db.set_setting("wizard_step", 2)  # the table migration 2 added
        doc["date"] = "2025-01-30"
        db.save_report(doc, summary="升级后编辑")
        assert db.check_integrity() == []
    with Database.open(path) as db:
        assert db.get_setting("wizard_step") == 2
        assert db.load_report(AGENCY, 2024)["date"] == "2025-01-30"
    # the file as it was before the upgrade was kept as a backup
    versions = []
    for info in list_backups(path):
        with sqlite3.connect(info.path) as conn:
            versions.append(conn.execute("PRAGMA user_version").fetchone()[0])
        conn.close()
    assert 1 in versions


def test_failed_migration_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "reports.sqlite3"
    shutil.copyfile(FIXTURE_V1, path)
    nxt = len(mig.MIGRATIONS) + 1  # the next migration, whatever the newest released one is
    broken = mig.Migration(nxt, "broken", ("CREATE TABLE extra (x)", "THIS IS NOT SQL"))
    monkeypatch.setattr(mig, "MIGRATIONS", (*mig.MIGRATIONS, broken))
    with pytest.raises(StorageError, match=f"升级到版本 {nxt} 失败"):
        Database.open(path, backups=False)
    conn = sqlite3.connect(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert "settings" not in tables and "applications" not in tables
        assert "extra" not in tables
        assert conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 2
    finally:
        conn.close()
    monkeypatch.undo()
    with Database.open(path, backups=False) as db:
        assert db.schema_version == current_version()


def test_core_storage_does_not_import_qt() -> None:
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import core.storage, core.storage.db;"
            "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))];"
            "print(bad); sys.exit(1 if bad else 0)")
    result = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# -- changed paths (pure functions) ---------------------------------------------------------------

_keys = st.sampled_from(["a", "b", "c.d", "名称"])
_values = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([1.0, 0.5]),
                    st.text(max_size=3))
_docs = st.recursive(_values, lambda kids: st.dictionaries(_keys, kids, max_size=3),
                     max_leaves=12).filter(lambda v: isinstance(v, dict))


@settings(max_examples=100, deadline=None)
@given(_docs, _docs, _docs)
def test_diff_apply_and_merge(a: dict, b: dict, c: dict) -> None:
    ab = ch.diff(a, b)
    assert ch.apply(a, ab) == ch.leaves(b)
    assert ch.apply(b, ab, reverse=True) == ch.leaves(a)
    assert (ab == []) == (json.dumps(a, sort_keys=True) == json.dumps(b, sort_keys=True))
    bc = ch.diff(b, c)
    if ab and ch.paths(ab) == ch.paths(bc):
        merged = ch.merge(ab, bc)
        assert ch.apply(a, merged) == ch.leaves(c)


def test_diff_distinguishes_json_types() -> None:
    assert [c["path"] for c in ch.diff({"x": 1}, {"x": 1.0})] == ["x"]
    assert [c["path"] for c in ch.diff({"x": 1}, {"x": True})] == ["x"]
    assert ch.diff({"x": {"y": 1}}, {"x": 2}) == [{"path": "x", "new": 2},
                                                  {"path": "x/y", "old": 1}]
