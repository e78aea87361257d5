"""The published schema in use: the committed example outputs validate against the committed schema file
(with jsonschema, as a tracker would load them), and the CHANGELOG records the contract version.
That the committed schema equals the models' schema is tests/test_models.py's job."""
import json
import re

import pytest

from conftest import ROOT, load_jsonl
from grounding import assert_grounded
from policy_extract.models import SCHEMA_ID, SCHEMA_VERSION

jsonschema = pytest.importorskip("jsonschema")

SCHEMA_FILE = ROOT / "schemas" / f"document-{SCHEMA_VERSION}.schema.json"
EXAMPLES = ROOT / "corpora" / "examples"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    assert cls is jsonschema.Draft202012Validator and schema["$id"] == SCHEMA_ID
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _outputs():
    return load_jsonl(EXAMPLES / "outputs.jsonl")


def test_every_committed_example_output_is_valid(validator):
    outputs = _outputs()
    assert len(outputs) >= 3
    for doc in outputs:
        errors = sorted(validator.iter_errors(doc), key=str)
        assert not errors, (doc.get("doc_id"), [e.message for e in errors[:3]])
        assert doc["schema_version"] == SCHEMA_VERSION


def test_example_outputs_belong_to_their_texts_and_ground_every_span():
    texts = {d["id"]: d["text"] for d in load_jsonl(EXAMPLES / "gold.jsonl")}
    outputs = _outputs()
    assert [d["doc_id"] for d in outputs] == list(texts)
    for doc in outputs:
        assert_grounded(texts[doc["doc_id"]], doc, label=doc["doc_id"])


def _project_texts():
    """The project's own texts: annotated documents (corpora/documents/*.jsonl) and samples (corpora/*.txt)."""
    for path in sorted((ROOT / "corpora" / "documents").glob("*.jsonl")):
        for doc in load_jsonl(path):
            yield pytest.param(doc["text"], doc.get("published"), id=f"{path.name}:{doc.get('id')}")
    for path in sorted((ROOT / "corpora").glob("*.txt")):
        yield pytest.param(path.read_text(encoding="utf-8"), None, id=path.name)


@pytest.mark.parametrize("text,published", list(_project_texts()) or
                         [pytest.param(None, None, marks=pytest.mark.skip(reason="no texts in corpora/ yet"))])
def test_what_the_extractor_writes_today_is_valid(validator, text, published):
    """Not only the committed examples: the output for every text of the project, as extracted now."""
    from policy_extract import extract

    doc = json.loads(extract(text, doc_id="x", published=published).model_dump_json())
    errors = sorted(validator.iter_errors(doc), key=str)
    assert not errors, [e.message for e in errors[:3]]


@pytest.mark.parametrize("damage,where", [
    (lambda d: d["quantities"][0].pop("rule"), "rule"),
    (lambda d: d["quantities"][0].update(kind="weight"), "weight"),
    (lambda d: d.update(published="4 Feb 2025"), "published"),
    (lambda d: d["targets"][0].update(deadline=2027), "deadline"),
    (lambda d: d.update(extra_field=1), "extra_field"),
])
def test_the_schema_rejects_what_the_contract_forbids(validator, damage, where):
    doc = json.loads(json.dumps(_outputs()[0]))
    damage(doc)
    errors = list(validator.iter_errors(doc))
    assert errors and any(where in str(e) for e in errors)


def test_an_error_record_is_a_valid_output_line(validator):
    validator.validate({"doc_id": "3", "error": {"code": "invalid_json", "message": "line is not JSON"}})


def test_changelog_records_the_current_contract_version():
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    versions = re.findall(r"^## (\d+\.\d+)\b", changelog, flags=re.MULTILINE)
    assert versions and versions[0] == SCHEMA_VERSION, "record the contract change in CHANGELOG.md"
    assert SCHEMA_FILE.name in changelog and "`rule`" in changelog
