"""The printed arithmetic identities, computed once for validation and for display.

Pages show the two sides of the 勾稽 identity and the expected 现行有效件数; the validator
checks them. Both call these functions, so the figure a clerk sees is the figure checked."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

Values = dict[str, int | Decimal | None]

BALANCE_ROWS = ("new_received", "carried_over", "total_processed", "carried_forward")


@dataclass(frozen=True)
class Balance:
    """Table 3, one column: 一 + 二 = （七） + 四."""

    new: int
    old: int
    done: int
    forward: int

    @property
    def left(self) -> int:
        return self.new + self.old

    @property
    def right(self) -> int:
        return self.done + self.forward

    @property
    def ok(self) -> bool:
        return self.left == self.right

    @property
    def difference(self) -> int:
        return abs(self.left - self.right)


def balance_cells(column: str) -> tuple[str, ...]:
    return tuple(f"requests/{row}/{column}" for row in BALANCE_ROWS)


def balance(values: Values, column: str) -> Balance | None:
    """The identity of one table-3 column, or None while a figure in it is invalid."""
    parts: list[Any] = [values.get(key) for key in balance_cells(column)]
    if any(p is None for p in parts):
        return None
    return Balance(*(int(p) for p in parts))


@dataclass(frozen=True)
class InForce:
    """Table 2: last year's 现行有效 + 本年制发 − 本年废止."""

    last_year: int
    issued: int
    repealed: int

    @property
    def available(self) -> int:
        return self.last_year + self.issued

    @property
    def expected(self) -> int:
        return self.available - self.repealed


def in_force(values: Values, previous_values: Values, row: str) -> InForce | None:
    """The expected 现行有效件数 of `row` (regulations / normative_documents), or None."""
    last = previous_values.get(f"active/{row}/in_force")
    issued = values.get(f"active/{row}/issued")
    repealed = values.get(f"active/{row}/repealed")
    if last is None or issued is None or repealed is None:
        return None
    return InForce(int(last), int(issued), int(repealed))
