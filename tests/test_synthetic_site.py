"""``make synthetic-site`` (benchmarks/synthetic_site.py, issue 12): a complete synthetic
project and its site, search index included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.bench import Measure, SizeResult, render_table
from benchmarks.search_bench import SearchFigures
from benchmarks.synthetic import Counts
from benchmarks.synthetic_site import build_synthetic_site
from tests.test_makefile import recipe


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


def test_make_synthetic_site_runs_it_with_n_and_dest() -> None:
    assert ("python -m benchmarks.synthetic_site $(DEST) --records $(N)"
            in recipe("synthetic-site"))


def test_the_benchmark_table_shows_the_search_figures() -> None:
    """``make bench``'s table has one row per search figure, against the issue's targets."""
    figures = SearchFigures(pages=11560, index_bytes=52_400_000, ready_ms=412.0,
                            ready_runs=[412.0], query_ms=61.0, query_max_ms=230.0,
                            query_runs=[61.0], first_results_ms=40.0,
                            first_query_bytes=180_000, init_bytes=150_000,
                            found_first=7, queries=7)
    result = SizeResult(10000, Counts(6000, 1900, 1400, 700), 1.0,
                        Measure(True, 1.0, 1.0, 1.0, 1.0, 10.0, 5.0, {"pages": 11560}),
                        index_seconds=23.4, search=figures)
    table = render_table([result])
    for row in ("| search: Pagefind index, s / MB on disk | 23.4 / 52.4 |  |",
                "| search: page load → search ready, ms (median) | 412 | ≤ 1,000 at 10k |",
                "| search: record name → results, ms (median / max) | 61 / 230 | ≤ 200 at 10k |",
                "| search: kB fetched for the first query (+ to initialise) | 180 (+ 150) "
                "| ≤ 1,000 at 10k |",
                "| search: record's own page first | 7/7 |  |"):
        assert row in table.splitlines()
