"""The web page read back as a browser and a CMS would: parsed strictly, its headings, tables
(spans, headings, every figure under its labels), escaping, self-containment and draft banner;
then printed and photographed by a headless Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest

from core.export_html import render_html
from core.formats import f2021
from core.formats.layout import CLAUSE, HEADER, LABEL, VALUE
from core.formats.spec import (
    TableSpec,
)
from core.model import Report
from core.opening import opening_paragraph
from core.outline import TableBlock, outline
from tests import madeup_format as made
from tests.support import t2_blocks, t3_result_groups

DRAFT = "草稿：本报告尚有 3 个错误未改正，不能签发。"


# -- reading the page ------------------------------------------------------------------------------

def parse(data: bytes) -> Element:
    """The document; any parse error (not just a fatal one) fails the test."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    return parser.parse(data)


def text(el: Element) -> str:
    return "".join(el.itertext())


def article(doc: Element) -> Element:
    found = doc.find(".//article")
    assert found is not None
    return found


def tables_by_caption(doc: Element) -> dict[str, Element]:
    out = {}
    for table in doc.iter("table"):
        caption = table.find("caption")
        assert caption is not None, "every table has a caption"
        out[text(caption)] = table
    return out


def table_blocks(report: Report) -> list[TableBlock]:
    return [b for b in outline(report) if isinstance(b, TableBlock)]


def body_rows(table: Element) -> list[Element]:
    return [tr for group in table if group.tag in ("thead", "tbody") for tr in group]


def parsed_grid(table: Element) -> tuple[int, dict[tuple[int, int], Element]]:
    """The HTML table model: each grid position → the cell covering it (spans honoured)."""
    grid: dict[tuple[int, int], Element] = {}
    rows = body_rows(table)
    for r, tr in enumerate(rows):
        c = 0
        for cell in tr:
            while (r, c) in grid:
                c += 1
            rs, cs = int(cell.get("rowspan", "1")), int(cell.get("colspan", "1"))
            for i in range(rs):
                for j in range(cs):
                    assert (r + i, c + j) not in grid, "cells overlap"
                    grid[(r + i, c + j)] = cell
            c += cs
    return len(rows), grid


def labels_at(grid: dict[tuple[int, int], Element], r: int, c: int) -> set[str]:
    """What a reader sees as the labels of a position: the row headings left of it, and the
    block of column headings above it (data rows between them and it skipped)."""
    seen = {text(grid[(r, k)]) for k in range(c) if grid[(r, k)].get("scope") == "row"}
    up, collecting = r - 1, False
    while up >= 0:
        cell = grid[(up, c)]
        if cell.tag == "th":
            seen.add(text(cell))
            collecting = True
        elif collecting:
            break
        up -= 1
    return seen


def find_figure(grid: dict[tuple[int, int], Element], required: set[str]) -> list[Element]:
    """The data cells whose labels include all of `required`."""
    found: dict[int, Element] = {}
    for (r, c), cell in grid.items():
        if cell.tag == "td" and required <= labels_at(grid, r, c):
            found[id(cell)] = cell
    return list(found.values())


def check_figures(table: Element, spec: TableSpec, report: Report) -> None:
    """Each figure of `spec` lands exactly once, under its column label and beside its row
    label (and its group's), showing the report's figure."""
    _, grid = parsed_grid(table)
    values = report.parsed()
    for row, col in spec.bindings:
        key = f"{spec.key}/{row.key}/{col.key}"
        required = {row.label, col.label}
        group = spec.qualifiers.get(row.key)
        if group:
            required.add(group)
        cells = find_figure(grid, required)
        assert len(cells) == 1, (key, [text(c) for c in cells])
        assert text(cells[0]) == report.figure_text(key, values[key]), key


@pytest.fixture(scope="module")
def sample_report() -> Report:
    from core import reportfile
    from tests.support import SAMPLES

    return reportfile.load(SAMPLES / "sample-2025.json")


@pytest.fixture(scope="module")
def sample_page(sample_report: Report) -> tuple[bytes, Element]:
    data = render_html(sample_report)
    return data, parse(data)


# -- the document ----------------------------------------------------------------------------------

def test_head_names_language_charset_title_viewport(sample_page, sample_report):
    data, doc = sample_page
    assert data.startswith(b"<!DOCTYPE html>")
    assert doc.get("lang") == "zh-CN"
    metas = doc.findall("./head/meta")
    assert any(m.get("charset", "").lower() == "utf-8" for m in metas)
    assert any(m.get("name") == "viewport" and "width=device-width" in m.get("content", "")
               for m in metas)
    assert text(doc.find("./head/title")) == sample_report.title
    data.decode("utf-8")  # UTF-8 throughout


