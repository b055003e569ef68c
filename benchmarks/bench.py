"""Benchmark jixiao against pdfplumber and camelot: pages/s and peak RSS, per file and in total.

    python benchmarks/bench.py                   # 3 rounds, Markdown report on stdout
    python benchmarks/bench.py --rounds 2 --json bench.json

Files: samples/*.pdf and, when present, ../shared/real-pdfs/*.pdf (relative to the repo root),
or the PDFs given with --files. Tools, each exactly as a user would call it:

- jixiao: ``jixiao.dumps(jixiao.parse(path))`` (extract, parse, validate, JSON) of the
  checkout this script lives in (whatever ``jixiao`` is pip-installed is ignored);
- pdfplumber: ``page.extract_tables()`` on every page (tables only: no parsing, no JSON);
- camelot-vector: ``camelot.read_pdf(path, pages="all", flavor="lattice", engine="vector")``,
  camelot's fastest lattice setting (ruled lines read from the PDF, no rendering; faster
  than ``flavor="hybrid", engine="vector"``; ``backend`` only matters when rendering);
- camelot-lattice: ``camelot.read_pdf(path, pages="all", flavor="lattice")``, the default
  (``engine="combined"``: renders each page with the pdfium backend and runs OpenCV).

Why it is built this way, so that a noisy machine cannot fake a result:

- every measurement runs in a fresh subprocess, so peak RSS (``ru_maxrss`` of that process)
  belongs to one tool and one file, and no tool inherits another's warm caches;
- *cold* is a process's first file (what a one-off ``jixiao convert`` pays, lazy
  initialisation included: jixiao loads jieba's dictionary on first use, camelot its line
  detector); *warm* is another process that first converts every other bundled sample,
  untimed, then the file: what each file costs in the steady state of a batch of
  thousands (other files, so that no cache keyed on the file's content can help). Imports
  are never timed. Peak RSS is the cold process's. camelot-lattice is run cold only: it
  takes longer than everything else together;
- tools alternate file by file, and their order rotates every round (A/B/C/D, B/C/D/A, ...),
  so drift in machine load hits all of them alike; every figure is the median over rounds,
  and every ratio compares medians from the same run.

Also measured: peak RSS of jixiao on a 5-page and a 35-page PDF (built in a temporary folder
by concatenating sample pages with pypdf), and batch throughput with 1 and N worker
processes through ``jixiao batch`` (N = the cores this process may use).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "real-pdfs"

TOOLS: dict[str, str] = {
    "jixiao": "jixiao.dumps(jixiao.parse(path))",
    "pdfplumber": "page.extract_tables() for every page",
    "camelot-vector": 'camelot.read_pdf(path, pages="all", flavor="lattice", engine="vector")',
    "camelot-lattice": 'camelot.read_pdf(path, pages="all", flavor="lattice")  # engine="combined"',
}
PEERS = ("pdfplumber", "camelot-vector", "camelot-lattice")
SLOW = {"camelot-lattice"}  # run once per file and round: it dominates the benchmark's time


# --- the measured calls (run inside the child process) ---------------------------------


def _load(tool: str) -> Callable[[Path], Any]:
    """Import the tool (not timed) and return the call that is timed."""
    import warnings

    warnings.filterwarnings("ignore")  # camelot warns about pages without tables
    if tool == "jixiao":
        import jixiao

        if not Path(jixiao.__file__).resolve().is_relative_to(REPO):
            raise RuntimeError(f"measuring {jixiao.__file__}, not this checkout ({REPO})")
        return lambda path: jixiao.dumps(jixiao.parse(path))
    if tool == "pdfplumber":
        import pdfplumber

        def extract_tables(path: Path) -> int:
            n = 0
            with pdfplumber.open(path) as pdf:
                for page in pdf.pages:
                    n += len(page.extract_tables())
                    page.close()
            return n

        return extract_tables
    import camelot

    if tool == "camelot-vector":
        return lambda path: camelot.read_pdf(
            str(path), pages="all", flavor="lattice", engine="vector"
        )
    if tool == "camelot-lattice":
        return lambda path: camelot.read_pdf(str(path), pages="all", flavor="lattice")
    raise ValueError(f"unknown tool {tool!r}")


def child(tool: str, path: Path, warmups: list[Path]) -> dict[str, Any]:
    """One tool on one file in this fresh process: wall and CPU seconds, peak RSS.

    ``warmups`` are converted first, untimed, as earlier files of a batch would be: other
    files, so that no cache keyed on this file's content can help.
    """
    run = _load(tool)
    for other in warmups:
        run(other)
    wall, cpu = time.perf_counter(), time.process_time()
    run(path)
    return {
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }


def warmups_for(path: Path) -> list[Path]:
    """Every bundled sample but ``path``: ruled and borderless, several producers."""
    return [p for p in sorted((REPO / "samples").glob("*.pdf")) if p.resolve() != path]


# --- the parent: schedule children, collect, report ---------------------------------------


def _shim() -> Path:
    """A folder whose ``jixiao`` is this checkout (the package is the repo root itself)."""
    folder = Path(tempfile.mkdtemp(prefix="jixiao-bench-"))
    (folder / "jixiao").symlink_to(REPO, target_is_directory=True)
    return folder


def _env(shim: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(shim), env.get("PYTHONPATH")]))
    env.setdefault("OMP_NUM_THREADS", "1")  # camelot's OpenCV: single core, like the others
    return env


def measure(
    tool: str, path: Path, warmups: list[Path], env: dict[str, str], timeout: float
) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--child", tool, str(path), *map(str, warmups)]
    try:
        done = subprocess.run(
            cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired:
        return {"error": f"timeout after {timeout:.0f} s"}
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        return {"error": lines[-1] if lines else f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def page_count(path: Path) -> int:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


def _median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def run_tools(
    files: list[Path],
    tools: list[str],
    rounds: int,
    slow_rounds: int,
    env: dict[str, str],
    timeout: float,
) -> dict[str, dict[str, dict[str, Any]]]:
    """results[tool][file] = medians of cold/warm wall seconds, CPU seconds and peak RSS.

    Cold and warm are separate processes: peak RSS is the cold one's (that file alone).
    """
    kinds = ("cold", "warm")
    raw: dict[str, dict[str, dict[str, list[dict]]]] = {
        t: {f.name: {k: [] for k in kinds} for f in files} for t in tools
    }
    for r in range(rounds):
        order = tools[r % len(tools) :] + tools[: r % len(tools)]
        for path in files:
            for tool in order:
                if tool in SLOW and r >= max(1, slow_rounds):
                    continue
                for kind in kinds if tool not in SLOW else ("cold",):
                    warmups = warmups_for(path) if kind == "warm" else []
                    result = measure(tool, path, warmups, env, timeout)
                    raw[tool][path.name][kind].append(result)
                    status = result.get("error") or f"{result['wall']:.2f}s"
                    print(
                        f"  round {r + 1} {tool:15s} {kind} {path.name}: {status}", file=sys.stderr
                    )
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for tool, per_file in raw.items():
        out[tool] = {}
        for name, by_kind in per_file.items():
            good = {k: [x for x in by_kind[k] if "error" not in x] for k in kinds}
            out[tool][name] = {
                "cold": _median([x["wall"] for x in good["cold"]]),
                "warm": _median([x["wall"] for x in good["warm"]]),
                "cold_cpu": _median([x["cpu"] for x in good["cold"]]),
                "warm_cpu": _median([x["cpu"] for x in good["warm"]]),
                "rss_mb": _median([x["rss_kb"] / 1024 for x in good["cold"]]),
                "runs": len(good["cold"]),
                "errors": [x["error"] for k in kinds for x in by_kind[k] if "error" in x],
            }
    return out


# --- memory on long documents ---------------------------------------------------------


def build_long_pdfs(folder: Path) -> dict[int, Path] | None:
    """5- and 35-page PDFs made of the faithful sample's pages (repeated), with pypdf."""
    try:
        from pypdf import PdfReader, PdfWriter
    except ImportError:
        return None
    source = REPO / "samples" / "gz_kx_2021_faithful.pdf"
    pages = PdfReader(source).pages
    out: dict[int, Path] = {}
    for n in (5, 35):
        writer = PdfWriter()
        for i in range(n):
            writer.add_page(pages[i % len(pages)])
        out[n] = folder / f"faithful_x{n}.pdf"
        with out[n].open("wb") as handle:
            writer.write(handle)
    return out


