"""Clip paths: a glyph drawn outside the active clip path is not printed, so it is not read.

Why: LibreOffice Calc draws a merged cell's whole text on every page the cell reaches and
lets a clip rectangle show only that page's part; Word clips text to table cells and page
areas the same way. pdfminer ignores clip paths (``W``/``W*`` are no-ops), so without this
the hidden lines read as a title above the table or as text run into its cells.

Both readers keep the clip in their graphics state (saved by ``q``, restored by ``Q``) and
narrow it at every ``W``/``W*`` with the current path: rectangles (what Calc and Word emit)
exactly, any other shape by the bounding box of its points — a clip is never taken smaller
than what it shows. The path at ``W`` is the one the next painting operator ends, so it is
applied at ``W``: that only differs for the painting operator itself, which draws no text.
Boxes here are in device space (PDF points, y up), where pdfminer places its characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pdfminer.pdftypes import resolve1

from .model import Char, Notice

ClipBox = tuple[float, float, float, float]  # x0, y0, x1, y1 in device space (y up)
Matrix = tuple[float, float, float, float, float, float]

#: How far a glyph's box must reach into the clip to count as printed (points). Glyph boxes
#: run from the font's descent to one font size above it, more than the ink: a line cut off
#: by the clip can still touch it with the bottom of its box.
MIN_VISIBLE = 0.5


def path_box(path: Sequence[tuple], ctm: Matrix) -> ClipBox | None:
    """The device-space bounding box of a path's points (curve control points included:
    they bound the curve), or None for an empty path."""
    a, b, c, d, e, f = ctm
    xs: list[float] = []
    ys: list[float] = []
    for segment in path:
        coords = segment[1:]
        for i in range(0, len(coords) - 1, 2):
            x, y = coords[i], coords[i + 1]
            xs.append(a * x + c * y + e)
            ys.append(b * x + d * y + f)
    if not xs:
        return None
    return (min(xs), min(ys), max(xs), max(ys))


def narrowed(clip: ClipBox | None, box: ClipBox | None) -> ClipBox | None:
    """The clip after ``W`` with a path of bounding box ``box`` (None: no clip yet).

    An empty path leaves the clip as it was; an empty intersection is kept as an empty box
    (nothing drawn after it shows)."""
    if box is None:
        return clip
    if clip is None:
        return box
    x0, y0 = max(clip[0], box[0]), max(clip[1], box[1])
    return (x0, y0, max(x0, min(clip[2], box[2])), max(y0, min(clip[3], box[3])))


def form_clip(clip: ClipBox | None, bbox: Any, ctm: Matrix) -> ClipBox | None:
    """The clip a Form XObject draws in: its ``/BBox`` through the form's matrix, inside the
    clip of the page where it is drawn. A malformed BBox leaves the page's clip."""
    try:
        x0, y0, x1, y1 = (float(resolve1(v)) for v in resolve1(bbox))
    except (TypeError, ValueError):
        return clip
    corners = [("m", x0, y0), ("l", x1, y0), ("l", x1, y1), ("l", x0, y1)]
    return narrowed(clip, path_box(corners, ctm))


def hidden(clip: ClipBox, x0: float, y0: float, x1: float, y1: float) -> bool:
    """Whether a glyph box lies outside the clip, save a sliver. Any axis-aligned frame will
    do (device space, or pdfplumber's top-down one) if box and clip share it."""
    visible_w = min(x1, clip[2]) - max(x0, clip[0])
    visible_h = min(y1, clip[3]) - max(y0, clip[1])
    return min(visible_w, visible_h) < min(MIN_VISIBLE, (x1 - x0) / 2, (y1 - y0) / 2)


def visible(chars: list[Char], clip: ClipBox, hidden_text: list[str]) -> list[Char]:
    """The characters (page coordinates, like ``clip``) the clip shows; the text of the
    others goes to ``hidden_text``."""
    kept = []
    for ch in chars:
        if hidden(clip, ch.x0, ch.top, ch.x1, ch.bottom):
            hidden_text.append(ch.text)
        else:
            kept.append(ch)
    return kept


def clipped_notice(page: int, texts: Sequence[str]) -> Notice:
    """The ``clipped_text`` warning: how many glyphs the clip hid, and what they said
    (quoted, so text can be accounted for even where it was not printed)."""
    text = "".join(texts)
    return Notice(
        "clipped_text",
        f"{len(texts)} characters drawn outside the clip path (not printed) were not read: "
        f"「{text}」",
        page,
    )
