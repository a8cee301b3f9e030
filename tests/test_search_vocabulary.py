"""The vocabulary of the search dialog's typo suggestions (issue 12): docs/search-vocabulary.json,
written by the generator from the actors' and weapons' names, aliases and search aliases."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from build_tools.search_index import vocabulary_terms
from tests.conftest import S400_DATA, make_project, run_cli

VOCABULARY = "docs/search-vocabulary.json"


def test_terms_are_names_and_their_words_once_per_folded_form() -> None:
    terms = vocabulary_terms(["Recep Tayyip Erdoğan", "Erdogan", "ERDOGAN",
                              "Organisation du traité de l’Atlantique nord (OTAN)", "Su-57"])
    assert terms == ["Atlantique", "Erdoğan", "nord", "Organisation",
                     "Organisation du traité de l’Atlantique nord (OTAN)", "OTAN", "Recep",
                     "Recep Tayyip Erdoğan", "Su-57", "Tayyip", "traité"]


def test_terms_do_not_depend_on_the_order_of_names() -> None:
    names = ["Turquie", "Turkey", "République de Turquie", "Türkiye", "S-400 Triumf"]
    assert vocabulary_terms(names) == vocabulary_terms(reversed(names))


@pytest.fixture(scope="module")
def aliased(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen dossier (written before search_aliases existed) with an English search
    alias added to a copy of one record."""
    root = make_project(tmp_path_factory.mktemp("vocabulary"), S400_DATA)
    turkey = root / "data" / "actors" / "turquie.yaml"
    turkey.write_text(turkey.read_text(encoding="utf-8") + "search_aliases:\n  - Turkey\n",
                      encoding="utf-8")
    run_cli(root, "build").check()
    return root


def test_the_build_writes_every_name_and_search_alias(aliased: Path) -> None:
    terms = json.loads((aliased / VOCABULARY).read_text(encoding="utf-8"))
    assert {"Turquie", "Turkey", "Türkiye", "Erdoğan", "Recep Tayyip Erdoğan", "S-400"} <= set(
        terms)
    assert "Ankara" in terms  # an alias
    # Event and article titles are not names: no word of theirs alone.
    assert "Rencontre" not in terms
    # The record page shows the search alias, where Pagefind's index finds it.
    page = (aliased / "docs" / "acteurs" / "turquie.md").read_text(encoding="utf-8")
    assert "Turkey" in page


def test_the_vocabulary_is_the_generators_own(aliased: Path, tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(aliased, root)
    (root / VOCABULARY).write_text("[]", encoding="utf-8")
    refused = run_cli(root, "build")
    assert refused.code == 1
    assert (f"{VOCABULARY}:1:1: error: this generated page was edited by hand; put the change "
            "in the data files instead, then delete the page [hand-edited]" in refused.stderr)
    (root / VOCABULARY).unlink()
    run_cli(root, "build").check()
    again = run_cli(root, "build").check()
    assert "0 written, 0 removed" in again.stdout + again.stderr
