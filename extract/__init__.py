"""PDF → cells: find every ruled table, resolve merged cells, stitch pages together."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .annotations import remove_comment_boxes
from .cells import fill_tables
from .grid import PageGrid, find_grids
from .model import BBox, Cell, Document, Notice, PageContent, Table, TextLine
from .readers import read_pages
from .rotation import turn_back, upright
from .settings import DEFAULT_SETTINGS, TableSettings
from .stitch import Stitcher
from .text import remove_overprint

if TYPE_CHECKING:
    from .ocr import PageReader

__all__ = [
    "ENGINES",
    "Cell",
    "Document",
    "Notice",
    "PageContent",
    "Segment",
    "Table",
    "TableSettings",
    "TextLine",
    "extract_document",
    "extract_segments",
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
    without them whose text stands in columns; ``auto`` — the ruling analysis, then the
    aligned-text reading of :mod:`.camelot_source` (:func:`_text_tables`) for ruled rows
    without inner verticals, inside a frame whose ruled rows hold lines in columns, and on
    a page with no ruled table (single ruled boxes aside) but text in columns. The camelot
    engine reads the file itself, so it needs ``path``.
    Glyphs printed over themselves (fake bold) are read once, whatever the engine. A page
    whose text is printed turned (:mod:`.rotation`) is read in the frame its text is upright
    in and its positions are turned back (notice ``page_rotated_text``); not with the camelot
    engine, which reads the page's geometry from the file as printed.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    read_notices: list[Notice] = []
    chars, repeats = remove_overprint(content.chars)
    if repeats:
        content = replace(content, chars=chars)
        read_notices.append(
            Notice(
                "overprint_removed",
                f"{len(repeats)} glyph(s) printed again over themselves (fake bold) were "
                f"read once: {''.join(c.text for c in repeats[:40])}",
                content.number,
            )
        )
    frame = None
    if engine != "camelot":
        content, frame = upright(content)
        if frame is not None:
            read_notices.append(
                Notice(
                    "page_rotated_text",
                    f"the page's text is printed turned by {frame.turn}° clockwise: it was "
                    "read turned upright; bboxes are on the page as printed",
                    content.number,
                )
            )
    # Its notices point at the box in the reading frame: turned back with the cells' below.
    content, comment_lines, comment_notices = remove_comment_boxes(content)
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
        grids, notices = [], []
    else:
        grids, notices = find_grids(content.segments, content.number, settings)
    columns_from = ["rulings"] * len(grids)
    if engine != "pdfplumber" and content.chars:
        grids, columns_from, more = _text_tables(content, grids, settings, engine, path, password)
        notices += more
    tables, lines, more = fill_tables(content, grids, settings)
    lines = lines + comment_lines
    for table, source in zip(tables, columns_from, strict=True):
        # The schema's names: a table read from aligned text is "camelot_stream" whether
        # camelot gave its rows or not (the columns are jixiao's own in both cases).
        table.engine = "camelot_stream" if source == "text" else found_by
        if source != "rulings":
            table.text_columns = list(table.column_edges)
    notices = comment_notices + notices + more
    if frame is not None:
        turn_back(frame, tables, lines, notices)
    return tables, lines, read_notices + notices


def _text_tables(
    content: PageContent,
    grids: list[PageGrid],
    settings: TableSettings,
    engine: str,
    path: str | Path | None,
    password: str | None,
) -> tuple[list[PageGrid], list[str], list[Notice]]:
    """Tables the rulings do not delimit, found from aligned text; with each grid, where its
    columns come from: ``rulings``, ``ruled_rows`` (rows ruled, columns from text) or
    ``text`` (a table without rulings).

    - a ruled table with row rules but no inner verticals in its body (most rows one
      whole-width cell; a header may be ruled in cells) gets its columns from the text;
    - a ruled box without inner verticals one of whose ruled rows holds lines standing in
      columns is a frame (a three-line table drawn in a box): the table inside it is read
      from its text, rows and columns (notice ``frame_around_table``);
    - a page whose only ruled boxes are single cells (a page-header bar, a page-number box,
      a frame) is still searched for borderless tables; when one is found, those boxes are
      decoration, not tables, and their text is page text (notice ``decoration_skipped``).
    """
    from .camelot_source import columnar_regions, frames_text_rows, split_ruled_rows, stream_grids

    notices: list[Notice] = []
    out: list[PageGrid] = []
    sources: list[str] = []
    frames: list[PageGrid] = []
    for grid in grids:
        if frames_text_rows(content, grid, settings):
            frames.append(grid)
            continue
        split = split_ruled_rows(content, grid, settings)
        sources.append("rulings" if split is None else "ruled_rows")
        if split is not None:
            notices.append(
                Notice(
                    "columns_from_text",
                    f"a ruled table without inner verticals in its body ({grid.n_rows} rows) "
                    f"was split into {split.n_columns} columns at the gutters of its text",
                    content.number,
                    at=((grid.xs[0] + grid.xs[1]) / 2, (grid.ys[0] + grid.ys[1]) / 2),
                )
            )
        out.append(split or grid)
    if any(len(grid.cells) > 1 for grid in out) and not frames:
        return out, sources, notices
    if frames:
        # Only the text inside a frame is read as a borderless table (glyphs in the margin
        # beside it are not its cells); a ruled table elsewhere on the page keeps its cells.
        regions = [r for f in frames for r in columnar_regions(_within(content, f.bbox), settings)]
        kept = [f for f in frames if not any(_inside(r.bbox, f.bbox) for r in regions)]
        out, sources = out + kept, sources + ["rulings"] * len(kept)
        if regions:
            notices.append(
                Notice(
                    "frame_around_table",
                    f"{len(frames) - len(kept)} ruled outline(s) without inner verticals "
                    "whose ruled rows hold lines of text in columns were taken as frames "
                    "around tables; the tables' rows and columns were read from the text",
                    content.number,
                )
            )
    else:
        regions = columnar_regions(content, settings)
    if not regions:
        return out, sources, notices
    camelot_rows = _need(path) if engine == "camelot" else None
    found, more = stream_grids(camelot_rows, content, regions, settings, password)
    if found and out and not frames:
        notices.append(
            Notice(
                "decoration_skipped",
                f"{len(out)} single ruled box(es) on a page with a table without rulings "
                "were taken as decoration (header bar, page-number box, frame), not tables",
                content.number,
            )
        )
        out, sources = [], []
    return out + found, sources + ["text"] * len(found), notices + more


def _within(content: PageContent, box: BBox) -> PageContent:
    x0, top, x1, bottom = box
    chars = [c for c in content.chars if x0 <= c.cx <= x1 and top <= c.cy <= bottom]
    return replace(content, chars=chars, segments=[])


def _inside(inner: BBox, outer: BBox) -> bool:
    return (
        inner[0] >= outer[0] - 1
        and inner[1] >= outer[1] - 1
        and inner[2] <= outer[2] + 1
        and inner[3] <= outer[3] + 1
    )


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
    ocr: str = "never",
    progress: Callable[[int], None] | None = None,
) -> Document:
    """Every table of the document, stitched over pages, with the text outside tables.

    ``engine``: ``auto`` (default), ``pdfplumber`` or ``camelot`` — see :func:`page_tables`.
    ``pages``: 1-based page numbers to read (default: all).
    ``ocr``: ``never`` (default here), ``auto`` (pages without a text layer are read from
    their picture, when the ``ocr`` extra is installed) or ``always`` (every page; the
    extra is required). OCR'd pages go through the same table finder (:mod:`.ocr`).
    ``progress``: called with each page's number once it is read.
    """
    (whole,) = extract_segments(
        path,
        settings,
        password,
        engine=engine,
        pages=pages,
        ocr=ocr,
        segment_pages=None,
        progress=progress,
    )
    return whole.doc


@dataclass(slots=True)
class Segment:
    """A stretch of a document read in segments: ``doc`` holds the tables starting on pages
    ``start`` onwards (and, as context, those of the ``overlap`` pages before), their text
    lines, and the notices of its own pages. The last segment's ``doc`` counts the whole
    document's pages."""

    start: int
    doc: Document
    last: bool


