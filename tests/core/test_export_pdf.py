"""The PDF read back as a reader would: text, fonts, geometry, line breaking, draft mark."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import subprocess
from collections import defaultdict

import pdfplumber
import pytest

from core.export_pdf import render_pdf, title_lines
from core.formats import f2021 as fmt
from core.pdf.geometry import BODY_H, BODY_W, LEFT, MM, PAGE_H, TOP
from core.typeset import NO_END, NO_START
from tests.support import t2_blocks, t3_result_groups

CREATED = dt.datetime(2026, 1, 21, 9, 30)


@pytest.fixture(scope="module")
def sample_pdf():
    from core import reportfile
    from tests.support import SAMPLES

    report = reportfile.load(SAMPLES / "sample-2025.json")
    return report, render_pdf(report, created=CREATED, signoff=True)


def _text(data: bytes, tmp_path) -> str:
    """Text in drawing order (-raw): a label wrapped inside a narrow table cell stays whole
    instead of being interleaved with the neighbouring cells."""
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _lines(page) -> list[list[dict]]:
    """Characters of a page grouped into lines by baseline."""
    rows: dict[int, list[dict]] = defaultdict(list)
    for ch in page.chars:
        rows[round(ch["bottom"])].append(ch)
    return [sorted(r, key=lambda c: c["x0"]) for _, r in sorted(rows.items())]


def test_every_heading_and_label_verbatim(sample_pdf, tmp_path):
    report, result = sample_pdf
    text = _compact(_text(result.data, tmp_path))
    assert _compact(report.title) in text
    for section in fmt.SECTIONS:
        assert section.heading in text
    labels = {fmt.T3_NOTE, fmt.T3_APPLICANT, fmt.T3_ORG_GROUP, fmt.T3_RESULTS_GROUP,
              fmt.T4_ROWS[0].label, fmt.T4_LITIGATION}
    for table in fmt.TABLES:
        for row in table.rows:
            labels.add(row.label)
            labels.update(c.label for c in table.columns_for(row.key))
    for block in t2_blocks():
        labels.add(block.clause)
        labels.update(block.header)
    for group, _ in t3_result_groups():
        labels.add(group)
    for label in labels:
        assert _compact(label) in text, label
    assert "行政规范性文件" in text
    assert "统计期限为2025年1月1日至2025年12月31日" in text
    assert "https://www.qinghe.gov.cn" in text
    assert "2026年1月21日" in text


def test_table3_numbers_sit_in_their_rows(sample_pdf):
    report, result = sample_pdf
    values = report.parsed()
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:
        page = next(p for p in pdf.pages if "本年新收政府信息公开申请数量" in
                    _compact(p.extract_text() or ""))
        lines = _lines(page)
        for row_key, label in (("new_received", "一、本年新收政府信息公开申请数量"),
                               ("granted", "（一）予以公开"),
                               ("total_processed", "（七）总计"),
                               ("carried_forward", "四、结转下年度继续办理")):
            line = next(ln for ln in lines if "".join(c["text"] for c in ln).startswith(label))
            label_chars = line[:len(label)]
            mid = (label_chars[0]["top"] + label_chars[0]["bottom"]) / 2
            right = max(c["x1"] for c in label_chars)
            # the figures of the same table row: vertically centred on the label's row
            figures = sorted((c for c in page.chars if c["x0"] > right and
                              abs((c["top"] + c["bottom"]) / 2 - mid) < 4),
                             key=lambda c: c["x0"])
            numbers = "".join(c["text"] for c in figures)
            expected = "".join(str(values[f"requests/{row_key}/{c.key}"])
                               for c in fmt.T3_COLUMNS)
            assert numbers == expected, (label, numbers)


def test_fonts_embedded_and_metadata(sample_pdf, tmp_path):
    _, result = sample_pdf
    path = tmp_path / "r.pdf"
    path.write_bytes(result.data)
    fonts_out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                               check=True).stdout.splitlines()[2:]
    assert fonts_out
    for line in fonts_out:
        assert line.split()[-5:-3] == ["yes", "yes"], line  # emb, sub
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    assert "Title:           青禾县应急管理局2025年政府信息公开工作年度报告" in info
    assert "Author:          青禾县应急管理局" in info
    assert "Page size:       595.276 x 841.89 pts (A4)" in info
    assert "CreationDate:    Wed Jan 21 09:30:00 2026" in info


def test_body_type_and_margins_follow_gbt9704(sample_pdf):
    _, result = sample_pdf
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:
        page = pdf.pages[1]  # a page of running text
        body = [c for c in page.chars if abs(c["size"] - 16) < 0.05]
        assert len(body) > 200
        lines = _lines(page)
        full = [ln for ln in lines if len(ln) >= 20 and abs(ln[0]["size"] - 16) < 0.05]
        # lines that start at the 订口 (not indented) start 28 mm from the left edge
        lefts = sorted(round(ln[0]["x0"] / MM, 1) for ln in full)
        assert lefts[0] == pytest.approx(28.0, abs=0.3)
        # justified lines end at the right edge of the 156 mm 版心 (or hang one mark past it)
        rights = [ln[-1]["x1"] for ln in full]
        assert max(rights) <= LEFT + BODY_W + 16.5
        assert sum(1 for r in rights if abs(r - (LEFT + BODY_W)) < 1.5) >= len(full) // 2
        # the first line's glyphs sit just under the 天头 (37 mm)
        top = min(c["top"] for c in page.chars)
        assert TOP - 2 <= top <= TOP + 10


def test_22_lines_of_28_characters(sample_2025, tmp_path):
    sample_2025.texts["overview"] = "政府信息公开工作稳步推进" * 400
    result = render_pdf(sample_2025, created=CREATED)
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:
        page = pdf.pages[2]  # entirely inside the long paragraph
        lines = [ln for ln in _lines(page) if abs(ln[0]["size"] - 16) < 0.05]
        assert len(lines) == 22
        assert [len(ln) for ln in lines] == [28] * 22
        bottom = max(c["bottom"] for c in page.chars if abs(c["size"] - 16) < 0.05)
        assert bottom <= TOP + BODY_H + 1


def test_line_breaking_follows_kinsoku(sample_2025):
    paragraph = ("我局坚持“以公开为常态、不公开为例外”的原则，（一）完善制度；（二）规范流程——"
                 "逐项落实……《条例》要求：“应公开尽公开”！是否做到？") * 30
    sample_2025.texts["problems"] = paragraph
    result = render_pdf(sample_2025, created=CREATED)
    starts, ends = [], []
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:
        for page in pdf.pages:
            for ln in _lines(page):
                if abs(ln[0]["size"] - 16) > 0.05:
                    continue
                text = "".join(c["text"] for c in ln)
                starts.append(text[0])
                ends.append(text[-1])
                assert not text.startswith(("——", "……")) or len(text) > 2
    assert not [s for s in starts if s in NO_START and s not in "—…"]
    assert not [e for e in ends if e in NO_END]


def test_draft_mark_only_with_errors(sample_2025, tmp_path):
    clean = _text(render_pdf(sample_2025, created=CREATED).data, tmp_path)
    assert "草稿" not in clean
    sample_2025.cells["requests/carried_forward/natural_person"] = 5
    draft = render_pdf(sample_2025, created=CREATED)
    assert draft.draft
    text = _text(draft.data, tmp_path)
    assert "草稿" in text and "错误" in text


def test_deterministic(sample_2025):
    a = render_pdf(sample_2025, created=CREATED).data
    b = render_pdf(sample_2025, created=CREATED).data
    assert a == b


def test_page_numbers_odd_right_even_left(sample_pdf):
    _, result = sample_pdf
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:
        pages = pdf.pages
        for number, page in enumerate(pages[:-1], start=1):
            foot = [c for c in page.chars if c["top"] > PAGE_H - (297 - 37 - 225) * MM]
            text = "".join(c["text"] for c in sorted(foot, key=lambda c: c["x0"]))
            assert text.replace(" ", "") == f"—{number}—"
            x0 = min(c["x0"] for c in foot)
            if number % 2:
                assert x0 > LEFT + BODY_W / 2
            else:
                assert x0 < LEFT + BODY_W / 2
        signoff = pages[-1]
        text = _compact(signoff.extract_text())
        assert "审签单" in text and "拟稿" in text and "审核" in text and "签发" in text
        assert result.checksum in text
        assert not re.search(r"—\d+—", text)  # the sign-off sheet carries no page number


HOSTILE = ["<b>加粗</b>", "x<y", "A&B", "</para>", '<img src="/etc/passwd"/>',
           '=HYPERLINK("http://x")', "鄠邑区", "𠀀", "😀"]


def test_hostile_text_prints_literally(sample_2025, tmp_path):
    sample_2025.texts["other"] += "\n" + "".join(HOSTILE) + "\x01控制符"
    sample_2025.agency["office"] = "办公室<b>&amp;"
    result = render_pdf(sample_2025, created=CREATED)
    text = _compact(_text(result.data, tmp_path))
    for piece in HOSTILE[:-2]:
        assert _compact(piece) in text, piece
    assert "办公室<b>&amp;" in text
    assert "控制符" in text and "\x01" not in text
    assert any("控制字符" in n for n in result.notes)
    assert any("😀" in n and "U+1F600" in n for n in result.notes)


def test_huge_section_exports(sample_2025):
    sample_2025.texts["overview"] = ("（一）主动公开\n" + "本年度主动公开各类信息，做到应公开尽公开。"
                                     * 3000)[:60000]
    result = render_pdf(sample_2025, created=CREATED)
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:
        assert len(pdf.pages) > 90
        last_text = _compact(pdf.pages[-1].extract_text())
    assert "2026年1月21日" in last_text


def test_title_breaks_after_agency_name():
    assert title_lines("青禾县应急管理局2025年政府信息公开工作年度报告",
                       agency="青禾县应急管理局") == ["青禾县应急管理局", "2025年政府信息公开工作年度报告"]
    assert title_lines("短标题") == ["短标题"]
    long = "青禾县人民政府办公室关于全县应急管理和安全生产监管综合行政执法局2025年政府信息公开工作年度报告"
    lines = title_lines(long)
    assert "".join(lines) == long and len(lines) >= 2
    widths = [len(x) for x in lines]
    assert max(widths) - min(widths) <= 3  # balanced


def _word_boxes(data: bytes, tmp_path):
    """(page, word, xMin, xMax) from poppler, which honours character spacing (pdfplumber
    does not: it misplaces justified text)."""
    import html
    path = tmp_path / "b.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                         text=True, check=True).stdout
    page = 0
    for line in out.splitlines():
        if line.strip().startswith("<page"):
            page += 1
        m = re.search(r'xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(.*)</word>',
                      line)
        if m:
            yield page, html.unescape(m.group(3)), float(m.group(1)), float(m.group(2))


def test_nothing_prints_outside_the_type_area(sample_2025, tmp_path):
    sample_2025.texts["problems"] = ("一是公开内容不够全面，二是解读形式单一。三是回应关切不够及时，"
                                     "四是基层公开标准化建设有待加强；我们将逐项整改。") * 20
    result = render_pdf(sample_2025, created=CREATED)
    boxes = list(_word_boxes(result.data, tmp_path))
    assert boxes
    for page, word, x0, x1 in boxes:
        assert x0 >= LEFT - 0.5 and x1 <= LEFT + BODY_W + 0.5, (page, word, x0 / MM, x1 / MM)


def test_large_figures_stay_whole(sample_2025):
    sample_2025.cells["active/licensing/decisions"] = 123456789
    sample_2025.cells["requests/granted/natural_person"] = 1234567
    sample_2025.cells["requests/new_received/natural_person"] = 1234573  # keeps the balance
    result = render_pdf(sample_2025, created=CREATED)
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:
        lines = ["".join(c["text"] for c in ln) for p in pdf.pages for ln in _lines(p)]
    assert any("123456789" in ln for ln in lines)
    assert any("1234567" in ln for ln in lines)


def test_signoff_sheet_says_what_was_checked(sample_2025, tmp_path):
    clean = _compact(_text(render_pdf(sample_2025, created=CREATED, signoff=True).data,
                           tmp_path))
    assert "状态校验通过，无错误" in clean
    sample_2025.agency["postcode"] = "1"
    draft = _compact(_text(render_pdf(sample_2025, created=CREATED, signoff=True).data,
                           tmp_path))
    assert "草稿（尚有1个错误，不能签发）" in draft
    sample_2025.agency["postcode"] = "345100"
    sample_2025.status = "final"
    final = _compact(_text(render_pdf(sample_2025, created=CREATED, signoff=True).data,
                           tmp_path))
    assert "状态已定稿" in final


def test_a_heading_never_ends_a_page(sample_2025):
    # vary the text length so that headings land at every position of a page
    for extra in range(0, 22, 3):
        sample_2025.texts["overview"] = "\n".join(
            ["（一）主动公开", "本年度主动公开信息321条。" * 3] * 3 + ["填充一行。"] * extra
            + ["（二）依申请公开", "全年新收政府信息公开申请14件。" * 3])
        result = render_pdf(sample_2025, created=CREATED)
        with pdfplumber.open(io.BytesIO(result.data)) as pdf:
            for page in pdf.pages:
                body = [ln for ln in _lines(page) if abs(ln[0]["size"] - 16) < 0.05]
                if body:
                    last = "".join(c["text"] for c in body[-1])
                    assert not re.fullmatch(r"[（(][一二三四五][）)].{0,12}", last), (extra, last)


def _poppler_lines(data: bytes, tmp_path, page: int) -> list[tuple[str, float, float]]:
    """(text, xMin, xMax) of each line of `page` (1-based) by poppler's glyph boxes, which
    include the character spacing (pdfminer's do not)."""
    import html
    path = tmp_path / "l.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(path),
                          "-"], capture_output=True, text=True, check=True).stdout
    rows: dict[float, list[tuple[float, float, str]]] = defaultdict(list)
    for m in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">'
                         r'(.*)</word>', out):
        rows[round(float(m.group(2)))].append((float(m.group(1)), float(m.group(3)),
                                               html.unescape(m.group(4))))
    result = []
    for _, words in sorted(rows.items()):
        words.sort()
        result.append(("".join(w for _, _, w in words), words[0][0], words[-1][1]))
    return result


