"""Incremental writes on a synthetic dossier: untouched files stay untouched, and an edit
rewrites exactly the pages whose content changed.

"Exactly" is computed independently of the writer: the edited data is built from scratch
into a second project, and the expected set is the difference between that full render
and the pages before the edit. Writes are detected on disk (a new inode or mtime),
not taken from the generator's own report.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmarks.synthetic import generate
from build_tools.build import run
from build_tools.mdtext import literal
from build_tools.output import MANIFEST
from tests.conftest import GENERATED_SECTIONS, generated_tree, make_project

HOME = "# Dossier synthétique\n\nVoir la [chronologie](chronologie/index.md).\n"
Stamps = dict[str, tuple[int, int]]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with a 50-record synthetic dossier, built once."""
    generate(tmp_path / "synthetic", 50, seed=7)
    root = make_project(tmp_path / "a", tmp_path / "synthetic" / "data", home=HOME)
    assert run(root, write=True).report is not None
    return root


def stamps(docs: Path) -> Stamps:
    """``{path: (inode, mtime_ns)}`` of every file in ``docs`` (atomic writes change both)."""
    return {p.relative_to(docs).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in docs.rglob("*") if p.is_file()}


def touched(before: Stamps, after: Stamps) -> set[str]:
    """Files created or replaced between two :func:`stamps`."""
    return {p for p, stamp in after.items() if before.get(p) != stamp}


def fresh_render(root: Path, tmp_path: Path) -> dict[str, bytes]:
    """The generated pages of ``root``'s current data, built from scratch elsewhere."""
    clean = make_project(tmp_path / "fresh", root / "data", home=HOME)
    assert run(clean, write=True).report is not None
    return generated_tree(clean / "docs")


def differing(old: dict[str, bytes], new: dict[str, bytes]) -> set[str]:
    """Paths added, removed or with different bytes."""
    return {p for p in old.keys() | new.keys() if old.get(p) != new.get(p)}


def rebuild_and_compare(root: Path, tmp_path: Path) -> tuple[set[str], set[str], set[str]]:
    """Rebuild ``root`` incrementally; return (pages written, pages removed, expected)."""
    docs = root / "docs"
    old = generated_tree(docs)
    expected = differing(old, fresh_render(root, tmp_path))
    before = stamps(docs)
    assert run(root, write=True).report is not None
    after = stamps(docs)
    pages = {p for p in touched(before, after) if p.split("/", 1)[0] in GENERATED_SECTIONS}
    removed = set(before) - set(after)
    assert generated_tree(docs) == fresh_render(root, tmp_path / "again")
    return pages, removed, expected


def test_unchanged_rebuild_writes_nothing(project: Path) -> None:
    docs = project / "docs"
    before = stamps(docs)
    report = run(project, write=True).report
    assert report is not None
    assert (report.written, report.removed) == ((), ())
    assert stamps(docs) == before  # manifest and hand-written pages included


def _actor(root: Path) -> Path:
    people = [p for p in sorted((root / "data" / "actors").glob("*.yaml"))
              if "kind: person" in p.read_text(encoding="utf-8")]
    return people[-1]


def _edit_description(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("description: >-\n",
                                 "description: >-\n  Fiche relue par la rédaction.\n", 1),
                    encoding="utf-8")


def _rename(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^name: (.+)$", r"name: \1 (rebaptisé)", text, count=1, flags=re.M),
                    encoding="utf-8")


@pytest.mark.parametrize("edit", [_edit_description, _rename], ids=["description", "rename"])
def test_editing_one_actor_rewrites_exactly_the_pages_that_changed(
    project: Path, tmp_path: Path, edit: Callable[[Path], None],
) -> None:
    actor = _actor(project)
    page = f"acteurs/{actor.stem}.md"
    edit(actor)
    written, removed, expected = rebuild_and_compare(project, tmp_path)
    assert page in expected  # the edit shows on the actor's own page
    assert written == expected
    assert removed == set()


def test_description_edit_touches_only_the_actor_page(project: Path, tmp_path: Path) -> None:
    """A description is shown on its own page only (indexes show name and role)."""
    actor = _actor(project)
    _edit_description(actor)
    written, _, _ = rebuild_and_compare(project, tmp_path)
    assert written == {f"acteurs/{actor.stem}.md"}


def test_rename_updates_every_page_that_links_to_the_actor_by_name(project: Path,
                                                                   tmp_path: Path) -> None:
    """Links whose text is the name change; mentions keep the article's own words."""
    actor = _actor(project)
    name = re.search(r"^name: (.+)$", actor.read_text(encoding="utf-8"), re.M)
    assert name is not None
    target = f"acteurs/{actor.stem}.md"
    linking = _pages_linking_to(generated_tree(project / "docs"), target, literal(name[1]))
    assert len(linking) > 1
    _rename(actor)
    written, _, _ = rebuild_and_compare(project, tmp_path)
    assert linking <= written


