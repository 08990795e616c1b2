"""Single-instance guard: an advisory OS lock on `<database>.lock`.

The lock is held by the operating system on an open file handle (``flock`` on POSIX,
``msvcrt.locking`` on Windows), so it disappears with the process that holds it: a crash or a
power cut never leaves a stale lock behind, and the lock file itself is never deleted (deleting
it would race with another process that is just opening it). The file only carries the holder's
process id, for people looking at it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from core.fileio import os_reason
from core.storage.errors import DatabaseInUse, StorageError

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def lock_path(db_path: Path) -> Path:
    """The lock file of a database: `<db>.lock` next to it."""
    return db_path.with_name(db_path.name + ".lock")


class InstanceLock:
    """An exclusive, non-blocking lock on a database; `release()` (or process exit) frees it.

    Two opens in the same process conflict too (flock locks belong to the open file, not to
    the process), so tests can exercise the guard without a second process.
    """

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd: int | None = fd

    @classmethod
    def acquire(cls, db_path: Path) -> InstanceLock:
        path = lock_path(db_path)
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StorageError(f"无法创建锁文件 {path}：{os_reason(exc)}") from exc
        if not _try_lock(fd):
            os.close(fd)
            raise DatabaseInUse(db_path)
        if sys.platform != "win32":  # on Windows the locked byte cannot be rewritten portably
            try:
                os.ftruncate(fd, 0)
                os.write(fd, f"{os.getpid()}\n".encode("ascii"))
            except OSError:
                pass  # informational only
        return cls(path, fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            _unlock(fd)
        except OSError:
            pass  # closing the handle frees the lock anyway
        finally:
            os.close(fd)
