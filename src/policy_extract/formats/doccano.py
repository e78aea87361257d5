"""doccano: extraction results as sequence-labelling JSON Lines, and doccano's export back as gold.

A line is `{"text", "label": [[start, end, label], …], "doc_id", "published", "years", "fields"}`.
doccano keeps the keys it does not know as the example's metadata and writes them back on export, so
the fields of each span ride along in `fields`, keyed `label@start-end`; a span an annotator adds or moves
has no entry there, and its fields are derived from its text (see `gold`).

doccano counts offsets in UTF-16 code units (what JavaScript's `String.length` counts), not code points,
unless the project counts grapheme clusters; `offsets="utf16"` is therefore the default here, converted
from and to our code points for every span. Exports that name spans as objects
(`"entities": [{"start_offset", "end_offset", "label"}]`) are read too.
"""
from __future__ import annotations

from . import items
from .gold import Conversion, Region, fields_of, gold_record, parse_fields
from .offsets import OffsetMap

DEFAULT_OFFSETS = "utf16"


def _key(label: str, start: int, end: int) -> str:
    return f"{label}@{start}-{end}"


def to_line(doc: dict | None, text: str, *, doc_id: str, published: str | None = None,
            offsets: str = DEFAULT_OFFSETS) -> dict:
    """One doccano example for one input text; `doc` is its Document as JSON (None: nothing predicted)."""
    omap = OffsetMap(text)
    spans, fields = [], {}
    for label, _index, item, span in items(doc or {}):
        start = omap.convert(span["start"], src="codepoint", dst=offsets)
        end = omap.convert(span["end"], src="codepoint", dst=offsets)
        spans.append([start, end, label])
        lines = fields_of(label, item)
        if lines:
            fields[_key(label, start, end)] = lines
    return {"text": text, "label": spans, "doc_id": doc_id, "published": published,
            "years": list((doc or {}).get("years") or []), "fields": fields}


def _spans(obj: dict) -> list[tuple[int, int, str]]:
    raw = obj.get("label", obj.get("labels", obj.get("entities"))) or []
    out = []
    for s in raw:
        if isinstance(s, dict):
            out.append((int(s["start_offset"]), int(s["end_offset"]), str(s["label"])))
        elif isinstance(s, (list, tuple)) and len(s) == 3:
            out.append((int(s[0]), int(s[1]), str(s[2])))
        else:
            raise ValueError(f"span {s!r} is neither [start, end, label] nor an object with start_offset")
    return out


def gold_from_line(obj: dict, *, number: int = 0, offsets: str = DEFAULT_OFFSETS) -> Conversion:
    """The gold record of one doccano example (a parsed JSON line)."""
    text = obj.get("text")
    if not isinstance(text, str):
        raise ValueError("example has no `text`")
    doc_id = str(obj.get("doc_id") or obj.get("id") or number)
    omap = OffsetMap(text)
    fields = obj.get("fields") or {}
    regions, problems = [], []
    for start, end, label in _spans(obj):
        try:
            cp_start = omap.convert(start, src=offsets, dst="codepoint")
            cp_end = omap.convert(end, src=offsets, dst="codepoint")
            region = Region(label, cp_start, cp_end, parse_fields(fields.get(_key(label, start, end))))
        except ValueError as exc:
            problems.append(f"{doc_id}: {label} [{start}:{end}]: {exc}")
            continue
        if not 0 <= cp_start < cp_end <= len(text):
            problems.append(f"{doc_id}: {label} [{start}:{end}] lies outside the text (wrong --offsets?)")
            continue
        regions.append(region)
    years = obj.get("years") if isinstance(obj.get("years"), list) else None
    extra = {k: obj[k] for k in ("source",) if k in obj}
    conv = gold_record(doc_id, text, regions, published=obj.get("published"), years=years, extra=extra)
    conv.problems[:0] = problems
    return conv
