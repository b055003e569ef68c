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

The four targets of issue 15 are sections of one run (``--sections``, default all):

- ``cold``: whole processes as a user starts them, alternating with the peers' scripts:
  ``jixiao convert SEED -o OUT`` against a pdfplumber ``extract_tables`` script and a camelot
  lattice-vector script on the seed reconstruction, and ``jixiao --help``; wall and CPU
  seconds and peak RSS of each process (``os.wait4``), imports included;
- ``tools``: the per-file table above, warm (batch steady state) and cold, every tool;
- ``batch``: ``jixiao batch --corpus DIR -o OUT --workers 1`` and ``--workers N`` against a
  pdfplumber ``extract_tables`` loop over the same files in one process; peak RSS of the
  largest worker;
- ``growth``: a 1,000-page PDF (the corpus' pages concatenated with pypdf) against a
  10-page one made of every 100th of those pages (the same mix), and one ruled table over
  400 pages against the same table over 40, and issue 14's case, 500 pages with a table
  each against 50 (both drawn with reportlab): pages/s and peak RSS of
  ``jixiao convert PDF -o /dev/null --ocr never`` (in-process, after one warm-up file).
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
import threading
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
        # No OCR: the peers read text layers only, and with the ``ocr`` extra installed the
        # Shenzhen declaration's blank pages alone took 16.5 of its 17.6 CPU seconds.
        return lambda path: jixiao.dumps(jixiao.parse(path, ocr="never"))
    if tool == GROWTH_TOOL:
        from jixiao.cli import main

        if not Path(main.__code__.co_filename).resolve().is_relative_to(REPO):
            raise RuntimeError(f"measuring {main.__code__.co_filename}, not this checkout")
        return lambda path: main(["convert", str(path), "-o", os.devnull, "--ocr", "never"])
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
        "rss_kb": own_peak_kb(),
    }


