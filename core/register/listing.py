"""What the register window lists: light rows read straight from SQL (no Application objects, so
that 100,000 rows open in a fraction of a second), the state of each row on a given day, and
the register's count handed to validation (REG.MISMATCH) with the applications behind each cell.

No personal data here: a row holds 编号, dates, applicant type and result only.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from core.register.calendar import WorkCalendar
from core.register.counting import count_table3
from core.register.deadlines import EXTENDED_PERIOD, PERIOD
from core.register.model import Application
from core.register.store import RegisterStore
from core.register.vocab import CARRIED_FORWARD, CARRIED_OVER, NEW, TABLE
from core.validation.registry import RegisterCount

OPEN, ANSWERED, OVERDUE, WAITING = "办理中", "已答复", "逾期", "等待补正"
STATES = (OPEN, ANSWERED, OVERDUE)  # the filter's choices (等待补正 counts as 办理中)


# A row is the plain tuple SQLite returns (no object per application: 100,000 of them took a
# quarter of a second to build): 编号, 收到日期, 申请人类型, 答复日期, 办理结果, 补正通知日期,
# 补正收到日期, 延期 — dates as ISO text, which sorts and filters as it is.
Row = tuple[str, str, str, str | None, str | None, str | None, str | None, int]
# Final: mypy then knows each index, hence each field's type
NUMBER: Final = 0
RECEIVED: Final = 1
KIND: Final = 2
REPLIED: Final = 3
RESULT: Final = 4
ASKED: Final = 5
CORRECTED: Final = 6
EXTENDED: Final = 7


@dataclass(frozen=True, slots=True)
class Due:
    date: dt.date
    days_left: int  # negative: overdue by that many working days


def waiting(row: Row) -> bool:
    """Waiting for the applicant's correction (补正): no due date until it arrives."""
    return row[REPLIED] is None and row[ASKED] is not None and row[CORRECTED] is None


def state(row: Row, due: Due | None) -> str:
    if row[REPLIED] is not None:
        return ANSWERED
    if due is not None and due.days_left < 0:
        return OVERDUE
    return WAITING if waiting(row) else OPEN


def rows(store: RegisterStore, agency: str) -> list[Row]:
    """The agency's applications as light rows, in no particular order (the window sorts).

    `+agency_id` keeps SQLite off the (agency, 编号) index: going through it fetched each
    of 100,000 rows by a separate lookup, three times slower than reading the table through."""
    with store.db.reading() as conn:
        agency_id = store.db.agency_id(agency)
        if agency_id is None:
            return []
        return conn.execute(
            "SELECT number, received, applicant_type, replied, result, correction_requested, "
            "correction_received, extended FROM applications WHERE +agency_id = ?",
            (agency_id,)).fetchall()


def annotate(items: Sequence[Row], today: dt.date, cal: WorkCalendar) -> dict[int, Due]:
    """Due date and working days left of every open row, by its index in `items` (the rule of
    deadlines.due_date).

    The working days of the whole span are listed once and looked up by bisection: counting
    day by day per row took seconds for thousands of long-open applications."""
    todo = [(n, row[EXTENDED], dt.date.fromisoformat(row[CORRECTED] or row[RECEIVED]))
            for n, row in enumerate(items) if row[REPLIED] is None and not waiting(row)]
    if not todo:
        return {}
    first = min(min(start for _, _, start in todo), today)
    last = max(max(start for _, _, start in todo), today) + dt.timedelta(days=200)
    workdays = [d.toordinal() for d in (first + dt.timedelta(days=n)
                                        for n in range((last - first).days + 1))
                if cal.is_workday(d)]
    now = bisect_right(workdays, today.toordinal())
    out: dict[int, Due] = {}
    for n, extended, start in todo:
        period = EXTENDED_PERIOD if extended else PERIOD
        due = workdays[bisect_right(workdays, start.toordinal()) + period - 1]
        out[n] = Due(dt.date.fromordinal(due), bisect_right(workdays, due) - now)
    return out


