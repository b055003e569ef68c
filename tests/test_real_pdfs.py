"""Real government PDFs from ../shared/real-pdfs (skipped when that folder is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

import jixiao
from conftest import parsed, real_pdf, real_pdfs
from jixiao.extract import extract_document
from jixiao.schema.models import Record


@pytest.mark.parametrize("path", real_pdfs(), ids=lambda p: p.name)
def test_every_real_pdf_yields_tables_without_error(path: Path) -> None:
    report = parsed(path)
    assert report.source.pages > 0
    assert report.tables, "no table found"
    for table in report.tables:
        slots = set()
        for cell in table.cells:
            for r in range(cell.row, cell.row + cell.rowspan):
                for c in range(cell.column, cell.column + cell.colspan):
                    assert (r, c) not in slots, f"cells overlap at {(r, c)}"
                    slots.add((r, c))
            assert 0 <= cell.row < table.n_rows and 0 <= cell.column < table.n_columns
    jixiao.Report.model_validate_json(jixiao.dumps(report))


def test_unknown_layout_keeps_tables_and_has_no_records() -> None:
    report = parsed(real_pdf("putuo-finance-2024-final-accounts.pdf"))
    assert report.layout == "unknown"
    assert report.records == []
    assert len(report.tables) >= 5
    multi_page = [t for t in report.tables if len(t.pages) > 1]
    assert multi_page, "tables continued over pages should be stitched"


def test_pdfplumber_issue_336_merged_chinese_cells() -> None:
    doc = extract_document(real_pdf("pdfplumber-issue-336-example.pdf"))
    assert [t.n_rows for t in doc.tables] == [8, 11, 2]
    assert all(len(t.pages) == 1 for t in doc.tables)
    merged = [c for t in doc.tables for c in t.cells if c.rowspan > 1 or c.colspan > 1]
    assert merged, "the example has row and column spans"


def test_budget_table_continued_over_pages_drops_repeated_headers() -> None:
    report = parsed(real_pdf("putuo-wanli-2023-budget-pages1-32.pdf"))
    continued = [t for t in report.tables if t.pages == [20, 21, 22, 23]]
    assert len(continued) == 1
    dropped = [w.page for w in report.warnings if w.code == "repeated_header_dropped"]
    assert dropped == [21, 22, 23]
    # Separate copies of the 填报表 (one per project) are never stitched together.
    forms = [t for t in report.tables if 31 in t.pages or 32 in t.pages]
    assert [t.pages for t in forms] == [[31], [32]]
    assert not [w for w in report.warnings if w.code == "row_rejoined"]


def test_rows_at_a_page_break_stay_apart_when_the_next_page_reprints_their_values() -> None:
    """Read off the rendered pages of beijing_econ (pdftoppm -r 80). p26 ends on the complete
    row 形成安全测评方案数量 | = | 5 | 份 and p27 starts the row 形成安全测评报告数量 | = | 5 | 份
    under the same project; the project cell of p38 shows only the code's first line
    (11000022T00000048), the rest of the name goes on at the top of p39, where the row
    截至10月底比选工作完成率 follows 截至11月底合同签订完成率 of p38."""
    report = parsed(real_pdf("beijing_econ_infotech_2026_budget_ms_print_to_pdf.pdf"))

    def of(project: str) -> dict[str | None, Record]:
        return {r.indicator: r for r in report.records if r.project == project}

    rows = of("11000022T000000428069-安全等保测评")
    for name, page in (("形成安全测评方案数量", 26), ("形成安全测评报告数量", 27)):
        assert rows[name].pages == [page] and rows[name].target == "5" and rows[name].unit == "份"
    rows = of("11000022T000000483334-北京市业余无线电台操作能力认证及台站管理支撑服务")
    assert rows["截至11月底合同签订完成率"].pages == [38]
    assert rows["截至10月底比选工作完成率"].pages == [39]
    assert "判卷评分，成绩登记和封存上报" in (rows["截至10月底比选工作完成率"].goal or "")
