"""Pydantic models of jixiao's output: the contract that JSON files, datasets and the Python
API share. Field names are stable; later versions add fields and bump ``schema_version``.

Amounts are :class:`~decimal.Decimal` in Python. In JSON they are written as numbers whose
digits are exactly the Decimal's (the shortest representation that round-trips; amounts are
limited to 15 significant digits so that holds), because consumers such as pandas and
spreadsheets expect numbers, not strings.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainSerializer

SCHEMA_VERSION = "1.7"
MAX_DIGITS = 15


def _check_digits(value: Decimal) -> Decimal:
    digits = len(value.as_tuple().digits)
    if digits > MAX_DIGITS:
        raise ValueError(f"{value} has more than {MAX_DIGITS} significant digits")
    return value


def _as_json_number(value: Decimal) -> int | float:
    if value == value.to_integral_value():
        return int(value)
    return float(value)


Amount = Annotated[
    Decimal,
    AfterValidator(_check_digits),
    PlainSerializer(_as_json_number, return_type=int | float, when_used="json"),
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Source(_Model):
    file: str = Field(description="file name of the PDF (no directory, so outputs are portable)")
    sha256: str
    pages: int
    path: str | None = Field(
        default=None,
        description="path relative to the input root (batch: below the folder or the common "
        "folder of the files given; convert: as given), with / separators",
    )


class Producer(_Model):
    """What produced the output: ``batch --resume`` re-converts when any of it differs."""

    jixiao: str = Field(description="jixiao version")
    engine: str = Field(description="--engine: auto, pdfplumber or camelot")
    pages: list[int] | None = Field(default=None, description="--pages selection; null: all")
    options: dict[str, str] = Field(
        default_factory=dict, description="other options that change the output (non-default)"
    )


class ReportWarning(_Model):
    code: str = Field(description="stable machine-readable code, e.g. amount_unit_inferred")
    message: str
    page: int | None = None
    table: int | None = Field(default=None, description="index in `tables` it concerns")
    record: int | None = Field(default=None, description="index in `records` it concerns")


class CellRef(_Model):
    """Where a field was read: one printed piece of a table cell (a cell re-joined over a
    page break has one reference per page). The text is in `tables[table].cells`."""

    table: int = Field(description="index in `tables`")
    row: int
    column: int
    page: int
    bbox: tuple[float, float, float, float] = Field(
        description="x0, top, x1, bottom in points on `page`, origin top-left"
    )


class Cell(_Model):
    row: int
    column: int
    rowspan: int = 1
    colspan: int = 1
    text: str
    page: int = Field(description="page where the cell starts")
    end_page: int = Field(description="last page the cell reaches (merged or re-joined cells)")
    bbox: tuple[float, float, float, float] = Field(
        description="x0, top, x1, bottom in points on `page`, origin top-left"
    )
    confidence: float | None = Field(
        default=None,
        description="OCR only (since 1.7): the lowest recognition confidence (0-1) among the "
        "cell's characters; null for text from the PDF's text layer and for empty cells",
    )


class Table(_Model):
    index: int
    pages: list[int]
    n_rows: int
    n_columns: int
    cells: list[Cell]
    engine: str = Field(
        default="pdfplumber",
        description="who found the grid: pdfplumber (rulings), camelot_lattice, camelot_stream "
        "(read from aligned text: jixiao's own column finder under --engine auto, camelot's "
        "stream under --engine camelot)",
    )
    text_columns: list[float] = Field(
        default_factory=list,
        description="camelot_stream only: x of the text-column boundaries the grid was cut at",
    )
    ocr: bool = Field(
        default=False,
        description="since 1.7: read by OCR from a page picture (a scan without text layer); "
        "rulings from the picture, text with the confidences in `cells`",
    )


class Quantity(_Model):
    """One sub-target or sub-result read from a target/actual cell."""

    text: str = Field(description="the clause the quantity was read from")
    subject: str | None = Field(description="what is counted, e.g. 宣传 / 交易中心交易金额")
    op: str = Field(description='">=", ">", "=", "<=", "<", "~" (approximate) or "range"')
    value: Amount | None
    upper: Amount | None = Field(description="upper bound for ranges and 余/多 (exclusive)")
    unit: str | None = Field(description="人次, 项, 万元, %, 平方米 …")
    approx: str | None = Field(description="the hedge word: 余, 多, 约, 逾, 近, 超过, 以上, 以下")
    value_wan: Amount | None = Field(description="money only: value in 万元")
    upper_wan: Amount | None = Field(description="money only: upper in 万元")
    inferred: str | None = Field(description="what was guessed, e.g. a unit not written")


class Check(_Model):
    target: Quantity | None
    actual: Quantity | None
    status: str = Field(
        description="met, not_met, unclear, unmatched (no actual paired with this target), "
        "qualitative (no actual printed) or target_only"
    )
    reason: str
    basis: str = Field(
        default="none",
        description="what the verdict rests on: numeric (numbers or dates compared), stated "
        "(the actual's words confirm, deny or restate the target) or none",
    )


class Record(_Model):
    section: str = Field(
        description="annual_goals (年度绩效目标) or spending_plan (年度主要支出计划); "
        "performance_indicators in form and column-table layouts"
    )
    category: str | None = Field(description="年度主要支出计划 value; null in annual_goals")
    goal: str | None = Field(description="部门整体支出目标 or 任务（政策）的绩效目标")
    indicator: str = Field(description="indicator cell text, as printed (normalised)")
    indicator_name: str = Field(description="indicator without the amount annotation")
    amount_wan: Amount | None = Field(description="amount written into the indicator, in 万元")
    target: str | None = Field(description="预期实现值 / 绩效标准 / 年度指标值")
    actual: str | None = Field(description="年度完成值 / 实际完成值")
    detail: str | None = Field(description="具体完成情况")
    pages: list[int]
    targets: list[Quantity] = Field(default_factory=list)
    actuals: list[Quantity] = Field(default_factory=list)
    checks: list[Check] = Field(default_factory=list)
    status: str = Field(
        default="unclear",
        description="met, not_met, unclear (answered but undecided), qualitative (no actual "
        "printed) or target_only (form without an actual column); before 1.4 also partly "
        "and unknown, now unclear",
    )
    project: str | None = Field(
        default=None,
        description="项目名称 of the form the record comes from; null in department-level reports",
    )
    level1: str | None = Field(default=None, description="一级指标 (产出指标, 效益指标 …)")
    level2: str | None = Field(default=None, description="二级指标 (数量指标, 质量指标 …)")
    weight: Amount | None = Field(default=None, description="分值 (self-evaluations)")
    score: Amount | None = Field(default=None, description="得分 (self-evaluations)")
    deviation_reason: str | None = Field(default=None, description="偏差原因分析及改进措施")
    nature: str | None = Field(
        default=None,
        description="绩效指标性质 / 指标性质 / 指标值类型 as printed (≥, ≤, =, 定性, 正向 …)",
    )
    unit: str | None = Field(default=None, description="绩效度量单位 / 计量单位 as printed")
    explanation: str | None = Field(default=None, description="指标解释 / 指标值内容")
    scoring_rule: str | None = Field(default=None, description="评（扣）分标准")
    extra: dict[str, str] = Field(
        default_factory=dict,
        description="every other printed cell of the row, as {header as printed: text}",
    )
    layout: str | None = Field(default=None, description="layout id of the table the row is in")
    basis: str = Field(
        default="none",
        description="numeric, stated or none: the strongest basis among the checks",
    )
    self_score_ratio: Amount | None = Field(
        default=None, description="得分/分值 (four places) where both are printed"
    )
    consistency: str | None = Field(
        default=None,
        description="the department's score against the status: agrees, claims_more (≥95% "
        "of the points where jixiao finds not_met), claims_less (points lost where jixiao "
        "finds met); null without a score or a met/not_met status",
    )
    cells: dict[str, list[CellRef]] = Field(
        default_factory=dict,
        description="field name → the table cell(s) it was read from (provenance)",
    )
    ocr: bool = Field(
        default=False,
        description="since 1.7: the row was read by OCR (see the warnings ocr_used and "
        "ocr_low_confidence; a verdict resting on low-confidence text is unclear)",
    )


class Fund(_Model):
    """One line of a 填报表 funding block (项目资金 / 年度资金申请)."""

    item: str = Field(
        description="stable key: total, fiscal, other (项目资金总额 branch); annual_total, "
        "appropriation, carryover, annual_other (年度资金申请总额 branch); in 自评表 "
        "<budget line>.<column>, e.g. total.full_year_budget"
    )
    label: str = Field(description="the label as printed, e.g. 其中：当年财政拨款")
    yuan: Amount | None = Field(description="amount in 元 when the form prints 元, else null")
    wan: Amount | None = Field(
        description="amount in 万元 (exactly 元 / 10000); null when the form prints no unit"
    )
    amount: Amount | None = Field(
        default=None, description="the number as printed, in `unit` (since 1.3)"
    )
    unit: str | None = Field(
        default=None,
        description="the unit the page prints for it (元, 万元, 亿元); null when none is printed "
        "(an amount_unit_missing warning says so) (since 1.3)",
    )


class BudgetLine(_Model):
    """One row of a 自评表 budget-execution block; amounts in 万元, rate in percent."""

    item: str = Field(
        description="total (年度资金总额), appropriation (本年财政拨款), carryover (上年结转资金), "
        "other (其他资金), basic (基本支出), project (项目支出)"
    )
    label: str
    initial_budget_wan: Amount | None = Field(default=None, description="年初预算数")
    full_year_budget_wan: Amount | None = Field(default=None, description="全年预算数")
    executed_wan: Amount | None = Field(default=None, description="全年执行数")
    weight: Amount | None = Field(default=None, description="分值")
    execution_rate: Amount | None = Field(default=None, description="执行率 in percent")
    score: Amount | None = Field(default=None, description="得分")


class Project(_Model):
    """The project-level facts of one form (填报表 or 项目支出绩效自评表)."""

    name: str = Field(description="项目名称; records name it in `project`")
    code: str | None = Field(default=None, description="项目编码 / 项目代码 as printed")
    nature: str | None = Field(default=None, description="项目性质")
    category: str | None = Field(default=None, description="项目类别")
    department: str | None = Field(default=None, description="主管部门")
    implementer: str | None = Field(default=None, description="实施单位")
    start_date: str | None = Field(default=None, description="计划开始日期, as printed")
    end_date: str | None = Field(default=None, description="计划完成日期, as printed")
    funds: list[Fund] = Field(default_factory=list, description="填报表 funding block")
    budget: list[BudgetLine] = Field(default_factory=list, description="自评表 budget block")
    overall_goal: str | None = Field(default=None, description="项目总目标")
    annual_goal: str | None = Field(default=None, description="年度总体目标 (预期目标)")
    annual_result: str | None = Field(default=None, description="实际完成情况")
    total_weight: Amount | None = Field(default=None, description="总分 row: 分值")
    total_score: Amount | None = Field(default=None, description="总分 row: 得分")
    pages: list[int] = Field(default_factory=list)
    extra: dict[str, str] = Field(
        default_factory=dict,
        description="every other printed project-level cell, as {label as printed: text}",
    )
    cells: dict[str, list[CellRef]] = Field(
        default_factory=dict,
        description="field name (name, code, annual_goal, …; extra.<label> for `extra`) → the "
        "table cell(s) it was read from (provenance, since 1.6)",
    )


class Task(_Model):
    """A 年度主要任务 row of a department self-evaluation."""

    name: str = Field(description="任务名称")
    content: str | None = Field(default=None, description="主要内容")
    budget_wan: Amount | None = Field(default=None, description="预算数 in 万元")
    executed_wan: Amount | None = Field(default=None, description="执行数 in 万元")


class DepartmentSummary(_Model):
    """Department-level facts of a 部门整体支出绩效自评表."""

    tasks: list[Task] = Field(default_factory=list)
    budget: list[BudgetLine] = Field(default_factory=list)
    annual_goal: str | None = Field(default=None, description="年度总体目标 (预期目标)")
    annual_result: str | None = Field(default=None, description="实际完成情况")
    total_weight: Amount | None = Field(default=None, description="总分 row: 分值")
    total_score: Amount | None = Field(default=None, description="总分 row: 得分")
    pages: list[int] = Field(default_factory=list)


class Report(_Model):
    schema_version: str = SCHEMA_VERSION
    source: Source
    layout: str = Field(
        description="the layout that read most records (each record names its own); "
        '"unknown" when no table was read as an indicator table'
    )
    title: str | None
    department: str | None
    year: int | None
    budget_execution_rate: Amount | None = Field(
        description="部门年度整体预算完成率 in percent, e.g. 99.14"
    )
    records: list[Record]
    tables: list[Table]
    warnings: list[ReportWarning]
    projects: list[Project] = Field(
        default_factory=list, description="one per form in project-level layouts (填报表, 自评表)"
    )
    department_summary: DepartmentSummary | None = Field(
        default=None, description="部门整体支出绩效自评表: tasks, budget block, goals, total"
    )
    producer: Producer | None = Field(
        default=None, description="jixiao version and options that made this output"
    )
