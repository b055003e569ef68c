"""Draw a :class:`random_doc.GDoc` with reportlab, cutting pages wherever the seed says.

Every table is first laid out as one tall strip: columns at the chosen widths, cell text
re-wrapped to them, row heights rounded to whole line pitches so that every text line of
every cell sits on one vertical grid. A page break may then fall at any line boundary —
between rows, inside a row (its cells continue on the next page) or inside a merged cell,
several pages deep — without ever cutting a line of text, which is what real producers
do. Each page shows a window of the strip, with optional running header, page number and
repeated header rows.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from random_doc import GCell, GDoc, GTable
from reportlab.lib.pagesizes import A3, A4, LETTER, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from jixiao.extract.text import is_cjk

#: (name, file, subfont index): the TrueType CJK faces Debian ships (Noto CJK is CFF,
#: which reportlab cannot embed; the office producers use it).
FONTS = (
    ("WQYZenHei", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("WQYMicroHei", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("ARPLUMing", "/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("ARPLUKai", "/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
)
FALLBACK = ("DejaVuSans", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 0)
PAGES = {"A4": A4, "A3": A3, "Letter": LETTER}
BORDERS = ("lines", "filled_rects", "cell_rects")
RUNNING_HEADERS = (None, "广州市科学技术协会部门决算公开", "2021年度部门整体支出绩效评价")
PAGE_NUMBERS = (None, "第 {n} 页", "- {n} -", "{n}/{total}", "第{n}页 共{total}页")


@dataclass
class Style:
    """Everything a seed chooses about the drawing."""

    font: str
    size: float
    page: str
    landscape: bool
    margin: float
    leading: float  # line pitch in points
    pad: float
    line_width: float
    border: str
    repeat_header: bool
    running_header: str | None
    page_number: str | None
    number_at_top: bool
    widths: list[list[float]]  # per table, column widths in points
    split_rows: float  # probability of preferring a cut inside a row
    fill: float  # probability of filling a page to the last possible cut
    table_gap: float
    new_page_per_table: bool
    title_size: float

    @property
    def page_size(self) -> tuple[float, float]:
        size = PAGES[self.page]
        return landscape(size) if self.landscape else size


def register_fonts() -> None:
    for name, path, index in (*FONTS, FALLBACK):
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, path, subfontIndex=index))


def choose_style(rng: random.Random, doc: GDoc) -> Style:
    page = rng.choice(list(PAGES))
    land = rng.random() < 0.5
    size = rng.choice([8.0, 8.5, 9.0, 9.5, 10.0, 10.5, 11.0, 11.5, 12.0])
    width = (landscape(PAGES[page]) if land else PAGES[page])[0]
    margin = rng.uniform(24, 56)
    table_w = width - 2 * margin
    widths = []
    for table in doc.tables:
        shares = [s * rng.uniform(0.75, 1.35) for s in table.shares]
        widths.append([table_w * s / sum(shares) for s in shares])
    return Style(
        font=rng.choice(FONTS)[0],
        size=size,
        page=page,
        landscape=land,
        margin=margin,
        leading=round(size * rng.uniform(1.15, 1.5), 2),
        pad=round(rng.uniform(1.5, 5.0), 2),
        line_width=round(rng.uniform(0.25, 1.2), 2),
        border=rng.choice(BORDERS),
        repeat_header=rng.random() < 0.5,
        running_header=rng.choice(RUNNING_HEADERS),
        page_number=rng.choice(PAGE_NUMBERS),
        number_at_top=rng.random() < 0.3,
        widths=widths,
        split_rows=rng.choice([0.0, 0.5, 0.9]),
        fill=rng.choice([0.3, 0.7, 1.0]),
        table_gap=rng.uniform(6, 24),
        new_page_per_table=rng.random() < 0.3,
        title_size=rng.uniform(14, 18),
    )


# --------------------------------------------------------------------------- text


def font_runs(text: str, font: str) -> Iterator[tuple[str, str]]:
    """(font, chunk) runs: glyphs the CJK face lacks (•) come from DejaVu."""
    face = pdfmetrics.getFont(font).face
    chunk, current = "", font
    for ch in text:
        use = font if ord(ch) in face.charToGlyph else FALLBACK[0]
        if use != current and chunk:
            yield current, chunk
            chunk = ""
        current = use
        chunk += ch
    if chunk:
        yield current, chunk


def text_width(text: str, font: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(c, f, size) for f, c in font_runs(text, font))


def _tokens(text: str) -> list[str]:
    """Unbreakable pieces: one CJK character, or a run of non-CJK characters.

    A space between two Latin words is its own token (a line may break there and the
    reader re-inserts it); any other space stays inside its run.
    """
    out: list[str] = []
    run = ""
    for i, ch in enumerate(text):
        between_words = (
            ch == " " and 0 < i < len(text) - 1 and text[i - 1].isalpha() and text[i + 1].isalpha()
        )
        if is_cjk(ch) or between_words:
            if run:
                out.append(run)
            out.append(ch)
            run = ""
        else:
            run += ch
    if run:
        out.append(run)
    return out


def wrap(text: str, width: float, font: str, size: float) -> list[str]:
    """Greedy wrap at token boundaries; a token wider than the cell gets a line of its own."""
    lines: list[str] = []
    line = ""
    for token in _tokens(text):
        candidate = line + token
        if line and text_width(candidate.rstrip(), font, size) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line = candidate
    if line.strip():
        lines.append(line.rstrip())
    return lines


# --------------------------------------------------------------------------- strip layout


@dataclass
class Placed:
    """A cell laid out on its table's strip: x, width, top/bottom and its lines' tops."""

    cell: GCell
    x: float
    width: float
    top: float
    bottom: float
    lines: list[str]
    line_tops: list[float]


@dataclass
class Strip:
    table: GTable
    xs: list[float]
    row_tops: list[float]  # n_rows + 1 entries
    placed: list[Placed] = field(default_factory=list)

    @property
    def height(self) -> float:
        return self.row_tops[-1]


def lay_out(table: GTable, widths: list[float], x0: float, style: Style) -> Strip:
    """Wrap every cell and size the rows in whole line pitches (see the module docstring)."""
    pitch, pad = style.leading, style.pad
    xs = [x0]
    for w in widths:
        xs.append(xs[-1] + w)
    wrapped: dict[int, list[str]] = {}
    for i, c in enumerate(table.cells):
        inner = xs[c.col + c.colspan] - xs[c.col] - 2 * pad - 1.0
        wrapped[i] = wrap(c.text, inner, style.font, style.size)

    def need(i: int) -> float:
        return math.ceil((max(len(wrapped[i]), 1) * pitch + 2 * pad) / pitch) * pitch

    heights = [pitch * math.ceil((pitch + 2 * pad) / pitch)] * table.n_rows
    for multi in (False, True):
        for i, c in enumerate(table.cells):
            if (c.rowspan > 1) != multi:
                continue
            span = range(c.row, c.row + c.rowspan)
            have = sum(heights[r] for r in span)
            if have < need(i):
                heights[c.row + c.rowspan - 1] += need(i) - have
    tops = [0.0]
    for h in heights:
        tops.append(tops[-1] + h)
    strip = Strip(table, xs, tops)
    for i, c in enumerate(table.cells):
        top, bottom = tops[c.row], tops[c.row + c.rowspan]
        lines = wrapped[i]
        offset = pad
        if c.header:
            free = bottom - top - 2 * pad - len(lines) * pitch
            offset = pad + math.floor(free / 2 / pitch) * pitch
        line_tops = [top + offset + k * pitch for k in range(len(lines))]
        strip.placed.append(
            Placed(c, xs[c.col], xs[c.col + c.colspan] - xs[c.col], top, bottom, lines, line_tops)
        )
    return strip


def cut_candidates(strip: Strip, start: float, end: float, style: Style) -> list[float]:
    """Strip positions in (start, end] where a page may end without cutting a text line."""
    pitch, pad, eps = style.leading, style.pad, 1e-6
    found: set[float] = set()
    for y in strip.row_tops[1:]:
        if start + eps < y <= end + eps and _clear(strip, y, pitch):
            found.add(round(y, 4))
    k = math.floor((start - pad) / pitch) + 1
    while pad + k * pitch <= end + eps:
        y = pad + k * pitch
        if y > start + eps and _splits_text(strip, y):
            found.add(round(y, 4))
        k += 1
    return sorted(found)


def _clear(strip: Strip, y: float, pitch: float) -> bool:
    """No text line of any cell straddles ``y``."""
    eps = 1e-6
    return all(not (t + eps < y < t + pitch - eps) for p in strip.placed for t in p.line_tops)


def _splits_text(strip: Strip, y: float) -> bool:
    """A cut at ``y`` inside a row is one a producer makes: some cell of that row has
    text above and below it (else the producer would have moved the whole row)."""
    eps = 1e-6
    for p in strip.placed:
        if p.top < y < p.bottom and p.line_tops and p.line_tops[0] < y - eps < p.line_tops[-1]:
            return True
    return False


# --------------------------------------------------------------------------- pages


@dataclass
class Piece:
    """A window [start, end) of a strip drawn on one page at ``y`` (points from the top)."""

    strip: Strip
    start: float
    end: float
    y: float
    shift: float
    repeat: Strip | None = None  # header rows drawn above the window


@dataclass
class PageDraw:
    pieces: list[Piece] = field(default_factory=list)
    header_repeated: bool = False


@dataclass
class Layout:
    style: Style
    pages: list[PageDraw]
    title: str
    department_line: str | None


def header_strip(strip: Strip) -> Strip | None:
    """The table's repeatable header rows as a strip of their own."""
    k = strip.table.repeat_rows
    if not k:
        return None
    sub = Strip(strip.table, strip.xs, strip.row_tops[: k + 1])
    sub.placed = [p for p in strip.placed if p.cell.row + p.cell.rowspan <= k]
    return sub


