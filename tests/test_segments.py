"""A long document read a segment of pages at a time (issue 14's flat memory).

``read_spooled`` cuts a document longer than ``segment_pages`` where no table runs over a
page break, parses each segment with the pages before it as context, and writes it out; the
output must be the whole document's, byte for byte, and what is alive must not grow with
the document. Segments far shorter than the default (100 pages) make these documents
several segments each.
"""

from __future__ import annotations

import gc
import io
from pathlib import Path

import pytest
from test_memory_flat import _table_pages

import jixiao
from conftest import SAMPLES, real_pdf
from jixiao.extract import Segment, TableSettings, extract_document, extract_segments
from jixiao.extract.model import Cell
from jixiao.schema import segments


def _text(path: Path, segment_pages: int | None) -> str:
    spooled = jixiao.read_spooled(path, ocr="never", segment_pages=segment_pages)
    out = io.StringIO()
    spooled.write(out.write)
    spooled.close()
    return out.getvalue()


def _segments(path: Path, segment_pages: int) -> list[int]:
    return [
        s.start
        for s in extract_segments(path, TableSettings(), segment_pages=segment_pages, overlap=4)
    ]


@pytest.mark.parametrize("name", sorted(p.name for p in SAMPLES.glob("*.pdf")))
def test_a_sample_read_in_two_page_segments_gives_the_whole_documents_bytes(name: str) -> None:
    path = SAMPLES / name
    assert _text(path, 2) == _text(path, None)


def test_the_samples_are_cut_into_segments_where_no_table_runs_over() -> None:
    """The cuts fall before a page whose first table is a new one, so each table is whole
    in the one segment that owns it: the owned tables are the whole document's, in order."""
    path = SAMPLES / "synthetic_project_self_eval_docx.pdf"  # a form runs over pages 2-3
    whole = extract_document(path)
    starts, owned = [], []
    for segment in extract_segments(path, TableSettings(), segment_pages=1, overlap=2):
        starts.append(segment.start)
        owned += [t for t in segment.doc.tables if t.pages[0] >= segment.start]
        assert all(segment.start - 2 <= t.pages[0] for t in segment.doc.tables)
    assert len(starts) >= 3, starts
    assert [t.pages for t in owned] == [t.pages for t in whole.tables]
    assert [[c.text for c in t.cells] for t in owned] == [
        [c.text for c in t.cells] for t in whole.tables
    ]
    running_over = [t.pages for t in whole.tables if len(t.pages) > 1]
    assert running_over, "the docx rendering has a table over a page break"
    for pages in running_over:
        assert not any(pages[0] < start <= pages[-1] for start in starts)


LONG = [
    "beijing_econ_infotech_2026_budget_ms_print_to_pdf.pdf",
    "fujian_fuzhou_civil_affairs_2026_budget_word2016.pdf",
    "shaanxi_xian_finance_bureau_2026_budget.pdf",
    "shaanxi_xian_health_commission_2022_final_accounts_dept_and_project_selfeval.pdf",
    "shenzhen_baoan_songgang_project_target_declaration_libreoffice.pdf",
]


@pytest.mark.parametrize("name", LONG)
def test_a_long_real_report_read_in_50_page_segments_gives_the_whole_documents_bytes(
    name: str,
) -> None:
    """The real reports over 50 pages: project and department forms, 自评表 of both kinds,
    sheet strips (Shenzhen). ``benchmarks/parse_locality.py`` shows where shorter segments
    lose context (docs/internals.md)."""
    path = real_pdf(name)
    assert len(_segments(path, 50)) >= 2
    assert _text(path, 50) == _text(path, None)


def test_a_target_only_start_does_not_decide_for_the_whole_report(tmp_path: Path) -> None:
    """A budget's target forms (no actual column) followed by a 自评表 with actuals: the first
    segments alone look like a target-only form, but the report is not one, so their records
    are assessed as the whole document's are (they wait, pickled, until the last segment)."""
    pypdf = pytest.importorskip("pypdf")
    budget = real_pdf("shandong_yantai_statistics_2026_budget_pdf24.pdf")
    writer = pypdf.PdfWriter()
    for part in (budget, SAMPLES / "synthetic_project_self_eval_reportlab.pdf"):
        writer.append(str(part))
    path = tmp_path / "budget_then_self_eval.pdf"
    with path.open("wb") as f:
        writer.write(f)
    assert len(_segments(path, 5)) >= 3
    whole = _text(path, None)
    assert '"status": "target_only"' not in whole
    assert _text(path, 5) == whole
    # The control: the budget alone is a target-only form.
    assert '"status": "target_only"' in _text(budget, None)


def test_a_segmented_conversion_holds_one_segment_of_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Extracted cells alive after each segment is written: a segment's and its context's,
    for 24 table pages as for 6 (2-page segments, 4 pages of context), where the whole
    document holds them all."""
    add = segments.SegmentSpooler.add
    alive: list[int] = []

    def counting(self: segments.SegmentSpooler, segment: Segment) -> None:
        add(self, segment)
        gc.collect()
        alive.append(sum(type(o) is Cell for o in gc.get_objects()))

    monkeypatch.setattr(segments.SegmentSpooler, "add", counting)
    peaks = {}
    gc.collect()
    before = sum(type(o) is Cell for o in gc.get_objects())  # other tests' leftovers
    for pages in (6, 24):
        pdf = _table_pages(tmp_path, pages)
        alive.clear()
        spooled = jixiao.read_spooled(pdf, ocr="never", segment_pages=2)
        assert len(spooled.records) == 20 * pages
        spooled.close()
        assert len(alive) >= pages // 3
        peaks[pages] = max(alive) - before
    # The control: the whole document's cells, alive at once when it is read whole.
    doc = extract_document(_table_pages(tmp_path, 24))
    per_page = sum(len(t.cells) for t in doc.tables) // 24
    assert per_page >= 100
    # At most a segment's pages (2, or 3 where a cut waits for a page that starts a new
    # table) and its 4 pages of context, for 24 pages as for 6.
    assert max(peaks.values()) <= 7 * per_page < 24 * per_page
