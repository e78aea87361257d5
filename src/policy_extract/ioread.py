"""Reading batch inputs as streams: files, gzip (by signature, whatever the name), stdin, directory trees.

Nothing here holds more than one line (or one file) at a time, and a line is never read past a byte limit:
an over-long line is skipped in pieces and reported by its size, so a 10 GB line cannot exhaust memory.
"""
from __future__ import annotations

import gzip
import io
import os
import sys
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterator

from .textfile import GZIP_MAGIC

JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
TEXT_SUFFIXES = (".txt", ".txt.gz")


def is_jsonl(name: str) -> bool:
    return name == "-" or name.lower().endswith(JSONL_SUFFIXES)


@contextmanager
def open_binary(path: str) -> Iterator[BinaryIO]:
    """A binary stream of `path` (`-` is stdin), transparently gunzipped when it starts with the gzip signature."""
    if path == "-":
        raw, close = sys.stdin.buffer, False
    else:
        raw, close = open(path, "rb"), True
    try:
        buffered = raw if hasattr(raw, "peek") else io.BufferedReader(raw)
        if buffered.peek(2)[:2] == GZIP_MAGIC:
            with gzip.GzipFile(fileobj=buffered, mode="rb") as gz:
                yield _utf8(io.BufferedReader(gz, buffer_size=1 << 16))
        else:
            yield _utf8(buffered)
    finally:
        if close:
            raw.close()


class _Utf16Lines:
    """JSON Lines saved as UTF-16 (with BOM), read back as UTF-8 lines: a Windows editor's habit."""

    def __init__(self, stream: BinaryIO):
        self.text = io.TextIOWrapper(stream, encoding="utf-16", errors="replace", newline="")

    def readline(self, limit: int = -1) -> bytes:
        return self.text.readline(limit).encode("utf-8", "surrogatepass")


def _utf8(stream):
    return _Utf16Lines(stream) if stream.peek(2)[:2] in (b"\xff\xfe", b"\xfe\xff") else stream


@dataclass
class Line:
    number: int  # 1-based, counting every physical line
    data: bytes | None  # None when the line was longer than the limit
    size: int  # bytes, without the newline


def bounded_lines(stream: BinaryIO, limit: int | None) -> Iterator[Line]:
    """The lines of `stream`; a line over `limit` bytes comes back with `data=None` and its full size,
    having been skipped in pieces of at most `limit` bytes."""
    number = 0
    while True:
        chunk = stream.readline(limit + 1) if limit else stream.readline()
        if not chunk:
            return
        number += 1
        if chunk.endswith(b"\n") or not limit or len(chunk) <= limit:
            yield Line(number, chunk.rstrip(b"\r\n"), len(chunk.rstrip(b"\r\n")))
            continue
        size = len(chunk)
        while not chunk.endswith(b"\n"):
            chunk = stream.readline(limit)
            if not chunk:
                break
            size += len(chunk)
        yield Line(number, None, size - (1 if chunk.endswith(b"\n") else 0))


def text_files(root: Path) -> Iterator[Path]:
    """`*.txt` and `*.txt.gz` files under `root`, recursively, in sorted path order, listed one directory
    at a time (a tree of a million files is never held in memory at once)."""
    try:
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            yield from text_files(Path(entry.path))
        elif entry.is_file() and entry.name.lower().endswith(TEXT_SUFFIXES):
            yield Path(entry.path)
