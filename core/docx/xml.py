"""Small WordprocessingML helpers: make an element with attributes, and put a child where the
schema wants it. Word refuses (or "repairs") a file whose property elements are out of the
schema's order; LibreOffice is lenient, so a test reading the file back would not notice."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement

# the schema order of the children we write, per parent (ECMA-376 Part 1, §17)
ORDER = {
    "pPr": ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
            "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
            "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
            "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
            "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
            "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
            "sectPr", "pPrChange"),
    "rPr": ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
            "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid",
            "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
            "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
            "lang", "eastAsianLayout", "specVanish", "oMath"),
    "tcPr": ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap",
             "tcMar", "textDirection", "tcFitText", "vAlign", "hideMark"),
    "tblPr": ("tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
              "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
              "shd", "tblLayout", "tblCellMar", "tblLook"),
    "sectPr": ("headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz",
               "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt",
               "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter",
               "docGrid", "printerSettings"),
}


def el(tag: str, **attrs: str) -> BaseOxmlElement:
    """<w:tag w:key="value" …/> (attribute names without prefix are in the w: namespace)."""
    element: BaseOxmlElement = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(key if ":" in key else f"w:{key}"), value)
    return element


def put(parent: BaseOxmlElement, child: BaseOxmlElement) -> BaseOxmlElement:
    """Insert `child` into `parent` in schema order, replacing a child of the same tag."""
    local = child.tag.split("}")[-1]
    for old in parent.findall(child.tag):
        parent.remove(old)
    order = ORDER[parent.tag.split("}")[-1]]
    rank = order.index(local)
    for i, sibling in enumerate(parent):
        name = sibling.tag.split("}")[-1]
        if name in order and order.index(name) > rank:
            parent.insert(i, child)
            return child
    parent.append(child)
    return child


def set_fonts(rpr: BaseOxmlElement, face: str) -> None:
    """One face for every script: WPS and Word pick a run's East-Asian face from w:eastAsia,
    its digits and Latin letters from w:ascii / w:hAnsi. No theme fonts (they would win)."""
    put(rpr, el("w:rFonts", ascii=face, hAnsi=face, eastAsia=face, cs=face))


def set_size(rpr: BaseOxmlElement, points: float) -> None:
    half = str(round(points * 2))
    put(rpr, el("w:sz", val=half))
    put(rpr, el("w:szCs", val=half))


def twips(points: float) -> str:
    return str(round(points * 20))
