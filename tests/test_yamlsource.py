"""yamlsource: strings-only YAML with positions; every unacceptable input is a located problem."""

from __future__ import annotations

import time

import pytest

from build_tools.yamlsource import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    LocDict,
    LocList,
    LocStr,
    Mark,
    YamlProblem,
    load_yaml,
)

# -- YAML 1.1 surprises: every scalar stays the string the editor typed -------------------

SURPRISES = [
    ("NO", "NO"),  # Norway, not False
    ("no", "no"),
    ("on", "on"),
    ("Yes", "Yes"),
    ("true", "true"),
    ("0755", "0755"),  # not 493
    ("0x1F", "0x1F"),
    ("12:30", "12:30"),  # not 750 (sexagesimal)
    ("12:30:00", "12:30:00"),
    ("1.10", "1.10"),  # not 1.1
    ("1e3", "1e3"),
    (".inf", ".inf"),
    ("2019-02-30", "2019-02-30"),  # an impossible date: no traceback, the validator decides
    ("2019-04-08", "2019-04-08"),
    ("'~'", "~"),  # a quoted tilde is text
    ("'null'", "null"),
    ("' padded '", " padded "),
]


@pytest.mark.parametrize(("written", "expected"), SURPRISES)
def test_scalars_stay_strings(written: str, expected: str) -> None:
    doc = load_yaml(f"value: {written}\n".encode())
    assert type(doc["value"]) is LocStr
    assert doc["value"] == expected


@pytest.mark.parametrize("written", ["", "~", "null", "Null", "NULL"])
def test_plain_null_words_are_none(written: str) -> None:
    # An empty value is "missing", which the validator reports as such.
    assert load_yaml(f"value: {written}\n".encode())["value"] is None


def test_marks_are_one_based_line_and_column() -> None:
    doc = load_yaml(b"name: Turquie\naliases:\n  - Ankara\n  - 'T\xc3\xbcrkiye'\n")
    assert isinstance(doc, LocDict)
    assert doc.mark == Mark(1, 1)
    assert doc.key_marks == {"name": Mark(1, 1), "aliases": Mark(2, 1)}
    assert doc["name"].mark == Mark(1, 7)
    aliases = doc["aliases"]
    assert isinstance(aliases, LocList)
    assert aliases.mark == Mark(3, 3)
    assert [a.mark for a in aliases] == [Mark(3, 5), Mark(4, 5)]
    assert aliases == ["Ankara", "Türkiye"]


def test_nested_mappings_and_folded_text() -> None:
    doc = load_yaml(b"sources:\n  - article: a\n    quote: >-\n      deux\n      lignes\n")
    item = doc["sources"][0]
    assert isinstance(item, LocDict)
    assert item == {"article": "a", "quote": "deux lignes"}
    assert item.key_marks["quote"] == Mark(3, 5)


def test_bom_and_crlf_are_accepted() -> None:
    doc = load_yaml("\ufeffa: 1\r\nb: 2\r\n".encode())
    assert doc == {"a": "1", "b": "2"}
    assert doc["b"].mark == Mark(2, 4)


# -- rejected input: exact position, code and message ----------------------------------------

