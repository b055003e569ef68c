"""Join tables that continue over page breaks into one logical table.

A table on page p+1 continues the last table of page p when it is the first thing on its
page (no title-like text above it) and its columns line up with the previous part: same
column boundaries, the same header text, or a subset of the boundaries (a full-width row).
Then, in order:
1. header rows repeated at the top of the new part are dropped (with a notice);
2. a row split by the page break is joined back into one row (with a ``row_rejoined``
   warning) — recognised when a cell that belongs to the last row alone is blank in the
   new part while its counterpart above has text, or when text starts with punctuation
   that cannot begin a sentence;
3. otherwise, blank or re-printed cells at the left of the new part's first row are taken
   as the continuation of the merged cells above them (category and goal columns), and so
   is new text there when the merged cell's own text was visibly cut (a wrapped last line
   at the bottom of the page), each with a ``merged_cell_continued`` warning.

Running headers (a line printed at the same height on the previous page), page numbers and
text drawn wholly above the page's top edge (which nobody sees) above a table do not stop it
from continuing the previous page's table.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from .model import Cell, Notice, Table, TextLine
from .settings import TableSettings
from .text import join_lines

# Characters two values of a merged column share at their start to be siblings (codes,
# names of one department's projects), not one text going on.
_SIBLING_PREFIX = 4
# Characters of the longest label a merged column holds (服务对象满意度指标: 9), which fills
# a narrow column's last line without being cut.
_LABEL_CHARS = 10
_CONTINUATION_START = tuple("，。、；：）)》」』】”,.;:!?！？%％")
_NO_LINE_START = "".join(_CONTINUATION_START)
_PERCENT = ("%", "％")
_SENTENCE_END = tuple("。！？!?")
_ITEM = re.compile(r"^(?:(?P<cjk>[一二三四五六七八九十]+)、|(?P<digits>\d+)[、.．])")
_CJK_DIGITS = "〇一二三四五六七八九十"
_PAGE_NUMBER = re.compile(r"^[-—–\s第页共/\dPpage]*$")
_SPACE = re.compile(r"\s+")
#: What a producer moves to the next line as one piece: opening brackets (never left at a
#: line end) and the number or Latin word after them.
_UNBREAKABLE_START = re.compile(r"(?P<open>[（(“‘《〈【「]*)(?P<latin>[!-~]*)")
#: Quotation marks a line never breaks beside (Unicode's class QU, LB19, as LibreOffice's
#: ICU applies it): the glyph before one and the glyph after it go to the next line with it.
_QUOTES = "“”‘’"
_TITLE_LIKE = re.compile(r"(绩效|预算|决算).*表|表$")


def _key(text: str) -> str:
    return _SPACE.sub("", text)


def _row_signature(table: Table, row: int) -> tuple[tuple[int, int, str], ...]:
    return tuple((c.column, c.colspan, _key(c.text)) for c in table.own_cells(row))


def _title_above(lines: list[TextLine], table: Table, running: set[str] = frozenset()) -> bool:
    """Is there text above the table other than page numbers and running headers?

    Text drawn wholly above the page's top edge is no title: nobody sees it. Spreadsheet
    printers leave it there when they draw a merged cell's whole text, clipped, on every
    page the cell reaches.
    """
    top = table.bbox[1]
    return any(
        0 < line.bbox[3] <= top + 1
        and not _PAGE_NUMBER.match(line.text)
        and _key(line.text) not in running
        for line in lines
    )


def running_headers(lines: list[TextLine], previous: list[TextLine]) -> set[str]:
    """Lines printed again, at the same height, on the previous page: running headers.

    Title-like lines (ending in 表, or …绩效…表) are never taken as running headers, so a
    form that starts a new page under the same title as the form before it stays separate.
    """
    tops = {(_key(line.text), round(line.bbox[1])) for line in previous}
    return {
        _key(line.text)
        for line in lines
        if (_key(line.text), round(line.bbox[1])) in tops and not _TITLE_LIKE.search(line.text)
    }


def _column_map(prev: Table, nxt: Table, tol: float) -> list[int] | None:
    """Index in ``prev``'s boundaries for each of ``nxt``'s, or None when they do not align."""
    mapping: list[int] = []
    for x in nxt.column_edges:
        best = min(range(len(prev.column_edges)), key=lambda i: abs(prev.column_edges[i] - x))
        if abs(prev.column_edges[best] - x) > tol:
            return None
        mapping.append(best)
    if mapping[0] != 0 or mapping[-1] != len(prev.column_edges) - 1:
        return None
    return mapping


def _header_rows(prev: Table, nxt: Table, limit: int) -> int:
    """How many leading rows of ``nxt`` repeat ``prev``'s leading rows."""
    best = 0
    for k in range(1, min(limit, prev.n_rows, nxt.n_rows - 1) + 1):
        if all(_same_row(prev, nxt, r) for r in range(k)):
            if any(c.text for c in nxt.cells if c.row < k):
                best = k
        else:
            break
    return best


