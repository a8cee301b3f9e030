"""Check raw records against the schema and against each other; build the model.

Validators collect every problem and never stop at the first one. Exceptions
are for bugs, not for bad data.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import itertools
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from build_tools.editor_guide import GUIDE_PAGE
from build_tools.model import (
    KINDS,
    RESTS_ON_OTHER_SOURCES,
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
    Reference,
    Sourcing,
    Weapon,
)
from build_tools.paths import CHRONOLOGY, SECTIONS, PagePath, index_path, mentions_path, page_path
from build_tools.problems import Problem, Problems
from build_tools.quotediff import invisible_in_quote, not_found_message
from build_tools.readers import RawData, RawRecord, closest_word, suggest_id
from build_tools.schema import (
    FIELDS,
    ID_RE,
    INTEGER_PATTERN,
    KINDS_NEEDING_SOURCES,
    LANGUAGE_PATTERN,
    LIST_ITEM_TYPE,
    URL_PATTERN,
    Field,
    FieldType,
)
from build_tools.text import (
    AliasKey,
    Paragraphs,
    QuoteMatch,
    alias_keys,
    find_quote,
    fold,
    normalize_for_quotes,
    quote_occurrences,
    split_paragraphs,
)
from build_tools.yamlsource import LocDict, LocList, Mark

DATE_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?\Z")
# Inline link targets "](target", and reference definitions "[label]: target" at the start
# of a line, of a list item or of a block quote (where Python-Markdown also reads them).
MD_LINK_RE = re.compile(
    r"\]\(\s*<?([^)\s>]*)"
    # Footnote definitions ("[^1]: text") are not links; markdown_field neutralises them.
    r"|^[ \t>]*(?:(?:[-*+]|\d+[.)])[ \t]+)*\[(?!\^)[^\[\]\n]+\]:[ \t]*\n?[ \t>]*<?(\S+?)>?(?:\s|$)",
    re.M,
)


@dataclass(frozen=True)
class Validated:
    """Valid records by kind and id, and article paragraphs, ready to resolve."""

    actors: dict[str, Actor]
    weapons: dict[str, Weapon]
    events: dict[str, Event]
    articles: dict[str, Article]
    paragraphs: dict[str, Paragraphs]
    # Where each quote was found, filled while checking them so later stages never search
    # again: (event id, source index) for citations, (article id, index) for annotations.
    citations: dict[tuple[str, int], QuoteMatch] = field(default_factory=dict)
    annotations: dict[tuple[str, int], QuoteMatch] = field(default_factory=dict)


def _mark_of(value: Any, fallback: Mark) -> Mark:
    return getattr(value, "mark", fallback)


# Every generated page is one folder deep (section/page.md), so "../<section>/<id>.md"
# reaches a record page from wherever a Markdown field is shown.
INTERNAL_LINK_RE = re.compile(
    rf"^\.\./({'|'.join(map(re.escape, SECTIONS.values()))})/([a-z0-9]+(?:-[a-z0-9]+)*)"
    r"\.md(?:#[\w-]+)?$"
)


@dataclass(frozen=True)
class InternalLink:
    """A Markdown link to a record page, checked once every record is known."""

    kind: Kind
    id: str
    mark: Mark
    label: str


# The years a date of the dossier may plausibly have: from EARLIEST_YEAR to YEARS_AHEAD
# years after today (announced deliveries). A date outside is a warning, not an error.
EARLIEST_YEAR = 1900
YEARS_AHEAD = 1
# The clock; tests replace it (or pass ``today`` to :func:`validate`).
TODAY: Callable[[], date] = date.today
# The fields whose value is a record's title or name, to recognise one typed for an id.
_TITLE_FIELDS = ("name", "title", "aliases", "search_aliases")


# Cached: serve's regeneration asks again for the same names after every edit.
@functools.lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """A name or title as compared with what an editor typed: case, accents, apostrophes,
    dashes and spacing aside."""
    return " ".join(fold(text).text.replace("-", " ").split())


class _Context:
    """What checking one record needs to know of the others: records by name, the years."""

    def __init__(self, raw: RawData | None = None, today: date | None = None,
                 reuse: Reuse | None = None) -> None:
        reuse = reuse or Reuse()
        self.by_name: dict[str, list[tuple[Kind, str]]] = defaultdict(list)
        for record in raw.records if raw else ():
            for key in reuse.get(("names", record.path), record.doc,
                                 functools.partial(_name_keys, record.doc)):
                self.by_name[key].append((record.kind, record.id))
        year = (today or TODAY()).year
        self.years = (EARLIEST_YEAR, year + YEARS_AHEAD)

    def not_an_id(self, label: str, value: str, kinds: tuple[Kind, ...]) -> str:
        """The message for a value that is not an id: the id of the record so named, if any."""
        named = self.by_name.get(name_key(value), [])
        match = next((m for m in named if m[0] in kinds), None) or next(iter(named), None)
        if match is None:
            return (f"{label} is {value!r}, which is not an id (lowercase letters, digits "
                    f"and hyphens, e.g. {suggest_id(value)!r})")
        kind, record_id = match
        what = "title" if kind in (Kind.EVENT, Kind.ARTICLE) else "name"
        return (f"{label} is {value!r}, the {what} of {KINDS[kind].a_word}, not its id; write "
                f"{record_id!r}")


def _name_keys(doc: LocDict) -> list[str]:
    """The :func:`name_key` of each name and title a record has."""
    keys = []
    for key in _TITLE_FIELDS:
        value = doc.get(key)
        for name in value if isinstance(value, list) else [value]:
            if isinstance(name, str) and name.strip():
                keys.append(name_key(name))
    return keys


class _Checker:
    """Converts one raw record field by field, recording problems with their position."""

    def __init__(self, record: RawRecord, problems: Problems,
                 context: _Context | None = None) -> None:
        self.record = record
        self.problems = problems
        self.context = context or _Context()
        self.ok = True
        self.links: list[InternalLink] = []

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
                if f.name in doc and f.required:
                    self.error(doc.key_marks[f.name], f"{f.name!r} has no value; expected "
                               f"{expected(f)}", "missing-field")
                elif f.required:
                    self.error(doc.mark, f"missing required field {f.name!r} in {where}",
                               "missing-field")
                continue
            converted = self.value(f, value, _mark_of(value, doc.key_marks[f.name]))
            if converted is not None:
                out[f.name] = converted
        return out

    def value(self, f: Field, value: Any, mark: Mark) -> Any:
        if f.type in LIST_ITEM_TYPE or f.type in (FieldType.ITEMS, FieldType.NOTES):
            if not isinstance(value, LocList):
                self.error(mark, f"{f.name!r} must be {expected(f)}, got {_describe(value)}",
                           "wrong-type")
                return None
            if not value and f.required:
                self.error(mark, f"{f.name!r} is empty; at least one entry is required",
                           "missing-field")
                return None
        if f.type is FieldType.ITEMS:
            items = []
            for item in value:
                item_mark = _mark_of(item, mark)
                if not isinstance(item, LocDict):
                    self.error(item_mark, f"each entry of {f.name!r} must be 'field: value' "
                               f"lines, got {_describe(item)}", "wrong-type")
                    continue
                items.append((item_mark, self.mapping(item, f.item, f"{f.name!r} entry")))
            return items
        if f.type is FieldType.NOTES:
            return self.notes(f, value, mark)
        if f.type in LIST_ITEM_TYPE:
            scalar = Field(f.name, LIST_ITEM_TYPE[f.type], True, f.doc, refs=f.refs)
            label = f"an item of {f.name!r}"
            items = [self.scalar(scalar, v, _mark_of(v, mark), label) for v in value]
            if f.type in (FieldType.REFS, FieldType.KEYS):
                self.no_duplicates(f.name, value)
            return tuple(i for i in items if i is not None)
        return self.scalar(f, value, mark, repr(f.name))

    def notes(self, f: Field, value: LocList, mark: Mark) -> list[tuple[Mark, dict[str, Any]]]:
        """Event notes: each a Markdown text, or a mapping (``note`` and its references)."""
        text = Field(f.name, FieldType.MARKDOWN, True, f.doc)
        notes = []
        for item in value:
            item_mark = _mark_of(item, mark)
            if isinstance(item, LocDict):
                notes.append((item_mark, self.mapping(item, f.item, f"{f.name!r} entry")))
            else:
                converted = self.scalar(text, item, item_mark, f"an item of {f.name!r}")
                if converted is not None:
                    notes.append((item_mark, {"note": converted}))
        return notes

    def no_duplicates(self, name: str, values: LocList) -> None:
        first: dict[str, Mark] = {}
        for v in values:
            if not isinstance(v, str):
                continue
            mark = _mark_of(v, values.mark)
            if v in first:
                self.error(mark, f"{name!r} lists {v!r} twice (also on line "
                           f"{first[v].line}); keep one", "duplicate-item")
            else:
                first[v] = mark

    def scalar(self, f: Field, value: Any, mark: Mark, label: str) -> Any:
        """``value`` checked against ``f``'s type, converted (a date, a number); None if bad."""
        if not isinstance(value, str):
            self.error(mark, f"{label} must be {expected(f)}, got {_describe(value)}",
                       "wrong-type")
            return None
        if not value.strip():
            self.error(mark, f"{label} is empty; expected {expected(f)}", "missing-field")
            return None
        check = _SCALAR_CHECKS.get(f.type)
        return value if check is None else check(self, f, value, mark, label)

    def _date(self, f: Field, value: str, mark: Mark, label: str) -> FuzzyDate | None:
        return self.date(label, value, mark)

    def _choice(self, f: Field, value: str, mark: Mark, label: str) -> str | None:
        if value in f.choices:
            return value
        hint = _did_you_mean(value, f.choices)
        self.error(mark, f"{label} is {value!r}; expected one of: "
                         f"{', '.join(f.choices)}{hint}", "bad-choice")
        return None

    def _key(self, f: Field, value: str, mark: Mark, label: str) -> str | None:
        if ID_RE.fullmatch(value):
            return value
        self.error(mark, f"{label} is {value!r}, which is not a reference key "
                   f"(lowercase letters, digits and hyphens, e.g. "
                   f"{suggest_id(value)!r})", "bad-id")
        return None

    def _ref(self, f: Field, value: str, mark: Mark, label: str) -> str | None:
        if ID_RE.fullmatch(value):
            return value
        self.error(mark, self.context.not_an_id(label, value, f.refs), "bad-id")
        return None

    def _url(self, f: Field, value: str, mark: Mark, label: str) -> str | None:
        if re.match(URL_PATTERN, value):
            return value
        self.error(mark, f"{label} is {value!r}; only http:// and https:// "
                         "addresses are allowed", "bad-url")
        return None

    def _language(self, f: Field, value: str, mark: Mark, label: str) -> str | None:
        if re.fullmatch(LANGUAGE_PATTERN, value):
            return value
        self.error(mark, f"{label} is {value!r}; expected a two-letter lowercase "
                         "code such as 'fr'", "bad-language")
        return None

    def _integer(self, f: Field, value: str, mark: Mark, label: str) -> int | None:
        if re.fullmatch(INTEGER_PATTERN, value):
            return int(value)
        self.error(mark, f"{label} is {value!r}; expected a whole number "
                   "written without leading zeros, such as 3", "wrong-type")
        return None

    def _markdown(self, f: Field, value: str, mark: Mark, label: str) -> str:
        self.markdown_links(label, value, mark)
        return value

    def date(self, label: str, value: str, mark: Mark) -> FuzzyDate | None:
        m = DATE_RE.match(value.strip())
        if not m:
            self.error(mark, f"{label} is {value!r}; expected YYYY, YYYY-MM or YYYY-MM-DD "
                             "(e.g. \"2019-04-08\")", "bad-date")
            return None
        year, month, day = (int(g) if g else 0 for g in m.groups())
        try:
            date(year, month or 1, day or 1)
        except ValueError as exc:
            self.error(mark, f"{label} is {value!r}, which is not a real date ({exc})",
                       "bad-date")
            return None
        self.year_in_range(label, value, year, mark)
        return FuzzyDate(year, month, day)

    def year_in_range(self, label: str, value: str, year: int, mark: Mark) -> None:
        """Warn on a year no article of the dossier can mean (a typo such as 2091 or 1019)."""
        first, last = self.context.years
        if first <= year <= last:
            return
        limit = f"before {first}" if year < first else f"after {last}"
        self.problems.warning(self.record.path, mark.line, mark.col,
                              f"{label} is {value!r}: the year {year} is {limit}; check the "
                              "year", "year-out-of-range")

    def markdown_links(self, label: str, value: str, mark: Mark) -> None:
        for m in MD_LINK_RE.finditer(value):
            target = m.group(1) or m.group(2) or ""
            internal = INTERNAL_LINK_RE.match(target)
            if internal:
                kind = next(k for k, section in SECTIONS.items() if section == internal[1])
                self.links.append(InternalLink(kind, internal[2], mark, label))
            elif target and not re.match(r"^https?://", target):
                self.error(mark, f"link {target!r} in {label}: only http(s) addresses and "
                           "record pages such as '../acteurs/turquie.md' are allowed",
                           "bad-link")
        if "![" in value:
            self.error(mark, f"images are not allowed in {label} (the site loads nothing "
                             "from elsewhere)", "bad-link")


