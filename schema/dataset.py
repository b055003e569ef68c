"""Report files → flat tables (``reports``, ``records``, ``checks``, ``projects``,
``funds`` and optionally ``cells``) for analysis.

The columns are derived from the pydantic models, not listed here, so a field added to
:class:`~jixiao.schema.models.Record` (or a nested model such as a check's quantities)
becomes a column without touching this module. Each column has a *kind* taken from its
annotation, which fixes its type in every format: an ``Amount`` is a decimal column even in
a dataset where every value happens to be null.

Amounts stay exact end to end: report files are read with ``parse_float=Decimal`` and each
writer renders a Decimal with exactly its digits (see ``write_dataset`` for each format).
"""

from __future__ import annotations

import json
import sqlite3
import sys
import types
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import BaseModel

from .errors import is_error_document
from .foreign import Foreign, check_output, parse_json, read_json
from .models import Fund, Project, Record, Report
from .output import atomic_path, write_atomic

FORMATS = (".csv", ".xlsx", ".parquet", ".sqlite", ".jsonl")
PARQUET_SCALE = 6  # digits after the point in Parquet decimals: 万元 down to 0.01 元
EXCEL_CELL_LIMIT = 32767

# Column kinds: str, int, float, bool, decimal, json (a list or object, nested as is in
# JSONL and written as JSON text in the flat formats).
Kind = str


@dataclass
class Table:
    """One flat table: column kinds in order, and rows as dicts keyed by column name."""

    name: str
    kinds: dict[str, Kind] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)
    # The model annotation of each list / object column, so Parquet types it from the model
    # (not from whichever values this dataset happens to hold).
    nested: dict[str, Any] = field(default_factory=dict)

    def add(self, row: dict[str, Any], kinds: Mapping[str, Kind]) -> None:
        for name, kind in kinds.items():
            self.kinds.setdefault(name, kind)
        self.rows.append(row)

    def frame(self) -> pd.DataFrame:
        """Object columns, so ints stay ints next to nulls and Decimals stay Decimals."""
        columns = list(self.kinds)
        data = {c: pd.Series([r.get(c) for r in self.rows], dtype=object) for c in columns}
        return pd.DataFrame(data, columns=columns)


# --- columns from models -----------------------------------------------------------------


def _unwrap(annotation: Any) -> Any:
    """``Annotated[X, ...]`` and ``X | None`` → ``X`` (unions of several types stay)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        if origin in (typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(args) == 1:
                annotation = args[0]
                continue
        return annotation


def _submodel(annotation: Any) -> type[BaseModel] | None:
    inner = _unwrap(annotation)
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return inner
    return None


def _list_item_model(annotation: Any) -> type[BaseModel] | None:
    inner = _unwrap(annotation)
    if typing.get_origin(inner) in (list, tuple, Sequence):
        args = typing.get_args(inner)
        return _submodel(args[0]) if args else None
    return None


def _kind(annotation: Any) -> Kind:
    inner = _unwrap(annotation)
    if inner is Decimal:
        return "decimal"
    if inner is bool:
        return "bool"
    if inner is int:
        return "int"
    if inner is float:
        return "float"
    if inner is str or typing.get_origin(inner) is typing.Literal:
        return "str"
    return "json"


def _kind_of_value(value: Any) -> Kind:
    """For fields the models do not know (a report file from a newer jixiao)."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, Decimal):
        return "decimal"
    if isinstance(value, float):
        return "float"
    if isinstance(value, (list, dict)):
        return "json"
    return "str"


def flatten(
    data: Mapping[str, Any],
    model: type[BaseModel] | None,
    prefix: str = "",
    skip: Iterable[str] = (),
) -> tuple[dict[str, Any], dict[str, Kind]]:
    """One nested object → flat columns: nested models become ``parent_child`` columns
    (all null when the object is null), lists and other containers stay whole (kind json).
    """
    row: dict[str, Any] = {}
    kinds: dict[str, Kind] = {}
    fields = model.model_fields if model is not None else {}
    skipped = set(skip)
    for key in [*fields, *(k for k in data if k not in fields)]:
        if key in skipped:
            continue
        value = data.get(key)
        info = fields.get(key)
        name = prefix + key
        sub = _submodel(info.annotation) if info is not None else None
        if sub is not None or (info is None and isinstance(value, Mapping)):
            nested = value if isinstance(value, Mapping) else {}
            sub_row, sub_kinds = flatten(nested, sub, name + "_")
            row.update(sub_row)
            kinds.update(sub_kinds)
            continue
        kinds[name] = _kind(info.annotation) if info is not None else _kind_of_value(value)
        row[name] = value
    return row, kinds


