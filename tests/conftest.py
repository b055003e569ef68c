"""Shared fixtures: the bundled samples, and the real PDFs in ../shared when present."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

import jixiao

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
REAL_PDFS = REPO.parent / "shared" / "real-pdfs"
SEED_PDFS = ("gz_kx_2021_faithful.pdf", "gz_kx_2021_docx.pdf")


@cache
def parsed(path: Path) -> jixiao.Report:
    """Parse once per test session; reports are treated as read-only by the tests."""
    return jixiao.parse(path)


@cache
def transcription() -> dict:
    return json.loads((SAMPLES / "gz_kx_2021.data.json").read_text(encoding="utf-8"))


@pytest.fixture(params=SEED_PDFS)
def seed_pdf(request: pytest.FixtureRequest) -> Path:
    return SAMPLES / request.param


def real_pdf(name: str) -> Path:
    path = REAL_PDFS / name
    if not path.exists():
        pytest.skip(f"{path} is not available (../shared/real-pdfs absent)")
    return path


def real_pdfs() -> list[Path]:
    return sorted(REAL_PDFS.glob("*.pdf")) if REAL_PDFS.is_dir() else []


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line when tests needing ../shared were skipped, so a smaller run is never
    mistaken for a full one (without it the real-PDF tests quietly become skips)."""
    skipped = terminalreporter.stats.get("skipped", [])
    shared = [
        report
        for report in skipped
        if "../shared" in str(report.longrepr) or "empty parameter set" in str(report.longrepr)
    ]
    if shared or not REAL_PDFS.is_dir():
        terminalreporter.write_line(
            f"jixiao: {len(shared)} test(s) skipped for want of ../shared "
            f"(real PDFs {'absent' if not REAL_PDFS.is_dir() else 'present'} at {REAL_PDFS})",
            yellow=True,
            bold=True,
        )
