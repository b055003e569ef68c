"""Keep pdfminer's per-document caches from growing with the page count.

pdfminer keeps every object it has resolved until the document is closed
(``PDFDocument._cached_objs``), streams included, and every font it has built
(``PDFResourceManager._cached_fonts``), each font holding its embedded font file decoded
(a TrueType font is parsed for its character map). Pages whose fonts are shared cost little;
but producers that give every page its own copy of the fonts, and any concatenated
document, kept 60 MB of decoded font files alive over 1,000 pages. Here:

- streams resolved while reading a page are dropped from the object cache once the page is
  read (object streams excepted: other objects are found through them). pdfminer reads a
  stream again from the file when a later page refers to it; the content is the same;
- at most :data:`FONTS` fonts are kept (the least recently used is dropped), so a document
  with a font copy per page keeps a fixed number of them. A font dropped and needed again is
  built again from the file, the same font.
"""

from __future__ import annotations

from typing import Any

from pdfminer.pdfdocument import LITERAL_OBJSTM
from pdfminer.pdftypes import PDFStream

#: Fonts kept built at once: far more than a page uses, so pages sharing fonts never rebuild.
FONTS = 32


class _StreamLog(dict):
    """pdfminer's object cache, noting which streams were added (resolving one is the only
    way objects enter it, so nothing else has to be scanned)."""

    __slots__ = ("streams",)

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.streams: list[int] = []

    def __setitem__(self, objid: int, value: tuple[object, int]) -> None:
        super().__setitem__(objid, value)
        obj = value[0]
        if type(obj) is PDFStream and obj.attrs.get("Type") is not LITERAL_OBJSTM:
            self.streams.append(objid)


class _Fonts(dict):
    """A font cache that forgets the font used least recently beyond :data:`FONTS`
    (pdfminer asks ``objid in cache``, then ``cache[objid]``: a hit moves it to the end)."""

    __slots__ = ()

    def __getitem__(self, objid: object) -> object:
        font = super().pop(objid)
        super().__setitem__(objid, font)
        return font

    def __setitem__(self, objid: object, font: object) -> None:
        super().__setitem__(objid, font)
        if len(self) > FONTS:
            del self[next(iter(self))]


def bound_caches(pdf: Any) -> None:
    """Install the bounded caches on a pdfplumber PDF just opened (before any page)."""
    doc = pdf.doc
    doc._cached_objs = _StreamLog(doc._cached_objs)
    pdf.rsrcmgr._cached_fonts = _Fonts(pdf.rsrcmgr._cached_fonts)


def release_page(pdf: Any, page: Any) -> None:
    """Drop what the page just read holds that no later page needs: the streams it put into
    the object cache, and its own ``/Contents`` streams. pdfplumber builds every page (each
    resolving its contents, raw bytes) when the page list is first asked for, and keeps them
    all until the document is closed: 5.8 MB of a 1,000-page concatenated corpus."""
    page.page_obj.contents = []
    cached = pdf.doc._cached_objs
    if type(cached) is not _StreamLog:
        return
    for objid in cached.streams:
        cached.pop(objid, None)
    cached.streams.clear()


def close(pdf: Any) -> None:
    """Close the file and let go of the document's caches and pages at once.

    Not pdfplumber's ``close()``: it flushes its page list and then walks ``pdf.pages``, which
    builds every page again (resolving each page's contents from the file: 0.2 s for 1,000
    pages) only to close them, and on a damaged page tree it raises. The caches are cleared
    here because the document, its pages and its parser refer to each other: left to the
    cycle collector, they outlived the extraction (20 MB for 1,000 pages).
    """
    pdf.doc._cached_objs.clear()
    pdf.rsrcmgr._cached_fonts.clear()
    pdf.__dict__.pop("_pages", None)
    if not pdf.stream_is_external:
        pdf.stream.close()
