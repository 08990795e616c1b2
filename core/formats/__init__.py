"""Report formats as values, and the registry that maps a report file's "format" to its format.

    from core.formats import get_format, DEFAULT_FORMAT
    fmt = get_format("2021")
    fmt.table_by_key["requests"], fmt.layout("requests"), fmt.cell_label(key)

A future national revision is one new data module beside f2021.py, registered here.
"""

from __future__ import annotations

from core.formats import f2021
from core.formats.spec import ReportFormat, cell_key, split_cell_key

SCHEMA_ID = "gdar/1"

FORMATS: dict[str, ReportFormat] = {f2021.FORMAT.id: f2021.FORMAT}
DEFAULT_FORMAT = f2021.FORMAT

# Formats that were in force once and can no longer be read, with the reason (for messages).
RETIRED = {
    "2019": "这是按2019年试行格式（国办公开办函〔2019〕60号）编制的报告，已被2021年格式"
            "（国办公开办函〔2021〕30号）取代，不能直接读入；请按2021年格式重新填写。",
}


class UnknownFormat(KeyError):
    """A "format" no registered ReportFormat has; str() is a Chinese message."""

    def __init__(self, format_id: object) -> None:
        super().__init__(format_id)
        known = "、".join(f"“{k}”" for k in FORMATS)
        self.message = RETIRED.get(str(format_id)) or \
            f"报告文件的格式版本“{format_id}”无法识别，应为{known}。"

    def __str__(self) -> str:
        return self.message


def get_format(format_id: object) -> ReportFormat:
    """The registered format of a report file's "format" (a number means the same string)."""
    if isinstance(format_id, int) and not isinstance(format_id, bool):
        format_id = str(format_id)
    if isinstance(format_id, str) and format_id in FORMATS:
        return FORMATS[format_id]
    raise UnknownFormat(format_id)


def register(fmt: ReportFormat) -> None:
    """Add a format (a new data module registers itself; tests register made-up ones)."""
    FORMATS[fmt.id] = fmt


__all__ = ["DEFAULT_FORMAT", "FORMATS", "SCHEMA_ID", "ReportFormat", "UnknownFormat",
           "cell_key", "get_format", "register", "split_cell_key"]
