"""Cells → rows and fields: recognise each table's layout and read its records.

A budget often holds several families (a project table and a department table, forms and a
column table), so layouts are not chosen per document: column-form indicator tables are set
aside first (form layouts would misread them), the form and Guangzhou layouts then read what
they recognise in the remaining tables, and every table none of them used is read by
:mod:`.indicator_table` when its header names an indicator and a value column. Each record
says which layout read it; the report's ``layout`` is the one with most records.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from ..extract.model import Document, Notice, Table
from . import (
    dept_self_eval,
    gz_performance,
    indicator_table,
    project_self_eval,
    project_target_form,
)
from .column_headers import LAYOUT_GENERIC, is_column_form
from .headers import role_table
from .meta import titled_report
from .result import ParsedReport, RecordData
from .synonyms import ROLE_SYNONYMS

__all__ = [
    "LAYOUTS",
    "Layout",
    "ParsedReport",
    "RecordData",
    "header_row",
    "parse_document",
    "parse_layouts",
    "read_something",
    "unknown_report",
]

_HEADER_ROWS_LISTED = 12


@dataclass(frozen=True, slots=True)
class Layout:
    id: str
    detect: Callable[[Document], bool]
    parse: Callable[[Document], ParsedReport]


LAYOUTS: tuple[Layout, ...] = (
    Layout(gz_performance.LAYOUT_ID, gz_performance.detect, gz_performance.parse),
    Layout(project_target_form.LAYOUT_ID, project_target_form.detect, project_target_form.parse),
    Layout(project_self_eval.LAYOUT_ID, project_self_eval.detect, project_self_eval.parse),
    Layout(dept_self_eval.LAYOUT_ID, dept_self_eval.detect, dept_self_eval.parse),
)


def _used_pages(report: ParsedReport) -> set[int]:
    pages: set[int] = set()
    for record in report.records:
        pages.update(record.pages)
    for project in report.projects:
        pages.update(project.pages)
    if report.department_summary is not None:
        pages.update(report.department_summary.pages)
    return pages


def parse_document(
    doc: Document, synonyms: Mapping[str, Sequence[str]] | None = None
) -> ParsedReport:
    """Every table read by the layout that recognises it; ``synonyms`` adds header wording
    (role → words) for the column-form reader."""
    reports, columns = parse_layouts(doc, synonyms)
    return _merge(doc, [r for r in reports if r is not None and read_something(r)], columns)


def read_something(report: ParsedReport) -> bool:
    return bool(report.records or report.projects)


def parse_layouts(
    doc: Document, synonyms: Mapping[str, Sequence[str]] | None = None
) -> tuple[list[ParsedReport | None], ParsedReport]:
    """:func:`parse_document` before the merge: each layout's report (None where it was not
    recognised; a report that read nothing did not take its tables), in :data:`LAYOUTS`
    order, and the column-form reader's. A document read in segments merges them itself."""
    roles = role_table(ROLE_SYNONYMS, synonyms)
    column_form = [t for t in doc.tables if is_column_form(doc, t, roles)]
    remaining = [t for t in doc.tables if all(t is not c for c in column_form)]
    reports: list[ParsedReport | None] = []
    for layout in LAYOUTS:
        rest = replace(doc, tables=remaining)
        if not remaining or not layout.detect(rest):
            reports.append(None)
            continue
        report = layout.parse(rest)
        for record in report.records:
            record.layout = record.layout or layout.id
        reports.append(report)
        if read_something(report):
            used = _used_pages(report)
            remaining = [t for t in remaining if not used & set(t.pages)]
    columns = ParsedReport(layout=LAYOUT_GENERIC)
    unread = [t for t in doc.tables if any(t is r for r in [*column_form, *remaining])]
    layouts = indicator_table.read_tables(doc, unread, roles, columns)
    for record in columns.records:
        record.layout = layouts[id(record)]
    return reports, columns


def _merge(doc: Document, reports: list[ParsedReport], columns: ParsedReport) -> ParsedReport:
    records = [r for report in reports for r in report.records] + columns.records
    counts: dict[str, int] = {}
    for record in records:
        counts[record.layout or ""] = counts.get(record.layout or "", 0) + 1
    if not records:
        return _unknown(doc, columns)
    main = max(counts, key=lambda k: counts[k])  # first reached wins a tie
    base = next((r for r in reports if r.layout == main), None)
    if base is None:
        base = titled_report(doc, main)
    merged = replace(
        base,
        layout=main,
        records=records,
        projects=[p for report in reports for p in report.projects] + columns.projects,
        warnings=[w for report in reports for w in report.warnings] + columns.warnings,
    )
    for report in reports:
        merged.budget_execution_rate = merged.budget_execution_rate or report.budget_execution_rate
        merged.department_summary = merged.department_summary or report.department_summary
    return merged


def _unknown(doc: Document, columns: ParsedReport) -> ParsedReport:
    first = [header_row(t) for t in doc.tables[:_HEADER_ROWS_LISTED]]
    return unknown_report(doc, columns.warnings, first, len(doc.tables))


def unknown_report(
    doc: Document, warnings: list[Notice], header_rows: list[str], n_tables: int
) -> ParsedReport:
    """The report of a document no layout read: its title and department, and why
    (``header_rows``: those of its first tables, of ``n_tables``)."""
    listed = "; ".join(s for s in header_rows[:_HEADER_ROWS_LISTED] if s)
    more = n_tables - _HEADER_ROWS_LISTED
    message = (
        f"no table has an indicator column with a value column; header rows seen: {listed}"
        + (f" (and {more} more tables)" if more > 0 else "")
        if n_tables
        else "no table has an indicator column with a value column; the document has no tables"
    )
    report = titled_report(doc, "unknown")
    # With no table at all, the extract stage's no_tables already says why.
    report.warnings = [*warnings] + (
        [Notice("no_indicator_table", message, None)] if n_tables else []
    )
    return report


def header_row(table: Table) -> str:
    """The first row of a table as printed, cells joined by |, on its page."""
    if table.n_rows == 0:
        return ""
    texts = [c.text.replace("\n", "") for c in table.row_cells(0) if c.text]
    return f"p{table.pages[0]} [{' | '.join(t[:20] for t in texts)[:120]}]"
