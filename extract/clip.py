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
from dataclasses import dataclass, field
from typing import Any

from pdfminer.pdftypes import resolve1

from .model import Char, Cut, Notice

ClipBox = tuple[float, float, float, float]  # x0, y0, x1, y1 in device space (y up)
Box = tuple[float, float, float, float]  # a glyph's box, in the frame of the clip
Matrix = tuple[float, float, float, float, float, float]


def path_box(path: Sequence[tuple], ctm: Matrix) -> ClipBox | None:
    """The device-space bounding box of a path's points (curve control points included:
    they bound the curve), or None for an empty path."""
    a, b, c, d, e, f = ctm
    xs: list[float] = []
    ys: list[float] = []
    for segment in path:
        if len(segment) == 3:  # a move or line: one point (most segments; see below)
            _, x, y = segment
            xs.append(a * x + c * y + e)
            ys.append(b * x + d * y + f)
            continue
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
    """Whether a glyph box lies outside the clip: its centre does.

    Why the centre, not "entirely outside": a clip edge that cuts a glyph (a page strip of a
    wide sheet, a merged cell's text cut at a page foot) usually prints the rest of it under
    the neighbouring clip, on the next strip or page; by its centre a glyph is read in
    exactly one of them, never twice and never nowhere. A glyph less than half shown is
    dropped, and quoted like any other in the ``clipped_text`` warning.
    Any axis-aligned frame will do (device space, or pdfplumber's top-down one) if box and
    clip share it.
    """
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return not (clip[0] <= cx <= clip[2] and clip[1] <= cy <= clip[3])


def cut_share(clip: ClipBox, x0: float, y0: float, x1: float, y1: float) -> float | None:
    """The share of a glyph's height the clip shows when its top or bottom edge cuts the
    glyph (0 < share < 1) and the glyph stands within the clip's width; else None.

    Why: a producer that breaks a tall cell over two pages may draw a line on both pages,
    each clipped at the break, so that each page prints part of it (beijing_sasac p27/28).
    :func:`hidden` decides by the centre on one page alone; which page reads such a line is
    decided with both pages at hand (:mod:`.page_cuts`). Any frame will do, as for
    :func:`hidden`.
    """
    height = y1 - y0
    if height <= 0 or not clip[0] <= (x0 + x1) / 2 <= clip[2]:
        return None
    if not (y0 < clip[1] < y1 or y0 < clip[3] < y1):
        return None
    shown = max(0.0, min(y1, clip[3]) - max(y0, clip[1])) / height
    return shown if 0 < shown < 1 else None


def cut_glyphs(clip: ClipBox, boxes: Sequence[Box], texts: Sequence[str]) -> list[bool]:
    """Which glyphs of one shown string the clip's top or bottom edge cuts (spaces aside:
    they print nothing to read twice or lose)."""
    return [
        bool(text.strip()) and cut_share(clip, *box) is not None
        for box, text in zip(boxes, texts, strict=True)
    ]


@dataclass
class ClipReport:
    """What the clip paths of one page did to its text, for the warnings."""

    hidden: list[str] = field(default_factory=list)  # glyphs not read
    run_on: list[str] = field(default_factory=list)  # glyphs read past a clip's side
    # Glyphs a clip's top or bottom edge cuts, for the decision across the page break; the
    # hidden ones among them are quoted where that is made (:mod:`.page_cuts`), not here.
    cut: list[Cut] = field(default_factory=list)

    def keep(
        self,
        clip: ClipBox,
        boxes: Sequence[Box],
        texts: Sequence[str],
        held: Sequence[bool] = (),
    ) -> list[bool]:
        """Which glyphs of one shown string (boxes in the clip's frame) are read.

        Glyphs above or below the clip are not: LibreOffice Calc draws a merged cell's whole
        text on every page the cell reaches, and the lines of the other pages are hidden
        there. Glyphs beside the clip, within its height, are read: a spreadsheet prints a
        sheet too wide for the paper in strips and draws each cell's whole text on every
        strip, clipped to it, so the text a strip hides at its side is printed on the next
        strip, and the strip joins (parsers/sheet_strips.py, extract/edge_text.py) meet it
        there. That text was drawn but not printed on this page: a guess, said in the
        ``text_past_clip`` warning. ``held``: glyphs the caller keeps as :class:`Cut`, not
        quoted as hidden here.
        """
        flags = [not hidden(clip, *box) for box in boxes]
        if all(flags):
            return flags
        for i, box in enumerate(boxes):
            if flags[i]:
                continue
            if clip[1] <= (box[1] + box[3]) / 2 <= clip[3]:
                flags[i] = True
                self.run_on.append(texts[i])
            elif not (held and held[i]):
                self.hidden.append(texts[i])
        return flags

    def visible(self, chars: list[Char], clip: ClipBox) -> list[Char]:
        """The characters of one shown string (page coordinates, like ``clip``) to read;
        those the clip's top or bottom edge cuts are kept in :attr:`cut` as well."""
        left, top, right, bottom = clip
        for c in chars:
            if not top <= c.top <= c.bottom <= bottom or not left <= (c.x0 + c.x1) / 2 <= right:
                break
        else:
            # Every glyph stands within the clip's height with its centre inside: none is
            # hidden, run on or cut (the common case: a tenth of reading time went here).
            return chars
        boxes = [(c.x0, c.top, c.x1, c.bottom) for c in chars]
        texts = [c.text for c in chars]
        held = cut_glyphs(clip, boxes, texts)
        flags = self.keep(clip, boxes, texts, held)
        self.cut += [Cut(c, clip, keep) for c, keep, h in zip(chars, flags, held, strict=True) if h]
        return [c for c, keep in zip(chars, flags, strict=True) if keep]

    def notices(self, page: int) -> list[Notice]:
        """``clipped_text`` (the hidden text, quoted so it can be accounted for although it
        was not printed) and ``text_past_clip`` (how much text was read past a clip's
        side)."""
        out = []
        if self.hidden:
            out.append(
                Notice(
                    "clipped_text",
                    f"{len(self.hidden)} characters drawn outside the clip path (not printed) "
                    f"were not read: 「{''.join(self.hidden)}」",
                    page,
                )
            )
        if self.run_on:
            out.append(
                Notice(
                    "text_past_clip",
                    f"{len(self.run_on)} characters drawn beside a clip path (not printed on this "
                    "page) were read with their line: a sheet printed in strips prints them on "
                    "the next strip",
                    page,
                )
            )
        return out
