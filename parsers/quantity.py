"""Targets and actuals (预期实现值 / 年度完成值) as comparable quantities.

A performance-report cell is free Chinese text that usually packs several sub-targets into
one string (``宣传不少于 60人次；托举 40名 32岁以下青年科技工作者``). To say whether a target
was met we need, per sub-target, *what* is counted, *how many*, in *which unit*, and *how*
the number bounds the truth (不少于 / 以上 / 余 / 约 ...). This module produces exactly that
as :class:`Quantity` objects; :mod:`jixiao.parsers.assess` compares them.

Approach (and why)
------------------
1. **Normalise** (``canonical_text``): NFKC folds full-width digits, ``％``, ``（）``, ``＞`` and
   the Kangxi radicals some PDFs emit into their ordinary forms; whitespace is dropped (PDF cells
   wrap anywhere and may or may not put a space between CJK and digits) except between two
   ASCII alphanumerics, so ``12 20`` stays two numbers; ASCII thousands separators are removed
   (``4,100,000.00``). Circled numbers (①) become clause breaks, because NFKC would turn
   ``①5个`` into ``15个``.
2. **Split clauses** (:func:`split_clauses`) on ``；;。!?,，`` and on list markers
   (``1.`` / ``2、`` / ``二、`` / ``(三)``), which are removed. ``、`` is *not* a clause break
   (``出版著作、教材 5部`` is one target), it only separates two quantities (step 5).
3. **Mask non-quantities**: spans that contain digits but count nothing are replaced by a
   filler of the same length, so offsets stay valid and the filler falls out of subjects:
   years and year ranges (``2021年``, ``2021—2025年``, ``2020届``), dates and months
   (``12月份``, ``2023-01-01``), ages (``32岁以下`` -- always a qualifier of who is counted),
   ordinals (``第八届``), levels (``二级``, ``三等奖``), model names (``5G``, ``1+X``, ``G20``),
   fractions (``九分之一``, ``1/3``), plan names and slogans (``十四五``, ``四个服务``) and
   idioms whose ``一`` is not a count (``统一``, ``一站式``, ``一条龙``).
4. **One compiled regex** takes the number and everything that qualifies it: an optional
   leading comparator (不少于, ≥, 逾, 约, 近, 控制在 ...), an Arabic number, an Arabic range
   (``10-15``) or a Chinese numeral (``三``, ``十一``, ``近百``), ``余``/``多``, a magnitude
   (万/亿/千万 ...), a unit (possibly in brackets, ``≥12.00(次)``, ``=5.00(万人次)``) or a
   rate unit (``人/年``), and a trailing bound (以上/以下/以内/左右). Regexes come first
   because jieba cuts ``87.85`` in two and tags ``264天`` as one word. A number with no
   unit only counts when nothing but punctuation follows it (so ``8大工程`` is no quantity);
   a Chinese numeral needs a unit.
5. **Segments**: a clause with several quantities is cut between them -- at ``、``/``及``/
   ``和``/``与``/``并`` if one lies between them, else before the first verb that starts a new
   predicate (``开展``, ``通过``, ``受众`` ...), else right after the earlier quantity.
6. **Subject** (jieba, private ``Tokenizer`` with ``data/jieba_dict.txt``): the words before
   the number plus the words after the unit inside the segment, minus masked spans,
   bracketed notes, quotes, a heading before ``：``, comparator words and filler tokens at
   the edges (在, 为, 达到, 共计, 预计 ...). ``托举 40名 32岁以下青年科技工作者`` → subject
   ``托举青年科技工作者``. A quantity with no words of its own (``宣传图 9期 333幅``) inherits
   the previous quantity's subject.

Rules for ``op``, ``upper`` and ``approx``
------------------------------------------
* bare number, 达/达到/为/在 → ``"="`` (whether a bare *target* means ≥ or ≤ is decided by
  ``assess``, which knows the indicator).
* 不少于/不低于/至少/≥ and suffix 以上 → ``">="``; 超过/超/逾/高于/> → ``">"``;
  不超过/不高于/控制在/≤ and suffix 以下/以内 → ``"<="``; 低于/少于/不足/< → ``"<"``.
  以上/以下/以内 include the number (the legal reading), 超过/逾 exclude it.
* 约/大约/左右/近/将近/接近 → ``"~"`` with no ``upper``. 近 is ``"~"`` rather than ``"<"``
  because "nearly" also says the truth is *close* to the number; ``assess`` reads 近 X as
  the interval [0.9·X, X).
* ``A-B`` / ``A至B`` → ``"range"``, ``value`` A, ``upper`` B (closed interval).
* 余/多 give the half-open interval ``[value, upper)`` where the step is one unit of the
  last significant digit *as written*, times the magnitude: 230余 → [230, 240), 40多 →
  [40, 50), 2000多 → [2000, 3000), 1.6万多 → [16000, 17000). ``op`` is ``">="`` (``">"``
  after 逾/超过: ``逾 230余人次``) and ``approx`` the 余/多 word. A number that is a 1 and
  zeros (10, 100, 十, 1万) gets no ``upper``: its step is the number itself, so the
  interval would claim ``100余人`` is under 200 -- a doubling no writer means by "more
  than 100", and an auditor does not hold a report to it. Such a quantity says only
  "at least 100" (the lower bound inclusive like every 余/多: ``assess`` counts a 余
  target from its number).
* ``approx`` records the hedge or bound *word* (余 多 约 大约 近 将近 接近 逾 超过 超 以上
  以下 以内 左右); explicit comparators (不少于, ≥ ...) are fully captured by ``op`` and leave
  ``approx`` empty.

Magnitudes and units
--------------------
Counts fold the magnitude into the value (``10万人次`` → 100000 人次). Money keeps the written
unit (``87.85亿元`` → 87.85 亿元) and is always also given in 万元 (``value_wan`` 878500). A
magnitude with no unit in a money context (subject mentions 金额, 资金, 经费 ...) becomes
money (``交易金额 100亿以上`` → 100 亿元) and ``inferred`` says so; a unitless number whose
subject is a rate (…率, 满意度, 比例) is taken as a percentage, and one whose subject ends
in a count word takes its unit (``参与竞赛活动人次达到308万`` → 3080000 人次); all noted in
``inferred``.
``平米``, ``m2`` and ``㎡``/``m²`` are normalised to ``平方米`` (``km``/``㎞`` to ``公里``,
``h`` to ``小时``); ``万方`` stays a unit of its own.

Tolerances, rates and the row's own columns
-------------------------------------------
``350人（±10%）`` is the closed range 315–385 (``approx`` ``±10%``); ``5%-10%`` with the unit
printed twice is one range. A Chinese fraction whose denominator is a power of ten is a
rate in percent (``小于十万分之一`` → ``<`` 0.001 %); ``九分之一`` stays masked. A number of
more than 15 significant digits is no quantity (the output holds 15). ``parse_quantities``
takes the row's 指标性质 and 度量单位 (``nature``/``unit``): a bare number gets them
(:func:`with_columns`). There is no blanket ``except``: the property tests hold the parser
to "never raises" on any string, so a crash is a bug to fix, not a clause to skip.
"""

