"""Spreadsheets printed in vertical strips: the 一级/二级指标 columns of a wide sheet on one
page, its 三级指标 / 目标值 columns on a later one (LibreOffice and Excel print a sheet too
wide for the paper column block by column block, Shenzhen's 二级项目支出绩效目标申报表).

The strips share the sheet's rows, so an indicator table without level columns takes them
from a level strip printed just before it — only when both have exactly as many rows, and
with a warning, because the join is by row order, not by anything printed in the row.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..extract.model import Document, Notice, Table
from .forms import label_key
from .headers import Roles, match_role
from .result import RecordData

_PAGES_BACK = 3  # how far before the indicator table its level strip may be printed
_GOAL_LABELS = ("年度目标", "年度绩效目标", "当年绩效目标")


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
    """The strip's (一级, 二级) per sheet row, continued on the next page's narrow table, and
    the 年度目标 printed above it."""
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
    levels: list[tuple[str, str]] = []
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
            levels.append((level1, two.text if two is not None else ""))
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
        for record, (level1, level2) in zip(records, levels, strict=True):
            record.level1, record.level2 = level1 or None, level2 or None
            record.goal = record.goal or goal
        return [
            Notice(
                "columns_joined_by_row_order",
                f"一级/二级指标 printed on page {strip.pages[0]} (a strip of the same sheet) "
                f"joined to the indicators of page {table.pages[0]} row by row",
                table.pages[0],
            )
        ]
    return []
