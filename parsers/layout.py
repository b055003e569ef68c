"""What a report layout is, and the generic walk from a stitched table to records.

A layout module describes its sections (which header roles identify a section, and the
synonyms for each column role); :func:`table_rows` finds header rows anywhere in a table —
tables may be fused or split differently by different producers — and yields, for every body
row, the text of the cell covering each role's column. Merged cells therefore give every
row they span the same value (the forward fill analysts would do by hand).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from ..extract.model import Cell, Table
from .headers import match_role

_T = TypeVar("_T")

#: Answers about a table that the layouts ask again and again while one document is parsed
#: (every layout's detector and reader splits the document into forms, and each split asks
#: every table for its first indicator header row: 12 scans of every row of every table),
#: by (question, id(table)). Each entry holds the table and its cell list, so an id is
#: never reused while its entry stands and a table given other cells is asked afresh.
#: :func:`forget_tables` empties it when a document's parse ends (the generic reader,
#: ``indicator_table.read_tables``, is the parse's last step), so no document's tables
#: outlive their parse here.
_TABLE_MEMO: dict[tuple[Hashable, int], tuple[Table, list[Cell], int, Any]] = {}


def table_memo(question: Hashable, table: Table, answer: Callable[[Table], _T]) -> _T:
    """``answer(table)``, remembered for the rest of the document's parse (the answer must
    depend on nothing but the table's cells and ``question``, and must not be changed by
    its callers)."""
    key = (question, id(table))
    held = _TABLE_MEMO.get(key)
    cells = table.cells
    if held is not None and held[0] is table and held[1] is cells and held[2] == len(cells):
        return held[3]  # type: ignore[no-any-return]
    value = answer(table)
    _TABLE_MEMO[key] = (table, cells, len(cells), value)
    return value


def forget_tables() -> None:
    """End of a document's parse: let :func:`table_memo` drop its tables."""
    _TABLE_MEMO.clear()


@dataclass(frozen=True, slots=True)
class SectionSpec:
    id: str
    # Roles in matching priority order: (role, synonyms). The first match wins per cell.
    roles: tuple[tuple[str, tuple[str, ...]], ...]
    # Roles that must all be present in a header row for it to start this section.
    required: frozenset[str]


@dataclass(slots=True)
class BodyRow:
    section: str
    row: int
    cells: dict[str, Cell]  # role → covering cell
    pages: list[int] = field(default_factory=list)

    def text(self, role: str) -> str | None:
        cell = self.cells.get(role)
        return cell.text if cell is not None and cell.text else None


@dataclass(slots=True)
class NoteRow:
    """A body row that is not a record (one cell across the table: totals, footers)."""

    row: int
    text: str
    page: int


def header_roles(
    table: Table, row: int, spec: SectionSpec, cells: list[Cell] | None = None
) -> dict[str, int] | None:
    """Column index per role when ``row`` is a header row of ``spec``'s section.
    ``cells``: the row's cells (``table.row_cells(row)``) when the caller has them."""
    if row not in header_candidates(table, spec):
        return None
    roles: dict[str, int] = {}
    for cell in table.row_cells(row) if cells is None else cells:
        role = match_role(cell.text, spec.roles)
        if role is not None and role not in roles:
            roles[role] = cell.column
    return roles if spec.required <= roles.keys() else None


def header_candidates(table: Table, spec: SectionSpec) -> _AllRows | frozenset[int]:
    """Rows that may be header rows of ``spec``'s section: those covered by cells naming
    every required role (all rows when none is required). Remembered for the parse
    (:func:`table_memo`).

    Why: the layouts ask :func:`header_roles` of every row of every table (the detectors,
    each split into forms, the column-form test), and each answer looked up every column's
    cell and matched its text, while a table has a header row or two. One pass over the
    table's cells rules out the other rows, with the same answers: the cells of a header
    row name every required role and cover the row, so the row is among these.
    """
    if not spec.required:
        return _ALL_ROWS
    held = table_memo(
        ("header_candidates", id(spec)), table, lambda t: (spec, _candidates(t, spec))
    )
    if held[0] is not spec:  # a spec made since, at a reused id: not remembered
        return _candidates(table, spec)
    return held[1]


def _candidates(table: Table, spec: SectionSpec) -> frozenset[int]:
    named: dict[int, set[str]] = {}
    for cell in table.cells:
        role = match_role(cell.text, spec.roles)
        if role in spec.required:
            for row in range(cell.row, cell.row + cell.rowspan):
                named.setdefault(row, set()).add(role)
    need = len(spec.required)
    return frozenset(row for row, roles in named.items() if len(roles) == need)


class _AllRows:
    """Every row (``in`` is always true): a section that requires no role."""

    def __contains__(self, row: object) -> bool:
        return True


_ALL_ROWS = _AllRows()


def table_rows(table: Table, sections: Sequence[SectionSpec]) -> Iterator[BodyRow | NoteRow]:
    """Body rows of every section found in the table, in document order."""
    current: SectionSpec | None = None
    columns: dict[str, int] = {}
    for row in range(table.n_rows):
        # Before the first header, a row no section may head is passed over unread.
        if current is None and all(row not in header_candidates(table, s) for s in sections):
            continue
        # Looked up once per row, not once per section and again for the body: detectors
        # walk every row of every table, and each lookup asks cell_at of every column.
        cells = table.row_cells(row)
        found = None
        for spec in sections:
            roles = header_roles(table, row, spec, cells)
            if roles is not None:
                found = (spec, roles)
                break
        if found is not None:
            current, columns = found
            continue
        if current is None:
            continue
        own = [c for c in cells if c.row == row]
        if len(own) == 1 and own[0].colspan >= table.n_columns - 1:
            yield NoteRow(row, own[0].text, own[0].page)
            continue
        covering: dict[str, Cell] = {}
        for role, column in columns.items():
            cell = table.cell_at(row, column)
            if cell is not None:
                covering[role] = cell
        yield BodyRow(current.id, row, covering, _row_pages(table, row, own))


def _row_pages(table: Table, row: int, own: list[Cell]) -> list[int]:
    pages = {table.row_pages[row]} if row < len(table.row_pages) else set()
    for cell in own:
        if cell.rowspan > 1:
            continue  # a merged cell's pages belong to the rows it spans, not to this one
        pages.update(range(cell.page, (cell.end_page or cell.page) + 1))
    return sorted(pages)
