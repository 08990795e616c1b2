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
    first = min(final)  # report id 1 was saved first
    doc = document(*first, 99)
    conn.execute("UPDATE reports SET document = ?, updated_at = updated_at + 1 WHERE id = 1",
                 (json.dumps(doc, ensure_ascii=False),))
    conn.commit()
    import shutil
    copy = tmp_path / "crashed.sqlite3"
    shutil.copyfile(path, copy)
    shutil.copyfile(path.with_name(path.name + "-wal"), copy.with_name(copy.name + "-wal"))
    conn.close()
    smash(copy, 1)  # the page scan must read the -wal's pages itself
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


@pytest.mark.parametrize("tear", [False, True])
def test_the_wal_is_read_as_sqlite_reads_it(tmp_path: Path, tear: bool) -> None:
    """The page scan's view of a file with its -wal is SQLite's own: every committed frame,
    and nothing from a commit whose last frame was torn (its checksum fails)."""
    import shutil

    from core.storage.salvage_read import overlay_wal

    path = tmp_path / "reports.sqlite3"
    final = build(path, edits=1)
    writer = sqlite3.connect(path)  # a process that dies with two commits in its -wal
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    for version in (2, 3):
        for n, key in enumerate(sorted(final), start=1):
            writer.execute("UPDATE reports SET document = ? WHERE id = ?",
                           (json.dumps(document(*key, version), ensure_ascii=False), n))
        writer.commit()
    crashed = tmp_path / "crashed.sqlite3"
    shutil.copyfile(path, crashed)
    wal = path.with_name(path.name + "-wal").read_bytes()
    writer.close()
    if tear:  # garbage in the last frame: the second commit never happened
        page_size = int.from_bytes(wal[8:12], "big")
        wal = wal[:-page_size + 100] + b"\xaa" * 100 + wal[-page_size + 200:]
    crashed.with_name(crashed.name + "-wal").write_bytes(wal)
    ours = overlay_wal(bytearray(crashed.read_bytes()), crashed.with_name(crashed.name + "-wal"))
    conn = sqlite3.connect(crashed)  # SQLite's view, folded into the file
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    texts = [json.loads(t)["text"]["overview"] for (t,) in
             conn.execute("SELECT document FROM reports ORDER BY id")]
    conn.close()
    assert all(f"第{2 if tear else 3}稿" in t for t in texts)
    theirs = crashed.read_bytes()
    # page 1's change counter differs (a checkpoint bumps it); every other page is the same
    assert len(ours) == len(theirs) and ours[4096:] == theirs[4096:]


# -- what a review found (each failed before its fix) ------------------------------------------
def patch(path: Path, offset: int, data: bytes) -> None:
    raw = bytearray(path.read_bytes())
    raw[offset:offset + len(data)] = data
    path.write_bytes(bytes(raw))


def sql(path: Path, statement: str) -> None:
    conn = sqlite3.connect(path)
    conn.execute(statement)
    conn.commit()
    conn.close()


def test_a_time_out_of_all_reason_is_replaced_not_a_crash(damaged) -> None:
    path, final = damaged
    sql(path, "UPDATE reports SET updated_at = 1 << 62 WHERE id = 1")
    result = salvage(path, path.with_name("out.sqlite3"))
    assert len(result.reports) == len(final) and result.repaired_times == 1
    assert "修改时间已损坏" in result.summary()


def test_a_table_lost_from_the_schema_is_found_on_the_pages(damaged) -> None:
    path, _ = damaged
    data = path.read_bytes()
    cells = int.from_bytes(data[103:105], "big")  # the schema page's cell count
    conn = sqlite3.connect(path)
    last = [r[0] for r in conn.execute("SELECT name FROM sqlite_master ORDER BY rowid")][-3:]
    conn.close()
    assert "application_revisions" in last
    patch(path, 103, (cells - 3).to_bytes(2, "big"))  # the last three entries gone
    result = salvage(path, path.with_name("out.sqlite3"))
    assert result.written["application_revisions"] == 40 and result.damaged >= 1


