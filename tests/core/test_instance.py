"""A second copy asks the running one to come to the front (core/storage/instance.py)."""

from __future__ import annotations

from core.storage.instance import raise_request_path, request_raise, take_raise_request, wait_taken


def test_a_request_is_taken_once(tmp_path):
    db = tmp_path / "reports.sqlite3"
    assert not take_raise_request(db)
    request_raise(db)
    assert raise_request_path(db).exists()
    assert take_raise_request(db)
    assert not take_raise_request(db)
    assert not list(tmp_path.glob("*.tmp"))  # written in one step


def test_the_second_copy_sees_the_request_taken(tmp_path):
    db = tmp_path / "reports.sqlite3"
    request_raise(db)
    taken = []
    assert wait_taken(db, pump=lambda: taken.append(take_raise_request(db)))
    assert taken == [True]


def test_a_request_nobody_takes_is_withdrawn(tmp_path):
    db = tmp_path / "reports.sqlite3"
    request_raise(db)
    assert not wait_taken(db, timeout=0.1, step=0.01)
    assert not raise_request_path(db).exists()  # a copy started later does not jump forward
