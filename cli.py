"""Command line: ``jixiao convert``, ``tables``, ``schema``, ``batch``, ``dataset``, ``regress``,
``inspect`` and ``review``.

Exit status:

- 0: success (``batch``: every input converted or already up to date; ``regress``: no drift);
- 1: usage errors (bad or unknown options, no input found, an unusable output path) and,
  for ``regress``, any drift;
- 2: an input file could not be converted (``convert``, ``tables``), or some inputs failed
  (``batch``; the others are still converted, and each failure leaves ``<name>.error.json``);
- 130: interrupted (Ctrl-C); every output written so far is complete.

Each command parses its own arguments (options and inputs in any order) and imports the
pipeline only when it runs, so ``--help`` and usage errors answer at once.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn

from . import __version__

if TYPE_CHECKING:
    from .schema.jobs import Job, JobResult
    from .schema.models import Report

EXIT_OK = 0
EXIT_USAGE = 1
EXIT_INPUT = 2
EXIT_INTERRUPTED = 130

# Literal copies, so that building the parser imports nothing heavy; tests/test_cli.py holds
# them equal to jixiao.extract.ENGINES, extract.export.FORMATS and schema.dataset.FORMATS.
ENGINES = ("auto", "pdfplumber", "camelot")
OCR_MODES = ("auto", "never", "always")  # extract/ocr_mode.py MODES, without importing it
TABLE_FORMATS = ("csv", "xlsx", "md")
DATASET_FORMATS = (".csv", ".xlsx", ".parquet", ".sqlite", ".jsonl")
GOLDEN_SUFFIX = ".golden.json"


class UsageError(Exception):
    """A problem with the command line or environment, reported without a traceback."""


class _Parser(argparse.ArgumentParser):
    """Usage errors exit 1 (2 means "an input failed"), with this command's usage."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _input_failed(file: Path, exc: Any) -> int:
    print(f"jixiao: {file}: {exc.code}: {exc.message}", file=sys.stderr)
    return EXIT_INPUT


def _check_output_file(path: Path | None) -> None:
    """Refuse an unusable ``-o`` before any work: a folder, a missing or read-only folder."""
    if path is None:
        return
    if path.is_dir():
        raise UsageError(f"{path} is a folder; give a file name")
    if path.exists() and not path.is_file():  # /dev/null, a FIFO: written in place
        if not os.access(path, os.W_OK):
            raise UsageError(f"{path}: permission denied")
        return
    parent = path.resolve().parent if path.is_symlink() else path.parent
    if not parent.is_dir():
        raise UsageError(f"{parent} is not an existing folder")
    if not os.access(parent, os.W_OK):
        raise UsageError(f"{parent}: permission denied")


def _parse_report(args: argparse.Namespace) -> Report:
    from . import parse

    return parse(
        args.file,
        password=args.password,
        engine=args.engine,
        pages=args.pages,
        timeout=getattr(args, "timeout", None),
        synonyms=args.synonyms,
        ocr=args.ocr,
    )


def _utf8_writer(handle: BinaryIO) -> Callable[[str], object]:
    return lambda text: handle.write(text.encode("utf-8"))


def _convert(args: argparse.Namespace) -> int:
    """The records and tables are parked as JSON text in temporary files as they are made
    (``read_spooled``) and copied into the output a piece at a time, so a long document
    never holds their models, its extracted tables or its whole JSON text (the bytes are
    those of ``jixiao.dumps(jixiao.parse(file))``)."""
    from . import read_spooled
    from .extract.errors import InputError
    from .schema.output import open_atomic
    from .schema.summary import summary_text

    _check_output_file(args.output)
    timeout = _timeout(args.timeout, None)
    max_memory = _max_memory(args.max_memory, None)
    if max_memory:  # schema.jobs brings multiprocessing: only when a ceiling is asked
        from .schema.jobs import limit_memory

        limit_memory(max_memory)
    bar = _page_bar(args)
    try:
        spooled = read_spooled(
            args.file,
            password=args.password,
            engine=args.engine,
            pages=args.pages,
            timeout=timeout,
            synonyms=args.synonyms,
            ocr=args.ocr,
            progress=None if bar is None else (lambda _page: bar.update(1)),
        )
    except InputError as exc:
        return _input_failed(args.file, exc)
    except MemoryError:
        print(f"jixiao: {args.file}: too_large: over --max-memory", file=sys.stderr)
        return EXIT_INPUT
    finally:
        if bar is not None:
            bar.close()
    report = spooled.report
    report.source.path = args.file.as_posix()
    n_records, n_tables = len(spooled.records), len(spooled.tables)
    try:
        if args.output:
            with open_atomic(args.output) as handle:
                spooled.write(_utf8_writer(handle))
            print(
                f"{args.file}: layout {report.layout}, {n_records} records, "
                f"{n_tables} tables, {len(report.warnings)} warnings -> {args.output}",
                file=sys.stderr,
            )
        else:
            spooled.write(sys.stdout.write)
        if args.summary:
            # stderr when the JSON goes to stdout, so `convert X --summary > x.json` stays valid.
            stream = sys.stdout if args.output else sys.stderr
            report.records = spooled.whole_records()
            stream.write(summary_text(report, tables=n_tables))
    finally:
        spooled.close()
    return EXIT_OK


