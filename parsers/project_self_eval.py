"""Layout ``project_self_eval``: 项目支出绩效自评表 (the Ministry of Finance template of
财预〔2020〕10号), one form per project.

项目名称 / 主管部门 / 实施单位 as label-value pairs; the budget block 年初预算数 / 全年预算数 /
全年执行数 / 分值 / 执行率 / 得分 over 年度资金总额 / 其中：本年财政拨款 / 上年结转资金 / 其他资金;
年度总体目标 with 预期目标 and 实际完成情况 below their headings; the indicator grid
一级指标 / 二级指标 / 三级指标 / 年度指标值 / 实际完成值 / 分值 / 得分 / 偏差原因分析及改进措施,
and the 总分 row.

The form's arithmetic is checked (执行率, 得分 ≤ 分值, 总分 = sum): a violation is a warning,
never an error, because published forms do contain such slips and the data is still wanted.
"""

from __future__ import annotations

from ..extract.model import Cell, Document, Notice
from .forms import (
    Form,
    Indicators,
    budget_funds,
    check_budget,
    check_scores,
    form_unit,
    indicator_roles,
    parse_projects,
    read_budget,
    read_labels,
    split_forms,
)
from .meta import clean_department
from .project_target_form import PROJECT_FIELDS
from .result import ParsedReport, ProjectData

LAYOUT_ID = "project_self_eval"
START_LABELS = ("项目名称",)
GOAL_FIELDS: dict[str, tuple[str, ...]] = {
    "annual_goal": ("预期目标", "年度预期目标", "预期目标（年初设定）"),
    "annual_result": ("实际完成情况", "全年实际完成情况", "目标实际完成情况"),
}


def is_self_eval(form: Form) -> bool:
    """An indicator grid with results or scores."""
    return bool(indicator_roles(form) & {"actual", "score"})


def forms(doc: Document) -> list[Form]:
    return [f for f in split_forms(doc, START_LABELS) if is_self_eval(f)]


def detect(doc: Document) -> bool:
    return bool(forms(doc))


def read_project(form: Form, warnings: list[Notice]) -> ProjectData:
    cells: dict[str, list[Cell]] = {}
    labels = read_labels(form, PROJECT_FIELDS, cells=cells)
    goals = read_labels(form, GOAL_FIELDS, below=True, cells=cells)
    page = form.pages[0] if form.pages else None
    unit = form_unit(form)
    if unit is None:
        unit = "万元"
        warnings.append(
            Notice(
                "amount_unit_inferred",
                "the budget block prints no unit; 万元 assumed (the template's unit)",
                page,
            )
        )
    name = labels.get("name")
    if not name:
        warnings.append(Notice("project_name_missing", "a form has no 项目名称 value", page))
    budget = read_budget(form, unit)
    return ProjectData(
        name=name or "",
        department=clean_department(labels.get("department")),
        implementer=labels.get("implementer"),
        funds=budget_funds(budget, unit),
        budget=budget,
        annual_goal=goals.get("annual_goal"),
        annual_result=goals.get("annual_result"),
        pages=form.pages,
        cells=cells,
    )


def _check(project: ProjectData, indicators: Indicators) -> list[Notice]:
    where = f"project {project.name}"
    page = project.pages[0]
    return check_budget(project.budget, where, page) + check_scores(
        indicators.records, project.budget, project.total_weight, project.total_score, where
    )


def parse(doc: Document) -> ParsedReport:
    return parse_projects(doc, LAYOUT_ID, forms(doc), read_project, _check)
