"""从上年已发布的报告导入: the real published PDF read in the background, shown beside its pages,
a misread cell corrected, kept as last year's report for the new report's cross-year checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from core import reportfile
from core.export import render_bytes
from core.model import STATUS_FINAL
from core.published.imported import imported_from

PDF = Path("/work/shared/examples/published/hongze-district-government-2024.pdf")
SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"
AGENCY = "洪泽区人民政府"  # the title prints it as 淮安市洪泽区人民政府
IN_FORCE = "active/normative_documents/in_force"


def _new_dialog(qtbot, db, agency: str = AGENCY, year: int = 2025):  # noqa: ANN001, ANN202
    from gui.new_report_dialog import NewReportDialog

    dialog = NewReportDialog(db)
    qtbot.addWidget(dialog)
    dialog.agency.setCurrentText(agency)
    dialog.year.setValue(year)
    return dialog


def _open(qtbot, dialogs, new_dialog, path: Path):  # noqa: ANN001, ANN202
    dialogs.open_paths.append(str(path))
    importer = new_dialog.import_published()
    assert importer is not None
    qtbot.addWidget(importer)
    return importer


def test_the_published_pdf_is_kept_as_last_years_report_and_carried_over(
        qtbot, db, dialogs, data_dir) -> None:  # noqa: ANN001
    new_dialog = _new_dialog(qtbot, db)
    assert not new_dialog.import_button.isHidden()  # no 2024 report in the database
    importer = _open(qtbot, dialogs, new_dialog, PDF)
    with qtbot.waitSignal(importer.loaded, timeout=60000):
        pass
    # the file beside what was read: its pages, and the three tables in grids
    assert len(importer.file_view.pages) >= 3
    assert importer.file_view.currentWidget() is importer.file_view.page_area
    grid = importer.grids["requests"]
    assert grid.model().text("requests/new_received/natural_person") == "95"
    notes = [importer.notes.item(i).text() for i in range(importer.notes.count())]
    assert any("［PUB.OLD_LAYOUT］" in note for note in notes)
    assert any("电子邮箱" in note for note in notes)  # what could not be read
    # a note that names cells leads to them
    old = next(i for i, note in enumerate(notes) if "PUB.OLD_LAYOUT" in note)
    importer.notes.itemActivated.emit(importer.notes.item(old))
    assert importer.tabs.currentWidget().isAncestorOf(grid)
    assert grid.model().cell_at(grid.currentIndex()).key.startswith("requests/other.no_correction/")
    assert "经济社会高质量发展" in importer.text_view.toPlainText()
    assert importer.keep_button.isEnabled()

    # the clerk corrects a misread figure: it is the converted report that changes
    was = int(importer.session.report.cells[IN_FORCE])
    assert importer.grids["active"].commit_text(IN_FORCE, str(was + 4))
    with qtbot.waitSignal(importer.kept) as kept:
        importer.keep_button.click()
    assert kept.args == [AGENCY, 2024]
    assert db.report_status(AGENCY, 2024) == STATUS_FINAL
    assert imported_from(db, AGENCY, 2024) == PDF.name
    assert "导入" in db.revisions(AGENCY, 2024)[0].summary

    # the new report is created from it: the corrected figure carries over
    assert new_dialog.import_button.isHidden()
    assert "将从2024年的报告带入" in new_dialog.info.text()
    new_dialog.accept()
    assert new_dialog.result_key == (AGENCY, 2025)
    from gui.start_window import StartWindow, load_session

    session = load_session(db, AGENCY, 2025)
    assert session.previous is not None
    assert session.report.cells[IN_FORCE] == was + 4
    session.close()
    window = StartWindow(db, data_dir)
    qtbot.addWidget(window)
    statuses = {window.list.topLevelItem(i).text(1): window.list.topLevelItem(i).text(2)
                for i in range(window.list.topLevelItemCount())}
    assert statuses["2024年"] == "已导入"
    assert statuses["2025年"] != "已导入"


def test_another_agency_is_kept_only_when_the_clerk_confirms(qtbot, db, dialogs) -> None:  # noqa: ANN001
    new_dialog = _new_dialog(qtbot, db, agency="示例县应急管理局")
    importer = _open(qtbot, dialogs, new_dialog, PDF)
    with qtbot.waitSignal(importer.loaded, timeout=60000):
        pass
    assert "不同" in importer.status.text()
    dialogs.answers.append(QMessageBox.StandardButton.No)
    importer.keep_button.click()
    assert db.load_report("示例县应急管理局", 2024) is None
    assert importer.isVisible()
    assert "淮安市洪泽区人民政府" in dialogs.texts("question")[0]
    with qtbot.waitSignal(importer.kept):
        importer.keep_button.click()  # answered 是 (the recorder's default)
    assert db.load_report("示例县应急管理局", 2024) is not None


def test_a_report_of_the_wrong_year_cannot_be_kept(qtbot, db, dialogs) -> None:  # noqa: ANN001
    new_dialog = _new_dialog(qtbot, db, year=2024)  # needs 2023's
    importer = _open(qtbot, dialogs, new_dialog, PDF)
    with qtbot.waitSignal(importer.loaded, timeout=60000):
        pass
    assert not importer.keep_button.isEnabled()
    assert "2024年度" in importer.status.text()


@pytest.mark.parametrize("kind", ["docx", "html"])
def test_a_word_or_web_report_is_shown_as_its_text(qtbot, db, dialogs, tmp_path, kind) -> None:  # noqa: ANN001
    report = reportfile.load(SAMPLES / "sample-2024.json")
    path = tmp_path / f"last-year.{kind}"
    path.write_bytes(render_bytes(report, kind))
    new_dialog = _new_dialog(qtbot, db, agency=report.agency_name)
    importer = _open(qtbot, dialogs, new_dialog, path)
    with qtbot.waitSignal(importer.loaded, timeout=60000):
        pass
    assert importer.file_view.currentWidget() is importer.file_view.text
    assert "一、总体情况" in importer.file_view.text.toPlainText()
    assert "与新报告" not in importer.status.text()  # the same agency
    with qtbot.waitSignal(importer.kept):
        importer.keep_button.click()
    assert db.report_status(report.agency_name, 2024) == STATUS_FINAL


def test_a_file_that_is_no_report_says_why_and_keeps_nothing(qtbot, db, dialogs, tmp_path) -> None:  # noqa: ANN001
    path = tmp_path / "通知.txt"
    path.write_text("关于做好2024年政务公开工作的通知\n各单位：请认真落实。", encoding="utf-8")
    new_dialog = _new_dialog(qtbot, db)
    importer = _open(qtbot, dialogs, new_dialog, path)
    with qtbot.waitSignal(importer.failed, timeout=60000) as failed:
        pass
    assert "不是" in failed.args[0]
    assert not importer.keep_button.isEnabled()
    importer.keep()
    assert db.list_reports() == []


def test_deleting_an_imported_report_forgets_where_it_came_from(qtbot, db, data_dir) -> None:  # noqa: ANN001
    from core.published import read_published
    from core.published.imported import keep_as_previous
    from gui.start_window import StartWindow

    keep_as_previous(db, read_published(PDF).report, AGENCY, PDF.name)
    window = StartWindow(db, data_dir)
    qtbot.addWidget(window)
    assert window.list.topLevelItem(0).text(2) == "已导入"
    window.delete_selected()  # confirmed: the recorder answers 是
    assert db.load_report(AGENCY, 2024) is None
    assert imported_from(db, AGENCY, 2024) is None
