"""Pages whose text is printed turned by ±90° (or upside down): read them in the text's frame.

A landscape table is often drawn turned on a portrait page (the page has no /Rotate, the
content itself is turned), so every glyph runs down or up the page. Lines, columns and cells
are all found from upright text, so such a page is turned until its text is upright, its
tables are found as usual, and every position is turned back: the output's bboxes stay
"x0, top, x1, bottom in points on the page, origin top-left" whatever the page's turn, so
provenance and overlays point at the printed cell. What is not turned back are positions
along one axis only (a table's ``column_edges``, ``row_edges``, ``text_columns``): they are
in the reading frame, the table's own columns and rows.

Each reader records a glyph's turn from the text-rendering matrix (:func:`turn_of`), so the
two readers agree on it; :func:`page_turn` decides a page by the majority of its glyphs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from operator import attrgetter

from .model import BBox, Char, Notice, PageContent, Segment, Table, TextLine

# A page is read turned when more than this share of its printed glyphs share one turn:
# a rotated table with an upright page number or a stamp is still a rotated page.
_MAJORITY = 0.5


def turn_of(a: float, b: float) -> int:
    """Clockwise turn (0, 90, 180 or 270 degrees) of a glyph whose rendering matrix starts
    ``a, b`` (the text direction in PDF space, y up): 90 runs down the page, 270 up."""
    if abs(a) >= abs(b):
        return 0 if a >= 0 else 180
    return 90 if b < 0 else 270


_turn = attrgetter("turn")


def any_turned(chars: list[Char]) -> bool:
    """Whether any glyph is printed turned: on nearly every page none is, and one pass of
    ``any`` over their turns answers that without counting them."""
    return any(map(_turn, chars))


def page_turn(chars: list[Char]) -> int:
    """The turn most printed glyphs share, when it is not 0 and they are the majority."""
    if not any_turned(chars):  # every glyph upright (nearly every page): no count
        return 0
    turns = Counter(c.turn for c in chars if c.text.strip())
    if not turns:
        return 0
    turn, count = turns.most_common(1)[0]
    if turn == 0 or count <= _MAJORITY * sum(turns.values()):
        return 0
    return turn


@dataclass(frozen=True, slots=True)
class Frame:
    """The turn between a page (width × height) and the frame its text reads upright in."""

    turn: int
    width: float
    height: float

    def to_reading(self, box: BBox) -> BBox:
        x0, top, x1, bottom = box
        w, h = self.width, self.height
        if self.turn == 90:
            return (top, w - x1, bottom, w - x0)
        if self.turn == 270:
            return (h - bottom, x0, h - top, x1)
        if self.turn == 180:
            return (w - x1, h - bottom, w - x0, h - top)
        return box

    def to_page(self, box: BBox) -> BBox:
        x0, top, x1, bottom = box
        w, h = self.width, self.height
        if self.turn == 90:
            return (w - bottom, x0, w - top, x1)
        if self.turn == 270:
            return (top, h - x1, bottom, h - x0)
        if self.turn == 180:
            return (w - x1, h - bottom, w - x0, h - top)
        return box

    def point_to_page(self, point: tuple[float, float]) -> tuple[float, float]:
        x0, top, _, _ = self.to_page((point[0], point[1], point[0], point[1]))
        return (x0, top)


def upright_chars(chars: list[Char]) -> tuple[list[Char], Frame | None]:
    """A few glyphs printed turned on an upright page (a column header set vertically, a
    note up the margin), in the frame they read upright in, and that frame; the glyphs
    themselves and None when most of them are upright. Read in the page's frame, a word
    running up the page is one line a glyph, joined top to bottom: reversed and spaced
    (``s r e t o v`` for ``voters``). Only their order matters, so the frame is anchored at
    the origin (:meth:`Frame.to_page` turns a box found in it back)."""
    turn = page_turn(chars)
    if turn == 0:
        return chars, None
    frame = Frame(turn, 0.0, 0.0)
    return [_char(c, frame) for c in chars], frame


def upright(content: PageContent) -> tuple[PageContent, Frame | None]:
    """The page turned so that most of its text is upright, and the frame to turn back;
    the page itself and None when its text is upright already."""
    turn = page_turn(content.chars)
    if turn == 0:
        return content, None
    frame = Frame(turn, content.width, content.height)
    chars = [_char(c, frame) for c in content.chars]
    segments = [Segment(*frame.to_reading((s.x0, s.top, s.x1, s.bottom))) for s in content.segments]
    width, height = (
        (content.height, content.width) if turn in (90, 270) else (content.width, content.height)
    )
    return replace(content, width=width, height=height, chars=chars, segments=segments), frame


def _char(c: Char, frame: Frame) -> Char:
    x0, top, x1, bottom = frame.to_reading((c.x0, c.top, c.x1, c.bottom))
    turned = c.turn == frame.turn
    # pdfminer's size of a turned glyph is its box's page height (its advance); upright in
    # the reading frame, its size is that frame's height of the box again.
    size = bottom - top if turned else c.size
    return Char(
        c.text, x0, x1, top, bottom, size, confidence=c.confidence, turn=(c.turn - frame.turn) % 360
    )


def turn_back(
    frame: Frame, tables: list[Table], lines: list[TextLine], notices: list[Notice]
) -> None:
    """Positions found in the reading frame, put back on the page as printed (in place)."""
    for table in tables:
        table.bbox = frame.to_page(table.bbox)
        for cell in table.cells:
            cell.bbox = frame.to_page(cell.bbox)
            if cell.parts:
                cell.parts = [(page, frame.to_page(box)) for page, box in cell.parts]
    lines[:] = [replace(line, bbox=frame.to_page(line.bbox)) for line in lines]
    notices[:] = [n if n.at is None else replace(n, at=frame.point_to_page(n.at)) for n in notices]
