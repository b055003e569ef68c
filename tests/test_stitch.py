"""Stitching rules pinned on small typed tables and cells (no PDF), one rule per test.

Written from the survivors of the mutation check (docs/mutation.md): each input sits on the
boundary a rule draws, or holds what a notice must say, with the expected value worked out
by hand from the rule as its docstring states it. Geometry is in points; ``char`` (the line
height) is 10 pt unless a test says otherwise, so 1.2 em is 12 pt.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from jixiao.extract.model import Cell, Notice, Table, TextLine
from jixiao.extract.settings import DEFAULT_SETTINGS
from jixiao.extract.stitch import (
    MergedColumns,
    Stitcher,
    _alike,
    _column_map,
    _drop_rows,
    _full,
    _header_rows,
    _is_split_row,
    _item_number,
    _new_group,
    _next_item,
    _text_goes_on,
    _title_above,
    _visibly_cut,
    _wrapped,
    lowest,
    merge_into,
    running_headers,
    stitch,
)

EDGES = [0.0, 100.0, 300.0]

# (row, column, rowspan, colspan, text)
Spec = tuple[int, int, int, int, str]


def _part(
    page: int,
    specs: list[Spec],
    *,
    top: float = 100.0,
    edges: list[float] | None = None,
    ocr: bool = False,
    confidence: float | None = None,
) -> Table:
    """One page's part of a ruled table, 20 pt rows, each cell one line with room to spare
    below it and after it (so nothing in it looks cut by the page break)."""
    edges = edges or EDGES
    n_rows = max(r + rs for r, _, rs, _, _ in specs)
    cells = [
        Cell(r, c, rs, cs, text, page,
             (edges[c], top + 20 * r, edges[c + cs], top + 20 * (r + rs)),
             n_lines=1, slack=10.0, line_height=9.0, lead_room=2.0,
             tail_room=max(edges[c + cs] - edges[c] - 4.0 - 9.0 * len(text), 0.0),
             confidence=confidence)
        for r, c, rs, cs, text in specs
    ]  # fmt: skip
    return Table(
        pages=[page],
        n_rows=n_rows,
        n_columns=len(edges) - 1,
        cells=cells,
        bbox=(edges[0], top, edges[-1], top + 20 * n_rows),
        row_pages=[page] * n_rows,
        column_edges=list(edges),
        row_edges=[top + 20 * r for r in range(n_rows + 1)],
        ocr=ocr,
    )


def _rows(rows: list[list[str]]) -> list[Spec]:
    return [(r, c, 1, 1, text) for r, row in enumerate(rows) for c, text in enumerate(row)]


def _join(
    *parts: Table, lines: list[list[TextLine]] | None = None
) -> tuple[list[Table], list[Notice]]:
    """Stitch the parts, one page each (the second and later at the top of their page)."""
    lines = lines or [[] for _ in parts]
    return stitch([([p], ls) for p, ls in zip(parts, lines, strict=True)], DEFAULT_SETTINGS)


def _texts(table: Table) -> list[tuple[int, int, int, str]]:
    return [(c.row, c.column, c.rowspan, c.text) for c in table.cells]


# A category column merging rows 1-2 on page 1, its last row 乙 with room to spare.
CATEGORY = [(0, 0, 1, 1, "类别"), (0, 1, 1, 1, "指标"), (1, 0, 2, 1, "一、服务"),
            (1, 1, 1, 1, "甲"), (2, 1, 1, 1, "乙")]  # fmt: skip


# --- what the joins record ---------------------------------------------------------------


def test_a_merged_cell_whose_text_goes_on_is_joined_and_the_notice_names_its_column() -> None:
    """``，保障`` under the category 一、服务 cannot start a sentence: the category's text goes
    on. 丙 beside it is new text in a cell that had room: a new row, not a split one."""
    (table,), notices = _join(_part(1, CATEGORY), _part(2, _rows([["，保障", "丙"]]), top=60.0))
    assert _texts(table) == [
        (0, 0, 1, "类别"), (0, 1, 1, "指标"), (1, 0, 3, "一、服务，保障"), (1, 1, 1, "甲"),
        (2, 1, 1, "乙"), (3, 1, 1, "丙"),
    ]  # fmt: skip
    (notice,) = notices
    assert (notice.code, notice.message, notice.page) == (
        "merged_cell_continued",
        "text at the top of the page in column(s) 0 joined to the merged cell above, whose "
        "text was cut by the page break",
        2,
    )
    assert notice.origin is not None and notice.origin[0] is table and notice.origin[1] == 3
    category = table.cell_at(3, 0)
    assert category is not None and category.parts == [(2, (0.0, 60.0, 100.0, 80.0))]


def test_a_reprinted_merged_cell_is_kept_once_and_quoted() -> None:
    (table,), notices = _join(_part(1, CATEGORY), _part(2, _rows([["一、服务", "丙"]]), top=60.0))
    assert table.cell_at(3, 0) is table.cell_at(1, 0)
    assert [n.message for n in notices] == [
        "blank or re-printed cells in column(s) 0 taken as the continuation of the merged "
        "cells above; re-printed text kept once: 「一、服务」"
    ]
    assert len(table.cells) == 6


def test_a_blank_cell_as_tall_as_the_continued_one_on_its_left_continues_too() -> None:
    """The first row on the page is blank in both columns, each one row tall: the whole row
    is the rest of the last row (乙 grows into it). When the blank category cell merges two
    rows there, a one-row blank beside it starts a new row inside it."""
    (table,), notices = _join(_part(1, CATEGORY), _part(2, _rows([["", ""], ["", "丁"]]), top=60.0))
    assert [n.message for n in notices] == [
        "blank or re-printed cells in column(s) 0, 1 taken as the continuation of the merged "
        "cells above"
    ]
    assert table.cell_at(3, 1) is table.cell_at(2, 1) and table.cell_at(2, 1).rowspan == 2
    assert _texts(table)[-2:] == [(4, 0, 1, ""), (4, 1, 1, "丁")]

    second = _part(2, [(0, 0, 2, 1, ""), (0, 1, 1, 1, ""), (1, 1, 1, 1, "丁")], top=60.0)
    (table,), notices = _join(_part(1, CATEGORY), second)
    assert [n.message for n in notices] == [
        "blank or re-printed cells in column(s) 0 taken as the continuation of the merged "
        "cells above"
    ]
    assert table.cell_at(1, 0).rowspan == 4 and table.cell_at(2, 1).rowspan == 1
    assert _texts(table)[-2:] == [(3, 1, 1, ""), (4, 1, 1, "丁")]


def test_a_blank_cell_merging_rows_on_the_new_page_continues_a_plain_column() -> None:
    """A column that never merged on page 1 gets a two-row blank cell at the top of page 2:
    the new part merges there, so it is the rest of the cell above."""
    first = _part(1, _rows([["指标", "完成情况"], ["场次", "开展活动10场"]]))
    second = _part(2, [(0, 0, 2, 1, ""), (0, 1, 1, 1, "人数"), (1, 1, 1, 1, "篇数")], top=60.0)
    (table,), notices = _join(first, second)
    assert [n.code for n in notices] == ["merged_cell_continued"]
    assert table.cell_at(1, 0).rowspan == 3 and table.cell_at(3, 0) is table.cell_at(1, 0)


def test_a_merged_cell_begun_blank_at_the_page_foot_takes_the_text_printed_below() -> None:
    """The category cell starts blank at the foot of page 1; its centred text is printed in
    its part on page 2, which merges rows too. A one-row text there is a new value."""
    first = _part(1, [(0, 0, 1, 1, "类别"), (0, 1, 1, 1, "指标"), (1, 0, 2, 1, ""),
                      (1, 1, 1, 1, "甲"), (2, 1, 1, 1, "乙")])  # fmt: skip
    second = _part(2, [(0, 0, 2, 1, "二、发展"), (0, 1, 1, 1, "丙"), (1, 1, 1, 1, "丁")], top=60.0)
    (table,), notices = _join(first, second)
    assert table.cell_at(1, 0).text == "二、发展" and table.cell_at(1, 0).rowspan == 4
    assert "column(s) 0 joined" in notices[0].message

    first = _part(1, [(0, 0, 1, 1, "类别"), (0, 1, 1, 1, "指标"), (1, 0, 2, 1, ""),
                      (1, 1, 1, 1, "甲"), (2, 1, 1, 1, "乙")])  # fmt: skip
    (table,), notices = _join(first, _part(2, _rows([["二、发展", "丙"]]), top=60.0))
    assert table.cell_at(1, 0).text == "" and table.cell_at(3, 0).text == "二、发展"
    assert notices == []


def test_a_split_row_quotes_each_reprinted_merged_cell_and_leaves_them_as_tall() -> None:
    """Three columns: category and goal merge rows 1-2, the last row's text is cut, and the
    page re-prints both merged cells before ``，参与1000人次`` (a value of the last row alone
    printed again under itself would be the next row's value instead)."""
    edges = [0.0, 100.0, 200.0, 300.0]
    first = _part(1, [(0, 0, 1, 1, "类别"), (0, 1, 1, 1, "目标"), (0, 2, 1, 1, "完成"),
                      (1, 0, 2, 1, "一、服务"), (1, 1, 2, 1, "完成培训"), (1, 2, 1, 1, "好"),
                      (2, 2, 1, 1, "开展活动10场")], edges=edges)  # fmt: skip
    second = _part(2, _rows([["一、服务", "完成培训", "，参与1000人次"], ["", "", "1000人次"]]),
                   top=60.0, edges=edges)  # fmt: skip
    (table,), notices = _join(first, second)
    assert [n.message for n in notices] == [
        "a row split by the page break was joined into one row; re-printed text kept once: "
        "「一、服务」; re-printed text kept once: 「完成培训」"
    ]
    assert notices[0].origin is not None and notices[0].origin[1] == 2
    assert table.cell_at(1, 0).rowspan == 2 and table.cell_at(1, 1).rowspan == 2
    assert table.cell_at(2, 2).text == "开展活动10场，参与1000人次"
    assert len(table.cells) == 10 and table.n_rows == 4


@pytest.mark.parametrize(("above", "below", "kept"), [(0.5, 0.9, 0.5), (0.9, 0.5, 0.5)])
def test_a_joined_cell_keeps_the_lower_ocr_confidence_of_its_parts(
    above: float, below: float, kept: float
) -> None:
    first = _part(1, _rows([["指标", "完成情况"], ["场次", "开展活动10场"]]), ocr=True,
                  confidence=above)  # fmt: skip
    second = _part(2, _rows([["", "，参与1000人次"]]), top=60.0, ocr=True, confidence=below)
    (table,), _ = _join(first, second)
    assert table.cell_at(1, 1).confidence == kept  # split row
    (table,), _ = _join(
        _part(1, CATEGORY, ocr=True, confidence=above),
        _part(2, _rows([["，保障", "丙"]]), top=60.0, ocr=True, confidence=below),
    )
    assert table.cell_at(1, 0).confidence == kept  # merged cell continued


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [(None, None, None), (None, 0.8, 0.8), (0.7, None, 0.7), (0.9, 0.6, 0.6), (0.6, 0.9, 0.6)],
)
def test_lowest_confidence_ignores_text_layer_parts(
    a: float | None, b: float | None, expected: float | None
) -> None:
    assert lowest(a, b) == expected


