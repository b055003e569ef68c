"""Clip paths (extract/clip.py): text a clip hides above or below it is not read, in both readers.

The page is drawn here with reportlab: a rectangle clip (x 50-150, y 100-150, as Calc and
Word emit them) with a string inside it, one above it, one that runs out of its right side
and one after the clip is restored. What each string prints follows from the PDF's own
semantics (clip = the rectangle until Q), not from jixiao. The Calc pages that need it
are LibreOffice Calc seeds in tests/test_random_renderings.py (``REGRESSIONS``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from jixiao.extract.model import Char, Cut, PageContent
from jixiao.extract.page_cuts import settled
from jixiao.extract.readers import read_pages

FONT = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


@pytest.fixture(scope="module")
def clipped_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not os.path.exists(FONT):
        pytest.skip("fonts-wqy-zenhei is not installed")
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("wqy-clip", FONT))
    path = tmp_path_factory.mktemp("clip") / "clip.pdf"
    c = canvas.Canvas(str(path), pagesize=(300, 300))
    c.setFont("wqy-clip", 10)
    c.saveState()
    clip = c.beginPath()
    clip.rect(50, 100, 100, 50)
    c.clipPath(clip, stroke=0, fill=0)
    c.drawString(60, 120, "里面INSIDE")  # inside the clip
    c.drawString(60, 200, "上面ABOVE")  # above it: not printed
    c.drawString(60, 80, "下面BELOW")  # below it: not printed
    c.drawString(120, 130, "边上EDGE-RUNS-ON")  # runs out of the right side
    c.restoreState()
    c.drawString(60, 250, "之后AFTER")  # the clip is gone
    c.save()
    return path


@pytest.mark.parametrize("reader", ["fast", "pdfplumber"])
def test_text_above_or_below_a_clip_is_not_read(clipped_pdf: Path, reader: str) -> None:
    (page,) = read_pages(clipped_pdf, reader=reader)
    text = "".join(c.text for c in page.chars)
    assert "里面INSIDE" in text and "之后AFTER" in text
    assert "上面" not in text and "ABOVE" not in text
    assert "下面" not in text and "BELOW" not in text
    notices = {n.code: n for n in page.notices}
    hidden = notices["clipped_text"]
    assert hidden.page == 1
    assert hidden.message.startswith("14 characters")  # 上面ABOVE 下面BELOW
    assert "「上面ABOVE下面BELOW」" in hidden.message


@pytest.mark.parametrize("reader", ["fast", "pdfplumber"])
def test_text_beside_a_clip_is_read_with_its_line_and_said(clipped_pdf: Path, reader: str) -> None:
    """A wide sheet's strips: what one strip hides at its side, the next one prints."""
    (page,) = read_pages(clipped_pdf, reader=reader)
    text = "".join(c.text for c in page.chars)
    assert "边上EDGE-RUNS-ON" in text
    run_on = [n for n in page.notices if n.code == "text_past_clip"]
    assert len(run_on) == 1 and run_on[0].message.split()[0].isdigit()


def test_the_two_readers_agree_on_clipped_text(clipped_pdf: Path) -> None:
    fast, reference = (list(read_pages(clipped_pdf, reader=r)) for r in ("fast", "pdfplumber"))
    assert fast == reference
    assert [(n.code, n.message) for n in fast[0].notices] == [
        (n.code, n.message) for n in reference[0].notices
    ]


# -- A line the page break cuts in two (extract/page_cuts.py) --------------------------
# Typed glyphs and clips modelled on beijing_sasac p27/28 (Acrobat PDFMaker from Excel):
# the line 问题、违规 of a merged cell, 6.6 pt high, drawn at the foot of page 27 (top 470.88)
# with the cell's clip ending at 474.48 (3.6 of 6.6 pt shown), and at the head of page 28
# (top 61.8) with the clip starting at 65.4 (3.0 pt shown). Page 27 leaves out 、, which its
# clip would show nothing of (it sits in the lower half of the line).

EM = 6.6
COLUMN = (46.92, 109.68)


def _glyphs(text: str, x0: float, top: float) -> list[Char]:
    return [
        Char(t, x0 + i * EM, x0 + (i + 1) * EM, top, top + EM, EM)
        for i, t in enumerate(text)
        if t != " "
    ]


def _page(
    number: int, line: list[Char], clip: tuple[float, float], other: list[Char]
) -> PageContent:
    box = (COLUMN[0], clip[0], COLUMN[1], clip[1])
    cuts = [Cut(c, box, clip[0] <= c.cy <= clip[1]) for c in line]
    chars = other + [c.char for c in cuts if c.read]
    return PageContent(number, 841.8, 595.2, chars, [], cut=cuts)


def _texts(page: PageContent) -> str:
    return "".join(c.text for c in sorted(page.chars, key=lambda c: (c.top, c.x0)))


