"""Extracted document + parsed report → the validated :class:`Report` (the stage boundary)."""

from __future__ import annotations

from dataclasses import fields

from ..extract.model import Document, Notice
from ..extract.model import Table as ExtractTable
from ..parsers.assess import assess_records
from ..parsers.result import (
    DepartmentSummaryData,
    ParsedReport,
    ProjectData,
    RecordData,
)
from .models import (
    Cell,
    DepartmentSummary,
    Project,
    Record,
    Report,
    ReportWarning,
    Source,
    Table,
)


def _round(bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    x0, top, x1, bottom = (round(v, 2) for v in bbox)
    return (x0, top, x1, bottom)


def table_model(index: int, table: ExtractTable) -> Table:
    return Table(
        index=index,
        pages=table.pages,
        n_rows=table.n_rows,
        n_columns=table.n_columns,
        cells=[
            Cell(
                row=c.row,
                column=c.column,
                rowspan=c.rowspan,
                colspan=c.colspan,
                text=c.text,
                page=c.page,
                end_page=c.end_page or c.page,
                bbox=_round(c.bbox),
            )
            for c in table.cells
        ],
    )


def record_model(r: RecordData) -> Record:
    """Fields are read by name, so a field added to both sides needs no code here; the
    assessment's fields are named like the Record's."""
    data = {name: getattr(r, name) for name in Record.model_fields if hasattr(r, name)}
    if r.assessment is not None:
        data |= {f.name: getattr(r.assessment, f.name) for f in fields(r.assessment)}
    return Record.model_validate(data, from_attributes=True)


def _warning(notice: Notice) -> ReportWarning:
    return ReportWarning(code=notice.code, message=notice.message, page=notice.page)


def build_report(source: Source, doc: Document, parsed: ParsedReport) -> Report:
    """The assessment stage runs here, once over every record whatever layout read it."""
    notices = list(doc.notices) + list(parsed.warnings) + assess_records(parsed.records)
    if not doc.tables:
        notices.append(Notice("no_tables", "no ruled table was found in the document"))
    notices.sort(key=lambda n: n.page or 0)
    return Report(
        source=source,
        layout=parsed.layout,
        title=parsed.title,
        department=parsed.department,
        year=parsed.year,
        budget_execution_rate=parsed.budget_execution_rate,
        records=[record_model(r) for r in parsed.records],
        tables=[table_model(i, t) for i, t in enumerate(doc.tables)],
        warnings=[_warning(n) for n in notices],
        projects=[project_model(p) for p in parsed.projects],
        department_summary=department_summary_model(parsed.department_summary),
    )


def project_model(p: ProjectData) -> Project:
    return Project.model_validate(p, from_attributes=True)


def department_summary_model(d: DepartmentSummaryData | None) -> DepartmentSummary | None:
    return None if d is None else DepartmentSummary.model_validate(d, from_attributes=True)
