"""Provenance (issue 12): every record field points at the table cells it was read from.

Two independent checks per reference: the referenced cell of the output table holds the
field's text, and the PDF's own text layer inside the referenced bbox (pdfplumber, not
jixiao's reader) holds it too, so a wrong row, column, page or box cannot pass.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

import jixiao
from conftest import SAMPLES, parsed, real_pdf

FORM_SAMPLES = (
    "synthetic_project_self_eval_reportlab.pdf",
    "synthetic_project_self_eval_borderless.pdf",
    "synthetic_dept_self_eval_docx.pdf",
)
_SPACE = re.compile(r"\s+")


def _squash(text: str) -> str:
    """Whitespace-free NFKC text: cell text is normalised, the raw text layer is not."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text))


def _field_text(record: jixiao.Report, name: str) -> str:
    value = getattr(record, name)
    return str(value)


def _refs(report: jixiao.Report) -> Iterator[tuple[int, str, list]]:
    for index, record in enumerate(report.records):
        for name, refs in record.cells.items():
            yield index, name, refs


def _check_against_tables(report: jixiao.Report) -> int:
    checked = 0
    for index, name, refs in _refs(report):
        assert refs, f"record {index} {name}: empty reference list"
        cells = {(c.row, c.column): c for c in report.tables[refs[0].table].cells}
        first = refs[0]
        cell = cells.get((first.row, first.column))
        assert cell is not None, f"record {index} {name}: no cell at {first}"
        assert first.page == cell.page and first.bbox == cell.bbox
        # Continuation pieces of a re-joined cell lie on the following pages.
        for later in refs[1:]:
            if (later.table, later.row, later.column) == (first.table, first.row, first.column):
                assert cell.page < later.page <= cell.end_page
        distinct = list(dict.fromkeys((r.table, r.row, r.column) for r in refs))
        joined = "".join(
            next(c.text for c in report.tables[t].cells if (c.row, c.column) == (row, col))
            for t, row, col in distinct
        )
        assert _squash(_field_text(report.records[index], name)) in _squash(joined), (
            f"record {index} {name}: {_field_text(report.records[index], name)!r} "
            f"not in the referenced cell text {joined!r}"
        )
        checked += 1
    return checked


def _centred_in(bbox: tuple[float, float, float, float], obj: dict) -> bool:
    """A character belongs to the cell its centre is in (glyph boxes overlap rulings)."""
    if obj.get("object_type") != "char":
        return False
    x0, top, x1, bottom = bbox
    cx, cy = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _check_against_text_layer(
    path: Path, report: jixiao.Report, pages: set[int] | None = None
) -> int:
    checked = 0
    with pdfplumber.open(path) as pdf:
        for index, name, refs in _refs(report):
            if pages is not None and not {r.page for r in refs} <= pages:
                continue
            printed = ""
            for ref in refs:
                page = pdf.pages[ref.page - 1]
                printed += page.filter(partial(_centred_in, ref.bbox)).extract_text() or ""
            value = _field_text(report.records[index], name)
            assert _squash(value) in _squash(printed), (
                f"record {index} {name}: {value!r} not printed inside {refs}"
            )
            checked += 1
    return checked


def test_every_seed_record_points_at_its_cells(seed_pdf: Path) -> None:
    report = parsed(seed_pdf)
    assert len(report.records) == 27
    for record in report.records:
        # The fields printed in every row of the 部门整体绩效完成情况表.
        assert {"indicator", "target", "actual", "goal"} <= record.cells.keys(), record.indicator
    assert _check_against_tables(report) >= 27 * 4


def test_seed_references_are_where_the_text_layer_prints_the_value(seed_pdf: Path) -> None:
    report = parsed(seed_pdf)
    assert _check_against_text_layer(seed_pdf, report) >= 27 * 4


def test_a_value_joined_over_a_page_break_points_at_both_pieces() -> None:
    # gz_kx_2021_docx.pdf: the 年度绩效目标 table's fourth row starts at the foot of page 1
    # and ends at the top of page 2 (rendered page and `pdftotext -f 2 -l 2`: its 预期实现值
    # and 年度完成值 go on at the top of page 2).
    report = parsed(SAMPLES / "gz_kx_2021_docx.pdf")
    joined = [
        (i, name, refs)
        for i, name, refs in _refs(report)
        if len({r.page for r in refs}) > 1 and name in ("indicator", "target", "actual")
    ]
    assert joined, "no field joined over a page break"
    for _, _, refs in joined:
        first = refs[0].page
        assert [r.page for r in refs] == [first, first + 1]
        assert refs[0].bbox[3] > refs[1].bbox[3]  # foot of one page, top of the next
    assert any(refs[0].page == 1 for _, _, refs in joined)
    warned = [w for w in report.warnings if w.code == "row_rejoined" and w.page == 2]
    assert warned and warned[0].table == 0
    record = report.records[warned[0].record]
    assert 2 in record.pages and any(r.page == 2 for refs in record.cells.values() for r in refs)


