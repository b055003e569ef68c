"""Scanned (image-only) PDFs: rulings from the picture, text by OCR, the same records.

The ruling tests draw their own pictures (the truth is the drawing) and need only OpenCV,
which camelot installs. The OCR tests need the ``ocr`` extra (CI installs it) and read three
pages in all: one seeded scan of a bundled sample, scored against the data it was rendered
from, one page of another (the borderless sample's light scan, whose rows were once lost),
and one page of a real scan, checked against what the page shows.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import cv2
import numpy as np
import pytest

import jixiao
from conftest import REAL_PDFS, SAMPLES
from jixiao.cli import main
from jixiao.extract import extract_document, ocr_mode
from jixiao.extract.errors import InputError
from jixiao.extract.grid import find_grids
from jixiao.extract.model import Cell, Segment, Table
from jixiao.extract.ocr import (
    LOW_CONFIDENCE,
    MARK_CONFIDENCE,
    ascii_marks,
    boxes_off_gutters,
    bullets,
    cells_of,
    colon_or_semicolon,
    comparison_bars,
    dropped_brackets,
    full_width_punctuation,
    guesses_over_marks,
    hidden_marks,
    letter_case,
    long_dashes,
    mark_shapes,
    off_blank,
    off_characters,
    off_rulings,
    paired_brackets,
    quote_directions,
    quotes_read_again,
    reread_doubtful,
    reread_gaps,
    reread_line_starts,
    semicolon_tails,
    skipped_marks,
    skipped_quotes,
    title_or_bracket,
)
from jixiao.extract.ocr import Glyph as G
from jixiao.extract.raster_grid import find_rulings, rotate, skew_angle
from jixiao.extract.settings import DEFAULT_SETTINGS
from jixiao.parsers.assess import Assessment
from jixiao.parsers.result import RecordData
from jixiao.schema.build import withhold_unsure_verdicts

sys.path.insert(0, str(SAMPLES))
import scan_noise

needs_ocr = pytest.mark.skipif(
    not jixiao.extract.ocr.available(),
    reason='the OCR extra is not installed (pip install "jixiao[ocr]")',
)
SCALE = 200 / 72  # pixels per point, as the OCR path renders


# --- rulings from a picture -------------------------------------------------------------

# A 4-column table drawn in points: rows at these y, columns at these x; the cell at row 1,
# columns 1-2 is merged (no vertical between them in that row).
XS = [60.0, 150.0, 260.0, 370.0, 520.0]
YS = [200.0, 222.0, 244.0, 266.0, 330.0]


def _px(v: float) -> int:
    return round(v * SCALE)


def drawn_page(angle: float = 0.0, title: bool = True) -> np.ndarray:
    """A grey A4 page with the table above, a bold title made of short thick strokes (what
    a title's characters look like to a line finder), then turned by ``angle`` degrees."""
    page = np.full((_px(842), _px(595)), 225, np.uint8)
    for y in YS:
        cv2.line(page, (_px(XS[0]), _px(y)), (_px(XS[-1]), _px(y)), 30, 2)
    for i, x in enumerate(XS):
        for r in range(len(YS) - 1):
            if r == 1 and i == 2:
                continue  # merged cell
            cv2.line(page, (_px(x), _px(YS[r])), (_px(x), _px(YS[r + 1])), 30, 2)
    if title:
        for k in range(6):  # six 口-like glyphs, 18 pt, strokes 5 px thick, 6 pt apart
            x0 = _px(200 + k * 24)
            cv2.rectangle(page, (x0, _px(120)), (x0 + _px(18), _px(138)), 20, 5)
    if angle:
        matrix = cv2.getRotationMatrix2D((page.shape[1] / 2, page.shape[0] / 2), angle, 1.0)
        page = cv2.warpAffine(page, matrix, page.shape[::-1], borderMode=cv2.BORDER_REPLICATE)
    return page


@pytest.mark.parametrize("angle", [0.0, 0.8, -1.0])
def test_skew_is_measured_and_undone(angle: float) -> None:
    page = drawn_page(angle)
    found = skew_angle(page)
    assert abs(found + angle) <= 0.1
    upright = rotate(page, found)
    grids, _ = find_grids(find_rulings(upright, SCALE).segments, 1, DEFAULT_SETTINGS)
    assert len(grids) == 1
    assert grids[0].n_rows == 4 and grids[0].n_columns == 4


def test_ruled_grid_and_merged_cell_from_the_picture() -> None:
    """Row and column lines where they were drawn (within a point), the merged cell as one
    cell spanning two columns, and the bold title no table."""
    rulings = find_rulings(drawn_page(), SCALE)
    grids, _ = find_grids(rulings.segments, 1, DEFAULT_SETTINGS)
    assert len(grids) == 1
    grid = grids[0]
    assert np.allclose(grid.xs, XS, atol=1.0) and np.allclose(grid.ys, YS, atol=1.0)
    merged = [c for c in grid.cells if c.colspan == 2]
    assert [(c.row, c.column) for c in merged] == [(1, 1)]
    assert len(grid.cells) == 4 * 4 - 1


def test_title_strokes_inside_text_boxes_are_no_rulings() -> None:
    """Long bars inside a detected text line (a bold title's strokes run together) are
    dropped; the table is kept."""
    page = drawn_page(title=False)
    cv2.rectangle(page, (_px(200), _px(120)), (_px(260), _px(124)), 20, -1)  # a 60 pt bar
    cv2.rectangle(page, (_px(200), _px(150)), (_px(260), _px(154)), 20, -1)
    cv2.line(page, (_px(200), _px(120)), (_px(200), _px(154)), 20, 4)
    cv2.line(page, (_px(260), _px(120)), (_px(260), _px(154)), 20, 4)
    without = find_grids(find_rulings(page, SCALE).segments, 1, DEFAULT_SETTINGS)[0]
    assert len(without) == 2  # the bars boxed in: a second "table" when nothing says text
    text = [(_px(195), _px(116), _px(265), _px(158))]
    grids, _ = find_grids(find_rulings(page, SCALE, text).segments, 1, DEFAULT_SETTINGS)
    assert len(grids) == 1 and grids[0].n_columns == 4


def test_full_width_punctuation_beside_chinese_only() -> None:
    glyphs = [
        G("其", 0, 0, 10, 10, 1.0), G("中", 10, 0, 20, 10, 1.0), G(":", 20, 0, 24, 10, 1.0),
        G("(", 30, 0, 34, 10, 1.0), G("万", 34, 0, 44, 10, 1.0), G(")", 44, 0, 48, 10, 1.0),
        G("1", 0, 30, 5, 40, 1.0), G(",", 5, 30, 7, 40, 1.0), G("2", 7, 30, 12, 40, 1.0),
    ]  # fmt: skip
    assert "".join(g.text for g in full_width_punctuation(glyphs)) == "其中：（万）1,2"


# --- honest output -----------------------------------------------------------------------


def _record(target_confidence: float | None, status: str) -> RecordData:
    table = Table([1], 1, 2, [], (0, 0, 1, 1), ocr=True)
    cell = Cell(0, 1, 1, 1, "≥85%", 1, (0, 0, 1, 1), confidence=target_confidence)
    record = RecordData(
        section="performance_indicators", category=None, goal=None, indicator="图书外借率",
        indicator_name="图书外借率", amount_wan=None, target="≥85%", actual="88%", detail=None,
        pages=[1], cells={"target": [cell]}, origin=(table, 0),
    )  # fmt: skip
    record.assessment = Assessment([], [], [], status)
    return record


def test_verdict_on_low_confidence_text_is_withheld() -> None:
    unsure = _record(LOW_CONFIDENCE - 0.2, "met")
    sure = _record(0.99, "met")
    layer = _record(None, "not_met")
    notices = withhold_unsure_verdicts([unsure, sure, layer])
    assert [r.assessment.status for r in (unsure, sure, layer)] == ["unclear", "met", "not_met"]
    assert [n.code for n in notices] == ["ocr_low_confidence"]
    assert "met withheld" in notices[0].message and "≥85%" in notices[0].message


def test_never_and_missing_extra_keep_no_text_layer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = scan_noise.scanned_pdf(
        SAMPLES / "synthetic_dept_self_eval_reportlab.pdf", tmp_path / "s.pdf", "clean"
    )
    with pytest.raises(InputError) as never:
        jixiao.parse(scan, ocr="never")
    assert never.value.code == "no_text_layer" and "--ocr never" in never.value.message
    monkeypatch.setattr(ocr_mode, "available", lambda: False)
    with pytest.raises(InputError) as missing:
        jixiao.parse(scan)
    assert missing.value.code == "no_text_layer"
    assert 'pip install "jixiao[ocr]"' in missing.value.message
    with pytest.raises(InputError) as always:
        jixiao.parse(scan, ocr="always")
    assert always.value.code == "ocr_unavailable"


def test_ocr_mode_is_part_of_the_producer() -> None:
    assert "ocr" not in jixiao.producer().options
    assert jixiao.producer(ocr="never").options == {"ocr": "never"}
    assert jixiao.producer(ocr="always") != jixiao.producer()


def test_cli_modes_match_the_library() -> None:
    from jixiao import cli as cli_module
    from jixiao.extract.ocr import MODES

    assert cli_module.OCR_MODES == MODES


def test_born_digital_files_never_load_the_ocr_engine() -> None:
    code = (
        "import sys, jixiao\n"
        f"jixiao.parse({str(SAMPLES / 'synthetic_dept_self_eval_reportlab.pdf')!r})\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    loaded = set(result.stdout.split())
    assert result.returncode == 0, result.stderr
    assert not {"rapidocr_onnxruntime", "onnxruntime", "pypdfium2"} & loaded


# --- OCR end to end (the extra is needed) ------------------------------------------------


@needs_ocr
def test_the_engine_keeps_its_memory_arena() -> None:
    """RapidOCR builds its ONNX Runtime sessions with the memory arena off; jixiao turns it
    back on, else every inference zero-fills fresh memory (a scanned page: 5 million page
    faults, two thirds of its time in the kernel)."""
    engine = jixiao.extract.ocr._load_engine()
    sessions = [engine.text_det.infer, engine.text_cls.infer, engine.text_rec.session]
    assert all(s.session.get_session_options().enable_cpu_mem_arena for s in sessions)
    from rapidocr_onnxruntime.utils.infer_engine import OrtInferSession

    assert OrtInferSession._init_sess_opts({}).enable_cpu_mem_arena is False  # hook undone


@pytest.fixture(scope="module")
def dept_scan_batch(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The one-page department 自评表, scanned with heavy noise, converted by `jixiao batch`
    (worker pool, per-file timeout): the OCR path as users run it."""
    root = tmp_path_factory.mktemp("scan")
    scan = scan_noise.scanned_pdf(
        SAMPLES / "synthetic_dept_self_eval_reportlab.pdf", root / "dept_scan.pdf", "heavy"
    )
    out = root / "out"
    code = main(["batch", str(scan), "-o", str(out), "--workers", "1", "--timeout", "600"])
    assert code == 0, list(out.iterdir())
    return json.loads((out / "dept_scan.json").read_text(encoding="utf-8"))


@needs_ocr
def test_scan_records_match_the_source_data(dept_scan_batch: dict) -> None:
    """At least 98 % of the fields exactly as in the source data, 99.5 % of characters."""
    score = scan_noise.score("synthetic_dept_self_eval_reportlab", dept_scan_batch["records"])
    assert score.records == score.expected_records == 12
    assert score.field_accuracy >= 0.98, score.misses
    assert score.char_accuracy >= 0.995, score.misses


@needs_ocr
def test_scan_output_says_it_was_read_by_ocr(dept_scan_batch: dict) -> None:
    report = dept_scan_batch
    assert report["layout"] == "dept_self_eval"
    assert all(t["ocr"] for t in report["tables"])
    assert all(r["ocr"] for r in report["records"])
    used = [w for w in report["warnings"] if w["code"] == "ocr_used"]
    assert len(used) == 1 and "rapidocr" in used[0]["message"]
    texts = [c for t in report["tables"] for c in t["cells"] if c["text"]]
    assert texts and all(0 < c["confidence"] <= 1 for c in texts)
    # Money read from the scan is exact, in the unit printed on the form (万元).
    budget = report["department_summary"]["budget"][0]
    assert Decimal(str(budget["full_year_budget_wan"])) == Decimal("4000")
    assert Decimal(str(budget["executed_wan"])) == Decimal("3911.2")


@needs_ocr
def test_borderless_scan_keeps_the_rows_after_a_wrapped_label(tmp_path: Path) -> None:
    """The borderless 自评表's light scan (seed 16), page 3: the header's bold 绩效指标 and
    一级指标 were read as one line whose character boxes hid the gutter, so 一级指标 started
    no column, the wrapped 标 of 满意度指标 stood at none and ended the table: 低层住户满意度
    and 高层住户满意度 went to a second table no form read, and two records were lost. The
    whole document is scanned (the seed draws each page's damage in turn), one page read."""
    source = SAMPLES / "synthetic_project_self_eval_borderless.pdf"
    scan = scan_noise.scanned_pdf(source, tmp_path / "borderless.light.pdf", "light")
    doc = extract_document(scan, pages=[3], ocr="auto")
    assert doc.ocr_pages == 1 and len(doc.tables) == 1
    table = doc.tables[0]
    header = [c.text for c in table.row_cells(0)]
    assert header[1:4] == ["一级指标", "二级指标", "三级指标"]
    rows = {table.cell_at(r, 3).text: r for r in range(table.n_rows)}
    assert {"居民满意度", "低层住户满意度", "高层住户满意度"} <= rows.keys()
    first = rows["居民满意度"]
    assert [table.cell_at(first, c).text for c in (1, 2)] == ["满意度指标", "服务对象满意度指标"]
    assert rows["低层住户满意度"] == first + 1 and rows["高层住户满意度"] == first + 2


@needs_ocr
@pytest.mark.skipif(not REAL_PDFS.is_dir(), reason="no ../shared/real-pdfs")
def test_real_scan_name_list_table() -> None:
    """榆林市审计局, page 19 (委托评审人员名单), as the page shows it: a ruled table of 14
    rows and 8 columns, the header below, 1-13 down the first column, the rest blank."""
    path = REAL_PDFS / "scanned" / "shaanxi_yulin_audit_2026_budget_SCANNED.pdf"
    doc = extract_document(path, pages=[19], ocr="auto")
    assert doc.ocr_pages == 1 and len(doc.tables) == 1
    table = doc.tables[0]
    assert (table.n_rows, table.n_columns, table.ocr) == (14, 8, True)
    header = [c.text for c in table.row_cells(0)]
    assert header == [
        "序号",
        "姓名",
        "性别",
        "身份证号码",
        "工作单位",
        "申报专业",
        "申报级别",
        "备注",
    ]
    assert [table.cell_at(r, 0).text for r in range(1, 14)] == [str(n) for n in range(1, 14)]
    assert all(not c.text for c in table.cells if c.row > 0 and c.column > 0)
    lines = " ".join(line.text for line in doc.lines)
    assert "委托评审人员名单" in lines and "联系电话" in lines


def _mark(lower_height: int) -> np.ndarray:
    """The ink of a colon-like glyph, 12 x 30 px: a 5 px dot above a mark ``lower_height``
    px tall (5: a colon's dot; 8: a semicolon's comma)."""
    ink = np.zeros((30, 12), np.uint8)
    ink[8:13, 4:9] = 1
    ink[18 : 18 + lower_height, 4:9] = 1
    return ink


@pytest.mark.parametrize(("read", "lower", "expected"), [
    ("：", 5, "："), ("：", 8, "；"), ("；", 5, "："), (":", 8, ";"), (";", 8, ";"),
])  # fmt: skip
def test_colon_or_semicolon_by_the_lower_mark(read: str, lower: int, expected: str) -> None:
    glyph = G(read, 0, 0, 11, 29, 0.9)
    assert colon_or_semicolon([glyph], _mark(lower))[0].text == expected


def _blobs(width: int, height: int, boxes: list[tuple[int, int, int, int]]) -> np.ndarray:
    ink = np.zeros((height, width), np.uint8)
    for x, y, w, h in boxes:
        ink[y : y + h, x : x + w] = 1
    return ink


# Ink measured in glyph boxes of the seed's heavy-noise docx scan (x, y, w, h in pixels):
# the box is the glyph's share of its word box, so it starts in the previous character's
# last strokes, which are larger than the marks and stand left of them.
@pytest.mark.parametrize(("read", "boxes", "expected"), [
    ("：", [(0, 4, 8, 23), (12, 16, 3, 3), (12, 22, 4, 5)], "；"),  # 人数；培养
    ("：", [(0, 3, 6, 9), (0, 13, 2, 12), (10, 13, 3, 4), (10, 20, 3, 3)], "："),  # 者：在
    ("；", [(0, 6, 4, 20), (8, 15, 3, 3), (8, 21, 3, 3)], "："),  # 咨询：思想
    ("：", [(3, 10, 8, 7)], "："),  # one blob: no colon to judge, left as read
])  # fmt: skip
def test_colon_or_semicolon_beside_the_previous_strokes(
    read: str, boxes: list[tuple[int, int, int, int]], expected: str
) -> None:
    glyph = G(read, 0, 0, 21, 28, 0.9)
    assert colon_or_semicolon([glyph], _blobs(22, 29, boxes))[0].text == expected


@pytest.mark.parametrize(("tail", "expected"), [(True, "；"), (False, "：")])
def test_colon_or_semicolon_by_the_darkness_of_the_lower_mark(tail: bool, expected: str) -> None:
    """人数；针对 on the seed's heavy docx scan was read ： and kept: the comma's tail is too
    faint for the ink threshold, so both marks are 4 × 4 px blobs there. In the picture the
    lower mark with its tail holds more than 1.2 times the dot's darkness; a colon's two
    dots hold about as much."""
    boxes = [(8, 14, 4, 4), (8, 21, 4, 4)]
    ink = _blobs(22, 30, boxes)
    gray = np.full((30, 22), 215, np.uint8)
    for x, y, w, h in boxes:
        gray[y : y + h, x : x + w] = 90
    if tail:
        gray[25:28, 9:12] = 140  # too light for the ink threshold, darker than the paper
    glyph = G("：", 0, 0, 21, 29, 0.5)
    assert colon_or_semicolon([glyph], ink, gray)[0].text == expected


@pytest.mark.parametrize(("lower", "expected"), [(90, "；"), (150, "：")])
def test_a_semicolon_read_as_one_where_the_darkness_is_unsure(lower: int, expected: str) -> None:
    """长29%；开展 on the seed's clean docx scan: the recogniser read ； (0.80), and the
    lower mark held 1.08 times the dot's darkness, where colons (up to 1.20) and semicolons
    (from 0.84) overlap, so the darkness made it ：. There the reading stands; a lower dot
    clearly lighter than the upper is a colon's all the same."""
    boxes = [(8, 14, 4, 4), (8, 21, 4, 4)]
    ink = _blobs(22, 30, boxes)
    gray = np.full((30, 22), 215, np.uint8)
    gray[14:18, 8:12] = 90
    gray[21:25, 8:12] = lower
    glyph = G("；", 0, 0, 21, 29, 0.8)
    assert colon_or_semicolon([glyph], ink, gray)[0].text == expected


@pytest.mark.parametrize(("tail", "expected"), [(True, "；"), (False, "：")])
def test_a_semicolons_tail_on_a_painted_out_ruling(tail: bool, expected: str) -> None:
    """选拔活动； ends a cell's last line on the seed's docx scans, read ：: the comma's tail
    runs into the ruling under the line, which is painted out before reading, so both marks
    left are 4 × 4 px dots and :func:`colon_or_semicolon` keeps the colon. In the picture
    before the painting the tail is darker than the ruling's own tone along it; a colon's
    lower dot leaves the ruling as it is."""
    picture = np.full((50, 100), 230, np.uint8)
    picture[20:24, 40:44] = picture[30:34, 40:44] = 40  # the dot and the comma's head
    picture[34:37, :] = np.array([[150], [90], [150]], np.uint8)  # the ruling, blurred
    if tail:
        picture[34:36, 37:42] = 20
    rulings = np.zeros_like(picture)
    rulings[34:38, :] = 1
    gray = picture.copy()
    gray[rulings > 0] = 230
    ink = (gray < 128).astype(np.uint8)
    glyph = G("：", 36, 14, 50, 34, 0.9, 0)
    assert colon_or_semicolon([glyph], ink, gray)[0].text == "："
    (read,) = semicolon_tails([glyph], ink, gray, picture, rulings)
    assert read.text == expected
    assert read.confidence == (MARK_CONFIDENCE if tail else 0.9)


def test_a_slanted_comma_read_as_a_colon() -> None:
    """学术峰会、创新沙龙 read 学术峰会：创新沙龙 (0.68) on the seed's heavy docx scan: the
    glyph holds no two stacked marks but one 、-shaped blob. A colon blurred into one
    upright blob stays as read."""
    line = [G("会", 0, 100, 24, 130, 0.99, 2), G("：", 24, 100, 48, 130, 0.68, 2),
            G("创", 48, 100, 72, 130, 0.99, 2), G("新", 72, 100, 96, 130, 0.99, 2)]  # fmt: skip
    ink = np.zeros((200, 300), np.uint8)
    _draw(ink, 30, 113, _CENTRED_COMMA)
    (read,) = [g for g in colon_or_semicolon(line, ink) if g.x0 == 24]
    assert (read.text, read.confidence) == ("、", 0.68)  # the lower of the two
    ink[:] = 0
    ink[110:124, 34:37] = 1  # a colon's two dots run together
    assert colon_or_semicolon(line, ink)[1].text == "："


def _line(text: str, xs: list[int], top: int = 100, line: int = 7) -> list[G]:
    return [G(t, x, top, x + 25, top + 28, 0.99, line) for t, x in zip(text, xs, strict=True)]


def _dash(ink: np.ndarray, x: int, y: int, size: int, slope: int) -> None:
    """A short stroke ``size`` px long, falling to the right (slope 1) or left (-1)."""
    for k in range(size):
        ink[
            y + k : y + k + 2,
            x + (k if slope > 0 else size - k) : x + 2 + (k if slope > 0 else size - k),
        ] = 1


def test_marks_the_recogniser_skipped_are_read_from_their_shape() -> None:
    """一、服务 read 一服务 on the seed's heavy scan: the 、 is a lone slanted blob a quarter
    em across in the room between 一 and 服; a comma after a line's last character is a
    small low blob. A blob in little room, or between digits, is no mark."""
    ink = np.zeros((200, 400), np.uint8)
    glyphs = _line("一服务", [10, 60, 85])  # room 35..60 after 一
    _dash(ink, 42, 113, 7, 1)  # 、
    glyphs += _line("人才", [10, 35], top=140, line=8)  # ， after 才, at the line's end
    ink[160:164, 64:68] = 1
    marks = skipped_marks(glyphs, ink)
    assert sorted((m.text, m.line) for m in marks) == [("、", 7), ("，", 8)]
    assert all(m.confidence == MARK_CONFIDENCE < 1 for m in marks)
    # Between digits, or in a crowded room, the same ink is left alone.
    digits = [G(t, x, 100, x + 14, 128, 0.99, line=3) for t, x in (("1", 10), ("2", 60))]
    crowded = _line("设专", [10, 40])  # 5 px between them
    ink2 = np.zeros((200, 400), np.uint8)
    _dash(ink2, 30, 113, 7, 1)
    ink2[120:124, 36:39] = 1
    assert skipped_marks(digits, ink2) == [] and skipped_marks(crowded, ink2) == []


def test_marks_under_the_boxes_of_a_short_line_are_found_by_their_ink() -> None:
    """三、服务 on the seed's heavy docx scan (page 4, the category column): the recogniser
    read 三服 and spread the two boxes over the 、 (三 34 px, 服 39 px, where the page's
    characters are 23 px), so no room was left between them. By the ink: the centres stand
    1.9 em apart and the 、 stands alone between them, white on both sides. 办's right dot
    (办27场 on the clean scan) stands as far from 办's centre, but against its body: no mark.
    """
    ink = np.zeros((200, 400), np.uint8)
    page = _line("科普活动示范", [10, 33, 56, 79, 102, 125], top=20, line=1)  # em 25
    short = [G("三", 170, 100, 204, 128, 0.99, 7), G("服", 212, 100, 251, 128, 0.99, 7)]
    ink[104:107, 172:193] = ink[113:116, 174:191] = ink[122:125, 171:194] = 1  # 三
    ink[103:127, 218:240] = 1  # 服
    _draw(ink, 202, 113, _CENTRED_COMMA)  # 、
    (mark,) = hidden_marks(page + short, ink)
    assert (mark.text, mark.line, mark.confidence) == ("、", 7, MARK_CONFIDENCE)
    assert 193 < mark.x0 < mark.x1 < 218
    dot = np.zeros((200, 400), np.uint8)
    dot[103:127, 172:192] = 1  # 办's body
    _draw(dot, 193, 113, _CENTRED_COMMA)  # its right dot, one pixel off the body
    dot[104:126, 222:232] = 1  # 2
    digits = [G("办", 170, 100, 195, 128, 0.99, 7), G("2", 216, 100, 236, 128, 0.99, 7)]
    assert hidden_marks(page + digits, dot) == []


def test_a_hidden_mark_beside_a_dot_past_half_an_em() -> None:
    """服务中心、2个 read 服务中心2个 on the seed's heavy docx scan (page 4): 心's right dot
    stands more than half an em from the centre of 心's box, so two blobs were candidates
    and neither was taken. The dot shares columns with 心's body; the 、 stands clear."""
    ink = np.zeros((200, 400), np.uint8)
    page = _line("科普活动示范", [10, 33, 56, 79, 102, 125], top=20, line=1)  # em 25
    short = [G("心", 170, 100, 197, 128, 0.99, 7), G("2", 238, 100, 265, 128, 0.99, 7)]
    ink[115:127, 172:197] = 1  # 心's body and hook
    ink[106:112, 195:201] = 1  # its right dot, over the hook's end
    _draw(ink, 220, 113, _CENTRED_COMMA)  # 、
    ink[104:126, 244:256] = 1  # 2
    (mark,) = hidden_marks(page + short, ink)
    assert (mark.text, mark.line, mark.confidence) == ("、", 7, MARK_CONFIDENCE)
    assert 219 < mark.x0 < mark.x1 < 231


def test_a_gap_read_as_a_doubtful_character_where_a_mark_is_found() -> None:
    """报告批复、分批 on the seed's heavy docx scan: the gap the recogniser left between 复
    and 分 was read 大 at 0.04, and the 、 was then found there under the boxes, so the
    field read 批复大、分批. A doubtful gap reading over a found mark is dropped; a sure
    one, or one away from the mark, stays."""
    phantom = G("大", 969, 352, 994, 384, 0.04)
    mark = G("、", 981, 352, 989, 384, MARK_CONFIDENCE, 29)
    sure = replace(phantom, confidence=0.9)
    away = replace(phantom, x0=1100, x1=1125)
    assert guesses_over_marks([phantom, sure, away], [mark]) == [phantom]


# The comma after 队伍建设 at a line's end on the seed's heavy docx scan (page 6, em 24).
_DOCX_COMMA = [".###", "####", "####", ".###", ".###", ".##."]


def test_a_comma_with_its_tail_at_a_lines_end() -> None:
    """队伍建设，强化 read 队伍建设强化: the comma at the line's end, 4 × 6 px at an em of
    24 with its tail, stood alone in the room after 设 but over the size a comma was held
    to (0.22 em); seven such commas were lost on that scan."""
    ink = np.zeros((200, 400), np.uint8)
    _draw(ink, 64, 120, _DOCX_COMMA)
    marks = skipped_marks(_line("建设", [10, 35]), ink)
    assert [(m.text, m.line) for m in marks] == [("，", 7)]


def test_a_commas_tail_on_the_boxes_last_row() -> None:
    """中心1个，分别 read 中心1个分别 on the seed's clean docx scan: the comma's tail ends on
    the last row of the line's boxes, so its blob touched the room's lower edge and was
    taken for ink of the line below. The room reaches a little lower; a flat stroke end
    there (数's sweep, 6 × 3 px below the boxes) is still no comma."""
    ink = np.zeros((200, 400), np.uint8)
    _draw(ink, 64, 123, _DOCX_COMMA)  # rows 123-128: the boxes end on row 128
    marks = skipped_marks(_line("建设", [10, 35]), ink)
    assert [(m.text, m.confidence) for m in marks] == [("，", MARK_CONFIDENCE)]
    flat = np.zeros((200, 400), np.uint8)
    flat[127:130, 64:70] = 1
    assert skipped_marks(_line("建设", [10, 35]), flat) == []


def test_a_comma_on_a_short_line_with_narrow_boxes() -> None:
    """2020年相比，所占比例 read 2020年相比所占比例 on the seed's clean docx scan: on the
    wrapped line 2020年相比 the recogniser's boxes are 21 px wide where the page's
    characters are 24, so the comma's 6 px with its tail measured over 0.28 of that em."""
    ink = np.zeros((200, 400), np.uint8)
    glyphs = [G("相", 10, 100, 31, 128, 0.99, 7), G("比", 31, 100, 52, 128, 0.99, 7)]
    _draw(ink, 60, 119, _DOCX_COMMA)
    assert [m.text for m in skipped_marks(glyphs, ink)] == ["，"]


def test_a_dot_of_the_character_before_is_no_skipped_mark() -> None:
    """交易中心线上 read 交易中心、线上 on the seed's heavy docx scan: 心's right dot, past
    its box, slants like a 、 and stood alone in the crowded room before 线, and after 心 at
    a line's end. A skipped mark stands clear of the character before it."""
    ink = np.zeros((200, 400), np.uint8)
    glyphs = _line("中心线", [10, 35, 72])  # 11 px, under half an em, between 心 and 线
    ink[108:126, 38:58] = 1  # 心's body
    ink[120:126, 58:63] = 1  # its hook, reaching past the box
    _draw(ink, 63, 113, _CENTRED_COMMA)  # its right dot, no blank column before it
    assert skipped_marks(glyphs, ink) == []
    end = _line("中心", [10, 35])  # 心 at the line's end
    assert skipped_marks(end, ink) == []
    ink[120:126, 58:63] = 0  # white before the blob: a mark after all
    assert [m.text for m in skipped_marks(glyphs, ink)] == ["、"]
    assert [m.text for m in skipped_marks(end, ink)] == ["、"]


def test_a_dot_above_the_character_befores_stroke_is_no_skipped_mark() -> None:
    """教学中心智能 read 教学中心、智能 on the seed's clean faithful scan: 心's right dot
    stands past its box over the end of its hook, in a room wide enough not to count as
    crowded. A mark has its columns to itself."""
    ink = np.zeros((200, 400), np.uint8)
    glyphs = _line("中心智", [10, 35, 78])  # 17 px between 心 and 智
    ink[108:120, 38:58] = 1  # 心's body
    ink[121:124, 50:65] = 1  # its hook, reaching into the room
    _draw(ink, 62, 113, _CENTRED_COMMA)  # its right dot, above the hook's end
    assert skipped_marks(glyphs, ink) == []
    ink[121:124, 50:65] = 0
    ink[121:124, 50:60] = 1  # the hook ends before the dot's columns: a mark
    assert [m.text for m in skipped_marks(glyphs, ink)] == ["、"]


# The ink of 、 in 市委、市 on the seed's heavy docx scan (page 6), rows 11-16 of the line box
# and 11-17 px into the box of the · the recogniser read there (0.42): the docx font centres
# 、 in the line, slanting down to the right.
_CENTRED_COMMA = ["####.....", "######...", "#######..", ".######..", "..#####..", "...####.."]


def _draw(ink: np.ndarray, x: int, y: int, rows: list[str]) -> None:
    for dy, row in enumerate(rows):
        for dx, c in enumerate(row):
            if c == "#":
                ink[y + dy, x + dx] = 1


# The 、 of 四、助力 on the seed's light docx scan (page 3), as its ink lies: the docx font
# sets it about the middle of the line.
_MIDDLE_DUN = ["####..", "######", ".######", "..#####", "...####", "....###"]


def test_a_slanted_mark_at_the_middle_of_the_line_is_a_dun() -> None:
    """四、助力 read 四助刀 on the seed's light docx scan: the skipped 、 is a 7 × 6 px slanted
    blob whose middle stands at 0.43 of the line (rows 10–15 of 1198–1226), where the
    shape test wanted it below 0.45; the docx font centres its 、 higher than SimSun. A
    blob slanting so, above 0.38 of the line, is still no mark (a quote's height)."""
    ink = np.zeros((200, 400), np.uint8)
    glyphs = _line("四助", [10, 56])  # room 36..56 after 四, the line 100..128
    _draw(ink, 42, 110, _MIDDLE_DUN)
    assert [(m.text, m.line) for m in skipped_marks(glyphs, ink)] == [("、", 7)]
    ink[:] = 0
    _draw(ink, 42, 105, _MIDDLE_DUN)  # its middle at 0.26 of the line
    assert skipped_marks(glyphs, ink) == []


def test_a_comma_on_a_short_line_is_measured_by_the_pages_em() -> None:
    """与2020年相比， ends a wrapped line of the seed's light docx scan: that short line's
    boxes came out 19 px wide where the page's characters are 24, and its 6 px comma
    measured 0.32 of the line's em, over COMMA_SIZE. A comma's size is measured by the
    larger of the line's em and the page's."""
    ink = np.zeros((300, 400), np.uint8)
    glyphs = [G(t, 19 * k, 100, 19 * k + 19, 128, 0.99, 7) for k, t in enumerate("年相比")]
    glyphs += [G(t, 24 * k, 200, 24 * k + 24, 228, 0.99, 8) for k, t in enumerate("所占比例进一步")]
    for g in glyphs:
        ink[int(g.top) + 4 : int(g.bottom) - 4, int(g.x0) + 2 : int(g.x1) - 2] = 1
    _draw(ink, 62, 119, [".####", ".####", "..###", "..##.", ".##..", "##..."])  # 5 × 6 px
    assert [(m.text, m.line) for m in skipped_marks(glyphs, ink)] == [("，", 7)]


def test_a_flat_blob_low_in_the_room_is_no_comma() -> None:
    """提升工程 read 提升工，程 on the seed's clean docx scan: at 200 dpi the thin bottom
    stroke of 工 broke, and its right end, 3 × 2 px low in the room after 工 at the line's
    end, was read as a skipped comma. A comma hangs from its tail, taller than wide."""
    ink = np.zeros((200, 400), np.uint8)
    ink[121:123, 62:65] = 1  # the stroke's end, clear of 工's box
    assert skipped_marks(_line("提工", [10, 35]), ink) == []
    ink[121:123, 62:65] = 0
    ink[120:124, 62:65] = 1  # 3 × 4: a comma
    assert [m.text for m in skipped_marks(_line("提工", [10, 35]), ink)] == ["，"]


# The docx font's 。 centred in its em: a ring 7 px across.
_RING = ["..###..", ".#####.", "##...##", "##...##", "##...##", ".#####.", "..###.."]


@pytest.mark.parametrize(
    ("closing", "mark", "shape"),
    [(")", "。", _RING), ("）", "。", _RING), ("”", "、", _CENTRED_COMMA)],
)
def test_a_mark_an_em_past_a_closing_bracket_or_quote(
    closing: str, mark: str, shape: list[str]
) -> None:
    """（119.75）。 read without its 。 on the seed's clean docx scan, 青托工程”、 without its
    、 on the heavy one: a closing bracket's or quote's ink fills the left half of its em,
    so the mark after it at a line's end stands an em past that ink, beyond the room looked
    at after a character (and after a quote no mark was looked for). Ink the recogniser
    read on its own already is not read twice."""
    ink = np.zeros((200, 400), np.uint8)
    glyphs = [G("元", 10, 100, 35, 128, 0.99, 7), G(closing, 35, 100, 47, 128, 0.9, 7)]
    _draw(ink, 74, 113, shape)  # from 27 px past the bracket's box
    marks = skipped_marks(glyphs, ink)
    assert [(m.text, m.line, m.confidence) for m in marks] == [(mark, 7, MARK_CONFIDENCE)]
    alone = G("。", 72, 108, 86, 119, 0.34)  # read by reread_missed (no line)
    assert skipped_marks([*glyphs, alone], ink) == []


def test_doubtful_dots_are_read_by_their_shape() -> None:
    """技能竞赛、创新 came out 技能竞赛·创新 (0.36), 5.1%。 as 5.1%° (0.41): a doubtful ·, °
    or . is re-read from its blob. A surely read middle dot (众心向党·自立自强), a decimal
    point and a dot too big for a mark stay as read."""
    ink = np.zeros((200, 300), np.uint8)
    line = [G("委", 0, 100, 25, 128, 0.99, 7), G("·", 27, 100, 51, 128, 0.42, 7),
            G("市", 51, 100, 76, 128, 0.99, 7)]  # fmt: skip
    _draw(ink, 38, 111, _CENTRED_COMMA)
    read = mark_shapes(line, ink)
    assert [g.text for g in read] == ["委", "、", "市"]
    assert read[1].confidence == 0.42  # still flagged below LOW_CONFIDENCE
    sure = [line[0], G("·", 27, 100, 51, 128, 0.95, 7), line[2]]
    assert [g.text for g in mark_shapes(sure, ink)] == ["委", "·", "市"]
    # A ring after % read as °: a full stop.
    ring = np.zeros((200, 300), np.uint8)
    cv2.circle(ring, (40, 122), 3, 1, 2)
    percent = [G("达", 0, 100, 25, 128, 0.99, 3), G("%", 14, 100, 26, 128, 0.99, 3),
               G("°", 27, 100, 51, 128, 0.41, 3)]  # fmt: skip
    assert [g.text for g in mark_shapes(percent, ring)][-1] == "。"
    point = [G("成", 0, 100, 25, 128, 0.99, 5), G("5", 26, 100, 38, 128, 0.99, 5),
             G(".", 38, 100, 44, 128, 0.3, 5), G("1", 44, 100, 56, 128, 0.99, 5)]  # fmt: skip
    dot = np.zeros((200, 300), np.uint8)
    dot[122:126, 39:43] = 1
    assert mark_shapes(point, dot)[2].text == "."


def test_docx_commas_and_full_stops_read_as_dots() -> None:
    """On the seed's heavy docx scan 党领导下，团结 came out 党领导下.团结 (0.36): the
    comma with its tail is 4 × 5 px at an em of 20, over the bound a lone blob is held to
    but a comma where a full stop was read; 5.1%。 came out 5.1%° (0.41) with a ring half
    an em across, the docx font's full stop."""
    line = [G("下", 0, 100, 22, 132, 0.99, 1), G(".", 22, 100, 44, 132, 0.36, 1),
            G("团", 44, 100, 66, 132, 0.99, 1), G("结", 66, 100, 86, 132, 0.99, 1)]  # fmt: skip
    ink = np.zeros((200, 300), np.uint8)
    ink[123:128, 32:36] = 1  # 4 × 5 px, low in the line
    assert [g.text for g in mark_shapes(line, ink)] == ["下", "，", "团", "结"]
    ring = np.zeros((200, 300), np.uint8)
    cv2.circle(ring, (30, 119), 4, 1, 1)  # 9 px across, the em 18
    percent = [G("达", 0, 100, 18, 129, 0.99, 3), G("%", 18, 100, 24, 129, 0.99, 3),
               G("°", 25, 100, 40, 129, 0.41, 3), G("率", 40, 100, 58, 129, 0.99, 3)]  # fmt: skip
    assert [g.text for g in mark_shapes(percent, ring)][2] == "。"


def test_a_full_stop_read_as_a_ring_on_a_line_without_chinese() -> None:
    """达95%。 read 95%° (0.46) on the seed's heavy docx scan, 95%。 being a wrapped line of
    its own: with no Chinese character to give it an em, the line was passed over. It is
    measured by the page's em."""
    page = _line("学生满意度", [10, 35, 60, 85, 110], top=20, line=1)  # em 25
    wrapped = [G("9", 10, 100, 24, 128, 0.99, 4), G("5", 24, 100, 38, 128, 0.99, 4),
               G("%", 38, 100, 54, 128, 0.99, 4), G("°", 56, 100, 72, 128, 0.46, 4)]  # fmt: skip
    ink = np.zeros((200, 300), np.uint8)
    ink[113:121, 62:70] = 1  # the docx font's 。 filled in by the blur, 8 px across
    read = mark_shapes(page + wrapped, ink)
    assert (read[-1].text, read[-1].confidence) == ("。", 0.46)


def test_a_blurred_comma_read_as_a_dot_between_chinese() -> None:
    """100门，预计 read 100门.预计 (0.54) on the seed's heavy faithful scan: the comma with
    its blurred tail is 4 × 7 px at an em of 20, past the size a comma is held to, but
    between two Chinese characters the dot is one of their marks, and low and taller than
    wide it is a comma. Between digits it stays a decimal point."""
    line = [G("门", 0, 100, 20, 131, 0.99, 1), G(".", 30, 100, 43, 131, 0.54, 1),
            G("预", 46, 100, 66, 131, 0.99, 1), G("计", 66, 100, 86, 131, 0.99, 1)]  # fmt: skip
    ink = np.zeros((200, 300), np.uint8)
    ink[120:127, 34:38] = 1
    read = mark_shapes(line, ink)
    assert (read[1].text, read[1].confidence) == ("，", 0.54)
    digits = [replace(line[0], text="1"), line[1], replace(line[2], text="5")]
    assert mark_shapes(digits, ink)[1].text == "."


def test_a_full_stop_skipped_after_a_percentage_is_read() -> None:
    """达95%。 at a cell's end on the seed's scans: the recogniser dropped the 。 after %, where
    no Chinese character stood beside the room to allow a guess; a percentage ends a
    clause as a character does."""
    glyphs = _line("达", [10]) + [G(t, x, 100, x + 12, 128, 0.99, 7) for t, x in (("9", 35),
              ("5", 47), ("%", 59))]  # fmt: skip
    ink = np.zeros((200, 400), np.uint8)
    cv2.circle(ink, (80, 122), 3, 1, 2)  # a ring low in the line after %
    marks = skipped_marks(glyphs, ink)
    assert [(m.text, m.line) for m in marks] == [("。", 7)]
    # 超 / 90%。 wrapped in a narrow cell: the percentage is a line of its own, measured by
    # the page's em; only a full stop is guessed there (a speck after 100% is no comma).
    wrapped = _line("超", [10]) + [
        G(t, x, 140, x + 12, 168, 0.99, 8) for t, x in (("9", 10), ("0", 22), ("%", 34))
    ]
    ink = np.zeros((200, 400), np.uint8)
    cv2.circle(ink, (56, 155), 3, 1, 2)
    assert [(m.text, m.line) for m in skipped_marks(wrapped, ink)] == [("。", 8)]
    ink[:] = 0
    ink[160:164, 54:58] = 1  # a small low speck: a comma by its shape
    assert skipped_marks(wrapped, ink) == []


def test_a_middle_dot_as_large_as_a_bullet_is_one() -> None:
    """众心向党•自立自强 on the seed's faithful scans, read with a middle dot (0.90): the blob
    is 8 px across at an em of 21, where the font's middle dot (澳台科技·产业) is 2–3 px."""
    line = [G("党", 0, 100, 21, 128, 0.99, 4), G("·", 21, 100, 42, 128, 0.9, 4),
            G("自", 42, 100, 63, 128, 0.99, 4)]  # fmt: skip
    ink = np.zeros((200, 300), np.uint8)
    cv2.circle(ink, (31, 114), 4, 1, -1)  # 9 px, filled
    (dot,) = [g for g in bullets(line, ink) if g.x0 == 21]
    assert (dot.text, dot.confidence) == ("•", MARK_CONFIDENCE)
    ink[:] = 0
    ink[113:116, 30:33] = 1  # 3 px: a middle dot
    assert bullets(line, ink)[1].text == "·"


class _Recogniser:
    """Stands in for the engine's recogniser in the gap tests: every crop reads as
    ``text``; the crops it was given are kept, to see which gaps went to recognition."""

    def __init__(self, text: str) -> None:
        self.text, self.crops = text, []

    def __call__(self, image: np.ndarray, **_: object) -> tuple[list, None]:
        self.crops.append(image.shape)
        return [[self.text, 0.93]], None


def test_a_dropped_character_sits_on_its_ink(monkeypatch: pytest.MonkeyPatch) -> None:
    """项目名称 社区…: the recogniser dropped 称 and read 名 next to 社; the gap re-read as 称
    took the whole gap, so 项目名称 and the name ran together and the borderless 自评表's
    last form lost its 项目名称 row. The re-read character now spans its ink only, and the
    gutter after it stays."""
    engine = _Recogniser("称")
    monkeypatch.setattr(jixiao.extract.ocr, "_load_engine", lambda: engine)
    gray = np.full((200, 300), 215, np.uint8)
    ink = np.zeros((200, 300), np.uint8)
    ink[104:126, 80:101] = 1  # 称's strokes (a block is enough: only its extent counts)
    glyphs = [G(t, x, 100, x + 23, 128, 0.99, 2) for t, x in (("项", 4), ("目", 27), ("名", 52))]
    glyphs += [G("社", 130, 100, 153, 128, 0.99, 2), G("区", 153, 100, 176, 128, 0.99, 2)]
    (read,) = reread_gaps(gray, glyphs, ink)
    assert read.text == "称" and (read.x0, read.x1) == (80.0, 101.0)
    assert glyphs[3].x0 - read.x1 > 0.55 * 23  # a phrase gap: label and value part


class _Reader:
    """Stands in for the engine's recogniser: each crop reads as the next of ``answers``
    (text, score); the crops' shapes are kept."""

    def __init__(self, *answers: tuple[str, float]) -> None:
        self.answers, self.crops = list(answers), []

    def __call__(self, image: np.ndarray, **_: object) -> tuple[list, None]:
        self.crops.append(image.shape)
        return [list(self.answers.pop(0))], None


def test_a_doubtful_character_is_read_again_with_its_neighbours(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """行动规划纲要 on the seed's light faithful scan: the line read 规我纲 with 我 at 0.31; the
    three characters cropped alone read 规划纲 at 0.99. The reading is taken, with the first
    one's confidence (below MARK_CONFIDENCE), over the room to its neighbours; a surer
    character is not asked about."""
    gray = np.full((200, 300), 215, np.uint8)
    line = [G(t, x, 100, x + 20, 128, c, 5) for t, x, c in
            (("动", 0, 0.99), ("规", 20, 0.99), ("我", 40, 0.31), ("纲", 60, 0.98))]  # fmt: skip
    engine = _Reader(("规划纲", 0.99))
    monkeypatch.setattr(jixiao.extract.ocr, "_load_engine", lambda: engine)
    read = reread_doubtful(gray, line)
    assert [g.text for g in read] == list("动规划纲") and read[2].confidence == 0.31
    # 我's box short of 划's 刂 (the heavy scan, whose gap re-read then added 制): the crop
    # read nothing between, so the character set right takes the room up to 纲.
    line[2] = replace(line[2], x1=52)
    monkeypatch.setattr(jixiao.extract.ocr, "_load_engine", lambda: _Reader(("规划纲", 0.99)))
    assert [(g.x0, g.x1) for g in reread_doubtful(gray, line)][2] == (40, 60)
    assert len(engine.crops) == 1 and engine.crops[0][1] == 64  # 规 to 纲, 2 px either side
    # Unsure of the crop too, neighbours read otherwise, a character more, or a mark: kept.
    for answer in (("规划纲", 0.93), ("现划纲", 0.99), ("规划制纲", 0.99), ("规、纲", 0.99)):
        engine = _Reader(answer)
        monkeypatch.setattr(jixiao.extract.ocr, "_load_engine", lambda e=engine: e)
        assert [g.text for g in reread_doubtful(gray, line)] == list("动规我纲")


def test_a_lone_mark_in_a_gap_is_left_to_its_shape(monkeypatch: pytest.MonkeyPatch) -> None:
    """办学质量、教育 on the seed's heavy docx scan: the gap between 量 and 教 holds the 、,
    the tips of 量's strokes and of the line above; recognised alone it read 茶 (0.08), and
    the shape test added the 、 as well. A gap holding one mark-sized blob is not
    recognised; one holding a character still is."""
    engine = _Recogniser("茶")
    monkeypatch.setattr(jixiao.extract.ocr, "_load_engine", lambda: engine)
    gray = np.full((200, 300), 215, np.uint8)
    glyphs = [G("量", 0, 100, 22, 132, 0.99, 4), G("教", 52, 100, 74, 132, 0.99, 4)]
    ink = np.zeros((200, 300), np.uint8)
    ink[105:128, 23:25] = 1  # 量's last strokes, past its box
    ink[100:102, 38:43] = 1  # the tip of the line above
    _draw(ink, 38, 113, _CENTRED_COMMA)
    assert reread_gaps(gray, glyphs, ink) == [] and engine.crops == []
    ink[104:126, 30:48] = 1  # a character there instead
    assert [g.text for g in reread_gaps(gray, glyphs, ink)] == ["茶"]
    # 竣 dropped between 成 and 工 (project 自评表, heavy scan): its halves touch the gap's
    # sides and only the dot of its 立 stands inside: still a character, recognised.
    ink[:] = 0
    ink[104:128, 23:33] = 1
    ink[104:128, 42:52] = 1
    ink[106:110, 36:39] = 1
    assert [g.text for g in reread_gaps(gray, glyphs, ink)] == ["茶"]


def test_a_doubtful_character_on_blank_paper_is_dropped() -> None:
    """在校生人数达 9000人 on the seed's clean faithful scan: the recogniser opened a line
    with a 、 (0.38) read where the space after 达 shows no ink. A surely read character,
    or one whose box is a few pixels off its ink, stays."""
    ink = np.zeros((200, 200), np.uint8)
    ink[104:126, 2:20] = 1
    ink[104:126, 111:130] = 1  # 深, its box ending a pixel before its ink
    line = [G("达", 0, 100, 22, 128, 0.99, 1), G("、", 40, 100, 60, 128, 0.38, 2),
            G("深", 88, 100, 110, 128, 0.5, 2)]  # fmt: skip
    assert [g.text for g in off_blank(line, ink)] == ["达", "深"]
    assert off_blank([replace(line[1], confidence=0.9)], ink) == [replace(line[1], confidence=0.9)]


def test_a_quote_read_between_two_quotes_on_blank_paper_is_dropped() -> None:
    """研究”“科技 read 研究””“科技 on the seed's clean docx scan: the font's closing quote
    hugs 究 and the opening one 科, a full em of white between them, where the recogniser
    read a third quote, surely (0.84). Beside another quote, a quote over no ink in the
    upper part of its box is dropped; the two with ink stay."""
    ink = np.zeros((200, 300), np.uint8)
    ink[103:109, 25:27] = ink[103:109, 29:31] = 1  # ” after 究
    ink[103:109, 66:68] = ink[103:109, 70:72] = 1  # “ before 科
    ink[125:128, 40:50] = 1  # the line below's tips, under the middle box
    line = [G("究", 0, 100, 24, 128, 0.99, 1), G("”", 24, 100, 41, 128, 0.99, 1),
            G("”", 41, 100, 59, 128, 0.84, 1), G("“", 59, 100, 76, 128, 0.98, 1),
            G("科", 76, 100, 100, 128, 0.99, 1)]  # fmt: skip
    ink[104:126, 2:22] = ink[104:126, 78:98] = 1
    assert "".join(g.text for g in off_blank(line, ink)) == "究”“科"
    alone = [line[0], line[2], line[4]]  # a lone quote over white is left to the rest
    assert off_blank(alone, ink) == alone


def _cells(glyphs: list[G]) -> list[list[int]]:
    """The glyphs' cells as the page reader groups them, on a page without rulings."""
    return [seq for _ruled, seq in cells_of(glyphs, [], SCALE)]


def test_a_quote_a_second_reading_of_its_line_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    """传播“科学家精神”和 on the seed's heavy faithful scan: the page's recogniser dropped the
    opening quote (its ink fused with 科's), keeping the closing one; the cell's odd count
    of quotes says one is missing, and the line read alone, padded, read 传播“科学家 at
    0.98. The quote is added between the two characters, straight, at MARK_CONFIDENCE, and
    quote_directions then turns it."""
    gray = np.full((200, 400), 215, np.uint8)
    line = [
        G(t, 20 + 24 * k, 100, 44 + 24 * k, 128, 0.99, 3) for k, t in enumerate("传播科学家精神”和")
    ]
    engine = _Reader(("传播“科学家精神”和", 0.98))
    monkeypatch.setattr(jixiao.extract.ocr, "_load_engine", lambda: engine)
    (added,) = quotes_read_again(gray, line, _cells(line))
    assert (added.text, added.x0, added.x1, added.confidence) == ('"', 68, 69, MARK_CONFIDENCE)
    turned = quote_directions([*line, added], [], SCALE)
    assert (
        "".join(g.text for g in sorted(turned, key=lambda g: (g.x0, g.x1))) == "传播“科学家精神”和"
    )
    # An even count asks nothing; an unsure reading, or one that reads a neighbour
    # otherwise, adds nothing.
    paired = [*line[:2], replace(line[7], x0=60, x1=62), *line[2:]]
    assert quotes_read_again(gray, paired, _cells(paired)) == [] and len(engine.crops) == 1
    for answer in (("传播“科学家精神”和", 0.9), ("传播“料学家精神”和", 0.99)):
        monkeypatch.setattr(jixiao.extract.ocr, "_load_engine", lambda a=answer: _Reader(a))
        assert quotes_read_again(gray, line, _cells(line)) == []


def _ruled_page() -> tuple[np.ndarray, np.ndarray]:
    """A grey 200 × 300 px page and its rulings: one cell's left border at x 8–10, beside
    which a line's start is looked for."""
    rulings = np.zeros((200, 300), np.uint8)
    rulings[80:160, 8:11] = 1
    return np.full((200, 300), 215, np.uint8), rulings


def test_a_character_dropped_before_a_lines_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """一、中国创新… starts a goal cell on the seed's heavy docx scan, read 、中国创新…: the
    thin 一 between the cell's ruling and the 、 (whose box reaches over its end) is
    recognised on its own. A line's first character whose own ink runs on before its box
    (一级指标 read with 一's box a share of the line) is not read twice, and without a
    ruling before the line the room is another column's and left alone."""
    engine = _Recogniser("一")
    monkeypatch.setattr(jixiao.extract.ocr, "_load_engine", lambda: engine)
    gray, rulings = _ruled_page()
    line = [G("、", 34, 100, 58, 128, 0.51, 3), G("中", 58, 100, 80, 128, 0.99, 3),
            G("国", 82, 100, 104, 128, 0.99, 3)]  # fmt: skip
    ink = np.zeros((200, 300), np.uint8)
    ink[113:118, 13:37] = 1  # 一, its end under the 、's box
    ink[119:124, 45:52] = 1  # 、
    ink[104:126, 60:79] = ink[104:126, 84:103] = 1
    (read,) = reread_line_starts(gray, line, ink, rulings)
    assert (read.text, read.x0, read.line) == ("一", 13.0, 3)
    assert reread_line_starts(gray, line, ink, np.zeros_like(rulings)) == []
    ink[113:118, 37:60] = 1  # 一 itself, read as the first character
    first = [G("一", 36, 100, 58, 128, 0.99, 3), *line[1:]]
    assert reread_line_starts(gray, first, ink, rulings) == []


def test_a_line_start_dropped_with_its_mark(monkeypatch: pytest.MonkeyPatch) -> None:
    """一、中国创新… read 中国创新… on the seed's light docx scan: both the 一 and the 、 were
    dropped, so the line's first character stands 2.6 ems from the cell's ruling (the 一,
    the 、's em and the cell's padding), past the 2.5 ems looked back before. The room
    reaches three ems back; the ink there is recognised."""
    engine = _Recogniser("一、")
    monkeypatch.setattr(jixiao.extract.ocr, "_load_engine", lambda: engine)
    gray, rulings = _ruled_page()
    line = [G("中", 67, 100, 89, 128, 0.99, 3), G("国", 91, 100, 113, 128, 0.99, 3)]
    ink = np.zeros((200, 300), np.uint8)
    ink[113:117, 19:43] = 1  # 一
    _dash(ink, 53, 112, 6, 1)  # 、
    ink[104:126, 69:88] = ink[104:126, 93:112] = 1
    read = reread_line_starts(gray, line, ink, rulings)
    assert "".join(g.text for g in read) == "一、" and read[0].x0 == 19.0
    assert {g.line for g in read} == {3}


def test_a_middle_dot_dropped_at_a_lines_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """穗港澳台科技 | ·产业发展 on the seed's heavy docx scan, read 产业发展: the · is a 4 × 5 px
    dot at the line's middle, 0.24 em of white before 产, whose box reaches to it. It is read
    from its shape, not by the engine (too little ink to crop); a dot touching the first
    character's ink, or one at the line's top (a quote's place), is no middle dot."""
    engine = _Recogniser("一")
    monkeypatch.setattr(jixiao.extract.ocr, "_load_engine", lambda: engine)
    gray, rulings = _ruled_page()
    line = [G("产", 38, 100, 63, 125, 0.99, 3), G("业", 65, 100, 90, 125, 0.99, 3)]
    ink = np.zeros((200, 300), np.uint8)
    ink[102:123, 44:62] = ink[102:123, 67:88] = 1
    ink[111:116, 34:38] = 1  # the ·, 6 blank columns before 产's ink
    (dot,) = reread_line_starts(gray, line, ink, rulings)
    assert (dot.text, dot.x0, dot.x1, dot.confidence, dot.line) == ("·", 34.0, 38.0, 0.7, 3)
    assert engine.crops == []
    touching = ink.copy()
    touching[111:116, 38:44] = 1
    assert [g.text for g in reread_line_starts(gray, line, touching, rulings)] != ["·"]
    high = np.zeros_like(ink)
    high[102:123, 44:62] = high[102:123, 67:88] = 1
    high[102:107, 34:38] = 1
    assert reread_line_starts(gray, line, high, rulings) == []


@pytest.mark.parametrize(("stroke", "expected"), [(22, "—"), (10, "-")])
def test_a_hyphen_as_long_as_a_character_is_a_dash(stroke: int, expected: str) -> None:
    """实施方案（2021—2025年） on the seed's docx scans, read 2021-: the dash's box is a
    7 px share of the line, its stroke 22 px long (about an em), running into the 1 before
    it; 10-15件's hyphen is 10 px."""
    line = [G("案", 0, 100, 22, 128, 0.99, 1), G("2", 24, 100, 34, 128, 0.99, 1),
            G("1", 34, 100, 44, 128, 0.99, 1), G("-", 44, 100, 51, 128, 0.95, 1)]  # fmt: skip
    ink = np.zeros((200, 120), np.uint8)
    ink[104:126, 1:21] = 1
    ink[106:123, 26:33] = 1
    ink[106:123, 40:43] = 1  # the 1's stem
    ink[113:115, 43 : 43 + stroke] = 1  # touching it
    (read,) = [g for g in long_dashes(line, ink) if g.x0 == 44]
    assert read.text == expected
    assert read.confidence == (MARK_CONFIDENCE if expected == "—" else 0.95)


def test_a_gap_is_measured_by_the_lines_chinese_characters(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """（70万元）。 wraps onto a line of its own on the seed's docx scans, read
    （70万元）。 with 0's box 11 px short of 万's and 0's right side past its box: the
    brackets and 。 (10–11 px boxes) made the line's em 11 px, so that room was a gap
    of a character's width, re-read as unreadable ink (70�万元). The em is the width of
    the line's Chinese characters (21 px), and the room is no gap."""
    engine = _Recogniser("")
    monkeypatch.setattr(jixiao.extract.ocr, "_load_engine", lambda: engine)
    gray = np.full((200, 300), 215, np.uint8)
    boxes = [("（", 0, 10), ("7", 10, 21), ("0", 21, 31), ("万", 42, 63), ("元", 63, 84),
             ("）", 89, 100), ("。", 121, 131)]  # fmt: skip
    glyphs = [G(t, x0, 100, x1, 132, 0.99, 5) for t, x0, x1 in boxes]
    ink = np.zeros((200, 300), np.uint8)
    ink[109:126, 24:37] = 1  # 0, 6 px past its box
    ink[107:129, 42:62] = ink[107:129, 64:83] = 1
    assert reread_gaps(gray, glyphs, ink) == [] and engine.crops == []


def test_boxes_reaching_over_a_gutter_end_at_its_white() -> None:
    """绩效指标 一级指标 in the borderless 自评表's header, read as one line on the light
    scan: the recogniser's shares put 标 and 一 2.9 pt apart (a quarter em, inside a phrase)
    where the page shows 8.7 pt of white. Boxes reaching over white of half an em or more
    end at its edges; touching characters, a full-width comma's own room and the ink of a
    character the recogniser dropped stay as they were."""
    ink = np.zeros((600, 700), np.uint8)
    line = [G("指", 160, 124, 182, 156, 0.99, 1), G("标", 183, 124, 212, 156, 0.99, 1),
            G("一", 220, 124, 251, 156, 0.93, 1), G("级", 251, 124, 278, 156, 0.99, 1)]  # fmt: skip
    ink[126:154, 161:181] = 1
    ink[126:154, 184:206] = 1  # 标 ends here: 24 px of white to 一
    ink[139:142, 230:251] = 1  # 一, one stroke
    ink[126:154, 252:277] = 1
    out = boxes_off_gutters(line, ink)
    assert [(g.x0, g.x1) for g in out] == [(160, 182), (183, 206), (230, 251), (251, 278)]
    assert out[2].x0 - out[1].x1 > 0.55 * 29  # a phrase gap again: 一级指标 starts its column
    # Touching characters (white under half an em between them) are left alone.
    assert boxes_off_gutters([*line[:2]], ink) == line[:2]
    # 见，长: the comma's box holds its own white; it is no gutter.
    comma = [G("见", 270, 224, 296, 256, 0.99, 2), G("，", 296, 224, 326, 256, 0.99, 2),
             G("长", 326, 224, 352, 256, 0.99, 2)]  # fmt: skip
    ink[226:254, 271:295] = 1
    ink[246:254, 298:304] = 1
    ink[226:254, 330:351] = 1
    assert boxes_off_gutters(comma, ink) == comma
    # 标 [一] 级 with 一 dropped: 标's box shrinks to its ink, 级's box is not stretched
    # over 一 (boxes only shrink): the dropped character's ink stays in the gap.
    dropped = [G("标", 500, 324, 531, 356, 0.99, 3), G("级", 563, 324, 590, 356, 0.99, 3)]
    ink[326:354, 500:522] = 1
    ink[339:342, 540:562] = 1
    ink[326:354, 563:589] = 1
    assert [(g.x0, g.x1) for g in boxes_off_gutters(dropped, ink)] == [(500, 522), (563, 590)]
    # 中心1个 in 8 pt type on the seed's clean scan: the shares are narrower than the glyphs
    # (心's last stroke reaches 8 px past its box) and the 1 has a wide left bearing: 9 px
    # of white, more than half a share but less than half the line's height: no gutter.
    small = [G("心", 100, 500, 116, 523, 0.99, 4), G("1", 123, 500, 145, 523, 0.97, 4),
             G("个", 145, 500, 159, 523, 0.99, 4)]  # fmt: skip
    ink[501:522, 101:124] = 1
    ink[501:522, 133:144] = 1
    ink[501:522, 146:158] = 1
    assert boxes_off_gutters(small, ink) == small


def test_a_form_whose_start_was_not_seen_is_flagged() -> None:
    """The borderless 自评表 scanned: 项目名称 read fused with the name on the last form's
    page, so no form started there and its indicators took the previous project's name,
    unflagged. The fused reading is put into the born-digital sample's table; the second
    budget block in one form is then said (form_start_missing, page 4)."""
    from jixiao.parsers import project_self_eval

    path = SAMPLES / "synthetic_project_self_eval_borderless.pdf"
    doc = extract_document(path)
    assert not [w for w in project_self_eval.parse(doc).warnings if w.code == "form_start_missing"]
    label = next(c for t in doc.tables for c in t.cells if c.page == 4 and c.text == "项目名称")
    table = next(t for t in doc.tables if label in t.cells)
    value = table.cell_at(label.row, label.column + label.colspan)
    label.text, value.text = label.text + value.text, ""
    report = project_self_eval.parse(doc)
    flagged = [w for w in report.warnings if w.code == "form_start_missing"]
    assert [w.page for w in flagged] == [4]
    assert len(report.projects) == 2


def test_a_stroke_read_again_at_the_start_of_another_line_is_dropped() -> None:
    """合作，加强 read 合作，加1强 on the seed's clean faithful scan: the detector boxed the end
    of 加's stroke with the next cell's text, and the recogniser read it 1 (0.67), its centre
    on 加's right edge. A narrow character of another line beside, not on, a character (or
    as wide as one) stays."""
    line = [G(t, 10 * k, 100, 10 * k + 8, 124, 0.99, 1) for k, t in enumerate("合作，加")]
    stroke = G("1", 31, 99, 32, 125, 0.67, 2)
    next_cell = [stroke, G("强", 60, 99, 68, 125, 0.99, 2), G("化", 70, 99, 78, 125, 0.99, 2)]
    assert off_characters(line + next_cell) == line + next_cell[1:]
    beside = replace(stroke, x0=41, x1=43)  # past 加's box by more than a fifth of it
    assert off_characters([*line, beside, *next_cell[1:]])[4] == beside
    wide = replace(stroke, text="加", x0=30, x1=38)
    assert wide in off_characters([*line, wide, *next_cell[1:]])


def test_a_stroke_read_again_is_measured_by_its_ink() -> None:
    """创交会…87.85亿 read on across the painted-out ruling into the next cell as …亿月 on
    the seed's clean faithful scan: the 月 (0.93) is the left of 服, but its box, 15 px
    wide, takes in the white where the ruling was, more than 0.6 of 服's 23 px. Its ink is
    8 px wide: a stroke of 服, dropped. A narrow character with ink of its own stays."""
    row = [G("亿", 0, 10, 22, 37, 0.99, 30), G("月", 57, 10, 72, 37, 0.93, 30)]
    cell = [G("服", 64, 12, 87, 35, 0.99, 32), G("务", 87, 12, 108, 35, 0.99, 32)]
    ink = np.zeros((60, 120), np.uint8)
    ink[13:34, 2:20] = ink[14:34, 89:106] = 1
    ink[14:34, 65:73] = ink[14:34, 75:86] = 1  # 服: 月 and its right part
    assert off_characters(row + cell) == row + cell
    assert off_characters(row + cell, ink) == [row[0], *cell]


def test_a_doubtful_character_made_of_a_ruling_is_dropped() -> None:
    """福 at confidence 0.06 was read on the seed's heavy faithful scan between 提升 and 目,
    across the painted-out border of the category column: no printed character straddles
    a ruling. A surer character there, or a doubtful one beside the ruling, is kept."""
    mask = np.zeros((60, 120), np.uint8)
    mask[:, 50:55] = 255  # a vertical ruling, as painted out
    across = G("福", 45, 20, 60, 34, 0.06)
    beside = G("升", 25, 20, 49, 34, 0.3)
    sure = G("目", 45, 20, 60, 34, 0.95)
    # ≥ at a cell's start, its box over the border, was read at 0.45 on the 自评表 scan.
    doubtful = G("≥", 45, 20, 60, 34, 0.45)
    assert off_rulings([across, beside, sure, doubtful], mask) == [beside, sure, doubtful]
    mask = np.zeros((60, 120), np.uint8)
    mask[26:29, :] = 255  # a horizontal one through the middle
    assert off_rulings([across], mask) == []


def _read_cell(text: str, confidences: dict[int, float], per_line: int = 12) -> list[G]:
    """Glyphs of a cell's text as read, ``per_line`` to a line, 10 px apart; the quotes at
    the given positions carry the recogniser's confidence, the rest 0.99."""
    return [
        G(t, 10 * (k % per_line), 20 * (k // per_line), 10 * (k % per_line) + 9,
          20 * (k // per_line) + 12, confidences.get(k, 0.99), k // per_line)
        for k, t in enumerate(text)
    ]  # fmt: skip


# A ruled cell around the glyphs of _read_cell (scale 1: pixels are points here).
_CELL = [Segment(-5, -5, 125, -5), Segment(-5, 300, 125, 300),
         Segment(-5, -5, -5, 300), Segment(125, -5, 125, 300)]  # fmt: skip


@pytest.mark.parametrize(("read", "confidences", "expected"), [
    # The seed's clean faithful scan, goal cell: the closing quote read as an opening one.
    ("推进“建家交友“工作，为科技工作者", {2: 0.97, 7: 0.62}, "推进“建家交友”工作，为科技工作者"),
    # The heavy faithful scan, detail cell: before 、 a quote closes, after it one opens,
    # and the rest open and close in turn whatever the recogniser read (0.34, 0.58, 0.33).
    ("实现了“科学家”、“企业家“与“创投家“的三赢", {3: 0.77, 7: 0.83, 9: 0.95, 13: 0.34,
     15: 0.58, 19: 0.33}, "实现了“科学家”、“企业家”与“创投家”的三赢"),
    # 2020届20名“青托青年 lost its closing quote: one break in the turns is unavoidable;
    # it falls where the recogniser's readings put it, the later pairs keep theirs.
    ("名“青托青年才俊，名“青托”青年，协“青托工程”、", {1: 0.65, 10: 0.52, 13: 0.40,
     18: 0.74, 23: 0.93}, "名“青托青年才俊，名“青托”青年，协“青托工程”、"),
])  # fmt: skip
def test_quotes_turned_by_their_cell(read: str, confidences: dict, expected: str) -> None:
    glyphs = _read_cell(read, confidences)
    turned = quote_directions(glyphs, _CELL, 1.0)
    assert "".join(g.text for g in turned) == expected
    assert all(a.confidence == b.confidence for a, b in zip(glyphs, turned, strict=True))


def test_quotes_turned_by_their_place_in_the_em() -> None:
    """研究”“其他社会 ends the seed's docx scans' first page inside a goal cell that goes on
    over the page break, read 研究””其他: the cell's last quote on the page is taken to
    close it. In the picture each mark stands at one side of its em — the closing one
    against 究 with white after it, the opening one with white before it and against 其."""
    above = [G("“", 0, 60, 20, 88, 0.97, 0), G("研", 20, 60, 40, 88, 0.99, 0)]
    line = [G(t, 20 * i, 100, 20 * i + 20, 128, 0.97, 1) for i, t in enumerate("究””其他")]
    glyphs = above + line
    ink = np.zeros((200, 200), np.uint8)
    ink[102:126, 2:18] = ink[102:126, 58:78] = ink[102:126, 82:98] = 1  # 究, 其, 他
    ink[104:111, 21:27] = 1  # the closing quote's mark, against 究
    ink[104:111, 47:55] = 1  # the opening one's, against 其
    assert "".join(g.text for g in quote_directions(glyphs, _CELL, 1.0)) == "“研究””其他"
    turned = quote_directions(glyphs, _CELL, 1.0, ink)
    assert "".join(g.text for g in turned) == "“研究”“其他"
    # Marks with as much white either side leave the choice to the cell's turns.
    ink[104:111, 47:55] = 0
    ink[104:111, 37:43] = 1
    assert "".join(g.text for g in quote_directions(glyphs, _CELL, 1.0, ink)) == "“研究””其他"


def _bracket(ink: np.ndarray, x: int, top: int, height: int, bow: int) -> None:
    """A bracket's thin stroke ``height`` px tall, its middle ``bow`` px right of its ends
    (a closing one; 0: a straight stroke, a 1 or l)."""
    for r in range(height):
        at = x + round(bow * np.sin(np.pi * r / (height - 1)))
        ink[top + r, at : at + 2] = 1


def test_a_closing_bracket_the_recogniser_dropped() -> None:
    """（239万元）。 read （239万元。 on the seed's heavy docx scan: the thin ） beside 元,
    21 px tall, its middle 2 px right of its ends, was dropped. After a bracket its cell
    leaves open, a tall bowed stroke no glyph's box holds is the closing one; a straight
    one, or one in a cell with its brackets closed, is not."""
    glyphs = [G(t, x, 100, x + w, 128, 0.99, 7) for t, x, w in
              (("（", 10, 12), ("2", 22, 12), ("万", 40, 25), ("元", 65, 25), ("。", 110, 12))]  # fmt: skip
    ink = np.zeros((200, 400), np.uint8)
    _bracket(ink, 93, 104, 21, 3)
    cell = list(range(len(glyphs)))
    (closing,) = dropped_brackets(glyphs, ink, [cell])
    assert (closing.text, closing.line, closing.confidence) == ("）", 7, MARK_CONFIDENCE)
    assert 92 <= closing.x0 < closing.x1 <= 99
    straight = np.zeros((200, 400), np.uint8)
    _bracket(straight, 93, 104, 21, 0)
    assert dropped_brackets(glyphs, straight, [cell]) == []
    shut = [*glyphs, G("）", 125, 100, 137, 128, 0.99, 7)]
    assert dropped_brackets(shut, ink, [[*cell, len(glyphs)]]) == []


@pytest.mark.parametrize(
    ("read", "expected"),
    [
        ("时（基站教学》，", "时《基站教学》，"),  # the seed's heavy faithful scan
        ("《方案（2025年））为", "《方案（2025年）》为"),  # ditto
        ("（基站）与《教学》", "（基站）与《教学》"),  # pairs of one kind stay
        ("（基站与教学", "（基站与教学"),  # an unclosed bracket alone is left alone
    ],
)
def test_a_bracket_paired_with_a_title_mark_is_one(read: str, expected: str) -> None:
    """《基站建设与维护课程的教学》 read （基站建设与维护课程的教学》 (the （ more surely than
    the 》, 0.55): a cell left with an opening mark of one kind and a closing one of the
    other holds a title; blur rounds a chevron into a bracket, not the other way."""
    glyphs = [G(t, 20 * k, 100, 20 * k + 18, 128, 0.9, 1) for k, t in enumerate(read)]
    out = title_or_bracket(glyphs, [list(range(len(glyphs)))])
    assert "".join(g.text for g in out) == expected
    changed = [g for g, h in zip(out, glyphs, strict=True) if g.text != h.text]
    assert all(g.confidence <= MARK_CONFIDENCE for g in changed)


def test_brackets_take_their_partners_width() -> None:
    """满意度。（634.6万元） on the seed's clean docx scan: the opening bracket starts a line
    before a number, so nothing made it full-width, while its partner after 元 was. A pair
    read ASCII on both sides (a formula's (1)) stays."""
    glyphs = full_width_punctuation(_read_cell("满意度。(634.6万元)。", {}, per_line=4))
    assert "".join(g.text for g in glyphs) == "满意度。(634.6万元）。"
    paired = paired_brackets(glyphs, [list(range(len(glyphs)))])
    assert "".join(g.text for g in paired) == "满意度。（634.6万元）。"
    ascii_pair = _read_cell("(1)+(2)", {})
    assert paired_brackets(ascii_pair, [list(range(7))]) == ascii_pair


def _printed(text: str, ascii_at: set[int]) -> tuple[list[G], np.ndarray]:
    """A line of ``text`` as read (one detected line, 28 px high) and its ink: a character
    is a 16 px block in a 20 px em, a comma a low 4 px dot, a bracket a 3 px stroke against
    the text it encloses; the marks at ``ascii_at`` advance 8 px instead of an em, and
    every box is its character's advance."""
    glyphs, ink, x = [], np.zeros((200, 40 * len(text)), np.uint8), 0
    for k, t in enumerate(text):
        advance = 8 if k in ascii_at else 20
        glyphs.append(G(t, x, 100, x + advance, 128, 0.99, 3))
        if t in "，,":
            ink[120:125, x + 1 : x + 5] = 1
        elif t in "（(":
            ink[102:126, x + advance - 4 : x + advance - 1] = 1
        elif t in "）)":
            ink[102:126, x + 1 : x + 4] = 1
        elif t not in "：、":
            ink[104:124, x + 2 : x + 18] = 1
        x += advance
    return glyphs, ink


def test_ascii_commas_by_the_room_they_take() -> None:
    """教育氛围,帮助 on every seed scan, made full-width beside Chinese: an ASCII comma
    leaves its neighbours 0.41–0.64 of the page's usual comma apart (the median of its
    commas, full-width in Chinese prose), a full-width one 0.83 or more."""
    text = "氛围，帮助，家庭，学生，成长，发展，目标"
    glyphs, ink = _printed(text, {2})
    read = ascii_marks(glyphs, ink, [])
    assert "".join(g.text for g in read) == text.replace("，", ",", 1)
    assert read[2].confidence == MARK_CONFIDENCE
    # Between two digits a comma is a thousands separator, not measured; on a page with
    # too few commas there is no usual one to measure by.
    digits, digits_ink = _printed("2，040，帮助，家庭，学生，成长，发展", {1, 5})
    assert [g.text for g in ascii_marks(digits, digits_ink, [])].count(",") == 1
    few, few_ink = _printed("氛围，帮助，家庭", {2})
    assert ascii_marks(few, few_ink, []) == few


@pytest.mark.parametrize(
    ("ascii_at", "expected"),
    [
        ({2, 7}, "重点(品牌专业)、特色"),
        (set(), "重点（品牌专业）、特色"),
        ({7}, "重点（品牌专业）、特色"),
    ],
)
def test_ascii_brackets_by_the_room_they_take(ascii_at: set[int], expected: str) -> None:
    """重点(品牌专业)、 on the seed's docx scans: the closing bracket stands before a mark,
    where the docx font squeezes a full-width bracket too, so the opening one, between two
    characters, tells the pair. A closing bracket alone narrow (beside the mark) proves
    nothing."""
    text = "学习，计划，家庭，学生，成长，重点（品牌专业）、特色"
    glyphs, ink = _printed(text, {k + 15 for k in ascii_at})
    read = ascii_marks(glyphs, ink, [list(range(len(glyphs)))])
    assert "".join(g.text for g in read)[15:] == expected


@pytest.mark.parametrize(
    ("read", "height", "expected"), [("x", 16, "X"), ("X", 11, "x"), ("x", 14, "x")]
)
def test_letter_case_by_height_beside_the_digits(read: str, height: int, expected: str) -> None:
    """领域“1+X”证书 read 1+x (0.57) on the seed's docx scans: x and X are one shape, but the
    X's ink is as tall as the 1 beside it (16 px), a small x's would be about two thirds of
    that. A height between the bounds leaves the reading alone."""
    line = [G("1", 0, 100, 12, 128, 0.99, 7), G("+", 12, 100, 22, 128, 0.99, 7),
            G(read, 22, 100, 34, 128, 0.8, 7), G("证", 40, 100, 63, 128, 0.99, 7)]  # fmt: skip
    ink = np.zeros((200, 100), np.uint8)
    ink[100:102, 2:60] = 1  # the tips of the line above
    ink[107:123, 4:7] = 1  # 1
    ink[114:116, 13:20] = 1  # +
    ink[123 - height : 123, 24:32] = 1
    ink[104:126, 42:61] = 1
    (case,) = [g for g in letter_case(line, ink) if g.x0 == 22]
    assert case.text == expected
    assert case.confidence == (0.8 if read == expected else MARK_CONFIDENCE)
    assert letter_case(line[1:], ink) == line[1:]  # no digit on the line: no measure


@pytest.mark.parametrize(("advance", "expected"), [(8, "(品牌专业)、"), (20, "（品牌专业）、")])
def test_an_ascii_bracket_starting_a_line(advance: int, expected: str) -> None:
    """新增省市校级重点 / (品牌专业)、特色学院 in a target cell of the seed's faithful scans:
    the opening bracket starts a line and its partner stands before a mark, so neither has
    a character on both sides. The opening one is measured from the paragraph's left edge
    (where its other lines start) to 品's ink: an ASCII bracket's 8 px, a full-width one's
    em."""
    glyphs, prose = _printed("学习，计划，家庭，学生，成长，发展", set())
    ink = np.zeros((300, prose.shape[1]), np.uint8)
    ink[:200] = prose
    cell: list[int] = []
    for row, (text, ascii_at) in enumerate(
        [("新增省市校级重点", set()), ("（品牌专业）、特色", {0})]
    ):
        line, line_ink = _printed(text, ascii_at if advance == 8 else set())
        for g in line:
            cell.append(len(glyphs))
            glyphs.append(
                replace(
                    g, top=g.top + 40 * (row + 1), bottom=g.bottom + 40 * (row + 1), line=4 + row
                )
            )
        ink[140 + 40 * row : 140 + 40 * row + 28, : line_ink.shape[1]] |= line_ink[100:128]
    third, third_ink = _printed("学院产业学院", set())
    for g in third:
        cell.append(len(glyphs))
        glyphs.append(replace(g, top=g.top + 120, bottom=g.bottom + 120, line=6))
    ink[220:248, : third_ink.shape[1]] |= third_ink[100:128]
    read = ascii_marks(glyphs, ink, [cell])
    assert "".join(read[i].text for i in cell if read[i].line == 5)[:7] == expected


def test_quotes_outside_a_ruled_cell_are_turned_by_their_line() -> None:
    """Without a ruled cell around them quotes are taken line by line (prose, borderless
    tables): a straight quote made an opening one closes after its partner."""
    line = [G(t, 10 * i, 0, 10 * i + 9, 10, 1.0, 0) for i, t in enumerate('“三公"经费')]
    fixed = quote_directions(full_width_punctuation(line), [], 1.0)
    assert "".join(g.text for g in fixed) == "“三公”经费"
    other_line = [G("“", 0, 0, 9, 10, 1.0, 1), G("“", 0, 40, 9, 50, 1.0, 2)]
    assert [g.text for g in quote_directions(other_line, [], 1.0)] == ["“", "“"]


def test_skipped_quotes_are_read_from_small_ink_above_the_middle() -> None:
    """名“青托”青年 read 名“青托青年 on the seed's heavy faithful scan: the closing quote is
    a 8 × 6 px smudge in the upper half of the line between 托 and 青 (whose centres stand
    1.4 em apart), with no other ink in its columns. A character's top dot has its body
    below it; beside a bracket such ink is the bracket's top: neither is a quote."""
    ink = np.zeros((200, 400), np.uint8)
    glyphs = _line("名托", [20, 50]) + _line("青年", [110, 135])  # 托 75, 青 110
    for g in glyphs:
        ink[104:126, int(g.x0) + 3 : int(g.x1) - 3] = 1
    ink[104:110, 93:101] = 1  # the quote, 0.32 em wide, ending at 0.36 of the line
    (quote,) = skipped_quotes(glyphs, ink)
    assert (quote.text, quote.line, quote.confidence) == ('"', 7, MARK_CONFIDENCE)
    assert 75 < quote.x0 < quote.x1 < 110
    ink[112:126, 93:101] = 1  # the same ink with strokes below it: a character's top
    assert skipped_quotes(glyphs, ink) == []
    ink[112:126, 93:101] = 0
    bracket = [*glyphs[:2], G("（", 110, 100, 135, 128, 0.99, 7)]
    assert skipped_quotes(bracket, ink) == []


def test_quotes_in_a_gap_are_no_character(monkeypatch: pytest.MonkeyPatch) -> None:
    """研究”“科技 on the seed's faithful scans: the two quotes, run together into one flat
    blob at the top of the gap between 究 and 科, were recognised as m, 州, 6 or nothing it
    could name (U+FFFD). They are two straight quotes now, not recognised."""
    engine = _Recogniser("m")
    monkeypatch.setattr(jixiao.extract.ocr, "_load_engine", lambda: engine)
    gray = np.full((200, 300), 215, np.uint8)
    glyphs = [G("究", 0, 100, 25, 128, 0.99, 4), G("科", 52, 100, 77, 128, 0.99, 4)]
    ink = np.zeros((200, 300), np.uint8)
    ink[105:111, 28:48] = 1  # 20 × 6 px: two quotes, 0.8 em wide
    ink[104:126, 50:53] = 1  # a stroke of 科 reaching out of its box
    read = reread_gaps(gray, glyphs, ink)
    assert [g.text for g in read] == ['"', '"'] and engine.crops == []
    # 设立“粤港澳大湾区科技创新协同研究”“科技人才…: after the opening quote before them,
    # the first closes and the second opens.
    opening = G("“", -60, 100, -52, 128, 0.9, 4)
    turned = quote_directions([opening, *glyphs, *read], [], 1.0)
    assert [g.text for g in turned][3:] == ["”", "“"]


def _chevron(bar: bool) -> np.ndarray:
    """The ink of a > (a 2 px chevron in a 14 x 30 px box), with or without the bar of ≥."""
    ink = np.zeros((30, 14), np.uint8)
    for k in range(7):
        ink[6 + k, 2 + k : 4 + k] = 1  # down to the point
        ink[18 - k, 2 + k : 4 + k] = 1  # and back
    if bar:
        ink[22:24, 2:11] = 1
    return ink


@pytest.mark.parametrize(("read", "bar", "after", "expected"), [
    (">", True, "9", "≥"), (">", False, "9", ">"), ("<", True, "9", "≤"), ("《", True, "9", "≤"),
    ("《", False, "9", "《"), (">", True, "", "≥"),
    # Title marks blur into a bar too (《广州市全民科学素质行动规划》 on the seed's heavy
    # scan read ≤…≥): only before a number are they an operator.
    ("《", True, "广", "《"), ("》", True, "、", "》"), ("《", True, "", "《"),
])  # fmt: skip
def test_comparison_operators_by_their_bar(read: str, bar: bool, after: str, expected: str) -> None:
    line = [G(read, 0, 0, 13, 29, 0.9)] + ([G(after, 14, 0, 27, 29, 0.9)] if after else [])
    ink = np.zeros((30, 28), np.uint8)
    ink[:, :14] = _chevron(bar)
    assert comparison_bars(line, ink)[0].text == expected


def test_title_marks_paired_in_their_cell_stay_title_marks() -> None:
    """印制《2021年…读本》1.5万册 on the seed's heavy faithful scan: both title marks stand
    before a number and blurred into a bar, read ≤2021…≥1.5万. A 《 and the 》 after it in
    one cell are a title's marks; a lone 》 before a number is still measured."""
    text = "制《2021读本》1.5"
    line = [G(t, 14 * k, 0, 14 * k + 13, 29, 0.9) for k, t in enumerate(text)]
    ink = np.zeros((30, 14 * len(text)), np.uint8)
    ink[:, 14:28] = _chevron(True)[:, ::-1]
    ink[:, 14 * 8 : 14 * 9] = _chevron(True)
    assert "".join(g.text for g in comparison_bars(line, ink)) == "制≤2021读本≥1.5"
    cell = [list(range(len(line)))]
    assert "".join(g.text for g in comparison_bars(line, ink, cell)) == text
    assert comparison_bars(line[7:], ink, [list(range(len(line) - 7))])[1].text == "≥"


# ≥85% in the docx project 自评表's light scan (page 1), read > at 0.43: the docx font's ≥
# has a bar slanting parallel to the chevron's lower arm (rows below the point).
_SLANTED_GE = """
..####........... ..######......... ....######....... ......######..... ........######...
...........#####. .............#### ...............## ................. ................#
..............### ............##### ..........#####.. ........#####.... ......######...##
....######...#### .#######...#####. ######...#####... ####...######.... ....#######......
...######........ .######.......... .####............ .##..............
"""


def _rows(picture: str) -> np.ndarray:
    return np.array([[c == "#" for c in row] for row in picture.split()], np.uint8)


def test_a_slanted_bar_makes_an_operator() -> None:
    """⩾ as the docx 自评表 prints it: two parallel strokes below the point where a bare >
    has one. Its mirror is ⩽; title marks keep their shape test (their double chevrons are
    two parallel strokes too)."""
    ink = _rows(_SLANTED_GE)
    read = [G(">", 0, 0, 16, 23, 0.43), G("8", 17, 0, 25, 23, 0.99)]
    assert comparison_bars(read, ink)[0].text == "≥"
    assert comparison_bars([G("<", 0, 0, 16, 23, 0.5)], ink[:, ::-1].copy())[0].text == "≤"
    bare = ink.copy()
    bare[11:, :] = 0
    for k in range(8):  # the lower arm alone, back to the left edge
        bare[11 + k, max(13 - 2 * k, 0) : 17 - 2 * k] = 1
    assert comparison_bars(read, bare)[0].text == ">"
    title = [G("》", 0, 0, 16, 23, 0.9), G("2", 17, 0, 25, 23, 0.99)]
    assert comparison_bars(title, ink)[0].text == "》"