def _pages_linking_to(pages: dict[str, bytes], target: str, text: str | None = None) -> set[str]:
    """Pages with a Markdown link to ``target`` (with link text ``text``, if given)."""
    section, name = target.split("/")
    label = re.escape(text.encode()) if text is not None else rb"[^\]]*"
    same = re.compile(rb"\[" + label + rb"\]\(" + re.escape(name.encode()) + rb"[)#]")
    other = re.compile(rb"\[" + label + rb"\]\(\.\./" + re.escape(target.encode()) + rb"[)#]")
    return {path for path, page in pages.items() if path != target and (
        other.search(page) or (path.startswith(section + "/") and same.search(page)))}


def _uncited_article(root: Path) -> str:
    cited = set()
    for event in (root / "data" / "events").glob("*.yaml"):
        cited.update(re.findall(r"article: (\S+)", event.read_text(encoding="utf-8")))
    return sorted({p.stem for p in (root / "data" / "articles").glob("*.yaml")} - cited)[0]


def _delete_article(root: Path) -> str:
    article = _uncited_article(root)
    (root / "data" / "articles" / f"{article}.yaml").unlink()
    (root / "data" / "articles" / f"{article}.txt").unlink()
    return f"articles/{article}.md"


def _delete_event(root: Path) -> str:
    event = sorted((root / "data" / "events").glob("*.yaml"))[0]
    event.unlink()
    return f"evenements/{event.stem}.md"


@pytest.mark.parametrize("delete", [_delete_article, _delete_event], ids=["article", "event"])
def test_deleting_a_record_removes_its_page_and_updates_the_pages_linking_to_it(
    project: Path, tmp_path: Path, delete: Callable[[Path], str],
) -> None:
    before = generated_tree(project / "docs")
    page = delete(project)
    linking = _pages_linking_to(before, page)
    assert linking  # otherwise the test would prove nothing
    written, removed, expected = rebuild_and_compare(project, tmp_path)
    assert removed == {page}
    assert not (project / "docs" / page).exists()
    assert written | removed == expected
    assert linking <= written
    assert not _pages_linking_to(generated_tree(project / "docs"), page)
    manifest = (project / "docs" / MANIFEST).read_text(encoding="utf-8")
    assert f'"{page}"' not in manifest


def test_deleting_every_event_removes_their_pages_and_keeps_hand_written_files(
    project: Path,
) -> None:
    docs = project / "docs"
    events = {f"evenements/{p.stem}.md" for p in (project / "data" / "events").glob("*.yaml")}
    hand_written = {p: docs.joinpath(p).read_bytes() for p in ("index.md", "a-propos.md")}
    shutil.rmtree(project / "data" / "events")
    (project / "data" / "events").mkdir()
    report = run(project, write=True).report
    assert report is not None
    assert set(report.removed) == events
    assert sorted(p.name for p in (docs / "evenements").iterdir()) == ["index.md"]
    assert {p: docs.joinpath(p).read_bytes() for p in hand_written} == hand_written


# -- the no-op short-circuit (build_tools/output.py) ---------------------------------------


def test_unchanged_rebuild_skips_the_work_and_replays_its_problems(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = run(project, write=True)

    def no_reading(*args: object, **kwargs: object) -> None:
        raise AssertionError("an unchanged dossier was read again")

    monkeypatch.setattr("build_tools.build.load_dossier", no_reading)
    again = run(project, write=True)
    assert again.problems == first.problems
    assert again.pages == first.pages


def test_a_hand_edit_defeats_the_short_circuit(project: Path) -> None:
    page = next((project / "docs" / "acteurs").glob("*.md"))
    page.write_text(page.read_text(encoding="utf-8") + "\nRetouche.\n", encoding="utf-8")
    result = run(project, write=True)
    assert result.report is None
    assert [p.code for p in result.problems] == ["hand-edited"]


def test_a_stray_file_in_a_generated_section_defeats_the_short_circuit(project: Path) -> None:
    stray = project / "docs" / "acteurs" / "brouillon.md"
    stray.write_text("# Brouillon\n", encoding="utf-8")
    result = run(project, write=True)
    assert result.report is not None  # the build ran: it does not own the stray file
    assert stray.exists()


def test_a_data_change_defeats_the_short_circuit(project: Path) -> None:
    path = _actor(project)
    _edit_description(path)
    report = run(project, write=True).report
    assert report is not None and report.written