def _vmhwm_kb(pid: int | str) -> int | None:
    """The process's own peak RSS (VmHWM). Not ``ru_maxrss``: Linux carries that over
    ``execve`` from the parent that forked the process, so a child of a large parent
    reported the parent's size (every small PDF 'peaked' at 153 MB)."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError):
        return None
    return None


def own_peak_kb() -> int:
    return _vmhwm_kb("self") or resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tasks = Path(f"/proc/{pid}/task").iterdir()
        for task in tasks:
            text = (task / "children").read_text(encoding="ascii")
            out += [int(c) for c in text.split()]
    except OSError:
        pass
    return out


def _watch_tree(root: int, stop: threading.Event, peak: list[int]) -> None:
    """Largest VmHWM of any process under ``root`` (the workers of a batch), polled."""
    while not stop.is_set():
        todo, seen = [root], set()
        while todo:
            pid = todo.pop()
            if pid in seen:
                continue
            seen.add(pid)
            peak[0] = max(peak[0], _vmhwm_kb(pid) or 0)
            todo += _children(pid)
        stop.wait(0.1)


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
    """The children's environment: this checkout first on the path, and bytecode written
    and read as after ``pip install`` (which compiles every module, the peers' too); with
    PYTHONDONTWRITEBYTECODE set, each jixiao process compiled its 40 modules from source,
    0.3 s of a cold convert that no installed copy pays."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(shim), env.get("PYTHONPATH")]))
    env.setdefault("OMP_NUM_THREADS", "1")  # camelot's OpenCV: single core, like the others
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def compile_checkout(env: dict[str, str]) -> None:
    """Write the checkout's bytecode now, untimed (``__pycache__`` is git-ignored)."""
    cmd = [sys.executable, "-m", "compileall", "-q", "-x", r"[/\\]\.", str(REPO)]
    subprocess.run(cmd, env=env, capture_output=True, check=False)


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


# --- cold: whole processes, as a user starts them ----------------------------------------

SEED = REPO / "samples" / "gz_kx_2021_faithful.pdf"
_PLUMBER_SCRIPT = (
    "import sys, pdfplumber\n"
    "with pdfplumber.open(sys.argv[1]) as pdf:\n"
    "    for page in pdf.pages:\n"
    "        page.extract_tables()\n"
)
_CAMELOT_SCRIPT = (
    "import sys, camelot\n"
    'camelot.read_pdf(sys.argv[1], pages="all", flavor="lattice", engine="vector")\n'
)
COLD: dict[str, str] = {
    "jixiao convert": "jixiao convert SEED -o OUT",
    "pdfplumber": "python -c 'import pdfplumber; …extract_tables() on every page' SEED",
    "camelot-vector": "python -c 'import camelot; camelot.read_pdf(SEED, …engine=\"vector\")'",
    "jixiao --help": "jixiao --help",
}


def _cold_command(name: str, path: Path, out: Path) -> list[str]:
    python = sys.executable
    if name == "jixiao convert":
        return [python, "-m", "jixiao.cli", "convert", str(path), "-o", str(out)]
    if name == "jixiao --help":
        return [python, "-m", "jixiao.cli", "--help"]
    script = _PLUMBER_SCRIPT if name == "pdfplumber" else _CAMELOT_SCRIPT
    return [python, "-c", script, str(path)]


def run_process(cmd: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Wall and CPU seconds of one whole process with its children (``os.wait4``), and the
    peak RSS of the largest single process in it (a batch worker), polled from /proc."""
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        stop, peak = threading.Event(), [0]
        watcher = threading.Thread(target=_watch_tree, args=(proc.pid, stop, peak), daemon=True)
        watcher.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        stop.set()
        watcher.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 2):  # 2: jixiao batch with a failed file
            err.seek(0)
            tail = err.read().decode(errors="replace").strip().splitlines()
            return {"error": tail[-1] if tail else f"exit {proc.returncode}"}
    return {
        "wall": wall,
        "cpu": usage.ru_utime + usage.ru_stime,
        "rss_mb": (peak[0] or usage.ru_maxrss) / 1024,
    }


def run_cold(
    path: Path, names: list[str], rounds: int, env: dict[str, str]
) -> dict[str, dict[str, float | None]]:
    """Each command ``rounds`` times, alternating (the order rotates every round)."""
    raw: dict[str, list[dict[str, Any]]] = {n: [] for n in names}
    folder = Path(tempfile.mkdtemp(prefix="jixiao-cold-"))
    try:
        for r in range(rounds):
            for name in names[r % len(names) :] + names[: r % len(names)]:
                result = run_process(_cold_command(name, path, folder / "out.json"), env)
                raw[name].append(result)
                status = result.get("error") or f"{result['wall']:.2f}s"
                print(f"  cold round {r + 1} {name}: {status}", file=sys.stderr)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {name: _medians(results) for name, results in raw.items()}


def _medians(results: list[dict[str, Any]]) -> dict[str, Any]:
    good = [x for x in results if "error" not in x]
    out: dict[str, Any] = {k: _median([x[k] for x in good]) for k in ("wall", "cpu", "rss_mb")}
    out["runs"] = len(good)
    out["walls"] = [x.get("wall") for x in results]  # round by round, None where it failed
    out["errors"] = sorted({x["error"] for x in results if "error" in x})
    return out


# --- growth: time and memory against page count --------------------------------------------

# What a user runs on a long file: ``jixiao convert`` streams the tables into the file
# (``jixiao.parse`` returns the whole report, every cell a model, by design). OCR off: a few
# corpus pages have no text layer, and the OCR engine's models (a fixed few hundred MB, once
# per process) would land in the 1,000-page run and not in the 10-page one.
GROWTH_TOOL = "jixiao-convert"


def build_growth_pdfs(folder: Path, corpus: list[Path], pages: int = 1000) -> dict[str, Path]:
    """``pages`` pages of the corpus concatenated (cycled when it has fewer), and a
    one-hundredth of it made of every 100th of those pages, so both hold the same mix."""
    from pypdf import PdfReader, PdfWriter

    readers = [PdfReader(path) for path in corpus]
    sources = [page for reader in readers for page in reader.pages]
    chosen = [sources[i % len(sources)] for i in range(pages)]
    out: dict[str, Path] = {}
    for name, selection in (
        (f"corpus_{pages}p", chosen),
        (f"corpus_{pages // 100}p", chosen[::100]),
    ):
        writer = PdfWriter()
        for page in selection:
            writer.add_page(page)
        out[name] = folder / f"{name}.pdf"
        with out[name].open("wb") as handle:
            writer.write(handle)
    return out


def build_long_table(path: Path, pages: int, rows: int = 30) -> Path:
    """One ruled table over ``pages`` pages (a title on the first only), drawn with reportlab:
    the shape that made stitching quadratic."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(TTFont("WQY", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"))
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    height = A4[1]
    xs = [40, 100, 300, 420, 555]
    top, n = height - 60, 0
    step = (top - 60) / rows
    for page in range(pages):
        if page == 0:
            canvas.setFont("WQY", 14)
            canvas.drawString(40, height - 40, "项目支出明细表")
        canvas.setFont("WQY", 9)
        for r in range(rows):
            n += 1
            values = (str(n), f"指标名称{n}", f"{n * 3}万元", f"完成{n % 100}%")
            for x, value in zip(xs, values, strict=False):
                canvas.drawString(x + 3, top - (r + 1) * step + 5, value)
        for r in range(rows + 1):
            canvas.line(xs[0], top - r * step, xs[-1], top - r * step)
        for x in xs:
            canvas.line(x, top, x, top - rows * step)
        canvas.showPage()
    canvas.save()
    return path


