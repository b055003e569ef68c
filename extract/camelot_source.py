"""camelot-py as a table finder behind jixiao's cell model.

camelot finds the table *geometry*; everything after that is shared with the pdfplumber
engine: the same characters go into the cells (:func:`jixiao.extract.cells.fill_tables`),
the same stitching, the same text normalisation. So parsers never know which engine ran,
and the two engines can be compared cell for cell.

* **lattice** (ruled tables): camelot renders the page and detects the rules (``combined``
  engine: raster lines ∪ the PDF's vector lines), then marks for every grid slot which of
  its four sides is ruled. Slots joined by an unruled side are one merged cell — the same
  rule the pdfplumber engine applies to its own rulings (:mod:`.grid`), so spans agree.
* **borderless tables**: for a page region where text stands in aligned columns
  (:func:`columnar_regions`), columns start at left-aligned text edges (CJK forms defeat
  camelot stream's own column guess: gutters are narrower than pdfminer's character
  margin, so neighbouring cells fuse) and rows are the text lines — jixiao's own, or
  camelot stream's rows under the camelot engine (one call per page; same grids on the
  bundled sample, 0.1-2 s a page slower). A line that only continues the cells of the line
  above (wrapped text, ≤ 0.8 em below it, text only in columns that line used, never a
  number under a number) is joined to its row, with a warning; a phrase running across a
  column start makes a horizontal span (a merged cell), unless a wider-than-word gap in it
  lies in the gutter there: then it is two cells' words set close (:func:`cell_phrases`).
  A cell printed once at the top of a vertically merged range stays a blank below it —
  layouts forward-fill those with a warning.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from statistics import median
from typing import Any

from .grid import GridCell, PageGrid, UnionFind, compact
from .model import Char, Notice, PageContent
from .settings import TableSettings
from .text import group_lines

# A gap wider than this (in em of the glyphs) ends a phrase: CJK glyphs touch, Latin words
# are ~0.3 em apart, table gutters in the forms are ≥ 0.6 em.
PHRASE_GAP = 0.55
# Inside a table, a gap this many times the table's word space, lying in a white gutter
# between two columns, separates the cells of those columns (see :func:`cell_phrases`).
WIDE_SPACE = 1.25
# Word gaps needed to measure a table's word space (fewer: no such split).
MIN_WORD_GAPS = 3
# Left text edges within this many points are one column start.
EDGE_TOLERANCE = 2.0
OCR_EDGE_TOLERANCE = 4.0  # for a line's membership in a region on a page read by OCR
# How many columnar lines must start a phrase at an x for it to count as a column start,
# and how many columns / columnar lines a region needs to be a table at all.
MIN_EDGE_SUPPORT = 3
MIN_COLUMNS = 3
MIN_COLUMNAR_LINES = 3
# A two-column table (label, amount) needs more lines that show both columns.
MIN_TWO_COLUMN_LINES = 4
# Header lines looked for above a table's first aligned line.
MAX_HEADER_LINES = 3
# A wrapped line sits closer than this (em) under the line it continues, and closer than
# this share of the space between rows.
WRAP_GAP = 0.8
WRAP_SHARE = 0.6
# Share of a ruled table's rows that must be one whole-width cell, and hold aligned text,
# for its columns to come from the text (rows ruled, body without inner verticals).
WHOLE_ROW_SHARE = 0.6
# A section label line (one phrase at the first column) lies at most this far (em) below
# the table line above it.
LABEL_GAP = 2.0
# Phrases made of these only are dot leaders (tables of contents), not cell text.
LEADERS = frozenset("…．.·•-—_ ")
# Four dot-like glyphs in a run (spaces between allowed): a dot leader.
_LEADER = re.compile(r"[…．.·](?:\s*[…．.·]){3}")

LATTICE_ENGINE = "combined"


@dataclass(frozen=True, slots=True)
class Region:
    """A borderless table candidate: its outline and where its columns are divided."""

    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom (top-left origin)
    # column boundaries, ascending: the table's left edge, then the middle of each gutter
    bounds: tuple[float, ...]
    # white gutters between columns (left, right) and the word space (em) of the table's
    # text: where a wider-than-word gap falls in a gutter, two cells meet (cell_phrases)
    gutters: tuple[tuple[float, float], ...] = ()
    word_space: float = 0.0


def _size(ch: Char) -> float:
    return ch.em or 1.0


def phrases(line: list[Char]) -> list[list[Char]]:
    """Runs of a text line separated by gaps wider than :data:`PHRASE_GAP` em."""
    out: list[list[Char]] = []
    for ch in line:
        if out and ch.x0 - out[-1][-1].x1 <= PHRASE_GAP * _size(ch):
            out[-1].append(ch)
        else:
            out.append([ch])
    return [p for p in out if not all(c.text in LEADERS for c in p)]


def word_space(lines: list[list[Char]]) -> float:
    """The usual space between two words of the table's text, in em (0.0 when fewer than
    :data:`MIN_WORD_GAPS` gaps show it): the median of the gaps inside phrases that are
    wider than a tenth of an em (narrower ones are kerning or touching CJK glyphs)."""
    gaps = [
        (b.x0 - a.x1) / _size(b)
        for line in lines
        for p in phrases(line)
        for a, b in pairwise(p)
        if b.x0 - a.x1 > 0.1 * _size(b)
    ]
    return median(gaps) if len(gaps) >= MIN_WORD_GAPS else 0.0


def cell_phrases(
    line: list[Char], gutters: Sequence[tuple[float, float]], space: float
) -> list[list[Char]]:
    """A table line's phrases, each also split where two cells' words meet.

    Headers of narrow columns are often wider than their values and set close together:
    ``method sterilization sterilization`` prints the headers of three columns 0.35-0.46
    em apart, under :data:`PHRASE_GAP` but wider than the 0.27 em between the words of one
    header. A gap wider than :data:`WIDE_SPACE` times the table's word space (``space``,
    :func:`word_space`) that lies in a white gutter between two columns of the table's
    other lines separates two cells. A word space never does, so a header spanning
    columns (``Modern method`` over a gutter) stays one phrase.
    """
    out: list[list[Char]] = []
    for p in phrases(line):
        part = [p[0]]
        for a, b in pairwise(p):
            wide = space > 0 and b.x0 - a.x1 > WIDE_SPACE * space * _size(b)
            if wide and any(a.x1 < right and b.x0 > left for left, right in gutters):
                out.append(part)
                part = []
            part.append(b)
        out.append(part)
    return out


def _cluster(values: list[float], tolerance: float) -> list[list[float]]:
    clusters: list[list[float]] = []
    for value in sorted(values):
        if clusters and value - clusters[-1][-1] <= tolerance:
            clusters[-1].append(value)
        else:
            clusters.append([value])
    return clusters


def _at(x: float, starts: list[float]) -> bool:
    return any(abs(x - s) <= EDGE_TOLERANCE for s in starts)


def _anchors(values: list[float]) -> list[float]:
    """x positions shared (within :data:`EDGE_TOLERANCE`) by enough phrase edges."""
    return [median(c) for c in _cluster(values, EDGE_TOLERANCE) if len(c) >= MIN_EDGE_SUPPORT]


def _equal_width(left: float, lines: list[list[list[Char]]], rights: list[float]) -> bool:
    """Whether the phrases starting at ``left`` are right-aligned figures of equal width
    (``34,573.21`` over ``58,326.40``): they all end at one right edge that more phrases
    share. Such a shared left edge is no column start."""
    starting = [p for ps in lines for p in ps if abs(p[0].x0 - left) <= EDGE_TOLERANCE]
    for right in rights:
        ending = [p for ps in lines for p in ps if abs(p[-1].x1 - right) <= EDGE_TOLERANCE]
        if len(ending) > len(starting) and all(
            abs(p[-1].x1 - right) <= EDGE_TOLERANCE for p in starting
        ):
            return True
    return False


def _has_leader(line: list[Char]) -> bool:
    """A dot leader between phrases: a table of contents line, not a table row. Leaders
    are dots in a run; the decimal points of a row of figures (``74.8 55.8 42.9 0.9``) are
    as many dots, each between digits, and make no leader."""
    return _LEADER.search("".join(c.text for c in line)) is not None


def gutters(lines: list[list[Char]]) -> list[tuple[float, float]]:
    """Vertical bands of white (end of text, resumed text) through a region's multi-phrase
    lines, left to right. A phrase crossing a band in at most one line in ten (a header
    spanning columns) does not close it."""
    multi = [ps for ps in map(phrases, lines) if len(ps) >= 2]
    spans = [(p[0].x0, p[-1].x1) for ps in multi for p in ps]
    allowed = len(multi) // 10
    events = sorted({x for span in spans for x in span})
    out: list[tuple[float, float]] = []
    for left, right in pairwise(events):
        if right - left < 1.0:
            continue
        mid = (left + right) / 2
        clear = [(a, b) for a, b in spans if not a < mid < b]
        if len(spans) - len(clear) > allowed:
            continue
        ended = max((b for _, b in clear if b <= left + 1e-6), default=None)
        resumed = min((a for a, _ in clear if a >= right - 1e-6), default=None)
        if ended is None or resumed is None:
            continue
        if out and (resumed <= out[-1][1] + EDGE_TOLERANCE or ended < out[-1][1]):
            continue  # the same white: a header crossing its far side made it look wider
        out.append((ended, resumed))
    return out


def column_bounds(lines: list[list[Char]], lefts: list[float]) -> tuple[list[float], set[float]]:
    """Column boundaries of a borderless table, and those that are certain.

    A boundary lies in each white gutter (:func:`gutters`; whatever the alignment: left,
    right or centred amounts): just left of a left edge shared by three lines (``lefts``)
    when the gutter ends at one — a left-aligned column — else in the gutter's middle, so
    that a header aligned differently from right-aligned values falls on their side.
    Where a long phrase closes the gutter, a shared left edge alone makes a boundary; it
    is not certain, because an indent inside a column (``1 son`` under ``1 child``, 其中
    items under their total) is such an edge too. Boundaries at a shared left edge in a
    gutter are certain; the others may be joined later (:func:`_merge_exclusive`).
    """
    x0 = min(c.x0 for line in lines for c in line)
    x1 = max(c.x1 for line in lines for c in line)
    bounds: list[float] = [x0]
    certain: set[float] = {x0}
    anchors = [a for a in lefts if x0 + EDGE_TOLERANCE < a <= x1]
    found = gutters(lines)
    for ended, resumed in found:
        inside = [a for a in anchors if ended - EDGE_TOLERANCE <= a <= resumed + EDGE_TOLERANCE]
        if inside:  # left-aligned column: it starts at the shared edge
            bound = min(inside) - 1.0
            certain.add(bound)
        else:
            bound = (ended + resumed) / 2
        bounds.append(bound)
    for a in anchors:
        if not any(abs(b - a) <= EDGE_TOLERANCE or b == a for b in bounds[1:]) and not any(
            e - EDGE_TOLERANCE <= a <= r + EDGE_TOLERANCE for e, r in found
        ):
            bounds.append(a - 1.0)  # uncertain: an indent inside a column looks the same
    return sorted(bounds), certain


def _column_of(x: float, bounds: list[float]) -> int:
    return max((i for i, b in enumerate(bounds) if b <= x), default=0)


def _header_above(
    region: list[list[Char]], lines: list[list[Char]], bounds: list[float]
) -> list[Char] | None:
    """The line right above a region when it reads as the table's header: two or more
    phrases, each centred within the region's width and in a column of its own (a header
    may be wider than its values), no farther above
    than twice the region's line pitch. Header text is often aligned differently from
    the values below it (a left-aligned 金额 over right-aligned amounts), so it may miss
    every anchor."""
    index = next(i for i, line in enumerate(lines) if line is region[0])
    if index == 0:
        return None
    line = lines[index - 1]
    ps = phrases(line)
    tops = [min(c.top for c in ln) for ln in region]
    pitch = median(b - a for a, b in pairwise(tops)) if len(tops) > 1 else 0.0
    x0 = min(c.x0 for ln in region for c in ln)
    x1 = max(c.x1 for ln in region for c in ln)
    columns = [_column_of((p[0].x0 + p[-1].x1) / 2, bounds) for p in ps]
    if (
        len(ps) >= 2
        and len(set(columns)) == len(columns)
        and all(x0 <= (p[0].x0 + p[-1].x1) / 2 <= x1 for p in ps)
        and tops[0] - min(c.top for c in line) <= 2 * pitch
    ):
        return line
    return None


def _merge_exclusive(
    region: list[list[Char]],
    bounds: list[float],
    certain: set[float],
    cuts: Sequence[tuple[float, float]] = (),
    space: float = 0.0,
) -> list[float]:
    """Join neighbouring columns that no line fills both of, across an uncertain boundary:
    one column whose header and values are aligned differently (a left-aligned 增减% over
    right-aligned figures)."""
    used = [
        {_column_of(p[0].cx, bounds) for p in cell_phrases(line, cuts, space)} for line in region
    ]
    kept = [bounds[0]]
    merged_into = 0
    for i in range(1, len(bounds)):
        together = any(j in u and i in u for u in used for j in range(merged_into, i))
        if together or bounds[i] in certain:
            kept.append(bounds[i])
            merged_into = i
    return kept


def _clear_of_phrases(
    region: list[list[Char]],
    bounds: list[float],
    cuts: Sequence[tuple[float, float]] = (),
    space: float = 0.0,
) -> list[float]:
    """Move a column boundary that a phrase reaches across into the white between the two
    columns' text, when there is such white in every line: a header centred over its
    column (``Long 1`` over ``C1``) starts left of the values' shared left edge, and must
    not make a merged cell with the column beside it. A phrase belongs to the column its
    centre is in; a header that spans columns has values under it and no white to move to,
    so it still makes a span. A column in which no phrase has its centre holds only such
    overhangs (the white of a gutter split by the header's start) and is no column."""
    ps = [p for line in region for p in cell_phrases(line, cuts, space)]
    centres = [(p[0].x0 + p[-1].x1) / 2 for p in ps]
    out = [bounds[0]]
    for i in range(1, len(bounds)):
        hi = bounds[i + 1] if i + 1 < len(bounds) else float("inf")
        if any(bounds[i] <= x < hi for x in centres):
            out.append(bounds[i])
    for i in range(1, len(out)):
        lo, b = out[i - 1], out[i]
        hi = out[i + 1] if i + 1 < len(out) else float("inf")
        left = [p for p in ps if lo <= (p[0].x0 + p[-1].x1) / 2 < b]
        right = [p for p in ps if b <= (p[0].x0 + p[-1].x1) / 2 < hi]
        if not left or not right:
            continue
        end = max(p[-1].x1 for p in left)
        start = min(p[0].x0 for p in right)
        if end <= b <= start or start - end < 1.0:
            continue
        # Left-aligned columns start just left of their text, as column_bounds places them.
        out[i] = start - 1.0 if start - 1.0 > end else (start + end) / 2
    return out


def _section_label(ps: list[list[Char]], region: list[list[Char]], gap: float, size: float) -> bool:
    """Whether a one-phrase line under a table's lines may label a group of its rows
    (``Caste/tribe``, ``Wealth index`` above their rows, or 一、基本支出): it starts
    at the first column's left edge or less than 2 em right of it, ends before the second
    column's text starts, and lies no farther below than :data:`LABEL_GAP` em. It stays in
    the table only if a table line follows."""
    left = min(c.x0 for line in region for c in line)
    second = min((p[1][0].x0 for p in map(phrases, region) if len(p) >= 2), default=left)
    return (
        len(ps) == 1
        and left - EDGE_TOLERANCE <= ps[0][0].x0 <= left + 2 * size
        and ps[0][-1].x1 < second
        and gap <= LABEL_GAP * size
    )


def columnar_regions(content: PageContent, settings: TableSettings) -> list[Region]:
    """Regions of a page where text stands in aligned columns over ≥ 3 lines.

    Column anchors are x positions where at least three lines that have two or more phrases
    start a phrase (left-aligned text) or end one (right-aligned amounts). A line belongs
    to the table when two of its phrases sit at anchors, or when it is a wrapped
    continuation (its phrases at anchors, right under a table line), or a section label
    between table lines (:func:`_section_label`). The columns are then
    the bands between the white gutters of the region (:func:`column_bounds`). Prose,
    titles and dot-leader tables of contents do not qualify; two columns need
    :data:`MIN_TWO_COLUMN_LINES` lines with both.
    """
    chars = [c for c in content.chars if c.text.strip()]
    lines = [(line, phrases(line)) for line in group_lines(chars, settings.line_overlap)]
    lines = [(line, ps) for line, ps in lines if ps and not _has_leader(line)]
    multi = [ps for _, ps in lines if len(ps) >= 2]
    rights = _anchors([p[-1].x1 for ps in multi for p in ps])
    lefts = [
        a
        for a in _anchors([p[0].x0 for ps in multi for p in ps])
        if not _equal_width(a, multi, rights)
    ]
    if len(lefts) + len(rights) < MIN_COLUMNS - 1:
        return []

    # OCR boxes hug the ink, not the em a text layer gives a glyph: a wrapped （万元） read
    # from a scan starts 2.5–3.5 pt right of the column edge its cell's text starts at.
    ocr = any(c.confidence is not None for c in chars)
    slack = OCR_EDGE_TOLERANCE if ocr else EDGE_TOLERANCE

    def anchored(p: list[Char]) -> bool:
        return any(abs(p[0].x0 - a) <= slack for a in lefts) or any(
            abs(p[-1].x1 - a) <= slack for a in rights
        )

    regions: list[list[list[Char]]] = []
    current: list[list[Char]] = []
    previous: list[Char] | None = None
    label: list[Char] | None = None  # a section label line, kept if a table line follows
    for line, ps in lines:
        hits = sum(anchored(p) for p in ps)
        size = median(_size(c) for c in line)
        gap = min(c.top for c in line) - max(c.bottom for c in previous) if previous else 0.0
        below = previous is not None and gap <= WRAP_GAP * size
        if hits >= 2 or (current and hits == len(ps) and below):
            if label is not None:
                current.append(label)
                label = None
            current.append(line)
            previous = line
            continue
        if current and label is None and _section_label(ps, current, gap, size):
            label = previous = line
            continue
        if current:
            regions.append(current)
        current, previous, label = [], None, None
    if current:
        regions.append(current)
    out: list[Region] = []
    for region in regions:
        columnar = sum(len(phrases(line)) >= 2 for line in region)
        if columnar < MIN_COLUMNAR_LINES:
            continue
        bounds, certain = column_bounds(region, lefts)
        cuts = tuple(gutters(region))
        space = word_space(region)
        # Columns are joined by what the table's own lines use: a title or header line
        # found above them (``Table 21`` | ``Current use of …``) is not aligned with them.
        merged = _merge_exclusive(region, bounds, certain, cuts, space)
        for _ in range(MAX_HEADER_LINES):
            header = _header_above(region, [line for line, _ in lines], bounds)
            if header is None:
                break
            region = [header, *region]
        bounds = _clear_of_phrases(region, merged, cuts, space)
        if len(bounds) < 2 or (len(bounds) == 2 and columnar < MIN_TWO_COLUMN_LINES):
            continue
        all_chars = [c for line in region for c in line]
        x0 = min(c.x0 for c in all_chars)
        x1 = max(c.x1 for c in all_chars)
        top = min(c.top for c in all_chars)
        bottom = max(c.bottom for c in all_chars)
        out.append(Region((x0, top, x1, bottom), (x0, *bounds[1:]), cuts, space))
    return out


# --------------------------------------------------------------------------- camelot calls


class CamelotFailed(Exception):
    """camelot (or playa/pdfminer below it) raised on a page the ruling reader could read.

    Damaged pages make them raise anything (``ZeroDivisionError`` for a glyph at font size
    0, ``StopIteration``, ``PDFSyntaxError``, ``ValueError``); the page then keeps what the
    ruling analysis found, with :meth:`notice` saying so, instead of failing the file.
    """

    def __init__(self, page: int, cause: BaseException) -> None:
        super().__init__(f"camelot failed on page {page}: {type(cause).__name__}: {cause}")
        self.page = page
        self.cause = cause

    def notice(self, fallback: str) -> Notice:
        reason = f"{type(self.cause).__name__}: {str(self.cause)[:200]}"
        return Notice("camelot_failed", f"camelot could not read this page ({reason}); "
                      f"{fallback}", self.page)  # fmt: skip


def _read(path: Path, page: int, password: str | None, **kwargs: Any) -> list[Any]:
    """camelot.read_pdf for one page, quietly (its warnings are about empty pages); any
    failure of camelot's is a :class:`CamelotFailed`."""
    import camelot  # heavy (OpenCV, pypdfium2): imported only when the engine is used

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tables = camelot.read_pdf(
                str(path), pages=str(page), password=password, suppress_stdout=True, **kwargs
            )
            return list(tables)
    except MemoryError:
        raise  # the file is too large for this worker: not a page to skip
    except Exception as exc:
        raise CamelotFailed(page, exc) from exc


def _grid(
    page: int, xs: list[float], ys: list[float], uf: UnionFind
) -> tuple[PageGrid, list[Notice]]:
    """Grid slots joined by ``uf`` → merged cells with spans (rectangles only)."""
    n_c = len(xs) - 1
    members: dict[int, list[tuple[int, int]]] = {}
    for r in range(len(ys) - 1):
        for c in range(n_c):
            members.setdefault(uf.find(r * n_c + c), []).append((r, c))
    notices: list[Notice] = []
    cells: list[GridCell] = []
    for group in members.values():
        r0, r1 = min(r for r, _ in group), max(r for r, _ in group)
        c0, c1 = min(c for _, c in group), max(c for _, c in group)
        if len(group) != (r1 - r0 + 1) * (c1 - c0 + 1):
            notices.append(
                Notice("irregular_cell", f"a non-rectangular cell at row {r0}, column {c0}", page)
            )
        cells.append(
            GridCell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1]))
        )
    # A non-rectangular group makes overlapping rectangles; keep the first cell per slot.
    taken: set[tuple[int, int]] = set()
    kept: list[GridCell] = []
    for cell in sorted(cells, key=lambda g: (g.row, g.column)):
        slots = {
            (r, c)
            for r in range(cell.row, cell.row + cell.rowspan)
            for c in range(cell.column, cell.column + cell.colspan)
        }
        if slots & taken:
            continue
        taken |= slots
        kept.append(cell)
    return compact(PageGrid(page, xs, ys, kept)), notices