def run_memory(
    long_pdfs: dict[int, Path], rounds: int, env: dict[str, str], timeout: float
) -> dict[int, dict[str, float | None]]:
    raw: dict[int, list[dict]] = {n: [] for n in long_pdfs}
    for _ in range(rounds):
        for n, path in long_pdfs.items():
            raw[n].append(measure("jixiao", path, [], env, timeout))
    return {
        n: {
            "rss_mb": _median([x["rss_kb"] / 1024 for x in rs if "error" not in x]),
            "cold": _median([x["wall"] for x in rs if "error" not in x]),
        }
        for n, rs in raw.items()
    }


# --- batch throughput ----------------------------------------------------------------------

_BATCH = "import sys; from jixiao.cli import main; sys.exit(main(sys.argv[1:]))"
_POOL = """
import sys, multiprocessing as mp
from pathlib import Path
import jixiao
def one(path):
    try:
        jixiao.dumps(jixiao.parse(path))
    except jixiao.InputError:
        pass
if __name__ == "__main__":
    with mp.Pool(int(sys.argv[1])) as pool:
        pool.map(one, [str(p) for p in sorted(Path(sys.argv[2]).iterdir())], chunksize=1)
"""


def has_batch(env: dict[str, str]) -> bool:
    cmd = [sys.executable, "-c", _BATCH, "batch", "--help"]
    return subprocess.run(cmd, env=env, capture_output=True, check=False).returncode == 0


