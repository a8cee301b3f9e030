"""What's new, in Chromium: « Mis à jour le … » on record pages, the « Dernières mises à
jour » page, and the Atom feed linked from every page and fetched from the served site.

The frozen dossier is committed to a git repository built here (fixed dates) and built, by
the generator and MkDocs, with SITE_URL set to the address of the server that serves it,
as a deployment would be.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator

import feedparser  # type: ignore[import-untyped]
import pytest

from tests.browser_support import (
    ERDOGAN,
    QuietHandler,
    Reader,
    SiteServer,
    serve_site,
)
from tests.conftest import S400_DATA, make_project, subprocess_env
from tests.test_history import commit_all, new_repo

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
UPDATES = "mises-a-jour/"


@pytest.fixture(scope="module")
def history_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The frozen dossier, committed on 8 April 2019, built with SITE_URL and served."""
    server = SiteServer(("127.0.0.1", 0), QuietHandler)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    root = make_project(tmp_path_factory.mktemp("history"), S400_DATA)
    new_repo(root)
    commit_all(root, "2019-04-08T10:00:00+02:00", "dossier")
    env = {**subprocess_env(), "SITE_URL": url}
    for command in ([sys.executable, "-m", "build_tools", "build", "--root", str(root)],
                    [sys.executable, "-m", "mkdocs", "build", "--strict", "-f",
                     str(root / "mkdocs.yml")]):
        done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True,
                              timeout=600, check=False)
        assert done.returncode == 0, done.stderr
    yield from serve_site(root / "site", server)


@pytest.fixture
def open_at(open_site: Callable[..., Reader], history_site: str) -> Callable[..., Reader]:
    """Factory ``open_at(viewport, …)`` → a guarded Reader of the history site."""
    return lambda viewport, **options: open_site(history_site, viewport=viewport, **options)


@pytest.mark.parametrize(("viewport", "name"), [(WIDE, "1366"), (PHONE, "390")])
def test_record_page_says_when_it_changed(open_at: Callable[..., Reader],
                                          viewport: dict[str, int], name: str) -> None:
    reader = open_at(viewport, is_mobile=viewport is PHONE)
    reader.open(ERDOGAN)
    line = reader.page.locator("p.dossier-updated")
    assert line.inner_text() == "Mis à jour le 8 avril 2019"
    assert line.is_visible()
    reader.screenshot(f"history-record-{name}")


@pytest.mark.parametrize(("viewport", "name"), [(WIDE, "1366"), (PHONE, "390")])
def test_updates_page(open_at: Callable[..., Reader], viewport: dict[str, int],
                      name: str) -> None:
    reader = open_at(viewport, is_mobile=viewport is PHONE)
    reader.open(UPDATES)
    assert reader.heading() == "Dernières mises à jour"
    rows = reader.page.locator("article li")
    assert rows.count() > 0
    first = rows.first
    assert first.inner_text().startswith("8 avril 2019 — Ajout — Acteur\u202f: ")
    # Each record is one click away, its name in full on a phone too.
    target = first.locator("a")
    box = target.bounding_box()
    assert box is not None and box["x"] + box["width"] <= viewport["width"]
    title = target.inner_text()
    target.click()
    # Instant navigation replaces the page without a load event: wait for its heading.
    reader.page.locator("h1", has_text=title).wait_for()
    assert reader.heading() == title
    reader.open(UPDATES)
    reader.screenshot(f"history-updates-{name}")
    assert reader.axe_violations() == []


def test_every_page_links_the_feed_and_the_feed_parses(open_at: Callable[..., Reader],
                                                       history_site: str) -> None:
    reader = open_at(WIDE)
    feed_url = f"{history_site}atom.xml"
    for path in ("", ERDOGAN, UPDATES, "chronologie/", "modifier-le-dossier/"):
        reader.open(path)
        link = reader.page.locator('head link[rel="alternate"][type="application/atom+xml"]')
        assert link.count() == 1, path
        assert link.get_attribute("href") == feed_url
    response = reader.page.request.get(feed_url)
    assert response.ok
    feed = feedparser.parse(response.body())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert 0 < len(feed.entries) <= 50
    assert all(entry.link.startswith(history_site) for entry in feed.entries)
    # An entry's link is a page of the served site, which says when it changed.
    reader.page.goto(feed.entries[0].link)
    reader.page.wait_for_load_state("networkidle")
    assert reader.page.locator("p.dossier-updated").inner_text() == (
        "Mis à jour le 8 avril 2019")
