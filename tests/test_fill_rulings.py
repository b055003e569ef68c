"""Cell fills and rulings: a fill's side is a border only where the colour changes across it.

Report designers (camelot's health.pdf, many Excel exports) paint each cell with several
touching fills of the cell's colour (padding left, text area, padding right) and band the
rows. Read as rulings, the shared sides of those fills tripled every border and cut one
painted cell into three. Drawn here with reportlab, read by both readers.
"""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from jixiao.extract import page_tables
from jixiao.extract.export import table_grid
from jixiao.extract.readers import read_pages

READERS = ("fast", "pdfplumber")
HEIGHT = 400.0
BAND = (0.82, 0.92, 0.95)  # light blue rows
HEAD_A = (0.29, 0.68, 0.78)
HEAD_B = (0.47, 0.75, 0.83)
LEFT, XS, TOPS = 60.0, [60.0, 200.0, 300.0, 400.0], [60.0, 80.0, 100.0, 120.0, 140.0]
HEADER = ["地区", "收入", "支出"]
BODY = [["北京", "1,200.50", "300.00"], ["天津", "800.25", "150.75"], ["河北", "95.10", "40.00"]]


def _draw(path: Path, *, lines: bool, band2: tuple | None = None) -> Path:
    """A 4×3 table: header cells in two alternating colours, body rows banded light blue /
    unpainted (or ``band2``), every painted cell made of three touching fills (5 pt padding
    each side); with ``lines``, a 0.5 pt stroked grid on top."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=(600, HEIGHT))

    def fill(x0: float, top: float, x1: float, bottom: float, colour: tuple) -> None:
        c.setFillColorRGB(*colour)
        c.rect(x0, HEIGHT - bottom, x1 - x0, bottom - top, stroke=0, fill=1)

    for r, (top, bottom) in enumerate(pairwise(TOPS)):
        for k, (x0, x1) in enumerate(pairwise(XS)):
            colour = (HEAD_A if k % 2 == 0 else HEAD_B) if r == 0 else BAND
            if r > 0 and r % 2 == 0 and band2 is not None:
                colour = band2
            if r == 0 or r % 2 == 1 or band2 is not None:
                fill(x0, top, x0 + 5, bottom, colour)
                fill(x0 + 5, top, x1 - 5, bottom, colour)
                fill(x1 - 5, top, x1, bottom, colour)
    if lines:
        c.setLineWidth(0.5)
        for y in TOPS:
            c.line(XS[0], HEIGHT - y, XS[-1], HEIGHT - y)
        for x in XS:
            c.line(x, HEIGHT - TOPS[0], x, HEIGHT - TOPS[-1])
    c.setFillColorRGB(0, 0, 0)
    c.setFont("STSong-Light", 10)
    for r, row in enumerate([HEADER, *BODY]):
        for k, text in enumerate(row):
            c.drawString(XS[k] + 10, HEIGHT - (TOPS[r] + 14), text)
    c.save()
    return path


@pytest.mark.parametrize("reader", READERS)
def test_touching_fills_of_one_colour_are_one_area_not_a_grid(tmp_path: Path, reader: str) -> None:
    """Banded fills, no lines: the body rows' inner sides (cell and padding joins, all one
    colour) are no rulings; the header's colour changes and the band edges are."""
    (content,) = list(read_pages(_draw(tmp_path / "bands.pdf", lines=False), reader=reader))
    verticals = {round(s.x0) for s in content.segments if not s.horizontal}
    horizontals = {round(s.top) for s in content.segments if s.horizontal}
    assert verticals == {60, 200, 300, 400}  # outer sides, and the header's colour changes
    inner = [s for s in content.segments if not s.horizontal and 60 < s.x0 < 400]
    assert all(s.top >= 59.9 and s.bottom <= 80.1 for s in inner)  # header row only
    assert horizontals == {60, 80, 100, 120, 140}  # band edges (the third row is unpainted)


@pytest.mark.parametrize("reader", READERS)
def test_fills_under_a_ruled_grid_leave_its_cells_whole(tmp_path: Path, reader: str) -> None:
    """The same fills under stroked lines: one cell per printed cell, no slot from the
    padding fills' sides."""
    (content,) = list(read_pages(_draw(tmp_path / "ruled.pdf", lines=True), reader=reader))
    tables, _, _ = page_tables(content)
    (table,) = tables
    assert (table.n_rows, table.n_columns) == (4, 3)
    assert [[t.replace(" ", "") for t in row] for row in table_grid(table)] == [HEADER, *BODY]
    assert table.column_edges == pytest.approx(XS, abs=1)


@pytest.mark.parametrize("reader", READERS)
def test_banded_rows_under_a_header_in_cells_take_their_columns_from_the_text(
    tmp_path: Path, reader: str
) -> None:
    """health.pdf's layout: a header painted in cells (its colour changes are verticals)
    over rows banded in two colours without a line between columns. The body rows are
    whole-row cells to the rulings; their columns come from the text (``columns_from_text``)
    and each value keeps its own cell (not ``北京1,200.50 300.00`` in one)."""
    path = _draw(tmp_path / "zebra.pdf", lines=False, band2=(0.9, 0.9, 0.8))
    (content,) = list(read_pages(path, reader=reader))
    tables, _, notices = page_tables(content, engine="auto", path=path)
    (table,) = tables
    assert [[t.replace(" ", "") for t in row] for row in table_grid(table)] == [HEADER, *BODY]
    assert "columns_from_text" in {n.code for n in notices}
