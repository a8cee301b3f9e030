"""Browser fixtures shared by every browser test file (a pytest plugin, see conftest.py).

The frozen dossier's site (``s400_site``) served on 127.0.0.1 by a thread; Debian's headless
Chromium driven by Playwright; a ``Reader`` (one guarded tab) that fails its test on a console
error, an uncaught exception or any request to a host other than the local server.
"""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

from tests.conftest import REPO, run_pagefind, subprocess_env

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags Chromium calls Google's hosts at start-up.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
AXE_JS = REPO / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
SEARCH_DOC = REPO / "tests" / "search_queries.md"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 375, "height": 812}

ARTICLE = "articles/poutine-erdogan-kremlin-2019/"
ERDOGAN = "acteurs/recep-tayyip-erdogan/"
# One page of each kind the site has (site-relative URLs).
PAGE_KINDS = {
    "accueil": "",
    "article": ARTICLE,
    "acteur": ERDOGAN,
    "systeme-d-armes": "systemes-d-armes/s-400/",
    "evenement": "evenements/rencontre-poutine-erdogan-kremlin-2019/",
    "chronologie": "chronologie/",
    "index-acteurs": "acteurs/",
    "index-systemes-d-armes": "systemes-d-armes/",
    "index-evenements": "evenements/",
    "index-articles": "articles/",
    "a-propos": "a-propos/",
    "recherche": "recherche/",
}
BLOCKING_IMPACTS = ("serious", "critical")


# -- the local server and the browser ---------------------------------------------------


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves site/ without an access log (it would drown pytest's output)."""

    def log_message(self, format: str, *args: Any) -> None:
        """Log nothing."""


class SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Ignore connections the browser dropped (broken pipe); report anything else."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve_site(site: Path, server: SiteServer | None = None,
               handler: type[http.server.BaseHTTPRequestHandler] = QuietHandler
               ) -> Iterator[str]:
    """Serve ``site`` on 127.0.0.1 from a thread (on ``server``, made beforehand when the
    site must know its address); yield the base URL."""
    server = server or SiteServer(("127.0.0.1", 0), QuietHandler)
    server.RequestHandlerClass = functools.partial(handler, directory=str(site))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture(scope="session")
def site_url(s400_site: Path) -> Iterator[str]:
    """The frozen dossier's site/, served on 127.0.0.1 by a background thread."""
    yield from serve_site(s400_site / "site")


@pytest.fixture(scope="session")
def real_url(real_site: Path) -> Iterator[str]:
    """The real dossier's site/, served on 127.0.0.1 by a background thread."""
    yield from serve_site(real_site / "site")


@pytest.fixture(scope="session")
def deployed_url(s400_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The frozen dossier rebuilt with SITE_URL set to its server's address, as a deployment.

    Material's instant navigation and hover previews only work when site_url matches the
    address the site is served from; the other tests use the site as built without it.
    """
    server = SiteServer(("127.0.0.1", 0), QuietHandler)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    root = tmp_path_factory.mktemp("deployed") / "project"
    shutil.copytree(s400_site, root)
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml")],
        cwd=root, env={**subprocess_env(), "SITE_URL": url}, capture_output=True, text=True,
        timeout=600, check=False)
    assert built.returncode == 0, built.stderr
    run_pagefind(root).check()  # mkdocs emptied site/, its search index too
    yield from serve_site(root / "site", server)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium, driven by Playwright (which cannot download its own)."""
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run ./scripts/install-chromium (make test does)")
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)  # no stale picture from an older run
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


# -- a reader: one browser context with its guards --------------------------------------


@dataclass(frozen=True)
class Hit:
    """One search result: the page's site-relative URL (``/acteurs/otan/``) and title."""

    url: str
    title: str


