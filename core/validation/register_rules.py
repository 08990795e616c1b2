"""REG.MISMATCH (warning): table 3 differs from what the register of applications counts.

Only when the caller gave a register count (`validate(..., register=…)`) for the report's own
agency and year; the message names each differing entered cell and by how much. It says
counts only, never anything about the applications themselves (personal data).
"""

from __future__ import annotations

from collections.abc import Iterator

from core.validation.issue import WARNING, Issue
from core.validation.registry import Context, rule

TABLE = "requests"


@rule
def register_mismatch(ctx: Context) -> Iterator[Issue]:
    count = ctx.register
    if count is None or count.year != ctx.report.year \
            or count.agency.strip() != ctx.report.agency_name.strip() \
            or TABLE not in ctx.format.table_by_key:
        return
    differing: list[tuple[str, int, int]] = []
    for key in ctx.format.entered_keys:
        if not key.startswith(TABLE + "/") or key not in count.cells:
            continue
        entered = ctx.values.get(key)
        if entered is None:  # an invalid cell has its own issue
            continue
        if int(entered) != count.cells[key]:
            differing.append((key, int(entered), count.cells[key]))
    if not differing:
        return
    parts = [f"{ctx.format.cell_label(k)}填 {mine}，台账统计为 {theirs}"
             f"（{'多' if mine > theirs else '少'} {abs(mine - theirs)}）"
             for k, mine, theirs in differing]
    yield Issue("REG.MISMATCH", WARNING,
                f"表三与依申请公开台账{count.year}年度的统计不一致（{len(differing)} 处）："
                + "；".join(parts) + "。请核对台账或表格。",
                tuple(k for k, _, _ in differing))
