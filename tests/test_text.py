"""text: paragraphs, repeated runs, quote matching, folding and mention finding."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from build_tools.text import (
    APOSTROPHES,
    DASHES,
    INVISIBLES,
    MentionFinder,
    Repeat,
    display_alias,
    find_quote,
    fold,
    normalize_for_quotes,
    quote_occurrences,
    sentence_around,
    split_paragraphs,
)
from tests.conftest import S400_DATA

# Real articles, from the frozen copy of the dossier: data/ may change, these never do.
ROSTEC = S400_DATA / "articles" / "rostec-contrat-s400-2017.txt"
KREMLIN = S400_DATA / "articles" / "poutine-erdogan-kremlin-2019.txt"

# -- paragraphs and repeated runs ---------------------------------------------------------


def test_rostec_article_repeats_paragraphs_2_to_6_as_7_to_11() -> None:
    paragraphs = split_paragraphs(ROSTEC.read_text(encoding="utf-8"))
    assert len(paragraphs.texts) == 11
    assert paragraphs.repeats == (Repeat(first=7, last=11, source_first=2, source_last=6),)
    assert paragraphs.texts[6:11] == paragraphs.texts[1:6]
    assert [n for n, _ in paragraphs.shown()] == [1, 2, 3, 4, 5, 6]
    assert [paragraphs.is_repeat(n) for n in range(1, 12)] == [False] * 6 + [True] * 5


def test_kremlin_article_has_ten_paragraphs_and_no_repeat() -> None:
    paragraphs = split_paragraphs(KREMLIN.read_text(encoding="utf-8"))
    assert len(paragraphs.texts) == 10
    assert paragraphs.repeats == ()
    assert paragraphs.texts[0].startswith("Bien que les Américains avertissent")
    assert paragraphs.texts[-1].startswith("Les négociations d’hier")


REPEATS = [
    # id, paragraphs (one letter each), expected repeats as (first, last, source_first, source_last)
    ("none", "ABC", []),
    ("one paragraph", "ABA", [(3, 3, 1, 1)]),
    ("adjacent duplicate", "ABB", [(3, 3, 2, 2)]),
    ("a run", "ABCDBCD", [(5, 7, 2, 4)]),
    ("run, then new text", "ABCBCD", [(4, 5, 2, 3)]),
    ("reversed order is two repeats", "ABCBA", [(4, 4, 2, 2), (5, 5, 1, 1)]),
    ("gap in the source breaks the run", "ABCAC", [(4, 4, 1, 1), (5, 5, 3, 3)]),
    ("twice repeated", "ABABAB", [(3, 4, 1, 2), (5, 6, 1, 2)]),
]


@pytest.mark.parametrize(("letters", "expected"), [c[1:] for c in REPEATS],
                         ids=[c[0] for c in REPEATS])
def test_repeated_runs(letters: str, expected: list[tuple[int, int, int, int]]) -> None:
    text = "\n".join(f"Paragraphe {letter}." for letter in letters)
    assert split_paragraphs(text).repeats == tuple(Repeat(*r) for r in expected)


def test_paragraphs_are_non_empty_lines_kept_verbatim() -> None:
    text = "Un  deux.\r\n\r\n   \n\tTrois ; quatre.  \nCinq"
    assert split_paragraphs(text).texts == ("Un  deux.", "\tTrois ; quatre.  ", "Cinq")


# -- quote matching ---------------------------------------------------------------------------

SOURCE = ("Il a dit\u00a0: « Nos objectifs visent l’avenir » à Moscou.\n"
          "Le   second  paragraphe\u202fest là.\n"
          "Été précoce, café noir et S-400.")
NFD = unicodedata.normalize("NFD", "Été précoce")

FOUND = [
    # id, quote, paragraph, matched source text, normalisations reported
    ("exact", "Nos objectifs visent l’avenir", 1, "Nos objectifs visent l’avenir", ()),
    ("straight apostrophe", "visent l'avenir", 1, "visent l’avenir", ("apostrophes",)),
    ("straight double quotes, spaced", "\" Nos objectifs", 1, "« Nos objectifs",
     ("guillemets",)),
    ("plain space for nbsp", "Il a dit :", 1, "Il a dit\u00a0:", ("espaces",)),
    ("straight quote and plain space", 'dit : "', 1, "dit\u00a0: «", ("espaces", "guillemets")),
    ("whitespace runs", "Le second paragraphe est là.", 2, "Le   second  paragraphe\u202fest là.",
     ("espaces",)),
    ("line break in the quote", "second\nparagraphe", 2, "second  paragraphe", ("espaces",)),
    ("NFD", NFD, 3, "Été précoce", ("NFC",)),
    ("zero-width space in the quote", "café\u200b noir", 3, "café noir",
     ("caractères invisibles",)),
]


@pytest.mark.parametrize(("quote", "paragraph", "matched", "normalisations"),
                         [c[1:] for c in FOUND], ids=[c[0] for c in FOUND])
def test_quote_found(quote: str, paragraph: int, matched: str,
                     normalisations: tuple[str, ...]) -> None:
    paragraphs = split_paragraphs(SOURCE)
    match = find_quote(paragraphs, quote)
    assert match is not None
    assert match.paragraph == paragraph
    assert paragraphs.texts[paragraph - 1][match.start:match.end] == matched
    assert match.normalisations == normalisations


NOT_FOUND = [
    ("missing accent", "Ete precoce"),
    ("different case", "été précoce"),
    ("different word", "Nos objectifs visent l’horizon"),
    ("missing word", "Nos objectifs l’avenir"),
    ("added comma", "objectifs visent l’avenir, à"),
    ("different dash", "S\u2011400"),
    ("spans two paragraphs", "à Moscou. Le second"),
    ("empty quote", ""),
]


@pytest.mark.parametrize("quote", [c[1] for c in NOT_FOUND], ids=[c[0] for c in NOT_FOUND])
def test_real_differences_are_not_matched(quote: str) -> None:
    assert find_quote(split_paragraphs(SOURCE), quote) is None


def test_quote_in_a_repeated_paragraph_points_at_the_shown_one() -> None:
    paragraphs = split_paragraphs(ROSTEC.read_text(encoding="utf-8"))
    quote = "M. Tchemezov a refusé de donner davantage de détails"
    match = find_quote(paragraphs, quote)
    assert match is not None and match.paragraph == 3


def test_quote_normalisations_name_only_real_differences() -> None:
    """Only the spaces differ here, yet the note says 'apostrophes, espaces, guillemets'."""
    match = find_quote(split_paragraphs(SOURCE), "l’avenir »  à Moscou")
    assert match is not None
    assert match.normalisations == ("espaces",)


def test_straight_quotes_match_french_guillemets() -> None:
    match = find_quote(split_paragraphs(SOURCE), '"Nos objectifs visent l\'avenir"')
    assert match is not None
    assert match.paragraph == 1


def test_normalize_for_quotes_maps_back_to_the_original() -> None:
    original = "l’été\u00a0  «\u00a0x »"
    mapped, applied = normalize_for_quotes(original)
    # Spaces around quote marks are French typography, not part of the quotation.
    assert mapped.text == "l'été\"x\""
    assert applied == {"apostrophes", "espaces", "guillemets"}
    start = mapped.text.index("été")
    assert original[slice(*mapped.span(start, start + 3))] == "été"


def test_invisible_characters_of_the_text_are_ignored_and_kept_in_the_span() -> None:
    text = "Il a dit\u00a0: «\u00a0Nos objec\u00adtifs visent l\u2019a\u200bvenir\u00a0»."
    paragraphs = split_paragraphs(text)
    match = find_quote(paragraphs, "Nos objectifs visent l’avenir")
    assert match is not None
    # The highlighted span is the article's own text, invisible characters included.
    assert text[match.start:match.end] == "Nos objec\u00adtifs visent l\u2019a\u200bvenir"
    assert match.normalisations == ("caractères invisibles",)


def test_an_invisible_character_does_not_part_a_letter_from_its_accent() -> None:
    text = "Recep Tayyip Erdog\u00ad\u0306an a parlé."
    match = find_quote(split_paragraphs(text), "Tayyip Erdoğan a")
    assert match is not None
    assert text[match.start:match.end] == "Tayyip Erdog\u00ad\u0306an a"
    assert match.normalisations == ("NFC", "caractères invisibles")


QUOTE_TEXT = st.text(alphabet="abé’' «»\"\u00a0-.", min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(text=QUOTE_TEXT, data=st.data())
def test_invisible_characters_in_the_text_never_change_whether_a_quote_is_found(
        text: str, data: st.DataObject) -> None:
    assume(text.strip())  # a blank line is no paragraph, but a line of invisibles is one
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = data.draw(st.one_of(st.just(text[start:end]), QUOTE_TEXT))
    assume(any(c.isalpha() for c in quote))  # a quote of only spaces or quote marks is none
    places = data.draw(st.lists(st.tuples(st.integers(0, len(text)),
                                          st.sampled_from(INVISIBLES)), max_size=6))
    spoiled = text
    for at, char in sorted(places, reverse=True):
        spoiled = spoiled[:at] + char + spoiled[at:]
    plain = find_quote(split_paragraphs(text), quote)
    invisible = find_quote(split_paragraphs(spoiled), quote)
    assert (plain is None) == (invisible is None)
    # A quote found twice once normalised is an ambiguous-quote error, not a silent pick.
    unambiguous = len(quote_occurrences(split_paragraphs(spoiled), quote)) == 1
    if plain is not None and invisible is not None and unambiguous:
        # The span found is the same passage, its invisible characters inside it kept.
        found = split_paragraphs(spoiled).texts[invisible.paragraph - 1]
        shown = found[invisible.start:invisible.end]
        # (An exact match keeps the quote's outer spaces; a normalised one drops them.)
        assert "".join(c for c in shown if c not in INVISIBLES).strip() == (
            split_paragraphs(text).texts[plain.paragraph - 1][plain.start:plain.end].strip())


# -- folding ------------------------------------------------------------------------------

FOLDS = [
    ("Erdoğan", "erdogan"),
    (unicodedata.normalize("NFD", "Erdoğan"), "erdogan"),
    ("L’OTAN", "l'otan"),
    ("S\u2011400", "s-400"),
    ("S–400", "s-400"),
    ("Türkiye", "turkiye"),
    ("ÉTATS-UNIS", "etats-unis"),
    ("Tche\u00admezov", "tchemezov"),  # soft hyphen dropped
    ("Sergueï", "serguei"),
]


@pytest.mark.parametrize(("text", "folded"), FOLDS)
def test_fold(text: str, folded: str) -> None:
    assert fold(text).text == folded


@given(st.text(alphabet=st.sampled_from("aéE\u0301ğ’'‑- \u00adxS4"), max_size=30))
def test_fold_origin_points_into_the_original(text: str) -> None:
    mapped = fold(text)
    assert len(mapped.origin) == len(mapped.text)
    assert list(mapped.origin) == sorted(mapped.origin)
    assert all(0 <= i < len(text) for i in mapped.origin)


# -- mention finding --------------------------------------------------------------------------

NAMES = {
    "s-400": ["S-400 Triumph", "S-400"],
    "s-500": ["S-500 Prometheus", "S-500"],
    "otan": ["Organisation du traité de l’Atlantique nord", "OTAN"],
    "turquie": ["Turquie", "Ankara"],
    "erdogan": ["Recep Tayyip Erdoğan", "Erdoğan"],
    "poutine": ["Vladimir Poutine", "Poutine"],
    "systeme": ["système(s)"],
    "etat-major": ["état-major turc"],
    "saint-jean": ["Saint Jean d'Acre"],
}

MENTIONS = [
    # id, text, expected [(entity, text as written)]
    ("designator", "les S-400 arrivent", [("s-400", "S-400")]),
    ("no hyphen", "les S400 arrivent", [("s-400", "S400")]),
    ("space", "les S 400 arrivent", [("s-400", "S 400")]),
    ("non-breaking hyphen", "les S\u2011400 arrivent", [("s-400", "S\u2011400")]),
    ("en dash", "les S–400", [("s-400", "S–400")]),
    ("elision l'", "l'OTAN", [("otan", "OTAN")]),
    ("typographic elision", "l’OTAN", [("otan", "OTAN")]),
    ("elision d'", "d'Ankara", [("turquie", "Ankara")]),
    ("elision qu'", "qu'Erdogan", [("erdogan", "Erdogan")]),
    ("accent in the text", "qu’Erdoğan", [("erdogan", "Erdoğan")]),
    ("accent only in the alias", "Erdogan a dit", [("erdogan", "Erdogan")]),
    ("decomposed accent", unicodedata.normalize("NFD", "Erdoğan"),
     [("erdogan", unicodedata.normalize("NFD", "Erdoğan"))]),
    ("upper case", "ERDOGAN", [("erdogan", "ERDOGAN")]),
    ("punctuation around", "(Ankara).", [("turquie", "Ankara")]),
    ("plural via (s)", "les systèmes russes", [("systeme", "systèmes")]),
    ("singular via (s)", "le système russe", [("systeme", "système")]),
    ("longest match wins", "Recep Tayyip Erdogan arrive", [("erdogan", "Recep Tayyip Erdogan")]),
    ("longest designator wins", "le S-400 Triumph", [("s-400", "S-400 Triumph")]),
    ("two entities, same alias prefix", "S-400 et S-500", [("s-400", "S-400"),
                                                         ("s-500", "S-500")]),
    ("every occurrence", "Poutine et Vladimir Poutine",
     [("poutine", "Poutine"), ("poutine", "Vladimir Poutine")]),
    ("multi-word alias across a line break", "l'Organisation du traité\nde l'Atlantique nord",
     [("otan", "Organisation du traité\nde l'Atlantique nord")]),
    # The guide promises it: a hyphen and a space are the same in names and aliases.
    ("space for the alias's hyphen", "l'état major turc", [("etat-major", "état major turc")]),
    ("hyphen as in the alias", "l'état-major turc", [("etat-major", "état-major turc")]),
    ("hyphens for the alias's spaces", "à Saint-Jean-d'Acre", [("saint-jean",
                                                             "Saint-Jean-d'Acre")]),
    ("a hyphen for one space", "à Saint-Jean d'Acre", [("saint-jean",
                                                             "Saint-Jean d'Acre")]),
    ("dash with spaces", "l'état – major turc", [("etat-major", "état – major turc")]),
    ("not after a hyphen", "x-S-400", []),
    ("not a longer number", "S-4000", []),
    ("not a longer designator", "S-400M", []),
    ("not a suffixed designator", "S-400-M", []),
    ("not inside a word", "Ankaras", []),
    ("not at the end of a word", "aS-400", []),
    ("not after a digit", "2S-400", []),
    ("not a plural the alias does not allow", "Ankaras et OTANs", []),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in MENTIONS],
                         ids=[c[0] for c in MENTIONS])
def test_mentions(text: str, expected: list[tuple[str, str]]) -> None:
    found = MentionFinder(NAMES).find(text)
    assert [(m.entity, text[m.start:m.end]) for m in found] == expected


def test_mention_spans_skip_invisible_characters() -> None:
    text = "le président Erdo\u00adgan"
    [mention] = MentionFinder(NAMES).find(text)
    assert text[mention.start:mention.end] == "Erdo\u00adgan"


def test_no_names_finds_nothing() -> None:
    assert MentionFinder({}).find("S-400 à Ankara") == []
    assert MentionFinder({"x": ["  "]}).find("S-400 à Ankara") == []


def test_real_kremlin_article_mentions_erdogan_without_the_accent() -> None:
    finder = MentionFinder({"recep-tayyip-erdogan": ["Recep Tayyip Erdoğan", "Erdoğan"]})
    paragraphs = split_paragraphs(KREMLIN.read_text(encoding="utf-8"))
    found = [(n, p[m.start:m.end]) for n, p in paragraphs.shown() for m in finder.find(p)]
    assert (2, "Recep Tayyip Erdogan") in found
    assert {text for _, text in found} == {"Recep Tayyip Erdogan", "Erdogan"}


# -- the fast finder against a straightforward one --------------------------------------------
# The oracles below are the first, plain implementations: fold one character at a time,
# tokenise the whole text, work out every separator, try every position. The fast code
# must give exactly the same results.

_REF_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_REF_WORD_AFTER = re.compile(r"\w|-\w")


def reference_fold(text: str) -> tuple[str, tuple[int, ...]]:
    """``fold(text)`` as (text, origin), one character at a time."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        if char in APOSTROPHES:
            folded = "'"
        elif char in DASHES:
            folded = "-"
        elif char in INVISIBLES:
            folded = ""
        else:
            decomposed = unicodedata.normalize("NFD", char.lower())
            folded = "".join(c for c in decomposed if not unicodedata.combining(c))
        out.append(folded)
        origin.extend([index] * len(folded))
    return "".join(out), tuple(origin)


