"""Paths shared by the tests (importable as `tests.support` from any test module, unlike
`conftest`, of which there are several)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"
SAMPLE_AGENCY = "青禾县应急管理局"  # the fictional bureau of resources/samples
