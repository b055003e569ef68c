"""Draw a :class:`random_doc.GDoc` through an office suite: Word tables or a spreadsheet,
converted to PDF by LibreOffice, which then decides the wrapping and the page breaks.

These are the tool chains a new user reaches for. The seed chooses what the user would:
font (Noto CJK, WenQuanYi, AR PL), size, paper and orientation, margins, column widths,
cell margins, border widths, repeated header rows, running header and page numbers, rows
allowed to break across pages or not, and where the tables start.
"""

from __future__ import annotations

import math
import random
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from random_doc import GDoc, GTable

FONTS = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "AR PL UMing CN",
    "AR PL UKai CN",
)
PAPERS_MM = {"A4": (210, 297), "A3": (297, 420), "Letter": (215.9, 279.4)}
PT_PER_MM = 72 / 25.4
RUNNING_HEADERS = (None, "广州市科学技术协会部门决算公开", "2021年度部门整体支出绩效评价")


def convert(source: Path, out: Path) -> None:
    """soffice → PDF with a private profile, so parallel conversions do not clash."""
    with tempfile.TemporaryDirectory(prefix="jixiao-lo-") as tmp:
        profile = (Path(tmp) / "profile").as_uri()
        cmd = [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            tmp,
            str(source),
        ]
        subprocess.run(cmd, check=True, capture_output=True, timeout=300)
        (Path(tmp) / (source.stem + ".pdf")).replace(out)


def _paper(rng: random.Random) -> tuple[str, bool, float, float]:
    paper = rng.choice(list(PAPERS_MM))
    land = rng.random() < 0.5
    w, h = PAPERS_MM[paper]
    return paper, land, *((h, w) if land else (w, h))


def _widths(table: GTable, total: float, rng: random.Random) -> list[float]:
    shares = [s * rng.uniform(0.75, 1.35) for s in table.shares]
    return [total * s / sum(shares) for s in shares]


# --------------------------------------------------------------------------- Word


def produce_docx(doc: GDoc, rng: random.Random, out: Path) -> dict[str, Any]:
    import docx_fonts
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    font = rng.choice(FONTS)
    size = rng.choice([8.0, 8.5, 9.0, 9.5, 10.0, 10.5, 11.0, 12.0])
    paper, land, page_w, page_h = _paper(rng)
    margin = rng.uniform(12, 28)
    choices: dict[str, Any] = {
        "font": font,
        "size": size,
        "paper": paper,
        "landscape": land,
        "margin_mm": round(margin, 1),
        "cell_margin_twips": rng.choice([30, 60, 100, 150]),
        "border_eighths": rng.choice([2, 4, 8, 12]),
        "repeat_header": rng.random() < 0.6,
        "cant_split": rng.random() < 0.25,
        "running_header": rng.choice(RUNNING_HEADERS),
        "page_number": rng.choice([None, "footer", "header"]),
        "blank_lines_before": rng.randint(0, 6),
        "table2_new_page": rng.random() < 0.3,
    }
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if land else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(page_w), Mm(page_h)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(margin))
    docx_fonts.style_normal(document, font, size)
    if choices["running_header"]:
        section.header.paragraphs[0].text = choices["running_header"]
    if choices["page_number"]:
        part = section.footer if choices["page_number"] == "footer" else section.header
        para = part.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        para.add_run("第 ")
        _page_field(para.add_run())
        para.add_run(" 页")
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(doc.title)
    run.font.size = Pt(size + rng.choice([4, 6, 8]))
    run.font.bold = rng.random() < 0.5
    if doc.department_line:
        document.add_paragraph(doc.department_line)
    for _ in range(choices["blank_lines_before"]):
        document.add_paragraph("")
    text_w = page_w - 2 * margin
    for index, table in enumerate(doc.tables):
        if index:
            para = document.add_paragraph("")
            para.paragraph_format.page_break_before = choices["table2_new_page"]
        room = (page_h - 2 * margin) * PT_PER_MM
        _docx_table(document, table, _widths(table, text_w, rng), choices, room)
    with tempfile.TemporaryDirectory(prefix="jixiao-docx-") as tmp:
        source = Path(tmp) / f"{out.stem}.docx"
        document.save(str(source))
        convert(source, out)
    return choices


def _page_field(run: Any) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)


