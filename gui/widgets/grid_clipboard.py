"""Copy and paste between the statistics grid and Excel / WPS (tab-separated text).

A pasted block is mapped onto the grid positionally, from the current cell: row by row, column
by column, derived cells counting as positions (a whole copied row usually includes its 总计).
Every value is normalised by the core first; if any is not a number, or the block does not fit
the table, the whole paste is refused and nothing is applied. A blank cell inside a block is 0
(spreadsheets often leave zeros blank), and the note says which cells were blank. A pasted total is not stored (it
is always computed) but compared with what the core computes from the pasted figures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from core.formats.layout import VALUE, GridCell, GridLayout
from core.model import Report
from core.textclean import NumberInputError, normalize_number_input


class PasteRefused(Exception):
    """The whole paste is refused; the message says why (Chinese)."""


@dataclass
class PastePlan:
    values: dict[str, Any] = field(default_factory=dict)  # entered cell key -> normalised value
    mismatches: list[str] = field(default_factory=list)  # pasted totals that do not add up
    blanks: list[str] = field(default_factory=list)  # blank cells of the block, filled with 0

    @property
    def note(self) -> str:
        notes = []
        if self.blanks:
            first = "、".join(self.blanks[:3]) + ("等" if len(self.blanks) > 3 else "")
            notes.append(f"粘贴内容中有 {len(self.blanks)} 个空白格，已按 0 填入（{first}）。")
        if self.mismatches:
            notes.append("粘贴的总计与自动计算不符（总计不保存，以自动计算为准）："
                         + "；".join(self.mismatches))
        return "".join(notes)


def parse_tsv(text: str) -> list[list[str]]:
    """Excel / WPS clipboard text → rows of cells. A trailing line break is not a row."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.endswith("\n"):
        text = text[:-1]
    if not text.strip():
        return []
    return [line.split("\t") for line in text.split("\n")]


def to_tsv(rows: list[list[str]]) -> str:
    return "".join("\t".join(row) + "\r\n" for row in rows)


def _where(i: int, j: int, rows: int, cols: int) -> str:
    if rows == 1 and cols == 1:
        return ""
    if rows == 1:
        return f"第 {j + 1} 个数"
    return f"第 {i + 1} 行第 {j + 1} 个数"


def plan_paste(layout: GridLayout, report: Report, start: tuple[int, int],
               block: list[list[str]]) -> PastePlan:
    """Map `block` onto the grid from grid position `start`; raise PasteRefused if it does not
    fit or a value is not a number. Nothing is applied here."""
    if not block:
        raise PasteRefused("剪贴板里没有可以粘贴的数字。")
    n_rows, n_cols = len(block), max(len(r) for r in block)
    size = f"{n_rows} 行 × {n_cols} 列" if n_rows * n_cols > 1 else "1 个数"
    plan = PastePlan()
    pasted_totals: dict[str, Any] = {}
    seen: set[str] = set()
    r0, c0 = start
    decimals = report.format.money_decimals
    for i, line in enumerate(block):
        for j, text in enumerate(line):
            cell = layout.at(r0 + i, c0 + j)
            if cell is None or cell.kind != VALUE or (cell.row, cell.col) != (r0 + i, c0 + j) \
                    or cell.key in seen:
                raise PasteRefused(
                    f"粘贴的内容（{size}）超出了从当前格开始可以填写的范围，未粘贴任何数字；"
                    f"请先选中要粘贴区域的左上角那一格。")
            seen.add(cell.key)
            where = _where(i, j, n_rows, n_cols)
            if cell.derived:
                if not text.strip():
                    continue
                pasted_totals[cell.key] = _normalise(text, cell, where, decimals)
            elif not text.strip() and n_rows * n_cols > 1:
                # a spreadsheet leaves zeros blank: in a block a blank is 0, and the note says so
                plan.values[cell.key] = _normalise("0", cell, where, decimals)
                plan.blanks.append(report.format.cell_label(cell.key))
            else:
                plan.values[cell.key] = _normalise(text, cell, where, decimals)
    if pasted_totals:
        trial = report.copy()
        trial.status = "draft"
        for key, value in plan.values.items():
            trial.set_cell(key, value)
        computed = trial.parsed()
        for key, pasted in pasted_totals.items():
            if computed.get(key) != pasted:
                plan.mismatches.append(
                    f"{report.format.cell_label(key)}粘贴的是 {pasted}，自动计算为 {computed.get(key)}")
    return plan


def _normalise(text: str, cell: GridCell, where: str, decimals: int) -> Any:
    try:
        return normalize_number_input(text, money=cell.money, decimals=decimals)
    except NumberInputError as exc:
        prefix = f"粘贴的{where}" if where else "粘贴的内容"
        raise PasteRefused(f"{prefix}“{text.strip()[:20]}”无法填入：{exc}未粘贴任何数字。") from exc
