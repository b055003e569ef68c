"""Characters into cells (extract/cells.py) on grids and glyphs typed by hand: which table
and cell a glyph lands in, where open pieces of an outline are placed, what a cell records
about its text, and the warnings when a guess was made.

Expectations come from the drawing each test describes, never from jixiao's output; the
inputs are plain dataclasses, so each test runs in milliseconds (this file pins cells.py
under mutation testing, see docs/mutation.md).
"""

from __future__ import annotations

from dataclasses import replace

from jixiao.extract.cells import fill_tables, page_lines
from jixiao.extract.grid import GridCell, PageGrid
from jixiao.extract.model import Char, Notice, PageContent
from jixiao.extract.settings import DEFAULT_SETTINGS


def _chars(text: str, x: float, top: float, size: float = 10.0, **kw) -> list[Char]:
    """Glyphs ``size`` wide and tall, side by side from ``x``."""
    return [
        Char(ch, x + i * size, x + (i + 1) * size, top, top + size, size, **kw)
        for i, ch in enumerate(text)
    ]


def _one_cell(page: int, bbox: tuple[float, float, float, float]) -> PageGrid:
    x0, top, x1, bottom = bbox
    return PageGrid(page, [x0, x1], [top, bottom], [GridCell(0, 0, 1, 1, bbox)])


def _fill(page: int, chars: list[Char], grids: list[PageGrid], settings=DEFAULT_SETTINGS):
    return fill_tables(PageContent(page, 600.0, 800.0, chars, []), grids, settings)


def test_a_glyph_goes_to_the_innermost_table_holding_it() -> None:
    """Two small tables drawn inside a large one's cell (a tall narrow one at its right, a
    wide flat one at its bottom): each keeps its own glyph; the large one keeps the rest."""
    outer = _one_cell(1, (100.0, 100.0, 400.0, 300.0))
    tall = _one_cell(1, (350.0, 110.0, 390.0, 290.0))
    flat = _one_cell(1, (105.0, 280.0, 345.0, 295.0))
    chars = _chars("外", 145, 145) + _chars("甲", 365, 195) + _chars("乙", 220, 282.5)
    tables, lines, notices = _fill(1, chars, [outer, tall, flat])
    assert [[c.text for c in t.cells] for t in tables] == [["外"], ["甲"], ["乙"]]
    assert (lines, notices) == ([], [])


def test_a_glyph_centred_on_the_table_outline_stays_in_the_cell_at_that_edge() -> None:
    """Glyphs printed over the outer rules (centred exactly on them) belong to the cell
    whose edge it is, not to the page text outside the table."""
    cells = [
        GridCell(r, c, 1, 1, (100.0 * c, 20.0 * r, 100.0 * c + 100, 20.0 * r + 20))
        for r in (0, 1)
        for c in (0, 1)
    ]
    grid = PageGrid(1, [0.0, 100.0, 200.0], [0.0, 20.0, 40.0], cells)
    chars = _chars("上", 45, -5) + _chars("下", 145, 35) + _chars("左", -5, 25)
    chars += _chars("右", 195, 5)
    (table,), lines, notices = _fill(1, chars, [grid])
    assert [c.text for c in table.cells] == ["上", "右", "左", "下"]
    assert (lines, notices) == ([], [])


def test_page_lines_follow_the_line_overlap_and_word_gap_settings() -> None:
    """``c`` sits 3 pt lower than ``ab``: one line at the default overlap (half a glyph),
    two at 0.1. ``a`` and ``b`` are 5 pt apart: a space at the default word gap (2.5 pt),
    none at 0.6 (6 pt)."""
    chars = _chars("ab", 5, 5, size=10.0)
    chars = [chars[0], replace(chars[1], x0=20.0, x1=30.0), *_chars("c", 40, 8)]
    assert [line.text for line in page_lines(chars, 1, DEFAULT_SETTINGS)] == ["a b c"]
    tight = replace(DEFAULT_SETTINGS, word_gap=0.6, line_overlap=0.1)
    assert [line.text for line in page_lines(chars, 1, tight)] == ["ab", "c"]
    grid = _one_cell(1, (0.0, 0.0, 200.0, 60.0))
    (table,), _, _ = _fill(1, chars, [grid], tight)
    assert (table.cells[0].text, table.cells[0].n_lines) == ("ab c", 2)


