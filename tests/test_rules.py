"""Rules of the extraction and parsing steps pinned on small inputs built here.

Each test states one rule and holds it with an input where the rule decides the outcome and
a control where it does not, so a one-line change to the rule fails a test here, not only a
golden file. Expected values are written by hand.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from jixiao.extract.cells import fill_tables, page_lines
from jixiao.extract.grid import GridCell, PageGrid, find_grids
from jixiao.extract.model import Cell, Char, PageContent, Segment, Table, TextLine
from jixiao.extract.settings import DEFAULT_SETTINGS
from jixiao.extract.stitch import stitch
from jixiao.extract.text import (
    chars_to_text,
    group_lines,
    is_cjk,
    join_lines,
    line_text,
    lines_to_text,
    normalize,
)
from jixiao.parsers.amount import (
    Amount,
    is_placeholder,
    parse_number,
    split_amount,
    yuan_to_wan,
)
from jixiao.parsers.words import has_word, is_plain_word

# --- stitching -------------------------------------------------------------------------

COLUMNS = [0.0, 100.0, 300.0]


def _tail_room(text: str, width: float) -> float:
    """Room left after the text on its line (9pt glyphs, 2pt padding): cells in these
    tables are not wrapped at the right edge unless a test says so."""
    return max(width - 4.0 - 9.0 * len(text), 0.0)


def _table(
    page: int, rows: list[list[str]], *, top: float = 100.0, lines: int = 1, slack: float = 10.0
) -> Table:
    """A 2-column ruled table, 20pt rows, each cell holding ``lines`` printed lines with
    room to spare below them (so the page break cut no cell by its fullness)."""
    cells = [
        Cell(
            r, c, 1, 1, text, page,
            (COLUMNS[c], top + 20 * r, COLUMNS[c + 1], top + 20 * (r + 1)),
            n_lines=lines, slack=slack, line_height=9.0,
            lead_room=2.0, tail_room=_tail_room(text, COLUMNS[c + 1] - COLUMNS[c]),
        )
        for r, row in enumerate(rows)
        for c, text in enumerate(row)
    ]  # fmt: skip
    return Table(
        pages=[page],
        n_rows=len(rows),
        n_columns=2,
        cells=cells,
        bbox=(0.0, top, 300.0, top + 20 * len(rows)),
        row_pages=[page] * len(rows),
        column_edges=list(COLUMNS),
        row_edges=[top + 20 * r for r in range(len(rows) + 1)],
    )


def _grid_table(
    page: int, cells: list[tuple[int, int, int, int, str]], top: float = 100.0
) -> Table:
    """A table of (row, column, rowspan, colspan, text) cells on :data:`COLUMNS`."""
    n_rows = max(r + rs for r, _, rs, _, _ in cells)
    return Table(
        pages=[page],
        n_rows=n_rows,
        n_columns=2,
        cells=[
            Cell(r, c, rs, cs, text, page,
                 (COLUMNS[c], top + 20 * r, COLUMNS[c + cs], top + 20 * (r + rs)),
                 n_lines=1, slack=10.0, line_height=9.0, lead_room=2.0,
                 tail_room=_tail_room(text, COLUMNS[c + cs] - COLUMNS[c]))
            for r, c, rs, cs, text in cells
        ],
        bbox=(0.0, top, 300.0, top + 20 * n_rows),
        row_pages=[page] * n_rows,
        column_edges=list(COLUMNS),
        row_edges=[top + 20 * r for r in range(n_rows + 1)],
    )  # fmt: skip


def _stitch(
    second: list[list[str]], above: list[TextLine] | None = None, *, first: Table | None = None
) -> tuple[list[Table], list[str]]:
    first = first or _table(1, [["指标", "完成情况"], ["场次", "开展活动10场"]])
    tables, notices = stitch(
        [([first], []), ([_table(2, second, top=60.0)], above or [])], DEFAULT_SETTINGS
    )
    assert all(n.page == 2 for n in notices)
    for notice in notices:  # a joined row's notice points at it in the joined table
        if notice.code != "repeated_header_dropped":
            assert notice.origin is not None and notice.origin[0] is tables[0]
    _MESSAGES.update((n.code, n.message) for n in notices)
    return tables, [n.code for n in notices]


_MESSAGES: set[tuple[str, str]] = set()


def test_stitch_notices_say_what_was_done() -> None:
    _MESSAGES.clear()
    _stitch([["指标", "完成情况"], ["人数", "1000人次"]])
    _stitch([["", "，参与1000人次"], ["人数", "1000人次"]])
    first = _grid_table(1, [(0, 0, 1, 1, "类别"), (0, 1, 1, 1, "指标"),
                            (1, 0, 2, 1, "一、服务"), (1, 1, 1, 1, "甲"), (2, 1, 1, 1, "乙")])  # fmt: skip
    _stitch([["", "丙"]], first=first)
    assert {
        ("repeated_header_dropped", "1 repeated header row(s) dropped"),
        ("row_rejoined", "a row split by the page break was joined into one row"),
        (
            "merged_cell_continued",
            "blank or re-printed cells in column(s) 0 taken as the continuation of the merged "
            "cells above",
        ),
    } == _MESSAGES


def _ocr(table: Table) -> Table:
    table.ocr = True
    return table


def test_a_header_reprinted_on_a_scan_is_dropped_though_ocr_misread_it() -> None:
    """Seen on the heavy-noise scan of gz_kx_2021_docx, page 8: 年度主要支出计划 read
    年度王要支出计划 kept the header as a data row and left the row the page break cut
    unjoined, shifting every later record."""
    header = ["年度主要支出计划", "具体完成情况"]
    misread = ["年度王要支出计划", "具体完成情况"]
    first = _ocr(_table(1, [header, ["场次", "开展活动10场"]]))
    second = _ocr(_table(2, [misread, ["人数", "1000人次"]], top=60.0))
    (table,), notices = stitch([([first], []), ([second], [])], DEFAULT_SETTINGS)
    assert [table.cell_at(r, 0).text for r in range(table.n_rows)] == [
        "年度主要支出计划", "场次", "人数"
    ]  # fmt: skip
    (notice,) = notices
    assert notice.code == "repeated_header_dropped"
    assert "「年度王要支出计划」 for 「年度主要支出计划」" in notice.message
    # From a text layer the same difference is a different row: nothing is dropped.
    first = _table(1, [header, ["场次", "开展活动10场"]])
    second = _table(2, [misread, ["人数", "1000人次"]], top=60.0)
    (table,), notices = stitch([([first], []), ([second], [])], DEFAULT_SETTINGS)
    assert table.n_rows == 4 and notices == []
    # Two characters of four misread is another text, not the header read again.
    first = _ocr(_table(1, [["支出计划", "完成情况"], ["场次", "开展活动10场"]]))
    second = _ocr(_table(2, [["收入预算", "完成情况"], ["人数", "1000人次"]], top=60.0))
    (table,), _ = stitch([([first], []), ([second], [])], DEFAULT_SETTINGS)
    assert table.n_rows == 4


def test_a_table_continues_over_three_pages() -> None:
    first = _table(1, [["指标", "完成情况"], ["场次", "开展活动10场"]])
    out, notices = stitch(
        [
            ([first], []),
            ([_table(2, [["人数", "1000人次"]], top=60.0)], []),
            ([_table(3, [["篇数", "5篇"]], top=60.0)], [TextLine(3, "- 3 -", (140, 20, 160, 30))]),
        ],
        DEFAULT_SETTINGS,
    )
    (table,) = out
    assert table.pages == [1, 2, 3] and table.row_pages == [1, 1, 2, 3] and notices == []
    assert [table.cell_at(r, 0).text for r in range(4)] == ["指标", "场次", "人数", "篇数"]
    assert table.row_edges == [60.0, 80.0] and table.column_edges == COLUMNS


def test_a_first_row_starting_with_punctuation_continues_the_row_above() -> None:
    tables, codes = _stitch([["", "，参与1000人次"], ["人数", "1000人次"]])
    assert codes == ["row_rejoined"]
    assert len(tables) == 1 and tables[0].n_rows == 3
    assert tables[0].cell_at(1, 1).text == "开展活动10场，参与1000人次"
    assert tables[0].cell_at(1, 1).end_page == 2


def test_a_first_row_starting_with_a_word_is_a_new_row() -> None:
    tables, codes = _stitch([["", "参与1000人次"], ["人数", "1000人次"]])
    assert "row_rejoined" not in codes
    assert len(tables) == 1 and tables[0].n_rows == 4
    assert tables[0].cell_at(1, 1).text == "开展活动10场"
    assert tables[0].cell_at(2, 1).text == "参与1000人次"


@pytest.mark.parametrize("number", ["- 2 -", "第2页", "2", "第 2 页 共 5 页", "— 12 —"])
def test_a_page_number_above_a_table_does_not_stop_it_continuing(number: str) -> None:
    above = [TextLine(2, number, (140.0, 20.0, 160.0, 30.0))]
    tables, _ = _stitch([["人数", "1000人次"]], above)
    assert len(tables) == 1 and tables[0].pages == [1, 2]


def test_a_title_above_a_table_starts_a_new_table() -> None:
    above = [TextLine(2, "附表2 项目支出表", (100.0, 20.0, 200.0, 30.0))]
    tables, _ = _stitch([["人数", "1000人次"]], above)
    assert [t.pages for t in tables] == [[1], [2]]


def test_a_repeated_header_row_is_dropped() -> None:
    tables, codes = _stitch([["指标", "完成情况"], ["人数", "1000人次"]])
    assert codes == ["repeated_header_dropped"]
    (table,) = tables
    assert [c.text for c in table.cells] == [
        "指标",
        "完成情况",
        "场次",
        "开展活动10场",
        "人数",
        "1000人次",
    ]
    assert table.row_pages == [1, 1, 2] and table.n_rows == 3 and table.pages == [1, 2]


def test_a_blank_cell_under_a_merged_column_continues_the_merged_cell() -> None:
    first = _grid_table(1, [(0, 0, 1, 1, "类别"), (0, 1, 1, 1, "指标"),
                            (1, 0, 2, 1, "一、服务"), (1, 1, 1, 1, "甲"), (2, 1, 1, 1, "乙")])  # fmt: skip
    tables, codes = _stitch([["", "丙"], ["二、发展", "丁"]], first=first)
    assert codes == ["merged_cell_continued"]
    (table,) = tables
    category = table.cell_at(3, 0)
    assert (category.text, category.row, category.rowspan, category.end_page) == (
        "一、服务",
        1,
        3,
        2,
    )
    assert table.cell_at(4, 0).text == "二、发展" and table.n_rows == 5


def test_a_blank_cell_in_a_column_without_merged_cells_is_a_blank_cell() -> None:
    tables, codes = _stitch([["", "丙"], ["戊", "丁"]])
    assert codes == []
    (table,) = tables
    assert [c.text for c in table.cells if c.row == 2] == ["", "丙"] and table.n_rows == 4


def test_a_row_whose_cells_above_are_full_was_cut_by_the_page_break() -> None:
    first = _table(1, [["指标", "完成情况"], ["场次", "开展活动10场"]], lines=2, slack=2.0)
    tables, codes = _stitch([["", "参与1000人次"], ["人数", "1000人次"]], first=first)
    assert codes == ["row_rejoined"]
    assert tables[0].cell_at(1, 1).text == "开展活动10场参与1000人次" and tables[0].n_rows == 3


def test_a_row_with_room_left_in_its_cells_is_not_cut() -> None:
    first = _table(1, [["指标", "完成情况"], ["场次", "开展活动10场"]], lines=2, slack=30.0)
    tables, codes = _stitch([["", "参与1000人次"], ["人数", "1000人次"]], first=first)
    assert "row_rejoined" not in codes and tables[0].n_rows == 4


@pytest.mark.parametrize(
    ("below", "rejoined"), [("个，参与1000人次", True), ("个人参与1000次", False)]
)
def test_a_glyph_carried_down_with_the_punctuation_after_it_still_cuts_the_row(
    below: str, rejoined: bool
) -> None:
    """No line starts with ，: the producer moves the glyph before it down too, so the cut
    line ends two glyphs short of the edge (Writer's 建设管理工作站不少于37 | 个，…)."""
    first = _table(1, [["指标", "完成情况"], ["场次", "开展活动10"]], lines=2)
    cut = first.cell_at(1, 1)
    cut.slack, cut.tail_room = 12.0, 20.0  # at the cell's foot; two 9pt glyphs of room
    tables, codes = _stitch([["", below], ["人数", "1000人次"]], first=first)
    assert ("row_rejoined" in codes) is rejoined
    assert tables[0].n_rows == (3 if rejoined else 4)


@pytest.mark.parametrize(("below", "rejoined"), [("元）。", True), ("元。", False)])
def test_a_glyph_carried_down_with_all_the_punctuation_after_it_still_cuts_the_row(
    below: str, rejoined: bool
) -> None:
    """（941万 | 元）。 (docx seed 371): neither ） nor 。 starts a line, so 元 went down with
    both and the cut line ends three glyphs short; with 。 alone two would have fitted."""
    first = _table(1, [["指标", "完成情况"], ["场次", "高水平专业群数量（941万"]], lines=2)
    cut = first.cell_at(1, 1)
    cut.slack, cut.tail_room = 12.0, 26.0  # at the cell's foot; nearly three 9pt glyphs
    tables, codes = _stitch([["", below], ["人数", "1000人次"]], first=first)
    assert ("row_rejoined" in codes) is rejoined
    assert tables[0].n_rows == (3 if rejoined else 4)


@pytest.mark.parametrize(("below", "rejoined"), [("引“广州市杰出", True), ("引广州市杰出", False)])
def test_a_quote_takes_the_glyphs_beside_it_down_to_the_next_line(
    below: str, rejoined: bool
) -> None:
    """LibreOffice breaks no line beside “ (Unicode's QU class): 吸引“广州… went down as
    引“广, so the cut line ends three glyphs short of the edge (docx seed 254)."""
    first = _table(1, [["指标", "完成情况"], ["场次", "国际学术会议数量、吸"]], lines=2)
    cut = first.cell_at(1, 1)
    cut.slack, cut.tail_room = 12.0, 28.0  # at the cell's foot; three 9pt glyphs of room
    tables, codes = _stitch([["", below], ["人数", "1000人次"]], first=first)
    assert ("row_rejoined" in codes) is rejoined
    assert tables[0].n_rows == (3 if rejoined else 4)


@pytest.mark.parametrize(("below", "rejoined"), [("究”“科技人才", True), ("究”科技人才", False)])
def test_two_quotes_in_a_row_take_the_glyphs_either_side_down_together(
    below: str, rejoined: bool
) -> None:
    """协同研究”“科技人才… (docx seed 712): no line breaks beside either quote, so 究”“科 went
    down in one piece and the cut line ends four glyphs short of the edge; with one quote,
    three glyphs go down and four glyphs of room say the line was not cut."""
    first = _table(1, [["指标", "完成情况"], ["场次", "粤港澳大湾区科技创新协同研"]], lines=2)
    cut = first.cell_at(1, 1)
    cut.slack, cut.tail_room = 12.0, 36.0  # at the cell's foot; four 9pt glyphs of room
    tables, codes = _stitch([["", below], ["人数", "1000人次"]], first=first)
    assert ("row_rejoined" in codes) is rejoined
    assert tables[0].n_rows == (3 if rejoined else 4)


def test_a_new_copy_of_a_form_is_a_new_table() -> None:
    def form(page: int, top: float) -> Table:
        return _grid_table(page, [(0, 0, 1, 2, "项目支出绩效自评表"), (1, 0, 1, 1, "项目名称"),
                                  (1, 1, 1, 1, f"项目{page}")], top=top)  # fmt: skip

    out, _ = stitch([([form(1, 100.0)], []), ([form(2, 60.0)], [])], DEFAULT_SETTINGS)
    assert [t.pages for t in out] == [[1], [2]]


def test_a_full_width_row_continues_a_table_on_a_subset_of_its_columns() -> None:
    note = _grid_table(2, [(0, 0, 1, 1, "注：金额单位万元")], top=60.0)
    note.n_columns, note.column_edges = 1, [0.0, 300.0]
    note.cells[0].bbox = (0.0, 60.0, 300.0, 80.0)
    first = _table(1, [["指标", "完成情况"], ["场次", "开展活动10场"]])
    out, _ = stitch([([first], []), ([note], [])], DEFAULT_SETTINGS)
    (table,) = out
    last = table.cell_at(2, 0)
    assert (last.text, last.colspan) == ("注：金额单位万元", 2)
    assert table.cell_at(2, 1) is last


def test_a_table_with_other_columns_is_a_new_table() -> None:
    other = _table(2, [["甲", "乙"]], top=60.0)
    other.column_edges = [0.0, 150.0, 300.0]
    for cell, (x0, x1) in zip(other.cells, [(0.0, 150.0), (150.0, 300.0)], strict=True):
        cell.bbox = (x0, 60.0, x1, 80.0)
    first = _table(1, [["指标", "完成情况"], ["场次", "开展活动10场"]])
    out, _ = stitch([([first], []), ([other], [])], DEFAULT_SETTINGS)
    assert [t.pages for t in out] == [[1], [2]]


def test_a_page_without_tables_breaks_the_chain() -> None:
    first = _table(1, [["指标", "完成情况"], ["场次", "开展活动10场"]])
    out, _ = stitch(
        [([first], []), ([], []), ([_table(3, [["人数", "1000人次"]], top=60.0)], [])],
        DEFAULT_SETTINGS,
    )
    assert [t.pages for t in out] == [[1], [3]]


# --- grids: a cell open at the bottom edge ---------------------------------------------


def _h(y: float, x0: float, x1: float) -> Segment:
    return Segment(x0, y, x1, y)


def _v(x: float, top: float, bottom: float) -> Segment:
    return Segment(x, top, x, bottom)


def _grid(horizontal: list[Segment], vertical: list[Segment]) -> PageGrid:
    grids, _ = find_grids(horizontal + vertical, 1, DEFAULT_SETTINGS)
    assert len(grids) == 1
    return grids[0]


def test_a_cell_open_only_at_the_bottom_is_a_cell() -> None:
    """The bottom border of the last row's right cell is missing (cut by the page edge):
    still a cell, not a spare piece of the outline."""
    grid = _grid(
        [_h(0, 0, 100), _h(20, 0, 100), _h(40, 0, 50)],
        [_v(0, 0, 40), _v(50, 0, 40), _v(100, 0, 40)],
    )
    assert [(c.row, c.column, c.rowspan, c.colspan) for c in grid.cells] == [
        (0, 0, 1, 1), (0, 1, 1, 1), (1, 0, 1, 1), (1, 1, 1, 1),
    ]  # fmt: skip
    assert grid.spare == []
    assert grid.ys == [0, 20, 40]


def test_a_piece_open_at_the_bottom_and_the_side_is_outside_the_table() -> None:
    grid = _grid(
        [_h(0, 0, 100), _h(20, 0, 100), _h(40, 0, 50)],
        [_v(0, 0, 40), _v(50, 0, 40), _v(100, 0, 20)],
    )
    assert [(c.row, c.column) for c in grid.cells] == [(0, 0), (0, 1), (1, 0)]
    assert [(s.row, s.column, s.bbox) for s in grid.spare] == [(1, 1, (50, 20, 100, 40))]


def test_a_column_open_at_the_top_and_bottom_between_full_height_walls_is_a_cut_cell() -> None:
    """A merged cell that starts on an earlier page and ends on a later one, as Calc prints
    it: no rule at either page edge, its outer side rule touching no horizontal line."""
    grid = _grid(
        [_h(0, 50, 150), _h(20, 100, 150), _h(40, 50, 150)],
        [_v(0, 0, 40), _v(50, 0, 40), _v(100, 0, 40), _v(150, 0, 40)],
    )
    assert grid.xs == [0, 50, 100, 150]
    assert [(c.row, c.column, c.rowspan, c.colspan) for c in grid.cells] == [
        (0, 0, 2, 1), (0, 1, 2, 1), (0, 2, 1, 1), (1, 2, 1, 1),
    ]  # fmt: skip
    assert grid.spare == []


def test_a_lone_rule_shorter_than_the_table_stays_outside_it() -> None:
    """Control: a vertical rule beside the table that does not run its height is no wall."""
    grid = _grid(
        [_h(0, 50, 150), _h(20, 100, 150), _h(40, 50, 150)],
        [_v(0, 0, 30), _v(50, 0, 40), _v(100, 0, 40), _v(150, 0, 40)],
    )
    assert grid.xs == [50, 100, 150]


def test_text_drawn_above_the_page_is_no_title_over_a_continued_table() -> None:
    """Calc draws a merged cell's whole text, clipped, on each page it reaches: the part
    above the page's top edge (bottom <= 0) is seen by nobody and stops no continuation."""
    above = [TextLine(2, "附表2 项目支出表", (100.0, -40.0, 200.0, -30.0))]
    tables, _ = _stitch([["人数", "1000人次"]], above)
    assert len(tables) == 1 and tables[0].pages == [1, 2]


# --- cells: text in the outline but in no cell -----------------------------------------


def _chars(text: str, x: float, top: float, size: float = 10.0) -> list[Char]:
    """Glyphs ``size`` wide and tall, side by side (a size of 0 draws them 0pt tall)."""
    width = size or 10.0
    return [
        Char(ch, x + i * width, x + (i + 1) * width, top, top + size, size)
        for i, ch in enumerate(text)
    ]


def test_text_in_no_cell_is_kept_as_page_text_with_a_warning() -> None:
    """Slot (0, 1) of the outline belongs to no cell and no spare piece."""
    grid = PageGrid(1, [0.0, 100.0, 200.0], [0.0, 20.0], [GridCell(0, 0, 1, 1, (0, 0, 100, 20))])
    chars = _chars("指标", 10, 5) + _chars("无格文字", 110, 5)
    content = PageContent(1, 600.0, 800.0, chars, [])
    tables, lines, notices = fill_tables(content, [grid], DEFAULT_SETTINGS)
    assert [c.text for c in tables[0].cells] == ["指标"]
    assert [line.text for line in lines] == ["无格文字"]
    assert [(n.code, n.page) for n in notices] == [("text_outside_cells", 1)]
    assert "无格文字" in notices[0].message


def test_text_in_a_cell_gives_no_warning() -> None:
    grid = PageGrid(
        1,
        [0.0, 100.0, 200.0],
        [0.0, 20.0],
        [GridCell(0, 0, 1, 1, (0, 0, 100, 20)), GridCell(0, 1, 1, 1, (100, 0, 200, 20))],
    )
    chars = _chars("指标", 10, 5) + _chars("有格文字", 110, 5)
    tables, lines, notices = fill_tables(
        PageContent(1, 600.0, 800.0, chars, []), [grid], DEFAULT_SETTINGS
    )
    assert [c.text for c in tables[0].cells] == ["指标", "有格文字"]
    assert (lines, notices) == ([], [])


# --- text: spaces between wrapped lines --------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["Science", "Park"], "Science Park"),  # two Latin words: one space
        (["34,573", "13,278"], "34,573 13,278"),  # two numbers stay two numbers
        (["2021", "2022"], "2021 2022"),
        (["11000022T00000042", "5969-工业"], "11000022T000000425969-工业"),  # code wrapped
        (["1,363", "Scheduled tribe"], "1,363 Scheduled tribe"),  # digit + letter: a space
        (["5G", "Park"], "5G Park"),  # the two touching characters decide: G and P
        (["Park", "5G"], "Park 5G"),
        (["项目A", "B类"], "项目A B类"),
        (["A", "类"], "A类"),
        (["2021", "年"], "2021年"),  # CJK on either side: none
        (["（1183", ".09）"], "（1183.09）"),  # punctuation: none
        (["Wi-", "Fi"], "Wi-Fi"),
    ],
)
def test_wrapped_lines_get_a_space_only_between_two_latin_letters_or_digits(
    lines: list[str], expected: str
) -> None:
    assert join_lines(lines) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("宣传 230 余人次", "宣传230余人次"),
        ("５Ｇ基站　１个", "5G基站1个"),
        ("a  b\tc", "a b c"),
        ("率 ９５％", "率95%"),
    ],
)
def test_normalize_folds_width_and_drops_spaces_next_to_chinese(text: str, expected: str) -> None:
    assert normalize(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a \u3000 中", "a中"),  # the ideographic space folds first, then the run goes
        ("中 a b 文", "中a b文"),  # only the runs touching CJK
        ("“ 引号 ” and", "“引号”and"),  # curly quotes are CJK punctuation here
        ("x \u2027 y", "x \u2027 y"),  # U+2027 sits between CJK-counted • and …, not in them
        ("ｚ ｚ", "z z"),  # full-width letters fold to Latin: the space stays
        ("［ a ］", "［a］"),  # full-width brackets do not fold: CJK
        ("  ", ""),
        ("", ""),
    ],
)
def test_whitespace_goes_exactly_where_it_touches_cjk(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_cjk_is_the_documented_ranges_and_nothing_else() -> None:
    """Every code point, against the ranges written out one by one (the lookup bisects a
    merged list: an off-by-one at any range's edge shows here)."""
    ranges = [
        (0x00B7, 0x00B7), (0x2014, 0x2014), (0x2018, 0x2019), (0x201C, 0x201D),
        (0x2022, 0x2022), (0x2026, 0x2026), (0x2236, 0x2236), (0x2E80, 0x2FFF),
        (0x3000, 0x303F), (0x3040, 0x30FF), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
        (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFF0F), (0xFF1A, 0xFF20),
        (0xFF3B, 0xFF40), (0xFF5B, 0xFFEF),
    ]  # fmt: skip
    expected = {code for first, last in ranges for code in range(first, last + 1)}
    found = {code for code in range(0x110000) if is_cjk(chr(code))}
    assert found == expected
    assert not is_cjk("")
    assert is_cjk("中a") and not is_cjk("a中")  # the first character decides


# --- amounts ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("indicator", "name", "wan", "codes"),
    [
        ("开展活动（35万）", "开展活动", "35", []),  # bare 万 is 万元, no guess
        ("开展活动(35万)。", "开展活动", "35", []),
        ("开展活动（35万元）", "开展活动", "35", []),
        ("开展活动（1.5亿元）", "开展活动", "15000", []),
        ("开展活动（350000元）", "开展活动", "35", []),
        ("开展活动（35）", "开展活动", "35", ["amount_unit_inferred"]),
        ("开展活动（35万", "开展活动", "35", ["amount_bracket_unclosed"]),
        ("建设35万平方米（12.50万元）", "建设35万平方米", "12.5", []),
        ("（35万）人次培训", "（35万）人次培训", None, []),  # not at the end: not an amount
    ],
)
def test_amount_annotations(indicator: str, name: str, wan: str | None, codes: list[str]) -> None:
    amount = split_amount(indicator)
    assert amount.name == name
    assert amount.amount_wan == (None if wan is None else Decimal(wan))
    assert [code for code, _ in amount.guesses] == codes


