"""A sense of place, in headless Chromium (issue 11): the active tab, the breadcrumb and the
left sidebar of every page kind, the French 404 page, and French collation.

Record pages are kept out of the nav (mkdocs.yml not_in_nav, DESIGN.md §5), so MkDocs marks
no nav item active for them; overrides/partials/place.html, tabs-item.html and path.html
give them their section's tab and a breadcrumb, and the generated pages hide Material's
left sidebar (build_tools/site.py NO_SIDEBAR). Those overrides copy or replace Material
partials that change between minor versions: these tests pin what readers see.

* On the real dossier (``real_site``) only what holds for any dossier: for every page kind
  present (one page of each section folder, index or record), the tab, the breadcrumb
  « Accueil › <section> › <h1> » and the sidebar, at 1366 px and at 390 px.
* On synthetic-small, the kinds a small dossier lacks (mention lists, their second pages);
  on the hostile fixture, the breadcrumb shows a hostile title as text.
* The 404 page (overrides/404.html) and the collation of the actors' index on the frozen
  S-400 copy (``s400_site``), whose content does not change with data/.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from build_tools import views
from tests.browser_support import QuietHandler, Reader, SiteServer, guard_context, serve_site
from tests.conftest import FIXTURES, make_project, run_cli, run_mkdocs, subprocess_env
from tests.test_golden import HOME, LIMITS
from tests.test_hostile import RECORD_PAGES, hostile_site, parse, visible

__all__ = ["hostile_site"]  # the hostile fixture's built site, used below

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
# The tab (nav label of mkdocs.yml) each folder of pages belongs to: mention lists belong
# to Articles. The folders whose index page is a nav entry of its own: SECTION_FOLDERS.
TAB_OF_FOLDER = {
    "chronologie": "Chronologie",
    "evenements": "Événements",
    "acteurs": "Acteurs",
    "systemes-d-armes": "Systèmes d’armes",
    "articles": "Articles",
    "mentions": "Articles",
}
SECTION_FOLDERS = ("chronologie", "evenements", "acteurs", "systemes-d-armes", "articles")
HOME_CRUMB = "Accueil"
# Grid edge to h1: Material's content margins (~16 px) but no 242 px sidebar column.
MAX_LEFT_GAP = 60


# -- serving sites ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """synthetic-small built as its golden case is (mention lists of one and two pages)."""
    root = make_project(tmp_path_factory.mktemp("small"), FIXTURES / "synthetic-small" / "data",
                        home=HOME)
    with pytest.MonkeyPatch.context() as patch:
        for name, value in LIMITS["synthetic-small"].items():
            patch.setattr(views, name, value)
        run_cli(root, "build").check()
    run_mkdocs(root).check()
    return root / "site"


@pytest.fixture(scope="module")
def small_url(small_site: Path) -> Iterator[str]:
    """synthetic-small's site/, served."""
    yield from serve_site(small_site)


@pytest.fixture
def open_at(open_site: Callable[..., Reader]) -> Callable[..., Reader]:
    """Factory ``open_at(base, viewport=…)`` → a guarded Reader on the site served at
    ``base`` (browser_support's open_site)."""
    return open_site


# -- what a page says about its place ---------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """What a reader sees of a page's place, measured in the browser."""

    active_tabs: list[str]      # the text of the tabs marked active
    tab_visible: bool
    crumbs: list[str]           # breadcrumb items, in order ([] when there is none)
    crumb_links: list[str | None]  # their site-relative targets; None: not a link
    current: list[str]          # the items marked aria-current="page"
    crumbs_visible: bool
    crumbs_overflow: bool       # the breadcrumb is wider than its box (scrolls sideways)
    crumbs_indent: float        # px from the h1's left edge to the breadcrumb's text
    heading: str
    sidebar_visible: bool
    sidebar_links: list[str]    # site-relative targets of the visible sidebar links
    sidebar_labels: list[str]   # and their text
    left_gap: float             # px from the grid's left edge to the h1


