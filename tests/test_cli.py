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


@pytest.mark.parametrize("command", [[], ["convert"], ["schema"]])
def test_help_on_every_command(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "jixiao.cli", *command, "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "usage: jixiao" in result.stdout
