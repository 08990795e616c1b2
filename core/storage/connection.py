"""Opening SQLite files safely: look before writing, translate SQLite errors into Chinese.

Nothing here writes to a file before it has been recognised as a healthy database of ours: a
damaged, foreign or too-new file is refused and left byte-for-byte as it was.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from core.fileio import os_reason
from core.storage import migrations as mig
from core.storage.errors import (
    DatabaseCorrupt,
    DatabaseLocked,
    DatabaseTooNew,
    ForeignDatabase,
    StorageError,
)

SQLITE_MAGIC = b"SQLite format 3\x00"

# Above this size `PRAGMA quick_check` replaces `integrity_check` on open. Measured
# (benchmarks/bench_storage.py, warm cache): 50 agencies × 10 years with history is 4.5 MB;
# integrity_check takes 3.2 ms on it (~1.4 GB/s), quick_check 2.1 ms. Both read every page, so
# on a cold disk they cost the same I/O; the full check's extra CPU only matters for files far
# larger than this project makes (64 MB ≈ decades of reports, ~45 ms of full checking).
FULL_CHECK_LIMIT = 64 * 1024 * 1024


def connect(path: Path, timeout: float) -> sqlite3.Connection:
    """An autocommit connection (transactions are explicit); no I/O happens yet."""
    try:
        return sqlite3.connect(str(path), timeout=timeout, isolation_level=None)
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc


def connect_readonly(path: Path, timeout: float, *, immutable: bool = False) -> sqlite3.Connection:
    """A connection that cannot change the file: `mode=ro` reads a `-wal` beside it without
    checkpointing it into the file on close (a refused file stays byte-for-byte as it was);
    `immutable` ignores the `-wal` altogether."""
    uri = path.absolute().as_uri() + ("?immutable=1" if immutable else "?mode=ro")
    try:
        return sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc


def check_header(path: Path) -> bool:
    """True if `path` holds data; False if there is no file yet; raises DatabaseCorrupt if the
    data is not SQLite, or the file is empty (a truncated database must not be re-created as
    an empty one, whose backups would then rotate the good ones out).

    Checked by reading the 16-byte magic ourselves, before SQLite ever opens the file.
    """
    if path.is_dir():
        raise StorageError(f"{path} 是一个文件夹，不是数据库文件。")
    try:
        with open(path, "rb") as f:
            head = f.read(100)
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StorageError(f"无法读取数据库文件 {path}：{os_reason(exc)}") from exc
    if not head:
        # a crash right after creation can leave every commit in the WAL, none in the file
        wal = path.with_name(path.name + "-wal")
        if wal.is_file() and wal.stat().st_size > 0:
            return True
        raise DatabaseCorrupt(path, "文件长度为零（空文件）")
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise DatabaseCorrupt(path, "文件头不是 SQLite 数据库")
    return True


def integrity_errors(conn: sqlite3.Connection, path: Path | None = None,
                     quick: bool | None = None) -> list[str]:
    """Problems SQLite finds in the file (empty list: healthy). Chooses quick_check for big files."""
    if quick is None:
        try:
            quick = path is not None and os.path.getsize(path) > FULL_CHECK_LIMIT
        except OSError:
            quick = False
    pragma = "quick_check" if quick else "integrity_check"
    rows = [r[0] for r in conn.execute(f"PRAGMA {pragma}(20)").fetchall()]
    return [] if rows == ["ok"] else rows


def inspect(conn: sqlite3.Connection, path: Path, *, has_data: bool,
            supported: int, check: bool = True) -> int:
    """Validate an existing file read-only; return its schema version (0 for a new file).

    Raises DatabaseTooNew, DatabaseCorrupt or ForeignDatabase. Only reads.
    """
    try:
        version = mig.user_version(conn)
        app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
        tables = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        if version > supported and app_id == mig.APPLICATION_ID:
            raise DatabaseTooNew(path, version, supported)
        if has_data and check:
            problems = integrity_errors(conn, path)
            if problems:
                raise DatabaseCorrupt(path, "；".join(problems[:3]))
    except sqlite3.DatabaseError as exc:
        raise translate(exc, path) from exc
    if app_id != mig.APPLICATION_ID:
        if app_id != 0 or version != 0 or tables:
            raise ForeignDatabase(path)
    elif version == 0 or not mig.CORE_TABLES <= tables:
        raise ForeignDatabase(path)
    return version


def configure(conn: sqlite3.Connection, path: Path) -> None:
    """Per-connection settings; the first statement that may write (journal mode)."""
    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise StorageError(f"无法为数据库启用 WAL 日志模式（当前为 {mode}）：{path}")
        # FULL: a commit is on disk (WAL fsynced) before save_report returns, so a power cut
        # cannot lose an acknowledged edit. Cost measured in benchmarks/bench_storage.py.
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA journal_size_limit = 4194304")
        # deleted rows are overwritten with zeros (the default of some SQLite builds, not of
        # all): a salvage that must scan the pages of a damaged file then cannot bring a deleted
        # report back. Measured: no difference in an autosave's time (0.8 ms median either way).
        conn.execute("PRAGMA secure_delete = ON")
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc


def default_db_path() -> Path:
    """`<user data dir>/reports.sqlite3`: platformdirs `user_data_dir("NianbaoZhushou")`, or
    the folder in the environment variable NBZS_DATA_DIR (tests, portable installs)."""
    override = os.environ.get("NBZS_DATA_DIR")
    if override:
        return Path(override) / "reports.sqlite3"
    from platformdirs import user_data_dir

    return Path(user_data_dir("NianbaoZhushou", appauthor=False)) / "reports.sqlite3"


def upgrade(conn: sqlite3.Connection, path: Path, supported: int) -> None:
    """All pending migrations in one transaction (a no-op one also proves we can write)."""
    try:
        mig.apply_migrations(conn)
    except sqlite3.Error as exc:
        err = translate(exc, path)
        if type(err) is StorageError:
            raise StorageError(f"数据库升级到版本 {supported} 失败，数据库保持原样未作改动："
                               f"{exc}（数据库：{path}）") from exc
        raise err from exc


_NO_SPACE_IOERRS = {"SQLITE_IOERR_SHMSIZE", "SQLITE_IOERR_SHMOPEN", "SQLITE_IOERR_WRITE",
                    "SQLITE_IOERR_TRUNCATE"}


def _disk_nearly_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < 1024 * 1024
    except OSError:
        return False


def out_of_space(exc: sqlite3.Error, path: Path) -> bool:
    """The error is a full disk (or a file size limit), however SQLite reported it."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return True
    return (name.startswith("SQLITE_IOERR") or "disk i/o error" in text) and (
        name in _NO_SPACE_IOERRS or _disk_nearly_full(path))


