"""Messages that show the fix: quotes not found, invisible characters, quotes inside values.

Each mistake is laid over the small valid dossier of tests/fixtures/errors/base and
checked by the exact output of ``check``; the diagnosis itself (build_tools.quotediff)
also has property tests.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools import yamlsource
from build_tools.editor_guide import (
    EXAMPLE_BLOCK,
    EXAMPLE_NOT_FOUND,
    EXAMPLE_SINGLE_QUOTED,
    QUOTE_WITH_QUOTES,
)
from build_tools.quotediff import (
    CLOSE,
    MAX_COMPARED,
    OPEN,
    char_name,
    closest,
    marked_passage,
    not_found_message,
    widened,
)
from build_tools.readers import MAX_INVISIBLE_NOTES
from build_tools.text import INVISIBLES, normalize_for_quotes
from build_tools.yamlsource import YamlProblem, load_yaml
from tests.test_errors import base_root, check_output

ARTICLE = "data/articles/accord-s-400.txt"
EVENT = "data/events/signature-accord-s-400.yaml"
TEXT = (
    "Ankara, 12 septembre 2017. La Turquie a signé un accord pour l’achat de systèmes "
    "S-400, a annoncé Recep Tayyip Erdoğan.\n"
    "Selon lui… la Turquie a déjà versé un acompte à la Russie. Le président a déclaré : "
    "« nous paierons le reste ».\n"
    "Les alliés de la Turquie au sein de l’OTAN ont exprimé leur inquiétude.\n"
)
# The base dossier's event, its quote (line 13) left to each case.
EVENT_HEAD = """\
# yaml-language-server: $schema=../../schemas/event.schema.json
title: La Turquie signe un accord pour l’achat de S-400
date: "2017-09-12"
date_basis: Date de l’annonce dans l’article.
summary: La Turquie signe un accord avec la Russie pour l’achat de S-400.
actors:
  - recep-tayyip-erdogan
  - turquie
weapons:
  - s-400
sources:
  - article: accord-s-400
"""
FAILED = "1 error, 0 warnings — nothing was written."
INVISIBLE_NOTE = (f"{ARTICLE}:1:{{}}: note: invisible {{}} in the article text, kept as "
                  "received: do not remove it (readers do not see it); quotes match with or "
                  "without it [invisible-character]")
CLEAN = "0 errors, 0 warnings — N pages would be generated."


def check_case(tmp: Path, quote: str, text: str = TEXT) -> list[str]:
    """The lines ``check`` prints when the event's source is ``quote`` (YAML, from the
    ``quote:`` key on, indented as in the file) and the article's text is ``text``."""
    root = base_root(tmp)
    (root / EVENT).write_text(EVENT_HEAD + "    quote: " + quote + "\n", encoding="utf-8")
    (root / ARTICLE).write_text(text, encoding="utf-8")
    return check_output(root)[1].splitlines()


def not_found(at: str, passage: str, explanation: str) -> str:
    return (f"{EVENT}:{at}: error: quote not found in {ARTICLE}; closest, in paragraph "
            f"{passage}; {explanation} [quote-not-found]")


# -- quote not found: the first difference, marked and named ----------------------------------

