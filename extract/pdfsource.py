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
from pdfminer.layout import LTChar
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFGraphicState, PDFPageInterpreter, PDFStackT
from pdfminer.pdftypes import stream_value
from pdfminer.utils import MATRIX_IDENTITY
from pdfplumber.page import PDFPageAggregatorWithMarkedContent
from pdfplumber.utils.exceptions import PdfminerException

from . import clip
from .doc_cache import bound_caches, close, release_page
from .errors import InputError, check_header
from .model import Char, Cut, PageContent, Segment
from .ref_loops import guard_reference_loops
from .rotation import turn_of
from .rulings import (
    Paint,
    is_invisible,
    line_segments,
    paint_colour,
    polyline_segments,
    rect_rulings,
)
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


def _char(c: dict[str, Any]) -> Char:
    return Char(c["text"], c["x0"], c["x1"], c["top"], c["bottom"], _size(c), turn=_turn(c))


class _ClipState(PDFGraphicState):
    """pdfminer's graphics state with the clip (:mod:`.clip`), saved and restored with it."""

    clip: clip.ClipBox | None = None

    def copy(self) -> _ClipState:
        obj = _ClipState()
        obj.__dict__.update(self.__dict__)
        return obj


class _ClippingInterpreter(PDFPageInterpreter):
    """pdfminer's interpreter, with the characters a clip path hides left out."""

    def __init__(
        self,
        rsrcmgr: Any,
        device: Any,
        report: clip.ClipReport | None = None,
        page: Any = None,
    ) -> None:
        super().__init__(rsrcmgr, device)
        self.report = clip.ClipReport() if report is None else report
        self.page = page  # pdfplumber's page: turns a cut glyph into a Char as it does
        self.form_of: tuple[clip.ClipBox | None] | None = None  # (page's clip) in a form
        self.clip_box: clip.ClipBox | None = None  # the clip the content is drawn in

    def dup(self) -> _ClippingInterpreter:
        return self.__class__(self.rsrcmgr, self.device, self.report, self.page)

    def subinterp(self) -> PDFPageInterpreter:
        interp = super().subinterp()
        assert isinstance(interp, _ClippingInterpreter)
        interp.form_of = (self.graphicstate.clip,)
        return interp

    def render_contents(
        self, resources: Any, streams: Any, ctm: clip.Matrix = MATRIX_IDENTITY
    ) -> None:
        if self.form_of is not None:  # a Form XObject draws inside its BBox
            bbox = stream_value(streams[0]).get("BBox")
            self.clip_box = clip.form_clip(self.form_of[0], bbox, ctm)
        super().render_contents(resources, streams, ctm)

    def init_state(self, ctm: Any) -> None:
        super().init_state(ctm)
        self.graphicstate = _ClipState()
        self.graphicstate.clip = self.clip_box

    def do_W(self) -> None:
        box = clip.path_box(self.curpath, self.ctm)
        self.graphicstate.clip = clip.narrowed(self.graphicstate.clip, box)

    def do_W_a(self) -> None:
        self.do_W()

    def do_TJ(self, seq: PDFStackT) -> None:
        box = self.graphicstate.clip
        if box is None:
            super().do_TJ(seq)
            return
        objs = self.device.cur_item._objs  # pdfminer keeps no other handle on new items
        start = len(objs)
        super().do_TJ(seq)
        chars = [obj for obj in objs[start:] if isinstance(obj, LTChar)]
        boxes = [(c.x0, c.y0, c.x1, c.y1) for c in chars]
        texts = [c.get_text() for c in chars]
        held = clip.cut_glyphs(box, boxes, texts)
        flags = self.report.keep(box, boxes, texts, held)
        if any(held):
            self._hold(box, chars, flags, held)
        dropped = {id(c) for c, keep in zip(chars, flags, strict=True) if not keep}
        objs[start:] = [obj for obj in objs[start:] if id(obj) not in dropped]

    def _hold(
        self, box: clip.ClipBox, chars: list[LTChar], flags: list[bool], held: list[bool]
    ) -> None:
        """Keep the glyphs the clip's top or bottom edge cuts, in pdfplumber's frame."""
        page = self.page
        mb_x0, mb_top = page.mediabox[:2]
        x0, y0, x1, y1 = box
        frame = (x0 + mb_x0, (page.height - y1) + mb_top, x1 + mb_x0, (page.height - y0) + mb_top)
        self.report.cut += [
            Cut(_char(page.process_object(c)), frame, keep)
            for c, keep, h in zip(chars, flags, held, strict=True)
            if h
        ]


