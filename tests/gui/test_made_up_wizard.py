"""A report in another format (tests/madeup_format.py) gets a wizard of its own steps: 机关信息,
its two sections, 审核与导出 — with the generic pages, saving, its rules and jumps."""

from __future__ import annotations

import pytest

from core.formats import DEFAULT_FORMAT, FORMATS, register
from core.wizard import steps
from tests import madeup_format as made

AGENCY, YEAR = "试点县测试局", 2030
SUMMARY, COUNTS, FINISH = 1, 2, 3  # the made-up format's steps


@pytest.fixture
def made_db(db):
    register(made.FORMAT)
    db.save_report(made.document(pending__online=3))  # 5 ≠ 4 + 3: unbalanced
    yield db
    FORMATS.pop(made.FORMAT_ID, None)


@pytest.fixture
def window(qtbot, made_db, data_dir):
    from gui.start_window import StartWindow

    win = StartWindow(made_db, data_dir)
    qtbot.addWidget(win)
    win.show()
    return win


@pytest.fixture
def open_made(qtbot, window):
    opened = []

    def open_():
        wizard = window.open_report(AGENCY, YEAR)
        assert wizard is not None
        qtbot.addWidget(wizard)
        opened.append(wizard)
        return wizard

    yield open_
    for wizard in opened:
        try:
            if wizard.isVisible():
                wizard.reject()
        except RuntimeError:
            pass  # already deleted


def stored(db_path) -> dict:
    from core.storage import Database

    with Database.open(db_path, exclusive=False) as reader:
        return reader.load_report(AGENCY, YEAR)


def panel_names(wizard) -> list[str]:
    panel = wizard.panel
    return [panel.item(n).text().split("\n", 1)[0] for n in range(panel.count())]


def test_the_wizard_shows_the_formats_own_sections(open_made):
    from gui.pages.table_page import TablePage
    from gui.pages.text_page import TextSectionPage

    wizard = open_made()
    assert panel_names(wizard) == ["机关信息", "一、概况", "二、申请情况", "审核与导出"]
    assert wizard.pageIds() == [0, 1, 2, 3]
    assert [wizard.page(n).title() for n in (SUMMARY, COUNTS)] == ["一、概况", "二、申请情况"]
    assert type(wizard.page(SUMMARY)) is TextSectionPage  # not a 2021 page
    assert type(wizard.page(COUNTS)) is TablePage
    assert wizard.page(COUNTS).subTitle() == "按申请方式填写。"
    wizard.jump_to(COUNTS)
    assert wizard.step_title() == "二、申请情况"
    assert wizard.currentPage().grid.model().rowCount() > 0


def test_a_figure_typed_into_its_table_is_saved(qtbot, open_made, db_path):
    from tests.gui.test_journey import _type_cell

    wizard = open_made()
    wizard.jump_to(COUNTS)
    grid = wizard.currentPage().grid
    _type_cell(qtbot, grid, "counts/pending/online", "1")
    assert stored(db_path)["tables"]["counts"]["pending"]["online"] == 1
    wizard.reject()
    again = open_made()
    assert again.currentId() == COUNTS  # where the clerk left off
    assert again.session.report.cells["counts/pending/online"] == 1
    assert again.currentPage().grid.severity_of("counts/pending/online") is None


def test_its_text_section_edits_are_saved(open_made, db_path, ime):
    wizard = open_made()
    wizard.jump_to(SUMMARY)
    editor = wizard.currentPage().editor.editor
    editor.moveCursor(editor.textCursor().MoveOperation.End)
    ime(editor, "另有咨询若干。")
    assert stored(db_path)["text"]["summary"].endswith("另有咨询若干。")
    wizard.reject()
    again = open_made()
    assert again.currentId() == SUMMARY
    assert again.currentPage().editor.editor.toPlainText().endswith("另有咨询若干。")


def test_the_panel_counts_the_formats_own_rules(qtbot, open_made, ime):
    from tests.gui.test_journey import _type_cell

    wizard = open_made()
    panel = wizard.panel
    # X.BALANCE: 网上申请 and 合计 columns do not balance
    assert panel.state_text(COUNTS) == "有错误 2"
    assert panel.state_text(SUMMARY) == "无问题" and panel.state_text(0) == "无问题"
    assert panel.state_text(FINISH) == "有错误 2"
    wizard.jump_to(SUMMARY)
    editor = wizard.currentPage().editor.editor
    editor.selectAll()
    ime(editor, "本年概况")  # shorter than the format's min_chars of 10: a warning
    assert panel.state_text(SUMMARY) == "有提示 1"
    wizard.jump_to(COUNTS)
    _type_cell(qtbot, wizard.currentPage().grid, "counts/pending/online", "1")
    assert panel.state_text(COUNTS) == "无问题"
    assert panel.state_text(FINISH) == "有提示 1"


def test_an_issue_jumps_to_its_page(open_made):
    wizard = open_made()
    wizard.session.report.set_agency("phone", "无号码")
    wizard.jump_to(FINISH)
    page = wizard.currentPage()
    items = [page.issue_list.item(n) for n in range(page.issue_list.count())]
    balance = next(i for i in items if "网上申请列" in i.text())
    page.issue_list.itemActivated.emit(balance)  # double-click / Enter
    assert wizard.currentId() == COUNTS
    assert wizard.currentPage().grid.current_key() == "counts/received/online"
    wizard.jump_to(FINISH)
    items = [page.issue_list.item(n) for n in range(page.issue_list.count())]
    phone = next(i for i in items if "电话" in i.text())
    page.issue_list.itemActivated.emit(phone)
    assert wizard.currentId() == 0
    assert wizard.focusWidget() is wizard.currentPage().fields["phone"]


def test_the_steps_are_the_formats():
    assert [(s.key, s.section, s.short) for s in steps(made.FORMAT)] == [
        ("agency", None, "机关信息"), ("summary", "summary", "一、概况"),
        ("counts", "counts", "二、申请情况"), ("finish", None, "审核与导出")]


def test_its_help_lists_its_steps(open_made):
    wizard = open_made()
    text = wizard.show_help().browser.toPlainText()
    assert "二、申请情况" in text and "按申请方式填写。" in text
    assert DEFAULT_FORMAT.section_by_key["requests"].heading not in text  # not 2021's steps
