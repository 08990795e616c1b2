"""Two values of a report item as one line each, for a list of differences: short values
whole; of two long texts, the part that differs with a little unchanged text around it (a word
changed in the middle of a 3,000-character section would otherwise be cut off before it)."""

from __future__ import annotations

from typing import Any

SHOWN_CHARS = 120  # of a long text, in the list of differences (the whole text in the tip)
CONTEXT = 20  # unchanged characters shown either side of the changed part of a long text


def _shown(value: Any) -> str:
    if value is None or value == "":
        return "（空）"
    text = _one_line(str(value))
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "…"


def _one_line(text: str) -> str:
    """Paragraph breaks as ↵: the list's rows are one line high, and a break in an excerpt
    would hide the changed words below it."""
    return text.replace("\r\n", "↵").replace("\n", "↵").replace("\r", "↵")


def shown_pair(old: Any, new: Any) -> tuple[str, str]:
    """Old and new as the list shows them: short values whole; of two long texts, the part that
    differs with a little unchanged text around it — a word changed in the middle of a
    3,000-character section would otherwise be cut off before it."""
    if not isinstance(old, str) or not isinstance(new, str) or not old or not new or \
            max(len(old), len(new)) <= SHOWN_CHARS:
        return _shown(old), _shown(new)
    start = 0
    limit = min(len(old), len(new))
    while start < limit and old[start] == new[start]:
        start += 1
    end = 0  # the common tail, not reaching into the common head
    while end < limit - start and old[-1 - end] == new[-1 - end]:
        end += 1
    def side(text: str) -> str:
        if len(text) <= SHOWN_CHARS:
            return _shown(text)
        return _one_line(_excerpt(text, start, len(text) - end))
    return side(old), side(new)


def _excerpt(text: str, start: int, stop: int) -> str:
    begin, finish = max(0, start - CONTEXT), min(len(text), stop + CONTEXT)
    middle = text[begin:finish]
    if len(middle) > SHOWN_CHARS:  # a long change: its start, then its end
        half = SHOWN_CHARS // 2
        middle = f"{middle[:half]}……{middle[-half:]}"
    if start == stop:
        middle = text[begin:start] + "‸" + text[start:finish]  # where the other text's part was
    return ("…" if begin > 0 else "") + middle + ("…" if finish < len(text) else "")
