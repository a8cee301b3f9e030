"""Render the resolved dossier to Markdown pages, in memory.

``render_site`` is pure: it returns ``{docs-relative path: markdown}`` and
touches no file. Templates receive small view models; any plain ``str`` they
print is escaped with :func:`~build_tools.mdtext.literal`, so untrusted text
stays text unless the Python side deliberately built Markdown (:class:`Md`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import jinja2
import yaml

from build_tools.labels import count, format_date, format_event_date
from build_tools.mdtext import Md, literal, markdown_field, one_line_markdown
from build_tools.model import Actor, Article, Event, Kind, Weapon
from build_tools.paths import (
    CHRONOLOGY,
    PagePath,
    index_path,
    link,
    page_path,
    paragraph_anchor,
)
from build_tools.progress import Progress
from build_tools.resolve import Dossier, Passage
from build_tools.svg import co_participants, directory_url, relationship_svg, timeline_svg
from build_tools.text import Mention, QuoteMatch, display_alias, search_variants

# Beyond this, one picture of every event is too tall to read; the list remains.
TIMELINE_LIMIT = 150


def _finalize(value: Any) -> Any:
    if isinstance(value, jinja2.Undefined):
        str(value)  # StrictUndefined raises, naming the missing variable
    if isinstance(value, Md):
        return value
    if isinstance(value, str):
        return literal(value.strip())
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError(f"template printed a {type(value).__name__}: {value!r}")


def _as_markdown(value: str) -> Md:
    return value if isinstance(value, Md) else literal(value.strip())


def _indent(markdown: str, width: int) -> str:
    pad = " " * width
    return "\n".join(pad + line if line.strip() else "" for line in markdown.split("\n"))


def admonition(kind: str, title: str, body: str) -> Md:
    """A Material admonition; ``title`` is plain text, ``body`` plain text or :class:`Md`."""
    return Md(f'!!! {kind} "{literal(title.strip())}"\n\n{_indent(_as_markdown(body), 4)}\n')


def infobox(title: str, rows: list[tuple[str, str]]) -> Md:
    """A two-column summary table; cells are plain text or :class:`Md` on one line."""
    lines = [f"| {literal(title)} | |", "|:--|:--|"]
    for label, value in rows:
        cell = _as_markdown(value).replace("\n", " ")
        lines.append(f"| **{literal(label)}** | {cell} |")
    return Md("\n".join(lines) + "\n")


def make_environment() -> jinja2.Environment:
    """The Jinja environment: strict about missing fields, escaping plain text by default."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("build_tools", "templates"),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["admonition"] = admonition
    env.globals["infobox"] = infobox
    return env


def front_matter(meta: dict[str, Any]) -> str:
    """YAML front matter, serialised by a dumper (never by string concatenation)."""
    if not meta:
        return ""
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=True) + "---\n\n"


