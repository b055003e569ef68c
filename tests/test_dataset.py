"""Datasets: reports/records/checks tables in every format, amounts exact, columns generic.

The outputs folder is built from the session's parsed samples (no conversion here) plus an
error file, so these tests exercise only the dataset code.
"""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest
from pydantic import BaseModel

import jixiao
from conftest import SAMPLES, parsed, real_pdf
from jixiao.cli import main
from jixiao.schema.dataset import (
    build_dataset,
    find_outputs,
    flatten,
    iter_outputs,
    json_text,
    load_output,
)
from jixiao.schema.errors import dumps_error, error_document
from jixiao.schema.models import Record

SEEDS = ("gz_kx_2021_faithful.pdf", "gz_kx_2021_docx.pdf")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A batch output folder: two reports (one in a subfolder) and one error file."""
    root = tmp_path_factory.mktemp("outputs")
    (root / "2021").mkdir()
    for name, target in zip(SEEDS, ("2021/faithful.json", "docx.json"), strict=True):
        (root / target).write_text(jixiao.dumps(parsed(SAMPLES / name)), encoding="utf-8")
    error = error_document("broken.pdf", "ab" * 32, "corrupt_pdf", "the PDF cannot be parsed")
    (root / "broken.error.json").write_text(dumps_error(error), encoding="utf-8")
    (root / "unrelated.json").write_text('{"hello": 1}', encoding="utf-8")
    return root


def reports() -> list[jixiao.Report]:
    return [parsed(SAMPLES / name) for name in SEEDS]


def dataset_files(outputs: Path, target: Path) -> None:
    assert main(["dataset", str(outputs), "-o", str(target)]) == 0


def test_find_outputs_skips_other_json(outputs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert find_outputs(outputs) == ["2021/faithful.json", "broken.error.json", "docx.json"]
    assert "unrelated.json: not a jixiao output" in capsys.readouterr().err


def test_tables_shape(outputs: Path) -> None:
    frames = build_dataset(iter_outputs(outputs, find_outputs(outputs))).frames()
    assert list(frames) == ["reports", "records", "checks", "projects", "funds"]
    rep = frames["reports"]
    assert list(rep["output"]) == ["2021/faithful.json", "broken.error.json", "docx.json"]
    assert list(rep["error"]) == [None, "corrupt_pdf", None]
    assert list(rep["file"]) == ["gz_kx_2021_faithful.pdf", "broken.pdf", "gz_kx_2021_docx.pdf"]
    assert list(rep["records"]) == [27, None, 27]
    assert list(rep["pages"]) == [10, None, 8]
    assert list(rep["department"]) == ["广州市科学技术协会", None, "广州市科学技术协会"]
    assert "repeated_header_dropped" in rep["warning_codes"][0]
    for column in ("file", "sha256", "layout", "department", "year", "pages", "warnings"):
        assert column in rep.columns

    rec = frames["records"]
    assert len(rec) == sum(len(r.records) for r in reports())
    assert set(Record.model_fields) - {"checks", "targets", "actuals"} <= set(rec.columns)
    assert rec.loc[7, "amount_wan"] == Decimal(280)
    assert rec.loc[13, "amount_wan"] == Decimal("3744.17")
    assert rec.loc[0, "year"] == 2021 and rec.loc[0, "file"] == "gz_kx_2021_faithful.pdf"

    checks = frames["checks"]
    assert len(checks) == sum(
        len(getattr(r, "checks", [])) for rep in reports() for r in rep.records
    )
    assert {"record", "check", "indicator_name", "status"} <= set(checks.columns)


def test_checks_columns_flatten_nested_quantities() -> None:
    if "checks" not in Record.model_fields:
        pytest.skip("records have no checks in this schema version")
    check_model = Record.model_fields["checks"].annotation.__args__[0]  # list[Check]
    row, kinds = flatten({"target": None, "status": "met"}, check_model)
    assert "target_value" in row and row["target_value"] is None, "null target → null columns"
    assert kinds["target_value"] == "decimal"
    assert kinds["status"] == "str"


def test_flatten_is_generic_over_models() -> None:
    class Inner(BaseModel):
        amount: Decimal | None = None
        label: str = ""

    class Future(BaseModel):
        name: str
        count: int | None
        inner: Inner | None
        items: list[int]
        new_field: bool = False

    row, kinds = flatten(
        {"name": "a", "count": None, "inner": {"amount": Decimal("1.50")}, "items": [1, 2]},
        Future,
    )
    assert row == {
        "name": "a",
        "count": None,
        "inner_amount": Decimal("1.50"),
        "inner_label": None,
        "items": [1, 2],
        "new_field": None,
    }
    assert kinds == {
        "name": "str",
        "count": "int",
        "inner_amount": "decimal",
        "inner_label": "str",
        "items": "json",
        "new_field": "bool",
    }
    # A field the models do not know (a file from a newer jixiao) still becomes a column.
    row, kinds = flatten({"name": "a", "surprise": Decimal("2")}, Future)
    assert row["surprise"] == Decimal("2") and kinds["surprise"] == "decimal"


def test_load_output_keeps_exact_decimals() -> None:
    text = jixiao.dumps(parsed(SAMPLES / SEEDS[0]))
    data = load_output(text)
    assert data["budget_execution_rate"] == Decimal("99.14")
    assert isinstance(data["records"][13]["amount_wan"], Decimal)
    assert json_text({"a": Decimal("0.10"), "b": [Decimal("1E+2")], "c": "中"}) == (
        '{"a":0.10,"b":[100],"c":"中"}'
    )


def test_csv_has_bom_and_exact_digits(outputs: Path, tmp_path: Path) -> None:
    dataset_files(outputs, tmp_path / "ds.csv")
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        "ds.checks.csv",
        "ds.funds.csv",
        "ds.projects.csv",
        "ds.records.csv",
        "ds.reports.csv",
    ]
    raw = (tmp_path / "ds.records.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "BOM so Excel reads UTF-8 Chinese"
    frame = pd.read_csv(tmp_path / "ds.records.csv", encoding="utf-8-sig", dtype=str)
    assert frame.loc[7, "amount_wan"] == "280"
    assert frame.loc[13, "amount_wan"] == "3744.17"
    assert frame.loc[0, "year"] == "2021", "an int column with nulls is not written as 2021.0"
    assert frame.loc[0, "department"] == "广州市科学技术协会"
    assert json.loads(frame.loc[0, "pages"]) == parsed(SAMPLES / SEEDS[0]).records[0].pages
    reps = pd.read_csv(tmp_path / "ds.reports.csv", encoding="utf-8-sig", dtype=str)
    assert reps.loc[0, "budget_execution_rate"] == "99.14"
    assert reps.loc[1, "error"] == "corrupt_pdf"


def test_jsonl_numbers_exact_and_lists_nested(outputs: Path, tmp_path: Path) -> None:
    dataset_files(outputs, tmp_path / "ds.jsonl")
    lines = (tmp_path / "ds.records.jsonl").read_text(encoding="utf-8").splitlines()
    first = json.loads(lines[0], parse_float=Decimal)
    assert isinstance(first["pages"], list)
    assert json.loads(lines[13], parse_float=Decimal)["amount_wan"] == Decimal("3744.17")
    assert '"amount_wan":3744.17' in lines[13]


def test_xlsx_one_sheet_per_table(outputs: Path, tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    dataset_files(outputs, tmp_path / "ds.xlsx")
    book = openpyxl.load_workbook(tmp_path / "ds.xlsx", read_only=True)
    assert book.sheetnames == ["reports", "records", "checks", "projects", "funds"]
    rows = list(book["records"].iter_rows(values_only=True))
    header = rows[0]
    amount = header.index("amount_wan")
    assert rows[14][amount] == pytest.approx(3744.17)
    assert rows[1][header.index("department")] == "广州市科学技术协会"


def test_xlsx_text_never_becomes_a_formula(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    report = parsed(SAMPLES / SEEDS[0]).model_copy(deep=True)
    report.records[0].target = "=HYPERLINK(1)"
    from jixiao.schema.dataset import write_dataset

    write_dataset(build_dataset([("a.json", jixiao.dumps(report))]), tmp_path / "x.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "x.xlsx")["records"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("target") + 1)
    assert cell.value == "=HYPERLINK(1)" and cell.data_type == "s"


def test_parquet_decimal128(outputs: Path, tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    dataset_files(outputs, tmp_path / "ds.parquet")
    table = pq.read_table(tmp_path / "ds.records.parquet")
    assert table.schema.field("amount_wan").type == pa.decimal128(38, 6)
    assert table.schema.field("year").type == pa.int64()
    assert table.column("amount_wan")[13].as_py() == Decimal("3744.17")
    reps = pq.read_table(tmp_path / "ds.reports.parquet")
    assert reps.column("budget_execution_rate")[0].as_py() == Decimal("99.14")
    assert reps.column("error")[1].as_py() == "corrupt_pdf"


def test_parquet_widens_scale_instead_of_rounding(tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    report = parsed(SAMPLES / SEEDS[0]).model_copy(deep=True)
    report.records[0].amount_wan = Decimal("1.12345678")
    from jixiao.schema.dataset import write_dataset

    write_dataset(build_dataset([("a.json", jixiao.dumps(report))]), tmp_path / "x.parquet")
    column = pq.read_table(tmp_path / "x.records.parquet").column("amount_wan")
    assert column[0].as_py() == Decimal("1.12345678")


def test_sqlite_numeric_amounts(outputs: Path, tmp_path: Path) -> None:
    dataset_files(outputs, tmp_path / "ds.sqlite")
    db = sqlite3.connect(tmp_path / "ds.sqlite")
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    assert tables == ["reports", "records", "checks", "projects", "funds"]
    amounts = db.execute("SELECT amount_wan FROM records ORDER BY output, record").fetchall()
    assert amounts[13][0] == 3744.17
    assert str(amounts[13][0]) == "3744.17", "15 significant digits round-trip exactly"
    big = db.execute("SELECT COUNT(*) FROM records WHERE amount_wan > 1000").fetchone()[0]
    expected = sum(1 for r in reports() for x in r.records if (x.amount_wan or 0) > 1000)
    assert big == expected, "comparisons are numeric, not text"
    assert db.execute("SELECT error FROM reports WHERE file = 'broken.pdf'").fetchone() == (
        "corrupt_pdf",
    )
    db.close()


def test_batch_dataset_equals_dataset_command(tmp_path: Path) -> None:
    """The same folder gives the same tables whichever command builds them."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    from reportlab.pdfgen import canvas

    for name in ("b", "a"):
        pdf = canvas.Canvas(str(inputs / f"{name}.pdf"))
        pdf.drawString(72, 720, f"{name} page")
        pdf.save()
    (inputs / "c.pdf").write_bytes(b"")
    out = tmp_path / "out"
    dataset = ["--dataset", str(tmp_path / "one.csv")]
    code = main(["batch", str(inputs), "-o", str(out), "--workers", "1", *dataset])
    assert code == 2
    dataset_files(out, tmp_path / "two.csv")
    for table in ("reports", "records", "checks", "projects", "funds"):
        one = (tmp_path / f"one.{table}.csv").read_bytes()
        assert one == (tmp_path / f"two.{table}.csv").read_bytes()
    reps = pd.read_csv(tmp_path / "one.reports.csv", encoding="utf-8-sig", dtype=str)
    assert list(reps["error"].fillna("")) == ["", "", "empty_file"]
    assert list(reps["layout"].fillna("")) == ["unknown", "unknown", ""]


