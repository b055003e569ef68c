"""Was a target met? The assessment stage, run once over every record after layout parsing.

Analysts read met / not met first, so every record gets a ``status`` with a one-line
``reason`` per check, and every check says on what it rests (``basis``):

* ``numeric`` -- numbers were compared (quantities, percentages, money, dates);
* ``stated`` -- the actual's words confirm or deny the target, or restate it;
* ``none`` -- nothing decided it.

Record statuses: ``met``, ``not_met``, ``unclear`` (the actual answers but does not decide:
an interval straddling the bound, an under-spent budget line, praise against a number),
``qualitative`` (no actual printed at all) and ``target_only`` (forms without an actual
column, e.g. 绩效目标表). Until schema 1.4 ``qualitative`` also covered targets without a
number and ``partly``/``unknown`` existed; those are now decided by words or ``unclear``.
The rules, with the cases they were written for, are ``tests/truth/judged/RUBRIC.md``.

Order of the rules (the first that decides wins):

1. no actual → ``qualitative``; no target → ``unclear``;
2. the actual repeats the target → ``met``;
3. the actual's words deny it (未完成, 完成部分目标, 暂未完工 …) → ``not_met``;
4. quantities (pairing below) → met / not_met / unclear;
5. dates (:mod:`jixiao.parsers.deadline`) → met / not_met;
6. ``100%`` for a target that is no percentage (a batch, a list, a period) → ``met``;
7. the actual's words (:mod:`jixiao.parsers.stated`) → met / not_met / unclear;
8. otherwise ``unclear``.

Pairing quantities (why it is cautious)
--------------------------------------
* Units must agree: equal after normalisation (平米 = 平方米), or both money (compared in
  万元, so 元/万元/亿元 mix freely). 人次 and 人 are different things. A few classifier
  groups (场/场次/次, 个/项, 人/名/位, 本/部/册, ``X/年`` with ``X``) may pair only when the
  subjects clearly agree, and the reason says the units were treated as equivalent.
  An actual printed without unit or magnitude takes the target's (``4157万`` → ``4173``
  is 4173万; ``180万元`` → ``60`` is 60万元), and the reason says so.
* Subjects decide among same-unit candidates: jieba search-mode words of both subjects,
  minus generic verbs and fillers (建设, 开展, 完成, 数量 ...), scored by overlap. A pair
  whose subjects share no word is refused unless one side has no subject at all (``7项。``
  → ``7项。``); a pair whose subjects contradict each other on a known axis (申请 vs 授权,
  省级 vs 国家级, 线上 vs 线下 ...) is always refused. Such targets become ``unmatched`` with
  the rejected candidate named in the reason -- never silently ``met``.
* Ties fall back to reading order (the i-th target of a unit goes to the i-th actual).

Judging a pair
--------------
The target becomes a one-sided predicate: explicit comparators keep their meaning; a bare
number (or 约/达到/range) means ``≥`` for normal indicators and ``≤`` for reverse ones (the
indicator or clause mentions 成本, 费用, 投诉, 事故, 差错, 发生率, 时长 ..., or 指标性质 says
反向). A 余/多 target counts from its lower bound (``60余项`` is met by 60). ``350人（±10%）``
is the range 315–385. The actual becomes an interval: a point for a bare number,
``[v, upper)`` for 余/多, ``[v, ∞)`` for 以上/不少于, ``(v, ∞)`` for 超过/逾, ``[0.9v, v)`` for
近 (nearly), the closed range for ``A-B``; 约/左右 are read as the number itself and flagged.
The check is ``met`` when the whole interval satisfies the predicate, ``not_met`` when none
of it does, and ``unclear`` when the interval straddles the bound.

Money that is spent (支出, 经费, 投资, 资金, 预算, 成本, 费用 … or 二级指标 成本指标) has its
own direction: spending up to a cap (``≤1095万元``) is met and above it not met; a plain
planned amount spent exactly is met, over-spent not met, and under-spent ``unclear`` with
the execution ratio in the reason -- a saving and an unfinished job look the same.

Self-assessment
---------------
Every 自评表 row has 分值 and 得分. ``self_score_ratio`` is 得分/分值; ``consistency``
compares it with the status: ``claims_more`` when the department gave itself at least
95% of the points where the numbers or words say ``not_met``; ``claims_less`` when it lost
points where jixiao finds ``met``; ``agrees`` otherwise; null when there is no score or no
decided status.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Protocol

from ..extract.model import Notice, Table
from .deadline import compare_dates
from .quantity import (
    MAGNITUDES,
    MONEY_UNITS,
    Quantity,
    canonical_text,
    mask_non_quantities,
    parse_quantities,
    search_tokens,
    split_clauses,
)
from .stated import denial, judge_words, spending_word
from .words import has_word, wordlist

__all__ = [
    "Assessment",
    "Check",
    "assess",
    "assess_record",
    "assess_records",
    "consistency",
    "is_target_only",
    "self_score_ratio",
]


@dataclass(frozen=True)
class Check:
    """One sub-target judged, with what the verdict rests on.

    ``status``: met, not_met, unclear, unmatched (a target quantity no actual could be
    paired with), qualitative (no actual) or target_only. ``basis``: numeric, stated, none.
    ``target``/``actual`` are the paired quantities of a numeric check, else ``None``.
    """

    target: Quantity | None
    actual: Quantity | None
    status: str
    reason: str
    basis: str = "none"


@dataclass
class Assessment:
    """The verdict for one record; field names are the output's Record fields."""

    targets: list[Quantity]
    actuals: list[Quantity]
    checks: list[Check]
    status: str
    basis: str = "none"
    self_score_ratio: Decimal | None = None
    consistency: str | None = None


