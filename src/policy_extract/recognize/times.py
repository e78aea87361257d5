"""Time expressions: dates, years, ranges, deadlines, relative and lunar dates, plan periods.

Works on clean Simplified text and returns `TimeAtom`s with clean offsets; the pipeline maps them back.
Years are resolved here too: `2月4日` takes the publication year, `一一七年` in a Taiwan text is the ROC
year 2028, `十四五` is the plan period 2021–2025 (its years are inferred, so they are not *stated*).
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass


from .. import patterns, resources
from .numbers import DIGIT, parse_integer

_Y = r"(?:1[89]\d\d|20\d\d|21\d\d)"
_CNY = r"[零〇○一二三四五六七八九]{4}"
_MON = r"(?:1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|廿[一二三四五六七八九]?|卅一?|[一二三四五六七八九])"
_DASH = r"[-—–~～至到]"
_COUNT_CHARS = r"\d一二三四五六七八九十两"
_N = rf"[{_COUNT_CHARS}]{{1,4}}"  # a count of years (3年内, 两到三年时间: the later end counts)
_ROC3 = r"(?:一[零〇○一二三四五六七八九]{2}|1\d\d)"
_WORDS = resources.cues()  # deadline cues and tails (data/cues.tsv)
_CUES = resources.alternation(_WORDS["deadline_cue"] + _WORDS["as_of_cue"])
_TAILS = resources.alternation(_WORDS["deadline_tail"] + _WORDS["year_end_tail"])
_DEADLINE_TAILS = resources.alternation(_WORDS["deadline_tail"])
_ROC3_RE = patterns.compile(_ROC3)
_ROC2_REACH = 15  # 98年 is ROC 98 (2009) in a Taiwan text of about then; 30年 in any other is thirty years
_LUNAR_DAY = r"(?:初[一二三四五六七八九十]|十[一二三四五六七八九]|二十|廿[一二三四五六七八九]|三十)"

# A time expression starts with one of _FIRST, and only where _GATE holds: what every branch starting
# with that character needs next. Most digits of a release belong to amounts (2300亿元, 9.9%), most 年,
# 上 and 到 to other words (年度, 上年, 达到), and trying every branch on each of them was most of the scan.
# (Its digit run and spaces are possessive: a digit, numeral or space given back is never a sign.)
_FIRST = r"[\d零〇○一二三四五六七八九十两廿卅到至截民〔\[［农正腊冬今明去前后本次未近（(上下年]"
_GATE = rf"""
      \d(?:[\d一二三四五六七八九十两]{{0,3}}+\s*+[年月季\-—–~～至到/／财]|\d{{3}}\.)  # 2025年, 1-3月, 2025/26, 2025.3.5, 3七年内
      |[零〇○一二三四五六七八九两][\d零〇○一二三四五六七八九十两]{{0,3}}(?:[年月季]|\s*{_DASH})|(?<=民国)  # 二〇二五年, 一季度, 两到三年
      |(?:{_CUES})[\d零〇○一二三四五六七八九民]                          # 到2027年, 截至二〇二五年
      |年内|年[底末]前|[上下]半年|[今明去前后本次][年后三]|今明两年|近[\d一二三四五六七八九十两]|未来   # 今后三年, 上半年
      |民国|农历|[正腊冬]月|[〔\[［][12]|[（(][^)）]{{1,3}}[)）]日|十            # 〔2025〕, （5）日, 十四五