def _reference_separator(between: str, before: str, after: str) -> str:
    if not between.strip():
        kind = " " if between else ""
    elif between.strip() == "-":
        kind = " "
    elif between.strip() == "'":
        kind = "'"
    else:
        return " ".join(between.split())
    if before.isalpha() != after.isalpha() and kind in ("", " ", "-"):
        return "~"
    return kind


def _reference_words(folded: str) -> tuple[list[re.Match[str]], list[str]]:
    tokens = list(_REF_TOKEN.finditer(folded))
    separators = [_reference_separator(folded[a.end():b.start()], a.group(), b.group())
                  for a, b in zip(tokens, tokens[1:], strict=False)]
    return tokens, separators


def _reference_inside_word(folded: str, start: int) -> bool:
    before = folded[start - 1:start]
    if before == "-":
        before = folded[start - 2:start - 1]
    return bool(before) and (before.isalnum() or before == "_")


def reference_mentions(names: Mapping[str, Sequence[str]], text: str) -> list[tuple[str, int, int]]:
    """(entity, start, end) of every mention, trying every alias length at every word."""
    table: dict[tuple[str, ...], dict[tuple[str, ...], str]] = {}
    for entity in sorted(names):
        for name in names[entity]:
            forms = [name[:-3], name[:-3] + "s"] if name.endswith("(s)") else [name]
            for form in forms:
                tokens, separators = _reference_words(reference_fold(form)[0])
                if tokens:
                    words = tuple(t.group() for t in tokens)
                    table.setdefault(words, {}).setdefault(tuple(separators), entity)
    longest = max((len(words) for words in table), default=0)
    folded, origin = reference_fold(text)
    tokens, separators = _reference_words(folded)
    found: list[tuple[str, int, int]] = []
    i = 0
    while i < len(tokens):
        lengths = range(min(longest, len(tokens) - i), 0, -1)
        if _reference_inside_word(folded, tokens[i].start()):
            lengths = range(0)
        for length in lengths:
            words = tuple(t.group() for t in tokens[i:i + length])
            hit = table.get(words, {}).get(tuple(separators[i:i + length - 1]))
            end = tokens[i + length - 1].end()
            if hit and not _REF_WORD_AFTER.match(folded, end):
                found.append((hit, origin[tokens[i].start()], origin[end - 1] + 1))
                i += length
                break
        else:
            i += 1
    return found


