"""Report + PDF → one self-contained HTML review page (``jixiao review``).

Analysts sign off on extracted indicators by looking at the page and the record side by
side. The page needs no server and no network: page pictures are embedded as JPEG data
URIs, the records as JSON, and a few lines of vanilla JavaScript draw each record's cell
boxes (from its provenance) over the pictures, link a record and its boxes both ways, and
filter by status, by warnings and by text. Pages without tables are left out (the header
says how many) so a 171-page report stays a file one can mail.
"""

from __future__ import annotations

import base64
import html
import io
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..extract.overlay import render_page
from .models import Quantity, Record, Report

SCALE = 1.5  # pixels per point of the embedded pictures
JPEG_QUALITY = 70
# The record statuses of the schema (models.Record.status), each a filter of the page;
# "other" catches what a newer or older output may hold.
STATUSES = ("met", "not_met", "unclear", "qualitative", "target_only")
_PLACEHOLDER = re.compile(r"\{(title|statuses|style|script|figures|data)\}")


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


def _quantity(q: Quantity | None) -> dict[str, Any] | None:
    if q is None:
        return None
    return {
        "op": q.op,
        "value": _number(q.value),
        "upper": _number(q.upper),
        "unit": q.unit,
        "subject": q.subject,
        "inferred": q.inferred,
    }


def _record(index: int, r: Record) -> dict[str, Any]:
    """What the page shows of a record; numbers stay decimal strings (exact)."""
    return {
        "index": index,
        "status": r.status,
        "project": r.project,
        "section": r.section,
        "category": r.category,
        "goal": r.goal,
        "level1": r.level1,
        "level2": r.level2,
        "indicator": r.indicator,
        "amount_wan": _number(r.amount_wan),
        "target": r.target,
        "actual": r.actual,
        "detail": r.detail,
        "weight": _number(r.weight),
        "score": _number(r.score),
        "unit": r.unit,
        "pages": r.pages,
        "checks": [
            {
                "status": c.status,
                "reason": c.reason,
                "target": _quantity(c.target),
                "actual": _quantity(c.actual),
            }
            for c in r.checks
        ],
        "cells": {
            name: [[ref.page, *ref.bbox, ref.table, ref.row, ref.column] for ref in refs]
            for name, refs in r.cells.items()
        },
    }


def _page_image(path: Path, page: int, password: str | None) -> tuple[str, int, int]:
    image = render_page(path, page, SCALE, password)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return base64.b64encode(buffer.getvalue()).decode("ascii"), image.width, image.height


def shown_pages(report: Report) -> list[int]:
    """Pages holding a table, a record or a warning: the ones worth looking at."""
    pages: set[int] = set()
    for table in report.tables:
        for cell in table.cells:
            pages.update(range(cell.page, cell.end_page + 1))
    for record in report.records:
        pages.update(record.pages)
    pages.update(w.page for w in report.warnings if w.page is not None)
    return sorted(p for p in pages if 1 <= p <= report.source.pages)


def review_html(report: Report, pdf: str | Path, password: str | None = None) -> str:
    """The review page of ``report``, read from ``pdf``, as one HTML document."""
    pdf = Path(pdf)
    pages = []
    for page in shown_pages(report):
        data, width, height = _page_image(pdf, page, password)
        pages.append({"page": page, "width": width, "height": height, "jpeg": data})
    data = {
        "file": report.source.file,
        "layout": report.layout,
        "title": report.title,
        "pages_total": report.source.pages,
        "scale": SCALE,
        "records": [_record(i, r) for i, r in enumerate(report.records)],
        "warnings": [w.model_dump(mode="json") for w in report.warnings],
        "pages": [{k: v for k, v in p.items() if k != "jpeg"} for p in pages],
    }
    payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    figures = "\n".join(
        f'<figure class="page" id="page-{p["page"]}" data-page="{p["page"]}">'
        f'<figcaption>page {p["page"]}</figcaption><div class="sheet">'
        f'<img alt="page {p["page"]}" width="{p["width"]}" height="{p["height"]}" '
        f'loading="lazy" src="data:image/jpeg;base64,{p["jpeg"]}"></div></figure>'
        for p in pages
    )
    status_boxes = "".join(
        f'<label><input type="checkbox" class="status" value="{s}" checked> {s}</label>'
        for s in (*STATUSES, "other")
    )
    title = html.escape(f"jixiao review: {report.source.file}")
    parts = {
        "title": title,
        "statuses": status_boxes,
        "style": _asset("review.css"),
        "script": _asset("review.js"),
        "figures": figures,
        "data": payload,
    }
    # One pass, so nothing inserted (file names, record text) is taken for a placeholder.
    return _PLACEHOLDER.sub(lambda m: parts[m.group(1)], _asset("review.html"))


def _asset(name: str) -> str:
    """The page's template, style and script live beside this module as plain files."""
    return (Path(__file__).parent / name).read_text(encoding="utf-8")


def write_review(report: Report, pdf: str | Path, target: str | Path, **options: Any) -> Path:
    target = Path(target)
    target.write_text(review_html(report, pdf, **options), encoding="utf-8")
    return target
