"""Word lists kept as data: sections of white-space separated words in ``data/*.txt``.

Layouts and vocabularies change more often than code (a new province prints 已按期完成
where another prints 按时完成), so the lists are text files a reader can extend without
reading the rules that use them.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data")


def wordlist(text: str) -> frozenset[str]:
    """Words of a white-space separated list (how short lists are written inline)."""
    return frozenset(text.split())


@cache
def sections(name: str) -> dict[str, tuple[str, ...]]:
    """``{section: words in file order}`` of ``data/<name>``; ``#`` starts a comment."""
    out: dict[str, list[str]] = {}
    current: list[str] | None = None
    for raw in (DATA / name).read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            current = out.setdefault(line[1:-1], [])
        elif current is not None:
            current.extend(line.split())
    return {k: tuple(v) for k, v in out.items()}


# Tested character by character, not with a regular expression: ``re`` builds a class
# holding the ideograph range one code point at a time, about 2.5 ms a pattern at every
# start of jixiao.


def _ideograph(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"


def _latin_letter(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def has_word(text: str, also: str = "") -> bool:
    """Whether ``text`` holds a Chinese ideograph, a Latin letter or one of ``also``: the
    mark of a word among numbers and punctuation."""
    return any(_ideograph(ch) or _latin_letter(ch) or ch in also for ch in text)


def is_plain_word(text: str) -> bool:
    """Two or more ideographs, or two or more Latin letters, and nothing else."""
    return len(text) > 1 and (all(map(_ideograph, text)) or all(map(_latin_letter, text)))
