"""The quantity stage's shortcuts give exactly what the plain forms they replace give.

Arabic numbers take a short way through `parse_numeral`; the low end of a range without unit is looked
for only right before a high end. Each is held against its plain form on texts drawn from the
characters it is about."""
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

RANGE_PARTS = ["1", "10", "2.5", "300", ".", "万", "亿", "-", "—", "~", "～", "至", "到", " ", "\n", "家", "万人", "a"]
range_texts = st.lists(st.sampled_from(RANGE_PARTS), max_size=14).map("".join)


@given(range_texts)
@example("100-300万人")
@example("1.2.3-4家")
@example("10万 — 15万台")
@FAST
def test_low_end_found_where_a_scan_of_the_whole_text_finds_it(text):
    whole_scan = {m.end(): m.span() for m in quantities._BARE_RANGE.finditer(text)}
    for q in range(len(text) + 1):
        m = quantities._bare_low(text, q)
        assert (m and m.span()) == whole_scan.get(q), (text, q)
