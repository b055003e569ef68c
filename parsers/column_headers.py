"""Header rows of column-form indicator tables, and what each column holds.

A header row is found by the roles its cells name (:mod:`.synonyms`), wherever it is in a
table: tables may be fused or split differently by different producers, repeat their header
on every page, or sit under a few label rows (项目名称 | …, 部门名称 | …) that say whose grid
it is. A two-row header (其中： over 财政资金 | 其他资金) is read at its lowest row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..extract.model import Cell, Document, Table
from .amount import unit_in
from .forms import label_key
from .headers import Roles, match_role
from .layout import table_memo
from .synonyms import CONTEXT_FUNDS, CONTEXT_LABELS, ROLE_SYNONYMS

LAYOUT_GENERIC = "indicator_table"
LAYOUT_PROJECT = "project_indicator_table"
LAYOUT_DEPT = "dept_indicator_table"
LAYOUT_TEXT = "indicator_text"
LAYOUT_IDS = (LAYOUT_PROJECT, LAYOUT_DEPT, LAYOUT_TEXT, LAYOUT_GENERIC)

# A header row names an indicator column and at least one of these beside it.
_COMPANIONS = frozenset({"target", "level1", "level2", "nature", "project", "unit"})
_NOTE = re.compile(r"[（(][^（）()]*[）)]")
_UNIT_ABOVE = 90.0  # points above a table's top where its 单位：万元 line may be printed


@dataclass(slots=True)
class Header:
    table: Table
    row: int  # the last header row; body rows follow it
    columns: dict[str, int]  # role → column
    printed: dict[int, str]  # column → header as printed (its lowest header cell)
    context: dict[str, str] = field(default_factory=dict)  # labels above the grid
    # money labels above the grid: printed label → (fund item, printed amount)
    context_funds: dict[str, tuple[str, str]] = field(default_factory=dict)
    unit: str | None = None  # money unit printed with the table
    inherited: bool = False  # columns taken from the previous page's header
    top: int = -1  # first row of the header block (two-row headers start above ``row``)
    repeated: bool = False  # the previous page's header printed again: the table goes on
    family: str | None = None  # layout of the table this one continues
    lost: tuple[str, ...] = ()  # roles of the continued table with no cells on this page

    @property
    def layout(self) -> str:
        if self.family is not None:
            return self.family
        if "project" in self.columns or "project" in self.context:
            return LAYOUT_PROJECT
        if "department" in self.columns or "department" in self.context:
            return LAYOUT_DEPT
        return LAYOUT_GENERIC

    @property
    def indicator_column(self) -> int:
        return self.columns.get("indicator", self.columns.get("indicator_group", -1))


def side_label(cell: Cell, row: int) -> bool:
    """A cell that also covers body rows (绩效指标 down the left side) is no column header."""
    return cell.row + cell.rowspan - 1 > row


def row_roles(table: Table, row: int, roles: Roles) -> dict[str, int]:
    found: dict[str, int] = {}
    for cell in table.row_cells(row):
        if side_label(cell, row):
            continue
        role = match_role(cell.text, roles)
        if role is not None and role not in found:
            found[role] = cell.column
    if "indicator" in found:
        found.pop("indicator_group", None)
    return found


_INDICATOR_ROLES = frozenset({"indicator", "indicator_group"})


def _is_header(found: dict[str, int]) -> bool:
    return bool(found.keys() & _INDICATOR_ROLES) and bool(found.keys() & _COMPANIONS)


def _named_cells(table: Table, row: int, roles: Roles) -> int:
    return sum(1 for c in table.row_cells(row) if match_role(c.text, roles) is not None)


def _block_top(table: Table, row: int, roles: Roles) -> int:
    """First row of the header block ending at ``row``: rows above it that name roles in at
    least two cells (项目名称 | 项目总额 | 其中： over 财政资金 | 其他资金)."""
    top = row
    while top > 0 and _named_cells(table, top - 1, roles) >= 2:
        top -= 1
    return top


def _printed(table: Table, row: int) -> dict[int, str]:
    """Each column's header as printed: the lowest header cell over it (财政资金 under 其中：,
    备注 under 绩效指标), as the truth files and analysts name a column."""
    out: dict[int, str] = {}
    for column in range(table.n_columns):
        cell = table.cell_at(row, column)
        out[column] = cell.text if cell is not None else ""
    return out


def label_context(
    table: Table, before: int, roles: Roles
) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Project, department and goal from label-value rows above the grid, and the money
    those rows print (当年预算 | 12,700.00): printed label → (fund item, printed amount).

    ``roles`` carries the user's own wording (``--synonyms``): a fund word names a money
    label here as it names a money column, and a word the user gives the project, code,
    department or goal names that label. The package's column synonyms for those four stay
    out: column headers such as 绩效目标 are no label of a value beside them."""
    lookup = {label_key(s): role for role, words in CONTEXT_LABELS.items() for s in words}
    lookup |= {
        label_key(s): role
        for role, words in roles
        if role in CONTEXT_LABELS
        for s in words
        if s not in ROLE_SYNONYMS[role]
    }
    money = {label_key(s): item for item, words in CONTEXT_FUNDS.items() for s in words}
    money |= {
        label_key(s): role.removeprefix("fund.")
        for role, words in roles
        if role.startswith("fund.")
        for s in words
    }
    found: dict[str, str] = {}
    funds: dict[str, tuple[str, str]] = {}
    for row in range(before):
        for cell in table.row_cells(row):
            if cell.row != row:
                continue
            key = label_key(cell.text)
            role = lookup.get(key)
            # a money label may carry a note in brackets: 项目总金额（中期规划，万元）
            item = money.get(key) or money.get(label_key(_NOTE.sub("", cell.text)))
            item = item if role is None else None
            if (role is None or role in found) and (item is None or cell.text in funds):
                continue
            if cell.colspan >= table.n_columns - 1:  # a heading across: its text is below
                below = cell.row + cell.rowspan
                value = table.cell_at(below, cell.column) if below < before else None
            else:
                value = table.cell_at(row, cell.column + cell.colspan)
            if value is None or not value.text:
                continue
            if role is not None:
                if lookup.get(label_key(value.text)) is None:
                    found[role] = value.text
            elif label_key(value.text) not in money:
                funds[cell.text] = (item, value.text)
    return found, funds


