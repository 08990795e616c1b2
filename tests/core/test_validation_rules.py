"""Every rule id of report-format.md fires on a report with exactly that defect, and only it."""

from __future__ import annotations

import pytest

from core.formats import f2021 as fmt
from core.validation import validate


def _rules(report, previous):
    return sorted({i.rule for i in validate(report, previous)})


def test_samples_are_clean(sample_2024, sample_2025):
    from core import reportfile
    from tests.support import SAMPLES

    as_filed = reportfile.load(SAMPLES / "sample-2025.json")
    assert as_filed.declared, "the sample files carry their derived totals"
    assert validate(as_filed) == []
    assert validate(sample_2024) == []
    assert validate(sample_2025, sample_2024) == []


def _set(key, value):
    def mutate(r):
        r.cells[key] = value
    return mutate


def _shift(*pairs):
    """Move one application from one result row to another (keeps every identity)."""
    def mutate(r):
        for key, delta in pairs:
            r.cells[key] += delta
    return mutate


def _text(section, value):
    def mutate(r):
        r.texts[section] = value
    return mutate


def _append(section, value):
    def mutate(r):
        r.texts[section] += value
    return mutate


def _agency(key, value):
    def mutate(r):
        r.agency[key] = value
    return mutate


def _declare(key, value):
    def mutate(r):
        r.declared[key] = value
    return mutate


def _date(value):
    def mutate(r):
        r.date = value
    return mutate


PLANTED = [
    ("CELL.INVALID", _set("requests/granted/commercial", "/")),
    ("CELL.INVALID", _set("active/licensing/decisions", None)),
    ("CELL.INVALID", _set("active/penalty/decisions", True)),
    ("CELL.INVALID", _set("review/reconsideration/other", -1)),
    ("CELL.INVALID", _set("active/fees/amount", "1.2345678")),  # 万元 to the fen: 6 places
    ("CELL.INVALID", _set("active/regulations/issued", 1.5)),
    # new_received up by one in one column breaks only the balance of that column and 总计
    # the column sums break, the printed totals (quoted in the text) stay as they were
    ("T3.BALANCE", _shift(("requests/new_received/research", 1),
                          ("requests/new_received/natural_person", -1))),
    ("T3.ROW_TOTAL", _declare("requests/new_received/total", 15)),
    ("T3.RESULT_TOTAL", _declare("requests/total_processed/natural_person", 11)),
    ("T4.TOTAL", _declare("review/reconsideration/total", 2)),
    ("T3.CARRY_OVER", "last year carried 2 forward"),
    ("T2.IN_FORCE_DRIFT", "last year had 9 in force"),
    ("T2.FEE_UNIT", _set("active/fees/amount", 251000)),
    ("AGENCY.REQUIRED", _agency("email", "  ")),
    ("AGENCY.FORMAT", _agency("postcode", "34510")),
    ("AGENCY.FORMAT", _agency("website_url", "www qinghe gov cn")),
    ("AGENCY.FORMAT", _agency("email", "qhxyjj.qinghe.gov.cn")),
    ("AGENCY.FORMAT", _agency("phone", "见门户网站")),
    ("TEXT.REQUIRED", _text("problems", " \n ")),
    ("TEXT.PLACEHOLDER", _append("other", "联系人：XX科")),
    ("TEXT.PLACEHOLDER", _agency("address", "青禾县【地址】")),
    ("TEXT.PLACEHOLDER", _append("overview", "详见（）。")),
    ("TEXT.PLACEHOLDER", _agency("office", "某某科")),
    ("TEXT.CHARS", _append("overview", "\x01")),
    ("TEXT.YEAR", _append("overview", "\n2024年，我局持续推进政务公开。")),
    ("TEXT.COPY", None),  # built below from last year's texts
    ("TEXT.NUMBER_MISMATCH", _append("overview", "全年共收到政府信息公开申请16件。")),
    ("TEXT.PROBLEMS_EMPTY", _text("problems", "无。")),
    ("TEXT.PROBLEMS_EMPTY", _text("problems", "工作中还存在一些不足，将继续改进。")),
    ("TEXT.HEADINGS_ONLY", _text("overview", "（一）主动公开\n（二）依申请公开\n（三）政府信息管理")),
    ("TEXT.ALL_CLOSED", _append("overview", "全年收到的政府信息公开申请均已按期办结。")),
    ("TEXT.FEE_COHERENCE", _text("other", "依据《政府信息公开信息处理费管理办法》，本机关2025年"
                                          "共收取信息处理费2件，金额300元。")),
    ("T.YEAR_JUMP", _set("active/licensing/decisions", 2140)),
    ("TEXT.FEE_MISSING", _text("other", "办理人大代表建议4件、政协提案1件，办理结果均已公开。")),
    ("DATE.DEADLINE", _date("2026-02-01")),
    ("DATE.EARLY", _date("2025-12-30")),
    ("DATE.INVALID", _date("2026年1月21日")),
]


