"""Rules on the narrative sections: present, no placeholders, right year, not copied, figures
consistent with the tables. Written for real prose: references to other years (较2024年, 2026年将…,
〔2020〕109号, 2019年修订) and unrelated numbers must not fire."""

from __future__ import annotations

import difflib
import re
from functools import lru_cache

from core.model import Report
from core.opening import heading_level
from core.textclean import bad_chars, to_halfwidth_digits
from core.validation.claims import amount_rules, closure_rules, jump_rules
from core.validation.issue import ERROR, WARNING, Issue
from core.validation.registry import Context, rule
from core.validation.text_numbers import number_rules


def _excerpt(text: str, start: int, end: int, pad: int = 12) -> str:
    a, b = max(0, start - pad), min(len(text), end + pad)
    return ("…" if a else "") + text[a:b].replace("\n", " ") + ("…" if b < len(text) else "")


@rule
def required_rules(ctx: Context) -> list[Issue]:
    report = ctx.report
    issues = []
    for k in ctx.format.text_sections:
        kind = report.wrong_types.get(f"text/{k}")
        if kind:
            issues.append(Issue("TEXT.REQUIRED", ERROR,
                                f"“{ctx.section_label(k)}”在文件中写成了{kind}，应为文字。",
                                (f"text/{k}",)))
        elif not report.texts.get(k, "").strip():
            issues.append(Issue("TEXT.REQUIRED", ERROR,
                                f"“{ctx.section_label(k)}”还没有填写内容。", (f"text/{k}",)))
    return issues


# XX / xx only as a stand-alone token: "xxgk" (信息公开) in an address is not a placeholder.
_PLACEHOLDER = re.compile(
    r"(?<![A-Za-z0-9])(?:[Xx]{2,})(?![A-Za-z0-9])|×{2,}|Ｘ{2,}|ｘ{2,}|\*{2,}|＊{2,}|某某"
    r"|【[^【】\n]{0,30}】|（\s*）|\(\s*\)|“\s*”|\"\s*\"")


def _fields(report: Report) -> list[tuple[str, str, str]]:
    """(path, label, text) of every free-text field."""
    fmt = report.format
    out = [(f"agency/{f.key}", f"机关信息“{f.label}”", report.agency.get(f.key, ""))
           for f in fmt.agency_fields]
    out += [(f"text/{k}", f"“{fmt.section_by_key[k].heading}”", report.texts.get(k, ""))
            for k in fmt.text_sections]
    return out


@rule
def placeholder_rules(ctx: Context) -> list[Issue]:
    issues = []
    for path, label, text in _fields(ctx.report):
        m = _PLACEHOLDER.search(text)
        if m:
            issues.append(Issue(
                "TEXT.PLACEHOLDER", ERROR,
                f"{label}中还有未替换的占位内容“{m.group(0)}”：{_excerpt(text, m.start(), m.end())}",
                (path,), quote=m.group(0)))
    return issues


@rule
def chars_rules(ctx: Context) -> list[Issue]:
    issues = []
    for path, label, text in _fields(ctx.report):
        found = bad_chars(text)
        if found:
            shown = "、".join(f"U+{ord(c):04X}" for c in sorted(found)[:5])
            issues.append(Issue(
                "TEXT.CHARS", WARNING,
                f"{label}中有 {len(found)} 种无法打印或保存的字符（{shown}），导出时将被删除。",
                (path,)))
    return issues


# A sentence or paragraph that opens with a year, as the year of the work described. What may
# follow the year and still be a reference, not the year of the work: 以来 / 起 / 修订 / 印发…,
# the report of that year (2024年年度报告提出的问题…), what was found or carried over then.
_OPENING_YEAR = re.compile(
    r"(?:^|[\n。！？；!?;])\s*"
    r"(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、是]|\d{1,2}[.．、])?\s*"
    r"((?:19|20)\d{2})\s*年(度)?"
    r"(?!以来|起|至|到|修订|修正|印发|颁布|出台|发布|施行|实施|制定|[-－—~～]|底|末|同期|以前|之前"
    r"|年?度?(?:报告|年报)|(?:政府信息公开|政务公开)?工作(?:年度)?报告|(?:政务公开)?工作要点"
    r"|[^。；\n，,]{0,6}(?:发现|提出|指出|存在|遗留|结转)的?)")