# A header re-printed on a scanned page is the same text read again by OCR, which may
# misread or drop a character or two (年度主要支出计划 read 年度王要支出计划, 产出、效益
# read 产出效益): cells that agree to this similarity (difflib's ratio) repeat the header.
OCR_HEADER_SIMILARITY = 0.8


def _same_row(prev: Table, nxt: Table, row: int) -> bool:
    """Row ``row`` of ``nxt`` repeats the one of ``prev``: the same cells and text, or, when
    either part was read by OCR, text alike to :data:`OCR_HEADER_SIMILARITY`."""
    a, b = _row_signature(prev, row), _row_signature(nxt, row)
    if a == b:
        return True
    if not (prev.ocr or nxt.ocr) or [s[:2] for s in a] != [s[:2] for s in b]:
        return False
    return all(_alike(x[2], y[2]) for x, y in zip(a, b, strict=True))


def _alike(a: str, b: str) -> bool:
    if a == b:
        return True
    if min(len(a), len(b)) < 4:
        return False  # too short for one misread to leave it recognisable
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= OCR_HEADER_SIMILARITY


def _repeats_title_row(prev: Table, nxt: Table) -> bool:
    """A full-width first row equal to the previous table's: a new copy of a form."""
    first = nxt.own_cells(0)
    return (
        len(first) == 1
        and first[0].colspan == nxt.n_columns
        and _row_signature(prev, 0) == ((0, prev.n_columns, _key(first[0].text)),)
    )


def continuation_map(
    prev: Table,
    nxt: Table,
    lines_above: list[TextLine],
    settings: TableSettings,
    running: set[str] = frozenset(),
) -> list[int] | None:
    """Column mapping when ``nxt`` continues ``prev``, else None."""
    if _title_above(lines_above, nxt, running) or _repeats_title_row(prev, nxt):
        return None
    mapping = _column_map(prev, nxt, settings.column_match_tolerance)
    if mapping is not None:
        return mapping
    if prev.n_columns == nxt.n_columns and _header_rows(prev, nxt, settings.max_header_rows):
        return list(range(prev.n_columns + 1))
    return None


def _remap(nxt: Table, mapping: list[int]) -> list[Cell]:
    return [
        c.moved(
            c.row,
            mapping[c.column],
            c.rowspan,
            mapping[c.column + c.colspan] - mapping[c.column],
        )
        for c in nxt.cells
    ]


def _drop_rows(cells: list[Cell], k: int) -> list[Cell]:
    kept: list[Cell] = []
    for c in cells:
        end = c.row + c.rowspan
        if end <= k:
            continue
        start = max(c.row, k)
        kept.append(c.moved(start - k, c.column, end - start, c.colspan))
    return kept


