"""The review page (`policy-extract view`), checked without a browser: where each highlight lands, how
overlapping items nest, that the page can load nothing from anywhere, and how the command finds the texts
of batch output. `test_view_browser.py` opens the same pages in headless Chromium.

The fixture texts are written for these tests (none is copied from a corpus)."""
from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pytest

from policy_extract import extract
from policy_extract.cli import ExitCode, main
from policy_extract.models import Document, Initiative, Quantity, Span, Target, TimeExpression, Warning
from policy_extract.view import (KINDS, Entry, Item, build_page, default_output, format_number, nest, render_chart,
                                 render_text)

# UTF-8 bytes read as GBK: the mojibake scraped pages carry, which the extractor reports as a garbled span.
MOJIBAKE = "产业发展".encode("utf-8").decode("gbk")

# Traditional script with pinyin inserted after converted characters, a title in 《》, quoted programmes,
# goals, a past fact, mojibake, and enough text that the last goal is below the fold.
SEED_LIKE = (
    "東湖科創(chuàng)區(qū)發(fā)布建設(shè)一流創(chuàng)新高地三年行動(dòng)方案\n"
    "本報(bào)訊 2024年3月12日,東湖科創(chuàng)區(qū)召開2024年“雙擎驅(qū)動(dòng)”工作推進(jìn)會(huì),正式發(fā)布《東湖科創(chuàng)區(qū)"
    "建設(shè)一流創(chuàng)新高地三年行動(dòng)方案(2024—2026年)》。\n"
    "方案提出,到2026年,全區(qū)力爭培育國家級專精特新“小巨人”企業45家,新增上市公司8家,規(guī)上工業(yè)總產(chǎn)值"
    "突破1200億元,研發(fā)投入強(qiáng)度達(dá)到4.5%以上。\n"
    "2023年,全區(qū)實現(xiàn)地區(qū)生產(chǎn)總值865億元,同比增長6.8%。" + MOJIBAKE + "\n"
    "會(huì)上,區(qū)內(nèi)企業代表圍繞人才引育、場景開放和金融服務(wù)等話題交流了經(jīng)驗,與會(huì)人員還實地察看了"
    "湖畔研發(fā)中心和中試基地的建設(shè)進(jìn)展。主辦方表示,將持續(xù)優(yōu)化營商環(huán)境,讓更多創(chuàng)新成果在本地轉(zhuǎn)化落地。\n"
    "到2025年底,建成“東湖光谷芯城”產(chǎn)業(yè)園,引進(jìn)重大項(xiàng)目不少於30個。\n"
    "責(zé)任編輯:林曉\n"
)

# Characters outside the BMP (two UTF-16 units each in a browser) before and inside items, and CRLF.
NON_BMP = ("𠮷祥𡒄科技园2025年3月1日发布消息：\r\n到2027年，园区力争引进𠀋企业120家，总投资超过50亿元。\r\n"
           "建设《𠮷祥湾数字经济行动计划》，𩸽鱼产业年产值达到8.5亿元。")

# Simplified, a goal list whose year is stated once.
GOAL_LIST = ("临江市2025年主要预期目标是：地区生产总值增长5.5%左右，新增城镇就业4.2万人，"
             "单位地区生产总值能耗下降3%。一季度全市签约项目56个。")

FIXTURES = {"seed-like": (SEED_LIKE, None), "non-bmp": (NON_BMP, None), "goal-list": (GOAL_LIST, "2025-01-20")}


def fixture_entry(name: str, doc_id: str | None = None) -> Entry:
    text, published = FIXTURES[name]
    doc = extract(text, doc_id=doc_id or name, published=published)
    return Entry(doc.doc_id, text, doc.model_dump(mode="json"))


# Written by hand, to reach what the extractor rarely emits: an item crossing the end of the one around
# it, two kinds on one span, items at both edges, a control character, a warning without a span.
HANDMADE_TEXT = "𠀀甲乙\r\n丙丁𠀁戊己\x07庚辛"