def _table_unit(doc: Document, table: Table, row: int) -> str | None:
    """The money unit the table prints: in a header cell (项目总额（万元）), a 单位：万元 line
    just above the table, or a 单位：万元 cell in its first rows. None when it prints none."""
    for cell in table.cells:
        if cell.row <= row and (unit := unit_in(cell.text)):
            return unit
    page, (left, top, right, _) = table.pages[0], table.bbox
    for line in doc.lines:
        # Above the table and within its width: a 单位 line beside it, or off the visible
        # page (text a producer left outside the crop box), is not the table's.
        near = line.page == page and top - _UNIT_ABOVE <= line.bbox[3] <= top + 1
        near = near and line.bbox[0] < right and line.bbox[2] > left
        if near and "单位" in line.text and (unit := unit_in(line.text.replace(" ", ""))):
            return unit
    return None


def _header_rows(table: Table, roles: Roles) -> tuple[int, ...]:
    """Rows that head columns. Remembered for the parse (:func:`~.layout.table_memo`):
    :func:`is_column_form` asks it of every table, and the generic reader again of each
    table no layout read.

    Only rows where a cell naming the indicator column ends are read: a header row names
    it in a cell that covers the row and is no side label, so ends there. Reading every
    row's cells was most of the column-form test (1.1 s of the samples and real PDFs under
    cProfile), run on every table whether it has a column form or not.
    """
    ends = {
        cell.row + cell.rowspan - 1
        for cell in table.cells
        if match_role(cell.text, roles) in _INDICATOR_ROLES
    }
    rows = sorted(r for r in ends if 0 <= r < table.n_rows)
    return tuple(r for r in rows if _is_header(row_roles(table, r, roles)))


def find_headers(doc: Document, table: Table, roles: Roles) -> list[Header]:
    """Header rows of the table; of consecutive ones (a two-row header) the last."""
    try:
        rows = list(table_memo(("header_rows", roles), table, lambda t: _header_rows(t, roles)))
    except TypeError:  # roles given as lists: not hashable, not remembered
        rows = list(_header_rows(table, roles))
    last = [r for r in rows if r + 1 not in rows]
    headers: list[Header] = []
    for row in last:
        printed = _printed(table, row)
        first = _block_top(table, row, roles)
        # Label rows above the grid belong to the first header only; later ones repeat it.
        context: dict[str, str] = {}
        funds: dict[str, tuple[str, str]] = {}
        if first > 0 and not headers:
            context, funds = label_context(table, first, roles)
        if headers and not context:
            context = headers[-1].context
        headers.append(
            Header(
                table=table,
                row=row,
                columns=row_roles(table, row, roles),
                printed=printed,
                context=context,
                context_funds=funds,
                unit=_table_unit(doc, table, row),
                top=first,
            )
        )
    return headers


# Header roles that make a table a column table rather than a form's grid: the project,
# department or goal in a column beside the indicators, or a second value column (实施周期
# 指标值 beside 年度指标值) that form grids have no field for.
_COLUMN_FORM_ROLES = frozenset({"project", "code", "department", "goal", "period_target"})


def is_column_form(doc: Document, table: Table, roles: Roles) -> bool:
    """An indicator table in column form, kept from the form layouts (they would take the
    项目总额 header for a project's name, or drop the columns their grid does not know)."""
    return any(_COLUMN_FORM_ROLES & h.columns.keys() for h in find_headers(doc, table, roles))