from __future__ import annotations

import itertools
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from typing import Any

from .words import has_word, wordlist

__all__ = [
    "MAGNITUDES",
    "MONEY_UNITS",
    "OPS",
    "Quantity",
    "canonical_text",
    "mask_non_quantities",
    "parse_quantities",
    "split_clauses",
    "tokenize",
]

_log = logging.getLogger(__name__)

OPS = frozenset({">=", ">", "=", "<=", "<", "~", "range"})

#: Units that are money; ``value_wan`` / ``upper_wan`` are set exactly for these.
MONEY_UNITS: dict[str, Decimal] = {
    "元": Decimal("0.0001"),
    "千元": Decimal("0.1"),
    "万元": Decimal(1),
    "百万元": Decimal(100),
    "千万元": Decimal(1000),
    "亿元": Decimal(10000),
    "万亿元": Decimal(100000000),
}


@dataclass(frozen=True)
class Quantity:
    """One sub-target or sub-result as a number with its meaning.

    ``text`` is the clause (or, when a clause holds several numbers, the segment) the
    quantity was read from, normalised: NFKC, line breaks and CJK/digit spaces removed.
    ``value``/``upper`` are in ``unit`` (for counts the magnitude is already folded in).
    ``upper`` is only set for ``op == "range"`` and for 余/多 intervals; it is exclusive for
    余/多 and inclusive for ranges. ``inferred`` describes any guess made (e.g. a unit that
    was not written).
    """

    text: str
    subject: str | None
    op: str
    value: Decimal | None
    upper: Decimal | None
    unit: str | None
    approx: str | None
    value_wan: Decimal | None = None
    upper_wan: Decimal | None = None
    inferred: str | None = None
    #: the magnitude word as written (万, 亿 …), kept so that an actual printed without
    #: unit or magnitude (``4173`` under a target of ``4157万``) can take the target's.
    magnitude: str | None = None


# --------------------------------------------------------------------------- normalisation

_MASK = "\u25a1"  # □: stands in for characters of non-quantity spans, same length
_CIRCLED = re.compile(r"[\u2460-\u2473\u2474-\u2487\u24f5-\u24fe\u2776-\u2793]")
_THOUSANDS = re.compile(r"(?<=[0-9\uff10-\uff19]),(?=[0-9\uff10-\uff19]{3}(?![0-9\uff10-\uff19]))")
_ASCII_GAP = re.compile(r"(?<=[A-Za-z0-9])\s+(?=[A-Za-z0-9])")
_SPACE = re.compile(r"\s+")
_GAP = "\ue000"  # private-use placeholder for a space kept between ASCII alphanumerics


_SYMBOL_UNITS = {
    "㎢": "平方公里", "km²": "平方公里", "km2": "平方公里", "㎡": "平方米", "m²": "平方米",
    "㎥": "立方米", "m³": "立方米", "㎞": "公里",
}  # fmt: skip
_SYMBOL_UNIT = re.compile("|".join(re.escape(k) for k in _SYMBOL_UNITS))