def test_title_opening_headings_in_order(sample_page, sample_report):
    _, doc = sample_page
    body = list(article(doc))
    h1s = list(doc.iter("h1"))
    assert len(h1s) == 1 and text(h1s[0]) == sample_report.title
    assert body[0] is h1s[0]
    assert body[1].tag == "p" and text(body[1]) == opening_paragraph(sample_report)
    assert [text(h) for h in doc.iter("h2")] == [s.heading for s in f2021.SECTIONS]
    # the sample's overview has the five official sub-headings, each a stand-alone line
    h3s = [text(h) for h in doc.iter("h3")]
    assert h3s == [s.label for s in f2021.OVERVIEW_SUBHEADINGS]


def test_section_text_as_headings_and_paragraphs(sample_2025):
    sample_2025.set_text("overview", "开头一段。\n\n（一）主动公开\n正文甲。\n1.第一点\n正文乙。")
    body = list(article(parse(render_html(sample_2025))))
    start = next(i for i, el in enumerate(body) if text(el) == "一、总体情况")
    got = [(el.tag, text(el)) for el in body[start:start + 7]]
    assert got == [("h2", "一、总体情况"), ("p", "开头一段。"), ("h3", "（一）主动公开"),
                   ("p", "正文甲。"), ("h4", "1.第一点"), ("p", "正文乙。"),
                   ("h2", "二、主动公开政府信息情况")]


def test_closing_last_name_over_date(sample_page, sample_report):
    _, doc = sample_page
    last = list(article(doc))[-1]
    assert "nbzs-closing" in last.get("class", "").split()
    assert [text(p) for p in last] == [sample_report.agency_name, "2026年1月21日"]
    style = text(doc.find("./head/style"))
    rule = re.search(r"\.nbzs-closing \{([^}]*)\}", style)
    assert rule and "auto" in rule.group(1)  # pushed to the right (seen in the print test)


# -- tables ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("key", [t.key for t in f2021.TABLES])
def test_table_cells_and_spans_follow_the_layout(sample_page, sample_report, key):
    _, doc = sample_page
    block = next(b for b in table_blocks(sample_report) if b.spec.key == key)
    table = tables_by_caption(doc)[block.caption]
    layout = block.layout
    thead = table.find("thead")
    assert (len(thead) if thead is not None else 0) == layout.header_rows
    cols = table.findall("./colgroup/col")
    assert len(cols) == layout.cols
    shares = [float(re.search(r"width:([\d.]+)%", c.get("style", "")).group(1)) for c in cols]
    assert sum(shares) == pytest.approx(100, abs=0.1)
    for got, want in zip(shares, layout.scaled_widths(100), strict=True):
        assert got == pytest.approx(want, abs=0.01)
    rows = body_rows(table)
    assert len(rows) == layout.rows
    for r, tr in enumerate(rows):
        cells = list(tr)
        expected = layout.row_cells(r)
        assert len(cells) == len(expected), r
        for el, cell in zip(cells, expected, strict=True):
            assert int(el.get("rowspan", "1")) == cell.row_span
            assert int(el.get("colspan", "1")) == cell.col_span
            if cell.kind == VALUE:
                assert el.tag == "td" and el.get("scope") is None
                assert ("derived" in el.get("class", "").split()) == cell.derived
                continue
            assert el.tag == "th" and text(el) == cell.text
            if cell.kind == LABEL:
                assert el.get("scope") == "row"
            else:
                assert cell.kind in (HEADER, CLAUSE)
                assert el.get("scope") == ("colgroup" if cell.col_span > 1 else "col")


@pytest.mark.parametrize("key", [t.key for t in f2021.TABLES])
def test_every_figure_under_its_labels(sample_page, sample_report, key):
    _, doc = sample_page
    block = next(b for b in table_blocks(sample_report) if b.spec.key == key)
    check_figures(tables_by_caption(doc)[block.caption], block.spec, sample_report)


