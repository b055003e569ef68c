"""Layout ``project_target_form``: 财政项目支出绩效目标填报表 (one form per project).

Seen in Shanghai district budgets (上海市普陀区 部门预算, the last pages): 项目名称 / 项目性质 /
项目类别 / 主管部门 / 实施单位 / 计划开始日期 / 计划完成日期 as label-value pairs, a 项目资金（元）
block with two branches (项目资金总额 → 其中：财政资金, 其他资金; 年度资金申请总额 → 其中：当年
财政拨款, 上年结转资金, 其他资金), 项目总目标 and 年度总体目标 with their text below them,
then the indicator grid 一级指标 / 二级指标 / 三级指标 / 年度(/项目)指标值. The form has no
results: records carry ``target`` only.
"""

from __future__ import annotations

from ..extract.model import Cell, Document, Notice
from .amount import parse_number, to_wan
from .forms import (
    Form,
    form_title_name,
    form_unit,
    indicator_roles,
    label_key,
    other_labels,
    parse_projects,
    read_indicators,
    read_labels,
    split_forms,
    unit_missing,
)
from .meta import clean_department
from .result import FundData, ParsedReport, ProjectData, RecordData

LAYOUT_ID = "project_target_form"
START_LABELS = ("项目名称",)
# The department-level form of the same family (部门整体支出绩效目标表): same grid, its
# goal is the department's; its records belong to no project.
DEPARTMENT_LABELS = ("部门名称", "部门（单位）名称", "单位名称", "预算部门名称", "预算单位名称")

PROJECT_FIELDS: dict[str, tuple[str, ...]] = {
    "name": ("项目名称",),
    "code": ("项目编码", "项目代码", "项目编号"),
    "nature": ("项目性质",),
    "category": ("项目类别", "项目类型"),
    "department": ("主管部门", "预算主管部门", "主管部门及代码", "主管单位"),
    "implementer": ("实施单位", "项目实施单位"),
    "start_date": ("计划开始日期", "项目开始日期", "开始日期"),
    "end_date": ("计划完成日期", "项目完成日期", "完成日期"),
}
GOAL_FIELDS: dict[str, tuple[str, ...]] = {
    "overall_goal": (
        "项目总目标",
        "总目标",
        "总体目标",
        "实施期总目标",
        "项目实施期目标",
        "实施期目标",
        "总体绩效目标",
        "整体绩效目标",
        "部门总体目标",
    ),
    "annual_goal": ("年度总体目标", "年度目标", "年度总目标", "年度绩效目标"),
}
# The two branches of the funding block; 其他资金 is printed in both, so the branch is
# told by column: labels at or right of 年度资金申请总额 belong to the annual branch.
FUNDS_TOTAL: dict[str, tuple[str, ...]] = {
    "total": ("项目资金总额", "资金总额", "实施期资金总额", "项目总额", "资金合计"),
    "fiscal": ("财政资金", "财政拨款"),
    "other": ("其他资金",),
}
FUNDS_ANNUAL: dict[str, tuple[str, ...]] = {
    "annual_total": (
        "年度资金申请总额",
        "年度资金总额",
        "本年资金申请总额",
        "年度预算资金总额",
        "年度预算总额",
    ),
    "appropriation": ("当年财政拨款", "本年财政拨款", "财政拨款"),
    "carryover": ("上年结转资金", "上年结转"),
    "annual_other": ("其他资金",),
}
# Labels that open a form printing no 项目名称 (named by its title): its money block.
HEAD_LABELS = (*FUNDS_TOTAL["total"], *FUNDS_ANNUAL["annual_total"])


def is_target_form(form: Form) -> bool:
    """An indicator grid without results or scores (those make it a 自评表)."""
    roles = indicator_roles(form)
    return bool(roles) and not roles & {"actual", "score"}


def forms(doc: Document) -> list[Form]:
    """Project and department target forms, in document order."""
    found = split_forms(doc, START_LABELS + DEPARTMENT_LABELS, HEAD_LABELS)
    return [f for f in found if is_target_form(f)]


def is_department_form(form: Form) -> bool:
    keys = {label_key(s) for s in DEPARTMENT_LABELS}
    return bool(form.rows) and any(label_key(c.text) in keys for c in form.rows[0].own())


def detect(doc: Document) -> bool:
    return bool(forms(doc))


