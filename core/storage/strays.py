"""A `-wal` (and `-shm`) left beside a database whose main file was replaced afterwards — a
manual restore by copying a backup over it — belongs to the old file: replaying it would write
old pages over the restored ones. Such a log is moved aside (never deleted), with a message.

A log is stray when the main file changed after the log's last write and the main file is
whole on its own. A crash leaves a log newer than the main file (replayed, as it must be); a
crash during a checkpoint leaves a main file that is not whole without its log (replayed too).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import sqlite3
from pathlib import Path

log = logging.getLogger(__name__)


def _whole_alone(path: Path) -> bool:
    from core.storage.connection import connect_readonly

    try:
        conn = connect_readonly(path, 0.5, immutable=True)
    except Exception:  # noqa: BLE001 — unreadable alone: keep the log
        return False
    try:
        return [r[0] for r in conn.execute("PRAGMA integrity_check(1)")] == ["ok"]
    except sqlite3.Error:
        return False
    finally:
        conn.close()


def is_stray_log(path: Path) -> bool:
    """True when `path` has a non-empty -wal that belongs to an older file (see above)."""
    wal = path.with_name(path.name + "-wal")
    try:
        main, log_stat = path.stat(), wal.stat()
    except OSError:
        return False
    if log_stat.st_size == 0 or main.st_size == 0:
        return False
    if main.st_nlink > 1 and _mid_swap(path, main):
        return False  # a recovery was killed before its swap: the log is the main file's own
    # st_ctime: the change time (POSIX) or the creation time (Windows) — a copy sets either,
    # even when it keeps the original modification time
    return log_stat.st_mtime < max(main.st_mtime, main.st_ctime) and _whole_alone(path)


def _mid_swap(path: Path, main: os.stat_result) -> bool:
    """The main file also has a `.damaged-` name: a recovery (core.storage.recovery) gave it
    that second name and was killed before swapping the new file in. The link changed the
    file's ctime, which must not make its own log look older than it."""
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return False
    for entry in entries:
        if entry.name.startswith(f"{path.stem}.damaged-") and entry.name.endswith(path.suffix):
            with contextlib.suppress(OSError):
                kept = os.stat(entry.path, follow_symlinks=False)  # DirEntry: no inode on Windows
                if (kept.st_dev, kept.st_ino) == (main.st_dev, main.st_ino):
                    return True
    return False


def set_aside_stray_log(path: Path) -> str | None:
    """Move a stray `-wal`/`-shm` of `path` aside; returns the message for the user, or None."""
    if not is_stray_log(path):
        return None
    return set_aside_log(path, "数据库文件在上次使用之后被替换过（例如手工恢复了备份）")


def set_aside_log(path: Path, why: str) -> str | None:
    """Move `path`'s -wal/-shm aside (renamed, kept); the message for the user, or None."""
    wal = path.with_name(path.name + "-wal")
    if not wal.exists():
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    moved = path.with_name(f"{path.name}-wal.已移开-{stamp}")
    try:
        os.replace(wal, moved)
    except OSError as exc:
        log.warning("could not set aside the stray log %s: %s", wal, exc)
        return None
    shm = path.with_name(path.name + "-shm")
    with contextlib.suppress(OSError):
        os.replace(shm, path.with_name(f"{path.name}-shm.已移开-{stamp}"))
    message = f"{why}，旁边遗留的日志文件属于旧文件，已移到一旁未使用：{moved}。"
    log.warning("%s", message)
    return message
