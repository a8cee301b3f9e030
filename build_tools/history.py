"""When each data file was added and last changed, from git history read in one pass.

Three git commands per build, whatever the size of the dossier: ``rev-parse`` (is this a
repository, is it shallow, where is the project inside it), ``status`` (which data files
have uncommitted changes) and one ``log`` of ``data/`` that lists every commit with the
files it touched. Dates are commit dates (the committer's, in the committer's time zone),
so the output is the same for a given commit on any machine, whatever the files' mtimes.

A date that could be wrong is not given: nothing is known when the project is not in a
git repository (or git is missing), when the clone is shallow (its oldest commit would
claim to have added every file), nor for a file that is untracked or has uncommitted
changes (its last change has no commit yet).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

# Settings a user's git configuration could change in the output we parse.
_GIT = ("git", "-c", "log.showSignature=false", "-c", "core.quotePath=false",
        "-c", "color.ui=never")
# Separates commits in the log: the header of each is \x01<unix time>\t<ISO 8601 date>.
_COMMIT = "\x01"


@dataclass(frozen=True, order=True)
class Commit:
    """When a commit was made: ``timestamp`` orders commits, ``iso`` keeps the committer's
    own date and time zone (RFC 3339, as Atom wants it)."""

    timestamp: int
    iso: str

    @property
    def day(self) -> date:
        """The committer's calendar day."""
        return date.fromisoformat(self.iso[:10])


@dataclass(frozen=True)
class FileDates:
    """The commit that added a file (its latest addition, if it was deleted and added
    again) and the last commit that changed it."""

    added: Commit
    changed: Commit


@dataclass(frozen=True)
class History:
    """The dates of the data files, by path relative to the project (``data/events/x.yaml``);
    a file that is not listed has no date known."""

    files: Mapping[str, FileDates] = field(default_factory=dict)

    def dates(self, paths: Iterable[str]) -> FileDates | None:
        """The dates of a record made of ``paths`` (an article: its .yaml and .txt): added
        with its first file, changed with its last change; ``None`` unless every file has
        known dates."""
        found = [self.files.get(path) for path in paths]
        if not found or any(dates is None for dates in found):
            return None
        known = [dates for dates in found if dates is not None]
        return FileDates(min(d.added for d in known), max(d.changed for d in known))

    @property
    def fingerprint(self) -> str:
        """Everything this history says, as text: the build's no-op check includes it, so
        that a commit (which may turn an unknown date into a known one) rebuilds."""
        return "\n".join(f"{path}\t{d.added.iso}\t{d.changed.iso}"
                         for path, d in sorted(self.files.items()))


def read_history(root: Path, folder: str = "data") -> History:
    """The dates of the files under ``root/folder`` (an empty history when unknown)."""
    return HistoryCache().read(root, None, folder)


# Beyond this many changed files, one status of the whole folder is simpler.
_FEW = 64


