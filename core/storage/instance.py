"""Bringing the running copy to the front: the second copy of the app, refused by the lock
(core/storage/lock.py), leaves a request file `<database>.raise` next to the database; the
running copy watches the folder, takes the request (deletes the file) and raises its window.
The second copy sees the file gone and quits quietly; if nobody takes it, it says why it cannot
open the database. A file, not a local socket: it needs no QtNetwork in the package, and it is
per user and per database by its place. No Qt here.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path


def raise_request_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".raise")


def request_raise(db_path: Path) -> Path:
    """Ask the copy holding `db_path` to come to the front (the file appears in one step)."""
    path = raise_request_path(db_path)
    temp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    temp.write_text(f"{os.getpid()}\n", "ascii")
    os.replace(temp, path)
    return path


def take_raise_request(db_path: Path) -> bool:
    """True once per request: the running copy calls this when its folder changes."""
    try:
        raise_request_path(db_path).unlink()
    except FileNotFoundError:
        return False
    except OSError:
        return False  # cannot take it (permissions): the second copy will explain instead
    return True


def wait_taken(db_path: Path, timeout: float = 1.5,
               pump: Callable[[], None] = lambda: None, step: float = 0.05) -> bool:
    """Whether the running copy took the request within `timeout` seconds; if not, the request
    is withdrawn (a copy started later must not jump to the front for it). `pump` lets a
    caller keep its own events flowing while waiting."""
    path = raise_request_path(db_path)
    deadline = time.monotonic() + timeout
    while True:
        pump()
        if not path.exists():
            return True
        if time.monotonic() >= deadline:
            take_raise_request(db_path)
            return False
        time.sleep(step)
