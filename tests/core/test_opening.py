"""The generated title, opening paragraph and 落款 text."""

from __future__ import annotations

import pytest

from core.opening import chinese_date, heading_level, opening_paragraph


def test_opening_paragraph_has_everything_a_reader_needs(sample_2025):
    text = opening_paragraph(sample_2025)
    for piece in ("《中华人民共和国政府信息公开条例》", "国办公开办函〔2021〕30号", "由青禾县应急管理局编制",
                  "总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
                  "政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六部分",
                  "统计期限为2025年1月1日至2025年12月31日",
                  "青禾县人民政府门户网站（https://www.qinghe.gov.cn）",
                  "青禾县应急管理局办公室联系", "地址：青禾县城关镇人民路88号", "邮编：345100",
                  "电话：0596-6123456", "电子邮箱：qhxyjj@qinghe.gov.cn"):
        assert piece in text, piece
    assert "（）" not in text


def test_missing_contacts_never_print_empty_brackets(sample_2025):
    for key in ("address", "postcode", "phone", "email", "website_url", "office"):
        sample_2025.agency[key] = ""
    text = opening_paragraph(sample_2025)
    assert "（）" not in text and "：；" not in text
    assert text.endswith("请与青禾县应急管理局联系。")


@pytest.mark.parametrize(("iso", "printed"), [("2026-01-05", "2026年1月5日"),
                                              ("2026-12-31", "2026年12月31日"),
                                              ("bad", "bad")])
def test_chinese_date(iso, printed):
    assert chinese_date(iso) == printed


@pytest.mark.parametrize(("line", "level"), [
    ("（一）主动公开", 2), ("(二)依申请公开", 2), ("1.网站公开", 3), ("2．利用新媒体", 3),
    ("（一）主动公开。全年公开信息321条，较上年增长。", 0), ("2025年，我局主动公开信息。", 0),
    ("1.5万人次访问了专栏，比上年增加。", 0),
])
def test_heading_level(line, level):
    assert heading_level(line) == level
