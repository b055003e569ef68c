"""Pages without a text layer → the same :class:`PageContent` a PDF reader gives.

A scanned page is rendered (pypdfium2), turned upright and its rulings found
(:mod:`.raster_grid`); the rulings are whitened out and the rest is read by OCR, each
recognised character becoming a :class:`Char` with its box and the engine's confidence.
Tables, stitching, layouts and quantities then run unchanged: nothing after this module
knows the page was scanned, except through the confidences and the notices.

The engine is RapidOCR (PP-OCRv4 Chinese detection and recognition, ONNX models shipped in
its wheel: nothing is downloaded at run time), installed by the ``ocr`` extra. It was chosen
over tesseract (chi_sim) by measurement: see the README's OCR section. It is imported on
first use only, so born-digital files and ``jixiao --help`` never load onnxruntime or cv2.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

from .errors import InputError
from .model import Char, Notice, PageContent
from .ocr_lexicon import DOUBT as LEXICON_DOUBT
from .ocr_lexicon import confused_pairs, level_names
from .ocr_mode import INSTALL_HINT, LOW_CONFIDENCE, MODES, available, check_mode

__all__ = ["INSTALL_HINT", "LOW_CONFIDENCE", "MODES", "available", "check_mode"]

ENGINE = "rapidocr"
# 200 dpi: characters of 9–12 pt are 25–33 px high, what PP-OCR's recogniser (48 px lines)
# reads best after its own downscale; 300 dpi doubled the time without fewer errors.
DPI = 200

# OCR reads a punctuation mark's shape, not its width. In these documents a bracket, colon
# or comma touching a Chinese character is printed full-width, as the text layers have it.
# A straight quote becomes an opening one; :func:`quote_directions` then turns it as needed.
# 丶 (the radical, never written in running text) is how the recogniser reads a crisp 、 of
# the docx font (技能竞赛、 → 技能竞赛丶, six fields on the seed's clean docx scan).
_FULL_WIDTH = {
    "(": "（", ")": "）", ":": "：", ",": "，", ";": "；", "?": "？", "!": "！", '"': "“",
    "丶": "、",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Glyph:
    """One recognised character: pixel box in the upright picture, confidence 0–1."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    confidence: float
    line: int = -1  # the detected text line it was read in (-1: read on its own)


_engine: Any = None
_engine_lock = threading.Lock()


def _load_engine() -> Any:
    """The engine, once per process (its models take a second to load; a batch worker
    reads many pages). Threads are capped: batch workers already use every core. Built
    under a lock: Dask runs files in threads, and :func:`_memory_arena` swaps a class
    attribute while the engine is built."""
    global _engine
    if _engine is None:
        with _engine_lock:
            if _engine is None:
                if not available():
                    raise InputError("ocr_unavailable", f"OCR is not installed: {INSTALL_HINT}")
                from rapidocr_onnxruntime import RapidOCR

                threads = int(os.environ.get("JIXIAO_OCR_THREADS", "1"))
                with _memory_arena():
                    _engine = RapidOCR(
                        intra_op_num_threads=threads, inter_op_num_threads=1, print_verbose=False
                    )
    return _engine


@contextmanager
def _memory_arena() -> Iterator[None]:
    """Build RapidOCR's ONNX Runtime sessions with the CPU memory arena on (ONNX Runtime's
    own default, which RapidOCR turns off to look smaller).

    Why: without the arena every inference maps fresh memory for its tensors (hundreds of
    MB for a page's detection) and the kernel zero-fills it page by page: one scanned page
    took 5.0 million page faults and 9.1 of its 14.5 CPU seconds in the kernel. With it the
    same page took 0.4 million faults and 5.1 CPU seconds, 3 pages 44.5 → 14.6 s, with
    identical text. The price is memory kept for reuse: 1.4 GiB resident, 2.4 GiB mapped
    (the batch's default --max-memory is 3 GiB). A RapidOCR without this hook is used as
    it comes (slower, same text)."""
    from rapidocr_onnxruntime.utils import infer_engine

    cls = getattr(infer_engine, "OrtInferSession", None)
    original = vars(cls).get("_init_sess_opts") if cls is not None else None
    if not isinstance(original, staticmethod):
        yield
        return

    def with_arena(config: dict[str, Any]) -> Any:
        options = original.__func__(config)
        options.enable_cpu_mem_arena = True
        return options

    cls._init_sess_opts = staticmethod(with_arena)
    try:
        yield
    finally:
        cls._init_sess_opts = original


def detect(image: Any) -> list[tuple[float, float, float, float]]:
    """Boxes (pixels) of the text lines the engine's detector finds, nothing recognised."""
    boxes, _ = _load_engine()(image, use_cls=False, use_rec=False)
    return [_bounds(box) for box in boxes or []]


def recognise(image: Any) -> list[Glyph]:
    """Every character the engine reads on a picture (grey or colour array), none dropped
    for low confidence: the confidence travels with the text instead."""
    result, _ = _load_engine()(image, use_cls=False, return_word_box=True, text_score=0.0)
    glyphs: list[Glyph] = []
    for number, line in enumerate(result or []):
        box, text, score = line[0], line[1], float(line[2])
        # With word boxes: [box, text, score, word boxes, words, word scores].
        word_boxes = line[3] if len(line) > 5 else None
        if word_boxes and len(line[4]) == len(word_boxes) == len(line[5]):
            for word_box, word, word_score in zip(word_boxes, line[4], line[5], strict=True):
                glyphs.extend(_split(word, _bounds(word_box), float(word_score), number))
        else:
            glyphs.extend(_split(text, _bounds(box), score, number))
    return glyphs


def reread_missed(gray: Any, glyphs: list[Glyph], rulings: Any, scale: float) -> list[Glyph]:
    """Glyphs for ink the detector passed over, recognised crop by crop.

    PP-OCR's detector skips what is too small to look like a text line — above all a lone
    dash, which these tables print for "none" in every empty amount, weight or score cell.
    Every blob of ink no glyph covers is recognised on its own (recognition only); a blob
    read as a horizontal stroke is a dash (U+2014 when about a character wide, else a
    hyphen), since a lone 一 in a table cell is that dash, not the numeral.
    """
    import cv2
    import numpy as np

    from .raster_grid import ink_mask

    ink = ink_mask(gray)
    # What is left of a ruling's blurred edge is no character.
    ink[cv2.dilate(rulings, np.ones((int(scale) * 2 + 1,) * 2, np.uint8)) > 0] = 0
    heights = sorted(g.bottom - g.top for g in glyphs) or [10 * scale]
    em = heights[len(heights) // 2]
    # Ink beside recognised text is part of it (a stroke outside the box), not a lone mark.
    pad = max(int(0.5 * em), 1)
    for g in glyphs:
        ink[
            max(int(g.top) - pad, 0) : int(g.bottom) + pad,
            max(int(g.x0) - pad, 0) : int(g.x1) + pad,
        ] = 0
    ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))  # scan specks
    # Pieces of one character (or one short word) are joined before they are cut out.
    joined = cv2.dilate(
        ink, cv2.getStructuringElement(cv2.MORPH_RECT, (int(2 * scale), int(scale)))
    )
    count, _, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    out: list[Glyph] = []
    for x, y, w, h, _area in stats[1:count]:
        if max(w, h) < 3 * scale or ink[y : y + h, x : x + w].sum() < 12:
            continue
        margin = int(3 * scale)
        y0, x0 = max(y - margin, 0), max(x - margin, 0)
        crop = gray[y0 : y + h + margin, x0 : x + w + margin]
        result, _ = _load_engine()(crop, use_det=False, use_cls=False)
        text, score = (result[0][0], float(result[0][1])) if result else ("", 0.0)
        text = text.strip()
        if text in _STROKES and w >= 3 * h:
            text = "—" if w >= 0.6 * em else "-"
        out.extend(_split(text, (float(x), float(y), float(x + w), float(y + h)), score))
    return out


# A hyphen's stroke at least this long (share of the page's em) is a dash: on the seed's
# scans 2021—2025's dash, read -, is 0.74–1.14 em of thin stroke, 10-15件's hyphen
# 0.23–0.48.
DASH = 0.6