def nested_annotations(
    model: type[BaseModel] | None, prefix: str = "", skip: Iterable[str] = ()
) -> dict[str, Any]:
    """The annotation of every list / object column :func:`flatten` makes of ``model``."""
    out: dict[str, Any] = {}
    for key, info in (model.model_fields if model is not None else {}).items():
        if key in set(skip):
            continue
        sub = _submodel(info.annotation)
        if sub is not None:
            out.update(nested_annotations(sub, f"{prefix}{key}_"))
        elif _kind(info.annotation) == "json":
            out[prefix + key] = info.annotation
    return out


# --- building ----------------------------------------------------------------------------


@dataclass
class Dataset:
    """The tables of one dataset, in the order they are written."""

    tables: dict[str, Table]

    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: table.frame() for name, table in self.tables.items()}


_REPORT_LEADING = (
    "output",
    "file",
    "path",
    "sha256",
    "pages",
    "layout",
    "department",
    "year",
    "title",
    "budget_execution_rate",
)
_REPORT_KINDS: dict[str, Kind] = {
    "output": "str",
    "file": "str",
    "path": "str",
    "sha256": "str",
    "pages": "int",
    "layout": "str",
    "department": "str",
    "year": "int",
    "title": "str",
    "budget_execution_rate": "decimal",
    "records": "int",
    "tables": "int",
    "warnings": "int",
    "warning_codes": "str",
    "error": "str",
    "error_message": "str",
}
_CONTEXT_KINDS: dict[str, Kind] = {
    "output": "str",
    "file": "str",
    "path": "str",
    "department": "str",
    "year": "int",
    "record": "int",
}
_PROJECT_KINDS: dict[str, Kind] = {
    **{k: v for k, v in _CONTEXT_KINDS.items() if k != "record"},
    "project": "int",
}
_CELL_KINDS: dict[str, Kind] = {
    **{k: v for k, v in _CONTEXT_KINDS.items() if k not in ("record", "department", "year")},
    "table": "int",
    "row": "int",
    "column": "int",
    "rowspan": "int",
    "colspan": "int",
    "page": "int",
    "end_page": "int",
    "text": "str",
}


def load_output(text: str) -> dict[str, Any]:
    """A report or error file's text → plain data, numbers as exact Decimals.

    A report is validated through :class:`Report` so defaults of fields added since the file
    was written are filled in; a file from a newer jixiao (unknown fields) is used as is.
    Raises :class:`~jixiao.schema.foreign.Foreign` (saying why) for anything else.
    """
    data = parse_json(text)
    report = check_output(data)
    return report.model_dump(mode="python") if report is not None else data


# Record facts repeated on each check row, so the checks table answers "where does the
# department claim more than its numbers show" on its own (schema 1.4).
_CHECK_RECORD_KINDS: dict[str, Kind] = {
    "record_status": "str",
    "self_score_ratio": "decimal",
    "consistency": "str",
}


def _checks_field() -> str | None:
    """The record field holding checks, when this version of the models has one."""
    info = Record.model_fields.get("checks")
    return "checks" if info is not None and _list_item_model(info.annotation) else None


