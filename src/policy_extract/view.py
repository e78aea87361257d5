"""The review page: one self-contained HTML file showing each document's text exactly as published,
with every extracted item highlighted at its span (`policy-extract view`).

Why it is built this way:
- Highlights are placed here, in Python, where spans are code-point offsets like the contract's, so
  slicing the input is exact for every character, those outside the BMP included; the browser, whose
  strings count UTF-16 units, never handles an offset.
- Items may nest (a quantity inside a target's evidence) and, rarely, cross; `nest` turns them into
  properly nested `<mark>` elements, cutting a crossing item into pieces that share its `data-k`, and
  gives each piece its nesting height (`d1`…`d4`) so an outer underline sits below the inner ones.
- Each document's panel waits as inert text in a `<script type="text/html">`; the page's script makes
  DOM of the selected one only, so a page of 1,000 documents opens as fast as a page of one.
- Nothing is fetched: style and script are inline and pinned by hash in a Content-Security-Policy
  whose `default-src 'none'` forbids every other load.
"""
from __future__ import annotations

import base64
import gzip
import hashlib
import html
import json
import math
import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable
from urllib.parse import quote

from . import resources


class ViewError(Exception):
    """The page cannot be built from what was given; `usage` marks a mistake in the command line."""

    def __init__(self, message: str, usage: bool = False):
        super().__init__(message)
        self.usage = usage


@dataclass(frozen=True)
class Kind:
    name: str        # CSS class pe-<name>, key prefix, pop-up style
    field: str       # the Document list that holds these items
    span_field: str  # where an item's span is
    label: str       # summary wording
    legend: str      # legend wording
    outer: int       # when two items cover the same characters, the lower number is drawn outside


# In the order of the output contract; `outer` puts a goal's evidence around all, a warning around the
# item it spoils, and the atoms (times, quantities) innermost.
KINDS = (
    Kind("target", "targets", "evidence", "targets", "targets (evidence)", 0),
    Kind("quantity", "quantities", "span", "quantities", "quantities", 4),
    Kind("time", "time_expressions", "span", "time expressions", "time expressions", 3),
    Kind("initiative", "initiatives", "span", "initiatives", "initiatives", 1),
    Kind("warning", "warnings", "span", "warnings", "warnings", 2),
)
_MAX_DEPTH = 4  # CSS has d1…d4; deeper nesting reuses d4


@dataclass
class Entry:
    """One document of the page: its text as published and its Document (output contract, as JSON),
    or the error that stands in for it."""

    doc_id: str
    text: str | None = None
    doc: dict | None = None
    error: tuple[str, str] | None = None


@dataclass(frozen=True)
class Item:
    """One highlight to draw: `key` is `<kind>-<index in its Document list>`."""

    key: str
    kind: str
    start: int
    end: int
    outer: int  # the kind's `outer`: on equal spans, the lower is drawn outside


@dataclass
class Node:
    """One `<mark>`: a whole item, or the piece of a crossing item between two cuts."""

    item: Item
    start: int
    end: int = -1
    children: list["Node"] = field(default_factory=list)

    def height(self) -> int:
        """Nesting levels inside this mark (0 when it holds no other mark)."""
        return 1 + max(child.height() for child in self.children) if self.children else 0


@dataclass
class Page:
    html: str
    documents: int
    problems: list[str]


# ---------------------------------------------------------------------------------------------- loading

def load_entries(source: str, *, inputs: list[str] | None = None, published: str | None = None,
                 doc_id: str | None = None) -> list[Entry]:
    """Entries from what the command line names: a text file (or `-` for stdin), extracted now; or JSON
    Lines of batch output (texts from `inputs`, the records the batch read) or of input records."""
    if source != "-" and not Path(source).is_file():
        raise ViewError(f"no such file: {source}")
    if _is_jsonl(source):
        if published or doc_id:
            raise ViewError("--published and --id go with a text file; JSON Lines records carry their own",
                            usage=True)
        return _entries_from_jsonl(source, inputs)
    if inputs:
        raise ViewError("--inputs goes with batch output (.jsonl); a text file is extracted as it is", usage=True)
    return [_entry_from_text_file(source, published, doc_id)]