def test_a_cell_records_the_room_left_and_right_of_its_text_and_its_ocr_confidence() -> None:
    """Cell (100, 50)-(300, 110); its first line starts at x=110, its last ends at x=250.
    OCR read the glyphs with confidence 0.9, 0.6 and (a text-layer glyph) none: the cell's
    is the lowest one read."""
    grid = _one_cell(2, (100.0, 50.0, 300.0, 110.0))
    chars = _chars("甲乙", 110, 60, confidence=0.9)
    chars += _chars("丙", 230, 75, confidence=0.6) + _chars("丁", 240, 75)
    (table,), _, _ = _fill(2, chars, [grid])
    (cell,) = table.cells
    assert cell.text == "甲乙丙丁"
    assert (cell.lead_room, cell.tail_room, cell.confidence) == (10.0, 50.0, 0.6)
    (plain,), _, _ = _fill(2, _chars("甲", 110, 60), [grid])
    assert plain.cells[0].confidence is None


def test_numbers_printed_on_separate_lines_of_a_cell_are_flagged() -> None:
    grid = _one_cell(3, (100.0, 50.0, 300.0, 110.0))
    chars = _chars("120", 110, 55) + _chars("80", 110, 70) + _chars("95%", 110, 85)
    (table,), _, notices = _fill(3, chars, [grid])
    assert table.cells[0].text == "120 80 95%"
    assert notices == [
        Notice(
            "numbers_in_one_cell",
            "a cell prints numbers on separate lines (120 / 80; 80 / 95%); they were kept "
            "apart by a space in its text: 120 80 95%",
            3,
        )
    ]
    assert notices[0].at == (200.0, 80.0)  # ``at`` is left out of Notice equality


def _placed(table) -> list[tuple[int, int, int, int, str]]:
    return [(c.row, c.column, c.rowspan, c.colspan, c.text) for c in table.cells]


def test_open_pieces_with_text_are_placed_in_the_free_slots_they_cover() -> None:
    """Four rows, three columns; only the first column is cells. Open pieces, in this
    order: one over the last row's first two slots (the first is a cell: refused, its text
    stays page text), then the middle row's right slot, its middle slot, the top row's
    right slot, and the third row's two right slots (two numbers on two lines)."""
    xs, ys = [0.0, 100.0, 200.0, 300.0], [0.0, 20.0, 40.0, 60.0, 80.0]
    cells = [GridCell(r, 0, 1, 1, (0.0, ys[r], 100.0, ys[r + 1])) for r in range(4)]
    grid = PageGrid(5, xs, ys, cells)
    grid.spare = [
        GridCell(3, 0, 1, 2, (0.0, 60.0, 200.0, 80.0)),
        GridCell(1, 2, 1, 1, (200.0, 20.0, 300.0, 40.0)),
        GridCell(1, 1, 1, 1, (100.0, 20.0, 200.0, 40.0)),
        GridCell(0, 2, 1, 1, (200.0, 0.0, 300.0, 20.0)),
        GridCell(2, 1, 1, 2, (100.0, 40.0, 300.0, 60.0)),
    ]
    chars = [ch for r, t in enumerate("一二三四") for ch in _chars(t, 45, 20 * r + 5)]
    chars += _chars("余", 145, 65) + _chars("丙", 245, 25) + _chars("乙", 145, 25)
    chars += _chars("丁", 245, 5) + _chars("12", 110, 41, 8.0) + _chars("34", 110, 51, 8.0)
    (table,), lines, notices = _fill(5, chars, [grid])
    assert _placed(table) == [
        (0, 0, 1, 1, "一"), (0, 2, 1, 1, "丁"), (1, 0, 1, 1, "二"), (1, 1, 1, 1, "乙"),
        (1, 2, 1, 1, "丙"), (2, 0, 1, 1, "三"), (2, 1, 1, 2, "12 34"), (3, 0, 1, 1, "四"),
    ]  # fmt: skip
    assert [(c.text, c.bbox) for c in table.cells if c.text == "12 34"] == [
        ("12 34", (100.0, 40.0, 300.0, 60.0))
    ]
    assert [(line.page, line.text) for line in lines] == [(5, "余")]
    assert [n.code for n in notices] == [
        "open_cell", "open_cell", "open_cell", "numbers_in_one_cell", "open_cell",
        "text_outside_cells",
    ]  # fmt: skip
    assert (table.pages, table.n_rows, table.n_columns, table.row_pages) == ([5], 4, 3, [5] * 4)
    assert (table.bbox, table.column_edges, table.row_edges) == ((0.0, 0.0, 300.0, 80.0), xs, ys)


