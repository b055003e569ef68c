"""The command line as users call it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import jixiao
from conftest import SAMPLES, real_pdf
from jixiao.cli import main


def test_convert_writes_valid_json(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    assert main(["convert", str(SAMPLES / "gz_kx_2021_faithful.pdf"), "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["department"] == "广州市科学技术协会"
    assert len(data["records"]) == 27
    assert data["records"][7]["amount_wan"] == 280
    assert data["records"][13]["amount_wan"] == 3744.17
    assert data["budget_execution_rate"] == 99.14
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file left behind"


def test_convert_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(SAMPLES / "gz_kx_2021_docx.pdf")]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["source"]["file"] == "gz_kx_2021_docx.pdf"


def test_convert_shows_the_pages_read_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--progress counts pages as they are read (a scan takes seconds a page); without it,
    and stderr not a terminal, nothing but the one-line result; the JSON is the same."""
    sample = str(SAMPLES / "gz_kx_2021_faithful.pdf")
    shown, quiet = tmp_path / "shown.json", tmp_path / "quiet.json"
    assert main(["convert", sample, "--pages", "2-4", "-o", str(shown), "--progress"]) == 0
    err = capsys.readouterr().err
    assert "gz_kx_2021_faithful.pdf: 3 pages read [" in err
    assert main(["convert", sample, "--pages", "2-4", "-o", str(quiet)]) == 0
    assert "pages read" not in capsys.readouterr().err
    assert shown.read_bytes() == quiet.read_bytes()


def test_convert_reports_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake = tmp_path / "page.pdf"
    fake.write_text("<!DOCTYPE html><html><body>404</body></html>", encoding="utf-8")
    assert main(["convert", str(fake)]) == 2
    assert "not_pdf" in capsys.readouterr().err


def test_schema_command_prints_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$schema"].endswith("2020-12/schema")
    assert "records" in schema["properties"]


def test_convert_summary_lists_missed_targets(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.json"
    assert (
        main(["convert", str(SAMPLES / "gz_kx_2021_faithful.pdf"), "-o", str(out), "--summary"])
        == 0
    )
    text = capsys.readouterr().out
    assert "220天 < 264天" in text
    assert "2000多平方米" in text and "not met" in text
    assert "申请" in text and "授权" in text  # different measures are reported, not met
    assert json.loads(out.read_text(encoding="utf-8"))["schema_version"]


def test_convert_summary_keeps_stdout_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["convert", str(SAMPLES / "gz_kx_2021_docx.pdf"), "--summary"]) == 0
    captured = capsys.readouterr()
    json.loads(captured.out)
    assert "records:" in captured.err


def test_tables_exports_csv_per_table(tmp_path: Path) -> None:
    out = tmp_path / "t.csv"
    assert main(["tables", str(SAMPLES / "gz_kx_2021_faithful.pdf"), "-o", str(out)]) == 0
    files = sorted(tmp_path.glob("t-*.csv"))
    assert [f.name for f in files] == ["t-01.csv", "t-02.csv"]
    first = files[0].read_text(encoding="utf-8-sig").splitlines()[0]
    assert first.split(",")[:3] == ["年度绩效目标", "部门整体支出目标", "关键指标"]


def test_tables_markdown_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["tables", str(SAMPLES / "gz_kx_2021_docx.pdf"), "--format", "md"]) == 0
    assert "| 年度主要支出计划 |" in capsys.readouterr().out


