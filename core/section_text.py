"""Helpers that write or inspect the narrative sections: the five customary sub-headings of
一、总体情况 and the 信息处理费 statement section 六 must contain (国办函〔2020〕109号)."""

from __future__ import annotations

import re
from decimal import Decimal

from core.formats import DEFAULT_FORMAT

# the customary sub-headings of 一、总体情况
HEADINGS = tuple(h.label for h in DEFAULT_FORMAT.section_by_key["overview"].subheadings)


def heading_line(lines: list[str], heading: str) -> int | None:
    """Index of the line that opens with `heading` (e.g. “（一）主动公开”), or None."""
    for index, line in enumerate(lines):
        if line.strip().startswith(heading):
            return index
    return None


def missing_headings(text: str) -> list[str]:
    lines = text.split("\n")
    return [h for h in HEADINGS if heading_line(lines, h) is None]


def insert_missing_headings(text: str) -> str:
    """Each missing sub-heading on a line of its own, before the next present one (else at
    the end), so that they stay in the customary order; existing text is not touched."""
    lines = text.split("\n") if text else []
    for index, heading in enumerate(HEADINGS):
        if heading_line(lines, heading) is not None:
            continue
        position = len(lines)
        for later in HEADINGS[index + 1:]:
            found = heading_line(lines, later)
            if found is not None:
                position = found
                break
        if position == len(lines) and lines and not lines[-1].strip():
            position -= 1  # keep a trailing empty line last
        lines.insert(position, heading)
    return "\n".join(lines)


FEE_BASIS = "依据《政府信息公开信息处理费管理办法》"
_CHARGED = re.compile(r"共收取信息处理费\s*(\d+)\s*件[，,、]\s*金额\s*([\d.]+)\s*元")


def fee_sentence(year: int, cases: int, amount_yuan: Decimal) -> str:
    """The statement section 六 must contain (国办函〔2020〕109号)."""
    if cases == 0 and amount_yuan == 0:
        return f"{FEE_BASIS}，本机关{year}年未收取信息处理费。"
    amount = format(amount_yuan.quantize(Decimal("0.01")), "f").rstrip("0").rstrip(".")
    return f"{FEE_BASIS}，本机关{year}年共收取信息处理费{cases}件，金额{amount}元。"


def with_fee_sentence(text: str, sentence: str) -> str:
    """`text` with `sentence` as its opening: an existing opening statement (the first sentence,
    if it starts with the legal basis) is replaced; otherwise the sentence becomes line one."""
    stripped = text.lstrip()
    if stripped.startswith(FEE_BASIS):
        first_line, newline, rest = stripped.partition("\n")
        end = first_line.find("。")
        tail = first_line[end + 1:] if end >= 0 else ""
        return sentence + tail + newline + rest
    return sentence + ("\n" + text if text.strip() else "")


def parse_fee_sentence(text: str) -> tuple[int, Decimal] | None:
    """(cases, amount in 元) stated in the opening sentence, if it is ours."""
    first_line = text.lstrip().partition("\n")[0]
    if not first_line.startswith(FEE_BASIS):
        return None
    match = _CHARGED.search(first_line.partition("。")[0])
    if match:
        try:
            return int(match.group(1)), Decimal(match.group(2))
        except ArithmeticError:
            return None
    if "未收取信息处理费" in first_line:
        return 0, Decimal(0)
    return None