# The type-specific check of a non-empty text value (other types keep it as it is).
_SCALAR_CHECKS: dict[FieldType, Callable[[_Checker, Field, str, Mark, str], Any]] = {
    FieldType.DATE: _Checker._date,
    FieldType.CHOICE: _Checker._choice,
    FieldType.KEY: _Checker._key,
    FieldType.REF: _Checker._ref,
    FieldType.URL: _Checker._url,
    FieldType.LANGUAGE: _Checker._language,
    FieldType.INTEGER: _Checker._integer,
    FieldType.MARKDOWN: _Checker._markdown,
}

def expected(f: Field) -> str:
    """What a value of field ``f`` must look like, for messages."""
    match f.type:
        case FieldType.TEXT:
            return "text"
        case FieldType.MARKDOWN:
            return "text (Markdown)"
        case FieldType.DATE:
            return "a date such as \"2019-04-08\", \"2019-04\" or \"2019\""
        case FieldType.CHOICE:
            return f"one of: {', '.join(f.choices)}"
        case FieldType.REF:
            return f"the id of {' or '.join(KINDS[k].a_word for k in f.refs)}"
        case FieldType.URL:
            return "an http:// or https:// address"
        case FieldType.LANGUAGE:
            return "a two-letter language code such as 'fr'"
        case FieldType.INTEGER:
            return "a whole number such as 3"
        case FieldType.REFS:
            return "a list of ids (one '- id' per line)"
        case FieldType.KEY:
            return "the key of a reference defined in this file's 'references'"
        case FieldType.KEYS:
            return "a list of reference keys (one '- key' per line)"
        case FieldType.NOTES:
            return "a list of texts, or of 'note:' entries (one '- ' per note)"
        case FieldType.TEXTS | FieldType.MARKDOWNS:
            return "a list of texts (one '- text' per line)"
    return "a list of entries ('- field: value' lines)"


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "'field: value' lines"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value)


