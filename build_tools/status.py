"""« État du dossier »: what the editors still have to do, computed from data/.

Not part of the published site: ``python -m build_tools status`` prints it (English, like
every CLI message) and :func:`status_markdown` gives the French page that ``serve`` shows
editors. It works on a dossier with errors too: the records that are valid are counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from build_tools.editor_guide import SEVERITY_NAMES, code_span
from build_tools.labels import load_labels
from build_tools.mdtext import literal
from build_tools.model import KINDS, Article, Event, Kind, Loc, Sourcing
from build_tools.problems import Problem, Problems, Severity, plural, unique
from build_tools.readers import read_data
from build_tools.validate import Validated, validate

T = TypeVar("T")
# How many characters of a note the status shows, to recognise it.
EXCERPT_CHARS = 90


@dataclass(frozen=True)
class UnsourcedNote:
    """A note (or date basis) resting on other sources that cites no reference."""

    path: str
    line: int
    what: str  # one of the keys of NOTE_KINDS
    text: str


# What kind of note, for the CLI (English) and the page (French).
NOTE_KINDS = {
    "annotation": ("annotation", "annotation"),
    "citation-note": ("note on a quote", "note de citation"),
    "event-note": ("event note", "note d'événement"),
    "date_basis": ("date_basis", "date_basis"),
    "published_basis": ("published_basis", "published_basis"),
}


@dataclass(frozen=True)
class SingleSource:
    """An event whose quotes all come from one article."""

    event: str
    path: str
    article: str


@dataclass(frozen=True)
class Unused:
    """A record no event uses: an actor or weapon in no event, an article no event cites."""

    kind: Kind
    id: str
    path: str


@dataclass(frozen=True)
class DossierStatus:
    """Everything the status shows."""

    counts: dict[Kind, int]
    references: int
    notes: int  # editorial notes and date bases
    notes_citing: int  # of which cite at least one reference
    problems: tuple[Problem, ...]
    unsourced: tuple[UnsourcedNote, ...]
    single_source: tuple[SingleSource, ...]
    unused: tuple[Unused, ...]

    def severityplural(self, severity: Severity) -> int:
        """How many problems of that severity the check reports."""
        return sum(p.severity is severity for p in self.problems)


def collect_status(root: Path) -> DossierStatus:
    """Read and check ``root/data`` (writing nothing) and compute the status."""
    problems = Problems()
    v = validate(read_data(root, problems), problems)
    counts = {Kind.ACTOR: len(v.actors), Kind.WEAPON: len(v.weapons),
              Kind.EVENT: len(v.events), Kind.ARTICLE: len(v.articles)}
    references = (sum(len(e.references) for e in v.events.values())
                  + sum(len(a.references) for a in v.articles.values()))
    unsourced = sorted(_unsourced(v), key=lambda n: (n.path, n.line))
    sourcings = list(_sourcings(v))
    citing = sum(bool(s.references) for s in sourcings)
    return DossierStatus(counts, references, len(sourcings), citing,
                         tuple(unique(problems.items)), tuple(unsourced), _single_source(v),
                         _unused(v))


def _sourcings(v: Validated) -> Iterator[Sourcing]:
    """What every editorial note and date basis cites."""
    for article in v.articles.values():
        yield article.published_basis_sourcing
        yield from (a.sourcing for a in article.annotations)
    for event in v.events.values():
        yield event.date_basis_sourcing
        yield from (c.sourcing for c in event.sources if c.note)
        yield from event.notes_sourcing


def _note(sourcing: Sourcing, fallback: Loc, what: str, text: str) -> Iterator[UnsourcedNote]:
    if sourcing.source_missing:
        loc = sourcing.loc or fallback
        yield UnsourcedNote(loc.path, loc.line, what, text)


def _unsourced(v: Validated) -> Iterator[UnsourcedNote]:
    for article in v.articles.values():
        yield from _article_notes(article)
    for event in v.events.values():
        yield from _event_notes(event)


def _article_notes(article: Article) -> Iterator[UnsourcedNote]:
    yield from _note(article.published_basis_sourcing, article.loc, "published_basis",
                     article.published_basis)
    for annotation in article.annotations:
        yield from _note(annotation.sourcing, annotation.loc, "annotation", annotation.note)


def _event_notes(event: Event) -> Iterator[UnsourcedNote]:
    yield from _note(event.date_basis_sourcing, event.loc, "date_basis", event.date.basis)
    for citation in event.sources:
        if citation.note:
            yield from _note(citation.sourcing, citation.loc, "citation-note", citation.note)
    for note, sourcing in zip(event.notes, event.notes_sourcing, strict=False):
        yield from _note(sourcing, event.loc, "event-note", note)


def _single_source(v: Validated) -> tuple[SingleSource, ...]:
    found = []
    for event_id in sorted(v.events):
        event = v.events[event_id]
        articles = {c.article for c in event.sources}
        if len(articles) == 1:
            found.append(SingleSource(event_id, event.loc.path, articles.pop()))
    return tuple(found)


def _unused(v: Validated) -> tuple[Unused, ...]:
    in_events = {i for e in v.events.values() for i in (*e.actors, *e.weapons)}
    cited = {c.article for e in v.events.values() for c in e.sources}
    found = [Unused(Kind.ACTOR, i, a.loc.path) for i, a in sorted(v.actors.items())
             if i not in in_events]
    found += [Unused(Kind.WEAPON, i, w.loc.path) for i, w in sorted(v.weapons.items())
              if i not in in_events]
    found += [Unused(Kind.ARTICLE, i, a.loc.path) for i, a in sorted(v.articles.items())
              if i not in cited]
    return tuple(found)


def excerpt(text: str) -> str:
    """The start of a note on one line, cut at a word."""
    flat = " ".join(text.split())
    if len(flat) <= EXCERPT_CHARS:
        return flat
    return flat[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"


# -- the command's text (English) ----------------------------------------------------------------

def status_text(status: DossierStatus) -> str:
    """The status as the ``status`` command prints it."""
    counts = ", ".join(plural(n, KINDS[k].word) for k, n in status.counts.items())
    lines = ["Dossier status (for editors; not published)",
             f"Records: {counts}; {plural(status.references, 'reference')}",
             f"Problems: {plural(status.severityplural(Severity.ERROR), 'error')}, "
             f"{plural(status.severityplural(Severity.WARNING), 'warning')}, "
             f"{plural(status.severityplural(Severity.NOTE), 'note')}"]
    lines += [f"  {p}" for p in status.problems]
    lines.append(f"Editorial notes and date bases: {status.notes}, "
                 f"{status.notes_citing} citing references")
    lines.append(f"Notes resting on other sources without a reference (shown as « source à "
                 f"préciser »): {len(status.unsourced)}")
    lines += [f"  {n.path}:{n.line}: {NOTE_KINDS[n.what][0]}: {excerpt(n.text)}"
              for n in status.unsourced]
    lines.append(f"Events supported by a single article: {len(status.single_source)}")
    lines += [f"  {s.path}: {s.event} (article {s.article})" for s in status.single_source]
    lines.append(f"Records no event uses: {len(status.unused)}")
    lines += [f"  {u.path}: {KINDS[u.kind].word} {u.id}" for u in status.unused]
    return "\n".join(lines) + "\n"


# -- the editors' page (French) ---------------------------------------------------------------

_KIND_FR_SINGULAR = {Kind.ACTOR: "acteur", Kind.WEAPON: "système d'armes",
                     Kind.EVENT: "événement", Kind.ARTICLE: "article"}


def status_markdown(root: Path) -> str:
    """The « État du dossier » page, in French Markdown, for ``serve`` only (never written
    into docs/). Every file name and editor text in it is escaped."""
    return status_page(collect_status(root))


def status_page(status: DossierStatus) -> str:
    """:func:`status_markdown` for an already computed status."""
    parts = ["# État du dossier", "",
             "Page de travail de la rédaction, affichée par `serve` et jamais publiée. "
             "La commande `python -m build_tools status` donne le même état.", "",
             "## Fiches", "", "| Type | Nombre |", "|:--|--:|"]
    sections = load_labels("fr")["sections"]  # the site's own words for its sections
    parts += [f"| {sections[k.value]} | {n} |" for k, n in status.counts.items()]
    parts += [f"| Références (sources extérieures) | {status.references} |",
              f"| Notes de la rédaction et bases de date | {status.notes} |",
              f"| … dont qui citent des références | {status.notes_citing} |", ""]
    parts += _section(
        "Problèmes signalés par la vérification", status.problems,
        lambda p: f"- {SEVERITY_NAMES[p.severity]} : {code_span(str(p))}",
        "Aucun problème : `python -m build_tools check --strict` passe.")
    parts += _section(
        "Notes « source à préciser »", status.unsourced,
        lambda n: f"- {code_span(f'{n.path}:{n.line}')} — {NOTE_KINDS[n.what][1]} : "
                  f"{literal(excerpt(n.text))}",
        "Toutes les notes qui s'appuient sur d'autres sources citent leurs références.",
        "Ces notes s'appuient sur d'autres sources que les articles sans en citer aucune : "
        "le site affiche « source à préciser » à leur suite.")
    parts += _section(
        "Événements appuyés par un seul article", status.single_source,
        lambda s: f"- {code_span(s.path)} — {literal(s.event)} (article {literal(s.article)})",
        "Chaque événement est appuyé par au moins deux articles.")
    parts += _section(
        "Fiches qu'aucun événement n'utilise", status.unused,
        lambda u: f"- {code_span(u.path)} — {_KIND_FR_SINGULAR[u.kind]} {literal(u.id)}",
        "Chaque acteur, système d'armes et article sert à au moins un événement.")
    return "\n".join(parts).rstrip("\n") + "\n"


def _section(title: str, items: Sequence[T], line: Callable[[T], str], empty: str,
             intro: str = "") -> list[str]:
    lines = [f"## {title} ({len(items)})", ""]
    if not items:
        return [*lines, empty, ""]
    if intro:
        lines += [intro, ""]
    return [*lines, *(line(item) for item in items), ""]
