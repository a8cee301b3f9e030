"""Load editor YAML safely, keeping the file/line/column of every value.

Everything is loaded as strings, lists and mappings: no YAML 1.1 type guessing
(``NO`` stays ``"NO"``, ``0755`` stays ``"0755"``, dates stay strings), so the
validator decides what each field means. Anchors, aliases, merge keys, explicit
tags, duplicate keys, complex keys and absurd nesting are rejected because they
either hide data or enable alias bombs.

Two parsers, one behaviour: libyaml's C parser (when PyYAML was built with it) reads
well-formed files about ten times faster than PyYAML's pure-Python one, but the two
disagree on a few corner cases and word their errors differently. So the C parser is only
a fast path: a file holding anything unusual (any error, anything we reject, a construct
on which the two parsers are known to differ) is read again by the pure-Python loader,
whose values, positions and messages are the reference.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from build_tools.text import INVISIBLES

try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: every file takes the pure-Python path
    CParser = None  # type: ignore[assignment,misc]

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 16
# Characters that reorder or hide text (Trojan-source style); never legitimate in our data.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
# libyaml's parser class, or None to read every file with the pure-Python loader.
LIBYAML_PARSER: type[CParser] | None = CParser if yaml.__with_libyaml__ else None


@dataclass(frozen=True, slots=True)
class Mark:
    """A 1-based position in a source file."""

    line: int
    col: int


class LocStr(str):
    """A string that remembers where it was written.

    A string holding invisible characters (:data:`~build_tools.text.INVISIBLES`) also has
    ``invisibles``: where each is written in the file, by index in the string, when the
    file writes them as they are (not as escapes); read it with ``getattr(s,
    "invisibles", {})``, as other strings do not have it.
    """

    mark: Mark
    invisibles: dict[int, Mark]


class LocList(list[Any]):
    """A YAML sequence with the position of the sequence itself."""

    mark: Mark


class LocDict(dict[str, Any]):
    """A YAML mapping; ``key_marks`` gives the position of each key."""

    mark: Mark
    key_marks: dict[str, Mark]


class YamlProblem(Exception):
    """Bad YAML, located; converted to a :class:`~build_tools.problems.Problem` by the reader."""

    def __init__(self, line: int, col: int, message: str, code: str) -> None:
        super().__init__(message)
        self.line, self.col, self.message, self.code = line, col, message, code


def _mark(node: Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


class _GuardedLoader(yaml.SafeLoader):
    """A SafeLoader that refuses aliases, anchors and deep nesting while composing."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event: Any = self.peek_event()  # type: ignore[no-untyped-call]
        m = event.start_mark
        if isinstance(event, AliasEvent):
            raise YamlProblem(
                m.line + 1, m.column + 1,
                "YAML aliases (*name) are not allowed; write the value out in full",
                "yaml-alias",
            )
        if getattr(event, "anchor", None) is not None:
            raise YamlProblem(
                m.line + 1, m.column + 1,
                f"YAML anchors (&{event.anchor}) are not allowed; write the value out in full",
                "yaml-alias",
            )
        if getattr(event, "tag", None) is not None:
            written = m.buffer[m.pointer :].split(maxsplit=1)[0] if m.buffer else event.tag
            raise YamlProblem(
                m.line + 1, m.column + 1,
                f"YAML tags such as {written} are not allowed; remove it (every value is "
                "read as text)",
                "yaml-tag",
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            raise YamlProblem(
                m.line + 1, m.column + 1,
                f"nesting deeper than {MAX_DEPTH} levels; the data files are never this deep",
                "yaml-too-deep",
            )
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


# Characters that are never legitimate in the data: C0/C1 controls (tab, LF, CR aside),
# bidi controls (Trojan-source reordering) and Unicode noncharacters (PyYAML refuses them).
_BAD_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
    "\ufdd0-\ufdef\ufffe\uffff]"
)
# PyYAML counts these as line breaks, which would shift every line number after them.
_LINE_SEPARATORS = re.compile("[\u2028\u2029]")
_INVISIBLE = re.compile(f"[{INVISIBLES}]")


