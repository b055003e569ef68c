"""Page overlays: a rendered page with what the extractor and the parsers saw drawn on it.

When a record is wrong the question is always "what was read from where": which rulings
were found, how they were cut into cells (merged cells drawn as one box, tinted), which
header cells matched which role, which cell each record came from, and which characters
fell in no cell at all. The page is rendered with pypdfium2 (it ships with pdfplumber) and
drawn on with Pillow, in PDF points times ``scale``; the page's warnings are listed in a
margin on the right so a picture explains itself without the JSON beside it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .model import BBox, Cell, Char, PageContent, Segment, Table

DEFAULT_SCALE = 2.0
MARGIN = 260  # points of warning margin on the right

# Colours are part of the picture's legend (README) and of tests/test_inspect.py.
RULING = (150, 170, 255)
TABLE_OUTLINE = (0, 0, 255)
CELL_OUTLINE = (0, 170, 0)
MERGED_FILL = (255, 220, 0, 60)
STRAY = (255, 0, 0)
LABEL_FILL = (40, 40, 40)
ROLE_COLOURS: dict[str, tuple[int, int, int]] = {
    "indicator": (31, 119, 180),
    "target": (44, 160, 44),
    "actual": (255, 127, 14),
    "detail": (127, 127, 127),
    "goal": (148, 103, 189),
    "category": (140, 86, 75),
    "label": (188, 189, 34),
    "level1": (23, 190, 207),
    "level2": (174, 199, 232),
    "weight": (227, 119, 194),
    "score": (214, 39, 40),
    "deviation_reason": (152, 223, 138),
}
OTHER_ROLE = (200, 200, 200)

_FONT_FILES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/truetype/arphic/uming.ttc",
)


@dataclass(slots=True)
class PageMarks:
    """Everything drawn on one page, in PDF points (origin top-left)."""

    number: int
    width: float
    height: float
    segments: list[Segment] = field(default_factory=list)
    outlines: list[tuple[BBox, str]] = field(default_factory=list)  # table part, its label
    cells: list[tuple[BBox, bool]] = field(default_factory=list)  # cell part, merged?
    headers: list[tuple[BBox, str]] = field(default_factory=list)  # header cell, its role
    labels: list[tuple[BBox, str]] = field(default_factory=list)  # record numbers
    stray: list[BBox] = field(default_factory=list)  # characters in no cell
    notes: list[str] = field(default_factory=list)  # the page's warnings


def cell_pieces(table: Table, page: int) -> Iterable[tuple[Cell, BBox]]:
    """(cell, bbox) of every piece of the table's cells printed on ``page``."""
    for cell in table.cells:
        for part_page, bbox in cell.pieces:
            if part_page == page:
                yield cell, bbox


def _union(boxes: Sequence[BBox]) -> BBox:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _inside(ch: Char, box: BBox) -> bool:
    return box[0] <= ch.cx <= box[2] and box[1] <= ch.cy <= box[3]


def page_marks(
    content: PageContent,
    tables: Sequence[Table],
    *,
    roles: dict[int, dict[tuple[int, int], str]] | None = None,
    labels: Iterable[tuple[BBox, str]] = (),
    notes: Iterable[str] = (),
) -> PageMarks:
    """The marks of one page: ``tables`` are the document's (stitched) tables, ``roles``
    the header role per (row, column) of each table index, ``labels`` text to pin on boxes
    (record numbers)."""
    page = content.number
    marks = PageMarks(page, content.width, content.height, segments=list(content.segments))
    areas: list[BBox] = []
    boxes: list[BBox] = []
    for index, table in enumerate(tables):
        pieces = list(cell_pieces(table, page))
        if not pieces:
            continue
        outline = _union([bbox for _, bbox in pieces])
        areas.append(outline)
        marks.outlines.append((outline, f"table {index} · {table.engine}"))
        table_roles = (roles or {}).get(index, {})
        for cell, bbox in pieces:
            merged = cell.rowspan > 1 or cell.colspan > 1
            marks.cells.append((bbox, merged))
            boxes.append(bbox)
            role = table_roles.get((cell.row, cell.column))
            if role is not None:
                marks.headers.append((bbox, role))
    for ch in content.chars:
        if not ch.text.strip():
            continue
        if any(_inside(ch, a) for a in areas) and not any(_inside(ch, b) for b in boxes):
            marks.stray.append((ch.x0, ch.top, ch.x1, ch.bottom))
    marks.labels = list(labels)
    marks.notes = list(notes)
    return marks


