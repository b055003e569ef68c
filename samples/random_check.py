"""The property every random rendering must satisfy, as a list of broken promises.

For one rendering: the records equal the source data field by field (text, amounts; pages
aside), the department / title / year are right, and every character drawn inside a table
outline ends up in exactly one output cell — or, for a header row the producer repeated on
a continuation page, in a ``repeated_header_dropped`` warning (character accounting: text
can never vanish, nor be invented or doubled). Text a warning quotes as dropped (「…」, a
re-printed merged cell kept once) counts as accounted for. Text a ``clipped_text`` warning
quotes was drawn but hidden by a clip path (LibreOffice Calc draws a merged cell's whole
text on every page it reaches): it is not printed, so it may lie anywhere on its page, inside
a table outline or not, but it must have been drawn.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pdfplumber
from random_doc import GDoc, expected_records

import jixiao
from jixiao.extract.text import normalize

#: Text a warning names as dropped (a re-printed merged cell kept once), quoted 「…」.
_QUOTED = re.compile(r"「(.*?)」")
EXECUTION_RATE = Decimal("99.14")  # 其中：部门年度整体预算完成率： 99.14%
#: Characters a font draws with the glyph of another, whose PDF text layer then names the
#: other: Noto CJK has one glyph for • (U+2022) and · (U+00B7), and LibreOffice writes the
#: glyph's ToUnicode as ·. The page then shows and says ·, so that is what the records hold.
GLYPH_ALIASES = {"•": "·"}


def _chars(text: str) -> Counter[str]:
    return Counter(normalize(text).replace(" ", ""))


def drawn_anywhere(pdf: Path) -> Counter[str]:
    """Every character of the PDF's text layer, printed or hidden by a clip path."""
    with pdfplumber.open(pdf) as doc:
        return Counter(ch for page in doc.pages for c in page.chars for ch in _chars(c["text"]))


def drawn_in_tables(pdf: Path) -> Counter[str]:
    """Characters whose centre lies inside the outline of the ruled area of their page.

    Read from the PDF (pdfplumber), not from the renderer's bookkeeping, so the office
    producers are held to the same account. Title, department line above the table,
    running headers and page numbers lie outside every outline.
    """
    out: Counter[str] = Counter()
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            edges = page.lines + page.rects
            if not edges:
                continue
            x0 = min(e["x0"] for e in edges) - 0.5
            x1 = max(e["x1"] for e in edges) + 0.5
            top = min(e["top"] for e in edges) - 0.5
            bottom = max(e["bottom"] for e in edges) + 0.5
            for ch in page.chars:
                cx, cy = (ch["x0"] + ch["x1"]) / 2, (ch["top"] + ch["bottom"]) / 2
                if x0 <= cx <= x1 and top <= cy <= bottom:
                    out.update(_chars(ch["text"]))
    return out


def check(pdf: Path, doc: GDoc, amounts: list[str | None]) -> list[str]:
    """Every difference between the parse of ``pdf`` and the source data (empty: pass)."""
    report = jixiao.parse(pdf)
    problems: list[str] = []
    facts = {
        "title": (report.title, doc.title),
        "department": (report.department, doc.department),
        "year": (report.year, doc.year),
        "budget_execution_rate": (report.budget_execution_rate, EXECUTION_RATE),
        "layout": (report.layout, "gz_dept_performance"),
    }
    problems += [f"{k}: got {g!r}, want {w!r}" for k, (g, w) in facts.items() if g != w]
    got = [
        (r.section, r.category, r.goal, r.indicator, r.target, r.actual, r.detail)
        for r in report.records
    ]
    drawn = drawn_in_tables(pdf)
    want = as_printed(expected_records(), drawn)
    if len(got) != len(want):
        problems.append(f"{len(got)} records, want {len(want)}")
    names = ("section", "category", "goal", "indicator", "target", "actual", "detail")
    for i, (g, w) in enumerate(zip(got, want, strict=False)):
        for name, gv, wv in zip(names, g, w, strict=True):
            if gv != wv:
                problems.append(f"record {i} {name}: got {gv!r}, want {wv!r}")
    got_amounts = [None if r.amount_wan is None else str(r.amount_wan) for r in report.records]
    if got_amounts != amounts:
        problems.append(f"amounts: got {got_amounts}, want {amounts}")
    problems += account(drawn, report, doc, drawn_anywhere(pdf))
    return problems


def as_printed(records: list[tuple], drawn: Counter[str]) -> list[tuple]:
    """The records with each aliased character as the PDF prints it.

    Only when the text layer shows the swap: no ``source`` character drawn at all, and
    more ``alias`` characters than the source data holds.
    """
    source = Counter("".join(str(v) for r in records for v in r if v))
    swaps = {
        a: b
        for a, b in GLYPH_ALIASES.items()
        if source[a] and not drawn[a] and drawn[b] > source[b]
    }
    if not swaps:
        return records
    table = str.maketrans(swaps)
    return [tuple(v.translate(table) if isinstance(v, str) else v for v in r) for r in records]


def account(
    drawn: Counter[str], report: jixiao.Report, doc: GDoc, anywhere: Counter[str]
) -> list[str]:
    """Character accounting between the PDF's table outlines (``drawn``) and the output
    cells; ``anywhere`` is every character drawn, for the text clip paths hid."""
    cells: Counter[str] = Counter()
    for table in report.tables:
        for cell in table.cells:
            cells.update(_chars(cell.text))
    header: Counter[str] = Counter()
    for table in doc.tables:
        for c in table.cells:
            if c.row < table.repeat_rows:
                header.update(_chars(c.text))
    dropped = sum(w.code == "repeated_header_dropped" for w in report.warnings)
    warned: Counter[str] = Counter({ch: n * dropped for ch, n in header.items()})
    clipped: Counter[str] = Counter()
    for w in report.warnings:
        for text in _QUOTED.findall(w.message):
            (clipped if w.code == "clipped_text" else warned).update(_chars(text))
    problems = []
    never_drawn = clipped - anywhere
    if never_drawn:
        problems.append(
            f"characters a warning says were clipped but were not drawn: {dict(never_drawn)}"
        )
    invented = cells - drawn
    if invented:
        problems.append(f"characters in cells but not drawn in a table: {dict(invented)}")
    lost = drawn - cells - warned - clipped
    if lost:
        problems.append(f"characters drawn in a table but in no cell or warning: {dict(lost)}")
    over = warned - (drawn - cells)
    if over:
        problems.append(f"characters a warning says were dropped but were not: {dict(over)}")
    return problems
