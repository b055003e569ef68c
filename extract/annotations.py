"""Printed comment boxes: spreadsheet notes drawn over the sheet, taken off the grid.

A spreadsheet printed with its comments shown (LibreOffice Calc, Excel "as displayed on
sheet") draws each note as a filled box with a drop shadow, a callout line to its cell and
the note's text inside, over the cells. The box's sides are not rulings of the table (they
cut label cells in two) and its text is not cell text (it reads interleaved with the label
under it: "项目导名入称模：板无需"). Both readers keep only straight segments, so a box is
recognised from them: a rectangle with a copy of its right and bottom sides shifted down and
right by the same small offset (the shadow). Its sides, its shadow and the short callout
pieces touching it are dropped from the rulings; the lines of text that lie wholly inside it
and start at its inner left margin are taken out of the cells and kept as page text, quoted
in a ``comment_box_text`` notice.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from operator import attrgetter

from .model import BBox, Char, Notice, PageContent, Segment, TextLine
from .text import normalize

# Offsets a drop shadow is drawn at (points): LibreOffice uses 2.8, Excel/WPS 2–4.
_SHADOW_MIN, _SHADOW_MAX = 1.0, 6.0
_TOL = 0.6  # positions the same drawing repeats are equal within this (rounding in the file)
_SMALLEST_BOX = 12.0  # a box a note's text fits in; smaller ones are checkbox-like marks
_CALLOUT_MAX = 15.0
# A note's lines start at the box's inner margin (LibreOffice 2.8 pt, Excel about 4): text
# wholly under the box further in is a cell's the box happens to cover, not the note's.
_INSET = 8.0  # straight pieces of the callout line and its arrowhead are short


@dataclass(frozen=True, slots=True)
class CommentBox:
    bbox: BBox  # the box itself, without its shadow
    shadow: float  # the shadow's offset (points)
    text: str  # the note's text, lines joined with " / "


def remove_comment_boxes(
    content: PageContent,
) -> tuple[PageContent, list[TextLine], list[Notice]]:
    """The page without its printed comment boxes, their text as page lines, and notices."""
    boxes = _shadowed_boxes(content.segments)
    if not boxes:
        return content, [], []
    segments = [s for s in content.segments if not any(_part_of(s, b, d) for b, d in boxes)]
    runs = _runs(content.chars)
    inside: dict[int, list[list[Char]]] = defaultdict(list)
    for run in runs:
        for i, (box, _) in enumerate(boxes):
            if run[0].x0 - box[0] <= _INSET and all(_within(c, box) for c in run):
                inside[i].append(run)
                break
    taken = {id(c) for group in inside.values() for run in group for c in run}
    chars = [c for c in content.chars if id(c) not in taken]
    lines: list[TextLine] = []
    notices: list[Notice] = []
    for i, (box, shadow) in enumerate(boxes):
        texts: list[str] = []
        for run in sorted(inside.get(i, []), key=lambda r: (r[0].top, r[0].x0)):
            text = normalize("".join(c.text for c in run))
            if text:
                texts.append(text)
                lines.append(
                    TextLine(
                        content.number,
                        text,
                        (
                            min(c.x0 for c in run),
                            min(c.top for c in run),
                            max(c.x1 for c in run),
                            max(c.bottom for c in run),
                        ),
                    )
                )
        note = CommentBox(box, shadow, " / ".join(texts))
        notices.append(
            Notice(
                "comment_box_text",
                "a printed comment box (filled box with a drop shadow) over the table was "
                "left out of its rulings and cells; its text is page text: "
                f"{note.text or '(empty)'}",
                content.number,
                at=((box[0] + box[2]) / 2, (box[1] + box[3]) / 2),
            )
        )
    return replace(content, segments=segments, chars=chars), lines, notices


def _shadowed_boxes(segments: list[Segment]) -> list[tuple[BBox, float]]:
    """Rectangles drawn with a drop shadow: (box, shadow offset), each box once."""
    vertical = [s for s in segments if s.bottom > s.top]  # not horizontal, drawn downwards
    lefts = _may_be_shadowed(vertical)
    if not lefts:
        return []
    horizontal = [s for s in segments if s.horizontal and s.x1 > s.x0]
    by_x: dict[int, list[Segment]] = defaultdict(list)
    for s in vertical:
        by_x[round(s.x0)].append(s)
    # The verticals by position, for may_cast_shadow's search of a range of positions.
    by_position = sorted(vertical, key=lambda s: s.x0)
    vertical_x = [s.x0 for s in by_position]
    by_y: dict[int, list[Segment]] = defaultdict(list)
    for s in horizontal:
        by_y[round(s.top)].append(s)

    def near(index: dict[int, list[Segment]], at: float) -> list[Segment]:
        key = round(at)
        return index.get(key - 1, []) + index.get(key, []) + index.get(key + 1, [])

    def has_v(x: float, top: float, bottom: float) -> bool:
        """A vertical at x covering top..bottom, drawn as its own side (ends at both)."""
        return any(
            abs(s.x0 - x) <= _TOL and abs(s.top - top) <= _TOL and abs(s.bottom - bottom) <= _TOL
            for s in near(by_x, x)
        )

    def covered_h(y: float, x0: float, x1: float) -> bool:
        """Horizontal pieces at y covering x0..x1 (a shadow's bottom may come in parts)."""
        spans = sorted(
            (s.x0, s.x1) for s in near(by_y, y) if abs(s.top - y) <= _TOL and s.x1 > x0 - _TOL
        )
        reach = x0
        for a, b in spans:
            if a > reach + _TOL:
                break
            reach = max(reach, b)
        return reach >= x1 - _TOL

    def may_cast_shadow(x1: float, top: float, bottom: float) -> bool:
        """Whether any vertical could be a shadow's right side at some offset: the offset
        search below asks ``has_v`` 51 times per box, and a table has a box per cell."""
        slack = _TOL + 1e-6  # wider than any offset's rounding: a pre-check, never a verdict
        low, high = _SHADOW_MIN - slack, _SHADOW_MAX + slack
        # Only the verticals in reach, found by two searches of the sorted positions: none
        # for nearly every cell of a ruled table, and a few for the others, where the
        # buckets around the reach held every side of the cell's column (1.2 million tests
        # over the samples and real PDFs).
        start = bisect_left(vertical_x, x1 + low - 1e-6)
        end = bisect_left(vertical_x, x1 + high + 1e-6, start)
        if start == end:
            return False
        return any(
            low <= s.x0 - x1 <= high and low <= s.top - top <= high
            and low <= s.bottom - bottom <= high
            for s in by_position[start:end]
        )  # fmt: skip

    found: list[tuple[BBox, float]] = []
    for left in lefts:
        top, bottom = left.top, left.bottom
        # the top side starts at this vertical and ends at the right side
        for upper in near(by_y, top):
            if abs(upper.top - top) > _TOL or abs(upper.x0 - left.x0) > _TOL:
                continue
            x0, x1 = left.x0, upper.x1
            # The rare test first: every cell of a ruled table is a box, few cast a shadow.
            if x1 - x0 < _SMALLEST_BOX or not may_cast_shadow(x1, top, bottom):
                continue
            if not has_v(x1, top, bottom) or not covered_h(bottom, x0, x1):
                continue
            shadow = _shadow_offset((x0, top, x1, bottom), has_v, covered_h)
            if shadow is None:
                continue
            box = (x0, top, x1, bottom)
            if not any(_same_box(box, b) for b, _ in found):
                found.append((box, shadow))
    return found


def _may_be_shadowed(vertical: list[Segment]) -> list[Segment]:
    """The verticals (in their order) that may be a box's left side: tall enough, with some
    vertical whose top and bottom are both offset from theirs as a shadow's right side is
    (what ``may_cast_shadow`` asks of every box, whatever its right side).

    Why: a ruled table's cell sides share their row's top and bottom, or are a row apart,
    so on nearly every page no vertical passes, and the side indexes and the search of the
    top sides of each cell (most of 1 s over the samples and real PDFs under cProfile, for
    no box found) are not made at all.
    """
    slack = _TOL + 1e-6  # as in may_cast_shadow: a pre-check, never a verdict
    low, high = _SHADOW_MIN - slack, _SHADOW_MAX + slack
    by_top = sorted(vertical, key=_top)
    tops = [s.top for s in by_top]
    lefts: list[Segment] = []
    for left in vertical:
        top, bottom = left.top, left.bottom
        if bottom - top < _SMALLEST_BOX:
            continue
        start = bisect_left(tops, top + low - 1e-6)
        end = bisect_left(tops, top + high + 1e-6, start)
        if start < end and any(
            low <= s.top - top <= high and low <= s.bottom - bottom <= high
            for s in by_top[start:end]
        ):
            lefts.append(left)
    return lefts


_top = attrgetter("top")


def _shadow_offset(
    box: BBox,
    has_v: Callable[[float, float, float], bool],
    covered_h: Callable[[float, float, float], bool],
) -> float | None:
    """The offset d of a shadow: a right side at x1+d from top+d to bottom+d and a bottom at
    bottom+d under x1-ish to x1+d; None when the box has none."""
    x0, top, x1, bottom = box
    steps = int((_SHADOW_MAX - _SHADOW_MIN) / 0.1) + 1
    for i in range(steps):
        d = _SHADOW_MIN + i * 0.1
        if has_v(x1 + d, top + d, bottom + d) and covered_h(bottom + d, x0 + d, x1 + d):
            return d
    return None


def _same_box(a: BBox, b: BBox) -> bool:
    return all(abs(p - q) <= _TOL for p, q in zip(a, b, strict=True))


def _part_of(s: Segment, box: BBox, shadow: float) -> bool:
    """A side of the box or of its shadow, or a short callout piece touching the box."""
    x0, top, x1, bottom = box
    right, low = x1 + shadow + _TOL, bottom + shadow + _TOL
    if x0 - _TOL <= s.x0 and s.x1 <= right and top - _TOL <= s.top and s.bottom <= low:
        return True
    length = max(s.x1 - s.x0, s.bottom - s.top)
    if length > _CALLOUT_MAX or not s.horizontal:
        return False
    # the callout leaves the box from its left or right side, level with the box
    touches = abs(s.x1 - x0) <= _TOL or abs(s.x0 - x1) <= _TOL
    return touches and top - _TOL <= s.top <= bottom + _TOL


def _within(c: Char, box: BBox) -> bool:
    x0, top, x1, bottom = box
    inside_x = x0 - _TOL <= c.x0 and c.x1 <= x1 + _TOL
    return inside_x and top - _TOL <= c.top and c.bottom <= bottom + _TOL


def _runs(chars: list[Char]) -> list[list[Char]]:
    """Chars set one after another on the same baseline: a line of one text object.

    A note's line and the label under it differ in their top by a point or two, so a run
    never mixes them; a label that starts outside the box is not in it even where the box
    covers its end.
    """
    ordered = sorted(chars, key=lambda c: (round(c.size, 1), c.top, c.x0))
    rows: list[list[Char]] = []
    for c in ordered:
        last = rows[-1] if rows else None
        if last and abs(last[0].size - c.size) < 0.05 and c.top - last[0].top <= 0.5:
            last.append(c)
        else:
            rows.append([c])
    runs: list[list[Char]] = []
    for row in rows:
        row.sort(key=lambda c: c.x0)
        current: list[Char] = [row[0]]
        for c in row[1:]:
            prev = current[-1]
            if c.x0 - prev.x1 <= max(prev.size, c.size) * 0.6:
                current.append(c)
            else:
                runs.append(current)
                current = [c]
        runs.append(current)
    return runs
