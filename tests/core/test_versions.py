"""The history view's core: versions rebuilt backwards, summaries, compare, restore, and
long texts stored compactly (10,000 edits of 5,000-character texts stay small)."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

import pytest

from core import versions
from core.storage import Database, ReportFinalized
from core.storage import changes as ch
from tests.support import SAMPLE_AGENCY, sample_document

AGENCY = SAMPLE_AGENCY


class Clock:
    def __init__(self) -> None:
        self.t = 1_800_000_000.0

    def __call__(self) -> float:
        return self.t


@pytest.fixture
def db(tmp_path: Path):
    database = Database.open(tmp_path / "reports.sqlite3", backups=False)
    database.clock = Clock()
    yield database
    database.close()


def _save(db: Database, doc: dict, step: float = 120.0) -> None:
    db.clock.t += step  # type: ignore[attr-defined]
    db.save_report(copy.deepcopy(doc))


def _text(seed: int, n: int = 5000) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice("政府信息公开工作年度报告本机关依申请主动") for _ in range(n))


def test_compact_edit_round_trips_both_ways():
    old, new = _text(1), _text(1)
    new = new[:100] + "新增的一句话。" + new[110:900] + new[950:]
    (entry,) = ch.compact([{"path": "text/overview", "old": old, "new": new}])
    assert "edit" in entry and "old" not in entry and len(json.dumps(entry)) < 500
    assert ch.apply({"text": {"overview": old}}, [entry])["text/overview"] == new
    assert ch.apply({"text": {"overview": new}}, [entry], reverse=True)["text/overview"] == old
    assert ch.expand([entry], {"text/overview": new}) == [
        {"path": "text/overview", "old": old, "new": new}]
    with pytest.raises(ValueError):  # a text the edit does not fit is refused, not garbled
        ch.apply({"text": {"overview": "别的文字"}}, [entry])


def test_merge_understands_compact_changes():
    a, b, c = _text(2), _text(2) + "一", _text(2) + "一二"
    first = ch.compact([{"path": "text/other", "old": a, "new": b}])
    merged = ch.merge(first, [{"path": "text/other", "old": b, "new": c}])
    assert merged == [{"path": "text/other", "old": a, "new": c}]
    assert ch.merge(first, [{"path": "text/other", "old": b, "new": a}]) == []


def test_versions_are_rebuilt_compared_and_restored(db):
    doc = sample_document()
    _save(db, doc)
    long_1 = _text(3)
    doc["text"]["overview"] = long_1
    _save(db, doc)
    doc["text"]["overview"] = long_1[:2000] + "改动" + long_1[2000:]
    doc["agency"]["phone"] = "0000-1234567"
    _save(db, doc)
    doc["tables"]["requests"]["new_received"]["natural_person"] = 99
    _save(db, doc)
    revs = db.revisions(AGENCY, 2025)
    assert len(revs) == 4
    # full old and new values even for compactly stored texts
    overview = [c for c in revs[1].changes if c.path == "text/overview"][0]
    assert overview.old == long_1 and overview.new == doc["text"]["overview"]
    # the version after the second save: the long text, old phone, old count
    second, status = db.version(AGENCY, 2025, revs[2].id)
    assert status == "draft" and second["text"]["overview"] == long_1
    assert second["tables"]["requests"]["new_received"]["natural_person"] == 12
    assert second["agency"]["phone"] == sample_document()["agency"]["phone"]
    # summaries name the fields with the format's labels
    lines = [s for _, s in versions.history(db, AGENCY, 2025)]
    assert "自然人" in lines[0] and "电话" in lines[1] and "总体情况" in lines[1]
    # compare two versions: changed fields, old → new
    diffs = versions.compare(db, AGENCY, 2025, revs[3].id, revs[0].id)
    assert {d.path for d in diffs} == {"text/overview", "agency/phone",
                                       "tables/requests/new_received/natural_person"}
    count = [d for d in diffs if d.path.startswith("tables/")][0]
    assert (count.old, count.new) == (12, 99) and "自然人" in count.label
    # restore the first version as a new revision
    assert versions.restore(db, AGENCY, 2025, revs[3].id, "2027-01-15 08:00")
    assert db.load_report(AGENCY, 2025) == sample_document()
    newest = db.revisions(AGENCY, 2025)
    assert len(newest) == 5 and "恢复" in newest[0].summary
    # and that restore can itself be undone by restoring the version before it
    assert versions.restore(db, AGENCY, 2025, newest[1].id)
    assert db.load_report(AGENCY, 2025) == doc


def test_restore_refused_on_a_final_report(db):
    doc = sample_document()
    _save(db, doc)
    doc["date"] = "2026-01-20"
    _save(db, doc)
    db.set_status(AGENCY, 2025, "final")
    first = db.revisions(AGENCY, 2025)[-1]
    with pytest.raises(ReportFinalized, match="已定稿"):
        versions.restore(db, AGENCY, 2025, first.id)
    assert db.load_report(AGENCY, 2025)["date"] == "2026-01-20"


def test_old_full_form_revisions_still_read(db):
    doc = sample_document()
    _save(db, doc)
    long_old, long_new = _text(4), _text(5)
    with db.writing() as conn:  # a revision written before compaction: both texts whole
        conn.execute("UPDATE reports SET document = json_set(document, '$.text.other', ?)",
                     (long_new,))
        conn.execute("INSERT INTO revisions (report_id, ts, summary, changes) "
                     "SELECT id, 1800000500000, '', ? FROM reports",
                     (json.dumps([{"path": "text/other", "old": long_old, "new": long_new}]),))
    rev = db.revisions(AGENCY, 2025)[0]
    assert rev.changes[0].old == long_old
    doc["text"]["other"] = long_old  # the version before it, rebuilt from the whole old text
    assert db.version(AGENCY, 2025, db.revisions(AGENCY, 2025)[1].id)[0] == doc


def test_ten_thousand_long_text_edits_stay_under_5_mb(tmp_path):
    path = tmp_path / "big.sqlite3"
    with Database.open(path, backups=False) as db:
        db.clock = Clock()
        doc = sample_document()
        texts = {"overview": _text(6), "problems": _text(7)}
        doc["text"].update(texts)
        db.save_report(copy.deepcopy(doc))
        rng = random.Random(8)
        for i in range(10_000):
            key = "overview" if i % 2 == 0 else "problems"  # alternating fields
            text = texts[key]
            at = rng.randrange(len(text) - 10)
            texts[key] = text[:at] + _text(i, 5) + text[at + 5:]
            doc["text"][key] = texts[key]
            db.clock.t += 61  # never coalesced
            db.save_report(doc)
        revs = db.revisions(AGENCY, 2025)
        assert len(revs) == 2000
        assert revs[0].changes[0].new == texts["problems"]
    size = path.stat().st_size
    print(f"database after 10,000 edits: {size / 1e6:.2f} MB")
    assert size < 5_000_000


def test_typing_in_a_long_text_coalesces_into_one_compact_revision(db):
    doc = sample_document()
    _save(db, doc)
    start = _text(9)
    doc["text"]["problems"] = start
    _save(db, doc)
    for i, ch_ in enumerate("逐字输入的一句话"):  # a typing session: one revision, an edit
        doc["text"]["problems"] = doc["text"]["problems"][:1000] + ch_ + \
            doc["text"]["problems"][1000:]
        _save(db, doc, step=120.0 if i == 0 else 2.0)
    revs = db.revisions(AGENCY, 2025)
    assert len(revs) == 3
    (change,) = revs[0].changes
    assert change.old == start and change.new == doc["text"]["problems"]
    with db.reading() as conn:
        stored = conn.execute("SELECT changes FROM revisions ORDER BY id DESC").fetchone()[0]
    assert "edit" in json.loads(stored)[0] and len(stored.encode()) < len(start.encode()) // 2


def test_a_stored_edit_that_no_longer_fits_never_stops_a_save(db):
    doc = sample_document()
    doc["text"]["other"] = _text(10)
    _save(db, doc)
    doc["text"]["other"] = _text(10) + "补充"
    _save(db, doc)
    with db.writing() as conn:  # the text changed behind the history's back
        conn.execute("UPDATE reports SET document = json_set(document, '$.text.other', ?)",
                     (_text(11),))
    doc["text"]["other"] = _text(11) + "再补充"
    _save(db, doc, step=1.0)  # would coalesce; the stored edit cannot be rebuilt
    assert db.load_report(AGENCY, 2025)["text"]["other"].endswith("再补充")
    assert len(db.revisions(AGENCY, 2025)) == 3
