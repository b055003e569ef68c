"""Render gz_kx_2021.data.json as a faithful reconstruction of the original 10-page PDF.

The original PDF is unavailable; only its text layer survives. This drawing reproduces
what that text layer implies: landscape A4, ruled tables, merged cells without internal
rules, one printed line per transcribed line (the seed's wrap points), the same page
assignment, table-2 headers on pages 3-5 only and categories re-printed at the top of
each page. The canvas is drawn by hand (not platypus) so row heights and rules are
exactly under our control, and ``invariant=1`` makes re-runs byte-identical.

Run from the repo root: ``python samples/render_reportlab.py``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gz_kx_table import ROW_CELLS, SAMPLES_DIR, category_runs, load_data
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

OUT_PATH = SAMPLES_DIR / "gz_kx_2021_faithful.pdf"
FONT = "WenQuanYiZenHei"
FONT_FILE = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"
#: WenQuanYi Zen Hei lacks U+2022 "•" (used in "众心向党•自立自强"); DejaVu has it.
FALLBACK_FONT = "DejaVuSans"
FALLBACK_FILE = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

PAGE_W, PAGE_H = landscape(A4)
MARGIN_X = 28.0
MARGIN_TOP = 30.0
MARGIN_BOTTOM = 24.0
TABLE_W = PAGE_W - 2 * MARGIN_X
PAD = 3.0
RULE_W = 0.6
BLOCK_GAP = 10.0
LEADING_FACTOR = 1.25
TITLE_SIZE = 16.0
#: Tried largest first; one size is used for the whole document.
FONT_SIZES = (10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0)
N_COLS = 6


@dataclass
class Slot:
    """One column position of a band; equal ``key`` in adjacent bands means one merged cell."""

    key: str
    lines: list[str]
    reprint: bool = False  # print the text again at the top of every page (categories)
    header: bool = False


@dataclass
class Band:
    """One table row as laid out on a page: N_COLS slots, or one slot spanning the table."""

    slots: list[Slot]
    height: float = 0.0


@dataclass
class Block:
    """A contiguous ruled table fragment on one page; ``group`` selects its column widths."""

    group: str
    bands: list[Band]


@dataclass
class Page:
    """One output page: optional title lines, then blocks separated by BLOCK_GAP."""

    number: int
    blocks: list[Block]
    title: list[str] = field(default_factory=list)
    department: str = ""


@dataclass
class Layout:
    """Font size plus per-group column widths chosen for the whole document."""

    size: float
    widths: dict[str, list[float]]

    @property
    def leading(self) -> float:
        return self.size * LEADING_FACTOR


# --------------------------------------------------------------------------- fonts


def register_fonts() -> None:
    """Register the embedded TTF fonts (reportlab subsets and embeds TTFs by default)."""
    pdfmetrics.registerFont(TTFont(FONT, FONT_FILE, subfontIndex=0))
    pdfmetrics.registerFont(TTFont(FALLBACK_FONT, FALLBACK_FILE))


def font_runs(text: str) -> Iterator[tuple[str, str]]:
    """Split text into (font, chunk) runs so glyphs missing from the main font fall back."""
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


def text_width(text: str, size: float) -> float:
    """Width of a line, honouring the per-glyph fallback font."""
    return sum(pdfmetrics.stringWidth(chunk, font, size) for font, chunk in font_runs(text))


# --------------------------------------------------------------------------- model


def row_band(row: dict[str, Any], key: str, lead: list[Slot], goals: dict) -> Band:
    """Band for a data row: leading merged slots, the goal slot, then the four row cells."""
    goal = Slot(f"goal:{key.split(':')[0]}:{row['goal']}", goals[row["goal"]])
    cells = [Slot(f"{key}:{name}", row[name]) for name in ROW_CELLS]
    return Band([*lead, goal, *cells])


def annual_goal_pages(data: dict[str, Any]) -> list[Page]:
    """Pages 1-2: table 1 with the label column spanning header and all five rows."""
    ag = data["annual_goals"]
    label = Slot("label", ag["label"])
    header = Band(
        [label] + [Slot(f"h1:{i}", cell, header=True) for i, cell in enumerate(ag["header"])]
    )
    pages: dict[int, list[Band]] = {1: [header], 2: []}
    for i, row in enumerate(ag["rows"]):
        pages[row["page"]].append(row_band(row, f"t1:{i}", [label], ag["goals"]))
    first = Page(1, [Block("t1", pages[1])], [data["title"]], data["department_line"])
    return [first, Page(2, [Block("t1", pages[2])])]


def spending_plan_pages(data: dict[str, Any]) -> list[Page]:
    """Pages 3-10: table-1 footer on page 3, then table 2 with per-page headers."""
    sp = data["spending_plan"]
    bands: dict[int, list[Band]] = {p: [] for p in range(3, 11)}
    for page, cells in sp["header_pages"].items():
        p = int(page)
        bands[p].append(Band([Slot(f"h{p}:{i}", c, header=True) for i, c in enumerate(cells)]))
    for i, row in enumerate(sp["rows"]):
        cat = Slot(f"cat:{row['category']}", sp["categories"][row["category"]], reprint=True)
        bands[row["page"]].append(row_band(row, f"t2:{i}", [cat], sp["goals"]))
    footer = data["annual_goals"]["footer"]
    footer_block = Block("full", [Band([Slot("footer", footer["lines"])])])
    pages = [Page(3, [footer_block, Block("t2p3", bands[3])])]
    pages += [Page(p, [Block("t2p4", bands[p])]) for p in range(4, 11)]
    return pages


def build_pages(data: dict[str, Any]) -> list[Page]:
    """All ten pages, in order, matching the original's page assignment."""
    check_category_pages(data)
    return annual_goal_pages(data) + spending_plan_pages(data)


