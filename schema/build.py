"""Extracted document + parsed report → the validated :class:`Report` (the stage boundary)."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from dataclasses import fields, is_dataclass, replace
from decimal import Decimal
from typing import Any

from ..extract.model import Cell as ExtractCell
from ..extract.model import Document, Notice
from ..extract.model import Table as ExtractTable
from ..parsers.assess import assess_record, is_target_only
from ..parsers.result import (
    DepartmentSummaryData,
    ParsedReport,
    ProjectData,
    RecordData,
)
from .models import (
    MAX_DIGITS,
    Cell,
    CellRef,
    DepartmentSummary,
    Project,
    Record,
    Report,
    ReportWarning,
    Source,
    Table,
)
from .spool import Spool, SpooledReport

# Record fields built here from the parsers' extract objects rather than read by name.
PROVENANCE_FIELDS = ("cells",)


def _round(bbox: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    # Unpacked, not by a generator (92,000 boxes over the samples and real PDFs).
    x0, top, x1, bottom = bbox
    return (round(x0, 2), round(top, 2), round(x1, 2), round(bottom, 2))


def table_model(index: int, table: ExtractTable) -> Table:
    return table_shell(index, table, [cell_model(c) for c in table.cells])


def table_shell(index: int, table: ExtractTable, cells: list[Cell] | None = None) -> Table:
    """The table's model; without ``cells``, an empty list (the streaming writer writes
    them one by one)."""
    return Table(
        index=index,
        pages=table.pages,
        n_rows=table.n_rows,
        n_columns=table.n_columns,
        cells=cells or [],
        engine=table.engine,
        text_columns=[round(x, 2) for x in table.text_columns],
        ocr=table.ocr,
    )


def cell_model(c: ExtractCell) -> Cell:
    return Cell(
        row=c.row,
        column=c.column,
        rowspan=c.rowspan,
        colspan=c.colspan,
        text=c.text,
        page=c.page,
        end_page=c.end_page or c.page,
        bbox=_round(c.bbox),
        confidence=None if c.confidence is None else round(c.confidence, 3),
    )


#: Cells a table may hold in :meth:`Provenance._pieces`' packed keys.
_PER_TABLE = 1 << 32
_NEAR = 30.0  # points: stray text this close to a cell is taken to be in its table row


class Provenance:
    """Extract objects → their indexes in the output (tables are matched by identity: the
    parsers hold the very Table and Cell objects of ``doc.tables``)."""

    def __init__(
        self,
        tables: list[ExtractTable],
        records: Sequence[RecordData],
        projects: Sequence[ProjectData] = (),
        numbers: Sequence[int] | None = None,
    ) -> None:
        # ``numbers``: each table's index in the output, when ``tables`` are not all of it
        # (a segment of a long document).
        self._numbers = range(len(tables)) if numbers is None else numbers
        self.table_index = {id(t): n for t, n in zip(tables, self._numbers, strict=True)}
        self._tables = tables
        self._by_page: dict[int, array[int]] | None = None
        # Only the cells a record or project cites (what :meth:`refs` is asked about): an
        # entry for every cell of a long document cost about 100 bytes a cell.
        # Filled in place (no set of the cited cells beside it: this runs at the peak).
        cited = (c for x in (*records, *projects) for cs in x.cells.values() for c in cs)
        self.cell_table = dict.fromkeys(map(id, cited), -1)
        for n, t in zip(self._numbers, tables, strict=True):
            for c in t.cells:
                if id(c) in self.cell_table:
                    self.cell_table[id(c)] = n
        # A cell the parser made up is in no table: nothing on the page to point at.
        for key in [key for key, i in self.cell_table.items() if i < 0]:
            del self.cell_table[key]
        self.record_at: dict[tuple[int, int], int] = {}
        for index, r in enumerate(records):
            if (at := self.row(r.origin)) is not None:
                self.record_at.setdefault(at, index)

    def row(self, origin: tuple[ExtractTable, int] | None) -> tuple[int, int] | None:
        if origin is None or (table := self.table_index.get(id(origin[0]))) is None:
            return None
        return table, origin[1]

    def locate(self, page: int | None, at: tuple[float, float] | None) -> tuple[int, int] | None:
        """(table, row) of the cell printed at a point of a page: the one containing it, else
        the nearest within :data:`_NEAR` points (text in an outline but in no closed cell)."""
        if page is None or at is None:
            return None
        x, y = at
        best: tuple[float, tuple[int, int]] | None = None
        for key in self._pieces().get(page, ()):
            index, position = divmod(key, _PER_TABLE)
            c = self._tables[index].cells[position]
            for piece_page, (x0, top, x1, bottom) in c.pieces:
                if piece_page != page:
                    continue
                dx = max(x0 - x, 0.0, x - x1)
                dy = max(top - y, 0.0, y - bottom)
                distance = max(dx, dy)
                if distance <= _NEAR and (best is None or distance < best[0]):
                    best = (distance, (self._numbers[index], c.row))
        return best[1] if best else None

    def _pieces(self) -> dict[int, array[int]]:
        """The cells printed on each page (table index and place in its cell list packed in
        one integer), built once, only when a notice asks. Why packed: a tuple of the place
        and the box per printed piece cost about 120 bytes a cell, 9 MB over 1,000 corpus
        pages, at the conversion's peak."""
        if self._by_page is None:
            self._by_page = {}
            for index, table in enumerate(self._tables):
                for position, c in enumerate(table.cells):
                    key = index * _PER_TABLE + position
                    for page in dict.fromkeys(page for page, _ in c.pieces):
                        self._by_page.setdefault(page, array("q")).append(key)
        return self._by_page

    def refs(self, cells: list[ExtractCell]) -> list[CellRef]:
        """One reference per printed piece of each cell (first page, then continuations)."""
        out: list[CellRef] = []
        for c in cells:
            table = self.cell_table.get(id(c))
            if table is None:
                continue  # a cell the parser made up: nothing on the page to point at
            for page, bbox in c.pieces:
                out.append(
                    CellRef(table=table, row=c.row, column=c.column, page=page, bbox=_round(bbox))
                )
        return out