def canonical_text(text: str) -> str:
    """Fold full-width forms and PDF line-wrapping so the regexes see one canonical text.

    For matching only, never for output: printed cell text is tidied once, by
    :func:`jixiao.extract.text.normalize`, which keeps brackets and punctuation as printed.

    Unit symbols become words first: NFKC would turn ``㎡`` into ``m2``, which reads like a
    model name (G20) and would hide the number.
    """
    text = _SYMBOL_UNIT.sub(lambda m: _SYMBOL_UNITS[m.group()], text)
    text = _CIRCLED.sub(";", text)
    text = _THOUSANDS.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = _ASCII_GAP.sub(_GAP, text)
    return _SPACE.sub("", text).replace(_GAP, " ")


# --------------------------------------------------------------------------- clauses

_CN_D = "零〇一二两三四五六七八九"
_CN_N = "零〇一二两三四五六七八九十百千万亿"
_LIST_MARKER = re.compile(
    rf"(?:(?<![\d.A-Za-z])(?P<number>\d{{1,2}})[.、](?=[^\d])"
    rf"|(?<![{_CN_N}])[一二三四五六七八九十]{{1,3}}、"
    rf"|\([\d一二三四五六七八九十]{{1,2}}\)(?![\d%])"
    rf"|(?:(?<=^)|(?<=[;。!?,:]))\d{{1,2}}\)(?=[^\d]))"
)
_MARKER_BEFORE = frozenset(";。!?,:")


def _drop_list_markers(text: str) -> str:
    """List markers become clause breaks. A number with 、 or . after a word is a marker
    only when it starts or goes on the numbering (年度目标1.支持…, 1、培训100人2、宣传30次);
    otherwise it is the word's value in an enumeration, kept with it (满意度95、合格率90,
    安全事故发生数为0、…, W-07、W-08, 减0.%: each lost its number to the marker rule)."""
    last = 0

    def marker(match: re.Match[str]) -> str:
        nonlocal last
        number = match["number"]
        if number is None:
            return ";"
        n, before = int(number), text[match.start() - 1 : match.start()]
        if before in ("", *_MARKER_BEFORE) or n == last + 1:
            last = n
            return ";"
        return match[0]

    return _LIST_MARKER.sub(marker, text)


_CLAUSE_BREAK = re.compile(r"[;。!?,\n…|]+")
_PUNCT_EDGE = " ,.;:、。!?\"'“”‘’·_" + _MASK


def split_clauses(text: str) -> list[str]:
    """Normalised clauses of a cell; list markers are dropped, empty pieces skipped.

    Commas split too: in these reports a comma almost always starts a new sub-target,
    and a clause without a number simply yields no quantity.
    """
    if not text:
        return []
    norm = _drop_list_markers(canonical_text(text))
    out = []
    for piece in _CLAUSE_BREAK.split(norm):
        piece = piece.strip(_PUNCT_EDGE)
        if piece:
            out.append(piece)
    return out


# --------------------------------------------------------------------------- masking

_UNIT_ASCII = r"(?:km|kg|kW|MW|GB|TB|MB|m2|m3|h)(?![A-Za-z])"
_MASKS = re.compile(
    "|".join(
        [
            # dates: 2023-01-01, 2021.5.1, 2021/05/01
            r"(?:19|20)\d{2}[-./](?:0?[1-9]|1[0-2])(?:[-./](?:0?[1-9]|[12]\d|3[01]))?(?!\d)",
            # year ranges and years, cohorts and grades: 2021—2025年, 2021年度, 2020届/级
            r"(?:19|20)\d{2}(?:[-—–~〜至到](?:19|20)?\d{2,4})?(?:年度|年|届|级)",
            rf"[{_CN_D}]{{4}}年",
            r"\d{1,2}(?:月份|月|日|号)(?![\d])",
            r"[一二三四五六七八九十]{1,3}月份?",
            # ages are qualifiers of who is counted, never the count
            rf"(?:\d+|[{_CN_N}]+)(?:[-—–~至到](?:\d+|[{_CN_N}]+))?周?岁(?:及|或)?(?:以下|以上|以内|之间)?",
            # ordinals, levels, prizes, school grades
            rf"第[\d{_CN_N}]+(?:届|批次|批|期|次|名|个|轮|季度|季|号|章|条|款|项|年|天|部分)?",
            rf"(?:\d+|[{_CN_N}]+)(?:年级|等奖|等次|星级|级|等)",
            # model names and codes: 5G, 3D, 1+X, G20, IPv6
            rf"\d+(?:\.\d+)?(?=[A-Za-z])(?!{_UNIT_ASCII})[A-Za-z]+",
            r"[A-Za-z]+\d+(?:\.\d+)*[A-Za-z]*",
            r"\d+\+[A-Za-z\d]+|[A-Za-z]\+\d+",
            # fractions and clock times
            rf"(?:\d+|[{_CN_N}]+)分之(?:\d+|[{_CN_N}]+)",
            r"\d+(?:\.\d+)?[/⁄]\d+(?:\.\d+)?",
            r"\d{1,2}:\d{2}",
            # plan names, slogans and idioms whose numerals count nothing
            r"十[一二三四五]五",
            r"[两三四五]个(?:维护|意识|自信|确立|全面|服务|代表|统筹)",
            r"五位一体|一带一路|三通一平|两学一做",
            r"[一二三四五六七八九十]是",
            r"一(?:次性|门式|条龙|件事|张网|张图|张蓝图|揽子|系列|方面|站式|体化|把手|对一|流)",
            r"[统唯同逐之单划专归整万]一",
            r"一[人户村校企事区]一",
        ]
    )
)

