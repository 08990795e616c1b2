"""A reportlab flowable for Chinese text laid out by `core.typeset` (禁则, justification by
character spacing) and drawn with per-character font fallback by `core.typeset_draw`.

User text never goes through reportlab's Paragraph, so markup characters (<, &, </para>,
<img src=…>) are only characters here: nothing is parsed, nothing opens files.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from reportlab.platypus import Flowable

from core import fonts, typeset
from core.pdf.geometry import BODY_SIZE, LEADING, TRACKING
from core.typeset_draw import draw_line

ASCENT = 0.88  # of the em: where the baseline sits in a CJK em box


def tracked_measure(role: str, size: float, tracking: float) -> Callable[[str], float]:
    """Advance of one character including the document's tracking (0-width stays 0)."""
    base = fonts.char_width(role, size)

    def measure(ch: str) -> float:
        w = base(ch)
        return w + tracking if w > 0 else 0.0

    return measure


class TextBlock(Flowable):  # type: ignore[misc]  # reportlab ships no types
    """One paragraph (or heading, or table cell text).

    align: "justify" (every line but the last filled to the width), "left", "center", "right".
    indent: first-line indent in points (body paragraphs: two characters).
    """

    def __init__(self, text: str, *, role: str = "body", size: float = BODY_SIZE,
                 leading: float = LEADING, indent: float = 0.0, align: str = "justify",
                 tracking: float = TRACKING, keep_with_next: bool = False,
                 color: tuple[float, float, float] = (0, 0, 0), fit: bool = False,
                 _lines: list[typeset.Line] | None = None, _width: float | None = None) -> None:
        super().__init__()
        self.text = text
        self.role, self.size, self.leading = role, size, leading
        self.indent, self.align, self.tracking = indent, align, tracking
        self.keepWithNext = keep_with_next
        self.color = color
        self.fit = fit  # one line only: shrink the type instead of breaking (table figures)
        self._lines = _lines
        self._laid_width = _width

    def _clone(self, lines: list[typeset.Line]) -> TextBlock:
        return TextBlock(self.text, role=self.role, size=self.size, leading=self.leading,
                         indent=self.indent, align=self.align, tracking=self.tracking,
                         color=self.color, fit=self.fit, _lines=lines, _width=self._laid_width)

    def lines(self, width: float) -> list[typeset.Line]:
        if self._lines is None or self._laid_width is None or \
                abs(self._laid_width - width) > 0.01:
            measure = tracked_measure(self.role, self.size, self.tracking)
            if self.fit:
                natural = sum(map(measure, self.text))
                if natural > width > 0:
                    self.size = max(5.0, self.size * width / natural * 0.98)
                    measure = tracked_measure(self.role, self.size, self.tracking)
            # + 0.01: 28 characters of exactly PITCH must fit a 156 mm line despite rounding.
            # No hanging punctuation: nothing may print outside the 156 mm 版心.
            self._lines = typeset.layout(self.text, width + 0.01, measure, indent=self.indent,
                                         hanging=False)
            self._laid_width = width
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = max(1, len(self.lines(availWidth))) * self.leading
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        lines = self.lines(availWidth)
        fit = int((availHeight + 1e-6) // self.leading)
        if fit <= 0:
            return []
        if fit >= len(lines):
            return [self]
        return [self._clone(lines[:fit]), self._clone(lines[fit:])]

    def draw(self) -> None:
        canvas = self.canv
        lines = self.lines(self.width)
        canvas.setFillColorRGB(*self.color)
        baseline = self.height - (self.leading - self.size) / 2 - ASCENT * self.size
        for line in lines:
            self._draw_line(line, baseline)
            baseline -= self.leading

    def _draw_line(self, line: typeset.Line, y: float) -> None:
        shift = 0.0
        if self.align != "justify" or line.last:
            line = dataclasses.replace(line, extra=0.0)
            if self.align == "center":
                shift = (line.available - line.natural_width) / 2
            elif self.align == "right":
                shift = line.available - line.natural_width
        draw_line(self.canv, shift, y, line, self.role, self.size, tracking=self.tracking)
