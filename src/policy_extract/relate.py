"""Relate: targets from the atoms of a clause.

A target is a forward-looking goal with a number. For every quantity the stage asks, in order:
- is its sentence a plan at all? — not when it reports facts (已, 截至, 集聚了, 全区现有) or estimates (预计, 可望)
  and no later clause speaks of plans again, nor when its year or period lies before the publication
  date; yes under a deadline (到2027年, a clause-initial 2025年 in a dated text), inside a goal list
  (`2025年主要预期目标是：…`, a `■ …目标` section, the items after `…如下：`), beside a pledge or plan word
  (力争, 将, 计划), or in a paragraph or section of plans (二、重点任务);
- does the clause state it as a goal? — a goal verb (培育, 新增, 达到) or a comparator or change before
  it, or its place in a goal list;
- is it the head of the clause, or a threshold inside the metric (`超10亿元项目18个` is 18 projects)?
- what is counted: the phrase before it back to the last verb, or the noun phrase after a measure
  word (`新建150个智能工厂`); 分别 pairs listed values with listed metrics; an empty metric is carried
  over from the previous goal of the same unit (`到2027年，达到400家左右`), or else from the last number of
  that unit in the paragraph, though it states a fact (`现有规上企业320家，力争达到400家`); a change with
  no name of its own changes what the sentence named before (`产值达到900亿元，年均增长9%`).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field, replace
from operator import attrgetter

import regex

from . import patterns, resources
from .recognize.quantities import QuantityAtom
from .recognize.times import TimeAtom
from .segment import ITEM_MARK, clause_bounds, paragraphs, punctuated_clause, sentences
from .spans import Index, Intervals, deal

_TRIM_CHARS = "".join(c for c in map(chr, range(0x3001)) if c.isspace()) + "、和及与等的,，"  # \s, and 和 的 ，
_PARENS = patterns.compile(r"[(（][^()（）]*[)）]")
_OPEN_PAREN_BEFORE = patterns.compile(r"[(（][^)）]*$")
_AFTER_NOUN_STOP = patterns.compile(r"[，；;。：:！？!?、\n]|,(?!\d{3})|[和及](?=\s?[\d一二两三四五六七八九十])")  # not 1,200
_MODIFIER_HEAD = patterns.compile(r"^.*的")
_NOUN_TAIL = patterns.compile(r"(?:等|之一|左右)$")
_NOT_A_NOUN_START = patterns.compile(r"[的了是在和及与等]")
_TWO_HAN = patterns.compile(r"\p{Han}{2}")
# verbs that move a level to a new one with 至 / 到 (由3个增加到10个, 提高至2030年的65%)
_TO_VERBS = r"(?:缩短|提高|提升|增加|增长|降低|下降|减少|扩大|压缩|压减|精简|削减|上升|延长|延伸|扩展|拓展|扩增|增|降)"
# 提高到2025年的|3%: a time blanked at the end of the phrase (到2025年), its 的 and the verb before it
# belong to the deadline and the level, not to the name
_TIME_TAIL = patterns.compile(_TO_VERBS + r"?\s+的?$")
_TIME_HEAD = patterns.compile(r"^[\s,，、]*(?:到|至|在)?(?:\d{4}年(?:底|末)?|[今明]年|全年|第[一二三四五六七八九十\d]{1,2}阶段)(?:前|以前)?[,，]?")
# 并 leads a phrase (并新增…) unless it starts a noun (并网, 并购: noun_verb in data/cues.tsv)
_BING_NOUN_RESTS = "".join(w[1:] for w in resources.cues()["noun_verb"] if w.startswith("并") and len(w) == 2)
_LEAD_WORD = r"其中|全区|全市|全省|全县|全国|全港|[我本][市县区省]|并(?![" + _BING_NOUN_RESTS + r"])|同时|此外|另外|以及|和|及|与|、|将|把|计划|于|在"
_SHARE = patterns.compile(r"占(?!比$)")  # 占…比重 states a share; 占比 is a noun
_VALUE_NOUN = patterns.compile(
    r"(?:增加值|产值|收入|营收|投资|总额|规模|消费|能耗|排放|人口|面积|支出|利润|税收|量|居民|人员|经费|费用|额)$")
_ELLIPTIC = patterns.compile(
    r"占.+|(?:年均|平均|每年|累计|同比)?(?:增长|提高|提升|下降|降低|增加|减少|增速|增幅|净增)(?:率)?|总数|总量|总额|数量|占比|比重|规模")
_CHANGE_AT_END = r"(?:年均|平均|每年|累计|同比)?(?:增长|提高|提升|下降|降低|增加|减少|增速|增幅|净增|新增)$|占.*$"
_TRAILING_CHANGE = patterns.compile(_CHANGE_AT_END + r"|(?:总数|总量|总额|数量|规模)$")
# the same without the totals: what grows is the total itself (产业总规模达到…，年均增长12% -> 产业总规模年均增长)
_TRAILING_CHANGE_ONLY = patterns.compile(_CHANGE_AT_END)
_LEADING_CHANGE = patterns.compile(resources.alternation(resources.changes()))
# 比2024年, 较上年, 与2023年相比, 在2025年基础上: the base of a change, no part of what changes (its year is blanked to spaces)
# 由现时的5.5年缩短至, 从42%提高到: the level a change starts from, no part of what changes either
_BASELINE = patterns.compile(r"(?:比|较|与)(?: +|\d{4}年(?:底|末)?|上年度|上年|去年)(?:相比)?|在 +的?基础上"
                             r"|(?:由|从)\s*[^\d，,；;。由从]{0,4}?(?:\d[\d.]*|百分之[零一二两三四五六七八九十点]+|"
                             r"[零一二两三四五六七八九十百千]+)[^\s\d，,；;。]{0,5}?"
                             r"(?=" + _TO_VERBS + r"(?:至|到|为|\s)|$)")  # or the verb opens the value
_SUBJECT_END = patterns.compile(r"在|实现|达到|均|将|要")
_UP_TO_YEAR = patterns.compile(r"^.*?(?:到\d{4}年|\d{4}年)")
_WHOLE_YEAR = patterns.compile(r"全年|年度目标")  # 确保全年…, 年度目标新建…: the year of the text
_WHOLE_YEAR_REACH = 200  # 确保全年…: how far before its goals 全年 is looked for (a sentence of thousands of goals…)
_LOOK_BACK = 8  # the numbers before a goal that may name what it counts, nearest first
_FACT_HEAD = patterns.compile(r"^(?:现有|目前|当前|现)+")
_COUNT_NOUN_TAIL = patterns.compile(r"(?:数量|总数|规模)$")
# the words that join listed items; not inside a word (普及率, 涉及, 碳中和, 和谐, 参与度)
_LIST_SEP = patterns.compile(r"、|以及|(?<![普涉危惠顾触波企])及(?![时格早])|(?<![中饱温平调缓柔祥总])和(?![谐睦])"
                             r"|(?<![参给赋])与")
_NOUN_NEXT = patterns.compile(r"[\p{Han}(（]")
_COORDINATOR = patterns.compile(r"[和及与]")
_OF_NOUN = patterns.compile(r"的\p{Han}")
# 不少于50万平方米的创科及先进制造楼面面积, 3000PFLOPS的算力: the amount of an area or a capacity, not a
# threshold that sorts things
_MEASURE_OF_NOUN = patterns.compile(r"的[^，,；;。\n]{0,16}?(?:面积|用地|空间|算力|能力)(?=[，,；;。\n]|$)")


# 87座小型水库、214公里堤防和36座水闸: a measure of the noun it is listed with, not a threshold
_LISTED_NEXT = patterns.compile(r"\p{Han}{1,8}?[、和及与]")


def _measures_what_follows(text: str, q: QuantityAtom) -> bool:
    """约120公里的海陆缆线工程, 不少于50万平方米的…楼面面积: the measure of what follows 的, not a threshold
    (年放电量超过1000万千瓦时的项目 sorts projects)."""
    return bool(q.kind == "measure" and q.comparator in ("eq", "approx") or _MEASURE_OF_NOUN.match(text, q.outer_end))


# 员工10人以下的微型企业: a bound on a count that qualifies a noun (not 100家以上的目标, the goal itself)
_HEADCOUNT_UNITS = frozenset(("人", "户", "名"))
_AGE_UNITS = frozenset(("岁", "周岁"))  # 45周岁以下全日制博士研究生: an age bound sorts whoever follows
_GOAL_NOUN = r"(?:预期|发展|主要|年度)?(?:目标|任务)"  # 增长6%左右的预期目标: the goal itself
_COUNT_BOUND_OF_NOUN = patterns.compile(r"的(?!" + _GOAL_NOUN + r"|规模|水平)\p{Han}")
_GOAL_OF = patterns.compile(r"的" + _GOAL_NOUN)
_QUOTED = patterns.compile(r"“[^”\n]{1,80}”|「[^」\n]{1,80}」")
_SHORT_PARENS = patterns.compile(r"[(（][^()（）\n]{1,20}[)）]")
# what may stand before a deadline at the head of its clause: an item mark ((三), 2.), brackets, who commits
# (市政府将在三年内…: a short subject before a pledge word), lead words
_PLEDGE = r"将|计划|要|力争|确保|提出|明确"
_ITEM_HEAD = r"(?:[(（][一二三四五六七八九十\d]{1,2}[)）]|\d{1,2}[.、．])?[\s(（]*"
_LEAD = _ITEM_HEAD + r"(?:\p{Han}{1,8}?(?=" + _PLEDGE + r"|会在|会于|争取))?(?:" \
    + resources.alternation(resources.cues()["deadline_lead"]) + r")*"
_CUE_LEAD = patterns.compile(_LEAD + "$")
# 我区|2025年|将新建…, 市政府|明年|计划…: who commits, then the deadline, then the pledge word
_SUBJECT_LEAD = patterns.compile(_ITEM_HEAD + r"\p{Han}{1,8}$")
# 市财政|2026年|安排…: who acts (a government, its finance), then the year of the act
_AGENT_LEAD = patterns.compile(_ITEM_HEAD + r"\p{Han}{0,8}?(?:政府|财政)$")
_PERIOD_LEAD = patterns.compile(_LEAD + r"(?:到|至|在)?[“「\"]?$")
_STAGE_BEFORE = patterns.compile(r"(?:阶段|期|步)[（(]?$")
_ITEM_LABEL = patterns.compile(r"[ \t\u3000]*(?:" + ITEM_MARK.pattern.removeprefix("^") + r")[ \t\u3000]*(?P<label>\p{Han}{2,12}?)[：:]")
_LIST_INTRO = ("：", ":")  # a paragraph ending on one introduces a list
_TITLE_CHARS = 80  # a first line longer than this is text, not a title
_SUBJECT_CUE = patterns.compile(_PLEDGE)
_PLEDGE_WORD = _PLEDGE + r"|争取|努力|全力"
_PLEDGED = patterns.compile(r"(?:" + _PLEDGE_WORD + r")$")
# a pledge, or how often and for whom, between a name and its change verb: no part of the name
_BEFORE_CHANGE = patterns.compile(r"(?:" + _PLEDGE_WORD + r"|每人|每户|每生|每月|每年)+$")
_AGENT = r"(?:高新区|开发区|新区|自贸区|园区|省|市|区|县|镇|政府|财政)"
# 江北新区计划…, 江北新区明年将… (the year blanked): who commits
_SUBJECT = patterns.compile(r"(?:\p{Han}{2,10}?" + _AGENT + r")(?=\s*(?:" + _PLEDGE + r"))")
_PERIOD_RULES = {"range.months", "date.year_month", "date.month", "range.quarter"}
# 提高到2025年的3%: the level reached by the deadline
_LEVEL_BY = patterns.compile(r"的\s?[\d一二两三四五六七八九十百千万]")
_NOT_A_DEADLINE_AFTER = patterns.compile(
    r"[”」\"]?(?:的|以来|相比|比|[一二三四1-4]季度|前三季度|第[一二三四]季度|上半年|下半年|[春夏秋冬]季|[1-9一二三四五六七八九十]{1,2}(?:[-—–~至到][1-9一二三四五六七八九十]{1,2})?月)")
# how far before a number its clause is searched for the words of a rule: a clause of thousands of numbers
# (5%5%5%…) would otherwise be searched from its start for each of them
_NEAR_BEFORE = 40
# 按研发费用的10%给予补助, 租金约为市值的六成: a rate of what each gets or pays, a rule of the scheme
_SHARE_OF_A_BASE = patterns.compile(r"按[^，,；;。]{1,14}的$|为(?:市值|市价|市场价格?|市场租金)的$")
# 每处面积约3.5公顷, 最高5000万元补助, 每投入1元: a property of each unit or a ceiling of support, not a goal
# 每家最高500万元, 最高可达300万元 (最高 read as the comparator, before or after it): a rule, not a goal
_PARAMETER_BEFORE = patterns.compile(r"(?:每(?:处|个|家|项|人|户|台|亩|平方米|投入|投资)|单(?:个|户|家|笔|项)|最高|最多|最低|最少|最长|最短|上限为?|下限为?)"
                                     r"\p{Han}{0,2}$")
# 3年内, 用3年时间, 未来五年, 经过5年努力: a span of time to work in, not a value to reach
_HORIZON_UNITS = {"年", "月", "个月", "周", "天", "周年"}
_LEVEL_BEFORE = patterns.compile(r"(?:至|到|为|在|控制在|不超过|不高于|低于|以内)$")
_HORIZON_AFTER = patterns.compile(r"(?:内|之内|以内|时间|左右时间|努力|来|后|间|期间|的时间|多时间)")
_HORIZON_BEFORE = patterns.compile(r"(?:用|未来|今后|经过|近|过去|历时|花|再用|通过|前|头|连续|每)$")


@dataclass(slots=True)
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


_IN_CLAUSE = r"[^，,；;。：:！？!?\d]"  # a character of a clause's words (no punctuation, no number)


@functools.lru_cache(maxsize=1)
def _cues():
    c = resources.cues()
    alt = resources.alternation
    return {
        "goal_verb": patterns.compile(alt(c["goal_verb"])),
        "goal_verb_only": patterns.compile(r"(?:" + alt(c["goal_verb"] + c["cut_verb"] + c["verb_filler"]) + r")+"),
        "level_adverbs": frozenset(c["level_adverb"]),
        "goal_verb_only_first": frozenset(w[0] for w in c["goal_verb"] + c["cut_verb"] + c["verb_filler"]),
        "noun_stop": patterns.compile(_verbs_outside_nouns(c["noun_stop"], c["noun_verb"])),
        "money_verb_end": patterns.compile(r"(" + alt(c["money_verb"]) + r")(?:" + alt(list(_currency_names())) + r")?$"),
        "goal_verb_end": patterns.compile(r"(?:" + alt(c["goal_verb"] + c["cut_verb"]) + r")$"),
        # 新引进, 新培育 stay whole in the name, as 新增 does: a cut verb right after 新 cuts nothing
        "cut_verb": patterns.compile("(?<!新)(?:" + _verbs_outside_nouns(c["cut_verb"], c["noun_verb"]) + ")"),
        "commitment": patterns.compile(alt(c["commitment"])),
        # what completion brings (设计灌溉面积, not 设计服务), or a budget sets
        "outcome": patterns.compile(_verbs_outside_nouns(c["outcome"] + c["allocation"], c["noun_verb"])),
        "attendance": patterns.compile(alt(c["attendance"])),
        "plan_part": patterns.compile(alt(c["plan_part"])),
        "mobilising": patterns.compile(alt(c["mobilising"])),
        "threshold_noun": patterns.compile(alt(c["threshold_noun"])),
        "headcount_sorts": patterns.compile(alt(c["headcount_sorts"])),
        "rule_term": patterns.compile(r"(?:" + alt(c["rule_term"]) + r")$"),
        "rule_name": patterns.compile(r"(?:" + alt(c["rule_name"]) + r")$"),
        "activity_end": tuple(c["activity_end"]),
        "activity_end_at": patterns.compile(r"(" + alt(c["activity_end"]) + r")(?:" + _IN_CLAUSE + r"{0,4})$"),
        # what each recipient gets (每名员工发放…), or a rate or cap of support (补助比例…): one search for both
        "grant_verb": patterns.compile(alt(c["grant_verb"])),
        "grant": patterns.compile(r"(?:" + alt(c["grant_lead"]) + r")" + _IN_CLAUSE + r"{0,12}?(?:" + alt(c["grant_verb"])
                                  + r")" + _IN_CLAUSE + r"{0,4}$|" + alt(c["support_rate"])),
        "future": patterns.compile("|".join([_verbs_outside_nouns(c["future"], c["future_noun"])] + c["future_pattern"])),
        "directive": patterns.compile(alt(c["directive"])),
        # facts or estimates, in one search (every branch opens on a plain character: see cues.tsv)
        "reports": patterns.compile("|".join([alt(c["past"] + c["forecast"] + c["completion"])] + c["past_pattern"])),
        "completion": frozenset(c["completion"]),
        "heading": patterns.compile(alt(c["heading"])),
        "plan_heading": patterns.compile(alt(c["plan_heading"])),
        "no_goal_heading": patterns.compile(alt(c["condition_heading"] + c["review_heading"])),
        "condition": patterns.compile(alt(c["condition"])),
        "plan_title": patterns.compile(alt(c["plan_title"])),
        "no_goal_title": patterns.compile(alt(c["no_goal_title"])),
        "applicant": patterns.compile(r"(?:" + alt(c["applicant"]) + r")\p{Han}{0,8}?的"),
        "rule_word": patterns.compile(alt(c["rule_word"])),
        "inline_list": patterns.compile(
            r"(?:" + alt(c["heading"]) + r")(?:\p{Han}{0,6}?(?:是|为|如下)?\s*[：:]|(?:是|为)\s*[，,])"),
    }


def _verbs_outside_nouns(verbs, nouns) -> str:
    """A pattern of the verbs, longest first, that matches none where a noun starts (建成, not in 建成区):
    the rest of the noun is looked ahead for after the verb (建成(?!区)), and a verb that starts with a
    noun is left out. Every branch opens on the verb's first character, so `re` skips from one such
    character to the next, where a look-ahead in front is tried at every character."""
    branches = []
    for verb in sorted(set(verbs), key=lambda w: (-len(w), w)):
        if any(verb.startswith(noun) for noun in nouns):
            continue
        rests = [noun[len(verb):] for noun in nouns if noun.startswith(verb)]
        branches.append(regex.escape(verb) + ("(?!" + resources.alternation(rests) + ")" if rests else ""))
    return "|".join(branches)


@dataclass(slots=True)
class _Scope:
    """A deadline or section in force: its year, where it was said, and what kind of text it opens."""

    year: int | None = None
    year_span: tuple[int, int] | None = None
    goal_list: bool = False
    past: bool = False
    stated: bool = False  # a deadline cue (到2027年, 2027年前), not just a year
    plan: bool = False  # a section of tasks (二、重点任务): its paragraphs speak of plans
    items_only: "_Scope | None" = None  # opened by a list intro: holds over list items, then gives way to this
    year_said_below: bool = False  # the year of a goal section was stated in a paragraph of it, not its heading


def relate(text: str, quantities: list[QuantityAtom], times: list[TimeAtom], ref_year: int | None,
           masked=(), published: str | None = None) -> list[TargetAtom]:
    """Targets of a clean text, from its quantities and time atoms; `masked` are names (titles,
    quotes, page furniture) whose words and years do not count; `published` (YYYY-MM-DD) tells
    periods already over."""
    return _Reader(text, quantities, times, ref_year, masked, published).read()


class _Reader:
    def __init__(self, text, quantities, times, ref_year, masked, published=None):
        self.text, self.ref_year, self.cues, self.published = text, ref_year, _cues(), published
        self.quantities = Index(quantities, attrgetter("start"))
        self.times = Index(times, attrgetter("start"))
        self.masked = Intervals(masked)
        self.deadlines_ahead = {id(t) for t in times if t.kind == "deadline" and t.deadline_year is not None
                                and (ref_year is None or t.deadline_year >= ref_year)
                                and not self.masked.covers(t.start)}  # outside names: see _deadline_ahead
        quotes = [m.span() for m in _QUOTED.finditer(text)]
        self.protected = Intervals([(q.outer_start, q.outer_end) for q in quantities] + list(masked) +
                                   [m.span() for m in _SHORT_PARENS.finditer(text)])
        self.verb_text = _blank(text, list(masked) + quotes)  # names blanked: their words are no verbs
        self.metric_text = _blank(text, [(t.start, t.end) for t in times])  # 到2027年 names nothing
        self.targets: list[TargetAtom] = []
        self.title = self._title_scope()
        self.section, self.section_level, self.section_start = self.title, 0, 0
        self.past = self.future = False  # of the sentence being read

    def _title_scope(self) -> _Scope:
        """关于公布2026年十件民生实事项目的通知: a title naming the year's list of tasks, for a year not over when
        the text was published, makes the text a list of that year's plans, due by its end (until a heading
        opens another section). A title of one year only: 三年行动方案（2025—2027年） dates its goals itself."""
        end = self.text.find("\n")
        first_line = self.text if end < 0 else self.text[:end]
        named = len(first_line) <= _TITLE_CHARS and self.cues["plan_title"].search(first_line)
        if not named or self.ref_year is None:
            return _Scope()
        years = [t for t in self.times.between(0, named.start()) if t.kind == "year" and t.deadline_year]
        if len(years) != 1 or years[0].deadline_year < self.ref_year \
                or any(t.kind == "range" for t in self.times.between(0, len(first_line))):
            return _Scope()
        return _Scope(years[0].deadline_year, (years[0].start, years[0].end), plan=True)

    def read(self) -> list[TargetAtom]:
        if any(len(line) <= _TITLE_CHARS and self.cues["no_goal_title"].search(line)
               for line in self.text[:3 * _TITLE_CHARS].split("\n")[:3]):
            return []  # 公开招标公告, 中标结果公告 (a title among the first lines, after a site's path): what a
            # contract buys, not what a government sets out to reach
        for para in paragraphs(self.text):
            ptext = self.verb_text[para.start:para.end]
            if self.section.items_only is not None and not ITEM_MARK.match(ptext.lstrip()) \
                    and "|" not in ptext and "\t" not in ptext:  # a table among the items does not end them
                self.section = self.section.items_only  # the list is over: 上述目标…。2024年，…
            if para.heading:
                self.section, self.section_start = self._section_of(ptext, para), para.start
                continue
            self.deadline = _Scope(self.section.year, self.section.year_span)
            self.p_start, self.subject = para.start, None
            self.respectively: list[str] = []
            self.ptext, self._paragraph_future = ptext, None
            bounds = sentences(self.text, para.start, para.end)
            in_sentences = (deal(self.quantities.between(para.start, para.end), bounds),
                            deal(self.times.between(para.start, para.end), bounds))
            for (s_start, s_end), qs, times in zip(bounds, *in_sentences):
                # a sentence of words alone (most of a release) holds nothing to read, unless it closes the
                # paragraph, where a list intro (主要目标如下：) says how the next paragraphs read
                if qs or times or s_end == bounds[-1][1]:
                    self._sentence(s_start, s_end, qs, times)
            if ptext.rstrip().endswith(_LIST_INTRO):
                self._open_list(ptext)
            self._lend_deadline_to_section(para)
        return self.targets

    def _lend_deadline_to_section(self, para) -> None:
        """■ 目标 — 到2028年，…。/ 市场主体方面，…: in a section of goals whose heading gives no year, a deadline
        a paragraph states holds for the paragraphs after it, until another paragraph states one."""
        section, deadline = self.section, self.deadline
        if section.goal_list and not section.past and (section.year is None or section.year_said_below) \
                and deadline.stated and deadline.year_span[0] >= para.start:
            self.section = replace(section, year=deadline.year, year_span=deadline.year_span, year_said_below=True)

    def _open_list(self, ptext: str) -> None:
        """A paragraph ending on a colon introduces the items of the next paragraphs: 到2025年，…具体目标如下：
        lends them its year, 重点做好以下工作： makes them tasks, whose goals need their verbs."""
        intro = self.list_deadline or self.deadline
        tasks = self.cues["plan_heading"].search(ptext) is not None
        if intro.year is not None or self.list_from is not None or tasks:
            self.section = _Scope(intro.year or self.section.year, intro.year_span or self.section.year_span,
                                  self.section.goal_list or bool(self.cues["heading"].search(ptext)),
                                  self.section.past or self._intro_reports(ptext),
                                  plan=self.section.plan or tasks, items_only=self.section)

    def _intro_reports(self, ptext: str) -> bool:
        """Whether a list intro reports: 过去一年，我们做了以下工作： — its own sentence tells, not a report
        before it (…已将其纳入…。下一步，我区将重点做好以下工作：), and its last clause before a report or
        forecast earlier in the sentence, when someone is told to act (据气象部门预测，…，各地要…抓好以下任务：)."""
        s_start, s_end = sentences(ptext, 0, len(ptext))[-1]
        clauses = [(c, e) for c, e in clause_bounds(ptext, s_start, s_end) if ptext[c:e].strip("：: \n")]
        if not clauses or self._reports(ptext[clauses[-1][0]:clauses[-1][1]]):
            return True
        return self._reports(ptext[s_start:s_end]) and not (_SUBJECT_CUE.search(ptext, s_start, s_end)
                                                             or self.cues["directive"].search(ptext, s_start, s_end))

    @property
    def paragraph_future(self) -> bool:
        """A paragraph of plans lends its plan words to sentences that have none (新建150个智能工厂。),
        unless it also reports facts or estimates. Read only when a clause needs it."""
        if self._paragraph_future is None:
            self._paragraph_future = (self.section.plan or bool(self.cues["future"].search(self.ptext))) \
                and not self._reports(self.ptext)
        return self._paragraph_future

    def _before_plan_clause(self, s_start: int, s_end: int) -> str:
        """The sentence up to its first clause that speaks of plans without reporting anything."""
        for c_start, c_end in clause_bounds(self.verb_text, s_start, s_end):
            ctext = self.verb_text[c_start:c_end]
            if (self.cues["future"].search(ctext) or self._deadline_ahead(self.times.between(c_start, c_end))) \
                    and not self._reports(ctext):
                return self.verb_text[s_start:c_start]
        return self.verb_text[s_start:s_end]

    def _deadline_ahead(self, times: list[TimeAtom]) -> bool:
        """A deadline still to come (提出到2027年，…) speaks of plans as a plan word does, though the
        sentence reported before it (会议审议通过了《…》)."""
        ahead = self.deadlines_ahead
        return bool(ahead) and any(id(t) in ahead for t in times)

    def _reports(self, text: str, under_deadline: bool = False) -> bool:
        """Facts (已, 比上年, 集聚了) or estimates (预计, 可望): not goals. A pledge right before the word
        makes it one (确保完成年度目标, 力争提前完成), and so does a plan read from the same place (预计于2026年
        完成…: the future pattern); under a deadline still to come, 全面完成 is a task (completion words)."""
        return any(not _PLEDGED.search(text, max(0, m.start() - 2), m.start())
                   and not self.cues["future"].match(text, m.start())
                   and not (under_deadline and m.group() in self.cues["completion"])
                   for m in self.cues["reports"].finditer(text))

    def _section_of(self, ptext, para) -> _Scope:
        """The scope a heading opens. A sub-heading that says nothing of its own ((一)实施…工程) stays
        in its parent's section; under a title naming a year's list of tasks (2026年…工作要点), a heading
        with no year and no report (一、压紧压实河湖长责任) opens another part of that list."""
        years = [t for t in self.times.between(para.start, para.end) if t.deadline_year]
        year = years[0].deadline_year if years else None
        past = self._reports(ptext) or (year is not None and self.ref_year is not None and year < self.ref_year) \
            or bool(self.cues["no_goal_heading"].search(ptext))  # 三、申报条件, 二、存在的主要问题: no goals there
        span = (years[0].start, years[0].end) if years else None
        goal_list, plan = bool(self.cues["heading"].search(ptext)), bool(self.cues["plan_heading"].search(ptext))
        if self.title.plan and year is None and not past:
            year, span, plan = self.title.year, self.title.year_span, True
        if para.level > 1 and not (year or goal_list or plan or past) and self.section_level < para.level:
            return self.section
        self.section_level = para.level
        return _Scope(year, span, goal_list, past, plan=plan)

    def _sentence(self, s_start: int, s_end: int, qs: list[QuantityAtom], times: list[TimeAtom]) -> None:
        """Read a sentence's clauses, given the quantities and time expressions that start in it."""
        self.s_start, self.goal_in_sentence = s_start, False
        self.commitment, self.commitment_scanned = None, s_start
        self.list_from, self.list_deadline, self.reports, self.ahead = None, None, False, False
        stext = self.verb_text[s_start:s_end]
        lm = self.cues["inline_list"].search(stext)
        if lm:  # 2025年主要预期目标是：… — the year stated once holds for every goal listed (and, said last
            # in a paragraph, for the list that follows it)
            self.list_from = s_start + lm.end()
            listed = [t for t in times if t.start < self.list_from and t.deadline_year]
            if listed:
                self.list_deadline = _Scope(listed[-1].deadline_year, (listed[-1].start, listed[-1].end))
        if not qs and not any(t.deadline_year for t in times):
            return  # neither numbers nor deadlines: nothing to read here
        if qs:  # markers matter only where there are numbers
            self.ahead = self._deadline_ahead(times)
            self.reports = self._reports(stext, self.ahead)
            plans = self.ahead or self.cues["future"].search(stext)
            # with no plan word in it, all of a reporting sentence comes before any clause of plans
            self.past = self.section.past or self.reports and (
                not plans or self._reports(self._before_plan_clause(s_start, s_end)))
            self.future = bool(plans or self.cues["directive"].search(stext))
        previous = None
        subject_cue = _SUBJECT_CUE.search(self.metric_text, s_start, s_end) is not None  # 江北新区计划…
        if self.past and not self.future and self.list_from is None and not subject_cue and not times:
            return  # a report with no plan word and no year: its clauses hold no goal and change nothing
        clauses = clause_bounds(self.text, s_start, s_end, self.protected)
        for (c_start, c_end), c_qs, c_times in zip(clauses, deal(qs, clauses), deal(times, clauses)):
            if c_times:
                self._move_deadline(c_start, c_times)
            # a report with no plan word anywhere in its sentence stays one to its end: nothing can turn it back
            if (self.reports or c_times) and not (self.past and not self.future):
                self._report_state(c_start, c_end, c_times)
            if subject_cue:
                self._subject_in(c_start, c_end)
            if c_qs and (c_qs := [q for q in c_qs if q.end <= c_end]):
                self._goals(c_start, c_end, c_qs, previous, c_times)
            previous = (c_start, c_end)

    def _move_deadline(self, c_start: int, times: list[TimeAtom]) -> None:
        """Deadline cues (到2027年, a year heading its clause) move the deadline for the paragraph."""
        for t in times:
            if t.deadline_year is not None and self._is_deadline_cue(t, c_start) \
                    and not self.text[c_start:t.start].rstrip().endswith("其中"):  # 到2027年…，其中2025年…: a step
                self.deadline = _Scope(t.deadline_year, (t.start, t.end), stated=t.kind == "deadline")

    def _report_state(self, c_start: int, c_end: int, times: list[TimeAtom]) -> None:
        """A report or estimate word holds for its sentence, but a later clause that speaks of plans starts
        afresh (预计赤字为670亿元，将于未来五年压缩开支7%); a period already over (2025年1—11月) reports."""
        if self.reports and self.list_from is None:
            ctext = self.verb_text[c_start:c_end]
            if self._reports(ctext, self.ahead):
                self.past = True
            elif (self.cues["future"].search(ctext) or self._deadline_ahead(times)) and not self.section.past:
                self.past = False
        for t in times:  # 2025年1—11月, 今年一季度: a period already over (较1—5月收窄…: a baseline, which reports nothing)
            if t.rule in _PERIOD_RULES and t.value_end and self.published \
                    and t.value_end < self.published[:len(t.value_end)] and self.text[t.start - 1:t.start] not in ("较", "比"):
                self.past = True

    def _goals(self, c_start: int, c_end: int, qs: list[QuantityAtom], previous, times: list[TimeAtom]) -> None:
        """The targets among the quantities that a clause holds whole, if the clause speaks of plans."""
        text, ref_year = self.text, self.ref_year
        in_inline_list = self.list_from is not None and c_start >= self.list_from - 1
        if in_inline_list and self.list_deadline:
            self.deadline = self.list_deadline
        if self.past:
            return
        deadline = self.deadline
        year_past = deadline.year is not None and ref_year is not None and deadline.year < ref_year
        in_list = in_inline_list or self.section.goal_list
        # a year alone (2024年，…) makes a plan only in a dated text, and only if not before its date
        dated = deadline.year is not None and (deadline.stated or ref_year is not None)
        earlier = self.section.year and deadline.year and deadline.year < self.section.year and deadline.stated is False \
            and deadline.year_span and deadline.year_span[0] >= self.s_start
        goal_context = (in_list and not earlier) or self.future or (dated and not year_past) or self.paragraph_future
        if year_past or not goal_context and not any(q.comparator in ("ge", "le") for q in qs):
            return
        heads = _heads(text, qs, c_start, self.cues)
        # 每年培育人才不少于800名: a floor or a ceiling (不少于, 不超过) is a rule to meet, never a fact,
        # though no plan word is near; 200升及以上 after the number sorts what a rule is about
        if not goal_context and (not any(h is not None and h.comparator in ("ge", "le") and not _CLASS_BOUND.match(text, h.end)
                                         for h in heads)
                                 or self.cues["condition"].search(
                                     self.verb_text, max(self.s_start, c_start - _NEAR_BEFORE), c_end)):
            return  # 申报企业上年营业收入不低于5000万元: a condition to apply
        metrics = _respectively(text, c_start, heads, previous)
        if metrics:
            self.respectively = [m for m in metrics if m]
        elif self.respectively and "分别" in text[c_start:c_end]:
            names = iter(self.respectively)
            metrics = [next(names, "") if h is not None else "" for h in heads]
        left, first_new = c_start, len(self.targets)
        for i, q in enumerate(heads):
            if q is None:
                continue
            item_from = left
            metric, m_start, m_end = _metric(self.metric_text, left, q, c_end, self.cues)
            if metrics:
                metric = metrics[i]
            if not metric and q.change:  # 规模达到500亿元，年均增长15%: the growth of what the sentence named before
                said = _TRAILING_CHANGE.search(self.metric_text, left, q.start)
                named = self._counted_before(q, self.s_start, any_unit=True) if said else ""
                metric = _TRAILING_CHANGE_ONLY.sub("", named) + said.group() if named else metric
            # 年均增长10%以上, 占GDP比重30%, 达到3.2%，较2023年提高0.4个百分点: the subject was said before
            if metric and _ELLIPTIC.fullmatch(metric):
                of_total = q.change is not None  # a change of the total said before; a share or a total names its part
                subject = (_TRAILING_CHANGE_ONLY if of_total else _TRAILING_CHANGE).sub(
                    "", self._carried_metric(q, any_unit=True))
                metric = subject + metric if subject else metric
            if not metric and q.kind == "money":  # 累计投入(人民币)500亿元: the verb names the money
                verb = self.cues["money_verb_end"].search(self.metric_text, max(c_start, q.outer_start - 8), q.outer_start)
                metric = verb.group(1) if verb else metric
            elif not metric and q.unit == "人次":  # 每年培训不少于5000人次: the activity names what is counted
                verb = self.cues["activity_end_at"].search(self.metric_text, max(c_start, q.outer_start - 8), q.outer_start)
                metric = verb.group(1) if verb else metric
            metric = metric or self._carried_metric(q) or self._changed_before(q)
            change = q.change
            verb_first = _LEADING_CHANGE.match(metric) if q.kind == "percent" and not change else None
            if verb_first and len(metric) > len(verb_first.group()) + 1:  # 压缩经常开支7%: 经常开支 falls 7%
                change = resources.changes()[verb_first.group()]
                metric = metric[verb_first.end():] + verb_first.group()
            ev_start = c_start if i == 0 or metrics else min(left, m_start)
            left = max(q.outer_end, m_end)
            # 到2027年，…设备10万—15万台: under a stated deadline a plain statement is a goal
            dated_statement = deadline.stated and deadline.year_span and deadline.year_span[0] >= self.s_start
            # stated as a goal: in a list, after a goal, under a deadline, or with a comparator, a change or a
            # goal verb before it (the verb is looked for last: a search costs more than the other tests)
            if not metric or not (in_list or self.goal_in_sentence or dated_statement or q.comparator != "eq"
                                  or q.change is not None
                                  or self.cues["goal_verb"].search(self.verb_text, c_start, q.start)):
                continue
            if self.cues["outcome"].search(self.verb_text, c_start, q.start) \
                    or self.cues["attendance"].match(text, max(q.outer_end, m_end)) \
                    and not self.cues["mobilising"].search(self.verb_text, c_start, q.start):
                continue  # 建成后可容纳企业200家, 200余名干部参加会议: what completion brings, who attended
            if q.comparator in ("ge", "le") and self.cues["applicant"].search(self.verb_text, c_start, q.start) \
                    or self.cues["rule_word"].search(self.verb_text, c_start, q.start) \
                    or self.cues["rule_name"].search(metric):
                continue  # 申请补助的机构托位数应不少于20个, 原则上不超过…, 贷款最高额度: a rule to meet, not a goal
            while ev_start < q.start and text[ev_start] in "、和及与 ":
                ev_start += 1
            year, span = deadline.year, deadline.year_span
            item_year = self._item_year(item_from, q) if times else None
            if item_year is not None:  # 2026年达到1.2万家、2027年达到1.5万家: each item its own year
                year, span = item_year.deadline_year, (item_year.start, item_year.end)
            # a list's year holds for its goals, unless their sentence states its own (…，到2028年…达到90%) or
            # heads with a later one (展望2035年，…), or the list's year was only said in a paragraph before
            if in_list and self.section.goal_list and self.section.year and self.list_from is None \
                    and not (span is not None and span[0] >= self.s_start
                             and (deadline.stated or item_year is not None and self.section.year_said_below
                                  or year is not None and year > self.section.year)):
                year, span = self.section.year, self.section.year_span
            if year is None and ref_year is not None:  # 确保全年…增长5%以上: a goal of the year, due by its end
                whole_year = _WHOLE_YEAR.search(text, max(self.s_start, q.start - _WHOLE_YEAR_REACH), q.start)
                year, span = (ref_year, whole_year.span()) if whole_year else (year, span)
            if year is None and self.published:  # 下半年确保…, 四季度力争…: due by the end of a part still to come
                ahead = self._period_ahead(q)
                year, span = (int(ahead.value_end[:4]), (ahead.start, ahead.end)) if ahead else (year, span)
            commitment = self._commitment_before(q.start)
            self.goal_in_sentence = True  # 新增A企业100家，其中B企业30家: the list goes on
            self.targets.append(TargetAtom(
                metric=metric, value=q.value, value_max=q.value_max, unit=q.unit, comparator=q.comparator,
                change=change, commitment=commitment, deadline_year=year, deadline_span=span,
                evidence=(ev_start, max(q.outer_end, m_end)), subject=self.subject,
                rule="target.goal_list" if in_list else ("target.deadline" if year else "target.plan_clause"),
                quantity=q))

        _share_head_nouns(self.targets[first_new:])

    def _period_ahead(self, q: QuantityAtom) -> TimeAtom | None:
        """A part of a year (下半年, 四季度) in q's sentence before it that has not ended when the text was
        published."""
        for t in reversed(self.times.last_between(self.s_start, q.start, _LOOK_BACK)):
            if t.rule in _PERIOD_RULES and t.value_end and t.value_end >= self.published[:len(t.value_end)]:
                return t
        return None

    def _item_year(self, item_from: int, q: QuantityAtom) -> TimeAtom | None:
        """The year heading a later item of a clause's list (…、2027年达到1.5万家): the item's own deadline."""
        found = self.times.last_between(item_from, q.start, 1)
        if not found or found[0].kind not in ("year", "deadline") or found[0].deadline_year is None:
            return None
        t = found[0]
        heads_item = not self.text[item_from:t.start].strip("、，, ").removeprefix("其中")  # 其中2025年…: a step
        return t if heads_item and not self.masked.covers(t.start) and not _NOT_A_DEADLINE_AFTER.match(self.text, t.end) \
            else None  # not 2022年以来, 2024年的基础上

    def _commitment_before(self, pos: int) -> str | None:
        """The last pledge word (力争, 确保) of the sentence before pos; the sentence is read once, left
        to right, however many goals it holds."""
        for cm in self.cues["commitment"].finditer(self.text, self.commitment_scanned, pos):
            self.commitment = cm.group()
            self.commitment_scanned = cm.end()
        self.commitment_scanned = max(self.commitment_scanned, pos - 3)  # a word may straddle pos
        return self.commitment

    def _subject_in(self, c_start: int, c_end: int) -> None:
        """江北新区计划…: who commits, carried to the goals that follow in the paragraph."""
        if not _SUBJECT_CUE.search(self.metric_text, c_start, c_end):
            return
        sm = _SUBJECT.match(_TIME_HEAD.sub("", self.metric_text[c_start:c_end].strip()).strip())
        if sm:
            self.subject = sm.group()

    def _is_deadline_cue(self, t: TimeAtom, c_start: int) -> bool:
        """到2027年 anywhere, or a year standing at the head of its clause (2024年，…; 力争2025年…),
        but not a year inside a title or a baseline (在2022年的基础上)."""
        level_by = t.kind == "deadline" and _LEVEL_BY.match(self.text, t.end)  # 到2025年的3%
        if _NOT_A_DEADLINE_AFTER.match(self.text, t.end) and not level_by:
            return False  # 2022年的基础上, 今年以来, 今年一季度: a baseline or a period, not a deadline
        if t.kind == "plan_period":  # “十五五”时期，…: its goals are due by its last year (a quoted name)
            return t.deadline_year is not None and bool(_PERIOD_LEAD.match(self.text, c_start, t.start))
        if self.masked.covers(t.start):
            return False  # inside a title: 《…（2025—2027年）》
        if t.kind == "range" and _STAGE_BEFORE.search(self.text, max(0, t.start - 4), t.start):
            return True  # 第一阶段（2025—2026年）: the stage's goals are due by its end
        if t.kind == "range":  # 2025—2027年，每年新增…: heading its clause, a period is due by its end
            return t.deadline_year is not None and self._heads_clause(t, c_start)
        if t.kind == "deadline":  # 延长实施…至2028年 ends an action; only 到…, …年前, or 至… heading a clause or
            # naming the level then (提升至2030年的65%)
            return not self.text.startswith("至", t.start) or bool(level_by or _CUE_LEAD.match(self.text, c_start, t.start))
        if t.kind not in ("year", "relative", "date") or t.rule == "year.document_number":
            return False
        if t.kind == "date" and (t.rule != "date.year_end" or self.ref_year is None or t.deadline_year < self.ref_year):
            return False  # 2015年末 in a report is a point in time; 2025年底 in a 2024 plan is a deadline
        return self._heads_clause(t, c_start)

    def _heads_clause(self, t: TimeAtom, c_start: int) -> bool:
        """A time at the head of its clause, after lead words (力争2025年) or after who commits and before
        the pledge (我区2025年将…)."""
        return bool(_CUE_LEAD.match(self.text, c_start, t.start)
                    or _SUBJECT_CUE.match(self.text, t.end) and _SUBJECT_LEAD.match(self.text, c_start, t.start)
                    or _AGENT_LEAD.match(self.text, c_start, t.start))

    def _carried_metric(self, q: QuantityAtom, any_unit: bool = False) -> str:
        """The name of the paragraph's last goal (of q's unit), for a goal that names nothing; else what
        the last number of its unit in the paragraph counted. Another paragraph speaks of other things."""
        for t in reversed(self.targets[-6:]):
            if t.evidence[0] < self.p_start:
                break
            if any_unit or t.unit == q.unit:
                return t.metric
        if any_unit:
            return ""
        return self._counted_before(q, self.p_start) or self._item_label() or self._section_subject()

    def _item_label(self) -> str:
        """一、通学步道：115年底前先完成20处: the label of a paragraph's item names its goals that name nothing."""
        m = _ITEM_LABEL.match(self.metric_text, self.p_start)
        return _tidy(m.group("label")) if m else ""

    def _section_subject(self) -> str:
        """主要目标 / 到2028年，高新技术企业数量翻一番… / 分年度看，2026年达到1.2万家…: in a section of goals, a
        paragraph whose goals name nothing goes on with what the section's last goal counted."""
        last = self.targets[-1] if self.targets else None
        if not self.section.goal_list or last is None or last.evidence[0] < self.section_start:
            return ""
        return _TRAILING_CHANGE.sub("", last.metric)

    def _changed_before(self, q: QuantityAtom) -> str:
        """产值同比增长8%，达到1500亿元: a level that names nothing is the level of what the sentence's
        change before it named; after any other number it names nothing."""
        before = self.quantities.last_between(self.s_start, q.start, 1)
        if not before or before[-1].change is None or before[-1].unit is None:
            return ""
        named = self._counted_before(q, self.s_start, any_unit=True)
        return _TRAILING_CHANGE.sub("", named) if named else ""

    def _counted_before(self, q: QuantityAtom, start: int, any_unit: bool = False) -> str:
        """全市拥有规上企业320家，力争到2026年达到400家: a goal that names nothing counts what the last number
        (of its unit) between `start` and it counted, though that number states a fact."""
        for prev in reversed(self.quantities.last_between(start, q.start, _LOOK_BACK)):
            if prev.unit is not None and (any_unit or prev.unit == q.unit):
                clause_start, _ = punctuated_clause(self.metric_text, prev.outer_start, start)
                before = self.quantities.last_between(clause_start, prev.start, 1)  # 达到1.2万家、…达到1.5万家
                if before and self.metric_text.startswith("、", before[0].outer_end):
                    clause_start = max(clause_start, before[0].outer_end)
                metric, _ = _metric_before(self.metric_text, clause_start, prev, self.cues)
                metric = _FACT_HEAD.sub("", metric)
                named = len(metric) >= 2 and not _ELLIPTIC.fullmatch(metric)
                return metric if named else ""  # 同比增长5%: that number named nothing either
        return ""


