"""Recognise header cells by their wording, whatever the wrap or bracket width.

Header text in these reports varies in line breaks (年度主要支出\\n计划 vs 年度主要支\\n出计划),
bracket forms (（政策） vs (政策)) and small wording changes between departments, so cells
are compared after removing whitespace and brackets, by containment of a synonym.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

_NOISE = re.compile(r"[\s（）()【】\[\]：:]")


def header_key(text: str) -> str:
    return _NOISE.sub("", text)


def match_role(text: str, roles: Sequence[tuple[str, Sequence[str]]]) -> str | None:
    """The first role (in the given priority order) with a synonym contained in ``text``."""
    key = header_key(text)
    if not key or len(key) > 40:
        return None
    for role, synonyms in roles:
        if any(header_key(s) in key for s in synonyms):
            return role
    return None
