"""Bad inputs in a batch: each gets a stable error code and an error file, appears in the
reports dataset, and changes nothing for the good files beside it.

The bad files are built here from a sample and small generated PDFs: a truncated PDF, an
HTML page named .pdf, an empty file, an encrypted PDF (pypdf), an image-only PDF (Pillow's
PDF writer: a page that is one picture, no text layer), a PDF without tables and a long one.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from conftest import SAMPLES
from jixiao.cli import main

GOOD = SAMPLES / "gz_kx_2021_docx.pdf"
PASSWORD = "s3cret"
LONG_PAGES = 300


def text_pdf(path: Path, pages: int = 1, lines: int = 1) -> Path:
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path))
    for page in range(pages):
        for line in range(lines):
            pdf.drawString(72, 720 - 20 * line, f"第 {page + 1} 页 第 {line + 1} 行 annex text")
        pdf.showPage()
    pdf.save()
    return path


def encrypted_pdf(path: Path, source: Path) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(source))
    writer.encrypt(PASSWORD)
    with path.open("wb") as handle:
        writer.write(handle)
    return path


def image_only_pdf(path: Path) -> Path:
    from PIL import Image, ImageDraw

    page = Image.new("RGB", (595, 842), "white")
    ImageDraw.Draw(page).rectangle((50, 50, 545, 300), outline="black", width=3)
    page.save(path, "PDF", resolution=72)
    return path


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    (folder / "empty.pdf").write_bytes(b"")
    (folder / "saved_page.pdf").write_text(
        "<!DOCTYPE html><html><head><title>404</title></head><body>Not found</body></html>",
        encoding="utf-8",
    )
    data = GOOD.read_bytes()
    (folder / "truncated.pdf").write_bytes(data[: len(data) // 2])
    encrypted_pdf(folder / "encrypted.pdf", text_pdf(folder.parent / "plain_for_enc.pdf"))
    image_only_pdf(folder / "scanned.pdf")
    text_pdf(folder / "no_tables.pdf", pages=2)
    text_pdf(folder / "long.pdf", pages=LONG_PAGES)
    return folder


EXPECTED_ERRORS = {
    "empty.error.json": "empty_file",
    "saved_page.error.json": "not_pdf",
    "truncated.error.json": "corrupt_pdf",
    "scanned.error.json": "no_text_layer",
}


@pytest.fixture(scope="module")
def mixed_batch(bad_files: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The good sample and every bad file in one batch, with a reports dataset."""
    root = tmp_path_factory.mktemp("mixed")
    out = root / "out"
    dataset = ["--dataset", str(root / "ds.csv")]
    code = main(["batch", str(GOOD), str(bad_files), "-o", str(out), "--workers", "2", *dataset])
    return {"out": out, "code": code, "reports": root / "ds.reports.csv"}


def test_batch_goes_on_and_exits_2(mixed_batch: dict) -> None:
    assert mixed_batch["code"] == 2


def test_good_output_is_identical_without_the_bad_files(mixed_batch: dict, tmp_path: Path) -> None:
    alone = tmp_path / "alone"
    assert main(["batch", str(GOOD), "-o", str(alone), "--workers", "1"]) == 0
    name = GOOD.stem + ".json"
    assert (mixed_batch["out"] / name).read_bytes() == (alone / name).read_bytes()


@pytest.mark.parametrize(("output", "code"), sorted(EXPECTED_ERRORS.items()))
def test_each_bad_file_gets_an_error_file(mixed_batch: dict, output: str, code: str) -> None:
    document = json.loads((mixed_batch["out"] / output).read_text(encoding="utf-8"))
    assert document["error"]["code"] == code
    assert document["error"]["message"]
    assert document["source"]["file"] == output.replace(".error.json", ".pdf")
    assert len(document["source"]["sha256"]) == 64, "readable files carry their sha256"
    assert not (mixed_batch["out"] / output.replace(".error.json", ".json")).exists()


def test_messages_are_plain(mixed_batch: dict) -> None:
    def message(name: str) -> str:
        text = (mixed_batch["out"] / name).read_text(encoding="utf-8")
        return json.loads(text)["error"]["message"]

    assert "HTML" in message("saved_page.error.json")
    assert "OCR" in message("scanned.error.json")
    assert "empty" in message("empty.error.json")
    assert str(mixed_batch["out"].parent) not in message("truncated.error.json")


def test_reports_dataset_lists_every_file(mixed_batch: dict) -> None:
    reports = pd.read_csv(mixed_batch["reports"], encoding="utf-8-sig", dtype=str)
    errors = dict(zip(reports["output"], reports["error"].fillna(""), strict=True))
    for output, code in EXPECTED_ERRORS.items():
        assert errors[output] == code
    assert errors["gz_kx_2021_docx.json"] == ""
    assert errors["no_tables.json"] == ""
    assert "encrypted.error.json" in errors
    assert len(reports) == 1 + 7


def test_no_tables_is_not_an_error(mixed_batch: dict) -> None:
    report = json.loads((mixed_batch["out"] / "no_tables.json").read_text(encoding="utf-8"))
    assert report["layout"] == "unknown"
    assert report["records"] == [] and report["tables"] == []
    assert "no_tables" in [w["code"] for w in report["warnings"]]


def test_long_document_converts(mixed_batch: dict) -> None:
    report = json.loads((mixed_batch["out"] / "long.json").read_text(encoding="utf-8"))
    assert report["source"]["pages"] == LONG_PAGES


def test_long_document_memory_is_bounded(bad_files: Path) -> None:
    """Pages are processed one at a time: keeping all 300 pages' objects (as
    ``pdfplumber.open(...).pages`` with their chars would) costs about 115 MB more."""
    script = (
        "import resource, sys, jixiao\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "report = jixiao.parse(sys.argv[1])\n"
        "after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(report.source.pages, (after - before) // 1024)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(bad_files / "long.pdf")],
        capture_output=True,
        text=True,
        check=True,
    )
    pages, growth_mb = map(int, result.stdout.split())
    assert pages == LONG_PAGES
    assert growth_mb < 48


def test_encrypted_without_password_says_encrypted(mixed_batch: dict) -> None:
    document = json.loads((mixed_batch["out"] / "encrypted.error.json").read_text("utf-8"))
    assert document["error"]["code"] == "encrypted"
    assert "--password" in document["error"]["message"]


def test_wrong_password_says_so(bad_files: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["batch", str(bad_files / "encrypted.pdf"), "-o", str(out), "--workers", "1"]
    assert main([*args, "--password", "not-it"]) == 2
    document = json.loads((out / "encrypted.error.json").read_text(encoding="utf-8"))
    assert document["error"]["code"] == "wrong_password"


def test_password_opens_encrypted_files(bad_files: Path, tmp_path: Path) -> None:
    plain = text_pdf(tmp_path / "plain.pdf", pages=2)
    out = tmp_path / "out"
    files = [str(bad_files / "encrypted.pdf"), str(plain)]
    assert main(["batch", *files, "-o", str(out), "--workers", "1", "--password", PASSWORD]) == 0
    # Files from two folders mirror below their common folder.
    report = json.loads(next(out.rglob("encrypted.json")).read_text(encoding="utf-8"))
    assert report["source"]["pages"] == 1
    unlocked = json.loads(next(out.rglob("plain.json")).read_text(encoding="utf-8"))
    assert unlocked["source"]["pages"] == 2, "the password does not disturb plain files"
