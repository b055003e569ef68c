"""Plain data passed between the extraction steps.

Coordinates are PDF points with the origin at the top-left of the page (pdfplumber's
``top``/``bottom`` convention), so that "above" means a smaller number everywhere.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from copy import copy
from dataclasses import KW_ONLY, dataclass, field
from typing import Any

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which made
# building a Char 3x slower, and readers build one per printed glyph (a sixth of reading).
# Nothing assigns to a Char; unsafe_hash keeps it usable in sets and as a key, by value.
@dataclass(slots=True, unsafe_hash=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    # Keyword-only from here: the optional facts of a glyph are named where they are given
    # (a turn passed where the confidence stands would read every page as doubtful OCR).
    _: KW_ONLY
    # OCR's confidence (0–1) in a character read from a page picture; None from a text layer.
    confidence: float | None = None
    # Clockwise turn of the glyph on the page (0, 90, 180, 270; see rotation.turn_of): a
    # page printed turned is read in the frame its text is upright in.
    turn: int = 0

    @property
    def em(self) -> float:
        """The font size, else the box's height (a text layer may give size 0): the unit
        gaps between glyphs are measured in."""
        return self.size or (self.bottom - self.top)

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(slots=True)
class Cut:
    """A glyph a clip's top or bottom edge cuts: the whole glyph as drawn, the clip, and
    whether the centre rule of extract/clip.py read it on its own page."""

    char: Char
    clip: BBox  # the clip where it was drawn (page frame: x0, top, x1, bottom)
    read: bool

    @property
    def share(self) -> float:
        """How much of the glyph's height the clip shows."""
        char = self.char
        shown = min(char.bottom, self.clip[3]) - max(char.top, self.clip[1])
        return max(0.0, shown) / (char.bottom - char.top)

    @property
    def cut_below(self) -> bool:
        """The clip's bottom edge cuts it (the rest would print on the next page)."""
        return self.char.bottom > self.clip[3]


@dataclass(frozen=True, slots=True)
class Segment:
    """A ruling: horizontal when ``top == bottom``, vertical when ``x0 == x1``."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def horizontal(self) -> bool:
        return self.top == self.bottom


@dataclass(slots=True)
class PageContent:
    """Everything the table finder needs from one page, read once."""

    number: int  # 1-based
    width: float
    height: float
    chars: list[Char]
    segments: list[Segment]
    # What the reader had to do differently on this page (the fast reader falling back to
    # pdfplumber). Not part of the content: two readers agree on a page whatever it cost.
    notices: list[Notice] = field(default_factory=list, compare=False)
    # Glyphs a clip's top or bottom edge cuts (read or not), until extract/page_cuts.py has
    # decided with the neighbouring page which of them are read.
    cut: list[Cut] = field(default_factory=list)


@dataclass(slots=True)
class TextLayout:
    """How a cell's text sits in it, in points, read by stitching only: the empty space below
    the last line, the line height, and the room left of the text and right of the last line
    (a last line that runs to the right edge as far as the first runs to the left one was
    wrapped there)."""

    slack: float = 0.0
    line_height: float = 0.0
    lead_room: float = 0.0
    tail_room: float = 0.0


class _Measure:
    """A :class:`TextLayout` measure read and set on the cell itself: 0.0 when the cell has
    no layout (none was measured, or its table is final)."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __get__(self, cell: Cell | None, owner: type | None = None) -> Any:
        if cell is None:
            return self
        layout = cell.layout
        return 0.0 if layout is None else getattr(layout, self.name)

    def __set__(self, cell: Cell, value: float) -> None:
        # A new layout, never a change to the old one: a copied cell (dataclasses.replace)
        # shares its original's.
        layout = TextLayout() if cell.layout is None else copy(cell.layout)
        setattr(layout, self.name, value)
        cell.layout = layout


