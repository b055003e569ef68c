"""What the parsers hand to the schema stage: plain dataclasses, validated later."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..extract.model import Notice


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


@dataclass(slots=True)
class ParsedReport:
    layout: str
    title: str | None = None
    department: str | None = None
    year: int | None = None
    budget_execution_rate: Decimal | None = None
    records: list[RecordData] = field(default_factory=list)
    warnings: list[Notice] = field(default_factory=list)