def translate(exc: sqlite3.Error, path: Path) -> StorageError:
    """A StorageError with a Chinese message for an sqlite3 exception."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    text = str(exc).lower()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "database is locked" in text:
        return DatabaseLocked(path)
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in text \
            or "not a database" in text:
        return DatabaseCorrupt(path, str(exc))
    if name.startswith("SQLITE_FULL") or "disk is full" in text:
        return StorageError(f"磁盘空间不足，修改未能保存：{path}。请清理磁盘后再试。")
    if name.startswith("SQLITE_READONLY") or "readonly" in text:
        return StorageError(f"数据库文件是只读的，修改未能保存：{path}。")
    if name.startswith(("SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH")) \
            or "unable to open" in text:
        return StorageError(f"无法打开数据库文件：{path}。请检查文件夹是否存在以及访问权限。")
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        # a full disk often surfaces as an I/O error (extending the -shm, writing the -wal)
        if name in _NO_SPACE_IOERRS or _disk_nearly_full(path):
            return StorageError(f"磁盘空间不足或文件无法再写入，修改未能保存：{path}。"
                                f"请清理磁盘后再试。（{exc}）")
        return StorageError(f"读写数据库文件时发生磁盘错误：{path}。（{exc}）")
    return StorageError(f"数据库操作失败：{exc}（数据库：{path}）")


@contextlib.contextmanager
def translated(path: Path) -> Iterator[None]:
    """Re-raise sqlite3 errors inside the block as StorageError with a Chinese message."""
    try:
        yield
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc


@contextlib.contextmanager
def transaction(conn: sqlite3.Connection, path: Path) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any error; sqlite3 errors translated."""
    with translated(path):
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise


def fsync_path(path: Path, directory: bool = False) -> None:
    """fsync a file, or a directory entry (POSIX only; Windows has no directory fsync)."""
    if directory and os.name == "nt":
        return
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) if directory else os.O_RDWR
    fd = os.open(path, flags)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def replace_file(tmp: Path, target: Path) -> None:
    """Atomically move a finished temp file into place: fsync → os.replace → fsync the folder."""
    fsync_path(tmp)
    os.replace(tmp, target)
    fsync_path(target.parent, directory=True)
