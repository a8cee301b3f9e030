"""Article text: paragraphs, repeated runs, quote matching and mention finding.

Everything here works on offsets into the *verbatim* text, so what is shown and
linked is exactly what the source says.
"""

from __future__ import annotations

import bisect
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

APOSTROPHES = "\u2019\u2018\u02bc\u2032`\u00b4"
DOUBLE_QUOTES = "\u00ab\u00bb\u201c\u201d\u201e\u201f\u2039\u203a"
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"
# Zero-width characters that can hide inside words and break matching or search.
INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


@dataclass(frozen=True)
class Repeat:
    """Paragraphs ``first..last`` (1-based) repeat paragraphs ``source_first..``."""

    first: int
    last: int
    source_first: int
    source_last: int


@dataclass(frozen=True)
class Paragraphs:
    """An article's paragraphs (non-empty lines), numbered from 1, and its repeated runs."""

    texts: tuple[str, ...]
    repeats: tuple[Repeat, ...]

    def is_repeat(self, number: int) -> bool:
        """True when paragraph ``number`` repeats an earlier one and is not shown."""
        return any(r.first <= number <= r.last for r in self.repeats)

    def shown(self) -> list[tuple[int, str]]:
        """``(number, text)`` of the paragraphs shown on the page."""
        return [(n, t) for n, t in enumerate(self.texts, 1) if not self.is_repeat(n)]


def split_paragraphs(text: str) -> Paragraphs:
    """Split an article into paragraphs (one per non-empty line) and find repeated runs."""
    texts = tuple(line.rstrip("\r") for line in text.split("\n") if line.strip())
    return Paragraphs(texts, tuple(_find_repeats(texts)))


def _find_repeats(texts: Sequence[str]) -> Iterable[Repeat]:
    first_seen: dict[str, int] = {}
    run: list[tuple[int, int]] = []  # (paragraph, earlier paragraph), both 1-based
    for number, paragraph in enumerate(texts, 1):
        earlier = first_seen.get(paragraph)
        if earlier is None:
            first_seen[paragraph] = number
        if earlier is not None and run and earlier == run[-1][1] + 1 and number == run[-1][0] + 1:
            run.append((number, earlier))
            continue
        if run:
            yield Repeat(run[0][0], run[-1][0], run[0][1], run[-1][1])
            run = []
        if earlier is not None:
            run = [(number, earlier)]
    if run:
        yield Repeat(run[0][0], run[-1][0], run[0][1], run[-1][1])


