"""The Word file, read back as a secretary's Word would: page set-up, styles and fonts, every
heading and table label verbatim, table 3's figures found by their labels, merged spans from
the layout, repeating header rows, page numbers, the 落款, the draft mark, literal user text,
deterministic bytes, any format; and LibreOffice's rendering of it."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from collections import Counter

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from core.export_docx import render_docx
from core.formats import f2021
from core.formats.layout import VALUE
from core.opening import chinese_date
from tests import madeup_format as made
from tests.support import SAMPLE_AGENCY, t2_blocks, t3_result_groups

WHEN = dt.datetime(2026, 1, 20, 9, 30)
NOTE = "草稿：本报告尚有 1 个错误未改正，不能签发。"


def read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def part(data: bytes, name: str) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name).decode("utf-8")


def all_parts(data: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n).decode("utf-8", "replace") for n in z.namelist()}


def texts(doc) -> list[str]:
    return [p.text for p in doc.paragraphs]


def grid(table) -> dict[tuple[int, int], str]:
    """Grid position → the text of the cell covering it, expanded from the XML's gridSpan
    and vMerge (a continuation takes the text of the cell above)."""
    out: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(table._tbl.findall(qn("w:tr"))):
        c = 0
        for tc in tr.findall(qn("w:tc")):
            span, merge = _span(tc)
            text = "".join(t.text or "" for t in tc.iter(qn("w:t")))
            for i in range(span):
                out[(r, c + i)] = out[(r - 1, c + i)] if merge == "continue" else text
            c += span
    return out


def _span(tc) -> tuple[int, str | None]:
    tcpr = tc.find(qn("w:tcPr"))
    span = tcpr.find(qn("w:gridSpan"))
    merge = tcpr.find(qn("w:vMerge"))
    kind = None if merge is None else (merge.get(qn("w:val")) or "continue")
    return (int(span.get(qn("w:val"))) if span is not None else 1), kind


def spans(table) -> set[tuple[int, int, int, int]]:
    """(row, col, row_span, col_span) of every cell, from the XML."""
    starts: dict[tuple[int, int], list[int]] = {}
    for r, tr in enumerate(table._tbl.findall(qn("w:tr"))):
        c = 0
        for tc in tr.findall(qn("w:tc")):
            span, merge = _span(tc)
            if merge == "continue":
                owner = next(k for k in starts if k[1] == c and k[0] + starts[k][0] == r)
                starts[owner][0] += 1
            else:
                starts[(r, c)] = [1, span]
            c += span
    return {(r, c, rs, cs) for (r, c), (rs, cs) in starts.items()}


@pytest.fixture
def sample_docx(sample_2025) -> bytes:
    return render_docx(sample_2025, created=WHEN)


def table_for(doc, key: str):
    """The docx table printed under the section `key` (tables are in format order)."""
    keys = [t.key for t in f2021.FORMAT.tables]
    return doc.tables[keys.index(key)]


# -- page ------------------------------------------------------------------------------------------

def test_page_is_a4_with_gbt9704_margins_and_a_22_by_28_grid(sample_docx):
    doc = read(sample_docx)
    s = doc.sections[0]
    for got, mm in ((s.page_width, 210), (s.page_height, 297), (s.top_margin, 37),
                    (s.bottom_margin, 35), (s.left_margin, 28), (s.right_margin, 26)):
        assert abs(got - Mm(mm)) <= Mm(0.1), (got.mm, mm)
    grid_el = s._sectPr.find(qn("w:docGrid"))
    assert grid_el.get(qn("w:type")) in ("lines", "linesAndChars")
    pitch = int(grid_el.get(qn("w:linePitch")))
    body_h = (s.page_height - s.top_margin - s.bottom_margin) / 635  # EMU → twips
    assert body_h // pitch == 22
    # 28 characters of 正文 (its size plus its character spacing) fit the 版心 width, 29 do not
    body = doc.styles["正文"].element.rPr
    size = int(body.find(qn("w:sz")).get(qn("w:val"))) / 2
    tracking = int(body.find(qn("w:spacing")).get(qn("w:val"))) / 20
    width_pt = (s.page_width - s.left_margin - s.right_margin) / 12700
    assert size == 16 and width_pt // (size + tracking) == 28
    spacing = doc.styles["正文"].element.pPr.find(qn("w:spacing"))
    assert spacing.get(qn("w:lineRule")) == "exact" and int(spacing.get(qn("w:line"))) == pitch


STYLES = {"标题": ("方正小标宋简体", 22), "一级标题": ("黑体", 16), "二级标题": ("楷体_GB2312", 16),
          "三级标题": ("仿宋_GB2312", 16), "正文": ("仿宋_GB2312", 16)}


@pytest.mark.parametrize("name", list(STYLES))
def test_named_styles_carry_the_official_faces_and_sizes(sample_docx, name):
    doc = read(sample_docx)
    face, size = STYLES[name]
    style = doc.styles[name]
    fonts = style.element.rPr.find(qn("w:rFonts"))
    for attr in ("w:eastAsia", "w:ascii", "w:hAnsi"):
        assert fonts.get(qn(attr)) == face
    assert style.font.size.pt == size
    if name == "正文":
        assert style.paragraph_format.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.JUSTIFY
    if name in ("一级标题", "正文"):
        ind = style.element.pPr.find(qn("w:ind"))
        assert ind.get(qn("w:firstLineChars")) == "200"


def test_the_text_is_set_in_those_styles(sample_2025, sample_docx):
    doc = read(sample_docx)
    by_style: dict[str, list[str]] = {}
    for p in doc.paragraphs:
        by_style.setdefault(p.style.name, []).append(p.text)
    assert by_style["标题"] == [f"{SAMPLE_AGENCY}\n{sample_2025.year}年政府信息公开工作年度报告"]
    assert by_style["一级标题"] == [s.heading for s in f2021.FORMAT.sections]
    assert "（一）主动公开" in by_style["二级标题"]
    assert any(text.startswith("本报告根据") for text in by_style["正文"])
    for text in sample_2025.texts.values():
        for line in filter(None, (x.strip() for x in text.split("\n"))):
            assert line in texts(doc)


def test_a_third_level_line_is_a_third_level_heading(sample_2025):
    sample_2025.texts["problems"] = "1.基层衔接\n本年度发现的问题。"
    doc = read(render_docx(sample_2025, created=WHEN))
    assert [p.text for p in doc.paragraphs if p.style.name == "三级标题"] == ["1.基层衔接"]


# -- tables ----------------------------------------------------------------------------------------

def test_every_table_label_is_printed_verbatim(sample_docx):
    doc = read(sample_docx)
    t2 = set(grid(table_for(doc, "active")).values())
    for block in t2_blocks():
        assert block.clause in t2
        assert set(block.header) <= t2
        assert {row.label for row in block.rows} <= t2
    t3 = set(grid(table_for(doc, "requests")).values())
    spec = f2021.FORMAT.table_by_key["requests"]
    for group, rows in t3_result_groups():
        assert group in t3
        assert {spec.row(k).label for k in rows} <= t3
    assert {c.label for c in spec.columns} <= t3
    t4 = set(grid(table_for(doc, "review")).values())
    layout = f2021.FORMAT.layout("review")
    assert {c.text for c in layout.cells if c.kind != VALUE} <= t4


def test_table3_every_figure_sits_in_its_labelled_row_and_column(sample_2025, sample_docx):
    doc = read(sample_docx)
    spec = f2021.FORMAT.table_by_key["requests"]
    layout = f2021.FORMAT.layout("requests")
    cells = grid(table_for(doc, "requests"))
    nrows = 1 + max(r for r, _ in cells)
    ncols = 1 + max(c for _, c in cells)
    header_rows = [r for r in range(nrows) if all(cells[(r, c)] == cells[(0, c)] or
                                                 not cells[(r, c)].isdigit()
                                                 for c in range(ncols))]
    values = sample_2025.parsed()
    checked = 0
    for row in spec.rows:
        qualifier = spec.qualifiers.get(row.key, "")
        found = [r for r in range(nrows)
                 if row.label in {cells[(r, c)] for c in range(ncols)}
                 and (not qualifier or qualifier in {cells[(r, c)] for c in range(ncols)})]
        assert len(found) == 1, row.label
        for col in spec.columns_for(row.key):
            cols = [c for c in range(ncols)
                    if any(cells[(h, c)] == col.label for h in header_rows)]
            col_found = [c for c in cols
                         if cells[(found[0], c)] not in {cells[(found[0], 0)]}]
            key = f"requests/{row.key}/{col.key}"
            expected = sample_2025.figure_text(key, values[key])
            assert {cells[(found[0], c)] for c in col_found} == {expected}, (key, expected)
            checked += 1
    assert checked == len(layout.value_cells())


def test_an_invalid_figure_prints_as_a_question_mark(sample_2025):
    sample_2025.cells["requests/new_received/natural_person"] = "/"
    doc = read(render_docx(sample_2025, draft_note=NOTE, created=WHEN))
    cells = grid(table_for(doc, "requests"))
    row = next(r for (r, c), text in cells.items()
               if text == f2021.FORMAT.table_by_key["requests"].row("new_received").label)
    assert "？" in {cells[(row, c)] for c in range(10)}


@pytest.mark.parametrize("key", [t.key for t in f2021.FORMAT.tables])
def test_merged_cells_header_rows_and_widths_follow_the_layout(sample_docx, key):
    doc = read(sample_docx)
    table = table_for(doc, key)
    layout = f2021.FORMAT.layout(key)
    assert spans(table) == {(c.row, c.col, c.row_span, c.col_span) for c in layout.cells}
    rows = table._tbl.findall(qn("w:tr"))
    repeat = [r for r, tr in enumerate(rows) if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}")
              is not None]
    assert repeat == list(range(layout.header_rows))
    assert all(tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None for tr in rows)
    widths = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    s = doc.sections[0]
    body_w = round((s.page_width - s.left_margin - s.right_margin) / 635)
    assert abs(sum(widths) - body_w) <= 2
    for got, want in zip(widths, layout.scaled_widths(body_w), strict=True):
        assert abs(got - want) <= 2
    sizes = {int(sz.get(qn("w:val"))) for sz in table._tbl.iter(qn("w:sz"))}
    styles = {p.style.name for cell in table._cells for p in cell.paragraphs if p.text}
    for name in styles:
        assert doc.styles[name].font.size.pt <= 10.5
    assert not sizes or max(sizes) <= 21


def test_header_cells_are_shaded_and_figures_centred(sample_docx):
    doc = read(sample_docx)
    table = table_for(doc, "requests")
    layout = f2021.FORMAT.layout("requests")
    rows = table._tbl.findall(qn("w:tr"))
    first = rows[0].findall(qn("w:tc"))
    assert all(tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}").get(qn("w:fill")) == "F0F0F0"
               for tc in first)
    by_id = {s.style_id: s for s in doc.styles}
    for value in layout.value_cells():
        last = rows[value.row].findall(qn("w:tc"))[-1]  # the 总计 column
        assert last.find(f"{qn('w:tcPr')}/{qn('w:shd')}") is None
        p = last.find(qn("w:p"))
        assert p.find(f"{qn('w:pPr')}/{qn('w:jc')}") is None
        style = by_id[p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val"))]
        assert style.paragraph_format.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.CENTER
    # one-row labels flush left (cell.align), as in the PDF
    for align in ("left", "center"):
        label = next(c for c in layout.cells
                     if c.kind == "label" and c.align == align and c.col == 0)
        tc = rows[label.row].findall(qn("w:tc"))[0]
        assert "".join(t.text for t in tc.iter(qn("w:t"))) == label.text
        jc = tc.find(f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:jc')}")
        assert (jc is not None and jc.get(qn("w:val")) == "left") == (align == "left")


def test_each_table_stays_with_its_heading(sample_docx):
    doc = read(sample_docx)
    for table in doc.tables:
        before = table._tbl.getprevious()
        assert before.find(f"{qn('w:pPr')}/{qn('w:pStyle')}").get(qn("w:val")) == "NbHeading1"
        assert doc.styles["一级标题"].paragraph_format.keep_with_next
        rows = table._tbl.findall(qn("w:tr"))
        for tr in rows[:-1]:
            assert all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None
                       for p in tr.iter(qn("w:p")))


# -- page numbers, 落款, draft ---------------------------------------------------------------------

def test_page_numbers_on_the_outer_side(sample_docx):
    doc = read(sample_docx)
    assert "w:evenAndOddHeaders" in part(sample_docx, "word/settings.xml")
    section = doc.sections[0]
    for footer, side, align in ((section.footer, "w:right", "RIGHT"),
                                (section.even_page_footer, "w:left", "LEFT")):
        paragraph = footer.paragraphs[0]
        assert paragraph.alignment == getattr(docx.enum.text.WD_ALIGN_PARAGRAPH, align)
        ind = paragraph._p.pPr.find(qn("w:ind"))
        assert int(ind.get(qn(side))) == 280  # one 4号 character
        instr = "".join(t.text for t in paragraph._p.iter(qn("w:instrText")))
        assert instr.strip() == "PAGE"
        assert re.fullmatch(r"— \d+ —", paragraph.text)
        for run in paragraph.runs:
            assert run.font.size.pt == 14
            assert run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == "宋体"


def test_closing_after_the_last_section(sample_2025, sample_docx):
    doc = read(sample_docx)
    paras = doc.paragraphs
    last_text = [x for x in sample_2025.texts["other"].split("\n") if x.strip()][-1].strip()
    i = texts(doc).index(last_text)
    assert [p.text for p in paras[i + 1:]] == ["", "", SAMPLE_AGENCY,
                                               chinese_date(sample_2025.date)]
    name, date = paras[-2], paras[-1]
    for p in (name, date):
        assert p.alignment == docx.enum.text.WD_ALIGN_PARAGRAPH.RIGHT
    date_right = date.paragraph_format.right_indent.pt
    assert 4 * 15.5 < date_right < 4 * 16.5
    # the name (longer than the date) is centred over it: half the difference further right
    assert name.paragraph_format.right_indent.pt < date_right


def test_draft_mark_only_with_a_draft_note(sample_2025):
    draft = render_docx(sample_2025, draft_note=NOTE, created=WHEN)
    clean = render_docx(sample_2025, created=WHEN)
    doc = read(draft)
    for header in (doc.sections[0].header, doc.sections[0].even_page_header):
        xml = header._element.xml
        assert NOTE in header.paragraphs[0].text
        assert 'string="草稿"' in xml and "v:textpath" in xml and 'w:val="C00000"' in xml
    assert not any("草稿" in text or "textpath" in text for text in all_parts(clean).values())


# -- text, properties, bytes -----------------------------------------------------------------------

HOSTILE = "<b>粗体</b> &amp; =SUM(A1) {PAGE} 𠀀字"


def test_user_text_goes_in_literally(sample_2025):
    sample_2025.agency["name"] = "青禾县<i>局</i>&amp;"
    sample_2025.texts["other"] = HOSTILE + "\n（一）{ PAGE }小节"
    data = render_docx(sample_2025, created=WHEN)
    doc = read(data)
    assert HOSTILE in texts(doc)
    assert "（一）{ PAGE }小节" in texts(doc)
    assert texts(doc)[-2] == "青禾县<i>局</i>&amp;"
    assert doc.core_properties.author == "青禾县<i>局</i>&amp;"
    assert "instrText" not in part(data, "word/document.xml")  # no field from user text


def test_properties(sample_2025, sample_docx):
    props = read(sample_docx).core_properties
    assert props.title == sample_2025.title
    assert props.author == SAMPLE_AGENCY
    assert props.subject == "政府信息公开工作年度报告"
    assert props.created.replace(tzinfo=None) == WHEN
    assert "<Application>年报助手</Application>" in part(sample_docx, "docProps/app.xml")
    assert "docProps/thumbnail.jpeg" not in all_parts(sample_docx)


def test_same_report_and_time_give_the_same_bytes(sample_2025, sample_docx):
    assert render_docx(sample_2025, created=WHEN) == sample_docx
    other = render_docx(sample_2025, created=WHEN + dt.timedelta(days=1))
    assert other != sample_docx
    with zipfile.ZipFile(io.BytesIO(sample_docx)) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 1, 20, 9, 30, 0)}


def test_a_made_up_format_renders():
    report = made.report()
    data = render_docx(report, created=WHEN)
    doc = read(data)
    assert texts(doc)[0] == "试点县测试局2030年试行报告"
    assert {"一、概况", "二、申请情况", "（一）基本情况", "试点县测试局", "2031年2月20日"} <= set(
        texts(doc))
    assert spans(doc.tables[0]) == {(c.row, c.col, c.row_span, c.col_span)
                                    for c in made.FORMAT.layout("counts").cells}
    cells = grid(doc.tables[0])
    row = next(r for (r, c), text in cells.items() if text == "甲、收到件数")
    col = next(c for (r, c), text in cells.items() if text == "合计")
    assert cells[(row, col)] == "7"  # the declared sum, computed


# -- LibreOffice -----------------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed")
def test_libreoffice_renders_the_pages(tmp_path, sample_docx):
    pdfplumber = pytest.importorskip("pdfplumber")
    from tests.fontconfig_env import fontconfig_env

    source = tmp_path / "report.docx"
    source.write_bytes(sample_docx)
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                   env=fontconfig_env(tmp_path / "fc"), check=True, capture_output=True,
                   timeout=240)
    pdf = tmp_path / "report.pdf"
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    flat = re.sub(r"\s+", "", text)
    assert f"{SAMPLE_AGENCY}2025年政府信息公开工作年度报告" in flat
    for section in f2021.FORMAT.sections:
        assert section.heading in flat
    spec = f2021.FORMAT.table_by_key["requests"]
    for row in spec.rows:
        assert re.sub(r"\s+", "", row.label) in flat, row.label
    assert "— 1 —" in text and "— 2 —" in text
    with pdfplumber.open(pdf) as doc:
        body_lines: list[int] = []
        lines_per_page: list[int] = []
        for page in doc.pages:
            assert abs(page.width - 595.3) < 1 and abs(page.height - 841.9) < 1
            body = [ch for ch in page.chars if abs(ch["size"] - 16) < 0.6]
            lines = Counter(round(ch["top"]) for ch in body)
            lines_per_page.append(len(lines))
            body_lines += [n for n in lines.values() if n >= 20]
        # full lines of 3号 text: about 28 characters (digits are half width)
        common = Counter(body_lines).most_common(1)[0][0]
        assert 26 <= common <= 29, Counter(body_lines)
        assert 21 <= max(lines_per_page) <= 22, lines_per_page
