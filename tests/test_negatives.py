"""The negative corpus (corpora/cases/negatives.json): inputs that must give nothing in one area.

`area` is quantities, targets, initiatives or years. Without `forbid` the whole input must give no item in
that area; with `forbid`, no item's span may overlap any occurrence of that text (the rest of the input may
hold real items)."""
import pytest

from cases import dump, extract_dict, load_cases, params

CASES = load_cases("negatives.json")
SPAN_KEY = {"quantities": "span", "targets": "evidence", "initiatives": "span"}


def _occurrences(text: str, needle: str):
    i = text.find(needle)
    while i != -1:
        yield i, i + len(needle)
        i = text.find(needle, i + 1)


@pytest.mark.parametrize("case", params(CASES))
def test_negative(case):
    doc = extract_dict(case["input"], case.get("published"))
    area = case["area"]
    items = doc[area]
    if "forbid" not in case:
        assert not items, f"{case['input']!r} ({case['why']}) must give no {area}, got {dump(items)}"
        return
    spots = list(_occurrences(case["input"], case["forbid"]))
    assert spots, "forbid text not found in input"
    key = SPAN_KEY[area]
    bad = [i for i in items if any(i[key]["start"] < e and s < i[key]["end"] for s, e in spots)]
    assert not bad, f"{case['input']!r}: {case['forbid']!r} ({case['why']}) is no {area} item, got {dump(bad)}"
