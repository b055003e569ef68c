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
  column start makes a horizontal span (a merged cell). A cell printed once at the top of
  a vertically merged range stays a blank below it — layouts forward-fill those with a
  warning.
"""

from __future__ import annotations

import re
import warnings
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
# Left text edges within this many points are one column start.
EDGE_TOLERANCE = 2.0
# How many columnar lines must start a phrase at an x for it to count as a column start,
# and how many columns / columnar lines a region needs to be a table at all.
MIN_EDGE_SUPPORT = 3
MIN_COLUMNS = 3
MIN_COLUMNAR_LINES = 3
# A wrapped line sits closer than this (em) under the line it continues.
WRAP_GAP = 0.8
# Phrases made of these only are dot leaders (tables of contents), not cell text.
LEADERS = frozenset("…．.·•-—_ ")

LATTICE_ENGINE = "combined"


@dataclass(frozen=True, slots=True)
class Region:
    """A borderless table candidate: its outline and where its columns start."""

    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom (top-left origin)
    starts: tuple[float, ...]  # left x of every column, ascending; starts[0] == bbox[0]


def _size(ch: Char) -> float:
    return ch.size or (ch.bottom - ch.top) or 1.0


def phrases(line: list[Char]) -> list[list[Char]]:
    """Runs of a text line separated by gaps wider than :data:`PHRASE_GAP` em."""
    out: list[list[Char]] = []
    for ch in line:
        if out and ch.x0 - out[-1][-1].x1 <= PHRASE_GAP * _size(ch):
            out[-1].append(ch)
        else:
            out.append([ch])
    return [p for p in out if not all(c.text in LEADERS for c in p)]


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


def columnar_regions(content: PageContent, settings: TableSettings) -> list[Region]:
    """Regions of a page where text stands in ≥ 3 left-aligned columns over ≥ 3 lines.

    Column starts are x positions where at least three lines that have two or more phrases
    start a phrase. A line belongs to the table when two of its phrases start at column
    starts, or when it is a wrapped continuation (one phrase at a column start, right
    under a table line). Prose, titles and dot-leader tables of contents do not qualify.
    """
    chars = [c for c in content.chars if c.text.strip()]
    lines = [(line, phrases(line)) for line in group_lines(chars, settings.line_overlap)]
    lines = [(line, ps) for line, ps in lines if ps]
    edges = [p[0].x0 for _, ps in lines if len(ps) >= 2 for p in ps]
    starts = [median(c) for c in _cluster(edges, EDGE_TOLERANCE) if len(c) >= MIN_EDGE_SUPPORT]
    if len(starts) < MIN_COLUMNS:
        return []
    regions: list[list[list[Char]]] = []
    current: list[list[Char]] = []
    previous: list[Char] | None = None
    for line, ps in lines:
        anchored = sum(_at(p[0].x0, starts) for p in ps)
        size = median(_size(c) for c in line)
        below = (
            previous is not None
            and min(c.top for c in line) - max(c.bottom for c in previous) <= WRAP_GAP * size
        )
        if anchored >= 2 or (current and anchored == len(ps) and below):
            current.append(line)
            previous = line
            continue
        if current:
            regions.append(current)
        current, previous = [], None
    if current:
        regions.append(current)
    out: list[Region] = []
    for region in regions:
        columnar = sum(len(phrases(line)) >= 2 for line in region)
        if columnar < MIN_COLUMNAR_LINES:
            continue
        all_chars = [c for line in region for c in line]
        x0 = min(c.x0 for c in all_chars)
        x1 = max(c.x1 for c in all_chars)
        top = min(c.top for c in all_chars)
        bottom = max(c.bottom for c in all_chars)
        used = [s for s in starts if x0 - EDGE_TOLERANCE <= s <= x1]
        if not _at(x0, used):
            used.insert(0, x0)  # text left of the first aligned column: a column of its own
        if len(used) >= MIN_COLUMNS:
            out.append(Region((x0, top, x1, bottom), tuple(sorted(used))))
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


def _phrases_by_column(line: list[Char], xs: list[float]) -> dict[int, str]:
    out: dict[int, str] = {}
    for p in phrases(line):
        column = max((i for i in range(len(xs) - 1) if xs[i] <= p[0].cx), default=0)
        out[column] = out.get(column, "") + "".join(c.text for c in p)
    return out


_NUMBER = re.compile(r"[-+−(（]?[0-9０-９][0-9０-９,，.．]*[)）%％]?")


def is_number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text.strip()))


def _continues(line: list[Char], above: list[Char], xs: list[float]) -> bool:
    """Whether ``line`` is wrapped text of the cells of the line ``above``.

    It must sit within :data:`WRAP_GAP` em, print only in columns the line above used, and
    never put a number under a number:
    values in dense numeric tables are complete on their line, so joining them would run
    two amounts together (``34,57313,278``).
    """
    gap = min(c.top for c in line) - max(c.bottom for c in above)
    if gap > WRAP_GAP * median(_size(c) for c in line):
        return False
    mine, theirs = _phrases_by_column(line, xs), _phrases_by_column(above, xs)
    if not mine.keys() <= theirs.keys():
        return False
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
    xs = [x0 - 1.0] + [s - 1.0 for s in region.starts[1:]] + [x1 + 1.0]
    chars = [c for c in content.chars if c.text.strip() and x0 - 1 <= c.cx <= x1 + 1]
    chars = [c for c in chars if top - 1 <= c.cy <= bottom + 1]
    lines = _row_lines(chars, sorted(bands), overlap)
    if not lines:
        return None, 0
    groups: list[list[list[Char]]] = []
    for line in sorted(lines, key=lambda ln: min(c.top for c in ln)):
        if groups and _continues(line, groups[-1][-1], xs):
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
            for phrase in phrases(line):
                first = max(i for i in range(n_c) if xs[i] <= phrase[0].cx)
                last = max(i for i in range(n_c) if xs[i] <= phrase[-1].cx)
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
        columns = [",".join(f"{s - 1:.2f}" for s in r.starts[1:]) for r in regions]
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