def record_model(r: RecordData, provenance: Provenance | None = None) -> Record:
    """Fields are read by name, so a field added to both sides needs no code here; the
    assessment's fields are named like the Record's."""
    refs = None
    if provenance is not None:
        refs = {
            name: refs
            for name, cells in r.cells.items()
            if name in Record.model_fields and (refs := provenance.refs(cells))
        }
    return record_from(r, read_by_ocr(r), refs)


def read_by_ocr(r: RecordData) -> bool:
    return (r.origin is not None and r.origin[0].ocr) or any(
        c.confidence is not None for cells in r.cells.values() for c in cells
    )


def record_from(r: RecordData, ocr: bool, refs: dict[str, list[CellRef]] | None) -> Record:
    """:func:`record_model` with the record's OCR flag and cell references given: a record
    set aside without its cells (``schema.segments``) has them worked out already."""
    data = {
        name: getattr(r, name)
        for name in Record.model_fields
        if hasattr(r, name) and name not in PROVENANCE_FIELDS
    }
    if r.assessment is not None:
        data |= {f.name: getattr(r.assessment, f.name) for f in fields(r.assessment)}
    data["ocr"] = ocr
    if refs is not None:
        data["cells"] = refs
    return Record.model_validate(data, from_attributes=True)


def _warning(notice: Notice, provenance: Provenance) -> ReportWarning:
    at = provenance.row(notice.origin) or provenance.locate(notice.page, notice.at)
    return ReportWarning(
        code=notice.code,
        message=notice.message,
        page=notice.page,
        table=at[0] if at else None,
        record=provenance.record_at.get(at) if at else None,
    )


# Extraction objects a parsed result points at; walking them would visit a whole table once
# per record that names it (minutes on a 1,000-record report).
_EXTRACTED = (ExtractTable, ExtractCell, Notice)


# The fields a verdict is read from: OCR text below the threshold there makes it unclear.
VERDICT_FIELDS = ("target", "actual")


def withhold_unsure_verdicts(records: list[RecordData]) -> list[Notice]:
    """A met / not_met resting on OCR text below :data:`~jixiao.extract.ocr.LOW_CONFIDENCE`
    becomes unclear: one misread digit (8 for 3) turns a verdict over, and the output must
    not state it as read. The quantities stay, as read, with the warning."""
    return [n for r in records if (n := withhold_unsure_verdict(r)) is not None]


