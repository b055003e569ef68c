"""Command line: ``jixiao convert``, ``schema``, ``batch``, ``dataset`` and ``regress``.

Exit status:

- 0: success (``batch``: every input converted or already up to date; ``regress``: no drift);
- 1: usage errors (bad options, no input found, unknown dataset format) and, for
  ``regress``, any drift;
- 2: an input file could not be converted (``convert``), or some inputs failed (``batch``;
  the others are still converted, and each failure leaves ``<name>.error.json``);
- 130: interrupted (Ctrl-C); every output written so far is complete.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import hashlib
import json
import os
import pickle
import re
import signal
import subprocess
import sys
import time
import traceback
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial
from multiprocessing import get_context
from multiprocessing.connection import Connection, wait
from pathlib import Path, PurePath
from typing import Any, TextIO

from . import InputError, __version__, dumps, json_schema, parse
from .extract import ENGINES
from .extract.export import FORMATS, export_files, export_tables
from .parsers.headers import load_synonyms, role_table
from .parsers.synonyms import ROLE_SYNONYMS
from .schema import SCHEMA_VERSION
from .schema.output import (
    ERROR_SUFFIX,
    REPORT_SUFFIX,
    OutputNames,
    dumps_error,
    error_document,
    inside,
    is_error_document,
    write_atomic,
)
from .schema.summary import summary_text

EXIT_OK = 0
EXIT_USAGE = 1
EXIT_INPUT = 2
EXIT_INTERRUPTED = 130

# A worker process is replaced after this many files: pdfminer's caches and the allocator's
# fragmentation grow over thousands of documents; a fresh process keeps memory flat.
TASKS_PER_WORKER = 100
# Workers that die before they are ready (a broken install) would otherwise respawn forever.
MAX_START_FAILURES = 3


class UsageError(Exception):
    """A problem with the command line or environment, reported without a traceback."""


def _convert(args: argparse.Namespace) -> int:
    try:
        report = parse(
            args.file, password=args.password, engine=args.engine, synonyms=args.synonyms
        )
    except InputError as exc:
        print(f"jixiao: {args.file}: {exc.code}: {exc.message}", file=sys.stderr)
        return EXIT_INPUT
    text = dumps(report)
    if args.output:
        write_atomic(args.output, text)
        print(
            f"{args.file}: layout {report.layout}, {len(report.records)} records, "
            f"{len(report.tables)} tables, {len(report.warnings)} warnings -> {args.output}",
            file=sys.stderr,
        )
    else:
        sys.stdout.write(text)
    if args.summary:
        # stderr when the JSON goes to stdout, so `convert X --summary > x.json` stays valid.
        stream = sys.stdout if args.output else sys.stderr
        stream.write(summary_text(report))
    return EXIT_OK


def _tables(args: argparse.Namespace) -> int:
    try:
        report = parse(
            args.file, password=args.password, engine=args.engine, synonyms=args.synonyms
        )
    except InputError as exc:
        print(f"jixiao: {args.file}: {exc.code}: {exc.message}", file=sys.stderr)
        return EXIT_INPUT
    if not report.tables:
        print(f"jixiao: {args.file}: no table found", file=sys.stderr)
    if args.output is None:
        if args.format == "xlsx":
            raise UsageError("xlsx output needs -o PATH")
        sys.stdout.buffer.write(export_tables(report.tables, args.format, fill_merged=args.fill))
        return EXIT_OK
    for path, payload in export_files(
        report.tables, args.format, args.output, fill_merged=args.fill
    ):
        write_atomic(path, payload)
        print(f"{args.file} -> {path}", file=sys.stderr)
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


# --- one file: what every worker runs ---------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One input for a worker. ``path`` is absolute, so a Dask worker with another working
    directory (on a shared file system) finds the same file."""

    index: int
    path: str
    name: str
    password: str | None = None
    engine: str = "auto"
    synonyms: str | None = None  # TOML file of extra header wording


@dataclass(frozen=True)
class JobResult:
    """What comes back from a worker: the output text and the figures for the summary."""

    index: int
    ok: bool
    text: str
    sha256: str | None = None
    pages: int = 0
    records: int = 0
    layout: str | None = None
    code: str | None = None
    message: str | None = None
    seconds: float = 0.0


