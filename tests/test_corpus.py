"""Every real PDF in ../shared/real-pdfs: a document that prints an indicator header yields
records, and a document that yields none says so (``no_indicator_table``).

Which documents print an indicator header is decided from pypdf's text layer, not from
jixiao's reader, so a table the reader loses still fails here.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from pypdf import PdfReader

from conftest import parsed, real_pdfs

INDICATOR_HEADERS = re.compile(r"三级指标|指标名称|绩效指标")


@cache
def prints_indicator_header(path: Path) -> bool:
    for page in PdfReader(path).pages:
        text = re.sub(r"\s+", "", page.extract_text() or "")
        if INDICATOR_HEADERS.search(text):
            return True
    return False


@pytest.mark.parametrize("path", real_pdfs(), ids=lambda p: p.name)
def test_indicator_documents_yield_records(path: Path) -> None:
    report = parsed(path)
    codes = {w.code for w in report.warnings}
    if prints_indicator_header(path):
        assert report.records, f"{path.name}: prints an indicator header but has no records"
        assert report.layout != "unknown"
    else:
        assert not report.records
    if report.layout == "unknown" or not report.records:
        assert "no_indicator_table" in codes
    assert all(r.layout for r in report.records), "every record names the layout that read it"
    if report.records:  # the report's layout is the one that read most records
        counts = [
            sum(r.layout == x for r in report.records) for x in {r.layout for r in report.records}
        ]
        assert sum(r.layout == report.layout for r in report.records) == max(counts)


def test_corpus_is_present_or_skipped() -> None:
    if not real_pdfs():
        pytest.skip("../shared/real-pdfs absent")
    assert len(real_pdfs()) >= 17