def build_table_pages(path: Path, pages: int, rows: int = 20) -> Path:
    """Issue 14's case: ``pages`` pages, each with a title and its own ruled indicator table
    (一级/二级/三级指标, 指标值, 实际完成值): a table and ``rows`` records per page, none
    continued on the next page (the title above each table ends the previous one)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(TTFont("WQY", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"))
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    height = A4[1]
    xs = [40, 110, 200, 360, 450, 555]
    header = ("一级指标", "二级指标", "三级指标", "指标值", "实际完成值")
    top = height - 90
    step = (top - 60) / (rows + 1)
    for page in range(1, pages + 1):
        canvas.setFont("WQY", 14)
        canvas.drawString(40, height - 50, f"项目支出绩效自评表（项目{page}）")
        canvas.setFont("WQY", 9)
        for r in range(rows + 1):
            values = (
                header
                if r == 0
                else ("产出指标", "数量指标", f"完成项目{page}第{r}项", f"{r * 3}个", f"{r * 3}个")
            )
            for x, value in zip(xs, values, strict=False):
                canvas.drawString(x + 3, top - (r + 1) * step + 5, value)
        for r in range(rows + 2):
            canvas.line(xs[0], top - r * step, xs[-1], top - r * step)
        for x in xs:
            canvas.line(x, top, x, top - (rows + 1) * step)
        canvas.showPage()
    canvas.save()
    return path


def run_growth(
    pdfs: dict[str, Path], rounds: int, env: dict[str, str], timeout: float
) -> dict[str, dict[str, float | None]]:
    """Each PDF in a fresh process after one untimed sample (lazy initialisation excluded,
    so that 10 pages do not carry a one-time cost that 1,000 spread thin)."""
    warmup = [REPO / "samples" / "synthetic_dept_self_eval_docx.pdf"]
    raw: dict[str, list[dict]] = {n: [] for n in pdfs}
    for r in range(rounds):
        for name, path in pdfs.items():
            result = measure(GROWTH_TOOL, path, warmup, env, timeout)
            raw[name].append(result)
            status = result.get("error") or f"{result['wall']:.1f}s"
            print(f"  growth round {r + 1} {name}: {status}", file=sys.stderr)
    out: dict[str, dict[str, float | None]] = {}
    for name, rs in raw.items():
        good = [x for x in rs if "error" not in x]
        n = page_count(pdfs[name])
        wall = _median([x["wall"] for x in good])
        cpu = _median([x["cpu"] for x in good])
        out[name] = {
            "pages": n,
            "wall": wall,
            "pps": _pps(n, wall),
            "cpu": cpu,
            "cpu_pps": _pps(n, cpu),
            "rss_mb": _median([x["rss_kb"] / 1024 for x in good]),
        }
    return out


# --- batch throughput on a corpus -----------------------------------------------------------

_PLUMBER_LOOP = """
import sys, pdfplumber
from pathlib import Path
for path in sorted(Path(sys.argv[1]).rglob("*.pdf")):
    try:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_tables()
                page.close()
    except Exception:
        pass