REJECTED = [
    # id, source, line, col, code, message
    ("duplicate key", b"a: 1\nb: 2\na: 3\n", 3, 1, "duplicate-key",
     "duplicate key 'a' (first defined on line 1); keep one"),
    ("nested duplicate", b"s:\n  - x: 1\n    x: 2\n", 3, 5, "duplicate-key",
     "duplicate key 'x' (first defined on line 2); keep one"),
    ("anchor", b"a: &x 1\nb: 2\n", 1, 4, "yaml-alias",
     "YAML anchors (&x) are not allowed; write the value out in full"),
    ("alias", b"a: 1\nb: *x\n", 2, 4, "yaml-alias",
     "YAML aliases (*name) are not allowed; write the value out in full"),
    ("alias bomb", b"a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", 1, 4, "yaml-alias",
     "YAML anchors (&a) are not allowed; write the value out in full"),
    ("merge key", b"base: {x: 1}\nc:\n  <<: {b: 1}\n  d: 2\n", 3, 3, "yaml-alias",
     "YAML merge keys (<<) are not allowed; write the fields out in full"),
    ("standard tag", b"a: !!int 3\n", 1, 4, "yaml-tag",
     "YAML tags such as !!int are not allowed; remove it (every value is read as text)"),
    ("python tag", b"a: !!python/object/apply:os.system [ls]\n", 1, 4, "yaml-tag",
     "YAML tags such as !!python/object/apply:os.system are not allowed; remove it (every "
     "value is read as text)"),
    ("local tag", b"a: !secret x\n", 1, 4, "yaml-tag",
     "YAML tags such as !secret are not allowed; remove it (every value is read as text)"),
    ("tab indent", b"a:\n\tb: 1\n", 2, 1, "yaml-syntax",
     "YAML syntax error: a tab character cannot indent YAML; use spaces"),
    ("second document", b"a: 1\n---\nb: 2\n", 2, 1, "yaml-syntax",
     "a second YAML document ('---') is not allowed; a file holds one record"),
    ("unclosed bracket", b"a: [1, 2\nb: 3\n", 1, 4, "yaml-syntax",
     "YAML syntax error: the [ opened here is not closed by ] (or an item lacks a comma); "
     "problem found on line 2"),
    ("unclosed quote", b"a: 1\nb: \"abc\nc: 2\n", 2, 4, "yaml-syntax",
     "YAML syntax error: the \" opened here is never closed; add the closing \""),
    ("empty file", b"", 1, 1, "empty-file", "the file is empty; it must hold a YAML mapping"),
    ("only a comment", b"# rien\n", 1, 1, "empty-file",
     "the file is empty; it must hold a YAML mapping"),
    ("top-level list", b"- a\n- b\n", 1, 1, "yaml-not-mapping",
     "the top level is a list; it must be a mapping of 'field: value' lines"),
    ("top-level text", b"bonjour\n", 1, 1, "yaml-not-mapping",
     "the top level is a single value; it must be a mapping of 'field: value' lines"),
    ("complex key", b"? [a, b]\n: 1\n", 1, 3, "yaml-bad-key",
     "a field name must be a plain word, not a list"),
    ("latin-1", "name: Turquie\nrole: Président\n".encode("latin-1"), 2, 9, "not-utf8",
     "the file is not UTF-8 (byte 0xE9); save it as UTF-8"),
    ("bidi override", "a: x\nb: ab\u202ecd\n".encode(), 2, 6, "bad-character",
     "invisible bidirectional control character U+202E (RIGHT-TO-LEFT OVERRIDE); delete it"),
    ("bidi isolate", "a: \u2066x\n".encode(), 1, 4, "bad-character",
     "invisible bidirectional control character U+2066 (LEFT-TO-RIGHT ISOLATE); delete it"),
    ("control character", b"a: x\x07\n", 1, 5, "bad-character",
     "control character U+0007 is not allowed; delete it"),
    ("deep nesting", b"a: " + b"[" * 20 + b"]" * 20 + b"\n", 1, 3 + MAX_DEPTH, "yaml-too-deep",
     f"nesting deeper than {MAX_DEPTH} levels; the data files are never this deep"),
]


@pytest.mark.parametrize(("source", "line", "col", "code", "message"),
                         [case[1:] for case in REJECTED], ids=[case[0] for case in REJECTED])
def test_rejected_input(source: bytes, line: int, col: int, code: str, message: str) -> None:
    with pytest.raises(YamlProblem) as caught:
        load_yaml(source)
    problem = caught.value
    assert (problem.line, problem.col, problem.code, problem.message) == (
        line, col, code, message)


def test_file_too_large_is_refused_before_parsing() -> None:
    source = b"a: " + b"x" * MAX_FILE_BYTES + b"\n"
    with pytest.raises(YamlProblem) as caught:
        load_yaml(source)
    assert caught.value.code == "file-too-large"
    # Just over the limit, KB would round to the limit itself: the message gives bytes.
    assert caught.value.message == (
        f"the file is {len(source)} bytes; the limit is {MAX_FILE_BYTES} bytes; "
        "is it the right file?")


def test_absurd_nesting_is_bounded_in_time() -> None:
    # 100 000 open brackets would blow the recursion limit of a naive loader.
    started = time.perf_counter()
    with pytest.raises(YamlProblem) as caught:
        load_yaml(b"a: " + b"[" * 100_000 + b"\n")
    assert caught.value.code == "yaml-too-deep"
    assert time.perf_counter() - started < 2


def test_quoted_merge_key_is_an_ordinary_key() -> None:
    # Only the plain "<<" is YAML's merge key; a quoted one is just text (and the
    # validator will report it as an unknown field).
    assert load_yaml(b"'<<': x\n") == {"<<": "x"}
