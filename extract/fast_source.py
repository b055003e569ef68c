"""The fast reader: pdfplumber's characters and rulings, without pdfminer's slow parts.

Why: reading a page with pdfplumber costs 80-90 % of jixiao's time, nearly all of it in
pdfminer's pure-Python content-stream tokenizer (a character-by-character state machine)
and in building layout objects that jixiao then converts to plain dicts. This reader keeps
pdfminer for what is cheap and defines the semantics — opening the document (so the same
files fail with the same errors), page boxes, fonts (widths, descent, Unicode maps, CMaps),
colour spaces — and replaces the expensive part with a regular-expression tokenizer and a
lean interpreter that follow pdfminer's rules operator by operator:

- text: pdfminer's text state, ``render_string`` and ``LTChar`` box (advance width wide, one
  font size tall from the descent), page CTM for /Rotate and the MediaBox origin, then
  pdfplumber's top-left flip — the same arithmetic in the same order, so characters come out
  bit-identical, in content order, with spaces (which PDFium's text page merges or drops,
  the reason this is not built on PDFium's text API);
- paths: pdfminer's ``paint_path`` classification (one subpath per ``m``; ``ml``/``mlh`` is
  a line, a closed axis-parallel ``mlllh``/``mllll`` a rectangle, the rest curves) with the
  fill/stroke flags and non-stroking colour pdfminer records, then the ruling rules of
  :mod:`.rulings`, in pdfsource's order (rectangles, lines, curves);
- quirks kept on purpose: operands left on the stack by malformed operators, the device CTM
  a Form XObject leaves behind, ``(cid:N)`` for unmapped glyphs, pdfminer's string escapes.

Anything this reader does not expect raises, and that page is read by the reference reader
instead (``pdfsource.read_page``), which then succeeds or reports the same ``InputError``;
the page then carries a ``reader_fallback`` notice that ends up as a warning in the output.
tests/test_reader_parity.py holds the two readers to identical page content and reports.
"""

from __future__ import annotations

import copy
import hashlib
import re
import struct
import sys
import threading
from binascii import unhexlify
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from functools import partial
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO, ClassVar

from pdfminer import pdffont, pdfinterp, settings
from pdfminer.casting import safe_cmyk, safe_float, safe_int, safe_matrix, safe_rgb
from pdfminer.cmapdb import CMapParser as _CMapParser
from pdfminer.cmapdb import FileUnicodeMap, IdentityCMap
from pdfminer.pdfcolor import PREDEFINED_COLORSPACE, PDFColorSpace
from pdfminer.pdffont import PDFCIDFont, PDFFont, PDFUnicodeNotDefined
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import (
    LITERALS_FLATE_DECODE,
    PDFStream,
    dict_value,
    list_value,
    resolve1,
    stream_value,
)
from pdfminer.psparser import KWD, LIT, PSEOF, PSLiteral, literal_name
from pdfminer.utils import MATRIX_IDENTITY, mult_matrix

from . import clip, pdfsource, rulings
from .ascii85 import fast_ascii85
from .doc_cache import release_page
from .model import Char, Notice, PageContent, Segment
from .rotation import turn_of
from .settings import DEFAULT_SETTINGS, TableSettings

Matrix = tuple[float, float, float, float, float, float]
Point = tuple[float, float]

_LITERAL_FORM = LIT("Form")
_ASCII85 = (LIT("ASCII85Decode"), LIT("A85"))
_OPENERS = {b"]": b"[", b"}": b"{", b">>": b"<<"}
_WHITESPACE = b" \t\n\r\x0b\x0c"
#: A path's closing segment ("h"), one object: paint_path knows a closed path by it.
_CLOSE = ("h",)

# One alternative per pdfminer token kind; group numbers are dispatched on below.
_TOKEN = re.compile(
    # 1-2: up to 8 plain numbers, each followed by whitespace, then an operator: the bulk
    # of every content stream ("x y w h re", "a b c d e f cm"), taken in one match.
    rb"((?:[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)\s+){1,8})([A-Za-z][^\s#/%\[\]()<>{}]*)"
    # 3-4: a plain string or hex string shown with Tj, the other bulk of a content stream
    rb"|(?:\(((?:[^()\\]|\\(?s:.))*)\)|<([0-9A-Fa-f\s]*)>)\s*Tj(?=[\s#/%\[\]()<>{}]|\Z)"
    rb"|([-+0-9][0-9]*(?:\.[0-9]*)?|\.[0-9]*)"  # 5 number (pdfminer: _parse_number/_float)
    rb"|([A-Za-z][^\s#/%\[\]()<>{}]*)"  # 6 keyword (operator, true, false)
    rb"|/([^\s/%\[\]()<>{}]*)"  # 7 name, '#xx' escapes decoded below
    rb"|\(((?:[^()\\]|\\(?s:.))*)\)"  # 8 literal string without nested parentheses
    rb"|(\()"  # 9 any other literal string, parsed by hand
    rb"|(<<|>>|\[|\]|\{|\})"  # 10 dictionary, array and procedure brackets
    rb"|<([0-9A-Fa-f\s]*)"  # 11 hex string (its closing '>' is a no-op token)
    rb"|%[^\r\n]*"  # comment
    rb"|([^\s])"  # 12 any other character: a one-letter keyword (' and ") or nothing
)
_NUMBER, _KEYWORD, _NAME, _STRING, _STRING_START, _BRACKET, _HEX, _OTHER = range(5, 13)
# The interpreter's tokens, each with the whitespace before it. Why the whitespace: no token
# starts with it, so finditer tried every alternative at each whitespace byte between tokens
# before moving on (a quarter of the matching time); the tokens and their ends are the same.
# Matching was a ninth of a warm conversion's instructions; what it cost: about 0.3 us per
# match, and a repeated group (each number of "a b c d e f cm", each character of a string)
# about 0.1 us per repetition, where a repeated character class costs next to nothing. So:
# - the usual sequences come in one match: a font selection ("/F1 12 Tf", whose name and
#   size took the general operator path from the stack, 117,000 times), an operator with
#   its numbers, either with a string shown with Tj right after ("120 0 TD<0013>Tj",
#   210,000 times), and operators without operands one after another ("ET Q q BT", a
#   million of them, which split() cuts into the very tokens matched one by one before);
# - numbers are matched as a run of number characters and checked when converted: a run
#   that is not all numbers ("1-2", "1.2.3", "-") is read token by token as pdfminer reads
#   it (:func:`_numbers`), which gives the same operands (grouped or not, operands reach the
#   same operator: a group the fast path refuses goes through the stack);
# - a string's characters are a character class, escapes a group.
_STRING_BODY = rb"([^()\\]*(?:\\(?s:.)[^()\\]*)*)"  # without nested parentheses
_SHOWN = rb"(?:\(" + _STRING_BODY + rb"\)|<([0-9A-Fa-f\s]*)>)\s*Tj(?=[\s#/%\[\]()<>{}]|\Z)"
_OPERATOR = rb"[A-Za-z][^\s#/%\[\]()<>{}]*"
_SPACED_TOKEN = re.compile(
    rb"\s*(?:"
    # 1-2: a font selection; 3-4: a string or hex string shown with Tj just after
    rb"/([^\s/%\[\]()<>{}#]+)\s+([-+.0-9]+)\s+Tf(?=[\s#/%\[\]()<>{}]|\Z)(?:\s*" + _SHOWN + rb")?"
    # 5-6: numbers, then an operator; 7-8 as 3-4
    rb"|([-+.0-9][-+.0-9\s]*\s)(" + _OPERATOR + rb")(?:\s*" + _SHOWN + rb")?"
    # 9: operators without operands, up to an operator's end
    rb"|([A-Za-z][A-Za-z*\s]*)(?=[\s#/%\[\]()<>{}]|\Z)"
    # 10-11: a name and the operator after it ("/GS1 gs", "/Artifact BMC", "/Im0 Do")
    rb"|/([^\s/%\[\]()<>{}]*)\s+(" + _OPERATOR + rb")"
    rb"|"
    + _SHOWN  # 12-13: a string or hex string shown with Tj, alone
    + rb"|([-+0-9][0-9]*(?:\.[0-9]*)?|\.[0-9]*)"  # 14 number (pdfminer: _parse_number/_float)
    rb"|("
    + _OPERATOR
    + rb")"  # 15 any other keyword
    + rb"|/([^\s/%\[\]()<>{}]*)"  # 16 name, '#xx' escapes decoded below
    rb"|\(" + _STRING_BODY + rb"\)"  # 17 literal string without nested parentheses
    rb"|(\()"  # 18 any other literal string, parsed by hand
    rb"|(<<|>>|\[|\]|\{|\})"  # 19 dictionary, array and procedure brackets
    # 20 hex string, with its closing '>' unless that starts a '>>' (a no-op token alone)
    rb"|<([0-9A-Fa-f\s]*)(?:>(?!>))?"
    rb"|(%[^\r\n]*)"  # 21 comment (a group: every token has a kind)
    rb"|([^\s])"  # 22 any other character: a one-letter keyword (' and ") or nothing
    rb")"
)
(
    _R_FONT_NAME,
    _R_FONT,
    _R_FONT_STRING,
    _R_FONT_HEX,
    _R_NUMBERS,
    _R_OPERATOR,
    _R_OPERATOR_STRING,
    _R_OPERATOR_HEX,
    _R_KEYWORDS,
    _R_NAMED,
    _R_NAMED_OPERATOR,
    _R_STRING_TJ,
    _R_HEX_TJ,
    _R_NUMBER,
    _R_KEYWORD,
    _R_NAME,
    _R_STRING,
    _R_STRING_START,
    _R_BRACKET,
    _R_HEX,
    _R_COMMENT,
    _R_OTHER,
) = range(1, 23)
_WORD = re.compile(rb"\S+")
_NAME_HEX = re.compile(rb"#([0-9A-Fa-f]{0,2})")
_ESCAPE = re.compile(rb"\\(?:([0-7]{1,3})|\r\n|(.))", re.S)
# Stream ends where pdfminer's tokenizer holds an empty token (just after '(', '/', '<', '>',
# a backslash) or is inside an escape: it then carries on into the next stream unseparated.
_OPEN_AT_END = re.compile(rb"(?:[(/<>\\#]|\\[0-7]{1,2}|#[0-9A-Fa-f])\Z")
_STRING_STOP = re.compile(rb"[()\\]")
_OCTAL = b"01234567"
_ESCAPES = {98: 8, 116: 9, 110: 10, 102: 12, 114: 13, 40: 40, 41: 41, 92: 92}
_HEX_PAIR = re.compile(rb"[0-9a-fA-F]{2}|.", re.S)
_SPACE = re.compile(rb"\s")
# Hex strings one after another, each closed by a '>' that does not start a '>>' and
# without whitespace inside: the bulk of a ToUnicode CMap ("<0001> <897F>").
_HEX_RUN = re.compile(rb"(?:<[0-9A-Fa-f]*>(?!>)\s*)+")
_HEX_ITEM = re.compile(rb"<([0-9A-Fa-f]*)>")


