"""Tables (corpora/cases/tables.json): each number of a table row is a quantity in the unit its row or
column gives; those of a year column still to come (or headed 目标) are targets due that year, named by
the row. Every span points at its cell."""
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cases import extract_dict, load_cases, metric_fits, norm_unit, params, same_value
from grounding import assert_grounded

CASES = load_cases("tables.json")


def _quantity_key(q):
    high = q.get("value_max")
    return q["text"], float(q["value"]), None if high is None else float(high), norm_unit(q["unit"]), q["comparator"]


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
        assert (want.get("value_max") is None) == (target["value_max"] is None)
        assert want.get("value_max") is None or same_value(want["value_max"], target["value_max"])
        assert target["comparator"] == want["comparator"]
        assert (target["deadline"] or {}).get("year") == want.get("deadline")
        evidence = target["evidence"]
        assert case["input"][evidence["start"]:evidence["end"]] == evidence["text"]


_CELLS = ["指标", "单位", "序号", "2024年", "2027年目标（亿元）", "基期值", "(%)", "亿元", "家", "%", "产业规模",
          "-1.2", "+0.5", "1,200", "≥3.2", "超过120", "15左右", "待定", "—", "1.", "（万人）", "", " ", "３．５", "〇"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.lists(st.sampled_from(_CELLS), min_size=1, max_size=5), min_size=1, max_size=5),
       separator=st.sampled_from(["|", " | ", "\t", "｜"]), published=st.sampled_from([None, "2025-03-01"]))
def test_any_table_is_read_without_error_and_every_span_holds(rows, separator, published):
    text = "\n".join(separator.join(row) for row in rows)
    doc = extract_dict(text, published)
    assert_grounded(text, doc)
