"""Every class of table on a page of its own, read with the default engine (auto).

The Chinese cases are drawn by tests/table_cases.py from the rows they must give back: full
grid, partial rules (frame and row rules, no inner verticals), three-line table, no rules,
dense numbers, a borderless table between a ruled header bar and a page-number box, a
two-column table. Plus "fake bold" (every glyph printed twice, shifted) and a table drawn
inside another table's cell.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from table_cases import BODY, CASES, render

from jixiao.extract import page_tables
from jixiao.extract.export import table_grid
from jixiao.extract.model import Notice, Table, TextLine
from jixiao.extract.readers import read_pages

_SPACE = re.compile(r"\s+")
_AMOUNT = re.compile(r"\d[\d,]*\.\d\d")


def _read(path: Path) -> tuple[list[Table], list[TextLine], list[Notice]]:
    (content,) = list(read_pages(path))
    return page_tables(content, engine="auto", path=path)


def _rows(table: Table) -> list[list[str]]:
    return [[_SPACE.sub("", text) for text in row] for row in table_grid(table)]


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_table_class_gives_back_its_rows(tmp_path: Path, name: str) -> None:
    tables, _, _ = _read(render(name, tmp_path))
    assert CASES[name] in [_rows(t) for t in tables]


def test_dense_numbers_are_never_run_together(tmp_path: Path) -> None:
    """Lines 1.5 pt apart: each amount stays in its own cell, one amount per cell."""
    tables, _, notices = _read(render("dense_numbers", tmp_path))
    (table,) = tables
    assert all(len(_AMOUNT.findall(c.text)) <= 1 for c in table.cells)
    assert table.n_rows == len(BODY) + 1
    assert not [n for n in notices if n.code == "wrapped_lines_joined"]


def test_decorations_are_not_tables_and_do_not_hide_the_table(tmp_path: Path) -> None:
    tables, lines, notices = _read(render("decorated", tmp_path))
    assert len(tables) == 1 and tables[0].n_rows == len(BODY) + 1
    texts = [line.text for line in lines]
    assert "北京市某某局2024年部门预算" in texts and "- 3 -" in texts
    assert [n.code for n in notices if n.code == "decoration_skipped"] == ["decoration_skipped"]


def test_rows_ruled_without_verticals_are_split_at_text_gutters(tmp_path: Path) -> None:
    tables, _, notices = _read(render("partial_rules", tmp_path))
    (table,) = tables
    assert table.n_columns == 5
    assert "columns_from_text" in {n.code for n in notices}


def _draw(path: Path, draw) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    draw(c)
    c.save()
    return path


def _grid(c, xs: list[float], ys: list[float]) -> None:
    for y in ys:
        c.line(xs[0], 842 - y, xs[-1], 842 - y)
    for x in xs:
        c.line(x, 842 - ys[0], x, 842 - ys[-1])


def test_fake_bold_is_read_once(tmp_path: Path) -> None:
    """The header row is printed three times, 0.3 pt apart; 00 in 1,000.00 stays."""

    def draw(c) -> None:
        _grid(c, [60, 200, 320], [100, 130, 160])
        c.setFont("STSong-Light", 10)
        for dx in (0.0, 0.3, 0.6):
            c.drawString(64 + dx, 842 - 118, "HIGH 合计")
            c.drawString(204 + dx, 842 - 118, "金额")
        c.drawString(64, 842 - 148, "工资")
        c.drawRightString(316, 842 - 148, "1,000.00")

    tables, _, notices = _read(_draw(tmp_path / "bold.pdf", draw))
    assert _rows(tables[0]) == [["HIGH合计", "金额"], ["工资", "1,000.00"]]
    (notice,) = [n for n in notices if n.code == "overprint_removed"]
    assert notice.message.startswith("16 glyph(s)")


def test_a_table_inside_a_cell_keeps_its_own_text(tmp_path: Path) -> None:
    def draw(c) -> None:
        _grid(c, [50, 150, 500], [100, 130, 300])
        _grid(c, [200, 300, 400], [180, 200, 220])
        c.setFont("STSong-Light", 10)
        c.drawString(54, 842 - 118, "项目")
        c.drawString(154, 842 - 118, "说明")
        c.drawString(54, 842 - 160, "保险责任")
        c.drawString(154, 842 - 160, "按下表给付：")
        for top, (age, rate) in zip(
            (180, 200), (("年龄", "比例"), ("18-75", "1.00%")), strict=True
        ):
            c.drawString(204, 842 - top - 14, age)
            c.drawString(304, 842 - top - 14, rate)

    tables, _, _ = _read(_draw(tmp_path / "nested.pdf", draw))
    outer, inner = sorted(tables, key=lambda t: t.bbox[2] - t.bbox[0], reverse=True)
    assert _rows(inner) == [["年龄", "比例"], ["18-75", "1.00%"]]
    assert _rows(outer) == [["项目", "说明"], ["保险责任", "按下表给付："]]


def test_a_header_centred_over_its_column_stays_in_it(tmp_path: Path) -> None:
    """No rules; 本年预算数合计 is centred over short left-aligned amounts, so it starts in
    the white left of them: it is that column's header, not a cell merged with 项目's."""
    body = [["甲", "12.5", "无"], ["乙", "3.0", "有"], ["丙", "45.1", "无"], ["丁", "6.2", "无"]]

    def draw(c) -> None:
        c.setFont("STSong-Light", 10)
        c.drawString(60, 842 - 100, "项目")
        c.drawCentredString(180, 842 - 100, "本年预算数合计")  # 145-215; amounts from 165
        c.drawString(260, 842 - 100, "备注")
        for i, row in enumerate(body):
            for x, text in zip((60, 165, 260), row, strict=True):
                c.drawString(x, 842 - 120 - 20 * i, text)

    tables, _, _ = _read(_draw(tmp_path / "centred.pdf", draw))
    assert [_rows(t) for t in tables] == [[["项目", "本年预算数合计", "备注"], *body]]


def test_wrapped_latin_and_numeric_lines_keep_a_space_and_two_numbers_are_flagged(
    tmp_path: Path,
) -> None:
    """A ruled cell printing ``1,363`` over ``Scheduled tribe`` reads as two words, not
    ``1,363Scheduled``; one printing ``34,573`` over ``13,278`` keeps both numbers apart
    and says so; a CJK cell's lines join with nothing."""

    def draw(c) -> None:
        _grid(c, [60, 200, 320], [100, 140, 180])
        c.setFont("STSong-Light", 10)
        for x, top, text in [
            (64, 114, "1,363"), (64, 128, "Scheduled tribe"),
            (204, 114, "34,573"), (204, 128, "13,278"),
            (64, 154, "科技创新"), (64, 168, "项目"),
            (204, 154, "Science"), (204, 168, "Park"),
        ]:  # fmt: skip
            c.drawString(x, 842 - top, text)

    tables, _, notices = _read(_draw(tmp_path / "latin.pdf", draw))
    (table,) = tables
    assert table_grid(table) == [
        ["1,363 Scheduled tribe", "34,573 13,278"],
        ["科技创新项目", "Science Park"],
    ]
    (notice,) = [n for n in notices if n.code == "numbers_in_one_cell"]
    assert "34,573 / 13,278" in notice.message


