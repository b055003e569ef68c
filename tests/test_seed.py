"""The seed report end to end, on both reconstructions.

Records are checked three ways: against the transcription the samples were rendered from
(independent of the pipeline), against facts read by hand from the seed, and against the
golden JSON files.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

import jixiao
from conftest import SAMPLES, parsed, transcription

ANNUAL_AMOUNTS = ["239", "3697", "1200", "38", "8904.53"]
PLAN_AMOUNTS = [
    "70", "79", "280", "160", "2297", "193", "1400", "1200", "3744.17", "634.76", None,
    "38", "60.41", "249.5", "941", "263.69", "227.08", "175", "450", "1183.09", "119.75", "300",
]  # fmt: skip


# The README's rule for cell text, written here independently of extract/text.py: spaces
# touching a Chinese character or Chinese punctuation are layout, never text.
_CHINESE = "\u4e00-\u9fff（）：，。；、“”《》—·•"
_SPACE_BY_CHINESE = re.compile(f"\\s+(?=[{_CHINESE}])|(?<=[{_CHINESE}])\\s+")


def _text(lines: list[str]) -> str:
    """The transcribed lines of a cell as one string: wrapped lines join with nothing
    between them, except two Latin letters, which were two words."""
    out = ""
    for line in (raw.strip() for raw in lines):
        if out and line and re.match(r"[A-Za-z]", out[-1]) and re.match(r"[A-Za-z]", line):
            out += " "
        out += line
    return re.sub(r"\s+", " ", _SPACE_BY_CHINESE.sub("", out)).strip()


def expected_records() -> list[tuple[Any, ...]]:
    data = transcription()
    annual, plan = data["annual_goals"], data["spending_plan"]
    rows: list[tuple[Any, ...]] = []
    for r in annual["rows"]:
        rows.append(("annual_goals", None, _text(annual["goals"][r["goal"]]), _text(r["indicator"]),
                     _text(r["target"]), _text(r["actual"]), _text(r["detail"])))  # fmt: skip
    for r in plan["rows"]:
        rows.append(("spending_plan", _text(plan["categories"][r["category"]]),
                     _text(plan["goals"][r["goal"]]), _text(r["indicator"]), _text(r["target"]),
                     _text(r["actual"]), _text(r["detail"])))  # fmt: skip
    return rows


def test_records_equal_the_transcription(seed_pdf: Path) -> None:
    report = parsed(seed_pdf)
    got = [
        (r.section, r.category, r.goal, r.indicator, r.target, r.actual, r.detail)
        for r in report.records
    ]
    expected = expected_records()
    assert len(got) == len(expected) == 27
    for index, (g, e) in enumerate(zip(got, expected, strict=True)):
        assert g == e, f"record {index} differs"


def test_report_facts(seed_pdf: Path) -> None:
    report = parsed(seed_pdf)
    assert report.layout == "gz_dept_performance"
    assert report.title == "广州市科学技术协会2021年部门整体绩效完成情况表"
    assert report.department == "广州市科学技术协会"
    assert report.year == 2021
    assert report.budget_execution_rate == Decimal("99.14")
    sections = [r.section for r in report.records]
    assert sections == ["annual_goals"] * 5 + ["spending_plan"] * 22


def test_amounts(seed_pdf: Path) -> None:
    report = parsed(seed_pdf)
    amounts = [None if r.amount_wan is None else str(r.amount_wan) for r in report.records]
    assert amounts == ANNUAL_AMOUNTS + PLAN_AMOUNTS
    first = report.records[0]
    assert first.indicator_name == "服务科技工作者：宣传科技工作者人数；培养青年科技人才人数"
    codes = [(w.code, w.message) for w in report.warnings]
    assert sum(code == "amount_unit_inferred" for code, _ in codes) == 2
    assert any(code == "amount_bracket_unclosed" and "8904.53" in m for code, m in codes)


def test_merged_cells_carry_category_and_goal(seed_pdf: Path) -> None:
    plan = [r for r in parsed(seed_pdf).records if r.section == "spending_plan"]
    assert [r.category for r in plan[:3]] == ["一、服务科技工作者"] * 3
    assert plan[3].category == "一、服务科技工作者"  # continued on the next page
    assert plan[1].goal == plan[2].goal and plan[1].goal.startswith("二、开展联系服务院士专家")
    assert [r.goal for r in plan[14:18]] == [plan[14].goal] * 4
    annual = [r for r in parsed(seed_pdf).records if r.section == "annual_goals"]
    assert len({r.goal for r in annual[:4]}) == 1
    assert annual[4].goal.startswith("发展高等职业教育，提供社会服务")
    assert all(r.category is None for r in annual)


def test_faithful_layout_pages_and_stitching() -> None:
    report = parsed(SAMPLES / "gz_kx_2021_faithful.pdf")
    assert report.source.pages == 10
    assert [t.pages for t in report.tables] == [[1, 2, 3], [3, 4, 5, 6, 7, 8, 9, 10]]
    assert [r.pages for r in report.records[:5]] == [[1], [1], [2], [2], [2]]
    assert [r.pages[0] for r in report.records[5:]] == [
        3, 3, 3, 4, 4, 5, 5, 5, 6, 6, 7, 7, 7, 7, 8, 8, 8, 8, 9, 9, 10, 10,
    ]  # fmt: skip
    plan = report.tables[1]
    category = next(c for c in plan.cells if c.text == "一、服务科技工作者")
    assert (category.page, category.end_page, category.rowspan) == (3, 4, 4)
    codes = [w.code for w in report.warnings]
    assert codes.count("repeated_header_dropped") == 2  # pages 4 and 5 repeat the header
    assert "row_rejoined" not in codes


def test_docx_rows_split_by_page_breaks_are_rejoined() -> None:
    report = parsed(SAMPLES / "gz_kx_2021_docx.pdf")
    rejoined = [w.page for w in report.warnings if w.code == "row_rejoined"]
    assert rejoined == [2, 3, 4, 5, 6, 7, 8]
    split = report.records[3]  # 38万元 row, cut between pages 1 and 2
    assert split.pages == [1, 2]
    assert split.indicator.endswith("（38万元）。")


def _close(expected: Any, got: Any, path: str) -> list[str]:
    """Field-by-field comparison; bounding boxes may move by up to 0.5pt."""
    if isinstance(expected, dict) and isinstance(got, dict):
        diffs = []
        for key in sorted(set(expected) | set(got)):
            diffs += _close(expected.get(key), got.get(key), f"{path}.{key}")
        return diffs
    if isinstance(expected, list) and isinstance(got, list):
        if len(expected) != len(got):
            return [f"{path}: {len(expected)} items expected, got {len(got)}"]
        diffs = []
        for i, (e, g) in enumerate(zip(expected, got, strict=True)):
            diffs += _close(e, g, f"{path}[{i}]")
        return diffs
    if path.endswith(".bbox") or ".bbox[" in path:
        return [] if abs(float(expected) - float(got)) <= 0.5 else [f"{path}: {expected} != {got}"]
    return [] if expected == got else [f"{path}: {expected!r} != {got!r}"]


@pytest.mark.parametrize("name", ["gz_kx_2021_faithful", "gz_kx_2021_docx"])
def test_golden(name: str) -> None:
    golden = json.loads((SAMPLES / f"{name}.golden.json").read_text(encoding="utf-8"))
    got = json.loads(jixiao.dumps(parsed(SAMPLES / f"{name}.pdf")))
    assert _close(golden, got, "$") == []


def test_statuses_as_read_by_hand(seed_pdf: Path) -> None:
    """The ``status`` of each transcribed row was decided by reading it (see the data's
    ``status_note``); a record whose status moves away from it is a regression."""
    data = transcription()
    expected = [r["status"] for r in data["annual_goals"]["rows"] + data["spending_plan"]["rows"]]
    got = [r.status for r in parsed(seed_pdf).records]
    assert [(i, g) for i, (g, e) in enumerate(zip(got, expected, strict=True)) if g != e] == []