def default_output(source: str) -> str:
    """`page.html` for `dir/page.txt` or `dir/page.jsonl(.gz)`, in the current directory; stdout for `-`."""
    if source == "-":
        return "-"
    name = Path(source).name.removesuffix(".gz")
    return (Path(name).stem or "view") + ".html"


def _is_jsonl(source: str) -> bool:
    return source.removesuffix(".gz").endswith((".jsonl", ".ndjson"))


def _entry_from_text_file(source: str, published: str | None, doc_id: str | None) -> Entry:
    import sys

    from . import extract
    from .textfile import decode_bytes

    data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    name = "stdin" if source == "-" else source
    try:
        text, warnings = decode_bytes(data, name)
    except ValueError as exc:
        raise ViewError(str(exc)) from None
    doc = extract(text, doc_id=doc_id or (Path(source).stem if source != "-" else "stdin"), published=published)
    data = doc.model_dump(mode="json")
    data["warnings"][:0] = warnings
    return Entry(doc.doc_id, text, data)


def _read_lines(source: str) -> list[str]:
    opener = gzip.open if source.endswith(".gz") else open
    with opener(source, "rt", encoding="utf-8", errors="replace") as fh:
        return [line for line in fh if line.strip()]


def _entries_from_jsonl(source: str, inputs: list[str] | None) -> list[Entry]:
    from .batch import parse_record, process

    entries: list[Entry] = []
    for number, line in enumerate(_read_lines(source), start=1):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            entries.append(Entry(f"line {number}", error=("invalid_json", f"line {number} is not JSON: {exc.msg}")))
            continue
        if not isinstance(obj, dict):
            entries.append(Entry(f"line {number}", error=("not_an_object", f"line {number} is not a JSON object")))
        elif "error" in obj and isinstance(obj["error"], dict):
            err = obj["error"]
            entries.append(Entry(str(obj.get("doc_id", number)),
                                 error=(str(err.get("code", "error")), str(err.get("message", "")))))
        elif "schema_version" in obj or "targets" in obj:
            entries.append(Entry(str(obj.get("doc_id", number)), doc=obj))
        else:  # an input record: extract it now, exactly as `batch` would
            record = parse_record(line, str(number))
            out = json.loads(process(record))
            entries.append(Entry(record.doc_id, record.text, doc=None if "error" in out else out,
                                 error=(out["error"]["code"], out["error"]["message"]) if "error" in out else None))
    if any(e.doc is not None and e.text is None for e in entries):
        if not inputs:
            raise ViewError(f"{source} holds batch output without its texts; name the files the batch read "
                            "with --inputs FILE...", usage=True)
        _attach_texts(entries, inputs)
    return entries


def _attach_texts(entries: list[Entry], inputs: list[str]) -> None:
    """Give each Document the text it was extracted from. Batch output has one line per record, in input
    order, so the n-th line with a given `doc_id` belongs to the n-th record with that id."""
    from .batch import read_inputs

    records: dict[str, deque] = {}
    for record in read_inputs(inputs):
        records.setdefault(record.doc_id, deque()).append(record)
    for entry in entries:
        waiting = records.get(entry.doc_id)
        record = waiting.popleft() if waiting else None
        if entry.doc is None or entry.text is not None:
            continue
        if record is None or record.text is None:
            entry.error = ("no_input", f"no text with doc_id {entry.doc_id!r} in --inputs")
        else:
            entry.text = record.text


# ---------------------------------------------------------------------------------------------- layout

