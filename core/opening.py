"""The opening paragraph, the 落款 date and heading levels of the prose, for every renderer."""

from __future__ import annotations

import datetime as dt
import re

from core.model import Report


def opening_paragraph(report: Report) -> str:
    """The opening paragraph the report's format writes from the agency's details."""
    return report.format.opening(report.agency, report.year, report.format)


def parse_iso_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()) if re.fullmatch(
            r"\d{4}-\d{2}-\d{2}", text.strip()) else None
    except ValueError:
        return None


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
