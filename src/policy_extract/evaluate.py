"""Evaluation: precision, recall and F1 per area against gold, by the matching rules of the annotation
guidelines — the same numbers as the reference scorer (`shared/tools/score.py`), which a test checks.

The rules, in brief (see `shared/docs/annotation-guidelines.md`, "Scoring"):
- strings compare after NFKC, pinyin removal and OpenCC `t2s`; names and metrics also drop punctuation,
  quotes and spaces, metrics drop parenthesised asides;
- targets match on value, unit (aliases: 元 → CNY, ％ → %), comparator family (eq/approx, gt/ge, lt/le),
  deadline when the gold has one, and a gold metric contained in the predicted one (or the reverse when it
  covers most of it); quantities on (value, unit); initiatives on the name, or one name containing the
  other and covering most of it; years as sets;
- a predicted range (value .. value_max) stands for its two ends, a target range as `ge` low and `le` high;
- matching is greedy and one-to-one, required gold items first, then optional ones, each in document
  order; optional gold items neither reward nor punish.

Beyond the reference scorer this module reports *value accuracy*: of the gold items whose span the
extractor found (a matched item, or an unmatched prediction grounded on the same text), the share whose
value came out right — so a wrong 亿 shows as a wrong value, not just as one miss and one false alarm —
and an error listing that names the fields that differ.
"""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Callable, Iterable

AREAS = ("targets", "quantities", "years", "initiatives")

_PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_PAREN = re.compile(r"[(（][^()（）]*[)）]")
_DROP = re.compile(r"[\s\"'“”‘’「」『』《》〈〉【】,，、。;；:：!！?？·…—\-_.()（）]")
UNIT_ALIASES = {
    "元": "CNY", "人民币": "CNY", "rmb": "CNY", "cny": "CNY", "人民币元": "CNY",
    "美元": "USD", "usd": "USD", "欧元": "EUR", "eur": "EUR", "日元": "JPY", "港元": "HKD", "港币": "HKD",
    "％": "%", "百分之": "%", "percent": "%", "個": "个",
}
COMPARATOR_FAMILY = {"eq": "eq", "approx": "eq", "gt": "gt", "ge": "gt", "lt": "lt", "le": "lt"}


# --- normalisation (for comparing only: the output itself is never changed) -------------------------

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


def norm_unit(u) -> str | None:
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


def year_of(d) -> int | None:
    if d is None:
        return None
    if isinstance(d, dict):
        d = d.get("year")
    try:
        return int(str(d)[:4])
    except ValueError:
        return None


# --- matching ------------------------------------------------------------------------------------

def metric_fits(gold_metric: str, pred_metric: str | None) -> bool:
    """The gold metric contained in the predicted one, or the predicted one covering most of it; a
    predicted metric far longer than the gold one says something else."""
    gm, pm = norm_metric(gold_metric), norm_metric(pred_metric or "")
    if not pm or len(pm) > max(2 * len(gm), len(gm) + 8):
        return False
    return gm in pm or (pm in gm and len(pm) >= 0.6 * len(gm))


def target_differences(g: dict, p: dict) -> list[str]:
    """The fields on which a predicted target fails to match a gold one (empty: they match)."""
    out = quantity_differences(g, p)
    if COMPARATOR_FAMILY.get(g.get("comparator", "eq")) != COMPARATOR_FAMILY.get(p.get("comparator") or "eq"):
        out.append("comparator")
    if g.get("deadline") is not None and year_of(g["deadline"]) != year_of(p.get("deadline")):
        out.append("deadline")
    if not metric_fits(g["metric"], p.get("metric")):
        out.append("metric")
    return out


def quantity_differences(g: dict, p: dict) -> list[str]:
    """Value (to a relative 1e-9) and unit (after aliases: 元 is CNY, ％ is %)."""
    out = []
    if not same_value(g["value"], p.get("value")):
        out.append("value")
    if norm_unit(g.get("unit")) != norm_unit(p.get("unit")):
        out.append("unit")
    return out


def initiative_differences(g: dict, p: dict) -> list[str]:
    a, b = norm_name(g["name"]), norm_name(p.get("name") or "")
    if a and b:
        short, long_ = sorted((a, b), key=len)
        if a == b or short in long_ and len(short) >= 0.6 * len(long_):
            return []
    return ["name"]


@dataclass(frozen=True)
class Area:
    """How one area of a document is matched: the differences function and where items keep their span."""

    name: str
    differences: Callable[[dict, dict], list[str]]
    span_keys: tuple[str, ...]
    has_value: bool

    def fits(self, g: dict, p: dict) -> bool:
        return not self.differences(g, p)


ITEM_AREAS = (
    Area("targets", target_differences, ("evidence", "span"), True),
    Area("quantities", quantity_differences, ("span", "evidence"), True),
    Area("initiatives", initiative_differences, ("span",), False),
)


