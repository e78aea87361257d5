"""Numerals: find them in clean Simplified text and resolve them to exact `Decimal` values.

Handles Arabic numbers with thousands separators and decimals, Chinese numerals (零〇○一二两…十百千,
万/亿/兆 sections, 大写 壹贰…, 廿/卅/卌), numbers read digit by digit (二〇二五, 五六○, 百分之三二点零五),
Chinese decimals (三点八五, 八.四万, 二‧二五), mixed forms (1.2万亿, 33.5万, 1百01) and the elliptical
二千七 (2700) / 一万五 (15000).
"""
from __future__ import annotations

import functools
from decimal import Decimal, InvalidOperation


from .. import patterns, resources

DIGIT = {"零": 0, "〇": 0, "○": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4,
         "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9}
SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
TENS = {"廿": 20, "卅": 30, "卌": 40}
BIG = resources.scales()  # 万, 亿, 兆 (data/scales.tsv)
POINTS = "点.‧・·"

_CN = "".join(DIGIT) + "".join(SMALL) + "".join(TENS) + "".join(BIG)
_CN_DIGITS = "".join(DIGIT)
# One numeral: an integer part (digits, Chinese numerals, scales, thousands commas), an optional
# fraction, and the scales after it. Possessive quantifiers keep matching linear on long runs.
_GROUP_SPACE = " \u00a0\u2009\u202f"  # 8 000個: a space between groups of three (Hong Kong, Macau), only where
# every group after it has three digits and the last ends at a unit (not 420 800 1500, cells of a table)
NUMERAL = patterns.compile(
    rf"(?:\d|[{_CN}])(?:\d|[{_CN}]|(?<=\d)[,，](?=\d{{3}}(?!\d))"
    rf"|(?<=\d)[{_GROUP_SPACE}](?=\d{{3}}(?:[{_GROUP_SPACE}]\d{{3}})*(?![\d\s])))*+"
    rf"(?:[{POINTS}](?:\d++|[{_CN_DIGITS}]++)[万亿兆]*+)?"
)
_FRACTION = patterns.compile(rf"\d+|[{_CN_DIGITS}]+")
_PLAIN = patterns.compile(r"[0-9]+(?:\.[0-9]+)?")  # 120, 3.50: what Decimal reads as it is
_TOKEN = patterns.compile(rf"\d+|[{_CN_DIGITS}]+|[{''.join(SMALL)}]|[{''.join(TENS)}]|[{''.join(BIG)}]")


def _digits(run: str) -> str:
    return "".join(str(DIGIT[c]) if c in DIGIT else c for c in run)


def parse_integer(s: str) -> int | None:
    """Value of an integer numeral, or None when the characters do not form one (nor does a run of
    more than 40 characters: no quantity is written so, and int() refuses thousands of digits)."""
    if len(s) > 40:
        return None
    tokens = _TOKEN.findall(s)
    if not tokens or "".join(tokens) != s:
        return None
    total = section = 0
    number: int | None = None
    single_digit = zero = False
    last_small: int | None = None
    last_big: int | None = None
    for tok in tokens:
        if tok in SMALL:
            if number is None and section and last_small is not None and SMALL[tok] >= last_small:
                return None  # 十百, 千千: not a numeral
            section += (number if number is not None else 1) * SMALL[tok]
            number, last_small, zero = None, SMALL[tok], False
        elif tok in TENS:
            section += TENS[tok]
            number, last_small, zero = None, 10, False
        elif tok in BIG:
            unit = BIG[tok]
            chunk = section + (number or 0)
            if not chunk and number is None and not total:
                chunk = 1  # 万亿, 亿: an implied one
            if total and total < unit:
                total = (total + chunk) * unit
            else:
                total += chunk * unit
            section, number, last_small, last_big, zero = 0, None, None, unit, False
        else:
            if number is not None:
                return None  # two numbers side by side: 5 5
            text = _digits(tok)
            zero = text.startswith("0") and len(s) > len(tok)
            if zero and not text.strip("0"):
                number = None  # 一万零十二: 零 only marks a gap
                continue
            number = int(text)
            single_digit = len(text.lstrip("0") or "0") == 1
    if number is not None:
        if single_digit and not zero and last_small and last_small >= 100:
            number *= last_small // 10  # 二千七 = 2700
        elif single_digit and not zero and last_small is None and last_big and not section:
            number *= last_big // 10  # 一万五 = 15000
        section += number
    return total + section


@functools.lru_cache(maxsize=4096)
def parse_numeral(s: str) -> Decimal | None:
    """Exact value of a numeral found by NUMERAL (or any numeral string), or None."""
    s = s.replace(",", "").replace("，", "")
    if not s.isalnum():
        s = "".join(c for c in s if c not in _GROUP_SPACE)
    if len(s) <= 28 and _PLAIN.fullmatch(s):  # most numerals; within Decimal's 28 digits, the same value
        return Decimal(s)
    for i, ch in enumerate(s):
        if ch in POINTS:
            head, tail = s[:i], s[i + 1:]
            frac = _FRACTION.match(tail)
            if not head or not frac:
                return None
            whole = parse_integer(head)
            scale = 1
            for c in tail[frac.end():]:
                if c not in BIG:
                    return None
                scale *= BIG[c]
            if whole is None:
                return None
            try:
                return (Decimal(whole) + Decimal("0." + _digits(frac.group()))) * scale
            except InvalidOperation:
                return None
    if s and all(c in "零〇○" for c in s):
        return None  # 零部件, 〇: a lone zero sign is never a quantity
    value = parse_integer(s)
    return None if value is None else Decimal(value)