CASES = {
    "ellipsis": (
        '"Selon lui... la Turquie"', TEXT,
        [EXAMPLE_NOT_FOUND, FAILED]),
    "breve": (
        '"a annoncé Recep Tayyip Erdogan"', TEXT,
        [not_found("13:12", '1: "…a annoncé Recep Tayyip Erdo⟦ğ⟧an.…"',
                   "you typed 'g' (LATIN SMALL LETTER G) where the text has 'ğ' (U+011F "
                   "LATIN SMALL LETTER G WITH BREVE)"), FAILED]),
    "space-before-colon-missing": (
        '"Le président a déclaré: « nous paierons"', TEXT,
        [not_found("13:12", '2: "…Le président a déclaré⟦ :⟧ « nous paierons…"',
                   "you typed ':' (COLON) where the text has ' :' (SPACE, COLON)"), FAILED]),
    "space-before-colon-extra": (
        '"Le président a déclaré : « nous paierons"', TEXT.replace("déclaré :", "déclaré:"),
        [not_found("13:12", '2: "…Le président a déclaré⟦:⟧ « nous paierons…"',
                   "you typed ' :' (SPACE, COLON) where the text has ':' (COLON)"), FAILED]),
    "non-breaking-hyphen": (
        '"l’achat de systèmes S-400"', TEXT.replace("S-400", "S\u2011400"),
        [not_found("13:12", '1: "…l’achat de systèmes S⟦\u2011⟧400,…"',
                   "you typed '-' (HYPHEN-MINUS) where the text has '\u2011' (U+2011 "
                   "NON-BREAKING HYPHEN)"), FAILED]),
    "letter": (
        '"La Turquie a signé un accord pour l’achat de systèmes S-500"', TEXT,
        [not_found("13:12", '1: "…La Turquie a signé un accord pour l’achat de systèmes '
                            'S-⟦4⟧00,…"', "you typed '5' where the text has '4'"), FAILED]),
    "word": (
        '"La Turquie a conclu un accord"', TEXT,
        [not_found("13:12", '1: "…La Turquie a ⟦signé⟧ un accord…"',
                   "you typed 'conclu' where the text has 'signé'"), FAILED]),
    "invisible-in-text-and-a-real-difference": (
        '"a annoncé Recep Tayyip Erdogan"', TEXT.replace("Erdoğan", "Erdo\u00adğan"),
        [INVISIBLE_NOTE.format(116, "U+00AD SOFT HYPHEN"),
         not_found("13:12", '1: "…a annoncé Recep Tayyip Erdo\u00ad⟦ğ⟧an.…"',
                   "you typed 'g' (LATIN SMALL LETTER G) where the text has 'ğ' (U+011F "
                   "LATIN SMALL LETTER G WITH BREVE)"), FAILED]),
    "invisible-in-quote-and-a-real-difference": (
        '"l’achat de systèmes \u200bS-500"', TEXT,
        [not_found("13:12", '1: "…l’achat de systèmes S-⟦4⟧00,…"',
                   "you typed '5' where the text has '4'"), FAILED]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_quote_not_found_shows_the_first_difference(tmp_path: Path, case: str) -> None:
    quote, text, expected = CASES[case]
    assert check_case(tmp_path, quote, text) == expected


def test_the_guide_example_is_real(tmp_path: Path) -> None:
    assert EXAMPLE_NOT_FOUND in check_case(tmp_path, '"Selon lui... la Turquie"')


# -- invisible characters: ignored by matching, on either side ------------------------------------

FOUND_IGNORING = (f"{EVENT}:13:12: note: quote found after normalising invisible characters"
                  "{} [quote-normalised]")
INVISIBLE_CASES = {
    "in-text-copied-with-the-passage": (
        '"Recep Tayyip Erdo\u00adğan"', TEXT.replace("Erdoğan", "Erdo\u00adğan"),
        [INVISIBLE_NOTE.format(116, "U+00AD SOFT HYPHEN"), CLEAN]),
    "in-text-not-typed": (
        '"a annoncé Recep Tayyip Erdoğan"', TEXT.replace("Erdoğan", "Erdo\u00adğan"),
        [INVISIBLE_NOTE.format(116, "U+00AD SOFT HYPHEN"), FOUND_IGNORING.format(""), CLEAN]),
    "in-text-between-a-letter-and-its-accent": (
        '"Recep Tayyip Erdoğan"', TEXT.replace("Erdoğan", "Erdog\u2060\u0306an"),
        [INVISIBLE_NOTE.format(117, "U+2060 WORD JOINER"),
         f"{EVENT}:13:12: note: quote found after normalising Unicode composition (NFC/NFD), "
         "invisible characters [quote-normalised]", CLEAN]),
    "in-quote": (
        '"l’achat de systèmes \u200bS-400"', TEXT,
        [FOUND_IGNORING.format("; the quote has an invisible U+200B ZERO WIDTH SPACE at line "
                               "13, column 33, which is ignored (you may delete it)"), CLEAN]),
    "in-quote-escaped": (
        '"l’achat de systèmes \\u200bS-400"', TEXT,
        [FOUND_IGNORING.format("; the quote has an invisible U+200B ZERO WIDTH SPACE (its "
                               "character 21), which is ignored (you may delete it)"), CLEAN]),
    "in-block-quote": (
        ">-\n      l’achat de\n      systèmes\u2060 S-400", TEXT,
        [FOUND_IGNORING.format("; the quote has an invisible U+2060 WORD JOINER at line 15, "
                               "column 15, which is ignored (you may delete it)"), CLEAN]),
    "in-both-at-different-places": (
        '"Recep\ufeff Tayyip Erdoğan"', TEXT.replace("Erdoğan", "Erdo\u00adğan"),
        [INVISIBLE_NOTE.format(116, "U+00AD SOFT HYPHEN"),
         FOUND_IGNORING.format("; the quote has an invisible U+FEFF ZERO WIDTH NO-BREAK SPACE "
                               "at line 13, column 18, which is ignored (you may delete it)"),
         CLEAN]),
}


@pytest.mark.parametrize("case", sorted(INVISIBLE_CASES))
def test_invisible_characters_are_ignored_and_named(tmp_path: Path, case: str) -> None:
    quote, text, expected = INVISIBLE_CASES[case]
    assert check_case(tmp_path, quote, text) == expected


def test_invisible_notes_are_capped_per_article(tmp_path: Path) -> None:
    count = MAX_INVISIBLE_NOTES + 2
    text = TEXT.replace("inquiétude", "inquié" + "\u200b" * count + "tude")
    lines = check_case(tmp_path, '"a annoncé Recep Tayyip Erdoğan"', text)
    notes = [line for line in lines if line.endswith("[invisible-character]")]
    assert len(notes) == MAX_INVISIBLE_NOTES
    assert notes[0].startswith(f"{ARTICLE}:3:67: note: invisible U+200B ZERO WIDTH SPACE ")
    assert notes[-1].startswith(f"{ARTICLE}:3:{67 + MAX_INVISIBLE_NOTES - 1}: note: ")
    assert notes[-1].endswith("quotes match with or without it; 2 more in this file "
                              "[invisible-character]")
    assert lines[-1] == CLEAN


def test_a_long_quote_missing_from_a_huge_article_is_explained_in_bounded_time(
        tmp_path: Path) -> None:
    rng = random.Random(9)
    words = ["la", "de", "système", "défense", "russe", "turquie", "accord", "livraison"]
    text = " ".join(rng.choice(words) for _ in range(70_000))  # ~500 KB, one paragraph
    quote = " ".join(rng.choice(words) for _ in range(1_000)) + " S-500"
    lines = check_case(tmp_path, f'"{quote}"', text + "\n" + TEXT)
    assert lines[-1] == FAILED
    assert lines[0].endswith("[quote-not-found]")
    assert f"its first {MAX_COMPARED} characters match" in lines[0] or "you typed" in lines[0]


# -- straight quotes inside a quoted YAML value ---------------------------------------------------

DOUBLE = ("YAML syntax error: this value contains \", which ends a \"double-quoted\" value; "
          "write the value between single quotes ('…{}…', where an apostrophe ' is written "
          "'') or after >- on the next lines, indented")
SINGLE = ("YAML syntax error: this value contains ', which ends a 'single-quoted' value; write "
          "it twice ('…{}…'), or write the value between double quotes or after >- on the "
          "next lines, indented")


def test_straight_quotes_in_a_quoted_quote(tmp_path: Path) -> None:
    lines = check_case(tmp_path, '"les systèmes anti-missiles "S-400" à Ankara"')
    message = DOUBLE.format('"S-400"')
    assert lines == [f"{EVENT}:13:40: error: {message} [yaml-syntax]", FAILED]


YAML_CASES = [
    ('quote: "anti-missiles "S-400" à Ankara"\n', 1, 23, DOUBLE.format('"S-400"')),
    ('quote: "systèmes "S-400""\n', 1, 18, DOUBLE.format('"S-400"')),
    ('quote: "les "S-400"', 1, 13, DOUBLE.format('"S-400"')),  # no line end
    ('quote: "les systèmes\n  "S-400" russes"\n', 2, 3, DOUBLE.format('"S-400"')),
    ('aliases: ["les "S-400" x"]\n', 1, 16, DOUBLE.format('"S-400"')),
    ('sources:\n  - quote: "les "S-400" russes"\n', 2, 17, DOUBLE.format('"S-400"')),
    ("quote: 'l'armée turque'\n", 1, 10, SINGLE.format("l''armée")),
    ("quote: 'les alliés de l'OTAN'\n", 1, 24, SINGLE.format("l''OTAN")),
]


@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "pure-python"])
@pytest.mark.parametrize(("source", "line", "col", "message"), YAML_CASES)
def test_quote_inside_a_value_is_named(source: str, line: int, col: int, message: str,
                                       pure: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    if pure:
        monkeypatch.setattr(yamlsource, "LIBYAML_PARSER", None)
    with pytest.raises(YamlProblem) as caught:
        load_yaml(source.encode())
    assert (caught.value.line, caught.value.col, caught.value.message, caught.value.code) == (
        line, col, message, "yaml-syntax")


@pytest.mark.parametrize("source", [
    'name: "Turquie" kind: state\n',  # two fields on one line: no quote inside the value
    "name: 'Turquie' kind: state\n",
    'quote: "les "S-400\n',  # the quote that would close the value is missing
])
def test_text_after_a_closing_quote_without_another_quote_is_not_named(source: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        load_yaml(source.encode())
    assert caught.value.message == (
        "YAML syntax error: this line does not line up with the fields above it (or text "
        "follows a closing quote); check the indentation")


def test_the_guide_shows_two_ways_that_give_the_same_quote() -> None:
    for example in (EXAMPLE_SINGLE_QUOTED, EXAMPLE_BLOCK):
        assert load_yaml(example.encode())["sources"][0]["quote"] == QUOTE_WITH_QUOTES
        assert yaml.safe_load(example)["sources"][0]["quote"] == QUOTE_WITH_QUOTES


def test_a_quote_with_straight_quotes_written_the_guide_s_way_is_found(
        tmp_path: Path) -> None:
    text = TEXT.replace("systèmes S-400", 'systèmes "S-400"')
    for quote in ("'l’achat de systèmes \"S-400\"'", '>-\n      l’achat de systèmes "S-400"'):
        assert check_case(tmp_path / str(len(quote)), quote, text) == [CLEAN]


# -- where invisible characters are written in YAML ---------------------------------------------

STYLES = [('"', '"'), ("'", "'"), ("", ""), (">-\n  ", ""), ("|-\n  ", "")]


@settings(max_examples=150, deadline=None)
@given(words=st.lists(st.text(alphabet="abcé’ " + INVISIBLES, min_size=1, max_size=8),
                      min_size=1, max_size=4),
       style=st.sampled_from(STYLES), pure=st.booleans())
def test_invisible_characters_are_placed_in_the_file(
        words: list[str], style: tuple[str, str], pure: bool) -> None:
    body = "x" + "x".join(words) + "x"  # no leading or trailing space to lose
    opener, closer = style
    if opener.startswith(("|", ">")):
        body = body.replace(" ", "\n  ", 1)  # a block over two lines
    source = f"k: {opener}{body}{closer}\n"
    saved = yamlsource.LIBYAML_PARSER
    if pure:
        yamlsource.LIBYAML_PARSER = None
    try:
        value = load_yaml(source.encode("utf-8"))["k"]
    finally:
        yamlsource.LIBYAML_PARSER = saved
    lines = source.split("\n")
    marks = getattr(value, "invisibles", {})
    assert sorted(marks) == [i for i, c in enumerate(value) if c in INVISIBLES]
    for index, mark in marks.items():
        assert lines[mark.line - 1][mark.col - 1] == value[index]


# -- the diagnosis, as properties ------------------------------------------------------------

TEXTISH = st.text(alphabet="aàbcdeéğ S-4.…:;«»’'\"\u00a0\u202f\u00ad", min_size=1, max_size=120)


@settings(max_examples=300, deadline=None)
@given(region=TEXTISH, data=st.data())
def test_the_marked_passage_is_the_article_s_text(region: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(region) - 1))
    end = data.draw(st.integers(start + 1, len(region)))
    quote = data.draw(st.one_of(
        st.just(region[start:end]),
        TEXTISH,
        st.builds(lambda a, b: region[start:end][:a] + b + region[start:end][a:],
                  st.integers(0, end - start), TEXTISH.map(lambda s: s[:3]))))
    stripped = quote.strip()
    found = closest(stripped, region)
    diff = found.difference and widened(stripped, region, found.difference)
    shown = marked_passage(region, found, diff)
    assert shown.replace(OPEN, "").replace(CLOSE, "") in region
    wanted = normalize_for_quotes(stripped)[0].text
    if wanted in normalize_for_quotes(region)[0].text:
        assert diff is None
    if diff is None:
        assert OPEN not in shown
        return
    assert shown.count(OPEN) == shown.count(CLOSE) == 1
    assert shown[shown.index(OPEN) + 1:shown.index(CLOSE)] == region[diff.t_start:diff.t_end]
    assert 0 <= diff.q_start <= diff.q_end <= len(stripped)
    message = not_found_message(quote, region, 1, "a.txt")
    assert "\n" not in message
    start_of_message = 'quote not found in a.txt; closest, in paragraph 1: "…'
    assert not region.strip() or message.startswith(start_of_message)


@settings(max_examples=200, deadline=None)
@given(region=st.text(alphabet="abcdefgh ", min_size=20, max_size=200), data=st.data())
def test_one_changed_character_is_the_first_difference(region: str,
                                                       data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(region) - 10))
    end = data.draw(st.integers(start + 10, len(region)))
    at = data.draw(st.integers(start, end - 1))
    new = data.draw(st.sampled_from("xyz"))
    quote = (region[:at] + new + region[at + 1:])[start:end]
    found = closest(quote, region)
    assert found.difference is not None  # x, y and z are not in the region
    assert found.difference.q_start <= at - start


@pytest.mark.parametrize(("char", "name"), [
    (".", "FULL STOP"), ("…", "U+2026 HORIZONTAL ELLIPSIS"), ("\u00ad", "U+00AD SOFT HYPHEN"),
    ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"), ("\U000e0001", "U+E0001 LANGUAGE TAG"),
    ("\U0010fffd", "U+10FFFD"),
])
def test_characters_are_named(char: str, name: str) -> None:
    assert char_name(char) == name


def test_runs_of_a_character_are_counted() -> None:
    message = not_found_message("a dit.... Puis", "Il a dit… Puis il part.", 4, "a.txt")
    assert re.search(r"you typed '\.\.\.\.' \(four FULL STOPs\) where the text has '…' "
                     r"\(U\+2026 HORIZONTAL ELLIPSIS\)$", message), message
