"""Score jixiao against the hand-made truth files in ``tests/truth/`` (see its README).

Truth is written from the rendered page; this module only compares. Text is compared after
NFKC folding with all white space removed, because the truth files are typed from the page
and line wraps or full-width forms are not what is being tested. Numbers are compared as
exact Decimals.

Run ``python tests/truth_score.py`` for the per-file table the closing notes quote.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

TRUTH_DIR = Path(__file__).resolve().parent / "truth"
REAL_PDFS = Path(__file__).resolve().parents[2] / "shared" / "real-pdfs"

TEXT_FIELDS = (
    "project",
    "goal",
    "level1",
    "level2",
    "indicator",
    "nature",
    "target",
    "unit",
    "actual",
    "explanation",
    "scoring_rule",
    "deviation_reason",
)
NUMBER_FIELDS = ("weight", "score")
UNIT_TO_WAN = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}
_SPACE = re.compile(r"\s+")


def norm(text: Any) -> str:
    """The comparison key: NFKC, no white space."""
    if text is None:
        return ""
    return _SPACE.sub("", unicodedata.normalize("NFKC", str(text)))


def decimal_or_none(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(norm(value).replace(",", "").rstrip("%"))
    except InvalidOperation:
        return None


def truth_files() -> list[Path]:
    return sorted(TRUTH_DIR.glob("*.json"))


@dataclass
class Score:
    file: str
    rows: int = 0
    rows_matched: int = 0
    fields: int = 0
    fields_right: int = 0
    cells: int = 0
    cells_in_tables: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        return self.fields_right / self.fields if self.fields else 1.0

    def miss(self, text: str) -> None:
        self.misses.append(text)


def _record_text(record: Any) -> str:
    return norm(getattr(record, "indicator", None))


def _match(row: dict, records: list[Any]) -> Any | None:
    """The record for a truth row: same indicator (and project), on the row's page."""
    want = norm(row.get("indicator"))
    page = row.get("page")
    candidates = [r for r in records if _record_text(r) == want]
    if row.get("project"):
        same = [r for r in candidates if norm(r.project) == norm(row["project"])]
        candidates = same or candidates
    on_page = [r for r in candidates if page in (r.pages or [])]
    candidates = on_page or candidates
    if len(candidates) > 1:
        # Repeated indicator names (e.g. 社会效益 rows): the target and levels decide.
        for key in ("target", "level2", "level1", "actual"):
            if row.get(key) is None:
                continue
            narrowed = [r for r in candidates if norm(getattr(r, key, None)) == norm(row[key])]
            if narrowed:
                candidates = narrowed
    return candidates[0] if candidates else None


def _goal_of(record: Any, projects: dict[str, Any]) -> str:
    if record.goal:
        return norm(record.goal)
    project = projects.get(norm(record.project))
    if project is None:
        return ""
    return norm(project.annual_goal or project.overall_goal)


def _extra_value(record: Any, header: str) -> str | None:
    key = norm(header)
    for name, text in (record.extra or {}).items():
        if norm(name) == key:
            return norm(text)
    return None


def _score_row(row: dict, record: Any, projects: dict[str, Any], score: Score) -> None:
    where = f"p{row.get('page')} {row.get('indicator')!r}"
    for name in TEXT_FIELDS:
        if name not in row:
            continue
        want = norm(row[name])
        got = _goal_of(record, projects) if name == "goal" else norm(getattr(record, name, None))
        score.fields += 1
        if want == got:
            score.fields_right += 1
        else:
            score.miss(f"{where} {name}: want {want!r} got {got!r}")
    for name in NUMBER_FIELDS:
        if name not in row:
            continue
        want_n = decimal_or_none(row[name])
        got_n = getattr(record, name, None)
        score.fields += 1
        if want_n == got_n or (want_n is None and got_n is None):
            score.fields_right += 1
        else:
            score.miss(f"{where} {name}: want {want_n} got {got_n}")
    for header, text in (row.get("extra") or {}).items():
        score.fields += 1
        got = _extra_value(record, header)
        if got == norm(text):
            score.fields_right += 1
        else:
            score.miss(f"{where} extra[{header}]: want {norm(text)!r} got {got!r}")


def _candidates(truth: dict, projects: list[Any]) -> list[Any]:
    """Projects of that name (a report may print two forms with one name), else one loose match."""
    key = norm(truth.get("name"))
    same = [p for p in projects if norm(p.name) == key]
    if same:
        return same
    loose = [p for p in projects if key and (key in norm(p.name) or norm(p.name) in key)]
    return loose if len(loose) == 1 else []