_SIZE_CLASS = patterns.compile(r"[十百千万亿]+级")


def _share_head_nouns(targets: list[TargetAtom]) -> None:
    """打造2个千亿级、5个百亿级数字化产业集群: the first metric names only its class, the noun is shared."""
    for i, t in enumerate(targets[:-1]):
        if _SIZE_CLASS.fullmatch(t.metric):
            later = next((u.metric for u in targets[i + 1:] if _SIZE_CLASS.match(u.metric)
                          and len(u.metric) > _SIZE_CLASS.match(u.metric).end()), None)
            if later:
                t.metric += later[_SIZE_CLASS.match(later).end():]


def _blank(text: str, spans) -> str:
    """The text with the given spans replaced by spaces (same length, same offsets)."""
    pieces, pos = [], 0
    for a, b in Intervals(spans).ranges():
        pieces += (text[pos:a], " " * (b - a))
        pos = b
    pieces.append(text[pos:])
    return "".join(pieces)


# 从1000家企业中遴选…, 在500家企业中试点: the pool a goal draws from, not a goal
_POOL_AFTER = patterns.compile(r"\p{Han}{0,8}?(?:之中|当中|中)(?!心|国|央|小|部)")
# 由现时的5.5年缩短至4.5年, 从3个增加到10个: the level a change starts from, not a goal
_FROM_BEFORE = patterns.compile(r"(?:由|从)(?:\d{3,4}年(?:底|末)?)?[^\d，,；;。由从]{0,4}$")  # 由114年底的812家: a ROC year too
# 增加到10个, 由目前的560处，于119年前扩增至750处: the level reached, right after or later in the sentence
_TO_AFTER = patterns.compile(r"(?:[，,][^，,。；;\n]{0,12}?)?" + _TO_VERBS + r"?(?:至|到)")


