"""The title, the opening paragraph and the 落款 generated from the agency's details — the
convention seen in nearly every published report (report-format.md, "Title and opening")."""

from __future__ import annotations

import re

from core import format2021 as fmt
from core.model import Report
from core.validation.agency import parse_iso_date


def _part_name(heading: str) -> str:
    return re.sub(r"^[一二三四五六七八九十]+、", "", heading)


def opening_paragraph(report: Report) -> str:
    a = {k: report.agency.get(k, "").strip() for k in fmt.AGENCY_FIELD_BY_KEY}
    y = report.year
    parts = "、".join(_part_name(s.heading) for s in fmt.SECTIONS)
    text = (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
        f"《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）要求，"
        f"由{a['name']}编制。本报告由{parts}等六部分组成。"
        f"本报告中所列数据的统计期限为{y}年1月1日至{y}年12月31日。"
    )
    if a["website_name"] or a["website_url"]:
        where = a["website_name"] + (f"（{a['website_url']}）" if a["website_url"] else "")
        text += f"本报告电子版可在{where}查阅或下载。"
    contacts = [f"{label}：{a[key]}" for key, label in (
        ("address", "地址"), ("postcode", "邮编"), ("phone", "电话"), ("email", "电子邮箱"))
        if a[key]]
    who = a["name"] + a["office"]
    text += f"如对本报告有任何疑问，请与{who}联系"
    text += f"（{'；'.join(contacts)}）。" if contacts else "。"
    return text


def chinese_date(iso: str) -> str:
    """2026-01-21 → 2026年1月21日 (GB/T 9704: Arabic numerals, no leading zeros)."""
    date = parse_iso_date(iso)
    if date is None:
        return iso
    return f"{date.year}年{date.month}月{date.day}日"


_SUBHEADING = re.compile(r"^\s*[（(][一二三四五六七八九十]{1,3}[）)][^。；;，,]{0,30}$")
_THIRD_LEVEL = re.compile(r"^\s*\d{1,2}[.．][^。；;，,]{0,30}$")


def heading_level(line: str) -> int:
    """0 for a body paragraph; 2 for a stand-alone （一）… line; 3 for a stand-alone 1.… line."""
    if _SUBHEADING.match(line):
        return 2
    if _THIRD_LEVEL.match(line):
        return 3
    return 0