"""


def corpus_pages(corpus: Path) -> int:
    """Pages of every PDF under ``corpus`` (what ``jixiao batch`` reads; unreadable: 0)."""
    total = 0
    for path in sorted(corpus.rglob("*.pdf")):
        try:
            total += page_count(path)
        except Exception:  # a file that is no PDF has no pages to count
            continue
    return total


def run_batch(
    corpus: Path, workers: list[int], rounds: int, env: dict[str, str], ocr: str = "never"
) -> dict[str, dict[str, Any]]:
    """``jixiao batch CORPUS -o OUT --workers W --ocr OCR`` for each W, and a pdfplumber
    ``extract_tables`` loop over the same files in one process, alternating by round.
    Peak RSS is the largest process of the run (a worker), from ``os.wait4``.

    OCR is off by default: pdfplumber reads only text layers, and with the ``ocr`` extra
    installed the corpus' 36 scanned pages took 190 of jixiao's 234 CPU seconds (and its
    models 1.1 GB of a worker's peak), so the comparison would be of OCR against nothing."""
    folder = Path(tempfile.mkdtemp(prefix="jixiao-batch-"))
    pages = corpus_pages(corpus)
    names = [f"jixiao --workers {w}" for w in workers] + ["pdfplumber loop"]
    raw: dict[str, list[dict[str, Any]]] = {n: [] for n in names}
    try:
        for r in range(rounds):
            for name in names if r % 2 == 0 else list(reversed(names)):
                out = folder / f"out_{r}"
                if name == "pdfplumber loop":
                    cmd = [sys.executable, "-c", _PLUMBER_LOOP, str(corpus)]
                else:
                    w = name.rsplit(" ", 1)[1]
                    cmd = [sys.executable, "-m", "jixiao.cli", "batch", str(corpus), "-o"]
                    cmd += [str(out), "--workers", w, "--no-progress", "--ocr", ocr]
                result = run_process(cmd, env)
                raw[name].append(result)
                status = result.get("error") or f"{result['wall']:.1f}s, {result['cpu']:.1f} CPU s"
                print(f"  batch round {r + 1} {name}: {status}", file=sys.stderr)
                shutil.rmtree(out, ignore_errors=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    out_figures: dict[str, dict[str, Any]] = {}
    for name, results in raw.items():
        m = _medians(results)
        m["pages"] = pages
        m["pps"] = _pps(pages, m["wall"])
        out_figures[name] = m
    return out_figures


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
    cold: dict[str, dict[str, Any]] | None,
    batch: dict[str, dict[str, Any]] | None,
    growth: dict[str, dict[str, Any]] | None,
    meta: dict[str, Any],
) -> str:
    tools = [t for t in TOOLS if t in results]
    lines = [f"# jixiao benchmark ({meta['date']})", ""]
    lines.append(
        f"{meta['machine']}; {meta['rounds']} rounds (camelot-lattice: {meta['rounds_slow']}, "
        f"cold: {meta['rounds_cold']}, batch: {meta['rounds_batch']}); "
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
        # CPU seconds: on a shared machine the wall clock also counts the other jobs.
        cpu_key = f"{key}_cpu"
        per_cpu = {}
        for t in tools:
            spent = [results[t][p.name][cpu_key] for p in files]
            per_cpu[t] = _pps(n_all, sum(spent)) if all(spent) else None
        lines.append("")
        lines.append(
            "Pages per CPU second, all files: "
            + ", ".join(f"{t} **{_fmt(per_cpu[t])}**" for t in tools if t not in SLOW)
            + "".join(
                f"; jixiao / {p} {_fmt(_ratio(per_cpu['jixiao'], per_cpu[p]), 2)}×"
                for p in peers
                if p not in SLOW
            )
            + "."
        )

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
            "Includes each tool's lazy initialisation on first use (jixiao: its word "
            "dictionary, the quantity grammar).",
        ),
    ):
        if tools:
            section(title, key, note)
    if tools:
        peak_rss(lines, files, tools, results)
    if cold:
        cold_section(lines, cold, meta)
    if batch:
        batch_section(lines, batch, meta)
    if growth:
        growth_section(lines, growth)
    lines.extend(["", f"Command: `{meta['command']}`", ""])
    return "\n".join(lines)


def round_ratios(ours: dict[str, Any], theirs: dict[str, Any], inverse: bool = False) -> str:
    """The ratio within each round, lowest to highest: how far the machine's swings move the
    ratio of medians (both commands of a round run one after the other)."""
    pairs = zip(ours.get("walls", []), theirs.get("walls", []), strict=False)
    ratios = sorted((b / a if inverse else a / b) for a, b in pairs if a and b)
    return ", ".join(f"{r:.2f}" for r in ratios) or "-"