REVERSE_WORDS = (
    "成本", "费用", "投诉", "事故", "差错", "发生率", "时长", "故障率", "失误率", "误差率",
    "超支", "违规", "违纪", "案发率", "死亡率", "逾期",
)  # fmt: skip
_REVERSE_OPS = ("≤", "<=", "不超过", "不高于", "控制在", "以内", "以下")

_LOOSE_GROUPS: tuple[frozenset[str], ...] = (
    frozenset({"场", "场次", "次"}),
    frozenset({"个", "项"}),
    frozenset({"人", "名", "位"}),
    frozenset({"本", "部", "册"}),
)
_CONTRAST_GROUPS: tuple[tuple[str, ...], ...] = (
    ("申请", "授权", "受理"),
    ("申报", "获批"),
    ("立项", "结题", "验收"),
    ("国家级", "省级", "市级", "区级", "校级", "院级"),
    ("线上", "线下"),
    ("参赛", "获奖"),
    ("招生", "毕业", "就业"),
    ("新增", "累计"),
    ("收入", "支出"),
    ("论文", "著作", "专著", "教材"),
)
_GENERIC = wordlist(
    """建设 开展 完成 推动 提升 新增 打造 制作 举办 组织 实施 形成 建成 支持 实现 进行 加强
    全年 年度 全面 数量 个数 次数 人数 总数 总量 各类 各项 相关 已 共 共计 累计 达到 达 为 在
    的 和 及 与 等 了 对 各 类 年 预计 预期 约 并 或 个 项 将 由 于 以 其 中 之 把 被 从 向
    到 是 有 按 所 该 此 每 全 总 工作 情况 任务 主要 进一步 有效 积极 推进 完善 加大 通过
    维持 正常 运作 开放 拟 可 计划 实际"""
)
# Verbs that name the same act; folded to the first word before subjects are compared.
_SYNONYMS = {w: group[0] for group in (("购置", "采购", "购买", "购入"),) for w in group}
_LOOSE_MIN_SCORE = 0.3
_CONTEXT_WEIGHT = 0.5
_UNIT_WORDS = frozenset({"人次", "场次", "篇次", "人天", "学时", "平方米", "平米", "万元", "亿元"})
_NEAR_LOWER = Decimal("0.9")


# --------------------------------------------------------------------------- helpers


def _fmt(d: Decimal | None) -> str:
    if d is None:
        return "?"
    text = format(d.normalize(), "f")
    return text if text != "-0" else "0"


def _is_money(q: Quantity) -> bool:
    return q.unit in MONEY_UNITS


def _show(q: Quantity) -> str:
    """A short surface form of a quantity for reasons: 230余人次, ≥35个, 87.85亿元以上."""
    unit = q.unit or ""
    num = _fmt(q.value)
    if not unit and q.magnitude in MAGNITUDES and q.value is not None and q.op != "range":
        unit = q.magnitude  # 4173万 rather than 41730000: as a reader writes it
        num = _fmt(q.value / MAGNITUDES[q.magnitude])
    if q.op == "range":
        return f"{num}-{_fmt(q.upper)}{unit}"
    if q.approx in {"余", "多"}:
        return f"{'逾' if q.op == '>' else ''}{_hedged(q)}{q.unit or ''}"
    if q.approx in {"以上", "以下", "以内", "左右", "上下"}:
        return f"{num}{unit}{q.approx}"
    if q.approx:
        return f"{q.approx}{num}{unit}"
    symbol = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}.get(q.op, "")
    return f"{symbol}{num}{unit}"


