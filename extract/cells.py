"""Put each character of a page into the table cell that contains it.

Characters outside every table become page text lines (titles, department names, notes).
Characters inside a table's outline but in no closed cell are never dropped: a part of the
outline that no border closes becomes a cell of its own when text is printed in it (notice
``open_cell``); what still fits no cell is kept as page lines (notice ``text_outside_cells``).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from .edge_text import keep_runs_past_edges
from .grid import GridCell, PageGrid
from .model import Cell, Char, Notice, PageContent, Table, TextLayout, TextLine
from .rotation import Frame, any_turned, upright_chars
from .settings import TableSettings
from .text import group_lines, join_lines, line_text, line_texts, normalize, numeric_joins


def _slot_owner(grid: PageGrid) -> dict[tuple[int, int], int]:
    owner: dict[tuple[int, int], int] = {}
    for index, cell in enumerate(grid.cells):
        for r in range(cell.row, cell.row + cell.rowspan):
            for c in range(cell.column, cell.column + cell.colspan):
                owner[(r, c)] = index
    return owner


def _spots(
    grid: PageGrid, owner: dict[tuple[int, int], int], per_cell: list[list[Char]]
) -> tuple[list[float], list[float], int, int, list[list[Char] | None] | None]:
    """What fill_tables asks of a grid for each character, worked out once: its row and
    column edges, last row and column, and each slot's list of characters (row by row), or
    None for a grid without rows or columns (the owner map then decides). Why: the slot
    was a tuple key hashed into the owner map, then the owner's list looked up, for each
    of the 440,000 characters in tables over the samples and real PDFs."""
    n_rows, n_columns = grid.n_rows, grid.n_columns
    slots: list[list[Char] | None] | None = None
    if n_rows >= 1 and n_columns >= 1:
        slots = [None] * (n_rows * n_columns)
        for (r, c), index in owner.items():
            if 0 <= r < n_rows and 0 <= c < n_columns:
                slots[r * n_columns + c] = per_cell[index]
    return grid.ys, grid.xs, n_rows - 1, n_columns - 1, slots


def page_lines(chars: list[Char], page: int, settings: TableSettings) -> list[TextLine]:
    """Text lines outside tables; a wide gap splits a line into separate phrases. Glyphs
    printed turned (a note up the margin) are read in their own frame, after the rest."""
    turns = {ch.turn for ch in chars}
    if turns == {0}:
        return _lines(chars, page, settings, None)
    out = _lines([ch for ch in chars if not ch.turn], page, settings, None)
    for turn in sorted(turns - {0}):
        reading, frame = upright_chars([ch for ch in chars if ch.turn == turn])
        out += _lines(reading, page, settings, frame)
    return out


def _lines(
    chars: list[Char], page: int, settings: TableSettings, frame: Frame | None
) -> list[TextLine]:
    out: list[TextLine] = []
    for line in group_lines(chars, settings.line_overlap):
        run: list[Char] = []
        for ch in line:
            if run and ch.x0 - run[-1].x1 > 3 * ch.em:
                out.append(_text_line(run, page, settings, frame))
                run = []
            run.append(ch)
        if run:
            out.append(_text_line(run, page, settings, frame))
    return [line for line in out if line.text]


def _text_line(
    chars: list[Char], page: int, settings: TableSettings, frame: Frame | None = None
) -> TextLine:
    bbox = (
        min(c.x0 for c in chars),
        min(c.top for c in chars),
        max(c.x1 for c in chars),
        max(c.bottom for c in chars),
    )
    if frame is not None:  # read turned: the box as printed on the page
        bbox = frame.to_page(bbox)
    return TextLine(page, normalize(line_text(chars, settings.word_gap)), bbox)


def _cell(
    g: GridCell,
    chars: list[Char],
    page: int,
    settings: TableSettings,
    notices: list[Notice],
    turned: bool = False,
) -> Cell:
    # One line grouping serves both the text (as chars_to_text does it) and the layout; on a
    # page with turned glyphs (``turned``), a cell printed turned is read in its own frame,
    # its layout (for stitching, which compares page positions) still in the page's.
    if not chars:  # what the steps below make of no glyph (15,800 of 67,600 cells)
        return Cell(g.row, g.column, g.rowspan, g.colspan, "", page, g.bbox)
    lines = group_lines(chars, settings.line_overlap)
    reading = upright_chars(chars)[0] if turned else chars
    if reading is not chars:
        texts = line_texts(group_lines(reading, settings.line_overlap), settings.word_gap)
    else:
        texts = line_texts(lines, settings.word_gap)
    # Not normalised again: lines already normalised join into normalised text (join_lines
    # adds a space only between two Latin letters or digits, never beside CJK), and a
    # second pass changed nothing, for each of the 69,000 cells of the samples and real PDFs.
    # One line (most cells): join_lines gives it as it is, normalised lines being stripped.
    text = texts[0] if len(texts) == 1 else join_lines(texts)
    cell = Cell(g.row, g.column, g.rowspan, g.colspan, text, page, g.bbox)
    pairs = numeric_joins(texts) if len(texts) > 1 else []
    if pairs:
        shown = "; ".join(f"{a} / {b}" for a, b in pairs)
        notices.append(
            Notice(
                "numbers_in_one_cell",
                f"a cell prints numbers on separate lines ({shown}); they were kept apart "
                f"by a space in its text: {text}",
                page,
                at=_centre(g.bbox),
            )
        )
    if chars:
        cell.n_lines = len(lines)
        # Lists, not generators, for max and min: the same values in the same order, without
        # resuming a generator per character.
        cell.layout = TextLayout(
            slack=g.bbox[3] - max([c.bottom for c in lines[-1]]),
            line_height=max([c.bottom - c.top for c in chars]),
            lead_room=min([c.x0 for c in chars]) - g.bbox[0],
            tail_room=g.bbox[2] - max([c.x1 for c in lines[-1]]),
        )
        read = [c.confidence for c in chars if c.confidence is not None]
        cell.confidence = min(read) if read else None
    return cell


def _spare_index(grid: PageGrid, ch: Char) -> int | None:
    for index, spare in enumerate(grid.spare):
        x0, top, x1, bottom = spare.bbox
        if x0 <= ch.cx <= x1 and top <= ch.cy <= bottom:
            return index
    return None


def _place_spare(
    grid: PageGrid, spare: GridCell, taken: dict[tuple[int, int], int]
) -> GridCell | None:
    """The spare piece in the grid's (compacted) rows and columns, unless it would cover a
    slot that already has a cell."""
    x0, top, x1, bottom = spare.bbox
    eps = 0.01
    r0 = max(bisect_right(grid.ys, top + eps) - 1, 0)
    r1 = min(bisect_left(grid.ys, bottom - eps), grid.n_rows)
    c0 = max(bisect_right(grid.xs, x0 + eps) - 1, 0)
    c1 = min(bisect_left(grid.xs, x1 - eps), grid.n_columns)
    slots = [(r, c) for r in range(r0, r1) for c in range(c0, c1)]
    if not slots or any(slot in taken for slot in slots):
        return None
    return GridCell(r0, c0, r1 - r0, c1 - c0, (grid.xs[c0], grid.ys[r0], grid.xs[c1], grid.ys[r1]))


def fill_tables(
    content: PageContent, grids: list[PageGrid], settings: TableSettings
) -> tuple[list[Table], list[TextLine], list[Notice]]:
    owners = [_slot_owner(grid) for grid in grids]
    per_cell: list[list[list[Char]]] = [[[] for _ in grid.cells] for grid in grids]
    per_spare: list[list[list[Char]]] = [[[] for _ in grid.spare] for grid in grids]
    outside: list[Char] = []
    stray: list[Char] = []
    if not grids:
        return [], page_lines(list(content.chars), content.number, settings), []
    # What the loop asks of each grid for every character, worked out once per grid
    # (bbox, n_rows and n_columns are properties: a tuple and two subtractions per
    # character and grid, a tenth of this function).
    boxes = [grid.bbox for grid in grids]
    areas = [(x1 - x0) * (bottom - top) for x0, top, x1, bottom in boxes]
    spots = [
        _spots(grid, owner, cells)
        for grid, owner, cells in zip(grids, owners, per_cell, strict=True)
    ]
    # One table on the page (most pages with a table): its box alone, without the search
    (only_x0, only_top, only_x1, only_bottom), *_ = boxes
    only = len(boxes) == 1
    for ch in content.chars:
        # the centre once per character (Char.cx/cy are properties): the same values
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        index: int | None = None
        if only:
            if only_x0 <= cx <= only_x1 and only_top <= cy <= only_bottom:
                index = 0
        else:
            # The innermost table holding the centre: a table drawn inside another's cell (a
            # rate table inside a 保险责任 cell) keeps its own text; the first of equal areas.
            best_area = 0.0
            for i, (x0, top, x1, bottom) in enumerate(boxes):
                if (
                    x0 <= cx <= x1
                    and top <= cy <= bottom
                    and (index is None or areas[i] < best_area)
                ):
                    index, best_area = i, areas[i]
        if index is None:
            outside.append(ch)
            continue
        ys, xs, last_row, last_column, slots = spots[index]
        # min(max(i, 0), last) as two tests: four calls a character were a fifth of this loop
        r = bisect_right(ys, cy) - 1
        if r < 0:
            r = 0
        if r > last_row:
            r = last_row
        c = bisect_right(xs, cx) - 1
        if c < 0:
            c = 0
        if c > last_column:
            c = last_column
        if slots is not None:
            held = slots[r * (last_column + 1) + c]
        else:
            owner = owners[index].get((r, c))
            held = None if owner is None else per_cell[index][owner]
        if held is not None:
            held.append(ch)
            continue
        spare = _spare_index(grids[index], ch)
        if spare is None:
            stray.append(ch)
        else:
            per_spare[index][spare].append(ch)

    notices: list[Notice] = []
    for grid, chars_by_cell, chars_by_spare in zip(grids, per_cell, per_spare, strict=True):
        outside, found = keep_runs_past_edges(
            grid, [*chars_by_cell, *chars_by_spare], outside, content.number, settings
        )
        notices += found
    tables: list[Table] = []
    turned = any_turned(content.chars)
    for index, (grid, chars_by_cell) in enumerate(zip(grids, per_cell, strict=True)):
        cells = [
            _cell(g, chars, content.number, settings, notices, turned)
            for g, chars in zip(grid.cells, chars_by_cell, strict=True)
        ]
        taken = owners[index]
        for spare, chars in zip(grid.spare, per_spare[index], strict=True):
            if not chars:
                continue
            placed = _place_spare(grid, spare, taken)
            if placed is None:
                stray.extend(chars)
                continue
            cell = _cell(placed, chars, content.number, settings, notices, turned)
            for r in range(placed.row, placed.row + placed.rowspan):
                for c in range(placed.column, placed.column + placed.colspan):
                    taken[(r, c)] = -1
            cells.append(cell)
            notices.append(
                Notice(
                    "open_cell",
                    f"text in a part of the table outline that no border closes was kept "
                    f"as a cell at row {placed.row}, column {placed.column}: {cell.text}",
                    content.number,
                    at=_centre(cell.bbox),
                )
            )
        cells.sort(key=lambda cell: (cell.row, cell.column))
        tables.append(
            Table(
                pages=[content.number],
                n_rows=grid.n_rows,
                n_columns=grid.n_columns,
                cells=cells,
                bbox=grid.bbox,
                row_pages=[content.number] * grid.n_rows,
                column_edges=list(grid.xs),
                row_edges=list(grid.ys),
            )
        )
    lines = page_lines(outside, content.number, settings)
    if stray:
        stray_lines = page_lines(stray, content.number, settings)
        lines.extend(stray_lines)
        lines.sort(key=lambda line: (line.bbox[1], line.bbox[0]))
        notices.append(
            Notice(
                "text_outside_cells",
                "text inside a table outline but in no closed cell was kept as page text: "
                + " / ".join(line.text for line in stray_lines),
                content.number,
                at=_centre(stray_lines[0].bbox),
            )
        )
    return tables, lines, notices


def _centre(bbox: tuple[float, float, float, float]) -> tuple[float, float]:
    return (bbox[0] + bbox[2]) / 2, (bbox[1] + bbox[3]) / 2
