"""Salvage: every readable row of a damaged database, written into a new database the clerk can
open and check (Python's sqlite3 has no `.recover`; this is our own, for our own tables).

The damaged file is never touched: it (and its -wal) is copied into a work folder next to the
target and only the copy is read (`core.storage.salvage_read`). The new database is built in
the work folder, checked by SQLite, and only then moved into place; a salvage that finds nothing
or fails leaves nothing behind.

What the new database holds is the best that can be said of the old one: rows SQLite could
read, then — for a table it could not read whole — rows found directly on the file's pages.
Links that no longer hold (a revision whose report was lost) are dropped; a report whose agency
row was lost gets its agency back from the report's own text; applications whose agency was
lost are kept under a stand-in agency the clerk can rename.
"""

from __future__ import annotations

import contextlib
import errno
import json
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from core.fileio import os_reason
from core.storage import migrations as mig
from core.storage.backups import SALVAGE_PREFIX, copy_with_log
from core.storage.connection import integrity_errors, out_of_space, replace_file
from core.storage.documents import identify
from core.storage.errors import StorageError
from core.storage.records import ReportInfo, local_time, now_ms
from core.storage.salvage_read import (
    SHAPE,
    SHAPES,
    RawTables,
    TableRead,
    read_pages,
    read_sql,
)

SALVAGE_MARK = ".salvaged-"
_FRESHNESS = {"reports": 5, "applications": 15}  # the updated_at column: newest copy wins
# every stored time (ms since the epoch, UTC) by table and column, and the range a real one is in
_TIMES = {"agencies": 2, "reports": 5, "revisions": 2, "applications": 15,
          "application_revisions": 2}
_EARLIEST_MS, _LATEST_MS = 946_684_800_000, 4_102_444_800_000  # 2000-01-01, 2100-01-01
_STAMP = "%Y%m%d-%H%M%S"
_NO_SPACE = {errno.ENOSPC, errno.EFBIG, getattr(errno, "EDQUOT", errno.ENOSPC)}


class SalvageWriteError(StorageError):
    """The new database could not be written (full disk, no permission); nothing was left."""


@dataclass
class Salvaged:
    """What a salvage wrote, for the clerk."""

    path: Path
    written: dict[str, int] = field(default_factory=dict)  # table → rows in the new database
    damaged: int = 0  # stretches of a table SQLite could not read
    from_pages: int = 0  # rows found only by reading the file's pages directly
    dropped: int = 0  # rows read but not kept (their report or application lost, or a copy)
    repaired_times: int = 0  # times out of all reason, replaced by the salvage's
    reports: list[ReportInfo] = field(default_factory=list)

    def summary(self) -> str:
        """One paragraph in Chinese: what was found and how far to trust it."""
        parts = [f"{SHAPE[name].label} {count:,} {SHAPE[name].unit}"
                 for name, count in self.written.items()
                 if count and name not in ("agencies", "settings")]
        text = "从损坏的数据库中抢救出：" + ("、".join(parts) if parts else "没有报告或台账数据") + "。"
        if self.damaged:
            text += f"有 {self.damaged} 处损坏的数据无法读取，其中的内容已丢失。"
        if self.from_pages:
            text += (f"另有 {self.from_pages:,} 条是直接从文件的数据页中找回的"
                     "（数据库的索引结构已损坏），可能不是最后一次保存的内容，也可能是已删除的旧数据。")
        if self.dropped:
            text += f"{self.dropped:,} 条记录所属的报告或申请已丢失（或重复），未能保留。"
        if self.repaired_times:
            text += f"{self.repaired_times:,} 条记录的修改时间已损坏，改记为抢救的时间。"
        return text + "请逐份核对抢救出的报告。"


def salvage_path(db_path: str | Path, now: datetime | None = None) -> Path:
    """Where the salvage of `db_path` goes by default: `reports.salvaged-YYYYMMDD-HHMMSS.sqlite3`
    (with -2, -3 … when salvaged more than once in the same second)."""
    db_path = Path(db_path)
    stem = f"{db_path.stem}{SALVAGE_MARK}{(now or datetime.now()).strftime(_STAMP)}"
    path, n = db_path.with_name(f"{stem}{db_path.suffix}"), 1
    while path.exists():
        n += 1
        path = db_path.with_name(f"{stem}-{n}{db_path.suffix}")
    return path


