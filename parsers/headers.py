"""Recognise header cells by their wording, whatever the wrap or bracket width.

Header text in these reports varies in line breaks (年度主要支出\\n计划 vs 年度主要支\\n出计划),
bracket forms (（政策） vs (政策)) and small wording changes between departments, so cells
are compared after removing whitespace and brackets, by containment of a synonym.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping, Sequence
from functools import lru_cache
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

_NOISE = re.compile(r"[\s（）()【】\[\]：:]")


@lru_cache(maxsize=16384)
def header_key(text: str) -> str:
    """``text`` without whitespace, brackets and colons. Remembered: every layout's roles
    table asks it of the same cell texts again (340,000 calls over the warm set)."""
    return _NOISE.sub("", text)


#: :func:`match_role`'s answers: by the roles table's id (the table held, so that its id is
#: not reused while it stands, with its :class:`_Matcher`), then by text; at most
#: :data:`_ANSWERS_MAX` texts in all.
_ANSWERS: dict[
    int, tuple[Sequence[tuple[str, Sequence[str]]], dict[str, str | None], _Matcher]
] = {}
_ANSWERS_MAX = 16384
_answers_held = 0
_UNKNOWN = object()  # not answered yet (None is an answer)


def match_role(text: str, roles: Sequence[tuple[str, Sequence[str]]]) -> str | None:
    """The first role (in the given priority order) with a synonym contained in ``text``.

    Remembered per (text, roles): every layout's detector asks it of every header cell of
    every table, and most cells of a document repeat the same few headers. Found by the
    roles table's identity, not its value: a key holding the table hashed every synonym of
    it on each call, most of the cost of an answer already known (330,000 calls a warm set).
    A text not answered yet is matched by the table's :class:`_Matcher`, made with its
    entry: the table is hashed (to know it unchangeable) once then, not for every new text.
    """
    global _answers_held
    held = _ANSWERS.get(id(roles))
    if held is not None and held[0] is roles:
        answers = held[1]
        found = answers.get(text, _UNKNOWN)
        if found is not _UNKNOWN:
            return found  # type: ignore[return-value]
    else:
        try:
            hash(roles)
        except TypeError:  # roles given as lists (changeable): not remembered
            return _match_role(text, roles)
        held = _ANSWERS[id(roles)] = (roles, {}, _Matcher(_synonym_keys(roles)))
    if _answers_held >= _ANSWERS_MAX:  # a bounded memory: start afresh
        _ANSWERS.clear()
        _ANSWERS[id(roles)] = held = (roles, {}, held[2])
        _answers_held = 0
    found = held[1][text] = held[2].match(text)
    _answers_held += 1
    return found


def _match_role(text: str, roles: Sequence[tuple[str, Sequence[str]]]) -> str | None:
    try:
        keyed = _synonym_keys(roles)
    except TypeError:  # roles given as lists: normalise on every call
        keyed = _synonym_keys.__wrapped__(roles)
    return _Matcher(keyed).match(text)


class _Matcher:
    """A roles table's synonyms, normalised, and the characters they start with.

    Why the characters: most texts a table's cells are matched against name no role
    (numbers, names, sentences: 700 of 736 over 30 pages of a self-evaluation report), and
    a text holding none of the characters a synonym starts with contains no synonym,
    which one set test says (it cost a test of every synonym, about a hundred).
    """

    __slots__ = ("keyed", "starts")

    def __init__(self, keyed: tuple[tuple[str, tuple[str, ...]], ...]) -> None:
        self.keyed = keyed
        synonyms = [s for _, words in keyed for s in words]
        # An empty synonym is in every text: then no text is ruled out.
        self.starts = frozenset(s[0] for s in synonyms) if all(synonyms) else None

    def match(self, text: str) -> str | None:
        key = header_key(text)
        if not key or len(key) > 40:
            return None
        if self.starts is not None and self.starts.isdisjoint(key):
            return None
        # Loops, not any() over a generator: a generator made per role and resumed per
        # synonym, for the same answer (the first role with a synonym in the key).
        for role, synonyms in self.keyed:
            for synonym in synonyms:
                if synonym in key:
                    return role
        return None


@lru_cache(maxsize=64)
def _synonym_keys(
    roles: Sequence[tuple[str, Sequence[str]]],
) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Synonyms normalised once per role table: every header cell of every row is matched
    against them, so normalising them per cell was most of a long table's parse time."""
    return tuple((role, tuple(header_key(s) for s in synonyms)) for role, synonyms in roles)


Roles = tuple[tuple[str, tuple[str, ...]], ...]


def role_table(
    defaults: Mapping[str, Sequence[str]], extra: Mapping[str, Sequence[str]] | None = None
) -> Roles:
    """Roles in priority order with their synonyms, a user's extra wording added to each.

    Extra wording is tried before the defaults of the same role, so that a user can claim a
    header that a later default would otherwise give to another role only by naming it for
    a role that comes earlier; the order of roles stays the package's.
    """
    extra = extra or {}
    unknown = sorted(set(extra) - set(defaults))
    if unknown:
        raise ValueError(
            f"unknown header role(s) {', '.join(unknown)}; known roles: {', '.join(defaults)}"
        )
    return tuple(
        (role, (*tuple(extra.get(role, ())), *tuple(synonyms)))
        for role, synonyms in defaults.items()
    )


def load_synonyms(path: str | Path) -> dict[str, tuple[str, ...]]:
    """A user's header wording from TOML: ``role = ["wording", …]`` (see README)."""
    with Path(path).open("rb") as handle:
        data = tomllib.load(handle)
    out: dict[str, tuple[str, ...]] = {}
    for role, words in data.items():
        if isinstance(words, str):
            words = [words]
        if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
            raise ValueError(f"{path}: {role} must be a string or a list of strings")
        out[role] = tuple(words)
    return out