def lattice_table_grid(table: Any, page: int, height: float) -> tuple[PageGrid, list[Notice]]:
    """One camelot lattice table → a grid; unruled sides between slots merge them."""
    xs = [float(table.cols[0][0])] + [float(c[1]) for c in table.cols]
    ys = [height - float(table.rows[0][0])] + [height - float(r[1]) for r in table.rows]
    n_r, n_c = len(table.rows), len(table.cols)
    uf = UnionFind(n_r * n_c)
    for r in range(n_r):
        for c in range(n_c):
            cell = table.cells[r][c]
            if c + 1 < n_c and not (cell.right or table.cells[r][c + 1].left):
                uf.union(r * n_c + c, r * n_c + c + 1)
            if r + 1 < n_r and not (cell.bottom or table.cells[r + 1][c].top):
                uf.union(r * n_c + c, (r + 1) * n_c + c)
    return _grid(page, xs, ys, uf)


def lattice_grids(
    path: str | Path,
    content: PageContent,
    password: str | None = None,
    lattice_engine: str = LATTICE_ENGINE,
) -> tuple[list[PageGrid], list[Notice]]:
    """Every ruled table camelot finds on the page, top to bottom."""
    grids: list[PageGrid] = []
    notices: list[Notice] = []
    for table in _read(Path(path), content.number, password, flavor="lattice",
                       engine=lattice_engine):  # fmt: skip
        if not table.rows or not table.cols:
            continue
        grid, found = lattice_table_grid(table, content.number, content.height)
        grids.append(grid)
        notices.extend(found)
    grids.sort(key=lambda g: (g.bbox[1], g.bbox[0]))
    return grids, notices


