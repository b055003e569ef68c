"""Which drawn shapes are table rulings: the geometry both PDF readers share.

Both readers (:mod:`.pdfsource`, pdfplumber's objects; :mod:`.fast_source`, its own content
stream interpreter) see the same rectangles, strokes and paths and must turn them into the
same :class:`Segment` list, so the rules live here once, apart from either reader.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from .model import Segment
from .settings import TableSettings


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