@pytest.mark.parametrize(
    "command",
    [[], ["convert"], ["schema"], ["batch"], ["dataset"], ["regress"], ["tables"]],
)
def test_help_on_every_command(command: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "jixiao.cli", *command, "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0
    assert "usage: jixiao" in result.stdout


# --- the rough edges of issue 13, through the real entry point ---------------------------

DOCX = SAMPLES / "gz_kx_2021_docx.pdf"


def cli(*args: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run the installed ``jixiao`` script (``python -m jixiao.cli`` when not on PATH)."""
    script = shutil.which("jixiao")
    command = [script] if script else [sys.executable, "-m", "jixiao.cli"]
    return subprocess.run(
        [*command, *args], capture_output=True, text=True, timeout=300, check=False, **kwargs
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.mark.parametrize(
    ("args", "usage"),
    [
        (["batch", "x.pdf", "-o", "out", "--workers", "abc"], "usage: jixiao batch"),
        (["batch", "x.pdf", "-o", "out", "--bogus"], "usage: jixiao batch"),
        (["batch", "-o", "out"], "usage: jixiao batch"),
        (["convert"], "usage: jixiao convert"),
        (["convert", "x.pdf", "--bogus"], "usage: jixiao convert"),
        (["convert", "x.pdf", "--pages", "a-b"], "usage: jixiao convert"),
        # backwards: an empty page list read as "no page has a text layer, install OCR"
        (["convert", "x.pdf", "--pages", "3-1"], "usage: jixiao convert"),
        (["tables", "x.pdf", "--pages", "5-3"], "usage: jixiao tables"),
        (["nonsense"], "usage: jixiao"),
    ],
)
def test_usage_errors_exit_1_with_the_commands_usage(args: list[str], usage: str) -> None:
    result = cli(*args)
    assert result.returncode == 1
    assert result.stderr.startswith(usage + " ")
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("option", "said"),
    [
        (["--timeout", "-1"], "--timeout must be positive"),  # was setitimer's "Invalid argument"
        (["--timeout", "nan"], "--timeout must be positive"),
        (["--max-memory", "-5"], "--max-memory must be positive"),  # was no ceiling, silently
    ],
)
def test_convert_checks_its_limits_as_batch_does(option: list[str], said: str) -> None:
    assert said in one_line_error(cli("convert", str(DOCX), "-o", os.devnull, *option))


def test_inspect_fails_as_convert_does(tmp_path: Path) -> None:
    """A page the PDF lacks is the input's failure (exit 2, no_such_page), and a file that
    cannot be read leaves no empty picture folder behind; a file in -o's place is named."""
    folder = tmp_path / "pictures"
    none = cli("inspect", str(DOCX), "-o", str(folder), "--pages", "99")
    assert none.returncode == 2 and "no_such_page" in none.stderr
    missing = cli("inspect", str(tmp_path / "missing.pdf"), "-o", str(folder))
    assert missing.returncode == 2 and "not_found" in missing.stderr
    assert not folder.exists()
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert "is not a folder" in one_line_error(cli("inspect", str(DOCX), "-o", str(blocker)))


def test_unreadable_input_exits_2(tmp_path: Path) -> None:
    fake = tmp_path / "x.pdf"
    fake.write_text("<html>", encoding="utf-8")
    result = cli("convert", str(fake))
    assert result.returncode == 2 and "not_pdf" in result.stderr


def test_inputs_may_follow_options(tmp_path: Path) -> None:
    (tmp_path / "in" / "sub").mkdir(parents=True)
    shutil.copy(DOCX, tmp_path / "in" / "sub" / "a.pdf")
    result = cli(
        "batch", str(tmp_path / "in"), "-o", str(tmp_path / "out"), str(tmp_path / "in/**/a.pdf")
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "sub" / "a.json").is_file()


def test_file_system_errors_are_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "existing"
    folder.mkdir()
    a_file = tmp_path / "a_file"
    a_file.write_text("x", encoding="utf-8")
    assert "is a folder" in one_line_error(cli("convert", str(DOCX), "-o", str(folder)))
    missing = one_line_error(cli("convert", str(DOCX), "-o", str(tmp_path / "none" / "x.json")))
    assert "not an existing folder" in missing
    assert "not a folder" in one_line_error(cli("batch", str(DOCX), "-o", str(a_file)))
    outputs = tmp_path / "outputs"
    outputs.mkdir()
    (outputs / "r.json").write_text(jixiao.dumps(jixiao.parse(DOCX)), encoding="utf-8")
    dataset = cli("dataset", str(outputs), "-o", str(a_file / "x.csv"))
    assert "not a folder" in one_line_error(dataset)
    assert a_file.read_text(encoding="utf-8") == "x"


def test_a_closed_pipe_is_not_a_traceback() -> None:
    script = shutil.which("jixiao")
    command = [script] if script else [sys.executable, "-m", "jixiao.cli"]
    process = subprocess.Popen(
        [*command, "convert", str(DOCX)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    head = [process.stdout.readline() for _ in range(3)]  # `| head -3`
    process.stdout.close()
    err = process.stderr.read().decode()
    process.wait(timeout=120)
    assert head[0].strip() == b"{"
    assert "Traceback" not in err
    assert process.returncode in (0, 1)
    if process.returncode:  # the reader left before the end: said so, not as a file error
        assert "output closed early (broken pipe)" in err, err


def test_bad_dataset_targets_are_found_before_converting(tmp_path: Path) -> None:
    a_file = tmp_path / "a_file"
    a_file.write_text("x", encoding="utf-8")
    out = tmp_path / "out"
    result = cli("batch", str(DOCX), "-o", str(out), "--dataset", str(a_file / "ds.csv"))
    assert "not a folder" in one_line_error(result)
    assert not out.exists(), "nothing was converted"
    no_pyarrow = (
        "import sys; sys.modules['pyarrow'] = None; from jixiao.cli import main; "
        f"sys.exit(main(['batch', {str(DOCX)!r}, '-o', {str(out)!r}, "
        f"'--dataset', {str(tmp_path / 'ds.parquet')!r}]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", no_pyarrow], capture_output=True, text=True, check=False
    )
    assert "pyarrow" in one_line_error(result)
    assert not out.exists()


def test_tables_into_a_folder(tmp_path: Path) -> None:
    result = cli("tables", str(DOCX), "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "gz_kx_2021_docx-01.csv",
        "gz_kx_2021_docx-02.csv",
    ]


def test_resume_compares_engine_and_version(tmp_path: Path) -> None:
    out = tmp_path / "out"
    base = ["batch", str(DOCX), "-o", str(out), "--workers", "1", "--resume"]
    assert "converted  1" in cli(*base, "--engine", "pdfplumber").stdout
    again = cli(*base)  # --engine auto: the pdfplumber output is not up to date
    assert "converted  1" in again.stdout and "skipped" not in again.stdout
    assert "skipped    1" in cli(*base).stdout
    target = out / "gz_kx_2021_docx.json"
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["producer"]["engine"] == "auto"
    data["producer"]["jixiao"] = "0.0.1"  # an output of an older jixiao, same schema
    target.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "converted  1" in cli(*base).stdout


def test_resume_compares_the_synonyms_in_force(tmp_path: Path) -> None:
    out, words = tmp_path / "out", tmp_path / "my.toml"
    words.write_text('indicator = ["考核内容"]\n', encoding="utf-8")
    base = ["batch", str(DOCX), "-o", str(out), "--workers", "1", "--resume"]
    assert "converted  1" in cli(*base, "--synonyms", str(words)).stdout
    assert "skipped    1" in cli(*base, "--synonyms", str(words)).stdout
    without = cli(*base)  # no synonyms now: the output was made with them
    assert "converted  1" in without.stdout and "skipped" not in without.stdout
    assert "skipped    1" in cli(*base).stdout
    words.write_text('indicator = ["考核内容", "评价要点"]\n', encoding="utf-8")
    assert "converted  1" in cli(*base, "--synonyms", str(words)).stdout


def ruled_pdf(path: Path, rows: list[list[str]]) -> Path:
    """A ruled table drawn with reportlab (Latin text: the built-in fonts)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

    table = Table(rows, colWidths=[200, 120])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.8, "black")]))
    SimpleDocTemplate(str(path), pagesize=A4).build([table])
    return path


def test_tables_xlsx_never_writes_formulas_and_keeps_numbers(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    pdf = ruled_pdf(
        tmp_path / "t.pdf",
        [
            ["item", "amount"],
            ['=HYPERLINK("http://x","click")', "2,940.05"],
            ["code", "007"],
            ["class", "201"],
            ["count", "12,000"],
            ["share", "95%"],
        ],
    )
    out = tmp_path / "t.xlsx"
    assert cli("tables", str(pdf), "--format", "xlsx", "-o", str(out)).returncode == 0
    sheet = load_workbook(out).worksheets[0]
    values = {(c.row, c.column): c for row in sheet.iter_rows() for c in row if c.value}
    formula = values[(2, 1)]
    assert formula.data_type == "s" and formula.value == '=HYPERLINK("http://x","click")'
    assert values[(2, 2)].value == 2940.05 and values[(2, 2)].number_format == "#,##0.00"
    assert values[(3, 2)].value == "007", "codes with leading zeros stay text"
    assert values[(4, 2)].value == "201", "plain integers (科目编码) stay text"
    assert values[(5, 2)].value == 12000 and values[(5, 2)].number_format == "#,##0"
    assert values[(6, 2)].value == "95%"


def test_source_path_keeps_the_input_path(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    assert cli("convert", str(DOCX), "-o", str(out)).returncode == 0
    source = json.loads(out.read_text(encoding="utf-8"))["source"]
    assert source["file"] == DOCX.name and source["path"] == DOCX.as_posix()


def test_pages_selects_pages(tmp_path: Path) -> None:
    out = tmp_path / "r.json"
    assert cli("convert", str(DOCX), "--pages", "2-3", "-o", str(out)).returncode == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["source"]["pages"] == 2
    assert data["producer"]["pages"] == [2, 3]
    assert {p for t in data["tables"] for p in t["pages"]} <= {2, 3}
    beyond = cli("convert", str(DOCX), "--pages", "99")  # the sample has 8 pages
    assert beyond.returncode == 2 and "no_such_page" in beyond.stderr
    tables = cli("tables", str(DOCX), "--pages", "1", "--format", "md")
    assert tables.returncode == 0 and "(page 1)" in tables.stdout and "page 2" not in tables.stdout


def test_error_files_follow_the_published_schema(tmp_path: Path) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(DOCX, inputs / "good.pdf")
    (inputs / "bad.pdf").write_text("<html>", encoding="utf-8")
    (inputs / "empty.pdf").write_bytes(b"")
    out = tmp_path / "out"
    assert cli("batch", str(inputs), "-o", str(out), "--workers", "1").returncode == 2
    report_schema = json.loads(cli("schema").stdout)
    error_schema = json.loads(cli("schema", "--error").stdout)
    assert error_schema["properties"]["schema_version"]
    for path in sorted(out.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        schema = error_schema if path.name.endswith(".error.json") else report_schema
        jsonschema.validate(document, schema)
        assert (
            document["schema_version"] == report_schema["properties"]["schema_version"]["default"]
        )
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"source": {"file": "x"}, "error": {}}, error_schema)


def test_summary_for_target_forms_and_unknown_layouts(tmp_path: Path) -> None:
    pdf = real_pdf("putuo-wanli-2023-budget-pages1-32.pdf")
    forms = cli("convert", str(pdf), "--pages", "31,32", "--summary", "-o", str(tmp_path / "a"))
    assert forms.returncode == 0, forms.stderr
    # Page 31 prints 项目名称 新建万里街道社区公共服务中心; a 填报表 has no actuals.
    assert "项目 新建万里街道社区公共服务中心" in forms.stdout
    assert "target only" in forms.stdout and "unknown" not in forms.stdout.split("records:")[-1]
    budget = cli("convert", str(pdf), "--pages", "3", "--summary", "-o", str(tmp_path / "b"))
    assert "records: none (layout unknown;" in budget.stdout


def test_help_loads_no_heavy_library() -> None:
    """`jixiao --help` and usage errors answer without pandas, camelot, jieba, pydantic."""
    code = (
        "import sys\n"
        "from jixiao.cli import main\n"
        "for argv in (['--help'], ['batch', '--help'], ['batch', '--bogus']):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = set(result.stderr.strip().splitlines()[-1].split())
    heavy = {"pandas", "camelot", "jieba", "pydantic", "pdfplumber", "pdfminer", "numpy"}
    assert not heavy & loaded


def test_convert_loads_only_what_a_conversion_needs(tmp_path: Path) -> None:
    """A conversion with records to assess cuts words with jieba (on the compact domain
    dictionary), reads without camelot or pandas, and leaves charset_normalizer (pdfminer's
    encoding guesser) and jieba's HMM tables (jixiao cuts without the HMM) unloaded."""
    code = (
        "import sys\n"
        "from jixiao.cli import main\n"
        f"main(['convert', {str(SAMPLES / 'gz_kx_2021_faithful.pdf')!r}, '-o', "
        f"{str(tmp_path / 'out.json')!r}, '--ocr', 'never'])\n"
        "print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = set(result.stderr.strip().splitlines()[-1].split())
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["records"]
    assert "jieba" in loaded
    assert not {"camelot", "pandas", "cv2", "charset_normalizer.api"} & loaded
    assert not {"jieba.finalseg.prob_emit", "jieba.finalseg.prob_trans"} & loaded


def test_jieba_cuts_with_its_hmm_after_jixiao_deferred_it() -> None:
    """Another user of jieba in the same process still gets the HMM: the deferred module
    loads at its first use and takes its place (杭研 is in no dictionary, only the HMM
    joins it)."""
    code = (
        "import sys, jixiao\n"
        "from jixiao.parsers.quantity import tokenize\n"
        "tokenize('完成率95%')\n"
        "import jieba\n"
        "jieba.setLogLevel(60)\n"
        "print('/'.join(jieba.cut('他来到了网易杭研大厦', HMM=True)))\n"
        "print(type(sys.modules['jieba.finalseg'].__spec__.loader).__name__)\n"
        "print(hasattr(sys.modules['jieba.finalseg'], 'prob_emit') or 'no tables')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    words, loader, tables = out.stdout.split()
    assert "杭研" in words.split("/")
    assert loader == "SourceFileLoader"
    assert tables == "True"


def test_pkg_resources_is_imported_only_when_jieba_opens_its_own_dictionary(
    tmp_path: Path,
) -> None:
    """jieba imports pkg_resources when setuptools ships it (a Python 3.11 venv); a stand-in
    module that marks its import shows a conversion never loads it, and that jieba's own
    dictionary, opened through it, still is."""
    fake = tmp_path / "site"
    fake.mkdir()
    marker = tmp_path / "imported"
    (fake / "pkg_resources.py").write_text(
        f"open({str(marker)!r}, 'w').close()\n"
        "import os, sys\n"
        "def resource_stream(module, name):  # beside the module, as pkg_resources reads\n"
        "    folder = os.path.dirname(sys.modules[module].__file__)\n"
        "    return open(os.path.join(folder, name), 'rb')\n",
        encoding="utf-8",
    )
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(fake), *sys.path]))
    convert = (
        "from jixiao.cli import main\n"
        f"main(['convert', {str(SAMPLES / 'gz_kx_2021_faithful.pdf')!r}, '-o', "
        f"{str(tmp_path / 'out.json')!r}, '--ocr', 'never'])\n"
    )
    subprocess.run([sys.executable, "-c", convert], env=env, capture_output=True, check=True)
    assert json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["records"]
    assert not marker.exists()
    opened = (
        "import jixiao, jieba\n"
        "with jieba.dt.get_dict_file() as f:\n"
        "    print(len(f.readline()) > 0)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", opened], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "True" and marker.exists()


def test_literal_choices_match_the_library() -> None:
    from jixiao import cli as cli_module
    from jixiao.extract import ENGINES
    from jixiao.extract.export import FORMATS
    from jixiao.schema.dataset import FORMATS as DATASET_FORMATS

    assert cli_module.ENGINES == ENGINES
    assert cli_module.TABLE_FORMATS == FORMATS
    assert cli_module.DATASET_FORMATS == DATASET_FORMATS


_PRELOAD_PROBE = """
import contextlib, gc, io, sys
from jixiao.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    main(["schema"])  # a command that reads no PDF: no pipeline, nothing frozen
assert gc.get_freeze_count() == 0 and "jixiao.parsers" not in sys.modules
main(["convert", sys.argv[1], "-o", sys.argv[2]])
frozen, enabled = gc.get_freeze_count(), gc.isenabled()
loaded = {m for m in sys.modules if m.startswith("jixiao.")}
main(["convert", sys.argv[1], "-o", sys.argv[2]])
print(frozen, enabled, gc.get_freeze_count() == frozen, sorted(
    m for m in sys.modules if m.startswith("jixiao.") and m not in loaded))
"""


def test_convert_imports_the_pipeline_before_reading_with_the_collector_paused(
    tmp_path: Path,
) -> None:
    """``schema.heap.preload``: the modules a conversion needs are imported and frozen out of
    the collector's walks before the first page (a module imported later would be built with
    the collector running), the collector is on again afterwards, and a second command in
    the same process freezes nothing more."""
    out = tmp_path / "out.json"
    sample = SAMPLES / "gz_kx_2021_faithful.pdf"
    done = subprocess.run(
        [sys.executable, "-c", _PRELOAD_PROBE, str(sample), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    frozen, enabled, same, late = done.stdout.split(maxsplit=3)
    assert int(frozen) > 10_000  # the pipeline's functions, classes and validators
    assert enabled == "True" and same == "True"
    assert late.strip() == "[]"
    assert json.loads(out.read_text(encoding="utf-8"))["records"]


def test_every_error_code_raised_is_documented() -> None:
    """The codes the code raises (InputError, a batch failure) are each in the error file's
    schema and in the README's table of codes: ``unreadable`` was missing from the schema."""
    import re

    from jixiao.schema.errors import ErrorDetail

    root = Path(jixiao.__file__).parent
    raised: set[str] = set()
    for source in [*root.glob("*.py"), *root.glob("*/*.py")]:
        if source.parent.name in {"tests", "benchmarks", "build"}:
            continue
        text = source.read_text(encoding="utf-8")
        raised |= set(re.findall(r'(?:InputError|failure)\(\s*(?:[\w.]+,\s*)?"([a-z_]+)"', text))
    assert {"not_pdf", "encrypted", "too_large", "internal_error", "unreadable"} <= raised
    described = ErrorDetail.model_fields["code"].description or ""
    readme = (root / "README.md").read_text(encoding="utf-8")
    for code in raised:
        assert re.search(rf"\b{code}\b", described), code
        assert re.search(rf"^\| [^|]*`{code}`[^|]*\|", readme, re.M), code  # its table row
