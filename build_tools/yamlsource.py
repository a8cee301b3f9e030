"""Load editor YAML safely, keeping the file/line/column of every value.

Everything is loaded as strings, lists and mappings: no YAML 1.1 type guessing
(``NO`` stays ``"NO"``, ``0755`` stays ``"0755"``, dates stay strings), so the
validator decides what each field means. Anchors, aliases, merge keys, explicit
tags, duplicate keys, complex keys and absurd nesting are rejected because they
either hide data or enable alias bombs.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_FILE_BYTES = 512 * 1024
MAX_DEPTH = 16
# Characters that reorder or hide text (Trojan-source style); never legitimate in our data.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")
NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})


@dataclass(frozen=True)
class Mark:
    """A 1-based position in a source file."""

    line: int
    col: int


class LocStr(str):
    """A string that remembers where it was written."""

    mark: Mark


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

    def compose_node(self, parent: Node | None, index: Any) -> Node:  # type: ignore[override]
        if self.check_event(AliasEvent):
            event = self.peek_event()
            m = event.start_mark
            raise YamlProblem(
                m.line + 1, m.column + 1,
                "YAML aliases (*name) are not allowed; write the value out in full",
                "yaml-alias",
            )
        event = self.peek_event()
        if getattr(event, "anchor", None) is not None:
            m = event.start_mark
            raise YamlProblem(
                m.line + 1, m.column + 1,
                f"YAML anchors (&{event.anchor}) are not allowed; write the value out in full",
                "yaml-alias",
            )
        if getattr(event, "tag", None) is not None:
            m = event.start_mark
            raise YamlProblem(
                m.line + 1, m.column + 1, f"YAML tag {event.tag!r} is not allowed", "yaml-tag"
            )
        self._depth += 1
        if self._depth > MAX_DEPTH:
            m = event.start_mark
            raise YamlProblem(
                m.line + 1, m.column + 1,
                f"nesting deeper than {MAX_DEPTH} levels; the data files are never this deep",
                "yaml-too-deep",
            )
        try:
            return super().compose_node(parent, index)  # type: ignore[no-any-return]
        finally:
            self._depth -= 1


def check_characters(text: str) -> YamlProblem | None:
    """Return a problem for the first control or bidi character in ``text``, if any."""
    for lineno, line in enumerate(text.split("\n"), start=1):
        for colno, char in enumerate(line, start=1):
            if char in BIDI_CONTROLS:
                return YamlProblem(
                    lineno, colno,
                    f"invisible bidirectional control character U+{ord(char):04X} "
                    f"({unicodedata.name(char, '?')}); delete it",
                    "bad-character",
                )
            if unicodedata.category(char) == "Cc" and char not in "\t\r":
                return YamlProblem(
                    lineno, colno,
                    f"control character U+{ord(char):04X} is not allowed; delete it",
                    "bad-character",
                )
    return None


def decode_utf8(raw: bytes) -> str:
    """Decode ``raw`` as UTF-8 (a BOM is tolerated), raising a located problem otherwise."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        col = exc.start - (before.rfind(b"\n") + 1) + 1
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
        raise YamlProblem(
            1, 1, f"file is {len(raw)} bytes; the limit is {MAX_FILE_BYTES}", "file-too-large"
        )
    text = decode_utf8(raw)
    bad = check_characters(text)
    if bad:
        raise bad
    loader = _GuardedLoader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc) from None
    finally:
        loader.dispose()
    if root is None:
        raise YamlProblem(1, 1, "the file is empty; it must hold a YAML mapping", "empty-file")
    if not isinstance(root, MappingNode):
        m = _mark(root)
        raise YamlProblem(
            m.line, m.col, "the top level must be a mapping of field: value", "yaml-not-mapping"
        )
    value = _convert(root)
    assert isinstance(value, LocDict)
    return value


def _syntax_problem(exc: yaml.MarkedYAMLError) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = exc.problem or "invalid YAML"
    if "expected a single document" in (exc.context or ""):
        return YamlProblem(line, col, "a second YAML document ('---') is not allowed", "yaml-syntax")
    if "\\t" in what or "tab" in what:
        what = "a tab character cannot indent YAML; use spaces"
    context = f" ({exc.context})" if exc.context else ""
    return YamlProblem(line, col, f"YAML syntax error: {what}{context}", "yaml-syntax")


def _convert(node: Node) -> Any:
    if isinstance(node, ScalarNode):
        if node.style is None and node.value in NULL_WORDS:
            return None
        s = LocStr(node.value)
        s.mark = _mark(node)
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
            raise YamlProblem(km.line, km.col, "keys must be plain words", "yaml-bad-key")
        key = key_node.value
        if key == "<<" and key_node.style is None:
            raise YamlProblem(km.line, km.col, "YAML merge keys (<<) are not allowed", "yaml-alias")
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
