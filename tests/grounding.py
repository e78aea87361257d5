"""The one check every stage's tests share: each item's span (a target's evidence) is exactly its text in
the input as given, and each extracted item names the rule that produced it."""

AREAS = ("targets", "quantities", "time_expressions", "initiatives", "warnings")


def assert_grounded(text: str, doc: dict, areas=AREAS, label="") -> int:
    """Check every span of a Document (as a dict) against `text`; returns how many were checked."""
    checked = 0
    for area in areas:
        for item in doc[area]:
            span = item.get("evidence") or item.get("span")
            if span:
                assert text[span["start"]:span["end"]] == span["text"], (label, area, span)
                checked += 1
            if area != "warnings":
                assert item.get("rule"), (label, area, item)
    return checked