@dataclass
class Renderer:
    """Renders every page of one dossier with one label table."""

    dossier: Dossier
    labels: dict[str, Any]
    env: jinja2.Environment

    # -- small helpers -------------------------------------------------------------

    def entity_path(self, entity_id: str) -> PagePath:
        return page_path(self.dossier.kind_of(entity_id), entity_id)

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

    def event_date(self, event: Event) -> str:
        return format_event_date(event.date, self.labels)

    def page(self, template: str, meta: dict[str, Any], **context: Any) -> str:
        body = self.env.get_template(template).render(labels=self.labels, **context)
        return front_matter(meta) + body

    def joined_links(self, source: PagePath, ids: Iterable[str]) -> Md:
        return Md(", ".join(self.entity_link(source, i) for i in ids))

    # -- record pages ---------------------------------------------------------------

    def event_page(self, event: Event) -> str:
        source = page_path(Kind.EVENT, event.id)
        order = self.dossier.chronology
        position = order.index(event.id)
        previous = order[position - 1] if position > 0 else None
        following = order[position + 1] if position + 1 < len(order) else None
        citations = []
        for index, citation in enumerate(event.sources):
            match = self.dossier.citation_match(event, index)
            article = self.dossier.articles[citation.article]
            citations.append({
                "quote": self.quoted_passage(citation.article, match),
                "article": Md(f"[{literal(article.title)}]"
                              f"({link(source, page_path(Kind.ARTICLE, article.id))})"),
                "paragraph": self.paragraph_link(source, article.id, match.paragraph),
                "note": markdown_field(citation.note) if citation.note else None,
            })
        return self.page(
            "event.md.j2", {"search": {"boost": 2}},
            event=event,
            date=self.event_date(event),
            precision=self.labels["precision"][event.date.start.precision],
            summary=markdown_field(event.summary),
            actors=self.joined_links(source, event.actors),
            weapons=self.joined_links(source, event.weapons),
            places=", ".join(event.places),
            citations=citations,
            notes=[markdown_field(n) for n in event.notes],
            previous=self.event_nav(source, previous),
            following=self.event_nav(source, following),
        )

    def event_nav(self, source: PagePath, event_id: str | None) -> Md | None:
        if event_id is None:
            return None
        event = self.dossier.events[event_id]
        return Md(f"{literal(self.event_date(event))} — {self.event_link(source, event_id)}")

    def quoted_passage(self, article_id: str, match: QuoteMatch) -> str:
        """The quoted words exactly as the article has them (not as the editor typed them)."""
        text = self.dossier.paragraphs[article_id].texts[match.paragraph - 1]
        return text[match.start:match.end]

    def entity_page(self, entity: Actor | Weapon) -> str:
        kind = Kind.ACTOR if isinstance(entity, Actor) else Kind.WEAPON
        source = page_path(kind, entity.id)
        d = self.dossier
        rows: list[tuple[str, Md | str]] = []
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
        aliases = [display_alias(a) for a in entity.aliases]
        if aliases:
            rows.append((self.labels["field"]["aliases"], ", ".join(aliases)))
        variants = search_variants([entity.name, *aliases])
        if variants:
            rows.append((self.labels["field"]["variants"], ", ".join(variants)))
        events = [
            {"date": self.event_date(d.events[e]), "link": self.event_link(source, e)}
            for e in d.events_of.get(entity.id, ())
        ]
        related = [
            {"link": self.entity_link(source, r), "what": self.entity_kind_label(r)}
            for r in d.related_of.get(entity.id, ())
        ]
        picture = relationship_svg(
            d, entity.id, lambda other: directory_url(source, self.entity_path(other)),
            self.labels)
        shared = [
            {"link": self.entity_link(source, other),
             "count": count(len(events), self.labels["count_events"]),
             "events": Md(", ".join(self.event_link(source, e) for e in events))}
            for other, events in co_participants(d, entity.id)
        ]
        return self.page(
            "entity.md.j2", {"search": {"boost": 4}},
            entity=entity,
            picture=picture,
            shared=shared,
            rows=rows,
            description=markdown_field(entity.description),
            events=events,
            related=related,
            mentions=self.mention_groups(source, d.passages.get(entity.id, ())),
        )

    def entity_kind_label(self, entity_id: str) -> str:
        entity = self.dossier.entity(entity_id)
        if isinstance(entity, Actor):
            label: str = self.labels["actor_kinds"][entity.kind]
            return label
        return entity.category

    def mention_groups(self, source: PagePath, passages: Iterable[Passage]) -> list[dict[str, Any]]:
        grouped: dict[str, list[Passage]] = defaultdict(list)
        for passage in passages:
            grouped[passage.article].append(passage)
        groups = []
        for article_id in sorted(grouped, key=lambda a: (self.dossier.articles[a].published, a)):
            article = self.dossier.articles[article_id]
            items = []
            for p in grouped[article_id]:
                sentence = (literal(p.sentence[:p.mention_start])
                            + "**" + literal(p.sentence[p.mention_start:p.mention_end]) + "**"
                            + literal(p.sentence[p.mention_end:]))
                items.append({
                    "sentence": Md(sentence),
                    "paragraph": self.paragraph_link(source, article_id, p.paragraph),
                })
            groups.append({
                "article": Md(f"[{literal(article.title)}]"
                              f"({link(source, page_path(Kind.ARTICLE, article_id))})"),
                "date": format_date(article.published, self.labels),
                "passages": items,
            })
        return groups

    def article_page(self, article: Article) -> str:
        source = page_path(Kind.ARTICLE, article.id)
        unknown = self.labels["unknown"]
        f = self.labels["field"]
        rows: list[tuple[str, Md | str]] = [
            (f["outlet"], article.outlet or unknown),
            (f["author"], article.author or unknown),
            (f["published"], format_date(article.published, self.labels)),
            (f["published_basis"], article.published_basis),
            (f["language"], self.labels["languages"].get(article.language, article.language)),
        ]
        if article.url:
            rows.append((f["url"], Md(f"<{article.url}>") if _plain_url(article.url)
                         else article.url))
        if article.source_file:
            rows.append((f["source_file"], article.source_file))
        paragraphs, footnotes = self.article_body(article)
        supported = []
        for event_id in self.dossier.events_citing.get(article.id, ()):
            event = self.dossier.events[event_id]
            numbers = sorted({self.dossier.citation_match(event, i).paragraph
                              for i, c in enumerate(event.sources) if c.article == article.id})
            supported.append({
                "date": self.event_date(event),
                "link": self.event_link(source, event_id),
                "paragraphs": Md(", ".join(self.paragraph_link(source, article.id, n)
                                           for n in numbers)),
            })
        return self.page(
            "article.md.j2", {"search": {"boost": 3}},
            article=article, rows=rows, paragraphs=paragraphs, footnotes=footnotes,
            supported=supported,
        )

    def article_body(self, article: Article) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """Paragraph Markdown (mentions linked, annotations marked) and the footnotes."""
        source = page_path(Kind.ARTICLE, article.id)
        text = self.dossier.paragraphs[article.id]
        annotations: dict[int, list[tuple[QuoteMatch, str]]] = defaultdict(list)
        footnotes = []
        for number, annotation in enumerate(article.annotations, 1):
            match = self.dossier.annotation_quotes[(article.id, number - 1)]
            key = f"n{number}"
            annotations[match.paragraph].append((match, key))
            footnotes.append({
                "key": key,
                "kind": self.labels["annotation_kinds"][annotation.kind],
                "note": one_line_markdown(annotation.note),
                "paragraph": self.paragraph_link(source, article.id, match.paragraph),
            })
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
            paragraphs.append({"number": number, "anchor": paragraph_anchor(number),
                               "label": Md(self.labels["paragraph_label"].format(n=number)),
                               "body": body, "repeat": notice})
        return paragraphs, footnotes

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
            pieces.append(_with_marks(text, cursor, mention.start, marks))
            target = link(source, self.entity_path(mention.entity))
            pieces.append(f"[{literal(text[mention.start:mention.end])}]({target})")
            cursor = mention.end
        pieces.append(_with_marks(text, cursor, len(text), marks, final=True))
        return Md("".join(pieces))

    # -- index pages ------------------------------------------------------------------

    def actor_index(self) -> str:
        source = index_path(Kind.ACTOR)
        groups = []
        for kind in ("state", "person", "organisation"):
            members = sorted((a for a in self.dossier.actors.values() if a.kind == kind),
                             key=lambda a: (literal(a.name).casefold(), a.id))
            if members:
                groups.append({
                    "title": self.labels["actor_kinds_plural"][kind],
                    "rows": [self.entity_row(source, a, a.role or "") for a in members],
                })
        return self.page("index_entities.md.j2", {}, title=self.labels["sections"]["actors"],
                         intro=self.labels["index_intro"]["actors"], groups=groups,
                         detail=self.labels["field"]["role"])

    def weapon_index(self) -> str:
        source = index_path(Kind.WEAPON)
        members = sorted(self.dossier.weapons.values(), key=lambda w: (w.name.casefold(), w.id))
        groups = [{"title": None,
                   "rows": [self.entity_row(source, w, w.category) for w in members]}]
        return self.page("index_entities.md.j2", {}, title=self.labels["sections"]["weapons"],
                         intro=self.labels["index_intro"]["weapons"], groups=groups,
                         detail=self.labels["field"]["category"])

    def entity_row(self, source: PagePath, entity: Actor | Weapon, detail: str) -> dict[str, Any]:
        return {
            "link": self.entity_link(source, entity.id),
            "detail": detail,
            "events": len(self.dossier.events_of.get(entity.id, ())),
            "mentions": len(self.dossier.passages.get(entity.id, ())),
        }

    def event_index(self) -> str:
        source = index_path(Kind.EVENT)
        rows = [{"date": self.event_date(self.dossier.events[e]),
                 "link": self.event_link(source, e),
                 "actors": self.joined_links(source, self.dossier.events[e].actors)}
                for e in self.dossier.chronology]
        return self.page("index_events.md.j2", {}, rows=rows)

    def article_index(self) -> str:
        source = index_path(Kind.ARTICLE)
        articles = sorted(self.dossier.articles.values(), key=lambda a: (a.published, a.id))
        rows = [{"date": format_date(a.published, self.labels),
                 "link": Md(f"[{literal(a.title)}]({link(source, page_path(Kind.ARTICLE, a.id))})"),
                 "outlet": a.outlet or self.labels["unknown"],
                 "events": len(self.dossier.events_citing.get(a.id, ()))}
                for a in articles]
        return self.page("index_articles.md.j2", {}, rows=rows)

    def chronology(self) -> str:
        years: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for event_id in self.dossier.chronology:
            event = self.dossier.events[event_id]
            exact = event.date.qualifier in (None, "circa")
            precision = event.date.start.precision if exact else ""
            years[event.date.start.year].append({
                "date": self.event_date(event),
                "link": self.event_link(CHRONOLOGY, event_id),
                "actors": self.joined_links(CHRONOLOGY, event.actors),
                "weapons": self.joined_links(CHRONOLOGY, event.weapons),
                "sort_note": (self.labels["month_sort_note"] if precision == "month"
                              else self.labels["year_sort_note"] if precision == "year"
                              else None),
            })
        picture = Md("")
        too_large = None
        if len(self.dossier.chronology) <= TIMELINE_LIMIT:
            picture = timeline_svg(
                self.dossier,
                lambda e: directory_url(CHRONOLOGY, page_path(Kind.EVENT, e)), self.labels)
        else:
            too_large = self.labels["timeline_too_large"].format(limit=TIMELINE_LIMIT)
        return self.page("chronology.md.j2", {}, years=sorted(years.items()), picture=picture,
                         too_large=too_large)


