"""Parallel batch: worker processes that load the pipeline once, fed in small chunks with a bounded number
in flight, results handed back in input order.

Why not `Pool.imap`: it reads the whole input ahead into its task queue, so memory grows with the input.
Here at most `4 × jobs` chunks (each ≤ 32 records and ≤ 200k characters) are out at any time, so memory
stays flat whatever the input size, and the output is byte-identical to `--jobs 1` because every line comes
from the same `batch.process_chunk` (a chunk's records go through the stages together).

A worker that dies (killed for memory, a crash in a C extension) breaks the pool: the chunk it held is run
again one record at a time in a fresh pool, so only a record that kills a worker on its own gets a
`worker_crashed` error line; the other chunks in flight are resubmitted. Workers ignore Ctrl-C: the parent
handles it, stops them, and keeps the lines already written.

Stopping early (Ctrl-C, a reader gone after `| head -1`) asks the workers to stop after the chunk they
are on (tens of milliseconds), and terminates only a worker still busy after a grace period. Terminating a
worker while it writes its result would leave half a message in the result pipe, and the pool's manager
thread — and with it the interpreter at exit — would wait for the rest forever (it did, about one
`| head -1` in thirty).
"""
from __future__ import annotations

import os
import signal
from collections import deque
from typing import Iterable, Iterator

from .batch import CHUNK_CHARS, CHUNK_RECORDS, Done, Record, chunks, error_line, process_chunk

IN_FLIGHT_PER_JOB = 4
# Every stage and lexicon on one short text: workers pay their start-up before the first real record.
WARM_TEXT = ("無錫高新區(qū)发布《行动计划（2024—2026年）》：到2027年，全区力争培育“专精特新”企业１２０家，"
             "新增上市企业10家以上，规上工业增加值增长5.5%左右，研发投入超45亿元；2月4日，正月初七，十四五。")

_CRASHED = ("worker_crashed", "the worker process died while extracting this record")
STOP_GRACE = 3.0  # seconds a stopping worker has to finish its record before it is terminated
_timeout: float | None = None
_stop = None  # the pool's stop event, in a worker
_compress = False  # the output is gzip: a worker compresses its chunk's lines


def cpu_count() -> int:
    """The cores this process may use (the affinity mask, not the machine's total)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def resolve_jobs(jobs: int) -> int:
    """`--jobs 0` means every core this process may use."""
    return cpu_count() if jobs <= 0 else jobs


def warm() -> None:
    """Load every lexicon and compile every pattern now rather than on the first record. The models
    (Pydantic) stay unloaded, as in `--jobs 1`: the batch writes plain data, and a worker would pay a
    fifth of a second for them at start."""
    from .pipeline import document_data

    document_data(WARM_TEXT, doc_id="warm-up")


def _init_worker(timeout: float | None, stop, compress: bool) -> None:
    global _timeout, _stop, _compress
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    _timeout, _stop, _compress = timeout, stop, compress
    warm()


def _work(chunk: list[Record]) -> tuple[list[tuple[bytes, tuple[str, str] | None]], bytes | None]:
    """The chunk's lines with its records' errors, and the lines as a gzip member when the output is gzip:
    compressing takes about a fifth of the time of extracting, too much for the one parent that writes for
    every worker."""
    if _stop is not None and _stop.is_set():
        return [], None  # the parent is stopping and reads no more: a short result, written whole
    from .iowrite import gzip_member

    lines = process_chunk(chunk, timeout=_timeout)
    return [(line, record.error) for record, line in zip(chunk, lines)], gzip_member(lines) if _compress else None


class _Pool:
    """A ProcessPoolExecutor that can be replaced when a worker dies, and stopped at once on Ctrl-C."""

    def __init__(self, jobs: int, timeout: float | None, compress: bool):
        self.jobs, self.timeout, self.compress = jobs, timeout, compress
        self.executor = None
        self.renew()

    def renew(self) -> None:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        if self.executor is not None:
            self.kill()
        self.stop = multiprocessing.Event()
        self.executor = ProcessPoolExecutor(self.jobs, initializer=_init_worker,
                                            initargs=(self.timeout, self.stop, self.compress))

    def submit(self, chunk: list[Record]):
        return self.executor.submit(_work, chunk)

    def close(self) -> None:
        self.executor.shutdown(wait=True)

    def kill(self) -> None:
        """Stop now: no new chunk starts, each worker stops after its chunk, and one still busy after
        STOP_GRACE seconds (a long record, not a write) is terminated."""
        processes = list((getattr(self.executor, "_processes", None) or {}).values())
        self.stop.set()
        self.executor.shutdown(wait=False, cancel_futures=True)
        for proc in processes:
            proc.join(timeout=STOP_GRACE)
        for proc in processes:
            if proc.is_alive():
                proc.terminate()
                proc.join(timeout=5)


def run_parallel(records: Iterable[Record], jobs: int, *, timeout: float | None = None, compress: bool = False
                 ) -> Iterator[Done]:
    """The records with their output lines, in input order, a chunk at a time, computed by `jobs` worker
    processes; with `compress`, each chunk's lines also as a gzip member, made by the worker."""
    from concurrent.futures.process import BrokenProcessPool

    pool = _Pool(jobs, timeout, compress)
    source = chunks(records, CHUNK_RECORDS, CHUNK_CHARS)
    pending: deque = deque()

    def fill():
        while len(pending) < IN_FLIGHT_PER_JOB * jobs:
            chunk = next(source, None)
            if chunk is None:
                return
            pending.append((chunk, pool.submit(chunk)))

    finished = False
    try:
        fill()
        while pending:
            chunk, future = pending.popleft()
            try:
                results, member = future.result()
            except BrokenProcessPool:
                pool.renew()
                results, member = list(_one_by_one(pool, chunk)), None  # the parent compresses these
                for i, (other, _) in enumerate(pending):
                    pending[i] = (other, pool.submit(other))
            for record, (_, error) in zip(chunk, results):
                record.error = error
            yield Done(chunk, [line for line, _ in results], member)
            fill()
        finished = True
    finally:
        if finished:
            pool.close()
        else:  # Ctrl-C, a closed pipe, an abandoned generator: stop the workers now
            pool.kill()


def _one_by_one(pool: _Pool, chunk: list[Record]):
    from concurrent.futures.process import BrokenProcessPool

    for record in chunk:
        try:
            results, _ = pool.submit([record]).result()
            yield results[0]
        except BrokenProcessPool:
            pool.renew()
            yield error_line(record.doc_id, *_CRASHED), _CRASHED
