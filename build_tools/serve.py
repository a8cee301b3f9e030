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
from typing import TYPE_CHECKING, Any

from build_tools.labels import load_labels
from build_tools.mdtext import literal
from build_tools.problems import Problem, Severity
from build_tools.status import status_markdown

if TYPE_CHECKING:
    from watchdog.events import FileSystemEvent

# How often the watcher checks its stop flag, and the silence that ends a burst of events.
POLL_SECONDS = 0.25
QUIET_SECONDS = 0.1
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
    def version(self) -> int:
        """Increases each time the problems change."""
        return self._count

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


def _relevant(event: FileSystemEvent) -> bool:
    """True for an event that may change what the build reads (opening or reading a file
    does not)."""
    return event.event_type not in ("opened", "closed_no_write")


def watch_data(data: Path, on_change: Callable[[frozenset[str]], object],
               stop: threading.Event, quiet: float = QUIET_SECONDS,
               prepare: Callable[[], object] = lambda: None) -> None:
    """Call ``on_change(paths)`` after each burst of changes under ``data`` until ``stop``
    is set, with the paths of the burst (each event's source and destination).

    A file watcher (watchdog: inotify on Linux) reports the changes; a burst (an editor
    writes a temporary file, then renames it over the record) ends after ``quiet`` seconds
    without events, so one save means one call. ``prepare`` runs once the watcher is
    watching, before the first call. Runs in the calling thread.
    """
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    pending: set[str] = set()
    arrived = threading.Condition()
    last = [0.0]  # when the last event arrived (time.monotonic)

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event: FileSystemEvent) -> None:
            if not _relevant(event):
                return
            with arrived:
                moved_to = getattr(event, "dest_path", "")  # (only on moves before watchdog 4)
                pending.update(os.fsdecode(p) for p in (event.src_path, moved_to) if p)
                last[0] = time.monotonic()
                arrived.notify()

    while not data.is_dir():  # (serve reports the missing folder; watch it once it exists)
        if stop.wait(POLL_SECONDS):
            return
    observer = Observer()
    observer.schedule(Handler(), str(data), recursive=True)
    observer.start()
    try:
        prepare()
        while not stop.is_set():
            with arrived:
                if not pending:
                    arrived.wait(POLL_SECONDS)
                    continue
                # Debounce: wait until the burst is over (``quiet`` seconds without events).
                while (left := last[0] + quiet - time.monotonic()) > 0 and not stop.is_set():
                    arrived.wait(left)
                burst = frozenset(pending)
                pending.clear()
            if not stop.is_set():
                on_change(burst)
    finally:
        observer.stop()
        observer.join()


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


def serve_forever(root: Path, dev_addr: str,
                  on_change: Callable[[frozenset[str]], object],
                  prepare: Callable[[], object] = lambda: None) -> None:
    """Serve the site with live reload; call ``on_change`` after each burst of changes under
    data/ (it regenerates the pages that changed). ``prepare`` runs in the watcher's thread
    while MkDocs builds the site (serve's regenerations get ready there).

    MkDocs serves with its "dirty" builds: after the first (complete) build, a rebuild
    renders only the pages whose Markdown is newer than their HTML, so an edit that rewrote
    3 pages costs 3 pages, not the whole site. (``make site`` and ``mkdocs build`` always
    build everything.)
    """
    from mkdocs.commands.serve import serve

    stop = threading.Event()
    watcher = threading.Thread(target=watch_data, args=(root / "data", on_change, stop),
                               kwargs={"prepare": prepare}, daemon=True)
    watcher.start()
    try:
        # Only here is the serve-only hook added (after the project's own hooks, if any).
        serve(config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True,
              build_type="dirty", hooks=[*project_hooks(root), str(HOOKS_FILE)])
    finally:
        stop.set()
        time.sleep(0)
        shutil.rmtree(LIVE.folder, ignore_errors=True)
