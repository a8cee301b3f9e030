"""write: the manifest, only-changed writes, removals, and refusals that change nothing."""

from __future__ import annotations

import json
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools.output import MANIFEST, read_manifest, write_pages
from build_tools.paths import PagePath
from build_tools.problems import DataError
from tests.conftest import MINI_DATA, generated_tree, make_project, run_cli, tree

# The real home page links to records of the real dossier, which the mini dossier lacks.
HOME = "# Dossier de test\n\n- [Acteurs](acteurs/index.md)\n"

OLD = 1_000_000_000  # a timestamp long past: any write moves a file's mtime away from it


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Content and mtime (ns) of every file under ``folder``."""
    return {path: (data, (folder / path).stat().st_mtime_ns) for path, data in tree(folder).items()}


def age(folder: Path) -> None:
    """Set every file's mtime to :data:`OLD`."""
    for path in folder.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(OLD, OLD))


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The mini dossier, generated once."""
    root = make_project(tmp_path, MINI_DATA, home=HOME)
    run_cli(root, "build").check()
    return root


def set_field(path: Path, field: str, value: str) -> None:
    """Replace the one-line ``field:`` of a YAML record."""
    lines = path.read_text(encoding="utf-8").splitlines()
    changed = [f"{field}: {value}" if line.startswith(f"{field}:") else line for line in lines]
    assert changed != lines, f"no {field}: line in {path}"
    path.write_text("\n".join(changed) + "\n", encoding="utf-8")


# -- writing --------------------------------------------------------------------------------


class Stream:
    """Pages known by path first, rendered on demand; fails at page ``fail_at`` if set."""

    def __init__(self, pages: dict[PagePath, str], fail_at: int | None = None) -> None:
        self.paths = tuple(pages)
        self.pages, self.fail_at, self.rendered = pages, fail_at, 0

    def __iter__(self) -> Iterator[tuple[PagePath, str]]:
        for index, (path, text) in enumerate(self.pages.items()):
            if index == self.fail_at:
                raise RuntimeError("a bug while rendering")
            self.rendered += 1
            yield path, text


def test_streamed_pages_are_written_like_a_mapping(tmp_path: Path) -> None:
    pages = {PagePath(f"acteurs/a{n}.md"): f"# A{n}\n" for n in range(5)}
    write_pages(tmp_path / "mapping", pages, {})
    write_pages(tmp_path / "stream", Stream(pages), {})
    assert tree(tmp_path / "mapping") == tree(tmp_path / "stream")


def test_a_stream_is_checked_before_anything_is_rendered(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "acteurs").mkdir(parents=True)
    (docs / "acteurs" / "a3.md").write_text("hand-written\n", encoding="utf-8")
    stream = Stream({PagePath(f"acteurs/a{n}.md"): f"# A{n}\n" for n in range(5)})
    with pytest.raises(DataError):
        write_pages(docs, stream, {})
    assert stream.rendered == 0
    assert tree(docs) == {"acteurs/a3.md": b"hand-written\n"}


def test_a_rendering_bug_half_way_changes_nothing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    old = {PagePath(f"acteurs/a{n}.md"): f"# A{n}\n" for n in range(5)}
    write_pages(docs, old, {})
    before = snapshot(docs)
    new = {path: text + "changed\n" for path, text in old.items()}
    new[PagePath("mentions/a0/index.md")] = "# new folder\n"
    with pytest.raises(RuntimeError):
        write_pages(docs, Stream(new, fail_at=4), {})
    # The three pages rendered before the failure were staged, never put in place.
    assert snapshot(docs) == before
    report = write_pages(docs, new, {})
    assert len(report.written) == 6


def test_a_stream_that_skips_a_planned_page_changes_nothing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_pages(docs, {PagePath("acteurs/a.md"): "# A\n", PagePath("acteurs/b.md"): "# B\n"}, {})
    before = snapshot(docs)

    class Forgetful(Stream):
        def __iter__(self) -> Iterator[tuple[PagePath, str]]:
            yield PagePath("acteurs/a.md"), "# A2\n"

    with pytest.raises(ValueError, match="acteurs/b.md"):
        write_pages(docs, Forgetful({PagePath("acteurs/a.md"): "", PagePath("acteurs/b.md"): ""}),
                    {})
    assert snapshot(docs) == before


def test_temporary_files_of_a_killed_build_are_removed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_pages(docs, {PagePath("acteurs/a.md"): "# A\n"}, {})
    stale = docs / "acteurs" / ".tmp-0123456789ab.md"
    stale.write_text("half a page", encoding="utf-8")
    mine = docs / "acteurs" / ".tmp-notes.md"  # not a name the generator makes
    mine.write_text("keep", encoding="utf-8")
    write_pages(docs, {PagePath("acteurs/a.md"): "# A2\n"}, {})
    assert not stale.exists() and mine.exists()


def test_a_hand_edit_made_while_pages_render_is_refused(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_pages(docs, {PagePath("acteurs/a.md"): "# A\n", PagePath("acteurs/b.md"): "# B\n"}, {})

    class EditDuringRender(Stream):
        def __iter__(self) -> Iterator[tuple[PagePath, str]]:
            (docs / "acteurs" / "a.md").write_text("edited meanwhile\n", encoding="utf-8")
            yield from super().__iter__()

    pages = {PagePath("acteurs/a.md"): "# A2\n", PagePath("acteurs/b.md"): "# B2\n"}
    with pytest.raises(DataError) as caught:
        write_pages(docs, EditDuringRender(pages), {})
    assert [p.code for p in caught.value.problems] == ["hand-edited"]
    assert (docs / "acteurs" / "a.md").read_text(encoding="utf-8") == "edited meanwhile\n"
    assert (docs / "acteurs" / "b.md").read_text(encoding="utf-8") == "# B\n"
    assert not list(docs.rglob(".tmp-*"))


def test_a_file_where_a_page_folder_goes_is_refused_before_writing(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "mentions").mkdir(parents=True)
    (docs / "mentions" / "turquie").write_text("not a folder\n", encoding="utf-8")
    stream = Stream({PagePath("acteurs/a.md"): "# A\n",
                     PagePath("mentions/turquie/index.md"): "# T\n",
                     PagePath("mentions/turquie/2.md"): "# T2\n"})
    with pytest.raises(DataError) as caught:
        write_pages(docs, stream, {})
    assert [(p.path, p.code) for p in caught.value.problems] == [
        ("docs/mentions/turquie", "overwrite-handwritten")]
    assert stream.rendered == 0 and not (docs / "acteurs").exists()


def test_first_write_creates_pages_and_manifest(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    pages = {PagePath("acteurs/a.md"): "# A\n", PagePath("chronologie/index.md"): "# C\n"}
    report = write_pages(docs, pages, {})
    assert sorted(report.written) == ["acteurs/a.md", "chronologie/index.md"]
    assert (report.removed, report.unchanged) == ((), 0)
    assert (docs / "acteurs" / "a.md").read_text(encoding="utf-8") == "# A\n"
    assert set(read_manifest(docs)) == {"acteurs/a.md", "chronologie/index.md"}
    assert json.loads((docs / MANIFEST).read_text(encoding="utf-8"))["generator"] == "build_tools"
    assert not [p for p in docs.rglob(".tmp-*")], "temporary files left behind"


def test_no_op_rebuild_writes_nothing_and_keeps_mtimes(project: Path) -> None:
    docs = project / "docs"
    age(docs)
    before = snapshot(docs)
    result = run_cli(project, "build").check()
    assert snapshot(docs) == before
    assert " 0 written, 0 removed, " in result.stdout


def test_changed_record_rewrites_only_the_pages_that_changed(project: Path,
                                                              tmp_path: Path) -> None:
    docs = project / "docs"
    before = tree(docs)
    age(docs)
    set_field(project / "data" / "actors" / "erdogan.yaml", "role", "Président de la Turquie")
    result = run_cli(project, "build").check()
    after = snapshot(docs)
    changed = {p for p, (data, _) in after.items() if before.get(p) != data and p != MANIFEST}
    touched = {p for p, (_, mtime) in after.items() if mtime != OLD and p != MANIFEST}
    assert changed == touched == {"acteurs/erdogan.md", "acteurs/index.md"}
    assert f" {len(changed)} written, 0 removed, " in result.stdout
    # The incremental result equals a clean build of the same data.
    fresh = make_project(tmp_path / "fresh", project / "data", home=HOME)
    run_cli(fresh, "build").check()
    assert generated_tree(docs) == generated_tree(fresh / "docs")


def test_deleted_record_page_is_removed(project: Path) -> None:
    docs = project / "docs"
    assert (docs / "evenements" / "annonce.md").exists()
    (project / "data" / "events" / "annonce.yaml").unlink()
    result = run_cli(project, "build").check()
    assert not (docs / "evenements" / "annonce.md").exists()
    assert "evenements/annonce.md" not in read_manifest(docs)
    assert " 1 removed, " in result.stdout


def test_empty_section_folder_is_removed(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_pages(docs, {PagePath("acteurs/a.md"): "# A\n", PagePath("articles/x.md"): "# X\n"}, {})
    report = write_pages(docs, {PagePath("acteurs/a.md"): "# A\n"}, {})
    assert report.removed == ("articles/x.md",)
    assert not (docs / "articles").exists()


def test_hand_written_files_beside_generated_pages_survive(project: Path) -> None:
    docs = project / "docs"
    extra = docs / "acteurs" / "notes-de-travail.md"
    extra.write_text("# Notes\n", encoding="utf-8")
    for event in (project / "data" / "events").iterdir():
        event.unlink()  # every event page goes; the hand-written page stays
    run_cli(project, "build").check()
    assert extra.read_text(encoding="utf-8") == "# Notes\n"
    assert (docs / "index.md").exists() and (docs / "a-propos.md").exists()


# -- refusals ---------------------------------------------------------------------------------


def test_hand_edited_page_is_refused_naming_the_yaml(project: Path) -> None:
    docs = project / "docs"
    page = docs / "acteurs" / "erdogan.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nAjout à la main.\n", encoding="utf-8")
    set_field(project / "data" / "weapons" / "s-400.yaml", "category", "Défense antiaérienne")
    age(docs)
    before = snapshot(docs)
    result = run_cli(project, "build")
    assert result.code == 1
    assert result.stderr.splitlines() == [
        "docs/acteurs/erdogan.md:1:1: error: this generated page was edited by hand; put the "
        "change in data/actors/erdogan.yaml instead, then delete the page [hand-edited]",
        "1 error, 0 warnings — nothing was written.",
    ]
    assert snapshot(docs) == before, "a refused build changed a file"


def test_hand_written_file_at_a_generated_path_is_refused(tmp_path: Path) -> None:
    root = make_project(tmp_path, MINI_DATA, home=HOME)
    mine = root / "docs" / "acteurs" / "erdogan.md"
    mine.parent.mkdir()
    mine.write_text("# Ma page\n", encoding="utf-8")
    before = snapshot(root / "docs")
    result = run_cli(root, "build")
    assert result.code == 1
    assert ("docs/acteurs/erdogan.md:1:1: error: a generated page would overwrite this file, "
            "which the generator did not write; move or rename it [overwrite-handwritten]"
            in result.stderr.splitlines())
    assert snapshot(root / "docs") == before, "a refused build changed a file"
    assert not (root / "docs" / MANIFEST).exists()


def test_check_reports_the_same_refusal_without_writing(project: Path) -> None:
    page = project / "docs" / "evenements" / "rencontre.md"
    page.write_text("# Réécrit\n", encoding="utf-8")
    before = snapshot(project / "docs")
    result = run_cli(project, "check")
    assert result.code == 1
    assert "docs/evenements/rencontre.md:1:1: error: this generated page was edited by hand; " \
           "put the change in data/events/rencontre.yaml instead" in result.stderr
    assert snapshot(project / "docs") == before


def test_hand_edited_page_of_a_deleted_record_is_kept(project: Path) -> None:
    docs = project / "docs"
    page = docs / "evenements" / "annonce.md"
    page.write_text("# Gardé\n", encoding="utf-8")
    (project / "data" / "events" / "annonce.yaml").unlink()
    before = snapshot(docs)
    result = run_cli(project, "build")
    assert result.code == 1
    assert "docs/evenements/annonce.md:1:1: error: the record of this page was deleted, but the " \
           "page was edited by hand; delete it yourself if that edit is not needed " \
           "[hand-edited]" in result.stderr
    assert snapshot(docs) == before


def test_write_pages_refuses_before_writing_anything(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "acteurs").mkdir(parents=True)
    (docs / "acteurs" / "b.md").write_text("mine\n", encoding="utf-8")
    pages = {PagePath("acteurs/a.md"): "# A\n", PagePath("acteurs/b.md"): "# B\n"}
    with pytest.raises(DataError) as caught:
        write_pages(docs, pages, {PagePath("acteurs/b.md"): "data/actors/b.yaml"})
    assert [p.code for p in caught.value.problems] == ["overwrite-handwritten"]
    assert sorted(tree(docs)) == ["acteurs/b.md"]


def test_symlinked_section_is_refused(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    docs.mkdir()
    (docs / "acteurs").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(DataError) as caught:
        write_pages(docs, {PagePath("acteurs/a.md"): "# A\n"}, {})
    assert "symlink" in {p.code for p in caught.value.problems}
    assert list(elsewhere.iterdir()) == []


def test_failed_validation_changes_no_file(project: Path) -> None:
    docs = project / "docs"
    age(docs)
    before = snapshot(docs)
    set_field(project / "data" / "events" / "rencontre.yaml", "date", '"2019-02-30"')
    shutil.copy(project / "data" / "actors" / "erdogan.yaml",
                project / "data" / "actors" / "erdogan-bis.yaml")
    result = run_cli(project, "build")
    assert result.code == 1
    assert result.stderr.splitlines()[-1].endswith("— nothing was written.")
    assert snapshot(docs) == before


def test_generated_pages_have_ordinary_permissions(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    write_pages(docs, {PagePath("acteurs/a.md"): "# A\n"}, {})
    umask = os.umask(0)
    os.umask(umask)
    for path in (docs / "acteurs" / "a.md", docs / MANIFEST):
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask, path
