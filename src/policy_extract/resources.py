"""Language knowledge loaded from `data/` (units, scales, currencies, cue words, …), once and lazily.

Every table is plain text: `#` starts a comment, columns are tab-separated. Words are Simplified, since
every stage after normalise reads Simplified text.
"""
from __future__ import annotations

import functools
import os
from collections import defaultdict

import regex

_DATA = os.path.join(os.path.dirname(__file__), "data")


def data_path(name: str) -> str:
    """The path of a file of `data/`. The package is installed as files (never zipped), and a path costs
    nothing to import, where importlib.resources costs a one-off extraction 8 ms."""
    return os.path.join(_DATA, name)


def read_data(name: str) -> str:
    with open(data_path(name), encoding="utf-8") as f:
        return f.read()


def _rows(name: str) -> list[list[str]]:
    text = read_data(name)
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def alternation(words) -> str:
    """A regex alternation of the words that tries longer words first, written as a trie: 发展目标,
    发展规划 become 发展(?:目标|规划). It matches what the words sorted longest first and joined with `|`
    match, and backtracks through them in the same order (at any one position only the words along one
    path of the trie can match, and the path is tried from its deepest word back); but the engine reads
    each character once instead of trying every word in turn, which on lists of hundreds of units was
    most of the cost of a match. Not for case-insensitive patterns, where two branches can both match."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    branches = _branches(trie)
    return "|".join(branches + [""] if "" in trie else branches)


def _branches(node: dict) -> list[str]:
    out = []
    for char, child in sorted(node.items()):
        if not char:
            continue
        rest = _branches(child)
        if len(rest) > 1 or rest and "" in child:
            tail = "(?:" + "|".join(rest) + ")" + ("?" if "" in child else "")
        else:
            tail = "".join(rest)
        out.append(regex.escape(char) + tail)
    return out


@functools.lru_cache(maxsize=None)
def common_chars() -> frozenset[str]:
    return frozenset("".join(r[0] for r in _rows("common_chars.txt")))


@functools.lru_cache(maxsize=None)
def traditional_chars() -> str:
    """The characters OpenCC t2s changes (tools/build_script_chars.py)."""
    return "".join(r[0] for r in _rows("traditional_chars.txt"))


@functools.lru_cache(maxsize=None)
def simplified_chars() -> frozenset[str]:
    """The characters OpenCC s2t changes on their own (tools/build_script_chars.py)."""
    return frozenset("".join(r[0] for r in _rows("simplified_chars.txt")))


@functools.lru_cache(maxsize=None)
def units() -> dict[str, tuple[str, str, int]]:
    """surface -> (unit, kind, factor)"""
    return {r[0]: (r[1], r[2], int(r[3])) for r in _rows("units.tsv")}


@functools.lru_cache(maxsize=None)
def scales() -> dict[str, int]:
    return {r[0]: int(r[1]) for r in _rows("scales.tsv")}


@functools.lru_cache(maxsize=None)
def currencies() -> dict[str, str]:
    """surface -> ISO code, or '*' for the document's default currency"""
    return {r[0]: r[1] for r in _rows("currencies.tsv")}


@functools.lru_cache(maxsize=None)
def currency_names() -> dict[str, str]:
    """The currency names that may stand before an amount (人民币, 美元, 新台币) -> ISO code, longest first:
    the surfaces of more than one character that name a currency of their own (not 元, 块钱)."""
    named = [(s, code) for s, code in currencies().items() if len(s) >= 2 and code != "*"]
    return dict(sorted(named, key=lambda item: len(item[0]), reverse=True))


@functools.lru_cache(maxsize=None)
def region_markers() -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for code, marker in _rows("regions.tsv"):
        out[code].append(marker)
    return dict(out)


@functools.lru_cache(maxsize=None)
def comparators() -> dict[str, dict[str, str]]:
    """position ('prefix' | 'suffix' | 'before_verb') -> word -> comparator"""
    out: dict[str, dict[str, str]] = {"prefix": {}, "suffix": {}, "before_verb": {}}
    for word, comp, position in _rows("comparators.tsv"):
        out[position][word] = comp
    return out


@functools.lru_cache(maxsize=None)
def changes() -> dict[str, str]:
    return {r[0]: r[1] for r in _rows("changes.tsv")}


def _roles(name: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for role, word in _rows(name):
        out[role].append(word)
    return dict(out)


@functools.lru_cache(maxsize=None)
def cues() -> dict[str, list[str]]:
    return _roles("cues.tsv")


@functools.lru_cache(maxsize=None)
def initiative_words() -> dict[str, list[str]]:
    return _roles("initiatives.tsv")


@functools.lru_cache(maxsize=None)
def boilerplate() -> dict[str, list[str]]:
    return _roles("boilerplate.tsv")


@functools.lru_cache(maxsize=None)
def table_words() -> dict[str, list[str]]:
    return _roles("tables.tsv")


@functools.lru_cache(maxsize=None)
def mojibake_marks() -> tuple[str, ...]:
    return tuple(r[0] for r in _rows("mojibake.tsv"))
