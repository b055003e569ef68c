"""Spreadsheets printed in vertical strips: the 一级/二级指标 columns of a wide sheet on one
page, its 三级指标 / 目标值 columns on a later one, its 指标解释 column on a later one still
(LibreOffice and Excel print a sheet too wide for the paper column block by column block,
Shenzhen's 二级项目支出绩效目标申报表).

The strips share the sheet's rows, so an indicator table without level columns takes them
from a level strip printed just before it — only when both have exactly as many rows, and
with a warning, because the join is by row order, not by anything printed in the row.

A strip printed after the table (its right-hand columns) is found by geometry instead: the
printer repeats the row heights on every strip, so it is a table at the same left margin on
a later page whose rows lie at the heights of the table's header and body rows, one for one,
under a header of its own that names none of the table's columns. Where the table goes on
to another page, the strip goes on the same number of pages further; a strip continued
without any rule on that page (a sheet's right-hand block has no left border there) is read
from the text printed in the rows' positions. Every such join is said in a warning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from ..extract.model import Cell, Document, Notice, Table
from .forms import label_key
from .headers import Roles, match_role
from .result import RecordData
from .synonyms import RECORD_FIELDS

_PAGES_BACK = 3  # how far before the indicator table its level strip may be printed
_GOAL_LABELS = ("年度目标", "年度绩效目标", "当年绩效目标")
_PAGES_AWAY = 3  # how many pages from a table's page another strip of its rows may print
_SHOWN = 12  # header characters a warning quotes
_ALIGN = 2.0  # points: one sheet row printed on two strips lies at the same heights


def _level_header(table: Table, roles: Roles) -> tuple[int, int, int] | None:
    """(row, 一级指标 column, 二级指标 column) of a strip that names levels but no indicator."""
    for row in range(table.n_rows):
        found: dict[str, int] = {}
        for cell in table.row_cells(row):
            role = match_role(cell.text, roles)
            if role is not None:
                found.setdefault(role, cell.column)
        if {"level1", "level2"} <= found.keys() and not {"indicator", "target"} & found.keys():
            return row, found["level1"], found["level2"]
    return None


def _strip_rows(tables: Sequence[Table], start: int, roles: Roles) -> tuple[list, str | None]:
    """The strip's (一级, 二级, page printed on) per sheet row, continued on the next page's
    narrow table, and the 年度目标 printed above it."""
    table = tables[start]
    found = _level_header(table, roles)
    if found is None:
        return [], None
    header, col1, col2 = found
    goal = None
    for row in range(header):
        cells = table.row_cells(row)
        for index, cell in enumerate(cells[:-1]):
            if label_key(cell.text) in _GOAL_LABELS and cells[index + 1].text:
                goal = cells[index + 1].text
    levels: list[tuple[str, str, int]] = []
    pieces = [(table, header + 1, col1, col2)]
    if start + 1 < len(tables):
        after = tables[start + 1]
        if after.pages[0] == table.pages[-1] + 1 and after.n_columns == 2:
            pieces.append((after, 0, 0, 1))
    last1 = ""
    for piece, first, c1, c2 in pieces:
        for row in range(first, piece.n_rows):
            one, two = piece.cell_at(row, c1), piece.cell_at(row, c2)
            level1 = (one.text if one is not None else "") or last1
            last1 = level1
            page = piece.row_pages[row] if row < len(piece.row_pages) else piece.pages[0]
            levels.append((level1, two.text if two is not None else "", page))
    return levels, goal


def join_levels(
    doc: Document, table: Table, records: list[RecordData], roles: Roles
) -> list[Notice]:
    """Give ``records`` (one per body row of ``table``, in order) the levels and goal of the
    level strip printed before the table, when its row count matches."""
    if not records or any(r.level1 or r.level2 for r in records):
        return []
    index = next(i for i, t in enumerate(doc.tables) if t is table)
    for start in range(index - 1, -1, -1):
        strip = doc.tables[start]
        if strip.pages[0] < table.pages[0] - _PAGES_BACK:
            break
        levels, goal = _strip_rows(doc.tables, start, roles)
        if not levels:
            continue
        if len(levels) != len(records):
            return []
        for record, (level1, level2, page) in zip(records, levels, strict=True):
            record.level1, record.level2 = level1 or None, level2 or None
            record.goal = record.goal or goal
            record.pages = sorted({*record.pages, page})  # where its levels are printed
        return [
            Notice(
                "columns_joined_by_row_order",
                f"一级/二级指标 printed on page {strip.pages[0]} (a strip of the same sheet) "
                f"joined to the indicators of page {table.pages[0]} row by row",
                table.pages[0],
            )
        ]
    return []


# ------------------------------------------------------------------ joined by row position


@dataclass(frozen=True, slots=True)
class _Band:
    """Where a sheet row is printed: its page and the top and bottom of its cells."""

    page: int
    top: float
    bottom: float

    def meets(self, other: _Band) -> bool:
        return abs(self.top - other.top) <= _ALIGN and abs(self.bottom - other.bottom) <= _ALIGN


@dataclass(frozen=True, slots=True)
class _Column:
    left: float
    right: float
    header: str

    def holds(self, box: tuple[float, float, float, float]) -> bool:
        return self.left - 1 <= (box[0] + box[2]) / 2 <= self.right + 1


def _band(table: Table, row: int) -> _Band | None:
    """The row's band on the page it starts on, from its one-row cells (merged cells and
    cells re-joined over a page break say nothing about one row's height)."""
    if row >= len(table.row_pages):
        return None
    page = table.row_pages[row]
    own = [
        c
        for c in table.cells
        if c.row == row and c.rowspan == 1 and c.page == page and c.end_page is None
    ]
    if not own:
        return None
    return _Band(page, min(c.bbox[1] for c in own), max(c.bbox[3] for c in own))


