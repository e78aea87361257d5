"""Tables (corpora/cases/tables.json): each number of a table row is a quantity in the unit its row or
column gives; those of a year column still to come (or headed 目标) are targets due that year, named by
the row. Every span points at its cell."""
import pytest

from cases import extract_dict, load_cases, metric_fits, norm_unit, params, same_value

CASES = load_cases("tables.json")


def _quantity_key(q):
    return q["text"], float(q["value"]), norm_unit(q["unit"]), q["comparator"]


@pytest.mark.parametrize("case", params(CASES))
def test_table_quantities(case):
    doc = extract_dict(case["input"], case.get("published"))
    got = sorted(_quantity_key({**q, "text": q["span"]["text"]}) for q in doc["quantities"])
    assert got == sorted(_quantity_key(q) for q in case["quantities"])
    for q in doc["quantities"]:
        span = q["span"]
        assert case["input"][span["start"]:span["end"]] == span["text"]


@pytest.mark.parametrize("case", params(CASES))
def test_table_targets(case):
    got = extract_dict(case["input"], case.get("published"))["targets"]
    assert len(got) == len(case["targets"]), got
    for want, target in zip(case["targets"], got):
        assert metric_fits(want["metric"], target["metric"]) and target["metric"] == want["metric"], target
        assert same_value(want["value"], target["value"]) and norm_unit(target["unit"]) == norm_unit(want["unit"])
        assert target["comparator"] == want["comparator"]
        assert (target["deadline"] or {}).get("year") == want.get("deadline")
        evidence = target["evidence"]
        assert case["input"][evidence["start"]:evidence["end"]] == evidence["text"]