def _pairs(prev: Table, first_row: list[Cell]) -> list[tuple[Cell, Cell]] | None:
    """Pair each cell of the new part's first row with the one cell above it, if aligned."""
    last = prev.n_rows - 1
    pairs: list[tuple[Cell, Cell]] = []
    for b in sorted(first_row, key=lambda c: c.column):
        above = {
            id(a): a
            for col in range(b.column, b.column + b.colspan)
            if (a := prev.cell_at(last, col)) is not None
        }
        if len(above) != 1:
            return None
        a = next(iter(above.values()))
        if (a.column, a.colspan) != (b.column, b.colspan):
            return None
        pairs.append((a, b))
    return pairs


def _full(cell: Cell) -> bool:
    """Text runs down to the bottom of the cell, as when it overflowed onto the next page."""
    return cell.n_lines >= 2 and cell.slack <= max(1.2 * cell.line_height, 6.0)


def _wrapped(
    cell: Cell, below: str, short_ok: bool = False, widow: bool = False, padding: float = 0.0
) -> bool:
    """The last line runs to the right edge (as far as the text starts from the left one):
    the producer wrapped the text there, so it goes on below — on the next page when the
    line is also the last one the cell shows. Catches rows cut after their first line.

    The room left may be as wide as what went on to the next line in one piece (``below``
    starts with it: opening brackets and a number or Latin word are never broken).
    With ``widow`` (two lines went on), the room below may hold one line more: widow
    control (on by default in Word and Writer) carries two lines of a paragraph to the next
    page rather than leave its last one alone there. ``padding``: the room the producer
    leaves left of every cell's text in this row (the least lead room of its cells).
    """
    if not cell.text or not cell.n_lines:
        return False  # a blank cell (or last part) shows no line, so no line that runs on
    char = max(cell.line_height, 1.0)
    word = _UNBREAKABLE_START.match(below)
    brackets, latin = (len(word["open"]), len(word["latin"])) if word else (0, 0)
    # A Latin word or number breaks only at a space: what did not fit is that word (about
    # 0.6 em a character) and its space; a CJK line breaks anywhere, so one glyph — and the
    # punctuation after it that no line may start with: the glyph goes down with it
    # (kinsoku), so 37 ends a line that 个， would have ended, and 万 one that 元）。 would.
    rest = below[(len(word[0]) if word else 0) + 1 :]
    carried = 0 if latin else _carried(rest)
    allowance = char * (brackets + (0.6 * latin + 0.3 if latin else 1.2 + carried))
    # The room below the last line may hold the cell's bottom padding as well, which
    # producers make as wide as the left one.
    room = max(1.2 * char, 6.0) + min(cell.lead_room, 1.5 * char) + (1.5 * char if widow else 0)
    # Writer may leave one line of a merged cell's room empty above the break (…平台型的 /
    # 广州市科协组织，… in docx seed 685, …把广 / 大科学… in 575).
    room += char if cell.rowspan > 1 else 0.0
    at_bottom = cell.slack <= room
    # A full line is evidence only when it is long: short labels (成本/指标) fill a narrow
    # column, wrapped or not, without being cut. A short one counts (``short_ok``) when it
    # starts at the left edge: a centred short value fills nothing. The edge is the cell
    # padding, which may be wider than 0.75 em (150 twips beside 8 pt type).
    line = cell.bbox[2] - cell.bbox[0] - cell.lead_room - cell.tail_room
    left = cell.lead_room <= max(0.75 * char, padding + 0.25 * char)
    return (
        (line >= 6 * char or (short_ok and left))
        and at_bottom
        and cell.lead_room <= 1.5 * char
        and cell.tail_room <= cell.lead_room + allowance
    )


def _carried(rest: str) -> int:
    """Glyphs after a line's first that must go down with it: punctuation no line starts
    with, and quotes with the glyph after each. 吸引“广州… breaks before 引, since the quote
    and the glyphs either side of it are one piece; 研究”“科技… before 研, the glyphs on
    both sides of two quotes in a row being one piece too (random docx seed 712)."""
    n = 0
    while n < len(rest) and (
        rest[n] in _NO_LINE_START or rest[n] in _QUOTES or (n and rest[n - 1] in _QUOTES)
    ):
        n += 1
    return n