def paginate(doc: GDoc, style: Style, rng: random.Random) -> Layout:
    """Choose every page break; the randomness lives here and in :func:`choose_style`."""
    _, page_h = style.page_size
    top_margin = style.margin + (18 if style.running_header or style.number_at_top else 0)
    bottom = page_h - style.margin - (18 if style.page_number and not style.number_at_top else 0)
    pages: list[PageDraw] = [PageDraw()]
    y = top_margin + style.title_size * 1.8
    if doc.department_line:
        y += style.size * 2.6
    strips = [
        lay_out(t, w, style.margin, style) for t, w in zip(doc.tables, style.widths, strict=True)
    ]
    for index, strip in enumerate(strips):
        if index and (style.new_page_per_table or bottom - y < 6 * style.leading):
            pages.append(PageDraw())
            y = top_margin
        start, first = 0.0, True
        # The first piece holds the header rows and at least one line of the body.
        body = strip.row_tops[strip.table.repeat_rows] + style.pad + style.leading
        while start < strip.height - 1e-6:
            repeat = None if first or not style.repeat_header else header_strip(strip)
            head = repeat.height if repeat else 0.0
            shift = 0.0 if _on_row_boundary(strip, start) else style.pad
            room = bottom - y - head - shift
            if strip.height - start <= room + 1e-6:
                end = strip.height
            else:
                cuts = cut_candidates(strip, start, start + room, style)
                if first:
                    cuts = [c for c in cuts if c >= body - 1e-6]
                if not cuts:
                    if not pages[-1].pieces:
                        raise RuntimeError("no page break fits on an empty page")
                    pages.append(PageDraw())
                    y = top_margin
                    continue
                end = _pick(cuts, start, room, strip, style, rng)
            pages[-1].pieces.append(Piece(strip, start, end, y, shift, repeat))
            pages[-1].header_repeated |= repeat is not None
            y += head + shift + (end - start)
            start, first = end, False
            if start < strip.height - 1e-6:
                pages.append(PageDraw())
                y = top_margin
        y += style.table_gap
    return Layout(style, pages, doc.title, doc.department_line)


