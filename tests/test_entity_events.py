"""An entity page with many events lists the most recent only (views.ENTITY_EVENTS_SHOWN) and
links to the complete list, on pages of views.ENTITY_EVENTS_PAGE events
(``acteurs/<id>/evenements/``), as its mentions link to the mention lists.

A 200-record synthetic dossier with both limits lowered has entities on one list page and
on several; the mini and S-400 dossiers stay below the real limit (their goldens are
unchanged).
"""

from __future__ import annotations

import html
import re
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.bench import make_project
from build_tools import views
from build_tools.build import load_dossier, run
from build_tools.labels import load_labels
from build_tools.model import Kind
from build_tools.output import read_manifest
from build_tools.paths import SECTIONS, PagePath, entity_events_path, link, page_path
from build_tools.problems import Problems
from build_tools.resolve import Dossier
from build_tools.site import ENTITY_EVENTS, SitePages
from build_tools.typography import NNBSP
from tests.conftest import MINI_DATA, REAL_DATA, run_mkdocs
from tests.test_split import record_ids, targets

FR = load_labels("fr")
SHOWN = 3
PER_PAGE = 4
RECORDS = 200
Rendered = tuple[Dossier, SitePages, dict[PagePath, str]]


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> Dossier:
    root = tmp_path_factory.mktemp("entity-events")
    make_project(root, RECORDS, seed=1)
    found = load_dossier(root, Problems())
    assert found is not None
    return found


@pytest.fixture(scope="module")
def capped(dossier: Dossier) -> Rendered:
    """The synthetic dossier's pages, entity pages listing their 3 most recent events."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(views, "ENTITY_EVENTS_SHOWN", SHOWN)
        patch.setattr(views, "ENTITY_EVENTS_PAGE", PER_PAGE)
        pages = SitePages(dossier, FR)
        rendered = dict(pages)
    return dossier, pages, rendered


def entities(dossier: Dossier) -> list[tuple[Kind, str]]:
    return [(Kind.ACTOR, a) for a in sorted(dossier.actors)] + [
        (Kind.WEAPON, w) for w in sorted(dossier.weapons)]


def list_pages(pages: SitePages, kind: Kind, entity_id: str) -> list[PagePath]:
    """The pages of one entity's complete list of events, in order."""
    folder = f"{SECTIONS[kind]}/{entity_id}/"
    return [p.path for p in pages.pages if p.kind is ENTITY_EVENTS and p.path.startswith(folder)]


def events_section(page: str) -> str:
    """The « Événements » section of an entity page."""
    return page.split("\n## Événements\n", 1)[1].split("\n## ", 1)[0]


def test_the_lowered_limit_caps_some_entities_on_one_page_and_some_on_several(
        capped: Rendered) -> None:
    dossier, pages, _ = capped
    counts = {len(list_pages(pages, kind, e)) for kind, e in entities(dossier)}
    assert {0, 1} < counts and max(counts) > 2


