"""Rows and columns of a statistics table, the sums that make derived ones, and cell keys."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Sum:
    """A derived row or column: the sum of other rows (or columns) of the same table.

    `rule` is the rule id that compares a figure a file *declares* for such a cell with the sum;
    `what` names the parts in words for its message (六类申请人之和)."""

    parts: tuple[str, ...]
    rule: str
    what: str


@dataclass(frozen=True)
class _Line:
    """What rows and columns share: a key, the verbatim label, help, and maybe a sum."""

    key: str
    label: str
    help: str = ""
    total: Sum | None = None  # derived: the sum of other rows (or columns) of the table
    short: str = ""  # a short name for messages (新收, 本年制发)

    @property
    def derived(self) -> bool:
        return self.total is not None

    @property
    def name(self) -> str:
        return self.short or self.label


@dataclass(frozen=True)
class Column(_Line):
    money: bool = False  # an amount (万元, up to `money_decimals` places), not a whole count


@dataclass(frozen=True)
class Row(_Line):
    pass


def cell_key(table: str, row: str, column: str) -> str:
    return f"{table}/{row}/{column}"


def split_cell_key(key: str) -> tuple[str, str, str]:
    table, row, column = key.split("/")
    return table, row, column
