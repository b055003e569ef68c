"""Extracted document + report → page overlays (``jixiao inspect``, :func:`jixiao.inspect`).

Puts the stages' findings on the page picture of :mod:`jixiao.extract.overlay`: the
document's tables and rulings, the header roles the layouts matched, each record's number
on its indicator cell (the first field it has when it has no indicator cell) and the
warnings of the page, with the record they concern.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from PIL import Image

from ..extract.model import BBox, Document
from ..extract.overlay import DEFAULT_SCALE, draw, page_marks, render_page
from ..extract.pdfsource import read_pages
from ..extract.settings import TableSettings
from ..parsers.header_cells import header_cells
from .models import Report


def record_labels(report: Report, page: int) -> list[tuple[BBox, str]]:
    """``#index`` on the first printed piece on ``page`` of each record's key field."""
    out: list[tuple[BBox, str]] = []
    for index, record in enumerate(report.records):
        refs = record.cells.get("indicator") or next(iter(record.cells.values()), [])
        for ref in refs:
            if ref.page == page:
                out.append((ref.bbox, f"#{index}"))
                break
    return out


def page_notes(doc: Document, report: Report | None, page: int) -> list[str]:
    if report is None:
        return [f"• {n.code}: {n.message}" for n in doc.notices if n.page == page]
    notes = []
    for w in report.warnings:
        if w.page == page:
            where = f" [record #{w.record}]" if w.record is not None else ""
            notes.append(f"• {w.code}{where}: {w.message}")
    return notes


def overlays(
    path: str | Path,
    doc: Document,
    report: Report | None,
    pages: Sequence[int] | None = None,
    *,
    settings: TableSettings | None = None,
    password: str | None = None,
    scale: float = DEFAULT_SCALE,
) -> Iterator[tuple[int, Image.Image]]:
    """(page number, picture) for each wanted page; ``report`` None draws tables only."""
    roles = {} if report is None else {i: header_cells(t) for i, t in enumerate(doc.tables)}
    wanted = None if pages is None else sorted(set(pages))
    for content in read_pages(path, settings or TableSettings(), password, wanted):
        page = content.number
        marks = page_marks(
            content,
            doc.tables,
            roles=roles,
            labels=record_labels(report, page) if report is not None else (),
            notes=page_notes(doc, report, page),
        )
        yield page, draw(render_page(path, page, scale, password), marks, scale)
