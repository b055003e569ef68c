"""The table engines: pdfplumber (jixiao's ruling analysis), camelot, and auto.

The comparison runs every sample through the engines and expects the same records where
both apply. Where they differ, the difference is spelled out here:

* the borderless sample has no rulings: the pdfplumber engine finds no table there (layout
  ``unknown``, no records), auto reads it from aligned text and its own text lines, camelot
  from aligned text and camelot stream's rows — the same cells;
* camelot lattice does not report a ruled table that has one row and one column (the
  full-width 部门年度整体预算完成率 row of ``gz_kx_2021_faithful`` printed alone at the top
  of page 3), nor the header-only tables of the real budgets (政府性基金 / 国有资本经营
  tables that have no data rows); those are kept by auto, which uses jixiao's own ruling
  analysis wherever rulings exist. Records are the same all the same.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import cache
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import jixiao
from conftest import SAMPLES, parsed, real_pdf, real_pdfs
from jixiao.extract import extract_document, page_tables
from jixiao.extract.camelot_source import (
    Region,
    columnar_regions,
    lattice_table_grid,
    stream_table_grid,
)
from jixiao.extract.model import Char, PageContent
from jixiao.extract.readers import read_pages
from jixiao.extract.settings import DEFAULT_SETTINGS
from jixiao.extract.text import normalize

SAMPLE_PDFS = sorted(p.name for p in SAMPLES.glob("*.pdf"))
BORDERLESS = "synthetic_project_self_eval_borderless.pdf"
#: Samples where camelot lattice misses a ruled table (see the module docstring).
CAMELOT_MISSES = {"gz_kx_2021_faithful.pdf": [([1, 2, 3], 7, 6)]}


@cache
def parsed_with(path: Path, engine: str) -> jixiao.Report:
    return jixiao.parse(path, engine=engine)


def _records(report: jixiao.Report) -> list[tuple[Any, ...]]:
    return [
        (r.section, r.project, r.category, r.goal, r.level1, r.level2, r.indicator, r.target,
         r.actual, r.detail, r.weight, r.score, r.deviation_reason, r.amount_wan)
        for r in report.records
    ]  # fmt: skip


def _cells(report: jixiao.Report) -> list[list[tuple[Any, ...]]]:
    return [
        [(c.row, c.column, c.rowspan, c.colspan, c.text) for c in t.cells] for t in report.tables
    ]


def _shapes(report: jixiao.Report) -> list[tuple[list[int], int, int]]:
    return [(t.pages, t.n_rows, t.n_columns) for t in report.tables]


@pytest.mark.parametrize("name", SAMPLE_PDFS)
def test_camelot_and_auto_give_the_same_records(name: str) -> None:
    auto = parsed_with(SAMPLES / name, "auto")
    camelot = parsed_with(SAMPLES / name, "camelot")
    assert auto.layout == camelot.layout != "unknown"
    assert _records(auto) == _records(camelot)
    assert len(auto.records) > 0
    assert (auto.department, auto.year, auto.budget_execution_rate) == (
        camelot.department,
        camelot.year,
        camelot.budget_execution_rate,
    )
    # the same project facts, read from the same cells (camelot's boxes differ by fractions
    # of a point: compare the slots, not the bboxes)
    assert [_project(p) for p in auto.projects] == [_project(p) for p in camelot.projects]


def _project(project: Any) -> dict[str, Any]:
    data = project.model_dump(exclude={"cells"})
    data["cells"] = {
        name: [(r.table, r.row, r.column, r.page) for r in refs]
        for name, refs in project.cells.items()
    }
    return data


@pytest.mark.parametrize("name", SAMPLE_PDFS)
def test_camelot_and_auto_find_the_same_cells(name: str) -> None:
    auto = parsed_with(SAMPLES / name, "auto")
    camelot = parsed_with(SAMPLES / name, "camelot")
    if name in CAMELOT_MISSES:
        missing = CAMELOT_MISSES[name]
        assert [s for s in _shapes(auto) if s not in _shapes(camelot)] == missing
        return
    assert _cells(auto) == _cells(camelot)


@pytest.mark.parametrize("name", SAMPLE_PDFS)
def test_pdfplumber_engine_equals_auto_on_ruled_samples(name: str) -> None:
    plumber = parsed_with(SAMPLES / name, "pdfplumber")
    auto = parsed_with(SAMPLES / name, "auto")
    if name == BORDERLESS:
        assert plumber.layout == "unknown" and plumber.records == [] and plumber.tables == []
        assert [w.code for w in plumber.warnings] == ["no_tables"]
        return
    assert _records(plumber) == _records(auto)
    assert _cells(plumber) == _cells(auto)
    assert "borderless_table" not in {w.code for w in auto.warnings}


def test_borderless_sample_is_read_from_aligned_text() -> None:
    report = parsed_with(SAMPLES / BORDERLESS, "auto")
    assert report.layout == "project_self_eval" and len(report.records) == 31
    assert [w.page for w in report.warnings if w.code == "borderless_table"] == [1, 2, 3, 4]
    # Merged 一级/二级指标 are printed once in a borderless table: forward-filled, with notice.
    filled = [w for w in report.warnings if w.code == "value_forward_filled"]
    assert filled and all(r.level1 and r.level2 for r in report.records)
    assert [t.n_columns for t in report.tables] == [9, 9, 9]


def test_stream_tables_keep_every_character() -> None:
    """Completeness, as for ruled tables: characters inside a stream table are in its cells."""
    path = SAMPLES / BORDERLESS
    for content in read_pages(path):
        tables, _, _ = page_tables(content, engine="auto", path=path)
        assert len(tables) == 1
        x0, top, x1, bottom = tables[0].bbox
        inside = Counter(
            normalize(c.text)
            for c in content.chars
            if c.text.strip() and x0 <= c.cx <= x1 and top <= c.cy <= bottom
        )
        in_cells = Counter(ch for cell in tables[0].cells for ch in normalize(cell.text))
        in_cells.pop(" ", None)
        assert inside == in_cells, content.number


@pytest.mark.parametrize("path", real_pdfs(), ids=lambda p: p.name)
def test_auto_finds_no_borderless_table_in_the_real_pdfs(path: Path) -> None:
    """Prose, covers and dot-leader tables of contents are not mistaken for tables."""
    report = parsed(path)
    assert "borderless_table" not in {w.code for w in report.warnings}


def test_camelot_on_the_real_target_forms() -> None:
    """Same records on the real 填报表; camelot lattice misses the two header-only tables."""
    path = real_pdf("putuo-wanli-2023-budget-pages1-32.pdf")
    auto = parsed(path)
    camelot = parsed_with(path, "camelot")
    assert _records(auto) == _records(camelot) and len(auto.records) == 9
    missing = [s for s in _shapes(auto) if s not in _shapes(camelot)]
    assert missing == [([24], 16, 7), ([25], 16, 7)]


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown engine"):
        extract_document(SAMPLES / BORDERLESS, engine="tabula")


# ------------------------------------------------------------------ unit tests, no camelot


def _char(text: str, x0: float, top: float, size: float = 9.0) -> Char:
    return Char(text, x0, x0 + size, top, top + size, size)


def _line(x: float, top: float, text: str) -> list[Char]:
    return [_char(ch, x + 9.0 * i, top) for i, ch in enumerate(text)]


def _page(*lines: list[Char]) -> PageContent:
    return PageContent(1, 595.0, 842.0, [c for line in lines for c in line], [])


def test_columnar_regions_finds_aligned_columns_and_skips_titles() -> None:
    content = _page(
        _line(200, 40, "某某表格标题"),
        _line(40, 80, "名称") + _line(120, 80, "数量") + _line(200, 80, "金额"),
        _line(40, 100, "甲") + _line(120, 100, "1") + _line(200, 100, "10"),
        _line(40, 120, "乙") + _line(120, 120, "2") + _line(200, 120, "20"),
        _line(40, 140, "丙") + _line(120, 140, "3") + _line(200, 140, "30"),
    )
    regions = columnar_regions(content, DEFAULT_SETTINGS)
    assert len(regions) == 1
    assert regions[0].bounds == (40.0, 119.0, 199.0)  # left edge, then left of each column
    assert regions[0].bbox[1] == 80.0  # the title above is not part of the table


def test_a_wrapped_line_read_by_ocr_stays_in_its_table() -> None:
    """On the heavy-noise scan of the borderless sample, 项目资金（万元） wraps and the OCR box
    of （万元） starts 3.3 pt right of its column (boxes hug the ink, and the ink of （ sits
    in the right of its em): the table was cut in two there. The same offset in a text
    layer is a line that is no part of the table."""

    def page(confidence: float | None, x: float = 43.3) -> PageContent:
        rows = [
            _line(40, 80, "名称") + _line(120, 80, "数量") + _line(200, 80, "金额"),
            _line(40, 100, "甲") + _line(120, 100, "1") + _line(200, 100, "10"),
            _line(x, 110, "（万元）"),
            _line(40, 120, "乙") + _line(120, 120, "2") + _line(200, 120, "20"),
            _line(40, 140, "丙") + _line(120, 140, "3") + _line(200, 140, "30"),
        ]
        chars = [replace(c, confidence=confidence) for row in rows for c in row]
        return PageContent(1, 595.0, 842.0, chars, [])

    (region,) = columnar_regions(page(0.99), DEFAULT_SETTINGS)
    assert region.bbox[1] == 80.0 and region.bbox[3] == 149.0
    # In a text layer the same line is kept as a section label between table lines.
    (region,) = columnar_regions(page(None), DEFAULT_SETTINGS)
    assert region.bbox[1] == 80.0 and region.bbox[3] == 149.0
    # A line 20 pt off every column is no part of the table, scanned or not: it cuts the
    # table in two, and neither part has the 3 columnar lines of a table.
    assert columnar_regions(page(0.99, x=60), DEFAULT_SETTINGS) == []
    assert columnar_regions(page(None, x=60), DEFAULT_SETTINGS) == []


def test_columnar_regions_ignores_prose_and_dot_leaders() -> None:
    prose = [_line(40, 40 + 14 * i, "这是一段连续的正文没有任何列的结构") for i in range(6)]
    toc = [
        _line(40, 200 + 14 * i, "第一章概述") + _line(120, 200 + 14 * i, "……………") for i in range(6)
    ]
    assert columnar_regions(_page(*prose, *toc), DEFAULT_SETTINGS) == []


def test_stream_grid_keeps_lines_spaced_like_rows_apart() -> None:
    """``C2`` under ``C1`` as far as ``A1`` is under the header: a row of its own."""
    rows = [
        _line(40, 80 + 12 * i, a) + _line(120, 80 + 12 * i, b) + _line(200, 80 + 12 * i, c)
        for i, (a, b, c) in enumerate([("列一", "列二", "列三"), ("A1", "B1", "C1")])
    ]
    rows += [_line(200, 104 + 12 * i, f"C{i + 2}") for i in range(3)]
    region = Region((40.0, 80.0, 290.0, 149.0), (40.0, 120.0, 200.0))
    grid, joined = stream_table_grid(_page(*rows), region, [])
    assert grid is not None and joined == 0 and grid.n_rows == 5


def test_stream_grid_joins_wrapped_lines_and_spans_phrases() -> None:
    """Row 2's indicator wraps onto a second line; row 1's text runs over two columns."""
    rows = [
        _line(40, 80, "名称") + _line(120, 80, "跨两列的很长很长文本"),
        _line(40, 100, "指标") + _line(120, 100, "目标") + _line(200, 100, "完成"),
        _line(40, 120, "甲") + _line(120, 120, "较长的目") + _line(200, 120, "1"),
        _line(120, 131, "标"),  # 2 pt under the line above: its wrap
        _line(40, 150, "乙") + _line(120, 150, "二") + _line(200, 150, "2"),
    ]
    content = _page(*rows)
    region = Region((40.0, 80.0, 290.0, 159.0), (40.0, 120.0, 200.0))
    bands = [(78.0 + y, 88.0 + y) for y in (0, 20, 40, 51, 70)]
    grid, joined = stream_table_grid(content, region, bands)
    assert grid is not None and joined == 1
    assert grid.n_rows == 4 and grid.n_columns == 3
    first = [c for c in grid.cells if c.row == 0]
    assert [(c.column, c.colspan) for c in first] == [(0, 1), (1, 2)]


def test_stream_grid_never_joins_a_number_under_a_number() -> None:
    """Numeric lines 4 pt apart (within the wrap distance, closer than rows elsewhere): each
    is a row of its own, while a text line 1 pt under text is a wrapped cell."""
    rows = [_line(40, 80, "项目") + _line(120, 80, "2023") + _line(200, 80, "2024")]
    rows += [
        _line(40, 93 + 13 * i, name) + _line(120, 93 + 13 * i, a) + _line(200, 93 + 13 * i, b)
        for i, (name, a, b) in enumerate(
            [
                ("工资", "34,573", "13,278"),
                ("福利", "58,326", "30,983"),
                ("合计", "92,899", "44,261"),
            ]
        )
    ]
    rows.append(_line(40, 129, "说明"))  # text 1 pt under 合计: wrapped
    rows.append(_line(40, 150, "备注") + _line(120, 150, "无"))  # 12 pt gaps: rows
    rows.append(_line(40, 171, "附注") + _line(120, 171, "无"))
    content = _page(*rows)
    region = Region((40.0, 80.0, 260.0, 180.0), (40.0, 120.0, 200.0))
    grid, joined = stream_table_grid(content, region, [])
    assert grid is not None and joined == 1 and grid.n_rows == 6
    tables, _, _ = page_tables(content, engine="auto")
    texts = [c.text for c in tables[0].cells]
    assert "34,573" in texts and "13,278" in texts and "合计说明" in texts


def test_lattice_conversion_merges_cells_across_unruled_sides() -> None:
    """A 2×2 camelot grid whose top row has no rule between its two slots."""

    def cell(left: bool, right: bool, top: bool, bottom: bool) -> SimpleNamespace:
        return SimpleNamespace(left=left, right=right, top=top, bottom=bottom)

    table = SimpleNamespace(
        cols=[(10.0, 50.0), (50.0, 90.0)],
        rows=[(800.0, 780.0), (780.0, 760.0)],
        cells=[
            [cell(True, False, True, True), cell(False, True, True, True)],
            [cell(True, True, True, True), cell(True, True, True, True)],
        ],
    )
    grid, notices = lattice_table_grid(table, 1, 842.0)
    assert notices == []
    assert [(c.row, c.column, c.rowspan, c.colspan) for c in grid.cells] == [
        (0, 0, 1, 2),
        (1, 0, 1, 1),
        (1, 1, 1, 1),
    ]
    assert grid.bbox == (10.0, 42.0, 90.0, 82.0)  # flipped to top-left coordinates
