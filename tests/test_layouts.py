"""The form layouts: 财政项目支出绩效目标填报表 (real PDF), 项目支出绩效自评表 and
部门整体支出绩效自评表 (synthetic samples, compared with the data they were rendered from)."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from typing import Any

import pytest

import jixiao
from conftest import SAMPLES, parsed, real_pdf
from jixiao.extract.text import normalize
from jixiao.parsers.amount import parse_number, yuan_to_wan
from jixiao.parsers.forms import label_key

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


# ------------------------------------------------------------------ synthetic 自评表 samples

PROJECT_SAMPLES = [
    "synthetic_project_self_eval_reportlab",
    "synthetic_project_self_eval_docx",
    "synthetic_project_self_eval_borderless",  # read by camelot stream (engine auto)
]
DEPT_SAMPLES = ["synthetic_dept_self_eval_reportlab", "synthetic_dept_self_eval_docx"]
GOLDEN_SAMPLES = PROJECT_SAMPLES + DEPT_SAMPLES


@cache
def source() -> dict[str, Any]:
    """The data the synthetic samples were rendered from (independent of the pipeline)."""
    return json.loads((SAMPLES / "synthetic_self_eval.data.json").read_text(encoding="utf-8"))


def _number(text: str) -> Decimal | None:
    text = text.replace(",", "").removesuffix("%")
    return None if text in ("", "—") else Decimal(text)


def _indicator_rows(items: list[dict[str, str]], project: str | None) -> list[tuple[Any, ...]]:
    return [
        (
            project,
            i["level1"],
            i["level2"],
            normalize(i["indicator"]),
            normalize(i["target"]),
            normalize(i["actual"]),
            _number(i["weight"]),
            _number(i["score"]),
            normalize(i["deviation_reason"]) or None,
        )
        for i in items
    ]


def _got_rows(report: jixiao.Report) -> list[tuple[Any, ...]]:
    return [
        (r.project, r.level1, r.level2, r.indicator, r.target, r.actual, r.weight, r.score,
         r.deviation_reason)
        for r in report.records
    ]  # fmt: skip


def _budget(lines: list[dict[str, str]]) -> list[tuple[Any, ...]]:
    keys = ("initial", "full_year", "executed", "weight", "rate", "score")
    return [(line["label"], *(_number(line[k]) for k in keys)) for line in lines]


def _got_budget(lines: list[Any]) -> list[tuple[Any, ...]]:
    return [
        (b.label, b.initial_budget_wan, b.full_year_budget_wan, b.executed_wan, b.weight,
         b.execution_rate, b.score)
        for b in lines
    ]  # fmt: skip


@pytest.mark.parametrize("name", PROJECT_SAMPLES)
def test_project_self_eval_records_equal_the_source_data(name: str) -> None:
    report = parsed(SAMPLES / f"{name}.pdf")
    assert report.layout == "project_self_eval"
    projects = source()["project_self_eval"]["projects"]
    expected = [row for p in projects for row in _indicator_rows(p["indicators"], p["name"])]
    got = _got_rows(report)
    assert len(got) == len(expected) == 31
    for index, (g, e) in enumerate(zip(got, expected, strict=True)):
        assert g == e, f"record {index} differs"
    assert all(r.section == "performance_indicators" for r in report.records)


@pytest.mark.parametrize("name", PROJECT_SAMPLES)
def test_project_self_eval_projects_equal_the_source_data(name: str) -> None:
    report = parsed(SAMPLES / f"{name}.pdf")
    assert report.year == 2023
    assert report.title == "项目支出绩效自评表"
    assert report.department is None  # three projects of three departments
    projects = source()["project_self_eval"]["projects"]
    assert [p.name for p in report.projects] == [p["name"] for p in projects]
    for got, want in zip(report.projects, projects, strict=True):
        assert (got.department, got.implementer) == (want["department"], want["implementer"])
        assert [b.item for b in got.budget] == ["total", "appropriation", "carryover", "other"]
        assert _got_budget(got.budget) == _budget(want["budget"])
        assert (got.annual_goal, got.annual_result) == (want["goal"], want["result"])
        assert (got.total_weight, got.total_score) == (
            Decimal(want["total_weight"]),
            Decimal(want["total_score"]),
        )
    assert report.projects[0].pages == [1]
    assert len(report.projects[1].pages) == 2  # the second form runs over two pages


@pytest.mark.parametrize("name", PROJECT_SAMPLES)
def test_self_eval_arithmetic_slips_are_warnings(name: str) -> None:
    """Project 3 of the source data carries three deliberate slips; the others none."""
    report = parsed(SAMPLES / f"{name}.pdf")
    checks = {"execution_rate_mismatch", "score_exceeds_weight", "total_score_mismatch"}
    checks |= {"total_weight_mismatch"}
    found = [w for w in report.warnings if w.code in checks]
    assert sorted(w.code for w in found) == sorted(checks - {"total_weight_mismatch"})
    third = source()["project_self_eval"]["projects"][2]
    assert len(third["deliberate_errors"]) == 3
    assert all(third["name"] in w.message for w in found)
    rate = next(w for w in found if w.code == "execution_rate_mismatch")
    assert "98.00%" in rate.message and "95.20%" in rate.message
    assert next(w for w in found if w.code == "score_exceeds_weight").page == 4


def test_docx_sample_rejoins_the_row_cut_by_the_page_break() -> None:
    report = parsed(SAMPLES / "synthetic_project_self_eval_docx.pdf")
    codes = [w.code for w in report.warnings]
    assert "row_rejoined" in codes and "repeated_header_dropped" in codes
    cut = next(r for r in report.records if r.indicator == "低层住户满意度")
    assert cut.pages == [2, 3]


def test_reportlab_sample_repeats_the_header_inside_merged_cells() -> None:
    """The second form breaks inside 效益指标/社会效益指标; page 3 repeats the header row."""
    report = parsed(SAMPLES / "synthetic_project_self_eval_reportlab.pdf")
    after = next(r for r in report.records if r.indicator == "适老化改造示范作用")
    assert (after.pages, after.level1, after.level2) == ([3], "效益指标", "社会效益指标")


@pytest.mark.parametrize("name", DEPT_SAMPLES)
def test_dept_self_eval_equals_the_source_data(name: str) -> None:
    report = parsed(SAMPLES / f"{name}.pdf")
    dept = source()["dept_self_eval"]
    assert report.layout == "dept_self_eval"
    assert (report.department, report.year) == (dept["department"], 2023)
    assert report.projects == []
    assert _got_rows(report) == _indicator_rows(dept["indicators"], None)
    summary = report.department_summary
    assert summary is not None
    assert [(t.name, t.content, t.budget_wan, t.executed_wan) for t in summary.tasks] == [
        (t["name"], t["content"], _number(t["budget"]), _number(t["executed"]))
        for t in dept["tasks"]
    ]
    assert [b.item for b in summary.budget] == ["total", "basic", "project"]
    assert _got_budget(summary.budget) == _budget(dept["budget"])
    assert (summary.annual_goal, summary.annual_result) == (dept["goal"], dept["result"])
    assert (summary.total_weight, summary.total_score) == (Decimal(100), Decimal("96.78"))
    assert report.budget_execution_rate == Decimal("97.78")
    assert not [w for w in report.warnings if "mismatch" in w.code or "exceeds" in w.code]


def _close(expected: Any, got: Any, path: str) -> list[str]:
    """Field-by-field comparison; bounding boxes may move by up to 0.5pt."""
    if isinstance(expected, dict) and isinstance(got, dict):
        return [
            d for k in sorted(set(expected) | set(got))
            for d in _close(expected.get(k), got.get(k), f"{path}.{k}")
        ]  # fmt: skip
    if isinstance(expected, list) and isinstance(got, list):
        if len(expected) != len(got):
            return [f"{path}: {len(expected)} items expected, got {len(got)}"]
        return [
            d for i, (e, g) in enumerate(zip(expected, got, strict=True))
            for d in _close(e, g, f"{path}[{i}]")
        ]  # fmt: skip
    if ".bbox" in path:
        return [] if abs(float(expected) - float(got)) <= 0.5 else [f"{path}: {expected} != {got}"]
    return [] if expected == got else [f"{path}: {expected!r} != {got!r}"]


@pytest.mark.parametrize("name", GOLDEN_SAMPLES)
def test_golden(name: str) -> None:
    golden = json.loads((SAMPLES / f"{name}.golden.json").read_text(encoding="utf-8"))
    got = json.loads(jixiao.dumps(parsed(SAMPLES / f"{name}.pdf")))
    assert _close(golden, got, "$") == []
