"""Report files: strict structure, raw cell values, BOM, round trip."""

from __future__ import annotations

import json

import pytest

from core import reportfile
from core.reportfile import ReportFileError
from core.validation import validate
from tests.support import SAMPLES


def _doc():
    return json.loads((SAMPLES / "sample-2025.json").read_text("utf-8"))


def _bytes(doc):
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def test_round_trip_is_identical(sample_2025):
    data = reportfile.dumps(sample_2025)
    again = reportfile.loads(data)
    assert again.to_document() == sample_2025.to_document()
    assert reportfile.dumps(again) == data


def test_bom_is_accepted():
    data = b"\xef\xbb\xbf" + (SAMPLES / "sample-2025.json").read_bytes()
    assert reportfile.loads(data).agency_name == "青禾县应急管理局"


@pytest.mark.parametrize(("mutate", "words"), [
    (lambda d: d.update(extra=1), "未知的键“extra”"),
    (lambda d: d["agency"].update(fax="1"), "“fax”（位于“agency”中）"),
    (lambda d: d["tables"]["requests"]["new_received"].update(naturalperson=1),
     "“naturalperson”（位于“tables/requests/new_received”中）"),
    (lambda d: d["tables"].update(summary={}), "未知的键“summary”"),
    (lambda d: d["text"].update(foreword="x"), "未知的键“foreword”"),
    (lambda d: d.update(schema="gdar/2"), "schema"),
    (lambda d: d.update(format="2019"), "2019年试行格式"),
    (lambda d: d.update(format="2022"), "格式版本"),
    (lambda d: d.update(year="2025"), "年度"),
    (lambda d: d.pop("year"), "年度"),
    (lambda d: d.update(year=True), "年度"),
    (lambda d: d.pop("tables"), "tables"),
    (lambda d: d.update(agency=[]), "agency"),
    (lambda d: d.update(text="x"), "text"),
    (lambda d: d["tables"].update(review=[1]), "tables/review"),
])
def test_unreadable_files_name_the_place(mutate, words):
    doc = _doc()
    mutate(doc)
    with pytest.raises(ReportFileError) as err:
        reportfile.loads(_bytes(doc))
    assert words in str(err.value)


@pytest.mark.parametrize("data", [b"", b"\xff\xfe{", b"[1,2]", b"{", b"null", b"[" * 100000])
def test_garbage_is_unreadable(data):
    with pytest.raises(ReportFileError):
        reportfile.loads(data)


def test_wrong_cell_values_are_validation_errors_not_unreadable():
    doc = _doc()
    doc["tables"]["requests"]["granted"]["natural_person"] = "6"
    doc["tables"]["active"]["licensing"]["decisions"] = None
    del doc["tables"]["review"]["reconsideration"]["pending"]
    del doc["agency"]["phone"]
    doc["text"].pop("problems")
    report = reportfile.loads(_bytes(doc))
    issues = validate(report)
    cells = {c for i in issues if i.rule == "CELL.INVALID" for c in i.cells}
    assert cells == {"requests/granted/natural_person", "active/licensing/decisions",
                     "review/reconsideration/pending"}
    assert {i.rule for i in issues} >= {"AGENCY.REQUIRED", "TEXT.REQUIRED", "CELL.INVALID"}


def test_derived_cells_may_be_absent():
    doc = _doc()
    for rows in doc["tables"]["requests"].values():
        rows.pop("total", None)
    doc["tables"]["requests"].pop("total_processed")
    report = reportfile.loads(_bytes(doc))
    assert report.value("requests/total_processed/total") == 14
    assert validate(report) == []


def test_declared_totals_are_checked_not_trusted():
    doc = _doc()
    doc["tables"]["requests"]["total_processed"]["natural_person"] = 99
    report = reportfile.loads(_bytes(doc))
    assert report.value("requests/total_processed/natural_person") == 12
    rules = [i.rule for i in validate(report)]
    assert rules == ["T3.RESULT_TOTAL"]


@pytest.mark.parametrize(("place", "value", "rule"), [
    (("agency", "postcode"), 345100, "AGENCY.FORMAT"),
    (("agency", "name"), ["青禾县"], "AGENCY.FORMAT"),
    (("date",), 20260121, "DATE.INVALID"),
    (("text", "problems"), 42, "TEXT.REQUIRED"),
])
def test_non_text_values_in_text_fields_are_validation_errors(place, value, rule):
    doc = _doc()
    target = doc
    for key in place[:-1]:
        target = target[key]
    target[place[-1]] = value
    report = reportfile.loads(_bytes(doc))  # readable: interfaces.md does not list this
    issues = [i for i in validate(report) if i.rule == rule]
    assert issues and issues[0].severity == "error"
    assert "/".join(place) in issues[0].cells


def test_format_as_a_number_and_huge_integers():
    doc = _doc()
    doc["format"] = 2021
    assert reportfile.loads(_bytes(doc)).year == 2025
    doc["format"] = 2019
    with pytest.raises(ReportFileError, match="2019年试行格式"):
        reportfile.loads(_bytes(doc))
    data = _bytes(_doc()).replace(b'"natural_person": 12', b'"natural_person": ' + b"9" * 5000, 1)
    with pytest.raises(ReportFileError, match="超过 15 位的整数"):  # interfaces.md "Limits"
        reportfile.loads(data)


def test_lone_surrogate_survives_writing(sample_2025):
    sample_2025.texts["problems"] += "\ud800"
    again = reportfile.loads(reportfile.dumps(sample_2025))
    assert again.texts["problems"].endswith("\ud800")


def test_agency_kind_is_optional_and_sets_the_deadline():
    from core.validation import validate
    from tests.support import sample_document

    doc = sample_document()
    doc["date"] = "2026-03-01"  # after 31 January, before 31 March
    report = reportfile.parse_document(doc)
    assert report.agency_kind.key == "department" and "kind" not in report.to_document()["agency"]
    assert [i.rule for i in validate(report)] == ["DATE.DEADLINE"]
    doc["agency"]["kind"] = "government"
    report = reportfile.parse_document(doc)
    assert validate(report) == []
    assert reportfile.loads(reportfile.dumps(report)).agency["kind"] == "government"
    for wrong in ("county", 3):
        doc["agency"]["kind"] = wrong
        issues = validate(reportfile.parse_document(doc))
        assert [i.rule for i in issues] == ["AGENCY.FORMAT", "DATE.DEADLINE"]
        assert "department" in issues[0].message and issues[0].cells == ("agency/kind",)


def test_load_any_reads_json_and_our_excel_and_explains_the_rest(tmp_path, sample_2025):
    from core.export_xlsx import render_xlsx

    as_json = tmp_path / "r.json"
    as_json.write_bytes(reportfile.dumps(sample_2025))
    as_xlsx = tmp_path / "r.xlsx"
    as_xlsx.write_bytes(render_xlsx(sample_2025))
    renamed = tmp_path / "r.bin"  # our workbook under another name: recognised by content
    renamed.write_bytes(as_xlsx.read_bytes())
    for path in (as_json, as_xlsx, renamed):
        assert reportfile.load_any(path).texts == sample_2025.texts
    other = tmp_path / "r.pdf"
    other.write_bytes(b"%PDF-1.7 ...")
    with pytest.raises(ReportFileError, match="不是年报助手能读取的报告文件"):
        reportfile.load_any(other)
    foreign = tmp_path / "other.xlsx"
    foreign.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(ReportFileError, match="Excel"):
        reportfile.load_any(foreign)
