"""The start window's line of what is due soon and overdue in the register."""

from __future__ import annotations

import datetime as dt

from core.register.calendar import WorkCalendar
from core.register.deadlines import open_on
from core.register.model import Application
from core.register.store import RegisterStore
from tests.gui.conftest import AGENCY


def test_due_line_follows_the_register(start_window, qtbot) -> None:
    assert start_window.due_label.isHidden()  # no register yet: no line
    today = dt.date.today()
    apps = [Application("L-1", today - dt.timedelta(days=90), "natural_person"),
            Application("L-2", today - dt.timedelta(days=25), "natural_person"),
            Application("L-3", today, "commercial", correction_requested=today)]
    RegisterStore(start_window.db).save_many(AGENCY, apps)
    window = start_window.open_register()
    qtbot.addWidget(window)
    items = open_on(apps, today, WorkCalendar())
    overdue = sum(1 for i in items if i.overdue)
    soon = sum(1 for i in items if i.days_left is not None and 0 <= i.days_left <= 5)
    # a change in the register window refreshes the start window's line
    window.view.selectRow(window.model.row_of("L-3"))
    with qtbot.waitSignal(window.changed):
        window.delete_selected()
    text = start_window.due_label.text()
    assert not start_window.due_label.isHidden()
    assert AGENCY in text and f"逾期未答复 {overdue} 件" in text
    assert ("到期" in text) == bool(soon)
    assert "等待补正" not in text  # L-3 was deleted