def test_a_row_split_over_three_pages_records_both_later_parts() -> None:
    first = _part(1, _rows([["指标", "完成情况"], ["场次", "开展活动10场"]]))
    (table,), notices = _join(
        first,
        _part(2, _rows([["", "，参与1000人次"]]), top=60.0),
        _part(3, _rows([["", "，其中线上500人次"]]), top=60.0),
    )
    cell = table.cell_at(1, 1)
    assert cell.text == "开展活动10场，参与1000人次，其中线上500人次"
    assert cell.parts == [(2, (100.0, 60.0, 300.0, 80.0)), (3, (100.0, 60.0, 300.0, 80.0))]
    assert [n.code for n in notices] == ["row_rejoined", "row_rejoined"] and table.n_rows == 2


def test_two_merged_cells_going_on_are_named_in_one_notice() -> None:
    """Category and goal columns both merge rows 1-2; at the top of page 2 both go on after
    punctuation (，保障 / ；提高), and the third column starts a new row."""
    edges = [0.0, 100.0, 200.0, 300.0]
    first = _part(1, [(0, 0, 1, 1, "类别"), (0, 1, 1, 1, "目标"), (0, 2, 1, 1, "指标"),
                      (1, 0, 2, 1, "一、服务"), (1, 1, 2, 1, "完成培训"), (1, 2, 1, 1, "甲"),
                      (2, 2, 1, 1, "乙")], edges=edges)  # fmt: skip
    second = _part(2, _rows([["，保障", "；提高", "丙"]]), top=60.0, edges=edges)
    (table,), notices = _join(first, second)
    assert [n.message for n in notices] == [
        "text at the top of the page in column(s) 0, 1 joined to the merged cell above, whose "
        "text was cut by the page break"
    ]
    assert table.cell_at(3, 1).text == "完成培训；提高" and table.cell_at(3, 2).text == "丙"


