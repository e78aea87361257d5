"""Batch: records in, one output line per record, in input order — nothing dropped silently.

Input is JSON Lines of `{"id", "text", "published"?}` (plain or gzip, files or `-` for stdin) or text
files (one document each; a directory stands for its `*.txt` files, recursively, in sorted order).
Every non-blank input line is one record and yields exactly one output line: the Document, or
`{"doc_id", "error": {"code", "message"}}` when the record cannot be processed. Blank lines are not
records; they are counted in the summary.

Error codes (the `error.code` of an output line):

| code                | why                                                                |
| ------------------- | ------------------------------------------------------------------ |
| `invalid_json`      | the line is not JSON (or nests too deeply to read)                 |
| `not_an_object`     | the line is JSON but not an object                                 |
| `missing_text`      | the object has no `text`                                           |
| `invalid_text`      | `text` is not a string                                             |
| `invalid_id`        | `id` is not a string                                               |
| `invalid_published` | `published` is not a `YYYY-MM-DD` date                             |
| `too_long`          | the text (or its line, or its file) is over `--max-chars`          |
| `binary_file`       | a text file (or a JSONL input) is binary: PDF, image, archive, …   |
| `unreadable_file`   | the file could not be read (permissions, vanished, …)              |
| `timeout`           | extraction took longer than `--timeout` seconds                    |
| `worker_crashed`    | the worker process died on this record (twice)                     |
| `extraction_failed` | the extractor raised: a bug, please report it with the record      |

`doc_id` is the record's `id` (or `doc_id`); when it is missing, empty or unusable it falls back to the line
number (`"7"`), prefixed by the input's file name when the batch reads several inputs (`"b.jsonl:7"`).
A text file's doc_id is its name without extension, or its path below the directory given, without
extension (`2025/plan`).
"""
from __future__ import annotations

import contextlib
import json
import signal
import threading
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

DEFAULT_MAX_CHARS = 2_000_000
DEFAULT_TIMEOUT = 300.0
_JSON_TYPES = {dict: "object", list: "array", str: "string", int: "number", float: "number", bool: "boolean",
               type(None): "null"}


@dataclass
class Record:
    """One unit of work: a text to extract, or an error already known at reading time."""

    doc_id: str
    text: str | None = None
    published: str | None = None
    error: tuple[str, str] | None = None
    warnings: list[dict] = field(default_factory=list)  # plain data of Warnings (contract.warning)
    where: str = ""  # "records.jsonl line 7": where to look, for the summary


@dataclass
class Summary:
    """What a batch did, for the one-paragraph report on stderr."""

    records: int = 0
    failed: int = 0
    skipped: int = 0  # already in the output (--resume)
    blank_lines: int = 0
    reasons: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def add(self, doc_id: str, where: str, error: tuple[str, str] | None) -> None:
        self.records += 1
        if error:
            self.failed += 1
            self.reasons[error[0]] += 1
            if len(self.examples) < 5:
                self.examples.append(f"{where or doc_id}: {error[0]}: {error[1]}")

    def describe(self) -> str:
        head = f"{self.records} records"
        if self.skipped:
            head += f" ({self.skipped} more already in the output, skipped)"
        if self.blank_lines:
            head += f", {self.blank_lines} blank lines ignored"
        if not self.failed:
            return head + ", none failed"
        why = ", ".join(f"{n} {code}" for code, n in self.reasons.most_common())
        lines = [f"{head}, {self.failed} failed ({why})"]
        lines += [f"  {e}" for e in self.examples]
        if self.failed > len(self.examples):
            lines.append(f"  … and {self.failed - len(self.examples)} more: see the error lines of the output")
        return "\n".join(lines)


def _json_type(value) -> str:
    return _JSON_TYPES.get(type(value), type(value).__name__)


