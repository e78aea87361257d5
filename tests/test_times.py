"""Time expressions (corpora/cases/times.json): each input gives exactly the listed expressions, in order,
with kind and, where the case gives them, resolved start / end (`published` anchors 2月4日, 今年, 明年);
and the document's `years` are exactly the calendar years the text states (not plan periods or relative
phrases)."""
import pytest

from cases import dump, extract_dict, load_cases, params

CASES = load_cases("times.json")


def _brief(t: dict) -> dict:
    return {"text": t["span"]["text"], "kind": t["kind"], "start": t["start"], "end": t["end"], "rule": t["rule"]}


@pytest.mark.parametrize("case", params(CASES))
def test_time_expressions(case):
    doc = extract_dict(case["input"], case.get("published"))
    got = [_brief(t) for t in doc["time_expressions"]]
    want = case["results"]
    assert len(got) == len(want), f"{case['input']!r}\nexpected {dump(want)}\ngot {dump(got)}"
    for w, g in zip(want, got):
        for key, value in w.items():
            assert g[key] == value, f"{case['input']!r}: {key} {g[key]!r} != {value!r}\ngot {dump(got)}"


@pytest.mark.parametrize("case", params([c for c in CASES if "years" in c], "xfail_years"))
def test_years(case):
    doc = extract_dict(case["input"], case.get("published"))
    assert doc["years"] == case["years"], f"{case['input']!r}: years {doc['years']} != {case['years']}"


_BODY = "正文。" * 110  # past the top of the page, where a date is the page's own


@pytest.mark.parametrize("text, published", [
    ("2025年6月9日 来源：区政府办\n到2027年，新建公园10个。", "2025-06-09"),  # the top of the page first
    ("行政院會議通過計畫\n中華民國113年3月21日\n預計2030年完成。", "2024-03-21"),  # a Republic of China date
    ("新聞稿 113年3月21日 發布\n2030年完成。", "2024-03-21"),
    ("关于印发方案的通知\n" + _BODY + "\n\n某县人民政府办公室\n2025年4月2日\n", "2025-04-02"),
    ("关于印发方案的通知\n" + _BODY + "\n某市发展和改革委员会\n二〇二五年三月十八日", "2025-03-18"),
    ("关于印发方案的通知\n" + _BODY + "\n某县人民政府办公室\n2025年4月2日 印发\n", None),  # not a date alone
    ("关于印发方案的通知\n" + _BODY + "到2027年，新建公园10个。\n2025年4月2日\n", None),  # no issuer over it
    ("会议纪要\n" + _BODY + "\n某县人民政府办公室\n2025年4月2日\n" + _BODY * 2, None),  # far from the end
    ("淨零轉型計畫\n" + _BODY * 3 + "\n發布日期：2025/04/08", "2025-04-08"),  # labelled, in the footer
    ("来源：市政府 发布时间：2025.06.18 09:30\n2025年6月1日，会议召开。", "2025-06-18"),  # labelled first
    ("原文链接：http://www.example.gov.cn/art/2025/3/12/art_1229.html\n到2027年建成公园10个。", None),  # a link
])
def test_published_date_from_a_label_the_top_or_an_issuer_signature(text, published):
    assert extract_dict(text)["published"] == published