def _heads(text: str, qs: list[QuantityAtom], c_start: int, cues) -> list[QuantityAtom | None]:
    """The quantities a clause (from c_start) states as values; thresholds inside a metric (超10亿元项目18个,
    投资50亿元以上的…项目), ranks, horizons (3年内), pools (从1000家企业中), starting levels (从3个增加到),
    size classes, and parameters (每家最高500万元) and grants to each recipient (每名员工发放2000元) become
    None."""
    out: list[QuantityAtom | None] = []
    rule_before = None  # the parameter or grant just read: 最高500万元、300万元 lists more of it
    for i, q in enumerate(qs):
        later = i + 1 < len(qs)
        following = text[q.outer_end:q.outer_end + 1]
        modifier = q.kind in ("money", "measure", "percent", "duration", "rank", "other") and (
            later and _NOUN_NEXT.match(following) and not _COORDINATOR.match(following)
            and not (q.kind == "measure" and q.comparator == "eq" and _LISTED_NEXT.match(text, q.outer_end))
            or _OF_NOUN.match(text, q.outer_end) and not _measures_what_follows(text, q)
            and not _GOAL_OF.match(text, q.outer_end)
            or q.comparator != "eq" and cues["threshold_noun"].match(text, q.outer_end)
            or q.unit in _AGE_UNITS and (q.comparator != "eq" or q.value_max is not None) and _NOUN_NEXT.match(following)) \
            or q.kind == "count" and q.comparator != "eq" and (
                _COUNT_BOUND_OF_NOUN.match(text, q.outer_end)
                and not text.startswith(cues["activity_end"], q.outer_end + 1)  # 2000万人次以上的培训: the goal
                or q.unit in _HEADCOUNT_UNITS and cues["headcount_sorts"].match(text, q.outer_end))
        in_parens = _OPEN_PAREN_BEFORE.search(text, max(0, q.start - 12), q.start)
        # 每家最高500万元 is what each gets; 每人每月提高20元 raises a standard, a goal
        parameter = q.change is None and _PARAMETER_BEFORE.search(text, max(0, q.outer_start - 6), q.outer_start) \
            or q.outer_start < q.start and q.change is None and _PARAMETER_BEFORE.search(text, max(0, q.start - 6), q.start) \
            or cues["grant"].search(text, max(c_start, q.outer_start - _NEAR_BEFORE), q.outer_start) \
            or text[q.outer_start - 1:q.outer_start] == "的" \
            and _SHARE_OF_A_BASE.search(text, max(c_start, q.outer_start - 16), q.outer_start) \
            or _paid_at_a_rate(text, c_start, q, cues) \
            or rule_before is not None and text[rule_before.outer_end:q.outer_start] in ("、", "和", "或") \
            or q.comparator in ("ge", "le") and cues["rule_term"].search(text, max(c_start, q.outer_start - 4), q.outer_start)
        rule_before = q if parameter else None
        before = text[max(0, q.outer_start - 11):q.outer_start]  # 由2020年底的: a starting level
        pool = before.endswith(("从", "在")) and _POOL_AFTER.match(text, q.outer_end) \
            or ("从" in before or "由" in before) and _FROM_BEFORE.search(before) and _TO_AFTER.match(text, q.outer_end)
        in_stages = q.kind == "count" and text[q.outer_start - 1:q.outer_start] == "分"  # 分两期开发: how, not how much
        unitless_fact = q.kind == "other" and q.change is None and not _level_reached(text, q)
        if unitless_fact or _is_horizon(text, q) or q.implied and later or modifier or parameter \
                or q.kind == "rank" and not _rank_to_reach(text, c_start, q) or q.rule == "quantity.size_class" \
                or in_parens or pool or in_stages or q.kind == "count" and (
                    _counts_the_list(text, c_start, q, cues) or cues["plan_part"].match(text, q.outer_end)):
            out.append(None)
        else:
            out.append(q)
    return out