def _sha256_or_none(path: str) -> str | None:
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return None
    return digest.hexdigest()


def failure(
    job: Job, code: str, message: str, seconds: float = 0.0, trace: str | None = None
) -> JobResult:
    """The result of a file that could not be converted, with its error document.

    The file's location is replaced by its name in the message, so error files are as
    portable as report files (which carry the name only).
    """
    message = message.replace(job.path, job.name)
    sha256 = _sha256_or_none(job.path)
    text = dumps_error(error_document(job.name, sha256, code, message, trace))
    return JobResult(
        job.index, False, text, sha256=sha256, code=code, message=message, seconds=seconds
    )


def run_job(job: Job) -> JobResult:
    """Convert one file; never raises, so one bad file cannot stop a batch.

    A crash inside the pipeline (anything but ``InputError``) becomes ``internal_error``
    with the traceback in the error file, for a bug report.
    """
    start = time.perf_counter()
    try:
        report = parse(job.path, password=job.password, engine=job.engine, synonyms=job.synonyms)
        text = dumps(report)
    except InputError as exc:
        return failure(job, exc.code, exc.message, time.perf_counter() - start)
    except Exception as exc:  # a pipeline bug must not take the batch down
        message = f"jixiao crashed on this file ({type(exc).__name__}: {exc}); please report it"
        return failure(
            job, "internal_error", message, time.perf_counter() - start, traceback.format_exc()
        )
    return JobResult(
        job.index,
        True,
        text,
        sha256=report.source.sha256,
        pages=report.source.pages,
        records=len(report.records),
        layout=report.layout,
        seconds=time.perf_counter() - start,
    )


# --- local process pool with per-file timeouts -------------------------------------------