def test_a_merged_cell_over_three_pages_records_both_later_parts() -> None:
    (table,), _ = _join(
        _part(1, CATEGORY),
        _part(2, _rows([["，保障", "丙"]]), top=60.0),
        _part(3, [(0, 0, 1, 1, ""), (0, 1, 1, 1, "丁")], top=60.0),
    )
    category = table.cell_at(1, 0)
    assert category.parts == [(2, (0.0, 60.0, 100.0, 80.0)), (3, (0.0, 60.0, 100.0, 80.0))]
    assert category.rowspan == 4 and category.end_page == 3


def test_a_scanned_part_makes_the_joined_table_ocr_and_its_header_is_matched_loosely() -> None:
    """Page 1 from the text layer, page 2 a scan that read the header's 主 as 王 and 情 as 惰:
    the header is still dropped, quoting both misreadings, and the table is marked OCR."""
    header = ["年度主要支出计划", "具体完成情况"]
    first = _part(1, _rows([header, ["场次", "开展活动10场"]]))
    second = _part(2, _rows([["年度王要支出计划", "具体完成惰况"], ["人数", "1000人次"]]),
                   top=60.0, ocr=True)  # fmt: skip
    (table,), notices = _join(first, second)
    assert table.ocr is True and table.n_rows == 3
    (notice,) = notices
    assert notice.message == (
        "1 repeated header row(s) dropped; read by OCR as 「年度王要支出计划」 for "
        "「年度主要支出计划」, 「具体完成惰况」 for 「具体完成情况」"
    )
    assert notice.origin is not None and notice.origin[0] is table and notice.origin[1] == 0


