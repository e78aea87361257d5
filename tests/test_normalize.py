"""Normalise (corpora/cases/normalize.json and the properties below): pinyin removal, full-width folding,
control characters, Traditional -> Simplified with the length kept, script detection, garbled-span warnings,
and an offset map that leads every clean character back to the input exactly as given."""
from types import SimpleNamespace

import pytest

from cases import extract_dict, load_cases, params

from policy_extract.normalize import normalize, to_simplified

CASES = load_cases("normalize.json")


@pytest.mark.parametrize("case", params([c for c in CASES if "text" in c], "xfail_text"))
def test_clean_text(case):
    assert normalize(case["input"]).text == case["text"]


@pytest.mark.parametrize("case", params([c for c in CASES if "script" in c], "xfail_script"))
def test_script(case):
    assert normalize(case["input"]).script == case["script"]


@pytest.mark.parametrize("case", params([c for c in CASES if "warnings" in c], "xfail_warnings"))
def test_warnings(case):
    norm = normalize(case["input"])
    codes = sorted({w["code"] for w in norm.warnings if w["code"] == "garbled_span"})
    assert codes == sorted(set(case["warnings"])), norm.warnings
    for w in norm.warnings:
        if w["span"] is not None:
            assert case["input"][w["span"]["start"]:w["span"]["end"]] == w["span"]["text"]


ROUND_TRIP = [c["input"] for c in CASES] + [
    "到2027年,無錫高新區(qū)計劃培育專精特新企業(yè)120家\n總投資達(dá)到450億元",
    "新增\u200b企業(yè)\u0007１２家（含外資）",
    "行政院今（廿六）日通過「風華再現計畫」，編列十九‧九一億元預算。",
    "區(qū)（qū）區(qū)",
]


def _span(norm, start, end) -> SimpleNamespace:
    return SimpleNamespace(**norm.span_dict(start, end))


@pytest.mark.parametrize("text", ROUND_TRIP)
def test_offset_map_round_trip(text):
    """Every clean character maps to an input range whose normalisation is that character, and any clean
    range maps to an input range that normalises back to it."""
    norm = normalize(text)
    clean = norm.text
    chars = [_span(norm, i, i + 1) for i in range(len(clean))]
    for i, span in enumerate(chars):
        assert text[span.start:span.end] == span.text
        alone = normalize(span.text)
        # a Traditional character may convert differently out of its phrase (計畫 -> 计划, 畫 -> 画)
        assert alone.text == clean[i] or alone.text == to_simplified(alone.text) != span.text, (i, span)
        if i:
            assert chars[i - 1].end <= span.start, "character spans overlap or go backwards"
    for i in range(len(clean)):
        for j in range(i + 1, min(len(clean), i + 12) + 1):
            span = _span(norm, i, j)
            assert text[span.start:span.end] == span.text
            assert (span.start, span.end) == (chars[i].start, chars[j - 1].end)
            assert len(normalize(span.text).text) == j - i, (i, j, span)


def test_pinyin_span_ends_after_the_annotation():
    text = "無錫高新區(qū)發(fā)布"
    norm = normalize(text)
    i = norm.text.index("高新区")
    assert _span(norm, i, i + 3).text == "高新區(qū)"


def test_quantity_span_in_a_traditional_text_with_pinyin():
    text = "無錫高新區(qū)總投資達(dá)到450億元,新增企業(yè)12家。"
    doc = extract_dict(text, "2025-02-04")
    spans = [q["span"]["text"] for q in doc["quantities"]]
    assert spans == ["450億元", "12家"]
    for q in doc["quantities"]:
        assert text[q["span"]["start"]:q["span"]["end"]] == q["span"]["text"]


@pytest.mark.parametrize("text", [
    "無錫高新區發布建設世界一流高科技園區行動計劃", "經濟部產業園區管理局", "乾坤 乾隆 著作 瞭解 於是 裡面",
    "頭髮 發展 後來 皇后 鐘錶 鍾情 臺灣 颱風 麵包 干涉", "替偏鄉學童增添新書櫃，總開發面積逾三二○公頃",
])
def test_t2s_keeps_the_length(text):
    assert len(to_simplified(text)) == len(text)
    assert len(normalize(text).text) == len(text)


@pytest.mark.parametrize("config, table", [("t2s", "traditional_chars"), ("s2t", "simplified_chars")])
def test_script_tables_are_the_characters_opencc_changes(config, table):
    """The tables in data/ are OpenCC's own, character by character (tools/build_script_chars.py): a
    newer OpenCC that changes them fails here until they are generated again."""
    import opencc

    from policy_extract import resources

    converter = opencc.OpenCC(config)
    han = "".join(chr(c) for c in [*range(0x3400, 0xA000), *range(0xF900, 0xFB00), *range(0x20000, 0x2A6E0)])
    assert set(getattr(resources, table)()) == {c for c in han if converter.convert(c) != c}


def test_full_width_folding_is_not_nfkc():
    norm = normalize("１２０㎡，增长３．５％…")
    assert norm.text == "120㎡，增长3.5%…"


def test_control_and_zero_width_characters_are_dropped_and_reported():
    text = "新增\u200b企业\u000712家"
    norm = normalize(text)
    assert norm.text == "新增企业12家"
    span = next(w["span"] for w in norm.warnings if w["code"] == "control_characters")
    assert text[span["start"]:span["end"]] == span["text"]


def test_garbled_span_is_reported_where_it_is():
    text = "园区建设加快推进，項目進展順利\ufffd\ufffd锟斤拷，新增企业12家。"
    norm = normalize(text)
    garbled = [w for w in norm.warnings if w["code"] == "garbled_span"]
    assert len(garbled) == 1
    span = garbled[0]["span"]
    assert text[span["start"]:span["end"]] == span["text"]
    assert "\ufffd" in span["text"]
