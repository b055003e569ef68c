"""A line the page break cuts in two is read once: on the page that shows more of it.

Why: a producer that breaks a tall merged cell over two pages may draw the line the break
falls on twice, at the foot of one page and at the head of the next, each clipped so that
the two pages together print it once (Acrobat PDFMaker from Excel, beijing_sasac p27/28:
55% of 问题、违规经营性投 on page 27, 45% on page 28). Page by page, the centre rule of
:mod:`.clip` read it below the cell's ruling on page 27, outside the table, and not at all
on page 28: the project's name lost a line and its amounts (264.640000) were gone. Such a
producer also leaves out of a page the glyphs its clip shows nothing of (、 and . sit in
the lower half of the line: only page 28 draws them), so the line read is both pages'
glyphs, matched by position, each once.

The pages are read one by one; this looks one page ahead (:func:`settled`), so a page is
handed on once both its edges are decided. Both readers feed it the same :class:`Cut`
glyphs, so it runs behind either (:mod:`.readers`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from .model import Char, Cut, Notice, PageContent

#: Two copies of a glyph stand at the same place on the two pages (points): producers draw
#: both from one position, so they agree to rounding.
SAME_PLACE = 0.5
#: The two shares of a line's height the pages show add up to the whole line, to this much:
#: they are two parts of one printed line, not two lines that happen to be cut.
WHOLE = 0.1
#: Shares this close are equal (positions are rounded to 0.01 pt, a 7 pt line's 0.1%): the
#: line is read on the first page. Anything more is more: 和意见建议。 (beijing_econ p62/63)
#: is read on page 63, where 51% of it shows, not on page 62 (48%).
ABOUT_EVEN = 0.01


@dataclass
class _Line:
    """The glyphs of one line one clip cuts at one edge of a page."""

    page: PageContent
    cuts: list[Cut]

    @property
    def share(self) -> float:
        return max(cut.share for cut in self.cuts)


def settled(pages: Iterable[PageContent]) -> Iterator[PageContent]:
    """The pages, each line cut by a page break read once (notice ``clipped_text``).

    Only a page with a line cut at its foot waits for the next one: every other page is
    handed on as soon as it is read, so a document without such cuts is read one page at a
    time, as before (the readers free each page once its tables are built)."""
    previous: PageContent | None = None
    for content in pages:
        if previous is not None:
            if content.number == previous.number + 1:
                join_cut_lines(previous, content)
            yield _done(previous)
            previous = None
        if any(cut.cut_below for cut in content.cut):
            previous = content
        else:
            yield _done(content)
    if previous is not None:
        yield _done(previous)


def join_cut_lines(upper: PageContent, lower: PageContent) -> None:
    """Read each line cut at ``upper``'s foot and drawn again at ``lower``'s head once, on
    the page that shows more of it; its glyphs leave :attr:`PageContent.cut` of both."""
    heads = _lines(lower, below=False)
    for foot in _lines(upper, below=True):
        head = max(heads, key=lambda h: len(_matches(foot, h)), default=None)
        if head is None or not _matches(foot, head) or not _parts_of_one(foot, head):
            continue
        heads.remove(head)
        _read_once(foot, head)


def _lines(content: PageContent, below: bool) -> list[_Line]:
    groups: dict[tuple[float, ...], list[Cut]] = {}
    for cut in content.cut:
        if cut.cut_below == below:
            key = (round(cut.char.top, 1), round(cut.char.bottom, 1), *cut.clip)
            groups.setdefault(key, []).append(cut)
    return [_Line(content, sorted(cuts, key=lambda c: c.char.x0)) for cuts in groups.values()]


def _matches(a: _Line, b: _Line) -> list[tuple[Cut, Cut]]:
    """Glyphs drawn on both pages: the same text at the same place across the line."""
    return [(x, y) for x in a.cuts for y in b.cuts if x.char.text == y.char.text and _at(x, y)]


def _at(x: Cut, y: Cut) -> bool:
    return abs(x.char.x0 - y.char.x0) <= SAME_PLACE


def _parts_of_one(foot: _Line, head: _Line) -> bool:
    """Same clip columns and shares that make one whole line."""
    a, b = foot.cuts[0].clip, head.cuts[0].clip
    same_column = abs(a[0] - b[0]) <= SAME_PLACE and abs(a[2] - b[2]) <= SAME_PLACE
    return same_column and abs(foot.share + head.share - 1) <= WHOLE


def _read_once(foot: _Line, head: _Line) -> None:
    """Put the line on the page that shows more of it (the first on a tie), centred on what
    of it shows there: so it lands in the cell it prints in, not below its ruling, and keeps
    its height (the line height the page-break joins of :mod:`.stitch` measure text by)."""
    even = abs(foot.share - head.share) <= ABOUT_EVEN
    kept, other = (foot, head) if even or foot.share > head.share else (head, foot)
    only_other = [y for y in other.cuts if not any(_at(x, y) for x in kept.cuts)]
    drawn, clip = kept.cuts[0].char, kept.cuts[0].clip
    middle = (max(drawn.top, clip[1]) + min(drawn.bottom, clip[3])) / 2
    height = drawn.bottom - drawn.top
    top, bottom = middle - height / 2, middle + height / 2
    glyphs = sorted(
        [replace(c.char, top=top, bottom=bottom) for c in kept.cuts + only_other],
        key=lambda c: c.x0,
    )
    for line in (foot, head):
        drop = {id(c) for c in line.cuts}
        line.page.cut = [c for c in line.page.cut if id(c) not in drop]
        read = {c.char for c in line.cuts if c.read}
        if line is not kept:
            line.page.chars = [c for c in line.page.chars if c not in read]
    _place(kept.page, {c.char for c in kept.cuts if c.read}, glyphs)
    line = "".join(c.text for c in glyphs)
    joined = "".join(c.char.text for c in only_other)
    kept.page.notices.append(_notice(kept, other, even, line, joined))


def _place(content: PageContent, old: set[Char], glyphs: list[Char]) -> None:
    """Replace the line's glyphs read as drawn (if any) by ``glyphs``, where they stood."""
    chars = content.chars
    at = next((i for i, c in enumerate(chars) if c in old), len(chars))
    rest = [c for c in chars[at:] if c not in old]
    content.chars = chars[:at] + glyphs + rest


def _notice(kept: _Line, other: _Line, even: bool, line: str, joined: str) -> Notice:
    first, second = sorted((kept.page.number, other.page.number))
    where = "both show as much of it: read on the first" if even else "read where more shows"
    message = (
        f"a line cut by the page break is drawn on pages {first} and {second}, each clipped "
        f"to part of it ({kept.share:.0%} of its height shows on page {kept.page.number}, "
        f"{other.share:.0%} on page {other.page.number}); {where}, on page "
        f"{kept.page.number}: 「{line}」"
    )
    if joined:
        message += f" (「{joined}」 is drawn on page {other.page.number} only)"
    return Notice("clipped_text", message, kept.page.number)


def _done(content: PageContent) -> PageContent:
    """Quote the cut glyphs no neighbouring page reads and this one did not either."""
    unread = [c.char.text for c in content.cut if not c.read]
    if unread:
        content.notices.append(
            Notice(
                "clipped_text",
                f"{len(unread)} characters cut by a clip path, less than half of them shown and "
                f"not drawn again on a neighbouring page, were not read: 「{''.join(unread)}」",
                content.number,
            )
        )
    content.cut = []
    return content
