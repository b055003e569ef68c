"""A long document converted a segment of pages at a time: memory bounded by a segment.

Why: parsing took the whole document, so a long document's extracted tables and parsed
records were all alive at the conversion's peak (about 55 KB a page with a 20-row indicator
table: 164 MB for 2,000 pages, issue 14). Here the extractor hands over segments
(:func:`~jixiao.extract.extract_segments`: cut where no table runs over a page break, each
with the pages before it as context), each is parsed, its tables and projects written to
spools and its records set aside on disk, and let go. What is kept until the end is small:
counts, each layout's title and notes, the warnings, the text lines outside tables (as for
a whole document).

The output is :func:`~.build.spool_report`'s, byte for byte, when the parsers need no
context from before a segment's context pages (``benchmarks/parse_locality.py`` measures
it: every sample and real PDF with 50-page segments). Three things are the whole report's
and kept so: records and projects go to one spool per layout (the output lists them layout
by layout); warnings are sorted by where the whole conversion would have made them; and
records are assessed only at the end, because whether the report is a target-only form (no
record has an actual or a score) decides how every record is assessed; until then they
wait pickled on disk, without their cells (their cell references worked out already).
"""

from __future__ import annotations

import itertools
import pickle
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any, NamedTuple

from ..extract import Segment
from ..extract.model import Document, Notice, TextLine
from ..extract.model import Table as ExtractTable
from ..parsers import (
    LAYOUTS,
    ParsedReport,
    RecordData,
    header_row,
    parse_layouts,
    unknown_report,
)
from ..parsers.assess import assess_record, is_target_only
from ..parsers.meta import labelled_cell, titled_report
from ..parsers.result import DepartmentSummaryData, ProjectData
from .build import (
    VERDICT_FIELDS,
    Provenance,
    _exact,
    _exact_rest,
    _report,
    cell_model,
    project_model,
    read_by_ocr,
    record_from,
    table_shell,
    withhold_unsure_verdict,
)
from .models import Record, ReportWarning, Source
from .report_json import record_text, table_pieces
from .spool import Spool, SpooledReport, Spools

#: Pages before a segment given to its parsers as context (a project named on the page
#: before its indicator table); their own records are the previous segment's.
OVERLAP_PAGES = 4

_GROUPS = len(LAYOUTS) + 1  # each layout's records, then the column-form tables'
_COLUMNS = len(LAYOUTS)
_HEADER_ROWS = 12  # header rows a no_indicator_table warning lists
# Where a number_too_long warning names a record or project, until its index is known.
_RECORD = "report.records[\x00]"
_PROJECT = "report.projects[\x00]"
_PICKLE = pickle.HIGHEST_PROTOCOL


@dataclass(slots=True)
class _Pending:
    """A warning made in a segment, its indexes resolved once every segment is written."""

    key: tuple[int, ...]  # its place in the whole conversion's list, before the page sort
    code: str
    message: str
    page: int | None
    table: int | None
    record: tuple[int, int] | None = None  # (layout group, place in the group)
    path: tuple[str, int, int] | None = None  # (sentinel, group, place) in the message


def _first_page(item: RecordData | ProjectData, start: int) -> int:
    origin = getattr(item, "origin", None)
    if origin is not None:
        return origin[0].pages[0]
    return min(item.pages) if item.pages else start


