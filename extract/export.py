"""Stitched tables → CSV, Excel and Markdown (``jixiao tables FILE --format csv|xlsx|md``).

Budget and final-accounts PDFs match no record layout, yet their tables are what analysts
want, in a spreadsheet. These functions work on both table models — the extractor's
(:class:`jixiao.extract.Table`) and the output's (:class:`jixiao.schema.Table`) — since both
have ``n_rows``, ``n_columns``, ``pages`` and cells with ``row``, ``column``, ``rowspan``,
``colspan`` and ``text``.

Every table row is written, header rows included: multi-level headers stay rows, as printed.
A merged cell's text goes in its top-left slot and the other slots stay empty (Excel gets a
real merged range), unless ``fill_merged`` repeats it into every slot — handy for filtering
in pandas, wrong for summing. Nothing here touches the file system: callers get bytes and
paths and write them (the CLI writes atomically).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal, Protocol

Format = Literal["csv", "xlsx", "md"]
FORMATS: tuple[Format, ...] = ("csv", "xlsx", "md")


class CellLike(Protocol):
    @property
    def row(self) -> int: ...
    @property
    def column(self) -> int: ...
    @property
    def rowspan(self) -> int: ...
    @property
    def colspan(self) -> int: ...
    @property
    def text(self) -> str: ...


class TableLike(Protocol):
    @property
    def n_rows(self) -> int: ...
    @property
    def n_columns(self) -> int: ...
    @property
    def pages(self) -> list[int]: ...
    @property
    def cells(self) -> Sequence[CellLike]: ...


def table_grid(table: TableLike, *, fill_merged: bool = False) -> list[list[str]]:
    """The table as ``n_rows`` × ``n_columns`` strings."""
    grid = [["" for _ in range(table.n_columns)] for _ in range(table.n_rows)]
    for cell in table.cells:
        if fill_merged:
            for r in range(cell.row, min(cell.row + cell.rowspan, table.n_rows)):
                for c in range(cell.column, min(cell.column + cell.colspan, table.n_columns)):
                    grid[r][c] = cell.text
        elif cell.row < table.n_rows and cell.column < table.n_columns:
            grid[cell.row][cell.column] = cell.text
    return grid


def _pages(table: TableLike) -> str:
    pages = table.pages
    if not pages:
        return "?"
    return str(pages[0]) if len(pages) == 1 else f"{pages[0]}-{pages[-1]}"


def table_to_csv(table: TableLike, *, fill_merged: bool = False) -> str:
    out = io.StringIO()
    csv.writer(out).writerows(table_grid(table, fill_merged=fill_merged))
    return out.getvalue()


def to_csv(tables: Sequence[TableLike], *, fill_merged: bool = False) -> str:
    """All tables in one CSV text, separated by one empty line (for stdout and pipes)."""
    return "\r\n".join(table_to_csv(t, fill_merged=fill_merged) for t in tables)


_MD_ESCAPE = re.compile(r"([|\\])")


def _md_cell(text: str) -> str:
    return _MD_ESCAPE.sub(r"\\\1", text).replace("\n", "<br>")


def to_markdown(tables: Sequence[TableLike], *, fill_merged: bool = False) -> str:
    """One section per table. Markdown has no spans, so merged text sits in the first slot;
    the table's first printed row is the Markdown header row."""
    parts: list[str] = []
    for index, table in enumerate(tables, 1):
        grid = table_grid(table, fill_merged=fill_merged)
        parts.append(
            f"## Table {index} (page{'s' if len(table.pages) > 1 else ''} {_pages(table)})\n"
        )
        if not grid or not table.n_columns:
            parts.append("(empty)\n")
            continue
        lines = ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in grid]
        lines.insert(1, "|" + "---|" * table.n_columns)
        parts.append("\n".join(lines) + "\n")
    return "\n".join(parts)


_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def _sheet_name(index: int, table: TableLike) -> str:
    return _SHEET_FORBIDDEN.sub("-", f"T{index} p{_pages(table)}")[:31]