ALIASES = [
    "S-400", "S-400 Triumph", "S-500", "S400", "Su-57", "F-35", "2S19", "K 300", "S", "400",
    "OTAN", "Ankara", "Turquie", "Erdoğan", "Recep Tayyip Erdoğan", "Poutine",
    "Vladimir Poutine", "système(s)", "Américain(s)", "l’Atlantique", "Etats Unis",
    "Organisation du traité de l’Atlantique nord", "États-Unis", "Le Monde", "le", "d'Alger",
    "Al-Qaïda", "M. Tchemezov", "Rostec", "x_y", "Œuvre", "  ",
]
WORDS = [
    "S", "s", "400", "4000", "500", "Triumph", "TRIUMPH", "OTAN", "otan", "OTANs", "Ankara",
    "ankaras", "Erdoğan", "Erdogan", "ERDOĞAN", "Erdo\u00adgan", "Erdo\u200bgan",
    unicodedata.normalize("NFD", "Erdoğan"), "Recep", "Tayyip", "Poutine", "Vladimir",
    "système", "systèmes", "SYSTEMES", "Américains", "Organisation", "du", "traité", "de",
    "Atlantique", "nord", "États", "Etats", "Unis", "Le", "Monde", "Su", "57", "F", "35",
    "2S19", "M", "Tchemezov", "x", "y", "Rostec", "Alger", "Al", "Qaïda", "K", "300", "œuvre",
]
GLUE = [
    " ", "  ", "\u00a0", "\n", "\t", "-", "\u2010", "\u2011", "–", "—", "\u2212", "'", "’",
    "ʼ", "`", "´", "‘", "l'", "d’", "qu'", "L’", ",", ", ", ".", ". ", "(", ")", "« ", " »",
    "_", "/", "x-", "2", "\u200b", "\u00ad", "\ufeff", "\u0301", "",
]
alias_tables = st.dictionaries(st.sampled_from(["a", "b", "c", "d", "e", "f"]),
                               st.lists(st.sampled_from(ALIASES), min_size=1, max_size=5),
                               max_size=6)


