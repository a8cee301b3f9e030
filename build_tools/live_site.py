"""The served site under ``serve``: one MkDocs session kept alive, pages rebuilt one by one.

MkDocs' own ``serve`` rebuilds the site after every change: even its "dirty" builds list
every file, render the whole sitemap and check every page's anchors (24–55 s at 10,000
records), and it starts by building every page into a temporary folder (~300 s). Here the
configuration, the files, the navigation and the theme's Jinja environment are loaded once
(:meth:`LiveSite.open`, the same calls, in the same order, as
``mkdocs.commands.build.build``) and kept; after the generator reports the pages it wrote or
removed, :meth:`LiveSite.update` renders only those, through MkDocs' own functions
(``_populate_page``, ``_build_page``), checks their links and anchors, and re-renders the
sitemap and the 404 page when the set of pages changed. Each output file is written beside
its target and renamed over it (the served folder may hold hard links to ``site/``, which
must never change). A change of ``mkdocs.yml``, of the theme overrides or of the nav's pages
means a new session and a complete build.

Each rebuilt page's MkDocs warnings (a broken link, a missing anchor) become problems of
the page (``docs/<page>:1:1: warning: … [mkdocs-warning]``), shown by ``serve``.

``site/.inputs-digest`` (:func:`inputs_digest`, written by ``scripts/build_site.py``) says
what ``site/`` was built from: when it matches, ``serve`` serves a copy of ``site/`` and
opens its session without rendering any page.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import html
import importlib.metadata
import logging
import os
import re
import shutil
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from build_tools.problems import Problem, Severity

if TYPE_CHECKING:
    import jinja2
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation

# In site/: what the site was built from (scripts/build_site.py writes it).
DIGEST_FILE = ".inputs-digest"
# The packages whose version changes the HTML of the same Markdown.
_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2",
             "pygments")  # (superfences colours the guide's code through Pygments)
# The theme templates re-rendered when the set of pages changes.
_PAGE_SET_TEMPLATES = ("sitemap.xml", "404.html")
CODE = "mkdocs-warning"  # the problem code of MkDocs' warnings (build_tools/problems.py)
# A page's own content in Material's HTML, and the anchors it holds.
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*)</article>', re.S)
_ANCHOR = re.compile(r'<[a-zA-Z][^>]*?\s(?:id|name)="([^"]*)"')


def _hash_tree(digest: Any, folder: Path, skip_hidden: bool) -> None:
    for current, dirs, names in os.walk(folder, followlinks=True):
        dirs[:] = sorted(d for d in dirs if not (skip_hidden and d.startswith(".")))
        for name in sorted(names):
            if skip_hidden and name.startswith("."):
                continue
            path = os.path.join(current, name)
            digest.update(os.path.relpath(path, folder).encode() + b"\0")
            with open(path, "rb") as handle:
                digest.update(hashlib.sha256(handle.read()).digest())


def inputs_digest(root: Path, site_url: str) -> str:
    """One hash of what MkDocs reads to build ``root``'s site: the files of docs/ (MkDocs
    skips hidden ones: the generator's manifest, journal and lock), mkdocs.yml, the theme
    overrides, the site's address (``site_url``, from the environment) and the versions of
    MkDocs, Material and Markdown."""
    digest = hashlib.sha256(f"{site_url}\0".encode())
    for package in _PACKAGES:
        try:
            version = importlib.metadata.version(package)
        except importlib.metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{package}={version}\0".encode())
    config = root / "mkdocs.yml"
    digest.update(config.read_bytes() if config.is_file() else b"no config\0")
    for name, skip_hidden in (("docs", True), ("overrides", False)):
        digest.update(f"\0{name}\0".encode())
        if (root / name).is_dir():
            _hash_tree(digest, root / name, skip_hidden)
    return digest.hexdigest()


def config_site_url(root: Path) -> str:
    """The ``site_url`` MkDocs reads from ``root``'s mkdocs.yml (``SITE_URL`` applied)."""
    from mkdocs.config import load_config

    with _quiet():
        return str(load_config(str(root / "mkdocs.yml")).site_url or "")


def record_digest(site: Path, digest: str) -> None:
    """Note in ``site`` that it was built from inputs of this :func:`inputs_digest` (taken
    before the build read them), once the whole site, search index included, is there."""
    (site / DIGEST_FILE).write_text(digest + "\n", encoding="utf-8")


