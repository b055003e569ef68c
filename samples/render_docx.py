"""Render gz_kx_2021.data.json through Word tables and LibreOffice: gz_kx_2021_docx.pdf.

The faithful rendering (render_reportlab.py) keeps the original's page layout. This one
deliberately does not: it is what the same report looks like when an office suite lays
it out, the harder case for extraction. Real merged cells (w:vMerge, w:gridSpan), a
repeating table-2 header row (w:tblHeader), rows allowed to break across pages, cell text
re-wrapped by the layout engine (lines joined without separators), portrait A4 and a
different CJK font (AR PL UMing CN). After converting, the script reports where rows and
merged cells are cut by page breaks and fails if no row is split, because producing such
splits is the point of this sample.

Run from the repo root: ``python samples/render_docx.py`` (needs ``soffice`` on PATH).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import docx_fonts
import pdfplumber
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table, _Cell
from gz_kx_table import ROW_CELLS, SAMPLES_DIR, Run, goal_runs, load_data, runs

OUT_PATH = SAMPLES_DIR / "gz_kx_2021_docx.pdf"
FONT = "AR PL UMing CN"
BODY_PT = 9.0
TITLE_PT = 16.0
#: Column widths in mm (portrait A4, 170 mm text width); unlike the faithful rendering.
T1_WIDTHS_MM = (14, 30, 28, 24, 26, 48)
T2_WIDTHS_MM = (16, 30, 28, 24, 26, 46)
FIXED_TIME = datetime(2022, 1, 1)


# --------------------------------------------------------------------------- docx


def set_run_font(run: Any, size: float, bold: bool = False) -> None:
    docx_fonts.set_run_font(run, FONT, size, bold)


def setup_document() -> Any:
    """Portrait A4 document whose Normal style already uses the CJK font at body size."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(18)
    docx_fonts.style_normal(doc, FONT, BODY_PT)
    docx_fonts.fix_properties(
        doc, "广州市科学技术协会 2021 年部门整体绩效完成情况表（重建）", FIXED_TIME
    )
    return doc


def add_paragraph(doc: Any, text: str, size: float, bold: bool, center: bool) -> None:
    """A body paragraph (title, department line, the gap between the tables)."""
    para = doc.add_paragraph()
    if center:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.space_after = Pt(6)
    if text:
        set_run_font(para.add_run(text), size, bold)


def write_cell(cell: _Cell, lines: list[str], header: bool = False) -> None:
    """Cell text is the printed lines joined as-is: re-wrapping is LibreOffice's job."""
    para = cell.paragraphs[0]
    if header:
        para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    set_run_font(para.add_run("".join(lines)), BODY_PT, bold=header)


def new_table(doc: Any, n_rows: int, widths_mm: tuple[int, ...]) -> Table:
    """Fixed-layout ruled table with explicit grid and cell widths (Word and LO both obey)."""
    table = doc.add_table(rows=n_rows, cols=len(widths_mm))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, width in enumerate(widths_mm):
        table.columns[i].width = Mm(width)
        for cell in table.columns[i].cells:
            cell.width = Mm(width)
    return table


def mark_repeating_header(table: Table, row_index: int = 0) -> None:
    """w:tblHeader makes the row repeat at the top of every page the table continues on."""
    tr_pr = table.rows[row_index]._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def merge_runs(table: Table, col: int, row_offset: int, found: list[Run], texts: dict) -> None:
    """Vertically merge each run's cells in one column and write its text once."""
    for run in found:
        top = table.cell(run.first + row_offset, col)
        if run.last > run.first:
            top = top.merge(table.cell(run.last + row_offset, col))
        write_cell(top, texts[run.key])


def fill_rows(table: Table, rows: list[dict[str, Any]], row_offset: int) -> None:
    """Write the four per-row cells (columns 2..5) of every data row."""
    for i, row in enumerate(rows):
        for j, name in enumerate(ROW_CELLS):
            write_cell(table.cell(i + row_offset, 2 + j), row[name])


def add_annual_goals(doc: Any, ag: dict[str, Any]) -> None:
    """Table 1: label column merged over header and rows, goals merged, full-width footer."""
    rows = ag["rows"]
    table = new_table(doc, len(rows) + 2, T1_WIDTHS_MM)
    label = table.cell(0, 0).merge(table.cell(len(rows), 0))
    write_cell(label, ag["label"])
    for j, cell in enumerate(ag["header"], start=1):
        write_cell(table.cell(0, j), cell, header=True)
    merge_runs(table, 1, 1, goal_runs(rows), ag["goals"])
    fill_rows(table, rows, 1)
    footer_row = len(rows) + 1
    footer = table.cell(footer_row, 0).merge(table.cell(footer_row, 5))
    write_cell(footer, ag["footer"]["lines"])


