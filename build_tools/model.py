"""The dossier's records: frozen dataclasses built from validated YAML.

Ids, names and quotes are kept as :class:`~build_tools.yamlsource.LocStr` where
they came from YAML, so later stages can still point editors at the right line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Kind(StrEnum):
    """The four record kinds; the value is the data sub-folder name."""

    ACTOR = "actors"
    WEAPON = "weapons"
    EVENT = "events"
    ARTICLE = "articles"


@dataclass(frozen=True)
class KindInfo:
    """What the generator knows about one record kind, in one place."""

    word: str  # in messages: "link to unknown actor …"
    a_word: str  # with its article: "… is an actor, not an event"
    section: str  # the site folder of its pages (French: readers see it in URLs)
    schema_name: str  # schemas/<schema_name>.schema.json


KINDS: dict[Kind, KindInfo] = {
    Kind.ACTOR: KindInfo("actor", "an actor", "acteurs", "actor"),
    Kind.WEAPON: KindInfo("weapon", "a weapon system", "systemes-d-armes", "weapon"),
    Kind.EVENT: KindInfo("event", "an event", "evenements", "event"),
    Kind.ARTICLE: KindInfo("article", "an article", "articles", "article"),
}


@dataclass(frozen=True)
class Loc:
    """Where a record or value was written (1-based line and column)."""

    path: str
    line: int = 1
    col: int = 1


@dataclass(frozen=True, order=True)
class FuzzyDate:
    """A date known to the year, the month or the day.

    Sorting puts a month before the days of that month, and a year before its
    months, because a missing part sorts as 0.
    """

    year: int
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> str:
        """``"day"``, ``"month"`` or ``"year"``."""
        if self.day:
            return "day"
        return "month" if self.month else "year"

    def iso(self) -> str:
        """The editor's notation: ``2019``, ``2019-04`` or ``2019-04-08``."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)


@dataclass(frozen=True)
class EventDate:
    """An event's date with its uncertainty and how it was established."""

    start: FuzzyDate
    qualifier: str | None  # None, "circa", "before", "after" or "between"
    end: FuzzyDate | None
    basis: str

    def sort_key(self) -> tuple[FuzzyDate, int]:
        """Chronological order: "before X" sorts before X, "after X" after it."""
        rank = {"before": 0, "after": 2}.get(self.qualifier or "", 1)
        return self.start, rank


@dataclass(frozen=True)
class Reference:
    """An outside source (press article, official statement, page) that editorial notes cite.

    Defined once in a record's ``references`` and cited by its key from any note of that
    file, like Wikipedia's named references.
    """

    key: str
    title: str | None
    outlet: str | None
    date: FuzzyDate | None
    url: str | None
    archive_url: str | None
    loc: Loc


# What a note rests on: the dossier's own articles, or sources outside them.
RESTS_ON_ARTICLES = "articles"
RESTS_ON_OTHER_SOURCES = "other-sources"


@dataclass(frozen=True)
class Sourcing:
    """The references an editorial note (or a date basis) cites, and whether it needs any.

    ``needs_source`` is true when the note rests on sources outside the dossier's
    articles: without a reference, readers then see a « source à préciser » marker.
    """

    references: tuple[str, ...] = ()
    needs_source: bool = False
    loc: Loc | None = field(default=None, compare=False)  # where the note is written

    @property
    def source_missing(self) -> bool:
        """True when the note rests on other sources but cites none (the marker is shown)."""
        return self.needs_source and not self.references


@dataclass(frozen=True)
class Citation:
    """A verbatim quote from an article that supports an event."""

    article: str
    quote: str
    note: str | None
    loc: Loc
    sourcing: Sourcing = Sourcing()  # of ``note``


@dataclass(frozen=True)
class Annotation:
    """An editorial note attached to a passage of an article."""

    quote: str
    kind: str  # "note", "correction" or "context"
    note: str
    loc: Loc
    sourcing: Sourcing = Sourcing()


@dataclass(frozen=True)
class NoLink:
    """A passage where an automatic mention link must not be made."""

    text: str
    paragraph: int | None
    loc: Loc


@dataclass(frozen=True)
class Actor:
    """A person, state or organisation."""

    id: str
    name: str
    kind: str  # "person", "state" or "organisation"
    aliases: tuple[str, ...]
    country: str | None
    role: str | None
    description: str
    related: tuple[str, ...]
    loc: Loc
    # issue 9: names for search only (never linked), and records known not to be duplicates.
    search_aliases: tuple[str, ...] = ()
    distinct_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class Weapon:
    """A weapon system."""

    id: str
    name: str
    category: str
    aliases: tuple[str, ...]
    country: str | None
    manufacturer: str | None
    description: str
    related: tuple[str, ...]
    loc: Loc
    # issue 9: names for search only (never linked), and records known not to be duplicates.
    search_aliases: tuple[str, ...] = ()
    distinct_from: tuple[str, ...] = ()


@dataclass(frozen=True)
class Event:
    """A dated happening, supported by at least one quote."""

    id: str
    title: str
    date: EventDate
    summary: str
    places: tuple[str, ...]
    actors: tuple[str, ...]
    weapons: tuple[str, ...]
    sources: tuple[Citation, ...]
    notes: tuple[str, ...]
    loc: Loc
    # References (see Reference): the file's definitions, then what each note cites.
    references: tuple[Reference, ...] = ()
    date_basis_sourcing: Sourcing = Sourcing()
    notes_sourcing: tuple[Sourcing, ...] = ()  # one per note, in the order of ``notes``

    # issue 9: "planned" for an announced event that had not happened when reported.
    status: str | None = None

    @property
    def planned(self) -> bool:
        """True for an announced event (shown « annoncé »)."""
        return self.status == "planned"


@dataclass(frozen=True)
class Article:
    """A source article: the editors' metadata about it (its text, split into paragraphs,
    is in :class:`~build_tools.text.Paragraphs`, kept once)."""

    id: str
    title: str
    published: FuzzyDate
    published_basis: str
    language: str
    outlet: str | None
    author: str | None
    url: str | None
    source_file: str | None
    annotations: tuple[Annotation, ...]
    no_link: tuple[NoLink, ...]
    loc: Loc = field(default=Loc(""))
    # References (see Reference): the file's definitions, and what the date basis cites.
    references: tuple[Reference, ...] = ()
    published_basis_sourcing: Sourcing = Sourcing()

    # issue 9: the uncertainty of the publication date, as for events' dates.
    published_qualifier: str | None = None
    published_end: FuzzyDate | None = None

    # issue 11: an archived copy of the article, shown beside ``url``.
    archive_url: str | None = None

    @property
    def published_date(self) -> EventDate:
        """The publication date with its uncertainty, formatted like an event's date."""
        return EventDate(self.published, self.published_qualifier, self.published_end,
                         self.published_basis)


Entity = Actor | Weapon
Record = Actor | Weapon | Event | Article
