"""Find ruled tables on a page and resolve them into grids of merged cells.

Steps, each a plain function:
1. group grid lines that touch into table regions (connected components);
2. take every distinct line position in a region as a row or column boundary;
3. merge neighbouring grid slots that have no border between them — what remains are the
   printed cells, with their row/column spans (a cell open on one side of the table is cut
   by the page edge and kept; pieces open on more sides lie outside the drawn shape);
4. drop boundaries that no cell uses, so spans count printed rows and columns only.
Working from missing borders rather than from corner intersections (pdfplumber's approach)
gives row and column spans directly, which the stitching and parsing steps rely on.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field

from .edges import clean_segments, cluster_values
from .model import BBox, Notice, Segment
from .settings import TableSettings

_CAPTION_HEIGHT = 48.0  # points: the tallest band ruled above and below read as a caption row


@dataclass(slots=True)
class GridCell:
    row: int
    column: int
    rowspan: int
    colspan: int
    bbox: BBox


@dataclass(slots=True)
class PageGrid:
    """A table as found on one page, before text assignment and stitching."""

    page: int
    xs: list[float]  # column boundaries
    ys: list[float]  # row boundaries
    cells: list[GridCell]
    # Pieces of the outline that no border closes (outside an irregular table's drawn
    # shape), in page coordinates: they become cells only when text is printed in them.
    spare: list[GridCell] = field(default_factory=list)

    @property
    def bbox(self) -> BBox:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    @property
    def n_rows(self) -> int:
        return len(self.ys) - 1

    @property
    def n_columns(self) -> int:
        return len(self.xs) - 1


class UnionFind:
    """Disjoint sets (path halving): lines into table regions, grid slots into cells."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[rb] = ra


def _touch(h: Segment, v: Segment, tol: float) -> bool:
    return h.x0 - tol <= v.x0 <= h.x1 + tol and v.top - tol <= h.top <= v.bottom + tol


@dataclass(slots=True)
class Region:
    """Lines that touch one another: one table's rulings, and the rules read into them."""

    hs: list[Segment]
    vs: list[Segment]
    # A side wall the rows' rules imply where none is drawn (rows open on one side): it
    # closes the rows as cells, and the grid says so in a notice.
    implied_wall: Segment | None = None

    def extent(self) -> BBox:
        """(x0, top, x1, bottom) of the horizontal rules: where a wall or a caption rule
        must stand to belong to the region."""
        hs = self.hs
        return (
            min(h.x0 for h in hs),
            min(h.top for h in hs),
            max(h.x1 for h in hs),
            max(h.top for h in hs),
        )


def table_regions(h_lines: list[Segment], v_lines: list[Segment], tol: float) -> list[Region]:
    """Connected groups of lines with at least two of each direction (a closed box), and
    groups of rows ruled above and below and walled on one side only."""
    n_h = len(h_lines)
    uf = UnionFind(n_h + len(v_lines))
    v_sorted = sorted(range(len(v_lines)), key=lambda i: v_lines[i].x0)
    v_xs = [v_lines[i].x0 for i in v_sorted]
    for hi, h in enumerate(h_lines):
        lo = bisect_right(v_xs, h.x0 - tol - 1e-9)
        for k in range(lo, len(v_sorted)):
            vi = v_sorted[k]
            v = v_lines[vi]
            if v.x0 > h.x1 + tol:
                break
            if _touch(h, v, tol):
                uf.union(hi, n_h + vi)
    groups: dict[int, tuple[list[Segment], list[Segment]]] = {}
    for hi, h in enumerate(h_lines):
        groups.setdefault(uf.find(hi), ([], []))[0].append(h)
    for vi, v in enumerate(v_lines):
        groups.setdefault(uf.find(n_h + vi), ([], []))[1].append(v)
    regions = [Region(hs, vs) for hs, vs in groups.values() if len(hs) >= 2 and len(vs) >= 2]
    for hs, vs in groups.values():
        if len(hs) >= 2 and len(vs) == 1 and (wall := _implied_wall(hs, vs[0], tol)):
            regions.append(Region(hs, [*vs, wall], implied_wall=wall))
    lone = [vs[0] for hs, vs in groups.values() if not hs and len(vs) == 1]
    _attach_walls(regions, lone, tol)
    rules = [hs[0] for hs, vs in groups.values() if len(hs) == 1 and not vs]
    _attach_caption_rules(regions, rules, tol)
    return regions


