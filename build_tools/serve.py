"""Live editing: regenerate pages when data/ changes, and serve the site as it changes.

Generation stays a separate step, so the site can move to another MkDocs-compatible
builder. ``serve`` keeps one MkDocs session (:mod:`build_tools.live_site`) and a live-reload
server (MkDocs' own, subclassed: :class:`DossierServer`) on a folder of its own beside
``site/`` (``.serve-<pid>-…``): a copy of ``site/`` when ``site/`` is up to date, else a
complete build. One file watcher reports changes of data/ (the generator then rewrites the
pages an edit affects, and the session rebuilds just those), of the hand-written pages of
docs/ (rebuilt), and of mkdocs.yml or overrides/ (a new session, every page rebuilt).

A bad edit keeps the pages of the last good build in docs/ and the site keeps being
served; its problems are printed, and also shown *in the browser*: the server adds a banner
to every page it sends and renders serve-only pages (:data:`SERVE_PAGES`: the problems, and
any page registered there) on request. Nothing of it is ever written into docs/, into the
served folder or published.
"""

from __future__ import annotations

import contextlib
import html
import os
import posixpath
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from build_tools.labels import load_labels
from build_tools.live_site import (
    LiveSite,
    SiteUpdate,
    built_digest,
    config_site_url,
    inputs_digest,
)
from build_tools.mdtext import literal
from build_tools.problems import Problem, Severity
from build_tools.status import status_markdown

if TYPE_CHECKING:
    from watchdog.events import FileSystemEvent

    from build_tools.build import BuildResult

# How often the watcher checks its stop flag, and the silence that ends a burst of events.
POLL_SECONDS = 0.25
QUIET_SECONDS = 0.1
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
    """The problems ``serve`` shows: the generator's (its last run) and the site's (MkDocs'
    warnings on the pages built last)."""

    def __init__(self) -> None:
        self.problems: tuple[Problem, ...] = ()
        self._generator: tuple[Problem, ...] = ()
        self._site: tuple[Problem, ...] = ()
        self._lock = threading.Lock()
        self._count = 0

    def record(self, problems: Sequence[Problem], *, site: bool = False) -> bool:
        """Keep the problems of the generator's run that just ended (``site``: of the site's
        update); True if what is shown changed."""
        with self._lock:
            if site:
                self._site = tuple(problems)
            else:
                self._generator = tuple(problems)
            shown = (*self._generator, *self._site)
            if shown == self.problems and self._count:
                return False
            self.problems = shown
            self._count += 1
            return True

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



# Where Material opens the page's content; the banner goes first inside it.
_CONTENT = re.compile(r'<article class="md-content__inner md-typeset">')
_BODY = re.compile(r"<body[^>]*>")


def with_banner(page_html: str, links: Sequence[tuple[str, str]]) -> str:
    """The page with the banner (:func:`banner_html`) first in its content."""
    banner = banner_html(links)
    place = _CONTENT.search(page_html) or _BODY.search(page_html)
    if place is None:
        return banner + page_html
    return page_html[:place.end()] + banner + page_html[place.end():]


# -- the watcher ------------------------------------------------------------------------------


def _relevant(event: FileSystemEvent) -> bool:
    """True for an event that may change what the build reads (opening or reading a file
    does not)."""
    return event.event_type not in ("opened", "closed_no_write")


def watch_data(data: Path | Sequence[tuple[Path, bool]],
               on_change: Callable[[frozenset[str]], object],
               stop: threading.Event, quiet: float = QUIET_SECONDS,
               prepare: Callable[[], object] = lambda: None) -> None:
    """Call ``on_change(paths)`` after each burst of changes under ``data`` (a folder, or
    ``(path, recursive)`` pairs) until ``stop`` is set, with the paths of the burst (each
    event's source and destination).

    A file watcher (watchdog: inotify on Linux) reports the changes; a burst (an editor
    writes a temporary file, then renames it over the record) ends after ``quiet`` seconds
    without events, so one save means one call. ``prepare`` runs once the watcher is
    watching, before the first call. Runs in the calling thread.
    """
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    watched = [(data, True)] if isinstance(data, Path) else list(data)
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

    # (serve reports a missing data/; watch it once it exists)
    while not all(folder.is_dir() for folder, _ in watched[:1]):
        if stop.wait(POLL_SECONDS):
            return
    observer = Observer()
    for folder, recursive in watched:
        if folder.is_dir():
            observer.schedule(Handler(), str(folder), recursive=recursive)
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


@dataclass(frozen=True)
class Changes:
    """One burst of changes, sorted by what it means for serve."""

    # The changed files under data/ (the generator runs; it reads these again).
    data: frozenset[str] = field(default_factory=frozenset)
    config: bool = False  # mkdocs.yml or overrides/: a new MkDocs session
    docs: frozenset[str] = field(default_factory=frozenset)  # hand-written files of docs/


