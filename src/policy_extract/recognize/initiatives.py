"""Initiatives: named plans, programs, slogans, frameworks and zones.

Rules, each named in the output:
- `initiative.title`: a 《》 title (nested brackets allowed), parenthesised period included;
- `initiative.quoted`: a quoted name (“双招双引”, 「青年创业启航计划」), not a quoted field (“人工智能”),
  indicator (“…机构数”), description (“…”的特点), remark (「相当有难度」) or aspect (从“A”与“B”两个方面);
- `initiative.numbered_program`: a quoted number with what it names (“1028”产业体系, “4321”工程);
- `initiative.framework`: an enumerated framework (“五大高地”——A、B、…) with its members;
- `initiative.framework_member`: a member of such a framework that is an action (“三大行动”——A行动、…);
- `initiative.action_list`: actions or projects listed after 实施/开展 (实施A行动、B行动);
- `initiative.zone`: zones, parks and platforms being built (建好A区、B城; 园区二期, 扩区);
- `initiative.zone_project`: a zone's project heading a clause that it is signed or started in
  (中德智能制造产业园项目在临港签约落地);
- `initiative.dated_plan`: a plan adopted or issued with its year but without brackets (通过2026年重点建设计划);
- `initiative.campaign`: a named campaign fought (打好蓝天保卫战, 打赢污染防治攻坚战).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass, field

from .. import patterns, resources
from ..segment import punctuated_clause
from .numbers import parse_numeral

_QUOTES = {"“": "”", "「": "」", "『": "』", "‘": "’", '"': '"'}
_SENTENCE_PUNCT = patterns.compile(r"[，,。！？!?；;：:\n]")
_QUOTE_RUN = patterns.compile(r"(?:\s?[、与和及]?\s?[“「『‘\"][^”」』’\"\n]{1,32}[”」』’\"]){0,8}")  # a bounded look: linear on long runs
_NUMERIC = patterns.compile(r"^[\d零〇○一二两三四五六七八九十百千]+(?:[+＋][\dNnXx一二两三四五六七八九十]+)*$")  # 4321, 1+N
# 一核两带三区, 三城一带: counted parts, a framework's shape whatever noun follows it
_COUNTED_PARTS = patterns.compile(r"(?:[\d一二两三四五六七八九十双多]\p{Han}{1,2}){2,}")  # 一廊两核多节点
# “五大高地”——A、B、C; “四大高地”建设，即A、B、C: the members listed right after a framework's name
_MEMBER_LIST = patterns.compile(r"\s?(?:建设|战略|工程|布局|格局|体系)?(?:[，,]\s?(?=即|包括))?"
                                r"(?:——|—|－|:|：|即|包括|[(（])\s?([^，,。；;\n)）]{2,200})")
# an unbracketed title that carries its period: …提升行动实施方案(2025—2027年). Found from the period
# backwards, so that the scan stays linear; one pattern for each opening bracket, which comes first, so
# that re skips ahead to it as to a literal character.
_PERIODS = [patterns.compile(opening + r"(?<=(?:方案|计划|规划|纲要|意见|措施|办法)" + opening + r")"
                             r"(?:19|20)\d\d(?:年)?\s?[-—–~至到]\s?(?:19|20)\d\d年?[)）]") for opening in (r"\(", "（")]
_TITLE_BEFORE_PERIOD = patterns.compile(r"[^【】\[\]\n：:，,。《》]{4,60}$")
_NAME_PUNCT = patterns.compile(r"[\s\"'“”‘’「」『』《》〈〉【】,，、。;；:：!！?？·…—\-_.()（）]")
_PERIOD_AT_END = patterns.compile(r"\s*[(（][^()（）]{4,16}[)）]$")  # 规划（2026-2035）: the period after a title's name
_NUMERALS_IN_NAME = patterns.compile(r"[\d一二两三四五六七八九十]+")
_LAST_AND = patterns.compile(r"以及|和|及|与")
_HAS_NUMERAL = patterns.compile(r"[\d一二两三四五六七八九十]")
_ACTION_SEP = patterns.compile(r"[、和及]")
_ZONE_SEP = patterns.compile(r"(、|以及|与|和|及)")
_ETC_TAIL = patterns.compile(r"等.*$")
_MODIFIER_HEAD = patterns.compile(r"^.*的")
_ZONE_TAIL = patterns.compile(r"(?:(?:首批|起步区|核心区)?(?:用地)?(?:开发|建设)(?:工作)?|工作|项目"
                              r"|[\d一二两三四五六七八九十]+个\p{Han}{1,4})$")  # 新田科技城首批用地开发, …物流园两个园区
_DOCUMENT_END = patterns.compile(r"(?:方案|规划|意见|纲要|办法|条例|通知)$")
_PLAN_PERIOD = patterns.compile(r"十[一二三四五六七八九]五")
_EVENT_DATE = patterns.compile(r"\d{1,2}\s?[·.．・]\s?\d{1,2}")  # “7·12”, “5.12”: month and day
# a principle (以治病为中心) or a remark (不会, 否则, 我们): what is said, not what is launched
_REMARK = patterns.compile(r"^以\p{Han}{1,8}为\p{Han}{1,6}$|不会|不能|不要|否则|一定|我们|大家|再多也")
_A_NOT_A = patterns.compile(r"(\p{Han})[不没]\1\p{Han}{0,2}")  # 从“有没有”到“好不好”: a question, not a name
# 3个产业园, or 走廊沿线8个设区市…科技园区: a count in a piece makes it no name
_COUNTED = patterns.compile(r"[\d一二两三四五六七八九十百千]+[个处家座所项批]")
_PARENTHESISED = patterns.compile(r"[(（](?![^()（）]*[期批年])\p{Han}{1,8}[)）]")  # （贵州）, not （一期）
_ACTION_VERBS = ("实施", "开展", "启动", "推进", "实行", "推出", "部署")  # 实施A行动、B行动
_PLAN_VERBS = ("通过", "印发", "发布", "出台", "审议", "制定", "公布", "编制", "推出")  # 印发2026年工作要点
_FRAMEWORK = patterns.compile(r"^[\d一二两三四五六七八九十]+(?:大|个|项|张|条)")


@dataclass
class InitiativeAtom:
    name: str
    kind: str
    start: int
    end: int
    rule: str
    members: list[str] = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def _lexicon():
    w = resources.initiative_words()
    alt = resources.alternation
    campaign = r"\p{Han}{2,10}?(?:" + alt(w["campaign_suffix"]) + r")"  # 蓝天保卫战: what it is fought for, and how
    return {
        "generic": set(w["generic_quote"]),
        "generic_zone_prefix": patterns.compile(r"^(?:" + alt(w["generic_zone_prefix"]) + r")+"),
        "descriptive_after": tuple(w["descriptive_after"]),
        "predicate_start": tuple(w["predicate_start"]),
        "named_thing_before": tuple(w["named_thing_before"]),
        "organisation_end": tuple(w["organisation_end"]),
        "media_end": tuple(w["media_end"]),
        "speech_before": tuple(w["speech_before"]),
        "naming_before": tuple(w["naming_before"]),
        "indicator_end": tuple(w["indicator_end"]),
        "process_end": tuple(w["process_end"]),
        # 从“园区开发”与“园区更新”两个方面: each quote of the list is counted as an aspect
        "aspect_list_after": patterns.compile(
            r"(?:\s?[、与和及]?\s?[“「『‘\"][^”」』’\"\n]{1,32}[”」』’\"]){0,8}\s?"  # at most 8 more: linear time
            r"(?:[两二三四五六七八九十\d]+个?|几个|这些)(?:" + alt(w["aspect"]) + ")"),
        "program_suffix": patterns.compile(r"\p{Han}{0,6}?(?:" + alt(w["program_suffix"]) + ")"),
        "zone": patterns.compile(
            r"(?P<name>[\p{Han}A-Za-z\d()（）]{2,24}?(?:" + alt(w["zone_suffix"]) + r")(?:" + alt(w["zone_extension"]) + r")?)"),
        "zone_suffix": patterns.compile(r"(?:" + alt(w["zone_suffix"]) + r")(?:" + alt(w["zone_extension"]) + r")?$"),
        "zone_suffixes": sorted(w["zone_suffix"], key=len, reverse=True),
        "zone_extension": patterns.compile(r"(?:" + alt(w["zone_extension"]) + r")$"),
        "builder": patterns.compile(r"(?:" + alt(w["builder"]) + r")$"),
        "zone_anywhere": patterns.compile(alt(w["zone_suffix"])),
        "extension_anywhere": patterns.compile(alt(w["zone_extension"])),
        "zone_right_after": patterns.compile(r"(?:" + alt(w["zone_suffix"]) + r")(?:" + alt(w["zone_extension"]) + r")?"),
        "zone_project": patterns.compile(
            r"(?P<name>[\p{Han}A-Za-z\d()（）]{2,24}?(?:" + alt(w["zone_suffix"]) + r"))项目"
            r"(?=[^，,。；;]{0,12}?(?:" + alt(w["project_event"]) + r"))"),
        "builder_before_zone": patterns.compile(
            r"(?:" + alt(w["builder"]) + r")++(?=[^，,。；;：:]{0,40}?(?:" + alt(w["zone_suffix"]) + "))"),
        "action": patterns.compile(
            r"(?:" + "|".join(_ACTION_VERBS) + r")(?P<list>\p{Han}{4,16}?(?:" + alt(w["action_suffix"]) +
            r")(?:[、和及]\p{Han}{2,16}?(?:" + alt(w["action_suffix"]) + r"))+)(?![\p{Han}])"),
        "action_end": patterns.compile(r"(?:" + alt(w["action_suffix"]) + ")$"),
        "action_right_after": patterns.compile(r"\p{Han}{0,6}?(?:" + alt(w["action_suffix"]) + ")"),
        "campaign": patterns.compile(r"(?:" + alt(w["campaign_verb"]) + r")(?P<list>" + campaign + r"(?:[、和及与]"
                                     + campaign + r")*)"),
        "campaign_item": patterns.compile(r"[、和及与]?(" + campaign + r")"),
        "campaign_verbs": tuple(w["campaign_verb"]),
        "dated_plan": patterns.compile(
            r"(?:" + "|".join(_PLAN_VERBS) + r")(?P<name>(?:19|20)\d\d年(?:度)?[\p{Han}]{2,14}?(?:" +
            alt(w["plan_suffix"]) + "))"),
    }


def recognize_initiatives(text: str) -> tuple[list[InitiativeAtom], list[tuple[int, int]]]:
    """The initiatives of a clean text, and the spans whose numerals belong to names (not quantities)."""
    lex = _lexicon()
    found: list[InitiativeAtom] = []
    masks: list[tuple[int, int]] = []
    short_names = set()  # （以下简称《措施》）: the title just read, by another name
    for s, e in _bracketed(text):
        name = text[s + 1:e - 1].strip()
        masks.append((s, e))
        if text.endswith("简称", 0, s) or len(name) <= 4 and any(
                _PERIOD_AT_END.sub("", f.name).endswith(name) for f in found):
            short_names.add(name)  # （以下简称《措施》）, or 《方案》明确… after its full title (…规划（2026-2035）)
        if 2 <= len(name) <= 120 and not name.endswith(lex["media_end"]) and name not in short_names:
            found.append(InitiativeAtom(name, "document", s, e, "initiative.title"))
    for s, e in _quoted(text):
        inner = text[s + 1:e - 1].strip()
        if text.startswith("即", e) and any(inner in f.name and inner != f.name and 0 <= s - f.end < 200 for f in found):
            # “一廊两核多节点”…。“两核”即A核心区、B核心区: a part of the name just quoted, defined by its members
            part = InitiativeAtom(inner, "framework", s, e, "initiative.framework", _members(text, e, inner, least=1))
            found += _member_actions(text, part, lex)
            masks.append((s, e))
            continue
        atom = _from_quote(text, inner, s, e, lex)
        if atom is not None:
            found.append(atom)
            masks.append((atom.start, atom.end))
            found += _member_actions(text, atom, lex)
        elif _NUMERIC.match(inner) or len(inner) <= 6 and _HAS_NUMERAL.search(inner):
            masks.append((s, e))  # numbers inside short quoted names are never quantities
    for m in _matches_from(lex["action"], text, _ACTION_VERBS):
        pos = m.start("list")
        for item in _ACTION_SEP.split(m.group("list")):
            if lex["action_end"].search(item):
                found.append(InitiativeAtom(item, "program", pos, pos + len(item), "initiative.action_list"))
            pos += len(item) + 1
    found.extend(_zones(text, lex))
    for m in sorted((m for period in _PERIODS for m in period.finditer(text)), key=lambda m: m.start()):
        if text[max(0, m.start() - 61):m.start()].count("《") > text[max(0, m.start() - 61):m.start()].count("》"):
            continue  # inside a 《》 title, which names it already
        head = _TITLE_BEFORE_PERIOD.search(text, max(0, m.start() - 60), m.start())
        if head:
            found.append(InitiativeAtom(text[head.start():m.end()], "document", head.start(), m.end(),
                                        "initiative.period_title"))
    for m in _matches_from(lex["dated_plan"], text, _PLAN_VERBS):
        found.append(InitiativeAtom(m.group("name"), "document", m.start("name"), m.end("name"), "initiative.dated_plan"))
    for m in _matches_from(lex["campaign"], text, lex["campaign_verbs"]):  # 打好蓝天保卫战和碧水保卫战
        for item in lex["campaign_item"].finditer(text, m.start("list"), m.end("list")):
            found.append(InitiativeAtom(item.group(1), "program", item.start(1), item.end(1), "initiative.campaign"))
    return _dedupe(found), masks


def _bracketed(text: str):
    """Outermost balanced 《》 pairs, in one left-to-right pass; openers unclosed by the end of their
    line are dropped."""
    stack: list[int] = []
    last = 0
    for i in _positions(text, "《》"):
        if stack and text.find("\n", last, i) != -1:
            stack.clear()
        last = i
        if text[i] == "《":
            stack.append(i)
        elif stack:
            s = stack.pop()
            if not stack:
                yield s, i + 1


def _quoted(text: str):
    """Quotations closed within 60 characters on their line, left to right; quotes inside one are its own."""
    i, n = 0, len(text)
    for s in _positions(text, _QUOTES):
        if s < i:
            continue
        close = _QUOTES[text[s]]
        e = text.find(close, s + 1, min(n, s + 60))
        nl = text.find("\n", s + 1, e if e != -1 else min(n, s + 60))
        if e == -1 or nl != -1:
            continue
        yield s, e + 1
        i = e + 1


def _matches_from(pattern, text: str, words):
    """pattern.finditer(text), for a pattern whose every match starts with one of the words: tried only
    where str.find finds them, which is quicker than re's scan for their first characters."""
    end = 0
    for pos in _positions(text, words):
        if pos >= end and (m := pattern.match(text, pos)):
            yield m
            end = m.end()