# 电能利用效率降至1.25以下, 系数提高到0.6: a level without a unit, reached
_TO_A_LEVEL = patterns.compile(r"(?:至|到|控制在|保持在|稳定在)$")


def _level_reached(text: str, q: QuantityAtom) -> bool:
    """A number without a unit is a goal only as a level to reach or a bound (PUE 1.25以内): exchange rates and
    the parts of a ratio are facts."""
    return q.comparator != "eq" or bool(_TO_A_LEVEL.search(text, max(0, q.start - 3), q.start))


# 进入全省前3位, 提升至第15位以内, 保持全国第8位: a rank to reach or hold; 增速居全市第9位 reports one
_RANK_REACHED = patterns.compile(r"(?:保持|稳定在|(?:提升|上升|提高|升)[至到]|进入|跻身|迈入|挺进|达到|力争|争取|确保)"
                                 + _IN_CLAUSE + r"{0,8}$")


def _rank_to_reach(text: str, c_start: int, q: QuantityAtom) -> bool:
    """A rank is a goal when it bounds (前3位, 第15位以内) or a verb of reaching stands before it."""
    return q.comparator == "le" or bool(_RANK_REACHED.search(text, max(c_start, q.outer_start - 12), q.outer_start))


_CLASS_BOUND = patterns.compile(r"\s?[及或]以[上下]|\s?[(（]含[)）]以[上下]")  # 200升及以上, 1000万元（含）以下
# 按每个托位每年2000元给予补助, 按放电量给予每千瓦时0.3元 (not 按计划, 按期): the rate a scheme pays
_RATE_LEAD = patterns.compile(r"按(?!照|期|时|需|计划|要求|规划)" + _IN_CLAUSE + r"{0,14}$")
_RATE_TAIL = patterns.compile(r"(?:的?比例|的?标准)?")  # 按40%比例给予补偿


