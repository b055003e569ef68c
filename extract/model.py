"""Plain data passed between the extraction steps.

Coordinates are PDF points with the origin at the top-left of the page (pdfplumber's
``top``/``bottom`` convention), so that "above" means a smaller number everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(frozen=True, slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


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


@dataclass(slots=True)
class Cell:
    """A (possibly merged) cell of a table grid; ``row``/``column`` index its top-left slot."""

    row: int
    column: int
    rowspan: int
    colspan: int
    text: str
    page: int
    bbox: BBox
    # Layout of the text inside the cell, used to tell a row split by a page break from a
    # new row: how many printed lines, and the empty space below the last one (points).
    n_lines: int = 0
    slack: float = 0.0
    line_height: float = 0.0
    end_page: int | None = None  # set when the cell continues on a later page


@dataclass(slots=True)
class Table:
    """A logical table: one grid even when it was printed over several pages."""

    pages: list[int]
    n_rows: int
    n_columns: int
    cells: list[Cell]
    bbox: BBox  # of the first page's part
    row_pages: list[int] = field(default_factory=list)  # page on which each row starts
    column_edges: list[float] = field(default_factory=list)  # x positions on the last page
    row_edges: list[float] = field(default_factory=list)  # y positions on the last page

    def cell_at(self, row: int, column: int) -> Cell | None:
        """The cell covering slot (row, column), merged cells included."""
        for cell in self.cells:
            if (
                cell.row <= row < cell.row + cell.rowspan
                and cell.column <= column < cell.column + cell.colspan
            ):
                return cell
        return None

    def row_cells(self, row: int) -> list[Cell]:
        """Distinct cells covering a row, left to right."""
        seen: list[Cell] = []
        for column in range(self.n_columns):
            cell = self.cell_at(row, column)
            if cell is not None and all(cell is not s for s in seen):
                seen.append(cell)
        return seen


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


@dataclass(slots=True)
class Document:
    pages: int
    tables: list[Table]
    lines: list[TextLine]
    notices: list[Notice]
    text_pages: int = 0  # pages with at least one character