def _is_split_row(pairs: list[tuple[Cell, Cell]], last: int) -> bool:
    """Did the page break cut the last row in two?

    In a split row the new part holds text only in the columns whose text overflowed: each
    of them ran to the bottom of its cell above. A new row instead starts text in columns
    that had room to spare (or repeats single-line data rows, which never split).
    """
    own = [(a, b) for a, b in pairs if a.row == last and b.text and _key(b.text) != _key(a.text)]
    if not own:
        return False
    if any(_new_group(a, b, last) for a, b in pairs):
        return False
    # A value of the last row printed again, whole, under itself is the next row's equal
    # value (产出指标 / 数量指标 / ＝ / 5 / 份 under the same, beijing_econ p26/27): the second
    # part of a split row leaves blank the cells whose text fitted above.
    if any(
        a.row == last and a.rowspan == 1 and a.text and _key(b.text) == _key(a.text)
        for a, b in pairs
    ):
        return False
    # Punctuation no sentence starts with goes on the text above it; under a blank cell it
    # is a value of its own (a unit: %). The row is split when every other column with new
    # text ran out of room as well: one that ended with room to spare starts a new row, and
    # the punctuated column is then a merged cell going on (:func:`_visibly_cut`) — a goal
    # over two indicator rows, cut after its 四 and going on with 、青年… beside the next
    # row's indicator (random reportlab seed 590).
    punctuated = {id(a) for a, b in own if a.text and _punctuation_goes_on(a.text, b.text)}
    # Short full lines (narrow columns, left-aligned: a centred short value fills nothing)
    # count when another cell gives strong evidence: punctuation going on, or a long line.
    if not punctuated and not any(
        _full(a) or _wrapped(a, b.text, widow=b.n_lines == 2) for a, b in own
    ):
        return False
    padding = _padding(pairs)
    return all(
        _full(a) or _wrapped(a, b.text, short_ok=True, widow=b.n_lines == 2, padding=padding)
        for a, b in own
        if id(a) not in punctuated
    )


def _punctuation_goes_on(above: str, below: str) -> bool:
    """``below`` starts with punctuation no line starts with, so it is the rest of ``above``
    — but a percent sign goes on only a number: ``%`` under ``万元`` is the next row's unit
    (a unit column, beijing_econ p59/60 and p64/65), not the end of the row above."""
    if not below.startswith(_CONTINUATION_START):
        return False
    if above and below.startswith(_PERCENT):
        return above.rstrip()[-1:].isdigit()
    return True


def _padding(pairs: list[tuple[Cell, Cell]]) -> float:
    """Room the producer leaves left of the text in every cell of the row above the break:
    the least lead room of its cells that show text."""
    return min((a.lead_room for a, _ in pairs if a.text and a.n_lines), default=0.0)


def _new_group(a: Cell, b: Cell, last: int) -> bool:
    """A cell merged from rows above gets, on this page, a sibling of its text: a new value
    that begins as it began (the next project's ``11000022T0000004…`` under the last one's),
    not text that goes on from it. A new group of rows begins there, so the first row on the
    page is new too, whatever its short cells look like. Only a shared beginning counts: a
    goal continued after its ；, or a code broken between the pages (``…T00000048`` /
    ``7475-…``), begins otherwise."""
    if a.row >= last or not a.text or not b.text:
        return False
    above, below = _key(a.text), _key(b.text)
    n = _SIBLING_PREFIX
    return below != above and len(above) >= n and below[:n] == above[:n] and not _text_goes_on(a, b)