def handmade_entry() -> Entry:
    def span(start, end):
        return Span(start=start, end=end, text=HANDMADE_TEXT[start:end])

    doc = Document(
        doc_id="handmade", script="simplified",
        targets=[Target(metric="甲乙", value=12, unit="家", comparator="ge", commitment="确保", evidence=span(0, 9),
                        rule="handmade.target")],
        quantities=[Quantity(value=7, unit="个", kind="count", span=span(7, 11), rule="handmade.crossing"),
                    Quantity(value=2, unit="个", kind="count", span=span(5, 7), rule="handmade.inner")],
        time_expressions=[TimeExpression(kind="year", start="2025", end="2025", span=span(0, 3), rule="handmade.edge")],
        initiatives=[Initiative(name="庚辛", kind="zone", span=span(11, 13), rule="handmade.same_span")],
        warnings=[Warning(code="garbled_span", message="same span as the initiative", span=span(11, 13)),
                  Warning(code="replaced_bytes", message="no span: about the whole input")],
    )
    return Entry("handmade", HANDMADE_TEXT, doc.model_dump(mode="json"))


def many_entries(n: int) -> list[Entry]:
    """A batch of n documents (the fixtures over and over under new ids), as a 1,000-document run gives."""
    base = [fixture_entry(name) for name in FIXTURES]
    out = []
    for i in range(n):
        b = base[i % len(base)]
        out.append(Entry(f"doc-{i:04d}", b.text, {**b.doc, "doc_id": f"doc-{i:04d}"}))
    return out


def expected_spans(doc: dict) -> dict[str, dict]:
    """Highlight key -> the span it must cover, for every item of a Document that has a span."""
    out = {}
    for kind in KINDS:
        for i, item in enumerate(doc.get(kind.field) or []):
            if item.get(kind.span_field):
                out[f"{kind.name}-{i}"] = item[kind.span_field]
    return out


# ---------------------------------------------------------------------------------------------- parsing

class PageParts(HTMLParser):
    """Every start tag of a page with its attributes, and the raw text of each script and style."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[tuple[str | None, str | None, str]] = []  # (type, id, text)
        self.styles: list[str] = []
        self._raw: tuple[str, dict, list[str]] | None = None
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag in ("script", "style"):
            self._raw = (tag, a, [])

    def handle_data(self, data):
        if self._raw:
            self._raw[2].append(data)

    def handle_endtag(self, tag):
        if self._raw and tag == self._raw[0]:
            name, a, buf = self._raw
            if name == "style":
                self.styles.append("".join(buf))
            else:
                self.scripts.append((a.get("type"), a.get("id"), "".join(buf)))
            self._raw = None

    def script(self, id_: str) -> str:
        return next(text for _, sid, text in self.scripts if sid == id_)

    def panel(self, index: int) -> "Panel":
        return Panel(self.script(f"pe-doc-{index}"))

    def info(self, index: int) -> dict:
        return json.loads(self.script(f"pe-info-{index}"))


class Panel(HTMLParser):
    """One document's panel as the browser would read it: the text of `.pe-text`, and for each highlight
    key the code-point offset where it starts and the text of all its pieces."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text = ""
        self.pieces: dict[str, list] = {}
        self.depth_class: dict[str, str] = {}
        self._in_text = False
        self._open: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag == "div" and a.get("class") == "pe-text":
            self._in_text = True
        elif self._in_text and tag == "mark":
            self._open.append(a["data-k"])
            self.pieces.setdefault(a["data-k"], [len(self.text), ""])
            self.depth_class.setdefault(a["data-k"], a["class"])

    def handle_data(self, data):
        if self._in_text:
            self.text += data
            for key in self._open:
                self.pieces[key][1] += data

    def handle_endtag(self, tag):
        if self._in_text and tag == "mark":
            self._open.pop()
        elif self._in_text and tag == "div":
            self._in_text = False

    def with_attr(self, name: str) -> list[dict]:
        return [a for _, a in self.tags if name in a]


# ---------------------------------------------------------------------------------------------- nesting

_KIND_OF = {"T": "target", "I": "initiative", "W": "warning", "X": "time", "Q": "quantity"}
_RANK = {k.name: k.outer for k in KINDS}


def _items(*specs: str) -> list[Item]:
    """'T0-6' -> a target item over [0, 6)."""
    out = []
    for spec in specs:
        kind = _KIND_OF[spec[0]]
        start, end = map(int, spec[1:].split("-"))
        out.append(Item(spec[0], kind, start, end, _RANK[kind]))
    return out


def _brackets(text: str, nodes, pos: int = 0, end: int | None = None) -> str:
    out = []
    for node in nodes:
        out.append(text[pos:node.start] + f"[{node.item.key}:" + _brackets(text, node.children, node.start, node.end) + "]")
        pos = node.end
    return "".join(out) + text[pos:len(text) if end is None else end]


