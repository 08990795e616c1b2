"""Output files: all or nothing, read-only respected, normal permissions, links replaced,
non-files refused (interfaces.md, "Outputs")."""

from __future__ import annotations

import os
import stat
from pathlib import Path

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


def test_symlink_itself_is_replaced_and_its_target_never_written(tmp_path):
    real = tmp_path / "someone-elses.pdf"
    real.write_bytes(b"old")
    link = tmp_path / "link.pdf"
    link.symlink_to(real)
    write_atomic(link, b"new")
    assert not link.is_symlink() and link.read_bytes() == b"new"
    assert real.read_bytes() == b"old"


def test_device_and_pipe_are_refused(tmp_path):
    with pytest.raises(OutputError, match="不是普通文件"):
        write_atomic("/dev/null", b"data")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="不是普通文件"):
        write_atomic(fifo, b"data")  # must not hang waiting for a reader
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["pipe.pdf"]


def test_a_name_too_long_is_a_message(tmp_path):
    with pytest.raises(OutputError, match="文件名太长"):
        write_atomic(tmp_path / ("年" * 100 + ".pdf"), b"x")


def test_directory_and_missing_folder(tmp_path):
    with pytest.raises(OutputError, match="文件夹"):
        write_atomic(tmp_path, b"x")
    with pytest.raises(OutputError, match="不存在"):
        write_atomic(tmp_path / "no" / "r.pdf", b"x")


@pytest.mark.skipif(os.name != "posix", reason="RLIMIT_FSIZE is POSIX")
def test_full_disk_is_reported_and_leaves_nothing(tmp_path):
    """A file-size limit stands in for a full disk: the write fails midway (EFBIG)."""
    import subprocess
    import sys
    import textwrap

    target = tmp_path / "r.pdf"
    target.write_bytes(b"old")
    code = textwrap.dedent(f"""
        import resource, signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (50_000, 50_000))
        from core.fileio import OutputError, write_atomic
        try:
            write_atomic({str(target)!r}, b"x" * 200_000)
        except OutputError as exc:
            print(exc)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=str(Path(__file__).resolve().parents[2]), check=True).stdout
    assert "磁盘空间不足" in out
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["r.pdf"]


def test_file_errors_are_explained_in_chinese(tmp_path):
    """The system's own reason (English on most machines) never ends a Chinese message."""
    import errno

    from core.fileio import os_reason

    assert os_reason(OSError(errno.ENOENT, "No such file or directory")) == "找不到该文件或文件夹"
    assert "权限" in os_reason(PermissionError(errno.EACCES, "Permission denied"))
    assert os_reason(OSError(12345, "Odd")).startswith("系统错误")
    from core.storage import StorageError
    from core.storage.salvage import salvage

    source = tmp_path / "reports.sqlite3"
    source.write_bytes(b"x" * 5000)
    try:
        salvage(source, tmp_path / "no-such-folder" / "new.sqlite3")
    except StorageError as exc:
        assert str(exc).endswith("：找不到该文件或文件夹")
    else:
        raise AssertionError("a salvage into a missing folder must fail")