def _paid_at_a_rate(text: str, c_start: int, q: QuantityAtom, cues) -> bool:
    """An amount after 按 with a grant verb before or right after it is what a support scheme pays per unit:
    a rule of the scheme, not a goal."""
    lead = _RATE_LEAD.search(text, max(c_start, q.outer_start - 15), q.outer_start)
    if not lead:
        return False
    return bool(cues["grant_verb"].search(text, lead.start(), q.outer_start)
                or cues["grant_verb"].match(text, _RATE_TAIL.match(text, q.outer_end).end()))


def _counts_the_list(text: str, c_start: int, q: QuantityAtom, cues) -> bool:
    """围绕动力电池、电驱电控、智能座舱三个方向: a count of the items just listed, with no goal verb before them
    or naming fields, sums up the list; it sets no goal."""
    if q.outer_start - c_start > 80 or "、" not in text[c_start:q.outer_start]:
        return False  # a list that long sums up nothing (and a clause of thousands of numbers is read in linear time)
    items = _LIST_SEP.split(text[c_start:q.outer_start])
    return len(items) == q.value and (not cues["goal_verb"].search(text, c_start, q.outer_start)
                                      or _FIELDS_NEXT.match(text, q.outer_end) is not None)


# 重点支持新材料、高端装备、生物医药4个领域: fields are summed up, whatever verb stands before them
_FIELDS_NEXT = patterns.compile(r"(?:重点)?(?:领域|方向|赛道|板块)")


