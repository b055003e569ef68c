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

SCHEMA_VERSION = "1.0"
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


class ReportWarning(_Model):
    code: str = Field(description="stable machine-readable code, e.g. amount_unit_inferred")
    message: str
    page: int | None = None


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


class Table(_Model):
    index: int
    pages: list[int]
    n_rows: int
    n_columns: int
    cells: list[Cell]


class Record(_Model):
    section: str = Field(
        description="annual_goals (年度绩效目标) or spending_plan (年度主要支出计划)"
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


class Report(_Model):
    schema_version: str = SCHEMA_VERSION
    source: Source
    layout: str = Field(description='layout id, "unknown" when no known layout matched')
    title: str | None
    department: str | None
    year: int | None
    budget_execution_rate: Amount | None = Field(
        description="部门年度整体预算完成率 in percent, e.g. 99.14"
    )
    records: list[Record]
    tables: list[Table]
    warnings: list[ReportWarning]
