"""GB/T 9704-2012 《党政机关公文格式》 page geometry and type sizes, in points."""

from __future__ import annotations

MM = 72.0 / 25.4

PAGE_W, PAGE_H = 210 * MM, 297 * MM  # A4
LEFT = 28 * MM  # 订口
TOP = 37 * MM  # 天头
BODY_W = 156 * MM  # 版心 width
BODY_H = 225 * MM  # 版心 height
BOTTOM = PAGE_H - TOP - BODY_H

CHARS_PER_LINE = 28
LINES_PER_PAGE = 22
PITCH = BODY_W / CHARS_PER_LINE  # 15.79 pt: 3号 characters set slightly tight, as the standard
LEADING = BODY_H / LINES_PER_PAGE  # 28.96 pt per line

BODY_SIZE = 16.0  # 3号
TITLE_SIZE = 22.0  # 2号
PAGE_NUMBER_SIZE = 14.0  # 4号
PAGE_NUMBER_GAP = 7 * MM  # page number sits 7 mm below the 版心
TRACKING = PITCH - BODY_SIZE  # negative: 28 full-width characters fill exactly 156 mm

TABLE_SIZE = 9.0  # 小五 in tables, so table 3 fits the 版心 width
TABLE_LEADING = 11.5
TABLE_NUMBER_SIZE = 10.5  # 五号 for the figures