def _worker_main(conn: Connection) -> None:
    """Worker process: announce readiness once imports are done, then convert on request.

    Ctrl-C is left to the parent, which stops the workers itself; otherwise every worker
    would print its own KeyboardInterrupt traceback.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    conn.send("ready")
    while True:
        try:
            job = conn.recv()
        except EOFError:
            return
        if job is None:
            return
        conn.send(run_job(job))


class _Worker:
    def __init__(self, context: Any) -> None:
        self.conn, child = context.Pipe()
        self.process = context.Process(
            target=_worker_main, args=(child,), daemon=True, name="jixiao-worker"
        )
        self.process.start()
        child.close()
        self.ready = False
        self.job: Job | None = None
        self.deadline: float | None = None
        self.done = 0

    def stop(self, force: bool) -> None:
        if not force and self.process.is_alive():
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.process.join(5)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


class LocalPool:
    """A process pool that can stop one overrunning file.

    ``concurrent.futures`` cannot cancel a running task, so a file that hangs pdfminer would
    occupy a worker forever; here each worker runs one file at a time under a deadline and
    is terminated and replaced when the deadline passes. A worker that dies (segfault, out
    of memory) fails only its current file.
    """

    def __init__(self, workers: int, timeout: float | None = None) -> None:
        self.workers = workers
        self.timeout = timeout
        # spawn: no inherited threads or locks, and the same behaviour on every platform.
        self.context = get_context("spawn")
        self._workers: list[_Worker] = []
        self.stopped: list[int] = []  # pids of workers stopped for a timeout or crash

    def busy_pids(self) -> list[int]:
        """Process ids of the workers converting a file right now (for monitoring)."""
        return [w.process.pid for w in self._workers if w.job is not None and w.process.pid]

    def run(self, jobs: Sequence[Job]) -> Iterator[JobResult]:
        """Yield results as files finish (not in input order)."""
        pending = deque(jobs)
        workers = self._workers = [
            _Worker(self.context) for _ in range(max(1, min(self.workers, len(jobs))))
        ]
        start_failures = 0
        try:
            while pending or any(w.job is not None for w in workers):
                for worker in workers:
                    if worker.ready and worker.job is None and pending:
                        worker.job = pending.popleft()
                        worker.conn.send(worker.job)
                        worker.deadline = time.monotonic() + self.timeout if self.timeout else None
                deadlines = [w.deadline for w in workers if w.deadline is not None]
                wait_for = max(0.0, min(deadlines) - time.monotonic()) if deadlines else None
                ready = set(
                    wait(
                        [w.conn for w in workers] + [w.process.sentinel for w in workers],
                        wait_for,
                    )
                )
                for slot, worker in enumerate(workers):
                    outcome: Any = None
                    if worker.conn in ready or worker.process.sentinel in ready:
                        try:
                            outcome = worker.conn.recv() if worker.conn.poll() else EOFError
                        except (EOFError, OSError):
                            outcome = EOFError
                    elif worker.deadline is not None and time.monotonic() >= worker.deadline:
                        outcome = TimeoutError
                    if outcome is None:
                        continue
                    if outcome == "ready":
                        worker.ready = True
                        start_failures = 0
                        continue
                    if isinstance(outcome, JobResult):
                        worker.job, worker.deadline = None, None
                        worker.done += 1
                        if worker.done >= TASKS_PER_WORKER:
                            worker.stop(force=False)
                            workers[slot] = _Worker(self.context)
                        yield outcome
                        continue
                    # The worker died, or overran its deadline: stop it and start another.
                    job = worker.job
                    worker.stop(force=True)
                    exitcode = worker.process.exitcode
                    if worker.process.pid is not None:
                        self.stopped.append(worker.process.pid)
                    if job is None and not worker.ready:
                        start_failures += 1
                        if start_failures >= MAX_START_FAILURES:
                            raise RuntimeError(
                                f"worker processes exit at start (exit code {exitcode})"
                            )
                    workers[slot] = _Worker(self.context)
                    if job is None:
                        continue
                    if outcome is TimeoutError:
                        yield failure(
                            job,
                            "timeout",
                            f"conversion took longer than {self.timeout:g} s and was stopped",
                            self.timeout or 0.0,
                        )
                    else:
                        yield failure(
                            job,
                            "worker_crashed",
                            f"the worker process died (exit code {exitcode}) on this file",
                        )
        finally:
            for worker in workers:
                worker.stop(force=True)


# --- Dask ---------------------------------------------------------------------------------


def _isolated_main() -> None:
    """Child of :func:`run_job_isolated`: ready line, then one pickled job in, result out."""
    real_stdout = sys.stdout.buffer
    sys.stdout = sys.stderr  # stray prints from libraries must not corrupt the result
    real_stdout.write(b"ready\n")
    real_stdout.flush()
    job = pickle.loads(sys.stdin.buffer.read())
    real_stdout.write(pickle.dumps(run_job(job)))
    real_stdout.flush()


def run_job_isolated(job: Job, timeout: float) -> JobResult:
    """Run one file in a child process and kill it at the deadline.

    Dask cannot stop a running task (it runs in a worker thread), and Dask worker processes
    are daemons that may not use multiprocessing; a plain subprocess is allowed and can be
    killed. The deadline starts once the child has imported jixiao, as in the local pool.
    """
    code = "from jixiao.cli import _isolated_main; _isolated_main()"
    process = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert process.stdout is not None
        if process.stdout.readline().strip() != b"ready":
            _, err = process.communicate()
            return failure(job, "worker_crashed", f"the worker could not start: {err[-500:]!r}")
        try:
            out, err = process.communicate(pickle.dumps(job), timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            return failure(
                job,
                "timeout",
                f"conversion took longer than {timeout:g} s and was stopped",
                timeout,
            )
        if process.returncode != 0 or not out:
            return failure(
                job,
                "worker_crashed",
                f"the worker process died (exit code {process.returncode}) on this file",
            )
        result: JobResult = pickle.loads(out)
        return result
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def dask_results(address: str, jobs: Sequence[Job], timeout: float | None) -> Iterator[JobResult]:
    """Run the same jobs on a Dask distributed cluster; results as they finish.

    Workers must see the input paths (a shared file system) and have jixiao installed;
    outputs are written here, by the client, so only this machine needs the output folder.
    """
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise UsageError("--scheduler needs dask distributed: pip install 'jixiao[dask]'") from exc
    try:
        client = Client(address, set_as_default=False, timeout=30)
    except (OSError, TimeoutError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    try:
        task: Callable[[Job], JobResult] = (
            partial(run_job_isolated, timeout=timeout) if timeout else run_job
        )
        futures = client.map(task, list(jobs), pure=False)
        by_key = {future.key: job for future, job in zip(futures, jobs, strict=True)}
        for future in as_completed(futures, loop=client.loop):
            job = by_key[future.key]
            try:
                result = future.result()
            except Exception as exc:  # e.g. KilledWorker: the file took its worker down
                result = failure(
                    job, "worker_crashed", f"the Dask task failed: {type(exc).__name__}: {exc}"
                )
            future.release()
            yield result
    finally:
        client.close()


def results(
    jobs: Sequence[Job], workers: int, scheduler: str | None, timeout: float | None
) -> Generator[JobResult, None, None]:
    """Results of ``jobs`` as they finish, locally or on Dask (a generator: ``close()`` it
    to stop the workers early)."""
    if not jobs:
        return
    if scheduler:
        yield from dask_results(scheduler, jobs, timeout)
    else:
        yield from LocalPool(workers, timeout).run(jobs)


def default_workers() -> int:
    """All cores this process may use (fewer than os.cpu_count() in a container)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


