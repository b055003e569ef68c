"""Text printed turned on an upright page: a column header set up or down its cell, a note up
the margin. Read in the page's frame, a turned word is one line a glyph, joined top to bottom:
``s r e t o v`` for ``voters`` (camelot's vertical_header.pdf read that way before). The
truth is the text the PDFs are drawn with, never jixiao's output."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao.benchmarks.peer_tables import PEER
from jixiao.extract import extract_document

# (row, column) -> (text, turn as drawn: 0, or the glyphs running up (90° counter-clockwise)
# or down the page (90° clockwise))
CELLS = {
    (0, 0): ("项目", "level"),
    (0, 1): ("Number of voters", "up"),
    (0, 2): ("绩效指标（一级）", "down"),
    (0, 3): ("满意度≥95%", "up"),
    **{
        (row, column): (text, "level")
        for row, line in enumerate(
            [
                ["公共服务", "963", "产出指标", "≥95%"],
                ["社区养老服务", "1,204", "效益指标", "≥90%"],
                ["基层医疗卫生", "87", "满意度指标", "≥85%"],
            ],
            start=1,
        )
        for column, text in enumerate(line)
    },
}
TITLE = "2024年度项目支出绩效自评表（样表）"
NOTE = "本表金额单位：万元"  # printed up the left margin, outside the table
XS = [60.0, 160.0, 220.0, 280.0, 340.0]
YS = [700.0, 560.0, 530.0, 500.0, 470.0]  # PDF space, y up: the header row 140 pt tall


def _render(folder: Path) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = folder / "turned.pdf"
    c = canvas.Canvas(str(path), pagesize=(595, 842))
    for x in XS:
        c.line(x, YS[0], x, YS[-1])
    for y in YS:
        c.line(XS[0], y, XS[-1], y)
    for (row, column), (text, how) in CELLS.items():
        font = "Helvetica" if text.isascii() else "STSong-Light"
        c.setFont(font, 10)
        middle = (XS[column] + XS[column + 1]) / 2
        if how == "level":
            c.drawString(XS[column] + 4, YS[row + 1] + 9, text)
            continue
        c.saveState()
        if how == "up":  # baseline running up the page, starting near the cell's bottom
            c.translate(middle + 3, YS[row + 1] + 6)
            c.rotate(90)
        else:  # running down, starting near the cell's top
            c.translate(middle - 3, YS[row] - 6)
            c.rotate(-90)
        c.drawString(0, 0, text)
        c.restoreState()
    c.setFont("STSong-Light", 14)
    c.drawString(60, 730, TITLE)
    c.saveState()
    c.setFont("STSong-Light", 9)
    c.translate(40, 300)
    c.rotate(90)
    c.drawString(0, 0, NOTE)
    c.restoreState()
    c.save()
    return path


def test_turned_cell_text_is_read_in_its_own_direction(tmp_path: Path) -> None:
    doc = extract_document(_render(tmp_path))
    (table,) = doc.tables
    got = {(cell.row, cell.column): cell.text for cell in table.cells}
    want = {slot: text for slot, (text, _) in CELLS.items()}
    assert got == want
    # the margin note, up the page outside the table, is one page line read upwards
    assert [line.text for line in doc.lines] == [TITLE, NOTE]
    assert not [n for n in doc.notices if n.code == "page_rotated_text"]


def test_turned_cell_boxes_stay_on_the_page(tmp_path: Path) -> None:
    """Only the reading order is turned: a turned cell's box is its printed cell, and the
    margin note's line box stands where it is printed (x 30-43 pt, up from y 842-300)."""
    doc = extract_document(_render(tmp_path))
    (table,) = doc.tables
    header = next(cell for cell in table.cells if (cell.row, cell.column) == (0, 1))
    assert header.bbox == pytest.approx((XS[1], 842 - YS[0], XS[2], 842 - YS[1]))
    (note,) = [line for line in doc.lines if line.text == NOTE]
    x0, top, x1, bottom = note.bbox
    assert 30 <= x0 < x1 <= 43 and 842 - 300 - 9 * len(NOTE) - 2 <= top < bottom <= 842 - 300 + 1


def test_camelots_vertical_headers_are_words_not_reversed_letters() -> None:
    path = PEER / "pdf" / "vertical_header.pdf"
    if not path.is_file():
        pytest.skip("../shared/peer-tables/camelot is not present")
    doc = extract_document(path)
    texts = [cell.text for table in doc.tables for cell in table.cells]
    for name in ("Number of Registered voters", "Poll Book Totals", "Melissa A. Cordes"):
        assert name in texts
    spaced = [t for t in texts if re.search(r"(?:[A-Za-z] ){4}[A-Za-z]", t)]
    assert not spaced  # no word read a letter a line