@st.composite
def names_and_text(draw: st.DrawFn) -> tuple[dict[str, list[str]], str]:
    """An alias table, and French-ish text made of its aliases, other words and glue."""
    names = draw(alias_tables)
    own = [alias for aliases in names.values() for alias in aliases] or ALIASES
    respelt = st.tuples(st.sampled_from(own), st.sampled_from(GLUE)).map(
        lambda alias_glue: re.sub(r"[-' ’]", alias_glue[1], alias_glue[0]))
    pieces = st.one_of(st.sampled_from(own), st.sampled_from(own).map(display_alias), respelt,
                       st.sampled_from(WORDS), st.sampled_from(GLUE), st.sampled_from(ALIASES))
    return names, "".join(draw(st.lists(pieces, max_size=40)))


@settings(max_examples=400)
@given(names_and_text())
def test_finder_agrees_with_the_reference(case: tuple[dict[str, list[str]], str]) -> None:
    names, text = case
    found = MentionFinder(names).find(text)
    assert [(m.entity, m.start, m.end) for m in found] == reference_mentions(names, text)


def test_reference_agrees_with_the_mention_table() -> None:
    """The oracle itself passes the hand-written cases."""
    for _, text, expected in MENTIONS:
        found = reference_mentions(NAMES, text)
        assert [(entity, text[start:end]) for entity, start, end in found] == expected