def _positions(text: str, marks) -> list[int]:
    """Where any of the marks stands, in order: found by str.find for each, several times quicker than
    re's scan for a class of them, which tests the class at every character."""
    found = []
    for mark in marks:
        i = text.find(mark)
        while i != -1:
            found.append(i)
            i = text.find(mark, i + 1)
    return sorted(found)


def _from_quote(text: str, inner: str, s: int, e: int, lex) -> InitiativeAtom | None:
    """The initiative a quotation names, or None when it quotes a field, indicator, organisation,
    description or remark."""
    if not (2 <= len(inner) <= 32) or _SENTENCE_PUNCT.search(inner) or "%" in inner:
        return None  # a quoted sentence or goal (“三年内分担率提升至35%”) names nothing
    if _EVENT_DATE.fullmatch(inner) or _A_NOT_A.fullmatch(inner) or _REMARK.search(inner):
        return None  # “7·12”特大暴雨, 从“有没有”到“好不好”, “以治病为中心”, 「財源不會斷炊」: no name
    if _PLAN_PERIOD.fullmatch(inner):
        return InitiativeAtom(inner, "other", s, e, "initiative.plan_period")
    if _NUMERIC.match(inner):  # “1028”产业体系, “4321”工程: the number names what follows it
        suffix = lex["program_suffix"].match(text, e)
        if not suffix:
            return None
        return InitiativeAtom(text[s:suffix.end()], "program", s, suffix.end(), "initiative.numbered_program")
    zone = lex["zone_right_after"].match(text, e)
    if zone:  # 建成“东湖光谷芯城”产业园: the quoted name of a zone
        return InitiativeAtom(text[s:zone.end()], "zone", s, zone.end(), "initiative.quoted_zone")
    if (inner in lex["generic"] or inner.endswith(lex["indicator_end"]) or inner.endswith(lex["organisation_end"])
            or inner.startswith(lex["predicate_start"])
            or len(inner) <= 4 and inner.endswith(lex["process_end"]) and not lex["action_right_after"].match(text, e)):
        return None
    before = text[max(0, s - 4):s]
    run_end = _QUOTE_RUN.match(text, e).end()  # “人工智能”“生物医药”等产业: a run of quotes is read by what follows it
    # “人工智能”产业 names a field, but “链上清江”产业攻坚行动 an action, which the quote names
    if (text.startswith(lex["descriptive_after"], run_end) and not _COUNTED_PARTS.fullmatch(inner)
            and not lex["action_right_after"].match(text, run_end)
            or lex["aspect_list_after"].match(text, e)
            or before.endswith(lex["named_thing_before"])
            or before.rstrip("：:，, ").endswith(lex["speech_before"]) and not before.endswith(lex["naming_before"])):
        return None
    members = _members(text, e, inner) if _FRAMEWORK.match(inner) or _HAS_NUMERAL.search(inner) else []
    if members:
        return InitiativeAtom(inner, "framework", s, e, "initiative.framework", members)
    kind = "slogan" if "、" in inner else "program"
    if _DOCUMENT_END.search(inner):
        kind = "document" if len(inner) > 6 else "program"
    return InitiativeAtom(inner, kind, s, e, "initiative.quoted")