def _hedged(q: Quantity) -> str:
    """The number and its 余/多 as the document wrote them, 1.6万多 and 10多万: a reason
    quotes the page, and 16000多 is printed nowhere."""
    if q.magnitude not in MAGNITUDES or _is_money(q) or q.value is None:
        return f"{_fmt(q.value)}{q.approx}"
    scaled = _fmt(q.value / MAGNITUDES[q.magnitude])
    before = f"{scaled}{q.approx}{q.magnitude}"  # 10多万: the hedge on the digits
    return before if before in q.text else f"{scaled}{q.magnitude}{q.approx}"


def _with_unit(value: Decimal | None, q: Quantity) -> str:
    """A bound in the quantity's own writing: 4157万, not 41570000."""
    if q.unit is None and q.magnitude in MAGNITUDES and value is not None:
        return f"{_fmt(value / MAGNITUDES[q.magnitude])}{q.magnitude}"
    return f"{_fmt(value)}{q.unit or ''}"


def _words(subject: str | None) -> frozenset[str]:
    if not subject:
        return frozenset()
    return frozenset(
        _SYNONYMS.get(w, w) for w in search_tokens(subject) if has_word(w) and w not in _GENERIC
    )


def _context_words(clause: str) -> frozenset[str]:
    """Words of a whole clause that can identify it: two characters or more, no units."""
    return frozenset(
        w for w in _words(clause) if len(w) >= 2 and w not in _UNIT_WORDS and w[0] not in "万亿千"
    )


def _jaccard(x: frozenset[str], y: frozenset[str]) -> float:
    return len(x & y) / len(x | y) if x and y else 0.0


def _similarity(t: Quantity, a: Quantity, t_ctx: str, a_ctx: str) -> tuple[float, bool]:
    """(score, either side lacks a meaningful subject).

    Subjects first; when they share no word, the whole clauses are compared at half
    weight, because a segment's subject can miss the clause head it depends on
    (``开展专家校园行活动为1.6万多名青少年开展科普讲座60场``: the 60场 are the 校园行 ones).
    """
    tw, aw = _words(t.subject), _words(a.subject)
    if not tw or not aw:
        return 0.0, True
    score = _jaccard(tw, aw)
    if score == 0:
        score = _CONTEXT_WEIGHT * _jaccard(_context_words(t_ctx), _context_words(a_ctx))
    return score, False


def _contrast(t: Quantity, a: Quantity) -> tuple[str, str] | None:
    """Words showing that target and actual count different things (申请 vs 授权)."""
    ts, as_ = t.subject or "", a.subject or ""
    for group in _CONTRAST_GROUPS:
        in_t = {w for w in group if w in ts}
        in_a = {w for w in group if w in as_}
        if in_t and in_a and not in_t & in_a:
            return "/".join(sorted(in_t, key=group.index)), "/".join(sorted(in_a, key=group.index))
    return None


def _unit_fit(t: Quantity, a: Quantity) -> str | None:
    """ "exact", "loose" or None (incomparable)."""
    if _is_money(t) and _is_money(a):
        return "exact"
    if _is_money(t) or _is_money(a):
        return None
    if t.unit == a.unit:
        return "exact"
    if t.unit is None or a.unit is None:
        return None
    tu, au = t.unit.removesuffix("/年"), a.unit.removesuffix("/年")
    if tu == au:
        return "loose"
    if any(tu in g and au in g for g in _LOOSE_GROUPS):
        return "loose"
    return None


def _nature_direction(nature: str | None) -> str | None:
    """``反向`` / ``正向`` of a 指标性质 column ("reverse" / "normal"), else ``None``."""
    text = canonical_text(nature or "")
    if "反向" in text or "越小越好" in text:
        return "reverse"
    if "正向" in text or "越大越好" in text:
        return "normal"
    return None