ADDRESSES = ("www.qinghe.gov.cn/zrzyj", "zrzyj@qinghe.gov.cn")


def _body_lines(data: bytes, tmp_path=None) -> list[tuple[str, float, float]]:
    """(text, left, right) of every line of 3号 body text, in reading order."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [("".join(c["text"] for c in ln), ln[0]["x0"], ln[-1]["x1"])
                for page in pdf.pages for ln in _lines(page) if abs(ln[0]["size"] - 16) < 0.05]


def test_an_address_that_fits_a_line_prints_whole_on_one_line(sample_2025, tmp_path):
    from core.pdf.geometry import TRACKING
    from core.pdf.textblock import tracked_measure
    from core.typeset import LOOSE

    measure = tracked_measure("body", 16.0, TRACKING)
    sample_2025.agency["website_url"], sample_2025.agency["email"] = ADDRESSES
    # vary the text before the addresses so that they fall at every point of a line
    for pad in range(0, 28, 3):
        sample_2025.texts["problems"] = (
            "本" * pad + "详见县政府门户网站（www.qinghe.gov.cn/zrzyj）专栏，受理邮箱："
            "zrzyj@qinghe.gov.cn，也可来信（电子邮箱zrzyj@qinghe.gov.cn）。" * 2)
        lines = _body_lines(render_pdf(sample_2025, created=CREATED).data, tmp_path)
        texts = [t for t, _, _ in lines]
        joined = "".join(texts)
        for address in ADDRESSES:
            assert joined.count(address) >= 3
            assert sum(t.count(address) for t in texts) == joined.count(address), (pad, texts)
        for text, x0, x1 in lines:
            assert text[0] not in NO_START, (pad, text)
            if any(a in text for a in ADDRESSES):
                # justified, or left short: never letter-spaced by more than LOOSE of a character
                natural = sum(map(measure, text)) - TRACKING
                assert (x1 - x0 - natural) / (len(text) - 1) <= LOOSE * 16 + 0.05, (pad, text)


def test_a_url_longer_than_a_line_breaks_after_a_slash(sample_2025, tmp_path):
    url = "https://www.qinghe.gov.cn/zwgk/zfxxgk/fdzdgknr/ndbg/2025/index_2025.html"
    sample_2025.agency["website_url"] = url
    for pad in range(0, 28, 4):
        sample_2025.texts["problems"] = "本" * pad + "全文见（" + url + "）。"
        texts = [t for t, _, _ in _body_lines(render_pdf(sample_2025, created=CREATED).data,
                                              tmp_path)]
        joined = "".join(texts)
        cuts = set(itertools.accumulate(len(t) for t in texts))
        starts = [m.start() for m in re.finditer(re.escape(url), joined)]
        assert len(starts) == 2
        for start in starts:
            inside = [c for c in cuts if start < c < start + len(url)]
            assert inside, (pad, texts)
            assert all(joined[c - 1] == "/" for c in inside), (pad, texts)


def test_table_two_labels_are_as_large_as_its_figures(sample_pdf):
    _, result = sample_pdf
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:
        pages = [p for p in pdf.pages if "第二十条第（一）项" in (p.extract_text() or "")]
        assert len(pages) == 1
        chars = [c for c in pages[0].chars if c["size"] < 13]  # table text, not headings
        tables = [p for p in pdf.pages if p is not pages[0]
                  and re.search("申请人情况|行政复议", p.extract_text() or "")]  # 三, 四
        others = [c for p in tables for c in p.chars if c["size"] < 13]
    labels = [c for c in chars if not c["text"].isdigit()]
    figures = [c for c in chars if c["text"].isdigit()]
    text = "".join(c["text"] for c in labels)
    assert "行政规范性文件" in text and "行政事业性收费" in text
    # 五号 as its figures (it was 小五 9 pt beside 10.5 pt figures), and never smaller than
    # another table's labels
    assert min(c["size"] for c in labels) >= 10.5
    assert min(c["size"] for c in labels) >= max(c["size"] for c in figures) - 0.01
    assert min(c["size"] for c in labels) >= max(c["size"] for c in others) - 0.01


def test_page_number_is_4hao_song_with_its_dash_7mm_under_the_type_area(sample_pdf):
    from fontTools.ttLib import TTFont

    from core import fonts
    from core.pdf.geometry import BOTTOM

    _, result = sample_pdf
    song = fonts.face("song")
    assert song.file.path.name == "NBZS-SerifFallback.ttf"  # the bundled 宋体 stand-in
    font = TTFont(song.file.path, fontNumber=song.file.index, lazy=True)
    glyph = font["glyf"][font.getBestCmap()[ord("—")]]
    stroke_top = glyph.yMax / font["head"].unitsPerEm  # of the em, above the baseline
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:
        for page in pdf.pages[:-1]:
            foot = [c for c in page.chars if c["top"] > PAGE_H - BOTTOM]
            assert foot
            assert {round(c["size"], 2) for c in foot} == {14.0}  # 4号
            assert all("SerifFallback" in c["fontname"] for c in foot)
            for dash in (c for c in foot if c["text"] == "—"):
                baseline = dash["matrix"][5]  # PDF y, from the bottom of the page
                gap = BOTTOM - (baseline + stroke_top * dash["size"])
                assert gap / MM == pytest.approx(7.0, abs=0.2)


LONG_AGENCY = "青禾县住房和城乡建设局（青禾县人民防空办公室、青禾县地震局）"


@pytest.mark.parametrize("name", ["青禾县应急管理局", LONG_AGENCY])
def test_closing_name_is_centred_over_the_date_in_balanced_unstretched_lines(
        sample_2025, tmp_path, name):
    from core.pdf.geometry import PITCH, TRACKING
    from core.pdf.textblock import tracked_measure

    sample_2025.agency["name"] = name
    result = render_pdf(sample_2025, created=CREATED)
    with pdfplumber.open(io.BytesIO(result.data)) as pdf:
        last_page = len(pdf.pages)
    lines = _poppler_lines(result.data, tmp_path, last_page)
    date_at = next(i for i, (t, _, _) in enumerate(lines) if t == "2026年1月21日")
    _, d0, d1 = lines[date_at]
    assert d1 == pytest.approx(LEFT + BODY_W - 4 * PITCH, abs=1.0)  # 右空四字
    measure = tracked_measure("body", 16.0, TRACKING)
    above: list[str] = []  # the lines over the date that spell the name
    for text, _, _ in reversed(lines[:date_at]):
        if len("".join(above)) >= len(name):
            break
        above.insert(0, text)
    assert "".join(above) == name, [t for t, _, _ in lines]
    assert len(above) == (1 if len(name) < 10 else 3)
    for text, x0, x1 in lines[date_at - len(above):date_at]:
        assert len(text) >= 3  # never one or two characters alone
        assert (x0 + x1) / 2 == pytest.approx((d0 + d1) / 2, abs=1.0), text  # centred
        assert x1 - x0 == pytest.approx(sum(map(measure, text)) - TRACKING, abs=1.0)
        assert LEFT - 0.5 <= x0 and x1 <= LEFT + BODY_W + 0.5


def test_long_agency_names_break_at_their_joints_into_balanced_lines():
    from core.pdf.closing import MIN_LINE, name_lines
    from core.typeset import monospace

    assert name_lines(LONG_AGENCY, 14.5, monospace) == [
        "青禾县住房和城乡建设局", "（青禾县人民防空办公室、", "青禾县地震局）"]
    assert name_lines("青禾县住房和城乡建设局（青禾县人民防空办公室）", 14.5, monospace) == [
        "青禾县住房和城乡建设局", "（青禾县人民防空办公室）"]
    assert name_lines("青禾县应急管理局", 14.5, monospace) == ["青禾县应急管理局"]
    # no joint: the narrowest equal lines, never a character or two alone
    for name in ("青禾县人民政府办公室综合信息科技术服务中心",
                 "中共青禾县委机构编制委员会办公室青禾县人民政府办公室青禾县档案馆"):
        lines = name_lines(name, 14.5, monospace)
        assert "".join(lines) == name and len(lines) in (2, 3)
        assert min(map(len, lines)) >= MIN_LINE and max(map(len, lines)) <= 14.5
        assert max(map(len, lines)) - min(map(len, lines)) <= 2


EXT_B = "\U00020000"  # 𠀀, CJK Extension B: in no bundled face


@pytest.fixture
def installed_fonts(monkeypatch, tmp_path):
    """Fonts as on a user's machine, minus any official role face (the bundled ones print the
    text as in the other tests): installed fonts may print what no bundled face has."""
    from core import fonts, fontsearch

    monkeypatch.delenv(fonts.ENV_BUNDLED_ONLY)
    monkeypatch.setattr(fonts, "system_font_dirs", lambda: [tmp_path / "no-official-fonts"])
    fonts.reset_role_cache()
    if not fontsearch.files_with(ord(EXT_B), fonts.sniff_truetype, {}):
        pytest.skip("no installed TrueType font has U+20000 (Debian: fonts-hanazono)")
    yield fonts
    fonts.reset_role_cache()


def _embedded_fonts(data: bytes) -> dict[str, bytes]:
    """BaseFont name → embedded TrueType program (FontFile2) of every font of the PDF."""
    from pdfminer.pdftypes import resolve1

    found: dict[str, bytes] = {}
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            for ref in resolve1(page.page_obj.resources.get("Font", {})).values():
                font = resolve1(ref)
                descriptor = resolve1(font.get("FontDescriptor"))
                if descriptor and "FontFile2" in descriptor:
                    found[font["BaseFont"].name] = resolve1(descriptor["FontFile2"]).get_data()
    return found


def test_a_character_no_bundled_face_has_is_embedded_from_an_installed_font(
        sample_2025, installed_fonts, tmp_path):
    sample_2025.texts["other"] += f"\n经办人：王{EXT_B}。"
    result = render_pdf(sample_2025, created=CREATED)
    assert not any(EXT_B in n for n in result.notes) and not result.missing
    face = installed_fonts.face_for(EXT_B, "body")
    assert face.file.source == "system"
    path = tmp_path / "x.pdf"
    path.write_bytes(result.data)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                             check=True).stdout
    row = next(r for r in listing.splitlines() if face.ps_name in r)
    assert row.split()[-5:-3] == ["yes", "yes"], row  # embedded, subset
    # the glyph drawn is 𠀀's own outline from the installed font, not its .notdef
    _assert_embeds_outline(result.data, face, EXT_B)


def _assert_embeds_outline(data: bytes, face, ch: str) -> None:
    """The subset of `face` embedded in the PDF holds `ch`'s own outline (not .notdef)."""
    from fontTools.ttLib import TTFont

    source = TTFont(face.file.path, fontNumber=face.file.index, lazy=True)
    want = source["glyf"][source.getBestCmap()[ord(ch)]]
    programs = [v for k, v in _embedded_fonts(data).items() if face.ps_name in k]
    for program in programs:
        subset = TTFont(io.BytesIO(program))
        glyf = subset["glyf"]
        if any(glyf[n].numberOfContours > 0 and
               glyf[n].getCoordinates(glyf)[0] == want.getCoordinates(source["glyf"])[0]
               for n in subset.getGlyphOrder()[1:]):
            return
    raise AssertionError(f"U+{ord(ch):04X} not embedded from {face.file.path} ({len(programs)})")


