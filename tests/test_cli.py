"""The command line as users call it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLES
from jixiao.cli import main


def test_convert_writes_valid_json(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    assert main(["convert", str(SAMPLES / "gz_kx_2021_faithful.pdf"), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["department"] == "广州市科学技术协会"
    assert len(data["records"]) == 27
    assert data["records"][7]["amount_wan"] == 280
    assert data["records"][13]["amount_wan"] == 3744.17
    assert data["budget_execution_rate"] == 99.14
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file left behind"


def test_convert_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(SAMPLES / "gz_kx_2021_docx.pdf")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"]["file"] == "gz_kx_2021_docx.pdf"


def test_convert_reports_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake = tmp_path / "page.pdf"
    fake.write_text("<!DOCTYPE html><html><body>404</body></html>", encoding="utf-8")
    assert main(["convert", str(fake)]) == 2
    assert "not_pdf" in capsys.readouterr().err


def test_schema_command_prints_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert "records" in schema["properties"]


def test_convert_summary_lists_missed_targets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.json"
    assert (
        main(["convert", str(SAMPLES / "gz_kx_2021_faithful.pdf"), "-o", str(out), "--summary"])
        == 0
    )
    text = capsys.readouterr().out
    assert "220天 < 264天" in text
    assert "2000多平方米" in text and "not met" in text
    assert "申请" in text and "授权" in text  # different measures are reported, not met
    assert json.loads(out.read_text(encoding="utf-8"))["schema_version"]


def test_convert_summary_keeps_stdout_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(SAMPLES / "gz_kx_2021_docx.pdf"), "--summary"]) == 0
    captured = capsys.readouterr()
    json.loads(captured.out)
    assert "records:" in captured.err


def test_tables_exports_csv_per_table(tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    assert main(["tables", str(SAMPLES / "gz_kx_2021_faithful.pdf"), "-o", str(out)]) == 0
    files = sorted(tmp_path.glob("t-*.csv"))
    assert [f.name for f in files] == ["t-01.csv", "t-02.csv"]
    first = files[0].read_text(encoding="utf-8-sig").splitlines()[0]
    assert first.split(",")[:3] == ["年度绩效目标", "部门整体支出目标", "关键指标"]


def test_tables_markdown_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tables", str(SAMPLES / "gz_kx_2021_docx.pdf"), "--format", "md"]) == 0
    assert "| 年度主要支出计划 |" in capsys.readouterr().out


@pytest.mark.parametrize(
    "command",
    [[], ["convert"], ["schema"], ["batch"], ["dataset"], ["regress"], ["tables"]],
)
def test_help_on_every_command(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "jixiao.cli", *command, "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "usage: jixiao" in result.stdout