# --- inputs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchInput:
    """An input file and the relative path its output mirrors."""

    path: Path
    relative: PurePath


_GLOB_MAGIC = re.compile(r"[*?[]")


def _is_pdf_name(path: Path) -> bool:
    return path.suffix.lower() == ".pdf"


def _pdfs_under(folder: Path) -> list[Path]:
    """Every *.pdf below ``folder``, sorted; symlinked folders are not followed (loops)."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        found.extend(Path(root) / name for name in sorted(files) if _is_pdf_name(Path(name)))
    return found


def _glob_base(pattern: str) -> Path:
    """The folder part of a glob before its first wildcard: matches mirror below it."""
    parts = PurePath(pattern).parts
    fixed = [p for p in parts[: next(i for i, p in enumerate(parts) if _GLOB_MAGIC.search(p))]]
    return Path(*fixed) if fixed else Path(".")


def collect_inputs(patterns: Iterable[str]) -> tuple[list[BatchInput], list[str]]:
    """Files (taken whatever their name), folders (every *.pdf below, recursively) and globs
    (``**`` recursive; matching *.pdf files and folders) → inputs in a stable order.

    A name that does not exist and is not a glob is kept: it fails as ``not_found`` and so
    appears in the summary and dataset like every other failure. Notes for the user (a glob
    matching nothing) are returned rather than printed.
    """
    found: list[BatchInput] = []
    notes: list[str] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            found.extend(BatchInput(f, f.relative_to(path)) for f in _pdfs_under(path))
            continue
        if path.exists() or not _GLOB_MAGIC.search(pattern):
            found.append(BatchInput(path, PurePath(path.name)))
            continue
        base = _glob_base(pattern)
        matches = sorted(glob.glob(pattern, recursive=True))
        before = len(found)
        for match in map(Path, matches):
            if match.is_dir():
                found.extend(BatchInput(f, f.relative_to(base)) for f in _pdfs_under(match))
            elif _is_pdf_name(match):
                try:
                    relative = match.relative_to(base)
                except ValueError:
                    relative = PurePath(match.name)
                found.append(BatchInput(match, relative))
        if len(found) == before:
            notes.append(f"{pattern}: no PDF matches")
    unique: dict[str, BatchInput] = {}
    for item in found:
        unique.setdefault(os.path.normcase(os.path.abspath(item.path)), item)
    return list(unique.values()), notes


# --- progress and summary ----------------------------------------------------------------


class Progress:
    """A one-line progress bar on stderr (files done, files/s, failures, ETA).

    Hand-written rather than a dependency: it is one line. On a terminal it redraws in
    place; forced onto a pipe or log (``--progress``) it prints a plain line at most every
    few seconds.
    """

    def __init__(self, total: int, stream: TextIO, enabled: bool) -> None:
        self.total = total
        self.stream = stream
        self.enabled = enabled and total > 0
        self.tty = enabled and stream.isatty()
        self.done = self.failed = self.skipped = 0
        self.start = time.monotonic()
        self.last_draw = 0.0
        self.drawn = False

    def advance(self, failed: bool = False, skipped: bool = False) -> None:
        self.done += 1
        self.failed += failed
        self.skipped += skipped
        self._draw(final=self.done == self.total)

    def message(self, text: str) -> None:
        """A line above the bar (a failure), without mangling the bar."""
        if self.tty and self.drawn:
            self.stream.write("\r\x1b[K")
        self.stream.write(text + "\n")
        self.stream.flush()
        if self.tty and self.drawn:
            self._draw(final=False, force=True)

    def line(self) -> str:
        elapsed = max(time.monotonic() - self.start, 1e-9)
        worked = self.done - self.skipped
        rate = worked / elapsed
        width = 24
        filled = int(width * self.done / self.total) if self.total else width
        eta = ""
        if 0 < self.done < self.total and rate > 0:
            eta = f"  ETA {_clock((self.total - self.done) / rate)}"
        failed = f"  {self.failed} failed" if self.failed else ""
        return (
            f"{self.done}/{self.total} files [{'#' * filled}{'-' * (width - filled)}] "
            f"{rate:.1f} files/s{failed}{eta}"
        )

    def _draw(self, final: bool, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        interval = 0.1 if self.tty else 5.0
        if not (final or force or now - self.last_draw >= interval):
            return
        self.last_draw = now
        if self.tty:
            self.stream.write("\r\x1b[K" + self.line())
        else:
            self.stream.write(self.line() + "\n")
        self.stream.flush()
        self.drawn = True

    def close(self) -> None:
        if self.tty and self.drawn:
            self.stream.write("\n")
            self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


def _counts(counter: Counter[str]) -> str:
    return ", ".join(
        f"{key} {n}" for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def summary_lines(
    done: Sequence[JobResult], skipped: int, total: int, elapsed: float, outdir: Path
) -> list[str]:
    ok = [r for r in done if r.ok]
    failed = [r for r in done if not r.ok]
    converted = len(ok) - skipped
    rate = (len(done) - skipped) / elapsed if elapsed > 0 else 0.0
    lines = [
        f"jixiao batch: {len(done)} of {total} files in {elapsed:.1f} s ({rate:.1f} files/s)",
        f"  converted  {converted}",
    ]
    if skipped:
        lines.append(f"  skipped    {skipped} (output up to date)")
    lines.append(
        f"  failed     {len(failed)}"
        + (f" ({_counts(Counter(r.code or '?' for r in failed))})" if failed else "")
    )
    lines.append(f"  pages      {sum(r.pages for r in ok)}, records {sum(r.records for r in ok)}")
    layouts = Counter(r.layout or "unknown" for r in ok)
    lines.append(f"  layouts    {_counts(layouts) or '-'}")
    lines.append(f"  outputs    {outdir}")
    return lines


# --- batch ------------------------------------------------------------------------------


def _existing_result(index: int, path: Path, sha256: str | None) -> JobResult | None:
    """The result recorded in an up-to-date report file (``--resume``), else None.

    Up to date means: same input bytes (sha256) and the current schema version, so a newer
    jixiao re-converts old outputs. Error files are never up to date: failures are retried.
    """
    if sha256 is None or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if is_error_document(data) or not isinstance(data, dict):
        return None
    source = data.get("source") or {}
    if source.get("sha256") != sha256 or data.get("schema_version") != SCHEMA_VERSION:
        return None
    return JobResult(
        index,
        True,
        "",
        sha256=sha256,
        pages=int(source.get("pages") or 0),
        records=len(data.get("records") or []),
        layout=data.get("layout"),
    )


def output_file(outdir: Path, stem: str, ok: bool) -> Path:
    return outdir / (stem + (REPORT_SUFFIX if ok else ERROR_SUFFIX))


def write_result(outdir: Path, stem: str, result: JobResult) -> None:
    """Write a result atomically and remove the other kind left by an earlier run, so
    every input has exactly one output describing its latest conversion."""
    target = output_file(outdir, stem, result.ok)
    stale = output_file(outdir, stem, not result.ok)
    if not inside(outdir, target):
        raise UsageError(f"refusing to write {target}: it resolves outside {outdir}")
    write_atomic(target, result.text)
    if stale.exists() and inside(outdir, stale):
        stale.unlink()


def _batch(args: argparse.Namespace) -> int:
    outdir: Path = args.output
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    if args.timeout is not None and args.timeout <= 0:
        raise UsageError("--timeout must be positive")
    if args.dataset is not None:
        from .schema.dataset import FORMATS

        if args.dataset.suffix.lower() not in FORMATS:
            raise UsageError(
                f"--dataset: unknown format {args.dataset.suffix or '(none)'!r}; "
                f"use one of {', '.join(FORMATS)}"
            )
    inputs, notes = collect_inputs(args.inputs)
    for note in notes:
        print(f"jixiao: {note}", file=sys.stderr)
    if not inputs:
        raise UsageError("no PDF found in the inputs")
    outdir.mkdir(parents=True, exist_ok=True)

    names = OutputNames()
    stems = [names.allocate(item.relative) for item in inputs]
    synonyms = os.path.abspath(args.synonyms) if args.synonyms else None
    jobs = [
        Job(i, os.path.abspath(item.path), item.path.name, args.password, args.engine, synonyms)
        for i, item in enumerate(inputs)
    ]
    done: list[JobResult | None] = [None] * len(jobs)
    if args.resume:
        for job, stem in zip(jobs, stems, strict=True):
            sha256 = _sha256_or_none(job.path)
            done[job.index] = _existing_result(job.index, output_file(outdir, stem, True), sha256)
    skipped = sum(r is not None for r in done)
    todo = [job for job in jobs if done[job.index] is None]

    show = sys.stderr.isatty() if args.progress is None else args.progress
    progress = Progress(len(jobs), sys.stderr, show)
    for _ in range(skipped):
        progress.advance(skipped=True)
    start = time.monotonic()
    interrupted = False
    stream = results(todo, args.workers or default_workers(), args.scheduler, args.timeout)
    try:
        # closing(): workers stop as soon as the loop ends, however it ends.
        with contextlib.closing(stream):
            for result in stream:
                write_result(outdir, stems[result.index], result)
                done[result.index] = replace(result, text="")  # outputs live on disk only
                progress.advance(failed=not result.ok)
                if not result.ok:
                    progress.message(
                        f"jixiao: {inputs[result.index].path}: {result.code}: {result.message}"
                    )
    except KeyboardInterrupt:
        interrupted = True
    finally:
        progress.close()
    elapsed = time.monotonic() - start
    finished = [r for r in done if r is not None]
    for line in summary_lines(finished, skipped, len(jobs), elapsed, outdir):
        print(line)
    if interrupted:
        print("jixiao batch: interrupted; the outputs written so far are complete", file=sys.stderr)
        return EXIT_INTERRUPTED
    if args.dataset is not None:
        written = [
            output_file(outdir, stem, r.ok).relative_to(outdir).as_posix()
            for stem, r in zip(stems, done, strict=True)
            if r is not None
        ]
        _write_dataset(outdir, written, args.dataset)
    return EXIT_OK if all(r.ok for r in finished) else EXIT_INPUT


def _write_dataset(root: Path, relative: Iterable[str], target: Path) -> None:
    from .schema.dataset import build_dataset, iter_outputs, write_dataset

    try:
        paths = write_dataset(build_dataset(iter_outputs(root, relative)), target)
    except (ValueError, RuntimeError) as exc:
        raise UsageError(str(exc)) from exc
    print(f"  dataset    {', '.join(str(p) for p in paths)}")


def _dataset(args: argparse.Namespace) -> int:
    from .schema.dataset import find_outputs

    if not args.folder.is_dir():
        raise UsageError(f"{args.folder} is not a folder")
    relative = find_outputs(args.folder)
    if not relative:
        raise UsageError(f"no jixiao output (*.json) under {args.folder}")
    print(f"jixiao dataset: {len(relative)} outputs from {args.folder}")
    _write_dataset(args.folder, relative, args.output)
    return EXIT_OK


# --- regression ---------------------------------------------------------------------------

GOLDEN_SUFFIX = ".golden.json"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _regress(args: argparse.Namespace) -> int:
    from .schema.compare import compare

    folder: Path = args.folder
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder")
    goldens = sorted(folder.glob("*" + GOLDEN_SUFFIX))
    if not goldens:
        raise UsageError(f"no *{GOLDEN_SUFFIX} file in {folder}")
    covered = {g.name[: -len(GOLDEN_SUFFIX)] for g in goldens}
    for pdf in sorted(folder.glob("*.pdf")):
        if pdf.stem not in covered:
            print(f"jixiao regress: {pdf.name} has no golden file (not checked)", file=sys.stderr)
    jobs, missing = [], []
    for golden in goldens:
        pdf = golden.with_name(golden.name[: -len(GOLDEN_SUFFIX)] + ".pdf")
        if pdf.is_file():
            jobs.append(Job(len(jobs), os.path.abspath(pdf), pdf.name, args.password))
        else:
            missing.append(golden)
    got: dict[int, JobResult] = {
        r.index: r for r in results(jobs, args.workers or default_workers(), None, None)
    }
    drifted = len(missing)
    for golden in missing:
        print(f"MISSING {golden.name}: no PDF beside it")
    for job in jobs:
        golden = Path(job.path).with_name(Path(job.path).stem + GOLDEN_SUFFIX)
        text = got[job.index].text
        expected_text = golden.read_text(encoding="utf-8")
        diffs = compare(json.loads(expected_text), json.loads(text))
        if not diffs:
            print(f"ok      {job.name}")
            continue
        if args.update:
            write_atomic(golden, text)
            print(f"updated {golden.name} ({_plural(len(diffs), 'difference')})")
            continue
        drifted += 1
        print(f"DRIFT   {job.name}: {_plural(len(diffs), 'difference')}")
        for diff in diffs[: args.max_diffs]:
            print(diff.render())
        if len(diffs) > args.max_diffs:
            print(f"  … and {len(diffs) - args.max_diffs} more")
    checked = len(jobs) + len(missing)
    print(f"jixiao regress: {checked} checked, {checked - drifted} match, {drifted} drifted")
    if drifted and not args.update:
        print("review the differences, then run `jixiao regress --update` to accept them")
    return EXIT_USAGE if drifted else EXIT_OK


# --- parser ---------------------------------------------------------------------------------


def _add_engine(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--engine",
        choices=ENGINES,
        default="auto",
        help="how tables are found: auto (ruling geometry, camelot stream on pages with "
        "columns of text but no rules), pdfplumber (rulings only) or camelot (lattice + "
        "stream); default: auto",
    )


def _synonyms_file(value: str) -> str:
    try:
        role_table(ROLE_SYNONYMS, load_synonyms(value))
    except (OSError, ValueError) as exc:  # tomllib's TOMLDecodeError is a ValueError
        raise argparse.ArgumentTypeError(f"{value}: {exc}") from exc
    return value


def _add_synonyms(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--synonyms",
        type=_synonyms_file,
        metavar="TOML",
        help="extra header wording for indicator tables: role = [words] (see README)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jixiao",
        description="Turn Chinese government performance-report PDFs (绩效) into validated JSON.",
    )
    parser.add_argument("--version", action="version", version=f"jixiao {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    convert = sub.add_parser(
        "convert",
        help="convert one PDF to JSON",
        description="Convert one PDF to a JSON report (stdout unless -o is given).",
    )
    convert.add_argument("file", type=Path, help="the PDF to read")
    convert.add_argument("-o", "--output", type=Path, help="write the JSON here (atomically)")
    convert.add_argument("--password", help="password of an encrypted PDF")
    _add_engine(convert)
    _add_synonyms(convert)
    convert.add_argument(
        "--summary",
        action="store_true",
        help="also print which targets were met (to stderr when the JSON goes to stdout)",
    )
    convert.set_defaults(func=_convert)

    schema = sub.add_parser(
        "schema",
        help="print the JSON Schema of the output",
        description="Print the JSON Schema (draft 2020-12) that every report file follows.",
    )
    schema.add_argument("-o", "--output", type=Path, help="write the schema here")
    schema.set_defaults(func=_schema)

    tables = sub.add_parser(
        "tables",
        help="export every table of a PDF (any layout) to CSV, Excel or Markdown",
        description="Export every stitched table of one PDF, merged cells resolved. CSV writes "
        "one file per table (PATH-01.csv, PATH-02.csv … when there are several), UTF-8 with "
        "a byte-order mark for Excel; xlsx one sheet per table; md one section per table.",
    )
    tables.add_argument("file", type=Path, help="the PDF to read")
    tables.add_argument("--format", choices=FORMATS, default="csv", help="default: csv")
    tables.add_argument("-o", "--output", type=Path, metavar="PATH", help="default: stdout")
    tables.add_argument(
        "--fill", action="store_true", help="repeat a merged cell's text in every slot it covers"
    )
    tables.add_argument("--password", help="password of an encrypted PDF")
    _add_engine(tables)
    _add_synonyms(tables)
    tables.set_defaults(func=_tables)

    batch = sub.add_parser(
        "batch",
        help="convert many PDFs (files, folders, globs) to one JSON each",
        description=(
            "Convert files, folders (recursively) and globs to OUTDIR/<name>.json, mirroring "
            "the input names; a file that cannot be converted gets <name>.error.json. "
            "Exit 0 when every file converted, 2 when some failed, 1 on usage errors."
        ),
    )
    batch.add_argument("inputs", nargs="+", metavar="INPUT", help="PDF, folder or glob")
    batch.add_argument("-o", "--output", type=Path, required=True, metavar="OUTDIR")
    where = batch.add_mutually_exclusive_group()
    where.add_argument(
        "--workers", type=int, metavar="N", help="local worker processes (default: all cores)"
    )
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on a Dask distributed cluster (needs jixiao[dask]); workers must see the "
        "input paths",
    )
    batch.add_argument(
        "--resume",
        action="store_true",
        help="skip PDFs whose output exists for the same sha256 and schema version",
    )
    batch.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="stop a file that takes longer (its worker is replaced) and record it as failed",
    )
    batch.add_argument("--password", help="password for encrypted PDFs")
    _add_engine(batch)
    _add_synonyms(batch)
    batch.add_argument(
        "--dataset",
        type=Path,
        metavar="PATH",
        help="also build the reports/records/checks tables (.csv .xlsx .parquet .sqlite .jsonl)",
    )
    batch.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: only when stderr is a terminal)",
    )
    batch.set_defaults(func=_batch)

    dataset = sub.add_parser(
        "dataset",
        help="build dataset tables from a folder of JSON outputs",
        description="Build the reports/records/checks tables from the outputs in FOLDER; "
        "the format follows PATH's extension (.csv .xlsx .parquet .sqlite .jsonl).",
    )
    dataset.add_argument("folder", type=Path, metavar="OUTDIR", help="folder of jixiao outputs")
    dataset.add_argument("-o", "--output", type=Path, required=True, metavar="PATH")
    dataset.set_defaults(func=_dataset)

    regress = sub.add_parser(
        "regress",
        help="check that outputs match the golden files (CI)",
        description="Convert every PDF in DIR that has <stem>.golden.json beside it and compare "
        "field by field (bbox within 0.5 pt). Exit 0 when all match, 1 on any drift.",
    )
    regress.add_argument("folder", type=Path, nargs="?", default=Path("samples"), metavar="DIR")
    regress.add_argument(
        "--update", action="store_true", help="rewrite the golden files (after review)"
    )
    regress.add_argument("--workers", type=int, metavar="N", help="default: all cores")
    regress.add_argument("--password", help=argparse.SUPPRESS)
    regress.add_argument(
        "--max-diffs", type=int, default=50, metavar="N", help="differences shown per file"
    )
    regress.set_defaults(func=_regress)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except UsageError as exc:
        print(f"jixiao {args.command}: {exc}", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