def salvage(source: str | Path, target: str | Path) -> Salvaged:
    """Write every readable row of `source` into a new database at `target`.

    Raises StorageError (Chinese) when the source cannot be read, nothing of ours is found in
    it, or the new database cannot be written; nothing is left behind then."""
    source, target = Path(source).absolute(), Path(target).absolute()
    if not source.is_file():
        raise StorageError(f"找不到要抢救的数据库文件：{source}")
    if target.exists() or target == source:
        raise StorageError(f"抢救出的数据不会覆盖已有的文件，请另选文件名：{target}")
    try:
        # named like a restore's, so a killed salvage's folder is cleaned the same way
        work = Path(tempfile.mkdtemp(prefix=f"{SALVAGE_PREFIX}{source.stem}-", dir=target.parent))
    except OSError as exc:
        raise SalvageWriteError(f"无法在 {target.parent} 中写入：{os_reason(exc)}") from exc
    try:
        copy = _copy_source(source, work)
        tables = _merge(read_sql(copy), lambda: read_pages(copy))
        if not any(tables[name].rows for name in ("reports", "applications")):
            raise StorageError(f"没有在“{source}”中找到可读的报告或台账数据，未生成新的数据库。")
        repaired = _sane_times(tables, now_ms(time.time()))
        made = work / "salvaged.sqlite3"
        result = _write(made, tables)
        result.repaired_times = repaired
        try:
            replace_file(made, target)
        except OSError as exc:
            raise SalvageWriteError(f"无法写入 {target}：{os_reason(exc)}") from exc
        result.path = target
        return result
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _copy_source(source: Path, work: Path) -> Path:
    copy = work / "damaged.sqlite3"
    try:
        copy_with_log(source, copy)
    except OSError as exc:
        if exc.errno in _NO_SPACE:  # the copy is ours to write: an output failure
            raise SalvageWriteError(f"磁盘空间不足，无法在 {work.parent} 中抢救数据。") from exc
        raise StorageError(f"无法读取数据库文件 {source}：{os_reason(exc)}") from exc
    return copy


def _merge(sql: dict[str, TableRead],
           pages: Callable[[], RawTables]) -> dict[str, TableRead]:
    """SQLite's rows, completed from the page scan for every table SQLite could not read whole
    (rows SQLite did read always win: they are the live ones)."""
    raw: RawTables | None = None
    out: dict[str, TableRead] = {}
    for shape in SHAPES:
        read = sql.get(shape.name) or TableRead()
        if not read.complete:
            raw = pages() if raw is None else raw
            column = _FRESHNESS.get(shape.name)
            for rowid, candidates in raw.get(shape.name, {}).items():
                if rowid in read.rows:
                    continue
                best = max(candidates, key=lambda v: v[column]) if column else candidates[-1]
                read.rows[rowid] = best
                read.from_pages += 1
        out[shape.name] = read
    return out


def _sane_times(tables: dict[str, TableRead], now: int) -> int:
    """Put the salvage's time in place of a time a damaged page left out of all reason (it
    would break every display of it); returns how many were replaced."""
    replaced = 0
    for name, column in _TIMES.items():
        rows = tables[name].rows
        for rowid, values in rows.items():
            if not _EARLIEST_MS <= values[column] <= _LATEST_MS:
                rows[rowid] = (*values[:column], now, *values[column + 1:])
                replaced += 1
    return replaced


# -- writing the new database --------------------------------------------------------------------
def _write(path: Path, tables: dict[str, TableRead]) -> Salvaged:
    result = Salvaged(path, damaged=sum(t.damaged for t in tables.values()),
                      from_pages=sum(t.from_pages for t in tables.values()))
    conn = sqlite3.connect(str(path), isolation_level=None)
    try:
        mig.apply_migrations(conn)
        conn.execute("BEGIN IMMEDIATE")
        writer = _Writer(conn, result)
        writer.agencies(tables["agencies"].rows)
        writer.reports(tables["reports"].rows)
        writer.children("revisions", tables["revisions"].rows, writer.report_ids)
        writer.plain("settings", tables["settings"].rows)
        writer.applications(tables["applications"].rows)
        writer.children("application_revisions", tables["application_revisions"].rows,
                        writer.application_ids)
        conn.execute("COMMIT")
        problems = integrity_errors(conn, quick=False)
        if problems:  # cannot happen for rows we inserted ourselves; never hand out a bad file
            raise StorageError("抢救出的数据库未通过完整性检查：" + "；".join(problems[:3]))
    except sqlite3.Error as exc:
        raise SalvageWriteError("磁盘空间不足或文件无法再写入，无法写入抢救出的数据库。"
                                if out_of_space(exc, path)
                                else f"无法写入抢救出的数据库：{exc}") from exc
    finally:
        with contextlib.suppress(sqlite3.Error):
            conn.close()
    return result


