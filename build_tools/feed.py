"""The Atom feed of the latest changes (RFC 4287): pure, deterministic XML.

Atom needs absolute URLs (every entry's id and link), so the feed exists only when the
site's address is known (``SITE_URL``). Its ``updated`` is the newest entry's date, never
the time of the build, so that one commit always gives the same feed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree import ElementTree

ATOM = "http://www.w3.org/2005/Atom"
# Older than any commit: the date of a feed without entries (Atom requires one).
_EPOCH = "1970-01-01T00:00:00Z"


@dataclass(frozen=True)
class FeedEntry:
    """One change: its title, the absolute URL of the page, and commit dates (RFC 3339)."""

    id: str
    title: str
    url: str
    updated: str
    published: str
    summary: str


def absolute_url(site_url: str, page: str) -> str:
    """The address of a docs-relative page served with ``use_directory_urls``:
    ``evenements/x.md`` → ``https://site/evenements/x/``, ``a/index.md`` → ``…/a/``,
    ``a/atom.xml`` → ``…/a/atom.xml``."""
    base = site_url.rstrip("/") + "/"
    if not page.endswith(".md"):
        return base + page  # a file (the feed itself) is served as it is
    stem = page[:-3]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[:-5]
    return base + (stem.strip("/") + "/" if stem.strip("/") else "")


def atom_feed(*, feed_id: str, title: str, author: str, page_url: str, self_url: str,
              entries: Sequence[FeedEntry]) -> str:
    """The feed document, entries in the order given (newest first)."""
    ElementTree.register_namespace("", ATOM)
    feed = ElementTree.Element(f"{{{ATOM}}}feed", {"xml:lang": "fr"})
    _text(feed, "id", feed_id)
    _text(feed, "title", title)
    _text(feed, "updated", entries[0].updated if entries else _EPOCH)
    _text(_child(feed, "author"), "name", author)
    _child(feed, "link", rel="alternate", type="text/html", href=page_url)
    _child(feed, "link", rel="self", type="application/atom+xml", href=self_url)
    for item in entries:
        entry = _child(feed, "entry")
        _text(entry, "id", item.id)
        _text(entry, "title", item.title)
        _child(entry, "link", rel="alternate", type="text/html", href=item.url)
        _text(entry, "updated", item.updated)
        _text(entry, "published", item.published)
        _text(entry, "summary", item.summary)
    ElementTree.indent(feed)
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            + ElementTree.tostring(feed, encoding="unicode") + "\n")


def _child(parent: ElementTree.Element, tag: str, **attributes: str) -> ElementTree.Element:
    return ElementTree.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)


def _text(parent: ElementTree.Element, tag: str, text: str) -> None:
    _child(parent, tag).text = text
