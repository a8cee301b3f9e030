"""Incremental regeneration under ``serve``: re-render only the pages an edit can affect.

``serve`` keeps, from its last successful build, the resolved dossier and a dependency
map: for each page, the entries of the dossier it read while it was rendered. The map is
not written by hand (a hand-written list would go stale as templates change): while a
page renders, the dossier's tables are :class:`TrackedDict`\\ s that note every key the
page reads (``("actors", "rostec")``, ``("passages", "rostec")``…), and reading a whole
table (an index iterates every actor) notes ``(table, ALL)``.

After an edit, the data is read again (unchanged files are not parsed again), checked and
resolved as by ``build``; the new dossier is compared with the last one table by table
(:func:`changed_keys`), and the pages that read a changed entry, and the new pages, are
rendered again; every other page keeps its file. The pages go through
:func:`build_tools.output.write_pages` like any build's (locked, staged, journaled, the
manifest complete and right), so ``build`` afterwards finds nothing to do.

What the map cannot see is handled explicitly, conservatively:

* the views' caches (:class:`~build_tools.views.Views`: publication dates, the mention
  grouping) are emptied before each page, and the ones computed once for all pages are
  declared per page kind in :func:`_declared`: an event page's previous and next events
  (``("neighbours", id)``), the chronology's order (every page that is not a record's:
  ``dossier.chronology`` is a tuple, which notes nothing), the publication order of the
  articles quoted on an entity page;
* a change of names or aliases changes the mentions of many articles: the tables say so,
  and every page that shows those mentions is rendered again (a wider regeneration,
  measured by the benchmark);
* when the last build is unknown (first run, a failed build, or ``docs/`` changed behind
  ``serve``'s back: the manifest is not the one it wrote), everything is rendered.

Correctness is tested, not argued: tests/test_incremental.py compares, after random edits,
the incremental result with a full build of the same data, byte for byte.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from collections import defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from build_tools import output
from build_tools.build import BuildResult, inputs_digest, mkdocs_config, site_language
from build_tools.editor_guide import editor_guide
from build_tools.history import HistoryCache
from build_tools.labels import load_labels
from build_tools.output import Stamp
from build_tools.pagemeta import SiteInfo, site_info
from build_tools.paths import PagePath
from build_tools.problems import DataError, Problems, unique
from build_tools.readers import FileCache, ParsedCache, read_data, refresh_schemas
from build_tools.render import make_environment
from build_tools.resolve import Dossier, MentionCache, resolve
from build_tools.site import Page, SitePages
from build_tools.validate import RecordMemo, validate

Key = tuple[str, Hashable]
ALL = "*"  # the key of a whole table (a page that iterates it)
# The dossier's tables that pages read by key.
TABLES = ("actors", "weapons", "events", "articles", "paragraphs", "events_of", "related_of",
          "events_citing", "quotes", "annotation_quotes", "mentions", "passages")
_MISSING = object()


class _Log:
    """The keys read by the page being rendered (``None``: not recording)."""

    def __init__(self) -> None:
        self.keys: set[Key] | None = None

    def add(self, table: str, key: Hashable) -> None:
        if self.keys is not None:
            self.keys.add((table, key))


class TrackedDict(dict[Any, Any]):
    """A dossier table that notes, in its log, every key a page reads."""

    def __init__(self, table: str, data: Mapping[Any, Any], log: _Log) -> None:
        super().__init__(data)
        self._table = table
        self._log = log

    def __getitem__(self, key: Any) -> Any:
        self._log.add(self._table, key)
        return super().__getitem__(key)

    def get(self, key: Any, default: Any = None) -> Any:
        self._log.add(self._table, key)
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self._log.add(self._table, key)
        return super().__contains__(key)

    def __iter__(self) -> Iterator[Any]:
        self._log.add(self._table, ALL)
        return super().__iter__()

    def __len__(self) -> int:
        self._log.add(self._table, ALL)
        return super().__len__()

    def keys(self) -> Any:
        self._log.add(self._table, ALL)
        return super().keys()

    def values(self) -> Any:
        self._log.add(self._table, ALL)
        return super().values()

    def items(self) -> Any:
        self._log.add(self._table, ALL)
        return super().items()


def tracked(dossier: Dossier, log: _Log) -> Dossier:
    """``dossier`` whose tables note what is read (the id → kind table too)."""
    tables: dict[str, Any] = {name: TrackedDict(name, getattr(dossier, name), log)
                              for name in TABLES}
    copy = dataclasses.replace(dossier, **tables)
    # Dossier.kind_of reads a cached table: give it a tracked one (a frozen dataclass, so
    # through __dict__, where functools.cached_property keeps its value).
    copy.__dict__["_kinds"] = TrackedDict("kinds", _kinds(dossier), log)
    return copy


def _kinds(dossier: Dossier) -> dict[str, Any]:
    return dict(dossier._kinds)  # noqa: SLF001 - the table kind_of reads


def _neighbours(chronology: tuple[str, ...]) -> dict[str, tuple[str | None, str | None]]:
    padded = (None, *chronology, None)
    return {event: (padded[n], padded[n + 2]) for n, event in enumerate(chronology)}


def _differ(a: object, b: object) -> bool:
    return a is not b and a != b  # most entries are the same objects: no deep comparison


def _diff(table: str, old: Mapping[Any, Any], new: Mapping[Any, Any]) -> set[Key]:
    if old is new:
        return set()
    changed: set[Key] = {(table, key) for key in old.keys() | new.keys()
                         if _differ(old.get(key, _MISSING), new.get(key, _MISSING))}
    return changed | {(table, ALL)} if changed else changed


def changed_keys(old: Dossier, new: Dossier) -> set[Key]:
    """Every key whose value differs between two dossiers (both as the views see them)."""
    changed: set[Key] = set()
    for table in TABLES:
        changed |= _diff(table, getattr(old, table), getattr(new, table))
    changed |= _diff("kinds", _kinds(old), _kinds(new))
    changed |= _diff("neighbours", _neighbours(old.chronology), _neighbours(new.chronology))
    if old.chronology != new.chronology:
        changed.add(("chronology", ALL))
    return changed


def _declared(page: Page, dossier: Dossier) -> set[Key]:
    """What a page reads through the views' shared caches (see the module docstring)."""
    kind = page.kind.name
    record = PagePath(page.path).rsplit("/", 1)[-1].removesuffix(".md")
    if kind == "event":
        return {("neighbours", record)}
    if page.kind.record is None:
        # Lists and indexes (the chronology, and any list page added later) may walk the
        # chronology, a tuple that notes nothing: depend on its order, to be safe.
        return {("chronology", ALL)}
    if kind in ("actor", "weapon", "mentions"):
        entity = record if kind != "mentions" else PagePath(page.path).split("/")[1]
        # The order of the articles quoted: their publication dates.
        return {("passages", entity), *(("articles", p.article)
                                        for p in dossier.passages.get(entity, ()))}
    return set()


