"""备份与恢复 (backup to a file, restore from a file or an automatic backup, refusing damaged and
foreign files), 关于 (version, folders, fonts, licences), the window icon and the UI font."""

from __future__ import annotations

import random
import re
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QMessageBox

from core import __version__
from tests.support import ROOT
from tests.support import SAMPLE_AGENCY as AGENCY


def raw_documents(db_path: Path) -> list[tuple]:
    """Every stored report exactly as stored (agency, year, status, document text)."""
    conn = sqlite3.connect(f"{Path(db_path).as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT a.name, r.year, r.status, r.document FROM reports r "
            "JOIN agencies a ON a.id = r.agency_id ORDER BY a.name, r.year").fetchall()
    finally:
        conn.close()


def change_reports(db) -> None:
    """Edit the 2025 report and add a 2026 one: what a restore must undo."""
    doc = db.load_report(AGENCY, 2025)
    doc["text"]["overview"] = "备份之后改过的总体情况。"
    db.save_report(doc)
    db.save_report(doc | {"year": 2026}, status="draft")


@pytest.fixture
def backup_dialog(qtbot, db_samples):
    from gui.backup_dialog import BackupDialog

    dialog = BackupDialog(db_samples)
    qtbot.addWidget(dialog)
    return dialog


def test_backup_to_file_then_restore_returns_exactly_the_backed_up_state(
        backup_dialog, db_samples, db_path, dialogs, tmp_path):
    db = db_samples
    before = {year: db.load_report(AGENCY, year) for year in (2024, 2025)}
    raw_before = raw_documents(db_path)
    usb = tmp_path / "U盘"
    usb.mkdir()
    dialogs.save_paths.append(str(usb / "年报助手备份"))  # no suffix typed: .sqlite3 added

    target = backup_dialog.backup_to_file()

    assert target == usb / "年报助手备份.sqlite3" and target.is_file()
    assert dialogs.messages[-1][0] == "information" and str(target) in dialogs.messages[-1][2]

    change_reports(db)
    assert db.load_report(AGENCY, 2025) != before[2025]
    restored = []
    backup_dialog.restored.connect(restored.append)
    dialogs.open_paths.append(str(target))

    safety = backup_dialog.restore_from_file()

    assert dialogs.messages[-2][0] == "question"  # asked before replacing anything
    assert {year: db.load_report(AGENCY, year) for year in (2024, 2025)} == before
    assert db.load_report(AGENCY, 2026) is None
    assert raw_documents(db_path) == raw_before
    assert db.report_status(AGENCY, 2024) == "final"
    # the data as it was just before the restore is kept, and the user is told where
    assert safety is not None and safety.is_file() and restored == [str(safety)]
    kind, _, text = dialogs.messages[-1]
    assert kind == "information" and str(safety) in text
    assert any("备份之后改过的" in row[3] for row in raw_documents(safety))
    assert backup_dialog.selected_path() == safety  # shown in the list, ready to undo


def test_default_backup_file_name_carries_the_date():
    from datetime import datetime

    from gui.backup_dialog import default_backup_name

    assert default_backup_name(datetime(2026, 1, 20, 9, 30)) == "年报助手备份-20260120.sqlite3"


def _corrupt_file(path: Path) -> Path:
    path.write_bytes(random.Random(2025).randbytes(64 * 1024))
    return path


def _foreign_sqlite(path: Path) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO customers (name) VALUES ('张三')")
    conn.commit()
    conn.close()
    return path


