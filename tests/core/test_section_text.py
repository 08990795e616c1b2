"""Writing the 信息处理费 statement and the customary sub-headings."""

from __future__ import annotations

from decimal import Decimal

from core.section_text import (
    fee_sentence,
    insert_missing_headings,
    missing_headings,
    parse_fee_sentence,
    with_fee_sentence,
)
from core.validation.registry import Context
from core.validation.text import fee_rules


def test_fee_sentence_none_and_some():
    assert fee_sentence(2025, 0, Decimal(0)) == \
        "依据《政府信息公开信息处理费管理办法》，本机关2025年未收取信息处理费。"
    assert fee_sentence(2025, 2, Decimal("150.50")) == \
        "依据《政府信息公开信息处理费管理办法》，本机关2025年共收取信息处理费2件，金额150.5元。"


def test_fee_sentence_replaces_its_own_opening_and_keeps_the_rest():
    text = "办理人大代表建议4件。"
    once = with_fee_sentence(text, fee_sentence(2025, 0, Decimal(0)))
    assert once.endswith("\n办理人大代表建议4件。")
    twice = with_fee_sentence(once, fee_sentence(2025, 1, Decimal(20)))
    assert twice.count("依据《") == 1 and twice.endswith("办理人大代表建议4件。")
    assert parse_fee_sentence(twice) == (1, Decimal(20))
    assert parse_fee_sentence(once) == (0, Decimal(0))
    assert parse_fee_sentence(text) is None


def test_written_statement_satisfies_the_rule(sample_2025):
    sample_2025.texts["other"] = with_fee_sentence("办理提案1件。", fee_sentence(2025, 0, Decimal(0)))
    assert fee_rules(Context(sample_2025)) == []


def test_missing_headings_inserted_in_order_without_touching_text():
    text = "总述一段。\n（二）依申请公开\n收到申请14件。\n（五）监督保障\n培训2次。"
    assert missing_headings(text) == ["（一）主动公开", "（三）政府信息管理", "（四）政府信息公开平台建设"]
    result = insert_missing_headings(text)
    lines = result.split("\n")
    assert lines == ["总述一段。", "（一）主动公开", "（二）依申请公开", "收到申请14件。",
                     "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障", "培训2次。"]
    assert missing_headings(result) == []
