"""One clerk's whole year, end to end, through the real windows: create the 2025 report from
last year's, type the texts (input-method events), fill the tables by keys and by paste, see an
error appear on the right cell and go away, close and reopen, finalize, export, read the files."""

from __future__ import annotations

import json
import subprocess

from PySide6.QtCore import Qt

from core import reportfile
from core.formats import f2021 as fmt
from core.formats.spec import cell_key
from core.wizard import Step
from tests.support import SAMPLE_AGENCY as AGENCY
from tests.support import SAMPLES

SAMPLE = reportfile.load(SAMPLES / "sample-2025.json")


def _type_cell(qtbot, grid, key: str, text: str) -> None:
    """Select a cell and type over it with the keyboard, ending with Enter (ASCII digits)."""
    grid.focus_key(key)
    qtbot.keyClick(grid, text[0])
    editor = grid.indexWidget(grid.currentIndex())
    assert editor is not None
    if text[1:]:
        qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def _tsv(report, table, rows) -> str:
    """The entered figures of `rows` as Excel/WPS copies them (tab-separated, with totals)."""
    values = report.parsed()
    lines = []
    for row in rows:
        cols = [c.key for c in table.columns_for(row)]
        lines.append("\t".join(str(values[cell_key(table.key, row, c)]) for c in cols))
    return "\n".join(lines)


def test_a_whole_report_from_last_year_to_the_exported_files(qtbot, new_2025, dialogs, ime,
                                                             tmp_path):
    window, wizard = new_2025  # created through 新建年度报告 from the 2024 report
    report = wizard.session.report
    assert report.cells["requests/carried_over/natural_person"] == 1  # from 2024's 结转下年度

    # texts, typed through the input method, as the sample has them
    for step, key in ((Step.OVERVIEW, "overview"), (Step.PROBLEMS, "problems"),
                      (Step.OTHER, "other")):
        wizard.jump_to(step)
        editor = wizard.currentPage().editor.editor
        editor.selectAll()
        ime(editor, SAMPLE.texts[key])
        assert report.texts[key] == SAMPLE.texts[key]

    # table 2 by keys
    wizard.jump_to(Step.ACTIVE)
    grid = wizard.currentPage().grid
    for key in ("active/normative_documents/issued", "active/normative_documents/repealed",
                "active/normative_documents/in_force", "active/licensing/decisions",
                "active/penalty/decisions", "active/enforcement/decisions"):
        _type_cell(qtbot, grid, key, str(SAMPLE.cells[key]))
    assert all(report.cells[k] == SAMPLE.cells[k] for k in SAMPLE.cells if k.startswith("active"))

    # table 3: the result rows pasted as a block copied from a spreadsheet (totals included),
    # the rest typed
    wizard.jump_to(Step.REQUESTS)
    page = wizard.currentPage()
    grid = page.grid
    result_rows = [r for r in fmt.T3_RESULT_ROWS]
    grid.focus_key(f"requests/{result_rows[0]}/natural_person")
    assert grid.paste_text(_tsv(SAMPLE, fmt.TABLE_REQUESTS, result_rows))
    for col in ("natural_person", "commercial", "legal_service"):
        _type_cell(qtbot, grid, f"requests/new_received/{col}",
                   str(SAMPLE.cells[f"requests/new_received/{col}"]))
    # an error: one application too many carried forward — on the right cells, then fixed
    _type_cell(qtbot, grid, "requests/carried_forward/natural_person", "2")
    assert grid.severity_of("requests/carried_forward/natural_person") == "error"
    assert grid.severity_of("requests/new_received/natural_person") == "error"
    assert grid.severity_of("requests/new_received/commercial") is None
    assert wizard.panel.state_text(Step.REQUESTS).startswith("有错误")
    _type_cell(qtbot, grid, "requests/carried_forward/natural_person", "1")
    assert grid.severity_of("requests/carried_forward/natural_person") is None
    assert not [i for i in wizard.session.issues if i.rule == "T3.BALANCE"]

    # table 4
    wizard.jump_to(Step.REVIEW)
    grid = wizard.currentPage().grid
    _type_cell(qtbot, grid, "review/reconsideration/upheld", "1")
    _type_cell(qtbot, grid, "review/litigation_direct/upheld", "1")

    # the 落款 date, then close; reopening finds everything where it was
    wizard.jump_to(Step.FINISH)
    report.set_date("2026-01-21")
    wizard.reject()
    wizard = window.open_report(AGENCY, 2025)
    qtbot.addWidget(wizard)
    assert wizard.currentId() == Step.FINISH
    again = wizard.session.report
    assert again.to_document(include_derived=False)["tables"] == \
        SAMPLE.to_document(include_derived=False)["tables"]
    assert again.texts == SAMPLE.texts
    errors = [i for i in wizard.session.issues if i.is_error]
    assert errors == []

    # finalize and export both files
    page = wizard.currentPage()
    page.finalize_button.click()
    assert window.db.report_status(AGENCY, 2025) == "final"
    pdf, xlsx = tmp_path / "年报.pdf", tmp_path / "统计表.xlsx"
    dialogs.save_paths = [str(pdf)]
    with qtbot.waitSignal(page.exportFinished, timeout=120_000):
        page.pdf_button.click()
    dialogs.save_paths = [str(xlsx)]
    with qtbot.waitSignal(page.exportFinished, timeout=120_000):
        page.xlsx_button.click()

    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    assert "青禾县应急管理局" in text and "2025年政府信息公开工作年度报告" in text
    assert "草稿" not in text  # finalized, no errors
    assert "2026年1月21日" in text
    from core.export_xlsx import read_xlsx

    doc = read_xlsx(xlsx.read_bytes())
    assert doc["tables"] == json.loads((SAMPLES / "sample-2025.json").read_text("utf-8"))[
        "tables"]
    wizard.reject()