def cold_section(lines: list[str], cold: dict[str, dict[str, Any]], meta: dict[str, Any]) -> None:
    lines.extend(["", f"## Cold: whole processes on {meta['cold_file']}", ""])
    lines.append(
        "Each command started as a user would (imports, lazy initialisation, writing the "
        "output), the commands alternating round by round; medians."
    )
    lines.extend(["", "| command | wall s | CPU s | peak RSS MB | runs |", "|---|---|---|---|---|"])
    for name, m in cold.items():
        row = [f"`{COLD[name]}`", _fmt(m["wall"], 2), _fmt(m["cpu"], 2), _fmt(m["rss_mb"], 0)]
        lines.append("| " + " | ".join([*row, str(m["runs"])]) + " |")
    ours = cold.get("jixiao convert", {})
    for peer, target in (("pdfplumber", 0.5), ("camelot-vector", 0.8)):
        if peer in cold:
            wall = _ratio(ours.get("wall"), cold[peer]["wall"])
            cpu = _ratio(ours.get("cpu"), cold[peer]["cpu"])
            lines.append("")
            lines.append(
                f"jixiao convert / {peer}: **{_fmt(wall, 2)}×** wall, {_fmt(cpu, 2)}× CPU "
                f"(target ≤ {target}×); round by round: {round_ratios(ours, cold[peer])}."
            )
    if "jixiao --help" in cold:
        lines.append("")
        lines.append(
            f"`jixiao --help`: **{_fmt(cold['jixiao --help']['wall'], 2)} s** (target < 0.3 s)."
        )


def batch_section(lines: list[str], batch: dict[str, dict[str, Any]], meta: dict[str, Any]) -> None:
    lines.extend(
        ["", f"## Batch on the corpus ({meta['corpus']}, jixiao --ocr {meta['batch_ocr']})", ""]
    )
    lines.append(
        "| run | pages | wall s | pages/s | CPU s | pages per CPU s | cores busy | peak RSS MB |"
    )
    lines.append("|---|---|---|---|---|---|---|---|")
    for name, m in batch.items():
        row = [name, str(m["pages"]), _fmt(m["wall"]), _fmt(m["pps"]), _fmt(m["cpu"])]
        row += [_fmt(_pps(m["pages"], m["cpu"])), _fmt(_ratio(m["cpu"], m["wall"]), 2)]
        row += [_fmt(m["rss_mb"], 0)]
        lines.append("| " + " | ".join(row) + " |")
    runs = [n for n in batch if n.startswith("jixiao")]
    plumber = batch.get("pdfplumber loop", {}).get("pps")
    if len(runs) > 1:
        one, many = batch[runs[0]]["pps"], batch[runs[-1]]["pps"]
        lines.append("")
        lines.append(
            f"{runs[-1]} / {runs[0]}: **{_fmt(_ratio(many, one), 2)}×** (target ≥ 1.8× for 2; "
            f"round by round: {round_ratios(batch[runs[-1]], batch[runs[0]], inverse=True)}); "
            f"{runs[-1]} / pdfplumber loop: **{_fmt(_ratio(many, plumber), 2)}×** (target ≥ 3×)."
        )


def growth_section(lines: list[str], growth: dict[str, dict[str, Any]]) -> None:
    lines.extend(["", "## Growth: time and memory against page count (jixiao)", ""])
    lines.append("| PDF | pages | seconds | pages/s | CPU s | pages/CPU s | peak RSS MB |")
    lines.append("|---|---|---|---|---|---|---|")
    for name, m in growth.items():
        row = [name, str(m["pages"]), _fmt(m["wall"]), _fmt(m["pps"])]
        row += [_fmt(m.get("cpu")), _fmt(m.get("cpu_pps")), _fmt(m["rss_mb"], 0)]
        lines.append("| " + " | ".join(row) + " |")
    names = list(growth)
    for small, large in zip(names[1::2], names[::2], strict=False):
        s, big = growth[small], growth[large]
        lines.append("")
        lines.append(
            f"{large} / {small}: peak RSS **{_fmt(_ratio(big['rss_mb'], s['rss_mb']), 2)}×** "
            f"(target ≤ 1.5×), pages/s **{_fmt(_ratio(big['pps'], s['pps']), 2)}×** "
            f"(target ≥ 0.8×), pages per CPU s "
            f"**{_fmt(_ratio(big.get('cpu_pps'), s.get('cpu_pps')), 2)}×**."
        )


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