def _reverse_word(indicator: str | None, t: Quantity, direction: str | None = None) -> str | None:
    """Why lower is better for this target, if it is a reverse indicator."""
    if direction == "reverse":
        return "指标性质 反向"
    if direction == "normal":
        return None
    for text in (t.text, t.subject or "", indicator or ""):
        for word in REVERSE_WORDS:
            if word in text:
                return word
    masked = mask_non_quantities(t.text)  # so 32岁以下 does not read as 以下
    for word in _REVERSE_OPS:
        if word in masked:
            return word
    return None


# --------------------------------------------------------------------------- judging

_Interval = tuple[Decimal | None, bool, Decimal | None, bool]  # lo, lo closed, hi, hi closed
_SYMBOL = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}
_NEGATED = {">=": "<", ">": "≤", "<=": ">", "<": "≥"}


def _numbers(q: Quantity) -> tuple[Decimal | None, Decimal | None]:
    if _is_money(q):
        return q.value_wan, q.upper_wan
    return q.value, q.upper


def _predicate(t: Quantity, reverse: bool) -> tuple[str, Decimal, Decimal | None]:
    """(kind, bound in comparison units, bound in the target's own unit)."""
    value, upper = _numbers(t)
    assert value is not None
    if t.op in {">=", ">", "<=", "<"}:
        return t.op, value, t.value
    if t.op == "range" and reverse and upper is not None:
        return "<=", upper, t.upper
    return ("<=" if reverse else ">="), value, t.value


def _interval(a: Quantity, *, own_unit: bool = False) -> tuple[_Interval, str | None]:
    """The set of values the actual allows, and a note when it was read loosely.

    Money is in 万元 unless ``own_unit`` (used only to show the interval as written).
    """
    value, upper = (a.value, a.upper) if own_unit else _numbers(a)
    assert value is not None
    if a.op == "range" and upper is not None:
        return (value, True, upper, True), None
    if a.op in {">=", ">"}:
        closed = a.op == ">="
        return (value, closed, upper, False), None
    if a.op == "<=":
        return (None, False, value, True), None
    if a.op == "<":
        return (None, False, value, False), None
    if a.op == "~" and a.approx in {"近", "将近", "接近"}:
        return (value * _NEAR_LOWER, True, value, False), f"{a.approx} read as [0.9×, ×)"
    if a.op == "~":
        return (value, True, value, True), f"{a.approx or '~'} read as the number itself"
    return (value, True, value, True), None


def _verdict(kind: str, bound: Decimal, iv: _Interval) -> str:
    """ "all", "none" or "some" of the interval satisfies ``x <kind> bound``."""
    lo, lo_c, hi, hi_c = iv
    if kind == ">=":
        if lo is not None and lo >= bound:
            return "all"
        if hi is not None and (hi < bound or (hi == bound and not hi_c)):
            return "none"
    elif kind == ">":
        if lo is not None and (lo > bound or (lo == bound and not lo_c)):
            return "all"
        if hi is not None and hi <= bound:
            return "none"
    elif kind == "<=":
        if hi is not None and hi <= bound:
            return "all"
        if lo is not None and (lo > bound or (lo == bound and not lo_c)):
            return "none"
    elif kind == "<":
        if hi is not None and (hi < bound or (hi == bound and not hi_c)):
            return "all"
        if lo is not None and lo >= bound:
            return "none"
    return "some"


def _show_interval(iv: _Interval) -> str:
    lo, lo_c, hi, hi_c = iv
    left = ("[" if lo_c else "(") + (_fmt(lo) if lo is not None else "-∞")
    right = (_fmt(hi) if hi is not None else "∞") + ("]" if hi_c else ")")
    return f"{left}, {right}"


def _spending(t: Quantity, a: Quantity, context: str) -> str | None:
    """The spending word when this pair is money that is spent (RUBRIC.md R4)."""
    money = _is_money(t) and _is_money(a)
    if not money and (t.unit is not None or a.unit is not None):
        return None
    return spending_word(context, money=money) or spending_word(t.subject, money=money)


