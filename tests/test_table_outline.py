"""Cells whose border is not closed on the page: nothing printed inside a table may vanish.

Each case is a small PDF drawn with reportlab, read with both readers:
- a table cut by the page edge (a project row that continues on the next page, a wide
  sheet split over pages) leaves cells open on that one side: they are cells;
- text in a part of the outline that no border closes (outside an irregular table's drawn
  shape) becomes a cell of its own, with an ``open_cell`` warning;
- an L-shaped merged region is split into rectangles instead of being kept as its bounding
  box, which covered its neighbour's slot (overlapping cells).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import jixiao
from jixiao.extract import page_tables
from jixiao.extract.model import Table
from jixiao.extract.readers import read_pages

READERS = ("fast", "pdfplumber")
HEIGHT = 400.0


def _draw(path: Path, lines: list[tuple[float, float, float, float]], texts: list[tuple]) -> Path:
    """Lines (x0, top, x1, bottom) and texts (x, baseline top, string), top-left origin."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=(600, HEIGHT))
    c.setLineWidth(0.5)
    for x0, top, x1, bottom in lines:
        c.line(x0, HEIGHT - top, x1, HEIGHT - bottom)
    c.setFont("STSong-Light", 10)
    for x, baseline, text in texts:
        c.drawString(x, HEIGHT - baseline, text)
    c.save()
    return path


def _h(y: float, x0: float, x1: float) -> tuple[float, float, float, float]:
    return (x0, y, x1, y)


def _v(x: float, top: float, bottom: float) -> tuple[float, float, float, float]:
    return (x, top, x, bottom)


def _tables(path: Path, reader: str) -> tuple[list[Table], list, list]:
    (content,) = list(read_pages(path, reader=reader))
    return page_tables(content)


def _slots_once(table: Table) -> None:
    seen: set[tuple[int, int]] = set()
    for cell in table.cells:
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.column, cell.column + cell.colspan):
                assert (r, c) not in seen, f"cells overlap at {(r, c)}"
                seen.add((r, c))


def _text(table: Table) -> Counter[str]:
    return Counter("".join(c.text for c in table.cells).replace(" ", ""))


@pytest.mark.parametrize("reader", READERS)
def test_cells_cut_by_the_page_bottom_are_cells(tmp_path: Path, reader: str) -> None:
    """The left columns continue on the next page: their bottom border is not printed."""
    xs = [50, 150, 250, 350]
    lines = [_h(50, 50, 350), _h(80, 50, 350)]
    lines += [_h(y, 250, 350) for y in (110, 140, 170)]
    lines += [_v(x, 50, 170) for x in xs]
    texts = [
        (60, 70, "项目名称"),
        (160, 70, "金额"),
        (260, 70, "指标"),
        (60, 125, "统计培训"),
        (160, 125, "103.98"),
        (260, 100, "数量"),
        (260, 130, "质量"),
        (260, 160, "时效"),
    ]
    tables, lines_out, notices = _tables(_draw(tmp_path / "cut.pdf", lines, texts), reader)
    (table,) = tables
    _slots_once(table)
    by_text = {c.text: c for c in table.cells}
    assert (by_text["统计培训"].row, by_text["统计培训"].rowspan) == (1, 3)
    assert (by_text["103.98"].column, by_text["103.98"].rowspan) == (1, 3)
    assert [by_text[t].row for t in ("数量", "质量", "时效")] == [1, 2, 3]
    assert not [n for n in notices if n.code in {"text_outside_cells", "open_cell"}]
    assert not [line for line in lines_out if "统计" in line.text]