SECTIONS = ("cold", "tools", "batch", "growth")


def growth_run(args: argparse.Namespace, env: dict[str, str]) -> dict[str, dict[str, Any]]:
    folder = Path(tempfile.mkdtemp(prefix="jixiao-growth-"))
    try:
        corpus = sorted(args.corpus.glob("*.pdf"))
        pdfs = build_growth_pdfs(folder, corpus, args.growth_pages)
        pdfs["table_400p"] = build_long_table(folder / "table_400p.pdf", 400)
        pdfs["table_40p"] = build_long_table(folder / "table_40p.pdf", 40)
        pdfs["tables_500p"] = build_table_pages(folder / "tables_500p.pdf", 500)
        pdfs["tables_50p"] = build_table_pages(folder / "tables_50p.pdf", 50)
        return run_growth(pdfs, max(1, args.rounds - 1), env, args.timeout)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--child", nargs="+", metavar="ARG", help="internal: TOOL PDF WARMUP...")
    parser.add_argument("--rounds", type=int, default=3, help="rounds (default 3)")
    parser.add_argument("--slow-rounds", type=int, default=1, help="camelot-lattice rounds")
    parser.add_argument(
        "--cold-rounds", type=int, default=9, help="rounds of the cold section (default 9)"
    )
    parser.add_argument(
        "--batch-rounds", type=int, default=3, help="rounds of the batch section (default 3)"
    )
    parser.add_argument("--files", nargs="+", type=Path, help="PDFs (default: samples + real)")
    parser.add_argument("--tools", nargs="+", choices=list(TOOLS), default=list(TOOLS))
    parser.add_argument("--workers", type=int, default=None, help="N for the batch figure")
    parser.add_argument(
        "--corpus",
        type=Path,
        default=SHARED if SHARED.is_dir() else REPO / "samples",
        help="folder for the batch section (default ../shared/real-pdfs, else samples)",
    )
    parser.add_argument(
        "--batch-ocr",
        choices=("never", "auto"),
        default="never",
        help="jixiao batch's --ocr in the batch section (default never: the peer reads no scans)",
    )
    parser.add_argument("--cold-file", type=Path, default=SEED, help="PDF for the cold section")
    parser.add_argument("--growth-pages", type=int, default=1000, help="pages of the long PDF")
    parser.add_argument(
        "--sections",
        nargs="+",
        choices=SECTIONS,
        default=list(SECTIONS),
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
        compile_checkout(env)
        print(f"{len(files)} files, {sum(pages.values())} pages", file=sys.stderr)
        cold = None
        if "cold" in args.sections:
            names = [n for n in COLD if "camelot" not in n or "camelot-vector" in args.tools]
            cold = run_cold(args.cold_file.resolve(), names, args.cold_rounds, env)
        results: dict[str, dict[str, dict[str, Any]]] = {}
        if "tools" in args.sections:
            results = run_tools(
                files, list(args.tools), args.rounds, args.slow_rounds, env, args.timeout
            )
        batch = None
        if "batch" in args.sections:
            n = args.workers or (
                len(os.sched_getaffinity(0))
                if hasattr(os, "sched_getaffinity")
                else os.cpu_count() or 1
            )
            batch = run_batch(
                args.corpus.resolve(), sorted({1, n}), args.batch_rounds, env, args.batch_ocr
            )
        growth = None
        if "growth" in args.sections:
            growth = growth_run(args, env)
    finally:
        shutil.rmtree(shim, ignore_errors=True)

    meta = {
        "date": time.strftime("%Y-%m-%d"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}",
        "rounds": args.rounds,
        "rounds_slow": args.slow_rounds,
        "rounds_cold": args.cold_rounds,
        "rounds_batch": args.batch_rounds,
        "jixiao": _jixiao_version(),
        "load": f"load average {os.getloadavg()[0]:.2f} at the end",
        "command": "python benchmarks/bench.py " + " ".join(argv or sys.argv[1:]),
        "cold_file": args.cold_file.name,
        "corpus": str(args.corpus),
        "batch_ocr": args.batch_ocr,
    }
    text = report(files, pages, results, cold, batch, growth, meta)
    print(text)
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "meta": meta,
                    "pages": pages,
                    "tools": TOOLS,
                    "results": results,
                    "cold": cold,
                    "batch": batch,
                    "growth": growth,
                },
                indent=2,
            ),
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
