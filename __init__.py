"""jixiao: performance-report PDFs (绩效) to validated, structured data.

>>> import jixiao
>>> report = jixiao.parse("samples/gz_kx_2021_faithful.pdf")
>>> report.records[0].amount_wan
Decimal('239')

The names below are imported on first use (PEP 562), so ``import jixiao.cli`` for
``jixiao --help`` does not load pdfplumber, pandas or pydantic.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from PIL import Image

    from .extract import TableSettings
    from .extract.errors import InputError
    from .extract.model import Document
    from .parsers.result import ParsedReport
    from .schema import Report, Source, dumps, json_schema
    from .schema.models import Producer
    from .schema.spool import SpooledReport

    _Built = TypeVar("_Built", Report, SpooledReport)

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

#: Pages a segment of a long document holds at least (:func:`read_spooled`); the samples
#: and real PDFs, up to 96 pages, are read whole.
SEGMENT_PAGES = 100

_LAZY = {
    "InputError": "jixiao.extract.errors",
    "TableSettings": "jixiao.extract",
    "Report": "jixiao.schema",
    "dumps": "jixiao.schema",
    "json_schema": "jixiao.schema",
}


def _import_on_first_use(name: str) -> None:
    """Stand a placeholder in for module ``name`` that imports it when an attribute is read.

    pdfminer imports charset_normalizer at load (0.04 s of CPU, a third of pdfminer's own
    import) for one helper that guesses the encoding of text strings neither reader
    decodes; the placeholder keeps that cost off every conversion. Not the standard
    library's ``LazyLoader``: before Python 3.12 a second ``import`` statement reads the
    module's ``__spec__``, which makes a lazy module load at once. The placeholder has its
    own ``__spec__`` and hands any other attribute to the real module, imported then; it
    changes nothing when the module is already imported or not installed.

    ``name`` may be a submodule of a top-level package (``jieba.finalseg``); it is found
    on the package's path without importing the package, which stays as lazy as it was.
    """
    import importlib
    import importlib.machinery
    import importlib.util
    import sys
    import types

    if name in sys.modules:
        return
    package, _, _ = name.partition(".")
    if package == name:
        spec = importlib.util.find_spec(name)
    elif package in sys.modules:
        return  # imported already, with its submodules as it wanted them
    else:
        parent = importlib.util.find_spec(package)
        if parent is None or not parent.submodule_search_locations:
            return
        spec = importlib.machinery.PathFinder.find_spec(name, parent.submodule_search_locations)
    if spec is None:
        return
    placeholder = types.ModuleType(name, f"{name}, imported on first use (jixiao)")
    placeholder.__spec__ = spec

    def real_attribute(attr: str) -> Any:
        if sys.modules.get(name) is placeholder:
            del sys.modules[name]
        return getattr(importlib.import_module(name), attr)

    placeholder.__getattr__ = real_attribute  # type: ignore[method-assign]
    sys.modules[name] = placeholder


_import_on_first_use("charset_normalizer")
# jieba imports its HMM (finalseg: three probability tables, 9 ms of a cold convert) when it
# is imported; jixiao cuts with HMM=False and never reads them.
_import_on_first_use("jieba.finalseg")
# jieba imports pkg_resources, where setuptools still ships it (a Python 3.11 venv has
# setuptools 65 from ensurepip), to open its bundled dictionary; jixiao loads its own word
# list and never asks, but importing pkg_resources scans every installed distribution: 514
# million instructions there, 14 % of a cold convert (2,532 → 2,877 M on the seed).
_import_on_first_use("pkg_resources")


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'jixiao' has no attribute {name!r}")


class _Expired(BaseException):
    """Not an Exception: pdfminer's ``except Exception`` must not swallow the deadline."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise ``InputError("timeout")`` in this thread after ``seconds`` (SIGALRM).

    pdfminer's loops are Python code, so the signal interrupts even a reference loop that
    would never return; a C call that never returns is only stopped by killing the
    process (what ``batch`` does).
    """
    if not seconds:
        yield
        return
    from .extract.errors import InputError

    def expired(signum: int, frame: Any) -> None:
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expired)
    # Repeats every second: cleanup on the way out (pdfplumber's close() walks the same
    # looping page tree again) is interrupted too.
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    except _Expired:
        message = f"conversion took longer than {seconds:g} s and was stopped"
        raise InputError("timeout", message) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def parse(
    path: str | Path,
    *,
    password: str | None = None,
    settings: TableSettings | None = None,
    engine: str = "auto",
    pages: list[int] | None = None,
    timeout: float | None = None,
    synonyms: str | Path | Mapping[str, Sequence[str]] | None = None,
    ocr: str = "auto",
) -> Report:
    """Read one PDF into a validated :class:`Report`.

    ``engine`` finds the tables: ``auto`` (default: ruled tables by jixiao's own ruling
    analysis, camelot stream for a page with columns of text but no rules), ``pdfplumber``
    (ruled tables only) or ``camelot`` (camelot lattice and stream for everything).
    ``pages`` (1-based numbers) reads only those pages. ``timeout`` (seconds) stops a file
    that would take longer — a damaged PDF can send pdfminer into an endless loop — with
    ``InputError("timeout")``; it needs the main thread on POSIX (a batch stops its worker
    processes from outside instead).
    ``synonyms`` adds header wording for indicator tables, as a mapping role → words or the
    path of a TOML file of the same (``indicator = ["考核内容"]``; roles in the README).
    ``ocr``: ``auto`` (default: pages without a text layer are read by OCR when the ``ocr``
    extra is installed), ``never`` or ``always`` (every page, even with a text layer).
    Raises :class:`InputError` (with a stable ``code``) for files that are not readable PDFs
    with a text layer; everything the pipeline guessed is in ``report.warnings``.
    The whole report is held, a model per cell: for a long document, :func:`read_spooled`
    gives the same JSON without holding it (a segment at a time: the same bytes wherever no
    parser needs context from further back than a segment's context pages).
    """
    from .schema.build import build_report

    return _read(
        build_report,
        path,
        password=password,
        settings=settings,
        engine=engine,
        pages=pages,
        timeout=timeout,
        synonyms=synonyms,
        ocr=ocr,
    )


def read_spooled(
    path: str | Path,
    *,
    password: str | None = None,
    settings: TableSettings | None = None,
    engine: str = "auto",
    pages: list[int] | None = None,
    timeout: float | None = None,
    synonyms: str | Path | Mapping[str, Sequence[str]] | None = None,
    ocr: str = "auto",
    segment_pages: int | None = SEGMENT_PAGES,
    progress: Callable[[int], None] | None = None,
) -> SpooledReport:
    """:func:`parse` for a writer: the records and tables as JSON text in temporary files
    (``schema.spool``), the extracted document dropped once they are written there.

    Why: the output puts every record before the first table, so a long document's record
    models and extracted tables were all held until the end. ``jixiao convert`` and
    ``batch`` write ``result.write(...)``: the bytes of ``dumps(parse(path))``.

    A document longer than ``segment_pages`` pages is read, parsed and written a segment at
    a time (``schema.segments``: cut where no table runs over a page break, the 4 pages
    before each segment given to its parsers as context), so memory stays flat however
    long it is; the output is the whole document's when no parser needs context from
    further back (every sample and real PDF, even with 50-page segments). ``None`` reads
    the document whole. ``progress`` is called with each page's number once it is read
    (``jixiao convert --progress``).
    """
    from .schema.build import spool_report

    options: dict[str, Any] = dict(
        password=password,
        settings=settings,
        engine=engine,
        pages=pages,
        timeout=timeout,
        synonyms=synonyms,
        ocr=ocr,
        progress=progress,
    )
    if segment_pages is None:
        return _read(spool_report, path, **options)
    return _read_segments(path, segment_pages, **options)


def _read_segments(
    path: str | Path,
    segment_pages: int,
    *,
    password: str | None,
    settings: TableSettings | None,
    engine: str,
    pages: list[int] | None,
    timeout: float | None,
    synonyms: str | Path | Mapping[str, Sequence[str]] | None,
    ocr: str,
    progress: Callable[[int], None] | None,
) -> SpooledReport:
    """:func:`_read` of :func:`~.schema.build.spool_report`, a segment at a time."""
    from .extract import TableSettings, extract_segments
    from .parsers.headers import load_synonyms
    from .schema import Source
    from .schema.digest import sha256_file
    from .schema.segments import OVERLAP_PAGES, SegmentSpooler

    path = Path(path)
    if isinstance(synonyms, (str, Path)):
        synonyms = load_synonyms(synonyms)
    spooler = SegmentSpooler(synonyms)
    try:
        with time_limit(timeout):
            segments = extract_segments(
                path,
                settings or TableSettings(),
                password,
                engine=engine,
                pages=pages,
                ocr=ocr,
                segment_pages=segment_pages,
                overlap=OVERLAP_PAGES,
                progress=progress,
            )
            for segment in segments:
                spooler.add(segment)
                if segment.last:
                    _check_read(segment.doc, pages, ocr)
                    count = segment.doc.pages
                del segment
            source = Source(file=path.name, sha256=sha256_file(path), pages=count)
            built = spooler.finish(source)
    except BaseException:
        spooler.close()
        raise
    built.report.producer = producer(engine, pages, settings, synonyms, ocr)
    return built


def _read(
    build: Callable[[Source, Document, ParsedReport], _Built],
    path: str | Path,
    *,
    password: str | None,
    settings: TableSettings | None,
    engine: str,
    pages: list[int] | None,
    timeout: float | None,
    synonyms: str | Path | Mapping[str, Sequence[str]] | None,
    ocr: str,
    progress: Callable[[int], None] | None = None,
) -> _Built:
    """Extract, parse and ``build`` (a :class:`Report`, or one spooled), with the producer."""
    from .extract import TableSettings, extract_document
    from .parsers import parse_document
    from .parsers.headers import load_synonyms
    from .schema import Source
    from .schema.digest import sha256_file
    from .schema.spool import SpooledReport

    path = Path(path)
    if isinstance(synonyms, (str, Path)):
        synonyms = load_synonyms(synonyms)
    with time_limit(timeout):
        doc = extract_document(
            path,
            settings or TableSettings(),
            password,
            engine=engine,
            pages=pages,
            ocr=ocr,
            progress=progress,
        )
        _check_read(doc, pages, ocr)
        source = Source(file=path.name, sha256=sha256_file(path), pages=doc.pages)
        parsed = parse_document(doc, synonyms)
        # The lookup indexes cost as much as the cells; nothing after the parsers needs them.
        for table in doc.tables:
            table.drop_indexes()
        built = build(source, doc, parsed)
        del parsed
    del doc
    report = built.report if isinstance(built, SpooledReport) else built
    report.producer = producer(engine, pages, settings, synonyms, ocr)
    return built


def _check_read(doc: Document, pages: list[int] | None, ocr: str) -> None:
    """The errors of a document read without error that gave nothing to parse."""
    from .extract.errors import InputError

    if pages is not None and doc.pages == 0:  # [] too: it asks for no page at all
        wanted = ",".join(map(str, sorted(set(pages)))) or "(none)"
        raise InputError("no_such_page", f"the PDF has none of the pages {wanted}")
    if doc.text_pages == 0:
        raise InputError("no_text_layer", _no_text_message(ocr, doc.ocr_pages))


def _no_text_message(ocr: str, ocr_pages: int) -> str:
    """Why a file without a text layer gave nothing, and what the user can do about it."""
    if ocr_pages:
        return f"no page has a text layer and OCR found no text on {ocr_pages} page(s)"
    if ocr == "never":
        return "no page has a text layer (a scanned/image-only PDF); --ocr never was given"
    from .extract.ocr_mode import INSTALL_HINT

    return f"no page has a text layer (a scanned/image-only PDF); to read it by OCR, {INSTALL_HINT}"


def producer(
    engine: str = "auto",
    pages: list[int] | None = None,
    settings: TableSettings | None = None,
    synonyms: str | Path | Mapping[str, Sequence[str]] | None = None,
    ocr: str = "auto",
) -> Producer:
    """The version and options recorded in every output (``batch --resume`` compares it).

    User synonyms change records, so their content (not the file name) is recorded as a
    digest: editing the TOML file makes ``--resume`` convert again. A non-default OCR mode
    is recorded too (``options.ocr``): it decides which pages are read from pictures.
    """
    import hashlib
    import json
    from dataclasses import fields

    from .schema.models import Producer

    options: dict[str, str] = {}
    if settings is not None:  # not imported otherwise: a batch's parent reads no PDF
        default = type(settings)()
        for f in fields(settings):
            if getattr(settings, f.name) != getattr(default, f.name):
                options[f"settings.{f.name}"] = str(getattr(settings, f.name))
    if ocr != "auto":
        options["ocr"] = ocr
    if isinstance(synonyms, (str, Path)):
        from .parsers.headers import load_synonyms

        synonyms = load_synonyms(synonyms)
    if synonyms:
        canonical = json.dumps(
            {role: list(words) for role, words in sorted(synonyms.items())}, ensure_ascii=False
        )
        options["synonyms"] = hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
    return Producer(
        jixiao=__version__,
        engine=engine,
        pages=sorted(set(pages)) if pages else None,
        options=options,
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
    ocr: str = "auto",
) -> Iterator[tuple[int, Image.Image]]:
    """(page number, overlay picture) per page: rulings, tables, cells (merged ones tinted),
    header cells coloured by role, record numbers, characters in no cell (red) and the
    page's warnings in the margin. ``tables_only`` skips the layouts (unknown layouts).

    The whole document is read whatever ``pages`` says, so tables stitched over pages and
    record numbers are those of ``parse`` (and of the JSON output).
    """
    from .extract import TableSettings, extract_document
    from .parsers import parse_document
    from .schema import Source
    from .schema.build import build_report
    from .schema.digest import sha256_file
    from .schema.inspect import overlays

    path = Path(path)
    doc = extract_document(path, settings or TableSettings(), password, engine=engine, ocr=ocr)
    if doc.text_pages == 0:
        raise InputError("no_text_layer", _no_text_message(ocr, doc.ocr_pages))
    report = None
    if not tables_only:
        source = Source(file=path.name, sha256=sha256_file(path), pages=doc.pages)
        report = build_report(source, doc, parse_document(doc))
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
    ocr: str = "auto",
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
        ocr=ocr,
    )
    for _, image in pictures:
        return image
    raise ValueError(f"{path} has no page {page}")
