"""Annotation round trip: Label Studio and doccano out and back in, offsets converted at the edge.

The strongest check is the round trip itself: extraction results exported, accepted unchanged by an
"annotator", and imported as gold must score perfectly against the same results."""
import json
import xml.etree.ElementTree as ET

import pytest

from conftest import ROOT, load_jsonl
from policy_extract import cli, extract
from policy_extract.evaluate import evaluate
from policy_extract.formats import LABELS, doccano, labelstudio
from policy_extract.formats.gold import Region, gold_record
from policy_extract.formats.offsets import OffsetMap

EXAMPLES_GOLD = ROOT / "corpora" / "examples" / "gold.jsonl"
# 𠮷 (U+20BB7) and 𡈼 (U+2123C) lie outside the BMP: two UTF-16 code units each
ASTRAL = "𠮷安县通知\n到2027年，𠮷安县新增专精特新企业120家，投资超过3亿元。县政府印发《𠮷安县“𡈼山”产业园建设方案》。"


def _utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


# --- offsets -------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "abc", "中文", "a😀b", "𠮷𠮷x", "x𠮷", ASTRAL])
def test_offsets_convert_both_ways_on_every_boundary(text):
    omap = OffsetMap(text)
    for i in range(len(text) + 1):
        u = omap.to_utf16(i)
        assert u == _utf16_len(text[:i])
        assert omap.from_utf16(u) == i
        assert omap.convert(i, src="codepoint", dst="codepoint") == i


def test_an_offset_inside_a_surrogate_pair_is_refused():
    with pytest.raises(ValueError, match="surrogate pair"):
        OffsetMap("a😀b").from_utf16(2)


# --- round trips ---------------------------------------------------------------------------------

def _documents():
    records = [{"id": d["id"], "text": d["text"], "published": d.get("published")} for d in load_jsonl(EXAMPLES_GOLD)]
    records.append({"id": "astral", "text": ASTRAL, "published": "2025-01-02"})
    return [(r, extract(r["text"], doc_id=r["id"], published=r["published"]).model_dump(mode="json")) for r in records]


def _accept(task: dict) -> dict:
    """What Label Studio exports after an annotator submits the pre-annotation unchanged."""
    task = json.loads(json.dumps(task))
    task["annotations"] = [{"id": 1, "result": task.pop("predictions")[0]["result"], "was_cancelled": False}]
    return task


def _assert_perfect(gold_records, docs):
    report = evaluate(gold_records, {d["doc_id"]: d for _, d in docs}).as_dict()
    for area in ("targets", "quantities", "years", "initiatives"):
        assert (report[area]["precision"], report[area]["recall"]) == (1.0, 1.0), (area, report[area])
    assert sum(report[a]["tp"] for a in ("targets", "quantities", "initiatives")) > 20


def test_labelstudio_round_trip_is_lossless():
    docs = _documents()
    gold = []
    for record, doc in docs:
        conv = labelstudio.gold_from_task(_accept(labelstudio.to_task(doc, record["text"], doc_id=record["id"],
                                                                      published=record["published"])))
        assert conv.problems == [] and conv.notes == []
        assert conv.record["id"] == record["id"] and conv.record["text"] == record["text"]
        gold.append(conv.record)
    _assert_perfect(gold, docs)


def test_doccano_round_trip_is_lossless():
    docs = _documents()
    gold = []
    for record, doc in docs:
        line = json.loads(json.dumps(doccano.to_line(doc, record["text"], doc_id=record["id"],
                                                     published=record["published"])))
        conv = doccano.gold_from_line(line)
        assert conv.problems == [] and conv.notes == []
        gold.append(conv.record)
    _assert_perfect(gold, docs)


# --- what the files look like ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def astral_doc():
    return extract(ASTRAL, doc_id="astral", published="2025-01-02").model_dump(mode="json")


@pytest.mark.parametrize("offsets", ["codepoint", "utf16"])
def test_labelstudio_task_regions_point_at_their_text(astral_doc, offsets):
    task = labelstudio.to_task(astral_doc, ASTRAL, doc_id="astral", offsets=offsets)
    assert task["data"] == {"text": ASTRAL, "doc_id": "astral", "published": None}
    result = task["predictions"][0]["result"]
    regions = [r for r in result if r["type"] == "labels"]
    assert {r["value"]["labels"][0] for r in regions} == set(LABELS.values())
    for r in regions:
        v = r["value"]
        start, end = (v["start"], v["end"]) if offsets == "codepoint" else \
            (OffsetMap(ASTRAL).from_utf16(v["start"]), OffsetMap(ASTRAL).from_utf16(v["end"]))
        assert ASTRAL[start:end] == v["text"]
    fields = {r["id"]: r["value"]["text"] for r in result if r["from_name"] == "fields"}
    quantity = next(r for r in regions if r["value"]["text"] == "120家")
    assert fields[quantity["id"]] == ["value=120", "unit=家"]
    years = next(r for r in result if r["from_name"] == "years")
    assert years["value"]["text"] == ["2027"]