def test_empty_tables_keep_their_columns(tmp_path: Path) -> None:
    error = dumps_error(error_document("x.pdf", None, "not_pdf", "no"))
    frames = build_dataset([("x.error.json", error)]).frames()
    assert len(frames["records"]) == 0
    assert "amount_wan" in frames["records"].columns


def test_unknown_format_is_a_usage_error(
    outputs: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["dataset", str(outputs), "-o", str(tmp_path / "ds.txt")]) == 1
    assert "unknown dataset format" in capsys.readouterr().err
    assert main(["dataset", str(tmp_path / "none"), "-o", str(tmp_path / "ds.csv")]) == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["dataset", str(empty), "-o", str(tmp_path / "ds.csv")]) == 1
    pdf = SAMPLES / SEEDS[0]
    code = main(["batch", str(pdf), "-o", str(tmp_path / "o"), "--dataset", str(tmp_path / "d.x")])
    assert code == 1, "a bad --dataset is caught before any conversion"
    assert not (tmp_path / "o").exists()


# --- projects, funds, cells; parquet lists; xlsx usability (issue 13, item 8) -----------


def project_form_output(folder: Path) -> Path:
    """The 填报表 pages of a real budget (pages 31-32), converted by the CLI."""
    pdf = real_pdf("putuo-wanli-2023-budget-pages1-32.pdf")
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "wanli.json"
    assert main(["convert", str(pdf), "--pages", "31,32", "-o", str(target)]) == 0
    return target


