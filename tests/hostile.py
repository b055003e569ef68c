"""A seeded generator of hostile inputs for ``jixiao batch`` and ``jixiao.parse``.

Why: a batch over thousands of scraped files must finish whatever is in them, and each
file must end as an output or an error file with a documented code. The kinds below are
the ones issue 14 found by hand (random bytes, truncations, mutated content streams and
xref tables of the bundled samples, reference and page-tree loops, deep nesting,
decompression bombs, huge numbers of lines and rectangles, special files, odd names,
permissions); the same seed always gives the same files, so a failure can be replayed.

``python tests/hostile.py OUTDIR --count 500 --seed 1`` writes a corpus for a slow run.
"""

from __future__ import annotations

import argparse
import base64
import os
import random
import re
import stat
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
# Small reportlab samples: one self-contained object per ``N 0 obj``, no object streams.
BASES = (
    "synthetic_dept_self_eval_reportlab.pdf",
    "synthetic_project_self_eval_borderless.pdf",
    "synthetic_project_self_eval_reportlab.pdf",
)
_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)\s*endobj", re.S)
_STREAM = re.compile(rb"^(<<.*>>)\s*stream\r?\n(.*?)\s*endstream$", re.S)
_TOKEN = re.compile(rb"\S+")


# --------------------------------------------------------------------------- PDF building


