"""MkDocs hook loaded by ``python -m build_tools serve`` only (never by ``mkdocs build``).

It shows the state of the last regeneration in the browser: a banner on every page
(:func:`build_tools.serve.banner_html`) and the serve-only pages of
:data:`build_tools.serve.SERVE_PAGES`, made in memory (``File.generated``), never written
into docs/. It watches the state file of :data:`build_tools.serve.LIVE`, so that the browser
reloads when the problems change, even when docs/ did not.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from build_tools.serve import LIVE, SERVE_PAGES, banner_html

# Where Material opens the page's content; the banner goes first inside it.
_CONTENT = re.compile(r'<article class="md-content__inner md-typeset">')
_BODY = re.compile(r"<body[^>]*>")
# Each serve-only page's URL, as MkDocs gave it in on_files.
_URLS: dict[str, str] = {}
# The problems (LIVE.version) that the pages built last show in their banner.
_SHOWN: list[int] = []
# The pages built by the current build (a dirty build builds only some), the pages of the
# site, and the complete search index of the last build.
_BUILT: set[str] = set()
_PAGES: set[str] = set()
_INDEX: list[list[dict[str, Any]]] = []


def on_files(files: Files, config: MkDocsConfig, **_: Any) -> Files:
    """Add the serve-only pages, rendered now from the project folder.

    serve's MkDocs builds are "dirty" (only pages whose Markdown is newer than their HTML
    are built again); when the problems changed, every page's banner must change: the
    built pages are then marked stale (their HTML dated 1970), so this build is complete.
    """
    if _SHOWN and _SHOWN[-1] != LIVE.version:
        for file in files.documentation_pages():
            if file.abs_src_path and os.path.isfile(file.abs_dest_path):
                os.utime(file.abs_dest_path, (0, 0))
    _SHOWN[:] = [LIVE.version]
    _PAGES.clear()
    # As Page.url (the search index's locations) gives them: the home page's is "".
    _PAGES.update("" if file.url in (".", "./") else file.url
                  for file in files.documentation_pages())
    root = Path(config.config_file_path).parent
    for page in SERVE_PAGES:
        # Not in the search index: a dirty build's index (Material) would list them twice.
        content = "---\nsearch:\n  exclude: true\n---\n" + page.markdown(root)
        file = File.generated(config, page.path, content=content)
        _URLS[page.path] = file.url
        files.append(file)
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files, **_: Any) -> Navigation:
    """In a dirty build, the nav's pages that are not built again are not read either, and a
    nav entry without a title of its own would then read « None »: read them (a few)."""
    for page in nav.pages:
        if page.markdown is None and not page.file.is_modified():
            page.read_source(config)
    return nav


def on_post_page(output: str, page: Page, config: MkDocsConfig, **_: Any) -> str:
    """Put the banner at the top of the page's content."""
    links = [(serve_page.title, get_relative_url(_URLS[serve_page.path], page.url))
             for serve_page in SERVE_PAGES]
    banner = banner_html(links)
    place = _CONTENT.search(output) or _BODY.search(output)
    if place is None:
        return banner + output
    return output[:place.end()] + banner + output[place.end():]


def on_serve(server: Any, config: MkDocsConfig, builder: Any, **_: Any) -> Any:
    """Rebuild (and reload the browser) whenever the problems change."""
    server.watch(str(LIVE.folder))
    return server


def on_pre_build(config: MkDocsConfig, **_: Any) -> None:
    """A build begins: no page built yet."""
    _BUILT.clear()


def on_page_context(context: Any, page: Page, config: MkDocsConfig, **_: Any) -> Any:
    """Note each page built."""
    _BUILT.add(page.url)
    return context


def on_post_build(config: MkDocsConfig, **_: Any) -> None:
    """Keep the search index right after a dirty build.

    Material's index after a dirty build keeps the previous entries of every page built
    again but the first (it expects one page per rebuild), and drops those of every page
    whose address starts with the first one's (``acteurs/`` drops every actor). So the
    index is made here: the previous complete index without the pages built again or
    gone, plus the newest entries of the pages built.
    """
    index = Path(config.site_dir) / "search" / "search_index.json"
    if not index.is_file():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    current = data.get("docs", [])
    if _INDEX:
        newest = [e for e in fresh_entries(current, _BUILT) if _page_of(e) in _BUILT]
        kept = [e for e in _INDEX[0] if _page_of(e) in _PAGES and _page_of(e) not in _BUILT]
        data["docs"] = kept + newest
        index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")),
                         encoding="utf-8")
    _INDEX[:] = [data["docs"]]


def _page_of(entry: dict[str, Any]) -> str:
    return str(entry.get("location", "")).partition("#")[0]


def fresh_entries(entries: list[dict[str, Any]], built: set[str]) -> list[dict[str, Any]]:
    """``entries`` where, for each page of ``built``, only the last run of its entries is
    kept (a page's new entries are added together, after its old ones)."""
    last_run: dict[str, int] = {}  # page -> index where its last run starts
    for n, entry in enumerate(entries):
        page = _page_of(entry)
        if page in built and (n == 0 or _page_of(entries[n - 1]) != page):
            last_run[page] = n
    keep = []
    for n, entry in enumerate(entries):
        page = _page_of(entry)
        if page in built and n < last_run[page]:
            continue
        keep.append(entry)
    return keep
