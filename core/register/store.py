"""The register in the report database: one row per application per agency, and a revision for
every change (what changed, old and new), as reports have.

    store = RegisterStore(db)
    store.save_many("青禾县应急管理局", applications, summary="导入 台账.xlsx")
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from core.register.model import FIELDS, Application
from core.storage import Database
from core.storage.history import dumps
from core.storage.records import Change, Revision, local_time

_COLUMNS = ("number", "received", "applicant", "applicant_type", "channel", "content",
            "correction_requested", "correction_received", "extended", "replied", "result",
            "fee", "remarks")
_SELECT = "SELECT " + ", ".join(_COLUMNS) + " FROM applications"
CREATED = "新建申请"


def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


def to_row(app: Application) -> tuple[Any, ...]:
    def iso(day: dt.date | None) -> str | None:
        return None if day is None else day.isoformat()
    return (app.number, app.received.isoformat(), app.applicant, app.applicant_type,
            app.channel, app.content, iso(app.correction_requested),
            iso(app.correction_received), int(app.extended), iso(app.replied), app.result,
            None if app.fee is None else str(app.fee),
            json.dumps(dict(app.remarks), ensure_ascii=False))


def from_row(row: tuple[Any, ...]) -> Application:
    (number, received, applicant, kind, channel, content, asked, corrected, extended,
     replied, result, fee, remarks) = row
    return Application(number=number, received=dt.date.fromisoformat(received),
                       applicant_type=kind, applicant=applicant, channel=channel,
                       content=content, correction_requested=_day(asked),
                       correction_received=_day(corrected), extended=bool(extended),
                       replied=_day(replied), result=result,
                       fee=None if fee is None else Decimal(fee),
                       remarks=tuple(json.loads(remarks).items()))


def _plain(app: Application) -> dict[str, Any]:
    """Field → a JSON value, for the history."""
    values = dict(zip(_COLUMNS, to_row(app), strict=True))
    values["extended"] = app.extended
    values["remarks"] = dict(app.remarks)
    return values


def changes(old: Application, new: Application) -> list[dict[str, Any]]:
    a, b = _plain(old), _plain(new)
    return [{"path": f, "old": a[f], "new": b[f]} for f in (*FIELDS, "remarks") if a[f] != b[f]]


class RegisterStore:
    """The register of every agency, in an open Database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def has_agency(self, agency: str) -> bool:
        with self.db.reading():
            return self.db.agency_id(agency) is not None

    def applications(self, agency: str) -> list[Application]:
        """The agency's applications, by date of receipt and 编号."""
        with self.db.reading() as conn:
            agency_id = self.db.agency_id(agency)
            if agency_id is None:
                return []
            rows = conn.execute(_SELECT + " WHERE agency_id = ? ORDER BY received, number",
                                (agency_id,)).fetchall()
        return [from_row(r) for r in rows]

    def get(self, agency: str, number: str) -> Application | None:
        with self.db.reading() as conn:
            row = conn.execute(_SELECT + " WHERE agency_id = (SELECT id FROM agencies "
                               "WHERE name = ?) AND number = ?",
                               (agency.strip(), number)).fetchone()
        return None if row is None else from_row(row)

    def save(self, agency: str, app: Application, summary: str = "") -> bool:
        """Insert or update one application; True when something changed."""
        added, updated = self.save_many(agency, [app], summary)
        return bool(added or updated)

    def save_many(self, agency: str, apps: Iterable[Application],
                  summary: str = "") -> tuple[int, int]:
        """Insert or update (by 编号) in one transaction: all or nothing.
        Returns (added, updated); an application saved unchanged counts as neither."""
        now = self.db.now()
        added = updated = 0
        with self.db.writing() as conn:
            agency_id = self.db.agency_id(agency, create=True)
            known = {r[0]: (r[1], from_row(r[2:])) for r in conn.execute(
                "SELECT number, id, " + ", ".join(_COLUMNS) + " FROM applications "
                "WHERE agency_id = ?", (agency_id,))}
            for app in apps:
                found = known.get(app.number)
                if found is None:
                    row_id = self._insert(conn, agency_id, app, now)
                    self._record(conn, row_id, now, summary or CREATED, [])
                    known[app.number] = (row_id, app)
                    added += 1
                    continue
                row_id, old = found
                diff = changes(old, app)
                if diff:
                    conn.execute("UPDATE applications SET " + ", ".join(
                        f"{c} = ?" for c in _COLUMNS) + ", updated_at = ? WHERE id = ?",
                        (*to_row(app), now, row_id))
                    self._record(conn, row_id, now, summary, diff)
                    known[app.number] = (row_id, app)
                    updated += 1
        return added, updated

    def delete(self, agency: str, number: str) -> bool:
        with self.db.writing() as conn:
            return conn.execute("DELETE FROM applications WHERE agency_id = (SELECT id FROM "
                                "agencies WHERE name = ?) AND number = ?",
                                (agency.strip(), number)).rowcount > 0

    def revisions(self, agency: str, number: str) -> list[Revision]:
        """An application's history, newest first."""
        with self.db.reading() as conn:
            rows = conn.execute(
                "SELECT v.ts, v.summary, v.changes FROM application_revisions v "
                "JOIN applications p ON p.id = v.application_id "
                "JOIN agencies a ON a.id = p.agency_id WHERE a.name = ? AND p.number = ? "
                "ORDER BY v.id DESC", (agency.strip(), number)).fetchall()
        return [Revision(local_time(ts), summary,
                         tuple(Change(c["path"], c.get("old"), c.get("new"))
                               for c in json.loads(text)))
                for ts, summary, text in rows]

    @staticmethod
    def _insert(conn: sqlite3.Connection, agency_id: int | None, app: Application,
                now: int) -> int:
        cur = conn.execute("INSERT INTO applications (agency_id, " + ", ".join(_COLUMNS)
                           + ", updated_at) VALUES (?" + ", ?" * (len(_COLUMNS) + 1) + ")",
                           (agency_id, *to_row(app), now))
        return int(cur.lastrowid or 0)

    @staticmethod
    def _record(conn: sqlite3.Connection, row_id: int, now: int, summary: str,
                diff: list[dict[str, Any]]) -> None:
        conn.execute("INSERT INTO application_revisions (application_id, ts, summary, changes) "
                     "VALUES (?, ?, ?, ?)", (row_id, now, summary, dumps(diff)))
