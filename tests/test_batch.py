"""``jixiao batch``: inputs, safe output names, workers, timeouts, resume, Dask, summary.

Most tests use tiny generated PDFs (a few ms each); the two seed samples (~2 s each) are
converted once, by the module-scoped batch below, and stand in for "slow" files when a test
needs a conversion that overruns a short timeout.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import json
import multiprocessing
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
import zlib
from functools import partial
from pathlib import Path, PurePath

import pytest
from hostile import TABLE, build_pdf, stream

import jixiao
from conftest import SAMPLES, parsed
from jixiao.cli import collect_inputs, main
from jixiao.schema.jobs import Job, JobResult, local_results, run_job, start_pool, stop_pool
from jixiao.schema.output import OutputNames, inside, output_stem, safe_part

FAITHFUL = SAMPLES / "gz_kx_2021_faithful.pdf"
DOCX = SAMPLES / "gz_kx_2021_docx.pdf"


def text_pdf(path: Path, lines: list[str]) -> Path:
    """A small PDF with a text layer and no table (converts in milliseconds)."""
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    pdf = canvas.Canvas(str(path))
    for line in lines:
        pdf.drawString(72, 720, line)
        pdf.showPage()
    pdf.save()
    return path


@pytest.fixture(scope="module")
def sample_batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """One batch over a nested folder with both samples and a small PDF, run once."""
    root = tmp_path_factory.mktemp("batch")
    inputs = root / "in"
    (inputs / "2021" / "科协").mkdir(parents=True)
    shutil.copy(FAITHFUL, inputs / "2021" / "科协" / FAITHFUL.name)
    shutil.copy(DOCX, inputs / DOCX.name)
    text_pdf(inputs / "annex.PDF", ["annex page"])
    (inputs / "notes.txt").write_text("not an input", encoding="utf-8")
    out = root / "out"
    code = main(["batch", str(inputs), "-o", str(out), "--workers", "2", "--no-progress"])
    return {"root": root, "inputs": inputs, "out": out, "code": code}


def test_folder_batch_mirrors_names_and_matches_convert(sample_batch: dict) -> None:
    out: Path = sample_batch["out"]
    assert sample_batch["code"] == 0
    produced = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert produced == [
        "2021/科协/gz_kx_2021_faithful.json",
        "annex.json",
        "gz_kx_2021_docx.json",
    ]
    for sample, name in ((FAITHFUL, "2021/科协/gz_kx_2021_faithful"), (DOCX, DOCX.stem)):
        report = parsed(sample).model_copy(deep=True)
        report.source.path = name + ".pdf"  # the input's path below the folder given
        assert (out / (name + ".json")).read_text(encoding="utf-8") == jixiao.dumps(report)
    assert not list(out.rglob(".*.tmp")), "no temporary file left behind"
    mask = os.umask(0)
    os.umask(mask)
    mode = (out / "annex.json").stat().st_mode & 0o777
    assert mode == 0o666 & ~mask, "outputs get the usual file mode, not mkstemp's 0600"


def test_summary_counts_pages_records_layouts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text_pdf(tmp_path / "a.pdf", ["one", "two"])
    text_pdf(tmp_path / "b.pdf", ["three"])
    (tmp_path / "c.pdf").write_bytes(b"")
    code = main(["batch", str(tmp_path / "*.pdf"), "-o", str(tmp_path / "out"), "--workers", "1"])
    assert code == 2, "exit 2 when some files failed"
    out = capsys.readouterr().out
    assert "converted  2" in out
    assert "failed     1 (empty_file 1)" in out
    assert "pages      3, records 0" in out
    assert "layouts    unknown 2" in out
    assert "files/s" in out


def test_exit_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = text_pdf(tmp_path / "good.pdf", ["fine"])
    assert main(["batch", str(good), "-o", str(tmp_path / "o1"), "--workers", "1"]) == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["batch", str(empty), "-o", str(tmp_path / "o2")]) == 1
    assert "no PDF found" in capsys.readouterr().err
    assert main(["batch", str(good), "-o", str(tmp_path / "o3"), "--workers", "0"]) == 1


def test_missing_input_is_a_failure_not_a_crash(tmp_path: Path) -> None:
    good = text_pdf(tmp_path / "good.pdf", ["fine"])
    out = tmp_path / "out"
    code = main(["batch", str(good), str(tmp_path / "gone.pdf"), "-o", str(out), "--workers", "1"])
    assert code == 2
    error = json.loads((out / "gone.error.json").read_text(encoding="utf-8"))
    assert error == {
        "schema_version": jixiao.schema.SCHEMA_VERSION,
        "source": {"file": "gone.pdf", "path": "gone.pdf", "sha256": None},
        "error": {"code": "not_found", "message": "gone.pdf does not exist"},
    }
    assert (out / "good.json").is_file()


# --- inputs and output names ---------------------------------------------------------


def test_collect_inputs_files_folders_globs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("d/a.pdf", "d/sub/b.PDF", "d/sub/deeper/c.pdf", "d/readme.txt", "e/x.pdf"):
        Path(name).parent.mkdir(parents=True, exist_ok=True)
        Path(name).write_bytes(b"%PDF-1.4")
    Path("odd.html").write_text("<html>", encoding="utf-8")
    inputs, notes = collect_inputs(["d", "e/*.pdf", "d/**/c.pdf", "odd.html", "nothing/*.pdf"])
    got = [(str(i.path), i.relative.as_posix()) for i in inputs]
    assert got == [
        ("d/a.pdf", "a.pdf"),
        ("d/sub/b.PDF", "sub/b.PDF"),
        ("d/sub/deeper/c.pdf", "sub/deeper/c.pdf"),
        ("e/x.pdf", "e/x.pdf"),  # files and glob matches: below their common folder
        ("odd.html", "odd.html"),  # named explicitly: taken whatever its name
    ], "folders recurse, only *.pdf; duplicates (c.pdf via the glob) are dropped"
    assert notes == ["nothing/*.pdf: no PDF matches"]
    deep, _ = collect_inputs(["d/**/*.pdf"])
    # Globs match as the shell does (case-sensitive on Linux): b.PDF is not *.pdf.
    assert [i.relative.as_posix() for i in deep] == ["a.pdf", "sub/deeper/c.pdf"]


def test_output_names_do_not_depend_on_shell_quoting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("in/x/a.pdf", "in/y/a.pdf"):
        text_pdf(Path(name), [name])
    quoted = tmp_path / "quoted"
    expanded = tmp_path / "expanded"
    assert main(["batch", "in/*/a.pdf", "-o", str(quoted), "--workers", "1"]) == 0
    assert main(["batch", "in/x/a.pdf", "in/y/a.pdf", "-o", str(expanded), "--workers", "1"]) == 0
    names = sorted(p.relative_to(quoted).as_posix() for p in quoted.rglob("*.json"))
    assert names == ["x/a.json", "y/a.json"]
    assert names == sorted(p.relative_to(expanded).as_posix() for p in expanded.rglob("*.json"))
    for name in names:
        data = json.loads((quoted / name).read_text(encoding="utf-8"))
        assert data["source"]["file"] == "a.pdf"
        assert data["source"]["path"] == name.replace(".json", ".pdf"), "two a.pdf told apart"
        assert (quoted / name).read_bytes() == (expanded / name).read_bytes()


@pytest.mark.parametrize(
    ("relative", "stem"),
    [
        ("2021/科协/报告.pdf", "2021/科协/报告"),
        ("../../etc/passwd.pdf", "_/_/etc/passwd"),
        ("a/./../b.pdf", "a/_/b"),
        ("/abs/x.pdf", "abs/x"),
        ('bad:name?<>|"*.pdf', "bad_name______"),
        ("CON.pdf", "_CON"),
        ("trailing. .pdf", "trailing"),
        ("tab\there\n.pdf", "tab_here_"),
        ("..pdf", "_"),
        ("report.PDF", "report"),
        ("no_extension", "no_extension"),
    ],
)
def test_output_stem_is_safe(relative: str, stem: str, tmp_path: Path) -> None:
    got = output_stem(PurePath(relative))
    assert got == stem
    assert inside(tmp_path, tmp_path / (got + ".error.json"))


def test_long_names_are_shortened_distinctly() -> None:
    a, b = "报" * 100 + "甲.pdf", "报" * 100 + "乙.pdf"
    stems = {output_stem(PurePath(a)), output_stem(PurePath(b))}
    assert len(stems) == 2
    assert all(len((s + ".error.json").encode()) <= 255 for s in stems)
    assert safe_part("x" * 300) != safe_part("x" * 301)


def test_output_names_never_collide() -> None:
    names = OutputNames()
    got = [
        names.allocate(PurePath(p))
        for p in ("x.pdf", "X.PDF", "x.pdf", "x.error.pdf", "sub/x.pdf", "SUB/X.pdf")
    ]
    assert got == ["x", "X~2", "x~3", "x.error~2", "sub/x", "SUB/X~2"]


def test_symlink_in_outdir_cannot_redirect_outputs(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    text_pdf(inputs / "sub" / "a.pdf", ["a"])
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").symlink_to(outside, target_is_directory=True)
    text_pdf(inputs / "b.pdf", ["b"])
    assert main(["batch", str(inputs), "-o", str(out), "--workers", "1"]) == 2
    assert not list(outside.iterdir()), "nothing written through the symlink"
    assert (out / "b.json").is_file(), "the other inputs are still converted"


# --- resume -------------------------------------------------------------------------------


def test_resume_skips_up_to_date_outputs_and_retries_failures(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inputs = tmp_path / "in"
    a = text_pdf(inputs / "a.pdf", ["a"])
    text_pdf(inputs / "b.pdf", ["b"])
    (inputs / "c.pdf").write_text("<html></html>", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["batch", str(inputs), "-o", str(out), "--workers", "1"]) == 2
    first = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    capsys.readouterr()

    text_pdf(a, ["a, edited"])  # new bytes: must be converted again
    time.sleep(0.01)
    assert main(["batch", str(inputs), "-o", str(out), "--workers", "1", "--resume"]) == 2
    summary = capsys.readouterr().out
    assert "converted  1" in summary and "skipped    1" in summary
    assert (out / "b.json").stat().st_mtime_ns == first["b.json"], "b.json untouched"
    assert (out / "a.json").stat().st_mtime_ns != first["a.json"]
    assert (out / "c.error.json").stat().st_mtime_ns != first["c.error.json"], "retried"
    assert json.loads((out / "a.json").read_text(encoding="utf-8"))["source"]["sha256"] == (
        jixiao.parse(a).source.sha256
    )


def test_resume_reconverts_outputs_of_another_schema_version(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "in" / "a.pdf", ["a"])
    out = tmp_path / "out"
    assert main(["batch", str(pdf), "-o", str(out), "--workers", "1"]) == 0
    target = out / "a.json"
    data = json.loads(target.read_text(encoding="utf-8"))
    data["schema_version"] = "0.9"
    target.write_text(json.dumps(data), encoding="utf-8")
    assert main(["batch", str(pdf), "-o", str(out), "--workers", "1", "--resume"]) == 0
    assert json.loads(target.read_text(encoding="utf-8"))["schema_version"] != "0.9"


def test_a_fixed_file_replaces_its_error_output(tmp_path: Path) -> None:
    pdf = tmp_path / "in" / "a.pdf"
    pdf.parent.mkdir()
    pdf.write_bytes(b"")
    out = tmp_path / "out"
    assert main(["batch", str(pdf), "-o", str(out), "--workers", "1"]) == 2
    assert [p.name for p in out.iterdir()] == ["a.error.json"]
    text_pdf(pdf, ["now a PDF"])
    assert main(["batch", str(pdf), "-o", str(out), "--workers", "1", "--resume"]) == 0
    assert [p.name for p in out.iterdir()] == ["a.json"], "one output per input, the latest"


# --- workers: timeout, crash, internal errors --------------------------------------------


def _die_on_first(job: Job) -> JobResult:
    """A worker that dies the hard way on job 0 (as on a segfault or the OOM killer)."""
    if job.index == 0:
        os.kill(os.getpid(), signal.SIGKILL)
    return run_job(job, jixiao.read_spooled)


def _hang_on_first(job: Job) -> JobResult:
    """A worker stuck on job 0 (as in a reference loop pdfminer never leaves)."""
    if job.index == 0:
        time.sleep(120)
    return run_job(job, jixiao.read_spooled)


def test_timeout_stops_the_worker_and_the_batch_goes_on(tmp_path: Path) -> None:
    small = text_pdf(tmp_path / "small.pdf", ["quick"])
    jobs = [
        Job(0, str(FAITHFUL), FAITHFUL.name),  # hangs: overruns whatever the machine
        Job(1, str(small), small.name),  # runs on the replacement worker
    ]
    got = {r.index: r for r in local_results(jobs, 1, 1.0, None, task=_hang_on_first)}
    assert got[0].code == "timeout" and not got[0].ok
    assert "1 s" in (got[0].message or "")
    assert got[1].ok and got[1].pages == 1
    assert multiprocessing.active_children() == [], "no worker left behind"


def many_pages(pages: int) -> bytes:
    """A PDF of ``pages`` pages that all show the same small ruled table: finite work, but
    about 4 ms a page here, so 30,000 pages overrun a 1 s limit on any machine. (A /Contents
    reference loop served before; the reader now stops at it with corrupt_pdf.)"""
    kids = b" ".join(b"%d 0 R" % (10 + i) for i in range(pages))
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        4: stream(TABLE),
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
    )
    objects |= dict.fromkeys(range(10, 10 + pages), page)
    return build_pdf(objects, 1)


def test_timeout_via_cli_leaves_an_error_file(tmp_path: Path) -> None:
    name, data = "long", many_pages(30_000)
    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(data)
    out = tmp_path / "out"
    code = main(["batch", str(pdf), "-o", str(out), "--timeout", "1", "--workers", "1"])
    assert code == 2
    error = json.loads((out / f"{name}.error.json").read_text(encoding="utf-8"))
    assert error["error"]["code"] == "timeout"
    assert error["source"]["sha256"] == hashlib.sha256(data).hexdigest()


def test_the_workers_start_before_the_first_file_is_given(tmp_path: Path) -> None:
    """A batch starts its pool before planning, so that the workers' imports overlap the
    parent's; files given afterwards run on those workers, and stopping leaves none."""
    pool = start_pool(2, None)
    try:
        started = {p.pid for p in multiprocessing.active_children()}
        assert len(started) == 2
        small = text_pdf(tmp_path / "small.pdf", ["quick"])
        task = partial(run_job, convert=jixiao.read_spooled)
        (result,) = local_results([Job(0, str(small), "s")], 2, None, None, task, pool)
        assert result.ok and result.pages == 1
        assert {p.pid for p in multiprocessing.active_children()} == started
    finally:
        stop_pool(pool)
    assert multiprocessing.active_children() == []