@dataclass
class Reader:
    """A browser tab on the local site that records what must never happen."""

    page: Page
    base: str
    problems: list[str] = field(default_factory=list)

    def open(self, path: str) -> None:
        """Load a site-relative URL and wait until the network is idle."""
        self.page.goto(self.base + path)
        self.page.wait_for_load_state("networkidle")

    def path(self) -> str:
        """The current site-relative URL, without query nor fragment."""
        return "/" + urlsplit(self.page.url).path.lstrip("/")

    def heading(self) -> str:
        """The page's h1 text, without its permalink sign."""
        return self.page.locator("h1").inner_text().removesuffix("¶").strip()

    def screenshot(self, name: str) -> None:
        """Save a full-page screenshot to test-artifacts/screenshots/NAME.png."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def search(self, query: str) -> list[Hit]:
        """Type QUERY into the search box (partials/search.html, on Pagefind's index); return
        the result pages, best first (at most the 20 the dialog shows)."""
        box = self.page.locator("input.md-search__input")
        meta = self.page.locator(".md-search-result__meta")
        placeholder = "Taper pour démarrer la recherche"
        box.click()
        box.press("Control+A")
        box.press("Backspace")
        meta.filter(has_text=placeholder).wait_for()  # the box is empty, no result pending
        # One input event for the whole query (the dialog drops stale results, but one
        # search per query is faster).
        box.fill(query)
        box.press("End")
        # Then every result shown (the first ones come before the others: aria-busy).
        self.page.wait_for_function(
            "p => !['', p, 'Initialisation de la recherche']"
            ".includes(document.querySelector('.md-search-result__meta').textContent.trim())"
            " && document.querySelector('.md-search-result__list')"
            ".getAttribute('aria-busy') !== 'true'",
            arg=placeholder)
        hits = self.page.eval_on_selector_all(
            "li.md-search-result__item > a.md-search-result__link:first-child",
            """links => links.map(a => [a.href,
                (a.querySelector('h1') || a.querySelector('h2')).textContent.trim()])""")
        box.press("Escape")
        return [Hit("/" + urlsplit(url).path[len(urlsplit(self.base).path):], title)
                for url, title in hits]

    def axe_violations(self) -> list[str]:
        """Run axe-core on the current page; describe its serious and critical violations."""
        if not AXE_JS.exists():
            pytest.fail(f"{AXE_JS} is missing: run `npm ci` in tests/browser (make test does)")
        # Colours are measured on the settled page: a transition under way (Material fades
        # the tabs out and in as the page scrolls, e.g. after a full-page screenshot) would
        # be measured half-way, and the result would depend on the machine's speed.
        self.page.add_style_tag(content="*, *::before, *::after { transition: none !important;"
                                        " animation: none !important; }")
        self.page.add_script_tag(path=str(AXE_JS))
        result = self.page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
        return [f"{v['impact']} {v['id']}: {v['help']} — "
                + "; ".join(str(node["target"]) for node in v["nodes"][:5])
                for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]


def guard_context(context: BrowserContext, base: str, problems: list[str]) -> None:
    """Block and record requests that leave the local server; record console errors."""

    def block(route: Route) -> None:
        problems.append(f"request to another host: {route.request.url}")
        route.abort("blockedbyclient")

    # A regular expression is matched inside the browser driver: only requests that leave
    # the local server make the round trip to Python (routing every request is much slower).
    context.route(re.compile(rf"^(?!{re.escape(base)}|data:|blob:)"), block)

    def watch(page: Page) -> None:
        page.on("console", lambda message: problems.append(
            f"console {message.type} on {page.url}: {message.text}")
            if message.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(f"page error on {page.url}: {error}"))

    context.on("page", watch)


@pytest.fixture
def open_site(browser: Browser) -> Iterator[Callable[..., Reader]]:
    """Factory: ``open_site(base, viewport=…, color_scheme=…, is_mobile=…)`` → a guarded
    Reader of the site served at ``base`` (desktop viewport unless told).

    At teardown the test fails if any reader saw a console error, an uncaught exception
    or a request to another host.
    """
    contexts: list[tuple[BrowserContext, Reader]] = []

    def make(base: str, **options: Any) -> Reader:
        options.setdefault("viewport", DESKTOP)
        context = browser.new_context(locale="fr-FR", **options)
        problems: list[str] = []
        guard_context(context, base, problems)
        reader = Reader(context.new_page(), base, problems)
        contexts.append((context, reader))
        return reader

    yield make
    problems = [p for context, reader in contexts for p in reader.problems]
    for context, _ in contexts:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture
def open_reader(open_site: Callable[..., Reader], site_url: str) -> Callable[..., Reader]:
    """Factory: ``open_reader(viewport=…, …)`` → a guarded Reader of the frozen dossier."""
    return functools.partial(open_site, site_url)


@pytest.fixture
def reader(open_reader: Callable[..., Reader]) -> Reader:
    """A guarded desktop reader."""
    return open_reader()