# After the year, a month: "2024年3月，我局…" is the year of the work; "2024年12月收到的申请…"
# (no comma) is a reference to a date.
_MONTH = re.compile(r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月(?:\s*\d{1,2}\s*日)?(\s*[，,])?")
_PERIOD = re.compile(
    r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*起?\s*(?:至|到|—|－|-|~)\s*"
    r"(?:((?:19|20)\d{2})\s*年\s*)?12\s*月\s*31\s*日")


@rule
def year_rules(ctx: Context) -> list[Issue]:
    report = ctx.report
    issues = []
    y = report.year
    for key in ctx.format.text_sections:
        text = to_halfwidth_digits(report.texts.get(key, ""))
        for m in _OPENING_YEAR.finditer(text):
            year = int(m.group(1))
            if year >= y:  # this year, or plans for the years ahead (2026年将… / 2026年工作打算)
                continue
            month = _MONTH.match(text, m.end())
            if month and not month.group(1):
                continue
            issues.append(Issue(
                "TEXT.YEAR", WARNING,
                f"“{ctx.section_label(key)}”中有以“{year}年”开头的语句，但这是{y}年度报告，"
                f"可能沿用了往年的文字：{_excerpt(text, m.start(1), m.end())}", (f"text/{key}",),
                quote=report.texts.get(key, "")[m.start(1):m.end()]))
            break
        for m in _PERIOD.finditer(text):
            years = {int(g) for g in m.groups() if g}
            if years != {y}:
                issues.append(Issue(
                    "TEXT.YEAR", WARNING,
                    f"“{ctx.section_label(key)}”中的统计期限不是{y}年：{_excerpt(text, m.start(), m.end(), 4)}",
                    (f"text/{key}",), quote=report.texts.get(key, "")[m.start():m.end()]))
                break
    return issues


_YEAR4 = re.compile(r"(?:19|20)\d{2}")
COPY_EXEMPT_CHARS = 60  # TEXT.COPY: a shorter section this year is exempt


def _normalize_for_copy(text: str) -> str:
    return _YEAR4.sub("#", re.sub(r"\s+", "", text))


@lru_cache(maxsize=64)
def similarity(a: str, b: str) -> float:
    """difflib ratio of two texts after removing white space and masking years (cached: the
    wizard re-validates on every keystroke, the texts rarely change between two runs)."""
    na, nb = _normalize_for_copy(a), _normalize_for_copy(b)
    if not na or not nb:
        return 0.0
    matcher = difflib.SequenceMatcher(None, na, nb, autojunk=True)
    if matcher.real_quick_ratio() < 0.9 or matcher.quick_ratio() < 0.9:
        return matcher.quick_ratio()
    return matcher.ratio()


@rule
def copy_rules(ctx: Context) -> list[Issue]:
    report, previous = ctx.report, ctx.previous
    if previous is None:
        return []
    issues = []
    for key in ctx.format.text_sections:
        now, last = report.texts.get(key, ""), previous.texts.get(key, "")
        if not now.strip() or not last.strip():
            continue
        if len(_normalize_for_copy(now)) < COPY_EXEMPT_CHARS:
            continue  # “本年度未收取信息处理费。” is rightly the same every year
        ratio = similarity(now, last)
        if ratio >= 0.9:
            issues.append(Issue(
                "TEXT.COPY", WARNING,
                f"“{ctx.section_label(key)}”与{previous.year}年报告的同一部分相似度达 {ratio:.0%}，"
                f"内容雷同的报告会被通报问责，请按本年度实际情况重写。", (f"text/{key}",)))
    return issues


rule(number_rules)


def _body_lines(text: str) -> list[str]:
    """The lines under the sub-headings (（一）…, 1.…), without white space."""
    return [re.sub(r"\s+", "", line) for line in text.split("\n")
            if line.strip() and not heading_level(line.strip())]


def _body(text: str) -> str:
    return "".join(_body_lines(text))


@rule
def problems_rules(ctx: Context) -> list[Issue]:
    """A section that must say something real (五: not just “无”)."""
    issues = []
    for section in ctx.format.sections:
        text = ctx.report.texts.get(section.key, "")
        if not section.min_chars or not text.strip():  # TEXT.REQUIRED says it when empty
            continue
        lines = _body_lines(text)
        body = "".join(lines)
        nothing = all(line.rstrip("。.！!；;，,") in section.empty_words for line in lines)
        if nothing:
            shown = f"只写了“{body}”" if body else "只有小标题"
            issues.append(Issue(
                "TEXT.PROBLEMS_EMPTY", ERROR,
                f"“{section.heading}”{shown}，等于什么也没说；{section.brief_hint}",
                (f"text/{section.key}",)))
        elif len(body) < section.min_chars:
            issues.append(Issue(
                "TEXT.PROBLEMS_EMPTY", WARNING,
                f"“{section.heading}”只有 {len(body)} 个字，过于简略；{section.brief_hint}",
                (f"text/{section.key}",)))
    return issues


@rule
def headings_only_rules(ctx: Context) -> list[Issue]:
    """A section of sub-headings with no sentence under any of them."""
    issues = []
    for key in ctx.format.text_sections:
        text = ctx.report.texts.get(key, "")
        if ctx.format.section_by_key[key].empty_words:
            continue  # TEXT.PROBLEMS_EMPTY already says it, as an error
        if text.strip() and not _body(text):
            issues.append(Issue(
                "TEXT.HEADINGS_ONLY", WARNING,
                f"“{ctx.section_label(key)}”只有小标题，没有正文；请在每个小标题下写明本年度的具体情况。",
                (f"text/{key}",)))
    return issues


@rule
def fee_rules(ctx: Context) -> list[Issue]:
    """A section that must mention something (六: 信息处理费)."""
    issues = []
    for section in ctx.format.sections:
        text = ctx.report.texts.get(section.key, "")
        if not section.must_mention or not text.strip() or \
                section.must_mention in re.sub(r"\s+", "", text):
            continue
        issues.append(Issue("TEXT.FEE_MISSING", WARNING,
                            f"“{section.heading}”{section.mention_hint}",
                            (f"text/{section.key}",)))
    return issues


rule(closure_rules)
rule(amount_rules)
rule(jump_rules)
