"""A ledger cell as a value of the register: dates, yes/no, money, text (Chinese reasons)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

_DATE_FORMS = (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
               re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
               re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"))
_TIME = re.compile(r"\s+\d{1,2}:\d{2}(:\d{2})?$")  # "2025-03-03 00:00:00" from a CSV export
_YES = frozenset({"是", "y", "yes", "true", "1", "延期", "√"})
_NO = frozenset({"否", "n", "no", "false", "0", "不延期", ""})


class BadValue(ValueError):
    """The reason is the message (Chinese)."""


def text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # 编号 1 typed as a number
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raw = text(value)
    if not raw:
        return None
    shown = _TIME.sub("", raw)
    for form in _DATE_FORMS:
        m = form.match(shown)
        if m:
            try:
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            except ValueError:
                raise BadValue(f"日期“{raw}”不存在") from None
    raise BadValue(f"无法识别的日期“{raw}”（应为 YYYY-MM-DD、YYYY/M/D 或 YYYY年M月D日）")


def yes_no(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raw = text(value).lower()
    if raw in _YES:
        return True
    if raw in _NO:
        return False
    raise BadValue(f"延期应填“是”或“否”，不是“{text(value)}”")


def money(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    raw = text(value).replace(",", "").removesuffix("元").strip()
    if not raw:
        return None
    try:
        amount = Decimal(str(value) if isinstance(value, float) else raw)
    except InvalidOperation:
        raise BadValue(f"收费金额“{text(value)}”不是数字") from None
    if not amount.is_finite():
        raise BadValue(f"收费金额“{text(value)}”不是数字")
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise BadValue(f"收费金额“{text(value)}”最多保留两位小数（单位：元）")
    return amount
