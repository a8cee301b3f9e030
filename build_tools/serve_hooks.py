"""MkDocs hook loaded by ``python -m build_tools serve`` only (never by ``mkdocs build``).

It shows the state of the last regeneration in the browser: a banner on every page
(:func:`build_tools.serve.banner_html`) and the serve-only pages of
:data:`build_tools.serve.SERVE_PAGES`, made in memory (``File.generated``), never written
into docs/. It watches the state file of :data:`build_tools.serve.LIVE`, so that the browser
reloads when the problems change, even when docs/ did not.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from build_tools.search_index import BUNDLE, index_site
from build_tools.serve import LIVE, SERVE_PAGES, banner_html

# Where Material opens the page's content; the banner goes first inside it.
_CONTENT = re.compile(r'<article class="md-content__inner md-typeset">')
_BODY = re.compile(r"<body[^>]*>")
# Each serve-only page's URL, as MkDocs gave it in on_files.
_URLS: dict[str, str] = {}
# The problems (LIVE.version) that the pages built last show in their banner.
_SHOWN: list[int] = []


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
    root = Path(config.config_file_path).parent
    for page in SERVE_PAGES:
        # Not in the search index (overrides/main.html marks no search body on them).
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


# -- search: the served site gets an index, not a fresh one at every save -------------------

# The index made at serve's first build when the project has none (no `make site` yet).
_FIRST_INDEX: list[Path] = []


def on_post_build(config: MkDocsConfig, **_: Any) -> None:
    """Give the served site a search index without indexing at every save (Pagefind takes
    seconds on a large dossier): the index of the last ``make site`` (``site/pagefind/``)
    if there is one, else one made at the first build and reused. Search may so lag behind
    edits until the next full build (README)."""
    served = Path(config.site_dir)
    built = Path(config.config_file_path).parent / "site" / BUNDLE
    if (served / BUNDLE).is_dir():
        return  # a dirty rebuild keeps the served folder, and its index, from the last one
    source = built if built.is_dir() else (_FIRST_INDEX[0] if _FIRST_INDEX else None)
    if source is not None:
        shutil.copytree(source, served / BUNDLE, dirs_exist_ok=True)
        return
    if index_site(served).returncode == 0:
        keep = Path(tempfile.mkdtemp(prefix="dossier-serve-index-")) / BUNDLE
        shutil.copytree(served / BUNDLE, keep)
        _FIRST_INDEX.append(keep)
