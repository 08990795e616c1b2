"""A damaged database at start is not a dead end: the automatic backups are offered and the
chosen one restored, or the damaged file's readable rows are salvaged, compared with the newest
backup and used; the damaged file is kept under another name, never deleted."""

from __future__ import annotations

import hashlib
import re

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTreeWidget,
)

import gui.recovery
from tests.core.test_salvage import AGENCIES, YEARS, build, page_of, smash

REAL_CHOOSE = gui.recovery.choose_recovery  # the dialogs fixture replaces it by a recorder


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


def reports(db_path) -> list[tuple[str, int]]:  # noqa: ANN001
    from core.storage import Database

    with Database.open(db_path, backups=False) as db:
        return [(r.agency, r.year) for r in db.list_reports()]


def test_a_damaged_database_is_restored_from_a_chosen_backup(qtbot, db_path, dialogs,
                                                             monkeypatch):
    from gui.app import run_gui

    make_db_with_backup(db_path)
    garbage = damage(db_path)
    offered = []

    def choose(message, backups, parent=None, db_path=None):  # noqa: ANN001, ANN202, ARG001
        offered.append((message, backups))
        return backups[0]

    monkeypatch.setattr(gui.recovery, "choose_recovery", choose)
    seen: list = []
    monkeypatch.setattr(type(QApplication.instance()), "exec", fake_exec(seen))
    assert run_gui(str(db_path)) == 0
    assert "损坏" in offered[0][0] and len(offered[0][1]) == 1
    assert any("已从自动备份" in t for t in dialogs.texts("information"))
    kept = list(db_path.parent.glob("reports.damaged-*.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes() == garbage  # set aside, unchanged
    assert reports(db_path) == [("甲局", 2024)]


def test_a_backup_that_fails_to_restore_changes_nothing_and_another_can_be_chosen(
        qtbot, db_path, dialogs, monkeypatch):
    from gui.app import run_gui

    make_db_with_backup(db_path)
    bad = db_path.parent / "backups" / "reports-29991231-235959.sqlite3"  # the newest
    bad.write_bytes(b"\0" * 4096)
    garbage = damage(db_path)
    offered = []
    offered_messages = []

    def choose(message, backups, parent=None, db_path=None):  # noqa: ANN001, ANN202, ARG001
        offered.append([b.path.name for b in backups])
        offered_messages.append(message)
        return backups[0]

    monkeypatch.setattr(gui.recovery, "choose_recovery", choose)
    monkeypatch.setattr(type(QApplication.instance()), "exec", fake_exec([]))
    assert run_gui(str(db_path)) == 0
    assert offered[0][0] == bad.name and bad.name not in offered[1]
    assert any(t.startswith("恢复失败") and "未作任何改动" in t
               for t in dialogs.startup_errors)
    assert "无法使用，已不再列出" in offered_messages[1]
    kept = list(db_path.parent.glob("reports.damaged-*.sqlite3"))
    assert len(kept) == 1 and kept[0].read_bytes() == garbage  # one damaged file, kept once
    assert reports(db_path) == [("甲局", 2024)]


def test_a_failure_that_is_not_the_backups_keeps_it_on_the_list(qtbot, db_path, dialogs,
                                                                 monkeypatch):
    import core.storage.recovery as core_recovery
    from core.storage import StorageError
    from gui.app import run_gui

    make_db_with_backup(db_path)
    damage(db_path)
    offered = []
    real_build = core_recovery._build
    failures = iter([StorageError("磁盘空间不足")])

    def build_once_failing(*args):  # noqa: ANN002, ANN202
        failure = next(failures, None)
        if failure is not None:
            raise failure
        return real_build(*args)

    def choose(message, backups, parent=None, db_path=None):  # noqa: ANN001, ANN202, ARG001
        offered.append([b.path.name for b in backups])
        return backups[0]

    monkeypatch.setattr(core_recovery, "_build", build_once_failing)
    monkeypatch.setattr(gui.recovery, "choose_recovery", choose)
    monkeypatch.setattr(type(QApplication.instance()), "exec", fake_exec([]))
    assert run_gui(str(db_path)) == 0
    assert len(offered) == 2 and offered[0] == offered[1]  # the backup is fine: still offered
    assert reports(db_path) == [("甲局", 2024)]


def test_a_recovered_database_that_will_not_open_is_not_recovered_again(qtbot, db_path, dialogs,
                                                                       monkeypatch):
    import core.storage.recovery as core_recovery
    from gui.app import run_gui

    make_db_with_backup(db_path)
    damage(db_path)
    offered = []

    def choose(message, backups, parent=None, db_path=None):  # noqa: ANN001, ANN202, ARG001
        offered.append(backups)
        return backups[0]

    def will_not_open(db_path, damaged, lock):  # noqa: ANN001, ANN202
        lock.release()
        raise core_recovery.RecoveredUnopened("数据库被锁定")

    monkeypatch.setattr(core_recovery, "_open", will_not_open)
    monkeypatch.setattr(gui.recovery, "choose_recovery", choose)
    assert run_gui(str(db_path)) != 0
    assert len(offered) == 1
    assert any("已从自动备份恢复，但无法打开" in t for t in dialogs.startup_errors)
    assert reports(db_path) == [("甲局", 2024)]  # the next start opens the recovered data


def test_declining_recovery_changes_nothing(db_path, dialogs, monkeypatch):
    from gui.app import run_gui

    make_db_with_backup(db_path)
    garbage = damage(db_path)
    monkeypatch.setattr(gui.recovery, "choose_recovery", lambda *a, **k: None)
    assert run_gui(str(db_path)) == 1
    assert db_path.read_bytes() == garbage
    assert not list(db_path.parent.glob("reports.damaged-*"))


def test_without_backups_a_salvage_is_still_offered(db_path, dialogs):
    from gui.app import run_gui

    garbage = damage(db_path)
    assert run_gui(str(db_path)) == 1  # (the recorder answers 退出)
    assert [backups for _, backups in dialogs.recovery_offers] == [[]]
    assert db_path.read_bytes() == garbage


def damaged_with_an_older_backup(db_path) -> dict:  # noqa: ANN001
    """18 reports, an automatic backup holding only the first version of each, then two more
    versions; finally one leaf of the reports table smashed."""
    from core.storage import Database

    build(db_path, edits=1)
    with Database.open(db_path, backups=False) as db:
        db.backup_now()
    final = build(db_path, edits=3)
    smash(db_path, page_of(db_path, "reports")[2])
    return final


def test_salvaged_rows_are_compared_with_the_backup_and_used(qtbot, db_path, dialogs,
                                                            monkeypatch):
    from gui.app import run_gui

    final = damaged_with_an_older_backup(db_path)
    damaged_hash = hashlib.sha256(db_path.read_bytes()).hexdigest()
    reviewed = []

    def review(result, compared, have_backups, parent=None, backup_readable=True):  # noqa: ANN001, ANN202, ARG001
        reviewed.append((result, compared, have_backups and backup_readable))
        return gui.recovery.USE_SALVAGE

    monkeypatch.setattr(gui.recovery, "choose_recovery", lambda *a, **k: gui.recovery.SALVAGE)
    monkeypatch.setattr(gui.recovery, "review_salvage", review)
    seen: list = []
    monkeypatch.setattr(type(QApplication.instance()), "exec", fake_exec(seen))
    assert run_gui(str(db_path)) == 0
    result, compared, have_backups = reviewed[0]
    assert have_backups and len(compared) == len(final)  # every report, in either
    lost = [c for c in compared if c.salvaged is None]
    assert lost and all(c.backup is not None for c in lost)  # the backup still has them
    assert all(c.salvaged > c.backup for c in compared if c.salvaged)  # the salvage is newer
    notice = next(t for t in dialogs.texts("information") if "抢救出" in t)
    assert "改名保存为" in notice and "备份与恢复" in notice
    kept = list(db_path.parent.glob("reports.damaged-*.sqlite3"))
    assert len(kept) == 1 and hashlib.sha256(kept[0].read_bytes()).hexdigest() == damaged_hash
    assert len(reports(db_path)) == len(final) - len(lost)
    assert not list(db_path.parent.glob("reports.salvaged-*"))  # it became the database


def test_reports_the_salvage_lost_are_taken_from_the_backup(qtbot, db_path, dialogs,
                                                            monkeypatch):
    from core.storage import Database
    from core.storage.recovery import FILLED_SUMMARY, usable_backups
    from gui.app import run_gui
    from tests.core.test_salvage import document

    final = damaged_with_an_older_backup(db_path)
    with Database.open_readonly(usable_backups(db_path)[0].path) as backup:
        stamps = {(r.agency, r.year): r.updated_at for r in backup.list_reports()}
    monkeypatch.setattr(gui.recovery, "choose_recovery", lambda *a, **k: gui.recovery.SALVAGE)
    monkeypatch.setattr(gui.recovery, "review_salvage",
                        lambda *a, **k: gui.recovery.USE_SALVAGE_FILLED)
    seen: list = []
    monkeypatch.setattr(type(QApplication.instance()), "exec", fake_exec(seen))
    assert run_gui(str(db_path)) == 0
    notice = next(t for t in dialogs.texts("information") if "补回" in t)
    with Database.open(db_path, backups=False) as db:
        got = {(r.agency, r.year) for r in db.list_reports()}
        assert got == set(final)  # nothing missing any more
        filled = [key for key in got if db.revisions(*key)[-1].summary == FILLED_SUMMARY]
        assert filled and all(f"{a} {y}年度" in notice for a, y in filled)
        for key in filled:  # the backup's version (the first), the others the latest
            assert db.load_report(*key) == document(*key, 1)
        shown = {(r.agency, r.year): r.updated_at for r in db.list_reports()}
        assert all(shown[key] == stamps[key] for key in filled)  # 最后修改: the report's own
        for key in got - set(filled):
            assert db.load_report(*key) == final[key]


def test_going_back_from_the_salvage_to_a_backup(qtbot, db_path, dialogs, monkeypatch):
    from gui.app import run_gui

    final = damaged_with_an_older_backup(db_path)
    answers = iter([gui.recovery.SALVAGE, "first backup"])

    def choose(message, backups, parent=None, db_path=None):  # noqa: ANN001, ANN202, ARG001
        answer = next(answers)
        return backups[0] if answer == "first backup" else answer

    monkeypatch.setattr(gui.recovery, "choose_recovery", choose)
    monkeypatch.setattr(gui.recovery, "review_salvage",
                        lambda *a, **k: gui.recovery.USE_BACKUP)
    seen: list = []
    monkeypatch.setattr(type(QApplication.instance()), "exec", fake_exec(seen))
    assert run_gui(str(db_path)) == 0
    assert sorted(reports(db_path)) == sorted(final)  # the backup: all 18, first versions
    # the salvage stays beside for a closer look (python main.py --db …)
    assert len(list(db_path.parent.glob("reports.salvaged-*.sqlite3"))) == 1


def plain(text: str) -> str:
    """A button's text without its Alt shortcut: 退出(&Q) → 退出."""
    return re.sub(r"\(&\w\)", "", text)


def click_later(text: str, seen: list) -> None:
    """Click the button `text` of the modal dialog once it is shown (exec blocks the test)."""
    def attempt() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QDialog):
            QTimer.singleShot(20, attempt)
            return
        seen.append(dialog.grab())
        seen.append([plain(b.text()) for b in dialog.findChildren(QPushButton)])
        seen.extend(dialog.findChildren(QTableWidget))
        seen.append({"title": dialog.windowTitle(),
                     "default": [plain(b.text()) for b in dialog.findChildren(QPushButton)
                                 if b.isDefault()],
                     "shortcuts": [b.text() for b in dialog.findChildren(QPushButton)],
                     "labels": [w.text() for w in dialog.findChildren(QLabel)],
                     "disabled": [plain(b.text()) for b in dialog.findChildren(QPushButton)
                                  if not b.isEnabled()],
                     "header": [tree.headerItem().text(c) for tree in dialog.findChildren(
                         QTreeWidget) for c in range(tree.columnCount())]})
        for button in dialog.findChildren(QPushButton):
            if plain(button.text()) == text:
                button.click()
                return
        dialog.reject()
    QTimer.singleShot(20, attempt)


def test_the_real_dialogs_answer_and_show_the_comparison(qtbot, db_path, tmp_path):
    from core.storage.recovery import compare, usable_backups
    from core.storage.salvage import salvage

    damaged_with_an_older_backup(db_path)
    backups = usable_backups(db_path)
    seen: list = []
    click_later("抢救损坏文件中的数据…", seen)
    assert REAL_CHOOSE("数据库文件已损坏", backups, db_path=db_path) == gui.recovery.SALVAGE
    seen[0].save(str(tmp_path / "choose.png"))
    said = seen[-1]
    assert said["title"] == "数据库已损坏 — 年报助手"  # Qt adds no second 年报助手 on Linux
    assert said["default"] == ["从所选备份恢复"]
    assert all(re.search(r"\(&\w\)", text) for text in said["shortcuts"])
    assert said["header"] == ["备份时间", "类型", "大小", "文件名"]
    assert any(t.startswith(f"所选备份包含 {len(AGENCIES) * len(YEARS)} 份报告")
               for t in said["labels"])  # what the selected backup holds

    result = salvage(db_path, tmp_path / "salvaged.sqlite3")
    compared, readable = compare(result.reports, backups[0].path)
    assert readable
    seen.clear()
    click_later("改用自动备份…", seen)
    assert gui.recovery.review_salvage(result, compared, True) == gui.recovery.USE_BACKUP
    seen[0].save(str(tmp_path / "review.png"))
    table = seen[2]
    assert table.rowCount() == len(AGENCIES) * len(YEARS)
    missing = [r for r in range(table.rowCount()) if table.item(r, 1).text() == "（没有）"]
    assert missing and all(table.item(r, 2).text() != "（没有）" for r in missing)
    assert f"使用抢救出的数据，并从备份补回缺少的 {len(missing)} 份报告" in seen[1]
    # Enter takes the reports back too, not the salvage alone: the default is the safe one
    assert seen[-1]["default"] == [f"使用抢救出的数据，并从备份补回缺少的 {len(missing)} 份报告"]

    seen.clear()
    click_later("使用抢救出的数据", seen)
    assert gui.recovery.review_salvage(result, compared, False) == gui.recovery.USE_SALVAGE
    assert "改用自动备份…" not in seen[1]  # without backups there is nothing to go back to


def test_a_damaged_backup_cannot_be_chosen_and_ctrl_click_does_not_quit(qtbot, db_path):
    """The preview says a damaged backup is damaged and 从所选备份恢复 is off while it is the
    current one; a Ctrl+click that clears the selection leaves the current backup the choice
    (it once turned the restore button into 退出)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    from core.storage.records import BackupInfo
    from core.storage.recovery import usable_backups

    damaged_with_an_older_backup(db_path)
    good = usable_backups(db_path)
    bad = good[0].path.with_name("reports-20991231-235959.sqlite3")
    bad.write_bytes(b"garbage" * 1000)
    backups = [BackupInfo(bad, good[0].created, bad.stat().st_size), *good]
    seen: list = []
    click_later("退出", seen)
    assert REAL_CHOOSE("数据库文件已损坏", backups, db_path=db_path) is None
    said = seen[-1]
    assert "从所选备份恢复" in said["disabled"]
    assert any(t.startswith("所选备份已损坏，不能用于恢复（") for t in said["labels"])

    def ctrl_click_then_restore() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None:
            QTimer.singleShot(20, ctrl_click_then_restore)
            return
        tree = dialog.findChild(QTreeWidget)
        tree.setCurrentItem(tree.topLevelItem(1))  # the good one
        rect = tree.visualItemRect(tree.topLevelItem(1))
        QTest.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton,
                         Qt.KeyboardModifier.ControlModifier, rect.center())
        assert not tree.selectedItems()  # the Ctrl+click deselected it
        for button in dialog.findChildren(QPushButton):
            if plain(button.text()) == "从所选备份恢复":
                assert button.isEnabled()
                button.click()
    QTimer.singleShot(20, ctrl_click_then_restore)
    assert REAL_CHOOSE("数据库文件已损坏", backups, db_path=db_path) == good[0]
