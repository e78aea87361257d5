"""A synthetic corpus of policy-like releases, from templates written for this benchmark (no sentence is
taken from a real release or from the shared corpora): a headline, a dateline, goal paragraphs with
deadlines, verbs, quantities and money, report sentences with past facts, initiatives in 《》 and quotes,
an enumerated framework, a table, and now and then Traditional script with pinyin or full-width digits —
the mix the pipeline meets on news sites.

Between them stand sentences of prose without numbers (what a meeting stressed, what comes next), and
report sentences with numbers are about as many as the goals, as in real releases. The mix is set so that the corpus
is at least as dense as the annotated development texts in every area but initiatives (per 1,000
characters, about 23 quantities, 9 targets, 10 time expressions and 3.4 initiatives, against their 21, 7,
9 and 4; `density()` measures it and the benchmark prints both). A corpus in which every sentence
carried a goal would measure a text no one publishes.
"""
from __future__ import annotations

import json
import random

PLACES = ["江北新区", "临港开发区", "青山高新区", "东湖经开区", "滨海新区", "西城区", "南岭县", "北川市"]
FIELDS = ["集成电路", "生物医药", "新能源汽车", "人工智能", "高端装备", "新材料", "数字经济", "绿色低碳"]
THINGS = [("专精特新企业", "家"), ("高新技术企业", "家"), ("智能工厂", "个"), ("重点项目", "个"), ("研发平台", "个"),
          ("5G基站", "座"), ("孵化器", "个"), ("上市企业", "家"), ("创新联合体", "个"), ("人才", "名")]
VERBS = ["培育", "新增", "建成", "引进", "打造", "新建", "累计达到", "力争达到"]
HEADLINES = ["{p}发布{f}产业高质量发展三年行动方案", "{p}召开{f}产业推进大会", "{p}出台加快{f}产业发展若干措施"]
GOALS = [
    "到{y}年，{p}{v}{t}{n}{u}以上。",
    "力争到{y}年底，{f}产业规模突破{m}亿元，年均增长{r}%左右。",
    "{y}年前，全区{v}{t}{n}{u}，其中{f}领域不少于{k}{u}。",
    "到{y}年，{f}产业营收达到{m}亿元，研发投入强度提高到{d}%。",
    "确保{y}年{t}数量较{b}年翻一番，新增用地{a}亩。",
    "今后{k}年内，{p}将投入{c}亿元，{v}{t}{n}{u}。",
]
FACTS = [
    "截至{b}年底，{p}已集聚{t}{n}{u}，{f}产业产值达{m}亿元，比上年增长{r}%。",
    "{b}年，全区实现地区生产总值{m}亿元，同比增长{d}%，规上工业增加值增长{r}%。",
    "去年以来，{p}新引进{f}项目{n}个，其中投资超10亿元的项目{k}个，总投资{c}亿元。",
    "{p}现有{t}{n}{u}，从业人员{a}人，研发投入占营业收入的比重为{d}%。",
    "{b}年上半年，{p}{f}产业完成营业收入{m}亿元，同比增长{r}%，增速居全市第{k}位。",
]
INITIATIVES = [
    "会议印发了《{p}{f}产业发展行动计划（{b}—{y}年）》和《关于支持{f}企业创新发展的若干政策》。",
    "{p}将深入实施“双招双引”工程和“{f}+”行动，推进“{k}个一批”建设。",
    "围绕“三大高地”——{f}创新高地、人才集聚高地、开放合作高地，加快建设{f}产业园和{p}科创走廊。",
]
PROSE = [
    "会议强调，要坚持{f}产业链与创新链深度融合，着力破解关键核心技术瓶颈，推动产业向价值链高端迈进。",
    "{p}主要负责同志表示，将以更大力度优化营商环境，为企业提供全生命周期服务。",
    "下一步，{p}将聚焦{f}领域，强化要素保障，完善配套政策，营造良好产业生态。",
    "与会企业代表围绕技术攻关、市场拓展、人才引育等话题进行了深入交流。",
    "各部门要压实工作责任，加强统筹协调，确保各项任务落地见效。",
    "据介绍，{p}近年来持续深化改革，不断提升政务服务效能，企业获得感明显增强。",
    "活动现场，多家金融机构与企业签署合作协议，共同推动科技成果转化和产业化应用。",
    "{f}是培育发展新质生产力的重要方向，也是推动高质量发展的关键支撑。",
    "会上，相关部门负责人解读了支持政策的主要内容，并回答了企业关心的问题。",
    "要把握数字化、网络化、智能化发展趋势，加快传统产业转型升级，提升产业整体竞争力。",
    "{p}坚持项目为王，实行领导包联、专班推进，全力以赴抓招商、促投资、稳增长。",
    "要健全人才引进、培养、使用、评价和激励机制，让各类人才在{p}安心创业、放心发展。",
]
TRADITIONAL = ["無錫高新區(qū)到{y}年培育{t}{n}{u}，產值突破{m}億元。", "臺灣地區到{y}年新增{t}{n}{u}。"]
FULL_WIDTH = "到２０{y2}年，新增{t}１２０{u}，增長５．５％。"