def test_merge_into_works_without_a_merged_columns_cache() -> None:
    prev = _part(1, CATEGORY)
    notices = merge_into(prev, _part(2, _rows([["", "丙"]]), top=60.0), [0, 1, 2], DEFAULT_SETTINGS)
    assert [n.code for n in notices] == ["merged_cell_continued"] and prev.n_rows == 4


def test_a_continued_part_on_fewer_columns_keeps_the_table_s_column_edges() -> None:
    """A full-width note row continues a two-column table; the next page is compared with
    the table's own two columns, not the note's one."""
    first = _part(1, _rows([["指标", "完成情况"], ["场次", "开展活动10场"]]))
    note = _part(2, [(0, 0, 1, 1, "注：金额单位万元")], top=60.0, edges=[0.0, 300.0])
    (table,), _ = _join(first, note)
    assert table.column_edges == EDGES
    moved = _part(2, _rows([["人数", "1000人次"]]), top=60.0, edges=[0.0, 101.0, 300.0])
    (table,), _ = _join(_part(1, _rows([["指标", "完成情况"]])), moved)
    assert table.column_edges == [0.0, 101.0, 300.0]


def test_a_part_that_skips_an_inner_edge_maps_its_cells_onto_the_table_s_columns() -> None:
    edges = [0.0, 100.0, 200.0, 300.0]
    first = _part(1, _rows([["指标", "值", "说明"]]), edges=edges)
    second = _part(2, _rows([["合计", "共计"]]), top=60.0, edges=[0.0, 200.0, 300.0])
    (table,), _ = _join(first, second)
    assert [(c.column, c.colspan, c.text) for c in table.own_cells(1)] == [
        (0, 2, "合计"),
        (2, 1, "共计"),
    ]


# --- when a part continues the table above -----------------------------------------------


def test_a_running_header_above_a_continued_table_does_not_stop_it() -> None:
    banner = [TextLine(1, "某某单位2026年部门预算", (100.0, 20.0, 300.0, 30.0))]
    moved = [TextLine(2, "某某单位2026年部门预算", (100.0, 20.0, 300.0, 30.0))]
    first = _part(1, _rows([["指标", "完成情况"]]))
    tables, _ = _join(
        first, _part(2, _rows([["人数", "1000人次"]]), top=60.0), lines=[banner, moved]
    )
    assert len(tables) == 1


def test_running_headers_are_lines_repeated_at_the_same_height_and_not_titles() -> None:
    previous = [
        TextLine(1, "某某单位 2026年部门预算", (100.0, 20.0, 300.0, 30.0)),
        TextLine(1, "项目支出绩效目标表", (100.0, 40.0, 300.0, 50.0)),
        TextLine(1, "第1页", (280.0, 800.0, 300.0, 810.0)),
    ]
    lines = [
        TextLine(2, "某某单位2026年部门预算", (120.0, 20.3, 320.0, 30.0)),
        TextLine(2, "项目支出绩效目标表", (100.0, 40.0, 300.0, 50.0)),
        TextLine(2, "第1页", (280.0, 60.0, 300.0, 70.0)),
        TextLine(2, "附表2", (100.0, 80.0, 150.0, 90.0)),
    ]
    assert running_headers(lines, previous) == {"某某单位2026年部门预算"}


def test_a_title_is_a_line_ending_at_most_1_pt_below_the_table_top_and_on_the_page() -> None:
    table = _part(2, _rows([["人数", "1000人次"]]), top=100.0)

    def line(bottom: float) -> list[TextLine]:
        return [TextLine(2, "附表2 项目支出表", (100.0, bottom - 10.0, 200.0, bottom))]

    assert _title_above(line(101.0), table)  # touching the table's top rule
    assert _title_above(line(0.5), table)  # mostly above the page, its foot on it
    assert not _title_above(line(101.5), table)  # inside the table
    assert not _title_above(line(150.0), table)
    assert not _title_above(line(0.0), table)  # wholly above the page's top edge
    tables, _ = _join(_part(1, _rows([["指标", "完成情况"]])), table, lines=[[], line(101.0)])
    assert len(tables) == 2


