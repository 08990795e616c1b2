"""Text rules on realistic prose: they must catch real mistakes and stay silent on good text."""

from __future__ import annotations

import pytest

from core.validation import validate


def _issues(report, rule, previous=None):
    return [i for i in validate(report, previous) if i.rule == rule]


LEGITIMATE_YEAR_MENTIONS = [
    "主动公开信息321条，较2024年增长12.2%。",
    "与上年相比，依申请公开数量有所增加。",
    "2026年，我局将继续推进基层政务公开标准化建设。",
    "2026年将重点做好汛期预警信息发布。",
    "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）未收取费用。",
    "认真贯彻2019年修订的《中华人民共和国政府信息公开条例》。",
    "按照2021年印发的年度报告格式编制本报告。",
    "2019年以来，我局持续推进行政规范性文件清理。",
    "2024年报告提出的执法信息公开滞后问题已整改。",
    "2024年12月收到的1件申请结转至本年办理。",
    "2024年年度报告中指出的问题已全部整改。",
    "2024年政府信息公开工作年度报告提出的问题已整改。",
    "2024年发现的问题已整改到位。",
    "2024年结转的1件申请已于3月办结。",
    "2026年工作打算：继续推进基层政务公开。",
    "2026年重点工作：完善政策解读。",
    "2026年，我局着力提升依申请公开答复质量。",
]


@pytest.mark.parametrize("sentence", LEGITIMATE_YEAR_MENTIONS)
def test_year_references_do_not_fire(sentence, sample_2025):
    sample_2025.texts["overview"] += "\n" + sentence
    assert _issues(sample_2025, "TEXT.YEAR") == []


STALE_YEAR_OPENINGS = [
    "2024年，我局在县委县政府的领导下推进政务公开。",
    "2024年共收到政府信息公开申请13件。",
    "2024年度，我局主动公开信息286条。",
    "（一）主动公开\n2024年，通过门户网站公开信息286条。",
    "工作扎实推进。2023年我局办理人大代表建议3件。",
    "本报告中所列数据的统计期限为2024年1月1日至2024年12月31日。",
    "本报告所列数据统计期限为2024年1月1日至12月31日。",
    "2024年3月，我局开展了政务公开专项检查。",
    "统计期限为2024年1月1日起至2024年12月31日止。",
]


@pytest.mark.parametrize("sentence", STALE_YEAR_OPENINGS)
def test_stale_year_fires(sentence, sample_2025):
    sample_2025.texts["overview"] += "\n" + sentence
    issues = _issues(sample_2025, "TEXT.YEAR")
    assert len(issues) == 1
    assert issues[0].cells == ("text/overview",)
    assert "2024" in issues[0].message or "2023" in issues[0].message


def test_current_period_is_fine(sample_2025):
    sample_2025.texts["overview"] += "\n本报告所列数据统计期限为2025年1月1日至12月31日。"
    assert _issues(sample_2025, "TEXT.YEAR") == []


def test_copy_detected_despite_year_changes_and_spacing(sample_2024, sample_2025):
    sample_2025.texts["overview"] = sample_2024.texts["overview"].replace("2024", "2025") \
        .replace("\n", "\n\n  ")
    issues = _issues(sample_2025, "TEXT.COPY", sample_2024)
    assert [i.cells for i in issues] == [("text/overview",)]
    assert "2024年" in issues[0].message


def test_rewritten_text_is_not_a_copy(sample_2024, sample_2025):
    assert _issues(sample_2025, "TEXT.COPY", sample_2024) == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("全年共收到政府信息公开申请16件。", "14 件"),  # neither 新收 14 nor 新收 + 结转 15
    ("共受理政府信息公开申请16件。", "14 件"),
    ("全年新收政府信息公开申请15件。", "14 件"),  # 新收 is 新收 alone
    ("本年新收依申请公开申请１６件。", "14 件"),  # full-width digits
    ("全年新收政府信息公开申请十五件。", "14 件"),  # Chinese numerals
    ("上年结转2件。", "1 件"),
    ("办结13件。", "14 件"),
    ("结转下年度继续办理3件。", "1 件"),
    ("其中予以公开8件。", "7 件"),
    ("发生政府信息公开行政复议2件。", "1 件"),
    ("被提起行政诉讼3件。", "1 件"),
    ("制发行政规范性文件4件。", "3 件"),
    ("现行有效行政规范性文件11件。", "12 件"),
])
def test_number_mismatch(sentence, expected, sample_2025):
    sample_2025.texts["overview"] += "\n" + sentence
    issues = _issues(sample_2025, "TEXT.NUMBER_MISMATCH")
    assert len(issues) == 1, [i.message for i in issues]
    assert expected in issues[0].message
    assert issues[0].cells[0] == "text/overview"


