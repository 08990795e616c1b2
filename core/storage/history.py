"""Revisions: what changed in a report, when, and why — bounded and coalesced.

Autosave stores every keystroke; recording each as a revision would drown the history. So a
save that touches exactly the same fields as the report's last revision, less than a minute
after it and with the same summary, is folded into that revision (its old values kept, its new
values and time updated: a sliding window, so one typing session is one revision). Folding
that brings every field back to where it started removes the revision. At most
MAX_REVISIONS are kept per report, the oldest pruned first.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from core.storage import changes as ch
from core.storage.documents import storable_json
from core.storage.records import Change, Revision, local_time

COALESCE_MS = 60_000
MAX_REVISIONS = 2000


def dumps(value: Any) -> str:
    return storable_json(value)


def record(conn: sqlite3.Connection, report_id: int, now: int, summary: str,
           changes: list[dict[str, Any]]) -> None:
    """Append a revision, or fold it into the previous one (call inside a transaction)."""
    last = conn.execute("SELECT id, ts, summary, changes FROM revisions "
                        "WHERE report_id = ? ORDER BY id DESC LIMIT 1", (report_id,)).fetchone()
    if last is not None and changes and 0 <= now - last[1] < COALESCE_MS \
            and last[2] == summary:
        previous = json.loads(last[3])
        paths = ch.paths(changes)
        if "status" not in paths and ch.paths(previous) == paths:
            merged = ch.merge(previous, changes)
            if merged:
                conn.execute("UPDATE revisions SET ts = ?, changes = ? WHERE id = ?",
                             (now, dumps(merged), last[0]))
            else:  # edited and edited back: nothing left to remember
                conn.execute("DELETE FROM revisions WHERE id = ?", (last[0],))
            return
    conn.execute("INSERT INTO revisions (report_id, ts, summary, changes) VALUES (?, ?, ?, ?)",
                 (report_id, now, summary, dumps(changes)))
    conn.execute("DELETE FROM revisions WHERE report_id = ? AND id <= ("
                 "SELECT id FROM revisions WHERE report_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)",
                 (report_id, report_id, MAX_REVISIONS))


def read(conn: sqlite3.Connection, agency: str, year: int) -> list[Revision]:
    """A report's revisions, newest first."""
    rows = conn.execute(
        "SELECT v.ts, v.summary, v.changes FROM revisions v "
        "JOIN reports r ON r.id = v.report_id JOIN agencies a ON a.id = r.agency_id "
        "WHERE a.name = ? AND r.year = ? ORDER BY v.id DESC", (agency, year)).fetchall()
    return [Revision(local_time(ts), summary,
                     tuple(Change(c["path"], c.get("old"), c.get("new"))
                           for c in json.loads(changes)))
            for ts, summary, changes in rows]
