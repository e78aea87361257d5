"""Does a change leave the output byte for byte as it was? For work that should change speed, not results.

    .venv/bin/python tools/same_output.py write /tmp/before.jsonl   # on the commit you start from
    .venv/bin/python tools/same_output.py check /tmp/before.jsonl   # after each change: "0 differ"

The texts: the development set (../shared/corpora, when it is beside the checkout), our corpus
(corpora/documents, corpora/*.txt), every text of the case tables, 600 synthetic releases from the
benchmark's generator, and 400 random windows cut from all of these (sentences cut in half, names and
numbers split at the edge). Each becomes its full JSON line; `check` names the texts whose line changed
and prints, for the first five (`--show N`), the items each gained and lost. Nothing is written into the project.
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
    parser.add_argument("--show", type=int, default=5, help="texts whose changed items `check` prints (default 5)")
    args = parser.parse_args(argv)

    from policy_extract.batch import Record, process

    texts_ = texts()
    lines = [process(Record(doc_id=str(i), text=text, published=published)).decode()  # the line a batch writes
             for i, (text, published) in enumerate(texts_)]
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
    for i in changed[:args.show]:
        print(f"\n#{i} {texts_[i][0][:70]!r}")
        for sign, area, item in _item_changes(json.loads(before[i]), json.loads(lines[i])):
            print(f"  {sign} {area}: {item[:300]}")
    return 1 if changed else 0


def _item_changes(old: dict, new: dict):
    """What one text's line gained (+) and lost (-), item by item, area by area; other fields as a whole."""
    for key in old.keys() | new.keys():
        a, b = old.get(key), new.get(key)
        if a == b:
            continue
        if isinstance(a, list) and isinstance(b, list):
            olds = [json.dumps(x, ensure_ascii=False) for x in a]
            news = [json.dumps(x, ensure_ascii=False) for x in b]
            yield from (("-", key, x) for x in olds if x not in news)
            yield from (("+", key, x) for x in news if x not in olds)
        else:
            yield "~", key, f"{json.dumps(a, ensure_ascii=False)} -> {json.dumps(b, ensure_ascii=False)}"


if __name__ == "__main__":
    sys.exit(main())
