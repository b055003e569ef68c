"""Money as printed: the amount written into an indicator, printed numbers, and their unit.

The amount written into an indicator: （239万元）, （3744.17万元）, and the malformed forms
departments print: （1183.09） with no unit, （8904.53万元 with no closing bracket, and an
annotation after the full stop, 。（634.76万元）。 Only a bracketed number at the very end
of the indicator counts (trailing punctuation aside), so numbers inside the indicator's
wording are never taken for its budget.

Tables print their unit once, where the reader looks for it: in a header or block
label (项目资金（万元）, 专项资金情况（万元）, 全年预算数（万元）) or in a line above the
table (单位：万元, 金额单位：元). :func:`unit_in` finds it there; a number whose unit
was not found is never scaled (the caller warns instead of assuming 元). Conversions are
decimal shifts, so they stay exact.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_ANNOTATION = re.compile(
    r"[（(]\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>万元|亿元|元|万)?\s*(?P<close>[)）])?"
)
_TRAILING = " \t。.；;，,、：:"
# Significant digits an amount may have: what the JSON output carries exactly
# (``schema.models.MAX_DIGITS``).
MAX_DIGITS = 15
_SCALE = {"万元": Decimal(1), "万": Decimal(1), "亿元": Decimal(10000), "元": Decimal("0.0001")}
# Powers of ten from a unit to 万元: shifting the decimal point keeps amounts exact.
_WAN_EXPONENT = {"万元": 0, "亿元": 4, "元": -4}
# （万元） / (元) in a label, or 单位：万元 / 金额单位：元 / 单位:亿元 in a line or cell.
# （万元）, （单位：元）, and a unit after a note in the bracket: （中期规划，万元）
_BRACKET_UNIT = re.compile(
    r"[（(](?:[^（）()]*[，,、]\s*)?\s*(?:单位\s*[:：]\s*)?(万元|亿元|元)\s*[)）]"
)
_UNIT_LINE = re.compile(r"单位\s*[:：]\s*(万元|亿元|元)")
_NUMBER = re.compile(r"^[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")
# What a form prints where no value exists: not a zero, and never an arithmetic slip.
PLACEHOLDERS = frozenset({"-", "--", "—", "——", "－", "/", "／", "\\", "无", "—/—"})


@dataclass(frozen=True, slots=True)
class Amount:
    name: str  # indicator without the annotation
    amount_wan: Decimal | None
    guesses: tuple[tuple[str, str], ...]  # (warning code, message)


def split_amount(indicator: str) -> Amount:
    matches = list(_ANNOTATION.finditer(indicator))
    for match in reversed(matches):
        if indicator[match.end() :].strip(_TRAILING):
            continue
        number = Decimal(match["num"].replace(",", ""))
        if len(number.as_tuple().digits) > MAX_DIGITS:
            # No budget has that many digits, and the output could not carry it exactly: the
            # annotation stays in the indicator's text, and the reader is told why.
            absurd = match.group(0).strip()
            return Amount(
                indicator.strip().rstrip(_TRAILING),
                None,
                (("amount_too_long", f"amount {absurd[:40]} has more than {MAX_DIGITS} digits; "
                  "kept as text"),),
            )  # fmt: skip
        unit = match["unit"]
        guesses: list[tuple[str, str]] = []
        if unit is None:
            unit = "万元"
            guesses.append(
                (
                    "amount_unit_inferred",
                    f"amount {match.group(0).strip()} has no unit; 万元 assumed",
                )
            )
        if match["close"] is None:
            guesses.append(
                (
                    "amount_bracket_unclosed",
                    f"amount {match.group(0).strip()} has no closing bracket",
                )
            )
        name = (indicator[: match.start()] + indicator[match.end() :]).strip().rstrip(_TRAILING)
        return Amount(name, tidy(number * _SCALE[unit]), tuple(guesses))
    return Amount(indicator.strip().rstrip(_TRAILING), None, ())


def unit_in(text: str) -> str | None:
    """The money unit a label or line prints: 项目资金（万元） / 单位：元 → 万元 / 元."""
    if match := _BRACKET_UNIT.search(text) or _UNIT_LINE.search(text):
        return match.group(1)
    return None


def is_placeholder(text: str | None) -> bool:
    """-- / — / / printed in a value cell: "no value printed", which is not 0."""
    return text is not None and re.sub(r"\s+", "", text) in PLACEHOLDERS


def parse_number(text: str | None) -> Decimal | None:
    """A printed number (4,100,000.00 / 7595500.00 / 95.5% / 10分), exactly as printed;
    None for blanks and placeholders (-- — /), which are "no value", never zero."""
    if not text or is_placeholder(text):
        return None
    raw = re.sub(r"\s+", "", text).replace("−", "-")
    raw = raw.removesuffix("%").removesuffix("万元").removesuffix("元").removesuffix("分")
    if not _NUMBER.match(raw):
        return None
    try:
        return Decimal(raw.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid numbers
        return None


def tidy(value: Decimal) -> Decimal:
    """Drop trailing zeros (410.000000 → 410) the way amounts are written elsewhere."""
    value = value.normalize()
    if value == value.to_integral_value() and value.adjusted() < MAX_DIGITS:
        value = value.quantize(Decimal(1))  # an absurdly long one would overflow quantize
    return value


def to_wan(value: Decimal, unit: str) -> Decimal:
    """``value`` printed in ``unit`` (元, 万元, 亿元) in 万元, exactly; 万元 stays as printed."""
    exponent = _WAN_EXPONENT[unit]
    return value if exponent == 0 else tidy(value.scaleb(exponent))


def yuan_to_wan(yuan: Decimal) -> Decimal:
    return to_wan(yuan, "元")
