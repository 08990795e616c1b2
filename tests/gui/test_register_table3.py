"""按台账统计 on step 三, and REG.MISMATCH from the session's register provider."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from core.register.counting import count_table3
from core.register.model import Application
from core.register.store import RegisterStore
from core.validation import validate
from gui.pages.requests_register import LOCK_NOTE
from gui.widgets.table_model import FINAL_BG, LOCKED_BG
from tests.gui.conftest import AGENCY

APPS = [
    # open at the end of 2024: 上年结转 of 2025
    Application("2024-050", dt.date(2024, 12, 23), "natural_person",
                replied=dt.date(2025, 1, 8), result="granted", applicant="王五"),
    Application("2025-001", dt.date(2025, 2, 3), "natural_person",
                replied=dt.date(2025, 2, 20), result="granted"),
    Application("2025-002", dt.date(2025, 3, 3), "commercial",
                replied=dt.date(2025, 3, 25), result="partially_granted"),
    Application("2025-003", dt.date(2025, 12, 29), "natural_person"),  # 结转下年度
]


@pytest.fixture
def registered(session):
    RegisterStore(session.db).save_many(AGENCY, APPS)
    return session


def test_mismatch_comes_from_the_register_through_the_session(registered) -> None:
    issues = registered.issues
    assert any(i.rule == "REG.MISMATCH" for i in issues)
    # the core call without a register is unchanged: no register check
    assert not any(i.rule == "REG.MISMATCH"
                   for i in validate(registered.report, registered.previous))


def test_by_register_writes_counts_read_only_with_tooltips(registered, requests_page,
                                                           qtbot) -> None:
    session, grid = registered, requests_page.grid
    link = requests_page.register_link
    before = dict(session.report.cells)
    link.checkbox.setChecked(True)
    counted = count_table3(APPS, 2025)
    values = session.report.parsed()
    assert values["requests/carried_over/natural_person"] == 1
    assert values["requests/new_received/natural_person"] == 2
    assert values["requests/carried_forward/natural_person"] == 1
    for key in session.report.format.entered_keys:
        if key.startswith("requests/"):
            assert values[key] == counted[key], key
    assert not any(i.rule == "REG.MISMATCH" for i in session.issues)
    model = grid.table_model()
    assert grid.read_only and model.read_only
    tip = model.tooltip("requests/carried_over/natural_person")
    assert "2024-050" in tip and "2024-12-23" in tip and "王五" not in tip
    # typing is refused with the reason: counted from the register, not “定稿”
    with qtbot.waitSignal(model.refused) as refused:
        assert not model.set_text("requests/granted/natural_person", "9")
    assert refused.args[1] == LOCK_NOTE
    grid.focus_key("requests/granted/natural_person")
    qtbot.keyClicks(grid, "7")
    assert grid.message == LOCK_NOTE and "定稿" not in grid.message
    locked = grid.index_for_key("requests/granted/natural_person").data(
        Qt.ItemDataRole.BackgroundRole).color()
    assert locked == LOCKED_BG != FINAL_BG  # it looks locked, and not like a final report
    # one undo step brings back the typed figures
    link.checkbox.setChecked(False)
    assert not grid.read_only
    assert session.undo() is not None
    assert {k: v for k, v in session.report.cells.items() if k.startswith("requests/")} == \
        {k: v for k, v in before.items() if k.startswith("requests/")}
    assert any(i.rule == "REG.MISMATCH" for i in session.issues)


def test_the_choice_is_remembered_per_report(registered, ctx, qtbot) -> None:
    from gui.pages.page_requests import RequestsPage

    first = RequestsPage(ctx)
    qtbot.addWidget(first)
    first.register_link.checkbox.setChecked(True)
    again = RequestsPage(ctx)
    qtbot.addWidget(again)
    assert again.register_link.checkbox.isChecked() and again.grid.read_only


def test_without_a_register_it_says_so(session, requests_page) -> None:
    link = requests_page.register_link
    link.checkbox.setChecked(True)
    assert not link.checkbox.isChecked()
    assert "还没有" in link.note.text()
    assert not any(i.rule == "REG.MISMATCH" for i in session.issues)


def test_the_note_counts_the_year_s_applications_not_the_whole_register(registered,
                                                                       requests_page) -> None:
    RegisterStore(registered.db).save(AGENCY, Application("2026-001", dt.date(2026, 1, 5),
                                                          "natural_person"))
    link = requests_page.register_link
    link.checkbox.setChecked(True)
    assert link.note.text() == "已按台账统计：2025年度 4 件申请（台账共 5 件）。"
