"""What the prose claims, checked against the tables, and figures checked against last year:
TEXT.ALL_CLOSED (every application closed, yet some carried forward), TEXT.FEE_COHERENCE (an
信息处理费 amount charged, yet 行政事业性收费 0) and T.YEAR_JUMP (a figure five times larger or
smaller than last year's). All three are declared by the format (claims, jumps)."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from core.textclean import to_halfwidth_digits
from core.validation.issue import WARNING, Issue
from core.validation.registry import Context

_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(万元|元)")


def _sentences(text: str) -> list[str]:
    return [m.group(0) for m in _SENTENCE.finditer(to_halfwidth_digits(text))]


def closure_rules(ctx: Context) -> list[Issue]:
    issues = []
    for claim in ctx.format.closure_claims:
        open_cases = ctx.values.get(claim.cell)
        if not open_cases:  # 0, or invalid (CELL.INVALID says it)
            continue
        phrases = re.compile("|".join(claim.phrases))
        for key in ctx.format.text_sections:
            for sentence in _sentences(ctx.report.texts.get(key, "")):
                said = phrases.search(sentence)
                if not said or claim.topic not in sentence or any(
                        w in sentence for w in claim.exclude):
                    continue
                issues.append(Issue(
                    claim.rule, WARNING,
                    f"“{ctx.section_label(key)}”中说“{said.group(0)}”：“{sentence.strip()[:40]}”，"
                    f"但{ctx.format.cell_label(claim.cell)}为 {open_cases} 件，还有申请结转下年度办理。"
                    f"请核实正文或表格。", (f"text/{key}", claim.cell), quote=said.group(0)))
                break
    return issues


def amount_rules(ctx: Context) -> list[Issue]:
    issues = []
    for claim in ctx.format.amount_claims:
        if ctx.values.get(claim.cell) != 0 or claim.section not in ctx.format.text_sections:
            continue
        for sentence in _sentences(ctx.report.texts.get(claim.section, "")):
            if claim.words not in sentence or "未收取" in sentence:
                continue
            charged = [m for m in _AMOUNT.finditer(sentence) if _positive(m.group(1))]
            if not charged:
                continue
            issues.append(Issue(
                claim.rule, WARNING,
                f"“{ctx.section_label(claim.section)}”写明收取了{claim.words}"
                f"（{charged[0].group(0)}），但{ctx.format.cell_label(claim.cell)}为 0；"
                f"{claim.words}也是行政事业性收费，请核实该金额。",
                (f"text/{claim.section}", claim.cell), quote=charged[0].group(0)))
            break
    return issues


def _positive(text: str) -> bool:
    try:
        return Decimal(text) > 0
    except InvalidOperation:
        return False


def jump_rules(ctx: Context) -> list[Issue]:
    if ctx.previous is None:
        return []
    issues = []
    for jump in ctx.format.year_jumps:
        for cell in jump.cells:
            now, last = ctx.values.get(cell), ctx.previous_values.get(cell)
            if now is None or last is None:
                continue
            small, large = sorted((int(now), int(last)))
            if large < jump.floor or large < small * jump.factor:
                continue
            way = f"增加到{jump.factor}倍以上" if now > last else f"减少到{jump.factor}分之一以下"
            issues.append(Issue(
                jump.rule, WARNING,
                f"{ctx.format.cell_label(cell)}为 {now}，{ctx.previous.year}年报告为 {last}，"
                f"{way}；请核实是否单位或录入有误。", (cell,)))
    return issues
