"""Writing output files safely: temp file → fsync → os.replace, with Chinese error messages.

A target that is open in another program (Windows locks it), read-only, or on a full disk must
give the user a clear message and leave no partial file behind. A read-only target is refused
(os.replace would silently replace it); a new file gets the usual permissions (umask), not the
0600 of a temporary file; a symlink is written through to its target; a device or pipe is
written to directly.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path


class OutputError(Exception):
    """An output file could not be written; the message is for the user (Chinese)."""


def describe_os_error(exc: OSError, path: Path) -> str:
    name = path.name
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"磁盘空间不足，无法写入“{name}”。请清理磁盘或换一个位置保存。"
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"无法写入“{name}”：文件可能正被其他程序（如 WPS、Excel、PDF 阅读器）打开，"
                f"或该位置只读。请关闭该文件或换一个位置后重试。")
    if exc.errno == errno.ENOENT:
        return f"无法写入“{name}”：文件夹“{path.parent}”不存在。"
    if exc.errno == errno.EISDIR:
        return f"无法写入“{name}”：这是一个文件夹。"
    return f"无法写入“{name}”：{exc.strerror or exc}"


def _umask() -> int:
    if os.name != "posix":
        return 0
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` completely or not at all."""
    target = Path(path)
    if target.is_symlink():
        target = target.resolve()
    tmp_name = None
    try:
        if target.exists():
            mode = target.stat().st_mode
            if stat.S_ISDIR(mode):
                raise IsADirectoryError(errno.EISDIR, "is a directory", str(target))
            if not stat.S_ISREG(mode):  # a device or a pipe: nothing to replace
                with open(target, "wb") as fh:
                    fh.write(data)
                return
            # the write bits too: an administrator (root) may write anyway, but a file the user
            # marked read-only (Windows' read-only attribute clears them) is not to be replaced
            if not os.access(target, os.W_OK) or not mode & stat.S_IWUSR:
                raise PermissionError(errno.EACCES, "read-only", str(target))
            new_mode = stat.S_IMODE(mode)
        else:
            new_mode = 0o666 & ~_umask()
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                        dir=target.parent if str(target.parent) else ".")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if os.name == "posix":
            os.chmod(tmp_name, new_mode)
        os.replace(tmp_name, target)
        tmp_name = None
    except OSError as exc:
        raise OutputError(describe_os_error(exc, target)) from exc
    finally:
        if tmp_name is not None:
            try:
                os.unlink(tmp_name)
            except OSError:
                pass
