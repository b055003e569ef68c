"""Rulings from a page picture: the same :class:`Segment` list the PDF readers take from
vector drawings, so :func:`.grid.find_grids` builds a scanned table's grid and merged cells
exactly as it builds a born-digital one's.

A scan is first turned upright (scanners feed pages a degree or so askew, and a tilted
ruling breaks into steps that no straight kernel keeps), then horizontal and vertical lines
are kept by a morphological opening — erosion then dilation with a long thin kernel, what
camelot's lattice does — and each connected run of line pixels becomes one segment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from .model import Segment

# Only slight rotations are corrected: a page scanned sideways is a different problem.
MAX_SKEW_DEGREES = 2.0
SKEW_STEP_DEGREES = 0.05
PixelBox = tuple[float, float, float, float]  # x0, top, x1, bottom in pixels

# A ruling at least this long (points) is one, wherever it is: longer than any stroke of
# text up to 20 pt (bold titles included).
LONG_RULING_POINTS = 30.0
# Shorter pieces down to this length (the side of a single-line cell, a narrow column's
# bottom; longer than the strokes of body text up to 10.5 pt) are rulings only when both
# their ends meet a ruling across them: the strokes of 口 or 目 meet only each other.
MIN_RULING_POINTS = 11.0
# How far (points) the end of a ruling may stop short of the one it meets.
MEET_POINTS = 3.0


@dataclass(frozen=True, slots=True)
class Rulings:
    segments: list[Segment]  # in points, origin top-left of the (upright) page
    mask: np.ndarray  # line pixels, to be whitened before OCR so no ruling reads as 一 or |


def skew_angle(gray: np.ndarray) -> float:
    """Degrees to rotate the page counter-clockwise to make its rows level.

    Projection profile: on a downscaled ink mask, the angle at which the row sums are most
    uneven (rulings and text lines each fall into few rows) is the page's skew. Works on
    pages without rulings too, since text lines do the same.
    """
    ink = ink_mask(gray)
    scale = 1000.0 / max(ink.shape)
    if scale < 1:
        ink = cv2.resize(ink, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    h, w = ink.shape
    centre = (w / 2, h / 2)
    best_angle, best_score = 0.0, -1.0
    steps = round(MAX_SKEW_DEGREES / SKEW_STEP_DEGREES)
    for k in range(-steps, steps + 1):
        angle = k * SKEW_STEP_DEGREES
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(ink, matrix, (w, h), flags=cv2.INTER_NEAREST)
        rows = turned.sum(axis=1, dtype=np.float64)
        score = float(np.square(np.diff(rows)).sum())
        if score > best_score:
            best_angle, best_score = angle, score
    return best_angle


def rotate(gray: np.ndarray, angle: float) -> np.ndarray:
    """The page turned by ``angle`` degrees about its centre; the uncovered corners repeat
    the edge (white corners on grey paper would read as rulings along the page edge)."""
    if abs(angle) < 1e-9:
        return gray
    h, w = gray.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(
        gray, matrix, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
    )


def ink_mask(gray: np.ndarray) -> np.ndarray:
    """Dark pixels as 1, whatever the paper's grey: adaptive threshold against the local mean
    (a scanned page is rarely white and never evenly lit)."""
    return cv2.adaptiveThreshold(gray, 1, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 31, 15)


def find_rulings(gray: np.ndarray, scale: float, text: Sequence[PixelBox] = ()) -> Rulings:
    """Horizontal and vertical rulings of an upright page picture (``scale`` pixels per
    point). ``text``: boxes where the OCR detector found text lines; a piece lying wholly
    inside one is a stroke (the bottoms of a bold title's characters run together into one
    long bar), not a ruling."""
    ink = ink_mask(gray) * 255
    short = max(int(MIN_RULING_POINTS * scale), 5)
    pieces = _pieces(_opened(ink, (short, 1)), True, scale)
    pieces += _pieces(_opened(ink, (1, short)), False, scale)
    pieces = [p for p in pieces if not _in_text(p.pixels, text)]
    kept = _meeting(pieces)
    mask = np.zeros_like(ink)
    for piece in kept:
        x, y, w, h = piece.pixels
        mask[y : y + h, x : x + w] = 255
    # Blur spreads a ruling's grey a pixel or two beyond what the threshold calls ink.
    mask = cv2.dilate(mask, np.ones((5, 5), np.uint8))
    return Rulings([piece.segment for piece in kept], mask)


def _in_text(pixels: tuple[int, int, int, int], boxes: Sequence[PixelBox]) -> bool:
    """Whether one text box holds the whole piece: along it (give or take 15 % of the line
    height) and across it (its middle off the box's edges by 10 % of the height). A ruling
    runs on past the text beside it, or lies on a box's edge when the text nearly touches
    it; strokes run together stay inside their line."""
    x, y, w, h = pixels
    for x0, top, x1, bottom in boxes:
        height = bottom - top
        margin, slack = 0.1 * height, 0.15 * height
        if w >= h:
            along = x0 - slack <= x and x + w <= x1 + slack
            across = top + margin < y + h / 2 < bottom - margin
        else:
            along = top - slack <= y and y + h <= bottom + slack
            across = x0 + margin < x + w / 2 < x1 - margin
        if along and across:
            return True
    return False


@dataclass(frozen=True, slots=True)
class _Piece:
    segment: Segment
    pixels: tuple[int, int, int, int]  # x, y, w, h

    @property
    def length(self) -> float:
        s = self.segment
        return (s.x1 - s.x0) if s.horizontal else (s.bottom - s.top)


def _opened(ink: np.ndarray, kernel: tuple[int, int]) -> np.ndarray:
    shape = cv2.getStructuringElement(cv2.MORPH_RECT, kernel)
    return cv2.morphologyEx(ink, cv2.MORPH_OPEN, shape)


def _pieces(mask: np.ndarray, horizontal: bool, scale: float) -> list[_Piece]:
    """One segment per connected run of line pixels, through its middle. Its ends stretch by
    the line's thickness: the opening eats into a ruling where it meets the crossing one."""
    count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    out: list[_Piece] = []
    for x, y, w, h, _area in stats[1:count]:
        if horizontal:
            pad = h + 1
            mid = (y + h / 2) / scale
            segment = Segment((x - pad) / scale, mid, (x + w + pad) / scale, mid)
        else:
            pad = w + 1
            mid = (x + w / 2) / scale
            segment = Segment(mid, (y - pad) / scale, mid, (y + h + pad) / scale)
        out.append(_Piece(segment, (int(x), int(y), int(w), int(h))))
    return out


def _meeting(pieces: list[_Piece]) -> list[_Piece]:
    """The long pieces, then every short one whose two ends meet kept pieces across it
    (repeated, so a short border between two short ones is kept once they are)."""
    kept = [p for p in pieces if p.length >= LONG_RULING_POINTS]
    waiting = [p for p in pieces if p.length < LONG_RULING_POINTS]
    while waiting:
        more = [p for p in waiting if _ends_meet(p.segment, kept)]
        if not more:
            break
        kept += more
        waiting = [p for p in waiting if all(p is not m for m in more)]
    return kept


def _ends_meet(s: Segment, kept: list[_Piece]) -> bool:
    across = [p.segment for p in kept if p.segment.horizontal != s.horizontal]
    if s.horizontal:
        ends = ((s.x0, s.top), (s.x1, s.top))
        return all(
            any(
                abs(v.x0 - x) <= MEET_POINTS and v.top - MEET_POINTS <= y <= v.bottom + MEET_POINTS
                for v in across
            )
            for x, y in ends
        )
    ends = ((s.x0, s.top), (s.x0, s.bottom))
    return all(
        any(
            abs(h.top - y) <= MEET_POINTS and h.x0 - MEET_POINTS <= x <= h.x1 + MEET_POINTS
            for h in across
        )
        for x, y in ends
    )
