"""Deadlines and dates in target and actual cells, compared as dates (RUBRIC.md R5).

时效指标 rows print a period or a deadline as the target (``2022年底前``, ``12月前``,
``1-12月``, ``2022.1.1-2022.12.30``) and a date or a period as the actual (``12/15/2022``,
``2022年``, ``6月``, ``2022年10月-12月资金支付``). The quantity parser masks these on
purpose -- a year is no count -- so they are read here: each side becomes the last day it
names, and the actual is met when that day is not after the target's. A side without a
year takes the other side's year (``12月底前`` → ``6月``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .quantity import normalize

__all__ = ["DateSpan", "compare_dates", "last_day"]

_Y = r"(?:19|20)\d{2}"
_M = r"(?:1[0-2]|0?[1-9])"
_D = r"(?:3[01]|[12]\d|0?[1-9])"
_ATOM = re.compile(
    rf"""
    (?P<us>(?P<us_m>{_M})/(?P<us_d>{_D})/(?P<us_y>{_Y}))
  | (?P<dot>(?P<dot_y>{_Y})[./-](?P<dot_m>{_M})(?:[./-](?P<dot_d>{_D}))?)(?!\d)
  | (?P<cn>(?:(?P<cn_y>{_Y})年(?:度)?)?(?:(?P<cn_m>{_M})月份?(?:(?P<cn_d>{_D})[日号])?)?)
    """,
    re.X,
)
# ``2022年1至12月`` / ``1-12月``: the first month is printed without 月.
_BARE_MONTH_RANGE = re.compile(rf"(?<![\d.])({_M})(?=[-—–~至到]{_M}月)")
_HALF_YEAR = {"上半年": 6, "下半年": 12}


@dataclass(frozen=True)
class DateSpan:
    """The last day a cell names; ``year`` is ``None`` when no year is printed."""

    year: int | None
    month: int
    day: int | None  # None: the end of the month

    def on(self, year: int) -> date:
        day = self.day or calendar.monthrange(year, self.month)[1]
        return date(year, self.month, min(day, calendar.monthrange(year, self.month)[1]))

    def shown(self) -> str:
        year = f"{self.year}年" if self.year else ""
        return f"{year}{self.month}月" + (f"{self.day}日" if self.day else "")


def last_day(text: str | None) -> DateSpan | None:
    """The latest date a cell names, or ``None`` when it names none."""
    if not text:
        return None
    norm = _BARE_MONTH_RANGE.sub(r"\1月", normalize(text))
    spans: list[DateSpan] = []
    year: int | None = None
    for m in _ATOM.finditer(norm):
        if not m.group():
            continue
        if m["us"]:
            y, mo, d = int(m["us_y"]), int(m["us_m"]), int(m["us_d"])
        elif m["dot"]:
            y, mo = int(m["dot_y"]), int(m["dot_m"])
            d = int(m["dot_d"]) if m["dot_d"] else None
        else:
            y = int(m["cn_y"]) if m["cn_y"] else None
            mo = int(m["cn_m"]) if m["cn_m"] else 12
            d = int(m["cn_d"]) if m["cn_d"] else None
            if y is None and not m["cn_m"]:
                continue
            after = norm[m.end() : m.end() + 3]
            if m["cn_y"] and not m["cn_m"]:
                half = next((v for k, v in _HALF_YEAR.items() if after.startswith(k)), None)
                mo = half or 12
        year = y if y is not None else year
        spans.append(DateSpan(year, mo, d))
    if not spans:
        return None
    if any(s.year for s in spans):
        known = max(s.year for s in spans if s.year)
        spans = [s for s in spans if s.year == known or s.year is None]
    return max(spans, key=lambda s: (s.year or 0, s.month, s.day or 32))


def compare_dates(target: str | None, actual: str | None) -> tuple[bool, str] | None:
    """(met, reason) when both cells name a date, else ``None``."""
    t, a = last_day(target), last_day(actual)
    if t is None or a is None:
        return None
    year = t.year or a.year or 2000  # no year on either side: compare within one year
    t_day, a_day = t.on(t.year or year), a.on(a.year or t.year or year)
    if a_day <= t_day:
        return True, f"{a.shown()} is within the deadline {t.shown()}"
    return False, f"{a.shown()} is after the deadline {t.shown()}"