def _did_you_mean(word: str, candidates: Iterable[str]) -> str:
    close = closest_word(word, list(candidates))
    return f" (did you mean {close!r}?)" if close else ""


def _loc(record: RawRecord, mark: Mark | None = None) -> Loc:
    m = mark or record.doc.mark
    return Loc(record.path, m.line, m.col)


def _build(record: RawRecord, v: dict[str, Any], text: str | None) -> Record | None:
    """Build the model object from converted values (all required fields present)."""
    loc = _loc(record, Mark(1, 1))
    if record.kind is Kind.ACTOR:
        return Actor(record.id, v["name"], v["kind"], v.get("aliases", ()), v.get("country"),
                     v.get("role"), v["description"], v.get("related", ()), loc,
                     search_aliases=v.get("search_aliases", ()),
                     distinct_from=v.get("distinct_from", ()))
    if record.kind is Kind.WEAPON:
        return Weapon(record.id, v["name"], v["category"], v.get("aliases", ()),
                      v.get("country"), v.get("manufacturer"), v["description"],
                      v.get("related", ()), loc, search_aliases=v.get("search_aliases", ()),
                      distinct_from=v.get("distinct_from", ()))
    if record.kind is Kind.EVENT:
        when = EventDate(v["date"], v.get("date_qualifier"), v.get("date_end"), v["date_basis"])
        sources = tuple(Citation(s["article"], s["quote"], s.get("note"), _loc(record, m),
                                 _sourcing(s, "", False, _loc(record, m)))
                        for m, s in v["sources"])
        notes = v.get("notes", ())
        return Event(record.id, v["title"], when, v["summary"], v.get("places", ()),
                     v.get("actors", ()), v.get("weapons", ()), sources,
                     tuple(n["note"] for _, n in notes), loc, _reference_list(record, v),
                     _sourcing(v, "date_basis_", False, _key_loc(record, "date_basis")),
                     tuple(_sourcing(n, "", True, _loc(record, m)) for m, n in notes),
                     status=v.get("status"))
    assert text is not None
    annotations = tuple(Annotation(a["quote"], a["kind"], a["note"], _loc(record, m),
                                   _sourcing(a, "", a["kind"] in KINDS_NEEDING_SOURCES,
                                             _loc(record, m)))
                        for m, a in v.get("annotations", ()))
    no_link = tuple(NoLink(n["text"], n.get("paragraph"), _loc(record, m))
                    for m, n in v.get("no_link", ()))
    return Article(record.id, v["title"], v["published"], v["published_basis"], v["language"],
                   v.get("outlet"), v.get("author"), v.get("url"), v.get("source_file"),
                   annotations, no_link, loc, _reference_list(record, v),
                   _sourcing(v, "published_basis_", False,
                             _key_loc(record, "published_basis")),
                   published_qualifier=v.get("published_qualifier"),
                   published_end=v.get("published_end"),
                   archive_url=v.get("archive_url"))


# -- references: outside sources cited by editorial notes -------------------------------------


def _sourcing(v: dict[str, Any], prefix: str, needs_source: bool, loc: Loc) -> Sourcing:
    """What a note (fields ``<prefix>references`` and ``<prefix>rests_on`` of ``v``) cites,
    and whether it rests on other sources; ``needs_source`` is the default for its kind."""
    rests_on = v.get(f"{prefix}rests_on")
    if rests_on is not None:
        needs_source = rests_on == RESTS_ON_OTHER_SOURCES
    return Sourcing(tuple(v.get(f"{prefix}references", ())), needs_source, loc)


def _key_loc(record: RawRecord, key: str) -> Loc:
    return _loc(record, record.doc.key_marks.get(key))


def _reference_list(record: RawRecord, v: dict[str, Any]) -> tuple[Reference, ...]:
    return tuple(Reference(r["key"], r.get("title"), r.get("outlet"), r.get("date"),
                           r.get("url"), r.get("archive_url"), _loc(record, m))
                 for m, r in v.get("references", ()))


def _citing_lists(doc: LocDict) -> Iterable[LocList]:
    """Every list of reference keys in a record: its notes', its date basis'."""
    for name, value in doc.items():
        if name.endswith("references") and name != "references" and isinstance(value, LocList):
            yield value
        elif name in ("annotations", "sources", "notes") and isinstance(value, LocList):
            for item in value:
                cited = item.get("references") if isinstance(item, LocDict) else None
                if isinstance(cited, LocList):
                    yield cited


def _check_source_references(raw: RawData, problems: Problems, reuse: Reuse) -> None:
    """Reference keys are unique in a file, each reference says what it is, every cited key
    is defined in the same file, and every reference is cited."""
    for record in raw.records:
        problems.items.extend(reuse.get(("source references", record.path), record.doc,
                                        functools.partial(_record_source_references, record)))