def build_pdf(objects: dict[int, bytes], root: int, header: bytes = b"%PDF-1.4") -> bytes:
    """A PDF with a correct xref table from numbered object bodies."""
    out = bytearray(header + b"\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n%s\nendobj\n" % (number, objects[number])
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        if number in offsets:
            out += b"%010d 00000 n \n" % offsets[number]
        else:
            out += b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", compress: bool = True) -> bytes:
    body = zlib.compress(data) if compress else data
    flate = b" /Filter /FlateDecode" if compress else b""
    return b"<< /Length %d%s %s >>\nstream\n%s\nendstream" % (len(body), flate, extra, body)


def one_page(content: bytes, page_extra: bytes = b"", mediabox: bytes = b"[0 0 595 842]") -> bytes:
    """A one-page document with Helvetica and ``content`` as its content stream."""
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox %s /Resources << /Font << /F1 5 0 R >> >>"
        b" /Contents 4 0 R %s >>" % (mediabox, page_extra),
        4: stream(content),
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    return build_pdf(objects, 1)


TABLE = (
    b"0.5 w 50 700 m 300 700 l S 50 680 m 300 680 l S 50 660 m 300 660 l S "
    b"50 660 m 50 700 l S 175 660 m 175 700 l S 300 660 m 300 700 l S "
    b"BT /F1 10 Tf 55 685 Td (indicator) Tj 125 0 Td (target 100%) Tj ET "
    b"BT /F1 10 Tf 55 665 Td (cost \\(1183.09\\)) Tj 125 0 Td (99.14) Tj ET\n"
)


def sample_objects(name: str) -> tuple[dict[int, bytes], int]:
    data = (SAMPLES / name).read_bytes()
    objects = {int(m[1]): m[2] for m in _OBJECT.finditer(data)}
    root = int(re.search(rb"/Root (\d+) 0 R", data)[1])  # type: ignore[index]
    return objects, root


def content_streams(objects: dict[int, bytes]) -> list[int]:
    """Numbers of the page content streams (what ``/Contents`` points at)."""
    found: list[int] = []
    for body in objects.values():
        for m in re.finditer(rb"/Contents (\d+) 0 R", body):
            found.append(int(m[1]))
    return [n for n in found if n in objects]


def inflate(body: bytes) -> tuple[bytes, bytes]:
    m = _STREAM.match(body)
    if not m:
        return body, b""
    head, raw = m[1], m[2]
    if b"ASCII85Decode" in head:
        raw = base64.a85decode(raw.strip().removeprefix(b"<~").removesuffix(b"~>"))
    return head, zlib.decompress(raw) if b"FlateDecode" in head else raw


def restream(head: bytes, data: bytes) -> bytes:
    """The same stream dictionary around new data, compressed, with a correct /Length."""
    head = re.sub(rb"/Length \d+", b"", head)
    head = re.sub(rb"/Filter\s*\[?\s*/\w+(\s*/\w+)*\s*\]?", b"", head)
    head = re.sub(rb"/(ASCII85Decode|FlateDecode)", b"", head)
    return stream(data, head[2:-2].strip())


# --------------------------------------------------------------------------- mutations

# How big the damage gets. ``full`` is what issue 14 tried (a slow run); ``ci`` keeps every
# kind but small enough that a batch over a few dozen files stays well under two minutes.
PROFILES: dict[str, dict[str, tuple[int, ...]]] = {
    "full": {"q": (1000, 20000), "paths": (20000, 60000), "nesting": (500, 5000, 50000),
             "forms": (1, 300), "bomb_mb": (8, 32)},
    "ci": {"q": (1000,), "paths": (2000,), "nesting": (500, 5000), "forms": (1, 40),
           "bomb_mb": (2,)},
}  # fmt: skip
SIZES = dict(PROFILES["full"])


def mutate_tokens(rng: random.Random, data: bytes) -> bytes:
    """Delete, duplicate, swap or poison a few content-stream tokens."""
    tokens = _TOKEN.findall(data)
    poison = [
        b"nan", b"1e400", b"-0", b"99999999999999999999999999999", b"/F1", b"0",
        b"(unclosed", b"<<", b"]", b"BI", b"ID", b"EI", b"Tf", b"Do", b"cm", b"-1e-400",
    ]  # fmt: skip
    for _ in range(rng.randint(1, 12)):
        if not tokens:
            break
        i = rng.randrange(len(tokens))
        action = rng.choice(("delete", "duplicate", "swap", "poison", "poison"))
        if action == "delete":
            del tokens[i]
        elif action == "duplicate":
            tokens.insert(i, tokens[i])
        elif action == "swap":
            j = rng.randrange(len(tokens))
            tokens[i], tokens[j] = tokens[j], tokens[i]
        else:
            tokens[i] = rng.choice(poison)
    return b" ".join(tokens)


def font_size_zero(_rng: random.Random, data: bytes) -> bytes:
    return re.sub(rb"/(\S+) [0-9.]+ Tf", rb"/\1 0 Tf", data)


def unmatched_inline_image(_rng: random.Random, data: bytes) -> bytes:
    return data + b"\nBI /W 1 /H 1 /BPC 8 /CS /G ID \x00 "


def deep_q(rng: random.Random, data: bytes) -> bytes:
    return b"q " * rng.choice(SIZES["q"]) + data


def many_rects(rng: random.Random, data: bytes) -> bytes:
    n = rng.choice(SIZES["paths"])
    return data + b"".join(b"%d %d 3 2 re f " % (i % 500, i % 700) for i in range(n))


def many_lines(rng: random.Random, data: bytes) -> bytes:
    n = rng.choice(SIZES["paths"])
    return data + b"".join(b"%d 10 m %d 800 l S " % (i % 590, i % 590) for i in range(n))


def huge_numbers(rng: random.Random, data: bytes) -> bytes:
    """Amounts with absurd digit counts: the parsers must keep them as text."""
    digits = b"9" * rng.choice((29, 40, 400))
    return re.sub(rb"\(([0-9][0-9.,]*)\)", b"(" + digits + b")", data, count=rng.randint(1, 20))


CONTENT_MUTATORS: tuple[Callable[[random.Random, bytes], bytes], ...] = (
    mutate_tokens,
    mutate_tokens,
    font_size_zero,
    unmatched_inline_image,
    deep_q,
    many_rects,
    many_lines,
    huge_numbers,
)


def mutated_sample(rng: random.Random) -> tuple[str, bytes]:
    """A sample with one content stream (or several) rewritten by a mutator."""
    base = rng.choice(BASES)
    objects, root = sample_objects(base)
    mutator = rng.choice(CONTENT_MUTATORS)
    numbers = content_streams(objects)
    for number in rng.sample(numbers, rng.randint(1, len(numbers))):
        head, data = inflate(objects[number])
        objects[number] = restream(head, mutator(rng, data))
    return f"content-{mutator.__name__}", build_pdf(objects, root)


def sample_bytes(rng: random.Random) -> bytes:
    return (SAMPLES / rng.choice(BASES)).read_bytes()


def truncated(rng: random.Random) -> tuple[str, bytes]:
    data = sample_bytes(rng)
    return "truncated", data[: rng.randint(8, len(data) - 1)]


def flipped(rng: random.Random) -> tuple[str, bytes]:
    data = bytearray(sample_bytes(rng))
    for _ in range(rng.randint(1, 30)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return "flipped", bytes(data)


def broken_xref(rng: random.Random) -> tuple[str, bytes]:
    data = sample_bytes(rng)
    at = data.rfind(b"xref")
    tail = bytearray(data[at:])
    for _ in range(rng.randint(1, 20)):
        i = rng.randrange(len(tail))
        tail[i] = rng.choice(b"0123456789 nfx\n")
    return "xref", data[:at] + bytes(tail)


def random_bytes(rng: random.Random) -> tuple[str, bytes]:
    body = rng.randbytes(rng.randint(1, 20000))
    return ("random-header", b"%PDF-1.7\n" + body) if rng.random() < 0.7 else ("random", body)


def contents_loop(_rng: random.Random) -> tuple[str, bytes]:
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 6 0 R >>",
        6: b"7 0 R",
        7: b"6 0 R",
    }
    return "loop-contents", build_pdf(objects, 1)


def length_loop(_rng: random.Random) -> tuple[str, bytes]:
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        4: b"<< /Length 4 0 R >>\nstream\n" + TABLE + b"\nendstream",
    }
    return "loop-length", build_pdf(objects, 1)


