"""Properties that must hold for any text: extraction never raises, and every span of every item points at
exactly its text in the input as given — through Traditional script, pinyin insertions, full-width forms,
control and zero-width characters, and numbers of every kind."""
import json
import string

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policy_extract import extract
from policy_extract.batch import document_json, document_text
from policy_extract.models import Document
from policy_extract.pipeline import document_data

TRADITIONAL = ["無錫高新區", "發展", "億元", "園區", "實施", "雙招雙引", "專精特新", "創新", "臺灣", "萬人", "經濟", "業"]
PINYIN = ["區(qū)", "發(fā)", "網(wǎng)", "權(quán)", "設(shè)", "區（qū）", "計劃(huà)", "(qū)", "業(yè)"]
FULL_WIDTH = ["１２０", "５．５％", "Ａ", "２０２７年", "（", "）", "＋", "～", "，", "：", "　"]
INVISIBLE = ["\u200b", "\u200d", "\ufeff", "\x00", "\x07", "\x1b", "\u202e", "\u2060", "\x85", "\r", "\t"]
NUMBERS = ["120", "1,200", "3.5", "45亿", "1.2万亿", "三十", "二〇二五", "百分之五", "两千", "壹佰", "廿", "第17位",
           "3至5", "10%", "5成", "翻一番", "33.5万"]
POLICY = ["到", "2027年", "年底前", "培育", "新增", "达到", "突破", "超过", "以上", "左右", "家", "个", "亿元", "万人",
          "平方公里", "%", "增长", "下降", "力争", "确保", "十四五", "《", "》", "“", "”", "「", "」", "——", "、", "，",
          "。", "；", "\n", " ", "(", ")", "|", "?", "■", "一、", "（一）",
          "<p>", "</p>", "<br/>", "<strong>", "</strong>", "&nbsp;", "&amp;", "<!--", "-->", "<", ">"]

fragment = st.one_of(
    st.sampled_from(TRADITIONAL), st.sampled_from(PINYIN), st.sampled_from(FULL_WIDTH), st.sampled_from(INVISIBLE),
    st.sampled_from(NUMBERS), st.sampled_from(POLICY),
    st.integers(min_value=0, max_value=10**12).map(str),
    st.text(alphabet=string.ascii_letters + "āáǎàūǚü()", max_size=6),
    st.text(max_size=4),  # anything at all, surrogates excepted (they cannot come out of decoded bytes)
)
texts = st.lists(fragment, max_size=40).map("".join)
dates = st.one_of(st.none(), st.dates().map(lambda d: d.isoformat()))


def spans_of(doc):
    for target in doc.targets:
        yield "target", target.evidence
    for area in ("quantities", "time_expressions", "initiatives"):
        for item in getattr(doc, area):
            yield area, item.span
    for warning in doc.warnings:
        if warning.span is not None:
            yield "warning", warning.span


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, published=dates)
@example(text="無錫高新區(qū)到２０２７年培育專精特新企業１２０家\u200b，增長５．５％。", published="2025-02-04")
@example(text="區(qū)(qū)\x00\u200b《《“1,2,3", published=None)
def test_extract_never_raises_and_every_span_is_grounded(text, published):
    doc = extract(text, doc_id="p", published=published)
    for area, span in spans_of(doc):
        assert 0 <= span.start <= span.end <= len(text), (area, span)
        assert text[span.start:span.end] == span.text, (area, span)
    assert doc.model_dump_json()  # and it serialises


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts, published=dates)
@example(text="投资" + "9" * 400 + "亿元，增长0.00001%，" + "1" * 30 + "家", published="2025-02-04")  # inf, tiny, huge
@example(text="區(qū)\x00到２０２７年培育企業１２０家\u200b", published=None)  # warnings and a target
def test_the_batch_line_is_the_json_of_the_validated_document(text, published):
    """The batch writes a Document's plain data without building the models; the line must be exactly the
    one the validated Document writes (same keys, order, defaults, numbers)."""
    data = document_data(text, doc_id="p", published=published)
    doc = Document.model_validate(data)
    assert document_json(data) == doc.model_dump_json().encode()
    assert json.loads(document_text(data)) == json.loads(doc.model_dump_json())