def match(gold: list[dict], pred: list[dict], fits) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Greedy one-to-one matching, required gold items first, then optional ones, each in document order.
    Returns (pairs, unmatched gold, unmatched predictions)."""
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


def span_text(text: str, item: dict, keys: Iterable[str]) -> str | None:
    """The source text under an item's span, if the item carries one."""
    for key in keys:
        sp = item.get(key)
        if isinstance(sp, dict) and isinstance(sp.get("start"), int) and isinstance(sp.get("end"), int):
            return text[sp["start"]:sp["end"]]
    if isinstance(item.get("start"), int) and isinstance(item.get("end"), int):
        return text[item["start"]:item["end"]]
    return None


def grounded(under: str, want: str, gold: dict) -> bool:
    """Does a predicted span point at what the gold item states? A target's span must share a run of six
    characters with the gold clause; any other span must contain the gold text or lie inside it."""
    u, w = norm_name(under), norm_name(want)
    if not u or not w:
        return False
    if "metric" in gold:
        k = min(6, len(w))
        return any(w[i:i + k] in u for i in range(len(w) - k + 1))
    return w in u or u in w


def _gold_text(g: dict) -> str:
    return g.get("text") or g.get("evidence") or g.get("name") or ""


# --- tallies and the report ----------------------------------------------------------------------

@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    grounded: int = 0
    groundable: int = 0
    wrong_value: int = 0

    def prf(self) -> tuple[float, float, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f


@dataclass
class Error:
    doc_id: str
    area: str
    kind: str  # missed | spurious | wrong_value
    gold: object = None
    pred: object = None
    fields: list[str] = field(default_factory=list)  # for wrong_value: what differs

    def as_dict(self) -> dict:
        out = {"doc_id": self.doc_id, "area": self.area, "kind": self.kind}
        if self.gold is not None:
            out["gold"] = self.gold
        if self.pred is not None:
            out["pred"] = self.pred
        if self.fields:
            out["fields"] = self.fields
        return out


@dataclass
class Report:
    tallies: dict[str, Tally]
    documents: int
    predicted_documents: int
    errors: list[Error]

    def as_dict(self, *, errors: bool = False) -> dict:
        """The reference scorer's JSON (same keys, same rounding), plus value accuracy per area."""
        result: dict = {}
        for area, t in self.tallies.items():
            p, r, f = t.prf()
            row = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
                   "tp": t.tp, "fp": t.fp, "fn": t.fn}
            if t.groundable:
                row["grounded"] = round(t.grounded / t.groundable, 4)
            if area in _VALUED:
                row["wrong_value"] = t.wrong_value
                located = t.tp + t.wrong_value
                row["value_accuracy"] = round(t.tp / located, 4) if located else None
            result[area] = row
        result["macro_f1"] = round(sum(result[a]["f1"] for a in self.tallies) / len(self.tallies), 4)
        result["documents"] = self.documents
        result["predicted_documents"] = self.predicted_documents
        if errors:
            result["errors"] = [e.as_dict() for e in self.errors]
        return result


_VALUED = {a.name for a in ITEM_AREAS if a.has_value}


def _pair_wrong_values(text: str, area: Area, missed: list[dict], extra: list[dict]):
    """Missed gold items whose text a spurious prediction points at: found the span, got the value wrong.
    Greedy in document order, one prediction per gold item. Returns (pairs, still missed, still extra)."""
    def located(g: dict, p: dict) -> bool:
        under = span_text(text, p, area.span_keys)
        return under is not None and grounded(under, _gold_text(g), g)

    return match(missed, extra, located)


def score_document(doc: dict, pred: dict, tallies: dict[str, Tally], errors: list[Error]) -> None:
    """Add one gold document and its prediction (a Document as JSON; {} when there is none)."""
    text, gold, doc_id = doc["text"], doc["gold"], str(doc["id"])
    for area in ITEM_AREAS:
        golds = [{"name": g} if isinstance(g, str) else g for g in gold.get(area.name, [])]
        preds = [p for p in (pred.get(area.name) or []) if isinstance(p, dict)]
        if area.name != "initiatives":
            preds = expand_ranges(preds, area.name)
        pairs, missed, extra = match(golds, preds, area.fits)
        tally = tallies[area.name]
        tally.tp += sum(1 for g, _ in pairs if not g.get("optional"))
        tally.fn += sum(1 for g in missed if not g.get("optional"))
        tally.fp += len(extra)
        for g, p in pairs:
            if g.get("optional"):
                continue
            under = span_text(text, p, area.span_keys)
            tally.groundable += 1
            if under is not None and grounded(under, _gold_text(g), g):
                tally.grounded += 1
        required_missed = [g for g in missed if not g.get("optional")]
        if area.has_value:
            wrong, required_missed, extra = _pair_wrong_values(text, area, required_missed, extra)
            tally.wrong_value += len(wrong)
            errors.extend(Error(doc_id, area.name, "wrong_value", g, p, area.differences(g, p)) for g, p in wrong)
        errors.extend(Error(doc_id, area.name, "missed", gold=g) for g in required_missed)
        errors.extend(Error(doc_id, area.name, "spurious", pred=p) for p in extra)
    gy = {int(y) for y in gold.get("years", [])}
    py = set()
    for y in pred.get("years") or []:
        try:
            py.add(int(y))
        except (TypeError, ValueError):
            pass
    t = tallies["years"]
    t.tp, t.fp, t.fn = t.tp + len(gy & py), t.fp + len(py - gy), t.fn + len(gy - py)
    errors.extend(Error(doc_id, "years", "missed", gold=y) for y in sorted(gy - py))
    errors.extend(Error(doc_id, "years", "spurious", pred=y) for y in sorted(py - gy))