def check_category_pages(data: dict[str, Any]) -> None:
    """Fail early if a page's rows would not start with a (re-)printed category."""
    rows = data["spending_plan"]["rows"]
    starts = {r.first for r in category_runs(rows)}
    for i, row in enumerate(rows):
        if i == 0 or rows[i - 1]["page"] != row["page"]:
            assert i in starts, f"page {row['page']} must start a category piece"


# --------------------------------------------------------------------------- layout


def printed_slots(pages: list[Page]) -> set[tuple[int, int, int, int]]:
    """(page, block, band, column) positions whose slot text is printed.

    A merged cell prints at its first band; on later pages only if it is re-printed
    (categories). This mirrors gz_kx_table.printed_cells, which the seed check uses.
    """
    printed: set[tuple[int, int, int, int]] = set()
    seen: set[str] = set()
    for page in pages:
        for b, block in enumerate(page.blocks):
            for band_i, col, slot in run_starts(block):
                if slot.key not in seen or slot.reprint:
                    printed.add((page.number, b, band_i, col))
                    seen.add(slot.key)
    return printed


def run_starts(block: Block) -> Iterator[tuple[int, int, Slot]]:
    """Yield (band, column, slot) where a merged-cell run starts inside a block."""
    for col in range(len(block.bands[0].slots)):
        prev = None
        for band_i, band in enumerate(block.bands):
            slot = band.slots[col]
            if slot.key != prev:
                yield band_i, col, slot
            prev = slot.key


def run_length(block: Block, band_i: int, col: int) -> int:
    """Number of bands the run starting at (band_i, col) covers in this block."""
    key = block.bands[band_i].slots[col].key
    n = 1
    while band_i + n < len(block.bands) and block.bands[band_i + n].slots[col].key == key:
        n += 1
    return n


