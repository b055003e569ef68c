"""Make and check parsers/data/jieba_compact.txt, the slice of jieba's dictionary jixiao loads.

Loading jieba's full dictionary (350,000 words) took 1-1.5 s of a 2 s ``jixiao convert``
and 65 MB. jixiao segments with the dictionary only (no HMM), so a text is cut the same with
any dictionary that holds every full-dictionary word found inside that text, at the same
frequency, and the same total frequency (jieba scores a cut by log(freq / total) per word):
the other words are never looked at. The compact file holds those words for every text the
tokenizer was given while parsing the bundled samples and ../shared/real-pdfs and while
running the quantity and assessment tests (tests/data/tokenizer_texts.txt), and for all
text printed in those PDFs' tables (the wording of these reports), plus the full total. tests/test_compact_dict.py
checks the cuts against the full dictionary.

    python tests/compact_dict.py        # rewrite the file (with the real PDFs present)
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "samples"
REAL_PDFS = REPO.parent / "shared" / "real-pdfs"
TEXTS = REPO / "tests" / "data" / "tokenizer_texts.json"
#: Test files whose strings go through the tokenizer (the property tests' random text aside).
TEST_FILES = ("test_quantity.py", "test_assess.py", "test_sample_checks.py")


def full_tokenizer() -> tuple[Any, int]:
    """jieba with its full dictionary and jixiao's domain words (the reference), and the
    full dictionary's own total (the domain words add theirs when loaded)."""
    import jieba

    from jixiao.parsers.quantity import _DICT_PATH

    logging.getLogger("jieba").setLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    total = tk.total
    tk.load_userdict(str(_DICT_PATH))
    return tk, total


class Recorder:
    """Stands in for the tokenizer and notes every text it is asked to cut."""

    def __init__(self, tk: Any) -> None:
        self.tk = tk
        self.texts: set[str] = set()

    def lcut(self, text: str, HMM: bool = True) -> list[str]:
        self.texts.add(text)
        return self.tk.lcut(text, HMM=HMM)

    def lcut_for_search(self, text: str, HMM: bool = True) -> list[str]:
        self.texts.add(text)
        return self.tk.lcut_for_search(text, HMM=HMM)


def record_texts(tk: Any) -> tuple[set[str], set[str]]:
    """Every text the tokenizer cuts while parsing the PDFs and running the tests; and all
    text printed in the PDFs, so that the slice covers the wording of these reports beyond
    what today's parsers happen to cut."""
    import pytest

    import jixiao
    from jixiao.parsers import quantity

    recorder = Recorder(tk)
    quantity._tokenizer = recorder
    quantity.tokenize.cache_clear()
    quantity.search_tokens.cache_clear()
    pdfs = sorted(SAMPLES.glob("*.pdf")) + sorted(REAL_PDFS.glob("*.pdf"))
    printed: set[str] = set()
    for pdf in pdfs:
        try:
            report = jixiao.parse(pdf)
        except jixiao.InputError:
            continue
        printed.update(cell.text for table in report.tables for cell in table.cells)
    printed.update((REPO / "parsers" / "data" / "stated_outcomes.txt").read_text("utf-8").split())
    tests = [str(REPO / "tests" / name) for name in TEST_FILES]
    pytest.main(["-q", "-p", "no:cacheprovider", *tests])
    return recorder.texts, printed


def compact(tk: Any, texts: set[str]) -> dict[str, int]:
    """Full-dictionary words (frequency > 0) found anywhere inside the texts."""
    freq = tk.FREQ
    words: dict[str, int] = {}
    for text in texts:
        for i in range(len(text)):
            j = i + 1
            while j <= len(text) and text[i:j] in freq:
                if freq[text[i:j]] > 0:
                    words[text[i:j]] = freq[text[i:j]]
                j += 1
    return words


def main() -> int:
    from jixiao.parsers.quantity import _COMPACT_PATH

    tk, total = full_tokenizer()
    texts, printed = record_texts(tk)
    TEXTS.parent.mkdir(exist_ok=True)
    TEXTS.write_text(json.dumps(sorted(texts), ensure_ascii=False, indent=0) + "\n", "utf-8")
    words = compact(tk, texts | printed)
    for word in list(words):  # jieba's prefix dictionary: every prefix of a word, at 0
        for end in range(1, len(word)):
            words.setdefault(word[:end], 0)
    lines = [f"total {total}"] + [f"{w} {f}" for w, f in sorted(words.items())]
    _COMPACT_PATH.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(texts)} texts, {len(words)} words -> {_COMPACT_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
