"""What readers do, in headless Chromium, on the dossier (issue #4).

The frozen copy of the dossier (tests/fixtures/s400; ``s400_site`` in conftest.py: these tests
name its pages and rankings, which editors' changes to data/ must not break) is generated and
built once, served on 127.0.0.1 by a thread, and driven with Playwright's sync API in Debian's
Chromium. Only the check that no built file references another host runs on the real data/.

Every page opened through the ``reader``/``open_reader`` fixtures fails its test on a
console error, an uncaught exception, or any request to a host other than the local server
(such requests are blocked, so the tests also prove the site works offline).

* The search expectations live in tests/search_queries.md (for developers; the public page
  docs/recherche.md only explains search to readers), one table row per query: the test types
  each query into Material's search box and checks the expected page's rank and the measured
  top three; ``make search-table`` (``--update-goldens``) rewrites that measured column. The
  same queries are typed on the frozen copy plus a batch of new records (required ranks only).
* axe-core (tests/browser/node_modules, installed by ``make test`` with ``npm ci``) must find
  no serious or critical violation on any page kind.
* Screenshots of each page kind go to test-artifacts/screenshots/, for a human to look at.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser_support import (
    ARTICLE,
    DESKTOP,
    ERDOGAN,
    MOBILE,
    PAGE_KINDS,
    SEARCH_DOC,
    Hit,
    Reader,
    guard_context,
    serve_site,
)
from tests.conftest import S400_DATA, make_project, run_cli, run_mkdocs, run_pagefind
from tests.test_editor_batch import add_editor_batch


def test_guard_catches_requests_to_other_hosts(browser: Browser, site_url: str) -> None:
    """The reader guard itself: a page's fetch and a worker's importScripts to another host
    are blocked and recorded (else the offline checks above could never fail)."""
    context = browser.new_context()
    problems: list[str] = []
    guard_context(context, site_url, problems)
    page = context.new_page()
    page.goto(site_url + "a-propos/")
    page.evaluate("""() => new Promise(done => {
        fetch('http://example.invalid/page.json').catch(() => {});
        const code = "try { importScripts('http://example.invalid/worker.js') } catch (e) {}"
            + " postMessage(0)";
        const worker = new Worker(URL.createObjectURL(new Blob([code])));
        worker.onmessage = () => done(); })""")
    page.wait_for_timeout(200)
    context.close()
    blocked = sorted(p for p in problems if p.startswith("request to another host"))
    assert blocked == ["request to another host: http://example.invalid/page.json",
                       "request to another host: http://example.invalid/worker.js"], problems


# -- search --------------------------------------------------------------------------------

FIRST = "en tête"
TOP3 = "dans les 3 premiers"


@dataclass(frozen=True)
class SearchRow:
    """One row of the table in tests/search_queries.md."""

    line: int  # index in the file's lines
    query: str
    expected: str
    rank: str
    measured: tuple[str, ...]  # titles of the top three results


def _code_spans(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def read_search_table(text: str) -> list[SearchRow]:
    """The rows of the table of tested queries in tests/search_queries.md."""
    rows = []
    for number, line in enumerate(text.splitlines()):
        if not line.startswith("| `"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        assert len(cells) == 4, f"{SEARCH_DOC.name}:{number + 1}: expected 4 columns: {line}"
        query, expected, rank, measured = cells
        assert rank in (FIRST, TOP3), f"{SEARCH_DOC.name}:{number + 1}: rank '{rank}'?"
        titles = tuple(re.sub(r"^\d+\. ", "", t) for t in measured.split("<br>") if t)
        rows.append(SearchRow(number, _code_spans(query)[0], _code_spans(expected)[0], rank,
                              titles))
    return rows


def measured_cell(hits: list[Hit]) -> str:
    """The table cell for the top three hits: ``1. Title<br>2. Title<br>3. Title``."""
    return "<br>".join(f"{n}. {hit.title}" for n, hit in enumerate(hits[:3], 1))


def test_search_finds_what_readers_type(reader: Reader, update_goldens: bool) -> None:
    """On the frozen dossier, every query of tests/search_queries.md finds its page at the
    required rank, and the measured top three in the table are still true."""
    text = SEARCH_DOC.read_text(encoding="utf-8")
    rows = read_search_table(text)
    assert len(rows) >= 16, f"the table of tested queries is missing from {SEARCH_DOC.name}"
    results = _search_all(reader, rows)
    failures = _rank_failures(rows, results)
    lines = text.splitlines()
    for row in rows:
        if update_goldens:
            head = lines[row.line].rstrip().rstrip("|").rsplit("|", 1)[0]
            lines[row.line] = f"{head}| {measured_cell(results[row.query])} |"
        elif row.measured != tuple(hit.title for hit in results[row.query][:3]):
            failures.append(f"'{row.query}': {SEARCH_DOC.name} says {list(row.measured)}, "
                            f"measured {[hit.title for hit in results[row.query][:3]]} "
                            "(run `make search-table` and review the diff)")
    if update_goldens:
        SEARCH_DOC.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert not failures, "\n".join(failures)


def _search_all(reader: Reader, rows: list[SearchRow]) -> dict[str, list[Hit]]:
    """Type each distinct query of the table once, from the home page."""
    reader.open("")
    return {query: reader.search(query) for query in dict.fromkeys(r.query for r in rows)}


def _rank_failures(rows: list[SearchRow], results: dict[str, list[Hit]]) -> list[str]:
    """The rows whose expected page is not at the required rank."""
    failures = []
    for row in rows:
        urls = [hit.url for hit in results[row.query]]
        allowed = 1 if row.rank == FIRST else 3
        if row.expected not in urls[:allowed]:
            failures.append(f"'{row.query}': {row.expected} is not {row.rank}: {urls[:5]}")
    return failures


@pytest.fixture(scope="session")
def batch_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The frozen dossier plus the editor batch of tests/test_editor_batch.py, built and
    served: what the site looks like after editors add records."""
    root = make_project(tmp_path_factory.mktemp("batch"), S400_DATA)
    add_editor_batch(root / "data")
    run_cli(root, "build").check()
    run_mkdocs(root).check()
    run_pagefind(root).check()
    yield from serve_site(root / "site")


