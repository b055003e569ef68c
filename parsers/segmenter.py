"""jieba's dictionary-only word cut, without importing jieba.

jixiao cuts with the HMM off, so a cut is jieba's prefix-dictionary DAG and its
maximum-probability route, and nothing else of jieba runs. Importing jieba still costs
0.035 s of CPU per process (it loads its HMM tables), a twentieth of a cold ``jixiao
convert``. This module repeats ``Tokenizer.cut(HMM=False)`` and ``cut_for_search(HMM=False)``
(jieba 0.42) step for step, with the same regular expressions, the same tie-breaking and the
same floating-point expression, so cuts are identical; tests/test_compact_dict.py compares
them with jieba's own on every recorded text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from math import log
from pathlib import Path

# jieba's re_han_default, re_skip_default, re_eng and re_userdict
_HAN = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)")
_SKIP = re.compile("(\r\n|\\s)")
_ENG = re.compile("[a-zA-Z0-9]")
_USER_LINE = re.compile("^(.+?)( [0-9]+)?( [a-z]+)?$")


class Segmenter:
    """A prefix dictionary (``FREQ``: every word with its count, each prefix of a word at 0)
    and the total count jieba divides by; ``lcut``/``lcut_for_search`` as jieba's."""

    def __init__(self, freq: dict[str, int], total: int) -> None:
        self.FREQ = freq
        self.total = total

    def load_userdict(self, path: str | Path) -> None:
        """jieba's ``load_userdict``: ``word [count] [tag]`` lines (a count is given in
        jixiao's file; jieba would estimate a missing one, which this refuses)."""
        for line in Path(path).read_text(encoding="utf-8").lstrip("\ufeff").splitlines():
            line = line.strip()
            if not line:
                continue
            match = _USER_LINE.match(line)
            assert match is not None  # (.+?) matches any non-empty line
            word, count, _tag = match.groups()
            if count is None:
                raise ValueError(f"{path}: {word!r} has no count")
            self.add_word(word, int(count))

    def add_word(self, word: str, count: int) -> None:
        self.FREQ[word] = count
        self.total += count
        for end in range(1, len(word) + 1):
            self.FREQ.setdefault(word[:end], 0)

    def lcut(self, sentence: str, HMM: bool = False) -> list[str]:
        _dictionary_only(HMM)
        return list(self._cut(sentence))

    def lcut_for_search(self, sentence: str, HMM: bool = False) -> list[str]:
        _dictionary_only(HMM)
        freq = self.FREQ
        out: list[str] = []
        for w in self._cut(sentence):
            if len(w) > 2:
                out.extend(w[i : i + 2] for i in range(len(w) - 1) if freq.get(w[i : i + 2]))
            if len(w) > 3:
                out.extend(w[i : i + 3] for i in range(len(w) - 2) if freq.get(w[i : i + 3]))
            out.append(w)
        return out

    def _cut(self, sentence: str) -> Iterator[str]:
        for block in _HAN.split(sentence):
            if not block:
                continue
            if _HAN.match(block):
                yield from self._cut_block(block)
                continue
            for piece in _SKIP.split(block):
                if _SKIP.match(piece):
                    yield piece
                else:
                    yield from piece

    def _cut_block(self, sentence: str) -> Iterator[str]:
        """jieba's ``__cut_DAG_NO_HMM``: the best route, single letters and digits joined."""
        route = self._route(sentence)
        n = len(sentence)
        x = 0
        buf = ""
        while x < n:
            y = route[x][1] + 1
            word = sentence[x:y]
            if len(word) == 1 and _ENG.match(word):
                buf += word
            else:
                if buf:
                    yield buf
                    buf = ""
                yield word
            x = y
        if buf:
            yield buf

    def _route(self, sentence: str) -> dict[int, tuple[float, int]]:
        """jieba's ``get_DAG`` and ``calc``: for each start, the end of the word on the most
        probable route (ties to the longer word, as jieba's tuple ``max``)."""
        freq = self.FREQ
        n = len(sentence)
        dag: dict[int, list[int]] = {}
        for k in range(n):
            ends = []
            i = k
            frag = sentence[k]
            while i < n and frag in freq:
                if freq[frag]:
                    ends.append(i)
                i += 1
                frag = sentence[k : i + 1]
            dag[k] = ends or [k]
        route: dict[int, tuple[float, int]] = {n: (0, 0)}
        logtotal = log(self.total)
        for idx in range(n - 1, -1, -1):
            route[idx] = max(
                (log(freq.get(sentence[idx : x + 1]) or 1) - logtotal + route[x + 1][0], x)
                for x in dag[idx]
            )
        return route


def _dictionary_only(hmm: bool) -> None:
    if hmm:
        raise ValueError("this segmenter cuts with the dictionary only (HMM=False)")
