"""Reading every readable row of our tables out of a damaged database (for `core.storage.salvage`).

Two ways, the second only where the first fell short:
1. Through SQLite, table by table in rowid order. A damaged page makes the scan fail; the scan
   then jumps past it (probing ever larger rowid steps, then bisecting back to the first readable
   row after the damage) and goes on, so one bad page costs only the rows on it.
2. Straight from the pages (`core.storage.pages`), for a table SQLite could not read whole (its
   schema page or an interior page is damaged): every leaf record that has exactly the shape of
   one of our tables' rows. Pages on the freelist are left out, so deleted rows stay deleted.
"""

from __future__ import annotations

import json
import sqlite3
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from core.storage.documents import DRAFT, FINAL, identify
from core.storage.errors import InvalidDocument
from core.storage.pages import PageFile

MIN_ROWID, MAX_ROWID = -(1 << 63), (1 << 63) - 1
# a file (with its -wal) larger than this is not read into memory for the page scan: ours are
# a few megabytes (decades of reports are ~64 MB)
RAW_LIMIT = 256 << 20


def _json(text: Any, kind: type) -> bool:
    if not isinstance(text, str):
        return False
    try:
        return isinstance(json.loads(text), kind)
    except ValueError:
        return False


def _document(text: Any) -> bool:
    if not _json(text, dict):
        return False
    try:
        identify(json.loads(text))
    except InvalidDocument:
        return False
    return True


def _int(value: Any) -> bool:
    return isinstance(value, int)


def _opt_text(value: Any) -> bool:
    return value is None or isinstance(value, str)


@dataclass(frozen=True)
class TableShape:
    """One of our tables: its columns (latest schema) and what a raw record of it looks like."""

    name: str
    label: str  # how the clerk calls its rows
    unit: str  # the measure word that counts them: 报告 3 份
    columns: tuple[str, ...]
    fits: Callable[[tuple[Any, ...]], bool]  # values with the rowid already in the id column
    # older rows may lack columns added later by ALTER TABLE (revisions.summary): their defaults
    defaults: tuple[Any, ...] = ()
    rowid_alias: bool = True  # the first column is INTEGER PRIMARY KEY (stored as NULL)
    since: int = 1  # the schema version (migration) that created the table


def _fits_report(v: tuple[Any, ...]) -> bool:
    """A report row whose year is its document's (a damaged year column would file it under
    another year)."""
    if not (_int(v[1]) and _int(v[2]) and v[3] in (DRAFT, FINAL) and _document(v[4])
            and _int(v[5])):
        return False
    return bool(identify(json.loads(v[4]))[1] == v[2])


def _fits_revision(v: tuple[Any, ...]) -> bool:
    return (_int(v[1]) and _int(v[2]) and _json(v[3], list) and isinstance(v[4], str)
            and not _json(v[4], list))


def _fits_application_revision(v: tuple[Any, ...]) -> bool:
    return (_int(v[1]) and _int(v[2]) and isinstance(v[3], str) and not _json(v[3], list)
            and _json(v[4], list))


def _fits_application(v: tuple[Any, ...]) -> bool:
    texts = (v[2], v[3], v[4], v[5], v[6], v[7])
    optional = (v[8], v[9], v[11], v[12], v[13])
    return (_int(v[1]) and all(isinstance(t, str) for t in texts)
            and all(_opt_text(t) for t in optional) and _int(v[10])
            and _json(v[14], dict) and _int(v[15]))


# in the order rows must be written (parents before children)
SHAPES: tuple[TableShape, ...] = (
    TableShape("agencies", "机关", "个", ("id", "name", "created"),
               lambda v: isinstance(v[1], str) and bool(v[1].strip()) and _int(v[2])),
    TableShape("reports", "报告", "份",
               ("id", "agency_id", "year", "status", "document", "updated_at"), _fits_report),
    TableShape("revisions", "修改记录", "条", ("id", "report_id", "ts", "changes", "summary"),
               _fits_revision, defaults=("",)),
    TableShape("settings", "设置", "项", ("key", "value"),
               lambda v: isinstance(v[0], str) and _json(v[1], object), rowid_alias=False,
               since=2),
    TableShape("applications", "台账申请", "件",
               ("id", "agency_id", "number", "received", "applicant", "applicant_type",
                "channel", "content", "correction_requested", "correction_received",
                "extended", "replied", "result", "fee", "remarks", "updated_at"),
               _fits_application, since=3),
    TableShape("application_revisions", "台账修改记录", "条",
               ("id", "application_id", "ts", "summary", "changes"),
               _fits_application_revision, since=3),
)
SHAPE = {s.name: s for s in SHAPES}