def _implied_wall(hs: list[Segment], wall: Segment, tol: float) -> Segment | None:
    """The missing side wall of rows ruled above and below and walled on one side only.

    A wide sheet printed in strips draws a row's left rule with its left cell, on the
    previous strip: the strip holding the row's last column shows the row's top and bottom
    rules and its right rule only. The rows are cells when the one wall runs from the first
    rule to the last and every rule runs from it to the same point on the open side, where
    the implied wall stands.
    """
    tops = [h.top for h in hs]
    if abs(wall.top - min(tops)) > tol or abs(wall.bottom - max(tops)) > tol:
        return None
    if all(abs(h.x1 - wall.x0) <= tol for h in hs):
        ends = [h.x0 for h in hs]  # walled on the right, open on the left
    elif all(abs(h.x0 - wall.x0) <= tol for h in hs):
        ends = [h.x1 for h in hs]
    else:
        return None
    if max(ends) - min(ends) > tol or abs(ends[0] - wall.x0) <= 2 * tol:
        return None
    x = sum(ends) / len(ends)
    return Segment(x, wall.top, x, wall.bottom)


def _attach_walls(regions: list[Region], lone: list[Segment], tol: float) -> None:
    """Give each region the lone verticals beside it that run exactly its height.

    A merged cell that begins on an earlier page and ends on a later one shows on this page
    as two side rules and nothing else (spreadsheet printers draw no rule at a page break):
    when it is the table's first or last column, its outer side rule touches no horizontal
    line, though it runs from the table's top to its bottom like the table's own verticals.
    """
    for v in lone:
        for region in regions:
            x0, top, x1, bottom = region.extent()
            if abs(v.top - top) <= tol and abs(v.bottom - bottom) <= tol and not x0 <= v.x0 <= x1:
                region.vs.append(v)
                break


def _attach_caption_rules(regions: list[Region], rules: list[Segment], tol: float) -> None:
    """Give each region the lone horizontal rule just above or below it that spans its
    width: a spreadsheet title merged across the sheet with a border above it and none at
    its sides is a band ruled above and below, which :func:`_grid_from_region` then reads
    as a caption row of the table."""
    for h in rules:
        for region in regions:
            x0, top, x1, bottom = region.extent()
            if abs(h.x0 - x0) > tol or abs(h.x1 - x1) > tol:
                continue
            if tol < top - h.top <= _CAPTION_HEIGHT or tol < h.top - bottom <= _CAPTION_HEIGHT:
                region.hs.append(h)
                break


def _nearest(positions: list[float], at: float) -> int:
    """Index of the position nearest ``at`` (the first on a tie), ``positions`` ascending.

    Same answer as ``min(range(len(positions)), key=lambda i: abs(positions[i] - at))``
    in O(log n) instead of O(n): only the neighbours of the insertion point can be nearest.
    """
    i = bisect_left(positions, at)
    if i == 0:
        return 0
    if i == len(positions):
        return i - 1
    return i - 1 if abs(positions[i - 1] - at) <= abs(positions[i] - at) else i


def _coverage(lines: list[Segment], positions: list[float], horizontal: bool, tol: float):
    """For each boundary position, the spans of ruling lying on it."""
    spans: list[list[tuple[float, float]]] = [[] for _ in positions]
    for line in lines:
        at = line.top if horizontal else line.x0
        index = _nearest(positions, at)
        if abs(positions[index] - at) <= tol:
            spans[index].append((line.x0, line.x1) if horizontal else (line.top, line.bottom))
    return spans


def _covered(spans: list[tuple[float, float]], start: float, end: float, gap: float) -> bool:
    missing = end - start
    for a, b in spans:
        # min(b, end) - max(a, start), as min and max choose (NaN included), without their
        # two calls per span: 230,000 tests over the warm set, each over a whole boundary
        overlap = (end if end < b else b) - (start if start > a else a)
        if overlap > 0:
            missing -= overlap
    return missing <= max(gap, 0.05 * (end - start))