def _on_row_boundary(strip: Strip, y: float) -> bool:
    return any(abs(t - y) < 1e-6 for t in strip.row_tops)


def _pick(
    cuts: list[float], start: float, room: float, strip: Strip, style: Style, rng: random.Random
) -> float:
    if rng.random() < style.fill:
        pool = cuts[-3:]
    else:
        pool = [c for c in cuts if c - start >= 0.4 * room] or cuts[-1:]
    inside = [c for c in pool if not _on_row_boundary(strip, c)]
    if inside and rng.random() < style.split_rows:
        return rng.choice(inside)
    return rng.choice(pool)


# --------------------------------------------------------------------------- drawing


def _draw_text(c: Canvas, x: float, baseline: float, text: str, style: Style, size: float) -> None:
    t = c.beginText(x, baseline)
    for font, chunk in font_runs(text, style.font):
        t.setFont(font, size)
        t.textOut(chunk)
    c.drawText(t)


def _rule(c: Canvas, x0: float, y0: float, x1: float, y1: float, style: Style) -> None:
    """One ruling, as a stroked line or as a thin filled rectangle (both occur in PDFs)."""
    if style.border == "filled_rects":
        w = style.line_width
        if y0 == y1:
            c.rect(x0 - w / 2, y0 - w / 2, x1 - x0 + w, w, stroke=0, fill=1)
        else:
            lo, hi = min(y0, y1), max(y0, y1)
            c.rect(x0 - w / 2, lo - w / 2, w, hi - lo + w, stroke=0, fill=1)
    else:
        c.line(x0, y0, x1, y1)