def _progress_shown(args: argparse.Namespace) -> bool:
    """``--progress`` / ``--no-progress``, else whether stderr is a terminal."""
    return sys.stderr.isatty() if args.progress is None else args.progress


def _refresh_interval() -> float:
    """Seconds between redraws: often on a terminal, rarely into a log file."""
    return 0.1 if sys.stderr.isatty() else 5.0


def _page_bar(args: argparse.Namespace) -> Any:
    """Pages read so far, on stderr: a scan read by OCR takes seconds a page, so a long one
    was minutes without a sign of life. None when not shown; tqdm is imported only then."""
    if not _progress_shown(args):
        return None
    from tqdm import tqdm

    return tqdm(
        desc=args.file.name,
        unit="page",
        file=sys.stderr,
        bar_format="{desc}: {n} pages read [{elapsed}, {rate_fmt}]",
        mininterval=_refresh_interval(),
    )


def _tables(args: argparse.Namespace) -> int:
    from .extract.errors import InputError
    from .extract.export import export_files, export_tables
    from .schema.output import write_atomic

    output: Path | None = args.output
    if output is not None and output.is_dir():
        output = output / (args.file.stem + "." + args.format)  # into the folder
    _check_output_file(output)
    if output is None and args.format == "xlsx":
        raise UsageError("xlsx output needs -o PATH")
    try:
        report = _parse_report(args)
    except InputError as exc:
        return _input_failed(args.file, exc)
    if not report.tables:
        print(f"jixiao: {args.file}: no table found", file=sys.stderr)
    if output is None:
        sys.stdout.buffer.write(export_tables(report.tables, args.format, fill_merged=args.fill))
        return EXIT_OK
    for path, payload in export_files(report.tables, args.format, output, fill_merged=args.fill):
        write_atomic(path, payload)
        print(f"{args.file} -> {path}", file=sys.stderr)
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from . import json_schema
    from .schema.errors import error_schema
    from .schema.output import write_atomic

    _check_output_file(args.output)
    schema = error_schema() if args.error else json_schema()
    text = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


# --- inputs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BatchInput:
    """An input file and the relative path its output mirrors."""

    path: Path
    relative: PurePath


_GLOB_MAGIC = re.compile(r"[*?[]")


def _is_pdf_name(path: Path) -> bool:
    return path.suffix.lower() == ".pdf"


