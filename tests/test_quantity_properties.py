"""Property tests: parsing and assessing never raise, and every quantity is self-consistent.

Cells come from PDFs of every quality, so the parser must survive anything: mixed CJK,
ASCII and full-width text, stray brackets, numbers glued to anything. Generated text is
biased towards the characters the rules look at (digits, units, comparators, 余/多, magnitudes).
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao.parsers.assess import Assessment, assess
from jixiao.parsers.quantity import MONEY_UNITS, OPS, Quantity, parse_quantities

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_PIECES = [
    "不少于", "不低于", "不超过", "不高于", "以上", "以下", "以内", "达到", "达", "超过", "逾",
    "约", "近", "控制在", "≥", "≤", ">", "<", "=", "余", "多", "万", "亿", "千万", "元", "万元",
    "亿元", "人次", "人", "名", "项", "个", "场", "场次", "篇", "期", "天", "平米", "平方米",
    "万方", "%", "％", "人/年", "学时", "(", ")", "（", "）", "-", "—", "~", "至", "；", "，",
    "。", "、", "及", "和", "岁", "年", "月份", "第", "届", "级", "5G", "1+X", "e站", "十", "百",
    "两", "三", "十一", "二、", "1.", "2.", "．", "０", "１", "２", "９", "金额", "满意度",
    "获奖率", "成本", "投诉", "申请", "授权", "宣传", "创新工场", " ", "\n", "《", "》", "/",
]  # fmt: skip
_NUMBER = st.one_of(
    st.integers(min_value=0, max_value=10**12).map(str),
    st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False).map(str),
    st.sampled_from(
        ["0", "00", "007", "1.", ".5", "99999999999999999999999", "1,000", "4,100,000.00"]
    ),
)
_CELL = st.lists(
    st.one_of(st.sampled_from(_PIECES), _NUMBER, st.text(max_size=4)), max_size=14
).map("".join)
_ANY_TEXT = st.one_of(_CELL, st.text(max_size=40))


def _check_quantity(q: Quantity) -> None:
    assert isinstance(q, Quantity)
    assert q.op in OPS
    assert isinstance(q.text, str) and q.text
    assert q.value is not None and isinstance(q.value, Decimal)
    assert q.value.is_finite()
    if q.upper is not None:
        assert q.op in {"range", "~"} or q.approx in {"余", "多"}
        assert q.upper > q.value
    if q.op == "range":
        assert q.upper is not None
    if q.approx in {"余", "多"} and q.op != "range":
        # no upper bound only after a 1 and zeros (100余: "at least 100") or 0
        digits = q.value.normalize().as_tuple().digits
        assert (q.upper is None) == (digits in {(0,), (1,)})
    money = q.unit in MONEY_UNITS
    assert (q.value_wan is not None) == money
    if money:
        assert q.value_wan == q.value * MONEY_UNITS[q.unit]  # type: ignore[index]
        assert (q.upper_wan is not None) == (q.upper is not None)
    else:
        assert q.upper_wan is None
    assert q.subject is None or q.subject.strip()


@SETTINGS
@given(_ANY_TEXT)
def test_parse_never_raises_and_is_consistent(text: str) -> None:
    for q in parse_quantities(text):
        _check_quantity(q)


RECORD_STATUSES = {"met", "not_met", "unclear", "qualitative"}
CHECK_STATUSES = {"met", "not_met", "unclear", "unmatched", "qualitative"}
BASES = {"numeric", "stated", "none"}
_OPTIONAL = st.one_of(st.none(), _ANY_TEXT)
_NATURE = st.one_of(st.none(), st.sampled_from(["≥", "≤", "=", ">=", "<=", "＝", "≦", "≧", "定性",
                                                "正向", "反向", "", "大于等于"]), _ANY_TEXT)  # fmt: skip
_UNIT = st.one_of(st.none(), st.sampled_from(["%", "人次", "万元", "个", "㎡", "元/人", "—", ""]))


@SETTINGS
@given(_ANY_TEXT, _ANY_TEXT, _OPTIONAL, _NATURE, _UNIT, _OPTIONAL)
def test_assess_never_raises(
    target: str,
    actual: str,
    indicator: str | None,
    nature: str | None,
    unit: str | None,
    level2: str | None,
) -> None:
    result = assess(target, actual, indicator, nature=nature, unit=unit, level2=level2)
    assert isinstance(result, Assessment)
    assert result.status in RECORD_STATUSES
    assert result.basis in BASES
    assert result.checks
    for check in result.checks:
        assert check.status in CHECK_STATUSES
        assert check.basis in BASES
        assert check.reason and "\n" not in check.reason
        if check.target is not None and check.actual is not None:
            assert check.basis == "numeric"
    statuses = {c.status for c in result.checks}
    if result.status == "met":
        assert statuses == {"met"}
    if "not_met" in statuses:
        assert result.status == "not_met"


@SETTINGS
@given(_OPTIONAL, _OPTIONAL)
def test_assess_accepts_missing_cells(target: str | None, actual: str | None) -> None:
    result = assess(target, actual)
    assert result.status in RECORD_STATUSES
    if not (actual or "").strip():
        assert result.status == "qualitative"


@SETTINGS
@given(_ANY_TEXT, _NATURE, _UNIT)
def test_parse_with_columns_never_raises(text: str, nature: str | None, unit: str | None) -> None:
    for q in parse_quantities(text, nature=nature, unit=unit):
        _check_quantity(q)


# Spellings a reader treats as the same cell: full-width forms, bracket styles, white space
# where PDFs wrap lines. The status must not depend on them.
_WIDE = str.maketrans("0123456789%()<>=~", "０１２３４５６７８９％（）＜＞＝～")
_BRACKETS = str.maketrans("()", "[]")


def _ascii_run(ch: str) -> bool:
    ch = unicodedata.normalize("NFKC", ch)[:1]
    return ch.isascii() and (ch.isalnum() or ch in ",.")


def _wrap(text: str, gap: str) -> str:
    """``gap`` between characters, except inside a run of ASCII letters, digits and number
    punctuation: a PDF cell wraps anywhere, but jixiao deliberately reads ``12 20`` as two
    numbers."""
    out = []
    for i, ch in enumerate(text):
        if i and not (_ascii_run(text[i - 1]) and _ascii_run(ch)):
            out.append(gap)
        out.append(ch)
    return "".join(out)


def _respell(text: str, how: int) -> str:
    if how == 0:
        return text.translate(_WIDE)
    if how == 1:
        return text.translate(_BRACKETS)
    return _wrap(text, "\n" if how == 2 else " ")


_REAL_PAIRS = [
    ("≥95%", "98%"), ("350人（±10%）", "300-400人浮动"), ("4157万", "4173"),
    ("≤1095万元", "实际支付1392.20万元"), ("240万元", "229.19万元"), ("不超标准", "未超标准"),
    ("2022年底前", "12/15/2022"), ("12月底前", "6月"), ("当年完成", "完成部分目标"),
    ("总建筑面积288164㎡", "已完成"), ("小于十万分之一", "小于十万分之一"), ("满意", "基本满意"),
    ("上涨5%-10%", "上涨6.23%"), ("1.2万人", "0.4"), ("≥1.2万m²", "1.3万平方米"),
]  # fmt: skip


@SETTINGS
@given(st.one_of(st.sampled_from(_REAL_PAIRS), st.tuples(_CELL, _CELL)), st.integers(0, 3))
def test_status_ignores_spelling(pair: tuple[str, str], how: int) -> None:
    target, actual = pair
    plain = assess(target, actual, "项目经费支出")
    respelled = assess(_respell(target, how), _respell(actual, how), "项目经费支出")
    assert respelled.status == plain.status
    assert respelled.basis == plain.basis


@SETTINGS
@given(_CELL)
def test_fullwidth_digits_parse_like_ascii(text: str) -> None:
    """Full-width digits, ％ and brackets mean the same as their ASCII forms."""
    table = str.maketrans("0123456789%()", "０１２３４５６７８９％（）")
    plain = [(q.op, q.value, q.upper, q.unit) for q in parse_quantities(text)]
    wide = [(q.op, q.value, q.upper, q.unit) for q in parse_quantities(text.translate(table))]
    assert wide == plain


@SETTINGS
@given(st.integers(min_value=1, max_value=10**9), st.sampled_from(["余", "多"]))
def test_yu_duo_interval_contains_number(n: int, word: str) -> None:
    (q,) = parse_quantities(f"宣传 {n}{word}人次")
    assert q.value == n
    if str(n).rstrip("0") == "1":  # 1, 10, 100 …: only "at least n"
        assert q.upper is None
    else:
        assert q.upper is not None and q.upper > n
    assert q.approx == word
