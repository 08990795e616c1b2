"""The page template: GB/T 9704 版心, page numbers "— N —" (odd pages right, even pages left),
the 草稿 mark on drafts, PDF metadata, deterministic output apart from the creation date."""

from __future__ import annotations

import datetime as dt
import io
import time
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from core import fonts
from core.pdf.geometry import (
    BODY_H,
    BODY_W,
    BOTTOM,
    LEFT,
    PAGE_H,
    PAGE_NUMBER_GAP,
    PAGE_NUMBER_SIZE,
    PAGE_W,
    TOP,
)


class _Stamp:
    """reportlab's TimeStamp for a chosen moment (reportlab otherwise uses now, or 2000-01-01
    in invariant mode)."""

    def __init__(self, when: dt.datetime) -> None:
        aware = when if when.tzinfo else when.astimezone()
        offset = aware.utcoffset() or dt.timedelta(0)
        self.t = aware.timestamp()
        self.lt = tuple(aware.timetuple())
        self.YMDhms = self.lt[:6]
        minutes = int(offset.total_seconds() // 60)
        self.dhh, self.dmm = int(minutes / 60), abs(minutes) % 60
        self.tzname = aware.tzname() or "UTC"

    @property
    def datetime(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.t)

    @property
    def asctime(self) -> str:
        return time.asctime(self.lt)  # type: ignore[arg-type]


class ReportDocument(BaseDocTemplate):  # type: ignore[misc]  # reportlab ships no types
    def __init__(self, buffer: io.BytesIO, *, title: str, author: str, subject: str,
                 created: dt.datetime, draft_note: str | None,
                 numbered_pages: int | None = None) -> None:
        super().__init__(buffer, pagesize=(PAGE_W, PAGE_H), leftMargin=LEFT,
                         rightMargin=PAGE_W - LEFT - BODY_W, topMargin=TOP, bottomMargin=BOTTOM,
                         title=title, author=author, subject=subject, creator="年报助手",
                         producer="年报助手 (reportlab)", invariant=1, lang="zh-CN")
        self.created = created
        self.draft_note = draft_note
        self.numbered_pages = numbered_pages  # pages after this one (审签单) get no number
        frame = Frame(LEFT, BOTTOM, BODY_W, BODY_H, leftPadding=0, rightPadding=0,
                      topPadding=0, bottomPadding=0, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._decorate)])

    def build(self, flowables: list[Flowable], **kwargs: Any) -> None:
        # binary streams: ASCII85 only makes the file 25 % larger and the export slower
        rl_config.useA85 = 0
        created = self.created
        initial_font = fonts.font_name("body")

        class _Canvas(Canvas):  # type: ignore[misc]  # reportlab ships no types
            def __init__(self, *args: Any, **kw: Any) -> None:
                # an embedded initial font: otherwise reportlab declares Helvetica, unembedded
                kw["initialFontName"] = initial_font
                super().__init__(*args, **kw)
                self._doc._timeStamp = _Stamp(created)

        super().build(flowables, canvasmaker=_Canvas, **kwargs)

    def _decorate(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        page = canvas.getPageNumber()
        if self.draft_note:
            _draft_mark(canvas, self.draft_note)
        if self.numbered_pages is not None and page > self.numbered_pages:
            return
        _page_number(canvas, page)


def _page_number(canvas: Canvas, page: int) -> None:
    """4号 半角宋体 "— N —": the stroke of the dashes 7 mm under the 版心 (GB/T 9704 §7.5);
    odd pages right (空一字), even pages left (空一字)."""
    text = f"— {page} —"
    role = "song"  # SimSun when installed, else the bundled 宋体 stand-in (the fallback face)
    name = fonts.font_name(role)
    _low, dash_top = fonts.glyph_y_bounds(role, "—")
    canvas.saveState()
    canvas.setFont(name, PAGE_NUMBER_SIZE)
    y = BOTTOM - PAGE_NUMBER_GAP - dash_top * PAGE_NUMBER_SIZE / 1000
    one_char = PAGE_NUMBER_SIZE
    if page % 2:
        canvas.drawRightString(LEFT + BODY_W - one_char, y, text)
    else:
        canvas.drawString(LEFT + one_char, y, text)
    canvas.restoreState()


def _draft_mark(canvas: Canvas, note: str) -> None:
    name = fonts.font_name("hei")
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.8, 0.1, 0.1, alpha=0.12))
    canvas.translate(PAGE_W / 2, PAGE_H / 2)
    canvas.rotate(35)
    canvas.setFont(name, 150)
    canvas.drawCentredString(0, -50, "草稿")
    canvas.restoreState()
    canvas.saveState()
    canvas.setFillColor(colors.Color(0.75, 0.1, 0.1))
    canvas.setFont(name, 10.5)
    canvas.drawString(LEFT, PAGE_H - TOP + 14, note)
    canvas.restoreState()