@dataclass(frozen=True)
class Mapped:
    """A transformed string and, for each of its characters, the index in the original.

    ``origin`` is a ``range`` when each character maps to itself (the common case for
    :func:`fold`), so no per-character list is built.
    """

    text: str
    origin: Sequence[int]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of :attr:`text` back to the original string."""
        return self.origin[start], self.origin[end - 1] + 1


def _clusters(text: str) -> Iterable[tuple[int, str]]:
    """Yield ``(index, base character + its combining marks)``."""
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        yield i, text[i:j]
        i = j


QUOTE_NORMALISATIONS = ("NFC", "apostrophes", "guillemets", "espaces",
                        "caractères invisibles")
_INVISIBLE_RE = re.compile(f"[{INVISIBLES}]")


def _visible(text: str, keep: frozenset[str]) -> tuple[str, Sequence[int]]:
    """``text`` without its invisible characters (unless kept), and where each character was.

    Removed before anything else, so that a soft hyphen inside « é » (e, hyphen, accent)
    cannot split a letter from its accent.
    """
    if "caractères invisibles" in keep or not _INVISIBLE_RE.search(text):
        return text, range(len(text))
    kept = [i for i, char in enumerate(text) if char not in INVISIBLES]
    return "".join(text[i] for i in kept), kept


def normalize_for_quotes(text: str, keep: frozenset[str] = frozenset()) -> tuple[Mapped, set[str]]:
    """Normalise only what is not a real difference between a quote and its source.

    NFC/NFD, typographic vs straight apostrophes and quotes
    (with the spaces French typography puts inside « »), non-breaking and other
    spaces, runs of whitespace, invisible characters (:data:`INVISIBLES`: editors cannot
    type them, and an article copied from a web page may hold them anywhere).
    Normalisations named in ``keep`` are not applied.
    Returns the mapped text and the names of the normalisations that changed something.
    """
    visible, positions = _visible(text, keep)
    folder = _QuoteFolder(keep)
    if len(visible) != len(text):
        folder.applied.add("caractères invisibles")
    out, origin, add = folder.out, folder.origin, folder.add
    for at, cluster in _clusters(visible):
        # Most of an article is plain characters, copied here without a method call.
        # Measured on every paragraph of a synthetic 2,000-record dossier: the former
        # single-loop version took 0.98 s, _QuoteFolder.add for every cluster 1.13 s,
        # this shortcut 0.68 s (find_quote over 600 articles: 0.59, 0.68, 0.41 s).
        if cluster in _PLAIN:
            out.append(cluster)
            origin.append(positions[at])
        else:
            add(cluster, positions[at])
    return Mapped("".join(out), tuple(origin)), folder.applied


# Characters that no quote normalisation changes and that are neither spaces, apostrophes
# nor quotes (Latin letters, digits, punctuation): see normalize_for_quotes.
_PLAIN = frozenset(
    char for char in map(chr, range(0x250))
    if unicodedata.normalize("NFC", char) == char and not char.isspace()
    and char not in APOSTROPHES + DOUBLE_QUOTES + '"'
)


class _QuoteFolder:
    """The text :func:`normalize_for_quotes` builds, one character cluster at a time."""

    __slots__ = ("applied", "keep", "origin", "out")

    def __init__(self, keep: frozenset[str]) -> None:
        self.keep = keep
        self.out: list[str] = []
        self.origin: list[int] = []
        self.applied: set[str] = set()

    def add(self, cluster: str, index: int) -> None:
        """Append ``cluster`` (from ``index`` in the original text), normalised."""
        char = self._composed(cluster)
        if char in APOSTROPHES and "apostrophes" not in self.keep:
            self.applied.add("apostrophes")
            char = "'"
        elif (char in DOUBLE_QUOTES or char == '"') and "guillemets" not in self.keep:
            char = self._quote(char)
        elif char.isspace() and "espaces" not in self.keep:
            if not self._space_needed(char):
                return
            char = " "
        self.out.append(char)
        self.origin.extend([index] * len(char))

    def _composed(self, cluster: str) -> str:
        """``cluster`` in NFC, unless NFC is kept."""
        if "NFC" in self.keep:
            return cluster
        char = unicodedata.normalize("NFC", cluster)
        if char != cluster:
            self.applied.add("NFC")
        return char

    def _quote(self, char: str) -> str:
        """A straight quote for ``char``, without the space before it: « x » and "x" are
        the same quotation."""
        if self.out and self.out[-1] == " ":
            self.out.pop()
            self.origin.pop()
            self.applied.add("guillemets")
        elif char != '"':
            self.applied.add("guillemets")
        return '"'

    def _space_needed(self, char: str) -> bool:
        """Whether the space ``char`` is kept: not after a space, nor just inside a quote."""
        if char != " ":
            self.applied.add("espaces")
        last = self.out[-1] if self.out else ""
        if last == " ":
            self.applied.add("espaces")
            return False
        if last == '"' and "guillemets" not in self.keep:
            self.applied.add("guillemets")
            return False
        return True


@dataclass(frozen=True)
class QuoteMatch:
    """Where a quote was found: paragraph number and span within that paragraph."""

    paragraph: int
    start: int
    end: int
    normalisations: tuple[str, ...]


def _needed_normalisations(quote: str, passage: str) -> tuple[str, ...]:
    """The normalisations without which ``quote`` and ``passage`` would differ."""
    needed = []
    for name in QUOTE_NORMALISATIONS:
        keep = frozenset({name})
        if normalize_for_quotes(quote, keep)[0].text != normalize_for_quotes(passage, keep)[0].text:
            needed.append(name)
    return tuple(sorted(needed))


def find_quote(paragraphs: Paragraphs, quote: str) -> QuoteMatch | None:
    """Find ``quote`` in the shown paragraphs, exactly or after :func:`normalize_for_quotes`."""
    for number, text in paragraphs.shown():
        at = text.find(quote)
        if quote and at >= 0:
            return QuoteMatch(number, at, at + len(quote), ())
    wanted, _ = normalize_for_quotes(quote.strip())
    if not wanted.text.strip(' "'):
        return None
    for number, text in paragraphs.shown():
        mapped, _ = normalize_for_quotes(text)
        at = mapped.text.find(wanted.text)
        if at >= 0:
            start, end = mapped.span(at, at + len(wanted.text))
            needed = _needed_normalisations(quote.strip(), text[start:end])
            return QuoteMatch(number, start, end, needed)
    return None


def quote_occurrences(paragraphs: Paragraphs, quote: str) -> list[int]:
    """The paragraph of each place ``quote`` occurs in the shown paragraphs, in text order.

    Matched as :func:`find_quote` matches: exactly when the quote occurs exactly somewhere,
    else after :func:`normalize_for_quotes`. Overlapping occurrences count ("la la" is twice
    in "la la la"); paragraphs repeating an earlier run are not shown, so do not count.
    """
    shown = paragraphs.shown()
    if quote:
        exact = [number for number, text in shown if quote in text for _ in _finds(text, quote)]
        if exact:
            return exact
    wanted = normalize_for_quotes(quote.strip())[0].text
    if not wanted.strip(' "'):
        return []
    return [number for number, text in shown
            for _ in _finds(normalize_for_quotes(text)[0].text, wanted)]


def _finds(text: str, part: str) -> Iterable[int]:
    """Every index where ``part`` starts in ``text``, overlapping ones included."""
    at = text.find(part)
    while at >= 0:
        yield at
        at = text.find(part, at + 1)


@functools.cache
def _fold_char(char: str) -> str:
    """What one character of the text becomes in :func:`fold` (zero, one or more characters)."""
    if char in APOSTROPHES:
        return "'"
    if char in DASHES:
        return "-"
    if char in INVISIBLES:
        return ""
    decomposed = unicodedata.normalize("NFD", char.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class _FoldTable:
    """The :meth:`str.translate` table of :func:`fold`, computed once for the usual
    characters and completed with the others as texts bring them."""

    # Characters below this one (Latin, Greek, Cyrillic, punctuation, currency, math signs…)
    # are in the table from the start.
    PRESET_END = 0x2500

    def __init__(self) -> None:
        self.table: dict[int, int | str] = {}
        # Characters that fold to none or several characters -> how many.
        self.uneven: dict[str, int] = {}
        for code in range(self.PRESET_END):
            self._add(chr(code))
        # A text without these is folded by the preset table alone, one character for one.
        self.special = re.compile(f"[{''.join(map(re.escape, sorted(self.uneven)))}"
                                  f"{chr(self.PRESET_END)}-\U0010ffff]")

    def _add(self, char: str) -> None:
        folded = _fold_char(char)
        # An int is translate's fastest case; "" deletes the character.
        self.table[ord(char)] = ord(folded) if len(folded) == 1 else folded
        if len(folded) != 1:
            self.uneven[char] = len(folded)

    def complete(self, text: str) -> None:
        """Add the characters of ``text`` that are not in the table yet."""
        for char in set(text):
            if ord(char) not in self.table:
                self._add(char)


@functools.cache
def _fold_table() -> _FoldTable:
    """The one table, made at the first :func:`fold` (it takes some milliseconds)."""
    return _FoldTable()


def fold(text: str) -> Mapped:
    """Case-, accent-, apostrophe- and dash-insensitive form of ``text`` for mention finding.

    The same as joining :func:`_fold_char` of every character, done by :meth:`str.translate`.
    The origin map is a ``range`` when each character folds to exactly one (nearly always).
    """
    folding = _fold_table()
    if text.isascii() or not folding.special.search(text):
        return Mapped(text.translate(folding.table), range(len(text)))
    folding.complete(text)
    return Mapped(text.translate(folding.table), _origin(text, folding.uneven))


def _origin(text: str, uneven: Mapping[str, int]) -> Sequence[int]:
    """The origin map of ``fold(text)``: each index as many times as its character folds to
    characters, ``uneven`` saying how many where it is not one."""
    origin: list[int] = []
    done = 0  # characters whose indexes are in ``origin``
    for at in [i for i, char in enumerate(text) if char in uneven]:
        if at > done:
            origin += range(done, at)
        origin += [at] * uneven[text[at]]
        done = at + 1
    if not done:
        return range(len(text))
    origin += range(done, len(text))
    return tuple(origin)


# Letters NFKD leaves whole but French alphabetises as two (« Œuvre » files with « oe »).
_SORT_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae"})


# Cached: serve's regeneration asks again for the same names after every edit.
@functools.lru_cache(maxsize=1 << 16)
def name_sort_key(name: str) -> tuple[str, str]:
    """The key names are listed by, in French order and independent of the machine's
    locale: accents and case ignored first (« États-Unis » before « Turquie »), then the
    name itself, so that names differing only by accent or case keep one fixed order.
    Callers add the record id as the last tiebreak."""
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    folded = "".join(c for c in decomposed if not unicodedata.combining(c))
    return folded.translate(_SORT_LIGATURES), name


def display_alias(alias: str) -> str:
    """An alias as readers see it: ``Américain(s)`` is shown as ``Américains``."""
    return alias[: -len("(s)")] + "s" if alias.endswith("(s)") else alias


def search_variants(names: Sequence[str]) -> list[str]:
    """Designators written without their dash ("S400" for "S-400"), not already in ``names``.

    Shown on entity pages, where readers see them. (Material's lunr search needed them to
    find "S400"; Pagefind also matches "S400" with "S-400" in every page.) Accents need no
    variant: the search folds them (overrides/assets/javascripts/dossier-search.js).
    """
    seen = {n.casefold() for n in names}
    variants: list[str] = []
    for name in names:
        dashless = re.sub(r"(?<=[^\W\d_])[-\u2010\u2011](?=[0-9])", "", name)
        if dashless.casefold() not in seen:
            seen.add(dashless.casefold())
            variants.append(dashless)
    return variants


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of an entity's name in a paragraph."""

    entity: str
    start: int
    end: int


