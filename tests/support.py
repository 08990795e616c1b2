"""Paths shared by the tests (importable as `tests.support` from any test module, unlike
`conftest`, of which there are several)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"
FIXTURE_V1 = ROOT / "tests" / "fixtures" / "db_v1.sqlite3"  # a database of schema version 1
SAMPLE_AGENCY = "青禾县应急管理局"  # the fictional bureau of resources/samples


def sample_document(year: int = 2025, agency: str = SAMPLE_AGENCY) -> dict:
    """The 2025 sample as a report-file document, re-labelled with another year or agency."""
    import json

    doc = json.loads((SAMPLES / "sample-2025.json").read_text("utf-8"))
    doc["year"] = year
    doc["agency"]["name"] = agency
    return doc
