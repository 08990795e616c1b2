"""The register window's light rows: due dates as core.register.deadlines computes them."""

from __future__ import annotations

import datetime as dt
import random

from core.register.calendar import WorkCalendar
from core.register.deadlines import open_on
from core.register.listing import annotate, due_summaries, register_count, rows, search
from core.register.model import Application
from core.register.store import RegisterStore
from core.storage import Database


def _made_up(n: int) -> list[Application]:
    rnd = random.Random(3)
    out = []
    for i in range(n):
        received = dt.date(2024, 1, 1) + dt.timedelta(days=rnd.randrange(900))
        asked = received + dt.timedelta(days=2) if rnd.random() < 0.2 else None
        corrected = asked + dt.timedelta(days=5) if asked and rnd.random() < 0.5 else None
        out.append(Application(f"N{i}", received, "natural_person",
                               correction_requested=asked, correction_received=corrected,
                               extended=rnd.random() < 0.3, content=f"内容{i}"))
    return out


def test_due_dates_agree_with_deadlines(tmp_path) -> None:
    apps = _made_up(300)
    cal, today = WorkCalendar(), dt.date(2025, 10, 9)
    with Database.open(tmp_path / "r.sqlite3", backups=False) as db:
        store = RegisterStore(db)
        store.save_many("甲局", apps)
        found = rows(store, "甲局")
        due = annotate(found, today, cal)
        mine = {found[i][0]: (d.date, d.days_left) for i, d in due.items()}
        theirs = {i.number: (i.due, i.days_left) for i in open_on(apps, today, cal)
                  if i.due is not None}
        received_later = {a.number for a in apps if a.received > today}
        assert {k: v for k, v in mine.items() if k not in received_later} == theirs
        summary, = due_summaries(store, today, cal)
        assert summary.overdue == sum(1 for _, left in theirs.values() if left < 0)
        assert search(store, "甲局", "内容12") == {"N12", *(f"N12{d}" for d in range(10))}
        assert search(store, "甲局", "%") == frozenset()
        assert register_count(store, "乙局", 2025) is None


def test_a_year_the_register_does_not_cover_is_not_compared(tmp_path):
    """A register kept only since 2026 says nothing about the 2025 report: no count (so no
    REG.MISMATCH warning and no zeros written), while 2026 and a carried-over year count."""
    with Database.open(tmp_path / "r.sqlite3", backups=False) as db:
        store = RegisterStore(db)
        store.save_many("甲局", [
            Application("2026-001", dt.date(2026, 2, 3), "natural_person"),
            Application("2026-002", dt.date(2026, 3, 3), "natural_person",
                        replied=dt.date(2026, 3, 20), result="granted")])
        assert register_count(store, "甲局", 2025) is None
        count = register_count(store, "甲局", 2026)
        assert count is not None and count.cells["requests/new_received/natural_person"] == 2
        store.save_many("甲局", [Application("2024-050", dt.date(2024, 12, 28), "natural_person",
                                             replied=dt.date(2025, 1, 15), result="granted")])
        carried = register_count(store, "甲局", 2025)  # open in 2025: the register covers it
        assert carried is not None
        assert carried.cells["requests/carried_over/natural_person"] == 1
        store.delete("甲局", "2024-050")
        store.save_many("甲局", [Application("2024-051", dt.date(2024, 3, 2), "natural_person",
                                             replied=dt.date(2024, 3, 15), result="granted")])
        quiet = register_count(store, "甲局", 2025)  # kept since 2024, none in 2025: zeros
        assert quiet is not None
        assert quiet.cells["requests/new_received/natural_person"] == 0
