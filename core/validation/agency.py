"""Rules on the agency's details and the 落款日期."""

from __future__ import annotations

import datetime as dt
import re

from core import format2021 as fmt
from core.model import Report
from core.validation.issue import ERROR, WARNING, Issue

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def agency_rules(report: Report) -> list[Issue]:
    issues = []
    for f in fmt.AGENCY_FIELDS:
        value = report.agency.get(f.key, "")
        if f.required and not value.strip():
            issues.append(Issue("AGENCY.REQUIRED", ERROR,
                                f"机关信息“{f.label}”未填写；报告开头的联系方式需要它。",
                                (f"agency/{f.key}",)))
    a = {k: report.agency.get(k, "").strip() for k in fmt.AGENCY_FIELD_BY_KEY}

    def bad(key: str, why: str) -> None:
        label = fmt.AGENCY_FIELD_BY_KEY[key].label
        issues.append(Issue("AGENCY.FORMAT", ERROR, f"机关信息“{label}”{why}", (f"agency/{key}",)))

    for f in fmt.AGENCY_FIELDS:
        kind = report.wrong_types.get(f"agency/{f.key}")
        if kind:
            bad(f.key, f"在文件中写成了{kind}，应写成文字（加引号），如 \"{a[f.key] or '…'}\"。")

    # [0-9], not \d: full-width or other digits would print but are not a postcode
    if a["postcode"] and not re.fullmatch(r"[0-9]{6}", a["postcode"]):
        bad("postcode", f"“{a['postcode']}”不是6位数字。")
    if a["email"] and not _EMAIL.match(a["email"]):
        bad("email", f"“{a['email']}”不是有效的电子邮箱地址。")
    if a["phone"] and not re.search(r"[0-9０-９]", a["phone"]):
        bad("phone", f"“{a['phone']}”中没有电话号码。")
    if a["website_url"] and not re.match(r"^https?://\S+$", a["website_url"], re.IGNORECASE):
        bad("website_url", f"“{a['website_url']}”应以 http:// 或 https:// 开头。")
    return issues


def parse_iso_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()) if re.fullmatch(
            r"\d{4}-\d{2}-\d{2}", text.strip()) else None
    except ValueError:
        return None


def date_rules(report: Report) -> list[Issue]:
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
    deadline = dt.date(report.year + 1, 1, 31)
    if date > deadline:
        return [Issue("DATE.DEADLINE", WARNING,
                      f"落款日期 {date:%Y}年{date.month}月{date.day}日 晚于法定期限"
                      f"（{report.year + 1}年1月31日前公布，《条例》第四十九条）。", ("date",))]
    if date < dt.date(report.year, 12, 31):
        return [Issue("DATE.EARLY", WARNING,
                      f"落款日期 {date:%Y}年{date.month}月{date.day}日 早于{report.year}年12月31日，"
                      f"统计年度尚未结束。", ("date",))]
    return []