class _Writer:
    def __init__(self, conn: sqlite3.Connection, result: Salvaged) -> None:
        self.conn = conn
        self.result = result
        self.agency_names: dict[int, str] = {}  # new database: id → name
        self.report_ids: set[int] = set()
        self.application_ids: set[int] = set()

    def _insert(self, table: str, values: tuple[Any, ...]) -> None:
        columns = SHAPE[table].columns
        self.conn.execute(f"INSERT INTO {table} ({', '.join(columns)}) "
                          f"VALUES ({', '.join('?' * len(columns))})", values)
        self.result.written[table] = self.result.written.get(table, 0) + 1

    def agencies(self, rows: dict[int, tuple[Any, ...]]) -> None:
        taken: set[str] = set()
        for rowid, (_, name, created) in sorted(rows.items()):
            name = name.strip()
            if name in taken:  # two copies of one agency: the first keeps its id
                continue
            self._insert("agencies", (rowid, name, created))
            self.agency_names[rowid] = name
            taken.add(name)

    def _agency(self, wanted_id: int, name: str, created: int) -> int:
        """The id of agency `name`, added (under `wanted_id` when that is free) if missing."""
        for known, known_name in self.agency_names.items():
            if known_name == name:
                return known
        new_id = wanted_id if wanted_id not in self.agency_names else max(self.agency_names) + 1
        self._insert("agencies", (new_id, name, created))
        self.agency_names[new_id] = name
        return new_id

    def reports(self, rows: dict[int, tuple[Any, ...]]) -> None:
        # one report per agency and year: of two copies the newest wins
        # the document says whose report it is (a damaged agency_id must not file it under
        # another agency; its year was checked against the document when it was read)
        chosen: dict[tuple[str, int], tuple[Any, ...]] = {}
        for values in rows.values():
            key = identify(json.loads(values[4]))
            if key in chosen:
                self.result.dropped += 1
                if values[5] <= chosen[key][5]:
                    continue
            chosen[key] = values
        for (name, year), values in sorted(chosen.items(), key=lambda kv: kv[1][0]):
            rowid, agency_id, _, status, document, updated = values
            agency_id = self._agency(agency_id, name, updated)
            self._insert("reports", (rowid, agency_id, year, status, document, updated))
            self.report_ids.add(rowid)
            self.result.reports.append(ReportInfo(name, year, status, local_time(updated)))
        self.result.reports.sort(key=lambda r: (r.agency, r.year))

    def applications(self, rows: dict[int, tuple[Any, ...]]) -> None:
        seen: set[tuple[int, str]] = set()
        for rowid, values in sorted(rows.items()):
            agency_id = values[1]
            if agency_id not in self.agency_names:
                agency_id = self._agency(agency_id, f"抢救出的单位（原编号 {agency_id}）", values[15])
            if (agency_id, values[2]) in seen:  # one 编号 per agency, as the schema says
                self.result.dropped += 1
                continue
            seen.add((agency_id, values[2]))
            self._insert("applications", (rowid, agency_id, *values[2:]))
            self.application_ids.add(rowid)

    def children(self, table: str, rows: dict[int, tuple[Any, ...]], parents: set[int]) -> None:
        for _, values in sorted(rows.items()):
            if values[1] in parents:
                self._insert(table, values)
            else:
                self.result.dropped += 1

    def plain(self, table: str, rows: dict[int, tuple[Any, ...]]) -> None:
        keys: set[Any] = set()
        for _, values in sorted(rows.items()):
            if values[0] not in keys:
                keys.add(values[0])
                self._insert(table, values)
