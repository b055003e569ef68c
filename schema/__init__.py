"""Models → validated output; the JSON Schema is generated from them."""

from __future__ import annotations

from typing import Any

from .models import SCHEMA_VERSION, Cell, Record, Report, ReportWarning, Source, Table

__all__ = [
    "SCHEMA_VERSION",
    "Cell",
    "Record",
    "Report",
    "ReportWarning",
    "Source",
    "Table",
    "dumps",
    "json_schema",
]


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of a report file (what ``jixiao schema`` prints)."""
    schema = Report.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "jixiao report"
    return schema


def dumps(report: Report) -> str:
    """Stable JSON text: UTF-8 Chinese as is, two-space indent, trailing newline; written
    a cell at a time (:mod:`.report_json`) so long documents do not need a dict of every cell."""
    from .report_json import dumps_report

    return dumps_report(report)