def test_column_edges_match_within_the_tolerance_and_must_span_the_whole_table() -> None:
    prev = _part(1, _rows([["指标", "值", "说明"]]), edges=[0.0, 100.0, 200.0, 300.0])
    tol = DEFAULT_SETTINGS.column_match_tolerance  # 4 pt
    assert _column_map(prev, _part(2, _rows([["a", "b", "c"]]), edges=[4.0, 96.0, 204.0, 300.0]),
                       tol) == [0, 1, 2, 3]  # fmt: skip
    assert (
        _column_map(prev, _part(2, _rows([["b", "c"]]), edges=[100.0, 200.0, 300.0]), tol) is None
    )
    assert _column_map(prev, _part(2, _rows([["a", "b"]]), edges=[0.0, 100.0, 200.0]), tol) is None


def test_a_part_with_moved_columns_continues_when_it_repeats_the_header() -> None:
    """The column edges moved 50 pt (another page size) but the header row is the same: the
    part continues the table, column for column."""
    first = _part(1, _rows([["指标", "完成情况"], ["场次", "开展活动10场"]]))
    second = _part(2, _rows([["指标", "完成情况"], ["人数", "1000人次"]]), top=60.0,
                   edges=[0.0, 150.0, 300.0])  # fmt: skip
    (table,), notices = _join(first, second)
    assert [n.code for n in notices] == ["repeated_header_dropped"]
    assert [c.text for c in table.own_cells(2)] == ["人数", "1000人次"]


def test_a_second_table_on_the_page_is_a_table_of_its_own() -> None:
    first = _part(1, _rows([["指标", "完成情况"]]))
    tables, _ = stitch(
        [
            ([first], []),
            ([_part(2, _rows([["人数", "1000人次"]]), top=60.0),
              _part(2, _rows([["项目", "金额"]]), top=300.0)], []),
        ],
        DEFAULT_SETTINGS,
    )  # fmt: skip
    assert [t.pages for t in tables] == [[1, 2], [2]]


# --- repeated header rows ------------------------------------------------------------------


def test_header_rows_repeat_up_to_the_limit_and_leave_the_part_a_row_of_its_own() -> None:
    header = [["项目名称", "金额"], ["", "万元"]]
    prev = _part(1, _rows([*header, ["培训", "10"]]))
    assert _header_rows(prev, _part(2, _rows([*header, ["会议", "5"]])), 4) == 2
    assert _header_rows(prev, _part(2, _rows([*header, ["会议", "5"]])), 1) == 1
    # Nothing but the header, or the header and a row equal to the one below it above: the
    # part's last row is no header.
    assert _header_rows(prev, _part(2, _rows(header[:1])), 4) == 0
    assert _header_rows(prev, _part(2, _rows([*header, ["培训", "10"]])), 4) == 2


def test_a_blank_row_repeated_is_no_header() -> None:
    prev = _part(1, _rows([["", ""], ["场次", "开展"]]))
    assert _header_rows(prev, _part(2, _rows([["", ""], ["人数", "1000"]])), 4) == 0


def test_drop_rows_shortens_a_cell_that_reaches_below_the_dropped_rows() -> None:
    cells = _part(2, [(0, 0, 1, 1, "指标"), (0, 1, 3, 1, "说明"), (1, 0, 1, 1, "甲"),
                      (2, 0, 1, 1, "乙")]).cells  # fmt: skip
    assert [(c.row, c.column, c.rowspan, c.text) for c in _drop_rows(cells, 1)] == [
        (0, 1, 2, "说明"),
        (0, 0, 1, "甲"),
        (1, 0, 1, "乙"),
    ]


@pytest.mark.parametrize(
    ("a", "b", "alike"),
    [
        ("产出、效益", "产出效益", True),  # OCR dropped the 、: 8/9 alike
        ("主要支出表", "王要支出表", True),  # one of five misread: exactly 0.8
        ("指标", "目标", False),  # too short for one misread to leave it recognisable
        ("支出计划", "收入预算", False),
    ],
)
def test_ocr_header_cells_are_alike_from_four_characters_at_four_fifths(
    a: str, b: str, alike: bool
) -> None:
    assert _alike(a, b) is alike


# --- the merged-columns record -------------------------------------------------------------


def test_merged_columns_are_body_cells_over_two_rows_and_additions_are_remembered() -> None:
    table = _part(1, [(0, 0, 2, 1, "项目"), (0, 1, 1, 1, "指标"), (1, 1, 1, 1, "万元"),
                      (2, 0, 1, 1, "甲"), (2, 1, 2, 1, "好"), (3, 0, 1, 1, "乙")])  # fmt: skip
    merged = MergedColumns(skip_rows=2)
    assert merged.get(table) == {(1, 1)}  # the header's two-row 项目 is no body cell
    assert MergedColumns(skip_rows=3).get(table) == set()
    merged.add(table, [Cell(4, 0, 2, 1, "丙", 2, (0.0, 60.0, 100.0, 100.0))])
    assert merged.get(table) == {(0, 1), (1, 1)}  # though the cell is not in table.cells


# --- where text goes on ---------------------------------------------------------------------