# --------------------------------------------------------------------------- stream


def _row_lines(
    chars: list[Char], bands: list[tuple[float, float]], overlap: float
) -> list[list[Char]]:
    """The characters of each camelot row band (top-left coordinates); characters in no
    band (camelot skips some glyphs) form lines of their own, so none is lost."""
    rows: list[list[Char]] = [[] for _ in bands]
    stray: list[Char] = []
    for ch in chars:
        index = next((i for i, (t, b) in enumerate(bands) if t <= ch.cy <= b), None)
        (stray if index is None else rows[index]).append(ch)
    rows = [sorted(row, key=lambda c: c.x0) for row in rows if row]
    return rows + group_lines(stray, overlap)


def _columns_of(line: list[Char], xs: list[float]) -> set[int]:
    return set(_phrases_by_column(line, xs))


def _phrases_by_column(
    line: list[Char], xs: list[float], region: Region | None = None
) -> dict[int, str]:
    out: dict[int, str] = {}
    ps = cell_phrases(line, region.gutters, region.word_space) if region else phrases(line)
    for p in ps:
        column = max((i for i in range(len(xs) - 1) if xs[i] <= p[0].cx), default=0)
        out[column] = out.get(column, "") + "".join(c.text for c in p)
    return out


_NUMBER = re.compile(r"[-+−(（]?[0-9０-９][0-9０-９,，.．]*[)）%％]?")


