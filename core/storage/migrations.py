"""The schema as an ordered list of numbered migrations.

`PRAGMA user_version` holds the number of migrations applied. Migration N moves a database from
version N-1 to N. A released migration is never edited: a change of schema is a new migration at
the end, plus a fixture database from the last released version in `tests/fixtures/`.
All pending migrations run inside ONE transaction, so an upgrade happens entirely or not at all.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

# `PRAGMA application_id`: marks a file as ours ("NBZS" in ASCII), so a foreign SQLite file is
# recognised as such instead of being "upgraded".
APPLICATION_ID = 0x4E425A53

# Tables every version of the schema has; a file without them is not one of ours.
CORE_TABLES = frozenset({"agencies", "reports", "revisions"})


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "first schema: agencies, reports, revisions", (
        f"PRAGMA application_id = {APPLICATION_ID}",
        """CREATE TABLE agencies (
               id      INTEGER PRIMARY KEY,
               name    TEXT NOT NULL UNIQUE,
               created INTEGER NOT NULL            -- ms since the Unix epoch, UTC
           )""",
        """CREATE TABLE reports (
               id         INTEGER PRIMARY KEY,
               agency_id  INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
               year       INTEGER NOT NULL,
               status     TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
               document   TEXT NOT NULL,             -- the report file form (interfaces.md)
               updated_at INTEGER NOT NULL,          -- ms since the Unix epoch, UTC
               UNIQUE (agency_id, year)
           )""",
        """CREATE TABLE revisions (
               id        INTEGER PRIMARY KEY,
               report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
               ts        INTEGER NOT NULL,           -- ms since the Unix epoch, UTC
               changes   TEXT NOT NULL               -- JSON [{"path", "old"?, "new"?}, ...]
           )""",
    )),
    Migration(2, "revision summaries, history index, GUI settings", (
        "ALTER TABLE revisions ADD COLUMN summary TEXT NOT NULL DEFAULT ''",
        "CREATE INDEX revisions_by_report ON revisions (report_id, id)",
        """CREATE TABLE settings (
               key   TEXT PRIMARY KEY,
               value TEXT NOT NULL                   -- JSON
           )""",
    )),
    Migration(3, "the register of applications (依申请公开台账) and its history", (
        # one row per application; dates are ISO text (YYYY-MM-DD), the applicant type and the
        # result are the keys of table 3's column and row in the report format
        """CREATE TABLE applications (
               id             INTEGER PRIMARY KEY,
               agency_id      INTEGER NOT NULL REFERENCES agencies(id) ON DELETE CASCADE,
               number         TEXT NOT NULL,          -- 编号, the agency's own
               received       TEXT NOT NULL,
               applicant      TEXT NOT NULL DEFAULT '',
               applicant_type TEXT NOT NULL,
               channel        TEXT NOT NULL DEFAULT '',
               content        TEXT NOT NULL DEFAULT '',
               correction_requested TEXT,
               correction_received  TEXT,
               extended       INTEGER NOT NULL DEFAULT 0,
               replied        TEXT,
               result         TEXT,
               fee            TEXT,                   -- 元, a decimal string
               remarks        TEXT NOT NULL DEFAULT '{}',  -- JSON {column name: text}
               updated_at     INTEGER NOT NULL,       -- ms since the Unix epoch, UTC
               UNIQUE (agency_id, number)
           )""",
        "CREATE INDEX applications_by_received ON applications (agency_id, received)",
        """CREATE TABLE application_revisions (
               id             INTEGER PRIMARY KEY,
               application_id INTEGER NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
               ts             INTEGER NOT NULL,       -- ms since the Unix epoch, UTC
               summary        TEXT NOT NULL DEFAULT '',
               changes        TEXT NOT NULL           -- JSON [{"path", "old"?, "new"?}, ...]
           )""",
        "CREATE INDEX application_revisions_by_application "
        "ON application_revisions (application_id, id)",
    )),
)


def current_version(migrations: Sequence[Migration] | None = None) -> int:
    return len(MIGRATIONS if migrations is None else migrations)


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def apply_migrations(conn: sqlite3.Connection,
                     migrations: Sequence[Migration] | None = None) -> tuple[int, int]:
    """Bring the database up to `len(migrations)` in one write transaction.

    `conn` must be in autocommit mode (``isolation_level=None``) with no open transaction.
    Returns (version before, version after). Raises whatever SQLite raised, after rolling
    back: the file is then exactly as before. A version above the newest migration is left
    alone (the caller refuses such a file before calling this).
    """
    migrations = MIGRATIONS if migrations is None else migrations
    for number, migration in enumerate(migrations, start=1):
        assert migration.version == number, "migrations must be numbered 1, 2, 3, …"
    conn.execute("BEGIN IMMEDIATE")
    try:
        before = user_version(conn)
        for migration in migrations[before:]:
            for statement in migration.statements:
                conn.execute(statement)
        after = max(before, len(migrations))
        if after != before:
            conn.execute(f"PRAGMA user_version = {after}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return before, after