def _cell(
    text: str = "开展活动",
    *,
    width: float = 100.0,
    lead: float = 2.0,
    tail: float = 2.0,
    slack: float = 2.0,
    lines: int = 2,
    char: float = 10.0,
    row: int = 2,
    rowspan: int = 1,
) -> Cell:
    """A cell at x 100 on page 1, its last line ``tail`` short of the right edge and
    ``slack`` above the bottom edge."""
    return Cell(row, 0, rowspan, 1, text, 1, (100.0, 300.0, 100.0 + width, 300.0 + 20 * lines),
                n_lines=lines, slack=slack, line_height=char, lead_room=lead,
                tail_room=tail)  # fmt: skip


def _below(text: str, lines: int = 1, rowspan: int = 1) -> Cell:
    return Cell(0, 0, rowspan, 1, text, 2, (100.0, 60.0, 200.0, 80.0), n_lines=lines,
                slack=10.0, line_height=10.0, lead_room=2.0, tail_room=30.0)  # fmt: skip


def test_a_full_cell_has_two_lines_and_at_most_1_2_em_or_6_pt_below_them() -> None:
    assert _full(_cell(slack=12.0))
    assert not _full(_cell(slack=12.5))
    assert not _full(_cell(slack=2.0, lines=1))
    assert _full(_cell(slack=6.0, char=4.0)) and not _full(_cell(slack=6.5, char=4.0))


@pytest.mark.parametrize(
    ("cell", "below", "widow", "wrapped"),
    [
        # A CJK line may end up to 1.2 em short of the right edge plus its left padding
        # (12 + 2 pt), at most 1.2 em plus the padding above the foot (14 pt).
        (_cell(tail=14.0), "参与", False, True),
        (_cell(tail=15.0), "参与", False, False),
        (_cell(slack=14.0), "参与", False, True),
        (_cell(slack=14.5), "参与", False, False),
        # Widow control: two lines went on, so the room below may hold one more (15 pt).
        (_cell(slack=20.0), "参与", True, True),
        (_cell(slack=20.0), "参与", False, False),
        (_cell(slack=35.0), "参与", True, False),
        # 6 pt at least above the foot, for small type (4 pt lines: 6 + 2 pt).
        (_cell(slack=7.5, char=4.0, tail=4.0), "参与", False, True),
        (_cell(slack=8.5, char=4.0, tail=4.0), "参与", False, False),
        # A Latin word went down whole: 0.6 em a letter and its space (27 pt for Park).
        (_cell(tail=26.0), "Park", False, True),
        (_cell(tail=32.0), "Park", False, False),
        # A line of 6 em (60 pt) is evidence, a shorter one is not...
        (_cell(width=70.0, tail=8.0), "参与", False, True),
        (_cell(width=70.0, tail=12.0), "参与", False, False),
        # ... and padding over 1.5 em is no wrapped text.
        (_cell(lead=15.0, tail=10.0, slack=2.0), "参与", False, True),
        (_cell(lead=20.0, tail=10.0, slack=2.0), "参与", False, False),
        # A blank cell, or a part that shows no line, runs on nowhere.
        (_cell(text=""), "参与", False, False),
        (_cell(lines=0), "参与", False, False),
    ],
)
def test_a_wrapped_last_line_runs_to_the_right_edge_at_the_cell_s_foot(
    cell: Cell, below: str, widow: bool, wrapped: bool
) -> None:
    assert _wrapped(cell, below, widow=widow) is wrapped


def test_a_short_full_line_counts_only_with_narrow_padding_when_asked() -> None:
    narrow = _cell(width=70.0, lead=7.5, tail=8.0, slack=2.0)  # 54.5 pt of line, 0.75 em in
    assert _wrapped(narrow, "参与", widow=False, short_ok=True)
    assert not _wrapped(narrow, "参与", widow=False)
    assert not _wrapped(_cell(width=70.0, lead=10.0, tail=8.0), "参与", widow=False, short_ok=True)


def test_text_goes_on_after_a_wrapped_line_unless_a_sentence_or_an_item_ended() -> None:
    assert _text_goes_on(_cell("提高服务质量"), _below("参与"))
    assert _text_goes_on(_cell("提高服务", lines=1), _below("，参与"))  # punctuation: always
    assert not _text_goes_on(_cell("提高服务质量", lines=1), _below("参与"))
    # One full line is evidence in a merged cell, from two rows up.
    assert _text_goes_on(_cell("提高服务质量", lines=1, rowspan=2), _below("参与"))
    assert not _text_goes_on(_cell("提高服务质量。"), _below("参与"))
    assert not _text_goes_on(_cell("二、提高服务质量"), _below("三、参与"))
    assert _text_goes_on(_cell("二、提高服务质量"), _below("四、参与"))
    assert _text_goes_on(_cell("提高服务质量", slack=20.0), _below("参与", lines=2))
    assert not _text_goes_on(_cell("提高服务质量", slack=20.0), _below("参与", lines=1))
    assert not _text_goes_on(_cell("提高服务质量", slack=20.0), _below("参与", lines=3))
    # A blank merged cell at the page foot: its text is printed in its part on the new page.
    assert _text_goes_on(_cell(""), _below("二、发展", rowspan=2))
    assert not _text_goes_on(_cell(""), _below("二、发展"))


