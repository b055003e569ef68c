"""Which drawn shapes are table rulings: the geometry both PDF readers share.

Both readers (:mod:`.pdfsource`, pdfplumber's objects; :mod:`.fast_source`, its own content
stream interpreter) see the same rectangles, strokes and paths and must turn them into the
same :class:`Segment` list, so the rules live here once, apart from either reader.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

from .model import Segment
from .settings import TableSettings


@dataclass(frozen=True, slots=True)
class Paint:
    """A rectangle a reader saw painted: its box, whether it is stroked, its fill colour."""

    x0: float
    top: float
    x1: float
    bottom: float
    stroke: bool
    fill: Hashable | None  # the fill colour as a hashable key; None when not filled


def paint_colour(color: Any) -> Hashable:
    """A fill colour both readers spell alike (pdfplumber gives lists or tuples)."""
    if isinstance(color, (list, tuple)):
        return tuple(color)
    return color if isinstance(color, Hashable) else repr(color)


def rect_segments(
    x0: float, top: float, x1: float, bottom: float, settings: TableSettings
) -> list[Segment]:
    """A thin rectangle is one ruling; a larger one contributes its four sides.

    Government PDFs draw borders both ways: stroked lines, hairline filled rectangles, and
    cells painted as (white) filled rectangles whose sides are the grid.
    """
    width, height = x1 - x0, bottom - top
    if height <= settings.thin_rect and width > height:
        y = (top + bottom) / 2
        return [Segment(x0, y, x1, y)]
    if width <= settings.thin_rect and height > width:
        x = (x0 + x1) / 2
        return [Segment(x, top, x, bottom)]
    return [
        Segment(x0, top, x1, top),
        Segment(x0, bottom, x1, bottom),
        Segment(x0, top, x0, bottom),
        Segment(x1, top, x1, bottom),
    ]


_TOUCH = 0.1  # points: fills this close are painted edge to edge (a visible gap is wider)
_BUCKET = 16.0  # points: the spatial index's cell, so a side meets only nearby fills


def rect_rulings(paints: list[Paint], settings: TableSettings) -> list[Segment]:
    """Rulings of the rectangles on a page: a side of a fill is drawn only where the colour
    changes across it.

    Report designers pad each cell with several fills of the cell's colour, or band a table
    with one fill per cell: those fills touch, and their shared sides print nothing — read as
    rulings they triple every border and cut cells that are one painted area. A thin
    rectangle (a hairline rule), a stroked rectangle and a fill's side against another colour
    or the page are rulings as before.
    """
    fills = [
        p
        for p in paints
        if p.fill is not None
        and not p.stroke
        and min(p.x1 - p.x0, p.bottom - p.top) > settings.thin_rect
    ]
    if not fills:
        return [s for p in paints for s in rect_segments(p.x0, p.top, p.x1, p.bottom, settings)]
    index: dict[tuple[Hashable, int, int], list[Paint]] = {}
    for f in fills:
        for ix in _buckets(f.x0, f.x1):
            for iy in _buckets(f.top, f.bottom):
                index.setdefault((f.fill, ix, iy), []).append(f)
    plain = {id(f) for f in fills}
    segments: list[Segment] = []
    for p in paints:
        if id(p) not in plain:
            segments.extend(rect_segments(p.x0, p.top, p.x1, p.bottom, settings))
            continue
        for vertical, at, outside in (
            (False, p.top, p.top - _TOUCH),
            (False, p.bottom, p.bottom + _TOUCH),
            (True, p.x0, p.x0 - _TOUCH),
            (True, p.x1, p.x1 + _TOUCH),
        ):
            start, end = (p.top, p.bottom) if vertical else (p.x0, p.x1)
            hidden = _covered(p, index, vertical, outside, start, end)
            for a, b in _remainder(start, end, hidden):
                segments.append(Segment(at, a, at, b) if vertical else Segment(a, at, b, at))
    return segments


def _buckets(low: float, high: float) -> range:
    return range(int(low // _BUCKET), int(high // _BUCKET) + 1)


def _covered(
    paint: Paint,
    index: dict[tuple[Hashable, int, int], list[Paint]],
    vertical: bool,
    outside: float,
    start: float,
    end: float,
) -> list[tuple[float, float]]:
    """Spans of a side (from ``start`` to ``end``) that fills of the same colour continue
    beyond: just outside the side, at ``outside``, the same paint lies."""
    spans: list[tuple[float, float]] = []
    seen: set[int] = set()
    across = int(outside // _BUCKET)
    for along in _buckets(start, end):
        key = (paint.fill, across, along) if vertical else (paint.fill, along, across)
        for o in index.get(key, ()):
            if o is paint or id(o) in seen:
                continue
            seen.add(id(o))
            lo, hi, a, b = (
                (o.x0, o.x1, o.top, o.bottom) if vertical else (o.top, o.bottom, o.x0, o.x1)
            )
            if lo <= outside <= hi and a < end and b > start:
                spans.append((max(a, start), min(b, end)))
    return spans


def _remainder(
    start: float, end: float, hidden: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    """The parts of [start, end] outside every hidden span."""
    parts: list[tuple[float, float]] = []
    at = start
    for a, b in sorted(hidden):
        if a > at:
            parts.append((at, a))
        at = max(at, b)
    if at < end:
        parts.append((at, end))
    return parts


def line_segments(
    x0: float, x1: float, top: float, bottom: float, settings: TableSettings
) -> list[Segment]:
    """A stroke that is (nearly) horizontal or vertical is a ruling; shared by both readers."""
    if abs(bottom - top) <= settings.thin_rect and abs(x1 - x0) > abs(bottom - top):
        y = (top + bottom) / 2
        return [Segment(min(x0, x1), y, max(x0, x1), y)]
    if abs(x1 - x0) <= settings.thin_rect:
        x = (x0 + x1) / 2
        return [Segment(x, min(top, bottom), x, max(top, bottom))]
    return []  # diagonal strokes (slashes in header cells) are not grid lines


def polyline_segments(points: list[tuple[float, float]], settings: TableSettings) -> list[Segment]:
    """Rulings among the straight pieces between consecutive points (x, top) of a path."""
    segments: list[Segment] = []
    for (ax, ay), (bx, by) in pairwise(points):
        segments.extend(line_segments(ax, bx, ay, by, settings))
    return segments


def is_white(color: Any) -> bool:
    if isinstance(color, (int, float)):
        return color >= 0.99
    if isinstance(color, (tuple, list)):
        if len(color) == 4:  # CMYK
            return all(v <= 0.01 for v in color)
        return len(color) > 0 and all(isinstance(v, (int, float)) and v >= 0.99 for v in color)
    return False


def is_invisible(stroke: Any, fill: Any, non_stroking_color: Any) -> bool:
    """A white, unstroked rectangle paints background (Excel exports cover whole sheets)."""
    if stroke:
        return False
    return not fill or is_white(non_stroking_color)
