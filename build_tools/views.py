"""View models: what each page kind shows, as small frozen dataclasses.

:class:`Views` turns the resolved dossier into one view model per page (the builders the
page list in :mod:`build_tools.site` names); templates (``templates/*.md.j2``) lay them
out. A view model holds plain ``str`` (escaped by the template environment) or
:class:`~build_tools.mdtext.Md` that this module built from escaped parts, never raw
dicts. Block syntax (infoboxes, admonitions, footnotes, headings, lists, tables) lives in
the templates and ``_macros.md.j2``, and so does inline syntax that is not a hot loop
(references, the « source à préciser » marker, the article's URL), called through
:func:`build_tools.render.macro`; links and the article text's inline marks are built
here because they are the inner loop of rendering (see :meth:`Views.entity_link`).
"""

from __future__ import annotations

import functools
import heapq
import re
import urllib.parse
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from build_tools.editor_guide import GUIDE_PAGE, SOURCES_ANCHOR
from build_tools.feed import FeedEntry, absolute_url, atom_feed
from build_tools.history import FileDates, History
from build_tools.labels import count, format_date, format_event_date
from build_tools.mdtext import Md, literal, markdown_field, one_line_markdown
from build_tools.model import (
    KINDS,
    Actor,
    Article,
    Event,
    FuzzyDate,
    Kind,
    Reference,
    Sourcing,
    Weapon,
)
from build_tools.paths import (
    CHRONOLOGY,
    FEED,
    UPDATES,
    PagePath,
    chronology_year_path,
    entity_events_path,
    index_part_path,
    index_path,
    link,
    mentions_path,
    page_path,
    paragraph_anchor,
)
from build_tools.resolve import Dossier, Passage
from build_tools.svg import co_participants, directory_url, relationship_svg, timeline_svg
from build_tools.text import Mention, QuoteMatch, display_alias, name_sort_key, search_variants
from build_tools.typography import NNBSP, french_spacing

# Beyond this, one picture of every event is too tall to read; the list remains.
TIMELINE_LIMIT = 150
# An entity page quotes the sentences of its most recent articles only; the complete list
# of articles (one line each, paragraphs linked) is on paginated pages of its own, so that
# no page grows with the dossier (at 10,000 records the most-cited entity page weighed
# 6 MB). The real dossier's pages quote every passage (at most 8 per article).
MENTION_RECENT_ARTICLES = 10
MENTION_PASSAGES_PER_ARTICLE = 10
MENTION_ARCHIVE_PAGE = 200
# Likewise, « Liés par des événements communs » names the entities sharing the most events
# and a few events each; every shared event is in the page's own event list.
SHARED_ENTITIES_SHOWN = 30
SHARED_EVENTS_SHOWN = 10
# Likewise, an entity page lists its events in full up to ENTITY_EVENTS_SHOWN; above, the most
# recent ENTITY_EVENTS_SHOWN and a link to the complete list, on pages of ENTITY_EVENTS_PAGE
# events (``acteurs/<id>/evenements/``). At 10,000 records the actor with most events (1,047)
# had a 287 KB page, 177 KB of it this list; a line weighs ~170 bytes of Markdown, so a list
# page stays near 40 KB. The S-400 dossier (13 events in all) lists every event on the page.
ENTITY_EVENTS_SHOWN = 50
ENTITY_EVENTS_PAGE = 250
# Above this many records, a list (the chronology, a section index) is split into parts: one
# page per year (chronology, events, articles) or per initial of the name (actors, weapons),
# the list's own page linking to each part. One page listing every record of a 10,000-record
# dossier weighed 1.2 MB (events index) to 1.9 MB (articles index) of HTML; measured on the
# synthetic dossier, a line weighs up to ~700 bytes of HTML (chronology), so 250 lines and the
# theme's ~30 KB stay under 200 KB. Each list decides on its own count; the S-400 dossier
# (13 events) is far below, and keeps its one-page lists and their URLs. A year or initial
# with more records than this is itself split into numbered pages (« 2023 (1/2) »).
SPLIT_ABOVE = 250

Text = str  # plain text (escaped by the templates) or Md
# An infobox row: (label, value); the value is plain text or one line of Md.
Row = tuple[str, Text]

# -- view models, one per page kind (and their parts) ---------------------------------------
# slots: a large dossier builds hundreds of thousands of these.


@dataclass(frozen=True, slots=True)
class DatedLink:
    """A list line « **date** — link »."""

    date: str
    link: Md


@dataclass(frozen=True, slots=True)
class CitationView:
    """A quote supporting an event, with where it is and the editors' note on it.

    ``anchor`` is the quote's own id on the event page (its permalink); ``article`` links
    the outlet's name (the full article title is the link's title), ``paragraph`` is the
    « § n » link to the exact paragraph."""

    anchor: str
    permalink: Md
    quote: str
    article: Md
    date: str
    paragraph: Md
    note: Md | None


@dataclass(frozen=True, slots=True)
class Neighbour:
    """The previous or next event in the chronology, for the event page's pagers."""

    date: str
    title: str
    target: Md


@dataclass(frozen=True, slots=True)
class EventView:
    """An event page (``evenements/<id>.md``)."""

    event: Event
    date: str
    precision: str
    summary: Md
    actors: Md
    weapons: Md
    places: str
    citations: tuple[CitationView, ...]
    date_basis: Md
    notes: tuple[Md, ...]
    previous: Neighbour | None
    following: Neighbour | None
    last_changed: str | None  # « 8 avril 2019 » (history.py), None when unknown


@dataclass(frozen=True, slots=True)
class RelatedView:
    """A related entity and what it is."""

    link: Md
    what: str


@dataclass(frozen=True, slots=True)
class SharedView:
    """An entity sharing events with the page's entity; ``events`` are short dated links
    (the event's title is the link's title), not titles repeated under every co-actor."""

    link: Md
    count: str
    events: Md


@dataclass(frozen=True, slots=True)
class QuotedMention:
    """A sentence quoting the entity, and the link to its paragraph."""

    sentence: Md
    paragraph: Md


@dataclass(frozen=True, slots=True)
class MentionGroup:
    """The passages of one article that mention the entity."""

    article: Md
    date: str
    passages: tuple[QuotedMention, ...]
    more: Md | None


@dataclass(frozen=True, slots=True)
class MentionsSection:
    """The « Mentionné dans » section of an entity page."""

    summary: str | None
    groups: tuple[MentionGroup, ...]
    # When the section quotes the most recent articles only: saying so, and the link target
    # of the complete list.
    recent: str | None
    complete: Md | None


@dataclass(frozen=True, slots=True)
class EntityView:
    """An actor's or weapon system's page (``acteurs/<id>.md``, ``systemes-d-armes/<id>.md``)."""

    entity: Actor | Weapon
    picture: Md
    shared: tuple[SharedView, ...]
    shared_more: str | None
    rows: tuple[Row, ...]
    description: Md
    events: tuple[DatedLink, ...]
    related: tuple[RelatedView, ...]
    mentions: MentionsSection
    last_changed: str | None  # « 8 avril 2019 » (history.py), None when unknown
    # When ``events`` are the most recent only (ENTITY_EVENTS_SHOWN): saying so, and the link
    # target of the complete list.
    events_recent: str | None = None
    events_complete: Md | None = None


@dataclass(frozen=True, slots=True)
class PagerItem:
    """A page number of a paginated list; ``target`` is None for the page shown."""

    number: int
    target: Md | None