def position(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``."""
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def check_characters(text: str, *, line_separators: bool = False) -> YamlProblem | None:
    """Return a problem for the first forbidden character in ``text``, if any.

    ``line_separators`` also forbids U+2028/U+2029 (needed for YAML, not for article text).
    """
    found = [m for m in (_BAD_CHARACTERS.search(text),
                         _LINE_SEPARATORS.search(text) if line_separators else None) if m]
    if not found:
        return None
    index = min(m.start() for m in found)
    char = text[index]
    line, col = position(text, index)
    name = unicodedata.name(char, "")
    if char in BIDI_CONTROLS:
        what = f"invisible bidirectional control character U+{ord(char):04X} ({name}); delete it"
    elif char in "\u2028\u2029":
        what = (f"invisible {name.lower()} U+{ord(char):04X}; replace it with a space "
                "or a new line")
    elif unicodedata.category(char) == "Cc":
        what = f"control character U+{ord(char):04X} is not allowed; delete it"
    else:
        what = f"U+{ord(char):04X} is not a valid character (a Unicode noncharacter); delete it"
    return YamlProblem(line, col, what, "bad-character")


def decode_utf8(raw: bytes) -> str:
    """Decode ``raw`` as UTF-8 (a BOM is tolerated), raising a located problem otherwise."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise YamlProblem(
            line, col,
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02X}); save it as UTF-8",
            "not-utf8",
        ) from None
    return text


def load_yaml(raw: bytes) -> LocDict:
    """Parse one YAML document whose top level must be a mapping.

    Raises :class:`YamlProblem` for every kind of unacceptable input.
    """
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(1, 1, too_large_message(len(raw), MAX_FILE_BYTES), "file-too-large")
    text = decode_utf8(raw)
    bad = check_characters(text, line_separators=True)
    if bad:
        raise bad
    fast = _load_with_libyaml(text)
    return fast if fast is not None else _load_with_pyyaml(text)


def _load_with_pyyaml(text: str) -> LocDict:
    """The reference loader: PyYAML's pure-Python parser, with every check and message."""
    loader = _GuardedLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc, text) from None
    except yaml.YAMLError as exc:  # e.g. a ReaderError: not located by PyYAML
        raise YamlProblem(1, 1, f"YAML syntax error: {exc}", "yaml-syntax") from None
    finally:
        loader.dispose()
    if root is None:
        raise YamlProblem(1, 1, "the file is empty; it must hold a YAML mapping", "empty-file")
    if not isinstance(root, MappingNode):
        m = _mark(root)
        raise YamlProblem(
            m.line, m.col,
            f"the top level is {_NODE_WORD[type(root)]}; it must be a mapping of "
            "'field: value' lines",
            "yaml-not-mapping",
        )
    value = _convert(root)
    assert isinstance(value, LocDict)
    return value


def too_large_message(size: int, limit: int) -> str:
    """The message for a file over the size limit, in units an editor reads at a glance."""
    shown, allowed = _human_size(size), _human_size(limit)
    if shown == allowed:  # just over the limit: rounding would hide the difference
        shown, allowed = f"{size} bytes", f"{limit} bytes"
    return f"the file is {shown}; the limit is {allowed}; is it the right file?"


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{size / 1024:.0f} KB"


_NODE_WORD = {ScalarNode: "a single value", SequenceNode: "a list", MappingNode: "a mapping"}


@dataclass(frozen=True)
class _ParseFailure:
    """What PyYAML says about a syntax error, with its two places as 1-based line, column."""

    problem: str
    context: str
    at: yaml.Mark | None  # where the parser gave up
    opened: yaml.Mark | None  # where the construct it was reading began
    text: str

    @property
    def here(self) -> tuple[int, int]:
        """The line and column where the parser gave up."""
        return (self.at.line + 1, self.at.column + 1) if self.at else (1, 1)

    @property
    def start(self) -> tuple[int, int]:
        """The line and column where the unfinished construct began."""
        return (self.opened.line + 1, self.opened.column + 1) if self.opened else (1, 1)

    def char_at_start(self, default: str) -> str:
        """The character that opened the construct (a quote, a bracket), else ``default``."""
        assert self.opened is not None
        return self.text[self.opened.index] if self.opened.index < len(self.text) else default


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    """Turn PyYAML's parser jargon into a located sentence an editor can act on."""
    at = exc.problem_mark or exc.context_mark
    failure = _ParseFailure(exc.problem or "invalid YAML", exc.context or "", at,
                            exc.context_mark or at, text)
    for explain in _SYNTAX_EXPLANATIONS:
        found = explain(failure)
        if found is not None:
            return found
    detail = f" ({failure.context})" if failure.context else ""
    return YamlProblem(*failure.here, f"YAML syntax error: {failure.problem}{detail}",
                       "yaml-syntax")


