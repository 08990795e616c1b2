"""TEXT.NUMBER_MISMATCH: figures quoted in the prose that contradict the tables.

Each pattern ties a phrase to a table cell (or a sum of cells). The gap allowed between the
phrase and the figure excludes sentence punctuation and digits, so "收到申请14件，办结12件" binds
each figure to its own phrase; phrases about 复议/诉讼 never bind to the request counts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.model import Report
from core.textclean import CN_NUMERAL, chinese_numeral, to_halfwidth_digits
from core.validation.issue import WARNING, Issue

_NUM = rf"(\d+|{CN_NUMERAL})\s*件"
_GAP = r"[^。；;，,、\d\n零〇一二两三四五六七八九十百千万]{0,%d}?"


@dataclass(frozen=True)
class Quote:
    pattern: re.Pattern[str]
    cells: tuple[str, ...]
    label: str
    exclude: tuple[str, ...] = ()  # the match must not contain any of these words


def _p(text: str) -> re.Pattern[str]:
    return re.compile(text)


QUOTES: tuple[Quote, ...] = (
    Quote(_p(r"(?:新收|收到|受理)" + _GAP % 24 + r"申请" + _GAP % 8 + _NUM),
          ("requests/new_received/total",), "表三“一、本年新收政府信息公开申请数量”总计",
          exclude=("复议", "诉讼", "结转", "建议", "提案", "许可", "审批", "处罚", "事项", "办件",
                   "信访", "投诉", "咨询")),
    Quote(_p(r"上一?年度?结转" + _GAP % 16 + _NUM),
          ("requests/carried_over/total",), "表三“二、上年结转政府信息公开申请数量”总计"),
    Quote(_p(r"办结" + _GAP % 12 + _NUM),
          ("requests/total_processed/total",), "表三“（七）总计”",
          exclude=("复议", "诉讼", "建议", "提案", "许可", "审批", "处罚", "案件", "事项", "办件",
                   "信访", "投诉", "咨询", "强制")),
    Quote(_p(r"结转(?:至|到)?下一?年度?" + _GAP % 12 + _NUM),
          ("requests/carried_forward/total",), "表三“四、结转下年度继续办理”总计"),
    Quote(_p(r"(?<!部分)予以公开" + _GAP % 6 + _NUM),
          ("requests/granted/total",), "表三“（一）予以公开”总计"),
    Quote(_p(r"行政复议" + _GAP % 12 + _NUM),
          ("review/reconsideration/total",), "表四“行政复议”总计", exclude=("诉讼",)),
    Quote(_p(r"行政诉讼" + _GAP % 12 + _NUM),
          ("review/litigation_direct/total", "review/litigation_after/total"),
          "表四“行政诉讼”两项总计之和", exclude=("复议",)),
    Quote(_p(r"(?:制发|印发|出台)" + _GAP % 12 + r"行政规范性文件" + _GAP % 4 + _NUM),
          ("active/normative_documents/issued",), "表二“行政规范性文件”本年制发件数"),
    Quote(_p(r"废止" + _GAP % 12 + r"行政规范性文件" + _GAP % 4 + _NUM),
          ("active/normative_documents/repealed",), "表二“行政规范性文件”本年废止件数"),
    Quote(_p(r"现行有效" + _GAP % 12 + r"行政规范性文件" + _GAP % 4 + _NUM),
          ("active/normative_documents/in_force",), "表二“行政规范性文件”现行有效件数"),
    Quote(_p(r"行政规范性文件" + _GAP % 8 + r"现行有效" + _GAP % 4 + _NUM),
          ("active/normative_documents/in_force",), "表二“行政规范性文件”现行有效件数"),
)


def _figure(text: str) -> int | None:
    return int(text) if text.isdigit() else chinese_numeral(text)


def number_rules(report: Report, sections: tuple[str, ...], labels: dict[str, str]) -> list[Issue]:
    values = report.parsed()
    issues = []
    for key in sections:
        text = to_halfwidth_digits(report.texts.get(key, ""))
        seen: set[tuple[int, str]] = set()
        for quote in QUOTES:
            parts = [values.get(c) for c in quote.cells]
            if any(p is None for p in parts):
                continue
            expected = int(sum(parts))  # type: ignore[arg-type]
            for m in quote.pattern.finditer(text):
                if any(w in m.group(0) for w in quote.exclude):
                    continue
                figure = _figure(m.group(1))
                if figure is None or figure == expected or (m.start(1), quote.label) in seen:
                    continue
                seen.add((m.start(1), quote.label))
                issues.append(Issue(
                    "TEXT.NUMBER_MISMATCH", WARNING,
                    f"“{labels[key]}”中写的是“{m.group(0)}”，但{quote.label}为 {expected} 件。",
                    (f"text/{key}", *quote.cells),
                    quote=report.texts.get(key, "")[m.start():m.end()]))
    return issues