def _judge_spending(t: Quantity, a: Quantity, word: str, notes: list[str]) -> Check | None:
    """A money pair on a spending indicator; ``None`` when the usual rules apply (caps)."""
    if t.op not in {"=", "~"} or a.op not in {"=", "~"}:
        return None
    planned, spent = _numbers(t)[0], _numbers(a)[0]
    if planned is None or spent is None or planned <= 0:
        return None
    shown = f"{_show(a)} spent of {_show(t)} planned ({word})"
    extra = f" ({'; '.join(notes)})" if notes else ""
    if spent == planned:
        return Check(t, a, "met", f"{shown}: as planned{extra}", "numeric")
    ratio = (spent / planned * 100).quantize(Decimal("0.1"))
    if spent > planned:
        return Check(t, a, "not_met", f"{shown}: over plan, {ratio}% executed{extra}", "numeric")
    return Check(
        t,
        a,
        "unclear",
        f"{shown}: {ratio}% executed -- a saving or an unfinished job, the page does not say"
        f"{extra}",
        "numeric",
    )


def _judge(
    t: Quantity,
    a: Quantity,
    indicator: str,
    notes: list[str],
    direction: str | None = None,
    level2: str | None = None,
) -> Check:
    word = _spending(t, a, indicator) or _spending(t, a, level2 or "")
    if word is not None:
        check = _judge_spending(t, a, word, _inherited(a, notes))
        if check is not None:
            return check
    reverse = _reverse_word(indicator, t, direction) if t.op in {"=", "~", "range"} else None
    if word is not None and t.op in {"=", "~", "range"}:
        reverse = reverse or word
    kind, bound, own_bound = _predicate(t, reverse is not None)
    iv, note = _interval(a)
    verdict = _verdict(kind, bound, iv)
    if t.op == "range" and reverse is None:
        verdict = _in_range(t, iv, verdict)
    lo, _, hi, _ = iv
    shown_a = _show(a)
    if not (lo is not None and lo == hi):
        own_iv, _ = _interval(a, own_unit=True)
        shown_a = f"{shown_a} ∈ {_show_interval(own_iv)}"
    shown_t = _with_unit(own_bound, t)
    if t.op == "range" and reverse is None:
        shown_t = _show(t)
        kind_shown = "within" if verdict == "all" else "outside"
        status = {"all": "met", "none": "not_met"}.get(verdict, "unclear")
        reason = f"{shown_a} {kind_shown if status != 'unclear' else 'straddles'} {shown_t}"
    elif verdict == "all":
        status, reason = "met", f"{shown_a} {_SYMBOL[kind]} {shown_t}"
    elif verdict == "none":
        status, reason = "not_met", f"{shown_a} {_NEGATED[kind]} {shown_t}"
    else:
        status = "unclear"
        reason = f"{shown_a} straddles {_SYMBOL[kind]} {shown_t}; cannot confirm either way"
    extra = list(notes)
    if _is_money(t) and t.unit != a.unit:
        extra.append(f"compared in 万元: {_fmt(a.value_wan)} vs {_fmt(t.value_wan)}")
    if reverse is not None and kind in {"<=", "<"}:
        extra.append(f"reverse indicator ({reverse}): lower is better")
    if t.approx in {"余", "多"}:
        extra.append(f"target {_show(t)} counted from its lower bound")
    if note:
        extra.append(note)
    for q, who in ((t, "target"), (a, "actual")):
        if q.inferred:
            extra.append(f"{who} {q.inferred}")
    if extra:
        reason = f"{reason} ({'; '.join(extra)})"
    return Check(t, a, status, reason, "numeric")


def _in_range(t: Quantity, iv: _Interval, verdict: str) -> str:
    """A range target (``5%-10%``, ``350人（±10%）``) is met inside it, missed outside."""
    low, high = _numbers(t)
    if low is None or high is None:
        return verdict
    above = _verdict(">=", low, iv)
    below = _verdict("<=", high, iv)
    if above == "all" and below == "all":
        return "all"
    if above == "none" or below == "none":
        return "none"
    return "some"


def _inherited(a: Quantity, notes: list[str]) -> list[str]:
    return [*notes, f"actual {a.inferred}"] if a.inferred else notes


