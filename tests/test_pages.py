"""site: the page list — every page once, its data file, its template, its typed view model."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from functools import cache
from importlib import resources
from pathlib import Path

import pytest

from build_tools import views
from build_tools.build import load_dossier
from build_tools.editor_guide import GUIDE_PAGE, editor_guide
from build_tools.labels import load_labels
from build_tools.model import Kind
from build_tools.paths import GENERATED_DIRS, GENERATED_FILES, MENTIONS, VOCABULARY, PagePath
from build_tools.problems import Problems
from build_tools.readers import known_ids
from build_tools.resolve import Dossier
from build_tools.site import PAGE_KINDS, SECTION_PAGES, SitePages, page_folders, page_paths
from tests.conftest import FIXTURES, MINI_DATA, make_project, run_cli

# The real home page links records the mini dossier does not have (dead-link).
SMALL_HOME = "# Dossier de test\n\n- [Acteurs](acteurs/index.md)\n"

FR = load_labels("fr")
SYNTHETIC = FIXTURES / "synthetic-small" / "data"


@cache
def site(data: Path) -> tuple[Dossier, SitePages]:
    dossier = load_dossier(data.parent, Problems())
    assert dossier is not None
    return dossier, SitePages(dossier, FR, extra=editor_guide())


@pytest.mark.parametrize("data", [MINI_DATA, SYNTHETIC], ids=["mini", "synthetic-small"])
def test_the_failure_path_knows_every_page_but_the_mention_lists(data: Path) -> None:
    """A dossier with errors is asked for its paths by file name; they are those of the
    valid dossier, mention lists aside (their count depends on the articles' text)."""
    _, pages = site(data)
    expected = {p for p in pages.paths if not p.startswith(f"{MENTIONS}/")}
    assert sorted(page_paths(known_ids(data.parent))) == sorted(expected)


def test_each_page_is_listed_once_with_the_file_to_change() -> None:
    dossier, pages = site(SYNTHETIC)
    assert len(set(pages.paths)) == len(pages.paths) == len(pages)
    sources = pages.sources
    assert sources[PagePath("acteurs/russie.md")] == "data/actors/russie.yaml"
    assert sources[PagePath("mentions/russie/index.md")] == "data/actors/russie.yaml"
    some_event = dossier.chronology[0]
    assert sources[PagePath(f"evenements/{some_event}.md")] == f"data/events/{some_event}.yaml"
    assert sources[GUIDE_PAGE] == "build_tools/editor_guide.py"
    # Made from many files: no single file to name.
    assert PagePath("acteurs/index.md") not in sources
    assert PagePath("chronologie/index.md") not in sources
    assert {p for p in pages.paths if p not in sources} == {
        kind.path for kind in SECTION_PAGES if kind.path != GUIDE_PAGE} | {VOCABULARY}


def test_every_record_kind_and_template_is_in_the_table() -> None:
    assert {k.record for k in PAGE_KINDS if k.record} == set(Kind)
    templates = resources.files("build_tools") / "templates"
    for kind in PAGE_KINDS:
        assert kind.name == "guide" or (templates / kind.template).is_file(), kind.name
    assert len({k.name for k in PAGE_KINDS}) == len(PAGE_KINDS)


def test_the_generated_folders_are_those_of_the_page_list() -> None:
    assert page_folders() == set(GENERATED_DIRS)
    _, pages = site(SYNTHETIC)
    assert {path.partition("/")[0] for path in pages.paths
            if path not in GENERATED_FILES} == page_folders()


def _values(value: object) -> Iterator[object]:
    """``value`` and everything inside it, through dataclasses and tuples."""
    yield value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            yield from _values(getattr(value, f.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from _values(item)


def test_templates_get_frozen_view_models_never_dicts_or_lists(
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Every list split into parts, so that the parts' kinds are built too.
    monkeypatch.setattr(views, "SPLIT_ABOVE", 0)
    # And entity pages list their most recent event only: the complete lists are built too.
    monkeypatch.setattr(views, "ENTITY_EVENTS_SHOWN", 1)
    dossier, _ = site(SYNTHETIC)
    pages = SitePages(dossier, FR, extra=editor_guide())
    kinds = set()
    for page in pages.pages:
        view = page.build()
        if page.kind.name in ("guide", "vocabulary"):  # written in Python, not a template
            assert isinstance(view, str)
            continue
        kinds.add(page.kind.name)
        assert dataclasses.is_dataclass(view)
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(view, dataclasses.fields(view)[0].name, None)
        assert not [v for v in _values(view) if isinstance(v, dict | list | set)], page.path
    assert kinds == {k.name for k in PAGE_KINDS} - {"guide"}


def test_a_failing_build_names_hand_written_files_at_section_pages(tmp_path: Path) -> None:
    """The data has an error, so there is no page list of a valid dossier: the build asks
    the page list for the paths by file name, and reports the files they would replace."""
    root = make_project(tmp_path, MINI_DATA, home=SMALL_HOME)
    (root / "data" / "actors" / "cassé.yaml").write_text("name: x\n", encoding="utf-8")
    for page in ("chronologie/index.md", "acteurs/erdogan.md"):
        (root / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / page).write_text("# Ma page\n", encoding="utf-8")
    result = run_cli(root, "build")
    assert result.code == 1
    lines = result.stderr.splitlines()
    for page in ("chronologie/index.md", "acteurs/erdogan.md"):
        assert (f"docs/{page}:1:1: error: a generated page would overwrite this file, which "
                "the generator did not write; move or rename it [overwrite-handwritten]"
                in lines)