"""
# Where a time expression can start: a character of _FIRST where _GATE holds. Written so (a class first,
# the gate looked back at) the engine skips to the next character of the class without trying a match at
# every position between, which a pattern that begins with a look-ahead makes it do.
_START = patterns.compile(rf"{_FIRST}(?<=(?={_GATE}).)", re.VERBOSE)
# The time branches, tried only where _START finds a start (`_scan`)
_PATTERN = patterns.compile(
    rf"""
    (?:
    (?P<full>(?<!\d)(?P<fy>{_Y})(?:年(?P<fm>{_MON})月(?P<fd>{_DAY})[日号]?|[-/.](?P<fm2>1[0-2]|0?[1-9])[-/.](?P<fd2>3[01]|[12]\d|0?[1-9]))(?!\d)(?:\s{{0,2}}(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d)?)?)
    |(?P<cnfull>(?P<cy>{_CNY})年(?P<cm>{_MON})月(?:(?P<cd>{_DAY})日)?)
    |(?P<mrange>(?:(?<!\d)(?P<mry>{_Y})年)?(?<![\d个])(?P<mra>{_MON})月?\s*[-—–~～至到]\s*(?P<mrb>{_MON})月(?!份?\d))
    |(?P<quarter>(?:(?<!\d)(?P<qy>{_Y})年)?(?:(?P<qn>前三|[一二三四1-4])季度|(?P<half>上|下)半年))
    |(?P<ym>(?<!\d)(?P<ymy>{_Y})年(?P<ymm>{_MON})月(?:份)?(?P<ymtail>{_DEADLINE_TAILS})?)
    |(?P<range>(?<!\d)(?P<ra>{_Y})年?\s*{_DASH}\s*(?P<rb>{_Y})(?:年(?:度|间)?|(?=[)）])))  # or a title's (2026-2035)
    |(?P<rocrange>(?P<rocra>{_ROC3})年?\s*{_DASH}\s*(?P<rocrb>{_ROC3})年间?)
    |(?P<fiscal>(?<!\d)(?P<fa>{_Y})\s*(?:/|／|-|至|—)\s*(?P<fb>\d\d)(?!\d)(?:财政)?年度(?P<ftail>{_DEADLINE_TAILS})?)
    |(?P<year>(?P<dcue>{_CUES})?
        (?:(?<!\d)(?P<dy>{_Y})|(?P<cny>{_CNY})|(?P<rocp>民国)?(?P<rocy>{_ROC3}|(?<=民国)[一二三四五六七八九十百]+)
           |(?<![\d.])(?P<roc2>[4-9]\d))
        年(?:度)?(?P<dtail>{_TAILS})?)
    |(?P<bracket>[〔\[［](?P<by>{_Y})[〕\]］])
    |(?P<lunar>(?:农历)?(?P<lm>正|腊|冬|{_MON})月(?P<ld>{_LUNAR_DAY}))
    |(?P<md>(?<![\d个])(?P<mm>{_MON})月(?P<md_d>{_DAY})[日号](?P<mdtail>{_DEADLINE_TAILS})?)
    |(?P<day>[（(](?P<dd>{_DAY})[)）]日)
    |(?P<month>(?<![\d个第上下本当这每])(?P<mo>{_MON})月份?(?![\d份度])(?P<motail>{_DEADLINE_TAILS})?)
    |(?P<holiday>十一(?=黄金周|期间|假期|长假|小长假))
    |(?P<plan>(?<![\d零〇○一二三四五六七八九])十(?P<pn>[一二三四五六七八九])五(?!\d|[万亿千百十个家项条年%]))
    |(?P<relative>(?<![{_COUNT_CHARS}])年内|(?<![\d年])年[底末]前|今明两年|(?:今年|明年)(?:[底末]前?)?|去年|前年|后年|本年度|本年|次年
        |(?:未来|今后|近)(?:{_N}\s*{_DASH}\s*)?(?P<relq>{_N})年
        |(?<![{_COUNT_CHARS}])(?:{_N}\s*{_DASH}\s*)?(?P<relw>{_N})年(?:内|之内|以内|左右时间|的时间|时间|的努力|努力))
    )
    """,
    re.VERBOSE,
)


_YEAR_WORDS = {"年内": 0, "年底前": 0, "年末前": 0, "今年": 0, "本年": 0, "本年度": 0, "明年": 1, "次年": 1, "去年": -1,
               "前年": -2, "后年": 2}


@dataclass(slots=True)
class TimeAtom:
    kind: str  # date | year | range | deadline | relative | lunar | plan_period
    start: int
    end: int
    value_start: str | None
    value_end: str | None
    rule: str
    stated_years: tuple[int, ...] = ()  # calendar years the text states here
    deadline_year: int | None = None  # year a goal around here is due by


def _num(s: str | None) -> int | None:
    if not s:
        return None
    if s.isdigit():
        return int(s)
    return parse_integer(s)


def _cn_year(s: str) -> int:
    return int("".join(str(DIGIT[c]) for c in s))


def _year_of(g: dict, taiwan: bool, near: int | None = None) -> tuple[int | None, str]:
    """The calendar year of a year match: 2025, 二〇二五, or an ROC year (民国一一五, or 一一五 in a
    Taiwan text; 98年 in a Taiwan text published within fifteen years of 2009, `near`) — with the name
    of the rule that read it."""
    roc2 = g["roc2"]
    if roc2:
        y = int(roc2) + 1911
        return (y, "year.roc") if taiwan and near is not None and abs(y - near) <= _ROC2_REACH else (None, "")
    if g["dy"]:
        return int(g["dy"]), "year.arabic"
    if g["cny"]:
        y = _cn_year(g["cny"])
        return (y if 1800 <= y <= 2199 else None), "year.chinese_digits"
    roc = g["rocy"]
    if not g["rocp"] and not (taiwan and _ROC3_RE.fullmatch(roc)):
        return None, ""
    n = int(roc) if roc.isdigit() else (_cn_year(roc) if all(c in DIGIT for c in roc) else _num(roc))
    return (n + 1911 if n and 1 <= n <= 200 else None), "year.roc"


def _roc_year(roc: str, taiwan: bool) -> int | None:
    """The calendar year of an ROC year on its own (一一七 of 一一七至一一八年)."""
    return _year_of({"dy": None, "cny": None, "rocp": None, "rocy": roc, "roc2": None}, taiwan)[0]


@functools.lru_cache(maxsize=4096)  # a release names the same few years again and again
def _iso(y: int | None, m: int | None = None, d: int | None = None) -> str | None:
    if y is None:
        return None
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _scan(text: str):
    """The matches `_PATTERN.finditer` gives, left to right, with the branches tried only where `_START`
    finds a start."""
    pos = 0
    while (start := _START.search(text, pos)) is not None:
        m = _PATTERN.match(text, start.start())
        if m is None:
            pos = start.start() + 1
        else:
            yield m
            pos = m.end()  # every branch reads at least one character


def recognize_times(text: str, published_year: int | None, taiwan: bool,
                    current_year: int | None = None) -> list[TimeAtom]:
    """Time atoms of a clean text. `published_year` gives 2月4日 its year; `current_year` (the
    publication year, or a guess when there is none) anchors 今年 and 明年."""
    if current_year is None:
        current_year = published_year
    out: list[TimeAtom] = []
    for m in _scan(text):
        kind = m.lastgroup  # the named branch that matched: its group closes last
        s, e = m.span()
        if kind == "full":
            y = int(m["fy"])
            mo, d = _num(m["fm"] or m["fm2"]), _num(m["fd"] or m["fd2"])
            if not (mo and 1 <= mo <= 12 and d and 1 <= d <= 31):
                continue
            out.append(TimeAtom("date", s, e, _iso(y, mo, d), _iso(y, mo, d), "date.full", (y,)))
        elif kind == "cnfull":
            y, mo, d = _cn_year(m["cy"]), _num(m["cm"]), _num(m["cd"])
            out.append(TimeAtom("date", s, e, _iso(y, mo, d), _iso(y, mo, d), "date.chinese_full", (y,)))
        elif kind == "mrange":  # 2025年1—11月, 1-11月: months of one year
            y = int(m["mry"]) if m["mry"] else published_year
            a, b = _num(m["mra"]), _num(m["mrb"])
            if not (a and b and 1 <= a < b <= 12):
                continue
            out.append(TimeAtom("range", s, e, _iso(y, a) if y else None, _iso(y, b) if y else None, "range.months",
                                (y,) if y else ()))
        elif kind == "quarter":  # 一季度, 前三季度, 上半年: parts of a year
            y = int(m["qy"]) if m["qy"] else published_year
            if m["half"]:
                a, b = (1, 6) if m["half"] == "上" else (7, 12)
            elif m["qn"] == "前三":
                a, b = 1, 9
            else:
                n = int(m["qn"]) if m["qn"].isdigit() else DIGIT[m["qn"]]
                a, b = 3 * n - 2, 3 * n
                if not m["qy"] and text.endswith("第", 0, s):
                    s -= 1  # 第四季度: the ordinal is part of it
            out.append(TimeAtom("range", s, e, _iso(y, a) if y else None, _iso(y, b) if y else None, "range.quarter",
                                (y,) if m["qy"] else ()))
        elif kind == "ym":
            y, mo = int(m["ymy"]), _num(m["ymm"])
            out.append(_date_or_deadline(m["ymtail"], s, e, _iso(y, mo), y, (y,), "year_month"))
        elif kind == "rocrange":  # 一一七至一一八年 in a Taiwan text
            if not taiwan:
                continue
            a, b = _roc_year(m["rocra"], taiwan), _roc_year(m["rocrb"], taiwan)
            if not (a and b and a < b):
                continue
            out.append(TimeAtom("range", s, e, _iso(a), _iso(b), "range.roc_years", (a, b), deadline_year=b))
        elif kind == "fiscal":  # 2025/26年度: a financial year across two calendar years
            a = int(m["fa"])
            b = a // 100 * 100 + int(m["fb"])
            if b != a + 1:
                continue
            if m["ftail"]:  # 在2027-28年度或之前: due by the end of the financial year
                out.append(TimeAtom("deadline", s, e, None, _iso(b), "deadline.fiscal_year", (a, b), deadline_year=b))
            else:
                out.append(TimeAtom("range", s, e, _iso(a), _iso(b), "range.fiscal_year", (a, b), deadline_year=b))
        elif kind == "range":
            a, b = int(m["ra"]), int(m["rb"])
            if b < a:
                continue
            out.append(TimeAtom("range", s, e, _iso(a), _iso(b), "range.years", (a, b), deadline_year=b))
        elif kind == "year":
            y, rule = _year_of(m, taiwan, current_year)
            if y is None:
                continue
            cue, tail = m["dcue"], m["dtail"]
            if cue in _WORDS["as_of_cue"]:
                out.append(TimeAtom("date", s, e, _iso(y), _iso(y), "date.as_of", (y,)))
            elif cue in _WORDS["deadline_cue"] or tail in _WORDS["deadline_tail"]:
                out.append(TimeAtom("deadline", s, e, None, _iso(y), "deadline." + ("cue" if cue else "before"), (y,),
                                    deadline_year=y))
            elif tail:
                out.append(TimeAtom("date", s, e, _iso(y), _iso(y), "date.year_end", (y,), deadline_year=y))
            else:
                out.append(TimeAtom("year", s, e, _iso(y), _iso(y), rule, (y,), deadline_year=y))
        elif kind == "bracket":
            y = int(m["by"])
            out.append(TimeAtom("year", s, e, _iso(y), _iso(y), "year.document_number", (y,)))
        elif kind == "lunar":
            out.append(TimeAtom("lunar", s, e, None, None, "lunar.month_day"))
        elif kind == "md":
            mo, d = _num(m["mm"]), _num(m["md_d"])
            if not (mo and d and 1 <= mo <= 12 and 1 <= d <= 31):
                continue
            y, s = _year_right_before(out, s, published_year)
            years = (y,) if y else ()
            out.append(_date_or_deadline(m["mdtail"], s, e, _iso(y, mo, d), y, years,
                                         "month_day" if s == m.start() else "full"))
        elif kind == "day":
            d = _num(m["dd"])
            years = (published_year,) if published_year else ()
            out.append(TimeAtom("date", s, e, None, None, "date.day", years))
        elif kind == "month":
            mo = _num(m["mo"])
            if not mo or not 1 <= mo <= 12:
                continue
            y, s = _year_right_before(out, s, published_year)
            out.append(_date_or_deadline(m["motail"], s, e, _iso(y, mo), y, (y,) if y else (),
                                         "month" if s == m.start() else "year_month"))
        elif kind == "holiday":
            y = published_year
            out.append(TimeAtom("date", s, e, _iso(y, 10, 1), _iso(y, 10, 7), "date.national_day_holiday"))
        elif kind == "plan":
            n = 10 + DIGIT[m["pn"]]
            first = 1966 + 5 * (n - 3)
            out.append(TimeAtom("plan_period", s, e, _iso(first), _iso(first + 4), "plan_period.five_year_plan",
                                deadline_year=first + 4))
        elif kind == "relative":
            word = m.group()
            y = current_year
            if word == "今明两年":  # this year and the next: due by the end of the next
                out.append(TimeAtom("relative", s, e, _iso(y), _iso(y + 1) if y else None, "relative.this_and_next_year",
                                    deadline_year=y + 1 if y else None))
            elif (offset := _YEAR_WORDS.get(word, _YEAR_WORDS.get(word[:2]))) is not None:  # 今年底前: as 今年
                yy = y + offset if y else None
                out.append(TimeAtom("relative", s, e, _iso(yy), _iso(yy), "relative.year_word",
                                    deadline_year=yy if offset >= 0 else None))
            else:
                n = _num(m["relq"] or m["relw"])
                if not n:
                    continue
                if word.startswith("近"):
                    out.append(TimeAtom("relative", s, e, _iso(y - n) if y else None, _iso(y), "relative.recent_years"))
                else:
                    out.append(TimeAtom("relative", s, e, _iso(y), _iso(y + n) if y else None, "relative.within_years",
                                        deadline_year=y + n if y else None))
    return out


def _year_right_before(out: list[TimeAtom], s: int, published_year: int | None) -> tuple[int | None, int]:
    """The year of a month or a day, and where the expression starts: a year read right before it (117年 in a
    Taiwan text's 117年6月底前, which the year-month branch, for four-digit years, does not read) becomes
    part of it; otherwise the year of publication."""
    if out and out[-1].end == s and out[-1].kind == "year" and out[-1].rule != "year.document_number":
        year = out.pop()
        return year.deadline_year, year.start
    return published_year, s


def _date_or_deadline(tail: str | None, s: int, e: int, when: str | None, year: int | None, years: tuple,
                      rule: str) -> TimeAtom:
    """A date (2026年6月, 9月, 6月30日), or with a deadline tail (2026年6月底前, 9月底前, 6月30日前) a
    deadline due then — a month or a day without a year being one of the year of publication."""
    if tail:
        return TimeAtom("deadline", s, e, None, when, "deadline." + rule, years, deadline_year=year)
    return TimeAtom("date", s, e, when, when, "date." + rule, years)


_PLAN_WORDS = patterns.compile(r"计划|计画|规划|目标|预算|将|施政|方案")
_CLAUSE = patterns.compile(r"[^，,。；;：:！？!?\n]+")


def guess_current_year(text: str, atoms: list[TimeAtom]) -> int | None:
    """With no publication date, 明年 still needs a 'this year'. A text that speaks of next year's
    plans also names that year in its plan clauses (通过2026年重点建设计划; 2026年…将…): the
    earliest year a plan clause names, minus one."""
    if "明年" not in text and "今年" not in text:
        return None
    years = []
    for clause in _CLAUSE.finditer(text):
        if not _PLAN_WORDS.search(clause.group()):
            continue
        years += [a.deadline_year for a in atoms if clause.start() <= a.start < clause.end()
                  and a.kind in ("year", "deadline") and a.rule != "year.document_number" and a.deadline_year]
    return min(years) - 1 if years else None


_FULL_DATE = (rf"(?<![0-9A-Za-z_/.])(?P<y>{_Y})(?:(?P<sep>[-/.])(?P<m>1[0-2]|0?[1-9])(?P=sep)(?P<d>3[01]|[12]\d|0?[1-9])"
              r"|年(?P<m2>1[0-2]|0?[1-9])月(?P<d2>3[01]|[12]\d|0?[1-9])日)(?![\d/])")  # 2025-06-18, 2025/6/18, 2025年6月18日
# (not in a link: …/art/2025/3/12/art_1229.html)
_PUBLISHED = patterns.compile(_FULL_DATE)
# 发布日期：2025/04/08 — a labelled date says it, wherever the page puts it (often in its footer)
_LABELLED_PUBLISHED = patterns.compile(r"(?:发布|发表|印发|成文)(?:日期|时间)\s*[:：]\s*" + _FULL_DATE)


_ROC_PUBLISHED = patterns.compile(r"(?<!\d)(?:民国)?(1[01]\d)年(1[0-2]|0?[1-9])月(3[01]|[12]\d|0?[1-9])日")


def find_published(text: str, head: int = 300, tail: int = 600) -> str | None:
    """The date a label gives (发布日期：…) anywhere, or else the first full date near the top of the page,
    taken as its publication date; else the date an official notice is signed with at its end
    (某市人民政府办公室 / 2025年3月18日)."""
    m = _LABELLED_PUBLISHED.search(text) or _PUBLISHED.search(text[:head])
    roc = _ROC_PUBLISHED.search(text[:m.start() if m else head])  # 中华民国113年3月21日, before any other
    if roc:
        return _iso(int(roc.group(1)) + 1911, int(roc.group(2)), int(roc.group(3)))
    if m:
        return _iso(int(m["y"]), int(m["m"] or m["m2"]), int(m["d"] or m["d2"]))
    signed = None
    for signed in _signature().finditer(text, max(0, len(text) - tail)):
        pass  # the last signature: a notice may quote another's
    if signed is None:
        return None
    y = int(signed["y"]) if signed["y"].isdigit() else _cn_year(signed["y"])
    mo, d = _num(signed["m"]), _num(signed["d"])
    return _iso(y, mo, d) if 1800 <= y <= 2199 and mo and 1 <= mo <= 12 and d and 1 <= d <= 31 else None


@functools.lru_cache(maxsize=1)
def _signature():
    """An issuer's line (…人民政府办公室) over a line that holds a full date alone."""
    issuer = resources.alternation(resources.boilerplate()["issuer_end"])
    return patterns.compile(
        r"(?:" + issuer + r")[ \t\u3000]*\n[ \t\u3000]*"
        r"(?P<y>\d{4}|[〇○零一二三四五六七八九]{4})年(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})月"
        r"(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})日[ \t\u3000]*(?=\n|$)")
