"""`policy-extract eval`: the matching rules of the annotation guidelines, table by table, and the same
numbers as the reference scorer (../shared/tools/score.py) on the development set — on the extractor's
own output and on deliberately damaged copies of it, so that every rule is exercised."""
import copy
import json
import subprocess
import sys

import pytest

from conftest import ROOT, SHARED, load_jsonl
from policy_extract import cli, extract
from policy_extract.evaluate import ITEM_AREAS, evaluate, predict

EXAMPLES_GOLD = ROOT / "corpora" / "examples" / "gold.jsonl"
AREA = {a.name: a for a in ITEM_AREAS}


def T(metric, value, unit=None, comparator="eq", deadline=None, **kw):
    return {"metric": metric, "value": value, "unit": unit, "comparator": comparator, "deadline": deadline, **kw}


# (area, gold item, predicted item, match?)
MATCH_CASES = [
    ("targets", T("产业规模", 3e10, "CNY", "gt", 2026), T("产业规模", 3e10, "元", "gt", {"year": 2026}), True),
    ("targets", T("产业规模", 3e10, "CNY", "gt"), T("产业规模", 3e10, "CNY", "ge"), True),  # one family
    ("targets", T("失业率", 5.5, "%", "le"), T("失业率", 5.5, "%", "lt"), True),
    ("targets", T("失业率", 5.5, "%", "le"), T("失业率", 5.5, "%", "gt"), False),
    ("targets", T("增长", 6, "%", "eq"), T("增长", 6, "%", "approx"), True),
    ("targets", T("企业", 120, "家", deadline=None), T("企业", 120, "家", deadline={"year": 2030}), True),
    ("targets", T("企业", 120, "家", deadline=2027), T("企业", 120, "家", deadline={"year": 2030}), False),
    ("targets", T("企业", 120, "家", deadline=2027), T("企业", 120, "家", deadline=None), False),
    ("targets", T("上市科技企业", 12, "家"), T("新增上市科技企業", 12, "家"), True),  # contained, Traditional
    ("targets", T("专精特新企业", 12, "家"), T("专精特新“小巨人”企业", 12, "家"), False),
    ("targets", T("制造业增加值占比", 30, "%"), T("制造业增加值", 30, "%"), True),  # covers most of it
    ("targets", T("制造业增加值占比", 30, "%"), T("增加值", 30, "%"), False),  # covers too little
    ("targets", T("基站", 5, "个"), T("到2027年全市累计建成的各类通信基站", 5, "个"), False),  # far too long
    ("targets", T("基站", 5, "个"), T("基站", 5, "座"), False),
    ("targets", T("基站", 5, "个"), T("基站", 5 + 1e-12, "個"), True),
    ("quantities", {"text": "45%", "value": 45, "unit": "%"}, {"value": 45, "unit": "％"}, True),
    ("quantities", {"text": "450亿元", "value": 4.5e10, "unit": "CNY"}, {"value": 4.5e10, "unit": "人民币"}, True),
    ("quantities", {"text": "450亿元", "value": 4.5e10, "unit": "CNY"}, {"value": 4.5e9, "unit": "CNY"}, False),
    ("quantities", {"text": "3", "value": 3, "unit": None}, {"value": 3, "unit": "个"}, False),
    ("initiatives", {"name": "双招双引"}, {"name": "“雙招雙引”"}, True),
    ("initiatives", {"name": "五大高地"}, {"name": "打造五大高地"}, True),
    ("initiatives", {"name": "高地"}, {"name": "打造五大高地"}, False),
    ("initiatives", {"name": "行动计划(2025—2030年)"}, {"name": "《行动计划（2025-2030年）》"}, True),
]


@pytest.mark.parametrize("area,gold,pred,expected", MATCH_CASES)
def test_matching_rules(area, gold, pred, expected):
    assert AREA[area].fits(gold, pred) is expected


def _doc(text, **gold):
    return {"id": "d", "text": text, "gold": {"targets": [], "quantities": [], "years": [], "initiatives": [], **gold}}


def _span(text, part):
    start = text.index(part)
    return {"start": start, "end": start + len(part), "text": part}


def test_a_predicted_range_stands_for_its_two_ends():
    text = "全年增长4.5%至5%。"
    gold = _doc(text, targets=[T("增长", 4.5, "%", "ge"), T("增长", 5, "%", "le")],
                quantities=[{"text": "4.5%", "value": 4.5, "unit": "%"}, {"text": "5%", "value": 5, "unit": "%"}])
    pred = {"targets": [{**T("增长", 4.5, "%"), "value_max": 5, "evidence": _span(text, "增长4.5%至5%")}],
            "quantities": [{"value": 4.5, "value_max": 5, "unit": "%", "span": _span(text, "4.5%至5%")}]}
    r = evaluate([gold], {"d": pred}).as_dict()
    assert (r["targets"]["tp"], r["targets"]["fp"], r["targets"]["fn"]) == (2, 0, 0)
    assert (r["quantities"]["tp"], r["quantities"]["fp"], r["quantities"]["fn"]) == (2, 0, 0)