def test_visibly_cut_counts_from_the_left_through_blank_cells_to_the_last_cut_one() -> None:
    blank = (_cell(""), _below(""))
    cut = (_cell("提高服务质量"), _below("参与"))
    reprinted = (_cell("提高服务质量"), _below("提高服务质量"))
    assert _visibly_cut([blank, cut]) == 2
    assert _visibly_cut([blank, cut, (_cell("甲", lines=1), _below("丙"))]) == 2
    assert _visibly_cut([reprinted, cut]) == 0


# --- split rows -------------------------------------------------------------------------------


def test_only_last_row_cells_with_new_text_decide_a_split_row() -> None:
    last = 2
    full = (_cell("开展活动10场", slack=2.0), _below("参与1000人次"))
    assert _is_split_row([full], last)
    # A blank cell below says nothing, though the cell above it has room.
    assert _is_split_row([(_cell("场次", lines=1, slack=10.0), _below("")), full], last)
    # Re-printed text alone: no split.
    assert not _is_split_row([(_cell("场次", lines=1), _below("场次"))], last)
    # Widow control: a cell at the foot but for one line, two lines went on.
    widow = _cell("开展活动10场", slack=20.0, tail=2.0)
    assert _is_split_row([(widow, _below("参与", lines=2))], last)
    assert not _is_split_row([(widow, _below("参与", lines=1))], last)


def test_punctuation_going_on_beside_a_new_value_is_a_merged_cell_not_a_split_row() -> None:
    """Random reportlab seed 590: a goal over two indicator rows is cut after its 四 at the
    page foot and goes on with 、青年… at the top, beside the next row's new indicator while
    the indicator above ended with room to spare. The row is not split (the goal column is
    then a merged cell going on); beside a cell that ran out of room too, it is."""
    last = 2
    goal = (
        _cell("二、开展联系服务；四", lines=1, slack=2.0, tail=60.0),
        _below("、青年科技人才托举"),
    )
    new = (_cell("宣传科技工作者数量", lines=1, slack=30.0, tail=20.0), _below("国际学术会议数量"))
    assert not _is_split_row([goal, new], last)
    assert _is_split_row([goal, (_cell("开展活动10场", slack=2.0), _below("参与1000人次"))], last)
    assert _is_split_row([goal], last)


def test_a_percent_sign_goes_on_a_number_only() -> None:
    """A unit column: ``%`` under ``万元`` is the next row's unit (beijing_econ p59/60: a
    成本指标 row at the foot, a 满意度指标 row at the top, nothing cut), while ``%`` under
    ``达到95`` is the end of a value cut by the break."""
    last = 2
    unit = (_cell("万元", lines=1, slack=27.0), _below("%"))
    label = (_cell("成本指标", lines=1, slack=27.0), _below("满意度指标"))
    assert not _is_split_row([label, unit], last)
    assert not _is_split_row([(_cell("万元", lines=1, tail=76.0), _below("％"))], last)
    cut = (_cell("开展活动10场", slack=2.0), _below("参与1000人次"))
    assert _is_split_row([cut, (_cell("达到95", lines=1, slack=27.0), _below("%"))], last)
    assert _is_split_row([(_cell("满意度≥９５", lines=1), _below("％以上"))], last)
    # Any other punctuation no line starts with goes on whatever ends above it.
    assert _is_split_row([cut, (_cell("万元", lines=1, slack=27.0), _below("）"))], last)
    assert not _text_goes_on(_cell("万元", lines=1), _below("%"))
    assert _text_goes_on(_cell("提高到95", lines=1), _below("%"))


def test_a_short_full_label_is_evidence_only_next_to_a_long_cut_cell() -> None:
    last = 2
    long = (_cell("开展活动10场", slack=2.0), _below("参与1000人次"))
    # 56 pt of line in a 70 pt column: under 6 em, so no evidence alone.
    label = (_cell("成本", width=70.0, tail=12.0, lines=1), _below("指标"))
    assert _is_split_row([long, label], last)
    assert not _is_split_row([label], last)


def test_a_sibling_value_in_a_merged_cell_starts_a_new_group() -> None:
    """培训项目 merged over rows 2-5, 培训项目二期 under it: a new value that begins as it
    began (four characters), not text that goes on."""
    a = _cell("培训项目", lines=1, slack=300.0, row=2, rowspan=4)
    assert _new_group(a, _below("培训项目二期"), 5)
    assert not _new_group(a, _below("培训中心"), 5)
    assert not _new_group(a, _below(""), 5)
    assert not _new_group(_cell("", row=2, rowspan=4), _below("培训项目二期"), 5)