# No generated __init__: the constructor keeps taking one ``bbox``, while the box is kept as
# four slots (the floats are the grid's own edges, shared by the cells of a row or column).
# A tuple per cell was 72 of the ~220 bytes a cell of a long document's tables costs, and
# every cell of every table lives until the output is written. ``dataclasses.replace``
# passes the four coordinates by name, which the constructor takes too.
@dataclass(slots=True, init=False)
class Cell:
    """A (possibly merged) cell of a table grid; ``row``/``column`` index its top-left slot."""

    row: int
    column: int
    rowspan: int
    colspan: int
    text: str
    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    # Layout of the text inside the cell, used to tell a row split by a page break from a
    # new row: how many printed lines, and the empty space below the last one (points).
    n_lines: int = 0
    # The rest of that layout (:class:`TextLayout`); None once the table is final, as only
    # stitching reads it (the measures then read 0.0).
    layout: TextLayout | None = None
    end_page: int | None = None  # set when the cell continues on a later page
    # Where a cell re-joined over a page break was printed on the later pages: (page, bbox)
    # per piece, so provenance and overlays can point at every part of the value. Replaced,
    # never appended to: the default is one shared empty tuple, as nearly every cell has no
    # part (an empty list per cell was 56 bytes of the ~360 a long document keeps a cell).
    parts: Sequence[tuple[int, BBox]] = ()
    # OCR only: the lowest confidence among the cell's characters (None: text layer or empty).
    confidence: float | None = None

    def __init__(
        self,
        row: int,
        column: int,
        rowspan: int,
        colspan: int,
        text: str,
        page: int,
        bbox: BBox | None = None,
        n_lines: int = 0,
        slack: float = 0.0,
        line_height: float = 0.0,
        lead_room: float = 0.0,
        tail_room: float = 0.0,
        end_page: int | None = None,
        parts: Sequence[tuple[int, BBox]] = (),
        confidence: float | None = None,
        *,
        x0: float = 0.0,
        top: float = 0.0,
        x1: float = 0.0,
        bottom: float = 0.0,
        layout: TextLayout | None = None,
    ) -> None:
        self.row = row
        self.column = column
        self.rowspan = rowspan
        self.colspan = colspan
        # One string object per distinct text: tables repeat their labels (产出指标, 数量指标,
        # units, 100%) on every row and page, and the cells live until the output is written.
        self.text = sys.intern(text) if type(text) is str else text
        self.page = page
        if bbox is not None:
            x0, top, x1, bottom = bbox
        self.x0 = x0
        self.top = top
        self.x1 = x1
        self.bottom = bottom
        self.n_lines = n_lines
        if layout is None and (slack or line_height or lead_room or tail_room):
            layout = TextLayout(slack, line_height, lead_room, tail_room)
        self.layout = layout
        self.end_page = end_page
        self.parts = parts
        self.confidence = confidence

    slack = _Measure("slack")
    line_height = _Measure("line_height")
    lead_room = _Measure("lead_room")
    tail_room = _Measure("tail_room")

    @property
    def bbox(self) -> BBox:
        return (self.x0, self.top, self.x1, self.bottom)

    @bbox.setter
    def bbox(self, box: BBox) -> None:
        self.x0, self.top, self.x1, self.bottom = box

    def moved(self, row: int, column: int, rowspan: int, colspan: int) -> Cell:
        """A copy at another place in the grid: ``dataclasses.replace(cell, row=…, …)``, the
        same constructor call with the fields passed in order. Stitching moves every cell of
        a continued page (62,000 over the samples and real PDFs), and ``replace`` listed the
        fields and built the keywords for each: half a second under cProfile."""
        return type(self)(
            row,
            column,
            rowspan,
            colspan,
            self.text,
            self.page,
            None,
            self.n_lines,
            end_page=self.end_page,
            parts=self.parts,
            confidence=self.confidence,
            x0=self.x0,
            top=self.top,
            x1=self.x1,
            bottom=self.bottom,
            layout=self.layout,
        )

    @property
    def pieces(self) -> list[tuple[int, BBox]]:
        """Where the cell is printed: (page, bbox) of its first part, then of each part
        continued on a later page."""
        return [(self.page, (self.x0, self.top, self.x1, self.bottom)), *self.parts]


