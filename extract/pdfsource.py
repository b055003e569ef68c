"""Read characters and rulings from a PDF, one page at a time.

This is the only module that touches pdfplumber's objects; every later step works on
:class:`PageContent`, so another reader can feed the same steps: :func:`read_pages` picks the
fast PDFium reader (``pdfium_source.py``, the default) or this pdfplumber reader, which is the
reference the fast one is tested against. Pages are yielded and released one by one so
memory stays bounded on long documents.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import pairwise
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect

from .errors import InputError, check_header
from .model import Char, PageContent, Segment
from .settings import DEFAULT_SETTINGS, TableSettings


def rect_segments(
    x0: float, top: float, x1: float, bottom: float, settings: TableSettings
) -> list[Segment]:
    """A thin rectangle is one ruling; a larger one contributes its four sides.

    Government PDFs draw borders both ways: stroked lines, hairline filled rectangles, and
    cells painted as (white) filled rectangles whose sides are the grid.
    """
    width, height = x1 - x0, bottom - top
    if height <= settings.thin_rect and width > height:
        y = (top + bottom) / 2
        return [Segment(x0, y, x1, y)]
    if width <= settings.thin_rect and height > width:
        x = (x0 + x1) / 2
        return [Segment(x, top, x, bottom)]
    return [
        Segment(x0, top, x1, top),
        Segment(x0, bottom, x1, bottom),
        Segment(x0, top, x0, bottom),
        Segment(x1, top, x1, bottom),
    ]


def _line_segments(obj: dict[str, Any], settings: TableSettings) -> list[Segment]:
    return line_segments(obj["x0"], obj["x1"], obj["top"], obj["bottom"], settings)


def line_segments(
    x0: float, x1: float, top: float, bottom: float, settings: TableSettings
) -> list[Segment]:
    """A stroke that is (nearly) horizontal or vertical is a ruling; shared by both readers."""
    if abs(bottom - top) <= settings.thin_rect and abs(x1 - x0) > abs(bottom - top):
        y = (top + bottom) / 2
        return [Segment(min(x0, x1), y, max(x0, x1), y)]
    if abs(x1 - x0) <= settings.thin_rect:
        x = (x0 + x1) / 2
        return [Segment(x, min(top, bottom), x, max(top, bottom))]
    return []  # diagonal strokes (slashes in header cells) are not grid lines


def _curve_segments(obj: dict[str, Any], settings: TableSettings) -> list[Segment]:
    """Axis-parallel pieces of a path; some producers draw whole grids as one path."""
    return polyline_segments(obj.get("pts") or [], settings)


def polyline_segments(points: list[tuple[float, float]], settings: TableSettings) -> list[Segment]:
    """Rulings among the straight pieces between consecutive points (x, top) of a path."""
    segments: list[Segment] = []
    for (ax, ay), (bx, by) in pairwise(points):
        segments.extend(line_segments(ax, bx, ay, by, settings))
    return segments


def _is_white(color: Any) -> bool:
    if isinstance(color, (int, float)):
        return color >= 0.99
    if isinstance(color, (tuple, list)):
        if len(color) == 4:  # CMYK
            return all(v <= 0.01 for v in color)
        return len(color) > 0 and all(isinstance(v, (int, float)) and v >= 0.99 for v in color)
    return False


def _invisible(rect: dict[str, Any]) -> bool:
    """A white, unstroked rectangle paints background (Excel exports cover whole sheets)."""
    return is_invisible(rect.get("stroke"), rect.get("fill"), rect.get("non_stroking_color"))


def is_invisible(stroke: Any, fill: Any, non_stroking_color: Any) -> bool:
    """:func:`_invisible` on the three attributes it reads (shared by both readers)."""
    if stroke:
        return False
    return not fill or _is_white(non_stroking_color)


def page_content(page: Any, settings: TableSettings = DEFAULT_SETTINGS) -> PageContent:
    area = page.width * page.height
    segments: list[Segment] = []
    for rect in page.rects:
        if rect["width"] * rect["height"] >= settings.background_share * area:
            continue
        if _invisible(rect):
            continue
        segments.extend(
            rect_segments(rect["x0"], rect["top"], rect["x1"], rect["bottom"], settings)
        )
    for line in page.lines:
        segments.extend(_line_segments(line, settings))
    for curve in page.curves:
        segments.extend(_curve_segments(curve, settings))
    chars = [
        Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], c.get("size") or 0.0)
        for c in page.chars
        if c["text"].strip() or c["text"] == " "
    ]
    return PageContent(page.page_number, float(page.width), float(page.height), chars, segments)


def open_pdf(path: Path, password: str | None) -> Any:
    """pdfplumber's PDF, or the :class:`InputError` a user can act on."""
    check_header(path)
    try:
        try:
            return pdfplumber.open(path, password=password or "")
        except Exception as exc:
            # An owner-only encrypted PDF (empty user password) opens without one, whatever
            # password the user gave for the other files of a batch.
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
            if not (password and isinstance(cause, PDFPasswordIncorrect)):
                raise
            return pdfplumber.open(path, password="")
    except MemoryError:
        raise
    except Exception as exc:  # pdfminer raises many types for damaged files
        # pdfplumber wraps pdfminer's errors in PdfminerException(original).
        cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
        if isinstance(cause, PDFPasswordIncorrect):
            if password:
                raise InputError("wrong_password", "the password does not open this PDF") from exc
            raise InputError(
                "encrypted", "the PDF is encrypted; give its password with --password"
            ) from exc
        raise InputError("corrupt_pdf", f"the PDF cannot be parsed: {cause!r}") from exc


