"""Make image-only "scans" of the bundled samples, to score the OCR path against known data.

Each page is rendered at 200 dpi (pypdfium2, the renderer pdfplumber installs), then damaged
the way a print-and-scan does: a slight rotation, blur, a grey and uneven paper tone,
sensor noise and JPEG compression; the pages are wrapped into a PDF with no text layer
(Pillow). The damage is drawn from ``random.Random(seed)``, so a seed gives the same file.

    python samples/scan_noise.py samples/gz_kx_2021_faithful.pdf /tmp/scan.pdf --level heavy
    python samples/scan_noise.py --score /tmp/scans      # every sample × level, scored

Scoring compares the records jixiao reads from a scan with the data the sample was rendered
from (``gz_kx_2021.data.json``, ``synthetic_self_eval.data.json``), never with jixiao's
reading of the born-digital file: a field is right when its text equals the source's
(whitespace aside: a scan cannot show it), and character accuracy is one minus the edit
distance over the source's length, summed over every field.

Levels (``LEVELS``): ``clean`` (rendered only, JPEG 95), ``light`` (±0.5°, blur 0.5 px, paper
235, JPEG 75) and ``heavy`` (±1°, blur 0.9 px, paper 215 with a 15-level tone gradient,
noise σ 6, JPEG 50): heavy is about what a stamped report fed through an office scanner
looks like.
"""

from __future__ import annotations

import argparse
import io
import json
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import numpy as np
import pypdfium2
from PIL import Image, ImageFilter

DPI = 200
SEED = 16


@dataclass(frozen=True)
class Noise:
    rotation: float  # degrees, drawn uniformly from ±rotation per page
    blur: float  # Gaussian radius, pixels
    paper: int  # grey level of the blank paper (255: white)
    gradient: int  # how much darker the paper gets from one corner to the other
    sigma: float  # sensor noise, grey levels
    quality: int  # JPEG quality


LEVELS = {
    "clean": Noise(0.0, 0.0, 255, 0, 0.0, 95),
    "light": Noise(0.5, 0.5, 235, 0, 2.0, 75),
    "heavy": Noise(1.0, 0.9, 215, 15, 6.0, 50),
}


def render(path: Path, pages: Sequence[int] | None = None) -> list[Image.Image]:
    """Grey pictures of the pages (1-based numbers; default all) at :data:`DPI`."""
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        numbers = pages or range(1, len(pdf) + 1)
        out = []
        for number in numbers:
            page = pdf[number - 1]
            out.append(page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L"))
            page.close()
        return out
    finally:
        pdf.close()


def damage(image: Image.Image, noise: Noise, rng: random.Random) -> Image.Image:
    """One page as it comes out of a scanner (JPEG-compressed, as scanners store it)."""
    angle = rng.uniform(-noise.rotation, noise.rotation)
    picture = image.rotate(angle, resample=Image.BICUBIC, fillcolor=255) if angle else image
    if noise.blur:
        picture = picture.filter(ImageFilter.GaussianBlur(noise.blur))
    pixels = np.asarray(picture, dtype=np.float32)
    # Ink stays dark, paper turns grey: scale the whole range down to the paper's level.
    h, w = pixels.shape
    tone = noise.paper - noise.gradient * (
        np.linspace(0, 1, w)[None, :] * 0.5 + np.linspace(0, 1, h)[:, None] * 0.5
    )
    pixels = pixels * (tone / 255.0)
    if noise.sigma:
        generator = np.random.default_rng(rng.randrange(2**32))
        pixels = pixels + generator.normal(0.0, noise.sigma, pixels.shape)
    picture = Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "L")
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=noise.quality)
    buffer.seek(0)
    return Image.open(buffer)


def scanned_pdf(
    source: Path,
    target: Path,
    level: str = "heavy",
    seed: int = SEED,
    pages: Sequence[int] | None = None,
) -> Path:
    """Write ``target``: ``source`` (or some of its pages) as an image-only scan."""
    rng = random.Random(f"{seed}:{level}:{source.name}")
    pictures = [damage(image, LEVELS[level], rng) for image in render(source, pages)]
    first, *rest = pictures
    first.save(target, "PDF", resolution=DPI, save_all=True, append_images=rest)
    return target


# --- scoring against the source data ---------------------------------------------------

SAMPLES = Path(__file__).resolve().parent
SEED_SAMPLES = ("gz_kx_2021_faithful", "gz_kx_2021_docx")
PROJECT_SAMPLES = (
    "synthetic_project_self_eval_reportlab",
    "synthetic_project_self_eval_docx",
    "synthetic_project_self_eval_borderless",
)
DEPT_SAMPLES = ("synthetic_dept_self_eval_reportlab", "synthetic_dept_self_eval_docx")
SEED_FIELDS = ("section", "category", "goal", "indicator", "target", "actual", "detail")
FORM_FIELDS = (
    "project", "level1", "level2", "indicator", "target", "actual", "weight", "score",
    "deviation_reason",
)  # fmt: skip


def _joined(lines: list[str]) -> str:
    return "".join(line.strip() for line in lines)


