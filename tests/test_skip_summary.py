"""The one-line summary conftest prints when tests were skipped for want of ../shared.

Without it a run on a machine without the real PDFs shrinks quietly and still exits 0
(issue 18). The reporter here is a stand-in holding what pytest's would: skip reports whose
text is the reason ``real_pdf`` gives, and the lines written.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

import conftest


class _Reporter:
    def __init__(self, reasons: list[str]) -> None:
        self.stats = {"skipped": [SimpleNamespace(longrepr=("t.py", 1, r)) for r in reasons]}
        self.lines: list[str] = []

    def write_line(self, line: str, **markup: bool) -> None:
        self.lines.append(line)


def test_skips_for_want_of_shared_are_counted_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(conftest, "REAL_PDFS", tmp_path / "absent")
    reporter = _Reporter(
        [
            "Skipped: /x/real-pdfs/a.pdf is not available (../shared/real-pdfs absent)",
            "Skipped: got empty parameter set ['pdf'], function test_x",
            "Skipped: needs pebble",
        ]
    )
    conftest.pytest_terminal_summary(reporter)  # type: ignore[arg-type]
    assert reporter.lines == [
        f"jixiao: 2 test(s) skipped for want of ../shared (real PDFs absent at {tmp_path}/absent)"
    ]


def test_no_summary_when_nothing_was_skipped_for_shared(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(conftest, "REAL_PDFS", tmp_path)
    reporter = _Reporter(["Skipped: needs pebble"])
    conftest.pytest_terminal_summary(reporter)  # type: ignore[arg-type]
    assert reporter.lines == []
