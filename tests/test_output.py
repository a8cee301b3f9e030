"""output: the one owner of docs/ survives killed builds, concurrent builds and a machine
that refuses to write, and its no-op check sees everything ``check`` sees in data/."""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from build_tools import output
from build_tools.output import CRASH_EXIT, JOURNAL, LOCK, TEST_HOOK, WAITING, recover
from build_tools.problems import CODES
from tests.conftest import MINI_DATA, Run, make_project, run_cli, subprocess_env, tree

# The real home page links records the mini dossier does not have (dead-link).
SMALL_HOME = "# Dossier de test\n\n- [Acteurs](acteurs/index.md)\n"

TEMPORARY = re.compile(r"\.tmp-[0-9a-f]{12}\.(?:md|json)$")


def change(root: Path) -> None:
    """An edit that rewrites many pages and removes four: every event deleted, an actor
    renamed."""
    shutil.rmtree(root / "data" / "events")
    (root / "data" / "events").mkdir()
    actor = root / "data" / "actors" / "erdogan.yaml"
    text = actor.read_text(encoding="utf-8")
    renamed = re.sub(r"^name: (.+)$", r"name: \1 (rebaptisé)", text, count=1, flags=re.M)
    assert renamed != text
    actor.write_text(renamed, encoding="utf-8")


def spawn(root: Path, hook: str | None = None,
          release: Path | None = None) -> subprocess.Popen[str]:
    """A real ``python -m build_tools build`` (``hook``, ``release``: see output.TEST_HOOK)."""
    env = subprocess_env()
    env.pop(TEST_HOOK, None)
    if hook:
        env[TEST_HOOK] = hook
    if release:
        env[TEST_HOOK + "_RELEASE"] = str(release)
    return subprocess.Popen([sys.executable, "-m", "build_tools", "build", "--root", str(root)],
                            cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def finish(process: subprocess.Popen[str]) -> Run:
    stdout, stderr = process.communicate(timeout=300)
    return Run(process.returncode, stdout, stderr)


def leftovers(root: Path) -> list[str]:
    """Temporaries and journals left anywhere in docs/."""
    return sorted(p.relative_to(root).as_posix() for p in (root / "docs").rglob("*")
                  if TEMPORARY.search(p.name) or p.name == JOURNAL)


@pytest.fixture(scope="module")
def states(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, bytes],
                                                                dict[str, bytes]]:
    """A built mini project (before :func:`change`), its docs/, and docs/ as a clean build
    of the changed data makes it."""
    base = tmp_path_factory.mktemp("old")
    old = make_project(base, MINI_DATA, home=SMALL_HOME)
    run_cli(old, "build").check()
    clean = tmp_path_factory.mktemp("new") / "project"
    shutil.copytree(old, clean)
    change(clean)
    done = run_cli(clean, "build").check()
    counts = re.search(r"(\d+) written, (\d+) removed", done.stdout)
    assert counts and int(counts[1]) >= 6 and int(counts[2]) == 4, done.stdout
    return old, tree(old / "docs"), tree(clean / "docs")


@pytest.fixture
def project(tmp_path: Path, states: tuple[Path, dict[str, bytes], dict[str, bytes]]) -> Path:
    """A copy of the built mini project, with :func:`change` applied (not yet built)."""
    root = tmp_path / "project"
    shutil.copytree(states[0], root)
    change(root)
    return root


# -- a build killed at any point --------------------------------------------------------------

POINTS = ["stage:1", "stage:4", "journal:1", "replace:1", "replace:2", "replace:5",
          "remove:1", "remove:3", "manifest:1"]


@pytest.mark.parametrize("point", POINTS)
def test_a_killed_build_is_finished_or_undone_by_the_next(
        project: Path, states: tuple[Path, dict[str, bytes], dict[str, bytes]],
        point: str) -> None:
    _, old, new = states
    killed = finish(spawn(project, f"crash@{point}"))
    assert killed.code == CRASH_EXIT, killed.stderr  # it really died there
    half = tree(project / "docs")
    if point.startswith(("replace", "remove")):
        assert half not in (old, new)  # killed in the middle of the replacement phase
    # check writes nothing, and does not take the killed build's pages for hand edits.
    assert run_cli(project, "check").code == 0
    assert tree(project / "docs") == half
    # Recovery alone gives a complete docs/: the old one before the journal, else the new.
    with output.locked(project):
        pass
    assert tree(project / "docs") == (old if point.startswith("stage") else new)
    assert run_cli(project, "build").check()
    assert tree(project / "docs") == new
    assert leftovers(project) == []


def test_a_build_killed_while_replaying_a_journal_is_replayed_again(
        project: Path, states: tuple[Path, dict[str, bytes], dict[str, bytes]]) -> None:
    assert finish(spawn(project, "crash@replace:3")).code == CRASH_EXIT
    # The next build dies too, in the middle of finishing the first one's job.
    assert finish(spawn(project, "crash@replace:1")).code == CRASH_EXIT
    assert (project / "docs" / JOURNAL).exists()
    run_cli(project, "build").check()
    assert tree(project / "docs") == states[2]
    assert leftovers(project) == []


def test_a_journal_the_generator_did_not_write_is_dropped_not_followed(
        project: Path, states: tuple[Path, dict[str, bytes], dict[str, bytes]]) -> None:
    docs = project / "docs"
    victim = docs / "index.md"
    (docs / "acteurs" / ".tmp-0123456789ab.md").write_text("x", encoding="utf-8")
    for replace in ([["acteurs/.tmp-0123456789ab.md", "index.md"]],  # outside the sections
                    [["../.tmp-0123456789ab.md", "acteurs/erdogan.md"]],  # not beside it
                    [["acteurs/.tmp-0123456789ab.md", "acteurs/erdogan.md"]]):  # no manifest
        (docs / JOURNAL).write_text(json.dumps({"replace": replace, "remove": [],
                                                "manifest": {}}), encoding="utf-8")
        recover(docs)
        assert not (docs / JOURNAL).exists()
    assert tree(docs) == states[1]
    assert victim.read_bytes() == states[1]["index.md"]