def _member_actions(text: str, framework: InitiativeAtom, lex) -> list[InitiativeAtom]:
    """“三大行动”——A行动、B行动, “三区两带”：A集聚区、B产业带: members that are actions or named zones are
    initiatives of their own (members that describe, such as …高地, are not)."""
    out, pos = [], framework.end
    for member in framework.members:
        pos = text.find(member, pos)
        if pos < 0:
            break
        if lex["action_end"].search(member):
            kind = "program"
        elif lex["zone"].fullmatch(member) and not _COUNTED.search(member) and len(_zone_core(member, lex)) >= 2:
            kind = "zone"
        else:
            kind = None
        if kind:
            out.append(InitiativeAtom(member, kind, pos, pos + len(member), "initiative.framework_member"))
        pos += len(member)
    return out


def _members(text: str, pos: int, name: str, least: int = 2) -> list[str]:
    """“五大高地”——A、B、C: the members listed after the framework's name. When the name counts its
    members (三区一中心: 4) and the list falls one short, its last item is split at 和/及."""
    m = _MEMBER_LIST.match(text, pos)
    if not m:
        return []
    items = [x.strip() for x in m.group(1).split("、") if x.strip()]
    counted = sum(int(parse_numeral(n) or 0) for n in _NUMERALS_IN_NAME.findall(name))
    if counted == len(items) + 1 and _LAST_AND.search(items[-1]):
        items[-1:] = [x for x in _LAST_AND.split(items[-1], maxsplit=1) if x]
    return items if len(items) >= least else []


