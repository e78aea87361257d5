"""The output contract (`shared/docs/output-contract.md`, v1) as Pydantic models.

These models are the source of truth for the JSON Schema in `schemas/`; trackers depend on the field
names and meanings, so change them only together with `SCHEMA_VERSION` and the CHANGELOG.
Every item also carries `rule`, the name of the recogniser rule that produced it, so that a wrong row
can be traced to one rule.
"""
from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from .contract import SCHEMA_VERSION, plain_number

SCHEMA_ID = f"https://policy-extract.dev/schemas/document-{SCHEMA_VERSION}.json"

Number = Annotated[float, PlainSerializer(plain_number, when_used="json")]
Comparator = Literal["eq", "gt", "ge", "lt", "le", "approx"]
Change = Literal["increase", "decrease"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """Half-open code-point offsets into the input exactly as given: `input[start:end] == text`."""

    start: int = Field(ge=0)
    end: int = Field(ge=0)
    text: str


class Deadline(_Model):
    year: int
    text: str = Field(description="how the source said it, as written")


class Target(_Model):
    metric: str = Field(description="what is counted, Simplified, shortest naming phrase")
    subject: str | None = None
    value: Number
    value_max: Number | None = None
    unit: str | None = None
    comparator: Comparator = "eq"
    change: Change | None = None
    commitment: str | None = None
    deadline: Deadline | None = None
    evidence: Span
    rule: str


class Quantity(_Model):
    value: Number
    value_max: Number | None = None
    unit: str | None = None
    comparator: Comparator = "eq"
    change: Change | None = None
    kind: Literal["money", "count", "percent", "rank", "duration", "measure", "other"]
    span: Span
    rule: str


class TimeExpression(_Model):
    kind: Literal["date", "year", "range", "deadline", "relative", "lunar", "plan_period"]
    start: str | None = Field(None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    end: str | None = Field(None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    span: Span
    rule: str


class Initiative(_Model):
    name: str
    kind: Literal["document", "program", "slogan", "framework", "zone", "other"]
    members: list[str] = Field(default_factory=list)
    span: Span
    rule: str


class Warning(_Model):
    code: str = Field(description="machine-readable kind, e.g. garbled_span, replaced_bytes, unknown_unit")
    message: str
    span: Span | None = None


class Document(_Model):
    schema_version: Literal["1.0"] = SCHEMA_VERSION
    doc_id: str
    title: str | None = None
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$")
    script: Literal["simplified", "traditional", "mixed"]
    targets: list[Target] = Field(default_factory=list)
    quantities: list[Quantity] = Field(default_factory=list)
    time_expressions: list[TimeExpression] = Field(default_factory=list)
    years: list[int] = Field(default_factory=list)
    initiatives: list[Initiative] = Field(default_factory=list)
    warnings: list[Warning] = Field(default_factory=list)


class ErrorInfo(_Model):
    code: str
    message: str


class ErrorRecord(_Model):
    """The line a batch writes for a record that could not be processed: nothing is dropped silently."""

    doc_id: str
    error: ErrorInfo


def json_schema() -> dict:
    """The JSON Schema (2020-12) of one batch output line: a Document or an ErrorRecord."""
    doc = Document.model_json_schema(ref_template="#/$defs/{model}")
    err = ErrorRecord.model_json_schema(ref_template="#/$defs/{model}")
    defs = {**doc.pop("$defs", {}), **err.pop("$defs", {})}
    defs["Document"] = doc
    defs["ErrorRecord"] = err
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "policy-extract output line",
        "description": f"Output contract v{SCHEMA_VERSION}: one Document per input record, or an error record.",
        "oneOf": [{"$ref": "#/$defs/Document"}, {"$ref": "#/$defs/ErrorRecord"}],
        "$defs": defs,
    }
