"""The step 审核与导出 and 从文件恢复 as a clerk meets them: 定稿 with open warnings asks first, the
审签单 and 校验码 are reachable, the 落款日期 is written only when the clerk chooses it, the focus
does not land in the date, and a restore says what the file holds before replacing anything."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from core.checksum import report_checksum
from core.validation import WARNING, Issue
from core.wizard import Step
from tests.support import SAMPLE_AGENCY as AGENCY
from tests.support import SAMPLES

NO = QMessageBox.StandardButton.No
YES = QMessageBox.StandardButton.Yes
OPEN_WARNINGS = "还有 1 个提示尚未确认（如与上年报告雷同、正文数字与表格不一致……）。仍要定稿吗？"


@pytest.fixture
def finish(open_wizard):
    """The complete 2025 sample (no issues) open at 审核与导出."""
    wizard = open_wizard()
    wizard.jump_to(Step.FINISH)
    return wizard, wizard.currentPage()


def raw_documents(db_path: Path) -> list[tuple]:
    conn = sqlite3.connect(f"{Path(db_path).as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT a.name, r.year, r.status, r.document FROM reports r "
                            "JOIN agencies a ON a.id = r.agency_id ORDER BY 1, 2").fetchall()
    finally:
        conn.close()


# -- 1. 定稿 with open warnings ---------------------------------------------------------------
def test_finalize_with_an_open_warning_asks_and_no_keeps_the_draft(finish, dialogs,
                                                                  monkeypatch):
    wizard, page = finish
    wizard.session.report.set_date("2026-02-15")  # after 31 January: DATE.DEADLINE warning
    asked = []
    real = QMessageBox.question

    def question(parent, title, text, buttons, default):  # noqa: ANN001, ANN202
        asked.append(default)
        return real(parent, title, text, buttons, default)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    dialogs.answers = [NO]
    page.finalize_button.click()

    text = dialogs.texts("question")[-1]
    assert text.startswith(OPEN_WARNINGS)
    assert "晚于法定期限" in text  # the warning itself is listed
    assert asked == [NO]  # the default button is 否
    assert wizard.session.report.status == "draft"

    dialogs.answers = [YES]
    page.finalize_button.click()
    assert wizard.session.report.status == "final"
    assert "已定稿" in wizard.windowTitle()


def test_finalize_asks_nothing_without_open_warnings(finish, dialogs):
    wizard, page = finish
    assert wizard.session.issues == []
    page.finalize_button.click()
    assert dialogs.messages == []
    assert wizard.session.report.status == "final"


def test_an_acknowledged_warning_is_not_asked_about_again(finish, dialogs):
    wizard, page = finish
    wizard.session.report.set_date("2026-02-15")
    page.issue_list.setCurrentRow(0)
    page.ack_button.click()
    page.finalize_button.click()
    assert dialogs.texts("question") == []
    assert wizard.session.report.status == "final"


def test_errors_still_refuse_without_asking_about_warnings(finish, dialogs):
    wizard, page = finish
    wizard.session.report.set_agency("email", "not-an-address")  # an error
    wizard.session.report.set_date("2026-02-15")  # and a warning
    page.finalize_button.click()
    assert dialogs.texts("question") == []
    assert "个错误" in dialogs.texts("warning")[-1]
    assert wizard.session.report.status == "draft"


def test_the_question_lists_at_most_five_warnings(finish, dialogs):
    _, page = finish
    warnings = [Issue(f"TEST.{n}", WARNING, f"第{n}个提示。") for n in range(1, 8)]
    dialogs.answers = [NO]
    assert page._confirm_open_warnings(warnings) is False
    text = dialogs.texts("question")[-1]
    assert text.startswith("还有 7 个提示尚未确认")
    assert "第5个提示" in text and "第6个提示" not in text and "另有 2 个" in text


# -- 2. 审签单 and 校验码 ------------------------------------------------------------------------
def test_checksum_is_shown_and_follows_every_change(finish):
    wizard, page = finish
    report = wizard.session.report
    code = report_checksum(report)
    assert f"校验码：<b>{code}</b>" in page.checksum_label.text()
    assert "与审签单上的一致即为同一版本" in page.checksum_label.text()
    report.set_agency("phone", "0599-1234567")
    assert report_checksum(report) != code
    assert report_checksum(report) in page.checksum_label.text()


def test_signoff_checkbox_is_remembered_and_passed_to_pdf_and_print(
        qtbot, finish, dialogs, tmp_path, monkeypatch, start_window, open_wizard):
    import core.export_pdf

    wizard, page = finish
    assert page.signoff_check.isChecked()  # default on
    calls = []
    real = core.export_pdf.render_pdf

    def render(report, **kwargs):  # noqa: ANN001, ANN202
        calls.append(kwargs["signoff"])
        return real(report, **kwargs)

    monkeypatch.setattr(core.export_pdf, "render_pdf", render)
    dialogs.save_paths = [str(tmp_path / "报告.pdf")]
    with qtbot.waitSignal(page.exportFinished, timeout=120_000) as done:
        page.pdf_button.click()
    assert calls == [True]
    assert done.args[0].checksum == report_checksum(wizard.session.report)
    assert done.args[0].checksum in page.result_label.text()
    import pdfplumber

    with pdfplumber.open(tmp_path / "报告.pdf") as doc:
        last = (doc.pages[-1].extract_text() or "").replace(" ", "").replace("\n", "")
    assert "审签单" in last and done.args[0].checksum in last

    page.signoff_check.setChecked(False)
    assert start_window.db.get_setting("export/signoff") is False
    page.print_button.click()  # the preview renders the PDF as it would be exported now
    with qtbot.waitSignal(page.export_box.preview.loaded, timeout=120_000):
        pass
    assert calls == [True, False]
    page.export_box.preview.reject()

    wizard.reject()  # the choice is remembered for the next report opened
    again = open_wizard()
    again.jump_to(Step.FINISH)
    assert not again.currentPage().signoff_check.isChecked()


# -- 3. the 落款日期 is written only when the clerk chooses it ------------------------------------
def test_suggested_date():
    from gui.pages.page_finish import suggested_date

    assert suggested_date(2025, dt.date(2026, 1, 8)) == dt.date(2026, 1, 8)
    assert suggested_date(2025, dt.date(2025, 12, 31)) == dt.date(2025, 12, 31)
    assert suggested_date(2025, dt.date(2026, 1, 31)) == dt.date(2026, 1, 31)
    assert suggested_date(2025, dt.date(2025, 11, 20)) == dt.date(2026, 1, 20)
    assert suggested_date(2025, dt.date(2026, 3, 2)) == dt.date(2026, 1, 20)


def test_no_date_is_written_until_the_clerk_uses_the_suggestion(qtbot, new_2025):
    """Changed: the suggestion is no longer shown in the date field (which read as the report's
    date); the field says 未填写 and the suggestion stands beside it in grey, with its button."""
    from gui.pages.page_finish import suggested_date

    _, wizard = new_2025
    wizard.jump_to(Step.FINISH)
    page = wizard.currentPage()
    report = wizard.session.report
    assert report.date == ""
    assert not [i for i in wizard.session.issues if i.rule == "DATE.EARLY"]
    assert [i for i in wizard.session.issues if i.rule == "DATE.INVALID"]  # still shown
    suggestion = suggested_date(2025)
    assert page.date_edit.text() == "未填写"  # the field shows no date the report lacks
    shown = f"{suggestion.year}年{suggestion.month}月{suggestion.day}日"
    assert page.suggestion_label.isVisible() and page.suggestion_label.text() == f"建议：{shown}"
    assert "italic" in page.suggestion_label.styleSheet()
    assert page.date_note.isVisible() and page.use_date_button.isVisible()
    assert page.use_date_button.text() == "使用建议日期(&U)"
    assert page.date_note.text() == "尚未填写落款日期——请选择日期或使用建议日期"

    page.date_edit.editingFinished.emit()  # tabbing through the field is not a choice
    assert report.date == ""

    page.use_date_button.click()
    assert report.date == suggestion.isoformat()
    assert page.date_edit.text() == shown  # now the field shows it: it is the report's date
    assert not page.date_note.isVisible() and not page.use_date_button.isVisible()
    assert not page.suggestion_label.isVisible()
    assert not [i for i in wizard.session.issues if i.rule == "DATE.INVALID"]


def test_the_arrow_up_from_an_empty_date_gives_the_first_valid_day(qtbot, new_2025):
    _, wizard = new_2025
    wizard.jump_to(Step.FINISH)
    page = wizard.currentPage()
    page.date_edit.setFocus()
    with qtbot.waitSignal(page.date_edit.dateChanged):
        qtbot.keyClick(page.date_edit, Qt.Key.Key_Up)
    assert wizard.session.report.date == "2025-12-31"
    assert page.date_edit.text() == "2025年12月31日"
    with qtbot.waitSignal(page.date_edit.dateChanged):
        qtbot.keyClick(page.date_edit, Qt.Key.Key_Down)  # back to 未填写: no date
    assert wizard.session.report.date == ""
    assert page.date_edit.text() == "未填写" and page.use_date_button.isVisible()


@pytest.mark.parametrize("typed", ["2026-01-20", "20260120", "2026/1/20", "2026 1 20",
                                   "２０２６年１月２０日"])
@pytest.mark.parametrize("end", [Qt.Key.Key_Return, Qt.Key.Key_Tab])
def test_a_date_can_be_typed_on_an_empty_field(qtbot, new_2025, typed, end):
    """A clerk types the date as written: the field reads it whole (QDateEdit's own editing
    would have appended the keys to “未填写”)."""
    _, wizard = new_2025
    wizard.jump_to(Step.FINISH)
    page = wizard.currentPage()
    page.date_edit.setFocus()
    for ch in typed:  # as keyboard events with text (QTest types ASCII only)
        QApplication.sendEvent(page.date_edit, QKeyEvent(
            QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, ch))
    assert page.date_edit.text() == typed  # what is typed shows as typed
    qtbot.keyClick(page.date_edit, end)
    assert wizard.session.report.date == "2026-01-20"
    assert page.date_edit.text() == "2026年1月20日"
    assert not page.date_note.isVisible()


def test_a_typed_non_date_says_how_to_type_one(qtbot, new_2025):
    _, wizard = new_2025
    wizard.jump_to(Step.FINISH)
    page = wizard.currentPage()
    page.date_edit.setFocus()
    qtbot.keyClicks(page.date_edit, "2026-02-30")
    qtbot.keyClick(page.date_edit, Qt.Key.Key_Return)
    assert wizard.session.report.date == ""
    assert page.date_edit.text() == "未填写"
    assert "无法识别“2026-02-30”" in page.date_note.text() and page.date_note.isVisible()
    qtbot.keyClicks(page.date_edit, "20")
    qtbot.keyClick(page.date_edit, Qt.Key.Key_Escape)  # gives up: nothing changes
    assert page.date_edit.text() == "未填写" and wizard.session.report.date == ""


def test_a_stored_date_before_the_year_end_is_shown_as_it_is(qtbot, new_2025):
    _, wizard = new_2025
    wizard.session.report.set_date("2025-06-01")
    wizard.jump_to(Step.FINISH)
    page = wizard.currentPage()
    assert page.date_edit.text() == "2025年6月1日"
    assert not page.use_date_button.isVisible()


def test_editing_the_suggested_date_writes_it(qtbot, new_2025):
    _, wizard = new_2025
    wizard.jump_to(Step.FINISH)
    page = wizard.currentPage()
    page.date_edit.setDate(QDate(2026, 1, 23))
    assert wizard.session.report.date == "2026-01-23"
    assert not page.use_date_button.isVisible()
    wizard.jump_to(Step.AGENCY)
    wizard.jump_to(Step.FINISH)  # shown as stored
    assert page.date_edit.date() == QDate(2026, 1, 23) and not page.date_note.isVisible()


def test_date_hint_wraps_at_960_pixels(qtbot, finish):
    wizard, page = finish
    wizard.resize(960, 700)
    qtbot.wait(50)
    hint = page.date_hint
    assert hint.wordWrap()
    assert hint.height() >= hint.heightForWidth(hint.width())  # every line shown
    assert hint.geometry().right() <= page.width()


# -- 4. the focus on reopening ------------------------------------------------------------------
def test_reopened_on_the_finish_page_the_focus_is_in_the_issue_list(qtbot, start_window,
                                                                     open_wizard):
    wizard = open_wizard()
    wizard.jump_to(Step.FINISH)
    wizard.reject()
    again = open_wizard()
    assert again.currentId() == Step.FINISH
    page = again.currentPage()
    assert again.focusWidget() is page.issue_list
    assert not page.date_edit.hasFocus()


# -- 5. 从文件恢复 checks first, then says what it restores ------------------------------------
@pytest.fixture
def backup_dialog(qtbot, db_samples):
    from gui.backup_dialog import BackupDialog

    dialog = BackupDialog(db_samples)
    qtbot.addWidget(dialog)
    return dialog


def _xlsx(path: Path) -> Path:
    import openpyxl

    openpyxl.Workbook().save(path)
    return path


@pytest.mark.parametrize("make", [
    lambda tmp: Path(shutil.copy(SAMPLES / "sample-2025.json", tmp / "年报.json")),
    lambda tmp: _xlsx(tmp / "统计表.xlsx"),
    lambda tmp: Path(shutil.copy(SAMPLES / "sample-2025.json", tmp / "改了名.sqlite3")),
])
def test_a_report_file_is_recognised_and_nothing_is_asked(backup_dialog, db_path, dialogs,
                                                          tmp_path, make):
    candidate = make(tmp_path)
    raw_before = raw_documents(db_path)
    backups_before = backup_dialog.backups()
    dialogs.open_paths.append(str(candidate))

    assert backup_dialog.restore_from_file() is None

    assert [kind for kind, _, _ in dialogs.messages] == ["warning"]
    assert "这是一个报告文件，不是备份。请在开始页用“导入报告文件”导入。" in dialogs.texts()[0]
    assert raw_documents(db_path) == raw_before
    assert backup_dialog.backups() == backups_before


def test_a_damaged_file_is_refused_before_any_question(backup_dialog, db_path, dialogs,
                                                       tmp_path):
    candidate = tmp_path / "坏的.sqlite3"
    candidate.write_bytes(b"SQLite format 3\x00" + bytes(4000))
    dialogs.open_paths.append(str(candidate))
    assert backup_dialog.restore_from_file() is None  # 是 to a salvage, which finds nothing
    assert [kind for kind, _, _ in dialogs.messages] == ["question", "warning"]
    assert "当前数据未作任何改动" in dialogs.texts()[0]
    assert dialogs.messages[1][1] == "抢救失败" and "未作任何改动" in dialogs.texts()[1]
    assert not list(db_path.parent.glob("坏的.salvaged-*"))  # nothing half-made is left


def test_the_question_says_what_the_backup_holds(backup_dialog, db_samples, db_path, dialogs,
                                                 tmp_path):
    backup = tmp_path / "备份.sqlite3"
    db_samples.backup_to(backup)
    db_samples.delete_report(AGENCY, 2025)
    raw_before = raw_documents(db_path)
    backups_before = backup_dialog.backups()
    dialogs.open_paths.append(str(backup))
    dialogs.answers = [NO]

    assert backup_dialog.restore_from_file() is None

    kind, _, text = dialogs.messages[-1]
    assert kind == "question"
    assert "该备份包含 2 份报告（已定稿 1 份），台账 0 件申请，最后修改于 " in text
    assert f"报告：{AGENCY} 2024、2025。" in text
    assert f"恢复后将重新出现：{AGENCY} 2025。" in text
    assert "恢复后当前数据将被替换（当前数据会先另存安全副本）。" in text
    assert raw_documents(db_path) == raw_before  # 否: nothing replaced, no safety copy
    assert backup_dialog.backups() == backups_before

    dialogs.open_paths.append(str(backup))
    assert backup_dialog.restore_from_file() is not None  # 是
    assert db_samples.load_report(AGENCY, 2025) is not None


def test_enter_in_the_backup_list_asks_to_restore_and_does_not_close(qtbot, backup_dialog,
                                                                     db_path, dialogs):
    backup_dialog.show()
    qtbot.waitExposed(backup_dialog)
    assert backup_dialog.list.topLevelItemCount() >= 1
    backup_dialog.list.setCurrentItem(backup_dialog.list.topLevelItem(0))
    backup_dialog.list.setFocus()
    raw_before = raw_documents(db_path)
    dialogs.answers = [NO]

    qtbot.keyClick(backup_dialog.list, Qt.Key.Key_Return)

    assert backup_dialog.isVisible()
    assert [kind for kind, _, _ in dialogs.messages] == ["question"]
    assert "该备份中没有任何报告" in dialogs.texts()[0]  # made when the empty database opened
    assert raw_documents(db_path) == raw_before