def _fund_wan(fund: dict) -> Decimal | None:
    amount = decimal_or_none(fund.get("amount"))
    factor = UNIT_TO_WAN.get(norm(fund.get("unit")))
    return None if amount is None or factor is None else amount * factor


def _fund_values(project: Any, label: str) -> list[Decimal | None]:
    got = [f.wan for f in project.funds if norm(f.label) == label]
    return got or [f.wan for f in project.funds if label and label in norm(f.label)]


def _project_misses(truth: dict, project: Any) -> list[tuple[str, bool]]:
    """(what, right) for each checked project field."""
    checks: list[tuple[str, bool]] = []
    if truth.get("code") is not None:
        checks.append(
            (
                f"code: want {truth['code']!r} got {project.code!r}",
                norm(project.code) == norm(truth["code"]),
            )
        )
    if truth.get("goal") is not None:
        goals = {norm(project.annual_goal), norm(project.overall_goal)}
        checks.append(
            (f"goal: want {norm(truth['goal'])!r} got {goals}", norm(truth["goal"]) in goals)
        )
    for fund in truth.get("funds") or []:
        want = _fund_wan(fund)
        got = _fund_values(project, norm(fund.get("label")))
        checks.append((f"fund {fund.get('label')!r}: want {want} 万元 got {got}", want in got))
    return checks


def _score_project(truth: dict, projects: list[Any], score: Score) -> None:
    where = f"project {truth.get('name')!r}"
    candidates = _candidates(truth, projects)
    score.fields += 1
    if not candidates:
        score.miss(f"{where}: not found")
        return
    score.fields_right += 1
    # Of several forms with the same name, the truth describes the one it agrees with most.
    checks = max(
        (_project_misses(truth, p) for p in candidates), key=lambda c: sum(ok for _, ok in c)
    )
    for what, ok in checks:
        score.fields += 1
        if ok:
            score.fields_right += 1
        else:
            score.miss(f"{where} {what}")


def _table_text(report: Any, pages: Iterable[int]) -> str:
    """The text of the table cells on ``pages``. A header row repeated on a page and dropped
    from the stitched table (``repeated_header_dropped`` names the page and how many rows)
    is read from the header rows the table keeps, on its first page."""
    wanted = set(pages)
    repeated = {
        w.page: int(m[1])
        for w in report.warnings
        if w.code == "repeated_header_dropped" and (m := re.match(r"(\d+) repeated", w.message))
    }
    parts = []
    for table in report.tables:
        header_rows = max((repeated.get(p, 0) for p in set(table.pages) & wanted), default=0)
        for cell in table.cells:
            if set(range(cell.page, cell.end_page + 1)) & wanted or cell.row < header_rows:
                parts.append(norm(cell.text))
    return "\u0001".join(parts)


def score_file(truth_path: Path, report: Any) -> Score:
    truth = json.loads(truth_path.read_text(encoding="utf-8"))
    score = Score(file=truth["file"])
    projects = {norm(p.name): p for p in report.projects}
    for row in truth.get("rows", []):
        score.rows += 1
        record = _match(row, report.records)
        if record is None:
            score.fields += 1
            score.miss(f"p{row.get('page')} {row.get('indicator')!r}: no record")
            continue
        score.rows_matched += 1
        _score_row(row, record, projects, score)
    for project in truth.get("projects", []):
        _score_project(project, report.projects, score)
    text = _table_text(report, truth.get("pages", []))
    for cell in truth.get("cells", []):
        key = norm(cell)
        if not key:
            continue
        score.cells += 1
        if key in text:
            score.cells_in_tables += 1
        else:
            score.miss(f"cell not in any table cell of its pages: {cell!r}")
    return score


def main() -> int:
    import jixiao

    print(f"{'file':<72} {'rows':>9} {'fields':>13} {'cells':>9}")
    for path in truth_files():
        truth = json.loads(path.read_text(encoding="utf-8"))
        pdf = REAL_PDFS / truth["file"]
        if not pdf.exists():
            print(f"{truth['file']:<72} (PDF absent)")
            continue
        score = score_file(path, jixiao.parse(pdf))
        print(
            f"{score.file:<72} {score.rows_matched:>4}/{score.rows:<4} "
            f"{score.fields_right:>5}/{score.fields:<5}{100 * score.ratio:5.1f}% "
            f"{score.cells_in_tables:>4}/{score.cells:<4}"
        )
        for miss in score.misses[: int(sys.argv[1]) if len(sys.argv) > 1 else 0]:
            print("    " + miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
