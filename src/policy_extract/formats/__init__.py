"""Annotation round trip: extraction results out to annotation tools, corrected gold back in.

- `labelstudio`: Label Studio tasks with pre-annotations (`predictions`), and its JSON export back to gold;
- `doccano`: doccano sequence-labelling JSON Lines (`{"text", "label": [[start, end, label], …]}`), both ways;
- `gold`: the gold format of the annotation guidelines, built from labelled regions;
- `offsets`: code points (ours, Label Studio's) ↔ UTF-16 code units (doccano's), converted at the edge.

Both tools label spans; what a gold item needs beyond its span (a quantity's value and unit, a target's
metric, comparator and deadline) travels with the region as `key=value` fields (see `gold.fields_of`),
and is derived from the span text by the extractor when an annotator adds a region without them.
Nothing here imports an annotation tool: the formats are plain JSON.
"""
from __future__ import annotations

from typing import Iterator

# area of a Document (output contract) -> label of its items, in spaCy, Label Studio and doccano alike
LABELS = {
    "targets": "target",
    "quantities": "quantity",
    "time_expressions": "time_expression",
    "initiatives": "initiative",
}
AREA_OF = {label: area for area, label in LABELS.items()}
WARNING_LABEL = "warning"
FORMATS = ("labelstudio", "doccano")


def span_of(item: dict) -> dict | None:
    """The Span of an item as JSON: a target's `evidence`, anything else's `span`."""
    return item.get("evidence") or item.get("span")


def items(doc: dict, *, warnings: bool = False) -> Iterator[tuple[str, int, dict, dict]]:
    """(label, index in its area, item, span) for every item of a Document given as JSON, in area order.

    Warnings without a span have nothing to point at and are left out."""
    for area, label in LABELS.items():
        for index, item in enumerate(doc.get(area) or []):
            span = span_of(item)
            if span is not None:
                yield label, index, item, span
    if warnings:
        for index, item in enumerate(doc.get("warnings") or []):
            if item.get("span"):
                yield WARNING_LABEL, index, item, item["span"]
