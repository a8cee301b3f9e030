"""Reader search, issue 12 slice 2, in headless Chromium: an alias in another language finds
its record, and a typo offers « Vouliez-vous dire … ? » from search-vocabulary.json.

The frozen dossier (tests/fixtures/s400) predates ``search_aliases``: a copy of it gains the
English names of two records here.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser

from build_tools.labels import load_labels
from tests.browser_support import (
    DESKTOP,
    Reader,
    guard_context,
    serve_site,
)
from tests.conftest import REPO, S400_DATA, make_project, run_cli, run_mkdocs, run_pagefind

# Appended to copies of the frozen records: names readers type in English.
SEARCH_ALIASES = {"actors/turquie.yaml": ("Turkey",), "actors/etats-unis.yaml": ("United States",)}


@pytest.fixture(scope="module")
def aliased_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The frozen dossier with SEARCH_ALIASES added, built, indexed and served."""
    root = make_project(tmp_path_factory.mktemp("aliased"), S400_DATA)
    for name, aliases in SEARCH_ALIASES.items():
        record = root / "data" / name
        text = record.read_text(encoding="utf-8")
        assert "search_aliases" not in text
        record.write_text(text + "search_aliases:\n" + "".join(f"  - {a}\n" for a in aliases),
                          encoding="utf-8")
    run_cli(root, "build").check()
    run_mkdocs(root).check()
    run_pagefind(root).check()
    yield from serve_site(root / "site")


@pytest.fixture
def aliased_reader(browser: Browser, aliased_url: str) -> Iterator[Reader]:
    """A guarded desktop reader on the aliased site (no request may leave it)."""
    context = browser.new_context(locale="fr-FR", viewport=DESKTOP)
    problems: list[str] = []
    guard_context(context, aliased_url, problems)
    reader = Reader(context.new_page(), aliased_url, problems)
    yield reader
    context.close()
    assert not problems, "\n".join(problems)


def test_a_name_in_another_language_finds_its_record(aliased_reader: Reader) -> None:
    """« Turkey » and « United States », search aliases shown on the record page, find it
    first."""
    aliased_reader.open("")
    for query, page in (("Turkey", "/acteurs/turquie/"), ("United States", "/acteurs/etats-unis/")):
        hits = aliased_reader.search(query)
        assert hits and hits[0].url == page, (query, hits[:3])


def _suggestions(reader: Reader, query: str) -> list[str]:
    """Search QUERY; the dialog's suggestion text, then its terms."""
    reader.search(query)  # closes the dialog: reopen it, the results stay
    reader.page.locator("input.md-search__input").click()
    box = reader.page.locator(".dossier-search-suggestion")
    box.wait_for(state="attached")
    if box.is_hidden():
        return []
    return [box.inner_text(), *box.locator("button").all_inner_texts()]


@pytest.mark.parametrize(("typo", "terms"), [
    ("Erdogna", ["Erdoğan"]), ("Tuqrie", ["Turquie"]), ("Poutnie", ["Poutine"]),
    ("Turkye", ["Turkey", "Türkiye"]),  # a search alias and an alias, one letter away each
])
def test_a_typo_offers_the_closest_names(aliased_reader: Reader, typo: str,
                                         terms: list[str]) -> None:
    """A query with a typo finds nothing, and the dialog offers the record names it is one or
    two letters from, search aliases included."""
    aliased_reader.open("")
    found = _suggestions(aliased_reader, typo)
    assert found[0] == f"Vouliez-vous dire {' ou '.join(terms)}\u202f?"
    assert found[1:] == terms


def test_pressing_a_suggestion_searches_it(aliased_reader: Reader) -> None:
    aliased_reader.open("")
    _suggestions(aliased_reader, "Erdogna")
    aliased_reader.page.locator(".dossier-search-suggestion button", has_text="Erdoğan").click()
    aliased_reader.page.wait_for_function(
        "() => document.querySelector('.md-search__input').value === 'Erdoğan'"
        " && document.querySelector('.dossier-search-suggestion').hidden"
        " && document.querySelectorAll('li.md-search-result__item').length > 3")
    first = aliased_reader.page.locator("li.md-search-result__item a").first
    assert first.get_attribute("href").startswith("/acteurs/recep-tayyip-erdogan/")
    assert aliased_reader.page.evaluate("document.activeElement.matches('.md-search__input')")


def test_no_suggestion_for_a_name_or_an_unknown_word(aliased_reader: Reader) -> None:
    """A correct name offers nothing, nor does a word no name is close to."""
    aliased_reader.open("")
    assert _suggestions(aliased_reader, "Erdogan") == []
    assert _suggestions(aliased_reader, "Turkey") == []
    assert _suggestions(aliased_reader, "Zwxyqk") == []


def test_the_suggestion_text_is_the_locale_files() -> None:
    """The search partial (a theme template, which cannot read fr.yaml) writes the
    suggestion with the locale file's texts."""
    partial = (REPO / "overrides" / "partials" / "search.html").read_text(encoding="utf-8")
    labels = load_labels("fr")["search_dialog"]
    assert (f'data-text-suggest="{labels["suggest"]}" '
            f'data-text-suggest-or="{labels["suggest_or"]}"') in partial




def test_function_words_are_left_out_of_a_query_of_several_words(aliased_reader: Reader) -> None:
    """« Fédération de Russie » finds what « Fédération Russie » finds (« de » is in every
    page: its index chunk is the largest), the record among the first."""
    aliased_reader.open("")
    found = []
    for query in ("Fédération de Russie", "Fédération Russie"):
        hits = aliased_reader.search(query)
        count = aliased_reader.page.locator(".md-search-result__meta").inner_text()
        found.append((count, [hit.url for hit in hits]))
    assert found[0] == found[1]
    assert "/acteurs/russie/" in found[0][1][:3]