def _grid_from_region(
    hs: list[Segment], vs: list[Segment], page: int, settings: TableSettings
) -> tuple[PageGrid | None, list[Notice]]:
    tol = settings.snap_tolerance
    xs = sorted(set(cluster_values((v.x0 for v in vs), tol).values()))
    ys = sorted(set(cluster_values((h.top for h in hs), tol).values()))
    if len(xs) < 2 or len(ys) < 2:
        return None, []
    h_cov = _coverage(hs, ys, True, tol)
    v_cov = _coverage(vs, xs, False, tol)
    n_r, n_c = len(ys) - 1, len(xs) - 1
    gap = settings.border_gap

    def slot(r: int, c: int) -> int:
        return r * n_c + c

    uf = UnionFind(n_r * n_c)
    for r in range(n_r):
        for c in range(n_c):
            if c + 1 < n_c and not _covered(v_cov[c + 1], ys[r], ys[r + 1], gap):
                uf.union(slot(r, c), slot(r, c + 1))
            if r + 1 < n_r and not _covered(h_cov[r + 1], xs[c], xs[c + 1], gap):
                uf.union(slot(r, c), slot(r + 1, c))

    members: dict[int, list[tuple[int, int]]] = {}
    for r in range(n_r):
        for c in range(n_c):
            members.setdefault(uf.find(slot(r, c)), []).append((r, c))

    def v_open(r: int, c: int) -> bool:  # no border between slots (r, c) and (r, c + 1)
        return not _covered(v_cov[c + 1], ys[r], ys[r + 1], gap)

    def h_open(r: int, c: int) -> bool:  # no border between slots (r, c) and (r + 1, c)
        return not _covered(h_cov[r + 1], xs[c], xs[c + 1], gap)

    notices: list[Notice] = []
    cells: list[GridCell] = []
    spare: list[GridCell] = []
    for group in members.values():
        # The sides of the table's outline this cell touches without a border there (the
        # tests in slot order; most slots touch no side: four comparisons each).
        open_sides: set[str] = set()
        for r, c in group:
            if r == 0 and not _covered(h_cov[0], xs[c], xs[c + 1], gap):
                open_sides.add("top")
            if r == n_r - 1 and not _covered(h_cov[n_r], xs[c], xs[c + 1], gap):
                open_sides.add("bottom")
            if c == 0 and not _covered(v_cov[0], ys[r], ys[r + 1], gap):
                open_sides.add("left")
            if c == n_c - 1 and not _covered(v_cov[n_c], ys[r], ys[r + 1], gap):
                open_sides.add("right")
        # Open on one side only: a cell cut by the page edge (a row continued on the next
        # page, a wide sheet split over pages); it is a cell. Open at the top and the bottom
        # of a column walled on both sides from the first row to the last: a merged cell
        # longer than the page, cut by both page breaks (spreadsheet printers draw no rule
        # at either). Open on other sides: outside the drawn shape of an irregular table, a
        # cell only if text is printed in it.
        caption = open_sides == {"left", "right"} and _caption_row(group, n_r, n_c)
        outside = (
            len(open_sides) > 1
            and not caption
            and not (open_sides == {"top", "bottom"} and _through_column(group, n_r))
        )
        if caption:
            r0 = group[0][0]
            notices.append(
                Notice(
                    "caption_row",
                    "a band ruled above and below across the table's width with no side "
                    "rules (a title merged across a spreadsheet) was read as the table's "
                    f"{'first' if r0 == 0 else 'last'} row",
                    page,
                    at=((xs[0] + xs[-1]) / 2, (ys[r0] + ys[r0 + 1]) / 2),
                )
            )
        parts = _rectangles(group, v_open, h_open)
        if len(parts) > 1 and not outside:
            r0, c0 = min(group)
            notices.append(
                Notice(
                    "irregular_cell",
                    f"a non-rectangular cell at row {r0}, column {c0} "
                    f"was split into {len(parts)} rectangles",
                    page,
                    at=((xs[c0] + xs[c0 + 1]) / 2, (ys[r0] + ys[r0 + 1]) / 2),
                )
            )
        for r0, c0, r1, c1 in parts:
            (spare if outside else cells).append(
                GridCell(r0, c0, r1 - r0, c1 - c0, (xs[c0], ys[r0], xs[c1], ys[r1]))
            )
    if not cells:
        return None, notices
    grid = compact(PageGrid(page, xs, ys, cells))
    grid.spare = spare
    return grid, notices