@pytest.mark.parametrize("reader", READERS)
def test_text_where_no_border_closes_the_outline_becomes_a_flagged_cell(
    tmp_path: Path, reader: str
) -> None:
    """A header box narrower than the table below it: the corner above the right column is
    open on two sides. Its printed note is kept in a cell of its own, with a warning; the
    empty corner of the same kind on the left is not made a cell."""
    lines = [_h(50, 150, 350), _v(150, 50, 80), _v(350, 50, 170)]
    lines += [_h(y, 50, 450) for y in (80, 110, 140, 170)]
    lines += [_v(x, 80, 170) for x in (50, 250, 450)]
    texts = [
        (160, 70, "部门整体支出"),
        (370, 70, "备注：单位万元"),
        (60, 100, "一般公共预算"),
        (260, 100, "1,234.50"),
        (360, 100, "100%"),
    ]
    tables, _, notices = _tables(_draw(tmp_path / "open.pdf", lines, texts), reader)
    (table,) = tables
    _slots_once(table)
    note = [c for c in table.cells if c.text == "备注:单位万元" or c.text == "备注：单位万元"]
    assert len(note) == 1 and note[0].row == 0
    flagged = [n for n in notices if n.code == "open_cell"]
    assert len(flagged) == 1 and "备注" in flagged[0].message
    assert not [n for n in notices if n.code == "text_outside_cells"]
    assert _text(table) == Counter("部门整体支出备注：单位万元一般公共预算1,234.50100%")
    # the empty open corner above the first column holds no cell
    assert all(not (c.row == 0 and c.column == 0) for c in table.cells)
    # the output's warning says in which table it is, so it can be found on the page
    (warning,) = [w for w in jixiao.parse(tmp_path / "open.pdf").warnings if w.code == "open_cell"]
    assert (warning.page, warning.table) == (1, 0)


@pytest.mark.parametrize("reader", READERS)
def test_an_l_shaped_merged_region_never_overlaps_its_neighbour(
    tmp_path: Path, reader: str
) -> None:
    """3×3 grid whose top-left region is L-shaped (borders right of (0,0) and below (0,0)
    missing): its bounding box would cover slot (1,1), which has its own text."""
    xs, ys = [50, 150, 250, 350], [50, 80, 110, 140]
    lines = [_h(50, 50, 350), _h(140, 50, 350)]
    lines += [_h(80, 150, 350), _h(110, 50, 350)]  # no border below (0,0)
    lines += [_v(50, 50, 140), _v(350, 50, 140), _v(150, 80, 140), _v(250, 50, 140)]
    texts = [(60, 70, "类别"), (160, 100, "款项"), (260, 70, "合计"), (60, 130, "201")]
    tables, _, notices = _tables(_draw(tmp_path / "l.pdf", lines, texts), reader)
    (table,) = tables
    assert table.column_edges == pytest.approx(xs, abs=1) and table.row_edges == pytest.approx(
        ys, abs=1
    )
    _slots_once(table)
    assert table.cell_at(1, 1) is not None and table.cell_at(1, 1).text == "款项"
    assert _text(table) == Counter("类别款项合计201")
    assert [n.code for n in notices] == ["irregular_cell"]
    warnings = [w for w in jixiao.parse(tmp_path / "l.pdf").warnings if w.code == "irregular_cell"]
    assert [(w.page, w.table) for w in warnings] == [(1, 0)]


@pytest.mark.parametrize("reader", READERS)
def test_a_band_ruled_above_and_below_across_the_table_is_its_caption_row(
    tmp_path: Path, reader: str
) -> None:
    """A spreadsheet title merged across the sheet, bordered above and below and not at its
    sides: its band becomes the table's first row, with a ``caption_row`` warning. A rule
    above the table narrower than it leaves the title as page text."""
    grid = [_h(y, 50, 350) for y in (80, 110, 140)] + [_v(x, 80, 140) for x in (50, 200, 350)]
    texts = [
        (120, 72, "二级项目支出绩效目标申报表"),
        (60, 100, "项目编码："),
        (210, 100, "440306221390300900000"),
        (60, 130, "项目名称："),
        (210, 130, "系列文化活动经费"),
    ]
    tables, lines, notices = _tables(
        _draw(tmp_path / "caption.pdf", [_h(55, 50, 350), *grid], texts), reader
    )
    (table,) = tables
    _slots_once(table)
    first = table.own_cells(0)
    assert [(c.text, c.colspan) for c in first] == [("二级项目支出绩效目标申报表", 2)]
    assert table.cell_at(1, 1).text == "440306221390300900000"
    assert [n.code for n in notices] == ["caption_row"]
    assert not [line for line in lines if "申报表" in line.text]

    tables, lines, notices = _tables(
        _draw(tmp_path / "narrow.pdf", [_h(55, 50, 250), *grid], texts), reader
    )
    (table,) = tables
    assert table.n_rows == 2 and not notices
    assert [line.text for line in lines] == ["二级项目支出绩效目标申报表"]


