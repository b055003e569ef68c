"""Render the synthetic 自评表 samples through Word tables and LibreOffice.

Writes, from ``synthetic_self_eval.data.json`` (grid in ``synthetic_forms.py``):

* ``synthetic_project_self_eval_docx.pdf`` — the three 项目支出绩效自评表;
* ``synthetic_dept_self_eval_docx.pdf`` — the 部门整体支出绩效自评表.

A different tool chain from the reportlab samples: python-docx tables with real merged
cells (w:gridSpan, w:vMerge), AR PL UMing CN instead of WenQuanYi Zen Hei, text wrapped by
LibreOffice's layout engine, rows allowed to break across pages. Each form is two Word
tables, as producers make them to get a repeated header: the project facts, budget block
and goals; then the indicator grid, whose header row is marked w:tblHeader so it repeats
on every page the grid continues on. Every form starts on a new page.

Run from the repo root: ``python samples/synthetic_render_docx.py`` (needs ``soffice``).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from datetime import datetime
from pathlib import Path
from typing import Any

import docx_fonts
import pdfplumber
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from synthetic_forms import N_COLS, SAMPLES_DIR, FormModel, FRow, dept_form, load_data, project_form

FONT = "AR PL UMing CN"
BODY_PT = 10.0
TITLE_PT = 16.0
YEAR_PT = 10.0
#: Column widths in mm (portrait A4, 174 mm text width), the reportlab grid scaled.
WIDTHS_MM = (15.0, 17.0, 19.0, 28.0, 19.0, 19.0, 11.0, 16.0, 30.0)
FIXED_TIME = datetime(2024, 3, 1)


def set_run_font(run: Any, size: float, bold: bool = False) -> None:
    docx_fonts.set_run_font(run, FONT, size, bold)


def setup_document(title: str) -> Any:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin = section.bottom_margin = Mm(16)
    docx_fonts.style_normal(doc, FONT, BODY_PT)
    docx_fonts.fix_properties(doc, title, FIXED_TIME)
    return doc


def add_paragraph(doc: Any, text: str, size: float, bold: bool, page_break: bool) -> None:
    para = doc.add_paragraph()
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.space_after = Pt(4)
    if page_break:
        para.add_run().add_break(WD_BREAK.PAGE)
    if text:
        set_run_font(para.add_run(text), size, bold)


def new_table(doc: Any, n_rows: int) -> Any:
    table = doc.add_table(rows=n_rows, cols=N_COLS)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, width in enumerate(WIDTHS_MM):
        table.columns[i].width = Mm(width)
        for cell in table.columns[i].cells:
            cell.width = Mm(width)
    return table


def mark_repeating_header(table: Any) -> None:
    """w:tblHeader: the first row repeats at the top of every page the table continues on."""
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(flag)


def fill(table: Any, rows: list[FRow]) -> None:
    """Merge each printed cell over its spans and write its text once."""
    for r, row in enumerate(rows):
        for spec in row.cells:
            cell = table.cell(r, spec.col)
            if spec.rowspan > 1 or spec.colspan > 1:
                cell = cell.merge(table.cell(r + spec.rowspan - 1, spec.col + spec.colspan - 1))
            para = cell.paragraphs[0]
            if spec.kind in ("label", "header"):
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if spec.text:
                set_run_font(para.add_run(spec.text), BODY_PT, bold=spec.kind == "label")


def add_form(doc: Any, form: FormModel, first: bool) -> None:
    add_paragraph(doc, form.title, TITLE_PT, bold=True, page_break=not first)
    add_paragraph(doc, form.year_line, YEAR_PT, bold=False, page_break=False)
    split = next(i for i, row in enumerate(form.rows) if row.section == "ind_header")
    facts, grid = form.rows[:split], form.rows[split:]
    fill(new_table(doc, len(facts)), facts)
    gap = doc.add_paragraph()
    gap.paragraph_format.space_after = Pt(0)
    set_run_font(gap.add_run(""), 2.0)
    table = new_table(doc, len(grid))
    fill(table, grid)
    mark_repeating_header(table)


def convert_to_pdf(docx_path: Path, workdir: Path) -> Path:
    """Convert with a private LibreOffice profile so other instances do not clash."""
    profile = (workdir / "lo-profile").as_uri()
    cmd = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
           "--outdir", str(workdir), str(docx_path)]  # fmt: skip
    subprocess.run(cmd, check=True, capture_output=True, timeout=300)
    return workdir / (docx_path.stem + ".pdf")


def render(forms: list[FormModel], name: str, title: str) -> Path:
    out = SAMPLES_DIR / name
    doc = setup_document(title)
    for index, form in enumerate(forms):
        add_form(doc, form, first=index == 0)
    with tempfile.TemporaryDirectory(prefix="jixiao_synthetic_") as tmp:
        work = Path(tmp)
        docx_path = work / (out.stem + ".docx")
        doc.save(str(docx_path))
        shutil.move(str(convert_to_pdf(docx_path, work)), out)
    return out


def describe(path: Path) -> None:
    """Print the first and last line of each page: where LibreOffice broke the pages."""
    with pdfplumber.open(path) as pdf:
        print(f"wrote samples/{path.name} ({len(pdf.pages)} pages)")
        for n, page in enumerate(pdf.pages, start=1):
            lines = (page.extract_text() or "").splitlines() or [""]
            print(f"  page {n}: first {lines[0][:40]!r}\n          last  {lines[-1][:40]!r}")


def main() -> None:
    data = load_data()
    projects = [project_form(data, p) for p in data["project_self_eval"]["projects"]]
    title = "项目支出绩效自评表（合成样例）"
    describe(render(projects, "synthetic_project_self_eval_docx.pdf", title))
    describe(render([dept_form(data)], "synthetic_dept_self_eval_docx.pdf",
                    "部门整体支出绩效自评表（合成样例）"))  # fmt: skip


if __name__ == "__main__":
    main()
