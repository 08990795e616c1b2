"""Recovering from a damaged database at start: the damaged file is set aside (renamed, never
deleted), a fresh database takes its place and a chosen automatic backup is restored into it
(verified first by `Database.restore_from`, so a bad backup leaves the fresh database empty
and the damaged file still kept)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.storage.backups import list_backups, set_aside
from core.storage.db import Database
from core.storage.records import BackupInfo


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