def test_a_stopped_pool_leaves_no_process_and_its_cpu_time_is_counted() -> None:
    """The workers come from a fork server (Linux, macOS): stopping the pool stops it too, so
    no process outlives the batch and the workers' CPU time reaches the parent's children's
    usage, as spawned workers' does (the benchmark reads it with ``os.wait4``)."""
    probe = (
        "import os, resource, sys\n"
        "from functools import partial\n"
        "import jixiao\n"
        "from jixiao.schema.jobs import Job, local_results, run_job, start_pool, stop_pool\n"
        "if __name__ == '__main__':\n"
        "    pool = start_pool(2, None)\n"
        "    task = partial(run_job, convert=jixiao.read_spooled)\n"
        f"    jobs = [Job(i, {str(FAITHFUL)!r}, 's', ocr='never') for i in range(2)]\n"
        "    ok = [r.ok for r in local_results(jobs, 2, None, None, task, pool)]\n"
        "    stop_pool(pool)\n"
        "    tasks = os.listdir('/proc/self/task')\n"
        "    kids = ''.join(open(f'/proc/self/task/{t}/children').read() for t in tasks)\n"
        "    # multiprocessing's resource tracker stays until this process exits, as ever\n"
        "    left = [open(f'/proc/{k}/cmdline').read() for k in kids.split()]\n"
        "    left = [c for c in left if 'resource_tracker' not in c]\n"
        "    usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "    print('probe', ok, left, usage.ru_utime + usage.ru_stime > 0.3)\n"
    )
    if not Path("/proc/self/task").is_dir():
        pytest.skip("reads the process tree from /proc (Linux)")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    (line,) = [x for x in done.stdout.splitlines() if x.startswith("probe ")]
    assert line == "probe [True, True] [] True", done.stderr


