"""Application log in the user's log folder, rotated, so that support can read what happened."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

_LOGGER_NAME = "nbzs"


def log_dir() -> Path:
    override = os.environ.get("NBZS_LOG_DIR")
    if override:
        return Path(override)
    from platformdirs import user_log_dir

    return Path(user_log_dir("NianbaoZhushou", appauthor=False))


def log_file() -> Path:
    """The current log file: the one to send with a problem report."""
    return log_dir() / "nbzs.log"


def setup_logging() -> Path:
    """Rotating log file (5 × 1 MB); returns its path. Safe to call more than once."""
    logger = logging.getLogger(_LOGGER_NAME)
    path = log_file()
    if not any(isinstance(h, logging.handlers.RotatingFileHandler) for h in logger.handlers):
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    return path


def get_logger(name: str = "") -> logging.Logger:
    return logging.getLogger(f"{_LOGGER_NAME}.{name}" if name else _LOGGER_NAME)


def log_exception(exc: BaseException) -> Path:
    """Write the traceback of `exc` to the log; returns the log file's path."""
    try:
        path = setup_logging()
    except OSError:
        return Path("（无法写入日志）")
    get_logger().error("unexpected exception", exc_info=(type(exc), exc, exc.__traceback__))
    return path
