"""Writing output files safely: temp file → fsync → os.replace, with Chinese error messages.

A target that is open in another program (Windows locks it), read-only, or on a full disk must
give the user a clear message and leave no partial file behind.
"""

from __future__ import annotations

import errno
import os
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


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` completely or not at all."""
    target = Path(path)
    tmp_name = None
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp",
                                        dir=target.parent if str(target.parent) else ".")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
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