class _Unsupported(Exception):
    """Input this reader does not reproduce exactly; the page goes to the reference reader."""


class FastCMapParser(_CMapParser):
    """pdfminer's CMapParser with this module's tokenizer in place of pdfminer's.

    Only ``nexttoken`` is replaced: the stack parser and the CMap semantics (bfchar,
    bfrange, cidrange, usecmap, ...) are pdfminer's own, so the maps are identical. A run
    of hex strings is pushed onto the stack at once, as pdfminer's ``nextobject`` pushes
    each string token, rather than handed over token by token.
    """

    def __init__(self, cmap: Any, fp: BytesIO) -> None:
        super().__init__(cmap, fp)
        self._fast: Iterator[tuple[int, Any]] | None = _ps_tokens(fp.getvalue(), self._push)

    def _push(self, items: list[tuple[int, bytes]]) -> None:
        self.push(*items)

    def run(self) -> None:
        try:
            super().run()
        finally:
            self._fast = None  # the tokens hold this parser (_push): no cycle left behind

    def nexttoken(self) -> tuple[int, Any]:
        try:
            return next(self._fast)  # type: ignore[arg-type]
        except StopIteration:
            raise PSEOF("Unexpected EOF") from None


class _CachedCMapParser:
    """pdfminer's CMapParser, run once per distinct ToUnicode stream.

    Some producers give every page its own copy of the same fonts, so pdfminer parses the
    same ToUnicode CMap (in pure Python) once per page; the parse result depends only on the
    stream's bytes, so it is reused. Installed only while this reader creates fonts.
    """

    cache: ClassVar[OrderedDict[bytes, tuple[dict[str, Any], dict[int, str]]]] = OrderedDict()
    # Distinct maps kept: twice the fonts a document keeps built (doc_cache.FONTS), so a font
    # rebuilt after its eviction still finds its map. 512 held 4.4 MB after 1,000 pages of
    # the concatenated corpus (213 maps), each map being parsed only once anyway.
    limit = 64

    def __init__(self, cmap: Any, fp: BytesIO) -> None:
        self.cmap = cmap
        self.fp = fp

    def run(self) -> None:
        if type(self.cmap) is not FileUnicodeMap or self.cmap.cid2unichr:
            FastCMapParser(self.cmap, self.fp).run()
            return
        key = hashlib.sha1(self.fp.getvalue()).digest()
        found = self.cache.get(key)
        if found is None:
            FastCMapParser(self.cmap, self.fp).run()
            # One string object per character across maps: subsets of the same fonts map
            # the same characters, and a CJK character is a 76-byte object of its own.
            chars = {cid: sys.intern(text) for cid, text in self.cmap.cid2unichr.items()}
            found = (dict(self.cmap.attrs), chars)
            self.cache[key] = found
            if len(self.cache) > self.limit:
                self.cache.popitem(last=False)
        else:
            self.cache.move_to_end(key)
        self.cmap.attrs.update(found[0])
        self.cmap.cid2unichr.update(found[1])


class _LeanCIDFont(PDFCIDFont):
    """pdfminer's PDFCIDFont, without inflating an embedded TrueType file nothing reads.

    pdfminer decodes every CID font's TrueType file (FontFile2) to read its table directory,
    which it uses only to make a Unicode map for a font without a ToUnicode stream; with one
    (the usual CJK font) the decoding is thrown away: 66 MB of font files inflated over the
    warm set, a fortieth of reading the pages. The file is shown to pdfminer as empty while
    the font is built (a directory read from nothing, as from a short file: never an error)
    and restored after. It is still decoded whenever decoding could raise (a filter other
    than FlateDecode, parameters, encryption, strict mode) or the directory is used.
    """

    def __init__(self, rsrcmgr: Any, spec: Any, strict: bool = settings.STRICT) -> None:
        fontfile = _unread_font_file(spec)
        if fontfile is None:
            super().__init__(rsrcmgr, spec, strict)
            return
        fontfile.data = b""
        try:
            super().__init__(rsrcmgr, spec, strict)
        finally:
            fontfile.data = None


def _unread_font_file(spec: Any) -> PDFStream | None:
    """The font's TrueType file, if undecoded and what :class:`_LeanCIDFont` may skip (a
    descriptor that cannot be read is left to pdfminer, which then fails as it does)."""
    if settings.STRICT or not isinstance(spec.get("ToUnicode"), PDFStream):
        return None
    try:
        descriptor = resolve1(spec.get("FontDescriptor"))
        fontfile = resolve1(descriptor.get("FontFile2")) if isinstance(descriptor, dict) else None
    except Exception:
        return None
    if (
        not isinstance(fontfile, PDFStream)
        or fontfile.data is not None
        or fontfile.rawdata is None
        or fontfile.decipher is not None
    ):
        return None
    filters = fontfile.get_filters()
    if not filters or any(f not in LITERALS_FLATE_DECODE or params for f, params in filters):
        return None
    return fontfile


_CMAP_LOCK = threading.Lock()


@contextmanager
def _cached_cmaps() -> Iterator[None]:
    """pdfminer's font classes look ``CMapParser`` up in their module, and its resource
    manager ``PDFCIDFont`` in its own: swap them meanwhile (:class:`_LeanCIDFont`).

    The lock keeps two threads from restoring each other's swap; a pdfplumber reader in
    another thread at that moment may use them too, which yields the same fonts and maps.
    """
    with _CMAP_LOCK:
        original, original_cid = pdffont.CMapParser, pdfinterp.PDFCIDFont
        pdffont.CMapParser = _CachedCMapParser  # type: ignore[assignment,misc]
        pdfinterp.PDFCIDFont = _LeanCIDFont  # type: ignore[misc]
        try:
            yield
        finally:
            pdffont.CMapParser, pdfinterp.PDFCIDFont = original, original_cid


def _keyword(tok: bytes) -> Any:
    return True if tok == b"true" else False if tok == b"false" else KWD(tok)


def _ps_tokens(
    data: bytes, push_hex: Callable[[list[tuple[int, bytes]]], None] | None = None
) -> Iterator[tuple[int, Any]]:
    """pdfminer's PSBaseParser tokens of ``data``, with their offsets. ``push_hex``: takes a
    run of hex strings (:data:`_HEX_RUN`) instead, all at once, when it is reached."""
    pos = 0
    n = len(data)
    while pos < n:
        restart = None
        for m in _TOKEN.finditer(data, pos):
            kind = m.lastindex
            at = m.start()
            if kind == 2:
                for t in m[1].split():
                    yield at, float(t) if b"." in t else int(t)
                yield at, _keyword(m[2])
            elif kind == 3 or kind == 4:
                yield at, _plain_string(m[3]) if kind == 3 else _hex_string(m[4])
                yield at, KWD(b"Tj")
            elif kind == _NUMBER:
                tok = m[_NUMBER]
                try:
                    value = float(tok) if b"." in tok else int(tok)
                except ValueError:
                    continue  # "-", "." alone: pdfminer drops them
                yield at, value
            elif kind == _KEYWORD:
                yield at, _keyword(m[_KEYWORD])
            elif kind == _NAME:
                yield at, _name(m[_NAME])
            elif kind == _STRING:
                yield at, _plain_string(m[_STRING])
            elif kind == _STRING_START:
                value, restart = _string(data, m.end())
                if restart <= n:  # an unterminated string yields no token in pdfminer
                    yield at, value
                break
            elif kind == _BRACKET:
                yield at, KWD(m[_BRACKET])
            elif kind == _HEX:
                run = None if push_hex is None else _HEX_RUN.match(data, at)
                if run is None:
                    yield at, _hex_string(m[_HEX])
                    continue
                hexes = _HEX_ITEM.finditer(data, at, run.end())
                push_hex([(h.start(), _hex_string(h[1])) for h in hexes])
                restart = run.end()
                break
            elif kind == _OTHER and m[_OTHER] not in (b">", b"\x00"):
                yield at, KWD(m[_OTHER])
        if restart is None:
            break
        pos = restart


# -- pdfminer's document parser with these token rules, for reading objects ---------------
#
# Why: pdfminer reads each indirect object (page dictionaries, fonts with their width arrays,
# font descriptors, stream dictionaries) through its character-by-character tokenizer, a
# twelfth of reading the pages warm (0.6 s over the samples and real PDFs, 160,000 tokens).
# Only ``nexttoken`` is replaced, by :data:`_TOKEN`'s rules (held to pdfminer's by
# tests/test_reader_parity.py); the stack parser, the keywords (R, stream, null), stream
# reading and every error stay pdfminer's. Installed once the document is open
# (:func:`fast_object_parsing`): reading the cross-reference table mixes tokens with
# pdfminer's ``nextline``, which reads on from where pdfminer's own tokenizer stopped; after
# that the parser is always moved with ``seek`` before an object is read, and a stream's
# data is read with ``seek`` and ``nextline``, left to pdfminer.

