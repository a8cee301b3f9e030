"""A small progress bar for long builds: drawn on a terminal, silent in CI and in logs.

The bar goes to stderr, so ``build`` output on stdout stays one summary line. It only
appears once a stage has run for :data:`DELAY` seconds, so the usual sub-second build
of the real dossier never flickers, and it redraws at most every :data:`INTERVAL`
seconds so that drawing never costs more than the work it reports on.

Usage::

    with Progress("Rendu des pages", total=len(records)) as bar:
        for record in records:
            ...
            bar.advance()
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from types import TracebackType
from typing import TextIO, TypeVar

DELAY = 0.5  # seconds before the bar appears
INTERVAL = 0.1  # seconds between redraws
WIDTH = 30  # characters of the bar itself

T = TypeVar("T")


def wanted(stream: TextIO) -> bool:
    """True when ``stream`` is an interactive terminal and we are not in CI."""
    if os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


class Progress:
    """One stage's progress; a no-op unless :func:`wanted` (or ``enabled=True``)."""

    def __init__(self, label: str, total: int, *, stream: TextIO | None = None,
                 enabled: bool | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.label = label
        self.total = max(0, total)
        self.done = 0
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = wanted(self.stream) if enabled is None else enabled
        self._now = clock  # injectable, so tests need not sleep
        self._start = self._now()
        self._drawn_at: float | None = None

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def advance(self, count: int = 1) -> None:
        """Record ``count`` more items done; redraw if it is time to."""
        self.done += count
        if not self.enabled:
            return
        now = self._now()
        if now - self._start < DELAY:
            return
        if self._drawn_at is None or now - self._drawn_at >= INTERVAL or self.done >= self.total:
            self._draw(now)

    def line(self) -> str:
        """The bar as text: ``Rendu des pages [#######-------]  45 % 4512/10005``."""
        fraction = self.done / self.total if self.total else 1.0
        fraction = min(1.0, fraction)
        filled = int(WIDTH * fraction)
        bar = "#" * filled + "-" * (WIDTH - filled)
        return f"{self.label} [{bar}] {fraction * 100:3.0f} % {self.done}/{self.total}"

    def _draw(self, now: float) -> None:
        self.stream.write("\r" + self.line())
        self.stream.flush()
        self._drawn_at = now

    def close(self) -> None:
        """Finish the line if a bar was drawn (so the next output starts on a new line)."""
        if self.enabled and self._drawn_at is not None:
            self._draw(self._now())
            self.stream.write("\n")
            self.stream.flush()
            self._drawn_at = None


def track(items: Iterable[T], label: str, total: int, *, stream: TextIO | None = None,
          enabled: bool | None = None) -> Iterator[T]:
    """Yield ``items`` while showing a :class:`Progress` bar for them."""
    with Progress(label, total, stream=stream, enabled=enabled) as bar:
        for item in items:
            yield item
            bar.advance()
