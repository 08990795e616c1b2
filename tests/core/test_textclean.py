from __future__ import annotations

import pytest

from core.textclean import NumberInputError, chinese_numeral, clean_text, normalize_number_input


@pytest.mark.parametrize(("typed", "stored"), [
    ("12", 12), ("１２", 12), (" 1,234 ", 1234), ("１，２３４", 1234), ("0", 0), ("7.0", 7),
    ("00012", 12),
])
def test_counts(typed, stored):
    assert normalize_number_input(typed) == stored


@pytest.mark.parametrize(("typed", "stored"), [
    ("0", "0"), ("1.2500", "1.25"), ("０．５", "0.5"), ("12,345.6789", "12345.6789"),
])
def test_money(typed, stored):
    assert normalize_number_input(typed, money=True) == stored


@pytest.mark.parametrize(("typed", "reason"), [
    ("", "不能为空"), ("/", "应填 0"), ("无", "应填 0"), ("-3", "负数"), ("1.5", "整数"),
    ("abc", "不是数字"), ("=1+1", "公式"), ("12,34", "千位分隔符"), ("1" * 12, "过大"),
])
def test_count_refusals_say_why(typed, reason):
    with pytest.raises(NumberInputError) as err:
        normalize_number_input(typed)
    assert reason in str(err.value)


def test_money_precision():
    with pytest.raises(NumberInputError) as err:
        normalize_number_input("1.2345678", money=True)  # 万元 to the fen: 6 places
    assert "6位小数" in str(err.value)


@pytest.mark.parametrize(("text", "value"), [
    ("十五", 15), ("十", 10), ("一百零三", 103), ("二十", 20), ("两千三百", 2300), ("二〇二五", 2025),
    ("三万五千", 35000), ("件", None),
])
def test_chinese_numerals(text, value):
    assert chinese_numeral(text) == value


def test_clean_text_removes_controls_and_surrogates():
    assert clean_text("a\x01b\r\nc\ud800d\te") == "ab\ncd\te"


@pytest.mark.parametrize(("typed", "money", "stored"), [
    ("12件", False, 12), ("１２ 件", False, 12), ("3个", False, 3), ("0.5万元", True, "0.5"),
])
def test_the_unit_typed_out_of_habit_is_accepted(typed, money, stored):
    assert normalize_number_input(typed, money=money) == stored


def test_refusal_says_what_to_type():
    with pytest.raises(NumberInputError) as err:
        normalize_number_input("十二")
    assert "阿拉伯数字，如 12" in str(err.value)


def test_money_input_follows_the_formats_decimals_and_refuses_huge_amounts():
    import pytest

    from core.textclean import NumberInputError, normalize_number_input

    assert normalize_number_input("0.123456", money=True) == "0.123456"
    assert normalize_number_input("1.23400", money=True, decimals=6) == "1.234"
    with pytest.raises(NumberInputError, match="6位小数"):
        normalize_number_input("0.1234567", money=True)
    with pytest.raises(NumberInputError, match="过大"):
        normalize_number_input("1" + "0" * 22, money=True)
