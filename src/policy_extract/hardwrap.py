"""Text taken from a PDF: lines cut at the page width, and page furniture (running headers, page numbers)
between the pieces of a sentence. Both are deleted from the clean text, so that `达到\\n1200亿元` reads as
one amount and `比重为\\n— 2 —\\n某某文件\\n6.1%` as one sentence; the input keeps them, and spans that cross
them still point at it exactly.

A text is taken for hard-wrapped only when many of its lines end at one width (CJK characters counting
twice, as a page lays them out): web pages keep a paragraph to a line and are left as they are. A line of
that width is joined to the next unless it ends a sentence or the next line starts an item or heading.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter

from . import patterns

_MIN_LINES = 8  # fewer lines than this: no layout to learn from
_FULL_SHARE = 0.3  # of the lines with words, at least this many end at the page width
_SLACK = 10  # percent of the width a full line may fall short of it (narrow digits, punctuation, a word that
# did not fit)
_PAGE_NUMBER = patterns.compile(r"[ \t\u3000]*(?:[—–\-－]{1,2}[ \t\u3000]*\d{1,3}[ \t\u3000]*[—–\-－]{1,2}"
                                r"|第[ \t\u3000]*\d{1,3}[ \t\u3000]*页(?:[ \t\u3000]*共[ \t\u3000]*\d{1,3}[ \t\u3000]*页)?)"
                                r"[ \t\u3000]*")
_BLANKS = " \t\u3000\r"
_MIN_PAGE_WIDTH = 40
_OVERFLOW_SHARE = 0.1  # of the lines with words, at most this many are wider than the page
_MAX_PAGE_WIDTH = 110  # display columns: a printed line holds at most about fifty CJK characters
_INSIDE_SHARE = 0.6  # of the full lines, at least this many end inside a sentence
_SENTENCE_END = frozenset("。！？!?；;：:”」）)")
# what opens a line of its own: an item mark, a heading, a note, a column of a box (专栏), a table row
_LINE_OPENER = patterns.compile(r"[ \t\u3000]*(?:[(（]?[一二三四五六七八九十\d]{1,2}(?:[)）、]|[.．](?!\d))|[一二三四五六七八九十]{1,2}、"
                                r"|第[一二三四五六七八九十\d]{1,3}[章节条部分]|专栏|注[：:]|附件|[●■◆▲★•·|]|[—–\-－]{1,2})")


def _slack(width: int) -> int:
    return max(2, width * _SLACK // 100)


def _width(line: str) -> int:
    """Display columns: two for a character of three UTF-8 bytes (CJK, full-width forms), one for ASCII."""
    return (len(line.encode("utf-8", "surrogatepass")) + len(line)) // 2


def hard_wrap_deletions(text: str) -> list[tuple[int, int]]:
    """The (start, end) ranges to delete from text: line breaks inside wrapped sentences, and page furniture
    lines with their breaks. Empty for a text that is not hard-wrapped."""
    if text.count("\n") < _MIN_LINES:
        return []
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    stripped = [text[s:e].strip(_BLANKS) for s, e in lines]
    # lines of words (not table rows) that end at one width, most of them inside a sentence, and hardly any
    # longer: a page's lines
    widths = sorted(_width(t) for t in stripped if len(t) >= 6 and "|" not in t and "\t" not in t)
    for page_width in sorted(set(widths), reverse=True):
        low, high = bisect_left(widths, page_width - _slack(page_width)), bisect_right(widths, page_width + 1)
        if high - low >= _MIN_LINES and high - low >= _FULL_SHARE * len(widths):
            break
    else:
        return []
    if not _MIN_PAGE_WIDTH <= page_width <= _MAX_PAGE_WIDTH or len(widths) - high > _OVERFLOW_SHARE * len(widths):
        return []  # a web page's paragraph lines are longer and of every length
    full = [t for t in stripped if page_width - _slack(page_width) <= _width(t) <= page_width + 1]
    if sum(t[-1] not in _SENTENCE_END for t in full) < _INSIDE_SHARE * len(full):
        return []  # lines that end with their sentences are paragraphs, not a page's lines
    repeats = Counter(t for t in stripped if 4 <= len(t) <= 30)
    pages = [bool(t) and _PAGE_NUMBER.fullmatch(t) is not None for t in stripped]
    seen: set[str] = set()
    furniture = []
    for i, t in enumerate(stripped):
        # a running header, kept where it first stands: repeated three times, or twice beside a page number
        beside_page = i and pages[i - 1] or i + 1 < len(pages) and pages[i + 1]
        running = t in seen and (repeats[t] >= 3 or repeats[t] == 2 and beside_page)
        furniture.append(pages[i] or running)
        seen.add(t)
    deletions = []
    content = [i for i, t in enumerate(stripped) if t and not furniture[i]]
    for a, b in zip(content, content[1:]):
        line, after = stripped[a], stripped[b]
        if any(not stripped[k] for k in range(a + 1, b)):
            continue  # a blank line between them: a paragraph ends
        joined = _width(line) >= page_width - _slack(page_width) and line[-1] not in _SENTENCE_END \
            and not _LINE_OPENER.match(after) and not (line[-1].isascii() and line[-1].isalpha()
                                                       and after[0].isascii() and after[0].isalpha())
        if joined:  # from the end of the line's words to the start of the next line's
            (a_start, a_end), (b_start, b_end) = lines[a], lines[b]
            deletions.append((a_start + len(text[a_start:a_end].rstrip(_BLANKS)),
                              b_end - len(text[b_start:b_end].lstrip(_BLANKS))))
        elif b > a + 1:  # furniture between two paragraphs: the break before it stays
            deletions.append((lines[a][1] + 1, lines[b][0]))
    if content:  # furniture before the first words or after the last: the line and the break before it
        deletions += [(max(0, lines[i][0] - 1), lines[i][1]) for i, is_furniture in enumerate(furniture)
                      if is_furniture and (i < content[0] or i > content[-1])]
    return sorted(deletions)
