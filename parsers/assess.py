"""Was a target met? Pair target quantities with actual quantities and compare them.

Analysts want the missed targets of a report. A target cell and its actual cell are parsed
with :func:`jixiao.parsers.quantity.parse_quantities`; each target quantity is then paired
with at most one actual quantity and judged. Every judgement carries a one-line reason, so
a reader can check the machine instead of trusting it.

Pairing (why it is cautious)
----------------------------
* Units must agree: equal after normalisation (平米 = 平方米), or both money (compared in
  万元, so 元/万元/亿元 mix freely). 人次 and 人 are different things. A few classifier
  groups (场/场次/次, 个/项, 人/名/位, 本/部/册, ``X/年`` with ``X``) may pair only when the
  subjects clearly agree, and the reason says the units were treated as equivalent.
* Subjects decide among same-unit candidates: jieba search-mode words of both subjects,
  minus generic verbs and fillers (建设, 开展, 完成, 数量 ...), scored by overlap. A pair
  whose subjects share no word is refused unless one side has no subject at all (``7项。``
  → ``7项。``); a pair whose subjects contradict each other on a known axis (申请 vs 授权,
  省级 vs 国家级, 线上 vs 线下 ...) is always refused. Such targets become ``unmatched`` with
  the rejected candidate named in the reason -- never silently ``met``.
* Ties fall back to reading order (the i-th target of a unit goes to the i-th actual).

Judging
-------
The target becomes a one-sided predicate: explicit comparators keep their meaning; a bare
number (or 约/达到/range) means ``≥`` for normal indicators and ``≤`` for reverse ones (the
indicator or clause mentions 成本, 费用, 投诉, 事故, 差错, 发生率, 时长 ...). A 余/多 target
counts from its lower bound (``60余项`` is met by 60). The actual becomes an interval:
a point for a bare number, ``[v, upper)`` for 余/多, ``[v, ∞)`` for 以上/不少于, ``(v, ∞)`` for
超过/逾, ``[0.9v, v)`` for 近 (nearly), the closed range for ``A-B``; 约/左右 are read as the
number itself and flagged. The check is ``met`` when the whole interval satisfies the
predicate, ``not_met`` when none of it does, and -- conservatively -- ``not_met`` with
"cannot confirm" in the reason when the interval straddles the bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from .quantity import (
    MONEY_UNITS,
    Quantity,
    _wordlist,
    mask_non_quantities,
    parse_quantities,
    search_tokens,
    split_clauses,
)

__all__ = ["Assessment", "Check", "assess"]


@dataclass(frozen=True)
class Check:
    """One target quantity judged against the actual quantity it was paired with."""

    target: Quantity | None
    actual: Quantity | None
    status: str  # "met", "not_met", "qualitative", "unmatched"
    reason: str


@dataclass(frozen=True)
class Assessment:
    """All quantities of a target/actual pair of cells and the verdict per sub-target.

    ``status``: ``met`` (every check met), ``not_met`` (any check not met), ``partly``
    (some met, the rest could not be paired), ``qualitative`` (the target has no quantity),
    ``unknown`` (nothing could be judged, e.g. no actual).
    """

    targets: list[Quantity]
    actuals: list[Quantity]
    checks: list[Check]
    status: str


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
_GENERIC = _wordlist(
    """建设 开展 完成 推动 提升 新增 打造 制作 举办 组织 实施 形成 建成 支持 实现 进行 加强
    全年 年度 全面 数量 个数 次数 人数 总数 总量 各类 各项 相关 已 共 共计 累计 达到 达 为 在
    的 和 及 与 等 了 对 各 类 年 预计 预期 约 并 或 个 项 将 由 于 以 其 中 之 把 被 从 向
    到 是 有 按 所 该 此 每 全 总 工作 情况 任务 主要 进一步 有效 积极 推进 完善 加大 通过
    维持 正常 运作 开放 拟 可"""
)
_LOOSE_MIN_SCORE = 0.3
_CONTEXT_WEIGHT = 0.5
_UNIT_WORDS = frozenset({"人次", "场次", "篇次", "人天", "学时", "平方米", "平米", "万元", "亿元"})
_WORD = re.compile(r"[\u4e00-\u9fffA-Za-z]")
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
    if q.op == "range":
        return f"{num}-{_fmt(q.upper)}{unit}"
    if q.approx in {"余", "多"}:
        return f"{'逾' if q.op == '>' else ''}{num}{q.approx}{unit}"
    if q.approx in {"以上", "以下", "以内", "左右", "上下"}:
        return f"{num}{unit}{q.approx}"
    if q.approx:
        return f"{q.approx}{num}{unit}"
    symbol = {">=": "≥", ">": ">", "<=": "≤", "<": "<"}.get(q.op, "")
    return f"{symbol}{num}{unit}"


def _words(subject: str | None) -> frozenset[str]:
    if not subject:
        return frozenset()
    return frozenset(w for w in search_tokens(subject) if _WORD.search(w) and w not in _GENERIC)


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


def _reverse_word(indicator: str | None, t: Quantity) -> str | None:
    """Why lower is better for this target, if it is a reverse indicator."""
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


def _judge(t: Quantity, a: Quantity, indicator: str | None, notes: list[str]) -> Check:
    reverse = _reverse_word(indicator, t) if t.op in {"=", "~", "range"} else None
    kind, bound, own_bound = _predicate(t, reverse is not None)
    iv, note = _interval(a)
    verdict = _verdict(kind, bound, iv)
    lo, _, hi, _ = iv
    shown_a = _show(a)
    if not (lo is not None and lo == hi):
        own_iv, _ = _interval(a, own_unit=True)
        shown_a = f"{shown_a} ∈ {_show_interval(own_iv)}"
    shown_t = f"{_fmt(own_bound)}{t.unit or ''}"
    if verdict == "all":
        status, reason = "met", f"{shown_a} {_SYMBOL[kind]} {shown_t}"
    elif verdict == "none":
        status, reason = "not_met", f"{shown_a} {_NEGATED[kind]} {shown_t}"
    else:
        status = "not_met"
        reason = (
            f"{shown_a} straddles {_SYMBOL[kind]} {shown_t}; cannot confirm, "
            "counted as not met (conservative)"
        )
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
    return Check(t, a, status, reason)


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
) -> list[Check]:
    candidates: list[tuple[tuple[float, ...], int, int, list[str]]] = []
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
            elif not blank and score == 0:
                refused[i].append(f"{_show(a)} ({a.subject}) counts something else")
                continue
            distance = abs(i / max(nt, 1) - j / max(na, 1))
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
            checks.append(_judge(t, actuals[j], indicator, notes))
            continue
        if refused[i]:
            reason = f"no matching actual for {_show(t)}: " + "; ".join(refused[i][:3])
        elif any(_unit_fit(t, a) for a in actuals):
            reason = f"no matching actual for {_show(t)}: same-unit actuals paired elsewhere"
        else:
            reason = f"no actual in {t.unit or 'the same unit'} for {_show(t)}"
        checks.append(Check(t, None, "unmatched", reason))
    return checks


def _overall(checks: list[Check]) -> str:
    statuses = [c.status for c in checks]
    if not statuses:
        return "unknown"
    if "not_met" in statuses:
        return "not_met"
    if all(s == "met" for s in statuses):
        return "met"
    if "met" in statuses:
        return "partly"
    return "unknown"


def assess(target: str | None, actual: str | None, indicator: str | None = None) -> Assessment:
    """Judge a target cell against its actual cell; ``indicator`` helps spot reverse ones."""
    if not isinstance(target, str) or not target.strip():
        return Assessment([], parse_quantities(actual or ""), [], "unknown")
    targets = parse_quantities(target)
    actuals = parse_quantities(actual) if isinstance(actual, str) else []
    if not targets:
        check = Check(None, None, "qualitative", "target states no quantity")
        return Assessment(targets, actuals, [check], "qualitative")
    if not actuals:
        why = (
            "no actual given"
            if not (isinstance(actual, str) and actual.strip())
            else ("actual states no quantity")
        )
        checks = [Check(t, None, "unmatched", f"{why} for {_show(t)}") for t in targets]
        return Assessment(targets, actuals, checks, "unknown")
    checks = _pair(
        targets, actuals, indicator, _contexts(target, targets), _contexts(actual, actuals)
    )
    return Assessment(targets, actuals, checks, _overall(checks))