_PLACE = """base => {
  const shown = el => !!el && el.getClientRects().length > 0
    && getComputedStyle(el).visibility !== 'hidden';
  const words = el => el.textContent.replace(/\\s+/g, ' ').trim();
  const local = href => href === null ? null
    : '/' + new URL(href, location.href).href.slice(base.length);
  const tabs = [...document.querySelectorAll('.md-tabs__item--active')];
  const path = document.querySelector('nav.md-path');
  const items = path ? [...path.querySelectorAll('li.md-path__item')] : [];
  const sidebar = document.querySelector('.md-sidebar--primary');
  const h1 = document.querySelector('article h1');
  const heading = h1.cloneNode(true);
  heading.querySelectorAll('.headerlink').forEach(a => a.remove());
  return {
    active_tabs: tabs.map(words),
    tab_visible: tabs.length > 0 && shown(tabs[0].querySelector('a')),
    crumbs: items.map(words),
    crumb_links: items.map(li => li.querySelector('a') && local(li.querySelector('a').href)),
    current: [...(path ? path.querySelectorAll('[aria-current=page]') : [])].map(words),
    crumbs_visible: shown(path),
    crumbs_overflow: !!path && path.scrollWidth > path.clientWidth,
    crumbs_indent: items.length ? items[0].getBoundingClientRect().left
      - h1.getBoundingClientRect().left : 0,
    heading: words(heading),
    sidebar_visible: shown(sidebar) && sidebar.getBoundingClientRect().width > 0,
    sidebar_links: [...sidebar.querySelectorAll('a.md-nav__link')].filter(shown)
      .map(a => local(a.href)),
    sidebar_labels: [...sidebar.querySelectorAll('a.md-nav__link')].filter(shown).map(words),
    left_gap: h1.getBoundingClientRect().left
      - document.querySelector('.md-main__inner').getBoundingClientRect().left,
  };
}"""


def place_of(reader: Reader, path: str) -> Place:
    """Open the site-relative URL ``path`` and measure its place (once loaded: nothing
    measured here waits for the network to be idle, which Reader.open does)."""
    reader.page.goto(reader.base + path)
    return Place(**reader.page.evaluate(_PLACE, reader.base))


def page_kinds(site: Path) -> dict[str, str]:
    """One page (site-relative URL) of each kind of the sections' folders: a folder's index
    page (kind = the folder) and its first record page (kind = folder + "/*"); for mention
    lists, also a second list page (« mentions/*/2 ») when there is one."""
    kinds: dict[str, str] = {}
    for page in sorted(site.glob("*/**/index.html")):
        parts = page.relative_to(site).parent.parts
        if parts[0] not in TAB_OF_FOLDER:
            continue
        kind = parts[0] if len(parts) == 1 else parts[0] + "/*" + "/2" * (len(parts) > 2)
        kinds.setdefault(kind, "/".join(parts) + "/")
    return kinds


def expected_crumbs(kind: str, heading: str) -> list[str]:
    """Accueil › <section> › <h1> for a record page; Accueil › <section> for its index."""
    folder = kind.split("/")[0]
    section = [TAB_OF_FOLDER[folder]]
    return [HOME_CRUMB, *section] if "/" not in kind else [HOME_CRUMB, *section, heading]


def place_problems(kind: str, path: str, seen: Place, *, wide: bool) -> list[str]:
    """What is wrong with the place of page ``path`` of ``kind`` (empty: nothing)."""
    folder = kind.split("/")[0]
    crumbs = expected_crumbs(kind, seen.heading)
    expected_links: list[str | None] = ["/", f"/{folder if folder != 'mentions' else 'articles'}/"]
    expected_links = expected_links[:len(crumbs) - 1] + [None]
    checks = {
        "breadcrumb": seen.crumbs == crumbs,
        "breadcrumb links": seen.crumb_links == expected_links,
        "current page marked": seen.current == crumbs[-1:],
        "breadcrumb shown": seen.crumbs_visible and not seen.crumbs_overflow,
        "breadcrumb aligned with the h1": abs(seen.crumbs_indent) <= 2,
    }
    if wide:
        checks |= {
            "active tab": seen.active_tabs == [TAB_OF_FOLDER[folder]] and seen.tab_visible,
            "no left sidebar": not seen.sidebar_visible,
            "no empty left column": seen.left_gap < MAX_LEFT_GAP,
        }
    return [f"{path} ({kind}, {'1366' if wide else '390'} px): {name}: {seen}"
            for name, ok in checks.items() if not ok]


def check_every_kind(open_at: Callable[..., Reader], base: str, kinds: dict[str, str]) -> None:
    """Each page of ``kinds`` has its tab, breadcrumb and no sidebar, wide and on a phone."""
    problems = []
    for viewport, wide in ((WIDE, True), (PHONE, False)):
        reader = open_at(base, viewport=viewport, is_mobile=not wide, has_touch=not wide)
        for kind, path in kinds.items():
            problems += place_problems(kind, path, place_of(reader, path), wide=wide)
    assert not problems, "\n".join(problems)


# -- the tests on the real dossier ------------------------------------------------------------


