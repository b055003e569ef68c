"""Write the golden JSON of every synthetic sample and check it against the source data.

``python samples/synthetic_goldens.py`` re-parses each ``synthetic_*.pdf`` with
``jixiao.dumps(jixiao.parse(pdf))``, writes ``<stem>.golden.json`` and then checks the
golden, independently of the pipeline's own tests:

* every record field (project, 一级/二级/三级指标, 年度指标值, 实际完成值, 分值, 得分,
  偏差原因) equals the row of ``synthetic_self_eval.data.json`` it was rendered from;
* every project / department fact (budget lines, goals, tasks, 总分) equals the data;
* every non-empty table cell is one of the texts the renderers print, and every printed
  text is in some cell (nothing lost, nothing invented);
* the only arithmetic warnings are the three deliberate slips of project 3.

``--check`` only checks the existing goldens. Exit status 1 lists every difference.
Needs jixiao importable (``pip install -e .`` from the repo root).
"""

from __future__ import annotations

import json
import sys
from decimal import Decimal
from typing import Any

from synthetic_forms import SAMPLES_DIR, FormModel, dept_form, load_data, project_form

PROJECT_PDFS = (
    "synthetic_project_self_eval_reportlab",
    "synthetic_project_self_eval_docx",
    "synthetic_project_self_eval_borderless",
)
DEPT_PDFS = ("synthetic_dept_self_eval_reportlab", "synthetic_dept_self_eval_docx")
ARITHMETIC = {"execution_rate_mismatch", "score_exceeds_weight", "total_score_mismatch"}


def number(text: str) -> float | None:
    """A source string as the JSON number the golden holds (None for blanks and —)."""
    text = text.replace(",", "").removesuffix("%")
    return None if text in ("", "—") else float(Decimal(text))


def squash(text: str | None) -> str:
    return "".join((text or "").split())


def expected_records(items: list[dict[str, str]], project: str | None) -> list[dict[str, Any]]:
    return [
        {
            "project": project,
            "level1": i["level1"],
            "level2": i["level2"],
            "indicator": i["indicator"],
            "target": i["target"],
            "actual": i["actual"],
            "weight": number(i["weight"]),
            "score": number(i["score"]),
            "deviation_reason": i["deviation_reason"] or None,
            "section": "performance_indicators",
        }
        for i in items
    ]


def expected_budget(lines: list[dict[str, str]]) -> list[dict[str, Any]]:
    keys = {
        "initial_budget_wan": "initial",
        "full_year_budget_wan": "full_year",
        "executed_wan": "executed",
        "weight": "weight",
        "execution_rate": "rate",
        "score": "score",
    }
    return [{"label": ln["label"], **{k: number(ln[v]) for k, v in keys.items()}} for ln in lines]


def compare(where: str, got: dict[str, Any], want: dict[str, Any], out: list[str]) -> None:
    for key, value in want.items():
        if got.get(key) != value:
            out.append(f"{where}.{key}: golden {got.get(key)!r}, source {value!r}")


def check_records(golden: dict[str, Any], want: list[dict[str, Any]], out: list[str]) -> None:
    got = golden["records"]
    if len(got) != len(want):
        out.append(f"records: golden has {len(got)}, source {len(want)}")
    for index, (g, w) in enumerate(zip(got, want, strict=False)):
        compare(f"records[{index}]", g, w, out)


def check_cells(golden: dict[str, Any], forms: list[FormModel], out: list[str]) -> None:
    """Cells ⊆ printed texts and printed texts ⊆ cells (whitespace-insensitive)."""
    printed = {squash(c.text) for f in forms for row in f.rows for c in row.cells if c.text}
    cells = {squash(c["text"]) for t in golden["tables"] for c in t["cells"] if c["text"]}
    for text in sorted(cells - printed):
        out.append(f"tables: cell text not printed by the renderer: {text[:40]}")
    for text in sorted(printed - cells):
        out.append(f"tables: printed text in no cell: {text[:40]}")


def check_project_golden(name: str, golden: dict[str, Any], data: dict[str, Any]) -> list[str]:
    out: list[str] = []
    projects = data["project_self_eval"]["projects"]
    compare("$", golden, {"layout": "project_self_eval", "year": 2023, "department": None}, out)
    want = [r for p in projects for r in expected_records(p["indicators"], p["name"])]
    check_records(golden, want, out)
    if [p["name"] for p in golden["projects"]] != [p["name"] for p in projects]:
        out.append("projects: names differ")
    for index, (g, p) in enumerate(zip(golden["projects"], projects, strict=False)):
        where = f"projects[{index}]"
        compare(where, g, {k: p[k] for k in ("department", "implementer")}, out)
        compare(where, g, {"annual_goal": p["goal"], "annual_result": p["result"]}, out)
        compare(where, g, {"total_weight": number(p["total_weight"])}, out)
        compare(where, g, {"total_score": number(p["total_score"])}, out)
        for j, (gb, wb) in enumerate(zip(g["budget"], expected_budget(p["budget"]), strict=True)):
            compare(f"{where}.budget[{j}]", gb, wb, out)
    codes = sorted(w["code"] for w in golden["warnings"] if w["code"] in ARITHMETIC)
    if codes != sorted(ARITHMETIC):
        out.append(f"warnings: arithmetic warnings {codes}, expected one of each")
    check_cells(golden, [project_form(data, p) for p in projects], out)
    return out


def check_dept_golden(name: str, golden: dict[str, Any], data: dict[str, Any]) -> list[str]:
    out: list[str] = []
    dept = data["dept_self_eval"]
    compare("$", golden, {"layout": "dept_self_eval", "year": 2023}, out)
    compare("$", golden, {"department": dept["department"], "projects": []}, out)
    check_records(golden, expected_records(dept["indicators"], None), out)
    summary = golden["department_summary"] or {}
    compare("summary", summary, {"annual_goal": dept["goal"], "annual_result": dept["result"]}, out)
    compare("summary", summary, {"total_weight": number(dept["total_weight"])}, out)
    compare("summary", summary, {"total_score": number(dept["total_score"])}, out)
    for j, (gb, wb) in enumerate(
        zip(summary["budget"], expected_budget(dept["budget"]), strict=True)
    ):
        compare(f"summary.budget[{j}]", gb, wb, out)
    tasks = [
        {"name": t["name"], "content": t["content"], "budget_wan": number(t["budget"]),
         "executed_wan": number(t["executed"])}
        for t in dept["tasks"]
    ]  # fmt: skip
    for j, (gt, wt) in enumerate(zip(summary["tasks"], tasks, strict=True)):
        compare(f"summary.tasks[{j}]", gt, wt, out)
    if any(w["code"] in ARITHMETIC for w in golden["warnings"]):
        out.append("warnings: the department form has no arithmetic slip")
    check_cells(golden, [dept_form(data)], out)
    return out


def main(argv: list[str]) -> int:
    import jixiao

    data = load_data()
    failures = 0
    for names, check in ((PROJECT_PDFS, check_project_golden), (DEPT_PDFS, check_dept_golden)):
        for name in names:
            pdf = SAMPLES_DIR / f"{name}.pdf"
            golden_path = SAMPLES_DIR / f"{name}.golden.json"
            if "--check" not in argv:
                golden_path.write_text(jixiao.dumps(jixiao.parse(pdf)), encoding="utf-8")
            golden = json.loads(golden_path.read_text(encoding="utf-8"))
            problems = check(name, golden, data)
            status = "ok" if not problems else f"{len(problems)} differences"
            print(f"{golden_path.name}: {len(golden['records'])} records, {status}")
            for line in problems:
                print(f"  {line}")
            failures += bool(problems)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
