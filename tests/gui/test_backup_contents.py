"""The restore question says what comes back, what goes away and what changes status — reports
and the register's applications alike."""

from __future__ import annotations

import datetime as dt

from core.register.model import Application
from core.register.store import RegisterStore
from core.storage import Database
from gui.backup_contents import contents_of, describe, read_backup


def _report(db: Database, agency: str, year: int) -> None:
    db.save_report({"agency": {"name": agency}, "year": year})


def test_the_question_names_reports_gone_back_and_changed_and_the_register(tmp_path):
    path, backup = tmp_path / "reports.sqlite3", tmp_path / "备份.sqlite3"
    with Database.open(path, backups=False) as db:
        _report(db, "甲局", 2024)
        _report(db, "甲局", 2025)
        _report(db, "乙局", 2025)
        RegisterStore(db).save_many("甲局", [
            Application(f"2025-{n:03}", dt.date(2025, 3, 3), "natural_person") for n in (1, 2)])
        db.backup_to(backup)
        # after the backup: 甲局 2025 finalised, 乙局 2025 deleted, 甲局 2026 added, 3 entries more
        db.set_status("甲局", 2025, "final")
        db.delete_report("乙局", 2025)
        _report(db, "甲局", 2026)
        RegisterStore(db).save_many("甲局", [
            Application(f"2025-{n:03}", dt.date(2025, 4, 1), "natural_person") for n in (3, 4, 5)])
        with db.reading() as conn:
            current = contents_of(conn)
    text = describe(read_backup(backup, path), current)
    lines = text.splitlines()
    assert lines[0].startswith("该备份包含 3 份报告，台账 2 件申请，最后修改于 20")
    assert "报告：乙局 2025；甲局 2024、2025。" in lines
    assert "当前数据：3 份报告（已定稿 1 份），台账 5 件申请。" in lines
    assert "恢复后将不再有：甲局 2026。" in lines
    assert "恢复后将重新出现：乙局 2025。" in lines
    assert "甲局 2025 年度报告将从“已定稿”变回“草稿”。" in lines
    assert "台账将从 5 件申请变为 2 件。" in lines
    assert lines[-1].startswith("恢复后当前数据将被替换")


def test_an_empty_backup_and_an_unchanged_one_say_so(tmp_path):
    path, empty, same = tmp_path / "reports.sqlite3", tmp_path / "空.sqlite3", tmp_path / "同.sqlite3"
    with Database.open(path, backups=False) as db:
        db.backup_to(empty)
        _report(db, "甲局", 2025)
        db.backup_to(same)
        with db.reading() as conn:
            current = contents_of(conn)
    assert describe(read_backup(empty, path), current).splitlines()[:3] == [
        "该备份中没有任何报告，台账也是空的。", "当前数据：1 份报告，台账 0 件申请。",
        "恢复后将不再有：甲局 2025。"]
    unchanged = describe(read_backup(same, path), current).splitlines()
    assert len(unchanged) == 4  # what it holds, its reports, the current data, the tail
