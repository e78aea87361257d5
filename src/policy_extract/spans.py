"""Range look-ups over a document's spans in logarithmic time, so no stage turns quadratic on long texts."""
from __future__ import annotations

import bisect
from typing import Callable, Generic, Iterable, TypeVar

T = TypeVar("T")


class Intervals:
    """A set of half-open [start, end) ranges, merged: does a position or a range touch any of them?"""

    def __init__(self, ranges: Iterable[tuple[int, int]]):
        merged: list[list[int]] = []
        for s, e in sorted(ranges):
            if e <= s:
                continue
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [m[0] for m in merged]
        self.ends = [m[1] for m in merged]

    def ranges(self) -> Iterable[tuple[int, int]]:
        return zip(self.starts, self.ends)

    def covers(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_right(self.starts, start) - 1
        if i >= 0 and start < self.ends[i]:
            return True
        return i + 1 < len(self.starts) and self.starts[i + 1] < end


class Index(Generic[T]):
    """Items sorted by where they start: which start within [start, end)?"""

    def __init__(self, items: Iterable[T], start: Callable[[T], int]):
        self.items = sorted(items, key=start)
        self.starts = list(map(start, self.items))

    def any_between(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, start)
        return i < len(self.starts) and self.starts[i] < end

    def between(self, start: int, end: int) -> list[T]:
        return self.items[bisect.bisect_left(self.starts, start):bisect.bisect_left(self.starts, end)]

    def split(self, ranges: list[tuple[int, int]]) -> list[list[T]]:
        """The items starting in each of the given ranges (sorted and disjoint, like a sentence's
        clauses): one list per range. The items of the whole stretch are found once and dealt out to
        their ranges in one walk: a stretch holds few items, and most of its ranges none."""
        starts, items = self.starts, self.items
        out: list[list[T]] = [[] for _ in ranges]
        if not ranges:
            return out
        k, i, stop = 0, bisect.bisect_left(starts, ranges[0][0]), bisect.bisect_left(starts, ranges[-1][1])
        while i < stop:  # (a while loop costs less than a range here: most stretches hold 0–2 items)
            start = starts[i]
            while ranges[k][1] <= start:
                k += 1
            if ranges[k][0] <= start:
                out[k].append(items[i])
            i += 1
        return out
