"""The Makefile's developer targets run what CONTRIBUTING says they run."""

from __future__ import annotations

import re

from tests.conftest import REPO

MAKEFILE = (REPO / "Makefile").read_text(encoding="utf-8")
# Golden families that need Chromium: they have their own target, never `make goldens`.
BROWSER_GOLDENS = {"tests/test_browser.py": "search-table"}


def recipe(target: str) -> str:
    """The commands of ``target`` (the lines after ``target:``, up to the blank line)."""
    return MAKEFILE.split(f"\n{target}: ", 1)[1].split("\n\n", 1)[0]


def test_the_site_is_built_by_the_script_that_keeps_it_whole() -> None:
    site = recipe("site")
    assert "scripts/build_site.py" in site
    assert "mkdocs build" not in site


def test_goldens_updates_every_golden_family_but_the_browser_one() -> None:
    """Each test module that rewrites files under ``--update-goldens`` is run by
    ``make goldens``, except the browser's, which ``make search-table`` runs."""
    families = sorted(p.relative_to(REPO).as_posix() for p in (REPO / "tests").glob("test_*.py")
                      if re.search(r"\bupdate_goldens\b", p.read_text(encoding="utf-8")))
    assert "tests/test_errors.py" in families and "tests/test_golden.py" in families
    goldens = recipe("goldens")
    assert "--update-goldens" in goldens
    for family in families:
        if family in BROWSER_GOLDENS:
            assert family not in goldens
            assert family in recipe(BROWSER_GOLDENS[family])
        else:
            assert family in goldens


def test_bench_and_lint_cover_the_benchmarks_folder() -> None:
    assert "python -m benchmarks.bench" in recipe("bench")
    assert re.search(r"ruff check [^\n]*\bbenchmarks\b", recipe("test"))