@pytest.mark.parametrize("reader", READERS)
def test_rows_ruled_above_below_and_on_one_side_are_cells(tmp_path: Path, reader: str) -> None:
    """The strip of a wide sheet holding its last column: each row is ruled above, below and
    on the right, its left rule printed with the previous strip. The rows are cells, closed
    where their rules begin, with an ``open_side_rows`` warning; rules that begin at
    different points (no common open side) make no table."""
    texts = [(120, 70, "不适用"), (100, 100, "群众文化参与度"), (90, 130, "文化钟点工服务满意度")]
    rules = [_h(y, 50, 300) for y in (50, 80, 110, 140)] + [_v(300, 50, 140)]
    tables, lines, notices = _tables(_draw(tmp_path / "strip.pdf", rules, texts), reader)
    (table,) = tables
    assert (table.n_rows, table.n_columns) == (3, 1)
    assert table.column_edges == pytest.approx([50, 300], abs=1)
    assert [c.text for c in table.cells] == ["不适用", "群众文化参与度", "文化钟点工服务满意度"]
    assert [n.code for n in notices] == ["open_side_rows"] and not lines

    ragged = [_h(y, x0, 300) for y, x0 in ((50, 50), (80, 90), (110, 50), (140, 120))]
    tables, lines, _ = _tables(
        _draw(tmp_path / "ragged.pdf", [*ragged, _v(300, 50, 140)], texts), reader
    )
    assert not tables and len(lines) == 3


@pytest.mark.parametrize("reader", READERS)
def test_text_running_past_the_table_edge_stays_in_its_cell(tmp_path: Path, reader: str) -> None:
    """A wide sheet printed in strips: the text layer holds a long cell's lines whole, running
    under the strip's right rule and off the page (and, on the next strip, in from the
    left). Each line that crosses the table's edge without a break is kept whole in its
    cell, with a ``text_past_table_edge`` warning; a note beside the table, apart from the
    cell's text, stays page text."""
    policy = (
        "深入学习贯彻习近平总书记中国特色社会主义思想和党的十九大精神严格对照全国文明城市测评体系"
    )
    tail = "确保圆满完成全国文明城市创建各项工作任务"
    rules = [_h(y, 50, 400) for y in (50, 90, 120)] + [_v(x, 50, 120) for x in (50, 150, 400)]
    texts = [
        (60, 70, "政策依据："),
        (160, 66, policy),  # 46 characters of 10 pt from x=160: to 620, past the rule and page
        (160, 82, tail),  # second line, inside the cell
        (60, 110, "测算依据："),
        (160, 110, "1"),
        (420, 110, "单位：万元"),  # beside the table, apart from the cell's text
        (-150, 70, "左侧续"),  # ends at -120: far from the left rule, not the first cell's
    ]
    tables, lines, notices = _tables(_draw(tmp_path / "past.pdf", rules, texts), reader)
    (table,) = tables
    assert table.cell_at(0, 1).text == policy + tail
    assert table.cell_at(1, 1).text == "1"
    (notice,) = [n for n in notices if n.code == "text_past_table_edge"]
    assert "right" in notice.message and policy[24:40] in notice.message
    assert sorted(line.text for line in lines) == sorted(["单位：万元", "左侧续"])

    # the next strip: the same line comes in from the left, under the strip's left rule
    texts = [(-90, 70, policy[:20]), (60, 110, "1")]  # from x=-90 to 110, in the first column
    tables, lines, notices = _tables(_draw(tmp_path / "left.pdf", rules, texts), reader)
    (table,) = tables
    assert table.cell_at(0, 0).text == policy[:20]
    assert [n.code for n in notices] == ["text_past_table_edge"] and not lines