def test_captions_and_official_labels_verbatim(sample_page):
    _, doc = sample_page
    tables = tables_by_caption(doc)
    assert list(tables) == ["表二 主动公开", "表三 依申请公开", "表四 复议诉讼"]

    def headings(caption: str) -> set[str]:
        return {text(th) for th in tables[caption].iter("th")}

    t2 = headings("表二 主动公开")
    for blk in t2_blocks():
        assert {blk.clause, *blk.header, *(r.label for r in blk.rows)} <= t2
    t3 = headings("表三 依申请公开")
    assert {f2021.T3_NOTE, f2021.T3_APPLICANT, f2021.T3_ORG_GROUP, f2021.T3_RESULTS_GROUP} <= t3
    assert {c.label for c in f2021.T3_COLUMNS} <= t3
    assert {r.label for r in f2021.T3_ROWS} <= t3
    for group, _ in t3_result_groups():
        assert group in t3
    t4 = headings("表四 复议诉讼")
    assert {f2021.T4_LITIGATION, *(r.label for r in f2021.T4_ROWS),
            *(c.label for c in f2021.T4_COLUMNS)} <= t4


def test_invalid_figure_marked(sample_2025):
    key = "requests/new_received/natural_person"
    sample_2025.cells[key] = "十二件<b>"
    doc = parse(render_html(sample_2025))
    marked = [td for td in doc.iter("td") if "invalid" in td.get("class", "").split()]
    # the entry itself and the row total that cannot be computed from it
    assert [text(td) for td in marked] == ["？", "？"]
    assert "不是有效的数字" in marked[0].get("title", "")
    assert "十二件<b>" in marked[0].get("title", "")  # the entry, literally
    assert "derived" in marked[1].get("class", "").split()
    assert doc.find(".//td/b") is None


# -- safety ----------------------------------------------------------------------------------------

def test_loads_and_runs_nothing(sample_page):
    data, doc = sample_page
    for tag in ("script", "iframe", "object", "embed", "link", "img", "base", "frame"):
        assert doc.find(f".//{tag}") is None, tag
    for el in doc.iter():
        for name, value in el.attrib.items():
            assert not name.lower().startswith("on"), (el.tag, name)
            assert name.lower() not in ("src", "srcset", "action", "formaction"), el.tag
            if name.lower() == "href":
                assert value.startswith("#"), value
            assert "url(" not in value.lower()
    styles = list(doc.iter("style"))
    assert len(styles) == 1
    css = text(styles[0]).lower()
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    # the official faces first, generic fallbacks last
    for face, generic in (("方正小标宋简体", "serif"), ("黑体", "sans-serif"),
                          ("楷体_gb2312", "serif"), ("仿宋_gb2312", "serif")):
        stack = re.search(rf'font-family: "{face}"[^;]*;', css)
        assert stack and stack.group(0).endswith(f", {generic};"), face
    assert "@page" in css and "size: a4" in css and "37mm 26mm 35mm 28mm" in css


HOSTILE = ("<script>alert(1)</script>", "&amp;", "<b>粗</b>", "=SUM(A1)",
           "\"双引号\" '单引号'", "𠀀𝄞 超出基本平面", "<img src=x onerror=alert(1)>")


def test_hostile_texts_come_out_literally(sample_2025):
    agency = "青禾县\"应急\"<b>管理局</b>&amp;'"
    sample_2025.set_agency("name", agency)
    sample_2025.set_text("problems", "\n".join(HOSTILE))
    doc = parse(render_html(sample_2025))
    assert text(doc.find("./head/title")) == sample_2025.title
    assert text(doc.find(".//h1")) == sample_2025.title
    paragraphs = [text(p) for p in article(doc).iter("p")]
    for line in HOSTILE:
        assert line in paragraphs
    assert agency in [text(p) for p in doc.find(".//*[@class='nbzs-closing']")]
    assert doc.find(".//article//script") is None and doc.find(".//b") is None
    assert doc.find(".//img") is None


# -- draft, determinism ----------------------------------------------------------------------------

def test_draft_banner_only_with_a_note(sample_page, sample_report):
    data, doc = sample_page
    assert "草稿" not in text(doc) and b"nbzs-draft\"" not in data
    draft = parse(render_html(sample_report, draft_note=DRAFT))
    banners = [el for el in draft.iter() if "nbzs-draft" in el.get("class", "").split()]
    assert len(banners) == 1 and text(banners[0]) == DRAFT
    assert list(article(draft))[0] is banners[0]  # above the title


def test_same_report_same_bytes(sample_report):
    from core import reportfile
    from tests.support import SAMPLES

    again = reportfile.load(SAMPLES / "sample-2025.json")
    assert render_html(sample_report) == render_html(again)
    assert render_html(sample_report, draft_note=DRAFT) == render_html(again, draft_note=DRAFT)


