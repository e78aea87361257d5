"""The quantity stage's shortcuts give exactly what the plain forms they replace give.

Arabic numbers take a short way through `parse_numeral`; the low end of a range without unit is looked
for only right before a high end; a pattern is tried only where the character beside it can begin or
end a match; masked characters are a byte each, looked up once per masked range. Each is held against
its plain form on texts drawn from the characters it is about."""
import contextlib
import dataclasses
import sys

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policy_extract.recognize import quantities
from policy_extract.recognize.numbers import parse_numeral

FAST = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- numbers: Arabic digits are read by Decimal directly ---------------------------------------------

_CHINESE_DIGITS = str.maketrans("0123456789", "〇一二三四五六七八九")
digit_runs = st.text("0123456789", min_size=1, max_size=32)


@given(digit_runs, st.one_of(st.none(), digit_runs))
@example("3", "50")
@example("1" * 20, "2" * 8)
@FAST
def test_arabic_numbers_read_as_their_chinese_digits_do(whole, fraction):
    """The general reading is reached with the same digits written as Chinese numerals read one by
    one (3.50 and 三点五零): the value and the digits kept (3.50, not 3.5) must agree."""
    number = whole if fraction is None else f"{whole}.{fraction}"
    if not number.strip("0"):
        return  # 〇 alone is no numeral; 0 is
    chinese = number.translate(_CHINESE_DIGITS).replace(".", "点")
    assert repr(parse_numeral(number)) == repr(parse_numeral(chinese))


def test_arabic_numbers_keep_their_written_digits():
    assert str(parse_numeral("3.50")) == "3.50"
    assert str(parse_numeral("0120")) == "120"
    assert str(parse_numeral("1,200.0")) == "1200.0"


# --- ranges: the unit-less low end is looked for only before a high end --------------------------------

RANGE_PARTS = ["1", "10", "2.5", "300", ".", "万", "亿", "-", "—", "~", "～", "至", "到", " ", "\n", "家", "万人", "a",
               "三", "五", "两", "十", "第"]
range_texts = st.lists(st.sampled_from(RANGE_PARTS), max_size=14).map("".join)


@given(range_texts)
@example("100-300万人")
@example("1.2.3-4家")
@example("10万 — 15万台")
@example("第三至五年，十五至两万")
@FAST
def test_low_end_found_where_a_scan_of_the_whole_text_finds_it(text):
    """Digits before a high end in digits, Chinese numerals before one in Chinese numerals."""
    digit_scan = {m.end(): m.span() for m in quantities._BARE_RANGE.finditer(text)}
    chinese_scan = {m.end(): m.span() for m in quantities._BARE_CN_RANGE.finditer(text)}
    for q in range(len(text) + 1):
        m = quantities._bare_low(text, q)
        expected = chinese_scan if text[q:q + 1] in quantities._CN_LOW_CHARS else digit_scan
        assert (m and m.span()) == expected.get(q), (text, q)


# --- the whole stage: patterns tried only where the character beside them lets them match ------------

class _Everything:
    """A set that holds every character: with it as a gate's set, the gated pattern is always tried."""

    def __contains__(self, item):
        return True


@contextlib.contextmanager
def _ungated():
    everything = _Everything()
    lex = quantities._lexicon()
    gates = ["prefix_ends", "change_ends", "suffix_starts", "per_unit_starts"]
    plain_lex = dataclasses.replace(lex, **{name: everything for name in gates})
    names = ["_SPACES", "_NOT_QUANTITY_FIRST", "_NOT_QUANTITY_AFTER", "_APPROX_STARTS", "_GAP_WIDTHS",
             "_AFTER_RANGE_DASH"]
    saved = {name: getattr(quantities, name) for name in names + ["_lexicon"]}
    try:
        for name in names:
            setattr(quantities, name, everything)
        quantities._lexicon = lambda: plain_lex
        yield
    finally:
        for name, value in saved.items():
            setattr(quantities, name, value)


