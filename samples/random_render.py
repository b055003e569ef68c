"""Seeded random renderings of the seed report, and the sweep that checks them.

Each seed picks a producer (reportlab drawn by hand, python-docx → LibreOffice Writer, or
openpyxl → LibreOffice Calc), a CJK font, font size, page size and orientation, column
widths, padding, rule widths and style, whether header rows repeat, where 部门名称 is
printed, running headers and page numbers, and where page breaks fall — inside rows and
merged cells included. The same seed always gives the same choices (LibreOffice's own
layout is deterministic for a given input).

  python samples/random_render.py 17                     # write /tmp/jixiao-random/seed-17.pdf
  python samples/random_render.py --sweep 500            # seeds 0..499, every producer
  python samples/random_render.py --sweep 40 --producers reportlab

The sweep prints every failing seed with its problems and keeps its PDF; the property
itself is in ``random_check.py`` and runs in CI as ``tests/test_random_renderings.py``.
"""

from __future__ import annotations

import argparse
import random
import sys
from dataclasses import dataclass
from pathlib import Path

from random_doc import LABEL_PLACEMENTS, LABEL_SEPARATORS, GDoc, seed_document

PRODUCERS = ("reportlab", "docx", "xlsx")
FAST_PRODUCERS = ("reportlab",)
OUT_DIR = Path("/tmp/jixiao-random")


@dataclass
class Rendering:
    seed: int
    producer: str
    pdf: Path
    doc: GDoc
    choices: dict[str, object]

    def describe(self) -> str:
        return f"seed {self.seed} ({self.producer}) -> {self.pdf}\n  choices: {self.choices}"


def producer_of(seed: int) -> str:
    """The producer a seed uses; fixed per seed so a seed names one PDF everywhere."""
    return _first_choices(seed)[1]


def _first_choices(seed: int) -> tuple[random.Random, str, str, str]:
    rng = random.Random(seed)
    producer = rng.choice(PRODUCERS)
    placement = rng.choice(LABEL_PLACEMENTS)
    sep = rng.choice(LABEL_SEPARATORS)
    return rng, producer, placement, sep


def choices_of(seed: int) -> dict[str, object]:
    """The producer and label placement of a seed, without rendering it."""
    _, producer, placement, sep = _first_choices(seed)
    return {"producer": producer, "label": (placement, sep)}


def render(seed: int, out_dir: Path = OUT_DIR) -> Rendering:
    rng, producer, placement, sep = _first_choices(seed)
    doc = seed_document(placement, sep)
    out_dir.mkdir(parents=True, exist_ok=True)
    pdf = out_dir / f"seed-{seed}.pdf"
    if producer == "reportlab":
        from random_reportlab import produce
    else:
        from random_office import produce_docx, produce_xlsx

        produce = produce_docx if producer == "docx" else produce_xlsx
    choices = produce(doc, rng, pdf)
    choices = {"label": (placement, sep), **choices}
    return Rendering(seed, producer, pdf, doc, choices)


def seeds_for(count: int, producers: tuple[str, ...], start: int = 0) -> list[int]:
    """The first ``count`` seeds from ``start`` whose producer is one of ``producers``."""
    found: list[int] = []
    seed = start
    while len(found) < count:
        if producer_of(seed) in producers:
            found.append(seed)
        seed += 1
    return found


def hand_read_amounts() -> list[str | None]:
    """The amounts read by hand from the seed, kept with the seed's own tests."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from test_seed import ANNUAL_AMOUNTS, PLAN_AMOUNTS

    return ANNUAL_AMOUNTS + PLAN_AMOUNTS


def sweep(count: int, producers: tuple[str, ...], start: int, out_dir: Path) -> int:
    from random_check import check

    amounts = hand_read_amounts()
    failed: dict[str, int] = {}
    seeds = seeds_for(count, producers, start)
    for n, seed in enumerate(seeds, start=1):
        try:
            rendering = render(seed, out_dir)
            problems = check(rendering.pdf, rendering.doc, amounts)
        except Exception as exc:  # a producer or the pipeline crashing is a failure too
            problems, rendering = [f"crash: {exc!r}"], None
        producer = producer_of(seed)
        if problems:
            failed[producer] = failed.get(producer, 0) + 1
            print(f"FAIL {rendering.describe() if rendering else f'seed {seed}'}", flush=True)
            for p in problems[:12]:
                print(f"  {p[:400]}", flush=True)
        elif rendering is not None:
            rendering.pdf.unlink()
        if n % 10 == 0:
            print(f"[{n}/{len(seeds)}] failures so far: {failed}", flush=True)
    passed = len(seeds) - sum(failed.values())
    print(
        f"{passed}/{len(seeds)} seeds pass ({100 * passed / len(seeds):.1f}%); by producer "
        f"failing: {failed}"
    )
    return 1 if failed else 0


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seed", nargs="?", type=int)
    parser.add_argument("--sweep", type=int, metavar="N", help="check N seeds")
    parser.add_argument("--start", type=int, default=0)
    parser.add_argument("--producers", default=",".join(PRODUCERS))
    parser.add_argument("--out", type=Path, default=OUT_DIR)
    args = parser.parse_args(argv)
    producers = tuple(args.producers.split(","))
    if args.sweep:
        return sweep(args.sweep, producers, args.start, args.out)
    if args.seed is None:
        parser.error("give a seed or --sweep N")
    rendering = render(args.seed, args.out)
    print(rendering.describe())
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