def _entity_rows() -> list[SearchRow]:
    """The rows that look for an actor or a weapon by a name readers type. (Rows for a topic
    word, « livraisons », « Kremlin », depend on which pages use the word: new articles
    rightly compete there, so those rows are checked on the frozen copy only.)"""
    rows = read_search_table(SEARCH_DOC.read_text(encoding="utf-8"))
    return [r for r in rows if r.expected.startswith(("/acteurs/", "/systemes-d-armes/"))]


def _batch_search(browser: Browser, batch_url: str, rows: list[SearchRow]) -> dict[str, list[Hit]]:
    context = browser.new_context(locale="fr-FR", viewport=DESKTOP)
    problems: list[str] = []
    guard_context(context, batch_url, problems)
    results = _search_all(Reader(context.new_page(), batch_url, problems), rows)
    context.close()
    assert not problems, "\n".join(problems)
    return results


def test_search_ranks_hold_after_an_editor_batch(browser: Browser, batch_url: str) -> None:
    """New records whose names contain existing names (« Congrès des États-Unis ») and a new
    article citing them do not push an actor's or weapon's page below its required rank for
    the names of the table."""
    rows = _entity_rows()
    assert len(rows) >= 16
    results = _batch_search(browser, batch_url, rows)
    # The batch is really there: its new actor is found by its own name.
    assert "/acteurs/congres-des-etats-unis/" in [h.url for h in results["etats-unis"]]
    assert not _rank_failures(rows, results), "\n".join(_rank_failures(rows, results))


