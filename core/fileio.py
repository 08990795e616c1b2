"""Writing output files safely: temp file → fsync → os.replace, with Chinese error messages.

A target that is open in another program (Windows locks it), read-only, or on a full disk must
give the user a clear message and leave no partial file behind. A read-only target is refused
(os.replace would silently replace it); a new file gets the usual permissions (umask), not the
0600 of a temporary file. As interfaces.md ("Outputs") says: a symbolic link is itself replaced
by the new file (the file it pointed to is never written — it may be someone else's); a target
that exists and is not a regular file (a pipe, a device, a folder) is refused.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path


class OutputError(Exception):
    """An output file could not be written; the message is for the user (Chinese)."""


_REASONS = {
    errno.ENOENT: "找不到该文件或文件夹",
    errno.EACCES: "没有访问权限（文件可能正被其他程序占用）",
    errno.EPERM: "没有访问权限（文件可能正被其他程序占用）",
    errno.EROFS: "该位置只读",
    errno.ENOSPC: "磁盘空间不足",
    errno.EFBIG: "文件太大，超出了该位置允许的大小",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.ENAMETOOLONG: "文件名太长",
    errno.EBUSY: "文件正被占用",
    errno.EIO: "磁盘读写错误",
    errno.EMFILE: "同时打开的文件太多",
    errno.ENFILE: "同时打开的文件太多",
}
if hasattr(errno, "EDQUOT"):
    _REASONS[errno.EDQUOT] = "磁盘空间不足（超出配额）"


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Chinese: the system's own text is English on most
    machines (Python's strerror), and a clerk's message must not switch language halfway."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return f"系统错误：{exc.strerror or exc}"


def describe_os_error(exc: OSError, path: Path) -> str:
    name = path.name
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return f"磁盘空间不足，无法写入“{name}”。请清理磁盘或换一个位置保存。"
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return (f"无法写入“{name}”：文件可能正被其他程序（如 WPS、Excel、PDF 阅读器）打开，"
                f"或该位置只读。请关闭该文件或换一个位置后重试。")
    if exc.errno == errno.ENOENT:
        return f"无法写入“{name}”：文件夹“{path.parent}”不存在。"
    if exc.errno == errno.EISDIR:
        return f"无法写入“{name}”：这是一个文件夹。"
    if exc.errno == errno.ENAMETOOLONG:
        return f"无法写入“{name[:40]}…”：文件名太长，请换一个短一些的文件名。"
    return f"无法写入“{name}”：{os_reason(exc)}"


def _umask() -> int:
    if os.name != "posix":
        return 0
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write `data` to `path` completely or not at all."""
    target = Path(path)
    tmp_name = None
    try:
        if target.is_symlink():
            new_mode = 0o666 & ~_umask()  # the link goes; the new file is ours
        elif target.exists():
            mode = target.stat().st_mode
            if stat.S_ISDIR(mode):
                raise IsADirectoryError(errno.EISDIR, "is a directory", str(target))
            if not stat.S_ISREG(mode):  # a pipe would hang, a device is not a file to replace
                raise OutputError(f"无法写入“{target.name}”：它不是普通文件（而是设备、管道等），"
                                  f"请换一个文件名。")
            # the write bits too: an administrator (root) may write anyway, but a file the user
            # marked read-only (Windows' read-only attribute clears them) is not to be replaced
            if not os.access(target, os.W_OK) or not mode & stat.S_IWUSR:
                raise PermissionError(errno.EACCES, "read-only", str(target))
            new_mode = stat.S_IMODE(mode)
        else:
            new_mode = 0o666 & ~_umask()
        fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name[:100]}.", suffix=".tmp",
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