def _lookup(branch: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {label_key(s): item for item, synonyms in branch.items() for s in synonyms}


def read_funds(form: Form, warnings: list[Notice], where: str) -> list[FundData]:
    """Both branches of the funding block, in the unit the form prints (元 also kept as
    printed), converted to 万元 exactly. No unit printed: no conversion and a warning."""
    total, annual = _lookup(FUNDS_TOTAL), _lookup(FUNDS_ANNUAL)
    annual_column = min(
        (
            c.column
            for fr in form.rows
            for c in fr.own()
            if annual.get(label_key(c.text)) == "annual_total"
        ),
        default=None,
    )
    unit = form_unit(form)
    funds: list[FundData] = []
    seen: set[str] = set()
    for fr in form.rows:
        for cell in fr.own():
            key = label_key(cell.text)
            in_annual = annual_column is not None and cell.column >= annual_column
            item = (annual if in_annual else total).get(key)
            if item is None or item in seen:
                continue
            value_cell = fr.right_of(cell)
            value = parse_number(value_cell.text) if value_cell is not None else None
            seen.add(item)
            if value is None or unit is None:
                funds.append(FundData(item, cell.text, None, None, value, unit))
            else:
                yuan = value if unit == "元" else None
                funds.append(FundData(item, cell.text, yuan, to_wan(value, unit), value, unit))
    if unit is None and any(
        fr.right_of(c) is not None and parse_number(fr.right_of(c).text) is not None
        for fr in form.rows
        for c in fr.own()
        if label_key(c.text) in total or label_key(c.text) in annual
    ):
        warnings.append(unit_missing(where, form.pages[0] if form.pages else None))
    order = [*FUNDS_TOTAL, *FUNDS_ANNUAL]
    return sorted(funds, key=lambda f: order.index(f.item))


def read_project(form: Form, warnings: list[Notice]) -> ProjectData:
    cells: dict[str, list[Cell]] = {}
    labels = read_labels(form, PROJECT_FIELDS, cells=cells)
    goals = read_labels(form, GOAL_FIELDS, below=True, cells=cells)
    name = labels.get("name") or form_title_name(form)
    page = form.pages[0] if form.pages else None
    if not name:
        warnings.append(Notice("project_name_missing", "a form has no 项目名称 value", page))
    known = [
        s
        for fields in (PROJECT_FIELDS, GOAL_FIELDS, FUNDS_TOTAL, FUNDS_ANNUAL)
        for synonyms in fields.values()
        for s in synonyms
    ]
    extra = other_labels(form, known, [*labels.values(), *goals.values()], cells)
    printed = labels.get("department")
    department = clean_department(printed)
    if printed and department != printed:
        extra["主管部门（含代码）"] = printed
    if not labels.get("name") and name:
        extra["项目名称（取自表题）"] = name
    return ProjectData(
        name=name or "",
        code=labels.get("code"),
        nature=labels.get("nature"),
        category=labels.get("category"),
        department=department,
        implementer=labels.get("implementer"),
        start_date=labels.get("start_date"),
        end_date=labels.get("end_date"),
        funds=read_funds(form, warnings, f"project {name or '?'}"),
        overall_goal=goals.get("overall_goal"),
        annual_goal=goals.get("annual_goal"),
        pages=form.pages,
        extra=extra,
        cells=cells,
    )


def parse(doc: Document) -> ParsedReport:
    found = forms(doc)
    report = parse_projects(
        doc, LAYOUT_ID, [f for f in found if not is_department_form(f)], read_project
    )
    blocks: list[tuple[int, list[RecordData]]] = []
    for form in found:
        if not is_department_form(form):
            continue
        names = read_labels(form, {"department": DEPARTMENT_LABELS})
        goals = read_labels(form, GOAL_FIELDS, below=True)
        goal = goals.get("annual_goal") or goals.get("overall_goal")
        indicators = read_indicators(form, None, report.warnings, LAYOUT_ID)
        for record in indicators.records:
            record.goal = goal
        blocks.append((min(form.pages, default=0), indicators.records))
        if report.department is None:
            report.department = clean_department(names.get("department"))
    report.records = _in_page_order(report.records, blocks)
    return report


def _in_page_order(
    records: list[RecordData], blocks: list[tuple[int, list[RecordData]]]
) -> list[RecordData]:
    """The project forms' records with each department form's records (``blocks``: its
    first page, its records) where the form is printed: before the first record printed
    after it. Why: records follow the pages, so a long document read in segments
    (``schema/segments.py``) lists them as when it is read whole."""
    out: list[RecordData] = []
    waiting = list(blocks)
    for r in records:
        while waiting and r.pages and waiting[0][0] < r.pages[0]:
            out += waiting.pop(0)[1]
        out.append(r)
    for _, block in waiting:
        out += block
    return out
