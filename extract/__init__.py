"""PDF → cells: find every ruled table, resolve merged cells, stitch pages together."""

from __future__ import annotations

from pathlib import Path

from .cells import fill_tables
from .grid import find_grids
from .model import Cell, Document, Notice, PageContent, Table, TextLine
from .pdfsource import read_pages
from .settings import DEFAULT_SETTINGS, TableSettings
from .stitch import stitch

__all__ = [
    "Cell",
    "Document",
    "Notice",
    "PageContent",
    "Table",
    "TableSettings",
    "TextLine",
    "extract_document",
    "page_tables",
]


def page_tables(
    content: PageContent, settings: TableSettings = DEFAULT_SETTINGS
) -> tuple[list[Table], list[TextLine], list[Notice]]:
    """Tables (not yet stitched) and outside text of one page."""
    grids, notices = find_grids(content.segments, content.number, settings)
    tables, lines, more = fill_tables(content, grids, settings)
    return tables, lines, notices + more


def extract_document(
    path: str | Path,
    settings: TableSettings = DEFAULT_SETTINGS,
    password: str | None = None,
) -> Document:
    per_page: list[tuple[list[Table], list[TextLine]]] = []
    notices: list[Notice] = []
    lines: list[TextLine] = []
    count = 0
    text_pages = 0
    for content in read_pages(path, settings, password):
        count += 1
        text_pages += bool(content.chars)
        tables, page_lines, found = page_tables(content, settings)
        per_page.append((tables, page_lines))
        lines.extend(page_lines)
        notices.extend(found)
        if not content.chars:
            notices.append(
                Notice("page_without_text", "page has no text layer (scanned?)", content.number)
            )
    tables, stitched = stitch(per_page, settings)
    return Document(count, tables, lines, notices + stitched, text_pages)