def _inherit_units(targets: list[Quantity], actuals: list[Quantity]) -> list[Quantity]:
    """An actual printed without unit (and magnitude) takes the target's: ``4157万`` →
    ``4173`` is 4173万, ``1.2万人`` → ``0.4`` is 0.4万人, ``180万元`` → ``60`` is 60万元.
    Only when all targets agree on one unit and magnitude, so the guess has one answer."""
    kinds = {(t.unit, t.magnitude if t.unit not in MONEY_UNITS else None) for t in targets}
    if len(kinds) != 1:
        return actuals
    ((unit, magnitude),) = kinds
    if unit is None and magnitude is None:
        return actuals
    out = []
    for a in actuals:
        if a.unit is not None or a.inferred or (a.magnitude is not None and unit is None):
            out.append(a)
            continue
        if unit in MONEY_UNITS and a.magnitude is not None and a.value is not None:
            out.append(_as_money(a))
            continue
        factor = MAGNITUDES.get(magnitude, Decimal(1)) if a.magnitude is None else Decimal(1)
        value = a.value * factor if a.value is not None else None
        upper = a.upper * factor if a.upper is not None else None
        scale = MONEY_UNITS.get(unit or "")
        written = f"{magnitude or ''}{unit or ''}" if a.magnitude is None else unit or ""
        out.append(
            replace(
                a,
                value=value,
                upper=upper,
                unit=unit,
                magnitude=a.magnitude or magnitude,
                value_wan=value * scale if scale is not None and value is not None else None,
                upper_wan=upper * scale if scale is not None and upper is not None else None,
                inferred=f"unit {written} {_INHERITED}",
            )
        )
    return out


def _as_money(a: Quantity) -> Quantity:
    """``378.27万`` under a target in 万元: the magnitude is the money's (378.27 万元)."""
    assert a.value is not None and a.magnitude is not None
    factor = MAGNITUDES[a.magnitude]
    unit = f"{a.magnitude}元"
    if unit not in MONEY_UNITS:
        return a
    value = a.value / factor
    upper = a.upper / factor if a.upper is not None else None
    scale = MONEY_UNITS[unit]
    return replace(
        a,
        value=value,
        upper=upper,
        unit=unit,
        value_wan=value * scale,
        upper_wan=upper * scale if upper is not None else None,
        inferred=f"unit {unit}: {a.magnitude} as printed, 元 {_INHERITED}",
    )


# --------------------------------------------------------------------------- pairing


def _contexts(text: str, quantities: list[Quantity]) -> list[str]:
    """The clause each quantity was read from (its segment text lies inside it)."""
    clauses = split_clauses(text)
    return [next((c for c in clauses if q.text in c), q.text) for q in quantities]


def _pair(
    targets: list[Quantity],
    actuals: list[Quantity],
    indicator: str | None,
    t_ctx: list[str],
    a_ctx: list[str],
    direction: str | None = None,
    level2: str | None = None,
) -> list[Check]:
    candidates: list[tuple[tuple[float | Fraction, ...], int, int, list[str]]] = []
    refused: dict[int, list[str]] = {i: [] for i in range(len(targets))}
    nt, na = len(targets), len(actuals)
    for i, t in enumerate(targets):
        for j, a in enumerate(actuals):
            fit = _unit_fit(t, a)
            if fit is None:
                continue
            clash = _contrast(t, a)
            if clash is not None:
                refused[i].append(f"{_show(a)} ({a.subject}) counts {clash[1]}, not {clash[0]}")
                continue
            score, blank = _similarity(t, a, t_ctx[i], a_ctx[j])
            notes: list[str] = []
            if fit == "loose":
                if blank or score < _LOOSE_MIN_SCORE:
                    refused[i].append(f"{_show(a)} has another unit ({a.unit} vs {t.unit})")
                    continue
                notes.append(f"units {t.unit} and {a.unit} treated as equivalent")
            elif not blank and score == 0 and not (nt == na == 1 and _is_money(t)):
                # one amount against one amount is the row's budget line whatever the words
                # (资金投入 ≤1095万元 → 实际支付1392.20万元); counts need a shared word
                refused[i].append(f"{_show(a)} ({a.subject}) counts something else")
                continue
            # exact, so that equal distances tie and reading order decides (in floats
            # |1/3 - 1/2| and |2/3 - 1/2| differ in the last bit)
            distance = abs(Fraction(i, max(nt, 1)) - Fraction(j, max(na, 1)))
            key = (1.0 if fit == "exact" else 0.0, score, -distance, -i, -j)
            candidates.append((key, i, j, notes))
    candidates.sort(key=lambda c: c[0], reverse=True)
    paired: dict[int, tuple[int, list[str]]] = {}
    used: set[int] = set()
    for _, i, j, notes in candidates:
        if i in paired or j in used:
            continue
        paired[i] = (j, notes)
        used.add(j)
    checks = []
    for i, t in enumerate(targets):
        if i in paired:
            j, notes = paired[i]
            checks.append(_judge(t, actuals[j], indicator or "", notes, direction, level2))
            continue
        if refused[i]:
            reason = f"no matching actual for {_show(t)}: " + "; ".join(refused[i][:3])
        elif any(_unit_fit(t, a) for a in actuals):
            reason = f"no matching actual for {_show(t)}: same-unit actuals paired elsewhere"
        else:
            reason = f"no actual in {t.unit or 'the same unit'} for {_show(t)}"
        checks.append(Check(t, None, "unmatched", reason, "none"))
    return checks


