"""The pipeline: normalise -> recognise -> relate -> Document, each span mapped back to the input."""
from __future__ import annotations

import functools
from dataclasses import dataclass, field
from operator import attrgetter
from typing import TYPE_CHECKING, Iterable

from . import patterns, resources
from .contract import SCHEMA_VERSION, plain_number
from .normalize import Normalized, normalize, to_simplified
from .recognize.initiatives import recognize_initiatives
from .recognize.quantities import default_currency, recognize_quantities
from .recognize.times import find_published, guess_current_year, recognize_times
from .relate import relate
from .tables import read_tables

if TYPE_CHECKING:
    from .models import Document

_FILE_SUFFIX = r"\.(?:html?|shtml|jsp|php|aspx?|pdf|docx?|xlsx?|jpg|png|mp3|mp4)"
# Page furniture whose digits are never quantities: links, e-mail, phone numbers, long ids.
# Its gate turns most positions away before the branches are tried: a match starts on a visible ASCII
# character or 第/共, and right after a digit only a link (h, w) or 第/共…页 can start, since every other
# branch looks behind for a digit.
_FURNITURE_GATE = r"(?=[\x21-\x7e第共])(?:(?<![0-9])|(?=[hw第共]))"
_FURNITURE = patterns.compile(
    _FURNITURE_GATE + r"(?:"
    r"(?:https?://|www\.)[\w\-./?%&=#:~+]++"
    r"|(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@[\w-]++(?:\.[\w-]++)++"
    r"|(?<!\d)(?:\(?0\d{2,3}\)?[-\s]?)?\d{7,8}(?![\d.,万亿元美欧港人个家项台吨%])"  # not 12345678元
    r"|(?<!\d)1[3-9]\d{9}(?![\d.,万亿元美欧港人个家项台吨%])"
    r"|(?<![\d.])\d{9,}+(?![\d.,万亿元美欧港人个家项台吨%])"
    r"|(?<![\w-])[A-Za-z0-9_-]++" + _FILE_SUFFIX + r"\b"
    r"|(?:第|共)\s?\d+\s?页"
    r"|(?<![\d.:])(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?(?![\d:])"
    r")"
)
# Each branch above holds one of these: ':' (links, clock times), '@', 'www.', '页', seven digits in a row or
# a file suffix. Most texts have none, and are spared the scan, which tries its gate at every position.
_FILE_NAME = patterns.compile(_FILE_SUFFIX)
_SEVEN_DIGITS = patterns.compile(r"\d\d{6}")  # written so, re skips to the first digit
_TITLE_LINE = patterns.compile(r"\p{Han}.*\p{Han}")
_DATE_ONLY = patterns.compile(r"[\d\s年月日号时分秒星期周一二三四五六七八九十天:：./\-]+")


def extract(text: str, *, doc_id: str | None = None, published: str | None = None) -> Document:
    """One Document (output contract v1) for one text as published."""
    from .models import Document  # Pydantic loads here, not for the batch or the command line

    return Document.model_validate(document_data(text, doc_id=doc_id, published=published))


def document_data(text: str, *, doc_id: str | None = None, published: str | None = None) -> dict:
    """The Document of a text as plain data, ready for JSON: keys in the models' order, defaults filled
    in, whole numbers as integers. Validating it gives `extract`'s Document, and serialising that
    Document gives the same JSON as serialising this data — which is what the batch does, for it costs a
    fifth of validating the tree (the tests hold the two ways equal on every text they have)."""
    return documents_data([(text, doc_id, published)])[0]


def documents_data(docs: Iterable[tuple[str, str | None, str | None]]) -> list[dict]:
    """`document_data` of several (text, doc_id, published), stage by stage: each stage reads every
    document before the next stage starts, so its code and patterns stay in the processor's caches —
    about a tenth faster than one document after the other, for the same results."""
    work = [_Work(text, doc_id, published) for text, doc_id, published in docs]
    for stage in _STAGES:
        for w in work:
            stage(w)
    return [_data(w) for w in work]


