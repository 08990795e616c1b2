"""A future format is one data module and its tests: a made-up one (tests/madeup_format.py) is
read from a file, validated, and rendered by every exporter — none of which knows it."""

from __future__ import annotations

import subprocess

import pytest

from core import reportfile
from core.export import KINDS, export, render_bytes
from core.formats import FORMATS, get_format, register
from core.validation import validate
from tests import madeup_format as made


@pytest.fixture
def fmt():
    register(made.FORMAT)
    yield made.FORMAT
    FORMATS.pop(made.FORMAT_ID, None)


def test_the_registry_reads_a_file_of_the_format(fmt):
    report = reportfile.parse_document(made.document())
    assert report.format is get_format(made.FORMAT_ID)
    assert report.title == "试点县测试局2030年试行报告"
    assert report.value("counts/received/total") == 7  # the declared sum, computed
    assert set(report.cells) == set(fmt.entered_keys) and len(fmt.derived_keys) == 3
    again = reportfile.loads(reportfile.dumps(report))
    assert again.cells == report.cells and again.format is fmt


def test_an_unregistered_format_is_unreadable_with_a_message():
    with pytest.raises(reportfile.ReportFileError, match="test-2030"):
        reportfile.parse_document(made.document())


def test_validation_runs_the_formats_own_declarations(fmt):
    report = reportfile.parse_document(made.document())
    assert validate(report) == []
    report.cells["counts/pending/online"] = 3  # 5 ≠ 4 + 3
    report.cells["counts/answered/paper"] = "/"
    report.texts["summary"] = "无"
    report.agency["phone"] = "无号码"
    report.date = "2031-03-01"  # after this format's 28 February
    issues = {i.rule: i for i in validate(report)}
    assert set(issues) == {"X.BALANCE", "CELL.INVALID", "TEXT.PROBLEMS_EMPTY",
                           "AGENCY.FORMAT", "DATE.DEADLINE"}
    assert issues["CELL.INVALID"].message.startswith("表一“乙、已答复件数”行“书面申请”列")
    assert issues["DATE.DEADLINE"].message.endswith("（2031年2月28日前公布，试行规定第三条）。")
    report.cells["counts/answered/paper"] = 2
    balance = next(i for i in validate(report) if i.rule == "X.BALANCE")
    assert balance.message == ("表一网上申请列：收到 5 = 5，但已答复 4 + 待答复 3 = 7，相差 2。"
                               "（收到等于已答复加待答复）")
    assert balance.cells == ("counts/received/online", "counts/answered/online",
                             "counts/pending/online")


def test_a_declared_total_is_compared_by_the_formats_rule(fmt):
    doc = made.document()
    doc["tables"]["counts"]["received"]["total"] = 8
    issues = validate(reportfile.parse_document(doc))
    assert [(i.rule, i.message) for i in issues] == [
        ("X.ROW_TOTAL", "表一“甲、收到件数”行：合计填的是 8，但网上与书面之和为 7。")]


@pytest.mark.parametrize("kind", ["pdf", "xlsx", "docx", "html"])
def test_every_exporter_renders_it(fmt, kind, tmp_path):
    report = reportfile.parse_document(made.document())
    data = render_bytes(report, kind)
    path = tmp_path / f"r{KINDS[kind].suffix}"
    path.write_bytes(data)
    labels = ["甲、收到件数", "乙、已答复件数", "丙、待答复件数", "网上申请", "书面申请", "合计",
              "申请方式", "项目"]
    if kind == "pdf":
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                              text=True, check=True).stdout
        found = "".join(text.split())
        assert "试点县测试局2030年试行报告" in found and "一、概况" in found
        assert "（一）基本情况" in found and "二、申请情况" in found
        received = next(line for line in text.splitlines() if "甲、收到件数" in line).split()
        assert received[-3:] == ["5", "2", "7"]  # 网上, 书面, 合计 (computed)
    elif kind == "docx":
        import docx

        document = docx.Document(str(path))
        found = {p.text for p in document.paragraphs} | {
            c.text for t in document.tables for row in t.rows for c in row.cells}
        assert "试点县测试局2030年试行报告" in "".join(p.text for p in document.paragraphs)
        figures = [c.text for c in document.tables[0].rows[-3].cells]
        assert figures[-3:] == ["5", "2", "7"]  # 甲、收到件数: 网上, 书面, 合计 (computed)
    elif kind == "html":
        import html5lib

        tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(data)
        assert "".join(tree.find(".//h1").itertext()) == "试点县测试局2030年试行报告"
        found = {"".join(e.itertext()).strip() for e in tree.iter() if e.tag in ("th", "td", "h2",
                                                                               "h3")}
        row = next(tr for tr in tree.iter("tr")
                   if any("".join(c.itertext()) == "甲、收到件数" for c in tr))
        assert ["".join(td.itertext()) for td in row.findall("td")] == ["5", "2", "7"]
    else:
        from openpyxl import load_workbook

        from core.export_xlsx import read_xlsx

        wb = load_workbook(path)
        assert wb.sheetnames[0] == "表一 申请情况"
        found = {c.value for row in wb.worksheets[0].iter_rows() for c in row if c.value}
        back = reportfile.parse_document(read_xlsx(data))
        assert back.cells == report.cells and back.format is fmt
    for label in labels:
        assert label in found, label


def test_export_writes_each_output_of_the_format(fmt, tmp_path):
    report = reportfile.parse_document(made.document())
    targets = {kind: tmp_path / f"r{KINDS[kind].suffix}" for kind in KINDS}
    outcome = export(report, targets)
    assert outcome.failed is None and [w.kind.key for w in outcome.written] == list(KINDS)
    assert all(p.stat().st_size > 1000 for p in targets.values())
