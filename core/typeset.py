"""Chinese line breaking (禁则) and justification by inter-character spacing. Pure Python.

reportlab's ``wordWrap='CJK'`` lets ，；：？！》” start a line, lets （《“ end one, splits —— and
……, and cannot justify Chinese text. `layout` does it instead:

(a) no line starts with closing punctuation (``NO_START``: ，。、；：？！）》」』”’〕】…… …); when
    the character that does not fit is one of ``HANGING`` (、，。．；：？！) it hangs past the
    right edge, otherwise units are pulled down to the next line until a legal break is found;
(b) no line ends with an opening bracket or quote (``NO_END``: （《「『“‘〔【 …);
(c) ——, …… (any run of the same dash/ellipsis), ASCII words, numbers, phone numbers, URLs and
    e-mail addresses are units that are never split — except a word wider than a line, which
    breaks preferably after / (then - _ ? & = @, or before the word), after . or : only as a
    last resort and, failing all that, anywhere (`core.typeset_url`). An address that fits on
    a line moves whole to the next one; the line left behind is justified only if that needs
    no visible letter-spacing (``LOOSE``), else set at its natural spacing (``short``);
(d) every line but the paragraph's last is justified: ``natural_width + extra * gaps`` equals
    the available width (a renderer sets ``extra`` as PDF character spacing ``Tc`` after the
    last character of each unit, and 0 inside a unit such as an ASCII word);
(e) linear time (60,000 characters in well under a second), any code point is accepted:
    controls, emoji, non-BMP characters, combining marks and variation selectors (kept with
    their base character).

If no legal break exists within a line (e.g. a run of closing punctuation longer than a line)
the line is allowed to run over by a few units (``extra`` becomes negative: it is squeezed);
only when even that fails is a rule broken, at the overflowing unit.

The width function receives one code point at a time and returns its advance (any unit, e.g.
points); `core.fonts.char_width(role, size)` provides one that already knows which face
(primary or fallback) prints each character. `core.typeset_draw.draw_line` draws a `Line`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from core import typeset_url

# Characters that must not start a line. Dashes/ellipses runs (—— ……) count as closing too
# (as in Word's and WPS's default 中文禁则); a single connecting — or ～ likewise.
NO_START = frozenset(
    "，。、；：？！）》〉」』】〕〗〙〛｝］〞”’…‥—―─⋯·・‧～〜％‰℃°′″〃々〻ゝゞヽヾー"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ゛゜"
    "︰︱︲︳︴︶︸︺︼︾﹀﹂﹄﹈﹐﹑﹒﹔﹕﹖﹗﹚﹜﹞｡｣､･"
    ",.;:!?)]}%"
)
# Characters that must not end a line.
NO_END = frozenset("（《〈「『【〔〖〘〚｛［〝“‘﹙﹛﹝︵︷︹︻︽︿﹁﹃﹇｢([{")
# Characters allowed to hang past the right edge instead of being carried over.
HANGING = frozenset("、，。．；：？！")

SPACE, WORD, PIECE, OTHER = 0, 1, 2, 3
# the most a line holding or left behind by a URL is stretched at each gap, as a share of its
# average character: about a fifth of a 3号 character, which reads as even, not letter-spaced
LOOSE = 0.15

_MARKS = (
    "\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0e31\u0e34-\u0e3a"
    "\u0e47-\u0e4e\u1ab0-\u1aff\u1dc0-\u1dff\u200c\u20d0-\u20ff\u302a-\u302f\u3099\u309a"
    "\ufe00-\ufe0f\ufe20-\ufe2f\U0001f3fb-\U0001f3ff\U000e0020-\U000e007f\U000e0100-\U000e01ef"
)
_TOKEN = re.compile(
    r"(?P<s>[ \t]+)"
    rf"|(?P<w>[A-Za-z0-9](?:[A-Za-z0-9._\-/:@%+#&?=~,'*{_MARKS}]*[A-Za-z0-9/%{_MARKS}])?)"
    r"|(?P<d>(?P<dc>[—―─…‥⋯·．.])(?P=dc)+)"
    rf"|(?P<c>.(?:[{_MARKS}]|\u200d.)*)",
    re.S,
)
_MARK_RE = re.compile(rf"[{_MARKS}\u200d]")
_EPS = 1e-9


@dataclass(frozen=True)
class Line:
    """One laid-out line of a paragraph.

    ``units`` are the unbreakable pieces in order (``"".join(units) == text``); the first
    ``set_units`` of them are set within the measure, then may come trailing spaces (not
    drawn as width) and at most one hanging punctuation mark (``hang`` wide, past the edge).
    Draw at x + ``indent``; put ``extra`` after the last character of each of the first
    units whose ``stretch_after`` is true (``gaps`` of them) and nothing inside units.
    Pieces of a URL broken because it was longer than a line are not stretched apart unless
    the line has no other gap.
    """

    units: tuple[str, ...]
    start: int  # offset of the first character in the paragraph text
    end: int  # offset just past the last character
    indent: float  # left offset of this line (first-line indent)
    available: float  # width available to this line (width - indent)
    natural_width: float  # width of the set units without any extra spacing
    gaps: int  # number of stretchable gaps (== sum(stretch_after))
    extra: float  # spacing added at each gap; 0 on the last line; < 0 if overfull
    hang: float  # width of punctuation hanging past the right edge (0 if none)
    set_units: int
    last: bool  # the paragraph's last line (not justified)
    stretch_after: tuple[bool, ...] = ()  # per unit: is it followed by a stretchable gap
    # left short on purpose (not justified): a URL follows, or the line holds a URL's pieces,
    # and justifying would letter-space it more than LOOSE
    short: bool = False

    @property
    def text(self) -> str:
        return "".join(self.units)

    @property
    def justified_width(self) -> float:
        """Width of the set part once justified (== available except on the last line)."""
        return self.natural_width + self.extra * self.gaps


def tokenize(text: str) -> tuple[list[str], list[int]]:
    """Split a paragraph into unbreakable units and their kinds (SPACE, WORD, OTHER)."""
    units: list[str] = []
    kinds: list[int] = []
    add_u, add_k = units.append, kinds.append
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        add_u(m.group())
        if kind == "c" or kind == "dc":
            add_k(OTHER)
        elif kind == "w":
            add_k(WORD)
        elif kind == "s":
            add_k(SPACE)
        else:
            add_k(OTHER)
    return units, kinds


def layout(
    text: str,
    width: float,
    measure: Callable[[str], float],
    *,
    indent: float = 0.0,
    hanging: bool = True,
    max_overrun: int = 6,
) -> list[Line]:
    """Break `text` into justified lines of `width` (first line narrower by `indent`).

    `measure(ch)` gives the advance of one code point. Lines join back to `text` exactly.
    `hanging=False` never hangs punctuation (always pulls characters down instead).
    `max_overrun` bounds how many units a line may run over when no legal break exists.
    """
    if not text:
        return []
    units, kinds = tokenize(text)
    cache: dict[str, float] = {}

    def cw(ch: str) -> float:
        w = cache.get(ch)
        if w is None:
            w = cache[ch] = float(measure(ch))
        return w

    def uw(u: str) -> float:
        return cw(u) if len(u) == 1 else sum(cw(c) for c in u)

    narrowest = max(min(width - indent, width), _EPS)
    # joined[i]: units[i] continues the same over-long word as units[i-1] (no stretch between)
    joined = [False] * len(units)
    # address[i]: units[i] is a whole URL or e-mail address (one that fits on a line)
    address = [False] * len(units)
    # over-long words become several pieces that may be broken between
    if any(k == WORD for k in kinds):
        nu: list[str] = []
        nk: list[int] = []
        nj: list[bool] = []
        na: list[bool] = []
        for i, (u, k) in enumerate(zip(units, kinds, strict=True)):
            # with the brackets that cannot be parted from it: "（www.x.gov.cn）" as a whole
            attached = 0.0
            if k == WORD:
                b = i
                while b > 0 and units[b - 1][-1] in NO_END:
                    b -= 1
                    attached += uw(units[b])
                b = i + 1
                while b < len(units) and units[b][0] in NO_START:
                    attached += uw(units[b])
                    b += 1
            if k == WORD and len(u) > 1 and uw(u) + attached > narrowest:
                pieces: list[str] = []
                for p in typeset_url.split_long(u):
                    if uw(p) > narrowest:
                        pieces.extend(p)  # still too long: every character may break
                    else:
                        pieces.append(p)
                nu.extend(pieces)
                nk.extend([PIECE] * len(pieces))
                nj.extend([False] + [True] * (len(pieces) - 1))
                na.extend([False] * len(pieces))
            else:
                nu.append(u)
                nk.append(k)
                nj.append(False)
                na.append(k == WORD and typeset_url.is_address(u))
        units, kinds, joined, address = nu, nk, nj, na

    n = len(units)
    cum = [0.0] * (n + 1)  # prefix sums of unit widths
    off = [0] * (n + 1)  # prefix sums of unit lengths (character offsets)
    acc = 0.0
    pos = 0
    for i, u in enumerate(units):
        acc += uw(u)
        pos += len(u)
        cum[i + 1] = acc
        off[i + 1] = pos

    def can_break(b: int) -> bool:
        """May a line end before units[b] (after units[b-1])?"""
        if b <= 0 or b >= n:
            return True
        nxt = units[b]
        if kinds[b] == SPACE:
            return False
        first = nxt[0]
        if first in NO_START or _MARK_RE.match(first):
            return False
        if units[b - 1][-1] in NO_END:
            return False
        return not (kinds[b - 1] == WORD and kinds[b] == WORD)

    def _url_follows(b: int) -> bool:
        """Does the next line start with (a piece of) a URL, perhaps after an opening mark?"""
        while b < n and units[b][-1] in NO_END:
            b += 1
        return b < n and (kinds[b] == PIECE or address[b])

    def best_break(e: int, s: int, avail: float) -> int:
        """`e` is the latest legal break of the line from `s`; if it falls inside a long word,
        the best-ranked legal break of that word on this line instead (core.typeset_url)."""
        if not (s < e < n and joined[e]):
            return e
        cands: list[tuple[int, int, float]] = []
        c = e
        while c > s and joined[c]:
            if can_break(c):
                cands.append((c, typeset_url.rank_after(units[c - 1]), (cum[c] - cum[s]) / avail))
            c -= 1
        while c > s and not can_break(c):  # before the word and the brackets opening it
            c -= 1
        if c > s:
            cands.append((c, typeset_url.BEFORE_WORD, (cum[c] - cum[s]) / avail))
        return typeset_url.choose(cands) if cands else e

    lines: list[Line] = []
    s = 0
    first_line = True
    while s < n:
        ind = indent if first_line else 0.0
        avail = width - ind
        limit = cum[s] + avail + 1e-6
        j = s
        while j < n and (cum[j + 1] <= limit or kinds[j] == SPACE):
            j += 1
        hang = False
        if j >= n:
            e = n
        elif j == s:
            # a single unit wider than the line: take it, with what must follow it
            e = s + 1
            while e < n and not can_break(e) and e - s <= max_overrun:
                e += 1
        elif hanging and units[j] in HANGING and can_break(j + 1):
            e = j + 1
            hang = True
        else:
            b = j
            while b > s and not can_break(b):
                b -= 1
            if b > s:
                e = best_break(b, s, avail)
            else:
                b = j + 1
                while b < n and not can_break(b) and b - j < max_overrun:
                    b += 1
                e = b if can_break(b) else j  # overrun a little, or break a rule
        # the set part: without the hanging mark and trailing spaces
        set_end = e - 1 if hang else e
        while set_end > s + 1 and kinds[set_end - 1] == SPACE:
            set_end -= 1
        natural = cum[set_end] - cum[s]
        stretch = [not joined[i + 1] for i in range(s, set_end - 1)]
        if stretch and not any(stretch):
            stretch = [True] * len(stretch)  # a line made of one URL's pieces
        gaps = sum(stretch)
        stretch += [False] * (e - set_end + 1)
        last = e >= n
        extra = (avail - natural) / gaps if (gaps and not last) else 0.0
        short = False
        if (extra > LOOSE * natural / max(1, off[set_end] - off[s])
                and (_url_follows(e) or PIECE in kinds[s:set_end] or any(address[s:set_end]))):
            # GB/T 9704 body text is justified, so a line left behind by an address moved
            # whole to the next line, or holding an address (or its pieces), is justified when
            # that takes no more than LOOSE of a character per gap. Beyond that the spacing
            # shows (an address is up to a whole line wide, and a line of its pieces has few
            # gaps): the line is set at its natural spacing instead, ragged like a paragraph's
            # last line, which reads better than a letter-spaced line
            extra, short = 0.0, True
        lines.append(Line(
            units=tuple(units[s:e]), start=off[s], end=off[e], indent=ind, available=avail,
            natural_width=natural, gaps=gaps, extra=extra,
            hang=(cum[e] - cum[e - 1]) if hang else 0.0, set_units=set_end - s, last=last,
            stretch_after=tuple(stretch), short=short,
        ))
        s = e
        first_line = False
    return lines


def monospace(ch: str) -> float:
    """A width function for tests and estimates: CJK/fullwidth 1, others 0.5, marks 0."""
    cp = ord(ch)
    if _MARK_RE.match(ch) or cp < 0x20 or 0x7F <= cp < 0xA0:
        return 0.0
    return 0.5 if cp < 0x1100 else 1.0
