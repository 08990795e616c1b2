"""Rules on the three statistics tables: cell validity, printed identities, cross-year checks."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core.formats.spec import cell_key, split_cell_key
from core.identities import balance, in_force
from core.model import COUNT_LIMIT, money_text, parse_cell
from core.validation.issue import ERROR, WARNING, Issue
from core.validation.registry import Context, rule

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
    if isinstance(value, (int, float)) and value >= COUNT_LIMIT:
        return "数值过大（超过15位），请检查"
    if isinstance(value, float):
        return f"{value} 不是整数"
    return "不是数字"


@rule
def cell_rules(ctx: Context) -> list[Issue]:
    report, fmt = ctx.report, ctx.format
    issues = []
    for key in fmt.entered_keys:
        raw = report.cells.get(key, _MISSING)
        if parse_cell(fmt, key, None if raw is _MISSING else raw) is not None:
            continue
        money = key in fmt.money_keys
        what = _describe_invalid(raw)
        if money and isinstance(raw, (int, float, str)) and not isinstance(raw, bool):
            text = str(raw).strip()
            if text and text not in ("/", "／", "无", "-", "—") and not text.startswith("-"):
                what = f"“{text[:20]}”不是有效金额"
        hint = (f"应为不小于 0、最多{fmt.money_decimals}位小数的金额（万元）" if money
                else "应为不小于 0 的整数")
        issues.append(Issue("CELL.INVALID", ERROR,
                            f"{fmt.cell_label(key)}{what}；{hint}。", (key,)))
    return issues


@rule
def declared_rules(ctx: Context) -> list[Issue]:
    """Derived cells declared by a file are compared with the sums, never trusted."""
    report, fmt, values = ctx.report, ctx.format, ctx.values
    issues = []
    for key, declared in sorted(report.declared.items()):
        table_key, row_key, col_key = split_cell_key(key)
        expected = values.get(key)
        if expected is None:
            continue
        got = parse_cell(fmt, key, declared) if not isinstance(declared, Decimal) else declared
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
        table = fmt.table_by_key[table_key]
        col = table.column(row_key, col_key)
        total = fmt.cell_rule(key)
        if col.total is not None:  # a total column: the row's parts
            where = f"{table.number}“{table.row_label(row_key)}”行：{col.label}"
            parts = tuple(cell_key(table_key, row_key, c) for c in total.parts)
        else:  # a total row: the column's parts
            where = f"{table.number}{col.label}列：“{table.row_label(row_key)}”"
            parts = tuple(cell_key(table_key, r, col_key) for r in total.parts)
        issues.append(Issue(total.rule, ERROR,
                            f"{where}填的是 {shown}，但{total.what}为 {expected}。",
                            (key, *parts)))
    return issues


@rule
def identity_rules(ctx: Context) -> list[Issue]:
    fmt, values = ctx.format, ctx.values
    issues = []
    for identity in fmt.identities:
        table = fmt.table_by_key[identity.table]
        for col in table.columns_for(identity.left[0]):
            b = balance(values, identity, col.key)
            if b is None or b.ok:
                continue
            left = " + ".join(f"{table.row(r).name} {v}" for r, v in zip(
                identity.left, b.left_parts, strict=True))
            right = " + ".join(f"{table.row(r).name} {v}" for r, v in zip(
                identity.right, b.right_parts, strict=True))
            issues.append(Issue(
                identity.rule, ERROR,
                f"{table.number}{col.label}列：{left} = {b.left}，但{right} = {b.right}，"
                f"相差 {b.difference}。（{identity.note}）", identity.cells(col.key)))
    return issues


@rule
def unit_rules(ctx: Context) -> list[Issue]:
    report, fmt, values = ctx.report, ctx.format, ctx.values
    issues = []
    for check in fmt.unit_checks:
        amount = values.get(check.cell)
        if report.agency_kind.key not in check.kinds or not isinstance(amount, Decimal) \
                or amount < check.threshold:
            continue
        table_key, row_key, _ = split_cell_key(check.cell)
        label = fmt.table_by_key[table_key].row_label(row_key)
        issues.append(Issue(
            check.rule, WARNING,
            f"{fmt.table_by_key[table_key].number}“{label}”金额为 "
            f"{report.figure_text(check.cell, amount)} {check.unit}"
            f"（即 {money_text(amount * check.factor, fmt.money_decimals)} {check.small_unit}），"
            f"数额异常大，可能误按“{check.small_unit}”填写；本栏单位是{check.unit}。",
            (check.cell,)))
    return issues


@rule
def stock_rules(ctx: Context) -> list[Issue]:
    if ctx.previous is None:
        return []
    fmt, values, prev = ctx.format, ctx.values, ctx.previous_values
    issues = []
    for stock in fmt.stocks:
        table = fmt.table_by_key[stock.table]
        for row in stock.rows:
            label = table.row_label(row)
            cols = {c.key: c.name for c in table.columns_for(row)}
            k_in, k_out, k_stock = (cell_key(stock.table, row, c)
                                    for c in (stock.inflow, stock.outflow, stock.stock))
            expected = in_force(stock, values, prev, row)
            now = values.get(k_stock)
            if expected is None or now is None:
                continue
            if expected.repealed > expected.available:
                issues.append(Issue(
                    stock.exceeds_rule, ERROR,
                    f"{table.number}“{label}”：{cols[stock.outflow]} {expected.repealed} 件，多于上年"
                    f"{cols[stock.stock]} {expected.last_year} 件加{cols[stock.inflow]} "
                    f"{expected.issued} 件之和 {expected.available} 件。", (k_out, k_in)))
            if now != expected.expected:
                issues.append(Issue(
                    stock.drift_rule, WARNING,
                    f"{table.number}“{label}”：{cols[stock.stock]} {now} 件，但上年"
                    f"{cols[stock.stock]} {expected.last_year} + {cols[stock.inflow]} "
                    f"{expected.issued} − {cols[stock.outflow]} {expected.repealed} = "
                    f"{expected.expected} 件，相差 {abs(int(now) - expected.expected)} 件；"
                    f"如有其他原因（如上年数字有误、文件失效）请核实。", (k_stock, k_in, k_out)))
    return issues


@rule
def carry_over_rules(ctx: Context) -> list[Issue]:
    if ctx.previous is None:
        return []
    fmt, values, prev = ctx.format, ctx.values, ctx.previous_values
    issues = []
    for carry in fmt.carry_over:
        if not carry.rule:
            continue
        now, last = values.get(carry.target), prev.get(carry.source)
        if now is None or last is None or now == last:
            continue
        t_key, t_row, t_col = split_cell_key(carry.target)
        s_key, s_row, _ = split_cell_key(carry.source)
        table = fmt.table_by_key[t_key]
        issues.append(Issue(
            carry.rule, WARNING,
            f"{table.number}{table.column(t_row, t_col).label}列：本年“{table.row(t_row).name}”"
            f"为 {now} 件，但{ctx.previous.year}年报告的"
            f"“{fmt.table_by_key[s_key].row_label(s_row)}”为 {last} 件，两者应一致。",
            (carry.target,)))
    return issues
