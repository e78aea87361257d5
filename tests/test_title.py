"""The headline (corpora/cases/titles.json): the first of the top lines that reads like one — not a
breadcrumb, a byline or a sentence — or, on a line that is partly page furniture (首页>要闻 | headline),
the part after the furniture."""
import pytest

from cases import load_cases, params

from policy_extract.pipeline import document_data


@pytest.mark.parametrize("case", params(load_cases("titles.json")))
def test_title(case):
    assert document_data(case["input"], doc_id="t")["title"] == case["title"]
