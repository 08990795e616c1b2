"""GB/T 9704 page set-up and the named styles of the Word file.

The numbers are those of the PDF (core.pdf.geometry): A4, 版心 156 × 225 mm, 22 lines of 28
characters of 3号 仿宋. The section's document grid holds the 22 lines; the text styles give
exact line spacing equal to the grid's pitch and a character spacing that fits 28 characters,
so a secretary who types into the file keeps the same page.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph

from core.docx.xml import el, put, set_fonts, set_size, twips
from core.pdf.geometry import BODY_SIZE, LINES_PER_PAGE, PITCH, TITLE_SIZE

# Word measures the page in twips (1/20 pt), rounding each margin: 版心 height = 16838 − 2098
# − 1984 = 12756 twips (225 mm), width = 11906 − 1587 − 1474 = 8845 twips (156 mm).
BODY_H_TWIPS = 16838 - 2098 - 1984
BODY_W_TWIPS = 11906 - 1587 - 1474
# w:linePitch, twips per line: 12756 / 22 = 579.8, rounded *down* — 580 × 22 = 12760 would
# leave room for 21 lines only.
LINE_PITCH = BODY_H_TWIPS // LINES_PER_PAGE  # 579
# 28 characters a line. Word's own way is a character grid (w:type="linesAndChars") of pitch
# 8845 / 28 twips = 15.79 pt, i.e. w:charSpace = (15.79 − 16) × 4096 ≈ −848: Word squeezes
# each 16 pt character into its 15.79 pt cell. LibreOffice does not — a character taller than
# the cell takes two cells, and the page shows 14 spread-out characters a line. So the grid
# holds the lines only, and the text styles set the characters 0.25 pt closer (w:spacing
# −5 twentieths): 28 × 15.75 = 441 pt fits the 442.25 pt line, 29 do not, in Word, WPS and
# LibreOffice alike; justification spreads the remaining 1.25 pt.
TRACKING = -0.25
LINE_PT = LINE_PITCH / 20  # 28.95 pt: the exact line spacing of every text style

TITLE, H1, H2, H3, BODY = "标题", "一级标题", "二级标题", "三级标题", "正文"
TABLE_TEXT, TABLE_FIGURE = "表格文字", "表格数字"
FACES = {"title": "方正小标宋简体", "hei": "黑体", "kai": "楷体_GB2312", "fang": "仿宋_GB2312",
         "song": "宋体"}
TABLE_SIZE = 9.0  # 小五: table 3's ten columns fit 156 mm
TABLE_FIGURE_SIZE = 10.5  # 五号


@dataclass(frozen=True)
class _Style:
    name: str
    style_id: str  # ASCII: some versions of WPS mishandle non-ASCII style ids
    face: str
    size: float
    align: str = "left"  # w:jc
    indent_chars: int = 2  # first-line indent
    outline: int | None = None  # level in the navigation pane
    grid: bool = True  # on the document grid, 28 a line (not the title, not tables)
    line: float = LINE_PT  # exact line spacing, points
    after: float = 0.0


STYLES = (
    _Style(TITLE, "NbTitle", FACES["title"], TITLE_SIZE, "center", 0, grid=False,
           after=LINE_PT),
    _Style(H1, "NbHeading1", FACES["hei"], BODY_SIZE, outline=0),
    _Style(H2, "NbHeading2", FACES["kai"], BODY_SIZE, outline=1),
    _Style(H3, "NbHeading3", FACES["fang"], BODY_SIZE, outline=2),
    _Style(BODY, "NbBody", FACES["fang"], BODY_SIZE, "both"),
    _Style(TABLE_TEXT, "NbTableText", FACES["fang"], TABLE_SIZE, "center", 0, grid=False,
           line=TABLE_SIZE + 3),
    _Style(TABLE_FIGURE, "NbTableFigure", FACES["fang"], TABLE_FIGURE_SIZE, "center", 0,
           grid=False, line=TABLE_FIGURE_SIZE + 3),
)


STYLE_IDS = {spec.name: spec.style_id for spec in STYLES}


def use_style(paragraph: Paragraph, name: str) -> None:
    """Give a paragraph one of our styles by its id: python-docx's `paragraph.style = name`
    searches every style of the document by name each time (most of the export's time)."""
    paragraph._p.get_or_add_pPr().style = STYLE_IDS[name]


def set_up_page(doc: Document) -> None:
    """A4, GB/T 9704 margins, the 22 × 28 grid; the footer 22.5 mm above the page's edge puts
    the page number about 7 mm under the 版心, as in the PDF."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance, section.footer_distance = Mm(27), Mm(22.5)
    section.gutter = Mm(0)
    put(section._sectPr, el("w:docGrid", type="lines", linePitch=str(LINE_PITCH)))


def set_up_styles(doc: Document) -> None:
    """Document defaults in 仿宋 3号, then the named styles."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, FACES["fang"])
    set_size(rpr, BODY_SIZE)
    put(rpr, el("w:lang", val="en-US", eastAsia="zh-CN", bidi="ar-SA"))
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    put(ppr, el("w:spacing", before="0", after="0", line=str(LINE_PITCH), lineRule="exact"))
    normal = doc.styles["Normal"].element.get_or_add_rPr()
    set_fonts(normal, FACES["fang"])
    set_size(normal, BODY_SIZE)
    for spec in STYLES:
        _add_style(doc, spec)
    for spec in STYLES[1:4]:  # after a heading the secretary types body text
        doc.styles[spec.name].next_paragraph_style = doc.styles[BODY]


def _add_style(doc: Document, spec: _Style) -> ParagraphStyle:
    style = doc.styles.add_style(spec.name, WD_STYLE_TYPE.PARAGRAPH)
    assert isinstance(style, ParagraphStyle)
    style.style_id = spec.style_id
    style.base_style = doc.styles["Normal"]
    style.quick_style = True
    rpr = style.element.get_or_add_rPr()
    set_fonts(rpr, spec.face)
    set_size(rpr, spec.size)
    ppr = style.element.get_or_add_pPr()
    put(ppr, el("w:widowControl", val="0"))  # full 22-line pages, as the PDF
    if spec.grid:
        put(rpr, el("w:spacing", val=twips(TRACKING)))
    else:
        put(ppr, el("w:snapToGrid", val="0"))
        put(rpr, el("w:snapToGrid", val="0"))
    put(ppr, el("w:spacing", before="0", after=twips(spec.after), line=twips(spec.line),
                lineRule="exact"))
    if spec.indent_chars:
        put(ppr, el("w:ind", firstLineChars=str(spec.indent_chars * 100),
                    firstLine=twips(spec.indent_chars * PITCH)))
    put(ppr, el("w:jc", val=spec.align))
    if spec.outline is not None:
        put(ppr, el("w:outlineLvl", val=str(spec.outline)))
        style.paragraph_format.keep_with_next = True
    return style


def set_up_settings(doc: Document) -> None:
    """Chinese as the East-Asian language of theme fonts; Word 2013+ layout, in which a table's
    borders line up with the 版心 edges (in older modes the cell margin hangs out left)."""
    settings = doc.settings.element
    for lang in settings.iter(qn("w:themeFontLang")):
        lang.set(qn("w:eastAsia"), "zh-CN")
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