def render_page(
    path: str | Path, page: int, scale: float = DEFAULT_SCALE, password: str | None = None
) -> Image.Image:
    """The page as printed (1-based ``page``), ``scale`` pixels per point."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path), password=password)
    try:
        return pdf[page - 1].render(scale=scale).to_pil().convert("RGB")
    finally:
        pdf.close()


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """A font with CJK glyphs when the machine has one (warnings are in Chinese)."""
    for name in _FONT_FILES:
        if Path(name).exists():
            return ImageFont.truetype(name, size)
    return ImageFont.load_default(size)


def _px(box: BBox, scale: float) -> tuple[float, float, float, float]:
    return (box[0] * scale, box[1] * scale, box[2] * scale, box[3] * scale)


def draw(page_image: Image.Image, marks: PageMarks, scale: float = DEFAULT_SCALE) -> Image.Image:
    """A new image: the page with ``marks`` drawn on it and the warnings in a margin."""
    width, height = page_image.size
    margin = round(MARGIN * scale)
    canvas = Image.new("RGB", (width + margin, height), "white")
    canvas.paste(page_image, (0, 0))
    tint = Image.new("RGBA", canvas.size, (0, 0, 0, 0))
    shade = ImageDraw.Draw(tint)
    for box, merged in marks.cells:
        if merged:
            shade.rectangle(_px(box, scale), fill=MERGED_FILL)
    for box, role in marks.headers:
        shade.rectangle(_px(box, scale), fill=(*ROLE_COLOURS.get(role, OTHER_ROLE), 90))
    canvas = Image.alpha_composite(canvas.convert("RGBA"), tint).convert("RGB")
    pen = ImageDraw.Draw(canvas)
    line = max(1, round(scale / 2))
    for seg in marks.segments:
        pen.line(_px((seg.x0, seg.top, seg.x1, seg.bottom), scale), fill=RULING, width=line)
    for box, _ in marks.cells:
        pen.rectangle(_px(box, scale), outline=CELL_OUTLINE, width=line)
    small = _font(max(9, round(5 * scale)))
    for box, role in marks.headers:
        x0, top, _, _ = _px(box, scale)
        pen.text((x0 + 2, top + 1), role, fill=ROLE_COLOURS.get(role, OTHER_ROLE), font=small)
    for box, label in marks.outlines:
        x0, top, x1, bottom = _px(box, scale)
        pen.rectangle((x0, top, x1, bottom), outline=TABLE_OUTLINE, width=3 * line)
        pen.text((x0, max(0, top - small.size - 2)), label, fill=TABLE_OUTLINE, font=small)
    for box in marks.stray:
        pen.rectangle(_px(box, scale), outline=STRAY, width=line)
    for box, label in marks.labels:
        x0, top, _, _ = _px(box, scale)
        right, bottom = pen.textbbox((x0 + 3, top + 3), label, font=small)[2:]
        pen.rectangle((x0 + 1, top + 1, right + 2, bottom + 2), fill=LABEL_FILL)
        pen.text((x0 + 3, top + 3), label, fill="white", font=small)
    _margin(pen, marks, (width, margin, height), scale)
    return canvas


def _margin(
    pen: ImageDraw.ImageDraw, marks: PageMarks, box: tuple[int, int, int], scale: float
) -> None:
    """The page's summary and warnings, wrapped, in the margin (left, width, height)."""
    left, width, height = box
    font = _font(max(12, round(7 * scale)))
    x, y = left + round(6 * scale), round(6 * scale)
    pen.line((left, 0, left, height), fill=(180, 180, 180), width=1)
    head = f"page {marks.number}: {len(marks.outlines)} table part(s), {len(marks.stray)} "
    head += "character(s) in no cell"
    lines = [head, "", f"{len(marks.notes)} warning(s):" if marks.notes else "no warnings"]
    chars_per_line = max(10, int((width - 12 * scale) / font.size))
    for note in marks.notes:
        lines += textwrap.wrap(note, chars_per_line) or [""]
    for text in lines:
        if y > height - 2 * font.size:
            pen.text((x, y), "…", fill="black", font=font)
            break
        pen.text((x, y), text, fill=STRAY if text.startswith("•") else "black", font=font)
        y += round(font.size * 1.3)
