"""Layout ``gz_dept_performance``: 部门整体绩效完成情况表 as published in Guangzhou.

Two tables: 年度绩效目标 (部门整体支出目标 / 关键指标 / 预期实现值 / 年度完成值 / 具体完成情况,
ending with 其中：部门年度整体预算完成率) and 年度主要支出计划 (category / 任务（政策）的绩效目标 /
关键性指标 / 绩效标准 / 年度完成值 / 具体完成情况).
"""

from __future__ import annotations

from ..extract.model import Cell, Document, Notice, Table
from .amount import split_amount
from .layout import BodyRow, NoteRow, SectionSpec, table_rows
from .meta import find_execution_rate, titled_report
from .result import ParsedReport, RecordData, source_cells

LAYOUT_ID = "gz_dept_performance"

_TARGET = ("绩效标准", "预期实现值", "年度指标值", "指标值", "目标值")
_ACTUAL = ("年度完成值", "实际完成值", "完成值", "实际完成情况")
_DETAIL = ("具体完成情况", "完成情况说明", "情况说明")

ANNUAL_GOALS = SectionSpec(
    id="annual_goals",
    roles=(
        ("label", ("年度绩效目标",)),
        ("indicator", ("关键指标", "关键性指标")),
        ("target", _TARGET),
        ("actual", _ACTUAL),
        ("detail", _DETAIL),
        ("goal", ("部门整体支出目标", "整体支出目标")),
    ),
    required=frozenset({"goal", "indicator", "target", "actual"}),
)

SPENDING_PLAN = SectionSpec(
    id="spending_plan",
    roles=(
        ("category", ("年度主要支出计划", "主要支出计划")),
        ("indicator", ("关键性指标", "关键指标")),
        ("target", _TARGET),
        ("actual", _ACTUAL),
        ("detail", _DETAIL),
        ("goal", ("绩效目标", "任务政策的绩效目标")),
    ),
    required=frozenset({"category", "goal", "indicator", "target", "actual"}),
)

SECTIONS = (SPENDING_PLAN, ANNUAL_GOALS)
_FILLED = ("category", "goal")


def detect(doc: Document) -> bool:
    return any(
        isinstance(row, BodyRow) for table in doc.tables for row in table_rows(table, SECTIONS)
    )


def parse(doc: Document) -> ParsedReport:
    report = titled_report(doc, LAYOUT_ID)
    notes: list[str] = []
    previous: BodyRow | None = None
    last_values: dict[tuple[str, str], Cell | None] = {}
    for table in doc.tables:
        for row in table_rows(table, SECTIONS):
            if isinstance(row, NoteRow):
                notes.append(row.text)
                continue
            if previous is not None and _same_cells(previous, row):
                continue  # a grid line inside merged cells, not a new record
            previous = row
            record = _record(row, last_values, report.warnings, table)
            if record is not None:
                report.records.append(record)
    report.budget_execution_rate = find_execution_rate(notes + [line.text for line in doc.lines])
    return report


def _same_cells(a: BodyRow, b: BodyRow) -> bool:
    return a.section == b.section and all(
        a.cells.get(role) is b.cells.get(role) for role in ("indicator", "target", "actual")
    )


def _record(
    row: BodyRow,
    last_values: dict[tuple[str, str], Cell | None],
    warnings: list[Notice],
    table: Table,
) -> RecordData | None:
    """``last_values`` holds the cell each filled column was last read from, so a value
    filled down keeps pointing at the cell it was printed in."""
    indicator = row.text("indicator")
    if not any(row.text(role) for role in ("indicator", "target", "actual", "detail")):
        return None
    origin = (table, row.row)
    page = row.pages[0] if row.pages else None
    sources = dict(row.cells)
    values: dict[str, str | None] = {}
    for role in _FILLED:
        # No cell at all under a column (the table's outline stops short of the last rows,
        # as when a merged cell's border is drawn a row early) reads like a blank one: the
        # row belongs to the group printed above it.
        absent = role not in row.cells
        source = None if absent or not row.text(role) else row.cells[role]
        key = (row.section, role)
        if source is None and (above := last_values.get(key)) is not None:
            source = sources[role] = above
            kind = "no" if absent else "blank"
            warnings.append(
                Notice(
                    "value_forward_filled",
                    f"{kind} {role} cell filled from the row above: {source.text[:30]}",
                    page,
                    origin=origin,
                )
            )
        last_values[key] = source
        values[role] = source.text if source is not None else None
    if indicator is None:
        warnings.append(
            Notice("indicator_missing", "a row has no indicator text", page, origin=origin)
        )
        indicator = ""
    amount = split_amount(indicator)
    for code, message in amount.guesses:
        warnings.append(Notice(code, message, page, origin=origin))
    target, actual = row.text("target"), row.text("actual")
    return RecordData(
        section=row.section,
        category=values.get("category"),
        goal=values.get("goal"),
        indicator=indicator,
        indicator_name=amount.name,
        amount_wan=amount.amount_wan,
        target=target,
        actual=actual,
        detail=row.text("detail"),
        pages=row.pages,
        cells=source_cells(sources),
        origin=origin,
    )
