"""SQLite storage of reports (documents in the report file form of interfaces.md).

    from core.storage import Database, default_db_path
    with Database.open(default_db_path()) as db:
        db.save_report(document)            # autosave: one transaction, history coalesced
        db.load_report("示例县应急管理局", 2025)

Modules: `db` (the Database API), `history` (revisions), `changes` (changed leaf paths),
`documents`, `migrations` (schema versions), `connection` (safe opening, error translation,
atomic file replacement), `backups` (rotating backups, backup to a file, restore), `lock`
(single-instance guard), `errors`, `records` (returned data).
No Qt here.
"""

from core.storage.backups import InvalidBackup, backups_dir, list_backups
from core.storage.connection import default_db_path
from core.storage.db import Database
from core.storage.documents import DRAFT, FINAL
from core.storage.errors import (
    DatabaseCorrupt,
    DatabaseInUse,
    DatabaseLocked,
    DatabaseReplaced,
    DatabaseTooNew,
    ForeignDatabase,
    InvalidDocument,
    ReportFinalized,
    ReportNotFound,
    StorageError,
)
from core.storage.history import COALESCE_MS, MAX_REVISIONS
from core.storage.migrations import current_version
from core.storage.records import BackupInfo, Change, ReportInfo, Revision

__all__ = [
    "COALESCE_MS",
    "DRAFT",
    "FINAL",
    "MAX_REVISIONS",
    "BackupInfo",
    "Change",
    "Database",
    "DatabaseCorrupt",
    "DatabaseReplaced",
    "DatabaseInUse",
    "DatabaseLocked",
    "DatabaseTooNew",
    "ForeignDatabase",
    "InvalidBackup",
    "InvalidDocument",
    "ReportFinalized",
    "ReportInfo",
    "ReportNotFound",
    "Revision",
    "StorageError",
    "backups_dir",
    "current_version",
    "default_db_path",
    "list_backups",
]
