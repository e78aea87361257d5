"""Normalise: the text as published -> clean Simplified text, plus a map back to the input.

Every later stage reads `Normalized.text`; every span that leaves the pipeline goes through
`Normalized.span_dict()`, so `input[start:end] == span.text` holds on the input exactly as given.

What changes, and how the offsets survive it:
- inserted pinyin (`區(qū)`), zero-width / control characters and HTML markup (`<strong>`, `&nbsp;`) are
  *deleted*; a deleted pinyin annotation belongs to the character it annotates, so a span ending on `區`
  ends after `(qū)`; a block tag (`<p>`, `<br/>`) keeps its `<` as a line break, so paragraphs stay apart;
- a PDF's layout — line breaks inside a sentence cut at the page width, page numbers and running headers
  between its pieces — is *deleted* (hardwrap.py), only in a text whose lines end at one width;
- full-width ASCII digits, letters and a few symbols are *folded* one for one (not NFKC, which would
  also change `，` and `㎡`); lone surrogates become U+FFFD one for one;
- Traditional script becomes Simplified with OpenCC `t2s`, which maps character for character
  (checked, with a per-character fallback should a phrase rule ever change the length).
Garbled runs (mojibake, stray `?` among rare characters) are left in place and reported as warnings.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
from dataclasses import dataclass, field


from . import patterns, resources
from .contract import warning
from .hardwrap import hard_wrap_deletions

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
# a pinyin note, one pattern for each opening bracket: re skips ahead fastest to a literal first character
_PINYIN = [patterns.compile(re.escape(opening) + r"(?P<syl>[a-z" + _TONED + r"]{1,6})[)）]") for opening in "(（"]
_HAN_CHAR = patterns.compile(r"\p{Han}")
_SYLLABLE = patterns.compile(r"^(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?[aeiouü]{1,3}(?:ng|n|r)?$")
_UNTONE = str.maketrans({c: "aeiouü"[i // 4] if i < 20 else "ü" for i, c in enumerate(_TONED)})


def _runs(char_class: str):
    """Runs of a character class: written X X* rather than X+, as re skips ahead only to a leading class."""
    return patterns.compile(char_class + char_class + "*")


# HTML left in a text (<p>, <strong>, &nbsp;, <!-- -->, <script>…</script>) is deleted; a block tag's first
# character stays, as a line break, so that paragraphs stay apart
_MARKUP = patterns.compile(
    r"<(?:(?P<code>script|style)\b[^>]*>.*?</(?P=code)\s*>"
    r"|!--.*?-->"
    r"|(?P<tag>/?(?P<name>[A-Za-z][A-Za-z0-9]*)(?:\s[^<>]{0,1000})?/?>))"
    r"|&(?:nbsp|ensp|emsp|thinsp|#160|#12288);|(?<=&)amp;", re.S | re.I)
_BLOCK_TAGS = frozenset("p div br li tr td th h1 h2 h3 h4 h5 h6 ul ol table section article hr".split())


def _markup(original: str) -> tuple[list[tuple[int, int, bool]], list[int]]:
    """Deletions for HTML markup, and the input positions whose character becomes a line break."""
    deletions, breaks = [], []
    for m in _MARKUP.finditer(original):
        if m["tag"] and m["name"].lower() in _BLOCK_TAGS:
            deletions.append((m.start() + 1, m.end(), True))  # the rest of the tag belongs to its break
            breaks.append(m.start())
        else:
            deletions.append((m.start(), m.end(), False))
    return deletions, breaks


_INVISIBLE_CHARS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff"
_INVISIBLE = _runs("[" + _INVISIBLE_CHARS + "]")
_SURROGATE = patterns.compile(r"[\ud800-\udfff]")
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF10, 0xFF1A)}
_FOLD.update({cp: cp - 0xFEE0 for cp in range(0xFF21, 0xFF3B)})
_FOLD.update({cp: cp - 0xFEE0 for cp in range(0xFF41, 0xFF5B)})
_FOLD.update({ord(c): ord(c) - 0xFEE0 for c in "％．＋－～／＜＝＞＃＆＊＠"})
_FULL_WIDTH_CHARS = "".join(map(chr, sorted(_FOLD)))  # what folds; not ，（）：, which stay
_FULL_WIDTH = _runs("[" + _FULL_WIDTH_CHARS + "]")
# any character the three steps above look for: most texts have none, which one scan tells
_UNUSUAL = patterns.compile("[" + _INVISIBLE_CHARS + r"\ud800-\udfff" + _FULL_WIDTH_CHARS + "]")


def _fold(full_width: re.Match) -> str:
    """A run of full-width characters, folded: translating the runs only spares a pass over every character."""
    return full_width.group().translate(_FOLD)


def _is_pinyin(syllable: str) -> bool:
    plain = syllable.translate(_UNTONE)
    toned = plain != syllable  # a tone mark came off (ü itself stays)
    return bool(_SYLLABLE.match(plain)) and (toned or len(plain) >= 2)


@functools.lru_cache(maxsize=1)
def _t2s():
    import opencc  # imported here: start-up stays fast for commands that never convert

    return opencc.OpenCC("t2s")


@functools.lru_cache(maxsize=1)
def _traditional_chars():
    """The characters t2s would change, as a set, and as a class that re scans fast: those of the basic
    plane and every character beyond it (re would test those beyond one by one)."""
    chars = resources.traditional_chars()
    basic = "".join(re.escape(c) for c in chars if c <= "\uffff")
    return frozenset(chars), re.compile("[" + basic + "\U00010000-\U0010ffff]")  # re: nothing to translate


def _has_traditional(text: str) -> bool:
    """Whether t2s would change a character of the text; a text without any needs no conversion."""
    every, basic_or_beyond = _traditional_chars()
    m = basic_or_beyond.search(text)
    return m is not None and (m.group() <= "\uffff" or not every.isdisjoint(text))


def to_simplified(text: str) -> str:
    """Traditional -> Simplified, guaranteed to keep the length (and so every offset)."""
    if not _has_traditional(text):
        return text
    t2s = _t2s()
    out = t2s.convert(text)
    if len(out) == len(text):
        return out
    return "".join(c if len(c := t2s.convert(ch)) == 1 else ch for ch in text)


@dataclass
class Normalized:
    """Clean Simplified text and the way back to the input.

    Clean index i sits at input index `i + shift`, where shift is the length deleted before it;
    `_del_at` holds, in order, the clean index at which each deletion happened, `_del_shift` the
    total deleted up to and including it, and `_del_attached` whether it belongs to the preceding
    character (pinyin) rather than standing alone (control characters)."""

    original: str
    text: str
    script: str
    warnings: list[dict] = field(default_factory=list)  # plain data of Warnings (contract.warning)
    _del_at: list[int] = field(default_factory=list)
    _del_shift: list[int] = field(default_factory=list)
    _del_attached: list[bool] = field(default_factory=list)

    def to_input(self, i: int) -> int:
        """Input offset of the clean character at index i (i may equal len(text))."""
        k = bisect.bisect_right(self._del_at, i)
        return i + (self._del_shift[k - 1] if k else 0)

    def input_range(self, start: int, end: int) -> tuple[int, int]:
        """The input range of clean [start, end): it ends after the last character's input, or after
        the pinyin note deleted right behind it."""
        s = self.to_input(start)
        if end <= start:
            return s, s
        k = bisect.bisect_left(self._del_at, end)  # the deletions before `end`; the k-th, if any, is at or after it
        if k < len(self._del_at) and self._del_at[k] == end and self._del_attached[k]:
            return s, end + self._del_shift[k]
        return s, end + (self._del_shift[k - 1] if k else 0)

    def span_dict(self, start: int, end: int) -> dict:
        """The span of clean [start, end) on the input, as the plain data of a Span."""
        if self._del_at:
            start, end = self.input_range(start, end)
        elif end < start:
            end = start
        return {"start": start, "end": end, "text": self.original[start:end]}


def normalize(original: str) -> Normalized:
    deletions: list[tuple[int, int, bool]] = []  # (input start, input end, attached to preceding char)
    for pinyin in _PINYIN:  # notes cannot overlap, so each bracket's are found apart
        for m in pinyin.finditer(original):
            if m.start() and _HAN_CHAR.match(original, m.start() - 1) and _is_pinyin(m.group("syl")):
                deletions.append((m.start(), m.end(), True))
    unusual = _UNUSUAL.search(original) is not None
    invisible = [(m.start(), m.end(), False) for m in _INVISIBLE.finditer(original)] if unusual else []
    markup, breaks = _markup(original) if "<" in original or "&" in original else ([], [])
    wraps = [(s, e, False) for s, e in hard_wrap_deletions(original)]
    deletions = sorted(deletions + invisible + markup + wraps)
    warnings: list[dict] = []
    if breaks:  # a block tag's '<' reads as a line break, one for one
        chars = list(original)
        for i in breaks:
            chars[i] = "\n"
        source, original = original, "".join(chars)

    pieces, at, shift, attached_to_char = [], [], [], []
    pos = total = 0
    for s, e, attached in deletions:
        if s < pos:  # overlapping matches cannot happen with these patterns, but never delete twice
            continue
        pieces.append(original[pos:s])
        at.append(s - total)
        total += e - s
        shift.append(total)
        attached_to_char.append(attached)
        pos = e
    pieces.append(original[pos:])
    kept = "".join(pieces) if deletions else original

    if unusual and _SURROGATE.search(kept):
        kept = _SURROGATE.sub("\ufffd", kept)
        warnings.append(warning("lone_surrogate", "lone surrogate code points were replaced by U+FFFD"))
    folded = _FULL_WIDTH.sub(_fold, kept) if unusual else kept
    clean = to_simplified(folded)
    original = source if breaks else original
    norm = Normalized(original=original, text=clean, script=_script(folded, clean), warnings=warnings,
                      _del_at=at, _del_shift=shift, _del_attached=attached_to_char)
    if invisible:
        first = invisible[0]
        norm.warnings.append(warning(
            "control_characters", f"{sum(e - s for s, e, _ in invisible)} zero-width or control characters were ignored",
            first[:2], original))
    if markup:
        first = markup[0]
        start = first[0] - 1 if first[0] - 1 in breaks else first[0]
        norm.warnings.append(warning("markup", f"{len(markup)} HTML tags or entities were ignored",
                                     (start, first[1]), original))
    norm.warnings.extend(_garbled_warnings(norm))
    return norm


def _script(original: str, simplified: str, sample: int = 20000) -> str:
    """simplified / traditional / mixed, from the characters t2s changes and the Simplified-only characters
    (in the first 20k); `original` is the text just before t2s, so that folding does not count."""
    if original == simplified:
        return "simplified"
    original, simplified = original[:sample], simplified[:sample]
    traditional = _differing(original, simplified)  # OpenCC changes Han characters only
    if not traditional:
        return "simplified"
    simplified_only = _simplified_only(original, enough=4 * traditional)
    if simplified_only * 4 <= traditional:
        return "traditional"
    return "mixed" if traditional * 4 > simplified_only else "simplified"


def _differing(a: str, b: str) -> int:
    """How many positions of two equally long texts hold different characters. Equal halves are passed
    over whole, which is quick when few differ (a Simplified text with a few Traditional names)."""
    if a == b:
        return 0
    if len(a) <= 64:
        return sum(map(operator.ne, a, b))
    half = len(a) // 2
    return _differing(a[:half], b[:half]) + _differing(a[half:], b[half:])


def _simplified_only(text: str, enough: int) -> int:
    """How many characters of the text only Simplified script writes (those s2t changes on their own), or
    `enough` when there are more: past that count the script is decided. Characters, not s2t's phrases:
    a phrase rule (面条 → 麵條) changes a character both scripts write, which says nothing of the script;
    and loading s2t would cost a one-off extraction a tenth of a second."""
    return sum(itertools.islice(filter(None, map(resources.simplified_chars().__contains__, text)), enough))


_SUSPECT_SIGNS = (  # each branch starts on the suspicious character itself, so a scan tests one class a position
    r"[\ufffd\ue000-\uf8ff]"                       # replacement characters, private use
    r"|\?(?<=[\p{Han}\p{Latin}]\?)(?=[\p{Han}\p{Latin}!])"  # '?' glued between letters
    r"|[" + _TONED[:-1] + r"](?=[\p{Latin}]{0,6}\))"        # tone vowels of a pinyin note that lost its '('
    r"|[\u00c0-\u00ff](?=[\u0080-\u00ff])"           # Latin-1 pairs: UTF-8 read as Latin-1
    r"|[\u0370-\u03ff\u0400-\u04ff](?:(?<=\p{Han}[\u0370-\u03ff\u0400-\u04ff])|(?=\p{Han}))"  # Greek/Cyrillic glued to Han: UTF-8 read as GBK
)


_SUSPECT = patterns.compile(_SUSPECT_SIGNS)
_SUSPECT_FIRST = r"\ufffd\ue000-\uf8ff?" + _TONED[:-1] + r"\u00c0-\u00ff\u0370-\u04ff"  # where a suspect sign starts


_BASIC_HAN_BLOCKS = (range(0x3400, 0x4DC0), range(0x4E00, 0xA000), range(0xF900, 0xFB00))


@functools.lru_cache(maxsize=1)
def _common_han() -> frozenset[str]:
    return resources.common_chars() | {"〇"}


def _is_rare_han(c: str) -> bool:
    """A Han character of the basic plane outside the common set."""
    return c not in _common_han() and any(ord(c) in block for block in _BASIC_HAN_BLOCKS)


@functools.lru_cache(maxsize=1)
def _rare_han_ranges() -> str:
    """The rare Han characters as the ranges of a character class."""
    common = _common_han()
    ranges, start = [], None
    for cp in [*itertools.chain(*_BASIC_HAN_BLOCKS), 0x10FFFF]:
        rare = cp != 0x10FFFF and chr(cp) not in common
        if rare and start is None:
            start = prev = cp
        elif rare and cp == prev + 1:
            prev = cp
        else:
            if start is not None:
                ranges.append(chr(start) if start == prev else f"{chr(start)}-{chr(prev)}")
            start = prev = cp if rare else None
    return "".join(ranges)


@functools.lru_cache(maxsize=1)
def _mojibake():
    return patterns.compile(resources.alternation(resources.mojibake_marks()))


@functools.lru_cache(maxsize=1)
def _garbled_first():
    """Any character a garbled run can start from (rare Han, a suspect sign, a mojibake mark's first
    character): one scan for them turns away the many texts with none."""
    marks = "".join(re.escape(mark[0]) for mark in resources.mojibake_marks())
    return re.compile("[" + _rare_han_ranges() + _SUSPECT_FIRST + marks + "]")  # re: nothing to translate


def _garbled_warnings(norm: Normalized) -> list[dict]:
    """Runs of at least two suspicious characters (rare Han, '?', U+FFFD, …), each within three
    characters of the next, are reported as garbled spans."""
    starts = [m.start() for m in _garbled_first().finditer(norm.text)]
    if not starts:
        return []
    hits = [i for i in starts if _is_rare_han(norm.text[i])]
    if len(hits) < len(starts):  # something other than rare Han: a suspect sign may start there
        hits += [m.start() for m in _SUSPECT.finditer(norm.text)]
    for m in _mojibake().finditer(norm.text):  # 锟斤拷, 烫烫烫: well-known marks of broken conversions
        hits.extend(range(m.start(), m.end()))
    hits = sorted(set(hits))
    out: list[dict] = []
    run: list[int] = []
    for pos in hits + [10**12]:
        if run and pos - run[-1] > 3:
            if len(run) >= 2 or norm.text[run[0]] == "\ufffd":
                out.append(warning("garbled_span", "garbled text (mis-decoded bytes?) was left as it is",
                                   norm.input_range(run[0], run[-1] + 1), norm.original))
            run = []
        run.append(pos)
    return out