def test_the_complete_list_links_every_event_of_the_entity_exactly_once(
        capped: Rendered) -> None:
    dossier, pages, rendered = capped
    for kind, entity_id in entities(dossier):
        events = dossier.events_of.get(entity_id, ())
        found = list_pages(pages, kind, entity_id)
        if len(events) <= SHOWN:
            assert found == []
            continue
        assert found == [entity_events_path(kind, entity_id, n)
                         for n in range(1, -(-len(events) // PER_PAGE) + 1)]
        linked = [e for page in found for e in record_ids(Kind.EVENT, page, rendered[page])]
        # Oldest first, each once, as the entity page lists them when they are few.
        assert linked == list(events)
        assert set(Counter(linked).values()) == {1}


def test_the_list_pages_link_to_each_other_and_to_the_entity(capped: Rendered) -> None:
    dossier, pages, rendered = capped
    for kind, entity_id in entities(dossier):
        found = list_pages(pages, kind, entity_id)
        total = len(dossier.events_of.get(entity_id, ()))
        name = dossier.entity(entity_id).name
        for number, page in enumerate(found, 1):
            text = html.unescape(rendered[page])
            assert set(targets(page, rendered[page])) >= {page_path(kind, entity_id),
                                                          *found} - {page}
            assert (f"# Événements impliquant {name}\n\nFiche{NNBSP}: [{name}]"
                    f"(../../{entity_id}.md){{ data-preview }}. {total} événements.\n\n") in text
            if len(found) == 1:
                assert "\nDu plus ancien au plus récent.\n" in text and "Pages" not in text
                continue
            assert (f"\nDu plus ancien au plus récent{NNBSP}; page {number} sur "
                    f"{len(found)}.\n") in text
            numbers = " · ".join(f"**{n}**" if n == number else f"[{n}]({link(page, p)})"
                                 for n, p in enumerate(found, 1))
            assert text.count(f"Pages{NNBSP}: {numbers}\n") == 2  # above and below the list


def test_the_entity_page_lists_the_most_recent_and_links_the_complete_list(
        capped: Rendered) -> None:
    dossier, _, rendered = capped
    for kind, entity_id in entities(dossier):
        events = dossier.events_of.get(entity_id, ())
        page = page_path(kind, entity_id)
        section = html.unescape(events_section(rendered[page]))
        listed = record_ids(Kind.EVENT, page, events_section(rendered[page]))
        if len(events) <= SHOWN:
            assert listed == list(events)
            assert "Liste complète" not in section
            continue
        assert listed == list(events[-SHOWN:])
        assert section.startswith(
            f"\n{len(events)} événements{NNBSP}; les {SHOWN} plus récents sont listés "
            f"ci-dessous. [Liste complète des événements]({entity_id}/evenements/index.md)\n\n"
            "- **")


def test_the_list_pages_are_out_of_the_nav_and_the_search_index(capped: Rendered) -> None:
    _, pages, rendered = capped
    found = [p.path for p in pages.pages if p.kind is ENTITY_EVENTS]
    assert found
    for page in found:
        assert rendered[page].startswith(
            "---\nhide:\n- navigation\nsearch:\n  exclude: true\n---\n")


@pytest.mark.parametrize("data", [MINI_DATA, REAL_DATA], ids=["mini", "s400"])
def test_small_dossiers_list_every_event_on_the_entity_page(data: Path) -> None:
    dossier = load_dossier(data.parent, Problems())
    assert dossier is not None
    pages = SitePages(dossier, FR)
    assert [p.path for p in pages.pages if p.kind is ENTITY_EVENTS] == []
    assert not any("Liste complète des événements" in text for _, text in pages)


def test_below_the_real_limit_the_synthetic_dossier_has_no_event_lists(dossier: Dossier) -> None:
    assert max(len(e) for e in dossier.events_of.values()) <= views.ENTITY_EVENTS_SHOWN
    pages = SitePages(dossier, FR)
    assert [p.path for p in pages.pages if p.kind is ENTITY_EVENTS] == []


def test_capped_site_builds_with_mkdocs_strict_and_uncaps_cleanly(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "project"
    make_project(root, RECORDS, seed=1)
    monkeypatch.setattr(views, "ENTITY_EVENTS_SHOWN", SHOWN)
    monkeypatch.setattr(views, "ENTITY_EVENTS_PAGE", PER_PAGE)
    assert run(root, write=True).report is not None
    docs = root / "docs"
    lists = {p for p in read_manifest(docs) if re.fullmatch(r"[^/]+/[^/]+/evenements/.+", p)}
    assert len(lists) > 10
    built = run_mkdocs(root)
    assert built.code == 0, built.stderr[-3000:]
    for page in lists:
        entity, _, rest = page.partition("/evenements/")
        address = "" if rest == "index.md" else rest[:-3] + "/"
        assert (root / "site" / entity / "evenements" / address / "index.html").is_file()
    # Above the limit again: the lists are removed as stale generated files, with their folders.
    monkeypatch.setattr(views, "ENTITY_EVENTS_SHOWN", 10_000)
    actor = sorted((root / "data" / "actors").glob("*.yaml"))[0]
    actor.write_text(actor.read_text(encoding="utf-8") + "# relu\n", encoding="utf-8")
    assert run(root, write=True).report is not None
    assert not lists & set(read_manifest(docs))
    assert not [p for p in lists if (docs / p).parent.parent.exists()]
