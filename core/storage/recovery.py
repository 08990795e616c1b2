"""Recovering from a damaged database at start: the damaged file is set aside (renamed, never
deleted), and either a fresh database takes its place with a chosen automatic backup restored
into it (verified first by `Database.restore_from`, so a bad backup leaves the fresh database
empty and the damaged file still kept), or the salvage of its readable rows
(`core.storage.salvage`) does, after the clerk has compared it with the newest backup."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.fileio import os_reason
from core.storage.backups import list_backups, set_aside
from core.storage.db import Database
from core.storage.errors import StorageError
from core.storage.records import BackupInfo, ReportInfo


@dataclass
class Recovered:
    db: Database  # open, exclusive, holding the backup's data
    damaged: Path  # where the damaged file now is
    backup: Path


def usable_backups(db_path: Path) -> list[BackupInfo]:
    """The automatic backups to offer, newest first (empty ones are not backups)."""
    return [b for b in list_backups(db_path) if b.size > 0]


def recover(db_path: Path, backup: Path) -> Recovered:
    """Set the damaged database aside and restore `backup` into a new one at `db_path`.

    Raises StorageError (e.g. InvalidBackup); the damaged file has been set aside by then and
    the message says where."""
    damaged = set_aside(db_path)
    db = Database.open(db_path, exclusive=True, backups=False)
    try:
        db.restore_from(backup)
    except BaseException:
        db.close()
        raise
    return Recovered(db, damaged, backup)


def adopt(db_path: Path, salvaged: Path) -> Recovered:
    """Put a salvaged database in the damaged one's place (the damaged file set aside first)
    and open it. The salvaged file is moved, not copied: it becomes the clerk's database."""
    damaged = set_aside(db_path)
    try:
        os.replace(salvaged, db_path)
    except OSError as exc:
        raise StorageError(f"无法启用抢救出的数据库 {salvaged}：{os_reason(exc)}。"
                           f"损坏的文件已改名保存为 {damaged}。") from exc
    try:
        db = Database.open(db_path, exclusive=True)
    except StorageError as exc:
        raise StorageError(f"{exc.message}（损坏的文件已改名保存为 {damaged}）") from exc
    return Recovered(db, damaged, salvaged)


FILLED_SUMMARY = "从自动备份补回"  # the revision a report taken from the backup starts with


def fill_missing(db: Database, backup: Path) -> list[tuple[str, int]]:
    """Add the reports the salvage lost from `backup` (as they were there, with their status);
    returns which. Reports the salvage has are never touched."""
    have = {(r.agency, r.year) for r in db.list_reports()}
    added = []
    with Database.open_readonly(backup) as source:
        for info in source.list_reports():
            key = (info.agency, info.year)
            if key in have:
                continue
            document = source.load_report(*key)
            if document is None:
                continue
            db.save_report(document, status=info.status, summary=FILLED_SUMMARY)
            added.append(key)
    return added


@dataclass(frozen=True)
class Compared:
    """One report in the salvage and/or the newest backup, with when each last changed."""

    agency: str
    year: int
    salvaged: datetime | None
    backup: datetime | None


def compare(salvaged: list[ReportInfo], backup: Path | None) -> tuple[list[Compared], bool]:
    """The salvaged reports beside the newest backup's, so the clerk sees which is newer and
    what the salvage lost; and whether the backup could be read (if not, it shows nothing)."""
    in_backup: dict[tuple[str, int], datetime] = {}
    readable = backup is not None
    if backup is not None:
        try:
            with Database.open_readonly(backup) as db:
                in_backup = {(r.agency, r.year): r.updated_at for r in db.list_reports()}
        except StorageError:
            readable = False
    got = {(r.agency, r.year): r.updated_at for r in salvaged}
    return ([Compared(agency, year, got.get((agency, year)), in_backup.get((agency, year)))
             for agency, year in sorted(got.keys() | in_backup.keys())], readable)
