"""What the parsers hand to the schema stage: plain dataclasses, validated later."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..extract.model import Cell, Notice, Table
from .assess import Assessment


@dataclass(slots=True)
class RecordData:
    section: str
    category: str | None
    goal: str | None
    indicator: str
    indicator_name: str
    amount_wan: Decimal | None
    target: str | None
    actual: str | None
    detail: str | None
    pages: list[int]
    assessment: Assessment | None = None
    # Form layouts (填报表 / 自评表): the project a record belongs to and the indicator levels.
    project: str | None = None
    level1: str | None = None
    level2: str | None = None
    weight: Decimal | None = None
    score: Decimal | None = None
    deviation_reason: str | None = None
    # Printed columns kept as printed (issue 9): nothing in a row may be dropped.
    nature: str | None = None
    unit: str | None = None
    explanation: str | None = None
    scoring_rule: str | None = None
    extra: dict[str, str] = field(default_factory=dict)
    layout: str | None = None
    # Provenance (issue 12): the cells each field was read from, and the table row of the
    # record; the schema stage turns them into table/row/column/page/bbox references.
    cells: dict[str, list[Cell]] = field(default_factory=dict)
    origin: tuple[Table, int] | None = None


def source_cells(cells: dict[str, Cell | None]) -> dict[str, list[Cell]]:
    """Role → cell read, for the roles whose cell printed something (provenance)."""
    return {role: [cell] for role, cell in cells.items() if cell is not None and cell.text}


@dataclass(slots=True)
class ParsedReport:
    layout: str
    title: str | None = None
    department: str | None = None
    year: int | None = None
    budget_execution_rate: Decimal | None = None
    records: list[RecordData] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
    projects: list[ProjectData] = field(default_factory=list)
    department_summary: DepartmentSummaryData | None = None


@dataclass(slots=True)
class FundData:
    """One money line of a 填报表 funding block; ``yuan`` only when the form prints 元."""

    item: str
    label: str
    yuan: Decimal | None
    wan: Decimal | None
    amount: Decimal | None = None  # as printed, in ``unit``
    unit: str | None = None  # as printed near the block; None when the page prints none


@dataclass(slots=True)
class BudgetLineData:
    """One row of a 自评表 budget-execution block (amounts in 万元, rate in percent)."""

    item: str
    label: str
    initial_budget_wan: Decimal | None = None
    full_year_budget_wan: Decimal | None = None
    executed_wan: Decimal | None = None
    weight: Decimal | None = None
    execution_rate: Decimal | None = None
    score: Decimal | None = None


@dataclass(slots=True)
class ProjectData:
    name: str
    code: str | None = None
    nature: str | None = None
    category: str | None = None
    department: str | None = None
    implementer: str | None = None
    start_date: str | None = None
    end_date: str | None = None
    funds: list[FundData] = field(default_factory=list)
    budget: list[BudgetLineData] = field(default_factory=list)
    overall_goal: str | None = None
    annual_goal: str | None = None
    annual_result: str | None = None
    total_weight: Decimal | None = None
    total_score: Decimal | None = None
    pages: list[int] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)
    # field name (or extra.<label as printed>) → the cells it was read from
    cells: dict[str, list[Cell]] = field(default_factory=dict)


@dataclass(slots=True)
class TaskData:
    """A 年度主要任务 row of a department self-evaluation."""

    name: str
    content: str | None = None
    budget_wan: Decimal | None = None
    executed_wan: Decimal | None = None


@dataclass(slots=True)
class DepartmentSummaryData:
    tasks: list[TaskData] = field(default_factory=list)
    budget: list[BudgetLineData] = field(default_factory=list)
    annual_goal: str | None = None
    annual_result: str | None = None
    total_weight: Decimal | None = None
    total_score: Decimal | None = None
    pages: list[int] = field(default_factory=list)
