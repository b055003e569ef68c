"""Work grows linearly with the length of a table: counted, not timed.

A 400-page table once took 21× as long as a 40-page one (stitching re-sorted and re-indexed
the whole table for every page; the parsers scanned every cell for every row; the schema
stage walked each record's table). These tests count how many cells of the growing table
are visited, with a list that counts its own iteration, for n and 2n pages: a linear step
visits about twice as many, a quadratic one four times.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from jixiao.extract.model import Cell, Document, Table
from jixiao.extract.settings import DEFAULT_SETTINGS
from jixiao.extract.stitch import stitch
from jixiao.parsers import parse_document
from jixiao.parsers.result import ParsedReport, RecordData
from jixiao.schema.build import _exact

COLUMNS = [40.0, 100.0, 300.0, 500.0]
ROWS = 20
#: One short printed line with room to spare: no row is cut by the page break.
ROOMY = {"n_lines": 1, "slack": 9.0, "line_height": 9.0, "lead_room": 2.0, "tail_room": 100.0}


class CountingList(list):
    """A list that counts the items handed out by iterating it."""

    visits = 0

    def __iter__(self) -> Iterator[Cell]:
        for item in super().__iter__():
            CountingList.visits += 1
            yield item


def _page(page: int, first: int) -> Table:
    """One page's part: a category cell merged down the page (blank after the first page,
    as when the merged cell goes on), then an indicator and a value per row."""
    cells = [
        Cell(
            0, 0, ROWS, 1, "一、产出指标" if page == 1 else "", page, (40, 60, 100, 60 + 20 * ROWS)
        )
    ]
    for r in range(ROWS):
        top = 60.0 + 20 * r
        for column, text in ((1, f"指标{first + r}"), (2, f"{first + r}人")):
            box = (COLUMNS[column], top, COLUMNS[column + 1], top + 20)
            cells.append(Cell(r, column, 1, 1, text, page, box, **ROOMY))
    cells.sort(key=lambda c: (c.row, c.column))
    return Table(
        pages=[page],
        n_rows=ROWS,
        n_columns=3,
        cells=CountingList(cells) if page == 1 else cells,
        bbox=(40.0, 60.0, 500.0, 60.0 + 20 * ROWS),
        row_pages=[page] * ROWS,
        column_edges=list(COLUMNS),
        row_edges=[60.0 + 20 * r for r in range(ROWS + 1)],
    )


def _stitched(pages: int) -> tuple[Table, int]:
    """The table stitched from ``pages`` parts, and the visits to its cells that took."""
    CountingList.visits = 0
    parts = [([_page(p, (p - 1) * ROWS)], []) for p in range(1, pages + 1)]
    tables, _ = stitch(parts, DEFAULT_SETTINGS)
    return tables[0], CountingList.visits


def test_stitching_visits_the_table_linearly() -> None:
    _, small_visits = _stitched(20)
    large, large_visits = _stitched(40)
    # The whole table is one logical table, its category cell merged down every page.
    assert (large.n_rows, len(large.pages)) == (40 * ROWS, 40)
    category = large.cell_at(40 * ROWS - 1, 0)
    assert category is not None and category.text == "一、产出指标"
    assert category.rowspan == 40 * ROWS
    assert large.cell_at(40 * ROWS - 1, 2).text == f"{40 * ROWS - 1}人"
    # Sorted as a full sort would leave it, and every slot found through the kept indexes.
    keys = [(c.row, c.column) for c in list.copy(large.cells)]
    assert keys == sorted(keys)
    assert [c.column for c in large.own_cells(5 * ROWS + 3)] == [1, 2]
    # Twice the pages, about twice the visits (quadratic stitching made it four times).
    assert small_visits > 0
    assert large_visits <= 2.2 * small_visits


def test_parsing_visits_the_table_linearly() -> None:
    visits = []
    for pages in (20, 40):
        table, _ = _stitched(pages)
        CountingList.visits = 0
        parse_document(Document(pages, [table], [], []))
        visits.append(CountingList.visits)
    assert visits[0] > 0
    assert visits[1] <= 2.2 * visits[0]


def test_exact_does_not_walk_into_the_records_table() -> None:
    """Each record points at its table (origin); walking it cost the whole table per record."""
    table, _ = _stitched(10)
    records = [
        RecordData(
            section="产出指标", category=None, goal=None, indicator=f"指标{r}",
            indicator_name=f"指标{r}", amount_wan=Decimal("1" * 40) if r == 3 else None,
            target=None, actual=None, detail=None, pages=[1], origin=(table, r),
        )
        for r in range(table.n_rows)
    ]  # fmt: skip
    CountingList.visits = 0
    notices: list = []
    out = _exact(ParsedReport(layout="x", records=records), "report", notices)
    assert CountingList.visits == 0
    # The walk still does its job: the 40-digit amount is set aside with a warning.
    assert out.records[3].amount_wan is None and out.records[2].amount_wan is None
    assert [n.code for n in notices] == ["number_too_long"]
    assert out.records[3].origin[0] is table
