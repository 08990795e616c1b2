"""Draw lines laid out by `core.typeset.layout` on a reportlab canvas. No Qt here.

Each character is printed with the face `core.fonts` chooses for it (primary face of the role,
or the fallback face for characters the primary lacks); justification is PDF character spacing
(``Tc``) after the last character of every unit that `Line.stretch_after` marks, 0 inside
units (ASCII words, ——, ……) and before a hanging punctuation mark, which therefore starts
exactly at the right edge. Controls and default-ignorable code points (variation selectors, joiners)
are not drawn.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from core import fonts
from core.typeset import Line

if TYPE_CHECKING:  # reportlab is imported only where a PDF is drawn
    from reportlab.pdfgen.canvas import Canvas


def line_pieces(line: Line, role: str) -> list[tuple[str, str, float]]:
    """(text, reportlab font name, char spacing) pieces that draw `line` in order."""
    primary = fonts.face(role)
    pcmap, pname = primary.cmap, primary.name
    pieces: list[tuple[str, str, float]] = []
    cur_text: list[str] = []
    cur_font: str | None = None
    cur_tc = 0.0
    stretch = line.stretch_after
    for ui, unit in enumerate(line.units):
        drawn = [ch for ch in unit if not fonts.is_ignorable(ch)]
        gap_after = line.extra if ui < len(stretch) and stretch[ui] else 0.0
        for k, ch in enumerate(drawn):
            fname = pname if ord(ch) in pcmap else fonts.face_for(ch, role).name
            tc = gap_after if k == len(drawn) - 1 else 0.0
            if fname != cur_font or tc != cur_tc:
                if cur_text:
                    pieces.append(("".join(cur_text), cur_font or pname, cur_tc))
                cur_text = []
                cur_font, cur_tc = fname, tc
            cur_text.append(ch)
    if cur_text:
        pieces.append(("".join(cur_text), cur_font or pname, cur_tc))
    return pieces


def draw_line(canvas: Canvas, x: float, y: float, line: Line, role: str, size: float,
              tracking: float = 0.0) -> None:
    """Draw one laid-out line with its baseline at (x + line.indent, y).

    `tracking` is added to every character's spacing (the PDF sets 3号 type slightly tight so
    that 28 characters fill 156 mm; the layout measured with the same tracking). Wrapped in
    saveState/restoreState so the character spacing and font set here do not leak into later
    drawing.
    """
    pieces = line_pieces(line, role)
    if not pieces:
        return
    canvas.saveState()
    t = canvas.beginText(x + line.indent, y)
    font = None
    tc = 0.0
    for text, fname, piece_tc in pieces:
        if fname != font:
            t.setFont(fname, size)
            font = fname
        if piece_tc + tracking != tc:
            tc = piece_tc + tracking
            t.setCharSpace(tc)
        t.textOut(text)
    canvas.drawText(t)
    canvas.restoreState()


def draw_paragraph(canvas: Canvas, x: float, y: float, lines: Iterable[Line], role: str, size: float,
                   leading: float) -> float:
    """Draw lines top-down from baseline y, `leading` apart; returns the next baseline."""
    for line in lines:
        draw_line(canvas, x, y, line, role, size)
        y -= leading
    return y
