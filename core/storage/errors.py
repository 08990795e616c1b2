"""Storage errors. Every message is a complete Chinese sentence the GUI and the CLI show as is."""

from __future__ import annotations

from pathlib import Path


class StorageError(Exception):
    """Anything that stops the database from being opened, read or written."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class DatabaseInUse(StorageError):
    """Another running instance of the app holds the database's lock file."""

    def __init__(self, path: Path) -> None:
        super().__init__("年报助手已在另一个窗口中打开此数据库，请切换到那个窗口。"
                         f"（数据库：{path}）")
        self.path = path


class DatabaseLocked(StorageError):
    """Another program held SQLite's write lock for longer than the busy timeout."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"数据库正被另一个程序占用，暂时无法读写：{path}。"
                         "请关闭可能正在使用它的程序（如另一个年报助手、备份或同步软件）后再试。")
        self.path = path


class DatabaseReplaced(StorageError):
    """The database file was replaced, moved or deleted by another program while open."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"数据库文件已被其他程序替换、移走或删除：{path}。为免把修改写进已不再使用的"
                         "旧文件，修改不再保存到数据库。请把报告另存为文件，然后重新启动年报助手。")
        self.path = path


# SQLite's words for damage, as a clerk reads them (the English stays in `detail` and the log)
_DETAILS = (
    ("malformed", "文件内部结构已损坏"),
    ("not a database", "文件内容不是数据库"),
    ("never used", "文件内部结构已损坏"),
    ("missing from index", "索引已损坏"),
    ("btree", "文件内部结构已损坏"),
    ("page", "文件内部结构已损坏"),
)


def chinese_detail(detail: str) -> str:
    """The detail of a DatabaseCorrupt in Chinese: our own Chinese details as they are, SQLite's
    English as the kind of damage it names (integrity problems joined by "；" counted)."""
    if any("\u4e00" <= ch <= "\u9fff" for ch in detail):
        return detail
    problems = [p for p in detail.split("；") if p.strip()]
    lowered = detail.lower()
    kind = next((zh for en, zh in _DETAILS if en in lowered), "数据库完整性检查发现错误")
    return kind if len(problems) <= 1 else f"{kind}，完整性检查发现多处问题"


class DatabaseCorrupt(StorageError):
    """The file is not an SQLite database, or SQLite found it damaged."""

    def __init__(self, path: Path, detail: str = "") -> None:
        msg = (f"数据库文件已损坏或不是数据库文件，无法打开：{path}。"
               "文件已原样保留，未作任何改动；可以从备份中恢复。")
        if detail:
            msg += f"（详情：{chinese_detail(detail)}）"
        super().__init__(msg)
        self.path = path
        self.detail = detail


class ForeignDatabase(StorageError):
    """A valid SQLite database that was not made by this app."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"此文件不是年报助手的数据库：{path}。文件未作任何改动。")
        self.path = path


class DatabaseTooNew(StorageError):
    """The file was written by a newer version of the app (a higher schema version)."""

    def __init__(self, path: Path, version: int, supported: int) -> None:
        super().__init__(f"此数据库由更新版本的年报助手创建（数据库版本 {version}），"
                         f"当前程序只支持到版本 {supported}，请升级程序。（数据库：{path}）")
        self.path = path
        self.version = version
        self.supported = supported


class ReportFinalized(StorageError):
    """An edit of a report whose stored status is 'final'."""

    def __init__(self, agency: str = "", year: int | None = None) -> None:
        super().__init__("报告已定稿，如需修改请先重新打开。")
        self.agency = agency
        self.year = year


class ReportNotFound(StorageError, LookupError):
    """No stored report (or agency) by that name and year."""

    def __init__(self, agency: str, year: int | None = None) -> None:
        what = f"{agency}{year}年的报告" if year is not None else f"单位“{agency}”"
        super().__init__(f"数据库中没有{what}。")
        self.agency = agency
        self.year = year


class InvalidDocument(StorageError, ValueError):
    """A document that cannot be stored (no agency name, no integer year, not JSON)."""