def is_number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text.strip()))


def _gap(line: list[Char], above: list[Char]) -> float:
    return min(c.top for c in line) - max(c.bottom for c in above)


def row_gap(lines: list[list[Char]]) -> float:
    """The space between two rows of a table: the widest gap between consecutive lines that
    recurs (within 1 pt), so a lone gap before a footnote does not count."""
    gaps = sorted(_gap(b, a) for a, b in pairwise(lines))
    recurring = [g for i, g in enumerate(gaps) if any(abs(g - h) <= 1.0 for h in gaps[i + 1 :])]
    return max(recurring or gaps or [0.0])


def _continues(
    line: list[Char],
    above: list[Char],
    xs: list[float],
    rows_gap: float,
    region: Region | None = None,
) -> bool:
    """Whether ``line`` is wrapped text of the cells of the line ``above``.

    It must sit within :data:`WRAP_GAP` em and clearly closer than rows are to each other
    (lines spaced like rows are rows: ``C1 / C2 / C3`` under ``A1 B1 C1``), print only in
    columns the line above used (not in every column of a table of three or more), and
    never put a number under a number: values in dense numeric tables are complete on
    their line, so joining them would run two amounts together (``34,57313,278``).
    """
    gap = _gap(line, above)
    if gap > WRAP_GAP * median(_size(c) for c in line) or gap >= WRAP_SHARE * rows_gap:
        return False
    mine, theirs = _phrases_by_column(line, xs, region), _phrases_by_column(above, xs, region)
    if not mine.keys() <= theirs.keys() or len(mine) == len(xs) - 1 > 2:
        return False  # a line filling every column is a row of its own
    return not any(is_number(text) and is_number(theirs[c]) for c, text in mine.items())


