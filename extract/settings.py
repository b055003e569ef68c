"""One settings object for the whole table finder, as pdfplumber does with ``TableSettings``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class TableSettings:
    # Rulings closer than this are the same line (double borders, white cell rectangles
    # that overlap their neighbours by a fraction of a point).
    snap_tolerance: float = 3.0
    # Collinear rulings with a gap up to this are one line (borders drawn cell by cell).
    join_tolerance: float = 3.0
    # Rulings shorter than this are decoration (bullets, underlines of single glyphs).
    edge_min_length: float = 3.0
    # A rectangle thinner than this is a ruling, not a box.
    thin_rect: float = 2.5
    # A border counts as present when at most this much of it is missing.
    border_gap: float = 2.0
    # Characters closer than this (fraction of font size) vertically share a text line.
    line_overlap: float = 0.5
    # Horizontal gap (fraction of font size) above which a space separates two Latin glyphs.
    word_gap: float = 0.25
    # Rectangles covering this share of the page are backgrounds, not tables.
    background_share: float = 0.9
    # How close (points) column boundaries on two pages must be to call them the same grid.
    column_match_tolerance: float = 4.0
    # Repeated header rows looked for at the top of a continued table.
    max_header_rows: int = 4


DEFAULT_SETTINGS = TableSettings()