# A printed amount: 2,940.05, -3.5, 0.00, 12,000. Plain integers (201, 20101) stay text: in
# budget tables they are 科目编码 codes more often than counts; 007, 95% and （3） too.
_NUMBER = re.compile(r"^-?(?:[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?|(?:[1-9]\d*|0)\.\d+)$")


def _xlsx_value(text: str) -> tuple[Any, str | None]:
    """(cell value, number format): a plain number becomes a number shown with the printed
    digits and separators; everything else stays text (never a formula)."""
    if _NUMBER.match(text) and len(text.replace(",", "").replace(".", "").lstrip("-")) <= 15:
        plain = text.replace(",", "")
        decimals = len(plain.partition(".")[2])
        number: Any = float(plain) if decimals else int(plain)
        grouping = "#,##0" if "," in text else "0"
        return number, grouping + ("." + "0" * decimals if decimals else "")
    return text, None


def to_xlsx(tables: Sequence[TableLike], *, fill_merged: bool = False) -> bytes:
    """A workbook with one sheet per table; merged cells become merged ranges.

    A cell printed as an amount (2,946.25, 0.00) is a number formatted with the printed
    digits; anything else (95%, （3）, codes such as 201 or 007) stays text as printed, and
    text is never a formula (a PDF cell reading =HYPERLINK(…) is text).
    """
    try:
        from openpyxl import Workbook
        from openpyxl.styles import Alignment
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("xlsx export needs openpyxl: pip install openpyxl") from exc
    book = Workbook()
    book.remove(book.active)
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, table in enumerate(tables, 1):
        sheet = book.create_sheet(_sheet_name(index, table))
        grid = table_grid(table, fill_merged=fill_merged)
        for r, row in enumerate(grid, 1):
            for c, value in enumerate(row, 1):
                if value:
                    number, number_format = _xlsx_value(value)
                    cell = sheet.cell(row=r, column=c, value=number)
                    if number_format:
                        cell.number_format = number_format
                    else:
                        cell.data_type = "s"
                    cell.alignment = wrap
        if not fill_merged:
            for cell in table.cells:
                if cell.rowspan > 1 or cell.colspan > 1:
                    sheet.merge_cells(
                        start_row=cell.row + 1,
                        start_column=cell.column + 1,
                        end_row=min(cell.row + cell.rowspan, table.n_rows),
                        end_column=min(cell.column + cell.colspan, table.n_columns),
                    )
    if not tables:
        book.create_sheet("no tables")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_tables(tables: Sequence[TableLike], fmt: Format, *, fill_merged: bool = False) -> bytes:
    """All tables in one payload: CSV (UTF-8, tables separated by an empty line), Markdown
    (UTF-8) or an .xlsx workbook."""
    if fmt == "csv":
        return to_csv(tables, fill_merged=fill_merged).encode("utf-8")
    if fmt == "md":
        return to_markdown(tables, fill_merged=fill_merged).encode("utf-8")
    if fmt == "xlsx":
        return to_xlsx(tables, fill_merged=fill_merged)
    raise ValueError(f"unknown table format {fmt!r}; use one of {', '.join(FORMATS)}")


def export_files(
    tables: Sequence[TableLike], fmt: Format, path: str | Path, *, fill_merged: bool = False
) -> list[tuple[Path, bytes]]:
    """The files to write for ``-o PATH``, as (path, content) pairs.

    CSV holds one table per file, so several tables go to ``STEM-01.csv``, ``STEM-02.csv`` …
    next to PATH (one table: PATH itself), with a UTF-8 byte-order mark so that Excel opens
    the Chinese text correctly. xlsx and md always write PATH.
    """
    path = Path(path)
    if fmt != "csv":
        return [(path, export_tables(tables, fmt, fill_merged=fill_merged))]
    bom = "\ufeff"
    if len(tables) == 1:
        return [(path, (bom + table_to_csv(tables[0], fill_merged=fill_merged)).encode())]
    suffix = path.suffix or ".csv"
    return [
        (
            path.with_name(f"{path.stem}-{index:02d}{suffix}"),
            (bom + table_to_csv(table, fill_merged=fill_merged)).encode(),
        )
        for index, table in enumerate(tables, 1)
    ]
