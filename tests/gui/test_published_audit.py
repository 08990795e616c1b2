"""检查已发布的报告 from the start window: several files checked in the background, each file's
counts, the selected file's findings, the list exported as one Excel sheet."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtWidgets import QFileDialog

from core import reportfile
from core.export import render_bytes

PDF = Path("/work/shared/examples/published/hongze-district-government-2024.pdf")
SAMPLES = Path(__file__).resolve().parents[2] / "resources" / "samples"


def _row(dialog, name: str) -> list[str]:  # noqa: ANN001
    for i in range(dialog.files.topLevelItemCount()):
        item = dialog.files.topLevelItem(i)
        if item.text(0) == name:
            return [item.text(c) for c in range(5)]
    raise AssertionError(name)


def test_several_published_files_are_checked_and_exported(
        qtbot, start_window, dialogs, monkeypatch, tmp_path) -> None:  # noqa: ANN001
    sample = tmp_path / "sample-2025.docx"
    sample.write_bytes(render_bytes(reportfile.load(SAMPLES / "sample-2025.json"), "docx"))
    notice = tmp_path / "=HYPERLINK(1).txt"  # a name a spreadsheet would run as a formula
    notice.write_text("关于做好政务公开工作的通知\n各单位：请认真落实。", encoding="utf-8")
    chosen = [str(PDF), str(sample), str(notice)]
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: (chosen, "")))

    dialog = start_window.audit_published()
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.idle, timeout=120000):
        pass
    assert dialog.files.topLevelItemCount() == 3
    pdf_row = _row(dialog, PDF.name)
    assert pdf_row[1:3] == ["淮安市洪泽区人民政府", "2024年"]
    assert int(pdf_row[3]) > 0 and int(pdf_row[4]) > 0
    assert _row(dialog, sample.name)[3] == "0"  # the sample as we export it has no error
    assert _row(dialog, notice.name)[1:4] == ["无法读取", "", "1"]

    # the selected file's findings and what could not be read
    dialog.files.setCurrentItem(dialog.files.topLevelItem(0))
    rules = [dialog.issues.topLevelItem(i).text(0) for i in range(dialog.issues.topLevelItemCount())]
    assert "PUB.OLD_LAYOUT" in rules
    assert dialog.issues.topLevelItemCount() == sum(map(int, pdf_row[3:5]))
    assert "电子邮箱" in dialog.unread.text()
    dialog.files.setCurrentItem(dialog.files.topLevelItem(2))
    assert dialog.issues.topLevelItem(0).text(0) == "无法读取"
    assert "不是" in dialog.issues.topLevelItem(0).text(2)

    out = tmp_path / "检查结果.xlsx"
    dialogs.save_paths.append(str(out))
    dialog.export_button.click()
    sheet = load_workbook(out).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["文件", "规则", "严重程度", "说明"]
    assert len(rows) == 1 + sum(dialog.results[Path(p)].counts[0] + dialog.results[Path(p)].counts[1]
                                for p in chosen)
    assert [PDF.name, "PUB.OLD_LAYOUT", "提示"] in [r[:3] for r in rows]
    formula_like = [r for r in rows if r[0] == notice.name]
    assert formula_like and formula_like[0][1] == "无法读取"
    assert all(c.data_type == "s" for row in sheet.iter_rows() for c in row)


def test_a_file_added_again_is_checked_again_in_its_row(qtbot, start_window, monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(PDF)], "")))
    dialog = start_window.audit_published()
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.idle, timeout=60000):
        pass
    with qtbot.waitSignal(dialog.idle, timeout=60000):
        dialog.add_files()
    assert dialog.files.topLevelItemCount() == 1
    assert dialog.export_button.isEnabled()
