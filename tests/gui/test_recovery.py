"""A damaged database at start is not a dead end: the automatic backups are offered and the
chosen one restored; the damaged file is set aside, never deleted."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

import gui.recovery


def damage(path) -> bytes:  # noqa: ANN001
    garbage = b"not a database at all" * 300
    path.write_bytes(garbage)
    return garbage


def make_db_with_backup(db_path) -> None:  # noqa: ANN001
    from core.storage import Database

    with Database.open(db_path, backups=False) as db:
        db.save_report({"agency": {"name": "甲局"}, "year": 2024})
        db.backup_now()


def fake_exec(seen):  # noqa: ANN001, ANN202
    def run(self):  # noqa: ANN001, ANN202
        seen.extend(w for w in QApplication.topLevelWidgets() if w.isVisible())
        for w in list(seen):
            w.close()
        return 0
    return run


def test_a_damaged_database_is_restored_from_a_chosen_backup(qtbot, db_path, dialogs,
                                                             monkeypatch):
    from core.storage import Database
    from gui.app import run_gui

    make_db_with_backup(db_path)
    garbage = damage(db_path)
    offered = []

    def choose(message, backups, parent=None):  # noqa: ANN001, ANN202, ARG001
        offered.append((message, backups))
        return backups[0]

    monkeypatch.setattr(gui.recovery, "choose_backup", choose)
    seen: list = []
    monkeypatch.setattr(type(QApplication.instance()), "exec", fake_exec(seen))
    assert run_gui(str(db_path)) == 0
    assert "损坏" in offered[0][0] and len(offered[0][1]) == 1
    assert any("已从自动备份" in t for t in dialogs.texts("information"))
    kept = list(db_path.parent.glob("reports.damaged-*.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes() == garbage  # set aside, unchanged
    with Database.open(db_path) as db:
        assert [r.agency for r in db.list_reports()] == ["甲局"]


def test_declining_recovery_changes_nothing(db_path, dialogs, monkeypatch):
    from gui.app import run_gui

    make_db_with_backup(db_path)
    garbage = damage(db_path)
    monkeypatch.setattr(gui.recovery, "choose_backup", lambda *a, **k: None)
    assert run_gui(str(db_path)) == 1
    assert db_path.read_bytes() == garbage
    assert not list(db_path.parent.glob("reports.damaged-*"))


def test_no_backup_says_so(db_path, dialogs, monkeypatch):
    from gui.app import run_gui

    garbage = damage(db_path)
    assert run_gui(str(db_path)) == 1
    assert "没有找到自动备份" in dialogs.startup_errors[0]
    assert db_path.read_bytes() == garbage