def size_bands(page: Page, printed: set, leading: float) -> None:
    """Row height = max printed lines x leading + padding; grow a run's last row to fit it.

    Single-row cells are sized first so that merged cells only add height when the rows
    they span are too short for their text (as Word does).
    """
    for b, block in enumerate(page.blocks):
        for band in block.bands:
            band.height = leading + 2 * PAD
        starts = [s for s in run_starts(block) if (page.number, b, s[0], s[1]) in printed]
        for multi in (False, True):
            for band_i, col, slot in starts:
                n = run_length(block, band_i, col)
                if (n > 1) != multi:
                    continue
                spanned = block.bands[band_i : band_i + n]
                need = len(slot.lines) * leading + 2 * PAD
                have = sum(band.height for band in spanned)
                if have < need:
                    spanned[-1].height += need - have


def title_height(page: Page, leading: float) -> float:
    """Vertical space taken by the title and department line (page 1 only)."""
    if not page.title:
        return 0.0
    return TITLE_SIZE * 1.6 + leading + 6.0


def page_height(page: Page, leading: float) -> float:
    """Total height of a page's content, used to pick a font size that fits."""
    blocks = sum(sum(band.height for band in block.bands) for block in page.blocks)
    gaps = BLOCK_GAP * (len(page.blocks) - 1)
    return title_height(page, leading) + blocks + gaps


def natural_widths(pages: list[Page], group: str, size: float) -> list[float]:
    """Per column, the widest transcribed line in a width group plus padding."""
    widths = [0.0] * N_COLS
    for page in pages:
        for block in page.blocks:
            if block.group != group:
                continue
            for band in block.bands:
                for col, slot in enumerate(band.slots):
                    for line in slot.lines:
                        widths[col] = max(widths[col], text_width(line, size) + 2 * PAD + 1.0)
    return widths


def column_widths(pages: list[Page], size: float) -> dict[str, list[float]] | None:
    """Stretch natural widths to the table width; None if the lines do not fit."""
    out: dict[str, list[float]] = {"full": [TABLE_W]}
    for group in ("t1", "t2p3", "t2p4"):
        natural = natural_widths(pages, group, size)
        total = sum(natural)
        if total > TABLE_W:
            return None
        out[group] = [w * TABLE_W / total for w in natural]
    return out


def choose_layout(pages: list[Page]) -> Layout:
    """Largest font size at which every line fits its column and every page fits."""
    printed = printed_slots(pages)
    for size in FONT_SIZES:
        widths = column_widths(pages, size)
        if widths is None:
            continue
        leading = size * LEADING_FACTOR
        for page in pages:
            size_bands(page, printed, leading)
        avail = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
        if all(page_height(page, leading) <= avail for page in pages):
            return Layout(size, widths)
    raise RuntimeError("table does not fit on the page at any font size")


# --------------------------------------------------------------------------- drawing


def draw_line_text(c: Canvas, x: float, y: float, text: str, size: float, bold: bool) -> None:
    """Draw one printed line; 'bold' is simulated with fill+stroke (no bold face exists)."""
    # The render mode is graphics state that outlives the text object (and reportlab
    # does not re-emit "0 Tr"), so bold text is fenced with q/Q.
    c.saveState()
    t = c.beginText(x, y)
    if bold:
        t.setTextRenderMode(2)
    for font, chunk in font_runs(text):
        t.setFont(font, size)
        t.textOut(chunk)
    c.drawText(t)
    c.restoreState()


def draw_cell_text(
    c: Canvas, slot: Slot, box: tuple[float, float, float, float], lay: Layout
) -> None:
    """Print a cell's lines: headers centred, body cells top-left with PAD padding."""
    x, top, w, h = box
    lead = lay.leading
    if slot.header:
        y = top - (h - len(slot.lines) * lead) / 2 - lay.size * 0.95
    else:
        y = top - PAD - lay.size * 0.95
    for line in slot.lines:
        lx = x + PAD
        if slot.header:
            lx = x + (w - text_width(line, lay.size)) / 2
        draw_line_text(c, lx, y, line, lay.size, slot.header)
        y -= lead