@pytest.mark.parametrize("sentence", [
    "全年新收政府信息公开申请14件，上年结转1件，办结14件，其中予以公开7件，结转下年度继续办理1件。",
    "部分公开2件。",  # not 予以公开
    "收到行政复议申请1件。",  # a 复议 application is not a disclosure request
    "办理人大代表建议4件、政协提案1件。",
    "收到群众来电咨询56件。",  # not an application
    "受理行政许可申请214件。",
    "共受理安全生产许可申请36件。",
    "办结人大代表建议4件。",
    "办结行政处罚案件37件。",
    "办结行政许可事项214件。",
    "因政府信息公开引起的行政复议、行政诉讼各1件。",  # ambiguous: not bound
    "主动公开信息321条，处理行政许可214件。",
])
def test_number_mismatch_silent_on_consistent_or_unrelated(sentence, sample_2025):
    sample_2025.texts["overview"] += "\n" + sentence
    assert _issues(sample_2025, "TEXT.NUMBER_MISMATCH") == []


@pytest.mark.parametrize("text", ["无", "无。", " 无 ", "暂无问题，将继续努力。"])
def test_problems_too_short(text, sample_2025):
    sample_2025.texts["problems"] = text
    assert len(_issues(sample_2025, "TEXT.PROBLEMS_EMPTY")) == 1


def test_fee_statement_with_spaces_is_found(sample_2025):
    sample_2025.texts["other"] = "本机关本年度未收取信息 处理费。"
    assert _issues(sample_2025, "TEXT.FEE_MISSING") == []


@pytest.mark.parametrize("value", ["xxgk@qinghe.gov.cn", "https://xxgk.qinghe.gov.cn"])
def test_pinyin_xx_is_not_a_placeholder(value, sample_2025):
    key = "email" if "@" in value else "website_url"
    sample_2025.agency[key] = value
    assert _issues(sample_2025, "TEXT.PLACEHOLDER") == []


@pytest.mark.parametrize("text", ["XXX局", "联系电话：××××", "（地址：＊＊）", "【单位名称】",
                                  "联系人：某某", "详见“”", "网址：()"])
def test_placeholders(text, sample_2025):
    sample_2025.texts["other"] += text
    assert len(_issues(sample_2025, "TEXT.PLACEHOLDER")) == 1


def test_issues_carry_the_words_they_are_about(sample_2025):
    sample_2025.texts["overview"] += "\n全年共收到政府信息公开申请１６件。\n2024年，我局推进公开。"
    issues = {i.rule: i for i in validate(sample_2025)}
    assert issues["TEXT.NUMBER_MISMATCH"].quote == "收到政府信息公开申请１６件"  # as typed
    assert issues["TEXT.YEAR"].quote.startswith("2024年")
    assert "quote" not in issues["TEXT.YEAR"].as_dict()  # the JSON contract is unchanged


# -- rules revised on real published reports ---------------------------------------------------------

@pytest.mark.parametrize("sentence", [
    "全年共收到政府信息公开申请15件。",  # 新收 14 + 上年结转 1: real reports write it so
    "全年共收到政府信息公开申请14件。",
    "坚持办结一件申请、解决一个问题。",  # a slogan, not a count
    "其中予以公开及部分公开9件。",  # 7 + 2
    "本年新收政府信息公开申请14起。",
])
def test_real_report_wording_that_must_not_fire(sentence, sample_2025):
    sample_2025.texts["overview"] += "\n" + sentence
    assert _issues(sample_2025, "TEXT.NUMBER_MISMATCH") == []


@pytest.mark.parametrize(("sentence", "expected"), [
    ("其中予以公开及部分公开8件。", "之和为 9 件"),
    ("本年新收政府信息公开申请16宗。", "14 件"),  # 宗 counts like 件
    ("全年共办结申请共一件。", "14 件"),  # 共一件 is a count
])
def test_revised_figures_that_fire(sentence, expected, sample_2025):
    sample_2025.texts["overview"] += "\n" + sentence
    issues = _issues(sample_2025, "TEXT.NUMBER_MISMATCH")
    assert len(issues) == 1 and expected in issues[0].message, [i.message for i in issues]