def add_spending_plan(doc: Any, sp: dict[str, Any]) -> None:
    """Table 2: repeating header (page-3 wording), merged categories and goals."""
    rows = sp["rows"]
    table = new_table(doc, len(rows) + 1, T2_WIDTHS_MM)
    for j, cell in enumerate(sp["header_pages"]["3"]):
        write_cell(table.cell(0, j), cell, header=True)
    mark_repeating_header(table)
    merge_runs(table, 0, 1, runs(rows, "category", per_page=False), sp["categories"])
    merge_runs(table, 1, 1, goal_runs(rows), sp["goals"])
    fill_rows(table, rows, 1)


def build_docx(data: dict[str, Any], path: Path) -> None:
    """Title, department line, table 1, a paragraph gap, table 2."""
    doc = setup_document()
    add_paragraph(doc, data["title"], TITLE_PT, bold=True, center=True)
    add_paragraph(doc, data["department_line"], BODY_PT, bold=False, center=False)
    add_annual_goals(doc, data["annual_goals"])
    add_paragraph(doc, "", BODY_PT, bold=False, center=False)
    add_spending_plan(doc, data["spending_plan"])
    doc.save(str(path))


def convert_to_pdf(docx_path: Path, workdir: Path) -> Path:
    """Convert with a private LibreOffice profile so parallel/other instances do not clash."""
    profile = (workdir / "lo-profile").as_uri()
    cmd = [
        "soffice",
        f"-env:UserInstallation={profile}",
        "--headless",
        "--convert-to",
        "pdf",
        "--outdir",
        str(workdir),
        str(docx_path),
    ]
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    return workdir / (docx_path.stem + ".pdf")


# --------------------------------------------------------------------------- split report


@dataclass(frozen=True)
class CellRef:
    """One printed cell of the docx: what it is, which column it sits in, its text."""

    name: str
    col: int
    text: str
    rows: tuple[str, int, int]  # (table, first row, last row), 0-based


def squash(text: str) -> str:
    """Remove whitespace: the layout engine re-wraps, so only the characters are stable."""
    return "".join(text.split())


def cells_in_order(data: dict[str, Any]) -> list[CellRef]:
    """Every printed cell in document order, columns numbered as in the docx tables."""
    out: list[CellRef] = []
    for table in ("annual_goals", "spending_plan"):
        section = data[table]
        rows = section["rows"]
        if table == "annual_goals":
            last = len(rows) - 1
            out.append(CellRef("label", 0, squash("".join(section["label"])), (table, 0, last)))
        else:
            for run in runs(rows, "category", per_page=False):
                text = squash("".join(section["categories"][run.key]))
                out.append(CellRef(f"category {run.key}", 0, text, (table, run.first, run.last)))
        for run in goal_runs(rows):
            text = squash("".join(section["goals"][run.key]))
            out.append(CellRef(f"goal {run.key}", 1, text, (table, run.first, run.last)))
        for i, row in enumerate(rows):
            for j, cell in enumerate(ROW_CELLS):
                ref = CellRef(f"{cell}", 2 + j, squash("".join(row[cell])), (table, i, i))
                out.append(ref)
    return out


def column_streams(page: Any) -> dict[int, str]:
    """Per table column, the page's text read top to bottom (squashed).

    A word belongs to column k when k vertical rules lie left of it among the rules that
    span its height; words outside any table (title, gap paragraph) are skipped.
    """
    verticals = [e for e in page.edges if e["orientation"] == "v" and e["height"] > 3]
    lines: dict[int, list[tuple[float, float, str]]] = {}
    for word in page.extract_words():
        mid = (word["top"] + word["bottom"]) / 2
        xs = sorted({round(e["x0"], 1) for e in verticals if e["top"] <= mid <= e["bottom"]})
        left = [x for x in xs if x < word["x0"]]
        if not left or len(left) == len(xs):
            continue
        lines.setdefault(len(left) - 1, []).append((word["top"], word["x0"], word["text"]))
    return {col: "".join(t for *_k, t in sort_reading(words)) for col, words in lines.items()}


def sort_reading(words: list[tuple[float, float, str]]) -> list[tuple[float, float, str]]:
    """Order words by line (tops within 2pt are one line), then left to right."""
    words = sorted(words)
    out: list[tuple[float, float, str]] = []
    line: list[tuple[float, float, str]] = []
    for word in words:
        if line and word[0] - line[0][0] > 2:
            out += sorted(line, key=lambda w: w[1])
            line = []
        line.append(word)
    return out + sorted(line, key=lambda w: w[1])


