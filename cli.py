"""Command line: ``jixiao convert``, ``jixiao schema`` (and more subcommands as they land).

Exit status: 0 success; 1 usage errors and regressions; 2 when an input file could not be
converted (its error code and message go to stderr).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from . import InputError, __version__, dumps, json_schema, parse
from .schema.output import write_atomic

EXIT_OK = 0
EXIT_USAGE = 1
EXIT_INPUT = 2


def _convert(args: argparse.Namespace) -> int:
    try:
        report = parse(args.file, password=args.password)
    except InputError as exc:
        print(f"jixiao: {args.file}: {exc.code}: {exc.message}", file=sys.stderr)
        return EXIT_INPUT
    text = dumps(report)
    if args.output:
        write_atomic(args.output, text)
        print(
            f"{args.file}: layout {report.layout}, {len(report.records)} records, "
            f"{len(report.tables)} tables, {len(report.warnings)} warnings -> {args.output}",
            file=sys.stderr,
        )
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    text = json.dumps(json_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="jixiao",
        description="Turn Chinese government performance-report PDFs (绩效) into validated JSON.",
    )
    parser.add_argument("--version", action="version", version=f"jixiao {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    convert = sub.add_parser(
        "convert",
        help="convert one PDF to JSON",
        description="Convert one PDF to a JSON report (stdout unless -o is given).",
    )
    convert.add_argument("file", type=Path, help="the PDF to read")
    convert.add_argument("-o", "--output", type=Path, help="write the JSON here (atomically)")
    convert.add_argument("--password", help="password of an encrypted PDF")
    convert.set_defaults(func=_convert)

    schema = sub.add_parser(
        "schema",
        help="print the JSON Schema of the output",
        description="Print the JSON Schema (draft 2020-12) that every report file follows.",
    )
    schema.add_argument("-o", "--output", type=Path, help="write the schema here")
    schema.set_defaults(func=_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
