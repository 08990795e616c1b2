"""What a restore would change, in words: the reports (with their status) and the register's
applications of a backup, set against the current data, so the clerk answers the restore
question knowing what comes back and what goes away — not only how many reports the backup has.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from core.fileio import os_reason
from core.model import STATUS_FINAL, STATUS_LABELS
from core.storage import InvalidBackup, StorageError
from core.storage import backups as bk
from core.storage.errors import chinese_detail
from core.storage.records import local_time

SHOWN = 4  # agencies, or differing reports, named before "……共 N"
TAIL = "恢复后当前数据将被替换（当前数据会先另存安全副本）。"


@dataclass(frozen=True)
class DataContents:
    reports: dict[tuple[str, int], str]  # (agency, year) → status, by agency and year
    applications: int  # entries of the register (台账), every agency
    last_modified: datetime | None  # the newest change of a report or an entry, local time

    def summary(self) -> str:
        finals = sum(1 for status in self.reports.values() if status == STATUS_FINAL)
        final = f"（已定稿 {finals} 份）" if finals else ""
        return f"{len(self.reports)} 份报告{final}，台账 {self.applications} 件申请"


def contents_of(conn: sqlite3.Connection) -> DataContents:
    rows = conn.execute(
        "SELECT a.name, r.year, r.status, r.updated_at FROM reports r "
        "JOIN agencies a ON a.id = r.agency_id ORDER BY a.name, r.year").fetchall()
    apps = conn.execute("SELECT count(*), max(updated_at) FROM applications").fetchone()
    newest = max([int(r[3]) for r in rows] + ([int(apps[1])] if apps[1] is not None else []),
                 default=None)
    return DataContents({(str(r[0]), int(r[1])): str(r[2]) for r in rows}, int(apps[0]),
                        None if newest is None else local_time(newest))


def read_backup(path: Path, db_path: Path) -> DataContents:
    """Check a file offered for restoring exactly as `Database.restore_from` will (a private,
    verified copy: `prepared_candidate`; the file itself is never modified) and read what it
    holds. Raises InvalidBackup (or StorageError) with a Chinese message."""
    try:
        with bk.prepared_candidate(path, Path(db_path), 4096, 2.0, clean=False) as conn:
            return contents_of(conn)
    except sqlite3.Error as exc:
        raise InvalidBackup(path, f"文件已损坏（{chinese_detail(str(exc))}）", damaged=True) \
            from exc
    except OSError as exc:
        raise StorageError(f"无法检查文件“{path}”：{os_reason(exc)}") from exc


def _names(keys: list[tuple[str, int]]) -> str:
    years: dict[str, list[str]] = {}
    for agency, year in keys:
        years.setdefault(agency, []).append(str(year))
    parts = [f"{agency} {'、'.join(ys)}" for agency, ys in years.items()]
    if len(parts) > SHOWN:
        parts = [*parts[:SHOWN], f"……共 {len(parts)} 个机关"]
    return "；".join(parts)


def preview(backup: DataContents) -> str:
    """What a backup holds, in a line or two (the start-up choice shows it for the selected one)."""
    when = f"，最后修改于 {backup.last_modified:%Y-%m-%d %H:%M:%S}" if backup.last_modified else ""
    held = f"\n报告：{_names(list(backup.reports))}。" if backup.reports else ""
    return f"所选备份包含 {backup.summary()}{when}。{held}"


def describe(backup: DataContents, current: DataContents | None) -> str:
    """The restore question's middle: what the backup holds and, against the current data, what
    would disappear, come back, or change status."""
    when = f"，最后修改于 {backup.last_modified:%Y-%m-%d %H:%M:%S}" if backup.last_modified else ""
    if not backup.reports and not backup.applications:
        lines = [f"该备份中没有任何报告，台账也是空的{when}。"]
    else:
        lines = [f"该备份包含 {backup.summary()}{when}。"]
        if backup.reports:
            lines.append(f"报告：{_names(list(backup.reports))}。")
    if current is not None:
        lines.append(f"当前数据：{current.summary()}。")
        gone = [k for k in current.reports if k not in backup.reports]
        back = [k for k in backup.reports if k not in current.reports]
        status = [k for k in backup.reports
                  if k in current.reports and current.reports[k] != backup.reports[k]]
        if gone:
            lines.append(f"恢复后将不再有：{_names(gone)}。")
        if back:
            lines.append(f"恢复后将重新出现：{_names(back)}。")
        for agency, year in status[:SHOWN]:
            now, then = current.reports[agency, year], backup.reports[agency, year]
            lines.append(f"{agency} {year} 年度报告将从“{STATUS_LABELS.get(now, now)}”"
                         f"变回“{STATUS_LABELS.get(then, then)}”。")
        if len(status) > SHOWN:
            lines.append(f"……共 {len(status)} 份报告的状态将改变。")
        if current.applications != backup.applications:
            lines.append(f"台账将从 {current.applications} 件申请变为 {backup.applications} 件。")
    lines.append(TAIL)
    return "\n".join(lines)