@dataclass
class ColumnText:
    """One column's text over the whole document, with the offset where each page starts."""

    text: str
    page_starts: list[int]

    def page_at(self, offset: int) -> int:
        """0-based page holding the character at ``offset``."""
        return max(p for p, start in enumerate(self.page_starts) if start <= offset)


def document_columns(streams: list[dict[int, str]], header: list[str]) -> dict[int, ColumnText]:
    """Concatenate each column over all pages, dropping repeated table-2 header text
    at page tops so that a cell cut by a page break reads as one contiguous string."""
    out: dict[int, ColumnText] = {}
    for col in range(len(header)):
        text, starts = "", []
        for cols in streams:
            piece = cols.get(col, "")
            if piece.startswith(header[col]):
                piece = piece[len(header[col]) :]
            starts.append(len(text))
            text += piece
        out[col] = ColumnText(text, starts)
    return out


def locate_cells(data: dict[str, Any], columns: dict[int, ColumnText]) -> dict[CellRef, set[int]]:
    """Pages each cell's text occupies, found in document order per column (a cursor per
    column, so identical texts in table 1 and table 2 are not confused)."""
    cursor = dict.fromkeys(columns, 0)
    found: dict[CellRef, set[int]] = {}
    for cell in cells_in_order(data):
        column = columns[cell.col]
        at = column.text.find(cell.text, cursor[cell.col])
        if at < 0:
            print(f"  could not locate {where(cell)}: {cell.text[:20]}")
            continue
        cursor[cell.col] = at + len(cell.text)
        found[cell] = {column.page_at(at), column.page_at(at + len(cell.text) - 1)}
    return found


def row_label(table: str, row: int, data: dict[str, Any]) -> str:
    """Human-readable row id: table, 1-based row number, end of its indicator."""
    indicator = "".join(data[table]["rows"][row]["indicator"])
    return f"{table} row {row + 1} ({indicator[-14:]})"


def where(cell: CellRef) -> str:
    """'<table> row n <cell>' or '<table> rows a-b <cell>' for report lines."""
    table, first, last = cell.rows
    rows = f"row {first + 1}" if first == last else f"rows {first + 1}-{last + 1}"
    return f"{table} {rows} {cell.name}"


def pages_shown(pages: set[int]) -> list[int]:
    """1-based, sorted page numbers for printing."""
    return sorted(p + 1 for p in pages)


def report_splits(data: dict[str, Any], found: dict[CellRef, set[int]]) -> int:
    """Print cells cut by page breaks and merged cells whose rows span pages; count rows cut."""
    row_pages: dict[tuple[str, int], set[int]] = {}
    split_rows: set[tuple[str, int]] = set()
    for cell, pages in found.items():
        table, first, last = cell.rows
        if first == last:
            row_pages.setdefault((table, first), set()).update(pages)
            if len(pages) > 1:
                split_rows.add((table, first))
        if len(pages) > 1:
            print(f"  cell text cut by page break {pages_shown(pages)}: {where(cell)}")
    for table, row in sorted(split_rows):
        shown = pages_shown(row_pages[(table, row)])
        print(f"  row split across pages {shown}: {row_label(table, row, data)}")
    for cell in found:
        table, first, last = cell.rows
        if cell.col > 1 or first == last:
            continue
        pages = set().union(*(row_pages[(table, i)] for i in range(first, last + 1)))
        if len(pages) > 1:
            print(f"  merged cell spans pages {pages_shown(pages)}: {where(cell)}")
    return len(split_rows)


def report_page_breaks(pdf_path: Path, data: dict[str, Any]) -> bool:
    """Print first/last line per page and which rows/merged cells a page break cuts."""
    with pdfplumber.open(pdf_path) as pdf:
        print(f"{pdf_path.name}: {len(pdf.pages)} pages")
        for n, page in enumerate(pdf.pages, start=1):
            lines = (page.extract_text() or "").splitlines()
            print(f"  page {n}: first {lines[0]!r}\n          last  {lines[-1]!r}")
        streams = [column_streams(page) for page in pdf.pages]
    header = [squash("".join(c)) for c in data["spending_plan"]["header_pages"]["3"]]
    found = locate_cells(data, document_columns(streams, header))
    return report_splits(data, found) > 0


def main() -> int:
    """Build the DOCX in a temp dir, convert, keep only the PDF, report page breaks."""
    data = load_data()
    with tempfile.TemporaryDirectory(prefix="gz_kx_docx_") as tmp:
        work = Path(tmp)
        docx_path = work / "gz_kx_2021_docx.docx"
        build_docx(data, docx_path)
        pdf = convert_to_pdf(docx_path, work)
        shutil.move(str(pdf), OUT_PATH)
    print(f"wrote {OUT_PATH}")
    if not report_page_breaks(OUT_PATH, data):
        print("no table row is split across pages; this sample needs at least one")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