def items_of(text: str, doc: dict) -> tuple[list[Item], list[str]]:
    """The highlights of one Document, and a problem for each span that does not fit `text` (which
    means the text is not the one the Document was extracted from)."""
    items: list[Item] = []
    problems: list[str] = []
    for kind in KINDS:
        for index, entry in enumerate(doc.get(kind.field) or []):
            span = entry.get(kind.span_field) if isinstance(entry, dict) else None
            if not isinstance(span, dict):
                continue  # a warning about the whole input (say, replaced bytes) has no span
            start, end, said = span.get("start"), span.get("end"), span.get("text")
            key = f"{kind.name}-{index}"
            if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)
                    and text[start:end] == said):
                problems.append(f"{key} span {start}–{end} {said!r} does not match the text")
                continue
            items.append(Item(key, kind.name, start, end, kind.outer))
    return items, problems


def nest(items: Iterable[Item]) -> list[Node]:
    """Properly nested marks for possibly overlapping items. Longer items go outside shorter ones that
    start at the same place (equal spans: by kind order); an item that crosses the end of an enclosing one
    is cut there and goes on in a new piece."""
    items = sorted(items, key=lambda it: (it.start, -it.end, it.outer))
    starting: dict[int, list[Item]] = {}
    for it in items:
        starting.setdefault(it.start, []).append(it)
    points = sorted({p for it in items for p in (it.start, it.end)})
    roots: list[Node] = []
    stack: list[Node] = []
    for p in points:
        ending = next((i for i, node in enumerate(stack) if node.item.end == p), None)
        carried: list[Item] = []
        if ending is not None:
            for node in stack[ending:]:
                node.end = p
                if node.item.end != p:
                    carried.append(node.item)
            del stack[ending:]
        for it in sorted(carried + starting.get(p, []), key=lambda it: (-it.end, it.outer)):
            node = Node(it, p)
            (stack[-1].children if stack else roots).append(node)
            stack.append(node)
    return roots


_UNCARRIED = re.compile(r"[\x00\ud800-\udfff]")


def _text(s: str) -> str:
    """Text for HTML that the browser reads back unchanged: `\\r` as a character reference (raw, the HTML
    parser would turn `\\r\\n` into `\\n`). NUL and lone surrogates cannot be carried (HTML drops NUL,
    UTF-8 cannot encode a surrogate): they become U+FFFD, one character for one, so offsets still hold."""
    return _UNCARRIED.sub("\ufffd", html.escape(s, quote=False)).replace("\r", "&#13;")


def _attr(s: object) -> str:
    return _UNCARRIED.sub("\ufffd", html.escape(str(s), quote=True))


def render_text(text: str, roots: list[Node]) -> str:
    """The text as HTML with a `<mark>` per node; only an item's first piece takes the keyboard focus."""
    out: list[str] = []
    focusable: set[str] = set()

    def emit(nodes: list[Node], pos: int, end: int) -> None:
        for node in nodes:
            out.append(_text(text[pos:node.start]))
            tab = "-1" if node.item.key in focusable else "0"
            focusable.add(node.item.key)
            depth = min(node.height(), _MAX_DEPTH)
            cls = f"pe-{node.item.kind}" + (f" d{depth}" if depth else "")
            out.append(f'<mark class="{cls}" data-k="{node.item.key}" tabindex="{tab}">')
            emit(node.children, node.start, node.end)
            out.append("</mark>")
            pos = node.end
        out.append(_text(text[pos:end]))

    emit(roots, 0, len(text))
    return "".join(out)


# ---------------------------------------------------------------------------------------------- fields

_COMPARATORS = {"eq": "= (eq)", "gt": "> (gt)", "ge": "≥ (ge)", "lt": "< (lt)", "le": "≤ (le)", "approx": "≈ (approx)"}
_SCALES = ((10**12, "万亿"), (10**8, "亿"), (10**4, "万"))


