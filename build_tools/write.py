"""Write rendered pages into ``docs/``: the only stage that touches the disk.

The generator owns the files listed in its manifest and nothing else. Every
check happens before the first write, so a refused build changes no file.
Files are replaced atomically and only when their content changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from build_tools.paths import GENERATED_DIRS, PagePath
from build_tools.problems import DataError, Problem, Severity

MANIFEST = ".dossier-manifest.json"
_UMASK = os.umask(0o022)
os.umask(_UMASK)  # read once: os.umask can only be read by setting it


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
    docs: Path, pages: dict[PagePath, str], sources: dict[PagePath, str],
) -> tuple[dict[str, bytes], list[str], list[Problem]]:
    """Decide what to write and delete; refuse anything that would destroy others' work.

    ``sources`` names the data file behind each page, for the hand-edit message.
    """
    manifest = read_manifest(docs)
    problems: list[Problem] = []
    to_write: dict[str, bytes] = {}
    for directory in GENERATED_DIRS:
        if (docs / directory).is_symlink():
            problems.append(_problem(f"docs/{directory}", "generated section is a symbolic "
                                     "link; replace it with a folder", "symlink"))
    for page_path, text in sorted(pages.items()):
        page = str(page_path)
        target = docs / page
        data = text.encode("utf-8")
        if target.is_symlink():
            problems.append(_problem(f"docs/{page}", "is a symbolic link; delete it", "symlink"))
            continue
        if target.exists() and not target.is_file():
            problems.append(_problem(f"docs/{page}", "a folder stands where this generated page "
                                     "goes; move it away", "overwrite-handwritten"))
            continue
        if target.exists():
            current = _digest(target.read_bytes())
            if page not in manifest:
                problems.append(_problem(
                    f"docs/{page}", "a generated page would overwrite this file, which the "
                    "generator did not write; move or rename it", "overwrite-handwritten"))
                continue
            if current != manifest[page]:
                problems.append(_problem(
                    f"docs/{page}", "this generated page was edited by hand; put the change in "
                    f"{sources.get(page_path, 'the data files')} instead, then delete the page",
                    "hand-edited"))
                continue
            if current == _digest(data):
                continue
        to_write[page] = data
    to_remove: list[str] = []
    for page, digest in sorted(manifest.items()):
        if page in pages:
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
    return to_write, to_remove, problems


def _atomic_write(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".md")
    try:
        # mkstemp creates 0600 files; published pages must be readable like any other file.
        os.fchmod(fd, 0o666 & ~_UMASK)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def write_pages(
    docs: Path, pages: dict[PagePath, str], sources: dict[PagePath, str],
) -> WriteReport:
    """Bring ``docs/`` in line with ``pages``; raise :class:`DataError` and change nothing
    if that would overwrite or delete a file the generator does not own."""
    to_write, to_remove, problems = plan_writes(docs, pages, sources)
    if problems:
        raise DataError(problems)
    for page, data in to_write.items():
        _atomic_write(docs / page, data)
    for page in to_remove:
        (docs / page).unlink()
        _remove_empty_parents(docs / page, docs)
    manifest = {page: _digest(text.encode("utf-8")) for page, text in sorted(pages.items())}
    payload = json.dumps({"generator": "build_tools", "files": manifest}, indent=1,
                         sort_keys=True) + "\n"
    if read_manifest(docs) != manifest or not (docs / MANIFEST).exists():
        _atomic_write(docs / MANIFEST, payload.encode("utf-8"))
    return WriteReport(tuple(to_write), tuple(to_remove), len(pages) - len(to_write))


def _remove_empty_parents(path: Path, stop: Path) -> None:
    parent = path.parent
    while parent != stop and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent
