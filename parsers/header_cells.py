"""Which header cell matched which role, for pictures of the page (``jixiao inspect``).

The layouts keep their header synonyms as data (:class:`~.layout.SectionSpec`); this runs
every known section's matching over a table so the overlay can colour header cells by the
role they were taken for, whichever layout read the table.
"""

from __future__ import annotations

from ..extract.model import Table
from . import forms, gz_performance
from .headers import match_role
from .layout import SectionSpec, forget_tables, header_roles

HEADER_SPECS: tuple[SectionSpec, ...] = (
    *gz_performance.SECTIONS,
    forms.INDICATOR_SPEC,
    forms.BUDGET_SPEC,
)


def header_cells(table: Table) -> dict[tuple[int, int], str]:
    """(row, column) of each header cell → its role, for rows that are a section's header.

    Asked after the parse (never during one): the table's header candidates that
    :func:`header_roles` remembered are forgotten again, as the end of a parse does."""
    out: dict[tuple[int, int], str] = {}
    try:
        for row in range(table.n_rows):
            for spec in HEADER_SPECS:
                if header_roles(table, row, spec) is None:
                    continue
                for cell in table.row_cells(row):
                    role = match_role(cell.text, spec.roles)
                    if role is not None:
                        out.setdefault((cell.row, cell.column), role)
                break
    finally:
        forget_tables()
    return out
