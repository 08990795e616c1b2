"""历史版本: the start window's button, the list of revisions, comparing two, restoring one."""

from __future__ import annotations

import copy

from PySide6.QtWidgets import QMessageBox

from gui.history_dialog import HistoryDialog
from tests.gui.conftest import AGENCY


def _edits(db) -> dict:
    doc = db.load_report(AGENCY, 2025)
    original = copy.deepcopy(doc)
    db.clock = lambda: 1_900_000_000.0
    doc["agency"]["phone"] = "0000-7654321"
    db.save_report(copy.deepcopy(doc))
    db.clock = lambda: 1_900_000_200.0
    doc["tables"]["requests"]["new_received"]["natural_person"] = 77
    db.save_report(copy.deepcopy(doc))
    return original


def test_button_opens_the_history_of_the_selected_report(start_window, monkeypatch):
    shown = []
    monkeypatch.setattr(HistoryDialog, "exec", lambda self: shown.append(self) or 0)
    start_window.refresh(select=(AGENCY, 2025))
    assert start_window.history_button.isEnabled()
    start_window.history_button.click()
    (dialog,) = shown
    assert (dialog.agency, dialog.year) == (AGENCY, 2025)
    assert dialog.list.topLevelItemCount() == len(start_window.db.revisions(AGENCY, 2025))


def test_list_compare_and_restore(qtbot, db_samples, dialogs):
    db = db_samples
    original = _edits(db)
    dialog = HistoryDialog(db, AGENCY, 2025)
    qtbot.addWidget(dialog)
    items = [dialog.list.topLevelItem(i) for i in range(dialog.list.topLevelItemCount())]
    assert "自然人" in items[0].text(1) and "电话" in items[1].text(1)
    # the newest selected: what it changed
    assert dialog.differences.topLevelItemCount() == 1
    assert dialog.differences.topLevelItem(0).text(2) == "77"
    assert not dialog.restore_button.isEnabled()  # the current version
    # two selected: their differences
    revs = db.revisions(AGENCY, 2025)
    dialog.select(revs[0].id, revs[2].id)
    labels = {dialog.differences.topLevelItem(i).text(0)
              for i in range(dialog.differences.topLevelItemCount())}
    assert len(labels) == 2 and any("电话" in x for x in labels)
    # restore the version before the edits, after a question answered 否 and then 是
    dialog.select(revs[2].id)
    assert dialog.restore_button.isEnabled()
    dialogs.answers.append(QMessageBox.StandardButton.No)
    assert not dialog.restore_selected()
    assert db.load_report(AGENCY, 2025)["agency"]["phone"] == "0000-7654321"
    assert dialog.restore_selected()
    assert "恢复" in dialogs.texts("question")[-1]
    assert db.load_report(AGENCY, 2025) == original
    assert "恢复" in dialog.list.topLevelItem(0).text(1)
    assert dialog.list.topLevelItemCount() == len(revs) + 1


def test_restore_of_a_final_report_is_refused_clearly(qtbot, db_samples, dialogs):
    db = db_samples
    _edits(db)
    db.set_status(AGENCY, 2025, "final")
    dialog = HistoryDialog(db, AGENCY, 2025)
    qtbot.addWidget(dialog)
    assert dialog.final_label.isVisibleTo(dialog) and "重新打开" in dialog.final_label.text()
    dialog.select(db.revisions(AGENCY, 2025)[-1].id)
    assert not dialog.restore_selected()
    # said at once, naming where to reopen it — not after a question it then refuses
    assert dialogs.texts("question") == []
    (said,) = dialogs.texts("information")
    assert "已定稿" in said and "审核与导出" in said and "重新打开" in said
    assert "恢复" not in db.revisions(AGENCY, 2025)[0].summary


def test_the_question_names_the_version_to_the_second(qtbot, db_samples, dialogs):
    db = db_samples
    _edits(db)
    dialog = HistoryDialog(db, AGENCY, 2025)
    qtbot.addWidget(dialog)
    revs = db.revisions(AGENCY, 2025)
    dialog.select(revs[1].id)
    dialogs.answers.append(QMessageBox.StandardButton.No)
    dialog.restore_selected()
    assert f"{revs[1].ts:%Y-%m-%d %H:%M:%S}" in dialogs.texts("question")[-1]


def test_a_long_text_change_shows_the_part_that_changed():
    from core.excerpts import shown_pair

    head, tail = "甲" * 3000, "乙" * 2000
    old, new = shown_pair(head + "原来的话" + tail, head + "改过的一句话" + tail)
    assert "原来的话" in old and "改过的一句话" in new
    assert old.startswith("…甲") and old.endswith("乙…") and len(old) < 80
    added = shown_pair(head + tail, head + "新加的一段" + tail)
    assert "‸" in added[0] and "新加的一段" in added[1]
    assert shown_pair("短", "长一点") == ("短", "长一点")
    assert shown_pair(None, "x" * 500)[0] == "（空）"
    assert shown_pair("", "x" * 500)[0] == "（空）"
    assert shown_pair("短的原文", "x" * 500)[0] == "短的原文"  # fits: whole
    # paragraphs: the change after a break is on the one line a row shows
    para = "一、总体情况。" + "公开信息若干条。" * 40
    old, new = shown_pair(para + "\n收到申请五件。\n" + tail, para + "\n收到申请六件。\n" + tail)
    assert "\n" not in old + new and "五件" in old and "六件" in new and "↵" in old


def test_paragraph_changes_are_visible_in_the_list(qtbot, db_samples):
    db = db_samples
    doc = db.load_report(AGENCY, 2025)
    doc["text"]["overview"] = "本年度公开信息若干条。" * 20 + "\n收到申请五件。\n" + "其余照旧。" * 30
    db.clock = lambda: 1_900_000_000.0
    db.save_report(copy.deepcopy(doc))
    doc["text"]["overview"] = doc["text"]["overview"].replace("五件", "六件")
    db.clock = lambda: 1_900_000_600.0  # later than typing merges into one revision
    db.save_report(copy.deepcopy(doc))
    dialog = HistoryDialog(db, AGENCY, 2025)
    qtbot.addWidget(dialog)
    dialog.show()
    row = dialog.differences.topLevelItem(0)
    assert "五件" in row.text(1) and "六件" in row.text(2)
    assert "\n" not in row.text(1) + row.text(2)  # not on a second line the row would hide
