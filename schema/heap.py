"""The memory policy of a process that converts PDFs: its heap and its cyclic collector.

Only the command line and batch workers apply it (they own their process); ``jixiao.parse``
called from a user's program leaves the process as it found it.

glibc serves a request of 128 KB or more (a decoded content stream, a page's character
list) from its own mapping and returns it to the system when freed; but after freeing one,
it raises that threshold to the freed size (up to 32 MB), so later buffers of that size come
from the heap, which can only shrink down to its highest live object. Over a long document
the freed buffers sit between long-lived cells, and the process's resident size grew by
about 6 MB per 1,000 pages beyond what it held (a concatenated corpus: peak 126 → 120 MB;
CPU time unchanged). Fixing the threshold at glibc's default stops the raising.
"""

from __future__ import annotations

import gc
import importlib
import sys

#: glibc's ``M_MMAP_THRESHOLD`` parameter of ``mallopt`` and its default value: requests
#: this large or larger get their own mapping, given back to the system when freed.
_M_MMAP_THRESHOLD = -3
_THRESHOLD = 128 * 1024


def steady_heap() -> bool:
    """Fix glibc's mapping threshold for this process (and the processes it forks); whether
    it was set. Elsewhere (macOS, Windows, musl) there is nothing to do."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None)
        mallopt = libc.mallopt
        # gnu_get_libc_version exists only in glibc: musl's mallopt ignores the parameter.
        libc.gnu_get_libc_version  # noqa: B018
    except (OSError, AttributeError):
        return False
    return bool(mallopt(_M_MMAP_THRESHOLD, _THRESHOLD))


#: What reading a PDF imports, relative to the package: the pipeline, and what every
#: conversion reaches on its way (the OCR check, the stream engine's settings, the writers).
PIPELINE = (
    ".extract",
    ".extract.camelot_source",
    ".extract.ocr_mode",
    ".parsers",
    ".schema.build",
    ".schema.digest",
    ".schema.segments",
    ".schema.output",
    ".schema.report_json",
    ".schema.summary",
)

_preloaded = False


def preload() -> None:
    """Import the pipeline with the cyclic collector paused, then leave what it built out of
    every later collection.

    Importing it builds about 50,000 objects the collector tracks (functions, classes,
    pydantic's validators, dictionaries), none of them garbage; a collection runs every 700
    new ones, and each full one walks them all again. Pausing the collector while they are
    made and then freezing them (``gc.freeze``) cut a cold ``jixiao convert`` of the 10-page
    seed from 0.662 to 0.514 CPU seconds (medians of 10, alternating; a pdfplumber script
    0.954). Cyclic garbage made later is collected as before.
    """
    global _preloaded
    if _preloaded:  # a program calling the command line twice: freeze what it holds once
        return
    package = __name__.rpartition(".schema.")[0]
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        for name in PIPELINE:
            importlib.import_module(name, package)
    finally:
        gc.freeze()
        _preloaded = True
        if was_enabled:
            gc.enable()
