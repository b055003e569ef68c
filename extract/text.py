"""Characters to cell text: lines, CJK-aware joining, and width normalisation.

Normalisation (documented in the README, applied to every cell and page line):
- full-width ASCII letters and digits (０-９, Ａ-Ｚ, ａ-ｚ), ％, ． and the ideographic space are
  folded to their half-width forms; Chinese punctuation （）：，。；、“” is kept as printed,
  because it is part of the text analysts copy and the parsers accept both forms;
- whitespace touching a CJK character or CJK punctuation is removed — in these PDFs it is a
  layout artefact (Word's CJK/Latin spacing, justified lines), never meaningful — and other
  runs of whitespace become one space;
- wrapped lines are joined with nothing between them unless the two characters that meet
  are both Latin letters or digits (``Science`` + ``Park``, ``1,363`` + ``Scheduled``),
  which get one space: run together they would make one word. Two digits meet without a
  space when a token was wrapped mid-way (``11000022T00000042`` + ``5969-工业``, a project
  code in a narrow cell), but two lines that are each a whole number are two values
  (``34,573`` + ``13,278``) and keep a space; :func:`numeric_joins` finds them so that the
  cell's reader can say so (notice ``numbers_in_one_cell``). A CJK character or
  punctuation on either side gets none (``2021`` + ``年``, ``1183`` + ``.09``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import pairwise
from operator import attrgetter

from .model import Char

_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}
_FULLWIDTH.update({code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)})
_FULLWIDTH.update({code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)})
_FULLWIDTH.update({0xFF05: ord("%"), 0xFF0E: ord("."), 0x200B: None, 0xFEFF: None})
_FULLWIDTH.update(dict.fromkeys((0x3000, 0x00A0, 0x2002, 0x2003, 0x2009), ord(" ")))

#: What counts as CJK: the CJK radicals, punctuation, kana, ideographs and compatibility
#: forms, the half- and full-width forms but for full-width digits and letters, and the
#: punctuation Chinese text shares with Latin (dashes, curly quotes, ellipsis, middle dots,
#: the ratio colon). As (first, last) code points, sorted: looked up by bisection rather
#: than a regular expression, because ``re`` builds a character class over these ranges
#: code point by code point (about 7 ms a pattern), which every ``jixiao convert`` paid at
#: start-up.
_CJK_RANGES = (
    (0x00B7, 0x00B7),
    (0x2014, 0x2014),
    (0x2018, 0x2019),
    (0x201C, 0x201D),
    (0x2022, 0x2022),
    (0x2026, 0x2026),
    (0x2236, 0x2236),
    (0x2E80, 0x30FF),
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0xFE30, 0xFE4F),
    (0xFF00, 0xFF0F),
    (0xFF1A, 0xFF20),
    (0xFF3B, 0xFF40),
    (0xFF5B, 0xFFEF),
)
#: Range starts and ends as one sorted list: a code point is CJK when it falls at an odd
#: position of it (after a start, before that range's end).
_CJK_EDGES = [edge for first, last in _CJK_RANGES for edge in (first, last + 1)]
_SPACES = re.compile(r"\s+")


def is_cjk(ch: str) -> bool:
    """Whether the first character of ``ch`` is CJK (false for an empty string)."""
    return bool(ch) and bisect_right(_CJK_EDGES, ord(ch[0])) % 2 == 1


def _space_or_nothing(run: re.Match[str]) -> str:
    """A run of whitespace touching a CJK character on either side goes, others become one
    space (see the module's docstring)."""
    text, start, end = run.string, run.start(), run.end()
    if (start and is_cjk(text[start - 1])) or (end < len(text) and is_cjk(text[end])):
        return ""
    return " "


def normalize(text: str) -> str:
    return _SPACES.sub(_space_or_nothing, text.translate(_FULLWIDTH)).strip()


def join_lines(lines: Iterable[str]) -> str:
    """Join wrapped lines; a space only where two Latin words or two whole numbers meet
    (never in CJK text, never inside a token wrapped mid-way)."""
    out = ""
    previous = ""
    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if out and _needs_space(previous, line):
            out += " "
        out += line
        previous = line
    return out


def _needs_space(above: str, below: str) -> bool:
    left, right = above[-1], below[0]
    if left in _SPACED_AFTER and right.isascii() and right.isalpha():
        # Latin text wrapped after punctuation a space follows (``Medical &`` / ``Public``,
        # ``Revenue,`` / ``Capital``); not after . or / (``www.`` / ``gov.cn``, ``and/`` / ``or``).
        word = above[:-1].rstrip()[-1:]
        return word.isascii() and word.isalnum()
    if is_cjk(left) or is_cjk(right) or not (left.isalnum() and right.isalnum()):
        return False
    if left.isdigit() and right.isdigit():
        return bool(_NUMBER.fullmatch(above) and _NUMBER.fullmatch(below))
    return True


_NUMBER = re.compile(r"[-+−(（]?[¥$€£]?\d[\d,.]*%?[)）]?")
# Latin punctuation a space follows in running text.
_SPACED_AFTER = frozenset("&,;:)!?")


def numeric_joins(lines: Sequence[str]) -> list[tuple[str, str]]:
    """Pairs of consecutive lines that are each a whole number (``34,573`` / ``13,278``):
    one cell printing two values, which a reader of the joined text must be told about."""
    texts = [line.strip() for line in lines if line.strip()]
    return [(a, b) for a, b in pairwise(texts) if _NUMBER.fullmatch(a) and _NUMBER.fullmatch(b)]


#: A glyph's left edge, the order of a line's glyphs.
_x0 = attrgetter("x0")


def group_lines(chars: Sequence[Char], overlap: float = 0.5) -> list[list[Char]]:
    """Cluster characters into text lines by vertical position, top to bottom.

    Called once per cell and strip (26,000 times over a dozen files, 8 glyphs each), so
    the per-glyph steps are kept to plain operations: the line being grown is held, not
    looked up; max(h, 1.0) is written as the comparison max makes; x0 is read by attrgetter.
    """
    lines: list[list[Char]] = []
    line: list[Char] = []
    centre = 0.0
    # The current line's centres, summed left to right as it grows (what ``sum`` of their
    # list gave, without adding the whole line up again at every character).
    total, count = 0.0, 0
    # cy computed once per character (``Char.cy`` is a property); same values, same order.
    keyed = sorted([((c.top + c.bottom) / 2, c.x0, i) for i, c in enumerate(chars)])
    for cy, _, i in keyed:
        ch = chars[i]
        height = ch.bottom - ch.top
        if height < 1.0:  # max(height, 1.0) keeps height unless 1.0 is greater (NaN too)
            height = 1.0
        if lines and abs(cy - centre) <= overlap * height:
            line.append(ch)
            total += cy
            count += 1
            centre = total / count
        else:
            line = [ch]
            lines.append(line)
            total, count = cy, 1
            centre = cy
    for line in lines:
        line.sort(key=_x0)
    return lines


def line_text(chars: Sequence[Char], word_gap: float = 0.25) -> str:
    """Text of one line, with a space where a visible gap separates two Latin glyphs."""
    out: list[str] = []
    previous: Char | None = None
    for ch in chars:
        text = ch.text
        # ``out`` holds something once there is a previous glyph (each one is appended)
        if previous is not None and text != " " and out[-1] != " ":
            gap = ch.x0 - previous.x1
            size = ch.size or (ch.bottom - ch.top)
            if gap > word_gap * size and not (is_cjk(text) or is_cjk(out[-1][-1])):
                out.append(" ")
        out.append(text)
        previous = ch
    return "".join(out)


def chars_to_text(chars: Sequence[Char], overlap: float = 0.5, word_gap: float = 0.25) -> str:
    return lines_to_text(group_lines(chars, overlap), word_gap)


def lines_to_text(lines: list[list[Char]], word_gap: float = 0.25) -> str:
    """:func:`chars_to_text` for characters already grouped into lines."""
    return normalize(join_lines(line_texts(lines, word_gap)))


def line_texts(lines: list[list[Char]], word_gap: float = 0.25) -> list[str]:
    """Each line's normalised text, before the lines are joined."""
    return [normalize(line_text(line, word_gap)) for line in lines]


def remove_overprint(chars: Sequence[Char]) -> tuple[list[Char], list[Char]]:
    """(kept, removed): a glyph printed again over itself is one character.

    "Fake bold" draws each glyph two to four times, shifted by a fraction of a point, so a
    heading would read ``HHIIGGHH``. A repeat is the same text whose box is offset by less
    than a quarter of the glyph's width and height from a kept one; neighbouring equal
    letters (``00``) are a whole advance apart and stay.
    """
    if not _may_overprint(chars):
        return list(chars), []
    # Sorted by text, then top: a repeat follows the glyph it repeats, within a short
    # window of the same text on (nearly) the same line.
    order = sorted(range(len(chars)), key=lambda i: (chars[i].text, chars[i].top, chars[i].x0))
    repeat = [False] * len(chars)
    window: list[Char] = []
    # The window is narrowed only when it holds something, and searched by a loop rather
    # than any() over a generator: the same tests in the same order, for every glyph of a
    # page that may print over itself.
    for i in order:
        ch = chars[i]
        if not ch.text.strip():
            continue
        if window:
            if window[0].text != ch.text:
                window = []
            else:
                dy_max = 0.25 * max(ch.bottom - ch.top, 0.1)
                top = ch.top
                window = [o for o in window if top - o.top < dy_max]
        dx_max = 0.25 * max(ch.x1 - ch.x0, 0.1)
        x0 = ch.x0
        for o in window:
            if abs(o.x0 - x0) < dx_max:
                repeat[i] = True
                break
        else:
            window.append(ch)
    kept = [ch for ch, r in zip(chars, repeat, strict=True) if not r]
    removed = [ch for ch, r in zip(chars, repeat, strict=True) if r]
    return kept, removed


def _may_overprint(chars: Sequence[Char]) -> bool:
    """Cheap gate for :func:`remove_overprint`: whether two glyphs of the same text may lie
    within 2 pt of each other along each axis. Four grids of 4-pt squares, offset by half a
    square along x, y or both, put any such pair in one square of at least one grid: a pair
    less than 2 pt apart crosses at most one of the edges at 0 and 2 (mod 4) on each axis.
    Two grids offset along the diagonal only missed a glyph shifted sideways and down
    across a square's corner (a lone fake-bold ``H`` read ``HH``). Pages without fake bold
    pass with four set builds.

    Each glyph's text and its two square numbers along each axis are computed once, as
    columns, and zipped into each grid's keys (one grid's keys built glyph by glyph cost
    twice as much: 3 % of a warm conversion). An offset of 0 adds nothing (x + 0.0 differs
    from x only for -0.0, which floors to the same square)."""
    printed = [c for c in chars if c.text != " "]
    n = len(printed)
    texts = [c.text for c in printed]
    x0 = [int(c.x0 // 4) for c in printed]
    y0 = [int(c.top // 4) for c in printed]
    if len(set(zip(texts, x0, y0, strict=True))) < n:
        return True
    x2 = [int((c.x0 + 2.0) // 4) for c in printed]
    if len(set(zip(texts, x2, y0, strict=True))) < n:
        return True
    y2 = [int((c.top + 2.0) // 4) for c in printed]
    return (
        len(set(zip(texts, x0, y2, strict=True))) < n
        or len(set(zip(texts, x2, y2, strict=True))) < n
    )