def withhold_unsure_verdict(r: RecordData) -> Notice | None:
    """:func:`withhold_unsure_verdicts` for one record."""
    from ..extract.ocr_mode import LOW_CONFIDENCE

    unsure = [
        c
        for name in VERDICT_FIELDS
        for c in r.cells.get(name, [])
        if c.confidence is not None and c.confidence < LOW_CONFIDENCE
    ]
    verdict = r.assessment.status if r.assessment else None
    if not unsure or verdict not in ("met", "not_met"):
        return None
    assert r.assessment is not None
    r.assessment = replace(r.assessment, status="unclear", consistency=None)
    quoted = "; ".join(f"「{c.text}」 ({c.confidence:.2f})" for c in unsure)
    return Notice(
        "ocr_low_confidence",
        f"{r.indicator}: verdict {verdict} withheld (status unclear): target or actual "
        f"read by OCR below confidence {LOW_CONFIDENCE}: {quoted}",
        r.pages[0] if r.pages else None,
        origin=r.origin,
    )


def _exact(value: Any, where: str, notices: list[Notice]) -> Any:
    """``value`` with every number the output cannot carry exactly (over
    :data:`MAX_DIGITS` significant digits, NaN, infinity) set to None, each with a warning.

    Why here: a scraped report can print any digit string in any cell, and one such cell
    must not fail the whole file at validation; its text is still in ``tables``.
    """
    if isinstance(value, Decimal):
        if value.is_finite() and len(value.as_tuple().digits) <= MAX_DIGITS:
            return value
        notices.append(
            Notice(
                "number_too_long",
                f"{where}: {str(value)[:40]} has more than {MAX_DIGITS} significant digits "
                "(or is not a number); left null, the printed text is kept in the tables",
            )
        )
        return None
    if isinstance(value, _EXTRACTED):
        return value  # the page's own objects (a record's origin, its cells): no parsed numbers
    names = _field_names(type(value))
    if names is not None:
        changed = {}
        for name in names:
            old = getattr(value, name)
            if type(old) in _LEAVES:
                continue
            new = _exact(old, f"{where}.{name}", notices)
            if new is not old:
                changed[name] = new
        return replace(value, **changed) if changed else value
    if type(value) in (list, tuple):
        items = [
            v if type(v) in _LEAVES else _exact(v, f"{where}[{i}]", notices)
            for i, v in enumerate(value)
        ]
        if any(new is not old for new, old in zip(items, value, strict=True)):
            return type(value)(items)
    return value


#: Values :func:`_exact` returns as they are, by exact type: a record's texts, flags and
#: counts, most of the 260,000 values it is handed over the samples and real PDFs. Their
#: place (``where``) is no longer formatted for each, only for a value that may need it.
_LEAVES = frozenset({str, int, float, bool, type(None)})

#: Each dataclass type's field names (None: not a dataclass), looked up once a type:
#: ``fields()`` built the list again for every parsed object.
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    if kind in _FIELD_NAMES:
        return _FIELD_NAMES[kind]
    is_class = is_dataclass(kind) and not issubclass(kind, type)
    names = _FIELD_NAMES[kind] = tuple(f.name for f in fields(kind)) if is_class else None
    return names


class _Prepared:
    """The assessment stage, once over every record whatever layout read it, then numbers
    the output cannot carry exactly set aside (:func:`_exact`): a record at a time.

    Why a record at a time: an assessment (quantities, checks) costs as much as its record,
    and assessing them all before writing the first held both for the whole document. The
    parsed records are consumed: :meth:`records` lets each go once it is yielded. The
    warnings are those of assessing the whole report at once, in the same order.
    """

    def __init__(self, doc: Document, parsed: ParsedReport) -> None:
        self._doc = doc
        self._records = parsed.records
        self.parsed, self._exact_before, self._exact_after = _exact_rest(parsed)
        self.provenance = Provenance(doc.tables, self._records, self.parsed.projects)
        self._assessed: list[Notice] = []
        self._withheld: list[Notice] = []
        self._exact_records: list[Notice] = []

    def records(self) -> Iterator[RecordData]:
        rows, self._records = self._records, []
        target_only = is_target_only(rows)
        rows.reverse()  # popped from the end, in order
        index = 0
        while rows:
            r = rows.pop()
            self._assessed += assess_record(r, target_only)
            if self._doc.ocr_pages and (notice := withhold_unsure_verdict(r)) is not None:
                self._withheld.append(notice)
            yield _exact(r, f"report.records[{index}]", self._exact_records)
            index += 1

    def warnings(self) -> list[ReportWarning]:
        """Every notice, once :meth:`records` has been run through."""
        notices = [
            *self._doc.notices,
            *self.parsed.warnings,
            *self._assessed,
            *self._withheld,
            *self._exact_before,
            *self._exact_records,
            *self._exact_after,
        ]
        if not self._doc.tables:
            notices.append(Notice("no_tables", "no ruled table was found in the document"))
        notices.sort(key=lambda n: n.page or 0)
        return [_warning(n, self.provenance) for n in notices]


