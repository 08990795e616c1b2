"""The application shell and the start window, driven like a user would."""

from __future__ import annotations

import datetime as dt
import json
import logging
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from tests.support import SAMPLE_AGENCY as AGENCY
from tests.support import SAMPLES

ROOT = Path(__file__).resolve().parents[2]
NO = QMessageBox.StandardButton.No
YES = QMessageBox.StandardButton.Yes


def rows(window) -> list[list[str]]:
    tree = window.list
    return [[tree.topLevelItem(i).text(c) for c in range(4)]
            for i in range(tree.topLevelItemCount())]


# -- the start window ------------------------------------------------------------------------
def test_start_window_lists_stored_reports(start_window):
    assert [h for h in (start_window.list.headerItem().text(c) for c in range(4))] == [
        "机关", "年度", "状态", "最后修改"]
    assert [r[:3] for r in rows(start_window)] == [[AGENCY, "2025年", "草稿"],
                                                   [AGENCY, "2024年", "已定稿"]]
    assert start_window.stack.currentWidget() is start_window.list
    assert start_window.open_button.isEnabled()


def test_empty_database_shows_a_friendly_hint(qtbot, db, data_dir):
    from gui.start_window import EMPTY_HINT, StartWindow

    window = StartWindow(db, data_dir)
    qtbot.addWidget(window)
    window.show()
    assert window.stack.currentWidget() is window.empty_label
    assert window.empty_label.text() == EMPTY_HINT == "还没有报告。点击“新建年度报告”开始。"
    assert not window.open_button.isEnabled() and not window.delete_button.isEnabled()
    assert window.focusWidget() is window.new_button  # Enter or Space starts a new report


def test_enter_opens_the_selected_report(qtbot, start_window):
    start_window.list.setFocus()
    start_window.list.setCurrentItem(start_window.list.topLevelItem(1))
    with qtbot.waitSignal(start_window.wizardOpened, timeout=60_000) as blocker:
        qtbot.keyClick(start_window.list, Qt.Key.Key_Return)
    wizard = blocker.args[0]
    qtbot.addWidget(wizard)
    assert wizard.session.key == (AGENCY, 2024)
    assert not start_window.isVisible()
    wizard.reject()
    assert start_window.isVisible()


def test_import_stores_a_draft_and_refuses_unreadable_files(start_window, dialogs, tmp_path):
    db = start_window.db
    doc = json.loads((SAMPLES / "sample-2025.json").read_text("utf-8"))
    doc["agency"]["name"] = "青禾县生态环境局"
    good = tmp_path / "good.json"
    good.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "gdar/1", "format": "2021", "year": 2025, "agencyy": {}}', "utf-8")

    dialogs.open_paths = [str(bad)]
    start_window.import_button.click()
    assert "无法读取" in dialogs.texts("warning")[-1]
    assert len(db.list_reports()) == 2  # nothing stored

    dialogs.open_paths = [str(good)]
    start_window.import_button.click()
    info = [i for i in db.list_reports() if i.agency == "青禾县生态环境局"]
    assert [(i.year, i.status) for i in info] == [(2025, "draft")]
    assert start_window.selected_key() == ("青禾县生态环境局", 2025)

    # importing over an existing final report asks first; No keeps it
    doc["text"]["problems"] = "改过的内容" * 10
    good.write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    db.set_status("青禾县生态环境局", 2025, "final")
    dialogs.open_paths, dialogs.answers = [str(good)], [NO]
    start_window.import_button.click()
    assert db.report_status("青禾县生态环境局", 2025) == "final"
    dialogs.open_paths, dialogs.answers = [str(good)], [YES]
    start_window.import_button.click()
    assert db.report_status("青禾县生态环境局", 2025) == "draft"
    assert db.load_report("青禾县生态环境局", 2025)["text"]["problems"] == "改过的内容" * 10


