"""What is on every page besides the text: the page number "— N —" in the footer (odd pages
right, even pages left, one character in from the edge: GB/T 9704), and on a draft the red
note and a large light diagonal 草稿 in the header."""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.section import _Footer, _Header
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from core.docx.page import FACES
from core.docx.xml import el, put, set_fonts, set_size, twips
from core.pdf.geometry import PAGE_NUMBER_SIZE

DRAFT_COLOR = "C00000"
NOTE_SIZE = 10.5


def add_page_numbers(doc: Document) -> None:
    doc.settings.odd_and_even_pages_header_footer = True
    section = doc.sections[0]
    _page_number(section.footer, odd=True)  # the default footer serves odd pages
    _page_number(section.even_page_footer, odd=False)


def _page_number(footer: _Footer, *, odd: bool) -> None:
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    ppr = paragraph._p.get_or_add_pPr()
    put(ppr, el("w:snapToGrid", val="0"))
    put(ppr, el("w:spacing", before="0", after="0", line=twips(PAGE_NUMBER_SIZE * 1.3),
                lineRule="exact"))
    one_char = twips(PAGE_NUMBER_SIZE)  # 空一字
    put(ppr, el("w:ind", **({"right": one_char} if odd else {"left": one_char})))
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    _number_run(paragraph, "— ")
    # a PAGE field as Word writes one: begin, instruction, separate, a cached result, end
    _number_run(paragraph).element.append(el("w:fldChar", fldCharType="begin"))
    instr = el("w:instrText")
    instr.text = " PAGE "
    instr.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    _number_run(paragraph).element.append(instr)
    _number_run(paragraph).element.append(el("w:fldChar", fldCharType="separate"))
    _number_run(paragraph, "1" if odd else "2")
    _number_run(paragraph).element.append(el("w:fldChar", fldCharType="end"))
    _number_run(paragraph, " —")


def _number_run(paragraph: Paragraph, text: str = "") -> Run:
    run = paragraph.add_run(text)
    rpr = run.element.get_or_add_rPr()
    set_fonts(rpr, FACES["song"])  # 4号 半角宋体
    set_size(rpr, PAGE_NUMBER_SIZE)
    return run


def add_draft_mark(doc: Document, note: str) -> None:
    """The note in red above the text and 草稿 across the page, on odd and even pages."""
    section = doc.sections[0]
    for number, header in enumerate((section.header, section.even_page_header), start=1):
        _draft_header(header, note, number)


def _draft_header(header: _Header, note: str, number: int) -> None:
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    ppr = paragraph._p.get_or_add_pPr()
    put(ppr, el("w:snapToGrid", val="0"))
    run = paragraph.add_run(note)
    rpr = run.element.get_or_add_rPr()
    set_fonts(rpr, FACES["hei"])
    set_size(rpr, NOTE_SIZE)
    put(rpr, el("w:color", val=DRAFT_COLOR))
    paragraph.add_run().element.append(parse_xml(_watermark(number)))


# Word's own watermark: a WordArt text path (shape type 136) centred on the 版心, behind the
# text, turned 45° up to the right, light red at 30 % opacity. LibreOffice reads it as its own
# watermark.
_V = "urn:schemas-microsoft-com:vml"
_O = "urn:schemas-microsoft-com:office:office"
_W10 = "urn:schemas-microsoft-com:office:word"
_WNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_FORMULAS = ("sum #0 0 10800", "prod #0 2 1", "sum 21600 0 @1", "sum 0 0 @2", "sum 21600 0 @3",
             "if @0 @3 0", "if @0 21600 @1", "if @0 0 @2", "if @0 @4 21600", "mid @5 @6",
             "mid @8 @5", "mid @7 @8", "mid @6 @7", "sum @6 0 @5")


def _watermark(number: int, text: str = "草稿") -> str:
    formulas = "".join(f'<v:f eqn="{f}"/>' for f in _FORMULAS)
    style = ("position:absolute;margin-left:0;margin-top:0;width:400pt;height:200pt;"
             "rotation:315;z-index:-251654144;mso-position-horizontal:center;"
             "mso-position-horizontal-relative:margin;mso-position-vertical:center;"
             "mso-position-vertical-relative:margin")
    return (
        f'<w:pict xmlns:w="{_WNS}" xmlns:v="{_V}" xmlns:o="{_O}" xmlns:w10="{_W10}">'
        '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" '
        'path="m@7,l@8,m@5,21600l@6,21600e">'
        f'<v:formulas>{formulas}</v:formulas>'
        '<v:path textpathok="t" o:connecttype="custom" '
        'o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
        '<v:textpath on="t" fitshape="t"/>'
        '<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>'
        '<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
        f'<v:shape id="PowerPlusWaterMarkObject{number}" o:spid="_x0000_s{2048 + number}" '
        f'type="#_x0000_t136" style="{style}" o:allowincell="f" fillcolor="#e06666" '
        'stroked="f"><v:fill opacity=".3"/>'
        f'<v:textpath style="font-family:&quot;{FACES["hei"]}&quot;;font-size:1pt" '
        f'string={quoteattr(text)}/>'
        '<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict>'
    )
