"""jixiao: performance-report PDFs (绩效) to validated, structured data.

>>> import jixiao
>>> report = jixiao.parse("samples/gz_kx_2021_faithful.pdf")
>>> report.records[0].amount_wan
Decimal('239')
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from pathlib import Path

from .extract import TableSettings, extract_document
from .extract.errors import InputError
from .parsers import parse_document
from .parsers.headers import load_synonyms
from .schema import Report, Source, dumps, json_schema
from .schema.build import build_report

__all__ = ["InputError", "Report", "TableSettings", "dumps", "json_schema", "parse"]
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
    synonyms: str | Path | Mapping[str, Sequence[str]] | None = None,
) -> Report:
    """Read one PDF into a validated :class:`Report`.

    ``engine`` finds the tables: ``auto`` (default: ruled tables by jixiao's own ruling
    analysis, camelot stream for a page with columns of text but no rules), ``pdfplumber``
    (ruled tables only) or ``camelot`` (camelot lattice and stream for everything).
    ``synonyms`` adds header wording for indicator tables, as a mapping role → words or the
    path of a TOML file of the same (``indicator = ["考核内容"]``; roles in the README).
    Raises :class:`InputError` (with a stable ``code``) for files that are not readable PDFs
    with a text layer; everything the pipeline guessed is in ``report.warnings``.
    """
    path = Path(path)
    if isinstance(synonyms, (str, Path)):
        synonyms = load_synonyms(synonyms)
    doc = extract_document(path, settings or TableSettings(), password, engine=engine)
    if doc.text_pages == 0:
        raise InputError(
            "no_text_layer",
            "no page has a text layer (a scanned/image-only PDF); OCR is not supported",
        )
    source = Source(file=path.name, sha256=_sha256(path), pages=doc.pages)
    return build_report(source, doc, parse_document(doc, synonyms))