# -- any format ------------------------------------------------------------------------------------

def test_made_up_format_renders():
    report = made.report()
    doc = parse(render_html(report))
    assert text(doc.find(".//h1")) == "试点县测试局2030年试行报告"
    assert [text(h) for h in doc.iter("h2")] == ["一、概况", "二、申请情况"]
    assert [text(h) for h in doc.iter("h3")] == ["（一）基本情况"]
    table = tables_by_caption(doc)["表一 申请情况"]
    check_figures(table, made.FORMAT.table_by_key["counts"], report)
    totals = [td for td in table.iter("td") if "derived" in td.get("class", "").split()]
    assert [text(td) for td in totals] == ["7", "6", "1"]
    assert [text(th) for th in table.find("thead").iter("th")] == [
        "项目", "申请方式", "网上申请", "书面申请", "合计"]


# -- in a browser ----------------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium")
needs_chromium = pytest.mark.skipif(CHROMIUM is None,
                                    reason="chromium is not installed: cannot print the page")


def chromium(tmp_path: Path, *args: str) -> None:
    from tests.fontconfig_env import fontconfig_env

    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={profile}", *args],
        env=fontconfig_env(tmp_path / "fonts"), check=True, capture_output=True, timeout=180)


def compact(value: str) -> str:
    """Without white space, and NFKC: the bundled stand-in fonts map some glyphs to Kangxi
    radicals as well (禾 → ⽲), and Chromium's PDF text may name the radical."""
    return re.sub("[\u2e80-\u2fdf]", lambda m: unicodedata.normalize("NFKC", m.group(0)),
                  re.sub(r"\s+", "", value))


@pytest.fixture(scope="module")
def printed(sample_report, tmp_path_factory):
    folder = tmp_path_factory.mktemp("print")
    page = folder / "report.html"
    page.write_bytes(render_html(sample_report, draft_note=DRAFT))
    pdf = folder / "report.pdf"
    chromium(folder, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    return pdf


@needs_chromium
def test_prints_as_a4_with_every_heading_and_label(printed, sample_report):
    import pdfplumber

    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(printed), "-"],
                         capture_output=True, check=True).stdout.decode("utf-8")
    whole = compact(out)
    first_page = compact(out.split("\f")[0])
    assert compact(sample_report.title) in first_page and compact(DRAFT) in first_page
    for section in f2021.SECTIONS:
        assert section.heading in whole
    for sub in f2021.OVERVIEW_SUBHEADINGS:
        assert sub.label in whole
    # table 3 whole: every label, none cut off by a cell or the page edge
    for label in (f2021.T3_NOTE, f2021.T3_APPLICANT, f2021.T3_ORG_GROUP,
                  *(c.label for c in f2021.T3_COLUMNS), *(r.label for r in f2021.T3_ROWS),
                  *(g for g, _ in t3_result_groups())):
        assert compact(label) in whole, label
    with pdfplumber.open(printed) as pdf:
        for page in pdf.pages:
            assert page.width == pytest.approx(595.3, abs=1.5)
            assert page.height == pytest.approx(841.9, abs=1.5)
            for ch in page.chars:  # nothing outside the paper
                assert 0 <= ch["x0"] and ch["x1"] <= page.width
        # 落款: the date sits in the right half of the last page
        words = pdf.pages[-1].extract_words()
        date = [w for w in words if compact(w["text"]) == "2026年1月21日"]
        assert date and date[0]["x0"] > pdf.pages[-1].width / 2


@needs_chromium
def test_screenshot_at_1000_px(sample_report, tmp_path):
    from PIL import Image

    page = tmp_path / "report.html"
    page.write_bytes(render_html(sample_report))
    shot = tmp_path / "shot.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1000,3000", "--hide-scrollbars",
             page.as_uri())
    with Image.open(shot) as image:
        assert image.size == (1000, 3000)
        low, high = image.convert("L").getextrema()
        assert low < 64 and high > 192  # text on a white page, not a blank image


def test_long_addresses_may_wrap_but_numbers_stay_whole(sample_page, sample_report):
    data, doc = sample_page
    page = data.decode("utf-8")
    # a justified line before an e-mail address is not stretched: it may break after its @
    assert "qhxyjj@<wbr>qinghe.<wbr>gov.<wbr>cn" in page
    for whole in ("0596-6123456", "345100", "2025年12月31日"):
        assert whole in page
    assert text(list(article(doc))[1]) == opening_paragraph(sample_report)
