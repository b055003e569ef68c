"""Page overlays (``jixiao inspect``, ``jixiao.inspect``): size and colours where the PDF's
own rulings (pdfplumber's edges, not jixiao's grid) put a known cell."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

import jixiao
from conftest import SAMPLES, parsed
from jixiao.extract.model import Cell, Char, PageContent, Table
from jixiao.extract.overlay import (
    CELL_OUTLINE,
    LABEL_FILL,
    MARGIN,
    ROLE_COLOURS,
    STRAY,
    TABLE_OUTLINE,
    draw,
    page_marks,
)

SEED = SAMPLES / "gz_kx_2021_docx.pdf"
SCALE = 2.0


def _cell_around(path: Path, page_number: int, text: str) -> tuple[float, float, float, float]:
    """The ruled box around printed ``text``: the nearest PDF rulings on each side of it."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[page_number - 1]
        chars = page.chars
        joined = "".join(c["text"] for c in chars)
        start = joined.index(text)
        found = chars[start : start + len(text)]
        x0, x1 = min(c["x0"] for c in found), max(c["x1"] for c in found)
        cy = (found[0]["top"] + found[0]["bottom"]) / 2
        cx = (x0 + x1) / 2
        vertical = [
            e["x0"] for e in page.edges if e["orientation"] == "v" and e["top"] <= cy <= e["bottom"]
        ]
        horizontal = [
            e["top"] for e in page.edges if e["orientation"] == "h" and e["x0"] <= cx <= e["x1"]
        ]
    return (
        max(x for x in vertical if x <= x0),
        max(y for y in horizontal if y <= cy),
        min(x for x in vertical if x >= x1),
        min(y for y in horizontal if y >= cy),
    )


def _near(image, x: float, y: float, colour: tuple[int, int, int], reach: int = 2) -> bool:
    """Is ``colour`` drawn within ``reach`` pixels of point (x, y) (in points)?"""
    px, py = round(x * SCALE), round(y * SCALE)
    return any(
        image.getpixel((px + dx, py + dy))[:3] == colour
        for dx in range(-reach, reach + 1)
        for dy in range(-reach, reach + 1)
    )


@pytest.fixture(scope="module")
def page2():
    return jixiao.inspect(SEED, 2, scale=SCALE)


def test_picture_is_the_page_plus_the_warning_margin(page2) -> None:
    with pdfplumber.open(SEED) as pdf:
        width, height = pdf.pages[1].width, pdf.pages[1].height
    assert abs(page2.width - (width * SCALE + MARGIN * SCALE)) <= 1.5
    assert abs(page2.height - height * SCALE) <= 1.5


def test_known_cell_outline_and_header_role_colour(page2) -> None:
    # 年度完成值, the header of the 年度主要支出计划 table's fifth column on page 2.
    x0, top, x1, bottom = _cell_around(SEED, 2, "年度完成值")
    middle = (top + bottom) / 2
    # An inner column border: the cell outline colour on the ruling's line.
    assert _near(page2, x0, middle, CELL_OUTLINE)
    assert _near(page2, x1, middle, CELL_OUTLINE)
    # The header was matched to the role "actual": its blank corner is tinted that colour.
    r, g, b = page2.getpixel((round((x1 - 3) * SCALE), round((bottom - 3) * SCALE)))[:3]
    want = ROLE_COLOURS["actual"]
    alpha = 90 / 255
    tinted = [round(255 * (1 - alpha) + c * alpha) for c in want]
    assert all(abs(a - t) <= 3 for a, t in zip((r, g, b), tinted, strict=True)), (r, g, b)
    # The table's outline: the left border of its first column, in the outline colour.
    left, _, _, _ = _cell_around(SEED, 2, "年度主要支出")
    assert _near(page2, left, middle, TABLE_OUTLINE)


def test_record_numbers_and_warnings_are_drawn(page2) -> None:
    report = parsed(SEED)
    # Record 5 is the first row under the 年度主要支出计划 header on page 2.
    ref = report.records[5].cells["indicator"][0]
    assert ref.page == 2
    assert _near(page2, ref.bbox[0] + 1.5, ref.bbox[1] + 1.5, LABEL_FILL)
    # Page 2 has warnings (row_rejoined …): their bullets are red in the margin.
    assert any(w.page == 2 for w in report.warnings)
    margin = page2.crop((page2.width - round(MARGIN * SCALE), 0, page2.width, page2.height))
    colours = {colour for _, colour in margin.getcolors(1 << 20)}
    assert STRAY in colours


def test_tables_only_draws_cells_without_roles() -> None:
    image = jixiao.inspect(SEED, 2, scale=SCALE, tables_only=True)
    x0, top, x1, bottom = _cell_around(SEED, 2, "年度完成值")
    assert _near(image, x0, (top + bottom) / 2, CELL_OUTLINE)
    corner = image.getpixel((round((x1 - 3) * SCALE), round((bottom - 3) * SCALE)))[:3]
    assert min(corner) >= 245  # white paper: no role tint


def test_characters_in_no_cell_are_red() -> None:
    # A table part whose cells do not cover its outline (what an irregular grid leaves):
    # the character in the uncovered corner fell in no cell and is outlined in red; the
    # one inside a cell is not.
    from PIL import Image

    cells = [
        Cell(0, 0, 1, 2, "A", 1, (100.0, 100.0, 300.0, 150.0)),
        Cell(1, 0, 1, 1, "B", 1, (100.0, 150.0, 200.0, 200.0)),
    ]
    table = Table([1], 2, 2, cells, (100.0, 100.0, 300.0, 200.0))
    inside = Char("B", 140.0, 150.0, 170.0, 180.0, 10.0)
    lost = Char("L", 240.0, 250.0, 170.0, 180.0, 10.0)
    content = PageContent(1, 400.0, 300.0, [inside, lost], [])
    marks = page_marks(content, [table], notes=["• text_outside_cells: L"])
    assert marks.stray == [(240.0, 170.0, 250.0, 180.0)]
    image = draw(Image.new("RGB", (800, 600), "white"), marks, SCALE)
    assert image.getpixel((480, 345))[:3] == STRAY  # left edge of L's box
    assert image.getpixel((280, 345))[:3] != STRAY  # B's box: inside a cell
    assert _near(image, 200, 175, CELL_OUTLINE)  # right side of cell B


def test_cli_writes_one_png_per_selected_page(tmp_path: Path) -> None:
    cli = [sys.executable, "-m", "jixiao.cli", "inspect", str(SEED), "-o", str(tmp_path)]
    done = subprocess.run([*cli, "--pages", "1,3-4", "--tables-only"], capture_output=True)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "gz_kx_2021_docx-p001.png",
        "gz_kx_2021_docx-p003.png",
        "gz_kx_2021_docx-p004.png",
    ]
    bad = subprocess.run([*cli, "--pages", "x"], capture_output=True)
    assert bad.returncode == 1 and b"--pages" in bad.stderr
