"""Writing batch output: whole lines, and picking up an interrupted run where it stopped.

Lines go out a chunk at a time, in one write, flushed, so a run stopped by Ctrl-C, a closed pipe or a
kill leaves only whole lines behind — except, after a hard kill, possibly one partial last line, which
`resume` cuts off before appending. Gzip output (`*.gz`) is written the same way, each chunk one complete
gzip member (a gzip file is any number of them, read as one stream), so what a kill leaves is readable up
to its last chunk; a member cut short is dropped by `resume`, which rewrites the whole lines before it.

Lines arrive as bytes, with lone surrogates (`"\\ud800"` in the input JSON, which UTF-8 cannot hold)
already written as JSON escapes by `batch.encoded`.
"""
from __future__ import annotations

import gzip
import json
import os
import signal
import sys
import threading
import zlib
from array import array
from bisect import bisect_left
from hashlib import blake2b
from typing import BinaryIO

import regex

_DOC_ID = regex.compile(rb'"doc_id"\s*+:\s*+("(?:[^"\\]|\\.)*+")')


def _is_gzip(path: str) -> bool:
    return path.lower().endswith(".gz")


def gzip_member(lines: list[bytes]) -> bytes:
    """Lines, each with its newline, as one complete gzip member, with no time stamp: the same lines give
    the same bytes, whichever process compressed them (a worker, for a parallel batch)."""
    return gzip.compress(b"".join(line + b"\n" for line in lines), compresslevel=6, mtime=0)


class Sink:
    """The output of a batch: a file (`*.gz` compressed) or `-` for stdout, written whole lines at a time."""

    def __init__(self, path: str, *, append: bool = False):
        self.path = path
        self.compressed = path != "-" and _is_gzip(path)
        self.empty = not append
        self.stream: BinaryIO = sys.stdout.buffer if path == "-" else open(path, "ab" if append else "wb")

    def write_lines(self, lines: list[bytes], member: bytes | None = None) -> None:
        """Lines as `batch` makes them (UTF-8, lone surrogates escaped: `batch.encoded`), each with a newline,
        in one write; to a gzip output as one member: `member` when a worker compressed them already, else
        compressed here."""
        if self.compressed:
            data = member if member is not None else gzip_member(lines)
        else:
            data = b"".join(line + b"\n" for line in lines)
        self.stream.write(data)
        self.stream.flush()
        self.empty = False

    def close(self) -> None:
        if self.compressed and self.empty:
            self.write_lines([])  # a gzip file of no lines still has a member: gzip -d reads it
        if self.path == "-":
            self.stream.flush()
        else:
            self.stream.close()


class LineGuard:
    """Ctrl-C lands between output lines: an interrupt that arrives while a line is written and counted
    (between `hold` and `release`) is raised only when both are done, so the count the interrupted run
    reports is the number of lines in its output. Anywhere else — waiting for a slow document — the
    interrupt is raised at once. Only takes over Ctrl-C where Python's default handler has it (the main
    thread, not started with SIGINT ignored)."""

    def __init__(self):
        self.busy = self.pending = False
        self.previous = None

    def __enter__(self) -> LineGuard:
        if threading.current_thread() is threading.main_thread() \
                and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            self.previous = signal.signal(signal.SIGINT, self._interrupted)
        return self

    def __exit__(self, *exc) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)

    def _interrupted(self, signum, frame) -> None:
        if self.busy:
            self.pending = True
        else:
            raise KeyboardInterrupt

    def hold(self) -> None:
        self.busy = True

    def release(self) -> None:
        self.busy = False
        if self.pending:
            self.pending = False
            raise KeyboardInterrupt


def _hash(doc_id: str) -> int:
    return int.from_bytes(blake2b(doc_id.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "big")


class DoneIds:
    """The doc_ids already in an output, as a sorted array of 64-bit hashes (8 bytes per line, so ten
    million lines take 80 MB, not gigabytes of strings). Each line done lets one input record with that
    doc_id be skipped: a doc_id that appears twice in the input and once in the output runs once more."""

    def __init__(self, hashes: array):
        self.hashes = array("Q", sorted(hashes))
        self.used = bytearray(len(self.hashes))

    def __len__(self) -> int:
        return len(self.hashes)

    def take(self, doc_id: str) -> bool:
        h = _hash(doc_id)
        i = bisect_left(self.hashes, h)
        while i < len(self.hashes) and self.hashes[i] == h:
            if not self.used[i]:
                self.used[i] = 1
                return True
            i += 1
        return False


class ResumeError(Exception):
    """The output cannot be resumed (it is not our JSON Lines); the message says which line."""


def resume(path: str) -> DoneIds:
    """The doc_ids already written to `path`, after cutting off a partial last line (a run killed in the
    middle of a write). A missing or empty file has none."""
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return DoneIds(array("Q"))
    if _is_gzip(path):
        return _resume_gzip(path)
    hashes = array("Q")
    good_end = 0
    with open(path, "rb") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.endswith(b"\n"):
                break  # the partial last line: cut below
            hashes.append(_hash(_doc_id_of(line, number, path)))
            good_end += len(line)
    if good_end != os.path.getsize(path):
        os.truncate(path, good_end)
    return DoneIds(hashes)


def _doc_id_of(line: bytes, number: int, path: str) -> str:
    m = _DOC_ID.search(line)
    if not m or not line.rstrip().endswith(b"}"):
        raise ResumeError(f"{path} line {number} is not an output line of policy-extract; not resuming")
    return json.loads(m.group(1))


def _resume_gzip(path: str) -> DoneIds:
    hashes = array("Q")
    lines_ok = complete = 0
    try:
        with gzip.open(path, "rb") as fh:
            for line in fh:
                if not line.endswith(b"\n"):
                    break
                hashes.append(_hash(_doc_id_of(line, lines_ok + 1, path)))
                lines_ok += 1
            else:
                complete = 1
    except (EOFError, OSError, zlib.error):
        pass  # cut short by a kill: keep the whole lines before the damage
    if not complete:
        _rewrite_gzip(path, lines_ok)
    return DoneIds(hashes)


def _rewrite_gzip(path: str, lines: int) -> None:
    """Keep the first `lines` lines of a damaged gzip output in a fresh, complete stream."""
    tmp = path + ".resume-tmp"
    with gzip.open(path, "rb") as src, gzip.open(tmp, "wb") as dst:
        for _ in range(lines):
            dst.write(src.readline())
    os.replace(tmp, path)
