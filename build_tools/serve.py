"""Live editing: regenerate pages when data/ changes while MkDocs serves docs/.

Generation stays a separate step, so the site can move to another MkDocs-compatible
builder. A bad edit keeps the pages of the last good build in docs/ and the site keeps
being served; its problems are printed, and also shown *in the browser*: under ``serve``
only, MkDocs is given a hook (:mod:`build_tools.serve_hooks`) that adds a banner to every
page and serve-only pages (:data:`SERVE_PAGES`: the problems, and any page registered
there). Nothing of it is ever written into docs/ or published: ``mkdocs build`` never
loads the hook.
"""

from __future__ import annotations

import functools
import html
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_tools.labels import load_labels
from build_tools.mdtext import literal
from build_tools.problems import Problem, Severity
from build_tools.status import status_markdown

POLL_SECONDS = 0.25
HOOKS_FILE = Path(__file__).with_name("serve_hooks.py")
# The banner lists this many problems; the problems page lists them all.
BANNER_PROBLEMS = 10


@dataclass(frozen=True)
class ServePage:
    """A page that exists only under ``serve``: ``path`` is docs-relative (``_serve/x.md``),
    ``markdown(root)`` renders it from the project folder at each rebuild."""

    path: str
    title: str
    markdown: Callable[[Path], str]


class LiveState:
    """The problems of the last build run by ``serve``, shared with the MkDocs hook.

    Each change also rewrites a small file outside docs/ (``signal``), which the hook asks
    MkDocs to watch: live reload then rebuilds the pages and refreshes the browser, even
    when the bad edit left docs/ untouched.
    """

    def __init__(self) -> None:
        self.problems: tuple[Problem, ...] = ()
        self._lock = threading.Lock()
        self._count = 0

    @functools.cached_property
    def folder(self) -> Path:
        """A temporary folder (never docs/) holding the state file; made when first used."""
        return Path(tempfile.mkdtemp(prefix="dossier-serve-"))

    @property
    def signal(self) -> Path:
        """The state file: rewritten whenever the problems change."""
        return self.folder / "state"

    def record(self, problems: Sequence[Problem]) -> None:
        """Keep the problems of the build that just ran; tell live reload if they changed."""
        with self._lock:
            if tuple(problems) == self.problems and self._count:
                return
            self.problems = tuple(problems)
            self._count += 1
            self.signal.write_text(str(self._count), encoding="utf-8")

    @property
    def errors(self) -> list[Problem]:
        """The problems that kept the pages from being updated."""
        return [p for p in self.problems if p.severity is Severity.ERROR]


LIVE = LiveState()


def _labels() -> dict[str, Any]:
    labels: dict[str, Any] = load_labels("fr")["serve"]
    return labels


def problems_markdown(root: Path) -> str:
    """The « Problèmes » page: every problem of the last build, one line each, escaped."""
    labels = _labels()
    lines = [f"# {literal(labels['problems_title'])}", ""]
    if not LIVE.problems:
        return "\n".join([*lines, literal(labels["no_problems"]), ""])
    intro = labels["errors_intro"] if LIVE.errors else labels["warnings_intro"]
    lines += [literal(intro), ""]
    lines += [f"- {literal(str(p))}" for p in LIVE.problems]
    return "\n".join([*lines, ""])


# Serve-only pages, in the order of the bar's links: one line each.
SERVE_PAGES: list[ServePage] = [
    ServePage("_serve/problemes.md", "Problèmes", problems_markdown),
    ServePage("_serve/etat-du-dossier.md", "État du dossier", status_markdown),
]


def banner_html(links: Sequence[tuple[str, str]]) -> str:
    """The serve-only banner: ``links`` are (title, relative URL) of the serve pages. With
    errors, a red box listing them (escaped); otherwise one discreet line of links."""
    labels = _labels()
    items = " · ".join(f'<a href="{html.escape(url)}">{html.escape(title)}</a>'
                       for title, url in links)
    errors = LIVE.errors
    if not errors:
        warnings = sum(p.severity is Severity.WARNING for p in LIVE.problems)
        summary = (labels["warnings"]["one" if warnings == 1 else "many"].format(n=warnings)
                   if warnings else labels["no_problems_short"])
        return (f'<p class="dossier-serve-bar" style="font-size:.7rem">'
                f"{html.escape(labels['bar'])} {html.escape(summary)} — {items}</p>")
    title = labels["errors"]["one" if len(errors) == 1 else "many"].format(n=len(errors))
    shown = "".join(f"<li><code>{html.escape(str(p))}</code></li>"
                    for p in errors[:BANNER_PROBLEMS])
    more = len(errors) - BANNER_PROBLEMS
    rest = (f"<li>{html.escape(labels['more'].format(n=more))}</li>" if more > 0 else "")
    return (f'<div class="admonition failure dossier-serve-problems" role="alert">'
            f'<p class="admonition-title">{html.escape(title)}</p>'
            f"<p>{html.escape(labels['kept'])}</p><ul>{shown}{rest}</ul>"
            f"<p>{items}</p></div>")


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


def project_hooks(root: Path) -> list[str]:
    """The ``hooks:`` of the project's mkdocs.yml (passing ``hooks=`` replaces them)."""
    import yaml

    from build_tools.build import MkDocsConfigLoader

    try:
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"),
                           Loader=MkDocsConfigLoader) or {}
    except (OSError, yaml.YAMLError):
        return []  # mkdocs itself reports a missing or broken config
    return [str(root / hook) for hook in config.get("hooks") or []]


def serve_forever(root: Path, dev_addr: str, on_change: Callable[[], object]) -> None:
    """Serve the site with live reload; regenerate pages when data/ changes."""
    from mkdocs.commands.serve import serve

    stop = threading.Event()
    watcher = threading.Thread(target=watch_data, args=(root / "data", on_change, stop),
                               daemon=True)
    watcher.start()
    try:
        # Only here is the serve-only hook added (after the project's own hooks, if any).
        serve(config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True,
              hooks=[*project_hooks(root), str(HOOKS_FILE)])
    finally:
        stop.set()
        time.sleep(0)
        shutil.rmtree(LIVE.folder, ignore_errors=True)
