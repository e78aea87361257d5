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