def test_every_page_kind_shows_its_section(open_at: Callable[..., Reader], real_url: str,
                                           real_site: Path) -> None:
    """Section indexes and record pages of the real dossier: the section's tab is active,
    the breadcrumb reads Accueil › <section> (› <h1> on a record page) with links to the
    home page and the section, and no left sidebar nor empty column takes the left of a
    1366 px screen; on a 390 px phone the breadcrumb shows and fits."""
    kinds = page_kinds(real_site / "site")
    assert set(SECTION_FOLDERS) <= set(kinds), kinds  # every dossier has its five sections
    assert any("/" in kind for kind in kinds), kinds
    check_every_kind(open_at, real_url, kinds)


def test_pages_in_the_nav_keep_materials_place(open_at: Callable[..., Reader],
                                               real_url: str) -> None:
    """The home page: its tab, no breadcrumb. The « À propos » pages: their tab, a
    breadcrumb, and a sidebar listing the three pages of the section (not only itself)."""
    reader = open_at(real_url, viewport=WIDE)
    home = place_of(reader, "")
    assert (home.active_tabs, home.crumbs, home.sidebar_visible) == (["Accueil"], [], False)
    about = ["/a-propos/", "/recherche/", "/modifier-le-dossier/"]
    for path in about:
        seen = place_of(reader, path.lstrip("/"))
        assert seen.active_tabs == ["À propos"], (path, seen)
        assert seen.crumbs[:2] == [HOME_CRUMB, "À propos"], (path, seen)
        assert seen.sidebar_visible and set(about) <= set(seen.sidebar_links), (path, seen)
        # The guide is listed under its own name (Material's navigation.indexes made it
        # the section's page, linked as « À propos »).
        assert ("Modifier le dossier", "/modifier-le-dossier/") in zip(
            seen.sidebar_labels, seen.sidebar_links, strict=True), (path, seen)


def test_no_sidebar_lists_only_its_own_page(open_at: Callable[..., Reader],
                                            real_url: str) -> None:
    """On a 1366 px screen, no page of the nav has a left sidebar whose only link is
    the page itself (Material's look for a one-page section)."""
    reader = open_at(real_url, viewport=WIDE)
    pages = ["", "a-propos/", "recherche/", "modifier-le-dossier/",
             *(f"{folder}/" for folder in SECTION_FOLDERS)]
    alone = []
    for path in pages:
        seen = place_of(reader, path)
        others = set(seen.sidebar_links) - {"/" + path}
        if seen.sidebar_visible and not others:
            alone.append(f"{path or '/'}: {seen.sidebar_links}")
    assert not alone, "\n".join(alone)


def test_phone_menu_reaches_every_section(open_at: Callable[..., Reader], real_url: str,
                                          real_site: Path) -> None:
    """On a 390 px phone, a record page (its sidebar hidden on wide screens) still opens the
    menu drawer, which links to every section."""
    record = next(path for kind, path in page_kinds(real_site / "site").items() if "/" in kind)
    phone = open_at(real_url, viewport=PHONE, is_mobile=True, has_touch=True)
    phone.open(record)
    phone.page.locator("label.md-header__button[for='__drawer']").click()
    drawer = phone.page.locator(".md-sidebar--primary")
    phone.page.wait_for_function(
        "() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
    links = drawer.locator("a.md-nav__link").evaluate_all(
        "links => links.filter(a => a.getClientRects().length > 0)"
        ".map(a => a.textContent.replace(/\\s+/g, ' ').trim())")
    assert {TAB_OF_FOLDER[f] for f in SECTION_FOLDERS} <= set(links), links


# -- content-specific kinds -------------------------------------------------------------------


def test_mention_lists_belong_to_articles(open_at: Callable[..., Reader], small_url: str,
                                          small_site: Path) -> None:
    """synthetic-small has every record kind, mention lists of one and two pages: each shows
    its section, Articles for the lists (mentions/<id>/, mentions/<id>/2/)."""
    kinds = page_kinds(small_site)
    assert {"acteurs/*", "evenements/*", "systemes-d-armes/*", "articles/*", "mentions/*",
            "mentions/*/2"} <= set(kinds), kinds
    check_every_kind(open_at, small_url, {k: v for k, v in kinds.items() if "/" in k})


def test_breadcrumb_shows_hostile_titles_as_text(hostile_site: Path) -> None:
    """A record title holding markup ends the breadcrumb as the text the h1 shows, and the
    breadcrumb holds only the theme's own elements."""
    for page, title in RECORD_PAGES.items():
        document = (hostile_site / page).read_text(encoding="utf-8")
        start = document.index('<nav class="md-path"')
        crumbs = parse(document[start:document.index("</nav>", start) + 6])
        assert {e.tag for e in crumbs.elements} <= {"nav", "ol", "li", "a", "span"}, page
        items = [" ".join(e.text.split()) for e in crumbs.find("li")]
        assert items[-1] == " ".join(visible(title).split()), page


# -- the 404 page -----------------------------------------------------------------------------


class NotFoundHandler(QuietHandler):
    """Answers a missing file as static hosts do (GitHub Pages, Netlify): status 404 with
    the site's 404.html, the one under ``prefix`` (the site's sub-path)."""

    prefix = "/"

    def send_error(self, code: int, message: str | None = None,
                   explain: str | None = None) -> None:
        """Serve ``<directory><prefix>404.html`` for a 404 under the prefix."""
        page = Path(self.directory) / self.prefix.strip("/") / "404.html"
        if code != 404 or not self.path.startswith(self.prefix) or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


class SubPathHandler(NotFoundHandler):
    prefix = "/sub/"


@pytest.fixture(scope="module")
def not_found_url(s400_site: Path) -> Iterator[str]:
    """The frozen copy (built without SITE_URL) served at the root, with its 404 page."""
    yield from serve_site(s400_site / "site", handler=NotFoundHandler)


@pytest.fixture(scope="module")
def sub_path_url(s400_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The frozen copy built with SITE_URL = http://127.0.0.1:<port>/sub/ and served from
    the parent folder, so that the site lives under /sub/ (a project site of GitHub Pages).
    Yields the server's root URL."""
    server = SiteServer(("127.0.0.1", 0), QuietHandler)
    root_url = f"http://127.0.0.1:{server.server_address[1]}/"
    project = tmp_path_factory.mktemp("sub-path") / "project"
    shutil.copytree(s400_site, project)
    www = project / "www"
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(www / "sub")],
        cwd=project, env={**subprocess_env(), "SITE_URL": root_url + "sub/"},
        capture_output=True, text=True, timeout=600, check=False)
    assert built.returncode == 0, built.stderr
    yield from serve_site(www, server, SubPathHandler)


