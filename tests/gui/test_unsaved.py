"""Never lose a clerk's work: with the database locked by another program, edits stay in the
window, are retried, and closing asks (重试 / 另存为文件 / 放弃修改) instead of discarding them."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from core.wizard import Step
from tests.support import SAMPLE_AGENCY as AGENCY

MARK = "【未保存测试】"


def stored_problems(db_path: Path) -> str:
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT r.document FROM reports r JOIN agencies a ON a.id = "
                           "r.agency_id WHERE a.name = ? AND r.year = 2025",
                           (AGENCY,)).fetchone()
    finally:
        conn.close()
    return str(json.loads(row[0]).get("text", {}).get("problems", ""))


@pytest.fixture
def locked(db_path):
    """Another program holding the database's write lock (released by calling it)."""
    other = sqlite3.connect(db_path, isolation_level=None)
    state = {"held": False}

    def lock() -> None:
        other.execute("BEGIN IMMEDIATE")
        state["held"] = True

    def release() -> None:
        if state["held"]:
            other.execute("ROLLBACK")
            state["held"] = False

    release.lock = lock  # type: ignore[attr-defined]
    yield release
    release()
    other.close()


def edit_while_locked(wizard, locked, ime, text: str = "【未保存测试】") -> None:
    wizard.jump_to(Step.PROBLEMS)
    locked.lock()
    ime(wizard.currentPage().editor.editor, text)
    assert wizard.session.unsaved
    assert "数据库正被另一个程序占用" in wizard.save_label.text()
    assert "自动重试" in wizard.save_label.text()
    assert wizard.retry_timer.isActive()


def test_locked_edits_are_retried_until_saved(qtbot, open_wizard, locked, ime, db_path):
    wizard = open_wizard()
    edit_while_locked(wizard, locked, ime)
    assert MARK in wizard.session.report.texts["problems"]
    locked()  # the other program lets go: the timer saves without another keystroke
    qtbot.waitUntil(lambda: not wizard.session.unsaved, timeout=20000)
    assert wizard.save_label.text().startswith("已保存")
    assert not wizard.retry_timer.isActive()
    assert MARK in stored_problems(db_path)


def test_autosave_waits_briefly_for_a_lock(open_wizard, locked, ime):
    wizard = open_wizard()
    db = wizard.session.db
    edit_while_locked(wizard, locked, ime)
    timeouts = []
    real = db.busy_timeout

    def spy(seconds):  # noqa: ANN001, ANN202
        timeouts.append(seconds)
        return real(seconds)

    db.busy_timeout = spy
    ime(wizard.currentPage().editor.editor, "二")
    assert timeouts and max(timeouts) < 1  # not the 2 s of an ordinary write
    del db.busy_timeout


def test_closing_asks_and_retry_saves(open_wizard, locked, ime, dialogs, db_path):
    wizard = open_wizard()
    edit_while_locked(wizard, locked, ime)
    dialogs.unsaved_answers = ["retry", lambda: (locked(), "retry")[1]]
    wizard.reject()
    assert len(dialogs.unsaved_asked) == 2 and "占用" in dialogs.unsaved_asked[0]
    assert not wizard.isVisible()
    assert MARK in stored_problems(db_path)


def test_closing_can_save_the_report_as_a_file(open_wizard, locked, ime, dialogs, tmp_path,
                                               db_path):
    from core import reportfile

    wizard = open_wizard()
    edit_while_locked(wizard, locked, ime)
    target = tmp_path / "未保存的报告"
    dialogs.unsaved_answers = ["save_as"]
    dialogs.save_paths = [str(target)]
    wizard.reject()
    assert not wizard.isVisible()
    assert MARK in reportfile.load(str(target) + ".json").texts["problems"]
    locked()
    assert MARK not in stored_problems(db_path)


def test_closing_cancelled_keeps_editing(open_wizard, locked, ime, dialogs):
    wizard = open_wizard()
    edit_while_locked(wizard, locked, ime)
    dialogs.unsaved_answers = ["cancel"]
    wizard.reject()
    assert wizard.isVisible() and wizard.session.unsaved
    assert MARK in wizard.session.report.texts["problems"]
    dialogs.unsaved_answers = ["save_as", "discard"]  # the save dialog cancelled: asked again
    wizard.reject()
    assert not wizard.isVisible() and len(dialogs.unsaved_asked) == 3


def test_discarding_is_explicit(open_wizard, locked, ime, dialogs, db_path):
    wizard = open_wizard()
    edit_while_locked(wizard, locked, ime)
    dialogs.unsaved_answers = ["discard"]
    wizard.reject()
    assert dialogs.unsaved_asked and not wizard.isVisible()
    locked()
    assert MARK not in stored_problems(db_path)


def test_closing_without_unsaved_edits_asks_nothing(open_wizard, ime, dialogs, db_path):
    wizard = open_wizard()
    wizard.jump_to(Step.PROBLEMS)
    ime(wizard.currentPage().editor.editor, MARK)
    wizard.reject()
    assert dialogs.unsaved_asked == [] and MARK in stored_problems(db_path)


def test_a_database_replaced_while_open_stops_saving_and_asks(open_wizard, ime, dialogs,
                                                              db_path, tmp_path):
    import os

    from core.storage import Database

    wizard = open_wizard()
    wizard.jump_to(Step.PROBLEMS)
    other = tmp_path / "synced.sqlite3"
    with Database.open(other) as elsewhere:
        elsewhere.save_report({"agency": {"name": "丙局"}, "year": 2023})
    os.replace(other, db_path)  # a sync tool puts its copy in place
    ime(wizard.currentPage().editor.editor, MARK)
    assert "替换" in wizard.save_label.text() and wizard.session.unsaved
    target = tmp_path / "saved.json"
    dialogs.unsaved_answers = ["save_as"]
    dialogs.save_paths = [str(target)]
    wizard.reject()
    assert "替换" in dialogs.unsaved_asked[0] and MARK in target.read_text(encoding="utf-8")
