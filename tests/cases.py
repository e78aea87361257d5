"""Helpers for the table-driven tests: the JSON spec tables in `corpora/cases/`, the annotated documents in
`corpora/documents/`, and matching by the shared scorer's rules (`../shared/tools/score.py`,
`../shared/docs/annotation-guidelines.md`) through `policy_extract.evaluate`.

A case may carry `"xfail": "reason"`: a known gap (other aspects of the same case use their own keys, such
as `xfail_years` or `xfail_script`). It becomes a STRICT expected failure, so a fix turns the
test red until the case is promoted (the `xfail` key removed).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

# the tests match as the shared scorer does, through the project's evaluator (re-exported from here)
from policy_extract.evaluate import AREAS, evaluate, metric_fits, norm_name, norm_unit, same_value, year_of  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "corpora" / "cases"
DOCUMENTS = ROOT / "corpora" / "documents"
HARD_DOCUMENTS = ROOT / "corpora" / "hard"  # documents we read worse: their own floor (tests/test_corpus.py)


def load_cases(name: str) -> list[dict]:
    return json.loads((CASES / name).read_text(encoding="utf-8"))


def case_id(case: dict, i: int) -> str:
    label = case.get("id") or case.get("input", "")
    label = re.sub(r"\s+", " ", str(label)).strip()
    return f"{i:03d}:{label[:24]}"


def params(cases: list[dict], xfail_key: str | None = "xfail") -> list:
    """One pytest.param per case; a case with a reason under `xfail_key` is a strict expected failure.

    The main test of a table reads `xfail`; a test that checks another aspect of the same cases reads its
    own key (`xfail_years`, `xfail_script`, …) or none at all (`xfail_key=None`: spans must always hold)."""
    out = []
    for i, case in enumerate(cases):
        reason = case.get(xfail_key) if xfail_key else None
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        out.append(pytest.param(case, id=case_id(case, i), marks=marks))
    return out


def load_documents(folder: Path = DOCUMENTS) -> list[dict]:
    docs = []
    for path in sorted(folder.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                doc = json.loads(line)
                doc["_file"] = f"{path.name}:{n}"
                docs.append(doc)
    return docs


# --- matching: the project's evaluator, which follows the shared scorer's rules ------------------------

def same_optional_value(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return same_value(a, b)


def score(docs: list[dict], preds: dict[str, dict]) -> tuple[dict, list]:
    """Per-area precision / recall / F1 of predictions (doc_id -> Document as dict) against gold documents,
    with `policy_extract.evaluate` (the reference scorer's numbers), and its error listing."""
    report = evaluate(docs, preds)
    return report.as_dict(), report.errors


# --- short renderings for assertion messages ----------------------------------------------------------

def brief_quantity(q: dict) -> dict:
    out = {"text": q["span"]["text"], "value": q["value"], "unit": q["unit"], "kind": q["kind"],
           "comparator": q["comparator"]}
    if q.get("change"):
        out["change"] = q["change"]
    if q.get("value_max") is not None:
        out["value_max"] = q["value_max"]
    out["rule"] = q.get("rule")
    return out


def brief_target(t: dict) -> dict:
    return {"metric": t["metric"], "value": t["value"], "value_max": t.get("value_max"), "unit": t["unit"],
            "comparator": t["comparator"], "change": t.get("change"), "commitment": t.get("commitment"),
            "deadline": year_of(t.get("deadline")), "subject": t.get("subject"),
            "evidence": t["evidence"]["text"], "rule": t.get("rule")}


def dump(items) -> str:
    return json.dumps(items, ensure_ascii=False, indent=1)


def extract_dict(text: str, published: str | None = None) -> dict:
    from policy_extract import extract

    return json.loads(extract(text, published=published).model_dump_json())
