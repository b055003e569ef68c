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


def header_key(text: str) -> str:
    return _NOISE.sub("", text)


#: :func:`match_role`'s answers: by the roles table's id (the table held, so that its id is
#: not reused while it stands), then by text; at most :data:`_ANSWERS_MAX` texts in all.
_ANSWERS: dict[int, tuple[Sequence[tuple[str, Sequence[str]]], dict[str, str | None]]] = {}
_ANSWERS_MAX = 16384
_answers_held = 0
_UNKNOWN = object()  # not answered yet (None is an answer)


def match_role(text: str, roles: Sequence[tuple[str, Sequence[str]]]) -> str | None:
    """The first role (in the given priority order) with a synonym contained in ``text``.

    Remembered per (text, roles): every layout's detector asks it of every header cell of
    every table, and most cells of a document repeat the same few headers. Found by the
    roles table's identity, not its value: a key holding the table hashed every synonym of
    it on each call, most of the cost of an answer already known (330,000 calls a warm set).
    """
    global _answers_held
    held = _ANSWERS.get(id(roles))
    if held is not None and held[0] is roles:
        answers = held[1]
        found = answers.get(text, _UNKNOWN)
        if found is not _UNKNOWN:
            return found  # type: ignore[return-value]
    try:
        hash(roles)
    except TypeError:  # roles given as lists (changeable): not remembered
        return _match_role(text, roles)
    if held is None or held[0] is not roles:
        held = _ANSWERS[id(roles)] = (roles, {})
    if _answers_held >= _ANSWERS_MAX:  # a bounded memory: start afresh
        _ANSWERS.clear()
        _ANSWERS[id(roles)] = held = (roles, {})
        _answers_held = 0
    found = held[1][text] = _match_role(text, roles)
    _answers_held += 1
    return found


def _match_role(text: str, roles: Sequence[tuple[str, Sequence[str]]]) -> str | None:
    key = header_key(text)
    if not key or len(key) > 40:
        return None
    try:
        keyed = _synonym_keys(roles)
    except TypeError:  # roles given as lists: normalise on every call
        keyed = _synonym_keys.__wrapped__(roles)
    for role, synonyms in keyed:
        if any(s in key for s in synonyms):
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
