"""Where things live: the user's data folder, the database, the GUI settings file, and the
folder the user last chose for files. Every window asks here; nothing here opens a window."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

ORGANIZATION = "NianbaoZhushou"


def data_dir() -> Path:
    """The user's data folder; NBZS_DATA_DIR overrides it (tests, portable installs)."""
    override = os.environ.get("NBZS_DATA_DIR")
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir(ORGANIZATION, appauthor=False))


def default_database_path() -> Path:
    if os.environ.get("NBZS_DATA_DIR"):
        return data_dir() / "reports.sqlite3"
    from core.storage import default_db_path

    return default_db_path()


def settings() -> QSettings:
    """Window state, last folders: an ini file in the data folder (never the registry)."""
    return QSettings(str(data_dir() / "gui.ini"), QSettings.Format.IniFormat)


def suggested_path(file_name: str) -> str:
    """`file_name` (Windows-forbidden characters replaced) in the folder last used for files."""
    safe = "".join("_" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in file_name)
    folder = settings().value("paths/last_dir", "")
    if not folder or not Path(str(folder)).is_dir():
        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
    return str(Path(str(folder)) / safe)


def remember_dir(path: str) -> None:
    settings().setValue("paths/last_dir", str(Path(path).parent))