def _zones(text: str, lex) -> list[InitiativeAtom]:
    """Zones in an enumeration: built (after a builder verb) or extended (二期, 扩区); one qualifying
    item makes the whole enumeration qualify."""
    out: list[InitiativeAtom] = []
    for base, body in _clauses_naming_zones(text, lex):
        if len(body) > 300:
            continue
        project = lex["zone_project"].match(body)  # 中德（临港）智能制造产业园项目在临港签约落地
        if project:
            name = _MODIFIER_HEAD.sub("", project["name"])  # 总投资50亿元的…产业园
            if len(_zone_core(name, lex)) >= 2:
                end = base + project.end("name")
                out.append(InitiativeAtom(name, "zone", end - len(name), end, "initiative.zone_project"))
        verb = lex["builder_before_zone"].search(body)
        if not verb and not lex["extension_anywhere"].search(body):
            continue  # neither built nor extended: none of its names can qualify
        start = verb.end() if verb else 0
        items, pos = [], start
        for piece in _ZONE_SEP.split(body[start:]):
            if _ZONE_SEP.fullmatch(piece):
                pos += len(piece)
                continue
            name = _ZONE_TAIL.sub("", _MODIFIER_HEAD.sub("", _ETC_TAIL.sub("", piece)))
            if not _COUNTED.search(name) and lex["zone"].fullmatch(name):
                items.append((name, base + pos + piece.find(name)))
            pos += len(piece)
        qualifies = bool(verb) or any(lex["zone_extension"].search(n) for n, _ in items)
        if not qualifies:
            continue
        for name, zs in items:
            if len(_zone_core(name, lex)) < 2:
                continue
            out.append(InitiativeAtom(name, "zone", zs, zs + len(name), "initiative.zone"))
    return out


