"""Spreadsheet comments printed over the sheet (LibreOffice's yellow shadowed boxes).

The built page is drawn the way LibreOffice Calc prints a shown comment: a black shadow
offset 2.8 pt down and right, the yellow box over it with an outline, a callout from the
box to its cell and the note's text inside, all over a ruled table and over the end of
the label the note belongs to.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from jixiao.extract import page_tables
from jixiao.extract.export import table_grid
from jixiao.extract.model import Notice, Table, TextLine
from jixiao.extract.readers import READERS, read_pages

_SPACE = re.compile(r"\s+")
_H = 842.0
_ROWS = [["项目名称及编码：", "X001"], ["金额（万元）", "1,000.00"], ["类型", "专项"]]


def _draw(path: Path, draw: Callable) -> Path:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=(595, _H))
    draw(c)
    c.save()
    return path


def _sheet(c: Any, *, shadow: bool, height: float = _H) -> None:  # c: a reportlab canvas
    _H = height
    xs, ys = [60.0, 200.0, 400.0], [100.0, 130.0, 160.0, 190.0]
    for y in ys:
        c.line(xs[0], _H - y, xs[-1], _H - y)
    for x in xs:
        c.line(x, _H - ys[0], x, _H - ys[-1])
    c.setFont("STSong-Light", 10)
    for row, (label, value) in enumerate(_ROWS):
        c.drawString(64, _H - (118 + 30 * row), label)
        c.drawString(204, _H - (118 + 30 * row), value)
    # the comment: box 120..230 x 88..126, over the label's end, the column rule at 200 and
    # the row rule at 100
    x0, top, x1, bottom = 120.0, 88.0, 230.0, 126.0
    if shadow:
        c.setFillColorRGB(0, 0, 0)
        c.rect(x0 + 2.8, _H - bottom - 2.8, x1 - x0, bottom - top, fill=1, stroke=0)
    c.setFillColorRGB(1, 1, 0.75)
    c.setStrokeColorRGB(0.2, 0.4, 0.64)
    c.rect(x0, _H - bottom, x1 - x0, bottom - top, fill=1, stroke=1)
    path = c.beginPath()  # callout: a short level piece, then down to the cell's corner
    path.moveTo(x0, _H - 104)
    path.lineTo(x0 - 8, _H - 104)
    path.lineTo(x0 - 20, _H - 100)
    c.drawPath(path, stroke=1, fill=0)
    c.setFillColorRGB(0, 0, 0)
    c.setFont("STSong-Light", 9)
    c.drawString(x0 + 3, _H - 98, "导入模板无需填写内容")
    c.drawString(x0 + 3, _H - 121, "请勿修改")


def _read(path: Path, reader: str) -> tuple[list[Table], list[TextLine], list[Notice]]:
    (content,) = list(read_pages(path, reader=reader))
    return page_tables(content)


def _rows(table: Table) -> list[list[str]]:
    return [[_SPACE.sub("", text) for text in row] for row in table_grid(table)]


@pytest.mark.parametrize("reader", READERS)
def test_comment_box_is_neither_ruling_nor_cell_text(tmp_path: Path, reader: str) -> None:
    pdf = _draw(tmp_path / "comment.pdf", lambda c: _sheet(c, shadow=True))
    tables, lines, notices = _read(pdf, reader)
    assert [_rows(t) for t in tables] == [_ROWS]
    texts = [line.text for line in lines]
    assert "导入模板无需填写内容" in texts and "请勿修改" in texts
    (notice,) = [n for n in notices if n.code == "comment_box_text"]
    assert notice.message.endswith("导入模板无需填写内容 / 请勿修改")


def test_a_box_without_a_shadow_is_not_taken_for_a_comment(tmp_path: Path) -> None:
    """A plain filled box over a table is not recognised: only the shadow says 'comment'."""
    pdf = _draw(tmp_path / "plain.pdf", lambda c: _sheet(c, shadow=False))
    tables, _, notices = _read(pdf, "pdfplumber")
    assert "comment_box_text" not in {n.code for n in notices}
    assert [_rows(t) for t in tables] != [_ROWS]


def test_shenzhen_labels_under_comment_boxes_read_clean() -> None:
    """p3 / p57 of the Shenzhen sheet: the labels the comments cover are whole cells (looked
    at on the rendered page: 项目名称： … 分配方式： down the right column), the notes' text is
    page text, none of it in a cell."""
    from conftest import parsed, real_pdf

    report = parsed(real_pdf("shenzhen_baoan_songgang_project_target_declaration_libreoffice.pdf"))
    data = json.loads(report.model_dump_json())
    for page in (3, 57):
        cells = [c["text"] for t in data["tables"] for c in t["cells"] if c["page"] == page]
        for label in ("项目名称：", "一级预算单位：", "项目类型：", "分配方式："):
            assert label in cells, (page, label)
        assert not [c for c in cells if "导入模板" in c or "无需" in c]
    quoted = [w["message"] for w in data["warnings"] if w["code"] == "comment_box_text"]
    assert any("导入模板无需 / 填写" in m for m in quoted)
    assert any("由系统自动汇 / 总二级项目， / 无需手工录入" in m for m in quoted)


def test_a_comment_box_on_a_turned_page_is_placed_on_the_page_as_printed(tmp_path: Path) -> None:
    """The sheet drawn on a landscape page turned 90° onto a portrait one: the notice points
    at the box where it is printed, like the cells. The box's centre (175, 107) in the
    landscape sheet (595 pt tall) is, on the portrait page, at x = 595 - 107, top = 175."""

    def draw(c: Any) -> None:
        c.translate(0, _H)
        c.rotate(-90)  # landscape (x, y) lands on the page at (y, 842 - x)
        _sheet(c, shadow=True, height=595.0)

    tables, _, notices = _read(_draw(tmp_path / "turned.pdf", draw), "pdfplumber")
    assert "page_rotated_text" in {n.code for n in notices}
    assert [_rows(t) for t in tables] == [_ROWS]
    (notice,) = [n for n in notices if n.code == "comment_box_text"]
    assert notice.at == pytest.approx((488.0, 175.0), abs=0.5)
    x0, top, x1, bottom = tables[0].bbox
    assert x0 <= notice.at[0] <= x1 and top <= notice.at[1] <= bottom
