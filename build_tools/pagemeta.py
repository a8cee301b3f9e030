"""What a page says about itself: its description (``<meta name="description">`` and Open
Graph, printed by ``overrides/main.html`` from the front matter) and its permalink (the
« Citer cette page » block of ``templates/_macros.md.j2``).

The description is plain text, never Markdown nor HTML: it goes into the front matter
through the YAML dumper (:func:`build_tools.render.front_matter`) and the theme escapes it
where it prints it. The permalink is absolute when the site's public address is known
(``SITE_URL``, as ``mkdocs.yml`` reads it), otherwise relative to the site's root.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from build_tools.mdtext import Md
from build_tools.model import Actor, Article, Event, Kind, Record
from build_tools.paths import PagePath, link, page_path
from build_tools.text import INVISIBLES, Paragraphs, sentence_around
from build_tools.typography import french_spacing
from build_tools.views import ArticleView, EntityView, EventView, View, url_target

# Search engines show about this many characters of a description.
DESCRIPTION_LENGTH = 160
ELLIPSIS = "…"


@dataclass(frozen=True)
class SiteInfo:
    """The published site as the generator knows it: its name (``site_name`` of
    mkdocs.yml, the dossier's name in citations) and public address ("" when unknown)."""

    name: str = ""
    url: str = ""


def site_info(config: Mapping[str, Any]) -> SiteInfo:
    """The site of a loaded mkdocs.yml: a literal ``site_url``, else the ``SITE_URL``
    environment variable (mkdocs.yml reads it with ``!ENV``, which loads here as null)."""
    url = config.get("site_url") or os.environ.get("SITE_URL", "")
    name = config.get("site_name") or ""
    return SiteInfo(name=str(name), url=str(url).strip())


@dataclass(frozen=True)
class Permalink:
    """A page's permanent address: ``url`` as shown (absolute, or site-relative such as
    ``acteurs/turquie/``) and ``href``, the Markdown link target (the absolute address,
    or the page's own file, which MkDocs checks and rewrites)."""

    url: str
    href: Md


def permalink(site: SiteInfo, path: PagePath) -> Permalink:
    """The permalink of the page at ``path`` (``acteurs/turquie.md`` → ``acteurs/turquie/``)."""
    stem = path.removesuffix(".md")
    directory = stem.removesuffix("index") if stem == "index" or stem.endswith("/index") \
        else stem + "/"
    if site.url:
        absolute = site.url.rstrip("/") + "/" + directory
        return Permalink(absolute, Md(url_target(absolute)))
    return Permalink(directory, Md(link(path, path)))


def record_path(record: Record) -> PagePath:
    """The page of a record (a template knows the record, not its page's path)."""
    kind = (Kind.ACTOR if isinstance(record, Actor) else Kind.EVENT if isinstance(record, Event)
            else Kind.ARTICLE if isinstance(record, Article) else Kind.WEAPON)
    return page_path(kind, record.id)


# -- descriptions --------------------------------------------------------------------------

# Markdown syntax an editor's field may hold, removed to leave its text: links and images
# keep their text, reference definitions go, so do emphasis, highlight and code marks around
# a text, and the markers that start headings, quotes and list items. What is not syntax
# ("window.__x", a lone "*") stays, as the page shows it.
_DEFINITION = re.compile(r"^[ \t>]*\[[^\]\n]*\]:.*$", re.MULTILINE)
_LINK = re.compile(r"!?\[([^\]\n]*)\](?:\([^)\n]*\)|\[[^\]\n]*\])")
_LINE_START = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+|>[ \t]?|[-*+][ \t]+|\d+[.)][ \t]+)+",
                         re.MULTILINE)
_MARKS = re.compile(r"(?<!\\)(\*{1,3}|(?<!\w)_{1,3}|==|`+)(?=\S)(.+?)(?<=[^\s\\])\1(?!\w)")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~=<])")
# Breaking whitespace; no-break spaces are French typography (« S-400 : »), kept.
_WHITESPACE = re.compile(r"[^\S\u00a0\u202f\u2007]+")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_DROP = str.maketrans({c: "" for c in INVISIBLES})


def plain_text(markdown: str) -> str:
    """The text of an editor's Markdown field on one line, without its syntax."""
    text = _DEFINITION.sub("", markdown)
    text = _LINK.sub(r"\1", text)
    text = _LINE_START.sub("", text)
    text = _MARKS.sub(r"\2", text)
    text = _ESCAPE.sub(r"\1", text)
    return one_line(text)


def one_line(text: str) -> str:
    """``text`` with whitespace runs as one space, invisible and control characters gone."""
    return _WHITESPACE.sub(" ", _CONTROL.sub(" ", text.translate(_DROP))).strip()


def shorten(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with « … »."""
    if len(text) <= limit:
        return text
    cut = text[:limit - len(ELLIPSIS) + 1]  # one more: a space there ends a whole word
    space = cut.rfind(" ")
    # At the last space; inside the word when one long word fills most of the text.
    cut = cut[:space] if space > limit // 2 else cut[:-1]
    return cut.rstrip(" ,;:—–-\u00a0\u202f") + ELLIPSIS


def lead_sentence(paragraphs: Paragraphs) -> str:
    """The first sentence of an article's first paragraph, as the article has it."""
    if not paragraphs.texts:
        return ""
    first = paragraphs.texts[0]
    start, end = sentence_around(first, 0, 0)
    return one_line(first[start:end])


def description(view: View, paragraphs: Mapping[str, Paragraphs]) -> str | None:
    """The description of a record page, plain text of at most :data:`DESCRIPTION_LENGTH`
    characters: an event's summary, an entity's description, an article's first sentence.
    ``None`` for other pages (the theme then uses the site's description)."""
    if isinstance(view, EventView):
        text = french_spacing(plain_text(view.event.summary))
    elif isinstance(view, EntityView):
        text = french_spacing(plain_text(view.entity.description))
    elif isinstance(view, ArticleView):
        text = lead_sentence(paragraphs[view.article.id])
    else:
        return None
    return shorten(text) or None
