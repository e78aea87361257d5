"""Compiling the pipeline's patterns: the standard library's `re` where a pattern needs nothing more
(it scans about twice as fast as `regex` on our texts), `regex` where it does (variable-width
look-behind, `\\p{Latin}`, set operations).

Patterns are written once, in `regex` syntax; `\\p{Han}` is the only Unicode property translated for `re`
(to the CJK ideograph blocks), everything else `re` cannot read sends the pattern to `regex` unchanged.
Both engines give the same matches for the patterns that compile in both.
"""
from __future__ import annotations

import re

import regex

HAN_RANGES = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff\u3007"


def _translate_han(pattern: str) -> str:
    """\\p{Han} as explicit ranges: bare ranges inside a [...] class, a class of its own outside."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        if pattern.startswith(r"\p{Han}", i):
            out.append(HAN_RANGES if in_class else f"[{HAN_RANGES}]")
            i += len(r"\p{Han}")
        elif pattern[i] == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        elif pattern[i] == "[" and not in_class:
            in_class = True
            lead = 1 + (pattern.startswith("^", i + 1))
            lead += pattern.startswith("]", i + lead)  # a ']' first in a class is a literal
            out.append(pattern[i:i + lead])
            i += lead
        else:
            in_class = in_class and pattern[i] != "]"
            out.append(pattern[i])
            i += 1
    return "".join(out)


def compile(pattern: str, flags: int = 0):  # noqa: A001 - mirrors re.compile / regex.compile
    """A compiled pattern: `re` when it can read the pattern, `regex` otherwise."""
    try:
        return re.compile(_translate_han(pattern), flags)
    except (re.error, ValueError):
        return regex.compile(pattern, flags)