def test_projects_and_funds_tables(tmp_path: Path) -> None:
    out = tmp_path / "out"
    project_form_output(out)
    assert main(["dataset", str(out), "-o", str(tmp_path / "ds.jsonl")]) == 0
    rows = [
        json.loads(line, parse_float=Decimal)
        for line in (tmp_path / "ds.projects.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    # Page 31's text layer: 项目名称 新建万里街道社区公共服务中心, 项目性质 阶段性项目.
    first = rows[0]
    assert first["name"] == "新建万里街道社区公共服务中心"
    assert first["nature"] == "阶段性项目"
    assert first["output"] == "wanli.json" and first["project"] == 0
    funds = [
        json.loads(line, parse_float=Decimal)
        for line in (tmp_path / "ds.funds.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    total = [f for f in funds if f["project"] == 0 and f["label"] == "项目资金总额"]
    # 项目资金总额 4,100,000.00 元 = 410 万元.
    assert [(f["yuan"], f["wan"]) for f in total] == [(Decimal("4100000"), Decimal("410"))]
    assert total[0]["project_name"] == "新建万里街道社区公共服务中心"


def test_cells_table_keeps_every_cell_of_unknown_layouts(tmp_path: Path) -> None:
    pdf = real_pdf("jiangsu-party-office-2019-budget-tables.pdf")
    out = tmp_path / "out"
    dataset = ["--dataset-tables", "--dataset", str(tmp_path / "ds.csv")]
    code = main(["batch", str(pdf), "-o", str(out), "--workers", "1", *dataset])
    assert code == 0
    cells = pd.read_csv(tmp_path / "ds.cells.csv", encoding="utf-8-sig", dtype=str)
    report = json.loads(next(out.glob("*.json")).read_text(encoding="utf-8"))
    assert report["layout"] == "unknown"
    assert len(cells) == sum(len(t["cells"]) for t in report["tables"]), "every cell, once"
    assert {"file", "path", "table", "row", "column", "page", "text"} <= set(cells.columns)
    # Page 1's text layer: 一、财政拨款 27,664.22 (万元), each in its own cell.
    first_page = set(cells[cells["page"] == "1"]["text"].fillna(""))
    assert {"一、财政拨款", "27,664.22", "一、基本支出", "11,700.63"} <= first_page


def test_parquet_keeps_lists_as_list_columns(outputs: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    assert main(["dataset", str(outputs), "-o", str(tmp_path / "ds.parquet")]) == 0
    table = pq.read_table(tmp_path / "ds.records.parquet")
    assert pa.types.is_list(table.schema.field("pages").type)
    pages = table.column("pages").to_pylist()
    assert pages[7] == parsed(SAMPLES / SEEDS[0]).records[7].pages


def test_parquet_nested_types_come_from_the_models(outputs: Path, tmp_path: Path) -> None:
    """Two datasets of different reports have the same Parquet schema and concatenate: the
    nested columns (targets, checks, provenance cells, budget lines) are typed by the models,
    not by the values each happens to hold (a ``subject`` null in every record of one file was
    typed null, ``string`` in another, and concat_tables failed). Nested amounts stay exact."""
    pq = pytest.importorskip("pyarrow.parquet")
    import pyarrow as pa

    one = tmp_path / "one"
    one.mkdir()
    name = "synthetic_dept_self_eval_docx.pdf"
    (one / "a.json").write_text(jixiao.dumps(parsed(SAMPLES / name)), encoding="utf-8")
    assert main(["dataset", str(outputs), "-o", str(tmp_path / "all.parquet")]) == 0
    assert main(["dataset", str(one), "-o", str(tmp_path / "one.parquet")]) == 0
    for table in ("records", "checks", "projects", "funds"):
        first = pq.read_table(tmp_path / f"all.{table}.parquet")
        second = pq.read_table(tmp_path / f"one.{table}.parquet")
        assert first.schema == second.schema, table
        assert pa.concat_tables([first, second]).num_rows == first.num_rows + second.num_rows
    records = pq.read_table(tmp_path / "all.records.parquet")
    quantity = records.schema.field("targets").type.value_type
    assert quantity.field("subject").type == pa.string()
    assert quantity.field("value").type == pa.string()  # exact digits, any scale
    report = parsed(SAMPLES / SEEDS[0])
    want = [None if q.value is None else format(q.value, "f") for q in report.records[7].targets]
    got = [q["value"] for q in records.column("targets").to_pylist()[7]]
    assert want and got == want


def test_xlsx_dataset_has_frozen_headers_filters_and_widths(outputs: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    assert main(["dataset", str(outputs), "-o", str(tmp_path / "ds.xlsx")]) == 0
    sheet = load_workbook(tmp_path / "ds.xlsx")["records"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref and sheet.auto_filter.ref.startswith("A1:")
    header = [c.value for c in sheet[1]]
    indicator = header.index("indicator") + 1
    from openpyxl.utils import get_column_letter

    assert sheet.column_dimensions[get_column_letter(indicator)].width > 20


def test_batch_dataset_reads_this_batch_only(tmp_path: Path) -> None:
    """batch --dataset: this batch's outputs; jixiao dataset: everything in the folder."""
    from reportlab.pdfgen import canvas

    out = tmp_path / "out"
    for name in ("old", "new"):
        folder = tmp_path / name
        folder.mkdir()
        pdf = canvas.Canvas(str(folder / f"{name}.pdf"))
        pdf.drawString(72, 720, name)
        pdf.save()
    assert main(["batch", str(tmp_path / "old"), "-o", str(out), "--workers", "1"]) == 0
    dataset = ["--dataset", str(tmp_path / "batch.csv")]
    assert main(["batch", str(tmp_path / "new"), "-o", str(out), "--workers", "1", *dataset]) == 0
    assert main(["dataset", str(out), "-o", str(tmp_path / "folder.csv")]) == 0
    batch = pd.read_csv(tmp_path / "batch.reports.csv", encoding="utf-8-sig", dtype=str)
    folder = pd.read_csv(tmp_path / "folder.reports.csv", encoding="utf-8-sig", dtype=str)
    assert list(batch["file"]) == ["new.pdf"]
    assert list(folder["file"]) == ["new.pdf", "old.pdf"]
