"""Read characters and rulings from a PDF, one page at a time.

This is the only module that touches pdfplumber's objects; every later step works on
:class:`PageContent`, so another reader can feed the same steps: :mod:`.readers` picks the
fast reader (:mod:`.fast_source`, the default) or this pdfplumber reader, which is the
reference the fast one is tested against. Which shapes are rulings is :mod:`.rulings`, shared
by both. Pages are yielded and released one by one so memory stays bounded on long documents.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect

from .doc_cache import bound_caches, release_streams
from .errors import InputError, check_header
from .model import Char, PageContent, Segment
from .ref_loops import guard_reference_loops
from .rotation import turn_of
from .rulings import is_invisible, line_segments, polyline_segments, rect_segments
from .settings import DEFAULT_SETTINGS, TableSettings


def _line_segments(obj: dict[str, Any], settings: TableSettings) -> list[Segment]:
    return line_segments(obj["x0"], obj["x1"], obj["top"], obj["bottom"], settings)


def _curve_segments(obj: dict[str, Any], settings: TableSettings) -> list[Segment]:
    """Axis-parallel pieces of a path; some producers draw whole grids as one path."""
    return polyline_segments(obj.get("pts") or [], settings)


def _invisible(rect: dict[str, Any]) -> bool:
    """A white, unstroked rectangle paints background (Excel exports cover whole sheets)."""
    return is_invisible(rect.get("stroke"), rect.get("fill"), rect.get("non_stroking_color"))


def _size(char: dict[str, Any]) -> float:
    return char.get("size") or 0.0


def _turn(char: dict[str, Any]) -> int:
    a, b = char["matrix"][:2]
    return turn_of(a, b)


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
        Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], _size(c), turn=_turn(c))
        for c in page.chars
        if c["text"].strip() or c["text"] == " "
    ]
    return PageContent(page.page_number, float(page.width), float(page.height), chars, segments)


def open_pdf(path: Path, password: str | None) -> Any:
    """pdfplumber's PDF, or the :class:`InputError` a user can act on."""
    check_header(path)
    try:
        try:
            return _guarded(pdfplumber.open(path, password=password or ""))
        except Exception as exc:
            # An owner-only encrypted PDF (empty user password) opens without one, whatever
            # password the user gave for the other files of a batch.
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
            if not (password and isinstance(cause, PDFPasswordIncorrect)):
                raise
            return _guarded(pdfplumber.open(path, password=""))
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


def _guarded(pdf: Any) -> Any:
    """The PDF with reference loops made errors (:mod:`.ref_loops`) before its page list,
    which resolves every page's ``/Contents``, is built; its caches bounded (:mod:`.doc_cache`)."""
    guard_reference_loops(pdf.doc)
    bound_caches(pdf)
    return pdf


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
                release_streams(pdf)


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