# One alternative per pdfminer token kind, as fast_source._TOKEN without its alternatives
# for runs of tokens (each token here has its own position: a stream's keyword is where
# pdfminer looks for its data).
_OBJECT_TOKEN = re.compile(
    rb"([-+0-9][0-9]*(?:\.[0-9]*)?|\.[0-9]*)"  # 1 number (pdfminer: _parse_number/_float)
    rb"|([A-Za-z][^\s#/%\[\]()<>{}]*)"  # 2 keyword (operator, true, false)
    rb"|/([^\s/%\[\]()<>{}]*)"  # 3 name, '#xx' escapes decoded
    rb"|\(([^()\\]*(?:\\(?s:.)[^()\\]*)*)\)"  # 4 literal string without nested parentheses
    rb"|(\()"  # 5 any other literal string, parsed by hand
    rb"|(<<|>>|\[|\]|\{|\})"  # 6 dictionary, array and procedure brackets
    rb"|<([0-9A-Fa-f\s]*)"  # 7 hex string (its closing '>' is a no-op token)
    rb"|(%[^\r\n]*)"  # 8 comment
    rb"|([^\s])"  # 9 any other character: a one-letter keyword, or nothing ('>', NUL)
)
_WINDOW = 16384  # bytes read at a time; an object longer than that is read again, longer


def _window_tokens(data: bytes, whole: bool) -> Iterator[tuple[int, Any]]:
    """pdfminer's tokens of ``data`` with their offsets, then (-1, offset) where a token
    touches the end of ``data`` unless ``whole`` (the file ends there): it may go on."""
    end = len(data)
    pos = 0
    while pos < end:
        restart = None
        for m in _OBJECT_TOKEN.finditer(data, pos):
            kind = m.lastindex
            at = m.start()
            if m.end() >= end and not whole:
                yield -1, at
                return
            if kind == 1:
                tok = m[1]
                try:
                    value = float(tok) if b"." in tok else int(tok)
                except ValueError:
                    continue  # "-", "." alone: pdfminer drops them
                yield at, value
            elif kind == 2:
                yield at, _keyword(m[2])
            elif kind == 3:
                yield at, _name(m[3])
            elif kind == 4:
                yield at, _plain_string(m[4])
            elif kind == 5:
                try:
                    value, restart = _string(data, m.end())
                except ValueError as exc:  # an octal escape above 255
                    raise AssertionError(str(exc)) from None
                if restart > end:  # unterminated
                    if not whole:
                        yield -1, at
                    return  # at the file's end: pdfminer gives no token
                yield at, value
                break
            elif kind == 6:
                yield at, KWD(m[6])
            elif kind == 7:
                yield at, _hex_string(m[7])
            elif kind == 9 and m[9] not in (b">", b"\x00"):
                yield at, KWD(m[9])
        if restart is None:
            return
        pos = restart


def _file_tokens(fp: BinaryIO, pos: int) -> Iterator[tuple[int, Any]]:
    """pdfminer's tokens of the file from ``pos`` on, with their positions in the file."""
    size = _WINDOW
    while True:
        fp.seek(pos)
        data = fp.read(size)
        whole = len(data) < size
        cut = None
        for at, value in _window_tokens(data, whole):
            if at < 0:
                cut = value
                break
            yield pos + at, value
        if cut is None:
            if whole:
                return
            pos += len(data)  # whitespace (or nothing) after the last token
        else:
            if cut == 0:
                size *= 2  # one token longer than the window
            pos += cut


class FastPDFParser(PDFParser):
    """pdfminer's PDFParser, its tokens from :func:`_file_tokens`."""

    def seek(self, pos: int) -> None:
        super().seek(pos)
        self._fast: Iterator[tuple[int, Any]] | None = None  # made on the first token
        self._fast_pos = pos

    def nexttoken(self) -> tuple[int, Any]:
        if self._fast is None:
            self._fast = _file_tokens(self.fp, self._fast_pos)
        try:
            return next(self._fast)
        except StopIteration:
            raise PSEOF("Unexpected EOF") from None


def fast_object_parsing(doc: Any) -> None:
    """Read the open document's objects with :class:`FastPDFParser` from now on."""
    old = doc._parser
    if type(old) is not PDFParser:
        return
    parser = FastPDFParser(old.fp)
    parser.fallback = old.fallback
    parser.set_document(doc)
    doc._parser = parser


def _numbers(text: bytes, words: list[bytes]) -> list[Any]:
    """The operands of ``text`` (number characters, cut into ``words`` at whitespace) as
    pdfminer parses them: each word a number, unless some word is not one ("1-2": 1 and -2;
    "-" alone: nothing), then token by token as pdfminer's tokenizer cuts them."""
    try:
        return [float(t) if b"." in t else int(t) for t in words]
    except ValueError:
        return [value for _, value in _ps_tokens(text)]


#: Names already made, by their bytes as written: a page names the same few fonts, graphics
#: states and tags again and again (232,000 names over the warm set, most of them repeats).
_NAMES: dict[bytes, PSLiteral] = {}


def _name(raw: bytes) -> PSLiteral:
    """pdfminer's name token: '#xx' escapes decoded, UTF-8 text if it decodes, else bytes."""
    found = _NAMES.get(raw)
    if found is None:
        found = _new_name(raw)
        if len(_NAMES) >= 4096:  # hostile input with names by the million: start again
            _NAMES.clear()
        _NAMES[raw] = found
    return found


def _new_name(raw: bytes) -> PSLiteral:
    if b"#" in raw:
        raw = _NAME_HEX.sub(lambda m: bytes((int(m[1], 16),)) if m[1] else b"", raw)
    try:
        return LIT(str(raw, "utf-8"))
    except UnicodeDecodeError:
        return LIT(raw)


def _unescape(m: re.Match[bytes]) -> bytes:
    if m[1] is not None:
        code = int(m[1], 8)
        if code >= 256:
            raise ValueError(f"invalid octal escape {m[1]!r}")  # pdfminer asserts
        return bytes((code,))
    if m[2] is None:
        return b""  # backslash-CRLF: a line continuation
    escaped = _ESCAPES.get(m[2][0])
    return b"" if escaped is None else bytes((escaped,))  # pdfminer drops unknown escapes


def _plain_string(body: bytes) -> bytes:
    """A literal string without nested parentheses, escapes decoded as pdfminer does."""
    return _ESCAPE.sub(_unescape, body) if b"\\" in body else body


def _hex_string(raw: bytes) -> bytes:
    # raw holds hex digits and whitespace only: alphanumeric means no whitespace to drop
    # (the usual case: 380,000 hex strings; the substitution and decode were most of it).
    if not raw.isalnum():
        raw = _SPACE.sub(b"", raw)
    if len(raw) % 2 == 0:
        return unhexlify(raw)
    # pdfminer: pairs, then a lone last digit d as the byte d (not 0xd0)
    return _HEX_PAIR.sub(lambda m: bytes((int(m[0], 16),)), raw)


def _string(data: bytes, pos: int) -> tuple[bytes, int]:
    """A literal string starting after its '(' at ``pos``: pdfminer's escape rules exactly.

    (An unknown escape drops both characters; ``\\ooo`` above 255 is an error.)
    """
    out = bytearray()
    depth = 1
    n = len(data)
    while True:
        m = _STRING_STOP.search(data, pos)
        if m is None:
            out += data[pos:]
            return bytes(out), n + 1  # unterminated: past the end
        j = m.start()
        out += data[pos:j]
        c = data[j]
        if c == 92:  # backslash
            i = j + 1
            if i < n and data[i] in _OCTAL:
                k = i
                while k < n and k - i < 3 and data[k] in _OCTAL:
                    k += 1
                code = int(data[i:k], 8)
                if code >= 256:
                    raise ValueError(f"invalid octal escape {data[i:k]!r}")
                out.append(code)
                pos = k
                continue
            if i < n:
                ch = data[i]
                if ch in _ESCAPES:
                    out.append(_ESCAPES[ch])
                elif ch == 13 and i + 1 < n and data[i + 1] == 10:
                    i += 1
            pos = i + 1
            continue
        if c == 40:
            depth += 1
            out.append(40)
            pos = j + 1
            continue
        depth -= 1
        if depth:
            out.append(41)
            pos = j + 1
            continue
        return bytes(out), j + 1


def _inline_image_end(data: bytes, pos: int, target: bytes) -> int:
    """Where tokenizing resumes after inline image data (pdfminer's get_inline_data)."""
    n = len(data)
    i = 0
    while pos < n:
        if i == 0:
            j = data.find(target[:1], pos)
            if j < 0:
                return n
            pos = j + 1
            i = 1
            continue
        c = data[pos]
        pos += 1
        if (len(target) <= i and c in _WHITESPACE) or (i < len(target) and c == target[i]):
            i += 1
            if i > len(target):
                return pos
        else:
            i = 0
    return n


def _axis_aligned(
    x0: float, y0: float, x1: float, y1: float, x2: float, y2: float, x3: float, y3: float
) -> bool:
    """Whether four corners in order make a rectangle with sides along the axes (pdfminer's
    test for making a four-cornered path an LTRect)."""
    return (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
        y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0
    )


