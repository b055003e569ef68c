"""Shared model of the synthetic 自评表 samples: source data → rows of cells on one grid.

``synthetic_self_eval.data.json`` is the source of truth (fictional 示例市 departments).
Every renderer (reportlab ruled, reportlab borderless, Word via LibreOffice) draws the same
rows, so the samples differ only in how they are produced, which is what they are for.

The grid follows the Ministry of Finance templates (财预〔2020〕10号 项目支出绩效自评表 and the
provincial 部门整体支出绩效自评表), laid out on nine columns:

  c0 block label | c1 一级指标 | c2 二级指标 | c3 三级指标 | c4 年度指标值 | c5 实际完成值 |
  c6 分值 | c7 得分 | c8 偏差原因分析及改进措施

and the budget block reuses them: c1-c2 item, c3 年初预算数, c4 全年预算数, c5 全年执行数,
c6 分值, c7 执行率, c8 得分. Run nothing here; it is imported by the render scripts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SAMPLES_DIR = Path(__file__).resolve().parent
DATA_PATH = SAMPLES_DIR / "synthetic_self_eval.data.json"
N_COLS = 9

INDICATOR_HEADER = (
    "一级指标",
    "二级指标",
    "三级指标",
    "年度指标值",
    "实际完成值",
    "分值",
    "得分",
    "偏差原因分析及改进措施",
)
BUDGET_HEADER = ("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分")


@dataclass
class FCell:
    """A printed cell: grid column, spans, text, and how it is typeset."""

    col: int
    colspan: int
    text: str
    rowspan: int = 1
    kind: str = "value"  # "label" (bold, centred), "header" (centred) or "value"


@dataclass
class FRow:
    cells: list[FCell]
    section: str  # info, tasks, budget, goals, ind_header, indicator, total


@dataclass
class FormModel:
    """One form: its title lines (printed above the table) and its rows."""

    title: str
    year_line: str
    rows: list[FRow] = field(default_factory=list)
    name: str = ""


def load_data() -> dict[str, Any]:
    return json.loads(DATA_PATH.read_text(encoding="utf-8"))


def _runs(values: list[Any]) -> list[tuple[int, int]]:
    """(start, length) of runs of equal consecutive values: the merged cells of a column."""
    runs: list[tuple[int, int]] = []
    for i, value in enumerate(values):
        if runs and values[runs[-1][0]] == value:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1)
        else:
            runs.append((i, 1))
    return runs


def budget_rows(label: str, unit: str, lines: list[dict[str, str]]) -> list[FRow]:
    """The budget-execution block: a header row and one row per money line."""
    head = [FCell(0, 1, f"{label}（{unit}）", rowspan=1 + len(lines), kind="label")]
    head.append(FCell(1, 2, "", kind="header"))
    head += [FCell(3 + i, 1, text, kind="header") for i, text in enumerate(BUDGET_HEADER)]
    rows = [FRow(head, "budget")]
    for line in lines:
        values = [line[k] for k in ("initial", "full_year", "executed", "weight", "rate", "score")]
        cells = [FCell(1, 2, line["label"], kind="label")]
        cells += [FCell(3 + i, 1, v) for i, v in enumerate(values)]
        rows.append(FRow(cells, "budget"))
    return rows


def goal_rows(goal: str, result: str) -> list[FRow]:
    return [
        FRow(
            [
                FCell(0, 1, "年度总体目标", rowspan=2, kind="label"),
                FCell(1, 4, "预期目标", kind="header"),
                FCell(5, 4, "实际完成情况", kind="header"),
            ],
            "goals",
        ),
        FRow([FCell(1, 4, goal), FCell(5, 4, result)], "goals"),
    ]


def indicator_rows(label: str, items: list[dict[str, str]], weight: str, score: str) -> list[FRow]:
    """Header, one row per indicator (一级/二级 merged over equal runs), and the 总分 row."""
    head = [FCell(0, 1, label, rowspan=1 + len(items), kind="label")]
    head += [FCell(1 + i, 1, text, kind="header") for i, text in enumerate(INDICATOR_HEADER)]
    rows = [FRow(head, "ind_header")]
    level1 = _runs([item["level1"] for item in items])
    level2 = _runs([(item["level1"], item["level2"]) for item in items])
    starts1 = dict(level1)
    starts2 = dict(level2)
    for i, item in enumerate(items):
        cells: list[FCell] = []
        if i in starts1:
            cells.append(FCell(1, 1, item["level1"], rowspan=starts1[i]))
        if i in starts2:
            cells.append(FCell(2, 1, item["level2"], rowspan=starts2[i]))
        for j, key in enumerate(
            ("indicator", "target", "actual", "weight", "score", "deviation_reason"), start=3
        ):
            cells.append(FCell(j, 1, item[key]))
        rows.append(FRow(cells, "indicator"))
    total = [FCell(0, 6, "总分", kind="label"), FCell(6, 1, weight), FCell(7, 1, score)]
    rows.append(FRow([*total, FCell(8, 1, "")], "total"))
    return rows


def project_form(data: dict[str, Any], project: dict[str, Any]) -> FormModel:
    section = data["project_self_eval"]
    rows = [
        FRow([FCell(0, 1, "项目名称", kind="label"), FCell(1, 8, project["name"])], "info"),
        FRow(
            [
                FCell(0, 1, "主管部门", kind="label"),
                FCell(1, 3, project["department"]),
                FCell(4, 1, "实施单位", kind="label"),
                FCell(5, 4, project["implementer"]),
            ],
            "info",
        ),
        *budget_rows("项目资金", section["unit"], project["budget"]),
        *goal_rows(project["goal"], project["result"]),
        *indicator_rows(
            "绩效指标", project["indicators"], project["total_weight"], project["total_score"]
        ),
    ]
    return FormModel(section["title"], section["year_line"], rows, project["name"])


def dept_form(data: dict[str, Any]) -> FormModel:
    dept = data["dept_self_eval"]
    tasks = dept["tasks"]
    head = [
        FCell(0, 1, "年度主要任务", rowspan=1 + len(tasks), kind="label"),
        FCell(1, 2, "任务名称", kind="header"),
        FCell(3, 3, "主要内容", kind="header"),
        FCell(6, 2, f"预算数（{dept['unit']}）", kind="header"),
        FCell(8, 1, f"执行数（{dept['unit']}）", kind="header"),
    ]
    rows = [
        FRow(
            [FCell(0, 1, "部门（单位）名称", kind="label"), FCell(1, 8, dept["department"])], "info"
        ),
        FRow(head, "tasks"),
    ]
    for task in tasks:
        rows.append(
            FRow(
                [
                    FCell(1, 2, task["name"]),
                    FCell(3, 3, task["content"]),
                    FCell(6, 2, task["budget"]),
                    FCell(8, 1, task["executed"]),
                ],
                "tasks",
            )
        )
    rows += budget_rows("年度预算执行情况", dept["unit"], dept["budget"])
    rows += goal_rows(dept["goal"], dept["result"])
    rows += indicator_rows(
        "年度绩效指标", dept["indicators"], dept["total_weight"], dept["total_score"]
    )
    return FormModel(dept["title"], dept["year_line"], rows, dept["department"])
