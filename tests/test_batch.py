"""``jixiao batch``: inputs, safe output names, workers, timeouts, resume, Dask, summary.

Most tests use tiny generated PDFs (a few ms each); the two seed samples (~2 s each) are
converted once, by the module-scoped batch below, and stand in for "slow" files when a test
needs a conversion that overruns a short timeout.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import multiprocessing
import os
import shutil
import signal
import time
from pathlib import Path, PurePath

import pytest

import jixiao
from conftest import SAMPLES, parsed
from jixiao.cli import collect_inputs, main
from jixiao.schema.jobs import Job, JobResult, local_results, run_job
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
    return run_job(job)


def test_timeout_stops_the_worker_and_the_batch_goes_on(tmp_path: Path) -> None:
    small = text_pdf(tmp_path / "small.pdf", ["quick"])
    jobs = [
        Job(0, str(FAITHFUL), FAITHFUL.name),  # ~2 s: overruns
        Job(1, str(small), small.name),  # runs on the replacement worker
    ]
    got = {r.index: r for r in local_results(jobs, 1, 1.0, None)}
    assert got[0].code == "timeout" and not got[0].ok
    assert "1 s" in (got[0].message or "")
    assert got[1].ok and got[1].pages == 1
    assert multiprocessing.active_children() == [], "no worker left behind"


def test_timeout_via_cli_leaves_an_error_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    code = main(["batch", str(DOCX), "-o", str(out), "--timeout", "0.3", "--workers", "1"])
    assert code == 2
    error = json.loads((out / "gz_kx_2021_docx.error.json").read_text(encoding="utf-8"))
    assert error["error"]["code"] == "timeout"
    assert error["source"]["sha256"] == parsed(DOCX).source.sha256


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

    monkeypatch.setattr("jixiao.parse", boom)
    pdf = text_pdf(tmp_path / "a.pdf", ["a"])
    result = run_job(Job(3, str(pdf), "a.pdf"))
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
        timed_args = ["-o", str(timed), "--timeout", "0.3", "--scheduler", address]
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
