"""Cells → rows and fields: recognise the report layout and read its records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..extract.model import Document
from . import dept_self_eval, gz_performance, project_self_eval, project_target_form
from .meta import find_department, find_title, find_year
from .result import ParsedReport, RecordData

__all__ = ["LAYOUTS", "Layout", "ParsedReport", "RecordData", "parse_document"]


@dataclass(frozen=True, slots=True)
class Layout:
    id: str
    detect: Callable[[Document], bool]
    parse: Callable[[Document], ParsedReport]


LAYOUTS: tuple[Layout, ...] = (
    Layout(gz_performance.LAYOUT_ID, gz_performance.detect, gz_performance.parse),
    Layout(project_target_form.LAYOUT_ID, project_target_form.detect, project_target_form.parse),
    Layout(project_self_eval.LAYOUT_ID, project_self_eval.detect, project_self_eval.parse),
    Layout(dept_self_eval.LAYOUT_ID, dept_self_eval.detect, dept_self_eval.parse),
)


def parse_document(doc: Document) -> ParsedReport:
    """The first layout that recognises the document, else ``unknown`` with tables only."""
    for layout in LAYOUTS:
        if layout.detect(doc):
            return layout.parse(doc)
    title = find_title(doc)
    return ParsedReport(
        layout="unknown", title=title, department=find_department(doc, title), year=find_year(title)
    )
