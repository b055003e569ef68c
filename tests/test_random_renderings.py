"""The seed report drawn by randomly chosen producers and page geometry (issue 10).

Every seed renders ``samples/gz_kx_2021.data.json`` anew (samples/random_render.py: producer,
CJK font, size, page, widths, padding, rules, repeated headers, where 部门名称 sits, running
headers, page numbers, page breaks inside rows and merged cells) and the parse must give the
transcribed records field by field, the right department / title / year, and account for
every character drawn inside a table (samples/random_check.py).

CI runs the first ``JIXIAO_RANDOM_SEEDS`` (default 40) seeds whose producer is fast
(reportlab). The full sweep: ``JIXIAO_RANDOM_SEEDS=500 JIXIAO_RANDOM_PRODUCERS=all pytest
tests/test_random_renderings.py`` or ``python samples/random_render.py --sweep 500``.
A failing seed keeps its PDF in pytest's temporary folder (its path is in the message) and
prints how to re-make it.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from test_seed import ANNUAL_AMOUNTS, PLAN_AMOUNTS

from conftest import SAMPLES

sys.path.insert(0, str(SAMPLES))
import random_render

COUNT = int(os.environ.get("JIXIAO_RANDOM_SEEDS", "40"))
_PRODUCERS = os.environ.get("JIXIAO_RANDOM_PRODUCERS", "fast")
PRODUCERS = {"fast": random_render.FAST_PRODUCERS, "all": random_render.PRODUCERS}.get(
    _PRODUCERS, tuple(_PRODUCERS.split(","))
)
SEEDS = random_render.seeds_for(COUNT, PRODUCERS)


def _available(producer: str) -> bool:
    if producer == "reportlab":
        from random_reportlab import FALLBACK, FONTS

        return all(os.path.exists(path) for _, path, _ in (*FONTS, FALLBACK))
    return shutil.which("soffice") is not None


#: Seeds that once failed, each for the class of failure it found: office seeds (the office
#: producers are too slow for CI's sweep, so each class keeps one or two seeds here) and
#: reportlab seeds beyond CI's first 40.
REGRESSIONS = {
    5: "xlsx: merged cells' text of other pages drawn clipped above the table (clip paths)",
    6: "xlsx: a merged column cut at both page edges (lone outer rule); text above the page",
    10: "xlsx: the same, on a page whose merged cells all continue",
    19: "xlsx: Noto CJK prints • as · (the check reads what the page prints)",
    25: "docx: 12 pt on narrow A4, one row of a merged cell per page (widow control, rows over "
    "three pages, a cantSplit row taller than the page)",
    40: "docx: Noto CJK prints • as ·",
    41: "docx: a cut line ends two glyphs short (个， carried down together, kinsoku)",
    92: "docx: 150 twips of padding beside 10 pt type (a short full line starts past 0.75 em)",
    254: "docx: a row cut after its first line ends three glyphs short (引“广 carried down: "
    "no line breaks beside a quote)",
    261: "docx: a category one glyph a line, cut where the goal right of it visibly goes on",
    265: "docx: a goal column four glyphs a line; 一、…； | 二、… one goal cell over the break",
    371: "docx: 万 | 元）。 (a glyph carried down with all the punctuation after it)",
    478: "docx: the category and goal cells' bottom border drawn a row early, so the last row "
    "has no cell under them (a notched outline)",
    575: "docx: a merged goal cut with one line of its room left empty above the break (cantSplit "
    "rows: the next row starts on the new page)",
    685: "docx: the same in a split row; the goal goes on with the words it began with",
    690: "docx: the title's 表 wrapped onto a line of its own",
    712: "docx: a row cut after its first line ends four glyphs short (究”“科: two quotes in a row)",
    590: "reportlab: a goal over two indicator rows cut after its 四 goes on with 、青年… beside "
    "the next row's new indicator (a merged cell going on, not a split row)",
}


@pytest.mark.parametrize("seed", [*SEEDS, *(s for s in REGRESSIONS if s not in SEEDS)])
def test_random_rendering_parses_to_the_source_data(seed: int, tmp_path: Path) -> None:
    from random_check import check

    producer = random_render.producer_of(seed)
    if not _available(producer):
        pytest.skip(f"{producer} prerequisites (fonts / soffice) are not installed")
    # Not the script's /tmp/jixiao-random: two suites on one machine raced for its files.
    rendering = random_render.render(seed, tmp_path)
    problems = check(rendering.pdf, rendering.doc, ANNUAL_AMOUNTS + PLAN_AMOUNTS)
    assert not problems, (
        f"{rendering.describe()}\n  PDF: {rendering.pdf}\n"
        f"  re-make: python samples/random_render.py {seed}\n  "
        + "\n  ".join(p[:300] for p in problems[:20])
    )
    rendering.pdf.unlink()


def test_the_seeds_cover_what_the_issue_asks_for() -> None:
    """The random choices really vary: guards against a renderer that stopped varying."""
    choices = [random_render.choices_of(seed) for seed in SEEDS[:40]]
    assert {c["label"][0] for c in choices} == {"above", "row", "cell"}
    assert len({c["producer"] for c in [random_render.choices_of(s) for s in range(60)]}) == 3
