"""Normalise, PDF layout: lines cut at the page width and page furniture between the pieces of a sentence are
deleted from the clean text (tables of the stage's own cases), and nothing else is."""
import pytest

from cases import extract_dict
from grounding import assert_grounded
from policy_extract.hardwrap import hard_wrap_deletions
from policy_extract.normalize import normalize

PLAN = ("为加快建设现代物流体系，制定本方案。到2028年，全市社会物流总费用与地区生产总值的比率下降到13.2%，"
        "物流业增加值达到1850亿元，国家物流枢纽达到3个，冷链物流仓储容量达到260万吨，快递业务量达到"
        "42亿件，城市配送新能源车辆占比不低于60%。到2030年，物流业增加值突破2200亿元，年均增长8%以上，"
        "铁路和水路货运量占比较2025年提高3.5个百分点，县级物流配送中心实现全覆盖。各县区要在本方案印发后"
        "3个月内制定具体实施方案，市级财政每年安排物流发展专项资金不少于2亿元。")


def _wrapped(text: str, width: int = 48, page_lines: int = 6, header: str = "某市人民政府办公室文件") -> str:
    """text laid out as a PDF page does: cut into lines of `width` display columns (a CJK character takes two),
    with a page number and a running header every few lines."""
    lines, line = [], ""
    for c in text:
        if _columns(line + c) > width:
            lines.append(line)
            line = ""
        line += c
    lines.append(line)
    out, page = [header], 1
    for i, line in enumerate(lines):
        if i and i % page_lines == 0:
            out += [f"— {page} —", header]
            page += 1
        out.append(line)
    return "\n".join(out + [f"— {page} —"])


def _columns(line: str) -> int:
    return sum(1 if c.isascii() else 2 for c in line)


def test_a_wrapped_plan_reads_as_the_text_it_was_cut_from():
    wrapped = _wrapped(PLAN)
    clean = normalize(wrapped).text
    assert clean == "某市人民政府办公室文件\n" + PLAN


@pytest.mark.parametrize("value, unit", [(1850e8, "CNY"), (42e8, "件"), (2e8, "CNY"), (3.5, "百分点")])
def test_goals_cut_by_the_page_are_found_and_point_at_the_input(value, unit):
    wrapped = _wrapped(PLAN, width=44)
    doc = extract_dict(wrapped, "2026-03-01")
    assert any(t["value"] == value and t["unit"] == unit for t in doc["targets"]), doc["targets"]
    assert_grounded(wrapped, doc)


WEB_PAGES = [
    # a paragraph to a line, of every length, ending with its sentences
    "\n".join([PLAN[:60] + "。", PLAN[60:170] + "。", PLAN[170:] ] * 4),
    # short lines of one width that end inside nothing: a list of headings, a footer of timestamps
    "\n".join(f"相关链接：第{i}期工作简报发布" for i in range(12)),
    "\n".join(f"2026-0{i % 9 + 1}-12 10:2{i % 10}:33 浏览" for i in range(12)),
    # a table of rows
    "\n".join(f"指标{i} | 亿元 | {i}.5 | {i + 1}.0" for i in range(12)),
]


@pytest.mark.parametrize("text", WEB_PAGES)
def test_texts_not_laid_out_on_a_page_are_left_as_they_are(text):
    assert hard_wrap_deletions(text) == []


def test_only_line_breaks_blanks_and_page_furniture_are_deleted():
    wrapped = _wrapped(PLAN)
    for start, end in hard_wrap_deletions(wrapped):
        gone = wrapped[start:end]
        assert "\n" in gone, gone
        assert all(line.strip() in ("", "某市人民政府办公室文件") or line.strip().startswith("—")
                   for line in gone.split("\n")), gone
