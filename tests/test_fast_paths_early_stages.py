"""The shortcuts normalisation and the initiative recogniser take for speed give exactly what the plain
forms they replace give (see test_fast_paths.py for the other stages)."""
import bisect
import operator
import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policy_extract import normalize, pipeline, resources
from policy_extract.recognize import initiatives

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _texts(words, max_size=14):
    return st.lists(st.sampled_from(words), max_size=max_size).map("".join)


# --- normalise: Traditional characters, counted and looked for ----------------------------------------

TRADITIONAL = sorted(resources.traditional_chars())
SCRIPT_WORDS = ["发展", "發展", "头发", "頭髮", "乾隆", "干部", "幹部", "里程", "裡", "後来", "后来", "著名", "区", "區",
                "产业", "產業", "亿元", "億元", "台湾", "臺灣", "的", "年", "2025", "，", "。", "\n", "\n", "𠀀", "𡸗",
                TRADITIONAL[0], TRADITIONAL[-1]]


@FAST
@given(text=_texts(SCRIPT_WORDS + [chr(0x20001), "中", "国", "a"], max_size=20))
@example(text="𠀀國")
@example(text="𠀀")
def test_traditional_characters_are_found_as_the_set_finds_them(text):
    every, _ = normalize._traditional_chars()
    assert normalize._has_traditional(text) == (not every.isdisjoint(text))


@FAST
@given(a=st.text(alphabet="发發头頭区區", max_size=300), data=st.data())
def test_differing_positions_are_counted_as_one_by_one(a, data):
    b = "".join(data.draw(st.sampled_from([c, "x"])) for c in a)
    assert normalize._differing(a, b) == sum(map(operator.ne, a, b))


script_lines = st.lists(st.tuples(_texts(SCRIPT_WORDS, max_size=12), st.sampled_from(["\n", "。"])).map("".join),
                        min_size=1, max_size=12).map("".join)


@FAST
@given(text=script_lines, enough=st.integers(0, 30))
def test_simplified_only_characters_are_counted_up_to_enough(text, enough):
    full = sum(c in resources.simplified_chars() for c in text)
    assert normalize._simplified_only(text, enough) == min(full, enough)


def _plain_script(original, simplified, sample=20000):
    if original == simplified:
        return "simplified"
    original, simplified = original[:sample], simplified[:sample]
    traditional = sum(map(operator.ne, original, simplified))
    if not traditional:
        return "simplified"
    simplified_only = sum(c in resources.simplified_chars() for c in original)
    if simplified_only * 4 <= traditional:
        return "traditional"
    return "mixed" if traditional * 4 > simplified_only else "simplified"


@FAST
@given(text=script_lines)
def test_script_is_what_the_full_counts_say(text):
    simplified = normalize.to_simplified(text)
    assert normalize._script(text, simplified) == _plain_script(text, simplified)


# --- normalise: runs of folded and invisible characters, garbled signs --------------------------------

@FAST
@given(text=st.text(alphabet="２０％Ａｚ＠，（）中2a\u200b\ufeff\x00\n", max_size=40))
def test_runs_fold_and_delete_as_the_plain_patterns_do(text):
    assert normalize._FULL_WIDTH.sub(normalize._fold, text) == text.translate(normalize._FOLD)
    plain = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]+")
    assert [m.span() for m in normalize._INVISIBLE.finditer(text)] == [m.span() for m in plain.finditer(text)]


@FAST
@given(text=st.text(alphabet="２％Ａ，中國区區(qū)2a\u200b\ufeff\x00\ud800\n", max_size=30))
@example(text="中\ud800２")
def test_texts_without_unusual_characters_normalise_as_those_read_in_full(text):
    fast = normalize.normalize(text)
    gate, normalize._UNUSUAL = normalize._UNUSUAL, re.compile("")  # a gate that lets every text through
    try:
        plain = normalize.normalize(text)
    finally:
        normalize._UNUSUAL = gate
    assert fast == plain


