"""Output files: all or nothing, read-only respected, normal permissions, links followed."""

from __future__ import annotations

import os
import stat

import pytest

from core.fileio import OutputError, write_atomic


def test_new_file_has_normal_permissions(tmp_path):
    target = tmp_path / "r.pdf"
    write_atomic(target, b"%PDF-1.4")
    assert target.read_bytes() == b"%PDF-1.4"
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


def test_read_only_target_is_refused_and_untouched(tmp_path):
    target = tmp_path / "r.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o444)
    with pytest.raises(OutputError, match="只读"):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.xlsx"]


def test_existing_permissions_are_kept(tmp_path):
    target = tmp_path / "r.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and stat.S_IMODE(target.stat().st_mode) == 0o640


def test_symlink_is_written_through(tmp_path):
    real = tmp_path / "real.pdf"
    real.write_bytes(b"old")
    link = tmp_path / "link.pdf"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_device_is_written_not_replaced():
    write_atomic("/dev/null", b"data")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_directory_and_missing_folder(tmp_path):
    with pytest.raises(OutputError, match="文件夹"):
        write_atomic(tmp_path, b"x")
    with pytest.raises(OutputError, match="不存在"):
        write_atomic(tmp_path / "no" / "r.pdf", b"x")


def test_full_disk_is_reported():
    with pytest.raises(OutputError, match="磁盘空间不足"):
        write_atomic("/dev/full", b"x" * 100000)
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)