def read_layout(page: Any) -> clip.ClipReport:
    """Lay the page out as pdfplumber would, clip paths applied; what the clips did.

    pdfplumber builds ``Page.layout`` with pdfminer's interpreter, which ignores clip paths,
    and caches it in ``_layout``; filling that cache first makes every pdfplumber property
    (chars, rects, …) read the clipped layout.
    """
    device = PDFPageAggregatorWithMarkedContent(
        page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams
    )
    interpreter = _ClippingInterpreter(page.pdf.rsrcmgr, device, page=page)
    try:
        interpreter.process_page(page.page_obj)
    except Exception as e:  # as pdfplumber's Page.layout reports it
        raise PdfminerException(e) from e
    page._layout = device.get_result()
    return interpreter.report


def page_content(page: Any, settings: TableSettings = DEFAULT_SETTINGS) -> PageContent:
    clipped = read_layout(page)
    area = page.width * page.height
    paints = [
        Paint(
            rect["x0"],
            rect["top"],
            rect["x1"],
            rect["bottom"],
            bool(rect.get("stroke")),
            paint_colour(rect.get("non_stroking_color")) if rect.get("fill") else None,
        )
        for rect in page.rects
        if rect["width"] * rect["height"] < settings.background_share * area
        and not _invisible(rect)
    ]
    segments: list[Segment] = rect_rulings(paints, settings)
    for line in page.lines:
        segments.extend(_line_segments(line, settings))
    for curve in page.curves:
        segments.extend(_curve_segments(curve, settings))
    chars = [_char(c) for c in page.chars if c["text"].strip() or c["text"] == " "]
    content = PageContent(page.page_number, float(page.width), float(page.height), chars, segments)
    content.notices += clipped.notices(content.number)
    content.cut = clipped.cut
    return content


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

    Not pdfplumber's own ``with``: its ``close()`` builds ``pdf.pages`` again, so on a damaged
    page tree (no MediaBox, a NaN box, a loop) it raised a second time and replaced the
    ``InputError`` the block raised with a pdfminer ``TypeError`` or worse
    (:func:`.doc_cache.close`).
    """
    pdf = open_pdf(path, password)
    try:
        yield pdf
    finally:
        close(pdf)


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
                release_page(pdf, page)


def selected_pages(pdf: Any, pages: list[int] | None) -> Iterator[tuple[int, Any]]:
    """(0-based index, pdfplumber page) of the wanted pages, each built as it is reached; a
    damaged page tree is an :class:`InputError` like any other unreadable file.

    Not ``pdf.pages``: pdfplumber builds every page object first and keeps them all, about
    5 KB a page (25 MB for 5,000 pages) however few are alive at once; here a page is
    built, read and let go. The page's ``doctop`` adds up the heights above it, as there.
    """
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    tree = PDFPage.create_pages(pdf.doc)
    doctop = 0.0
    index = 0
    while True:
        try:
            page = Page(pdf, next(tree), page_number=index + 1, initial_doctop=doctop)
        except StopIteration:
            break
        except MemoryError:
            raise
        except Exception as exc:
            raise InputError("corrupt_pdf", f"the PDF's page tree is damaged: {exc}") from exc
        doctop += page.height
        index += 1
        if pages is None or index in pages:
            yield index - 1, page
    if not index:
        # A truncated (often linearized) file whose page tree is gone reads as 0 pages: it
        # is damaged, not a scan without a text layer.
        raise InputError("corrupt_pdf", "the PDF has no readable page (truncated or damaged)")