def _second_document(failure: _ParseFailure) -> YamlProblem | None:
    """A second ``---`` document in the file."""
    if "expected a single document" not in failure.context:
        return None
    return YamlProblem(*failure.here, "a second YAML document ('---') is not allowed; "
                       "a file holds one record", "yaml-syntax")


def _quote_inside_value(failure: _ParseFailure) -> YamlProblem | None:
    """A value holding its own quote character: see :func:`_quote_in_value`."""
    return _quote_in_value(failure.problem, failure.at, failure.text)


def _tab_indent(failure: _ParseFailure) -> YamlProblem | None:
    """A tab used to indent."""
    if "'\\t'" not in failure.problem and "tab" not in failure.problem:
        return None
    return YamlProblem(*failure.here, "YAML syntax error: a tab character cannot indent "
                       "YAML; use spaces", "yaml-syntax")


def _unclosed_quote(failure: _ParseFailure) -> YamlProblem | None:
    """A quoted value still open at the end of the file."""
    if not ("quoted scalar" in failure.context and "end of stream" in failure.problem
            and failure.opened):
        return None
    quote = failure.char_at_start('"')
    return YamlProblem(*failure.start, f"YAML syntax error: the {quote} opened here is "
                       f"never closed; add the closing {quote}", "yaml-syntax")


def _unknown_escape(failure: _ParseFailure) -> YamlProblem | None:
    """A backslash sequence YAML does not know, in a double-quoted value."""
    if not failure.problem.startswith("found unknown escape character"):
        return None
    return YamlProblem(*failure.here, f"YAML syntax error: {failure.problem} in a "
                       "\"double-quoted\" value; use 'single quotes' or write \\\\ for a "
                       "backslash", "yaml-syntax")


def _unclosed_bracket(failure: _ParseFailure) -> YamlProblem | None:
    """A ``[…]`` or ``{…}`` list or mapping not closed (or missing a comma)."""
    if not (failure.context.startswith("while parsing a flow") and failure.opened):
        return None
    bracket = failure.char_at_start("[")
    closing = {"[": "]", "{": "}"}.get(bracket, "]")
    return YamlProblem(*failure.start, f"YAML syntax error: the {bracket} opened here is "
                       f"not closed by {closing} (or an item lacks a comma); "
                       f"problem found on line {failure.here[0]}", "yaml-syntax")


def _missing_colon(failure: _ParseFailure) -> YamlProblem | None:
    """A line inside a mapping that is not ``field: value``."""
    if "could not find expected ':'" not in failure.problem:
        return None
    return YamlProblem(*failure.start, "YAML syntax error: this line is not "
                       "'field: value'; add ': ' after the field name, or indent it "
                       "to continue the value above", "yaml-syntax")


def _unexpected_colon(failure: _ParseFailure) -> YamlProblem | None:
    """A ``: `` inside an unquoted value, or a badly indented field."""
    if failure.problem != "mapping values are not allowed here":
        return None
    return YamlProblem(*failure.here, "YAML syntax error: unexpected ':'; put a value "
                       "that contains ': ' in quotes, or fix the indentation",
                       "yaml-syntax")


def _misaligned_line(failure: _ParseFailure) -> YamlProblem | None:
    """A line indented unlike the fields around it."""
    if not failure.problem.startswith("expected <block end>"):
        return None
    return YamlProblem(*failure.here, "YAML syntax error: this line does not line up "
                       "with the fields above it (or text follows a closing quote); "
                       "check the indentation", "yaml-syntax")


# Tried in this order; the first that recognises the error explains it.
_SYNTAX_EXPLANATIONS: tuple[Callable[[_ParseFailure], YamlProblem | None], ...] = (
    _second_document, _quote_inside_value, _tab_indent, _unclosed_quote, _unknown_escape,
    _unclosed_bracket, _missing_colon, _unexpected_colon, _misaligned_line,
)