def test_exact_name_comes_before_a_longer_name(browser: Browser, batch_url: str) -> None:
    """Typing a record's exact name opens that record first, even when another record's
    name contains it (« etats-unis »: « États-Unis » before « Congrès des États-Unis »; the
    search dialog puts the results whose title is the query first)."""
    results = _batch_search(browser, batch_url, [r for r in _entity_rows()
                                                 if r.query == "etats-unis"])
    urls = [hit.url for hit in results["etats-unis"]]
    assert urls[0] == "/acteurs/etats-unis/"
    assert "/acteurs/congres-des-etats-unis/" in urls


def _settle_search_results(page: Page) -> None:
    """Wait until the result list has not changed for 400 ms and no transition is running.

    Material re-renders the list on every keyup and fades results in: reading focus or
    colours before that is over measures a frame in between.
    """
    page.wait_for_function(
        """() => {
            const list = document.querySelector('.md-search-result__list');
            const html = list ? list.innerHTML : '';
            const now = performance.now();
            if (window.__resultsHtml !== html) {
                window.__resultsHtml = html;
                window.__resultsSince = now;
                return false;
            }
            return html !== '' && now - window.__resultsSince > 400
                && document.getAnimations().every(a => a.playState !== 'running');
        }""")


def test_search_result_opens_with_the_keyboard(reader: Reader) -> None:
    """'/' opens search; typed letter by letter, the query ranks the actor first; the arrow
    key and Enter open that page."""
    reader.open("chronologie/")
    reader.page.keyboard.press("/")
    box = reader.page.locator("input.md-search__input")
    assert box.evaluate("el => el === document.activeElement")
    reader.page.keyboard.type("Poutine", delay=30)
    first = reader.page.locator("li.md-search-result__item a.md-search-result__link").first
    reader.page.wait_for_function(
        "() => (document.querySelector('li.md-search-result__item a') || {}).href"
        "?.includes('/acteurs/vladimir-poutine/')")
    _settle_search_results(reader.page)
    reader.page.keyboard.press("ArrowDown")
    expect(first).to_be_focused()
    reader.page.keyboard.press("Enter")
    reader.page.wait_for_url(re.compile(r"/acteurs/vladimir-poutine/"))
    assert reader.heading() == "Vladimir Poutine"


# -- links between pages -------------------------------------------------------------------


def test_mention_in_an_article_opens_the_entity_page(reader: Reader) -> None:
    """Clicking a linked mention in the article text opens that actor's page."""
    reader.open(ARTICLE)
    mention = reader.page.locator(f'p.dossier-para a[href*="{ERDOGAN}"]').first
    assert mention.inner_text() in ("Erdogan", "Erdoğan", "Recep Tayyip Erdogan")
    mention.click()
    reader.page.wait_for_url(re.compile(re.escape(ERDOGAN) + "$"))
    assert reader.heading() == "Recep Tayyip Erdoğan"


def test_backlink_opens_the_article_at_its_paragraph(reader: Reader) -> None:
    """A 'Mentionné dans' link opens the article scrolled to the paragraph it names, which
    is highlighted as the target and contains the quoted sentence and the mention."""
    reader.open(ERDOGAN)
    backlinks = reader.page.locator(f'h2#mentionne-dans ~ ul a[href*="{ARTICLE}#p-"]')
    assert backlinks.count() >= 2
    backlink = backlinks.nth(1)
    number = backlink.inner_text().removeprefix("paragraphe").strip()
    sentence = _text_of(backlink.locator("xpath=.."))
    backlink.click()
    reader.page.wait_for_url(re.compile(re.escape(ARTICLE) + r"#p-\d+$"))
    assert urlsplit(reader.page.url).fragment == f"p-{number}"
    paragraph = reader.page.locator(f"#p-{number}")
    expect(paragraph).to_be_in_viewport()
    assert paragraph.evaluate("el => el.matches(':target')")
    text = _text_of(paragraph)
    assert "Erdogan" in text
    quoted = sentence.split(" » — ")[0].removeprefix("« ")
    assert quoted[:60] in text, (quoted, text)


