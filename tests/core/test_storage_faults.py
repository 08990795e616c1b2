"""Faults around the database file: a `-wal` beside a refused file, a stray `-wal` after a
manual restore, a zero-length file."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from core.storage import Database
from core.storage.errors import DatabaseCorrupt, ForeignDatabase
from tests.support import ROOT


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def crashed_copy(conn_files: Path, into: Path) -> None:
    """Copy a database and its -wal while it is open: the state a kill -9 leaves."""
    shutil.copyfile(conn_files, into)
    shutil.copyfile(conn_files.with_name(conn_files.name + "-wal"),
                    into.with_name(into.name + "-wal"))


def test_refusing_a_foreign_database_leaves_it_and_its_wal_unchanged(tmp_path):
    live = tmp_path / "live.sqlite3"
    conn = sqlite3.connect(live, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("CREATE TABLE other (x)")
    for _ in range(40):
        conn.execute("INSERT INTO other VALUES (randomblob(1000))")
    foreign = tmp_path / "foreign.sqlite3"
    crashed_copy(live, foreign)
    conn.close()
    wal = foreign.with_name(foreign.name + "-wal")
    before = (digest(foreign), foreign.stat().st_size, digest(wal))
    with pytest.raises(ForeignDatabase) as exc:
        Database.open(foreign)
    assert "未作任何改动" in str(exc.value)
    assert (digest(foreign), foreign.stat().st_size, digest(wal)) == before


def fill(db: Database, name: str, year: int) -> None:
    db.save_report({"agency": {"name": name}, "year": year})


def test_a_stray_wal_after_a_manual_restore_is_set_aside(tmp_path):
    path = tmp_path / "reports.sqlite3"
    with Database.open(path) as db:
        fill(db, "甲局", 2024)
    backup = tmp_path / "backup.sqlite3"
    shutil.copyfile(path, backup)
    db = Database.open(path)
    fill(db, "乙局", 2025)  # in the -wal only
    crashed = tmp_path / "crashed"
    crashed.mkdir()
    crashed_copy(path, crashed / path.name)
    db.close()
    shutil.copyfile(crashed / path.name, path)
    wal = path.with_name(path.name + "-wal")
    shutil.copyfile(crashed / (path.name + "-wal"), wal)
    old = time.time() - 3600
    os.utime(wal, (old, old))
    shutil.copyfile(backup, path)  # the clerk restores the backup by hand
    with Database.open(path) as again:
        assert again.open_notice and "已移到一旁" in again.open_notice
        assert [r.agency for r in again.list_reports()] == ["甲局"]  # the restored data
    aside = list(tmp_path.glob("reports.sqlite3-wal.已移开-*"))
    assert len(aside) == 1 and aside[0].stat().st_size > 0  # kept, never deleted


def test_the_wal_of_a_crash_is_replayed(tmp_path):
    path = tmp_path / "reports.sqlite3"
    with Database.open(path) as db:
        fill(db, "甲局", 2024)
    db = Database.open(path)
    fill(db, "乙局", 2025)
    crashed = tmp_path / "crashed" / path.name
    crashed.parent.mkdir()
    crashed_copy(path, crashed)
    db.close()
    later = time.time() + 60  # the log written after the file (a copy's times are its own)
    os.utime(crashed.with_name(crashed.name + "-wal"), (later, later))
    with Database.open(crashed) as again:
        assert again.open_notice is None
        assert sorted(r.agency for r in again.list_reports()) == ["乙局", "甲局"]


def test_a_zero_length_database_is_damaged_not_new(tmp_path):
    path = tmp_path / "reports.sqlite3"
    path.write_bytes(b"")
    with pytest.raises(DatabaseCorrupt) as exc:
        Database.open(path)
    assert "空文件" in str(exc.value)
    assert path.stat().st_size == 0 and not list(tmp_path.glob("**/*backup*"))
    missing = tmp_path / "new" / "reports.sqlite3"
    with Database.open(missing) as db:  # no file at all: brand new
        assert db.list_reports() == []


def test_a_file_replaced_while_open_is_not_written(tmp_path, sample_2025):
    from core.session import EditingSession
    from core.storage import DatabaseReplaced

    path = tmp_path / "reports.sqlite3"
    db = Database.open(path)
    session = EditingSession(db, sample_2025)
    assert session.save()
    other = tmp_path / "other.sqlite3"
    with Database.open(other) as elsewhere:
        fill(elsewhere, "丙局", 2023)
    os.replace(other, path)  # a sync tool puts its own copy in place
    before = digest(path)
    sample_2025.set_cell("requests/granted/natural_person", 88)
    assert session.unsaved and "替换" in (session.save_error or "")
    assert sample_2025.cells["requests/granted/natural_person"] == 88  # kept in memory
    with pytest.raises(DatabaseReplaced):
        db.set_setting("x", 1)
    assert digest(path) == before
    db.close()
    with Database.open(path) as again:
        assert [r.agency for r in again.list_reports()] == ["丙局"]


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def test_list_and_dump_only_read(tmp_path, sample_2025):
    path = tmp_path / "reports.sqlite3"
    doc = sample_2025.to_document(include_derived=False)
    doc["agency"]["name"] = "甲\t局\n二"
    with Database.open(path) as db:
        db.save_report(doc)
    os.chmod(path, 0o444)  # a read-only file: reading commands still work
    before = digest(path)
    try:
        out = cli("--db", str(path), "list")
        assert out.returncode == 0, out.stderr
        assert out.stdout.splitlines()[0].startswith("甲\\t局\\n二\t2025\t")  # one line
        dumped = cli("--db", str(path), "dump", "--agency", "甲\t局\n二", "--year", "2025")
        assert dumped.returncode == 0, dumped.stderr
    finally:
        os.chmod(path, 0o644)
    assert digest(path) == before  # not even sqlite_stat1 (PRAGMA optimize) was written


def test_a_full_disk_at_start_says_so(tmp_path, monkeypatch):
    from core.storage import connection

    class IOErr(sqlite3.OperationalError):
        sqlite_errorname = "SQLITE_IOERR_SHMSIZE"

    message = str(connection.translate(IOErr("disk I/O error"), tmp_path / "r.sqlite3"))
    assert "磁盘空间不足" in message
    monkeypatch.setattr(connection.shutil, "disk_usage",
                        lambda p: shutil._ntuple_diskusage(10**9, 10**9, 0))  # type: ignore
    plain = sqlite3.OperationalError("disk I/O error")
    assert "磁盘空间不足" in str(connection.translate(plain, tmp_path / "r.sqlite3"))


@pytest.mark.skipif(os.name == "nt", reason="RLIMIT_FSIZE is POSIX")
def test_a_file_size_limit_at_start_says_no_space(tmp_path):
    """RLIMIT_FSIZE (EFBIG on every write) stands in for a full disk when the app starts."""
    path = tmp_path / "reports.sqlite3"
    with Database.open(path) as db:
        fill(db, "甲局", 2024)
    script = textwrap.dedent(f"""
        import resource, signal, sys
        from core.storage import Database, StorageError
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
        try:
            Database.open({str(path)!r}, backups=False)
        except StorageError as exc:
            print(exc)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert "磁盘空间不足" in out.stdout, out.stdout + out.stderr


def test_damage_is_described_in_chinese(tmp_path):
    """The clerk reads what kind of damage it is, not SQLite's English (kept for the log)."""
    path = tmp_path / "reports.sqlite3"
    with Database.open(path, backups=False) as db:
        for year in range(2000, 2060):
            db.save_report({"agency": {"name": "甲局" * 200}, "year": year})
    data = bytearray(path.read_bytes())
    data[4096 * 2:4096 * 2 + 200] = b"\xff" * 200  # a smashed b-tree page
    path.write_bytes(bytes(data))
    with pytest.raises(DatabaseCorrupt) as caught:
        Database.open(path, backups=False)
    message = str(caught.value)
    assert "详情：" in message and re.search("[A-Za-z]{3,}", message.split("详情：")[1]) is None
    assert re.search("[A-Za-z]{3,}", caught.value.detail)  # SQLite's own words, for the log
