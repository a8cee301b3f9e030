"""Write rendered pages into ``docs/``: the only stage that touches the disk.

The generator owns the files listed in its manifest and nothing else. Every
check happens before the first write, so a refused build changes no file.
Files are replaced atomically and only when their content changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import stat
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from build_tools.paths import GENERATED_DIRS, PagePath
from build_tools.problems import DataError, Problem, Severity

MANIFEST = ".dossier-manifest.json"


class PageStream(Protocol):
    """Pages known by path first and rendered one at a time (:class:`render.SitePages`)."""

    @property
    def paths(self) -> Collection[PagePath]: ...

    def __iter__(self) -> Iterator[tuple[PagePath, str]]: ...


@dataclass(frozen=True)
class WriteReport:
    """What a write did."""

    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(docs: Path) -> dict[str, str]:
    """``{docs-relative path: sha256}`` of the files the generator wrote last time."""
    path = docs / MANIFEST
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
    except (ValueError, KeyError, TypeError):
        return {}
    return {str(k): str(v) for k, v in files.items()}


def _problem(path: str, message: str, code: str) -> Problem:
    return Problem(path, 1, 1, Severity.ERROR, message, code)


def plan_writes(
    docs: Path, paths: Collection[PagePath], sources: Mapping[PagePath, str],
) -> tuple[list[str], list[Problem]]:
    """Refuse anything that would destroy others' work; list the pages to delete.

    Decided from the paths alone, before any page is rendered: a page may replace only a
    file the generator wrote and nobody edited since. ``sources`` names the data file
    behind each page, for the hand-edit message.
    """
    manifest = read_manifest(docs)
    problems: list[Problem] = []
    for directory in GENERATED_DIRS:
        if (docs / directory).is_symlink():
            problems.append(_problem(f"docs/{directory}", "generated section is a symbolic "
                                     "link; replace it with a folder", "symlink"))
    blocked = _blocked_folders(docs, paths, problems)
    for page_path in sorted(paths):
        if any(str(parent) in blocked for parent in PurePosixPath(page_path).parents):
            continue
        problem = _refusal(docs, page_path, manifest, sources)
        if problem:
            problems.append(problem)
    to_remove: list[str] = []
    for page, digest in sorted(manifest.items()):
        if page in paths:
            continue
        target = docs / page
        if not target.exists() and not target.is_symlink():
            continue
        if target.is_symlink() or not target.is_file() or _digest(target.read_bytes()) != digest:
            problems.append(_problem(
                f"docs/{page}", "the record of this page was deleted, but the page was edited "
                "by hand; delete it yourself if that edit is not needed", "hand-edited"))
            continue
        to_remove.append(page)
    return to_remove, problems


def _blocked_folders(docs: Path, paths: Collection[PagePath],
                     problems: list[Problem]) -> set[str]:
    """Folders the pages go into (``mentions/turquie``) where a file or a symbolic link
    stands instead: each reported once, and its pages skipped."""
    blocked: set[str] = set()
    folders = {str(parent) for page in paths for parent in PurePosixPath(page).parents}
    for folder in sorted(folders - {"."}):
        target = docs / folder
        if target.is_symlink():
            if folder not in GENERATED_DIRS:  # (those are reported by plan_writes already)
                problems.append(_problem(f"docs/{folder}", "is a symbolic link; delete it",
                                         "symlink"))
            blocked.add(folder)
        elif target.exists() and not target.is_dir():
            problems.append(_problem(f"docs/{folder}", "this is a file, where the generator "
                                     "writes a folder of pages; move or rename it",
                                     "overwrite-handwritten"))
            blocked.add(folder)
    return blocked


def _refusal(docs: Path, page_path: PagePath, manifest: Mapping[str, str],
             sources: Mapping[PagePath, str]) -> Problem | None:
    """Why the generated page may not be written at ``page_path``, if it may not."""
    page = str(page_path)
    target = docs / page
    try:
        mode = os.lstat(target).st_mode  # one system call: a large dossier has many pages
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(mode):
        return _problem(f"docs/{page}", "is a symbolic link; delete it", "symlink")
    if not stat.S_ISREG(mode):
        return _problem(f"docs/{page}", "a folder stands where this generated page goes; "
                        "move it away", "overwrite-handwritten")
    if page not in manifest:
        return _problem(f"docs/{page}", "a generated page would overwrite this file, which the "
                        "generator did not write; move or rename it", "overwrite-handwritten")
    if _digest(target.read_bytes()) != manifest[page]:
        return _problem(f"docs/{page}", "this generated page was edited by hand; put the "
                        f"change in {sources.get(page_path, 'the data files')} instead, then "
                        "delete the page", "hand-edited")
    return None


# Temporary files are named by us alone: ".tmp-" and 12 random hex digits.
_TEMP_NAME = re.compile(r"\.tmp-[0-9a-f]{12}\.(?:md|json)")


def _stage(target: Path, data: bytes, folders: set[Path] | None = None) -> Path:
    """Write ``data`` to a new temporary file beside ``target``; return the temporary path.

    O_EXCL never follows or reuses a file already there; the mode is filtered by the
    umask, so published pages are readable like any other file. ``folders``: the folders
    known to exist already (saves a system call per page).
    """
    if folders is None or target.parent not in folders:
        target.parent.mkdir(parents=True, exist_ok=True)
        if folders is not None:
            folders.add(target.parent)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    while True:
        temp = target.with_name(f".tmp-{secrets.token_hex(6)}{target.suffix}")
        try:
            fd = os.open(temp, flags, 0o666)
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _atomic_write(target: Path, data: bytes) -> None:
    os.replace(_stage(target, data), target)


def _remove_stale_temporaries(docs: Path) -> None:
    """Delete temporary files a killed build left in the generated folders."""
    for directory in GENERATED_DIRS:
        for folder, _, files in os.walk(docs / directory):
            for name in files:
                if _TEMP_NAME.fullmatch(name):
                    os.unlink(os.path.join(folder, name))


def write_pages(
    docs: Path, pages: Mapping[PagePath, str] | PageStream, sources: Mapping[PagePath, str],
) -> WriteReport:
    """Bring ``docs/`` in line with ``pages``; raise :class:`DataError` and change nothing
    if that would overwrite or delete a file the generator does not own.

    Pages are rendered one at a time and each changed page is staged in a temporary file
    beside its target, so memory does not grow with the dossier. Only when every page has
    rendered are the targets checked again (a hand edit made meanwhile is refused) and
    replaced: a rendering failure, or a killed build, leaves ``docs/`` as it was.
    """
    paths = frozenset(pages if isinstance(pages, Mapping) else pages.paths)
    to_remove, problems = plan_writes(docs, paths, sources)
    if problems:
        raise DataError(problems)
    _remove_stale_temporaries(docs)
    previous = read_manifest(docs)
    manifest: dict[str, str] = {}
    staged: list[tuple[Path, PagePath]] = []
    folders: set[Path] = set()
    try:
        for page, text in (pages.items() if isinstance(pages, Mapping) else pages):
            if page not in paths:
                raise ValueError(f"{page} was rendered but not planned")  # a generator bug
            data = text.encode("utf-8")
            manifest[page] = _digest(data)
            # plan_writes checked that an existing page still has its recorded digest.
            if previous.get(page) != manifest[page] or not (docs / page).is_file():
                staged.append((_stage(docs / page, data, folders), page))
        if len(manifest) != len(paths):
            missing = sorted(paths - manifest.keys())
            raise ValueError(f"planned but not rendered: {', '.join(missing)}")  # a bug
        late = [problem for _, page in staged
                if (problem := _refusal(docs, page, previous, sources))]
        if late:
            raise DataError(late)
    except BaseException:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
            _remove_empty_parents(temp, docs)
        raise
    for temp, page in staged:
        os.replace(temp, docs / page)
    for removed in to_remove:
        (docs / removed).unlink()
        _remove_empty_parents(docs / removed, docs)
    if read_manifest(docs) != manifest or not (docs / MANIFEST).exists():
        _save_manifest(docs, manifest)
    written = tuple(page for _, page in staged)
    return WriteReport(written, tuple(to_remove), len(manifest) - len(written))


def _save_manifest(docs: Path, files: Mapping[str, str]) -> None:
    payload = json.dumps({"generator": "build_tools", "files": dict(sorted(files.items()))},
                         indent=1, sort_keys=True) + "\n"
    _atomic_write(docs / MANIFEST, payload.encode("utf-8"))


def _remove_empty_parents(path: Path, stop: Path) -> None:
    parent = path.parent
    while parent != stop and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
