"""``jixiao regress``: goldens beside PDFs, field-by-field diff, tolerance, --update."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import jixiao
from conftest import SAMPLES, parsed
from jixiao.cli import main
from jixiao.schema.compare import MISSING, compare

SAMPLE = SAMPLES / "gz_kx_2021_faithful.pdf"


@pytest.fixture
def golden_dir(tmp_path: Path) -> Path:
    """A folder with one sample PDF and a golden made as the lead makes them."""
    shutil.copy(SAMPLE, tmp_path / SAMPLE.name)
    golden = tmp_path / (SAMPLE.stem + ".golden.json")
    golden.write_text(jixiao.dumps(parsed(SAMPLE)), encoding="utf-8")
    return tmp_path


# --- compare ---------------------------------------------------------------------------


def test_compare_reports_paths_and_values() -> None:
    expected = {"a": [1, {"b": "x"}], "c": 1, "gone": True, "bbox": [0, 0, 10, 10]}
    got = {"a": [1, {"b": "y"}, 3], "c": 1.0, "new": None, "bbox": [0.4, 0, 10, 10.6]}
    diffs = {(d.path, repr(d.expected), repr(d.got)) for d in compare(expected, got)}
    assert diffs == {
        ("$.a[1].b", "'x'", "'y'"),
        ("$.a (length)", "'2 items'", "'3 items'"),
        ("$.gone", "True", repr(MISSING)),
        ("$.new", repr(MISSING), "None"),
        ("$.bbox[3]", "10", "10.6"),  # 0.4 pt is within tolerance, 0.6 pt is not
    }


def test_compare_numbers_types_and_volatile_keys() -> None:
    assert compare({"v": 280}, {"v": 280.0}) == [], "the same number, written differently"
    assert compare({"v": Decimal("99.14")}, {"v": 99.14}) == []
    assert compare({"v": 1}, {"v": True}) != [], "a bool is not a number"
    assert compare({"v": "1"}, {"v": 1}) != []
    assert compare({"amount": 1.0}, {"amount": 1.3}) != [], "tolerance is for bbox only"
    assert compare({"traceback": "/home/a/x.py"}, {"traceback": "/srv/b/x.py"}) == []
    assert compare({"path": "/a"}, {}) == []
    weird = compare({"名 称": 1}, {"名 称": 2})
    assert weird[0].path == '$["名 称"]'


def test_difference_render_is_readable() -> None:
    (diff,) = compare({"records": [{"target": "≥60人次"}]}, {"records": [{"target": "60人次"}]})
    text = diff.render()
    assert text.splitlines() == [
        "  $.records[0].target",
        '    expected: "≥60人次"',
        '    got:      "60人次"',
    ]
    long = compare({"t": "x" * 500}, {"t": "y"})[0].render(width=40)
    assert "…" in long and len(long.splitlines()[1]) < 60


# --- the command -------------------------------------------------------------------------


def test_regress_passes_when_outputs_match(
    golden_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["regress", str(golden_dir), "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert f"ok      {SAMPLE.name}" in out
    assert "1 checked, 1 match, 0 drifted" in out


def test_regress_reports_drift_then_update_accepts_it(
    golden_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    golden = golden_dir / (SAMPLE.stem + ".golden.json")
    data = json.loads(golden.read_text(encoding="utf-8"))
    data["records"][3]["target"] = "changed by hand"
    cell = data["tables"][0]["cells"][0]
    cell["bbox"][0] += 0.3  # jitter: tolerated
    cell["bbox"][2] += 0.8  # a real move: reported
    data["tables"][1]["cells"].pop()
    golden.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    assert main(["regress", str(golden_dir), "--workers", "1"]) == 1
    out = capsys.readouterr().out
    assert f"DRIFT   {SAMPLE.name}: 3 differences" in out
    assert "$.records[3].target" in out
    assert 'expected: "changed by hand"' in out
    assert f"got:      {json.dumps(parsed(SAMPLE).records[3].target, ensure_ascii=False)}" in out
    assert "$.tables[0].cells[0].bbox[2]" in out
    assert "bbox[0]" not in out
    assert "$.tables[1].cells (length)" in out
    assert f"jixiao regress {golden_dir} --update" in out, "the hint names the folder checked"
    record = data["records"][3]
    pages = ",".join(map(str, record["pages"]))
    assert f"(record 3: {record['indicator_name']}, page {pages})" in out

    assert main(["regress", str(golden_dir), "--update", "--workers", "1"]) == 0
    assert "updated" in capsys.readouterr().out
    assert golden.read_text(encoding="utf-8") == jixiao.dumps(parsed(SAMPLE)), (
        "--update writes exactly what `jixiao convert -o` writes"
    )
    assert main(["regress", str(golden_dir), "--workers", "1"]) == 0


def test_regress_problems_are_failures(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["regress", str(tmp_path)]) == 1, "no golden at all: CI must not pass silently"
    assert "no *.golden.json" in capsys.readouterr().err
    (tmp_path / "lost.golden.json").write_text("{}", encoding="utf-8")
    assert main(["regress", str(tmp_path)]) == 1
    assert "MISSING lost.golden.json" in capsys.readouterr().out
    assert main(["regress", str(tmp_path / "nowhere")]) == 1


def test_regress_checks_error_goldens_too(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A deliberately bad sample can be pinned by its error file."""
    (tmp_path / "fake.pdf").write_text("<html></html>", encoding="utf-8")
    (tmp_path / "fake.golden.json").write_text("{}", encoding="utf-8")
    assert main(["regress", str(tmp_path), "--update", "--workers", "1"]) == 0
    golden = json.loads((tmp_path / "fake.golden.json").read_text(encoding="utf-8"))
    assert golden["error"]["code"] == "not_pdf"
    assert main(["regress", str(tmp_path), "--workers", "1"]) == 0
    capsys.readouterr()


def test_pdfs_without_golden_are_listed(
    golden_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(SAMPLE, golden_dir / "other.pdf")
    assert main(["regress", str(golden_dir), "--workers", "1"]) == 0
    assert "other.pdf has no golden file" in capsys.readouterr().err


def test_bundled_samples_match_their_goldens(capsys: pytest.CaptureFixture[str]) -> None:
    """What CI runs: `jixiao regress` over samples/."""
    if not list(SAMPLES.glob("*.golden.json")):
        pytest.skip("samples/ has no golden files yet")
    code = main(["regress", str(SAMPLES)])
    assert code == 0, capsys.readouterr().out


def test_regress_add_creates_missing_goldens(
    golden_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = golden_dir / "other.pdf"
    shutil.copy(SAMPLES / "gz_kx_2021_docx.pdf", other)
    assert main(["regress", str(golden_dir), "--add", "--workers", "1"]) == 0
    assert "added   other.golden.json" in capsys.readouterr().out
    golden = json.loads((golden_dir / "other.golden.json").read_text(encoding="utf-8"))
    assert golden["source"]["file"] == "other.pdf"
    assert golden["department"] == "广州市科学技术协会"  # printed on page 1 of the sample
    assert main(["regress", str(golden_dir), "--workers", "1"]) == 0
    assert "has no golden file" not in capsys.readouterr().err


def test_regress_rejects_zero_workers(golden_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["regress", str(golden_dir), "--workers", "0"]) == 1
    assert "--workers must be at least 1" in capsys.readouterr().err
