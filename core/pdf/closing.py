"""The 落款 (GB/T 9704 §7.3.5.1, a stamped document): the date right-aligned four characters
from the right edge, the agency's name centred over the date. A name too wide to be centred
over the date inside the 版心 is set in balanced lines, each centred over the date and at its
natural spacing (never stretched); breaks prefer the name's own joints (before an opening
bracket, after 、 or ）) and never leave one or two characters alone on a line."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.platypus import Flowable, Spacer

from core import typeset
from core.outline import Closing
from core.pdf.geometry import BODY_SIZE, BODY_W, LEADING, PITCH
from core.pdf.textblock import TextBlock, tracked_measure

DATE_RIGHT = 4  # characters between the date and the right edge of the 版心
NOMINAL_DATE = "2026年12月31日"  # where the date will be written by hand when none is set
MIN_LINE = 3  # characters: a line of a broken name never holds fewer
_JOINT_BEFORE = frozenset("（(《〔【")
_JOINT_AFTER = frozenset("、，,）)》〕】")

Measure = Callable[[str], float]


def _width(text: str, measure: Measure) -> float:
    return sum(map(measure, text))


def _joints(name: str) -> list[int]:
    """Offsets where the name may be broken at one of its own joints."""
    cuts = []
    for i in range(1, len(name)):
        if name[i] in _JOINT_BEFORE or name[i - 1] in _JOINT_AFTER:
            if name[i] not in typeset.NO_START and name[i - 1] not in typeset.NO_END:
                cuts.append(i)
    return cuts


def _split(name: str, cuts: Sequence[int]) -> list[str]:
    bounds = [0, *cuts, len(name)]
    return [name[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def _at_joints(name: str, n: int, limit: float, measure: Measure) -> list[str] | None:
    """The most even split of `name` into `n` lines at its joints, each within `limit`."""
    joints = _joints(name)
    best: tuple[float, list[str]] | None = None

    def walk(start: int, left: int, chosen: list[int]) -> None:
        nonlocal best
        if left == 1:
            lines = _split(name, chosen)
            widths = [_width(x, measure) for x in lines]
            if max(widths) <= limit and min(len(x) for x in lines) >= MIN_LINE:
                score = max(widths) - min(widths)
                if min(widths) >= max(widths) / 2 and (best is None or score < best[0]):
                    best = (score, lines)
            return
        for cut in joints:
            if cut > start:
                walk(cut, left - 1, [*chosen, cut])

    walk(0, n, [])
    return best[1] if best else None


def _balanced(name: str, n: int, limit: float, measure: Measure) -> list[str]:
    """`name` in `n` (or, if line breaking rules need it, more) lines of the narrowest equal
    measure, no line shorter than MIN_LINE characters where the name allows it."""
    lo, hi = _width(name, measure) / n, limit
    for _ in range(24):  # bisect the narrowest measure that still gives n lines
        mid = (lo + hi) / 2
        if len(typeset.layout(name, mid, measure, hanging=False)) <= n:
            hi = mid
        else:
            lo = mid
    lines = [x.text for x in typeset.layout(name, hi + 0.01, measure, hanging=False)]
    # a short last line (possible with 禁则): take characters from the line before it
    while len(lines) > 1 and len(lines[-1]) < MIN_LINE and len(lines[-2]) > MIN_LINE + 1:
        lines[-2], lines[-1] = lines[-2][:-1], lines[-2][-1] + lines[-1]
    return lines


def name_lines(name: str, limit: float, measure: Measure) -> list[str]:
    """The agency's name as one line if it fits `limit`, else two or more balanced lines."""
    total = _width(name, measure)
    if total <= limit or len(name) < 2 * MIN_LINE:
        return [name]
    n = 2
    while total / n > limit:
        n += 1
    for k in range(n, max(n, 3) + 1):
        lines = _at_joints(name, k, limit, measure)
        if lines:
            return lines
    return _balanced(name, n, limit, measure)


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
