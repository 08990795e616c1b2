"""A failed automatic backup is shown in the start window (and logged), not swallowed."""

from __future__ import annotations

import logging


def test_a_failed_automatic_backup_is_shown(qtbot, db_path, data_dir, caplog):
    from core.storage import Database, backups_dir
    from gui.start_window import StartWindow

    with Database.open(db_path, backups=False) as db:
        db.save_report({"agency": {"name": "甲局"}, "year": 2024})
    folder = backups_dir(db_path)
    folder.parent.mkdir(parents=True, exist_ok=True)
    folder.write_text("a file where the backups folder should be")  # backups cannot be written
    with caplog.at_level(logging.WARNING):
        db = Database.open(db_path)
    try:
        assert db.backup_error
        window = StartWindow(db, data_dir)
        qtbot.addWidget(window)
        window.show()
        assert window.backup_status.isVisible()
        assert window.backup_status.text().startswith("自动备份失败：")
        assert any("automatic backup failed" in r.getMessage() for r in caplog.records)
        folder.unlink()
        db.backup_now()
        window.refresh()
        assert not window.backup_status.isVisible()
    finally:
        db.close()