class _Built:
    """What the last successful build under serve left: the dossier the views saw, each
    page's keys (and, the other way round, each key's pages), and the manifest written."""

    def __init__(self) -> None:
        self.dossier: Dossier | None = None
        self.reads: dict[PagePath, frozenset[Key]] = {}
        self.readers_of: dict[Key, set[PagePath]] = defaultdict(set)
        self.manifest: dict[str, str] = {}
        # The history's fingerprint and the site (build.outside_inputs) the pages show.
        self.outside: tuple[str, SiteInfo] | None = None

    def note(self, page: PagePath, keys: frozenset[Key] | None) -> None:
        """Record the keys a page read (``None``: the page is gone)."""
        if keys is not None and self.reads.get(page) == keys:
            return  # (an index reads 10,000 keys: most often the same ones again)
        for key in self.reads.pop(page, ()):
            self.readers_of[key].discard(page)
        if keys is not None:
            self.reads[page] = keys
            for key in keys:
                self.readers_of[key].add(page)

    def affected(self, changed: Iterable[Key]) -> set[PagePath]:
        """The pages that read one of the ``changed`` keys."""
        return {page for key in changed for page in self.readers_of.get(key, ())}


@dataclass(frozen=True)
class Regeneration:
    """What one regeneration did, for the messages and the benchmark."""

    full: bool
    rendered: int
    changed_keys: int


class _Rendered:
    """The pages to write, rendered one at a time with their keys noted (a
    :class:`~build_tools.output.PageStream`)."""

    def __init__(self, pages: SitePages, render: list[Page], log: _Log, built: _Built,
                 base: Dossier) -> None:
        self.paths = pages.paths
        self._pages, self._render, self._log, self._built = pages, render, log, built
        self._base = base

    def __iter__(self) -> Iterator[tuple[PagePath, str]]:
        views = self._pages.views
        for page in self._render:
            # The per-page caches of the views: a page must read for itself what it shows.
            views._published.clear()  # noqa: SLF001
            views._mentioning = ("", [])  # noqa: SLF001
            self._log.keys = _declared(page, self._base)
            try:
                text = self._pages.render(page)
            finally:
                keys, self._log.keys = self._log.keys, None
            self._built.note(page.path, frozenset(keys))
            yield page.path, text