def expected_records(sample: str) -> list[dict[str, str | None]]:
    """The records a sample prints, from the data it was rendered from."""
    if sample in SEED_SAMPLES:
        data = json.loads((SAMPLES / "gz_kx_2021.data.json").read_text(encoding="utf-8"))
        annual, plan = data["annual_goals"], data["spending_plan"]
        rows = [("annual_goals", None, annual["goals"][r["goal"]], r) for r in annual["rows"]] + [
            ("spending_plan", plan["categories"][r["category"]], plan["goals"][r["goal"]], r)
            for r in plan["rows"]
        ]
        return [
            {"section": section, "category": _joined(category) if category else None,
             "goal": _joined(goal), **{k: _joined(r[k]) for k in SEED_FIELDS[3:]}}
            for section, category, goal, r in rows
        ]  # fmt: skip
    data = json.loads((SAMPLES / "synthetic_self_eval.data.json").read_text(encoding="utf-8"))
    if sample in DEPT_SAMPLES:
        groups = [(None, data["dept_self_eval"]["indicators"])]
    else:
        groups = [(p["name"], p["indicators"]) for p in data["project_self_eval"]["projects"]]
    return [
        {"project": project, **{k: i[k] or None for k in FORM_FIELDS[1:]}}
        for project, items in groups
        for i in items
    ]


def _squash(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float, Decimal)):
        value = format(Decimal(str(value)).normalize(), "f")
    return "".join(str(value).split())


def _number(text: str) -> str:
    """A weight or score as printed (10, 9.48) or — for none, as the output's number."""
    text = text.removesuffix("%")
    if text in ("", "—"):
        return ""
    return format(Decimal(text).normalize(), "f")


def edits(a: str, b: str) -> int:
    """Levenshtein distance."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


@dataclass
class Score:
    fields: int = 0
    right: int = 0
    chars: int = 0
    wrong_chars: int = 0
    records: int = 0
    expected_records: int = 0
    misses: list[str] | None = None

    @property
    def field_accuracy(self) -> float:
        return self.right / self.fields if self.fields else 0.0

    @property
    def char_accuracy(self) -> float:
        return 1 - self.wrong_chars / self.chars if self.chars else 0.0


def score(sample: str, records: list[dict[str, object]]) -> Score:
    """Records (JSON dicts) read from a scan of ``sample`` against its source data; records
    are paired in order, a missing one counts every field wrong."""
    want = expected_records(sample)
    result = Score(records=len(records), expected_records=len(want), misses=[])
    numeric = {"weight", "score"}
    for index, expected in enumerate(want):
        got = records[index] if index < len(records) else {}
        for key, value in expected.items():
            truth = _number(value) if key in numeric and value else _squash(value)
            read = _squash(got.get(key))
            result.fields += 1
            result.chars += max(len(truth), 1)
            if read == truth:
                result.right += 1
            else:
                result.wrong_chars += min(edits(read, truth), max(len(truth), 1))
                result.misses.append(f"{index}.{key}: {read[:30]!r} != {truth[:30]!r}")
    return result


def score_all(folder: Path, levels: Sequence[str], samples: Sequence[str]) -> dict[str, Score]:
    """Scan, convert and score every sample at every level; the scans go to ``folder``."""
    import time

    import jixiao

    out: dict[str, Score] = {}
    for level in levels:
        for sample in samples:
            scan = scanned_pdf(SAMPLES / f"{sample}.pdf", folder / f"{sample}.{level}.pdf", level)
            start, cpu = time.perf_counter(), time.process_time()
            report = jixiao.parse(scan, ocr="auto")
            seconds = time.perf_counter() - start
            cpu = time.process_time() - cpu  # every thread of this process (onnxruntime's)
            records = [r.model_dump(mode="json") for r in report.records]
            result = score(sample, records)
            out[f"{sample}@{level}"] = result
            print(
                f"{level:6} {sample:40} records {result.records}/{result.expected_records} "
                f"fields {result.right}/{result.fields} ({100 * result.field_accuracy:.2f}%) "
                f"chars {100 * result.char_accuracy:.2f}% pages {report.source.pages} "
                f"{seconds:.0f}s wall, {cpu / report.source.pages:.1f} CPU-s a page",
                flush=True,
            )
            for miss in result.misses or []:
                print("    ", miss, flush=True)
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, nargs="?")
    parser.add_argument("target", type=Path, nargs="?")
    parser.add_argument("--level", choices=sorted(LEVELS), default="heavy")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--pages", help="e.g. 1,3 (default: all)")
    parser.add_argument("--score", type=Path, metavar="DIR", help="scan and score every sample")
    parser.add_argument("--levels", default="clean,light,heavy")
    parser.add_argument("--samples", help="comma-separated sample names (default: all)")
    args = parser.parse_args(argv)
    if args.score:
        args.score.mkdir(parents=True, exist_ok=True)
        every = SEED_SAMPLES + PROJECT_SAMPLES + DEPT_SAMPLES
        names = args.samples.split(",") if args.samples else every
        score_all(args.score, args.levels.split(","), names)
        return
    pages = [int(p) for p in args.pages.split(",")] if args.pages else None
    scanned_pdf(args.source, args.target, args.level, args.seed, pages)
    print(f"{args.source} -> {args.target} ({args.level}, seed {args.seed})")


if __name__ == "__main__":
    main()
