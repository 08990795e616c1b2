"""Short texts (a signature, a table heading) broken into balanced lines, as a secretary would:
one line when it fits; else the fewest lines that fit, preferably at the text's own joints
(before an opening bracket, after 、，）or a numbering like "（三）"), as even as possible, and
never a line of fewer than `min_line` characters. Pure Python; widths come from `measure`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from core import typeset

Measure = Callable[[str], float]

_JOINT_BEFORE = frozenset("（(《〔【")
_JOINT_AFTER = frozenset("、，,）)》〕】")


def _width(text: str, measure: Measure) -> float:
    return sum(map(measure, text))


def joints(text: str) -> list[int]:
    """Offsets where `text` may be broken at one of its own joints (禁则 respected)."""
    cuts = []
    for i in range(1, len(text)):
        if text[i] in _JOINT_BEFORE or text[i - 1] in _JOINT_AFTER:
            if text[i] not in typeset.NO_START and text[i - 1] not in typeset.NO_END:
                cuts.append(i)
    return cuts


def _split(text: str, cuts: Sequence[int]) -> list[str]:
    bounds = [0, *cuts, len(text)]
    return [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]


def _at_joints(text: str, n: int, limit: float, measure: Measure, min_line: int,
               cuts: Sequence[int]) -> list[str] | None:
    """The most even split of `text` into `n` lines at `cuts`, each within `limit` (of two
    equally even splits the one with the longer first line)."""
    best: tuple[float, int, list[str]] | None = None

    def walk(start: int, left: int, chosen: list[int]) -> None:
        nonlocal best
        if left == 1:
            lines = _split(text, chosen)
            widths = [_width(x, measure) for x in lines]
            if max(widths) <= limit and min(len(x) for x in lines) >= min_line:
                score = (max(widths) - min(widths), -len(lines[0]))
                if min(widths) >= max(widths) / 2 and (best is None or score < best[:2]):
                    best = (score[0], score[1], lines)
            return
        for cut in cuts:
            if cut > start:
                walk(cut, left - 1, [*chosen, cut])

    if len(cuts) >= n - 1:
        walk(0, n, [])
    return best[2] if best else None


def _even(text: str, n: int, limit: float, measure: Measure, min_line: int) -> list[str]:
    """`text` in `n` (or, if the line breaking rules need it, more) lines of the narrowest
    equal measure; a short last line takes characters from the line before it."""
    lo, hi = _width(text, measure) / n, max(limit, _width(text, measure) / n)
    for _ in range(24):  # bisect the narrowest measure that still gives n lines
        mid = (lo + hi) / 2
        if len(typeset.layout(text, mid, measure, hanging=False)) <= n:
            hi = mid
        else:
            lo = mid
    lines = [x.text for x in typeset.layout(text, hi + 0.01, measure, hanging=False)]
    while len(lines) > 1 and len(lines[-1]) < min_line and len(lines[-2]) > min_line:
        lines[-2], lines[-1] = lines[-2][:-1], lines[-2][-1] + lines[-1]
    return lines


def balanced_lines(text: str, limit: float, measure: Measure, min_line: int = 3,
                   cuts: Sequence[int] | None = None, even: bool = True) -> list[str]:
    """`text` as one line if it fits `limit`, else as the fewest balanced lines that do,
    broken at `cuts` (default: its joints); failing that, evenly anywhere the line breaking
    rules allow (or, with `even=False`, the text as one line, left to the reader's wrapping)."""
    cuts = joints(text) if cuts is None else cuts
    total = _width(text, measure)
    if total <= limit or len(text) < 2 * min_line:
        return [text]
    n = 2
    while total / n > limit:
        n += 1
    for k in range(n, max(n, 3) + 1):  # at the joints, with one more line if need be
        lines = _at_joints(text, k, limit, measure, min_line, cuts)
        if lines:
            return lines
    return _even(text, n, limit, measure, min_line) if even else [text]


def fits(lines: Sequence[str], limit: float, measure: Measure, min_line: int) -> bool:
    """Every line within `limit` and none shorter than `min_line` (unless the text is)."""
    shortest = min(len("".join(lines)), min_line)
    return all(_width(x, measure) <= limit + 1e-6 and len(x) >= shortest for x in lines)
