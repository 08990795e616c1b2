"""Revisions: what changed in a report, when, and why — bounded and coalesced.

Autosave stores every keystroke; recording each as a revision would drown the history. So a
save that touches exactly the same fields as the report's last revision, less than a minute
after it and with the same summary, is folded into that revision (its old values kept, its new
values and time updated: a sliding window, so one typing session is one revision). Folding
that brings every field back to where it started removes the revision. At most
MAX_REVISIONS are kept per report, the oldest pruned first.

Long text changes are stored as edits (`changes.compact`): a version is rebuilt by undoing the
newer revisions from the stored report backwards (`versions`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
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
        try:
            merged = ch.merge(previous, changes) if "status" not in paths \
                and ch.paths(previous) == paths else None
        except ValueError:  # a stored text edit that no longer fits: keep both revisions
            merged = None
        if merged is not None:
            if merged:
                conn.execute("UPDATE revisions SET ts = ?, changes = ? WHERE id = ?",
                             (now, dumps(ch.compact(merged)), last[0]))
            else:  # edited and edited back: nothing left to remember
                conn.execute("DELETE FROM revisions WHERE id = ?", (last[0],))
            return
    conn.execute("INSERT INTO revisions (report_id, ts, summary, changes) VALUES (?, ?, ?, ?)",
                 (report_id, now, summary, dumps(ch.compact(changes))))
    conn.execute("DELETE FROM revisions WHERE report_id = ? AND id <= ("
                 "SELECT id FROM revisions WHERE report_id = ? ORDER BY id DESC LIMIT 1 OFFSET ?)",
                 (report_id, report_id, MAX_REVISIONS))


def read(conn: sqlite3.Connection, agency: str, year: int) -> list[Revision]:
    """A report's revisions, newest first, with every change in the full form."""
    return [revision for revision, _ in walk(conn, agency, year)]


def walk(conn: sqlite3.Connection, agency: str,
         year: int) -> Iterator[tuple[Revision, dict[str, Any]]]:
    """Newest first: each revision and the report's leaves (with "status") as it left them."""
    row = conn.execute(
        "SELECT r.id, r.document, r.status FROM reports r JOIN agencies a "
        "ON a.id = r.agency_id WHERE a.name = ? AND r.year = ?", (agency, year)).fetchone()
    if row is None:
        return
    state = ch.leaves(json.loads(row[1]))
    state["status"] = row[2]
    rows = conn.execute("SELECT id, ts, summary, changes FROM revisions WHERE report_id = ? "
                        "ORDER BY id DESC", (row[0],)).fetchall()
    for rev_id, ts, summary, text in rows:
        stored = json.loads(text)
        try:
            full = ch.expand(stored, state)
        except ValueError:  # a text changed outside the history: its old side is unknown
            full = [c if "edit" not in c else {"path": c["path"], "new": state.get(c["path"])}
                    for c in stored]
        revision = Revision(local_time(ts), summary,
                            tuple(Change(c["path"], c.get("old"), c.get("new")) for c in full),
                            rev_id)
        yield revision, dict(state)
        state = ch.apply(ch.nest(state), full, reverse=True) if full else state


def version(conn: sqlite3.Connection, agency: str, year: int,
            revision_id: int) -> tuple[dict[str, Any], str] | None:
    """The report (document, status) as revision `revision_id` left it, or None."""
    for revision, state in walk(conn, agency, year):
        if revision.id == revision_id:
            status = str(state.pop("status", "draft"))
            return ch.nest(state), status
    return None
