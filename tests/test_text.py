"""text: paragraphs, repeated runs, quote matching, folding and mention finding."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_tools.text import (
    MentionFinder,
    Repeat,
    find_quote,
    fold,
    normalize_for_quotes,
    sentence_around,
    split_paragraphs,
)
from tests.conftest import REAL_DATA

ROSTEC = REAL_DATA / "articles" / "rostec-contrat-s400-2017.txt"
KREMLIN = REAL_DATA / "articles" / "poutine-erdogan-kremlin-2019.txt"

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
    ("zero-width space is a real difference", "café\u200b noir"),
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
