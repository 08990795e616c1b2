"""Plain read-only records returned by the storage API."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any


def now_ms(seconds: float) -> int:
    return int(round(seconds * 1000))


def local_time(ms: int) -> datetime:
    """Stored UTC milliseconds as an aware datetime in the computer's time zone."""
    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).astimezone()


@dataclass(frozen=True)
class ReportInfo:
    agency: str
    year: int
    status: str  # 'draft' | 'final'
    updated_at: datetime  # local time, tz-aware


@dataclass(frozen=True)
class Change:
    path: str  # e.g. "tables/requests/new_received/natural_person", "text/overview", "status"
    old: Any  # None when the path did not exist before
    new: Any  # None when the path was removed


@dataclass(frozen=True)
class Revision:
    ts: datetime  # local time, tz-aware; for a coalesced revision, its latest edit
    summary: str  # "" for autosaves; e.g. "定稿", "重新打开", "导入文件"
    changes: tuple[Change, ...]
    id: int = 0  # the revision's row id: a version is the report as this revision left it


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: datetime  # local time from the file name
    size: int  # bytes
    safety: bool = False  # the copy made before a restore: never rotated out