def _clauses_naming_zones(text: str, lex):
    """(start, text) of each clause (a run between punctuation) with a zone suffix in it. Found from
    the suffixes, which few clauses have, rather than by reading every clause."""
    end = 0
    for m in lex["zone_anywhere"].finditer(text):
        if m.start() < end:
            continue  # in the clause just read
        start, end = punctuated_clause(text, m.start())
        yield start, text[start:end]


def _zone_core(name: str, lex) -> str:
    """What names the zone: 综保区新片区 -> 综保区; 国际一流高科技园区 -> '' (no name, only description)."""
    core = lex["zone_extension"].sub("", name)
    for suffix in lex["zone_suffixes"]:
        if core.endswith(suffix) and len(core) > len(suffix):
            core = core[:-len(suffix)]
            break
    return lex["generic_zone_prefix"].sub("", core)


def _norm(name: str) -> str:
    return _NAME_PUNCT.sub("", name).lower()


def _dedupe(atoms: list[InitiativeAtom]) -> list[InitiativeAtom]:
    """One initiative per name: a later mention that names the same thing (equal, or contained in the
    other and covering most of it, as 关于推动…的实施意见 in 菏泽市关于推动…的实施意见) is merged. Names that
    differ only by a place in parentheses (国家枢纽节点, 国家（贵州）枢纽节点) are one, under the fuller name."""
    kept: list[tuple[str, str, InitiativeAtom]] = []
    for atom in sorted(atoms, key=lambda a: a.start):
        key = _norm(atom.name)
        if not key:
            continue
        bare = _norm(_PARENTHESISED.sub("", atom.name)) if "(" in atom.name or "（" in atom.name else key
        i = _first_same(kept, key, bare)
        if i is None:
            kept.append((key, bare, atom))
            continue
        same_key, same_bare, same = kept[i]
        if key != bare and same_key == same_bare:  # only the later mention names its place
            atom.members = atom.members or same.members
            kept[i] = (key, bare, atom)
        elif atom.members and not same.members:  # the later mention lists them: the name is a framework's
            same.members, same.kind = atom.members, atom.kind
    return sorted((a for _, _, a in kept), key=lambda a: a.start)


def _first_same(kept: list, key: str, bare: str) -> int | None:
    """The index of the first kept (key, bare, atom) naming the same thing as key, or by its bare name
    (without the place in parentheses) as bare; None if there is none. Where neither name has a place,
    bare is key and the second comparison would repeat the first, so it is skipped."""
    for i, (k_key, k_bare, _) in enumerate(kept):
        if _same_name(k_key, key) or bare and (k_bare != k_key or bare != key) and _same_name(k_bare, bare):
            return i
    return None


def _same_name(a: str, b: str) -> bool:
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 0.6 * len(long_) and short in long_