@dataclass(frozen=True, slots=True)
class MentionListView:
    """One page of the complete list of articles mentioning an entity (``mentions/<id>/``)."""

    title: str
    entity: Md
    summary: str
    order: str
    pager: tuple[PagerItem, ...]  # empty: one page
    rows: Md


@dataclass(frozen=True, slots=True)
class EventListView:
    """One page of the complete list of an actor's or weapon's events
    (``acteurs/<id>/evenements/``), laid out as the mention lists."""

    title: str
    entity: Md
    summary: str
    order: str
    pager: tuple[PagerItem, ...]  # empty: one page
    rows: Md


@dataclass(frozen=True, slots=True)
class ParagraphView:
    """One numbered paragraph of an article, and the notice of a repeat after it."""

    number: int
    anchor: str
    label: Md
    body: Md
    repeat: str | None


@dataclass(frozen=True, slots=True)
class FootnoteView:
    """An annotation, as a footnote of the article page."""

    key: str
    kind: str
    note: Md
    paragraph: Md


@dataclass(frozen=True, slots=True)
class SupportedEvent:
    """An event that cites the article, with the paragraphs it cites."""

    date: str
    link: Md
    paragraphs: Md


@dataclass(frozen=True, slots=True)
class ArticleView:
    """An article page (``articles/<id>.md``): metadata, the text, its annotations."""

    article: Article
    rows: tuple[Row, ...]
    paragraphs: tuple[ParagraphView, ...]
    footnotes: tuple[FootnoteView, ...]
    supported: tuple[SupportedEvent, ...]
    last_changed: str | None  # « 8 avril 2019 » (history.py), None when unknown


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a split list: its key (in its path), name, page and records."""

    key: str
    label: str
    path: PagePath
    ids: tuple[str, ...]
    group: str  # the year or initial (a long one has several parts)


@dataclass(frozen=True, slots=True)
class PartLink:
    """A link to a part of a split list; ``target`` is None for the page shown."""

    label: str
    count: str
    target: Md | None


@dataclass(frozen=True, slots=True)
class PartsView:
    """The links between the parts of a split list: every part (on the list's own page and
    on each part), and on a part the previous and next parts and the list's own page."""

    heading: str
    summary: str
    items: tuple[PartLink, ...]
    previous: PartLink | None = None
    following: PartLink | None = None
    whole: Md | None = None
    whole_label: str = ""


@dataclass(frozen=True, slots=True)
class EntityRow:
    """A line of an actor or weapon index."""

    link: Md
    detail: str
    events: int
    mentions: int


@dataclass(frozen=True, slots=True)
class EntityGroup:
    """A table of an actor or weapon index (actors are grouped by kind)."""

    title: str | None
    rows: tuple[EntityRow, ...]


@dataclass(frozen=True, slots=True)
class EntityIndexView:
    """The actor index or the weapon index."""

    title: str
    intro: str
    groups: tuple[EntityGroup, ...]
    detail: str
    parts: PartsView | None = None


@dataclass(frozen=True, slots=True)
class EventRow:
    """A line of the event index."""

    date: str
    link: Md
    actors: Md


@dataclass(frozen=True, slots=True)
class EventIndexView:
    """The event index, in chronological order."""

    title: str
    rows: tuple[EventRow, ...]
    parts: PartsView | None = None


@dataclass(frozen=True, slots=True)
class ArticleRow:
    """A line of the article index."""

    date: str
    link: Md
    outlet: str
    events: int


@dataclass(frozen=True, slots=True)
class ArticleIndexView:
    """The article index, by publication date."""

    title: str
    rows: tuple[ArticleRow, ...]
    parts: PartsView | None = None


@dataclass(frozen=True, slots=True)
class ChronologyLine:
    """An event in the chronology."""

    date: str
    link: Md
    actors: Md
    weapons: Md
    sort_note: str | None


@dataclass(frozen=True, slots=True)
class YearPage:
    """A year of a split chronology, on the chronology's page: « 95 événements en 2017 »,
    linked to its page (to each of its pages when it has several)."""

    year: int
    links: Md


@dataclass(frozen=True, slots=True)
class ChronologyView:
    """The chronology: a timeline picture (small dossiers) and the events by year."""

    title: str
    years: tuple[tuple[int, tuple[ChronologyLine, ...]], ...]
    picture: Md
    too_large: str | None
    # Split: on the chronology's own page, the years and their pages (``years`` is empty);
    # on a year's page, that year only.
    parts: PartsView | None = None
    year_pages: tuple[YearPage, ...] = ()


@dataclass(frozen=True, slots=True)
class UpdateRow:
    """A line of « Dernières mises à jour »: when, added or changed, which record."""

    date: str
    change: str
    kind: str
    link: Md


@dataclass(frozen=True, slots=True)
class UpdatesView:
    """The « Dernières mises à jour » page: the latest changes, newest first; ``unknown``
    says why there is no list (no history), ``feed`` links the Atom feed when there is one."""

    intro: str
    feed: Md | None
    rows: tuple[UpdateRow, ...]
    unknown: str | None


@dataclass(frozen=True, slots=True)
class RecentChange:
    """A record and the dates of its data files."""

    kind: Kind
    record_id: str
    dates: FileDates

    @property
    def added(self) -> bool:
        """The last change is the record's addition."""
        return self.dates.added == self.dates.changed


View = (EventView | EntityView | MentionListView | EventListView | ArticleView | EntityIndexView
        | EventIndexView | ArticleIndexView | ChronologyView | UpdatesView)
# The « Dernières mises à jour » page lists this many changes, the feed FEED_LIMIT: both stay
# small whatever the size of the dossier.
UPDATES_LIMIT = 100
FEED_LIMIT = 50


