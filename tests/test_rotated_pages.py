"""Pages whose content is printed turned by ±90° (a landscape table on a portrait page).

The cases are tests/table_cases.py's Chinese tables drawn on a landscape sheet turned onto a
portrait page. Truth: the rows they are drawn from, and where the drawing puts the table on
the page (the landscape sheet's grid mapped through the turn), never jixiao's output.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from table_cases import CASES, LEFT, PAGE, TOP, WIDTHS, render

from jixiao.extract import page_tables
from jixiao.extract.export import table_grid
from jixiao.extract.readers import read_pages
from jixiao.extract.rotation import Frame, turn_of

_SPACE = re.compile(r"\s+")
# The landscape sheet's full grid: x from LEFT over the column widths, top from TOP over
# the rows at 20 pt (table_cases' pitch), in the sheet's top-left frame.
_X0, _X1 = LEFT, LEFT + sum(WIDTHS)
_T0, _T1 = TOP, TOP + 20.0 * len(CASES["full_grid"])
_SHEET_H = PAGE[0]  # the landscape sheet is as tall as the portrait page is wide


def _on_page(turn: int, x0: float, t0: float, x1: float, t1: float) -> tuple[float, ...]:
    """A box of the landscape sheet (x, top) on the portrait page (x, top), by the turn the
    drawing applied: 90 puts sheet (x, t) at page (595 - t, x), 270 at (t, 842 - x)."""
    if turn == 90:
        return (_SHEET_H - t1, x0, _SHEET_H - t0, x1)
    return (t0, PAGE[1] - x1, t1, PAGE[1] - x0)


@pytest.mark.parametrize("turn", [90, 270])
@pytest.mark.parametrize("name", ["full_grid", "three_line"])
def test_a_turned_table_gives_back_its_rows(tmp_path: Path, name: str, turn: int) -> None:
    path = render(name, tmp_path, turn)
    (content,) = list(read_pages(path))
    assert {c.turn for c in content.chars if c.text.strip()} == {turn}
    tables, _, notices = page_tables(content, engine="auto", path=path)
    rows = [[[_SPACE.sub("", t) for t in row] for row in table_grid(t)] for t in tables]
    assert CASES[name] in rows
    (notice,) = [n for n in notices if n.code == "page_rotated_text"]
    assert f"{turn}°" in notice.message


@pytest.mark.parametrize("turn", [90, 270])
def test_a_turned_tables_boxes_are_where_it_is_printed(tmp_path: Path, turn: int) -> None:
    (content,) = list(read_pages(render("full_grid", tmp_path, turn)))
    (table,) = page_tables(content)[0]
    assert table.bbox == pytest.approx(_on_page(turn, _X0, _T0, _X1, _T1), abs=1.0)
    first = table.cell_at(1, 0)  # 201, in the sheet's first column, second row
    assert first is not None and first.text == "201"
    box = _on_page(turn, _X0, _T0 + 20.0, _X0 + WIDTHS[0], _T0 + 40.0)
    assert first.bbox == pytest.approx(box, abs=1.0)


@pytest.mark.parametrize("turn", [90, 270])
def test_both_readers_agree_on_a_turned_page(tmp_path: Path, turn: int) -> None:
    path = render("full_grid", tmp_path, turn)
    assert list(read_pages(path, reader="fast")) == list(read_pages(path, reader="pdfplumber"))


def test_an_upright_page_is_not_turned(tmp_path: Path) -> None:
    (content,) = list(read_pages(render("full_grid", tmp_path)))
    assert {c.turn for c in content.chars} == {0}
    assert "page_rotated_text" not in {n.code for n in page_tables(content)[2]}


def test_glyph_turns_and_frames() -> None:
    """The matrix's text direction (a, b), y up: right, down, left, up the page."""
    assert [turn_of(10, 0), turn_of(0, -10), turn_of(-10, 0), turn_of(0, 10)] == [0, 90, 180, 270]
    for turn in (90, 180, 270):
        frame = Frame(turn, 595.0, 842.0)
        box = (10.0, 20.0, 30.0, 60.0)
        assert frame.to_page(frame.to_reading(box)) == pytest.approx(box)
