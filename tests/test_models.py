"""The committed JSON Schema is generated from the models; this keeps the two in step."""
import json
from pathlib import Path

from policy_extract.models import SCHEMA_ID, SCHEMA_VERSION, Document, json_schema

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schemas" / f"document-{SCHEMA_VERSION}.schema.json"


def test_committed_schema_matches_models():
    committed = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert committed == json_schema(), "schemas/ is stale: run `policy-extract schema -o " + str(SCHEMA_FILE.name) + "`"


def test_schema_is_versioned_2020_12():
    schema = json_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == SCHEMA_ID and SCHEMA_VERSION in SCHEMA_ID


def test_whole_values_are_written_as_integers():
    doc = Document(doc_id="x", script="simplified", quantities=[{
        "value": 45000000000.0, "unit": "CNY", "kind": "money", "rule": "r",
        "span": {"start": 0, "end": 6, "text": "450亿元"}}])
    line = doc.model_dump_json()
    assert '"value":45000000000' in line and "45000000000.0" not in line


def test_the_batch_writes_plain_data_as_the_document_does():
    """batch.document_json and document_text (extract's output) skip the models; numbers out of float range and whole values must come out
    as the Document writes them (null, integers)."""
    from policy_extract.batch import document_json, document_text
    from policy_extract.pipeline import document_data

    data = document_data("培育企业120家", doc_id="x")
    data["quantities"][0]["value"] = float("inf")
    data["quantities"][0]["value_max"] = 45000000000
    line = document_json(data)
    assert line == Document.model_validate(data).model_dump_json().encode()
    assert b'"value":null,"value_max":45000000000,' in line
    printed = document_text(data, indent=2)
    assert printed == json.dumps(json.loads(line), ensure_ascii=False, indent=2)
    assert '"value": null,' in printed


def test_a_lone_surrogate_which_the_fast_writer_refuses_is_written_all_the_same():
    """orjson (and the Document) refuse lone surrogates; the batch still writes the line, which reads back
    as the data (the output writer escapes them)."""
    from policy_extract.batch import document_json
    from policy_extract.pipeline import document_data

    data = document_data("到2027年，培育企业120家", doc_id="x")
    data["targets"][0]["metric"] = "企\ud800业"
    assert json.loads(document_json(data)) == data
