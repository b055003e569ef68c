"""Memory that does not grow with the page count (issue 14): counted objects, not RSS or time.

Three places held something per page until the end of a conversion: pdfminer's caches
(every stream resolved, every font built with its font file decoded), the report's table
models (a pydantic object per cell) and the JSON text of them all. These tests count what
is alive while a document is read and written: the counts stay at a page's (or a cell's)
worth, where keeping everything makes them the document's.
"""

from __future__ import annotations

import gc
import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pdfminer.pdfdocument import LITERAL_OBJSTM
from pdfminer.pdftypes import PDFStream

import jixiao
from conftest import REPO, SAMPLES, real_pdf
from jixiao.cli import main
from jixiao.extract import doc_cache, pdfsource
from jixiao.extract.model import Cell as ExtractCell
from jixiao.extract.model import Char, PageContent
from jixiao.extract.model import Table as ExtractTable
from jixiao.extract.readers import read_pages
from jixiao.parsers.result import RecordData
from jixiao.schema.models import Cell, CellRef, Project, Record

# PDF24 gives every page its own copies of the fonts: 101 fonts over 36 pages.
FONT_PER_PAGE = "shandong_yantai_statistics_2026_budget_pdf24.pdf"
GOLDEN_SAMPLES = sorted(p for p in SAMPLES.glob("*.pdf") if p.with_suffix(".golden.json").exists())


def _table_pages(folder: Path, pages: int) -> Path:
    """Issue 14's case: ``pages`` pages with a ruled indicator table of 20 rows each (the
    benchmark's generator, so the test and the figures in docs/benchmarks.md share it)."""
    pytest.importorskip("reportlab")
    if not Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc").exists():
        pytest.skip("the WenQuanYi font draws the tables")
    spec = importlib.util.spec_from_file_location("bench", REPO / "benchmarks" / "bench.py")
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    return bench.build_table_pages(folder / f"tables_{pages}p.pdf", pages)


def _alive(kind: type) -> int:
    gc.collect()
    return sum(type(o) is kind for o in gc.get_objects())


def _read_counting(
    path: Path, monkeypatch: pytest.MonkeyPatch, fonts: int
) -> tuple[list[PageContent], list[int], list[int]]:
    """Pages read by the fast reader with at most ``fonts`` fonts kept, and after each page
    the fonts kept and the streams left in pdfminer's object cache."""
    monkeypatch.setattr(doc_cache, "FONTS", fonts)
    opened: list[object] = []
    install = doc_cache.bound_caches

    def bound_and_seen(pdf: object) -> None:
        opened.append(pdf)
        install(pdf)

    monkeypatch.setattr(pdfsource, "bound_caches", bound_and_seen)
    pages, kept, streams = [], [], []
    for content in read_pages(path, reader="fast"):
        pdf = opened[-1]
        pages.append(content)
        kept.append(len(pdf.rsrcmgr._cached_fonts))  # type: ignore[attr-defined]
        cached = pdf.doc._cached_objs.values()  # type: ignore[attr-defined]
        streams.append(
            sum(type(o) is PDFStream and o.get("Type") is not LITERAL_OBJSTM for o, _ in cached)
        )
    return pages, kept, streams