@pytest.mark.parametrize(("make", "reason"), [
    (_corrupt_file, "损坏"),
    (_foreign_sqlite, "不是年报助手的数据库"),
])
def test_a_damaged_or_foreign_file_is_refused_and_nothing_changes(
        backup_dialog, db_samples, db_path, dialogs, tmp_path, make, reason):
    candidate = make(tmp_path / "别人的文件.sqlite3")
    candidate_bytes = candidate.read_bytes()
    raw_before = raw_documents(db_path)
    backups_before = backup_dialog.backups()
    restored = []
    backup_dialog.restored.connect(restored.append)
    dialogs.open_paths.append(str(candidate))
    dialogs.answers = [QMessageBox.StandardButton.No]  # a damaged one is offered a salvage: 否

    assert backup_dialog.restore_from_file() is None

    (kind, title, text), = dialogs.messages
    damaged = make is _corrupt_file
    assert (kind, title) == (("question", "备份文件已损坏") if damaged else ("warning", "无法恢复"))
    assert ("抢救" in text) == damaged
    assert reason in text and "当前数据未作任何改动" in text and candidate.name in text
    assert raw_documents(db_path) == raw_before  # byte for byte
    assert backup_dialog.backups() == backups_before  # not even a safety copy was needed
    assert candidate.read_bytes() == candidate_bytes  # the chosen file is never modified
    assert restored == []
    assert db_samples.load_report(AGENCY, 2025) is not None  # the database is still usable


def test_automatic_backups_are_listed_and_one_can_be_restored(
        qtbot, db_samples, db_path, dialogs):
    from gui.backup_dialog import BackupDialog

    db = db_samples
    before = db.load_report(AGENCY, 2025)
    raw_before = raw_documents(db_path)
    made = db.backup_now()
    change_reports(db)
    dialog = BackupDialog(db)
    qtbot.addWidget(dialog)

    rows = [dialog.list.topLevelItem(i) for i in range(dialog.list.topLevelItemCount())]
    assert len(rows) >= 2  # the one made when the database was opened, and ours
    assert not dialog.empty_label.isVisibleTo(dialog)
    for item in rows:
        assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", item.text(0))
        assert item.text(1) == "自动备份"  # no safety copy yet
        assert re.fullmatch(r"\d+ KB|\d+\.\d MB", item.text(2))
    assert rows[0].text(3) == made.name  # newest first
    dialog.list.setCurrentItem(rows[0])
    assert dialog.restore_button.isEnabled()

    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    assert db.load_report(AGENCY, 2025) == before
    assert raw_documents(db_path) == raw_before
    assert dialog.list.topLevelItemCount() == len(rows) + 1  # the safety copy, said in Chinese
    assert dialog.list.currentItem().text(1) == "恢复前的安全副本"
    assert "-before-restore" in dialog.list.currentItem().text(3)
    assert dialogs.messages[-1][0] == "information"


def test_no_backups_yet_says_so(qtbot, db_path):
    from core.storage import Database
    from gui.backup_dialog import BackupDialog

    with Database.open(db_path, exclusive=True, backups=False) as db:
        dialog = BackupDialog(db)
        qtbot.addWidget(dialog)
        assert dialog.list.topLevelItemCount() == 0
        assert dialog.empty_label.isVisibleTo(dialog)
        assert not dialog.restore_button.isEnabled()


def test_the_start_window_opens_backup_and_reloads_its_list_after_a_restore(
        qtbot, start_window, dialogs, tmp_path, monkeypatch):
    from gui.backup_dialog import BackupDialog

    db = start_window.db
    backup = tmp_path / "备份.sqlite3"
    db.backup_to(backup)
    db.delete_report(AGENCY, 2025)
    start_window.refresh()
    assert start_window.list.topLevelItemCount() == 1
    dialogs.open_paths.append(str(backup))
    shown = []

    def run(dialog):  # noqa: ANN001, ANN202 — instead of the modal event loop
        shown.append(dialog)
        dialog.restore_from_file()
        return 0

    monkeypatch.setattr(BackupDialog, "exec", run)
    assert "&B" in start_window.backup_button.text()
    qtbot.mouseClick(start_window.backup_button, Qt.MouseButton.LeftButton)

    assert len(shown) == 1 and shown[0].parent() is start_window
    assert start_window.list.topLevelItemCount() == 2
    assert "恢复" in start_window.statusBar().currentMessage()
    assert start_window.db_label.isVisible()  # the database stays named beside the message
    assert start_window.db_label.text() == f"数据库：{start_window.db.path}"
    start_window.statusBar().clearMessage()  # the message's time is up
    assert start_window.db_label.isVisible()


