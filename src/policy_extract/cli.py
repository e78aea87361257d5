"""The command line: `policy-extract extract|batch|schema …`. Only JSON goes to stdout; messages go to
stderr; the exit code says how it went (ExitCode)."""
from __future__ import annotations

import argparse
import enum
import json
import sys
from pathlib import Path


class ExitCode(enum.IntEnum):
    """How a run ended; scripts and schedulers read this, so the numbers never change."""

    OK = 0  # everything was processed
    ERROR = 1  # nothing (more) could be done: unreadable or binary input, over the size limit, a bug
    USAGE = 2  # the command line is wrong
    SOME_FAILED = 3  # batch: every record has its line, but some lines are error records
    INTERRUPTED = 130  # Ctrl-C: the lines already written are whole; `batch --resume` continues
    BROKEN_PIPE = 141  # the reader went away (`| head`): output stopped quietly, as for other Unix tools


EXIT_CODES_HELP = """exit codes:
  0    OK: everything was processed
  1    error: unreadable or binary input, over --max-chars, an internal error
  2    usage: the command line is wrong
  3    batch: some records failed; each still has its line, an error record
  130  interrupted (Ctrl-C): lines already written are whole; batch --resume continues
  141  the reader closed the output (| head): stopped quietly"""


def _count(value: str) -> int:
    try:
        n = int(value.replace("_", "").replace(",", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if n < 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {value!r}")
    return n


def _seconds(value: str) -> float:
    try:
        n = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {value!r}") from None
    if not n >= 0:
        raise argparse.ArgumentTypeError(f"must be 0 or more: {value!r}")
    return n


def _document_options(p: argparse.ArgumentParser) -> None:
    """Options shared by every command that reads documents."""
    from .batch import DEFAULT_MAX_CHARS  # a light module: the models load with the first document

    p.add_argument("--max-chars", type=_count, default=DEFAULT_MAX_CHARS, metavar="N",
                   help=f"refuse a document longer than N characters (default {DEFAULT_MAX_CHARS:,}; 0: no limit): "
                        "it gets a too_long error instead of exhausting memory")


def _date(value: str) -> str:
    import datetime

    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {value!r}") from None
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policy-extract",
                                     description="Targets, quantities, years and initiatives from Chinese policy texts, as JSON.",
                                     epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="extract one document and print it as JSON",
                       description="Extract one document (a text file, or - for stdin) and print its JSON. The "
                                   "encoding is detected (UTF-8 with or without BOM, UTF-16 with BOM, GB18030/GBK, "
                                   "Big5; gzip is decompressed); invalid bytes are replaced and reported as a "
                                   "replaced_bytes warning; binary files are refused (exit 1).",
                       epilog=EXIT_CODES_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("input", nargs="?", default="-", help="text file to read (default: - for stdin)")
    p.add_argument("--published", type=_date, help="publication date YYYY-MM-DD (anchors 2月4日, 明年, 3年内)")
    p.add_argument("--id", dest="doc_id", help="doc_id to report (default: the file name without extension)")
    p.add_argument("--indent", type=int, default=2, help="JSON indentation (0 for one line)")
    _document_options(p)
    p.set_defaults(func=_cmd_extract)

    from .batch import DEFAULT_TIMEOUT

    p = sub.add_parser("batch", help="extract many records into JSON Lines, in input order",
                       description="Read JSON Lines records {id, text, published?} (plain or .gz, - for stdin), "
                                   "text files, or directories of *.txt files (recursive, sorted); write exactly one "
                                   "line per record, in input order: the Document, or {doc_id, error: {code, "
                                   "message}} when the record cannot be processed. A summary of failures goes to "
                                   "stderr.",
                       epilog="examples:\n"
                              "  policy-extract batch news.jsonl.gz -o out.jsonl.gz --jobs 0\n"
                              "  policy-extract batch pages/ -o out.jsonl --resume\n\n" + EXIT_CODES_HELP,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help="JSONL file (.jsonl, .ndjson, optionally .gz), text file, directory, or - for JSONL on stdin")
    p.add_argument("-o", "--output", default="-", help="output JSONL file, gzip when it ends in .gz (default: stdout)")
    p.add_argument("-j", "--jobs", type=_count, default=1, metavar="N",
                   help="worker processes (default 1; 0: one per core); the output is the same for any N")
    p.add_argument("--resume", action="store_true",
                   help="keep the lines already in --output and skip the records whose doc_id they hold; append the rest")
    p.add_argument("--timeout", type=_seconds, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"give up on one record after this long, with a timeout error line "
                        f"(default {DEFAULT_TIMEOUT:g}; 0: never)")
    p.add_argument("-q", "--quiet", action="store_true",
                   help="no progress display, and no summary unless some records failed")
    _document_options(p)
    p.set_defaults(func=_cmd_batch)

    p = sub.add_parser("schema", help="print or write the JSON Schema of the output",
                       description="Print the JSON Schema of one output line, or write it to a file.")
    p.add_argument("-o", "--output", help="write to this file instead of stdout")
    p.set_defaults(func=_cmd_schema)

    p = sub.add_parser("eval", help="score predictions against gold: precision, recall, F1 per area",
                       description="Score extraction results against gold annotations (annotation guidelines, "
                                   "gold format v1) with the guidelines' matching rules: precision, recall and F1 "
                                   "for targets, quantities, years and initiatives, grounding of spans, and value "
                                   "accuracy (items whose span was found but whose value, unit, comparator, "
                                   "deadline or metric is wrong). Without PREDICTIONS the extractor is run on each "
                                   "gold record's text and publication date.",
                       epilog="example: policy-extract eval gold.jsonl out.jsonl --errors")
    p.add_argument("gold", help="gold JSONL: {id, text, published?, gold: {targets, quantities, years, initiatives}}")
    p.add_argument("predictions", nargs="?",
                   help="batch output JSONL to score (default: run the extractor on the gold texts)")
    p.add_argument("--errors", action="store_true",
                   help="also list every missed, spurious and wrong-value item (tab-separated, or in the JSON)")
    p.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    p.add_argument("--fail-under", type=float, metavar="F1",
                   help="exit with status 1 when macro F1 is below this (for CI)")
    p.set_defaults(func=_cmd_eval)

    p = sub.add_parser("export", help="write results as Label Studio tasks or doccano JSONL for review",
                       description="Turn extraction results into pre-annotations for an annotation tool: "
                                   "Label Studio tasks (a JSON array with `predictions`; --label-config writes the "
                                   "labelling interface they need) or doccano sequence-labelling JSONL. Each item "
                                   "is a labelled span (target, quantity, time_expression, initiative) carrying "
                                   "its fields as key=value lines. Without PREDICTIONS the extractor is run on "
                                   "the inputs.",
                       epilog="example: policy-extract export --format labelstudio out.jsonl --inputs in.jsonl "
                              "-o tasks.json --label-config config.xml")
    p.add_argument("predictions", nargs="?", help="batch output JSONL (default: run the extractor on --inputs)")
    p.add_argument("--inputs", action="append", required=True, metavar="FILE",
                   help="the texts: batch input JSONL {id, text, published?} or a text file (repeatable)")
    _annotation_options(p, "output file (default: stdout)")
    p.add_argument("--label-config", metavar="FILE", help="labelstudio: also write the labelling config XML here")
    p.set_defaults(func=_cmd_export)

    p = sub.add_parser("import", help="turn Label Studio or doccano annotations into gold JSONL",
                       description="Read annotations exported from Label Studio (JSON export) or doccano (JSONL "
                                   "export) and write gold JSONL in the format of the annotation guidelines, ready "
                                   "for `policy-extract eval`. Fields an annotator left out are derived from the "
                                   "span text and reported on stderr; regions that cannot become gold items are "
                                   "reported and make the exit status 3.",
                       epilog="example: policy-extract import --format doccano annotated.jsonl -o gold.jsonl")
    p.add_argument("input", help="Label Studio JSON export, or doccano JSONL export")
    _annotation_options(p, "gold JSONL file (default: stdout)")
    p.set_defaults(func=_cmd_import)

    p = sub.add_parser("view", help="write an HTML page that highlights what was extracted in the text",
                       description="Write one self-contained HTML page (nothing is fetched) showing each document's "
                                   "text as published, with targets, quantities, time expressions, initiatives and "
                                   "warnings highlighted at their spans, a table of targets and a summary. INPUT is a "
                                   "text file (extracted now), or JSON Lines: batch output (name the files the batch "
                                   "read with --inputs) or input records {id, text, published?} (extracted now). "
                                   "Exit status 3 when some document could not be shown with its text.",
                       epilog="example: policy-extract batch in.jsonl -o out.jsonl && "
                              "policy-extract view out.jsonl --inputs in.jsonl -o review.html")
    p.add_argument("input", help="text file, - for text on stdin, or JSONL (.jsonl, .ndjson, optionally .gz)")
    p.add_argument("--inputs", action="extend", nargs="+", metavar="FILE",
                   help="with batch output: the JSONL records or text files the batch read, for the texts")
    p.add_argument("-o", "--output", help="HTML file to write (default: INPUT's name with .html, in the current "
                                          "directory; stdout for - )")
    p.add_argument("--published", type=_date, help="with a text file: publication date YYYY-MM-DD")
    p.add_argument("--id", dest="doc_id", help="with a text file: doc_id to show (default: the file name)")
    p.set_defaults(func=_cmd_view)
    return parser


def _version() -> str:
    from . import __version__

    return __version__


def _print(text: str) -> None:
    sys.stdout.write(text + "\n")


def _fail(message: str, code: ExitCode = ExitCode.ERROR) -> int:
    print(f"policy-extract: {message}", file=sys.stderr)
    return code


def _cmd_extract(args) -> int:
    from .batch import document_text
    from .pipeline import document_data
    from .textfile import BinaryInput, TooLarge, decode_bytes, read_text_file

    max_bytes = args.max_chars * 4 + 4 if args.max_chars else None
    try:
        if args.input == "-":
            data = sys.stdin.buffer.read(max_bytes + 1) if max_bytes else sys.stdin.buffer.read()
            if max_bytes and len(data) > max_bytes:
                raise TooLarge(f"stdin: over the limit of {max_bytes:,} bytes for one document")
            (text, warnings), doc_id = decode_bytes(data, "stdin"), args.doc_id
        else:
            path = Path(args.input)
            if not path.exists():
                return _fail(f"no such file: {args.input}")
            if path.is_dir():
                return _fail(f"{args.input} is a directory; use `policy-extract batch {args.input}` for many files")
            text, warnings = read_text_file(path, max_bytes=max_bytes)
            doc_id = args.doc_id or path.name.removesuffix(".gz").rsplit(".", 1)[0]
    except (BinaryInput, TooLarge) as exc:
        return _fail(str(exc))
    except OSError as exc:
        return _fail(f"cannot read {args.input}: {exc.strerror or exc}")
    if args.max_chars and len(text) > args.max_chars:
        return _fail(f"{args.input}: text has {len(text):,} characters, over the limit of {args.max_chars:,} "
                     "(--max-chars); split the document or raise the limit")
    data = document_data(text, doc_id=doc_id, published=args.published)
    data["warnings"][:0] = warnings
    _print(document_text(data, indent=args.indent or None))
    return ExitCode.OK


def _cmd_batch(args) -> int:
    from collections import Counter

    from .batch import Summary, read_inputs, run_serial
    from .ioprogress import Progress
    from .iowrite import LineGuard, ResumeError, Sink, resume

    problem = _batch_usage(args)
    if problem:
        return _fail(*problem)
    done = None
    if args.resume:
        try:
            done = resume(args.output)
        except (ResumeError, OSError) as exc:
            return _fail(str(exc))
    summary, blank = Summary(), Counter()
    records = read_inputs(args.inputs, max_chars=args.max_chars, blank_lines=blank)
    if done:
        records = _skip_done(records, done, summary)
    jobs = _jobs(args.jobs)
    timeout = args.timeout or None
    sink = Sink(args.output, append=done is not None)
    if jobs == 1:
        results = run_serial(records, timeout=timeout)
    else:
        from .parallel import run_parallel

        results = run_parallel(records, jobs, timeout=timeout, compress=sink.compressed)
    progress = Progress.for_terminal(args.quiet)
    try:
        with LineGuard() as guard:
            for chunk in results:
                guard.hold()
                sink.write_lines(chunk.lines, chunk.member)
                for record in chunk.records:
                    summary.add(record.doc_id, record.where, record.error)
                    progress.update(len(record.text or ""), record.error is not None)
                guard.release()
    except KeyboardInterrupt:
        progress.close()  # end the progress line before the message; the rest closes below
        where = f" to {args.output}" if args.output != "-" else ""
        hint = "; run it again with --resume to continue" if args.output != "-" else ""
        return _fail(f"interrupted after {summary.records} records written{where}{hint}", ExitCode.INTERRUPTED)
    finally:
        progress.close()
        results.close()  # stops the workers at once when the loop ended early (a closed pipe)
        sink.close()
    summary.blank_lines = blank["n"]
    if summary.failed or not args.quiet:
        print(f"policy-extract: {summary.describe()}", file=sys.stderr)
    return ExitCode.SOME_FAILED if summary.failed else ExitCode.OK


def _batch_usage(args) -> tuple[str, ExitCode] | None:
    """What is wrong with a batch command line before anything is read or written, if anything."""
    import os

    if args.inputs.count("-") > 1:
        return "stdin (-) can be read only once", ExitCode.USAGE
    if args.resume and args.output == "-":
        return "--resume needs an output file (-o FILE) to resume", ExitCode.USAGE
    for path in args.inputs:
        if path != "-" and not os.path.exists(path):
            return f"no such file or directory: {path}", ExitCode.ERROR
        if path != "-" and args.output != "-" and os.path.exists(args.output) and os.path.samefile(path, args.output):
            return f"the output {args.output} is also an input; write somewhere else", ExitCode.USAGE
    return None


def _jobs(jobs: int) -> int:
    from .parallel import resolve_jobs

    return resolve_jobs(jobs) if jobs != 1 else 1


def _skip_done(records, done, summary):
    """--resume: leave out the records whose doc_id the output already holds."""
    for record in records:
        if done.take(record.doc_id):
            summary.skipped += 1
        else:
            yield record


def _cmd_schema(args) -> int:
    from .models import json_schema

    text = json.dumps(json_schema(), ensure_ascii=False, indent=2)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        _print(text)
    return ExitCode.OK


def _annotation_options(p: argparse.ArgumentParser, output_help: str) -> None:
    """--format, -o and --offsets, shared by export and import."""
    from .formats import FORMATS
    from .formats.offsets import UNITS

    p.add_argument("--format", required=True, choices=FORMATS, help="labelstudio or doccano")
    p.add_argument("-o", "--output", default="-", help=output_help)
    p.add_argument("--offsets", choices=UNITS,
                   help="how offsets are counted in the file: codepoint (default for labelstudio: Label Studio "
                        "counts code points) or utf16 (default for doccano: it counts UTF-16 code units)")


def _open_output(path: str):
    """The output file to write, or stdout for `-` (left open when the `with` block ends)."""
    import contextlib

    return contextlib.nullcontext(sys.stdout) if path == "-" else open(path, "w", encoding="utf-8")


def _cmd_eval(args) -> int:
    from .evaluate import evaluate, format_errors, format_report, predict, read_gold, read_predictions

    try:
        gold = read_gold(args.gold)
        preds = read_predictions(args.predictions) if args.predictions else predict(gold)
    except (OSError, ValueError) as exc:
        print(f"policy-extract: {exc}", file=sys.stderr)
        return ExitCode.ERROR
    report = evaluate(gold, preds)
    if args.json:
        _print(json.dumps(report.as_dict(errors=args.errors), ensure_ascii=False))
    else:
        _print(format_report(report))
        if args.errors and report.errors:
            _print(format_errors(report.errors))
    if args.fail_under is not None and report.as_dict()["macro_f1"] < args.fail_under:
        print(f"policy-extract: macro F1 below {args.fail_under}", file=sys.stderr)
        return ExitCode.ERROR
    return ExitCode.OK


def _cmd_export(args) -> int:
    from . import __version__
    from .batch import process, read_inputs
    from .evaluate import read_predictions
    from .formats import doccano, labelstudio

    fmt = labelstudio if args.format == "labelstudio" else doccano
    offsets = args.offsets or fmt.DEFAULT_OFFSETS
    try:
        preds = read_predictions(args.predictions) if args.predictions else None
        records = list(read_inputs(args.inputs))
    except (OSError, ValueError) as exc:
        print(f"policy-extract: {exc}", file=sys.stderr)
        return ExitCode.ERROR
    out, failed = [], 0
    for record in records:
        if record.error:
            print(f"policy-extract: {record.doc_id}: skipped, {record.error[1]}", file=sys.stderr)
            failed += 1
            continue
        doc = preds.get(record.doc_id) if preds is not None else json.loads(process(record))
        if doc is None or "error" in doc:
            why = "no prediction for it" if doc is None else f"its prediction is an error ({doc['error'].get('code')})"
            print(f"policy-extract: {record.doc_id}: exported without pre-annotations, {why}", file=sys.stderr)
            doc = None
        if fmt is labelstudio:
            out.append(labelstudio.to_task(doc, record.text, doc_id=record.doc_id, published=record.published,
                                           model_version=f"policy-extract {__version__}", offsets=offsets))
        else:
            out.append(doccano.to_line(doc, record.text, doc_id=record.doc_id, published=record.published,
                                       offsets=offsets))
    with _open_output(args.output) as fh:
        if fmt is labelstudio:
            fh.write(json.dumps(out, ensure_ascii=False, indent=1) + "\n")
        else:
            fh.writelines(json.dumps(line, ensure_ascii=False) + "\n" for line in out)
    if args.label_config:
        Path(args.label_config).write_text(labelstudio.label_config(), encoding="utf-8")
    print(f"policy-extract: {len(out)} {args.format} records written, {failed} inputs skipped", file=sys.stderr)
    return ExitCode.SOME_FAILED if failed else ExitCode.OK


def _cmd_import(args) -> int:
    from .evaluate import read_jsonl
    from .formats import doccano, labelstudio

    fmt = labelstudio if args.format == "labelstudio" else doccano
    offsets = args.offsets or fmt.DEFAULT_OFFSETS
    try:
        if fmt is labelstudio:
            convs = [(t, labelstudio.gold_from_task(t, offsets=offsets)) for t in labelstudio.read_tasks(args.input)]
        else:
            convs = [(o, doccano.gold_from_line(o, number=n, offsets=offsets))
                     for n, o in enumerate(read_jsonl(args.input), start=1)]
    except (OSError, ValueError, KeyError) as exc:
        print(f"policy-extract: {exc}", file=sys.stderr)
        return ExitCode.ERROR
    problems = 0
    with _open_output(args.output) as fh:
        for source, conv in convs:
            if conv is None:
                print(f"policy-extract: task {source.get('id')}: no annotation, skipped", file=sys.stderr)
                continue
            for note in conv.notes:
                print(f"policy-extract: note: {note}", file=sys.stderr)
            for problem in conv.problems:
                print(f"policy-extract: problem: {problem}", file=sys.stderr)
            problems += len(conv.problems)
            fh.write(json.dumps(conv.record, ensure_ascii=False) + "\n")
    written = sum(1 for _, c in convs if c is not None)
    print(f"policy-extract: {written} gold records written, {problems} regions not converted", file=sys.stderr)
    return ExitCode.SOME_FAILED if problems else ExitCode.OK


def _cmd_view(args) -> int:
    from .view import ViewError, build_page, default_output, load_entries

    try:
        page = build_page(load_entries(args.input, inputs=args.inputs, published=args.published, doc_id=args.doc_id))
    except ViewError as exc:
        print(f"policy-extract: {exc}", file=sys.stderr)
        return ExitCode.USAGE if exc.usage else ExitCode.ERROR
    output = args.output or default_output(args.input)
    if output == "-":
        sys.stdout.write(page.html)
    else:
        Path(output).write_text(page.html, encoding="utf-8")
    for problem in page.problems:
        print(f"policy-extract: problem: {problem}", file=sys.stderr)
    where = "stdout" if output == "-" else output
    print(f"policy-extract: wrote {where}: {page.documents} documents, {len(page.problems)} problems", file=sys.stderr)
    return ExitCode.SOME_FAILED if page.problems else ExitCode.OK


def main(argv: list[str] | None = None) -> int:
    """Run one command; the return value is an ExitCode. Bad input never ends in a traceback: every
    failure is one line on stderr (set POLICY_EXTRACT_TRACEBACK=1 to see the traceback of a bug)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return _fail("interrupted", ExitCode.INTERRUPTED)
    except BrokenPipeError:
        _silence_stdout()
        return ExitCode.BROKEN_PIPE
    except Exception as exc:  # a bug, not bad input: say it in one line
        import os

        if os.environ.get("POLICY_EXTRACT_TRACEBACK"):
            raise
        return _fail(f"internal error: {type(exc).__name__}: {exc} (POLICY_EXTRACT_TRACEBACK=1 shows where)")


def _silence_stdout() -> None:
    """After the reader of stdout went away, point stdout at /dev/null so that the flush at exit does not
    complain ("Exception ignored … BrokenPipeError")."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