def _record_source_references(record: RawRecord) -> list[Problem]:
    """The problems :func:`_check_source_references` finds in one record."""
    problems = Problems()
    defined = _defined_references(record, problems)
    used = _check_cited_references(record, defined, problems)
    for key, mark in defined.items():
        if key not in used:
            problems.warning(record.path, mark.line, mark.col,
                             f"reference {key!r} is cited by no note of this file, so "
                             "readers never see it; list its key in a note's "
                             "'references', or delete it", "unused-reference")
    return problems.items


def _defined_references(record: RawRecord, problems: Problems) -> dict[str, Mark]:
    """The keys of the record's ``references``, each where it is first defined; reports
    keys defined twice and references with neither a title nor a url."""
    entries = record.doc.get("references")
    defined: dict[str, Mark] = {}
    for entry in entries if isinstance(entries, LocList) else ():
        if not isinstance(entry, LocDict) or not isinstance(entry.get("key"), str):
            continue  # reported by the schema check
        key, mark = entry["key"], _mark_of(entry["key"], entry.mark)
        if key in defined:
            problems.error(record.path, mark.line, mark.col,
                           f"reference key {key!r} is defined twice (also on line "
                           f"{defined[key].line}); give each reference its own key",
                           "duplicate-reference")
            continue
        defined[key] = mark
        if not entry.get("title") and not entry.get("url"):
            problems.error(record.path, mark.line, mark.col,
                           f"reference {key!r} has neither a title nor a url; give at "
                           "least one, so that readers can find the source",
                           "incomplete-reference")
    return defined


def _check_cited_references(record: RawRecord, defined: dict[str, Mark],
                            problems: Problems) -> set[str]:
    """The keys the record's notes cite; reports those not in ``defined``."""
    used: set[str] = set()
    for cited in _citing_lists(record.doc):
        for key in cited:
            if not isinstance(key, str) or not ID_RE.fullmatch(key):
                continue  # reported by the schema check
            used.add(key)
            if key not in defined:
                _unknown_reference(record, key, _mark_of(key, cited.mark), defined, problems)
    return used


def _unknown_reference(record: RawRecord, key: str, mark: Mark, defined: dict[str, Mark],
                       problems: Problems) -> None:
    """Report a cited key that no entry of the file's ``references`` has."""
    # Keys share parts such as years: only a close whole key is a hint.
    close = difflib.get_close_matches(key, list(defined), n=1, cutoff=0.7)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    problems.error(record.path, mark.line, mark.col,
                   f"reference {key!r} is not defined in this file's "
                   f"'references'{hint}; references are cited by the key "
                   "of an entry of 'references' in the same file",
                   "unknown-reference")


def _items_complete(v: dict[str, Any], fields: tuple[Field, ...]) -> bool:
    for f in fields:
        if f.type is FieldType.ITEMS and f.name in v:
            required = [g.name for g in f.item if g.required]
            if any(any(r not in item for r in required) for _, item in v[f.name]):
                return False
    return all(f.name in v for f in fields if f.required)


T = TypeVar("T")


class Reuse:
    """Values a :func:`validate` computed from some inputs, given again by the next one when
    its inputs are the very same objects (the reader's caches give an unchanged file's
    document and text again): the checks across records then redo only what an edit
    touched. Only the values of the last validation are kept."""

    def __init__(self) -> None:
        self._last: dict[Hashable, tuple[object, Any]] = {}
        self._now: dict[Hashable, tuple[object, Any]] = {}

    def start(self) -> None:
        """A new validation begins."""
        self._last, self._now = self._now, {}

    def get(self, key: Hashable, source: object, compute: Callable[[], T]) -> T:
        """The value of ``key`` computed from ``source`` (compared by identity)."""
        found = self._now.get(key) or self._last.get(key)
        if found is not None and found[0] is source:
            value: T = found[1]
        else:
            value = compute()
        self._now[key] = (source, value)
        return value


