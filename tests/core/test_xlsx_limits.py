"""Workbook limits (interfaces.md "Limits"): sheets unpacking to more than 200 MB are refused
quickly, before openpyxl reads them; a NaN in the 数据 sheet is refused in Chinese (exit 2)."""

from __future__ import annotations

import io
import subprocess
import sys
import time
import zipfile

import pytest
from openpyxl import load_workbook

from core import reportfile
from core.export_xlsx import render_xlsx
from core.xlsx_data import DATA_SHEET, MAX_UNPACKED, XlsxReadError, read_xlsx
from tests.support import ROOT, SAMPLES


def _workbook() -> bytes:
    return render_xlsx(reportfile.load(SAMPLES / "sample-2025.json"))


def _bomb() -> bytes:
    """A real workbook with one more part that unpacks to 201 MB of spaces (a few hundred KB
    packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(_workbook())) as src, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info))
        with out.open("xl/worksheets/sheet99.xml", "w") as part:
            chunk = b" " * (1024 * 1024)
            for _ in range(201):
                part.write(chunk)
    return buffer.getvalue()


def _with_nan(kind: str = "float") -> bytes:
    wb = load_workbook(io.BytesIO(_workbook()))
    ws = wb[DATA_SHEET]
    row = next(r for r in ws.iter_rows() if r[2].value == "int" and "/" in str(r[0].value))
    row[1].value, row[2].value = "NaN", kind  # float("NaN"), json.loads("NaN"): not numbers
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_unpacking_over_the_limit_is_refused_quickly(tmp_path):
    data = _bomb()
    assert len(data) < 2_000_000
    started = time.perf_counter()
    with pytest.raises(XlsxReadError, match="200 MB"):
        read_xlsx(data)
    assert time.perf_counter() - started < 2.0
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(data)
    out = run("--db", str(tmp_path / "r.sqlite3"), "import", str(path))
    assert out.returncode == 2, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "200 MB" in out.stderr
    assert MAX_UNPACKED == 200 * 1024 * 1024


@pytest.mark.parametrize("kind", ["float", "json", "decimal"])
def test_a_nan_in_the_data_sheet_is_exit_2_in_chinese(tmp_path, kind):
    path = tmp_path / "nan.xlsx"
    path.write_bytes(_with_nan(kind))
    with pytest.raises(XlsxReadError, match="NaN"):
        read_xlsx(path.read_bytes())
    for command in (("--db", str(tmp_path / "r.sqlite3"), "import", str(path)),
                    ("check", str(path))):
        out = run(*command)
        assert out.returncode == 2, out.stderr
        (line,) = out.stderr.strip().splitlines()
        assert "不是有效的数" in line and "Out of range" not in line and "JSON" not in line


def test_a_number_cell_that_is_no_number_is_refused_in_chinese():
    wb = load_workbook(io.BytesIO(_workbook()))
    ws = wb[DATA_SHEET]
    row = next(r for r in ws.iter_rows() if r[2].value == "int" and "/" in str(r[0].value))
    row[1].value = 987654.125
    saved = io.BytesIO()
    wb.save(saved)
    buffer = io.BytesIO()
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info, src.read(info).replace(b"<v>987654.125</v>", b"<v>NaN</v>"))
    with pytest.raises(XlsxReadError, match="不是有效的 Excel"):
        read_xlsx(buffer.getvalue())