def run_batch(
    files: list[Path],
    pages: dict[str, int],
    copies: int,
    workers: list[int],
    rounds: int,
    env: dict[str, str],
    use_cli: bool,
) -> dict[int, dict[str, float | None]]:
    """Wall-clock throughput of converting ``copies`` x the files with each worker count."""
    folder = Path(tempfile.mkdtemp(prefix="jixiao-batch-"))
    try:
        inputs = folder / "in"
        inputs.mkdir()
        total = 0
        for k in range(copies):
            for path in files:
                (inputs / f"{k}_{path.name}").symlink_to(path.resolve())
                total += pages[path.name]
        raw: dict[int, list[float]] = {w: [] for w in workers}
        cpus: dict[int, list[float]] = {w: [] for w in workers}
        for r in range(rounds):
            for w in workers if r % 2 == 0 else list(reversed(workers)):
                out = folder / f"out_{r}_{w}"
                if use_cli:
                    cmd = [sys.executable, "-c", _BATCH, "batch", str(inputs), "-o", str(out)]
                    cmd += ["--workers", str(w), "--no-progress"]
                else:
                    cmd = [sys.executable, "-c", _POOL, str(w), str(inputs)]
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
                wall = time.perf_counter() - start
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
                if done.returncode not in (0, 2):
                    print(f"  batch {w} workers failed: {done.stderr[-300:]}", file=sys.stderr)
                    continue
                raw[w].append(wall)
                cpus[w].append(cpu)
                print(
                    f"  batch round {r + 1}, {w} worker(s): {wall:.1f} s, {cpu:.1f} CPU s",
                    file=sys.stderr,
                )
                shutil.rmtree(out, ignore_errors=True)
        return {
            w: {
                "wall": _median(ws),
                "cpu": _median(cpus[w]),
                "pages": total,
                "pps": total / _median(ws) if ws else None,
            }
            for w, ws in raw.items()
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- report --------------------------------------------------------------------------------


def _fmt(x: float | None, digits: int = 1) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


def _pps(pages: int, seconds: float | None) -> float | None:
    return pages / seconds if seconds else None


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a and b else None


def report(
    files: list[Path],
    pages: dict[str, int],
    results: dict[str, dict[str, dict[str, Any]]],
    memory: dict[int, dict[str, float | None]] | None,
    batch: dict[int, dict[str, float | None]] | None,
    batch_how: str,
    meta: dict[str, Any],
) -> str:
    tools = [t for t in TOOLS if t in results]
    lines = [f"# jixiao benchmark ({meta['date']})", ""]
    lines.append(
        f"{meta['machine']}; {meta['rounds']} rounds (camelot-lattice: {meta['rounds_slow']}); "
        f"medians; wall-clock time; imports excluded; {meta['load']}. "
        f"jixiao {meta['jixiao']}."
    )
    lines += ["", "Tools:", ""]
    lines += [f"- {t}: `{TOOLS[t]}`" for t in tools]
    peers = [p for p in PEERS if p in results]

    def section(title: str, key: str, note: str) -> None:
        lines.extend(["", f"## {title}", "", note, ""])
        head = ["file", "pages"] + [f"{t} p/s" for t in tools]
        head += [f"jixiao / {p}" for p in peers]
        lines.append("| " + " | ".join(head) + " |")
        lines.append("|" + "---|" * len(head))
        totals: dict[str, float] = dict.fromkeys(tools, 0.0)
        complete = dict.fromkeys(tools, True)
        for path in files:
            n = pages[path.name]
            speed: dict[str, float | None] = {}
            for t in tools:
                seconds = results[t][path.name][key] or (
                    results[t][path.name]["cold"] if t in SLOW else None
                )
                speed[t] = _pps(n, seconds)
                if seconds:
                    totals[t] += seconds
                else:
                    complete[t] = False
            row = [path.name, str(n)] + [_fmt(speed[t]) for t in tools]
            row += [_fmt(_ratio(speed["jixiao"], speed[p]), 2) + "×" for p in peers]
            lines.append("| " + " | ".join(row) + " |")
        n_all = sum(pages[p.name] for p in files)
        total = {t: _pps(n_all, totals[t]) if complete[t] else None for t in tools}
        row = ["**total**", str(n_all)] + [f"**{_fmt(total[t])}**" for t in tools]
        row += [f"**{_fmt(_ratio(total['jixiao'], total[p]), 2)}×**" for p in peers]
        lines.append("| " + " | ".join(row) + " |")

    if not tools:
        peers = []
    for title, key, note in (
        (
            "Warm: pages/s of every file after the first in a process (batch steady state)",
            "warm",
            "camelot-lattice is run cold only, so its cold figure stands in for warm.",
        ),
        (
            "Cold: pages/s of the first file a fresh process converts",
            "cold",
            "Includes each tool's lazy initialisation on first use (jixiao: jieba's dictionary).",
        ),
    ):
        if tools:
            section(title, key, note)
    if tools:
        peak_rss(lines, files, tools, results)
    if memory:
        small, large = memory.get(5, {}), memory.get(35, {})
        ratio = _ratio(large.get("rss_mb"), small.get("rss_mb"))
        lines.extend(["", "## Memory on long documents (jixiao)", ""])
        lines.append("| pages | peak RSS MB | seconds (cold) |")
        lines.append("|---|---|---|")
        for n, m in sorted(memory.items()):
            lines.append(f"| {n} | {_fmt(m['rss_mb'], 0)} | {_fmt(m['cold'], 2)} |")
        lines.append("")
        lines.append(f"35 pages / 5 pages peak RSS: **{_fmt(ratio, 2)}×** (target ≤ 1.5×).")
    if batch:
        ws = sorted(batch)
        lines.extend(["", f"## Batch throughput ({batch_how})", ""])
        lines.append("| workers | pages | seconds | pages/s | speed-up | CPU s | cores busy |")
        lines.append("|---|---|---|---|---|---|---|")
        base = batch[ws[0]]["pps"]
        for w in ws:
            b = batch[w]
            row = [str(w), str(b["pages"]), _fmt(b["wall"]), _fmt(b["pps"])]
            row.append(_fmt(_ratio(b["pps"], base), 2) + "×")
            row += [_fmt(b["cpu"]), _fmt(_ratio(b["cpu"], b["wall"]), 2)]
            lines.append("| " + " | ".join(row) + " |")
        if len(ws) > 1:
            n = ws[-1]
            lines.append("")
            lines.append(
                f"{n} workers reach {_fmt(_ratio(batch[n]['pps'], base), 2)}× one worker's "
                f"throughput (target ≥ {0.8 * n:.1f}×). Wall clock includes starting the "
                "workers and their one-time initialisation; *cores busy* (CPU seconds of the "
                "batch and its workers / wall seconds) shows how much of the machine the "
                "run actually got."
            )
    lines.extend(["", f"Command: `{meta['command']}`", ""])
    return "\n".join(lines)


def peak_rss(
    lines: list[str], files: list[Path], tools: list[str], results: dict[str, Any]
) -> None:
    lines.extend(["", "## Peak RSS (MB, one process per tool and file)", ""])
    head = ["file", *tools]
    lines.append("| " + " | ".join(head) + " |")
    lines.append("|" + "---|" * len(head))
    for path in files:
        row = [path.name] + [_fmt(results[t][path.name]["rss_mb"], 0) for t in tools]
        lines.append("| " + " | ".join(row) + " |")
    errors = [
        f"- {t} on {name}: {'; '.join(sorted(set(r['errors'])))}"
        for t in tools
        for name, r in results[t].items()
        if r["errors"]
    ]
    if errors:
        lines.extend(["", "Failures (left out of the figures above):", "", *errors])


def _jixiao_version() -> str:
    try:
        rev = subprocess.run(
            ["git", "-C", str(REPO), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    except OSError:
        rev = ""
    return f"checkout {rev}" if rev else "checkout"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", nargs="+", metavar="ARG", help="internal: TOOL PDF WARMUP...")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--slow-rounds", type=int, default=1, help="camelot-lattice rounds")
    parser.add_argument("--files", nargs="+", type=Path, help="PDFs (default: samples + real)")
    parser.add_argument("--tools", nargs="+", choices=list(TOOLS), default=list(TOOLS))
    parser.add_argument("--workers", type=int, default=None, help="N for the batch figure")
    parser.add_argument(
        "--batch-copies", type=int, default=4, help="copies of the file set (default 4)"
    )
    parser.add_argument(
        "--sections",
        nargs="+",
        choices=("tools", "memory", "batch"),
        default=["tools", "memory", "batch"],
        help="what to measure (default: all)",
    )
    parser.add_argument("--timeout", type=float, default=900.0, help="per child, seconds")
    parser.add_argument("--json", type=Path, help="also write all figures as JSON here")
    args = parser.parse_args(argv)

    if args.child:
        tool, pdf, *warmups = args.child
        print(json.dumps(child(tool, Path(pdf), [Path(w) for w in warmups])))
        return 0

    files = args.files or sorted((REPO / "samples").glob("*.pdf"))
    if not args.files and SHARED.is_dir():
        files += sorted(SHARED.glob("*.pdf"))
    files = [f.resolve() for f in files]
    pages = {f.name: page_count(f) for f in files}
    shim = _shim()
    try:
        env = _env(shim)
        print(f"{len(files)} files, {sum(pages.values())} pages", file=sys.stderr)
        results: dict[str, dict[str, dict[str, Any]]] = {}
        if "tools" in args.sections:
            results = run_tools(
                files, list(args.tools), args.rounds, args.slow_rounds, env, args.timeout
            )
        memory = None
        if "memory" in args.sections:
            folder = Path(tempfile.mkdtemp(prefix="jixiao-long-"))
            try:
                long_pdfs = build_long_pdfs(folder)
                if long_pdfs:
                    memory = run_memory(long_pdfs, args.rounds, env, args.timeout)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
        batch, how = None, ""
        if "batch" in args.sections:
            n = args.workers or (
                len(os.sched_getaffinity(0))
                if hasattr(os, "sched_getaffinity")
                else os.cpu_count() or 1
            )
            use_cli = has_batch(env)
            how = (
                f"`jixiao batch DIR -o OUT --workers W` on {args.batch_copies}× the file set"
                if use_cli
                else "a multiprocessing pool over jixiao.parse (no `jixiao batch` command)"
            )
            workers = sorted({1, n})
            batch = run_batch(
                files, pages, args.batch_copies, workers, max(2, args.rounds - 1), env, use_cli
            )
    finally:
        shutil.rmtree(shim, ignore_errors=True)

    meta = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}",
        "rounds": args.rounds,
        "rounds_slow": args.slow_rounds,
        "jixiao": _jixiao_version(),
        "load": f"load average {os.getloadavg()[0]:.2f} at the end",
        "command": "python benchmarks/bench.py " + " ".join(argv or sys.argv[1:]),
    }
    text = report(files, pages, results, memory, batch, how, meta)
    print(text)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "meta": meta,
                    "pages": pages,
                    "tools": TOOLS,
                    "results": results,
                    "memory": memory,
                    "batch": batch,
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
