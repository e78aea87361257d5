"""Range look-ups over a document's spans in logarithmic time, so no stage turns quadratic on long texts."""
from __future__ import annotations

import bisect
from typing import Callable, Generic, Iterable, TypeVar

T = TypeVar("T")


class Intervals:
    """A set of half-open [start, end) ranges, merged: does a position or a range touch any of them?"""

    def __init__(self, ranges: Iterable[tuple[int, int]]):
        starts: list[int] = []
        ends: list[int] = []
        last_end = -1
        for s, e in sorted(ranges):
            if e <= s:
                continue
            if s <= last_end:
                if e > last_end:
                    ends[-1] = last_end = e
            else:
                starts.append(s)
                ends.append(e)
                last_end = e
        self.starts, self.ends = starts, ends

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

    def last_between(self, start: int, end: int, count: int) -> list[T]:
        """The last `count` of those that start within [start, end), in order: a look back from `end` that
        costs the same however many items the range holds."""
        stop = bisect.bisect_left(self.starts, end)
        return self.items[max(bisect.bisect_left(self.starts, start), stop - count):stop]


def deal(items: list, ranges: list[tuple[int, int]]) -> list[list]:
    """Items sorted by their `start`, dealt out to the sorted, disjoint ranges they start in: one list
    per range, in one walk over both (a stretch holds few items, and most of its ranges none)."""
    out: list[list] = [[] for _ in ranges]
    k, n = 0, len(ranges)
    for item in items:
        start = item.start
        while k < n and ranges[k][1] <= start:
            k += 1
        if k == n:
            break
        if ranges[k][0] <= start:
            out[k].append(item)
    return out