def draw_window(
    c: Canvas, strip: Strip, start: float, end: float, y: float, shift: float, style: Style
) -> float:
    """Draw strip rows [start, end) with the window's top edge at ``y``; return the bottom."""
    page_h = style.page_size[1]

    def py(s: float) -> float:  # strip position -> reportlab y (origin bottom-left)
        return page_h - (y + shift + s - start)

    top_y, bottom_y = page_h - y, py(end)
    for p in strip.placed:
        for line, t in zip(p.lines, p.line_tops, strict=True):
            if t < start - 1e-6 or t + style.leading > end + 1e-6:
                continue
            baseline = py(t) - (style.leading - style.size) / 2 - 0.88 * style.size
            x = p.x + style.pad
            if p.cell.header:
                x = p.x + (p.width - text_width(line, style.font, style.size)) / 2
            _draw_text(c, x, baseline, line, style, style.size)
    c.setLineWidth(0.1 if style.border == "cell_rects" else style.line_width)
    if style.border == "cell_rects":
        for p in strip.placed:
            if p.bottom <= start + 1e-6 or p.top >= end - 1e-6:
                continue
            t = top_y if p.top <= start + 1e-6 else py(p.top)
            b = bottom_y if p.bottom >= end - 1e-6 else py(p.bottom)
            c.rect(p.x, b, p.width, t - b, stroke=1, fill=0)
        return bottom_y
    xs, table = strip.xs, strip.table
    _rule(c, xs[0], top_y, xs[-1], top_y, style)
    _rule(c, xs[0], bottom_y, xs[-1], bottom_y, style)
    for r in range(len(strip.row_tops) - 1):  # a header strip holds the first rows only
        r_top, r_bottom = strip.row_tops[r], strip.row_tops[r + 1]
        if r_bottom <= start + 1e-6 or r_top >= end - 1e-6:
            continue
        t = top_y if r_top <= start + 1e-6 else py(r_top)
        b = bottom_y if r_bottom >= end - 1e-6 else py(r_bottom)
        for j, x in enumerate(xs):
            if 0 < j < len(xs) - 1 and table.cell_at(r, j - 1) is table.cell_at(r, j):
                continue
            _rule(c, x, t, x, b, style)
        if r + 1 < table.n_rows and r_bottom < end - 1e-6:
            for j in range(len(xs) - 1):
                if table.cell_at(r, j) is not table.cell_at(r + 1, j):
                    _rule(c, xs[j], py(r_bottom), xs[j + 1], py(r_bottom), style)
    return bottom_y


def render(layout: Layout, out: Path) -> None:
    style = layout.style
    page_w, page_h = style.page_size
    c = Canvas(str(out), pagesize=(page_w, page_h), invariant=1, initialFontName=style.font)
    c.setCreator("samples/random_render.py (reportlab)")
    total = len(layout.pages)
    for n, page in enumerate(layout.pages, start=1):
        if style.running_header:
            _draw_text(c, style.margin, page_h - style.margin, style.running_header, style, 9)
        if style.page_number:
            label = style.page_number.format(n=n, total=total)
            y = page_h - style.margin if style.number_at_top else style.margin - 4
            x = page_w - style.margin - text_width(label, style.font, 9)
            _draw_text(c, x, y, label, style, 9)
        if n == 1:
            top = style.margin + (18 if style.running_header or style.number_at_top else 0)
            width = text_width(layout.title, style.font, style.title_size)
            base = page_h - top - style.title_size
            _draw_text(c, (page_w - width) / 2, base, layout.title, style, style.title_size)
            if layout.department_line:
                base -= style.title_size * 0.8 + style.size
                _draw_text(c, style.margin, base, layout.department_line, style, style.size)
        for piece in page.pieces:
            y = piece.y
            if piece.repeat is not None:
                draw_window(c, piece.repeat, 0.0, piece.repeat.height, y, 0.0, style)
                y += piece.repeat.height
            draw_window(c, piece.strip, piece.start, piece.end, y, piece.shift, style)
        c.showPage()
    c.save()


def produce(doc: GDoc, rng: random.Random, out: Path) -> dict[str, object]:
    """Render ``doc`` to ``out``; return the choices made (printed when a seed fails)."""
    register_fonts()
    style = choose_style(rng, doc)
    layout = paginate(doc, style, rng)
    render(layout, out)
    cuts = [
        (n, round(p.start, 1), round(p.end, 1))
        for n, page in enumerate(layout.pages, start=1)
        for p in page.pieces
    ]
    return {
        "style": {k: v for k, v in vars(style).items() if k != "widths"},
        "pages": len(layout.pages),
        "windows": cuts,
        "header_repeated_on": [
            n for n, page in enumerate(layout.pages, start=1) if page.header_repeated
        ],
    }
