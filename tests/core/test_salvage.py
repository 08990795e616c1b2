"""Salvage of a damaged database: every readable row of our tables goes into a new database that
opens normally; the damaged file is never changed; nothing made up ever comes back."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import sqlite3
from pathlib import Path

import pytest

from core.register.model import Application
from core.register.store import RegisterStore
from core.storage import Database, StorageError
from core.storage.salvage import salvage, salvage_path
from tests.support import sample_document

AGENCIES = [f"青禾县第{i}局" for i in range(1, 7)]
YEARS = (2023, 2024, 2025)


def document(agency: str, year: int, version: int) -> dict:
    doc = sample_document(year=year, agency=agency)
    # long enough to spill onto overflow pages, different in every version
    doc["text"]["overview"] = f"{agency}{year}年第{version}稿。" + "政务公开工作扎实推进。" * 300
    return doc


def build(path: Path, *, edits: int = 3) -> dict[tuple[str, int], dict]:
    """A database of 18 reports (each saved `edits` times), a register and settings; returns
    the final document of every report."""
    final = {}
    clock = iter(range(1_700_000_000, 1_800_000_000, 120))  # 2 minutes apart: no coalescing
    with Database.open(path, backups=False) as db:
        db.clock = lambda: float(next(clock))
        for version in range(1, edits + 1):
            for agency in AGENCIES:
                for year in YEARS:
                    doc = document(agency, year, version)
                    db.save_report(doc)
                    final[(agency, year)] = doc
        store = RegisterStore(db)
        store.save_many(AGENCIES[0], [Application(
            number=f"2025-{n:03d}", received=dt.date(2025, 3, 1) + dt.timedelta(days=n),
            applicant_type="natural_person", applicant="张三", content=f"第{n}件申请")
            for n in range(40)])
        db.set_setting("last_report", [AGENCIES[0], 2025])
    return final


def page_of(path: Path, table: str) -> list[int]:
    """The page numbers of a table's b-tree (root first), via the dbstat-free way: walk it."""
    conn = sqlite3.connect(path)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    data = path.read_bytes()
    pages, todo = [], [root]
    while todo:
        number = todo.pop(0)
        pages.append(number)
        page = data[(number - 1) * page_size:number * page_size]
        base = 100 if number == 1 else 0
        if page[base] == 0x05:  # interior table page: children, then the right-most
            cells = int.from_bytes(page[base + 3:base + 5], "big")
            for i in range(cells):
                at = int.from_bytes(page[base + 12 + 2 * i:base + 14 + 2 * i], "big")
                todo.append(int.from_bytes(page[at:at + 4], "big"))
            todo.append(int.from_bytes(page[base + 8:base + 12], "big"))
    return pages


def smash(path: Path, page: int, page_size: int = 4096) -> None:
    data = bytearray(path.read_bytes())
    data[(page - 1) * page_size:page * page_size] = bytes(random.Random(page).randrange(256)
                                                          for _ in range(page_size))
    path.write_bytes(bytes(data))


def reports_in(path: Path) -> dict[tuple[str, int], dict]:
    with Database.open(path, backups=False) as db:
        return {(r.agency, r.year): db.load_report(r.agency, r.year) for r in db.list_reports()}


@pytest.fixture
def damaged(tmp_path: Path):
    path = tmp_path / "reports.sqlite3"
    final = build(path)
    return path, final


