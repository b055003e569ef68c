"""Report-level facts printed around the tables: title, department, year, execution rate."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from ..extract.model import Document

_YEAR = re.compile(r"(20\d{2}|19\d{2})\s*年")
_DEPARTMENT = re.compile(r"(?:部门|单位)名称\s*[:：]?\s*(?P<name>[^\s:：].*)?$")
_RATE = re.compile(r"预算(?:执行|完成)率\s*[:：]?\s*(?P<num>\d+(?:\.\d+)?)\s*%")
_TITLE_HINT = re.compile(r"(绩效|预算|决算).*表|表$")


def find_title(doc: Document) -> str | None:
    """The first title-like line on the first page that has any text."""
    if not doc.lines:
        return None
    first_page = min(line.page for line in doc.lines)
    candidates = [line for line in doc.lines if line.page == first_page]
    for line in candidates:
        if _TITLE_HINT.search(line.text) and len(line.text) >= 6:
            return line.text
    return None


def find_year(title: str | None) -> int | None:
    if title and (match := _YEAR.search(title)):
        return int(match.group(1))
    return None


def find_department(doc: Document, title: str | None) -> str | None:
    """部门名称 as a line (部门名称：X), in one cell, or as a label cell with the name in the
    next cell of its row (a label/value row printed inside the table)."""
    for line in doc.lines:
        if (match := _DEPARTMENT.search(line.text)) and match["name"]:
            return match["name"].strip()
    for table in doc.tables:
        for cell in table.cells:
            if not (match := _DEPARTMENT.search(cell.text)):
                continue
            if match["name"]:
                return match["name"].strip()
            value = table.cell_at(cell.row, cell.column + cell.colspan)
            ends_row = value is not None and value.column + value.colspan == table.n_columns
            if value is not None and value.text and (ends_row or cell.text[-1] in ":："):
                return value.text
    if title and (match := _YEAR.search(title)):
        prefix = title[: match.start()].strip()
        return prefix or None
    return None


def find_execution_rate(texts: Iterable[str]) -> Decimal | None:
    for text in texts:
        if match := _RATE.search(text):
            return Decimal(match["num"])
    return None