def _is_horizon(text: str, q: QuantityAtom) -> bool:
    """3年内 or 未来五年 frame the work; 轮候时间缩短至4.5年 states a value. 70周年 is an anniversary."""
    if q.unit not in _HORIZON_UNITS:
        return False
    if q.unit == "周年" or q.comparator == "eq" and q.outer_start == q.start and q.change is None:
        return bool(_HORIZON_AFTER.match(text, q.outer_end) or _HORIZON_BEFORE.search(text, max(0, q.start - 4), q.start)
                    or q.unit == "周年" or not _LEVEL_BEFORE.search(text, max(0, q.start - 4), q.start))
    return bool(_HORIZON_AFTER.match(text, q.outer_end) and q.unit in ("年", "月", "个月"))


def _metric(text: str, left: int, q: QuantityAtom, c_end: int, cues) -> tuple[str, int, int]:
    """The naming phrase of q, Simplified and trimmed, and where it stands: the phrase before the
    number (全市充电桩保有量达到5万个), or, when only verbs stand there, the noun after a measure
    word (新建20个智慧社区, 打造5个以上具有区域影响力的特色街区)."""
    metric, start = _metric_before(text, left, q, cues)
    verb_before = cues["goal_verb_end"].search(text, max(left, q.outer_start - 4), q.outer_start)
    if verb_before and verb_before.group() in cues["level_adverbs"]:
        verb_before = None  # 建屋量将不少于17万个单位: 将 says when, the name stands before it
    # 设立两处示范场域, 提供150公顷产业用地: the noun follows
    # …的两幅数据园区用地, 东区、西区、南区三个产业园: a count inside a noun phrase, or after the items it
    # counts, counts the noun after it; so does a measure with nothing before it (87座水库、214公里堤防),
    # unless it bounds a class (40蒸吨/小时及以上燃气锅炉)
    if (q.kind == "count" or q.kind == "measure" and (verb_before or len(metric) < 2 and q.comparator == "eq")) \
            and (len(metric) < 2 or verb_before or text[q.outer_start - 1:q.outer_start] == "的" or "、" in metric
                 or _WHERE_OR_WHICH.fullmatch(cues["cut_verb"].sub("", metric))):
        stop = _AFTER_NOUN_STOP.search(text, q.outer_end, c_end)
        after_end = stop.start() if stop else c_end
        verb = cues["noun_stop"].search(text, q.outer_end + 2, after_end)
        after_end = verb.start() if verb else after_end
        noun = text[q.outer_end:after_end]
        owner, of, done = noun.rpartition("的")
        named_end = after_end
        if of and done.strip().endswith(cues["activity_end"]):
            if owner.strip():  # 5000家中小制造业者的数位转型辅导: they are counted
                noun, named_end = owner, q.outer_end + len(owner)
            else:  # 2000万人次以上的培训: the activity is
                noun = done
        name = _NOUN_TAIL.sub("", _MODIFIER_HEAD.sub("", noun)).strip()
        if len("".join(name.split())) >= 2 and (not _NOT_A_NOUN_START.match(noun.strip()[:1] or "的")
                                                or _measures_what_follows(text, q)):
            return _tidy(name), named_end - len(name), after_end
    return metric, start, q.outer_start


