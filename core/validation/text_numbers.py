"""TEXT.NUMBER_MISMATCH: figures quoted in the prose that contradict the tables.

The format declares the phrases (`ReportFormat.text_figures`): each ties a phrase to a table
cell (or a sum of cells). The gap allowed between the phrase and the figure excludes sentence
punctuation and digits, so "收到申请14件，办结12件" binds each figure to its own phrase; phrases
about 复议/诉讼 never bind to the request counts.
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

from core.formats.spec import TextFigure
from core.textclean import chinese_numeral, to_halfwidth_digits
from core.validation.issue import WARNING, Issue
from core.validation.registry import Context


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@lru_cache(maxsize=512)
def _matches(pattern: str, text: str) -> tuple[tuple[int, int, int, str, str], ...]:
    """(start, end, start of the figure, the words, the figure) of each match — cached: the
    texts rarely change between two keystrokes in a grid, the figures they are checked
    against do."""
    return tuple((m.start(), m.end(), m.start(1), m.group(0), m.group(1))
                 for m in _compiled(pattern).finditer(text))


# A Chinese numeral is a figure only in a count phrase: 共十五件 or 十五件, but not the slogan
# 办结一件申请、解决一个问题 (一 alone, without 共/计…, is not a count)
_COUNT_MARK = re.compile(r"(?:共|计|合计|累计|总计|仅|只)\s*$")


def _figure(text: str, before: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "一" and not _COUNT_MARK.search(before):
        return None
    return chinese_numeral(text)


def _label(ctx: Context, figure: TextFigure) -> str:
    return figure.label or "、".join(ctx.format.cell_label(c) for c in figure.cells)


def _sum(values: dict[str, int | Decimal | None], cells: tuple[str, ...]) -> int | None:
    parts = [values.get(c) for c in cells]
    if any(p is None for p in parts):
        return None
    return int(sum(p for p in parts if p is not None))


def number_rules(ctx: Context) -> list[Issue]:
    report, values = ctx.report, ctx.values
    issues = []
    figures = [f for f in ctx.format.text_figures if all(c in values for c in f.cells)]
    for key in ctx.format.text_sections:
        text = to_halfwidth_digits(report.texts.get(key, ""))
        seen: set[tuple[int, str]] = set()
        for quote in figures:
            sums = [_sum(values, cells) for cells in (quote.cells, *quote.alternatives)]
            expected = sums[0]
            if expected is None:
                continue
            label = _label(ctx, quote)
            for start, end, at, words, digits in _matches(quote.pattern, text):
                if any(w in words for w in quote.exclude):
                    continue
                figure = _figure(digits, text[max(0, at - 4):at])
                if figure is None or figure in sums or (at, label) in seen:
                    continue
                seen.add((at, label))
                issues.append(Issue(
                    "TEXT.NUMBER_MISMATCH", WARNING,
                    f"“{ctx.section_label(key)}”中写的是“{words}”，但{label}为 {expected} 件。",
                    (f"text/{key}", *quote.cells), quote=report.texts.get(key, "")[start:end]))
    return issues
