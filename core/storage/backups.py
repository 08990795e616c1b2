"""Rotating automatic backups, user-chosen backup files, and restoring from one.

Backups are whole SQLite files made with SQLite's online backup API (consistent even while the
database is in use), written to a temp file, verified, fsynced and only then renamed into place:
`<data dir>/backups/<db stem>-YYYYMMDD-HHMMSS.sqlite3` (for the default database:
`reports-20260120-093000.sqlite3`). They are self-contained (rollback journal, no -wal file), so
a user can copy one anywhere.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import sqlite3
import tempfile
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

from core.fileio import os_reason
from core.storage import migrations as mig
from core.storage.connection import (
    check_header,
    connect,
    inspect,
    integrity_errors,
    replace_file,
    translate,
)
from core.storage.documents import from_text
from core.storage.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseTooNew,
    ForeignDatabase,
    InvalidDocument,
    StorageError,
    chinese_detail,
)
from core.storage.records import BackupInfo
from core.storage.strays import is_stray_log

KEEP_BACKUPS = 10
KEEP_DAYS = 30  # plus the newest backup of each of the last 30 days
KEEP_MONTHS = 12  # plus the newest backup of each of the last 12 months
SAFETY_MARK = "-before-restore"  # in the name of the copy made before a restore
_STAMP = "%Y%m%d-%H%M%S"


def backups_dir(db_path: Path) -> Path:
    return Path(db_path).parent / "backups"


def _pattern(stem: str) -> re.Pattern[str]:
    return re.compile(rf"^{re.escape(stem)}-(\d{{8}}-\d{{6}})(?:-(\d+))?({SAFETY_MARK})?\.sqlite3$")


def list_backups(db_path: str | Path) -> list[BackupInfo]:
    """The automatic backups of a database, newest first."""
    db_path = Path(db_path)
    folder = backups_dir(db_path)
    pattern = _pattern(db_path.stem)
    found: list[tuple[tuple[str, int], BackupInfo]] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        m = pattern.match(entry.name)
        if not m or not entry.is_file():
            continue
        try:
            created = datetime.strptime(m.group(1), _STAMP).astimezone()
            size = entry.stat().st_size
        except (ValueError, OSError):
            continue
        found.append(((m.group(1), int(m.group(2) or 0)),
                      BackupInfo(Path(entry.path), created, size, bool(m.group(3)))))
    found.sort(key=lambda item: item[0], reverse=True)
    return [info for _, info in found]


def backup_due(db_path: Path, now: datetime | None = None) -> bool:
    """True unless an automatic backup was already made today (local calendar day)."""
    now = now or datetime.now()
    newest = list_backups(db_path)
    return not newest or newest[0].created.date() != now.date()


def write_copy(conn: sqlite3.Connection, target: Path, db_path: Path) -> None:
    """Copy the database behind `conn` to `target`: temp file → verify → fsync → os.replace.

    On any failure no file is left at `target` (an existing one is untouched) and a
    StorageError with a Chinese message is raised.
    """
    target = Path(target)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        dst = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            conn.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # self-contained single file
            problems = integrity_errors(dst, quick=True)
        finally:
            dst.close()
        if problems:
            raise StorageError(f"备份文件写入后校验失败：{target}（{problems[0]}）。")
        replace_file(tmp, target)
    except sqlite3.Error as exc:
        _remove(tmp)
        err = translate(exc, db_path)
        if isinstance(err, DatabaseLocked):
            raise err from exc
        raise StorageError(f"无法写入备份文件：{target}。（{exc}）") from exc
    except OSError as exc:
        _remove(tmp)
        raise StorageError(f"无法写入备份文件：{target}。（{os_reason(exc)}）") from exc
    except BaseException:
        _remove(tmp)
        raise


def kept_backups(backups: list[BackupInfo], keep: int, now: datetime) -> set[Path]:
    """What rotation keeps: the newest `keep`, the newest of each of the last KEEP_DAYS days
    and of each of the last KEEP_MONTHS months (a mistake noticed weeks later can still be
    undone), and every pre-restore safety copy. `backups` newest first."""
    kept = {b.path for b in backups[:max(0, keep)]} | {b.path for b in backups if b.safety}
    today = now.date()
    month_now = now.year * 12 + now.month - 1
    days: set[object] = set()
    months: set[int] = set()
    for b in backups:  # newest first: the first seen of a day or month is its newest
        day = b.created.date()
        month = b.created.year * 12 + b.created.month - 1
        if 0 <= (today - day).days < KEEP_DAYS and day not in days:
            days.add(day)
            kept.add(b.path)
        if 0 <= month_now - month < KEEP_MONTHS and month not in months:
            months.add(month)
            kept.add(b.path)
    return kept


def create_backup(conn: sqlite3.Connection, db_path: Path, *, keep: int = KEEP_BACKUPS,
                  prune: bool = True, now: datetime | None = None,
                  safety: bool = False) -> Path:
    """A new automatic backup; then (prune=True) old ones rotate out (see kept_backups).
    safety: the copy made before a restore, marked in its name and never rotated out.

    Old backups are deleted only after the new one has been written and verified, so the
    newest good backup always survives. Call only while holding the instance lock.
    """
    db_path = Path(db_path)
    folder = backups_dir(db_path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(f"无法创建备份文件夹 {folder}：{os_reason(exc)}") from exc
    for stale in folder.glob(f".{db_path.stem}-*.tmp"):  # left by a crash during a backup
        _remove(stale)
    stamp = (now or datetime.now()).strftime(_STAMP)
    # names sort in creation order: a second backup within the same second gets "-2", "-3"…
    pattern = _pattern(db_path.stem)
    taken = [int(m.group(2) or 1) for p in folder.iterdir()
             if (m := pattern.match(p.name)) and m.group(1) == stamp]
    suffix = f"-{max(taken) + 1}" if taken else ""
    mark = SAFETY_MARK if safety else ""
    target = folder / f"{db_path.stem}-{stamp}{suffix}{mark}.sqlite3"
    write_copy(conn, target, db_path)
    if prune:  # the new, verified backup is never among the deleted, whatever the clock did
        every = list_backups(db_path)
        kept = kept_backups(every, keep, (now or datetime.now()).astimezone()) | {target}
        for old in every:
            if old.path not in kept:
                _remove(old.path)
    return target


def damaged_path(db_path: Path, now: datetime | None = None) -> Path:
    """A free `reports.damaged-YYYYMMDD-HHMMSS[-N].sqlite3` beside the database: a second
    recovery within the same second must not overwrite the first one's damaged file."""
    stamp = (now or datetime.now()).strftime(_STAMP)
    for n in range(1, 1000):
        tail = "" if n == 1 else f"-{n}"
        target = db_path.with_name(f"{db_path.stem}.damaged-{stamp}{tail}{db_path.suffix}")
        if not any(target.with_name(target.name + s).exists() for s in ("", "-wal", "-shm")):
            return target
    raise StorageError(f"无法为损坏的数据库 {db_path} 找到可用的改名，请清理其所在文件夹")


