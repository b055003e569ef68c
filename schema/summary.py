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
    "partly": "~ partly",
    "qualitative": "· qualitative",
    "unknown": "? unknown",
    "unmatched": "? unmatched",
}


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


def _status(record: Record) -> str:
    # A 填报表 has targets but no actuals: nothing to judge, which is not "unknown".
    if record.status == "unknown" and record.actual is None and not record.actuals:
        return "target only"
    return _STATUS_MARK.get(record.status, record.status)


def summary_text(report: Report, name_width: int = 40) -> str:
    lines = [
        f"{report.source.file}: {report.department or '?'} {report.year or ''} "
        f"({report.layout}, {len(report.records)} records)"
    ]
    project: str | None = None
    for index, record in enumerate(report.records, 1):
        if record.project and record.project != project:
            project = record.project
            lines.append(f"  项目 {project}")
        lines.append(f"{index:>3}  {_fit(record.indicator_name, name_width)}  {_status(record)}")
        for check in record.checks:
            if check.status != "met":
                mark = _STATUS_MARK.get(check.status, check.status)
                lines.append(f"       {mark}: {check.reason}")
    if not report.records:
        lines.append(
            f"records: none (layout {report.layout}; {len(report.tables)} tables in the JSON, "
            "`jixiao tables` exports them)"
        )
        return "\n".join(lines) + "\n"
    counts = Counter(_status(record) for record in report.records)
    lines.append("records: " + ", ".join(f"{n} {s}" for s, n in counts.items()))
    return "\n".join(lines) + "\n"
