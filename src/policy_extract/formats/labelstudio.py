"""Label Studio: extraction results as pre-annotated tasks, and a JSON export of annotations as gold.

A task is `{"data": {"text", "doc_id", "published"}, "predictions": [{"model_version", "result": […]}]}`.
Each item becomes a `labels` result (`value: {start, end, text, labels: [label]}`, code-point offsets,
half-open, as Label Studio stores them) and, with the same region id, a per-region `textarea` result
holding its fields (`value=120`, `unit=家`, …); the document's years are one more `textarea`.
`LABEL_CONFIG` is the labelling interface these results are written for.

On the way back the JSON export (`[{…task, "annotations": [{"result": […]}]}]`) is read: the ground-truth
annotation of a task if there is one, else its last annotation that was not cancelled.
"""
from __future__ import annotations

import json
from xml.sax.saxutils import quoteattr

from . import LABELS, items
from .gold import Conversion, Region, fields_of, gold_record, parse_fields
from .offsets import OffsetMap

TEXT = "text"  # the <Text> tag
LABEL_TAG = "label"  # the <Labels> control
FIELDS_TAG = "fields"  # the per-region <TextArea>
YEARS_TAG = "years"  # the document's years <TextArea>
DEFAULT_OFFSETS = "codepoint"
# colour-blind-safe (Okabe–Ito) backgrounds, one per label
_COLOURS = {"target": "#0072B2", "quantity": "#E69F00", "time_expression": "#009E73", "initiative": "#CC79A7"}


def label_config() -> str:
    """The Label Studio labelling config that matches the tasks `to_task` writes."""
    labels = "\n".join(f'    <Label value={quoteattr(label)} background="{_COLOURS[label]}"/>'
                       for label in LABELS.values())
    return f"""<View>
  <Style>.htx-text {{ white-space: pre-wrap; }}</Style>
  <Labels name="{LABEL_TAG}" toName="{TEXT}">
{labels}
  </Labels>
  <Text name="{TEXT}" value="$text"/>
  <Header value="Fields of the selected region, one key=value a line (value, value_max, unit, comparator, deadline, metric, name, optional)"/>
  <TextArea name="{FIELDS_TAG}" toName="{TEXT}" perRegion="true" editable="true" rows="4"/>
  <Header value="Years the text states, one a line"/>
  <TextArea name="{YEARS_TAG}" toName="{TEXT}" editable="true" rows="2"/>
</View>
"""


def to_task(doc: dict | None, text: str, *, doc_id: str, published: str | None = None,
            model_version: str = "policy-extract", offsets: str = DEFAULT_OFFSETS) -> dict:
    """One task for one input text; `doc` is its Document as JSON (None: a task with nothing predicted)."""
    task = {"data": {"text": text, "doc_id": doc_id, "published": published}}
    if doc is None:
        return task
    omap = OffsetMap(text)
    result = []
    for label, index, item, span in items(doc):
        rid = f"{label}-{index}"
        value = {"start": omap.convert(span["start"], src="codepoint", dst=offsets),
                 "end": omap.convert(span["end"], src="codepoint", dst=offsets), "text": span["text"]}
        result.append({"id": rid, "from_name": LABEL_TAG, "to_name": TEXT, "type": "labels",
                       "value": {**value, "labels": [label]}})
        lines = fields_of(label, item)
        if lines:
            result.append({"id": rid, "from_name": FIELDS_TAG, "to_name": TEXT, "type": "textarea",
                           "value": {**value, "text": lines}})
    result.append({"id": "doc-years", "from_name": YEARS_TAG, "to_name": TEXT, "type": "textarea",
                   "value": {"text": [str(y) for y in doc.get("years") or []]}})
    task["predictions"] = [{"model_version": model_version, "result": result}]
    return task


def read_tasks(path: str) -> list[dict]:
    """Tasks from a Label Studio JSON export: a JSON array, one task object, or JSON Lines of tasks."""
    with open(path, encoding="utf-8") as fh:
        raw = fh.read()
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        data = [json.loads(line) for line in raw.splitlines() if line.strip()]
    tasks = data if isinstance(data, list) else [data]
    if not all(isinstance(t, dict) and isinstance(t.get("data"), dict) for t in tasks):
        raise ValueError(f"{path}: not a Label Studio export (tasks with a `data` object)")
    return tasks


def chosen_annotation(task: dict) -> dict | None:
    """The ground-truth annotation if one is marked, else the last one not cancelled."""
    kept = [a for a in task.get("annotations") or [] if not a.get("was_cancelled")]
    truth = [a for a in kept if a.get("ground_truth")]
    return (truth or kept or [None])[-1]


def gold_from_task(task: dict, *, offsets: str = DEFAULT_OFFSETS) -> Conversion | None:
    """The gold record of one annotated task; None when the task has no annotation to take."""
    annotation = chosen_annotation(task)
    if annotation is None:
        return None
    data = task["data"]
    text = data.get(TEXT) or ""
    doc_id = str(data.get("doc_id") or data.get("id") or task.get("id"))
    omap = OffsetMap(text)
    regions: dict[object, Region] = {}  # region id (with the label, if it has several) -> region
    areas: list[tuple[object, int, int, list]] = []  # per-region text areas: (region id, start, end, lines)
    years = None
    problems = []
    for r in annotation.get("result") or []:
        value = r.get("value") or {}
        if r.get("from_name") == YEARS_TAG:
            years = [y for line in value.get("text") or [] for y in str(line).split()]
            continue
        if "start" not in value or "end" not in value:
            continue
        try:
            start = omap.convert(int(value["start"]), src=offsets, dst="codepoint")
            end = omap.convert(int(value["end"]), src=offsets, dst="codepoint")
        except ValueError as exc:
            problems.append(f"{doc_id}: region {r.get('id')}: {exc}")
            continue
        if r.get("type") == "textarea":
            areas.append((r.get("id"), start, end, value.get("text") or []))
            continue
        if r.get("type") != "labels":
            continue
        said = value.get("text")
        if said is not None and said != text[start:end]:
            problems.append(f"{doc_id}: region {r.get('id')} [{start}:{end}] says {said!r} but the text there "
                            f"is {text[start:end]!r} (wrong --offsets?)")
            continue
        labels = value.get("labels") or []
        for label in labels:
            regions[r.get("id") if len(labels) == 1 else (r.get("id"), label)] = Region(label, start, end)
    region_ids = {k if not isinstance(k, tuple) else k[0] for k in regions}
    kept = []
    for key, region in regions.items():
        rid = key[0] if isinstance(key, tuple) else key
        lines = next((a[3] for a in areas if a[0] == rid), None)
        if lines is None:  # a text area saved under another id: pair it by its span
            lines = next((a[3] for a in areas if a[0] not in region_ids and a[1:3] == (region.start, region.end)), [])
        try:
            region.fields = parse_fields(lines)
        except ValueError as exc:
            problems.append(f"{doc_id}: region {rid}: {exc}")
            continue
        kept.append(region)
    extra = {k: data[k] for k in ("source",) if k in data}
    conv = gold_record(doc_id, text, kept, published=data.get("published"),
                       years=years, extra=extra)
    conv.problems[:0] = problems
    return conv

