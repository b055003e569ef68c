"""Input problems a user can act on, each with a stable code for batch reports."""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """The file cannot be read as a PDF with a text layer; ``code`` is stable."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def check_header(path: Path) -> None:
    """Fail fast, with a plain message, on the common non-PDF inputs of scraped folders.

    A file (or a folder on its path) this user may not read is ``unreadable``, whichever
    check first meets the PermissionError.
    """
    try:
        _check_header(path)
    except PermissionError as exc:
        raise InputError("unreadable", f"no permission to read {path.name}") from exc


def _check_header(path: Path) -> None:
    if not path.exists():
        raise InputError("not_found", f"{path} does not exist")
    if path.is_dir():
        raise InputError("not_a_file", f"{path} is a directory")
    # A FIFO blocks the reader forever and /dev/zero never ends: only regular files are PDFs.
    if not path.is_file():
        raise InputError("not_a_file", f"{path} is not a regular file (a pipe or device)")
    size = path.stat().st_size
    if size == 0:
        raise InputError("empty_file", "the file is empty (0 bytes)")
    with path.open("rb") as handle:
        head = handle.read(1024)
    if b"%PDF-" not in head:
        kind = (
            "an HTML page"
            if b"<html" in head.lower() or b"<!doctype" in head.lower()
            else "not a PDF"
        )
        raise InputError("not_pdf", f"the file is {kind} (no %PDF header), despite its name")