def stream_table_grid(
    content: PageContent,
    region: Region,
    bands: list[tuple[float, float]],
    overlap: float = 0.5,
) -> tuple[PageGrid | None, int]:
    """Rows in ``region`` → a grid: wrapped lines joined, spans from phrases that run across
    a column start. Rows are camelot stream's row ``bands`` when given, else jixiao's own
    text lines. Also returns how many wrapped lines were joined to the line above."""
    x0, top, x1, bottom = region.bbox
    xs = [x0 - 1.0, *region.bounds[1:], x1 + 1.0]
    chars = [c for c in content.chars if c.text.strip() and x0 - 1 <= c.cx <= x1 + 1]
    chars = [c for c in chars if top - 1 <= c.cy <= bottom + 1]
    lines = _row_lines(chars, sorted(bands), overlap)
    if not lines:
        return None, 0
    groups: list[list[list[Char]]] = []
    lines.sort(key=lambda ln: min(c.top for c in ln))
    rows_gap = row_gap(lines)
    for line in lines:
        if groups and _continues(line, groups[-1][-1], xs, rows_gap, region):
            groups[-1].append(line)
            continue
        groups.append([line])
    ys = [top - 1.0]
    for upper, lower in pairwise(groups):
        ys.append((max(c.bottom for c in upper[-1]) + min(c.top for c in lower[0])) / 2)
    ys.append(bottom + 1.0)
    n_c = len(xs) - 1
    uf = UnionFind(len(groups) * n_c)
    for r, group in enumerate(groups):
        for line in group:
            for phrase in cell_phrases(line, region.gutters, region.word_space):
                first = _column_of(phrase[0].cx, xs[:-1])
                last = _column_of(phrase[-1].cx, xs[:-1])
                for c in range(first, last):
                    uf.union(r * n_c + c, r * n_c + c + 1)
    grid, _ = _grid(content.number, xs, ys, uf)
    return grid, len(lines) - len(groups)


