"""Rules on the three statistics tables: cell validity, printed identities, cross-year checks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core import format2021 as fmt
from core.identities import balance, balance_cells, in_force
from core.model import ENTERED_KEYS, Report, money_text, parse_cell
from core.validation.issue import ERROR, WARNING, Issue

_MISSING = object()


def _describe_invalid(value: Any) -> str:
    if value is _MISSING:
        return "缺少数值"
    if value is None:
        return "为空"
    if isinstance(value, bool):
        return f"是逻辑值 {str(value).lower()}，不是数字"
    if isinstance(value, str):
        stripped = value.strip()
        if not stripped:
            return "为空"
        if stripped in ("/", "／", "无", "-", "—"):
            return f"填的是“{stripped}”，按格式要求没有数据应填 0"
        return f"“{stripped[:20]}”不是有效数字"
    if isinstance(value, (int, float)) and value < 0:
        return f"{value} 是负数"
    if isinstance(value, float):
        return f"{value} 不是整数"
    return "不是数字"


def cell_rules(report: Report) -> list[Issue]:
    issues = []
    for key in ENTERED_KEYS:
        raw = report.cells.get(key, _MISSING)
        if parse_cell(key, None if raw is _MISSING else raw) is not None:
            continue
        money = key == "active/fees/amount"
        what = _describe_invalid(raw)
        if money and isinstance(raw, (int, float, str)) and not isinstance(raw, bool):
            text = str(raw).strip()
            if text and text not in ("/", "／", "无", "-", "—") and not text.startswith("-"):
                what = f"“{text[:20]}”不是有效金额"
        hint = "应为不小于 0、最多4位小数的金额（万元）" if money else "应为不小于 0 的整数"
        issues.append(Issue("CELL.INVALID", ERROR,
                            f"{fmt.cell_label(key)}{what}；{hint}。", (key,)))
    return issues


def declared_rules(report: Report, values: dict[str, Any]) -> list[Issue]:
    """Derived cells declared by a file are compared with the sums, never trusted."""
    issues = []
    for key, declared in sorted(report.declared.items()):
        table, row, col = fmt.split_cell_key(key)
        expected = values.get(key)
        if expected is None:
            continue
        got = parse_cell(key, declared) if not isinstance(declared, Decimal) else declared
        if got == expected and got is not None:
            continue
        if got is not None:
            shown = str(got)
        elif declared is None:
            shown = "空值（null）"
        elif isinstance(declared, str):
            shown = f"文字“{declared[:20]}”（应为数字）"
        else:
            shown = f"{declared}（不是有效数字）"
        if table == "requests" and col == "total" and row != "total_processed":
            parts = [f"requests/{row}/{c.key}" for c in fmt.T3_APPLICANT_COLUMNS]
            issues.append(Issue(
                "T3.ROW_TOTAL", ERROR,
                f"表三“{fmt.TABLE_REQUESTS.row(row).label}”行：总计填的是 {shown}，"
                f"但六类申请人之和为 {expected}。", (key, *parts)))
        elif table == "requests" and row == "total_processed":
            if col == "total":
                parts = [f"requests/total_processed/{c.key}" for c in fmt.T3_APPLICANT_COLUMNS]
                issues.append(Issue(
                    "T3.ROW_TOTAL", ERROR,
                    f"表三“（七）总计”行：总计填的是 {shown}，但六类申请人之和为 {expected}。",
                    (key, *parts)))
            else:
                label = next(c.label for c in fmt.T3_COLUMNS if c.key == col)
                parts = [f"requests/{r}/{col}" for r in fmt.T3_RESULT_ROWS]
                issues.append(Issue(
                    "T3.RESULT_TOTAL", ERROR,
                    f"表三{label}列：“（七）总计”填的是 {shown}，但（一）至（六）各项之和为 {expected}。",
                    (key, *parts)))
        elif table == "review":
            label = fmt.TABLE_REVIEW.row(row).label
            parts = [f"review/{row}/{c.key}" for c in fmt.T4_COLUMNS if not c.derived]
            issues.append(Issue(
                "T4.TOTAL", ERROR,
                f"表四“{label}”：总计填的是 {shown}，但结果维持、结果纠正、其他结果、尚未审结之和为 {expected}。",
                (key, *parts)))
    return issues


def balance_rules(values: dict[str, Any]) -> list[Issue]:
    issues = []
    for col in fmt.T3_COLUMNS:
        b = balance(values, col.key)
        if b is None or b.ok:
            continue
        issues.append(Issue(
            "T3.BALANCE", ERROR,
            f"表三{col.label}列：新收 {b.new} + 上年结转 {b.old} = {b.left}，"
            f"但办理结果总计 {b.done} + 结转下年度 {b.forward} = {b.right}，相差 {b.difference}。"
            f"（勾稽关系：第一项加第二项之和，等于第三项加第四项之和）",
            balance_cells(col.key)))
    return issues


def table2_rules(report: Report, values: dict[str, Any],
                 previous: Report | None) -> list[Issue]:
    issues = []
    fee = values.get("active/fees/amount")
    if isinstance(fee, Decimal) and fee >= 10000:
        issues.append(Issue(
            "T2.FEE_UNIT", WARNING,
            f"表二“行政事业性收费”金额为 {money_text(fee)} 万元（即 {money_text(fee * 10000)} 元），"
            f"数额异常大，可能误按“元”填写；本栏单位是万元。", ("active/fees/amount",)))
    if previous is None:
        return issues
    prev = previous.parsed()
    for row in ("regulations", "normative_documents"):
        label = fmt.TABLE_ACTIVE.row(row).label
        k_issued, k_rep, k_force = (f"active/{row}/{c}" for c in ("issued", "repealed", "in_force"))
        expected = in_force(values, prev, row)
        now = values.get(k_force)
        if expected is None or now is None:
            continue
        if expected.repealed > expected.available:
            issues.append(Issue(
                "T2.REPEALED_EXCEEDS", ERROR,
                f"表二“{label}”：本年废止 {expected.repealed} 件，多于上年现行有效 "
                f"{expected.last_year} 件加本年制发 {expected.issued} 件之和 {expected.available} 件。",
                (k_rep, k_issued)))
        if now != expected.expected:
            issues.append(Issue(
                "T2.IN_FORCE_DRIFT", WARNING,
                f"表二“{label}”：现行有效 {now} 件，但上年现行有效 {expected.last_year} + 本年制发 "
                f"{expected.issued} − 本年废止 {expected.repealed} = {expected.expected} 件，"
                f"相差 {abs(now - expected.expected)} 件；"  # type: ignore[operator]
                f"如有其他原因（如上年数字有误、文件失效）请核实。", (k_force, k_issued, k_rep)))
    return issues


def carry_over_rules(values: dict[str, Any], previous: Report | None) -> list[Issue]:
    if previous is None:
        return []
    prev = previous.parsed()
    issues = []
    for col in fmt.T3_APPLICANT_COLUMNS:
        k_now = f"requests/carried_over/{col.key}"
        k_last = f"requests/carried_forward/{col.key}"
        now, last = values.get(k_now), prev.get(k_last)
        if now is None or last is None or now == last:
            continue
        issues.append(Issue(
            "T3.CARRY_OVER", WARNING,
            f"表三{col.label}列：本年“上年结转”为 {now} 件，但{previous.year}年报告的"
            f"“结转下年度继续办理”为 {last} 件，两者应一致。", (k_now,)))
    return issues
