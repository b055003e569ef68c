"""The form layouts: 财政项目支出绩效目标填报表 (real PDF), 项目支出绩效自评表 and
部门整体支出绩效自评表 (synthetic samples, compared with the data they were rendered from)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from conftest import parsed, real_pdf
from jixiao.parsers.forms import label_key, parse_number, yuan_to_wan

PUTUO_2023 = "putuo-wanli-2023-budget-pages1-32.pdf"

# Read off the rendered pages 31 and 32 of the real PDF.
TARGET_FORM_PROJECTS = [
    {
        "name": "新建万里街道社区公共服务中心",
        "nature": "阶段性项目",
        "category": "特定目标类",
        "department": "上海市普陀区人民政府万里街道办事处",
        "implementer": "上海市普陀区人民政府万里街道办事处",
        "start_date": "2023-01-01",
        "end_date": "2023-12-31",
        "yuan": ["4100000", "4100000", "0", "4100000", "4100000", "0", "0"],
        "goal": "建成后作为万里街道社区事务受理、社区管理、社区文化艺术活动场所。更有效的整合"
        "社区公共服务资源，为周边居民提供便捷、优质的社区服务和生活配套设施。",
        "pages": [31],
    },
    {
        "name": "就业援助基地补贴",
        "nature": "经常性项目",
        "category": "特定目标类",
        "department": "上海市普陀区人民政府万里街道办事处",
        "implementer": "上海市普陀区人民政府万里街道办事处",
        "start_date": "2023-01-01",
        "end_date": "2023-12-31",
        "yuan": ["6351000", "6351000", "0", "6351000", "6351000", "0", "0"],
        "goal": "管理各类下拨费用，实报实销",
        "pages": [32],
    },
]
FUND_ITEMS = ["total", "fiscal", "other", "annual_total", "appropriation", "carryover"]
FUND_ITEMS += ["annual_other"]
TARGET_FORM_RECORDS = [
    ("新建万里街道社区公共服务中心", "产出指标", "数量指标", "规划建筑面积", "≥13459.00(平方米)"),
    ("新建万里街道社区公共服务中心", "产出指标", "质量指标", "完工及时率", "及时率"),
    ("新建万里街道社区公共服务中心", "产出指标", "成本指标", "预算内经费", "合规"),
    ("新建万里街道社区公共服务中心", "效益指标", "社会效益指标", "完善社区基础设施建设", "完善率"),
    ("新建万里街道社区公共服务中心", "满意度指标", "服务对象满意度指标", "居民满意度", "满意度"),
    ("就业援助基地补贴", "产出指标", "数量指标", "补贴对象申请审核完成率", "=100.00(%)"),
    ("就业援助基地补贴", "产出指标", "质量指标", "补贴对象审核达标率", "=100.00(%)"),
    ("就业援助基地补贴", "效益指标", "社会效益指标", "补贴对象生活改善度",
     "补贴对象生活改善度不低于80%"),
    ("就业援助基地补贴", "满意度指标", "服务对象满意度指标", "补贴对象满意度", "≥80.00(%)"),
]  # fmt: skip


def test_target_form_projects_on_the_real_pdf() -> None:
    report = parsed(real_pdf(PUTUO_2023))
    assert report.layout == "project_target_form"
    assert report.year == 2023
    assert report.department == "上海市普陀区人民政府万里街道办事处"
    assert len(report.projects) == len(TARGET_FORM_PROJECTS)
    for project, expected in zip(report.projects, TARGET_FORM_PROJECTS, strict=True):
        for name in ("name", "nature", "category", "department", "implementer"):
            assert getattr(project, name) == expected[name], name
        assert (project.start_date, project.end_date) == (
            expected["start_date"],
            expected["end_date"],
        )
        assert [f.item for f in project.funds] == FUND_ITEMS
        assert [f.yuan for f in project.funds] == [Decimal(v) for v in expected["yuan"]]
        assert [f.wan for f in project.funds] == [Decimal(v) / 10000 for v in expected["yuan"]]
        assert project.overall_goal == project.annual_goal == expected["goal"]
        assert project.pages == expected["pages"]


def test_target_form_records_on_the_real_pdf() -> None:
    report = parsed(real_pdf(PUTUO_2023))
    got = [(r.project, r.level1, r.level2, r.indicator, r.target) for r in report.records]
    assert got == TARGET_FORM_RECORDS
    for record in report.records:
        assert record.section == "performance_indicators"
        assert record.actual is None and record.score is None
        assert record.pages == [31] if record.project.startswith("新建") else [32]
    # Rows that only repeat the form's title are never records (a past bug).
    assert not [r for r in report.records if "填报表" in (r.indicator or "")]


def test_target_form_keeps_every_table_of_the_document() -> None:
    report = parsed(real_pdf(PUTUO_2023))
    assert len(report.tables) == 11  # the budget tables are still output, as tables


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("4,100,000.00", "4100000.00"),
        ("7595500.00", "7595500.00"),
        ("0.00", "0.00"),
        ("95.5%", "95.5"),
        ("10分", "10"),
        ("—", None),
        ("", None),
        ("约100", None),
    ],
)
def test_parse_number(text: str, value: str | None) -> None:
    assert parse_number(text) == (Decimal(value) if value is not None else None)


def test_yuan_to_wan_is_exact() -> None:
    assert yuan_to_wan(Decimal("7595500.00")) == Decimal("759.55")
    assert str(yuan_to_wan(Decimal("4100000.00"))) == "410"
    assert yuan_to_wan(Decimal("1234.56")) == Decimal("0.123456")


def test_label_key_ignores_brackets_colons_and_qizhong() -> None:
    assert label_key("其中：当年财政拨款") == "当年财政拨款"
    assert label_key("部门（单位）名称") == "部门单位名称"
