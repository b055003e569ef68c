"""PDFs that match no layout: every table, complete, stitched, exportable.

The completeness check reads each page's characters with pdfplumber directly (not through
jixiao's reader) and compares those inside every detected table outline with the text of
that table's cells: nothing printed inside a table may be lost. Real PDFs come from
../shared/real-pdfs; those tests skip when it is absent.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pdfplumber
import pytest

from conftest import parsed, real_pdf, real_pdfs
from jixiao.extract import page_tables
from jixiao.extract.export import (
    export_files,
    export_tables,
    table_grid,
    to_csv,
    to_markdown,
    to_xlsx,
)
from jixiao.extract.model import Cell, Table
from jixiao.extract.readers import read_pages
from jixiao.extract.text import normalize

BUDGET_PDFS = [
    "putuo-finance-2024-final-accounts.pdf",
    "putuo-wanli-2024-budget.pdf",
    "jiangsu-party-office-2019-budget-tables.pdf",
    "pdfplumber-issue-336-example.pdf",
]


def _chars(text: str) -> Counter[str]:
    """Characters as the extractor normalises them (width folding), whitespace dropped."""
    return Counter(ch for ch in normalize(text) if not ch.isspace())


def _page_chars(path: Path) -> dict[int, list[dict]]:
    with pdfplumber.open(path) as pdf:
        return {page.page_number: list(page.chars) for page in pdf.pages}


# extract/page_cuts.py's warning: a line cut by the page break, read on one of two pages.
_CUT_LINE = re.compile(
    r"drawn on pages (?P<a>\d+) and (?P<b>\d+), .* on page (?P<kept>\d+): 「(?P<line>.*?)」"
    r"(?: \(「.*?」 is drawn on page \d+ only\))?$"
)


@cache
def _page_parts(
    path: Path,
) -> list[tuple[int, list[Table], str, list[tuple[float, float]], str]]:
    """Each page's tables before stitching (read once per session), with the text of the
    comment boxes printed over them, which is page text by design, quoted in a warning (as
    is text a clip path hides: pdfplumber's characters include it), the points of the cells
    that kept text running past the table's edge (a wide sheet printed in strips), also said
    in a warning, and the lines cut by the page break read on it (extract/page_cuts.py)."""
    parts = []
    moved: dict[int, str] = {}  # page → glyphs of cut lines read on the other page
    taken: dict[int, str] = {}  # page → cut lines read on it
    for content in read_pages(path):
        tables, _, notices = page_tables(content)
        quoted = "".join(
            n.message.split("its text is page text: ", 1)[1].replace(" / ", "")
            for n in notices
            if n.code == "comment_box_text"
        ) + "".join(  # drawn under a clip path, so not printed: quoted by the reader
            n.message.split("were not read: 「", 1)[1].removesuffix("」")
            for n in content.notices
            if n.code == "clipped_text" and "were not read: 「" in n.message
        )
        for n in content.notices:
            if n.code == "clipped_text" and (cut := _CUT_LINE.search(n.message)):
                kept, pages = int(cut["kept"]), {int(cut["a"]), int(cut["b"])}
                (other,) = pages - {kept}
                moved[other] = moved.get(other, "") + cut["line"]
                # read where its visible part sits, which the glyphs as drawn (pdfplumber's
                # centres) may place below the table, and with glyphs of the other page
                taken[kept] = taken.get(kept, "") + cut["line"]
        past = [n.at for n in notices if n.code == "text_past_table_edge" and n.at]
        parts.append((content.number, tables, quoted, past))
    return [
        (number, tables, quoted + moved.get(number, ""), past, taken.get(number, ""))
        for number, tables, quoted, past in parts
    ]


def _beside(chars: list[dict], table: Table, points: list[tuple[float, float]]) -> Counter[str]:
    """Characters printed level with a cell that says it kept text running past the table's
    side, and outside the table: the only text a cell may hold from outside its outline."""
    x0, _, x1, _ = table.bbox
    found = Counter[str]()
    for cell in table.cells:
        cx0, ctop, cx1, cbottom = cell.bbox
        if not any(cx0 <= x <= cx1 and ctop <= y <= cbottom for x, y in points):
            continue
        for ch in chars:
            cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
            if ctop <= cy <= cbottom and not x0 <= cx <= x1:
                found += _chars(ch["text"])
    return found


def _within(inner: tuple[float, ...], outer: tuple[float, ...]) -> bool:
    return (
        inner != outer
        and outer[0] <= inner[0]
        and outer[1] <= inner[1]
        and inner[2] <= outer[2]
        and inner[3] <= outer[3]
    )


@pytest.mark.parametrize("path", real_pdfs(), ids=lambda p: p.name)
def test_no_text_inside_a_table_region_is_missing(path: Path) -> None:
    chars = _page_chars(path)
    checked = 0
    for number, tables, comments, past, taken in _page_parts(path):
        noted = _chars(comments)
        for table in tables:
            x0, top, x1, bottom = table.bbox
            inside = Counter[str]()
            for ch in chars[number]:
                cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
                if x0 <= cx <= x1 and top <= cy <= bottom:
                    inside += _chars(ch["text"])
            in_cells = Counter[str]()
            for cell in table.cells:
                in_cells += _chars(cell.text)
            for other in tables:  # a table drawn inside one of this table's cells
                if other is not table and _within(other.bbox, table.bbox):
                    for cell in other.cells:
                        in_cells += _chars(cell.text)
            missing = inside - in_cells - noted
            assert not missing, f"page {number}: not in any cell: {dict(missing)}"
            beside = _beside(chars[number], table, past)
            from_outside = in_cells - inside - beside - _chars(taken)
            assert not from_outside, f"page {number}: cell text from outside"
            checked += sum(inside.values())
    assert checked > 0


@pytest.mark.parametrize("path", real_pdfs(), ids=lambda p: p.name)
def test_stitching_keeps_every_cell_text(path: Path) -> None:
    """Every cell of every page part is in the stitched table (dropped repeated headers are
    equal to the kept ones; re-joined row parts are inside the joined cell)."""
    report = parsed(path)
    for number, tables, _, _, _ in _page_parts(path):
        stitched = [t for t in report.tables if number in t.pages]
        keys = ["".join(c.text.split()) for t in stitched for c in t.cells]
        for table in tables:
            for cell in table.cells:
                key = "".join(cell.text.split())
                assert not key or any(key in k for k in keys), (number, cell.text)


@pytest.mark.parametrize("name", BUDGET_PDFS)
def test_budget_pdfs_have_unknown_layout_and_all_tables(name: str) -> None:
    report = parsed(real_pdf(name))
    assert report.layout == "unknown"
    assert report.records == [] and report.projects == []
    assert report.tables


def test_multi_level_headers_stay_rows() -> None:
    """收入决算表 (pages 8-9): a three-row header with spans, then data, stitched."""
    report = parsed(real_pdf("putuo-finance-2024-final-accounts.pdf"))
    table = next(t for t in report.tables if t.pages == [8, 9])
    grid = table_grid(table)
    assert grid[0][0] == "项目" and grid[0][4] == "本年收入合计"
    assert grid[1][0] == "支出功能分类" and grid[2][0] == "科目编码"
    assert grid[3][:4] == ["类", "款", "项", "合计"]
    first = {(c.row, c.column): c for c in table.cells}
    assert (first[(0, 0)].colspan, first[(0, 4)].rowspan) == (4, 3)
    assert table.n_rows == 23 and table.n_columns == 11


def _small_table() -> Table:
    """项目 spans two columns; 金额 spans two rows: the shapes exports must keep."""
    cells = [
        Cell(0, 0, 1, 2, "项目", 1, (0, 0, 2, 1)),
        Cell(0, 2, 2, 1, "金额|万元", 1, (2, 0, 3, 2)),
        Cell(1, 0, 1, 1, "类", 1, (0, 1, 1, 2)),
        Cell(1, 1, 1, 1, "款", 1, (1, 1, 2, 2)),
        Cell(2, 0, 1, 1, "201", 1, (0, 2, 1, 3)),
        Cell(2, 1, 1, 1, "06", 1, (1, 2, 2, 3)),
        Cell(2, 2, 1, 1, "2,112.86", 1, (2, 2, 3, 3)),
    ]
    return Table([1, 2], 3, 3, cells, (0, 0, 3, 3))


def test_csv_keeps_rows_and_puts_merged_text_once() -> None:
    rows = list(csv.reader(io.StringIO(to_csv([_small_table()]))))
    assert rows == [["项目", "", "金额|万元"], ["类", "款", ""], ["201", "06", "2,112.86"]]
    filled = list(csv.reader(io.StringIO(to_csv([_small_table()], fill_merged=True))))
    assert filled[0] == ["项目", "项目", "金额|万元"] and filled[1][2] == "金额|万元"


def test_csv_files_one_per_table_with_bom(tmp_path: Path) -> None:
    files = export_files([_small_table(), _small_table()], "csv", tmp_path / "out.csv")
    assert [p.name for p, _ in files] == ["out-01.csv", "out-02.csv"]
    assert all(data.startswith("\ufeff".encode()) for _, data in files)
    single = export_files([_small_table()], "csv", tmp_path / "one.csv")
    assert [p.name for p, _ in single] == ["one.csv"]


def test_markdown_escapes_pipes_and_has_one_section_per_table() -> None:
    text = to_markdown([_small_table(), _small_table()])
    assert text.count("## Table") == 2 and "(pages 1-2)" in text
    assert "| 项目 |  | 金额\\|万元 |" in text
    assert "|---|---|---|" in text


def test_xlsx_has_merged_ranges() -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx([_small_table()])))
    sheet = book.worksheets[0]
    assert sheet.title == "T1 p1-2"
    assert {str(r) for r in sheet.merged_cells.ranges} == {"A1:B1", "C1:C2"}
    assert [[c.value for c in row] for row in sheet.iter_rows()] == [
        ["项目", None, "金额|万元"],
        ["类", "款", None],
        ["201", "06", 2112.86],  # codes stay text, the amount is a number
    ]
    assert sheet["C3"].number_format == "#,##0.00", "shown as printed"


def test_export_of_a_real_report_in_every_format() -> None:
    report = parsed(real_pdf("putuo-finance-2024-final-accounts.pdf"))
    text = export_tables(report.tables, "csv").decode()
    assert "一般公共服务支出" in text
    assert len(list(csv.reader(io.StringIO(text)))) == sum(t.n_rows for t in report.tables) + (
        len(report.tables) - 1
    )
    assert export_tables(report.tables, "md").decode().count("## Table") == len(report.tables)
    assert export_tables(report.tables, "xlsx")[:2] == b"PK"
    with pytest.raises(ValueError, match="unknown table format"):
        export_tables(report.tables, "html")  # type: ignore[arg-type]
