"""How many tables jixiao reproduces exactly, next to pdfplumber and camelot, on the same files.

    python benchmarks/peer_tables.py            # peer set + jixiao's own Chinese cases
    python benchmarks/peer_tables.py --only jixiao

Cases:
- the peer set: camelot's own test PDFs with the tables its test suite expects
  (``../shared/peer-tables/camelot``, see its README; every entry, whatever flavor or
  keyword arguments camelot's test used — the tools here get none);
- jixiao's own Chinese cases, one per table class (full grid, partial rules, horizontal rules
  only, no rules, dense numbers), rendered by ``tests/table_cases.py``.

A table is reproduced when one of the tables a tool returns for the page has the expected
shape and every cell's text equal after whitespace normalisation (all whitespace removed:
camelot writes a wrapped line as ``\\n``, jixiao joins CJK lines without a space). Merged
cells are compared as camelot and pdfplumber print them: the text in the top-left slot,
the other slots empty. "cells right" counts expected cells whose text a tool's best table
for the entry (same shape) has right.

Tools, each as a user calls it with default settings: jixiao ``extract_document`` (auto),
pdfplumber ``page.extract_tables()``, camelot ``read_pdf(flavor="lattice")`` and
``read_pdf(flavor="stream")``.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PEER = REPO.parent / "shared" / "peer-tables" / "camelot"

Grid = list[list[str]]
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Case:
    key: str  # unique: id/file/flavor/table_index (+ params when an entry repeats)
    path: Path
    page: int
    rows: Grid


def norm(text: str) -> str:
    return _SPACE.sub("", text or "")


def peer_cases(folder: Path = PEER) -> list[Case]:
    """Every entry of the peer set's expected.json."""
    entries = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    cases: list[Case] = []
    seen: dict[str, int] = {}
    for e in entries:
        key = f"{e['id']}|{e['file']}|{e['flavor']}|{e['table_index']}"
        seen[key] = seen.get(key, 0) + 1
        if seen[key] > 1:
            key += f"|{seen[key]}"
        cases.append(Case(key, folder / "pdf" / e["file"], int(e["pages"]), e["rows"]))
    return cases


def same(expected: Grid, found: Grid) -> bool:
    return len(expected) == len(found) and all(
        len(a) == len(b) and all(norm(x) == norm(y) for x, y in zip(a, b, strict=True))
        for a, b in zip(expected, found, strict=False)
    )


def cells_right(expected: Grid, found: Grid) -> int:
    if len(expected) != len(found) or any(
        len(a) != len(b) for a, b in zip(expected, found, strict=True)
    ):
        return 0
    return sum(
        norm(x) == norm(y)
        for a, b in zip(expected, found, strict=True)
        for x, y in zip(a, b, strict=True)
    )


def jixiao_tables(path: Path, page: int) -> list[Grid]:
    """Tables jixiao finds on the page (page parts, before stitching over pages)."""
    from jixiao.extract import page_tables
    from jixiao.extract.export import table_grid
    from jixiao.extract.readers import read_pages

    out: list[Grid] = []
    for content in read_pages(path, pages=[page]):
        tables, _, _ = page_tables(content, engine="auto", path=path)
        out += [table_grid(t) for t in tables]
    return out


def pdfplumber_tables(path: Path, page: int) -> list[Grid]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [[[c or "" for c in row] for row in t] for t in pdf.pages[page - 1].extract_tables()]


def _camelot(flavor: str) -> Callable[[Path, int], list[Grid]]:
    def read(path: Path, page: int) -> list[Grid]:
        import camelot

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tables = camelot.read_pdf(str(path), pages=str(page), flavor=flavor)
        return [t.df.astype(str).values.tolist() for t in tables]

    return read


TOOLS: dict[str, Callable[[Path, int], list[Grid]]] = {
    "jixiao": jixiao_tables,
    "pdfplumber": pdfplumber_tables,
    "camelot-lattice": _camelot("lattice"),
    "camelot-stream": _camelot("stream"),
}


@dataclass
class Score:
    tables: int = 0  # tables returned, summed over distinct (file, page)
    reproduced: int = 0
    cells_right: int = 0
    cells: int = 0
    seconds: float = 0.0


def score(cases: list[Case], tool: Callable[[Path, int], list[Grid]]) -> tuple[Score, set[str]]:
    """The tool's score on the cases, and the keys of the cases it reproduces."""
    result = Score()
    found: dict[tuple[Path, int], list[Grid]] = {}
    hits: set[str] = set()
    for case in cases:
        where = (case.path, case.page)
        if where not in found:
            start = time.perf_counter()
            try:
                found[where] = tool(case.path, case.page)
            except Exception as exc:  # a peer failing on a file scores nothing there
                print(f"  {case.path.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
                found[where] = []
            result.seconds += time.perf_counter() - start
            result.tables += len(found[where])
        tables = found[where]
        result.cells += sum(len(row) for row in case.rows)
        result.cells_right += max((cells_right(case.rows, t) for t in tables), default=0)
        if any(same(case.rows, t) for t in tables):
            result.reproduced += 1
            hits.add(case.key)
    return result, hits


def own_cases(folder: Path) -> list[Case]:
    """jixiao's Chinese cases, rendered into ``folder``."""
    sys.path.insert(0, str(REPO / "tests"))
    from table_cases import CASES, render

    return [Case(name, render(name, folder), 1, rows) for name, rows in CASES.items()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", choices=sorted(TOOLS), action="append")
    args = parser.parse_args(argv)
    tools = {name: TOOLS[name] for name in args.only or TOOLS}
    with tempfile.TemporaryDirectory() as tmp:
        sets = {"own Chinese cases": own_cases(Path(tmp))}
        if PEER.is_dir():
            sets = {"camelot peer set": peer_cases(), **sets}
        for title, cases in sets.items():
            files = len({c.path for c in cases})
            print(f"\n## {title}: {len(cases)} expected tables in {files} files\n")
            print("| tool | tables found | tables reproduced | cells right | seconds |")
            print("|---|---|---|---|---|")
            per_tool: dict[str, set[str]] = {}
            for name, tool in tools.items():
                s, per_tool[name] = score(cases, tool)
                print(
                    f"| {name} | {s.tables} | {s.reproduced}/{len(cases)} | "
                    f"{s.cells_right}/{s.cells} | {s.seconds:.1f} |"
                )
            print("\nreproduced per file:\n")
            print("| file | expected | " + " | ".join(per_tool) + " |")
            print("|---|---|" + "---|" * len(per_tool))
            for path in sorted({c.path for c in cases}):
                keys = [c.key for c in cases if c.path == path]
                counts = [sum(k in hits for k in keys) for hits in per_tool.values()]
                print(f"| {path.name} | {len(keys)} | " + " | ".join(map(str, counts)) + " |")
            if "jixiao" in per_tool:
                missed = [c.key for c in cases if c.key not in per_tool["jixiao"]]
                print(f"\njixiao does not reproduce: {', '.join(missed) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