QUANTITY_PARTS = [
    "3", "12.5", "2025", "1,200", "0", "一", "两", "十", "百", "千", "万", "亿", "三十", "二〇二五", "五",
    "个", "家", "亿元", "万元", "千瓦", "兆瓦", "千克", "%", "万人", "人", "次", "类", "年", "倍", "项", "元",
    "超过", "以上", "以下", "左右", "约", "近", "不低于", "过", "经过", "达到", "有余",
    "增长", "下降", "提高到", "下降至", "降至", "翻", "番", "增加了", "提升为",
    "、", "和", "-", "—", "至", "到", " ", "  ", "\n", "\u3000", "\xa0", "|", "(亿元)", "（%）", "第", "百分之",
    "多", "余", "/", "每", "人口", "级", "成", ":", ".", "大", "类企业", "次会议", "一批", "星期", "全国前",
    "企业", "项目", "统一", "阅读", "A", "-1",
]
quantity_texts = st.lists(st.sampled_from(QUANTITY_PARTS), max_size=16).map("".join)


@st.composite
def texts_with_masks(draw):
    text = draw(quantity_texts)
    bounds = st.integers(0, len(text))
    masked = draw(st.lists(st.tuples(bounds, bounds), max_size=3))
    return text, masked


@given(texts_with_masks())
@example(("增长3%、下降至4%, 增加了 5个", []))
@example(("超过 5 亿元以上", []))
@example(("30 多家, 5万元/人, 8台 /万人, 3 万个, 约\u30003\u3000亿元\u3000左右", []))
@example(("分别增长3% 、 4%和 5%, 3 - 5个, 100-300万人, 1.2万 — 1.5万个", []))
@example(("第一批5千瓦|12\n(亿元)|3.5", [(0, 2)]))
@FAST
def test_quantities_read_with_gates_as_without(case):
    text, masked = case
    fast = repr(quantities.recognize_quantities(text, masked, "CNY"))
    with _ungated():
        plain = repr(quantities.recognize_quantities(text, masked, "CNY"))
    assert fast == plain


def test_spaces_are_what_backslash_s_matches():
    import re
    assert quantities._SPACES == {chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))}


# --- masks: a byte per character instead of a search of the merged ranges ------------------------------

def _numbers_with_intervals(text, masked, currency):
    """quantities._numbers as it was: each span looked up in the merged masked ranges."""
    from policy_extract.recognize.numbers import NUMERAL
    from policy_extract.spans import Intervals
    lex, mask = quantities._lexicon(), Intervals(masked)
    out, done = [], 0
    for m in NUMERAL.finditer(text):
        s, e = m.span()
        if (s < done or not (m.group()[0].isdigit() or quantities._may_be_quantity(text, s, e, lex))
                or mask.overlaps(s, e)):
            continue
        atom = quantities._read(text, m.group(), s, e, lex, currency)
        if atom is None or mask.overlaps(atom.start, atom.end):
            continue
        out.append(atom)
        done = atom.outer_end
    return out


@given(texts_with_masks())
@example(("百分之5, 第3位, 2025年增长5%", [(8, 13)]))
@example(("-1.85‰ 3 - 5个", [(0, 1), (9, 10)]))
@example(("年5个、6个", [(0, 1), (3, 4)]))
@FAST
def test_numbers_masked_by_the_marks_as_by_the_intervals(case):
    text, masked = case
    assert quantities._numbers(text, masked, "CNY") == _numbers_with_intervals(text, masked, "CNY")


@given(st.integers(0, 30), st.lists(st.tuples(st.integers(0, 35), st.integers(0, 35)), max_size=5),
       st.integers(0, 30), st.integers(1, 8))
@FAST
def test_marks_touch_what_the_masked_intervals_overlap(length, masked, start, width):
    from policy_extract.spans import Intervals
    end = min(start + width, length)
    if start >= end:
        return
    marks = quantities._marks("x" * length, masked)
    assert (marks.find(1, start, end) >= 0) == Intervals(masked).overlaps(start, end)
