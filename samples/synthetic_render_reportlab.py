"""Render the synthetic 自评表 samples with reportlab (WenQuanYi Zen Hei, embedded subset).

Writes, from ``synthetic_self_eval.data.json`` (see ``synthetic_forms.py`` for the grid):

* ``synthetic_project_self_eval_reportlab.pdf`` — three 项目支出绩效自评表, ruled, one form
  per page run; the second project's indicator table breaks across pages with the header
  row repeated on the new page and its 一级指标/二级指标 merged cells re-printed there;
* ``synthetic_dept_self_eval_reportlab.pdf`` — the 部门整体支出绩效自评表, ruled;
* ``synthetic_project_self_eval_borderless.pdf`` — the same three projects without any
  rules (as a spreadsheet printed without gridlines): merged-cell text printed once at the
  top of its range, rows separated by white space only. This is the sample that needs
  camelot's stream parser.

The canvas is drawn by hand (rows, spans and page breaks under our control) and
``invariant=1`` makes re-runs byte-identical. Run from the repo root:
``python samples/synthetic_render_reportlab.py``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from synthetic_forms import SAMPLES_DIR, FCell, FormModel, dept_form, load_data, project_form

FONT = "WenQuanYiZenHei"
FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
FALLBACK_FONT = "DejaVuSans"
FALLBACK_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

PAGE_W, PAGE_H = A4
MARGIN_X = 36.0
MARGIN_TOP = 40.0
MARGIN_BOTTOM = 40.0
WIDTHS = (44.0, 50.0, 58.0, 84.0, 56.0, 56.0, 32.0, 42.0, 101.0)  # sums to 523
SIZE = 9.0
LEADING = SIZE * 1.3
TITLE_SIZE = 16.0
YEAR_SIZE = 10.0
RULE_W = 0.5
NO_LINE_START = tuple("，。、；：）》”%％,.;:)")


@dataclass(frozen=True)
class Style:
    """How a sample is drawn: ruled or not, padding, what a continued merged cell shows."""

    ruled: bool
    pad: float  # left/right
    pad_y: float  # above/below the text: rows of a borderless table need white space
    reprint_values: bool  # 一级/二级指标 text again at the top of a new page
    repeat_header: bool = True


RULED = Style(ruled=True, pad=3.0, pad_y=3.0, reprint_values=True)
BORDERLESS = Style(ruled=False, pad=3.0, pad_y=5.0, reprint_values=False)
#: Where the second project's indicator table is broken (before this 三级指标): inside the
#: 效益指标 / 社会效益指标 merged cells, so that both continue on the new page.
BREAK_BEFORE = {"适老化改造示范作用"}


# --------------------------------------------------------------------------- text


def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(FONT, FONT_FILE, subfontIndex=0))
    pdfmetrics.registerFont(TTFont(FALLBACK_FONT, FALLBACK_FILE))


def font_runs(text: str) -> Iterator[tuple[str, str]]:
    """(font, chunk) runs, so glyphs missing from WenQuanYi come from DejaVu Sans."""
    face = pdfmetrics.getFont(FONT).face
    chunk, current = "", FONT
    for ch in text:
        font = FONT if ord(ch) in face.charToGlyph else FALLBACK_FONT
        if font != current and chunk:
            yield current, chunk
            chunk = ""
        current = font
        chunk += ch
    if chunk:
        yield current, chunk


def text_width(text: str, size: float = SIZE) -> float:
    return sum(pdfmetrics.stringWidth(chunk, font, size) for font, chunk in font_runs(text))


def wrap(text: str, width: float, size: float = SIZE) -> list[str]:
    """Break text into lines that fit ``width``, never inside a run of Latin letters or
    digits (so re-joined text has no stray spaces) and never before closing punctuation."""
    tokens = re.findall(r"[A-Za-z0-9.,%]+|.", text)
    lines: list[list[str]] = [[]]
    for token in tokens:
        line = lines[-1]
        if line and text_width("".join(line) + token, size) > width:
            carried: list[str] = []
            if token.startswith(NO_LINE_START) and len(line) > 1:
                carried = [line.pop()]  # closing punctuation takes the last token along
            lines.append(carried)
        lines[-1].append(token)
    return ["".join(line) for line in lines if line] or [""]


# --------------------------------------------------------------------------- layout


def col_x(col: int) -> float:
    return MARGIN_X + sum(WIDTHS[:col])


def span_width(cell: FCell) -> float:
    return sum(WIDTHS[cell.col : cell.col + cell.colspan])


def cell_lines(cell: FCell, style: Style) -> list[str]:
    return wrap(cell.text, span_width(cell) - 2 * style.pad) if cell.text else []


def row_heights(form: FormModel, style: Style) -> list[float]:
    """Single-row cells first, then merged cells add height to their last row if needed."""
    heights = [LEADING + 2 * style.pad_y for _ in form.rows]
    for multi in (False, True):
        for i, row in enumerate(form.rows):
            for cell in row.cells:
                if (cell.rowspan > 1) != multi:
                    continue
                need = len(cell_lines(cell, style)) * LEADING + 2 * style.pad_y
                have = sum(heights[i : i + cell.rowspan])
                if have < need:
                    heights[i + cell.rowspan - 1] += need - have
    return heights


@dataclass
class Placed:
    """A row on a page: index into the form's rows; ``repeat`` for a repeated header."""

    index: int
    top: float
    height: float
    repeat: bool = False


