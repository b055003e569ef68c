"""Text that runs on past a table's outer edge belongs to the cell it runs out of.

A spreadsheet too wide for the paper is printed in strips (LibreOffice, Excel): each strip
is clipped to its part of the sheet, but the text layer keeps a long cell's every line whole
on each strip it crosses, its ends lying outside the strip's rules (and often off the page).
Cut at the rules, the cell would hold a piece of each line and the rest would become stray
page text, so no cell anywhere printed the value whole. A line that reaches the cell's outer
side and goes on beyond it without a break is one line of that cell: it is kept whole there,
with a notice, since the part beyond the rule is not visible on the page.
"""

from __future__ import annotations

from .grid import GridCell, PageGrid
from .model import Char, Notice
from .settings import TableSettings
from .text import group_lines

_SHOWN = 30  # characters of the cell's text a notice quotes


def _run(line: list[Char], outside: list[Char], right: bool, edge: float) -> list[Char]:
    """The outside characters continuing ``line`` across ``edge`` with no gap wider than a
    character: those of the line's height, from the edge outwards."""
    end = max(line, key=lambda c: c.x1) if right else min(line, key=lambda c: c.x0)
    size = end.em
    if (end.x1 < edge - size) if right else (end.x0 > edge + size):
        return []  # the line stops short of the edge: what lies beyond is not its text
    top, bottom = min(c.top for c in line), max(c.bottom for c in line)
    beside = [
        c for c in outside if top <= c.cy <= bottom and (c.cx > edge if right else c.cx < edge)
    ]
    beside.sort(key=lambda c: c.x0 if right else -c.x1)
    run: list[Char] = []
    last = end
    for ch in beside:
        gap = ch.x0 - last.x1 if right else last.x0 - ch.x1
        if gap > ch.em:
            break
        run.append(ch)
        last = ch
    return run


def keep_runs_past_edges(
    grid: PageGrid,
    per_cell: list[list[Char]],
    outside: list[Char],
    page: int,
    settings: TableSettings,
) -> tuple[list[Char], list[Notice]]:
    """Move into the cells (and the open pieces, :attr:`PageGrid.spare`, in ``per_cell``
    after the cells) on ``grid``'s left and right sides the outside characters that continue
    their lines across the table's edge; returns the characters still outside."""
    x0, top, x1, bottom = grid.bbox
    near = [c for c in outside if top <= c.cy <= bottom and (c.cx < x0 or c.cx > x1)]
    if not near:
        return outside, []
    taken: set[int] = set()
    notices: list[Notice] = []
    for cell, chars in zip([*grid.cells, *grid.spare], per_cell, strict=True):
        sides = [right for right, edge in ((False, x0), (True, x1)) if _on(cell, edge)]
        if not chars or not sides:
            continue
        added: list[Char] = []
        used: set[str] = set()
        for line in group_lines(chars, settings.line_overlap):
            for right in sides:
                free = [c for c in near if id(c) not in taken]
                run = _run(line, free, right, x1 if right else x0)
                taken.update(id(c) for c in run)
                added += run
                used |= {"right" if right else "left"} if run else set()
        if added:
            chars.extend(added)
            shown = "".join(c.text for c in sorted(added, key=lambda c: (round(c.top), c.x0)))
            notices.append(
                Notice(
                    "text_past_table_edge",
                    f"text running on past the table's {' and '.join(sorted(used))} edge (a "
                    "wide sheet printed in strips clips it there; the text layer holds it "
                    f"whole) was kept in its cell: {shown[:_SHOWN]}",
                    page,
                    at=((cell.bbox[0] + cell.bbox[2]) / 2, (cell.bbox[1] + cell.bbox[3]) / 2),
                )
            )
    return [c for c in outside if id(c) not in taken], notices


def _on(cell: GridCell, edge: float) -> bool:
    return cell.bbox[0] - 0.5 <= edge <= cell.bbox[0] + 0.5 or (
        cell.bbox[2] - 0.5 <= edge <= cell.bbox[2] + 0.5
    )