class HistoryCache:
    """The history as ``serve`` reads it after each edit: git's log of the folder only when
    HEAD moved (or the index changed), git's status only of the files that changed since
    the last read; everything else in git's answers cannot change without one of those."""

    def __init__(self) -> None:
        self._key: tuple[str, tuple[int, ...]] | None = None  # HEAD, the index's stat
        self._dates: dict[str, FileDates] = {}  # from the log, by path from the project
        self._dirty: set[str] = set()

    def read(self, root: Path, changed: Iterable[str] | None, folder: str = "data") -> History:
        """The history of ``root/folder``; ``changed``: the files (absolute paths) that
        changed since the last read (``None``: unknown, read everything)."""
        probe = _git(root, "rev-parse", "--is-shallow-repository", "--show-prefix",
                     "--git-dir", "HEAD")
        lines = (probe or "").split("\n")
        if probe is None or len(lines) < 4 or lines[0].strip() != "false":
            self._key = None
            return History()  # not a repository, no git, no commit yet, or a shallow clone
        prefix, git_dir, head = lines[1].strip(), lines[2].strip(), lines[3].strip()
        key = (head, _stat(root / git_dir / "index"))
        few = None if changed is None else _inside(root, changed, folder)
        if key != self._key or few is None or len(few) > _FEW:
            if not self._read_all(root, folder, prefix):
                self._key = None
                return History()
        elif few:
            status = _git(root, "status", "--porcelain", "-z", "--untracked-files=all",
                          "--ignored=no", "--", *few)
            if status is None:
                self._key = None
                return History()
            self._dirty = (self._dirty - set(few)) | {_relative(path, prefix)
                                                      for path in _status_paths(status)}
        # (git status may refresh the index: its stat after our reads is the one to keep)
        self._key = (head, _stat(root / git_dir / "index"))
        return History({path: dates for path, dates in self._dates.items()
                        if path not in self._dirty})

    def _read_all(self, root: Path, folder: str, prefix: str) -> bool:
        status = _git(root, "status", "--porcelain", "-z", "--untracked-files=all",
                      "--ignored=no", "--", folder)
        log = _git(root, "log", "-z", "--no-renames", "--name-status",
                   f"--format={_COMMIT}%ct%x09%cI", "--", folder)
        if status is None or log is None:
            return False
        self._dirty = {_relative(path, prefix) for path in _status_paths(status)}
        self._dates = _parse_log(log, prefix)
        return True


def _stat(path: Path) -> tuple[int, ...]:
    try:
        st = os.stat(path)
    except OSError:
        return ()
    return (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino)


def _inside(root: Path, paths: Iterable[str], folder: str) -> list[str]:
    """The ``paths`` under ``root/folder``, relative to ``root`` (as git status takes and
    gives them from there), sorted."""
    base = os.path.abspath(root)
    inside = (os.path.relpath(os.path.abspath(path), base) for path in paths)
    return sorted({path.replace(os.sep, "/") for path in inside
                   if path.split(os.sep)[0] == folder})


def _git(root: Path, *args: str) -> str | None:
    """The output of a git command run in ``root``; ``None`` if it fails or git is missing."""
    # The project folder alone says which repository to read (never an inherited GIT_DIR).
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    try:
        done = subprocess.run([*_GIT, *args], cwd=root, env=env, capture_output=True,
                              check=False)
    except OSError:
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", "surrogateescape")


def _relative(path: str, prefix: str) -> str:
    """A path git gives relative to the repository, made relative to the project."""
    return path[len(prefix):] if prefix and path.startswith(prefix) else path


def _status_paths(status: str) -> Iterable[str]:
    """Every path ``git status --porcelain -z`` names (both sides of a rename)."""
    entries = status.split("\0")
    index = 0
    while index < len(entries):
        entry = entries[index]
        index += 1
        if len(entry) < 4:
            continue
        yield entry[3:]
        if "R" in entry[:2] or "C" in entry[:2]:
            yield entries[index]  # the original path follows a rename or copy
            index += 1


def _parse_log(log: str, prefix: str) -> dict[str, FileDates]:
    """Added and last-changed commits per path, from ``git log -z --name-status``.

    The output alternates a commit header, then ``status\\0path\\0`` pairs. Commits come
    newest first, but the order is not relied on: each date is a maximum or minimum."""
    added: dict[str, Commit] = {}
    changed: dict[str, Commit] = {}
    tokens = iter(log.split("\0"))
    commit: Commit | None = None
    for token in tokens:
        token = token.lstrip("\n")
        if token.startswith(_COMMIT):
            seconds, _, iso = token[1:].partition("\t")
            commit = Commit(int(seconds), iso)
            continue
        path = next(tokens, None)
        if not token or path is None or commit is None:
            continue
        path = _relative(path, prefix)
        if token == "D":
            continue  # a file deleted since is not in data/; one added again is untracked
        changed[path] = max(changed.get(path, commit), commit)
        if token == "A":
            added[path] = max(added.get(path, commit), commit)
    # A file with no addition in the log was added before a path filter could see it
    # (not in a full clone of a normal repository): its dates are not given.
    return {path: FileDates(added[path], last) for path, last in changed.items()
            if path in added}