def test_no_restore_while_a_report_is_open(qtbot, start_window, open_wizard, dialogs,
                                           db_path, tmp_path):
    from gui.backup_dialog import BackupDialog

    backup = tmp_path / "备份.sqlite3"
    start_window.db.backup_to(backup)
    open_wizard()
    raw_before = raw_documents(db_path)
    dialog = BackupDialog(start_window.db, start_window,
                          restore_blocker=start_window._restore_blocker)
    qtbot.addWidget(dialog)
    dialogs.open_paths.append(str(backup))

    assert dialog.restore_from_file() is None
    assert dialog.restore_selected() is None

    assert dialogs.open_paths == [str(backup)]  # refused before even asking for a file
    assert all(kind == "warning" and "关闭" in text for kind, _, text in dialogs.messages)
    assert len(dialogs.messages) == 2
    assert raw_documents(db_path) == raw_before


def test_start_window_buttons_have_distinct_mnemonics(start_window):
    from PySide6.QtWidgets import QPushButton

    keys = [re.search(r"&(\w)", b.text()).group(1)
            for b in start_window.findChildren(QPushButton) if "&" in b.text()]
    assert "B" in keys and "A" in keys
    assert len(keys) == len(set(keys))


# -- 关于 -----------------------------------------------------------------------------------------
@pytest.fixture
def about(qtbot, start_window, monkeypatch):
    from gui.about_dialog import AboutDialog

    shown = []
    monkeypatch.setattr(AboutDialog, "exec", lambda self: shown.append(self) or 0)
    qtbot.mouseClick(start_window.about_button, Qt.MouseButton.LeftButton)
    assert len(shown) == 1
    qtbot.addWidget(shown[0])
    return shown[0]


def test_about_shows_version_format_and_folders(about, data_dir, db_path, dialogs):
    from core.applog import log_dir

    text = about.title_label.text()
    assert __version__ in text and "年报助手" in text and "国办公开办函〔2021〕30号" in text
    assert str(data_dir) in about.data_link.text()
    assert str(db_path) in about.db_link.text()

    about.data_link.linkActivated.emit(QUrl.fromLocalFile(str(data_dir)).toString())
    about.db_link.linkActivated.emit(QUrl.fromLocalFile(str(db_path.parent)).toString())
    assert dialogs.opened_urls == [str(data_dir), str(db_path.parent)]
    assert any(str(log_dir()) in label.text() for label in about.findChildren(type(about.data_link)))


def test_about_names_the_font_of_every_pdf_role(about):
    from core.fonts import ROLES

    assert set(about.font_labels) == set(ROLES)
    assert "NBZS-Fang.ttf" in about.font_labels["body"].text()  # tests use the bundled faces
    assert "程序自带" in about.font_labels["hei"].text()


def test_about_shows_every_licence_and_follows_links_between_them(about):
    docs = about.documents
    assert docs[0][1].name == "THIRD_PARTY.md"
    assert all(path.is_file() for _, path in docs)
    names = {path.name for _, path in docs}
    assert {"LGPL-3.0.txt", "GPL-3.0.txt", "Python-PSF-2.0.txt", "Noto-OFL-1.1.txt",
            "WenQuanYi-Apache-2.0.txt", "Fandol-GPL-3.0-with-font-exception.txt"} <= names
    assert "PySide6" in about.licence_view.toPlainText()

    about.licence_view.anchorClicked.emit(QUrl("LGPL-3.0.txt"))
    assert docs[about.licence_combo.currentIndex()][1].name == "LGPL-3.0.txt"
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in about.licence_view.toPlainText()

    about.licence_combo.setCurrentIndex(1)  # the fonts' README links to LICENSES/…
    about.licence_view.anchorClicked.emit(QUrl("LICENSES/Noto-OFL-1.1.txt"))
    assert docs[about.licence_combo.currentIndex()][1].name == "Noto-OFL-1.1.txt"


