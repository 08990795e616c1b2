"""A full disk while exporting (openpyxl spills sheets to temporary files while rendering):
exit 3 with one Chinese line, and nothing left in the output folder, the temporary folder or
the font cache."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from core import fontcache
from tests.support import ROOT, SAMPLES


def _export_under_limit(tmp_path: Path, limit: int, *flags: str) -> subprocess.CompletedProcess:
    out, tmp, cache = tmp_path / "out", tmp_path / "tmp", tmp_path / "cache"
    for d in (out, tmp, cache):
        d.mkdir(exist_ok=True)
    code = textwrap.dedent(f"""
        import resource, signal, sys
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, {limit}))
        sys.argv = ["main.py", "export", {str(SAMPLES / "sample-2025.json")!r}, *{flags!r}]
        import runpy
        runpy.run_path("main.py", run_name="__main__")
    """)
    env = dict(os.environ, TMPDIR=str(tmp), NBZS_CACHE_DIR=str(cache))
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=str(ROOT), env=env, timeout=120)


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_xlsx_export_on_a_full_disk_exits_3_and_leaves_nothing(tmp_path):
    result = _export_under_limit(tmp_path, 2_000, "--xlsx", str(tmp_path / "out" / "r.xlsx"))
    assert result.returncode == 3, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "磁盘空间不足" in lines[0] and "Traceback" not in result.stderr
    assert "r.xlsx" in lines[0]
    assert list((tmp_path / "out").iterdir()) == []
    assert list((tmp_path / "tmp").iterdir()) == []
    assert list((tmp_path / "cache").rglob("tmp*.tmp")) == []


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_pdf_export_on_a_full_disk_leaves_no_font_cache_tmp(tmp_path):
    result = _export_under_limit(tmp_path, 2_000, "--pdf", str(tmp_path / "out" / "r.pdf"))
    assert result.returncode == 3, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert list((tmp_path / "out").iterdir()) == []
    assert list((tmp_path / "cache").rglob("*.tmp")) == []


def test_font_cache_write_failure_removes_its_temporary_file(tmp_path, monkeypatch):
    def full(fd: int, data: bytes) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fd: int, mode: str) -> None:
            self.fh = real_fdopen(fd, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc: object) -> None:
            self.fh.close()

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fontcache.os, "fdopen", Full)
    fontcache._write(tmp_path / "x.marshal", b"data" * 100)
    assert list(tmp_path.iterdir()) == []
