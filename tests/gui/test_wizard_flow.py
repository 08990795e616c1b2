"""The report wizard, driven like a clerk would: create, type, jump, fix, finalize, export."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, Qt
from PySide6.QtWidgets import QMessageBox, QWizard

from core.wizard import Step
from tests.support import SAMPLE_AGENCY as AGENCY
from tests.support import SAMPLES

NO = QMessageBox.StandardButton.No
YES = QMessageBox.StandardButton.Yes


def click_step(qtbot, wizard, step: Step) -> None:
    panel = wizard.panel
    rect = panel.visualItemRect(panel.item(int(step)))
    qtbot.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def stored(db_path: Path, year: int = 2025) -> dict:
    """What is on disk, read through a second connection (the app holds the lock)."""
    from core.storage import Database

    with Database.open(db_path, exclusive=False) as reader:
        return reader.load_report(AGENCY, year)


# -- creating from last year -------------------------------------------------------------------
def test_new_report_is_prefilled_from_last_year_but_texts_are_not(new_2025, db_2024):
    from core import reportfile

    _, wizard = new_2025
    report = wizard.session.report
    last = reportfile.load(SAMPLES / "sample-2024.json")
    for col in ("natural_person", "commercial", "legal_service"):
        assert report.cells[f"requests/carried_over/{col}"] == \
            last.cells[f"requests/carried_forward/{col}"]
    assert report.agency == last.agency
    assert all(not text for text in report.texts.values())

    wizard.jump_to(Step.OVERVIEW)
    page = wizard.currentPage()
    assert page.editor.editor.toPlainText() == ""
    assert page.editor.reference_text.toPlainText() == last.texts["overview"]
    assert page.editor.reference_text.isReadOnly()
    assert "2024" in page.editor.reference_toggle.text()


def test_reference_can_be_copied_to_the_clipboard_only(new_2025, app):
    _, wizard = new_2025
    wizard.jump_to(Step.PROBLEMS)
    section = wizard.currentPage().editor
    section.copy_button.click()
    assert app.clipboard().text() == section.reference_text.toPlainText() != ""
    assert section.editor.toPlainText() == ""  # never copied into the report
    section.reference_toggle.click()  # collapsible
    assert not section.reference_text.isVisible()


# -- typing, saving ----------------------------------------------------------------------------
def test_chinese_typed_into_the_overview_is_in_the_database(qtbot, new_2025, db_path, ime):
    _, wizard = new_2025
    click_step(qtbot, wizard, Step.OVERVIEW)
    assert wizard.currentId() == Step.OVERVIEW
    editor = wizard.currentPage().editor.editor
    ime(editor, "（一）主动公开")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    ime(editor, "全年主动公开政府信息321条。")
    expected = "（一）主动公开\n全年主动公开政府信息321条。"
    assert stored(db_path)["text"]["overview"] == expected
    assert wizard.save_label.text().startswith("已保存 ")
    assert "字数：22" in wizard.currentPage().editor.count_label.text()
    assert "✔</span></td><td style='padding-right:8px'><b>（一）主动公开" in \
        wizard.currentPage().guide.text()


def test_paste_takes_plain_text_only_and_refuses_absurd_sizes(new_2025, dialogs):
    _, wizard = new_2025
    wizard.jump_to(Step.PROBLEMS)
    editor = wizard.currentPage().editor.editor
    mime = QMimeData()
    mime.setHtml("<b>加粗</b>的问题")
    mime.setText("加粗的问题\x07\x0b。")
    editor.insertFromMimeData(mime)
    assert wizard.session.report.texts["problems"] == "加粗的问题。"
    huge = QMimeData()
    huge.setText("字" * 100_001)
    editor.insertFromMimeData(huge)
    assert "过长" in dialogs.messages[-1][1]
    assert wizard.session.report.texts["problems"] == "加粗的问题。"
    editor.undo()
    assert wizard.session.report.texts["problems"] == ""


def test_overview_inserts_the_missing_subheadings_in_order(new_2025):
    from core.section_text import HEADINGS

    _, wizard = new_2025
    wizard.jump_to(Step.OVERVIEW)
    page = wizard.currentPage()
    page.editor.set_text_undoable("总述。\n（三）政府信息管理\n已有内容。")
    page.insert_button.click()
    lines = wizard.session.report.texts["overview"].split("\n")
    assert lines == ["总述。", HEADINGS[0], HEADINGS[1], HEADINGS[2], "已有内容。",
                     HEADINGS[3], HEADINGS[4]]
    assert not page.insert_button.isEnabled()


def test_fee_statement_is_written_and_updated_at_the_start(new_2025):
    _, wizard = new_2025
    wizard.jump_to(Step.OTHER)
    page = wizard.currentPage()
    page.editor.set_text_undoable("办理人大代表建议3件。")
    page.cases.setValue(2)
    page.amount.setValue(150.5)
    page.fee_button.click()
    text = wizard.session.report.texts["other"]
    assert text == ("依据《政府信息公开信息处理费管理办法》，本机关2025年共收取信息处理费2件，"
                    "金额150.5元。\n办理人大代表建议3件。")
    page.cases.setValue(0)
    assert not page.fee_button.isEnabled()  # 0 件 but 150.5 元 is contradictory
    page.amount.setValue(0)
    page.fee_button.click()
    assert wizard.session.report.texts["other"] == (
        "依据《政府信息公开信息处理费管理办法》，本机关2025年未收取信息处理费。\n办理人大代表建议3件。")
    assert not [i for i in wizard.session.issues if i.rule == "TEXT.FEE_MISSING"]


# -- navigation --------------------------------------------------------------------------------
def test_side_panel_jumps_and_back_still_works(qtbot, new_2025):
    _, wizard = new_2025
    assert wizard.currentId() == Step.AGENCY
    click_step(qtbot, wizard, Step.PROBLEMS)
    assert wizard.currentId() == Step.PROBLEMS
    # changed: 未开始 is gone; a step passed on the way with nothing entered is 未填写
    assert wizard.panel.state_text(Step.ACTIVE) == "未填写"
    wizard.back()
    assert wizard.currentId() == Step.REVIEW
    click_step(qtbot, wizard, Step.OVERVIEW)
    assert wizard.currentId() == Step.OVERVIEW
    wizard.panel.setFocus()
    qtbot.keyClick(wizard.panel, Qt.Key.Key_Down)  # the arrows only move the highlight…
    assert wizard.currentId() == Step.OVERVIEW and wizard.panel.currentRow() == Step.ACTIVE
    qtbot.keyClick(wizard.panel, Qt.Key.Key_Return)  # …Enter goes there
    assert wizard.currentId() == Step.ACTIVE
    assert wizard.panel.currentRow() == Step.ACTIVE
    assert wizard.panel.hasFocus()  # the keyboard user can go on walking the panel


def test_next_is_never_blocked_by_errors(qtbot, new_2025):
    _, wizard = new_2025
    assert any(i.is_error for i in wizard.session.issues)  # empty texts, no date yet
    for _ in range(len(Step) - 1):
        qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton),
                         Qt.MouseButton.LeftButton)
    assert wizard.currentId() == Step.FINISH
    assert wizard.session.report.date == ""  # a suggested 落款日期 is shown, not written
    assert wizard.currentPage().use_date_button.isVisible()


def test_postcode_error_shows_inline_and_goes_away_when_fixed(qtbot, new_2025):
    _, wizard = new_2025
    page = wizard.currentPage()
    postcode = page.fields["postcode"]
    postcode.selectAll()
    qtbot.keyClicks(postcode, "34510")
    messages = [page.issue_list.item(i).text() for i in range(page.issue_list.count())]
    # changed: shown once, under the field — no longer repeated in the list
    assert not any("邮编" in m for m in messages)
    assert "6位数字" in page.hints["postcode"].text() and "✖" in page.hints["postcode"].text()
    assert wizard.panel.state_text(Step.AGENCY).startswith("有错误")
    qtbot.keyClicks(postcode, "0")
    assert not any(i.rule == "AGENCY.FORMAT" for i in wizard.session.issues)
    assert page.issue_list.count() == 0 or not any(
        "邮编" in page.issue_list.item(i).text() for i in range(page.issue_list.count()))
    assert "✖" not in page.hints["postcode"].text()


def test_issue_in_the_finish_list_jumps_to_the_field(qtbot, new_2025):
    _, wizard = new_2025
    wizard.session.report.set_agency("email", "not-an-address")
    wizard.jump_to(Step.FINISH)
    page = wizard.currentPage()
    items = [page.issue_list.item(i) for i in range(page.issue_list.count())]
    item = next(i for i in items if "电子邮箱" in i.text())
    page.issue_list.setCurrentItem(item)
    page.issue_list.itemActivated.emit(item)  # double-click / Enter
    assert wizard.currentId() == Step.AGENCY
    assert wizard.currentPage().fields["email"].hasFocus() or \
        wizard.focusWidget() is wizard.currentPage().fields["email"]


def test_close_and_reopen_returns_to_the_same_step_and_content(qtbot, new_2025, ime):
    window, wizard = new_2025
    wizard.jump_to(Step.PROBLEMS)
    ime(wizard.currentPage().editor.editor, "依申请公开答复文书说理不够充分。")
    wizard.reject()
    assert window.isVisible() and window.wizard is None
    again = window.open_report(AGENCY, 2025)
    qtbot.addWidget(again)
    assert again.currentId() == Step.PROBLEMS
    assert again.currentPage().editor.editor.toPlainText() == "依申请公开答复文书说理不够充分。"
    # changed: states follow content, not visits (二 has only what the new report carried over)
    assert again.panel.state_text(Step.PROBLEMS).startswith("有提示")  # brief
    assert again.panel.state_text(Step.ACTIVE) == "未填写"
    again.back()
    assert again.currentId() == Step.REVIEW
    again.reject()


# -- finish: acknowledge, finalize, export -----------------------------------------------------
def test_acknowledging_a_warning(qtbot, open_wizard):
    wizard = open_wizard()
    wizard.session.report.set_date("2026-02-15")  # after 31 January: DATE.DEADLINE warning
    wizard.jump_to(Step.FINISH)
    page = wizard.currentPage()
    assert wizard.panel.state_text(Step.FINISH).startswith("有提示")
    page.issue_list.setCurrentRow(0)
    assert page.ack_button.isEnabled()
    page.ack_button.click()
    assert len(wizard.session.acknowledged()) == 1
    assert wizard.panel.state_text(Step.FINISH) == "无问题"
    assert "已确认" in page.issue_list.item(0).text()
    assert page.ack_button.text().startswith("取消确认")


def test_finalize_refused_with_errors_then_accepted(qtbot, new_2025, open_wizard, dialogs,
                                                    db_path):
    window, wizard = new_2025
    wizard.jump_to(Step.FINISH)
    wizard.currentPage().finalize_button.click()
    assert "个错误" in dialogs.texts("warning")[-1]
    assert wizard.session.report.status == "draft"
    wizard.reject()

    window.db.save_report(window.db.load_report(AGENCY, 2024) | {"year": 2023}, status="final")
    from core import reportfile  # the complete sample, as 2025: no errors

    sample = reportfile.load(SAMPLES / "sample-2025.json")
    window.db.save_report(sample.to_document(include_derived=False))
    wizard = window.open_report(AGENCY, 2025)
    qtbot.addWidget(wizard)
    wizard.jump_to(Step.FINISH)
    page = wizard.currentPage()
    assert not [i for i in wizard.session.issues if i.is_error]
    page.finalize_button.click()
    assert stored(db_path)["text"] == sample.texts
    assert window.db.report_status(AGENCY, 2025) == "final"
    assert "已定稿" in wizard.windowTitle()
    wizard.jump_to(Step.OVERVIEW)
    assert wizard.currentPage().editor.editor.isReadOnly()
    wizard.jump_to(Step.FINISH)
    dialogs.answers = [NO]
    page.reopen_button.click()
    assert window.db.report_status(AGENCY, 2025) == "final"
    dialogs.answers = [YES]
    page.reopen_button.click()
    assert window.db.report_status(AGENCY, 2025) == "draft"
    wizard.jump_to(Step.OVERVIEW)
    assert not wizard.currentPage().editor.editor.isReadOnly()
    wizard.reject()


@pytest.fixture
def exporters():
    """The real exporters (they exist; the GUI imports them only when exporting)."""
    import core.export_pdf  # noqa: F401
    import core.export_xlsx  # noqa: F401

    return True


def test_export_pdf_and_excel(qtbot, open_wizard, dialogs, tmp_path, exporters):
    wizard = open_wizard()
    wizard.jump_to(Step.FINISH)
    page = wizard.currentPage()
    pdf, xlsx = tmp_path / "报告.pdf", tmp_path / "统计表"
    dialogs.save_paths = [str(pdf)]
    with qtbot.waitSignal(page.exportFinished, timeout=120_000) as done:
        page.pdf_button.click()
        assert page.progress.isVisible() and not page.pdf_button.isEnabled()
    assert done.args[0].path == str(pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "已导出 PDF" in page.result_label.text() and page.open_file_button.isVisible()
    page.open_folder_button.click()
    assert dialogs.opened_urls[-1] == str(tmp_path)
    if exporters:
        import pdfplumber

        with pdfplumber.open(pdf) as doc:
            text = "".join(p.extract_text() or "" for p in doc.pages[:1])
        assert "政府信息公开工作年度报告" in text.replace(" ", "").replace("\n", "")

    dialogs.save_paths = [str(xlsx)]
    with qtbot.waitSignal(page.exportFinished, timeout=120_000):
        page.xlsx_button.click()
    import openpyxl

    workbook = openpyxl.load_workbook(str(xlsx) + ".xlsx")
    assert len(workbook.sheetnames) >= 1


def test_export_error_is_shown_and_retry_works(qtbot, open_wizard, dialogs, tmp_path,
                                               exporters):
    wizard = open_wizard()
    wizard.jump_to(Step.FINISH)
    page = wizard.currentPage()
    dialogs.save_paths = [str(tmp_path / "no-such-folder" / "x.xlsx")]
    with qtbot.waitSignal(page.exportFinished, timeout=60_000):
        page.xlsx_button.click()
    assert "不存在" in dialogs.texts("warning")[-1] and "再试" in dialogs.texts("warning")[-1]
    assert page.xlsx_button.isEnabled()
    dialogs.save_paths = [str(tmp_path / "x.xlsx")]
    with qtbot.waitSignal(page.exportFinished, timeout=60_000):
        page.xlsx_button.click()
    assert (tmp_path / "x.xlsx").exists()


def test_print_opens_the_preview_and_opens_no_viewer(qtbot, open_wizard, dialogs, data_dir,
                                                     exporters):
    wizard = open_wizard()
    wizard.jump_to(Step.FINISH)
    page = wizard.currentPage()
    page.print_button.click()
    preview = page.export_box.preview
    with qtbot.waitSignal(preview.loaded, timeout=120_000) as shown:
        pass
    assert shown.args[0] >= 2 and preview.isVisible()
    assert dialogs.opened_urls == []  # nothing "已打开" outside the application
    assert not (data_dir / "print").exists()
    preview.reject()


def test_renaming_the_agency_moves_the_report_and_the_wizard_state(qtbot, open_wizard,
                                                                   start_window):
    wizard = open_wizard()
    page = wizard.currentPage()
    name = page.fields["name"]
    name.setText("青禾县应急管理局（新）")
    name.editingFinished.emit()
    db = start_window.db
    assert db.load_report("青禾县应急管理局（新）", 2025) is not None
    assert "青禾县应急管理局（新）2025年" in wizard.windowTitle()
    wizard.jump_to(Step.OTHER)
    wizard.reject()
    again = start_window.open_report("青禾县应急管理局（新）", 2025)
    qtbot.addWidget(again)
    assert again.currentId() == Step.OTHER
    again.reject()


def test_a_failed_save_is_shown_and_the_edit_kept(new_2025, db_path, ime):
    from core.storage import StorageError

    _, wizard = new_2025
    wizard.jump_to(Step.PROBLEMS)
    editor = wizard.currentPage().editor.editor
    db = wizard.session.db

    def full_disk(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise StorageError("磁盘空间不足，无法保存。")

    db.save_report = full_disk
    ime(editor, "一是答复说理不充分；")
    assert wizard.save_label.text().startswith("未能保存：磁盘空间不足，无法保存。")
    assert wizard.session.report.texts["problems"] == "一是答复说理不充分；"  # kept in memory
    del db.save_report
    ime(editor, "二是专栏更新不及时。")
    assert wizard.save_label.text().startswith("已保存")
    assert stored(db_path)["text"]["problems"] == "一是答复说理不充分；二是专栏更新不及时。"


def test_the_agency_page_sets_whose_report_it_is_and_so_the_deadline(qtbot, open_wizard):
    wizard = open_wizard()
    wizard.jump_to(Step.AGENCY)
    page = wizard.currentPage()
    report = wizard.session.report
    labels = [page.kind.itemText(i) for i in range(page.kind.count())]
    assert labels[0].startswith("本部门的报告") and labels[1].startswith("本级政府（管委会）的报告")
    assert page.kind.currentIndex() == 0 and "kind" not in report.agency  # the default
    report.set_date(f"{report.year + 1}-03-01")
    assert any(i.rule == "DATE.DEADLINE" for i in wizard.session.issues)
    page.kind.setCurrentIndex(1)
    assert report.agency["kind"] == "government"
    assert not any(i.rule == "DATE.DEADLINE" for i in wizard.session.issues)  # 31 March
    assert wizard.session.db.load_report(*wizard.session.key)["agency"]["kind"] == "government"
    wizard.jump_to(Step.FINISH)
    assert "3月31日" in wizard.currentPage().date_hint.text()
    wizard.reject()


def test_export_word_and_web_page_from_the_finish_page(qtbot, open_wizard, dialogs, tmp_path):
    import docx
    import html5lib

    wizard = open_wizard()
    wizard.jump_to(Step.FINISH)
    page = wizard.currentPage()
    word, web = tmp_path / "报告", tmp_path / "网页.html"
    dialogs.save_paths = [str(word)]
    with qtbot.waitSignal(page.exportFinished, timeout=120_000) as done:
        page.export_box.docx_button.click()
    assert done.args[0].path == str(word) + ".docx" and done.args[0].kind.label == "Word"
    assert "已导出 Word" in page.result_label.text()
    document = docx.Document(str(word) + ".docx")
    assert wizard.session.report.agency_name in "".join(p.text for p in document.paragraphs)
    assert len(document.tables) == 3
    dialogs.save_paths = [str(web)]
    with qtbot.waitSignal(page.exportFinished, timeout=120_000):
        page.export_box.html_button.click()
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(web.read_bytes())
    assert [e.text for e in tree.iter("h2")][:2] == ["一、总体情况", "二、主动公开政府信息情况"]
    assert "已导出 网页" in page.result_label.text()


def test_export_refuses_the_open_database_as_target(qtbot, open_wizard, dialogs):
    wizard = open_wizard()
    wizard.jump_to(Step.FINISH)
    page = wizard.currentPage()
    db_path = str(wizard.session.db.path)
    before = open(db_path, "rb").read()
    dialogs.save_paths = [db_path]  # the clerk picks the database file itself
    page.export_box._ask_path = lambda *args: db_path  # noqa: SLF001 — no suffix is added
    with qtbot.waitSignal(page.exportFinished, timeout=60_000) as done:
        page.export_box.xlsx_button.click()
    assert not hasattr(done.args[0], "path")  # refused: an exception, not a written file
    assert "正在使用的数据库" in dialogs.texts("warning")[-1]
    assert open(db_path, "rb").read()[:100] == before[:100]


def test_a_new_report_opens_grey_and_a_step_turns_red_when_filled(qtbot, new_2025, ime):
    _, wizard = new_2025
    states = [wizard.panel.state_text(s) for s in Step]
    # 机关信息 carries last year's (valid) details; everything else is as created
    assert states == ["无问题"] + ["未填写"] * (len(Step) - 1)
    wizard.jump_to(Step.REQUESTS)
    wizard.session.set_cells({"requests/new_received/natural_person": 2})
    assert wizard.panel.state_text(Step.REQUESTS).startswith("有错误")  # the balance
    wizard.session.report.set_date("2026-01-20")  # the finish step's own field
    assert wizard.panel.state_text(Step.FINISH).startswith("有错误")  # the whole report
    wizard.jump_to(Step.PROBLEMS)
    ime(wizard.currentPage().editor.editor, "无")
    assert wizard.panel.state_text(Step.PROBLEMS).startswith("有错误")


def test_the_filled_sample_shows_its_state_on_every_step(qtbot, open_wizard):
    wizard = open_wizard()
    assert [wizard.panel.state_text(s) for s in Step] == ["无问题"] * len(Step)


def test_agency_page_lists_a_missing_field_once(qtbot, new_2025, ime):
    _, wizard = new_2025
    page = wizard.currentPage()
    page.fields["phone"].selectAll()
    qtbot.keyClick(page.fields["phone"], Qt.Key.Key_Delete)
    assert wizard.session.report.agency["phone"] == ""
    assert "✖" in page.hints["phone"].text()
    assert page.issue_list.isHidden()  # nothing else to list: no second copy, no "没有问题"


def test_a_website_without_https_is_valid_and_the_prefix_is_offered(qtbot, new_2025):
    _, wizard = new_2025
    page = wizard.currentPage()
    url = page.fields["website_url"]
    assert not page.scheme_button.isVisible()  # https://www.qinghe.gov.cn already has it
    url.selectAll()
    qtbot.keyClicks(url, "www.qinghe.gov.cn")
    assert wizard.session.report.agency["website_url"] == "www.qinghe.gov.cn"
    assert not [i for i in wizard.session.issues if "agency/website_url" in i.cells]
    assert page.scheme_button.isVisible()
    qtbot.mouseClick(page.scheme_button, Qt.MouseButton.LeftButton)
    assert url.text() == "https://www.qinghe.gov.cn"
    assert wizard.session.report.agency["website_url"] == "https://www.qinghe.gov.cn"
    assert not page.scheme_button.isVisible()


def test_a_place_stored_as_a_number_still_opens_its_page(start_window, open_wizard):
    """Before the steps came from the format the place was a step number (0..7, 2021)."""
    start_window.db.set_setting(f"wizard/{AGENCY}/2025", {"step": 5, "visited": [0, 1, 5]})
    wizard = open_wizard()
    assert wizard.currentId() == Step.PROBLEMS
    assert wizard.currentPage().section == "problems"
    wizard.reject()
    assert start_window.db.get_setting(f"wizard/{AGENCY}/2025")["place"] == "problems"