def format_number(v, short: bool = False) -> str:
    """`45,000,000,000 (450亿)`: base units as stored, with the scale an analyst reads in the text;
    `short` gives only the scaled form (`450亿`), for the narrow table."""
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return "" if v is None else str(v)
    text = f"{int(v):,}" if float(v).is_integer() else f"{v:,}"
    for scale, word in _SCALES:
        if abs(v) >= scale:
            scaled = f"{v / scale:.4f}".rstrip("0").rstrip(".") + word  # 1200亿, as the text writes it
            return scaled if short else f"{text} ({scaled})"
    return text


def format_value(item: dict, short: bool = False) -> str:
    low = format_number(item.get("value"), short)
    return f"{low} – {format_number(item['value_max'], short)}" if item.get("value_max") is not None else low


def _deadline(target: dict) -> str:
    d = target.get("deadline")
    return f"{d.get('year')} ({d.get('text')})" if isinstance(d, dict) else ""


def fields_of(kind: str, item: dict) -> tuple[str, list[tuple[str, str]]]:
    """The heading and the normalised fields shown when an item is hovered or focused (empty ones left out)."""
    span_text = (item.get("span") or {}).get("text", "")
    if kind == "target":
        heading = f"Target: {item.get('metric', '')}"
        pairs = [("metric", item.get("metric")), ("subject", item.get("subject")), ("value", format_value(item)),
                 ("unit", item.get("unit")), ("comparator", _COMPARATORS.get(item.get("comparator"))),
                 ("change", item.get("change")), ("commitment", item.get("commitment")),
                 ("deadline", _deadline(item)), ("rule", item.get("rule"))]
    elif kind == "quantity":
        heading = f"Quantity: {span_text}"
        pairs = [("value", format_value(item)), ("unit", item.get("unit")),
                 ("comparator", _COMPARATORS.get(item.get("comparator"))), ("change", item.get("change")),
                 ("kind", item.get("kind")), ("rule", item.get("rule"))]
    elif kind == "time":
        heading = f"Time: {span_text}"
        pairs = [("kind", item.get("kind")), ("start", item.get("start")), ("end", item.get("end")),
                 ("rule", item.get("rule"))]
    elif kind == "initiative":
        heading = f"Initiative: {item.get('name', '')}"
        pairs = [("name", item.get("name")), ("kind", item.get("kind")),
                 ("members", "、".join(item.get("members") or [])), ("rule", item.get("rule"))]
    else:
        heading = f"Warning: {item.get('code', '')}"
        pairs = [("code", item.get("code")), ("message", item.get("message"))]
    return heading, [(label, str(value)) for label, value in pairs if value not in (None, "")]


# ---------------------------------------------------------------------------------------------- chart

_CHART_W, _CHART_H, _LEFT, _RIGHT, _TOP, _BOTTOM = 340, 150, 52, 10, 8, 22


def _unit_family(unit: str | None) -> str:
    if unit and len(unit) == 3 and unit.isascii() and unit.isupper():
        return "money"
    return "percent" if unit in ("%", "‰", "百分点") else "other"


def _tick_label(exp: int) -> str:
    if exp < 0:
        return f"{10.0 ** exp:g}"
    for scale_exp, word in ((12, "万亿"), (8, "亿"), (4, "万")):
        if exp >= scale_exp:
            return f"{10 ** (exp - scale_exp)}{word}"
    return str(10**exp)


def _year(target: dict) -> int | None:
    deadline = target.get("deadline")
    year = deadline.get("year") if isinstance(deadline, dict) else None
    return year if isinstance(year, int) else None


def _shape(family: str, x: float, y: float, attrs: str, title: str) -> str:
    inner = f"<title>{_text(title)}</title>"
    if family == "money":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4.5" {attrs}>{inner}</circle>'
    if family == "percent":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" {attrs}>{inner}</rect>'
    return f'<path d="M{x:.1f} {y - 5:.1f}l5 9h-10z" {attrs}>{inner}</path>'