def _open_missing(browser: Browser, root_url: str, path: str) -> tuple[Page, list[str]]:
    """Open a missing page; return the tab and the failures seen: requests to other hosts,
    page errors, and any request but the page's own that did not succeed."""
    context = browser.new_context(locale="fr-FR", viewport=WIDE)
    problems: list[str] = []
    guard_context(context, root_url, problems)
    page = context.new_page()
    page.on("response", lambda response: problems.append(
        f"{response.status} {response.url}")
        if response.status >= 400 and response.url != root_url + path else None)
    response = page.goto(root_url + path)
    assert response is not None and response.status == 404
    page.wait_for_load_state("networkidle")
    # Chromium logs every 404 on the console, the document's own included: failed requests
    # are told by their responses above instead.
    return page, [p for p in problems
                  if not (p.startswith("console error") and "status of 404" in p)]


@pytest.mark.parametrize(("where", "home"), [("root", ""), ("sub-path", "sub/")])
def test_404_page_is_french_and_leads_home(browser: Browser, not_found_url: str,
                                           sub_path_url: str, where: str, home: str) -> None:
    """A missing address answers with the French 404 page, styled (its stylesheets load),
    whose link opens the dossier's home page: at the root of a server, and under a
    sub-path when SITE_URL gives it."""
    root_url = not_found_url if where == "root" else sub_path_url
    page, problems = _open_missing(browser, root_url, home + "nope/deeper/")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.locator("article h1").inner_text() == "Page introuvable"
    assert "Cette adresse ne correspond à aucune page du dossier" in page.locator(
        "article").inner_text()
    assert page.title().startswith("Dossier S-400")
    # Material's stylesheet applied: the header is a coloured bar, not an unstyled list.
    assert page.locator(".md-header").evaluate("e => getComputedStyle(e).position") != "static"
    page.get_by_role("link", name="Revenir à l’accueil du dossier").click()
    page.wait_for_url(root_url + home)
    # With SITE_URL, Material's instant navigation swaps the content after the URL changes.
    expect(page.locator("article h1")).to_contain_text("Dossier S-400")
    page.context.close()
    assert not problems, "\n".join(problems)


# -- collation --------------------------------------------------------------------------------


def test_index_sorts_names_in_french_order(reader: Reader) -> None:
    """On the frozen copy's actors index, « États-Unis » comes before « Turquie » (and first
    of the states): the sort folds accents, where code-point order would put « É » after
    « Z »."""
    reader.open("acteurs/")
    states = reader.page.locator("article table").first.locator("tbody tr td:first-child a")
    names = states.all_inner_texts()
    assert names == ["États-Unis", "Russie", "Syrie", "Turquie"], names
