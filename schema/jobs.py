"""One input → its output document, in a pool of worker processes or on Dask.

A batch of scraped PDFs contains files that never finish (reference loops inside pdfminer),
that inflate to gigabytes (decompression bombs) or that kill their process; none of them may
stop the batch. Each file therefore runs in a worker process under a deadline and a memory
ceiling, and every way a file can fail ends as a :class:`JobResult` with an error document.

The local pool is pebble's: per-task timeouts that terminate and replace the worker, and
worker recycling (pdfminer's caches and allocator fragmentation grow over thousands of
documents; a fresh process keeps memory flat).
"""

from __future__ import annotations

import os
import pickle
import resource
import signal
import stat
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import as_completed
from dataclasses import dataclass
from functools import partial
from multiprocessing import get_all_start_methods, get_context
from typing import TYPE_CHECKING, Any

from .digest import sha256_file
from .heap import PIPELINE, preload, steady_heap

if TYPE_CHECKING:
    from .spool import SpooledReport

# A worker process is replaced after this many files.
TASKS_PER_WORKER = 100
# When no --timeout is given: a file that takes longer is stopped (a damaged PDF can loop
# forever inside pdfminer). Real reports take seconds; 300 s leaves room for 1,000+ pages.
DEFAULT_TIMEOUT = 300.0
# When no --max-memory is given, in MiB of address space per worker (RLIMIT_AS). A worker
# that has read a long report with --engine camelot maps about 2 GiB (VmPeak: Xi'an
# finance, 171 pages); a decompression bomb stops at this ceiling with ``too_large``
# instead of exhausting the machine.
DEFAULT_MAX_MEMORY_MB = 3072


@dataclass(frozen=True)
class Job:
    """One input for a worker. ``path`` is absolute, so a Dask worker with another working
    directory (on a shared file system) finds the same file; ``relative`` is the path below
    the input root that the output records as ``source.path``."""

    index: int
    path: str
    name: str
    password: str | None = None
    engine: str = "auto"
    relative: str | None = None
    pages: tuple[int, ...] | None = None
    synonyms: str | None = None  # TOML of extra header wording (absolute path)
    ocr: str = "auto"  # --ocr: auto, never or always


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


def sha256_of_regular_file(path: str) -> str | None:
    """The file's sha256, or None when it is not a regular file or cannot be read.

    Never opens anything else: a FIFO would block forever and ``/dev/zero`` never ends.
    """
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return None
        return sha256_file(path)
    except OSError:
        return None


def failure(
    job: Job, code: str, message: str, seconds: float = 0.0, trace: str | None = None
) -> JobResult:
    """The result of a file that could not be converted, with its error document.

    The file's location is replaced by its name in the message, so error files are as
    portable as report files.
    """
    from .errors import dumps_error, error_document  # pydantic: not before the pool starts

    message = message.replace(job.path, job.name)
    sha256 = sha256_of_regular_file(job.path)
    text = dumps_error(error_document(job.name, sha256, code, message, trace, job.relative))
    return JobResult(
        job.index, False, text, sha256=sha256, code=code, message=message, seconds=seconds
    )


def run_job(job: Job, convert: Callable[..., SpooledReport]) -> JobResult:
    """Convert one file with ``convert``; never raises, so one bad file cannot stop a batch.

    ``convert`` is :func:`jixiao.read_spooled`, passed in by the caller (a batch gives the
    pool ``partial(run_job, convert=read_spooled)``): this module sits below the public API
    and must not import it. A crash inside the pipeline (anything but ``InputError``)
    becomes ``internal_error`` with the traceback in the error file, for a bug report;
    running out of the memory ceiling becomes ``too_large``.
    """
    from ..extract.errors import InputError

    start = time.perf_counter()
    try:
        pages = list(job.pages) if job.pages else None
        spooled = convert(
            job.path,
            password=job.password,
            engine=job.engine,
            pages=pages,
            synonyms=job.synonyms,
            ocr=job.ocr,
        )
        report = spooled.report
        report.source.path = job.relative
        # The text goes back to the parent whole (a Dask worker cannot write the output
        # folder); records and tables wait in temporary files until it is made.
        chunks: list[str] = []
        try:
            spooled.write(chunks.append)
        finally:
            spooled.close()
        text = "".join(chunks)
        del chunks
    except InputError as exc:
        return failure(job, exc.code, exc.message, time.perf_counter() - start)
    except MemoryError:
        return failure(
            job,
            "too_large",
            "the file needs more memory than the worker's ceiling (--max-memory)",
            time.perf_counter() - start,
        )
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
        records=len(spooled.records),
        layout=report.layout,
        seconds=time.perf_counter() - start,
    )


