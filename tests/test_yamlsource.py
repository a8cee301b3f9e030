"""yamlsource: strings-only YAML with positions; every unacceptable input is a located problem."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_tools import yamlsource
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

REPO = Path(__file__).resolve().parent.parent
needs_libyaml = pytest.mark.skipif(yamlsource.LIBYAML_PARSER is None,
                                   reason="PyYAML was built without libyaml")


@pytest.fixture(params=["libyaml", "pure-python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run a test with libyaml's fast path (when PyYAML has it), then without it."""
    if request.param == "pure-python":
        monkeypatch.setattr(yamlsource, "LIBYAML_PARSER", None)
    elif yamlsource.LIBYAML_PARSER is None:
        pytest.skip("PyYAML was built without libyaml")
    yield request.param

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
def test_scalars_stay_strings(parser: str, written: str, expected: str) -> None:
    doc = load_yaml(f"value: {written}\n".encode())
    assert type(doc["value"]) is LocStr
    assert doc["value"] == expected


@pytest.mark.parametrize("written", ["", "~", "null", "Null", "NULL"])
def test_plain_null_words_are_none(parser: str, written: str) -> None:
    # An empty value is "missing", which the validator reports as such.
    assert load_yaml(f"value: {written}\n".encode())["value"] is None


def test_marks_are_one_based_line_and_column(parser: str) -> None:
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


def test_nested_mappings_and_folded_text(parser: str) -> None:
    doc = load_yaml(b"sources:\n  - article: a\n    quote: >-\n      deux\n      lignes\n")
    item = doc["sources"][0]
    assert isinstance(item, LocDict)
    assert item == {"article": "a", "quote": "deux lignes"}
    assert item.key_marks["quote"] == Mark(3, 5)


def test_bom_and_crlf_are_accepted(parser: str) -> None:
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
def test_rejected_input(parser: str, source: bytes, line: int, col: int, code: str,
                        message: str) -> None:
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


def test_absurd_nesting_is_bounded_in_time(parser: str) -> None:
    # 100 000 open brackets would blow the recursion limit of a naive loader.
    with pytest.raises(YamlProblem) as caught:
        load_yaml(b"a: " + b"[" * 100_000 + b"\n")
    assert caught.value.code == "yaml-too-deep"


def test_quoted_merge_key_is_an_ordinary_key(parser: str) -> None:
    # Only the plain "<<" is YAML's merge key; a quoted one is just text (and the
    # validator will report it as an unknown field).
    assert load_yaml(b"'<<': x\n") == {"<<": "x"}


# -- libyaml's fast path gives exactly what the pure-Python loader gives ----------------------


def _snapshot(value: Any) -> Any:
    """Everything a caller can see of a loaded value: types, text, marks and key marks."""
    if isinstance(value, LocDict):
        return (type(value), value.mark, [(type(k), k, value.key_marks[k], _snapshot(v))
                                          for k, v in value.items()])
    if isinstance(value, LocList):
        return (type(value), value.mark, [_snapshot(v) for v in value])
    if isinstance(value, LocStr):
        return (type(value), str(value), value.mark)
    return (type(value), value)


def _outcome(raw: bytes) -> Any:
    """The loaded document or the problem, as plain comparable data."""
    try:
        return _snapshot(load_yaml(raw))
    except YamlProblem as exc:
        return (exc.line, exc.col, exc.code, exc.message)