FOLD_CHARACTERS = st.one_of(
    st.sampled_from(list(
        "aA zZ€ß’'`´‑–—−\u00ad\u200b\u2060\ufeffİıΣσςǅﬁ²½٣_ÉéE\u0301\u0308\u0327ŒœÆ"
        "\u24ff\u2500가각\U00010400\U0001d400ʼ\u2032ğş"
    )),
    st.characters(),
)


@settings(max_examples=300)
@given(st.text(alphabet=FOLD_CHARACTERS, max_size=40))
def test_fold_agrees_with_folding_each_character(text: str) -> None:
    mapped = fold(text)
    assert (mapped.text, tuple(mapped.origin)) == reference_fold(text)


def test_fold_agrees_with_folding_each_character_on_the_whole_bmp() -> None:
    every = "".join(chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000)
    mapped = fold(every)
    assert (mapped.text, tuple(mapped.origin)) == reference_fold(every)


# -- sentences ----------------------------------------------------------------------------------

def test_sentence_around() -> None:
    text = "Première phrase. Le S-400 arrive… « Oui » dit-il ! Fin."
    start = text.index("S-400")
    assert text[slice(*sentence_around(text, start, start + 5))] == "Le S-400 arrive…"
    start = text.index("Fin")
    assert text[slice(*sentence_around(text, start, start + 3))] == "Fin."
    start = text.index("Oui")
    assert text[slice(*sentence_around(text, start, start + 3))] == "« Oui » dit-il !"