def document(rnd: random.Random, i: int) -> dict:
    def fill(template: str) -> str:
        thing, unit = rnd.choice(THINGS)
        y = rnd.randint(2025, 2035)
        return template.format(p=rnd.choice(PLACES), f=rnd.choice(FIELDS), t=thing, u=unit, v=rnd.choice(VERBS),
                               y=y, y2=y - 2000, b=rnd.randint(2018, 2024), n=rnd.randint(3, 900),
                               m=rnd.choice([12, 35.5, 120, 450, 1000, 2300]), r=rnd.choice([5, 6.5, 8, 10, 12.3]),
                               d=rnd.choice([2.5, 3, 3.8, 4.2]), k=rnd.randint(2, 9), a=rnd.randint(100, 5000),
                               c=rnd.randint(5, 300))

    lines = [fill(rnd.choice(HEADLINES)), f"来源：{rnd.choice(PLACES)}融媒体中心 2025-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}"]
    for _ in range(rnd.randint(2, 6)):
        paragraph = [fill(rnd.choice(FACTS)) for _ in range(rnd.randint(1, 2))]
        paragraph += [fill(rnd.choice(GOALS)) for _ in range(rnd.randint(1, 2))]
        for _ in range(rnd.randint(3, 7)):
            paragraph.insert(rnd.randint(0, len(paragraph)), fill(rnd.choice(PROSE)))
        if rnd.random() < 0.5:
            paragraph.append(fill(rnd.choice(INITIATIVES)))
        if rnd.random() < 0.15:
            paragraph.append(fill(rnd.choice(TRADITIONAL + [FULL_WIDTH])))
        lines.append("".join(paragraph))
    if rnd.random() < 0.2:
        lines += ["指标|2024年|2027年目标（亿元）", f"产业规模|{rnd.randint(100, 900)}|{rnd.randint(1000, 3000)}"]
    return {"id": f"synthetic-{i}", "text": "\n".join(lines), "published": "2025-02-04"}


def density(texts, extract) -> dict[str, float]:
    """Items per 1,000 characters that `extract` finds in the texts: how dense in numbers and goals a corpus is."""
    chars = sum(map(len, texts))
    counts = {"quantities": 0, "targets": 0, "time_expressions": 0, "initiatives": 0}
    for text in texts:
        doc = extract(text, published="2025-02-04")
        for area in counts:
            counts[area] += len(getattr(doc, area))
    return {area: n * 1000 / chars for area, n in counts.items()}


def write_corpus(path, docs: int, seed: int = 2025) -> int:
    """Write `docs` records as JSON Lines; returns the number of characters of text."""
    rnd = random.Random(seed)
    chars = 0
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(docs):
            record = document(rnd, i)
            chars += len(record["text"])
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return chars