def _docx_table(
    document: Any, table: GTable, widths: list[float], choices: dict, room: float
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm

    t = document.add_table(rows=table.n_rows, cols=len(widths))
    t.style = "Table Grid"
    t.autofit = False
    for i, w in enumerate(widths):
        t.columns[i].width = Mm(w)
        for cell in t.columns[i].cells:
            cell.width = Mm(w)
    pr = t._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(choices["border_eighths"]))
        el.set(qn("w:color"), "000000")
        borders.append(el)
    pr.append(borders)
    mar = OxmlElement("w:tblCellMar")
    for side in ("top", "left", "bottom", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(choices["cell_margin_twips"]))
        el.set(qn("w:type"), "dxa")
        mar.append(el)
    pr.append(mar)
    for c in table.cells:
        cell = t.cell(c.row, c.col)
        if c.rowspan > 1 or c.colspan > 1:
            cell = cell.merge(t.cell(c.row + c.rowspan - 1, c.col + c.colspan - 1))
        para = cell.paragraphs[0]
        if c.header:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        para.add_run(c.text)
    for r, row in enumerate(t.rows):
        tr_pr = row._tr.get_or_add_trPr()
        if r < table.repeat_rows and choices["repeat_header"]:
            flag = OxmlElement("w:tblHeader")
            flag.set(qn("w:val"), "true")
            tr_pr.append(flag)
        if choices["cant_split"] and _row_height(table, r, widths, choices) < 0.7 * room:
            flag = OxmlElement("w:cantSplit")
            flag.set(qn("w:val"), "true")
            tr_pr.append(flag)