def _page_rows(doc: Document, page: int, left: float) -> list[tuple[_Band, Table, int]]:
    """Every table row printed on ``page`` in a table that starts at ``left``."""
    rows = []
    for table in doc.tables:
        if page not in table.pages or abs(table.bbox[0] - left) > _ALIGN:
            continue
        for row in range(table.n_rows):
            band = _band(table, row)
            if band is not None and band.page == page:
                rows.append((band, table, row))
    return rows


def _at(rows: list[tuple[_Band, Table, int]], band: _Band) -> tuple[Table, int] | None:
    found = [(table, row) for b, table, row in rows if b.meets(band)]
    return found[0] if len(found) == 1 else None


def _strip_header(
    doc: Document, table: Table, header_row: int, body: list[_Band], roles: Roles, before: bool
) -> tuple[int, list[_Column]] | None:
    """(page, columns) of the strip holding the header and body rows of ``table`` printed
    on the header's page: the nearest later (``before``: earlier) page with a table at the
    same left margin whose rows lie at those heights, one for one and none below them."""
    header = _band(table, header_row)
    if header is None:
        return None
    left = table.bbox[0]
    named = {match_role(c.text, roles) for c in table.row_cells(header_row)}
    step = -1 if before else 1
    for page in range(header.page + step, header.page + step * (_PAGES_AWAY + 1), step):
        if page < 1:
            break
        rows = _page_rows(doc, page, left)
        top = _at(rows, header)
        if top is None or top[0] is table:
            continue
        strip, first = top
        matched = [_at(rows, b) for b in body]
        if any(m is None or m[0] is not strip for m in matched):
            continue
        # Rows above the header may be the sheet's label rows; none may lie between the
        # table's rows or below them, where the table prints none.
        after = [r for b, t, r in rows if t is strip and b.top >= header.top - _ALIGN]
        if len(after) != len(body) + 1:
            continue
        cells = [c for c in strip.row_cells(first) if c.page == page]
        columns = [_Column(c.bbox[0], c.bbox[2], c.text) for c in cells]
        found = {match_role(c.header, roles) for c in columns}
        if not any(c.header for c in columns) or (found - {None}) & (named | {"indicator"}):
            continue  # no header of its own, or the table's own header printed again
        return page, columns
    return None


def _texts(cells: Sequence[Cell], columns: list[_Column]) -> list[tuple[str, Cell | None]]:
    out: list[tuple[str, Cell | None]] = []
    for column in columns:
        inside = [c for c in cells if column.holds(c.bbox)]
        out.append(("".join(c.text for c in inside), inside[0] if len(inside) == 1 else None))
    return out


def _continued(
    doc: Document, page: int, left: float, bands: list[_Band], columns: list[_Column]
) -> tuple[list[list[tuple[str, Cell | None]]], bool] | None:
    """The strip's values for rows printed on ``page``: from the table rows at their
    heights, or, when no table is printed there at all, from the text lines in each row's
    band and column (True: read from text positions)."""
    rows = _page_rows(doc, page, left)
    matched = [_at(rows, b) for b in bands]
    if all(m is not None for m in matched):
        return [
            _texts([c for c in t.row_cells(r) if c.page == page], columns)
            for t, r in (m for m in matched if m is not None)
        ], False
    top, bottom = bands[0].top - _ALIGN, bands[-1].bottom + _ALIGN
    if any(
        cell.page == page and cell.bbox[1] < bottom and cell.bbox[3] > top
        for t in doc.tables
        if page in t.pages
        for cell in t.cells
    ):
        return None  # a table is printed there, but not at these rows' heights
    values = []
    for band in bands:
        lines = [
            ln
            for ln in doc.lines
            if ln.page == page and band.top <= (ln.bbox[1] + ln.bbox[3]) / 2 <= band.bottom
        ]
        lines.sort(key=lambda ln: (ln.bbox[1], ln.bbox[0]))
        values.append(
            [
                ("".join(ln.text for ln in lines if column.holds(ln.bbox)), None)
                for column in columns
            ]
        )
    return values, True


