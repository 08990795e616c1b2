"""The vocabulary a report format is declared in: sections, tables (rows, columns, the printed
header trees), derived sums, identities, carry-over, agency fields and deadlines.

A format is a value (`ReportFormat`), not a module of globals: the report carries it, and the
grid, the rules and every renderer read everything from it. A table is declared as *bands*: each
band is a cross-table of a column header tree over a row label tree, optionally under a
full-width title row (table 2's clauses). From that one declaration `core.formats.layout` builds
the merged-cell geometry that the grid, PDF, Excel, Word and HTML all draw.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from core.formats.axes import Column, Row, Sum, cell_key, split_cell_key
from core.formats.layout import Band, GridLayout, Head, band_cells, build_layout, heads


@dataclass(frozen=True)
class TableSpec:
    key: str
    number: str  # 表三 (its heading and help are those of the section of the same key)
    bands: tuple[Band, ...]
    # relative column widths in em of body text, label columns first; every renderer scales
    # them to its own width
    widths: tuple[float, ...]

    @cached_property
    def bindings(self) -> tuple[tuple[Row, Column], ...]:
        """Every cell as (row, column), in reading order of the printed table."""
        return tuple(cell for band in self.bands for line in band_cells(band) for cell in line)

    @cached_property
    def rows(self) -> tuple[Row, ...]:
        seen: dict[str, Row] = {}
        for row, _ in self.bindings:
            seen.setdefault(row.key, row)
        return tuple(seen.values())

    def row(self, key: str) -> Row:
        for r in self.rows:
            if r.key == key:
                return r
        raise KeyError(key)

    @cached_property
    def _columns(self) -> dict[str, tuple[Column, ...]]:
        out: dict[str, list[Column]] = {}
        for row, col in self.bindings:
            out.setdefault(row.key, []).append(col)
        return {k: tuple(v) for k, v in out.items()}

    def columns_for(self, row_key: str) -> tuple[Column, ...]:
        return self._columns[row_key]

    def column(self, row_key: str, col_key: str) -> Column:
        for c in self._columns[row_key]:
            if c.key == col_key:
                return c
        raise KeyError(col_key)

    @cached_property
    def columns(self) -> tuple[Column, ...]:
        """Every distinct column, in order of first appearance."""
        seen: dict[str, Column] = {}
        for _, col in self.bindings:
            seen.setdefault(col.key, col)
        return tuple(seen.values())

    @cached_property
    def qualifiers(self) -> dict[str, str]:
        """Row key → the group label read in front of its label in messages."""
        out: dict[str, str] = {}
        for band in self.bands:
            for top in band.rows:
                _collect_qualifiers(top, "", out)
        return out

    def row_label(self, key: str) -> str:
        return self.qualifiers.get(key, "") + self.row(key).label

    def cells(self) -> list[tuple[Row, Column]]:
        return list(self.bindings)

    def entered_cells(self) -> list[tuple[Row, Column]]:
        return [(r, c) for r, c in self.bindings if not (r.derived or c.derived)]


def _collect_qualifiers(node: Head, prefix: str, out: dict[str, str]) -> None:
    if node.row is not None and not node.children:
        if prefix:
            out[node.row.key] = prefix
        return
    inner = prefix + node.text if node.qualifies else prefix
    for child in node.children:
        _collect_qualifiers(child, inner, out)


# -- sections and the agency ---------------------------------------------------------------------

@dataclass(frozen=True)
class Subheading:
    key: str
    label: str  # （一）主动公开
    help: str = ""


@dataclass(frozen=True)
class Section:
    key: str
    heading: str
    kind: str  # "text" or "table"
    help: str = ""
    short: str = ""  # for the side panel: 三、依申请公开
    subheadings: tuple[Subheading, ...] = ()
    # a text that says less than this many characters is too brief (TEXT.PROBLEMS_EMPTY,
    # a warning); one that says only one of `empty_words` says nothing (the same rule, an error)
    min_chars: int = 0
    brief_hint: str = ""
    empty_words: tuple[str, ...] = ()
    # words the text must contain, and what to write when it does not (TEXT.FEE_MISSING)
    must_mention: str = ""
    mention_hint: str = ""
    # the grey example an empty editor shows (never stored: it disappears at the first key)
    placeholder: str = ""


@dataclass(frozen=True)
class AgencyField:
    key: str
    label: str
    required: bool = True
    help: str = ""
    check: str = ""  # the form a value must have: "postcode", "email", "phone" or "url"


@dataclass(frozen=True)
class AgencyKind:
    """Who publishes the report, and so its deadline (month, day of the next year)."""

    key: str
    label: str  # in words a clerk knows
    deadline: tuple[int, int]
    basis: str  # the article that sets the deadline

    def deadline_for(self, year: int) -> dt.date:
        return dt.date(year + 1, *self.deadline)


# -- relations between cells -----------------------------------------------------------------------

@dataclass(frozen=True)
class Identity:
    """A printed identity, checked per column of a table: sum(left rows) = sum(right rows)."""

    rule: str
    table: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    note: str  # the identity in the format's own words

    def cells(self, column: str) -> tuple[str, ...]:
        return tuple(f"{self.table}/{r}/{column}" for r in (*self.left, *self.right))


@dataclass(frozen=True)
class Stock:
    """A running total across years (现行有效件数): this year's stock = last year's stock +
    inflow − outflow, for each of `rows`."""

    table: str
    rows: tuple[str, ...]
    stock: str
    inflow: str
    outflow: str
    drift_rule: str  # the stock differs from the computed figure (warning)
    exceeds_rule: str  # more went out than there was (error)


@dataclass(frozen=True)
class CarryOver:
    """A figure of last year's report that starts this year's (`source` → `target`); with a
    `rule`, a different figure this year is reported."""

    source: str
    target: str
    rule: str = ""


@dataclass(frozen=True)
class UnitCheck:
    """An amount far too large for its unit (typed in 元 instead of 万元)."""

    cell: str
    rule: str
    threshold: Decimal
    unit: str
    small_unit: str
    factor: int
    kinds: tuple[str, ...]  # agency kinds it applies to


@dataclass(frozen=True)
class TextFigure:
    """A phrase in the prose that quotes a figure of the tables (TEXT.NUMBER_MISMATCH):
    `pattern` is a regular expression whose group 1 is the figure; the cells are summed."""

    pattern: str
    cells: tuple[str, ...]
    label: str = ""  # how the message names the figure; default: the cell's label
    exclude: tuple[str, ...] = ()  # the matched words must contain none of these
    # other sums the figure may equal (收到申请N件: 新收, or 新收 + 上年结转)
    alternatives: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class ClosureClaim:
    """The text says every case of `topic` was closed (均已办结…) while `cell` is above 0."""

    rule: str
    phrases: tuple[str, ...]  # regular expressions: 均已办结, 办结率(?:为|达)?100%…
    topic: str  # the sentence must speak of it (申请): the same words about 建议提案 are fine
    cell: str
    exclude: tuple[str, ...] = ()  # a sentence with these speaks of something else (上年结转)


@dataclass(frozen=True)
class AmountClaim:
    """A section states an amount above 0 of `words` (信息处理费 N 元) while `cell` is 0."""

    rule: str
    section: str
    words: str
    cell: str


@dataclass(frozen=True)
class YearJump:
    """A figure that grew or shrank `factor`-fold or more from last year's report (0 → n counts
    as a jump), the larger of the two at least `floor`: a unit or typing slip, probably."""

    rule: str
    cells: tuple[str, ...]
    factor: int
    floor: int


# -- the format ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReportFormat:
    id: str  # the report file's "format"
    name: str  # 国办公开办函〔2021〕30号
    sections: tuple[Section, ...]
    tables: tuple[TableSpec, ...]
    agency_fields: tuple[AgencyField, ...]
    agency_kinds: tuple[AgencyKind, ...]  # the first is the default
    title: Callable[[str, int], str]  # (agency name, year) → the report's title
    opening: Callable[[Mapping[str, str], int, ReportFormat], str]  # the opening paragraph
    identities: tuple[Identity, ...] = ()
    stocks: tuple[Stock, ...] = ()
    carry_over: tuple[CarryOver, ...] = ()
    unit_checks: tuple[UnitCheck, ...] = ()
    text_figures: tuple[TextFigure, ...] = ()
    closure_claims: tuple[ClosureClaim, ...] = ()
    amount_claims: tuple[AmountClaim, ...] = ()
    year_jumps: tuple[YearJump, ...] = ()
    money_decimals: int = 4
    _layouts: dict[str, GridLayout] = field(default_factory=dict, repr=False, compare=False,
                                            hash=False)

    # -- lookups --------------------------------------------------------------------------------
    @cached_property
    def section_by_key(self) -> dict[str, Section]:
        return {s.key: s for s in self.sections}

    @cached_property
    def table_by_key(self) -> dict[str, TableSpec]:
        return {t.key: t for t in self.tables}

    @cached_property
    def text_sections(self) -> tuple[str, ...]:
        return tuple(s.key for s in self.sections if s.kind == "text")

    @cached_property
    def agency_field_by_key(self) -> dict[str, AgencyField]:
        return {f.key: f for f in self.agency_fields}

    @cached_property
    def kind_by_key(self) -> dict[str, AgencyKind]:
        return {k.key: k for k in self.agency_kinds}

    def agency_kind(self, key: str | None) -> AgencyKind:
        """The agency kind of a report (the default when it says none or an unknown one)."""
        return self.kind_by_key.get(key or "", self.agency_kinds[0])

    def identity(self, rule: str) -> Identity:
        return next(i for i in self.identities if i.rule == rule)

    # -- cells ----------------------------------------------------------------------------------
    @cached_property
    def cell_keys(self) -> tuple[str, ...]:
        """Every cell key of every table, in print order."""
        return tuple(cell_key(t.key, r.key, c.key) for t in self.tables for r, c in t.bindings)

    @cached_property
    def entered_keys(self) -> tuple[str, ...]:
        return tuple(k for k in self.cell_keys if k not in self.derived_parts)

    @cached_property
    def entered_set(self) -> frozenset[str]:
        return frozenset(self.entered_keys)

    @cached_property
    def derived_keys(self) -> tuple[str, ...]:
        return tuple(k for k in self.cell_keys if k in self.derived_parts)

    @cached_property
    def money_keys(self) -> frozenset[str]:
        return frozenset(cell_key(t.key, r.key, c.key) for t in self.tables
                         for r, c in t.bindings if c.money)

    @cached_property
    def derived_parts(self) -> dict[str, tuple[str, ...]]:
        """Derived cell key → the entered cells it sums (a derived row × a derived column sums
        the entered cells of both)."""
        out: dict[str, tuple[str, ...]] = {}
        for t in self.tables:
            for r, c in t.bindings:
                if not (r.total or c.total):
                    continue
                rows = r.total.parts if r.total else (r.key,)
                cols = c.total.parts if c.total else (c.key,)
                out[cell_key(t.key, r.key, c.key)] = tuple(
                    cell_key(t.key, rr, cc) for rr in rows for cc in cols)
        for key, parts in out.items():
            inner = [p for p in parts if p in out]
            if inner:
                raise ValueError(f"{self.id}: {key} sums derived cells {inner}")
        return out

    def cell_rule(self, key: str) -> Sum:
        """The Sum that makes a derived cell (its column's, else its row's)."""
        table, row_key, col_key = split_cell_key(key)
        spec = self.table_by_key[table]
        col = spec.column(row_key, col_key)
        row = spec.row(row_key)
        found = col.total or row.total
        if found is None:
            raise KeyError(key)
        return found

    @cached_property
    def _cell_labels(self) -> dict[str, str]:
        out = {}
        for t in self.tables:
            for r, c in t.bindings:
                out[cell_key(t.key, r.key, c.key)] = \
                    f"{t.number}“{t.row_label(r.key)}”行“{c.label}”列"
        return out

    def cell_label(self, key: str) -> str:
        """A human label for a cell key, for messages: 表三“一、本年新收…”行“自然人”列."""
        return self._cell_labels[key]

    def cell_help(self, key: str) -> str:
        table_key, row_key, col_key = split_cell_key(key)
        table = self.table_by_key[table_key]
        return "\n".join(h for h in (table.row(row_key).help,
                                     table.column(row_key, col_key).help) if h)

    def layout(self, table_key: str) -> GridLayout:
        """The printed merged-cell layout of a table (built once)."""
        if table_key not in self._layouts:
            table = self.table_by_key[table_key]
            self._layouts[table_key] = build_layout(table.key, table.bands, table.widths,
                                                    table.bindings)
        return self._layouts[table_key]

    def path_label(self, path: str) -> str:
        """What a field path or cell key is called: 机关信息“邮编”, “一、总体情况”, a cell."""
        kind, _, rest = path.partition("/")
        if kind == "agency" and rest in self.agency_field_by_key:
            return f"机关信息“{self.agency_field_by_key[rest].label}”"
        if kind == "text" and rest in self.section_by_key:
            return f"“{self.section_by_key[rest].heading}”"
        if path == "date":
            return "落款日期"
        if kind in self.table_by_key:
            return self.cell_label(path)
        return path


__all__ = ["AgencyField", "AgencyKind", "AmountClaim", "Band", "CarryOver", "ClosureClaim",
           "Column", "Head", "Identity", "ReportFormat", "Row", "Section", "Stock",
           "Subheading", "Sum", "TableSpec", "TextFigure", "UnitCheck", "YearJump", "band_cells",
           "cell_key", "heads", "split_cell_key"]