class LiveBuild:
    """``build`` for ``serve``: the first run builds (or finds docs/ up to date); each later
    run re-renders only the pages the edit can affect."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.last: _Built | None = None
        self.last_run: Regeneration | None = None
        # An unchanged file is not parsed again, an unchanged article not scanned again for
        # mentions, a template not compiled again.
        self.parsed = ParsedCache()
        self.mentions = MentionCache()
        self.records = RecordMemo()
        self.env = make_environment()
        self.files = FileCache()
        self.history = HistoryCache()
        self._everything = True

    def prepare(self) -> BuildResult | None:
        """Render every page once, noting what each reads, so that the first edit is
        incremental. docs/ is normally up to date already, and then nothing is written; an
        edit saved since the last build is written here (its result says so: the served
        site must follow). A failure here is not reported: the next edit renders
        everything and reports it."""
        try:
            return self.run()
        except Exception:  # noqa: BLE001 - the next regeneration reports it
            self.last = None
            return None

    def run(self, changed: Iterable[str | os.PathLike[str]] | None = None) -> BuildResult:
        """Regenerate ``root/docs`` from ``root/data`` (like :func:`build_tools.build.run`
        with ``write=True``).

        ``changed``: the files the watcher saw change; they are read again, and so is any
        other file whose size, times or inode changed (a missed event is caught), while the
        others keep what was read from them. ``None``: every file is read again."""
        self._everything = changed is None
        if changed is None:
            self.files.clear()
        else:
            self.files.forget(changed)
        refresh_schemas(self.root)
        # No garbage collection while an incremental run allocates (its pauses would walk
        # the whole dossier again and again); what the run leaves is collected afterwards,
        # young. Not during a complete one: serve's first one runs while MkDocs builds the
        # whole site in another thread, which needs its collections.
        collecting = gc.isenabled() and self.last is not None
        if collecting:
            gc.disable()
        try:
            with output.locked(self.root):
                return self._pipeline()
        except OSError as exc:
            self.last = None
            return BuildResult((output.environment_problem(self.root, exc),), 0, None)
        finally:
            # The environment outlives the pages: it must not keep them (nor their cycle).
            self.env.globals.pop("permalink", None)
            if collecting:
                gc.enable()

    def _pipeline(self) -> BuildResult:
        root, docs = self.root, self.root / "docs"
        problems = Problems()
        output.preflight(root, problems)
        # The no-op check's digest first (a file changed meanwhile then makes the next
        # build run), which also tells which files changed (hashed again, or gone).
        data = output.data_digest(root, self.files)
        # The files' dates: git status again only of those.
        history = self.history.read(root, None if self._everything else self.files.changed)
        site = site_info(mkdocs_config(root))
        digest = inputs_digest(root, history, site, data=data)
        raw = read_data(root, problems, parsed=self.parsed, files=self.files)
        validated = validate(raw, problems, memo=self.records)
        dossier = None if problems.errors else resolve(validated, self.mentions)
        if dossier is None or problems.errors:
            from build_tools.build import _clobbers

            return BuildResult(tuple(unique([*problems.items, *_clobbers(root)])), 0, None)
        pages = SitePages(dossier, load_labels(site_language(root)), extra=editor_guide(),
                          history=history, site=site, env=self.env)
        base = pages.views.dossier
        log = _Log()
        pages.views.dossier = tracked(base, log)
        _ = pages.views.chronology_position, pages.views.article_rank  # computed untracked
        last, self.last = self._trusted(self.last, docs, (history.fingerprint, site)), None
        if last is None or last.dossier is None:
            built, render, changed = _Built(), list(pages.pages), set()
        else:
            built, changed = last, changed_keys(last.dossier, base)
            todo = built.affected(changed) | (set(pages.paths) - built.reads.keys())
            render = [page for page in pages.pages if page.path in todo]
            for gone in built.reads.keys() - set(pages.paths):
                built.note(gone, None)
        kept = frozenset(pages.paths) - {page.path for page in render}
        found = tuple(unique(problems.items))
        try:
            report = output.write_pages(docs, _Rendered(pages, render, log, built, base),
                                        pages.sources, Stamp(digest, found), kept=kept)
        except DataError as exc:
            return BuildResult(tuple(unique([*found, *exc.problems])), len(pages), None)
        built.dossier, built.manifest = base, output.read_manifest(docs)
        built.outside = (history.fingerprint, site)
        self.last = built
        self.last_run = Regeneration(last is None, len(render), len(changed))
        return BuildResult(found, len(pages), report)

    @staticmethod
    def _trusted(last: _Built | None, docs: Path,
                 outside: tuple[str, SiteInfo]) -> _Built | None:
        """The last build, if its map can be trusted (else everything is rendered)."""
        if last is not None and output.read_manifest(docs) != last.manifest:
            return None  # docs/ changed behind serve's back: start again
        if last is not None and last.outside != outside:
            # Dates (a first edit makes its file uncommitted, so dateless) or the site's
            # address changed: the map does not follow them, so render everything.
            return None
        return last
