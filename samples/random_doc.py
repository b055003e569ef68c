"""The seed report as a producer-neutral grid, and what a parse of any rendering must give.

``random_render.py`` draws this model with randomly chosen producers and page geometry; the
property test compares the parsed records with :func:`expected_records`, built here from
``gz_kx_2021.data.json`` alone (the pipeline is never asked what the answer is). Cell text
is the transcription's lines joined as a reader would join them, so a producer is free to
re-wrap it anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gz_kx_table import ROW_CELLS, goal_runs, load_data, runs

from jixiao.extract.text import join_lines, normalize

#: Where 部门名称 is printed: a line above table 1, a label/value row of table 1, or one
#: full-width cell "部门名称：X" as table 1's first row.
LABEL_PLACEMENTS = ("above", "row", "cell")
#: Separators a producer puts after 部门名称 (none, ASCII and full-width colons, a space).
LABEL_SEPARATORS = ("", ":", "：", ": ", "： ", " ")

# Column shares of the two tables (label/category, goal, indicator, target, actual, detail).
T1_SHARES = (0.07, 0.17, 0.17, 0.14, 0.14, 0.31)
T2_SHARES = (0.09, 0.17, 0.17, 0.14, 0.13, 0.30)


def text_of(lines: list[str]) -> str:
    """A transcribed cell as one string, joined as the pipeline joins wrapped lines."""
    return normalize(join_lines(normalize(line) for line in lines))


@dataclass
class GCell:
    """One (possibly merged) cell: top-left slot, spans, text; ``header`` cells are centred."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    header: bool = False


@dataclass
class GTable:
    """A table grid; the first ``repeat_rows`` rows may be repeated on continuation pages."""

    shares: tuple[float, ...]
    n_rows: int
    cells: list[GCell] = field(default_factory=list)
    repeat_rows: int = 0

    def cell_at(self, row: int, col: int) -> GCell:
        for c in self.cells:
            if c.row <= row < c.row + c.rowspan and c.col <= col < c.col + c.colspan:
                return c
        raise KeyError((row, col))


@dataclass
class GDoc:
    """What is printed: title, an optional department line above the tables, the tables."""

    title: str
    department_line: str | None
    tables: list[GTable]
    department: str
    year: int


def department_label(sep: str) -> str:
    return f"部门名称{sep}"


def _annual_goals(data: dict[str, Any], label_row: list[GCell]) -> GTable:
    ag = data["annual_goals"]
    rows = ag["rows"]
    top = 1 if label_row else 0
    table = GTable(T1_SHARES, top + len(rows) + 2, list(label_row))
    table.cells.append(GCell(top, 0, len(rows) + 1, 1, text_of(ag["label"]), header=True))
    for j, cell in enumerate(ag["header"], start=1):
        table.cells.append(GCell(top, j, 1, 1, text_of(cell), header=True))
    for run in goal_runs(rows):
        text = text_of(ag["goals"][run.key])
        table.cells.append(GCell(top + 1 + run.first, 1, run.last - run.first + 1, 1, text))
    for i, row in enumerate(rows):
        for j, name in enumerate(ROW_CELLS):
            table.cells.append(GCell(top + 1 + i, 2 + j, 1, 1, text_of(row[name])))
    footer = top + 1 + len(rows)
    table.cells.append(GCell(footer, 0, 1, 6, text_of(ag["footer"]["lines"])))
    return table


def _spending_plan(data: dict[str, Any]) -> GTable:
    sp = data["spending_plan"]
    rows = sp["rows"]
    table = GTable(T2_SHARES, len(rows) + 1, repeat_rows=1)
    for j, cell in enumerate(sp["header_pages"]["3"]):
        table.cells.append(GCell(0, j, 1, 1, text_of(cell), header=True))
    for run in runs(rows, "category", per_page=False):
        text = text_of(sp["categories"][run.key])
        table.cells.append(GCell(1 + run.first, 0, run.last - run.first + 1, 1, text))
    for run in goal_runs(rows):
        text = text_of(sp["goals"][run.key])
        table.cells.append(GCell(1 + run.first, 1, run.last - run.first + 1, 1, text))
    for i, row in enumerate(rows):
        for j, name in enumerate(ROW_CELLS):
            table.cells.append(GCell(1 + i, 2 + j, 1, 1, text_of(row[name])))
    return table


def seed_document(placement: str, sep: str) -> GDoc:
    """The seed report with 部门名称 printed as ``placement`` says, after ``sep``."""
    data = load_data()
    department = data["department_line"].split(":", 1)[1].strip()
    label = department_label(sep)
    line: str | None = None
    label_row: list[GCell] = []
    if placement == "above":
        line = label + department
    elif placement == "row":
        label_row = [GCell(0, 0, 1, 1, label.strip()), GCell(0, 1, 1, 5, department)]
    elif placement == "cell":
        label_row = [GCell(0, 0, 1, 6, label + department)]
    else:
        raise ValueError(placement)
    tables = [_annual_goals(data, label_row), _spending_plan(data)]
    return GDoc(text_of([data["title"]]), line, tables, department, 2021)


def expected_records() -> list[tuple[str, str | None, str, str, str, str, str]]:
    """(section, category, goal, indicator, target, actual, detail) of every record."""
    data = load_data()
    annual, plan = data["annual_goals"], data["spending_plan"]
    out: list[tuple[str, str | None, str, str, str, str, str]] = []
    for r in annual["rows"]:
        cells = tuple(text_of(r[name]) for name in ROW_CELLS)
        out.append(("annual_goals", None, text_of(annual["goals"][r["goal"]]), *cells))
    for r in plan["rows"]:
        cells = tuple(text_of(r[name]) for name in ROW_CELLS)
        category = text_of(plan["categories"][r["category"]])
        out.append(("spending_plan", category, text_of(plan["goals"][r["goal"]]), *cells))
    return out
