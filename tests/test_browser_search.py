"""Reader search on Pagefind's index (issue 12), in headless Chromium on the frozen dossier.

The ranks of the queries readers type are in tests/search_queries.md (tests/test_browser.py);
here: what the index leaves out, what the result excerpts show, the page a result opens, and
the kind filters.
"""

from __future__ import annotations

from pathlib import Path

from build_tools.labels import load_labels
from tests.browser_support import Reader
from tests.conftest import REPO

# Pages readers never get as results: the editors' guide, the help page about search, the
# complete mention lists (a record's page already shows its mentions).
LEFT_OUT = ("/modifier-le-dossier/", "/recherche/", "/mentions/")
# The infobox labels that used to fill excerpts (« En bref Média inconnu… »).
BOILERPLATE = ("En bref", "Média inconnu", "Autres graphies")


def _excerpts(reader: Reader, query: str) -> list[tuple[str, str, str]]:
    """Search QUERY; return (href, title, excerpt text with <mark> kept as «…») per result."""
    reader.search(query)  # waits for the results, then closes the dialog: reopen it
    reader.page.locator("input.md-search__input").click()
    reader.page.locator("li.md-search-result__item").first.wait_for()
    return reader.page.eval_on_selector_all(
        "li.md-search-result__item > a",
        """links => links.map(a => [a.getAttribute('href'), a.querySelector('h1').textContent,
            [...a.querySelector('p').childNodes].map(n =>
                n.nodeName === 'MARK' ? '«' + n.textContent + '»' : n.textContent).join('')])""")


def test_editor_and_help_pages_are_not_results(reader: Reader, s400_site: Path) -> None:
    """Words found only on the editors' guide or the search help page find no result there
    (« Mürted » is the guide's made-up example; « Erdogna » the help page's typo)."""
    docs = s400_site / "docs"
    assert "Mürted" in (docs / "modifier-le-dossier" / "index.md").read_text(encoding="utf-8")
    assert "Erdogna" in (docs / "recherche.md").read_text(encoding="utf-8")
    reader.open("")
    for query in ("Mürted", "Erdogna", "Modifier le dossier", "recherche"):
        urls = [hit.url for hit in reader.search(query)]
        assert not [u for u in urls if u.startswith(LEFT_OUT)], (query, urls)
    # The pages themselves are built and linked: they are left out of the index only.
    assert (s400_site / "site" / "modifier-le-dossier" / "index.html").exists()


def test_excerpts_show_the_matching_passage_not_the_infobox(reader: Reader) -> None:
    """Each result's excerpt holds the searched word, marked, and none of the infobox
    labels; the article's excerpt is a sentence of its text."""
    reader.open("")
    for query, word in (("Kremlin", "Kremlin"), ("Tchemezov", "Tchemezov"),
                        ("livraisons", "livraison")):
        results = _excerpts(reader, query)
        assert results, query
        for href, _title, excerpt in results:
            assert f"«{word}" in excerpt, (query, href, excerpt)
            assert not [b for b in BOILERPLATE if b in excerpt], (query, href, excerpt)
    article = next(e for h, _, e in _excerpts(reader, "Tchemezov")
                   if h.startswith("/articles/rostec-contrat-s400-2017/"))
    assert "PDG de Rostec Sergueï «Tchemezov»" in article


def test_a_result_opens_its_page_with_the_words_highlighted(reader: Reader) -> None:
    """Clicking a result opens its page and marks the searched word in its text."""
    reader.open("chronologie/")
    reader.search("Prometheus")
    reader.page.locator("input.md-search__input").click()
    first = reader.page.locator("li.md-search-result__item a").first
    first.wait_for()
    first.click()
    reader.page.wait_for_url("**/systemes-d-armes/s-500/**")
    mark = reader.page.locator(".md-content mark.pagefind-highlight").first
    mark.wait_for()
    assert mark.inner_text() == "Prometheus"
    assert not reader.page.locator("#__search").is_checked()  # the dialog closed


def test_the_filter_groups_are_named_as_in_the_locale_file() -> None:
    """The search partial (a theme template, which cannot read fr.yaml) names the groups of
    filters with the locale file's texts."""
    partial = (REPO / "overrides" / "partials" / "search.html").read_text(encoding="utf-8")
    labels = load_labels("fr")["search_dialog"]
    for facet, label in (("kind", labels["facets"]), ("year", labels["years"])):
        assert f'data-facet="{facet}" role="group" aria-label="{label}"' in partial


