"""policy-extract: targets, quantities, years and initiatives from Chinese policy texts, as grounded JSON.

    >>> from policy_extract import extract
    >>> doc = extract("到2027年，培育专精特新企业120家。", published="2025-02-04")
    >>> doc.targets[0].value, doc.targets[0].deadline.year
    (120.0, 2027)
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import _build

_build.keep_in_step()  # a stage compiled from a source since edited runs from that source
__version__ = "0.1.0"
__all__ = ["extract", "Document", "__version__"]

if TYPE_CHECKING:
    from .models import Document


def extract(text: str, *, doc_id: str | None = None, published: str | None = None) -> "Document":
    """One Document (output contract v1) for one text exactly as published.

    `published` (YYYY-MM-DD) anchors dates without a year and relative phrases (明年, 3年内); when it is
    not given, a full date near the top of the text is used. Every span satisfies
    `text[span.start:span.end] == span.text`."""
    from .pipeline import extract as _extract

    return _extract(text, doc_id=doc_id, published=published)


def __getattr__(name):
    if name == "Document":
        from .models import Document

        return Document
    raise AttributeError(name)