def render_chart(targets: list[dict], linked: set[str]) -> str:
    """Target values by deadline year as an inline SVG dot plot. Values of different units share one
    log axis, so the shape tells the unit family (● money, ■ percent, ▲ other); a column "none" holds
    goals without a year. Each dot links to its evidence when `target-<i>` is in `linked`."""
    points = [(i, t) for i, t in enumerate(targets) if isinstance(t.get("value"), (int, float))
              and not isinstance(t.get("value"), bool) and math.isfinite(t["value"])]
    if not points:
        return '<p class="pe-none">No targets to chart.</p>'
    column_of = {i: str(_year(t)) if _year(t) is not None else "none" for i, t in points}
    years = sorted({_year(t) for _, t in points if _year(t) is not None})
    columns = [str(y) for y in years] + (["none"] if "none" in column_of.values() else [])
    logs = [math.log10(max(float(t["value"]), 1e-3)) for _, t in points]
    lo, hi = math.floor(min(logs)), math.ceil(max(logs))
    step = max(1, math.ceil((hi - lo) / 5))  # at most six labelled powers of ten, the top one included
    hi = lo + step * max(1, math.ceil((hi - lo) / step))
    plot_w, plot_h = _CHART_W - _LEFT - _RIGHT, _CHART_H - _TOP - _BOTTOM
    col_w = plot_w / len(columns)

    def y_of(lv: float) -> float:
        return _TOP + (hi - lv) / (hi - lo) * plot_h

    parts = [f'<line class="pe-axis" x1="{_LEFT}" y1="{_TOP + plot_h}" x2="{_CHART_W - _RIGHT}" y2="{_TOP + plot_h}"/>']
    for exp in range(lo, hi + 1, step):
        y = y_of(exp)
        parts.append(f'<line class="pe-grid" x1="{_LEFT}" y1="{y:.1f}" x2="{_CHART_W - _RIGHT}" y2="{y:.1f}"/>'
                     f'<text x="{_LEFT - 4}" y="{y + 3:.1f}" text-anchor="end">{_tick_label(exp)}</text>')
    every = math.ceil(len(columns) * 30 / plot_w)  # a year label takes about 30 px: label every n-th column
    for c, name in enumerate(columns):
        if c % every == 0 or name == "none":
            parts.append(f'<text x="{_LEFT + (c + .5) * col_w:.1f}" y="{_CHART_H - 6}" text-anchor="middle">{name}</text>')
    in_column: dict[str, list[tuple[int, dict, float]]] = {}
    for (i, t), lv in zip(points, logs):
        in_column.setdefault(column_of[i], []).append((i, t, lv))
    for c, name in enumerate(columns):
        members = in_column[name]
        spread = min(10.0, col_w * .8 / max(len(members) - 1, 1))
        for j, (i, t, lv) in enumerate(members):
            x = _LEFT + (c + .5) * col_w + (j - (len(members) - 1) / 2) * spread
            key = f"target-{i}"
            attrs = f'class="pe-dot" data-t="{key}"' + (f' data-go="{key}" tabindex="0"' if key in linked else "")
            title = f"{t.get('metric', '')}: {format_value(t)} {t.get('unit') or ''} — {name}"
            parts.append(_shape(_unit_family(t.get("unit")), x, y_of(lv), attrs, title))
    return (f'<figure class="pe-chart"><svg width="{_CHART_W}" height="{_CHART_H}" viewBox="0 0 {_CHART_W} {_CHART_H}" '
            f'role="group" aria-label="target values by deadline year">{"".join(parts)}</svg>'
            '<figcaption>Target values by deadline year (log scale): ● money ■ percent ▲ other units</figcaption>'
            '</figure>')


# ---------------------------------------------------------------------------------------------- panels

_SCRIPT_LANG = {"traditional": "zh-Hant", "simplified": "zh-Hans"}
_TABLE_HEAD = ("metric", "value", "unit", "comparator", "deadline", "commitment")