def page_tree_loop(rng: random.Random) -> tuple[str, bytes]:
    kids = rng.choice((b"[2 0 R]", b"[3 0 R 2 0 R]", b"[3 0 R 3 0 R 3 0 R]"))
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids %s /Count 1 /Parent 2 0 R >>" % kids,
        3: b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources << /Font << /F1 5 0 R >>"
        b" >> >>",
        4: stream(TABLE),
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    return "loop-pagetree", build_pdf(objects, 1)


def bad_mediabox(rng: random.Random) -> tuple[str, bytes]:
    box = rng.choice(
        (b"[0 0 nan 842]", b"[0 0 1e300 1e300]", b"[/a /b /c /d]", b"[0 0]", b"5 0 R", b"[]",
         b"[0 0 -595 -842]", b"[0 0 0 0]", b"[0 0 99999999999999999999 842]")
    )  # fmt: skip
    return "mediabox", one_page(TABLE, mediabox=box)


def no_mediabox(_rng: random.Random) -> tuple[str, bytes]:
    data = one_page(TABLE).replace(b"/MediaBox [0 0 595 842]", b"")
    return "no-mediabox", data  # offsets now wrong too: pdfminer falls back to a scan


def deep_nesting(rng: random.Random) -> tuple[str, bytes]:
    depth = rng.choice(SIZES["nesting"])
    nested = b"[" * depth + b"]" * depth
    return "nesting", one_page(TABLE, page_extra=b"/Deep " + nested)


def form_recursion(rng: random.Random) -> tuple[str, bytes]:
    """A Form XObject that draws itself (or a long chain of forms)."""
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5"
        b" 0 R >> /XObject << /X0 10 0 R >> >> /Contents 4 0 R >>",
        4: stream(TABLE + b" /X0 Do"),
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    chain = rng.choice(SIZES["forms"])
    for i in range(chain):
        target = 10 + (i + 1) % chain
        objects[10 + i] = stream(
            TABLE + b" /X0 Do",
            b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
            b"/Resources << /Font << /F1 5 0 R >> /XObject << /X0 %d 0 R >> >>" % target,
        )
    return "form-recursion", build_pdf(objects, 1)


def bomb(rng: random.Random) -> tuple[str, bytes]:
    """A content stream (or Form XObject) that inflates about 1000-fold."""
    size = rng.choice(SIZES["bomb_mb"]) << 20
    payload = b"0 0 m " + b" " * size + TABLE
    if rng.random() < 0.5:
        return "bomb-content", one_page(payload)
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5"
        b" 0 R >> /XObject << /X0 6 0 R >> >> /Contents 4 0 R >>",
        4: stream(b"/X0 Do"),
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        6: stream(payload, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842]"),
    }
    return "bomb-form", build_pdf(objects, 1)


