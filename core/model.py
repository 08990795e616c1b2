"""The report model: one agency's report for one year.

Entered cells keep the raw value the user or file gave (so validation can say what is wrong with
it); derived cells (总计 columns, （七）总计, table 4 总计) are always computed from entered cells.
A derived value that arrived in a file is kept separately in `declared`, only to be compared.
Listeners are told about every change, so an editing session can autosave and re-validate.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from core.formats import DEFAULT_FORMAT, SCHEMA_ID, ReportFormat, cell_key
from core.formats.spec import AgencyKind

STATUS_DRAFT = "draft"
STATUS_FINAL = "final"
STATUS_LABELS = {STATUS_DRAFT: "草稿", STATUS_FINAL: "已定稿"}


class ReportLocked(Exception):
    """A finalized report was edited without reopening it first."""

    def __init__(self) -> None:
        super().__init__("报告已定稿，不能修改；如需修改请先“重新打开”。")


# interfaces.md "Limits": an integer cell of 15 digits (a float such as 1e20 is far beyond any
# count; an amount that large would overflow the printed form's decimal arithmetic)
COUNT_LIMIT = 10 ** 15


def parse_count(value: Any) -> int | None:
    """A table count as stored: a non-negative whole JSON number, else None (invalid)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value if 0 <= value < COUNT_LIMIT else None
    if isinstance(value, float) and value.is_integer() and 0 <= value < COUNT_LIMIT:
        return int(value)
    return None


def parse_money(value: Any, decimals: int = 4) -> Decimal | None:
    """An amount: number or decimal string >= 0 with at most `decimals` decimals (trailing
    zeros aside)."""
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
    if not amount.is_finite() or amount < 0 or amount >= COUNT_LIMIT:
        return None
    normalized = amount.normalize()
    exponent = normalized.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -decimals:
        return None
    return amount


