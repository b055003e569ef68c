"""The amount written into an indicator: （239万元）, （3744.17万元）, and the malformed forms
departments print: （1183.09） with no unit, （8904.53万元 with no closing bracket, and an
annotation after the full stop, 。（634.76万元）。

Only a bracketed number at the very end of the indicator counts (trailing punctuation
aside), so numbers inside the indicator's wording are never taken for its budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_ANNOTATION = re.compile(
    r"[（(]\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>万元|亿元|元|万)?\s*(?P<close>[)）])?"
)
_TRAILING = " \t。.；;，,、：:"
# Significant digits an amount may have: what the JSON output carries exactly
# (``schema.models.MAX_DIGITS``).
MAX_DIGITS = 15
_SCALE = {"万元": Decimal(1), "万": Decimal(1), "亿元": Decimal(10000), "元": Decimal("0.0001")}


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
        value = (number * _SCALE[unit]).normalize()
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))
        return Amount(name, value, tuple(guesses))
    return Amount(indicator.strip().rstrip(_TRAILING), None, ())
