"""The light half of the output contract: the schema version, how numbers are written, and the plain data
of a warning — all the pipeline needs to build a Document's JSON without importing Pydantic, so that a
one-off `policy-extract extract` starts fast. `models.py` holds the Pydantic models, which validate the
same data (`extract()`, the JSON Schema, the tests)."""
from __future__ import annotations

SCHEMA_VERSION = "1.0"


def plain_number(v) -> float | int:
    """45000000000, not 45000000000.0: whole values are written as integers, the rest as floats (a value
    out of float range is infinite, and written as null)."""
    v = float(v)
    return int(v) if v.is_integer() and abs(v) < 2**63 else v


def warning(code: str, message: str, span: tuple[int, int] | None = None, text: str = "") -> dict:
    """A Warning as plain data; `span` is a range of `text`, the input as given."""
    return {"code": code, "message": message,
            "span": None if span is None else {"start": span[0], "end": span[1], "text": text[span[0]:span[1]]}}
