"""Check raw records against the schema and against each other; build the model.

Validators collect every problem and never stop at the first one. Exceptions
are for bugs, not for bad data.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from build_tools.model import (
    Actor,
    Annotation,
    Article,
    Citation,
    Event,
    EventDate,
    FuzzyDate,
    Kind,
    Loc,
    NoLink,
    Record,
    Weapon,
)
from build_tools.problems import Problems
from build_tools.readers import ID_RE, RawData, RawRecord
from build_tools.schema import FIELDS, Field, FieldType
from build_tools.text import Paragraphs, closest_passage, find_quote, split_paragraphs
from build_tools.yamlsource import LocDict, LocList, Mark

DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
LANG_RE = re.compile(r"^[a-z]{2}$")
MD_LINK_RE = re.compile(r"\]\(\s*<?([^)\s>]*)|^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.M)


@dataclass(frozen=True)
class Validated:
    """Valid records by kind and id, and article paragraphs, ready to resolve."""

    actors: dict[str, Actor]
    weapons: dict[str, Weapon]
    events: dict[str, Event]
    articles: dict[str, Article]
    paragraphs: dict[str, Paragraphs]


def _mark_of(value: Any, fallback: Mark) -> Mark:
    return getattr(value, "mark", fallback)


class _Checker:
    """Converts one raw record field by field, recording problems with their position."""

    def __init__(self, record: RawRecord, problems: Problems) -> None:
        self.record = record
        self.problems = problems
        self.ok = True

    def error(self, mark: Mark, message: str, code: str) -> None:
        self.ok = False
        self.problems.error(self.record.path, mark.line, mark.col, message, code)

    def mapping(self, doc: LocDict, fields: tuple[Field, ...], where: str) -> dict[str, Any]:
        known = {f.name: f for f in fields}
        out: dict[str, Any] = {}
        for key in doc:
            if key not in known:
                hint = _did_you_mean(key, known)
                self.error(doc.key_marks[key],
                           f"unknown field {key!r} in {where}; expected one of: "
                           f"{', '.join(known)}{hint}", "unknown-field")
        for f in fields:
            value = doc.get(f.name)
            if value is None:
                if f.required:
                    self.error(doc.mark, f"missing required field {f.name!r} in {where}",
                               "missing-field")
                continue
            converted = self.value(f, value, _mark_of(value, doc.key_marks[f.name]))
            if converted is not None:
                out[f.name] = converted
        return out

    def value(self, f: Field, value: Any, mark: Mark) -> Any:
        if f.type is FieldType.ITEMS:
            if not isinstance(value, LocList):
                self.error(mark, f"{f.name!r} must be a list of entries", "wrong-type")
                return None
            items = []
            for item in value:
                item_mark = _mark_of(item, mark)
                if not isinstance(item, LocDict):
                    self.error(item_mark, f"each entry of {f.name!r} must be a mapping",
                               "wrong-type")
                    continue
                items.append((item_mark, self.mapping(item, f.item, f"{f.name!r} entry")))
            return items
        if f.type in (FieldType.REFS, FieldType.TEXTS, FieldType.MARKDOWNS):
            if not isinstance(value, LocList):
                self.error(mark, f"{f.name!r} must be a list (one '- item' per line), "
                                 f"got {_describe(value)}", "wrong-type")
                return None
            scalar = Field(f.name, _ITEM_TYPE[f.type], True, f.doc, refs=f.refs)
            items = [self.scalar(scalar, v, _mark_of(v, mark)) for v in value]
            return tuple(i for i in items if i is not None)
        return self.scalar(f, value, mark)

    def scalar(self, f: Field, value: Any, mark: Mark) -> Any:
        if not isinstance(value, str):
            self.error(mark, f"{f.name!r} must be a single value, got {_describe(value)}",
                       "wrong-type")
            return None
        if not value.strip():
            self.error(mark, f"{f.name!r} is empty", "missing-field")
            return None
        match f.type:
            case FieldType.DATE:
                return self.date(f.name, value, mark)
            case FieldType.CHOICE:
                if value not in f.choices:
                    hint = _did_you_mean(value, f.choices)
                    self.error(mark, f"{f.name!r} is {value!r}; expected one of: "
                                     f"{', '.join(f.choices)}{hint}", "bad-choice")
                    return None
            case FieldType.REF:
                if not ID_RE.match(value):
                    self.error(mark, f"{f.name!r} is {value!r}, which is not an id "
                                     "(lowercase letters, digits and hyphens)", "bad-id")
                    return None
            case FieldType.URL:
                if not re.match(r"^https?://[^\s/]+", value):
                    self.error(mark, f"{f.name!r} is {value!r}; only http:// and https:// "
                                     "addresses are allowed", "bad-url")
                    return None
            case FieldType.LANGUAGE:
                if not LANG_RE.match(value):
                    self.error(mark, f"{f.name!r} is {value!r}; expected a two-letter code "
                                     "such as 'fr'", "bad-language")
                    return None
            case FieldType.INTEGER:
                if not re.match(r"^[1-9][0-9]{0,5}$", value):
                    self.error(mark, f"{f.name!r} is {value!r}; expected a whole number "
                                     "from 1", "wrong-type")
                    return None
                return int(value)
            case FieldType.MARKDOWN:
                self.markdown_links(f.name, value, mark)
        return value

    def date(self, name: str, value: str, mark: Mark) -> FuzzyDate | None:
        m = DATE_RE.match(value.strip())
        if not m:
            self.error(mark, f"{name!r} is {value!r}; expected YYYY, YYYY-MM or YYYY-MM-DD "
                             "(e.g. \"2019-04-08\")", "bad-date")
            return None
        year, month, day = (int(g) if g else 0 for g in m.groups())
        try:
            date(year, month or 1, day or 1)
        except ValueError as exc:
            self.error(mark, f"{name!r} is {value!r}, which is not a real date ({exc})",
                       "bad-date")
            return None
        return FuzzyDate(year, month, day)

    def markdown_links(self, name: str, value: str, mark: Mark) -> None:
        for m in MD_LINK_RE.finditer(value):
            target = m.group(1) or m.group(2) or ""
            if target and not re.match(r"^https?://", target):
                self.error(mark, f"link {target!r} in {name!r}: only http:// and https:// "
                                 "links are allowed", "bad-link")
        if "![" in value:
            self.error(mark, f"images are not allowed in {name!r} (the site loads nothing "
                             "from elsewhere)", "bad-link")


_ITEM_TYPE = {
    FieldType.REFS: FieldType.REF,
    FieldType.TEXTS: FieldType.TEXT,
    FieldType.MARKDOWNS: FieldType.MARKDOWN,
}


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _did_you_mean(word: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _loc(record: RawRecord, mark: Mark | None = None) -> Loc:
    m = mark or record.doc.mark
    return Loc(record.path, m.line, m.col)


def _build(record: RawRecord, v: dict[str, Any], text: str | None) -> Record | None:
    """Build the model object from converted values (all required fields present)."""
    loc = _loc(record, Mark(1, 1))
    if record.kind is Kind.ACTOR:
        return Actor(record.id, v["name"], v["kind"], v.get("aliases", ()), v.get("country"),
                     v.get("role"), v["description"], v.get("related", ()), loc)
    if record.kind is Kind.WEAPON:
        return Weapon(record.id, v["name"], v["category"], v.get("aliases", ()),
                      v.get("country"), v.get("manufacturer"), v["description"],
                      v.get("related", ()), loc)
    if record.kind is Kind.EVENT:
        when = EventDate(v["date"], v.get("date_qualifier"), v.get("date_end"), v["date_basis"])
        sources = tuple(Citation(s["article"], s["quote"], s.get("note"), _loc(record, m))
                        for m, s in v["sources"])
        return Event(record.id, v["title"], when, v["summary"], v.get("places", ()),
                     v.get("actors", ()), v.get("weapons", ()), sources, v.get("notes", ()), loc)
    assert text is not None
    annotations = tuple(Annotation(a["quote"], a["kind"], a["note"], _loc(record, m))
                        for m, a in v.get("annotations", ()))
    no_link = tuple(NoLink(n["text"], n.get("paragraph"), _loc(record, m))
                    for m, n in v.get("no_link", ()))
    return Article(record.id, v["title"], v["published"], v["published_basis"], v["language"],
                   v.get("outlet"), v.get("author"), v.get("url"), v.get("source_file"),
                   annotations, no_link, text, loc)


def _items_complete(v: dict[str, Any], fields: tuple[Field, ...]) -> bool:
    for f in fields:
        if f.type is FieldType.ITEMS and f.name in v:
            required = [g.name for g in f.item if g.required]
            if any(any(r not in item for r in required) for _, item in v[f.name]):
                return False
    return all(f.name in v for f in fields if f.required)


def validate(raw: RawData, problems: Problems) -> Validated:
    """Check every record; return those that are valid. Problems go to ``problems``."""
    by_kind: dict[Kind, dict[str, Any]] = {k: {} for k in Kind}
    for record in raw.records:
        checker = _Checker(record, problems)
        values = checker.mapping(record.doc, FIELDS[record.kind], "this file")
        if record.kind is Kind.EVENT and checker.ok:
            _check_event_dates(checker, record, values)
        if record.kind is Kind.ARTICLE and record.id not in raw.texts:
            continue  # reported by the reader
        if checker.ok and _items_complete(values, FIELDS[record.kind]):
            built = _build(record, values, raw.texts.get(record.id))
            if built is not None:
                by_kind[record.kind][record.id] = built
    paragraphs = {a: split_paragraphs(t) for a, t in raw.texts.items()}
    validated = Validated(by_kind[Kind.ACTOR], by_kind[Kind.WEAPON], by_kind[Kind.EVENT],
                          by_kind[Kind.ARTICLE], paragraphs)
    _check_unique_ids(raw, problems)
    _check_references(raw, validated, problems)
    _check_quotes(validated, problems)
    _check_usage(validated, problems)
    return validated


def _check_event_dates(checker: _Checker, record: RawRecord, v: dict[str, Any]) -> None:
    qualifier, end = v.get("date_qualifier"), v.get("date_end")
    mark = record.doc.key_marks.get("date_end") or record.doc.key_marks.get("date_qualifier")
    if qualifier == "between" and end is None:
        checker.error(mark or record.doc.mark,
                      "date_qualifier 'between' needs a date_end", "bad-date")
    elif end is not None and qualifier != "between":
        checker.error(mark or record.doc.mark,
                      "date_end is only used with date_qualifier: between", "bad-date")
    elif end is not None and "date" in v and end <= v["date"]:
        checker.error(mark or record.doc.mark,
                      f"date_end {end.iso()} is not after date {v['date'].iso()}", "bad-date")


def fold_id(identifier: str) -> str:
    """Case- and accent-insensitive form of an id, to detect ids that look the same."""
    decomposed = unicodedata.normalize("NFKD", identifier.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _check_unique_ids(raw: RawData, problems: Problems) -> None:
    seen: dict[str, RawRecord] = {}
    for record in raw.records:
        folded = fold_id(record.id)
        first = seen.get(folded)
        if first is None:
            seen[folded] = record
        elif first.kind is not record.kind or first.id != record.id:
            problems.error(record.path, 1, 1,
                           f"id {record.id!r} is already used by {first.path}; ids must be "
                           "unique across actors, weapons, events and articles", "duplicate-id")


def _check_references(raw: RawData, v: Validated, problems: Problems) -> None:
    known: dict[Kind, dict[str, Any]] = {
        Kind.ACTOR: v.actors, Kind.WEAPON: v.weapons, Kind.EVENT: v.events,
        Kind.ARTICLE: v.articles,
    }
    raw_ids = {(r.kind, r.id) for r in raw.records}
    for record in raw.records:
        for f, value in _references(record.doc, FIELDS[record.kind]):
            if any((k, value) in raw_ids for k in f.refs):
                continue
            candidates = sorted({i for k in f.refs for i in known[k]} |
                                {r.id for r in raw.records if r.kind in f.refs})
            hint = _did_you_mean(value, candidates)
            what = " or ".join(_KIND_WORD[k] for k in f.refs)
            mark = _mark_of(value, record.doc.mark)
            problems.error(record.path, mark.line, mark.col,
                           f"unknown {what} {value!r} in {f.name!r}{hint}", "unknown-ref")
    for actor in v.actors.values():
        _check_is_state(actor.country, v, actor.loc.path, problems)
    for weapon in v.weapons.values():
        _check_is_state(weapon.country, v, weapon.loc.path, problems)


def _check_is_state(country: str | None, v: Validated, path: str, problems: Problems) -> None:
    if country and country in v.actors and v.actors[country].kind != "state":
        mark = _mark_of(country, Mark(1, 1))
        problems.error(path, mark.line, mark.col,
                       f"country {country!r} is a {v.actors[country].kind}, not a state",
                       "not-a-state")


_KIND_WORD = {Kind.ACTOR: "actor", Kind.WEAPON: "weapon", Kind.EVENT: "event",
              Kind.ARTICLE: "article"}


def _references(doc: LocDict, fields: tuple[Field, ...]) -> Iterable[tuple[Field, str]]:
    for f in fields:
        value = doc.get(f.name)
        if f.type is FieldType.REF and isinstance(value, str) and ID_RE.match(value):
            yield f, value
        elif f.type is FieldType.REFS and isinstance(value, list):
            yield from ((f, x) for x in value if isinstance(x, str) and ID_RE.match(x))
        elif f.type is FieldType.ITEMS and isinstance(value, list):
            for item in value:
                if isinstance(item, LocDict):
                    yield from _references(item, f.item)


def _check_quotes(v: Validated, problems: Problems) -> None:
    for event in v.events.values():
        for citation in event.sources:
            if citation.article in v.articles:
                _check_quote(citation.quote, citation.article, citation.loc, v, problems)
    for article in v.articles.values():
        spans = []
        for annotation in article.annotations:
            match = _check_quote(annotation.quote, article.id, annotation.loc, v, problems)
            if match:
                spans.append((match.paragraph, match.start, match.end, annotation))
        spans.sort(key=lambda s: (s[0], s[1], s[2]))
        for (p1, _, e1, a1), (p2, s2, _, a2) in zip(spans, spans[1:], strict=False):
            if p1 == p2 and s2 < e1:
                problems.error(a2.loc.path, a2.loc.line, a2.loc.col,
                               f"annotation overlaps the annotation on line {a1.loc.line}; "
                               "annotate separate passages", "annotation-overlap")


def _check_quote(quote: str, article_id: str, loc: Loc, v: Validated,
                 problems: Problems) -> Any:
    paragraphs = v.paragraphs[article_id]
    match = find_quote(paragraphs, quote)
    mark = _mark_of(quote, Mark(loc.line, loc.col))
    if match is None:
        closest = closest_passage(paragraphs, quote)
        problems.error(loc.path, mark.line, mark.col,
                       f"quote not found in data/articles/{article_id}.txt; closest: "
                       f"\"…{closest}…\"", "quote-not-found")
    elif match.normalisations:
        problems.note(loc.path, mark.line, mark.col,
                      f"quote found after normalising {', '.join(match.normalisations)}",
                      "quote-normalised")
    return match


def _check_usage(v: Validated, problems: Problems) -> None:
    used: set[str] = set()
    for event in v.events.values():
        used.update(event.actors, event.weapons)
    for entity in (*v.actors.values(), *v.weapons.values()):
        used.update(entity.related)
        if isinstance(entity, Actor) and entity.country:
            used.add(entity.country)
        if isinstance(entity, Weapon):
            used.update(x for x in (entity.country, entity.manufacturer) if x)
    for entity in (*v.actors.values(), *v.weapons.values()):
        if entity.id not in used:
            problems.warning(entity.loc.path, 1, 1,
                             f"{entity.id!r} is not referenced by any event or record",
                             "unreferenced")
    owners: dict[str, list[str]] = defaultdict(list)
    for entity in (*v.actors.values(), *v.weapons.values()):
        for name in {fold_id(n) for n in (entity.name, *entity.aliases)}:
            owners[name].append(entity.id)
    for name, ids in sorted(owners.items()):
        if len(ids) > 1:
            first = v.actors.get(ids[1]) or v.weapons[ids[1]]
            problems.warning(first.loc.path, 1, 1,
                             f"name or alias {name!r} is shared by {', '.join(ids)}; mentions "
                             f"link to {ids[0]!r}", "shared-alias")