def draw_title(c: Canvas, page: Page, lay: Layout) -> float:
    """Draw the centred title and the department line; return the y below them."""
    y = PAGE_H - MARGIN_TOP - TITLE_SIZE
    width = text_width(page.title[0], TITLE_SIZE)
    c.setLineWidth(0.5)
    draw_line_text(c, (PAGE_W - width) / 2, y, page.title[0], TITLE_SIZE, bold=True)
    y -= TITLE_SIZE * 0.6 + lay.leading
    draw_line_text(c, MARGIN_X, y, page.department, lay.size, bold=False)
    return PAGE_H - MARGIN_TOP - title_height(page, lay.leading)


def block_rules(block: Block, widths: list[float], top: float) -> list[tuple[float, ...]]:
    """Rule segments for a block: full outline, column rules, and row rules only
    where the cell above differs from the cell below (so merged cells stay open)."""
    xs = [MARGIN_X]
    for w in widths:
        xs.append(xs[-1] + w)
    segs: list[tuple[float, ...]] = []
    y = top
    bottom = top - sum(band.height for band in block.bands)
    segs.append((xs[0], top, xs[-1], top))
    segs.append((xs[0], bottom, xs[-1], bottom))
    for i, band in enumerate(block.bands):
        y_next = y - band.height
        for x in xs[1:-1]:
            segs.append((x, y, x, y_next))
        if i + 1 < len(block.bands):
            below = block.bands[i + 1].slots
            for col, slot in enumerate(band.slots):
                if slot.key != below[col].key:
                    segs.append((xs[col], y_next, xs[col + 1], y_next))
        y = y_next
    segs.append((xs[0], top, xs[0], bottom))
    segs.append((xs[-1], top, xs[-1], bottom))
    return segs


def draw_block(c: Canvas, page: Page, b: int, top: float, lay: Layout, printed: set) -> float:
    """Draw one table fragment (text in cell order, then rules); return its bottom y."""
    block = page.blocks[b]
    widths = lay.widths[block.group]
    xs = [MARGIN_X + sum(widths[:i]) for i in range(len(widths))]
    band_tops = [
        top - sum(band.height for band in block.bands[:i]) for i in range(len(block.bands))
    ]
    c.setLineWidth(0.25)
    for band_i, band in enumerate(block.bands):
        for col, slot in enumerate(band.slots):
            if (page.number, b, band_i, col) not in printed:
                continue
            n = run_length(block, band_i, col)
            h = sum(bd.height for bd in block.bands[band_i : band_i + n])
            draw_cell_text(c, slot, (xs[col], band_tops[band_i], widths[col], h), lay)
    c.setLineWidth(RULE_W)
    for x1, y1, x2, y2 in block_rules(block, widths, top):
        c.line(x1, y1, x2, y2)
    return top - sum(band.height for band in block.bands)


def render(pages: list[Page], lay: Layout, out: Path) -> None:
    """Write the PDF; one canvas page per model page."""
    printed = printed_slots(pages)
    # initialFontName keeps the unembedded default Helvetica out of the PDF.
    c = Canvas(
        str(out),
        pagesize=(PAGE_W, PAGE_H),
        invariant=1,
        initialFontName=FONT,
        initialFontSize=lay.size,
    )
    c.setTitle("广州市科学技术协会 2021 年部门整体绩效完成情况表（重建）")
    c.setAuthor("jixiao samples")
    c.setSubject("Reconstruction from the seed text layer; the original PDF is unavailable")
    c.setCreator("samples/render_reportlab.py")
    for page in pages:
        top = draw_title(c, page, lay) if page.title else PAGE_H - MARGIN_TOP
        for b in range(len(page.blocks)):
            top = draw_block(c, page, b, top, lay, printed) - BLOCK_GAP
        c.showPage()
    c.save()


def main() -> None:
    """Build the model, pick one font size that fits all pages, and render."""
    register_fonts()
    pages = build_pages(load_data())
    lay = choose_layout(pages)
    render(pages, lay, OUT_PATH)
    print(f"wrote {OUT_PATH} ({len(pages)} pages, {lay.size}pt)")
    for group, widths in lay.widths.items():
        print(f"  columns {group}: " + ", ".join(f"{w:.0f}" for w in widths))


if __name__ == "__main__":
    main()
