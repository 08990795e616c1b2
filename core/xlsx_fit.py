"""How the Excel tables' labels fit their cells: the characters a cell's line holds, column
widths computed from the header labels, and explicit line breaks so that a wrapped label never
leaves a single character on a line (社会公益组/织) and short headings break between words.

Widths are Excel column units (about 7 px); 宋体 at 10.5 pt is 14 px a character, 7 px a digit.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from core.balanced import balanced_lines, fits
from core.formats.layout import CLAUSE, VALUE, GridLayout

PAD_PX = 10  # cell padding, both sides, with a little to spare for another renderer's metrics
INDENT_PX = 9  # one indent level of a left-aligned label
MIN_LINE = 2  # characters: no label line holds fewer
SHORT = 8  # a heading of at most this many hanzi breaks only between two-character words
_FIGURE_UNITS = 6.5  # a column of figures is at least this wide (six digits)


def half_units(ch: str) -> int:
    """Width of one character in half-em units: CJK and full-width characters count 2."""
    return 2 if unicodedata.east_asian_width(ch) in "WFA" else 1


def text_units(text: str) -> int:
    return sum(map(half_units, text))


def per_line(width_units: float, font_pt: float, indented: bool = False) -> int:
    """Half-em units one line of a cell `width_units` wide holds."""
    px = width_units * 7 + 5 - PAD_PX - (INDENT_PX if indented else 0)
    return max(1, int(px // (font_pt * 96 / 72 / 2)))


def wrapped_lines(text: str, width_units: float, font_pt: float, indented: bool = False) -> int:
    """How many lines `text` takes in a cell (explicit line breaks kept)."""
    room = per_line(width_units, font_pt, indented)
    return sum(max(1, -(-text_units(part) // room)) for part in text.split("\n"))


def _word_cuts(text: str) -> list[int] | None:
    """Between two-character words in a short all-hanzi heading (社会|公益|组织), else None."""
    if len(text) > SHORT or not all(half_units(ch) == 2 and ch.isalpha() for ch in text):
        return None
    return list(range(2, len(text) - 1, 2))


def label_lines(text: str, width_units: float, font_pt: float,
                indented: bool = False) -> list[str]:
    """The label's lines in a cell of this width (one line when it fits)."""
    room = per_line(width_units, font_pt, indented)
    if "\n" in text or text_units(text) <= room:
        return text.split("\n")
    return balanced_lines(text, room, half_units, MIN_LINE, cuts=_word_cuts(text))


def label_text(text: str, width_units: float, font_pt: float, indented: bool = False) -> str:
    """The label with explicit line breaks where it has to wrap."""
    return "\n".join(label_lines(text, width_units, font_pt, indented))


def _sets_well(text: str, width_units: float, font_pt: float, indented: bool) -> bool:
    lines = label_lines(text, width_units, font_pt, indented)
    cuts = _word_cuts(text)
    if cuts is not None and len(lines) > 1:  # a short heading: only between words
        ends, at = set(cuts), 0
        for line in lines[:-1]:
            at += len(line)
            if at not in ends:
                return False
    return fits(lines, per_line(width_units, font_pt, indented), half_units, MIN_LINE)


def fit_widths(layout: GridLayout, widths: Sequence[float], font_pt: float,
               left_aligned: frozenset[tuple[int, int]] = frozenset()) -> list[float]:
    """Column widths at least as wide as each single-column label needs to be set well (header
    words whole, no character alone), the room taken from columns with room to spare so the
    total stays the same where it can. `left_aligned`: (row, col) of indented labels."""
    need = [0.0] * len(widths)
    for cell in layout.cells:
        if cell.col_span != 1 or cell.kind == CLAUSE:
            continue
        if cell.kind == VALUE:
            need[cell.col] = max(need[cell.col], _FIGURE_UNITS)
            continue
        indented = (cell.row, cell.col) in left_aligned
        w = max(2.0, widths[cell.col] * 0.5)
        while w < 60 and not _sets_well(cell.text, w, font_pt, indented):
            w += 0.25
        need[cell.col] = max(need[cell.col], w)
    out = [max(w, n) for w, n in zip(widths, need, strict=True)]
    excess = sum(out) - sum(widths)
    slack = [max(0.0, w - n) for w, n in zip(out, need, strict=True)]
    if excess > 0 and sum(slack) > 0:
        share = min(1.0, excess / sum(slack))
        out = [w - s * share for w, s in zip(out, slack, strict=True)]
    return [round(w, 2) for w in out]
