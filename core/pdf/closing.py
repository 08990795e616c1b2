"""The 落款 (GB/T 9704 §7.3.5.1, a stamped document): the date right-aligned four characters
from the right edge, the agency's name centred over the date. A name too wide to be centred
over the date inside the 版心 is set in balanced lines, each centred over the date and at its
natural spacing (never stretched); breaks prefer the name's own joints (before an opening
bracket, after 、 or ）) and never leave one or two characters alone on a line."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable, Spacer

from core.balanced import balanced_lines
from core.outline import Closing
from core.pdf.geometry import BODY_SIZE, BODY_W, LEADING, PITCH
from core.pdf.textblock import TextBlock, tracked_measure

DATE_RIGHT = 4  # characters between the date and the right edge of the 版心
NOMINAL_DATE = "2026年12月31日"  # where the date will be written by hand when none is set
MIN_LINE = 3  # characters: a line of a broken name never holds fewer


def _width(text: str, measure: Callable[[str], float]) -> float:
    return sum(map(measure, text))


def name_lines(name: str, limit: float, measure: Callable[[str], float]) -> list[str]:
    """The agency's name as one line if it fits `limit`, else two or more balanced lines."""
    return balanced_lines(name, limit, measure, MIN_LINE)


def closing_flowables(closing: Closing) -> list[Flowable]:
    """落款 flowables: room for the seal, the name's lines, the date (kept together)."""
    measure = tracked_measure("body", BODY_SIZE, PITCH - BODY_SIZE)
    date_w = _width(closing.date or NOMINAL_DATE, measure)
    date_x = max(0.0, BODY_W - DATE_RIGHT * PITCH - date_w)
    centre = date_x + date_w / 2
    parts: list[Flowable] = [Spacer(0, 2 * LEADING)]  # room for the seal
    if closing.name:
        for line in name_lines(closing.name, 2 * (BODY_W - centre), measure):
            x = max(0.0, centre - _width(line, measure) / 2)
            parts.append(TextBlock(line, indent=x, align="left"))
    if closing.date:
        parts.append(TextBlock(closing.date, indent=date_x, align="left"))
    # chained keepWithNext (reportlab does not chain into a KeepTogether)
    for part in parts[:-1]:
        part.keepWithNext = True
    return parts