@dataclass(slots=True)
class _Work:
    """One document on its way through the stages."""

    text: str
    doc_id: str | None
    published: str | None
    norm: Normalized | None = None
    ref_year: int | None = None
    currency: str = "CNY"
    times: list = field(default_factory=list)
    initiatives: list = field(default_factory=list)
    name_spans: list = field(default_factory=list)
    furniture: list = field(default_factory=list)
    tables: list = field(default_factory=list)
    table_spans: list = field(default_factory=list)  # what the table reader read: the later stages skip it
    quantities: list = field(default_factory=list)
    targets: list = field(default_factory=list)


def _read_text(w: _Work) -> None:
    """Clean text, its date of publication (given, or found at its top) and the currency of bare 元."""
    w.norm = normalize(w.text)
    clean = w.norm.text
    w.published = w.published or find_published(clean)
    w.ref_year = int(w.published[:4]) if w.published else None
    w.currency = default_currency(clean, w.norm.script)


def _find_times(w: _Work) -> None:
    clean, taiwan = w.norm.text, w.currency == "TWD"
    w.times = recognize_times(clean, w.ref_year, taiwan)
    if w.ref_year is None and (guess := guess_current_year(clean, w.times)):
        w.times = recognize_times(clean, None, taiwan, current_year=guess)


def _find_initiatives(w: _Work) -> None:
    w.initiatives, w.name_spans = recognize_initiatives(w.norm.text)


def _find_furniture(w: _Work) -> None:
    w.furniture = _furniture(w.norm.text) + _link_lists(w.norm.text) + _widget_lines(w.norm.text)


def _find_tables(w: _Work) -> None:
    w.tables = read_tables(w.norm.text, w.ref_year, w.currency)
    w.table_spans = [span for t in w.tables for span in t.read_spans()]


def _find_quantities(w: _Work) -> None:
    masked = [(t.start, t.end) for t in w.times if t.kind != "relative"] + w.name_spans + w.furniture + w.table_spans
    w.quantities = recognize_quantities(w.norm.text, masked, w.currency)


def _find_targets(w: _Work) -> None:
    w.targets = relate(w.norm.text, w.quantities, w.times, w.ref_year,
                       masked=w.name_spans + w.furniture + w.table_spans, published=w.published)
    if w.tables:  # the tables' own, in the order of the text
        w.quantities = sorted(w.quantities + [q for t in w.tables for q in t.quantities], key=attrgetter("start"))
        w.targets = sorted(w.targets + [g for t in w.tables for g in t.targets], key=lambda g: g.evidence[0])


_STAGES = (_read_text, _find_times, _find_initiatives, _find_furniture, _find_tables, _find_quantities,
           _find_targets)


def _text_digest(text: str) -> str:
    """The doc_id of a text given none: its SHA-256, shortened."""
    import hashlib  # here: a caller that names its documents never pays its 5 ms of import

    return "sha256:" + hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _data(w: _Work) -> dict:
    norm, span = w.norm, w.norm.span_dict
    years = sorted({y for t in w.times for y in t.stated_years if y and 1800 <= y <= 2199})
    return {
        "schema_version": SCHEMA_VERSION,
        "doc_id": w.doc_id if w.doc_id is not None else _text_digest(w.text),
        "title": _title(norm.text),
        "published": w.published,
        "script": norm.script,
        "targets": [_target(norm, t) for t in w.targets],
        "quantities": [{"value": _num(q.value), "value_max": _num(q.value_max), "unit": q.unit,
                        "comparator": q.comparator, "change": q.change, "kind": q.kind,
                        "span": span(q.start, q.end), "rule": q.rule} for q in w.quantities],
        "time_expressions": [{"kind": t.kind, "start": t.value_start, "end": t.value_end,
                              "span": span(t.start, t.end), "rule": t.rule} for t in w.times],
        "years": years,
        "initiatives": [{"name": i.name, "kind": i.kind, "members": i.members, "span": span(i.start, i.end),
                         "rule": i.rule} for i in w.initiatives],
        "warnings": norm.warnings,
    }