def stream_grids(
    path: str | Path | None,
    content: PageContent,
    regions: list[Region],
    settings: TableSettings,
    password: str | None = None,
) -> tuple[list[PageGrid], list[Notice]]:
    """Borderless tables in the given regions.

    Columns come from jixiao's aligned text edges (:func:`columnar_regions`). Rows are
    jixiao's own text lines; with ``path`` (the camelot engine) they are camelot stream's
    rows instead, read in one call for all regions of the page. On the bundled borderless
    sample both give the same grids, and skipping camelot saves 0.1-2 s a page.
    """
    bands: list[tuple[float, float]] = []
    notices: list[Notice] = []
    from_camelot = path is not None
    if path is not None:
        height = content.height
        areas = [
            f"{r.bbox[0] - 1:.2f},{height - r.bbox[1] + 1:.2f},"
            f"{r.bbox[2] + 1:.2f},{height - r.bbox[3] - 1:.2f}"
            for r in regions
        ]
        columns = [",".join(f"{b:.2f}" for b in r.bounds[1:]) for r in regions]
        try:
            tables = _read(Path(path), content.number, password, flavor="stream",
                           table_areas=areas, columns=columns, split_text=True)  # fmt: skip
        except CamelotFailed as exc:
            tables, from_camelot = [], False  # jixiao's own text lines give the rows
            notices.append(exc.notice("its rows were taken from the text lines instead"))
        bands = [(height - float(r[0]), height - float(r[1])) for t in tables for r in t.rows]
    grids: list[PageGrid] = []
    for region in regions:
        grid, joined = stream_table_grid(content, region, bands, settings.line_overlap)
        if grid is None:
            continue
        grids.append(grid)
        rows = "camelot stream's rows" if from_camelot else "its text lines"
        notices.append(
            Notice(
                "borderless_table",
                f"a table without rulings was read from {rows} and aligned text edges "
                f"({grid.n_rows} rows, {grid.n_columns} columns); merged cells are not "
                "visible in such tables",
                content.number,
            )
        )
        if joined:
            notices.append(
                Notice(
                    "wrapped_lines_joined",
                    f"{joined} line(s) of a table without rulings were taken as wrapped text "
                    "of the cells above them and joined to their row",
                    content.number,
                )
            )
    return grids, notices


