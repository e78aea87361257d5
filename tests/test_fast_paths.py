"""The shortcuts taken for speed give exactly what the plain forms they replace give.

Each stage has a few: a pattern that turns positions away before trying its branches, a search that
reads only the tail of a phrase, a join of slices instead of a list of characters. Here each is held
against its plain form on texts drawn from the characters and words it is about."""
import re
from dataclasses import dataclass

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policy_extract import relate, resources, segment, spans
from policy_extract.recognize import times

FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _texts(words, max_size=14):
    return st.lists(st.sampled_from(words), max_size=max_size).map("".join)


# --- times: digits of amounts are turned away before the branches are tried -------------------------

TIME_NUMBERS = ["2025", "2030", "1", "12", "3", "0", "115", "2024", "20251", "二〇二五", "一一七", "十一", "三", "正", "两"]
TIME_SIGNS = ["年", "月", "日", "号", "季度", "年底", "年前", "年内", "年时间", "年的努力", "年度", "财政年度", "月份", " 年", "—", "-", "~", "/",
              ".", "／", "至", "到", "亿元", "万", "家", "%", ""]
TIME_WORDS = ["截至", "到", "上半年", "〔", "〕", "十四五", "黄金周", "民国", "农历", "初一", "（", "）", "今年", "近", "未来",
              "，", "x"]
time_texts = st.lists(st.one_of(st.tuples(st.sampled_from(TIME_NUMBERS), st.sampled_from(TIME_SIGNS)).map("".join),
                                st.sampled_from(TIME_WORDS)), max_size=12).map("".join)


@FAST
@given(text=time_texts)
@example(text="2025年")
@example(text="1—3月")
@example(text="2025/26财政年度")
@example(text="1一一七年内")  # a count that mixes a digit and numerals: the gate once turned its 1 away
def test_time_scan_past_its_gate_finds_what_the_branches_find_at_every_first_character(text):
    plain = re.compile(f"(?={times._FIRST})" + times._PATTERN.pattern, times._PATTERN.flags)
    fast = [(m.span(), m.lastgroup) for m in times._scan(text)]
    assert fast == [(m.span(), m.lastgroup) for m in plain.finditer(text)]


# --- relate: a phrase's closing level verbs are found from its tail --------------------------------

def _level_pattern():
    c = resources.cues()
    return re.compile(r"(?:" + resources.alternation(c["level_adverb"]) + r")*(?:(?:"
                      + resources.alternation(c["level_verb"]) + r")(?:" + resources.alternation(c["level_rate"])
                      + r")?)?$")


LEVEL_WORDS = resources.cues()["level_adverb"] + resources.cues()["level_verb"] + resources.cues()["level_rate"] + [
    "企业", "产值", "强度", "\n", "，", " ", "研发", "到", "达"]


@FAST
@given(phrase=_texts(LEVEL_WORDS, max_size=24))
def test_level_verbs_read_from_the_tail_are_those_a_full_search_removes(phrase):
    assert relate._without_level_verbs(phrase) == _level_pattern().sub("", phrase)


@FAST
@given(phrase=_texts(resources.cues()["goal_verb"][:30] + resources.cues()["verb_filler"] + ["企业", "产值", "新"]))
def test_a_phrase_of_goal_verbs_only_leaves_no_name(phrase):
    cues = relate._cues()
    name = relate._tidy(relate._without_level_verbs(relate._TIME_TAIL.sub("", relate._TIME_HEAD.sub("", phrase))))
    assert relate._name_in(phrase, cues) == ("" if cues["goal_verb_only"].fullmatch(name) else name)


TIDY_WORDS = ["其中", "全市", "并", "、", "和", "1.", "12、", "(三)", "（十）", "●", "■—", "企业", "的", "数量", "等",
              " ", "\u3000", "\n", "\t", ",", "，", "2", "中", "（", "）", "(", ")"]


@FAST
@given(phrase=_texts(TIDY_WORDS))
@example(phrase=" 1. 其中 全市规上企业 ")
@example(phrase="（ ）全市(（）)企业")
def test_a_tidied_phrase_is_what_the_plain_substitutions_leave(phrase):
    plain = re.sub(r"\s+", "", phrase)
    plain = re.sub(r"\(\)", "", re.sub(r"（）", "", plain))  # brackets left empty by a blanked time
    plain = re.sub(relate.ITEM_MARK.pattern, "", plain)
    plain = re.sub(r"^(?:" + relate._LEAD_WORD + r")+", "", plain).strip(relate._TRIM_CHARS)
    assert relate._tidy(phrase) == plain


verb_words = st.lists(st.text(alphabet="建成区设用地再生", min_size=1, max_size=4), min_size=1, max_size=8)


@FAST
@given(verbs=verb_words, nouns=verb_words, text=st.text(alphabet="建成区设用地再生 ", max_size=24))
@example(verbs=["建成", "建成投用", "再"], nouns=["建成区", "再生水"], text="建成区建成投用再生水再")
def test_verbs_outside_nouns_match_where_a_look_ahead_for_the_nouns_in_front_lets_them(verbs, nouns, text):
    fast = re.compile(relate._verbs_outside_nouns(verbs, nouns) or "(?!)")
    slow = re.compile(r"(?!" + _plain_alternation(nouns) + ")(?:" + _plain_alternation(verbs) + ")")
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in slow.finditer(text)]