def classify(root: Path, paths: Iterable[str]) -> Changes:
    """What the changed ``paths`` mean. In docs/, only the hand-written files count: the
    generator's own writes (its sections, its files, its hidden bookkeeping and temporary
    files) are reported by the generator itself."""
    from build_tools.paths import GENERATED_DIRS, GENERATED_FILES

    config = False
    data: set[str] = set()
    docs: set[str] = set()
    for path in paths:
        try:
            parts = Path(path).relative_to(root).parts
        except ValueError:
            continue
        if not parts:
            continue
        if parts[0] == "data":
            data.add(path)
        elif parts == ("mkdocs.yml",) or parts[0] == "overrides":
            config = True
        elif parts[0] == "docs" and len(parts) > 1:
            relative = "/".join(parts[1:])
            generated = parts[1] in GENERATED_DIRS or relative in GENERATED_FILES
            if not generated and not any(part.startswith(".") for part in parts[1:]):
                docs.add(relative)
    return Changes(frozenset(data), config, frozenset(docs))


def watched(root: Path) -> list[tuple[Path, bool]]:
    """What serve watches: data/ first, then docs/, overrides/ and the project folder itself
    (not recursively: mkdocs.yml)."""
    return [(root / "data", True), (root / "docs", True), (root / "overrides", True),
            (root, False)]


# -- the server ---------------------------------------------------------------------------------


def _now_ms() -> int:
    return round(time.monotonic() * 1000)  # the clock of MkDocs' live-reload epochs


def _make_server(site: LiveSite, root: Path, host: str, port: int) -> Any:
    """A :class:`mkdocs.livereload.LiveReloadServer` that serves ``site``'s folder, adds the
    banner to every HTML page it sends, renders the serve-only pages on request, and reloads
    the browsers when told (:meth:`reload`), without MkDocs' own watcher."""
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.utils import get_relative_url

    class DossierServer(LiveReloadServer):
        def reload(self) -> None:
            """Tell the open pages to reload (MkDocs' live-reload protocol)."""
            with self._epoch_cond:
                epoch = max(_now_ms(), self._visible_epoch + 1)
                self._wanted_epoch = self._visible_epoch = epoch
                self._epoch_cond.notify_all()

        def start(self) -> None:
            """Serve from a thread (MkDocs' ``serve()`` would also run its own watcher)."""
            self.server_bind()
            self.server_activate()
            self.serve_thread.start()

        def _serve_request(self, environ: dict[str, Any],
                           start_response: Callable[..., Any]) -> Any:
            path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
            if path.startswith(self.mount_path) and not path.startswith("/livereload/"):
                url = posixpath.normpath("/" + path[len(self.mount_path):]).lstrip("/")
                url = "" if url == "." else url + ("/" if path.endswith("/") and url else "")
                page = _page_html(site, root, Path(self.root), url)
                if page is not None:
                    links = [(p.title, get_relative_url(site.url_of(p.path), url or "."))
                             for p in SERVE_PAGES]
                    content = self._inject_js_into_html(
                        with_banner(page, links).encode("utf-8"),
                        self._visible_epoch)  # type: ignore[no-untyped-call]
                    start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"),
                                              ("Content-Length", str(len(content)))])
                    return [content]
            return super()._serve_request(environ, start_response)

    mount = site.mount_path
    server = DossierServer(builder=lambda: None, host=host, port=port,
                           root=str(site.site_dir), mount_path=mount)

    def error_page(code: int) -> bytes | None:
        with contextlib.suppress(OSError):
            return (site.site_dir / f"{code}.html").read_bytes()
        return None

    server.error_handler = error_page
    return server


def _page_html(site: LiveSite, root: Path, folder: Path, url: str) -> str | None:
    """The HTML of the page at ``url`` (site-relative): a serve-only page, rendered now, or
    a built page read from the served folder; ``None`` for anything else."""
    for serve_page in SERVE_PAGES:
        if url == site.url_of(serve_page.path):
            # Not in the search index (overrides/main.html marks no search body on them).
            markdown = "---\nsearch:\n  exclude: true\n---\n" + serve_page.markdown(root)
            return site.render_extra(serve_page.path, markdown)
    if url and not url.endswith("/") and not url.endswith(".html"):
        return None
    try:
        return (folder / (url + "index.html" if not url or url.endswith("/") else url)
                ).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


# -- serve ------------------------------------------------------------------------------------


