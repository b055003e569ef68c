"""Writing outputs safely: a reader never sees a half-written file, and no input name can
place an output outside the folder the user chose.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath
from typing import BinaryIO

# Error documents live in errors.py; importable from here too, where they used to be.
from .errors import dumps_error, error_document, is_error_document

__all__ = [
    "ERROR_SUFFIX",
    "REPORT_SUFFIX",
    "OutputNames",
    "atomic_path",
    "blocked",
    "dumps_error",
    "error_document",
    "inside",
    "is_error_document",
    "output_stem",
    "remove_leftovers",
    "safe_part",
    "write_atomic",
]

REPORT_SUFFIX = ".json"
ERROR_SUFFIX = ".error.json"

# Characters that are separators or reserved on some file system (Windows is the strictest),
# plus control characters: scraped file names contain all of them.
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\<>:"|?*]')
_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL"} | {
    f"{p}{i}" for p in ("COM", "LPT") for i in "123456789"
}
_MAX_NAME_BYTES = 200  # leaves room for ".error.json" and a "~N" suffix within 255 bytes


def _current_umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# mkstemp creates files readable by the owner only, and the rename keeps that mode; outputs
# should get the mode any new file gets (e.g. 0644), or a shared output folder breaks.
_FILE_MODE = 0o666 & ~_current_umask()


def write_atomic(path: str | Path, data: str | bytes) -> None:
    """Write to a temporary file in the same folder, then rename over the target.

    The rename is atomic on POSIX and Windows, so an interrupted run leaves either the old
    file or the new one, never a truncated mix. Atomic replace is for regular files only:
    a character device or FIFO (``-o /dev/null``, ``-o /dev/stdout``) is written directly,
    and a symlink is never replaced: the file it points to is.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with open_atomic(path) as handle:
        handle.write(payload)


@contextmanager
def open_atomic(path: str | Path) -> Iterator[BinaryIO]:
    """A binary file to write ``path`` through, as :func:`write_atomic` writes it: the
    temporary file is renamed over ``path`` only when the block ends without error, and
    removed otherwise. For writers that produce their text a piece at a time."""
    path = Path(path)
    if path.is_symlink():
        path = path.resolve()
    if path.exists() and not path.is_file() and not path.is_dir():
        with path.open("wb") as handle:
            yield handle
        return
    if path.is_dir():
        raise IsADirectoryError(f"{path} is a folder")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
    try:
        os.chmod(tmp, _FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


TMP_SUFFIX = ".tmp"
# ".<name>.json.<8 random characters>.tmp": what write_atomic leaves when it is killed.
_LEFTOVER = re.compile(r"^\..+\.json\.[A-Za-z0-9_]{8}\.tmp$")


def remove_leftovers(root: Path) -> list[Path]:
    """Delete the temporary files a killed batch left below ``root`` (not following
    symlinked folders); returns what was removed."""
    removed: list[Path] = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if not (Path(folder) / d).is_symlink()]
        for name in files:
            candidate = Path(folder) / name
            if _LEFTOVER.match(name) and candidate.is_file() and not candidate.is_symlink():
                candidate.unlink(missing_ok=True)
                removed.append(candidate)
    return removed


def blocked(root: Path, target: Path) -> str | None:
    """Why ``target`` (below ``root``) cannot be written, or None.

    Checked for every output before a batch converts anything, so a folder named ``x.json``,
    a symlinked sub-folder or a file where a folder must go fails that one input with
    ``output_blocked`` instead of aborting the batch halfway.
    """
    relative = target.relative_to(root)
    current = root
    for part in relative.parts[:-1]:
        current = current / part
        if current.is_symlink():
            return f"{current} is a symlink; outputs are never written through one"
        if current.exists() and not current.is_dir():
            return f"{current} is a file where a folder is needed"
    if target.is_symlink():
        return f"{target} is a symlink; outputs never replace one"
    if target.exists() and not target.is_file():
        return f"{target} exists and is not a regular file"
    return None


@contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """A temporary path beside ``path`` for writers that want a file name (sqlite, xlsx,
    parquet); it is renamed over ``path`` only when the block finishes without error."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TMP_SUFFIX, dir=path.parent)
    os.close(fd)
    os.unlink(tmp)  # writers such as sqlite3 want to create the file themselves
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def safe_part(name: str) -> str:
    """One path component that is a plain file name on every platform.

    ``..``, separators and reserved names are neutralised so that an input name can never
    address anything outside the output folder; overlong names are shortened with a hash so
    two long names that share a prefix stay distinct.
    """
    part = _UNSAFE.sub("_", name).rstrip(" .")
    if part in {"", ".", ".."}:
        part = "_"
    if part.split(".")[0].upper() in _WINDOWS_RESERVED:
        part = "_" + part
    encoded = part.encode("utf-8")
    if len(encoded) > _MAX_NAME_BYTES:
        digest = hashlib.sha1(encoded).hexdigest()[:8]
        part = encoded[: _MAX_NAME_BYTES - 10].decode("utf-8", "ignore") + "~" + digest
    return part


def output_stem(relative: PurePath) -> str:
    """``2021/科协.pdf`` → ``2021/科协``: the input's relative path, made safe, without .pdf."""
    parts = [safe_part(p) for p in relative.parts if p not in {"", ".", "/", "\\"}]
    if not parts:
        parts = ["_"]
    name = parts[-1]
    if name.lower().endswith(".pdf") and len(name) > 4:
        name = name[:-4]
    parts[-1] = safe_part(name)
    return "/".join(parts)


class OutputNames:
    """Assigns each input its output stem, unique even on case-insensitive file systems.

    Two inputs that would share an output (``a/x.pdf`` and ``b/x.pdf`` given as files, or
    ``x.pdf`` beside ``X.PDF``) get ``x`` and ``x~2``, in input order, so a re-run with the
    same arguments maps every input to the same file (which ``--resume`` relies on).
    """

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def allocate(self, relative: PurePath) -> str:
        base = output_stem(relative)
        stem, n = base, 1
        while self._names(stem) & self._taken:
            n += 1
            stem = f"{base}~{n}"
        self._taken |= self._names(stem)
        return stem

    @staticmethod
    def _names(stem: str) -> set[str]:
        return {(stem + REPORT_SUFFIX).casefold(), (stem + ERROR_SUFFIX).casefold()}


def inside(root: Path, path: Path) -> bool:
    """Whether ``path`` resolves inside ``root`` (symlinks included): the last line of
    defence before writing, should a symlink in the output folder point elsewhere."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True