def _overall(checks: list[Check]) -> str | None:
    """The record status from numeric checks; ``None`` when no quantity could be paired."""
    statuses = [c.status for c in checks]
    if not statuses or all(s == "unmatched" for s in statuses):
        return None
    if "not_met" in statuses:
        return "not_met"
    if all(s == "met" for s in statuses):
        return "met"
    return "unclear"


def _decided(targets: list[Quantity], actuals: list[Quantity], checks: list[Check]) -> Assessment:
    status = "unclear"
    statuses = {c.status for c in checks}
    if "not_met" in statuses:
        status = "not_met"
    elif len(statuses) == 1 and "unmatched" not in statuses:
        (status,) = statuses
    bases = {c.basis for c in checks}
    basis = next((b for b in ("numeric", "stated") if b in bases), "none")
    return Assessment(targets, actuals, checks, status, basis)


def _one(
    targets: list[Quantity], actuals: list[Quantity], status: str, reason: str, basis: str
) -> Assessment:
    return _decided(targets, actuals, [Check(None, None, status, reason, basis)])


_DIGIT = re.compile(r"\d|分之")
_FULL = Decimal(100)


def _fold(text: str) -> str:
    """Compare texts as a reader does: width, white space and bracket style ignored."""
    return re.sub(r"[\s()\[\]{}【】〔〕]", "", canonical_text(text))


def _percent_only(quantities: list[Quantity]) -> bool:
    return bool(quantities) and all(q.unit == "%" for q in quantities)


def _repeated(
    targets: list[Quantity],
    actuals: list[Quantity],
    target: str,
    indicator: str | None,
    nature: str | None,
    level2: str | None,
) -> Assessment:
    """The actual repeats the target: met, on the numbers when there are any. The numbers
    are still compared so the reasons read as usual; a repeated hedge (``近百名`` twice)
    that would not compare as met is met because it is the same claim."""
    if targets and len(targets) == len(actuals):
        checks = _pair(
            targets,
            actuals,
            indicator,
            _contexts(target, targets),
            _contexts(target, actuals),
            _nature_direction(nature),
            level2,
        )
        if any(c.status != "met" for c in checks):
            checks = [
                Check(t, a, "met", f"actual repeats the target ({_show(t)})", "numeric")
                for t, a in zip(targets, actuals, strict=True)
            ]
        return _decided(targets, actuals, checks)
    basis = "numeric" if _DIGIT.search(canonical_text(target)) else "stated"
    return _one(targets, actuals, "met", "actual repeats the target", basis)


def assess(
    target: str | None,
    actual: str | None,
    indicator: str | None = None,
    *,
    nature: str | None = None,
    unit: str | None = None,
    level2: str | None = None,
) -> Assessment:
    """Judge a target cell against its actual cell.

    ``indicator`` and ``level2`` (二级指标) help spot reverse and spending indicators;
    ``nature`` (指标性质: ``≥``, ``≤``, ``正向``, ``反向``, ``定性`` …) and ``unit``
    (度量单位) are the row's own columns, read together with a bare-number target.
    """
    target = target if isinstance(target, str) else None
    actual = actual if isinstance(actual, str) else None
    targets = parse_quantities(target or "", nature=nature, unit=unit)
    actuals = parse_quantities(actual or "", unit=unit)
    if not (actual and actual.strip()):
        why = (
            "no actual printed"
            if target and target.strip()
            else "neither target nor actual printed"
        )
        return _one(targets, actuals, "qualitative", why, "none")
    if not (target and target.strip()):
        return _one(targets, actuals, "unclear", "no target printed", "none")
    if _fold(target) == _fold(actual):
        return _repeated(targets, actuals, target, indicator, nature, level2)
    word = denial(actual)
    if word is not None:
        return _one(targets, actuals, "not_met", f"actual states {word}", "stated")
    unmatched: list[Check] = []
    if targets and actuals:
        actuals = _inherit_units(targets, actuals)
        checks = _pair(
            targets,
            actuals,
            indicator,
            _contexts(target, targets),
            _contexts(actual, actuals),
            _nature_direction(nature),
            level2,
        )
        status = _overall(checks)
        unmatched = checks
        if status is not None:
            result = _decided(targets, actuals, checks)
            result.status = status
            return result
    dates = compare_dates(target, actual)
    if dates is not None:
        met, reason = dates
        return _one(targets, actuals, "met" if met else "not_met", reason, "numeric")
    if _percent_only(actuals) and len(actuals) == 1 and not _percent_only(targets):
        done = actuals[0]
        if done.op in {"=", ">="} and done.value == _FULL:
            return _one(targets, actuals, "met", "100% read as all of the target done", "stated")
        return _one(
            targets, actuals, "unclear", f"{_show(done)} of a target that is no percentage", "none"
        )
    stated = judge_words(target, actual, indicator, quantified=bool(targets))
    if stated is not None:
        basis = "none" if stated.status == "unclear" else "stated"
        return _one(targets, actuals, stated.status, stated.reason, basis)
    if unmatched:  # quantities on both sides that could not be paired: say why
        return _decided(targets, actuals, unmatched)
    if targets and not actuals:
        return _one(targets, actuals, "unclear", "actual states no quantity and no outcome", "none")
    return _one(
        targets, actuals, "unclear", "the actual neither confirms nor denies the target", "none"
    )