def _pdfs_under(folder: Path, notes: list[str]) -> list[Path]:
    """Every *.pdf file below ``folder``, sorted. Symlinked folders are not followed (loops)
    and a folder named ``x.pdf`` is not a PDF: both are noted for the summary."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in dirs:
            path = Path(root) / name
            if path.is_symlink():
                notes.append(f"{path}: symlinked folder, not followed")
            elif _is_pdf_name(path):
                notes.append(f"{path}: a folder named *.pdf, read as a folder")
        found.extend(Path(root) / name for name in sorted(files) if _is_pdf_name(Path(name)))
    return found


def _glob_base(pattern: str) -> Path:
    parts = PurePath(pattern).parts
    fixed = list(parts[: next(i for i, p in enumerate(parts) if _GLOB_MAGIC.search(p))])
    return Path(*fixed) if fixed else Path(".")


def _common_folder(paths: Sequence[Path]) -> Path:
    folders = [os.path.abspath(p.parent) for p in paths]
    return Path(os.path.commonpath(folders)) if folders else Path(".")


def collect_inputs(patterns: Iterable[str]) -> tuple[list[BatchInput], list[str]]:
    """Files, folders (every *.pdf below, recursively) and globs (``**`` recursive) → inputs
    in a stable order, with notes for the user (a glob matching nothing, a folder skipped).

    A folder's files mirror below the folder. Files named directly and glob matches mirror
    below the common folder of all of them, so ``"in/*/a.pdf"`` quoted and the same glob
    expanded by the shell give the same outputs. A name that does not exist and is not a
    glob is kept: it fails as ``not_found`` like every other failure.
    """
    found: list[BatchInput] = []
    loose: list[Path] = []  # files and glob matches, placed once all are known
    notes: list[str] = []
    for pattern in patterns:
        path = Path(pattern)
        if path.is_dir():
            found.extend(BatchInput(f, f.relative_to(path)) for f in _pdfs_under(path, notes))
            continue
        if path.exists() or path.is_symlink() or not _GLOB_MAGIC.search(pattern):
            loose.append(path)
            continue
        before = len(found) + len(loose)
        base = _glob_base(pattern)
        for match in map(Path, sorted(glob.glob(pattern, recursive=True))):
            if match.is_dir():
                found.extend(BatchInput(f, f.relative_to(base)) for f in _pdfs_under(match, notes))
            elif _is_pdf_name(match):
                loose.append(match)
        if len(found) + len(loose) == before:
            notes.append(f"{pattern}: no PDF matches")
    root = _common_folder(loose)
    for path in loose:
        found.append(BatchInput(path, PurePath(os.path.relpath(os.path.abspath(path), root))))
    unique: dict[str, BatchInput] = {}
    for item in found:
        unique.setdefault(os.path.normcase(os.path.abspath(item.path)), item)
    return list(unique.values()), notes


# --- batch ------------------------------------------------------------------------------


def _counts(counter: Counter[str]) -> str:
    return ", ".join(
        f"{key} {n}" for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def summary_lines(
    done: Sequence[JobResult], skipped: int, total: int, elapsed: float, outdir: Path
) -> list[str]:
    ok = [r for r in done if r.ok]
    failed = [r for r in done if not r.ok]
    rate = (len(done) - skipped) / elapsed if elapsed > 0 else 0.0
    lines = [
        f"jixiao batch: {len(done)} of {total} files in {elapsed:.1f} s ({rate:.1f} files/s)",
        f"  converted  {len(ok) - skipped}",
    ]
    if skipped:
        lines.append(f"  skipped    {skipped} (output up to date)")
    lines.append(
        f"  failed     {len(failed)}"
        + (f" ({_counts(Counter(r.code or '?' for r in failed))})" if failed else "")
    )
    lines.append(f"  pages      {sum(r.pages for r in ok)}, records {sum(r.records for r in ok)}")
    lines.append(f"  layouts    {_counts(Counter(r.layout or 'unknown' for r in ok)) or '-'}")
    lines.append(f"  outputs    {outdir}")
    return lines


def _check_dataset_target(path: Path) -> None:
    """Everything that would make ``--dataset`` fail, found before the batch converts."""
    if path.suffix.lower() not in DATASET_FORMATS:
        raise UsageError(
            f"unknown dataset format {path.suffix or '(none)'!r}; "
            f"use one of {', '.join(DATASET_FORMATS)}"
        )
    if path.is_dir():
        raise UsageError(f"--dataset: {path} is a folder; give a file name")
    existing = path.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise UsageError(f"--dataset: {existing} is not a folder")
    if not os.access(existing, os.W_OK):
        raise UsageError(f"--dataset: {existing}: permission denied")
    if path.suffix.lower() == ".parquet":
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError as exc:
            raise UsageError(
                "parquet datasets need pyarrow: pip install 'jixiao[datasets]'"
            ) from exc


def _existing_result(job: Job, path: Path, expected: dict[str, Any]) -> JobResult | None:
    """The result recorded in an up-to-date report file (``--resume``), else None.

    Up to date means: the same input bytes (sha256), input path, schema version and
    producer (jixiao version, engine and every option that changes the output). Error
    files are never up to date: failures are retried.
    """
    from .schema.errors import is_error_document
    from .schema.jobs import JobResult, sha256_of_regular_file

    if path.is_symlink() or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or is_error_document(data):
        return None
    source = data.get("source") or {}
    recorded = (data.get("schema_version"), data.get("producer"), source.get("path"))
    if recorded != (expected["schema_version"], expected["producer"], job.relative):
        return None
    sha256 = sha256_of_regular_file(job.path)
    if sha256 is None or source.get("sha256") != sha256:
        return None
    pages, records = int(source.get("pages") or 0), len(data.get("records") or [])
    return JobResult(job.index, True, "", sha256, pages, records, data.get("layout"))


def _output(outdir: Path, stem: str, ok: bool) -> Path:
    from .schema.output import ERROR_SUFFIX, REPORT_SUFFIX

    return outdir / (stem + (REPORT_SUFFIX if ok else ERROR_SUFFIX))


def _write_result(outdir: Path, stem: str, result: JobResult) -> str | None:
    """Write a result atomically and remove the other kind left by an earlier run, so every
    input has exactly one output describing its latest conversion. Returns why the output
    could not be written, or None."""
    from .schema.output import blocked, inside, write_atomic

    target, stale = _output(outdir, stem, result.ok), _output(outdir, stem, not result.ok)
    reason = blocked(outdir, target)
    if reason is None and not inside(outdir, target):
        reason = f"{target} resolves outside {outdir}"
    if reason:
        return reason
    try:
        write_atomic(target, result.text)
        if stale.is_file() and not stale.is_symlink():
            stale.unlink()
    except OSError as exc:
        return f"{target}: {exc.strerror or exc}"
    return None


def results(
    jobs: Sequence[Job],
    workers: int,
    scheduler: str | None,
    timeout: float | None,
    max_memory: int | None = None,
    pool: Any = None,
) -> Iterator[JobResult]:
    """Results of ``jobs`` as they finish, locally (on ``pool`` when one was started) or on
    Dask."""
    from functools import partial

    from . import read_spooled
    from .schema.jobs import SchedulerError, dask_results, local_results, run_job

    if not jobs:
        return
    task = partial(run_job, convert=read_spooled)
    if scheduler:
        try:
            yield from dask_results(scheduler, jobs, timeout, task)
        except SchedulerError as exc:
            raise UsageError(str(exc)) from exc
    else:
        yield from local_results(jobs, workers, timeout, max_memory, task, pool)


def _timeout(value: float | None, default: float | None) -> float | None:
    """``--timeout``: seconds, 0 for no limit, ``default`` when not given."""
    if value is None:
        return default
    if not 0 <= value < 1e9:  # NaN and inf too: setitimer would fail with a bare OSError
        raise UsageError("--timeout must be positive (0: no limit)")
    return value or None


def _max_memory(value: int | None, default: int | None) -> int | None:
    """``--max-memory``: MiB, 0 for no ceiling, ``default`` when not given."""
    if value is None:
        return default
    if value < 0:
        raise UsageError("--max-memory must be positive (0: no ceiling)")
    return value or None


@dataclass
class BatchPlan:
    """Every input with its output stem and job; ``done`` holds what is settled before any
    conversion (blocked outputs, outputs up to date)."""

    inputs: list[BatchInput]
    stems: list[str]
    jobs: list[Job]
    done: list[JobResult | None]
    skipped: int = 0


def _plan(args: argparse.Namespace, inputs: list[BatchInput]) -> BatchPlan:
    from . import producer
    from .schema.jobs import Job, failure
    from .schema.models import SCHEMA_VERSION
    from .schema.output import OutputNames, blocked

    outdir: Path = args.output
    names = OutputNames()
    stems = [names.allocate(item.relative) for item in inputs]
    jobs = [
        Job(i, os.path.abspath(item.path), item.path.name, args.password, args.engine,
            item.relative.as_posix(),
            synonyms=os.path.abspath(args.synonyms) if args.synonyms else None, ocr=args.ocr)
        for i, item in enumerate(inputs)
    ]  # fmt: skip
    plan = BatchPlan(inputs, stems, jobs, [None] * len(jobs))
    expected = {
        "schema_version": SCHEMA_VERSION,
        "producer": producer(args.engine, synonyms=args.synonyms, ocr=args.ocr).model_dump(
            mode="json"
        ),
    }
    for job, stem in zip(jobs, stems, strict=True):
        target = _output(outdir, stem, True)
        reason = blocked(outdir, target)
        if reason:
            plan.done[job.index] = replace(failure(job, "output_blocked", reason), text="")
        elif args.resume:
            plan.done[job.index] = _existing_result(job, target, expected)
            plan.skipped += plan.done[job.index] is not None
    return plan


def _run(
    plan: BatchPlan,
    args: argparse.Namespace,
    timeout: float | None,
    max_memory: int | None,
    pool: Any,
) -> bool:
    """Convert what is left and write each result as it arrives; False when interrupted."""
    from tqdm import tqdm

    from .schema.jobs import default_workers, failure

    def report(result: JobResult) -> None:
        if not result.ok:
            path = plan.inputs[result.index].path
            tqdm.write(f"jixiao: {path}: {result.code}: {result.message}", file=sys.stderr)

    todo = [job for job in plan.jobs if plan.done[job.index] is None]
    bar = tqdm(
        total=len(plan.jobs),
        initial=len(plan.jobs) - len(todo),
        unit="file",
        file=sys.stderr,
        disable=not _progress_shown(args),
        mininterval=_refresh_interval(),
    )
    for result in plan.done:
        if result is not None:
            report(result)
    workers = args.workers or default_workers()
    stream = results(todo, workers, args.scheduler, timeout, max_memory, pool)
    try:
        with contextlib.closing(stream):  # the workers stop however the loop ends
            for result in stream:
                why = _write_result(args.output, plan.stems[result.index], result)
                if why:
                    result = failure(plan.jobs[result.index], "output_blocked", why)
                plan.done[result.index] = replace(result, text="")  # outputs live on disk
                bar.update(1)
                report(result)
    except KeyboardInterrupt:
        return False
    finally:
        bar.close()
    return True


def _batch(args: argparse.Namespace) -> int:
    from .schema.jobs import (
        DEFAULT_MAX_MEMORY_MB,
        DEFAULT_TIMEOUT,
        default_workers,
        start_pool,
        stop_pool,
    )
    from .schema.output import remove_leftovers

    outdir: Path = args.output
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    timeout = _timeout(args.timeout, DEFAULT_TIMEOUT)
    max_memory = _max_memory(args.max_memory, DEFAULT_MAX_MEMORY_MB)
    if outdir.exists() and not outdir.is_dir():
        raise UsageError(f"{outdir} is not a folder")
    if args.dataset is not None:
        _check_dataset_target(args.dataset)
    inputs, notes = collect_inputs(args.inputs)
    for note in notes:
        print(f"jixiao: {note}", file=sys.stderr)
    if not inputs:
        raise UsageError("no PDF found in the inputs")
    outdir.mkdir(parents=True, exist_ok=True)
    if args.resume:
        for leftover in remove_leftovers(outdir):
            print(f"jixiao: removed {leftover} (left by an interrupted run)", file=sys.stderr)

    # The workers start importing while this process plans (a --resume run may have
    # nothing left to convert: its pool starts once the plan says so).
    pool = None
    if not args.scheduler and not args.resume:
        pool = start_pool(min(args.workers or default_workers(), len(inputs)), max_memory)
    try:
        plan = _plan(args, inputs)
        start = time.monotonic()
        completed = _run(plan, args, timeout, max_memory, pool)
    finally:
        if pool is not None:
            stop_pool(pool)
    finished = [r for r in plan.done if r is not None]
    elapsed = time.monotonic() - start
    for line in summary_lines(finished, plan.skipped, len(plan.jobs), elapsed, outdir):
        print(line)
    if notes:
        print(f"  not read   {len(notes)} (see the notes above: symlinks, folders, globs)")
    if not completed:
        print("jixiao batch: interrupted; the outputs written so far are complete", file=sys.stderr)
        return EXIT_INTERRUPTED
    if args.dataset is not None:
        # This batch's outputs only (`jixiao dataset OUTDIR` reads the whole folder).
        written = [
            _output(outdir, stem, r.ok).relative_to(outdir).as_posix()
            for stem, r in zip(plan.stems, plan.done, strict=True)
            if r is not None and r.code != "output_blocked"
        ]
        _write_dataset(outdir, written, args.dataset, args.dataset_tables)
    if args.review:
        _write_reviews(outdir, plan)
    return EXIT_OK if all(r.ok for r in finished) else EXIT_INPUT


def _write_reviews(outdir: Path, plan: BatchPlan) -> None:
    """batch --review: <name>.review.html beside each converted file's JSON."""
    from .schema.models import Report
    from .schema.review import write_review

    for job, stem, result in zip(plan.jobs, plan.stems, plan.done, strict=True):
        if result is None or not result.ok:
            continue
        report = Report.model_validate_json(_output(outdir, stem, True).read_text("utf-8"))
        write_review(report, job.path, outdir / f"{stem}.review.html", password=job.password)