# 综合实力排名|提升至全省|第15位, 营商环境评价|进入全省|前3位: how and among whom a rank is reached
_RANK_VERB = r"(?:进入|跻身|位居|位列|稳居|保持在?|稳定在|(?:提升|上升|升)[至到]|居|排在|迈入|挺进)"
_RANK_PLACE = patterns.compile(r"中?" + _RANK_VERB + r"?(?:全国|全省|全市|全区|全县|全球|世界|同类|行业)\p{Han}{0,5}?$"
                               r"|中?" + _RANK_VERB + r"$")  # 考核评价中|进入|前10位


# 完成全市1200块公示牌更新, 城市建成区剩余14条黑臭水体: where, or which of them, is no name of what is counted
_WHERE_OR_WHICH = patterns.compile(r"(?:全[市县区省国镇乡]|城市建成区|城区)?(?:剩余|其余|余下)?")


def _metric_before(text: str, left: int, q: QuantityAtom, cues) -> tuple[str, int]:
    raw_start = left
    raw = text[left:q.outer_start]
    if q.kind == "rank":
        raw = _RANK_PLACE.sub("", raw)
    if q.change:  # 国内生产总值增长6.5%: the change verb is part of what is counted
        cm = _TWO_HAN.match(text, q.outer_start, q.start)
        if cm and cm.group() in resources.changes():
            raw = _BEFORE_CHANGE.sub("", raw) + cm.group()  # 地区生产总值力争|增长, 最低标准每人每月|提高
    for m in reversed(list(cues["cut_verb"].finditer(raw))):
        metric = _name_in(raw[m.end():], cues)
        # the last verb that leaves a name after it (累计|削减 leaves a change, which names nothing)
        if len(metric) >= 2 and metric not in resources.changes():
            raw_start += m.end()
            break
    else:
        metric = _name_in(raw, cues)
    if "占" in metric and _SHARE.search(metric):
        # a share is named whole (数字经济核心产业增加值占地区生产总值比重) while that is at most about twice
        # the part before 占, and not long; beyond, when what it is a share of is said at length, 数字产业占…比重 is named by
        # the industry, and 服务业增加值占地区生产总值比重 stays whole unless it grows too long to be a name
        part, share_of = metric.split("占", 1)
        whole = len(_PARENS.sub("", metric))
        if part and (whole > max(2 * len(part), len(part) + 8) or whole > 24) and (whole > 20 or (
                not _VALUE_NOUN.search(part) and len(share_of) >= max(len(part), 8))):
            metric = part
    return metric, raw_start


