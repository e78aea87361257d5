"""Throughput, scaling, memory and start-up of policy-extract, in one command:

    .venv/bin/python benchmarks/run.py            # about seven minutes on 2 cores
    .venv/bin/python benchmarks/run.py --docs 300 --scale 3   # a quick look

Prints, for a synthetic corpus it generates (benchmarks/corpus.py):
- how dense the corpus is (quantities, targets, time expressions, initiatives per 1,000 chars);
- whether the stages run compiled (setup.py builds them with Cython; pure Python is about a third slower);
- extraction in one process, chars/s and docs/s, beside `jieba.lcut` on the same texts in the same run,
  chunk by chunk in turn (the issue's target: ≥ 2.5× jieba): the batch's work (text -> JSON line, a chunk of
  records at a time, as the batch reads them), and `extract()`,
  which returns a validated Document instead — and the same on the annotated development texts, with their
  density, when `../shared/corpora` is beside the checkout;
- `policy-extract batch` with --jobs 1 and --jobs 2 (best of five alternating runs, and each round's own
  speed-up, the two runs a minute apart at most), wall clock, and
  whether the two outputs are the same: on the corpus, where each run's half second of start-up weighs,
  and on an input `--scale` times larger (10× by default), where it does not — the speed-up there is the
  one a nightly batch sees (target ≥ 1.7) — and that input once more with gzip output; beside them, what
  two processes of pure CPU work gain over one, measured the same way (the machine's own ceiling: on a
  shared 2-vCPU guest it moves between about 1.4× and 2.0× from one minute to the next);
- peak memory of the batch process and its workers added up, sampled every 50 ms in runs of their own:
  RSS, and PSS (which counts the pages forked workers share with their parent once), at 1× and at the
  larger input (flat memory means the same peak);
- cold start: the median wall time of `policy-extract extract` on one release (target ≤ 0.6 s).
A benchmark, never a test: it asserts nothing; the figures go in the notes of the change.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from corpus import density, document, write_corpus  # noqa: E402

CLI = [sys.executable, "-m", "policy_extract"]


def _tree_memory(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of a process and all its descendants, in bytes (Linux /proc). RSS counts pages the forked
    workers share with their parent once per process; PSS divides them among the sharers."""
    rss = pss = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1]) * 1024
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1]) * 1024
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, ValueError):
            continue
    return rss, pss