# --------------------------------------------------------------------------- the stage


class _Row(Protocol):
    """What the stage reads from a parser record (parsers.result.RecordData)."""

    target: str | None
    actual: str | None
    indicator: str
    level2: str | None
    nature: str | None
    unit: str | None
    weight: Decimal | None
    score: Decimal | None
    pages: list[int]
    assessment: Assessment | None
    origin: tuple[Table, int] | None  # the table row, so warnings can name the record


_INHERITED = "taken from the target"
_NEAR_FULL = Decimal("0.95")  # near-full: at most 5% of the points lost
_RATIO_PLACES = Decimal("0.0001")


def self_score_ratio(weight: Decimal | None, score: Decimal | None) -> Decimal | None:
    """得分/分值 to four places; ``None`` without both or with a zero weight."""
    if weight is None or score is None or weight <= 0:
        return None
    return (score / weight).quantize(_RATIO_PLACES, rounding=ROUND_HALF_EVEN)


def consistency(status: str, ratio: Decimal | None) -> str | None:
    """How the department's own score compares with the verdict (module docstring)."""
    if ratio is None or status not in {"met", "not_met"}:
        return None
    if status == "not_met" and ratio >= _NEAR_FULL:
        return "claims_more"
    if status == "met" and ratio < 1:
        return "claims_less"
    return "agrees"


def assess_records(records: Iterable[_Row]) -> list[Notice]:
    """Assess every record in place: ``record.assessment`` is set once, here. Returns the
    guesses made on the way as warnings (an actual read in the target's unit).

    A report whose records carry neither an actual nor a score is a target-only form
    (绩效目标表): its targets are parsed and each record is ``target_only``.
    """
    rows = list(records)
    target_only = is_target_only(rows)
    return [notice for r in rows for notice in assess_record(r, target_only)]


def is_target_only(records: Iterable[_Row]) -> bool:
    """Whether the report is a target-only form: no record has an actual or a score."""
    return not any((r.actual or "").strip() or r.score is not None for r in records)


def assess_record(r: _Row, target_only: bool) -> list[Notice]:
    """:func:`assess_records` for one record (``target_only`` said of the whole report): a
    writer assesses, writes and forgets one record at a time."""
    if target_only:
        targets = parse_quantities(r.target or "", nature=r.nature, unit=r.unit)
        check = Check(None, None, "target_only", "form has no actual column", "none")
        r.assessment = Assessment(targets, [], [check], "target_only")
        return []
    result = assess(r.target, r.actual, r.indicator, nature=r.nature, unit=r.unit, level2=r.level2)
    result.self_score_ratio = self_score_ratio(r.weight, r.score)
    result.consistency = consistency(result.status, result.self_score_ratio)
    r.assessment = result
    page = r.pages[0] if r.pages else None
    return [
        Notice(
            "actual_unit_inherited",
            f"{r.indicator}: actual {q.text} read as {_show(q)} ({q.inferred})",
            page,
            origin=r.origin,
        )
        for q in result.actuals
        if q.inferred and _INHERITED in q.inferred
    ]