# --------------------------------------------------------------------------- the quantity regex

_PREFIX_OPS: dict[str, tuple[str, str | None]] = {
    # word: (op, approx word)
    "不少于": (">=", None),
    "不低于": (">=", None),
    "不小于": (">=", None),
    "不得少于": (">=", None),
    "不得低于": (">=", None),
    "至少": (">=", None),
    "大于等于": (">=", None),
    "大于或等于": (">=", None),
    "≥": (">=", None),
    "≧": (">=", None),
    "⩾": (">=", None),
    ">=": (">=", None),
    "超过": (">", "超过"),
    "超": (">", "超"),
    "逾": (">", "逾"),
    "高于": (">", None),
    "大于": (">", None),
    "多于": (">", None),
    ">": (">", None),
    "不超过": ("<=", None),
    "不高于": ("<=", None),
    "不大于": ("<=", None),
    "不多于": ("<=", None),
    "不得超过": ("<=", None),
    "不得高于": ("<=", None),
    "控制在": ("<=", None),
    "至多": ("<=", None),
    "最多": ("<=", None),
    "小于等于": ("<=", None),
    "≤": ("<=", None),
    "≦": ("<=", None),
    "⩽": ("<=", None),
    "<=": ("<=", None),
    "低于": ("<", None),
    "小于": ("<", None),
    "少于": ("<", None),
    "不足": ("<", None),
    "<": ("<", None),
    "约": ("~", "约"),
    "大约": ("~", "大约"),
    "近": ("~", "近"),
    "将近": ("~", "将近"),
    "接近": ("~", "接近"),
    "=": ("=", None),
    "等于": ("=", None),
}
_SUFFIX_OPS: dict[str, str] = {
    "及以上": ">=",
    "以上": ">=",
    "及以下": "<=",
    "以下": "<=",
    "以内": "<=",
    "之内": "<=",
    "左右": "~",
    "上下": "~",
}
_UNITS = [
    # people and visits
    "人次", "万人次", "人天", "人日", "人月", "户次", "家次", "篇次", "场次", "车次", "架次",
    "台次", "件次", "批次", "班次", "人", "名", "位", "户",
    # things and events
    "个百分点", "百分点", "个工作日", "个月", "工作日", "个", "项", "场", "篇", "期", "家",
    "份", "次", "门", "件", "部", "幅", "条", "本", "册", "款", "套", "台", "辆", "座", "所",
    "台/套", "台(套)", "批", "班", "组", "支", "处", "间", "张", "株", "棵", "例", "起", "宗",
    "笔", "栋", "层", "床位", "床", "辆次",
    "节", "集", "首", "块", "只", "盏", "根", "片", "轮", "届", "类", "种", "倍",
    # time
    "学时", "课时", "小时", "分钟", "天", "周", "年",
    # length, area, volume, weight
    "平方公里", "平方千米", "平方米", "平米", "立方米", "万方", "公里", "千米", "米", "公顷",
    "亩", "公斤", "千克", "吨", "千瓦", "立方",
    # money, shares, scores
    "元", "%", "‰", "分",
    # ASCII
    "km", "kg", "kW", "MW", "GB", "TB", "MB", "m2", "m3", "h",
]  # fmt: skip
_UNIT_ALIASES = {
    "平米": "平方米", "m2": "平方米", "m3": "立方米", "台(套)": "台/套", "h": "小时", "km": "公里",
}  # fmt: skip
# Units a Chinese numeral may not take: 一起 (together), 一点, 九分之一, 一方面.
_CN_BAD_UNITS = frozenset({"起", "点", "分", "米", "种", "类", "年", "倍"})
_PER = r"/(?:年|月|天|日|周|人次|人|次|学期|户|场|件|项|班)"
#: Magnitude words and their factors (万 = 10⁴ …); counts fold them into the value.
MAGNITUDES: dict[str, Decimal] = {
    "万亿": Decimal(10) ** 12,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "亿": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
}


