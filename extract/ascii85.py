"""pdfminer's ASCII85Decode filter, a group of five digits at a time.

pdfminer decodes ASCII85 with the standard library's ``base64.a85decode``, a Python loop
over every byte: reportlab and several report generators write their content streams in
ASCII85, and for them it was an eighth of reading a page. :func:`ascii85decode` returns
exactly what pdfminer's ``ascii85decode`` returns: input with anything but digits and the
whitespace ``a85decode`` skips (a ``z`` group, a stray character) goes to pdfminer's own
function, so its result or its error is pdfminer's. tests/test_ascii85.py compares the two.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from contextlib import contextmanager
from threading import Lock

from pdfminer import ascii85 as _pdfminer_ascii85
from pdfminer import pdftypes

_IGNORED = b" \t\n\r\v"  # a85decode's default ignorechars
_DIGITS = bytes(range(ord("!"), ord("u") + 1))
_DIGIT_VALUES = bytes.maketrans(_DIGITS, bytes(range(85)))
_LOCK = Lock()


def ascii85decode(data: bytes) -> bytes:
    """pdfminer's ``ascii85.ascii85decode(data)``."""
    data = _pdfminer_ascii85.start_re.sub(b"", data)
    data = _pdfminer_ascii85.end_re.sub(b"", data)
    digits = data.translate(None, _IGNORED)
    if digits.translate(None, _DIGITS):  # 'z', or what a85decode reports as an error
        return _pdfminer_ascii85.a85decode(data)
    # a85decode pads with four 'u' and drops what the padding decoded to
    d = (digits + b"uuuu").translate(_DIGIT_VALUES)
    groups = len(d) // 5
    values = [
        (((d[i] * 85 + d[i + 1]) * 85 + d[i + 2]) * 85 + d[i + 3]) * 85 + d[i + 4]
        for i in range(0, groups * 5, 5)
    ]
    try:
        decoded = struct.pack(f">{groups}I", *values)
    except struct.error:
        raise ValueError("Ascii85 overflow") from None
    padding = 4 - len(d) % 5
    return decoded[:-padding] if padding else decoded


@contextmanager
def fast_ascii85() -> Iterator[None]:
    """pdfminer's stream decoding looks ``ascii85decode`` up in ``pdftypes``: swap it
    meanwhile (same result, so another thread decoding then is not affected)."""
    with _LOCK:
        original = pdftypes.ascii85decode
        pdftypes.ascii85decode = ascii85decode
        try:
            yield
        finally:
            pdftypes.ascii85decode = original