@FAST
@given(syllable=st.text(alphabet="abcdeghilmnoruwxyzh" + normalize._TONED, min_size=1, max_size=6))
@example(syllable="lü")
@example(syllable="qū")
def test_a_tone_mark_is_told_by_what_taking_tones_off_changes(syllable):
    toned = any(c in normalize._TONED[:-1] for c in syllable)
    plain = syllable.translate(normalize._UNTONE)
    assert normalize._is_pinyin(syllable) == (bool(normalize._SYLLABLE.match(plain)) and (toned or len(plain) >= 2))


@FAST
@given(c=st.characters(min_codepoint=0x3000, max_codepoint=0xFB10))
def test_rare_han_is_what_the_class_of_rare_ranges_holds(c):
    assert normalize._is_rare_han(c) == bool(re.fullmatch("[" + normalize._rare_han_ranges() + "]", c))


@FAST
@given(text=st.text(alphabet="区(qū)國\u200b\x00a，", max_size=24))
@example(text="区(qū)区(qū)\u200b")
def test_input_ranges_end_where_the_last_character_or_its_note_ends(text):
    norm = normalize.normalize(text)
    n = len(norm.text)
    for start, end in [(a, b) for a in range(n + 1) for b in range(max(0, a - 1), n + 1)]:
        s = norm.to_input(start)
        e = s if end <= start else norm.to_input(end - 1) + 1
        k = bisect.bisect_left(norm._del_at, end)
        if end > start and k < len(norm._del_at) and norm._del_at[k] == end and norm._del_attached[k]:
            e = end + norm._del_shift[k]
        assert norm.input_range(start, end) == (s, e)


@FAST
@given(text=st.text(alphabet="区(（)）qūa中", max_size=24))
@example(text="区(qū)（a)")
def test_pinyin_notes_found_bracket_by_bracket_are_those_one_scan_finds(text):
    one_scan = re.compile(r"[(（](?P<syl>[a-z" + normalize._TONED + r"]{1,6})[)）]")
    apart = sorted(m.span() for pinyin in normalize._PINYIN for m in pinyin.finditer(text))
    assert apart == [m.span() for m in one_scan.finditer(text)]


GARBLED_WORDS = ["锟斤拷", "烫烫烫", "Ã©", "ï»¿", "\ufffd", "?", "中?文", "ǎ)", "Ωд", "中", "国", "2025", "，", "a", "㐀", "丂"]


@FAST
@given(text=_texts(GARBLED_WORDS))
def test_texts_the_garbled_gate_turns_away_have_no_garbled_sign(text):
    if normalize._garbled_first().search(text) is None:
        assert not any(map(normalize._is_rare_han, text))
        assert not normalize._SUSPECT.search(text)
        assert not normalize._mojibake().search(text)


# --- initiatives: clauses found from zone suffixes, titles from their marks, periods from the bracket ------

ZONE_WORDS = ["建设", "高新区", "产业园", "园区", "二期", "谷", "、", "和", "，", "。", "\n", "：", "中", "新城", "开发区"]


@FAST
@given(text=_texts(ZONE_WORDS, max_size=30))
@example(text="建设高新区")
@example(text="，谷，谷谷")
def test_zone_clauses_are_the_clauses_with_a_zone_suffix(text):
    lex = initiatives._lexicon()
    plain = [(m.start(), m.group()) for m in re.finditer(r"[^，,。；;：:！？!?\n]+", text)
             if lex["zone_anywhere"].search(m.group())]
    assert list(initiatives._clauses_naming_zones(text, lex)) == plain


@FAST
@given(text=_texts(ZONE_WORDS + ["扩区", "三期", "的", "等", "项目", "打造", "临港", "张江", "苏州", "工业园区"], max_size=30))
@example(text="苏州工业园区二期、张江科学城")
@example(text="打造临港新片区、张江产业园")
def test_zones_are_those_found_when_every_clause_is_read_whole(text):
    lex = initiatives._lexicon()
    every_clause = {**lex, "extension_anywhere": re.compile("")}  # the gate that never turns a clause away
    assert initiatives._zones(text, lex) == initiatives._zones(text, every_clause)


