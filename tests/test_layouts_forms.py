"""One-form-per-project families on real PDFs (issue 9, part B).

Every expected value here was read off the rendered page (``pdftoppm -r 110``) and the text
layer (``pdftotext -layout``) of the named page, never from jixiao's output. Money is
compared as exact Decimals in the unit the page prints (（万元） in the block label).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import jixiao
from conftest import parsed, real_pdf
from jixiao.extract import page_tables
from jixiao.extract.model import Cell, Document, Table
from jixiao.extract.readers import read_pages
from jixiao.extract.settings import DEFAULT_SETTINGS
from jixiao.extract.stitch import stitch
from jixiao.parsers import dept_self_eval, project_target_form

FUZHOU_CIVIL = "fujian_fuzhou_civil_affairs_2026_budget_word2016.pdf"
FUZHOU_SCI = "fujian_fuzhou_sci_tech_2026_budget_word2007.pdf"
QUANZHOU = "fujian_quanzhou_gov_office_2026_budget_word2010.pdf"
XIAN_FINANCE = "shaanxi_xian_finance_bureau_2026_budget.pdf"
YANTAI_FINANCE = "shandong_yantai_finance_bureau_2026_budget_itext.pdf"
CENTRAL = "central_NationalPublicComplaintsBureau_2026_budget_wps.pdf"
XIAN_HEALTH = "shaanxi_xian_health_commission_2022_final_accounts_dept_and_project_selfeval.pdf"


def _project(report: jixiao.Report, name: str, page: int) -> jixiao.Project:
    found = [p for p in report.projects if p.name == name and page in p.pages]
    assert len(found) == 1, [(p.name, p.pages) for p in report.projects]
    return found[0]


def _funds(project: jixiao.Project) -> list[tuple[str, str, Decimal | None]]:
    return [(f.item, f.label, f.wan) for f in project.funds]


def _rows(report: jixiao.Report, project: str | None, pages: set[int]) -> list[tuple]:
    return [
        (r.level1, r.level2, r.indicator, r.target)
        for r in report.records
        if r.project == project and pages & set(r.pages)
    ]


def _unit_warnings(report: jixiao.Report) -> list[str]:
    return [w.code for w in report.warnings if w.code.startswith("amount_unit")]


# ---------------------------------------------------------------- 福州 项目绩效目标表


def test_fuzhou_amounts_are_in_the_wan_the_block_label_prints() -> None:
    """p28: 专项资金情况（万元） | 资金总额 21.50 | 财政拨款 21.50 | 其他资金 0.00."""
    report = parsed(real_pdf(FUZHOU_CIVIL))
    project = _project(report, "e福州留守困境儿童关爱帮扶专栏", 28)
    assert _funds(project) == [
        ("total", "资金总额", Decimal("21.50")),
        ("fiscal", "财政拨款", Decimal("21.50")),
        ("other", "其他资金", Decimal("0.00")),
    ]
    assert [f.yuan for f in project.funds] == [None, None, None]  # the form prints 万元
    assert [(f.amount, f.unit) for f in project.funds] == [
        (Decimal("21.50"), "万元"),
        (Decimal("21.50"), "万元"),
        (Decimal("0.00"), "万元"),
    ]
    assert (project.department, project.implementer) == ("福州市民政局", "福州市民政局")
    assert project.annual_goal == (
        "通过专栏畅通帮扶渠道，汇聚更多社会力量关心关爱特殊少年群体，提升全市孤弃儿童、"
        "农村留守困境儿童福利保障和关爱服务能力水平。"
    )
    assert _rows(report, project.name, {28}) == [
        ("成本指标", "经济成本指标", "总支出成本控制率", "≤100%"),
        ("产出指标", "数量指标", "媒体发稿数量", "≥3篇"),
        ("产出指标", "质量指标", "资金结算（拨付、下达、发放）准确率", "=100%"),
        ("产出指标", "时效指标", "资金拨付（下达、结算）及时率", "=100%"),
        ("效益指标", "社会效益指标", "实现“微心愿”数", "≥800个"),
        ("满意度指标", "服务对象满意度指标", "受益对象满意度", "≥90%"),
    ]
    assert _unit_warnings(report) == []


def test_fuzhou_one_project_per_form() -> None:
    """Pages 28-52 each print one form (项目名称 sometimes wrapped as 项目 / 名称)."""
    report = parsed(real_pdf(FUZHOU_CIVIL))
    assert report.layout == "project_target_form"
    assert [p.pages[0] for p in report.projects] == list(range(28, 53))
    big = _project(report, "市级困难群众救助补助金", 44)  # labels wrapped one char per line
    assert _funds(big)[0] == ("total", "资金总额", Decimal("16000.00"))


def test_fuzhou_form_cut_by_a_page_break_is_one_form() -> None:
    """科学普及活动项目: title, fund block and one indicator row on p27, the rest of the grid
    on p28 after the page number (25) — one project, seven rows."""
    report = parsed(real_pdf(FUZHOU_SCI))
    project = _project(report, "科学普及活动项目", 27)
    assert project.pages == [27, 28]
    assert _funds(project)[0] == ("total", "资金总额", Decimal("80.00"))
    assert _rows(report, "科学普及活动项目", {27, 28}) == [
        ("成本指标", "经济成本指标", "科普活动专项业务经费总额", "≤80万元"),
        ("产出指标", "数量指标", "开展科普进校园活动次数", "≥10场"),
        ("产出指标", "数量指标", "开展科普进社区活动次数", "≥10场"),
        ("产出指标", "质量指标", "与市直单位共同举办大型科普活动次数", "≥1场"),
        ("产出指标", "时效指标", "项目任务完成及时性", "≥90%"),
        ("效益指标", "社会效益指标", "开展科普统计活动次数", "≥1次"),
        ("满意度指标", "服务对象满意度指标", "服务对象投诉次数", "≤3次"),
    ]
    assert [r.pages for r in report.records if r.project == project.name][1:] == [[28]] * 6


# ---------------------------------------------------------------- 泉州 (no 项目名称)


def test_quanzhou_forms_are_named_by_their_title() -> None:
    """p29: title 市级机关保留公务用车委托管理费项目绩效目标表 above a table that starts with
    专项资金情况（万元）; no 项目名称 cell. Eight project forms pp29-36, then the
    部门整体支出绩效目标表 on p37 (records without a project)."""
    report = parsed(real_pdf(QUANZHOU))
    assert report.layout == "project_target_form"
    assert [(p.name, p.pages) for p in report.projects][:2] == [
        ("市级机关保留公务用车委托管理费", [29]),
        ("市行政中心保安服务", [30]),
    ]
    assert len(report.projects) == 8
    project = report.projects[0]
    assert _funds(project) == [
        ("total", "资金总额：", Decimal("1778.31")),
        ("fiscal", "财政拨款：", Decimal("1778.31")),
        ("other", "其他资金：", Decimal("0.00")),
    ]
    assert project.overall_goal == (
        "优化平台驾驶员、车辆配比，提高车辆使用效益，有效保障市直机关单位日常公务出行。"
    )
    assert _rows(report, project.name, {29})[:3] == [
        ("成本指标", "经济成本指标", "预算执行率", "≥90%"),
        ("产出指标", "时效指标", "目标完成率", "≥90%"),
        ("产出指标", "数量指标", "财政支出项目完成率", "≥90%"),
    ]
    department = [r for r in report.records if r.project is None]
    assert {r.pages[0] for r in department} == {37}
    assert len(department) == 9
    assert {r.goal for r in department} == {"保障政府高效运行，提高行政效率。"}
    assert (department[0].level1, department[0].indicator) == ("一般性支出情况", "“三公”经费控制率")


# ---------------------------------------------------------------- 西安 表14-N


def test_xian_finance_per_project_form() -> None:
    """表14-1 (p44): 资金金额(万元) | 实施期资金总额：1,083.57 | 其中：财政拨款 1,083.57 |
    其他资金 (blank); 分值权重（90分） column."""
    report = parsed(real_pdf(XIAN_FINANCE))
    project = _project(report, "会计类考试考务", 44)
    assert project.department == "西安市财政局"
    assert _funds(project) == [
        ("total", "实施期资金总额：", Decimal("1083.57")),
        ("fiscal", "其中：财政拨款", Decimal("1083.57")),
        ("other", "其他资金", None),
    ]
    assert project.overall_goal is not None
    assert project.overall_goal.startswith("按照省财政厅年度《全国会计专业技术资格考试陕西考区")
    records = [r for r in report.records if r.project == project.name]
    assert [(r.indicator, r.target, r.weight) for r in records] == [
        ("考试机位单价(元/小时)", "19.75", Decimal(10)),
        ("考试机位数量(个)", "≤12380", Decimal(7)),
        ("考务培训次数(次)", "3", Decimal(7)),
        ("保障考试正常运行率（%）", "100", Decimal(8)),
        ("初高级会计考试完成时限", "5月31日前", Decimal(6)),
        ("中级会计考试完成时限", "9月30日前", Decimal(6)),
        ("注册会计师考试完成时限", "8月31日前", Decimal(6)),
        ("会计人员专业能力与会计工作质量", "较上年提升", Decimal(30)),
        ("会计初中高级资格及注册会计师考生满意率（%）", "≥90", Decimal(10)),
    ]
    assert sum(r.weight for r in records if r.weight is not None) == 90  # 分值权重（90分）
    assert [p.name for p in report.projects][-1] == "政策性农业保险市级补贴资金"
    assert len(report.projects) == 15  # 表14-1 … 表14-14 and 表16


def test_xian_finance_two_goal_columns() -> None:
    """表16 (p59): 总体目标 over 实施期总目标 | 年度总目标, texts below each; 实施期限 1年."""
    report = parsed(real_pdf(XIAN_FINANCE))
    project = _project(report, "政策性农业保险市级补贴资金", 59)
    assert project.overall_goal is not None and project.overall_goal.startswith(
        "目标1：引导和支持农户参加农业保险"
    )
    assert project.annual_goal == project.overall_goal  # printed twice, identical
    assert ("annual_total", "年度资金总额：", Decimal("6600")) in _funds(project)
    assert project.extra == {"实施期限": "1年"}  # printed beside 主管部门, read by no field


# ---------------------------------------------------------------- 烟台 / 国家信访局


def test_yantai_grid_continued_in_a_table_with_other_columns() -> None:
    """财政工作专项经费: p33 ends with 办公场所正常运转率; p34 starts with a two-row table
    (满意度指标 | 服务对象满意度指标 | 职工满意度 =100% ; 会议、培训对象满意度 ≥95%) whose
    指标值 column is not split in two as on p33."""
    report = parsed(real_pdf(YANTAI_FINANCE))
    project = _project(report, "财政工作专项经费", 33)
    assert project.pages == [33, 34]
    assert project.department == "烟台市财政局"
    assert project.extra["主管部门（含代码）"] == "228_烟台市财政局"
    assert ("annual_total", "年度预算资金总额：", Decimal("315.00")) in _funds(project)
    rows = _rows(report, project.name, {34})
    assert rows == [
        ("满意度指标", "服务对象满意度指标", "职工满意度", "=100%"),
        ("满意度指标", "服务对象满意度指标", "会议、培训对象满意度", "≥95%"),
    ]
    last = [r for r in report.records if r.project == project.name][-1]
    assert last.extra == {"": "绩效指标"}  # the unheaded block-label column, kept
    assert len(_rows(report, project.name, {33, 34})) == 18


def test_central_ministry_fund_block() -> None:
    """p30: 项目资金（万元） | 年度资金总额：2,134.87 | 其中：财政拨款 1,384.87 | 上年结转
    750.00 | 其他资金 - (a placeholder, not zero); 主管部门及代码 [292]国家信访局."""
    report = parsed(real_pdf(CENTRAL))
    assert (report.department, report.year) == ("国家信访局", 2026)
    project = _project(report, "信息化运行维护", 30)
    assert _funds(project) == [
        ("annual_total", "年度资金总额：", Decimal("2134.87")),
        ("appropriation", "其中：财政拨款", Decimal("1384.87")),
        ("carryover", "上年结转", Decimal("750.00")),
        ("annual_other", "其他资金", None),
    ]
    assert project.department == "国家信访局"
    assert project.annual_goal is not None
    assert project.annual_goal.startswith("1.加强对信访信息系统应用工作的指导和部署")
    weights = [r.weight for r in report.records if r.project == project.name]
    assert weights == [Decimal(v) for v in (20, 8, 8, 8, 8, 8, 10, 10, 10)]


# ---------------------------------------------------------------- 西安 项目支出绩效自评表


def test_xian_self_eval_placeholders_are_not_values_or_mismatches() -> None:
    """p98: 其中：当年财政拨款 0 | 400 | 400 | (分值 blank) | — | —; 年度资金总额 prints
    执行率 1000% for 400/400, a real slip. Rates are printed as slips (1000%, or 100.005
    on p72) only on pages 72, 98-103 and 138-141: those, and only those, warn."""
    report = parsed(real_pdf(XIAN_HEALTH))
    project = _project(report, "公共卫生事业发展资金", 98)
    total, appropriation = project.budget[0], project.budget[1]
    assert (total.item, total.full_year_budget_wan, total.executed_wan) == (
        "total",
        Decimal(400),
        Decimal(400),
    )
    assert (total.execution_rate, total.score) == (Decimal(1000), Decimal(10))
    assert appropriation.item == "appropriation"
    assert (appropriation.execution_rate, appropriation.score) == (None, None)
    mismatches = [w for w in report.warnings if w.code == "execution_rate_mismatch"]
    assert sorted({w.page for w in mismatches}) == [72, 98, 99, 100, 101, 102, 103, 138, 139,
                                                    140, 141]  # fmt: skip
    assert all("printed 1000%" in w.message or "printed 100.005%" in w.message for w in mismatches)


def test_xian_self_eval_levels_on_every_row() -> None:
    """Every 项目支出绩效自评表 row has its 一级 and 二级指标 (merged cells cover their rows)."""
    report = parsed(real_pdf(XIAN_HEALTH))
    assert report.layout == "project_self_eval"
    assert len(report.projects) == 88  # pp55-141 and the 专项资金绩效自评表 on p143
    assert all(r.level1 and r.level2 for r in report.records)
    project = _project(report, "公共卫生事业发展资金", 98)
    rows = [(r.level1, r.level2, r.indicator, r.weight, r.score) for r in report.records
            if r.project == project.name and r.pages == [98]]  # fmt: skip
    assert rows[0] == ("产出指标50分", "数量指标", "购置超声内镜系统设备数量", 15, 15)
    assert rows[-1] == ("满意度指标10", "服务对象满意度指标", "服务对象满意度", 10, 10)


# ---------------------------------------------------------------- money never guessed


def _cell(row: int, column: int, text: str, colspan: int = 1, rowspan: int = 1) -> Cell:
    x0 = 100.0 * column
    return Cell(row, column, rowspan, colspan, text, 1, (x0, 20.0 * row, x0 + 100 * colspan, 0))


def test_a_form_without_a_unit_keeps_its_numbers_unconverted_and_warns() -> None:
    """No （万元）/（元） label and no 单位： line: the amount is not scaled by a guess."""
    cells = [
        _cell(0, 0, "项目名称"),
        _cell(0, 1, "示例项目", colspan=3),
        _cell(1, 0, "专项资金情况", rowspan=2),
        _cell(1, 1, "资金总额"),
        _cell(1, 2, "21.50", colspan=2),
        _cell(2, 1, "财政拨款"),
        _cell(2, 2, "21.50", colspan=2),
        _cell(3, 0, "一级指标"),
        _cell(3, 1, "二级指标"),
        _cell(3, 2, "三级指标"),
        _cell(3, 3, "指标值"),
        _cell(4, 0, "产出指标"),
        _cell(4, 1, "数量指标"),
        _cell(4, 2, "培训次数"),
        _cell(4, 3, "≥3次"),
    ]
    table = Table([1], 5, 4, cells, (0, 0, 400, 100), row_pages=[1] * 5)
    report = project_target_form.parse(Document(1, [table], [], []))
    (project,) = report.projects
    assert [(f.item, f.yuan, f.wan) for f in project.funds] == [
        ("total", None, None),
        ("fiscal", None, None),
    ]
    assert [w.code for w in report.warnings] == ["amount_unit_missing"]
    # the printed numbers are kept, with no unit
    assert [(f.amount, f.unit) for f in project.funds] == [(Decimal("21.50"), None)] * 2
    assert [(r.indicator, r.target) for r in report.records] == [("培训次数", "≥3次")]


# ---------------------------------------------------------------- 西安 部门整体支出绩效自评表


def _pages_document(path: Path, pages: list[int]) -> Document:
    """The tables of some pages only, stitched as extract_document does for the whole file."""
    per_page = []
    lines = []
    for content in read_pages(path, DEFAULT_SETTINGS, None, pages=pages):
        tables, page_lines, _ = page_tables(content, DEFAULT_SETTINGS, engine="auto", path=path)
        per_page.append((tables, page_lines))
        lines.extend(page_lines)
    tables, notices = stitch(per_page, DEFAULT_SETTINGS)
    return Document(len(pages), tables, lines, notices, len(pages))


def test_xian_department_self_eval_over_two_pages() -> None:
    """pp30-31: 部门（单位）名称 | 年度主要任务完成情况 (17 tasks, 全年预算数（万元） 总额 / 财政拨款 /
    其他资金, closed by 金额合计 2,495,142.55 | … | 2074962.01 | … | 10 | 83.16% | 10) on p30;
    年度总体目标完成情况 and 20 indicator rows headed 指标内容 on p31."""
    doc = _pages_document(real_pdf(XIAN_HEALTH), [30, 31])
    report = dept_self_eval.parse(doc)
    assert report.department == "西安市卫生健康委员会"
    summary = report.department_summary
    assert summary is not None
    assert len(summary.tasks) == 17
    first = summary.tasks[0]
    assert (first.name, first.budget_wan, first.executed_wan) == (
        "一般公共服务支出",
        Decimal(56),
        Decimal(56),
    )
    (total,) = summary.budget
    assert (total.label, total.full_year_budget_wan, total.executed_wan) == (
        "金额合计",
        Decimal("2495142.55"),
        Decimal("2074962.01"),
    )
    assert (total.weight, total.execution_rate, total.score) == (10, Decimal("83.16"), 10)
    assert report.budget_execution_rate == Decimal("83.16")
    assert summary.annual_goal is not None and summary.annual_goal.startswith(
        "目标1：全面加强党的建设"
    )
    records = report.records
    assert len(records) == 20
    assert {r.pages[0] for r in records} == {31}
    assert (records[0].level1, records[0].level2, records[0].indicator) == (
        "产出指标（50分）",
        "数量指标",
        "指标1：全面加强党的建设覆盖单位数量",
    )
    eighth = records[7]
    assert (eighth.target, eighth.actual, eighth.weight, eighth.score) == (
        "≥800人",
        "744人",
        Decimal(2),
        Decimal("1.5"),
    )
    assert all(r.level1 and r.level2 and r.project is None for r in records)
    assert {r.goal for r in records} == {summary.annual_goal}  # the 预期目标 over the grid
    # 总分 100 / 99.5 = the 金额合计 line's 10 / 10 + the indicators' 90 / 89.5
    assert not [w for w in report.warnings if w.code.endswith("_mismatch")]


def test_a_table_left_under_the_department_grid_is_said() -> None:
    """The department 自评表 reads its forms with the project forms' splitter, so rows cut off
    its open indicator grid as a table of their own (columns that do not line up under the
    header) were dropped without a word too. The bundled reportlab 自评表 with its last two
    rows (游客满意度, 总分) moved into such a table: said as table_not_read, quoting the row,
    the other records unchanged; the whole form says nothing."""
    from conftest import SAMPLES

    doc = _pages_document(SAMPLES / "synthetic_dept_self_eval_reportlab.pdf", [1])
    whole = dept_self_eval.parse(doc)
    assert "table_not_read" not in {w.code for w in whole.warnings}
    (grid,) = doc.tables
    kept = [c for c in grid.cells if c.row + c.rowspan <= grid.n_rows - 2]
    cut = Table([1], 2, 3, [Cell(0, 0, 1, 1, "游客满意度", 1, (60, 700, 200, 720)),
                            Cell(0, 1, 1, 2, "≥90% 88% 5 4", 1, (200, 700, 500, 720)),
                            Cell(1, 0, 1, 3, "总分 100 96.78", 1, (60, 720, 500, 740))],
                (60, 700, 500, 740), row_pages=[1, 1])  # fmt: skip
    shortened = Table([1], grid.n_rows - 2, grid.n_columns, kept, grid.bbox,
                      row_pages=grid.row_pages[:-2], column_edges=grid.column_edges)  # fmt: skip
    report = dept_self_eval.parse(Document(1, [shortened, cut], doc.lines, [], 1))
    notices = [w for w in report.warnings if w.code == "table_not_read"]
    assert len(notices) == 1 and notices[0].page == 1
    assert "「游客满意度 | ≥90% 88% 5 4」" in notices[0].message
    assert "department" in notices[0].message
    assert [r.indicator for r in report.records] == [r.indicator for r in whole.records][:-1]