def test_labelstudio_config_declares_every_tag_the_tasks_use():
    root = ET.fromstring(labelstudio.label_config())
    names = {el.get("name") for el in root.iter() if el.get("name")}
    assert {"text", "label", "fields", "years"} <= names
    assert [el.get("value") for el in root.iter("Label")] == list(LABELS.values())
    assert next(el for el in root.iter("TextArea") if el.get("name") == "fields").get("perRegion") == "true"


def test_doccano_line_counts_utf16_by_default(astral_doc):
    line = doccano.to_line(astral_doc, ASTRAL, doc_id="astral")
    for start, end, label in line["label"]:
        cp = OffsetMap(ASTRAL)
        assert start == _utf16_len(ASTRAL[:cp.from_utf16(start)])
    target = next(s for s in line["label"] if s[2] == "quantity" and s[1] - s[0] == 4)
    assert line["fields"][f"quantity@{target[0]}-{target[1]}"] == ["value=120", "unit=家"]
    assert line["years"] == [2027] and line["doc_id"] == "astral"


# --- what annotators do --------------------------------------------------------------------------

TEXT = "到2027年，全区新增专精特新企业120家，研发投入强度达到3.5%。"


def _span(part):
    start = TEXT.index(part)
    return start, start + len(part)


def _labels(rid, part, label, **value):
    start, end = _span(part)
    return {"id": rid, "from_name": "label", "to_name": "text", "type": "labels",
            "value": {"start": start, "end": end, "labels": [label], **value}}


def _fields(rid, part, lines):
    start, end = _span(part)
    return {"id": rid, "from_name": "fields", "to_name": "text", "type": "textarea",
            "value": {"start": start, "end": end, "text": lines}}


def _task(*annotations):
    return {"id": 7, "data": {"text": TEXT, "doc_id": "t", "published": "2025-01-01"},
            "annotations": [{"result": list(a)} if isinstance(a, list) else a for a in annotations]}


def test_a_region_drawn_without_fields_gets_them_from_its_text():
    conv = labelstudio.gold_from_task(_task([_labels("a", "120家", "quantity"),
                                             _labels("b", "新增专精特新企业120家", "target"),
                                             _labels("c", "到2027年", "time_expression")]))
    gold = conv.record["gold"]
    assert gold["quantities"] == [{"text": "120家", "value": 120, "unit": "家"}]
    assert gold["targets"][0]["value"] == 120 and "专精特新企业" in gold["targets"][0]["metric"]
    assert gold["years"] == [2027]  # no years field: read from the time regions
    assert len(conv.notes) == 2 and all("derived" in n for n in conv.notes) and conv.problems == []


@pytest.mark.parametrize("region,fields,problem", [
    (_labels("a", "120家", "quantity"), ["value=abc"], "could not convert"),
    (_labels("a", "120家", "quantity"), ["just words"], "not key=value"),
    (_labels("a", "120家", "quantity"), ["metric=企业", "value=1"], "unknown fields"),
    (_labels("a", "120家", "target"), ["value=120", "comparator=more"], "comparator must be"),
    (_labels("a", "120家", "target"), ["value=120"], "no metric"),
    (_labels("a", "120家", "place"), [], "unknown label"),
    (_labels("a", "120家", "quantity", text="12家"), ["value=12"], "wrong --offsets"),
])
def test_a_region_that_cannot_become_gold_is_reported(region, fields, problem):
    conv = labelstudio.gold_from_task(_task([region, _fields("a", "120家", fields)] if fields else [region]))
    assert conv.record["gold"]["quantities"] == [] and conv.record["gold"]["targets"] == []
    assert len(conv.problems) == 1 and problem in conv.problems[0]


def test_fields_set_ranges_optional_items_and_years():
    conv = labelstudio.gold_from_task(_task([
        _labels("a", "新增专精特新企业120家", "target"),
        _fields("a", "新增专精特新企业120家", ["metric=专精特新企业\nvalue=100", "value_max=120", "unit=家", "deadline=2027"]),
        _labels("b", "3.5%", "quantity"), _fields("b", "3.5%", ["value=3.5", "unit=%", "optional=true"]),
        {"id": "y", "from_name": "years", "to_name": "text", "type": "textarea", "value": {"text": ["2027 2025"]}},
    ]))
    gold = conv.record["gold"]
    assert [(t["value"], t["comparator"], t["deadline"]) for t in gold["targets"]] == [(100, "ge", 2027), (120, "le", 2027)]
    assert gold["quantities"] == [{"text": "3.5%", "value": 3.5, "unit": "%", "optional": True}]
    assert gold["years"] == [2025, 2027] and conv.problems == conv.notes == []


