"""Helpers for the table-driven tests: the JSON spec tables in `corpora/cases/`, the annotated documents in
`corpora/documents/`, and a small matcher that follows the shared scorer's rules
(`../shared/tools/score.py`, `../shared/docs/annotation-guidelines.md`).

A case may carry `"xfail": "reason"`: a known gap (other aspects of the same case use their own keys, such
as `xfail_years` or `xfail_script`). It becomes a STRICT expected failure, so a fix turns the
test red until the case is promoted (the `xfail` key removed).
"""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "corpora" / "cases"
DOCUMENTS = ROOT / "corpora" / "documents"


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


def load_documents() -> list[dict]:
    docs = []
    for path in sorted(DOCUMENTS.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                doc = json.loads(line)
                doc["_file"] = f"{path.name}:{n}"
                docs.append(doc)
    return docs


# --- normalisation and matching, as the shared scorer does it -------------------------------------------

_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_PAREN = re.compile(r"[(（][^()（）]*[)）]")
_DROP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉【】,，、。;；:：!！?？·…—\-_.()（）]")
UNIT_ALIASES = {
    "元": "CNY", "人民币": "CNY", "rmb": "CNY", "cny": "CNY", "人民币元": "CNY",
    "美元": "USD", "usd": "USD", "欧元": "EUR", "eur": "EUR", "日元": "JPY", "港元": "HKD", "港币": "HKD",
    "％": "%", "百分之": "%", "percent": "%", "個": "个",
}
COMPARATOR_FAMILY = {"eq": "eq", "approx": "eq", "gt": "gt", "ge": "gt", "lt": "lt", "le": "lt"}


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def simplify(s: str | None) -> str:
    return _t2s().convert(_PINYIN.sub("", unicodedata.normalize("NFKC", s or "")))


def norm_name(s: str | None) -> str:
    return _DROP.sub("", simplify(s)).lower()


def norm_metric(s: str | None) -> str:
    return _DROP.sub("", _PAREN.sub("", simplify(s))).lower()


def norm_unit(u):
    if u is None:
        return None
    u = simplify(str(u)).strip()
    return UNIT_ALIASES.get(u.lower(), UNIT_ALIASES.get(u, u)) or None


def same_value(a, b) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def same_optional_value(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return same_value(a, b)


def year_of(d):
    if d is None:
        return None
    if isinstance(d, dict):
        d = d.get("year")
    try:
        return int(str(d)[:4])
    except ValueError:
        return None


def metric_fits(gold_metric: str, pred_metric: str | None) -> bool:
    """The gold metric contained in the predicted one (or nearly all of it), as the scorer checks it."""
    gm, pm = norm_metric(gold_metric), norm_metric(pred_metric or "")
    if not pm or len(pm) > max(2 * len(gm), len(gm) + 8):
        return False
    return gm in pm or (pm in gm and len(pm) >= 0.6 * len(gm))


def target_match(g: dict, p: dict) -> bool:
    if not same_value(g["value"], p.get("value")):
        return False
    if norm_unit(g.get("unit")) != norm_unit(p.get("unit")):
        return False
    if COMPARATOR_FAMILY.get(g.get("comparator", "eq")) != COMPARATOR_FAMILY.get(p.get("comparator") or "eq"):
        return False
    if g.get("deadline") is not None and year_of(g["deadline"]) != year_of(p.get("deadline")):
        return False
    return metric_fits(g["metric"], p.get("metric"))


def quantity_match(g: dict, p: dict) -> bool:
    return same_value(g["value"], p.get("value")) and norm_unit(g.get("unit")) == norm_unit(p.get("unit"))


def initiative_match(g: dict, p: dict) -> bool:
    a, b = norm_name(g["name"]), norm_name(p.get("name") or "")
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return short in long_ and len(short) >= 0.6 * len(long_)


def greedy_match(gold: list[dict], pred: list[dict], fits):
    """One-to-one greedy matching, required gold items first, each in document order:
    (pairs, unmatched gold, unmatched predictions)."""
    used, pairs, missed = set(), [], []
    for g in sorted(gold, key=lambda g: bool(g.get("optional"))):
        for j, p in enumerate(pred):
            if j not in used and fits(g, p):
                used.add(j)
                pairs.append((g, p))
                break
        else:
            missed.append(g)
    return pairs, missed, [p for j, p in enumerate(pred) if j not in used]


def expand_ranges(items: list[dict], area: str) -> list[dict]:
    """A predicted range (value .. value_max) stands for its two ends, as the gold annotates it."""
    out = []
    for p in items:
        if p.get("value_max") is None:
            out.append(p)
            continue
        low, high = dict(p), dict(p)
        high["value"] = p["value_max"]
        if area == "targets":
            low["comparator"], high["comparator"] = "ge", "le"
        out += [low, high]
    return out


AREAS = ("targets", "quantities", "years", "initiatives")
_FITS = {"targets": target_match, "quantities": quantity_match, "initiatives": initiative_match}


def score(docs: list[dict], preds: dict[str, dict]) -> tuple[dict, list[tuple]]:
    """Per-area precision / recall / F1 of predictions (doc_id -> Document as dict) against gold documents,
    and the errors (doc id, area, 'missed' | 'spurious', item)."""
    tally = {a: [0, 0, 0] for a in AREAS}  # tp, fp, fn
    errors: list[tuple] = []
    for doc in docs:
        pred = preds.get(doc["id"], {})
        for area in ("targets", "quantities", "initiatives"):
            golds = [{"name": g} if isinstance(g, str) else g for g in doc["gold"].get(area, [])]
            items = [p for p in pred.get(area) or [] if isinstance(p, dict)]
            if area != "initiatives":
                items = expand_ranges(items, area)
            pairs, missed, extra = greedy_match(golds, items, _FITS[area])
            tp = sum(1 for g, _ in pairs if not g.get("optional"))
            fn = [g for g in missed if not g.get("optional")]
            tally[area][0] += tp
            tally[area][1] += len(extra)
            tally[area][2] += len(fn)
            errors += [(doc["id"], area, "missed", g) for g in fn]
            errors += [(doc["id"], area, "spurious", p) for p in extra]
        gy = {int(y) for y in doc["gold"].get("years", [])}
        py = {int(y) for y in pred.get("years") or []}
        tally["years"][0] += len(gy & py)
        tally["years"][1] += len(py - gy)
        tally["years"][2] += len(gy - py)
        errors += [(doc["id"], "years", "missed", y) for y in sorted(gy - py)]
        errors += [(doc["id"], "years", "spurious", y) for y in sorted(py - gy)]
    result = {}
    for area, (tp, fp, fn) in tally.items():
        p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
        r = tp / (tp + fn) if tp + fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        result[area] = {"precision": p, "recall": r, "f1": f, "tp": tp, "fp": fp, "fn": fn}
    result["macro_f1"] = sum(result[a]["f1"] for a in AREAS) / len(AREAS)
    return result, errors


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