def test_a_merged_cell_may_leave_one_line_empty_above_the_break() -> None:
    """…平台型的 / 广州市科协组织，… under 广州市科学技术协会… (docx seed 685): Writer left one
    line of the merged goal's room empty at the foot, so its text goes on (and is no sibling
    of itself, though it goes on with the words it began with)."""
    text = "广州市科学技术协会坚定不移走中国特色社会主义群团发展道路，平台型的"
    below = _below("广州市科协组织，真正成为党领导下", lines=16)
    cut = _cell(text, lines=22, slack=18.7, tail=10.0, lead=5.0, row=1, rowspan=2)
    assert _text_goes_on(cut, below) and not _new_group(cut, below, 2)
    # Controls: the same room in a cell of one row, and two lines of room in a merged one.
    single = _cell(text, lines=22, slack=18.7, tail=10.0, lead=5.0, row=2)
    assert not _text_goes_on(single, below)
    roomy = _cell(text, lines=22, slack=30.0, tail=10.0, lead=5.0, row=1, rowspan=2)
    assert not _text_goes_on(roomy, below) and _new_group(roomy, below, 2)


# --- list numbering ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("一、服务", 1), ("三、发展", 3), ("十、其他", 10), ("十二、培训", 12), ("二十、宣传", 20),
        ("二十三、会议", 23), ("九十九、", 99), ("3、服务", 3), ("12.培训", 12), ("7．宣传", 7),
        ("服务", None), ("二二、", None), ("二二十、", None), ("十二二、", None), ("〇、", None),
    ],
)  # fmt: skip
def test_item_numbers_are_read_from_chinese_and_arabic_list_markers(
    text: str, number: int | None
) -> None:
    assert _item_number(text) == number


def test_the_next_item_is_one_more_than_the_item_above() -> None:
    assert _next_item("二、服务", "三、发展")
    assert not _next_item("二、服务", "四、发展")
    assert not _next_item("三、服务", "二、发展")
    assert not _next_item("服务", "一、发展")


def test_tables_that_can_no_longer_go_on_let_their_layout_measures_go_as_pages_come() -> None:
    """Only the latest page's last table can be continued by the next page: every table
    before it is final, and the measures only stitching reads (slack, line height, room
    left and right: four floats a cell) are set back to 0.0 as soon as the page that makes
    it final is added, not after the whole document has been read."""
    first = _part(1, _rows([["指标", "完成情况"], ["人数", "1000人次"]]))
    # Page 2: a title above a new table, so page 1's table does not go on.
    second = _part(2, _rows([["项目", "金额"], ["甲", "10"]]), top=200.0)
    title = [TextLine(2, "二、项目支出", (0.0, 150.0, 200.0, 160.0))]
    stitcher = Stitcher(DEFAULT_SETTINGS)
    stitcher.add([first], [])
    assert all(c.slack == 10.0 and c.line_height == 9.0 for c in first.cells)  # still open
    stitcher.add([second], title)
    assert stitcher.tables == [first, second]
    assert all(
        (c.slack, c.line_height, c.lead_room, c.tail_room) == (0.0, 0.0, 0.0, 0.0)
        for c in first.cells
    )
    assert all(c.slack == 10.0 and c.lead_room == 2.0 for c in second.cells)  # may go on
    tables, notices = stitcher.finish()
    assert tables == [first, second] and notices == []
    assert all(c.slack == 0.0 and c.lead_room == 0.0 for c in second.cells)
    # Nothing of the layout is kept: the cells hold no layout object any more.
    assert all(c.layout is None for t in tables for c in t.cells)
    # Text and n_lines, which the parsers read, stay.
    assert [c.text for c in first.cells] == ["指标", "完成情况", "人数", "1000人次"]
    assert {c.n_lines for c in first.cells} == {1}


def test_a_copied_cell_s_layout_is_its_own_once_changed() -> None:
    """Stitching copies cells (dataclasses.replace) and sets measures on cells: the copy
    shares its original's layout, so setting a measure must give the cell a new layout,
    never change the shared one."""
    original = Cell(0, 0, 1, 1, "人数", 1, (0.0, 0.0, 50.0, 20.0), n_lines=2, slack=4.0)
    copied = replace(original, row=3)
    assert copied.layout is original.layout and copied.slack == 4.0
    copied.slack = 9.0
    copied.lead_room = 1.5
    assert (original.slack, original.lead_room) == (4.0, 0.0)
    assert (copied.slack, copied.lead_room, copied.n_lines) == (9.0, 1.5, 2)
    assert copied.bbox == original.bbox == (0.0, 0.0, 50.0, 20.0)
    copied.bbox = (1.0, 2.0, 3.0, 4.0)
    assert (copied.x0, copied.top, copied.x1, copied.bottom) == (1.0, 2.0, 3.0, 4.0)
    assert original.bbox == (0.0, 0.0, 50.0, 20.0)