def _inspect(args: argparse.Namespace) -> int:
    from . import inspect_pages
    from .extract.errors import InputError

    if args.output.exists() and not args.output.is_dir():
        raise UsageError(f"{args.output} is not a folder")
    written = 0
    try:
        pictures = inspect_pages(
            args.file,
            args.pages,
            tables_only=args.tables_only,
            password=args.password,
            engine=args.engine,
            ocr=args.ocr,
        )
        for page, image in pictures:
            # made once there is a picture: a file that cannot be read leaves no folder
            args.output.mkdir(parents=True, exist_ok=True)
            image.save(args.output / f"{args.file.stem}-p{page:03d}.png")
            written += 1
        if not written:
            wanted = ",".join(map(str, args.pages or []))
            raise InputError("no_such_page", f"the PDF has none of the pages {wanted}")
    except InputError as exc:
        return _input_failed(args.file, exc)
    print(f"{args.file}: {written} page picture(s) -> {args.output}")
    return EXIT_OK


def _review_source(args: argparse.Namespace) -> tuple[Report, Path]:
    """(report, PDF) from a PDF, or from a JSON output and its PDF: ``--pdf``, else the path
    the output records (``source.path``, as given to convert or relative to batch's
    input folder, tried from here), else its file name beside the JSON."""
    from pydantic import ValidationError

    from .schema.errors import is_error_document
    from .schema.models import Report

    path: Path = args.file
    if path.suffix.lower() != ".json":
        return _parse_report(args), path
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except (UnicodeDecodeError, ValueError) as exc:
        raise UsageError(f"{path} is not a jixiao JSON output ({exc})") from exc
    if is_error_document(data):
        error = data["error"]
        raise UsageError(
            f"{path} is an error file ({error.get('code')}: {error.get('message')}): "
            "nothing to review"
        )
    try:
        report = Report.model_validate_json(text)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(map(str, problem["loc"])) or "the document"
        raise UsageError(
            f"{path} is not a jixiao report ({exc.error_count()} problem(s), first at "
            f"{where}: {problem['msg']})"
        ) from exc
    if args.pdf:
        candidates = [args.pdf]
    else:
        recorded = [Path(report.source.path)] if report.source.path else []
        candidates = [*recorded, path.parent / report.source.file]
    pdf = next((c for c in candidates if c.is_file()), None)
    if pdf is None:
        tried = " or ".join(str(c) for c in candidates)
        raise UsageError(f"{tried} not found: name the PDF of {path} with --pdf")
    return report, pdf


