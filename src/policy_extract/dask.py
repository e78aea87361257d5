"""Dask adapter: extraction mapped over a Dask bag or data frame, partition by partition, with the same
output lines as `policy-extract batch` (optional extra: `pip install policy-extract[dask]`).

    import dask.bag as db
    from policy_extract.dask import extract_bag

    lines = extract_bag(db.read_text("s3://bucket/news-*.jsonl", blocksize="64MiB"))
    lines.to_textfiles("s3://bucket/out/*.jsonl")          # one JSON line per input record, in order

Every record gives exactly one line — the Document, or `{"doc_id", "error"}` — exactly as the CLI writes
it: `extract_lines` and `extract_frame` call the same `batch.parse_record`/`batch.process_chunk`. Records without
an id fall back to their line (row) number, counted across partitions as the CLI counts lines of one input:
the adapter counts each partition first (a cheap pass) and hands every partition its first line number.

`extract_lines` and `extract_frame` are plain functions of one partition: they are what to call from
another engine (Spark `mapInPandas`, Ray `map_batches`; see docs/scaling.md). Dask itself is imported only
by `extract_bag` and `extract_dataframe`.

Dask converts object columns to strings by default (`dataframe.convert-string`), so a numeric id in a data
frame arrives as a string and is accepted, where the CLI reports `invalid_id`; set that option to False for
the CLI's behaviour. Not here: `--timeout` (Dask runs tasks in threads, where no alarm can interrupt them) — bound the work
with `max_chars` instead.
"""
from __future__ import annotations

import math
import operator
from typing import TYPE_CHECKING, Iterable

from .batch import (CHUNK_CHARS, CHUNK_RECORDS, DEFAULT_MAX_CHARS, chunks, parse_record, process_chunk,
                    record_from_object)

if TYPE_CHECKING:
    import pandas

__all__ = ["extract_lines", "extract_frame", "extract_bag", "extract_dataframe"]


def extract_lines(lines: Iterable, *, first_line: int = 1, max_chars: int = DEFAULT_MAX_CHARS) -> list[str]:
    """Output lines for JSON Lines records (strings, as `db.read_text` gives them, or already decoded
    dicts). Blank lines count as lines but give no output, as in the CLI; `first_line` is the line number
    of the first item, for the ids of records that have none."""
    records = []
    for number, item in enumerate(lines, start=first_line):
        if isinstance(item, str):
            item = item.rstrip("\r\n")
            if not item.strip():
                continue
            records.append(parse_record(item, str(number), max_chars=max_chars))
        else:
            records.append(record_from_object(item, str(number), max_chars=max_chars))
    return [line.decode("utf-8") for chunk in chunks(records, CHUNK_RECORDS, CHUNK_CHARS)
            for line in process_chunk(chunk)]


def extract_frame(frame: "pandas.DataFrame", *, first_row: int = 1, id_column: str = "id",
                  text_column: str = "text", published_column: str = "published",
                  max_chars: int = DEFAULT_MAX_CHARS) -> list[str]:
    """Output lines for the rows of a pandas DataFrame with id / text / published columns (published is
    optional; a missing value — None, NaN, NA — counts as absent). `first_row` numbers the rows for the
    ids of records that have none."""
    columns = {"id": id_column, "text": text_column, "published": published_column}
    present = {key: col for key, col in columns.items() if col in frame.columns}
    rows = zip(*(frame[col].tolist() for col in present.values())) if present else [()] * len(frame)
    objects = ({key: _plain(value) for key, value in zip(present, row) if not _missing(value)} for row in rows)
    return extract_lines(objects, first_line=first_row, max_chars=max_chars)


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        import pandas

        return value is pandas.NA or value is pandas.NaT or (isinstance(value, float) and math.isnan(value))
    except ImportError:
        return isinstance(value, float) and math.isnan(value)


def _plain(value):
    """numpy scalars as Python values, so that a numeric id is reported as a JSON number, as in the CLI."""
    return value.item() if hasattr(value, "item") and not isinstance(value, (str, bytes)) else value


def _firsts(parts):
    """The first line number of each partition (a list or a pandas frame), as delayed values chained one
    after the other."""
    import dask

    first = 1
    for part in parts:
        yield first
        first = dask.delayed(operator.add)(first, dask.delayed(len)(part))


def extract_bag(bag, *, max_chars: int = DEFAULT_MAX_CHARS):
    """A bag of output lines (str, no newline) for a bag of JSON Lines strings or dicts, partition by partition."""
    import dask
    import dask.bag as db

    parts = [dask.delayed(list)(part) for part in bag.to_delayed()]  # counted, then read: materialise once
    return db.from_delayed([dask.delayed(extract_lines)(part, first_line=first, max_chars=max_chars)
                            for part, first in zip(parts, _firsts(parts))])


def extract_dataframe(df, *, id_column: str = "id", text_column: str = "text", published_column: str = "published",
                      max_chars: int = DEFAULT_MAX_CHARS):
    """A Dask Series `json` of output lines, one per row of `df`, on the same index."""
    import dask
    import dask.dataframe as dd
    import pandas

    options = dict(id_column=id_column, text_column=text_column, published_column=published_column,
                   max_chars=max_chars)
    parts = df.to_delayed()
    series = [dask.delayed(_frame_series)(part, first, options) for part, first in zip(parts, _firsts(parts))]
    return dd.from_delayed(series, meta=pandas.Series([], dtype=object, name="json"), verify_meta=False)


def _frame_series(frame, first_row, options):
    import pandas

    return pandas.Series(extract_frame(frame, first_row=first_row, **options), index=frame.index, dtype=object,
                         name="json")
