"""Cross-link valid records into a :class:`Dossier`: indexes, backlinks, quotes, mentions.

Like Material's tags plugin, everything is collected first and the graph is
populated afterwards, so rendering can look anything up in both directions.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

from build_tools.model import Actor, Article, Event, Kind, Weapon
from build_tools.text import (
    Mention,
    MentionFinder,
    Paragraphs,
    QuoteMatch,
    alias_keys,
    fold,
    sentence_around,
)
from build_tools.validate import Validated


@dataclass(frozen=True, slots=True)
class Passage:
    """A sentence of an article that mentions an entity.

    Offsets, not a copy of the sentence: a large dossier has hundreds of thousands.
    """

    article: str
    paragraph: int
    sentence_start: int  # offsets within the paragraph's text
    sentence_end: int
    mention_start: int
    mention_end: int


@dataclass(frozen=True)
class Dossier:
    """The whole dossier, resolved: records plus every index the pages need."""

    actors: dict[str, Actor]
    weapons: dict[str, Weapon]
    events: dict[str, Event]
    articles: dict[str, Article]
    paragraphs: dict[str, Paragraphs]
    chronology: tuple[str, ...]  # event ids in date order
    events_of: dict[str, tuple[str, ...]]  # entity id -> event ids, chronological
    related_of: dict[str, tuple[str, ...]]  # entity id -> entity ids, both directions
    events_citing: dict[str, tuple[str, ...]]  # article id -> event ids
    quotes: dict[tuple[str, int], QuoteMatch]  # (event id, source index) -> where
    annotation_quotes: dict[tuple[str, int], QuoteMatch]  # (article id, index) -> where
    mentions: dict[str, dict[int, tuple[Mention, ...]]]  # article -> paragraph -> mentions
    passages: dict[str, tuple[Passage, ...]]  # entity id -> passages mentioning it

    def kind_of(self, record_id: str) -> Kind:
        """The kind of record an id names (ids are unique across kinds)."""
        return self._kinds[record_id]

    @functools.cached_property
    def _kinds(self) -> dict[str, Kind]:
        # Articles first, actors last: were an id in two tables (validation forbids it), the
        # first kind in actor, weapon, event, article order would win, as it always has.
        return {record_id: kind
                for kind, table in ((Kind.ARTICLE, self.articles), (Kind.EVENT, self.events),
                                    (Kind.WEAPON, self.weapons), (Kind.ACTOR, self.actors))
                for record_id in table}

    def entity(self, entity_id: str) -> Actor | Weapon:
        """The actor or weapon system with this id."""
        return self.actors.get(entity_id) or self.weapons[entity_id]

    def citation_match(self, event: Event, index: int) -> QuoteMatch:
        """Where the ``index``-th source quote of ``event`` is in its article."""
        return self.quotes[(event.id, index)]


ArticleMentions = tuple[dict[int, tuple[Mention, ...]], tuple["_Found", ...]]


class MentionCache:
    """The mentions found in each article, kept from one :func:`resolve` to the next by
    ``serve``: an article whose text and ``no_link`` entries did not change is not scanned
    again, unless a name or alias that changed may be in it.

    The finder decides at each word from the aliases that start with that word alone
    (:class:`~build_tools.text.MentionFinder`), so when names change, only an article
    holding the first word of an old or new alias of a changed entity can find other
    mentions; the articles' folded texts are kept to tell (a substring test, so it may
    scan a few articles for nothing, never miss one)."""

    def __init__(self) -> None:
        self.names: dict[str, tuple[str, ...]] = {}
        self.finder: MentionFinder | None = None
        # article -> (inputs, mentions, folded text)
        self.articles: dict[str, tuple[object, ArticleMentions, str]] = {}

    def finder_for(self, names: dict[str, list[str]]) -> MentionFinder:
        """The finder of these names; when they changed, the results of the articles that
        may hold a changed name are dropped."""
        new = {entity: tuple(aliases) for entity, aliases in names.items()}
        if self.finder is not None and new == self.names:
            return self.finder
        if self.finder is None:
            self.articles = {}
        else:
            starts = _changed_first_words(self.names, new)
            self.articles = {article: kept for article, kept in self.articles.items()
                             if not any(word in kept[2] for word in starts)}
        self.names, self.finder = new, MentionFinder(names)
        return self.finder


def _changed_first_words(old: dict[str, tuple[str, ...]],
                         new: dict[str, tuple[str, ...]]) -> set[str]:
    """The folded first word of every alias, old or new, of the entities whose names
    changed (added and removed entities included)."""
    changed = {entity for entity in old.keys() | new.keys() if old.get(entity) != new.get(entity)}
    return {words[0] for entity in changed
            for name in (*old.get(entity, ()), *new.get(entity, ()))
            for words, _ in alias_keys(name)}


def resolve(v: Validated, cache: MentionCache | None = None) -> Dossier:
    """Build the indexes and backlinks of a validated dossier (``cache``: see
    :class:`MentionCache`)."""
    chronology = tuple(sorted(v.events, key=lambda e: (v.events[e].date.sort_key(), e)))
    events_of: dict[str, list[str]] = defaultdict(list)
    events_citing: dict[str, list[str]] = defaultdict(list)
    for event_id in chronology:
        event = v.events[event_id]
        for entity_id in dict.fromkeys((*event.actors, *event.weapons)):
            events_of[entity_id].append(event_id)
        for citation in event.sources:
            if event_id not in events_citing[citation.article]:
                events_citing[citation.article].append(event_id)
    mentions, passages = _find_mentions(v, cache)
    return Dossier(
        v.actors, v.weapons, v.events, v.articles, v.paragraphs, chronology,
        _freeze(events_of), _related(v), _freeze(events_citing), v.citations, v.annotations,
        mentions, passages,
    )


def _freeze(table: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(values) for key, values in table.items()}


def _related(v: Validated) -> dict[str, tuple[str, ...]]:
    links: dict[str, set[str]] = defaultdict(set)

    def connect(a: str | None, b: str | None) -> None:
        if a and b and a != b:
            links[a].add(b)
            links[b].add(a)

    for actor in v.actors.values():
        connect(actor.id, actor.country)
        for other in actor.related:
            connect(actor.id, other)
    for weapon in v.weapons.values():
        connect(weapon.id, weapon.country)
        connect(weapon.id, weapon.manufacturer)
        for other in weapon.related:
            connect(weapon.id, other)
    return {key: tuple(sorted(values)) for key, values in links.items()}


def entity_names(v: Validated) -> dict[str, list[str]]:
    """Every entity's name and aliases, for mention finding (not ``search_aliases``: those
    names are for search only and never link)."""
    names: dict[str, list[str]] = {}
    entities: list[Actor | Weapon] = [*v.actors.values(), *v.weapons.values()]
    for entity in entities:
        names[entity.id] = [entity.name, *entity.aliases]
    return names


def _find_mentions(
    v: Validated, kept: MentionCache | None,
) -> tuple[dict[str, dict[int, tuple[Mention, ...]]], dict[str, tuple[Passage, ...]]]:
    cache = kept or MentionCache()
    finder = cache.finder_for(entity_names(v))
    mentions: dict[str, dict[int, tuple[Mention, ...]]] = {}
    passages: dict[str, list[Passage]] = defaultdict(list)
    for article_id in sorted(v.articles):
        inputs = (v.paragraphs[article_id], v.articles[article_id].no_link)
        cached = cache.articles.get(article_id)
        if cached is None or cached[0] != inputs:
            folded = ("\n".join(fold(text).text for _, text in inputs[0].shown())
                      if kept is not None else "")  # (only a kept cache compares names)
            cached = (inputs, _article_mentions(finder, v, article_id), folded)
            cache.articles[article_id] = cached
        per_paragraph, found = cached[1]
        mentions[article_id] = per_paragraph
        for passage in found:
            passages[passage.entity].append(passage.place)
    return mentions, {key: tuple(values) for key, values in passages.items()}


@dataclass(frozen=True, slots=True)
class _Found:
    entity: str
    place: Passage


def _article_mentions(
    finder: MentionFinder, v: Validated, article_id: str,
) -> tuple[dict[int, tuple[Mention, ...]], tuple[_Found, ...]]:
    """The mentions of one article, by paragraph, and its passages (one per sentence and
    entity, highlighting the first mention), in text order."""
    seen: set[tuple[str, int, int]] = set()
    article = v.articles[article_id]
    per_paragraph: dict[int, tuple[Mention, ...]] = {}
    passages: list[_Found] = []
    for number, text in v.paragraphs[article_id].shown():
        excluded = {fold(n.text).text for n in article.no_link
                    if n.paragraph in (None, number)}
        found = tuple(m for m in finder.find(text)
                      if not excluded or fold(text[m.start:m.end]).text not in excluded)
        per_paragraph[number] = found
        for mention in found:
            start, end = sentence_around(text, mention.start, mention.end)
            key = (mention.entity, number, start)
            if key in seen:
                continue  # one entry per sentence, highlighting the first mention
            seen.add(key)
            passages.append(_Found(mention.entity, Passage(
                article_id, number, start, end, mention.start, mention.end)))
    return per_paragraph, tuple(passages)
