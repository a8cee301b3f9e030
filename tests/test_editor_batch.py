"""Proof that an editor's valid batch lands (issue 9 §1): the dossier plus new records passes
``check --strict`` with the committed schemas, builds, and passes the checks the suite runs on
the real dossier.

The batch (tests/fixtures/editor-batch/data, new files only) is what editors add: a French
article of 2019 (.txt and .yaml, with an annotation quoting « » and ’), two actors whose
names contain an existing name (« Congrès des États-Unis » next to « États-Unis », « Maison
Blanche »), three events citing the new article with typographic quotes and apostrophes.

It is laid over the frozen copy of the dossier (tests/fixtures/s400, today's data/), not over
data/ itself: data/ keeps growing, and a future editor's own « Maison Blanche » or a record
with the same id would collide with the batch and fail this test for a valid change — the
very thing it proves cannot happen. The checks themselves are those of tests/test_site.py,
which the suite runs on the real data/ as well. The search table runs on the same batch in
tests/test_browser.py (``test_search_ranks_hold_after_an_editor_batch``).
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from build_tools.model import Kind
from build_tools.readers import known_ids
from tests.conftest import FIXTURES, S400_DATA, Run, make_project, run_cli, run_mkdocs
from tests.test_schema import editor_view, validator
from tests.test_site import (
    SECTIONS,
    check_article_text_appears_literally,
    check_event_and_article_pages_link_both_ways,
    check_event_and_entity_pages_link_both_ways,
    check_every_internal_link_resolves,
    check_every_record_has_a_page,
    check_home_and_chronology_link_into_the_dossier,
    check_no_request_to_another_host,
    record_ids,
)

BATCH_DATA = FIXTURES / "editor-batch" / "data"
ARTICLE = "congres-sanctions-turquie-s400-2019"


def add_editor_batch(data: Path) -> list[Path]:
    """Copy the batch's files into the ``data`` folder; return the new files.

    The batch only adds files: replacing a record would prove nothing about adding one.
    """
    added = []
    for source in sorted(BATCH_DATA.rglob("*")):
        if not source.is_file():
            continue
        target = data / source.relative_to(BATCH_DATA)
        assert not target.exists(), f"the batch would replace {target}"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
        added.append(target)
    return added


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    """``(project, its check --strict before any build)``: the frozen dossier, the committed
    schemas (which do not list the batch's ids) and the batch, then built and MkDocs-built."""
    root = make_project(tmp_path_factory.mktemp("batch"), S400_DATA, schemas=True)
    add_editor_batch(root / "data")
    checked = run_cli(root, "check", "--strict")
    run_cli(root, "build").check()
    run_mkdocs(root).check()
    return root, checked


def test_the_batch_adds_every_kind_of_record() -> None:
    added = {p.relative_to(BATCH_DATA).as_posix() for p in BATCH_DATA.rglob("*") if p.is_file()}
    assert {name.split("/")[0] for name in added} == {"actors", "articles", "events"}
    assert {f"articles/{ARTICLE}.txt", f"articles/{ARTICLE}.yaml",
            "actors/congres-des-etats-unis.yaml"} <= added
    assert not any((S400_DATA / name).exists() for name in added)


def test_check_strict_passes_without_any_other_command(batch: tuple[Path, Run]) -> None:
    _, checked = batch
    checked.check()
    assert checked.stdout.splitlines()[-1].startswith("0 errors, 0 warnings")
    # The committed schemas do not know the new ids: only notes, which --strict allows.
    problems = checked.stderr.splitlines()
    assert problems and all(": note: " in line and line.endswith("[stale-schema]")
                            for line in problems), problems


def test_the_build_refreshes_the_schemas_for_the_new_ids(batch: tuple[Path, Run]) -> None:
    root, _ = batch
    assert run_cli(root, "check", "--strict").check().stderr == ""
    ids = known_ids(root)
    for path in sorted((root / "data").rglob("*.yaml")):
        kind = Kind(path.parent.name)
        errors = [e.message for e in validator(kind, ids).iter_errors(
            editor_view(path.read_text(encoding="utf-8")))]
        assert not errors, f"{path.name}: {errors}"
    assert "congres-des-etats-unis" in ids[Kind.ACTOR]
    assert "congres-des-etats-unis" in (root / "schemas/event.schema.json").read_text(
        encoding="utf-8")


# -- the real-dossier checks, on the dossier plus the batch ---------------------------------


@pytest.mark.parametrize("kind", sorted(SECTIONS))
def test_every_record_has_a_page(batch: tuple[Path, Run], kind: str) -> None:
    check_every_record_has_a_page(batch[0], kind)


def test_home_and_chronology_link_into_the_dossier(batch: tuple[Path, Run]) -> None:
    check_home_and_chronology_link_into_the_dossier(batch[0])


def test_article_text_appears_literally(batch: tuple[Path, Run]) -> None:
    root, _ = batch
    articles = record_ids("articles", root / "data")
    assert ARTICLE in articles
    for article in articles:
        check_article_text_appears_literally(root, article)


def test_links_both_ways(batch: tuple[Path, Run]) -> None:
    check_event_and_entity_pages_link_both_ways(batch[0])
    check_event_and_article_pages_link_both_ways(batch[0])


def test_every_internal_link_resolves(batch: tuple[Path, Run]) -> None:
    check_every_internal_link_resolves(batch[0])


def test_no_request_to_another_host(batch: tuple[Path, Run]) -> None:
    check_no_request_to_another_host(batch[0])


# -- what the batch itself must give -----------------------------------------------------


def _paragraph(root: Path, number: int) -> str:
    """The Markdown of paragraph ``number`` on the new article's generated page."""
    page = (root / "docs" / "articles" / f"{ARTICLE}.md").read_text(encoding="utf-8")
    found = re.search(rf"^\[{number}\]\(#p-{number}\).*$", page, re.M)
    assert found, f"no paragraph {number}"
    return found.group(0)


def test_a_name_containing_an_existing_name_links_to_its_own_record(
        batch: tuple[Path, Run]) -> None:
    root, _ = batch
    first = _paragraph(root, 1)
    assert "[Congrès des États-Unis](../acteurs/congres-des-etats-unis.md)" in first
    assert "(../acteurs/etats-unis.md)" not in first
    assert "[Maison Blanche](../acteurs/maison-blanche.md)" in first
    assert "[Congrès américain](../acteurs/congres-des-etats-unis.md)" in _paragraph(root, 5)
    # The existing record keeps its own mentions.
    assert "[Washington](../acteurs/etats-unis.md)" in _paragraph(root, 3)


def test_typographic_quotes_find_their_paragraph(batch: tuple[Path, Run]) -> None:
    root, _ = batch
    event = (root / "docs" / "evenements" / "congres-reclame-sanctions-turquie-2019.md"
             ).read_text(encoding="utf-8")
    # « L’achat des S-400 … » is paragraph 2; « pas question » is paragraph 4.
    assert f"../articles/{ARTICLE}.md#p-2)" in event
    assert f"../articles/{ARTICLE}.md#p-4)" in event
    article = (root / "docs" / "articles" / f"{ARTICLE}.md").read_text(encoding="utf-8")
    assert "==[^n1]" in _paragraph(root, 4)  # the annotation quoting « pas question »
    assert "[^n1]: " in article