class MergedColumns:
    """Per logical table, the columns (column, colspan) that hold merged cells in the body
    (below ``skip_rows``): category and goal columns. Kept up to date as pages are joined,
    so that asking costs nothing however long the table has grown."""

    def __init__(self, skip_rows: int) -> None:
        self.skip_rows = skip_rows
        self._of: dict[int, tuple[Table, set[tuple[int, int]]]] = {}

    def get(self, table: Table) -> set[tuple[int, int]]:
        known = self._of.get(id(table))
        if known is None or known[0] is not table:
            known = (table, self._columns(table.cells))
            self._of[id(table)] = known
        return known[1]

    def add(self, table: Table, cells: list[Cell]) -> None:
        self.get(table).update(self._columns(cells))

    def forget(self, table: Table) -> None:
        """A table that can no longer be continued."""
        self._of.pop(id(table), None)

    def _columns(self, cells: list[Cell]) -> set[tuple[int, int]]:
        return {(c.column, c.colspan) for c in cells if c.rowspan > 1 and c.row >= self.skip_rows}


def _merging_column(merged: set[tuple[int, int]], a: Cell) -> bool:
    """Does this column hold merged cells in its body (a category or goal column)?"""
    return a.rowspan > 1 or (a.column, a.colspan) in merged


def _continues_merged(
    merged: set[tuple[int, int]], a: Cell, b: Cell, merged_left: bool = False
) -> bool:
    """Is ``b`` (top of the new page) the rest of the merged cell ``a`` above it?

    Only in columns that merge cells (elsewhere, or in the column just left of this one at
    this very break): in data tables a code repeated on the next row (208, 208) is a new
    value, not a continuation. New text continues ``a`` only when ``a``'s text was visibly
    cut: it starts with punctuation no sentence starts with, or ``a`` ends in a wrapped line
    at the bottom of the page that does not close a sentence.
    """
    if b.text and _key(b.text) != _key(a.text) and not _text_goes_on(a, b):
        return False
    return b.rowspan > 1 or merged_left or _merging_column(merged, a)


def _visibly_cut(pairs: list[tuple[Cell, Cell]]) -> int:
    """How many of the first pairs (from the left) continue cells above, by what they print.

    A column whose text visibly goes on at the top of the page, while the row is not split
    (other columns start new text), is a merged cell spanning into the new row, whether or
    not the table was seen merging that column: in 12 pt type on narrow pages each page may
    hold one row of it. Blank cells to its left span at least as far, and so do cells whose
    text may go on (:func:`_may_go_on`). Anything else stops the search: re-printed text may
    be a new row's equal value, and new text under a blank cell shows nothing cut.
    """
    cut = 0
    padding = _padding(pairs)
    for i, (a, b) in enumerate(pairs):
        if not b.text:
            continue
        goes_on = _text_goes_on(a, b, _overflowed(a, pairs), padding)
        if a.text and _key(b.text) != _key(a.text) and goes_on:
            cut = i + 1
        elif not _may_go_on(a, b):
            break
    return cut


def _overflowed(a: Cell, pairs: list[tuple[Cell, Cell]]) -> bool:
    """``a`` fills its cell to the foot, and so does another cell ending on the same row:
    that one set the row's height, so ``a``'s text ran out of room there, not out of text
    (that both end there is otherwise a coincidence of line counts)."""
    end = a.row + a.rowspan
    return _full(a) and any(x is not a and x.row + x.rowspan == end and _full(x) for x, _ in pairs)


def _may_go_on(a: Cell, b: Cell) -> bool:
    """``a`` shows nothing against going on in ``b``, though nothing for it either: its
    text reaches the cell's foot without closing a sentence, and ``b`` starts no next item.
    Taken as cut when a column to its right visibly goes on: a merged cell spans at least
    as far as the merged cells right of it (四、服务党和政府 | 科学决策 printed one glyph a
    line in a column too narrow for its last line to show anything)."""
    return (
        bool(a.text)
        and _key(b.text) != _key(a.text)
        and _full(a)
        and not a.text.endswith(_SENTENCE_END)
        and not _next_item(a.text, b.text)
    )