def _cell(text: object, title: object = None, cls: str = "") -> str:
    tip = f' title="{_attr(title)}"' if title else ""
    return f"<td{cls}{tip}>{_text(str(text or ''))}</td>"


def _target_rows(targets: list[dict], linked: set[str]) -> str:
    """One row per target, compact (`450亿`, `≥`, `2027`); the full form is in each cell's title."""
    rows = []
    for i, t in enumerate(targets):
        key = f"target-{i}"
        go = f' data-go="{key}" tabindex="0"' if key in linked else ""
        deadline = t.get("deadline") if isinstance(t.get("deadline"), dict) else {}
        comparator = _COMPARATORS.get(t.get("comparator"), "")
        cells = (_cell(t.get("metric")), _cell(format_value(t, short=True), format_value(t), ' class="pe-num"'),
                 _cell(t.get("unit")), _cell(comparator.split(" ")[0], comparator),
                 _cell(deadline.get("year"), deadline.get("text")), _cell(t.get("commitment")))
        rows.append(f"<tr{go}>{''.join(cells)}</tr>")
    return "".join(rows)


def _warning_list(warnings: list[dict], linked: set[str]) -> str:
    if not warnings:
        return ""
    rows = []
    for i, w in enumerate(warnings):
        key = f"warning-{i}"
        go = f' data-go="{key}" tabindex="0"' if key in linked else ""
        said = (w.get("span") or {}).get("text")
        where = f" — “{_text(said)}”" if said else ""
        rows.append(f"<li{go}><b>{_text(str(w.get('code', '')))}</b>: {_text(str(w.get('message', '')))}{where}</li>")
    return f'<h3>Warnings ({len(warnings)})</h3><ul class="pe-warnings">{"".join(rows)}</ul>'


def _counts(doc: dict) -> str:
    years = ", ".join(map(str, doc.get("years") or [])) or "0"
    rows = [(kind.label, len(doc.get(kind.field) or [])) for kind in KINDS]
    rows.insert(3, ("years", years))  # after the time expressions they come from
    return '<dl class="pe-counts">' + "".join(f"<dt>{label}</dt><dd>{_text(str(n))}</dd>" for label, n in rows) + "</dl>"


def render_panel(entry: Entry) -> tuple[str, dict, list[str]]:
    """One document's panel (HTML), the fields of its items (for the pop-up) and its problems."""
    title = _attr(f"{entry.doc_id} — policy-extract review")
    head = f'<article class="pe-doc" data-title="{title}"><h2>{_text(entry.doc_id)}</h2>'
    if entry.doc is None or entry.text is None:
        code, message = entry.error or ("no_document", "nothing was extracted")
        counts = _counts(entry.doc) if entry.doc else ""
        # an error line of the batch is the batch's finding, shown as such; a missing text is the page's problem
        problems = [f"{entry.doc_id}: {message}"] if code == "no_input" else []
        return f'{head}<p class="pe-error"><b>{_text(code)}</b>: {_text(message)}</p>{counts}</article>', {}, problems
    doc, text = entry.doc, entry.text
    items, problems = items_of(text, doc)
    linked = {it.key for it in items}
    info = {}
    for it in items:
        kind = next(k for k in KINDS if k.name == it.kind)
        heading, pairs = fields_of(it.kind, doc[kind.field][int(it.key.rsplit("-", 1)[1])])
        info[it.key] = [it.kind, heading, pairs]
    meta = " · ".join(_text(str(v)) for v in (doc.get("title"), doc.get("published") and f"published {doc['published']}",
                                                doc.get("script")) if v)
    notice = (f'<p class="pe-problem">{len(problems)} item(s) not shown: their spans do not match this text '
              f'(was the document extracted from another version of it?)</p>' if problems else "")
    targets = doc.get("targets") or []
    table = (f'<table class="pe-targets"><caption>Targets ({len(targets)}): click a row to see its evidence'
             f'</caption><thead><tr>{"".join(f"<th>{h}</th>" for h in _TABLE_HEAD)}</tr></thead>'
             f'<tbody>{_target_rows(targets, linked)}</tbody></table>' if targets else '<p class="pe-none">No targets.</p>')
    lang = _SCRIPT_LANG.get(doc.get("script"), "zh")
    panel = (f'{head}<p class="pe-meta">{meta}</p>{notice}'
             f'<section class="pe-summary" aria-label="summary">{_counts(doc)}{render_chart(targets, linked)}</section>'
             f'<div class="pe-cols"><div class="pe-text" lang="{lang}">{render_text(text, nest(items))}</div>'
             f'<aside class="pe-side">{table}{_warning_list(doc.get("warnings") or [], linked)}</aside></div></article>')
    return panel, info, [f"{entry.doc_id}: {p}" for p in problems]


