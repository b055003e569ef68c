"""Report → JSON text, one table cell at a time.

Why: ``json.dumps(report.model_dump())`` first builds a dict for every cell of every table,
which for a long document is several times the size of the text it becomes (a 400-page
report with a table per page peaked near 190 KB a page). Here each cell becomes text as
soon as it is dumped, so the peak is about the text itself. The text is byte for byte what
``json.dumps(report.model_dump(mode="json"), ensure_ascii=False, indent=2)`` writes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from json.encoder import encode_basestring
from math import isfinite
from typing import Any
from uuid import uuid4

from pydantic import BaseModel

from .models import Cell, Project, Record, Report, Table

_INDENT = "  "
_CELL_FIELDS = tuple(Cell.model_fields)


def _text(value: Any, depth: int) -> str:
    """``value`` as indented JSON whose first line starts at ``depth`` levels."""
    try:
        return _plain(value, _INDENT * depth)
    except _Unusual:
        text = json.dumps(value, ensure_ascii=False, indent=2)
        return text.replace("\n", "\n" + _INDENT * depth)


class _Unusual(Exception):
    """A value :func:`_plain` leaves to the json module."""


def _plain(value: Any, pad: str) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)`` with every line after the first
    starting with ``pad``, for what ``model_dump(mode="json")`` gives: dicts with string
    keys, lists, strings, ints, floats, booleans and None (anything else raises
    :class:`_Unusual`). Why: with an indent the json module encodes in pure Python, through
    generators, and that was a tenth of a warm conversion (records, report and table shells)."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        if isfinite(value):
            return float.__repr__(value)
        raise _Unusual
    inner = pad + _INDENT
    if kind is dict:
        if not value:
            return "{}"
        items = []
        for key, item in value.items():
            if type(key) is not str:
                raise _Unusual
            # A string, None or an int, most of a record's values, without the call for it.
            shown_kind = type(item)
            if shown_kind is str:
                shown = encode_basestring(item)
            elif item is None:
                shown = "null"
            elif shown_kind is int:
                shown = int.__repr__(item)
            else:
                shown = _plain(item, inner)
            items.append(f"{inner}{encode_basestring(key)}: {shown}")
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if kind is list or kind is tuple:
        if not value:
            return "[]"
        # A finite float or an int (a cell reference's box and place) without the call.
        lines = []
        for item in value:
            item_kind = type(item)
            if item_kind is float and isfinite(item):
                lines.append(inner + float.__repr__(item))
            elif item_kind is int:
                lines.append(inner + int.__repr__(item))
            else:
                lines.append(inner + _plain(item, inner))
        return "[\n" + ",\n".join(lines) + "\n" + pad + "]"
    raise _Unusual


def _cell_text(cell: Cell, depth: int) -> str:
    """``_text(cell.model_dump(mode="json"), depth)`` written from the cell's attributes,
    each by :func:`_plain`; a value only the model's dump turns into JSON (anything
    :func:`_plain` leaves to json) takes the general path. Why: a report has tens of
    thousands of cells, and dumping each model to a dict for json's indenting encoder (pure
    Python) was a tenth of a warm conversion."""
    if _CELL_FIELDS == _USUAL_CELL_FIELDS:
        text = _usual_cell_text(cell, depth)
        if text is not None:
            return text
    pad = _INDENT * (depth + 1)
    try:
        parts = [
            f"{pad}{encode_basestring(name)}: {_plain(getattr(cell, name), pad)}"
            for name in _CELL_FIELDS
        ]
    except _Unusual:
        return _text(cell.model_dump(mode="json"), depth)
    return "{\n" + ",\n".join(parts) + "\n" + _INDENT * depth + "}"


#: The cell model's fields, in order, that :func:`_usual_cell_text` writes.
_USUAL_CELL_FIELDS = (
    "row", "column", "rowspan", "colspan", "text", "page", "end_page", "bbox", "confidence"
)  # fmt: skip


def _usual_cell_text(cell: Cell, depth: int) -> str | None:
    """What :func:`_cell_text`'s general path writes for a cell of the usual types (ints,
    a string, a box of four finite floats, a finite float or None), in one formatting
    step; None for anything else. Why: nine :func:`_plain` calls, their f-strings and the
    join a cell were most of the table text (tens of thousands of cells a report)."""
    row, column, rowspan, colspan = cell.row, cell.column, cell.rowspan, cell.colspan
    text, page, end_page, bbox, confidence = (
        cell.text, cell.page, cell.end_page, cell.bbox, cell.confidence
    )  # fmt: skip
    if not (
        type(row) is int
        and type(column) is int
        and type(rowspan) is int
        and type(colspan) is int
        and type(text) is str
        and type(page) is int
        and type(end_page) is int
        and type(bbox) is tuple
        and len(bbox) == 4
    ):
        return None
    x0, top, x1, bottom = bbox
    if not (
        type(x0) is float
        and type(top) is float
        and type(x1) is float
        and type(bottom) is float
        and isfinite(x0 + top + x1 + bottom)
    ):
        return None
    if confidence is None:
        shown = "null"
    elif type(confidence) is float and isfinite(confidence):
        shown = float.__repr__(confidence)
    else:
        return None
    pad = _INDENT * (depth + 1)
    inner = pad + _INDENT
    return (
        f'{{\n{pad}"row": {int.__repr__(row)},\n{pad}"column": {int.__repr__(column)},\n'
        f'{pad}"rowspan": {int.__repr__(rowspan)},\n{pad}"colspan": {int.__repr__(colspan)},\n'
        f'{pad}"text": {encode_basestring(text)},\n{pad}"page": {int.__repr__(page)},\n'
        f'{pad}"end_page": {int.__repr__(end_page)},\n{pad}"bbox": [\n'
        f"{inner}{float.__repr__(x0)},\n{inner}{float.__repr__(top)},\n"
        f"{inner}{float.__repr__(x1)},\n{inner}{float.__repr__(bottom)}\n{pad}],\n"
        f'{pad}"confidence": {shown}\n{_INDENT * depth}}}'
    )


def _array(items: list[str], depth: int) -> str:
    if not items:
        return "[]"
    pad = _INDENT * (depth + 1)
    return "[\n" + ",\n".join(pad + item for item in items) + "\n" + _INDENT * depth + "]"


def _array_pieces(items: Iterable[str], depth: int) -> Iterator[str]:
    """``_array(list(items), depth)``, an item at a time."""
    pad = _INDENT * (depth + 1)
    first = True
    for item in items:
        yield ("[\n" if first else ",\n") + pad + item
        first = False
    yield "[]" if first else "\n" + _INDENT * depth + "]"


def _around_hole(model: BaseModel, field: str, depth: int) -> tuple[str, str]:
    """The model's JSON before and after ``field``'s value."""
    head, tail = _around_holes(model, (field,), depth)
    return head, tail


def _around_holes(model: BaseModel, holes: tuple[str, ...], depth: int) -> list[str]:
    """The model's JSON cut where the values of ``holes`` (in field order) go."""
    data = model.model_dump(mode="json", exclude=set(holes))
    marks = {field: f"\x00{uuid4().hex}\x00" for field in holes}
    ordered = {}
    for key in type(model).model_fields:
        if key in marks:
            ordered[key] = marks[key]
        elif key in data:
            ordered[key] = data[key]
    text = _text(ordered, depth)
    pieces = []
    for field in holes:
        marker = json.dumps(marks[field])
        assert text.count(marker) == 1  # the uuid cannot occur in printed text
        before, text = text.split(marker)
        pieces.append(before)
    return [*pieces, text]


