"""Quantities: a numeral with its scale, unit or measure word, comparator and change direction.

Extractor and parser in one pass over the clean text: each numeral found by `numbers.NUMERAL` is
extended rightwards (多/余, 万/亿, the unit, 以上/左右) and looked at leftwards (超, 约, 第, 百分之,
增长) with anchored matches only, so the cost stays linear. Numerals inside `masked` ranges (dates,
URLs, names in quotes or titles) are skipped: `十四五`, `国发〔2023〕9号` or a phone number give no quantity.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from decimal import Decimal

import re

from .. import patterns, resources
from .numbers import BIG, NUMERAL, parse_numeral

_SCALE_CHARS = frozenset(BIG) | frozenset("十百千")  # a numeral of these alone (亿, 千) implies a one
# What `\s` matches: every character str.isspace() accepts lies below U+3001
_SPACES = frozenset(c for c in map(chr, range(0x3001)) if c.isspace())


@dataclass(slots=True)
class QuantityAtom:
    start: int  # the number with its unit: the span a Quantity reports
    end: int
    value: Decimal
    unit: str | None
    kind: str
    rule: str
    comparator: str = "eq"
    change: str | None = None
    value_max: Decimal | None = None
    outer_start: int = 0  # with the comparator / change words before it
    outer_end: int = 0  # with 以上 / 左右 after it
    implied: bool = False  # 亿元 with no digits: an implied one


_HALF = Decimal("0.5")
_APART_MARKS = frozenset("每少")  # in every match of apart_re: where neither is near, it is not tried


@dataclass(frozen=True)
class _Lexicon:
    units: dict  # surface -> (unit, kind, factor); currencies have kind "money"
    unit_re: re.Pattern
    prefix: dict
    suffix: dict
    before_verb: dict
    prefix_re: re.Pattern
    apart_re: re.Pattern  # a prefix before a rate (不低于|每生每年|1500元), or a floor before a verb (至少|建成|1个)
    suffix_re: re.Pattern
    change_re: re.Pattern
    changes: dict
    unit_starts: frozenset  # characters that can follow a numeral in a quantity
    per_unit_re: re.Pattern
    denominators: dict  # surface -> unit, of what may follow a slash (吨/日: 日 only there)
    split_scales: frozenset  # 百, 千, 兆 that can begin a unit (千瓦, 兆瓦) rather than end the number
    # The characters a match of prefix_re / change_re can end with (`$` also matches before a final
    # newline, a space), and of suffix_re / per_unit_re begin with: where the character beside the
    # number is none of them, the pattern cannot match there and is not tried
    prefix_ends: frozenset
    change_ends: frozenset
    suffix_starts: frozenset
    per_unit_starts: frozenset


@functools.lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    every_unit = resources.units()
    units = {surface: unit for surface, unit in every_unit.items() if unit[1] != "per"}
    denominators = {surface: unit for surface, (unit, kind, _) in every_unit.items()}
    for surface, code in resources.currencies().items():
        units[surface] = (code, "money", 1)
    comps = resources.comparators()
    changes = resources.changes()
    return _Lexicon(
        units=units,
        unit_re=patterns.compile(r"\s{0,2}(" + resources.alternation(units) + ")"),
        prefix=comps["prefix"],
        before_verb=comps["before_verb"],
        suffix=comps["suffix"],
        prefix_re=patterns.compile(r"(" + resources.alternation(comps["prefix"]) + r")\s?$"),
        apart_re=patterns.compile(r"(?:(?P<prefix>" + resources.alternation(comps["prefix"]) + r")(?P<rate>(?:每[^\d\s，,；;。每]{1,3}){1,2})"
                                  r"|(?P<floor>" + resources.alternation(comps["before_verb"]) + r")\p{Han}{1,2})$"),
        suffix_re=patterns.compile(r"\s?(" + resources.alternation(comps["suffix"]) + ")"),
        change_re=patterns.compile(r"(" + resources.alternation(changes) + r")(了|到|至|为|达|在)?\s?$"),
        changes=changes,
        unit_starts=frozenset(w[0] for w in units) | frozenset("多余大成番级万亿 \t\n\u3000"),
        per_unit_re=patterns.compile(r"(?:\s?/|每)(?P<scale>[百千万亿]?)(?P<unit>" + resources.alternation(
            denominators) + ")"),
        denominators=denominators,
        split_scales=frozenset(w[0] for w in units if len(w) > 1) & _SCALE_CHARS,
        prefix_ends=frozenset(w[-1] for w in comps["prefix"]) | _SPACES,
        change_ends=frozenset(w[-1] for w in changes) | frozenset("了到至为达在") | _SPACES,
        suffix_starts=frozenset(w[0] for w in comps["suffix"]) | _SPACES,
        per_unit_starts=frozenset("/每") | _SPACES,
    )


# Forms that look like a number with a unit but are words, matched from the numeral on.
_NOT_QUANTITY = patterns.compile(
    r"(?:(?<=过去)|(?<=[这近])|(?<=新的))一年|(?:(?<=[数几上])|(?<=若干))[十百千万]|一批|一次性|一成不变|[一二三四五]位一体"
    r"|[一二三]次产业|一年来|一年四季|一个人|一大批|一系列|一起"
    r"|(?<=[同唯统单])一"  # 同一人才, 唯一一家: the same, the only
    r"|第?[\d一二三四五六七八九十]+次(?:\p{Han}{0,4}会议|全会|全体会议|党代会|代表大会)"
    r"|一(?:家|个|位|名|座|所|种|批|场|支|辆|块|张|部|套|条|项|组|轮|片)(?=[\p{Han}“「《])"  # 一家精密机械集团, 新一轮, 一片繁忙: an article
    r"|[一二三四五六七八九十\d]+片(?=区)"  # 划分为3片区: part of a word
    r"|一块(?=[、，,]\p{Han}{1,4}一块)|(?<=一块[、，,]\p{Han}{1,4})一块"  # 建一块、成一块、管好一块: a slogan
    r"|[一二三四五六七八九十\d]+类(?=\p{Han})"
    r"|[一两二三四五六七八九十]度(?=\p{Han})"  # 一度下滑, 两度获得: once, twice (50亿度, 30度 are measures)
    r"|[一两二三四五六七八九十\d]+年(?=行动|攻坚|(?:发展)?规划|实施方案|工作方案|计划)"  # 三年行动计划, 五年规划: part of a plan's name
    r"|[一二三四五六七八九十\d]+件(?=(?:民生)?实事)"  # 十件民生实事: the name of a year's list
    r"|(?<=[A-Za-z])\d+(?:\.\d+)?年"  # PM2.5年均浓度: the number ends a name, the 年 begins 年均
    # 一期工程, 二期（2026—2028年）: a phase by its number; 分两期, 举办3期, 累计开展12期 count phases or sessions
    r"|(?<![分共办设展行织续计训])(?<!少于|低于)[一两二三四五六七八九十百\d]+期"
)
# _NOT_QUANTITY can match only at a Chinese numeral, or at digits with 次, 类, 年, 件, 期 or 片 right after the numeral
# (its digit runs stop at the numeral's end or at a character of the numeral, which is none of them)
_NOT_QUANTITY_FIRST = frozenset("一二两三四五六七八九十百千万")
_NOT_QUANTITY_AFTER = frozenset("次类年件期片")
_APPROX_STARTS = frozenset("多余") | _SPACES
_BEFORE_NOT = patterns.compile(r"(?:每|星期|礼拜)$")
_NOT_AFTER_GUO = "经通不度越错走看跨难"
_DASH_CHARS = "-—–~～至到"
_RANGE_DASH = r"\s?[" + _DASH_CHARS.replace("-", r"\-") + r"]\s?"
_RANGE_GAP = patterns.compile(_RANGE_DASH)
_GAP_WIDTHS = range(1, 4)  # how wide a match of _RANGE_GAP or _LIST_GAP can be: tried only where the gap is
_RANK_UNITS = {"位", "名", "次"}
_LEVEL_BEFORE_NUMBER = frozenset("至到为达在于是超低高")  # 降至2.0以下: a level, not a version (长照2.0)
_NEIGHBOUR_DIGITS = patterns.compile(r"([一二两三四五六七八])([二三四五六七八九])([十百千万亿]*)$")
_LONE_SCALES = ("十", "百", "千")  # alone, mostly part of a word (千方百计)
_WORD_AFTER_CHENG = set("本立果为效绩长功交员都型熟就品年人")
_APPROX_WORD = patterns.compile(r"\s?(多|余)(?=\s?[万亿\p{Han}A-Za-z%])")
_SCALE_AFTER_APPROX = patterns.compile(r"\s?([万亿]+)")
_SCALE_AFTER_SPACE = patterns.compile(r"\s{1,2}([万亿]+)")
_PERCENT_WORDS = {"百分之": "%", "千分之": "‰"}
_DENOMINATOR = patterns.compile(r"(?:\d+|[一二两三四五六七八九十])$")  # of 三分之一, 10分之1
_CENT = Decimal("0.01")
_SCALES = patterns.compile(r"[万亿]+")
_LIST_GAP = patterns.compile(r"\s?[、和及与]\s?")
_MINUS_SIGNS = frozenset("-−－")
_WORD_BEFORE_MINUS = patterns.compile(r"[\dA-Za-z%)）]")
_RATIO_NEXT = patterns.compile(r":\d")
_DOTTED = patterns.compile(r"\d+(?:\.\d+){2,}")
# 全国前10, 进入全省前3位: a place among the first, at most that number
_RANK_TOP = patterns.compile(r"(?:全国|全省|全市|全区|全球|世界|行业|同类|百强|进入|跻身|位居|位列|稳居|保持|排名|排位"
                             r"|迈入|挺进)\p{Han}{0,5}?前$")


@functools.lru_cache(maxsize=1)
def _counter_before():
    return patterns.compile(r"(?:" + resources.alternation(resources.boilerplate()["counter"]) + r")\s*[:：]?\s*$")


# 一一五年, or 115年 / 115至119年 (100 to 119): a year of the Republic of China calendar
_ROC_YEAR = patterns.compile(r"(?<![\d零〇○一二三四五六七八九十])一[〇○零一][零〇○一二三四五六七八九]年"
                             r"|(?<![\d.,])1[01]\d(?:年|至1[01]\d年)")


@functools.lru_cache(maxsize=1)
def _any_region_marker():
    return patterns.compile(resources.alternation(m for ms in resources.region_markers().values() for m in ms))


def default_currency(clean_text: str, script: str = "simplified") -> str:
    """CNY, unless the text names two or more markers of a region with its own currency (regions.tsv),
    or is written in Traditional script with ROC years (一一五年, 115年), as only Taiwan texts are."""
    if _any_region_marker().search(clean_text):  # one scan for the many texts that name none
        for code, markers in resources.region_markers().items():
            if sum(1 for m in markers if m in clean_text) >= 2:
                return code
    if script != "simplified" and _ROC_YEAR.search(clean_text):
        return "TWD"
    return "CNY"


def recognize_quantities(text: str, masked, currency: str) -> list[QuantityAtom]:
    atoms = _numbers(text, masked, currency)
    _carry_change(text, atoms)
    atoms = _attach_unitless_lows(text, atoms)
    return _join_ranges(text, atoms)


def _numbers(text: str, masked, currency: str) -> list[QuantityAtom]:
    """Each numeral read as a quantity, left to right, unless it or its quantity touches a masked range
    or it lies within the quantity before it (the 亿 of 30多亿元)."""
    lex = _lexicon()
    marks = _marks(text, masked)
    next_mark = marks.find(1)  # the first masked character from the number on (numbers come in order)
    out: list[QuantityAtom] = []
    done = 0
    for m in NUMERAL.finditer(text):
        s, e = m.span()
        if next_mark < s:
            next_mark = marks.find(1, s)
        numeral = m.group()
        if s < done or not (numeral[0].isdigit() or _may_be_quantity(text, s, e, lex)) or next_mark < e:
            continue
        atom = _read(text, numeral, s, e, lex, currency)
        if atom is None or next_mark < atom.end or atom.start < s and marks.find(1, atom.start, s) >= 0:
            continue
        out.append(atom)
        done = atom.outer_end
    return out


def _currency_named_before(text: str, start: int) -> tuple[str, int] | None:
    """The code of a currency named right before an amount in bare 元 (投资港币100亿元: HKD, whatever
    the text's own currency), or, with 约 between them, before that; and where the name starts."""
    head = text[max(0, start - 5):start].removesuffix("约")
    if head[-1:] not in _currency_name_ends():
        return None  # most amounts follow a verb (投资, 达到), which no currency name ends on
    named = next(((code, name) for name, code in resources.currency_names().items() if head.endswith(name)), None)
    return (named[0], max(0, start - 5) + len(head) - len(named[1])) if named else None


@functools.lru_cache(maxsize=1)
def _currency_name_ends() -> frozenset[str]:
    return frozenset(name[-1] for name in resources.currency_names())


def _marks(text: str, masked) -> bytearray:
    """A 1 for each character of the masked ranges (spans of the text), and one past its end: a span
    touches a masked range when it holds a 1."""
    marks = bytearray(len(text) + 1)
    marks[-1] = 1
    for start, end in masked:
        marks[start:end] = b"\1" * (end - start)
    return marks


def _may_be_quantity(text: str, s: int, e: int, lex: _Lexicon) -> bool:
    """A cheap first look at a Chinese numeral (a number of digits is always read): 一 in 一流, 统一 is
    worth reading only when a unit, scale or sign could follow it, or 百分之 / 第 / 前 stands before it."""
    return text[e:e + 1] in lex.unit_starts or text[max(0, s - 1):s] in "之第前翻"


def _read(text: str, numeral: str, s: int, e: int, lex: _Lexicon, currency: str) -> QuantityAtom | None:
    # 兆 or 千 that starts a unit (兆瓦, 千瓦, 千克) is not part of the number
    while numeral[-1] in lex.split_scales and len(numeral) > 1:
        um = lex.unit_re.match(text, e - 1)
        if um and um.group(1)[0] == numeral[-1] and len(um.group(1)) > 1:
            numeral, e = numeral[:-1], e - 1
        else:
            break
    after_numeral = text[e:e + 1]
    if (numeral[0] in _NOT_QUANTITY_FIRST or after_numeral in _NOT_QUANTITY_AFTER) and _NOT_QUANTITY.match(text, s):
        return None
    value = parse_numeral(numeral)
    if value is None:
        return None
    value_max = None
    if (pair := _NEIGHBOUR_DIGITS.match(numeral)) and parse_numeral(pair[2]) == parse_numeral(pair[1]) + 1:
        # 两三百元, 三四十家, 七八成: two neighbouring digits say about this much to that much
        scale = parse_numeral("一" + pair[3]) if pair[3] else 1
        value, value_max = parse_numeral(pair[1]) * scale, parse_numeral(pair[2]) * scale
    approx = _APPROX_WORD.match(text, e) if after_numeral in _APPROX_STARTS else None
    if numeral in _LONE_SCALES and not (
            approx or text[max(0, s - 3):s] in _PERCENT_WORDS or lex.prefix_re.search(text, max(0, s - 6), s)
            or (um := lex.unit_re.match(text, e)) and (
                numeral == "十" and lex.units[um.group(1)][1] in ("count", "duration")
                or lex.suffix_re.match(text, um.end()))):
        return None  # 千方百计; but 千余人, 逾千家, 十个方面, 十年, 千亩以上, 百分之百 are numbers
    chinese = not numeral[0].isdigit()
    implied = chinese and _SCALE_CHARS.issuperset(numeral)
    comparator = "eq"
    end = e
    # 多 / 余 between the number and its scale or unit (30多家, 三十万多亿); a scale after a space (45 亿元)
    if approx:
        end, comparator = approx.end(), "gt"
        scale = _SCALE_AFTER_APPROX.match(text, end)
    else:
        scale = after_numeral in _SPACES and _SCALE_AFTER_SPACE.match(text, end)
    if scale:
        value *= parse_numeral(scale.group(1))
        end = scale.end()

    start, rule = s, "quantity.number_unit"
    unit = kind = surface = None
    factor = 1
    um = lex.unit_re.match(text, end)
    if (um and text[end] in _SPACES and "\n" in text[end:um.start(1)]
            and "|" in text[text.rfind("\n", 0, s) + 1:s]):
        um = None  # a cell at the end of a table row: the next line's 年末 is no unit of it
    if um is None and text.startswith("大", end):  # 10大类 counts; 五大高地 is a name
        um = lex.unit_re.match(text, end + 1)
        if um is not None and lex.units[um.group(1)][1] != "count":
            um = None
    # the characters beside the quantity, each read once: the tests below compare them, not the text
    before = text[s - 1:s]
    if before in "-_" and s >= 2 and text[s - 2].isascii() and text[s - 2].isalpha():
        return None  # HZZC2026-GK-0417⏎项目名称: a code, whatever follows it
    percent = before == "之" and s >= 3 and _PERCENT_WORDS.get(text[s - 3:s])
    fraction = before == "之" and not percent and text.startswith("分之", s - 2) \
        and _DENOMINATOR.search(text, max(0, s - 10), s - 2)
    if percent:
        start = s - 3
        unit, kind, after = percent, "percent", end
        rule = "quantity.percent_words"
    elif fraction and (denominator := parse_numeral(fraction.group())):
        # 三分之一, 五分之四: a share, in percent to two decimals as a text would round it (33.33%)
        start, unit, kind, after, rule = fraction.start(), "%", "percent", end, "quantity.fraction"
        value = (value * 100 / denominator).quantize(_CENT).normalize()
    elif um is not None:
        surface = um.group(1)
        unit, kind, factor = lex.units[surface]
        after = um.end()
        if kind == "duration" and text.startswith("半", after) and unit in ("年", "天", "小时"):
            value, after = value + _HALF, after + 1  # 两年半: two and a half years
    elif (sm0 := lex.suffix_re.match(text, end)) and text.startswith("人口", sm0.end()):
        unit, kind, after = "人", "count", end  # 500万以上人口
    elif text.startswith("级", end) and (implied or numeral[-1] in BIG):  # 百亿级产业集群: a size class
        unit, kind, after, rule = currency, "money", end, "quantity.size_class"
    elif text.startswith("成", end) and not implied and value <= 10 and text[end + 1:end + 2] not in _WORD_AFTER_CHENG:
        unit, kind, after, factor, rule = "%", "percent", end + 1, 10, "quantity.tenths"
    elif text.startswith("番", end) and before == "翻":
        # 翻一番 doubles: an increase of 100%; 翻两番 quadruples
        unit, kind, after, rule = "%", "percent", end + 1, "quantity.doubling"
        value, factor = (2 ** value - 1) * 100, 1
        start = s - 1
    else:
        bare = _bare_or_top(text, numeral, s, e, value, implied)
        if bare is None or bare.kind == "rank" or ":" in (text[s - 1:s], text[e:e + 1]):
            return bare
        # a decimal without a unit (PUE 1.25, 系数0.6): its bound and change are read as for any other
        unit, kind, after, rule = None, "other", end, bare.rule

    if implied and not (text.startswith("级", after) or rule in ("quantity.size_class", "quantity.percent_words") or approx
                        or numeral == "十" and kind in ("count", "duration")
                        or lex.prefix_re.search(text, max(0, start - 6), start) or lex.suffix_re.match(text, after)):
        return None  # 万人 in 每万人, (亿元) in a table header: a bare scale is a number only beside 超, 以上, 级
    if chinese and _BEFORE_NOT.search(text, max(0, start - 6), start):
        return None
    if before == "每" and unit == "人" and text.startswith("口", after):
        return None  # 每10万人口ICU床位: the population a ratio is counted per, part of its name
    value *= factor
    if value_max is not None:
        value_max *= factor
    named_at = start  # where a currency named before the amount starts (突破新台币4500亿元)
    if kind == "money" and unit == "*":
        unit, named_at = _currency_named_before(text, start) or (currency, start)
    if start != s:  # 百分之, 翻 are part of the quantity
        before = text[start - 1:start]
    if before == "第":  # 第17位 is a rank; 第三代 is part of a name
        if surface not in _RANK_UNITS:
            return None
        kind, start, rule = "rank", start - 1, "quantity.rank"
        before = text[start - 1:start]
    elif before == "前" and surface in _RANK_UNITS and surface != "次" and _RANK_TOP.search(text, max(0, s - 12), s):
        kind, start, rule, comparator = "rank", start - 1, "quantity.top_rank", "le"  # 进入全省前3位
        before = text[start - 1:start]
    following = text[after:after + 1]
    # (a span of time has no rate: 未来五年|每年发行…)
    if unit and kind != "duration" and following in lex.per_unit_starts and (per := lex.per_unit_re.match(text, after)):
        # 万元/人, 台/万人, 公里/百平方公里: a rate; the denominator keeps its scale as written
        denominator = per.group("scale") + lex.denominators[per.group("unit")]
        unit, kind, after = f"{unit}/{denominator}", "measure" if kind != "money" else "money", per.end()
        rule = "quantity.rate"
        following = text[after:after + 1]
    if rule == "quantity.size_class" or following == "级" and (kind == "money" or implied):
        after += 1  # 百亿级, 万亿级元: a size class, marked as a threshold
        comparator, rule = "ge", "quantity.size_class"
        following = text[after:after + 1]
    outer_end = after
    sm = lex.suffix_re.match(text, after) if following in lex.suffix_starts else None
    if sm and comparator == "eq" or sm and sm.group(1) in ("以上", "以下", "以内", "左右"):
        comparator = lex.suffix[sm.group(1)]
        outer_end = sm.end()
    elif sm:
        outer_end = sm.end()

    outer_start = lead = start
    pm = before in lex.prefix_ends and lex.prefix_re.search(text, max(0, start - 6), start)
    if not pm and named_at < start and text[named_at - 1:named_at] in lex.prefix_ends:
        lead = named_at  # 突破新台币4500亿元: the bound stands before the currency's name
        pm = lex.prefix_re.search(text, max(0, lead - 6), lead)
    if pm and not (pm.group(1) == "过" and text[max(0, lead - 2):lead - 1] in _NOT_AFTER_GUO and lead >= 2):
        if comparator == "eq":
            comparator = lex.prefix[pm.group(1)]
        outer_start = lead - len(pm.group())
    elif comparator == "eq" and _APART_MARKS.intersection(text[max(0, start - 12):start]) \
            and (am := lex.apart_re.search(text, max(0, start - 12), start)):
        if am.group("rate"):  # 不低于每生每年1500元: the rate is said between the floor and the number
            comparator, outer_start = lex.prefix[am.group("prefix")], am.start()
        else:  # 至少建成1个: the verb stays the clause's
            comparator = lex.before_verb[am.group("floor")]
    change, outer_start = _change_before(text, outer_start, lex)
    if rule == "quantity.doubling":
        change = "increase"
    if before in _MINUS_SIGNS and not _WORD_BEFORE_MINUS.match(text, max(0, start - 2)):
        value, start = -value, start - 1  # 为-1.85‰: a negative value
        outer_start = min(outer_start, start)
    elif before == "下" and text.startswith("零下", start - 2):
        value, start = -value, start - 2  # 零下5℃: below zero, as written
        outer_start = min(outer_start, start)
    # the fields in order: called with keywords, a class is handed a new dict of them for each atom
    return QuantityAtom(start, after, value, unit, kind, rule, comparator, change, value_max, outer_start, outer_end,
                        implied)


def _bare_or_top(text, numeral, s, e, value, implied):
    """A number without a unit is kept only where it clearly measures something: a rank like 全国前10,
    a decimal such as an exchange rate, or the parts of a ratio (6.01:55.04:38.95)."""
    if implied:
        return None
    if _counter_before().search(text, max(0, s - 6), s):
        return None  # 阅读 1.2万: a page counter
    if _RANK_TOP.search(text, max(0, s - 12), s):
        return QuantityAtom(start=s - 1, end=e, value=value, unit=None, kind="rank", rule="quantity.top_rank",
                            comparator="le", outer_start=s - 1, outer_end=e)
    if not numeral[0].isdigit():
        return None
    before, after = text[max(0, s - 1):s], text[e:e + 1]
    if (before and before in "./-_@#=?&" or after and after in "._/@-" or after.isascii() and after.isalpha()
            or before.isascii() and before.isalpha() or _DOTTED.match(text, max(0, s - 12), e + 12)):
        return None
    if numeral.endswith(".0") and before.isalpha() and before not in _LEVEL_BEFORE_NUMBER:
        return None  # 长照2.0, 工业4.0: a version, part of a name
    ratio = before == ":" or (after == ":" and _RATIO_NEXT.match(text, e))
    if "." in numeral or ratio:
        return QuantityAtom(start=s, end=e, value=value, unit=None, kind="other", rule="quantity.bare_number",
                            outer_start=s, outer_end=e)
    return None


def _change_before(text: str, pos: int, lex: _Lexicon) -> tuple[str | None, int]:
    """The change a verb right before pos makes of the value there, and where the verb starts: 增长6% is a
    change; 降至5.1%, 缩短到4.5年, 提高为30% state the level reached (no change)."""
    cm = text[pos - 1:pos] in lex.change_ends and lex.change_re.search(text, max(0, pos - 6), pos)
    if not cm:
        return None, pos
    return (None if cm.group(2) in ("至", "到", "为") else lex.changes[cm.group(1)]), pos - len(cm.group())


def _carry_change(text: str, atoms: list[QuantityAtom]) -> None:
    """分别降低2.5%左右、3.9%左右, 分别超过90家和870家: a value listed right after another takes its
    change and comparator when it states none of its own."""
    for prev, cur in zip(atoms, atoms[1:]):
        gap = cur.outer_start - prev.outer_end
        if gap in _GAP_WIDTHS and _LIST_GAP.fullmatch(text, prev.outer_end, cur.outer_start):
            cur.change = cur.change or prev.change
            if cur.comparator == "eq" and cur.outer_start == cur.start and prev.rule != "quantity.size_class":
                cur.comparator = prev.comparator


def _join_ranges(text: str, atoms: list[QuantityAtom]) -> list[QuantityAtom]:
    """35—40%, 3至5年, 增长4.5%至5%: two ends of one range become one quantity with value_max."""
    out: list[QuantityAtom] = []
    for atom in atoms:
        low = out[-1] if out else None
        if (low is not None and low.unit is None and low.rule == "quantity.bare_number" and atom.unit is not None
                and _RANGE_GAP.fullmatch(text, low.outer_end, atom.outer_start)):
            low = replace(low, unit=atom.unit, kind=atom.kind)  # 1.2万–1.5万个: the low end shares the unit
        if (low is not None and low.value_max is None and atom.kind == low.kind and atom.unit == low.unit
                and atom.kind != "rank" and atom.outer_start - low.outer_end in _GAP_WIDTHS and low.value < atom.value
                and _RANGE_GAP.fullmatch(text, low.outer_end, atom.outer_start)):
            out[-1] = replace(atom, start=low.start, value=low.value, value_max=atom.value,
                              outer_start=low.outer_start, rule="quantity.range",
                              comparator=atom.comparator if atom.comparator != "eq" else low.comparator,
                              change=atom.change or low.change)
            continue
        out.append(atom)
    return out


# digits with thousands commas (4,000万至4,200万): a low end is read whole, never from its last group
_DIGITS = r"(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:\.\d+)?"
_BARE_RANGE = patterns.compile(rf"(?<![\d.])(?<!\d[,，])({_DIGITS})([万亿]*)(?:{_RANGE_DASH})(?=\d)")
# 三至五年, 两到三年, 十至十五家: a low end in Chinese numerals, before a high end in them (not 第一至三批)
_CN_LOW_CHARS = "一二两三四五六七八九十百千"
_BARE_CN_RANGE = patterns.compile(
    rf"(?<![{_CN_LOW_CHARS}第])([{_CN_LOW_CHARS}]+)(?:{_RANGE_DASH})(?=[{_CN_LOW_CHARS}])")
_LEADING_DIGITS = patterns.compile(_DIGITS)
_LOW_END_CHARS = _DASH_CHARS + ".,，万亿" + _CN_LOW_CHARS  # with digits and spaces, all a low end is made of
_AFTER_RANGE_DASH = frozenset(_DASH_CHARS) | _SPACES


def _attach_unitless_lows(text: str, atoms: list[QuantityAtom]) -> list[QuantityAtom]:
    """100-300万人, 10万—15万台: a low end written without unit (or scale) borrows them from the high end."""
    # a high end follows a dash or space (as _bare_low checks first); the last atom that starts at q is read
    index = {a.start: i for i, a in enumerate(atoms) if text[a.start - 1:a.start] in _AFTER_RANGE_DASH}
    joined = False
    for q, i in index.items():
        high = atoms[i]
        if high.value_max is not None or high.unit is None:
            continue
        m = _bare_low(text, q)
        if m is None or i and atoms[i - 1].end > m.start():
            continue  # 百分之十五至百分之二十: the low end is a quantity of its own, joined as one below
        if m.re is _BARE_CN_RANGE:  # 三至五年, 三至五万人: the low end counts in the high end's units and scale
            said = NUMERAL.match(text, high.start).group().rstrip("万亿兆")
            low, numeral = parse_numeral(m.group(1)), parse_numeral(said)
            if not low or not numeral or any(c in "万亿兆" for c in said):  # 三万五千: no scale of its own
                continue
            low_value = low * high.value / numeral
        else:
            digits = _LEADING_DIGITS.match(text, high.start)
            if not digits or not parse_numeral(digits.group()):
                continue
            low, high_digits = parse_numeral(m.group(1)), parse_numeral(digits.group())
            low_value = low * high.value / high_digits
            if m.group(2):  # its own scale: 10万 against 15万台
                low_value = low * parse_numeral(m.group(2)) * (
                    high.value / (high_digits * (parse_numeral(_SCALES.match(text, digits.end()).group())
                                                 if _SCALES.match(text, digits.end()) else 1)))
        if low_value < high.value:
            change, outer_start = high.change, min(high.outer_start, m.start())
            if change is None and outer_start == m.start():  # 年均增长20—25%: the verb stands before the low end
                change, outer_start = _change_before(text, outer_start, _lexicon())
            atoms[i] = replace(high, start=m.start(), value=low_value, value_max=high.value, change=change,
                               outer_start=outer_start, rule="quantity.range")
            joined = True
    if not joined:
        return atoms
    # a low end already read on its own (1.2万 in 1.2万–1.5万个) is now part of its range
    ranges = [(a.start, a.end) for a in atoms if a.rule == "quantity.range"]
    return [a for a in atoms if a.rule == "quantity.range" or not any(s <= a.start and a.end <= e for s, e in ranges)]


def _bare_low(text: str, q: int):
    """The match of `_BARE_RANGE` (`_BARE_CN_RANGE` before a Chinese numeral) that ends at q: a number and
    range dash right before a high end, or None.

    Only characters a low end and its dash are made of can stand between the match and q, so the scan
    starts where they begin and the text elsewhere is never read."""
    if q < 2 or not (text[q - 1] in _DASH_CHARS or text[q - 1].isspace()):
        return None
    r = q
    while r and (text[r - 1] in _LOW_END_CHARS or text[r - 1].isdecimal() or text[r - 1].isspace()):
        r -= 1
    if r > q - 2:
        return None  # a dash alone (提高到3%): a low end has a digit before its dash
    pattern = _BARE_CN_RANGE if text[q:q + 1] in _CN_LOW_CHARS else _BARE_RANGE
    return next((m for m in pattern.finditer(text, r, q + 1) if m.end() == q), None)


def unit_of(surface: str, currency: str) -> tuple[str, str, Decimal] | None:
    """(unit, kind, factor) of a unit as a table writes it apart from its numbers (亿元 -> CNY, money,
    10⁸; 万人 -> 人, count, 10⁴; %), or None when it is no unit we know."""
    lex = _lexicon()
    scale = Decimal(1)
    rest = surface
    m = _SCALES.match(rest)
    if m:
        scale = parse_numeral(m.group())
        rest = rest[m.end():]
    if rest in lex.units:
        unit, kind, factor = lex.units[rest]
        return (currency if unit == "*" else unit), kind, scale * factor
    numerator, slash, denominator = rest.partition("/")  # 微克/立方米, 万元/人: a rate, as read after a number
    if slash and numerator in lex.units and denominator in lex.denominators:
        unit, kind, factor = lex.units[numerator]
        return (f"{currency if unit == '*' else unit}/{lex.denominators[denominator]}",
                "money" if kind == "money" else "measure", scale * factor)
    return None
