"""Details a clerk stumbles on: read-only must be visible, Tab must move on."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.wizard import Step


def test_finalized_report_shows_it_is_read_only(qtbot, open_wizard):
    wizard = open_wizard()
    assert not wizard.final_banner.isVisible()
    wizard.session.finalize()  # not the finish page's button: every observer is told
    assert wizard.final_banner.isVisible() and "重新打开" in wizard.final_banner.text()
    wizard.jump_to(Step.REQUESTS)
    grid = wizard.currentPage().grid
    grid.focus_key("requests/granted/natural_person")
    qtbot.keyClick(grid, "5")
    assert "已定稿" in grid.message
    assert wizard.session.report.cells["requests/granted/natural_person"] == 6


def test_tab_leaves_a_text_section_without_typing_a_tab(qtbot, open_wizard, ime):
    wizard = open_wizard()
    wizard.jump_to(Step.PROBLEMS)
    editor = wizard.currentPage().editor.editor
    editor.setFocus()
    before = wizard.session.report.texts["problems"]
    qtbot.keyClick(editor, Qt.Key.Key_Tab)
    assert "\t" not in wizard.session.report.texts["problems"]
    assert wizard.session.report.texts["problems"] == before


def test_a_text_warning_jumps_to_the_words_it_is_about(qtbot, open_wizard):
    wizard = open_wizard()
    report = wizard.session.report
    report.set_text("overview", report.texts["overview"] + "\n全年共收到政府信息公开申请16件。")
    wizard.jump_to(Step.FINISH)
    page = wizard.currentPage()
    items = [page.issue_list.item(i) for i in range(page.issue_list.count())]
    item = next(i for i in items if "申请16件" in i.text())
    page.issue_list.itemActivated.emit(item)
    assert wizard.currentId() == Step.OVERVIEW
    editor = wizard.currentPage().editor.editor
    assert editor.textCursor().selectedText() == "收到政府信息公开申请16件"