def join_strips(
    doc: Document,
    table: Table,
    rows: range,
    records: list[RecordData],
    roles: Roles,
    *,
    before: bool = False,
) -> list[Notice]:
    """Give ``records`` (read from ``rows``, the body of ``table`` under the header row just
    above them) the columns of the strip of the same sheet printed after the table
    (``before``: before it): a column whose header names a record field fills that field
    when the table left it empty, any other goes to ``extra`` under its printed header.
    Nothing is joined unless every body row, printed blank or not, finds its place in the
    strip: the rows are what ties the strips together, so a count or a height that differs
    means another table."""
    header_row = rows.start - 1
    header = _band(table, header_row)
    if header is None or not records or not rows:
        return []
    bands = [_band(table, row) for row in rows]
    if any(b is None for b in bands):
        return []
    by_row = dict(zip(rows, (b for b in bands if b is not None), strict=True))
    first = [by_row[r] for r in rows if by_row[r].page == header.page]
    if not first:
        return []
    found = _strip_header(doc, table, header_row, first, roles, before)
    if found is None:
        return []
    page, columns = found
    values: dict[int, list[tuple[str, Cell | None]]] = {}
    guessed: list[int] = []
    for own_page in sorted({b.page for b in by_row.values()}):
        on_page = [r for r in rows if by_row[r].page == own_page]
        read = _continued(
            doc,
            page + own_page - header.page,
            table.bbox[0],
            [by_row[r] for r in on_page],
            columns,
        )
        if read is None:
            return []
        texts, from_lines = read
        values.update(zip(on_page, texts, strict=True))
        if from_lines and any(t for row in texts for t, _ in row):
            guessed.append(page + own_page - header.page)
    for record in records:
        if record.origin is None or record.origin[1] not in values:
            continue
        for column, (text, cell) in zip(columns, values[record.origin[1]], strict=True):
            _put(record, column, text, cell, roles)
        record.pages = sorted({*record.pages, page + by_row[record.origin[1]].page - header.page})
    # The header as printed, cut short: text overflowing from the row below can run into it.
    named = ", ".join(c.header[:_SHOWN] for c in columns if c.header)
    notices = [
        Notice(
            "columns_joined_by_row_position",
            f"{named} printed on page {page} (a strip of the same sheet, its rows at the same "
            f"heights) joined to the rows of page {header.page} by row position",
            header.page,
        )
    ]
    notices += [
        Notice(
            "columns_joined_by_row_position",
            f"{named} on page {p} read from the text printed at the heights of the table's "
            "rows (no table rules found there)",
            p,
        )
        for p in guessed
    ]
    return notices


def _put(record: RecordData, column: _Column, text: str, cell: Cell | None, roles: Roles) -> None:
    """A field the table itself filled keeps its value; the strip's text then goes to
    ``extra`` with the rest, so nothing printed in the strip is dropped."""
    if not text:
        return
    role = match_role(column.header, roles)
    if role in RECORD_FIELDS and not getattr(record, role):
        setattr(record, role, text)
        if cell is not None:
            record.cells[role] = [cell]
    else:
        record.extra[column.header or "column"] = text


# ------------------------------------------------------------------ label rows over strips


def sheet_labels(doc: Document, table: Table, header_row: int) -> tuple[Table, list[int]] | None:
    """The sheet's label rows printed above ``table``'s header, joined over its strips: one
    table whose rows are those rows with the cells of every strip printing rows at the same
    heights (one for one) appended in page order, so a label on one strip meets its value on
    the next (Shenzhen: 项目名称： ends page 3, its value starts page 5). With the pages
    joined; None when the page prints no label rows above the header or no strip matches."""
    header = _band(table, header_row)
    if header is None:
        return None
    left, page = table.bbox[0], header.page
    own = [
        (band, t, row)
        for band, t, row in _page_rows(doc, page, left)
        if band.bottom <= header.top + _ALIGN and not (t is table and row >= header_row)
    ]
    if not own:
        return None
    own.sort(key=lambda found: found[0].top)
    bands = [band for band, _, _ in own]
    rows: list[list[Cell]] = [
        [c for c in t.row_cells(row) if c.page == page and c.row == row] for _, t, row in own
    ]
    # A row of one cell across the table (a caption) need not be printed on the other
    # strips: the sheet's title is ruled as a row on one strip only.
    across = [
        len(row) == 1 and row[0].colspan == t.n_columns
        for row, (_, t, _) in zip(rows, own, strict=True)
    ]
    pages = [page]
    for other in range(page - _PAGES_AWAY, page + _PAGES_AWAY + 1):
        if other == page or other < 1:
            continue
        printed = _page_rows(doc, other, left)
        matched = [_at(printed, band) for band in bands]
        missing = [m is None and not a for m, a in zip(matched, across, strict=True)]
        if any(missing) or not any(matched):
            continue
        pages.append(other)
        for index, found in enumerate(matched):
            if found is None:
                continue
            t, row = found
            more = [c for c in t.row_cells(row) if c.page == other and c.row == row]
            rows[index] = rows[index] + more if other > page else more + rows[index]
    if len(pages) == 1:
        return None
    cells = [
        replace(cell, row=r, column=c, rowspan=1, colspan=1)
        for r, row in enumerate(rows)
        for c, cell in enumerate(row)
    ]
    width = max(3, *(len(row) for row in rows))  # a two-cell row is no heading across
    return Table(sorted(pages), len(rows), width, cells, table.bbox), sorted(pages)