class RecordMemo:
    """The records checked by the last :func:`validate` without any problem, kept by
    ``serve``: a record whose parsed document is the same object (see
    :class:`~build_tools.readers.ParsedCache`), at the same path, with the same article
    text, is not checked field by field again; the checks across records reuse what they
    found for unchanged inputs (:class:`Reuse`)."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[object, Any, list[tuple[str, InternalLink]]]] = {}
        self._now: dict[str, tuple[object, Any, list[tuple[str, InternalLink]]]] = {}
        self.reuse = Reuse()

    def start(self) -> None:
        """A new validation begins."""
        self._last, self._now = self._now, {}
        self.reuse.start()

    def get(self, record: RawRecord,
            key: object) -> tuple[Any, list[tuple[str, InternalLink]]] | None:
        """The record built last time, and its links, if its inputs are the same."""
        found = self._last.get(record.path)
        if found is None or found[0] != key:
            return None
        self._now[record.path] = found
        return found[1], found[2]

    def put(self, record: RawRecord, key: object, built: Any,
            links: list[tuple[str, InternalLink]]) -> None:
        """Keep a record checked without any problem."""
        self._now[record.path] = (key, built, links)


def _memo_key(record: RawRecord, raw: RawData, context: _Context) -> object:
    # The document by identity (the reader's cache gives an unchanged file's document
    # again), and everything else _validate_record reads.
    return (id(record.doc), record.doc, record.kind, record.id, raw.texts.get(record.id),
            context.years)


def validate(raw: RawData, problems: Problems, *, today: date | None = None,
             memo: RecordMemo | None = None) -> Validated:
    """Check every record; return those that are valid. Problems go to ``problems``.

    ``today`` (default: the clock's) sets the latest plausible year, :data:`YEAR_RANGE`.
    ``memo``: see :class:`RecordMemo`.
    """
    by_kind: dict[Kind, dict[str, Any]] = {k: {} for k in Kind}
    links: list[tuple[str, InternalLink]] = []
    if memo is not None:
        memo.start()
    reuse = memo.reuse if memo is not None else Reuse()
    context = _Context(raw, today or TODAY(), reuse)
    for record in raw.records:
        key = _memo_key(record, raw, context) if memo is not None else None
        hit = memo.get(record, key) if memo is not None else None
        if hit is not None:
            built, own = hit
        else:
            before, own = len(problems.items), []
            built = _validate_record(record, raw, problems, context, own)
            if memo is not None and len(problems.items) == before and built is not None:
                memo.put(record, key, built, own)
        links.extend(own)
        if built is not None:
            by_kind[record.kind][record.id] = built
    paragraphs = {a: reuse.get(("paragraphs", a), t, functools.partial(split_paragraphs, t))
                  for a, t in raw.texts.items()}
    validated = Validated(by_kind[Kind.ACTOR], by_kind[Kind.WEAPON], by_kind[Kind.EVENT],
                          by_kind[Kind.ARTICLE], paragraphs)
    _check_unique_ids(raw, problems)
    _check_reserved_ids(raw, problems)
    _check_source_references(raw, problems, reuse)
    _check_references(raw, validated, links, problems, reuse)
    _check_duplicates(validated, problems, reuse)
    _check_quotes(validated, problems, reuse)
    _check_no_links(raw, validated, problems)
    _check_dates_against_sources(raw, validated, problems)
    # An error elsewhere (a broken file, a misspelt id) makes "not referenced" a guess.
    _check_usage(raw, validated, problems, unreferenced=raw.complete and not problems.errors,
                 reuse=reuse)
    return validated


def _record_references(record: RawRecord, reuse: Reuse) -> list[tuple[Field, str]]:
    """The ids a record's reference fields name (computed again only when it changed)."""
    return reuse.get(("references", record.path, record.kind), record.doc,
                     lambda: list(_references(record.doc, FIELDS[record.kind])))


def _validate_record(record: RawRecord, raw: RawData, problems: Problems, context: _Context,
                     links: list[tuple[str, InternalLink]]) -> Any:
    """Check one record's fields and dates, adding its links to ``links``; return the record
    built from them, or None when it is not valid."""
    checker = _Checker(record, problems, context)
    values = checker.mapping(record.doc, FIELDS[record.kind], "this file")
    links.extend((record.path, link) for link in checker.links)
    if record.kind is Kind.EVENT and checker.ok:
        _check_event_dates(checker, record, values)
    if record.kind is Kind.ARTICLE and checker.ok:
        _check_qualified_date(checker, record, values, "published")
    if record.kind is Kind.ARTICLE and record.id not in raw.texts:
        return None  # reported by the reader
    if checker.ok and _items_complete(values, FIELDS[record.kind]):
        return _build(record, values, raw.texts.get(record.id))
    return None


def _check_event_dates(checker: _Checker, record: RawRecord, v: dict[str, Any]) -> None:
    _check_qualified_date(checker, record, v, "date")


def _check_qualified_date(checker: _Checker, record: RawRecord, v: dict[str, Any],
                          name: str) -> None:
    """``<name>_qualifier`` and ``<name>_end`` (``date_…`` for events, ``published_…`` for
    articles) agree: an end only with "between", and after the start."""
    prefix = "date" if name == "date" else name
    q_name, end_name = f"{prefix}_qualifier", f"{prefix}_end"
    qualifier, end = v.get(q_name), v.get(end_name)
    mark = record.doc.key_marks.get(end_name) or record.doc.key_marks.get(q_name)
    if qualifier == "between" and end is None:
        checker.error(mark or record.doc.mark,
                      f"{q_name} 'between' needs a {end_name}", "bad-date")
    elif end is not None and qualifier != "between":
        checker.error(mark or record.doc.mark,
                      f"{end_name} is only used with {q_name}: between", "bad-date")
    elif end is not None and name in v and end <= v[name]:
        checker.error(mark or record.doc.mark,
                      f"{end_name} {end.iso()} is not after {name} {v[name].iso()}", "bad-date")


def _first_day(when: FuzzyDate) -> date:
    return date(when.year, when.month or 1, when.day or 1)


def _last_day(when: FuzzyDate) -> date:
    if when.day:
        return date(when.year, when.month, when.day)
    if when.month:
        following = date(when.year + when.month // 12, when.month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return date(when.year, 12, 31)


def earliest(when: EventDate) -> date | None:
    """The earliest day ``when`` can mean; None when it has no lower bound ("before",
    "circa")."""
    if when.qualifier in ("before", "circa"):
        return None
    return _first_day(when.start)


def latest(when: EventDate) -> date | None:
    """The latest day ``when`` can mean; None when it has no upper bound ("after",
    "circa")."""
    if when.qualifier in ("after", "circa"):
        return None
    return _last_day(when.end if when.qualifier == "between" and when.end else when.start)


def _check_dates_against_sources(raw: RawData, v: Validated, problems: Problems) -> None:
    """An event cannot be reported before it happens, unless it was announced."""
    marks = {r.id: _mark_of(r.doc.get("date"), r.doc.mark)
             for r in raw.records if r.kind is Kind.EVENT}
    for event in sorted(v.events.values(), key=lambda e: e.id):
        start = earliest(event.date)
        articles = sorted({c.article for c in event.sources if c.article in v.articles})
        if event.planned or start is None or not articles:
            continue
        ends = [(latest(v.articles[a].published_date), a) for a in articles]
        if any(end is None or end >= start for end, _ in ends):
            continue
        last, article = max((end, a) for end, a in ends if end is not None)
        mark = marks[event.id]
        problems.warning(
            event.loc.path, mark.line, mark.col,
            f"the event's date {event.date.start.iso()} is after the publication of every "
            f"article citing it (the last, {article!r}, was published by {last.isoformat()}); "
            "check the "
            "date, or add 'status: planned' if the articles announce it",
            "date-after-sources")


# Cached: serve's regeneration asks again for the same names after every edit.
@functools.lru_cache(maxsize=1 << 16)
def fold_id(identifier: str) -> str:
    """Case- and accent-insensitive form of a name, to detect names that look the same."""
    decomposed = unicodedata.normalize("NFKD", identifier.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _check_unique_ids(raw: RawData, problems: Problems) -> None:
    """One id, one record: ``s-400`` cannot be both a weapon and an actor."""
    seen: dict[str, RawRecord] = {}
    for record in raw.records:
        first = seen.setdefault(record.id, record)
        if first is not record:
            problems.error(record.path, 1, 1,
                           f"id {record.id!r} is already used by {first.path}; ids must be "
                           "unique across actors, weapons, events and articles; rename one "
                           "file", "duplicate-id")


def _fixed_pages() -> dict[PagePath, str]:
    """The pages that are no record's page, and what each one is (for messages)."""
    pages = {index_path(kind): f"the index of the section {SECTIONS[kind]}/" for kind in Kind}
    pages[CHRONOLOGY] = "the chronology"
    pages[GUIDE_PAGE] = "the editors' guide"
    return pages


def _record_pages(kind: Kind, record_id: str) -> list[PagePath]:
    """The pages generated for a record: its own, and the first of its mention lists."""
    pages = [page_path(kind, record_id)]
    if kind in (Kind.ACTOR, Kind.WEAPON):
        pages.append(mentions_path(record_id))
    return pages


def _reserved(fixed: dict[PagePath, str]) -> dict[tuple[Kind, str], PagePath]:
    """The ids whose page would be one of the ``fixed`` pages, with that page, by kind.

    Such an id is a part of the page's path (``acteurs/index.md``), so only those parts
    are tried: the set is derived from the page paths, never listed twice.
    """
    parts = {part.removesuffix(".md") for page in fixed for part in page.split("/")}
    return {(kind, part): clash for part in parts if ID_RE.fullmatch(part) for kind in Kind
            for clash in _record_pages(kind, part) if clash in fixed}


def _check_reserved_ids(raw: RawData, problems: Problems) -> None:
    """An id whose page would be a page the generator makes anyway (``acteurs/index.md``,
    a section's index) is refused: one of the two pages would be lost."""
    fixed = _fixed_pages()
    reserved = _reserved(fixed)
    taken = {r.id for r in raw.records} | {i for ids in raw.present.values() for i in ids}
    for record in raw.records:
        clash = reserved.get((record.kind, record.id))
        if clash is None:
            continue
        problems.error(record.path, 1, 1,
                       f"the id {record.id!r} is reserved: its page would be {clash}, which "
                       f"is {fixed[clash]}; rename the file (e.g. "
                       f"{_free_id(record, reserved, taken)!r}) and the references to it",
                       "bad-id")


def _free_id(record: RawRecord, reserved: dict[tuple[Kind, str], PagePath],
             taken: set[str]) -> str:
    """An id for a record whose id is reserved: from its name or title if that gives one,
    else its id and a number."""
    names = [record.doc.get(key) for key in ("name", "title")]
    candidates = itertools.chain((suggest_id(n) for n in names if isinstance(n, str) and n.strip()),
                                 (f"{record.id}-{n}" for n in itertools.count(2)))
    return next(c for c in candidates if c not in taken and (record.kind, c) not in reserved)


def _self_reference(record: RawRecord, f: Field, value: str, problems: Problems) -> None:
    """A record listed in its own ``related`` (or any field that names records of its
    kind) says nothing, and would link its page to itself."""
    mark = _mark_of(value, record.doc.mark)
    problems.error(record.path, mark.line, mark.col,
                   f"{value!r} in {f.name!r} is this record itself; a record cannot refer "
                   "to itself: remove it", "self-reference")


def _check_references(raw: RawData, v: Validated, links: list[tuple[str, InternalLink]],
                      problems: Problems, reuse: Reuse) -> None:
    raw_ids = {(r.kind, r.id) for r in raw.records}
    raw_ids |= {(kind, i) for kind, ids in raw.present.items() for i in ids}
    _check_links(raw_ids, links, problems)
    for record in raw.records:
        _check_record_references(record, raw_ids, problems, reuse)
    for actor in v.actors.values():
        _check_is_state(actor.country, v, actor.loc.path, problems)
    for weapon in v.weapons.values():
        _check_is_state(weapon.country, v, weapon.loc.path, problems)


def _check_links(raw_ids: set[tuple[Kind, str]], links: list[tuple[str, InternalLink]],
                 problems: Problems) -> None:
    """Report each link of a Markdown field to a record that does not exist."""
    for path, link in links:
        if (link.kind, link.id) not in raw_ids:
            hint = _did_you_mean(link.id, sorted(i for k, i in raw_ids if k is link.kind))
            problems.error(path, link.mark.line, link.mark.col,
                           f"link to unknown {KINDS[link.kind].word} {link.id!r} in "
                           f"{link.label}{hint}", "unknown-ref")


def _check_record_references(record: RawRecord, raw_ids: set[tuple[Kind, str]],
                             problems: Problems, reuse: Reuse) -> None:
    """Report each id in the record's reference fields that is itself, of another kind of
    record, or of no record."""
    for f, value in _record_references(record, reuse):
        if any((k, value) in raw_ids for k in f.refs):
            if value == record.id and record.kind in f.refs:
                _self_reference(record, f, value, problems)
        elif not _misplaced(record, f, value, raw_ids, problems):
            _unknown_ref(record, f, value, raw_ids, problems)


def _unknown_ref(record: RawRecord, f: Field, value: str, raw_ids: set[tuple[Kind, str]],
                 problems: Problems) -> None:
    """Report an id that no record has, with the closest one of the kinds ``f`` takes."""
    candidates = sorted(i for k, i in raw_ids if k in f.refs)
    hint = _did_you_mean(value, candidates)
    what = " or ".join(KINDS[k].word for k in f.refs)
    mark = _mark_of(value, record.doc.mark)
    problems.error(record.path, mark.line, mark.col,
                   f"unknown {what} {value!r} in {f.name!r}{hint}", "unknown-ref")


def _misplaced(record: RawRecord, f: Field, value: str, raw_ids: set[tuple[Kind, str]],
               problems: Problems) -> bool:
    """Report an id of another kind of record (a weapon under ``actors``); True if it is one."""
    actual = next((k for k in Kind if (k, value) in raw_ids), None)
    if actual is None:
        return False
    wanted = " or ".join(KINDS[k].a_word for k in f.refs)
    # Only a list suggests another list: "list it under 'related'" would not help with a
    # weapon under 'country'.
    fix = next((g.name for g in FIELDS[record.kind]
                if f.type is g.type is FieldType.REFS and g.name != "distinct_from"
                and actual in g.refs), None)
    where = f"; list it under {fix!r}" if fix else f"; {f.name!r} takes the id of {wanted}"
    mark = _mark_of(value, record.doc.mark)
    problems.error(record.path, mark.line, mark.col,
                   f"{value!r} in {f.name!r} is {KINDS[actual].a_word}, not {wanted}{where}",
                   "misplaced-id")
    return True


def _check_is_state(country: str | None, v: Validated, path: str, problems: Problems) -> None:
    if country and country in v.actors and v.actors[country].kind != "state":
        mark = _mark_of(country, Mark(1, 1))
        problems.error(path, mark.line, mark.col,
                       f"country {country!r} is a {v.actors[country].kind}, not a state",
                       "not-a-state")


def _references(doc: LocDict, fields: tuple[Field, ...]) -> Iterable[tuple[Field, str]]:
    for f in fields:
        value = doc.get(f.name)
        if f.type is FieldType.REF and isinstance(value, str) and ID_RE.fullmatch(value):
            yield f, value
        elif f.type is FieldType.REFS and isinstance(value, list):
            yield from ((f, x) for x in value if isinstance(x, str) and ID_RE.fullmatch(x))
        elif f.type is FieldType.ITEMS and isinstance(value, list):
            for item in value:
                if isinstance(item, LocDict):
                    yield from _references(item, f.item)


def _text_hash(paragraphs: Paragraphs) -> str:
    # The text up to whitespace, as a hash: a copy of every article would double memory.
    words = " ".join(" ".join(paragraphs.texts).split())
    return hashlib.sha256(words.encode("utf-8")).hexdigest()


def _check_duplicates(v: Validated, problems: Problems, reuse: Reuse) -> None:
    """The same article imported twice, or the same event entered twice under two ids."""
    keys: list[tuple[str, str, Any, str]] = []  # (what, key, record, shown)
    for article in sorted(v.articles.values(), key=lambda a: a.id):
        paragraphs = v.paragraphs[article.id]
        text = reuse.get(("text hash", article.id), paragraphs,
                         functools.partial(_text_hash, paragraphs))
        keys.append(("text", text, article, f"data/articles/{article.id}.txt"))
        if article.url:
            keys.append(("url", article.url, article, article.loc.path))
    for event in sorted(v.events.values(), key=lambda e: e.id):
        key = f"{event.date.start.iso()} {fold_id(' '.join(event.title.split()))}"
        keys.append(("date and title", key, event, event.loc.path))
    first: dict[tuple[str, str], str] = {}
    for what, key, record, shown in keys:
        earlier = first.setdefault((what, key), shown)
        if earlier != shown:
            problems.error(record.loc.path, 1, 1, f"same {what} as {earlier}: the same "
                           "record entered twice; keep one and delete the other",
                           "duplicate-record")


# English names for the normalisations text.py reports.
_NORMALISATION_NAMES = {
    "NFC": "Unicode composition (NFC/NFD)",
    "apostrophes": "typographic apostrophes",
    "guillemets": "typographic quotation marks",
    "espaces": "spaces (runs of spaces, non-breaking spaces)",
    "caractères invisibles": "invisible characters",
}
# A suggestion compares the quote with article windows; long quotes would make that slow.
_MAX_SUGGESTION_CHARS = 300
_WORD_RE = re.compile(r"\w+")


def _check_quotes(v: Validated, problems: Problems, reuse: Reuse) -> None:
    for event in v.events.values():
        for index, citation in enumerate(event.sources):
            if citation.article in v.articles:
                found = _reused_quote(citation.quote, citation.article, citation.loc, v,
                                      problems, reuse)
                if found:
                    v.citations[(event.id, index)] = found
    for article in v.articles.values():
        spans = []
        for index, annotation in enumerate(article.annotations):
            match = _reused_quote(annotation.quote, article.id, annotation.loc, v, problems,
                                  reuse)
            if match:
                v.annotations[(article.id, index)] = match
                spans.append((match.paragraph, match.start, match.end, annotation))
        spans.sort(key=lambda s: (s[0], s[1], s[2]))
        for (p1, _, e1, a1), (p2, s2, _, a2) in zip(spans, spans[1:], strict=False):
            if p1 == p2 and s2 < e1:
                problems.error(a2.loc.path, a2.loc.line, a2.loc.col,
                               f"annotation overlaps the annotation on line {a1.loc.line}; "
                               "annotate separate passages", "annotation-overlap")


def _reused_quote(quote: str, article_id: str, loc: Loc, v: Validated, problems: Problems,
                  reuse: Reuse) -> QuoteMatch | None:
    """:func:`_check_quote`, searched again only when the quote, its place or the article's
    paragraphs changed."""
    def check() -> tuple[QuoteMatch | None, list[Problem]]:
        found = Problems()
        return _check_quote(quote, article_id, loc, v, found), found.items

    key = ("quote", str(quote), getattr(quote, "mark", None), article_id, loc)
    match, found = reuse.get(key, v.paragraphs[article_id], check)
    problems.items.extend(found)
    return match


def _check_quote(quote: str, article_id: str, loc: Loc, v: Validated,
                 problems: Problems) -> QuoteMatch | None:
    paragraphs = v.paragraphs[article_id]
    match = find_quote(paragraphs, quote)
    mark = _mark_of(quote, Mark(loc.line, loc.col))
    source = f"data/articles/{article_id}.txt"
    if match is None:
        past = _runs_past_end(paragraphs, quote)
        if past:
            number, ending = past
            problems.error(loc.path, mark.line, mark.col,
                           f"the quote runs past the end of paragraph {number} of {source} "
                           f"(which ends with \"…{ending}\"); a quote must stay within one "
                           "paragraph", "quote-past-end")
        else:
            number, region = _closest(paragraphs, quote)
            problems.error(loc.path, mark.line, mark.col,
                           not_found_message(quote, region, number, source),
                           "quote-not-found")
    elif len(occurrences := quote_occurrences(paragraphs, quote)) > 1:
        problems.error(loc.path, mark.line, mark.col,
                       f"the quote occurs {len(occurrences)} times in {source} "
                       f"({_where(occurrences)}); the site marks only the first: quote a "
                       "longer passage, one that occurs once", "ambiguous-quote")
    elif match.normalisations:
        names = ", ".join(_NORMALISATION_NAMES.get(n, n) for n in match.normalisations)
        problems.note(loc.path, mark.line, mark.col,
                      f"quote found after normalising {names}{_invisible_note(quote)}",
                      "quote-normalised")
    return match


def _invisible_note(quote: str) -> str:
    """The quote's first invisible character, named with its place: matching ignores it, but
    an editor who typed it unknowingly may want to delete it."""
    named = invisible_in_quote(quote, getattr(quote, "invisibles", {}))
    return f"; {named}, which is ignored (you may delete it)" if named else ""


# Paragraphs named in an ambiguous-quote message; a short quote may occur all over.
_MAX_PARAGRAPHS_NAMED = 6


def _where(occurrences: list[int]) -> str:
    """The paragraphs of a quote's occurrences: "paragraphs 2 (twice) and 7"."""
    counts = Counter(occurrences)
    if len(counts) == 1:
        return f"all in paragraph {occurrences[0]}"
    named = [f"{n} (twice)" if c == 2 else f"{n} ({c} times)" if c > 2 else str(n)
             for n, c in sorted(counts.items())]
    if len(named) > _MAX_PARAGRAPHS_NAMED:
        others = len(named) - _MAX_PARAGRAPHS_NAMED + 1
        named = [*named[:_MAX_PARAGRAPHS_NAMED - 1], f"{others} others"]
    return f"paragraphs {', '.join(named[:-1])} and {named[-1]}"


def _runs_past_end(paragraphs: Paragraphs, quote: str) -> tuple[int, str] | None:
    """``(paragraph, its last words)`` when the quote starts in it but goes on after its end."""
    wanted = normalize_for_quotes(quote.strip())[0].text
    head = wanted[:12]
    if len(wanted) <= len(head):
        return None
    for number, text in paragraphs.shown():
        normalised = normalize_for_quotes(text)[0].text.rstrip()
        at = normalised.find(head)
        while at >= 0:
            if wanted.startswith(normalised[at:]):
                return number, text.rstrip()[-30:].lstrip()
            at = normalised.find(head, at + 1)
    return None


def _closest(paragraphs: Paragraphs, quote: str) -> tuple[int, str]:
    """The paragraph most like ``quote`` and the region of it to compare with the quote.

    Bounded whatever the article's size: the paragraphs are only scanned for the window
    of words that shares the most words with the quote; the slow character-level
    comparison (:mod:`build_tools.quotediff`) then runs on that window and its margins.
    """
    quote = quote.strip()[:_MAX_SUGGESTION_CHARS]
    words = [w.casefold() for w in _WORD_RE.findall(quote)]
    wanted, size = set(words), max(1, len(words))
    best: tuple[int, int, str, int, int] = (-1, 0, "", 0, 0)
    for number, text in paragraphs.shown():
        tokens = list(_WORD_RE.finditer(text))
        if not tokens:
            continue
        hits = [t.group().casefold() in wanted for t in tokens]
        score = top = sum(hits[:size])
        top_at = 0
        for i in range(1, len(tokens) - size + 1):
            score += hits[i + size - 1] - hits[i - 1]
            if score > top:
                top, top_at = score, i
        if top > best[0]:
            last = tokens[min(top_at + size, len(tokens)) - 1]
            best = (top, number, text, tokens[top_at].start(), last.end())
    _, number, text, start, end = best
    margin = len(quote) // 2 + 1
    return number, text[max(0, start - margin) : end + margin]


def _check_no_links(raw: RawData, v: Validated, problems: Problems) -> None:
    """``no_link`` entries must name a shown paragraph and text that is really there."""
    for record in raw.records:
        article = v.articles.get(record.id) if record.kind is Kind.ARTICLE else None
        if article is None:
            continue
        paragraphs = v.paragraphs[article.id]
        entries = [e for e in record.doc.get("no_link") or () if isinstance(e, LocDict)]
        for entry, item in zip(entries, article.no_link, strict=True):
            number = item.paragraph
            if number is not None and not _paragraph_ok(number, entry, record, paragraphs,
                                                       problems):
                continue
            texts = ([paragraphs.texts[number - 1]] if number
                     else [t for _, t in paragraphs.shown()])
            if not any(fold(item.text).text in fold(t).text for t in texts):
                where = f"paragraph {number}" if number else "the article"
                problems.warning(item.loc.path, item.loc.line, item.loc.col,
                                 f"no_link text {item.text!r} does not occur in {where} "
                                 f"of data/articles/{article.id}.txt; check the spelling",
                                 "no-link-not-found")


def _paragraph_ok(number: int, entry: LocDict, record: RawRecord, paragraphs: Paragraphs,
                  problems: Problems) -> bool:
    mark = _mark_of(entry.get("paragraph"), entry.mark)
    count = len(paragraphs.texts)
    if number > count:
        problems.error(record.path, mark.line, mark.col,
                       f"'paragraph' is {number}, past the end of data/articles/{record.id}.txt "
                       f"({count} paragraphs)", "bad-paragraph")
        return False
    repeat = next((r for r in paragraphs.repeats if r.first <= number <= r.last), None)
    if repeat:
        shown = repeat.source_first + number - repeat.first
        problems.error(record.path, mark.line, mark.col,
                       f"paragraph {number} repeats paragraph {shown} and is not shown; "
                       f"use 'paragraph: {shown}'", "bad-paragraph")
        return False
    return True


def _check_usage(raw: RawData, v: Validated, problems: Problems, *, unreferenced: bool,
                 reuse: Reuse) -> None:
    # Saying a record is distinct from another is not using it.
    used = {value for record in raw.records
            for f, value in _record_references(record, reuse)
            if f.name != "distinct_from"}
    entities: list[Actor | Weapon] = [*v.actors.values(), *v.weapons.values()]
    for entity in entities:
        if unreferenced and entity.id not in used:
            problems.warning(entity.loc.path, 1, 1,
                             f"{entity.id!r} is not referenced by any event or record; list "
                             "it in an event's actors or weapons, or delete it",
                             "unreferenced")
    _check_shared_names(entities, problems)


def _linking_names(entity: Actor | Weapon) -> list[str]:
    """The names mentions are found by (``search_aliases`` are for search only)."""
    return [entity.name, *entity.aliases]


def _name_mark(name: str) -> Mark:
    return _mark_of(name, Mark(1, 1))


def _check_shared_names(entities: list[Actor | Weapon], problems: Problems) -> None:
    """Two records that would claim the same words of an article: an error, since mentions
    would all link to one of them; names alike but for accents or word order: a warning."""
    entities = sorted(entities, key=lambda e: (e.loc.path, e.id))
    owners: dict[AliasKey, tuple[Actor | Weapon, str]] = {}
    clashing: set[tuple[str, str]] = set()
    for entity in entities:
        reported: set[tuple[str, str]] = set()
        for name in _linking_names(entity):
            for key in alias_keys(name):
                first, first_name = owners.setdefault(key, (entity, name))
                if first is entity or (first.id, name) in reported:
                    continue
                reported.add((first.id, name))
                clashing.add((first.id, entity.id))
                mark = _name_mark(name)
                # A name cannot move to search_aliases; an alias on either side can.
                both_names = name is entity.name and first_name is first.name
                ways = ("merge the two records, or rename one" if both_names else
                        "merge the two records, change or remove the alias in one, or move "
                        "it to 'search_aliases' (search only, never linked) in one")
                problems.error(
                    entity.loc.path, mark.line, mark.col,
                    f"{name!r} would link mentions to this record and to {first.loc.path} "
                    f"(which has {first_name!r}); {ways}", "shared-alias")
    _check_probable_duplicates(entities, clashing, problems)


def _word_set_key(name: str) -> tuple[str, ...]:
    """A name's folded words in alphabetical order: "Erdoğan Recep" is "Recep Erdogan"."""
    return tuple(sorted(name_key(name).replace("'", " ").split()))


def _check_probable_duplicates(entities: list[Actor | Weapon], clashing: set[tuple[str, str]],
                               problems: Problems) -> None:
    owners: dict[tuple[str, ...], tuple[Actor | Weapon, str]] = {}
    for entity in entities:
        reported: set[str] = set()
        # Not search_aliases: moving a name there is how an editor says "not this record".
        for name in _linking_names(entity):
            key = _word_set_key(name)
            if not key:
                continue
            first, first_name = owners.setdefault(key, (entity, name))
            if (first is entity or first.id in reported or (first.id, entity.id) in clashing
                    or first.id in entity.distinct_from or entity.id in first.distinct_from):
                continue
            reported.add(first.id)
            mark = _name_mark(name)
            problems.warning(
                entity.loc.path, mark.line, mark.col,
                f"{name!r} and {first_name!r} ({first.loc.path}) differ only by accents or "
                "word order: probably the same record; merge the two records, or if they are "
                f"distinct add 'distinct_from: [{first.id}]' here", "probable-duplicate")