def _furniture(clean: str) -> list[tuple[int, int]]:
    """Spans of page furniture: links, e-mail, phone numbers, long ids, file names, page numbers, times."""
    if not (":" in clean or "@" in clean or "www." in clean or "页" in clean
            or _FILE_NAME.search(clean) or _SEVEN_DIGITS.search(clean)):
        return []
    return [m.span() for m in _FURNITURE.finditer(clean)]


@functools.lru_cache(maxsize=1)
def _link_list_heading():
    """A heading line, as two patterns: one matched at the start of the text, one searched for from a
    newline. re skips ahead to a literal first character; a (?m)^ it would try at every position."""
    words = resources.alternation(resources.boilerplate()["link_list"])
    heading = r"[ \t\u3000【\[]*(?:" + words + r")[】\]]?[ \t\u3000]*[:：]?[ \t\u3000]*$"
    return patterns.compile("(?m)" + heading), patterns.compile("(?m)\n" + heading)


@functools.lru_cache(maxsize=None)
def _labelled_line(role: str):
    """上一篇：, 今日天气： — a label of the role in boilerplate.tsv and its colon, searched by its words (re
    skips ahead to their first characters); the caller keeps those that start their line."""
    return patterns.compile(r"(?:" + resources.alternation(resources.boilerplate()[role]) + r")[ \t\u3000]*[:：]")


def _starts_line(clean: str, pos: int) -> bool:
    return not clean[clean.rfind("\n", 0, pos) + 1:pos].strip()


def _widget_lines(clean: str) -> list[tuple[int, int]]:
    """今日天气：多云 8~16℃ — the line of a page widget, from its label to the line's end."""
    return [(m.start(), len(clean) if (end := clean.find("\n", m.end())) < 0 else end)
            for m in _labelled_line("widget").finditer(clean) if _starts_line(clean, m.start())]


def _link_lists(clean: str) -> list[tuple[int, int]]:
    """相关新闻：… or 上一篇：… — from such a line on, the page lists other pages' headlines, not this text."""
    first_line, later_line = _link_list_heading()
    if first_line.match(clean):
        return [(0, len(clean))]
    starts = [m.start() + 1 for m in [later_line.search(clean)] if m]
    nav = next((m for m in _labelled_line("page_nav").finditer(clean)  # the first that starts its line
                if _starts_line(clean, m.start())), None)
    starts += [nav.start()] if nav else []
    return [(min(starts), len(clean))] if starts else []


@functools.lru_cache(maxsize=4096)
def _num(v):
    """plain_number, remembered: a batch writes the same few values again and again."""
    return None if v is None else plain_number(v)


def _target(norm: Normalized, t) -> dict:
    deadline = None
    if t.deadline_year is not None:
        said = norm.span_dict(*t.deadline_span)["text"] if t.deadline_span else str(t.deadline_year)
        deadline = {"year": t.deadline_year, "text": to_simplified(said)}
    return {"metric": t.metric, "subject": t.subject, "value": _num(t.value), "value_max": _num(t.value_max),
            "unit": t.unit, "comparator": t.comparator, "change": t.change, "commitment": t.commitment,
            "deadline": deadline, "evidence": norm.span_dict(*t.evidence), "rule": t.rule}


def _title(clean: str) -> str | None:
    """The headline: the first part of a top line (parts split by `|`: 首页>要闻 | headline) that reads like
    one — not page furniture, a bare date or a sentence. The headline stands above the body: once a line of
    the body is reached (a sentence of twenty characters or more, or a line longer than a headline), there
    is none."""
    furniture = resources.boilerplate()["title_stop"]

    def headline(part: str) -> bool:
        return 4 <= len(part) <= 80 and "。" not in part and _TITLE_LINE.search(part) is not None \
            and not _DATE_ONLY.fullmatch(part) and not any(w in part for w in furniture)

    for line in clean.split("\n", 8)[:8]:
        line = line.strip()
        found = next((part for part in map(str.strip, line.split("|")) if headline(part)), None)
        if found:
            return found
        if ("。" in line and len(line) >= 20 or len(line) > 80) and not any(w in line for w in furniture):
            return None
    return None
