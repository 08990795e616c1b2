"""Statutory due dates of open applications (条例 第三十三条, 第三十条).

The reply is due on the 20th working day after the day of receipt (that day not counted), the
40th with an extension. After a request to correct (补正) the period runs from the day the
corrected application arrived; while it has not arrived there is no due date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from core.register.calendar import WorkCalendar
from core.register.model import Application

PERIOD, EXTENDED_PERIOD = 20, 40
WAITING_CORRECTION = "补正"


def due_date(app: Application, cal: WorkCalendar) -> dt.date | None:
    """None while a requested correction has not arrived."""
    if app.correction_requested is not None and app.correction_received is None:
        return None
    start = app.correction_received or app.received
    return cal.add_workdays(start, EXTENDED_PERIOD if app.extended else PERIOD)


@dataclass(frozen=True)
class OpenItem:
    number: str
    received: dt.date
    due: dt.date | None
    days_left: int | None
    estimated: bool  # the due date lies beyond the days the holiday calendar knows

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0

    def as_dict(self) -> dict[str, object]:
        """The JSON form of `register due` (interfaces.md)."""
        if self.due is None:
            return {"id": self.number, "received": self.received.isoformat(), "due": None,
                    "waiting": WAITING_CORRECTION}
        return {"id": self.number, "received": self.received.isoformat(),
                "due": self.due.isoformat(), "days_left": self.days_left,
                "overdue": self.overdue}


def open_on(apps: Iterable[Application], day: dt.date, cal: WorkCalendar) -> list[OpenItem]:
    """Applications open on `day` (received by then, no reply on or before it), the most
    urgent first; those waiting for a correction last."""
    out: list[OpenItem] = []
    for app in apps:
        if not app.open_on(day):
            continue
        due = due_date(app, cal)
        left = None if due is None else cal.workdays_until(day, due)
        out.append(OpenItem(app.number, app.received, due, left,
                            due is not None and due > cal.known_until))
    out.sort(key=lambda i: (i.due is None, i.due or dt.date.max, i.received, i.number))
    return out