# --- text: characters into lines and words ------------------------------------------------


def _glyph(
    text: str, x0: float, top: float = 100.0, height: float = 10.0, size: float = 10.0
) -> Char:
    return Char(text, x0, x0 + 5.0, top, top + height, size)


@pytest.mark.parametrize(
    ("gap", "expected"),
    [(3.0, "a b"), (2.0, "ab"), (2.5, "ab")],  # a space only when gap > 0.25 × size (2.5)
)
def test_a_visible_gap_between_latin_glyphs_is_a_space(gap: float, expected: str) -> None:
    assert line_text([_glyph("a", 0), _glyph("b", 5 + gap)]) == expected


def test_the_gap_rule_uses_the_glyph_height_when_the_size_is_unknown() -> None:
    a, b = _glyph("a", 0, size=0.0), _glyph("b", 8.0, size=0.0)  # gap 3 > 0.25 × 10
    assert line_text([a, b]) == "a b"
    assert line_text([a, _glyph("b", 6.0, size=0.0)]) == "ab"  # gap 1


def test_no_space_is_added_next_to_chinese_or_a_printed_space() -> None:
    chars = [_glyph("A", 0), _glyph("中", 20), _glyph("C", 40), _glyph("D", 60)]
    assert line_text(chars) == "A中C D"
    assert line_text([_glyph("a", 0), _glyph(" ", 10), _glyph("b", 20)]) == "a b"
    assert line_text([_glyph("中", 0), _glyph("A", 20)]) == "中A"