def parse_record(line: str, fallback_id: str, *, max_chars: int = 0) -> Record:
    """The Record of one JSON Lines line; never raises."""
    try:
        obj = _loads(line.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        return Record(fallback_id, error=("invalid_json", f"line is not JSON: {exc.msg} (column {exc.colno})"))
    except RecursionError:
        return Record(fallback_id, error=("invalid_json", "line nests arrays or objects too deeply to read"))
    return record_from_object(obj, fallback_id, max_chars=max_chars)


def _loads(line: str):
    """json.loads, by orjson where it reads the line (a third of the time; the batch's parent process
    parses every line, so with --jobs this is time the workers wait for). What orjson refuses — lone
    surrogates, NaN, deep nesting, broken JSON — json reads or reports as before; an integer beyond 64 bits
    comes back a float (which only the error message of a wrongly typed field could tell)."""
    import orjson

    try:
        return orjson.loads(line)
    except orjson.JSONDecodeError:
        return json.loads(line)


def record_from_object(obj, fallback_id: str, *, max_chars: int = 0) -> Record:
    """The Record of one decoded JSON value (or a row of a data frame, as a dict); never raises."""
    if not isinstance(obj, dict):
        return Record(fallback_id, error=("not_an_object", f"line is a JSON {_json_type(obj)}, not an object"))
    raw_id = obj["id"] if "id" in obj else obj.get("doc_id")
    if raw_id is not None and not isinstance(raw_id, str):
        return Record(fallback_id, error=("invalid_id", f"`id` must be a string, not a JSON {_json_type(raw_id)}"))
    doc_id = raw_id if raw_id and raw_id.strip() else fallback_id
    if "text" not in obj:
        return Record(doc_id, error=("missing_text", "record has no `text` field"))
    text = obj["text"]
    if not isinstance(text, str):
        return Record(doc_id, error=("invalid_text", f"`text` must be a string, not a JSON {_json_type(text)}"))
    if max_chars and len(text) > max_chars:
        return Record(doc_id, error=too_long(len(text), max_chars))
    published = obj.get("published")
    if published is not None and not _is_date(published):
        return Record(doc_id, error=("invalid_published",
                                     f"`published` must be a YYYY-MM-DD date, not {json.dumps(published)[:40]}"))
    return Record(doc_id, text=text, published=published)


def too_long(chars: int, max_chars: int) -> tuple[str, str]:
    return ("too_long", f"text has {chars:,} characters, over the limit of {max_chars:,} (--max-chars); "
                        "split the document or raise the limit")


def _is_date(value) -> bool:
    import datetime

    if not isinstance(value, str) or len(value) != 10 or value[4] != "-" or value[7] != "-":
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


class _Timeout(BaseException):
    """Raised by the alarm inside a record that runs too long (a BaseException, so no `except Exception`
    in the pipeline can swallow it)."""


def _alarm(signum, frame):
    raise _Timeout


@contextlib.contextmanager
def _time_limit(seconds: float | None):
    """Raise _Timeout in the block after `seconds`; only in the main thread of a process (the CLI and its
    workers) — elsewhere there is no alarm, and no limit."""
    if not (seconds and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()):
        yield
        return
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def process(record: Record, *, timeout: float | None = None) -> bytes:
    """The output line for one record (UTF-8 JSON, no newline; see `encoded`); never raises for bad input.

    `timeout` (seconds) stops an extraction that runs away: the record gets a `timeout` error line."""
    from . import pipeline

    if record.error is None:
        try:
            with _time_limit(timeout):
                data = pipeline.document_data(record.text, doc_id=record.doc_id, published=record.published)
            return _document_line(record, data)
        except _Timeout:
            record.error = ("timeout", f"extraction took longer than {timeout:g} s (--timeout); "
                                       f"the text has {len(record.text):,} characters")
        except Exception as exc:  # one bad record must not stop the batch; say what happened
            record.error = ("extraction_failed", f"{type(exc).__name__}: {exc}")
    return error_line(record.doc_id, *record.error)


def process_chunk(records: list[Record], *, timeout: float | None = None) -> list[bytes]:
    """The output lines of several records, in order: the same lines as `process` gives one by one.

    The records are extracted together, stage by stage (`pipeline.documents_data`, about a tenth faster);
    if that fails, or runs past `timeout`, each record is run again on its own, so that only the one at
    fault gets an error line (a runaway record is thus stopped after at most twice the timeout)."""
    with _collector_at_ease():
        todo = [r for r in records if r.error is None]
        if len(todo) > 1 and (lines := _together(todo, timeout)) is not None:
            done = iter(lines)
            return [error_line(r.doc_id, *r.error) if r.error else next(done) for r in records]
        return [process(r, timeout=timeout) for r in records]


_EASED_THRESHOLD = 20_000
_eased = {"chunks": 0, "threshold": None}
_eased_lock = threading.Lock()


@contextlib.contextmanager
def _collector_at_ease():
    """The cyclic garbage collector runs less often while chunks are extracted: the stages make and drop
    many small containers, all freed by reference counting, and at its default threshold (700 new
    containers) the collector ran about fourteen times a document for nothing — 2–3% of the batch's
    time. The threshold is restored when the last chunk in progress (in any thread) is done; a collector
    switched off (threshold 0) stays off."""
    import gc

    with _eased_lock:
        if _eased["chunks"] == 0:
            _eased["threshold"] = gc.get_threshold()
            if _eased["threshold"][0]:
                gc.set_threshold(_EASED_THRESHOLD, *_eased["threshold"][1:])
        _eased["chunks"] += 1
    try:
        yield
    finally:
        with _eased_lock:
            _eased["chunks"] -= 1
            if _eased["chunks"] == 0:
                gc.set_threshold(*_eased["threshold"])


def _together(records: list[Record], timeout: float | None) -> list[bytes] | None:
    """The lines of records without errors, extracted stage by stage; None if any record fails."""
    from . import pipeline

    try:
        with _time_limit(timeout):
            datas = pipeline.documents_data([(r.text, r.doc_id, r.published) for r in records])
        return [_document_line(record, data) for record, data in zip(records, datas)]
    except (_Timeout, Exception):
        return None


def _document_line(record: Record, data: dict) -> bytes:
    """The line of a record's Document: the warnings of reading it (bytes replaced) come first."""
    data["warnings"][:0] = record.warnings
    return document_json(data)


def chunks(records: Iterable[Record], max_records: int, max_chars: int) -> Iterator[list[Record]]:
    """The records in order, in lists of at most `max_records` records and about `max_chars` characters."""
    chunk: list[Record] = []
    size = 0
    for record in records:
        chunk.append(record)
        size += len(record.text or "")
        if len(chunk) >= max_records or size >= max_chars:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def error_line(doc_id: str, code: str, message: str) -> bytes:
    return encoded(json.dumps({"doc_id": doc_id, "error": {"code": code, "message": message}},
                              ensure_ascii=False, separators=(",", ":")))


def encoded(line: str) -> bytes:
    """An output line as the batch writes it: UTF-8, lone surrogates (which UTF-8 cannot hold, and which
    only ever stand inside JSON strings) as `\\udXXX` escapes, which read back as the same string.

    Lines stay bytes from the extractor to the file: a worker's line crosses the pipe to the parent
    without being decoded, pickled as text, unpickled and encoded again (about a twentieth of the work
    of a batch, whose lines hold 11 kB of JSON per release)."""
    return line.encode("utf-8", "backslashreplace")


def document_json(data: dict) -> bytes:
    """The JSON line of a Document's plain data (pipeline.document_data), as the Document would write it,
    UTF-8 encoded.

    orjson writes it in half the time pydantic_core takes, byte for byte the same (the tests hold the
    two equal); what orjson refuses (a lone surrogate) goes the slower way."""
    import orjson

    try:
        return orjson.dumps(data)
    except TypeError:  # orjson.JSONEncodeError
        return encoded(_document_json_slowly(data))


def _document_json_slowly(data: dict) -> str:
    from pydantic_core import PydanticSerializationError, to_json

    try:
        return to_json(data, inf_nan_mode="null").decode()  # a Document writes an infinite value as null
    except PydanticSerializationError:  # lone surrogates: json.dumps keeps them; the writer escapes them
        from .models import Document

        return json.dumps(Document.model_validate(data).model_dump(mode="json"), ensure_ascii=False,
                          separators=(",", ":"))


def document_text(data: dict, indent: int | None = None) -> str:
    """A Document's plain data as `policy-extract extract` prints it: the validated Document's JSON, with
    json.dumps's spacing (indented if asked), without loading the models for it."""
    try:
        return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    except ValueError:  # a value out of float range, which the Document writes as null
        return json.dumps(json.loads(document_json(data)), ensure_ascii=False, indent=indent)


def read_inputs(paths: list[str], *, max_chars: int = DEFAULT_MAX_CHARS,
                blank_lines: Counter | None = None) -> Iterator[Record]:
    """The records of every input, in order, read lazily. `max_chars` (0: no limit) bounds what any one
    record may hold in memory; `blank_lines["n"]` counts the blank lines skipped."""
    from .ioread import is_jsonl, text_files

    several = len(paths) > 1
    for path in paths:
        if is_jsonl(path):
            yield from _jsonl_records(path, several, max_chars, blank_lines)
        elif Path(path).is_dir():
            root = Path(path)
            for file in text_files(root):
                yield _text_record(file, _strip_suffixes(file.relative_to(root).as_posix()), max_chars)
        else:
            yield _text_record(Path(path), _strip_suffixes(Path(path).name), max_chars)


def _strip_suffixes(name: str) -> str:
    for suffix in (".gz", ".txt"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name


def _jsonl_records(path: str, several: bool, max_chars: int, blank_lines: Counter | None) -> Iterator[Record]:
    from .ioread import bounded_lines, open_binary
    from .textfile import _SIGNATURES

    name = "stdin" if path == "-" else Path(path).name
    limit = max_chars * 6 + (1 << 20) if max_chars else None  # \uXXXX escapes: six bytes a character
    try:
        with open_binary(path) as stream:
            for line in bounded_lines(stream, limit):
                fallback = f"{name}:{line.number}" if several else str(line.number)
                where = f"{name} line {line.number}"
                if line.number == 1 and line.data is not None:
                    what = next((w for sig, w in _SIGNATURES if line.data.startswith(sig)), None)
                    if what:
                        yield Record(name, error=("binary_file", f"{name}: {what}, not JSON Lines"), where=name)
                        return
                if line.data is None:
                    yield Record(fallback, error=("too_long", f"line is {line.size:,} bytes, more than a record of "
                                                              f"{max_chars:,} characters (--max-chars) can take"),
                                 where=where)
                    continue
                if not line.data.strip():
                    if blank_lines is not None:
                        blank_lines["n"] += 1
                    continue
                record = _decode_line(line.data, fallback, max_chars)
                record.where = where
                yield record
    except (OSError, EOFError, zlib.error) as exc:  # a damaged gzip stream, a vanished file: say so, once
        yield Record(f"{name}:unreadable", error=("unreadable_file", f"{name}: {exc}"), where=name)


def _decode_line(data: bytes, fallback: str, max_chars: int) -> Record:
    """The Record of one line as read. orjson reads valid UTF-8 JSON straight from the bytes, a third of the
    time of decoding them to a string first (which it would encode back to UTF-8); what it refuses takes
    the way of a string, where the other readers and the messages are."""
    import orjson

    try:
        return record_from_object(orjson.loads(data), fallback, max_chars=max_chars)
    except orjson.JSONDecodeError:
        pass
    try:
        return parse_record(data.decode("utf-8"), fallback, max_chars=max_chars)
    except UnicodeDecodeError:
        pass
    from .contract import warning
    from .textfile import _decode_counting

    text, errors = _decode_counting(data, "utf-8")
    record = parse_record(text, fallback, max_chars=max_chars)
    if record.error is None:
        first = record.text.find("\ufffd")
        record.warnings.append(warning(
            "replaced_bytes",
            f"{len(errors)} invalid UTF-8 byte sequence(s) in the line were replaced by U+FFFD; "
            f"the first at byte {errors[0][0]} of the line",
            (first, first + 1) if first >= 0 else None, record.text))
    return record


def _text_record(path: Path, doc_id: str, max_chars: int) -> Record:
    from .textfile import BinaryInput, TooLarge, read_text_file

    where = str(path)
    try:
        text, warnings = read_text_file(path, max_bytes=max_chars * 4 + 4 if max_chars else None)
    except TooLarge as exc:
        return Record(doc_id, error=("too_long", str(exc)), where=where)
    except BinaryInput as exc:
        return Record(doc_id, error=("binary_file", str(exc)), where=where)
    except OSError as exc:
        return Record(doc_id, error=("unreadable_file", f"{path}: {exc.strerror or exc}"), where=where)
    if max_chars and len(text) > max_chars:
        return Record(doc_id, error=too_long(len(text), max_chars), where=where)
    return Record(doc_id, text=text, warnings=warnings, where=where)


# A chunk of records goes through the stages together (process_chunk); 32 records keep a stage's code and
# patterns in the caches about as well as more would, and 200k characters bound what a chunk holds.
CHUNK_RECORDS = 32
CHUNK_CHARS = 200_000


@dataclass
class Done:
    """A chunk of records with their output lines, in order, as the batch writes them: a chunk at a time.
    `member`: the lines as one gzip member (iowrite.gzip_member), when a worker compressed them for a
    gzip output."""

    records: list[Record]
    lines: list[bytes]
    member: bytes | None = None


def run_serial(records: Iterable[Record], *, timeout: float | None = None) -> Iterator[Done]:
    """The records with their output lines, in order, in this process: in chunks of up to 32 records
    (200k characters), which `process_chunk` extracts together."""
    for chunk in chunks(records, CHUNK_RECORDS, CHUNK_CHARS):
        yield Done(chunk, process_chunk(chunk, timeout=timeout))
