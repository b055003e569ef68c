"""The output stage: numbers the JSON cannot carry exactly are set aside, in time that grows
with the parsed result, not with the tables its records point at."""

from __future__ import annotations

from decimal import Decimal

import pytest

from jixiao.extract.model import Cell, Table
from jixiao.parsers.result import ParsedReport, RecordData
from jixiao.schema import build


def _report(n_records: int, n_cells: int, amount: Decimal) -> ParsedReport:
    cells = [Cell(i, 0, 1, 1, f"格{i}", 1, (0.0, i, 10.0, i + 1.0)) for i in range(n_cells)]
    table = Table([1], n_cells, 1, cells, (0.0, 0.0, 10.0, float(n_cells)))
    records = [
        RecordData("s", None, None, f"指标{i}", f"指标{i}", amount, "1", "1", None, [1])
        for i in range(n_records)
    ]
    for i, record in enumerate(records):
        record.origin = (table, i)
        record.cells = {"indicator": [cells[i]]}
    return ParsedReport("indicator_table", records=records)


def test_the_walk_does_not_revisit_the_table_behind_every_record(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = 0
    walk = build._exact

    def counted(*args: object) -> object:
        nonlocal calls
        calls += 1
        return walk(*args)

    monkeypatch.setattr(build, "_exact", counted)
    build._exact(_report(200, 2000, Decimal("1.5")), "report", [])
    # Each record has a few dozen fields; a walk into its table would make 200 × 2000 calls.
    assert calls < 200 * 60


def test_a_number_too_long_is_set_aside_with_a_warning() -> None:
    notices: list = []
    out = build._exact(_report(2, 4, Decimal("1" * 40)), "report", notices)
    assert [r.amount_wan for r in out.records] == [None, None]
    assert [n.code for n in notices] == ["number_too_long"] * 2