@pytest.mark.parametrize(("rule", "mutate"), PLANTED, ids=[f"{r}-{i}" for i, (r, _) in
                                                          enumerate(PLANTED)])
def test_one_defect_one_rule(rule, mutate, sample_2024, sample_2025):
    report = sample_2025
    if mutate is None:  # TEXT.COPY: this year's problems section is last year's, years bumped
        report.texts["problems"] = sample_2024.texts["problems"].replace("2024", "2025")
    elif mutate == "last year carried 2 forward":
        sample_2024.cells["requests/carried_forward/natural_person"] = 2
    elif mutate == "last year had 9 in force":
        sample_2024.cells["active/normative_documents/in_force"] = 9
    else:
        mutate(report)
    assert _rules(report, sample_2024) == [rule]


def test_repealed_exceeds_is_an_error(sample_2024, sample_2025):
    sample_2025.cells["active/normative_documents/repealed"] = 14
    sample_2025.cells["active/normative_documents/in_force"] = 0  # 10 + 3 - 14 < 0
    issues = validate(sample_2025, sample_2024)
    rules = {i.rule: i for i in issues}
    # the text still quotes 3 / 1 / 12, so TEXT.NUMBER_MISMATCH rightly joins in
    assert set(rules) == {"T2.REPEALED_EXCEEDS", "T2.IN_FORCE_DRIFT", "TEXT.NUMBER_MISMATCH"}
    assert rules["T2.REPEALED_EXCEEDS"].severity == "error"
    assert "13" in rules["T2.REPEALED_EXCEEDS"].message


def test_cross_year_rules_silent_without_previous(sample_2025):
    sample_2025.cells["requests/carried_over/natural_person"] = 5
    rules = _rules(sample_2025, None)
    assert "T3.CARRY_OVER" not in rules


def test_balance_message_names_cells_and_figures(sample_2025):
    sample_2025.cells["requests/carried_forward/natural_person"] = 2
    issue = next(i for i in validate(sample_2025) if i.rule == "T3.BALANCE")
    assert issue.severity == "error"
    assert issue.message.startswith("表三自然人列：新收 12 + 上年结转 1 = 13")
    assert "相差 1" in issue.message
    assert issue.cells == ("requests/new_received/natural_person",
                           "requests/carried_over/natural_person",
                           "requests/total_processed/natural_person",
                           "requests/carried_forward/natural_person")


def test_invalid_cell_message_names_the_cell(sample_2025):
    sample_2025.cells["requests/withheld.state_secret/research"] = "无"
    issue = next(i for i in validate(sample_2025) if i.rule == "CELL.INVALID")
    assert "（三）不予公开1.属于国家秘密" in issue.message
    assert "科研机构" in issue.message and "应填 0" in issue.message
    assert issue.cells == ("requests/withheld.state_secret/research",)


def test_missing_cell_is_invalid(sample_2025):
    del sample_2025.cells["review/litigation_after/pending"]
    issues = validate(sample_2025)
    assert [i.rule for i in issues] == ["CELL.INVALID"]
    assert "缺少" in issues[0].message


def test_derived_cells_are_computed_not_entered():
    assert "requests/total_processed/natural_person" not in fmt.FORMAT.entered_keys
    assert "requests/new_received/total" not in fmt.FORMAT.entered_keys
    assert len(fmt.T3_RESULT_ROWS) == 21
    assert len(fmt.TABLE_REQUESTS.rows) == 25


def test_correct_declared_totals_do_not_fire(sample_2025):
    values = sample_2025.parsed()
    for key in ("requests/new_received/total", "requests/total_processed/total",
                "review/litigation_direct/total"):
        sample_2025.declared[key] = values[key]
    assert validate(sample_2025) == []


def test_money_accepts_up_to_six_decimals(sample_2025):
    for ok in ("0", "0.0000", "1.2500", 3.1415, "12.30000", "0.000123", "7.123400"):
        sample_2025.cells["active/fees/amount"] = ok
        assert validate(sample_2025) == [], ok


def test_every_cell_and_field_has_help_text():
    for key in fmt.FORMAT.cell_keys:
        assert fmt.FORMAT.cell_help(key).strip(), key
    for field in fmt.AGENCY_FIELDS:
        if field.key not in ("address", "email"):
            assert field.help, field.key
    for section in fmt.SECTIONS:
        assert section.help, section.key


@pytest.mark.parametrize(("declared", "words"), [("14", "文字“14”（应为数字）"),
                                                 (None, "空值（null）"), (13, "填的是 13")])
def test_wrong_declared_total_message(declared, words, sample_2025):
    sample_2025.declared["requests/new_received/total"] = declared
    issue = next(i for i in validate(sample_2025) if i.rule == "T3.ROW_TOTAL")
    assert words in issue.message and "六类申请人之和为 14" in issue.message