READERS = ("fast", "pdfplumber")
DEFAULT_READER = "fast"


def default_reader() -> str:
    """``JIXIAO_READER`` (fast or pdfplumber) when set, else :data:`DEFAULT_READER`."""
    return os.environ.get("JIXIAO_READER") or DEFAULT_READER


def read_pages(
    path: str | Path,
    settings: TableSettings = DEFAULT_SETTINGS,
    password: str | None = None,
    pages: list[int] | None = None,
    reader: str | None = None,
) -> Iterator[PageContent]:
    """Yield every page's content with the chosen reader (both give the same content).

    ``fast`` (default) is :mod:`.fast_source`; ``pdfplumber`` is the reference it is held
    to, page for page, by tests/test_reader_parity.py.
    """
    name = reader or default_reader()
    if name == "pdfplumber":
        yield from read_pages_pdfplumber(path, settings, password, pages)
    elif name == "fast":
        from .fast_source import read_pages_fast

        yield from read_pages_fast(path, settings, password, pages)
    else:
        raise ValueError(f"unknown reader {name!r}; choose one of {', '.join(READERS)}")


def read_page(page: Any, index: int, settings: TableSettings) -> PageContent:
    """One pdfplumber page, with pdfminer's failures reported as ``corrupt_pdf``."""
    try:
        return page_content(page, settings)
    except (InputError, MemoryError):
        raise
    except Exception as exc:
        # pdfplumber wraps pdfminer's errors, a decompression bomb's MemoryError included.
        if exc.args and isinstance(exc.args[0], MemoryError):
            raise InputError(
                "too_large", f"page {index + 1} needs more memory than allowed: {exc}"
            ) from exc
        raise InputError("corrupt_pdf", f"page {index + 1} cannot be parsed: {exc}") from exc


@contextmanager
def opened_pdf(path: Path, password: str | None) -> Iterator[Any]:
    """:func:`open_pdf`, closed however the block ends.

    Not pdfplumber's own ``with``: its ``close()`` walks ``pdf.pages`` again, so on a damaged
    page tree (no MediaBox, a NaN box, a loop) it raises a second time and replaces the
    ``InputError`` the block raised with a pdfminer ``TypeError`` or worse.
    """
    pdf = open_pdf(path, password)
    try:
        yield pdf
    finally:
        try:
            pdf.close()
        except Exception:
            pdf.stream.close()  # the page tree is damaged: at least release the file


def read_pages_pdfplumber(
    path: str | Path,
    settings: TableSettings = DEFAULT_SETTINGS,
    password: str | None = None,
    pages: list[int] | None = None,
) -> Iterator[PageContent]:
    """The reference reader: a page's parsed objects are freed before the next."""
    with opened_pdf(Path(path), password) as pdf:
        for index, page in selected_pages(pdf, pages):
            try:
                yield read_page(page, index, settings)
            finally:
                page.close()


def selected_pages(pdf: Any, pages: list[int] | None) -> Iterator[tuple[int, Any]]:
    """(0-based index, pdfplumber page) of the wanted pages; a damaged page tree is an
    :class:`InputError` like any other unreadable file."""
    try:
        page_list = pdf.pages
    except MemoryError:
        raise
    except Exception as exc:
        raise InputError("corrupt_pdf", f"the PDF's page tree is damaged: {exc}") from exc
    if not page_list:
        # A truncated (often linearized) file whose page tree is gone reads as 0 pages: it
        # is damaged, not a scan without a text layer.
        raise InputError("corrupt_pdf", "the PDF has no readable page (truncated or damaged)")
    for index, page in enumerate(page_list):
        if pages is None or index + 1 in pages:
            yield index, page
