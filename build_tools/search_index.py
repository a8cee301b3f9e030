"""The reader search's index: Pagefind run on a built site (docs/recherche.md).

MkDocs writes the pages; Pagefind (``pagefind[bin]`` from PyPI, no download at run time)
then reads them and writes its chunked index into ``<site>/pagefind/``, which the search
dialog (overrides/assets/javascripts/dossier-search.js) loads from the site itself.
overrides/main.html marks what is indexed: pages with ``data-pagefind-body`` only, so the
editors' guide, the mentions lists and the serve-only pages stay out. Called by
scripts/build_site.py (``make site``) and by the test fixtures that build sites.
"""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from build_tools.text import display_alias

if TYPE_CHECKING:
    from build_tools.model import Actor, Weapon
    from build_tools.resolve import Dossier

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


# -- the vocabulary of typo suggestions (« Vouliez-vous dire … ? ») ---------------------------

# Words of a name shorter than this are not suggested alone (« de », « des », « Su »).
MIN_WORD = 4


def vocabulary_terms(names: Iterable[str]) -> list[str]:
    """The terms a typo may be corrected to: every name whole and each of its words of at
    least ``MIN_WORD`` letters, one spelling per folded form (the first in sorted order),
    sorted by folded form: deterministic, whatever the order of ``names``."""
    spellings: dict[str, str] = {}
    for name in names:
        words = [_ELISION.sub("", word.strip(_PUNCTUATION)) for word in name.split()]
        for term in (name.strip(), *words):
            if term != name.strip() and sum(c.isalnum() for c in term) < MIN_WORD:
                continue
            key = vocabulary_key(term)
            if key and (key not in spellings or _preferred(term) < _preferred(spellings[key])):
                spellings[key] = term
    return [spellings[key] for key in sorted(spellings)]


def _preferred(term: str) -> tuple[int, int, str]:
    return (-sum(not c.isascii() for c in term), sum(c.isupper() for c in term), term)


# Cached: serve's regeneration asks again for the same names after every edit.
@functools.lru_cache(maxsize=1 << 16)
def vocabulary_key(term: str) -> str:
    """Case- and accent-insensitive form, as the search dialog folds a query."""
    decomposed = unicodedata.normalize("NFD", term.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


def vocabulary(dossier: Dossier) -> str:
    """``search-vocabulary.json``: the names, aliases and search aliases of every actor and
    weapon, as :func:`vocabulary_terms`; a JSON list, one term a line."""
    entities: list[Actor | Weapon] = [*dossier.actors.values(), *dossier.weapons.values()]
    names = tuple(display_alias(name) for entity in entities
                  for name in (entity.name, *entity.aliases, *entity.search_aliases))
    return _vocabulary_json(names)


# Cached: under serve, most edits leave every name as it was.
@functools.lru_cache(maxsize=2)
def _vocabulary_json(names: tuple[str, ...]) -> str:
    terms = vocabulary_terms(names)
    return "[\n" + ",\n".join(json.dumps(t, ensure_ascii=False) for t in terms) + "\n]\n"


# Stripped from the ends of a name's words (« (OTAN) », « Erdoğan, »), and the French
# elision at their start (« l’Atlantique »), which the dialog drops from queries too.
_PUNCTUATION = "()[],;:.«»\"'’ \u00a0\u202f"
_ELISION = re.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’ʼ]", re.IGNORECASE)