def test_optional_gold_items_neither_reward_nor_punish():
    text = "前10，第三代，30家。"
    gold = _doc(text, quantities=[{"text": "前10", "value": 10, "unit": None, "optional": True},
                                  {"text": "三代", "value": 3, "unit": "代", "optional": True},
                                  {"text": "30家", "value": 30, "unit": "家"}])
    pred = {"quantities": [{"value": 10, "unit": None, "span": _span(text, "前10")},
                           {"value": 30, "unit": "家", "span": _span(text, "30家")}]}
    r = evaluate([gold], {"d": pred}).as_dict()
    assert (r["quantities"]["tp"], r["quantities"]["fp"], r["quantities"]["fn"]) == (1, 0, 0)


def test_required_gold_is_matched_before_optional_gold():
    text = "3个，3个。"
    gold = _doc(text, quantities=[{"text": "3个", "value": 3, "unit": "个", "optional": True},
                                  {"text": "3个", "value": 3, "unit": "个"}])
    pred = {"quantities": [{"value": 3, "unit": "个", "span": _span(text, "3个")}]}
    r = evaluate([gold], {"d": pred}).as_dict()
    assert (r["quantities"]["tp"], r["quantities"]["fn"]) == (1, 0)


def test_found_span_with_wrong_value_counts_as_a_wrong_value():
    text = "到2027年，产业规模达到450亿元。"
    gold = _doc(text, targets=[T("产业规模", 4.5e10, "CNY", "eq", 2027, evidence="产业规模达到450亿元")],
                quantities=[{"text": "450亿元", "value": 4.5e10, "unit": "CNY"}], years=[2027])
    pred = {"targets": [{**T("产业规模", 4.5e9, "CNY", "eq", {"year": 2027}), "evidence": _span(text, "产业规模达到450亿元")}],
            "quantities": [{"value": 4.5e10, "unit": "CNY", "span": _span(text, "450亿元")},
                           {"value": 7, "unit": "个", "span": _span(text, "2027")}],
            "years": [2027]}
    report = evaluate([gold], {"d": pred})
    r = report.as_dict(errors=True)
    # the reference counts stand: a wrong value is one miss and one false alarm
    assert (r["targets"]["tp"], r["targets"]["fp"], r["targets"]["fn"]) == (0, 1, 1)
    assert r["targets"]["wrong_value"] == 1 and r["targets"]["value_accuracy"] == 0.0
    assert r["quantities"]["value_accuracy"] == 1.0 and r["quantities"]["wrong_value"] == 0
    kinds = {(e["area"], e["kind"]): e for e in r["errors"]}
    assert kinds[("targets", "wrong_value")]["fields"] == ["value"]
    assert ("targets", "missed") not in kinds and ("quantities", "spurious") in kinds


def test_years_compare_as_sets_and_a_missing_document_scores_empty():
    docs = [_doc("2025年", years=[2025, 2030]), {**_doc("x", years=[2024]), "id": "absent"}]
    r = evaluate(docs, {"d": {"years": [2025, "2026", "bad"]}}).as_dict()
    assert (r["years"]["tp"], r["years"]["fp"], r["years"]["fn"]) == (1, 1, 2)
    assert (r["documents"], r["predicted_documents"]) == (2, 1)


# --- agreement with the reference scorer ---------------------------------------------------------