def test_sentence_does_not_split_after_an_initial() -> None:
    text = split_paragraphs(ROSTEC.read_text(encoding="utf-8")).texts[2]
    assert text.startswith("M. Tchemezov a refusé")
    start = text.index("Tchemezov")
    assert text[slice(*sentence_around(text, start, start + 9))] == text


_REF_SENTENCE_END = re.compile(
    r"(?<=[.!?…])(?<!\b[0-9A-ZÀ-ÖØ-Þ]\.)[\s\u00a0]+(?=[«\"A-ZÀ-ÖØ-Þ])"
)


def reference_sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """sentence_around by scanning every boundary from the start of the text."""
    sentence_start, sentence_end = 0, len(text)
    for boundary in _REF_SENTENCE_END.finditer(text):
        if boundary.end() <= start:
            sentence_start = boundary.end()
        elif boundary.start() >= end:
            sentence_end = boundary.start()
            break
    return sentence_start, sentence_end


SENTENCE_PIECES = [
    # Sentence ends, and what only looks like one (initials, numbered items, a lower case).
    ". Le", ".  Le", ".\u00a0É", "! «", "? \"", "… A", "M. T", "É. X", "1. P", "12. P", ". le",
    ".", "!", "?", "…", " ", "\u00a0", "\n", "«", "\"", "M", "É", "Le", "le", "a", "1", ", ",
]


@given(st.lists(st.sampled_from(SENTENCE_PIECES), max_size=20).map("".join))
def test_sentence_around_agrees_with_the_reference(text: str) -> None:
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            expected = reference_sentence_around(text, start, end)
            assert sentence_around(text, start, end) == expected, (start, end)
