"""Is a JSON file one jixiao output this version can read, and if not, why not?

``jixiao dataset`` and ``jixiao regress`` read folders that anything may have written into:
files from other tools, hand-edited goldens, outputs of an older jixiao whose fields were
renamed, truncated or nested past Python's recursion limit. Each such file is skipped with
the reason returned here, so one foreign file never stops the rest.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from .errors import is_error_document
from .models import SCHEMA_VERSION, Report

# Lists of objects a reader walks in a report (and in its records / projects).
_REPORT_LISTS = ("records", "tables", "warnings", "projects")
_NESTED_LISTS = {"records": ("checks",), "projects": ("funds", "budget"), "tables": ("cells",)}


class Foreign(ValueError):
    """The file is not a jixiao output this version reads; the message says why."""


def read_json(path: Path) -> Any:
    """The file's JSON (floats as exact Decimals), or :class:`Foreign` with the reason
    (a phrase such as ``empty`` or ``not valid JSON (…)``, printed after the file's name)."""
    if not path.is_file():
        raise Foreign("not a regular file")
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise Foreign(f"not readable ({exc.strerror or exc})") from exc
    return parse_json(raw)


def parse_json(raw: bytes | str) -> Any:
    """:func:`read_json` for text already read."""
    if isinstance(raw, bytes):
        if raw.startswith(b"\xef\xbb\xbf"):
            raise Foreign("a byte order mark before the JSON (jixiao writes plain UTF-8)")
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise Foreign(f"not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    if not raw.strip():
        raise Foreign("empty")
    try:
        return json.loads(raw, parse_float=Decimal)
    except RecursionError as exc:
        raise Foreign("nested too deeply to be a jixiao output") from exc
    except ValueError as exc:
        raise Foreign(f"not valid JSON ({exc})") from exc


def _version(text: Any) -> tuple[int, int] | None:
    if not isinstance(text, str):
        return None
    major, _, minor = text.partition(".")
    return (int(major), int(minor)) if major.isdigit() and minor.isdigit() else None


def _shape(data: dict[str, Any]) -> str | None:
    """What a reader of a report relies on, checked without the model (for newer files)."""
    if not isinstance(data.get("source"), dict):
        return "its source is not an object"
    for key in _REPORT_LISTS:
        items = data.get(key)
        if items is None:
            continue
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            return f"its {key} is not a list of objects"
        for nested in _NESTED_LISTS.get(key, ()):
            for item in items:
                inner = item.get(nested)
                if inner is not None and not (
                    isinstance(inner, list) and all(isinstance(i, dict) for i in inner)
                ):
                    return f"a {key[:-1]}'s {nested} is not a list of objects"
    return None


def check_output(data: Any) -> Report | None:
    """Raise :class:`Foreign` unless ``data`` is a report or error file this jixiao reads;
    the validated report when the file is of this schema version or older.

    A file of this schema version or an older one must validate against :class:`Report`
    (fields are only ever added, so an unknown field in an old file means it was renamed by
    hand or by another tool); a file from a newer jixiao is read as is when its shape is
    what the readers walk.
    """
    if not isinstance(data, dict):
        raise Foreign(f"a JSON {type(data).__name__}, not an object")
    if is_error_document(data):
        source = data.get("source")
        if source is not None and not isinstance(source, dict):
            raise Foreign("an error file whose source is not an object")
        if not isinstance(data["error"].get("code"), str):
            raise Foreign("an error file without an error code")
        return None
    if "records" not in data:
        raise Foreign("not a jixiao output (no records)")
    version = _version(data.get("schema_version", SCHEMA_VERSION))
    ours = _version(SCHEMA_VERSION)
    if version is None:
        raise Foreign(f"an unreadable schema_version {data.get('schema_version')!r}")
    assert ours is not None
    if version[0] != ours[0]:
        raise Foreign(f"schema version {version[0]}.x, this jixiao reads {ours[0]}.x")
    if version <= ours:
        try:
            return Report.model_validate(data)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise Foreign(
                f"not schema {SCHEMA_VERSION} ({exc.error_count()} problems; "
                f"first: {where}: {first['msg']})"
            ) from exc
    reason = _shape(data)
    if reason:
        raise Foreign(f"schema version {data['schema_version']} and {reason}")
    return None
