"""How local the parsers are: each document parsed whole, then in page segments.

Why: a long document's peak memory is its extracted tables and parsed records, held until
parsing ends because the parsers take the whole document (issue 14's "keep memory flat").
Parsing segment by segment would bound it, but only if a segment's records are the ones
the whole parse gives. This prints, per file, whether they are: the same records (all
fields and pages), in the same order, the same projects. A segment starts at a page where
no table runs over from the page before; ``--overlap K`` also gives it the K pages before
(their records are the previous segment's and are dropped), for context printed earlier.

    python benchmarks/parse_locality.py --every 3 --overlap 4 [PDF ...]

Without PDFs: the bundled samples and ``../shared/real-pdfs``. See docs/internals.md
("Streaming the parse") for what it found.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from jixiao.extract import TableSettings, extract_document
from jixiao.extract.model import Document
from jixiao.parsers import ParsedReport, RecordData, parse_document

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "real-pdfs"
FIELDS = tuple(f.name for f in dataclasses.fields(RecordData) if f.name not in ("cells", "origin"))


def record_key(r: RecordData) -> tuple[Any, ...]:
    return tuple(repr(getattr(r, name)) for name in FIELDS)


def segments(doc: Document, every: int, overlap: int) -> list[tuple[int, Document]]:
    """(first page owned, the segment's document) for cuts about ``every`` pages apart."""
    pages = sorted({p for t in doc.tables for p in t.pages} | {ln.page for ln in doc.lines})
    if not pages:
        return [(0, doc)]
    first, last = pages[0], pages[-1]
    cuts, cut = [], first + every
    while cut <= last:
        if all(not (min(t.pages) < cut <= max(t.pages)) for t in doc.tables):
            cuts.append(cut)
            cut += every
        else:
            cut += 1
    bounds = [first, *cuts, last + 1]
    out = []
    for start, end in itertools.pairwise(bounds):
        lo = start - overlap
        part = dataclasses.replace(
            doc,
            tables=[t for t in doc.tables if lo <= t.pages[0] < end],
            lines=[ln for ln in doc.lines if lo <= ln.page < end],
            notices=[n for n in doc.notices if n.page is not None and lo <= n.page < end],
        )
        out.append((start, part))
    return out


def owned(report: ParsedReport, start: int) -> ParsedReport:
    """The records and projects of a segment that start on its own pages."""

    def first_page(r: RecordData) -> int:
        return r.origin[0].pages[0] if r.origin else min(r.pages or [start])

    return dataclasses.replace(
        report,
        records=[r for r in report.records if first_page(r) >= start],
        projects=[p for p in report.projects if min(p.pages or [start]) >= start],
    )


def compare(path: Path, every: int, overlap: int) -> bool:
    doc = extract_document(path, TableSettings())
    whole = parse_document(doc)
    parts = [owned(parse_document(d), start) for start, d in segments(doc, every, overlap)]
    a = [record_key(r) for r in whole.records]
    b = [record_key(r) for p in parts for r in p.records]
    projects = (len(whole.projects), sum(len(p.projects) for p in parts))
    same = Counter(a) == Counter(b) and projects[0] == projects[1]
    print(
        f"{path.name[:60]:60} segments {len(parts):3}  records {len(a):5} / {len(b):5}  "
        f"same {same!s:5}  same order {a == b!s:5}  projects {projects[0]} / {projects[1]}",
        flush=True,
    )
    return same and a == b


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--every", type=int, default=3, help="pages a segment (default 3)")
    ap.add_argument("--overlap", type=int, default=0, help="pages of context before it")
    args = ap.parse_args(argv)
    files = args.pdfs or sorted((ROOT / "samples").glob("*.pdf")) + sorted(REAL.glob("*.pdf"))
    results = [compare(f, args.every, args.overlap) for f in files]
    print(f"{sum(results)} of {len(results)} files give the whole parse's records in order")
    return 0


if __name__ == "__main__":
    sys.exit(main())
