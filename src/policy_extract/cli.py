"""The command line: `policy-extract extract|batch|schema …`. Only JSON goes to stdout; messages go to
stderr; the exit code says how it went (ExitCode)."""
from __future__ import annotations

import argparse
import enum
import json
import sys
from pathlib import Path


class ExitCode(enum.IntEnum):
    OK = 0
    ERROR = 1
    USAGE = 2
    SOME_FAILED = 3
    INTERRUPTED = 130


def _date(value: str) -> str:
    import datetime

    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from None
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policy-extract",
                                     description="Targets, quantities, years and initiatives from Chinese policy texts, as JSON.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="extract one document and print it as JSON",
                       description="Extract one document (a text file, or - for stdin) and print its JSON.")
    p.add_argument("input", nargs="?", default="-", help="text file to read (default: - for stdin)")
    p.add_argument("--published", type=_date, help="publication date YYYY-MM-DD (anchors 2月4日, 明年, 3年内)")
    p.add_argument("--id", dest="doc_id", help="doc_id to report (default: the file name without extension)")
    p.add_argument("--indent", type=int, default=2, help="JSON indentation (0 for one line)")
    p.set_defaults(func=_cmd_extract)

    p = sub.add_parser("batch", help="extract many records into JSON Lines, in input order",
                       description="Read JSON Lines records {id, text, published?} or text files; "
                                   "write one line per record, in input order.")
    p.add_argument("inputs", nargs="+", help="JSONL files, text files, or - for JSONL on stdin")
    p.add_argument("-o", "--output", default="-", help="output JSONL file (default: stdout)")
    p.set_defaults(func=_cmd_batch)

    p = sub.add_parser("schema", help="print or write the JSON Schema of the output",
                       description="Print the JSON Schema of one output line, or write it to a file.")
    p.add_argument("-o", "--output", help="write to this file instead of stdout")
    p.set_defaults(func=_cmd_schema)
    return parser


def _version() -> str:
    from . import __version__

    return __version__


def _print(text: str) -> None:
    sys.stdout.write(text + "\n")


def _cmd_extract(args) -> int:
    from . import extract
    from .textfile import decode_bytes

    if args.input == "-":
        data = sys.stdin.buffer.read()
        name, doc_id = "stdin", args.doc_id
    else:
        path = Path(args.input)
        if not path.is_file():
            print(f"policy-extract: no such file: {args.input}", file=sys.stderr)
            return ExitCode.ERROR
        data, name, doc_id = path.read_bytes(), str(path), args.doc_id or path.stem
    try:
        text, warnings = decode_bytes(data, name)
    except ValueError as exc:
        print(f"policy-extract: {exc}", file=sys.stderr)
        return ExitCode.ERROR
    doc = extract(text, doc_id=doc_id, published=args.published)
    doc.warnings[:0] = warnings
    _print(json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=args.indent or None))
    return ExitCode.OK


def _cmd_batch(args) -> int:
    from .batch import Summary, process, read_inputs

    summary = Summary()
    out = sys.stdout if args.output == "-" else open(args.output, "w", encoding="utf-8")
    try:
        for record in read_inputs(args.inputs):
            line = process(record)
            out.write(line + "\n")
            summary.records += 1
            if record.error:
                summary.failed += 1
                summary.reasons[record.error[0]] += 1
    finally:
        if out is not sys.stdout:
            out.close()
    print(f"policy-extract: {summary.describe()}", file=sys.stderr)
    return ExitCode.SOME_FAILED if summary.failed else ExitCode.OK


def _cmd_schema(args) -> int:
    from .models import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        _print(text)
    return ExitCode.OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        return ExitCode.OK
