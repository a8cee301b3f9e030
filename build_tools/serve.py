"""Live editing: regenerate pages when data/ changes while MkDocs serves docs/.

Generation stays a separate step (no MkDocs hook), so the site can move to
another MkDocs-compatible builder. A bad edit only prints its problems: the
pages of the last good build stay in docs/ and the site keeps being served.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from pathlib import Path

POLL_SECONDS = 0.25


def data_fingerprint(data: Path) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times of every file under ``data``."""
    entries = []
    for folder, _, files in os.walk(data):
        for name in files:
            path = os.path.join(folder, name)
            try:
                stat = os.stat(path)
            except FileNotFoundError:
                continue
            entries.append((path, stat.st_size, stat.st_mtime_ns))
    return tuple(sorted(entries))


def watch_data(data: Path, on_change: Callable[[], object], stop: threading.Event) -> None:
    """Call ``on_change`` after each change under ``data`` until ``stop`` is set."""
    last = data_fingerprint(data)
    while not stop.wait(POLL_SECONDS):
        current = data_fingerprint(data)
        if current != last:
            last = current
            on_change()


def serve_forever(root: Path, dev_addr: str, on_change: Callable[[], object]) -> None:
    """Serve the site with live reload; regenerate pages when data/ changes."""
    from mkdocs.commands.serve import serve

    stop = threading.Event()
    watcher = threading.Thread(target=watch_data, args=(root / "data", on_change, stop),
                               daemon=True)
    watcher.start()
    try:
        serve(config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True)
    finally:
        stop.set()
        time.sleep(0)