def test_the_pool_can_start_before_pydantic_builds_the_models() -> None:
    """``batch`` imports the pool's module first and starts the workers at once; the models
    (0.13 s of pydantic) come after, while the workers start."""
    probe = "import sys, jixiao.schema.jobs; print('pydantic' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stdout.strip() == "False", done.stderr
    # What the package lends on first use is still all there.
    import jixiao.schema
    from jixiao.schema import models

    for name in jixiao.schema.__all__:
        value = getattr(jixiao.schema, name)
        assert value is getattr(models, name, value)


def test_the_parent_of_a_batch_does_not_load_the_pipeline(tmp_path: Path) -> None:
    """The workers read the PDFs; the parent only plans, collects and writes. Loading the
    extract pipeline there (for the producer's default settings) cost it a tenth of a CPU
    second that, with two workers, it took from them."""
    small = text_pdf(tmp_path / "in" / "small.pdf", ["quick"])
    probe = (
        "import sys\n"
        "from jixiao.cli import main\n"
        f"code = main(['batch', {str(small.parent)!r}, '-o', {str(tmp_path / 'out')!r},\n"
        "             '--no-progress', '--workers', '1'])\n"
        "print('loaded', code, sorted(m for m in sys.modules if m.startswith(('jixiao.extract',\n"
        "      'jixiao.parsers', 'pdfminer', 'pdfplumber'))))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    (loaded,) = [line for line in done.stdout.splitlines() if line.startswith("loaded ")]
    assert loaded == "loaded 0 []", done.stderr
    assert json.loads((tmp_path / "out" / "small.json").read_text("utf-8"))["source"]["pages"] == 1


def test_changed_table_settings_are_recorded_in_the_producer() -> None:
    from jixiao.extract import TableSettings

    assert jixiao.producer(settings=TableSettings()).options == {}
    changed = jixiao.producer(settings=TableSettings(snap_tolerance=5.0, join_tolerance=1.5))
    assert changed.options == {"settings.snap_tolerance": "5.0", "settings.join_tolerance": "1.5"}


def test_a_dying_worker_fails_only_its_file(tmp_path: Path) -> None:
    small = text_pdf(tmp_path / "small.pdf", ["quick"])
    jobs = [Job(0, str(DOCX), DOCX.name), Job(1, str(small), "s")]
    got = {r.index: r for r in local_results(jobs, 1, None, None, task=_die_on_first)}
    assert got[0].code == "worker_crashed" and "exit code -9" in (got[0].message or "")
    assert got[1].ok


def test_a_pipeline_crash_becomes_internal_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(path: str, **options: object) -> None:
        raise ZeroDivisionError("division by zero in a parser")

    monkeypatch.setattr("jixiao.read_spooled", boom)
    pdf = text_pdf(tmp_path / "a.pdf", ["a"])
    result = run_job(Job(3, str(pdf), "a.pdf"), jixiao.read_spooled)
    assert not result.ok and result.code == "internal_error"
    document = json.loads(result.text)
    assert "ZeroDivisionError" in document["error"]["message"]
    assert "Traceback" in document["error"]["traceback"]
    assert document["source"]["sha256"] == hashlib.sha256(pdf.read_bytes()).hexdigest()


# --- progress ---------------------------------------------------------------------------


def test_progress_on_stderr_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf = text_pdf(tmp_path / "a.pdf", ["a"])
    (tmp_path / "b.pdf").write_bytes(b"")
    args = ["batch", str(tmp_path), "-o", str(tmp_path / "out"), "--workers", "1"]
    main(args)
    captured = capsys.readouterr()
    assert "files [" not in captured.err, "no bar when stderr is not a terminal"
    assert "b.pdf: empty_file" in captured.err, "failures are still reported"
    main([*args, "--progress"])
    captured = capsys.readouterr()
    assert "2/2" in captured.err and "file/s" in captured.err
    assert "files [" not in captured.out
    assert pdf.exists()


# --- Dask -------------------------------------------------------------------------------


@pytest.mark.skipif(
    importlib.util.find_spec("distributed") is None, reason="dask[distributed] not installed"
)
def test_dask_scheduler_gives_the_same_outputs(tmp_path: Path, sample_batch: dict) -> None:
    from distributed import LocalCluster

    inputs: Path = sample_batch["inputs"]
    extra = tmp_path / "extra"
    text_pdf(extra / "more.pdf", ["more"])
    (extra / "bad.pdf").write_text("<html></html>", encoding="utf-8")
    local, remote = tmp_path / "local", tmp_path / "dask"
    args = [str(inputs / DOCX.name), str(extra), str(inputs / "annex.PDF")]
    local_args = ["-o", str(local), "--workers", "2", "--dataset", str(tmp_path / "local.jsonl")]
    assert main(["batch", *args, *local_args]) == 2
    with LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        address = cluster.scheduler_address
        dask_args = ["-o", str(remote), "--scheduler", address]
        code = main(["batch", *args, *dask_args, "--dataset", str(tmp_path / "dask.jsonl")])
        assert code == 2
        timed = tmp_path / "timed"
        timed_args = ["-o", str(timed), "--timeout", "0.01", "--scheduler", address]
        code = main(["batch", str(inputs / DOCX.name), *timed_args])
        assert code == 2
    files = sorted(p.relative_to(local) for p in local.rglob("*.json"))
    assert files == sorted(p.relative_to(remote) for p in remote.rglob("*.json"))
    for name in files:
        assert (local / name).read_bytes() == (remote / name).read_bytes()
    for table in ("reports", "records"):
        assert (tmp_path / f"local.{table}.jsonl").read_bytes() == (
            tmp_path / f"dask.{table}.jsonl"
        ).read_bytes()
    error = json.loads((timed / "gz_kx_2021_docx.error.json").read_text(encoding="utf-8"))
    assert error["error"]["code"] == "timeout"


def test_scheduler_without_dask_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_distributed(name: str, *args: object, **kwargs: object) -> object:
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    pdf = text_pdf(tmp_path / "a.pdf", ["a"])
    code = main(["batch", str(pdf), "-o", str(tmp_path / "o"), "--scheduler", "tcp://x:1"])
    assert code == 1
    assert "jixiao[dask]" in capsys.readouterr().err


# --- hostile inputs (issue 14: hangs, memory, whole-batch aborts) -------------------------


def cli(*args: str, timeout: float = 240, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """The real entry point in a subprocess; a hang fails the test instead of stalling it."""
    command = [shutil.which("jixiao") or "", *args]
    if not command[0]:
        command = [sys.executable, "-m", "jixiao.cli", *args]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=timeout, check=False, **kwargs
    )


def raw_pdf(path: Path, objects: list[bytes]) -> Path:
    """A PDF from raw object bodies (object n is objects[n-1]), with a correct xref."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(out))
    return path


_CATALOG = b"<< /Type /Catalog /Pages 2 0 R >>"
_PAGES = b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"
_PAGE = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>"


def loop_pdfs(folder: Path) -> list[Path]:
    """Reference loops pdfminer alone never returns from: a /Length that refers to itself,
    and /Contents 4 0 R → 5 0 R → 4 0 R."""
    content = b"BT 10 10 Td (hi) Tj ET"
    length = b"<< /Length 5 0 R >>\nstream\n" + content + b"\nendstream"
    return [
        raw_pdf(folder / "loop_length.pdf", [_CATALOG, _PAGES, _PAGE, length, b"5 0 R"]),
        raw_pdf(folder / "loop_contents.pdf", [_CATALOG, _PAGES, _PAGE, b"5 0 R", b"4 0 R"]),
    ]


def bomb_pdf(path: Path, inflated_mb: int) -> Path:
    """A content stream of ~1 MB that inflates to ``inflated_mb`` MiB: one 16 MiB deflate
    block (full flush: it references nothing before it) repeated, then the checksum."""
    chunk = b" " * (16 << 20)
    deflate = zlib.compressobj(9)
    first = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    block = deflate.compress(chunk) + deflate.flush(zlib.Z_FULL_FLUSH)
    copies = inflated_mb // 16
    checksum = 1
    for _ in range(copies):
        checksum = zlib.adler32(chunk, checksum)
    data = first + block * (copies - 1) + b"\x03\x00" + checksum.to_bytes(4, "big")
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data)
    return raw_pdf(path, [_CATALOG, _PAGES, _PAGE, stream + data + b"\nendstream"])


def test_pipes_and_devices_are_not_a_file_and_never_hang(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    text_pdf(inputs / "good.pdf", ["good"])
    os.mkfifo(inputs / "fifo.pdf")
    (inputs / "zero.pdf").symlink_to("/dev/zero")
    (inputs / "folder.pdf").mkdir()
    (inputs / "linked").symlink_to(inputs, target_is_directory=True)
    out = tmp_path / "out"
    for extra in ([], ["--resume"]):  # --resume hashed inputs before converting: hung too
        result = cli("batch", str(inputs), "-o", str(out), "--workers", "1", *extra)
        assert result.returncode == 2, result.stderr
        assert "failed     2 (not_a_file 2)" in result.stdout
        assert "Traceback" not in result.stderr
    for name in ("fifo", "zero"):
        error = json.loads((out / f"{name}.error.json").read_text(encoding="utf-8"))
        assert error["error"]["code"] == "not_a_file"
        assert error["source"]["sha256"] is None
    assert "linked: symlinked folder, not followed" in result.stderr
    assert "folder.pdf: a folder named *.pdf" in result.stderr
    assert "not read   2" in result.stdout, "skipped folders are counted in the summary"
    single = cli("convert", str(inputs / "fifo.pdf"))
    assert single.returncode == 2 and "not_a_file" in single.stderr


def test_reference_loops_are_stopped(tmp_path: Path) -> None:
    """Reference loops once ran until the time limit; the reader now stops at them
    (``corrupt_pdf``). The limits below are guards against a hang, not the check. A file
    that is merely slow still meets the time limit."""
    loops = loop_pdfs(tmp_path / "in")
    text_pdf(tmp_path / "in" / "good.pdf", ["good"])
    out = tmp_path / "out"
    result = cli(
        "batch", str(tmp_path / "in"), "-o", str(out), "--workers", "2", "--timeout", "120"
    )
    assert result.returncode == 2, result.stderr
    for pdf in loops:
        error = json.loads((out / (pdf.stem + ".error.json")).read_text(encoding="utf-8"))
        assert error["error"]["code"] == "corrupt_pdf", error["error"]["message"]
    assert (out / "good.json").is_file()
    single = cli("convert", str(loops[1]), "--timeout", "120")
    assert single.returncode == 2 and "corrupt_pdf" in single.stderr
    assert "reference loop: 4 0 R → 5 0 R → 4 0 R" in single.stderr
    with pytest.raises(jixiao.InputError) as caught:
        jixiao.parse(loops[0], timeout=120)
    assert caught.value.code == "corrupt_pdf"
    slow = tmp_path / "slow.pdf"
    slow.write_bytes(many_pages(30_000))
    single = cli("convert", str(slow), "--timeout", "2")
    assert single.returncode == 2 and "timeout" in single.stderr
    with pytest.raises(jixiao.InputError) as caught:
        jixiao.parse(slow, timeout=2)
    assert caught.value.code == "timeout"
    # Without --timeout a batch still has a limit (documented in --help).
    assert "default: 300" in cli("batch", "--help").stdout


def test_a_decompression_bomb_is_too_large_not_a_dead_pool(tmp_path: Path) -> None:
    bomb = bomb_pdf(tmp_path / "in" / "bomb.pdf", 1200)
    assert bomb.stat().st_size < 2 << 20
    text_pdf(tmp_path / "in" / "good.pdf", ["good"])
    out = tmp_path / "out"
    args = ["batch", str(tmp_path / "in"), "-o", str(out), "--workers", "1"]
    result = cli(*args, "--max-memory", "800")
    assert result.returncode == 2, result.stderr
    error = json.loads((out / "bomb.error.json").read_text(encoding="utf-8"))
    assert error["error"]["code"] == "too_large"
    assert (out / "good.json").is_file(), "the pool survives"


def test_blocked_outputs_fail_per_file_and_the_batch_goes_on(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    for name in ("a", "b", "sub/c"):
        text_pdf(inputs / f"{name}.pdf", [name])
    out = tmp_path / "out"
    (out / "a.json").mkdir(parents=True)  # a folder where an output must go
    (out / "sub").mkdir()
    (out / "sub" / "c.json").symlink_to(tmp_path / "elsewhere.json")
    result = cli("batch", str(inputs), "-o", str(out), "--workers", "1")
    assert result.returncode == 2
    assert "failed     2 (output_blocked 2)" in result.stdout, "a summary, not a traceback"
    assert (out / "b.json").is_file()
    assert not (tmp_path / "elsewhere.json").exists()
    file_outdir = tmp_path / "file"
    file_outdir.write_text("x", encoding="utf-8")
    result = cli("batch", str(inputs), "-o", str(file_outdir))
    assert result.returncode == 1 and "is not a folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert file_outdir.read_text(encoding="utf-8") == "x"


def test_resume_removes_temporary_leftovers(tmp_path: Path) -> None:
    pdf = text_pdf(tmp_path / "in" / "a.pdf", ["a"])
    out = tmp_path / "out"
    (out / "sub").mkdir(parents=True)
    leftovers = [out / ".a.json.k2j3h4g5.tmp", out / "sub" / ".b.error.json.abcd1234.tmp"]
    for leftover in leftovers:
        leftover.write_text("{", encoding="utf-8")
    keep = out / ".notes.tmp"
    keep.write_text("mine", encoding="utf-8")
    assert main(["batch", str(pdf), "-o", str(out), "--workers", "1", "--resume"]) == 0
    assert not any(p.exists() for p in leftovers)
    assert keep.exists(), "only jixiao's own temporary files are removed"


def test_output_to_devices_and_symlinks_is_never_replaced(tmp_path: Path) -> None:
    result = cli("convert", str(DOCX), "-o", "/dev/null")
    assert result.returncode == 0, result.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode), "/dev/null is still a device"
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(real)
    assert cli("convert", str(DOCX), "-o", str(link)).returncode == 0
    assert link.is_symlink(), "the symlink is kept"
    assert json.loads(real.read_text(encoding="utf-8"))["source"]["file"] == DOCX.name


def test_password_also_opens_owner_only_encrypted_pdfs(tmp_path: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for page in PdfReader(DOCX).pages:
        writer.add_page(page)
    writer.encrypt(user_password="", owner_password="owner-secret")
    locked = tmp_path / "owner_only.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    report = jixiao.parse(locked, password="the-batch-password")
    assert report.department == parsed(DOCX).department
    assert len(report.records) == len(parsed(DOCX).records)


def test_killed_batches_resume_to_the_same_outputs(tmp_path: Path) -> None:
    """SIGKILL the whole process group at random points, then --resume: the outputs equal
    a clean run's, no temporary file is left, and nothing outside OUTDIR was created."""
    inputs = tmp_path / "in"
    for n in range(6):
        text_pdf(inputs / f"sub{n % 2}" / f"f{n}.pdf", [f"file {n}", "second page"])
    shutil.copy(DOCX, inputs / DOCX.name)
    (inputs / "bad.pdf").write_text("<html></html>", encoding="utf-8")
    clean, killed = tmp_path / "clean", tmp_path / "killed"
    assert cli("batch", str(inputs), "-o", str(clean), "--workers", "2").returncode == 2
    before = sorted(p.name for p in tmp_path.iterdir())
    command = [shutil.which("jixiao") or sys.executable]
    command += [] if command[0].endswith("jixiao") else ["-m", "jixiao.cli"]
    command += ["batch", str(inputs), "-o", str(killed), "--workers", "2", "--resume"]
    rng = random.Random(14)
    for _ in range(4):
        process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        time.sleep(rng.uniform(0.5, 4.0))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    final = cli(*command[command.index("batch") :])
    assert final.returncode == 2, final.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted({*before, "killed"})
    got = sorted(p.relative_to(killed).as_posix() for p in killed.rglob("*"))
    assert got == sorted(p.relative_to(clean).as_posix() for p in clean.rglob("*"))
    for name in got:
        if (clean / name).is_file():
            assert (killed / name).read_bytes() == (clean / name).read_bytes(), name


def test_ctrl_c_stops_workers_and_keeps_complete_outputs(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    # Enough files that work is still queued when the first output appears, even when the
    # one worker runs ahead of a busy parent.
    for n in range(48):
        shutil.copy(DOCX, inputs / f"r{n}.pdf")
    out = tmp_path / "out"
    command = [shutil.which("jixiao") or sys.executable]
    command += [] if command[0].endswith("jixiao") else ["-m", "jixiao.cli"]
    process = subprocess.Popen(
        [*command, "batch", str(inputs), "-o", str(out), "--workers", "1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # Ctrl-C reaches a foreground job whose SIGINT is at its default. A test run started
        # in the background by a non-interactive shell (`pytest &`) ignores SIGINT, every
        # child inherits that, and Python keeps an inherited SIG_IGN (as nohup relies on):
        # the batch then rightly ran to the end and exited 0.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not list(out.glob("*.json")):
        time.sleep(0.1)
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl-C sends: the whole group
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert "interrupted; the outputs written so far are complete" in stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert "jixiao batch:" in stdout, "the summary is printed"
    assert not list(out.glob(".*.tmp"))
    for output in out.glob("*.json"):
        json.loads(output.read_text(encoding="utf-8"))
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, 0)
        time.sleep(2)  # pebble's workers may take a moment to exit
        with pytest.raises(ProcessLookupError):
            os.killpg(process.pid, 0)


def test_the_pool_starts_the_biggest_files_first(tmp_path: Path) -> None:
    """A batch lasts until its last file is done: the real corpus, in name order, ended with
    its two longest reports. Jobs are handed to the pool biggest file first, input order
    among equals, a file that vanished last."""
    from jixiao.schema.jobs import Job, largest_first

    sizes = {"a.pdf": 10, "b.pdf": 3000, "c.pdf": 10, "d.pdf": 700}
    jobs = []
    for index, (name, size) in enumerate(sizes.items()):
        (tmp_path / name).write_bytes(b"%PDF" + b"x" * size)
        jobs.append(Job(index, str(tmp_path / name), name))
    jobs.append(Job(4, str(tmp_path / "gone.pdf"), "gone.pdf"))
    assert [job.name for job in largest_first(jobs)] == [
        "b.pdf",
        "d.pdf",
        "a.pdf",
        "c.pdf",
        "gone.pdf",
    ]
