"""A plain-text summary of which targets were met, for ``jixiao convert --summary``.

Plain text rather than a rich table: it goes to stderr or a pipe as often as to a terminal,
and CJK text needs width-aware padding that is simple to do by hand.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

from .models import Record, Report

_STATUS_MARK = {
    "met": "✓ met",
    "not_met": "✗ not met",
    "unclear": "? unclear",
    "qualitative": "· qualitative",
    "target_only": "· target only",
    "unmatched": "? unmatched",
}
_CONSISTENCY = ("agrees", "claims_more", "claims_less")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _fit(text: str, width: int) -> str:
    out, used = "", 0
    for ch in text:
        w = _width(ch)
        if used + w > width - 1 and len(text) > len(out) + 1:
            return out + "…" + " " * (width - used - 1)
        out += ch
        used += w
    return out + " " * (width - used)


def _self_score(record: Record) -> str:
    """``[stated] 10/10 claims_more``: the basis, the department's own score and how the two
    compare, so a reader sees at once where a claim and the numbers part."""
    parts = [f"[{record.basis}]"] if record.status in {"met", "not_met", "unclear"} else []
    if record.weight is not None and record.score is not None:
        parts.append(f"{record.score.normalize():f}/{record.weight.normalize():f}")
    if record.consistency and record.consistency != "agrees":
        parts.append(record.consistency)
    return " ".join(parts)


def summary_text(report: Report, name_width: int = 40, *, tables: int | None = None) -> str:
    """``tables``: how many tables the JSON holds, when ``report.tables`` was left empty
    for a writer that streamed them (``jixiao convert``)."""
    lines = [
        f"{report.source.file}: {report.department or '?'} {report.year or ''} "
        f"({report.layout}, {len(report.records)} records)"
    ]
    project: str | None = None
    for index, record in enumerate(report.records, 1):
        if record.project and record.project != project:
            project = record.project
            lines.append(f"  项目 {project}")
        status = _STATUS_MARK.get(record.status, record.status)
        line = f"{index:>3}  {_fit(record.indicator_name, name_width)}  {status}"
        lines.append(f"{line}  {_self_score(record)}".rstrip())
        for check in record.checks:
            if check.status != "met":
                mark = _STATUS_MARK.get(check.status, check.status)
                lines.append(f"       {mark}: {check.reason}")
    if not report.records:
        n_tables = len(report.tables) if tables is None else tables
        lines.append(
            f"records: none (layout {report.layout}; {n_tables} tables in the JSON, "
            "`jixiao tables` exports them)"
        )
        return "\n".join(lines) + "\n"
    counts = Counter(record.status for record in report.records)
    known = [s for s in _STATUS_MARK if counts.get(s)]
    known += [s for s in counts if s not in _STATUS_MARK]
    lines.append("records: " + ", ".join(f"{counts[s]} {s}" for s in known))
    bases = Counter(r.basis for r in report.records if r.status in {"met", "not_met", "unclear"})
    if bases:
        lines.append("basis: " + ", ".join(f"{n} {b}" for b, n in bases.most_common()))
    claims = Counter(r.consistency for r in report.records if r.consistency)
    if claims:
        lines.append(
            "self-assessment: "
            + ", ".join(f"{claims[c]} {c}" for c in _CONSISTENCY if claims.get(c))
            + f" (of {sum(claims.values())} rows with a score and a met/not_met status)"
        )
    return "\n".join(lines) + "\n"
