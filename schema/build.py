"""Extracted document + parsed report → the validated :class:`Report` (the stage boundary)."""

from __future__ import annotations

from ..extract.model import Document, Notice
from ..extract.model import Table as ExtractTable
from ..parsers.assess import Assessment
from ..parsers.quantity import Quantity as QuantityData
from ..parsers.result import (
    BudgetLineData,
    DepartmentSummaryData,
    ParsedReport,
    ProjectData,
    RecordData,
)
from .models import (
    BudgetLine,
    Cell,
    Check,
    DepartmentSummary,
    Fund,
    Project,
    Quantity,
    Record,
    Report,
    ReportWarning,
    Source,
    Table,
    Task,
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


def _quantity(q: QuantityData | None) -> Quantity | None:
    if q is None:
        return None
    return Quantity(
        text=q.text,
        subject=q.subject,
        op=q.op,
        value=q.value,
        upper=q.upper,
        unit=q.unit,
        approx=q.approx,
        value_wan=q.value_wan,
        upper_wan=q.upper_wan,
        inferred=q.inferred,
    )


def _assessment_fields(assessment: Assessment | None) -> dict[str, object]:
    if assessment is None:
        return {}
    return {
        "targets": [_quantity(q) for q in assessment.targets],
        "actuals": [_quantity(q) for q in assessment.actuals],
        "checks": [
            Check(
                target=_quantity(c.target),
                actual=_quantity(c.actual),
                status=c.status,
                reason=c.reason,
            )
            for c in assessment.checks
        ],
        "status": assessment.status,
    }


def record_model(r: RecordData) -> Record:
    return Record(
        section=r.section,
        category=r.category,
        goal=r.goal,
        indicator=r.indicator,
        indicator_name=r.indicator_name,
        amount_wan=r.amount_wan,
        target=r.target,
        actual=r.actual,
        detail=r.detail,
        pages=r.pages,
        **_assessment_fields(r.assessment),
        project=r.project,
        level1=r.level1,
        level2=r.level2,
        weight=r.weight,
        score=r.score,
        deviation_reason=r.deviation_reason,
    )


def _warning(notice: Notice) -> ReportWarning:
    return ReportWarning(code=notice.code, message=notice.message, page=notice.page)


def build_report(source: Source, doc: Document, parsed: ParsedReport) -> Report:
    notices = list(doc.notices) + list(parsed.warnings)
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


def _budget_line(b: BudgetLineData) -> BudgetLine:
    return BudgetLine(
        item=b.item,
        label=b.label,
        initial_budget_wan=b.initial_budget_wan,
        full_year_budget_wan=b.full_year_budget_wan,
        executed_wan=b.executed_wan,
        weight=b.weight,
        execution_rate=b.execution_rate,
        score=b.score,
    )


def project_model(p: ProjectData) -> Project:
    return Project(
        name=p.name,
        nature=p.nature,
        category=p.category,
        department=p.department,
        implementer=p.implementer,
        start_date=p.start_date,
        end_date=p.end_date,
        funds=[Fund(item=f.item, label=f.label, yuan=f.yuan, wan=f.wan) for f in p.funds],
        budget=[_budget_line(b) for b in p.budget],
        overall_goal=p.overall_goal,
        annual_goal=p.annual_goal,
        annual_result=p.annual_result,
        total_weight=p.total_weight,
        total_score=p.total_score,
        pages=p.pages,
    )


def department_summary_model(d: DepartmentSummaryData | None) -> DepartmentSummary | None:
    if d is None:
        return None
    return DepartmentSummary(
        tasks=[
            Task(
                name=t.name, content=t.content, budget_wan=t.budget_wan, executed_wan=t.executed_wan
            )
            for t in d.tasks
        ],
        budget=[_budget_line(b) for b in d.budget],
        annual_goal=d.annual_goal,
        annual_result=d.annual_result,
        total_weight=d.total_weight,
        total_score=d.total_score,
        pages=d.pages,
    )
