"""Joining wrapped lines and normalising cell text."""

from __future__ import annotations

import pytest

from jixiao.extract.model import Char
from jixiao.extract.text import (
    _may_overprint,
    chars_to_text,
    join_lines,
    line_texts,
    normalize,
    numeric_joins,
    remove_overprint,
)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["广州市科学技术协会坚定不", "移走中国特色社会主义群团"],
            "广州市科学技术协会坚定不移走中国特色社会主义群团",
        ),
        (
            ["宣传不少于 60人次；托", "举 40名 32岁以下青年科"],
            "宣传不少于 60人次；托举 40名 32岁以下青年科",
        ),
        (["创交会成果交易金额 87.85亿", "元以上"], "创交会成果交易金额 87.85亿元以上"),
        (["截至 2021", "年底"], "截至 2021年底"),
        (["（1183", ".09）"], "（1183.09）"),
        (["Science", "Park"], "Science Park"),
        (["5G", "基站"], "5G基站"),
        # Latin wrapped after punctuation a space follows (camelot's health.pdf header), and
        # controls: no space after . or /, before a digit, or after CJK text's ASCII comma.
        (["Medical &", "Public"], "Medical & Public"),
        (["Revenue,", "Capital"], "Revenue, Capital"),
        (["www.", "gov.cn"], "www.gov.cn"),
        (["Condom/", "modern"], "Condom/modern"),
        (["1,234,", "567"], "1,234,567"),
        (["项目,", "A类"], "项目,A类"),
        (["", "  7项。 ", ""], "7项。"),
    ],
)
def test_join_lines_adds_no_space_inside_chinese(lines: list[str], expected: str) -> None:
    assert join_lines(lines) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("宣传不少于 60人次", "宣传不少于60人次"),
        (
            "广州市科学技术协会 2021 年部门整体绩效完成情况表",
            "广州市科学技术协会2021年部门整体绩效完成情况表",
        ),
        ("满意度达 ９５．１％", "满意度达95.1%"),
        ("１．完成占地面积", "1.完成占地面积"),
        ("ＩＴ应用系统", "IT应用系统"),
        ("部门名称: 广州市科学技术协会", "部门名称:广州市科学技术协会"),
        ("华为中国大学生 ICT 大赛", "华为中国大学生ICT大赛"),
        ("Science   Park", "Science Park"),
        ("培训\u3000项目", "培训项目"),
        ("（239万元）", "（239万元）"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def _chars(text: str, top: float, x: float = 10.0, size: float = 10.0) -> list[Char]:
    out = []
    for ch in text:
        out.append(Char(ch, x, x + size, top, top + size, size))
        x += size
    return out


def test_chars_to_text_orders_lines_and_joins_them() -> None:
    chars = _chars("年度主要支", 20) + _chars("出计划", 32)
    assert chars_to_text(list(reversed(chars))) == "年度主要支出计划"


def test_chars_to_text_spaces_latin_words_by_gap() -> None:
    chars = _chars("IT", 0) + _chars("App", 0, x=40)
    assert chars_to_text(chars) == "IT App"


def _glyph(text: str, x0: float, top: float, width: float = 6.0, height: float = 10.0) -> Char:
    return Char(text, x0, x0 + width, top, top + height, height)


def test_fake_bold_repeats_are_removed_once() -> None:
    """``HI`` drawn three times each, shifted 0.3 and 0.6 pt (fake bold): one of each stays,
    the two repeats of each are returned as removed, in page order."""
    chars = [
        _glyph(t, x + dx, 100.0 + dy)
        for t, x in (("H", 50.0), ("I", 56.0))
        for dx, dy in ((0.0, 0.0), (0.3, 0.1), (0.6, 0.2))
    ]
    kept, removed = remove_overprint(chars)
    assert [(c.text, c.x0) for c in kept] == [("H", 50.0), ("I", 56.0)]
    assert [(c.text, round(c.x0, 1)) for c in removed] == [
        ("H", 50.3),
        ("H", 50.6),
        ("I", 56.3),
        ("I", 56.6),
    ]


def test_equal_neighbours_and_lines_below_are_not_overprint() -> None:
    """``00`` a whole advance apart, the same glyph on the next line, the same glyph 1.6 pt
    to the side (over a quarter of its 6 pt width) and 2.6 pt lower (over a quarter of its
    10 pt height): all are printed, none is a repeat."""
    chars = [
        _glyph("0", 50.0, 100.0),
        _glyph("0", 56.0, 100.0),
        _glyph("0", 50.0, 112.0),
        _glyph("5", 80.0, 100.0),
        _glyph("5", 81.6, 100.0),
        _glyph("7", 90.0, 100.0),
        _glyph("7", 90.0, 102.6),
    ]
    kept, removed = remove_overprint(chars)
    assert kept == chars and removed == []


def test_a_repeat_just_inside_a_quarter_glyph_is_removed() -> None:
    """1.4 pt to the side of a 6 pt glyph (under 1.5) and 2.4 pt lower than a 10 pt one
    (under 2.5) are repeats; spaces are never."""
    chars = [
        _glyph("5", 80.0, 100.0),
        _glyph("5", 81.4, 100.0),
        _glyph("7", 90.0, 100.0),
        _glyph("7", 90.0, 102.4),
        _glyph(" ", 96.0, 100.0),
        _glyph(" ", 96.1, 100.0),
    ]
    kept, removed = remove_overprint(chars)
    assert [(c.text, c.x0, c.top) for c in removed] == [("5", 81.4, 100.0), ("7", 90.0, 102.4)]
    assert len(kept) == 4


def test_the_overprint_gate_sees_only_near_equal_glyphs() -> None:
    """The gate lets a page through only when two equal glyphs lie within about 2 pt: two
    ``0`` 6 pt apart, or 1.9 pt apart across a 4 pt square's edge (caught by the shifted
    grid), decide it; spaces do not count."""
    far = [_glyph("0", 50.0, 100.0), _glyph("0", 56.0, 100.0)]
    assert not _may_overprint(far)
    across = [_glyph("0", 3.0, 100.0), _glyph("0", 4.9, 100.0)]  # squares 0 and 1 of grid 0
    assert _may_overprint(across)
    same = [_glyph("0", 50.0, 100.0), _glyph("0", 50.5, 100.0)]
    assert _may_overprint(same)
    spaces = [_glyph(" ", 50.0, 100.0), _glyph(" ", 50.5, 100.0)]
    assert not _may_overprint(spaces)
    different = [_glyph("0", 50.0, 100.0), _glyph("8", 50.5, 100.0)]
    assert not _may_overprint(different)


def test_a_lone_glyph_shifted_sideways_and_down_across_a_square_corner_is_read_once() -> None:
    """A fake-bold ``H`` drawn again 0.2 pt right and 0.2 pt down, at the corner of the
    gate's 4-pt squares (x 3.9 → 4.1, top 5.9 → 6.1): one ``H``. The gate used to offset
    its two grids along the diagonal only, so this pair fell in different squares of both,
    the page was passed over and the heading read ``HH``."""
    first, repeat = _glyph("H", 3.9, 5.9), _glyph("H", 4.1, 6.1)
    assert remove_overprint([first, repeat]) == ([first], [repeat])


@pytest.mark.parametrize("x", [1.9, 3.9])
@pytest.mark.parametrize("top", [1.9, 3.9])
@pytest.mark.parametrize("dx", [0.2, 1.2])
@pytest.mark.parametrize("dy", [0.2, 1.2])
def test_the_gate_sees_a_pair_within_2_pt_on_either_side_of_any_square_edge(
    x: float, top: float, dx: float, dy: float
) -> None:
    """Two equal glyphs less than 2 pt apart along each axis, straddling the square edges at
    2 and 4 pt (the grids' edges) in each of the four combinations, are near; 1.2 pt apart
    they also cross 3 pt, where a grid offset by 1 pt would have its edge."""
    assert _may_overprint([_glyph("0", x, top), _glyph("0", x + dx, top + dy)])


def test_the_gate_passes_over_equal_glyphs_more_than_2_pt_apart_across_both_grids() -> None:
    """2.2 pt apart across the edges at 2 and 4 pt, or 7 pt apart on either side of the
    page's left edge (text drawn at negative x is binned like any other): not near, so a
    page of such text costs no overprint search."""
    assert not _may_overprint([_glyph("0", 1.9, 100.0), _glyph("0", 4.1, 100.0)])
    assert not _may_overprint([_glyph("0", 50.0, 1.9), _glyph("0", 50.0, 4.1)])
    assert not _may_overprint([_glyph("0", -3.5, 100.0), _glyph("0", 3.5, 100.0)])
    assert not _may_overprint([_glyph("0", 50.0, -3.5), _glyph("0", 50.0, 3.5)])


def test_a_page_without_overprint_keeps_every_glyph() -> None:
    chars = _chars("年度主要支出计划", 100.0)
    assert remove_overprint(chars) == (chars, [])


def test_a_word_drawn_again_after_itself_is_read_once() -> None:
    """Fake bold drawn word by word: ``HI`` and then ``HI`` again 0.3 pt to the right, so
    the repeats do not follow their glyphs in drawing order."""
    chars = [
        _glyph("H", 50.0, 100.0),
        _glyph("I", 56.0, 100.0),
        _glyph("H", 50.3, 100.0),
        _glyph("I", 56.3, 100.0),
    ]
    assert remove_overprint(chars) == (chars[:2], chars[2:])


def test_a_glyph_exactly_a_quarter_glyph_away_is_not_a_repeat() -> None:
    """A repeat is offset by *less* than a quarter of the glyph: 1.5 pt beside a 6 pt wide
    glyph and 2.5 pt below a 10 pt tall one are other glyphs."""
    chars = [
        _glyph("5", 80.0, 100.0),
        _glyph("5", 81.5, 100.0),
        _glyph("7", 90.0, 100.0),
        _glyph("7", 90.0, 102.5),
    ]
    assert remove_overprint(chars) == (chars, [])


def test_line_texts_spaces_latin_words_a_quarter_em_apart_by_default() -> None:
    """``IT`` and ``App`` 3 pt apart in 10 pt type (over a quarter em): two words."""
    chars = _chars("IT", 0) + _chars("App", 0, x=33.0)
    assert line_texts([chars]) == ["IT App"]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["34,573", "13,278"], [("34,573", "13,278")]),
        (["34,573", "  ", "13,278", "万元"], [("34,573", "13,278")]),
        (["1,363", "万元", "2,000"], []),
        (["项目代码11000022T00000042", "5969"], []),
        (["（1183", ".09）"], []),
    ],
)
def test_numeric_joins_names_only_lines_that_are_each_a_whole_number(
    lines: list[str], expected: list[tuple[str, str]]
) -> None:
    assert numeric_joins(lines) == expected


def test_a_code_wrapped_before_its_last_digits_gets_no_space() -> None:
    """Only the last line is a whole number: the token was broken mid-way, not two values."""
    assert join_lines(["项目代码11000022T00000042", "5969"]) == "项目代码11000022T000000425969"
    assert join_lines(["2021", "5969-工业"]) == "20215969-工业"
