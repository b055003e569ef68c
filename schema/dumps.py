"""Report → JSON text, one table cell at a time.

Why: ``json.dumps(report.model_dump())`` first builds a dict for every cell of every table,
which for a long document is several times the size of the text it becomes (a 400-page
report with a table per page peaked near 190 KB a page). Here each cell becomes text as
soon as it is dumped, so the peak is about the text itself. The text is byte for byte what
``json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2)`` writes.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import uuid4

from pydantic import BaseModel

from .models import Report

_INDENT = "  "


def _text(value: Any, depth: int) -> str:
    """``value`` as indented JSON whose first line starts at ``depth`` levels."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + _INDENT * depth)


def _array(items: list[str], depth: int) -> str:
    if not items:
        return "[]"
    pad = _INDENT * (depth + 1)
    return "[\n" + ",\n".join(pad + item for item in items) + "\n" + _INDENT * depth + "]"


def _with_hole(model: BaseModel, field: str, filling: str, depth: int) -> str:
    """The model's JSON with ``field``'s value replaced by the text ``filling``."""
    data = model.model_dump(mode="json", exclude={field})
    hole = f"\x00{uuid4().hex}\x00"
    ordered = {}
    for key in type(model).model_fields:
        if key == field:
            ordered[key] = hole
        elif key in data:
            ordered[key] = data[key]
    text = _text(ordered, depth)
    marker = json.dumps(hole)
    assert text.count(marker) == 1  # the uuid cannot occur in printed text
    return text.replace(marker, filling, 1)


def dumps_report(report: Report) -> str:
    """Stable JSON text of a report: UTF-8 Chinese as is, two-space indent, newline."""
    tables = []
    for table in report.tables:
        cells = [_text(cell.model_dump(mode="json"), 4) for cell in table.cells]
        tables.append(_with_hole(table, "cells", _array(cells, 3), 2))
    return _with_hole(report, "tables", _array(tables, 1), 0) + "\n"