def _name_in(raw: str, cues) -> str:
    """What is left of a phrase as a name: no time words at its head (到2027年), no baseline (比上年), no
    level verbs at its tail (达到, 突破), nothing at all when only goal verbs stand there (新建)."""
    if "   " in raw:  # a deadline blanked inside: a place may stand before it
        raw = _PLACE_BEFORE_TIME.sub("", raw)
    name = _TIME_HEAD.sub("", _BASELINE.sub("", raw))
    if "由" in name or "从" in name:  # 服务据点将由目前的|560处: where a change starts from names nothing
        name = _FROM_TAIL.sub("", name)
    if name[-1:].isspace() or name.endswith("的"):  # else no need to try the pattern at every character
        name = _TIME_TAIL.sub("", name)
    name = _tidy(_without_level_verbs(name))
    if name.endswith(_currency_names()):  # 投入新台币|900亿元: the currency belongs to the amount
        name = _tidy(name[:-next(len(c) for c in _currency_names() if name.endswith(c))])
    if name[:1] in cues["goal_verb_only_first"] and cues["goal_verb_only"].fullmatch(name):
        return ""
    if "等" in name:  # 数字导览、AI行程规划等应用场景: the examples listed name no more than the kind after 等
        listed, _, kind = name.rpartition("等")
        kind = _KIND_HEAD.sub("", kind)
        if "、" in listed and len(kind) >= 2:
            return kind
    return name


_FROM_TAIL = patterns.compile(r"(?<![自理缘])(?:由|从)(?:目前|现在|现有|当前|现时|现行)?的?$")
# 青螺湖数字文旅产业园|到2027年|入驻企业达到: the place a goal is set for, then its deadline (blanked): not the name
_PLACE_BEFORE_TIME = patterns.compile(r"^\s*\p{Han}{0,20}?(?:" + _AGENT + r"|园|城|港)\s{3,}(?=\p{Han})")
# 钢铁、水泥等行业节能改造项目: the word for the kind of the examples, before the name of what is counted
_KIND_HEAD = patterns.compile(r"^(?:行业|领域|产业|方面|类)(?=\p{Han}{2})")


@functools.lru_cache(maxsize=1)
def _currency_names() -> tuple[str, ...]:
    """Currency names that may stand before an amount (人民币, 美元, 新台币), longest first."""
    return tuple(resources.currency_names())


@functools.lru_cache(maxsize=1)
def _level_words():
    """The pattern of a phrase's closing level verbs (继续保持, 力争达到, 增至每年: adverbs, then one verb, and
    how often, at the end), the characters such a run can end on, and its longest word."""
    c = resources.cues()
    alt = resources.alternation
    words = c["level_adverb"] + c["level_verb"] + c["level_rate"]
    pattern = patterns.compile(r"(?:" + alt(c["level_adverb"]) + r")*(?:(?:" + alt(c["level_verb"]) + r")(?:"
                               + alt(c["level_rate"]) + r")?)?$")
    return pattern, frozenset(w[-1] for w in words), max(map(len, words))


def _without_level_verbs(s: str) -> str:
    """s without the level verbs it ends on (力争达到 in 研发投入力争达到). Most phrases end on a noun, which
    the last character tells; otherwise only the tail (four words long) is searched, unless a run found
    within one word of its start may go on further left."""
    pattern, last_chars, longest = _level_words()
    if s.removesuffix("\n")[-1:] not in last_chars:
        return s
    start = max(0, len(s) - 4 * longest)
    m = pattern.search(s, start)
    if start and m.start() < start + longest:
        m = pattern.search(s)
    return s[:m.start()] + s[m.end():]


# what heads a phrase but no name in it: an item mark (1. (三) ●), who commits (市政府|计划), lead words (其中, 全市, 并)
_NAME_HEAD = patterns.compile(r"(?:" + ITEM_MARK.pattern + r")?(?:\p{Han}{0,10}?" + _AGENT + r"(?=" + _PLEDGE + r"))?"
                              r"(?:" + _LEAD_WORD + r")*")


def _tidy(s: str) -> str:
    """s without spaces, without the item mark and lead words at its head, trimmed. Spaces go by
    str.split (what \\s matches) and the head by one match: each regex call costs more than the
    work it does on a phrase this short."""
    s = "".join(s.split())
    if "（）" in s or "()" in s:  # a period in brackets, blanked as a time: 建屋量（2026至2035年）
        s = s.replace("（）", "").replace("()", "")
    return s[_NAME_HEAD.match(s).end():].strip(_TRIM_CHARS)


def _respectively(text: str, c_start: int, heads, previous_clause) -> list[str] | None:
    """分别: values listed one by one for metrics listed one by one (A和B分别达到600家和1000家)."""
    values = [h for h in heads if h is not None]
    if len(values) < 2:
        return None
    lead = text[c_start:values[0].outer_start]
    if "分别" not in lead:
        return None
    subject = lead.split("分别", 1)[0]
    if not subject.strip(_TRIM_CHARS) and previous_clause:
        subject = _SUBJECT_END.split(text[previous_clause[0]:previous_clause[1]])[0]
    subject = _COUNT_NOUN_TAIL.sub("", _tidy(_UP_TO_YEAR.sub("", _BASELINE.sub("", subject))))  # 比2025年 is no deadline
    parts = _shared_head([_tidy(p) for p in _LIST_SEP.split(subject) if _tidy(p)])
    if len(parts) != len(values):
        return None
    names = iter(parts)
    return [next(names) if h is not None else "" for h in heads]


def _shared_head(parts: list[str]) -> list[str]:
    """电子信息、高端装备、生物医药高新技术企业: the head noun written once, after the last of short items,
    belongs to every item that does not end as the last does (规上企业和高新技术企业 each have their own).
    The head starts at the word for the items' kind (新能源汽车、绿色石化产业营业收入; 钢铁行业、水泥行业产能
    where each item says it), else where the last item's own words end, when the others are of one length."""
    if len(parts) < 2:
        return parts
    last, width = parts[-1], max(len(p) for p in parts[:-1])
    kind = _KIND_WORD.search(last, 2)
    if kind and width <= 6:
        head, said = last[kind.start():], kind.group()
    elif width <= 4 and all(len(p) == width for p in parts[:-1]):
        head, said = last[width:], ""
    else:
        return parts  # only short items (钢铁、水泥行业…) lack a head: 固定资产投资和社会消费品零售总额 are whole
    if len(head) < 2:
        return parts
    return [p if p.endswith(last[-2:]) else p + head.removeprefix(said) if said and p.endswith(said) else p + head
            for p in parts[:-1]] + [last]


_KIND_WORD = patterns.compile(r"产业|行业|领域|板块")
