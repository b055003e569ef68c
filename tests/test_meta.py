"""Title, department and year of every real PDF, whatever its layout (issue 9, part B).

The expected values are read from the documents themselves: the first page's text layer
(``pdftotext -layout -f 1 -l 1``; the cover's lines are joined), and for the department the
labelled line or cell that prints it (预算主管部门：…, 部门：…, 部门名称 | …, 主管部门). A year
is expected only where the title or the first page prints the report's year.
"""

from __future__ import annotations

import pytest

from conftest import parsed, real_pdf
from jixiao.extract.model import Document, TextLine
from jixiao.parsers.meta import clean_department, find_department, find_title

META = [
    # Beijing files have no cover: page 1 is 预算01表; 部门名称 is printed in 预算表13.
    ("beijing_econ_infotech_2026_budget_ms_print_to_pdf.pdf", "预算01表收支总表",
     "北京市经济和信息化局", None),
    ("beijing_gov_office_2026_budget_pdfium.pdf", "预算06表一般公共预算基本支出表",
     "首都绿化委员会办公室", None),  # pages 1-5 carry no text
    ("beijing_sasac_2026_budget_acrobat_pdfmaker.pdf", "预算01表收支总表",
     "北京市人民政府国有资产监督管理委员会", None),
    ("beijing_statistics_bureau_2026_budget.pdf", "预算01表收支总表", "北京市统计局", None),
    ("central_NationalPublicComplaintsBureau_2026_budget_wps.pdf", "国家信访局2026年度部门预算",
     "国家信访局", 2026),
    ("chongqing_water_resources_2026_budget_wps.pdf", "重庆市水利局2026年部门预算情况说明",
     "重庆市水利局", 2026),
    ("fujian_fuzhou_civil_affairs_2026_budget_word2016.pdf",
     "2026年度福州市民政局(本级)单位预算", "福州市民政局", 2026),
    ("fujian_fuzhou_sci_tech_2026_budget_word2007.pdf",
     "2026年度福州市科学技术局(本级)单位预算", "福州市科学技术局", 2026),
    ("fujian_quanzhou_gov_office_2026_budget_word2010.pdf",
     "2026年度泉州市人民政府办公室部门预算", "泉州市人民政府办公室", 2026),
    ("guangdong_guangzhou_ecoenv_2026_dept_overall_target_declaration_1p.pdf",
     "广州市生态环境局2026年部门整体预算绩效目标申报表", "广州市生态环境局", 2026),
    ("guangdong_guangzhou_govservice_data_2026_project_targets_incl_transfer.pdf",
     "项目支出绩效目标表（含转移支付项目）", "广州市政务服务和数据管理局", None),
    ("hunan_changsha_petitions_bureau_2026_budget_itext.pdf", "长沙市信访局2026年部门预算公开",
     "长沙市信访局", 2026),
    ("jiangsu-party-office-2019-budget-tables.pdf", "收支预算总表", "中共江苏省委办公厅", None),
    ("pdfplumber-issue-336-example.pdf", None, None, None),  # a land-use standard, no report
    ("putuo-finance-2024-final-accounts.pdf", "上海市普陀区财政局2024年度部门决算",
     "上海市普陀区财政局", 2024),
    ("putuo-wanli-2023-budget-pages1-32.pdf", "上海市普陀区2023年区级部门预算",
     "上海市普陀区人民政府万里街道办事处", 2023),
    ("putuo-wanli-2024-budget.pdf", "上海市普陀区2024年区级部门预算",
     "上海市普陀区人民政府万里街道办事处", 2024),
    ("shaanxi_xian_finance_bureau_2026_budget.pdf", "西安市财政局（汇总）2026年部门预算公开说明",
     "西安市财政局", 2026),
    ("shaanxi_xian_health_commission_2022_final_accounts_dept_and_project_selfeval.pdf",
     "西安市卫生健康委员会（汇总）2022年度部门决算", "西安市卫生健康委员会", 2022),
    ("shandong_yantai_finance_bureau_2026_budget_itext.pdf", "2026年烟台市财政局部门预算",
     "烟台市财政局", 2026),
    ("shandong_yantai_statistics_2026_budget_pdf24.pdf", "2026年烟台市统计局部门预算",
     "烟台市统计局", 2026),
    ("shenzhen_baoan_songgang_project_target_declaration_libreoffice.pdf",
     "二级项目支出绩效目标申报表", "深圳市宝安区松岗街道办事处", None),  # 申请单位：…（本级）
]  # fmt: skip


