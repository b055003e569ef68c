"""How the rows of ``xian_health_2022_selfeval.jsonl`` were taken: pdfplumber, not jixiao.

Run by hand (``python3 tests/truth/judged/extract_rows.py``); prints the rows as JSON lines
without verdicts. The verdicts were then written by a person following RUBRIC.md. One row
(page 114, 时效指标) was corrected from ``pdftotext -layout`` because pdfplumber runs its
two wrapped cells into each other.
"""

from __future__ import annotations

import json
from pathlib import Path

import pdfplumber

PDF = (
    Path(__file__).resolve().parents[4]
    / "shared"
    / "real-pdfs"
    / "shaanxi_xian_health_commission_2022_final_accounts_dept_and_project_selfeval.pdf"
)
PAGES = [*range(55, 142), 143]
ROLES = {
    "indicator": "三级指标",
    "target": "指标值",
    "actual": "完成值",
    "weight": "分值",
    "score": "得分",
}


def rows() -> list[dict[str, object]]:
    out: list[dict[str, object]] = []
    with pdfplumber.open(PDF) as pdf:
        for number in PAGES:
            for table in pdf.pages[number - 1].extract_tables():
                columns: dict[str, int] | None = None
                for row in table:
                    cells = [(c or "").replace("\n", "") for c in row]
                    joined = "|".join(cells)
                    if "三级指标" in joined and "分值" in joined:
                        found = {
                            role: next((i for i, h in enumerate(cells) if word in h), None)
                            for role, word in ROLES.items()
                        }
                        columns = {k: i for k, i in found.items() if i is not None}
                        continue
                    if columns is None or len(columns) < len(ROLES) or "总分" in joined:
                        continue
                    values = {k: cells[i] if i < len(cells) else "" for k, i in columns.items()}
                    if values["indicator"]:
                        out.append({"page": number, **values})
    return out


if __name__ == "__main__":
    for r in rows():
        print(json.dumps(r, ensure_ascii=False))
