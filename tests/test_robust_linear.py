"""Bounded cost: extraction time grows linearly with input length on the inputs that break naive regular
expressions — long runs of digits, Chinese numerals, brackets 《《《, quotes “““, punctuation, newlines.

Each case compares the cost at two sizes 8× apart and fails only when it grows more than three times
faster than the size (a quadratic pattern grows 64×): a statement about growth, not about seconds, so a
slow or busy machine does not make it fail. A super-linear run is cut short by the batch timeout, so a
regression costs seconds, not hours. `benchmarks/adversarial.py` prints the figures from 10k to 1M
characters and, with `--patterns`, which compiled pattern is to blame.
Known super-linear cases are strict xfails naming the pattern: fixing one turns its case red until it
is promoted."""
import time

import pytest

from policy_extract.batch import Record, process

GROWTH = 8
ALLOWED = 3 * GROWTH


def known(reason: str):
    return pytest.mark.xfail(strict=True, reason=reason)


TIMES_RELW = known("recognize/times.py _PATTERN, relative branch `(?P<relw>[\\d一…两]+)年(?:内|…)`: no look-behind, so "
                   "every start inside a digit run rescans the run (add `(?<![\\d一二三四五六七八九十两])`)")
CASES = [  # (case, the repeated unit of an adversarial run)
    ("digits", "1", TIMES_RELW),
    ("digits and dots", "1.", None),
    ("digits and commas", "1,", None),
    ("dates and hyphens", "2025-", None),
    ("chinese numerals", "一二三四五六七八九十百千万亿", None),
    ("capital numerals", "壹贰叁肆伍陆柒捌玖拾佰仟", None),
    ("digit by digit years", "二〇二五", known(
        "crash, not speed: a run of over 4,300 Chinese digits raises ValueError (Python's int() digit limit) in "
        "the numeral resolver; the record gets extraction_failed")),
    ("mixed numerals", "1一2二", TIMES_RELW),
    ("open title brackets", "《", None),
    ("close title brackets", "》", None),
    ("open quotes", "“", None),
    ("ascii quotes", '"', None),
    ("corner quotes", "「", None),
    ("punctuation", "，。、；：", None),
    ("parentheses", "（(", None),
    ("han without punctuation", "区", None),
    ("latin letters", "a", None),
    ("word dots", "a.", None),
    ("tone vowels", "ā", known(
        "normalize.py _SUSPECT `[tone vowels](?=[\\p{Latin}]*\\))`: the look-ahead rescans the rest of a letter run "
        "from every vowel")),
    ("latin-1 mojibake", "Ã©", None),
    ("spaces between han", "区 ", None),
    ("pinyin insertions", "區(qū)", None),
    ("question marks between han", "区?", None),
    ("percent signs", "5%", known(
        "pipeline.py _FURNITURE e-mail branch: look-behind `(?<![\\w.+-])` lets every start after a `%` rescan the "
        "`[A-Za-z0-9._%+-]++` run (use the run's own class in the look-behind)")),
    ("years", "2025年", None),
    ("months", "12月", None),
    ("unclosed title with numbers", "《1一", None),
    ("newlines", "\n", known(
        "pipeline.py _link_list_heading `(?m)^[\\s【\\[]*…\\s*$`: `\\s` spans newlines, so every line start rescans "
        "all the blank lines after it (use `[ \\t\\u3000]`)")),
]


@pytest.mark.parametrize("unit", [pytest.param(u, marks=m or (), id=c) for c, u, m in CASES])
def test_extraction_grows_linearly_on_adversarial_runs(unit):
    small, big = unit * (4000 // len(unit)), unit * (4000 * GROWTH // len(unit))
    process(Record("warm", text=small))
    t_small = min(_timed(small) for _ in range(2))
    limit = max(ALLOWED * t_small, 1.0)  # the batch timeout stops a quadratic run early
    start = time.perf_counter()
    line = process(Record("big", text=big), timeout=limit)
    t_big = time.perf_counter() - start
    assert '"error"' not in line[:40], f"{line[:200]} at {len(big):,} chars (linear: about {GROWTH * t_small:.2f} s)"
    assert t_big <= ALLOWED * max(t_small, 0.02)


def _timed(text: str) -> float:
    start = time.perf_counter()
    process(Record("small", text=text))
    return time.perf_counter() - start