def limit_memory(megabytes: int | None) -> None:
    """Cap this process's address space, so an allocation past it raises MemoryError."""
    if megabytes:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _init_worker(max_memory_mb: int | None) -> None:
    """Ctrl-C is left to the parent, which stops the workers (else every worker prints a
    KeyboardInterrupt traceback); jixiao is imported before the first deadline starts."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    limit_memory(max_memory_mb)
    steady_heap()
    preload()


def _outcome(future: object, job: Job, timeout: float | None, max_memory: int | None) -> JobResult:
    from pebble import ProcessExpired

    try:
        return future.result()  # type: ignore[attr-defined, no-any-return]
    except FutureTimeout:
        return failure(
            job,
            "timeout",
            f"conversion took longer than {timeout:g} s and was stopped",
            timeout or 0.0,
        )
    except ProcessExpired as exc:
        hint = f" (memory ceiling {max_memory} MiB?)" if max_memory else ""
        return failure(
            job,
            "worker_crashed",
            f"the worker process died (exit code {exc.exitcode}) on this file{hint}",
        )
    except Exception as exc:  # the pool itself failed for this task
        return failure(job, "worker_crashed", f"the worker failed: {type(exc).__name__}: {exc}")


def largest_first(jobs: Sequence[Job]) -> list[Job]:
    """The jobs, biggest file first (input order among equals; a file that cannot be read
    last, where it fails at once).

    Files run in the order they are handed to the pool, and a batch lasts until its last
    file is done: given in name order, the real corpus ended with its 171- and 96-page
    reports, one worker converting them while the other sat idle (2 workers ran 1.68× one).
    Starting the longest first (as in longest-processing-time scheduling) leaves the short
    files to fill in at the end.
    """

    def size(job: Job) -> int:
        try:
            return os.stat(job.path).st_size
        except OSError:
            return -1

    return sorted(jobs, key=size, reverse=True)


#: Pools whose fork server :func:`start_pool` started (by ``id``): :func:`stop_pool` stops it.
_SERVER_OWNERS: set[int] = set()


def _fork_server_running() -> bool:
    from multiprocessing import forkserver

    return getattr(forkserver._forkserver, "_forkserver_pid", None) is not None


def _worker_context() -> tuple[Any, bool]:
    """Where the workers come from, and whether this call set up the fork server for them.

    Spawned workers each import the pipeline, about 0.45 CPU s apiece, at the moment the
    parent imports its own part, and so does every worker that replaces one stopped by a
    timeout or recycled after :data:`TASKS_PER_WORKER` files. A fork server (Linux, macOS)
    imports it once and forks each worker with it imported: two workers' start cost 0.85
    instead of 1.14 CPU s, the first files were done 0.06 s sooner (medians of five
    alternating starts), and a replacement starts in milliseconds. Like spawned ones, the
    workers inherit no threads or locks from the parent (its pool threads, progress bar).
    A fork server already running (the embedding program's) is used as it is: its workers
    import the pipeline in :func:`_init_worker`. Windows has no fork server: spawn.
    """
    if "forkserver" not in get_all_start_methods():
        return get_context("spawn"), False
    context = get_context("forkserver")
    if _fork_server_running():
        return context, False
    package = __name__.rpartition(".schema.")[0]
    context.set_forkserver_preload([package + name for name in PIPELINE])
    return context, True


def start_pool(workers: int, max_memory_mb: int | None) -> Any:
    """A pool of ``workers`` processes, started now rather than at the first file.

    The workers start with the pipeline imported (:func:`_worker_context`); started before
    the parent reads the inputs and plans the outputs, which takes as long again (its own
    imports: the error documents' models), the two overlap instead of adding up. A no-op
    task starts them: pebble starts every worker at the first task it is given.
    """
    from pebble import ProcessPool

    context, owns_server = _worker_context()
    pool = ProcessPool(
        max_workers=max(1, workers),
        max_tasks=TASKS_PER_WORKER,
        initializer=_init_worker,
        initargs=(max_memory_mb,),
        context=context,
    )
    if owns_server:
        _SERVER_OWNERS.add(id(pool))
    pool.schedule(os.getpid)
    return pool


def stop_pool(pool: Any) -> None:
    """Stop the workers, whatever they are doing, and wait for them; then the fork server
    started for them, so that it and they are reaped by this process (their CPU time
    counted in its children's, as spawned workers' is) instead of outliving it until it
    exits. The next pool starts a new one."""
    pool.stop()
    pool.join()
    if id(pool) in _SERVER_OWNERS:
        _SERVER_OWNERS.discard(id(pool))
        from multiprocessing import forkserver

        stop = getattr(forkserver._forkserver, "_stop", None)  # CPython's, since 3.8
        if stop is not None:
            stop()


def local_results(
    jobs: Sequence[Job],
    workers: int,
    timeout: float | None,
    max_memory_mb: int | None,
    task: Callable[[Job], JobResult],
    pool: Any = None,
) -> Iterator[JobResult]:
    """Results of ``task`` (:func:`run_job` with its converter) as files finish, not in
    input order (the biggest files are started first).

    On ``pool`` (from :func:`start_pool`, stopped by whoever started it) or on a pool of
    its own, stopped when the caller stops iterating, however it stops."""
    own = pool is None
    if own:
        pool = start_pool(min(workers, len(jobs)), max_memory_mb)
    try:
        futures = {pool.schedule(task, (job,), timeout=timeout): job for job in largest_first(jobs)}
        for future in as_completed(futures):
            yield _outcome(future, futures[future], timeout, max_memory_mb)
    finally:
        if own:
            stop_pool(pool)


# --- Dask ---------------------------------------------------------------------------------


def _isolated_main() -> None:
    """Child of :func:`run_job_isolated`: ready line, then one pickled (task, job) in, the
    result out."""
    real_stdout = sys.stdout.buffer
    sys.stdout = sys.stderr  # stray prints from libraries must not corrupt the result
    preload()  # before the deadline starts

    real_stdout.write(b"ready\n")
    real_stdout.flush()
    task, job = pickle.loads(sys.stdin.buffer.read())
    real_stdout.write(pickle.dumps(task(job)))
    real_stdout.flush()


def run_job_isolated(job: Job, timeout: float, task: Callable[[Job], JobResult]) -> JobResult:
    """Run one file in a child process and kill it at the deadline.

    Dask cannot stop a running task (it runs in a worker thread), and Dask worker processes
    are daemons that may not use multiprocessing; a plain subprocess is allowed and can be
    killed. The deadline starts once the child has imported jixiao, as in the local pool.
    """
    code = "from jixiao.schema.jobs import _isolated_main; _isolated_main()"
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
            out, err = process.communicate(pickle.dumps((task, job)), timeout=timeout)
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


class SchedulerError(Exception):
    """The Dask scheduler cannot be used (not installed, unreachable)."""


def dask_results(
    address: str, jobs: Sequence[Job], timeout: float | None, task: Callable[[Job], JobResult]
) -> Iterator[JobResult]:
    """Run the same jobs on a Dask distributed cluster; results as they finish.

    Workers must see the input paths (a shared file system) and have jixiao installed;
    outputs are written here, by the client, so only this machine needs the output folder.
    """
    try:
        from distributed import Client, as_completed
    except ImportError as exc:
        raise SchedulerError(
            "--scheduler needs dask distributed: pip install 'jixiao[dask]'"
        ) from exc
    try:
        client = Client(address, set_as_default=False, timeout=30)
    except (OSError, TimeoutError) as exc:
        raise SchedulerError(f"cannot reach the Dask scheduler at {address}: {exc}") from exc
    try:
        run: Callable[[Job], JobResult] = (
            partial(run_job_isolated, timeout=timeout, task=task) if timeout else task
        )
        futures = client.map(run, list(jobs), pure=False)
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


def default_workers() -> int:
    """All cores this process may use (fewer than os.cpu_count() in a container)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1