def paginate(form: FormModel, heights: list[float], style: Style) -> list[list[Placed]]:
    """Rows to pages; a break inside the indicator rows repeats the header row."""
    header = next(i for i, row in enumerate(form.rows) if row.section == "ind_header")
    first_top = PAGE_H - MARGIN_TOP - TITLE_SIZE * 1.4 - YEAR_SIZE * 2.2
    pages: list[list[Placed]] = [[]]
    y = first_top
    for i, row in enumerate(form.rows):
        need = heights[i]
        if row.section == "ind_header":
            need += heights[i + 1]  # keep the header with the first indicator
        forced = any(c.col == 3 and c.text in BREAK_BEFORE for c in row.cells)
        if (y - need < MARGIN_BOTTOM or forced) and pages[-1]:
            pages.append([])
            y = PAGE_H - MARGIN_TOP
            if style.repeat_header and row.section in ("indicator", "total"):
                pages[-1].append(Placed(header, y, heights[header], repeat=True))
                y -= heights[header]
        pages[-1].append(Placed(i, y, heights[i]))
        y -= heights[i]
    return pages


# --------------------------------------------------------------------------- drawing


def draw_text(c: Canvas, x: float, y: float, text: str, size: float, bold: bool) -> None:
    c.saveState()
    t = c.beginText(x, y)
    if bold:
        t.setTextRenderMode(2)  # fill + stroke: WenQuanYi has no bold face
    for font, chunk in font_runs(text):
        t.setFont(font, size)
        t.textOut(chunk)
    c.drawText(t)
    c.restoreState()


def draw_box(c: Canvas, cell: FCell, top: float, bottom: float, text: bool, style: Style) -> None:
    """One cell (or the part of a merged cell on this page): text top-down, then borders."""
    x, w = col_x(cell.col), span_width(cell)
    lines = cell_lines(cell, style) if text else []
    centred = cell.kind in ("label", "header")
    if centred and style.ruled:
        y = top - (top - bottom - len(lines) * LEADING) / 2 - SIZE * 0.95
    else:
        y = top - style.pad_y - SIZE * 0.95
    for line in lines:
        lx = x + (w - text_width(line)) / 2 if centred and style.ruled else x + style.pad
        draw_text(c, lx, y, line, SIZE, bold=cell.kind == "label")
        y -= LEADING
    if style.ruled:
        c.setLineWidth(RULE_W)
        c.rect(x, bottom, w, top - bottom, stroke=1, fill=0)


def draw_page(c: Canvas, form: FormModel, page: list[Placed], style: Style) -> None:
    """Cells starting on this page, continued merged cells, and the repeated header row."""
    on_page = {p.index: p for p in page if not p.repeat}
    for placed in page:
        row = form.rows[placed.index]
        if placed.repeat:
            for cell in row.cells:
                if cell.rowspan == 1:
                    draw_box(c, cell, placed.top, placed.top - placed.height, True, style)
            continue
        for cell in row.cells:
            covered = [on_page[i] for i in range(placed.index, placed.index + cell.rowspan)
                       if i in on_page]  # fmt: skip
            bottom = covered[-1].top - covered[-1].height
            draw_box(c, cell, placed.top, bottom, True, style)
    # Merged cells that began on an earlier page continue at the top of this one.
    first = next(p for p in page if not p.repeat)
    for i, row in enumerate(form.rows[: first.index]):
        for cell in row.cells:
            if i + cell.rowspan <= first.index:
                continue
            covered = [on_page[j] for j in range(first.index, i + cell.rowspan) if j in on_page]
            top = covered[0].top
            if page[0].repeat and cell.col == 0:
                top = page[0].top  # the label column runs alongside the repeated header
            bottom = covered[-1].top - covered[-1].height
            text = cell.kind == "label" or style.reprint_values
            draw_box(c, cell, top, bottom, text, style)


def draw_title(c: Canvas, form: FormModel) -> None:
    y = PAGE_H - MARGIN_TOP - TITLE_SIZE
    draw_text(c, (PAGE_W - text_width(form.title, TITLE_SIZE)) / 2, y, form.title, TITLE_SIZE, True)
    y -= YEAR_SIZE * 2.0
    draw_text(c, (PAGE_W - text_width(form.year_line, YEAR_SIZE)) / 2, y, form.year_line,
              YEAR_SIZE, False)  # fmt: skip


def render(forms: list[FormModel], style: Style, out: Path, title: str) -> int:
    """Write one PDF; every form starts on a new page. Returns the page count."""
    c = Canvas(str(out), pagesize=A4, invariant=1, initialFontName=FONT, initialFontSize=SIZE)
    c.setTitle(title)
    c.setAuthor("jixiao samples")
    c.setSubject("Synthetic sample rendered from samples/synthetic_self_eval.data.json")
    c.setCreator("samples/synthetic_render_reportlab.py")
    count = 0
    for form in forms:
        heights = row_heights(form, style)
        for n, page in enumerate(paginate(form, heights, style)):
            if n == 0:
                draw_title(c, form)
            draw_page(c, form, page, style)
            c.showPage()
            count += 1
    c.save()
    return count


def main() -> None:
    register_fonts()
    data = load_data()
    projects = [project_form(data, p) for p in data["project_self_eval"]["projects"]]
    jobs = [
        (projects, RULED, "synthetic_project_self_eval_reportlab.pdf",
         "项目支出绩效自评表（合成样例）"),
        ([dept_form(data)], RULED, "synthetic_dept_self_eval_reportlab.pdf",
         "部门整体支出绩效自评表（合成样例）"),
        (projects, BORDERLESS, "synthetic_project_self_eval_borderless.pdf",
         "项目支出绩效自评表（合成样例，无框线）"),
    ]  # fmt: skip
    for forms, style, name, title in jobs:
        pages = render(forms, style, SAMPLES_DIR / name, title)
        print(f"wrote samples/{name} ({pages} pages)")


if __name__ == "__main__":
    main()