def test_timeline_marks_open_their_event_pages(reader: Reader) -> None:
    """Every mark of the chronology's SVG timeline is a link to its event's page, and
    clicking one opens that page."""
    reader.open("chronologie/")
    marks = reader.page.locator("figure.dossier-figure a.dsvg-link")
    listed = reader.page.locator('article li a[href*="evenements/"]')
    assert marks.count() == listed.count() > 0  # one mark per event of the list
    mark = reader.page.locator(
        "figure.dossier-figure a.dsvg-link[href*='rencontre-poutine-erdogan-kremlin-2019']")
    assert (mark.get_attribute("aria-label") or "").startswith("8 avril 2019 — Rencontre")
    mark.click()
    reader.page.wait_for_url(re.compile(r"evenements/rencontre-poutine-erdogan-kremlin-2019/$"))
    assert reader.heading().startswith("Rencontre entre Vladimir Poutine")


def test_relationship_picture_opens_a_co_participant(reader: Reader) -> None:
    """On an actor's page, a node of the relationship picture opens that entity's page."""
    reader.open(ERDOGAN)
    node = reader.page.locator(
        "figure.dossier-relations a.dsvg-link[aria-label^='Vladimir Poutine']")
    node.click()
    reader.page.wait_for_url(re.compile(r"acteurs/vladimir-poutine/$"))
    assert reader.heading() == "Vladimir Poutine"


def test_hovering_an_entity_link_previews_its_page(
        browser: Browser, deployed_url: str) -> None:
    """Material's instant preview shows the linked actor's page on hover (deployed site)."""
    context = browser.new_context(locale="fr-FR", viewport=DESKTOP)
    problems: list[str] = []
    guard_context(context, deployed_url, problems)
    reader = Reader(context.new_page(), deployed_url, problems)
    reader.open("evenements/rencontre-poutine-erdogan-kremlin-2019/")
    reader.page.locator("article a[data-preview][href*='vladimir-poutine']").first.hover()
    preview = reader.page.locator(".md-tooltip2--active")
    expect(preview).to_contain_text("Président de la Fédération de Russie", timeout=10_000)
    context.close()
    assert not problems, "\n".join(problems)


def _text_of(element: Any) -> str:
    """Visible words of an element, without paragraph numbers and note markers."""
    text: str = element.evaluate("""el => { const copy = el.cloneNode(true);
        copy.querySelectorAll('sup, .dossier-paranum').forEach(e => e.remove());
        return copy.textContent }""")
    return " ".join(text.split())


# -- every page kind: clean, offline, accessible -------------------------------------------


def test_page_kinds_clean_offline_and_accessible(reader: Reader) -> None:
    """Each page kind loads with no console error and no request to another host (the
    ``reader`` guard), and axe-core finds no serious or critical violation on it. Its
    screenshot is saved for a human to look at."""
    found = []
    for kind, path in PAGE_KINDS.items():
        reader.open(path)
        assert reader.page.locator("h1").count() == 1, kind
        reader.screenshot(kind)
        found += [f"{kind}: {v}" for v in reader.axe_violations()]
    reader.open(ARTICLE)
    reader.search("Erdogan")  # the search worker and the scripts it imports are local too
    assert not found, "\n".join(found)


def test_dark_scheme_is_accessible(open_reader: Callable[..., Reader]) -> None:
    """The dark palette (chosen from the system preference) keeps the contrasts: axe on the
    pages with highlights, tables, admonitions and links in text."""
    dark = open_reader(color_scheme="dark")
    found = []
    for kind in ("accueil", "article", "acteur", "evenement"):
        dark.open(PAGE_KINDS[kind])
        assert dark.page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        found += [f"{kind}: {v}" for v in dark.axe_violations()]
    dark.screenshot("evenement-sombre")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_with_search_results_open(open_reader: Callable[..., Reader], scheme: str) -> None:
    """The open search dialog with results passes axe as well."""
    reader = open_reader(color_scheme=scheme)
    reader.open("")
    reader.page.locator("input.md-search__input").click()
    reader.page.keyboard.type("Erdogan")
    reader.page.locator("li.md-search-result__item").first.wait_for()
    _settle_search_results(reader.page)
    assert reader.axe_violations() == []