def _damaged(preds: dict) -> dict:
    """A deterministic mix of the mistakes an extractor makes, to drive every branch of the scorer."""
    out = copy.deepcopy(preds)
    ids = list(out)
    for n, doc_id in enumerate(ids):
        doc = out[doc_id]
        for i, t in enumerate(doc.get("targets", [])):
            if i % 4 == 1:
                t["value"] *= 10
            if i % 5 == 2:
                t["comparator"] = "lt"
            if i % 3 == 0:
                t["deadline"] = None
            if i % 6 == 4:
                t["metric"] = t["metric"][: max(1, len(t["metric"]) // 2)]
            if i % 7 == 3:
                t["value_max"] = t["value"] * 2
        quantities = []
        for i, q in enumerate(doc.get("quantities", [])):
            if i % 3 == 2:
                continue
            if i % 4 == 1 and q.get("unit"):
                q["value_max"] = q["value"] * 2
            if i % 5 == 0:
                q["unit"] = "元" if q.get("unit") == "CNY" else q.get("unit")
            quantities.append(q)
        doc["quantities"] = quantities
        for i, ini in enumerate(doc.get("initiatives", [])):
            if i % 2 == 1:
                ini["name"] += "建设工程"
        doc.setdefault("initiatives", []).append({"name": "某某专项行动", "span": {"start": 0, "end": 1, "text": "x"}})
        doc["years"] = sorted(doc.get("years", []))[1:] + [1999]
        if n % 5 == 1:
            out[doc_id] = {"doc_id": doc_id, "error": {"code": "extraction_failed", "message": "test"}}
    del out[ids[-1]]
    return out


def _gold_as_prediction(doc: dict) -> dict:
    g = doc["gold"]
    return {"doc_id": doc["id"], "targets": [{**t, "deadline": {"year": t["deadline"]} if t["deadline"] else None}
                                             for t in g["targets"] if not t.get("optional")],
            "quantities": [q for q in g["quantities"] if not q.get("optional")],
            "years": g["years"], "initiatives": [{"name": i} if isinstance(i, str) else i for i in g["initiatives"]]}


@pytest.fixture(scope="module")
def dev_predictions(dev_docs):
    return predict(dev_docs)


@pytest.mark.parametrize("variant", ["extractor", "damaged", "gold_without_spans"])
def test_numbers_agree_with_the_reference_scorer(variant, dev_docs, dev_predictions, tmp_path, capsys):
    preds = {"extractor": dev_predictions, "damaged": _damaged(dev_predictions),
             "gold_without_spans": {d["id"]: _gold_as_prediction(d) for d in dev_docs}}[variant]
    gold_file, pred_file = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold_file.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dev_docs), encoding="utf-8")
    pred_file.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds.values()), encoding="utf-8")
    ref = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), str(gold_file), str(pred_file), "--json"],
                         check=True, capture_output=True, text=True)
    expected = json.loads(ref.stdout)

    assert cli.main(["eval", str(gold_file), str(pred_file), "--json"]) == 0
    ours = json.loads(capsys.readouterr().out)
    for area in ("targets", "quantities", "years", "initiatives"):
        assert {k: ours[area][k] for k in expected[area]} == expected[area], area
    assert {k: ours[k] for k in ("macro_f1", "documents", "predicted_documents")} == \
        {k: expected[k] for k in ("macro_f1", "documents", "predicted_documents")}
    if variant == "damaged":  # the damage shows, so the comparison above compared something
        assert expected["macro_f1"] < 0.8 and ours["targets"]["wrong_value"] > 0


def test_errors_listing_agrees_with_the_reference_scorer(dev_docs, dev_predictions, tmp_path):
    preds = _damaged(dev_predictions)
    gold_file, pred_file = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    gold_file.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in dev_docs), encoding="utf-8")
    pred_file.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in preds.values()), encoding="utf-8")
    ref = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), str(gold_file), str(pred_file),
                          "--show-errors"], check=True, capture_output=True, text=True)
    ref_counts = {}
    for line in ref.stdout.splitlines():
        parts = line.split("\t")
        if len(parts) == 4:
            ref_counts[(parts[1], parts[2])] = ref_counts.get((parts[1], parts[2]), 0) + 1
    report = evaluate(dev_docs, preds)
    ours = {}
    for e in report.errors:  # a wrong value is the reference's missed + spurious pair
        for kind in (("missed", "spurious") if e.kind == "wrong_value" else (e.kind,)):
            ours[(e.area, kind)] = ours.get((e.area, kind), 0) + 1
    assert ours == ref_counts


# --- the command ---------------------------------------------------------------------------------

def test_eval_runs_the_extractor_when_no_predictions_are_given(capsys):
    gold = load_jsonl(EXAMPLES_GOLD)
    assert cli.main(["eval", str(EXAMPLES_GOLD), "--json"]) == 0
    ours = json.loads(capsys.readouterr().out)
    preds = {d["id"]: extract(d["text"], doc_id=d["id"], published=d.get("published")).model_dump(mode="json")
             for d in gold}
    assert ours == evaluate(gold, preds).as_dict()
    assert ours["predicted_documents"] == len(gold) > 0


def test_eval_prints_a_table_and_lists_errors(tmp_path, capsys):
    text = "到2027年，产业规模达到450亿元。"
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(_doc(text, quantities=[{"text": "450亿元", "value": 4.5e10, "unit": "CNY"}]),
                               ensure_ascii=False) + "\n", encoding="utf-8")
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps({"doc_id": "d", "quantities": [
        {"value": 4.5e9, "unit": "CNY", "span": _span(text, "450亿元")}]}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert cli.main(["eval", str(gold), str(pred), "--errors"]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["area", "P", "R", "F1"]
    assert any(line.startswith("quantities ") and "0 wrong" not in line for line in lines)
    assert "d\tquantities\twrong_value(value)\tgold=" in out and '"span": "450亿元"' in out


@pytest.mark.parametrize("threshold,status", [(0.0, 0), (1.01, 1)])
def test_fail_under_sets_the_exit_status(threshold, status):
    assert cli.main(["eval", str(EXAMPLES_GOLD), "--fail-under", str(threshold)]) == status


@pytest.mark.parametrize("content,message", [
    ('{"id": "a", "text": "x"}\n', "lacks gold"),
    ("not json\n", "not JSON"),
])
def test_bad_gold_is_an_error_not_a_traceback(content, message, tmp_path, capsys):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(content, encoding="utf-8")
    assert cli.main(["eval", str(gold)]) == cli.ExitCode.ERROR
    assert message in capsys.readouterr().err