NESTING = [
    ("nested", ["T0-6", "Q2-4"], "[T:ab[Q:cd]ef]ghij"),
    ("disjoint and adjacent", ["Q0-2", "X2-4"], "[Q:ab][X:cd]efghij"),
    ("same span: the kind order puts the target outside", ["Q1-3", "T1-3"], "a[T:[Q:bc]]defghij"),
    ("same span: initiative outside warning", ["W8-10", "I8-10"], "abcdefgh[I:[W:ij]]"),
    ("same start: the longer outside", ["Q0-2", "X0-5"], "[X:[Q:ab]cde]fghij"),
    ("same end: the longer outside", ["X3-5", "T0-5"], "[T:abc[X:de]]fghij"),
    ("crossing: cut where the enclosing item ends", ["T0-4", "Q2-6"], "[T:ab[Q:cd]][Q:ef]ghij"),
    ("crossing two levels", ["T0-8", "I1-4", "Q3-6"], "[T:a[I:bc[Q:d]][Q:ef]gh]ij"),
    ("three deep", ["T0-9", "I1-8", "Q2-4"], "[T:a[I:b[Q:cd]efgh]i]j"),
    ("none", [], "abcdefghij"),
]


@pytest.mark.parametrize("specs, expected", [c[1:] for c in NESTING], ids=[c[0] for c in NESTING])
def test_nest(specs, expected):
    assert _brackets("abcdefghij", nest(_items(*specs))) == expected


def test_outer_marks_know_how_deep_they_are_and_only_first_pieces_take_focus():
    html = render_text("abcdef", nest(_items("T0-4", "I1-4", "Q2-6")))
    assert html == ('<mark class="pe-target d2" data-k="T" tabindex="0">a'
                    '<mark class="pe-initiative d1" data-k="I" tabindex="0">b'
                    '<mark class="pe-quantity" data-k="Q" tabindex="0">cd</mark></mark></mark>'
                    '<mark class="pe-quantity" data-k="Q" tabindex="-1">ef</mark>')


TEXT_ESCAPES = [
    ("markup is text", "a<b>&c", "a&lt;b&gt;&amp;c"),
    ("CR survives the HTML parser", "x\r\ny", "x&#13;\ny"),
    ("other controls as they are", "a\x07b\x0c", "a\x07b\x0c"),
    ("outside the BMP as is", "𠀀", "𠀀"),
    ("NUL cannot be carried", "a\x00b", "a\ufffdb"),
    ("lone surrogate cannot be encoded", "\ud800", "\ufffd"),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in TEXT_ESCAPES], ids=[c[0] for c in TEXT_ESCAPES])
def test_text_reaches_the_browser_unchanged(text, expected):
    assert render_text(text, []) == expected


NUMBERS = [
    (120, "120"), (120.0, "120"), (4.5, "4.5"), (0.5, "0.5"), (9999, "9,999"),
    (45000000000, "45,000,000,000 (450亿)"), (120000000000, "120,000,000,000 (1200亿)"), (335000, "335,000 (33.5万)"),
    (1.2e12, "1,200,000,000,000 (1.2万亿)"), (None, ""),
]


@pytest.mark.parametrize("value, expected", NUMBERS)
def test_format_number(value, expected):
    assert format_number(value) == expected


# ---------------------------------------------------------------------------------------------- chart

def _target(value, unit, year=None):
    return {"metric": "m", "value": value, "unit": unit, "comparator": "eq",
            "deadline": {"year": year, "text": f"到{year}年"} if year else None}


def _shapes(svg: str) -> list[tuple[str, dict]]:
    return [(tag, a) for tag, a in PageParts(svg).tags if "data-t" in a]


def _center(tag: str, a: dict) -> tuple[float, float]:
    if tag == "circle":
        return float(a["cx"]), float(a["cy"])
    if tag == "rect":
        return float(a["x"]) + 4, float(a["y"]) + 4
    x, y = re.match(r"M([\d.]+) ([\d.]+)", a["d"]).groups()
    return float(x), float(y) + 5