@dataclass
class Views:
    """Builds the view model of every page of one dossier, with one label table."""

    dossier: Dossier
    labels: dict[str, Any]
    _mentioning: tuple[str, list[tuple[str, list[Passage]]]] = ("", [])
    _published: dict[str, str] = field(default_factory=dict)
    # Dates of the data files (history.py) and the site's address (SITE_URL, for the feed).
    history: History = field(default_factory=History)
    site_url: str = ""
    _parts: dict[PagePath, tuple[Part, ...]] = field(default_factory=dict)

    # -- small helpers -------------------------------------------------------------

    def entity_path(self, entity_id: str) -> PagePath:
        return page_path(self.dossier.kind_of(entity_id), entity_id)

    # Links are built here, not by a template macro: they are the inner loop of rendering
    # (~50 a page). Measured on this machine (2 cores, Jinja 3): one link as a macro call
    # took 4.3 µs, this f-string 0.8 µs; a synthetic dossier of 2,000 records has 116,000
    # links, so macros would add ~0.4 s, ~7 % of the generator's CPU time (~6 s).
    def entity_link(self, source: PagePath, entity_id: str) -> Md:
        entity = self.dossier.entity(entity_id)
        target = link(source, self.entity_path(entity_id))
        # data-preview: Material's instant preview shows the page on hover.
        return Md(f"[{literal(entity.name)}]({target}){{ data-preview }}")

    def event_link(self, source: PagePath, event_id: str) -> Md:
        event = self.dossier.events[event_id]
        target = page_path(Kind.EVENT, event_id)
        return Md(f"[{literal(event.title)}]({link(source, target)})")

    def paragraph_link(self, source: PagePath, article_id: str, number: int) -> Md:
        target = page_path(Kind.ARTICLE, article_id)
        text = literal(self.labels["paragraph"].format(n=number))
        return Md(f"[{text}]({link(source, target, paragraph_anchor(number))})")

    def count(self, n: int, forms: str) -> str:
        """``n`` with the label ``forms`` in the right number (``4 621 articles``)."""
        return count(n, self.labels[forms], self.labels["thousands_separator"])

    def dated_event_links(self, source: PagePath, event_ids: Sequence[str], limit: int) -> Md:
        """Short links to the first ``limit`` events, their dates as text and their titles
        as link titles (« 8 avril 2019, 5 avril 2019 et 2 autres »)."""
        links = []
        for event_id in event_ids[:limit]:
            event = self.dossier.events[event_id]
            target = link(source, page_path(Kind.EVENT, event_id))
            date = literal(self.event_date(event))
            # The title twice: as link title (no JavaScript) and in the accessible name, since
            # Material drops link titles at run time; data-preview shows the event on hover.
            label = literal(self.labels["dated_event_label"].format(
                date=self.event_date(event), title=event.title))
            links.append(f'[{date}]({target} "{literal(event.title)}")'
                         f'{{ data-preview aria-label="{label}" }}')
        rest = len(event_ids) - limit
        return Md(", ".join(links) + (" " + literal(self.count(rest, "more_events"))
                                      if rest > 0 else ""))

    def event_date(self, event: Event) -> str:
        shown = format_event_date(event.date, self.labels)
        return self.labels["planned"].format(date=shown) if event.planned else shown

    def joined_links(self, source: PagePath, ids: Iterable[str]) -> Md:
        return Md(", ".join(self.entity_link(source, i) for i in ids))

    # -- record pages ---------------------------------------------------------------

    @functools.cached_property
    def chronology_position(self) -> dict[str, int]:
        """Each event's place in the chronology (``list.index`` per page was quadratic)."""
        return {event_id: n for n, event_id in enumerate(self.dossier.chronology)}

    def event(self, event_id: str) -> EventView:
        """An event page: summary, sources quoted, notes, previous and next events."""
        event = self.dossier.events[event_id]
        source = page_path(Kind.EVENT, event.id)
        order = self.dossier.chronology
        position = self.chronology_position[event.id]
        previous = order[position - 1] if position > 0 else None
        following = order[position + 1] if position + 1 < len(order) else None
        return EventView(
            event=event,
            date=self.event_date(event),
            precision=self.labels["precision"][event.date.start.precision],
            summary=markdown_field(event.summary),
            actors=self.joined_links(source, event.actors),
            weapons=self.joined_links(source, event.weapons),
            places=", ".join(event.places),
            citations=self.citations(source, event),
            date_basis=self.sourced(source, event.references, event.date_basis_sourcing,
                                    literal(event.date.basis.strip())),
            notes=tuple(self.sourced(source, event.references, sourcing, markdown_field(n))
                        for n, sourcing in zip(event.notes, _notes_sourcing(event), strict=True)),
            previous=self.event_nav(source, previous),
            following=self.event_nav(source, following),
            last_changed=self.last_changed(Kind.EVENT, event.id),
        )

    def event_nav(self, source: PagePath, event_id: str | None) -> Neighbour | None:
        if event_id is None:
            return None
        event = self.dossier.events[event_id]
        return Neighbour(date=self.event_date(event), title=event.title,
                         target=Md(link(source, page_path(Kind.EVENT, event_id))))

    def citations(self, source: PagePath, event: Event) -> tuple[CitationView, ...]:
        """The event's quotes in source order (article date, paragraph, place in it), each
        with its anchor ``q-<article>-p<n>-<k>``: the k-th quote of paragraph n in that
        order, so that adding a quote elsewhere changes no other quote's permalink."""
        found = []
        for index, citation in enumerate(event.sources):
            match = self.dossier.citation_match(event, index)
            found.append((self.article_rank[citation.article], citation.article,
                          match.paragraph, match.start, match.end, index, match))
        found.sort(key=lambda item: item[:6])
        seen: dict[tuple[str, int], int] = defaultdict(int)
        shown: set[str] = set()  # articles already cited in full above
        views = []
        for _, article_id, number, _, _, index, match in found:
            seen[(article_id, number)] += 1
            page = link(source, page_path(Kind.ARTICLE, article_id))
            anchor = f"q-{article_id}-p{number}-{seen[(article_id, number)]}"
            paragraph = literal(self.labels["paragraph_short"].format(n=number))
            views.append(CitationView(
                anchor=anchor,
                permalink=Md(f"#{anchor}"),
                quote=self.quoted_passage(article_id, match),
                article=self.cited_article(article_id, page, first=article_id not in shown),
                date=self.published(article_id),
                paragraph=Md(f"[{paragraph}]({page}#{paragraph_anchor(number)})"),
                note=self.citation_note(source, event, index),
            ))
            shown.add(article_id)
        return tuple(views)

    def cited_article(self, article_id: str, page: str, *, first: bool) -> Md:
        """The source of a quote, as in a bibliography: in full at the article's first quote
        on the page (« title » linked, outlet), then the outlet alone (« Article » when
        unknown), linked, the title as link title. Material drops link titles at run time
        (its previews replace them): data-preview shows the article's start on hover."""
        article = self.dossier.articles[article_id]
        outlet = f"*{literal(article.outlet)}*" if article.outlet else ""
        if first:
            title = f"«{NNBSP}[{literal(article.title)}]({page}){{ data-preview }}{NNBSP}»"
            return Md(title + (f", {outlet}" if outlet else ""))
        text = outlet or literal(self.labels["cite_no_outlet"])
        return Md(f'[{text}]({page} "{literal(article.title)}"){{ data-preview }}')

    def quoted_passage(self, article_id: str, match: QuoteMatch) -> str:
        """The quoted words exactly as the article has them (not as the editor typed them)."""
        text = self.dossier.paragraphs[article_id].texts[match.paragraph - 1]
        return text[match.start:match.end]

    def entity(self, entity_id: str) -> EntityView:
        """An actor's or weapon system's page: infobox, events, relations, mentions."""
        entity = self.dossier.entity(entity_id)
        kind = Kind.ACTOR if isinstance(entity, Actor) else Kind.WEAPON
        source = page_path(kind, entity.id)
        d = self.dossier
        rows: list[Row] = []
        if isinstance(entity, Actor):
            rows.append((self.labels["field"]["kind"], self.labels["actor_kinds"][entity.kind]))
            if entity.role:
                rows.append((self.labels["field"]["role"], entity.role))
        else:
            rows.append((self.labels["field"]["category"], entity.category))
            if entity.manufacturer:
                rows.append((self.labels["field"]["manufacturer"],
                             self.entity_link(source, entity.manufacturer)))
        if entity.country:
            rows.append((self.labels["field"]["country"], self.entity_link(source, entity.country)))
        # Search-only names are shown too: the page is what the search finds them on.
        aliases = [display_alias(a) for a in (*entity.aliases, *entity.search_aliases)]
        if aliases:
            rows.append((self.labels["field"]["aliases"], ", ".join(aliases)))
        variants = search_variants([entity.name, *aliases])
        if variants:
            rows.append((self.labels["field"]["variants"], ", ".join(variants)))
        events, events_recent, events_complete = self.entity_events(source, kind, entity.id)
        related = tuple(
            RelatedView(self.entity_link(source, r), self.entity_kind_label(r))
            for r in d.related_of.get(entity.id, ())
        )
        picture = relationship_svg(
            d, entity.id, lambda other: directory_url(source, self.entity_path(other)),
            self.labels)
        sharing = co_participants(d, entity.id)
        shared = tuple(
            SharedView(self.entity_link(source, other),
                       self.count(len(events), "count_shared_events"),
                       self.dated_event_links(source, events, SHARED_EVENTS_SHOWN))
            for other, events in sharing[:SHARED_ENTITIES_SHOWN]
        )
        hidden = len(sharing) - len(shared)
        return EntityView(
            entity=entity,
            picture=picture,
            shared=shared,
            shared_more=self.count(hidden, "shared_more") if hidden else None,
            rows=tuple(rows),
            description=markdown_field(entity.description),
            events=events,
            related=related,
            mentions=self.mentions_section(source, entity.id),
            last_changed=self.last_changed(kind, entity.id),
            events_recent=events_recent,
            events_complete=events_complete,
        )

    def entity_events(self, source: PagePath, kind: Kind, entity_id: str
                      ) -> tuple[tuple[DatedLink, ...], str | None, Md | None]:
        """The events an entity page lists, oldest first: all of them, or the most recent
        ENTITY_EVENTS_SHOWN with a sentence saying so and the link to the complete list."""
        d = self.dossier
        found = d.events_of.get(entity_id, ())
        capped = self.entity_event_page_count(entity_id) > 0
        events = tuple(DatedLink(self.event_date(d.events[e]), self.event_link(source, e))
                       for e in (found[-ENTITY_EVENTS_SHOWN:] if capped else found))
        if not capped:
            return events, None, None
        recent = self.labels["entity_events"]["recent"].format(
            total=self.count(len(found), "count_events"), shown=ENTITY_EVENTS_SHOWN)
        return events, recent, Md(link(source, entity_events_path(kind, entity_id)))

    def entity_event_page_count(self, entity_id: str) -> int:
        """How many pages list the entity's events (0: its own page lists them all)."""
        events = len(self.dossier.events_of.get(entity_id, ()))
        if events <= ENTITY_EVENTS_SHOWN:
            return 0
        return -(-events // max(ENTITY_EVENTS_PAGE, 1))

    def entity_event_list(self, entity_id: str, number: int) -> EventListView:
        """Page ``number`` of the complete list of an entity's events, oldest first, for
        entities whose page lists the most recent only."""
        entity = self.dossier.entity(entity_id)
        kind = self.dossier.kind_of(entity_id)
        events = self.dossier.events_of.get(entity_id, ())
        pages = self.entity_event_page_count(entity_id)
        source = entity_events_path(kind, entity_id, number)
        pager = tuple(PagerItem(n, None if n == number
                                else Md(link(source, entity_events_path(kind, entity_id, n))))
                      for n in range(1, pages + 1))
        first = (number - 1) * ENTITY_EVENTS_PAGE
        text = self.labels["entity_events"]
        return EventListView(
            title=text["title"].format(name=entity.name),
            entity=self.entity_link(source, entity_id),
            summary=self.count(len(events), "count_events") + ".",
            order=text["order_paged"].format(n=number, total=pages)
            if pages > 1 else text["order"],
            pager=pager if pages > 1 else (),
            # One list item per event, built here as the mention lists' rows are.
            rows=Md("\n".join(
                f"- **{literal(self.event_date(self.dossier.events[e]))}** — "
                f"{self.event_link(source, e)}"
                for e in events[first:first + ENTITY_EVENTS_PAGE])),
        )

    def entity_kind_label(self, entity_id: str) -> str:
        entity = self.dossier.entity(entity_id)
        if isinstance(entity, Actor):
            label: str = self.labels["actor_kinds"][entity.kind]
            return label
        return entity.category

    def articles_mentioning(self, entity_id: str) -> list[tuple[str, list[Passage]]]:
        """(article id, its passages) for every article that mentions the entity, newest
        first. The last answer is kept: the entity page and its list pages ask in turn."""
        if self._mentioning[0] != entity_id:
            grouped: dict[str, list[Passage]] = defaultdict(list)
            for passage in self.dossier.passages.get(entity_id, ()):
                grouped[passage.article].append(passage)
            rank = self.article_rank
            newest_first = sorted(grouped, key=lambda a: rank[a], reverse=True)
            self._mentioning = (entity_id, [(a, grouped[a]) for a in newest_first])
        return self._mentioning[1]

    @functools.cached_property
    def article_rank(self) -> dict[str, int]:
        """Each article's place by publication date (then id), oldest first."""
        articles = self.dossier.articles
        ordered = sorted(articles, key=lambda a: (articles[a].published, a))
        return {article_id: rank for rank, article_id in enumerate(ordered)}

    def mention_page_count(self, entity_id: str) -> int:
        """How many pages list the articles mentioning the entity (0: its page quotes all)."""
        articles = len({p.article for p in self.dossier.passages.get(entity_id, ())})
        if articles <= MENTION_RECENT_ARTICLES:
            return 0
        return -(-articles // MENTION_ARCHIVE_PAGE)

    def article_title_link(self, source: PagePath, article_id: str) -> Md:
        article = self.dossier.articles[article_id]
        return Md(f"[{literal(article.title)}]"
                  f"({link(source, page_path(Kind.ARTICLE, article_id))})")

    def paragraph_links(self, source: PagePath, article_id: str, numbers: Iterable[int]) -> Md:
        """``§ 2, § 5`` linked to the paragraphs (each paragraph once, in order)."""
        page = link(source, page_path(Kind.ARTICLE, article_id))
        short = self.labels["paragraph_short"]
        return Md(", ".join(f"[{literal(short.format(n=n))}]({page}#{paragraph_anchor(n)})"
                            for n in sorted(set(numbers))))

    def published(self, article_id: str) -> str:
        """The article's publication date, as readers see it (formatted once per article)."""
        if article_id not in self._published:
            self._published[article_id] = format_event_date(
                self.dossier.articles[article_id].published_date, self.labels)
        return self._published[article_id]

    def sentence_with_mention(self, passage: Passage) -> Md:
        """The sentence as plain text, with the mention in bold."""
        text = self.dossier.paragraphs[passage.article].texts[passage.paragraph - 1]
        start, end = passage.mention_start, passage.mention_end
        # Spaces outside the "**" are plain spaces: they cannot change the bold (issue 13).
        return Md(literal(text[passage.sentence_start:start], bare_end=True) + "**"
                  + literal(text[start:end]) + "**"
                  + literal(text[end:passage.sentence_end], bare_start=True))

    def mention_summary(self, articles: int, passages: int) -> str:
        # Says what it counts: « 12 passages dans 5 articles ».
        template: str = self.labels["mentions_summary"]
        return template.format(
            articles=self.count(articles, "count_articles"),
            passages=self.count(passages, "count_passages"))

    def mentions_section(self, source: PagePath, entity_id: str) -> MentionsSection:
        """The « Mentionné dans » section: the sentences of the most recent articles, and a
        link to the complete list when there are more articles than the page quotes."""
        passages = self.dossier.passages.get(entity_id, ())
        articles = self.articles_mentioning(entity_id)
        groups = []
        for article_id, found in articles[:MENTION_RECENT_ARTICLES]:
            items = tuple(
                QuotedMention(self.sentence_with_mention(p),
                              self.paragraph_link(source, article_id, p.paragraph))
                for p in found[:MENTION_PASSAGES_PER_ARTICLE])
            rest = found[MENTION_PASSAGES_PER_ARTICLE:]
            groups.append(MentionGroup(
                article=self.article_title_link(source, article_id),
                date=self.published(article_id),
                passages=items,
                more=Md(literal(self.count(len(rest), "mentions_more")) + " "
                        + self.paragraph_links(source, article_id,
                                               (p.paragraph for p in rest)))
                if rest else None,
            ))
        complete = len(articles) > MENTION_RECENT_ARTICLES
        return MentionsSection(
            summary=self.mention_summary(len(articles), len(passages)) if articles else None,
            groups=tuple(groups),
            recent=self.labels["mentions_recent"].format(shown=MENTION_RECENT_ARTICLES)
            if complete else None,
            complete=Md(link(source, mentions_path(entity_id))) if complete else None)

    def mention_list(self, entity_id: str, number: int) -> MentionListView:
        """Page ``number`` of the complete list of the articles that mention the entity (one
        line per article, its paragraphs linked), for entities the page cannot quote in full."""
        entity = self.dossier.entity(entity_id)
        articles = self.articles_mentioning(entity_id)
        pages = self.mention_page_count(entity_id)
        source = mentions_path(entity_id, number)
        pager = tuple(PagerItem(n, None if n == number
                                else Md(link(source, mentions_path(entity_id, n))))
                      for n in range(1, pages + 1))
        first = (number - 1) * MENTION_ARCHIVE_PAGE
        return MentionListView(
            title=self.labels["mentions_title"].format(name=entity.name),
            entity=self.entity_link(source, entity_id),
            summary=self.mention_summary(
                len(articles), len(self.dossier.passages.get(entity_id, ()))),
            order=self.labels["mentions_order_paged"].format(n=number, total=pages)
            if pages > 1 else self.labels["mentions_order"],
            pager=pager if pages > 1 else (),
            # One list item per article, built here rather than in the template: these
            # pages hold most of the rows of a large dossier.
            rows=Md("\n".join(
                f"- **{literal(self.published(a))}** — {self.article_title_link(source, a)} — "
                f"{self.paragraph_links(source, a, (p.paragraph for p in found))}"
                for a, found in articles[first:first + MENTION_ARCHIVE_PAGE])),
        )

    def article(self, article_id: str) -> ArticleView:
        """An article page: metadata, the text (mentions linked, annotations marked), notes."""
        article = self.dossier.articles[article_id]
        source = page_path(Kind.ARTICLE, article.id)
        # Say why a field is empty: the article as received does not give it.
        unknown = self.labels["unknown_in_source"]
        f = self.labels["field"]
        rows: list[Row] = [
            (f["outlet"], article.outlet or unknown),
            (f["author"], article.author or unknown),
            (f["published"], self.published(article.id)),
            (f["published_basis"], self.sourced(
                source, article.references, article.published_basis_sourcing,
                literal(article.published_basis.strip()), inline=True)),
            (f["language"], self.labels["languages"].get(article.language, article.language)),
        ]
        # The internal ``source_file`` name is never shown: it tells a reader nothing.
        for key, url in (("url", article.url), ("archive_url", article.archive_url)):
            if url:
                rows.append((f[key], self.url_row(url)))
        paragraphs, footnotes = self.article_body(article)
        supported = []
        for event_id in self.dossier.events_citing.get(article.id, ()):
            event = self.dossier.events[event_id]
            numbers = sorted({self.dossier.citation_match(event, i).paragraph
                              for i, c in enumerate(event.sources) if c.article == article.id})
            supported.append(SupportedEvent(
                date=self.event_date(event),
                link=self.event_link(source, event_id),
                paragraphs=Md(", ".join(self.paragraph_link(source, article.id, n)
                                        for n in numbers)),
            ))
        return ArticleView(
            article=article, rows=tuple(rows), paragraphs=paragraphs, footnotes=footnotes,
            supported=tuple(supported), last_changed=self.last_changed(Kind.ARTICLE, article.id),
        )

    @staticmethod
    def url_row(url: str) -> Md | str:
        """A validated URL as an infobox value: an autolink, or escaped text when it
        holds characters an autolink cannot carry."""
        return _macro("autolink")(Md(url)) if _plain_url(url) else url

    def article_body(
        self, article: Article,
    ) -> tuple[tuple[ParagraphView, ...], tuple[FootnoteView, ...]]:
        """Paragraph Markdown (mentions linked, annotations marked) and the footnotes."""
        source = page_path(Kind.ARTICLE, article.id)
        text = self.dossier.paragraphs[article.id]
        annotations: dict[int, list[tuple[QuoteMatch, str]]] = defaultdict(list)
        footnotes = []
        # Footnotes are numbered in the order of their definitions: list them in text order
        # (paragraph, then offset), whatever order the editor wrote the annotations in.
        found = [(self.dossier.annotation_quotes[(article.id, index)], index)
                 for index in range(len(article.annotations))]
        found.sort(key=lambda item: (item[0].paragraph, item[0].start, item[0].end, item[1]))
        for number, (match, index) in enumerate(found, 1):
            annotation = article.annotations[index]
            key = f"n{number}"
            annotations[match.paragraph].append((match, key))
            footnotes.append(FootnoteView(
                key=key,
                kind=self.labels["annotation_kinds"][annotation.kind],
                note=self.sourced(source, article.references, annotation.sourcing,
                                  one_line_markdown(annotation.note), inline=True),
                paragraph=self.paragraph_link(source, article.id, match.paragraph),
            ))
        repeats_after = {r.first - 1: r for r in text.repeats}
        paragraphs = []
        for number, paragraph in text.shown():
            body = self.paragraph_markdown(
                source, paragraph, self.dossier.mentions[article.id].get(number, ()),
                annotations.get(number, []),
            )
            repeat = repeats_after.get(number)
            notice = None
            if repeat:
                template = "repeat_many" if repeat.last > repeat.first else "repeat_one"
                notice = self.labels[template].format(
                    first=repeat.first, last=repeat.last,
                    source_first=repeat.source_first, source_last=repeat.source_last)
            paragraphs.append(ParagraphView(
                number=number, anchor=paragraph_anchor(number),
                label=Md(self.labels["paragraph_label"].format(n=number)),
                body=body, repeat=notice))
        return tuple(paragraphs), tuple(footnotes)

    def paragraph_markdown(
        self, source: PagePath, text: str, mentions: Iterable[Mention],
        annotations: list[tuple[QuoteMatch, str]],
    ) -> Md:
        """One paragraph: literal text, first mention of each entity linked, annotations marked."""
        spans = [(m.start, m.end) for m, _ in annotations]
        marks: dict[int, list[str]] = defaultdict(list)  # offset -> markdown to insert there
        for (start, end), (_, key) in zip(spans, annotations, strict=True):
            marks[start].append("==")
            marks[end].append(f"==[^{key}]")
        linked: set[str] = set()
        pieces: list[str] = []
        cursor = 0
        for mention in mentions:
            crosses = any(s < mention.start < e < mention.end or mention.start < s < mention.end
                          or mention.start < e < mention.end for s, e in spans)
            if mention.entity in linked or crosses:
                continue
            linked.add(mention.entity)
            # Beside a link, a space stays a plain space (the link's "[" and ")" cannot be
            # changed by it): one reference less for MkDocs to parse (issue 13).
            pieces.append(_with_marks(text, cursor, mention.start, marks,
                                      bare_start=bool(pieces), bare_end=True))
            target = link(source, self.entity_path(mention.entity))
            pieces.append(f"[{literal(text[mention.start:mention.end])}]({target})")
            cursor = mention.end
        pieces.append(_with_marks(text, cursor, len(text), marks, final=True,
                                  bare_start=bool(pieces)))
        return Md("".join(pieces))

    # -- references: the outside sources of editorial notes --------------------------------------

    def sourced(self, source: PagePath, references: tuple[Reference, ...], sourcing: Sourcing,
                note: Md, *, inline: bool = False) -> Md:
        """``note`` followed by the references it cites, or by the « source à préciser »
        marker when it rests on other sources without citing any. ``inline`` keeps it on one
        line (footnotes, table cells); otherwise the references make a paragraph of their own."""
        if sourcing.source_missing:
            return Md(f"{note} {self.source_needed(source)}")
        if not sourcing.references:
            return note
        by_key = {r.key: r for r in references}
        cited = [self.reference(by_key[key]) for key in sourcing.references]
        forms = self.labels["references_label"]
        label = forms["one" if len(sourcing.references) == 1 else "many"]
        separator = Md(" — " if inline else "\n\n")
        return _macro("sourced")(note, separator, label, cited)

    def citation_note(self, source: PagePath, event: Event, index: int) -> Md | None:
        """A quote's note with its references; references without a note still show."""
        citation = event.sources[index]
        if citation.note:
            return self.sourced(source, event.references, citation.sourcing,
                                markdown_field(citation.note))
        if citation.sourcing.references:
            cited = Sourcing(citation.sourcing.references)
            return Md(self.sourced(source, event.references, cited, Md("")).lstrip())
        return None

    def source_needed(self, source: PagePath) -> Md:
        """The « source à préciser » marker, linked to the guide's explanation."""
        target = Md(link(source, GUIDE_PAGE, SOURCES_ANCHOR))
        return _macro("source_needed")(self.labels["source_needed"], target)

    def reference(self, ref: Reference) -> Md:
        """One reference, in French: « title » (linked), *outlet*, date (archive link)."""
        # Targets are percent-encoded here (url_target); every text the macro prints is
        # escaped by the template finalizer.
        url = Md(url_target(ref.url)) if ref.url else None
        archive_url = Md(url_target(ref.archive_url)) if ref.archive_url else None
        date = format_date(ref.date, self.labels) if ref.date else None
        return _macro("reference")(ref.title, url, _site_name(ref.url) if ref.url else None,
                                   ref.outlet, date, self.labels["reference_archive"],
                                   archive_url)

    # -- index pages ------------------------------------------------------------------

    def actor_index(self, part: str | None = None) -> EntityIndexView:
        """The actor index: one table per kind of actor (states, people, organisations);
        split, its first page lists the initials and ``part`` is one initial's page."""
        page = index_path(Kind.ACTOR)
        shown, source, parts = self.part_of(page, part)
        groups = []
        for kind in ("state", "person", "organisation"):
            members = sorted((a for a in self.dossier.actors.values()
                              if a.kind == kind and (shown is None or a.id in shown)),
                             key=lambda a: (name_sort_key(a.name), a.id))
            if members:
                groups.append(EntityGroup(
                    title=self.labels["actor_kinds_plural"][kind],
                    rows=tuple(self.entity_row(source, a, a.role or "") for a in members),
                ))
        return EntityIndexView(title=self.part_title("actors", page, part),
                               intro=self.labels["index_intro"]["actors"], groups=tuple(groups),
                               detail=self.labels["field"]["role"], parts=parts)

    def weapon_index(self, part: str | None = None) -> EntityIndexView:
        """The weapon index: one table (split: one page per initial)."""
        page = index_path(Kind.WEAPON)
        shown, source, parts = self.part_of(page, part)
        members = sorted((w for w in self.dossier.weapons.values()
                          if shown is None or w.id in shown),
                         key=lambda w: (name_sort_key(w.name), w.id))
        groups = (EntityGroup(title=None, rows=tuple(
            self.entity_row(source, w, w.category) for w in members)),) if members else ()
        return EntityIndexView(title=self.part_title("weapons", page, part),
                               intro=self.labels["index_intro"]["weapons"], groups=groups,
                               detail=self.labels["field"]["category"], parts=parts)

    def entity_row(self, source: PagePath, entity: Actor | Weapon, detail: str) -> EntityRow:
        return EntityRow(
            link=self.entity_link(source, entity.id),
            detail=detail,
            events=len(self.dossier.events_of.get(entity.id, ())),
            mentions=len(self.dossier.passages.get(entity.id, ())),
        )

    def event_index(self, part: str | None = None) -> EventIndexView:
        """The event index, in chronological order (split: one page per year)."""
        page = index_path(Kind.EVENT)
        shown, source, parts = self.part_of(page, part)
        return EventIndexView(title=self.part_title("events", page, part), rows=tuple(
            EventRow(date=self.event_date(self.dossier.events[e]),
                     link=self.event_link(source, e),
                     actors=self.joined_links(source, self.dossier.events[e].actors))
            for e in self.dossier.chronology if shown is None or e in shown), parts=parts)

    def article_index(self, part: str | None = None) -> ArticleIndexView:
        """The article index, by publication date (split: one page per year)."""
        page = index_path(Kind.ARTICLE)
        shown, source, parts = self.part_of(page, part)
        return ArticleIndexView(title=self.part_title("articles", page, part), rows=tuple(
            ArticleRow(date=self.published(a),
                       link=Md(f"[{literal(self.dossier.articles[a].title)}]"
                               f"({link(source, page_path(Kind.ARTICLE, a))})"),
                       outlet=self.dossier.articles[a].outlet or self.labels["unknown"],
                       events=len(self.dossier.events_citing.get(a, ())))
            for a in self.articles_by_date if shown is None or a in shown), parts=parts)

    @functools.cached_property
    def articles_by_date(self) -> tuple[str, ...]:
        """Article ids by publication date, then id."""
        articles = self.dossier.articles
        return tuple(sorted(articles, key=lambda a: (articles[a].published, a)))

    def chronology(self, part: str | None = None) -> ChronologyView:
        """The chronology page: the timeline (small dossiers) and every event by year. Split,
        its page lists the years (each heading keeps its anchor, ``#2017``, and links to the
        year's page) and ``part`` is one year's page."""
        shown, source, parts = self.part_of(CHRONOLOGY, part)
        years: dict[int, list[ChronologyLine]] = defaultdict(list)
        for event_id in self.dossier.chronology:
            if shown is not None and event_id not in shown:
                continue
            event = self.dossier.events[event_id]
            exact = event.date.qualifier in (None, "circa")
            precision = event.date.start.precision if exact else ""
            years[event.date.start.year].append(ChronologyLine(
                date=self.event_date(event),
                link=self.event_link(source, event_id),
                actors=self.joined_links(source, event.actors),
                weapons=self.joined_links(source, event.weapons),
                sort_note=(self.labels["month_sort_note"] if precision == "month"
                           else self.labels["year_sort_note"] if precision == "year"
                           else None),
            ))
        picture = Md("")
        too_large = None
        if part is not None:
            pass  # a year's page: the picture of every event is on no page (too many)
        elif len(self.dossier.chronology) <= TIMELINE_LIMIT:
            picture = timeline_svg(
                self.dossier,
                lambda e: directory_url(CHRONOLOGY, page_path(Kind.EVENT, e)), self.labels)
        else:
            # Split, the list below gives the years' pages, not every event.
            label = self.labels["parts"]["timeline_too_large"] if parts else \
                self.labels["timeline_too_large"]
            too_large = label.format(limit=TIMELINE_LIMIT)
        year_pages: tuple[YearPage, ...] = ()
        if parts is not None and part is None:
            text = self.labels["parts"]["year_link"]
            links: dict[int, list[str]] = defaultdict(list)
            for p, item in zip(self.parts(CHRONOLOGY), parts.items, strict=True):
                links[int(p.group)].append(
                    f"[{literal(text.format(count=item.count, year=item.label))}]({item.target})")
            year_pages = tuple(YearPage(year, Md(" · ".join(found)))
                               for year, found in links.items())
        return ChronologyView(
            title=self.part_title("chronology", CHRONOLOGY, part),
            years=tuple((year, tuple(lines)) for year, lines in sorted(years.items())),
            picture=picture, too_large=too_large, parts=parts, year_pages=year_pages)

    # -- lists split into parts (SPLIT_ABOVE) ------------------------------------------------

    def parts(self, page: PagePath) -> tuple[Part, ...]:
        """The parts of the list on ``page`` (the chronology or a section index), in order;
        empty when the list fits on one page."""
        if page not in self._parts:
            listed = self._listed(page)
            self._parts[page] = () if len(listed) <= SPLIT_ABOVE else self._split(page, listed)
        return self._parts[page]

    def _listed(self, page: PagePath) -> tuple[str, ...]:
        """The ids a list shows, in its order."""
        kind = _LISTS[page].kind
        if kind is Kind.EVENT:
            return self.dossier.chronology
        if kind is Kind.ARTICLE:
            return self.articles_by_date
        entities: Mapping[str, Actor | Weapon] = (
            self.dossier.actors if kind is Kind.ACTOR else self.dossier.weapons)
        return tuple(e.id for e in sorted(entities.values(),
                                          key=lambda e: (name_sort_key(e.name), e.id)))

    def _split(self, page: PagePath, listed: tuple[str, ...]) -> tuple[Part, ...]:
        """The parts of a list too long for one page: by year or by initial."""
        spec = _LISTS[page]
        groups: dict[str, list[str]] = defaultdict(list)
        for record_id in listed:
            groups[self._part_key(spec.kind, record_id)].append(record_id)
        if spec.by_year:
            keys = sorted(groups, key=int)
        else:
            keys = sorted(groups, key=lambda k: (k == OTHER_INITIAL, k))
        parts = []
        for key in keys:
            ids = groups[key]
            # A year or initial too long for one page gets numbered pages of even length
            # (276 records: 2 × 138, not 250 + 26): 2023, 2023-2…
            pages = -(-len(ids) // max(SPLIT_ABOVE, 1))
            size = -(-len(ids) // pages)
            chunks = [ids[n:n + size] for n in range(0, len(ids), size)]
            for number, chunk in enumerate(chunks, 1):
                part_key = key if number == 1 else f"{key}-{number}"
                path = (chronology_year_path(int(key), number) if page == CHRONOLOGY
                        else index_part_path(spec.kind, part_key))
                parts.append(Part(part_key, self._part_label(key, number, len(chunks)), path,
                                  tuple(chunk), key))
        return tuple(parts)

    def _part_label(self, key: str, number: int, total: int) -> str:
        """« 2017 », « E », « Autres »; « 2023 (2/3) » for a year on several pages."""
        labels = self.labels["parts"]
        name: str = labels["other_initial"] if key == OTHER_INITIAL else key.upper()
        return name if total == 1 else str(labels["numbered"].format(
            part=name, number=number, total=total))

    def _part_key(self, kind: Kind, record_id: str) -> str:
        """The part a record goes to: its year (events, articles) or its name's initial."""
        d = self.dossier
        if kind is Kind.EVENT:
            return str(d.events[record_id].date.start.year)
        if kind is Kind.ARTICLE:
            return str(d.articles[record_id].published.year)
        return initial(d.entity(record_id).name)

    def part_of(self, page: PagePath, key: str | None
                ) -> tuple[frozenset[str] | None, PagePath, PartsView | None]:
        """What a list page shows: the ids of its records (None: all; empty: none, the page
        links to its parts), the page's path, and the links between the parts."""
        parts = self.parts(page)
        if not parts:
            return None, page, None
        current = next((p for p in parts if p.key == key), None)
        if key and current is None:
            raise ValueError(f"no part {key!r} of {page}")  # a bug: parts come from parts()
        source = current.path if current else page
        spec = _LISTS[page]
        labels = self.labels["parts"]
        items = tuple(PartLink(p.label, self.count(len(p.ids), spec.forms),
                               None if p is current else Md(link(source, p.path)))
                      for p in parts)
        total = self.count(sum(len(p.ids) for p in parts), spec.forms)
        by = "years" if spec.by_year else "initials"
        view = PartsView(heading=labels[by], summary=labels[f"summary_{by}"].format(count=total),
                         items=items)
        if current is None:
            return frozenset(), page, view
        position = parts.index(current)
        return frozenset(current.ids), source, replace(
            view, previous=items[position - 1] if position else None,
            following=items[position + 1] if position + 1 < len(items) else None,
            whole=Md(link(source, page)),
            whole_label=labels[f"whole_{by}"].format(
                section=self.labels["sections"][spec.section]))

    def part_title(self, section: str, page: PagePath, key: str | None) -> str:
        """The list's title; on a part, with the part's name (« Acteurs : E »)."""
        title: str = self.labels["sections"][section]
        if key is None:
            return title
        label = next(p.label for p in self.parts(page) if p.key == key)
        return str(self.labels["parts"]["title"].format(section=title, part=label))


    # -- what's new: when each record's data last changed (history.py) ----------------------

    def record_dates(self, kind: Kind, record_id: str) -> FileDates | None:
        """The dates of a record's data files (an article: its .yaml and its .txt)."""
        path = _records_of(self.dossier, kind)[record_id].loc.path
        paths = [path, path.removesuffix(".yaml") + ".txt"] if kind is Kind.ARTICLE else [path]
        return self.history.dates(paths)

    def last_changed(self, kind: Kind, record_id: str) -> str | None:
        """« 8 avril 2019 »: the day the record's data last changed; None when unknown."""
        dates = self.record_dates(kind, record_id)
        if dates is None:
            return None
        day = dates.changed.day
        return format_date(FuzzyDate(day.year, day.month, day.day), self.labels)

    def recent_changes(self, limit: int) -> list[RecentChange]:
        """The ``limit`` records changed last, newest first (ties: by kind, then id)."""
        if not self.history.files:
            return []
        changes = (RecentChange(kind, record_id, dates)
                   for kind in Kind for record_id in _records_of(self.dossier, kind)
                   if (dates := self.record_dates(kind, record_id)) is not None)
        return heapq.nsmallest(limit, changes, key=lambda c: (
            -c.dates.changed.timestamp, c.kind.value, c.record_id))

    def record_title(self, kind: Kind, record_id: str) -> str:
        record = _records_of(self.dossier, kind)[record_id]
        return record.name if isinstance(record, (Actor, Weapon)) else record.title

    def updates(self) -> UpdatesView:
        """The « Dernières mises à jour » page."""
        text = self.labels["updates"]
        rows = []
        for change in self.recent_changes(UPDATES_LIMIT):
            day = change.dates.changed.day
            target = link(UPDATES, page_path(change.kind, change.record_id))
            rows.append(UpdateRow(
                date=format_date(FuzzyDate(day.year, day.month, day.day), self.labels),
                change=text["added" if change.added else "changed"],
                kind=text["kinds"][KINDS[change.kind].word],
                link=Md(f"[{literal(self.record_title(change.kind, change.record_id))}]"
                        f"({target})")))
        feed = Md(text["feed"].format(url=link(UPDATES, FEED))) if self.site_url else None
        return UpdatesView(
            intro=text["intro"].format(limit=UPDATES_LIMIT), feed=feed if rows else None,
            rows=tuple(rows),
            unknown=None if self.history.files else text["none"])

    def feed(self, site_name: str) -> str:
        """The Atom feed of the ``FEED_LIMIT`` latest changes (only with a site address)."""
        text = self.labels["updates"]
        entries = []
        for change in self.recent_changes(FEED_LIMIT):
            url = absolute_url(self.site_url, page_path(change.kind, change.record_id))
            title = self.record_title(change.kind, change.record_id)
            dates = change.dates
            entries.append(FeedEntry(
                # One entry per change of a record: the page's address and the commit's time.
                id=f"{url}#maj-{dates.changed.timestamp}",
                title=text["feed_entry_added" if change.added else "feed_entry_changed"]
                .format(title=title),
                url=url, updated=dates.changed.iso, published=dates.added.iso,
                summary=text["kinds"][KINDS[change.kind].word]))
        page = absolute_url(self.site_url, UPDATES)
        return atom_feed(feed_id=page, title=text["feed_title"].format(site=site_name),
                         author=site_name, page_url=page,
                         self_url=absolute_url(self.site_url, FEED), entries=entries)


@dataclass(frozen=True)
class _ListSpec:
    """A list that can be split: the records it shows, its title, how it splits and the
    words that count its records."""

    kind: Kind
    section: str
    by_year: bool
    forms: str


_LISTS: dict[str, _ListSpec] = {
    CHRONOLOGY: _ListSpec(Kind.EVENT, "chronology", True, "count_events"),
    index_path(Kind.EVENT): _ListSpec(Kind.EVENT, "events", True, "count_events"),
    index_path(Kind.ARTICLE): _ListSpec(Kind.ARTICLE, "articles", True, "count_articles"),
    index_path(Kind.ACTOR): _ListSpec(Kind.ACTOR, "actors", False, "count_records"),
    index_path(Kind.WEAPON): _ListSpec(Kind.WEAPON, "weapons", False, "count_records"),
}
# The initial of names that do not start with a letter from a to z (digits, other scripts).
OTHER_INITIAL = "autres"


def initial(name: str) -> str:
    """The part of a split actor or weapon index a name goes to: its first letter in French
    order (« Égypte » under E, as :func:`name_sort_key` sorts it), or :data:`OTHER_INITIAL`."""
    first = name_sort_key(name)[0][:1]
    return first if "a" <= first <= "z" else OTHER_INITIAL


def _records_of(dossier: Dossier, kind: Kind) -> Mapping[str, Actor | Weapon | Event | Article]:
    if kind is Kind.ACTOR:
        return dossier.actors
    if kind is Kind.WEAPON:
        return dossier.weapons
    return dossier.events if kind is Kind.EVENT else dossier.articles


def _notes_sourcing(event: Event) -> tuple[Sourcing, ...]:
    """What each event note cites (events built without sourcing cite nothing)."""
    return event.notes_sourcing or tuple(Sourcing() for _ in event.notes)


def _macro(name: str) -> Callable[..., Md]:
    """A macro of ``templates/_macros.md.j2`` (imported at call time: render imports views)."""
    from build_tools.render import macro
    return macro(name)


def _site_name(url: str) -> str:
    """``example.org`` for ``https://example.org/a/b``; the address itself if it has no host."""
    try:
        host = urllib.parse.urlsplit(url.strip()).hostname
    except ValueError:  # e.g. "https://[oops": validation only checks the scheme
        host = None
    return host or url.strip()


# Characters kept as they are in a link target; every other one is percent-encoded, so that
# no editor URL can end the link, open an attribute list or break a table cell.
_URL_SAFE = "/:?#@!$&+,;=%-._~"


def url_target(url: str) -> str:
    """An http(s) URL (validated) as a Markdown link target that cannot escape the link."""
    return urllib.parse.quote(url.strip(), safe=_URL_SAFE)


def _plain_url(url: str) -> bool:
    """True when ``url`` can be an autolink; otherwise it is shown as escaped text."""
    return all(c not in url for c in "<>\"' `|") and not re.search(r"&#?\w+;", url)


def _with_marks(text: str, start: int, end: int, marks: dict[int, list[str]],
                final: bool = False, *, bare_start: bool = False, bare_end: bool = False) -> str:
    """Literal ``text[start:end]`` with annotation marks inserted at their offsets.

    ``bare_start`` / ``bare_end``: that end of the text touches a link (see :func:`literal`);
    an end that touches a mark's ``==`` keeps its space as a reference.
    """
    cuts = sorted(o for o in marks if start <= o < end or (final and o == end))
    pieces: list[str] = []
    cursor = start
    for offset in cuts:
        segment = text[cursor:offset]
        piece = literal(segment, bare_start=bare_start and not pieces)
        pieces.append(_mark_edges(segment, piece, after_mark=bool(pieces), before_mark=True))
        pieces.append("".join(marks[offset]))
        cursor = offset
    segment = text[cursor:end]
    piece = literal(segment, bare_start=bare_start and not pieces, bare_end=bare_end)
    pieces.append(_mark_edges(segment, piece, after_mark=bool(pieces), before_mark=False))
    return "".join(pieces)


# Punctuation that literal() writes as itself but that, touching a mark's ``==`` inside a
# word (« 11==;==1 »), keeps pymdownx.mark from seeing the mark, where its reference
# (« 11==&#59;==1 ») does not: written as references there (tests/test_mdtext_relaxed.py).
_MARK_EDGE = frozenset("/;.")


def _mark_edges(segment: str, piece: str, *, after_mark: bool, before_mark: bool) -> str:
    """``piece`` (the literal of ``segment``) with those characters as references where the
    segment touches a mark (literal() writes them as themselves, so the piece starts and
    ends with them too)."""
    head = after_mark and segment[:1] in _MARK_EDGE and piece.startswith(segment[0])
    tail = before_mark and segment[-1:] in _MARK_EDGE and piece.endswith(segment[-1])
    if head and tail and len(piece) == 1:
        return f"&#{ord(piece)};"
    if head:
        piece = f"&#{ord(piece[0])};" + piece[1:]
    if tail:
        piece = piece[:-1] + f"&#{ord(piece[-1])};"
    return piece


# The records the last typeset() made, by the identity of their source: serve's
# regeneration typesets the whole dossier after each edit, and an unchanged record (the
# very same object, records are immutable) gets the same copy again, which also lets the
# comparison of two dossiers (incremental.changed_keys) see it unchanged at a glance.
_typeset_last: dict[int, tuple[Any, Any]] = {}


def typeset(dossier: Dossier) -> Dossier:
    """The dossier with French spacing in the short fields editors write (event titles, date
    bases, roles, categories); Markdown fields get it from :func:`markdown_field`. Names,
    article titles, article text and quotes are the sources' own words: left as they are."""
    global _typeset_last  # noqa: PLW0603 - a cache, see above
    last, now = _typeset_last, {}

    def reuse(record: Any, make: Callable[[Any], Any]) -> Any:
        found = last.get(id(record))
        made = found[1] if found is not None and found[0] is record else make(record)
        now[id(record)] = (record, made)
        return made

    def event(e: Event) -> Event:
        date = replace(e.date, basis=french_spacing(e.date.basis))
        return replace(e, title=french_spacing(e.title), date=date)

    typeset_dossier = replace(
        dossier,
        actors={k: reuse(a, lambda a: replace(a, role=a.role and french_spacing(a.role)))
                for k, a in dossier.actors.items()},
        weapons={k: reuse(w, lambda w: replace(w, category=french_spacing(w.category)))
                 for k, w in dossier.weapons.items()},
        events={k: reuse(e, event) for k, e in dossier.events.items()},
        articles={k: reuse(a, lambda a: replace(
            a, published_basis=french_spacing(a.published_basis)))
                  for k, a in dossier.articles.items()},
    )
    _typeset_last = now
    return typeset_dossier
