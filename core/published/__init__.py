"""Published reports read back: a .pdf, .docx, .html/.htm or .txt report as it was published,
turned into a Report with what could not be read and what only a published document can get
wrong (PUB.* rules, report-format.md)."""

from core.published.document import PublishedError
from core.published.report import Published, read_published

__all__ = ["Published", "PublishedError", "read_published"]