# -- two builds at once ----------------------------------------------------------------------


def test_two_builds_at_once_both_succeed_and_the_second_waits(
        project: Path, tmp_path: Path,
        states: tuple[Path, dict[str, bytes], dict[str, bytes]]) -> None:
    release = tmp_path / "release"
    first = spawn(project, "pause@stage:1", release)  # holds its temporaries until released
    deadline = time.monotonic() + 120
    while not leftovers(project):
        assert first.poll() is None and time.monotonic() < deadline, "no temporary appeared"
        time.sleep(0.02)
    second = spawn(project)
    assert second.stderr is not None
    assert second.stderr.readline() == "waiting for another build to finish…\n"
    release.touch()
    done_first, done_second = finish(first), finish(second)
    done_first.check()
    done_second.check()
    assert WAITING not in done_first.stderr
    assert WAITING not in done_second.stderr  # said once (the line read above)
    assert "unchanged." in done_second.stdout  # the first one's work, seen whole
    assert tree(project / "docs") == states[2]
    assert leftovers(project) == []
    assert (project / LOCK).exists()  # beside docs/, never inside it


# -- the machine refuses ---------------------------------------------------------------------


def _refuse(monkeypatch: pytest.MonkeyPatch, name: str, code: int,
            when: Callable[[str], bool]) -> None:
    real = getattr(os, name)

    def refusing(*args: object, **kwargs: object) -> object:
        target = os.fsdecode(args[1] if name == "replace" else args[0])  # type: ignore[arg-type]
        if when(target):
            raise OSError(code, os.strerror(code), os.fsdecode(args[0]))  # type: ignore[arg-type]
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, refusing)


@pytest.mark.parametrize(("name", "code", "when", "line"), [
    ("open", errno.ENOSPC, lambda path: "/docs/acteurs/.tmp-" in path,
     CODES["cannot-write"].example),
    ("replace", errno.EACCES, lambda path: path.endswith("/docs/" + JOURNAL),
     "docs:1:1: error: cannot write: permission denied; give your user write access to it, "
     "then build again [cannot-write]"),
    ("open", errno.EROFS, lambda path: path.endswith("/" + LOCK),
     ".dossier-build.lock:1:1: error: cannot write: read-only file system; build on a "
     "writable disk (or remount it read-write), then build again [cannot-write]"),
], ids=["disk-full-while-staging", "permission-denied-on-the-journal", "read-only-lock"])
def test_a_machine_error_is_one_clear_line_exit_4_and_changes_nothing(
        project: Path, states: tuple[Path, dict[str, bytes], dict[str, bytes]],
        monkeypatch: pytest.MonkeyPatch, name: str, code: int,
        when: Callable[[str], bool], line: str) -> None:
    before = {p: (project / "docs" / p).stat().st_mtime_ns for p in states[1]}
    with monkeypatch.context() as patch:
        _refuse(patch, name, code, when)
        refused = run_cli(project, "build")
    assert refused.code == 4
    assert refused.stderr.splitlines() == [line, "1 error, 0 warnings — nothing was written."]
    assert "Traceback" not in refused.stdout + refused.stderr
    assert tree(project / "docs") == states[1]
    assert {p: (project / "docs" / p).stat().st_mtime_ns for p in states[1]} == before
    assert leftovers(project) == []
    run_cli(project, "build").check()
    assert tree(project / "docs") == states[2]


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 2 MiB file system (tmpfs), where the machine allows mounting one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
                          capture_output=True, check=False)
    if done.returncode:
        pytest.skip("mounting a small file system is not allowed here (fault injection "
                    "above covers the same paths)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", str(mount)], check=True)


def test_a_really_full_disk(small_disk: Path,
                            states: tuple[Path, dict[str, bytes], dict[str, bytes]]) -> None:
    root = small_disk / "project"
    shutil.copytree(states[0], root)
    change(root)
    filler = small_disk / "filler"
    with filler.open("wb") as handle:  # leave a few kilobytes: the pages do not fit
        free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
        handle.write(b"\0" * max(free - 16 * 1024, 0))
    refused = run_cli(root, "build")
    assert refused.code == 4, refused.stderr
    first = refused.stderr.splitlines()[0]
    assert re.fullmatch(r"docs(/[a-z-]+)*:1:1: error: cannot write: no space left on the disk; "
                        r"free some space, then build again \[cannot-write\]", first), first
    assert tree(root / "docs") == states[1]
    assert leftovers(root) == []
    filler.unlink()
    run_cli(root, "build").check()
    assert tree(root / "docs") == states[2]


# -- build and check agree on data/ ------------------------------------------------------------


@pytest.mark.parametrize("odd", ["empty-folder", "link-to-a-folder", "link-to-a-file"])
def test_build_sees_what_check_sees_in_data_after_a_successful_build(
        project: Path, odd: str) -> None:
    run_cli(project, "build").check()
    actors = project / "data" / "actors"
    if odd == "empty-folder":
        (actors / "x.yaml").mkdir()
    elif odd == "link-to-a-folder":
        (actors / "x.yaml").symlink_to(project / "data" / "weapons")
    else:
        (actors / "x.yaml").symlink_to(actors / "erdogan.yaml")
    checked, built = run_cli(project, "check"), run_cli(project, "build")
    assert checked.code == built.code == 1
    assert built.stderr == checked.stderr
    assert "data/actors/x.yaml:1:1: error: " in built.stderr
