"""Turn raw rulings into clean grid lines: snap near-equal positions, join collinear pieces.

Mirrors the first geometric steps of pdfplumber's ``table.py`` so that the rest of the
table finder can treat every border as one straight segment.
"""

from __future__ import annotations

from collections.abc import Iterable

from .model import Segment
from .settings import TableSettings


def cluster_values(values: Iterable[float], tolerance: float) -> dict[float, float]:
    """Map each value to the mean of its chain of neighbours closer than ``tolerance``."""
    ordered = sorted(set(values))
    mapping: dict[float, float] = {}
    group: list[float] = []
    for value in ordered:
        if group and value - group[-1] > tolerance:
            mean = sum(group) / len(group)
            mapping.update(dict.fromkeys(group, mean))
            group = []
        group.append(value)
    if group:
        mean = sum(group) / len(group)
        mapping.update(dict.fromkeys(group, mean))
    return mapping


def _join(spans: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    spans.sort()
    joined: list[tuple[float, float]] = []
    for start, end in spans:
        if joined and start <= joined[-1][1] + tolerance:
            if end > joined[-1][1]:
                joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def clean_segments(
    segments: Iterable[Segment], settings: TableSettings
) -> tuple[list[Segment], list[Segment]]:
    """Return (horizontal, vertical) grid lines, snapped, joined and long enough to matter."""
    horizontal = [s for s in segments if s.horizontal and s.x1 > s.x0]
    vertical = [s for s in segments if not s.horizontal and s.bottom > s.top]
    y_of = cluster_values((s.top for s in horizontal), settings.snap_tolerance)
    x_of = cluster_values((s.x0 for s in vertical), settings.snap_tolerance)

    rows: dict[float, list[tuple[float, float]]] = {}
    for s in horizontal:
        rows.setdefault(y_of[s.top], []).append((s.x0, s.x1))
    cols: dict[float, list[tuple[float, float]]] = {}
    for s in vertical:
        cols.setdefault(x_of[s.x0], []).append((s.top, s.bottom))

    minimum = settings.edge_min_length
    h_lines = [
        Segment(a, y, b, y)
        for y, spans in rows.items()
        for a, b in _join(spans, settings.join_tolerance)
        if b - a >= minimum
    ]
    v_lines = [
        Segment(x, a, x, b)
        for x, spans in cols.items()
        for a, b in _join(spans, settings.join_tolerance)
        if b - a >= minimum
    ]
    return h_lines, v_lines