def _exact_rest(parsed: ParsedReport) -> tuple[ParsedReport, list[Notice], list[Notice]]:
    """``_exact(parsed, "report", ...)`` for every field but the records (left empty): the
    notices of the fields before the records and of those after, as that walk orders them."""
    before: list[Notice] = []
    after: list[Notice] = []
    changed: dict[str, Any] = {"records": []}
    notices = before
    for f in fields(parsed):
        if f.name == "records":
            notices = after
            continue
        old = getattr(parsed, f.name)
        new = _exact(old, f"report.{f.name}", notices)
        if new is not old:
            changed[f.name] = new
    return replace(parsed, **changed), before, after


def _report(
    source: Source,
    parsed: ParsedReport,
    provenance: Provenance,
    warnings: list[ReportWarning],
    records: list[Record],
    tables: list[Table],
) -> Report:
    return Report(
        source=source,
        layout=parsed.layout,
        title=parsed.title,
        department=parsed.department,
        year=parsed.year,
        budget_execution_rate=parsed.budget_execution_rate,
        records=records,
        tables=tables,
        warnings=warnings,
        projects=[project_model(p, provenance) for p in parsed.projects],
        department_summary=department_summary_model(parsed.department_summary),
    )


def build_report(source: Source, doc: Document, parsed: ParsedReport) -> Report:
    """The whole report; ``parsed.records`` is consumed (:class:`_Prepared`)."""
    prepared = _Prepared(doc, parsed)
    records = [record_model(r, prepared.provenance) for r in prepared.records()]
    tables = [table_model(i, t) for i, t in enumerate(doc.tables)]
    return _report(
        source, prepared.parsed, prepared.provenance, prepared.warnings(), records, tables
    )


def spool_report(source: Source, doc: Document, parsed: ParsedReport) -> SpooledReport:
    """:func:`build_report` with each record and table turned into JSON text as soon as it is
    made and parked in a :class:`~.spool.Spool`: no more than one record or cell model is
    alive at a time, and the caller may drop the extracted document once this returns."""
    from .report_json import record_text, table_pieces

    prepared = _Prepared(doc, parsed)
    provenance = prepared.provenance
    records = Spool()
    for r in prepared.records():
        records.write(record_text(record_model(r, provenance)))
        records.end()
    warnings = prepared.warnings()
    tables = Spool()
    for index, table in enumerate(doc.tables):
        for piece in table_pieces(table_shell(index, table), map(cell_model, table.cells)):
            tables.write(piece)
        tables.end()
    projects = Spool()
    for p in prepared.parsed.projects:
        projects.write(record_text(project_model(p, provenance)))
        projects.end()
    report = _report(source, replace(prepared.parsed, projects=[]), provenance, warnings, [], [])
    return SpooledReport(report, records, tables, projects)


def project_model(p: ProjectData, provenance: Provenance | None = None) -> Project:
    data = {name: getattr(p, name) for name in Project.model_fields if name != "cells"}
    if provenance is not None:
        data["cells"] = {
            name: refs for name, cells in p.cells.items() if (refs := provenance.refs(cells))
        }
    return Project.model_validate(data, from_attributes=True)


def department_summary_model(d: DepartmentSummaryData | None) -> DepartmentSummary | None:
    return None if d is None else DepartmentSummary.model_validate(d, from_attributes=True)
