"""Article text: paragraphs, repeated runs, quote matching and mention finding.

Everything here works on offsets into the *verbatim* text, so what is shown and
linked is exactly what the source says.
"""

from __future__ import annotations

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
    """A transformed string and, for each of its characters, the index in the original."""

    text: str
    origin: tuple[int, ...]

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


QUOTE_NORMALISATIONS = ("NFC", "apostrophes", "guillemets", "espaces")


def normalize_for_quotes(text: str, keep: frozenset[str] = frozenset()) -> tuple[Mapped, set[str]]:
    """Normalise only what is not a real difference between a quote and its source.

    NFC/NFD, typographic vs straight apostrophes and quotes
    (with the spaces French typography puts inside « »), non-breaking and other
    spaces, runs of whitespace. Normalisations named in ``keep`` are not applied.
    Returns the mapped text and the names of the normalisations that changed something.
    """
    out: list[str] = []
    origin: list[int] = []
    applied: set[str] = set()

    def drop_trailing_space() -> None:
        if out and out[-1] == " ":
            out.pop()
            origin.pop()

    for index, cluster in _clusters(text):
        char = cluster
        if "NFC" not in keep:
            char = unicodedata.normalize("NFC", cluster)
            if char != cluster:
                applied.add("NFC")
        if char in APOSTROPHES and "apostrophes" not in keep:
            char = "'"
            applied.add("apostrophes")
        elif (char in DOUBLE_QUOTES or char == '"') and "guillemets" not in keep:
            if char != '"':
                applied.add("guillemets")
            if out and out[-1] == " ":
                applied.add("guillemets")
            drop_trailing_space()  # « x » and "x" are the same quotation
            char = '"'
        elif char.isspace() and "espaces" not in keep:
            if char != " ":
                applied.add("espaces")
            if out and out[-1] in ' "' and "guillemets" not in keep:
                if out[-1] == " ":
                    applied.add("espaces")
                else:
                    applied.add("guillemets")
                continue
            if out and out[-1] == " ":
                applied.add("espaces")
                continue
            char = " "
        out.append(char)
        origin.extend([index] * len(char))
    return Mapped("".join(out), tuple(origin)), applied


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