def test_a_damaged_leaf_page_loses_only_the_rows_on_it(damaged) -> None:
    path, final = damaged
    leaves = page_of(path, "reports")[1:]  # not the root: one leaf among several
    assert len(leaves) >= 3
    smash(path, leaves[len(leaves) // 2])
    with pytest.raises(StorageError):
        Database.open(path, backups=False)  # the app refuses it as damaged
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    files = sorted(p.name for p in path.parent.iterdir())
    out = salvage_path(path)
    result = salvage(path, out)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # the damaged file untouched
    assert sorted(p.name for p in path.parent.iterdir()) == sorted([*files, out.name])
    got = reports_in(out)
    assert 0 < len(final) - len(got) <= 4  # a leaf holds a few reports with their long texts
    for key, doc in got.items():
        assert doc == final[key]  # the latest version, exactly
    assert result.damaged >= 1 and len(result.reports) == len(got)
    assert "无法读取" in result.summary() and "报告" in result.summary()
    with Database.open(out, backups=False) as db:  # the register and settings came along
        assert len(RegisterStore(db).applications(AGENCIES[0])) == 40
        assert db.get_setting("last_report") == [AGENCIES[0], 2025]
        assert db.check_integrity() == []
        some = next(iter(got))
        assert len(db.revisions(*some)) == 3  # its history too


def test_a_damaged_schema_page_is_read_from_the_pages(damaged) -> None:
    path, final = damaged
    smash(path, 1)  # the header and the schema: SQLite cannot even say it is a database
    result = salvage(path, path.with_name("out.sqlite3"))
    got = reports_in(result.path)
    assert got == final  # every report, in its latest version
    assert result.from_pages > 0 and "数据页" in result.summary()
    with Database.open(result.path, backups=False) as db:
        assert len(RegisterStore(db).applications(AGENCIES[0])) == 40
        assert {r.agency for r in db.list_reports()} == set(AGENCIES)


def test_a_damaged_interior_page_is_bridged(damaged) -> None:
    path, final = damaged
    smash(path, page_of(path, "reports")[0])  # the root: SQLite reaches no report at all
    got = reports_in(salvage(path, path.with_name("out.sqlite3")).path)
    assert got == final


def test_deleted_reports_stay_deleted(tmp_path: Path) -> None:
    path = tmp_path / "reports.sqlite3"
    final = build(path)
    with Database.open(path, backups=False) as db:
        for year in YEARS:
            db.delete_report(AGENCIES[2], year)
            del final[(AGENCIES[2], year)]
    smash(path, page_of(path, "reports")[0])  # the page scan must run …
    got = reports_in(salvage(path, path.with_name("out.sqlite3")).path)
    assert got == final  # … and skip the freed pages the deleted reports were on


def test_a_truncated_file_gives_what_is_left(damaged) -> None:
    path, final = damaged
    data = path.read_bytes()
    path.write_bytes(data[:len(data) // 2])
    got = reports_in(salvage(path, path.with_name("out.sqlite3")).path)
    assert got and all(doc == final[key] for key, doc in got.items())


def test_the_latest_commits_in_the_wal_are_salvaged(tmp_path: Path) -> None:
    path = tmp_path / "reports.sqlite3"
    final = build(path, edits=1)
    conn = sqlite3.connect(path)  # a crash: the last commit only in the -wal
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    doc = document(AGENCIES[0], 2025, 99)
    conn.execute("UPDATE reports SET document = ?, updated_at = updated_at + 1 WHERE id = 1",
                 (json.dumps(doc, ensure_ascii=False),))
    conn.commit()
    import shutil
    copy = tmp_path / "crashed.sqlite3"
    shutil.copyfile(path, copy)
    shutil.copyfile(path.with_name(path.name + "-wal"), copy.with_name(copy.name + "-wal"))
    conn.close()
    smash(copy, 1)
    first = min(final)  # report id 1 was saved first
    got = reports_in(salvage(copy, tmp_path / "out.sqlite3").path)
    assert got[first]["text"]["overview"] == doc["text"]["overview"]


def test_nothing_readable_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "reports.sqlite3"
    path.write_bytes(b"not a database at all" * 500)
    out = tmp_path / "out.sqlite3"
    with pytest.raises(StorageError, match="没有.*找到可读的"):
        salvage(path, out)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reports.sqlite3"]


def test_an_existing_target_is_never_overwritten(damaged) -> None:
    path, _ = damaged
    other = path.with_name("other.sqlite3")
    other.write_bytes(b"keep me")
    for target in (other, path):
        with pytest.raises(StorageError, match="不会覆盖"):
            salvage(path, target)
    assert other.read_bytes() == b"keep me"


@pytest.mark.parametrize("seed", range(12))
def test_random_damage_never_brings_back_anything_made_up(tmp_path: Path, seed: int) -> None:
    """Whatever pages are smashed, every salvaged report is one that was really saved (some
    version of it), and the salvage either writes a sound database or says it found nothing."""
    path = tmp_path / "reports.sqlite3"
    build(path, edits=2)
    saved = {json.dumps(document(a, y, v), sort_keys=True)
             for a in AGENCIES for y in YEARS for v in (1, 2)}
    rng = random.Random(seed)
    pages = path.stat().st_size // 4096
    for page in rng.sample(range(1, pages + 1), k=max(1, pages // 8)):
        smash(path, page)
    try:
        result = salvage(path, tmp_path / "out.sqlite3")
    except StorageError as exc:
        assert "没有" in str(exc)
        return
    for doc in reports_in(result.path).values():
        assert json.dumps(doc, sort_keys=True) in saved


def test_the_command_line_salvages_and_says_what_it_found(damaged) -> None:
    from tests.core.test_cli import run

    path, final = damaged
    smash(path, page_of(path, "reports")[0])
    refused = run("--db", str(path), "list")
    assert refused.returncode == 2 and "已损坏" in refused.stderr
    out = run("--db", str(path), "salvage", "-o", str(path.with_name("new.sqlite3")))
    assert out.returncode == 0, out.stderr
    assert f"报告 {len(final)} 份" in out.stdout and "新数据库" in out.stdout
    listed = run("--db", str(path.with_name("new.sqlite3")), "list")
    assert listed.returncode == 0 and listed.stdout.count("\n") == len(final)
    again = run("--db", str(path), "salvage", "-o", str(path.with_name("new.sqlite3")))
    assert again.returncode == 2 and "不会覆盖" in again.stderr  # one Chinese line, no traceback
    assert again.stderr.count("\n") == 1


def test_a_full_disk_while_salvaging_is_exit_3_and_leaves_nothing(damaged, tmp_path) -> None:
    import resource
    import subprocess
    import sys

    from tests.support import ROOT

    path, _ = damaged
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    limit = 64 * 1024  # a new database needs far more: the write fails part-way

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run([sys.executable, str(ROOT / "main.py"), "--db", str(path), "salvage",
                           "-o", str(out_dir / "new.sqlite3")], capture_output=True, text=True,
                          encoding="utf-8", preexec_fn=small_files, timeout=120)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1
    assert list(out_dir.iterdir()) == []


def test_a_full_disk_while_writing_the_new_database_leaves_nothing(damaged, tmp_path,
                                                                   monkeypatch) -> None:
    import resource

    import core.storage.salvage as sv

    path, _ = damaged
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    copy_source = sv._copy_source

    def copy_then_fill_the_disk(source, work):  # noqa: ANN001, ANN202
        copied = copy_source(source, work)
        resource.setrlimit(resource.RLIMIT_FSIZE, (100 * 1024, hard))  # the new file hits it
        return copied

    monkeypatch.setattr(sv, "_copy_source", copy_then_fill_the_disk)
    try:
        with pytest.raises(sv.SalvageWriteError, match="磁盘空间不足"):
            salvage(path, out_dir / "new.sqlite3")
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert list(out_dir.iterdir()) == []


def test_a_salvage_killed_at_any_point_leaves_no_half_made_database(damaged) -> None:
    import signal
    import subprocess
    import sys
    import time

    from tests.support import ROOT

    path, final = damaged
    smash(path, page_of(path, "reports")[0])
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    rng = random.Random(7)
    for trial in range(10):
        out = path.with_name(f"out{trial}.sqlite3")
        proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(path),
                                 "salvage", "-o", str(out)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, 1.2))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if out.exists():  # finished before the kill: then whole
            assert reports_in(out) == final
        assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert not list(path.parent.glob("out*.sqlite3-journal"))
