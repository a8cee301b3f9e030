"""Links from hand-written pages of docs/ to record pages: which ones point at a record
that does not exist (deleted or renamed), or at a paragraph its article page does not show.

``mkdocs build --strict`` would fail on such a link, after an editor's change that
``check`` accepted; this module lets ``check`` say it first, at the link's line and column.
It only parses text: :mod:`build_tools.output`, the one module that reads ``docs/``, hands
it each hand-written page.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from urllib.parse import unquote

from build_tools.model import KINDS, Kind
from build_tools.paths import SECTIONS
from build_tools.problems import Problems
from build_tools.readers import MAX_ARTICLE_BYTES, closest_word
from build_tools.text import split_paragraphs
from build_tools.yamlsource import YamlProblem, decode_utf8

_KIND_OF_SECTION = {folder: kind for kind, folder in SECTIONS.items()}
# A hand-written page is small; a bigger file is not read (nor, surely, hand-written).
MAX_PAGE_BYTES = 1024 * 1024
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
_LIST_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
# ``](target)`` or ``](<target>)``, a title possibly after the target; ``[ref]: target``.
_INLINE_LINK = re.compile(r"\]\([ \t]*(?:<([^<>\n]*)>|([^\s()<>]+(?:\([^\s()]*\)[^\s()<>]*)*))")
_REFERENCE = re.compile(r" {0,3}\[[^\]]+\]:[ \t]*(?:<([^<>\n]*)>|(\S+))")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def check_page(where: str, page_dir: str, text: str, ids: Mapping[Kind, set[str]],
               shown: Callable[[str], tuple[int, ...] | None], problems: Problems) -> None:
    """Report each link of one hand-written page (``where``, in folder ``page_dir`` of
    ``docs/``) to a record that does not exist, or to a paragraph its article does not show.

    ``shown(article_id)`` gives the paragraphs on an article's page (``None``: unknown). Of
    anchors, only an article's paragraph anchors (``#p-3``) are checked: the others are
    headings of the rendered page.
    """
    for line, col, target in markdown_link_targets(text):
        record = _record_of_link(page_dir, target)
        if record is None:
            continue
        kind, record_id = record
        if record_id not in ids.get(kind, set()):
            close = closest_word(record_id, sorted(ids.get(kind, ())))
            hint = f" (did you mean {close!r}?)" if close else ""
            problems.error(where, line, col, f"link to unknown {KINDS[kind].word} "
                           f"{record_id!r}{hint}: there is no data/{kind.value}/{record_id}"
                           ".yaml; if that record was deleted or renamed, update the link in "
                           "this hand-written page", "dead-link")
            continue
        paragraph = _paragraph_of(target) if kind is Kind.ARTICLE else None
        numbers = shown(record_id) if paragraph is not None else None
        if numbers is not None and paragraph not in numbers:
            problems.error(where, line, col, f"link to paragraph {paragraph} of article "
                           f"{record_id!r}, which is not on its page (it shows "
                           f"{len(numbers)} paragraphs, up to {max(numbers, default=0)}); if "
                           "the article's text changed, update the link in this hand-written "
                           "page", "dead-link")


_PARAGRAPH_ANCHOR = re.compile(r"#p-([0-9]{1,9})")


def _paragraph_of(target: str) -> int | None:
    """The paragraph a link's ``#p-N`` anchor names (other anchors are not checked)."""
    anchor = _PARAGRAPH_ANCHOR.fullmatch(target[target.find("#"):]) if "#" in target else None
    return int(anchor.group(1)) if anchor else None


def shown_paragraphs(root: Path, article_id: str) -> tuple[int, ...] | None:
    """The numbers of the paragraphs on an article's page (the ``#p-N`` anchors it has), or
    ``None`` when its text cannot be read (reading ``data/`` reports that)."""
    path = root / "data" / Kind.ARTICLE.value / f"{article_id}.txt"
    try:
        if path.is_symlink() or path.stat().st_size > MAX_ARTICLE_BYTES:
            return None
        text = decode_utf8(path.read_bytes())
    except (OSError, YamlProblem):
        return None
    return tuple(number for number, _ in split_paragraphs(text).shown())


def _record_of_link(page_dir: str, target: str) -> tuple[Kind, str] | None:
    """The record whose page ``target`` (a link written in a page of folder ``page_dir``)
    points at, or ``None`` for any other link (a section index, another site, an anchor)."""
    path = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if not path or path.startswith("/") or _SCHEME.match(path):
        return None
    parts = posixpath.normpath(posixpath.join(page_dir, path)).split("/")
    if len(parts) != 2 or parts[0] not in _KIND_OF_SECTION or not parts[1].endswith(".md"):
        return None
    record_id = parts[1][: -len(".md")]
    if record_id == "index":
        return None
    return _KIND_OF_SECTION[parts[0]], record_id


def markdown_link_targets(text: str) -> list[tuple[int, int, str]]:
    """``(line, column, target)`` of each link of a Markdown text, both 1-based.

    Inline links and images (``[text](target "title")``, ``<target>`` too) and reference
    definitions (``[ref]: target``); nothing in code spans, fenced or indented code blocks.
    """
    return list(_link_targets(text))


def _link_targets(text: str) -> Iterator[tuple[int, int, str]]:
    blocks = _CodeBlocks()
    for number, line in enumerate(text.split("\n"), 1):
        line = line.rstrip("\r")
        if blocks.is_prose(line):
            for col, target in _line_link_targets(line):
                yield number, col, target


class _CodeBlocks:
    """Follows fenced and indented code blocks from line to line of a Markdown text."""

    def __init__(self) -> None:
        self.fence = ""  # the fence that opened the current code block, if any
        self.blank_before, self.in_list, self.in_code = True, False, False

    def is_prose(self, line: str) -> bool:
        """Whether ``line`` (the next line) is text that can hold links: not blank, not code."""
        opening = _FENCE.match(line)
        if self.fence:
            if opening and self._closes(opening, line):
                self.fence = ""
            return False
        if opening:
            self.fence = opening.group(1)
            return False
        return self._outside_indented_code(line)

    def _closes(self, opening: re.Match[str], line: str) -> bool:
        """Whether the fence ``opening`` at the start of ``line`` closes the open block."""
        fence = opening.group(1)
        return (fence[0] == self.fence[0] and len(fence) >= len(self.fence)
                and not line[opening.end():].strip())

    def _outside_indented_code(self, line: str) -> bool:
        blank = not line.strip()
        indented = line.startswith(("    ", "\t"))
        # An indented block is code after a blank line, unless it continues a list item.
        self.in_code = indented and (self.in_code or (self.blank_before and not self.in_list)) or (
            self.in_code and blank)
        if not blank and not indented:
            # A list goes on over its lines, and ends at a paragraph after a blank line.
            self.in_list = bool(_LIST_ITEM.match(line)) or (self.in_list and not self.blank_before)
        self.blank_before = blank
        return not (self.in_code or blank)


def _line_link_targets(line: str) -> Iterator[tuple[int, str]]:
    """The 1-based column and target of each link on a line of prose."""
    # Code spans hide their text; blanking them keeps the columns of the rest.
    visible = _CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
    reference = _REFERENCE.match(visible)
    found = [reference] if reference else list(_INLINE_LINK.finditer(visible))
    for match in found:
        group = 1 if match.group(1) is not None else 2
        yield match.start(group) + 1, match.group(group)
