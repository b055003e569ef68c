"""OCR post-correction by vocabulary: the indicator level names of the performance forms."""

from __future__ import annotations

from jixiao.extract.model import Segment
from jixiao.extract.ocr import Glyph as G
from jixiao.extract.ocr import cells_of
from jixiao.extract.ocr_lexicon import confused_pairs, level_names


def _cell(text: str, confidences: dict[int, float], per_line: int = 3) -> list[G]:
    """A narrow column's cell as read: ``per_line`` characters to a line, 10 px apart."""
    return [
        G(t, 10 * (k % per_line), 20 * (k // per_line), 10 * (k % per_line) + 9,
          20 * (k // per_line) + 12, confidences.get(k, 0.99), k // per_line)
        for k, t in enumerate(text)
    ]  # fmt: skip


# Rulings around one cell (points at scale 1), as the scan's grid gives them.
_BOX = [Segment(-5, -5, 40, -5), Segment(-5, 60, 40, 60),
        Segment(-5, -5, -5, 60), Segment(40, -5, 40, 60)]  # fmt: skip


def _fixed(glyphs: list[G]) -> list[G]:
    cells = [seq for ruled, seq in cells_of(glyphs, _BOX, 1.0) if ruled]
    return level_names(glyphs, cells, 0.7)


def test_a_doubtful_character_of_a_level_name_is_set_right() -> None:
    """产出指标 read 严出指 / 标 (严 at 0.93) in the level1 cells of the docx project 自评表's
    light scan, wrapped in its narrow column: nine records carried 严出指标."""
    fixed = _fixed(_cell("严出指标", {0: 0.93}))
    assert "".join(g.text for g in fixed) == "产出指标"
    assert fixed[0].confidence == 0.7  # a guess, counted in the page's notice


def test_sure_readings_and_other_words_are_kept() -> None:
    """A character read surely stays (a form may print its own wording: 效果指标), and a cell
    two characters off a name, or holding more than a name, is no name."""
    assert "".join(g.text for g in _fixed(_cell("效果指标", {1: 0.99}))) == "效果指标"
    two_off = _cell("严山指标", {0: 0.5, 1: 0.5})
    assert "".join(g.text for g in _fixed(two_off)) == "严山指标"
    longer = _cell("严出指标数量", {0: 0.5})
    assert "".join(g.text for g in _fixed(longer)) == "严出指标数量"
    # Outside a ruled cell (prose, a borderless table) nothing is corrected.
    loose = _cell("严出指标", {0: 0.5})
    assert "".join(g.text for g in level_names(loose, [], 0.7)) == "严出指标"


def test_pairs_that_are_no_word_are_set_right_across_a_line_break() -> None:
    """院士专家工作站 read 院土 (士 and 土 differ by a stroke's length), 科普 read 科晋 on the
    seed's scans; in a narrow cell 院 ends one line and 土 starts the next. 土 elsewhere
    (土地) stays."""
    glyphs = _cell("家院土工作站土地", {2: 0.98})
    cells = [seq for _ruled, seq in cells_of(glyphs, _BOX, 1.0)]
    fixed = confused_pairs(glyphs, cells, 0.7)
    assert "".join(g.text for g in fixed) == "家院士工作站土地"
    assert fixed[2].confidence == 0.7


def test_a_season_before_li_and_shuai_before_zi_are_set_right() -> None:
    """春季学期 read 春李 and 师资队伍 read 帅资 on the seed's heavy docx scan (季 and 李 differ
    by the top's slanting stroke, 师 and 帅 by the stroke over 巾); 李 as a surname and 帅
    in 元帅 stay."""
    glyphs = _cell("春李学期帅资李明元帅", {1: 0.9, 3: 0.9}, per_line=4)
    cells = [seq for _ruled, seq in cells_of(glyphs, _BOX, 1.0)]
    fixed = confused_pairs(glyphs, cells, 0.7)
    assert "".join(g.text for g in fixed) == "春季学期师资李明元帅"
    assert fixed[1].confidence == 0.7 and fixed[4].confidence == 0.7


def test_a_comparator_read_with_gan_before_a_number_is_set_right() -> None:
    """不少于30% read 不少干30% on the seed's clean docx scan (干 at 0.76, starting a line
    after 不少); 不少干部, with a character after it, stays."""
    glyphs = _cell("率不少干30%不少干部", {3: 0.76}, per_line=4)
    cells = [seq for _ruled, seq in cells_of(glyphs, _BOX, 1.0)]
    fixed = confused_pairs(glyphs, cells, 0.7)
    assert "".join(g.text for g in fixed) == "率不少于30%不少干部"
    assert fixed[3].confidence == 0.7 and fixed[9].confidence == 0.99
