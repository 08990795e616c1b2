"""Recovering a damaged database (from a backup or from its salvage) swaps the new file in with
one rename: killed at any step, the clerk's next start finds a database at the path — the
damaged one (recovery is offered again) or the new one — and the damaged file is kept byte for
byte; a bad backup changes nothing."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from core.storage import Database, StorageError
from core.storage.backups import backups_dir
from core.storage.recovery import adopt, recover
from core.storage.salvage import salvage, salvage_path
from tests.core.test_salvage import build, page_of, reports_in, smash


class Killed(BaseException):
    """The process dying at this point: nothing after it runs (the on-disk state is what the
    next start finds)."""


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def scene(tmp_path: Path) -> dict:
    """A database with an older automatic backup, then damaged as a crash leaves it: a leaf page
    of `reports` smashed, and a live -wal of its last commit beside it."""
    path = tmp_path / "reports.sqlite3"
    final = build(path, edits=1)
    backups_dir(path).mkdir()
    backup = backups_dir(path) / "reports-20261201-120000.sqlite3"
    shutil.copyfile(path, backup)
    root = page_of(path, "reports")[0]
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT INTO settings (key, value) VALUES ('crash', '1')")
    conn.commit()
    frozen = tmp_path / "frozen"
    frozen.mkdir()
    for suffix in ("", "-wal"):  # copied while open: the commit lives only in the -wal
        shutil.copyfile(path.with_name(path.name + suffix), frozen / ("reports.sqlite3" + suffix))
    conn.close()
    for suffix in ("", "-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    for suffix in ("", "-wal"):
        shutil.copyfile(frozen / ("reports.sqlite3" + suffix), path.with_name(path.name + suffix))
    smash(path, root)  # the root: nothing opens it normally
    wal = path.with_name(path.name + "-wal")
    later = path.stat().st_mtime + 1  # the log is written after the file, as in a real crash
    os.utime(wal, (later, later))
    assert wal.stat().st_size > 0
    with pytest.raises(StorageError):
        Database.open(path, backups=False).close()
    assert wal.stat().st_size > 0, "refusing the damaged file changed its log"
    return {"path": path, "backup": backup, "reports": set(final),
            "damaged": sha(path), "damaged_wal": sha(path.with_name(path.name + "-wal"))}


def kept_damaged(path: Path) -> list[Path]:
    return sorted(path.parent.glob("reports.damaged-*.sqlite3"))


def test_recovering_from_a_backup_keeps_the_damaged_file_and_its_log(scene) -> None:
    path = scene["path"]
    done = recover(path, scene["backup"])
    try:
        assert {(r.agency, r.year) for r in done.db.list_reports()} == scene["reports"]
    finally:
        done.db.close()
    assert done.damaged == kept_damaged(path)[0]
    assert sha(done.damaged) == scene["damaged"]
    assert sha(done.damaged.with_name(done.damaged.name + "-wal")) == scene["damaged_wal"]
    assert not list(path.parent.glob(".restore-*")), "the work folder is left behind"
    # the session after a recovery keeps automatic backups like any other
    assert len(list(backups_dir(path).glob("reports-*.sqlite3"))) >= 2


def test_a_bad_backup_leaves_the_damaged_file_where_it_was(scene, tmp_path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database" * 100)
    with pytest.raises(StorageError) as caught:
        recover(scene["path"], bad)
    assert "未作任何改动" in caught.value.message
    assert sha(scene["path"]) == scene["damaged"]
    assert not kept_damaged(scene["path"])
    assert not list(scene["path"].parent.glob(".restore-*"))


def test_two_recoveries_in_one_second_keep_both_damaged_files(scene) -> None:
    path = scene["path"]
    recover(path, scene["backup"]).db.close()
    path.write_bytes(b"\0" * 8192)  # damaged again, differently
    recover(path, scene["backup"]).db.close()
    kept = kept_damaged(path)
    assert len(kept) == 2
    assert {sha(p) for p in kept} == {scene["damaged"], hashlib.sha256(b"\0" * 8192).hexdigest()}


def recover_from_backup(scene: dict) -> set:
    recover(scene["path"], scene["backup"]).db.close()
    return scene["reports"]


def recover_from_salvage(scene: dict) -> set:
    result = salvage(scene["path"], salvage_path(scene["path"]))
    adopt(scene["path"], result.path).db.close()
    return {(r.agency, r.year) for r in result.reports}


@pytest.mark.parametrize("way", [recover_from_backup, recover_from_salvage])
def test_killed_at_any_step_of_the_swap_a_database_is_at_the_path(scene, monkeypatch,
                                                                  way) -> None:
    """Kill before each link, rename and unlink of the swap in turn (then let it finish): the
    path holds the damaged file (the next start offers recovery again) or the new one, which
    opens with its reports and never with the damaged file's log replayed into it."""
    import core.storage.recovery as recovery

    path = scene["path"]
    pristine = {p.name: p.read_bytes() for p in path.parent.iterdir() if p.is_file()}
    swap = recovery._swap_in
    outcomes = []
    for kill_at in range(12):
        for p in list(path.parent.iterdir()):  # the scene again, as it was
            if p.is_dir() and p.name != "backups":
                shutil.rmtree(p)
            elif p.is_file():
                p.unlink()
        for name, data in pristine.items():
            (path.parent / name).write_bytes(data)
        calls = {"n": 0, "armed": False}

        def step(real, calls=calls, kill_at=kill_at):  # noqa: ANN001, ANN202
            def wrapped(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
                if calls["armed"]:
                    if calls["n"] == kill_at:
                        raise Killed
                    calls["n"] += 1
                return real(*args, **kwargs)
            return wrapped

        def armed_swap(*args, calls=calls):  # noqa: ANN002, ANN202
            calls["armed"] = True
            try:
                return swap(*args)
            finally:
                calls["armed"] = False

        with monkeypatch.context() as m:
            for name in ("link", "replace", "unlink"):
                m.setattr(os, name, step(getattr(os, name)))
            m.setattr(recovery, "_swap_in", armed_swap)
            try:
                expected = way(scene)
                finished = True
            except Killed:
                finished = False
        # the next start
        assert path.exists(), f"killed at step {kill_at}: nothing at the path"
        if sha(path) == scene["damaged"]:
            with pytest.raises(StorageError):
                Database.open(path, backups=False).close()
            outcomes.append("damaged")
        else:
            kept = kept_damaged(path)
            assert len(kept) == 1 and sha(kept[0]) == scene["damaged"]
            assert sha(kept[0].with_name(kept[0].name + "-wal")) == scene["damaged_wal"]
            got = reports_in(path)  # opens: no damaged page came back through the old log
            assert set(got) == (expected if finished else set(got)) and got
            outcomes.append("new")
        if finished:
            break
    assert finished, "the swap has more steps than tried"
    assert "damaged" in outcomes and outcomes[-1] == "new"
    assert outcomes.count("new") >= 2, "no kill fell between the rename and the log's removal"


def test_where_the_disk_has_no_links_the_damaged_file_is_copied(scene, monkeypatch) -> None:
    def no_links(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        raise PermissionError(1, "Operation not permitted")  # what FAT says

    monkeypatch.setattr(os, "link", no_links)
    done = recover(scene["path"], scene["backup"])
    done.db.close()
    assert sha(done.damaged) == scene["damaged"]
    assert sha(done.damaged.with_name(done.damaged.name + "-wal")) == scene["damaged_wal"]
    assert not list(scene["path"].parent.glob("*.part"))


def test_a_copy_that_fails_leaves_no_part_and_the_damaged_file_in_place(scene,
                                                                       monkeypatch) -> None:
    monkeypatch.setattr(os, "link", lambda *a, **k: (_ for _ in ()).throw(OSError(95, "no")))

    def full(source, target, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        Path(target).write_bytes(b"half")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(shutil, "copyfile", full)
    import core.storage.recovery as recovery

    with pytest.raises(StorageError) as caught:
        recovery.adopt(scene["path"], scene["path"].with_name("new.sqlite3"))
    assert "磁盘空间不足" in caught.value.message and "未作任何改动" in caught.value.message
    assert sha(scene["path"]) == scene["damaged"]
    left = {p.name for p in scene["path"].parent.iterdir()}
    assert not [n for n in left if ".damaged-" in n or n.endswith(".part")], left


def test_a_kill_after_the_link_does_not_make_the_damaged_files_log_look_stray(tmp_path) -> None:
    """The link changes the main file's ctime; its own log must still be replayed (were it set
    aside, a database whose damage is in the log would open on older data, no recovery)."""
    from core.storage.backups import damaged_path
    from core.storage.strays import is_stray_log

    path = tmp_path / "reports.sqlite3"
    build(path, edits=1)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    conn.execute("INSERT INTO settings (key, value) VALUES ('late', '1')")
    conn.commit()
    frozen = {s: path.with_name(path.name + s).read_bytes() for s in ("", "-wal")}
    conn.close()
    for suffix, data in frozen.items():
        path.with_name(path.name + suffix).write_bytes(data)
    wal = path.with_name(path.name + "-wal")
    changed = path.stat().st_ctime
    time.sleep(0.05)
    os.utime(wal, (changed + 0.02, changed + 0.02))  # the crash's log: written after the file
    time.sleep(0.05)
    assert not is_stray_log(path)
    kept = damaged_path(path)
    os.link(path, kept)  # the recovery's second name: the file's ctime is now after the log
    assert path.stat().st_ctime > wal.stat().st_mtime
    assert not is_stray_log(path)
    kept.unlink()
    shutil.copyfile(path, kept)  # a damaged name, but another file: the log is stray again
    assert is_stray_log(path)


def test_the_recovered_database_is_open_under_the_lock_held_from_the_start(scene) -> None:
    from core.storage.errors import DatabaseInUse
    from core.storage.lock import InstanceLock

    done = recover(scene["path"], scene["backup"])
    with pytest.raises(DatabaseInUse):
        InstanceLock.acquire(scene["path"])
    done.db.close()
    InstanceLock.acquire(scene["path"]).release()


def test_another_database_named_alike_keeps_its_restore_in_progress(tmp_path) -> None:
    """`reports-2024.sqlite3` beside `reports.sqlite3`: a recovery of the one does not sweep
    away the other's young work folder."""
    from core.storage.backups import clean_restore_leftovers

    theirs = tmp_path / ".restore-reports-2024-ab12cd34"
    ours = tmp_path / ".restore-reports-zz99yy88"
    theirs.mkdir()
    ours.mkdir()
    clean_restore_leftovers(tmp_path / "reports.sqlite3")
    assert theirs.exists() and not ours.exists()
