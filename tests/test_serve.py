"""serve: a change under data/ regenerates the pages; a bad edit keeps the last good site.

The end-to-end test runs the real ``python -m build_tools serve`` (MkDocs' live-reload
server) on the mini dossier and reads the served pages over HTTP, as a browser would.
Waits are bounded so that a broken server fails the test instead of hanging it; how fast
an edit shows up is measured by the benchmark notes, not asserted here.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from build_tools.serve import watch_data
from tests.conftest import MINI_DATA, make_project, subprocess_env

HOME = "# Dossier\n\n[Rostec](acteurs/rostec.md)\n"
PATIENCE = 60.0  # seconds before a wait gives up (a failure, not a measurement)


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.1)


def test_watching_data_calls_back_after_each_change(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "actors").mkdir(parents=True)
    record = data / "actors" / "a.yaml"
    record.write_text("name: A\n", encoding="utf-8")
    calls: list[float] = []
    stop = threading.Event()
    watcher = threading.Thread(target=watch_data, args=(data, lambda: calls.append(1), stop))
    watcher.start()
    try:
        time.sleep(0.5)  # let the watcher take its first fingerprint
        assert calls == []
        record.write_text("name: A, renamed\n", encoding="utf-8")
        wait_for(lambda: len(calls) == 1, "the first change")
        (data / "actors" / "b.yaml").write_text("name: B\n", encoding="utf-8")
        wait_for(lambda: len(calls) == 2, "a new file")
        record.unlink()
        wait_for(lambda: len(calls) == 3, "a deleted file")
    finally:
        stop.set()
        watcher.join()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, list[str]]]:
    """``(project, base URL, lines the server printed)`` of a running ``serve``."""
    root = make_project(tmp_path, MINI_DATA, home=HOME)
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "build_tools", "serve", "--root", str(root),
         "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root, env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True)
    output: list[str] = []
    assert process.stdout is not None
    stream = process.stdout
    reader = threading.Thread(target=lambda: output.extend(iter(stream.readline, "")),
                              daemon=True)
    reader.start()
    try:
        yield root, f"http://127.0.0.1:{port}/", output
    finally:
        process.terminate()
        process.wait(timeout=30)
        reader.join(timeout=30)
        assert process.stdout is not None
        process.stdout.close()


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            text: str = response.read().decode("utf-8")
            return text
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def test_an_edit_is_served_and_a_bad_edit_keeps_the_last_good_site(
        served: tuple[Path, str, list[str]]) -> None:
    root, base, output = served
    page = base + "acteurs/rostec/"
    wait_for(lambda: "Rostec" in _page(page), "the first build to be served")

    record = root / "data" / "actors" / "rostec.yaml"
    good = record.read_text(encoding="utf-8")
    edited = good.replace("description: >-\n", "description: >-\n  Marqueur-de-test.\n", 1)
    assert edited != good
    record.write_text(edited, encoding="utf-8")
    wait_for(lambda: "Marqueur-de-test" in _page(page), "the edit to be served")

    record.write_text(edited + "kind: [unclosed\n", encoding="utf-8")
    wait_for(lambda: any("rostec.yaml" in line and "error" in line for line in output),
             "the validation error to be printed")
    # The broken edit is reported; the pages of the last good build stay up.
    assert "Marqueur-de-test" in _page(page)
    assert "Marqueur-de-test" in (root / "docs" / "acteurs" / "rostec.md").read_text(
        encoding="utf-8")
