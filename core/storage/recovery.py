"""Recovering from a damaged database at start: the damaged file is kept under a second name
(never deleted), and either a new database holding a chosen automatic backup's data takes its
place, or the salvage of its readable rows (`core.storage.salvage`) does, after the clerk has
compared it with the newest backup. The swap is one rename, so a kill at any moment leaves a
database at the path: the damaged one (recovery is offered again) or the new one."""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.fileio import os_reason
from core.storage import backups as bk
from core.storage.backups import damaged_path, list_backups
from core.storage.connection import fsync_path
from core.storage.db import Database
from core.storage.errors import StorageError
from core.storage.lock import InstanceLock
from core.storage.records import BackupInfo, ReportInfo


@dataclass
class Recovered:
    db: Database  # open, exclusive, holding the backup's data
    damaged: Path  # where the damaged file now is
    backup: Path


def usable_backups(db_path: Path) -> list[BackupInfo]:
    """The automatic backups to offer, newest first (empty ones are not backups)."""
    return [b for b in list_backups(db_path) if b.size > 0]


class RecoveredUnopened(StorageError):
    """The new database is in place (the damaged one kept under its other name) but could not
    be opened: offering the choice again would throw the recovered data away."""


def recover(db_path: Path, backup: Path) -> Recovered:
    """Put a new database holding `backup`'s data in the damaged one's place and open it.

    The backup is restored (verified first by `Database.restore_from`) into a new file in a
    work folder beside, and only then swapped in. Raises InvalidBackup (the backup is bad) or
    another StorageError with the damaged file still in place, untouched; RecoveredUnopened
    when the swap was made but the new database would not open. The instance lock is held
    from the start to the open, so no other instance can step in between."""
    db_path = Path(db_path).absolute()
    lock = InstanceLock.acquire(db_path)
    try:
        bk.clean_restore_leftovers(db_path)
        try:
            work = Path(tempfile.mkdtemp(prefix=f"{bk.RESTORE_PREFIX}{db_path.stem}-",
                                         dir=db_path.parent))
        except OSError as exc:
            raise StorageError(f"无法在 {db_path.parent} 中准备恢复：{os_reason(exc)}。"
                               f"{_UNTOUCHED}") from exc
        try:
            fresh = work / db_path.name
            _build(fresh, backup, db_path)
            damaged = _swap_in(db_path, fresh)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    except BaseException:
        lock.release()
        raise
    return Recovered(_open(db_path, damaged, lock), damaged, backup)


def adopt(db_path: Path, salvaged: Path) -> Recovered:
    """Put a salvaged database in the damaged one's place and open it. The salvaged file is
    moved, not copied: it becomes the clerk's database."""
    db_path = Path(db_path).absolute()
    lock = InstanceLock.acquire(db_path)
    try:
        damaged = _swap_in(db_path, salvaged)
    except BaseException:
        lock.release()
        raise
    return Recovered(_open(db_path, damaged, lock), damaged, salvaged)


_UNTOUCHED = "损坏的文件仍在原处，未作任何改动。"


def _build(fresh: Path, backup: Path, db_path: Path) -> None:
    """A new database at `fresh` holding the backup's data, whole in its one file."""
    try:
        db = Database.open(fresh, exclusive=True, backups=False)
        try:
            db.restore_from(backup, safety_copy=False)
        finally:
            db.close()
    except bk.InvalidBackup:
        raise
    except StorageError as exc:
        reason = ("磁盘空间不足" if "磁盘空间不足" in exc.message
                  else exc.message.replace(str(fresh.parent), str(db_path.parent)))
        raise StorageError(f"无法在 {db_path.parent} 中写出恢复的数据库（{reason}）。"
                           f"{_UNTOUCHED}") from exc
    log_file = fresh.with_name(fresh.name + "-wal")
    if log_file.exists() and log_file.stat().st_size > 0:  # only the main file is swapped in
        raise StorageError(f"恢复的数据库未能写完（{log_file.name} 未并入）。{_UNTOUCHED}")


def _swap_in(db_path: Path, new_file: Path) -> Path:
    """Replace the damaged database by `new_file` in one rename, the damaged file (and its
    -wal/-shm) first given a second name `reports.damaged-….sqlite3` (a hard link, or a copy
    where the disk has none); returns that name. Killed at any moment, `db_path` holds either
    the damaged database or the new one — never nothing, which the next start would take for
    a first run and open empty. Call holding the instance lock."""
    kept = damaged_path(db_path)
    made: list[Path] = []
    try:
        # the main file last: nothing is undone after its link (which changes its ctime: see
        # strays._mid_swap, which keeps its log from looking stray if we are killed here)
        for suffix in ("-wal", "-shm", ""):
            source = db_path.with_name(db_path.name + suffix)
            if source.exists():
                target = kept.with_name(kept.name + suffix)
                _second_name(source, target)
                made.append(target)
    except OSError as exc:
        for path in made:
            with contextlib.suppress(OSError):
                path.unlink()
        raise StorageError(f"无法保存损坏的数据库 {db_path} 的副本：{os_reason(exc)}。"
                           f"{_UNTOUCHED}") from exc
    _sync_folder(db_path.parent)
    try:
        _replace(new_file, db_path)
    except OSError as exc:
        raise StorageError(f"无法启用 {new_file.name}：{os_reason(exc)}。损坏的文件仍在原处，"
                           f"另有一份保存为 {kept}。") from exc
    # the damaged file's log now lies beside a file it does not belong to (were the app killed
    # here, the next start would see it as a stray and set it aside); it is kept under `kept`
    for suffix in ("-wal", "-shm"):
        with contextlib.suppress(OSError):
            db_path.with_name(db_path.name + suffix).unlink()
    _sync_folder(db_path.parent)
    return kept


def _second_name(source: Path, target: Path) -> None:
    try:
        os.link(source, target)
        return
    except (FileExistsError, FileNotFoundError):
        raise
    except OSError:  # FAT, some network shares: no links; a whole copy, on disk first
        pass
    part = target.with_name(target.name + ".part")  # a killed copy is never taken for whole
    try:
        with contextlib.suppress(FileNotFoundError):
            part.unlink()
        shutil.copyfile(source, part)
        fsync_path(part)
        os.replace(part, target)
    except BaseException:
        with contextlib.suppress(OSError):
            part.unlink()
        raise


def _replace(new_file: Path, db_path: Path) -> None:
    """os.replace, retried: on Windows a read-only file cannot be replaced (its attribute is
    cleared) and an antivirus or sync tool may hold it for a moment."""
    for attempt in range(5):
        try:
            os.replace(new_file, db_path)
            return
        except PermissionError:
            if attempt == 4:
                raise
            if os.name == "nt":
                with contextlib.suppress(OSError):
                    os.chmod(db_path, stat.S_IREAD | stat.S_IWRITE)
            time.sleep(0.1)


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fsync_path(folder, directory=True)


def _open(db_path: Path, damaged: Path, lock: InstanceLock) -> Database:
    try:
        return Database.open(db_path, lock=lock)
    except StorageError as exc:
        raise RecoveredUnopened(f"{exc.message}（损坏的文件已改名保存为 {damaged}）") from exc


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
            db.save_report(document, status=info.status, summary=FILLED_SUMMARY,
                           updated_at=info.updated_at)  # 最后修改: the report's, not now
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