@dataclass
class TableRead:
    """What was read of one table: rows by rowid (values in `SHAPE[..].columns` order)."""

    rows: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    complete: bool = False  # SQLite read the whole table without an error
    damaged: int = 0  # stretches SQLite could not read
    from_pages: int = 0  # rows only the page scan found


# -- through SQLite ------------------------------------------------------------------------------
def read_sql(path: Path) -> dict[str, TableRead]:
    """Our tables as far as SQLite can read them ({} when not even the schema is readable)."""
    try:
        conn = sqlite3.connect(str(path), isolation_level=None)
    except sqlite3.Error:
        return {}
    try:
        try:
            conn.execute("PRAGMA query_only = ON")
            names = {r[0] for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.DatabaseError:
            return {}
        out: dict[str, TableRead] = {}
        for shape in SHAPES:
            if shape.name in names:
                out[shape.name] = _read_table(conn, shape)
            elif version < shape.since:  # an older schema: the table is not there yet
                out[shape.name] = TableRead(complete=True)
            else:  # its entry in the schema was lost: only the page scan can find its rows
                out[shape.name] = TableRead(damaged=1)
        return out
    finally:
        conn.close()


def _read_table(conn: sqlite3.Connection, shape: TableShape) -> TableRead:
    read = TableRead()
    try:
        present = {r[1] for r in conn.execute(f"PRAGMA table_info({shape.name})")}
    except sqlite3.DatabaseError:
        read.damaged += 1
        return read
    # a column an older schema lacks (only revisions.summary, added by ALTER TABLE) is ''
    wanted = [c if c in present else "''" for c in shape.columns]
    if shape.rowid_alias:
        wanted[0] = "rowid"
    source = f"{shape.name} NOT INDEXED"
    for rowid, values in _walk(conn, ", ".join(wanted), source, read):
        if fits(shape, values):
            read.rows[rowid] = values
        else:  # SQLite read garbage from a damaged page: a loss like an unreadable row
            read.damaged += 1
    read.complete = read.complete and read.damaged == 0
    return read


def fits(shape: TableShape, values: tuple[Any, ...]) -> bool:
    try:
        return bool(shape.fits(values))
    except (IndexError, TypeError, ValueError):
        return False


def _walk(conn: sqlite3.Connection, columns: str, source: str,
          read: TableRead) -> Iterator[tuple[int, tuple[Any, ...]]]:
    """Every readable row in rowid order, jumping over damaged stretches."""
    select = f"SELECT rowid, {columns} FROM {source} WHERE rowid >= ? ORDER BY rowid"
    start = MIN_ROWID
    while True:
        last: int | None = None
        try:
            for row in conn.execute(select, (start,)):
                last = int(row[0])
                yield last, tuple(row[1:])
            read.complete = read.damaged == 0
            return
        except sqlite3.DatabaseError:
            read.damaged += 1
        # the row after the last one read (or the first at or after the start) is unreadable
        if last is not None:
            bad = last + 1
        else:
            first = _probe(conn, source, start)  # reaching a rowid does not read its row
            bad = first if isinstance(first, int) and not isinstance(first, bool) else start
        if bad > MAX_ROWID:
            return
        found = _next_readable(conn, source, bad)
        if found is None:
            return
        start = found  # > bad: every round moves on


def _probe(conn: sqlite3.Connection, source: str, at: int) -> int | None | bool:
    """The first rowid at or after `at` (None: no more rows), or False when unreadable."""
    try:
        row = conn.execute(f"SELECT rowid FROM {source} WHERE rowid >= ? ORDER BY rowid LIMIT 1",
                           (at,)).fetchone()
    except sqlite3.DatabaseError:
        return False
    return None if row is None else int(row[0])


def _next_readable(conn: sqlite3.Connection, source: str, bad: int) -> int | None:
    """The first rowid after the damage at `bad` that SQLite can reach (None: none)."""
    step = 1
    good = None
    while True:
        at = bad + step
        if at > MAX_ROWID:
            return None
        found = _probe(conn, source, at)
        if found is not False:
            good = at
            break
        bad = at
        step *= 2
    while good - bad > 1:  # the damage ends somewhere in (bad, good]: find where
        mid = (bad + good) // 2
        if _probe(conn, source, mid) is False:
            bad = mid
        else:
            good = mid
    found = _probe(conn, source, good)
    return None if found is None or found is False else int(found)


# -- straight from the pages ---------------------------------------------------------------------
RawTables = dict[str, dict[int, list[tuple[Any, ...]]]]  # table → rowid → copies found


def read_pages(path: Path) -> RawTables:
    """Rows of each of our tables found on the file's leaf pages: table → rowid → candidates
    (a rowid can appear twice when a page was copied before it was freed)."""
    wal = path.with_name(path.name + "-wal")
    try:
        size = path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)
        if size > RAW_LIMIT:
            return {}
        data = overlay_wal(bytearray(path.read_bytes()), wal)
    except (OSError, MemoryError):
        return {}
    best: RawTables = {}
    for pages in PageFile.guesses(data):
        found = _classify(pages)
        if sum(map(len, found.values())) > sum(map(len, best.values())):
            best = found
    return best