def _with_hole(model: BaseModel, field: str, filling: str, depth: int) -> str:
    """The model's JSON with ``field``'s value replaced by the text ``filling``."""
    head, tail = _around_hole(model, field, depth)
    return head + filling + tail


def dumps_report(report: Report) -> str:
    """Stable JSON text of a report: UTF-8 Chinese as is, two-space indent, newline."""
    tables = []
    for table in report.tables:
        cells = [_cell_text(cell, 4) for cell in table.cells]
        tables.append(_with_hole(table, "cells", _array(cells, 3), 2))
    return _with_hole(report, "tables", _array(tables, 1), 0) + "\n"


def record_text(item: Record | Project) -> str:
    """A record's JSON as it stands in ``records``, or a project's in ``projects`` (its own
    text only, not the others')."""
    return _text(item.model_dump(mode="json"), 2)


def table_pieces(shell: Table, cells: Iterable[Cell]) -> Iterator[str]:
    """A table's JSON as it stands in ``tables``, its cells made into text one at a time
    (``shell``: the table's model without cells)."""
    head, tail = _around_hole(shell, "cells", 2)
    yield head
    yield from _array_pieces((_cell_text(cell, 4) for cell in cells), 3)
    yield tail


def write_report(
    report: Report,
    write: Callable[[str], object],
    records: Iterable[Iterable[str]],
    tables: Iterable[Iterable[str]],
    projects: Iterable[Iterable[str]],
) -> None:
    """Write the text :func:`dumps_report` gives, with ``records``, ``tables`` and
    ``projects`` (each item as pieces of its text: :func:`record_text`,
    :func:`table_pieces`) in place of the report's own lists, a piece at a time through
    ``write``.

    Why: a long document's report held whole is a pydantic object per cell plus the text of
    them all (about 190 KB a page). The items come from a :class:`~.spool.Spool`, so what
    is in memory while writing is one piece of text.
    """
    spooled = {"records": records, "tables": tables, "projects": projects}
    holes = tuple(spooled)  # in the Report's field order
    pieces = _around_holes(report, holes, 0)
    write(pieces[0])
    pad = _INDENT * 2
    for field, after in zip(holes, pieces[1:], strict=True):
        first = True
        for item in spooled[field]:
            write(("[\n" if first else ",\n") + pad)
            first = False
            for piece in item:
                write(piece)
        write("[]" if first else "\n" + _INDENT + "]")
        write(after)
    write("\n")
