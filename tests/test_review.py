"""The review page (``jixiao review``), opened from disk in real headless Chromium and Firefox.

The browser tests run once per browser (tests/browsers.py) and skip, each with its own
reason, when chromium + chromedriver + selenium or firefox-esr + marionette_driver are
missing. The screenshots they take are printed (run with -s) for a person to look at.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from browsers import HEIGHT, WIDTH, Browser, chromium, find, firefox
from conftest import SAMPLES, parsed
from jixiao.schema.review import SCALE, review_html, shown_pages

SEED = SAMPLES / "gz_kx_2021_docx.pdf"
SELECTED = (0xE6, 0x55, 0x0D)  # .box.selected border in schema/review.css


def test_page_is_self_contained() -> None:
    report = parsed(SEED)
    page = review_html(report, SEED)
    # No network: nothing is fetched from anywhere, pictures are data URIs.
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
    assert "<link" not in page and "@import" not in page
    assert page.count('src="data:image/jpeg;base64,') == len(shown_pages(report)) == 8
    # The records travel as JSON that parses back to the report's own text.
    payload = re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.S)
    assert payload is not None
    data = json.loads(payload.group(1))
    assert [r["indicator"] for r in data["records"]] == [r.indicator for r in report.records]
    assert data["records"][0]["amount_wan"] == "239"


def test_every_record_status_has_its_filter() -> None:
    """The statuses the schema documents (models.Record.status) each get a box; a status
    the page does not know would hide under "other" (``partly`` was offered long after
    schema 1.4 removed it, while 5 of the seed's 27 records are ``unclear``)."""
    from jixiao.schema.models import Record

    described = Record.model_fields["status"].description or ""
    report = parsed(SEED)
    page = review_html(report, SEED)
    boxes = re.findall(r'class="status" value="([a-z_]+)"', page)
    for status in ("met", "not_met", "unclear", "qualitative", "target_only"):
        assert status in described and status in boxes
    assert "partly" not in boxes
    assert {r.status for r in report.records} <= set(boxes)
    script = re.search(r"function statusClass\(s\) \{(.*?)\}", page)
    assert script is not None and all(f'"{b}"' in script.group(1) for b in boxes if b != "other")


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ('{"error": {"code": "not_pdf", "message": "an HTML page"}}', "is an error file (not_pdf"),
        ('{"source": ', "is not a jixiao JSON output"),
        ('{"records": []}', "is not a jixiao report"),
    ],
)
def test_review_of_what_is_no_report_is_one_line(tmp_path: Path, text: str, said: str) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(text, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "jixiao.cli", "review", str(bad), "-o", str(tmp_path / "r.html")],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and said in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_review_from_json_output_finds_its_pdf(tmp_path: Path) -> None:
    pdf = tmp_path / SEED.name
    shutil.copy(SEED, pdf)
    out = tmp_path / "seed.json"
    cli = [sys.executable, "-m", "jixiao.cli"]
    subprocess.run([*cli, "convert", str(pdf), "-o", str(out)], check=True)
    html_file = tmp_path / "seed.html"
    done = subprocess.run(
        [*cli, "review", str(out), "-o", str(html_file)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "27 records" in done.stdout
    assert html_file.read_text(encoding="utf-8").startswith("<!doctype html>")
    pdf.unlink()
    missing = subprocess.run([*cli, "review", str(out), "-o", str(html_file)], capture_output=True)
    assert missing.returncode == 1 and b"--pdf" in missing.stderr


@pytest.fixture(scope="module", params=["chromium", "firefox"])
def browser(request: pytest.FixtureRequest) -> Iterator[Browser]:
    """One browser per module and kind; each skips with its own reason when missing."""
    with (chromium if request.param == "chromium" else firefox)() as opened:
        yield opened


def _box_rects(browser: Browser) -> list[tuple[int, tuple[float, ...]]]:
    """(page, bbox in points) of each highlighted box, measured in the laid-out page."""
    rects = browser.run(
        """
        return [...document.querySelectorAll('.box.selected')].map((b) => {
          const s = b.parentElement.getBoundingClientRect(), r = b.getBoundingClientRect();
          const page = Number(b.closest('figure').dataset.page);
          return [page, r.left - s.left, r.top - s.top, r.right - s.left, r.bottom - s.top];
        });
        """
    )
    return [(int(p), tuple(v / SCALE for v in rest)) for p, *rest in rects]


def test_clicking_a_record_highlights_its_cells_and_back(browser: Browser, tmp_path: Path) -> None:
    report = parsed(SEED)
    page_file = tmp_path / "review.html"
    page_file.write_text(review_html(report, SEED), encoding="utf-8")
    browser.open(page_file)
    # Nothing was fetched: the page loads only its own data URIs. (Chromium lists failed
    # requests here too, so an http reference fails this offline; Firefox lists only loads
    # that completed.)
    loaded = browser.run("return performance.getEntriesByType('resource').map((e) => e.name);")
    assert all(name.startswith("data:") for name in loaded), loaded

    # Record 3 is the row re-joined over pages 1 and 2: its boxes are on both pages.
    index = 3
    record = report.records[index]
    find(browser, f"#record-{index}").click()
    expected = sorted(
        {(ref.page, ref.bbox) for refs in record.cells.values() for ref in refs},
    )
    found = sorted(_box_rects(browser))
    assert len(found) == len(expected) and {p for p, _ in found} == {1, 2}
    for (page, box), (want_page, want) in zip(found, expected, strict=True):
        assert page == want_page
        assert all(abs(a - b) < 1.0 for a, b in zip(box, want, strict=True)), (box, want)
    shot = tmp_path / f"review-selected-{browser.name}.png"
    browser.screenshot(shot)
    print(f"\nreview page screenshot ({browser.name}): {shot}")
    # The overlay is drawn where the layout says: the left border of each highlighted box in
    # view is the selection orange in the picture the browser painted.
    from PIL import Image

    edges = browser.run(
        """
        const pane = document.getElementById('pages').getBoundingClientRect();
        return [...document.querySelectorAll('.box.selected')].map((b) => b.getBoundingClientRect())
          .filter((r) => r.left >= pane.left && r.right <= pane.right - 20
                         && r.top >= pane.top && r.bottom <= pane.bottom - 20)
          .map((r) => [Math.round(r.left + 1), Math.round((r.top + r.bottom) / 2)]);
        """
    )
    assert edges, "no highlighted box in view after selecting the record"
    with Image.open(shot) as picture:
        rgb = picture.convert("RGB")
        for x, y in edges:
            pixel = rgb.getpixel((x, y))
            assert all(abs(a - b) <= 30 for a, b in zip(pixel, SELECTED, strict=True)), (
                x,
                y,
                pixel,
            )

    # And back: clicking the actual-value box of record 10 selects record 10 in the list.
    other = report.records[10]
    ref = other.cells["actual"][0]
    box = browser.run(
        "return [...document.querySelectorAll('#page-' + arguments[0] + ' .box')]"
        ".find((b) => b.dataset.records.split(',').includes('10') &&"
        " b.title.includes('actual of #10'));",
        ref.page,
    )
    browser.run("arguments[0].scrollIntoView({block: 'center'});", box)
    box.click()
    selected = browser.find_all(".record.selected")
    assert [e.get_attribute("id") for e in selected] == ["record-10"]
    assert other.indicator[:10] in selected[0].text  # Chinese text as printed


def test_status_filter_and_search_hide_what_they_should(browser: Browser, tmp_path: Path) -> None:
    report = parsed(SEED)
    page_file = tmp_path / "review.html"
    page_file.write_text(review_html(report, SEED), encoding="utf-8")
    browser.open(page_file)
    statuses = [r.status for r in report.records]
    assert "met" in statuses and set(statuses) - {"met"}

    def shown() -> list[int]:
        items = browser.find_all("#list .record")
        return [int(e.get_attribute("data-index")) for e in items if e.is_displayed()]

    assert shown() == list(range(len(report.records)))
    find(browser, "input.status[value=met]").click()
    assert shown() == [i for i, s in enumerate(statuses) if s != "met"]
    count = find(browser, "#count").text
    assert count.startswith(f"{len(statuses) - statuses.count('met')} of {len(statuses)}")
    find(browser, "input.status[value=met]").click()

    find(browser, "#warned").click()
    warned = sorted({w.record for w in report.warnings if w.record is not None})
    assert warned and shown() == warned
    find(browser, "#warned").click()

    word = "科普"
    find(browser, "#search").send_keys(word)
    hits = shown()
    assert hits and len(hits) < len(report.records)
    for i, r in enumerate(report.records):
        text = "".join(filter(None, (r.goal, r.indicator, r.target, r.actual, r.detail)))
        assert (word in text) == (i in hits), (i, word)


@pytest.mark.parametrize("width", [1600, 700])
def test_page_fits_the_window_and_only_its_panes_scroll(
    browser: Browser, tmp_path: Path, width: int
) -> None:
    """The header's height differs by browser and by how often the filters wrap (Firefox
    draws inputs taller than Chromium): the page must still end at the window's bottom,
    or the panes' last lines hide below it behind a second scrollbar."""
    report = parsed(SEED)
    page_file = tmp_path / "review.html"
    page_file.write_text(review_html(report, SEED), encoding="utf-8")
    browser.resize(width, HEIGHT)
    try:
        browser.open(page_file)
        fit = browser.run(
            """
            const header = document.querySelector('header').getBoundingClientRect();
            const main = document.querySelector('main').getBoundingClientRect();
            const pages = document.getElementById('pages'), list = document.getElementById('records');
            return {inner: innerHeight, document: document.scrollingElement.scrollHeight,
                    header: header.bottom, top: main.top, bottom: main.bottom,
                    pages: pages.scrollHeight > pages.clientHeight,
                    list: list.scrollHeight > list.clientHeight};
            """
        )
    finally:
        browser.resize(WIDTH, HEIGHT)
    assert fit["document"] <= fit["inner"], fit
    assert abs(fit["top"] - fit["header"]) < 1 and abs(fit["bottom"] - fit["inner"]) < 1, fit
    assert fit["pages"] and fit["list"], fit  # 8 pages and 27 records overflow: panes scroll


def test_batch_writes_a_review_page_per_file(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("gz_kx_2021_faithful.pdf", "synthetic_dept_self_eval_reportlab.pdf"):
        shutil.copy(SAMPLES / name, inputs / name)
    out = tmp_path / "out"
    cli = [sys.executable, "-m", "jixiao.cli", "batch", str(inputs), "-o", str(out)]
    done = subprocess.run([*cli, "--workers", "1", "--review"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    pages = sorted(p.name for p in out.glob("*.review.html"))
    assert pages == [
        "gz_kx_2021_faithful.review.html",
        "synthetic_dept_self_eval_reportlab.review.html",
    ]
    text = (out / pages[1]).read_text(encoding="utf-8")
    assert "synthetic_dept_self_eval_reportlab.pdf" in text and "data:image/jpeg;base64," in text
