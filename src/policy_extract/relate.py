"""Relate: targets from the atoms of a clause.

A target is a forward-looking goal with a number. For every quantity the stage asks, in order:
- is its sentence a plan at all? — not when it reports facts (已, 比上年, 截至) or estimates (预计, 可望),
  nor when its year lies before the publication year; yes under a deadline (到2027年, a clause-initial
  2025年), inside a goal list (`2025年主要预期目标是：…`, a `■ …目标` section), or beside a pledge or
  plan word (力争, 将, 计划);
- does the clause state it as a goal? — a goal verb (培育, 新增, 达到) or a comparator or change before
  it, or its place in a goal list;
- is it the head of the clause, or a threshold inside the metric (`超10亿元项目18个` is 18 projects)?
- what is counted: the phrase before it back to the last verb, or the noun phrase after a measure
  word (`新建150个智能工厂`); 分别 pairs listed values with listed metrics; an empty metric is carried
  over from the previous goal of the same unit (`到2027年，达到400家左右`).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

import regex

from . import resources
from .recognize.quantities import QuantityAtom
from .recognize.times import TimeAtom
from .segment import Paragraph, clause_bounds, paragraphs, sentences

_LEVEL_VERBS = regex.compile(
    r"(?:继续|持续|均|总数|稳定|力争|确保|争取|分别|将|要|已|也|都|再|可)*"
    r"(?:达到|达|为|在|保持|迈上|稳定在|控制在|实现|完成|突破|超过|超|逾|过|是|有|占|累计|新增加|增至|提高到|提升至|提升到|达至)?$"
)
_VALUE_NOUN = regex.compile(r"(?:增加值|产值|收入|营收|投资|总额|规模|消费|能耗|排放|人口|面积|支出|利润|税收)$")
_TRIM = regex.compile(r"^[\s、和及与等的,，]+|[\s、和及与等的,，]+$")
_PARENS = regex.compile(r"[(（][^()（）]*[)）]")
_AFTER_NOUN_STOP = regex.compile(r"[，,；;。：:！？!?、\n]|和(?=\s?[\d一二两三四五六七八九十])|及(?=\s?[\d一二两三四五六七八九十])")


@dataclass
class TargetAtom:
    metric: str
    value: object
    value_max: object
    unit: str | None
    comparator: str
    change: str | None
    commitment: str | None
    deadline_year: int | None
    deadline_span: tuple[int, int] | None
    evidence: tuple[int, int]
    subject: str | None
    rule: str
    quantity: QuantityAtom = field(repr=False, default=None)


@functools.lru_cache(maxsize=1)
def _cues():
    c = resources.cues()
    alt = resources.alternation
    return {
        "goal_verb": regex.compile(alt(c["goal_verb"])),
        "cut_verb": regex.compile(alt(c["cut_verb"])),
        "commitment": regex.compile(alt(c["commitment"])),
        "future": regex.compile(alt(c["future"])),
        "past": regex.compile(alt(c["past"])),
        "forecast": regex.compile(alt(c["forecast"])),
        "heading": regex.compile(r"(?:" + alt(c["heading"]) + r")"),
        "past_pattern": regex.compile("|".join(c["past_pattern"])),
        "inline_list": regex.compile(r"(?:" + alt(c["heading"]) + r")(?:是|为|如下)?\s*[：:，,]"),
    }


_QUOTED = regex.compile(r"“[^”\n]{1,80}”|「[^」\n]{1,80}」")
_NOUN_NEXT = regex.compile(r"[\p{Han}(（]")
_COORDINATOR = regex.compile(r"[和及与]")
_OF_NOUN = regex.compile(r"的\p{Han}")
_SHORT_PARENS = regex.compile(r"[(（][^()（）\n]{1,20}[)）]")


def _blank(text: str, spans) -> str:
    """The text with names (quotes, titles) blanked out, so that their words are not read as verbs."""
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    return "".join(chars)


_SUBJECT = regex.compile(
    r"^(?:[\p{Han}]{2,10}?(?:高新区|开发区|新区|自贸区|园区|省|市|区|县|镇|政府))(?=将|计划|要|力争|确保|提出|明确)")


@dataclass
class _Scope:
    year: int | None = None
    year_span: tuple[int, int] | None = None
    goal_list: bool = False
    past: bool = False
    stated: bool = False  # a deadline cue (到2027年, 2027年前), not just a year


def _reports(text: str, cues) -> bool:
    """Facts (已, 比上年, 集聚了) or estimates (预计, 可望): not goals."""
    return bool(cues["past"].search(text) or cues["forecast"].search(text) or cues["past_pattern"].search(text))


def relate(text: str, quantities: list[QuantityAtom], times: list[TimeAtom], ref_year: int | None,
           masked=()) -> list[TargetAtom]:
    cues = _cues()
    targets: list[TargetAtom] = []
    section = _Scope()
    by_pos = sorted(quantities, key=lambda q: q.start)
    time_list = sorted(times, key=lambda t: t.start)
    protected = [(q.outer_start, q.outer_end) for q in by_pos] + list(masked) + \
        [m.span() for m in _SHORT_PARENS.finditer(text)]
    verb_text = _blank(text, list(masked) + [m.span() for m in _QUOTED.finditer(text)])
    for para in paragraphs(text):
        ptext = verb_text[para.start:para.end]  # quotes and titles blanked: their words are names
        if para.heading:
            section = _section_of(ptext, para, time_list, ref_year, cues)
            continue
        deadline = _Scope(section.year, section.year_span)
        subject = None
        respectively: list[str] = []
        # a paragraph of plans lends its plan words to sentences that have none (新建150个智能工厂。),
        # unless it also reports facts or estimates
        paragraph_future = bool(cues["future"].search(ptext)) and not _reports(ptext, cues)
        for s_start, s_end in sentences(text, para.start, para.end):
            stext = verb_text[s_start:s_end]
            past = section.past or _reports(stext, cues)
            future = bool(cues["future"].search(stext))
            sm = _SUBJECT.search(stext.strip())
            if sm:
                subject = sm.group()
            goal_list_from = None
            lm = cues["inline_list"].search(stext)
            if lm:
                goal_list_from = s_start + lm.end()
                listed = [t for t in time_list if s_start <= t.start < goal_list_from and t.deadline_year]
                if listed:
                    deadline = _Scope(listed[-1].deadline_year, (listed[-1].start, listed[-1].end))
            clauses = clause_bounds(text, s_start, s_end, protected)
            previous_clause = None
            for c_start, c_end in clauses:
                ctext = text[c_start:c_end]
                # deadline cues in this clause move the deadline for the rest of the paragraph
                for t in time_list:
                    if t.start >= c_end:
                        break
                    if t.start < c_start or t.deadline_year is None:
                        continue
                    if _is_deadline_cue(text, t, c_start, masked, ref_year):
                        deadline = _Scope(t.deadline_year, (t.start, t.end), stated=t.kind == "deadline")
                qs = [q for q in by_pos if c_start <= q.start and q.end <= c_end]
                if not qs:
                    previous_clause = (c_start, c_end)
                    continue
                year_past = deadline.year is not None and ref_year is not None and deadline.year < ref_year
                in_list = (goal_list_from is not None and c_start >= goal_list_from - 1) or section.goal_list
                # a year alone (2024年，…) makes a plan only when it is not before the publication year
                dated = deadline.year is not None and (deadline.stated or ref_year is not None)
                goal_context = in_list or future or paragraph_future or (dated and not year_past)
                if past or year_past or not goal_context:
                    previous_clause = (c_start, c_end)
                    continue
                heads = _heads(text, qs, c_end)
                metrics = _respectively(text, c_start, heads, previous_clause)
                if metrics:
                    respectively = [m for m in metrics if m]
                elif respectively and "分别" in ctext:
                    names = iter(respectively)
                    metrics = [next(names, "") if h is not None else "" for h in heads]
                left = c_start
                for i, q in enumerate(heads):
                    if q is None:
                        continue
                    metric_text, m_start, m_end = _metric(text, left, q, c_end, cues)
                    left_before = left
                    has_verb = bool(cues["goal_verb"].search(verb_text, c_start, q.start)) or q.comparator != "eq" \
                        or q.change is not None
                    if metrics:
                        metric_text = metrics[i]
                    if not metric_text:
                        metric_text = _carry_metric(targets, q)
                    left = q.outer_end
                    if not metric_text or not (has_verb or in_list):
                        continue
                    commitment = None
                    for cm in cues["commitment"].finditer(text, s_start, q.start):
                        commitment = cm.group()
                    year = deadline.year
                    if in_list and section.goal_list and section.year and goal_list_from is None:
                        year = section.year
                    ev_start = c_start if i == 0 or metrics else min(left_before, m_start)
                    while ev_start < q.start and text[ev_start] in "、和及与 ":
                        ev_start += 1
                    targets.append(TargetAtom(
                        metric=metric_text, value=q.value, value_max=q.value_max, unit=q.unit,
                        comparator=q.comparator, change=q.change, commitment=commitment,
                        deadline_year=year, deadline_span=deadline.year_span if year == deadline.year else section.year_span,
                        evidence=(ev_start, max(q.outer_end, m_end)), subject=subject,
                        rule="target.goal_list" if in_list else ("target.deadline" if year else "target.plan_clause"),
                        quantity=q))
                previous_clause = (c_start, c_end)
    return targets


def _section_of(ptext, para, time_list, ref_year, cues) -> _Scope:
    years = [t for t in time_list if para.start <= t.start < para.end and t.deadline_year]
    year = years[0].deadline_year if years else None
    past = bool(cues["past"].search(ptext)) or (year is not None and ref_year is not None and year < ref_year)
    return _Scope(year, (years[0].start, years[0].end) if years else None, bool(cues["heading"].search(ptext)), past)


_CUE_LEAD = regex.compile(r"^(?:[\s(（]*)(?:力争|确保|争取|计划|预计|目标|目标是|目标为|要|将|并|再|同时|其中)*(?:在)?$")


def _is_deadline_cue(text: str, t: TimeAtom, c_start: int, masked, ref_year: int | None) -> bool:
    """到2027年 anywhere, or a year standing at the head of its clause (2024年，…; 力争2025年…),
    but not a year inside a title or a baseline (在2022年的基础上)."""
    if any(a <= t.start < b for a, b in masked):
        return False
    after = text[t.end:t.end + 2]
    if after.startswith(("的", "以来", "相比", "比")):
        return False
    if t.kind == "deadline":
        return True
    if t.kind not in ("year", "relative", "date") or t.rule == "year.document_number":
        return False
    if t.kind == "date" and (t.rule != "date.year_end" or ref_year is None or t.deadline_year < ref_year):
        return False  # 2015年末 in a report is a point in time; 2025年底 in a 2024 plan is a deadline
    return bool(_CUE_LEAD.match(text[c_start:t.start]))


def _heads(text: str, qs: list[QuantityAtom], c_end: int) -> list[QuantityAtom | None]:
    """The quantities a clause states as values; thresholds inside a metric (超10亿元项目18个,
    投资50亿元以上的…项目) and horizons (3年内) become None."""
    out: list[QuantityAtom | None] = []
    for i, q in enumerate(qs):
        later = qs[i + 1:]
        following = text[q.outer_end:q.outer_end + 1]
        modifier = q.kind in ("money", "measure", "percent") and (
            bool(later) and _NOUN_NEXT.match(following) and not _COORDINATOR.match(following)
            or _OF_NOUN.match(text, q.outer_end))
        if q.kind in ("rank", "other") or q.unit in ("年", "月", "周年", "日") or q.implied and later or modifier \
                or q.rule == "quantity.size_class" or _in_parens(text, q):
            out.append(None)
        else:
            out.append(q)
    return out


def _in_parens(text: str, q: QuantityAtom) -> bool:
    before = text[max(0, q.start - 12):q.start]
    return bool(regex.search(r"[(（][^)）]*$", before))


def _metric(text: str, left: int, q: QuantityAtom, c_end: int, cues) -> tuple[str, int, int]:
    """The naming phrase of q, Simplified and trimmed, and where it stands."""
    # a measure word followed by its noun: 新建150个智能工厂, 培育10个以上具备示范效应的创新应用场景
    if q.kind == "count":
        stop = _AFTER_NOUN_STOP.search(text, q.outer_end, c_end)
        after_end = stop.start() if stop else c_end
        noun = text[q.outer_end:after_end]
        noun_clean = regex.sub(r"^.*的", "", noun)
        noun_clean = regex.sub(r"(?:等|之一|左右)$", "", noun_clean).strip()
        if len(regex.sub(r"\s", "", noun_clean)) >= 2 and not regex.match(r"[的了是在和及与等]", noun.strip()[:1] or "的"):
            return _tidy(noun_clean), after_end - len(noun_clean), after_end
    raw_start = left
    raw = text[left:q.outer_start]
    if q.change:  # 国内生产总值增长6.5%: the change verb is part of what is counted
        cm = regex.match(r"[\p{Han}]{2}", text[q.outer_start:q.start])
        if cm and cm.group() in resources.changes():
            raw += cm.group()
    cut = None
    for m in cues["cut_verb"].finditer(raw):
        if len(_TRIM.sub("", raw[m.end():])) >= 2:
            cut = m
    if cut:
        raw_start += cut.end()
        raw = raw[cut.end():]
    # drop time words at the head (到2027年, 2025年, 明年) and level verbs at the tail (达到, 突破)
    raw = regex.sub(r"^[\s,，、]*(?:到|至|在)?(?:\d{4}年(?:底|末)?|[今明]年|全年)(?:前|以前)?[,，]?", "", raw)
    raw = _LEVEL_VERBS.sub("", raw)
    metric = _tidy(raw)
    if "占" in metric:
        # a share: 战略性新兴产业占…比重 is named by the industry; 制造业增加值占生产总值比重 stays whole
        # unless it grows too long to be a name
        part = metric.split("占", 1)[0]
        if not _VALUE_NOUN.search(part) or len(_PARENS.sub("", metric)) > 20:
            metric = part
    return metric, raw_start, q.outer_start


def _tidy(s: str) -> str:
    s = regex.sub(r"\s+", "", s)
    s = regex.sub(r"^(?:其中|全区|全市|全省|全县|全国|并|同时|此外|另外|以及|和|及|与|、)+", "", s)
    return _TRIM.sub("", s)


def _respectively(text: str, c_start: int, heads, previous_clause) -> list[str] | None:
    """分别: values listed one by one for metrics listed one by one (A和B分别达到600家和1000家)."""
    values = [h for h in heads if h is not None]
    if len(values) < 2:
        return None
    first = values[0]
    lead = text[c_start:first.outer_start]
    if "分别" not in lead:
        return None
    subject = lead.split("分别", 1)[0]
    if not _TRIM.sub("", subject) and previous_clause:
        subject = text[previous_clause[0]:previous_clause[1]]
        subject = regex.split(r"在|实现|达到|均|将|要", subject)[0]
    subject = regex.sub(r"^.*?(?:到\d{4}年|\d{4}年)", "", subject)
    subject = regex.sub(r"(?:数量|总数|规模)$", "", _tidy(subject))
    parts = [p for p in regex.split(r"和|与|及|、", subject) if _tidy(p)]
    if len(parts) != len(values):
        return None
    names = iter(_tidy(p) for p in parts)
    return [next(names) if h is not None else "" for h in heads]


def _carry_metric(targets: list[TargetAtom], q: QuantityAtom) -> str:
    for t in reversed(targets[-6:]):
        if t.unit == q.unit:
            return t.metric
    return ""