def _review(args: argparse.Namespace) -> int:
    from .extract.errors import InputError
    from .schema.review import write_review

    _check_output_file(args.output)
    try:
        report, pdf = _review_source(args)
        write_review(report, pdf, args.output, password=args.password)
    except InputError as exc:
        return _input_failed(args.file, exc)
    print(f"{args.file}: {len(report.records)} records -> {args.output}")
    return EXIT_OK


def _write_dataset(
    root: Path, relative: Iterable[str], target: Path, with_tables: bool = False
) -> None:
    from .schema.dataset import build_dataset, iter_outputs, write_dataset

    try:
        dataset = build_dataset(iter_outputs(root, relative), with_tables=with_tables)
        paths = write_dataset(dataset, target)
    except (ValueError, RuntimeError) as exc:
        raise UsageError(str(exc)) from exc
    print(f"  dataset    {', '.join(str(p) for p in paths)}")


def _dataset(args: argparse.Namespace) -> int:
    from .schema.dataset import find_outputs

    if not args.folder.is_dir():
        raise UsageError(f"{args.folder} is not a folder")
    _check_dataset_target(args.output)
    relative = find_outputs(args.folder)
    if not relative:
        raise UsageError(f"no jixiao output (*.json) under {args.folder}")
    print(f"jixiao dataset: {_plural(len(relative), 'output')} from {args.folder}")
    _write_dataset(args.folder, relative, args.output, args.tables)
    return EXIT_OK