def _plain_bracketed(text):
    stack = []
    for i, ch in enumerate(text):
        if ch == "《":
            stack.append(i)
        elif ch == "》" and stack:
            s = stack.pop()
            if not stack:
                yield s, i + 1
        elif ch == "\n":
            stack.clear()


@FAST
@given(text=st.text(alphabet="《》\n中a", max_size=30))
def test_titles_are_the_outermost_pairs_on_a_line(text):
    assert list(initiatives._bracketed(text)) == list(_plain_bracketed(text))


def _plain_quoted(text):
    i, n = 0, len(text)
    while m := re.compile(r"[“「『‘\"]").search(text, i):
        s = m.start()
        e = text.find(initiatives._QUOTES[m.group()], s + 1, min(n, s + 60))
        if e == -1 or "\n" in text[s + 1:e]:
            i = s + 1
            continue
        yield s, e + 1
        i = e + 1


@FAST
@given(text=st.text(alphabet="“”「」『』‘’\"\n中a", max_size=80))
@example(text="“a「b」c”「d」")
@example(text="“" + "中" * 59 + "”")
def test_quotations_found_from_each_mark_are_those_a_scan_for_any_finds(text):
    assert list(initiatives._quoted(text)) == list(_plain_quoted(text))

LIST_WORDS = list(initiatives._ACTION_VERBS + initiatives._PLAN_VERBS) + [
    "科技创新行动", "强基工程", "数字提升计划", "专项行动", "2026年重点建设计划", "1999年度工作要点", "、", "和", "及", "，", "a"]


@FAST
@given(text=_texts(LIST_WORDS, max_size=20))
@example(text="实施科技创新行动、强基工程")
@example(text="印发2026年科技创新行动计划")
@example(text="实施推进科技创新行动、强基工程")
@example(text="，".join([v + "科技创新行动、强基工程" for v in initiatives._ACTION_VERBS]
                       + [v + "2026年重点建设计划" for v in initiatives._PLAN_VERBS]))
def test_action_lists_and_dated_plans_tried_where_their_verbs_stand_are_those_a_scan_finds(text):
    lex = initiatives._lexicon()
    for pattern, verbs in [(lex["action"], initiatives._ACTION_VERBS), (lex["dated_plan"], initiatives._PLAN_VERBS)]:
        fast = [m.span() for m in initiatives._matches_from(pattern, text, verbs)]
        assert fast == [m.span() for m in pattern.finditer(text)]

@FAST
@given(text=_texts(["方案", "计划", "意见", "(", "（", "2025", "—", "2027", "年", ")", "）", "中", "案"]))
@example(text="实施方案(2025—2027年)")
def test_periods_found_bracket_by_bracket_are_those_found_from_the_word(text):
    plain = re.compile(r"(?<=方案|计划|规划|纲要|意见|措施|办法)[(（](?:19|20)\d\d(?:年)?\s?[-—–~至到]\s?(?:19|20)\d\d年?[)）]")
    apart = sorted(m.span() for period in initiatives._PERIODS for m in period.finditer(text))
    assert apart == [m.span() for m in plain.finditer(text)]


# --- output: page furniture, found past a gate ------------------------------------------------------------

FURNITURE_WORDS = ["http://", "https://a.cn/", "www.", "gov", ".cn", "12345678", "13912345678", "010-", "(0571)",
                   "2025", "1", "0", "9", "@", "a", "_", ".html", ".pdf", "第", "共", "页", " ", "12:30", ":", ".",
                   "-", "元", "中", "，", "\n"]


@FAST
@given(text=_texts(FURNITURE_WORDS, max_size=16))
@example(text="2025www.a.cn")
@example(text="3第5页")
def test_furniture_past_the_gate_is_the_furniture_found_without_it(text):
    gate = pipeline._FURNITURE_GATE
    assert pipeline._FURNITURE.pattern.startswith(gate)
    plain = re.compile("(?=[\\x21-\\x7e第共])" + pipeline._FURNITURE.pattern[len(gate):])
    assert [m.span() for m in pipeline._FURNITURE.finditer(text)] == [m.span() for m in plain.finditer(text)]



