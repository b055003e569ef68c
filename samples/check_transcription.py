"""Check that gz_kx_2021.data.json transcribes the seed text layer without loss or invention.

The seed (../shared/seeds/000_d291e56410bb77f0.txt from the repo root) is the only trace
of the original PDF. Every non-whitespace character of it must appear in the data exactly
as often as it is printed: headers once per page they appear on, re-printed categories
once per page, merged goals once. Whitespace is ignored because the seed's line breaks and
blank lines are artefacts of text extraction, not content.

Run from the repo root: ``python samples/check_transcription.py``.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

from gz_kx_table import SEED_PATH, load_data, printed_cells


def non_ws_chars(text: str) -> Counter[str]:
    """Multiset of the characters that carry content (whitespace is layout only)."""
    return Counter(ch for ch in text if not ch.isspace())


def data_chars(data: dict[str, Any]) -> Counter[str]:
    """Multiset of characters over every printed cell of the transcription."""
    total: Counter[str] = Counter()
    for _where, lines in printed_cells(data):
        for line in lines:
            total.update(non_ws_chars(line))
    return total


def check_structure(data: dict[str, Any]) -> list[str]:
    """Cheap shape checks that the character count alone would not catch."""
    problems: list[str] = []
    ag, sp = data["annual_goals"], data["spending_plan"]
    if len(ag["rows"]) != 5:
        problems.append(f"annual_goals has {len(ag['rows'])} rows, expected 5")
    if len(sp["rows"]) != 22:
        problems.append(f"spending_plan has {len(sp['rows'])} rows, expected 22")
    pages = [r["page"] for r in ag["rows"]] + [r["page"] for r in sp["rows"]]
    if pages != sorted(pages) or set(pages) != set(range(1, 11)):
        problems.append(f"row pages not monotone 1..10: {pages}")
    for table in (ag, sp):
        for i, row in enumerate(table["rows"]):
            if row["goal"] not in table["goals"]:
                problems.append(f"row {i}: unknown goal {row['goal']}")
            if "category" in row and row["category"] not in sp["categories"]:
                problems.append(f"row {i}: unknown category {row['category']}")
    return problems


def report_difference(expected: Counter[str], actual: Counter[str]) -> None:
    """Print which characters are missing from or extra in the data, with counts."""
    missing = expected - actual
    extra = actual - expected
    if missing:
        print("missing from data (in seed):", dict(sorted(missing.items())))
    if extra:
        print("extra in data (not in seed):", dict(sorted(extra.items())))


def main(seed_path: Path = SEED_PATH) -> int:
    """Compare seed and data; exit 0 when equal or when the seed is not available."""
    if not seed_path.exists():
        print(f"seed not found at {seed_path}; nothing to check")
        return 0
    data = load_data()
    problems = check_structure(data)
    for problem in problems:
        print("structure:", problem)
    expected = non_ws_chars(seed_path.read_text(encoding="utf-8"))
    actual = data_chars(data)
    if expected != actual:
        report_difference(expected, actual)
    ok = expected == actual and not problems
    total = sum(expected.values())
    verdict = "OK" if ok else "MISMATCH"
    print(f"{verdict}: seed {total} non-whitespace chars, data {sum(actual.values())}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