def test_reader_keeps_no_page_streams_and_a_bounded_font_cache(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = real_pdf(FONT_PER_PAGE)
    pages, kept, streams = _read_counting(path, monkeypatch, fonts=4)
    assert len(pages) == 36
    assert max(kept) <= 4
    assert streams == [0] * 36  # each page's streams (contents, fonts, CMaps) let go
    # The control: without the bound this document keeps a font per page and more.
    unbounded, kept_all, _ = _read_counting(path, monkeypatch, fonts=100_000)
    assert kept_all[-1] > 36
    # Fonts built again and streams read again from the file give the same characters.
    assert pages == unbounded


def test_read_pages_let_their_content_streams_go_and_closing_builds_no_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """pdfplumber builds every page, each resolving its ``/Contents`` (the raw bytes), the
    first time its page list is asked for, and keeps them until the document is closed;
    its ``close()`` then builds the page list a second time. Pages are built one at a time
    as they are reached, a page's contents are let go once it is read, and closing walks
    the page tree no more."""
    from pdfminer.pdfpage import PDFPage
    from pdfplumber.page import Page

    walks: list[int] = []
    create = PDFPage.create_pages

    def counted(doc: object) -> Iterator[PDFPage]:
        walks.append(1)
        return create(doc)  # type: ignore[arg-type]

    monkeypatch.setattr(PDFPage, "create_pages", staticmethod(counted))
    monkeypatch.setattr(doc_cache, "FONTS", 1)  # a font's file is a stream too
    path = real_pdf(FONT_PER_PAGE)
    alive, pages = [], []
    for _ in read_pages(path, reader="fast"):
        gc.collect()
        objects = gc.get_objects()
        alive.append(
            sum(type(o) is PDFStream and o.get("Type") is not LITERAL_OBJSTM for o in objects)
        )
        pages.append(sum(isinstance(o, Page) for o in objects))
        del objects  # the next walk's list would hold this one, and so every page in it
    assert len(alive) == 36
    # No page is built before it is reached, and page k's contents are gone by the time it
    # is handed on (what is left: the one font kept, its file).
    assert max(alive) <= 2
    assert max(pages) <= 1
    assert len(walks) == 1


@pytest.mark.fresh_process
def test_page_content_is_freed_once_its_tables_are_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """While page k is handed on, the characters alive are those of page k, of page k-1
    (the extraction loop's variable still names it) and, when a line is cut at page k's
    foot, of page k+1 (read to settle that line, extract/page_cuts.py): never the pages
    before."""
    path = real_pdf("putuo-finance-2024-final-accounts.pdf")
    counts: list[tuple[int, int]] = []

    def counting(*args: object, **kwargs: object) -> Iterator[PageContent]:
        for content in read_pages(*args, **kwargs):  # type: ignore[arg-type]
            counts.append((_alive(Char), len(content.chars)))
            yield content

    monkeypatch.setattr("jixiao.extract.read_pages", counting)
    report = jixiao.parse(path)
    assert report.source.pages == len(counts) == 25
    own = [0] + [n for _, n in counts] + [0]
    assert sum(own) > 10_000  # the document is worth keeping an eye on
    for page, (alive, _) in enumerate(counts, 1):
        assert alive <= own[page - 1] + own[page] + own[page + 1], (page, alive, own[page])


@pytest.mark.fresh_process
def test_writer_holds_one_cell_model_at_a_time() -> None:
    pdf = SAMPLES / "gz_kx_2021_faithful.pdf"
    # Reports other tests in this process keep (conftest's cache) hold models too.
    before_cells, before_refs = _alive(Cell), _alive(CellRef)
    spooled = jixiao.read_spooled(pdf)
    assert spooled.report.tables == [] and spooled.report.records == []
    # Nothing of the records' or tables' models is left once they are spooled.
    assert (_alive(Cell), _alive(CellRef)) == (before_cells, before_refs)
    chunks: list[str] = []
    alive: list[int] = []

    def write(text: str) -> None:
        chunks.append(text)
        if len(chunks) % 5 == 0:
            alive.append(_alive(Cell) - before_cells + _alive(CellRef) - before_refs)

    spooled.write(write)
    spooled.close()
    assert len(alive) > 5 and max(alive) == 0  # the writer copies text, it makes no model
    # The same bytes as the golden (written by json.dumps of the whole report).
    golden = pdf.with_name(pdf.stem + ".golden.json").read_text(encoding="utf-8")
    assert "".join(chunks) == golden
    # The control: the report parse() returns holds a model for every cell and reference.
    whole = jixiao.parse(pdf)
    cells = sum(len(t.cells) for t in whole.tables)
    refs = sum(len(v) for r in whole.records for v in r.cells.values())
    assert cells > 100 and refs > 100
    assert _alive(Cell) - before_cells >= cells and _alive(CellRef) - before_refs >= refs
    del whole


@pytest.mark.parametrize("pdf", GOLDEN_SAMPLES, ids=lambda p: p.name)
def test_convert_streams_the_golden_bytes(pdf: Path, tmp_path: Path) -> None:
    """``jixiao convert`` (streamed) writes the golden's bytes, the path it was given in
    ``source.path`` (null in goldens), to a file and to stdout."""
    golden = pdf.with_name(pdf.stem + ".golden.json").read_text(encoding="utf-8")
    path_line = '    "path": null\n'
    assert golden.count(path_line) == 1
    expected = golden.replace(path_line, f'    "path": {json.dumps(pdf.as_posix())}\n')
    out = tmp_path / "out.json"
    assert main(["convert", str(pdf), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == expected
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]  # no temporary file left


def test_convert_to_stdout_streams_the_same_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = SAMPLES / "synthetic_project_self_eval_borderless.pdf"
    out = tmp_path / "out.json"
    assert main(["convert", str(pdf), "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["convert", str(pdf)]) == 0
    assert capsys.readouterr().out == out.read_text(encoding="utf-8")


#: What a conversion makes per page of a table document: extracted cells and tables, the
#: parsers' records, and the output's models.
PER_PAGE_KINDS = (ExtractCell, ExtractTable, RecordData, Record, CellRef, Cell)


def _counts() -> dict[str, int]:
    gc.collect()
    counts = dict.fromkeys((k.__module__ + "." + k.__name__ for k in PER_PAGE_KINDS), 0)
    for o in gc.get_objects():
        kind = type(o)
        if kind in PER_PAGE_KINDS:
            counts[kind.__module__ + "." + kind.__name__] += 1
    return counts


@pytest.mark.fresh_process
def test_projects_are_spooled_as_text_like_records() -> None:
    """A budget lists hundreds of projects, each with its funds and cell references: held as
    models until the report was written, they were the last rise of a long conversion's
    peak (431 projects of the 1,000-page corpus, 4 MB). They wait as text like the records,
    and the bytes are those of the golden (``dumps`` of the whole report)."""
    pdf = SAMPLES / "synthetic_project_self_eval_reportlab.pdf"
    before = _alive(Project)
    spooled = jixiao.read_spooled(pdf)
    assert spooled.report.projects == []
    assert len(spooled.projects) == 3
    assert _alive(Project) == before
    chunks: list[str] = []
    spooled.write(chunks.append)
    spooled.close()
    golden = pdf.with_name(pdf.stem + ".golden.json").read_text(encoding="utf-8")
    assert "".join(chunks) == golden
    # The control: parse() holds them as models.
    assert len(jixiao.parse(pdf).projects) == 3


@pytest.mark.fresh_process
def test_spooled_conversion_keeps_nothing_per_page(tmp_path: Path) -> None:
    """After ``read_spooled`` (what ``convert`` and ``batch`` run) and while its text is
    written, no extracted cell or table, parsed record or output model of the document is
    alive, for 3 pages as for 12: the document's records and tables are text in a
    temporary file. The bytes are those of ``dumps(parse(...))``."""
    for pages in (3, 12):
        pdf = _table_pages(tmp_path, pages)
        before = _counts()
        spooled = jixiao.read_spooled(pdf, ocr="never")
        assert (len(spooled.records), len(spooled.tables)) == (20 * pages, pages)
        assert _counts() == before
        chunks: list[str] = []
        during: list[dict[str, int]] = []

        def write(text: str, chunks: list[str] = chunks, during: list = during) -> None:
            chunks.append(text)
            if len(chunks) % 10 == 0:
                during.append(_counts())

        spooled.write(write)
        spooled.close()
        assert len(during) >= 2 * pages and all(c == before for c in during)
        # The control: the whole report holds the document, growing with its pages.
        whole = jixiao.parse(pdf, ocr="never")
        assert "".join(chunks) == jixiao.dumps(whole)
        held = _counts()
        assert held[Record.__module__ + ".Record"] - before[Record.__module__ + ".Record"] == (
            20 * pages
        )
        assert held[Cell.__module__ + ".Cell"] - before[Cell.__module__ + ".Cell"] >= 100 * pages
        del whole


def _alive_counts(*kinds: type) -> tuple[int, ...]:
    """Live instances of each kind, from one collection and one walk of the heap."""
    gc.collect()
    counts = dict.fromkeys(kinds, 0)
    for o in gc.get_objects():
        if type(o) in counts:
            counts[type(o)] += 1
    return tuple(counts[k] for k in kinds)


@pytest.mark.fresh_process
def test_records_are_assessed_and_let_go_one_at_a_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While ``read_spooled`` writes each of n records, at most one assessment and one
    parsed record are alive: an assessment (quantities, checks) cost as much as its record,
    and assessing them all before writing the first held both for the whole document; the
    parsed records wait pickled on disk until then (``schema/segments.py``). The same for
    3 pages as for 12."""
    from jixiao.parsers import parse_document
    from jixiao.parsers.assess import Assessment, assess_records
    from jixiao.schema import segments

    write_record = segments.record_text
    seen: list[tuple[int, int]] = []

    def counting(record: Record) -> str:
        seen.append(_alive_counts(Assessment, RecordData))
        return write_record(record)

    monkeypatch.setattr(segments, "record_text", counting)
    for pages in (3, 12):
        pdf = _table_pages(tmp_path, pages)
        before = _alive_counts(Assessment, RecordData)
        seen.clear()
        spooled = jixiao.read_spooled(pdf, ocr="never")
        spooled.close()
        n = 20 * pages
        assert len(seen) == n
        assessments = [a - before[0] for a, _ in seen]
        records = [r - before[1] for _, r in seen]
        assert max(assessments) <= 1, assessments
        assert max(records) <= 1, records
        # The control: assessed all at once (as before), every record keeps its assessment.
        from jixiao.extract import extract_document

        parsed = parse_document(extract_document(pdf))
        assess_records(parsed.records)
        assert _alive_counts(Assessment)[0] - before[0] == n
        del parsed


def test_extracted_cells_hold_no_per_cell_empties_or_repeated_texts(tmp_path: Path) -> None:
    """Objects a document's extracted cells hold, per page: the cell and its box, its text
    once per distinct wording (labels repeat on every row and page: interned) and no empty
    list of continuation parts (one shared empty tuple). Counted by identity, 3 pages and 12."""
    from jixiao.extract import extract_document

    per_page: dict[int, float] = {}
    for pages in (3, 12):
        doc = extract_document(_table_pages(tmp_path, pages))
        cells = [c for t in doc.tables for c in t.cells]
        assert len(cells) == 21 * 5 * pages
        parts = {id(c.parts) for c in cells}
        texts = {id(c.text) for c in cells}
        assert len(parts) == 1 and not cells[0].parts
        assert len(texts) == len({c.text for c in cells})
        held = {id(o) for c in cells for o in (c, c.bbox, c.text, c.parts)}
        per_page[pages] = len(held) / pages
        # The control: the same texts built apart (as each cell's was before interning)
        # count apart, one per cell.
        copies = ["".join(list(c.text)) for c in cells if len(c.text) > 1]
        assert len({id(t) for t in copies}) == len(copies) > 2 * len(texts)
        del doc, copies
    # Per page, 105 cells and their boxes and the texts new on that page (its project's
    # name in 20 rows, the first page's labels and numbers): about 2.2 objects a cell.
    assert per_page[12] <= per_page[3] <= 2.3 * 105


_MAPPED_AFTER_A_BIG_FREE = """
import ctypes, sys
class MallInfo2(ctypes.Structure):
    _fields_ = [(n, ctypes.c_size_t) for n in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd",
        "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]
libc = ctypes.CDLL(None)
libc.mallinfo2.restype = MallInfo2
if sys.argv[1] == "steady":
    from jixiao.schema.heap import steady_heap
    assert steady_heap()
big = bytearray(4 << 20)  # a decoded content stream, say
del big
before = libc.mallinfo2().hblks
buffer = bytearray(1 << 20)
print(libc.mallinfo2().hblks - before)
"""


@pytest.mark.parametrize(("mode", "mapped"), [("steady", "1"), ("glibc default", "0")])
def test_a_freed_big_buffer_does_not_send_the_next_ones_to_the_heap(mode: str, mapped: str) -> None:
    """schema.heap: after a 4 MB buffer is freed, glibc by default serves 1 MB ones from the
    heap (which cannot give them back past a live object); with the threshold fixed, each
    still gets its own mapping. The control runs without it, in a fresh process each."""
    import ctypes
    import subprocess
    import sys

    if not hasattr(ctypes.CDLL(None), "mallinfo2"):
        pytest.skip("not glibc 2.33 or later")
    run = subprocess.run(
        [sys.executable, "-c", _MAPPED_AFTER_A_BIG_FREE, mode],
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.strip() == mapped