class _Device:
    """What pdfminer's PDFPageAggregator collects, already in pdfplumber's coordinates."""

    def __init__(self, ctm: Matrix, frame: tuple[float, float, float]) -> None:
        self.ctm = ctm
        self.height, self.mb_x0, self.mb_top = frame
        self.chars: list[Char] = []
        # (x0, top, x1, bottom, width, height, stroke, fill, non_stroking_colour)
        self.rects: list[tuple[float, float, float, float, float, float, bool, bool, Any]] = []
        self.lines: list[tuple[float, float, float, float]] = []  # x0, x1, top, bottom
        self.curves: list[list[Point]] = []  # (x, top) points
        self.font_info: dict[int, _FontInfo] = {}
        self.fonts: list[PDFFont] = []
        self.clipped = clip.ClipReport()

    def drop_clipped(self, start: int, box: clip.ClipBox) -> None:
        """Drop the characters from ``start`` on that ``box`` (device space) hides."""
        x0, y0, x1, y1 = box
        height, mb_x0, mb_top = self.height, self.mb_x0, self.mb_top
        page_box = (x0 + mb_x0, (height - y1) + mb_top, x1 + mb_x0, (height - y0) + mb_top)
        self.chars[start:] = self.clipped.visible(self.chars[start:], page_box)

    # -- pdfminer PDFLayoutAnalyzer.paint_path + pdfplumber's process_object -------

    def paint_path(self, gstate: _GState, stroke: bool, fill: bool, path: list[tuple]) -> None:
        if len(path) == 2 and path[0][0] == "m" and path[1][0] == "l":
            # "x y m x y l", the usual path (83,000 of 139,000 over the warm set): a line,
            # as below without building its shape and point list
            a, b, c, d, e, f = self.ctm
            _, x, y = path[0]
            _, u, v = path[1]
            self._line(
                (a * x + c * y + e, b * x + d * y + f), (a * u + c * v + e, b * u + d * v + f)
            )
            return
        if len(path) == 5 and path[4] is _CLOSE and self._closed_four(gstate, stroke, fill, path):
            return
        shape = "".join([x[0] for x in path])
        if shape[:1] != "m":
            return
        if shape.count("m") > 1:
            for m in re.finditer(r"m[^m]+", shape):
                self.paint_path(gstate, stroke, fill, path[m.start(0) : m.end(0)])
            return
        a, b, c, d, e, f = self.ctm
        start = path[0]
        pts = []
        for p in path:
            x, y = (start[-2], start[-1]) if p[0] == "h" else (p[-2], p[-1])
            pts.append((a * x + c * y + e, b * x + d * y + f))
        if len(shape) > 3 and shape[-2:] == "lh" and pts[-2] == pts[0]:
            shape = shape[:-2] + "h"
            pts.pop()
        if shape in ("mlh", "ml"):
            self._line(pts[0], pts[1])
            return
        if shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3), _ = pts
            if pts[0] == pts[4] and _axis_aligned(x0, y0, x1, y1, x2, y2, x3, y3):
                self._add_rect(x0, y0, x2, y2, stroke, fill, gstate.ncolor)
                return
        height, mb_x0, mb_top = self.height, self.mb_x0, self.mb_top
        self.curves.append([(mb_x0 + x, mb_top + height - y) for x, y in pts])

    def _closed_four(self, gstate: _GState, stroke: bool, fill: bool, path: list[tuple]) -> bool:
        """paint_path for "m l l l h" (what ``re`` makes: 54,000 of the 139,000 paths over
        the warm set), without building its shape and point list; False, having done
        nothing, for another path or one that is not a plain four-cornered one (its last
        corner on its first, a NaN), which paint_path then classifies in full."""
        m, l1, l2, l3 = path[0], path[1], path[2], path[3]
        if not (m[0] == "m" and l1[0] == "l" and l2[0] == "l" and l3[0] == "l"):
            return False
        a, b, c, d, e, f = self.ctm
        _, x, y = m
        x0, y0 = a * x + c * y + e, b * x + d * y + f
        _, x, y = l3
        x3, y3 = a * x + c * y + e, b * x + d * y + f
        # paint_path drops the last corner when it is the first one again ("mllh"), and
        # takes the closing point, computed again from the first, as equal to it (NaN aside)
        if (x3 == x0 and y3 == y0) or x0 != x0 or y0 != y0:
            return False
        _, x, y = l1
        x1, y1 = a * x + c * y + e, b * x + d * y + f
        _, x, y = l2
        x2, y2 = a * x + c * y + e, b * x + d * y + f
        if _axis_aligned(x0, y0, x1, y1, x2, y2, x3, y3):
            self._add_rect(x0, y0, x2, y2, stroke, fill, gstate.ncolor)
        else:
            height, mb_x0, mb_top = self.height, self.mb_x0, self.mb_top
            corners = ((x0, y0), (x1, y1), (x2, y2), (x3, y3), (x0, y0))
            self.curves.append([(mb_x0 + x, mb_top + height - y) for x, y in corners])
        return True

    def _add_rect(
        self, x0: float, y0: float, x2: float, y2: float, stroke: bool, fill: bool, color: Any
    ) -> None:
        """A rectangle with opposite corners (x0, y0) and (x2, y2) in device space, as
        pdfminer's LTRect(bbox=(x0, y0, x2, y2)) -> its four corners -> get_bound gives it to
        pdfplumber."""
        height, mb_x0, mb_top = self.height, self.mb_x0, self.mb_top
        left, right = min(x0, x2), max(x0, x2)
        low, high = min(y0, y2), max(y0, y2)
        width, rheight = right - left, high - low
        if mb_x0 != 0:
            left, right = left + mb_x0, right + mb_x0
        self.rects.append(
            (
                left,
                (height - high) + mb_top,
                right,
                (height - low) + mb_top,
                width,
                rheight,
                stroke,
                fill,
                color,
            )
        )

    def _line(self, start: Point, end: Point) -> None:
        """A line from ``start`` to ``end`` (device space), as pdfplumber's line object."""
        (x0, y0), (x1, y1) = start, end
        left, right = min(x0, x1), max(x0, x1)
        low, high = min(y0, y1), max(y0, y1)
        height, mb_x0, mb_top = self.height, self.mb_x0, self.mb_top
        if mb_x0 != 0:
            left, right = left + mb_x0, right + mb_x0
        self.lines.append((left, right, (height - high) + mb_top, (height - low) + mb_top))

    # -- pdfminer PDFTextDevice.render_string + render_char + LTChar ----------------

    def render_string(self, ts: _TextState, seq: list[Any], box: clip.ClipBox | None) -> None:
        """Upright, unskewed horizontal text (b == c == 0), the usual case, is laid out here;
        anything else by :meth:`_turned`. ``box``: the clip (device space), or None.

        Most strings are one or two glyphs (586,000 characters from 409,000 strings over
        the samples and real PDFs), so what is done per string counts: it is done once, in
        this one call. With b == c == 0 the general formulas reduce exactly to these (the
        dropped products are signed zeros), and y is constant along the string, so the
        vertical extent is computed once. For the same reason the clip's usual answer (the
        string stands within its height, every glyph's centre within its width:
        ``ClipReport.visible`` keeps all) is found here, with the height compared once and
        no second pass over the new characters (a clip is active for 84 % of the strings);
        any other string goes through :meth:`drop_clipped`.
        """
        a1, b1, c1, d1, e1, f1 = ts.matrix
        a0, b0, c0, d0, e0, f0 = self.ctm
        # mult_matrix(textstate.matrix, ctm)
        a = a0 * a1 + c0 * b1
        b = b0 * a1 + d0 * b1
        c = a0 * c1 + c0 * d1
        d = b0 * c1 + d0 * d1
        e = a0 * e1 + c0 * f1 + e0
        f = b0 * e1 + d0 * f1 + f0
        font = ts.font
        info = self.font_info.get(id(font))
        if info is None:
            info = self.font_info[id(font)] = _FontInfo(font)
            self.fonts.append(font)  # keeps id(font) unique while the cache lives
        if info.vertical or b != 0 or c != 0:
            start = len(self.chars)
            self._turned(ts, seq, info, (a, b, c, d, e, f))
            if box is not None:
                self.drop_clipped(start, box)
            return
        fontsize = ts.fontsize
        scaling = ts.scaling * 0.01
        charspace = ts.charspace * scaling
        wordspace = 0 if info.multibyte else ts.wordspace * scaling
        rise = ts.rise
        dxscale = 0.001 * fontsize * scaling
        x, y = ts.linematrix
        tf = y * d + f
        descent = info.descent * fontsize
        ya = d * (descent + rise) + tf
        yb = d * (descent + rise + fontsize) + tf
        y0, y1 = (ya, yb) if ya <= yb else (yb, ya)
        height, mb_x0, mb_top = self.height, self.mb_x0, self.mb_top
        top, bottom, size = (height - y1) + mb_top, (height - y0) + mb_top, (y1 - y0) or 0.0
        chars = self.chars
        append = chars.append
        start = len(chars)
        # Glyph centres still to compare with the clip's sides (page frame, as in
        # drop_clipped): only while the clip takes in the string's height and every
        # centre so far was inside; else drop_clipped decides below.
        check = False
        left = right = 0.0
        if box is not None:
            left, right = box[0] + mb_x0, box[2] + mb_x0
            check = (height - box[3]) + mb_top <= top <= bottom <= (height - box[1]) + mb_top
        turn = 0 if a >= 0 else 180 if a < 0 else 270  # turn_of(a, 0.0), NaN included
        # Char(..., turn=0) is Char(...): the keyword costs a third of building one
        make: Callable[..., Char] = Char if turn == 0 else partial(Char, turn=turn)
        runs = info.runs
        needcharspace = False
        for obj in seq:
            if type(obj) is not bytes:
                if isinstance(obj, (int, float)):
                    x -= obj * dxscale
                    needcharspace = True
                continue
            shown = runs.get(obj)
            if shown is None:
                shown = info.shown(obj)
            for text, width, keep, space in shown:
                if needcharspace:
                    x += charspace
                adv = width * fontsize * scaling
                if keep:
                    x0 = x * a + e
                    x1 = a * adv + x0
                    if x1 < x0:
                        x0, x1 = x1, x0
                    if mb_x0 != 0:
                        x0, x1 = x0 + mb_x0, x1 + mb_x0
                    append(make(text, x0, x1, top, bottom, size))
                    if check and not left <= (x0 + x1) / 2 <= right:
                        check = False
                x += adv
                if space and wordspace:
                    x += wordspace
                needcharspace = True
        ts.linematrix = (x, y)
        if box is not None and not check:
            self.drop_clipped(start, box)

    def _turned(self, ts: _TextState, seq: list[Any], info: _FontInfo, matrix: Matrix) -> None:
        """render_string for vertical writing and for turned or skewed text."""
        a, b, c, d, e, f = matrix
        font = info.font
        fontsize = ts.fontsize
        scaling = ts.scaling * 0.01
        charspace = ts.charspace * scaling
        wordspace = 0 if info.multibyte else ts.wordspace * scaling
        rise = ts.rise
        dxscale = 0.001 * fontsize * scaling
        vertical = info.vertical
        glyphs = info.glyphs
        descent = 0.0 if vertical else font.get_descent() * fontsize
        low = descent + rise  # LTChar: (0, descent + rise, adv, descent + rise + fontsize)
        high = descent + rise + fontsize
        height, mb_x0, mb_top = self.height, self.mb_x0, self.mb_top
        chars = self.chars
        turn = turn_of(a, b)
        x, y = ts.linematrix
        needcharspace = False
        for obj in seq:
            if isinstance(obj, (int, float)):
                if vertical:
                    y -= obj * dxscale
                else:
                    x -= obj * dxscale
                needcharspace = True
                continue
            if not isinstance(obj, bytes):
                continue
            for cid in font.decode(obj):
                if needcharspace:
                    if vertical:
                        y += charspace
                    else:
                        x += charspace
                glyph = glyphs.get(cid)
                if glyph is None:
                    glyph = glyphs[cid] = _glyph(font, cid)
                text, textwidth, textdisp, keep = glyph
                adv = textwidth * fontsize * scaling
                # translate_matrix(matrix, (x, y)), then LTChar's box through it
                te = x * a + y * c + e
                tf = x * b + y * d + f
                if vertical:
                    vx, vy = textdisp
                    vx = fontsize * 0.5 if vx is None else vx * fontsize * 0.001
                    vy = (1000 - vy) * fontsize * 0.001
                    bx0, by0, bx1, by1 = -vx, vy + rise + adv, -vx + fontsize, vy + rise
                else:
                    bx0, by0, bx1, by1 = 0, low, adv, high
                # apply_matrix_rect: the four corners, then min/max
                l1, b1_ = a * bx0 + c * by0 + te, b * bx0 + d * by0 + tf
                r1, b2 = a * bx1 + c * by0 + te, b * bx1 + d * by0 + tf
                r2, t1 = a * bx1 + c * by1 + te, b * bx1 + d * by1 + tf
                l2, t2 = a * bx0 + c * by1 + te, b * bx0 + d * by1 + tf
                x0, y0 = min(l1, r1, r2, l2), min(b1_, b2, t1, t2)
                x1, y1 = max(l1, r1, r2, l2), max(b1_, b2, t1, t2)
                if keep:
                    size = ((x1 - x0) if vertical else (y1 - y0)) or 0.0
                    if mb_x0 != 0:
                        x0, x1 = x0 + mb_x0, x1 + mb_x0
                    top, bottom = (height - y1) + mb_top, (height - y0) + mb_top
                    chars.append(Char(text, x0, x1, top, bottom, size, turn=turn))
                if vertical:
                    y += adv
                else:
                    x += adv
                if cid == 32 and wordspace:
                    if vertical:
                        y += wordspace
                    else:
                        x += wordspace
                needcharspace = True
        ts.linematrix = (x, y)


