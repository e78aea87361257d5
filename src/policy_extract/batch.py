"""Batch: records in, one output line per record, in input order — nothing dropped silently.

Input is JSON Lines of `{"id", "text", "published"?}` or plain text files (one document each).
A record that cannot be processed yields `{"doc_id", "error": {"code", "message"}}` and the run goes on.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

import regex

_DATE = regex.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass
class Record:
    """One unit of work: either a text to extract, or an error already known at reading time."""

    doc_id: str
    text: str | None = None
    published: str | None = None
    error: tuple[str, str] | None = None


@dataclass
class Summary:
    records: int = 0
    failed: int = 0
    reasons: Counter = field(default_factory=Counter)

    def describe(self) -> str:
        if not self.failed:
            return f"{self.records} records, none failed"
        why = ", ".join(f"{n} {code}" for code, n in self.reasons.most_common())
        return f"{self.records} records, {self.failed} failed ({why})"


def records_from_jsonl(lines: Iterable[str], source: str = "") -> Iterator[Record]:
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        fallback = f"{source}:{number}" if source else str(number)
        yield parse_record(line, fallback)


def parse_record(line: str, fallback_id: str) -> Record:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Record(fallback_id, error=("invalid_json", f"line is not JSON: {exc.msg} at column {exc.colno}"))
    if not isinstance(obj, dict):
        return Record(fallback_id, error=("not_an_object", f"line is a JSON {type(obj).__name__}, not an object"))
    raw_id = obj.get("id", obj.get("doc_id"))
    if raw_id is not None and not isinstance(raw_id, (str, int)) or isinstance(raw_id, bool):
        return Record(fallback_id, error=("invalid_id", f"`id` must be a string, not {type(raw_id).__name__}"))
    doc_id = str(raw_id) if raw_id is not None else fallback_id
    text = obj.get("text")
    if "text" not in obj:
        return Record(doc_id, error=("missing_text", "record has no `text` field"))
    if not isinstance(text, str):
        return Record(doc_id, error=("invalid_text", f"`text` must be a string, not {type(text).__name__}"))
    published = obj.get("published")
    if published is not None and (not isinstance(published, str) or not _DATE.match(published)):
        return Record(doc_id, error=("invalid_published", "`published` must be a YYYY-MM-DD string"))
    return Record(doc_id, text=text, published=published)


def process(record: Record) -> str:
    """The output line (JSON, no newline) for one record; never raises for bad input."""
    from . import extract

    if record.error is None:
        try:
            doc = extract(record.text, doc_id=record.doc_id, published=record.published)
            return doc.model_dump_json()
        except Exception as exc:  # one bad record must not stop the batch; say what happened
            record.error = ("extraction_failed", f"{type(exc).__name__}: {exc}")
    code, message = record.error
    return json.dumps({"doc_id": record.doc_id, "error": {"code": code, "message": message}}, ensure_ascii=False)


def read_inputs(paths: list[str]) -> Iterator[Record]:
    import sys

    for path in paths:
        if path == "-":
            yield from records_from_jsonl(sys.stdin, "stdin")
            continue
        p = Path(path)
        if p.suffix in (".jsonl", ".ndjson") or p.name.endswith((".jsonl", ".ndjson")):
            with open(p, encoding="utf-8", errors="replace") as fh:
                yield from records_from_jsonl(fh, p.name)
        else:
            from .textfile import read_text_file

            try:
                text, _warnings = read_text_file(p)
                yield Record(p.stem, text=text)
            except ValueError as exc:
                yield Record(p.stem, error=("unreadable_file", str(exc)))