def _pure_outcome(raw: bytes, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as patch:
        patch.setattr(yamlsource, "LIBYAML_PARSER", None)
        return _outcome(raw)


def _read_by_libyaml(raw: bytes) -> bool:
    """True if the fast path read ``raw`` itself, without falling back."""
    return yamlsource._load_with_libyaml(raw.decode("utf-8-sig")) is not None


DATA_FILES = sorted((REPO / "data").rglob("*.yaml"))
FIXTURE_FILES = sorted((REPO / "tests" / "fixtures").rglob("*.yaml"))


def test_there_are_files_to_compare() -> None:
    assert DATA_FILES and len(FIXTURE_FILES) > 10


@needs_libyaml
@pytest.mark.parametrize("path", DATA_FILES + FIXTURE_FILES,
                         ids=[p.relative_to(REPO).as_posix() for p in DATA_FILES + FIXTURE_FILES])
def test_both_paths_read_every_file_alike(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = path.read_bytes()
    assert _outcome(raw) == _pure_outcome(raw, monkeypatch)


@needs_libyaml
def test_the_fast_path_reads_the_real_data_itself() -> None:
    # Falling back is always correct but slow: real files (the frozen copy of the dossier;
    # an editor's file that needs the fallback is still valid) must not need it.
    frozen = sorted((REPO / "tests" / "fixtures" / "s400" / "data").rglob("*.yaml"))
    assert frozen
    assert [p.name for p in frozen if not _read_by_libyaml(p.read_bytes())] == []


TRICKY_BUT_VALID = [
    "name: Türkiye\nrole: Président\n",
    "a: 😀😀 x\nb: [é, 😀, 'ü', \"𝄞\"]\nc: {clé: 🇹🇷, ß: ﬁn}\n",
    "a: >-\n  ééé\n  😀 ligne\n\n  fin\nb: |\n   x😀\n    y\nc: d\n",
    "s:\n- x😀: 1\n  y: 'l''é'\n- \"\\u00e9\\U0001F600\"\n",
    "a: 1\r\nb:\r\n  - é\r\n  - 😀\r\n",
    "a: 1\rb: é\r",
    "\ufeffa: é\nb: 😀\n",
    "---\na: é\n...\n",
    "a:\nb: ~\nc: ''\nd: \"\"\ne: 'null'\n",
    "? clé\n: valeur\n",
    "a: [x, {b: c}, [d]]\n",
    "long: " + "é" * 3000 + "\n",
    "k" * 1000 + "é: x\n",
    "a: text # comment\n# full line\nb: 'x' # c\n",
    "a: \"multi\n  line é\"\nb: 'multi\n\n  😀'\nc: plain\n  😀 continued\n",
]


@needs_libyaml
@pytest.mark.parametrize("text", TRICKY_BUT_VALID)
def test_fast_path_matches_on_unusual_but_valid_text(
        text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = text.encode()
    assert _outcome(raw) == _pure_outcome(raw, monkeypatch)
    assert _read_by_libyaml(raw)


@needs_libyaml
def test_columns_count_characters_not_bytes() -> None:
    doc = load_yaml("a: 😀é x\nb: [é😀, 😀]\n".encode())
    assert _read_by_libyaml("a: 😀é x\nb: [é😀, 😀]\n".encode())
    assert doc["a"].mark == Mark(1, 4)
    assert [item.mark for item in doc["b"]] == [Mark(2, 5), Mark(2, 9)]


# Input libyaml accepts (or marks differently) where PyYAML does not; the fast path must
# leave each to PyYAML, whose answer is the reference.
DIVERGENT = [
    ("tab before a comment", 'a: "x" \t# c\n'),
    ("tab before a value", "a: \tx\n"),
    ("tab in a quoted value", 'a: "x\ty"\n'),
    ("BOM at a line start", "a: 1\n\ufeffb: 2\n"),
    ("comment glued to a block header", "note: >-# c\n  texte\n"),
    ("question mark in brackets", "aliases: [S-4? 00, Triumph]\n"),
    ("empty explicit key in brackets", "a: [? ]\n"),
]


@needs_libyaml
@pytest.mark.parametrize("text", [case[1] for case in DIVERGENT],
                         ids=[case[0] for case in DIVERGENT])
def test_divergent_input_is_left_to_pyyaml(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    raw = text.encode()
    assert not _read_by_libyaml(raw)
    assert _outcome(raw) == _pure_outcome(raw, monkeypatch)


# Problems found before any parser runs (encoding, forbidden characters) need no fallback.
PARSED_REJECTIONS = [case for case in REJECTED if case[4] not in {"not-utf8", "bad-character"}]


@needs_libyaml
@pytest.mark.parametrize("source", [case[1] for case in PARSED_REJECTIONS],
                         ids=[case[0] for case in PARSED_REJECTIONS])
def test_every_rejected_input_falls_back(source: bytes) -> None:
    # The fast path has no messages of its own: every problem it meets is PyYAML's to word.
    assert not _read_by_libyaml(source)


@needs_libyaml
def test_a_crash_in_the_fast_path_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(text: str) -> None:
        raise RuntimeError("libyaml went wrong")

    monkeypatch.setattr(yamlsource, "LIBYAML_PARSER", broken)
    doc = load_yaml(b"a: b\n")
    assert doc == {"a": "b"} and doc["a"].mark == Mark(1, 4)


YAMLISH_PIECES = ["a", "é", "😀", " ", "  ", "\n", "\n  ", "\n- ", ": ", ":", "- ", "-", "? ",
                  "?", "[", "]", "{", "}", ", ", ",", "#", " # c", "'", '"', "\\", "|", ">-",
                  "|2", "&x ", "*x", "!!str ", "---\n", "...\n", "%YAML 1.1\n", "~", "<<: ",
                  "\t", "\r\n", "\ufeff", "'q'", '"dq"', "x: y\n"]


@needs_libyaml
@settings(max_examples=400, deadline=None, derandomize=True)
@given(pieces=st.lists(st.sampled_from(YAMLISH_PIECES), max_size=16), keyed=st.booleans())
def test_both_paths_agree_on_random_yaml(pieces: list[str], keyed: bool) -> None:
    raw = (("a: " if keyed else "") + "".join(pieces)).encode()
    fast = _outcome(raw)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlsource, "LIBYAML_PARSER", None)
        assert fast == _outcome(raw)
