"""The Excel export, tested by reading the workbook back with openpyxl (no Qt needed)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from core.export_xlsx import (
    DATA_SHEET,
    XlsxReadError,
    header_footer_text,
    read_xlsx,
    render_xlsx,
)
from core.formats import f2021 as fmt
from core.formats.spec import cell_key
from core.model import Report
from core.xlsx_data import xlsx_text
from tests.support import (
    SHEET_TITLES,
    T3_RESULT_TOP_ROWS,
    T3_TOP_ROWS,
    heading_of,
    t2_blocks,
    t3_result_groups,
)

ROOT = Path(__file__).resolve().parents[2]
APPLICANT = [c.key for c in fmt.T3_APPLICANT_COLUMNS]


def realistic_report() -> Report:
    """A filled-in report: every entered cell distinct, table 3 balanced in every column."""
    r = Report(2025)
    r.agency.update(
        name="示例县应急管理局", office="办公室", address="示例县人民路1号", postcode="000000",
        phone="0000-1234567", email="office@example.gov.cn",
        website_name="示例县人民政府门户网站", website_url="http://www.example.gov.cn")
    r.date = "2026-01-20"
    r.texts.update(overview="（一）主动公开\n本年主动公开政府信息……", problems="一是……\n二是……",
                   other="本年度未收取信息处理费。")
    for i, (row, col) in enumerate(fmt.TABLE_ACTIVE.entered_cells()):
        r.cells[cell_key("active", row.key, col.key)] = 1 + i
    r.cells["active/fees/amount"] = "1.2345"
    for j, col in enumerate(APPLICANT):
        for i, row in enumerate(fmt.T3_RESULT_ROWS):
            r.cells[f"requests/{row}/{col}"] = 100 * j + i + 1
        results = sum(100 * j + i + 1 for i in range(len(fmt.T3_RESULT_ROWS)))
        r.cells[f"requests/carried_over/{col}"] = 50 + 100 * j
        r.cells[f"requests/carried_forward/{col}"] = 60 + 100 * j
        r.cells[f"requests/new_received/{col}"] = results + 10
    for i, (row, col) in enumerate(fmt.TABLE_REVIEW.entered_cells()):
        r.cells[cell_key("review", row.key, col.key)] = 1 + i
    return r


@pytest.fixture(scope="module")
def report() -> Report:
    return realistic_report()


@pytest.fixture(scope="module")
def workbook(report: Report) -> Workbook:
    return load_workbook(io.BytesIO(render_xlsx(report)))


def test_balanced_fixture(report: Report) -> None:
    v = report.parsed()
    for col in APPLICANT + ["total"]:
        assert (v[f"requests/new_received/{col}"] + v[f"requests/carried_over/{col}"]
                == v[f"requests/total_processed/{col}"] + v[f"requests/carried_forward/{col}"])
    assert None not in v.values()


# -- helpers: find things by their labels, never by coordinates ------------------------------

def find_cells(ws, text: str, min_col: int = 1, max_col: int | None = None) -> list:
    # a label may carry line breaks where it wraps in its cell
    return [c for row in ws.iter_rows(min_col=min_col, max_col=max_col) for c in row
            if isinstance(c.value, str) and c.value.replace("\n", "") == text]


def the_cell(ws, text: str, **kw):
    found = find_cells(ws, text, **kw)
    assert len(found) == 1, (text, [c.coordinate for c in found])
    return found[0]


def span(ws, cell) -> tuple[int, int, int, int]:
    """(min_row, min_col, max_row, max_col) of the merged box starting at ``cell``."""
    for rng in ws.merged_cells.ranges:
        if (rng.min_row, rng.min_col) == (cell.row, cell.column):
            return rng.min_row, rng.min_col, rng.max_row, rng.max_col
    return cell.row, cell.column, cell.row, cell.column


# -- table 3 ---------------------------------------------------------------------------------

def test_table3_every_number_in_its_labelled_row_and_column(report, workbook) -> None:
    ws = workbook[SHEET_TITLES["requests"]]
    values = report.parsed()
    rows = {row.key: the_cell(ws, row.label, max_col=3).row for row in fmt.T3_ROWS}
    cols = {c.key: the_cell(ws, c.label, min_col=4).column for c in fmt.T3_COLUMNS}
    assert len(set(rows.values())) == len(fmt.T3_ROWS)
    assert len(set(cols.values())) == len(fmt.T3_COLUMNS)
    for row in fmt.T3_ROWS:
        for col in fmt.T3_COLUMNS:
            cell = ws.cell(rows[row.key], cols[col.key])
            expected = values[f"requests/{row.key}/{col.key}"]
            assert cell.value == expected, (row.key, col.key)
            assert type(cell.value) is int and cell.data_type == "n"


def test_table3_header_layout(workbook) -> None:
    ws = workbook[SHEET_TITLES["requests"]]
    note = the_cell(ws, fmt.T3_NOTE)
    r0, c0, r1, c1 = span(ws, note)
    assert (r1 - r0 + 1, c1 - c0 + 1) == (3, 3)
    applicant = span(ws, the_cell(ws, fmt.T3_APPLICANT))
    assert applicant[0] == r0 and applicant[3] - applicant[1] + 1 == len(fmt.T3_COLUMNS)
    assert applicant[1] == c1 + 1
    person = span(ws, the_cell(ws, fmt.T3_COLUMNS[0].label))
    total = span(ws, the_cell(ws, "总计", min_col=4))
    assert person[2] - person[0] == 1 and total[2] - total[0] == 1  # row-span 2
    org = span(ws, the_cell(ws, fmt.T3_ORG_GROUP))
    assert org[3] - org[1] + 1 == len(fmt.T3_ORG_COLUMNS) and org[0] == r0 + 1
    for c in fmt.T3_ORG_COLUMNS:
        leaf = the_cell(ws, c.label, min_col=4)
        assert leaf.row == r0 + 2 and org[1] <= leaf.column <= org[3]
    # label column spans: 一、二、四 span 3, （一）（二）（七） span 2, the others 1
    for row in fmt.T3_ROWS:
        box = span(ws, the_cell(ws, row.label, max_col=3))
        width = 3 if row.key in T3_TOP_ROWS else 2 if row.key in T3_RESULT_TOP_ROWS else 1
        assert (box[2] - box[0], box[3] - box[1] + 1, box[3]) == (0, width, 3), row.key
    results = span(ws, the_cell(ws, fmt.T3_RESULTS_GROUP))
    assert results[2] - results[0] + 1 == 22 and results[1] == results[3] == 1
    for label, keys in t3_result_groups():
        box = span(ws, the_cell(ws, label))
        assert box[2] - box[0] + 1 == len(keys) and box[1] == box[3] == 2
        assert box[0] == the_cell(ws, fmt.TABLE_REQUESTS.row(keys[0]).label).row
    assert ws.print_title_rows and ws.freeze_panes


# -- table 2 ---------------------------------------------------------------------------------

def test_table2_blocks(report, workbook) -> None:
    ws = workbook[SHEET_TITLES["active"]]
    values = report.parsed()
    for block in t2_blocks():
        clause = the_cell(ws, block.clause)
        box = span(ws, clause)
        assert box[3] - box[1] + 1 == 4, "the clause row is full width"
        header_row = clause.row + 1
        assert ws.cell(header_row, 1).value == block.header[0]
        for r_offset, row in enumerate(block.rows):
            label = the_cell(ws, row.label, max_col=1)
            assert label.row == header_row + 1 + r_offset
            for col in block.columns:
                head = the_cell(ws, col.label, min_col=2) if len(block.columns) == 3 else next(
                    c for c in ws[header_row] if c.value == col.label)
                if len(block.columns) == 1:
                    assert span(ws, head)[1:4:2] == (2, 4), "spans the 3 value columns"
                cell = ws.cell(label.row, head.column)
                expected = values[cell_key("active", row.key, col.key)]
                if col.money:
                    assert cell.value == pytest.approx(float(expected))
                    assert cell.number_format == "0.0000"  # 1.2345 as the PDF prints it
                else:
                    assert cell.value == expected and type(cell.value) is int


# -- table 4 ---------------------------------------------------------------------------------

def test_table4_hierarchy_and_numbers(report, workbook) -> None:
    ws = workbook[SHEET_TITLES["review"]]
    values = report.parsed()
    recon = span(ws, the_cell(ws, fmt.T4_ROWS[0].label))
    litig = span(ws, the_cell(ws, fmt.T4_LITIGATION))
    assert recon[3] - recon[1] + 1 == 5 and litig[3] - litig[1] + 1 == 10
    assert recon[0] == litig[0] and litig[1] == recon[3] + 1
    blocks = {"reconsideration": recon}
    for row in fmt.T4_ROWS[1:]:
        box = span(ws, the_cell(ws, row.label))
        assert box[0] == recon[0] + 1 and box[3] - box[1] + 1 == 5
        assert litig[1] <= box[1] and box[3] <= litig[3]
        blocks[row.key] = box
    value_row = recon[0] + 3
    for row in fmt.T4_ROWS:
        b = blocks[row.key]
        for col in fmt.T4_COLUMNS:
            leaf = the_cell(ws, col.label, min_col=b[1], max_col=b[3])
            if row.key == "reconsideration":
                assert span(ws, leaf)[2] - leaf.row == 1  # row-spans the two lower rows
            cell = ws.cell(value_row, leaf.column)
            assert cell.value == values[f"review/{row.key}/{col.key}"]
            assert type(cell.value) is int


# -- labels, styles, print set-up ------------------------------------------------------------

def test_every_official_label_verbatim(report, workbook) -> None:
    texts = {c.value.replace("\n", "") for ws in workbook.worksheets[:3] for row in ws.iter_rows()
             for c in row if isinstance(c.value, str)}
    labels = {fmt.T3_NOTE, fmt.T3_APPLICANT, fmt.T3_ORG_GROUP, fmt.T3_RESULTS_GROUP,
              fmt.T4_ROWS[0].label, fmt.T4_LITIGATION, f"{report.title}统计表"}
    labels |= {g for g, _ in t3_result_groups()}
    for table in fmt.TABLES:
        labels.add(heading_of(table.key))
        labels |= {r.label for r in table.rows}
        labels |= {c.label for r in table.rows for c in table.columns_for(r.key)}
    for block in t2_blocks():
        labels |= {block.clause, *block.header}
    assert labels - texts == set()
    assert "规范性文件" not in texts  # the 2019 label


def test_fonts_borders_alignment(workbook) -> None:
    for title in SHEET_TITLES.values():
        ws = workbook[title]
        heading = the_cell(ws, next(heading_of(t.key) for t in fmt.TABLES if SHEET_TITLES[t.key] == title))
        sign = next(c for c in ws["A"] if str(c.value or "").startswith("填报单位"))
        # the table, down to the (borderless) line under it: a full bordered rectangle
        for row in ws.iter_rows(min_row=heading.row + 1, max_row=sign.row - 1):
            for c in row:
                box = next(((r.min_row, r.min_col, r.max_row, r.max_col)
                            for r in ws.merged_cells.ranges if c.coordinate in r),
                           (c.row, c.column, c.row, c.column))
                edges = {"top": c.row == box[0], "left": c.column == box[1],
                         "bottom": c.row == box[2], "right": c.column == box[3]}
                for side, on_edge in edges.items():  # the outline of every (merged) box
                    if on_edge:
                        assert getattr(c.border, side).style == "thin", (c.coordinate, side)
                if c.value is not None:
                    assert c.font.name == "宋体"
                    assert c.alignment.wrap_text or isinstance(c.value, int)
                if isinstance(c.value, int):
                    assert c.alignment.horizontal == "center"
        assert ws.cell(1, 1).font.name == "宋体" and ws.cell(1, 1).font.b


def test_print_setup(report, workbook) -> None:
    for title in SHEET_TITLES.values():
        ws = workbook[title]
        assert ws.page_setup.paperSize in (9, "9")
        assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_options.horizontalCentered
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页"
        assert report.agency_name in ws.oddHeader.right.text
        assert all(d.height for r, d in ws.row_dimensions.items() if r <= ws.max_row)
    assert workbook.sheetnames == [*SHEET_TITLES.values(), DATA_SHEET]


def test_zero_prints_as_zero() -> None:
    r = Report(2025)  # all cells 0
    wb = load_workbook(io.BytesIO(render_xlsx(r)))
    ws = wb[SHEET_TITLES["active"]]
    cell = ws.cell(the_cell(ws, "规章", max_col=1).row, 2)
    assert cell.value == 0 and cell.data_type == "n" and cell.number_format == "0"
    money = ws.cell(the_cell(ws, "行政事业性收费", max_col=1).row, 2)
    assert money.value == 0 and money.number_format == "0"  # as the PDF prints it


# -- data sheet and round trip ---------------------------------------------------------------

def test_data_sheet_is_machine_readable(report, workbook) -> None:
    ws = workbook[DATA_SHEET]
    assert "机器读取" in ws.cell(1, 1).value
    rows = list(ws.iter_rows(values_only=True))
    header = rows.index(("键", "值", "类型", "说明"))
    keys = [r[0] for r in rows[header + 1:]]
    assert keys[:3] == ["schema", "format", "year"]
    assert set(fmt.FORMAT.cell_keys) <= set(keys)
    assert {"date", "agency.name", "text.overview"} <= set(keys)


def test_round_trip(report) -> None:
    doc = read_xlsx(render_xlsx(report))
    assert doc == report.to_document()


def test_round_trip_keeps_raw_invalid_values() -> None:
    r = realistic_report()
    r.cells["requests/granted/research"] = "/"
    r.cells["requests/new_received/natural_person"] = None
    r.cells["review/reconsideration/upheld"] = -3
    r.cells["active/licensing/decisions"] = True
    r.cells["active/penalty/decisions"] = 7.0
    r.cells["active/fees/amount"] = 0.5
    data = render_xlsx(r)
    assert read_xlsx(data) == r.to_document()
    wb = load_workbook(io.BytesIO(data))
    ws = wb[SHEET_TITLES["requests"]]
    row = the_cell(ws, "（一）予以公开", max_col=3).row
    cell = ws.cell(row, the_cell(ws, "科研机构", min_col=4).column)
    assert cell.value == "/" and cell.fill.fgColor.rgb.endswith("FFC7CE")
    total = ws.cell(row, the_cell(ws, "总计", min_col=4).column)
    assert total.value is None and total.fill.fgColor.rgb.endswith("FFC7CE")
    assert any("标红" in str(c.value) for row in ws.iter_rows() for c in row)
    ws2 = wb[SHEET_TITLES["active"]]
    assert ws2.cell(the_cell(ws2, "行政许可", max_col=1).row, 2).value == "true"
    assert any("标红" in str(c.value) for row in ws2.iter_rows() for c in row)


def test_decimal_cell_and_long_text_round_trip() -> None:
    r = realistic_report()
    r.cells["active/fees/amount"] = Decimal("3.5000")
    r.texts["overview"] = "长" * 70000
    doc = read_xlsx(render_xlsx(r))
    assert doc == r.to_document()


HOSTILE = ['=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "a\x01b", "x\ud800y", "😀",
           "鄠邑区", "<b>粗</b>&amp;", "A&B\r\nC\tD", "\ufffe\uffff", "", " 局 "]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_reopens_and_reads_back(text: str) -> None:
    r = realistic_report()
    for field in ("name", "office", "address", "website_name"):
        r.agency[field] = text
    r.texts["problems"] = text
    data = render_xlsx(r)
    wb = load_workbook(io.BytesIO(data))  # must open
    doc = read_xlsx(data)
    assert doc["agency"]["name"] == xlsx_text(text)
    assert doc["text"]["problems"] == xlsx_text(text)
    title = wb[SHEET_TITLES["requests"]].cell(1, 1)
    assert title.value == xlsx_text(f"{text.strip()}2025年政府信息公开工作年度报告统计表")
    assert title.data_type == "s"
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.endswith(".xml"))


def test_xlsx_text() -> None:
    assert xlsx_text('=HYPERLINK("http://x")') == '=HYPERLINK("http://x")'
    assert xlsx_text("a\x01b\x7f\x9f\n\tc\r\nd") == "ab\n\tc\nd"
    assert xlsx_text("x\ud800y\udfff") == "xy"
    assert xlsx_text("\ud83d\ude00") == "😀"  # a pair given as two code points is joined
    assert xlsx_text("鄠邑区😀<b>\ufffe\uffff") == "鄠邑区😀<b>"
    assert header_footer_text("A&B\n局") == "A&&B 局"
    assert len(header_footer_text("局" * 500)) == 100


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.text(max_size=60), text=st.text(max_size=200), raw=st.text(max_size=10))
def test_any_text_gives_a_workbook_that_reads_back(name: str, text: str, raw: str) -> None:
    r = Report(2025)
    r.agency["name"] = name
    r.texts["other"] = text
    r.date = name[:10]
    r.cells["requests/granted/commercial"] = raw
    data = render_xlsx(r)
    load_workbook(io.BytesIO(data))
    doc = read_xlsx(data)
    assert doc["agency"]["name"] == xlsx_text(name)
    assert doc["text"]["other"] == xlsx_text(text)
    assert doc["tables"]["requests"]["granted"]["commercial"] == xlsx_text(raw)


def test_deterministic(report) -> None:
    assert render_xlsx(report) == render_xlsx(report)
    code = ("import sys; sys.path.insert(0, sys.argv[1]); "
            "from tests.core.test_export_xlsx import realistic_report; "
            "from core.export_xlsx import render_xlsx; "
            "sys.stdout.buffer.write(render_xlsx(realistic_report()))")
    outs = {subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True,
                           check=True, env=dict(os.environ, PYTHONHASHSEED=seed)).stdout
            for seed in ("1", "2")}
    assert outs == {render_xlsx(report)}
    with zipfile.ZipFile(io.BytesIO(render_xlsx(report))) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 1, 20, 0, 0, 0)}
    wb = load_workbook(io.BytesIO(render_xlsx(report)))
    assert wb.properties.created.date().isoformat() == "2026-01-20"


def test_read_errors() -> None:
    with pytest.raises(XlsxReadError):
        read_xlsx(b"not a zip")
    wb = Workbook()
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(XlsxReadError, match="数据"):
        read_xlsx(buf.getvalue())
    wb = load_workbook(io.BytesIO(render_xlsx(Report(2025))))
    ws = wb[DATA_SHEET]
    ws.append(["requests/nope/total", 1, "int", ""])
    buf = io.BytesIO()
    wb.save(buf)
    with pytest.raises(XlsxReadError, match="未知的键"):
        read_xlsx(buf.getvalue())


def test_core_does_not_import_qt() -> None:
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import core.export_xlsx; "
            "assert not [m for m in sys.modules if m.startswith('PySide')]")
    subprocess.run([sys.executable, "-c", code, str(ROOT)], check=True)


# -- printing as a secretary would -------------------------------------------------------------

def _table_labels(ws):
    """(cell, width in Excel units, indented) of every label of the table on `ws`."""
    from openpyxl.utils import get_column_letter

    sign = next(c for c in ws["A"] if str(c.value or "").startswith("填报单位"))
    for row in ws.iter_rows(min_row=3, max_row=sign.row - 1):
        for c in row:
            if isinstance(c.value, str) and not c.value.startswith("第二十条"):
                box = span(ws, c)
                width = sum(ws.column_dimensions[get_column_letter(i)].width
                            for i in range(box[1], box[3] + 1))
                yield c, width, bool(c.alignment.indent)


def test_header_labels_wrap_between_words_and_never_leave_a_character_alone(workbook) -> None:
    from core.xlsx_fit import per_line, text_units

    for title in SHEET_TITLES.values():
        for cell, width, indented in _table_labels(workbook[title]):
            lines = cell.value.split("\n")
            room = per_line(width, 10.5, indented)
            # every line fits its cell, so a reader does not wrap it again
            assert all(text_units(x) <= room for x in lines), (cell.value, width)
            if len(lines) > 1:
                assert min(map(len, lines)) >= 2, cell.value  # 社会公益组/织, …情形/）
            if len(cell.value) <= 8 and "（" not in cell.value and "、" not in cell.value:
                assert all(len(x) % 2 == 0 for x in lines[:-1]), cell.value  # 社会公益/组织
    ws = workbook[SHEET_TITLES["requests"]]
    assert the_cell(ws, "社会公益组织").value in ("社会公益组织", "社会公益\n组织",
                                                 "社会\n公益\n组织")


def test_only_the_three_tables_print_and_the_data_still_reads_back(report, tmp_path) -> None:
    data = render_xlsx(report)
    wb = load_workbook(io.BytesIO(data))
    assert wb[DATA_SHEET].sheet_state == "hidden"
    assert [ws.title for ws in wb.worksheets if ws.sheet_state == "visible"] == \
        list(SHEET_TITLES.values())
    assert read_xlsx(data) == report.to_document()
    path = tmp_path / "r.xlsx"
    path.write_bytes(data)
    out = subprocess.run([sys.executable, str(ROOT / "main.py"), "check", str(path)],
                         capture_output=True, text=True, cwd=ROOT)
    assert out.returncode in (0, 1) and "数据" not in out.stderr, out.stderr


@pytest.mark.parametrize(("entered", "shown"), [("12.5", "0.0"), ("12.5000", "0.0"),
                                                ("3", "0"), ("0.0012", "0.0000")])
def test_the_fee_shows_the_decimals_the_pdf_prints(entered: str, shown: str) -> None:
    r = realistic_report()
    r.cells["active/fees/amount"] = entered
    ws = load_workbook(io.BytesIO(render_xlsx(r)))[SHEET_TITLES["active"]]
    cell = ws.cell(the_cell(ws, "行政事业性收费", max_col=1).row, 2)
    assert cell.number_format == shown and cell.value == pytest.approx(float(entered))


def test_a_sign_line_under_each_table(report, workbook) -> None:
    expected = ("填报单位（盖章）：示例县应急管理局　填报人：　　联系电话：0000-1234567　"
                "填报日期：2026年1月20日")
    for title in SHEET_TITLES.values():
        ws = workbook[title]
        assert ws.cell(1, 1).value == f"{report.title}统计表"  # no stray space
        sign = next(c for c in ws["A"] if str(c.value or "").startswith("填报单位"))
        assert sign.value.replace("\n", "　") == expected
        table_end = max(r.max_row for r in ws.merged_cells.ranges if r.min_row < sign.row)
        assert sign.row > table_end and not (sign.border.top and sign.border.top.style)
