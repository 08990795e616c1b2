"""The start window's line about the register: per agency, what is overdue and what is due soon
(core.register.listing.due_summaries, the due-date rule of core.register.deadlines)."""

from __future__ import annotations

import datetime as dt
import html

from core.register.calendar import HolidayFileError, WorkCalendar
from core.register.listing import SOON, due_summaries
from core.register.store import RegisterStore
from core.storage import Database, StorageError

RED = "#c62828"


def due_text(db: Database, today: dt.date | None = None) -> str:
    """Rich text, or "" when no agency has a register."""
    try:
        items = due_summaries(RegisterStore(db), today or dt.date.today(), WorkCalendar())
    except (StorageError, HolidayFileError) as exc:
        return f"台账期限无法计算：{html.escape(str(exc))}"
    parts = []
    for s in items:
        found = []
        if s.overdue:
            found.append(f"<b style='color:{RED}'>逾期未答复 {s.overdue} 件</b>")
        if s.soon:
            found.append(f"<b>{SOON} 个工作日内到期 {s.soon} 件</b>")
        if s.waiting:
            found.append(f"等待补正 {s.waiting} 件")
        parts.append(f"{html.escape(s.agency)}：" + ("，".join(found) if found
                                                     else "没有临近期限的申请"))
    return ("依申请公开台账提醒 — " + "；".join(parts)) if parts else ""
