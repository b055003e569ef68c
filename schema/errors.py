"""Error files: what a file that could not be converted leaves in a batch's OUTDIR.

They follow a published schema (``jixiao schema --error``) like report files, so a consumer
can validate every ``*.json`` in OUTDIR against one of the two. The model is pydantic for the
schema only: documents are built as plain dicts, because the batch parent writes them (for
a timeout or a dead worker) without loading the pipeline.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .models import SCHEMA_VERSION


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ErrorSource(_Model):
    file: str = Field(description="file name of the input")
    path: str | None = Field(default=None, description="path relative to the input root")
    sha256: str | None = Field(description="null when the bytes could not be read")


class ErrorDetail(_Model):
    code: str = Field(
        description="stable code: not_found, not_a_file, unreadable, empty_file, not_pdf, "
        "corrupt_pdf, encrypted, wrong_password, no_text_layer, timeout, too_large, "
        "worker_crashed, internal_error, output_blocked, no_such_page, ocr_unavailable"
    )
    message: str
    traceback: str | None = Field(default=None, description="internal_error only")


class ErrorDocument(_Model):
    schema_version: str = SCHEMA_VERSION
    source: ErrorSource
    error: ErrorDetail


def error_schema() -> dict[str, Any]:
    """The JSON Schema of an error file (``jixiao schema --error``)."""
    schema = ErrorDocument.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "jixiao error"
    return schema


def error_document(
    file: str,
    sha256: str | None,
    code: str,
    message: str,
    traceback: str | None = None,
    path: str | None = None,
) -> dict[str, Any]:
    """Which file, which bytes (when they could be read) and why, with the same stable
    ``code`` as ``InputError``."""
    error: dict[str, Any] = {"code": code, "message": message}
    if traceback:
        error["traceback"] = traceback
    source = {"file": file, "path": path, "sha256": sha256}
    return {"schema_version": SCHEMA_VERSION, "source": source, "error": error}


def is_error_document(data: Any) -> bool:
    return isinstance(data, dict) and isinstance(data.get("error"), dict) and "records" not in data


def dumps_error(document: dict[str, Any]) -> str:
    """Same text conventions as report files (UTF-8 as is, two-space indent, newline)."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
