"""jixiao: performance-report PDFs (绩效) to validated, structured data.

>>> import jixiao
>>> report = jixiao.parse("samples/gz_kx_2021_faithful.pdf")
>>> report.records[0].amount_wan
Decimal('239')
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .extract import Document, TableSettings, extract_document
from .extract.errors import InputError
from .parsers import parse_document
from .schema import Report, Source, dumps, json_schema
from .schema.build import build_report

if TYPE_CHECKING:
    from PIL import Image

__all__ = [
    "InputError",
    "Report",
    "TableSettings",
    "dumps",
    "inspect",
    "inspect_pages",
    "json_schema",
    "parse",
]
__version__ = "0.1.0"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def parse(
    path: str | Path,
    *,
    password: str | None = None,
    settings: TableSettings | None = None,
    engine: str = "auto",
) -> Report:
    """Read one PDF into a validated :class:`Report`.

    ``engine`` finds the tables: ``auto`` (default: ruled tables by jixiao's own ruling
    analysis, camelot stream for a page with columns of text but no rules), ``pdfplumber``
    (ruled tables only) or ``camelot`` (camelot lattice and stream for everything).
    Raises :class:`InputError` (with a stable ``code``) for files that are not readable PDFs
    with a text layer; everything the pipeline guessed is in ``report.warnings``.
    """
    path = Path(path)
    doc = _extract(path, settings, password, engine)
    return build_report(_source(path, doc.pages, engine), doc, parse_document(doc))


def _extract(
    path: Path, settings: TableSettings | None, password: str | None, engine: str
) -> Document:
    doc = extract_document(path, settings or TableSettings(), password, engine=engine)
    if doc.text_pages == 0:
        raise InputError(
            "no_text_layer",
            "no page has a text layer (a scanned/image-only PDF); OCR is not supported",
        )
    return doc


def _source(path: Path, pages: int, engine: str) -> Source:
    return Source(
        file=path.name,
        sha256=_sha256(path),
        pages=pages,
        jixiao_version=__version__,
        engine=engine,
    )


def inspect_pages(
    path: str | Path,
    pages: Sequence[int] | None = None,
    *,
    tables_only: bool = False,
    scale: float = 2.0,
    password: str | None = None,
    settings: TableSettings | None = None,
    engine: str = "auto",
) -> Iterator[tuple[int, Image.Image]]:
    """(page number, overlay picture) per page: rulings, tables, cells (merged ones tinted),
    header cells coloured by role, record numbers, characters in no cell (red) and the
    page's warnings in the margin. ``tables_only`` skips the layouts (unknown layouts)."""
    from .schema.inspect import overlays

    path = Path(path)
    doc = _extract(path, settings, password, engine)
    report = None
    if not tables_only:
        report = build_report(_source(path, doc.pages, engine), doc, parse_document(doc))
    yield from overlays(path, doc, report, pages, settings=settings, password=password, scale=scale)


def inspect(
    path: str | Path,
    page: int,
    *,
    tables_only: bool = False,
    scale: float = 2.0,
    password: str | None = None,
    settings: TableSettings | None = None,
    engine: str = "auto",
) -> Image.Image:
    """The overlay picture of one page (1-based); see :func:`inspect_pages`."""
    pictures = inspect_pages(
        path,
        [page],
        tables_only=tables_only,
        scale=scale,
        password=password,
        settings=settings,
        engine=engine,
    )
    for _, image in pictures:
        return image
    raise ValueError(f"{path} has no page {page}")