def fingerprint(store: RegisterStore, agency: str) -> tuple[int, int, int]:
    """Changes whenever the agency's register does (added, edited or deleted rows)."""
    with store.db.reading() as conn:
        found = conn.execute(
            "SELECT count(*), coalesce(max(updated_at), 0), coalesce(sum(id), 0) "
            "FROM applications WHERE agency_id = (SELECT id FROM agencies WHERE name = ?)",
            (agency.strip(),)).fetchone()
    return int(found[0]), int(found[1]), int(found[2])


def register_count(store: RegisterStore, agency: str, year: int) -> RegisterCount | None:
    """Table 3 counted from the register, or None when the register does not reach back to that
    year for the agency (nothing registered, or kept only since a later year): such a report
    is not “different from it”, and counting it would write zeros. A year inside the
    register's span with no applications is counted — zeros are then the right figures."""
    apps = store.applications(agency)
    if not apps or year < min(app.received for app in apps).year:
        return None
    return RegisterCount(agency.strip(), year, count_table3(apps, year))


def count_provider(store: RegisterStore, agency: Callable[[], str],
                   year: Callable[[], int]) -> Callable[[], RegisterCount | None]:
    """For EditingSession.register_provider: recounts only when the register has changed."""
    cache: dict[tuple[object, ...], RegisterCount | None] = {}

    def provide() -> RegisterCount | None:
        key = (agency(), year(), fingerprint(store, agency()))
        if key not in cache:
            cache.clear()
            cache[key] = register_count(store, agency(), year())
        return cache[key]
    return provide


def behind_cells(apps: Iterable[Application], year: int) -> dict[str, list[Application]]:
    """The applications counted in each entered cell of table 3 (the rules of count_table3)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    out: dict[str, list[Application]] = {}
    for app in apps:
        col = app.applicant_type
        if app.received > last:
            continue
        keys = []
        if app.received >= first:
            keys.append(NEW)
        elif app.replied is None or app.replied >= first:
            keys.append(CARRIED_OVER)
        if app.replied is not None and first <= app.replied <= last and app.result:
            keys.append(app.result)
        if app.replied is None or app.replied > last:
            keys.append(CARRIED_FORWARD)
        for row in keys:
            out.setdefault(f"{TABLE}/{row}/{col}", []).append(app)
    return out


def search(store: RegisterStore, agency: str, text: str) -> frozenset[str]:
    """The 编号 of applications whose 编号, 申请人 or 申请内容 contains `text` (for the window's
    search box; nothing of the applicant leaves the database)."""
    pattern = "%" + text.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    with store.db.reading() as conn:
        found = conn.execute(
            "SELECT number FROM applications WHERE agency_id = (SELECT id FROM agencies "
            "WHERE name = ?) AND (number LIKE ?1 ESCAPE '\\' OR applicant LIKE ?1 ESCAPE '\\' "
            "OR content LIKE ?1 ESCAPE '\\')".replace("?1", "?2"),
            (agency.strip(), pattern)).fetchall()
    return frozenset(r[0] for r in found)


SOON = 5  # working days: “due soon” on the start window


@dataclass(frozen=True)
class DueSummary:
    agency: str
    overdue: int
    soon: int  # due within SOON working days (today included)
    waiting: int  # waiting for a correction (补正)


def due_summaries(store: RegisterStore, today: dt.date,
                  cal: WorkCalendar) -> list[DueSummary]:
    """Per agency with a register: what is overdue and what is due soon (for the start window)."""
    with store.db.reading() as conn:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM agencies WHERE id IN (SELECT agency_id FROM applications) "
            "ORDER BY name")]
    out = []
    for name in names:
        found = rows(store, name)
        due = annotate(found, today, cal).values()
        out.append(DueSummary(name, sum(1 for d in due if d.days_left < 0),
                              sum(1 for d in due if 0 <= d.days_left <= SOON),
                              sum(1 for r in found if waiting(r))))
    return out