def linearized_truncated(rng: random.Random) -> tuple[str, bytes]:
    """A linearization dictionary first, then the file cut before its pages."""
    body = one_page(TABLE)
    head = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    lin = b"99 0 obj\n<< /Linearized 1 /L %d /O 3 /E 200 /N 1 /T 100 /H [0 0] >>\nendobj\n"
    data = head + lin % len(body) + body[len(head) :]
    return "linearized-truncated", data[: rng.randint(len(head) + 60, len(head) + 200)]


def owner_only_encrypted(_rng: random.Random) -> tuple[str, bytes]:
    from io import BytesIO

    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(BytesIO(one_page(TABLE))))
    writer.encrypt(user_password="", owner_password="owner")
    out = BytesIO()
    writer.write(out)
    return "encrypted-owner-only", out.getvalue()


def good(rng: random.Random) -> tuple[str, bytes]:
    return "good", sample_bytes(rng)


GENERATORS: tuple[tuple[Callable[[random.Random], tuple[str, bytes]], int], ...] = (
    (mutated_sample, 10),
    (truncated, 4),
    (flipped, 4),
    (broken_xref, 2),
    (random_bytes, 2),
    (contents_loop, 1),
    (length_loop, 1),
    (page_tree_loop, 1),
    (bad_mediabox, 2),
    (no_mediabox, 1),
    (deep_nesting, 1),
    (form_recursion, 1),
    (bomb, 1),
    (linearized_truncated, 1),
    (owner_only_encrypted, 1),
    (good, 2),
)

# Names scraped folders really contain; every one must map to an output inside OUTDIR.
ODD_NAMES = (
    " 报告 2021（终稿）.pdf",
    " -leading-dash.pdf",
    "spaces  and\ttab.pdf",
    "UPPER.PDF",
    "..pdf",
    "x" * 200 + ".pdf",
    "new\nline.pdf",
    "quote'\"and$.pdf",
)


@dataclass(frozen=True)
class Generated:
    """One generated input: its path and which kind of damage it carries."""

    path: Path
    kind: str


def generate(
    folder: Path, count: int, seed: int = 0, special: bool = True, profile: str = "full"
) -> list[Generated]:
    """``count`` hostile PDFs in ``folder`` (plus the special files when ``special``)."""
    SIZES.update(PROFILES[profile])
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    makers = [m for m, _ in GENERATORS]
    weights = [w for _, w in GENERATORS]
    out: list[Generated] = []
    for index in range(count):
        # Every kind once first, so that even a small corpus has each; then by weight.
        maker = makers[index] if index < len(makers) else rng.choices(makers, weights)[0]
        kind, data = maker(rng)
        odd = ODD_NAMES[index] if index < len(ODD_NAMES) else ".pdf"
        name = f"{index:04d}-{kind}{odd}"
        path = folder / name
        path.write_bytes(data)
        out.append(Generated(path, kind))
    if special:
        out.extend(special_files(folder))
    return out


def special_files(folder: Path) -> list[Generated]:
    """Inputs that are not regular files, or that this user cannot read."""
    made: list[Generated] = []
    fifo = folder / "special-fifo.pdf"
    os.mkfifo(fifo)
    made.append(Generated(fifo, "fifo"))
    zero = folder / "special-dev-zero.pdf"
    zero.symlink_to("/dev/zero")
    made.append(Generated(zero, "dev-zero"))
    locked = folder / "special-unreadable.pdf"
    locked.write_bytes(one_page(TABLE))
    locked.chmod(0)
    made.append(Generated(locked, "unreadable"))
    empty = folder / "special-empty.pdf"
    empty.write_bytes(b"")
    made.append(Generated(empty, "empty"))
    return made


def is_special(path: Path) -> bool:
    return not stat.S_ISREG(path.lstat().st_mode) or path.is_symlink()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-special", action="store_true")
    parser.add_argument("--profile", choices=PROFILES, default="full")
    args = parser.parse_args()
    made = generate(args.folder, args.count, args.seed, not args.no_special, args.profile)
    print(f"{len(made)} files in {args.folder}")


if __name__ == "__main__":
    main()