# --- regression ---------------------------------------------------------------------------


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


_RECORD_PATH = re.compile(r"^\$\.records\[(\d+)\]")


def _record_hint(path: str, golden: dict[str, Any]) -> str:
    """``$.records[3].target`` → ``  record 3: 宣传次数 (page 2)``, so a reviewer finds it."""
    match = _RECORD_PATH.match(path)
    records = golden.get("records") or []
    if not match or int(match[1]) >= len(records):
        return ""
    record = records[int(match[1])]
    pages = ",".join(str(p) for p in record.get("pages") or []) or "?"
    return f"  (record {match[1]}: {record.get('indicator_name')}, page {pages})"


def _regress(args: argparse.Namespace) -> int:
    from .schema.compare import compare
    from .schema.foreign import Foreign, read_json
    from .schema.jobs import Job, default_workers
    from .schema.output import write_atomic

    folder: Path = args.folder
    if not folder.is_dir():
        raise UsageError(f"{folder} is not a folder")
    if args.workers is not None and args.workers < 1:
        raise UsageError("--workers must be at least 1")
    goldens = sorted(folder.glob("*" + GOLDEN_SUFFIX))
    covered = {g.name[: -len(GOLDEN_SUFFIX)] for g in goldens}
    uncovered = [pdf for pdf in sorted(folder.glob("*.pdf")) if pdf.stem not in covered]
    if not goldens and not (args.add and uncovered):
        raise UsageError(f"no *{GOLDEN_SUFFIX} file in {folder}")
    for pdf in uncovered if not args.add else []:
        print(f"jixiao regress: {pdf.name} has no golden file (not checked)", file=sys.stderr)
    jobs, missing = [], []
    for golden in goldens:
        pdf = golden.with_name(golden.name[: -len(GOLDEN_SUFFIX)] + ".pdf")
        if pdf.is_file():
            jobs.append(Job(len(jobs), os.path.abspath(pdf), pdf.name, args.password))
        else:
            missing.append(golden)
    new = [Job(len(jobs) + i, os.path.abspath(p), p.name) for i, p in enumerate(uncovered)]
    todo = jobs + (new if args.add else [])
    got = {r.index: r for r in results(todo, args.workers or default_workers(), None, None)}
    drifted = len(missing)
    for golden in missing:
        print(f"MISSING {golden.name}: no PDF beside it")
    for job in todo[len(jobs) :]:
        golden = Path(job.path).with_name(Path(job.path).stem + GOLDEN_SUFFIX)
        write_atomic(golden, got[job.index].text)
        print(f"added   {golden.name}")
    for job in jobs:
        golden = Path(job.path).with_name(Path(job.path).stem + GOLDEN_SUFFIX)
        text = got[job.index].text
        try:
            expected = read_json(golden)
            diffs = compare(expected, json.loads(text))
        except (Foreign, RecursionError) as exc:
            # A broken golden (empty, truncated, BOM, not UTF-8, too deep, a folder) is one
            # failed check; the goldens after it are still checked, and --update repairs it.
            reason = exc if isinstance(exc, Foreign) else "nested too deeply"
            if args.update and not golden.is_dir():
                write_atomic(golden, text)
                print(f"updated {golden.name} (was: {reason})")
                continue
            drifted += 1
            print(f"BROKEN  {golden.name}: {reason}")
            continue
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
            print(diff.render() + _record_hint(diff.path, expected))
        if len(diffs) > args.max_diffs:
            print(f"  … and {len(diffs) - args.max_diffs} more")
    checked = len(jobs) + len(missing)
    print(f"jixiao regress: {checked} checked, {checked - drifted} match, {drifted} drifted")
    if drifted and not args.update:
        print(f"review the differences, then run `jixiao regress {folder} --update` to accept them")
    return EXIT_USAGE if drifted else EXIT_OK


# --- argument parsing ---------------------------------------------------------------------


def _pages(text: str) -> list[int]:
    """``1,3-5`` → [1, 3, 4, 5] (1-based, as pdfplumber and camelot number pages)."""
    pages: list[int] = []
    for part in text.split(","):
        first, _, last = part.strip().partition("-")
        if not first.isdigit() or (last and not last.isdigit()) or int(first) < 1:
            raise argparse.ArgumentTypeError(f"not a page list: {text!r} (e.g. 1,3-5)")
        if last and int(last) < int(first):
            raise argparse.ArgumentTypeError(f"a page range runs backwards: {part.strip()!r}")
        pages.extend(range(int(first), int(last or first) + 1))
    return sorted(set(pages))


def _synonyms_file(value: str) -> str:
    """A readable TOML of role = [wording] whose roles all exist (checked before any work)."""
    from .parsers.headers import load_synonyms, role_table
    from .parsers.synonyms import ROLE_SYNONYMS

    try:
        role_table(ROLE_SYNONYMS, load_synonyms(value))
    except (OSError, ValueError) as exc:  # tomllib's TOMLDecodeError is a ValueError
        raise argparse.ArgumentTypeError(f"{value}: {exc}") from exc
    return value


