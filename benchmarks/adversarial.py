"""Extraction time on adversarial text from 10k to 1M characters — long numeral runs, unclosed 《 and “,
punctuation storms — to show that it grows linearly (issue 4: bounded cost).

    .venv/bin/python benchmarks/adversarial.py              # the table, each run capped at --cap seconds
    .venv/bin/python benchmarks/adversarial.py --patterns   # also: which compiled pattern is super-linear

For each kind of text it prints the time at every size and the growth exponent between the two largest
sizes that finished (1.0 is linear, 2.0 quadratic). A run over the cap is stopped by the batch timeout and
shown as `>cap`, so a quadratic case costs a minute, not a night. Not a test: it asserts nothing.
"""
from __future__ import annotations

import argparse
import dataclasses
import functools
import importlib
import math
import pkgutil
import re
import time

import regex

SIZES = (10_000, 30_000, 100_000, 300_000, 1_000_000)
KINDS = {  # the repeated unit of each kind of text
    "Arabic numeral run": "1234567890",
    "Chinese numeral run": "一二三四五六七八九十百千万亿",
    "digit-by-digit years": "二〇二五",
    "unclosed 《": "《",
    "unclosed “": "“",
    "punctuation": "，。、；：！？",
    "mixed: 《“ + numerals": "《“到2027年培育企业120家，增长5.5%（",
    "policy prose, no punctuation": "全区培育专精特新企业一百二十家新增上市企业十家",
    "blank lines": "\n",
}


def run_kinds(sizes, cap: float) -> None:
    from policy_extract.batch import Record, process
    from policy_extract.parallel import warm

    warm()
    print(f"{'text':32s}" + "".join(f"{n:>11,}" for n in sizes) + "   growth")
    for name, unit in KINDS.items():
        row, done = [], []
        for n in sizes:
            text = (unit * (n // len(unit) + 1))[:n]
            start = time.perf_counter()
            line = process(Record(name, text=text), timeout=cap).decode()
            elapsed = time.perf_counter() - start
            if '"error":{"code":"timeout"' in line[:60]:
                row.append(f">{cap:.0f}s")
                break
            if '"error"' in line[:40]:
                row.append("error")
                print(f"  ({name} at {n:,}: {line[:160]})")
                break
            row.append(f"{elapsed:.3f}s")
            done.append((n, elapsed))
        growth = ""
        if len(done) >= 2 and done[-2][1] > 0:
            (n1, t1), (n2, t2) = done[-2], done[-1]
            growth = f"{math.log(max(t2, 1e-9) / t1) / math.log(n2 / n1):.2f}"
        row += [""] * (len(sizes) - len(row))
        print(f"{name:32s}" + "".join(f"{c:>11s}" for c in row) + f"   {growth}")


def core_patterns() -> dict:
    """Every compiled str pattern of the pipeline: module constants and lexicons built from data files."""
    import policy_extract

    found: dict = {}

    def collect(value, name):
        if isinstance(value, (re.Pattern, regex.Pattern)):
            if isinstance(value.pattern, str):
                found[name] = value
        elif isinstance(value, dict):
            for key, item in value.items():
                collect(item, f"{name}[{key}]")
        elif isinstance(value, (list, tuple)):
            for i, item in enumerate(value):
                collect(item, f"{name}[{i}]")
        elif dataclasses.is_dataclass(value) and not isinstance(value, type):
            for f in dataclasses.fields(value):
                collect(getattr(value, f.name), f"{name}.{f.name}")

    for info in pkgutil.walk_packages(policy_extract.__path__, "policy_extract."):
        last = info.name.split(".")[-1]
        if last in ("__main__", "dask", "spacy_component", "view", "cli", "evaluate", "iowrite") or ".formats" in info.name:
            continue
        module = importlib.import_module(info.name)
        for name, value in list(vars(module).items()):
            if isinstance(value, functools._lru_cache_wrapper) and value.__module__ == info.name \
                    and name not in ("_jieba", "_t2s"):
                try:
                    value, name = value(), name + "()"
                except TypeError:
                    continue
            collect(value, f"{info.name}.{name}")
    return found


def scan_patterns(units) -> None:
    """finditer over 1k and 16k characters of each unit: a pattern growing more than 48× is named.
    (A pattern the pipeline only uses anchored, with .match at one position, may show here and still be
    harmless there: check how it is called.)"""
    patterns = core_patterns()
    print(f"\nscanning {len(patterns)} compiled patterns:")
    for unit_name, unit in units.items():
        small, big = unit * (1000 // len(unit) + 1), unit * (16000 // len(unit) + 1)
        for name, pattern in patterns.items():
            start = time.perf_counter()
            for _ in pattern.finditer(big):
                pass
            t_big = time.perf_counter() - start
            if t_big < 0.05:
                continue
            start = time.perf_counter()
            for _ in pattern.finditer(small):
                pass
            t_small = time.perf_counter() - start
            if t_big > 48 * max(t_small, 1e-4):
                print(f"  {name}: {unit_name!r} {t_small * 1e3:.1f} ms at 1k chars, {t_big * 1e3:.0f} ms at 16k")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cap", type=float, default=60.0, help="seconds before one run is stopped (default 60)")
    parser.add_argument("--max-size", type=int, default=SIZES[-1], help="largest size (default 1,000,000)")
    parser.add_argument("--patterns", action="store_true", help="also scan every compiled pattern of the core")
    args = parser.parse_args(argv)
    run_kinds([n for n in SIZES if n <= args.max_size], args.cap)
    if args.patterns:
        scan_patterns({**KINDS, "tone vowels": "ā", "percent signs": "5%", "digits": "1"})


if __name__ == "__main__":
    main()