def test_garbage_sqlite_returns_counts_as_damage(damaged) -> None:
    path, final = damaged
    sql(path, "UPDATE reports SET document = '{not json' WHERE id = 2")  # as a damaged page would
    result = salvage(path, path.with_name("out.sqlite3"))
    assert len(result.reports) == len(final) - 1 and result.damaged == 1
    assert "无法读取" in result.summary()


def test_a_damaged_year_or_agency_column_files_nothing_under_the_wrong_report(damaged) -> None:
    path, final = damaged
    sql(path, "UPDATE reports SET year = 2031 WHERE id = 1")  # its document says 2023
    sql(path, "DELETE FROM reports WHERE id = 2")  # (第1局 2024: frees that place …)
    del final[(AGENCIES[0], 2024)]
    sql(path, "UPDATE reports SET agency_id = 1 WHERE id = 5")  # … for 第2局 2024's, damaged
    got = reports_in(salvage(path, path.with_name("out.sqlite3")).path)
    assert all(doc == final[key] for key, doc in got.items())
    assert (AGENCIES[1], 2024) in got and (AGENCIES[0], 2024) not in got
    assert (AGENCIES[0], 2031) not in got and len(got) == len(final) - 1


def test_a_damaged_page_size_in_the_header_is_not_believed(damaged) -> None:
    path, final = damaged
    patch(path, 16, (8192).to_bytes(2, "big"))  # sane, but wrong: SQLite sees garbage
    assert reports_in(salvage(path, path.with_name("out.sqlite3")).path) == final


def test_one_unreadable_row_is_one_damage(damaged) -> None:
    path, final = damaged
    leaf = page_of(path, "reports")[1]
    data = path.read_bytes()
    at = int.from_bytes(data[(leaf - 1) * 4096 + 8:(leaf - 1) * 4096 + 10], "big")
    patch(path, (leaf - 1) * 4096 + at + 40, b"\xff\xfe")  # not UTF-8 inside one document
    result = salvage(path, path.with_name("out.sqlite3"))
    assert result.damaged == 1 and len(result.reports) == len(final) - 1


def test_cells_all_pointing_at_one_long_chain_do_not_make_the_scan_quadratic() -> None:
    from core.storage.pages import PageFile, varint

    size = 3_000_000  # a payload on ~730 overflow pages
    encoded = []
    rest = size
    while True:
        encoded.insert(0, rest & 0x7F)
        rest >>= 7
        if not rest:
            break
    encoded = [b | 0x80 for b in encoded[:-1]] + [encoded[-1]]
    assert varint(bytes(encoded), 0) == (size, len(encoded))
    data = bytearray(4096 * 1000)
    leaf = 4096  # page 2: 1000 cells, all at one place
    data[leaf] = 0x0D
    data[leaf + 3:leaf + 5] = (1000).to_bytes(2, "big")
    cell = 2100
    for i in range(1000):
        data[leaf + 8 + 2 * i:leaf + 10 + 2 * i] = cell.to_bytes(2, "big")
    head = bytes([*encoded, 1])  # payload size, rowid 1
    data[leaf + cell:leaf + cell + len(head)] = head
    least = (4096 - 12) * 32 // 255 - 23  # the payload's part on the leaf (file format 1.6)
    local = least + (size - least) % (4096 - 4)
    local = local if local <= 4096 - 35 else least
    pointer = leaf + cell + len(head) + local
    data[pointer:pointer + 4] = (3).to_bytes(4, "big")
    for n in range(3, 1000):  # the chain: page 3 → 4 → … → 1000
        data[(n - 1) * 4096:(n - 1) * 4096 + 4] = (n + 1).to_bytes(4, "big")
    scan = PageFile(bytes(data), 4096)
    assert list(scan.rows()) == []  # nothing decodes (the payload is zeros) …
    visited = 4 * scan.count - scan.overflow_budget
    assert 700 < visited <= scan.count  # … and the chain was walked once, not once a cell