def test_a_line_cut_by_the_page_break_is_read_once_where_more_shows() -> None:
    above = _glyphs("4178", 48.24, 462.48)  # the line above it, whole on page 27
    below = _glyphs("资责任", 48.24, 70.2)  # the line below it, whole on page 28
    foot = _page(27, _glyphs("问题 违规", 48.24, 470.88), (252.72, 474.48), above)
    head = _page(28, _glyphs("问题、违规", 48.24, 61.8), (65.4, 286.2), below)
    first, second = settled([foot, head])
    assert _texts(first) == "4178问题、违规"
    assert _texts(second) == "资责任"
    line = [c for c in first.chars if c.top > 465]
    # Centred on what of it shows (470.88-474.48), so inside the cell whose ruling is there,
    # its height kept, at the places it is drawn at: 、 from page 28, at its x there.
    assert {(round(c.top, 2), round(c.bottom, 2)) for c in line} == {(469.38, 475.98)}
    assert [c.x0 for c in line] == [
        48.24,
        48.24 + EM,
        48.24 + 2 * EM,
        48.24 + 3 * EM,
        48.24 + 4 * EM,
    ]
    (notice,) = first.notices
    assert notice.code == "clipped_text" and notice.page == 27
    assert "55% of its height shows on page 27, 45% on page 28" in notice.message
    assert (
        "「问题、违规」" in notice.message and "「、」 is drawn on page 28 only" in notice.message
    )
    assert second.notices == [] and first.cut == [] and second.cut == []


def test_a_line_cut_in_halves_is_read_on_the_first_page_only() -> None:
    """Both clips show 3.3 of 6.6 pt: the centre lies on both edges, and the rule of one
    page read it on both."""
    foot = _page(27, _glyphs("督检查", 48.24, 470.88), (252.72, 474.18), [])
    head = _page(28, _glyphs("督检查", 48.24, 61.8), (65.1, 286.2), [])
    first, second = settled([foot, head])
    assert (_texts(first), _texts(second)) == ("督检查", "")
    assert "both show as much of it: read on the first, on page 27" in first.notices[0].message


def test_a_line_showing_more_on_the_next_page_is_read_there() -> None:
    foot = _page(27, _glyphs("督检查", 48.24, 470.88), (252.72, 473.28), [])  # 2.4 pt
    head = _page(28, _glyphs("督检查", 48.24, 61.8), (64.2, 286.2), [])  # 4.2 pt
    first, second = settled([foot, head])
    assert (_texts(first), _texts(second)) == ("", "督检查")
    assert [(round(c.top, 2), round(c.bottom, 2)) for c in second.chars] == [(63.0, 69.6)] * 3
    assert [n.page for n in first.notices + second.notices] == [28]


def test_cut_lines_that_are_not_one_line_stay_as_the_clip_read_them() -> None:
    """A line 0.4 pt over a clip at a page foot and one 2 pt into the next page's clip are
    not two parts of one line (shares 0.94 and 0.30 make more than a whole); nor are pages
    that do not follow each other. What is hidden is quoted, as the clip rule quotes it."""
    foot = _page(27, _glyphs("督检查", 48.24, 470.88), (252.72, 477.08), [])
    head = _page(28, _glyphs("督检查", 48.24, 61.8), (66.4, 286.2), [])
    first, second = settled([foot, head])
    assert (_texts(first), _texts(second)) == ("督检查", "")
    assert first.notices == []
    (hidden,) = second.notices
    assert hidden.code == "clipped_text" and hidden.message.startswith("3 characters")
    assert "「督检查」" in hidden.message
    foot = _page(27, _glyphs("督检查", 48.24, 470.88), (252.72, 474.18), [])
    gap = _page(29, _glyphs("督检查", 48.24, 61.8), (65.1, 286.2), [])
    assert [_texts(p) for p in settled([foot, gap])] == ["督检查", "督检查"]


@pytest.fixture(scope="module")
def cut_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two pages, each with a clip y 100-200 (a cell's part on that page), in Courier 10 pt
    (glyph boxes from 1.94 below the baseline to 8.06 above it). Page 1 draws 264 640000 at
    its foot, 7 of its 10 pt above the clip's bottom, leaving out the . its clip would show
    little of; page 2 draws 264.640000 at its head, 3 pt below the clip's top. Then AB in
    halves: 5 pt on each page."""
    from reportlab.pdfgen import canvas

    path = tmp_path_factory.mktemp("cut") / "cut.pdf"
    c = canvas.Canvas(str(path), pagesize=(300, 300))
    pages = [
        [(60, 98.94, "264"), (84, 98.94, "640000"), (160, 96.94, "AB")],
        [(60, 198.94, "264.640000"), (160, 196.94, "AB")],
    ]
    for lines in pages:
        c.setFont("Courier", 10)
        c.saveState()
        clip = c.beginPath()
        clip.rect(50, 100, 200, 100)
        c.clipPath(clip, stroke=0, fill=0)
        for x, y, text in lines:
            c.drawString(x, y, text)
        c.restoreState()
        c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("reader", ["fast", "pdfplumber"])
def test_both_readers_read_a_cut_line_once(cut_pdf: Path, reader: str) -> None:
    first, second = read_pages(cut_pdf, reader=reader)
    assert "".join(c.text for c in first.chars) == "264.640000AB"
    assert second.chars == []
    assert {c.page for c in first.notices + second.notices} == {1}
