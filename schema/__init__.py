"""Models → validated output; the JSON Schema is generated from them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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


#: What :mod:`.models` lends this package, imported on first use (:func:`__getattr__`).
_MODELS = frozenset(
    {"SCHEMA_VERSION", "Cell", "Record", "Report", "ReportWarning", "Source", "Table"}
)


def __getattr__(name: str) -> Any:
    """The models, imported when first asked for: a batch imports this package for its
    worker pool (:mod:`.jobs`), which should start before pydantic builds the models (0.13 s
    of the parent's start)."""
    if name in _MODELS:
        from . import models

        value = getattr(models, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def json_schema() -> dict[str, Any]:
    """The published JSON Schema of a report file (what ``jixiao schema`` prints)."""
    from .models import Report

    schema = Report.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "jixiao report"
    return schema


def dumps(report: Report) -> str:
    """Stable JSON text: UTF-8 Chinese as is, two-space indent, trailing newline; written
    a cell at a time (:mod:`.report_json`) so long documents do not need a dict of every cell."""
    from .report_json import dumps_report

    return dumps_report(report)