class InvalidBackup(StorageError):
    """A file offered for restoring is not a usable backup; nothing was changed."""

    def __init__(self, path: Path, reason: str, *, damaged: bool = False) -> None:
        super().__init__(f"无法从“{path}”恢复：{reason}。当前数据未作任何改动。")
        self.path = path
        self.reason = reason
        self.damaged = damaged  # a file of ours, damaged: a salvage may still read rows of it


@contextlib.contextmanager
def prepared_candidate(candidate: str | Path, db_path: Path, page_size: int,
                       timeout: float, *, clean: bool = True) -> Iterator[sqlite3.Connection]:
    """A verified, upgraded private copy of a file offered for restoring, as a connection.

    The candidate is copied into a temp folder next to the database and only the copy is
    opened: the chosen file is never modified. The copy must be a healthy database of this app,
    of this schema version or older (it is then upgraded), else InvalidBackup is raised.
    Copy into the live database with `src.backup(live)`: one transaction, all or nothing.
    `clean` removes leftovers of killed restores first: only under the instance lock (a look
    at a backup's contents without the lock must not remove another instance's work).
    """
    candidate = Path(candidate)
    if not candidate.is_file():
        raise InvalidBackup(candidate, "找不到该文件")
    if _same_file(candidate, db_path):  # restoring the data from itself would only look done
        raise InvalidBackup(candidate, "这是程序正在使用的数据库本身，不是备份。"
                                       "请选择“备份到文件”保存的文件或备份文件夹中的文件")
    supported = mig.current_version()
    if clean:
        clean_restore_leftovers(db_path)
    work = Path(tempfile.mkdtemp(prefix=f"{RESTORE_PREFIX}{db_path.stem}-", dir=db_path.parent))
    try:
        copy = work / "candidate.sqlite3"
        try:
            copy_with_log(candidate, copy)
        except OSError as exc:
            raise InvalidBackup(candidate, f"无法读取该文件（{os_reason(exc)}）") from exc
        try:
            if not check_header(copy):
                raise InvalidBackup(candidate, "文件是空的")
            src = connect(copy, timeout)
        except DatabaseCorrupt as exc:
            empty = exc.detail.startswith("文件长度为零")
            raise InvalidBackup(candidate, "文件是空的" if empty else "文件已损坏或不是数据库文件",
                                damaged=not empty) from exc
        try:
            _prepare(src, copy, candidate, supported, page_size)
            yield src
        finally:
            src.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file. Not os.path.samefile alone: some Windows drives (WebDAV,
    sshfs-win, cloud-drive folders) report inode 0 for every file, which would make every
    backup "the live database" — there the resolved paths decide."""
    try:
        sa, sb = os.stat(a), os.stat(b)
    except OSError:  # b missing (a first run) or unreadable: not the same file
        return False
    if sa.st_ino and sb.st_ino:
        return (sa.st_dev, sa.st_ino) == (sb.st_dev, sb.st_ino)
    return os.path.normcase(a.resolve()) == os.path.normcase(b.resolve())


def copy_with_log(source: Path, copy: Path) -> None:
    """Copy a database file and its -wal (OSError as it comes): a copy of a live database has
    its latest commits in the WAL — unless the log is older than the file (a stray, which would
    write old pages over it)."""
    shutil.copyfile(source, copy)
    wal = source.with_name(source.name + "-wal")
    if wal.is_file() and not is_stray_log(source):
        shutil.copyfile(wal, copy.with_name(copy.name + "-wal"))


RESTORE_PREFIX = ".restore-"
SALVAGE_PREFIX = ".salvage-"
WORK_PREFIXES = (RESTORE_PREFIX, SALVAGE_PREFIX)  # work folders a killed process may leave
LEFTOVER_AGE = 3600  # seconds: another database's restore in the same folder is long over


def clean_restore_leftovers(db_path: Path) -> None:
    """Remove the work folders of killed restores (this database's at once: restores run under
    its lock, which we hold) and of anything else after an hour (a salvage runs without the
    lock, so a young salvage folder may be one at work). Call while holding the instance lock."""
    try:
        entries = list(os.scandir(db_path.parent))
    except OSError:
        return
    now = time.time()
    for entry in entries:
        if entry.name.startswith(f"{db_path.stem}.damaged-") and entry.name.endswith(".part"):
            with contextlib.suppress(OSError):  # a second name's copy killed half-way
                os.unlink(entry.path)
            continue
        prefix = next((p for p in WORK_PREFIXES if entry.name.startswith(p)), None)
        if prefix is None or not entry.is_dir(follow_symlinks=False):
            continue
        with contextlib.suppress(OSError):
            ours = prefix == RESTORE_PREFIX and _work_of(entry.name, db_path.stem)
            if ours or now - entry.stat(follow_symlinks=False).st_mtime > LEFTOVER_AGE:
                shutil.rmtree(entry.path, ignore_errors=True)


def _work_of(name: str, stem: str) -> bool:
    """A restore folder of the database `stem` (mkdtemp's 8 random characters after it): not
    one of `reports-2024.sqlite3`, whose name only starts like `reports`'s."""
    return re.fullmatch(rf"{re.escape(RESTORE_PREFIX + stem)}-[a-z0-9_]{{8}}", name) is not None


def _prepare(src: sqlite3.Connection, copy: Path, candidate: Path, supported: int,
             page_size: int) -> int:
    """Check the private copy, fold its WAL in, match the page size, upgrade its schema."""
    try:
        version = inspect(src, copy, has_data=True, supported=supported)
        src.execute("PRAGMA journal_mode = DELETE")
        # the backup API cannot copy into a WAL database with a different page size
        if int(src.execute("PRAGMA page_size").fetchone()[0]) != page_size:
            src.execute(f"PRAGMA page_size = {page_size}")
            src.execute("VACUUM")
        mig.apply_migrations(src)
        problems = integrity_errors(src, quick=True)
        for (text,) in src.execute("SELECT document FROM reports"):
            from_text(text)  # a report that cannot be opened makes a useless backup
    except DatabaseTooNew as exc:
        raise InvalidBackup(candidate, f"它由更新版本的年报助手创建（数据库版本 {exc.version}），"
                                       f"当前程序只支持到版本 {exc.supported}，请先升级程序") from exc
    except ForeignDatabase as exc:
        raise InvalidBackup(candidate, "它不是年报助手的数据库或备份") from exc
    except DatabaseCorrupt as exc:
        raise InvalidBackup(candidate, "文件已损坏", damaged=True) from exc
    except InvalidDocument as exc:
        raise InvalidBackup(candidate, "其中有报告的内容已损坏（不是有效的 JSON）",
                            damaged=True) from exc
    except sqlite3.DatabaseError as exc:
        raise InvalidBackup(candidate, f"文件已损坏（{chinese_detail(str(exc))}）",
                            damaged=True) from exc
    if problems:
        raise InvalidBackup(candidate, "文件已损坏", damaged=True)
    return version


def _remove(path: Path) -> None:
    with contextlib.suppress(OSError):
        os.remove(path)
