"""Layout ``dept_self_eval``: 部门整体支出绩效自评表, the department-level self-evaluation.

部门（单位）名称 as a label-value pair; 年度主要任务 as a small table (任务名称 / 主要内容 /
预算数 / 执行数); the budget block (年初预算数 / 全年预算数 / 全年执行数 / 分值 / 执行率 / 得分
over 年度资金总额 / 其中：基本支出 / 项目支出, or the project template's money lines);
年度总体目标 with 预期目标 and 实际完成情况; the indicator grid of the project self-evaluation
and its 总分 row. Records have ``project: null``; the department-level facts go to
``department_summary``, and the 年度资金总额 执行率 becomes ``budget_execution_rate``.
"""

from __future__ import annotations

from decimal import Decimal

from ..extract.model import Document, Notice
from .amount import parse_number, to_wan, unit_in
from .forms import (
    BUDGET_SPEC,
    INDICATOR_SPEC,
    Form,
    check_budget,
    check_scores,
    document_title,
    document_year,
    form_unit,
    indicator_roles,
    label_key,
    left_out_tables,
    read_budget,
    read_indicators,
    read_labels,
    split_forms,
)
from .headers import match_role
from .layout import SectionSpec, header_roles
from .meta import clean_department, find_department
from .project_self_eval import GOAL_FIELDS
from .result import BudgetLineData, DepartmentSummaryData, ParsedReport, TaskData

LAYOUT_ID = "dept_self_eval"
START_LABELS = ("部门（单位）名称", "部门名称", "单位名称", "预算部门名称")

TASK_SPEC = SectionSpec(
    id="tasks",
    roles=(
        ("name", ("任务名称",)),
        ("content", ("主要内容", "任务内容")),
        ("budget_wan", ("预算数", "预算金额", "预算资金")),
        ("executed_wan", ("执行数", "执行金额", "实际支出")),
        ("weight", ("分值",)),
        ("execution_rate", ("执行率",)),
        ("score", ("得分",)),
    ),
    required=frozenset({"name", "content"}),
)
# The task table's closing row, when it sums the tasks: the department's budget line.
TASK_TOTALS = ("金额合计", "合计", "总计")


def is_dept_self_eval(form: Form) -> bool:
    return bool(indicator_roles(form) & {"actual", "score"})


def forms(doc: Document) -> list[Form]:
    return [f for f in split_forms(doc, START_LABELS) if is_dept_self_eval(f)]


def detect(doc: Document) -> bool:
    return bool(forms(doc))


def read_tasks(form: Form) -> tuple[list[TaskData], BudgetLineData | None]:
    """Rows under the 任务名称 header until a row without a task name or another header; a
    closing 金额合计 row (with 分值 / 执行率 / 得分) is the department's total budget line."""
    tasks: list[TaskData] = []
    total: BudgetLineData | None = None
    columns: dict[str, int] | None = None
    units: dict[str, str | None] = {}
    for fr in form.rows:
        if columns is None:
            columns = header_roles(fr.table, fr.row, TASK_SPEC)
            if columns is not None:
                for cell in fr.own():
                    if role := match_role(cell.text, TASK_SPEC.roles):
                        units[role] = unit_in(cell.text)
            continue
        if (
            header_roles(fr.table, fr.row, BUDGET_SPEC) is not None
            or header_roles(fr.table, fr.row, INDICATOR_SPEC) is not None
        ):
            break
        name_cell = fr.table.cell_at(fr.row, columns["name"])
        if (
            name_cell is not None
            and name_cell.row < fr.row
            and match_role(name_cell.text, TASK_SPEC.roles) == "name"
        ):
            continue  # the second line of a two-row header (总额 | 财政拨款 | 其他资金)
        if name_cell is None or name_cell.row != fr.row or not name_cell.text:
            break
        values: dict[str, Decimal | None] = {}
        for role in ("budget_wan", "executed_wan", "weight", "execution_rate", "score"):
            column = columns.get(role)
            cell = fr.table.cell_at(fr.row, column) if column is not None else None
            value = parse_number(cell.text) if cell is not None and cell is not name_cell else None
            unit = units.get(role)
            if value is not None and unit is not None and role.endswith("_wan"):
                value = to_wan(value, unit)
            values[role] = value
        if label_key(name_cell.text) in TASK_TOTALS:
            total = BudgetLineData(
                item="total",
                label=name_cell.text,
                full_year_budget_wan=values["budget_wan"],
                executed_wan=values["executed_wan"],
                weight=values["weight"],
                execution_rate=values["execution_rate"],
                score=values["score"],
            )
            break
        task = TaskData(
            name=name_cell.text,
            budget_wan=values["budget_wan"],
            executed_wan=values["executed_wan"],
        )
        column = columns.get("content")
        cell = fr.table.cell_at(fr.row, column) if column is not None else None
        if cell is not None and cell is not name_cell:
            task.content = cell.text or None
        tasks.append(task)
    return tasks, total


def parse(doc: Document) -> ParsedReport:
    found = forms(doc)
    title = document_title(doc, found)
    report = ParsedReport(layout=LAYOUT_ID, title=title)
    report.year = document_year(doc, title, found)
    if len(found) > 1:
        report.warnings.append(
            Notice(
                "several_forms",
                f"{len(found)} department forms found; the summary is the first one's",
                found[1].pages[0] if found[1].pages else None,
            )
        )
    for index, form in enumerate(found):
        names = read_labels(form, {"department": START_LABELS})
        name = names.get("department")
        page = form.pages[0] if form.pages else None
        unit = form_unit(form)
        if unit is None:
            unit = "万元"
            report.warnings.append(
                Notice(
                    "amount_unit_inferred",
                    "the budget block prints no unit; 万元 assumed (the template's unit)",
                    page,
                )
            )
        goals = read_labels(form, GOAL_FIELDS, below=True)
        report.warnings += left_out_tables(form, f"department {name}" if name else None)
        indicators = read_indicators(form, None, report.warnings, LAYOUT_ID)
        tasks, task_total = read_tasks(form)
        for record in indicators.records:
            record.goal = goals.get("annual_goal")  # the department's goal over its grid
        summary = DepartmentSummaryData(
            tasks=tasks,
            budget=read_budget(form, unit) or ([task_total] if task_total else []),
            annual_goal=goals.get("annual_goal"),
            annual_result=goals.get("annual_result"),
            total_weight=indicators.total_weight,
            total_score=indicators.total_score,
            pages=form.pages,
        )
        where = f"department {name or '?'}"
        report.warnings += check_budget(summary.budget, where, page)
        report.warnings += check_scores(
            indicators.records,
            summary.budget,
            summary.total_weight,
            summary.total_score,
            where,
        )
        report.records.extend(indicators.records)
        if index == 0:
            report.department = clean_department(name) or find_department(doc, title)
            report.department_summary = summary
            total = next((b for b in summary.budget if b.item == "total"), None)
            report.budget_execution_rate = total.execution_rate if total else None
    return report
