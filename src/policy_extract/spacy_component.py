"""spaCy component `policy_extractor` (optional extra: `pip install "policy-extract[spacy]"`).

    import spacy
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("policy_extractor")
    doc = nlp("到2027年，培育专精特新企业120家。")
    [(s.text, s.label_) for s in doc.spans["policy"]]   # targets, quantities, time expressions, …
    doc._.policy                                        # the whole Document (output contract v1)
    doc.spans["policy"][0]._.policy                     # the item behind one span (Target, Quantity, …)

The factory is declared once with its defaults and advertised through the `spacy_factories` entry
point, so `add_pipe("policy_extractor")` works without importing this module; no trained pipeline is
needed (a blank `zh` with jieba, or any tokenizer). The component extracts from `doc.text`, so every
item's offsets are offsets into `doc.text`; each item becomes a Span (label: `target`, `quantity`,
`time_expression`, `initiative`, or `warning` for a warning with a span) snapped outwards to token
boundaries (`alignment_mode="expand"`: jieba tokens rarely end where a quantity does).

The Document is stored as plain JSON data (`doc._.policy_data`), which spaCy serialises with the Doc:
it survives `Doc.to_bytes`, `DocBin` and `nlp.pipe(..., n_process=2)`. `doc._.policy` and `span._.policy`
are getters that build Pydantic models from it on each access. A span finds its item through its label
and `span.id` (index + 1 in its area): spans with the same offsets (two goals stated in one clause)
keep their own items, which offset-keyed span extensions could not.

The core package never imports this module; it is loaded by spaCy, or by you.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from .formats import AREA_OF, WARNING_LABEL, items

DEFAULT_SPANS_KEY = "policy"


def _document(doc: Doc):
    data = doc._.policy_data
    if data is None:
        return None
    from .models import Document

    return Document.model_validate(data)


def _item(span: Span):
    data = span.doc._.policy_data
    if data is None or not span.id:
        return None
    area = "warnings" if span.label_ == WARNING_LABEL else AREA_OF.get(span.label_)
    found = (data.get(area) or []) if area else []
    if span.id > len(found):
        return None
    from . import models

    model = {"targets": models.Target, "quantities": models.Quantity, "time_expressions": models.TimeExpression,
             "initiatives": models.Initiative, "warnings": models.Warning}[area]
    return model.model_validate(found[span.id - 1])


def register_extensions() -> None:
    """Doc and Span extensions; run at import, so worker processes of `nlp.pipe` have them too."""
    if not Doc.has_extension("policy_data"):
        Doc.set_extension("policy_data", default=None)
    if not Doc.has_extension("policy"):
        Doc.set_extension("policy", getter=_document)
    if not Doc.has_extension("published"):
        Doc.set_extension("published", default=None)
    if not Span.has_extension("policy"):
        Span.set_extension("policy", getter=_item)


register_extensions()


class PolicyExtractor:
    """Runs `policy_extract.extract` on `doc.text` and writes its items to `doc.spans[spans_key]`."""

    def __init__(self, nlp: Language, name: str = "policy_extractor", *, spans_key: str = DEFAULT_SPANS_KEY,
                 published: str | None = None, warnings: bool = True):
        self.name = name
        self.spans_key = spans_key
        self.published = published
        self.warnings = warnings

    def __call__(self, doc: Doc) -> Doc:
        from . import extract

        published = doc._.published or self.published
        data = extract(doc.text, published=published).model_dump(mode="json")
        doc._.policy_data = data
        spans = []
        for label, index, _item, sp in items(data, warnings=self.warnings):
            span = doc.char_span(sp["start"], sp["end"], label=label, alignment_mode="expand", span_id=index + 1)
            if span is not None:  # only an empty span has no tokens to expand to
                spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory(
    "policy_extractor",
    default_config={"spans_key": DEFAULT_SPANS_KEY, "published": None, "warnings": True},
    assigns=["doc.spans", "doc._.policy", "doc._.policy_data", "span._.policy"],
)
def make_policy_extractor(nlp: Language, name: str, spans_key: str, published: str | None,
                          warnings: bool) -> PolicyExtractor:
    """`published` (YYYY-MM-DD) anchors 明年 and 2月4日 for every doc; a doc's own `doc._.published`
    wins over it. `warnings`: also write warnings that point at a span (garbled text) as spans."""
    return PolicyExtractor(nlp, name, spans_key=spans_key, published=published, warnings=warnings)