def test_keyboard_skip_link_and_annotation_on_focus(reader: Reader) -> None:
    """The first Tab reaches a visible French skip link; an annotation's note shows when
    its marker gets the keyboard focus."""
    reader.open(ARTICLE)
    reader.page.keyboard.press("Tab")
    focused = reader.page.evaluate(
        "() => [document.activeElement.classList.contains('md-skip'),"
        " document.activeElement.textContent.trim(),"
        " document.activeElement.getBoundingClientRect().height]")
    assert focused[:2] == [True, "Aller au contenu"] and focused[2] > 0, focused
    marker = reader.page.locator("p.dossier-para a.footnote-ref").first
    note_id = (marker.get_attribute("href") or "").split("#")[1]
    note = reader.page.locator(f'li[id="{note_id}"]').inner_text().split("↩")[0].strip()
    marker.focus()
    tooltip = reader.page.locator(".md-tooltip2--active")
    tooltip.wait_for()
    assert note[:40] in tooltip.inner_text()


def test_mobile_article_fits_and_annotation_is_reachable(
        open_reader: Callable[..., Reader]) -> None:
    """On a 375×812 phone neither the article nor its tables scroll sideways, and tapping an
    annotation marker shows its note in place (issue #11, tests/test_browser_notes.py)."""
    phone = open_reader(viewport=MOBILE, is_mobile=True, has_touch=True)
    phone.open(ARTICLE)
    widths = phone.page.evaluate(
        "() => [document.documentElement.scrollWidth, document.body.scrollWidth, innerWidth]")
    assert max(widths[:2]) <= widths[2], widths
    too_wide = phone.page.eval_on_selector_all(
        ".md-typeset__scrollwrap", "wraps => wraps.filter(w => w.scrollWidth > w.clientWidth)"
        ".map(w => w.querySelector('th, td').textContent)")
    assert too_wide == [], f"tables that scroll sideways: {too_wide}"
    phone.screenshot("article-mobile")
    marker = phone.page.locator("p.dossier-para a.footnote-ref").first
    marker.scroll_into_view_if_needed()
    marker.tap()
    note = phone.page.locator(".md-tooltip2--active")
    expect(note).to_be_in_viewport()
    assert "rédaction" in note.inner_text()
    phone.screenshot("article-mobile-note")


# -- the built files reference no other host ------------------------------------------------


class _ResourceURLs(HTMLParser):
    """Collects the URLs an HTML page makes the browser fetch (not links to follow)."""

    FETCHED = {("script", "src"), ("img", "src"), ("iframe", "src"), ("source", "src"),
               ("audio", "src"), ("video", "src"), ("embed", "src"), ("object", "data"),
               ("video", "poster"), ("input", "src")}
    FETCHED_RELS = {"stylesheet", "icon", "apple-touch-icon", "manifest", "preload",
                    "prefetch", "modulepreload", "preconnect", "dns-prefetch"}

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        for name, value in values.items():
            if (tag, name) in self.FETCHED or name == "srcset":
                self.urls.append(value)
        if tag == "link" and self.FETCHED_RELS & set(values.get("rel", "").lower().split()):
            self.urls.append(values.get("href", ""))
        if "style" in values:
            self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", values["style"])


def test_built_site_fetches_nothing_from_other_hosts(real_site: Path) -> None:
    """No page or stylesheet of site/ loads anything from another host (fonts included)."""
    site = real_site / "site"
    external = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
    found = []
    for page in sorted(site.rglob("*.html")):
        parser = _ResourceURLs()
        parser.feed(page.read_text(encoding="utf-8"))
        found += [f"{page.relative_to(site)}: {url}" for url in parser.urls if external.match(url)]
    for sheet in sorted(site.rglob("*.css")):
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", sheet.read_text(encoding="utf-8")):
            if external.match(url):
                found.append(f"{sheet.relative_to(site)}: {url}")
        if "@import" in sheet.read_text(encoding="utf-8"):
            found.append(f"{sheet.relative_to(site)}: @import")
    assert list(site.rglob("*.html"))
    assert not found, "\n".join(found)
