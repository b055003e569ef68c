"""Indicator tables in column form (issue 9, part A), on the real budgets in ../shared.

Expected values are read off the rendered pages (``pdftoppm -r 110``) and the text layer
(``pdftotext -layout``) of the files named in each test, never from jixiao's output.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import jixiao
from conftest import parsed, real_pdf
from jixiao.extract import TableSettings, extract_document
from jixiao.extract.model import Cell, Document, Table
from jixiao.parsers import parse_document

BJ_STATS = "beijing_statistics_bureau_2026_budget.pdf"
CHANGSHA = "hunan_changsha_petitions_bureau_2026_budget_itext.pdf"
CHONGQING = "chongqing_water_resources_2026_budget_wps.pdf"
GZ_PROJECTS = "guangdong_guangzhou_govservice_data_2026_project_targets_incl_transfer.pdf"
GZ_DEPT = "guangdong_guangzhou_ecoenv_2026_dept_overall_target_declaration_1p.pdf"
BEIJING = (
    BJ_STATS,
    "beijing_gov_office_2026_budget_pdfium.pdf",
    "beijing_sasac_2026_budget_acrobat_pdfmaker.pdf",
    "beijing_econ_infotech_2026_budget_ms_print_to_pdf.pdf",
)


def _records(report: jixiao.Report, project: str) -> list:
    return [r for r in report.records if r.project == project]


def _fund(project, item: str) -> Decimal | None:
    return next(f.wan for f in project.funds if f.item == item)


# ------------------------------------------------------------------ Beijing 预算表12


def test_beijing_project_table_page_27() -> None:
    """预算表12, page 27 (金额单位：万元): two projects; the second one's cell is open at the
    page foot and continues on page 28 under a repeated header."""
    report = parsed(real_pdf(BJ_STATS))
    first = next(
        p for p in report.projects if p.name.endswith("-统计监测分析及统计资料编印工作经费")
    )
    assert first.name == "11000024T000002830551-统计监测分析及统计资料编印工作经费"  # as printed
    assert first.code == "11000024T000002830551"
    assert _fund(first, "total") == Decimal("76.64")
    assert _fund(first, "fiscal") == Decimal("76.64")
    assert _fund(first, "other") is None
    assert first.annual_goal.startswith(
        "目标1：组织开展2025年度北京市优秀统计分析报告评选推荐相关工作"
    )
    assert first.annual_goal.endswith("为市区政府部门及社会各界提供数据服务。")
    rows = _records(report, first.name)
    assert len(rows) == 10
    assert all(r.layout == "project_indicator_table" and r.pages == [27] for r in rows)
    kinds = next(r for r in rows if r.indicator == "编印综合统计资料种类")
    assert (kinds.level1, kinds.level2) == ("产出指标", "数量指标")
    assert (kinds.nature, kinds.target, kinds.unit) == ("≥", "7", "种")
    expert = next(r for r in rows if r.indicator == "分析报告评审专家资质")
    assert (expert.nature, expert.target, expert.unit) == (
        "定性",
        "高于高级专业技术人员或同级别人员",
        None,
    )

    second = next(p for p in report.projects if p.name.endswith("-统计人员岗位知识培训"))
    assert second.code == "11000022T000000445703"
    assert _fund(second, "total") == Decimal("103.984764")
    assert second.annual_goal == (
        "全面加强统计干部队伍建设、统计机关文化建设，提升广大干部职工理想信念、思想觉悟和综合素养，"
        "更好适应统计现代化改革发展和需要；提升处级领导干部的领导能力和综合管理能力，提升青年业务骨干"
        "的统计专业水平和创新工作能力，更加有效推动首都高质量发展。"
    )
    rows = _records(report, second.name)
    assert [r.indicator for r in rows] == [
        "培训（会议）天数", "培训（参会）人次", "邀请讲师人数", "培训期数",
        "总体培训成本", "培训对统计系统发展的正面影响",
    ]  # fmt: skip
    assert [r.pages[0] for r in rows] == [27, 27, 27, 27, 28, 28]
    cost = rows[4]
    assert (cost.level2, cost.nature, cost.target, cost.unit) == (
        "经济效益指标",
        "≤",
        "63.03",
        "万元",
    )
    # Page 28 re-draws the open cells' whole text above its repeated header, clipped away
    # (rendered page: nothing printed there). With the clip applied the header is read, the
    # table goes on under it and the cut goal is joined; unclipped, that text overprinted
    # the header (header_inherited) and left the project cells blank (value_forward_filled).
    on_28 = {w.code for w in report.warnings if w.page == 28}
    assert {"clipped_text", "repeated_header_dropped", "merged_cell_continued"} <= on_28


def test_column_records_point_at_their_cells() -> None:
    """Provenance: each field of a column-table record names a table cell that prints it."""
    for name in (BJ_STATS, GZ_PROJECTS):
        report = parsed(real_pdf(name))
        checked = 0
        for record in report.records[:60]:
            assert record.cells, name
            for field, refs in record.cells.items():
                cell = next(
                    c
                    for c in report.tables[refs[0].table].cells
                    if (c.row, c.column) == (refs[0].row, refs[0].column)
                )
                assert str(getattr(record, field)).replace(" ", "") in cell.text.replace(" ", "")
                checked += 1
        assert checked > 100


def test_beijing_four_producers_name_projects_not_headers() -> None:
    """All four producers' 预算表12: no record takes a header (项目总额) for its project, every
    project-table record keeps 绩效指标性质 and the value apart, and 预算表13 is read."""
    for name in BEIJING:
        report = parsed(real_pdf(name))
        layouts = {r.layout for r in report.records}
        assert {"project_indicator_table", "dept_indicator_table"} <= layouts, name
        project_rows = [r for r in report.records if r.layout == "project_indicator_table"]
        assert all(r.project and r.project != "项目总额" for r in project_rows), name
        assert all(r.nature for r in project_rows), name
        assert report.layout == "project_indicator_table", name


def test_beijing_sasac_project_cells_over_page_breaks() -> None:
    """Page 18: the first five rows still belong to the project begun on page 17 (its cells
    continue from the page before); a rule then opens 11000022T00000045 1951-人才工作者培训班、
    科技领军人才研修班 (41.215000), whose first row is 科技领军人才研修班成本 ≤ 24.625 万元."""
    report = parsed(real_pdf("beijing_sasac_2026_budget_acrobat_pdfmaker.pdf"))
    rows = [r for r in report.records if r.pages[0] == 18]
    assert [r.indicator for r in rows[:6]] == [
        "咨询服务按期完成率",
        "金制度执行情况检查和绩效评价体系研究相关咨询服务成本",
        "市属国企重要子企业党组织建设调研成本",
        "课题研究成本",
        "提高市管企业管理基金管理规范性，强化基金业务风险管理",
        "科技领军人才研修班成本",
    ]
    assert {r.project for r in rows[:5]} == {"11000022T000000451922-国资国企重难点问题研究"}
    training = "11000022T000000451951-人才工作者培训班、科技领军人才研修班"
    assert rows[5].project == training
    assert (rows[5].nature, rows[5].target, rows[5].unit) == ("≤", "24.625", "万元")
    project = next(p for p in report.projects if p.name == training)
    assert _fund(project, "total") == Decimal("41.215")


def test_beijing_sasac_line_cut_by_the_page_break_is_read_once() -> None:
    """Pages 27/28 (预算表12, 金额单位：万元): the break cuts the line 问题、违规经营性投 and
    the amounts 264.640000 of project 454178's merged cells; the producer draws it on both
    pages, clipped, the upper part on page 27 (without 、 and ., which only page 28 draws)
    and the lower part on page 28 (rendered pages: 264.640000 in both amount columns)."""
    report = parsed(real_pdf("beijing_sasac_2026_budget_acrobat_pdfmaker.pdf"))
    name = "11000022T000000454178-市管企业共性问题、违规经营性投资责任追究及审计监督检查"
    project = next(p for p in report.projects if p.code == "11000022T000000454178")
    assert project.name == name
    assert _fund(project, "total") == Decimal("264.640000")
    assert _fund(project, "fiscal") == Decimal("264.640000")
    assert {f.unit for f in project.funds if f.item in ("total", "fiscal")} == {"万元"}
    said = [w.message for w in report.warnings if w.code == "clipped_text" and w.page == 27]
    assert sum("read where more shows, on page 27: 「264.640000」" in m for m in said) == 2
    assert any("「问题、违规经营性投」 (「、」 is drawn on page 28 only)" in m for m in said)
    # Read once: the merged cells print the amount once each.
    at = project.cells["name"][0]
    amounts = [
        c.text for c in report.tables[at.table].cells if c.row == at.row and c.column in (1, 2)
    ]
    assert amounts == ["264.640000", "264.640000"]


def test_beijing_econ_project_begun_blank_at_page_foot() -> None:
    """Page 21's last row (空气重污染应急制造业停产限产清单社会公开率 ＝ 100 %) opens the
    project whose name, 54.000000 and goal cells print on page 22 only; page 22's first row
    (绿色制造单位入围结果社会公开率 ＝ 100 %) is a row of its own, not the rest of it."""
    report = parsed(real_pdf("beijing_econ_infotech_2026_budget_ms_print_to_pdf.pdf"))
    green = "11000022T000000426968-节能环保和绿色发展工作"
    rows = [r for r in report.records if r.project == green]
    assert [(r.indicator, r.pages) for r in rows[:3]] == [
        ("空气重污染应急制造业停产限产清单社会公开率", [21]),
        ("绿色制造单位入围结果社会公开率", [22]),
        ("辅导空气重污染应急企业绩效提升率", [22]),
    ]
    assert [(r.target, r.unit) for r in rows[:2]] == [("100", "%"), ("100", "%")]
    assert rows[0].goal.startswith("完成空气重污染企业绩效评级评审")
    project = next(p for p in report.projects if p.name == green)
    assert _fund(project, "total") == Decimal("54")


def test_beijing_department_table_13() -> None:
    """预算表13 部门整体支出绩效目标表, page 41: 部门名称 北京市统计局, the first indicator."""
    report = parsed(real_pdf(BJ_STATS))
    dept = [r for r in report.records if r.layout == "dept_indicator_table"]
    assert dept and all(r.pages == [41] for r in dept)
    assert dept[0].nature == "≥" and dept[0].target == "12" and dept[0].unit == "个"
    # 绩效指标 prints 一级+二级+三级 in one cell: split at the printed 指标 words, kept whole.
    assert (dept[0].level1, dept[0].level2) == ("产出指标", "数量指标")
    assert dept[0].indicator == "开展国民经济各行业调查工作"
    assert dept[0].extra == {
        "活动": "专项统计",
        "绩效指标": "产出指标数量指标开展国民经济各行业调查工作",
    }
    assert any(w.code == "indicator_levels_split" and w.page == 41 for w in report.warnings)
    assert dept[0].goal.startswith("1.继续加大对全市经济运行情况的动态监测与预判分析")


# ------------------------------------------------------------------ Changsha


def test_changsha_project_table_keeps_every_column() -> None:
    """2026年项目支出绩效目标表 page 22 (单位：万元)."""
    report = parsed(real_pdf(CHANGSHA))
    project = next(p for p in report.projects if p.name == "基层及其他信访业务工作经费专项")
    assert _fund(project, "total") == Decimal("35.78")
    rows = _records(report, project.name)
    cost = rows[0]
    assert (cost.level1, cost.level2, cost.indicator) == ("成本指标", "经济成本指标", "总成本")
    assert (cost.target, cost.unit, cost.nature) == ("35.78", "万元", "≤")
    assert cost.explanation == "不超过预算"
    assert cost.scoring_rule.startswith("偏离目标40%及以上不得分")
    assert cost.extra["单位编码"] == "126001"
    assert cost.extra["备注"] == "20"
    assert cost.layout == "project_indicator_table"


def test_changsha_department_table() -> None:
    """部门整体支出绩效目标表 page 30: 指标值类型 / 指标值 / 计量单位 / 指标解释."""
    report = parsed(real_pdf(CHANGSHA))
    first = next(r for r in report.records if r.pages == [30])
    assert first.layout == "dept_indicator_table"
    assert first.indicator == "基本支出不超预算（不含年中调整数）"
    assert (first.nature, first.target, first.unit) == ("≤", "1517.95", "万元")
    assert first.explanation == "总体开支控制成本、厉行节约"
    assert first.extra["单位名称"] == "长沙市信访局"


# ------------------------------------------------------------------ Chongqing


def test_chongqing_project_tables() -> None:
    report = parsed(real_pdf(CHONGQING))
    project = next(p for p in report.projects if p.name == "水利行业业务经费")
    # Page 33 prints no money unit (only 资金主管部门 above the table; a 单位：万元 left
    # outside the visible page is not the table's): the amount is kept as printed, with a
    # warning, and not converted.
    assert _fund(project, "appropriation") is None
    assert project.extra["当年财政拨款预算金额"] == "14,299.16"
    assert any(w.code == "amount_unit_missing" and w.page == 33 for w in report.warnings)
    rows = _records(report, "水利行业业务经费")
    assert [(r.indicator, r.nature, r.target, r.unit, r.weight) for r in rows] == [
        ("水质检验对象数量", "≥", "3060", "个次", Decimal(10)),
        ("发布重要水情专报", "≥", "50", "次数", Decimal(40)),
        ("水文资料整编准确率", "≥", "95", "%", Decimal(30)),
        ("机关食堂满意度", "≥", "80", "%", Decimal(10)),
        ("年度预算执行率", "=", "100", "%", Decimal(10)),
    ]
    assert all(r.goal == "按照相关管理办法推进项目实施，并按财政要求加快预算执行进度" for r in rows)
    # Page 31: a small form (项目名称 | 水库移民后期扶持) above the 指标名称 grid.
    reservoir = _records(report, "水库移民后期扶持")
    assert len(reservoir) == 6
    assert reservoir[0].indicator == "完工项目验收率"
    assert reservoir[0].extra == {"是否核心": "是"}
    # Its money is printed in the label rows (当年预算 | 12,700.00 | 市级支出 | (blank) /
    # 补助区县 | 12,700.00) under 单位：万元; the blank 市级支出 gives no fund line.
    reservoir_project = next(p for p in report.projects if p.name == "水库移民后期扶持")
    assert [(f.label, f.wan, f.unit) for f in reservoir_project.funds] == [
        ("当年预算", Decimal("12700"), "万元"),
        ("补助区县", Decimal("12700"), "万元"),
    ]


# ------------------------------------------------------------------ Guangzhou


def test_guangzhou_running_text_cell_gives_one_record_per_indicator() -> None:
    """Page 1: the 绩效指标 cell of 穗智管运营服务项目 lists 7 indicators in running text."""
    report = parsed(real_pdf(GZ_PROJECTS))
    name = "广州市政务服务和数据管理局数字政府运营中心穗智管运营服务项目"
    project = next(p for p in report.projects if p.name == name)
    assert _fund(project, "total") == Decimal("1391.47")
    assert _fund(project, "appropriation") == Decimal("1391.47")
    rows = _records(report, name)
    assert [r.indicator for r in rows] == [
        "会议活动保障次数", "汇聚数据量", "保障场地正常运行", "“穗智管”系统数据资源目录更新服务",
        "构建城市运行监测指标体系", "线下培训效果评价", "资金使用合规率",
    ]  # fmt: skip
    assert all(r.layout == "indicator_text" for r in rows)
    data = rows[1]
    assert (data.level1, data.level2, data.target) == ("1-产出指标", "11-数量指标", "≥10亿条")
    assert data.extra["实施周期指标值"] == "≥10亿条"
    assert (rows[3].level1, rows[3].level2) == ("2-效益指标", "22-社会效益")
    assert rows[6].target == "100%"


def test_guangzhou_department_declaration() -> None:
    report = parsed(real_pdf(GZ_DEPT))
    assert report.layout == "dept_indicator_table"
    first = report.records[0]
    assert (first.level1, first.level2, first.indicator) == (
        "产出指标",
        "数量指标",
        "柴油车用油品抽检数量",
    )
    assert first.target == "200个"
    assert first.extra == {"实施周期指标值": "200个"}
    pm = next(r for r in report.records if r.indicator == "细颗粒物(PM2.5)年均浓度")
    assert pm.target == "≤25微克/立方米"


# ------------------------------------------------------------------ fallback and warnings


def test_shenzhen_sheet_strips_joined_by_row_order() -> None:
    """The 申报表 sheet is printed in strips: 一级/二级指标 on pages 1-2, 三级指标 | 目标值 on
    pages 3-4 (text layer and rendered pages); ten rows in both."""
    report = parsed(real_pdf("shenzhen_baoan_songgang_project_target_declaration_libreoffice.pdf"))
    rows = [r for r in report.records if {3, 4} & set(r.pages)]
    assert [(r.level1, r.level2, r.indicator, r.target) for r in rows] == [
        ("产出", "数量", "发放宣传资料数", "≧5000册"),
        ("产出", "质量", "宣传到位率", "≧95%"),
        ("产出", "时效", "开展活动及时性", "及时"),
        ("产出", "成本", "总成本", "不超过216.58万元"),
        ("效益", "经济效益", "不适用", "不适用"),
        ("效益", "社会效益", "推进街道文明建设环境宣传", "得到提升"),
        ("效益", "生态效益", "不适用", "不适用"),
        ("效益", "可持续影响", "不适用", "不适用"),
        ("满意度", "服务对象满意度", "不适用", "不适用"),
        ("满意度", "其他满意度", "不适用", "不适用"),
    ]
    # 项目名称： (page 3) meets its value (page 5) over the strips: a project's indicator table
    assert all(r.layout == "project_indicator_table" for r in rows)
    assert all(r.project == "全国文明城市创建工作经费" for r in rows)
    assert [r.pages for r in rows] == [[1, 3, 5]] * 7 + [[2, 4, 6]] * 3
    assert any(w.code == "columns_joined_by_row_order" and w.page == 3 for w in report.warnings)


def test_budget_without_indicator_tables_says_so() -> None:
    report = parsed(real_pdf("putuo-wanli-2024-budget.pdf"))
    assert report.layout == "unknown" and not report.records
    warning = next(w for w in report.warnings if w.code == "no_indicator_table")
    assert "header rows seen" in warning.message
    # Pages 10 and 11 as printed (2024年部门财务收支预算总表 and the next table).
    assert "p10 [本年收入 | 本年支出]" in warning.message


def _cell(row: int, column: int, text: str) -> Cell:
    return Cell(
        row,
        column,
        1,
        1,
        text,
        1,
        (column * 100.0, row * 20.0, column * 100.0 + 100, row * 20.0 + 20),
    )


def test_unfamiliar_headers_fall_back_to_indicator_table() -> None:
    rows = [
        ["序号", "考核指标名称", "预期目标值", "责任科室"],
        ["1", "培训人次", "≥200人次", "人事科"],
        ["2", "群众满意度", "≥90%", "办公室"],
    ]
    cells = [_cell(r, c, text) for r, row in enumerate(rows) for c, text in enumerate(row)]
    table = Table(
        pages=[1], n_rows=3, n_columns=4, cells=cells, bbox=(0, 0, 400, 60), row_pages=[1, 1, 1]
    )
    report = parse_document(Document(pages=1, tables=[table], lines=[], notices=[], text_pages=1))
    assert report.layout == "indicator_table"
    assert [(r.indicator, r.target, r.extra) for r in report.records] == [
        ("培训人次", "≥200人次", {"序号": "1", "责任科室": "人事科"}),
        ("群众满意度", "≥90%", {"序号": "2", "责任科室": "办公室"}),
    ]


def test_user_synonyms_read_renamed_headers() -> None:
    """Chongqing 表十二 (page 33) with 指标名称 and 指标值 renamed: unread until the user's
    synonyms name them."""
    doc = extract_document(real_pdf(CHONGQING), TableSettings(), None, engine="auto")
    renamed = {"指标名称": "考核内容", "指标值": "预期水平"}
    tables = []
    for table in doc.tables:
        if table.pages == [33]:
            cells = [replace(c, text=renamed.get(c.text, c.text)) for c in table.cells]
            table = replace(table, cells=cells)
        tables.append(table)
    doc = replace(doc, tables=tables)
    plain = parse_document(doc)
    assert not [r for r in plain.records if 33 in r.pages]
    synonyms = {"indicator": ["考核内容"], "target": ["预期水平"]}
    report = parse_document(doc, synonyms)
    rows = [r for r in report.records if 33 in r.pages]
    assert [(r.indicator, r.target) for r in rows][:2] == [
        ("水质检验对象数量", "3060"),
        ("发布重要水情专报", "50"),
    ]
    assert len(rows) == 5 and all(r.project == "水利行业业务经费" for r in rows)


def test_user_synonyms_from_toml_through_parse(tmp_path) -> None:
    path = tmp_path / "words.toml"
    path.write_text('indicator = ["考核内容"]\ntarget = "预期水平"\n', encoding="utf-8")
    report = jixiao.parse(real_pdf(GZ_DEPT), synonyms=path)
    assert report.layout == "dept_indicator_table"
    bad = tmp_path / "bad.toml"
    bad.write_text('no_such_role = ["x"]\n', encoding="utf-8")
    try:
        jixiao.parse(real_pdf(GZ_DEPT), synonyms=bad)
    except ValueError as exc:
        assert "no_such_role" in str(exc)
    else:
        raise AssertionError("an unknown role must be refused")


def _draw_label_rows_grid(path) -> None:
    """Two label rows (项目名称 | …, 专项经费（万元） | 43.80, the values merged over three
    columns) over a Chongqing-style indicator grid. 专项经费 is no built-in money word."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    rows = [
        ["项目名称", "社区文化活动经费"],
        ["专项经费（万元）", "43.80"],
        ["指标名称", "指标性质", "指标值", "计量单位"],
        ["受惠人数", "≥", "12000", "人次"],
        ["群众满意度", "≥", "80", "%"],
    ]
    xs, top, pitch, height = [50, 150, 280, 410, 540], 100, 24, 842
    c = canvas.Canvas(str(path), pagesize=(595, height))
    c.setLineWidth(0.5)
    bottom = top + len(rows) * pitch
    for i in range(len(rows) + 1):
        c.line(xs[0], height - top - i * pitch, xs[-1], height - top - i * pitch)
    for x in (xs[0], xs[1], xs[-1]):
        c.line(x, height - top, x, height - bottom)
    for x in xs[2:-1]:  # inner rules of the grid only: the label values are merged
        c.line(x, height - top - 2 * pitch, x, height - bottom)
    c.setFont("STSong-Light", 10)
    for r, row in enumerate(rows):
        for x, text in zip(xs, row, strict=False):
            c.drawString(x + 4, height - top - r * pitch - 16, text)
    c.save()