def _quote_in_value(problem: str, at: yaml.Mark | None, text: str) -> YamlProblem | None:
    """Text right after a closing quote, and the same quote again further on the line: the
    value holds its own quote character, as in ``quote: "les "S-400" russes"``. Say so and
    show the two ways to write it."""
    if at is None or "'<scalar>'" not in problem:
        return None
    line_start = text.rfind("\n", 0, at.index) + 1
    line_end = text.find("\n", at.index)
    if line_end < 0:  # the last line, without a line break
        line_end = len(text)
    before = text[line_start:at.index].rstrip(" ")
    if not before or before[-1] not in "\"'":
        return None
    closing = line_start + len(before) - 1
    char, line, col = text[closing], at.line + 1, closing - line_start + 1
    reopened = text.find(char, closing + 1, line_end)
    if reopened < 0:  # « name: "Turquie" kind: state »: not a quote inside a value
        return None
    if char == '"':
        return YamlProblem(line, col, "YAML syntax error: this value contains \", which ends "
                           "a \"double-quoted\" value; write the value between single quotes "
                           f"('…{text[closing:reopened + 1]}…', where an apostrophe ' is "
                           "written '') or after >- on the next lines, indented", "yaml-syntax")
    sample = _word_at(text, closing).replace("'", "''")
    return YamlProblem(line, col, "YAML syntax error: this value contains ', which ends a "
                       f"'single-quoted' value; write it twice ('…{sample}…'), or write the "
                       "value between double quotes or after >- on the next lines, indented",
                       "yaml-syntax")


def _word_at(text: str, index: int) -> str:
    """The word of ``text`` around ``index`` (up to spaces, line ends and quotes)."""
    start, end = index, index + 1
    while start > 0 and text[start - 1] not in " \n\"'":
        start -= 1
    while end < len(text) and text[end] not in " \n\"'":
        end += 1
    return text[start:end]


def _invisible_marks(node: ScalarNode) -> dict[int, Mark]:
    """Where the invisible characters of a value are written, by index in the value.

    Empty when the file does not write each of them as it is (an escape such as
    ``\\u200b`` in a "double-quoted" value): then they cannot be paired up.
    """
    start, end = node.start_mark, node.end_mark
    source = start.buffer[start.pointer:end.pointer] if start.buffer else ""
    in_value = [m.start() for m in _INVISIBLE.finditer(node.value)]
    in_source = [m.start() for m in _INVISIBLE.finditer(source)]
    if len(in_value) != len(in_source):
        return {}
    marks = {}
    for at_value, at_source in zip(in_value, in_source, strict=True):
        line, col = position(source, at_source)
        marks[at_value] = Mark(start.line + line, col + (start.column if line == 1 else 0))
    return marks


def _convert(node: Node) -> Any:
    if isinstance(node, ScalarNode):
        if node.style is None and node.value in NULL_WORDS:
            return None
        s = LocStr(node.value)
        s.mark = _mark(node)
        if _INVISIBLE.search(node.value):
            s.invisibles = _invisible_marks(node)
        return s
    if isinstance(node, SequenceNode):
        seq = LocList(_convert(child) for child in node.value)
        seq.mark = _mark(node)
        return seq
    assert isinstance(node, MappingNode)
    mapping = LocDict()
    mapping.mark = _mark(node)
    mapping.key_marks = {}
    for key_node, value_node in node.value:
        km = _mark(key_node)
        if not isinstance(key_node, ScalarNode):
            raise YamlProblem(km.line, km.col, f"a field name must be a plain word, not "
                              f"{_NODE_WORD[type(key_node)]}", "yaml-bad-key")
        key = key_node.value
        if key == "<<" and key_node.style is None:
            raise YamlProblem(km.line, km.col, "YAML merge keys (<<) are not allowed; write "
                              "the fields out in full", "yaml-alias")
        if key in mapping:
            first = mapping.key_marks[key]
            raise YamlProblem(
                km.line, km.col,
                f"duplicate key {key!r} (first defined on line {first.line}); keep one",
                "duplicate-key",
            )
        mapping.key_marks[key] = km
        mapping[key] = _convert(value_node)
    return mapping


# -- the fast path: libyaml's events, composed straight into LocStr/LocList/LocDict ----------
#
# It accepts only what the pure-Python loader accepts, with the same values and marks
# (libyaml counts lines and columns in characters from 0, as PyYAML does), and gives up on
# everything else, so it needs no error messages of its own.

# Where libyaml accepts what PyYAML refuses (or places a mark differently), found by
# differential fuzzing; a file that could hit one goes straight to PyYAML:
# - tabs between tokens: libyaml accepts ``a: "x" \t# c`` and ``a: \tx``;
# - a BOM after the start: libyaml skips one at the start of any line;
# - a comment glued to a block scalar header: libyaml accepts ``note: >-# c``;
# - "?" in a flow collection: libyaml reads ``[S-4? 00]`` as one item (PyYAML ends a
#   plain scalar at "?" inside brackets) and marks ``[? ]`` one column further.
_DIVERGENT_CHARACTERS = ("\t", "\ufeff")
_BLOCK_HEADER_COMMENT = re.compile(r"[|>][-+0-9]*#")


