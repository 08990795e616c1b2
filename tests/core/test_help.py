"""The 使用说明 is generated from data and explains every check the program can report."""

from __future__ import annotations

import re
from pathlib import Path

from core.helptext import help_html
from core.validation import validate
from core.validation.catalog import RULE_HELP
from core.wizard import steps

ROOT = Path(__file__).resolve().parents[2]
RULE_ID = re.compile(r"\"((?:AGENCY|DATE|CELL|TEXT|T\d?)\.[A-Z_]+)\"")


def _rule_ids_in_the_code() -> set[str]:
    sources = [*sorted((ROOT / "core" / "validation").glob("*.py")),
               *sorted((ROOT / "core" / "formats").glob("f*.py"))]
    found: set[str] = set()
    for path in sources:
        if path.name != "catalog.py":
            found |= set(RULE_ID.findall(path.read_text("utf-8")))
    return found


def test_every_rule_has_one_explanation_and_an_example():
    ids = [entry.rule for entry in RULE_HELP]
    assert len(ids) == len(set(ids))
    assert set(ids) == _rule_ids_in_the_code()
    assert all(entry.meaning and entry.example for entry in RULE_HELP)


def test_issues_of_the_samples_are_explained(sample_2024, sample_2025):
    sample_2025.set_text("problems", "无")
    sample_2025.set_date("")
    explained = {entry.rule for entry in RULE_HELP}
    assert {i.rule for i in validate(sample_2025, sample_2024)} <= explained


def test_help_names_the_steps_the_rules_and_the_folders(tmp_path):
    db = tmp_path / "reports.sqlite3"
    page = help_html(db, tmp_path / "backups", tmp_path / "logs" / "nbzs.log")
    for step in steps():
        assert step.title in page
    for entry in RULE_HELP:
        assert entry.rule in page and entry.example in page
    assert str(db) in page and str(tmp_path / "backups") in page and "nbzs.log" in page