def timed_run(args: list[str], *, sample_memory: bool = True) -> tuple[float, tuple[int, int]]:
    """Wall time and peak tree memory (RSS, PSS) of one command; (0, 0) for the memory when not sampled.
    Sampling reads /proc twenty times a second, about 2% of a core, so runs timed against each other are
    not sampled: that 2% would come out of the two busy cores of --jobs 2 but the idle one of --jobs 1."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = (0, 0)

    def sample():
        nonlocal peak
        while sample_memory and proc.poll() is None:
            rss, pss = _tree_memory(proc.pid)
            peak = (max(peak[0], rss), max(peak[1], pss))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    sampler.join()
    if proc.returncode not in (0, 3):
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return elapsed, peak


def in_process(texts: list[str], rounds: int = 3) -> dict[str, float]:
    """Seconds over the same texts for: the batch's work (text -> the JSON line it writes, a chunk of
    records at a time, as `policy-extract batch` reads them), the API's `extract()` (a validated Document,
    one text at a time, not serialised), and `jieba.lcut`; all warmed up first.
    The texts go in the batch's chunks (32), each chunk through every method in turn, `rounds` times; a
    chunk's time for a method is its best round, and a method's time the sum over chunks. A busy second of
    a shared machine then slows one chunk of every method alike, or is outvoted by the other rounds,
    instead of falling on whichever method ran a whole pass through it."""
    import jieba

    from policy_extract import extract
    from policy_extract.batch import CHUNK_RECORDS, Record, process_chunk
    from policy_extract.parallel import WARM_TEXT, warm

    warm()
    extract(WARM_TEXT)  # and the models, which the batch's work does not load
    jieba.setLogLevel(60)
    jieba.lcut("到2027年，培育专精特新企业120家。")
    work = {
        "batch line": lambda part: process_chunk([Record("b", text=t, published="2025-02-04") for t in part]),
        "extract()": lambda part: [extract(t, published="2025-02-04") for t in part],
        "jieba.lcut": lambda part: [jieba.lcut(t) for t in part],
    }
    total = dict.fromkeys(work, 0.0)
    for i in range(0, len(texts), CHUNK_RECORDS):
        part = texts[i:i + CHUNK_RECORDS]
        best = dict.fromkeys(work, float("inf"))
        for _ in range(rounds):
            for name, run in work.items():
                start = time.perf_counter()
                run(part)
                best[name] = min(best[name], time.perf_counter() - start)
        for name in work:
            total[name] += best[name]
    return total


def development_texts() -> list[str]:
    """The annotated development texts beside the checkout (../shared/corpora), when they are there."""
    folder = HERE.parent.parent / "shared" / "corpora"
    return [json.loads(line)["text"] for path in sorted(folder.glob("*.jsonl"))
            for line in path.open(encoding="utf-8") if line.strip()]


def print_ratio(label: str, texts: list[str]) -> None:
    chars = sum(map(len, texts))
    seconds = in_process(texts)
    jieba_s = seconds["jieba.lcut"]
    print(f"{label}:")
    for name, t in seconds.items():
        ratio = "" if name == "jieba.lcut" else f"  {jieba_s / t:.2f}× jieba"
        print(f"  {name:<12} {chars / t:>12,.0f} chars/s  {len(texts) / t:>8,.1f} docs/s{ratio}")
    print(f"  ratio to jieba, text -> JSON line as the batch writes it: {jieba_s / seconds['batch line']:.2f}× "
          "(target ≥ 2.5×)")


# About a second of pure CPU: no I/O, no memory to share, nothing of ours.
SPIN = [sys.executable, "-c", "x = 0\nfor i in range(6_000_000):\n    x += i * i % 7"]


def spin_walls() -> tuple[float, float]:
    """Wall seconds of the pure-CPU loop run alone, and of two of them run at once."""
    def wall(count: int) -> float:
        start = time.perf_counter()
        for proc in [subprocess.Popen(SPIN) for _ in range(count)]:
            proc.wait()
        return time.perf_counter() - start

    return wall(1), wall(2)


def one_and_two_jobs(source: Path, out: Path, rounds: int) -> tuple[tuple, tuple, bool, float, str]:
    """(seconds, peak memory) of `batch --jobs 1` and of `--jobs 2` on one input: the time the best of
    `rounds` alternating runs (a busy moment of a shared machine favours neither), the memory that of one
    more run each, sampled; whether the two outputs are byte-identical; the machine's own two-process
    ceiling, measured the same way beside them: how much more two processes of pure CPU work get done at
    once than one alone — 2.0 on two free cores, less when the host runs the two vCPUs on one physical
    core or lends one to another guest; and the speed-up and ceiling of each round, the two runs of a
    round being a minute apart at most, with their median: the host's speed drifts by a fifth within
    minutes, and the best of each of five runs may come from different moments."""
    outs = {1: out.with_name("jobs1-" + out.name), 2: out.with_name("jobs2-" + out.name)}
    command = {jobs: CLI + ["batch", str(source), "-o", str(outs[jobs]), "--jobs", str(jobs), "-q"] for jobs in outs}
    walls: dict[int, list[float]] = {1: [], 2: []}
    spins = []
    for _ in range(rounds):
        spins.append(spin_walls())
        for jobs in (1, 2):
            walls[jobs].append(timed_run(command[jobs], sample_memory=False)[0])
    peaks = {jobs: timed_run(command[jobs])[1] for jobs in (1, 2)}
    same = outs[1].read_bytes() == outs[2].read_bytes()
    ceiling = 2 * min(alone for alone, _ in spins) / min(pair for _, pair in spins)
    paired = [one / two for one, two in zip(walls[1], walls[2])]
    by_round = (", ".join(f"{ratio:.2f}× ({2 * alone / pair:.2f}×)" for ratio, (alone, pair) in zip(paired, spins))
                + f"; median {statistics.median(paired):.2f}×")
    return (min(walls[1]), peaks[1]), (min(walls[2]), peaks[2]), same, ceiling, by_round


def ceiling_note(ceiling: float) -> str:
    return f"two processes of pure CPU work, best of the same rounds: {ceiling:.2f}× of one (the machine's ceiling)"


def cold_start(sample: Path, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(CLI + ["extract", str(sample)], stdout=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def mib(peak: tuple[int, int]) -> str:
    return f"{peak[0] / 2**20:,.0f} MiB RSS / {peak[1] / 2**20:,.0f} MiB PSS"


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=1500, help="documents in the base corpus (default 1500)")
    parser.add_argument("--scale", type=int, default=10, help="size of the large run, in base corpora (default 10)")
    parser.add_argument("--cold-runs", type=int, default=7, help="runs of the cold-start measurement (default 7)")
    parser.add_argument("--rounds", type=int, default=5,
                        help="alternating --jobs 1 / --jobs 2 runs, of which the best of each counts (default 5)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="policy-extract-bench-") as tmp:
        tmp = Path(tmp)
        base, large = tmp / "base.jsonl", tmp / "large.jsonl"
        chars = write_corpus(base, args.docs)
        large_chars = write_corpus(large, args.docs * args.scale, seed=7)
        texts = [json.loads(line)["text"] for line in base.open(encoding="utf-8")]
        print(f"corpus: {args.docs:,} synthetic releases, {chars:,} characters ({chars / args.docs:,.0f} per document); "
              f"cores available: {len(os.sched_getaffinity(0))}")

        from policy_extract import _build, extract
        from policy_extract.pipeline import document_data  # noqa: F401  (every stage, to say how they run)

        compiled = _build.compiled_modules()
        print(f"stages compiled with Cython: {len(compiled)} modules" if compiled else
              "stages compiled with Cython: none — pure Python, about a third slower (no C compiler at install?)")

        per_k = density(texts[:300], extract)
        print("items per 1,000 chars: " + ", ".join(f"{area} {n:.1f}" for area, n in per_k.items()))
        print()
        print_ratio("in one process (no start-up)", texts)
        dev = development_texts()
        if dev:
            per_k = density(dev, extract)
            print(f"\nthe {len(dev)} development texts (../shared/corpora, {sum(map(len, dev)):,} chars), "
                  "items per 1,000 chars: " + ", ".join(f"{area} {n:.1f}" for area, n in per_k.items()))
            print_ratio("  in one process, ten passes", dev * 10)

        (t1, rss1), (t2, rss2), same, ceiling, by_round = one_and_two_jobs(base, tmp / "out.jsonl", rounds=args.rounds)
        print(f"\npolicy-extract batch (wall clock, start-up included), {args.docs:,} documents:")
        print(f"  --jobs 1      {chars / t1:>12,.0f} chars/s  {args.docs / t1:>8,.1f} docs/s  {t1:6.1f} s  peak {mib(rss1)}")
        print(f"  --jobs 2      {chars / t2:>12,.0f} chars/s  {args.docs / t2:>8,.1f} docs/s  {t2:6.1f} s  peak {mib(rss2)}")
        print(f"  speed-up: {t1 / t2:.2f}× (each run pays about half a second of start-up); "
              f"outputs byte-identical: {same}")
        print(f"  {ceiling_note(ceiling)}")
        print(f"  round by round, speed-up (ceiling): {by_round}")

        docs3 = args.docs * args.scale
        (t31, rss31), (t32, rss32), same3, ceiling3, by_round3 = one_and_two_jobs(large, tmp / "large.jsonl",
                                                                                  rounds=args.rounds)
        print(f"\n{args.scale}× input ({docs3:,} documents, {large_chars:,} chars, "
              f"{large.stat().st_size / 2**20:,.0f} MiB):")
        print(f"  --jobs 1      {large_chars / t31:>12,.0f} chars/s  {docs3 / t31:>8,.1f} docs/s  {t31:6.1f} s  "
              f"peak {mib(rss31)}")
        print(f"  --jobs 2      {large_chars / t32:>12,.0f} chars/s  {docs3 / t32:>8,.1f} docs/s  {t32:6.1f} s  "
              f"peak {mib(rss32)}  ({t32 / t2:.1f}× the time of 1×)")
        print(f"  speed-up of --jobs 2 at scale: {t31 / t32:.2f}× (target ≥ 1.7×); outputs byte-identical: {same3}")
        print(f"  {ceiling_note(ceiling3)}")
        print(f"  round by round, speed-up (ceiling): {by_round3}")
        t3z, rss3z = timed_run(CLI + ["batch", str(large), "-o", str(tmp / "large.jsonl.gz"), "--jobs", "2", "-q"])
        print(f"  --jobs 2, gzip output: {large_chars / t3z:,.0f} chars/s  {t3z:6.1f} s  peak {mib(rss3z)}")
        print(f"  peak memory, --jobs 2: {mib(rss2)} at 1×, {mib(max(rss32, rss3z))} at {args.scale}× "
              "(target ≤ 200 MiB whatever the input size)")

        sample = tmp / "release.txt"
        rnd = random.Random(1)
        release = "\n".join(document(rnd, i)["text"] for i in range(4))  # about the length of a real release
        sample.write_text(release, encoding="utf-8")
        print(f"\ncold start: `policy-extract extract` on one release ({len(sample.read_text()):,} chars), "
              f"median of {args.cold_runs}: {cold_start(sample, args.cold_runs):.3f} s (target ≤ 0.6 s)")


if __name__ == "__main__":
    main()