def test_chart_puts_years_left_to_right_values_bottom_to_top_and_units_in_shapes():
    targets = [_target(120, "家", 2027), _target(45e9, "CNY", 2025), _target(4.5, "%"), _target(30, "个", 2025)]
    svg = render_chart(targets, linked={"target-0", "target-1", "target-2"})
    shapes = dict((a["data-t"], (tag, a)) for tag, a in _shapes(svg))
    assert {k: tag for k, (tag, _) in shapes.items()} == {
        "target-0": "path", "target-1": "circle", "target-2": "rect", "target-3": "path"}
    x = {k: _center(*v)[0] for k, v in shapes.items()}
    y = {k: _center(*v)[1] for k, v in shapes.items()}
    assert x["target-1"] < x["target-0"] < x["target-2"]          # 2025, 2027, then "none"
    assert y["target-1"] < y["target-0"] < y["target-3"] < y["target-2"]  # 450亿 > 120 > 30 > 4.5
    labels = re.findall(r'text-anchor="(?:end|middle)">([^<]+)<', svg)
    assert labels == ["1", "1000", "100万", "10亿", "1万亿", "2025", "2027", "none"]
    assert "data-go" in shapes["target-0"][1] and "data-go" not in shapes["target-3"][1]


def test_chart_labels_only_every_few_years_when_there_are_many():
    svg = render_chart([_target(10 + y, "个", 2021 + y) for y in range(20)], linked=set())
    labels = re.findall(r'text-anchor="middle">([^<]+)<', svg)
    assert labels[0] == "2021" and 4 <= len(labels) < 20 and len(_shapes(svg)) == 20


def test_chart_without_targets_says_so():
    assert "No targets" in render_chart([], set())


# ---------------------------------------------------------------------------------------------- pages

PAGES = {name: (lambda name=name: fixture_entry(name)) for name in FIXTURES} | {"handmade": handmade_entry}


@pytest.fixture(scope="module", params=sorted(PAGES))
def single(request):
    entry = PAGES[request.param]()
    return entry, PageParts(build_page([entry]).html)


def test_every_item_is_highlighted_at_its_span(single):
    entry, parts = single
    panel = parts.panel(0)
    assert panel.text == entry.text.replace("\x00", "\ufffd")
    spans = expected_spans(entry.doc)
    assert spans, "a fixture without items tests nothing"
    assert {k: (start, said) for k, (start, said) in panel.pieces.items()} == \
        {k: (s["start"], s["text"]) for k, s in spans.items()}


def test_every_target_has_a_row_and_every_item_its_fields(single):
    entry, parts = single
    panel, info = parts.panel(0), parts.info(0)
    targets = entry.doc["targets"]
    assert [a["data-go"] for _, a in panel.tags if _ == "tr" and "data-go" in a] == \
        [f"target-{i}" for i in range(len(targets))]
    assert set(info) == set(expected_spans(entry.doc))
    for i, t in enumerate(targets):
        kind, heading, pairs = info[f"target-{i}"]
        fields = dict(pairs)
        assert kind == "target" and heading == f"Target: {t['metric']}"
        assert fields["value"] == format_number(t["value"]) and fields["rule"] == t["rule"]
        assert fields.get("unit") == t["unit"] and fields["comparator"].endswith(f"({t['comparator']})")
        if t["deadline"]:
            assert fields["deadline"].startswith(str(t["deadline"]["year"]))
    for i, q in enumerate(entry.doc["quantities"]):
        kind, _, pairs = info[f"quantity-{i}"]
        assert kind == "quantity" and dict(pairs)["rule"] == q["rule"] and dict(pairs)["kind"] == q["kind"]


def test_summary_counts_each_area(single):
    entry, parts = single
    dl = re.search(r'<dl class="pe-counts">(.*?)</dl>', parts.script("pe-doc-0")).group(1)
    counts = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", dl))
    for kind in KINDS:
        assert counts[kind.label] == str(len(entry.doc[kind.field]))
    assert counts["years"] == (", ".join(map(str, entry.doc["years"])) or "0")


_FETCHING_ATTRS = {"src", "srcset", "action", "formaction", "poster", "data", "background", "ping", "xlink:href",
                   "manifest", "codebase", "cite", "longdesc", "profile"}
_FETCHING_TAGS = {"link", "img", "iframe", "frame", "object", "embed", "audio", "video", "source", "track", "base",
                  "form", "input type=image", "picture", "portal"}


def _all_tags(parts: PageParts):
    yield from parts.tags
    for type_, _, text in parts.scripts:
        if type_ == "text/html":
            yield from Panel(text).tags


