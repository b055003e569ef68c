"""The indicator levels every performance form prints, set right where OCR misread a doubtful
character of one (严出指标 for 产出指标).

The 一级 and 二级 indicator names of the framework (财预〔2020〕10号) fill whole cells of every
自评表 and 申报表, repeated down merged columns, so one misread character costs every record
under it: on the light scan of the docx project 自评表 (samples/scan_noise.py) 严出指标 stood for
产出指标 in nine records. A ruled cell whose text is one of these names but for a single
character the recogniser read with less than :data:`DOUBT` confidence becomes that name. The
picture is not consulted: the guess rests on the vocabulary, and the page's notice counts it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .ocr import Glyph

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