def _classify(pages: PageFile) -> RawTables:
    found: RawTables = {}
    for raw in pages.rows(skip=pages.free_pages()):
        for shape in SHAPES:
            values = _as_row(shape, raw.rowid, raw.values)
            if values is not None:
                found.setdefault(shape.name, {}).setdefault(raw.rowid, []).append(values)
                break
    return found


def _as_row(shape: TableShape, rowid: int, values: tuple[Any, ...]) -> tuple[Any, ...] | None:
    missing = len(shape.columns) - len(values)
    if not 0 <= missing <= len(shape.defaults):
        return None
    if missing:  # a row written before ALTER TABLE added the last columns
        values = values + shape.defaults[-missing:]
    if shape.rowid_alias:
        if values[0] is not None:  # an INTEGER PRIMARY KEY is stored as NULL
            return None
        values = (rowid, *values[1:])
    return values if fits(shape, values) else None


def overlay_wal(data: bytearray, wal: Path) -> bytearray:
    """The file as SQLite would read it: the committed frames of its -wal written over its
    pages (in place). Frames count only as far as SQLite would count them: matching salts and
    an unbroken chain of checksums up to a commit frame. A -wal that cannot be read or does not
    fit is ignored (the file alone is what is left)."""
    try:
        log = wal.read_bytes()
    except OSError:
        return data
    if len(log) < 32:
        return data
    magic = int.from_bytes(log[0:4], "big")
    if magic not in (0x377F0682, 0x377F0683):
        return data
    order = ">" if magic & 1 else "<"  # the byte order of the words the checksums add up
    size = int.from_bytes(log[8:12], "big")
    if size not in (512, 1024, 2048, 4096, 8192, 16384, 32768, 65536):
        return data
    checksum = _wal_checksum(log[0:24], order, (0, 0))
    if checksum != struct.unpack(">II", log[24:32]):
        return data  # SQLite ignores a log whose header is damaged
    salt = log[16:24]
    pages: dict[int, bytes] = {}
    pending: dict[int, bytes] = {}
    end_pages = 0
    pos = 32
    while pos + 24 + size <= len(log):
        frame = log[pos:pos + 24]
        content = log[pos + 24:pos + 24 + size]
        if frame[8:16] != salt:
            break
        checksum = _wal_checksum(content, order, _wal_checksum(frame[0:8], order, checksum))
        if checksum != struct.unpack(">II", frame[16:24]):
            break  # a torn or damaged frame ends the log, as for SQLite
        pending[int.from_bytes(frame[0:4], "big")] = content
        commit = int.from_bytes(frame[4:8], "big")
        if commit:  # a commit frame: everything pending is now part of the database
            pages.update(pending)
            pending.clear()
            end_pages = commit
        pos += 24 + size
    if not pages:
        return data
    del data[end_pages * size:]
    data.extend(bytes(end_pages * size - len(data)))
    for number, content in pages.items():
        if 1 <= number <= end_pages:
            data[(number - 1) * size:number * size] = content
    return data


def _wal_checksum(chunk: bytes, order: str, seed: tuple[int, int]) -> tuple[int, int]:
    """SQLite's WAL checksum: pairs of 32-bit words added with the running sums."""
    s0, s1 = seed
    words = struct.unpack(f"{order}{len(chunk) // 4}I", chunk)
    for i in range(0, len(words), 2):
        s0 = (s0 + words[i] + s1) & 0xFFFFFFFF
        s1 = (s1 + words[i + 1] + s0) & 0xFFFFFFFF
    return s0, s1
