"""Pages and links: ids, docs-relative page paths and relative links are kept apart.

An *id* names a record; a :class:`PagePath` is where its Markdown page lives
under ``docs/``; a *link* is what one page writes to reach another. Only ids
that passed validation (``[a-z0-9-]+``) ever become paths.
"""

from __future__ import annotations

import posixpath
from typing import NewType

from build_tools.model import Kind
from build_tools.schema import ID_RE

PagePath = NewType("PagePath", str)

SECTIONS: dict[Kind, str] = {
    Kind.ACTOR: "acteurs",
    Kind.WEAPON: "systemes-d-armes",
    Kind.EVENT: "evenements",
    Kind.ARTICLE: "articles",
}
CHRONOLOGY = PagePath("chronologie/index.md")
GENERATED_DIRS = (*SECTIONS.values(), "chronologie", "modifier-le-dossier")


def page_path(kind: Kind, record_id: str) -> PagePath:
    """The page of one record, e.g. ``acteurs/vladimir-poutine.md``."""
    if not ID_RE.fullmatch(record_id):
        raise ValueError(f"unsafe id {record_id!r}")  # a bug: ids are validated upstream
    return PagePath(f"{SECTIONS[kind]}/{record_id}.md")


def index_path(kind: Kind) -> PagePath:
    """The index page of a section, e.g. ``acteurs/index.md``."""
    return PagePath(f"{SECTIONS[kind]}/index.md")


def paragraph_anchor(number: int) -> str:
    """The stable anchor of an article paragraph (``p-3``)."""
    return f"p-{number}"


def link(source: PagePath, target: PagePath, anchor: str = "") -> str:
    """A relative Markdown link from page ``source`` to page ``target`` (MkDocs checks these)."""
    if source == target:
        return f"#{anchor}" if anchor else posixpath.basename(target)
    source_dir, _, _ = source.rpartition("/")
    target_dir, _, name = target.rpartition("/")
    if source_dir == target_dir:
        relative = name
    elif "/" not in source_dir and source_dir:
        relative = "../" + target  # every generated page is one folder deep: the fast path
    else:
        relative = posixpath.relpath(target, source_dir or ".")
    return f"{relative}#{anchor}" if anchor else relative