def evaluate(gold_docs: list[dict], predictions: dict[str, dict]) -> Report:
    """Score predictions (doc_id -> Document as JSON) against gold records (annotation guidelines format)."""
    tallies = {a: Tally() for a in AREAS}
    errors: list[Error] = []
    for doc in gold_docs:
        score_document(doc, predictions.get(str(doc["id"]), {}), tallies, errors)
    predicted = sum(1 for d in gold_docs if str(d["id"]) in predictions)
    return Report(tallies, len(gold_docs), predicted, errors)


# --- reading and running -------------------------------------------------------------------------

def read_jsonl(path: str) -> list[dict]:
    """The JSON objects of a JSON Lines file (blank lines skipped); a bad line is an error naming it."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not JSON ({exc.msg})") from None
            if not isinstance(obj, dict):
                raise ValueError(f"{path}:{number}: not a JSON object")
            out.append(obj)
    return out


def read_gold(path: str) -> list[dict]:
    docs = read_jsonl(path)
    for number, doc in enumerate(docs, start=1):
        missing = [k for k in ("id", "text", "gold") if k not in doc]
        if missing:
            raise ValueError(f"{path}: record {number} lacks {', '.join(missing)} (see the annotation guidelines)")
    return docs


def read_predictions(path: str) -> dict[str, dict]:
    """doc_id -> Document as JSON; an error line counts as a document with nothing found; the last wins."""
    return {str(p.get("doc_id", p.get("id"))): p for p in read_jsonl(path)}


def predict(gold_docs: list[dict]) -> dict[str, dict]:
    """Run the extractor on each gold record's text and publication date, as batch would."""
    from .batch import Record, process

    out = {}
    for doc in gold_docs:
        record = Record(str(doc["id"]), text=doc["text"], published=doc.get("published"))
        out[record.doc_id] = json.loads(process(record))
    return out


def format_report(report: Report) -> str:
    r = report.as_dict()
    lines = [f"{'area':12s} {'P':>6s} {'R':>6s} {'F1':>6s} {'tp':>5s} {'fp':>5s} {'fn':>5s}  grounded  value acc."]
    for area in AREAS:
        row = r[area]
        grounded_ = f"{row['grounded']:.2f}" if "grounded" in row else "-"
        if row.get("value_accuracy") is not None:
            value = f"{row['value_accuracy']:.2f} ({row['wrong_value']} wrong)"
        else:
            value = "-"
        lines.append(f"{area:12s} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} "
                     f"{row['tp']:5d} {row['fp']:5d} {row['fn']:5d}  {grounded_:>8s}  {value}")
    lines.append(f"macro F1 {r['macro_f1']:.3f} over {r['documents']} documents ({r['predicted_documents']} predicted)")
    return "\n".join(lines)


def format_errors(errors: list[Error]) -> str:
    """One line an error: doc_id, area, kind, then the gold and predicted item as JSON."""
    lines = []
    for e in errors:
        parts = [e.doc_id, e.area, e.kind + (f"({','.join(e.fields)})" if e.fields else "")]
        if e.gold is not None:
            parts.append("gold=" + json.dumps(e.gold, ensure_ascii=False))
        if e.pred is not None:
            parts.append("pred=" + json.dumps(_brief(e.pred), ensure_ascii=False))
        lines.append("\t".join(parts))
    return "\n".join(lines)


def _brief(pred):
    """A prediction without the bulk of its span: the text is what a reader needs."""
    if not isinstance(pred, dict):
        return pred
    out = {}
    for key, value in pred.items():
        if key in ("span", "evidence") and isinstance(value, dict):
            out[key] = value.get("text")
        elif value is not None and value != []:
            out[key] = value
    return out
