"""Pick the PDF reader: the one interface the extraction steps read pages through.

``fast`` (default) is :mod:`.fast_source`; ``pdfplumber`` is :mod:`.pdfsource`, the
reference the fast reader is held to, page for page, by tests/test_reader_parity.py. Both
yield :class:`PageContent` page by page with the same errors; neither imports this module
nor, the fast reader's fallback aside, the other.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from . import fast_source, pdfsource
from .model import PageContent
from .page_cuts import settled
from .settings import DEFAULT_SETTINGS, TableSettings

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
    """Yield every page's content with the chosen reader (both give the same content), each
    line a page break cuts in two read once (:mod:`.page_cuts`): a page is yielded once the
    next one is read."""
    name = reader or default_reader()
    if name == "pdfplumber":
        yield from settled(pdfsource.read_pages_pdfplumber(path, settings, password, pages))
    elif name == "fast":
        yield from settled(fast_source.read_pages_fast(path, settings, password, pages))
    else:
        raise ValueError(f"unknown reader {name!r}; choose one of {', '.join(READERS)}")
