"""The register window: list, filters, search, the form with the core's checks, due dates."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from core.register.listing import OVERDUE
from core.register.model import Application
from core.register.store import RegisterStore
from tests.gui.conftest import AGENCY

TODAY = dt.date(2025, 6, 30)


def _apps() -> list[Application]:
    return [
        Application("2025-001", dt.date(2025, 1, 6), "natural_person"),  # long overdue
        Application("2025-002", dt.date(2025, 6, 20), "natural_person"),  # open, days left
        Application("2025-003", dt.date(2025, 3, 3), "legal_service", replied=dt.date(2025, 3, 20),
                    result="granted"),
        Application("2025-004", dt.date(2025, 5, 6), "natural_person",
                    correction_requested=dt.date(2025, 5, 8)),  # waiting for 补正
        Application("2024-009", dt.date(2024, 12, 20), "natural_person",
                    replied=dt.date(2025, 1, 10), result="granted", applicant="张三",
                    content="关于某某道路的批复"),
    ]


@pytest.fixture
def window(qtbot, db_samples):
    from gui.register.window import RegisterWindow

    RegisterStore(db_samples).save_many(AGENCY, _apps())
    w = RegisterWindow(db_samples, AGENCY, today=TODAY)
    qtbot.addWidget(w)
    w.show()
    return w


def _column(w, col: int) -> list[str]:
    m = w.model
    return [m.data(m.index(r, col)) for r in range(m.rowCount())]


def test_lists_with_due_dates_overdue_in_red_and_waiting(window) -> None:
    m = window.model
    assert _column(window, 0) == ["2024-009", "2025-001", "2025-003", "2025-004", "2025-002"]
    states = dict(zip(_column(window, 0), _column(window, 5), strict=True))
    assert states == {"2024-009": "已答复", "2025-001": "逾期", "2025-003": "已答复",
                      "2025-004": "等待补正", "2025-002": "办理中"}
    row = m.row_of("2025-001")
    assert m.data(m.index(row, 7)).startswith("超期")
    assert m.data(m.index(row, 5), Qt.ItemDataRole.ForegroundRole).color().name() == "#c62828"
    open_row = m.row_of("2025-002")
    assert m.data(m.index(open_row, 6)) == "2025-07-18"  # 20 working days after 6-20
    assert m.data(m.index(open_row, 7)) == "14 个"
    assert "补正" in m.data(m.index(m.row_of("2025-004"), 5), Qt.ItemDataRole.ToolTipRole)
    assert "逾期未答复 1 件" in window.count_label.text()


def test_filters_search_and_sorting(window, qtbot) -> None:
    window.state_box.setCurrentIndex(window.state_box.findData(OVERDUE))
    assert _column(window, 0) == ["2025-001"]
    window.state_box.setCurrentIndex(window.state_box.findData("办理中"))
    assert _column(window, 0) == ["2025-004", "2025-002"]  # waiting for 补正 is open too
    window.state_box.setCurrentIndex(0)
    window.year_box.setCurrentIndex(window.year_box.findData(2024))
    assert _column(window, 0) == ["2024-009"]
    window.year_box.setCurrentIndex(0)
    window.type_box.setCurrentIndex(window.type_box.findData("legal_service"))
    assert _column(window, 0) == ["2025-003"]
    window.type_box.setCurrentIndex(0)
    window.result_box.setCurrentIndex(window.result_box.findData("granted"))
    assert _column(window, 0) == ["2024-009", "2025-003"]
    window.result_box.setCurrentIndex(0)
    window.search.setText("道路")  # the content, searched in the database
    with qtbot.waitSignal(window.search_timer.timeout):
        pass
    assert _column(window, 0) == ["2024-009"]
    window.search.clear()
    window.apply_filters()
    window.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert _column(window, 0)[0] == "2025-004"
    window.view.sortByColumn(5, Qt.SortOrder.AscendingOrder)  # the most urgent first
    assert _column(window, 5)[0] == OVERDUE


def test_form_shows_the_core_checks_per_field_and_saves_with_enter(window, qtbot, ime) -> None:
    changed = []
    window.changed.connect(lambda: changed.append(1))
    qtbot.keyClick(window.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    form = window.form
    assert form is not None and form.windowTitle() == "登记新申请"
    form.line("number").setText("2025-003")
    form.line("received").setText("2025-06-25")
    assert "已经登记过" in form.errors["number"].text()
    assert "申请人类型" in form.errors["applicant_type"].text()
    form.line("number").setText("2025-010")
    form.type_box.setCurrentIndex(form.type_box.findData("natural_person"))
    form.line("replied").setText("2025-06-01")
    assert form.errors["replied"].text() == "答复日期早于收到日期"
    assert form.errors["result"].text() == "填写了答复日期，但没有办理结果"
    form.line("replied").setText("2025/6/27")
    form.result_box.setCurrentIndex(form.result_box.findData("granted"))
    form.line("fee").setText("abc")
    assert "不是数字" in form.errors["fee"].text()
    qtbot.keyClick(form.line("fee"), Qt.Key.Key_Return)
    assert form.isVisible() and not changed  # refused: still a problem
    form.line("fee").clear()
    ime(form.line("applicant"), "李四")
    assert not form.summary.text()
    with qtbot.waitSignal(window.changed):
        qtbot.keyClick(form.line("applicant"), Qt.Key.Key_Return)
    saved = RegisterStore(window.db).get(AGENCY, "2025-010")
    assert saved is not None and saved.replied == dt.date(2025, 6, 27)
    assert saved.applicant == "李四" and saved.result == "granted"
    assert window.selected_number() == "2025-010"


def test_edit_with_enter_and_escape_cancels(window, qtbot) -> None:
    window.view.selectRow(window.model.row_of("2025-002"))
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Return)
    form = window.form
    assert form is not None and form.line("number").text() == "2025-002"
    form.line("replied").setText("2025-06-28")
    form.result_box.setCurrentIndex(form.result_box.findData("granted"))
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()
    assert RegisterStore(window.db).get(AGENCY, "2025-002").replied is None
    form = window.edit_selected()
    form.line("replied").setText("2025-06-28")
    form.result_box.setCurrentIndex(form.result_box.findData("granted"))
    with qtbot.waitSignal(window.changed):
        form.buttons.button(form.buttons.StandardButton.Save).click()
    m = window.model
    assert m.data(m.index(m.row_of("2025-002"), 5)) == "已答复"


def test_delete_asks(window, dialogs) -> None:
    window.view.selectRow(window.model.row_of("2025-003"))
    window.delete_selected()
    assert dialogs.messages[-1][0] == "question"
    assert RegisterStore(window.db).get(AGENCY, "2025-003") is None
    assert window.model.total == 4


def test_opened_from_the_start_window(start_window, qtbot, monkeypatch) -> None:
    w = start_window.open_register()
    qtbot.addWidget(w)
    assert w.agency == AGENCY and w.isVisible()
    start_window.list.clearSelection()
    asked = []
    monkeypatch.setattr(start_window, "ask_agency", lambda: asked.append(1) or "某某局")
    w2 = start_window.open_register()
    qtbot.addWidget(w2)
    assert asked and w2.agency == "某某局"
