"""Rules on the agency's details and the 落款日期."""

from __future__ import annotations

import datetime as dt
import re

from core.opening import parse_iso_date
from core.validation.issue import ERROR, WARNING, Issue
from core.validation.registry import Context, rule

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def _postcode(value: str) -> str | None:
    # [0-9], not \d: full-width or other digits would print but are not a postcode
    return None if re.fullmatch(r"[0-9]{6}", value) else "不是6位数字。"


def _email(value: str) -> str | None:
    return None if _EMAIL.match(value) else "不是有效的电子邮箱地址。"


def _phone(value: str) -> str | None:
    return None if re.search(r"[0-9０-９]", value) else "中没有电话号码。"


# http:// or https:// and a host, or a bare host (www.example.gov.cn, printed as typed);
# optionally a port and a path. The host has a dot between non-empty parts and no spaces.
_URL = re.compile(r"^(?:https?://)?(?P<host>[^\s/:?#]+)(?::\d{1,5})?(?:[/?#]\S*)?$",
                  re.IGNORECASE)


def _url(value: str) -> str | None:
    m = _URL.match(value)
    host = m.group("host") if m else ""
    if m and "." in host and all(host.split(".")) and "://" not in host:
        return None
    if re.match(r"^[a-z]+://", value, re.IGNORECASE) and not re.match(r"^https?://", value,
                                                                         re.IGNORECASE):
        return "应以 http:// 或 https:// 开头，或直接写网站域名（如 www.example.gov.cn）。"
    return "不是网址：应为网站域名（如 www.example.gov.cn），可带 http:// 或 https://，不能有空格。"


# AgencyField.check → what is wrong with a value (None: nothing)
_FORMAT_CHECKS = {"postcode": _postcode, "email": _email, "phone": _phone, "url": _url}


@rule
def agency_rules(ctx: Context) -> list[Issue]:
    report, fmt = ctx.report, ctx.format
    issues = []
    for f in fmt.agency_fields:
        value = report.agency.get(f.key, "")
        if f.required and not value.strip():
            issues.append(Issue("AGENCY.REQUIRED", ERROR,
                                f"机关信息“{f.label}”未填写；报告开头的联系方式需要它。",
                                (f"agency/{f.key}",)))
    a = {k: report.agency.get(k, "").strip() for k in fmt.agency_field_by_key}

    def bad(key: str, why: str) -> None:
        label = fmt.agency_field_by_key[key].label if key != "kind" else "报告类别"
        issues.append(Issue("AGENCY.FORMAT", ERROR, f"机关信息“{label}”{why}", (f"agency/{key}",)))

    for f in fmt.agency_fields:
        kind = report.wrong_types.get(f"agency/{f.key}")
        if kind:
            bad(f.key, f"在文件中写成了{kind}，应写成文字（加引号），如 \"{a[f.key] or '…'}\"。")
    kind_value = report.agency.get("kind")
    if "agency/kind" in report.wrong_types or (
            kind_value is not None and kind_value not in fmt.kind_by_key):
        choices = "、".join(f"“{k.key}”（{k.label}）" for k in fmt.agency_kinds)
        bad("kind", f"“{kind_value}”无法识别，应为 {choices}。")

    for f in fmt.agency_fields:
        value = a[f.key]
        why = _FORMAT_CHECKS[f.check](value) if f.check and value else None
        if why:
            bad(f.key, f"“{value}”{why}")
    return issues


@rule
def date_rules(ctx: Context) -> list[Issue]:
    report = ctx.report
    if "date" in report.wrong_types:
        return [Issue("DATE.INVALID", ERROR,
                      f"落款日期在文件中写成了{report.wrong_types['date']}，应为“YYYY-MM-DD”形式的文字，"
                      f"如 \"{report.year + 1}-01-20\"。", ("date",))]
    if not report.date.strip():
        return [Issue("DATE.INVALID", ERROR, "落款日期未填写。", ("date",))]
    date = parse_iso_date(report.date)
    if date is None:
        return [Issue("DATE.INVALID", ERROR,
                      f"落款日期“{report.date}”不是有效日期（应为 YYYY-MM-DD，如 {report.year + 1}-01-20）。",
                      ("date",))]
    kind = report.agency_kind
    deadline = kind.deadline_for(report.year)
    if date > deadline:
        return [Issue("DATE.DEADLINE", WARNING,
                      f"落款日期 {date:%Y}年{date.month}月{date.day}日 晚于法定期限"
                      f"（{deadline.year}年{deadline.month}月{deadline.day}日前公布，"
                      f"{kind.basis}）。", ("date",))]
    if date < dt.date(report.year, 12, 31):
        return [Issue("DATE.EARLY", WARNING,
                      f"落款日期 {date:%Y}年{date.month}月{date.day}日 早于{report.year}年12月31日，"
                      f"统计年度尚未结束。", ("date",))]
    return []
