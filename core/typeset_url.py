"""Where a web or e-mail address (or any word too long for a line) may break, for core.typeset.

A break right after "." reads like the end of a sentence ("（www." / "qinghe.gov.cn）"), and a
reader copying an address by hand from paper may stop there; a line ending in "/" or "@" is
plainly unfinished. So an address that fits on a line is never broken (core.typeset moves it
whole), and a longer one breaks at the best-ranked place that still fills the line reasonably.
"""

from __future__ import annotations

import re

# pieces end after a run of separators: "https://", "www.", "zrzyj@", "a-b_"
_URL_BREAK = re.compile(r"[^/.\-_?&=:@]*[/.\-_?&=:@]+|[^/.\-_?&=:@]+$")
_ADDRESS = re.compile(r"://|^www\.|@|\.(?:gov|com|cn|org|net)\b", re.IGNORECASE)

# Rank of a break after a piece ending in this separator (lower is better).
_AFTER = {"/": 0, "-": 1, "_": 2, "?": 3, "&": 4, "=": 5, "@": 6}
# Starting the address on the next line beats breaking it after a dot: a short line left behind
# is better than an address that seems to end at "www." or "qinghe.".
BEFORE_WORD = 7
_LAST_RESORT = {".": 8, ":": 9}
ANYWHERE = 10  # inside a run of letters: only for a piece that is itself wider than a line

# A better-ranked break is taken only if the line it ends is at least this full; otherwise a
# "/" near the start of a line would leave most of it empty just to avoid a later ".".
MIN_FILL = 0.5


def is_address(word: str) -> bool:
    """Does this ASCII word look like a URL or an e-mail address?"""
    return bool(_ADDRESS.search(word))


def split_long(word: str) -> list[str]:
    """Pieces of a word, each ending after a / . - _ ? & = : @ run (the last maybe not)."""
    return [p for p in _URL_BREAK.findall(word) if p]


def rank_after(piece: str) -> int:
    """Rank of a break right after `piece` (a piece or single character of a long word)."""
    last = piece[-1]
    rank = _AFTER.get(last)
    if rank is None:
        rank = _LAST_RESORT.get(last, ANYWHERE)
    return rank


def choose(candidates: list[tuple[int, int, float]]) -> int:
    """The break to take among (position, rank, fill) candidates (fill: share of the line the
    text before it takes): the best rank among those filling at least MIN_FILL of the line (all
    of them if none does), the latest of that rank."""
    full = [c for c in candidates if c[2] >= MIN_FILL] or candidates
    return min(full, key=lambda c: (c[1], -c[0]))[0]