def _link_tree(source: Path, target: Path) -> None:
    """A copy of ``source`` made of hard links (no data copied); a real copy if the file
    system refuses links. ``target`` must not exist."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if sys.platform.startswith("linux") and subprocess.run(
            ["cp", "-al", "--", str(source), str(target)], check=False,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode == 0:
        return  # GNU cp: twice as fast as Python here (1.0 s for 22,000 files at 10k)
    shutil.rmtree(target, ignore_errors=True)
    try:
        shutil.copytree(source, target, copy_function=os.link)
    except (OSError, shutil.Error):
        # Start again: copying over a link already made would write into site/'s file.
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)


def _serve_folder(root: Path) -> Path:
    """A new folder for the served site, beside site/ (so that hard links to it work), or in
    the system's temporary folder if the project's is read-only; a dead serve's leftovers
    go."""
    for old in root.glob(".serve-*"):
        pid = old.name.split("-")[1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(old, ignore_errors=True)
    try:
        return Path(tempfile.mkdtemp(prefix=f".serve-{os.getpid()}-", dir=root))
    except OSError:
        return Path(tempfile.mkdtemp(prefix=f"dossier-serve-{os.getpid()}-"))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def start_site(root: Path, site: LiveSite,
               indexers: list[subprocess.Popen[bytes]] | None = None) -> bool:
    """Fill the served folder: a copy of ``site/`` when it was built from what docs/ holds
    now (its digest), without rendering a page; else every page built. True if copied.

    Without any ``site/pagefind/``, the served site is indexed once, in the background
    (the process is added to ``indexers``, for serve to stop it)."""
    from build_tools.search_index import BUNDLE, index_command

    started = time.perf_counter()
    built = root / "site"
    current = built_digest(built) == inputs_digest(root, config_site_url(root))
    if current:
        _link_tree(built, site.site_dir)
        site.open(render=False)
        _say(f"site/ is up to date: serving a copy of it (ready in "
             f"{time.perf_counter() - started:.1f} s).")
        return True
    _say(("site/ is out of date" if built.is_dir() else "no site/ yet")
         + ": building every page (make site saves this wait next time)…")
    if (built / BUNDLE).is_dir():
        _link_tree(built / BUNDLE, site.site_dir / BUNDLE)  # search lags behind until make site
    pages = site.open(render=True)
    _say(f"built {pages} pages in {time.perf_counter() - started:.1f} s.")
    if not (site.site_dir / BUNDLE).is_dir():  # index once, in the background
        indexer = subprocess.Popen(index_command(site.site_dir), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        if indexers is not None:
            indexers.append(indexer)
    return False


def apply_changes(root: Path, site: LiveSite, changes: Changes,
                  regenerate: Callable[[frozenset[str]], BuildResult | None]) -> bool:
    """Regenerate if data/ or the configuration changed, then bring the served site in line
    with what changed in docs/. False if there was nothing to do (the generator's own
    writes in docs/). ``regenerate`` is given the changed data files (it reads those again,
    and any other whose size or times changed)."""
    rewritten = set(changes.docs)
    if changes.data or changes.config:
        result = regenerate(changes.data)
        if result is not None and result.report is not None:
            rewritten |= {*result.report.written, *result.report.removed}
    started = time.perf_counter()
    try:
        if changes.config:
            update = SiteUpdate(site.reopen(), True)
        elif rewritten:
            update = site.update(rewritten)
        else:
            return bool(changes.data)  # (the problems may have changed)
    except Exception as exc:  # noqa: BLE001 - a bad mkdocs.yml: keep serving the last site
        site.problems_of["mkdocs.yml"] = (Problem(
            "mkdocs.yml", 1, 1, Severity.WARNING,
            f"MkDocs cannot load the site ({exc}); the last good site is served",
            "mkdocs-warning"),)
        LIVE.record(site.problems, site=True)
        _say(str(site.problems_of["mkdocs.yml"][0]))
        return True
    for problem in site.problems:
        _say(str(problem))
    LIVE.record(site.problems, site=True)
    how = "every page" if update.full else f"{update.rendered} page(s)"
    _say(f"site updated in {time.perf_counter() - started:.1f} s ({how} built again).")
    return True


def serve_forever(root: Path, dev_addr: str,
                  on_change: Callable[[frozenset[str]], BuildResult | None],
                  prepare: Callable[[], Iterable[str]] = frozenset) -> None:
    """Serve the site with live reload; after each burst of changes, call
    ``on_change(changed data files)`` if data/ or the configuration changed (it regenerates
    the pages that changed and returns the result), then update the served site.
    ``prepare`` runs once the site is served and the watcher watching (serve's regenerations
    get ready there); it returns the pages of docs/ it wrote or removed."""
    host, _, port = dev_addr.rpartition(":")
    folder = _serve_folder(root)
    site = LiveSite(root, folder / "site")
    server = None
    indexers: list[subprocess.Popen[bytes]] = []
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # the finally below runs
    try:
        start_site(root, site, indexers)
        LIVE.record(site.problems, site=True)
        server = _make_server(site, root, host or "127.0.0.1", int(port))

        def ready() -> None:  # watching already: no edit made once served is missed
            server.start()
            _say(f"Serving on {server.url}")
            # An edit saved since the first build is written by prepare()'s complete run,
            # and its own event then finds nothing new: the served site follows it here.
            if apply_changes(root, site, Changes(docs=frozenset(prepare())), on_change):
                server.reload()

        def changed(paths: frozenset[str]) -> None:
            if apply_changes(root, site, classify(root, paths), on_change):
                server.reload()

        watch_data(watched(root), changed, threading.Event(), prepare=ready)
    except KeyboardInterrupt:
        _say("Shutting down…")
    finally:
        if server is not None:
            server.shutdown()
        for indexer in indexers:
            indexer.terminate()
            indexer.wait()
        site.close()
        shutil.rmtree(folder, ignore_errors=True)