def build_dataset(outputs: Iterable[tuple[str, str]], *, with_tables: bool = False) -> Dataset:
    """``(output path, file text)`` pairs (see :func:`iter_outputs`) → tables, one row per
    report, record, check, project and fund line, in the order given; with ``with_tables``
    also ``cells``: every table cell of every report, unknown layouts included."""
    reports, records = Table("reports", dict(_REPORT_KINDS)), Table("records")
    projects = Table("projects", dict(_PROJECT_KINDS))
    projects.kinds.update(flatten({}, Project, skip=("funds",))[1])
    projects.nested = nested_annotations(Project, skip=("funds",))
    funds = Table("funds", {**_PROJECT_KINDS, "project_name": "str", "fund": "int"})
    funds.kinds.update(flatten({}, Fund)[1])
    funds.nested = nested_annotations(Fund)
    cells = Table("cells", dict(_CELL_KINDS)) if with_tables else None
    checks_key = _checks_field()
    checks = Table("checks") if checks_key else None
    record_model = Record
    records.nested = nested_annotations(record_model)
    check_model = (
        _list_item_model(Record.model_fields[checks_key].annotation) if checks_key else None
    )
    if checks is not None:
        checks.nested = nested_annotations(check_model)
    for output, text in outputs:
        try:
            data = load_output(text)
        except Foreign as exc:
            print(f"jixiao: {output}: {exc}; left out of the dataset", file=sys.stderr)
            continue
        source = data.get("source") or {}
        if is_error_document(data):
            error = data["error"]
            reports.add(
                {
                    "output": output,
                    "file": source.get("file"),
                    "path": source.get("path"),
                    "sha256": source.get("sha256"),
                    "error": error.get("code"),
                    "error_message": error.get("message"),
                },
                {},
            )
            continue
        context = {
            "output": output,
            "file": source.get("file"),
            "path": source.get("path"),
            "department": data.get("department"),
            "year": data.get("year"),
        }
        warnings = data.get("warnings") or []
        row = {k: data.get(k) for k in _REPORT_LEADING}
        row.update(
            output=output,
            file=source.get("file"),
            path=source.get("path"),
            sha256=source.get("sha256"),
            pages=source.get("pages"),
            records=len(data.get("records") or []),
            tables=len(data.get("tables") or []),
            warnings=len(warnings),
            warning_codes=",".join(sorted({w.get("code", "") for w in warnings})) or None,
        )
        extra, extra_kinds = flatten(
            data, Report, skip=(*_REPORT_KINDS, "source", "records", "tables", "warnings")
        )
        extra_kinds = {k: v for k, v in extra_kinds.items() if v != "json"}
        row.update({k: extra[k] for k in extra_kinds})
        reports.add(row, extra_kinds)
        for index, record in enumerate(data.get("records") or []):
            flat, kinds = flatten(record, record_model)
            records.add({**context, "record": index, **flat}, {**_CONTEXT_KINDS, **kinds})
            if checks is None or checks_key is None:
                continue
            for number, check in enumerate(record.get(checks_key) or []):
                flat, kinds = flatten(check, check_model)
                checks.add(
                    {
                        **context,
                        "record": index,
                        "indicator_name": record.get("indicator_name"),
                        "check": number,
                        **flat,
                        "record_status": record.get("status"),
                        "self_score_ratio": record.get("self_score_ratio"),
                        "consistency": record.get("consistency"),
                    },
                    {**_CONTEXT_KINDS, "indicator_name": "str", "check": "int", **kinds}
                    | _CHECK_RECORD_KINDS,
                )
        for number, project in enumerate(data.get("projects") or []):
            flat, kinds = flatten(project, Project, skip=("funds",))
            projects.add({**context, "project": number, **flat}, kinds)
            for line, fund in enumerate(project.get("funds") or []):
                flat, kinds = flatten(fund, Fund)
                row = {**context, "project": number, "project_name": project.get("name")}
                funds.add({**row, "fund": line, **flat}, kinds)
        for table in data.get("tables") or [] if cells is not None else []:
            for cell in table.get("cells") or []:
                cell_row = {k: cell.get(k) for k in _CELL_KINDS if k in cell}
                cells.add(  # type: ignore[union-attr]
                    {**context, "table": table.get("index"), **cell_row}, {}
                )
    tables = {"reports": reports, "records": records}
    if checks is not None:
        tables["checks"] = checks
    tables["projects"] = projects
    tables["funds"] = funds
    if cells is not None:
        tables["cells"] = cells
    # Empty tables still get their model columns, so every dataset has the same shape.
    if not records.kinds:
        records.kinds.update(_CONTEXT_KINDS)
        records.kinds.update(flatten({}, record_model)[1])
    if checks is not None and not checks.kinds:
        checks.kinds.update(_CONTEXT_KINDS)
        checks.kinds.update({"indicator_name": "str", "check": "int"})
        checks.kinds.update(flatten({}, check_model)[1])
        checks.kinds.update(_CHECK_RECORD_KINDS)
    return Dataset(tables)


