"""Segment clean text into paragraphs, sentences and clauses (the unit a target lives in), and into
words with jieba and the project's policy dictionary (loaded lazily: the core pipeline never needs it).

A line break inside a phrase — a headline wrapped over two lines — is a soft break: the two lines stay
one paragraph. A break after sentence punctuation, before a bullet or heading, or around a table row
is a hard one.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass


import regex

from . import patterns, resources
from .spans import Intervals

_ENDS_SENTENCE = patterns.compile(r"[。！？!?；;：:…」”》)）]\s*$")
_STARTS_BLOCK = patterns.compile(r"^\s*(?:[●■◆▲★•·\-\*#【〔(（\d]|[一二三四五六七八九十]+、|第.{1,3}[章节条])")
# section headings and their level: 第一章 / 一、 / ■ open a section; (一) / 1. open a sub-section
_HEADING_LEVELS = [
    (1, patterns.compile(r"^\s*(?:第.{1,3}[章部分]|[一二三四五六七八九十]+、|[■◆▲★])")),
    (2, patterns.compile(r"^\s*(?:[（(][一二三四五六七八九十]+[)）]|第.{1,3}节)")),
    (3, patterns.compile(r"^\s*\d{1,2}[.、．]")),
]
# Both separators open on one class of characters that the rest of the pattern sorts out by looking
# back at it: `re` then skips from one such character to the next, where a pattern opening on branches
# (a|b) is tried at every character of the text.
# [。！？!?]+ or a blank line (\n\s*\n)
SENTENCE_END = patterns.compile(r"[。！？!?\n](?:(?<=\n)\s*\n|(?<!\n)[。！？!?]*)")
# a comma or semicolon, a dash (——), or spaces between two words (中文 中文)
CLAUSE_SEP = patterns.compile(r"[，,；;：:丨｜|\t \u3000—](?:(?<=[，,；;：:丨｜|])"
                              r"|(?<=[\p{Han}」”》）)][ \t\u3000])[ \t\u3000]*(?=[\p{Han}\d])|(?<=—)—)")


# A list item's mark at the head of a line or cell: 1. 2、 (3) 三、 一是 ●
ITEM_MARK = patterns.compile(r"^(?:\d{1,2}[.、．)）]|[（(]?[一二三四五六七八九十\d]{1,2}[)）、]|[（(](?:[a-zA-Z]|[ivx]{1,4})[)）]|[一二三四五六七八九十]{1,2}是|[●■◆▲★•·\-—]+)")
_PUNCTUATED_CLAUSE_END = patterns.compile(r"[^，,。；;：:！？!?\n]*")
_PUNCTUATED_CLAUSE_START = regex.compile(r"(?r)[^，,。；;：:！？!?\n]*")  # read leftwards from where it is matched


def punctuated_clause(text: str, pos: int, start: int = 0) -> tuple[int, int]:
    """The run between punctuation marks around pos (not before `start`): read outwards from pos, so
    that the cost is that of the run, however many runs come before it."""
    return (_PUNCTUATED_CLAUSE_START.match(text, start, pos).start(),
            _PUNCTUATED_CLAUSE_END.match(text, pos).end())


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int
    heading: bool  # a section heading line (■ 2025年主要预期目标, 一、总体要求)
    level: int = 0  # 1 for 一、/■, 2 for (一), 3 for 1.; 0 when not a heading


def paragraphs(text: str) -> list[Paragraph]:
    out: list[Paragraph] = []
    pos = 0
    prev_line = ""
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        soft = (out and prev_line.strip() and line.strip() and len(prev_line.strip()) <= 40
                and not _ENDS_SENTENCE.search(prev_line) and not _STARTS_BLOCK.match(line)
                and "|" not in line and "|" not in prev_line and not out[-1].heading)
        if soft:
            out[-1].end = end
        elif line.strip():
            level = _heading_level(line)
            out.append(Paragraph(start, end, level > 0, level))
        prev_line = line if line.strip() else ""
    return out


def _heading_level(line: str) -> int:
    """The level of a short heading line, or 0 for a line of text (a long line, one with a full stop
    inside, or a numbered item with numbers in it is text)."""
    body = line.strip()
    if len(body) > 40 or _SENTENCE_INSIDE.search(body) or body.endswith(("。", "；", ";", "，", ",")):
        return 0
    for level, pattern in _HEADING_LEVELS:
        m = pattern.match(body)
        if m:
            return 0 if level == 3 and _DIGIT.search(body, m.end()) else level
    return 0


_DIGIT = patterns.compile(r"\d")
_SENTENCE_INSIDE = patterns.compile(r"[。；;！？!?].")


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, s = [], start
    for m in SENTENCE_END.finditer(text, start, end):
        if m.end() > s:
            out.append((s, m.end()))
        s = m.end()
    if s < end:
        out.append((s, end))
    return out


def clause_bounds(text: str, start: int, end: int, protected: Intervals | None = None) -> list[tuple[int, int]]:
    """Clauses of a sentence; separators inside `protected` spans (a quantity such as `45 亿元`, a short
    parenthesis such as `(人民币,下同)`) are ignored."""
    out, s = [], start
    for m in CLAUSE_SEP.finditer(text, start, end):
        cut = m.start()
        if protected is not None and protected.covers(cut):
            continue
        if cut > s:
            out.append((s, cut))
        s = m.end()
    if s < end:
        out.append((s, end))
    return out


@functools.lru_cache(maxsize=1)
def _jieba():
    import jieba  # heavy: loads only for callers that want words

    tokenizer = jieba.Tokenizer()
    tokenizer.load_userdict(resources.data_path("userdict.txt"))
    return tokenizer


def words(text: str) -> list[str]:
    """Words of a (clean) text, with policy terms such as 专精特新, 小巨人 and 双招双引 kept whole."""
    return _jieba().lcut(text)