def test_import_reads_our_excel_file_and_explains_other_files(start_window, dialogs,
                                                              tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from core import reportfile
    from core.export_xlsx import render_xlsx

    report = reportfile.load(SAMPLES / "sample-2025.json")
    report.set_agency("name", "青禾县林业局")
    xlsx = tmp_path / "林业局2025.xlsx"
    xlsx.write_bytes(render_xlsx(report))
    filters = []

    def open_name(parent, title, folder, filter_, *args):  # noqa: ANN001, ANN202, ARG001
        filters.append(filter_)
        return (dialogs.open_paths.pop(0), "")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(open_name))
    dialogs.open_paths = [str(xlsx)]
    start_window.import_button.click()
    assert "*.xlsx" in filters[0] and "*.json" in filters[0]
    assert not dialogs.texts("warning")
    assert start_window.selected_key() == ("青禾县林业局", 2025)
    stored = start_window.db.load_report("青禾县林业局", 2025)
    assert stored["text"]["problems"] == report.texts["problems"]

    word = tmp_path / "报告.docx"
    word.write_bytes(b"\xd0\xcf\x11\xe0 not a report")
    dialogs.open_paths = [str(word)]
    start_window.import_button.click()
    message = dialogs.texts("warning")[-1]
    assert "不是年报助手能读取的报告文件" in message and "编码" not in message


def test_export_writes_a_report_file_that_reads_back(start_window, dialogs, tmp_path):
    from core import reportfile

    target = tmp_path / "out" / "exported"
    target.parent.mkdir()
    start_window.list.setCurrentItem(start_window.list.topLevelItem(0))
    dialogs.save_paths = [str(target)]
    start_window.export_button.click()
    report = reportfile.load(str(target) + ".json")
    assert (report.agency_name, report.year) == (AGENCY, 2025)
    assert report.texts == reportfile.load(SAMPLES / "sample-2025.json").texts

    # a folder that does not exist: a clear message, nothing written
    dialogs.save_paths = [str(tmp_path / "missing" / "x.json")]
    start_window.export_button.click()
    assert "不存在" in dialogs.texts("warning")[-1]


def test_delete_asks_for_confirmation(start_window, dialogs):
    start_window.list.setCurrentItem(start_window.list.topLevelItem(1))  # 2024
    dialogs.answers = [NO]
    start_window.delete_button.click()
    assert len(start_window.db.list_reports()) == 2
    dialogs.answers = [YES]
    start_window.delete_button.click()
    assert [(i.year) for i in start_window.db.list_reports()] == [2025]
    assert "2024" in dialogs.texts("question")[-1]
    assert [r[1] for r in rows(start_window)] == ["2025年"]


def test_open_sample_uses_a_separate_database(qtbot, db, data_dir):
    from core.storage import Database
    from gui.start_window import SAMPLES_DB_NAME, StartWindow

    window = StartWindow(db, data_dir)
    qtbot.addWidget(window)
    window.show()
    window.sample_button.click()
    wizard = window.wizard
    qtbot.addWidget(wizard)
    assert wizard.session.key == (AGENCY, 2025)
    assert wizard.session.previous is not None and wizard.session.previous.year == 2024
    assert "示例" in wizard.windowTitle()
    assert wizard.session.db.path.name == SAMPLES_DB_NAME
    assert db.list_reports() == []  # the user's data is never touched
    wizard.reject()
    assert window.isVisible() and window.stack.currentWidget() is window.empty_label
    with Database.open(data_dir / SAMPLES_DB_NAME, exclusive=True) as samples:  # released
        assert len(samples.list_reports()) == 2


def test_geometry_is_remembered_in_the_data_folder(qtbot, db, data_dir):
    from gui.start_window import StartWindow

    first = StartWindow(db, data_dir)
    qtbot.addWidget(first)
    first.show()
    first.resize(960, 640)  # the offscreen screen is 800×800: stay within what fits
    first.move(0, 40)
    first.close()
    assert (data_dir / "gui.ini").exists()
    second = StartWindow(db, data_dir)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (960, 640)
    assert second.minimumWidth() <= 1366 and second.minimumHeight() <= 768 - 80


# -- 新建年度报告 -----------------------------------------------------------------------------
def test_new_report_dialog_defaults_and_duplicates(qtbot, db_samples, dialogs):
    from gui.new_report_dialog import NewReportDialog

    dialog = NewReportDialog(db_samples, today=dt.date(2026, 1, 8))
    qtbot.addWidget(dialog)
    assert dialog.year.value() == 2025  # written in January 2026 for 2025
    dialog.agency.setCurrentText(AGENCY)
    assert "已经存在" in dialog.info.text()
    dialogs.answers = [YES]
    dialog.accept()
    assert dialog.result_key == (AGENCY, 2025)
    assert "不能重复创建" in dialogs.texts("question")[-1]
    assert len(db_samples.list_reports()) == 2

    other = NewReportDialog(db_samples, today=dt.date(2026, 1, 8))
    qtbot.addWidget(other)
    other.agency.setCurrentText(AGENCY)
    other.year.setValue(2027)
    assert "不会预先填写" in other.info.text()  # 2026 does not exist: nothing carried over
    other.agency.setCurrentText("")
    other.accept()
    assert other.result_key is None and "机关全称" in other.info.text()