def test_page_loads_nothing(single):
    entry, parts = single
    for tag, attrs in _all_tags(parts):
        assert tag not in _FETCHING_TAGS, tag
        assert not _FETCHING_ATTRS & set(attrs), (tag, attrs)
        assert attrs.get("href", "#").startswith("#"), (tag, attrs)
    (css,) = parts.styles
    assert not re.search(r"url\(|@import|@font-face", css)
    (js,) = [text for type_, _, text in parts.scripts if type_ is None]
    assert not re.search(r"fetch\(|XMLHttpRequest|WebSocket|EventSource|sendBeacon|import\(|\.src\b", js)


def _sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_content_security_policy_forbids_every_load_but_lets_the_page_run(single):
    _, parts = single
    (csp,) = [a["content"] for t, a in parts.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy"]
    policy = dict((d.split()[0], d.split()[1:]) for d in csp.split(";") if d.strip())
    assert policy["default-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    (js,) = [text for type_, _, text in parts.scripts if type_ is None]
    assert policy["script-src"] == [_sha(js)] and policy["style-src"] == [_sha(parts.styles[0])]


class Rows(HTMLParser):
    """The cells of a panel's target table: [(text, title), …] per row."""

    def __init__(self, markup: str):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[list]] = []
        self._cell: list | None = None
        self.feed(markup[markup.index('<table class="pe-targets">'):markup.index("</table>")])
        self.rows = [row for row in self.rows if row]  # the head row has no td

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self._cell = ["", dict(attrs).get("title")]
            self.rows[-1].append(self._cell)

    def handle_data(self, data):
        if self._cell is not None:
            self._cell[0] += data

    def handle_endtag(self, tag):
        if tag == "td":
            self._cell = None


def test_target_table_is_compact_with_the_full_form_in_titles():
    entry = fixture_entry("seed-like")
    rows = Rows(PageParts(build_page([entry]).html).script("pe-doc-0")).rows
    money = next(r for r in rows if r[2][0] == "CNY")
    assert money == [["规上工业总产值", None], ["1200亿", "120,000,000,000 (1200亿)"], ["CNY", None], [">", "> (gt)"],
                     ["2026", "到2026年"], ["力争", None]]
    assert len(rows) == len(entry.doc["targets"])
    assert [r[1][0] for r in Rows(PageParts(build_page([handmade_entry()]).html).script("pe-doc-0")).rows] == ["12"]


def test_crossing_item_is_cut_into_pieces_that_share_its_key():
    panel = PageParts(build_page([handmade_entry()]).html).panel(0)
    crossing = [a for t, a in panel.tags if t == "mark" and a["data-k"] == "quantity-0"]
    assert [a["tabindex"] for a in crossing] == ["0", "-1"]
    assert panel.depth_class["target-0"] == "pe-target d1"
    assert panel.depth_class["initiative-0"] == "pe-initiative d1"  # around the warning on the same span


def test_a_thousand_documents_are_kept_out_of_the_dom_until_chosen():
    entries = many_entries(1000)
    parts = PageParts(build_page(entries).html)
    panels = [i for type_, i, _ in parts.scripts if type_ == "text/html"]
    assert len(panels) == 1000
    assert [a["data-id"] for t, a in parts.tags if t == "a" and "data-id" in a] == [e.doc_id for e in entries]
    assert not any(t == "mark" and "data-k" in a for t, a in parts.tags)  # nothing highlighted before the script runs
    assert parts.panel(999).pieces and parts.panel(999).text == entries[999].text


# ---------------------------------------------------------------------------------------------- command

OUTPUT_NAMES = [("dir/page.txt", "page.html"), ("runs/out.jsonl.gz", "out.html"), ("notes", "notes.html"),
                ("-", "-")]


@pytest.mark.parametrize("source, expected", OUTPUT_NAMES)
def test_default_output(source, expected):
    assert default_output(source) == expected


def _write_records(path, records):
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n"
                            for r in records), encoding="utf-8")


def _page_of(path) -> PageParts:
    return PageParts(path.read_text(encoding="utf-8"))


def test_view_a_text_file(tmp_path, monkeypatch):
    (tmp_path / "dong-hu.txt").write_text(SEED_LIKE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["view", "dong-hu.txt"]) == ExitCode.OK
    parts = _page_of(tmp_path / "dong-hu.html")
    assert parts.panel(0).text == SEED_LIKE
    assert "<h2>dong-hu</h2>" in parts.script("pe-doc-0")