def test_a_wider_word_gap_setting_is_honoured() -> None:
    chars = [_glyph("a", 0), _glyph("b", 8.0)]  # gap 3
    assert chars_to_text(chars) == "a b"
    assert chars_to_text(chars, word_gap=0.5) == "ab"
    assert lines_to_text([chars]) == "a b"
    assert lines_to_text([chars], word_gap=0.5) == "ab"


@pytest.mark.parametrize(
    ("offset", "n_lines"),
    [(2.0, 1), (5.0, 1), (6.0, 2)],  # same line while centres differ by ≤ 0.5 × height
)
def test_characters_share_a_line_when_their_centres_are_close(offset: float, n_lines: int) -> None:
    chars = [_glyph("上", 0, top=100.0), _glyph("下", 20, top=100.0 + offset)]
    assert len(group_lines(chars)) == n_lines
    assert len(group_lines(chars, overlap=0.1)) == 2


def test_a_line_overlap_setting_changes_grouping_through_chars_to_text() -> None:
    chars = [_glyph("a", 0, top=100.0), _glyph("b", 6, top=103.0)]
    assert chars_to_text(chars) == "ab"  # one line, glyphs 1 pt apart: one word
    assert chars_to_text(chars, overlap=0.1) == "a b"  # two lines: two Latin words