class SegmentSpooler:
    """Each segment parsed, assessed and spooled as it comes; :meth:`finish` gives the
    report."""

    def __init__(self, synonyms: Mapping[str, Sequence[str]] | None) -> None:
        self.synonyms = synonyms
        self.records = [Spool() for _ in range(_GROUPS)]
        self.projects = [Spool() for _ in range(_GROUPS)]
        self.tables = Spool()
        self._numbers: dict[int, int] = {}  # id(table) → index in the output
        self._counts: list[dict[str, int]] = [{} for _ in range(_GROUPS)]
        self._read: set[int] = set()  # groups that read a record or a project
        self._pending: list[_Pending] = []
        self._layout_warnings: list[list[_Pending]] = [[] for _ in range(_GROUPS)]
        self._first: list[ParsedReport | None] = [None] * len(LAYOUTS)
        self._rate: list[Decimal | None] = [None] * len(LAYOUTS)
        self._summary: list[DepartmentSummaryData | None] = [None] * len(LAYOUTS)
        self._n_records = [0] * _GROUPS
        self._actuals = False  # a record of some segment has an actual or a score
        # Records wait here, pickled without their cells, until the last segment says
        # whether the report is a target-only form (see _write_records).
        self._aside = [
            tempfile.TemporaryFile(prefix="jixiao-aside-")  # noqa: SIM115 (closed by close())
            for _ in range(_GROUPS)
        ]
        self._lines: list[TextLine] = []
        self._labelled: ExtractTable | None = None
        self._header_rows: list[str] = []
        self._segment = 0
        self._next = 0  # the next table's index in the output

    def add(self, segment: Segment) -> None:
        start, doc = segment.start, segment.doc
        index = self._segment
        self._segment += 1
        # A table before ``start`` is context, numbered and written by an earlier segment.
        new = [t for t in doc.tables if t.pages[0] >= start]
        for t in new:
            self._numbers[id(t)] = self._next
            self._next += 1
        reports, columns = parse_layouts(doc, self.synonyms)
        groups = [*reports, columns]
        records = [
            [r for r in (g.records if g else ()) if _first_page(r, start) >= start] for g in groups
        ]
        projects = [
            [p for p in (g.projects if g else ()) if _first_page(p, start) >= start] for g in groups
        ]
        mine = [r for rs in records for r in rs]
        self._actuals = self._actuals or not is_target_only(mine)
        numbers = [self._numbers[id(t)] for t in doc.tables]
        provenance = Provenance(doc.tables, mine, [p for ps in projects for p in ps], numbers)
        record_at: dict[tuple[int, int], tuple[int, int]] = {}
        for g, rs in enumerate(records):
            for i, r in enumerate(rs, self._n_records[g]):
                if (at := provenance.row(r.origin)) is not None:
                    record_at.setdefault(at, (g, i))

        def pending(key: tuple[int, ...], n: Notice, path: Any = None) -> _Pending:
            at = provenance.row(n.origin) or provenance.locate(n.page, n.at)
            return _Pending(
                key,
                n.code,
                n.message,
                n.page,
                at[0] if at else None,
                record_at.get(at) if at else None,
                path,
            )

        self._pending += [pending((0, index, i), n) for i, n in enumerate(doc.notices)]
        for g, report in enumerate(groups):
            if report is None:
                continue
            for i, n in enumerate(report.warnings):
                first = n.origin[0].pages[0] if n.origin else n.page
                if first is None or first >= start:
                    self._layout_warnings[g].append(pending((1, g, index, i), n))
            if g < _COLUMNS:
                self._note_layout(g, report, bool(records[g] or projects[g]))
        for g, rs in enumerate(records):
            for r in rs:
                counts = self._counts[g]
                counts[r.layout or ""] = counts.get(r.layout or "", 0) + 1
                at = provenance.row(r.origin)
                refs = {
                    name: refs
                    for name, cells in r.cells.items()
                    if name in Record.model_fields and (refs := provenance.refs(cells))
                }
                unsure = {
                    name: [_Mark(c.text, c.confidence) for c in cells if _unsure(c.confidence)]
                    for name, cells in r.cells.items()
                    if name in VERDICT_FIELDS
                }
                aside = replace(r, cells=unsure, origin=None)
                where = (at[0], record_at.get(at)) if at else None
                pickle.dump((aside, read_by_ocr(r), refs, where), self._aside[g], _PICKLE)
                self._n_records[g] += 1
                self._read.add(g)
        for g, ps in enumerate(projects):
            for p in ps:
                place = len(self.projects[g])
                exact = []
                p = _exact(p, _PROJECT, exact)
                for i, n in enumerate(exact):
                    self._pending.append(pending((6, 0, g, place, i), n, (_PROJECT, g, place)))
                self.projects[g].write(record_text(project_model(p, provenance)))
                self.projects[g].end()
                self._read.add(g)
        for t in new:
            self._spool_table(t)
        self._lines += [line for line in doc.lines if line.page >= start]
        for t in doc.tables:
            t.drop_indexes()
        # The next segment's context tables are some of these; ids of the others may be
        # reused by new tables, which are told by their page, not their id.
        self._numbers = {id(t): self._numbers[id(t)] for t in doc.tables}

    def _note_layout(self, g: int, report: ParsedReport, read: bool) -> None:
        """What the merge takes from a layout's report: the first that read something gives
        the title; the first rate and summary found."""
        if read and self._first[g] is None:
            # Only what the merge reads, not the report's records and cells.
            self._first[g] = replace(report, records=[], projects=[], warnings=[])
        self._rate[g] = self._rate[g] or report.budget_execution_rate
        self._summary[g] = self._summary[g] or report.department_summary

    def _spool_table(self, t: ExtractTable) -> None:
        number = self._numbers[id(t)]
        for piece in table_pieces(table_shell(number, t), map(cell_model, t.cells)):
            self.tables.write(piece)
        self.tables.end()
        if len(self._header_rows) < _HEADER_ROWS:
            self._header_rows.append(header_row(t))
        if self._labelled is None and labelled_cell(t):
            self._labelled = t

    def finish(self, source: Source) -> SpooledReport:
        """The report, once every segment is added."""
        lines = Document(0, [self._labelled] if self._labelled else [], self._lines, [])
        counts: dict[str, int] = {}
        for group in self._counts:
            for layout, n in group.items():
                counts[layout] = counts.get(layout, 0) + n
        kept = [g for g in range(_COLUMNS) if g in self._read]
        pending = self._pending
        if not counts:
            # No record: the report is unknown's, and its projects and their warnings go
            # with the layouts' reports, as in parse_document.
            kept = []
            pending = [p for p in pending if p.key[:2] != (6, 0)]
            self.projects, dropped = [Spool() for _ in range(_GROUPS)], self.projects
            for spool in dropped:
                spool.close()
        layout_warnings = [w for g in [*kept, _COLUMNS] for w in self._layout_warnings[g]]
        if not counts:
            parsed = unknown_report(lines, [], self._header_rows, self._next)
            for i, n in enumerate(parsed.warnings):
                layout_warnings.append(_Pending((1, _GROUPS, 0, i), n.code, n.message, None, None))
            parsed.warnings = []
        else:
            main = max(counts, key=lambda k: counts[k])  # first reached wins a tie
            base = next((self._first[g] for g in kept if self._layout_of(g) == main), None)
            if base is None:
                base = titled_report(lines, main)
            parsed = replace(base, layout=main, records=[], projects=[], warnings=[])
            for g in kept:
                parsed.budget_execution_rate = parsed.budget_execution_rate or self._rate[g]
                parsed.department_summary = parsed.department_summary or self._summary[g]
        self._write_records()
        parsed, before, after = _exact_rest(parsed)
        notices = [*pending, *layout_warnings]
        notices += [_Pending((4, i), n.code, n.message, n.page, None) for i, n in enumerate(before)]
        notices += [
            _Pending((6, 1, i), n.code, n.message, n.page, None) for i, n in enumerate(after)
        ]
        if not self._next:
            notices.append(
                _Pending((7,), "no_tables", "no ruled table was found in the document", None, None)
            )
        notices.sort(key=lambda p: p.key)
        notices.sort(key=lambda p: p.page or 0)
        records = _offsets(self.records)
        projects = _offsets(self.projects)
        offsets = {_RECORD: records, _PROJECT: projects}
        warnings = []
        for p in notices:
            message = p.message
            if p.path is not None:
                sentinel, g, place = p.path
                real = sentinel.replace("\x00", str(offsets[sentinel][g] + place))
                message = message.replace(sentinel, real, 1)
            record = records[p.record[0]] + p.record[1] if p.record else None
            warnings.append(
                ReportWarning(
                    code=p.code, message=message, page=p.page, table=p.table, record=record
                )
            )
        report = _report(source, parsed, Provenance([], []), warnings, [], [])
        return SpooledReport(report, Spools(self.records), self.tables, Spools(self.projects))

    def _write_records(self) -> None:
        """Each record set aside assessed, checked for numbers JSON cannot carry, and
        written, layout by layout: only now is it known whether the report is a target-only
        form (no record of any segment has an actual or a score)."""
        target_only = not self._actuals
        for g, aside in enumerate(self._aside):
            aside.seek(0)
            for place in itertools.count():
                try:
                    r, ocr, refs, where = pickle.load(aside)
                except EOFError:
                    break
                table, record = where or (None, None)
                # Its notices are the record's own: at its row (``where``), or nowhere.
                made = [((2, g, place, i), n) for i, n in enumerate(assess_record(r, target_only))]
                if (n := withhold_unsure_verdict(r)) is not None:
                    made.append(((3, g, place), n))
                self._pending += [
                    _Pending(key, n.code, n.message, n.page, table, record) for key, n in made
                ]
                exact: list[Notice] = []
                r = _exact(r, _RECORD, exact)
                for i, n in enumerate(exact):
                    self._pending.append(
                        _Pending(
                            (5, g, place, i),
                            n.code,
                            n.message,
                            n.page,
                            None,
                            None,
                            (_RECORD, g, place),
                        )
                    )
                self.records[g].write(record_text(record_from(r, ocr, refs)))
                self.records[g].end()
            aside.close()

    def _layout_of(self, g: int) -> str | None:
        first = self._first[g]
        return first.layout if first else None

    def close(self) -> None:
        for spool in (*self.records, *self.projects, self.tables):
            spool.close()
        for aside in self._aside:
            aside.close()


class _Mark(NamedTuple):
    """A cell a record's verdict rests on, read by OCR below the confidence threshold:
    what :func:`~.build.withhold_unsure_verdict` reads of it."""

    text: str
    confidence: float


def _unsure(confidence: float | None) -> bool:
    from ..extract.ocr_mode import LOW_CONFIDENCE

    return confidence is not None and confidence < LOW_CONFIDENCE


def _offsets(spools: list[Spool]) -> list[int]:
    """Where each group's items start in the output's list."""
    out, total = [], 0
    for spool in spools:
        out.append(total)
        total += len(spool)
    return out