#: The attributes of a pdfminer font that hold :func:`_glyph`'s answers for it, and
#: :meth:`_FontInfo.shown`'s for its short strings.
_GLYPHS = "_jixiao_glyphs"
_RUNS = "_jixiao_runs"
#: Strings up to this many bytes have their glyphs kept (one or two glyphs, the usual
#: string), and up to this many strings a font.
_RUN_BYTES = 4
_RUN_LIMIT = 4096

#: What render_string reads of one glyph: its text, width (text space, per 1,000), whether
#: pdfsource keeps it, and whether it is code 32 (word spacing follows).
ShownGlyph = tuple[str, float, bool, bool]


class _FontInfo:
    """What render_string asks a font for on every string, asked once."""

    __slots__ = ("decode", "descent", "font", "glyphs", "multibyte", "runs", "vertical")

    def __init__(self, font: PDFFont) -> None:
        self.font = font
        self.multibyte = font.is_multibyte()
        self.vertical = font.is_vertical()
        self.descent = font.get_descent()  # same value pdfminer reads per character
        self.decode: Callable[[bytes], Iterable[int]] = font.decode
        cmap = getattr(font, "cmap", None)
        if type(font).decode is PDFCIDFont.decode and type(cmap) is IdentityCMap:
            self.decode = _identity_decode  # the usual CJK font (Identity-H): one call, not 3
        # Kept on the font itself, so that it lasts as long as pdfminer keeps the font built
        # (doc_cache's bounded font cache), not one page: the lookups behind a glyph (its
        # Unicode map, width and displacement) were 3 % of a warm conversion when every
        # page looked its glyphs up afresh.
        glyphs = getattr(font, _GLYPHS, None)
        if glyphs is None:
            glyphs = {}
            setattr(font, _GLYPHS, glyphs)
        self.glyphs: dict[int, tuple[str, float, Any, bool]] = glyphs
        # A short string's glyphs, by its bytes: most strings are one glyph shown again and
        # again (a character of a table), so one look-up replaces decoding the string and
        # looking each glyph up (a third of render_string's steps per string).
        runs = getattr(font, _RUNS, None)
        if runs is None:
            runs = {}
            setattr(font, _RUNS, runs)
        self.runs: dict[bytes, tuple[ShownGlyph, ...]] = runs

    def shown(self, code: bytes) -> tuple[ShownGlyph, ...]:
        """The glyphs of the string ``code`` as render_string reads them; kept in
        :attr:`runs` for a short string."""
        glyphs = self.glyphs
        out = []
        for cid in self.decode(code):
            glyph = glyphs.get(cid)
            if glyph is None:
                glyph = glyphs[cid] = _glyph(self.font, cid)
            out.append((glyph[0], glyph[1], glyph[3], cid == 32))
        run = tuple(out)
        if len(code) <= _RUN_BYTES and len(self.runs) < _RUN_LIMIT:
            self.runs[code] = run
        return run


def _identity_decode(code: bytes) -> tuple[int, ...]:
    """IdentityCMap.decode (two bytes per glyph, big-endian), a one-glyph string directly."""
    if len(code) == 2:
        return ((code[0] << 8) | code[1],)
    n = len(code) // 2
    return struct.unpack(f">{n}H", code[: n * 2]) if n else ()


def _glyph(font: PDFFont, cid: int) -> tuple[str, float, Any, bool]:
    """pdfminer's render_char lookups for one glyph, and whether pdfsource keeps it."""
    try:
        text = font.to_unichr(cid)
        assert isinstance(text, str), str(type(text))
    except PDFUnicodeNotDefined:
        text = f"(cid:{cid})"
    return (text, font.char_width(cid), font.char_disp(cid), bool(text.strip() or text == " "))


class _TextState:
    __slots__ = (
        "charspace",
        "font",
        "fontsize",
        "leading",
        "linematrix",
        "matrix",
        "render",
        "rise",
        "scaling",
        "wordspace",
    )

    def __init__(self) -> None:
        self.font: Any = None
        self.fontsize: float = 0
        self.charspace: float = 0
        self.wordspace: float = 0
        self.scaling: float = 100
        self.leading: float = 0
        self.render: int = 0
        self.rise: float = 0
        self.matrix: Matrix = MATRIX_IDENTITY
        self.linematrix: Point = (0, 0)

    def copy(self) -> _TextState:
        obj = _TextState.__new__(_TextState)
        obj.font, obj.fontsize, obj.charspace = self.font, self.fontsize, self.charspace
        obj.wordspace, obj.scaling, obj.leading = self.wordspace, self.scaling, self.leading
        obj.render, obj.rise = self.render, self.rise
        obj.matrix, obj.linematrix = self.matrix, self.linematrix
        return obj


class _GState:
    """The part of pdfminer's PDFGraphicState that reaches pdfplumber's objects we use."""

    __slots__ = ("clip", "ncolor", "ncs", "scolor", "scs")

    def __init__(self) -> None:
        self.clip: clip.ClipBox | None = None  # extract/clip.py
        self.scolor: Any = 0
        self.scs: PDFColorSpace = PREDEFINED_COLORSPACE["DeviceGray"]
        self.ncolor: Any = 0
        self.ncs: PDFColorSpace = PREDEFINED_COLORSPACE["DeviceGray"]

    def copy(self) -> _GState:
        obj = _GState.__new__(_GState)
        obj.scolor, obj.scs, obj.ncolor, obj.ncs = self.scolor, self.scs, self.ncolor, self.ncs
        obj.clip = self.clip
        return obj


def _float(value: Any) -> float | None:
    if type(value) is float:
        return value
    return safe_float(value)


def _color(components: list[Any]) -> Any:
    """pdfminer's _parse_color_components: gray, RGB or CMYK, else None."""
    if len(components) == 1:
        return safe_float(components[0])
    if len(components) == 3:
        return safe_rgb(*components)
    if len(components) == 4:
        return safe_cmyk(*components)
    return None


