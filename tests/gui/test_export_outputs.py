"""已导出的文件 on the finish page: each output with its time and 校验码, marked stale as soon as
the report changes, cleared by exporting again, and still listed when the report is reopened."""

from __future__ import annotations

import pytest

from core.checksum import report_checksum
from core.wizard import Step
from gui.pages.finish_outputs import STALE, settings_key
from tests.support import SAMPLE_AGENCY as AGENCY

NEW_NP = "requests/new_received/natural_person"


@pytest.fixture
def finish(open_wizard):
    import core.export_pdf  # noqa: F401 — the real renderers
    import core.export_xlsx  # noqa: F401

    wizard = open_wizard()
    wizard.jump_to(Step.FINISH)
    return wizard, wizard.currentPage()


def export(qtbot, page, dialogs, button, path) -> None:  # noqa: ANN001
    dialogs.save_paths = [str(path)]
    with qtbot.waitSignal(page.exportFinished, timeout=120_000) as done:
        button.click()
    assert not isinstance(done.args[0], BaseException)


def line_for(page, name: str) -> str:  # noqa: ANN001
    lines = [line for line in page.export_box.outputs.lines() if line.endswith(name)
             or f"/{name}" in line]
    assert len(lines) == 1, page.export_box.outputs.lines()
    return lines[0]


def test_outputs_are_listed_marked_stale_after_an_edit_and_fresh_after_exporting_again(
        qtbot, finish, dialogs, tmp_path, start_window, open_wizard):
    wizard, page = finish
    outputs = page.export_box.outputs
    assert outputs.lines() == [] and not outputs.isVisible()
    code = report_checksum(wizard.session.report)
    export(qtbot, page, dialogs, page.pdf_button, tmp_path / "报告.pdf")
    export(qtbot, page, dialogs, page.xlsx_button, tmp_path / "统计表.xlsx")
    assert outputs.isVisible() and len(outputs.lines()) == 2
    pdf_line, xlsx_line = line_for(page, "报告.pdf"), line_for(page, "统计表.xlsx")
    assert pdf_line.startswith("已导出 PDF ") and f"校验码 {code} " in pdf_line
    assert xlsx_line.startswith("已导出 Excel ") and STALE not in xlsx_line
    # every message of the session stays visible, not only the last
    assert "已导出 PDF" in page.result_label.text() and "已导出 Excel" in page.result_label.text()

    before = wizard.session.report.parsed()[NEW_NP] or 0
    wizard.session.set_cells({NEW_NP: before + 1})  # an edit, as the grid makes it
    assert report_checksum(wizard.session.report) != code
    assert STALE in line_for(page, "报告.pdf") and STALE in line_for(page, "统计表.xlsx")

    export(qtbot, page, dialogs, page.xlsx_button, tmp_path / "统计表.xlsx")  # the same file
    assert len(outputs.lines()) == 2  # replaced, not added
    assert STALE not in line_for(page, "统计表.xlsx") and STALE in line_for(page, "报告.pdf")

    wizard.reject()  # another day: the report opened again remembers its outputs
    again = open_wizard()
    again.jump_to(Step.FINISH)
    outputs = again.currentPage().export_box.outputs
    assert len(outputs.lines()) == 2
    assert STALE in line_for(again.currentPage(), "报告.pdf")
    assert STALE not in line_for(again.currentPage(), "统计表.xlsx")
    stored = start_window.db.get_setting(settings_key(again.session.report))
    assert stored[0]["kind"] == "xlsx" and stored[0]["checksum"] == report_checksum(
        again.session.report)
    assert settings_key(again.session.report) == f"exports/{AGENCY}/2025"


def test_a_deleted_output_is_said_to_be_gone(qtbot, finish, dialogs, tmp_path):
    _, page = finish
    export(qtbot, page, dialogs, page.xlsx_button, tmp_path / "统计表.xlsx")
    (tmp_path / "统计表.xlsx").unlink()
    page.export_box.refresh_outputs()
    assert "文件已被移动或删除" in line_for(page, "统计表.xlsx")


def test_damaged_stored_entries_are_dropped(finish, start_window):
    wizard, page = finish
    start_window.db.set_setting(settings_key(wizard.session.report),
                                [{"kind": "pdf"}, {"kind": "pdf", "path": "/x.pdf",
                                                   "time": "not a time", "checksum": "1"}])
    page.export_box.refresh_outputs()
    assert page.export_box.outputs.lines() == []
