"""The printed arithmetic identities, computed once for validation and for display.

Pages show the two sides of an identity (table 3's 勾稽) and the expected stock (现行有效件数);
the validator checks them. Both call these functions, so the figure a clerk sees is the figure
checked. What the identities are comes from the format (`ReportFormat.identities`, `.stocks`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from core.formats.spec import Identity, Stock, cell_key

Values = dict[str, int | Decimal | None]


@dataclass(frozen=True)
class Balance:
    """One column of an identity: sum(left parts) = sum(right parts)."""

    left_parts: tuple[int, ...]
    right_parts: tuple[int, ...]

    @property
    def left(self) -> int:
        return sum(self.left_parts)

    @property
    def right(self) -> int:
        return sum(self.right_parts)

    @property
    def ok(self) -> bool:
        return self.left == self.right

    @property
    def difference(self) -> int:
        return abs(self.left - self.right)


def balance(values: Values, identity: Identity, column: str) -> Balance | None:
    """The identity in one column, or None while a figure in it is invalid."""
    sides = []
    for rows in (identity.left, identity.right):
        parts = [values.get(cell_key(identity.table, r, column)) for r in rows]
        if any(p is None for p in parts):
            return None
        sides.append(tuple(int(p) for p in parts if p is not None))
    return Balance(sides[0], sides[1])


@dataclass(frozen=True)
class InForce:
    """A stock: last year's figure + inflow − outflow (现行有效 + 本年制发 − 本年废止)."""

    last_year: int
    issued: int
    repealed: int

    @property
    def available(self) -> int:
        return self.last_year + self.issued

    @property
    def expected(self) -> int:
        return self.available - self.repealed


def in_force(stock: Stock, values: Values, previous_values: Values, row: str) -> InForce | None:
    """The expected stock of `row`, or None while a figure is unknown or invalid."""
    last = previous_values.get(cell_key(stock.table, row, stock.stock))
    issued = values.get(cell_key(stock.table, row, stock.inflow))
    repealed = values.get(cell_key(stock.table, row, stock.outflow))
    if last is None or issued is None or repealed is None:
        return None
    return InForce(int(last), int(issued), int(repealed))
