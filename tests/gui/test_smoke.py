"""gui.smoke.run_smoke in-process (the packaged program runs the same code with --smoke-test:
`python build/dev.py smoke`), and its wiring into the command line."""

from __future__ import annotations

import os

import pdfplumber
import pytest
from openpyxl import load_workbook

AGENCY = "青禾县应急管理局"


def test_smoke_writes_outputs_that_read_back(tmp_path, capsys, dialogs):
    from gui.smoke import run_smoke

    data_dir = os.environ["NBZS_DATA_DIR"]
    out = tmp_path / "out"
    assert run_smoke(out) == 0
    printed = capsys.readouterr().out.strip().splitlines()
    assert len(printed) == 1 and "smoke test OK" in printed[0]
    for kind in ("PDF", "Excel", "Word", "HTML", "start window painted"):
        assert kind in printed[0], kind
    assert (out / "smoke.txt").read_text(encoding="utf-8").strip() == printed[0]

    with pdfplumber.open(out / "smoke-2025.pdf") as pdf:
        assert len(pdf.pages) >= 2
        first = pdf.pages[0].extract_text() or ""
    assert AGENCY in first.replace("\n", "")

    workbook = load_workbook(out / "smoke-2025.xlsx", read_only=True)
    try:
        assert workbook.sheetnames
        cells = [str(v) for ws in workbook.worksheets
                 for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    finally:
        workbook.close()
    assert any(AGENCY in c for c in cells)

    import docx

    assert AGENCY in "".join(p.text for p in docx.Document(str(out / "smoke-2025.docx")).paragraphs)
    page = (out / "smoke-2025.html").read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and AGENCY in page and "<script" not in page
    for png in ("start-window.png", "wizard.png"):
        assert (out / png).read_bytes()[:4] == b"\x89PNG"
    assert not dialogs.messages and not dialogs.crashes
    assert os.environ["NBZS_DATA_DIR"] == data_dir  # its temporary data folder is gone again
    assert not (tmp_path / "data" / "reports.sqlite3").exists()  # the user's database untouched


def test_smoke_reports_a_missing_resource(tmp_path, capsys, monkeypatch):
    import core.resources
    from gui.smoke import run_smoke

    monkeypatch.setattr(core.resources, "resources_dir", lambda: tmp_path / "empty")
    assert run_smoke(tmp_path / "out") == 1
    err = capsys.readouterr().err
    assert "smoke test FAILED" in err and "app.png" in err
    assert "FAILED" in (tmp_path / "out" / "smoke.txt").read_text(encoding="utf-8")


def test_smoke_fails_when_outdir_is_a_file(tmp_path, capsys):
    from gui.smoke import run_smoke

    target = tmp_path / "not-a-folder"
    target.write_text("x")
    assert run_smoke(target) == 1
    assert "smoke test FAILED" in capsys.readouterr().err


def test_command_line_dispatches_smoke_test(monkeypatch, tmp_path):
    import gui.smoke
    import main
    from core.cli_args import build_parser

    assert build_parser().parse_args(["--smoke-test", "OUT"]).smoke_test == "OUT"
    assert build_parser().parse_args([]).smoke_test is None
    calls = []
    monkeypatch.setattr(gui.smoke, "run_smoke", lambda outdir: calls.append(outdir) or 7)
    assert main.main(["--smoke-test", str(tmp_path)]) == 7
    assert calls == [str(tmp_path)]


@pytest.mark.parametrize("argv", [["--version"]])
def test_version_still_first(argv, capsys):
    import main

    assert main.main(argv) == 0
    assert capsys.readouterr().out.strip().startswith("年报助手 ")