@FAST
@given(text=_texts(FURNITURE_WORDS + ["1234567", "0571", "١٢٣٤٥٦٧", "w", "html", "共3页", "10:30", "a@b.cn"], max_size=16))
@example(text="12345678")
@example(text="a.html")
@example(text="(0571)1234567")
def test_texts_without_a_furniture_sign_have_no_furniture(text):
    assert pipeline._furniture(text) == [m.span() for m in pipeline._FURNITURE.finditer(text)]

LINK_LIST_WORDS = resources.boilerplate()["link_list"][:6] + ["\n", "\n", " ", "\u3000", "【", "】", "：", ":", "新闻", "a"]


@FAST
@given(text=_texts(LINK_LIST_WORDS, max_size=12))
@example(text="相关新闻：")
@example(text="正文\n【相关新闻】\n标题")
def test_link_list_headings_found_from_newlines_are_those_a_line_start_search_finds(text):
    words = resources.alternation(resources.boilerplate()["link_list"])
    plain = re.compile(r"(?m)^[ \t\u3000【\[]*(?:" + words + r")[】\]]?[ \t\u3000]*[:：]?[ \t\u3000]*$")
    m = plain.search(text)
    assert pipeline._link_lists(text) == ([(m.start(), len(text))] if m else [])


@FAST
@given(text=_texts(GARBLED_WORDS))
def test_where_every_gate_hit_is_rare_han_there_is_no_suspect_sign(text):
    starts = [m.start() for m in normalize._garbled_first().finditer(text)]
    if all(normalize._is_rare_han(text[i]) for i in starts):
        assert not normalize._SUSPECT.search(text)


# --- times: positions turned away by what must follow their first character -------------------------------

from policy_extract.recognize import times  # noqa: E402

TIME_TOKENS = ["2025", "2030", "1", "12", "3", "0", "9", "115", "20251", ".", "-", "—", "/", "至", "到", "年", "月", "日",
               "号", "季度", "半年", "内", "之内", "以内", "度", "底", "前", "后", "份", " ", "%", "亿元", "二〇二五", "一一七",
               "一", "三", "十", "十一", "十四五", "百", "两", "廿", "卅", "零", "〇", "截至", "截止到", "截止", "达到", "上", "下",
               "今", "明", "去", "本", "次", "近", "未来", "今后", "民国", "农历", "初一", "正", "腊", "冬", "〔", "〕", "[",
               "［", "（", "）", "(", ")", "黄金周", "财政", "个", "第", "，", "\n", "x",
               # whole expressions, which random tokens seldom spell
               "未来三年", "今后2年", "前三季度", "（二十九）日", "(3)日", "〔1999〕", "［2025］", "正月初一", "腊月廿三",
               "冬月十五", "农历八月十五", "十一黄金周", "二〇二五年", "2025/26年度", "一至三月", "十二月", "3月5日",
               "近5年", "三年内", "2025年底前", "到2027年", "至二〇三〇年", "民国一一五年", "明年", "本年度", "下半年"]


@FAST
@given(text=_texts(TIME_TOKENS, max_size=16))
@example(text="2025.3.5")
@example(text="增长9.9%")
@example(text="（5）日")
@example(text="民国一百一十五年")
@example(text="截止到二〇二五年底")
@example(text="近三年，今后两年内")
@example(text="年内，近十年，一季度，前三季度")
@example(text="到民国一一五年，2025／26年度")
@example(text="1三年内")
def test_time_scan_past_its_gates_finds_what_the_first_character_and_digit_rule_let_through(text):
    # the plain form: the branches, tried wherever the first-character class and the digit rule (a digit
    # only before a year, month, quarter, range or date sign, numerals of a count such as 1三年内 between) let them
    digit_rule = r"(?=\D|\d[\d一二三四五六七八九十两]{0,3}\s*[年月季\-—–~～至到/／.财])"
    plain = re.compile(f"(?={times._FIRST})" + digit_rule + times._PATTERN.pattern, times._PATTERN.flags)
    fast = [(m.span(), m.lastgroup) for m in times._scan(text)]
    assert fast == [(m.span(), m.lastgroup) for m in plain.finditer(text)]