@pytest.mark.parametrize("name", FORM_SAMPLES)
def test_form_records_point_at_their_cells(name: str) -> None:
    path = SAMPLES / name
    report = parsed(path)
    assert report.records
    for record in report.records:
        assert {"level1", "level2", "indicator"} <= record.cells.keys(), record.indicator
    assert _check_against_tables(report) >= 3 * len(report.records)
    assert _check_against_text_layer(path, report) >= 3 * len(report.records)


def test_forward_filled_value_points_at_the_cell_above() -> None:
    report = parsed(SAMPLES / "synthetic_project_self_eval_borderless.pdf")
    filled = [w for w in report.warnings if w.code == "value_forward_filled"]
    assert filled
    for warning in filled:
        assert warning.table is not None and warning.record is not None
        record = report.records[warning.record]
        role = warning.message.split()[1]  # "blank level1 cell filled from the row above"
        own_row = record.cells["indicator"][0].row
        assert record.cells[role][0].row < own_row
        assert getattr(record, role) in warning.message


def test_stream_tables_name_their_engine_and_text_columns() -> None:
    report = parsed(SAMPLES / "synthetic_project_self_eval_borderless.pdf")
    ruled = parsed(SAMPLES / "gz_kx_2021_faithful.pdf")
    assert {t.engine for t in ruled.tables} == {"pdfplumber"}
    assert all(not t.text_columns for t in ruled.tables)
    assert {t.engine for t in report.tables} == {"camelot_stream"}
    for table in report.tables:
        columns = table.text_columns
        assert len(columns) == table.n_columns + 1 and columns == sorted(columns)
        first_page = [c for c in table.cells if c.page == table.pages[0]]
        assert columns[0] <= min(c.bbox[0] for c in first_page) + 0.01
        assert columns[-1] >= max(c.bbox[2] for c in first_page) - 0.01


def test_output_names_version_and_engine() -> None:
    # Which jixiao and engine wrote the file: `producer` (landed with the cli rewrite), so
    # the source block does not repeat them.
    report = parsed(SAMPLES / "gz_kx_2021_faithful.pdf")
    assert report.producer is not None
    assert report.producer.jixiao == jixiao.__version__
    assert report.producer.engine == "auto"
    assert report.schema_version == "1.7"


def test_real_self_evaluation_records_point_at_their_cells() -> None:
    # 西安市卫健委 2022 决算: 项目支出绩效自评表 forms, one or two per page (SOURCES.md).
    path = real_pdf(
        "shaanxi_xian_health_commission_2022_final_accounts_dept_and_project_selfeval.pdf"
    )
    report = parsed(path)
    assert len(report.records) > 500
    assert all(r.cells.get("indicator") for r in report.records if r.indicator)
    assert _check_against_tables(report) >= 3 * len(report.records)
    # The text layer of the pages with hand-made truth files (30-31, 85-86), not all 171.
    assert _check_against_text_layer(path, report, pages={30, 31, 85, 86}) >= 40


@pytest.mark.parametrize(
    "name",
    (
        "gz_kx_2021_docx.pdf",
        "synthetic_project_self_eval_reportlab.pdf",
        "synthetic_project_self_eval_borderless.pdf",
    ),
)
def test_warning_references_agree_with_the_record(name: str) -> None:
    report = parsed(SAMPLES / name)
    referenced = [w for w in report.warnings if w.record is not None]
    assert referenced
    for warning in referenced:
        record = report.records[warning.record]
        assert warning.page in record.pages, (warning, record.pages)
        tables = {ref.table for refs in record.cells.values() for ref in refs}
        assert warning.table in tables


def _project_value(project: Any, name: str) -> str:
    if name.startswith("extra."):
        return project.extra[name.removeprefix("extra.")]
    return str(getattr(project, name))


@pytest.mark.parametrize(
    ("name", "fields"),
    (
        ("synthetic_project_self_eval_reportlab.pdf", {"name", "annual_goal"}),
        # 福州 填报表: one form per project, label cells left of their values
        ("fujian_fuzhou_sci_tech_2026_budget_word2007.pdf", {"name", "annual_goal"}),
        # 北京 column form: the project in a merged column cell beside its indicators
        ("beijing_statistics_bureau_2026_budget.pdf", {"name", "annual_goal"}),
    ),
)
def test_project_fields_point_at_their_cells(name: str, fields: set[str]) -> None:
    path = SAMPLES / name if (SAMPLES / name).exists() else real_pdf(name)
    report = parsed(path)
    assert report.projects
    for project in report.projects:
        assert fields <= project.cells.keys(), (project.name, sorted(project.cells))
        for field, refs in project.cells.items():
            cells = {
                (r.table, c.row, c.column): c for r in refs for c in report.tables[r.table].cells
            }
            texts = [cells[(r.table, r.row, r.column)].text for r in refs]
            value = _squash(_project_value(project, field))
            joined = _squash("".join(dict.fromkeys(texts)))
            assert value and (value in joined or joined in value), (project.name, field)
