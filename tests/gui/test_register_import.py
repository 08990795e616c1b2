"""Ledger import in the register window (mapping, preview, all or nothing) and export."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from core.register.model import Application
from core.register.store import RegisterStore
from gui.register.import_dialog import LedgerImportDialog, mapping_key
from tests.gui.conftest import AGENCY

GOOD = ("登记号,申请日期,申请人姓名,申请人类别,联系电话,办结日期,处理结果\n"
        "A-1,2025-03-03,张三,自然人,13800000000,2025-03-20,予以公开\n"
        "A-2,2025/4/1,某公司,商业企业,,,\n")
BAD = ("登记号,申请日期,申请人类别,办结日期,处理结果\n"
       "B-1,2025-03-03,自然人,2025-03-01,予以公开\n"
       "B-2,2025-13-01,外星人,,\n")


@pytest.fixture
def window(qtbot, db):
    from gui.register.window import RegisterWindow

    w = RegisterWindow(db, AGENCY, today=dt.date(2025, 6, 30))
    qtbot.addWidget(w)
    return w


def _dialog(qtbot, window, tmp_path, text: str) -> LedgerImportDialog:
    path = tmp_path / "台账.csv"
    path.write_text(text, encoding="utf-8")
    dialog = LedgerImportDialog(window.store, AGENCY, str(path), window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.task.done)  # the file is read in a worker
    return dialog


def _import(qtbot, dialog: LedgerImportDialog) -> None:
    with qtbot.waitSignal(dialog.import_done, timeout=30_000):
        dialog.import_button.click()


def test_guessed_mapping_preview_and_import_remembering_the_mapping(qtbot, window,
                                                                     tmp_path) -> None:
    dialog = _dialog(qtbot, window, tmp_path, GOOD)
    assert dialog.mapping() == ["number", "received", "applicant", "applicant_type", None,
                                "replied", "result"]
    assert dialog.preview.rowCount() == 2 and dialog.preview.item(0, 0).text() == "A-1"
    assert "→ 备注" in dialog.preview.horizontalHeaderItem(4).text()
    # the clerk maps 联系电话 away from 申请人 and back: a field twice is refused
    dialog.boxes[4].setCurrentIndex(dialog.boxes[4].findData("applicant"))
    assert not dialog.import_button.isEnabled() and "不止一列" in dialog.message.text()
    dialog.boxes[4].setCurrentIndex(0)
    assert dialog.import_button.isEnabled()
    with qtbot.waitSignal(dialog.accepted):
        dialog.import_button.click()
    assert (dialog.added, dialog.updated) == (2, 0)
    saved = RegisterStore(window.db).get(AGENCY, "A-1")
    assert saved is not None and saved.result == "granted"
    assert dict(saved.remarks) == {"联系电话": "13800000000"}
    assert window.db.get_setting(mapping_key(AGENCY))["联系电话"] is None
    # next time the clerk's choice comes first, not the guess
    window.db.set_setting(mapping_key(AGENCY), {**window.db.get_setting(mapping_key(AGENCY)),
                                                "联系电话": "content"})
    again = _dialog(qtbot, window, tmp_path, GOOD)
    assert again.mapping()[4] == "content"


def test_bad_rows_listed_and_nothing_imported(qtbot, window, tmp_path) -> None:
    dialog = _dialog(qtbot, window, tmp_path, BAD)
    _import(qtbot, dialog)
    assert dialog.isVisible() or not dialog.result()
    listed = [dialog.problems.item(i).text() for i in range(dialog.problems.count())]
    assert any(t.startswith("第 2 行“办结日期”") and "早于收到日期" in t for t in listed)
    assert any(t.startswith("第 3 行“申请日期”") for t in listed)
    assert any(t.startswith("第 3 行“申请人类别”") and "外星人" in t for t in listed)
    assert "未导入任何申请" in dialog.message.text()
    assert RegisterStore(window.db).applications(AGENCY) == []


def test_missing_required_column_blocks_import(qtbot, window, tmp_path) -> None:
    dialog = _dialog(qtbot, window, tmp_path, "登记号,申请日期\nA,2025-01-01\n")
    assert not dialog.import_button.isEnabled() and "申请人类型" in dialog.message.text()


def test_import_from_the_window_refreshes_it(qtbot, window, tmp_path, dialogs,
                                             monkeypatch) -> None:
    path = tmp_path / "l.csv"
    path.write_text(GOOD, encoding="utf-8")
    dialogs.open_paths.append(str(path))

    def run(self) -> int:
        qtbot.waitUntil(lambda: self.task.done)
        _import(qtbot, self)
        return int(self.result())
    monkeypatch.setattr(LedgerImportDialog, "exec", run)
    with qtbot.waitSignal(window.changed):
        window.import_ledger()
    assert window.model.total == 2
    assert "新增 2 件" in dialogs.texts("information")[-1]


@pytest.mark.parametrize(("answer", "personal"), [(None, False), ("yes", True)])
def test_export_asks_about_personal_data(window, tmp_path, dialogs, answer, personal) -> None:
    from PySide6.QtWidgets import QMessageBox

    RegisterStore(window.db).save(AGENCY, Application(
        "X-1", dt.date(2025, 2, 3), "natural_person", applicant="张三", content="某批复"))
    if answer is None:  # the default answer is 否
        dialogs.answers.append(QMessageBox.StandardButton.No)
    out = tmp_path / "out.xlsx"
    dialogs.save_paths.append(str(out))
    window.export_ledger()
    assert "申请人" in dialogs.messages[0][2]
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    header = rows[0]
    assert rows[1][header.index("申请人")] == ("张三" if personal else None)
    assert rows[1][header.index("编号")] == "X-1"
