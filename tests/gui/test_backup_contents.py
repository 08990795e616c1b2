"""The restore question says what comes back, what goes away and what changes status — reports
and the register's applications alike."""

from __future__ import annotations

import datetime as dt

from core.backup_contents import contents_of, describe, read_backup
from core.register.model import Application
from core.register.store import RegisterStore
from core.storage import Database


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


def test_a_damaged_backup_file_can_be_salvaged_and_then_restored(qtbot, tmp_path, dialogs):
    """从文件恢复 with a damaged backup: the clerk is offered a salvage, sees what it found and
    what the restore would change, and gets the readable reports back; the file is only read."""
    import hashlib

    from gui.backup_dialog import BackupDialog
    from tests.core.test_salvage import build, page_of, smash

    source = tmp_path / "另一台电脑" / "reports.sqlite3"
    source.parent.mkdir()
    final = build(source, edits=1)
    backup = tmp_path / "U盘备份.sqlite3"
    with Database.open(source, backups=False) as db:
        db.backup_to(backup)
    smash(backup, page_of(backup, "reports")[2])
    damaged = hashlib.sha256(backup.read_bytes()).hexdigest()

    live = tmp_path / "data" / "reports.sqlite3"
    live.parent.mkdir()
    with Database.open(live) as db:
        _report(db, "甲局", 2025)
        dialog = BackupDialog(db)
        qtbot.addWidget(dialog)
        dialogs.open_paths.append(str(backup))
        safety = dialog.restore_from_file()  # 是 to the salvage, 是 to the restore
        questions = dialogs.texts("question")
        assert "已损坏" in questions[0] and "抢救" in questions[0]
        assert questions[1].startswith("从损坏的备份中抢救出：报告 ")
        assert "恢复后将不再有：甲局 2025。" in questions[1]
        assert safety is not None
        got = {(r.agency, r.year) for r in db.list_reports()}
    assert got and got <= set(final) and len(got) < len(final)  # the readable ones
    assert hashlib.sha256(backup.read_bytes()).hexdigest() == damaged
    assert list(live.parent.glob("U盘备份.salvaged-*.sqlite3"))  # kept for a closer look


def test_declining_a_salvaged_restore_says_where_the_salvage_is(qtbot, tmp_path, dialogs):
    from PySide6.QtWidgets import QMessageBox

    from gui.backup_dialog import BackupDialog
    from tests.core.test_salvage import build, page_of, smash

    source = tmp_path / "reports-old.sqlite3"
    build(source, edits=1)
    smash(source, page_of(source, "reports")[2])
    live = tmp_path / "data" / "reports.sqlite3"
    live.parent.mkdir()
    with Database.open(live) as db:
        dialog = BackupDialog(db)
        qtbot.addWidget(dialog)
        dialogs.open_paths.append(str(source))
        dialogs.answers = [QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No]
        assert dialog.restore_from_file() is None
        assert db.list_reports() == []
    (kept,) = live.parent.glob("reports-old.salvaged-*.sqlite3")
    assert str(kept) in dialogs.texts("information")[-1]
