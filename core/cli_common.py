"""What every subcommand module shares: the one-line failure (exit code + Chinese message) and
opening the database (read-only for reading commands). Kept apart so that core/cli.py and the
register's commands both import it, and neither imports the other."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn

from core.cli_args import EXIT_INPUT, EXIT_OUTPUT


class CliExit(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _fail(code: int, message: str) -> NoReturn:
    raise CliExit(code, message)


def _open_db(args: argparse.Namespace, *, writing: bool):  # type: ignore[no-untyped-def]
    """The database: taken exclusively to write (import); read alongside a running GUI
    (list, dump), and then never created by a mistyped --db path."""
    from core.storage import Database, DatabaseInUse, DatabaseLocked, StorageError, default_db_path

    path = Path(args.db) if args.db else default_db_path()
    if not writing and args.db and not path.exists():
        _fail(EXIT_INPUT, f"数据库文件“{path}”不存在。")
    try:
        if not writing and path.exists():
            return Database.open_readonly(path)
        return Database.open(path, exclusive=writing)
    except (DatabaseInUse, DatabaseLocked) as exc:
        # the output (the database) is in use by another program: exit 3, like an open file
        _fail(EXIT_OUTPUT if writing else EXIT_INPUT, str(exc))
    except StorageError as exc:
        _fail(EXIT_INPUT, str(exc))
