"""Make image-only "scans" of the bundled samples, to score the OCR path against known data.

Each page is rendered at 200 dpi (pypdfium2, the renderer pdfplumber installs), then damaged
the way a print-and-scan does: a slight rotation, blur, a grey and uneven paper tone,
sensor noise and JPEG compression; the pages are wrapped into a PDF with no text layer
(Pillow). The damage is drawn from ``random.Random(seed)``, so a seed gives the same file.

    python samples/scan_noise.py samples/gz_kx_2021_faithful.pdf /tmp/scan.pdf --level heavy

Levels (``LEVELS``): ``clean`` (rendered only, JPEG 95), ``light`` (±0.5°, blur 0.5 px, paper
235, JPEG 75) and ``heavy`` (±1°, blur 0.9 px, paper 215 with a 15-level tone gradient,
noise σ 6, JPEG 50): heavy is about what a stamped report fed through an office scanner
looks like.
"""

from __future__ import annotations

import argparse
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
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


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--level", choices=sorted(LEVELS), default="heavy")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--pages", help="e.g. 1,3 (default: all)")
    args = parser.parse_args(argv)
    pages = [int(p) for p in args.pages.split(",")] if args.pages else None
    scanned_pdf(args.source, args.target, args.level, args.seed, pages)
    print(f"{args.source} -> {args.target} ({args.level}, seed {args.seed})")


if __name__ == "__main__":
    main()
