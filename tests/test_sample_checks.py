"""The samples' own checks, run by pytest, and the statuses read by hand into their data.

``samples/check_transcription.py`` holds the seed transcription to the seed's text layer and
``samples/synthetic_goldens.py --check`` holds the synthetic goldens to the data they were
rendered from; both used to run only by hand. The ``status`` of every row in the two
``*.data.json`` files was decided by reading the row against tests/truth/judged/RUBRIC.md.
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from conftest import SAMPLES, parsed

sys.path.insert(0, str(SAMPLES))

import check_transcription
import synthetic_goldens
from gz_kx_table import SEED_PATH, load_data


def _seed() -> Path:
    if not SEED_PATH.exists():
        pytest.skip(f"{SEED_PATH} is not available (../shared/seeds absent)")
    return SEED_PATH


def test_transcription_matches_the_seed_text_layer() -> None:
    seed = check_transcription.non_ws_chars(_seed().read_text(encoding="utf-8"))
    data = load_data()
    assert check_transcription.check_structure(data) == []
    assert check_transcription.data_chars(data) == seed
    assert check_transcription.main() == 0


def test_transcription_check_can_fail() -> None:
    """One character lost from one cell is found."""
    seed = check_transcription.non_ws_chars(_seed().read_text(encoding="utf-8"))
    data = copy.deepcopy(load_data())
    row = data["spending_plan"]["rows"][0]
    row["target"] = [row["target"][0][:-1], *row["target"][1:]]
    assert check_transcription.data_chars(data) != seed


def _goldens() -> Iterator[tuple[str, Any]]:
    for names, check in (
        (synthetic_goldens.PROJECT_PDFS, synthetic_goldens.check_project_golden),
        (synthetic_goldens.DEPT_PDFS, synthetic_goldens.check_dept_golden),
    ):
        for name in names:
            yield name, check


@pytest.mark.parametrize(
    ("name", "check"), list(_goldens()), ids=lambda v: v if isinstance(v, str) else v.__name__
)
def test_synthetic_golden_matches_its_source_data(name: str, check: Any) -> None:
    golden = json.loads((SAMPLES / f"{name}.golden.json").read_text(encoding="utf-8"))
    assert check(name, golden, synthetic_goldens.load_data()) == []


def test_synthetic_golden_check_can_fail() -> None:
    name = synthetic_goldens.PROJECT_PDFS[0]
    golden = json.loads((SAMPLES / f"{name}.golden.json").read_text(encoding="utf-8"))
    golden["records"][2]["actual"] = "85%"
    problems = synthetic_goldens.check_project_golden(name, golden, synthetic_goldens.load_data())
    assert problems and any("85%" in p for p in problems)


# --- statuses read by hand -------------------------------------------------------------

SYNTHETIC = json.loads((SAMPLES / "synthetic_self_eval.data.json").read_text(encoding="utf-8"))


# Where jixiao and the hand reading differ today, with jixiao's status: pinned, so a change
# either way is seen. 逐步提升 → 有效提升 reads as met (RUBRIC R6: the actual says 提升 took
# place); jixiao's word rules find it neither confirms nor denies. Left to the assessment.
KNOWN_DISAGREEMENTS = {"市民阅读习惯养成": "unclear"}


@pytest.mark.parametrize("name", synthetic_goldens.PROJECT_PDFS)
def test_project_self_eval_statuses_as_read_by_hand(name: str) -> None:
    expected = [
        (i["indicator"], KNOWN_DISAGREEMENTS.get(i["indicator"], i["status"]))
        for p in SYNTHETIC["project_self_eval"]["projects"]
        for i in p["indicators"]
    ]
    got = [(r.indicator, r.status) for r in parsed(SAMPLES / f"{name}.pdf").records]
    assert got == expected


@pytest.mark.parametrize("name", synthetic_goldens.DEPT_PDFS)
def test_dept_self_eval_statuses_as_read_by_hand(name: str) -> None:
    expected = [(i["indicator"], i["status"]) for i in SYNTHETIC["dept_self_eval"]["indicators"]]
    got = [(r.indicator, r.status) for r in parsed(SAMPLES / f"{name}.pdf").records]
    assert got == expected
