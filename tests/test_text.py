"""Joining wrapped lines and normalising cell text."""

from __future__ import annotations

import pytest

from jixiao.extract.model import Char
from jixiao.extract.text import chars_to_text, join_lines, normalize


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