def _text_goes_on(a: Cell, b: Cell, overflowed: bool = False, padding: float = 0.0) -> bool:
    """Does ``b`` go on with ``a``'s text? The next item (二、 under 一、…) is a new cell
    unless ``a`` :func:`_overflowed` (一、…；二、… is one goal cell as often as two)."""
    if _punctuation_goes_on(a.text, b.text):
        return True
    if not a.text:
        # A merged cell begun blank at the page's foot prints its (centred) text in the part
        # on the next page: the new part merges rows there too.
        return b.rowspan > 1
    if a.text.endswith(_SENTENCE_END):
        return False
    if _next_item(a.text, b.text) and not overflowed:
        return False
    # One full line is evidence only in a merged cell (a code broken between the pages,
    # ``11000022T00000048`` / ``3334-…``, beijing_econ p38/39): a one-line cell of a single
    # row may be a short value that happens to fill its column.
    if a.n_lines < 2 and a.rowspan < 2:
        return False
    # Labels are short; a longer text filling a short last line in a narrow column (four
    # glyphs a line) was wrapped there as surely as a long line was.
    long = len(_key(a.text)) >= _LABEL_CHARS
    return _wrapped(a, b.text, short_ok=long, widow=b.n_lines == 2, padding=padding)


def _item_number(text: str) -> int | None:
    """N of a leading list marker: 三、 / 3、 / 3. (the numbering of categories and goals)."""
    if match := _ITEM.match(text):
        digits = match["digits"]
        if digits:
            return int(digits)
        tens, ten, ones = match["cjk"].rpartition("十")
        if len(tens) > 1 or len(ones) > 1 or (not ten and not ones):
            return None  # not a numeral under a hundred
        if not ten:
            return _CJK_DIGITS.index(ones)
        return (_CJK_DIGITS.index(tens) if tens else 1) * 10 + (
            _CJK_DIGITS.index(ones) if ones else 0
        )
    return None


def _next_item(above: str, below: str) -> bool:
    """``below`` starts the item after the one ``above`` starts (二、… then 三、…)."""
    a, b = _item_number(above), _item_number(below)
    return a is not None and b == a + 1


