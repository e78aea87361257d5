"""Initiatives (corpora/cases/initiatives.json): each input gives exactly the listed initiatives, in order,
named as the shared scorer normalises names (Simplified, brackets and quotes dropped), with the kind and,
for a framework, its members."""
import pytest

from cases import dump, extract_dict, load_cases, norm_name, params

CASES = load_cases("initiatives.json")


@pytest.mark.parametrize("case", params(CASES))
def test_initiatives(case):
    doc = extract_dict(case["input"])
    got = [{"name": i["name"], "kind": i["kind"], "members": i["members"], "rule": i["rule"]}
           for i in doc["initiatives"]]
    want = case["results"]
    message = f"{case['input']!r}\nexpected {dump(want)}\ngot {dump(got)}"
    assert [norm_name(g["name"]) for g in got] == [norm_name(w["name"]) for w in want], message
    for w, g in zip(want, got):
        if "kind" in w:
            assert g["kind"] == w["kind"], message
        if "members" in w:
            assert [norm_name(m) for m in g["members"]] == [norm_name(m) for m in w["members"]], message
