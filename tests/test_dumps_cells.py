"""A cell written directly is byte for byte what json.dumps writes of its model_dump.

The expected text is json's own (the standard library), never the fast path's.
"""

from __future__ import annotations

import json

import pytest

import jixiao
from conftest import SAMPLES, parsed
from jixiao.schema.models import Cell
from jixiao.schema.report_json import _cell_text, _usual_cell_text


def _reference(cell: Cell, depth: int) -> str:
    text = json.dumps(cell.model_dump(mode="json"), ensure_ascii=False, indent=2)
    return text.replace("\n", "\n" + "  " * depth)


@pytest.mark.parametrize(
    ("text", "bbox"),
    [
        ("开展活动10场，参与1000人次", (28.35, 100.0, 300.5, 120.25)),
        (
            'quote " backslash \\ tab \t newline \n nul \x00 del \x7f ls \u2028',
            (0.0, -0.0, 1e-05, 1e16),
        ),
        ("", (12345678.91, 0.1, 0.2, 0.30000000000000004)),
    ],
)
def test_cell_text_is_json_dumps(text: str, bbox: tuple[float, float, float, float]) -> None:
    cell = Cell(row=3, column=0, rowspan=2, colspan=1, text=text, page=1, end_page=2, bbox=bbox)
    for depth in (0, 4):
        assert _usual_cell_text(cell, depth) is not None  # the one-step path is the one tested
        assert _cell_text(cell, depth) == _reference(cell, depth)


@pytest.mark.parametrize("confidence", [None, 0.8734, 1.0, 0.0, 1e-07])
def test_confidence_is_written_as_json_writes_it(confidence: float | None) -> None:
    cell = Cell(
        row=1, column=2, text="年度目标", page=3, end_page=3, bbox=(1.5, 2, 3, 4),
        confidence=confidence,
    )  # fmt: skip
    for depth in (0, 4):
        assert _cell_text(cell, depth) == _reference(cell, depth)


def test_values_json_writes_otherwise_take_the_general_path() -> None:
    """NaN (json writes NaN) and an int where a float is declared are written by json."""
    cell = Cell(row=0, column=0, text="x", page=1, end_page=1, bbox=(float("nan"), 1, 2, 3))
    assert _cell_text(cell, 4) == _reference(cell, 4)
    assert "NaN" in _cell_text(cell, 4)


def test_every_cell_of_the_samples() -> None:
    cells = [
        c for pdf in sorted(SAMPLES.glob("*.pdf")) for t in parsed(pdf).tables for c in t.cells
    ]
    assert len(cells) > 1000
    assert [c for c in cells if _cell_text(c, 4) != _reference(c, 4)] == []


def test_dumps_stays_the_function_after_writing_a_report() -> None:
    """The writer's module must not be named like the function: importing a submodule sets
    it as an attribute of its package and would replace ``jixiao.schema.dumps``."""
    from jixiao import schema

    report = jixiao.parse(SAMPLES / "synthetic_dept_self_eval_reportlab.pdf")
    first = schema.dumps(report)
    assert callable(schema.dumps) and schema.dumps(report) == first


class _Count(int):
    pass


class _Share(float):
    pass


@pytest.mark.parametrize(
    "value",
    [
        {"a": [1, 2.5, None, True, False, 'x\n"y中\u2028'], "b": {}, "c": [], "d": {"e": [{}]}},
        [[[]], [{}], 0, -0.0, 1e16, 1e-07, 12345678.91, 2**70, -3],
        "bare",
        # What only the json module writes (the fast path hands these over): NaN and
        # infinities, non-string keys, int and float subclasses.
        {"nan": float("nan"), "inf": [float("inf"), float("-inf")]},
        {1: "one", None: "none", False: "no", 2.5: "half"},
        {"bool_is_an_int": [True, 1], "tuple": (1, (2, 3))},
        {"subclasses": [_Count(5), _Share(0.5)]},
    ],
)
def test_any_dumped_value_is_json_dumps(value: object) -> None:
    """``_text`` writes records, projects and the report's own fields (not only cells):
    byte for byte ``json.dumps(…, ensure_ascii=False, indent=2)`` at any depth."""
    from jixiao.schema.report_json import _text

    for depth in (0, 1, 3):
        expected = json.dumps(value, ensure_ascii=False, indent=2)
        assert _text(value, depth) == expected.replace("\n", "\n" + "  " * depth)


def test_every_record_of_a_real_report_dumps_as_json_does() -> None:
    """The records of the seed reconstruction and a department form (quantities, checks,
    cell references, amounts as strings), as the writer dumps them."""
    from jixiao.schema.report_json import record_text

    for name in ("gz_kx_2021_faithful.pdf", "synthetic_dept_self_eval_docx.pdf"):
        for record in parsed(SAMPLES / name).records:
            expected = json.dumps(record.model_dump(mode="json"), ensure_ascii=False, indent=2)
            assert record_text(record) == expected.replace("\n", "\n" + "  " * 2)
