"""Outcomes stated in words: does the actual say the target was reached? (RUBRIC.md R6, R7)

Most 自评表 actuals are words, not numbers: ``已完成``, ``达到要求``, ``符合``, ``是``, or the
target restated. Others deny it: ``完成部分目标``, ``未交付使用``, ``暂未完工``. The
vocabulary is data (``data/stated_outcomes.txt``); the rules here only decide in which
order it is consulted, so that a denial always wins over an affirmation in the same cell
(``暂未完工开诊，开诊后可完成目标`` holds 完成 but says "not yet"), a negated bad thing
affirms (``未超标准`` meets ``不超标准``), and a future or a hedge (``将提升``, ``基本满意``)
decides nothing.

Words are jieba words of the private tokenizer (:func:`jixiao.parsers.quantity.tokenize`),
so ``将`` in ``将提升`` is a word but ``将`` inside ``将军`` is not.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .quantity import canonical_text, parse_quantities, tokenize
from .words import is_plain_word, sections

__all__ = ["Stated", "denial", "judge_words", "restates", "spending_word"]

_WORDS = {k: frozenset(v) for k, v in sections("stated_outcomes.txt").items()}
_DENY = sorted(_WORDS["deny"], key=len, reverse=True)
_PUNCT = re.compile(r"[\s,.;:!?，。；：！？、\"'“”‘’()（）\[\]【】《》<>—\-_~·/]+")
_LEADING = re.compile(r"^(?:已经|均已|全部|均|已|都|全面|按要求|按计划|目前已|目前)+")
_RESTATE_SHARE = 0.75


@dataclass(frozen=True)
class Stated:
    status: str  # met, not_met, unclear
    reason: str


def _bare(text: str) -> str:
    return _PUNCT.sub("", canonical_text(text))


def _tokens(text: str) -> list[str]:
    return [t for t in tokenize(canonical_text(text)) if t.strip()]


def _content_words(text: str) -> set[str]:
    return {t for t in _tokens(text) if is_plain_word(t) and t not in _WORDS["affirm"]}


def restates(target: str, actual: str) -> bool:
    """Does the actual repeat the target: one contains the other, or the actual holds
    three quarters of the target's words (``有效提高`` → ``有效提高项目进度``)?"""
    t, a = _bare(target), _bare(actual)
    if len(t) >= 2 and len(a) >= 2 and (t in a or a in t):
        return True
    quoted = re.findall(r"[“\"《]([^”\"》]{2,})[”\"》]", canonical_text(target))
    if quoted and all(q in canonical_text(actual) for q in quoted):
        return True
    words = _content_words(target)
    return len(words) >= 2 and len(words & _content_words(actual)) / len(words) >= _RESTATE_SHARE


def _negated_bad(tokens: list[str]) -> str | None:
    """``未超标准`` / ``无安全事故发生``: a negator followed by a bad thing."""
    for first, second in itertools.pairwise(tokens):
        if first in _WORDS["negator"] and any(second.startswith(b) for b in _WORDS["bad"]):
            return first + second
    return None


def _direction(text: str) -> str | None:
    for kind in ("flat", "down", "up"):
        word = next((w for w in _WORDS[kind] if w in text), None)
        if word is not None:
            return kind
    return None


def _is_nothing_target(target: str) -> bool:
    bare = _bare(target)
    if bare.startswith(("无", "零", "不", "未", "没有")) or bare in {"0", "0%"}:
        return True
    return any(q.value == 0 for q in parse_quantities(target))


def denial(actual: str) -> str | None:
    """The word of the actual that says the target was not reached, if any."""
    bare = _bare(actual)
    if bare in _WORDS["deny_whole"]:
        return bare
    return next((w for w in _DENY if w in bare), None)


def judge_words(
    target: str, actual: str, indicator: str | None = None, *, quantified: bool = False
) -> Stated | None:
    """Judge an actual by its words; ``None`` when the words decide nothing.

    ``quantified``: the target is a number (``≥95%``), so only a short status phrase
    (``达到要求``) can confirm it, not a sentence of praise.
    """
    bare_a = _bare(actual)
    tokens = _tokens(actual)
    core = _LEADING.sub("", bare_a)
    if bare_a in _WORDS["nothing"]:
        if _is_nothing_target(target):
            return Stated("met", f"actual {actual.strip()} meets a 无-type target")
        if any(w in (indicator or "") + target for w in _WORDS["deviation"]):
            return Stated("unclear", f"{bare_a}: no deviation or no data, the page does not say")
        if quantified:
            return Stated("not_met", f"actual {bare_a} for a target of {_bare(target)}")
        return None
    negated = _negated_bad(tokens)
    if negated is not None:
        return Stated("met", f"actual states {negated}")
    word = denial(actual)
    if word is not None:
        return Stated("not_met", f"actual states {word}")
    t_dir, a_dir = _direction(_bare(target)), _direction(bare_a)
    if t_dir and a_dir and t_dir != a_dir:
        return Stated("not_met", f"target goes {t_dir}, actual {a_dir}: {bare_a}")
    if bare_a in _WORDS["affirm"] or core in _WORDS["affirm"]:
        return Stated("met", f"actual states {bare_a}")
    future = next((t for t in tokens if t in _WORDS["future"]), None)
    if future is not None:
        return Stated("unclear", f"actual speaks of the future or a contribution ({future})")
    hedge = next((w for w in _WORDS["hedge"] if w in bare_a and w not in _bare(target)), None)
    if hedge is not None:
        return Stated("unclear", f"actual is hedged ({hedge})")
    if quantified:
        return None
    if restates(target, actual):
        return Stated("met", "actual restates the target")
    affirm = next((t for t in tokens if t in _WORDS["affirm_in_sentence"]), None)
    if affirm is not None:
        return Stated("met", f"actual states {affirm}")
    return None


def spending_word(text: str | None, *, money: bool = True) -> str | None:
    """The word marking an indicator as spending (RUBRIC.md R4), unless it is income.

    ``money``: the amounts carry a money unit, so purchase verbs (采购, 购置) count too;
    without one only money nouns (成本, 经费 …) make a bare number an amount spent.
    """
    if not text or any(w in text for w in _WORDS["income"]):
        return None
    words = _WORDS["spending"] | (_WORDS["purchase"] if money else frozenset())
    return next((w for w in sorted(words) if w in text), None)