def _common(command: argparse.ArgumentParser, *, pages: bool = True) -> None:
    command.add_argument(
        "--engine",
        choices=ENGINES,
        default="auto",
        help="how tables are found: auto (ruling geometry; on pages with columns of text "
        "but no rules, jixiao's own column finder), pdfplumber (rulings only) or camelot "
        "(camelot's lattice + stream); default: auto",
    )
    command.add_argument("--password", help="password of encrypted PDFs")
    command.add_argument(
        "--ocr",
        choices=OCR_MODES,
        default="auto",
        help="read pages from their picture by OCR: auto (pages without a text layer, when "
        'the extra is installed: pip install "jixiao[ocr]"), never, always; default: auto',
    )
    command.add_argument(
        "--synonyms",
        type=_synonyms_file,
        metavar="TOML",
        help="extra header wording for indicator tables: role = [words] (see README)",
    )
    if pages:
        command.add_argument(
            "--pages", type=_pages, metavar="LIST", help="only these pages, e.g. 1,3-5"
        )


def _convert_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="jixiao convert",
        description="Convert one PDF to a JSON report (stdout unless -o is given).",
    )
    p.add_argument("file", type=Path, help="the PDF to read")
    p.add_argument("-o", "--output", type=Path, help="write the JSON here (atomically)")
    _common(p)
    p.add_argument(
        "--summary",
        action="store_true",
        help="also print which targets were met (to stderr when the JSON goes to stdout)",
    )
    p.add_argument("--timeout", type=float, metavar="SECONDS", help="give up after this long")
    p.add_argument(
        "--max-memory", type=int, metavar="MIB", help="memory ceiling (address space, MiB)"
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="pages read so far, on stderr (default: only when stderr is a terminal)",
    )
    return p


def _tables_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="jixiao tables",
        description="Export every stitched table of one PDF, merged cells resolved. CSV writes "
        "one file per table (t.csv gives t-01.csv, t-02.csv … when there are several), UTF-8 with "
        "a byte-order mark for Excel; xlsx one sheet per table; md one section per table. "
        "PATH may be a folder: the files are named after the PDF.",
    )
    p.add_argument("file", type=Path, help="the PDF to read")
    p.add_argument("--format", choices=TABLE_FORMATS, default="csv", help="default: csv")
    p.add_argument("-o", "--output", type=Path, metavar="PATH", help="default: stdout")
    p.add_argument(
        "--fill", action="store_true", help="repeat a merged cell's text in every slot it covers"
    )
    _common(p)
    return p


def _schema_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="jixiao schema",
        description="Print the JSON Schema (draft 2020-12) that every report file follows.",
    )
    p.add_argument("-o", "--output", type=Path, help="write the schema here")
    p.add_argument("--error", action="store_true", help="the schema of error files instead")
    return p


def _batch_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="jixiao batch",
        description=(
            "Convert files, folders (recursively) and globs to OUTDIR/<name>.json, mirroring "
            "the input names; a file that cannot be converted gets <name>.error.json. "
            "Exit 0 when every file converted, 2 when some failed, 1 on usage errors."
        ),
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="PDF, folder or glob")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUTDIR")
    where = p.add_mutually_exclusive_group()
    where.add_argument(
        "--workers", type=int, metavar="N", help="local worker processes (default: all cores)"
    )
    where.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on a Dask distributed cluster (needs jixiao[dask]); workers must see the "
        "input paths",
    )
    p.add_argument(
        "--resume",
        action="store_true",
        help="skip PDFs whose output exists for the same bytes, path, jixiao version and "
        "options; remove temporary files an interrupted run left",
    )
    p.add_argument(
        "--timeout",
        type=float,
        metavar="SECONDS",
        help="stop a file that takes longer (its worker is replaced) and record it as failed "
        "(default: 300; 0: no limit)",
    )
    p.add_argument(
        "--max-memory",
        type=int,
        metavar="MIB",
        help="address-space ceiling per worker; a file over it fails as too_large "
        "(default: 3072; 0: none)",
    )
    _common(p, pages=False)
    p.add_argument(
        "--dataset",
        type=Path,
        metavar="PATH",
        help="also build the dataset tables from this batch's outputs "
        "(.csv .xlsx .parquet .sqlite .jsonl)",
    )
    p.add_argument(
        "--dataset-tables",
        action="store_true",
        help="add the `cells` table (every table cell of every PDF) to the dataset",
    )
    p.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="progress bar on stderr (default: only when stderr is a terminal)",
    )
    p.add_argument(
        "--review", action="store_true", help="also write <name>.review.html for each file"
    )
    return p


def _inspect_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="jixiao inspect",
        description="Write DIR/<name>-pNNN.png per page: rulings, tables, cells (merged "
        "cells tinted), header cells coloured by role, record numbers, characters in no cell "
        "(red) and the page's warnings in the margin. The whole PDF is read, so tables and "
        "record numbers are those of `convert`; --pages only chooses the pictures.",
    )
    p.add_argument("file", type=Path, help="the PDF to read")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    p.add_argument(
        "--tables-only", action="store_true", help="tables and cells only (unknown layouts)"
    )
    _common(p)
    return p