def _alt(words: list[str] | dict[str, Any]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_QTY = re.compile(
    rf"""
    (?P<pre>{_alt(_PREFIX_OPS)})?
    (?:
        (?<![\d.])(?P<a>\d+(?:\.\d+)?)
        (?:(?P<rsep>[-—–~〜至到])(?P<b>\d+(?:\.\d+)?))?
      | (?P<cn>[{_CN_N}]+)
    )
    (?P<app1>余|多)?
    (?P<mag>万亿|千万|百万|亿|万(?!方)|千(?![米克瓦]))?
    (?P<app2>余|多)?
    (?:
        \((?P<pmag>万|亿)?(?P<punit>{_alt(_UNITS)})\)
      | (?P<unit>{_alt(_UNITS)})(?P<per>{_PER})?
    )?
    (?P<post>{_alt(_SUFFIX_OPS)})?
    """,
    re.X,
)
# What may follow a number that has no unit: end of text, punctuation, a space.
_UNITLESS_FOLLOW = frozenset(",;。!?:、)]}”\"' ")
_MAX_DIGITS = 15  # the output contract holds 15 significant digits (schema.models)
_HEDGES = frozenset({"近", "约", "逾", "超过", "将近", "接近", "大约"})

# --------------------------------------------------------------------------- jieba

_DICT_PATH = Path(__file__).with_name("data") / "jieba_dict.txt"
#: The words of jieba's full dictionary that occur in the texts jixiao cuts, with their
#: frequencies, each word's prefixes at 0 and the full dictionary's total
#: (tests/compact_dict.py makes and checks it).
_COMPACT_PATH = Path(__file__).with_name("data") / "jieba_compact.txt"
_tokenizer: Any = None
_tokenizer_lock = threading.Lock()


def _get_tokenizer() -> Any:
    """A private jieba Tokenizer with the domain dictionary, built once on first use.

    Its base is the compact slice of jieba's dictionary, loaded in milliseconds where the
    full one took over a second and 65 MB: with the HMM off, a cut only looks up words
    inside the text, so it is the full dictionary's cut wherever those words are in the
    slice. The global ``jieba.dt`` is never touched, so other users of jieba in the same
    process keep their own dictionary.
    """
    global _tokenizer
    if _tokenizer is None:
        with _tokenizer_lock:
            if _tokenizer is None:
                import jieba

                tk = jieba.Tokenizer()
                tk.FREQ, tk.total = _compact_dictionary()
                tk.initialized = True
                if _DICT_PATH.exists():
                    tk.load_userdict(str(_DICT_PATH))
                _tokenizer = tk
    return _tokenizer


def _compact_dictionary() -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary (every word, and each prefix of it at 0) and its total.

    The file holds the prefixes already, as jieba's own ``gen_pfdict`` would add them, so
    loading is one split: deriving them here took most of the 11 ms a cold start spent on
    the dictionary. Words never hold whitespace (jieba's dictionary format forbids it).
    """
    _, total, *pairs = _COMPACT_PATH.read_text(encoding="utf-8").split()
    return dict(zip(pairs[::2], map(int, pairs[1::2]), strict=True)), int(total)


@lru_cache(maxsize=8192)
def tokenize(text: str) -> tuple[str, ...]:
    """jieba words of ``text`` (dictionary only, no HMM: stable and predictable)."""
    if not text:
        return ()
    return tuple(_get_tokenizer().lcut(text, HMM=False))


@lru_cache(maxsize=8192)
def search_tokens(text: str) -> tuple[str, ...]:
    """jieba's search-mode words: long words plus their dictionary sub-words."""
    if not text:
        return ()
    return tuple(_get_tokenizer().lcut_for_search(text, HMM=False))


# --------------------------------------------------------------------------- subjects

_SEP_TOKENS = frozenset({"、", "及", "以及", "和", "与", "并", "并且", "同时", "/", "&", "+"})


_BOUNDARY_TOKENS = wordlist(
    """开展 举办 组织 发布 制作 形成 完成 建设 建成 打造 培养 引进 资助 支持 申报 申请 获得
    实现 推动 召开 吸引 参与 参加 受众 惠及 覆盖 新增 提供 通过 促成 带动 接待 开设 设立
    推送 宣传 托举 发表 出版 研发 签约 达成 帮助 指导 其中 共有 涉及 产生 观众 服务 举行
    评选 认定 培训 招聘 录取 发放 印发 印制 撰写 播放 策划 推出 落实 新建 改造 购置"""
)
_LEAD_STOP = wordlist(
    """的 及 以及 和 与 并 并且 、 其中 同时 另 另外 此外 共 共计 累计 合计 总计 已 均 还 再 又
    或 及其 以上 以下 以内 左右 : - ~"""
)
_TRAIL_STOP = wordlist(
    """在 为 达 达到 是 共 共计 累计 合计 总计 计 约 有 了 的 至 到 超 超过 逾 近 约为 分别
    分别为 已达 已 均 各 等 总 共有 可 将 将近 接近 大约 高于 低于 不少 于 多于 少于 等于
    以上 以下 以内 左右 及以上 及以下"""
)
_DROP_ANY = wordlist(
    """预计 预期 力争 争取 确保 不少于 不低于 不超过 不高于 不小于 不多于 不大于 不得少于
    不得低于 不得超过 控制在 大约 至少 至多 最多"""
)
_BRACKETED = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】")
_QUOTES = re.compile(r"[“”‘’\"'《》「」『』" + _MASK + "]")
_MONEY_CONTEXT = (
    "金额", "资金", "经费", "费用", "收入", "投资", "预算", "成交额", "交易额", "产值", "营收",
    "营业额", "销售额", "税收", "奖金", "补贴", "补助", "拨款", "融资", "贷款", "授信", "支出",
)  # fmt: skip
# A unitless count whose subject names the unit: 全年参与竞赛活动人次达到308万.
_COUNT_WORDS = {
    "人次": "人次", "人数": "人", "次数": "次", "天数": "天", "场次": "场次", "篇数": "篇",
    "项数": "项", "个数": "个", "件数": "件", "户数": "户", "家数": "家",
}  # fmt: skip
_RATE_CONTEXT = re.compile(r"(?:率|满意度|比例|占比|比重)$")


def _clean_part(part: str, *, is_pre: bool) -> str:
    """Trim one side of a number down to the words naming what is counted."""
    part = _BRACKETED.sub("", part)
    if is_pre and ":" in part:
        head, _, tail = part.rpartition(":")
        part = tail if has_word(tail) else head
    part = _QUOTES.sub("", part).strip(_PUNCT_EDGE)
    if not part:
        return ""
    tokens = [t for t in tokenize(part) if t.strip() and t not in _DROP_ANY]
    while tokens and (tokens[0] in _LEAD_STOP or not has_word(tokens[0])):
        tokens.pop(0)
    while tokens and (tokens[-1] in _TRAIL_STOP or not has_word(tokens[-1])):
        tokens.pop()
    return "".join(tokens)


def _subject(pre: str, post: str) -> str | None:
    subject = _clean_part(pre, is_pre=True) + _clean_part(post, is_pre=False)
    return subject if has_word(subject) else None


# --------------------------------------------------------------------------- numbers


def _cn_to_decimal(s: str) -> Decimal | None:
    """Chinese numeral to a number: 三 → 3, 十一 → 11, 二十 → 20, 近百 → 100, 二〇二一 → 2021."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    digits.update({"〇": 0, "两": 2})
    if all(c in digits for c in s):
        return Decimal("".join(str(digits[c]) for c in s)) if len(s) <= _MAX_DIGITS else None
    small = {"十": 10, "百": 100, "千": 1000}
    total = section = number = 0
    for c in s:
        if c in digits:
            number = digits[c]
        elif c in small:
            section += (number or 1) * small[c]
            number = 0
        elif c == "万":  # scales only the part since the last 亿: 一亿五千万 is 150000000
            total += ((section + number) or 1) * 10**4
            section = number = 0
        elif c == "亿":  # scales everything before it: 一万亿 is 10**12
            total = ((total + section + number) or 1) * 10**8
            section = number = 0
    value = total + section + number
    return Decimal(value) if value < 10**16 else None


def _step(raw: Decimal) -> Decimal:
    """One unit of the last significant digit as written: 230 → 10, 2000 → 1000, 1.6 → 0.1.

    Zero normalises to exponent 0 (step 1), and ``raw`` is always finite: read from digits.
    """
    return Decimal(1).scaleb(int(raw.normalize().as_tuple().exponent))


@dataclass
class _Match:
    start: int
    end: int
    op: str
    approx: str | None
    value: Decimal
    upper: Decimal | None
    unit: str | None
    mag: str | None  # magnitude still to apply (money keeps it in the unit instead)


def _read_match(m: re.Match[str], masked: str) -> _Match | None:
    """Validate one regex hit and turn it into numbers; ``None`` when it is no quantity."""
    a, b, cn = m["a"], m["b"], m["cn"]
    pre = m["pre"]
    unit = m["punit"] or m["unit"]
    mag = m["pmag"] if m["punit"] else m["mag"]
    if m["punit"] and m["mag"]:
        mag = m["mag"]
    app = m["app1"] or m["app2"]
    post = m["post"]
    end = m.end()
    after = masked[end : end + 1]
    start = m.start()
    # Ordinals (第5) and letters before a number (G20) are masked already, never matched.
    if masked.count("《", 0, start) > masked.count("》", 0, start):
        return None  # inside a title: 《科普一分钟》
    if a is not None:
        if len(a.replace(".", "")) > _MAX_DIGITS or (b and len(b.replace(".", "")) > _MAX_DIGITS):
            return None
        if after and ((after.isascii() and after.isalpha()) or after in "+"):
            return None
        if after == "." and masked[end + 1 : end + 2].isdigit():
            return None
        try:
            raw = Decimal(a)
            raw_b = Decimal(b) if b else None
        except InvalidOperation:
            return None
    else:
        raw_val = _cn_to_decimal(cn)
        if raw_val is None:
            return None
        # 百 / 千 / 万 alone only after a hedge: 近百名, 逾千人
        if not any(c in "一二两三四五六七八九十〇零" for c in cn) and pre not in _HEDGES:
            return None
        if unit is None or unit in _CN_BAD_UNITS or m["punit"]:
            return None
        if cn in {"零", "〇"}:
            return None
        raw, raw_b = raw_val, None
    bare = unit is None and mag is None and app is None and post is None
    if bare and after and after not in _UNITLESS_FOLLOW:
        return None
    # op and approx
    op, approx = ("=", None)
    if pre:
        op, approx = _PREFIX_OPS[pre]
    upper: Decimal | None = None
    if raw_b is not None:
        if raw_b == raw:
            op, approx = "=", None
        else:
            raw, raw_b = min(raw, raw_b), max(raw, raw_b)
            op, approx, upper = "range", None, raw_b
    elif app:
        op = ">" if op == ">" else ">="
        approx = app
        step = _step(raw)
        upper = raw + step if step < raw else None
    elif post:
        suffix_op = _SUFFIX_OPS[post]
        strict_same = (op, suffix_op) in {(">", ">="), ("<", "<=")}
        if not strict_same:
            op = suffix_op
        if approx is None or suffix_op == "~":
            approx = post.removeprefix("及")
    if unit is not None:
        unit = _UNIT_ALIASES.get(unit, unit)
        if m["per"] and not m["punit"]:
            unit += m["per"]
    return _Match(start, end, op, approx, raw, upper, unit, mag)


def _too_long(value: Decimal | None) -> bool:
    return value is not None and len(value.as_tuple().digits) > _MAX_DIGITS


def _finish(mt: _Match, text: str, subject: str | None) -> Quantity | None:
    """Apply magnitude/money rules and build the public object; ``None`` when the number
    is too long to be a count (a serial number, a run of digits)."""
    value, upper, unit, mag = mt.value, mt.upper, mt.unit, mt.mag
    written_mag = mag
    inferred = None
    if unit is None and mag is not None and subject:
        word = next((w for w in _MONEY_CONTEXT if w in subject), None)
        if word is not None:
            unit = f"{mag}元"
            inferred = f"unit {unit} inferred from {word}"
            mag = None
    if unit == "元" and mag is not None:
        unit, mag = f"{mag}元", None
    if unit == "万方" and mag is not None:  # 1万万方 is nonsense; keep the written number
        mag = None
    if mag is not None:
        factor = MAGNITUDES[mag]
        value = value * factor
        upper = upper * factor if upper is not None else None
    if unit is None and subject and subject.endswith(tuple(_COUNT_WORDS)):
        word = next(w for w in _COUNT_WORDS if subject.endswith(w))
        unit = _COUNT_WORDS[word]
        inferred = f"unit {unit} inferred from {word}"
    if unit is None and subject and 0 <= value <= (upper if upper is not None else value) <= 100:
        rate = _RATE_CONTEXT.search(subject)
        if rate:
            unit = "%"
            inferred = f"unit % inferred from {tokenize(subject)[-1]}"
    value_wan = upper_wan = None
    if unit in MONEY_UNITS:
        scale = MONEY_UNITS[unit]
        value_wan = value * scale
        upper_wan = upper * scale if upper is not None else None
    if any(_too_long(v) for v in (value, upper, value_wan, upper_wan)):
        return None
    return Quantity(
        text=text,
        subject=subject,
        op=mt.op,
        value=value,
        upper=upper,
        unit=unit,
        approx=mt.approx,
        value_wan=value_wan,
        upper_wan=upper_wan,
        inferred=inferred,
        magnitude=written_mag,
    )


def _split_between(between: str) -> tuple[int, int]:
    """Where the words between two quantities change owner: (end of left, start of right)."""
    pos = 0
    for token in tokenize(between):
        if token in _SEP_TOKENS:
            return pos, pos + len(token)
        if token in _BOUNDARY_TOKENS:
            return pos, pos
        pos += len(token)
    return len(between), len(between)


def mask_non_quantities(text: str) -> str:
    """``text`` with years, dates, ages, ordinals, model names ... replaced by ``□``.

    Same length as ``text``; lets callers search for words (e.g. 以下) without tripping
    over qualifiers such as ``32岁以下``.
    """
    return _MASKS.sub(lambda m: _MASK * len(m.group()), text)


# ``350人（±10%）``: a tolerance right after a quantity makes it a closed range.
_TOLERANCE = re.compile(r"\(?(?:±|\+/-|上下浮动|浮动)(?P<pct>\d+(?:\.\d+)?)%\)?")
# ``十万分之一``: a rate written as a Chinese fraction, read as a percentage.
_FRACTION = re.compile(
    rf"(?P<pre>{_alt(_PREFIX_OPS)})?(?P<den>\d+|[{_CN_N}]+)分之(?P<num>\d+(?:\.\d+)?|[{_CN_N}]+)"
)
_RATE_PRECISION = Context(prec=12)


def _number(text: str) -> Decimal | None:
    digits = text.replace(".", "")
    if digits.isdigit():
        return Decimal(text) if len(digits) <= _MAX_DIGITS else None
    return _cn_to_decimal(text)


def _fractions(clause: str) -> list[_Match]:
    """``小于十万分之一`` → ``< 0.001 %``. Only powers of ten are rates; ``九分之一`` stays
    masked as a share of something."""
    out = []
    for m in _FRACTION.finditer(clause):
        den, num = _number(m["den"]), _number(m["num"])
        if not den or num is None or den < 10 or den != Decimal(10) ** (len(str(den)) - 1):
            continue  # 九分之一 is a share of something, 十万分之一 a rate
        value = _RATE_PRECISION.divide(num * 100, den)
        op, approx = _PREFIX_OPS[m["pre"]] if m["pre"] else ("=", None)
        out.append(_Match(m.start(), m.end(), op, approx, value, None, "%", None))
    return out


def _with_tolerance(mt: _Match, masked: str) -> tuple[_Match, int]:
    """The match widened by a ``±N%`` that follows it, and where the tolerance ends."""
    m = _TOLERANCE.match(masked, mt.end)
    if m is None or mt.op not in {"=", "~"}:  # an = or ~ quantity never has an upper bound
        return mt, mt.end
    share = Decimal(m["pct"]) / 100
    low, high = mt.value * (1 - share), mt.value * (1 + share)
    widened = _Match(mt.start, m.end(), "range", f"±{m['pct']}%", low, high, mt.unit, mt.mag)
    return widened, m.end()


_RANGE_SEPARATORS = frozenset("-—–~〜至到")


def _join_ranges(matches: list[_Match], masked: str) -> list[_Match]:
    """``5%-10%`` / ``5万-10万人``: two numbers joined by a range sign are one range."""
    out: list[_Match] = []
    for mt in matches:
        prev = out[-1] if out else None
        if (
            prev is not None
            and mt.start == prev.end + 1
            and masked[prev.end] in _RANGE_SEPARATORS
            and prev.op == mt.op == "="
            and prev.unit in (None, mt.unit)  # 5万-10万人: the unit printed once, at the end
            and prev.mag == mt.mag
            and mt.value > prev.value
        ):
            out[-1] = _Match(
                prev.start, mt.end, "range", None, prev.value, mt.value, mt.unit, mt.mag
            )
            continue
        out.append(mt)
    return out


def _clause_quantities(clause: str) -> list[Quantity]:
    masked = mask_non_quantities(clause)
    matches: list[_Match] = []
    skip_to = 0
    for m in _QTY.finditer(masked):
        if m.start() < skip_to:
            continue
        mt = _read_match(m, masked)
        if mt is None:
            continue
        mt, skip_to = _with_tolerance(mt, masked)
        matches.append(mt)
    matches = _join_ranges(sorted([*matches, *_fractions(clause)], key=lambda mt: mt.start), masked)
    if not matches:
        return []
    # segment boundaries: seg i covers [starts[i], ends[i]) of the clause
    starts = [0]
    ends: list[int] = []
    for left, right in itertools.pairwise(matches):
        between = masked[left.end : right.start]
        left_end, right_start = _split_between(between)
        ends.append(left.end + left_end)
        starts.append(left.end + right_start)
    ends.append(len(clause))
    out: list[Quantity] = []
    previous_pre: str | None = None
    for mt, s, e in zip(matches, starts, ends, strict=True):
        pre_subject = _subject(masked[s : mt.start], "")
        subject = _subject(masked[s : mt.start], masked[mt.end : e])
        if subject is None and previous_pre:
            subject = previous_pre
        previous_pre = pre_subject or previous_pre
        text = clause[s:e].strip(_PUNCT_EDGE) or clause[mt.start : mt.end]
        quantity = _finish(mt, text, subject)
        if quantity is not None:
            out.append(quantity)
    return out


# What a 指标性质 column may print before a bare number (``正向``/``反向`` are read by assess).
_NATURE_OPS = {
    "≥": "≥", ">=": "≥", "≧": "≥", "大于等于": "≥", "不低于": "≥", "不少于": "≥",
    "≤": "≤", "<=": "≤", "≦": "≤", "小于等于": "≤", "不高于": "≤", "不超过": "≤",
    "=": "=", "等于": "=", ">": ">", "大于": ">", "高于": ">", "<": "<", "小于": "<",
    "低于": "<",
}  # fmt: skip
_BARE = re.compile(r"\d+(?:\.\d+)?")
_STARTS_WITH_OP = re.compile(rf"^(?:{_alt(_PREFIX_OPS)})")


def with_columns(text: str, nature: str | None, unit: str | None) -> str:
    """The target as one phrase: a bare number takes the row's 度量单位 and its 指标性质
    comparator (``7`` with ``≥`` and ``种`` → ``≥7种``). Text that already carries a unit or
    a comparator keeps its own; a 指标性质 that is no comparator (定性, 正向) adds nothing."""
    norm = canonical_text(text)
    op = _NATURE_OPS.get(canonical_text(nature or ""))
    unit_text = canonical_text(unit or "")
    bare = _BARE.fullmatch(norm) is not None
    if bare and unit_text and has_word(unit_text, also="%‰"):
        norm += unit_text
    elif not bare and not (op and _BARE.match(norm)):
        return text
    if op and not _STARTS_WITH_OP.match(norm):
        norm = op + norm
    return norm


def parse_quantities(
    text: str, *, nature: str | None = None, unit: str | None = None
) -> list[Quantity]:
    """Every quantity in a target or actual cell, in reading order. Never raises.

    Qualitative text (显著提升, 全覆盖, 按时完成) gives ``[]``. ``nature`` (指标性质:
    ``≥``, ``≤``, ``=``, ``正向`` …) and ``unit`` (度量单位) are the row's own columns:
    a bare number takes them (``≥`` + ``7`` + ``种`` → ``≥7种``), see :func:`with_columns`.
    """
    if not isinstance(text, str) or not text.strip():
        return []
    text = with_columns(text, nature, unit)
    out: list[Quantity] = []
    for clause in split_clauses(text):
        out.extend(_clause_quantities(clause))
    return out