def _divergent(text: str) -> bool:
    """True if libyaml might read ``text`` differently from PyYAML."""
    return (any(c in text for c in _DIVERGENT_CHARACTERS)
            or ("?" in text and ("[" in text or "{" in text))
            or _BLOCK_HEADER_COMMENT.search(text) is not None)


class _Unusual(Exception):
    """Something the fast path leaves to the pure-Python loader, which reports it exactly."""


def _load_with_libyaml(text: str) -> LocDict | None:
    """The document read by libyaml, or None if the pure-Python loader must read it."""
    # Only the pure-Python loader keeps the text that places invisible characters.
    if LIBYAML_PARSER is None or _divergent(text) or _INVISIBLE.search(text):
        return None
    try:
        return _compose_document(LIBYAML_PARSER(text).get_event)
    # Not only _Unusual and YAMLError: whatever libyaml makes of a file, the pure-Python
    # loader has the last word, so a quirk of the C path can never reach an editor.
    except Exception:  # noqa: BLE001
        return None


# libyaml's events are loosely typed (marks, anchors and tags exist only on some of them).
_NextEvent = Callable[[], Any]


def _compose_document(next_event: _NextEvent) -> LocDict:
    """The single document of the stream, if its top level is a mapping."""
    if type(next_event()) is not StreamStartEvent:
        raise _Unusual
    start = next_event()
    # Directives (%YAML, %TAG) are rare and each parser judges them its own way.
    if type(start) is not DocumentStartEvent or start.version or start.tags:
        raise _Unusual
    root = _compose_value(next_event, next_event(), 1)
    if type(root) is not LocDict or type(next_event()) is not DocumentEndEvent:
        raise _Unusual
    if type(next_event()) is not StreamEndEvent:  # a second document
        raise _Unusual
    return root


def _compose_value(next_event: _NextEvent, event: Any, depth: int) -> Any:
    """The value that starts with ``event``, as :func:`_convert` makes it."""
    kind = type(event)
    if kind is ScalarEvent:
        return _fast_scalar(event, depth)
    if kind is MappingStartEvent:
        return _fast_mapping(next_event, event, depth)
    if kind is SequenceStartEvent:
        _refuse_unusual(event, depth)
        seq = LocList()
        seq.mark = _event_mark(event)
        item = next_event()
        while type(item) is not SequenceEndEvent:
            seq.append(_compose_value(next_event, item, depth + 1))
            item = next_event()
        return seq
    raise _Unusual  # an alias


def _fast_mapping(next_event: _NextEvent, event: Any, depth: int) -> LocDict:
    _refuse_unusual(event, depth)
    mapping = LocDict()
    mapping.mark = _event_mark(event)
    mapping.key_marks = {}
    key = next_event()
    while type(key) is not MappingEndEvent:
        if type(key) is not ScalarEvent:
            raise _Unusual  # a complex key, or an alias as a key
        _refuse_unusual(key, depth + 1)
        name = key.value
        if name in mapping or (name == "<<" and key.style == ""):
            raise _Unusual  # a duplicate key or a merge key
        mapping.key_marks[name] = _event_mark(key)
        mapping[name] = _compose_value(next_event, next_event(), depth + 1)
        key = next_event()
    return mapping


def _fast_scalar(event: Any, depth: int) -> LocStr | None:
    _refuse_unusual(event, depth)
    style = event.style
    if not style:  # libyaml's plain style is "" where PyYAML's is None
        if style is None:  # libyaml's parser never leaves the style open; be sure anyway
            raise _Unusual
        if event.value in NULL_WORDS:
            return None
    s = LocStr(event.value)
    s.mark = _event_mark(event)
    return s


def _refuse_unusual(event: Any, depth: int) -> None:
    """Leave anchors, tags and deep nesting to the pure-Python loader (they are errors)."""
    if event.anchor is not None or event.tag is not None or depth > MAX_DEPTH:
        raise _Unusual


def _event_mark(event: Any) -> Mark:
    return Mark(event.start_mark.line + 1, event.start_mark.column + 1)
