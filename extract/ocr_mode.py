"""Whether pages may be read by OCR, and the names and limits the rest of jixiao shares with
it. Apart from :mod:`.ocr` (1,400 lines, its engine loaded only when a page needs it) so
that reading a PDF with a text layer does not import it: the OCR check runs on every file.
"""

from __future__ import annotations

import importlib.util

MODES = ("auto", "never", "always")
# A character recognised with less confidence than this is flagged (``ocr_low_confidence``)
# wherever it lands. It errs towards flagging: on the heavy-noise scan of the department
# 自评表 (samples/scan_noise.py) it flagged 10 cells, one of them misread, and no record
# field above it was wrong.
LOW_CONFIDENCE = 0.6
INSTALL_HINT = 'install the OCR extra: pip install "jixiao[ocr]"'


def available() -> bool:
    """Whether the ``ocr`` extra is installed (the engine and OpenCV)."""
    return all(importlib.util.find_spec(name) for name in ("rapidocr_onnxruntime", "cv2"))


def check_mode(mode: str) -> None:
    if mode not in MODES:
        raise ValueError(f"unknown OCR mode {mode!r}; choose one of {', '.join(MODES)}")