def merge_into(
    prev: Table,
    nxt: Table,
    mapping: list[int],
    settings: TableSettings,
    merged: MergedColumns | None = None,
) -> list[Notice]:
    """Append ``nxt`` to ``prev`` in place.

    Costs the size of ``nxt``, not of ``prev``: a table over hundreds of pages is joined
    page by page (``merged`` carries what is known of ``prev`` from one page to the next).
    """
    merged = merged or MergedColumns(settings.max_header_rows)
    grown: list[tuple[Cell, int]] = []
    notices: list[Notice] = []
    page = nxt.pages[0]
    cells = _remap(nxt, mapping)
    remapped = Table(nxt.pages, nxt.n_rows, prev.n_columns, cells, nxt.bbox, ocr=nxt.ocr)
    k = _header_rows(prev, remapped, settings.max_header_rows)
    if k:
        misread = _misread_header(prev, remapped, k)
        cells = _drop_rows(cells, k)
        notices.append(
            Notice(
                "repeated_header_dropped",
                f"{k} repeated header row(s) dropped" + misread,
                page,
                origin=(prev, 0),
            )
        )
    n_rows = nxt.n_rows - k
    last = prev.n_rows - 1
    first_row = [c for c in cells if c.row == 0]
    pairs = _pairs(prev, first_row) or []
    split = bool(pairs) and _is_split_row(pairs, last)

    consumed: set[int] = set()
    reprinted: list[str] = []  # text dropped as a copy of the cell above: quoted in a warning
    if split:
        for a, b in pairs:
            if b.text and _key(b.text) != _key(a.text):
                a.text = join_lines([a.text, b.text]) if a.text else b.text
            elif b.text:
                reprinted.append(b.text)
            grown.append((a, a.rowspan))
            a.rowspan = last + b.rowspan - a.row
            a.end_page = page
            a.parts = [*a.parts, (page, b.bbox), *b.parts]
            a.confidence = lowest(a.confidence, b.confidence)
            _printed_last(a, b)
            consumed.add(id(b))
        notices.append(
            Notice(
                "row_rejoined",
                "a row split by the page break was joined into one row" + _kept_once(reprinted),
                page,
                origin=(prev, last),
            )
        )
        offset = last
    else:
        offset = prev.n_rows
        continued: list[int] = []
        joined: list[int] = []
        left_span = 0  # rows the new part of the merged cell to the left spans
        seen_cut = _visibly_cut(pairs)
        for i, (a, b) in enumerate(pairs):
            # A cell spanning fewer rows than the merged cell to its left starts a new row
            # inside it: it is no part of that merged cell's continuation.
            merged_left = bool(continued or joined) and b.rowspan >= left_span
            if i >= seen_cut and not _continues_merged(merged.get(prev), a, b, merged_left):
                break
            if b.text and _key(b.text) != _key(a.text):
                a.text = join_lines([a.text, b.text]) if a.text else b.text
                joined.append(a.column)
            else:
                continued.append(a.column)
                if b.text:
                    reprinted.append(b.text)
            grown.append((a, a.rowspan))
            a.rowspan = offset + b.rowspan - a.row
            a.end_page = page
            a.parts = [*a.parts, (page, b.bbox), *b.parts]
            a.confidence = lowest(a.confidence, b.confidence)
            _printed_last(a, b)
            consumed.add(id(b))
            left_span = b.rowspan
        if joined:
            notices.append(
                Notice(
                    "merged_cell_continued",
                    "text at the top of the page in column(s) "
                    + ", ".join(str(c) for c in joined)
                    + " joined to the merged cell above, whose text was cut by the page break",
                    page,
                    origin=(prev, offset),
                )
            )
        if continued:
            notices.append(
                Notice(
                    "merged_cell_continued",
                    "blank or re-printed cells in column(s) "
                    + ", ".join(str(c) for c in continued)
                    + " taken as the continuation of the merged cells above"
                    + _kept_once(reprinted),
                    page,
                    origin=(prev, offset),
                )
            )
    added = [
        c.moved(c.row + offset, c.column, c.rowspan, c.colspan)
        for c in cells
        if id(c) not in consumed
    ]
    merged.add(prev, added + [a for a, _ in grown])
    prev.append_rows(added, grown)
    row_pages = [page] * n_rows
    prev.row_pages = prev.row_pages + (row_pages[1:] if split else row_pages)
    prev.n_rows = len(prev.row_pages)
    if page not in prev.pages:
        prev.pages.append(page)
    if nxt.n_columns == prev.n_columns:
        prev.column_edges = list(nxt.column_edges)  # compare the next page with this one
    prev.row_edges = list(nxt.row_edges)
    prev.ocr = prev.ocr or nxt.ocr
    return notices


def _printed_last(a: Cell, b: Cell) -> None:
    """Give ``a`` the text layout of its part ``b`` on the new page: whether it goes on
    over the next page break is seen there (a row over three pages was read as going on
    again because its first part had run to the page foot)."""
    a.n_lines, a.layout = b.n_lines, b.layout  # a layout is never changed in place


def _misread_header(prev: Table, nxt: Table, k: int) -> str:
    """The OCR readings of a dropped header that differ from the header kept, quoted: they
    were taken for it by likeness, not equality."""
    differ = [
        f"「{y[2]}」 for 「{x[2]}」"
        for r in range(k)
        for x, y in zip(_row_signature(prev, r), _row_signature(nxt, r), strict=True)
        if x[2] != y[2]
    ]
    return "; read by OCR as " + ", ".join(differ) if differ else ""