def test_new_report_from_the_start_window(qtbot, db_2024, data_dir):
    """新建年度报告 → the dialog → the wizard opens on the new report."""
    from gui.new_report_dialog import NewReportDialog, default_year
    from gui.start_window import StartWindow

    window = StartWindow(db_2024, data_dir)
    qtbot.addWidget(window)
    window.show()

    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, NewReportDialog)
        dialog.agency.setCurrentText(AGENCY)
        dialog.year.setValue(2025)
        assert "将从2024年的报告带入" in dialog.info.text()
        ok = [b for b in dialog.findChildren(QPushButton) if b.text() == "创建"][0]
        ok.click()

    QTimer.singleShot(0, fill)
    window.new_button.click()
    wizard = window.wizard
    assert wizard is not None
    qtbot.addWidget(wizard)
    assert wizard.session.key == (AGENCY, 2025)
    assert default_year(dt.date(2026, 1, 20)) == 2025
    assert default_year(dt.date(2026, 11, 22)) == 2026  # starting early on this year's report
    wizard.reject()
    assert [r[1] for r in rows(window)] == ["2025年", "2024年"]


# -- the application -------------------------------------------------------------------------
def test_second_instance_is_told_the_database_is_in_use(db, db_path, dialogs):
    from gui.app import run_gui

    hook = sys.excepthook
    assert run_gui(str(db_path)) == 1  # `db` holds the database, like a first instance
    assert len(dialogs.startup_errors) == 1
    assert "另一个窗口" in dialogs.startup_errors[0]
    assert sys.excepthook is hook  # run_gui puts back the hook it found
    assert db.list_reports() == []  # the first instance goes on undisturbed


def test_the_watcher_of_the_running_copy_hears_a_request(qtbot, db_path):
    from core.storage.instance import raise_request_path, request_raise
    from gui.instance import RaiseWatcher

    db_path.parent.mkdir(parents=True, exist_ok=True)
    watcher = RaiseWatcher(db_path)
    with qtbot.waitSignal(watcher.raiseRequested):
        request_raise(db_path)
    assert not raise_request_path(db_path).exists()  # taken: the second copy may quit


def test_a_second_copy_brings_the_open_report_to_the_front(qtbot, start_window, open_wizard,
                                                          db_path, dialogs, monkeypatch):
    from gui.app import run_gui
    from gui.instance import RaiseWatcher, bring_to_front

    wizard = open_wizard()
    wizard.showMinimized()
    raised = []
    watcher = RaiseWatcher(db_path, start_window)  # the first copy, as _run sets it up
    watcher.raiseRequested.connect(lambda: raised.append(bring_to_front(start_window)))
    assert run_gui(str(db_path)) == 0  # the second copy quits quietly…
    assert raised == [wizard]  # …and the report being edited came forward
    assert not wizard.isMinimized()
    assert dialogs.startup_errors == []


def test_damaged_database_is_reported_and_left_untouched(tmp_path, dialogs):
    from gui.app import run_gui

    path = tmp_path / "broken.sqlite3"
    garbage = b"SQLite format 3\x00" + b"\xff" * 4000
    path.write_bytes(garbage)
    assert run_gui(str(path)) == 1  # the clerk chose 退出 in the recovery choice
    (message, backups), = dialogs.recovery_offers
    assert "损坏" in message and backups == []
    assert path.read_bytes() == garbage


def test_run_gui_opens_the_default_database_in_the_data_folder(qtbot, data_dir, monkeypatch):
    from gui import app as gui_app

    seen = {}

    def fake_exec(self):  # noqa: ANN001, ANN202
        seen["windows"] = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        for w in seen["windows"]:
            w.close()
        return 0

    monkeypatch.setattr(type(QApplication.instance()), "exec", fake_exec)
    assert gui_app.run_gui(None) == 0
    assert (data_dir / "reports.sqlite3").exists()
    titles = [w.windowTitle() for w in seen["windows"]]
    assert any("年报助手" in t for t in titles)
    assert QApplication.instance().font().families()[:2] == ["Microsoft YaHei", "Noto Sans CJK SC"]


def test_wizard_buttons_are_translated(qtbot, open_wizard):
    from PySide6.QtWidgets import QWizard

    wizard = open_wizard()
    assert "下一步" in wizard.buttonText(QWizard.WizardButton.NextButton)
    assert "上一步" in wizard.buttonText(QWizard.WizardButton.BackButton)


