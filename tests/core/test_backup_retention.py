"""Backup retention: the newest 10, the newest of each of the last 30 days and of each of the
last 12 months; a pre-restore safety copy is never rotated out."""

from __future__ import annotations

from datetime import datetime, timedelta

from core.storage import Database, list_backups
from core.storage import backups as bk


def test_daily_and_monthly_backups_survive_rotation(tmp_path):
    path = tmp_path / "reports.sqlite3"
    start = datetime(2026, 1, 1, 9, 0, 0)
    with Database.open(path, backups=False) as db:
        db.save_report({"agency": {"name": "甲局"}, "year": 2024})
        conn = db._c
        for day in range(400):  # one backup a day for 400 days, three on the last day
            when = start + timedelta(days=day)
            bk.create_backup(conn, path, now=when)
        last = start + timedelta(days=399)
        for minute in (1, 2):
            bk.create_backup(conn, path, now=last + timedelta(minutes=minute))
    kept = list_backups(path)
    created = [b.created.replace(tzinfo=None) for b in kept]
    assert created[:3] == [last + timedelta(minutes=2), last + timedelta(minutes=1), last]
    days = {c.date() for c in created}
    for back in range(30):  # each of the last 30 days
        assert (last - timedelta(days=back)).date() in days
    months = {(c.year, c.month) for c in created}
    for back in range(12):  # each of the last 12 months
        y, m = divmod(last.year * 12 + last.month - 1 - back, 12)
        assert (y, m + 1) in months
    assert (2026, 1) not in months  # 13 months back: rotated out
    assert len(kept) <= 10 + 30 + 12


def test_a_pre_restore_safety_copy_is_never_rotated_out(tmp_path):
    path = tmp_path / "reports.sqlite3"
    with Database.open(path, keep_backups=2) as db:
        db.save_report({"agency": {"name": "甲局"}, "year": 2024})
        source = db.backup_now()
        safety = db.restore_from(source)
        assert [b.path for b in list_backups(path) if b.safety] == [safety]
        assert "before-restore" in safety.name
        for i in range(5):
            db.set_setting("i", i)
            db.backup_now()
    assert safety.exists()
    assert [b.path for b in list_backups(path) if b.safety] == [safety]