def test_without_an_installed_font_the_character_is_reported_by_name(
        sample_2025, installed_fonts, monkeypatch):
    from core import fontsearch

    monkeypatch.setattr(fontsearch, "FC_LIST", "no-such-fc-list")
    installed_fonts.reset_role_cache()
    sample_2025.texts["other"] += f"\n经办人：王{EXT_B}。"
    result = render_pdf(sample_2025, created=CREATED)
    assert EXT_B in result.missing
    assert any(EXT_B in n and "U+20000" in n for n in result.notes)


JI, TU = "\U00020bb7", "\U0002123d"  # 𠮷 𡈽, CJK Extension B: only the bundled fallback has them


def _all_text_plumbed(data: bytes) -> str:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "".join(page.extract_text() or "" for page in pdf.pages)


def _all_text_pdfium(data: bytes) -> str:
    """The text as Chromium's PDF viewer copies it."""
    import pypdfium2

    pdf = pypdfium2.PdfDocument(data)
    try:
        return "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    finally:
        pdf.close()


def test_characters_beyond_u_ffff_are_copied_and_extracted_as_written(tmp_path):
    """A name with 𠮷 or 𡈽 in it reads back from the PDF's text (copy, search, pdftotext) as
    typed, not as ₻ U+20BB or ℣ U+2123 (reportlab wrote <20BB7> in the ToUnicode CMap)."""
    from core import reportfile
    from tests.support import sample_document

    agency = f"青禾县{TU}溪镇人民政府"
    report = reportfile.parse_document(sample_document(agency=agency))
    line = f"经办人：王{JI}，地址：{TU}溪镇{JI}家村。"
    report.texts["other"] += f"\n{line}"
    result = render_pdf(report, created=CREATED)
    assert not result.missing and not result.notes
    for text in (_text(result.data, tmp_path), _all_text_plumbed(result.data),
                 _all_text_pdfium(result.data)):
        text = _compact(text)
        assert line in text
        assert text.count(agency) >= 2  # the title and the 落款
        assert "\u20bb" not in text and "\u2123" not in text
    assert _compact(report.title) in _compact(_text(result.data, tmp_path))
    # and still drawn with their own outlines, from the bundled fallback face
    from core import fonts

    for ch in (JI, TU):
        assert fonts.face_for(ch, "body") is fonts.face("fallback")
        _assert_embeds_outline(result.data, fonts.face("fallback"), ch)


def test_an_installed_fonts_character_is_extracted_as_written(sample_2025, installed_fonts,
                                                              tmp_path):
    sample_2025.texts["other"] += f"\n经办人：王{EXT_B}，{JI}。"
    result = render_pdf(sample_2025, created=CREATED)
    assert installed_fonts.face_for(EXT_B, "body").file.source == "system"
    for text in (_text(result.data, tmp_path), _all_text_plumbed(result.data)):
        assert f"经办人：王{EXT_B}，{JI}。" in _compact(text)
