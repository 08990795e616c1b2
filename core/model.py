"""The report model: one agency's report for one year.

Entered cells keep the raw value the user or file gave (so validation can say what is wrong with
it); derived cells (总计 columns, （七）总计, table 4 总计) are always computed from entered cells.
A derived value that arrived in a file is kept separately in `declared`, only to be compared.
Listeners are told about every change, so an editing session can autosave and re-validate.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from core import format2021 as fmt

STATUS_DRAFT = "draft"
STATUS_FINAL = "final"
STATUS_LABELS = {STATUS_DRAFT: "草稿", STATUS_FINAL: "已定稿"}


class ReportLocked(Exception):
    """A finalized report was edited without reopening it first."""

    def __init__(self) -> None:
        super().__init__("报告已定稿，不能修改；如需修改请先“重新打开”。")


def parse_count(value: Any) -> int | None:
    """A table count as stored: a non-negative whole JSON number, else None (invalid)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    return None


def parse_money(value: Any) -> Decimal | None:
    """万元 amount: number or decimal string >= 0 with at most 4 decimals (trailing zeros aside)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        text = repr(value) if isinstance(value, float) else str(value)
    elif isinstance(value, str):
        text = value.strip()
        if not text or not all(ch in "0123456789." for ch in text) or text.count(".") > 1:
            return None
        if text.startswith(".") or text.endswith("."):
            return None
    else:
        return None
    try:
        amount = Decimal(text)
    except InvalidOperation:
        return None
    if not amount.is_finite() or amount < 0:
        return None
    normalized = amount.normalize()
    exponent = normalized.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -4:
        return None
    return amount


def money_text(amount: Decimal) -> str:
    """A 万元 amount as printed: 4 decimals at most, trailing zeros dropped, never exponent."""
    q = amount.quantize(Decimal("0.0001"))
    text = format(q, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


MONEY_KEYS = frozenset(
    fmt.cell_key(t.key, r.key, c.key) for t in fmt.TABLES for r, c in t.cells() if c.money)


def parse_cell(key: str, value: Any) -> int | Decimal | None:
    return parse_money(value) if key in MONEY_KEYS else parse_count(value)


ENTERED_KEYS = tuple(fmt.all_cell_keys(entered_only=True))
ENTERED_SET = frozenset(ENTERED_KEYS)
DERIVED_KEYS = tuple(k for k in fmt.all_cell_keys() if k not in ENTERED_SET)


def empty_cells() -> dict[str, Any]:
    return {k: ("0" if k in MONEY_KEYS else 0) for k in ENTERED_KEYS}


def compute_derived(values: dict[str, int | Decimal | None]) -> dict[str, int | None]:
    """Derived cells from parsed entered values; None where an input is invalid."""

    def total(keys: list[str]) -> int | None:
        parts = [values.get(k) for k in keys]
        if any(p is None for p in parts):
            return None
        return int(sum(parts))  # type: ignore[arg-type]

    out: dict[str, int | None] = {}
    cols = [c.key for c in fmt.T3_APPLICANT_COLUMNS]
    for row in fmt.T3_ROWS:
        if row.derived:
            continue
        out[f"requests/{row.key}/total"] = total([f"requests/{row.key}/{c}" for c in cols])
    for col in cols:
        out[f"requests/total_processed/{col}"] = total(
            [f"requests/{r}/{col}" for r in fmt.T3_RESULT_ROWS])
    out["requests/total_processed/total"] = total(
        [f"requests/{r}/{c}" for r in fmt.T3_RESULT_ROWS for c in cols])
    for row in fmt.T4_ROWS:
        out[f"review/{row.key}/total"] = total(
            [f"review/{row.key}/{c.key}" for c in fmt.T4_COLUMNS if not c.derived])
    return out


@dataclass
class Report:
    year: int
    agency: dict[str, str] = field(default_factory=lambda: {f.key: "" for f in fmt.AGENCY_FIELDS})
    date: str = ""
    texts: dict[str, str] = field(default_factory=lambda: {k: "" for k in fmt.TEXT_SECTIONS})
    cells: dict[str, Any] = field(default_factory=empty_cells)
    declared: dict[str, Any] = field(default_factory=dict)  # derived cells given by a file
    status: str = STATUS_DRAFT
    # field path → JSON type, for text fields a file gave as a number, list… (kept as text)
    wrong_types: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _listeners: list[Callable[[str], None]] = field(default_factory=list, repr=False,
                                                    compare=False)
    _parsed: tuple[Any, dict[str, Any]] | None = field(default=None, repr=False,
                                                                  compare=False)

    # -- observation -------------------------------------------------------------------------
    def subscribe(self, listener: Callable[[str], None]) -> Callable[[], None]:
        """Call `listener(path)` after every change; returns an unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _changed(self, path: str) -> None:
        self._parsed = None
        for listener in list(self._listeners):
            listener(path)

    def _check_editable(self) -> None:
        if self.status == STATUS_FINAL:
            raise ReportLocked()

    # -- editing -----------------------------------------------------------------------------
    def set_cell(self, key: str, value: Any) -> None:
        if key not in self.cells and key not in ENTERED_KEYS:
            raise KeyError(key)
        self._check_editable()
        if self.cells.get(key) == value and type(self.cells.get(key)) is type(value):
            return
        self.cells[key] = value
        # Totals declared by an imported file are only claims about the file's figures; once a
        # figure is edited here, the computed totals are the only truth.
        self.declared.clear()
        self._changed(f"cells/{key}")

    def set_cells(self, values: dict[str, Any]) -> None:
        """Several cells at once (a paste): one change notification, so one save."""
        for key in values:
            if key not in ENTERED_KEYS:
                raise KeyError(key)
        self._check_editable()
        changed = {k: v for k, v in values.items()
                   if not (self.cells.get(k) == v and type(self.cells.get(k)) is type(v))}
        if not changed:
            return
        self.cells.update(changed)
        self.declared.clear()
        self._changed("cells" if len(changed) > 1 else f"cells/{next(iter(changed))}")

    def set_text(self, section: str, text: str) -> None:
        if section not in fmt.TEXT_SECTIONS:
            raise KeyError(section)
        self._check_editable()
        self.wrong_types.pop(f"text/{section}", None)
        if self.texts.get(section) == text:
            return
        self.texts[section] = text
        self._changed(f"text/{section}")

    def set_agency(self, key: str, value: str) -> None:
        if key not in fmt.AGENCY_FIELD_BY_KEY:
            raise KeyError(key)
        self._check_editable()
        self.wrong_types.pop(f"agency/{key}", None)
        if self.agency.get(key) == value:
            return
        self.agency[key] = value
        self._changed(f"agency/{key}")

    def set_date(self, iso_date: str) -> None:
        self._check_editable()
        self.wrong_types.pop("date", None)
        if self.date == iso_date:
            return
        self.date = iso_date
        self._changed("date")

    def set_status(self, status: str) -> None:
        if status not in STATUS_LABELS:
            raise ValueError(status)
        if self.status != status:
            self.status = status
            self._changed("status")

    # -- reading -----------------------------------------------------------------------------
    @property
    def agency_name(self) -> str:
        return self.agency.get("name", "").strip()

    @property
    def title(self) -> str:
        return f"{self.agency_name}{self.year}年政府信息公开工作年度报告"

    def parsed(self) -> dict[str, int | Decimal | None]:
        """Every cell as a number: entered cells parsed (None if invalid), derived computed.

        Recomputed on every call unless nothing changed through the setters since the last one
        (the cache is dropped by every set_*; direct writes to `cells` are always seen because
        the cache remembers the exact values it was computed from)."""
        raw = [self.cells.get(k) for k in ENTERED_KEYS]
        snapshot = (tuple(raw), tuple(map(type, raw)))  # types too: True == 1 in Python
        cached = self._parsed
        if cached is not None and cached[0] == snapshot:
            return dict(cached[1])
        values: dict[str, int | Decimal | None] = {
            k: parse_cell(k, v) for k, v in zip(ENTERED_KEYS, raw, strict=True)}
        values.update(compute_derived(values))
        self._parsed = (snapshot, values)
        return dict(values)

    def value(self, key: str) -> int | Decimal | None:
        return self.parsed()[key]

    def copy(self) -> Report:
        clone = copy.deepcopy(
            Report(self.year, self.agency, self.date, self.texts, self.cells, self.declared,
                   self.status))
        clone.wrong_types = dict(self.wrong_types)
        return clone

    # -- report file form (interfaces.md) ----------------------------------------------------
    def to_document(self, include_derived: bool = True) -> dict[str, Any]:
        flat: dict[str, Any] = {k: v for k, v in self.cells.items() if k in ENTERED_SET}
        if include_derived:
            values = self.parsed()
            flat.update({k: values[k] for k in DERIVED_KEYS if values.get(k) is not None})
        tables = fmt.nest_cells(flat)
        return {
            "schema": fmt.SCHEMA_ID,
            "format": fmt.FORMAT_ID,
            "year": self.year,
            "agency": dict(self.agency),
            "date": self.date,
            "text": dict(self.texts),
            "tables": tables,
        }