def built_digest(site: Path) -> str:
    """The digest ``site/`` was built from ("" when unknown). A site rebuilt since by anything
    else (a plain ``mkdocs build`` keeps hidden files such as this one) has pages newer than
    the digest: unknown."""
    try:
        written = (site / DIGEST_FILE).stat().st_mtime_ns
        for page in _PAGE_SET_TEMPLATES:  # MkDocs writes these at every build
            if (site / page).is_file() and (site / page).stat().st_mtime_ns > written:
                return ""
        return (site / DIGEST_FILE).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """MkDocs' info messages (config loading, "Building…") are not serve's to print."""
    logger = logging.getLogger("mkdocs")
    handler = logging.NullHandler()
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


class _Warnings(logging.Handler):
    """MkDocs' warnings, noted against the page being built (``page``)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.page = ""
        self.found: dict[str, list[str]] = {}

    def emit(self, record: logging.LogRecord) -> None:
        self.found.setdefault(self.page, []).append(record.getMessage())


@dataclass(frozen=True)
class SiteUpdate:
    """What one update did: the pages rendered, and whether every page was."""

    rendered: int
    full: bool


def _nav_sources(nav: Any) -> set[str]:
    """Every page a nav configuration names (``config.nav``: lists, dicts, strings)."""
    if isinstance(nav, str):
        return {nav}
    items = nav.values() if isinstance(nav, dict) else nav if isinstance(nav, list) else ()
    return {source for item in items for source in _nav_sources(item)}


def page_anchors(page_html: str) -> set[str]:
    """The anchors of a built page's own content (its ``<article>``): how anchors of a page
    that this session did not render are checked."""
    found = _ARTICLE.search(page_html)
    return {html.unescape(anchor) for anchor in _ANCHOR.findall(found[1] if found else "")}


class LiveSite:
    """One MkDocs session building ``root``'s site into ``site_dir``, page by page.

    Every MkDocs call holds :attr:`lock`: the server renders serve-only pages from other
    threads."""

    def __init__(self, root: Path, site_dir: Path) -> None:
        self.root = root
        self.site_dir = site_dir
        # Outputs are written here first, then renamed over their target (same file system).
        self.staging = site_dir.with_name(site_dir.name + ".staging")
        self.lock = threading.RLock()
        self.problems_of: dict[str, tuple[Problem, ...]] = {}
        self._config: MkDocsConfig | None = None
        self._files: Files | None = None
        self._nav: Navigation | None = None
        self._env: jinja2.Environment | None = None
        self._doc_files: list[File] = []
        self._nav_sources: set[str] = set()

    # -- the session ------------------------------------------------------------------------

    def open(self, *, render: bool) -> int:
        """Load the configuration, files and nav; with ``render``, build every page into the
        served folder (emptied first, its search index kept), else only read the nav's pages
        (their titles): the folder already holds the site. Returns the pages rendered."""
        from mkdocs.structure.pages import Page

        with self.lock:
            self.problems_of.clear()
            with self._capture(""):
                self._load()
            config, files, nav, env = self._session()
            self._list_pages()
            for file in self._doc_files:
                if file.page is None:
                    Page(None, file, config)
            if render:
                return self._build_all()
            for page in nav.pages:  # the sidebar shows their titles
                page.read_source(config)
            self._env = config.plugins.on_env(env, config=config, files=files)
            return 0

    def reopen(self) -> int:
        """A new session and every page built again (``mkdocs.yml``, the theme or the nav's
        pages changed), beside the served folder: the site keeps being served meanwhile, and
        if the build fails (a broken template) the last good site and session stay. Then the
        new site replaces the served one (two renames) with its search index."""
        from build_tools.search_index import BUNDLE

        fresh = self.site_dir.with_name(self.site_dir.name + ".next")
        shutil.rmtree(fresh, ignore_errors=True)  # left by a crash
        built = LiveSite(self.root, fresh)
        try:
            pages = built.open(render=True)
        except BaseException:
            built.close()
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        built.close()
        with self.lock:
            with contextlib.suppress(FileNotFoundError):
                os.replace(self.site_dir / BUNDLE, fresh / BUNDLE)
            old = self.site_dir.with_name(self.site_dir.name + ".old")
            shutil.rmtree(old, ignore_errors=True)
            os.replace(self.site_dir, old)
            os.replace(fresh, self.site_dir)
            shutil.rmtree(old, ignore_errors=True)
            self.open(render=False)
            self.problems_of.update(built.problems_of)
        return pages

    def _load(self) -> None:
        """MkDocs' build, up to its nav (``mkdocs.commands.build.build``)."""
        from mkdocs.config import load_config
        from mkdocs.structure.files import get_files, set_exclusions
        from mkdocs.structure.nav import get_navigation

        config = load_config(str(self.root / "mkdocs.yml"), site_dir=str(self.site_dir))
        config.plugins.on_startup(command="serve", dirty=False)
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        files = get_files(config)
        env = config.theme.get_env()
        files.add_files_from_theme(env, config)
        files = config.plugins.on_files(files, config=config)
        set_exclusions(files, config)
        nav = get_navigation(files, config)
        nav = config.plugins.on_nav(nav, config=config, files=files)
        self.close()  # the new session is ready: the old one ends
        self._config, self._files, self._nav, self._env = config, files, nav, env
        self._nav_sources = _nav_sources(config.nav or [])

    def close(self) -> None:
        """End the session (MkDocs' ``on_shutdown``)."""
        with self.lock:
            if self._config is not None:
                self._config.plugins.on_shutdown()
            self._config = None

    @property
    def problems(self) -> tuple[Problem, ...]:
        """The MkDocs warnings of the pages built last, page by page."""
        return tuple(p for _, found in sorted(self.problems_of.items()) for p in found)

    def _session(self) -> tuple[MkDocsConfig, Files, Navigation, jinja2.Environment]:
        if self._config is None or self._files is None or self._nav is None \
                or self._env is None:
            raise RuntimeError("LiveSite.open() first")  # a caller's bug
        return self._config, self._files, self._nav, self._env

    def _list_pages(self) -> None:
        from mkdocs.structure.files import InclusionLevel

        _, files, _, _ = self._session()
        self._doc_files = list(files.documentation_pages(inclusion=InclusionLevel.is_included))

    @contextlib.contextmanager
    def _capture(self, page: str) -> Iterator[_Warnings]:
        """Note MkDocs' warnings (against ``page`` until told otherwise) and keep its info
        messages quiet."""
        logger = logging.getLogger("mkdocs")
        handler = _Warnings()
        handler.page = page
        logger.addHandler(handler)
        try:
            with _quiet():
                yield handler
        finally:
            logger.removeHandler(handler)
            for source, messages in handler.found.items():
                self.problems_of[source] = tuple(
                    Problem(f"docs/{source}" if source else "mkdocs.yml", 1, 1,
                            Severity.WARNING, message, "mkdocs-warning")
                    for message in messages)

    # -- complete build ---------------------------------------------------------------------

    def _build_all(self) -> int:
        """Every page, as ``mkdocs build`` does it, into the emptied served folder."""
        from mkdocs.commands.build import (
            _build_extra_template,
            _build_page,
            _build_theme_template,
            _populate_page,
        )

        from build_tools.search_index import BUNDLE

        config, files, nav, env = self._session()
        self.problems_of.clear()
        self.site_dir.mkdir(parents=True, exist_ok=True)
        for entry in os.scandir(self.site_dir):  # unlink (never truncate) what is there
            if entry.name != BUNDLE:
                shutil.rmtree(entry.path) if entry.is_dir(follow_symlinks=False) \
                    else os.unlink(entry.path)
        with self._capture("") as warnings:
            for file in self._doc_files:
                warnings.page = file.src_uri
                _populate_page(file.page, config, files)  # type: ignore[arg-type]
            warnings.page = ""
            self._env = env = config.plugins.on_env(env, config=config, files=files)
            files.copy_static_files()
            for template in config.theme.static_templates:
                _build_theme_template(template, env, files, config, nav)
            for template in config.extra_templates:
                _build_extra_template(template, files, config, nav)
            for file in self._doc_files:
                warnings.page = file.src_uri
                _build_page(file.page, config, self._doc_files, nav, env)  # type: ignore[arg-type]
            self._validate(self._doc_files, warnings)
            config.plugins.on_post_build(config=config)
        self._forget(self._doc_files)
        return len(self._doc_files)

    def _validate(self, pages: Sequence[File], warnings: _Warnings) -> None:
        """Check the anchors the ``pages`` link to; a target this session never rendered
        gets its anchors from its built HTML."""
        config, files, _, _ = self._session()
        for file in pages:
            page = file.page
            assert page is not None
            for target in (page.links_to_anchors or {}):
                if target.page is not None and target.page.present_anchor_ids is None:
                    target.page.present_anchor_ids = self._built_anchors(target)
            warnings.page = file.src_uri
            page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)

    @staticmethod
    def _built_anchors(file: File) -> set[str] | None:
        try:
            with open(file.abs_dest_path, encoding="utf-8") as handle:
                return page_anchors(handle.read())
        except OSError:
            return None  # not built: not checked (as MkDocs does for a page not rendered)

    # -- one change -------------------------------------------------------------------------

    def update(self, changed: Iterable[str]) -> SiteUpdate:
        """Bring the served site in line with docs/ after the files ``changed``
        (docs-relative, written, added or removed) changed."""
        with self.lock:
            changed = sorted(set(changed))
            changed = self._with_folders(changed)
            page_set = self._change_file_set(changed)
            if page_set is None:  # the nav's pages changed: a new session
                return SiteUpdate(self.reopen(), True)
            _, files, nav, _ = self._session()
            rebuilt = [file for p in changed if (file := files.get_file_from_path(p))]
            titles = {page.file.src_uri: page.title for page in nav.pages}
            count = self._rebuild(rebuilt)
            if any(page.title != titles.get(page.file.src_uri) for page in nav.pages):
                count = self._rebuild(self._doc_files)  # every sidebar shows the titles,
                self._render_page_set()  # and so does the 404 page
                return SiteUpdate(count, True)
            if page_set:
                self._render_page_set()
            return SiteUpdate(count, False)

    def _with_folders(self, changed: Sequence[str]) -> list[str]:
        """``changed`` with the files of the folders in it: a folder moved in or out (or to
        the bin) is one event for the folder, not one per file."""
        config, files, _, _ = self._session()
        docs = Path(config.docs_dir)
        found = set(changed)
        for path in changed:
            if files.get_file_from_path(path) is not None:
                continue
            if (docs / path).is_dir():
                found |= {f.relative_to(docs).as_posix() for f in (docs / path).rglob("*")
                          if f.is_file()}
            found |= {f.src_uri for f in files if f.src_uri.startswith(path + "/")}
        return sorted(found)

    def _change_file_set(self, changed: Sequence[str]) -> bool | None:
        """Add the new files of ``changed`` to the session and remove the deleted ones;
        whether the set of files changed (``None``: a page the nav names came or went)."""
        config, files, _, _ = self._session()
        docs = Path(config.docs_dir)
        added = [p for p in changed if files.get_file_from_path(p) is None
                 and (docs / p).is_file()]
        removed = [p for p in changed if files.get_file_from_path(p) is not None
                   and not (docs / p).is_file()]
        if any(p in self._nav_sources for p in [*added, *removed]):
            return None
        for path in removed:
            self._remove(path)
        for path in added:
            self._add(path)
        if added:
            self._sort()
        if added or removed:
            self._list_pages()
        return bool(added or removed)

    def _add(self, path: str) -> None:
        from mkdocs.structure.files import File, set_exclusions
        from mkdocs.structure.pages import Page

        config, files, _, _ = self._session()
        file = File(path, config.docs_dir, str(self.site_dir), config.use_directory_urls)
        set_exclusions([file], config)
        files.append(file)
        if file.is_documentation_page():
            Page(None, file, config)

    def _sort(self) -> None:
        """Put the files in the order ``get_files`` lists them (folder by folder, a
        folder's files before its subfolders, index first): the sitemap follows it."""
        from mkdocs.structure.files import _file_sort_key

        config, files, _, _ = self._session()

        def key(file: File) -> tuple[tuple[int, Any], ...]:
            path = PurePosixPath(file.src_uri)
            return (*((1, part) for part in path.parent.parts),
                    (0, _file_sort_key(path.name)))

        docs = sorted((f for f in files if f.src_dir == config.docs_dir), key=key)
        theme = [f for f in files if f.src_dir != config.docs_dir]
        files._src_uris = {f.src_uri: f for f in [*docs, *theme]}  # noqa: SLF001

    def _remove(self, path: str) -> None:
        _, files, _, _ = self._session()
        file = files.get_file_from_path(path)
        assert file is not None
        files.remove(file)
        self.problems_of.pop(path, None)
        with contextlib.suppress(FileNotFoundError):
            os.unlink(file.abs_dest_path)
        folder = Path(file.abs_dest_path).parent
        while folder != self.site_dir and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent

    def _rebuild(self, changed: Sequence[File]) -> int:
        """Render, write and check the ``changed`` files' pages; copy the other files."""
        from mkdocs.commands.build import _build_page, _populate_page

        config, files, nav, env = self._session()
        pages = [f for f in changed if f.is_documentation_page()
                 and f.inclusion.is_included()]  # type: ignore[no-untyped-call]
        for file in changed:
            if not file.is_documentation_page():
                self._staged(file, functools.partial(file.copy_file, dirty=False))
        with self._capture("") as warnings:
            for file in pages:
                self.problems_of.pop(file.src_uri, None)
                warnings.page = file.src_uri
                _populate_page(file.page, config, files)  # type: ignore[arg-type]
            for file in pages:
                warnings.page = file.src_uri
                self._staged(file, functools.partial(
                    _build_page, file.page, config, self._doc_files, nav,  # type: ignore[arg-type]
                    env))
            self._validate(pages, warnings)
        self._forget(pages)
        return len(pages)

    def _forget(self, pages: Sequence[File]) -> None:
        """Drop the Markdown and HTML of built pages that other pages do not show (only the
        nav's titles are): serve keeps its session for hours, at 10,000 pages."""
        _, _, nav, _ = self._session()
        shown = {page.file.src_uri for page in nav.pages}
        for file in pages:
            if file.page is not None and file.src_uri not in shown:
                file.page.markdown = file.page.content = None

    def _staged(self, file: File, write: Any) -> None:
        """Run ``write`` with the file's output in the staging folder, then rename it over
        the served one: never written in place, as it may be a hard link to site/."""
        target = file.abs_dest_path
        staged = os.path.join(self.staging, file.dest_uri)
        file.abs_dest_path = staged  # (a cached property: the path MkDocs writes to)
        try:
            write()
        finally:
            file.abs_dest_path = target
        self._publish(staged, target)

    @staticmethod
    def _publish(staged: str, target: str) -> None:
        if os.path.exists(staged):
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.replace(staged, target)

    def _render_page_set(self) -> None:
        """The sitemap and the 404 page (its nav), after pages were added or removed."""
        from mkdocs.commands.build import _build_theme_template

        config, files, nav, env = self._session()
        names = [t for t in _PAGE_SET_TEMPLATES if t in config.theme.static_templates]
        config["site_dir"] = str(self.staging)
        try:
            with self._capture(""):
                for name in names:
                    _build_theme_template(name, env, files, config, nav)
        finally:
            config["site_dir"] = str(self.site_dir)
        for name in names:
            for output in (name, f"{name}.gz"):
                self._publish(str(self.staging / output), str(self.site_dir / output))

    # -- serve-only pages -------------------------------------------------------------------

    def render_extra(self, src_uri: str, markdown: str) -> str:
        """The HTML of a page that exists only in memory (``src_uri``: docs-relative), in the
        site's theme and nav; its warnings are not the dossier's problems."""
        from mkdocs.commands.build import _populate_page, get_context
        from mkdocs.structure.files import File
        from mkdocs.structure.pages import Page

        with self.lock, _quiet():
            config, files, nav, env = self._session()
            file = File.generated(config, src_uri, content=markdown)
            page = Page(None, file, config)
            _populate_page(page, config, files)
            page.active = True
            try:
                context = get_context(nav, self._doc_files, config, page)
                template = env.get_template(page.meta.get("template", "main.html"))
                context = config.plugins.on_page_context(context, page=page, config=config,
                                                         nav=nav)
                output = template.render(context)
                return str(config.plugins.on_post_page(output, page=page, config=config))
            finally:
                page.active = False

    def url_of(self, src_uri: str) -> str:
        """The site-relative URL MkDocs gives a docs-relative page path."""
        from mkdocs.structure.files import File

        config, _, _, _ = self._session()
        return str(File(src_uri, config.docs_dir, str(self.site_dir),
                        config.use_directory_urls).url)

    @property
    def mount_path(self) -> str:
        """Where the site is served: the path of its ``site_url`` ("/" without one)."""
        from urllib.parse import urlsplit

        config, _, _, _ = self._session()
        return urlsplit(config.site_url or "/").path or "/"
