"""Table 3 counted from the register, against counts written by hand for an explicit ledger."""

from __future__ import annotations

import datetime as dt

from core.formats import DEFAULT_FORMAT
from core.register.counting import count_table3
from core.register.model import Application

D = dt.date
Y = 2025


def a(number: str, received: dt.date, kind: str, replied: dt.date | None = None,
      result: str | None = None) -> Application:
    return Application(number=number, received=received, applicant_type=kind,
                       replied=replied, result=result)


LEDGER = [
    # received in 2023, answered in 2024: in nothing of 2025
    a("1", D(2023, 12, 1), "natural_person", D(2024, 1, 10), "granted"),
    # received 2024, still open at the end of 2024, answered in 2025 → carried over, a result
    a("2", D(2024, 12, 20), "natural_person", D(2025, 1, 15), "partially_granted"),
    a("3", D(2024, 12, 30), "commercial", D(2025, 2, 1), "withheld.state_secret"),
    # received 2024, answered on 31 Dec 2024: not carried over
    a("4", D(2024, 12, 2), "research", D(2024, 12, 31), "granted"),
    # received 2024, never answered: carried over and carried forward
    a("5", D(2024, 11, 11), "legal_service"),
    # received in 2025 and answered in 2025
    a("6", D(2025, 1, 1), "natural_person", D(2025, 1, 20), "granted"),
    a("7", D(2025, 5, 5), "natural_person", D(2025, 6, 1), "granted"),
    a("8", D(2025, 6, 6), "social_welfare", D(2025, 7, 1), "not_processed.repeated"),
    a("9", D(2025, 7, 7), "other_org", D(2025, 12, 31), "other.other"),
    # received in 2025, answered in 2026: carried forward
    a("10", D(2025, 12, 31), "natural_person", D(2026, 1, 5), "granted"),
    a("11", D(2025, 11, 30), "commercial"),
    # received in 2026: nothing of 2025
    a("12", D(2026, 1, 2), "natural_person"),
]

# written by hand from the ledger above (row → {column: n}); every other cell is 0
EXPECTED = {
    "new_received": {"natural_person": 3, "social_welfare": 1, "other_org": 1, "commercial": 1},
    "carried_over": {"natural_person": 1, "commercial": 1, "legal_service": 1},
    "granted": {"natural_person": 2},
    "partially_granted": {"natural_person": 1},
    "withheld.state_secret": {"commercial": 1},
    "not_processed.repeated": {"social_welfare": 1},
    "other.other": {"other_org": 1},
    "total_processed": {"natural_person": 3, "commercial": 1, "social_welfare": 1,
                        "other_org": 1},
    "carried_forward": {"natural_person": 1, "commercial": 1, "legal_service": 1},
}


def test_counts_match_the_hand_written_table() -> None:
    cells = count_table3(LEDGER, Y)
    table = DEFAULT_FORMAT.table_by_key["requests"]
    assert set(cells) == {f"requests/{r.key}/{c.key}" for r, c in table.bindings}
    for row, col in table.bindings:
        want = EXPECTED.get(row.key, {})
        expected = sum(want.values()) if col.key == "total" else want.get(col.key, 0)
        assert cells[f"requests/{row.key}/{col.key}"] == expected, (row.key, col.key)


def test_the_counted_table_balances() -> None:
    cells = count_table3(LEDGER, Y)
    for col in ("natural_person", "commercial", "legal_service", "total"):
        assert cells[f"requests/new_received/{col}"] + cells[f"requests/carried_over/{col}"] \
            == cells[f"requests/total_processed/{col}"] \
            + cells[f"requests/carried_forward/{col}"]


def test_next_year_carries_over_what_this_year_carried_forward() -> None:
    this, nxt = count_table3(LEDGER, Y), count_table3(LEDGER, Y + 1)
    assert nxt["requests/carried_over/total"] == this["requests/carried_forward/total"] == 3
    assert nxt["requests/new_received/natural_person"] == 1


# -- REG.MISMATCH -----------------------------------------------------------------------------

def _report_with_register_counts(agency: str, year: int):  # type: ignore[no-untyped-def]
    from core import reportfile
    from tests.support import sample_document

    report = reportfile.parse_document(sample_document(year, agency))
    counts = count_table3(LEDGER, year)
    report.set_cells({k: v for k, v in counts.items() if k in DEFAULT_FORMAT.entered_set})
    return report, counts


def test_reg_mismatch_names_each_differing_cell_and_by_how_much() -> None:
    from core.validation import RegisterCount, validate

    agency = "青禾县应急管理局"
    report, counts = _report_with_register_counts(agency, Y)
    count = RegisterCount(agency, Y, counts)
    assert not [i for i in validate(report, register=count) if i.rule == "REG.MISMATCH"]
    report.set_cells({"requests/granted/natural_person": 5,
                      "requests/new_received/commercial": 0})
    found = [i for i in validate(report, register=count) if i.rule == "REG.MISMATCH"]
    assert len(found) == 1 and found[0].severity == "warning"
    assert found[0].cells == ("requests/new_received/commercial",
                              "requests/granted/natural_person")
    assert "（2 处）" in found[0].message
    assert "表三“一、本年新收政府信息公开申请数量”行“商业企业”列填 0，台账统计为 1（少 1）" \
        in found[0].message
    assert "“（一）予以公开”行“自然人”列填 5，台账统计为 2（多 3）" in found[0].message
    # another agency's or year's count says nothing; without a count, validate is unchanged
    for other in (RegisterCount("别的局", Y, counts), RegisterCount(agency, Y - 1, counts)):
        assert not [i for i in validate(report, register=other) if i.rule == "REG.MISMATCH"]
    assert validate(report) == validate(report, None)
    assert not [i for i in validate(report) if i.rule == "REG.MISMATCH"]
