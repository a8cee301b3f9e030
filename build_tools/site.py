"""The site plan: every generated page, listed exactly once.

A page is the contract between rendering and writing: its docs-relative path, its kind,
the data file an editor changes to change it, its template and the builder of its view
model. One table, :data:`PAGE_KINDS`, says per kind what its pages share (as Hugo's
content adapters declare the data → page mapping per section); :class:`SitePages` lists
the pages of a valid dossier from it, and :func:`page_paths` the paths a dossier with
errors would have, for the build to name the hand-written files they would replace.
Nothing else derives page paths or the page → data-file map.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import jinja2

from build_tools.editor_guide import GUIDE_PAGE
from build_tools.history import History
from build_tools.model import Actor, Article, Event, Kind, Record, Weapon
from build_tools.pagemeta import Permalink, SiteInfo, description, permalink, record_path
from build_tools.paths import (
    CHRONOLOGY,
    FEED,
    SECTIONS,
    UPDATES,
    VOCABULARY,
    PagePath,
    entity_events_path,
    index_path,
    mentions_path,
    page_path,
)
from build_tools.progress import Progress
from build_tools.render import make_environment, render
from build_tools.resolve import Dossier
from build_tools.search_index import vocabulary
from build_tools.views import View, Views, typeset


@dataclass(frozen=True)
class PageKind:
    """What every page of one kind shares."""

    name: str
    template: str
    front_matter: Mapping[str, Any]
    # The record kind whose files the pages show (its ids make the paths), if any.
    record: Kind | None = None
    # For a page that is not a record's: its path (section indexes, the chronology).
    path: PagePath | None = None
    # For the parts of a list split into pages (views.SPLIT_ABOVE): the list's own kind.
    part_of: PageKind | None = None


# The one per-kind table. Search boosts: an actor or weapon's own page first, then an
# article's text, then events; mention lists are not indexed (their lines are elsewhere).
# NO_SIDEBAR (Material's `hide: [navigation]`): on a wide screen, the left sidebar of a
# record page would be empty (records are not in the nav, DESIGN.md §5) and a section
# page's would list only the page itself; on a phone it still opens as the menu drawer.
NO_SIDEBAR: Mapping[str, Any] = {"hide": ["navigation"]}
EVENT = PageKind("event", "event.md.j2", {"search": {"boost": 2}, **NO_SIDEBAR},
                 record=Kind.EVENT)
ACTOR = PageKind("actor", "entity.md.j2", {"search": {"boost": 4}, **NO_SIDEBAR},
                 record=Kind.ACTOR)
WEAPON = PageKind("weapon", "entity.md.j2", {"search": {"boost": 4}, **NO_SIDEBAR},
                  record=Kind.WEAPON)
MENTIONS = PageKind("mentions", "mentions.md.j2", {"search": {"exclude": True}, **NO_SIDEBAR})
# The complete list of an entity's events when its page lists the most recent only
# (views.ENTITY_EVENTS_SHOWN): laid out as the mention lists, and like them not indexed (each
# line is an event's title, found on the event's page).
ENTITY_EVENTS = PageKind("entity-events", "mentions.md.j2",
                         {"search": {"exclude": True}, **NO_SIDEBAR})
ARTICLE = PageKind("article", "article.md.j2", {"search": {"boost": 3}, **NO_SIDEBAR},
                   record=Kind.ARTICLE)
ACTOR_INDEX = PageKind("actor-index", "index_entities.md.j2", NO_SIDEBAR,
                       path=index_path(Kind.ACTOR))
WEAPON_INDEX = PageKind("weapon-index", "index_entities.md.j2", NO_SIDEBAR,
                        path=index_path(Kind.WEAPON))
EVENT_INDEX = PageKind("event-index", "index_events.md.j2", NO_SIDEBAR,
                       path=index_path(Kind.EVENT))
ARTICLE_INDEX = PageKind("article-index", "index_articles.md.j2", NO_SIDEBAR,
                         path=index_path(Kind.ARTICLE))
CHRONOLOGY_PAGE = PageKind("chronology", "chronology.md.j2", NO_SIDEBAR, path=CHRONOLOGY)
# The editors' guide is written in Python (editor_guide.py), not from a template.
GUIDE = PageKind("guide", "", {}, path=GUIDE_PAGE)
# « Dernières mises à jour » (dates from git history, history.py); not indexed by search.
UPDATES_PAGE = PageKind("updates", "updates.md.j2", {"search": {"exclude": True}}, path=UPDATES)
# Its Atom feed, written only when the site's address is known (SITE_URL): not in
# PAGE_KINDS, as a dossier may have no feed.
FEED_FILE = PageKind("feed", "", {}, path=FEED)
# The parts of the lists split by year or initial in a large dossier (their paths depend on
# the records' dates and names: views.Views.parts lists them); same templates as their list.
ACTOR_INDEX_PART = PageKind("actor-index-part", "index_entities.md.j2", NO_SIDEBAR,
                            part_of=ACTOR_INDEX)
WEAPON_INDEX_PART = PageKind("weapon-index-part", "index_entities.md.j2", NO_SIDEBAR,
                             part_of=WEAPON_INDEX)
EVENT_INDEX_PART = PageKind("event-index-part", "index_events.md.j2", NO_SIDEBAR,
                            part_of=EVENT_INDEX)
ARTICLE_INDEX_PART = PageKind("article-index-part", "index_articles.md.j2", NO_SIDEBAR,
                              part_of=ARTICLE_INDEX)
CHRONOLOGY_YEAR = PageKind("chronology-year", "chronology.md.j2", NO_SIDEBAR,
                           part_of=CHRONOLOGY_PAGE)
# issue 12: the names the search dialog suggests for a typo (search_index.vocabulary); like
# the feed, not in PAGE_KINDS (not a page).
VOCABULARY_FILE = PageKind("vocabulary", "", {}, path=VOCABULARY)

PAGE_KINDS: tuple[PageKind, ...] = (
    EVENT, ACTOR, WEAPON, MENTIONS, ENTITY_EVENTS, ARTICLE,
    ACTOR_INDEX, WEAPON_INDEX, EVENT_INDEX, ARTICLE_INDEX, CHRONOLOGY_PAGE, GUIDE, UPDATES_PAGE,
    ACTOR_INDEX_PART, WEAPON_INDEX_PART, EVENT_INDEX_PART, ARTICLE_INDEX_PART, CHRONOLOGY_YEAR)

RECORD_PAGES: dict[Kind, PageKind] = {k.record: k for k in PAGE_KINDS if k.record}
SECTION_PAGES: tuple[PageKind, ...] = tuple(k for k in PAGE_KINDS if k.path)
# The kind of the parts of each section page that can be split.
PART_PAGES: dict[str, PageKind] = {k.part_of.name: k for k in PAGE_KINDS if k.part_of}
# The view builder of each kind's pages; a record page's builder takes its id.
_BUILDERS: dict[str, Callable[..., View]] = {
    "event": Views.event, "actor": Views.entity, "weapon": Views.entity,
    "mentions": Views.mention_list, "entity-events": Views.entity_event_list,
    "article": Views.article,
    "actor-index": Views.actor_index, "weapon-index": Views.weapon_index,
    "event-index": Views.event_index, "article-index": Views.article_index,
    "chronology": Views.chronology, "updates": Views.updates,
    # A part's builder takes the part's key (a year, an initial).
    "actor-index-part": Views.actor_index, "weapon-index-part": Views.weapon_index,
    "event-index-part": Views.event_index, "article-index-part": Views.article_index,
    "chronology-year": Views.chronology,
}
GUIDE_SOURCE = "build_tools/editor_guide.py"


def page_folders() -> frozenset[str]:
    """The top-level folders of ``docs/`` that hold generated pages, from the table
    (``paths.GENERATED_DIRS`` must name the same; a test checks it)."""
    folders = {SECTIONS[kind.record] for kind in PAGE_KINDS if kind.record}
    folders |= {kind.path.partition("/")[0] for kind in PAGE_KINDS if kind.path}
    return frozenset({*folders, mentions_path("x").partition("/")[0]})


@dataclass(frozen=True)
class Page:
    """One generated page."""

    path: PagePath
    kind: PageKind
    # The file an editor changes to change this page; "" when many files make it (indexes).
    source: str
    # Builds the page's view model (or, for the guide, its finished text).
    build: Callable[[], View | str]
    # issue 12: the year readers filter search results by (an event's start, an article's
    # publication), added to the front matter as `year`; None for other pages.
    year: int | None = None


def page_paths(known_ids: Mapping[Kind, list[str]]) -> list[PagePath]:
    """The paths of the pages of a dossier whose records have these ids, for a dossier
    with errors (file names are enough): every record page and section page, and the search
    vocabulary. Mention lists are not included: their number depends on the articles' text;
    nor are the parts of lists split by year or initial (views.SPLIT_ABOVE): they depend on
    dates and names. A valid dossier's build still refuses to replace a hand-written file at
    any of them."""
    paths = [page_path(kind, record_id) for kind, ids in known_ids.items()
             if kind in RECORD_PAGES for record_id in ids]
    return paths + [kind.path for kind in SECTION_PAGES if kind.path] + [VOCABULARY]



def _vocabulary(views: Views) -> str:
    """The search vocabulary, from the views' dossier (the one serve's regeneration
    tracks)."""
    return vocabulary(views.dossier)

class SitePages:
    """Every generated page of one valid dossier: the paths are known at once, the pages
    are rendered one at a time when iterated, so that a large dossier's pages need not all
    be in memory together (build writes each one as it comes). Pure and deterministic.
    """

    def __init__(self, dossier: Dossier, labels: dict[str, Any],
                 extra: Mapping[PagePath, str] | None = None, *,
                 history: History | None = None, site: SiteInfo | None = None,
                 env: jinja2.Environment | None = None) -> None:
        """``extra``: the editors' guide (``{path: text}``), rendered by editor_guide.py;
        ``history``: the dates of the data files (none: no dates shown); ``site``: the
        site's name and address, for citations (« Citer cette page ») and the Atom feed
        (none without an address); ``env``: a Jinja environment to reuse (serve keeps one,
        so that the templates are compiled once)."""
        dossier = typeset(dossier)
        self.labels = labels
        self.site = site or SiteInfo()
        self.views = Views(dossier, labels, history=history or History(), site_url=self.site.url)
        self.env = env or make_environment()
        self.env.globals.update(site=self.site, permalink=self.permalink)
        feed = (Page(FEED, FEED_FILE, "", functools.partial(self.views.feed, self.site.name)),
                ) if self.site.url else ()
        # Through the views' dossier, as every page: serve's regeneration (incremental.py)
        # notes what each page reads from it.
        # (Not a closure over self: the pages would hold the SitePages that holds them, a
        # cycle that only the garbage collector frees, slowly, at 10,000 pages.)
        words = Page(VOCABULARY, VOCABULARY_FILE, "", functools.partial(_vocabulary, self.views))
        self.pages: tuple[Page, ...] = (*self._record_pages(dossier), *self._section_pages(),
                                        *_guide_pages(extra or {}), *feed, words)
        paths = [page.path for page in self.pages]
        if len(set(paths)) != len(paths):
            # Two records mapping to one page is a bug upstream (ids are unique).
            twice = sorted({path for path in paths if paths.count(path) > 1})
            raise ValueError(f"two pages render to {', '.join(twice)}")
        self.paths: tuple[PagePath, ...] = tuple(paths)

    def _record_pages(self, dossier: Dossier) -> Iterator[Page]:
        """Events in chronological order, then each actor and weapon with its mention lists
        (the entity page and its lists share one computation) and the complete list of its
        events when its page lists the most recent only, then articles."""
        yield from self._pages_of(EVENT, dossier.chronology, dossier)
        for kind in (ACTOR, WEAPON):
            for entity_id in sorted(dossier.actors if kind is ACTOR else dossier.weapons):
                yield from self._pages_of(kind, [entity_id], dossier)
                source = dossier.entity(entity_id).loc.path
                for number in range(1, self.views.mention_page_count(entity_id) + 1):
                    yield Page(mentions_path(entity_id, number), MENTIONS, source,
                               functools.partial(self.views.mention_list, entity_id, number))
                assert kind.record is not None
                for number in range(1, self.views.entity_event_page_count(entity_id) + 1):
                    yield Page(entity_events_path(kind.record, entity_id, number),
                               ENTITY_EVENTS, source, functools.partial(
                                   self.views.entity_event_list, entity_id, number))
        yield from self._pages_of(ARTICLE, sorted(dossier.articles), dossier)

    def _pages_of(self, kind: PageKind, ids: Sequence[str], dossier: Dossier) -> Iterator[Page]:
        assert kind.record is not None
        table = _records(dossier, kind.record)
        builder = _BUILDERS[kind.name]
        for record_id in ids:
            yield Page(page_path(kind.record, record_id), kind, table[record_id].loc.path,
                       functools.partial(builder, self.views, record_id),
                       _search_year(dossier, kind, record_id))

    def _section_pages(self) -> Iterator[Page]:
        """Each section index and the chronology, each followed by its parts when the list
        is split (views.SPLIT_ABOVE)."""
        for kind in SECTION_PAGES:
            if kind is not GUIDE:
                assert kind.path is not None
                yield Page(kind.path, kind, "", functools.partial(_BUILDERS[kind.name],
                                                                  self.views))
                part_kind = PART_PAGES.get(kind.name)
                if part_kind is not None:
                    for part in self.views.parts(kind.path):
                        yield Page(part.path, part_kind, "", functools.partial(
                            _BUILDERS[part_kind.name], self.views, part.key))

    @property
    def sources(self) -> dict[PagePath, str]:
        """The data file behind each page made from one file, to tell editors where to make
        changes (the pages made from many files, the indexes, are not listed)."""
        return {page.path: page.source for page in self.pages if page.source}

    def render(self, page: Page) -> str:
        """The Markdown of one page."""
        built = page.build()
        if isinstance(built, str):
            return built
        # Each page's own front matter: its description (meta tags) and, for events and
        # articles, its year (a search filter).
        own: dict[str, Any] = {}
        about = description(built, self.views.dossier.paragraphs)
        if about:
            own["description"] = about
        if page.year is not None:
            own["year"] = page.year
        return render(self.env, page.kind.template, page.kind.front_matter, self.labels, built,
                      own or None)

    def permalink(self, record: Record) -> Permalink:
        """The permalink of a record's page (templates call it for « Citer cette page »)."""
        return permalink(self.site, record_path(record))

    def __len__(self) -> int:
        return len(self.pages)

    def __iter__(self) -> Iterator[tuple[PagePath, str]]:
        """``(path, markdown)`` of each page in turn; a progress bar is drawn on a terminal
        for long builds (never in CI or a pipe)."""
        with Progress("rendering pages", len(self.pages)) as progress:
            for page in self.pages:
                yield page.path, self.render(page)
                progress.advance()


def _guide_pages(extra: Mapping[PagePath, str]) -> Iterator[Page]:
    for path, text in extra.items():
        kind = GUIDE if path == GUIDE.path else PageKind("extra", "", {}, path=path)
        yield Page(path, kind, GUIDE_SOURCE, functools.partial(str, text))


def _records(dossier: Dossier, kind: Kind) -> Mapping[str, Actor | Weapon | Event | Article]:
    tables: dict[Kind, Mapping[str, Actor | Weapon | Event | Article]] = {
        Kind.ACTOR: dossier.actors, Kind.WEAPON: dossier.weapons,
        Kind.EVENT: dossier.events, Kind.ARTICLE: dossier.articles}
    return tables[kind]


def render_site(dossier: Dossier, labels: dict[str, Any]) -> dict[PagePath, str]:
    """Every generated page, ``{docs-relative path: markdown}``, all in memory."""
    return dict(SitePages(dossier, labels))



def _search_year(dossier: Dossier, kind: PageKind, record_id: str) -> int | None:
    """The year search filters a record page by: an event's start, an article's publication."""
    if kind is EVENT:
        return dossier.events[record_id].date.start.year
    if kind is ARTICLE:
        return dossier.articles[record_id].published.year
    return None