def test_kind_filters_narrow_the_results(reader: Reader) -> None:
    """A kind button keeps only that section's pages and says it is pressed; pressing it
    again shows every result again."""
    reader.open("")
    everything = reader.search("Erdogan")
    assert {hit.url.split("/")[1] for hit in everything} >= {"acteurs", "evenements"}
    reader.page.locator("input.md-search__input").click()
    actors = reader.page.locator(".dossier-search-facet", has_text="Acteurs")
    actors.wait_for()
    assert actors.get_attribute("aria-pressed") == "false"
    actors.click()
    reader.page.wait_for_function(
        "() => [...document.querySelectorAll('li.md-search-result__item > a')].every("
        "a => a.getAttribute('href').startsWith('/acteurs/'))"
        " && document.querySelector('.md-search-result__list').getAttribute('aria-busy')"
        " === 'false'")
    pressed = reader.page.locator(".dossier-search-facet[aria-pressed='true']")
    assert pressed.inner_text().startswith("Acteurs (")
    count = int(pressed.inner_text().removeprefix("Acteurs (").removesuffix(")"))
    hrefs = reader.page.eval_on_selector_all(
        "li.md-search-result__item > a", "links => links.map(a => a.getAttribute('href'))")
    assert hrefs[0].startswith("/acteurs/recep-tayyip-erdogan/")
    # Every actor page found, also those beyond the 20 results shown unfiltered (the section
    # page « Acteurs » is no actor: it has no kind).
    actor_pages = [h for h in everything if h.url.startswith("/acteurs/") and h.url != "/acteurs/"]
    assert len(hrefs) == count >= len(actor_pages)
    pressed.click()
    reader.page.wait_for_function(
        "n => document.querySelectorAll('li.md-search-result__item').length === n",
        arg=len(everything))
    assert reader.page.locator(".dossier-search-facet[aria-pressed='true']").count() == 0


def test_year_filter_keeps_the_events_and_articles_of_that_year(reader: Reader,
                                                                s400_site: Path) -> None:
    """The year buttons list the years of the events and articles found; pressing one keeps
    only the pages of that year (an event's start, an article's publication)."""
    reader.open("")
    reader.search("Erdogan")
    reader.page.locator("input.md-search__input").click()
    years = reader.page.locator("[data-facet='year'] .dossier-search-facet")
    years.first.wait_for()
    assert [y.split(" ")[0] for y in years.all_inner_texts()] == ["2015", "2017", "2018", "2019"]
    reader.page.locator("[data-facet='year'] .dossier-search-facet", has_text="2019").click()
    reader.page.wait_for_function(
        "() => document.querySelector(\"[data-facet='year'] [aria-pressed='true']\") !== null"
        " && document.querySelectorAll('li.md-search-result__item').length === 5")
    hrefs = reader.page.eval_on_selector_all(
        "li.md-search-result__item > a", "links => links.map(a => a.getAttribute('href'))")
    for href in hrefs:
        page = s400_site / "site" / href.split("?")[0].strip("/") / "index.html"
        assert page.read_text(encoding="utf-8").count('data-pagefind-filter="year:2019"') == 1
    assert {h.split("/")[1] for h in hrefs} == {"evenements", "articles"}


def test_a_designator_finds_the_same_pages_with_or_without_its_dash(reader: Reader) -> None:
    """« S400 », « S 400 » and « S-400 » find the same number of pages, the weapon's first,
    and not only the weapon's page: the events and articles that write « S-400 » too."""
    reader.open("")
    for spellings, page in ((("S-400", "S400", "S 400", "s‑400"), "/systemes-d-armes/s-400/"),
                            (("F-35", "F35"), "/systemes-d-armes/f-35/"),
                            (("Su-57", "Su57"), "/systemes-d-armes/su-57/")):
        found = []
        for spelling in spellings:
            hits = reader.search(spelling)
            count = reader.page.locator(".md-search-result__meta").inner_text()
            found.append((count, hits[0].url, {hit.url.split("/")[1] for hit in hits}))
        assert all(f == found[0] for f in found), (spellings, found)
        count, first, sections = found[0]
        assert first == page
        assert {"systemes-d-armes", "evenements"} <= sections, (spellings, sections)


def test_more_results_are_added_twenty_at_a_time(reader: Reader) -> None:
    """A query finding more pages than the dialog shows offers « Afficher plus de
    résultats »: each press adds the next results below (none twice), moves the focus to the
    first new one, and the button goes when every result is shown."""
    reader.open("")
    first = reader.search("Turquie")
    count = reader.page.locator(".md-search-result__meta").inner_text()
    total = int(count.split()[0])
    assert len(first) == 20 < total, count  # the frozen dossier has more than 20 such pages
    reader.page.locator("input.md-search__input").click()
    more = reader.page.locator("button.dossier-search-more")
    items = reader.page.locator("li.md-search-result__item > a")
    shown = 20
    while shown < total:
        assert more.inner_text() == load_labels("fr")["search_dialog"]["more"]
        before, shown = shown, min(total, shown + 20)
        more.click()
        reader.page.wait_for_function(
            f"document.querySelectorAll('li.md-search-result__item').length === {shown}")
        assert items.nth(before).evaluate("a => a === document.activeElement")
    assert more.is_hidden()
    paths = items.evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    assert len(paths) == len(set(paths)) == total
    assert paths[:20] == [hit.url for hit in first]


def test_the_more_button_text_is_the_locale_files() -> None:
    """The search partial (a theme template, which cannot read fr.yaml) writes the « more
    results » button with the locale file's text."""
    partial = (REPO / "overrides" / "partials" / "search.html").read_text(encoding="utf-8")
    more = load_labels("fr")["search_dialog"]["more"]
    assert f'class="md-button dossier-search-more" hidden>{more}</button>' in partial
