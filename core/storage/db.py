"""`Database`: the reports of every agency and year, in one SQLite file.

Every public write is one short `BEGIN IMMEDIATE … COMMIT` transaction; with WAL and
`synchronous=FULL` an edit is on disk when the call returns, so neither a crash nor a power cut
loses it. Documents are stored as the report file form of interfaces.md (JSON text).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from core.fileio import os_reason
from core.storage import backups as bk
from core.storage import changes as ch
from core.storage import history
from core.storage import migrations as mig
from core.storage.connection import (
    check_header,
    configure,
    connect,
    connect_readonly,
    inspect,
    integrity_errors,
    transaction,
    translated,
    upgrade,
)
from core.storage.documents import (
    DRAFT,
    FINAL,
    STATUS_SUMMARY,
    check_status,
    from_text,
    identify,
    storable_json,
    to_text,
)
from core.storage.errors import (
    DatabaseReplaced,
    InvalidDocument,
    ReportFinalized,
    ReportNotFound,
    StorageError,
)
from core.storage.lock import InstanceLock
from core.storage.records import ReportInfo, Revision, local_time, now_ms
from core.storage.strays import set_aside_log, set_aside_stray_log

log = logging.getLogger(__name__)


class Database:
    """An open report database. Use `Database.open(path)`; close it (or use `with`)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, lock: InstanceLock | None, *,
                 auto_backup: bool, keep_backups: int, timeout: float) -> None:
        self.path = path
        self._conn: sqlite3.Connection | None = conn
        self._lock = lock
        self._auto_backup = auto_backup
        self._keep_backups = keep_backups
        self._timeout = timeout
        self._baseline = conn.total_changes
        self.clock = time.time  # seconds since the epoch; tests replace it
        self.backup_error: str | None = None  # why the last automatic backup failed, if it did
        self.open_notice: str | None = None  # something done on open the user should know
        self._identity = _identity(path)  # the file opened; see _check_same_file
        self.replaced = False
        self.read_only = False

    # -- opening and closing -------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, *, exclusive: bool = True, timeout: float = 2.0,
             backups: bool | None = None, keep_backups: int = bk.KEEP_BACKUPS,
             lock: InstanceLock | None = None) -> Database:
        """Open (creating if needed) and upgrade a database; refuse anything unsafe to touch.

        exclusive: hold `<db>.lock` until close (the GUI, `import`); raises DatabaseInUse if
        another instance holds it. lock: the instance lock the caller already holds, handed
        over (released by close, or at once if the open fails). backups: automatic backups
        on open (once a day, and before a schema upgrade) and on close (if anything changed);
        default: when exclusive.
        Raises StorageError subclasses with Chinese messages: DatabaseInUse, DatabaseLocked,
        DatabaseCorrupt, ForeignDatabase, DatabaseTooNew.
        """
        path = Path(path).expanduser().absolute()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            if lock is not None:
                lock.release()
            raise StorageError(f"无法创建数据文件夹 {path.parent}：{os_reason(exc)}") from exc
        exclusive = exclusive or lock is not None
        auto = exclusive if backups is None else backups
        if lock is None and exclusive:
            lock = InstanceLock.acquire(path)
        conn: sqlite3.Connection | None = None
        created = not path.exists()
        try:
            # only under the instance lock: without it the log may be a running app's
            notice = set_aside_stray_log(path) if lock is not None else None
            if lock is not None:
                bk.clean_restore_leftovers(path)
            has_data = check_header(path)
            supported = mig.current_version()
            if has_data:  # looked at read-only: a refused file (and its -wal) stays as it was
                probe = connect_readonly(path, timeout)
                try:
                    version = inspect(probe, path, has_data=True, supported=supported)
                finally:
                    probe.close()
            conn = connect(path, timeout)
            if not has_data:
                version = inspect(conn, path, has_data=False, supported=supported)
            configure(conn, path)
            upgrade_lock = None
            if version < supported and lock is None:
                upgrade_lock = InstanceLock.acquire(path)  # never upgrade under a running app
            try:
                if 0 < version < supported and auto:
                    bk.create_backup(conn, path, keep=keep_backups, prune=False)
                upgrade(conn, path, supported)
            finally:
                if upgrade_lock is not None:
                    upgrade_lock.release()
            db = cls(path, conn, lock, auto_backup=auto, keep_backups=keep_backups,
                     timeout=timeout)
            db.open_notice = notice
            if auto and bk.backup_due(path):
                db._backup_quietly()
            return db
        except BaseException:
            if conn is not None:
                conn.close()
            if created:  # a first creation that failed must not leave an empty "database"
                _remove_empty(path)
            if lock is not None:
                lock.release()
            raise

    @classmethod
    def open_readonly(cls, path: str | Path, *, timeout: float = 2.0) -> Database:
        """Open an existing database for reading only (`list`, `dump`): nothing is written —
        no -wal checkpointed, no statistics, no upgrade, no backup. Writes raise StorageError."""
        path = Path(path).expanduser().absolute()
        if not check_header(path):
            raise StorageError(f"数据库文件“{path}”不存在。")
        conn = connect_readonly(path, timeout)
        try:
            inspect(conn, path, has_data=True, supported=mig.current_version())
        except BaseException:
            conn.close()
            raise
        db = cls(path, conn, None, auto_backup=False, keep_backups=bk.KEEP_BACKUPS,
                 timeout=timeout)
        db.read_only = True
        return db

    def close(self) -> None:
        """Back up if anything changed (automatic backups only), close, release the lock."""
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if self._auto_backup and conn.total_changes != self._baseline:
                self._backup_quietly(conn)
            if not self.read_only:  # optimize may write sqlite_stat1
                with contextlib.suppress(sqlite3.Error):
                    conn.execute("PRAGMA optimize")
        finally:
            conn.close()
            if self._lock is not None:
                if self.replaced or _identity(self.path) != self._identity:
                    # our -wal/-shm now lie beside a file that is not ours: replayed, they
                    # would write our pages over it
                    set_aside_log(self.path, "数据库文件在使用中被替换")
                self._lock.release()

    def for_worker(self) -> Database:
        """This database through a new connection, made (and to be used and closed) in the
        calling thread: a sqlite3 connection belongs to the thread that made it, so a worker
        cannot write through the GUI's. No instance lock (this one holds it), no backups, no
        checks (done when this one was opened); SQLite's locks order its writes with ours.
        It refuses writes when the file is no longer the one this one opened."""
        conn = connect(self.path, self._timeout)
        try:
            configure(conn, self.path)
        except BaseException:
            conn.close()
            raise
        twin = Database(self.path, conn, None, auto_backup=False,
                        keep_backups=self._keep_backups, timeout=self._timeout)
        twin._identity = self._identity
        twin.replaced = self.replaced
        twin.clock = self.clock
        return twin

    def __enter__(self) -> Database:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    @contextmanager
    def busy_timeout(self, seconds: float) -> Iterator[None]:
        """Wait at most `seconds` for another program's lock inside the block (autosave: a
        locked database must not freeze typing; the edit is kept and retried instead)."""
        conn = self._c
        with translated(self.path):
            conn.execute(f"PRAGMA busy_timeout = {max(0, int(seconds * 1000))}")
        try:
            yield
        finally:
            with contextlib.suppress(sqlite3.Error):
                conn.execute(f"PRAGMA busy_timeout = {int(self._timeout * 1000)}")

    @property
    def exclusive(self) -> bool:
        return self._lock is not None and self._lock.held

    @property
    def schema_version(self) -> int:
        with translated(self.path):
            return mig.user_version(self._c)

    @property
    def _c(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StorageError("数据库已关闭。")
        return self._conn

    def _now(self) -> int:
        return now_ms(self.clock())

    # -- reports ------------------------------------------------------------------------------
    def save_report(self, document: dict[str, Any], *, status: str | None = None,
                    summary: str = "", updated_at: datetime | None = None) -> None:
        """Insert or update the report of (agency name, year); record what changed.

        `updated_at`: the 最后修改 to keep (a report copied from a backup), else now; the
        revision is dated now either way.

        Raises ReportFinalized if the stored report is final and the document or status would
        change (reopen it with set_status first). A save that changes nothing records nothing.
        """
        name, year = identify(document)
        check_status(status)
        text = to_text(document)
        now = self._now()
        stamp = now if updated_at is None else round(updated_at.timestamp() * 1000)
        with self._write() as conn:
            agency_id = self._agency_id(name, create_at=now)
            row = conn.execute("SELECT id, status, document FROM reports "
                               "WHERE agency_id = ? AND year = ?", (agency_id, year)).fetchone()
            if row is None:
                cur = conn.execute(
                    "INSERT INTO reports (agency_id, year, status, document, updated_at) "
                    "VALUES (?, ?, ?, ?, ?)", (agency_id, year, status or DRAFT, text, stamp))
                history.record(conn, int(cur.lastrowid or 0), now, summary or "新建报告", [])
                return
            report_id, old_status, old_text = row
            new_status = status or old_status
            if old_text == text and new_status == old_status:
                return
            if old_status == FINAL:
                raise ReportFinalized(name, year)
            changes = ch.diff(json.loads(old_text), document)
            if new_status != old_status:
                changes.append({"path": "status", "old": old_status, "new": new_status})
                summary = summary or STATUS_SUMMARY[new_status]
            conn.execute("UPDATE reports SET document = ?, status = ?, updated_at = ? "
                         "WHERE id = ?", (text, new_status, stamp, report_id))
            if changes:  # else only key order or spacing differed
                history.record(conn, report_id, now, summary, changes)

    def load_report(self, agency: str, year: int) -> dict[str, Any] | None:
        """The stored document, or None."""
        with translated(self.path):
            row = self._c.execute(
                "SELECT r.document FROM reports r JOIN agencies a ON a.id = r.agency_id "
                "WHERE a.name = ? AND r.year = ?", (agency.strip(), year)).fetchone()
        return None if row is None else from_text(row[0])

    def report_status(self, agency: str, year: int) -> str:
        """'draft' or 'final'; ReportNotFound if there is no such report."""
        return str(self._report_row(self._c, agency, year)[1])

    def set_status(self, agency: str, year: int, status: str, summary: str = "") -> None:
        """Finalize ('final', summary 定稿) or reopen ('draft', 重新打开); records a revision."""
        check_status(status)
        now = self._now()
        with self._write() as conn:
            report_id, old = self._report_row(conn, agency, year)
            if old == status:
                return
            conn.execute("UPDATE reports SET status = ?, updated_at = ? WHERE id = ?",
                         (status, now, report_id))
            history.record(conn, report_id, now, summary or STATUS_SUMMARY[status],
                           [{"path": "status", "old": old, "new": status}])

    def delete_report(self, agency: str, year: int) -> bool:
        """Delete a report and its history (and the agency once it has no report left)."""
        with self._write() as conn:
            row = conn.execute("SELECT id FROM agencies WHERE name = ?",
                               (agency.strip(),)).fetchone()
            if row is None:
                return False
            deleted = conn.execute("DELETE FROM reports WHERE agency_id = ? AND year = ?",
                                   (row[0], year)).rowcount
            # an agency whose register still holds applications stays
            conn.execute("DELETE FROM agencies WHERE id = ? AND NOT EXISTS "
                         "(SELECT 1 FROM reports WHERE agency_id = ?) AND NOT EXISTS "
                         "(SELECT 1 FROM applications WHERE agency_id = ?)",
                         (row[0], row[0], row[0]))
        return deleted > 0

    def list_reports(self) -> list[ReportInfo]:
        """Every stored report: by agency name, newest year first."""
        with translated(self.path):
            rows = self._c.execute(
                "SELECT a.name, r.year, r.status, r.updated_at FROM reports r "
                "JOIN agencies a ON a.id = r.agency_id ORDER BY a.name, r.year DESC").fetchall()
        return [ReportInfo(n, y, s, local_time(t)) for n, y, s, t in rows]

    def latest_report_before(self, agency: str, year: int) -> dict[str, Any] | None:
        """The agency's most recent report of a year before `year` (to pre-fill a new one)."""
        with translated(self.path):
            row = self._c.execute(
                "SELECT r.document FROM reports r JOIN agencies a ON a.id = r.agency_id "
                "WHERE a.name = ? AND r.year < ? ORDER BY r.year DESC LIMIT 1",
                (agency.strip(), year)).fetchone()
        return None if row is None else from_text(row[0])

    def agencies(self) -> list[str]:
        with translated(self.path):
            return [r[0] for r in self._c.execute("SELECT name FROM agencies ORDER BY name")]

    def revisions(self, agency: str, year: int) -> list[Revision]:
        """The report's history, newest first ([] if there is no such report)."""
        with translated(self.path):
            return history.read(self._c, agency.strip(), year)

    def version(self, agency: str, year: int,
                revision_id: int) -> tuple[dict[str, Any], str] | None:
        """The report as revision `revision_id` left it: (document, status), or None."""
        with translated(self.path):
            return history.version(self._c, agency.strip(), year, revision_id)

    def restore_version(self, agency: str, year: int, revision_id: int,
                        summary: str = "") -> bool:
        """Make the report what revision `revision_id` left it, recorded as a new revision
        (the status stays). False if it already is. Raises ReportFinalized on a final report,
        ReportNotFound if there is no such report or revision."""
        if self.report_status(agency, year) == FINAL:
            raise ReportFinalized(agency.strip(), year)
        found = self.version(agency, year, revision_id)
        if found is None:
            raise ReportNotFound(agency.strip(), year)
        document, _ = found
        current = self.load_report(agency, year) or {}
        if isinstance(document.get("agency"), dict) and isinstance(current.get("agency"), dict):
            document["agency"]["name"] = current["agency"].get("name")  # renamed since
        if current == document:
            return False
        self.save_report(document, summary=summary or "恢复历史版本")
        return True

    def rename_agency(self, old: str, new: str) -> bool:
        """Rename an agency in every one of its reports (final ones too: the name is the key).

        If `new` already exists, the reports are merged into it, unless both have a report
        for the same year (StorageError, nothing changed). Each changed report gets a
        revision. Returns False (and does nothing) if `old` has no stored report.
        """
        old, new = old.strip(), new.strip()
        if not new:
            raise InvalidDocument("单位名称不能为空。")
        if old == new:
            return False
        now = self._now()
        with self._write() as conn:
            old_id = self._agency_id(old)
            if old_id is None:
                return False
            new_id = self._agency_id(new)
            rows = conn.execute("SELECT id, year, document FROM reports WHERE agency_id = ?",
                                (old_id,)).fetchall()
            if new_id is None:
                conn.execute("UPDATE agencies SET name = ? WHERE id = ?", (new, old_id))
            else:
                taken = {r[0] for r in conn.execute(
                    "SELECT year FROM reports WHERE agency_id = ?", (new_id,))}
                clash = sorted(y for _, y, _ in rows if y in taken)
                if clash:
                    years = "、".join(str(y) for y in clash)
                    raise StorageError(f"“{new}”已有{years}年的报告，不能把“{old}”的报告并入。"
                                       "请先删除或改名其中一份。")
                conn.execute("UPDATE reports SET agency_id = ? WHERE agency_id = ?",
                             (new_id, old_id))
                if conn.execute("SELECT 1 FROM applications a JOIN applications b "
                                "ON a.number = b.number WHERE a.agency_id = ? "
                                "AND b.agency_id = ? LIMIT 1", (old_id, new_id)).fetchone():
                    raise StorageError(f"“{new}”和“{old}”的依申请公开台账中有相同编号的申请，"
                                       "不能合并。请先改正编号。")
                conn.execute("UPDATE applications SET agency_id = ? WHERE agency_id = ?",
                             (new_id, old_id))
                conn.execute("DELETE FROM agencies WHERE id = ?", (old_id,))
            for report_id, _, text in rows:
                document = from_text(text)
                if not isinstance(document.get("agency"), dict):
                    continue
                before = json.loads(text)
                document["agency"]["name"] = new
                changes = ch.diff(before, document)
                if changes:
                    conn.execute("UPDATE reports SET document = ?, updated_at = ? WHERE id = ?",
                                 (to_text(document), now, report_id))
                    history.record(conn, report_id, now, f"单位名称由“{old}”改为“{new}”",
                                   changes)
        return True

    # -- access for the register of applications (core.register.store) -----------------------
    @contextmanager
    def writing(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (BEGIN IMMEDIATE … COMMIT; errors translated)."""
        with self._write() as conn:
            yield conn

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        with translated(self.path):
            yield self._c

    def now(self) -> int:
        """Now in ms since the epoch, by `clock` (tests replace it)."""
        return self._now()

    def agency_id(self, name: str, create: bool = False) -> int | None:
        """The agency's row id (created when `create`), inside a transaction when creating."""
        return self._agency_id(name.strip(), create_at=self._now() if create else None)

    # -- settings (GUI state: last report, wizard step, …) ------------------------------------
    def get_setting(self, key: str, default: Any = None) -> Any:
        with translated(self.path):
            row = self._c.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def set_setting(self, key: str, value: Any) -> None:
        """Store a JSON value; None deletes the key (get_setting then returns its default)."""
        text = None if value is None else storable_json(value)
        with self._write() as conn:
            if text is None:
                conn.execute("DELETE FROM settings WHERE key = ?", (key,))
            else:
                conn.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                             (key, text))

    # -- checks and backups -------------------------------------------------------------------
    def check_integrity(self) -> list[str]:
        """Problems found by a full `PRAGMA integrity_check` ([] means healthy)."""
        with translated(self.path):
            return integrity_errors(self._c, quick=False)

    def backup_now(self) -> Path:
        """Make a rotating automatic backup now; returns its path."""
        with self._holding_lock():
            made = bk.create_backup(self._c, self.path, keep=self._keep_backups)
        self.backup_error = None  # backups work again
        return made

    def backup_to(self, path: str | Path) -> None:
        """Copy the database to a file the user chose (temp → verify → fsync → replace)."""
        target = Path(path).expanduser().absolute()
        if target == self.path or target.name.startswith(self.path.name + "-"):
            raise StorageError("不能把备份写到数据库文件本身，请另选一个文件名。")
        bk.write_copy(self._c, target, self.path)

    def restore_from(self, path: str | Path, *, safety_copy: bool = True) -> Path | None:
        """Replace all data by a backup's, after verifying it; returns the safety copy made
        first (none when `safety_copy` is off: a new database has nothing to keep).

        A corrupt, foreign or too-new file raises InvalidBackup (a StorageError) and nothing
        is changed. Reload everything shown from the database afterwards.
        """
        self._check_same_file()
        with self._holding_lock(), translated(self.path):
            page_size = int(self._c.execute("PRAGMA page_size").fetchone()[0])
            with bk.prepared_candidate(path, self.path, page_size, self._timeout) as src:
                safety = bk.create_backup(self._c, self.path, keep=self._keep_backups,
                                          prune=False, safety=True) if safety_copy else None
                src.backup(self._c)
            configure(self._c, self.path)
        self.backup_error = None
        return safety

    @contextmanager
    def _holding_lock(self) -> Iterator[None]:
        temporary = None if self.exclusive else InstanceLock.acquire(self.path)
        try:
            yield
        finally:
            if temporary is not None:
                temporary.release()

    def _backup_quietly(self, conn: sqlite3.Connection | None = None) -> None:
        try:
            bk.create_backup(conn or self._c, self.path, keep=self._keep_backups)
            self.backup_error = None
        except StorageError as exc:  # a failed backup must not stop the user's work
            self.backup_error = exc.message
            log.warning("automatic backup failed: %s", exc.message)

    # -- internals -----------------------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        self._check_same_file()
        with transaction(self._c, self.path) as conn:
            yield conn

    def _check_same_file(self) -> None:
        """Refuse to write when the file at our path is no longer the one we opened (replaced
        by a sync tool, an export written over it, deleted): the edits would go into an
        orphan nobody sees again while the app reported them saved."""
        if not self.replaced and _identity(self.path) != self._identity:
            self.replaced = True
            log.warning("database file replaced while open: %s", self.path)
        if self.replaced:
            raise DatabaseReplaced(self.path)

    def _agency_id(self, name: str, create_at: int | None = None) -> int | None:
        row = self._c.execute("SELECT id FROM agencies WHERE name = ?", (name,)).fetchone()
        if row is not None:
            return int(row[0])
        if create_at is None:
            return None
        cur = self._c.execute("INSERT INTO agencies (name, created) VALUES (?, ?)",
                              (name, create_at))
        return int(cur.lastrowid or 0)

    def _report_row(self, conn: sqlite3.Connection, agency: str, year: int) -> tuple[int, str]:
        with translated(self.path):
            row = conn.execute(
                "SELECT r.id, r.status FROM reports r JOIN agencies a ON a.id = r.agency_id "
                "WHERE a.name = ? AND r.year = ?", (agency.strip(), year)).fetchone()
        if row is None:
            raise ReportNotFound(agency.strip(), year)
        return int(row[0]), str(row[1])



def _remove_empty(path: Path) -> None:
    for part in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        with contextlib.suppress(OSError):
            if part.stat().st_size == 0:
                part.unlink()


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino
