"""Small things a clerk trips over: the title, the balance caption, the text editor's
headings and examples."""

from __future__ import annotations

from PySide6.QtGui import QFont

from core import APP_NAME
from core.wizard import Step


def test_titles_end_with_the_app_name_once(start_window, open_wizard):
    # Qt appends the display name to a title that does not end with it
    wizard = open_wizard()
    for title in (start_window.windowTitle(), wizard.windowTitle()):
        assert title.endswith(APP_NAME) and title.count(APP_NAME) == 1


def test_the_balance_caption_names_the_rows(requests_page):
    from gui.pages.page_requests import CAPTION

    assert "一＋二" in CAPTION and "三（七）＋四" in CAPTION


def test_headings_are_set_apart_in_the_editor(qtbot, open_wizard, ime):
    wizard = open_wizard()
    wizard.jump_to(Step.OVERVIEW)
    editor = wizard.currentPage().editor.editor
    editor.setPlainText("（一）主动公开\n本年度主动公开信息120条。\n1.重点领域\n正文。")
    document = editor.document()

    def bold(line: int) -> bool:
        formats = document.findBlockByNumber(line).layout().formats()
        return any(f.format.fontWeight() == QFont.Weight.Bold for f in formats)

    assert bold(0) and not bold(1) and bold(2) and not bold(3)
    assert wizard.session.report.texts["overview"].startswith("（一）主动公开")  # text as typed


def test_each_text_step_has_its_own_example(qtbot, open_wizard):
    wizard = open_wizard()
    shown = {}
    for step in (Step.OVERVIEW, Step.PROBLEMS, Step.OTHER):
        wizard.jump_to(step)
        shown[step] = wizard.currentPage().editor.editor.placeholderText()
    assert len(set(shown.values())) == 3
    assert "信息处理费" in shown[Step.OTHER] and "整改" in shown[Step.PROBLEMS]
