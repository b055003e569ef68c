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