def test_a_framed_three_line_table_is_read_from_its_text_lines(tmp_path: Path) -> None:
    """A box ruled under its title, under the header and above the notes, no rules between
    body rows: the rules frame the table, its rows are the text lines. Section labels
    (一、基本支出) are rows of their own, indented items stay in the first column, the
    title and the note are not table rows."""
    header = ["项目", "上年决算数", "本年预算数", "增减%"]
    body = [
        ["一、基本支出", "", "", ""],
        ["工资福利支出", "34,573.21", "13,278.00", "-61.6"],
        ["商品和服务支出", "58,326.40", "30,983.50", "-46.9"],
        ["对个人和家庭的补助", "1,826.00", "2,104.30", "15.2"],
        ["二、项目支出", "", "", ""],
        ["信息化建设", "986.75", "1,020.00", "3.4"],
        ["设备购置", "12,450.00", "11,980.60", "-3.8"],
    ]

    def draw(c) -> None:
        top, bottom = 90.0, 150.0 + 16 * len(body) + 30
        c.rect(50, 842 - bottom, 490, bottom - top)
        for y in (112.0, 134.0, bottom - 24):
            c.line(50, 842 - y, 540, 842 - y)
        c.setFont("STSong-Light", 10)
        c.drawString(60, 842 - 105, "表3 2024年部门支出预算表")
        c.drawString(60, 842 - 127, header[0])
        for x, text in zip((350, 440, 530), header[1:], strict=True):
            c.drawRightString(x, 842 - 127, text)
        for i, row in enumerate(body):
            y = 842 - (150 + 16 * i)
            label = row[1] == ""
            c.drawString(60 if label else 72, y, row[0])
            for x, text in zip((350, 440, 530), row[1:], strict=True):
                c.drawRightString(x, y, text)
        c.drawString(60, 842 - (bottom - 9), "注：本表金额单位为万元。")

    tables, lines, notices = _read(_draw(tmp_path / "framed.pdf", draw))
    assert [_rows(t) for t in tables] == [[header, *body]]
    texts = [line.text for line in lines]
    assert "表3 2024年部门支出预算表" in texts and "注：本表金额单位为万元。" in texts
    assert "frame_around_table" in {n.code for n in notices}


def test_header_words_of_neighbouring_columns_set_close_are_two_cells(tmp_path: Path) -> None:
    """No rules; two narrow columns headed ``sterilization`` each, the two words 0.4 em
    apart (a word space is 0.28 em in Helvetica): each is its own column's header, not one
    phrase spanning both. ``Modern method`` above them, one word space over the same
    white gutter, stays one phrase spanning the two columns (its text in the first)."""
    body = [
        ["Scheduled caste", "42.9", "0.9", "9.7"],
        ["Scheduled tribe", "26.8", "0.6", "6.4"],
        ["Other backward class", "34.9", "0.0", "8.6"],
        ["Other", "28.2", "0.8", "13.3"],
    ]
    centres = (200.0, 243.2, 300.0)  # "sterilization" is 40 pt wide at 8 pt: 3.2 pt apart

    def draw(c) -> None:
        c.setFont("Helvetica", 8)
        c.drawString(60, 842 - 100, "Group")
        c.drawCentredString(221.6, 842 - 100, "Modern method")
        c.drawCentredString(centres[2], 842 - 100, "Other")
        c.drawString(60, 842 - 114, "Background characteristic")
        for x, text in zip(centres, ("sterilization", "sterilization", "Pill"), strict=True):
            c.drawCentredString(x, 842 - 114, text)
        for i, row in enumerate(body):
            c.drawString(60, 842 - 128 - 14 * i, row[0])
            for x, text in zip(centres, row[1:], strict=True):
                c.drawRightString(x + 8, 842 - 128 - 14 * i, text)

    tables, _, _ = _read(_draw(tmp_path / "close_headers.pdf", draw))
    assert [table_grid(t) for t in tables] == [
        [
            ["Group", "Modern method", "", "Other"],
            ["Background characteristic", "sterilization", "sterilization", "Pill"],
            *body,
        ]
    ]
