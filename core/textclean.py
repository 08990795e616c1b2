"""Text hygiene shared by validation, the exporters and the GUI's number entry."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from functools import lru_cache

_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
# Control characters other than \t and \n, and lone surrogates, cannot be printed or stored
# (openpyxl raises on them; a lone surrogate makes the file unreadable).
_BAD = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


@lru_cache(maxsize=64)
def to_halfwidth_digits(text: str) -> str:
    """１２ → 12 (cached: the rules read the same texts at every keystroke in the grids)."""
    return text.translate(_FULLWIDTH_DIGITS)


def bad_chars(text: str) -> set[str]:
    return set(_BAD.findall(text))


def clean_text(text: str) -> str:
    """Remove characters that cannot be printed or stored; \r\n becomes \n."""
    return _BAD.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


class NumberInputError(ValueError):
    """The user typed something that is not a number; the message says why (Chinese)."""


MAX_DIGITS = 15  # interfaces.md "Limits": an integer cell of 15 digits


def normalize_number_input(text: str, money: bool = False, decimals: int = 6) -> int | str:
    """What the clerk typed into a table cell → the stored value.

    Accepts full-width digits and separators, thousands separators (1,234 / 1，234), spaces.
    Counts become int; money (万元) becomes a canonical decimal string with at most `decimals`
    decimals (the format's: 6, 万元 to the fen). Anything else raises NumberInputError with
    the reason.
    """
    raw = unicodedata.normalize("NFKC", text).strip()
    raw = raw.replace("，", ",").replace("。", ".").replace(" ", "")
    # the unit typed out of habit ("12件", "0.5万元") is what the column says anyway
    raw = re.sub(r"(?<=\d)(件|个|万元)$" if money else r"(?<=\d)(件|个)$", "", raw)
    if not raw:
        raise NumberInputError("不能为空；没有数据请填 0。")
    if raw in ("/", "无", "-", "—", "--"):
        raise NumberInputError(f"“{text.strip()}”不是数字；按格式要求，没有数据应填 0。")
    if raw.startswith("-"):
        raise NumberInputError("不能为负数。")
    if raw.startswith("="):
        raise NumberInputError("这里只能填数字，不能填公式。")
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", raw):
        raw = raw.replace(",", "")
    if "," in raw:
        raise NumberInputError(f"“{text.strip()}”的千位分隔符位置不对。")
    if money:
        if not re.fullmatch(r"\d+(\.\d+)?", raw):
            raise NumberInputError(f"“{text.strip()}”不是有效金额；请只填数字，单位是万元，如 0 或 1.25。")
        whole, _, frac = raw.partition(".")
        frac = frac.rstrip("0")
        if len(frac) > decimals:
            raise NumberInputError(f"金额单位是万元，最多保留{decimals}位小数。")
        whole = whole.lstrip("0") or "0"
        if len(whole) > 9:
            raise NumberInputError("金额过大（单位是万元），请检查。")
        return f"{whole}.{frac}" if frac else whole
    if re.fullmatch(r"\d+\.0*", raw):
        raw = raw.split(".")[0]
    if not raw.isdigit():
        if re.fullmatch(r"\d+\.\d+", raw):
            raise NumberInputError("件数必须是整数。")
        raise NumberInputError(f"“{text.strip()}”不是数字；请只填阿拉伯数字，如 12（没有就填 0）。")
    if len(raw) > 9:
        raise NumberInputError("数字过大，请检查。")
    return int(raw)


_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000}
CN_NUMERAL = "[零〇一二两三四五六七八九十百千万]+"


def chinese_numeral(text: str) -> int | None:
    """一百二十三 → 123, 十二 → 12, 二〇二五 → 2025; None if not a numeral."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    if not any(ch in _CN_UNITS for ch in text):
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    total, section, digit = 0, 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch == "万":
            total += (section + digit) * 10000
            section, digit = 0, 0
        else:
            section += (digit or 1) * _CN_UNITS[ch]
            digit = 0
    return total + section + digit


_TYPED_DATE = re.compile(r"^(\d{4})\s*[-/.年\s]\s*(\d{1,2})\s*[-/.月\s]\s*(\d{1,2})\s*日?$")


def parse_typed_date(text: str) -> dt.date | None:
    """A date as a clerk types it: 2026-01-20, 2026/1/20, 2026.1.20, 2026 1 20, 20260120,
    2026年1月20日, full-width digits too. None when it is not one (or not a real day)."""
    raw = unicodedata.normalize("NFKC", text).strip()
    if re.fullmatch(r"\d{8}", raw):
        raw = f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
    m = _TYPED_DATE.match(raw)
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
