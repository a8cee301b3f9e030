"""The lighter escaping of issue 13 renders exactly like the full escaping it replaced.

:func:`~build_tools.mdtext.literal` used to write every ASCII punctuation character but
``- ' ,`` as a numeric character reference, and whitespace at either end of every piece of
text as one too. MkDocs pays an inline match for each reference, so ``/``, ``;`` and ``.``
(except in ``1.`` at a line start) are now written as they are, and a space beside a link's
``[``/``)`` or outside a ``**`` as a space. Each property below renders random text mixing
those characters with every Markdown-significant one, through Python-Markdown configured like
the real build (tests/test_hostile.py), once with the old escaping and once with the new, in the
contexts the generator uses, and asserts the same elements, attributes and text content.
"""

from __future__ import annotations

import re
import string
from unittest.mock import patch

import markdown  # type: ignore[import-untyped]  # no types-Markdown in the venv
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from build_tools import render
from build_tools.mdtext import Md, literal
from build_tools.render import admonition, infobox
from build_tools.text import INVISIBLES
from build_tools.views import _with_marks
from tests.test_hostile import mkdocs_markdown, parse, to_html, visible

# Every ASCII punctuation character, digits (for "1. "), letters, breaking and no-break spaces.
ALPHABET = [*string.punctuation, *"19az ", " ", "\t", "\u00a0", "\u202f", "é"]
TEXTS = st.text(alphabet=ALPHABET, max_size=24)
SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def old_literal(text: str) -> str:
    """The escaping before issue 13: the reference the new one must render like."""
    drop = str.maketrans({c: "" for c in INVISIBLES})
    encode = {c: f"&#{ord(c)};" for c in string.punctuation if c not in "-',"}
    collapsed = re.sub(r"[^\S\u00a0\u202f\u2007]+", " ", text).translate(drop)
    collapsed = collapsed.translate(str.maketrans(encode))
    if collapsed[:1].isspace() or collapsed.startswith("-"):
        collapsed = f"&#{ord(collapsed[0])};" + collapsed[1:]
    if collapsed[-1:].isspace():
        collapsed = collapsed[:-1] + f"&#{ord(collapsed[-1])};"
    return collapsed


@pytest.fixture(scope="module")
def md() -> markdown.Markdown:
    """Python-Markdown with the site's extensions (reset before each use)."""
    return mkdocs_markdown()


def rendered(md: markdown.Markdown, source: str) -> tuple[list[tuple[str, dict[str, str], str]],
                                                          str]:
    """Elements (tag, attributes, text content) and the whole text content of ``source``."""
    page = parse(to_html(md, source))
    return [(e.tag, e.attrs, e.text) for e in page.elements], page.text


CONTEXTS = {
    "paragraph": "{}",
    "heading": "# {}",
    "list item": "- {}",
    "numbered item": "1. {}",
    "link and bold": "x [{}](page.md) **{}** ==y==",
    "table cell": "| a | b |\n|---|---|\n| {} | z |",
    "after a line": "x\n{}",
    "attribute values": '[x](page.md "{}"){{ aria-label="{}" }}',
}


@SETTINGS
@given(text=TEXTS)
@pytest.mark.parametrize("context", CONTEXTS)
def test_literal_renders_like_the_full_escaping(md: markdown.Markdown, context: str,
                                                text: str) -> None:
    template = CONTEXTS[context]
    assert rendered(md, template.format(literal(text), literal(text))) == \
        rendered(md, template.format(old_literal(text), old_literal(text)))


@SETTINGS
@given(text=TEXTS)
def test_literal_in_admonitions_and_infoboxes_renders_like_the_full_escaping(
        md: markdown.Markdown, text: str) -> None:
    for build in (lambda t: admonition("info", t, t), lambda t: infobox(t, [(t, t)])):
        new = build(text)
        # The templates escape what they print with render.literal: the old one, here.
        with patch.object(render, "literal", lambda t: Md(old_literal(t))):
            old = build(text)
        assert rendered(md, new) == rendered(md, old)


@SETTINGS
@given(text=st.text(alphabet=ALPHABET, min_size=3, max_size=40), data=st.data())
def test_spaces_beside_links_and_marks_render_like_references(
        md: markdown.Markdown, text: str, data: st.DataObject) -> None:
    """A paragraph as views.paragraph_markdown builds it: text, a linked mention, text, with
    annotation marks ``==…==[^n]`` that may touch the link; and a bold mention as in the
    « Mentionné dans » excerpts."""
    cut = sorted(data.draw(st.lists(st.integers(0, len(text)), min_size=4, max_size=4)))
    link_start, link_end = cut[1], cut[2]
    mark = (cut[0], cut[1]) if data.draw(st.booleans()) else (cut[2], cut[3])
    marks: dict[int, list[str]] = {}
    if mark[0] < mark[1]:
        marks = {mark[0]: ["=="], mark[1]: ["==[^n1]"]}
    footnote = "\n\n[^n1]: note\n"

    def paragraph(escape: object) -> str:
        if escape is literal:
            before = _with_marks(text, 0, link_start, marks, bare_end=True)
            after = _with_marks(text, link_end, len(text), marks, final=True, bare_start=True)
        else:
            before = _old_with_marks(text, 0, link_start, marks)
            after = _old_with_marks(text, link_end, len(text), marks, final=True)
        return f"{before}[{literal(text[link_start:link_end])}](page.md){after}{footnote}"

    new, old = rendered(md, paragraph(literal)), rendered(md, paragraph(old_literal))
    assert new == old
    start, end = cut[1], cut[2]
    bold = (literal(text[:start], bare_end=True) + "**" + literal(text[start:end]) + "**"
            + literal(text[end:], bare_start=True))
    old_bold = (old_literal(text[:start]) + "**" + old_literal(text[start:end]) + "**"
                + old_literal(text[end:]))
    for template in ("{}", "- {} — [§ 2](page.md#p-2)"):
        assert rendered(md, template.format(bold)) == rendered(md, template.format(old_bold))


def _old_with_marks(text: str, start: int, end: int, marks: dict[int, list[str]],
                    final: bool = False) -> str:
    cuts = sorted(o for o in marks if start <= o < end or (final and o == end))
    pieces, cursor = [], start
    for offset in cuts:
        pieces += [old_literal(text[cursor:offset]), "".join(marks[offset])]
        cursor = offset
    return "".join([*pieces, old_literal(text[cursor:end])])


def test_the_relaxed_characters_are_written_as_they_are() -> None:
    """What the relaxation buys: fewer references in the Markdown MkDocs parses."""
    assert literal("1. Pas une liste") == "1&#46; Pas une liste"
    assert literal("à 12.5 km/h; env. 3 h") == "à 12.5 km/h; env. 3 h"
    assert literal("12.5 km") == "12&#46;5 km"  # a digit run at the start: kept, to be safe
    assert literal(" x ", bare_start=True) == " x&#32;"
    assert literal(" x ", bare_end=True) == "&#32;x "
    assert literal(" ", bare_start=True, bare_end=True) == " "
    assert literal("\u00a0x", bare_start=True) == "&#160;x"  # only an ASCII space is bare
    assert visible("a\tb") == "a b"
