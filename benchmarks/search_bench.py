"""Reader search figures in headless Chromium (issue 12), on a built site with its Pagefind
index (a synthetic one from :mod:`benchmarks.synthetic_site`, or ``make bench``'s).

    python -m benchmarks.search_bench PROJECT [--runs 3]

serves PROJECT/site on 127.0.0.1 and measures, in Debian's Chromium (/usr/bin/chromium,
driven by Playwright, as the browser tests), each run in a fresh browser context (empty cache):

- **ready**: the home page's load event → the search dialog, opened at that moment, has
  loaded and initialised Pagefind (the dialog's ``data-ready`` mark);
- **per query**: typing a record name (one input event) → every result shown in its final
  order (the dialog shows the first five, then the others, and puts an exact title first),
  for several actors' and weapons' names spread over the dossier, each searched for the
  first time; also the time to the first results; and whether that record's page came first;
- **bytes**: what the site sent for the first query (index chunks, result fragments), and
  for the initialisation before it (pagefind.js, its WebAssembly, the filters), from the
  sizes of the files requested (the server sends them uncompressed).

Medians over runs and names; the JSON line printed last holds every figure.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import re
import statistics
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
SECTIONS = {"actors": "acteurs", "weapons": "systemes-d-armes"}
# In the page: open the dialog at once and resolve with (load event end, ready) times.
READY_JS = """() => new Promise(resolve => {
  const dialog = document.querySelector('[data-dossier-search]');
  const load = performance.getEntriesByType('navigation')[0].loadEventEnd;
  const done = () => resolve([load, performance.now()]);
  new MutationObserver((_, observer) => {
    if ('ready' in dialog.dataset) { observer.disconnect(); done(); }
  }).observe(dialog, {attributes: true});
  document.querySelector('.md-search__input').focus();
})"""
# In the page: type QUERY as one input event; resolve with (ms to the first results, ms to
# every result in its final order — the list is aria-busy in between —, the first href).
QUERY_JS = """query => new Promise(resolve => {
  const input = document.querySelector('.md-search__input');
  const meta = document.querySelector('.md-search-result__meta');
  const list = document.querySelector('.md-search-result__list');
  const before = meta.textContent;
  let start, first = null;
  new MutationObserver((_, observer) => {
    if (meta.textContent === before) {
      return;
    }
    const now = performance.now();
    if (first === null) {
      first = now - start;
    }
    if (list.getAttribute('aria-busy') === 'false') {
      observer.disconnect();
      const link = list.querySelector('a');
      resolve([first, now - start, link ? link.getAttribute('href') : null]);
    }
  }).observe(meta.parentNode, {childList: true, characterData: true, subtree: true,
                               attributes: true, attributeFilter: ['aria-busy']});
  input.value = query;
  start = performance.now();
  input.dispatchEvent(new Event('input'));
})"""
CLEAR_JS = """() => { const input = document.querySelector('.md-search__input');
  input.value = ''; input.dispatchEvent(new Event('input')); }"""


@dataclass
class SearchFigures:
    """Medians over runs (times in ms, sizes in bytes)."""

    pages: int
    index_bytes: int
    ready_ms: float
    ready_runs: list[float]
    query_ms: float
    query_max_ms: float
    query_runs: list[float]
    first_results_ms: float
    first_query_bytes: int
    init_bytes: int
    found_first: int
    queries: int


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """No access log."""


@contextmanager
def served(site: Path) -> Iterator[str]:
    """``site`` on a free port of 127.0.0.1, in a thread."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def record_names(project: Path, count: int = 7) -> list[tuple[str, str]]:
    """``(name, page URL)`` of ``count`` actors and weapons spread evenly over the dossier."""
    files = [(folder, path) for folder in SECTIONS
             for path in sorted((project / "data" / folder).glob("*.yaml"))]
    step = max(1, len(files) // count)
    picked = []
    for folder, path in files[step // 2::step][:count]:
        match = re.search(r"^name: *(.+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
        if match:
            picked.append((match.group(1).strip().strip("'\""),
                           f"/{SECTIONS[folder]}/{path.stem}/"))
    return picked


def measure_search(project: Path, runs: int = 3) -> SearchFigures:
    """Every figure of the module's docstring, for ``project/site``."""
    from playwright.sync_api import sync_playwright

    site = project / "site"
    names = record_names(project)
    ready: list[float] = []
    times: list[float] = []
    firsts: list[float] = []
    found = 0
    first_bytes = init_bytes = 0
    requested: list[str] = []  # every URL the page asked for, in order (of the current run)
    with served(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS,
                                             headless=True)
        for run in range(runs):
            context = browser.new_context(locale="fr-FR")
            page = context.new_page()
            requested.clear()
            page.on("request", lambda request: requested.append(request.url))
            page.goto(base, wait_until="load")
            mark = len(requested)
            load, at = page.evaluate(READY_JS)
            ready.append(at - load)
            init = _bytes(site, base, requested[mark:])
            for number, (name, url) in enumerate(names):
                page.evaluate(CLEAR_JS)
                mark = len(requested)
                early, elapsed, href = page.evaluate(QUERY_JS, name)
                firsts.append(early)
                times.append(elapsed)
                if run == 0:
                    found += bool(href) and urlsplit(href).path == url
                    if number == 0:
                        first_bytes, init_bytes = _bytes(site, base, requested[mark:]), init
            context.close()
        browser.close()
    return SearchFigures(
        pages=sum(1 for _ in site.rglob("index.html")),
        index_bytes=sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file()),
        ready_ms=statistics.median(ready), ready_runs=ready,
        query_ms=statistics.median(times), query_max_ms=max(times), query_runs=times,
        first_results_ms=statistics.median(firsts),
        first_query_bytes=first_bytes, init_bytes=init_bytes, found_first=found,
        queries=len(names))


def _bytes(site: Path, base: str, urls: Sequence[str]) -> int:
    """The size of the site's files at these URLs (each counted once)."""
    total = 0
    for url in dict.fromkeys(urls):
        if url.startswith(base):
            path = site / unquote(urlsplit(url).path).lstrip("/")
            path = path / "index.html" if path.is_dir() else path
            total += path.stat().st_size if path.is_file() else 0
    return total


def render(figures: SearchFigures) -> str:
    """One line per figure, for a terminal."""
    f = figures
    return "\n".join([
        f"pages {f.pages:,}, Pagefind index {f.index_bytes / 1e6:.1f} MB on disk",
        f"page load → search ready: {f.ready_ms:.0f} ms (median; runs "
        + ", ".join(f"{r:.0f}" for r in f.ready_runs) + ")",
        f"query → results, record names: {f.query_ms:.0f} ms median, {f.query_max_ms:.0f} ms "
        f"max ({len(f.query_runs)} queries; first results after {f.first_results_ms:.0f} ms "
        f"median); record first for {f.found_first}/{f.queries}",
        f"bytes for the first query: {f.first_query_bytes / 1e3:.0f} kB "
        f"(+ {f.init_bytes / 1e3:.0f} kB to initialise: "
        f"{(f.first_query_bytes + f.init_bytes) / 1e3:.0f} kB in all)",
    ])


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: PROJECT, --runs."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.search_bench",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("project", type=Path, help="a project whose site/ is built and indexed")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    figures = measure_search(args.project.resolve(), args.runs)
    print(render(figures))
    print(json.dumps(asdict(figures)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