def test_third_party_list_matches_the_pinned_versions_and_is_packaged():
    listing = (ROOT / "resources" / "licenses" / "THIRD_PARTY.md").read_text(encoding="utf-8")
    rows = [line.lower() for line in listing.splitlines() if line.startswith("| ")]
    pins = re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", (ROOT / "requirements.txt").read_text(),
                      re.MULTILINE)
    assert len(pins) >= 6
    for name, version in pins:
        assert any(name.lower() in row and f"| {version} |" in row for row in rows), name
    for linked in re.findall(r"\]\(([^)]+\.txt)\)", listing):
        assert (ROOT / "resources" / "licenses" / linked).is_file(), linked
    spec = (ROOT / "build" / "nbzs.spec").read_text(encoding="utf-8")
    assert '"resources/licenses")' in spec


# -- icon and font -------------------------------------------------------------------------------
def test_the_window_icon_is_set(app, start_window):
    assert not app.windowIcon().isNull()
    assert not start_window.windowIcon().isNull()


def test_bundled_chinese_font_is_registered_only_when_needed():
    from gui.app import ensure_chinese_ui_font

    assert ensure_chinese_ui_font(["Noto Sans CJK SC", "DejaVu Sans"]) is None
    assert ensure_chinese_ui_font(["DejaVu Sans"]) == "WenQuanYi Micro Hei"
    assert "WenQuanYi Micro Hei" in QFontDatabase.families()


def test_f1_and_the_help_button_open_the_help_window(qtbot, start_window, open_wizard):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence, QShortcut
    from PySide6.QtWidgets import QWizard

    from core.validation.catalog import RULE_HELP
    from gui.help_window import HelpWindow

    start_window.activateWindow()
    qtbot.keyClick(start_window.list, Qt.Key.Key_F1)
    window = start_window.findChild(HelpWindow)
    assert window is not None and window.isVisible()
    text = window.browser.toPlainText()
    assert "使用说明" in text and all(entry.rule in text for entry in RULE_HELP)
    window.close()
    start_window.help_button.click()
    assert start_window.findChild(HelpWindow) is window and window.isVisible()  # one window
    window.close()

    wizard = open_wizard()
    # offscreen, the wizard never becomes the active window (shortcuts need one): the F1
    # shortcut is found by its key and triggered through its own signal
    f1 = [s for s in wizard.findChildren(QShortcut) if s.key() == QKeySequence(Qt.Key.Key_F1)]
    assert len(f1) == 1
    f1[0].activated.emit()
    assert wizard.findChild(HelpWindow).isVisible()
    wizard.findChild(HelpWindow).close()
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.HelpButton), Qt.MouseButton.LeftButton)
    assert wizard.findChild(HelpWindow).isVisible()


def test_about_says_which_log_to_send(qtbot, db_samples, data_dir):
    from core.applog import log_file
    from gui.about_dialog import AboutDialog

    dialog = AboutDialog(db_samples.path, data_dir)
    qtbot.addWidget(dialog)
    assert str(log_file()) in dialog.problem_label.text()
    assert "发给" in dialog.problem_label.text()


def test_a_restore_reloads_the_open_register_and_waits_for_its_form(
        qtbot, start_window, dialogs, tmp_path):
    """The 台账 window open during a restore shows the restored ledger, not entries the restore
    removed; with an application form open, the restore waits (its typing would be lost)."""
    import datetime as dt

    from core.register.model import Application
    from core.register.store import RegisterStore
    from gui.backup_dialog import BackupDialog

    db = start_window.db
    backup = tmp_path / "备份.sqlite3"
    db.backup_to(backup)  # no applications yet
    RegisterStore(db).save_many(AGENCY, [Application("2025-001", dt.date(2025, 3, 3),
                                                               "natural_person")])
    window = start_window.open_register(AGENCY)
    qtbot.addWidget(window)
    assert window.model.rowCount() == 1
    dialog = BackupDialog(db, start_window, restore_blocker=start_window._restore_blocker)
    qtbot.addWidget(dialog)
    dialog.restored.connect(start_window._restored)

    form = window.edit_selected()
    assert form is not None and window.editing()
    dialogs.open_paths.append(str(backup))
    assert dialog.restore_from_file() is None
    assert "台账" in dialogs.messages[-1][2] and dialogs.open_paths == [str(backup)]
    form.reject()
    assert not window.editing()

    assert dialog.restore_from_file() is not None
    assert window.model.rowCount() == 0
    assert window.count_label.text().startswith("共 0 件")