def test_the_ground_truth_annotation_wins_and_cancelled_ones_are_ignored():
    first = {"result": [_labels("a", "120家", "quantity"), _fields("a", "120家", ["value=120", "unit=家"])]}
    truth = {"result": [_labels("b", "3.5%", "quantity"), _fields("b", "3.5%", ["value=3.5", "unit=%"])],
             "ground_truth": True}
    cancelled = {"result": [], "was_cancelled": True}
    values = lambda task: [q["value"] for q in labelstudio.gold_from_task(task).record["gold"]["quantities"]]
    assert values(_task(first, truth, cancelled)) == [3.5]
    assert values(_task(first, cancelled)) == [120]
    assert labelstudio.gold_from_task(_task(cancelled)) is None


def test_doccano_reads_object_spans_and_derives_fields_for_moved_spans():
    start, end = _span("120家")
    tstart, tend = _span("研发投入强度达到3.5%")
    obj = {"id": 3, "text": TEXT, "entities": [
        {"id": 1, "start_offset": start, "end_offset": end, "label": "quantity"},
        {"id": 2, "start_offset": tstart, "end_offset": tend, "label": "target"},
        {"id": 3, "start_offset": 0, "end_offset": 999, "label": "quantity"}],
        "fields": {f"quantity@{start}-{end - 1}": ["value=12"]}}  # stale: the span was widened since
    conv = doccano.gold_from_line(obj)
    gold = conv.record["gold"]
    assert conv.record["id"] == "3"
    assert gold["quantities"] == [{"text": "120家", "value": 120, "unit": "家"}]
    assert [(t["value"], t["unit"]) for t in gold["targets"]] == [(3.5, "%")]
    assert len(conv.problems) == 1 and "outside the text" in conv.problems[0]


# --- the commands --------------------------------------------------------------------------------

def test_export_and_import_through_the_cli(tmp_path, capsys):
    inputs = tmp_path / "in.jsonl"
    inputs.write_text(json.dumps({"id": "astral", "text": ASTRAL, "published": "2025-01-02"}, ensure_ascii=False)
                      + "\n{broken\n", encoding="utf-8")
    preds = tmp_path / "out.jsonl"
    assert cli.main(["batch", str(inputs), "-o", str(preds)]) == cli.ExitCode.SOME_FAILED
    tasks, config = tmp_path / "tasks.json", tmp_path / "config.xml"
    assert cli.main(["export", "--format", "labelstudio", str(preds), "--inputs", str(inputs), "-o", str(tasks),
                     "--label-config", str(config)]) == cli.ExitCode.SOME_FAILED  # the broken line is skipped
    exported = json.loads(tasks.read_text(encoding="utf-8"))
    assert [t["data"]["doc_id"] for t in exported] == ["astral"]
    ET.fromstring(config.read_text(encoding="utf-8"))

    annotated = tmp_path / "annotated.json"
    annotated.write_text(json.dumps([_accept(t) for t in exported], ensure_ascii=False), encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    assert cli.main(["import", "--format", "labelstudio", str(annotated), "-o", str(gold)]) == 0

    review = tmp_path / "review.jsonl"
    assert cli.main(["export", "--format", "doccano", "--inputs", str(inputs), "-o", str(review)]) == \
        cli.ExitCode.SOME_FAILED  # no predictions given: the extractor runs
    gold2 = tmp_path / "gold2.jsonl"
    assert cli.main(["import", "--format", "doccano", str(review), "-o", str(gold2)]) == 0
    assert load_jsonl(gold) == load_jsonl(gold2)
    capsys.readouterr()
    assert cli.main(["eval", str(gold), str(preds), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["macro_f1"] == 1.0


def test_import_reports_problems_in_its_exit_status(tmp_path, capsys):
    path = tmp_path / "a.jsonl"
    start, end = _span("120家")
    path.write_text(json.dumps({"text": TEXT, "label": [[start, end, "quantity"], [0, 2, "nonsense"]]},
                               ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "gold.jsonl"
    assert cli.main(["import", "--format", "doccano", str(path), "-o", str(out),
                     "--offsets", "codepoint"]) == cli.ExitCode.SOME_FAILED
    err = capsys.readouterr().err
    assert "unknown label 'nonsense'" in err and "derived value, unit" in err
    assert load_jsonl(out)[0]["gold"]["quantities"] == [{"text": "120家", "value": 120, "unit": "家"}]
