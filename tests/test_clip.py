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
