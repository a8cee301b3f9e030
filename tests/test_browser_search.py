"""Reader search on Pagefind's index (issue 12), in headless Chromium on the frozen dossier.

The ranks of the queries readers type are in tests/search_queries.md (tests/test_browser.py);
here: what the index leaves out, what the result excerpts show, and the page a result opens.
"""

from __future__ import annotations

from pathlib import Path

from tests.browser_support import Reader

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
