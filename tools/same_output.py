"""Does a change leave the output byte for byte as it was? For work that should change speed, not results.

    .venv/bin/python tools/same_output.py write /tmp/before.jsonl   # on the commit you start from
    .venv/bin/python tools/same_output.py check /tmp/before.jsonl   # after each change: "0 differ"

The texts: the development set (../shared/corpora, when it is beside the checkout), our corpus
(corpora/documents, corpora/*.txt), every text of the case tables, 600 synthetic releases from the
benchmark's generator, and 400 random windows cut from all of these (sentences cut in half, names and
numbers split at the edge). Each becomes its full JSON line; `check` names the texts whose line changed
and prints the first three, old and new. Nothing is written into the project.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import document  # noqa: E402


def _case_texts(node, out: list) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("text", "input") and isinstance(value, str):
                out.append((value, node.get("published")))
            else:
                _case_texts(value, out)
    elif isinstance(node, list):
        for value in node:
            _case_texts(value, out)


def texts() -> list[tuple[str, str | None]]:
    out: list[tuple[str, str | None]] = []
    for path in sorted((ROOT.parent / "shared" / "corpora").glob("*.jsonl")) + sorted(
            (ROOT / "corpora" / "documents").glob("*.jsonl")):
        for line in path.open(encoding="utf-8"):
            if line.strip():
                record = json.loads(line)
                out.append((record["text"], record.get("published")))
    for path in sorted((ROOT / "corpora" / "cases").glob("*.json")):
        _case_texts(json.loads(path.read_text(encoding="utf-8")), out)
    rnd = random.Random(99)
    out += [(document(rnd, i)["text"], "2025-02-04") for i in range(600)]
    out += [(path.read_text(encoding="utf-8"), None) for path in sorted((ROOT / "corpora").glob("*.txt"))]
    whole = "\n".join(text for text, _ in out)
    for _ in range(400):
        start = rnd.randrange(len(whole))
        out.append((whole[start:start + rnd.randint(20, 900)], rnd.choice([None, "2024-06-30", "2026-01-05"])))
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=["write", "check"])
    parser.add_argument("baseline", type=Path, help="the file of output lines (keep it outside the project)")
    args = parser.parse_args(argv)

    from policy_extract.batch import Record, process

    lines = [process(Record(doc_id=str(i), text=text, published=published)).decode()  # the line a batch writes
             for i, (text, published) in enumerate(texts())]
    if args.action == "write":
        args.baseline.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{len(lines)} texts written to {args.baseline}")
        return 0
    before = args.baseline.read_text(encoding="utf-8").splitlines()
    if len(before) != len(lines):
        print(f"the baseline has {len(before)} texts, this run {len(lines)}: write it again from the same inputs")
        return 2
    changed = [i for i, (old, new) in enumerate(zip(before, lines)) if old != new]
    print(f"{len(lines)} texts; {len(changed)} differ" + (f": {changed[:20]}" if changed else ""))
    for i in changed[:3]:
        print(f"\n#{i} old: {before[i][:1500]}\n#{i} new: {lines[i][:1500]}")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
