"""The compact jieba dictionary cuts every text as jieba's full dictionary does.

The texts are those the tokenizer was given while parsing the bundled samples and the real
corpus and while running the quantity and assessment tests (tests/data/tokenizer_texts.json,
written by tests/compact_dict.py), and those it is given now while parsing the real corpus:
a parser change that cuts new text is checked here too. The reference is jieba itself with
its full dictionary, never jixiao's output.
"""

from __future__ import annotations

import contextlib
import json
from functools import cache
from typing import Any

import pytest
from compact_dict import TEXTS, Recorder, full_tokenizer

import jixiao
from conftest import SAMPLES, real_pdfs
from jixiao.parsers import quantity


@cache
def _full() -> Any:
    return full_tokenizer()[0]


def _mismatches(texts: set[str]) -> list[tuple[str, list[str], list[str]]]:
    compact, full = quantity._get_tokenizer(), _full()
    out = []
    for text in sorted(texts):
        for cut in ("lcut", "lcut_for_search"):
            ours = getattr(compact, cut)(text, HMM=False)
            theirs = getattr(full, cut)(text, HMM=False)
            if ours != theirs:
                out.append((text, ours, theirs))
    return out


def test_recorded_texts_cut_as_with_the_full_dictionary() -> None:
    texts = set(json.loads(TEXTS.read_text(encoding="utf-8")))
    assert len(texts) > 400  # the samples, the real corpus and the tests' strings
    assert _mismatches(texts) == []


def test_the_slice_is_small_and_keeps_the_full_total() -> None:
    freq, total = quantity._compact_dictionary()
    full = _full()
    words = {w: f for w, f in freq.items() if f}
    assert 1_000 < len(words) < 50_000  # a slice, not the 350,000-word dictionary
    # Words and their prefixes (at 0) are the full prefix dictionary's entries, unchanged.
    assert {w: f for w, f in freq.items() if full.FREQ.get(w) != f} == {}
    prefixes = {w[:end] for w in words for end in range(1, len(w))}
    assert prefixes - freq.keys() == set()
    assert {w for w, f in freq.items() if not f} <= prefixes
    assert total > 60_000_000  # jieba's own total, not the slice's sum


def test_texts_cut_while_parsing_now_match_the_full_dictionary() -> None:
    """Parse the samples and the real corpus again, noting what the compact tokenizer cuts."""
    pdfs = sorted(SAMPLES.glob("*.pdf")) + real_pdfs()
    if len(pdfs) == len(list(SAMPLES.glob("*.pdf"))):
        pytest.skip("../shared/real-pdfs is not available")
    compact = quantity._get_tokenizer()
    recorder = Recorder(compact)
    quantity._tokenizer = recorder
    quantity.tokenize.cache_clear()
    quantity.search_tokens.cache_clear()
    try:
        for pdf in pdfs:
            with contextlib.suppress(jixiao.InputError):
                jixiao.parse(pdf)
    finally:
        quantity._tokenizer = compact
        quantity.tokenize.cache_clear()
        quantity.search_tokens.cache_clear()
    assert len(recorder.texts) > 100
    assert _mismatches(recorder.texts) == []
