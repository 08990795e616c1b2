"""The font-metrics cache may only make exports faster, never different."""

from __future__ import annotations

import subprocess
import sys

from tests.support import ROOT, SAMPLES

SCRIPT = r"""
import datetime as dt, sys
from core import reportfile
from core.export_pdf import render_pdf
r = reportfile.load(sys.argv[1])
sys.stdout.buffer.write(render_pdf(r, created=dt.datetime(2026, 1, 21)).data)
"""


def _render(cache_dir) -> bytes:
    env = {"NBZS_CACHE_DIR": str(cache_dir), "NBZS_BUNDLED_FONTS_ONLY": "1",
           "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", SCRIPT, str(SAMPLES / "sample-2025.json")],
                         cwd=ROOT, env=env, capture_output=True, timeout=300)
    assert out.returncode == 0, out.stderr.decode()
    return out.stdout


def test_cached_metrics_give_the_same_pdf(tmp_path):
    first = _render(tmp_path)  # parses the fonts, fills the cache
    cached = list((tmp_path / "fonts").glob("*.marshal"))
    assert len(cached) >= 3
    assert _render(tmp_path) == first  # from the cache


def test_corrupt_cache_falls_back_to_parsing(tmp_path):
    first = _render(tmp_path)
    for entry in (tmp_path / "fonts").glob("*.marshal"):
        entry.write_bytes(b"\x00garbage")
    assert _render(tmp_path) == first