def test_glyphs_less_than_a_point_tall_count_as_one_point() -> None:
    chars = [_glyph(".", 0, top=100.0, height=0.5), _glyph(".", 20, top=100.75, height=0.5)]
    assert len(group_lines(chars)) == 2  # 0.75 apart > 0.5 × 1pt


def test_amount_guesses_quote_what_was_printed() -> None:
    assert "（35） has no unit" in split_amount("开展活动（35）").guesses[0][1]
    assert "（35万 has no closing bracket" in split_amount("开展活动（35万").guesses[0][1]


def test_an_indicator_without_amount_loses_only_trailing_punctuation() -> None:
    assert split_amount("。开展活动；。 ") == Amount("。开展活动", None, ())


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4,100,000.00", "4100000.00"),
        (" 1 200 ", "1200"),  # spaces inside a printed number are layout
        ("−5", "-5"),  # U+2212 minus
        ("95.5%", "95.5"),
        ("3744.17万元", "3744.17"),
        ("410元", "410"),
        ("10分", "10"),
        ("分10", None),
        ("元10", None),
        ("万元10", None),
        ("— —", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_number(text: str | None, value: str | None) -> None:
    assert parse_number(text) == (None if value is None else Decimal(value))


def test_placeholders_are_no_value() -> None:
    assert is_placeholder("- -") and is_placeholder(" — ") and is_placeholder("无")
    assert not is_placeholder(None) and not is_placeholder("0") and not is_placeholder("")


# --- cells: layout of the text in a cell, lines outside tables ------------------------------


def test_a_cell_records_its_lines_and_the_room_left_below_them() -> None:
    grid = PageGrid(3, [0.0, 100.0], [0.0, 60.0], [GridCell(0, 0, 1, 1, (0, 0, 100, 60))])
    chars = _chars("第一行", 5, 5) + _chars("第二", 5, 20, size=12.0)
    (table,), lines, notices = fill_tables(
        PageContent(3, 600.0, 800.0, chars, []), [grid], DEFAULT_SETTINGS
    )
    (cell,) = table.cells
    assert (cell.text, cell.page, cell.bbox) == ("第一行第二", 3, (0, 0, 100, 60))
    assert (cell.n_lines, cell.line_height, cell.slack) == (2, 12.0, 28.0)
    assert (lines, notices) == ([], [])


def test_the_cell_text_follows_the_word_gap_and_line_overlap_settings() -> None:
    grid = PageGrid(1, [0.0, 200.0], [0.0, 60.0], [GridCell(0, 0, 1, 1, (0, 0, 200, 60))])
    chars = _chars("a", 5, 5) + _chars("b", 20, 5) + _chars("c", 40, 8)  # gaps 5 and 10
    content = PageContent(1, 600.0, 800.0, chars, [])
    assert fill_tables(content, [grid], DEFAULT_SETTINGS)[0][0].cells[0].text == "a b c"
    wide = replace(DEFAULT_SETTINGS, word_gap=0.6, line_overlap=0.2)
    assert fill_tables(content, [grid], wide)[0][0].cells[0].text == "ab c"  # two lines


def test_a_wide_gap_splits_a_page_line_into_phrases() -> None:
    chars = _chars("部门名称", 10, 5) + _chars("单位万元", 90, 5)  # gap 40 > 3 × 10
    chars += _chars("年度", 10, 40) + _chars("2023", 70, 40)  # gap 40
    lines = page_lines(chars, 7, DEFAULT_SETTINGS)
    assert [(line.page, line.text) for line in lines] == [
        (7, "部门名称"), (7, "单位万元"), (7, "年度"), (7, "2023"),
    ]  # fmt: skip
    assert lines[0].bbox == (10, 5, 50, 15) and lines[1].bbox == (90, 5, 130, 15)
    near = page_lines(_chars("部门", 10, 5) + _chars("名称", 50, 5), 7, DEFAULT_SETTINGS)
    assert [line.text for line in near] == ["部门名称"]  # gap 20 ≤ 30: one phrase
    exact = page_lines(_chars("部门", 10, 5) + _chars("名称", 60, 5), 7, DEFAULT_SETTINGS)
    assert [line.text for line in exact] == ["部门名称"]  # gap 30 is not wider than 3 × size


def test_page_lines_use_the_glyph_height_without_a_size() -> None:
    chars = _chars("部门", 10, 5, size=0.0) + _chars("名称", 60, 5, size=0.0)
    for ch in chars:
        assert ch.bottom - ch.top == 0.0
    tall = [replace(c, bottom=c.top + 10.0) for c in chars]  # 10pt glyphs, size unknown
    assert [line.text for line in page_lines(tall, 1, DEFAULT_SETTINGS)] == ["部门名称"]
    far = [replace(c, x0=c.x0 + 10, x1=c.x1 + 10) if c.text in "名称" else c for c in tall]
    assert [line.text for line in page_lines(far, 1, DEFAULT_SETTINGS)] == ["部门", "名称"]


@pytest.mark.parametrize(
    ("yuan", "wan"), [("7595500.00", "759.55"), ("4100000.00", "410"), ("1234.56", "0.123456")]
)
def test_yuan_to_wan_shifts_the_decimal_point(yuan: str, wan: str) -> None:
    assert str(yuan_to_wan(Decimal(yuan))) == wan


def _pair_cells(
    above: str, below: str, *, row: int, last: int, lines: int = 1, slack: float = 10.0
) -> tuple[Cell, Cell]:
    a = Cell(row, 0, last - row + 1, 1, above, 1, (40.0, 100.0, 120.0, 700.0), n_lines=lines,
             slack=slack, line_height=9.0, lead_room=2.0, tail_room=2.0)  # fmt: skip
    b = Cell(0, 0, 1, 1, below, 2, (40.0, 60.0, 120.0, 80.0), n_lines=1, slack=10.0,
             line_height=9.0, lead_room=2.0, tail_room=30.0)  # fmt: skip
    return a, b


def test_a_new_name_in_a_merged_column_starts_a_new_row() -> None:
    """beijing_statistics p28/29: the last row (公众号关注数量 ≥ 20) of one project, then at the
    top of the next page the next project's name in the merged project column and its first
    row (企业登记率 ≥ 88). The short level cells once looked cut, and the two rows (and
    projects) were joined. A code broken between the pages (…T00000048 / 7475-…,
    beijing_econ) is the rest of the merged cell, not a new one."""
    from jixiao.extract.stitch import _is_split_row

    last = 5
    project = _pair_cells(
        "11000022T000000445737-统计宣传项目", "11000022T000000446100-北京市法人单位经营情况调查项目",
        row=2, last=last, lines=3, slack=300.0,
    )  # fmt: skip
    # The level cell of the last row, printed full to its foot: evidence of a cut row alone.
    level = Cell(last, 1, 1, 1, "社会效益指标社会效益", 1, (120.0, 680.0, 180.0, 700.0),
                 n_lines=2, slack=1.0, line_height=9.0, lead_room=2.0, tail_room=2.0)  # fmt: skip
    level_b = Cell(0, 1, 1, 1, "质量指标", 2, (120.0, 60.0, 180.0, 80.0), n_lines=1,
                   slack=10.0, line_height=9.0, lead_room=2.0, tail_room=30.0)  # fmt: skip
    assert _is_split_row([(level, level_b)], last)  # the level cell alone says "cut"
    assert not _is_split_row([project, (level, level_b)], last)
    code = _pair_cells("11000022T00000048", "7475-产业发展趋势预测", row=2, last=last)
    assert _is_split_row([code, (level, level_b)], last)
    # The same name re-printed on the new page says nothing either way.
    same = _pair_cells("11000022T000000445737-统计宣传项目", "11000022T000000445737-统计宣传项目",
                       row=2, last=last, slack=300.0)  # fmt: skip
    assert _is_split_row([same, (level, level_b)], last)


def _at_foot(
    column: int, x0: float, x1: float, text: str, lines: int, *, tail: float = 2.0
) -> Cell:
    """A cell of the last row (5) on page 1, 9pt glyphs, its text down to its foot."""
    return Cell(5, column, 1, 1, text, 1, (x0, 600.0, x1, 700.0), n_lines=lines, slack=2.0,
                line_height=9.0, lead_room=2.0, tail_room=tail)  # fmt: skip


def _top(column: int, text: str) -> Cell:
    return Cell(0, column, 1, 1, text, 2, (0.0, 60.0, 10.0, 80.0), n_lines=1, slack=10.0,
                line_height=9.0, lead_room=2.0, tail_room=2.0)  # fmt: skip


def _roomy(column: int, text: str, below: str) -> tuple[Cell, Cell]:
    """An indicator cell with room left below its text, and the new row's text under it."""
    a = Cell(5, column, 1, 1, text, 1, (200.0, 600.0, 300.0, 700.0), n_lines=2, slack=40.0,
             line_height=9.0, lead_room=2.0, tail_room=30.0)  # fmt: skip
    return a, _top(column, below)


@pytest.mark.parametrize(
    ("above", "cut"),
    [("开展联系服务院士专家工作营造尊重人才", 1), ("服务对象满意度指标", 0)],
)
def test_a_long_text_filling_a_short_last_line_goes_on(above: str, cut: int) -> None:
    """docx seed 265: a goal column four glyphs wide, its text cut at the page foot after a
    full line of four glyphs. Labels fill such lines without being cut: a text counts only
    when it is longer than a label (服务对象满意度指标 is not)."""
    from jixiao.extract.stitch import _visibly_cut

    goal = _at_foot(1, 40.0, 80.0, above, 5)  # 36pt for text: four 9pt glyphs a line
    pairs = [
        (goal, _top(1, "学术会议之都建设项目")),
        _roomy(2, "宣传科技工作者（79万元）", "国际学术会议"),
    ]
    assert _visibly_cut(pairs) == cut


@pytest.mark.parametrize(("goal_end", "cut"), [("二、院士", 2), ("二、院士工作。", 0)])
def test_a_column_left_of_one_that_goes_on_goes_on_with_it(goal_end: str, cut: int) -> None:
    """docx seed 261: 四、服务党和政府 | 科学决策 in a column one glyph wide shows nothing
    cut (every line is full), but the goal right of it visibly goes on: a merged cell
    spans at least as far as the merged cells right of it. Alone it is not joined."""
    from jixiao.extract.stitch import _visibly_cut

    category = _at_foot(0, 0.0, 13.0, "四、服务党和政府", 8)  # one glyph a line
    goal = _at_foot(1, 13.0, 113.0, "一、设立四个专题，可形成政策研究报告；" + goal_end, 3)
    pairs = [
        (category, _top(0, "科学决策")),
        (goal, _top(1, "专项工作：发挥院士专家作用")),
        _roomy(2, "智库（38万元）。", "发挥好科技工作者建言献策作用"),
    ]
    assert _visibly_cut(pairs) == cut


@pytest.mark.parametrize("indicator_full", [True, False])
def test_the_next_item_goes_on_a_cell_that_ran_out_of_room(indicator_full: bool) -> None:
    """docx seed 265: 一、…建议12份； at the foot of the goal cell, 二、院士专项工作… on the
    next page — one goal cell (一、…；二、…), though 二、 under 一、 is as often the next
    goal cell. It went on when another cell of the row reaches its foot too: that cell set
    the row's height, so the goal ran out of room, not out of text."""
    from jixiao.extract.stitch import _visibly_cut

    goal = _at_foot(1, 13.0, 113.0, "一、设立四个专题，可形成政策研究报告12份、建议12份；", 3)
    indicator, below = _roomy(2, "12篇，科技工作者建议6期。", "召开3场花城院士科技峰会")
    if indicator_full:
        indicator.slack = 2.0
    pairs = [(goal, _top(1, "二、院士专项工作：发挥院士专家作用")), (indicator, below)]
    assert _visibly_cut(pairs) == (1 if indicator_full else 0)


@pytest.mark.parametrize(("lead", "split"), [(7.6, True), (16.0, False)])
def test_a_short_full_line_starting_at_the_cell_padding_cuts_the_row(
    lead: float, split: bool
) -> None:
    """docx seeds 75, 92: 150 twips of padding beside 10 pt type put every line 7.6 pt from
    the left rule, more than the 0.75 em a short full line was allowed: 建设面积 | 3000平米…
    was read as ended. The edge is the row's padding; a short value further in is centred
    and fills nothing (the control)."""
    from jixiao.extract.stitch import _is_split_row

    def cut(column: int, x0: float, x1: float, text: str, lead_room: float, tail: float) -> Cell:
        return Cell(5, column, 1, 1, text, 1, (x0, 680.0, x1, 700.0), n_lines=1, slack=9.0,
                    line_height=10.0, lead_room=lead_room, tail_room=tail)  # fmt: skip

    wide = cut(0, 0.0, 175.0, "占地面积2000多平方米的基", 7.6, 13.5)  # a long full line
    short = cut(1, 175.0, 248.0, "建设面积", lead, 73.0 - lead - 40.0)  # four 10pt glyphs
    pairs = [(wide, _top(0, "础建设包括三通一平")), (short, _top(1, "3000平米的创新工场"))]
    assert _is_split_row(pairs, 5) is split


def test_a_value_printed_again_under_itself_starts_a_new_row() -> None:
    """beijing_econ p26/27: the page ends on 形成安全测评方案数量 | = | 5 | 份, a complete row,
    and the next page starts 形成安全测评报告数量 | = | 5 | 份. The two-line indicator fills its
    cell (as a cut one would), but a split row's second part leaves blank the cells whose
    text fitted above: the same value under itself is the next row's value."""
    from jixiao.extract.stitch import _is_split_row

    last = 5

    def pair(above: str, below: str, column: int, lines: int) -> tuple[Cell, Cell]:
        x0, x1 = 40.0 + 80 * column, 120.0 + 80 * column
        a = Cell(last, column, 1, 1, above, 1, (x0, 680.0, x1, 700.0), n_lines=lines,
                 slack=1.0, line_height=9.0, lead_room=2.0, tail_room=2.0)  # fmt: skip
        b = Cell(0, column, 1, 1, below, 2, (x0, 60.0, x1, 80.0), n_lines=lines, slack=1.0,
                 line_height=9.0, lead_room=2.0, tail_room=2.0)  # fmt: skip
        return a, b

    indicator = pair("形成安全测评方案数量", "形成安全测评报告数量", 1, 2)
    assert _is_split_row([indicator], last)  # the full indicator cell alone says "cut"
    assert not _is_split_row([indicator, pair("5", "5", 2, 1), pair("份", "份", 3, 1)], last)
    # The second part of a really split row: the short cells blank below.
    assert _is_split_row([indicator, pair("5", "", 2, 1), pair("份", "", 3, 1)], last)


def test_one_full_line_of_a_merged_cell_goes_on_over_the_break() -> None:
    """beijing_econ p38/39: the merged project cell shows one line, the code
    ``11000022T00000048`` run to the right edge at the page's foot, and the next page goes on
    with ``3334-北京市业余无线电台…``. One full line of a one-row cell is no such evidence (a
    short value may fill its column)."""
    from jixiao.extract.stitch import _text_goes_on

    a, b = _pair_cells("11000022T00000048", "3334-北京市业余无线电台操作能力认证", row=2, last=5)
    a = replace(a, bbox=(40.0, 100.0, 120.0, 700.0), slack=2.0, tail_room=1.0, lead_room=1.0)
    assert a.rowspan > 1 and _text_goes_on(a, b)
    single = replace(a, row=5, rowspan=1, bbox=(40.0, 680.0, 120.0, 700.0))
    assert not _text_goes_on(single, b)
    ended = replace(a, text="11000022T00000048。")
    assert not _text_goes_on(ended, b)


# --- layout readers ----------------------------------------------------------------------

_PLAN_HEADER = ("年度主要支出计划", "任务（政策）的绩效目标", "关键性指标", "绩效标准", "年度完成值",
                "具体完成情况")  # fmt: skip


def _plan_table(bottom_row: list[tuple[int, str]]) -> Table:
    """A 年度主要支出计划 table of a header and two rows; the second row's cells are given."""
    xs = [0.0, 80.0, 200.0, 320.0, 400.0, 480.0, 560.0]
    rows = [[(c, text) for c, text in enumerate(_PLAN_HEADER)]]
    rows.append([(0, "五、发展高等职业教育"), (1, "四、加强师资队伍建设"), (2, "申报课题数（119.75）"),
                 (3, "21项"), (4, "31项"), (5, "已完成")])  # fmt: skip
    rows.append(bottom_row)
    cells = [
        Cell(r, c, 1, 1, text, 1, (xs[c], 20.0 * r, xs[c + 1], 20.0 * r + 20))
        for r, row in enumerate(rows)
        for c, text in row
    ]
    return Table([1], 3, 6, cells, (0.0, 0.0, 560.0, 60.0), row_pages=[1, 1, 1])


def test_a_row_with_no_cell_under_the_group_columns_belongs_to_the_group_above() -> None:
    """docx seed 478: the category and goal cells' bottom border is drawn a row early, so the
    last row has no cell at all under them (the outline is notched) — it still belongs to the
    group printed above, filled down with a warning like a blank cell."""
    from jixiao.extract.model import Document
    from jixiao.parsers import gz_performance

    notched = [(2, "人才引进人次（300万元）"), (3, "10人"), (4, "12人"), (5, "已完成")]
    blank = [(0, ""), (1, ""), *notched]
    for bottom, kind in ((notched, "no"), (blank, "blank")):
        report = gz_performance.parse(Document(1, [_plan_table(bottom)], [], []))
        last = report.records[-1]
        assert (last.category, last.goal, last.indicator) == (
            "五、发展高等职业教育",
            "四、加强师资队伍建设",
            "人才引进人次（300万元）",
        )
        filled = [w.message for w in report.warnings if w.code == "value_forward_filled"]
        assert filled == [
            f"{kind} category cell filled from the row above: 五、发展高等职业教育",
            f"{kind} goal cell filled from the row above: 四、加强师资队伍建设",
        ]


# --- word tests ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "unit", "plain"),
    [
        ("", False, False, False),
        ("12.5", False, False, False),
        ("%", False, True, False),
        ("‰", False, True, False),
        ("一", True, True, False),  # one ideograph: a word, not a plain word of two
        ("\u4e00\u9fff", True, True, True),  # the ideograph range's two ends
        ("\u4dff\ua000", False, False, False),  # just outside it
        ("ab", True, True, True),
        ("a中", True, True, False),  # mixed scripts are no plain word
        ("ａｂ", False, False, False),  # full-width letters are not Latin letters
        ("éı", False, False, False),  # nor accented or dotless ones
        ("“满意”", True, True, False),
    ],
)
def test_word_characters(text: str, word: bool, unit: bool, plain: bool) -> None:
    assert has_word(text) is word
    assert has_word(text, also="%‰") is unit
    assert is_plain_word(text) is plain
