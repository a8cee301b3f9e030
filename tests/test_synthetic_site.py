"""``make synthetic-site`` (benchmarks/synthetic_site.py, issue 12): a complete synthetic
project and its site, search index included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.synthetic_site import build_synthetic_site


def test_a_small_synthetic_project_gets_its_site_and_search_index(tmp_path: Path) -> None:
    dest = tmp_path / "synthetic"
    assert build_synthetic_site(dest, 20, seed=3) == 0
    for path in ("mkdocs.yml", "overrides/main.html", "docs/recherche.md", "data/actors"):
        assert (dest / path).exists(), path
    site = dest / "site"
    assert (site / "index.html").is_file()
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert len(list((site / "acteurs").glob("*/index.html"))) == len(
        list((dest / "data" / "actors").glob("*.yaml")))
    terms = json.loads((site / "search-vocabulary.json").read_text(encoding="utf-8"))
    assert terms and all(isinstance(t, str) for t in terms)


def test_it_never_writes_into_a_folder_that_holds_files(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert build_synthetic_site(tmp_path, 20) == 2
    assert capsys.readouterr().err == f"{tmp_path} is not empty: give a new folder\n"
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