def test_all_closed_only_when_said_of_applications(sample_2025):
    assert sample_2025.value("requests/carried_forward/total") == 1
    for fine in ("办理县人大代表建议4件、政协提案1件，均已按期办结。",
                 "上年结转的1件政府信息公开申请均已办结。"):
        sample_2025.texts["other"] += "\n" + fine
        assert _issues(sample_2025, "TEXT.ALL_CLOSED") == [], fine
    sample_2025.texts["overview"] += "\n本年度政府信息公开申请办结率达100%。"
    [issue] = _issues(sample_2025, "TEXT.ALL_CLOSED")
    assert "办结率达100%" in issue.message and issue.cells[-1] == "requests/carried_forward/total"
    sample_2025.cells["requests/carried_forward/natural_person"] = 0
    sample_2025.cells["requests/granted/natural_person"] += 1  # still balanced, none left open
    assert _issues(sample_2025, "TEXT.ALL_CLOSED") == []


def test_fee_coherence(sample_2025):
    assert _issues(sample_2025, "TEXT.FEE_COHERENCE") == []  # 未收取…金额0元
    sample_2025.texts["other"] = ("依据《政府信息公开信息处理费管理办法》，本机关2025年共收取信息处理费"
                                  "2件，金额300元。")
    [issue] = _issues(sample_2025, "TEXT.FEE_COHERENCE")
    assert "300元" in issue.message and issue.cells == ("text/other", "active/fees/amount")
    sample_2025.cells["active/fees/amount"] = "0.03"
    assert _issues(sample_2025, "TEXT.FEE_COHERENCE") == []


@pytest.mark.parametrize(("last", "now", "fires"), [
    (198, 214, False), (198, 2140, True), (198, 39, True), (198, 40, False),
    (0, 19, False), (0, 20, True), (10, 40, False), (5, 25, True)])
def test_year_jump(last, now, fires, sample_2024, sample_2025):
    sample_2024.cells["active/licensing/decisions"] = last
    sample_2025.cells["active/licensing/decisions"] = now
    issues = [i for i in validate(sample_2025, sample_2024) if i.rule == "T.YEAR_JUMP"]
    assert bool(issues) == fires, (last, now)
    if fires:
        assert issues[0].cells == ("active/licensing/decisions",)
        assert f"为 {now}" in issues[0].message and f"为 {last}" in issues[0].message


@pytest.mark.parametrize("text", ["无", "无。", "没有", "暂无。", "（一）存在的主要问题\n无\n（二）改进情况\n无"])
def test_a_problems_section_that_says_nothing_is_an_error(text, sample_2025):
    sample_2025.texts["problems"] = text
    [issue] = _issues(sample_2025, "TEXT.PROBLEMS_EMPTY")
    assert issue.severity == "error" and "不能只写“无”" in issue.message


def test_headings_only(sample_2025):
    assert _issues(sample_2025, "TEXT.HEADINGS_ONLY") == []
    sample_2025.texts["overview"] = "（一）主动公开\n（二）依申请公开\n（三）政府信息管理\n" \
                                    "（四）政府信息公开平台建设\n（五）监督保障"
    [issue] = _issues(sample_2025, "TEXT.HEADINGS_ONLY")
    assert issue.cells == ("text/overview",) and "只有小标题" in issue.message


def test_a_short_section_may_be_the_same_as_last_year(sample_2024, sample_2025):
    sample_2024.texts["other"] = sample_2025.texts["other"] = "本年度未收取信息处理费。"
    assert [i for i in validate(sample_2025, sample_2024) if i.rule == "TEXT.COPY"] == []


@pytest.mark.parametrize(("url", "ok"), [
    ("www.qinghe.gov.cn", True), ("https://www.qinghe.gov.cn/xxgk/", True),
    ("http://10.1.2.3:8080/gk", True), ("www qinghe gov cn", False), ("qinghe", False),
    ("http://", False), ("ftp://www.qinghe.gov.cn", False)])
def test_website_address(url, ok, sample_2025):
    sample_2025.agency["website_url"] = url
    issues = [i for i in validate(sample_2025) if i.rule == "AGENCY.FORMAT"]
    assert (issues == []) == ok, [i.message for i in issues]
