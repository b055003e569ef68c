"""Shared fixtures: the bundled samples, and the real PDFs in ../shared when present."""

from __future__ import annotations

import json
import os
import subprocess
import sys
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


#: Set in the child run of a ``fresh_process`` test to that test's node id.
_FRESH = "JIXIAO_TEST_FRESH_PROCESS"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "fresh_process: run the test alone in a new interpreter (tests that count live "
        "objects with gc: in an xdist worker that has parsed every sample, each gc pass "
        "walks millions of cached objects, and 600 of them took 20 minutes)",
    )


def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """A ``fresh_process`` test is run again, alone, by a child pytest; its outcome is the
    child's. The child (which sees its own node id in the environment) runs the body."""
    if pyfuncitem.get_closest_marker("fresh_process") is None:
        return None
    if os.environ.get(_FRESH) == pyfuncitem.nodeid:
        return None
    child = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", pyfuncitem.nodeid],
        cwd=pyfuncitem.config.rootpath,
        env={**os.environ, _FRESH: pyfuncitem.nodeid},
        capture_output=True,
        text=True,
        timeout=900,
    )
    skipped = [line for line in child.stdout.splitlines() if line.startswith("SKIPPED")]
    if child.returncode == 0 and " passed" not in child.stdout and skipped:
        # the child's outcome: a test needing ../shared skips there as it would here
        pytest.skip(skipped[0].split(": ", 1)[-1])
    if child.returncode != 0 or " passed" not in child.stdout:
        pytest.fail(f"in a fresh process:\n{child.stdout[-6000:]}\n{child.stderr[-2000:]}")
    return True


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