class _Interpreter:
    """pdfminer's PDFPageInterpreter for the operators that produce characters and paths."""

    def __init__(
        self,
        rsrcmgr: Any,
        device: _Device,
        parent_ids: frozenset[int] = frozenset(),
        clip_box: clip.ClipBox | None = None,
    ) -> None:
        self.rsrcmgr = rsrcmgr
        self.device = device
        self.parent_ids = parent_ids
        self.clip_box = clip_box  # the clip a Form XObject is drawn in
        self.ops: dict[bytes, tuple[int, Callable[..., None]]] = {
            b"q": (0, self.do_q),
            b"Q": (0, self.do_Q),
            b"cm": (6, self.do_cm),
            b"m": (2, self.do_m),
            b"l": (2, self.do_l),
            b"c": (6, self.do_c),
            b"v": (4, self.do_v),
            b"y": (4, self.do_y),
            b"h": (0, self.do_h),
            b"re": (4, self.do_re),
            b"S": (0, self.do_S),
            b"s": (0, self.do_s),
            b"f": (0, self.do_f),
            b"F": (0, _nothing),
            b"f*": (0, self.do_f),
            b"B": (0, self.do_B),
            b"B*": (0, self.do_B),
            b"b": (0, self.do_b),
            b"b*": (0, self.do_b),
            b"n": (0, self.do_n),
            b"W": (0, self.do_W),
            b"W*": (0, self.do_W),
            b"w": (1, _nothing1),
            b"J": (1, _nothing1),
            b"j": (1, _nothing1),
            b"M": (1, _nothing1),
            b"d": (2, _nothing2),
            b"ri": (1, _nothing1),
            b"i": (1, _nothing1),
            b"gs": (1, _nothing1),
            b"CS": (1, self.do_CS),
            b"cs": (1, self.do_cs),
            b"G": (1, self.do_G),
            b"g": (1, self.do_g),
            b"RG": (3, self.do_RG),
            b"rg": (3, self.do_rg),
            b"K": (4, self.do_K),
            b"k": (4, self.do_k),
            b"SCN": (0, self.do_SCN),
            b"SC": (0, self.do_SCN),
            b"scn": (0, self.do_scn),
            b"sc": (0, self.do_scn),
            b"sh": (1, _nothing1),
            b"BT": (0, self.do_BT),
            b"ET": (0, _nothing),
            b"BX": (0, _nothing),
            b"EX": (0, _nothing),
            b"MP": (1, _nothing1),
            b"DP": (2, _nothing2),
            b"BMC": (1, _nothing1),
            b"BDC": (2, _nothing2),
            b"EMC": (0, _nothing),
            b"Tc": (1, self.do_Tc),
            b"Tw": (1, self.do_Tw),
            b"Tz": (1, self.do_Tz),
            b"TL": (1, self.do_TL),
            b"Tf": (2, self.do_Tf),
            b"Tr": (1, self.do_Tr),
            b"Ts": (1, self.do_Ts),
            b"Td": (2, self.do_Td),
            b"TD": (2, self.do_TD),
            b"Tm": (6, self.do_Tm),
            b"T*": (0, self.do_T_a),
            b"TJ": (1, self.do_TJ),
            b"Tj": (1, self.do_Tj),
            b"'": (1, self.do__q),
            b'"': (3, self.do__w),
            b"EI": (1, _nothing1),
            b"Do": (1, self.do_Do),
            b"d0": (2, _nothing2),
            b"d1": (6, _nothing6),
        }
        # Operators whose handlers turn every operand into a float first (safe_float and the
        # like), for a run of plain numbers on an empty stack (the bulk of every content
        # stream): those checks pass a float through unchanged, so these handlers take the
        # floats as they are. Other operators get pdfminer's int/float tokens (a number used
        # as a name, "5 Do", stays "5", not "5.0").
        # Their operand counts are those of self.ops.
        handlers: dict[bytes, Callable[..., None]] = {
            b"m": self._moveto,
            b"l": self._lineto,
            b"c": self._curve_c,
            b"v": self._curve_v,
            b"y": self._curve_y,
            b"re": self._rect,
            b"cm": self._concat,
            b"Tm": self._text_matrix,
            b"Td": self._move_text,
            b"TD": self._move_text_leading,
            b"TL": self._leading,
            b"Tc": self._charspace,
            b"Tw": self._wordspace,
            b"Tz": self._scaling,
            b"Ts": self._rise,
            b"G": self._stroke_gray,
            b"g": self._fill_gray,
            b"RG": self._stroke_rgb,
            b"rg": self._fill_rgb,
            b"K": self._stroke_cmyk,
            b"k": self._fill_cmyk,
            b"w": _nothing1,
            b"J": _nothing1,
            b"j": _nothing1,
            b"M": _nothing1,
            b"i": _nothing1,
            b"d0": _nothing2,
            b"d1": _nothing6,
        }
        self.float_ops = {tok: (self.ops[tok][0], func) for tok, func in handlers.items()}
        # Operators without operands, for a keyword met outside any array: one look-up.
        self.bare_ops = {tok: func for tok, (nargs, func) in self.ops.items() if not nargs}

    # -- resources and state ----------------------------------------------------------

    def init_resources(self, resources: Any) -> None:
        self.resources = resources
        self.fontmap: dict[object, PDFFont] = {}
        self.xobjmap: dict[object, Any] = {}
        self.csmap: dict[str, PDFColorSpace] = PREDEFINED_COLORSPACE.copy()
        if not resources:
            return

        def get_colorspace(spec: object) -> PDFColorSpace | None:
            name = literal_name(spec[0]) if isinstance(spec, list) else literal_name(spec)
            if name == "ICCBased" and isinstance(spec, list) and len(spec) >= 2:
                return PDFColorSpace(name, stream_value(spec[1])["N"])
            if name == "DeviceN" and isinstance(spec, list) and len(spec) >= 2:
                return PDFColorSpace(name, len(list_value(spec[1])))
            return PREDEFINED_COLORSPACE.get(name)

        for k, v in dict_value(resources).items():
            if k == "Font":
                with _cached_cmaps():
                    for fontid, spec in dict_value(v).items():
                        objid = getattr(spec, "objid", None)
                        self.fontmap[fontid] = self.rsrcmgr.get_font(objid, dict_value(spec))
            elif k == "ColorSpace":
                for csid, spec in dict_value(v).items():
                    colorspace = get_colorspace(resolve1(spec))
                    if colorspace is not None:
                        self.csmap[csid] = colorspace
            elif k == "ProcSet":
                self.rsrcmgr.get_procset(list_value(v))
            elif k == "XObject":
                for xobjid, xobjstrm in dict_value(v).items():
                    self.xobjmap[xobjid] = xobjstrm

    def init_state(self, ctm: Matrix) -> None:
        self.gstack: list[tuple[Matrix, _TextState, _GState]] = []
        self.ctm = ctm
        self.device.ctm = ctm
        self.textstate = _TextState()
        self.graphicstate = _GState()
        self.graphicstate.clip = self.clip_box
        self.curpath: list[tuple] = []
        self.argstack: list[Any] = []

    def render_contents(self, resources: Any, streams: Any, ctm: Matrix) -> None:
        """Run the streams, then drop the operator tables.

        Why drop them: they hold bound methods of this interpreter, a reference cycle that
        kept the interpreter, its device and the page's characters alive until the cyclic
        collector came by, so every page's objects aged into the older generations and
        each full collection walked them again.
        """
        try:
            self.init_resources(resources)
            self.init_state(ctm)
            self.execute(list_value(streams))
        finally:
            self.ops = self.float_ops = self.bare_ops = {}  # type: ignore[assignment]

    # -- the token loop (pdfminer's PDFContentParser + execute) ------------------------

    def execute(self, streams: list[Any]) -> None:
        valid: list[PDFStream] = []
        self.stream_ids: set[int] = set()
        for obj in streams:
            stream = stream_value(obj)
            if stream.objid is None or stream.objid in self.parent_ids:
                continue
            valid.append(stream)
            self.stream_ids.add(stream.objid)
        if not valid:
            return
        parts = [data for data in map(_decoded, valid) if data]
        for part in parts[:-1]:
            if _OPEN_AT_END.search(part[-3:]):
                raise _Unsupported("a content stream ends inside a token's first character")
        # pdfminer ends the token in progress at a stream boundary as if a newline followed
        # (a string gets the newline); joining with one is the same, except when the token
        # has no character yet — that case was sent to the reference reader just above.
        self.run(b"\n".join(parts))

    def run(self, data: bytes) -> None:
        ops = self.ops
        floats = self.float_ops
        bare = self.bare_ops
        stack = self.argstack
        context: list[_Open] = []  # open arrays / dictionaries / procedures
        push = stack.append  # where operands go: the stack, or the innermost open array
        operate = self._operate
        font_of: dict[PSLiteral, PDFFont] = {}  # the resources' fonts by name, once found
        finditer = _SPACED_TOKEN.finditer
        render = self.device.render_string
        pos = 0
        n = len(data)
        # Token kinds are tested in order of frequency: numbers with their operator, then
        # operators alone (q, Q, BT, ET, S, n, ...); what shows a string falls through to
        # the end of the loop, the rest continues.
        while pos < n:
            restart = None
            for m in finditer(data, pos):
                kind = m.lastindex
                if _R_NUMBERS < kind <= _R_OPERATOR_HEX:  # numbers and their operator
                    text = m[_R_NUMBERS]
                    numbers = text.split()
                    tok = m[_R_OPERATOR]
                    op = None
                    if not stack and not context:
                        op = floats.get(tok)
                        if op is not None:  # converts every operand to float
                            if op[0] == len(numbers):
                                try:
                                    op[1](*map(float, numbers))
                                except ValueError:  # not all numbers (the handlers only
                                    op = None  # store and multiply floats): as below
                            else:
                                op = None
                        else:
                            op = ops.get(tok)
                            if op is not None and op[0] == len(numbers):
                                values = _numbers(text, numbers)
                                if len(values) == op[0]:
                                    op[1](*values)
                                else:
                                    op = None
                            else:
                                op = None
                    if op is None:  # the operator, as if it came alone
                        for value in _numbers(text, numbers):
                            push(value)
                        if tok == b"BI" and not context:
                            restart = self._skip_inline_image(data, m.end(_R_OPERATOR))
                            break
                        operate(tok, push, bool(context))
                    if kind == _R_OPERATOR:
                        continue
                    shown = m[kind]
                    kind += _R_STRING_TJ - _R_OPERATOR_STRING  # as if it came alone
                elif kind == _R_KEYWORDS:  # operators without operands
                    for tok in m[_R_KEYWORDS].split():
                        if not context:
                            func = bare.get(tok)
                            if func is not None:
                                func()
                                continue
                            if tok == b"BI":
                                end = next(w for w in _WORD.finditer(m[kind]) if w[0] == b"BI")
                                restart = self._skip_inline_image(data, m.start(kind) + end.end())
                                break
                        operate(tok, push, bool(context))
                    else:
                        continue
                    break
                elif kind == _R_NAMED_OPERATOR:  # a name and its operator
                    name = _name(m[_R_NAMED])
                    tok = m[_R_NAMED_OPERATOR]
                    if not stack and not context:
                        op = ops.get(tok)
                        if op is not None and op[0] == 1:
                            op[1](name)
                            continue
                    push(name)
                    if tok == b"BI" and not context:
                        restart = self._skip_inline_image(data, m.end(_R_NAMED_OPERATOR))
                        break
                    operate(tok, push, bool(context))
                    continue
                elif kind <= _R_FONT_HEX:  # /name size Tf
                    font, size = _name(m[_R_FONT_NAME]), m[_R_FONT]
                    try:
                        fontsize = float(size)
                    except ValueError:
                        fontsize = None  # not a number: read as pdfminer does, below
                    if fontsize is not None and not stack and not context:
                        chosen = font_of.get(font)
                        if chosen is None:
                            self.do_Tf(font, fontsize)
                            if self.textstate.font is self.fontmap.get(literal_name(font)):
                                font_of[font] = self.textstate.font
                        else:  # do_Tf, for a font of the resources met before
                            ts = self.textstate
                            ts.font, ts.fontsize = chosen, fontsize
                    else:
                        push(font)
                        for value in _numbers(size, [size]):
                            push(value)
                        operate(b"Tf", push, bool(context))
                    if kind == _R_FONT:
                        continue
                    shown = m[kind]
                    kind += _R_STRING_TJ - _R_FONT_STRING
                elif kind <= _R_HEX_TJ:
                    shown = m[kind]
                elif kind == _R_NAME:
                    push(_name(m[_R_NAME]))
                    continue
                elif kind == _R_HEX:
                    push(_hex_string(m[_R_HEX]))
                    continue
                elif kind == _R_NUMBER:
                    tok = m[_R_NUMBER]
                    try:  # noqa: SIM105 (suppress() costs a call per token in this loop)
                        push(float(tok) if b"." in tok else int(tok))
                    except ValueError:
                        pass  # "-", "." alone: pdfminer drops them
                    continue
                elif kind == _R_BRACKET:
                    tok = m[_R_BRACKET]
                    if tok == b"[" or tok == b"{" or tok == b"<<":
                        context.append(_Open(tok))
                    else:
                        self._close(context, tok, stack)
                    push = context[-1].append if context else stack.append
                    continue
                elif kind == _R_STRING:
                    push(_plain_string(m[_R_STRING]))
                    continue
                elif kind == _R_STRING_START:
                    value, restart = _string(data, m.end())
                    push(value)
                    break
                else:
                    if kind == _R_KEYWORD or kind == _R_OTHER:  # noqa: SIM109
                        tok = m[kind]
                        if tok != b">" and tok != b"\x00":  # '>' closes nothing, NUL is skipped
                            operate(tok, push, bool(context))
                    continue
                # a string shown with Tj
                value = _plain_string(shown) if kind == _R_STRING_TJ else _hex_string(shown)
                if not stack and not context:
                    if self.textstate.font is not None:  # do_TJ, without its call
                        render(self.textstate, [value], self.graphicstate.clip)
                    continue
                push(value)
                operate(b"Tj", push, bool(context))
            if restart is None:
                break
            pos = restart

    def _operate(self, tok: bytes, push: Callable[[Any], None], in_context: bool) -> None:
        """An operator :meth:`run` did not take on a fast path, as pdfminer executes it:
        in an array, a keyword; else its operands come off the stack (an unknown operator
        leaves them there, as does one short of operands, which is then skipped)."""
        if tok[0] == 42 and len(tok) > 1:  # '*' (from a run of operators) is a token alone
            self._operate(b"*", push, in_context)
            self._operate(tok[1:], push, in_context)
        elif tok == b"true" or tok == b"false":
            push(tok == b"true")
        elif in_context:
            push(KWD(tok))
        else:
            op = self.ops.get(tok)
            if op is None:
                return
            nargs, func = op
            if nargs:
                stack = self.argstack
                args = stack[-nargs:]
                del stack[-nargs:]
                if len(args) == nargs:
                    func(*args)
            else:
                func()

    def _close(self, context: list[_Open], tok: bytes, stack: list[Any]) -> None:
        want = _OPENERS[tok]
        if not context or context[-1].opener != want:
            return  # pdfminer's end_type type mismatch: ignored when not strict
        items = context.pop()
        if want == b"<<":
            if len(items) % 2:
                raise ValueError("invalid dictionary in content stream")
            value: Any = {literal_name(k): v for k, v in zip(items[0::2], items[1::2], strict=True)}
            value = {k: v for k, v in value.items() if v is not None}
        else:
            value = list(items)
        (context[-1] if context else stack).append(value)

    def _skip_inline_image(self, data: bytes, pos: int) -> int:
        """BI <dict> ID <data> EI: pdfminer never hands the interpreter BI or ID."""
        entries: list[Any] = []
        arrays: list[list[Any]] = []
        for m in _TOKEN.finditer(data, pos):
            kind = m.lastindex
            if kind == 2:  # numbers and a keyword
                entries.extend(m[1].split())
                kind = _KEYWORD
            elif kind == 3 or kind == 4:  # a string and Tj
                entries.extend((m[kind], b"Tj"))
                continue
            tok = m[kind] if kind else b""
            if kind == _KEYWORD and tok == b"ID" and not arrays:
                params = dict(zip(entries[0::2], entries[1::2], strict=False))
                found = params.get(LIT("F"))
                first = found[0] if isinstance(found, list) and found else found
                target = b"~>" if first in _ASCII85 else b"EI"
                end = _inline_image_end(data, m.end() + 1, target)
                if target != b"EI":
                    self.argstack.append(None)  # the image, popped by the EI still to come
                return end
            item: Any = None
            if kind == _NAME:
                item = _name(tok)
            elif kind == _BRACKET and tok == b"[":
                arrays.append([])
                continue
            elif kind == _BRACKET and tok == b"]" and arrays:
                item = arrays.pop()
            elif kind in (_NUMBER, _KEYWORD, _STRING, _HEX):
                item = tok
            else:
                continue
            (arrays[-1] if arrays else entries).append(item)
        return len(data)

    # -- graphics state ------------------------------------------------------------

    def do_q(self) -> None:
        self.gstack.append((self.ctm, self.textstate.copy(), self.graphicstate.copy()))

    def do_Q(self) -> None:
        if self.gstack:
            self.ctm, self.textstate, self.graphicstate = self.gstack.pop()
            self.device.ctm = self.ctm

    def do_cm(self, *values: Any) -> None:
        matrix = safe_matrix(*values)
        if matrix is not None:
            self._concat(*matrix)

    def _concat(self, *matrix: float) -> None:
        self.ctm = mult_matrix(matrix, self.ctm)  # type: ignore[arg-type]
        self.device.ctm = self.ctm

    # -- paths -----------------------------------------------------------------------

    def do_m(self, x: Any, y: Any) -> None:
        x_f, y_f = _float(x), _float(y)
        if x_f is not None and y_f is not None:
            self._moveto(x_f, y_f)

    def _moveto(self, x: float, y: float) -> None:
        self.curpath.append(("m", x, y))

    def do_l(self, x: Any, y: Any) -> None:
        x_f, y_f = _float(x), _float(y)
        if x_f is not None and y_f is not None:
            self._lineto(x_f, y_f)

    def _lineto(self, x: float, y: float) -> None:
        self.curpath.append(("l", x, y))

    def do_c(self, *values: Any) -> None:
        floats = [_float(v) for v in values]
        if None not in floats:
            self._curve_c(*floats)  # type: ignore[arg-type]

    def _curve_c(self, *values: float) -> None:
        self.curpath.append(("c", *values))

    def do_v(self, *values: Any) -> None:
        floats = [_float(v) for v in values]
        if None not in floats:
            self._curve_v(*floats)  # type: ignore[arg-type]

    def _curve_v(self, *values: float) -> None:
        self.curpath.append(("v", *values))

    def do_y(self, *values: Any) -> None:
        floats = [_float(v) for v in values]
        if None not in floats:
            self._curve_y(*floats)  # type: ignore[arg-type]

    def _curve_y(self, *values: float) -> None:
        self.curpath.append(("y", *values))

    def do_h(self) -> None:
        self.curpath.append(_CLOSE)

    def do_re(self, x: Any, y: Any, w: Any, h: Any) -> None:
        x_f, y_f, w_f, h_f = _float(x), _float(y), _float(w), _float(h)
        if x_f is None or y_f is None or w_f is None or h_f is None:
            return
        self._rect(x_f, y_f, w_f, h_f)

    def _rect(self, x: float, y: float, w: float, h: float) -> None:
        self.curpath += [("m", x, y), ("l", x + w, y), ("l", x + w, y + h), ("l", x, y + h), _CLOSE]

    def _paint(self, stroke: bool, fill: bool) -> None:
        if self.curpath:
            self.device.paint_path(self.graphicstate, stroke, fill, self.curpath)
        self.curpath = []

    def do_S(self) -> None:
        self._paint(True, False)

    def do_s(self) -> None:
        self.do_h()
        self._paint(True, False)

    def do_f(self) -> None:
        self._paint(False, True)

    def do_B(self) -> None:
        self._paint(True, True)

    def do_b(self) -> None:
        self.do_h()
        self._paint(True, True)

    def do_n(self) -> None:
        self.curpath = []

    def do_W(self) -> None:
        box = clip.path_box(self.curpath, self.ctm)
        self.graphicstate.clip = clip.narrowed(self.graphicstate.clip, box)

    # -- colours (only the non-stroking colour reaches pdfsource) -----------------

    def do_CS(self, name: Any) -> None:
        cs = self.csmap.get(literal_name(name))
        if cs is not None:
            self.graphicstate.scs = cs

    def do_cs(self, name: Any) -> None:
        cs = self.csmap.get(literal_name(name))
        if cs is not None:
            self.graphicstate.ncs = cs

    def do_G(self, gray: Any) -> None:
        value = _float(gray)
        if value is not None:
            self._stroke_gray(value)

    def _stroke_gray(self, gray: float) -> None:
        self.graphicstate.scolor = gray
        self.graphicstate.scs = self.csmap["DeviceGray"]

    def do_g(self, gray: Any) -> None:
        value = _float(gray)
        if value is not None:
            self._fill_gray(value)

    def _fill_gray(self, gray: float) -> None:
        self.graphicstate.ncolor = gray
        self.graphicstate.ncs = self.csmap["DeviceGray"]

    def do_RG(self, r: Any, g: Any, b: Any) -> None:
        rgb = safe_rgb(r, g, b)
        if rgb is not None:
            self._stroke_rgb(*rgb)

    def _stroke_rgb(self, r: float, g: float, b: float) -> None:
        self.graphicstate.scolor = (r, g, b)
        self.graphicstate.scs = self.csmap["DeviceRGB"]

    def do_rg(self, r: Any, g: Any, b: Any) -> None:
        rgb = safe_rgb(r, g, b)
        if rgb is not None:
            self._fill_rgb(*rgb)

    def _fill_rgb(self, r: float, g: float, b: float) -> None:
        self.graphicstate.ncolor = (r, g, b)
        self.graphicstate.ncs = self.csmap["DeviceRGB"]

    def do_K(self, c: Any, m: Any, y: Any, k: Any) -> None:
        cmyk = safe_cmyk(c, m, y, k)
        if cmyk is not None:
            self._stroke_cmyk(*cmyk)

    def _stroke_cmyk(self, c: float, m: float, y: float, k: float) -> None:
        self.graphicstate.scolor = (c, m, y, k)
        self.graphicstate.scs = self.csmap["DeviceCMYK"]

    def do_k(self, c: Any, m: Any, y: Any, k: Any) -> None:
        cmyk = safe_cmyk(c, m, y, k)
        if cmyk is not None:
            self._fill_cmyk(*cmyk)

    def _fill_cmyk(self, c: float, m: float, y: float, k: float) -> None:
        self.graphicstate.ncolor = (c, m, y, k)
        self.graphicstate.ncs = self.csmap["DeviceCMYK"]

    def _pop(self, n: int) -> list[Any]:
        if n == 0:
            return []
        x = self.argstack[-n:]
        del self.argstack[-n:]
        return x

    def _set_color(self, space: PDFColorSpace, stroking: bool) -> None:
        n = space.ncomponents
        components = self._pop(n)
        if len(components) != n:
            return
        if space.name != "Pattern":
            color = _color(components)
        elif len(components) >= 1:
            pattern = components[-1]
            if not isinstance(pattern, PSLiteral):
                return
            name = literal_name(pattern)
            if len(components) == 1:
                color = name
            else:
                base = _color(components[:-1])
                if base is None:
                    return
                color = (base, name)
        else:
            return
        if color is None:
            return
        if stroking:
            self.graphicstate.scolor = color
        else:
            self.graphicstate.ncolor = color

    def do_SCN(self) -> None:
        self._set_color(self.graphicstate.scs, True)

    def do_scn(self) -> None:
        self._set_color(self.graphicstate.ncs, False)

    # -- text ------------------------------------------------------------------------

    def do_BT(self) -> None:
        self.textstate.matrix = MATRIX_IDENTITY
        self.textstate.linematrix = (0, 0)

    def do_Tc(self, space: Any) -> None:
        value = _float(space)
        if value is not None:
            self._charspace(value)

    def _charspace(self, space: float) -> None:
        self.textstate.charspace = space

    def do_Tw(self, space: Any) -> None:
        value = _float(space)
        if value is not None:
            self._wordspace(value)

    def _wordspace(self, space: float) -> None:
        self.textstate.wordspace = space

    def do_Tz(self, scale: Any) -> None:
        value = _float(scale)
        if value is not None:
            self._scaling(value)

    def _scaling(self, scale: float) -> None:
        self.textstate.scaling = scale

    def do_TL(self, leading: Any) -> None:
        value = _float(leading)
        if value is not None:
            self._leading(value)

    def _leading(self, leading: float) -> None:
        self.textstate.leading = -leading

    def do_Tf(self, fontid: Any, fontsize: Any) -> None:
        try:
            self.textstate.font = self.fontmap[literal_name(fontid)]
        except KeyError:
            self.textstate.font = self.rsrcmgr.get_font(None, {})
        size = _float(fontsize)
        if size is not None:
            self.textstate.fontsize = size

    def do_Tr(self, render: Any) -> None:
        value = safe_int(render)
        if value is not None:
            self.textstate.render = value

    def do_Ts(self, rise: Any) -> None:
        value = _float(rise)
        if value is not None:
            self._rise(value)

    def _rise(self, rise: float) -> None:
        self.textstate.rise = rise

    def do_Td(self, tx: Any, ty: Any) -> None:
        tx_, ty_ = _float(tx), _float(ty)
        if tx_ is not None and ty_ is not None:
            self._move_text(tx_, ty_)
        else:
            self.textstate.linematrix = (0, 0)

    def _move_text(self, tx: float, ty: float) -> None:
        ts = self.textstate
        a, b, c, d, e, f = ts.matrix
        ts.matrix = (a, b, c, d, tx * a + ty * c + e, tx * b + ty * d + f)
        ts.linematrix = (0, 0)

    def do_TD(self, tx: Any, ty: Any) -> None:
        tx_, ty_ = _float(tx), _float(ty)
        if tx_ is not None and ty_ is not None:
            self._move_text_leading(tx_, ty_)
            return
        if ty_ is not None:
            self.textstate.leading = ty_
        self.textstate.linematrix = (0, 0)

    def _move_text_leading(self, tx: float, ty: float) -> None:
        self._move_text(tx, ty)
        self.textstate.leading = ty

    def do_Tm(self, *values: Any) -> None:
        matrix = safe_matrix(*values)
        if matrix is not None:
            self._text_matrix(*matrix)

    def _text_matrix(self, *matrix: float) -> None:
        self.textstate.matrix = matrix  # type: ignore[assignment]
        self.textstate.linematrix = (0, 0)

    def do_T_a(self) -> None:
        ts = self.textstate
        a, b, c, d, e, f = ts.matrix
        ts.matrix = (a, b, c, d, ts.leading * c + e, ts.leading * d + f)
        ts.linematrix = (0, 0)

    def do_TJ(self, seq: Any) -> None:
        if self.textstate.font is not None:
            self.device.render_string(self.textstate, seq, self.graphicstate.clip)

    def do_Tj(self, s: Any) -> None:
        self.do_TJ([s])

    def do__q(self, s: Any) -> None:
        self.do_T_a()
        self.do_TJ([s])

    def do__w(self, aw: Any, ac: Any, s: Any) -> None:
        self.do_Tw(aw)
        self.do_Tc(ac)
        self.do_TJ([s])

    # -- XObjects --------------------------------------------------------------------

    def do_Do(self, xobjid_arg: Any) -> None:
        xobjid = literal_name(xobjid_arg)
        try:
            xobj = stream_value(self.xobjmap[xobjid])
        except KeyError:
            return
        if xobj.get("Subtype") is _LITERAL_FORM and "BBox" in xobj:
            matrix = list_value(xobj.get("Matrix", MATRIX_IDENTITY))
            ctm = mult_matrix(matrix, self.ctm)
            box = clip.form_clip(self.graphicstate.clip, xobj.get("BBox"), ctm)
            sub = _Interpreter(
                self.rsrcmgr, self.device, self.parent_ids | frozenset(self.stream_ids), box
            )
            xobjres = xobj.get("Resources")
            resources = dict_value(xobjres) if xobjres else self.resources.copy()
            sub.render_contents(resources, [xobj], ctm)