def test_view_batch_output_with_its_inputs(tmp_path, capsys):
    records = [{"id": "seed-like", "text": SEED_LIKE}, {"id": "non-bmp", "text": NON_BMP},
               "{not json", {"id": "no-text"}, {"id": "goal-list", "text": GOAL_LIST, "published": "2025-01-20"}]
    _write_records(tmp_path / "in.jsonl", records)
    assert main(["batch", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl")]) == ExitCode.SOME_FAILED
    code = main(["view", str(tmp_path / "out.jsonl"), "--inputs", str(tmp_path / "in.jsonl"),
                 "-o", str(tmp_path / "page.html")])
    assert code == ExitCode.OK, capsys.readouterr().err
    parts = _page_of(tmp_path / "page.html")
    ids = [a["data-id"] for t, a in parts.tags if t == "a" and "data-id" in a]
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert ids == [json.loads(line)["doc_id"] for line in lines]
    assert [ids[i] for i in (0, 1, 3, 4)] == ["seed-like", "non-bmp", "no-text", "goal-list"]
    for index, text in ((0, SEED_LIKE), (1, NON_BMP), (4, GOAL_LIST)):
        assert parts.panel(index).text == text
    assert 'class="pe-error"><b>invalid_json</b>' in parts.script("pe-doc-2")
    assert 'class="pe-error"><b>missing_text</b>' in parts.script("pe-doc-3")


def test_view_input_records_extracts_them(tmp_path):
    _write_records(tmp_path / "in.jsonl", [{"id": "a", "text": GOAL_LIST, "published": "2025-01-20"}])
    assert main(["view", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "p.html")]) == ExitCode.OK
    parts = _page_of(tmp_path / "p.html")
    assert parts.panel(0).text == GOAL_LIST and parts.info(0)


@pytest.fixture
def batch_run(tmp_path):
    _write_records(tmp_path / "in.jsonl", [{"id": "a", "text": GOAL_LIST}, {"id": "b", "text": NON_BMP}])
    main(["batch", str(tmp_path / "in.jsonl"), "-o", str(tmp_path / "out.jsonl")])
    return tmp_path


def test_batch_output_without_inputs_is_a_usage_error(batch_run, capsys):
    assert main(["view", str(batch_run / "out.jsonl"), "-o", str(batch_run / "p.html")]) == ExitCode.USAGE
    assert "--inputs" in capsys.readouterr().err
    assert not (batch_run / "p.html").exists()


def test_inputs_that_were_edited_since_are_reported(batch_run, capsys):
    _write_records(batch_run / "edited.jsonl", [{"id": "a", "text": "前言。" + GOAL_LIST}, {"id": "b", "text": NON_BMP}])
    code = main(["view", str(batch_run / "out.jsonl"), "--inputs", str(batch_run / "edited.jsonl"),
                 "-o", str(batch_run / "p.html")])
    err = capsys.readouterr().err
    assert code == ExitCode.SOME_FAILED and "a: target-0 span" in err and "does not match the text" in err
    assert "b:" not in err
    assert 'class="pe-problem"' in _page_of(batch_run / "p.html").script("pe-doc-0")


def test_documents_missing_from_the_inputs_are_reported(batch_run, capsys):
    _write_records(batch_run / "part.jsonl", [{"id": "b", "text": NON_BMP}])
    code = main(["view", str(batch_run / "out.jsonl"), "--inputs", str(batch_run / "part.jsonl"),
                 "-o", str(batch_run / "p.html")])
    assert code == ExitCode.SOME_FAILED and "no text with doc_id 'a'" in capsys.readouterr().err
    parts = _page_of(batch_run / "p.html")
    assert "no_input" in parts.script("pe-doc-0") and parts.panel(1).text == NON_BMP


@pytest.mark.parametrize("extra", [["--id", "x"], ["--published", "2025-01-01"]])
def test_text_file_options_with_json_lines_are_a_usage_error(batch_run, capsys, extra):
    code = main(["view", str(batch_run / "in.jsonl"), "-o", str(batch_run / "p.html"), *extra])
    assert code == ExitCode.USAGE and "go with a text file" in capsys.readouterr().err


def test_missing_file_is_an_error(tmp_path, capsys):
    assert main(["view", str(tmp_path / "nope.txt")]) == ExitCode.ERROR
    assert "no such file" in capsys.readouterr().err


def test_view_has_help(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["view", "--help"])
    assert stop.value.code == 0 and "--inputs" in capsys.readouterr().out
