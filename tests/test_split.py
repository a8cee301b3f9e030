"""Lists split into parts in a large dossier (views.SPLIT_ABOVE): the chronology by year, the
event and article indexes by year, the actor and weapon indexes by initial.

A 200-record synthetic dossier with the threshold lowered to 10 splits every list (as the
golden case synthetic-small lowers the mention-list page size); the mini and S-400 dossiers
stay below the real threshold and keep their one-page lists (their goldens are unchanged).
"""

from __future__ import annotations

import html
import posixpath
import re
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.bench import largest_page, make_project
from build_tools import views
from build_tools.build import load_dossier, run
from build_tools.editor_guide import editor_guide
from build_tools.labels import load_labels
from build_tools.model import Kind
from build_tools.output import read_manifest
from build_tools.paths import CHRONOLOGY, SECTIONS, PagePath, index_path, link
from build_tools.problems import Problems
from build_tools.resolve import Dossier
from build_tools.site import PART_PAGES, SitePages
from build_tools.typography import NNBSP
from tests.conftest import MINI_DATA, REAL_DATA, run_mkdocs

FR = load_labels("fr")
SPLIT = 10  # below the synthetic dossier's 14 weapons, 28 actors, 38 events, 120 articles
RECORDS = 200
# Each list: its own page, the records it lists.
LISTS = {CHRONOLOGY: Kind.EVENT, index_path(Kind.EVENT): Kind.EVENT,
         index_path(Kind.ARTICLE): Kind.ARTICLE, index_path(Kind.ACTOR): Kind.ACTOR,
         index_path(Kind.WEAPON): Kind.WEAPON}
LINK = re.compile(r"\]\(([^)\s#]+)(?:#[^)\s]*)?\)")


def targets(page: str, markdown: str) -> list[str]:
    """The docs-relative pages that ``page``'s Markdown links to, in order."""
    folder = posixpath.dirname(page)
    return [posixpath.normpath(posixpath.join(folder, t)) for t in LINK.findall(markdown)]


def record_ids(kind: Kind, page: str, markdown: str) -> list[str]:
    """The records of ``kind`` that the page links to (not the indexes or their parts)."""
    prefix = SECTIONS[kind] + "/"
    return [t[len(prefix):-3] for t in targets(page, markdown)
            if t.startswith(prefix) and t.count("/") == 1 and t != index_path(kind)]


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> Dossier:
    root = tmp_path_factory.mktemp("split")
    make_project(root, RECORDS, seed=1)
    found = load_dossier(root, Problems())
    assert found is not None
    return found