# --------------------------------------------------------------------------- ruled rows


def frames_text_rows(content: PageContent, grid: PageGrid, settings: TableSettings) -> bool:
    """Whether a ruled outline without inner verticals is a frame around a table whose rows
    are text lines: one of its ruled rows holds a block of lines standing in columns (a
    three-line table drawn in a box, ruled under its title, its header and its body). The
    rules then divide the title, the header, the body and the notes, not the table's rows,
    and the table is read from the text as a borderless one."""
    if grid.n_columns != 1:
        return False
    x0, _, x1, _ = grid.bbox
    for top, bottom in pairwise(grid.ys):
        inside = [c for c in content.chars if x0 <= c.cx <= x1 and top <= c.cy <= bottom]
        if len(inside) > 1 and columnar_regions(
            PageContent(content.number, content.width, content.height, inside, []), settings
        ):
            return True
    return False


def split_ruled_rows(
    content: PageContent, grid: PageGrid, settings: TableSettings
) -> PageGrid | None:
    """Columns for a ruled table whose rows are ruled but whose body has no inner verticals.

    Such a table (a frame with rules between rows only, or a table whose only verticals
    are its header's cell borders, like a header painted in cells above banded rows) is
    one cell per body row to the ruling analysis, which would print
    ``Austria86.213.803,375``. When most rows are such whole-row cells and the text inside
    stands in aligned columns over most of the rows, the columns come from the text as
    for a borderless table and the rows stay the ruled ones: a slot joins its neighbour
    when both lie in one ruled cell and a phrase runs across their text boundary (a
    horizontal span), or when the ruled cell spans rows.
    """
    if grid.n_rows < 2:
        return None
    whole = sum(c.colspan == grid.n_columns for c in grid.cells)
    if whole < WHOLE_ROW_SHARE * grid.n_rows:
        return None
    x0, top, x1, bottom = grid.bbox
    inside = [c for c in content.chars if x0 <= c.cx <= x1 and top <= c.cy <= bottom]
    regions = columnar_regions(
        PageContent(content.number, content.width, content.height, inside, []), settings
    )
    if len(regions) != 1:
        return None
    region = regions[0]
    ys = grid.ys
    covered = sum(1 for a, b in pairwise(ys) if region.bbox[1] <= b and a <= region.bbox[3])
    if covered < WHOLE_ROW_SHARE * grid.n_rows:
        return None
    xs = [x0, *region.bounds[1:], x1]
    n_c = len(xs) - 1
    ruled = [
        [_ruled_cell(grid, (a + b) / 2, (ys[r] + ys[r + 1]) / 2) for a, b in pairwise(xs)]
        for r in range(grid.n_rows)
    ]
    uf = UnionFind(grid.n_rows * n_c)
    for r, (a, b) in enumerate(pairwise(ys)):
        row = [c for c in inside if a <= c.cy <= b and c.text.strip()]
        for line in group_lines(row, settings.line_overlap):
            for phrase in cell_phrases(line, region.gutters, region.word_space):
                first = _column_of(phrase[0].cx, xs[:-1])
                last = _column_of(phrase[-1].cx, xs[:-1])
                for c in range(first, last):
                    if ruled[r][c] is ruled[r][c + 1]:
                        uf.union(r * n_c + c, r * n_c + c + 1)
        if r + 1 < grid.n_rows:
            for c in range(n_c):
                if ruled[r][c] is not None and ruled[r][c] is ruled[r + 1][c]:
                    uf.union(r * n_c + c, (r + 1) * n_c + c)
    split, _ = _grid(content.number, xs, ys, uf)
    return split


def _ruled_cell(grid: PageGrid, x: float, y: float) -> GridCell | None:
    """The ruled cell a point lies in (None in a hole of an irregular outline)."""
    for cell in grid.cells:
        x0, top, x1, bottom = cell.bbox
        if x0 <= x <= x1 and top <= y <= bottom:
            return cell
    return None
