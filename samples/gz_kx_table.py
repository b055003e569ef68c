"""Shared access to the transcribed 广州市科学技术协会 2021 table (gz_kx_2021.data.json).

The transcription, the checker and both renderers must agree on one question: which
merged cells print their text where. Keeping that logic here means the character
check validates exactly what the faithful renderer draws.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SAMPLES_DIR = Path(__file__).resolve().parent
REPO_ROOT = SAMPLES_DIR.parent
DATA_PATH = SAMPLES_DIR / "gz_kx_2021.data.json"
SEED_PATH = REPO_ROOT.parent / "shared" / "seeds" / "000_d291e56410bb77f0.txt"

#: The four per-row cells, in column order after the goal column.
ROW_CELLS: tuple[str, ...] = ("indicator", "target", "actual", "detail")

Row = dict[str, Any]
Lines = list[str]


@dataclass(frozen=True)
class Run:
    """Consecutive rows sharing one merged-cell id (goal or category).

    ``first``/``last`` index into the table's row list; ``page`` is set when a run is
    cut at page boundaries (categories are re-printed on every page they touch).
    """

    key: str
    first: int
    last: int
    page: int | None = None


def load_data(path: Path = DATA_PATH) -> dict[str, Any]:
    """Load the transcription; a single entry point so every script reads the same file."""
    with path.open(encoding="utf-8") as fh:
        return json.load(fh)


def runs(rows: list[Row], field: str, per_page: bool) -> list[Run]:
    """Group consecutive rows with the same ``field`` value into merged-cell runs.

    With ``per_page`` a run is also cut where the page changes, because the original
    re-prints a category at the top of each page while goals are printed only once.
    """
    out: list[Run] = []
    for i, row in enumerate(rows):
        page = row["page"] if per_page else None
        prev = out[-1] if out else None
        if prev is not None and prev.key == row[field] and prev.page == page:
            out[-1] = Run(prev.key, prev.first, i, page)
        else:
            out.append(Run(row[field], i, i, page))
    return out


def goal_runs(rows: list[Row]) -> list[Run]:
    """Goal merged cells: text printed once, at the run's first row."""
    return runs(rows, "goal", per_page=False)


def category_runs(rows: list[Row]) -> list[Run]:
    """Category cell pieces: text printed at the first row of each page the cell touches."""
    return runs(rows, "category", per_page=True)


def printed_cells(data: dict[str, Any]) -> Iterator[tuple[str, Lines]]:
    """Yield (where, lines) for every cell text the original prints, once per printing.

    This is the inventory the seed's text layer must match character for character:
    headers once per page they are printed on, categories once per page piece.
    """
    yield "title", [data["title"]]
    yield "department_line", [data["department_line"]]
    ag = data["annual_goals"]
    yield "annual_goals.label", ag["label"]
    for i, cell in enumerate(ag["header"], start=1):
        yield f"annual_goals.header[{i}]", cell
    yield from _table_rows("annual_goals", ag["rows"], ag["goals"], None)
    yield "annual_goals.footer", ag["footer"]["lines"]
    sp = data["spending_plan"]
    for page, cells in sp["header_pages"].items():
        for i, cell in enumerate(cells):
            yield f"spending_plan.header_pages[{page}][{i}]", cell
    yield from _table_rows("spending_plan", sp["rows"], sp["goals"], sp["categories"])


def _table_rows(
    name: str, rows: list[Row], goals: dict[str, Lines], categories: dict[str, Lines] | None
) -> Iterator[tuple[str, Lines]]:
    """Yield one table's printed cells in reading order (category, goal, row cells)."""
    cat_starts = {r.first: r for r in category_runs(rows)} if categories is not None else {}
    goal_starts = {r.first: r for r in goal_runs(rows)}
    for i, row in enumerate(rows):
        if i in cat_starts and categories is not None:
            run = cat_starts[i]
            yield f"{name}.categories[{run.key}]@p{run.page}", categories[run.key]
        if i in goal_starts:
            yield f"{name}.goals[{row['goal']}]", goals[row["goal"]]
        for cell in ROW_CELLS:
            yield f"{name}.rows[{i}].{cell}", row[cell]
