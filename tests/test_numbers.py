"""Numerals (corpora/cases/numbers.json): every form of issue 3 resolves to its exact value.

A case without `unit` is a numeral: the finder `NUMERAL` must take the whole of it (after normalising,
so full-width forms count) and `parse_numeral` must give `value` exactly (`null`: not a numeral).
A case with `unit` needs its context (百分之, 成, ‰, a scale after a space or a line break, 多): it goes
through `extract` and must give exactly one quantity with that value, unit and span.
"""
from decimal import Decimal

import pytest

from cases import brief_quantity, dump, extract_dict, load_cases, params, same_value

from policy_extract.normalize import normalize
from policy_extract.recognize.numbers import NUMERAL, parse_numeral

CASES = load_cases("numbers.json")


@pytest.mark.parametrize("case", params([c for c in CASES if "unit" not in c]))
def test_numeral(case):
    clean = normalize(case["input"]).text
    value = parse_numeral(clean)
    if case["value"] is None:
        assert value is None, f"{case['input']!r} is not a numeral, got {value}"
        return
    assert NUMERAL.fullmatch(clean), f"NUMERAL does not take all of {clean!r}: {NUMERAL.findall(clean)}"
    assert value == Decimal(case["value"]), f"{case['input']!r}: expected {case['value']}, got {value}"


@pytest.mark.parametrize("case", params([c for c in CASES if "unit" in c]))
def test_numeral_in_context(case):
    doc = extract_dict(case["input"])
    got = [brief_quantity(q) for q in doc["quantities"]]
    assert len(got) == 1, f"{case['input']!r}: expected one quantity, got {dump(got)}"
    q = got[0]
    assert q["text"] == case.get("text", case["input"]), dump(q)
    assert same_value(q["value"], case["value"]), dump(q)
    assert q["unit"] == case["unit"], dump(q)
    assert q["comparator"] == case.get("comparator", "eq"), dump(q)
