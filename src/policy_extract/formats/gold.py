"""Gold records (annotation guidelines, gold format v1) from labelled regions, and the region fields that
carry what a span alone does not say.

A region is a labelled span of the text as published. Its *fields* are `key=value` lines:

| label            | fields                                                        |
| ---------------- | ------------------------------------------------------------- |
| `target`         | metric, value, value_max, unit, comparator, deadline (a year) |
| `quantity`       | value, value_max, unit                                        |
| `initiative`     | name                                                          |
| `time_expression`| none: the document's years are a field of their own           |

A field left out is null (a comparator left out is `eq`); any region may also say `optional=true` (the
gold item then neither rewards nor punishes). A region with no fields at all — one an annotator drew —
has them derived from its text by the extractor (a new `120家` region gets value 120, unit 家), and the
import says which fields it derived, so an annotator can check them. Ranges (`value_max`) become two gold
items, as the guidelines annotate them: two quantities, or a `ge` and a `le` target.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

TARGET_FIELDS = ("metric", "value", "value_max", "unit", "comparator", "deadline")
QUANTITY_FIELDS = ("value", "value_max", "unit")
FIELDS = {"target": TARGET_FIELDS, "quantity": QUANTITY_FIELDS, "initiative": ("name",), "time_expression": ()}
COMPARATORS = ("eq", "gt", "ge", "lt", "le", "approx")
_BRACKETS = regex.compile(r"^[《〈“「『‘\"']+|[》〉”」』’\"']+$")


@dataclass
class Region:
    """A labelled span, in code points of the text as published."""

    label: str
    start: int
    end: int
    fields: dict[str, str] = field(default_factory=dict)


def _plain(v) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def fields_of(label: str, item: dict) -> list[str]:
    """The `key=value` lines for one extracted item (a Document item as JSON); null fields are left out."""
    out = []
    for key in FIELDS.get(label, ()):
        value = item.get(key)
        if key == "deadline" and isinstance(value, dict):
            value = value.get("year")
        if value is not None:
            out.append(f"{key}={_plain(value)}")
    return out


def parse_fields(lines) -> dict[str, str]:
    """`key=value` lines (an entry may hold several lines) -> dict; a line without `=` is an error."""
    out = {}
    for entry in lines or []:
        for line in str(entry).splitlines():
            if not line.strip():
                continue
            key, sep, value = line.partition("=")
            if not sep:
                raise ValueError(f"field line {line!r} is not key=value")
            out[key.strip()] = value.strip()
    return out


def _number(s: str) -> int | float:
    v = float(s.replace(",", ""))
    return int(v) if v.is_integer() else v


def _clean_name(text: str) -> str:
    from ..normalize import normalize

    return _BRACKETS.sub("", normalize(text).text.strip())


@dataclass
class Conversion:
    """What became of one document's regions: the gold record, and what a person should look at."""

    record: dict
    problems: list[str] = field(default_factory=list)  # regions that could not become gold items
    notes: list[str] = field(default_factory=list)  # fields derived from the text


class _Deriver:
    """Fields an annotator left out, taken from what the extractor finds at the region: the whole text is
    extracted once (so a goal keeps the deadline its sentence states), and the item overlapping the
    region most is read; a target not found there is looked for in the region's text alone."""

    def __init__(self, text: str, published: str | None):
        self.text, self.published = text, published
        self._doc = None

    def _extract(self, text: str):
        from .. import extract

        return extract(text, published=self.published)

    @property
    def doc(self):
        if self._doc is None:
            self._doc = self._extract(self.text)
        return self._doc

    @staticmethod
    def _best(found, region: Region, span_of):
        def overlap(item):
            sp = span_of(item)
            return min(region.end, sp.end) - max(region.start, sp.start)

        best = max(found, key=overlap, default=None)
        return best if best is not None and overlap(best) > 0 else None

    def target(self, region: Region) -> dict:
        t = self._best(self.doc.targets, region, lambda t: t.evidence)
        if t is None:
            t = next(iter(self._extract(self.text[region.start:region.end]).targets), None)
        if t is None:
            return self.quantity(region)
        return {"metric": t.metric, "value": t.value, "value_max": t.value_max, "unit": t.unit,
                "comparator": t.comparator, "deadline": t.deadline.year if t.deadline else None}

    def quantity(self, region: Region) -> dict:
        q = self._best(self.doc.quantities, region, lambda q: q.span)
        if q is None:
            return {}
        return {"value": q.value, "value_max": q.value_max, "unit": q.unit, "comparator": q.comparator}

    def years(self, region: Region) -> set[int]:
        """The years a time region states: not those inferred from a plan period or a relative phrase."""
        out = set()
        for t in self.doc.time_expressions:
            if t.kind not in ("plan_period", "relative") and t.span.start < region.end and region.start < t.span.end:
                out.update(int(v[:4]) for v in (t.start, t.end) if v)
        return out


