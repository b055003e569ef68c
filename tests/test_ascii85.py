"""The fast ASCII85 decoder returns what pdfminer's returns, errors included.

The reference is pdfminer's own ``ascii85decode`` (the standard library's a85decode after
pdfminer's framing rules), never the fast decoder's output.
"""

from __future__ import annotations

import base64
import random

import pytest
from pdfminer import pdftypes
from pdfminer.ascii85 import ascii85decode as pdfminer_ascii85decode

from conftest import SAMPLES
from jixiao.extract.ascii85 import ascii85decode, fast_ascii85


def _outcome(decode, data: bytes) -> tuple[str, object]:
    try:
        return "ok", decode(data)
    except Exception as exc:  # the error is part of what must match
        return type(exc).__name__, str(exc)


def _encodings() -> list[bytes]:
    rng = random.Random(85)
    out: list[bytes] = []
    for n in list(range(0, 13)) + [rng.randint(13, 400) for _ in range(60)]:
        raw = bytes(rng.choice([0, 0, 0, 0, rng.randint(0, 255)]) for _ in range(n))
        text = base64.a85encode(raw, wrapcol=rng.choice([0, 7, 75]))
        out += [text, text + b"~>", b"<~" + text + b"~>", b" \n" + text + b"\n~> \r\n"]
    return out


_DAMAGED = [
    b"",
    b"~>",
    b"<~~>",
    b"uuuuu",  # above 2**32: overflow
    b"!!!!!uuuuu~>",
    b"s8W-!",  # 2**32 - 1
    b's8W-"',  # 2**32: overflow
    b'87cURD]i,"Ebo80~>',
    b"87cUR z D]i,",  # z between groups
    b"87cURD]z,",  # z inside a group
    b"87cUR{D]i,",  # not a digit
    b"87cUR\x00D]i,",
    b"87cUR\x0cD]i,",  # form feed: whitespace to PDF, not to a85decode
    b"8",
    b"87",
    b"87c",
    b"87cU",
    b"\t87cUR\vD]i,\r\n",
]


@pytest.mark.parametrize("data", _encodings() + _DAMAGED)
def test_same_as_pdfminer(data: bytes) -> None:
    assert _outcome(ascii85decode, data) == _outcome(pdfminer_ascii85decode, data)


def test_swapped_in_only_inside_the_block() -> None:
    original = pdftypes.ascii85decode
    with fast_ascii85():
        assert pdftypes.ascii85decode is ascii85decode
    assert pdftypes.ascii85decode is original


def test_sample_content_streams_decode_alike() -> None:
    """The reportlab samples' content streams are ASCII85 + Flate: whole streams decoded
    through pdfminer with and without the swap are the same bytes."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    compared = 0
    for pdf in sorted(SAMPLES.glob("*.pdf")):
        with pdf.open("rb") as fp:
            doc = PDFDocument(PDFParser(fp))
            for xref in doc.xrefs:
                for objid in xref.get_objids():
                    try:
                        obj = doc.getobj(objid)
                    except Exception:
                        continue
                    if not isinstance(obj, pdftypes.PDFStream):
                        continue
                    if not any(f in pdftypes.LITERALS_ASCII85_DECODE for f, _ in obj.get_filters()):
                        continue
                    fresh = pdftypes.PDFStream(dict(obj.attrs), obj.rawdata, obj.decipher)
                    with fast_ascii85():
                        ours = _outcome(lambda s: s.get_data(), fresh)
                    fresh = pdftypes.PDFStream(dict(obj.attrs), obj.rawdata, obj.decipher)
                    assert ours == _outcome(lambda s: s.get_data(), fresh)
                    compared += 1
    assert compared > 10
