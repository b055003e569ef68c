"""Words OCR misreads by one character, set right from the vocabulary: the indicator levels
every performance form prints (严出指标 for 产出指标), and pairs of characters that are no
Chinese word, made of one the recogniser confuses with a look-alike (院土 for 院士).

The 一级 and 二级 indicator names of the framework (财预〔2020〕10号) fill whole cells of every
自评表 and 申报表, repeated down merged columns, so one misread character costs every record
under it: on the light scan of the docx project 自评表 (samples/scan_noise.py) 严出指标 stood for
产出指标 in nine records. A ruled cell whose text is one of these names but for a single
character the recogniser read with less than :data:`DOUBT` confidence becomes that name. The
picture is not consulted: the guess rests on the vocabulary, and the page's notice counts it.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from typing import Protocol, TypeVar


class _Reading(Protocol):
    """What this module needs of a recognised character (:class:`.ocr.Glyph`, which imports
    this module: naming it here would make the two import each other)."""

    text: str
    confidence: float


Glyph = TypeVar("Glyph", bound=_Reading)

LEVEL_NAMES = (
    "产出指标", "效益指标", "满意度指标", "成本指标",
    "数量指标", "质量指标", "时效指标", "经济效益指标", "社会效益指标", "生态效益指标",
    "可持续影响指标", "服务对象满意度指标", "经济成本指标", "社会成本指标", "生态环境成本指标",
)  # fmt: skip

# A character read this surely is taken as printed even where it would make a name: a
# form may print its own wording (效果指标), which the recogniser reads at 0.99 and more.
DOUBT = 0.95


def level_names(glyphs: list[Glyph], cells: list[list[int]], confidence: float) -> list[Glyph]:
    """Glyphs with each cell (``cells``: indices of its glyphs in reading order; a cell of a
    narrow column wraps 产出指 / 标) that reads as a :data:`LEVEL_NAMES` name but for one
    doubtful character set to that name; the character set right gets ``confidence`` (or
    keeps its own, if lower)."""
    out = list(glyphs)
    for members in cells:
        text = "".join(glyphs[i].text for i in members)
        for name in LEVEL_NAMES:
            if len(name) != len(text) or name == text:
                continue
            wrong = [k for k, (a, b) in enumerate(zip(text, name, strict=True)) if a != b]
            if len(wrong) != 1:
                continue
            i = members[wrong[0]]
            if glyphs[i].confidence < DOUBT:
                sure = min(glyphs[i].confidence, confidence)
                out[i] = replace(glyphs[i], text=name[wrong[0]], confidence=sure)
            break
    return out


# Two characters that form no word, each one stroke off the word the report printed: 士 and
# 土 differ by the length of a stroke, 普 and 晋 by the strokes of their top, 季 and 李 by
# the top's slanting stroke (禾, 木), 师 and 帅 by the short stroke over 巾. All of them
# were read on the seed's scans (院士专家工作站 as 院土, 科普 as 科晋, 普及 as 晋及, 晋升 as
# 普升, 春季学期 as 春李 and 师资队伍 as 帅资 on the heavy docx scan). In a report a season
# is followed by 季 (春季, 秋季学期); a person's name ending 春李 would be changed too, which
# the page's notice counts. Pairs whose wrong reading starts a word of its own are left out
# (少干 for 少于, but 减少干预: see :data:`BEFORE_NUMBER`).
CONFUSED = {
    "院土": "院士", "博土": "博士", "硕土": "硕士", "科晋": "科普", "晋及": "普及", "普升": "晋升",
    "春李": "春季", "夏李": "夏季", "秋李": "秋季", "冬李": "冬季", "帅资": "师资",
}  # fmt: skip


# Comparators read with 干 for 于 (于's upright ends in a hook, 干's does not): 不少于30%
# came out 不少干30% on the seed's clean docx scan, 干 starting a line after 不少 (0.76).
# Before a number neither is a phrase: 不少干部 and 不低干燥 go on with a character, and a
# quantity after 不少/不低 is compared (不少于, 不低于).
BEFORE_NUMBER = {"不少干": "不少于", "不低干": "不低于"}


def confused_pairs(glyphs: list[Glyph], groups: list[list[int]], confidence: float) -> list[Glyph]:
    """Glyphs with each pair of neighbours in reading order (``groups``: glyph indices of a
    cell or line, in order) that is a :data:`CONFUSED` pair set to its word, and each
    :data:`BEFORE_NUMBER` comparator followed by a digit set to the one it is; the character
    set right gets ``confidence`` (or keeps its own, if lower)."""
    out = list(glyphs)

    def correct(indices: tuple[int, ...], word: str) -> None:
        for k, ch in zip(indices, word, strict=True):
            if out[k].text != ch:
                out[k] = replace(out[k], text=ch, confidence=min(out[k].confidence, confidence))

    for seq in groups:
        for i, j in pairwise(seq):
            word = CONFUSED.get(out[i].text + out[j].text)
            if word is not None:
                correct((i, j), word)
        for n in range(len(seq) - 3):
            indices = tuple(seq[n : n + 3])
            word = BEFORE_NUMBER.get("".join(out[k].text for k in indices))
            if word is not None and out[seq[n + 3]].text[:1].isdigit():
                correct(indices, word)
    return out
