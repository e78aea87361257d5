"""Offsets at the edge: we count Unicode code points (Python `str` indices, half-open); JavaScript tools
count UTF-16 code units, where a character outside the Basic Multilingual Plane (𠀀, an emoji) takes two.

doccano stores UTF-16 offsets (doccano issue #2290); Label Studio stores code points since its fix for
astral characters (label-studio PR #1559). Chinese text meets this in rare characters of CJK Extension B
and later, common in personal and place names, so the conversion is exact rather than assumed away.
"""
from __future__ import annotations

import bisect

UNITS = ("codepoint", "utf16")


class OffsetMap:
    """Converts offsets into one text between code points and UTF-16 code units."""

    def __init__(self, text: str):
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]  # code-point positions
        self._astral16 = [i + k for k, i in enumerate(self._astral)]  # the same, in UTF-16 units

    def to_utf16(self, offset: int) -> int:
        return offset + bisect.bisect_left(self._astral, offset)

    def from_utf16(self, offset: int) -> int:
        k = bisect.bisect_left(self._astral16, offset)
        if k and self._astral16[k - 1] == offset - 1:
            raise ValueError(f"UTF-16 offset {offset} falls inside a surrogate pair")
        return offset - k

    def convert(self, offset: int, *, src: str, dst: str) -> int:
        """`offset` counted in unit `src`, counted in unit `dst` (both from UNITS)."""
        if src == dst:
            return offset
        return self.to_utf16(offset) if dst == "utf16" else self.from_utf16(offset)
