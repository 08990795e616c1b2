"""Restore faults: leftovers of a killed restore, a backup whose documents are not JSON, a
stray -wal beside the chosen backup."""

from __future__ import annotations

import os
import sqlite3
import time

import pytest

from core.storage import Database, InvalidBackup


def make(path, name: str = "甲局"):  # noqa: ANN001, ANN201
    with Database.open(path, backups=False) as db:
        db.save_report({"agency": {"name": name}, "year": 2024})


def test_leftovers_of_a_killed_restore_are_removed(tmp_path):
    path = tmp_path / "reports.sqlite3"
    make(path)
    ours = tmp_path / ".restore-reports-abc123xy"
    ours.mkdir()
    (ours / "candidate.sqlite3").write_bytes(b"x" * 1000)
    recent_other = tmp_path / ".restore-xyz"
    recent_other.mkdir()  # perhaps another database's restore, running now: left alone
    old_other = tmp_path / ".restore-old"
    old_other.mkdir()
    long_ago = time.time() - 7200
    os.utime(old_other, (long_ago, long_ago))
    with Database.open(path):
        pass
    assert not ours.exists() and not old_other.exists() and recent_other.exists()


def test_leftovers_of_a_killed_salvage_are_removed_once_old(tmp_path):
    """A salvage runs without the instance lock (it only reads the damaged file), so a young
    work folder may be one at work: only an old one is removed."""
    path = tmp_path / "reports.sqlite3"
    make(path)
    young, old = tmp_path / ".salvage-reports-young", tmp_path / ".salvage-reports-old"
    for folder in (young, old):
        folder.mkdir()
        (folder / "damaged.sqlite3").write_bytes(b"x" * 1000)
    long_ago = time.time() - 7200
    os.utime(old, (long_ago, long_ago))
    with Database.open(path):
        pass
    assert young.exists() and not old.exists()


def test_a_backup_whose_documents_are_not_json_is_refused(tmp_path):
    path = tmp_path / "reports.sqlite3"
    make(path)
    bad = tmp_path / "bad.sqlite3"
    make(bad, "乙局")
    conn = sqlite3.connect(bad)
    conn.execute("UPDATE reports SET document = '{not json'")
    conn.commit()
    conn.close()
    with Database.open(path) as db:
        with pytest.raises(InvalidBackup) as exc:
            db.restore_from(bad)
        assert "JSON" in str(exc.value)
        assert [r.agency for r in db.list_reports()] == ["甲局"]


def test_a_stored_document_that_is_not_json_is_a_storage_error(tmp_path):
    from core.storage import StorageError

    path = tmp_path / "reports.sqlite3"
    make(path)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE reports SET document = '{not json'")
    conn.commit()
    conn.close()
    with Database.open(path) as db, pytest.raises(StorageError):
        db.load_report("甲局", 2024)


def test_a_stray_wal_beside_the_chosen_backup_is_not_replayed(tmp_path):
    path = tmp_path / "reports.sqlite3"
    make(path)
    live = tmp_path / "live.sqlite3"
    make(live, "旧局")
    db = Database.open(live, backups=False)
    db.save_report({"agency": {"name": "旧局二"}, "year": 2025})  # only in live's -wal
    stray_wal = (tmp_path / "live.sqlite3-wal").read_bytes()
    candidate = tmp_path / "candidate.sqlite3"
    make(candidate, "丙局")
    db.close()
    (tmp_path / "candidate.sqlite3-wal").write_bytes(stray_wal)
    long_ago = time.time() - 3600
    os.utime(tmp_path / "candidate.sqlite3-wal", (long_ago, long_ago))
    before = candidate.read_bytes()
    with Database.open(path) as target:
        target.restore_from(candidate)
        assert [r.agency for r in target.list_reports()] == ["丙局"]
    assert candidate.read_bytes() == before  # the chosen file is never modified


def test_the_live_database_itself_is_not_a_backup(tmp_path):
    """Offered its own file, restore refuses: a "restore" from itself would report success
    and change nothing, while the clerk believes an older state came back."""
    path = tmp_path / "reports.sqlite3"
    make(path)
    with Database.open(path) as db:
        before = db.list_reports()
        with pytest.raises(InvalidBackup) as caught:
            db.restore_from(path)
        assert "正在使用的数据库本身" in str(caught.value)
        assert db.list_reports() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".restore-")]


def test_a_drive_without_inodes_does_not_make_every_backup_the_live_database(
        tmp_path, monkeypatch):
    """Some Windows drives (WebDAV, cloud folders) report inode 0 for all files, where
    os.path.samefile says any two files are one: the paths decide there."""
    from core.storage import backups

    live, other = tmp_path / "reports.sqlite3", tmp_path / "备份.sqlite3"
    live.write_bytes(b"a")
    other.write_bytes(b"b")
    real_stat = os.stat

    def no_inodes(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        found = real_stat(path, *args, **kwargs)
        return os.stat_result((found.st_mode, 0, 0, *tuple(found)[3:]))
    monkeypatch.setattr(os, "stat", no_inodes)
    assert not backups._same_file(other, live)
    assert backups._same_file(tmp_path / "." / "reports.sqlite3", live)


def test_a_killed_copy_of_the_damaged_file_is_removed_and_a_look_removes_nothing(tmp_path):
    from core.storage import backups

    path = tmp_path / "reports.sqlite3"
    make(path)
    backup = tmp_path / "备份.sqlite3"
    with Database.open(path, backups=False) as db:
        db.backup_to(backup)
    part = tmp_path / "reports.damaged-20261205-010203.sqlite3.part"
    part.write_bytes(b"x" * 4096)
    other = tmp_path / "reports-2024.damaged-20261205-010203.sqlite3.part"  # not this database's
    other.write_bytes(b"x")
    at_work = tmp_path / ".restore-reports-ab12cd34"  # another instance's restore, under its lock
    at_work.mkdir()
    with backups.prepared_candidate(backup, path, 4096, 2.0, clean=False) as look:
        assert look.execute("SELECT count(*) FROM reports").fetchone()[0] == 1  # no lock held
    assert at_work.exists() and part.exists()
    with Database.open(path):  # under the lock: leftovers go
        pass
    assert not part.exists() and not at_work.exists() and other.exists()
