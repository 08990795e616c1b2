"""Chinese line breaking and justification (core.typeset)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core import typeset
from core.typeset import layout


def mono(ch: str) -> float:
    return 1.0


CLOSING = "，。、；：？！）》」』”’〕】"
OPENING = "（《「『“‘〔【"
HANZI = "政府信息公开工作年度报告依申请"
BAD_START = set(CLOSING) | set("—…")
BAD_END = set(OPENING)


def boundaries(lines):
    return {line.end for line in lines[:-1]}


def check_rules(text, lines, width, indent):
    assert "".join(line.text for line in lines) == text
    for i, line in enumerate(lines):
        assert line.text, "empty line"
        if i > 0:
            assert line.text[0] not in BAD_START, (i, [x.text for x in lines])
        if not line.last:
            assert line.text[-1] not in BAD_END, (i, [x.text for x in lines])
            if line.gaps:
                assert abs(line.justified_width - line.available) < 0.01
        else:
            assert line.extra == 0
        assert line.available == pytest.approx(width - (indent if i == 0 else 0))
    cuts = boundaries(lines)
    for m in re.finditer(r"——|……", text):
        assert m.start() + 1 not in cuts, f"{m.group()} split"
    for m in re.finditer(r"[A-Za-z0-9]+", text):
        inside = set(range(m.start() + 1, m.end()))
        assert not (inside & cuts), f"word {m.group()} split"


# A paragraph: segments of optional opening bracket, 1-4 content items, 0-2 closing marks.
# An ASCII word is always followed by a hanzi, so two words never run together; so is a dash or
# an ellipsis: a run such as "（——————，，——……" has no legal break at all (neither may start
# a line), and no layout can keep the rules for it — real prose never has one.
content = st.one_of(
    st.sampled_from(HANZI),
    st.tuples(st.text("abcXYZ0123456789", min_size=1, max_size=6),
              st.sampled_from(HANZI)).map("".join),
    st.tuples(st.sampled_from(["——", "……"]), st.sampled_from(HANZI)).map("".join),
)
segment = st.tuples(
    st.sampled_from(["", ""] + list(OPENING)),
    st.lists(content, min_size=1, max_size=4).map("".join),
    st.lists(st.sampled_from(CLOSING), max_size=2).map("".join),
).map("".join)
paragraph = st.lists(segment, min_size=1, max_size=40).map("".join)


def test_a_run_with_no_legal_break_is_kept_whole_and_breaks_one_rule_at_most():
    text = "（——————，，——……——……，，"
    lines = layout(text, 10, mono, indent=2, hanging=False)
    assert "".join(line.text for line in lines) == text
    cuts = boundaries(lines)
    assert not any(m.start() + 1 in cuts for m in re.finditer(r"——|……", text))


@settings(max_examples=300, deadline=None)
@given(paragraph, st.booleans())
def test_rules_hold_on_random_paragraphs(text, hanging):
    lines = layout(text, 10, mono, indent=2, hanging=hanging)
    check_rules(text, lines, 10, 2)
    for line in lines:
        if not hanging:
            assert line.hang == 0


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec="utf-8"), max_size=80))
def test_any_text_is_preserved_and_terminates(text):
    lines = layout(text, 10, typeset.monospace, indent=2)
    assert "".join(line.text for line in lines) == text
    for line in lines:
        # a line holding or followed by (pieces of) a URL or e-mail address may be left short
        # on purpose, never letter-spaced (core.typeset, `short`); every other line is justified
        if not line.last and line.gaps and not line.short:
            assert abs(line.justified_width - line.available) < 0.01


def test_hanging_punctuation():
    text = "一二三四五六七八九十，一二"
    lines = layout(text, 10, mono)
    assert [x.text for x in lines] == ["一二三四五六七八九十，", "一二"]
    assert lines[0].hang == 1 and lines[0].natural_width == 10 and lines[0].extra == 0
    lines = layout(text, 10, mono, hanging=False)
    assert [x.text for x in lines] == ["一二三四五六七八九", "十，一二"]
    assert lines[0].extra == pytest.approx(1 / 8)


def test_closing_quote_pulls_previous_character_down():
    lines = layout("一二三四五六七八九十”。一二", 10, mono)
    assert [x.text for x in lines] == ["一二三四五六七八九", "十”。一二"]


def test_opening_bracket_never_ends_a_line():
    lines = layout("一二三四五六七八九（十）一二", 10, mono)
    assert [x.text for x in lines] == ["一二三四五六七八九", "（十）一二"]
    lines = layout("一二三四五六七八“《十》”一二", 10, mono)
    assert [x.text for x in lines] == ["一二三四五六七八", "“《十》”一二"]


def test_dashes_and_ellipses_stay_whole():
    lines = layout("一二三四五六七八九——十", 10, mono)
    assert [x.text for x in lines] == ["一二三四五六七八", "九——十"]
    lines = layout("一二三四五六七八九……十", 10, mono)
    assert [x.text for x in lines] == ["一二三四五六七八", "九……十"]
    # a dash pair is one unit: no spacing is added between its halves
    line = layout("一二三——四五六七八九十一二", 10, mono)[0]
    assert "——" in line.units


def test_ascii_words_numbers_phone_numbers_unsplit():
    # (URLs and e-mail addresses may break after a separator: see the tests below)
    for word in ["2025", "0000-1234567", "12.5%", "GB/T 9704-2012"]:
        text = "一二三四五六七" + word + "年度报告工作"
        lines = layout(text, 30, mono)
        check_rules(text, lines, 30, 0)
        for piece in word.split(" "):
            assert any(piece in x.text for x in lines), (word, [x.text for x in lines])


def test_long_url_breaks_only_after_separators():
    url = "https://www.example.gov.cn/zwgk/zfxxgkndbg/2025/annual-report.html"
    text = "下载地址：" + url + "。"
    lines = layout(text, 20, mono)
    assert "".join(x.text for x in lines) == text
    start = text.index(url)
    for cut in boundaries(lines):
        if start < cut < start + len(url):
            assert text[cut - 1] in "/.-_?&=:", (cut, [x.text for x in lines])
    for line in lines[:-1]:
        assert line.natural_width <= 20
        # justified, except a line that would be letter-spaced around the URL: set short
        if line.short:
            assert line.extra == 0
        else:
            assert abs(line.justified_width - 20) < 0.01


def test_unbreakable_token_wider_than_everything():
    text = "a" * 50
    lines = layout(text, 10, mono)
    assert "".join(x.text for x in lines) == text
    assert all(x.natural_width <= 10 for x in lines)


def test_first_line_indent_and_justification_with_proportional_widths():
    text = "本机关2025年共收到政府信息公开申请123件，其中：当面申请4件，网络申请119件。" * 3
    lines = layout(text, 156.0, typeset.monospace, indent=2.0)
    assert lines[0].indent == 2.0 and all(x.indent == 0 for x in lines[1:])
    for line in lines[:-1]:
        assert abs(line.justified_width - line.available) < 0.01
        assert line.natural_width <= line.available + 1e-9
    assert lines[-1].extra == 0 and lines[-1].last


def test_trailing_spaces_do_not_count():
    lines = layout("abc def ghi jkl", 7, mono)
    assert [x.text for x in lines] == ["abc def ", "ghi jkl"]
    assert lines[0].natural_width == 7 and lines[0].set_units == 3


def test_controls_emoji_and_non_bmp_are_single_units():
    text = "一\x00二\x07三😀\ufe0f四👨\u200d👩五𠀀六e\u0301七"
    units, _ = typeset.tokenize(text)
    assert "😀\ufe0f" in units and "👨\u200d👩" in units and "𠀀" in units
    assert "e\u0301" in units
    lines = layout(text * 20, 5, typeset.monospace)
    assert "".join(x.text for x in lines) == text * 20


def test_stretch_is_between_units_only():
    line = layout("申请2025件数——增加了很多的", 10, mono)[0]
    assert not line.last
    assert line.gaps == sum(line.stretch_after) == line.set_units - 1
    assert "2025" in line.units


def test_empty():
    assert layout("", 10, mono) == []


def test_60000_characters_are_laid_out_whole():
    # how long this takes (and that it grows linearly) is benchmarks/bench_typeset.py's job
    chunk = ("2025年，本机关坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻《条例》——"
             "主动公开政府信息1234条（详见http://www.example.gov.cn）……")
    text = (chunk * (60000 // len(chunk) + 1))[:60000]
    lines = layout(text, 28.0, typeset.monospace, indent=2.0)
    small = layout(text[:6000], 28.0, typeset.monospace, indent=2.0)
    assert "".join(x.text for x in lines) == text
    assert 9 * len(small) <= len(lines) <= 11 * len(small)  # ten times the text, the same lines


def _lines_of(text, width, indent=0.0):
    lines = layout(text, width, typeset.monospace, indent=indent, hanging=False)
    assert "".join(x.text for x in lines) == text
    return [x.text for x in lines], lines


@pytest.mark.parametrize("width", [20, 24, 28])
def test_an_address_that_fits_a_line_moves_whole_to_the_next(width):
    # vary the text before the addresses so that they fall at every point of a line
    for pad in range(width + 2):
        text = ("本" * pad + "报告电子版可在青禾县人民政府门户网站（www.qinghe.gov.cn/zrzyj）查阅或下载，"
                "联系邮箱：zrzyj@qinghe.gov.cn，或来信（电子邮箱zrzyj@qinghe.gov.cn）。")
        texts, lines = _lines_of(text, width, indent=2)
        for address in ("www.qinghe.gov.cn/zrzyj", "zrzyj@qinghe.gov.cn"):
            assert text.count(address) == sum(t.count(address) for t in texts), (pad, texts)
        for line in lines[1:]:
            assert line.text[0] not in typeset.NO_START, (pad, texts)
        for line in lines[:-1]:
            assert line.text[-1] not in typeset.NO_END, (pad, texts)
            chars = len(line.text)
            # justified, or left short rather than letter-spaced beyond LOOSE
            assert line.extra <= typeset.LOOSE * line.natural_width / chars + 1e-9, (pad, texts)
            if not line.short:
                assert abs(line.justified_width - line.available) < 0.01, (pad, texts)


def test_the_line_left_behind_is_justified_when_it_needs_little_room():
    # "（www.qinghe.gov.cn/zrzyj）" moves whole; the 26 characters left fill 28 with a little
    # spacing (under LOOSE), so the right edge stays straight
    texts, lines = _lines_of("本" * 26 + "（www.qinghe.gov.cn/zrzyj）查阅。", 28)
    assert texts[0] == "本" * 26 and not lines[0].short
    assert lines[0].justified_width == pytest.approx(28)
    # with only 16 characters left the spacing would show: natural spacing, ragged end
    texts, lines = _lines_of("本" * 16 + "（www.qinghe.gov.cn/zrzyj）查阅。", 28)
    assert texts[0] == "本" * 16 and lines[0].short and lines[0].extra == 0


def test_a_url_longer_than_a_line_breaks_after_a_slash_not_a_dot():
    url = "https://www.qinghe.gov.cn/zwgk/zfxxgk/fdzdgknr/ndbg/2025/index_2025.html"
    for pad in range(0, 30):
        text = "本" * pad + "详见（" + url + "）。"
        texts, _ = _lines_of(text, 28, indent=2)
        start = text.index(url)
        cuts = [c for c in boundaries(layout(text, 28, typeset.monospace, indent=2,
                                             hanging=False)) if start < c < start + len(url)]
        assert cuts, texts
        for cut in cuts:
            assert text[cut - 1] == "/", (pad, texts)


def test_a_dot_is_the_last_resort():
    # no / - _ ? & = @ in reach: the address starts on the next line rather than ending at "."
    texts, _ = _lines_of("本" * 20 + "（www.qinghe.gov.cn.example.org.cn）", 28)
    assert texts[0] == "本" * 20
    # a host name longer than a line has only dots: it breaks after one
    host = "www." + "abcdefgh." * 8 + "gov.cn"
    texts, _ = _lines_of("网址" + host, 28)
    assert all(t.endswith(".") for t in texts[:-1]) and "".join(texts) == "网址" + host
    # a hyphen beats a dot
    texts, _ = _lines_of("网址" + "abcdefgh.abcd-efgh." * 4 + "cn", 28)
    assert texts[0].endswith("-"), texts


def test_email_and_url_break_after_separators_and_never_stretch_a_line():
    # the contact sentence of the opening paragraph, at 28 characters a line
    text = ("与青禾县应急管理局办公室联系（地址：青禾县城关镇人民路88号；邮编：345100；电话："
            "0596-6123456；电子邮箱：qhxyjj_office-2025@qinghe.gov.cn；网站：https://www.qinghe"
            ".gov.cn/zwgk/xxgk_nb/index.html）。")
    lines = layout(text, 28, typeset.monospace)
    assert "".join(x.text for x in lines) == text
    cuts = boundaries(lines)
    for m in re.finditer(r"[A-Za-z0-9][A-Za-z0-9._\-/:@]*[A-Za-z0-9/]", text):
        for cut in set(range(m.start() + 1, m.end())) & cuts:
            if "@" in m.group() or "://" in m.group():
                assert text[cut - 1] in "/.@-_:", (m.group(), [x.text for x in lines])
            else:
                pytest.fail(f"{m.group()} split")  # 0596-6123456 stays whole
    for line in lines:
        assert line.extra <= 0.05, (line.text, line.extra)  # no visibly loose line
    # a break after @ is used when it fits better than carrying the whole address over
    assert layout("电子邮箱：qhxyjj@qinghe.gov.cn", 9, typeset.monospace)[0].text == "电子邮箱：qhxyjj@"


def test_lines_holding_a_url_are_never_visibly_loose():
    text = ("收集意见8条，已全部答复并落实。详见县政府门户网站https://www.qinghe.gov.cn/zwgk/zfxxgk/"
            "fdzdgknr/index_2025.html及“青禾发布”栏目http://fb.qinghe.gov.cn/a-b_c/2025。咨询邮箱"
            "zhengwu.gongkai@qinghe.gov.cn，投诉邮箱tousu-2025_zj@mail.qinghe.gov.cn。") * 3
    for width in (20, 24, 28):
        lines = layout(text, width, typeset.monospace, indent=2)
        assert "".join(x.text for x in lines) == text
        for line in lines:
            chars = len("".join(line.units[:line.set_units]))  # without a hanging mark
            assert line.extra <= typeset.LOOSE * line.natural_width / chars + 1e-9, line.text