def _caption_row(group: list[tuple[int, int]], n_rows: int, n_columns: int) -> bool:
    """The slots are the whole first or last row, ruled above and below (the group's other
    sides are closed, or it would reach further): a caption band across the table."""
    rows = {r for r, _ in group}
    return len(rows) == 1 and rows <= {0, n_rows - 1} and len(group) == n_columns


def _through_column(group: list[tuple[int, int]], n_rows: int) -> bool:
    """The slots fill whole columns from the table's top row to its bottom one.

    Borders close every other side of a group of slots, so such a group is walled left and
    right all the way down: the part of a merged cell a page shows when it begins on an
    earlier page and ends on a later one.
    """
    columns = {c for _, c in group}
    return len(group) == n_rows * len(columns) and max(columns) - min(columns) + 1 == len(columns)


def _rectangles(
    group: list[tuple[int, int]],
    v_open: Callable[[int, int], bool],
    h_open: Callable[[int, int], bool],
) -> list[tuple[int, int, int, int]]:
    """Split a group of slots into rectangles (row0, col0, row_end, col_end), exclusive ends.

    Runs of slots along a row with no border between them, then runs stacked on identical
    columns with no border between the rows. A rectangular group stays one piece; an
    L-shaped one never becomes its bounding box, which would cover other cells' slots.
    """
    if len(group) == 1:  # a slot of its own, most cells of a ruled table: itself
        r, c = group[0]
        return [(r, c, r + 1, c + 1)]
    members = set(group)
    runs: list[list[int]] = []  # [row0, col0, row_end, col_end]
    for r, c in sorted(group):
        last = runs[-1] if runs else None
        if last and last[0] == r and last[3] == c and (r, c - 1) in members and v_open(r, c - 1):
            last[3] = c + 1
        else:
            runs.append([r, c, r + 1, c + 1])
    stacked: list[list[int]] = []
    for run in sorted(runs, key=lambda x: (x[1], x[3], x[0])):
        above = stacked[-1] if stacked else None
        if (
            above
            and (above[1], above[3], above[2]) == (run[1], run[3], run[0])
            and all(h_open(run[0] - 1, c) for c in range(run[1], run[3]))
        ):
            above[2] = run[2]
        else:
            stacked.append(run)
    return sorted((a, b, c, d) for a, b, c, d in stacked)


def compact(grid: PageGrid) -> PageGrid:
    """Drop row/column boundaries that no cell starts at (lines inside merged areas only)."""
    row_starts = sorted({c.row for c in grid.cells} | {c.row + c.rowspan for c in grid.cells})
    col_starts = sorted({c.column for c in grid.cells} | {c.column + c.colspan for c in grid.cells})
    row_index = {r: i for i, r in enumerate(row_starts)}
    col_index = {c: i for i, c in enumerate(col_starts)}
    cells = [
        GridCell(
            row_index[c.row],
            col_index[c.column],
            row_index[c.row + c.rowspan] - row_index[c.row],
            col_index[c.column + c.colspan] - col_index[c.column],
            c.bbox,
        )
        for c in grid.cells
    ]
    cells.sort(key=lambda c: (c.row, c.column))
    return PageGrid(
        grid.page, [grid.xs[i] for i in col_starts], [grid.ys[i] for i in row_starts], cells
    )


def find_grids(
    segments: list[Segment], page: int, settings: TableSettings
) -> tuple[list[PageGrid], list[Notice]]:
    """Every ruled table on a page, top to bottom."""
    h_lines, v_lines = clean_segments(segments, settings)
    grids: list[PageGrid] = []
    notices: list[Notice] = []
    for region in table_regions(h_lines, v_lines, settings.snap_tolerance):
        grid, found = _grid_from_region(region.hs, region.vs, page, settings)
        notices.extend(found)
        if grid is None:
            continue
        grids.append(grid)
        if (wall := region.implied_wall) is not None:
            notices.append(
                Notice(
                    "open_side_rows",
                    "rows ruled above and below and on one side only (a strip of a wide sheet "
                    "whose other side rule is printed on another page) were read as cells, "
                    f"closed at x={wall.x0:.1f} where their rules end",
                    page,
                    at=(wall.x0, (wall.top + wall.bottom) / 2),
                )
            )
    grids.sort(key=lambda g: (g.bbox[1], g.bbox[0]))
    return grids, notices