# ---------------------------------------------------------------------------------------------- page

def _json(obj) -> str:
    """JSON that is safe as the text of a <script> element and encodable as UTF-8."""
    return _UNCARRIED.sub("\ufffd", json.dumps(obj, ensure_ascii=False, separators=(",", ":"))).replace("<", "\\u003c")


def _sha256(s: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode("ascii")


def _nav(entries: list[Entry]) -> str:
    if len(entries) < 2:
        return ""
    rows = []
    for i, e in enumerate(entries):
        if e.doc is not None and e.text is not None:
            note = " · ".join(f"{len(e.doc.get(field) or [])} {field}" for field in ("targets", "quantities"))
            cls = ""
        else:
            note, cls = (e.error or ("error", ""))[0], ' class="pe-failed"'
        rows.append(f'<li{cls}><a href="#doc={quote(e.doc_id, safe="")}" data-doc="{i}" data-id="{_attr(e.doc_id)}">'
                    f'{_text(e.doc_id)}<small>{_text(note)}</small></a></li>')
    return ('<nav class="pe-nav" aria-label="documents"><input id="pe-search" type="search" '
            'placeholder="Search by document id" aria-label="search documents by id">'
            f'<p id="pe-count">{len(entries)} documents</p><ol>{"".join(rows)}</ol></nav>')


def _legend() -> str:
    return "".join(f'<label><input type="checkbox" data-kind="{k.name}" checked> '
                   f'<mark class="pe-{k.name}">{k.legend}</mark></label>' for k in KINDS)


def build_page(entries: list[Entry], title: str | None = None) -> Page:
    """The whole page for `entries` as one HTML string, with what could not be shown in `problems`."""
    from . import __version__

    if not entries:
        raise ViewError("no documents to show")
    if title is None:
        title = entries[0].doc_id if len(entries) == 1 else f"{len(entries)} documents"
    css, js = resources.read_data("view.css"), resources.read_data("view.js")
    docs, problems = [], []
    for i, entry in enumerate(entries):
        panel, info, doc_problems = render_panel(entry)
        problems += doc_problems
        if re.search(r"</script|<!--", panel, re.IGNORECASE):  # impossible with escaped text; never risk it
            raise ViewError(f"{entry.doc_id}: panel would end its script element early")
        docs.append(f'<script type="text/html" id="pe-doc-{i}">{panel}</script>'
                    f'<script type="application/json" id="pe-info-{i}">{_json(info)}</script>')
    csp = (f"default-src 'none'; style-src '{_sha256(css)}'; script-src '{_sha256(js)}'; "
           "base-uri 'none'; form-action 'none'")
    parts = {"CSP": csp, "VERSION": __version__, "TITLE": _text(f"{title} — policy-extract review"), "CSS": css,
             "JS": js, "LEGEND": _legend(), "NAV": _nav(entries), "DOCS": "\n".join(docs)}
    page = re.sub(r"@(CSP|VERSION|TITLE|CSS|JS|LEGEND|NAV|DOCS)@", lambda m: parts[m[1]], resources.read_data("view.html"))
    return Page(page, len(entries), problems)