@pytest.mark.parametrize(("name", "title", "department", "year"), META)
def test_title_department_year(
    name: str, title: str | None, department: str | None, year: int | None
) -> None:
    report = parsed(real_pdf(name))
    assert (report.title, report.department, report.year) == (title, department, year)


@pytest.mark.parametrize(
    ("printed", "name"),
    [
        ("228_烟台市财政局", "烟台市财政局"),
        ("[292]国家信访局", "国家信访局"),
        ("【103】泉州市人民政府办公室", "泉州市人民政府办公室"),
        ("116001 西安市财政局", "西安市财政局"),
        ("福州市民政局(本级)", "福州市民政局"),
        ("西安市卫生健康委员会（汇总）", "西安市卫生健康委员会"),
        ("上海市普陀区人民政府万里街道办事处", "上海市普陀区人民政府万里街道办事处"),
        ("中共江苏省委办公厅", "中共江苏省委办公厅"),
        ("", None),
    ],
)
def test_clean_department(printed: str, name: str | None) -> None:
    assert clean_department(printed) == name


@pytest.mark.parametrize(
    ("title", "department"),
    [
        ("西安市卫生健康委员会2022年项目支出绩效自评表", "西安市卫生健康委员会"),
        ("西安市财政局2022年度部门整体支出绩效自评表", "西安市财政局"),
        ("北京市统计局2025年部门整体绩效完成情况表", "北京市统计局"),
        ("国家信访局2026年度部门预算", "国家信访局"),
        ("2023年度项目支出绩效自评表", None),
    ],
    ids=["xian-health", "xian-finance", "beijing-stats", "central-budget", "no-department"],
)
def test_department_from_a_performance_report_title(title: str, department: str | None) -> None:
    """Typed from the titles the reports print; before, only a 预算/决算 tail was cut, so a
    自评表 title gave no department at all."""
    assert find_department(Document(pages=1, tables=[], lines=[], notices=[]), title) == department


def _lines(*texts: str) -> Document:
    lines = [TextLine(1, text, (100.0, 50.0 + 20 * n, 400.0, 62.0 + 20 * n)) for n, text in
             enumerate(texts)]  # fmt: skip
    return Document(pages=1, tables=[], lines=lines, notices=[])


@pytest.mark.parametrize(
    ("lines", "title"),
    [
        # Random rendering docx seed 690 (Letter, 12 pt): the title's 表 wraps onto a line.
        (
            (
                "广州市科学技术协会 2021 年部门整体绩效完成情况",
                "表",
                "部门名称: 广州市科学技术协会",
            ),
            "广州市科学技术协会 2021 年部门整体绩效完成情况表",
        ),
        (
            ("广州市科学技术协会2021年部门整体绩效完成情", "况表", "部门名称：广州市科学技术协会"),
            "广州市科学技术协会2021年部门整体绩效完成情况表",
        ),
        # Controls: a cover's lines (each names a part), and a form's name under the title
        # (too long for a wrapped word).
        (
            ("2026年度", "福州市民政局(本级)", "单位预算", "2026年1月"),
            "2026年度福州市民政局(本级)单位预算",
        ),
        (
            ("国家信访局2026年度部门预算", "收支总表", "目录"),
            "国家信访局2026年度部门预算",
        ),
    ],
    ids=["tail-one-glyph", "tail-two-glyphs", "cover", "form-name-below"],
)
def test_a_title_wrapped_onto_a_short_last_line_keeps_it(
    lines: tuple[str, ...], title: str
) -> None:
    assert find_title(_lines(*lines)) == title