def long_dashes(glyphs: list[Glyph], ink: Any) -> list[Glyph]:
    """Hyphens of a read line that are dashes by their length: the recogniser reads a
    dash beside digits as - (2021—2025 read 2021-2025, the dash's box a 7 px share of the
    line where its stroke is 22 px long). The stroke is measured as the run of columns
    around the glyph's box whose ink in the line's band is one thin stroke (a fifth of an
    em thick at most) in its middle part: the digits a blurred dash runs into have ink
    above and below it, so they do not lengthen it. A hyphen made a dash gets
    :data:`MARK_CONFIDENCE` (or keeps its own, if lower), counted in the page's notice."""
    import numpy as np

    ideographs = sorted(g.x1 - g.x0 for g in glyphs if g.line >= 0 and _ideograph(g))
    if not ideographs:
        return list(glyphs)
    em = ideographs[len(ideographs) // 2]
    out = list(glyphs)
    for i, g in enumerate(glyphs):
        if g.text != "-" or g.line < 0:
            continue
        top, height = int(g.top), int(g.bottom) + 1 - int(g.top)
        start = max(int(g.x0 - em), 0)
        band = ink[top : top + height, start : int(g.x1 + em) + 1]
        thin = []
        for column in band.T:
            rows = np.flatnonzero(column)
            thin.append(
                bool(len(rows))
                and rows[-1] - rows[0] + 1 <= 0.2 * em
                and 0.3 * height <= rows.mean() <= 0.8 * height
            )
        box = (int(g.x0) - start, int(g.x1) - start)
        runs = [(a, b) for a, b in _inked_runs(thin) if a <= box[1] and b >= box[0]]
        if runs and max(b - a for a, b in runs) >= DASH * em:
            out[i] = replace(g, text="—", confidence=min(g.confidence, MARK_CONFIDENCE))
    return out


# Unread ink keeps its place in the text as this character, with confidence 0.
UNREAD = "\ufffd"


def _lines_with_em(
    glyphs: list[Glyph], page_em: bool = False, cap: bool = False
) -> Iterator[tuple[list[Glyph], float]]:
    """Each recognised line's glyphs, left to right, with the line's em: the median width of
    its Chinese characters (lines without one are skipped: no em to measure a gap by; with
    ``page_em`` they get the page's, a wrapped 90%。 being a line of its own). ``cap``: at
    most the page's em (a short line's boxes are inflated, its em with them). Full-width
    marks are no measure: their boxes hug the mark (10–11 px for 21 px characters), and on
    the wrapped line （70万元）。 they made the em half a character's width."""
    lines: dict[int, list[Glyph]] = {}
    for g in glyphs:
        if g.line >= 0:
            lines.setdefault(g.line, []).append(g)
    every = sorted(g.x1 - g.x0 for g in glyphs if g.line >= 0 and _ideograph(g))
    for members in lines.values():
        members.sort(key=lambda g: g.x0)
        wide = sorted(g.x1 - g.x0 for g in members if _ideograph(g))
        if wide:
            em = wide[len(wide) // 2]
            yield members, min(em, every[len(every) // 2]) if cap else em
        elif page_em and every:
            yield members, every[len(every) // 2]


def reread_gaps(gray: Any, glyphs: list[Glyph], ink: Any, rulings: Any = None) -> list[Glyph]:
    """Characters the recogniser dropped inside a line it read (修缮 read as 修: a rare
    character can vanish from the decoded line), found as a gap of a character's width or
    more between two neighbours with ink in it, recognised on their own, else by tesseract
    when it is installed (:func:`_second_opinion`). Ink nothing can read becomes
    :data:`UNREAD` with confidence 0, so the loss shows and is flagged.

    A gap a ruling crosses (``rulings``: the painted-out line pixels) is a cell border, not a
    dropped character: with the rulings painted out the detector reads the text of two
    cells as one line, and what is left of the ruling's blurred edge read as 福 (0.06) or
    as unreadable ink at the end of the seed's category cells."""
    out: list[Glyph] = []
    for members, em in _lines_with_em(glyphs):
        for a, b in pairwise(members):
            if b.x0 - a.x1 < 0.8 * em:
                continue
            top, bottom = int(min(a.top, b.top)), int(max(a.bottom, b.bottom)) + 1
            x0, x1 = int(a.x1) + 1, int(b.x0)
            if rulings is not None and _crossed(rulings[top:bottom, x0:x1]):
                continue
            gap = ink[top:bottom, x0:x1]
            rows, columns = gap.sum(axis=1) > 1, gap.sum(axis=0) > 1
            if columns.sum() < 0.4 * em or rows.sum() < 0.4 * em:
                continue  # blank (spaced 年  月, the room after a full-width comma) or dust
            if _lone_mark(gap, em):
                continue  # a skipped 、，。: read by its shape (skipped_marks), not as 茶
            if _strokes_only(gap, em):
                continue  # the neighbours' strokes past their boxes (增长29% read 增长229%)
            quotes = _only_quotes(gap, em)
            if quotes and not (_ideograph(a) and _ideograph(b)):
                continue  # beside a digit or bracket such ink was its top (增长29% read 增长229%)
            if quotes:  # 研究”“科技 read 研究m科技: straight quotes, turned later
                for x, width in quotes:
                    box = (float(x0 + x), float(top), float(x0 + x + width), float(bottom))
                    out.append(Glyph('"', *box, MARK_CONFIDENCE, a.line))
                continue
            result, _ = _load_engine()(gray[top:bottom, x0:x1], use_det=False, use_cls=False)
            text, score = (result[0][0].strip(), float(result[0][1])) if result else ("", 0.0)
            if not text:
                wider = gray[top:bottom, int(a.x0) : int(b.x1) + 1]
                count = max(1, round((b.x0 - a.x1) / (1.2 * em)))
                text, score = _second_opinion(wider, a.text, count), TESSERACT_CONFIDENCE
            # The text sits on its ink, not across the whole gap: the room left beside it
            # is a gutter a borderless table's columns are told by (项目名称 then the name).
            inked = columns.nonzero()[0]
            box = (float(x0 + inked[0]), float(top), float(x0 + inked[-1] + 1), float(bottom))
            out.extend(_split(text, box, score) if text else [Glyph(UNREAD, *box, 0.0)])
    return out


# A Chinese character read below this is re-read with its neighbours (:func:`reread_doubtful`).
DOUBTFUL = 0.6
# The least score a re-read with its neighbours needs to replace the first reading.
REREAD_SURE = 0.95


def reread_doubtful(gray: Any, glyphs: list[Glyph]) -> list[Glyph]:
    """Glyphs with each doubtful Chinese character (below :data:`DOUBTFUL`) read again in a
    crop of it and its neighbours on the line, set to that reading when the crop reads
    with :data:`REREAD_SURE` as the same number of characters, the neighbours as before
    and this one different.

    Why: the recogniser decodes a whole line, and a blurred character there can lose to a
    look-alike the line model likes (规划 read 规我 at 0.31, 领导干部 as 领导千部 at 0.47,
    项目 as 项自 at 0.58 on the seed's light faithful scan). Three characters are a
    different question: each of those crops read right at 0.95–1.00. The neighbours must
    come back unchanged, or the crop was cut wrong (a stroke of the next character read
    as one more) and nothing is taken from it. The character set right keeps its box and
    gets :data:`MARK_CONFIDENCE` (or its own, if lower); the page's notice counts it."""
    out = list(glyphs)
    index = {id(g): i for i, g in enumerate(glyphs)}
    lines: dict[int, list[Glyph]] = {}
    for g in glyphs:
        if g.line >= 0:
            lines.setdefault(g.line, []).append(g)
    for members in lines.values():
        members.sort(key=lambda g: g.x0)
        for i, g in enumerate(members):
            if not _ideograph(g) or g.confidence >= DOUBTFUL:
                continue
            crop = members[max(i - 1, 0) : i + 2]
            pad = int(0.25 * (g.bottom - g.top))
            top = max(int(min(c.top for c in crop)) - pad, 0)
            bottom = int(max(c.bottom for c in crop)) + pad
            x0, x1 = max(int(crop[0].x0) - 2, 0), int(crop[-1].x1) + 2
            result, _ = _load_engine()(gray[top:bottom, x0:x1], use_det=False, use_cls=False)
            if not result:
                continue
            text, score = "".join(result[0][0].split()), float(result[0][1])
            at = crop.index(g)
            before = [c.text for c in crop]
            if score < REREAD_SURE or len(text) != len(crop):
                continue
            if any(text[k] != before[k] for k in range(len(crop)) if k != at):
                continue
            if text[at] == g.text or not "\u3400" <= text[at] <= "\u9fff":
                continue
            sure = min(g.confidence, MARK_CONFIDENCE)
            # The crop read no character between these: the room to the neighbours' boxes
            # holds this one's ink (划's 刂 past the box of the 我 it was read as, which
            # :func:`reread_gaps` then read as 制). A gutter there is drawn back later
            # (:func:`boxes_off_gutters`).
            x0 = crop[at - 1].x1 if at > 0 else g.x0
            x1 = crop[at + 1].x0 if at + 1 < len(crop) else g.x1
            out[index[id(g)]] = replace(
                g, text=text[at], confidence=sure, x0=min(g.x0, x0), x1=max(g.x1, x1)
            )
    return out


def reread_line_starts(gray: Any, glyphs: list[Glyph], ink: Any, rulings: Any) -> list[Glyph]:
    """Characters the recogniser dropped before a line's first one: 一、中国创新… read
    、中国创新… on the seed's heavy docx scan (the thin 一 starts the cell). The room
    between a cell's left ruling (``rulings``: the painted-out line pixels), at most three
    ems back, and a line's first character is looked at for ink wholly inside
    the line's band and in no recognised character's box, stretching 0.8 em or more
    before the first character's own ink; that ink is recognised on its own. Without a
    ruling there (a borderless table) the room may hold another column's text, and is left
    alone. :func:`reread_missed` does not see such ink: it stands within half an em of the
    line's box, which it takes for a stroke of the text past its box. Three ems: on the
    light docx scan the 、 went with the 一 (中国创新… read alone), and the ruling stood
    2.6 ems before 中 (the 一, the 、's em and the cell's padding)."""
    import cv2
    import numpy as np

    out: list[Glyph] = []
    for members, em in _lines_with_em(glyphs):
        first = members[0]
        top, bottom = int(first.top), int(first.bottom) + 1
        end = int(first.x0)
        start = max(int(first.x0 - 3 * em), 0)
        edge = next(
            (x for x in range(end - 1, start - 1, -1) if _crossed(rulings[top:bottom, x : x + 1])),
            None,
        )
        if edge is None or end - edge < 0.5 * em:
            continue  # a line not starting a ruled cell: the room may be another column's
        start = edge + 1
        if not ink[top + 1 : bottom - 1, start:end].any():
            continue  # the cell's padding, blank (most lines)
        for g in glyphs:
            level = min(g.bottom, bottom) - max(g.top, top) > 0.5 * (bottom - top)
            if level and g.line != first.line and start < g.x1 <= end:
                start = int(g.x1) + 1
        room = np.array(ink[top:bottom, start:end], dtype=np.uint8)
        for g in glyphs:
            if g.x1 > start and g.x0 < end and g.bottom > top and g.top < bottom:
                room[
                    max(int(g.top) - top, 0) : max(int(g.bottom) + 1 - top, 0),
                    max(int(g.x0) - start, 0) : max(int(g.x1) + 1 - start, 0),
                ] = 0
        count, _, stats, _ = cv2.connectedComponentsWithStats(room)
        height = room.shape[0]
        inner = [s for s in stats[1:count] if s[4] >= 6 and s[1] > 0 and s[1] + s[3] < height]
        if not inner:
            continue
        dot = _line_start_dot(inner, ink[top:bottom, start : int(first.x1)], first, start, em)
        if dot is not None:
            out.append(Glyph("·", *dot, MARK_CONFIDENCE, first.line))
            continue
        left = start + min(int(s[0]) for s in inner)
        # The first character's own ink (the stretch nearest its box's middle) must stand
        # apart from what is before it: its box is a share of the line, and the rest of a
        # 一 starting the line (一级指标) lies before the box.
        margin = int(0.15 * (bottom - top))
        band = ink[top + margin : bottom - margin, left : int(first.x1) + 1]
        runs = _inked_runs(band.any(axis=0).tolist())
        if not runs:
            continue
        at = (first.x0 + first.x1) / 2 - left
        own = min(range(len(runs)), key=lambda n: max(runs[n][0] - at, at - runs[n][1] + 1, 0))
        right = left + (runs[own - 1][1] if own > 0 else 0)
        if right - left < 0.8 * em:
            continue  # a first character's own left part (月 of 服) past its box
        crop = gray[top:bottom, max(left - 3, 0) : right + 2]
        result, _ = _load_engine()(crop, use_det=False, use_cls=False)
        text, score = (result[0][0].strip(), float(result[0][1])) if result else ("", 0.0)
        if text:
            box = (float(left), first.top, float(right), first.bottom)
            out.extend(_split(text, box, score, first.line))
    return out


def _line_start_dot(
    blobs: list[Any], band: Any, first: Glyph, start: int, em: float
) -> tuple[float, float, float, float] | None:
    """The box of a middle dot the recogniser dropped at a line's start, if the room
    before the line's first character (``blobs``: its ink, OpenCV stats; ``band``: the
    line's ink from column ``start`` to the first character's end) holds one: a single
    small round blob, a tenth to a third of an em across, its middle within the line's
    middle third, a tenth of an em of white between it and the first character's ink
    (穗港澳台科技 | ·产业发展 on the seed's heavy docx scan, the · a 4 × 5 px dot, 产's box
    reaching to it: too little ink for :func:`reread_line_starts`' crop). No other mark
    stands there: a line starts with no 、，。 and a quote sits at its top."""
    if len(blobs) != 1:
        return None
    x, y, w, h, _area = (int(v) for v in blobs[0])
    middle = (y + h / 2) / band.shape[0]
    round_ = 0.6 * h <= w <= h / 0.6
    if not (0.1 * em <= min(w, h) and max(w, h) <= em / 3 and round_ and 1 / 3 < middle < 2 / 3):
        return None
    # The white run after the dot (a pixel of its blurred edge may stand apart from it).
    runs = _inked_runs(band[:, x:].any(axis=0).tolist())
    if len(runs) < 2 or runs[1][0] - runs[0][1] < 0.1 * em:
        return None  # the first character's ink is missing or touches the dot
    return (float(start + x), first.top, float(start + x + w), first.bottom)


def _lone_mark(gap: Any, em: float) -> bool:
    """Whether the ink in a gap, apart from the neighbours' strokes reaching into it (blobs
    touching its left or right side) and the tips of the lines above and below (short
    blobs touching its top or bottom), is one blob small enough to be a punctuation mark.
    Read alone, the recogniser makes a 、 into a character (茶 at 0.08, 一 at 0.07 on the
    seed's heavy docx scan, beside the 、 the shape test then also found)."""
    import cv2
    import numpy as np

    count, _, stats, _ = cv2.connectedComponentsWithStats(np.ascontiguousarray(gap, np.uint8))
    height, width = gap.shape
    blobs = [s for s in stats[1:count] if s[4] >= 6]
    sides = [s for s in blobs if s[0] == 0 or s[0] + s[2] >= width]
    inner = [s for s in blobs if not (s[0] == 0 or s[0] + s[2] >= width)]
    edge = [s for s in inner if s[1] == 0 or s[1] + s[3] >= height]
    marks = [s for s in inner if not (s[1] == 0 or s[1] + s[3] >= height)]
    # A dropped character filling the gap has parts touching its sides too (竣 between 成
    # and 工 on the project 自评表's heavy scan, its 立's dot the lone inner blob): what
    # reaches in from a side must be a neighbour's stroke tip, not a character's half.
    return (
        len(marks) == 1
        and max(marks[0][2], marks[0][3]) <= 0.45 * em
        and all(s[3] <= 0.3 * em for s in edge)
        and all(s[2] <= 0.3 * em for s in sides)
    )


def _strokes_only(gap: Any, em: float) -> bool:
    """Whether all the ink in a gap touches its sides or is a tip of the lines above and
    below, and is little (a quarter of an em's square): strokes of the neighbours reaching
    past their boxes, read alone as phantom characters (第, 家, 2 on the seed's docx scans)
    when nothing was dropped there."""
    import cv2
    import numpy as np

    count, _, stats, _ = cv2.connectedComponentsWithStats(np.ascontiguousarray(gap, np.uint8))
    height, width = gap.shape
    blobs = [s for s in stats[1:count] if s[4] >= 4]
    inner = [
        s
        for s in blobs
        if not (s[0] == 0 or s[0] + s[2] >= width)
        and not ((s[1] == 0 or s[1] + s[3] >= height) and s[3] <= 0.3 * em)
    ]
    return not inner and sum(int(s[4]) for s in blobs) <= 0.25 * em * em


def _only_quotes(gap: Any, em: float) -> list[tuple[float, float]]:
    """The quotes (left edge and width, pixels) when the ink in a gap is one or two blobs of
    a quote's size and place (:func:`_quote_blob`; they may touch the gap's sides: the
    recogniser's boxes end on them), beside no more than a few strokes' tips of the
    neighbours and of the lines above and below (a narrow blob at a side is one):
    研究”“科技 on the seed's faithful scans, whose two quotes the recogniser read as m, 州,
    6 or nothing it could name. A dropped character leaves more ink than tips. A blob over
    half an em wide is two quotes run together. Else ``[]``."""
    import cv2
    import numpy as np

    count, _, stats, _ = cv2.connectedComponentsWithStats(np.ascontiguousarray(gap, np.uint8))
    height, width = gap.shape
    blobs = [s for s in stats[1:count] if s[4] >= 4]

    def quote(s: Any) -> bool:
        side = s[0] == 0 or s[0] + s[2] >= width
        return _quote_blob(s[2], s[3], s[1] + s[3], height, em) and not (side and s[2] < 0.3 * em)

    quotes = [s for s in blobs if quote(s)]
    rest = [s for s in blobs if not quote(s)]
    inner = [
        s
        for s in rest
        if not (s[0] == 0 or s[0] + s[2] >= width)
        and not ((s[1] == 0 or s[1] + s[3] >= height) and s[3] <= 0.3 * em)
    ]
    if not (1 <= len(quotes) <= 2) or inner or sum(int(s[4]) for s in rest) > 0.25 * em * em:
        return []
    return _quote_parts([(float(s[0]), float(s[2])) for s in quotes], em)


def _quote_parts(blobs: list[tuple[float, float]], em: float) -> list[tuple[float, float]]:
    """Quote blobs (left edge, width) as quotes: one over half an em wide is two run
    together (0.24–0.44 em alone, 0.61 or more two on the seed's scans)."""
    out = []
    for x, width in sorted(blobs):
        parts = 2 if width > 0.5 * em else 1
        out += [(x + n * width / parts, width / parts) for n in range(parts)]
    return out if len(out) <= 2 else []


# White this wide (share of the line's height) between two characters of one read line is
# a gutter, not the room between touching glyphs: CJK side bearings, a digit's and a Latin
# word space leave a third of it at most.
GUTTER = 0.5


def boxes_off_gutters(glyphs: list[Glyph], ink: Any) -> list[Glyph]:
    """Glyphs whose boxes are drawn back from white they reach into between two neighbours.

    A character's box is its share of the decoded line (the recogniser's column positions),
    a few points off its ink. When the detector reads across a table's gutter (the bold
    绩效指标 and 一级指标 of the borderless 自评表's header, 0.75 em apart on the page) the
    shares can shrink the gutter below a phrase gap (0.25 em on the light scan), so the
    header's 一级指标 no longer started its column, the column's wrapped 标 under 满意度指
    had no column start to stand at, and the table ended there: its last two rows were
    lost. Where the ink between two neighbours shows a white run of :data:`GUTTER` times
    the line's height or more, a box reaching over the run ends at its edge; boxes only
    shrink, towards their ink, and only across white. Punctuation is left alone (a
    full-width comma's box holds its own white).

    The line's height measures the run, not the median width of its boxes: the shares are
    narrower than the glyphs (5.8 pt for 8 pt characters on the seed's scans), and half of
    that took the left bearing of a 1 for a gutter. Run last, after the re-reads: they
    look for what the recogniser dropped in the room between its boxes as it placed them
    (drawn back first, a stroke of 心 reaching past its box stood alone in a gap and was
    read as unreadable ink)."""
    out = list(glyphs)
    index = {id(g): i for i, g in enumerate(glyphs)}
    for members, _em in _lines_with_em(glyphs):
        heights = sorted(g.bottom - g.top for g in members)
        room = GUTTER * heights[len(heights) // 2]
        for a, b in pairwise(members):
            if not (a.text[0].isalnum() and b.text[0].isalnum()):
                continue
            top, bottom = int(min(a.top, b.top)), int(max(a.bottom, b.bottom)) + 1
            x0, x1 = int((a.x0 + a.x1) / 2), int((b.x0 + b.x1) / 2) + 1
            if x1 - x0 < room:
                continue
            start, end = _widest_white(ink[top:bottom, x0:x1].any(axis=0))
            if end - start < room:
                continue
            left, right = float(x0 + start), float(x0 + end)
            i, j = index[id(a)], index[id(b)]
            if out[i].x1 > left > out[i].x0:
                out[i] = replace(out[i], x1=left)
            if out[j].x0 < right < out[j].x1:
                out[j] = replace(out[j], x0=right)
    return out


def _widest_white(inked: Any) -> tuple[int, int]:
    """The longest run of columns without ink: (first, one past the last); (0, 0) if none."""
    best, start = (0, 0), None
    for k, value in enumerate([*inked.tolist(), True]):
        if not value and start is None:
            start = k
        elif value and start is not None:
            if k - start > best[1] - best[0]:
                best = (start, k)
            start = None
    return best


# Below this a character whose box a ruling crosses is taken as made of the ruling. Real
# characters at a cell's start often have a box reaching over its border, read at 0.4–0.6
# on the heavy scans (≥ and > in the department 自评表); the ghost seen was at 0.06.
RULING_GHOST_CONFIDENCE = 0.2


def off_characters(glyphs: list[Glyph], ink: Any = None) -> list[Glyph]:
    """The glyphs without strokes of a character read again at the end of another line:
    the detector boxes a stroke sticking out of a character together with the next cell's
    text (or alone), and the recogniser reads it (1 at 0.67 on the end of 加, 月 at 0.93
    over the left of 服, 6 on a % on the seed's clean faithful scan). Such a glyph starts or
    ends its line, is at most 0.6 times as wide as a character of another line it stands
    on (its centre within that box, widened by a fifth each way for the stroke past it),
    and shares half its height with it. With the ink, the glyph's width and centre are
    its ink's (:func:`_ink_span`): the box of a line read across a painted-out ruling
    takes in the white before the stroke (月's box 15 px wide over 服's 23, its ink 8)."""
    lines: dict[int, list[Glyph]] = {}
    for g in glyphs:
        if g.line >= 0:
            lines.setdefault(g.line, []).append(g)
    ends = set()
    for members in lines.values():
        members.sort(key=lambda g: g.x0)
        ends |= {id(members[0]), id(members[-1])}
    out = []
    for g in glyphs:
        if id(g) in ends:
            left, right = _ink_span(ink, g) if ink is not None else (g.x0, g.x1)
            middle, width = (left + right) / 2, right - left
            height = g.bottom - g.top
            on = any(
                o.line != g.line
                and o.line >= 0
                and width <= 0.6 * (o.x1 - o.x0)
                and o.x0 - 0.2 * (o.x1 - o.x0) <= middle <= o.x1 + 0.2 * (o.x1 - o.x0)
                and min(o.bottom, g.bottom) - max(o.top, g.top) >= 0.5 * height
                for o in glyphs
            )
            if on:
                continue
        out.append(g)
    return out


def _ink_span(ink: Any, g: Glyph) -> tuple[float, float]:
    """The first and one past the last inked column of a glyph's box (the box if blank)."""
    import numpy as np

    columns = np.flatnonzero(_ink_of(ink, g).any(axis=0))
    if not len(columns):
        return g.x0, g.x1
    return float(int(g.x0) + columns[0]), float(int(g.x0) + columns[-1] + 1)


def off_blank(glyphs: list[Glyph], ink: Any) -> list[Glyph]:
    """The glyphs without those read doubtfully (below :data:`LOW_CONFIDENCE`) where the
    page shows no ink at all (the box and two pixels either side): the recogniser's
    reading of a line sometimes opens with a character read from blank paper (a 、 at 0.38
    in the space of 达 9000人 on the seed's clean faithful scan, a line of its own, which
    put the 、 before 9000). A character always leaves ink; a box off its ink by the
    shares of a line still touches it.

    A quote beside another quote of its line is dropped however surely it was read when
    the upper part of its box, where a quote's ink stands, is blank: the docx font's ”“
    leave a full em of white between their ink, and the recogniser read 研究”“科技 as
    研究””“科技 (the middle one at 0.84, on the seed's clean docx scan)."""
    neighbours = _quote_neighbours(glyphs)
    out = []
    for i, g in enumerate(glyphs):
        box = ink[int(g.top) : int(g.bottom) + 1, max(int(g.x0) - 2, 0) : int(g.x1) + 3]
        if g.confidence < LOW_CONFIDENCE and not box.any():
            continue
        if i in neighbours:
            height = g.bottom - g.top
            upper = ink[
                int(g.top + 0.1 * height) : int(g.top + 0.6 * height) + 1,
                max(int(g.x0) - 1, 0) : int(g.x1) + 2,
            ]
            if not upper.any():
                continue
        out.append(g)
    return out


def _quote_neighbours(glyphs: list[Glyph]) -> set[int]:
    """Indices of the quotes next to another quote in their read line."""
    lines: dict[int, list[int]] = {}
    for i, g in enumerate(glyphs):
        if g.line >= 0:
            lines.setdefault(g.line, []).append(i)
    out: set[int] = set()
    for members in lines.values():
        members.sort(key=lambda i: glyphs[i].x0)
        for i, j in pairwise(members):
            if glyphs[i].text in _QUOTES and glyphs[j].text in _QUOTES:
                out |= {i, j}
    return out


def off_rulings(glyphs: list[Glyph], rulings: Any) -> list[Glyph]:
    """The glyphs without those the recogniser made of a ruling: below
    :data:`RULING_GHOST_CONFIDENCE` and with a ruling through their box. Printed text never
    straddles a border, but with the rulings painted out the detector reads two cells as
    one line, and the faint band left of the border became a character (福 at 0.06 between
    the seed's 提升 and 目, at the category column's edge)."""
    out = []
    for g in glyphs:
        x0, x1 = int(g.x0), int(g.x1) + 1
        inner = max((x1 - x0) // 5, 1)  # a ruling beside the glyph is no reason
        box = rulings[int(g.top) : int(g.bottom) + 1, x0 + inner : x1 - inner]
        if g.confidence < RULING_GHOST_CONFIDENCE and (_crossed(box) or _crossed(box.T)):
            continue
        out.append(g)
    return out


def _crossed(mask: Any) -> bool:
    """Whether a vertical ruling runs through this stretch of a line (line pixels down at
    least half its height in some column)."""
    return bool(mask.size) and bool((mask > 0).sum(axis=0).max() >= 0.5 * mask.shape[0])


# A punctuation mark read from its shape alone (:func:`skipped_marks`): a guess the page's
# notice counts, not low enough to withhold a verdict (it never changes a number).
MARK_CONFIDENCE = 0.7


def skipped_marks(glyphs: list[Glyph], ink: Any) -> list[Glyph]:
    """、，。 that the recogniser skipped between two characters of a line it read, or
    after its last one: on a blurred scan a small mark often vanishes from the decoded text
    (一、服务 read 一服务). A lone blob of ink in that room, wholly inside it and touching no
    recognised character, is taken by its shape (:func:`_mark_shape`), with
    :data:`MARK_CONFIDENCE`; one the shape test cannot name stays unread.

    The room reaches :data:`TAIL_ROOM` of an em below the line's boxes, which hug the
    characters' ink: a comma's tail hangs lower (中心1个，分别 read 中心1个分别, the tail on
    the box's last row, so the blob touched the room's edge and was taken for the line
    below). A comma is at least as tall as wide: a flat blob low in the room is the broken
    end of a character's horizontal stroke (the bottom of 工 at 200 dpi, read 提升工，; the
    end of 数's sweep below the boxes), three false commas on the seed's docx scans.

    After a closing bracket or quote the room reaches half an em further: their ink fills
    the left half of their em, so a full-width mark after them stands an em past the ink
    （119.75）。 read without its 。; 青托工程”、 without its 、). Ink read already on its own
    (by :func:`reread_missed`: glyphs of no line) is no skipped mark."""
    import cv2
    import numpy as np

    out: list[Glyph] = []
    alone = [g for g in glyphs if g.line < 0]
    widths = sorted(g.x1 - g.x0 for g in glyphs if g.line >= 0 and _ideograph(g))
    page = widths[len(widths) // 2] if widths else 0.0
    for members, em in _lines_with_em(glyphs, page_em=True):
        top = int(min(g.top for g in members))
        bottom = int(max(g.bottom for g in members)) + 1
        below = min(bottom + int(TAIL_ROOM * em), ink.shape[0])
        ends = [*pairwise(members), (members[-1], None)]
        for a, b in ends:
            if a.text in _MARKS or (b is not None and b.text in _MARKS):
                continue  # a mark is already there
            if not (_worded(a) or a.text == "%" or (b is not None and _cjk(b))):
                continue  # between digits or Latin letters a dot is no mark to guess
            # (after a percentage a clause ends: 达95%。, whose 。 the recogniser often drops)
            x0 = int(a.x1) + 1
            if b is not None:
                x1 = int(b.x0)
            else:
                x1 = _room_after(glyphs, a, em, top, bottom)
                if a.text in _INK_LEFT:
                    x1 += int(0.5 * em)
            if x1 - x0 < 0.25 * em:
                continue
            room = np.ascontiguousarray(ink[top:below, x0:x1], dtype=np.uint8)
            count, labels, stats, _ = cv2.connectedComponentsWithStats(room)
            # Ink touching the room's sides belongs to a neighbour (a stroke beyond its box,
            # the line above or below); what is left must be one mark.
            blobs = [
                k
                for k in range(1, count)
                if stats[k][4] >= 6
                and stats[k][0] > 0
                and stats[k][0] + stats[k][2] < room.shape[1]
                and stats[k][1] > 0
                and stats[k][1] + stats[k][3] < room.shape[0]
            ]
            if len(blobs) != 1:
                continue
            x, y, w, h, _area = stats[blobs[0]]
            if max(w, h) > 0.45 * em:
                continue
            if any(_overlap(g, x0 + x, top + y, x0 + x + w, top + y + h) for g in alone):
                continue  # read already, on its own (:func:`reread_missed`)
            text = _mark_shape(labels == blobs[0], y + h / 2, bottom - top, em, max(em, page))
            # A skipped full-width mark leaves most of an em between its neighbours; in
            # less room a small blob is a broken-off stroke (on the seeded scans every
            # false mark had at most half an em, and its blob in the room's left part),
            # except a 、 standing right of the room's middle (neighbours' boxes crowd it).
            crowded = x1 - x0 < 0.6 * em
            if crowded and not (text == "、" and x + w / 2 >= 0.45 * (x1 - x0)):
                continue
            # 心's right dot past its box, read as a 、 (交易中心线上 read 交易中心、线上; 交易中心
            # at a line's end): a skipped mark stands clear of the character before it,
            # a fifth of an em in a crowded room, at least a blank column at a line's end.
            if _beside_strokes(stats, count, blobs[0], bottom - top):
                continue
            white = _white_before(ink, top, bottom, x0 + x, em)
            close = (crowded and white < MARK_WHITE * em) or (b is None and white < 1)
            if text == "、" and close:
                continue
            if text == "，" and h < w:
                continue  # a comma hangs from its tail; a flat blob is a stroke's broken end
            if text and not (_worded(a) or (b is not None and _cjk(b))) and text != "。":
                continue  # after a lone percentage only the clause's end (100%， was a speck)
            if text:
                box = (float(x0 + x), float(top), float(x0 + x + w), float(bottom))
                out.append(Glyph(text, *box, MARK_CONFIDENCE, a.line))
    return out


_MARKS = set("、，。；：,.;:！？!?")

# How far below a line's boxes a skipped mark's ink may reach (share of the em): a comma's
# tail hangs 1–2 px below the characters' ink at 200 dpi; the next line starts a third of
# an em or more lower, and its ink there touches the room's edge, which rules it out.
TAIL_ROOM = 0.15

# Closing marks whose full-width ink fills the left half of their em, as the recogniser
# reads them (quotes not yet turned, brackets not yet made full-width).
_INK_LEFT = set('）)》」』】〕”"')


def _beside_strokes(stats: Any, count: int, mark: int, band: int) -> bool:
    """Whether ink of a skipped mark's room other than its blob ``mark`` shares a column
    with it, the tips of the lines above and below (reaching the band's top, or past its
    ``band`` rows at the bottom) aside: a mark has its columns to itself; a character's
    dot does not (心's right dot above its hook, past the box, read 教学中心、智能 on the
    seed's clean faithful scan, in a room just wide enough to count as uncrowded)."""
    x, w = stats[mark][0], stats[mark][2]
    return any(
        k != mark
        and stats[k][1] > 0
        and stats[k][1] + stats[k][3] < band
        and min(stats[k][0] + stats[k][2], x + w) > max(stats[k][0], x)
        for k in range(1, count)
    )


def _overlap(g: Glyph, x0: float, top: float, x1: float, bottom: float) -> bool:
    return g.x0 < x1 and x0 < g.x1 and g.top < bottom and top < g.bottom


def _worded(g: Glyph) -> bool:
    """Whether a mark may follow ``g``: a Chinese character, a full-width mark, a closing
    bracket or a quote (a clause ends after 工程” or 万元), as after 工程; the recogniser
    reads quotes straight or turned, brackets ASCII or full-width)."""
    return _cjk(g) or g.text in _INK_LEFT


def _white_before(ink: Any, top: int, bottom: int, x: int, em: float) -> int:
    """How many blank columns stand left of column ``x`` in a line's band before the
    nearest ink (looking back one em at most)."""
    start = max(int(x - em), 0)
    inked = ink[top:bottom, start:x].any(axis=0)
    hits = inked.nonzero()[0]
    return int(x - start - 1 - hits[-1]) if len(hits) else int(x - start)


# Centres of two neighbours read this many ems apart or more leave room for a full-width
# mark between them: adjacent characters stand about one em apart.
MARK_ROOM = 1.4
# ... and the mark stands clear of their ink by this share of an em on both sides: on the
# seed's scans every skipped mark had 0.22 em or more (a comma, left in its room), every
# stroke taken for one (办's right dot) 0.05 on one side.
MARK_WHITE = 0.15


def hidden_marks(glyphs: list[Glyph], ink: Any) -> list[Glyph]:
    """、，。 the recogniser skipped where its boxes cover the mark: the shares of a short
    line spread the remaining characters over the mark's room (三、服务 read 三服, the boxes
    of 三 and 服 meeting over the 、 on the seed's heavy docx scan), so
    :func:`skipped_marks` finds no room between them. Here the room is told by the ink:
    two neighbours whose centres stand :data:`MARK_ROOM` ems apart or more, and between
    them, half an em clear of both centres, one mark-sized blob that no other ink shares a
    column with and stands clear of the ink beside it (a character's own dot stands within
    half an em of its centre, beside its other strokes; 心's right dot, past half an em,
    touches its hook: 服务中心、2个 read 服务中心2个 had two candidates, one of them clear).
    The em is the page's (the median width of its Chinese characters), since a short
    line's boxes are as inflated as its room. Pairs with a mark between them (``glyphs``
    holds those :func:`skipped_marks` read) are left alone."""
    import cv2
    import numpy as np

    out: list[Glyph] = []
    for members, em in _lines_with_em(glyphs, cap=True):
        top = int(min(g.top for g in members))
        bottom = int(max(g.bottom for g in members)) + 1
        for a, b in pairwise(members):
            if a.text in _MARKS or b.text in _MARKS or not (_cjk(a) or _cjk(b)):
                continue
            ca, cb = (a.x0 + a.x1) / 2, (b.x0 + b.x1) / 2
            if cb - ca < MARK_ROOM * em:
                continue
            x0, x1 = int(ca), int(cb) + 1
            room = np.ascontiguousarray(ink[top:bottom, x0:x1], dtype=np.uint8)
            count, labels, stats, _ = cv2.connectedComponentsWithStats(room)
            blobs = [k for k in range(1, count) if stats[k][4] >= 6]
            height = room.shape[0]
            marks = [
                k
                for k in blobs
                if stats[k][1] > 0
                and stats[k][1] + stats[k][3] < height
                and max(stats[k][2], stats[k][3]) <= 0.45 * em
                and x0 + stats[k][0] + stats[k][2] / 2 - ca >= 0.5 * em
                and cb - (x0 + stats[k][0] + stats[k][2] / 2) >= 0.5 * em
            ]
            # The tips of the lines above and below (short, at the band's edge) aside.
            tips = {
                k
                for k in blobs
                if (stats[k][1] == 0 or stats[k][1] + stats[k][3] >= height)
                and stats[k][3] <= 0.3 * em
            }
            others = set(blobs) - tips
            clear = [k for k in marks if _stands_clear(stats, k, others, room.shape[1], em)]
            if len(clear) != 1:
                continue
            x, y, w, h, _area = stats[clear[0]]
            text = _mark_shape(labels == clear[0], y + h / 2, height, em)
            if text:
                box = (float(x0 + x), float(top), float(x0 + x + w), float(bottom))
                out.append(Glyph(text, *box, MARK_CONFIDENCE, a.line))
    return out


def guesses_over_marks(gap_glyphs: list[Glyph], marks: list[Glyph]) -> list[Glyph]:
    """The characters :func:`reread_gaps` read, below :data:`LOW_CONFIDENCE`, where a mark
    was then found by its shape: the gap the recogniser left was that mark's (报告批复、分批
    read 报告批复分批 on the seed's heavy docx scan; the gap, holding the 、 and a stroke end
    of 复, was read 大 at 0.04 before the 、 was found under the boxes)."""
    return [
        g
        for g in gap_glyphs
        if g.confidence < LOW_CONFIDENCE
        and any(_overlap(g, m.x0, m.top, m.x1, m.bottom) for m in marks)
    ]


def _stands_clear(stats: Any, k: int, blobs: set[int], width: int, em: float) -> bool:
    """Whether blob ``k`` of a room (``stats`` as OpenCV gives them) shares no column with
    another of ``blobs`` and has :data:`MARK_WHITE` of an em of white on both sides (the
    room's edge, ``width``, on the right if nothing is there): a
    character's stroke stands beside its others (办's detached dot close to its body, 心's
    right dot, half an em from its centre, touching the hook)."""
    x, w = stats[k][0], stats[k][2]
    others = [j for j in blobs if j != k]
    if any(not (stats[j][0] + stats[j][2] <= x or stats[j][0] >= x + w) for j in others):
        return False
    left = max((stats[j][0] + stats[j][2] for j in others if stats[j][0] < x), default=0)
    right = min((stats[j][0] for j in others if stats[j][0] > x), default=width)
    return min(x - left, right - x - w) >= MARK_WHITE * em


def skipped_quotes(glyphs: list[Glyph], ink: Any) -> list[Glyph]:
    """Quotes the recogniser skipped (名“青托”青年 read 名“青托青年 on the seed's heavy
    faithful scan: a closing quote there is a 5 × 4 px smudge): between two neighbours of a
    line whose centres stand 1.2 em apart or more, blobs in the line's upper half, small,
    with no other ink in their columns (a character's top dots have its body below them).
    One wider than half an em is two quotes run together (研究”“科技). They are read as
    straight quotes, turned by :func:`quote_directions`, at :data:`MARK_CONFIDENCE`."""
    import cv2
    import numpy as np

    out: list[Glyph] = []
    for members, em in _lines_with_em(glyphs, cap=True):
        top = int(min(g.top for g in members))
        bottom = int(max(g.bottom for g in members)) + 1
        for a, b in pairwise(members):
            if not _quotable(a, b):
                continue
            ca, cb = (a.x0 + a.x1) / 2, (b.x0 + b.x1) / 2
            if cb - ca < 1.2 * em:
                continue
            x0 = int(ca)
            room = np.ascontiguousarray(ink[top:bottom, x0 : int(cb) + 1], dtype=np.uint8)
            count, _labels, stats, _ = cv2.connectedComponentsWithStats(room)
            height = room.shape[0]
            blobs = [k for k in range(1, count) if stats[k][4] >= 4]
            tips = {
                k
                for k in blobs
                if (stats[k][1] == 0 or stats[k][1] + stats[k][3] >= height)
                and stats[k][3] <= 0.3 * em
            }
            for k in blobs:
                x, y, w, h, _area = stats[k]
                middle = x0 + x + w / 2
                if (
                    k in tips
                    or x == 0  # cut off a character at the room's edge (广's top stroke)
                    or x + w >= room.shape[1]
                    or not _quote_blob(w, h, y + h, height, em)
                    or middle - ca < 0.45 * em
                    or cb - middle < 0.45 * em
                ):
                    continue
                shared = any(
                    not (stats[j][0] + stats[j][2] <= x or stats[j][0] >= x + w)
                    for j in blobs
                    if j != k and j not in tips
                )
                if shared:
                    continue
                for left, width in _quote_parts([(float(x0 + x), float(w))], em):
                    box = (left, float(top), left + width, float(bottom))
                    out.append(Glyph('"', *box, MARK_CONFIDENCE, a.line))
    return out


_QUOTES = set('“”"')


def quotes_read_again(gray: Any, glyphs: list[Glyph], cells: list[list[int]]) -> list[Glyph]:
    """Quotes the recogniser skipped that a second reading of their line finds: in each
    cell (``cells``: glyph indices, outside a ruled cell each line's, as :func:`cells_of`
    groups them) holding an odd number of quotes, so that one was
    dropped, every line is read again in a crop of it alone, padded, and a quote the second
    reading puts between two characters it reads as the first did is added there, a
    straight quote at :data:`MARK_CONFIDENCE` turned by :func:`quote_directions`.

    Why: the page's recogniser decodes a line with its neighbours' ink at its edges, and a
    quote fused with a character's blurred ink is lost (传播“科学家 read 传播科学家 on the
    seed's heavy faithful scan, the cell's closing quote kept); the line alone read
    传播“科学家 at 0.98. Only where the count says a quote is missing is a line read
    again (8–26 lines on the seed's 8–10-page scans), and only a lone quote flanked by
    unchanged text is taken, so a line the crop reads otherwise adds nothing."""
    import difflib

    import cv2

    out: list[Glyph] = []
    for seq in cells:
        if sum(glyphs[i].text in _QUOTES for i in seq) % 2 == 0:
            continue
        lines: dict[int, list[Glyph]] = {}
        for i in seq:
            if glyphs[i].line >= 0:
                lines.setdefault(glyphs[i].line, []).append(glyphs[i])
        for members in lines.values():
            members.sort(key=lambda g: g.x0)
            if any(len(g.text) != 1 for g in members):
                continue
            height = int(max(g.bottom for g in members) - min(g.top for g in members))
            top = max(int(min(g.top for g in members)) - height // 4, 0)
            bottom = int(max(g.bottom for g in members)) + height // 4
            x0, x1 = max(int(members[0].x0) - height // 2, 0), int(members[-1].x1) + height // 2
            crop = cv2.copyMakeBorder(gray[top:bottom, x0:x1], 8, 8, 16, 16, cv2.BORDER_REPLICATE)
            result, _ = _load_engine()(crop, use_det=False, use_cls=False)
            if not result or float(result[0][1]) < REREAD_SURE:
                continue
            first, second = "".join(g.text for g in members), "".join(result[0][0].split())
            ops = difflib.SequenceMatcher(None, first, second, autojunk=False).get_opcodes()
            for k, (op, i1, _i2, j1, j2) in enumerate(ops):
                if op != "insert" or j2 - j1 != 1 or second[j1] not in _QUOTES:
                    continue
                if not 0 < k < len(ops) - 1 or ops[k - 1][0] != "equal" or ops[k + 1][0] != "equal":
                    continue
                a, b = members[i1 - 1], members[i1]
                if a.text in _QUOTES or b.text in _QUOTES:
                    continue
                out.append(
                    Glyph('"', a.x1, a.top, max(b.x0, a.x1 + 1), a.bottom, MARK_CONFIDENCE, a.line)
                )
    return out


def _ideograph(g: Glyph) -> bool:
    return "\u3400" <= g.text[0] <= "\u9fff"


def _quotable(a: Glyph, b: Glyph) -> bool:
    """Whether a skipped quote is looked for between two neighbours: Chinese characters,
    or one and a letter or digit (承办“1+X”相关). Beside a bracket or another mark the small
    ink above the line's middle was its top (量（229 read 量“（229)."""
    return (_ideograph(a) or _ideograph(b)) and all(
        _ideograph(g) or g.text[0].isalnum() for g in (a, b)
    )


def _quote_blob(width: int, height: int, bottom: int, line: int, em: float) -> bool:
    """Whether a blob (pixels; ``bottom`` from the line's top, ``line`` its height) has a
    quote's size and place: a fifth of an em to an em wide (one quote, or two run
    together), a fifth to a third high, above the line's middle. Measured on the seed's
    scans: every skipped quote was 0.24–1 em wide, 0.19–0.33 high, ending above 0.45 of
    the line; the ink taken for one that was not (a flat stroke end, a sliver) was lower,
    flatter or narrower."""
    return 0.2 * em <= width <= em and 0.18 * em <= height <= 0.35 * em and bottom <= 0.45 * line


# Marks the recogniser makes of a blurred 、，。 (、 → ·, 。 → ° or ·, ， → .), unsure of them.
_DOUBTFUL_MARKS = set("·°.")


def mark_shapes(glyphs: list[Glyph], ink: Any) -> list[Glyph]:
    """Glyphs with a doubtful ·, ° or . (read below :data:`LOW_CONFIDENCE`, not between two
    digits) re-read from the shape of the largest blob of ink in its box
    (:func:`_mark_shape`): on the seed's heavy docx scan 技能竞赛、创新 came out 技能竞赛·创新
    (0.36) and 5.1%。 as 5.1%° (0.41). The docx font centres 、 and 。 in the line, so
    here size and slant decide, not height; a comma (small, low) only replaces a read
    full stop. A middle dot printed as one (众心向党·自立自强) is read surely and stays;
    a mark the shape cannot name stays as read, flagged by its confidence. A line with no
    Chinese character is measured by the page's em (达95%。 wrapped, read 95%°)."""
    import cv2
    import numpy as np

    out = list(glyphs)
    index = {id(g): i for i, g in enumerate(glyphs)}
    for members, em in _lines_with_em(glyphs, page_em=True):
        for k, g in enumerate(members):
            if g.text not in _DOUBTFUL_MARKS or g.confidence >= LOW_CONFIDENCE:
                continue
            near = [members[j].text[0] for j in (k - 1, k + 1) if 0 <= j < len(members)]
            if g.text == "." and len(near) == 2 and all(c.isdigit() for c in near):
                continue  # a decimal point
            box = np.ascontiguousarray(_ink_of(ink, g), dtype=np.uint8)
            count, labels, stats, _ = cv2.connectedComponentsWithStats(box)
            if count < 2:
                continue
            blob = 1 + int(np.argmax(stats[1:count, 4]))
            _x, y, w, h, _area = stats[blob]
            # The docx font's 。 is half an em across (read ° at 0.41 after 5.1% on the
            # seed's heavy scan); a ring read as ° is no stroke of a neighbour.
            if max(w, h) > (0.55 if g.text == "°" else 0.45) * em:
                continue  # a neighbour's stroke, not a mark
            low = y + h / 2 if g.text == "." else box.shape[0]
            text = _mark_shape(labels == blob, low, box.shape[0], em)
            # Between two Chinese characters a . is a mark of theirs: a low blob taller than
            # wide is a comma, its tail blurred past COMMA_SIZE (100门，预计 read 100门.预计
            # at 0.54 on the seed's heavy faithful scan, the comma 4 × 7 px at an em of 20).
            chinese = len(near) == 2 and all(ord(c) > 0x2E7F for c in near)
            if not text and g.text == "." and chinese and h >= w and low > 0.65 * box.shape[0]:
                text = "，"
            if text in ("、", "。") or (text == "，" and g.text == "."):
                confidence = min(g.confidence, MARK_CONFIDENCE)
                out[index[id(g)]] = replace(g, text=text, confidence=confidence)
    return out


# A middle dot's blob is 0.11–0.16 em across in the faithful seed's font, a bullet's
# 0.38–0.44 (众心向党•自立自强 read with ·); at this size or more a surely read · is •.
BULLET = 0.3


def bullets(glyphs: list[Glyph], ink: Any) -> list[Glyph]:
    """Middle dots read where the page prints a bullet, told by the size of the largest
    round blob in the glyph's box (:data:`BULLET`); a doubtful · is left to
    :func:`mark_shapes`, which reads it as the 、 or 。 it more often is. The docx seed's
    UMingCN bullet is a 0.155 em dot centred in a full em, smaller than the full-width
    middle dot SimSun and FangSong print in real reports (0.23 em), and stays as read."""
    import cv2
    import numpy as np

    out = list(glyphs)
    index = {id(g): i for i, g in enumerate(glyphs)}
    for members, em in _lines_with_em(glyphs):
        for g in members:
            if g.text != "·" or g.confidence < LOW_CONFIDENCE:
                continue
            box = np.ascontiguousarray(_ink_of(ink, g), dtype=np.uint8)
            count, _, stats, _ = cv2.connectedComponentsWithStats(box)
            if count < 2:
                continue
            _x, _y, w, h, _area = stats[1 + int(np.argmax(stats[1:count, 4]))]
            if min(w, h) >= BULLET * em and max(w, h) <= 0.6 * em:
                confidence = min(g.confidence, MARK_CONFIDENCE)
                out[index[id(g)]] = replace(g, text="•", confidence=confidence)
    return out


def _cjk(g: Glyph) -> bool:
    return ord(g.text[0]) > 0x2E7F


def _room_after(glyphs: list[Glyph], a: Glyph, em: float, top: int, bottom: int) -> int:
    """Where the room after a line's last character ends: an em and a fifth on, or sooner
    at the next recognised character level with it (the next column's text)."""
    end = a.x1 + 1.2 * em
    for g in glyphs:
        level = min(g.bottom, bottom) - max(g.top, top) > 0.5 * (bottom - top)
        if level and a.x1 < g.x0 < end:  # boxes of the lines above and below overlap a bit
            end = g.x0
    return int(end)


# The largest a comma's blob is (share of the em): the docx font's comma with its tail is
# 0.17 × 0.25 em on the seed's heavy scan (队伍建设， at a line's end, 党领导下，团结 read
# 党领导下.团结); 0.22, the bound before, lost seven of them. The em is the line's, from
# its characters' boxes, which on a short line come out up to a fifth narrow (2020年相比，
# at a wrapped line's end: 21 px on the clean scan, 19 on the light, where the page's are
# 24): 0.28 lost that comma (6 px) on the clean scan. :func:`skipped_marks` measures it by
# the larger of the line's em and the page's (the light scan's 19 px line lost it at 0.3).
COMMA_SIZE = 0.3


def _mark_shape(
    blob: Any, middle: float, height: int, em: float, comma_em: float | None = None
) -> str:
    """、，or 。 by the blob's size, slant and height in the line (fractions of the em),
    measured on the seeded heavy-noise scans of the seed: 、 is a stroke about a quarter em
    across slanting down to the right (x and y correlated), its middle below 0.38 of the
    line (the docx font sets it about the middle: 0.43 in 四、助力 on the light scan, lost
    at the 0.45 the other marks keep; a quote's middle is at 0.2–0.3); 。 a round blob as
    large, with no slant; ， a smaller mark in the lower part of the line, its size measured
    by ``comma_em`` when given (the page's em where a short line's boxes are narrow). Else
    ``""``."""
    import numpy as np

    ys, xs = np.nonzero(blob)
    w, h = xs.max() - xs.min() + 1, ys.max() - ys.min() + 1
    dx, dy = xs - xs.mean(), ys - ys.mean()
    spread = float(np.sqrt((dx * dx).mean() * (dy * dy).mean())) or 1.0
    slant = float((dx * dy).mean()) / spread
    low = middle > 0.45 * height
    if min(w, h) >= 0.18 * em and slant > 0.3 and middle > 0.38 * height:
        return "、"
    if min(w, h) >= 0.22 * em and abs(slant) < 0.2 and low:
        return "。"
    if max(w, h) <= COMMA_SIZE * (comma_em or em) and middle > 0.65 * height:
        return "，"
    return ""


# Tesseract gives no confidence comparable to RapidOCR's: what it alone read is flagged.
TESSERACT_CONFIDENCE = 0.5


def _second_opinion(image: Any, before: str, count: int) -> str:
    """The ``count`` characters tesseract (chi_sim, when installed) reads after ``before``
    in a crop that starts with it: trusted only when its reading starts with that known
    character. A character RapidOCR cannot decode (缮 in some fonts) is often one
    tesseract can; the character after the gap, also in the crop, is not needed."""
    import shutil
    import subprocess

    import cv2

    if shutil.which("tesseract") is None:
        return ""
    big = cv2.resize(image, None, fx=3, fy=3, interpolation=cv2.INTER_CUBIC)  # ~90 px lines
    padded = cv2.copyMakeBorder(big, 30, 30, 30, 30, cv2.BORDER_REPLICATE)
    _, png = cv2.imencode(".png", padded)
    try:
        done = subprocess.run(
            ["tesseract", "stdin", "stdout", "-l", "chi_sim", "--psm", "13"],
            input=png.tobytes(), capture_output=True, timeout=30, check=False,
            env={**os.environ, "OMP_THREAD_LIMIT": "1"},
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return ""
    read = "".join(done.stdout.decode("utf-8", "replace").split())
    if done.returncode or not read.startswith(before) or len(read) < len(before) + count:
        return ""
    return read[len(before) : len(before) + count]


_STROKES = {"一", "-", "—", "_", "－", "―", "─", "~"}


def _bounds(points: Sequence[Sequence[float]]) -> tuple[float, float, float, float]:
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _split(
    text: str, box: tuple[float, float, float, float], score: float, line: int = -1
) -> list[Glyph]:
    """A word's box shared among its characters by their printed width (a Chinese
    character is about twice as wide as a digit or Latin letter)."""
    chars = [ch for ch in text if not ch.isspace()]
    if not chars:
        return []
    widths = [1.0 if ord(ch) > 0x2E7F else 0.55 for ch in chars]
    x0, top, x1, bottom = box
    step = (x1 - x0) / sum(widths)
    out: list[Glyph] = []
    at = x0
    for ch, width in zip(chars, widths, strict=True):
        out.append(Glyph(ch, at, top, at + width * step, bottom, score, line))
        at += width * step
    return out


def full_width_punctuation(glyphs: list[Glyph]) -> list[Glyph]:
    """Glyphs with ASCII punctuation beside a Chinese character made full-width (see
    :data:`_FULL_WIDTH`); neighbours are taken in reading order on the same line."""
    order = sorted(range(len(glyphs)), key=lambda i: (round(glyphs[i].top / 8), glyphs[i].x0))
    out = list(glyphs)
    for k, i in enumerate(order):
        g = glyphs[i]
        wide = _FULL_WIDTH.get(g.text)
        if wide is None:
            continue
        near = [glyphs[order[j]] for j in (k - 1, k + 1) if 0 <= j < len(order)]
        if any(_same_line(g, n) and ord(n.text[0]) > 0x2E7F for n in near):
            out[i] = replace(g, text=wide)
    return out


_COLONS = {":": ("：", "；"), ";": ("：", "；"), "：": ("：", "；"), "；": ("：", "；")}


# A semicolon's lower mark (its comma, the window reaching 3 px below the blob for the
# tail the threshold loses) holds this many times the ink of the dot above it or more.
SEMICOLON_INK = 1.2
# ... and a colon's lower dot at most about as much: from this share up to SEMICOLON_INK the
# two overlap (on the seed's six scans colons held 0.79–1.20, semicolons 0.84 and more),
# and a semicolon the recogniser read as one stays one. Of 771 marks it read, no colon was
# read ；, while the darkness alone turned one ； (1.08, 长29%；开展 on the clean docx scan).
COLON_INK = 0.84


def colon_or_semicolon(glyphs: list[Glyph], ink: Any, gray: Any = None) -> list[Glyph]:
    """Colons and semicolons told apart by their ink: the recogniser confuses them on a
    blurred scan (list items 宣传60人次；托举… read with ：), but a semicolon's lower mark is
    a comma, heavier than its dot, and a colon's two dots are alike. A glyph without two
    clear marks one above the other (:func:`_stacked_marks`) stays as read.

    Measured on the seed's scans (samples/scan_noise.py), the marks of these fonts are
    3–4 px dots at 200 dpi, and the comma's tail is often too faint for the ink threshold.
    With the picture (``gray``), the darkness below the paper's tone is summed around each
    mark: on the seed's four heavy and clean scans the lower mark of 442 semicolons held
    0.84–2.95 times its dot's, of 73 colons 0.79–1.20, so :data:`SEMICOLON_INK` errs on 7
    semicolons where taller-at-all in the ink (the rule without the picture) erred on 17,
    two of them colons. Where the two overlap (:data:`COLON_INK` to :data:`SEMICOLON_INK`)
    a ； as read stands: the recogniser reads colons surely, semicolons less so.
    """
    import numpy as np

    paper = float(np.median(gray)) if gray is not None else 0.0
    out = list(glyphs)
    for i, g in enumerate(glyphs):
        pair = _COLONS.get(g.text)
        if pair is None:
            continue
        marks = _stacked_marks(_ink_of(ink, g))
        if marks is None:
            if _slanted_comma(_ink_of(ink, g), glyphs, i):
                out[i] = replace(g, text="、", confidence=min(g.confidence, MARK_CONFIDENCE))
            continue
        upper, lower = marks
        if gray is None:
            semicolon = lower[3] > upper[3]
        else:
            top, left = int(g.top), int(g.x0)
            dot = _darkness(gray, paper, top, left, upper, 0)
            comma = _darkness(gray, paper, top, left, lower, 3)
            read = g.text in ";；" and comma >= COLON_INK * dot
            semicolon = comma > SEMICOLON_INK * dot or read
        wide = g.text in "：；"
        text = pair[1] if semicolon else pair[0]
        out[i] = replace(g, text=text if wide else text.translate(_HALF))
    return out


def semicolon_tails(
    glyphs: list[Glyph], ink: Any, gray: Any, picture: Any, rulings: Any
) -> list[Glyph]:
    """Colons that are semicolons whose comma's tail ran into a ruling painted out under
    them (:func:`colon_or_semicolon` measures ``gray``, the picture with the rulings painted
    out): a list item ending a cell's last line, 选拔活动； and 257人； read with ： on the
    seed's docx scans, where the lower mark left above the ruling is a dot like the upper
    one. The darkness the tail adds to the ruling (:func:`_tail_on_ruling`, in ``picture``,
    the picture before the painting; ``rulings`` its mask) is counted with the lower mark.
    On the seed's and the 自评表 samples' docx scans (every level) the 8 semicolons so
    placed then held 1.23–1.51 times their dot's darkness, the 12 colons (其中：, 系统：)
    0.85–1.14, against :data:`SEMICOLON_INK`. A colon turned gets
    :data:`MARK_CONFIDENCE` (or keeps its own, if lower), counted in the page's notice."""
    import numpy as np

    paper = float(np.median(gray))
    out = list(glyphs)
    for i, g in enumerate(glyphs):
        if g.text not in "：:":
            continue
        marks = _stacked_marks(_ink_of(ink, g))
        if marks is None:
            continue
        upper, lower = marks
        top, left = int(g.top), int(g.x0)
        tail = _tail_on_ruling(picture, rulings, top, left, lower)
        dot = _darkness(gray, paper, top, left, upper, 0)
        if tail and _darkness(gray, paper, top, left, lower, 3) + tail > SEMICOLON_INK * dot:
            text = "；" if g.text == "：" else ";"
            out[i] = replace(g, text=text, confidence=min(g.confidence, MARK_CONFIDENCE))
    return out


def _tail_on_ruling(picture: Any, rulings: Any, top: int, left: int, mark: Any) -> float:
    """How much darker than the ruling's own tone the picture is in the ruling rows right
    under a mark (its blob's box in a glyph's box at ``top``, ``left``), from the mark down
    to the ruling's darkest row, in the mark's columns and a few to its left (a comma's
    tail slants down to the left). The tone is the median of each row along the ruling,
    two ems either way. 0 when no painted-out ruling starts right under the mark."""
    import numpy as np

    x, y, w, h = (int(v) for v in mark[:4])
    below = top + y + h
    x0, x1 = max(left + x - 4, 0), left + x + w + 1
    end = below
    while end < min(below + 12, rulings.shape[0]) and rulings[end, x0:x1].any():
        end += 1
    if end == below:
        return 0.0
    along = picture[below:end, max(x0 - 40, 0) : x1 + 40].astype(np.float32)
    tone = np.median(along, axis=1)
    core = int(np.argmin(tone)) + 1
    window = picture[below : below + core, x0:x1].astype(np.float32)
    return float(np.clip(tone[:core, None] - window, 0, None).sum())


def _slanted_comma(box: Any, glyphs: list[Glyph], i: int) -> bool:
    """Whether a glyph read as a colon or semicolon holds no two marks but one blob of a
    、's shape (:func:`_mark_shape`): 学术峰会、创新沙龙 read 学术峰会：创新沙龙 (0.68) on the
    seed's heavy docx scan. The em is the line's (its Chinese characters' median width)."""
    import cv2
    import numpy as np

    if box.size == 0:
        return False
    g = glyphs[i]
    wide = sorted(h.x1 - h.x0 for h in glyphs if h.line == g.line and h.line >= 0 and _cjk(h))
    wide = [w for w in wide if w > 0]
    if not wide:
        return False
    em = wide[len(wide) // 2]
    count, labels, stats, _ = cv2.connectedComponentsWithStats(box.astype(np.uint8))
    blobs = [k for k in range(1, count) if stats[k][4] >= 6]
    if len(blobs) != 1:
        return False
    _x, y, w, h, _area = stats[blobs[0]]
    if max(w, h) > 0.45 * em:
        return False
    return _mark_shape(labels == blobs[0], y + h / 2, box.shape[0], em) == "、"


def _darkness(gray: Any, paper: float, top: int, left: int, mark: Any, below: int) -> float:
    """How much darker than the paper the picture is around a mark (its blob's box in a
    glyph's box at ``top``, ``left``, one pixel wider each way and ``below`` lower)."""
    import numpy as np

    x, y, w, h = (int(v) for v in mark[:4])
    window = gray[
        max(top + y - 1, 0) : top + y + h + 1 + below, max(left + x - 1, 0) : left + x + w + 1
    ]
    return float(np.clip(paper - window.astype(np.float32), 0, None).sum())


def _stacked_marks(box: Any) -> tuple[Any, Any] | None:
    """The two marks of a colon or semicolon in a glyph's ink: the rightmost pair of small
    blobs one above the other. A glyph's box is a share of its word's box (:func:`_split`),
    so it often starts in the previous character's last strokes: those stand left of the
    marks and are taller or wider than a dot."""
    import cv2
    import numpy as np

    if box.size == 0:
        return None
    height = box.shape[0]
    count, _, stats, _ = cv2.connectedComponentsWithStats(box.astype(np.uint8))
    small = [
        s for s in stats[1:count] if s[4] >= 6 and s[2] <= 0.3 * height and s[3] <= 0.35 * height
    ]
    pairs = [
        (u, v)
        for u in small
        for v in small
        if abs(int(u[0]) - int(v[0])) <= 3 and u[1] + u[3] <= v[1] <= u[1] + u[3] + 0.3 * height
    ]
    if not pairs:
        return None
    return max(pairs, key=lambda p: (min(p[0][0], p[1][0]), p[1][1]))


_HALF = str.maketrans("：；", ":;")


def _ink_of(ink: Any, g: Glyph) -> Any:
    """The ink pixels inside a glyph's box (pixel rows and columns, ends included)."""
    return ink[int(g.top) : int(g.bottom) + 1, int(g.x0) : int(g.x1) + 1]


_CHEVRONS = {">": "≥", "＞": "≥", "》": "≥", "<": "≤", "＜": "≤", "《": "≤"}


def comparison_bars(
    glyphs: list[Glyph], ink: Any, cells: Sequence[Sequence[int]] = ()
) -> list[Glyph]:
    """≥ and ≤ that the recogniser read without their bar (> < 《 in some fonts), told by
    the ink (:func:`_has_bar`). A wrong operator turns a
    verdict over (≤15万元/台 against 15万元/台), so the shape decides, not the reading.
    《 and 》 are also title marks, whose double chevrons blur into a bar: they become an
    operator only before a number (《广州市全民科学素质行动规划》 stays as printed), and
    not when they pair up as a title in their cell (``cells``: glyph indices in reading
    order): 印制《2021年…科学素质读本》1.5万册 read ≤2021…≥1.5万 on the seed's heavy
    faithful scan. The recogniser reads a printed operator as ≥ or >, not as a title mark."""
    out = list(glyphs)
    order = sorted(range(len(glyphs)), key=lambda i: (round(glyphs[i].top / 8), glyphs[i].x0))
    after = {i: glyphs[j] for i, j in pairwise(order)}
    titles = _title_marks(glyphs, cells)
    for i, g in enumerate(glyphs):
        wide = _CHEVRONS.get(g.text)
        if wide is None or i in titles:
            continue
        if g.text in "《》" and not (i in after and after[i].text[0].isdigit()):
            continue
        box = _ink_of(ink, g)
        if box.size == 0:
            continue
        if _has_bar(box) or (g.text not in "《》" and _slanted_bar(box)):
            out[i] = replace(g, text=wide)
    return out


def _title_marks(glyphs: list[Glyph], cells: Sequence[Sequence[int]]) -> set[int]:
    """Indices of each 《 and the first 》 after it in its cell, with no other title mark
    between them: a title's marks, whatever stands after them."""
    pairs: set[int] = set()
    for seq in cells:
        opening = None
        for i in seq:
            if glyphs[i].text == "《":
                opening = i
            elif glyphs[i].text == "》" and opening is not None:
                pairs |= {opening, i}
                opening = None
    return pairs


def _slanted_bar(box: Any) -> bool:
    """The bar of ⩾ / ⩽, the form the docx 自评表 prints (read > at 0.43 on its light
    scan): a second stroke beside the chevron's lower arm, parallel to it. Three rows or
    more below the point hold two runs of ink, both moving the same way row by row; a
    bare > or < has one there. Title marks (《》), whose double chevrons look the same,
    are left to :func:`_has_bar`."""
    import numpy as np

    rows = np.flatnonzero(box.any(axis=1))
    if len(rows) < 8:
        return False
    twos = []
    for r in range((rows[0] + rows[-1]) // 2 + 1, rows[-1] + 1):
        line = np.concatenate(([0], box[r].astype(np.int8), [0]))
        edges = np.flatnonzero(np.diff(line))
        starts = edges[::2]
        if len(starts) == 2:
            twos.append((int(starts[0]), int(starts[1])))
    if len(twos) < 3:
        return False
    first = [a for a, _ in twos]
    second = [b for _, b in twos]
    steps = [np.sign(np.diff(first)), np.sign(np.diff(second))]
    same_way = all(abs(int(np.sum(st))) >= len(st) - 1 for st in steps)
    return (
        same_way
        and abs(second[-1] - second[0]) >= 2
        and np.sign(first[-1] - first[0]) == np.sign(second[-1] - second[0])
    )


def _has_bar(box: Any) -> bool:
    """A row in the lowest quarter of the ink filled across 60 % of its width: the bar of
    ≥ (blur often joins it to the chevron, so no gap is required). A bare > or < ends
    there in one stroke's width."""
    import numpy as np

    rows = np.flatnonzero(box.any(axis=1))
    columns = np.flatnonzero(box.any(axis=0))
    if len(rows) < 4 or len(columns) < 4:
        return False
    width = columns[-1] - columns[0] + 1
    low = box[rows[-1] - (rows[-1] - rows[0]) // 4 : rows[-1] + 1, columns[0] : columns[-1] + 1]
    return bool(low.sum(axis=1).max() >= 0.6 * width)


# Latin letters whose capital is their small letter drawn larger: the recogniser reads the
# shape, and at 200 dpi often the wrong case (1+X read 1+x at 0.57 on the seed's docx scans).
_SAME_SHAPE = {**dict(zip("cosuvwxz", "COSUVWXZ", strict=True)),
               **dict(zip("COSUVWXZ", "cosuvwxz", strict=True))}  # fmt: skip
# A letter's ink this share of the height of its line's digits or more is a capital, this
# share or less a small letter (a Latin font's x-height is 0.66–0.72 of its cap height, and
# digits stand as tall as capitals).
CAPITAL_HEIGHT, SMALL_HEIGHT = 0.88, 0.78


def letter_case(glyphs: list[Glyph], ink: Any) -> list[Glyph]:
    """Letters of :data:`_SAME_SHAPE` set to the case their height says, measured against
    the digits of their line (the tallest blob in each glyph's box; the median of the
    digits'): 承办“1+X” read 1+x, the X as tall as the 1 beside it. A line without digits
    gives no measure and its letters stay as read; so does a letter between the bounds.
    A letter changed gets :data:`MARK_CONFIDENCE` (or keeps its own, if lower), counted
    in the page's notice."""
    lines: dict[int, list[int]] = {}
    for i, g in enumerate(glyphs):
        if g.line >= 0:
            lines.setdefault(g.line, []).append(i)
    out = list(glyphs)
    for members in lines.values():
        digits = sorted(_blob_height(ink, glyphs[i]) for i in members if glyphs[i].text.isdigit())
        if not digits or not digits[len(digits) // 2]:
            continue
        tall = digits[len(digits) // 2]
        for i in members:
            g = glyphs[i]
            other = _SAME_SHAPE.get(g.text)
            if other is None:
                continue
            height = _blob_height(ink, g) / tall
            capital = height >= CAPITAL_HEIGHT
            if (capital and g.text.islower()) or (height <= SMALL_HEIGHT and g.text.isupper()):
                out[i] = replace(g, text=other, confidence=min(g.confidence, MARK_CONFIDENCE))
    return out


def _blob_height(ink: Any, g: Glyph) -> int:
    """The height of the tallest blob of ink in a glyph's box (0 if none): the character's
    own, not the tips of the lines above and below or a neighbour's stroke reaching in."""
    import cv2
    import numpy as np

    box = np.ascontiguousarray(_ink_of(ink, g), dtype=np.uint8)
    count, _, stats, _ = cv2.connectedComponentsWithStats(box)
    return int(stats[1:count, 3].max()) if count > 1 else 0


# What stands right after a closing quote and never after an opening one, and the reverse.
_AFTER_CLOSING = set("，、。；：！？）》")
_BEFORE_OPENING = set("，、。；：！？（《")
# Costs of the quote-direction choice (:func:`quote_directions`): going against the
# recogniser (times its confidence), against the punctuation beside the quote, two quotes
# in a row the same way, and a cell that starts with a closing or ends with an opening one.
_AGAINST_READING = 0.5
_AGAINST_PUNCTUATION = 4.0
_SAME_TWICE = 2.0
_AGAINST_CELL_ENDS = 3.0
# A line of prose may close a quote opened on the line before: its ends only break ties.
_AGAINST_LINE_ENDS = 0.3
# Going against the quote's place in its em (:func:`_quote_place`): more than a cell's ends,
# which a page break may cut (a cell's last quote on the page opening a title that goes on).
_AGAINST_PLACE = 2.0
# The white on one side of a quote's ink exceeding the other side's by this share of the em
# places it: a full-width quote's mark stands at one side of its em.
PLACE_WHITE = 0.3


def quote_directions(
    glyphs: list[Glyph], segments: Sequence[Any], scale: float, ink: Any = None
) -> list[Glyph]:
    """Chinese quotes turned the way their cell's text needs them. At 200 dpi a quote is
    two 4–6 px blobs whose direction the picture barely shows (the recogniser read 12 of the
    seed's quotes the wrong way on its heavy faithful scan), but a cell's quotes open and
    close in turn, a quote before ，、。 closes and one after them opens. Each ruled cell's
    quotes (in reading order; a glyph in no closed cell is grouped by its line) are given
    the directions that break these rules least, weighing the recogniser's reading by its
    confidence (:data:`_AGAINST_READING` …): where a quote was dropped, the turn is broken
    where the recogniser's readings say. With the picture (``ink``), a quote whose mark hugs
    the character before it and leaves white after closes, and the reverse opens
    (:func:`_quote_place`): a full-width quote's mark stands at one side of its em, which the
    blur leaves visible where the mark's own shape is lost. A quote turned keeps its
    confidence: the guess is counted in the page's notice."""
    out = list(glyphs)
    quotes = [i for i, g in enumerate(glyphs) if g.text in _QUOTES]
    if not quotes:
        return out
    for ruled, seq in cells_of(glyphs, segments, scale):
        spots = [k for k, i in enumerate(seq) if glyphs[i].text in _QUOTES]
        if not spots:
            continue
        costs = []  # per quote: (cost if opening, cost if closing)
        for n, k in enumerate(spots):
            g = glyphs[seq[k]]
            before = glyphs[seq[k - 1]].text if k > 0 else None
            after = glyphs[seq[k + 1]].text if k + 1 < len(seq) else None
            weight = _AGAINST_READING * g.confidence if g.text != '"' else 0.0
            opening = weight if g.text == "”" else 0.0
            closing = weight if g.text == "“" else 0.0
            if after in _AFTER_CLOSING and before not in _BEFORE_OPENING:
                opening += _AGAINST_PUNCTUATION
            if before in _BEFORE_OPENING and after not in _AFTER_CLOSING:
                closing += _AGAINST_PUNCTUATION
            ends = _AGAINST_CELL_ENDS if ruled else _AGAINST_LINE_ENDS
            if n == 0:
                closing += ends
            if n == len(spots) - 1:
                opening += ends
            if ink is not None and 0 < k < len(seq) - 1:
                place = _quote_place(ink, glyphs[seq[k - 1]], g, glyphs[seq[k + 1]])
                opening += _AGAINST_PLACE if place == "”" else 0.0
                closing += _AGAINST_PLACE if place == "“" else 0.0
            costs.append((opening, closing))
        for k, opening in zip(spots, _cheapest_turns(costs), strict=True):
            i = seq[k]
            text = "“" if opening else "”"
            if glyphs[i].text != text:
                out[i] = replace(glyphs[i], text=text)
    return out


def _quote_place(ink: Any, before: Glyph, quote: Glyph, after: Glyph) -> str:
    """``”`` when a quote's mark hugs the character before it and has white after it, ``“``
    for the reverse, else ``""``: the mark is the ink in the upper part of the line near the
    quote's box, its neighbours' ink the stretches either side of it, in the line's band
    across the neighbours' boxes (rows a tenth of the line in from its edges, where the
    lines above and below reach in; a neighbouring quote's mark may stand at its box's far
    side). Only between neighbours of the quote's line."""
    if quote.line < 0 or not before.line == quote.line == after.line:
        return ""
    height = quote.bottom - quote.top
    top, bottom = int(quote.top + 0.1 * height), int(quote.bottom - 0.1 * height)
    start, end = int(before.x0), int(after.x1) + 1
    band = ink[top:bottom, start:end]
    if band.size == 0:
        return ""
    runs = _inked_runs(band.any(axis=0).tolist())
    low = int(0.55 * band.shape[0])
    mark = [
        n
        for n, (a, b) in enumerate(runs)
        if not band[low:, a:b].any()
        and quote.x0 - height / 4 <= start + (a + b) / 2
        and start + (a + b) / 2 <= quote.x1 + height / 4
    ]
    if not mark or mark[0] == 0 or mark[-1] == len(runs) - 1:
        return ""
    white_before = runs[mark[0]][0] - runs[mark[0] - 1][1]
    white_after = runs[mark[-1] + 1][0] - runs[mark[-1]][1]
    em = height
    if white_after - white_before >= PLACE_WHITE * em:
        return "”"
    if white_before - white_after >= PLACE_WHITE * em:
        return "“"
    return ""


_OPENING, _CLOSING = "(（", ")）"


def _bracket_pairs(glyphs: list[Glyph], seq: list[int]) -> tuple[list[tuple[int, int]], list[int]]:
    """(opening, closing) index pairs of one cell's round brackets, of either width, in the
    order they close, and the openings left unclosed; a closing bracket with no opening
    before it pairs with nothing."""
    pairs: list[tuple[int, int]] = []
    stack: list[int] = []
    for i in seq:
        if glyphs[i].text in _OPENING:
            stack.append(i)
        elif glyphs[i].text in _CLOSING and stack:
            pairs.append((stack.pop(), i))
    return pairs, stack


def paired_brackets(glyphs: list[Glyph], cells: list[list[int]]) -> list[Glyph]:
    """Brackets made as wide as their partner in the cell (``cells``: glyph indices in
    reading order): a bracket is made full-width beside Chinese (:func:`full_width_punctuation`),
    but one starting a line before a number has no Chinese beside it (（634.6万元） read
    (634.6万元）, the opening one at a line's start, on the seed's clean docx scan); a pair
    printed in one font is one width."""
    out = list(glyphs)
    for seq in cells:
        for j, i in _bracket_pairs(glyphs, seq)[0]:
            if (glyphs[j].text, glyphs[i].text) in (("(", "）"), ("（", ")")):
                out[j] = replace(glyphs[j], text="（")
                out[i] = replace(glyphs[i], text="）")
    return out


# A bracket's stroke spans most of the em (the docx font's ） 0.85–0.9 em at 200 dpi) and is
# thin; its middle stands this share of the em or more right of its ends (a 1 or l: none).
BRACKET_HEIGHT = 0.7
BRACKET_BULGE = 0.06


def dropped_brackets(glyphs: list[Glyph], ink: Any, cells: list[list[int]]) -> list[Glyph]:
    """Closing brackets the recogniser dropped from a cell that opens one and closes none:
    the seed's docx scans read （239万元）。 as （239万元。 (heavy) and （1400万元）。 as
    （1400万元。 (light), the thin ） run into 元's box. After the unclosed bracket, in the
    lines of its cell, the first blob of ink whose middle no glyph's box holds, tall
    (:data:`BRACKET_HEIGHT` of the em or more) and thin, bowed to the right
    (:data:`BRACKET_BULGE`), is read as its partner, at :data:`MARK_CONFIDENCE`."""
    import cv2
    import numpy as np

    out: list[Glyph] = []
    ems = dict(
        (members[0].line, em) for members, em in _lines_with_em(glyphs, page_em=True, cap=True)
    )
    for seq in cells:
        unclosed = _bracket_pairs(glyphs, seq)[1]
        if not unclosed:
            continue
        opening = glyphs[unclosed[-1]]
        after = seq[seq.index(unclosed[-1]) + 1 :]
        lines = [opening.line] + [
            line for line in dict.fromkeys(glyphs[i].line for i in after) if line != opening.line
        ]
        for line in lines:
            members = [g for g in glyphs if g.line == line and line >= 0]
            if not members or line not in ems:
                continue
            em = ems[line]
            top = int(min(g.top for g in members))
            bottom = int(max(g.bottom for g in members)) + 1
            x0 = int(opening.x1) + 1 if line == opening.line else int(min(g.x0 for g in members))
            x1 = int(max(g.x1 for g in members) + em)
            band = np.ascontiguousarray(ink[top:bottom, x0:x1], dtype=np.uint8)
            count, labels, stats, _ = cv2.connectedComponentsWithStats(band)
            found = None
            for k in sorted(range(1, count), key=lambda k: stats[k][0]):
                x, y, w, h, _area = stats[k]
                middle = x0 + x + w / 2
                if (
                    h < BRACKET_HEIGHT * em
                    or w > 0.35 * em
                    or y == 0
                    or y + h >= band.shape[0]
                    or any(g.x0 <= middle <= g.x1 for g in members)
                ):
                    continue
                if _bulge(labels[y : y + h, x : x + w] == k) >= BRACKET_BULGE * em:
                    found = (float(x0 + x), float(x0 + x + w))
                    break
            if found is not None:
                text = "）" if opening.text == "（" else ")"
                out.append(Glyph(text, found[0], top, found[1], bottom, MARK_CONFIDENCE, line))
                break
    return out


def _bulge(blob: Any) -> float:
    """How far right of its top and bottom sixths a blob's middle third stands (pixels,
    by the mean column of each part's ink)."""
    import numpy as np

    ys, xs = np.nonzero(blob)
    h = blob.shape[0]
    middle = xs[(ys >= h / 3) & (ys < 2 * h / 3)]
    ends = xs[(ys < h / 6) | (ys >= 5 * h / 6)]
    if not len(middle) or not len(ends):
        return 0.0
    return float(middle.mean() - ends.mean())


# Opening and closing marks of the two kinds the recogniser confuses on a blurred scan.
_KINDS = {"（": ("（", "）"), "(": ("（", "）"), "《": ("《", "》"),
          "）": ("（", "）"), ")": ("（", "）"), "》": ("《", "》")}  # fmt: skip


def title_or_bracket(glyphs: list[Glyph], cells: list[list[int]]) -> list[Glyph]:
    """Glyphs with a title mark read as a bracket, or a bracket read as a title mark, set
    by its partner: on the seed's heavy faithful scan 《基站建设与维护课程的教学》 came out
    （基站建设与维护课程的教学》 and （2021—2025年）》 came out （2021—2025年））. When a
    ruled cell's marks, once every pair of one kind is taken out, leave exactly one
    opening mark of one kind followed by one closing mark of the other, the two are title
    marks (the bracket is set at :data:`MARK_CONFIDENCE` at most): blur rounds a chevron's
    angle into a bracket's curve, it does not sharpen a curve into an angle, and the
    recogniser's confidence does not tell (it read the wrong （ above more surely than its
    right 》, at 0.55)."""
    out = list(glyphs)
    for seq in cells:
        stack: list[int] = []
        left: list[int] = []
        for i in seq:
            kind = _KINDS.get(glyphs[i].text)
            if kind is None:
                continue
            if glyphs[i].text == kind[0]:
                stack.append(i)
            elif stack and _KINDS[glyphs[stack[-1]].text] == kind:
                stack.pop()
            else:
                left.extend(stack)
                stack = []
                left.append(i)
        left.extend(stack)
        if len(left) != 2:
            continue
        i, j = left
        opening, closing = _KINDS.get(glyphs[i].text), _KINDS.get(glyphs[j].text)
        if not (glyphs[i].text == opening[0] and glyphs[j].text == closing[1]):
            continue
        if opening == closing:
            continue
        k, text = (i, "《") if opening[0] == "（" else (j, "》")
        confidence = min(glyphs[k].confidence, MARK_CONFIDENCE)
        out[k] = replace(glyphs[k], text=text, confidence=confidence)
    return out


# An ASCII bracket or comma advances a third to half an em, a full-width one a whole em: the
# white from one neighbour's ink to the other's across the mark (:func:`_across`) is ASCII
# below this share of the page's usual comma (the median across its commas, full-width in
# Chinese prose). On the seed's and the 自评表 samples' scans (every level, 2,720 marks)
# the ASCII ones measured 0.33–0.66 of it (安全等保(安全等保二级), 重点(品牌专业)、,
# 氛围,帮助), every full-width bracket and comma 0.83 or more, in either font.
ASCII_ADVANCE = 0.75
# Fewer commas than this on a page give no usual comma to measure by: nothing is narrowed.
ASCII_REFERENCE = 5


def ascii_marks(glyphs: list[Glyph], ink: Any, cells: list[list[int]]) -> list[Glyph]:
    """Commas and bracket pairs printed ASCII in Chinese text, made narrow again: OCR reads
    a mark's shape, not its width, and a mark beside Chinese is made full-width
    (:func:`full_width_punctuation`). What tells them apart is the room the mark takes
    between its neighbours (:data:`ASCII_ADVANCE`), measured where both are characters,
    letters or digits of its line (not two digits: 2,040). A bracket pair (``cells``: glyph
    indices in reading order) is ASCII when one bracket measures so and the other does not
    measure full-width: beside a mark or at a line's end a bracket cannot be measured (the
    docx font squeezes a full-width one there, 万元）。), so 重点(品牌专业)、 is told by its
    opening bracket; one starting a line is measured from its paragraph's left edge
    (:func:`_line_start_brackets`). A mark narrowed gets :data:`MARK_CONFIDENCE` (or keeps
    its own, if lower), counted in the page's notice."""
    lines: dict[int, list[Glyph]] = {}
    for g in glyphs:
        if g.line >= 0:
            lines.setdefault(g.line, []).append(g)
    room: dict[int, int] = {}  # id of a measured comma or bracket → its white across
    for members in lines.values():
        members.sort(key=lambda g: g.x0)
        for a, g, b in zip(members, members[1:], members[2:], strict=False):
            if g.text not in ",，()（）" or not _quotable(a, b):
                continue
            if a.text[0].isdigit() and b.text[0].isdigit():
                continue
            white = _across(ink, a, g, b)
            if white is not None:
                room[id(g)] = white
    commas = sorted(room[id(g)] for g in glyphs if id(g) in room and g.text in ",，")
    if len(commas) < ASCII_REFERENCE:
        return list(glyphs)
    usual = commas[len(commas) // 2]
    # Share of the usual comma each measured bracket is set against (by its id).
    share = {k: v / usual for k, v in room.items()}
    for seq in cells:
        share.update(_line_start_brackets(glyphs, ink, seq, usual))

    def narrow(g: Glyph, text: str) -> Glyph:
        return replace(g, text=text, confidence=min(g.confidence, MARK_CONFIDENCE))

    out = list(glyphs)
    for i, g in enumerate(glyphs):
        if g.text == "，" and share.get(id(g), 1.0) < ASCII_ADVANCE:
            out[i] = narrow(g, ",")
    for seq in cells:
        for j, i in _bracket_pairs(glyphs, seq)[0]:
            measured = [share[id(glyphs[k])] for k in (j, i) if id(glyphs[k]) in share]
            if measured and max(measured) < ASCII_ADVANCE:
                out[j], out[i] = narrow(glyphs[j], "("), narrow(glyphs[i], ")")
    return out


# An opening bracket starting a line is measured from its paragraph's left edge to the next
# character's ink, without the left neighbour's side bearing the room across a mark holds:
# against the usual comma, times this, it compares with :data:`ASCII_ADVANCE`. On the seed's
# faithful scans (重点 / (品牌专业)、 wrapped) the ASCII bracket left 0.3–0.4 em there.
LINE_START = 1.4


def _line_start_brackets(
    glyphs: list[Glyph], ink: Any, seq: list[int], usual: float
) -> dict[int, float]:
    """Opening brackets that start a line of a ruled cell (``seq``: its glyph indices),
    each with the room from the cell's left edge (the first ink of its other lines, two
    or more starting together: a left-aligned paragraph) to the ink of the character after
    the bracket, as a share of the ``usual`` comma times :data:`LINE_START` (by id)."""
    heads: dict[int, list[int]] = {}
    for i in seq:
        if glyphs[i].line >= 0:
            heads.setdefault(glyphs[i].line, []).append(i)
    for members in heads.values():
        members.sort(key=lambda i: glyphs[i].x0)
    edges = {
        line: _ink_span(ink, glyphs[members[0]])[0]
        for line, members in heads.items()
        if _ideograph(glyphs[members[0]])
    }
    out: dict[int, float] = {}
    for line, members in heads.items():
        g = glyphs[members[0]]
        if g.text not in _OPENING or len(members) < 2:
            continue
        after = glyphs[members[1]]
        others = [x for other, x in edges.items() if other != line]
        if not (_ideograph(after) or after.text[0].isalnum()) or len(others) < 2:
            continue
        if max(others) - min(others) > 0.15 * usual:
            continue  # not one left edge: centred text
        out[id(g)] = LINE_START * (_ink_span(ink, after)[0] - min(others)) / usual
    return out


def _across(ink: Any, before: Glyph, mark: Glyph, after: Glyph) -> int | None:
    """Blank columns from the ink of ``before`` to that of ``after`` across a comma or a
    bracket (the bracket's stroke included), in the line's middle rows: a comma stands
    below them and the lines above and below do not reach them. For a comma the widest
    blank stretch between the two neighbours; for a bracket, the stretches either side of
    the ink nearest its box's middle (its box is a share of the line, a few pixels off).
    None when the bracket's ink is not between its neighbours'."""
    height = mark.bottom - mark.top
    top, bottom = int(mark.top + 0.3 * height), int(mark.top + 0.62 * height)
    start = int(before.x0)
    runs = _inked_runs(ink[top:bottom, start : int(after.x1) + 1].any(axis=0).tolist())
    if len(runs) < 2:
        return None
    if mark.text in ",，":
        return max(b[0] - a[1] for a, b in pairwise(runs))
    at = (mark.x0 + mark.x1) / 2 - start
    k = min(range(len(runs)), key=lambda n: max(runs[n][0] - at, at - runs[n][1] + 1, 0))
    if k == 0 or k == len(runs) - 1:
        return None
    return runs[k + 1][0] - runs[k - 1][1]


def _inked_runs(inked: list[bool]) -> list[list[int]]:
    """[first, one past the last] column of each stretch of inked columns."""
    runs: list[list[int]] = []
    for x, value in enumerate([*inked, False]):
        if value and (not runs or runs[-1][1] != x):
            runs.append([x, x + 1])
        elif value:
            runs[-1][1] = x + 1
    return runs


def cells_of(
    glyphs: list[Glyph], segments: Sequence[Any], scale: float
) -> list[tuple[bool, list[int]]]:
    """The glyphs grouped by the ruled cell they stand in (:func:`_cell_of`), each group's
    indices in reading order, with whether it is a ruled cell; a glyph in no closed cell
    is grouped with its detected line, one read on its own stands alone."""
    cells: dict[object, list[int]] = {}
    for i, g in enumerate(glyphs):
        key = _cell_of(g, segments, scale)
        if key is None:
            key = ("line", g.line if g.line >= 0 else f"alone {i}")
        cells.setdefault(key, []).append(i)
    out = []
    for key, members in cells.items():
        ruled = not (isinstance(key, tuple) and key and key[0] == "line")
        order = _reading_order([glyphs[i] for i in members])
        out.append((ruled, [members[k] for k in order]))
    return out


def _cheapest_turns(costs: list[tuple[float, float]]) -> list[bool]:
    """Directions (True: opening) of a row of quotes minimising the costs plus
    :data:`_SAME_TWICE` for each two neighbours the same way (a two-state Viterbi)."""
    best = [costs[0][0], costs[0][1]]
    back: list[tuple[int, int]] = []
    for opening, closing in costs[1:]:
        to_open = (best[0] + _SAME_TWICE, 0) if best[0] + _SAME_TWICE < best[1] else (best[1], 1)
        to_close = (best[0], 0) if best[0] <= best[1] + _SAME_TWICE else (best[1] + _SAME_TWICE, 1)
        back.append((to_open[1], to_close[1]))
        best = [to_open[0] + opening, to_close[0] + closing]
    state = 0 if best[0] <= best[1] else 1
    turns = [state]
    for pointers in reversed(back):
        state = pointers[state]
        turns.append(state)
    return [s == 0 for s in reversed(turns)]


def _cell_of(g: Glyph, segments: Sequence[Any], scale: float) -> tuple[float, ...] | None:
    """The ruled cell a glyph stands in: the nearest rulings left, right, above and below
    its centre that reach past it (points), or None when one side has none."""
    x, y = (g.x0 + g.x1) / 2 / scale, (g.top + g.bottom) / 2 / scale
    slack = 2.0
    left = [
        s.x0
        for s in segments
        if not s.horizontal and s.x0 < x and s.top - slack <= y <= s.bottom + slack
    ]
    right = [
        s.x0
        for s in segments
        if not s.horizontal and s.x0 > x and s.top - slack <= y <= s.bottom + slack
    ]
    above = [
        s.top for s in segments if s.horizontal and s.top < y and s.x0 - slack <= x <= s.x1 + slack
    ]
    below = [
        s.top for s in segments if s.horizontal and s.top > y and s.x0 - slack <= x <= s.x1 + slack
    ]
    if not (left and right and above and below):
        return None
    return (round(max(left)), round(min(right)), round(max(above)), round(min(below)))


def _reading_order(glyphs: list[Glyph]) -> list[int]:
    """Indices of glyphs in reading order: lines top to bottom (a glyph joins the line whose
    middle is within half its height of its own), each left to right."""
    lines: list[tuple[float, float, list[int]]] = []  # (middle, height, members)
    for i in sorted(range(len(glyphs)), key=lambda i: (glyphs[i].top + glyphs[i].bottom) / 2):
        g = glyphs[i]
        middle, height = (g.top + g.bottom) / 2, g.bottom - g.top
        if lines and abs(middle - lines[-1][0]) < 0.5 * max(height, lines[-1][1]):
            lines[-1][2].append(i)
        else:
            lines.append((middle, height, [i]))
    return [i for _m, _h, members in lines for i in sorted(members, key=lambda i: glyphs[i].x0)]


def _same_line(a: Glyph, b: Glyph) -> bool:
    return min(a.bottom, b.bottom) - max(a.top, b.top) > 0.3 * (a.bottom - a.top)


class PageReader:
    """Renders and reads the pages of one PDF, one at a time (memory stays that of one
    page picture)."""

    def __init__(self, path: str | Path, password: str | None = None, dpi: int = DPI) -> None:
        import pypdfium2

        self.dpi = dpi
        self.pdf = pypdfium2.PdfDocument(str(path), password=password or None)

    def close(self) -> None:
        self.pdf.close()

    def __enter__(self) -> PageReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def read(self, number: int) -> tuple[PageContent, list[Notice]]:
        """Page ``number`` (1-based) read from its picture."""
        import cv2
        import numpy as np

        from .raster_grid import find_rulings, ink_mask, rotate, skew_angle

        scale = self.dpi / 72
        page = self.pdf[number - 1]
        try:
            bitmap = page.render(scale=scale, grayscale=True)
            gray = bitmap.to_numpy().copy()
            if gray.ndim == 3:
                gray = gray[:, :, 0]
        finally:
            page.close()
        angle = skew_angle(gray)
        gray = rotate(gray, angle)
        # Rulings are found where no text is, then painted over with the paper's tone so
        # that OCR reads no border as 一, | or 1 and joins no text across one.
        rulings = find_rulings(gray, scale, detect(gray))
        clean = gray.copy()
        clean[rulings.mask > 0] = int(np.median(gray))
        read = recognise(clean)
        glyphs = off_rulings(read, rulings.mask)
        on_rulings = len(read) - len(glyphs)
        ink = ink_mask(clean)
        # Specks of scan noise are no ink for the gap and colon tests.
        ink = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((2, 2), np.uint8))
        whole = len(glyphs)
        glyphs = off_characters(glyphs, ink)
        twice = whole - len(glyphs)
        inked = off_blank(glyphs, ink)
        blank = len(glyphs) - len(inked)
        glyphs = inked
        second = reread_doubtful(clean, glyphs)
        reread = sum(a.text != b.text for a, b in zip(glyphs, second, strict=True))
        glyphs = second
        dropped = reread_gaps(clean, glyphs, ink, rulings.mask)
        gap_quotes = sum(g.text == '"' for g in dropped)
        gaps = len(dropped) - gap_quotes
        glyphs += dropped
        starts = reread_line_starts(clean, glyphs, ink, rulings.mask)
        glyphs += starts
        missed = reread_missed(clean, glyphs, rulings.mask, scale)
        marks = skipped_marks(glyphs + missed, ink)
        hidden = hidden_marks(glyphs + missed + marks, ink)
        marks += hidden
        guessed = guesses_over_marks(dropped, marks)
        glyphs = [g for g in glyphs if not any(g is x for x in guessed)]
        gaps -= len(guessed)
        glyphs = full_width_punctuation(mark_shapes(glyphs + missed + marks, ink))
        dotted = bullets(glyphs, ink)
        bulleted = sum(a.text != b.text for a, b in zip(glyphs, dotted, strict=True))
        glyphs = dotted
        glyphs = colon_or_semicolon(glyphs, ink, clean)
        tailed = semicolon_tails(glyphs, ink, clean, gray, rulings.mask)
        tails = sum(a.text != b.text for a, b in zip(glyphs, tailed, strict=True))
        titled = [seq for _ruled, seq in cells_of(tailed, rulings.segments, scale)]
        glyphs = comparison_bars(tailed, ink, titled)
        dashed = long_dashes(glyphs, ink)
        dashes = sum(a.text != b.text for a, b in zip(glyphs, dashed, strict=True))
        glyphs = dashed
        cased = letter_case(glyphs, ink)
        recased = sum(a.text != b.text for a, b in zip(glyphs, cased, strict=True))
        glyphs = cased
        quotes = skipped_quotes(glyphs, ink)
        glyphs += quotes
        cells = cells_of(glyphs, rulings.segments, scale)
        requoted = quotes_read_again(clean, glyphs, [seq for _ruled, seq in cells])
        if requoted:
            glyphs += requoted
            cells = cells_of(glyphs, rulings.segments, scale)
        closed = dropped_brackets(glyphs, ink, [seq for _ruled, seq in cells])
        if closed:
            glyphs += closed
            cells = cells_of(glyphs, rulings.segments, scale)
        paired = paired_brackets(glyphs, [seq for is_ruled, seq in cells if is_ruled])
        widened = sum(a.text != b.text for a, b in zip(glyphs, paired, strict=True))
        titled = title_or_bracket(paired, [seq for is_ruled, seq in cells if is_ruled])
        retitled = sum(a.text != b.text for a, b in zip(paired, titled, strict=True))
        paired = titled
        narrow = ascii_marks(paired, ink, [seq for is_ruled, seq in cells if is_ruled])
        narrowed_marks = sum(a.text != b.text for a, b in zip(paired, narrow, strict=True))
        glyphs = narrow
        quoted = quote_directions(glyphs, rulings.segments, scale, ink)
        flipped = sum(
            a.text != b.text and a.text != '"' for a, b in zip(glyphs, quoted, strict=True)
        )
        glyphs = quoted
        cells = cells_of(glyphs, rulings.segments, scale)
        named = level_names(glyphs, [seq for is_ruled, seq in cells if is_ruled], MARK_CONFIDENCE)
        named = confused_pairs(named, [seq for _ruled, seq in cells], MARK_CONFIDENCE)
        renamed = sum(a.text != b.text for a, b in zip(glyphs, named, strict=True))
        glyphs = named
        drawn_back = boxes_off_gutters(glyphs, ink)
        narrowed = sum(a != b for a, b in zip(glyphs, drawn_back, strict=True))
        glyphs = drawn_back
        chars = [
            Char(g.text, g.x0 / scale, g.x1 / scale, g.top / scale, g.bottom / scale,
                 (g.bottom - g.top) / scale, confidence=g.confidence)
            for g in glyphs
        ]  # fmt: skip
        height, width = gray.shape
        content = PageContent(number, width / scale, height / scale, chars, rulings.segments)
        low = sum(g.confidence < LOW_CONFIDENCE for g in glyphs)
        turned = f", turned {angle:+.2f}° upright" if angle else ""
        notice = Notice(
            "ocr_used",
            f"page read by OCR ({ENGINE} PP-OCRv4, {self.dpi} dpi{turned}): {len(glyphs)} "
            f"characters, {low} below confidence {LOW_CONFIDENCE}, {len(missed)} re-read from "
            f"lone marks the detector passed over (dashes), {gaps} from gaps in read lines "
            f"(characters the recogniser dropped: read alone, else by tesseract, confidence "
            f"{TESSERACT_CONFIDENCE}, else {UNREAD}; {len(guessed)} more, doubtful, dropped "
            f"for the mark then found there), {len(starts)} before a line's first "
            f"character (read on their own; a middle dot by its shape, confidence "
            f"{MARK_CONFIDENCE}), {len(marks)} marks (、，。) the "
            f"recogniser skipped, read from their shape (confidence {MARK_CONFIDENCE}; "
            f"{len(hidden)} of them under the boxes of their neighbours), "
            f"{reread} doubtful characters (below {DOUBTFUL}) set to what they read as "
            f"with their neighbours (confidence {MARK_CONFIDENCE} at most), "
            f"{len(quotes) + gap_quotes} quotes the recogniser skipped, read from small ink "
            f"above the line's middle (confidence {MARK_CONFIDENCE}), "
            f"{len(requoted)} more by reading again alone a line of a cell whose quotes were "
            f"odd in count (confidence {MARK_CONFIDENCE}), {flipped} quotes read "
            f"turned the other way, {renamed} characters set right by the vocabulary (an "
            f"indicator level name such as 产出指标 but for one character read below "
            f"confidence {LEXICON_DOUBT}; 院土, 科晋 and other pairs that are no word; 不少干 "
            f"before a number), "
            f"{on_rulings} dropped as made of a ruling (doubtful and crossed by one), "
            f"{twice} dropped as a stroke of a character read again as a line of its own, "
            f"{blank} dropped as read on blank paper (below confidence {LOW_CONFIDENCE}, or a "
            f"quote beside another), "
            f"{dashes} hyphens made dashes by their length (confidence {MARK_CONFIDENCE}), "
            f"{recased} Latin letters set to the case their height beside the line's digits "
            f"says (confidence {MARK_CONFIDENCE}), "
            f"{tails} colons made semicolons by a comma's tail on the ruling painted out "
            f"under them (confidence {MARK_CONFIDENCE}), "
            f"{len(closed)} closing brackets the recogniser dropped, read from a tall "
            f"bowed stroke after an unclosed one in its cell (confidence {MARK_CONFIDENCE}), "
            f"{widened} brackets made as wide as their partner, {retitled} brackets and "
            f"title marks (（ 《) made the kind of their partner, {narrowed_marks} commas "
            f"and brackets made ASCII by the little room they take (confidence "
            f"{MARK_CONFIDENCE}), {bulleted} middle dots "
            f"made bullets by their size, "
            f"{narrowed} boxes drawn back to their ink from a gutter the line was read across; "
            f"{len(rulings.segments)} ruling "
            "pieces. Guessed from the picture: punctuation beside Chinese is full-width, ：/； "
            "by the shape of the lower mark, ≥/≤ by a bar under > or <, a quote's direction "
            "by its cell's order (quotes open and close in turn, close before ，、。 and open "
            "after them) and its mark's place in its em",
            number,
        )
        return content, [notice]
