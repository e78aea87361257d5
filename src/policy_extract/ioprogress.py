"""A one-line progress display on stderr: documents, documents/s, characters/s, failures, elapsed time.

Shown only when stderr is a terminal (never in logs or pipes) and not `--quiet`; redrawn at most five
times a second, so it costs nothing next to extraction. No dependency: one `\\r` line is all it takes.
"""
from __future__ import annotations

import sys
import time


def _si(n: float) -> str:
    for unit, size in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if n >= size:
            return f"{n / size:.1f}{unit}"
    return f"{n:.0f}"


class Progress:
    def __init__(self, enabled: bool, stream=None, interval: float = 0.2):
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.interval = interval
        self.docs = self.chars = self.failed = 0
        self.started = self.drawn = time.monotonic()

    @classmethod
    def for_terminal(cls, quiet: bool) -> "Progress":
        try:
            tty = sys.stderr.isatty()
        except (AttributeError, ValueError):
            tty = False
        return cls(enabled=tty and not quiet)

    def update(self, chars: int, failed: bool) -> None:
        self.docs += 1
        self.chars += chars
        self.failed += failed
        if self.enabled and (now := time.monotonic()) - self.drawn >= self.interval:
            self.drawn = now
            self._draw(now)

    def line(self, now: float | None = None) -> str:
        elapsed = max((now or time.monotonic()) - self.started, 1e-9)
        minutes, seconds = divmod(int(elapsed), 60)
        failed = f"  {self.failed:,} failed" if self.failed else ""
        return (f"policy-extract: {self.docs:,} docs  {self.docs / elapsed:,.1f} docs/s  "
                f"{_si(self.chars / elapsed)} chars/s{failed}  {minutes}:{seconds:02d}")

    def _draw(self, now: float) -> None:
        try:
            self.stream.write("\r" + self.line(now) + "\x1b[K")
            self.stream.flush()
        except (OSError, ValueError):
            self.enabled = False

    def close(self) -> None:
        """Draw the final figures and end the line (once: closing again does nothing)."""
        if self.enabled and self.docs:
            self._draw(time.monotonic())
            try:
                self.stream.write("\n")
                self.stream.flush()
            except (OSError, ValueError):
                pass
        self.enabled = False