def _typed(key: str, raw: str):
    """A field's text as the gold format types it; '' is null."""
    if raw == "" or raw.lower() in ("null", "none"):
        return None
    if key in ("value", "value_max"):
        return _number(raw)
    if key == "deadline":
        return int(raw[:4])
    if key == "comparator" and raw not in COMPARATORS:
        raise ValueError(f"comparator must be one of {', '.join(COMPARATORS)}, not {raw!r}")
    if key == "optional":
        return raw.lower() in ("true", "yes", "1")
    return raw


def gold_record(doc_id: str, text: str, regions: list[Region], *, published: str | None = None,
                years: list | None = None, extra: dict | None = None) -> Conversion:
    """One gold record from the regions of one annotated text.

    `years` is the document's list of stated years when the annotation has it; without it the years
    are read from the `time_expression` regions."""
    gold = {"targets": [], "quantities": [], "years": [], "initiatives": []}
    record = {"id": doc_id, **(extra or {}), "published": published, "text": text, "gold": gold}
    conv = Conversion(record)
    derive = _Deriver(text, published)
    time_regions = []
    for r in sorted(regions, key=lambda r: (r.start, r.end)):
        surface = text[r.start:r.end]
        where = f"{doc_id}: {r.label} [{r.start}:{r.end}] {surface!r}"
        try:
            values = {k: _typed(k, v) for k, v in r.fields.items()}
        except ValueError as exc:
            conv.problems.append(f"{where}: {exc}")
            continue
        unknown = set(values) - set(FIELDS.get(r.label, ())) - {"optional"}
        if r.label not in FIELDS or unknown:
            what = f"unknown label {r.label!r}" if r.label not in FIELDS else f"unknown fields {sorted(unknown)}"
            conv.problems.append(f"{where}: {what}")
            continue
        optional = {"optional": True} if values.pop("optional", False) else {}
        if r.label == "time_expression":
            time_regions.append(r)
        elif r.label == "initiative":
            name = values.get("name") or _clean_name(surface)
            gold["initiatives"].append({"name": name, **optional})
        else:
            if not values:
                found = derive.target(r) if r.label == "target" else derive.quantity(r)
                values = {k: found.get(k) for k in FIELDS[r.label]}
                derived = [k for k, v in values.items() if v is not None]
                conv.notes.append(f"{where}: no fields; derived {', '.join(derived) or 'nothing'} from the text")
            need = ("metric", "value") if r.label == "target" else ("value",)
            lacking = [k for k in need if values.get(k) is None]
            if lacking:
                conv.problems.append(f"{where}: no {' or '.join(lacking)} given or found in the text")
                continue
            area = "targets" if r.label == "target" else "quantities"
            gold[area].extend(_gold_items(r.label, values, surface, optional))
    if years is not None:
        gold["years"] = sorted({int(y) for y in years})
    else:
        gold["years"] = sorted({y for r in time_regions for y in derive.years(r)})
    return conv


def _gold_items(label: str, v: dict, surface: str, optional: dict) -> list[dict]:
    ends = [v["value"]] if v.get("value_max") is None else [v["value"], v["value_max"]]
    ends = [int(x) if isinstance(x, float) and x.is_integer() else x for x in ends]  # 120, not 120.0
    if label == "quantity":
        return [{"text": surface, "value": x, "unit": v.get("unit"), **optional} for x in ends]
    comparators = [v.get("comparator") or "eq"] if len(ends) == 1 else ["ge", "le"]
    return [{"metric": v["metric"], "value": x, "unit": v.get("unit"), "comparator": c,
             "deadline": v.get("deadline"), "evidence": surface, **optional} for x, c in zip(ends, comparators)]