class _Open(list):
    """An open ``[``, ``{`` or ``<<`` collecting its items."""

    __slots__ = ("opener",)

    def __init__(self, opener: bytes) -> None:
        super().__init__()
        self.opener = opener


def _nothing() -> None:
    return None


def _nothing1(_a: Any) -> None:
    return None


def _nothing2(_a: Any, _b: Any) -> None:
    return None


def _nothing6(*_args: Any) -> None:
    return None


def _decoded(stream: PDFStream) -> bytes | None:
    """The stream's decoded bytes, decoded on a copy: pdfminer's ``get_data`` keeps them in
    the stream, which the document caches until it is closed, so every page read stayed in
    memory (a tenth of a 200-page document's peak)."""
    if stream.data is not None:
        return stream.data  # already decoded by someone else: nothing to save
    if any(f in _ASCII85 for f, _ in stream.get_filters()):
        with fast_ascii85():
            return copy.copy(stream).get_data()
    return copy.copy(stream).get_data()


def page_content_fast(pdf: Any, page: Any, settings: TableSettings) -> PageContent:
    """One page, as :func:`pdfsource.page_content` would read it, without pdfminer's layout."""
    page_obj = page.page_obj
    x0, y0, x1, y1 = page_obj.mediabox
    rotate = page_obj.rotate
    if rotate == 90:
        ctm: Matrix = (0, -1, 1, 0, -y0, x1)
    elif rotate == 180:
        ctm = (-1, 0, 0, -1, x1, y1)
    elif rotate == 270:
        ctm = (0, 1, -1, 0, y1, -x0)
    else:
        ctm = (1, 0, 0, 1, -x0, -y0)
    height = page.height
    device = _Device(ctm, (height, page.mediabox[0], page.mediabox[1]))
    _Interpreter(pdf.rsrcmgr, device).render_contents(page_obj.resources, page_obj.contents, ctm)

    area = page.width * page.height
    paints = [
        rulings.Paint(
            left, top, right, bottom, bool(stroke), rulings.paint_colour(ncolor) if fill else None
        )
        for left, top, right, bottom, width, rheight, stroke, fill, ncolor in device.rects
        if width * rheight < settings.background_share * area
        and not rulings.is_invisible(stroke, fill, ncolor)
    ]
    segments: list[Segment] = rulings.rect_rulings(paints, settings)
    for left, right, top, bottom in device.lines:
        segments.extend(rulings.line_segments(left, right, top, bottom, settings))
    for points in device.curves:
        segments.extend(rulings.polyline_segments(points, settings))
    number = page.page_number
    content = PageContent(number, float(page.width), float(height), device.chars, segments)
    content.notices += device.clipped.notices(number)
    content.cut = device.clipped.cut
    return content


def fallback_notice(page: int, exc: Exception) -> Notice:
    """The ``reader_fallback`` warning: the page and the exception class that caused it."""
    return Notice(
        "reader_fallback",
        f"fast reader failed on page {page} ({type(exc).__name__}: {exc}); "
        "page read by pdfplumber instead",
        page,
    )


def read_pages_fast(
    path: str | Path,
    settings: TableSettings = DEFAULT_SETTINGS,
    password: str | None = None,
    pages: list[int] | None = None,
) -> Iterator[PageContent]:
    """Yield every page's content; same contract, content and errors as the reference."""
    with pdfsource.opened_pdf(Path(path), password) as pdf:
        fast_object_parsing(pdf.doc)
        for index, page in pdfsource.selected_pages(pdf, pages):
            try:
                content = page_content_fast(pdf, page, settings)
            except Exception as exc:
                # Something this reader does not model: pdfminer decides, as it always has,
                # and the output says so, so a broken fast reader cannot hide behind it.
                content = pdfsource.read_page(page, index, settings)
                content.notices.append(fallback_notice(content.number, exc))
            finally:
                page.close()
                release_page(pdf, page)
            yield content