def money_text(amount: Decimal, decimals: int = 4) -> str:
    """An amount as printed: `decimals` places at most, trailing zeros dropped, no exponent."""
    q = amount.quantize(Decimal(1).scaleb(-decimals))
    text = format(q, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def parse_cell(fmt: ReportFormat, key: str, value: Any) -> int | Decimal | None:
    if key in fmt.money_keys:
        return parse_money(value, fmt.money_decimals)
    return parse_count(value)


def empty_cells(fmt: ReportFormat) -> dict[str, Any]:
    return {k: ("0" if k in fmt.money_keys else 0) for k in fmt.entered_keys}


def created_cells(fmt: ReportFormat, previous: Report | None) -> dict[str, Any]:
    """The cells of a new report: 0 everywhere, and what carries over from last year (the
    format's `carry_over`: 上年结转 = last year's 结转下年度, 现行有效件数 = last year's figure)."""
    cells = empty_cells(fmt)
    if previous is not None:
        last = previous.parsed()
        for carry in fmt.carry_over:
            value = last.get(carry.source)
            if value is not None and carry.target in fmt.entered_set:
                cells[carry.target] = int(value)
    return cells


def compute_derived(fmt: ReportFormat,
                    values: dict[str, int | Decimal | None]) -> dict[str, int | None]:
    """Derived cells from parsed entered values (the sums the format declares); None where an
    input is invalid."""
    out: dict[str, int | None] = {}
    for key, parts in fmt.derived_parts.items():
        total = 0
        for part in parts:
            value = values.get(part)
            if value is None:
                out[key] = None
                break
            total += int(value)
        else:
            out[key] = total
    return out


@dataclass(frozen=True)
class Change:
    """What a change notification says: the field path ("cells/<key>", "cells" for several,
    "text/overview", "agency/phone", "date", "status") and, for cells, their values before and
    after (what undo needs, whoever made the change)."""

    path: str
    before: Mapping[str, Any] = field(default_factory=dict)
    after: Mapping[str, Any] = field(default_factory=dict)

    @property
    def cell_keys(self) -> tuple[str, ...]:
        return tuple(self.after)


@dataclass
class Report:
    year: int
    agency: dict[str, str] = field(default_factory=dict)
    date: str = ""
    texts: dict[str, str] = field(default_factory=dict)
    cells: dict[str, Any] = field(default_factory=dict)
    declared: dict[str, Any] = field(default_factory=dict)  # derived cells given by a file
    status: str = STATUS_DRAFT
    format: ReportFormat = field(default=DEFAULT_FORMAT, repr=False)
    # field path → JSON type, for text fields a file gave as a number, list… (kept as text)
    wrong_types: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    _listeners: list[Callable[[Change], None]] = field(default_factory=list, repr=False,
                                                       compare=False)
    _parsed: tuple[Any, dict[str, Any]] | None = field(default=None, repr=False,
                                                       compare=False)

    def __post_init__(self) -> None:
        """A new report has every field of its format: empty texts, 0 in every cell."""
        for f in self.format.agency_fields:
            self.agency.setdefault(f.key, "")
        for key in self.format.text_sections:
            self.texts.setdefault(key, "")
        if not self.cells:
            self.cells = empty_cells(self.format)

    # -- observation -------------------------------------------------------------------------
    def subscribe(self, listener: Callable[[Change], None]) -> Callable[[], None]:
        """Call `listener(change)` after every change; returns an unsubscribe function."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener)

    def _changed(self, change: Change) -> None:
        self._parsed = None
        for listener in list(self._listeners):
            listener(change)

    def _check_editable(self) -> None:
        if self.status == STATUS_FINAL:
            raise ReportLocked()

    # -- editing -----------------------------------------------------------------------------
    def set_cell(self, key: str, value: Any) -> None:
        self.set_cells({key: value})

    def set_cells(self, values: Mapping[str, Any]) -> None:
        """Several cells at once (a paste): one change notification, so one save."""
        for key in values:
            if key not in self.format.entered_set:
                raise KeyError(key)
        self._check_editable()
        missing = object()
        before = {k: self.cells.get(k, missing) for k in values}
        changed = {k: v for k, v in values.items()
                   if not (before[k] == v and type(before[k]) is type(v))}
        if not changed:
            return
        self.cells.update(changed)
        # Totals declared by an imported file are only claims about the file's figures; once a
        # figure is edited here, the computed totals are the only truth.
        self.declared.clear()
        path = "cells" if len(changed) > 1 else f"cells/{next(iter(changed))}"
        self._changed(Change(path, {k: None if before[k] is missing else before[k]
                                    for k in changed}, changed))

    def set_text(self, section: str, text: str) -> None:
        if section not in self.format.text_sections:
            raise KeyError(section)
        self._check_editable()
        self.wrong_types.pop(f"text/{section}", None)
        if self.texts.get(section) == text:
            return
        self.texts[section] = text
        self._changed(Change(f"text/{section}"))

    def set_agency(self, key: str, value: str) -> None:
        if key not in self.format.agency_field_by_key and key != "kind":
            raise KeyError(key)
        self._check_editable()
        self.wrong_types.pop(f"agency/{key}", None)
        if self.agency.get(key) == value:
            return
        self.agency[key] = value
        self._changed(Change(f"agency/{key}"))

    def set_date(self, iso_date: str) -> None:
        self._check_editable()
        self.wrong_types.pop("date", None)
        if self.date == iso_date:
            return
        self.date = iso_date
        self._changed(Change("date"))

    def set_status(self, status: str) -> None:
        if status not in STATUS_LABELS:
            raise ValueError(status)
        if self.status != status:
            self.status = status
            self._changed(Change("status"))

    # -- reading -----------------------------------------------------------------------------
    @property
    def agency_name(self) -> str:
        return self.agency.get("name", "").strip()

    @property
    def agency_kind(self) -> AgencyKind:
        """Department or government (sets the deadline); the format's default when unset."""
        kind = self.agency.get("kind")
        return self.format.agency_kind(kind if isinstance(kind, str) else None)

    @property
    def title(self) -> str:
        return self.format.title(self.agency_name, self.year)

    def parsed(self) -> dict[str, int | Decimal | None]:
        """Every cell as a number: entered cells parsed (None if invalid), derived computed.

        Recomputed on every call unless nothing changed through the setters since the last one
        (the cache is dropped by every set_*; direct writes to `cells` are always seen because
        the cache remembers the exact values it was computed from)."""
        keys = self.format.entered_keys
        raw = [self.cells.get(k) for k in keys]
        snapshot = (tuple(raw), tuple(map(type, raw)))  # types too: True == 1 in Python
        cached = self._parsed
        if cached is not None and cached[0] == snapshot:
            return dict(cached[1])
        values: dict[str, int | Decimal | None] = {
            k: parse_cell(self.format, k, v) for k, v in zip(keys, raw, strict=True)}
        values.update(compute_derived(self.format, values))
        self._parsed = (snapshot, values)
        return dict(values)

    def value(self, key: str) -> int | Decimal | None:
        return self.parsed()[key]

    def figure_text(self, key: str, value: int | Decimal | None) -> str:
        """A valid figure as printed (amounts without trailing zeros)."""
        if isinstance(value, Decimal):
            return money_text(value, self.format.money_decimals)
        return "" if value is None else str(value)

    def copy(self) -> Report:
        clone = Report(self.year, copy.deepcopy(self.agency), self.date, dict(self.texts),
                       copy.deepcopy(self.cells), copy.deepcopy(self.declared), self.status,
                       self.format)
        clone.wrong_types = dict(self.wrong_types)
        return clone

    # -- report file form (interfaces.md) ----------------------------------------------------
    def to_document(self, include_derived: bool = True) -> dict[str, Any]:
        fmt = self.format
        flat: dict[str, Any] = {k: v for k, v in self.cells.items() if k in fmt.entered_set}
        if include_derived:
            values = self.parsed()
            flat.update({k: values[k] for k in fmt.derived_keys if values.get(k) is not None})
        return {
            "schema": SCHEMA_ID,
            "format": fmt.id,
            "year": self.year,
            "agency": dict(self.agency),
            "date": self.date,
            "text": dict(self.texts),
            "tables": nest_cells(fmt, flat),
        }


def nest_cells(fmt: ReportFormat, flat: Mapping[str, Any]) -> dict[str, dict[str, dict[str, Any]]]:
    """Flat cell keys → the report file's nested tables, in print order:
    {"requests/granted/total": 7} → {"active": {}, "requests": {"granted": {"total": 7}},
    "review": {}}. Every table is present; a row only when it has a cell."""
    tables: dict[str, dict[str, dict[str, Any]]] = {}
    for table in fmt.tables:
        rows: dict[str, dict[str, Any]] = {}
        for row in table.rows:
            cols = {c.key: flat[k] for c in table.columns_for(row.key)
                    if (k := cell_key(table.key, row.key, c.key)) in flat}
            if cols:
                rows[row.key] = cols
        tables[table.key] = rows
    return tables
