"""The editing session keeps edits a failed save could not store and saves them on retry."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from core.session import AUTOSAVE_TIMEOUT, EditingSession
from core.storage import Database


def test_a_locked_database_keeps_the_edit_and_the_retry_saves_it(tmp_path, sample_2025):
    db = Database.open(tmp_path / "r.sqlite3")
    session = EditingSession(db, sample_2025)
    assert session.save() and not session.unsaved
    other = sqlite3.connect(tmp_path / "r.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    sample_2025.set_cell("requests/granted/natural_person", 77)
    assert session.unsaved and "占用" in (session.save_error or "")
    assert not session.retry_save()  # still locked
    other.execute("ROLLBACK")
    other.close()
    assert session.retry_save() and not session.unsaved
    assert db.revisions(sample_2025.agency_name, 2025)[0].summary.startswith("修改")
    again = EditingSession(db, sample_2025)  # what is stored, read back
    assert again.db.load_report(sample_2025.agency_name, 2025) == \
        sample_2025.to_document(include_derived=False)
    db.close()


def test_autosave_uses_a_short_busy_timeout(tmp_path, sample_2025):
    db = Database.open(tmp_path / "r.sqlite3")
    seen = []
    real = db.busy_timeout
    db.busy_timeout = lambda s: (seen.append(s), real(s))[1]  # type: ignore[method-assign]
    EditingSession(db, sample_2025).save()
    assert seen == [AUTOSAVE_TIMEOUT] and AUTOSAVE_TIMEOUT < 1
    assert db._c.execute("PRAGMA busy_timeout").fetchone()[0] == 2000  # restored after
    db.close()


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_a_full_disk_keeps_the_edit(tmp_path):
    """RLIMIT_FSIZE in a child process stands in for a full disk."""
    script = textwrap.dedent(f"""
        import resource, signal
        from core import reportfile
        from core.session import EditingSession
        from core.storage import Database
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        report = reportfile.load("resources/samples/sample-2025.json")
        report.declared.clear()
        db = Database.open({str(tmp_path / 'r.sqlite3')!r}, backups=False)
        s = EditingSession(db, report)
        assert s.save()
        size = (db.path.stat().st_size + db.path.with_name(db.path.name + "-wal").stat().st_size)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
        report.set_text("problems", "很长的文字。" * 20000)
        print(s.unsaved, s.save_error)
        print("很长的文字" in report.texts["problems"])
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, cwd=str(Path(__file__).parents[2]))
    assert out.returncode == 0, out.stderr
    first, second = out.stdout.splitlines()[:2]
    assert first.startswith("True") and ("磁盘" in first)
    assert second == "True"
