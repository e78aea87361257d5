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
