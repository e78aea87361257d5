"""Quantities (corpora/cases/quantities.json): each input sentence gives exactly the listed quantities, in
order, with the number and its unit as the span, the value in base units, the unit (money as ISO code),
the kind, the comparator, the change direction (null unless the value is a change) and, for a range,
value_max (null otherwise)."""
import pytest

from cases import brief_quantity, dump, extract_dict, load_cases, params, same_optional_value, same_value
from grounding import assert_grounded

CASES = load_cases("quantities.json")


def _differences(want: dict, got: dict) -> list[str]:
    out = []
    if "text" in want and got["text"] != want["text"]:
        out.append(f"text {got['text']!r} != {want['text']!r}")
    if not same_value(got["value"], want["value"]):
        out.append(f"value {got['value']} != {want['value']}")
    if not same_optional_value(got.get("value_max"), want.get("value_max")):
        out.append(f"value_max {got.get('value_max')} != {want.get('value_max')}")
    for key, default in (("unit", None), ("kind", None), ("comparator", "eq"), ("change", None)):
        if got.get(key) != want.get(key, default):
            out.append(f"{key} {got.get(key)!r} != {want.get(key, default)!r}")
    return out


@pytest.mark.parametrize("case", params(CASES))
def test_quantities(case):
    doc = extract_dict(case["input"], case.get("published"))
    got = [brief_quantity(q) for q in doc["quantities"]]
    want = case["results"]
    assert len(got) == len(want), f"{case['input']!r}\nexpected {dump(want)}\ngot {dump(got)}"
    problems = [f"#{i}: " + "; ".join(d) for i, (w, g) in enumerate(zip(want, got)) if (d := _differences(w, g))]
    assert not problems, f"{case['input']!r}\n" + "\n".join(problems) + f"\ngot {dump(got)}"


@pytest.mark.parametrize("case", params(CASES, None))
def test_quantity_spans_point_at_the_input(case):
    assert_grounded(case["input"], extract_dict(case["input"], case.get("published")), areas=("quantities",))
