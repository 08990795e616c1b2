"""core.storage backups: rotating automatic backups, backup to a file, verified restore."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from core.storage import (
    Database,
    DatabaseInUse,
    InvalidBackup,
    StorageError,
    backups_dir,
    current_version,
    list_backups,
)
from core.storage import backups as bk
from core.storage import migrations as mig
from core.storage.lock import InstanceLock
from tests.support import FIXTURE_V1, SAMPLE_AGENCY, sample_document

AGENCY = SAMPLE_AGENCY


sample = sample_document


def snapshot(db: Database) -> dict:
    """Everything the user can see in a database."""
    return {
        "reports": db.list_reports(),
        "documents": {(r.agency, r.year): db.load_report(r.agency, r.year)
                      for r in db.list_reports()},
        "revisions": {(r.agency, r.year): db.revisions(r.agency, r.year)
                      for r in db.list_reports()},
        "agencies": db.agencies(),
        "settings": {k: db.get_setting(k) for k in ("last", "step", "new")},
    }


def fill(db: Database) -> None:
    db.save_report(sample(2024))
    db.set_status(AGENCY, 2024, "final")
    doc = sample(2025)
    db.save_report(doc)
    doc["text"]["problems"] = "专栏更新不够及时。"
    db.save_report(doc)
    db.save_report(sample(2025, "青禾县财政局"))
    db.set_setting("last", {"agency": AGENCY, "year": 2025})
    db.set_setting("step", 3)


def change(db: Database) -> None:
    doc = sample(2025)
    doc["tables"]["requests"]["new_received"]["natural_person"] = 777
    db.save_report(doc)
    db.delete_report("青禾县财政局", 2025)
    db.save_report(sample(2026, "新单位"))
    db.set_setting("step", 9)
    db.set_setting("new", True)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "reports.sqlite3"


# -- backup to a file and restore ----------------------------------------------------------------

def test_backup_change_restore_returns_the_backed_up_state(db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "U盘" / "年报备份.sqlite3"
    target.parent.mkdir()
    with Database.open(db_path) as db:
        fill(db)
        before = snapshot(db)
        db.backup_to(target)
        change(db)
        changed = snapshot(db)
        assert changed != before
        chosen = target.read_bytes()
        safety = db.restore_from(target)
        assert snapshot(db) == before
        db.save_report(sample(2027))  # still writable afterwards
        db.delete_report(AGENCY, 2027)
    assert target.read_bytes() == chosen  # the chosen file is never modified
    with Database.open(db_path) as db:
        assert snapshot(db) == before
    # the state replaced by the restore was kept
    assert safety in [b.path for b in list_backups(db_path)]
    copy = tmp_path / "safety.sqlite3"
    shutil.copyfile(safety, copy)
    with Database.open(copy, backups=False) as old:
        assert snapshot(old) == changed


def test_backup_file_is_one_self_contained_healthy_file(db_path: Path, tmp_path: Path) -> None:
    target = tmp_path / "backup.sqlite3"
    target.write_bytes(b"an older file at the same place")
    with Database.open(db_path, backups=False) as db:
        fill(db)
        db.backup_to(target)
    assert not target.with_name(target.name + "-wal").exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    conn = sqlite3.connect(target)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA user_version").fetchone()[0] == current_version()
        assert conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 3
    finally:
        conn.close()


def test_backup_to_unwritable_place_leaves_nothing(db_path: Path, tmp_path: Path) -> None:
    with Database.open(db_path, backups=False) as db:
        fill(db)
        with pytest.raises(StorageError, match="无法写入备份文件"):
            db.backup_to(tmp_path / "missing-folder" / "b.sqlite3")
    assert not (tmp_path / "missing-folder").exists()


def _bad_candidates(tmp_path: Path, db_path: Path) -> dict[str, Path]:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "random.sqlite3").write_bytes(os.urandom(10_000))
    (bad / "empty.sqlite3").write_bytes(b"")
    real = bad / "real.sqlite3"
    with Database.open(db_path, backups=False) as db:
        for year in range(2000, 2030):
            db.save_report(sample(year))
        db.backup_to(real)
    data = real.read_bytes()
    (bad / "truncated.sqlite3").write_bytes(data[: len(data) // 2])
    (bad / "garbled.sqlite3").write_bytes(data[:8192] + os.urandom(len(data) - 8192))
    newer = bad / "newer.sqlite3"
    shutil.copyfile(real, newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("PRAGMA user_version = 99")
    conn.close()
    foreign = bad / "other-app.sqlite3"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE reports (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO reports (body) VALUES ('别的程序')")
    conn.commit()
    conn.close()
    real.unlink()
    return {p.stem: p for p in bad.iterdir()}


@pytest.mark.parametrize("name, reason", [
    ("random", "已损坏"), ("empty", "空"), ("truncated", "已损坏"), ("garbled", "已损坏"),
    ("newer", "数据库版本 99"), ("other-app", "不是年报助手的数据库"), ("missing", "找不到"),
])
def test_restore_refuses_bad_files_and_changes_nothing(db_path: Path, tmp_path: Path,
                                                       name: str, reason: str) -> None:
    candidates = _bad_candidates(tmp_path, tmp_path / "scratch" / "r.sqlite3")
    candidate = candidates.get(name, tmp_path / "bad" / "missing.sqlite3")
    content = candidate.read_bytes() if candidate.exists() else None
    with Database.open(db_path) as db:
        fill(db)
        before = snapshot(db)
        backups_before = list_backups(db_path)
        with pytest.raises(InvalidBackup) as exc:
            db.restore_from(candidate)
        assert reason in str(exc.value) and "当前数据未作任何改动" in str(exc.value)
        assert snapshot(db) == before
        assert list_backups(db_path) == backups_before  # not even a safety copy was needed
    if content is not None:
        assert candidate.read_bytes() == content
    assert not [p for p in db_path.parent.iterdir() if p.name.startswith(".restore-")]


def test_restore_from_an_older_schema_version(db_path: Path) -> None:
    with Database.open(db_path) as db:
        fill(db)
        db.restore_from(FIXTURE_V1)
        assert db.schema_version == current_version()
        assert [(r.year, r.status) for r in db.list_reports()] == [(2024, "draft"),
                                                                   (2023, "final")]
        db.set_setting("step", 1)
        assert db.check_integrity() == []


# -- automatic backups ---------------------------------------------------------------------------

def test_automatic_backups_on_open_once_a_day_and_on_close_after_changes(db_path: Path) -> None:
    with Database.open(db_path):
        pass
    assert len(list_backups(db_path)) == 1  # first open of the day
    with Database.open(db_path):
        pass
    assert len(list_backups(db_path)) == 1  # same day, nothing changed
    with Database.open(db_path) as db:
        db.save_report(sample())
    backups = list_backups(db_path)
    assert len(backups) == 2  # on close, because something changed
    copy = db_path.parent / "peek.sqlite3"
    shutil.copyfile(backups[0].path, copy)
    with Database.open(copy, backups=False) as peek:
        assert peek.load_report(AGENCY, 2025) == sample()
    # a new day: the first open makes a backup again
    newest = backups[0].path
    newest.rename(newest.with_name("reports-20000101-080000.sqlite3"))
    backups[1].path.rename(newest.with_name("reports-20000101-070000.sqlite3"))
    with Database.open(db_path):
        pass
    assert len(list_backups(db_path)) == 3
    # non-exclusive opens (CLI list / dump) never back up
    with Database.open(db_path, exclusive=False) as db:
        db.set_setting("x", 1)
    assert len(list_backups(db_path)) == 3


def test_rotation_keeps_the_newest_n(db_path: Path) -> None:
    folder = backups_dir(db_path)
    folder.mkdir(parents=True)
    other = folder / "notes.txt"
    other.write_text("not a backup")
    other_db = folder / "other-20000101-000000.sqlite3"  # another database's backup
    other_db.write_bytes(b"x")
    made = []
    with Database.open(db_path, keep_backups=3) as db:
        made.append(list_backups(db_path)[0].path)
        for i in range(6):
            db.set_setting("i", i)
            made.append(db.backup_now())
    names = [b.path for b in list_backups(db_path)]
    assert len(names) == 3
    assert names[1:] == made[-1:-3:-1]  # the close backup, then the two newest before it
    assert other.exists() and other_db.exists()


def test_failed_backup_deletes_no_old_backup(db_path: Path, monkeypatch) -> None:
    with Database.open(db_path, keep_backups=2) as db:
        db.backup_now()
        kept = list_backups(db_path)
        assert len(kept) == 2

        def broken(*args, **kwargs):
            raise StorageError("磁盘空间不足")

        monkeypatch.setattr(bk, "write_copy", broken)
        with pytest.raises(StorageError):
            db.backup_now()
        assert list_backups(db_path) == kept
        db.save_report(sample())
    assert list_backups(db_path) == kept  # the close backup failed quietly
    assert db.backup_error == "磁盘空间不足"


def test_backup_problems_do_not_stop_work(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    backups_dir(db_path).write_text("a file where the backups folder should be")
    with Database.open(db_path) as db:
        assert db.backup_error and "备份" in db.backup_error
        db.save_report(sample())
        assert db.load_report(AGENCY, 2025) == sample()


def test_leftovers_of_a_crashed_backup_are_removed(db_path: Path) -> None:
    folder = backups_dir(db_path)
    folder.mkdir(parents=True)
    stale = folder / ".reports-20250101-000000.sqlite3.4242.tmp"
    stale.write_bytes(b"half a backup")
    with Database.open(db_path):
        pass
    assert not stale.exists()
    assert len(list_backups(db_path)) == 1


def test_automatic_backups_are_valid_databases(db_path: Path) -> None:
    with Database.open(db_path) as db:
        fill(db)
        path = db.backup_now()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA application_id").fetchone()[0] == mig.APPLICATION_ID
        assert conn.execute("SELECT count(*) FROM reports").fetchone()[0] == 3
    finally:
        conn.close()


def test_backup_to_refuses_the_database_itself(db_path: Path) -> None:
    with Database.open(db_path, backups=False) as db:
        fill(db)
        with pytest.raises(StorageError, match="数据库文件本身"):
            db.backup_to(db_path)
        assert len(db.list_reports()) == 3


def test_damaged_database_kept_aside_and_restored(db_path: Path, tmp_path: Path) -> None:
    from core.storage.recovery import recover

    with Database.open(db_path) as db:
        fill(db)
        before = snapshot(db)
    backup = list_backups(db_path)[0].path
    damaged = os.urandom(5000)
    db_path.write_bytes(damaged)
    with pytest.raises(StorageError):
        Database.open(db_path)
    other_instance = InstanceLock.acquire(db_path)
    with pytest.raises(DatabaseInUse):
        recover(db_path, backup)
    other_instance.release()
    assert db_path.read_bytes() == damaged
    done = recover(db_path, backup)
    with done.db as db:
        assert snapshot(db) == before
    assert done.damaged.read_bytes() == damaged
    assert done.damaged.name.startswith("reports.damaged-") and done.damaged.parent == db_path.parent