def _review_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="jixiao review",
        description="Write one HTML file (no server, no network) with the pages on one side "
        "and the records on the other, linked both ways, with status/warning/text filters. "
        "FILE is a PDF, or a JSON output whose PDF is beside it or given with --pdf.",
    )
    p.add_argument("file", type=Path, metavar="FILE", help="PDF or JSON output")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="HTML")
    p.add_argument("--pdf", type=Path, help="the PDF of a JSON output")
    _common(p)
    return p


def _dataset_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="jixiao dataset",
        description="Build the dataset tables from every output in OUTDIR (whatever batch "
        "wrote it); the format follows PATH's extension (.csv .xlsx .parquet .sqlite .jsonl).",
    )
    p.add_argument("folder", type=Path, metavar="OUTDIR", help="folder of jixiao outputs")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="PATH")
    p.add_argument("--tables", action="store_true", help="add the `cells` table (every table cell)")
    return p


def _regress_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="jixiao regress",
        description="Convert every PDF in DIR that has <stem>.golden.json beside it and compare "
        "field by field (bbox within 0.5 pt). Exit 0 when all match, 1 on any drift.",
    )
    p.add_argument("folder", type=Path, nargs="?", default=Path("samples"), metavar="DIR")
    p.add_argument("--update", action="store_true", help="rewrite the golden files (after review)")
    p.add_argument(
        "--add", action="store_true", help="write goldens for the PDFs that have none yet"
    )
    p.add_argument("--workers", type=int, metavar="N", help="default: all cores")
    p.add_argument("--password", help=argparse.SUPPRESS)
    p.add_argument(
        "--max-diffs", type=int, default=50, metavar="N", help="differences shown per file"
    )
    return p


Command = tuple[str, Callable[[], argparse.ArgumentParser], Callable[[argparse.Namespace], int]]
COMMANDS: dict[str, Command] = {
    "convert": ("convert one PDF to JSON", _convert_parser, _convert),
    "tables": (
        "export every table of a PDF (any layout) to CSV, Excel or Markdown",
        _tables_parser,
        _tables,
    ),
    "schema": ("print the JSON Schema of the output (or of error files)", _schema_parser, _schema),
    "batch": ("convert many PDFs (files, folders, globs) to one JSON each", _batch_parser, _batch),
    "dataset": ("build dataset tables from a folder of JSON outputs", _dataset_parser, _dataset),
    "regress": ("check that outputs match the golden files (CI)", _regress_parser, _regress),
    "inspect": ("draw what was read on the pages (PNG per page)", _inspect_parser, _inspect),
    "review": ("write an HTML page: PDF pages beside the records", _review_parser, _review),
}

#: The commands that read PDFs in this process (batch's and regress's workers preload in
#: their own): the pipeline is imported before the first file, the collector paused.
READS_PDFS = frozenset({"convert", "tables", "inspect", "review"})


def build_parser() -> argparse.ArgumentParser:
    """The top level: ``--version``, ``--help`` and the command names."""
    parser = _Parser(
        prog="jixiao",
        description="Turn Chinese government performance-report PDFs (绩效) into validated JSON.",
        epilog="commands:\n"
        + "\n".join(f"  {name:<9} {help_}" for name, (help_, _, _) in COMMANDS.items())
        + "\n\n`jixiao COMMAND --help` documents each command's options.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"jixiao {__version__}")
    parser.add_argument("command", choices=COMMANDS, metavar="COMMAND")
    return parser


def _command(name: str, argv: Sequence[str]) -> int:
    _, make_parser, function = COMMANDS[name]
    args = make_parser().parse_intermixed_args(argv)
    from .schema.heap import preload, steady_heap

    steady_heap()
    if name in READS_PDFS:
        preload()
    try:
        code = int(function(args))
        sys.stdout.flush()  # a broken pipe shows here, not in a traceback at exit
        return code
    except UsageError as exc:
        print(f"jixiao {name}: {exc}", file=sys.stderr)
    except BrokenPipeError:
        raise  # an OSError, but main's: the reader of stdout left
    except OSError as exc:  # an output folder that is a file, a full disk, no permission …
        where = f": {exc.filename}" if exc.filename else ""
        print(f"jixiao {name}: {exc.strerror or exc}{where}", file=sys.stderr)
    return EXIT_USAGE


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # pydantic looks for plugins in every installed distribution's entry points when the
    # first model class is built (0.015 s of a cold convert); jixiao's command line uses
    # none. An explicit PYDANTIC_DISABLE_PLUGINS is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if not argv or argv[0] not in COMMANDS:
        build_parser().parse_args(argv[:1])  # --help, --version or an error: exits
        return EXIT_USAGE
    try:
        return _command(argv[0], argv[1:])
    except BrokenPipeError:
        # `jixiao … | head`: the reader left. Python would print a traceback at exit when
        # flushing stdout; point stdout at /dev/null instead.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        print(f"jixiao {argv[0]}: output closed early (broken pipe)", file=sys.stderr)
        return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
