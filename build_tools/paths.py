"""Pages and links: ids, docs-relative page paths and relative links are kept apart.

An *id* names a record; a :class:`PagePath` is where its Markdown page lives
under ``docs/``; a *link* is what one page writes to reach another. Only ids
that passed validation (``[a-z0-9-]+``) ever become paths.
"""

from __future__ import annotations

import functools
import os
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import NewType

from build_tools.model import KINDS, Kind
from build_tools.schema import ID_RE

PagePath = NewType("PagePath", str)

# The site folder of each kind (model.KINDS); kept as a table, many modules use it.
SECTIONS: dict[Kind, str] = {kind: info.section for kind, info in KINDS.items()}
CHRONOLOGY = PagePath("chronologie/index.md")
# Complete lists of the articles that mention an actor or weapon, a few pages per record.
MENTIONS = "mentions"
# « Dernières mises à jour » and, when SITE_URL is set, its Atom feed (history.py). The feed
# sits at the top of docs/: Material fetches "sitemap.xml" beside every <link rel=alternate>
# (its language selector's alternates), which must then be the site's own sitemap.
UPDATES = PagePath("mises-a-jour/index.md")
FEED = PagePath("atom.xml")
# issue 12: the record names and aliases the search dialog suggests for a typo
# (search_index.vocabulary; overrides/assets/javascripts/dossier-search.js fetches it).
VOCABULARY = PagePath("search-vocabulary.json")
# The generated files outside the generated folders.
GENERATED_FILES = (FEED, VOCABULARY)
GENERATED_DIRS = (*SECTIONS.values(), "chronologie", MENTIONS, "modifier-le-dossier",
                  "mises-a-jour")


@functools.lru_cache(maxsize=1 << 16)
def page_path(kind: Kind, record_id: str) -> PagePath:
    """The page of one record, e.g. ``acteurs/vladimir-poutine.md``."""
    if not ID_RE.fullmatch(record_id):
        raise ValueError(f"unsafe id {record_id!r}")  # a bug: ids are validated upstream
    return PagePath(f"{SECTIONS[kind]}/{record_id}.md")


def mentions_path(record_id: str, number: int = 1) -> PagePath:
    """Page ``number`` of the articles mentioning a record: ``mentions/turquie/index.md``,
    then ``mentions/turquie/2.md``… (a folder per record: ids are unique across kinds)."""
    if not ID_RE.fullmatch(record_id):
        raise ValueError(f"unsafe id {record_id!r}")
    return PagePath(f"{MENTIONS}/{record_id}/" + ("index.md" if number == 1 else f"{number}.md"))


# The complete list of an actor's or weapon's events, when its page lists the most recent
# only (views.ENTITY_EVENTS_SHOWN): a folder inside the record's section named after the
# record. Record pages are files (``acteurs/<id>.md``) and a split index's parts are files of
# its ``par-initiale`` folder, so no record id or part can take these paths.
ENTITY_EVENTS_FOLDER = "evenements"


def entity_events_path(kind: Kind, record_id: str, number: int = 1) -> PagePath:
    """Page ``number`` of the events of an actor or weapon:
    ``acteurs/turquie/evenements/index.md``, then ``acteurs/turquie/evenements/2.md``…"""
    if not ID_RE.fullmatch(record_id):
        raise ValueError(f"unsafe id {record_id!r}")
    return PagePath(f"{SECTIONS[kind]}/{record_id}/{ENTITY_EVENTS_FOLDER}/"
                    + ("index.md" if number == 1 else f"{number}.md"))


def index_path(kind: Kind) -> PagePath:
    """The index page of a section, e.g. ``acteurs/index.md``."""
    return PagePath(f"{SECTIONS[kind]}/index.md")


# A list split into parts (views.SPLIT_ABOVE) keeps its parts in a folder of its own inside
# the section: record pages are files (``evenements/<id>.md``), so no record id can take a
# part's path, whatever its name (an event ``2017`` is ``evenements/2017.md``).
PART_FOLDERS: dict[Kind, str] = {Kind.EVENT: "par-annee", Kind.ARTICLE: "par-annee",
                                 Kind.ACTOR: "par-initiale", Kind.WEAPON: "par-initiale"}
_PART_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def chronology_year_path(year: int, number: int = 1) -> PagePath:
    """The chronology of one year, when the chronology is split: ``chronologie/2017.md``,
    then ``chronologie/2017-2.md``… for a year too long for one page (the chronology folder
    holds no record pages)."""
    return PagePath(f"chronologie/{year:d}" + (f"-{number:d}.md" if number > 1 else ".md"))


def index_part_path(kind: Kind, key: str) -> PagePath:
    """One part of a split section index, e.g. ``evenements/par-annee/2017.md`` or
    ``acteurs/par-initiale/e.md``."""
    if not _PART_KEY.fullmatch(key):
        raise ValueError(f"unsafe part key {key!r}")  # a bug: keys are years or initials
    return PagePath(f"{SECTIONS[kind]}/{PART_FOLDERS[kind]}/{key}.md")


def paragraph_anchor(number: int) -> str:
    """The stable anchor of an article paragraph (``p-3``)."""
    return f"p-{number}"


def link(source: PagePath, target: PagePath, anchor: str = "") -> str:
    """A relative Markdown link from page ``source`` to page ``target`` (MkDocs checks these)."""
    if source == target:
        return f"#{anchor}" if anchor else posixpath.basename(target)
    source_dir = source.rpartition("/")[0]
    if source_dir.partition("/")[0] != target.partition("/")[0]:
        # Different sections (most links): straight up to docs/, then down to the target.
        relative = "../" * (source_dir.count("/") + 1 if source_dir else 0) + target
    else:
        relative = _relative(source_dir, target)
    return f"{relative}#{anchor}" if anchor else relative


# Called for every link of every page, from a handful of folders to the same pages.
@functools.lru_cache(maxsize=1 << 16)
def _relative(source_dir: str, target: str) -> str:
    """``target`` seen from ``source_dir``: out of the folders the two paths do not share,
    then down to the target (as posixpath.relpath does, without its cost)."""
    source_dirs = source_dir.split("/") if source_dir else []
    target_parts = target.split("/")
    shared = 0
    while (shared < len(source_dirs) and shared < len(target_parts) - 1
           and source_dirs[shared] == target_parts[shared]):
        shared += 1
    return "../" * (len(source_dirs) - shared) + "/".join(target_parts[shared:])


def tree_entries(folder: Path) -> Iterator[os.DirEntry[str]]:
    """Every entry under ``folder``, links not followed, from the folder listings alone (the
    entry types come with them: no system call per file, where docs/ may hold 12,000). An
    unreadable folder is skipped, as ``os.walk`` does: reading or writing there reports it."""
    folders = [str(folder)]
    while folders:
        try:
            listing = os.scandir(folders.pop())
        except OSError:
            continue
        with listing:
            for entry in listing:
                if entry.is_dir(follow_symlinks=False):
                    folders.append(entry.path)
                yield entry


def symlinks_under(folder: Path) -> list[Path]:
    """Every symbolic link under ``folder``, sorted (links to folders are not followed)."""
    return sorted(Path(entry.path) for entry in tree_entries(folder) if entry.is_symlink())
