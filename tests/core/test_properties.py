"""Property tests: consistent tables always pass the arithmetic; any single perturbed table-3
cell is caught."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from core.formats import f2021 as fmt
from core.formats.spec import cell_key
from core.model import Report
from core.validation import validate

ARITHMETIC = {"T3.BALANCE", "T3.ROW_TOTAL", "T3.RESULT_TOTAL", "T4.TOTAL", "CELL.INVALID"}
COLS = [c.key for c in fmt.T3_APPLICANT_COLUMNS]
counts = st.integers(min_value=0, max_value=500)


@st.composite
def consistent_report(draw):
    r = Report(year=2025)
    for col in COLS:
        results = {row: draw(counts) for row in fmt.T3_RESULT_ROWS}
        forward = draw(counts)
        handled = sum(results.values()) + forward
        carried = draw(st.integers(min_value=0, max_value=handled))
        r.cells[f"requests/carried_over/{col}"] = carried
        r.cells[f"requests/new_received/{col}"] = handled - carried
        r.cells[f"requests/carried_forward/{col}"] = forward
        for row, n in results.items():
            r.cells[f"requests/{row}/{col}"] = n
    for row in fmt.T4_ROWS:
        for c in fmt.T4_COLUMNS:
            if not c.derived:
                r.cells[f"review/{row.key}/{c.key}"] = draw(counts)
    if draw(st.booleans()):  # declared totals, as another office's file would carry them
        for key, value in r.parsed().items():
            if key in fmt.FORMAT.cell_keys and key.startswith(("requests", "review")) and \
                    key not in r.cells:
                r.declared[key] = value
    return r


@settings(max_examples=150, deadline=None)
@given(consistent_report())
def test_consistent_tables_pass(report):
    assert {i.rule for i in validate(report)} & ARITHMETIC == set()


ENTERED_T3 = [cell_key("requests", r.key, c) for r in fmt.T3_ROWS if not r.derived
              for c in COLS]


@settings(max_examples=200, deadline=None)
@given(consistent_report(), st.sampled_from(ENTERED_T3),
       st.integers(min_value=1, max_value=50), st.booleans())
def test_any_single_perturbed_cell_is_caught(report, key, delta, up):
    value = report.cells[key]
    if not up and value >= delta:
        report.cells[key] = value - delta
    else:
        report.cells[key] = value + delta
    issues = [i for i in validate(report) if i.rule == "T3.BALANCE"]
    column = key.rsplit("/", 1)[1]
    assert any(f"requests/new_received/{column}" in i.cells for i in issues)
    # the message names the column and the difference
    label = next(c.label for c in fmt.T3_COLUMNS if c.key == column)
    assert any(i.message.startswith(f"表三{label}列") and f"相差 {delta}" in i.message
               for i in issues)


@settings(max_examples=100, deadline=None)
@given(consistent_report(), st.sampled_from([k for k in fmt.FORMAT.cell_keys
                                             if k.startswith("requests")
                                             and k not in ENTERED_T3]),
       st.integers(min_value=1, max_value=50))
def test_any_wrong_declared_total_is_caught(report, key, delta):
    report.declared[key] = report.parsed()[key] + delta
    rules = {i.rule for i in validate(report) if key in i.cells}
    assert rules & {"T3.ROW_TOTAL", "T3.RESULT_TOTAL"}