def _row_height(table: GTable, row: int, widths: list[float], choices: dict) -> float:
    """A generous estimate (points) of the height the row's own cells need.

    Why: LibreOffice Writer does not split a row marked cantSplit even when it is taller
    than the page; it cuts the row at the page foot and the rest of its text, and the rows
    after it in a merged cell, are never printed (docx seed 25 lost the 1183.09 row). Word
    splits such a row anyway, so a producer never prints a document like that on purpose:
    rows that may not fit a page are left splittable.
    """
    size = float(choices["size"])
    pad = choices["cell_margin_twips"] / 20
    tallest = 0.0
    for c in table.cells:
        if c.row != row or c.rowspan > 1:
            continue  # a merged cell's text runs on through the rows it spans
        width = sum(widths[c.col : c.col + c.colspan]) * PT_PER_MM - 2 * pad
        per_line = max(1, int(width / size))  # CJK glyphs are one em wide
        lines = -(-len(c.text) // per_line)
        tallest = max(tallest, lines * 1.4 * size + 2 * pad)
    return tallest


# --------------------------------------------------------------------------- spreadsheet


#: Width of one spreadsheet column unit (the default font's digit) in points, as LibreOffice
#: prints it; heights are set in points directly.
UNIT_PT = 5.25
#: openpyxl's default print margins (1 in top and bottom) plus header and footer room.
XLSX_MARGIN_PT = 72.0 + 30.0


def produce_xlsx(doc: GDoc, rng: random.Random, out: Path) -> dict[str, Any]:
    """A spreadsheet printed by Calc. Calc never breaks inside a row, and a merged cell cut
    by a page break is drawn clipped on both pages (text on neither page whole), which no
    reader can undo; so, as a careful user would, the sheet gets manual page breaks between
    groups of rows that merged cells tie together, at random points of each page."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.worksheet.pagebreak import Break

    font = rng.choice(FONTS)
    size = rng.choice([8.0, 9.0, 10.0, 11.0, 12.0])
    paper, land, page_w, page_h = _paper(rng)
    choices: dict[str, Any] = {
        "font": font,
        "size": size,
        "paper": paper,
        "landscape": land,
        "border": rng.choice(["thin", "medium", "hair"]),
        "repeat_header": rng.random() < 0.6,
        "running_header": rng.choice(RUNNING_HEADERS),
        "page_number": rng.choice([None, "footer", "header"]),
        "width_scale": round(rng.uniform(0.85, 0.98), 2),
        "fill": rng.choice([0.5, 0.8, 1.0]),
    }
    shares = _widths(doc.tables[0], 1.0, rng)
    # Calc cannot break a row, nor (whole) a merged cell's text: a user would shrink the
    # type or take bigger paper until the tallest of them fits a page.
    while True:
        usable_w = page_w / 25.4 * 72 - 2 * 0.7 * 72
        usable_h = page_h / 25.4 * 72 - 2 * XLSX_MARGIN_PT
        widths = [usable_w * choices["width_scale"] / UNIT_PT * w for w in shares]
        if _tallest_group(doc, widths, size) <= 0.9 * usable_h:
            break
        if size > 8:
            size -= 1
        elif (paper, land) != ("A3", True):
            paper, land = "A3", True
            page_w, page_h = PAPERS_MM["A3"][1], PAPERS_MM["A3"][0]
        else:
            break
    choices.update(size=size, paper=paper, landscape=land)
    wb = Workbook()
    ws = wb.active
    side = Side(style=choices["border"], color="000000")
    border = Border(left=side, right=side, top=side, bottom=side)
    body = Font(name=font, size=size)
    n_cols = max(len(t.shares) for t in doc.tables)
    for j, w in enumerate(widths[:n_cols]):
        ws.column_dimensions[chr(ord("A") + j)].width = w
    row = 1
    ws.cell(row, 1, doc.title).font = Font(name=font, size=size + 4)
    ws.cell(row, 1).alignment = Alignment(horizontal="center")
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=n_cols)
    ws.row_dimensions[row].height = (size + 4) * 1.6
    used = (size + 4) * 1.6
    row += 1
    if doc.department_line:
        ws.cell(row, 1, doc.department_line).font = body
        ws.row_dimensions[row].height = size * 1.6
        used += size * 1.6
        row += 1
    repeat_rows: tuple[int, int] | None = None
    limit, on_page = usable_h * choices["fill"], 0
    for index, table in enumerate(doc.tables):
        if index:
            ws.row_dimensions[row].height = size * 1.6
            used += size * 1.6
            row += 1
        first = row
        heights, text_h = _heights(table, widths, size)
        for c in table.cells:
            cell = ws.cell(first + c.row, c.col + 1, c.text)
            cell.font = body
            cell.alignment = Alignment(
                wrap_text=True, vertical="center" if c.header and c.rowspan == 1 else "top",
                horizontal="center" if c.header else "left",
            )  # fmt: skip
        for c in table.cells:
            for r in range(c.row, c.row + c.rowspan):
                for k in range(c.col, c.col + c.colspan):
                    ws.cell(first + r, k + 1).border = border
            if c.rowspan > 1 or c.colspan > 1:
                ws.merge_cells(
                    start_row=first + c.row,
                    start_column=c.col + 1,
                    end_row=first + c.row + c.rowspan - 1,
                    end_column=c.col + c.colspan,
                )
        for r, h in enumerate(heights):
            ws.row_dimensions[first + r].height = h
        repeat_h = 0.0
        if table.repeat_rows and choices["repeat_header"]:
            repeat_rows = (first, first + table.repeat_rows - 1)
            repeat_h = sum(heights[: table.repeat_rows])
        for start, stop in _row_groups(table, heights, text_h):
            group = sum(heights[start:stop])
            if used + group > limit and on_page:
                ws.row_breaks.append(Break(id=first + start - 1))
                used, on_page = repeat_h, 0
                limit = usable_h * rng.choice([0.6, 0.8, 1.0])
            used += group
            on_page += 1
        row = first + table.n_rows
    ws.page_setup.orientation = "landscape" if land else "portrait"
    ws.page_setup.paperSize = {"A4": 9, "A3": 8, "Letter": 1}[paper]
    # Fit to the page width (only ever shrinks, so the page breaks above stay valid).
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    if repeat_rows:
        ws.print_title_rows = f"{repeat_rows[0]}:{repeat_rows[1]}"
    if choices["running_header"]:
        ws.oddHeader.left.text = choices["running_header"]
    if choices["page_number"] == "footer":
        ws.oddFooter.right.text = "第 &P 页"
    elif choices["page_number"] == "header":
        ws.oddHeader.right.text = "&P/&N"
    with tempfile.TemporaryDirectory(prefix="jixiao-xlsx-") as tmp:
        source = Path(tmp) / f"{out.stem}.xlsx"
        wb.save(str(source))
        convert(source, out)
    return choices


def _heights(table: GTable, widths: list[float], size: float) -> tuple[list[float], list[float]]:
    """Row heights that fit every cell's text, and each cell's text height (points)."""
    heights = [size * 1.3 + 6] * table.n_rows
    text_h: list[float] = []
    for c in table.cells:
        span = sum(widths[c.col : c.col + c.colspan]) * UNIT_PT
        need = _lines_needed(c.text, span, size) * size * 1.3 + 6
        text_h.append(need)
        have = sum(heights[c.row : c.row + c.rowspan])
        if have < need:
            heights[c.row + c.rowspan - 1] += need - have
    return heights, text_h


def _tallest_group(doc: GDoc, widths: list[float], size: float) -> float:
    tallest = 0.0
    for table in doc.tables:
        heights, text_h = _heights(table, widths, size)
        for start, stop in _row_groups(table, heights, text_h):
            tallest = max(tallest, sum(heights[start:stop]))
    return tallest


def _row_groups(table: GTable, heights: list[float], text_h: list[float]) -> list[tuple[int, int]]:
    """Row ranges [start, stop) a page break must not cut: the rows over which a merged
    cell's (top-aligned) text runs; the first range also keeps the header rows with a body
    row. Below its text a merged cell may be cut: nothing is printed there."""
    tie = [r + 1 for r in range(table.n_rows)]  # tie[r]: first row a break may precede
    for c, need in zip(table.cells, text_h, strict=True):
        covered, r = 0.0, c.row
        while r < c.row + c.rowspan and covered < need:
            covered += heights[r]
            r += 1
        for k in range(c.row, r):
            tie[k] = max(tie[k], r)
    tie[0] = max(tie[0], table.repeat_rows + 1)
    groups: list[tuple[int, int]] = []
    start = 0
    while start < table.n_rows:
        stop = tie[start]
        r = start
        while r < stop:
            stop = max(stop, tie[r])
            r += 1
        groups.append((start, min(stop, table.n_rows)))
        start = stop
    return groups


def _lines_needed(text: str, width_pt: float, size: float) -> int:
    """Generous estimate of the wrapped lines, so no text is clipped by its rows."""
    units = sum(size if ord(ch) > 0x2000 else 0.62 * size for ch in text)
    return max(1, math.ceil(units / max(width_pt - 8, size) * 1.2))
