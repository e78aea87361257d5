#!/usr/bin/env bash
# Score the development set (../shared/corpora) the way the shared scorer sees it: through `batch`.
# usage: tools/devscore.sh [--show-errors|--json]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$here/../shared}
py=${PYTHON:-$here/.venv/bin/python}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat "$shared"/corpora/*.jsonl > "$tmp/gold.jsonl"
"$py" - "$tmp/gold.jsonl" > "$tmp/in.jsonl" <<'PY'
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        d = json.loads(line)
        r = {"id": d["id"], "text": d["text"]}
        if d.get("published"):
            r["published"] = d["published"]
        print(json.dumps(r, ensure_ascii=False))
PY
"$py" -m policy_extract batch "$tmp/in.jsonl" -o "$tmp/pred.jsonl" 2>/dev/null
"$py" "$shared/tools/score.py" "$tmp/gold.jsonl" "$tmp/pred.jsonl" "$@"