@dataclass(slots=True)
class Table:
    """A logical table: one grid even when it was printed over several pages."""

    pages: list[int]
    n_rows: int
    n_columns: int
    cells: list[Cell]
    bbox: BBox  # of the first page's part
    row_pages: list[int] = field(default_factory=list)  # page on which each row starts
    # x / y positions on the last page; on a page read turned (rotation.py), in the frame its
    # text is upright in, while every bbox is turned back onto the page as printed.
    column_edges: list[float] = field(default_factory=list)
    row_edges: list[float] = field(default_factory=list)
    # Who found the grid (pdfplumber rulings, camelot_lattice or camelot_stream), and for
    # stream tables the text-column boundaries the grid was cut at: a wrong column in a
    # borderless table is explained by these, not by rulings.
    engine: str = "pdfplumber"
    text_columns: list[float] = field(default_factory=list)
    ocr: bool = False  # read from a page picture (some part of it, when stitched)

    # Slot index for cell_at: parsers ask for every (row, column), which made the linear scan
    # quadratic. Excluded from ==, repr and __init__. Rebuilt whenever the cell list is
    # replaced, grows or shrinks; every hit is checked against the cell's current span
    # (stitching extends rowspans in place) and a miss falls back to the scan. Tables with
    # overlapping cells (irregular outlines), where list order decides, always use the scan.
    # Rows of slots, a pointer each (a dict keyed by (row, column) tuples cost ~100 bytes a
    # slot, as much as the cells, while the parsers ran over a long document).
    _slots: list[list[Cell | None]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    _slots_of: tuple[list[Cell] | None, int] = field(
        default=(None, -1), init=False, repr=False, compare=False
    )
    # Cells by their top row, for own_cells: the same rule of freshness as _slots.
    _rows: dict[int, list[Cell]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _rows_of: tuple[list[Cell] | None, int] = field(
        default=(None, -1), init=False, repr=False, compare=False
    )

    def cell_at(self, row: int, column: int) -> Cell | None:
        """The cell covering slot (row, column), merged cells included."""
        cells = self.cells
        indexed, size = self._slots_of
        slots = self._slots
        if indexed is not cells or size != len(cells):
            slots = self._index()
        if slots is None:  # overlapping cells: list order decides, as in the scan
            return self._scan(row, column)
        line = slots[row] if 0 <= row < len(slots) else ()
        cell = line[column] if 0 <= column < len(line) else None
        if cell is not None and _covers(cell, row, column):
            return cell
        # A miss, or a cell whose span changed in place: the scan decides, and the index
        # is rebuilt so later lookups see the change.
        found = self._scan(row, column)
        if found is not cell:
            self._index()
        return found

    def _scan(self, row: int, column: int) -> Cell | None:
        for cell in self.cells:
            if _covers(cell, row, column):
                return cell
        return None

    def _index(self) -> list[list[Cell | None]] | None:
        # Holding the list itself (not its id) so a new list is never mistaken for it.
        self._slots_of = (self.cells, len(self.cells))
        self._slots = _slot_map(self.cells)
        return self._slots

    def own_cells(self, row: int) -> list[Cell]:
        """Cells whose top-left slot is in ``row``, in list order (``c.row == row``).

        Indexed, because parsers ask this of every row: a scan per row made a 400-page
        table quadratic.
        """
        indexed, size = self._rows_of
        if indexed is not self.cells or size != len(self.cells):
            rows: dict[int, list[Cell]] = {}
            for cell in self.cells:
                rows.setdefault(cell.row, []).append(cell)
            self._rows, self._rows_of = rows, (self.cells, len(self.cells))
        return list(self._rows.get(row, ()))

    def append_rows(self, added: list[Cell], grown: list[tuple[Cell, int]]) -> None:
        """Append cells that start at or below the last row, and keep both indexes current
        without rebuilding them (stitching a page onto a long table must not cost the
        whole table again). ``grown``: (cell, rowspan before) for cells already in the
        table whose rowspan was extended in place.

        The list stays sorted by (row, column) as a full stable sort would leave it: only
        the cells from the first row of ``added`` on are re-sorted.
        """
        cells = self.cells
        fresh_slots = self._slots_of[0] is cells and self._slots_of[1] == len(cells)
        fresh_rows = self._rows_of[0] is cells and self._rows_of[1] == len(cells)
        if added:
            first = min(c.row for c in added)
            start = len(cells)
            while start > 0 and cells[start - 1].row >= first:
                start -= 1
            cells[start:] = sorted([*cells[start:], *added], key=lambda c: (c.row, c.column))
        if fresh_rows:
            for cell in added:
                self._rows.setdefault(cell.row, []).append(cell)
            for row_cells in {id(v): v for c in added if (v := self._rows.get(c.row))}.values():
                row_cells.sort(key=lambda c: c.column)
            self._rows_of = (cells, len(cells))
        if fresh_slots:
            pieces = [(c, c.row + before, c.row + c.rowspan) for c, before in grown]
            pieces += [(c, c.row, c.row + c.rowspan) for c in added]
            if self._slots is not None and not _add_slots(self._slots, pieces):
                self._slots = None  # overlapping cells: the scan decides, as in _slot_map
            self._slots_of = (cells, len(cells))

    def drop_indexes(self) -> None:
        """Forget both lookup indexes (a lookup rebuilds them): once the parsers are done,
        a long document's tables need only their cells, and the indexes cost as much."""
        self._slots, self._slots_of = None, (None, -1)
        self._rows, self._rows_of = {}, (None, -1)

    def row_cells(self, row: int) -> list[Cell]:
        """Distinct cells covering a row, left to right."""
        seen: list[Cell] = []
        for column in range(self.n_columns):
            cell = self.cell_at(row, column)
            if cell is not None and all(cell is not s for s in seen):
                seen.append(cell)
        return seen


def _slot_map(cells: list[Cell]) -> list[list[Cell | None]] | None:
    """Every slot's cell, or None when two cells cover the same slot."""
    slots: list[list[Cell | None]] = []
    return slots if _add_slots(slots, [(c, c.row, c.row + c.rowspan) for c in cells]) else None


def _add_slots(slots: list[list[Cell | None]], pieces: list[tuple[Cell, int, int]]) -> bool:
    """Add each cell's slots in rows [r0, r1); False when a slot already has another cell
    (or a cell has a negative index, which a list would read from the end)."""
    for cell, r0, r1 in pieces:
        first, end = cell.column, cell.column + cell.colspan
        if r0 < 0 or first < 0:
            return False
        for r in range(r0, r1):
            if len(slots) <= r:
                slots.extend([] for _ in range(r + 1 - len(slots)))
            line = slots[r]
            if len(line) < end:
                line.extend([None] * (end - len(line)))
            for c in range(first, end):
                held = line[c]
                if held is None:
                    line[c] = cell
                elif held is not cell:
                    return False
    return True


def _covers(cell: Cell, row: int, column: int) -> bool:
    return (
        cell.row <= row < cell.row + cell.rowspan
        and cell.column <= column < cell.column + cell.colspan
    )


@dataclass(frozen=True, slots=True)
class TextLine:
    """A line of page text outside every table (titles, department names, notes)."""

    page: int
    text: str
    bbox: BBox


@dataclass(frozen=True, slots=True)
class Notice:
    """Something the extractor guessed or could not do; becomes a warning in the output."""

    code: str
    message: str
    page: int | None = None
    # The table row the notice concerns, when it concerns one: the output turns it into
    # table and record references so a warning can be found on the page.
    origin: tuple[Table, int] | None = field(default=None, compare=False)
    # A point on ``page`` (PDF points) the notice concerns, for notices made before their
    # table is final (a page's grid, before stitching): the output finds the cell there.
    at: tuple[float, float] | None = field(default=None, compare=False)


@dataclass(slots=True)
class Document:
    pages: int
    tables: list[Table]
    lines: list[TextLine]
    notices: list[Notice]
    text_pages: int = 0  # pages with at least one character
    ocr_pages: int = 0  # pages whose characters were read by OCR
