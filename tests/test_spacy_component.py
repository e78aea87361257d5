"""The spaCy component: found through its entry point, no trained pipeline needed, every item a span with
its item behind it, and the same results in worker processes and after serialisation."""
import importlib.metadata
import subprocess
import sys
import textwrap

import pytest

spacy = pytest.importorskip("spacy")

from policy_extract import extract  # noqa: E402
from policy_extract.formats import AREA_OF, LABELS  # noqa: E402

TEXTS = [
    "到2027年，力争培育国家级专精特新企业120家、新增上市公司5家，研发投入分别增长5.5%、6%。",
    "2月4日，開元高新區(qū)發布《開元高新區(qū)行動計劃(2025—2030年)》，提出“雙招雙引”工程。",
    "2025年主要预期目标：地区生产总值增长5%左右，城镇新增就业4.5万人以上。",
    "",
]
BLANK_ZH = 'spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})'


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nlp.add_pipe("policy_extractor")
    return nlp


def test_factory_is_advertised_through_the_spacy_factories_entry_point():
    points = {ep.name: ep.value for ep in importlib.metadata.entry_points(group="spacy_factories")}
    assert points.get("policy_extractor") == "policy_extract.spacy_component:make_policy_extractor"


def _run(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_add_pipe_works_without_importing_the_component_module():
    out = _run(f"""
        import spacy
        nlp = {BLANK_ZH}
        nlp.add_pipe("policy_extractor")
        doc = nlp("到2027年，培育专精特新企业120家。")
        print(sorted({{s.label_ for s in doc.spans["policy"]}}), doc._.policy.targets[0].value)
    """)
    assert out.split() == ["['quantity',", "'target',", "'time_expression']", "120.0"]


def test_the_core_package_never_imports_spacy():
    out = _run("""
        import sys
        import policy_extract
        from policy_extract import cli
        policy_extract.extract("到2027年，培育专精特新企业120家。")
        print("spacy" in sys.modules)
    """)
    assert out.strip() == "False"


@pytest.mark.parametrize("text", TEXTS)
def test_every_item_is_a_span_with_its_item_behind_it(nlp, text):
    doc = nlp(text)
    expected = extract(text).model_dump(mode="json")
    assert doc._.policy.model_dump(mode="json") == expected  # extract() on doc.text, nothing else
    spans = list(doc.spans["policy"])
    want = [(LABELS[a], i) for a in LABELS for i, item in enumerate(expected[a])]
    want += [("warning", i) for i, w in enumerate(expected["warnings"]) if w.get("span")]
    assert [(s.label_, s.id - 1) for s in spans] == want
    for span in spans:
        item = span._.policy
        area = AREA_OF.get(span.label_, "warnings")
        assert item.model_dump(mode="json") == expected[area][span.id - 1]
        sp = item.evidence if span.label_ == "target" else item.span
        # expanded to token boundaries: the span covers the item, and the item's text is the input's
        assert span.start_char <= sp.start < sp.end <= span.end_char
        assert doc.text[sp.start:sp.end] == sp.text


def test_spans_at_the_same_offsets_keep_their_own_items(nlp):
    """Offset-keyed span extensions would give both the same value; label + span.id cannot collide."""
    from spacy.tokens import Span

    doc = nlp(TEXTS[0])
    first, second = [s for s in doc.spans["policy"] if s.label_ == "quantity"][:2]
    twin = Span(doc, first.start, first.end, label="quantity", span_id=second.id)
    assert (twin.start_char, twin.end_char) == (first.start_char, first.end_char)
    assert first._.policy.value == 120 and twin._.policy.value == second._.policy.value == 5


def test_spans_not_written_by_the_component_have_no_item(nlp):
    doc = nlp(TEXTS[0])
    assert doc[0:2]._.policy is None
    assert spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})("文本")._.policy is None


def test_publication_date_from_config_or_from_the_doc(nlp):
    text = "明年，新增专精特新企业30家。"
    doc = nlp(text)
    assert doc._.policy.targets == []  # 明年 has nothing to anchor it
    dated = nlp.make_doc(text)
    dated._.published = "2025-03-01"
    assert nlp(dated)._.policy.targets[0].deadline.year == 2026
    other = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    other.add_pipe("policy_extractor", config={"published": "2030-01-01", "spans_key": "pe", "warnings": False})
    doc = other(text)
    assert doc._.policy.targets[0].deadline.year == 2031 and "pe" in doc.spans


def _summary(doc):
    return ([(s.text, s.label_, s.id, s._.policy.model_dump(mode="json")) for s in doc.spans["policy"]],
            doc._.policy.model_dump(mode="json"))


def test_nlp_pipe_with_two_processes_gives_the_same_docs(nlp):
    texts = TEXTS * 3
    single = [_summary(d) for d in nlp.pipe(texts)]
    multi = [_summary(d) for d in nlp.pipe(texts, n_process=2, batch_size=2)]
    assert multi == single and len(multi) == len(texts)


def test_worker_processes_started_by_spawn_register_the_extensions():
    """Under spawn (macOS, Windows; like forkserver) workers import afresh and unpickle the pipeline.
    spaCy's jieba tokenizer holds the jieba module, which does not pickle, so this uses the default
    character segmenter: what is tested is that the component and its extensions arrive intact."""
    out = _run("""
        import multiprocessing
        import spacy

        if __name__ == "__main__":
            multiprocessing.set_start_method("spawn", force=True)
            nlp = spacy.blank("zh")
            nlp.add_pipe("policy_extractor")
            docs = list(nlp.pipe(["到2027年，培育专精特新企业120家。"] * 2, n_process=2, batch_size=1))
            print([d.spans["policy"][0]._.policy.value for d in docs])
    """)
    assert out.strip() == "[120.0, 120.0]"


def test_the_document_survives_doc_serialisation(nlp):
    from spacy.tokens import Doc, DocBin

    doc = nlp(TEXTS[1])
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert _summary(again) == _summary(doc)
    bin_ = DocBin(store_user_data=True, docs=[doc])
    assert _summary(next(DocBin().from_bytes(bin_.to_bytes()).get_docs(nlp.vocab))) == _summary(doc)