def extract_segments(
    path: str | Path,
    settings: TableSettings = DEFAULT_SETTINGS,
    password: str | None = None,
    *,
    engine: str = "auto",
    pages: list[int] | None = None,
    ocr: str = "never",
    segment_pages: int | None = None,
    overlap: int = 0,
    progress: Callable[[int], None] | None = None,
) -> Iterator[Segment]:
    """:func:`extract_document` in segments of at least ``segment_pages`` pages (None: one),
    each cut before a page whose first table does not continue the page before.

    Why: a long document's extracted tables are most of what a conversion holds; read in
    segments, only one segment's tables (and ``overlap`` pages' worth of context) are alive.
    ``progress`` is called with each page's number once its tables are found: a scanned
    page takes seconds, and a user converting one long scan sees it advance.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    can_ocr = _ocr_possible(ocr)
    pictures: PageReader | None = None  # opened at the first page that needs it
    stitcher = Stitcher(settings)
    notices: list[Notice] = []
    lines: list[TextLine] = []
    held: list[Table] = []  # the previous segment's last pages' tables: context
    # The first page with text (a cover, a title): context for every segment, where the
    # report's title, year and department are read.
    cover: list[TextLine] = []
    count = 0
    text_pages = 0
    ocr_pages = 0
    start: int | None = None
    try:
        for content in read_pages(path, settings, password, pages):
            count += 1
            number = content.number
            if start is None:
                start = number
            scanned = can_ocr and (ocr == "always" or not content.chars)
            if scanned:
                if pictures is None:
                    from .ocr import PageReader

                    pictures = PageReader(path, password)
                notices.extend(content.notices)
                content, read = pictures.read(content.number)
                ocr_pages += 1
                notices.extend(read)
            text_pages += bool(content.chars)
            # The camelot engines read the file's text layer themselves: a picture has none.
            tables, page_lines, found = page_tables(
                content,
                settings,
                engine="auto" if scanned and engine == "camelot" else engine,
                path=path,
                password=password,
            )
            for table in tables:
                table.ocr = scanned
            stitcher.add(tables, page_lines)
            lines.extend(page_lines)
            cover = cover or list(page_lines)
            if not scanned:
                notices.extend(content.notices)
            notices.extend(found)
            if not content.chars and not scanned:
                notices.append(
                    Notice("page_without_text", "page has no text layer (scanned?)", content.number)
                )
            if progress is not None:
                progress(number)
            if segment_pages and number - start >= segment_pages and not stitcher.continued:
                done, stitched = stitcher.take_before(number)
                if ocr_pages:
                    stitched += _low_confidence(done)
                own = [n for n in notices if n.page is None or n.page < number]
                doc = Document(
                    count - 1,
                    held + done,
                    _before(cover, start - overlap) + [ln for ln in lines if ln.page < number],
                    own + stitched,
                    text_pages - bool(content.chars),
                    ocr_pages - scanned,
                )
                yield Segment(start, doc, last=False)
                del doc
                held = [t for t in held + done if t.pages[0] >= number - overlap]
                lines = [line for line in lines if line.page >= number - overlap]
                notices = [n for n in notices if n.page is not None and n.page >= number]
                start = number
    finally:
        if pictures is not None:
            pictures.close()
    tables, stitched = stitcher.finish()
    if ocr_pages:
        stitched += _low_confidence(tables)
    first = start or 0
    context = _before(cover, first - overlap)
    doc = Document(count, held + tables, context + lines, notices + stitched, text_pages, ocr_pages)
    yield Segment(first, doc, last=True)


def _before(lines: list[TextLine], page: int) -> list[TextLine]:
    return [line for line in lines if line.page < page]


def _ocr_possible(mode: str) -> bool:
    """Whether pages may be read by OCR in ``mode``; ``always`` without the extra is an
    :class:`InputError` naming the install command. Imports no OCR library."""
    from .ocr_mode import INSTALL_HINT, available, check_mode

    check_mode(mode)
    if mode == "never":
        return False
    if available():
        return True
    if mode == "always":
        from .errors import InputError

        message = f"--ocr always: OCR is not installed; {INSTALL_HINT}"
        raise InputError("ocr_unavailable", message)
    return False


def _low_confidence(tables: list[Table]) -> list[Notice]:
    """One notice per table row holding text OCR was unsure of: its quantities and verdicts
    rest on characters that may be misread."""
    from .ocr_mode import LOW_CONFIDENCE

    notices: list[Notice] = []
    for table in tables:
        rows: dict[int, list[Cell]] = {}
        for cell in table.cells:
            if cell.confidence is not None and cell.confidence < LOW_CONFIDENCE:
                rows.setdefault(cell.row, []).append(cell)
        for row, cells in sorted(rows.items()):
            quoted = "; ".join(f"「{c.text}」 ({c.confidence:.2f})" for c in cells)
            notices.append(
                Notice(
                    "ocr_low_confidence",
                    f"OCR read text below confidence {LOW_CONFIDENCE} in row {row}: {quoted}; "
                    "check it against the page before trusting its numbers",
                    cells[0].page,
                    origin=(table, row),
                )
            )
    return notices