@FAST
@given(text=st.text(alphabet="中文2《》 ", max_size=30),
       spans=st.lists(st.tuples(st.integers(0, 32), st.integers(0, 32)), max_size=6))
def test_blanking_spans_keeps_length_and_offsets(text, spans):
    spans = [(min(a, len(text)), min(b, len(text))) for a, b in spans]  # spans come from the text
    chars = list(text)
    for a, b in spans:
        chars[a:b] = " " * (b - a)
    assert relate._blank(text, spans) == "".join(chars)


# --- segment: clause and sentence separators -------------------------------------------------------

@FAST
@given(text=st.text(alphabet="中文」”》）)a1 \t\u3000，,；|—", max_size=30))
def test_clause_separators_match_the_plain_pattern(text):
    plain = re.compile(r"[，,；;：:丨｜|]|(?<=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff\u3007」”》）)])"
                       r"[ \t\u3000]+(?=[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff\u3007\d])|——")
    assert [m.span() for m in segment.CLAUSE_SEP.finditer(text)] == [m.span() for m in plain.finditer(text)]


@FAST
@given(text=st.text(alphabet="中。！？!?\n \t", max_size=30))
def test_sentence_ends_match_the_plain_pattern(text):
    plain = re.compile(r"[。！？!?]+|\n\s*\n")
    assert [m.span() for m in segment.SENTENCE_END.finditer(text)] == [m.span() for m in plain.finditer(text)]


# --- resources: word lists as tries ------------------------------------------------------------------

def _plain_alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


alternation_words = st.lists(st.text(alphabet="发展目标规划到底a.(|", max_size=4), min_size=1, max_size=12)


@FAST
@given(words=alternation_words, text=st.text(alphabet="发展目标规划到底a.(| ", max_size=24))
@example(words=["发展目标", "发展规划", "发展", "到"], text="发展目标规划到底")
@example(words=["", "到"], text="a到")
def test_a_word_list_as_a_trie_matches_and_backtracks_as_the_plain_alternation(words, text):
    trie, plain = resources.alternation(words), _plain_alternation(words)
    for form in ("{}", "({})", r"({})\s?$", r"(?:{})+$", "({})(?:底|标)"):  # as the stages embed it
        fast, slow = re.compile(form.format(trie)), re.compile(form.format(plain))
        assert [m.span() + m.groups() for m in fast.finditer(text)] == \
               [m.span() + m.groups() for m in slow.finditer(text)]
        for pos in range(len(text) + 1):
            assert bool(fast.match(text, pos)) == bool(slow.match(text, pos))
            assert (fast.match(text, pos) or slow.match(text, pos)) is None \
                or fast.match(text, pos).span() == slow.match(text, pos).span()


# --- relate: a report with no plan word is a report to its end -------------------------------------

PLAN_WORDS = resources.cues()["future"][:12] + resources.cues()["past"][:12] + [
    "，", "；", "：", "。", "企业", "产值", "增长", " ", "到", "已"]


@FAST
@given(sentence=_texts(PLAN_WORDS, max_size=16))
def test_a_sentence_without_plan_words_reports_before_any_clause_of_plans(sentence):
    """_sentence skips looking for the first clause of plans when the sentence holds no plan word (and
    no deadline ahead): the clauses' plan words are the sentence's, so none would be found."""
    reader = relate._Reader(sentence, [], [], 2025, [])
    if not reader.cues["future"].search(sentence):
        assert reader._before_plan_clause(0, len(sentence)) == sentence


# --- spans: items dealt out to ranges ---------------------------------------------------------------

@FAST
@given(starts=st.lists(st.integers(0, 40), max_size=12),
       gaps_and_lengths=st.lists(st.tuples(st.integers(0, 4), st.integers(1, 6)), max_size=8))
def test_items_dealt_to_ranges_are_those_starting_in_each_range(starts, gaps_and_lengths):
    items, ranges, end = [_At(s) for s in sorted(starts)], [], 0
    for gap, length in gaps_and_lengths:  # sorted and disjoint, side by side or with gaps between
        ranges.append((end + gap, end + gap + length))
        end += gap + length
    assert spans.deal(items, ranges) == [[i for i in items if a <= i.start < b] for a, b in ranges]


@dataclass
class _At:
    start: int


@FAST
@given(ranges=st.lists(st.tuples(st.integers(0, 30), st.integers(0, 30)), max_size=10))
def test_merged_ranges_cover_exactly_the_positions_of_the_ranges(ranges):
    merged = spans.Intervals(ranges)
    pairs = list(merged.ranges())
    assert all(a < b for a, b in pairs) and all(b1 < a2 for (_, b1), (a2, _) in zip(pairs, pairs[1:]))
    for pos in range(32):
        assert merged.covers(pos) == any(s <= pos < e for s, e in ranges)
        for end in range(pos + 1, 33):
            assert merged.overlaps(pos, end) == any(s < end and pos < e and s < e for s, e in ranges)
