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
    "ENGINES",
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


ENGINES = ("auto", "pdfplumber", "camelot")


def page_tables(
    content: PageContent,
    settings: TableSettings = DEFAULT_SETTINGS,
    *,
    engine: str = "pdfplumber",
    path: str | Path | None = None,
    password: str | None = None,
) -> tuple[list[Table], list[TextLine], list[Notice]]:
    """Tables (not yet stitched) and outside text of one page.

    ``engine`` picks who finds the table geometry (cells are filled the same way after):
    ``pdfplumber`` — jixiao's ruling analysis of the characters and rulings read once;
    ``camelot`` — camelot lattice on pages with rulings, camelot stream rows on pages
    without them whose text stands in columns; ``auto`` — the ruling analysis, and the
    aligned-text reading of :mod:`.camelot_source` only on a page with no ruled table but
    text in columns. The camelot engine reads the file itself, so it needs ``path``.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    notices: list[Notice] = []
    found_by = "pdfplumber"
    if engine == "camelot" and content.segments:
        from .camelot_source import CamelotFailed, lattice_grids

        try:
            grids, notices = lattice_grids(_need(path), content, password)
            found_by = "camelot_lattice"
        except CamelotFailed as exc:
            grids, notices = find_grids(content.segments, content.number, settings)
            notices.insert(0, exc.notice("its tables were found from the rulings instead"))
    elif engine == "camelot":
        grids = []
    else:
        grids, notices = find_grids(content.segments, content.number, settings)
    if not grids and engine != "pdfplumber" and content.chars:
        from .camelot_source import columnar_regions, stream_grids

        regions = columnar_regions(content, settings)
        if regions:
            camelot_rows = _need(path) if engine == "camelot" else None
            grids, more = stream_grids(camelot_rows, content, regions, settings, password)
            notices += more
            found_by = "camelot_stream"
    tables, lines, more = fill_tables(content, grids, settings)
    for table in tables:
        table.engine = found_by
        if found_by == "camelot_stream":
            table.text_columns = list(table.column_edges)
    return tables, lines, notices + more


def _need(path: str | Path | None) -> str | Path:
    if path is None:
        raise ValueError("the camelot engines read the PDF themselves: pass path=")
    return path


def extract_document(
    path: str | Path,
    settings: TableSettings = DEFAULT_SETTINGS,
    password: str | None = None,
    *,
    engine: str = "auto",
    pages: list[int] | None = None,
) -> Document:
    """Every table of the document, stitched over pages, with the text outside tables.

    ``engine``: ``auto`` (default), ``pdfplumber`` or ``camelot`` — see :func:`page_tables`.
    ``pages``: 1-based page numbers to read (default: all).
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    per_page: list[tuple[list[Table], list[TextLine]]] = []
    notices: list[Notice] = []
    lines: list[TextLine] = []
    count = 0
    text_pages = 0
    for content in read_pages(path, settings, password, pages):
        count += 1
        text_pages += bool(content.chars)
        tables, page_lines, found = page_tables(
            content, settings, engine=engine, path=path, password=password
        )
        per_page.append((tables, page_lines))
        lines.extend(page_lines)
        notices.extend(found)
        if not content.chars:
            notices.append(
                Notice("page_without_text", "page has no text layer (scanned?)", content.number)
            )
    tables, stitched = stitch(per_page, settings)
    return Document(count, tables, lines, notices + stitched, text_pages)