def lowest(a: float | None, b: float | None) -> float | None:
    """The lower OCR confidence of two pieces of a cell (None: read from a text layer)."""
    return b if a is None else a if b is None else min(a, b)


def _kept_once(texts: list[str]) -> str:
    """Name the re-printed text a join dropped, so every printed character is accounted for."""
    return "".join(f"; re-printed text kept once: 「{t}」" for t in texts)


def stitch(
    pages: list[tuple[list[Table], list[TextLine]]], settings: TableSettings
) -> tuple[list[Table], list[Notice]]:
    """Tables of all pages, in order, continued tables joined."""
    stitcher = Stitcher(settings)
    for tables, lines in pages:
        stitcher.add(tables, lines)
    return stitcher.tables, stitcher.notices


class Stitcher:
    """Pages' tables joined as the pages are read, so that a page's parts are let go as soon
    as they are merged rather than all pages' parts living beside the stitched tables.

    Only the last table of the latest page can still be continued: every table before it is
    final, and its cells' text layouts (which only stitching reads) are let go there and then
    (:func:`release_layout_metrics`)."""

    def __init__(self, settings: TableSettings) -> None:
        self.settings = settings
        self.tables: list[Table] = []
        self.notices: list[Notice] = []
        self._open: Table | None = None  # the latest page's last table, maybe continued
        self._lines: list[TextLine] = []
        self._merged = MergedColumns(settings.max_header_rows)
        self._final = 0  # tables before this index are final and released
        self.continued = False  # the latest page's first table continued the one before

    def add(self, tables: list[Table], lines: list[TextLine]) -> None:
        """The next page's tables and its text lines outside them."""
        out = self.tables
        running = running_headers(lines, self._lines)
        self._lines = lines
        self.continued = False
        for index, table in enumerate(tables):
            mapping = None
            if index == 0 and self._open is not None:
                above = [line for line in lines if line.bbox[3] <= table.bbox[1] + 1]
                mapping = continuation_map(self._open, table, above, self.settings, running)
            if mapping is not None and self._open is not None:
                self.continued = True
                self.notices.extend(
                    merge_into(self._open, table, mapping, self.settings, self._merged)
                )
            else:
                out.append(table)
        if tables:
            last = tables[-1]
            self._open = out[-1] if _was_merged(out, last) else last
        else:
            self._open = None
        final = len(out) - (self._open is not None)
        for table in out[self._final : final]:
            self._merged.forget(table)
        release_layout_metrics(out[self._final : final])
        self._final = max(self._final, final)

    def take_before(self, page: int) -> tuple[list[Table], list[Notice]]:
        """The tables starting before ``page`` and the notices of those pages, given up: a
        document read in segments cuts where no table runs over (``not self.continued``
        once ``page`` is added), so each of them is final and ends before ``page``."""
        taken = 0
        while taken < self._final and self.tables[taken].pages[0] < page:
            taken += 1
        tables, self.tables = self.tables[:taken], self.tables[taken:]
        self._final -= taken
        notices = [n for n in self.notices if n.page is None or n.page < page]
        self.notices = [n for n in self.notices if n.page is not None and n.page >= page]
        return tables, notices

    def finish(self) -> tuple[list[Table], list[Notice]]:
        """The stitched tables, every one final now, and the notices stitching gave."""
        self._open = None
        release_layout_metrics(self.tables[self._final :])
        self._final = len(self.tables)
        return self.tables, self.notices


def _was_merged(out: list[Table], last: Table) -> bool:
    return all(t is not last for t in out)


def release_layout_metrics(tables: list[Table]) -> None:
    """Let each cell's text layout (space below, line height, room left and right) go once
    stitching is done: only stitching reads it, and its measures were a fifth of what a long
    document's extracted tables hold until the output is written. ``n_lines`` stays (small
    ints are shared)."""
    for table in tables:
        for cell in table.cells:
            cell.layout = None
