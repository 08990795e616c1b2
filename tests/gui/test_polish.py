"""The clerk's window polished: layout at 1366×768, keyboard, Chinese dialogs, notices.
Each test saves a screenshot under /tmp/polish-shots/ (looked at when the change was made)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QWidget

from core.wizard import Step

SHOTS = Path("/tmp/polish-shots")
NP = "requests/new_received/natural_person"


def shot(widget: QWidget, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SHOTS / f"{name}.png"))


def small_screen_wizard(open_wizard, step: Step):
    wizard = open_wizard()
    wizard.resize(1366, 728)  # a 1366×768 screen less the task bar
    wizard.jump_to(step)
    return wizard


# -- 8. layout -----------------------------------------------------------------------------------
def test_issue_list_keeps_its_height_and_shows_two_errors_whole(qtbot, open_wizard):
    wizard = small_screen_wizard(open_wizard, Step.REQUESTS)
    page = wizard.pages[Step.REQUESTS]
    issues = page.issue_list
    qtbot.wait(20)
    height_without = issues.height()
    assert issues.count() == 1  # 本页没有发现问题
    page.grid.commit_text(NP, "500")  # the 自然人 and the 总计 columns no longer balance
    qtbot.waitUntil(lambda: issues.count() >= 2)
    qtbot.wait(20)
    errors = [issues.item(i) for i in range(issues.count()) if "错误" in issues.item(i).text()]
    assert len(errors) == 2
    assert issues.height() == height_without  # nothing jumps as errors come and go
    assert issues.height() >= 3 * (issues.fontMetrics().lineSpacing() + 6)
    viewport = issues.viewport().rect()
    for item in errors:
        assert viewport.contains(issues.visualItemRect(item))  # whole lines, not cut
    shot(wizard, "table3_two_errors")


def test_finalized_finish_page_uses_the_height_and_reopen_is_not_squeezed(qtbot, open_wizard):
    wizard = small_screen_wizard(open_wizard, Step.FINISH)
    wizard.session.finalize()
    page = wizard.pages[Step.FINISH]
    qtbot.wait(20)
    assert page.issue_list.height() > page.height() // 3  # no half screen left empty
    bottom = max(w.geometry().bottom() for w in (page.export_box, page.reopen_button.parentWidget()))
    assert page.height() - bottom < 40
    button = page.reopen_button
    assert button.isEnabled() and button.width() >= button.sizeHint().width()
    shot(wizard, "finish_finalized")


# -- 9. keyboard ---------------------------------------------------------------------------------
def test_step_panel_is_in_the_tab_order(qtbot, open_wizard):
    wizard = small_screen_wizard(open_wizard, Step.OVERVIEW)
    wizard.activateWindow()
    qtbot.waitExposed(wizard)
    reached = []
    widget = wizard.focusWidget() or wizard.button(wizard.WizardButton.NextButton)
    widget.setFocus()
    for _ in range(60):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
        if reached[-1] is wizard.panel:
            break
    assert wizard.panel in reached
    qtbot.keyClick(wizard.panel, Qt.Key.Key_Down)
    qtbot.keyClick(wizard.panel, Qt.Key.Key_Return)
    assert wizard.currentId() == Step.ACTIVE


def test_enter_in_the_new_report_dialog_creates_the_report(qtbot, db_2024, ime):
    from gui.new_report_dialog import NewReportDialog

    dialog = NewReportDialog(db_2024)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.agency.setCurrentText("青禾县应急管理局")
    dialog.year.setValue(2025)
    dialog.activateWindow()
    dialog.agency.setFocus()
    qtbot.waitUntil(dialog.agency.hasFocus)
    shot(dialog, "new_report_dialog")
    for field in (dialog.agency.lineEdit(), dialog.year):
        field.setFocus()
        with qtbot.waitSignal(dialog.accepted, timeout=2000):
            qtbot.keyClick(field, Qt.Key.Key_Return)
        assert dialog.result_key == ("青禾县应急管理局", 2025)
        assert db_2024.load_report("青禾县应急管理局", 2025) is not None
        dialog.show()


def test_enter_creates_a_report_of_a_new_agency_too(qtbot, db_2024, ime):
    from gui.new_report_dialog import NewReportDialog

    dialog = NewReportDialog(db_2024)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    line = dialog.agency.lineEdit()
    line.clear()
    ime(line, "示例县水利局")
    assert dialog.import_button.isVisible()  # no last year's report: import offered
    with qtbot.waitSignal(dialog.accepted, timeout=2000):
        qtbot.keyClick(line, Qt.Key.Key_Return)
    assert dialog.result_key == ("示例县水利局", dialog.year.value())


def test_a_visible_focus_ring_on_buttons_fields_lists_and_the_grid_cell(qtbot, open_wizard):
    from gui.app import FOCUS_COLOR

    app = QApplication.instance()
    assert ":focus" in app.styleSheet()
    wizard = small_screen_wizard(open_wizard, Step.REQUESTS)
    wizard.activateWindow()
    qtbot.waitExposed(wizard)
    page = wizard.pages[Step.REQUESTS]
    ring = QColor(FOCUS_COLOR)

    def has_ring(widget: QWidget, y: int | None = None) -> bool:
        image = widget.grab().toImage()
        y = image.height() // 2 if y is None else y
        return any(QColor(image.pixel(x, y)) == ring for x in range(0, 4))

    button = wizard.button(wizard.WizardButton.NextButton)
    for widget in (button, wizard.panel, page.issue_list):
        page.grid.setFocus()
        qtbot.waitUntil(lambda: page.grid.hasFocus())
        assert not has_ring(widget), widget
        widget.setFocus()
        qtbot.waitUntil(widget.hasFocus)
        assert has_ring(widget), widget
    page.grid.focus_key(NP)
    qtbot.waitUntil(page.grid.hasFocus)
    rect = page.grid.visualRect(page.grid.index_for_key(NP))
    image = page.grid.viewport().grab(rect).toImage()
    assert QColor(image.pixel(1, image.height() // 2)) == ring
    shot(wizard, "grid_focus_ring")


def test_enter_moves_down_like_excel_and_the_context_menu_switches_it(qtbot, requests_page,
                                                                     session):
    from gui.widgets.table_grid import ENTER_RIGHT_TEXT, ENTER_SETTING

    grid = requests_page.grid
    grid.focus_key(NP)
    qtbot.keyClick(grid, "7")
    qtbot.keyClick(grid.indexWidget(grid.currentIndex()), Qt.Key.Key_Return)
    assert session.report.cells[NP] == 7
    assert grid.current_key() == "requests/carried_over/natural_person"  # down
    qtbot.keyClick(grid, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert grid.current_key() == NP  # Shift+Enter: up
    menu = grid.context_menu()
    action = next(a for a in menu.actions() if a.text() == ENTER_RIGHT_TEXT)
    assert action.isCheckable() and not action.isChecked()
    action.trigger()  # the clerk ticks 按 Enter 后移到右边一格
    assert session.db.get_setting(ENTER_SETTING) == "right"
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    assert grid.current_key() == "requests/new_received/commercial"
    assert next(a for a in grid.context_menu().actions()
                if a.text() == ENTER_RIGHT_TEXT).isChecked()
    action.trigger()  # unticked: down again
    assert session.db.get_setting(ENTER_SETTING) == "down"


def test_typing_into_a_total_says_why_nothing_happens(qtbot, requests_page, ime):
    from gui.widgets.table_model import DERIVED_MESSAGE

    grid = requests_page.grid
    total = "requests/new_received/total"
    before = grid.text_of(total)
    with qtbot.waitSignal(grid.messageChanged) as blocker:
        grid.focus_key(total)
        qtbot.keyClick(grid, "5")
    assert blocker.args == [DERIVED_MESSAGE]
    assert "总计由程序自动计算，不能填写" in DERIVED_MESSAGE
    assert grid.text_of(total) == before
    assert grid.state() != grid.State.EditingState
    messages = [w for w in requests_page.findChildren(QWidget)
                if w.accessibleName() == "输入提示" and w.isVisible()]
    assert messages and DERIVED_MESSAGE in messages[0].text()
    grid.set_message("")
    with qtbot.waitSignal(grid.messageChanged):
        ime(grid, "５")  # a Chinese input method in full-width mode
    assert grid.message == DERIVED_MESSAGE
    shot(requests_page, "total_refused")


# -- 10. Chinese dialogs -------------------------------------------------------------------------
def test_file_dialogs_are_chinese_and_start_in_documents(qtbot, tmp_path, monkeypatch):
    import datetime as dt
    import sys

    from PySide6.QtCore import QLocale, QStandardPaths
    from PySide6.QtWidgets import QDialogButtonBox, QFileDialog, QLabel, QTreeView

    from gui import places

    app = QApplication.instance()
    assert QLocale().language() == QLocale.Language.Chinese
    assert app.testAttribute(Qt.ApplicationAttribute.AA_DontUseNativeDialogs) == (
        sys.platform != "win32")
    documents = tmp_path / "文档"
    documents.mkdir()
    (documents / "2025年报告.pdf").write_bytes(b"%PDF-1.4\n")
    monkeypatch.setattr(QStandardPaths, "writableLocation", staticmethod(lambda _loc: str(documents)))
    start = places.suggested_path("")  # nothing used before: the Documents folder
    assert start.rstrip("/\\") == str(documents)
    dialog = QFileDialog(None, "选择已发布的报告", start, "已发布的报告 (*.pdf);;所有文件 (*)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)
    qtbot.addWidget(dialog)
    dialog.resize(820, 480)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: any(v.model() is not None and v.model().rowCount(v.rootIndex()) > 0
                                for v in dialog.findChildren(QTreeView)), timeout=3000)
    qtbot.wait(100)
    box = dialog.findChild(QDialogButtonBox)
    texts = {b.text() for b in box.buttons()}
    assert any("打开" in t for t in texts) and any("取消" in t for t in texts), texts
    labels = {w.text() for w in dialog.findChildren(QLabel) if w.isVisible()}
    # the mnemonic differs between Qt versions (6.9's translation has none): the words count
    plain = {re.sub(r"\(&\w\)", "", label) for label in labels}
    assert "查找范围：" in plain and "文件类型：" in plain, labels
    view = next(v for v in dialog.findChildren(QTreeView) if v.isVisible())
    headers = [view.model().headerData(c, Qt.Orientation.Horizontal) for c in range(4)]
    assert "名称" in headers and "修改日期" in headers, headers
    index = view.model().index(0, 3, view.rootIndex())
    shown = str(view.model().data(index))
    year = str(dt.date.today().year)
    assert year in shown and ("/" in shown or "年" in shown), shown  # Chinese order: year first
    assert shown.index(year) == 0, shown
    shot(dialog, "file_dialog")
    dialog.reject()


def test_every_file_dialog_starts_at_the_suggested_path() -> None:
    import ast

    root = Path(__file__).resolve().parents[2] / "gui"
    calls = 0
    for path in root.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr.startswith("get") and node.func.attr.endswith(
                        ("FileName", "FileNames", "Directory"))):
                calls += 1
                start = node.args[2] if len(node.args) > 2 else None
                assert isinstance(start, ast.Call) and "suggested_path" in ast.unparse(start), (
                    f"{path.name}:{node.lineno}")
    assert calls >= 8


def test_chinese_dates_are_asked_for_without_changing_other_locale_categories() -> None:
    from gui.app import prefer_chinese_dates

    env = {"LANG": "en_US.UTF-8", "LC_NUMERIC": "de_DE.UTF-8"}
    assert prefer_chinese_dates(env, "linux")
    assert env == {"LANG": "en_US.UTF-8", "LC_NUMERIC": "de_DE.UTF-8", "LC_TIME": "zh_CN.UTF-8"}
    env = {"LC_ALL": "C.UTF-8", "LC_NUMERIC": "de_DE.UTF-8"}
    assert prefer_chinese_dates(env, "linux")
    assert env == {"LANG": "C.UTF-8", "LC_TIME": "zh_CN.UTF-8"}
    env = {"LANG": "zh_CN.UTF-8"}
    assert not prefer_chinese_dates(env, "linux") and env == {"LANG": "zh_CN.UTF-8"}
    assert not prefer_chinese_dates({}, "win32")


# -- 13. notices are not errors ------------------------------------------------------------------
def test_the_undo_notice_is_neutral_and_refusals_stay_red(qtbot, requests_page, session):
    from gui.widgets.issue_list import ERROR_COLOR
    from gui.widgets.table_section import GridMessage

    grid = requests_page.grid
    message = next(w for w in requests_page.findChildren(GridMessage))
    assert grid.commit_text(NP, "20")
    grid.setFocus()
    with qtbot.waitSignal(grid.messageChanged):
        qtbot.keyClick(grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert session.report.cells[NP] == 12
    assert message.isVisible() and "已撤销 1 个数字的修改。" in message.text()
    assert message.notice and ERROR_COLOR.name() not in message.styleSheet()
    assert not message.text().startswith("⚠")
    shot(requests_page, "undo_notice")
    with qtbot.waitSignal(grid.messageChanged):
        grid.commit_text(NP, "abc")  # refused: red again
    assert not message.notice and ERROR_COLOR.name() in message.styleSheet()
    assert message.text().startswith("⚠")