def find_outputs(folder: Path) -> list[str]:
    """Relative paths of every report or error file under ``folder`` (what ``jixiao
    dataset`` reads). Other JSON files are reported on stderr and left out."""
    found: list[str] = []
    for path in sorted(folder.rglob("*.json")):
        if not path.is_file() or path.name.startswith("."):
            continue
        try:
            check_output(read_json(path))
        except Foreign as exc:
            print(f"jixiao: {path}: {exc}; left out of the dataset", file=sys.stderr)
            continue
        found.append(path.relative_to(folder).as_posix())
    return found


def iter_outputs(root: Path, relative: Iterable[str]) -> Iterator[tuple[str, str]]:
    """``(relative path, text)`` sorted by path, read one at a time so a dataset over
    thousands of reports never holds more than one report file in memory.

    The order makes ``batch --dataset`` and ``jixiao dataset`` over the same folder produce
    identical tables, whatever order the files were converted in.
    """
    for name in sorted(set(relative)):
        try:
            yield name, (root / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:  # removed or rewritten since found
            print(f"jixiao: {root / name}: cannot be read ({exc}); left out", file=sys.stderr)


# --- writing -----------------------------------------------------------------------------


def decimal_text(value: Decimal) -> str:
    """Exactly the Decimal's digits, never in exponent notation (1E+2 → 100)."""
    return format(value, "f")


def json_text(value: Any) -> str:
    """Compact JSON in which Decimals are numbers with exactly their digits."""
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, Mapping):
        items = (
            f"{json.dumps(str(k), ensure_ascii=False)}:{json_text(v)}" for k, v in value.items()
        )
        return "{" + ",".join(items) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(json_text(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def _flat_value(value: Any, kind: Kind) -> Any:
    """A cell for the flat formats: containers as JSON text, everything else untouched."""
    if value is None:
        return None
    if kind == "json" or isinstance(value, (list, dict, tuple)):
        return json_text(value)
    return value


def dataset_paths(path: Path, names: Iterable[str]) -> dict[str, Path]:
    """Where each table goes: ``ds.csv`` → ``ds.reports.csv`` …; xlsx and sqlite hold all
    tables in one file."""
    suffix = path.suffix.lower()
    if suffix in {".xlsx", ".sqlite"}:
        return dict.fromkeys(names, path)
    return {name: path.with_name(f"{path.stem}.{name}{path.suffix}") for name in names}


def write_dataset(dataset: Dataset, path: str | Path) -> list[Path]:
    """Write every table in the format named by ``path``'s extension; returns the files.

    - ``.csv``: one file per table, UTF-8 with BOM (Excel then reads Chinese correctly);
      Decimals as their exact digits, nulls empty, lists as JSON text.
    - ``.jsonl``: one file per table, one object per row; Decimals are JSON numbers with
      exactly their digits, lists stay nested.
    - ``.xlsx``: one sheet per table; Decimals as numbers (≤15 significant digits, which a
      spreadsheet double shows exactly); text starting with ``=`` stays text.
    - ``.parquet``: one file per table; Decimals as ``decimal128(38, 6)`` (a larger scale
      when a column needs it: never rounded), integers int64, text string.
    - ``.sqlite``: one table per table; Decimals in ``NUMERIC`` columns (inserted as their
      digits, so SQLite keeps them exactly at ≤15 significant digits, and SQL comparisons
      and sums work on numbers).
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(
            f"unknown dataset format {path.suffix or '(none)'!r}; use one of {', '.join(FORMATS)}"
        )
    targets = dataset_paths(path, dataset.tables)
    writer = {
        ".csv": _write_csv,
        ".jsonl": _write_jsonl,
        ".xlsx": _write_xlsx,
        ".parquet": _write_parquet,
        ".sqlite": _write_sqlite,
    }[suffix]
    writer(dataset, targets)
    return sorted(set(targets.values()), key=list(targets.values()).index)


def _write_csv(dataset: Dataset, targets: Mapping[str, Path]) -> None:
    for name, table in dataset.tables.items():
        data = {
            column: pd.Series(
                [_csv_value(row.get(column), kind) for row in table.rows], dtype=object
            )
            for column, kind in table.kinds.items()
        }
        frame = pd.DataFrame(data, columns=list(table.kinds))
        text = frame.to_csv(index=False, lineterminator="\r\n")
        write_atomic(targets[name], "\ufeff" + text)


def _csv_value(value: Any, kind: Kind) -> Any:
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return _flat_value(value, kind)


def _write_jsonl(dataset: Dataset, targets: Mapping[str, Path]) -> None:
    for name, table in dataset.tables.items():
        columns = list(table.kinds)
        lines = [json_text({c: row.get(c) for c in columns}) + "\n" for row in table.rows]
        write_atomic(targets[name], "".join(lines))


def _excel_text(value: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return value[:EXCEL_CELL_LIMIT]


def _write_xlsx(dataset: Dataset, targets: Mapping[str, Path]) -> None:
    try:
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("xlsx datasets need openpyxl: pip install 'jixiao[datasets]'") from exc
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    for name, table in dataset.tables.items():
        sheet = workbook.create_sheet(name)
        columns = list(table.kinds)
        # Frozen header, filters and widths from the content: set before the first row,
        # as a write-only sheet requires.
        sheet.freeze_panes = "A2"
        if columns:
            last = get_column_letter(len(columns))
            sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
        for number, column in enumerate(columns, 1):
            sample = [column, *(row.get(column) for row in table.rows[:200])]
            width = max(_display_width(_flat_value(v, table.kinds[column])) for v in sample)
            sheet.column_dimensions[get_column_letter(number)].width = min(60, max(8, width + 2))
        sheet.append(columns)
        for row in table.rows:
            cells: list[Any] = []
            for column in columns:
                value = _flat_value(row.get(column), table.kinds[column])
                if isinstance(value, str):
                    cell = WriteOnlyCell(sheet, value=_excel_text(value))
                    cell.data_type = "s"  # never a formula, whatever the PDF says
                    value = cell
                cells.append(value)
            sheet.append(cells)
    target = next(iter(targets.values()))
    with atomic_path(target) as tmp:
        workbook.save(tmp)


def _display_width(value: Any) -> int:
    """Spreadsheet columns: CJK characters are two columns wide."""
    if value is None:
        return 0
    text = value if isinstance(value, str) else str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text[:200])


class _Unfit(ValueError):
    """A value the model's Arrow type cannot hold whole (a newer output's extra field)."""


def _arrow_type(annotation: Any) -> Any:
    """The Arrow type of a model annotation: models are structs, lists lists, ``dict[str,
    X]`` maps; Decimals are their exact digits as text (one Decimal type would fix a scale
    for the whole column). None for what has no fixed type (a union of several, Any)."""
    import pyarrow as pa

    inner = _unwrap(annotation)
    origin = typing.get_origin(inner)
    scalars = {Decimal: pa.string(), str: pa.string(), bool: pa.bool_()}
    scalars |= {int: pa.int64(), float: pa.float64()}
    if inner in scalars:
        return scalars[inner]
    if origin is typing.Literal:
        return pa.string()
    sub = _submodel(inner)
    if sub is not None:
        fields = [(name, _arrow_type(info.annotation)) for name, info in sub.model_fields.items()]
        if any(kind is None for _, kind in fields):
            return None
        return pa.struct([pa.field(name, kind) for name, kind in fields])
    args = typing.get_args(inner)
    if origin in (list, tuple, Sequence) and args:
        item = _arrow_type(args[0])
        return None if item is None else pa.list_(item)
    if origin in (dict, Mapping) and len(args) == 2 and _unwrap(args[0]) is str:
        value = _arrow_type(args[1])
        return None if value is None else pa.map_(pa.string(), value)
    return None


def _typed(value: Any, annotation: Any) -> Any:
    """``value`` (as JSON gave it) shaped for :func:`_arrow_type`; :class:`_Unfit` when a part
    of it would not survive (a key the model lacks, a list where a number belongs)."""
    if value is None:
        return None
    inner = _unwrap(annotation)
    if inner is Decimal:
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
            raise _Unfit(value)
        return decimal_text(value if isinstance(value, Decimal) else Decimal(str(value)))
    sub = _submodel(inner)
    if sub is not None:
        if not isinstance(value, Mapping) or set(value) - set(sub.model_fields):
            raise _Unfit(value)
        return {k: _typed(value.get(k), i.annotation) for k, i in sub.model_fields.items()}
    origin, args = typing.get_origin(inner), typing.get_args(inner)
    if origin in (list, tuple, Sequence) and args:
        if not isinstance(value, (list, tuple)):
            raise _Unfit(value)
        return [_typed(v, args[0]) for v in value]
    if origin in (dict, Mapping) and len(args) == 2:
        if not isinstance(value, Mapping):
            raise _Unfit(value)
        return [(str(k), _typed(v, args[1])) for k, v in value.items()]
    return value


def _arrow_nested(values: list[Any], annotation: Any = None) -> Any:
    """Lists and objects as real Parquet list / map / struct columns, typed by the model's
    ``annotation`` (the same type in every dataset, even when every value is null); by their
    values when the model cannot hold them (a newer output) or gives no type; text only
    when Arrow cannot type them either (then as JSON text, like the flat formats)."""
    import pyarrow as pa

    kind = None if annotation is None else _arrow_type(annotation)
    if kind is not None:
        try:
            return pa.array([_typed(v, annotation) for v in values], type=kind)
        except (_Unfit, pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
            pass
    present = [v for v in values if v is not None]
    if present and all(
        isinstance(v, Mapping) and all(isinstance(x, str) for x in v.values()) for v in present
    ):
        items = [None if v is None else list(v.items()) for v in values]
        return pa.array(items, type=pa.map_(pa.string(), pa.string()))
    try:
        return pa.array([_exact_nested(v) for v in values])
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return pa.array([None if v is None else json_text(v) for v in values], type=pa.string())


def _exact_nested(value: Any) -> Any:
    """Decimals inside lists and objects as their exact digits (text): Arrow would give one
    decimal type to a whole column and reject values of another scale."""
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, Mapping):
        return {str(k): _exact_nested(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_exact_nested(v) for v in value]
    return value


def _decimal_scale(values: Iterable[Any]) -> int:
    scale = PARQUET_SCALE
    for value in values:
        if isinstance(value, Decimal):
            exponent = value.as_tuple().exponent
            if isinstance(exponent, int):
                scale = max(scale, -exponent)
    return scale


def _write_parquet(dataset: Dataset, targets: Mapping[str, Path]) -> None:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("parquet datasets need pyarrow: pip install 'jixiao[datasets]'") from exc
    simple = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_()}
    for name, table in dataset.tables.items():
        arrays, fields = [], []
        for column, kind in table.kinds.items():
            if kind == "json":
                values = [row.get(column) for row in table.rows]
                array = _arrow_nested(values, table.nested.get(column))
                arrays.append(array)
                fields.append(pa.field(column, array.type))
                continue
            values = [_flat_value(row.get(column), kind) for row in table.rows]
            if kind == "decimal":
                values = [Decimal(v) if isinstance(v, int) else v for v in values]
                arrow_type = pa.decimal128(38, _decimal_scale(values))
            else:
                arrow_type = simple.get(kind, pa.string())
                if kind == "str":
                    values = [v if v is None else str(v) for v in values]
            arrays.append(pa.array(values, type=arrow_type))
            fields.append(pa.field(column, arrow_type))
        with atomic_path(targets[name]) as tmp:
            pq.write_table(pa.Table.from_arrays(arrays, schema=pa.schema(fields)), tmp)


_SQL_TYPES = {
    "str": "TEXT",
    "int": "INTEGER",
    "bool": "INTEGER",
    "float": "REAL",
    "decimal": "NUMERIC",
    "json": "TEXT",
}


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _write_sqlite(dataset: Dataset, targets: Mapping[str, Path]) -> None:
    target = next(iter(targets.values()))
    with atomic_path(target) as tmp:
        connection = sqlite3.connect(tmp)
        try:
            for name, table in dataset.tables.items():
                columns = list(table.kinds)
                spec = ", ".join(
                    f"{_quote(c)} {_SQL_TYPES.get(table.kinds[c], 'TEXT')}" for c in columns
                )
                connection.execute(f"CREATE TABLE {_quote(name)} ({spec})")
                marks = ", ".join("?" for _ in columns)
                rows = (
                    [_sqlite_value(row.get(c), table.kinds[c]) for c in columns]
                    for row in table.rows
                )
                connection.executemany(f"INSERT INTO {_quote(name)} VALUES ({marks})", rows)
            connection.commit()
        finally:
            connection.close()


def _sqlite_value(value: Any, kind: Kind) -> Any:
    if isinstance(value, Decimal):
        return decimal_text(value)  # NUMERIC affinity stores the digits as a number
    return _flat_value(value, kind)