@pytest.mark.qt_no_exception_capture
def test_unexpected_exception_in_a_slot_shows_the_dialog_and_is_logged(
        qtbot, open_wizard, dialogs, db_path, monkeypatch):
    from core.storage import Database
    from gui.crash import install_excepthook

    wizard = open_wizard()
    wizard.jump_to(1)
    page = wizard.currentPage()
    page.editor.set_text_undoable("（一）主动公开\n本年公开信息321条。")
    logging.getLogger("nbzs").handlers.clear()  # a fresh log file in this test's log dir

    def broken() -> None:
        raise ZeroDivisionError("boom in a slot")

    monkeypatch.setattr(page, "insert_headings", broken)
    page.insert_button.clicked.disconnect()
    page.insert_button.clicked.connect(page.insert_headings)
    restore = install_excepthook()
    try:
        page.insert_button.setEnabled(True)
        qtbot.mouseClick(page.insert_button, Qt.MouseButton.LeftButton)
    finally:
        restore()
    assert len(dialogs.crashes) == 1
    exc, log_path = dialogs.crashes[0]
    assert isinstance(exc, ZeroDivisionError)
    log_text = Path(log_path).read_text("utf-8")
    assert "ZeroDivisionError: boom in a slot" in log_text and "Traceback" in log_text
    with Database.open(db_path, exclusive=False) as reader:  # the data is intact
        assert reader.load_report(AGENCY, 2025)["text"]["overview"] == "（一）主动公开\n本年公开信息321条。"
    assert wizard.isVisible()  # the application goes on


def test_start_up_does_not_import_the_exporters(tmp_path):
    script = f"""
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ["NBZS_DATA_DIR"] = {str(tmp_path)!r}
sys.path.insert(0, {str(ROOT)!r})
from gui.app import ensure_application
from gui.places import data_dir
app = ensure_application()
from core.storage import Database
from gui.start_window import StartWindow, load_samples
db = Database.open(data_dir() / "r.sqlite3")
key = load_samples(db)
window = StartWindow(db, data_dir()); window.show(); app.processEvents()
wizard = window.open_report(*key)
for step in range(8):
    wizard.jump_to(step)
app.processEvents()
heavy = sorted(m for m in ("reportlab", "openpyxl") if m in sys.modules)
print("HEAVY", heavy)
wizard.reject(); db.close()
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, cwd=ROOT)
    assert "HEAVY []" in out.stdout, out.stdout + out.stderr



def test_none_survives_many_qt_calls():
    """PySide6 6.12 on CPython < 3.12 takes a reference from None at every void call and this
    loop aborts the interpreter (none_dealloc); the pinned release must not (no workaround)."""
    script = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtWidgets import QApplication, QLineEdit, QListWidget
app = QApplication([])
edit, lst = QLineEdit(), QListWidget()
for _ in range(100_000):
    edit.setText("a")
    lst.currentItem()
print("alive")
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120, cwd=ROOT)
    assert out.returncode == 0 and "alive" in out.stdout, out.stderr[-2000:]


def test_background_task_delivers_on_the_gui_thread(qtbot):
    import threading

    import shiboken6
    from PySide6.QtWidgets import QLabel

    from gui.tasks import run_in_background

    main = threading.get_ident()
    seen: list[tuple[str, object, bool]] = []

    def work() -> int:
        assert threading.get_ident() != main
        return 42

    def boom() -> None:
        raise OSError("磁盘已满")

    task = run_in_background(work, lambda r: seen.append(("ok", r, threading.get_ident() == main)),
                             lambda e: seen.append(("err", e, False)))
    qtbot.waitUntil(lambda: task.done, timeout=60_000)
    failing = run_in_background(boom, lambda r: seen.append(("ok", r, False)),
                                lambda e: seen.append(("err", str(e),
                                                       threading.get_ident() == main)))
    qtbot.waitUntil(lambda: failing.done, timeout=60_000)
    assert seen == [("ok", 42, True), ("err", "磁盘已满", True)]

    gone = QLabel()
    orphan = run_in_background(work, lambda r: seen.append(("late", r, True)),
                               lambda e: None, context=gone)
    shiboken6.delete(gone)  # closed before the result can arrive (delivery needs the loop)
    qtbot.waitUntil(lambda: orphan.done, timeout=60_000)
    assert seen[-1][0] != "late"  # the window it belonged to was closed: nothing delivered