def _plain_url(url: str) -> bool:
    """True when ``url`` can be an autolink; otherwise it is shown as escaped text."""
    return all(c not in url for c in "<>\"' `|") and not re.search(r"&#?\w+;", url)


def _with_marks(text: str, start: int, end: int, marks: dict[int, list[str]],
                final: bool = False) -> str:
    """Literal ``text[start:end]`` with annotation marks inserted at their offsets."""
    cuts = sorted(o for o in marks if start <= o < end or (final and o == end))
    pieces: list[str] = []
    cursor = start
    for offset in cuts:
        pieces.append(literal(text[cursor:offset]))
        pieces.append("".join(marks[offset]))
        cursor = offset
    pieces.append(literal(text[cursor:end]))
    return "".join(pieces)


def render_site(dossier: Dossier, labels: dict[str, Any]) -> dict[PagePath, str]:
    """Every generated page, ``{docs-relative path: markdown}``; pure and deterministic.

    A progress bar is drawn on a terminal for long builds (never in CI or a pipe).
    """
    renderer = Renderer(dossier, labels, make_environment())
    pages: dict[PagePath, str] = {}
    total = len(dossier.events) + len(dossier.actors) + len(dossier.weapons) + \
        len(dossier.articles) + 5
    with Progress("rendering pages", total) as progress:

        def add(path: PagePath, text: str) -> None:
            # Two records mapping to one page is a bug upstream (ids are unique), never an
            # overwrite.
            if path in pages:
                raise ValueError(f"two pages render to {path}")
            pages[path] = text
            progress.advance()

        for event_id in dossier.chronology:
            add(page_path(Kind.EVENT, event_id), renderer.event_page(dossier.events[event_id]))
        for actor_id in sorted(dossier.actors):
            add(page_path(Kind.ACTOR, actor_id), renderer.entity_page(dossier.actors[actor_id]))
        for weapon_id in sorted(dossier.weapons):
            add(page_path(Kind.WEAPON, weapon_id),
                renderer.entity_page(dossier.weapons[weapon_id]))
        for article_id in sorted(dossier.articles):
            add(page_path(Kind.ARTICLE, article_id),
                renderer.article_page(dossier.articles[article_id]))
        add(index_path(Kind.ACTOR), renderer.actor_index())
        add(index_path(Kind.WEAPON), renderer.weapon_index())
        add(index_path(Kind.EVENT), renderer.event_index())
        add(index_path(Kind.ARTICLE), renderer.article_index())
        add(CHRONOLOGY, renderer.chronology())
    return pages
