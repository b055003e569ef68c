"""Fonts and base style for the python-docx renderings (the seed, the synthetic forms and
the random documents): Word picks the font slot (ascii, hAnsi, eastAsia, cs) per character,
so a CJK font must be named in every slot or LibreOffice substitutes one for Latin text."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from docx.oxml.ns import qn
from docx.shared import Pt

_SLOTS = ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs")


def name_font(element: Any, font: str) -> None:
    """Name ``font`` in every slot of a run's or a style's properties."""
    rfonts = element.get_or_add_rPr().get_or_add_rFonts()
    for attr in _SLOTS:
        rfonts.set(qn(attr), font)


def set_run_font(run: Any, font: str, size: float, bold: bool = False) -> None:
    run.font.name = font
    run.font.size = Pt(size)
    run.font.bold = bold
    name_font(run._element, font)


def style_normal(document: Any, font: str, size: float) -> None:
    """The Normal style in ``font`` at ``size``, single-spaced, no space after paragraphs."""
    normal = document.styles["Normal"]
    normal.font.name = font
    normal.font.size = Pt(size)
    name_font(normal.element, font)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0


def fix_properties(document: Any, title: str, when: datetime) -> None:
    """Fixed core properties, so a rendering is the same file every time it is made."""
    props = document.core_properties
    props.title = title
    props.author = props.last_modified_by = "jixiao samples"
    props.created = props.modified = when
    props.revision = 1