# 10: every list split, each year or initial on one page; 3: many years and initials have
# more records than a page takes, and several numbered pages (« 2019 (2/3) »).
@pytest.fixture(scope="module", params=[SPLIT, 3], ids=["by-year-or-initial", "numbered"])
def split(request: pytest.FixtureRequest, dossier: Dossier
          ) -> tuple[Dossier, SitePages, dict[PagePath, str]]:
    """The synthetic dossier's pages, every list split."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(views, "SPLIT_ABOVE", request.param)
        patch.setattr(views, "TIMELINE_LIMIT", SPLIT)  # as at 10,000 records: no picture
        pages = SitePages(dossier, FR, extra=editor_guide())
        rendered = dict(pages)
    return dossier, pages, rendered


def parts_of(pages: SitePages, page: PagePath) -> list[PagePath]:
    """The parts of one list, in the page list's order (the parts' own order)."""
    own = next(p.kind for p in pages.pages if p.path == page)
    return [p.path for p in pages.pages if p.kind is PART_PAGES[own.name]]


def ids_of(dossier: Dossier, kind: Kind) -> set[str]:
    table = {Kind.EVENT: dossier.events, Kind.ARTICLE: dossier.articles,
             Kind.ACTOR: dossier.actors, Kind.WEAPON: dossier.weapons}[kind]
    return set(table)


@pytest.mark.parametrize("page", list(LISTS))
def test_the_parts_of_a_split_list_link_every_record_exactly_once(
        split: tuple[Dossier, SitePages, dict[PagePath, str]], page: PagePath) -> None:
    dossier, pages, rendered = split
    kind = LISTS[page]
    parts = parts_of(pages, page)
    assert len(parts) > 1
    linked = Counter(i for part in parts for i in record_ids(kind, part, rendered[part]))
    assert set(linked) == ids_of(dossier, kind)
    assert {n for n in linked.values()} == {1}
    # The list's own page lists the parts, not the records.
    assert record_ids(kind, page, rendered[page]) == []


@pytest.mark.parametrize("page", list(LISTS))
def test_the_parts_link_to_each_other_and_to_the_list(
        split: tuple[Dossier, SitePages, dict[PagePath, str]], page: PagePath) -> None:
    _, pages, rendered = split
    parts = parts_of(pages, page)
    labels = {p.path: p.label for p in pages.views.parts(page)}
    assert [t for t in targets(page, rendered[page]) if t in parts] == parts
    for number, part in enumerate(parts):
        text = html.unescape(rendered[part])
        linked = set(targets(part, rendered[part]))
        assert page in linked
        assert linked >= set(parts) - {part}
        assert f"**{labels[part]}**" in text
        if number:
            previous = parts[number - 1]
            assert (f"Précédent{NNBSP}: [" in text
                    and f"]({link(part, previous)}) · [" in text)
        else:
            assert "Précédent" not in text
        if number + 1 < len(parts):
            assert f"Suivant{NNBSP}: [" in text and f"]({link(part, parts[number + 1])})" in text
        else:
            assert "Suivant" not in text


@pytest.mark.parametrize("split", [SPLIT], ids=["by-year-or-initial"], indirect=True)
def test_the_split_chronology_keeps_a_heading_per_year_linking_to_its_page(
        split: tuple[Dossier, SitePages, dict[PagePath, str]]) -> None:
    dossier, pages, rendered = split
    # At SPLIT lines a page, every year of this dossier fits on one (numbered pages: below).
    assert all(p.key == p.group for p in pages.views.parts(CHRONOLOGY))
    years = sorted({dossier.events[e].date.start.year for e in dossier.chronology})
    assert parts_of(pages, CHRONOLOGY) == [f"chronologie/{y}.md" for y in years]
    text = html.unescape(rendered[CHRONOLOGY])
    assert (f"La frise n’est dessinée que jusqu’à {SPLIT} événements{NNBSP}; chaque année a "
            f"sa page, liée ci-dessous.\n\n{len(dossier.chronology)} événements, une page par "
            f"année{NNBSP}:\n\n## {years[0]}\n") in text
    for year in years:
        count = sum(1 for e in dossier.chronology if dossier.events[e].date.start.year == year)
        events = f"{count} événement{'s' if count > 1 else ''}"
        assert f"## {year}\n\n[{events} en {year}]({year}.md)\n" in text
    first = _body(html.unescape(rendered[PagePath(f"chronologie/{years[0]}.md")]))
    assert first.startswith(f"# Chronologie{NNBSP}: {years[0]}\n")
    assert f"[Chronologie{NNBSP}: toutes les années](index.md)" in first


def _body(page: str) -> str:
    """A page without its front matter (the theme's settings)."""
    return page.split("\n---\n\n", 1)[1] if page.startswith("---\n") else page


@pytest.mark.parametrize("split", [3], ids=["numbered"], indirect=True)
def test_a_long_year_gets_numbered_pages(
        split: tuple[Dossier, SitePages, dict[PagePath, str]]) -> None:
    _, pages, rendered = split
    parts = pages.views.parts(CHRONOLOGY)
    numbered = [p for p in parts if p.key == f"{p.group}-2"]
    assert numbered, "at 3 lines a page, some year of this dossier needs two"
    year = numbered[0].group
    first = next(p for p in parts if p.key == year)
    total = sum(1 for p in parts if p.group == year)
    assert (first.label, numbered[0].label) == (f"{year} (1/{total})", f"{year} (2/{total})")
    assert numbered[0].path == f"chronologie/{year}-2.md"
    # Pages of even length, none longer than the limit.
    sizes = [len(p.ids) for p in parts if p.group == year]
    assert max(sizes) - min(sizes) <= 1 and max(sizes) <= SPLIT
    text = html.unescape(rendered[CHRONOLOGY])
    assert (f"## {year}\n\n[{len(first.ids)} événements en {year} (1/{total})]({year}.md) · "
            f"[{len(numbered[0].ids)} événement") in text
    assert _body(html.unescape(rendered[numbered[0].path])).startswith(
        f"# Chronologie{NNBSP}: {year} (2/{total})\n")


def test_actors_and_weapons_are_split_by_initial_in_french_order() -> None:
    assert [views.initial(n) for n in ("Égypte", "état", "Œuvre", "9K720 Iskander", "Пётр")] \
        == ["e", "e", "o", views.OTHER_INITIAL, views.OTHER_INITIAL]


def test_split_actor_index_parts_are_by_initial(
        split: tuple[Dossier, SitePages, dict[PagePath, str]]) -> None:
    dossier, pages, rendered = split
    for part in parts_of(pages, index_path(Kind.ACTOR)):
        letter = part.rpartition("/")[2][:-3].partition("-")[0]  # c, then c-2 when numbered
        for actor in record_ids(Kind.ACTOR, part, rendered[part]):
            assert views.initial(dossier.actors[actor].name) == letter


@pytest.mark.parametrize("data", [MINI_DATA, REAL_DATA], ids=["mini", "s400"])
def test_small_dossiers_keep_one_page_lists(data: Path) -> None:
    dossier = load_dossier(data.parent, Problems())
    assert dossier is not None
    pages = SitePages(dossier, FR)
    assert [p.path for p in pages.pages if p.kind.part_of] == []


def test_split_site_builds_with_mkdocs_strict_and_unsplits_cleanly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "project"
    make_project(root, RECORDS, seed=1)
    monkeypatch.setattr(views, "SPLIT_ABOVE", SPLIT)
    assert run(root, write=True).report is not None
    docs = root / "docs"
    split_pages = {p for p in read_manifest(docs) if "/par-" in p or re.match(r"chronologie/\d", p)}
    assert len(split_pages) > 20
    built = run_mkdocs(root)
    assert built.code == 0, built.stderr[-3000:]
    chronology = (root / "site" / "chronologie" / "index.html").read_text(encoding="utf-8")
    for page in sorted(p for p in split_pages if p.startswith("chronologie/")):
        year = page[len("chronologie/"):-3]
        # The one-page chronology's year anchors still lead to the year, and on to its page.
        assert f'id="{year}"' in chronology
        assert f'href="{year}/"' in chronology
        assert (root / "site" / "chronologie" / year / "index.html").is_file()
    # Below the threshold again: the parts are removed as stale generated files.
    monkeypatch.setattr(views, "SPLIT_ABOVE", 10_000)
    # (A build with unchanged inputs is not redone: change one, harmlessly.)
    actor = sorted((root / "data" / "actors").glob("*.yaml"))[0]
    actor.write_text(actor.read_text(encoding="utf-8") + "# relu\n", encoding="utf-8")
    assert run(root, write=True).report is not None
    assert not split_pages & set(read_manifest(docs))
    assert not [p for p in split_pages if (docs / p).exists()]
    assert not (docs / "acteurs" / "par-initiale").exists()


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_the_benchmark_names_the_largest_page_article_pages_exempt(
        tmp_path: Path, suffix: str) -> None:
    def page(path: str, size: int) -> None:
        if suffix == ".html":
            path = (path[:-3] if path.endswith(".md") else path) + "/index.html"
            path = path.replace("/index/index.html", "/index.html")
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_bytes(b"x" * size)

    page("articles/un-long-article.md", 900)
    page("articles/index.md", 300)
    page("articles/par-annee/2019.md", 500)
    page("chronologie/index.md", 400)
    expected = "articles/par-annee/2019" + ("/" if suffix == ".html" else ".md")
    assert largest_page(tmp_path, suffix) == (expected, 500)
    page("chronologie/2019.md", 600)
    expected = "chronologie/2019" + ("/" if suffix == ".html" else ".md")
    assert largest_page(tmp_path, suffix) == (expected, 600)
    page("acteurs/une-fiche.md", 700)
    assert largest_page(tmp_path, suffix)[0].startswith("acteurs/une-fiche")
    # List pages only: the chronology, indexes and their parts, mention lists.
    assert largest_page(tmp_path, suffix, lists_only=True) == (expected, 600)
    page("modifier-le-dossier/index.md", 640)  # the editors' guide is no list
    assert largest_page(tmp_path, suffix, lists_only=True) == (expected, 600)
    page("mentions/une-fiche/2.md", 650)
    assert largest_page(tmp_path, suffix, lists_only=True)[0].startswith("mentions/une-fiche/2")
    page("acteurs/une-fiche/evenements/2.md", 660)  # an entity's complete list of events
    assert largest_page(tmp_path, suffix, lists_only=True)[0].startswith(
        "acteurs/une-fiche/evenements/2")


def test_a_part_never_replaces_a_hand_written_file(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "project"
    make_project(root, RECORDS, seed=1)
    monkeypatch.setattr(views, "SPLIT_ABOVE", SPLIT)
    dossier = load_dossier(root, Problems())
    assert dossier is not None
    year = dossier.events[dossier.chronology[0]].date.start.year
    mine = root / "docs" / "chronologie" / f"{year}.md"
    mine.parent.mkdir(parents=True)
    mine.write_text("# Mes notes\n", encoding="utf-8")
    result = run(root, write=True)
    assert result.report is None
    assert [str(p) for p in result.problems if p.code == "overwrite-handwritten"] == [
        f"docs/chronologie/{year}.md:1:1: error: a generated page would overwrite this file, "
        "which the generator did not write; move or rename it [overwrite-handwritten]"]
    assert mine.read_text(encoding="utf-8") == "# Mes notes\n"