def test_a_second_open_piece_over_a_slot_already_given_to_one_is_refused() -> None:
    grid = PageGrid(
        1, [0.0, 100.0, 200.0], [0.0, 20.0], [GridCell(0, 0, 1, 1, (0.0, 0.0, 100.0, 20.0))]
    )
    grid.spare = [
        GridCell(0, 1, 1, 1, (100.0, 0.0, 200.0, 10.0)),
        GridCell(0, 1, 1, 1, (100.0, 10.0, 200.0, 20.0)),
    ]
    chars = _chars("甲", 145, 2, 6.0) + _chars("乙", 145, 12, 6.0)
    (table,), lines, notices = _fill(1, chars, [grid])
    assert _placed(table) == [(0, 0, 1, 1, ""), (0, 1, 1, 1, "甲")]
    assert [line.text for line in lines] == ["乙"]
    assert [n.code for n in notices] == ["open_cell", "text_outside_cells"]


def test_text_in_no_cell_is_listed_with_the_page_text_in_reading_order() -> None:
    """Slot (0, 1) is no cell: its two phrases join the page text, sorted with it top to
    bottom then left to right, and the warning quotes both and points at the first."""
    grid = PageGrid(
        8, [0.0, 100.0, 200.0], [0.0, 40.0], [GridCell(0, 0, 1, 1, (0.0, 0.0, 100.0, 40.0))]
    )
    chars = _chars("无格", 110, 5) + _chars("空白", 110, 25)
    chars += _chars("标题", 300, 5) + _chars("注", 0, 100)
    _, lines, notices = _fill(8, chars, [grid])
    assert [(line.page, line.text) for line in lines] == [
        (8, "无格"), (8, "标题"), (8, "空白"), (8, "注"),
    ]  # fmt: skip
    assert notices == [
        Notice(
            "text_outside_cells",
            "text inside a table outline but in no closed cell was kept as page text: 无格 / 空白",
            8,
        )
    ]
    assert notices[0].at == (120.0, 10.0)


def test_text_running_past_the_first_of_two_tables_is_flagged_on_its_page() -> None:
    """A line in the first table's cell runs on past its right rule; a second table lies
    below. The notice of the first is kept, with the page it is on."""
    first = _one_cell(6, (0.0, 0.0, 100.0, 20.0))
    second = _one_cell(6, (0.0, 100.0, 100.0, 120.0))
    chars = _chars("政策依据测算", 60, 5) + _chars("说明", 10, 105)  # 测算 lies past x=100
    tables, lines, notices = _fill(6, chars, [first, second])
    assert [t.cells[0].text for t in tables] == ["政策依据测算", "说明"]
    assert lines == []
    assert [(n.code, n.page) for n in notices] == [("text_past_table_edge", 6)]


def test_glyphs_centred_on_an_open_pieces_edges_are_its_text() -> None:
    """An open piece right of the only cell; glyphs centred exactly on its top, bottom,
    left and right edges (over the rules and the open outline) are its text, like glyphs
    on a cell's edge, not text outside the table."""
    grid = PageGrid(
        1, [0.0, 100.0, 200.0], [0.0, 20.0], [GridCell(0, 0, 1, 1, (0.0, 0.0, 100.0, 20.0))]
    )
    grid.spare = [GridCell(0, 1, 1, 1, (100.0, 0.0, 200.0, 20.0))]
    chars = _chars("上", 145, -5) + _chars("下", 145, 15) + _chars("左", 95, 5)
    chars += _chars("右", 195, 5)
    (table,), lines, notices = _fill(1, chars, [grid])
    assert _placed(table) == [(0, 0, 1, 1, ""), (0, 1, 1, 1, "上左右下")]
    assert lines == [] and [n.code for n in notices] == ["open_cell"]
