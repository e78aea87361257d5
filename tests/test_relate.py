"""Targets (corpora/cases/targets.json): each sentence or paragraph, read with its `published` date, gives
exactly the listed targets. A target matches when the expected metric is contained in the predicted one
(the shared scorer's rule), value, unit and comparator are equal (exactly, not by family), the deadline year
is equal (when the case gives one; `null` means no deadline), value_max is equal (null unless a range),
and change, commitment and subject are equal where the case gives them."""
import pytest

from cases import brief_target, dump, extract_dict, load_cases, metric_fits, norm_unit, params, \
    same_optional_value, same_value
from grounding import assert_grounded

CASES = load_cases("targets.json")


def _fits(want: dict, got: dict) -> bool:
    if not (metric_fits(want["metric"], got["metric"]) and same_value(want["value"], got["value"])
            and norm_unit(want["unit"]) == norm_unit(got["unit"])
            and same_optional_value(want.get("value_max"), got.get("value_max"))):
        return False
    if "comparator" in want and got["comparator"] != want["comparator"]:
        return False
    if "deadline" in want and got["deadline"] != want["deadline"]:
        return False
    return all(got[key] == want[key] for key in ("change", "commitment", "subject") if key in want)


@pytest.mark.parametrize("case", params(CASES))
def test_targets(case):
    doc = extract_dict(case["input"], case.get("published"))
    got = [brief_target(t) for t in doc["targets"]]
    unmatched = list(got)
    missed = []
    for want in case["results"]:
        hit = next((g for g in unmatched if _fits(want, g)), None)
        if hit is None:
            missed.append(want)
        else:
            unmatched.remove(hit)
    assert not missed and not unmatched, (
        f"{case['input']!r}\nmissed {dump(missed)}\nspurious {dump(unmatched)}\nall predicted {dump(got)}")


@pytest.mark.parametrize("case", params(CASES, None))
def test_target_evidence_points_at_the_input(case):
    assert_grounded(case["input"], extract_dict(case["input"], case.get("published")), areas=("targets",))


@pytest.mark.parametrize("text, metric", [
    ("到2029年，全市累计达到国家级绿色工厂60家。", "国家级绿色工厂"),  # the level verb is no part of the name
    ("全省现有规上企业85家，计划新增30家。", "规上企业"),  # 计划新增 names nothing: the fact before names it
    ("到2030年，海洋经济总产值达到900亿元，年均增长9%左右。", "海洋经济总产值"),
    ("全年计划新开工重点项目260个。", "新开工重点项目"),  # 计划 leads the clause, it names nothing
    ("到2027年，工业投资与2024年相比增长30%。", "工业投资增长"),  # the baseline is no part of the name
    ("到2027年，细颗粒物平均浓度降至26微克/立方米。", "细颗粒物平均浓度"),  # 降至 is a level verb
    ("到2027年，建成区绿地率提高到41%。", "建成区绿地率"),  # 建成区 is a noun, not 建成 + 区
    ("到2030年，可再生能源装机占比达到45%。", "可再生能源装机占比"),  # 再 is no verb in 再生能源
    ("到2027年，城镇登记失业率保持在4.5%以内。", "城镇登记失业率"),  # 保持在 is a level verb
    ("到2027年，城镇登记失业率不到4.5%。", "城镇登记失业率"),  # 不到 is a comparator
    ("到2027年，全区新增城镇就业每年不少于1.5万人。", "新增城镇就业"),  # 每年 says how often
    ("到2027年，累计投入人民币500亿元。", "投入"),  # the currency name belongs to the amount
    ("到2027年，实际使用外资美元5亿元。", "实际使用外资"),
    ("到2027年，市财政将投入300亿元用于发展创新科技。", "投入"),  # who commits (市财政将) is no part of it
    ("政府将预留100亿元支持初创企业。", "预留"),  # money set aside is named by its verb
    ("到2027年，试点企业扩大到500家。", "试点企业"),  # 扩大到 is a level verb
    ("到2028年，全县农产品网络零售额增至每年80亿元。", "农产品网络零售额"),  # how often, after the level verb
    ("到2028年，乡村旅游接待人次提高到每月50万人次。", "乡村旅游接待人次"),
    ("2026年底前上线数字导览、智能客服等应用场景不少于15个。", "应用场景"),  # the kind after 等, not the examples
    ("东岸科创园到2028年入驻企业达到80家。", "入驻企业"),  # the place before the deadline names nothing
    ("到2027年，清洁能源发电量占全社会用电量比重超过三成。", "清洁能源发电量占全社会用电量比重"),  # a share of a measure
    ("到2027年，本地居民占新城从业人员的比例不低于百分之五十。", "本地居民占新城从业人员的比例"),
    ("到2027年，钢铁、水泥行业能效标杆产能占比分别达到35%、30%。", "钢铁行业能效标杆产能占比"),  # a head written once
    ("力争今年新引进项目150个以上。", "新引进项目"),  # 新引进 stays whole, as 新增 does
    ("到2028年，规上工业企业研发费用占营业收入比重不低于2.1%。", "规上工业企业研发费用占营业收入比重"),
    ("到2028年，持证技工占产业工人比例提高到40%。", "持证技工占产业工人比例"),  # a share of a short whole
    ("到2028年，专精特新企业占全市规上工业企业总数比重达到15%。", "专精特新企业"),  # of a long one
    ("到2028年，数字经济核心产业增加值占地区生产总值比重提高2个百分点。", "数字经济核心产业增加值占地区生产总值比重提高"),
    ("到2028年，规模以上工业战略性新兴产业增加值占规模以上工业增加值的比重超38%。", "规模以上工业战略性新兴产业增加值"),
    ("到2028年，实施钢铁、水泥等行业节能降碳改造项目100个以上。", "节能降碳改造项目"),
    ("（b）在2027年或之前新增日间护理中心12間。", "新增日间护理中心"),
    ("会议明确，全年地区生产总值力争增长6%。", "地区生产总值增长"),  # the pledge before a change names nothing
    ("到2027年，城乡居民基础养老金最低标准每人每月提高30元。", "城乡居民基础养老金最低标准提高"),  # for whom, how often  # (b) marks an item as (二) does
    ("到2028年，新能源汽车产业产值突破新台币3000亿元。", "新能源汽车产业产值"),  # 突破, then the currency's name
])
def test_metric_is_the_name_alone(text, metric):
    got = [t["metric"] for t in extract_dict(text, "2025-04-10")["targets"]]
    assert got[0] == metric, got


def test_a_level_verb_alone_names_nothing_and_the_goal_before_names_it():
    text = "近期（2025—2026年），建成示范项目10个；远期（2027—2030年），推广至100个。"
    assert [t["metric"] for t in extract_dict(text, "2025-04-10")["targets"]] == ["示范项目", "示范项目"]


def test_a_stage_at_the_head_of_a_clause_names_nothing():
    text = "到2027年，第一阶段建成充电站40座，第二阶段再扩充至90座。"
    assert [t["metric"] for t in extract_dict(text, "2025-04-10")["targets"]] == ["充电站", "充电站"]


def test_a_level_that_names_nothing_takes_no_name_from_an_unrelated_number_before_it():
    # 产值增长8%，达到1500亿元 names 产值; after a plain count the area names nothing (not 新城)
    text = "到2027年，新城建成住房1.2万套，并预留约80公顷。"
    assert [t["metric"] for t in extract_dict(text, "2025-04-10")["targets"]] == ["住房"]
