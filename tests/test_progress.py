"""The progress bar: drawn on a terminal after a delay, silent in CI and in pipes."""

from __future__ import annotations

import io

import pytest

from build_tools.progress import DELAY, Progress, track, wanted


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_quiet_when_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    assert not wanted(io.StringIO())
    assert wanted(Tty())


def test_quiet_in_ci_even_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    stream = Tty()
    assert list(track(range(3), "pages", 3, stream=stream)) == [0, 1, 2]
    assert stream.getvalue() == ""


def test_nothing_drawn_for_a_quick_stage() -> None:
    stream, clock = Tty(), Clock()
    with Progress("pages", 10, stream=stream, enabled=True, clock=clock) as bar:
        for _ in range(10):
            clock.now += DELAY / 20
            bar.advance()
    assert stream.getvalue() == ""


def test_bar_redraws_in_place_then_ends_the_line() -> None:
    stream, clock = Tty(), Clock()
    with Progress("pages", 4, stream=stream, enabled=True, clock=clock) as bar:
        clock.now = DELAY + 1
        bar.advance(2)
        clock.now += 1
        bar.advance(2)
    out = stream.getvalue()
    assert out.count("\r") == 3  # two redraws and the final one on close
    assert out.endswith("\rpages [" + "#" * 30 + "] 100 % 4/4\n")
    assert "\rpages [" + "#" * 15 + "-" * 15 + "]  50 % 2/4" in out


def test_line_with_zero_items_is_complete() -> None:
    assert Progress("rien", 0, enabled=False).line().endswith("100 % 0/0")