def closest_passage(paragraphs: Paragraphs, quote: str) -> str:
    """The passage of the article most like ``quote``, to suggest in an error message."""
    import difflib

    best, best_ratio = "", 0.0
    size = len(quote)
    for _, text in paragraphs.shown():
        step = max(1, size // 4)
        for start in range(0, max(1, len(text) - size + step), step):
            window = text[start : start + size]
            ratio = difflib.SequenceMatcher(None, quote, window, autojunk=False).ratio()
            if ratio > best_ratio:
                best, best_ratio = window, ratio
    return best


@functools.cache
def _fold_char(char: str) -> str:
    if char in APOSTROPHES:
        return "'"
    if char in DASHES:
        return "-"
    if char in INVISIBLES:
        return ""
    decomposed = unicodedata.normalize("NFD", char.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def fold(text: str) -> Mapped:
    """Case-, accent-, apostrophe- and dash-insensitive form of ``text`` for mention finding."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        out.append(folded)
        if len(folded) == 1:
            origin.append(index)
        else:
            origin.extend([index] * len(folded))
    return Mapped("".join(out), tuple(origin))


def display_alias(alias: str) -> str:
    """An alias as readers see it: ``Américain(s)`` is shown as ``Américains``."""
    return alias[: -len("(s)")] + "s" if alias.endswith("(s)") else alias


def search_variants(names: Sequence[str]) -> list[str]:
    """Designators written without their dash ("S400" for "S-400"), not already in ``names``.

    Shown on entity pages because the search index splits "S-400" into "s" and "400", so
    a reader typing "S400" only finds pages where that spelling is written. Accents need
    no variant: the search worker folds them (overrides/assets/javascripts/workers).
    """
    seen = {n.casefold() for n in names}
    variants: list[str] = []
    for name in names:
        dashless = re.sub(r"(?<=[^\W\d_])[-\u2010\u2011](?=[0-9])", "", name)
        if dashless.casefold() not in seen:
            seen.add(dashless.casefold())
            variants.append(dashless)
    return variants


@dataclass(frozen=True)
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
    elif between.strip() in "-'":
        kind = between.strip()
    else:
        return " ".join(between.split())
    # Designators: "S400", "S-400" and "S 400" are one spelling.
    if before.isalpha() != after.isalpha() and kind in ("", " ", "-"):
        return "~"
    return kind


def _words(folded: str) -> tuple[list[re.Match[str]], list[str]]:
    tokens = list(_TOKEN.finditer(folded))
    separators = [_separator(folded[a.end():b.start()], a.group(), b.group())
                  for a, b in zip(tokens, tokens[1:], strict=False)]
    return tokens, separators


def _alias_keys(alias: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """The (words, separators) an alias matches; a trailing ``(s)`` adds the plural."""
    forms = [alias]
    if alias.endswith("(s)"):
        forms = [alias[: -len("(s)")], alias[: -len("(s)")] + "s"]
    keys = []
    for form in forms:
        tokens, separators = _words(fold(form).text)
        if tokens:
            keys.append((tuple(t.group() for t in tokens), tuple(separators)))
    return keys


class MentionFinder:
    """Finds entity names in a text by looking word sequences up in a table.

    The cost is linear in the length of the text and independent of the number of
    aliases: at each word, at most ``longest alias`` lookups in a dict.
    """

    def __init__(self, names: Mapping[str, Sequence[str]]) -> None:
        self._table: dict[tuple[str, ...], dict[tuple[str, ...], str]] = {}
        self._longest: dict[str, int] = {}  # first word -> most words of an alias it starts
        for entity in sorted(names):
            for name in names[entity]:
                for words, separators in _alias_keys(name):
                    # An alias shared by two records links to the first; validate warns.
                    self._table.setdefault(words, {}).setdefault(separators, entity)
                    self._longest[words[0]] = max(self._longest.get(words[0], 0), len(words))

    def find(self, text: str) -> list[Mention]:
        """All non-overlapping mentions in ``text``, left to right, longest first."""
        folded = fold(text)
        tokens, separators = _words(folded.text)
        words = [t.group() for t in tokens]
        mentions: list[Mention] = []
        i = 0
        while i < len(tokens):
            found = self._match_at(folded.text, tokens, words, separators, i)
            if found is None:
                i += 1
                continue
            entity, length = found
            start, end = folded.span(tokens[i].start(), tokens[i + length - 1].end())
            mentions.append(Mention(entity, start, end))
            i += length
        return mentions

    def _match_at(self, folded: str, tokens: list[re.Match[str]], words: list[str],
                  separators: list[str], i: int) -> tuple[str, int] | None:
        longest = self._longest.get(words[i], 0)
        if not longest or _inside_word(folded, tokens[i].start()):
            return None
        for length in range(min(longest, len(tokens) - i), 0, -1):
            candidates = self._table.get(tuple(words[i:i + length]))
            if not candidates:
                continue
            entity = candidates.get(tuple(separators[i:i + length - 1]))
            if entity and not _WORD_AFTER.match(folded, tokens[i + length - 1].end()):
                return entity, length
        return None


# A sentence ends at . ! ? … followed by a capital or a quote, except after an initial
# or a single digit ("M. Tchemezov", "1. Pas une liste").
_SENTENCE_END = re.compile(
    r"(?<=[.!?…])(?<!\b[0-9A-ZÀ-ÖØ-Þ]\.)[\s\u00a0]+(?=[«\"A-ZÀ-ÖØ-Þ])"
)


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence of ``text`` that contains ``[start, end)``."""
    sentence_start, sentence_end = 0, len(text)
    for boundary in _SENTENCE_END.finditer(text):
        if boundary.end() <= start:
            sentence_start = boundary.end()
        elif boundary.start() >= end:
            sentence_end = boundary.start()
            break
    return sentence_start, sentence_end