# Words of folded text: runs of letters, or runs of digits ("s400" is "s" then "400", so
# that "S400", "S-400" and "S 400" are the same two words).
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
# A mention starts and ends at a word boundary, and not inside a hyphenated word.
_WORD_AFTER = re.compile(r"\w|-\w")


def _inside_word(folded: str, start: int) -> bool:
    """True when the word at ``start`` continues a word ("x-S-400", "AS400")."""
    before = folded[start - 1:start]
    if before == "-":
        before = folded[start - 2:start - 1]
    return bool(before) and (before.isalnum() or before == "_")


def _separator(between: str, before: str, after: str) -> str:
    """What separates two words, reduced to what matters when comparing with an alias."""
    if not between.strip():
        kind = " " if between else ""
    elif between.strip() == "-":
        # "état-major" and "état major" are one spelling (the guide promises it).
        kind = " "
    elif between.strip() == "'":
        kind = "'"
    else:
        return " ".join(between.split())
    # Designators: "S400", "S-400" and "S 400" are one spelling.
    if before.isalpha() != after.isalpha() and kind in ("", " ", "-"):
        return "~"
    return kind


# ``re.split`` with the token in a group gives [gap, word, gap, word, …, gap].
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")


class _Words:
    """The words of a folded text, and what lies between them, looked at only where needed.

    Splitting yields every word and gap as plain strings, with no match object per word;
    separators, boundaries and offsets are only worked out at words that start an alias.
    """

    def __init__(self, folded: str) -> None:
        self._parts = _TOKEN_SPLIT.split(folded)
        self.words: list[str] = self._parts[1::2]
        self._measured = 0  # parts before this one are measured:
        self._measured_length = 0  # they make up this many characters

    def continues_a_word(self, i: int) -> bool:
        """True when word ``i`` continues a word (:func:`_inside_word`)."""
        before = (self.words[i - 1] if i else "") + self._parts[2 * i]
        return _inside_word(before, len(before))

    def word_follows(self, i: int) -> bool:
        """True when word ``i`` is followed by more of a word (``_WORD_AFTER``)."""
        after = self._parts[2 * i + 2] + (self.words[i + 1] if i + 1 < len(self.words) else "")
        return _WORD_AFTER.match(after) is not None

    def separators(self, i: int, count: int) -> tuple[str, ...]:
        """The :func:`_separator` after each of words ``i`` to ``i + count - 1``."""
        if not count:
            return ()
        parts, words = self._parts, self.words
        return tuple([_separator(parts[2 * j + 2], words[j], words[j + 1])
                      for j in range(i, i + count)])

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Offsets in the folded text of words ``first`` to ``last``."""
        start = self._offset(2 * first + 1)
        return start, start + len("".join(self._parts[2 * first + 1:2 * last + 2]))

    def _offset(self, part: int) -> int:
        """Where part ``part`` (gap ``2 * i``, word ``2 * i + 1``) starts in the folded text.

        Mentions are asked for left to right, so each call measures only the parts
        since the previous call: offsets cost nothing in text without mentions.
        """
        if part < self._measured:
            self._measured, self._measured_length = 0, 0
        self._measured_length += len("".join(self._parts[self._measured:part]))
        self._measured = part
        return self._measured_length


AliasKey = tuple[tuple[str, ...], tuple[str, ...]]


def alias_keys(alias: str) -> list[AliasKey]:
    """The (words, separators) an alias matches; a trailing ``(s)`` adds the plural.

    Two names with a key in common find the same mentions: validation uses these keys to
    tell when two records' names would claim the same words of an article.
    """
    return list(_alias_keys(str(alias)))


# Cached: serve's regeneration asks again for the same names after every edit.
@functools.lru_cache(maxsize=1 << 16)
def _alias_keys(alias: str) -> tuple[AliasKey, ...]:
    forms = [alias]
    if alias.endswith("(s)"):
        forms = [alias[: -len("(s)")], alias[: -len("(s)")] + "s"]
    keys = []
    for form in forms:
        words = _Words(fold(form).text)
        if words.words:
            keys.append((tuple(words.words), words.separators(0, len(words.words) - 1)))
    return tuple(keys)


class MentionFinder:
    """Finds entity names in a text by looking word sequences up in a table.

    The cost is linear in the length of the text and independent of the number of
    aliases: one set lookup per word and, at a word that starts some alias, one dict
    lookup per length of the aliases it starts.
    """

    def __init__(self, names: Mapping[str, Sequence[str]]) -> None:
        self._table: dict[tuple[str, ...], dict[tuple[str, ...], str]] = {}
        lengths: dict[str, set[int]] = {}
        for entity in sorted(names):
            for name in names[entity]:
                for words, separators in alias_keys(name):
                    # An alias shared by two records links to the first; validation refuses that.
                    self._table.setdefault(words, {}).setdefault(separators, entity)
                    lengths.setdefault(words[0], set()).add(len(words))
        # First word -> word counts of the aliases it starts, longest first.
        self._lengths = {word: sorted(counts, reverse=True) for word, counts in lengths.items()}

    def find(self, text: str) -> list[Mention]:
        """All non-overlapping mentions in ``text``, left to right, longest first."""
        folded = fold(text)
        words = _Words(folded.text)
        mentions: list[Mention] = []
        free = 0  # the first word that is not part of a mention already found
        for i in self._candidates(words.words):
            found = self._match_at(words, i) if i >= free else None
            if found is None:
                continue
            entity, length = found
            start, end = folded.span(*words.span(i, i + length - 1))
            mentions.append(Mention(entity, start, end))
            free = i + length
        return mentions

    def _candidates(self, words: list[str]) -> list[int]:
        """Indexes of the words that start some alias: most words cost one set lookup."""
        starts = self._lengths
        return [i for i, word in enumerate(words) if word in starts]

    def _match_at(self, words: _Words, i: int) -> tuple[str, int] | None:
        """The entity and word count of the longest alias that starts at word ``i``."""
        if words.continues_a_word(i):
            return None
        for length in self._lengths[words.words[i]]:
            last = i + length - 1
            if last >= len(words.words):
                continue  # the text ends before this alias would
            by_separators = self._table.get(tuple(words.words[i:last + 1]))
            if by_separators is None:
                continue
            entity = by_separators.get(words.separators(i, length - 1))
            if entity and not words.word_follows(last):
                return entity, length
        return None


# A sentence ends at . ! ? … followed by a capital or a quote, except after an initial
# or a single digit ("M. Tchemezov", "1. Pas une liste").
# The boundary is the whitespace (group 1); starting with the punctuation lets the regex
# engine skip ahead to it.
_SENTENCE_END = re.compile(
    r"[.!?…](?<!\b[0-9A-ZÀ-ÖØ-Þ]\.)([\s\u00a0]+)(?=[«\"A-ZÀ-ÖØ-Þ])"
)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence of ``text`` that contains ``[start, end)``."""
    starts, ends = _sentence_boundaries(text)
    # The last boundary that ends before the span, the first that starts after it;
    # a boundary inside the span (a mention across two sentences) is no boundary.
    before = bisect.bisect_right(ends, start)
    after = bisect.bisect_left(starts, end)
    return (ends[before - 1] if before else 0,
            starts[after] if after < len(starts) else len(text))


@functools.lru_cache(maxsize=16)
def _sentence_boundaries(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Starts and ends of the sentence boundaries of ``text``, left to right.

    Cached because a paragraph is asked about once per mention.
    """
    spans = [boundary.span(1) for boundary in _SENTENCE_END.finditer(text)]
    return tuple(s for s, _ in spans), tuple(e for _, e in spans)