def test_user_fund_word_reaches_label_rows(tmp_path) -> None:
    """A money label above the grid worded as only this PDF words it (专项经费) becomes a
    fund line once the user's TOML names it, as the same word would name a money column."""
    pdf = tmp_path / "labels.pdf"
    _draw_label_rows_grid(pdf)
    plain = jixiao.parse(pdf)
    (project,) = plain.projects
    assert project.name == "社区文化活动经费"
    assert not [f for f in project.funds if "专项经费" in f.label]
    words = tmp_path / "words.toml"
    words.write_text('"fund.other" = ["专项经费"]\n', encoding="utf-8")
    report = jixiao.parse(pdf, synonyms=words)
    (project,) = report.projects
    (fund,) = [f for f in project.funds if "专项经费" in f.label]
    assert (fund.item, fund.amount, fund.unit, fund.wan) == (
        "other",
        Decimal("43.80"),
        "万元",
        Decimal("43.80"),
    )
    assert [(r.project, r.indicator, r.target, r.unit) for r in report.records] == [
        ("社区文化活动经费", "受惠人数", "12000", "人次"),
        ("社区文化活动经费", "群众满意度", "80", "%"),
    ]


def test_user_project_word_reaches_label_rows(tmp_path) -> None:
    """A project label worded as only the user's file words it (活动名称) names the project
    once the TOML gives it to the project role; the package's column synonyms for a goal
    (绩效目标 …) are not made labels by it."""
    from jixiao.parsers.column_headers import label_context
    from jixiao.parsers.headers import load_synonyms, role_table
    from jixiao.parsers.synonyms import ROLE_SYNONYMS

    words = tmp_path / "words.toml"
    words.write_text('project = ["活动名称"]\n', encoding="utf-8")
    texts = ["活动名称", "社区文化活动经费", "绩效目标", "丰富群众文化生活"]
    cells = [Cell(0, c, 1, 1, t, 1, (100 * c, 0, 100 * c + 100, 20)) for c, t in enumerate(texts)]
    table = Table(pages=[1], n_rows=1, n_columns=4, cells=cells, bbox=(0, 0, 400, 20))
    assert label_context(table, 1, role_table(ROLE_SYNONYMS)) == ({}, {})
    roles = role_table(ROLE_SYNONYMS, load_synonyms(words))
    assert label_context(table, 1, roles) == ({"project": "社区文化活动经费"}, {})
