"""The reader search's index: Pagefind run on a built site (docs/recherche.md).

MkDocs writes the pages; Pagefind (``pagefind[bin]`` from PyPI, no download at run time)
then reads them and writes its chunked index into ``<site>/pagefind/``, which the search
dialog (overrides/assets/javascripts/dossier-search.js) loads from the site itself.
overrides/main.html marks what is indexed: pages with ``data-pagefind-body`` only, so the
editors' guide, the mentions lists and the serve-only pages stay out. Called by
scripts/build_site.py (``make site``) and by the test fixtures that build sites.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

# Where the index goes, inside the site folder.
BUNDLE = "pagefind"
# Kept out of the index: the headings' "¶" permalinks (they would end every title); what the
# generator marks data-search-exclude (the relation pictures' labels, the headings of the
# mentions); and an entity's infobox labels and header (« En bref », « Type »…), which would
# fill excerpts; its values (other names, country) stay searchable. The infobox of events
# and articles is data-pagefind-ignore as a whole (overrides/main.html).
EXCLUDE_SELECTORS = (".headerlink", "[data-search-exclude]", "[data-dossier-infobox] thead",
                     "[data-dossier-infobox] td:first-child")


def index_command(site: Path) -> list[str]:
    """The command line that indexes the built site in ``site``."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site),
               "--output-subdir", BUNDLE, "--silent"]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command


def index_site(site: Path) -> subprocess.CompletedProcess[str]:
    """Index the built site in ``site`` into ``site/pagefind/``; Pagefind's exit and output."""
    return subprocess.run(index_command(site), capture_output=True, text=True, check=False)
