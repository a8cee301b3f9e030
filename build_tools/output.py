"""The only module that reads or writes ``docs/``: preflight, the no-op check, staging,
replacement, removals, the manifest, the journal and the build lock.

Why one owner: every rule about ``docs/`` (which files the generator owns, what counts as
a hand edit, when a build may skip its work) is decided in one place, against one manifest
schema written by one function, atomically.

* **Ownership.** The generator owns the files listed in its manifest
  (``docs/.dossier-manifest.json``: ``{files: {page: sha256}, inputs, pages, problems}``)
  and nothing else. Every check happens before the first write, so a refused build
  changes no file (Pelican's writer refuses to write a path twice; we also refuse to
  overwrite or delete a file we did not write, or one edited since).
* **Staging.** Pages are rendered one at a time; each changed page goes to a temporary
  file (``.tmp-`` and 12 hex digits) beside its target, so memory does not grow with the
  dossier and a rendering failure leaves ``docs/`` as it was.
* **Journal (crash safety).** Before the first replacement, the list of replacements
  (temporary → page, the staged manifest last), the removals and the new manifest's
  content are written to ``docs/.dossier-journal.json`` (atomically, fsynced); it is
  deleted once the manifest is in place. Everything that needs disk space is written
  before the journal, so the replay only renames and deletes. A build killed at any
  instant therefore leaves either no journal (``docs/`` is the old one, plus temporaries
  the next build deletes) or a journal that the next build replays: every step is
  idempotent (a temporary already moved is skipped, a removed page is gone), so the
  replay finishes the job, as SQLite's and git's journals do. ``check`` does not replay
  (it writes nothing) but accepts the journal's digests as the generator's own. Page
  contents are not fsynced one by one (a killed process's writes are already in the OS
  cache; only a power cut could lose them, and a fsync per page is slow); the manifest
  and the journal are.
* **Lock (concurrency).** A build holds ``fcntl.flock`` on ``.dossier-build.lock``, in
  the project folder beside ``docs/``, from its first look at ``docs/`` to its last
  write, so two builds (or a build and a ``serve`` regeneration) never interleave nor
  delete each other's temporaries; the second one says it waits, once. The OS releases
  the lock when the process dies, so a killed build never blocks the next. The file is
  never deleted (deleting a lock file lets two processes lock two different files). It
  lives outside ``docs/`` so that a refused build leaves ``docs/`` byte for byte as it
  was; the manifest and the journal, inside, are never published: MkDocs excludes every
  dot-file of ``docs/`` (its ``exclude_docs`` default, ``.*``, which a project's own
  ``exclude_docs`` extends but cannot remove).
* **No-op check.** A build whose inputs (every entry of ``data/`` — files, folders and
  links alike, so ``build`` and ``check`` always see the same thing —, ``mkdocs.yml``,
  the generator) and outputs are exactly as the last successful build left them is not
  redone; its problems are replayed from the manifest.
* **Environment errors** (permission denied, disk full, read-only file system) are not
  bugs: :func:`environment_problem` turns them into one located line, code
  ``cannot-write``.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import secrets
import stat
import sys
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from build_tools import pagelinks
from build_tools.paths import (
    GENERATED_DIRS,
    GENERATED_FILES,
    PagePath,
    symlinks_under,
    tree_entries,
)
from build_tools.problems import DataError, Problem, Problems, Severity
from build_tools.readers import FileCache, known_ids

MANIFEST = ".dossier-manifest.json"
JOURNAL = ".dossier-journal.json"
LOCK = ".dossier-build.lock"
WAITING = "waiting for another build to finish…"
# Test-only: "crash@replace:3" ends the process (os._exit) right after the 3rd replacement;
# "pause@stage:1" waits after the first staged page until the file named by
# BUILD_TOOLS_TEST_HOOK_RELEASE exists. See _Checkpoints.
TEST_HOOK = "BUILD_TOOLS_TEST_HOOK"
CRASH_EXIT = 70

_CODE = Path(__file__).resolve().parent
# Temporary files are named by us alone: ".tmp-" and 12 random hex digits.
_TEMP_NAME = re.compile(r"\.tmp-[0-9a-f]{12}\.(?:md|json|xml)")


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


@dataclass(frozen=True)
class Stamp:
    """What the manifest keeps of a successful build besides its files, for the no-op check."""

    inputs: str = ""
    problems: tuple[Problem, ...] = ()


@dataclass(frozen=True)
class Previous:
    """The last build, when nothing changed since: its page count and problems."""

    pages: int
    problems: tuple[Problem, ...]


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _problem(path: str, message: str, code: str) -> Problem:
    return Problem(path, 1, 1, Severity.ERROR, message, code)


# -- the manifest and the journal: read ----------------------------------------------------


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (ValueError, UnicodeDecodeError):
        return None  # written atomically by us, so only a hand edit gets here
    return data if isinstance(data, dict) else None


def _files(data: Mapping[str, object] | None) -> dict[str, str]:
    files = data.get("files") if data else None
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def read_manifest(docs: Path) -> dict[str, str]:
    """``{docs-relative path: sha256}`` of the files the generator wrote last time."""
    return _files(_read_json(docs / MANIFEST))


def _owned(docs: Path) -> dict[str, set[str]]:
    """The generator's files and their acceptable digests: the manifest's, and those of a
    killed build's pending journal (``check`` does not replay it, but must not call its
    half-replaced pages hand-written)."""
    owned = {page: {digest} for page, digest in read_manifest(docs).items()}
    journal = _read_json(docs / JOURNAL)
    manifest = journal.get("manifest") if journal else None
    for page, digest in _files(manifest if isinstance(manifest, dict) else None).items():
        owned.setdefault(page, set()).add(digest)
    return owned


# -- preflight: what would make writing fail half-way or destroy someone's work --------------
# (Formerly readers.check_docs; the links of hand-written pages are parsed by pagelinks.py.)


def _display(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def preflight(root: Path, problems: Problems,
              sections: Iterable[str] = GENERATED_DIRS) -> None:
    """Report what in ``docs/`` would make writing fail half-way or publish the wrong file.

    Symbolic links anywhere (MkDocs would publish whatever they point at), in the
    generated ``sections``, a file where a folder belongs or a folder where a page belongs,
    and, in hand-written pages, links to records that do not exist (:func:`check_page_links`).
    """
    docs = root / "docs"
    if docs.is_symlink():
        problems.error("docs", 1, 1, "docs/ is a symbolic link; MkDocs would publish what it "
                       "points at; replace it with a real folder", "symlink")
        return
    if not docs.is_dir():
        return
    for path in symlinks_under(docs):
        problems.error(_display(path, root), 1, 1, "symbolic links are not allowed in "
                       "docs/: MkDocs would publish what they point at; replace it with a "
                       "copy of the file", "symlink")
    for section in sections:
        _preflight_section(root, docs / section, problems)
    check_page_links(root, problems, sections)



def check_page_links(root: Path, problems: Problems, sections: Iterable[str] = ()) -> None:
    """Report each link of a hand-written page of ``docs/`` to a record page whose record
    does not exist (deleted or renamed): ``mkdocs build --strict`` would fail on it.

    Hand-written pages are the ``.md`` files outside the generated folders; the links are
    checked by :func:`build_tools.pagelinks.check_page`.
    """
    docs = root / "docs"
    if docs.is_symlink() or not docs.is_dir():
        return
    ids = {kind: set(found) for kind, found in known_ids(root).items()}
    shown: dict[str, tuple[int, ...] | None] = {}

    def shown_paragraphs(article_id: str) -> tuple[int, ...] | None:
        if article_id not in shown:
            shown[article_id] = pagelinks.shown_paragraphs(root, article_id)
        return shown[article_id]

    for page in _hand_written_pages(docs, {*GENERATED_DIRS, *sections}):
        try:
            if page.stat().st_size > pagelinks.MAX_PAGE_BYTES:
                continue
            text = page.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # not a page this check can read; MkDocs reports it
        page_dir = os.path.dirname(page.relative_to(docs).as_posix())
        pagelinks.check_page(_display(page, root), page_dir, text, ids, shown_paragraphs,
                             problems)


def _hand_written_pages(docs: Path, generated: set[str]) -> list[Path]:
    """The ``.md`` files of ``docs/`` outside the generated folders, symbolic links left out."""
    pages: list[Path] = []
    for current, dirs, files in os.walk(docs):
        base = Path(current)
        if base == docs:
            dirs[:] = [d for d in dirs if d not in generated]
        dirs[:] = sorted(d for d in dirs if not (base / d).is_symlink())
        pages += [base / f for f in sorted(files)
                  if f.endswith(".md") and not (base / f).is_symlink()]
    return pages


def _preflight_section(root: Path, folder: Path, problems: Problems) -> None:
    if folder.exists() and not folder.is_dir() and not folder.is_symlink():
        problems.error(_display(folder, root), 1, 1, "this is a file, where the "
                       "generator writes a folder of pages; move or rename it",
                       "overwrite-handwritten")
    elif folder.is_dir() and not folder.is_symlink():
        for page in _md_folders(folder):
            problems.error(_display(page, root), 1, 1, "this is a folder, where "
                           "the generator writes a page; move or rename it",
                           "overwrite-handwritten")


def _md_folders(folder: Path) -> list[Path]:
    """The folders named ``*.md`` under ``folder`` (links not followed): a section may hold
    thousands of pages."""
    return sorted(Path(entry.path) for entry in tree_entries(folder)
                  if entry.name.endswith(".md") and entry.is_dir(follow_symlinks=False))


def refusals(docs: Path, paths: Collection[PagePath],
             sources: Mapping[PagePath, str] | None = None) -> list[Problem]:
    """Every reason the pages at ``paths`` may not be written (see :func:`plan_writes`)."""
    return plan_writes(docs, paths, sources or {})[1]


def clobbers(docs: Path, paths: Iterable[PagePath]) -> list[Problem]:
    """The hand-written files and links in ``docs/`` that pages at ``paths`` would replace:
    named even when the data has errors, so that one run shows every problem. (A folder at
    a page's place is reported by :func:`preflight` already.)"""
    planned = [page for page in paths if not (docs / page).is_dir()]
    return [p for p in refusals(docs, planned) if p.code in ("overwrite-handwritten", "symlink")]


def plan_writes(
    docs: Path, paths: Collection[PagePath], sources: Mapping[PagePath, str],
    kept: Collection[PagePath] = frozenset(),
) -> tuple[list[str], list[Problem]]:
    """Refuse anything that would destroy others' work; list the pages to delete.

    Decided from the paths alone, before any page is rendered: a page may replace only a
    file the generator wrote and nobody edited since. ``sources`` names the data file
    behind each page, for the hand-edit message. The ``kept`` pages are not written, so
    not checked.
    """
    owned = _owned(docs)
    problems: list[Problem] = []
    for directory in GENERATED_DIRS:
        if (docs / directory).is_symlink():
            problems.append(_problem(f"docs/{directory}", "generated section is a symbolic "
                                     "link; replace it with a folder", "symlink"))
    # The kept pages are not written: only the folders of the others can block a write.
    blocked = _blocked_folders(docs, paths if not kept else
                               [page for page in paths if page not in kept], problems)
    for page_path in sorted(paths):
        if page_path in kept:
            continue
        if any(str(parent) in blocked for parent in PurePosixPath(page_path).parents):
            continue
        problem = _refusal(docs, page_path, owned, sources)
        if problem:
            problems.append(problem)
    to_remove: list[str] = []
    for page, digests in sorted(owned.items()):
        if page not in paths:
            _plan_removal(docs, page, digests, to_remove, problems)
    return to_remove, problems


def _plan_removal(docs: Path, page: str, digests: set[str], to_remove: list[str],
                  problems: list[Problem]) -> None:
    target = docs / page
    if not target.exists() and not target.is_symlink():
        return
    if target.is_symlink() or not target.is_file() or _digest(target.read_bytes()) not in digests:
        problems.append(_problem(
            f"docs/{page}", "the record of this page was deleted, but the page was edited "
            "by hand; delete it yourself if that edit is not needed", "hand-edited"))
        return
    to_remove.append(page)


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


def _refusal(docs: Path, page_path: PagePath, owned: Mapping[str, set[str]],
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
    if page not in owned:
        return _problem(f"docs/{page}", "a generated page would overwrite this file, which the "
                        "generator did not write; move or rename it", "overwrite-handwritten")
    if _digest(target.read_bytes()) not in owned[page]:
        return _problem(f"docs/{page}", "this generated page was edited by hand; put the "
                        f"change in {sources.get(page_path, 'the data files')} instead, then "
                        "delete the page", "hand-edited")
    return None


# -- the no-op check ------------------------------------------------------------------------


def _entry_kind(entry: os.DirEntry[str]) -> bytes:
    """``f`` file, ``d`` folder, ``l<target>`` link, ``o`` anything else: an empty folder
    or a link in ``data/`` changes the digest, so the build runs and reports it (as
    ``check`` does). The type comes with the folder listing: no system call per file."""
    if entry.is_symlink():
        return b"l" + os.fsencode(os.readlink(entry.path))
    if entry.is_file(follow_symlinks=False):
        return b"f"
    return b"d" if entry.is_dir(follow_symlinks=False) else b"o"


def _file_digest(entry: os.DirEntry[str], files: FileCache | None) -> bytes:
    """The SHA-256 of a file's content (kept in ``files`` while the file is unchanged)."""
    st = entry.stat(follow_symlinks=False) if files is not None else None
    kept = files.get("sha256", entry.path, st) if files is not None and st else None
    if files is not None:
        files.listed(entry.path, read=not isinstance(kept, bytes))
    if isinstance(kept, bytes):
        return kept
    with open(entry.path, "rb") as handle:
        value = hashlib.sha256(handle.read()).digest()
    if files is not None and st is not None:
        files.put("sha256", entry.path, st, value)
    return value


def _digest_tree(digest: hashlib._Hash, base: str, relative: str,
                 files: FileCache | None) -> None:
    with os.scandir(os.path.join(base, relative)) as listing:
        entries = sorted(listing, key=lambda entry: entry.name)
    for entry in entries:
        if entry.name == "__pycache__":
            continue
        kind = _entry_kind(entry)
        digest.update(f"{relative}/{entry.name}\0".encode() + kind + b"\0")
        if kind == b"f":
            digest.update(_file_digest(entry, files))
        elif kind == b"d":
            _digest_tree(digest, base, f"{relative}/{entry.name}", files)


def data_digest(root: Path, files: FileCache | None = None) -> bytes:
    """One hash of every entry of ``data/`` (files by content; folders and links too).
    ``files`` (kept by ``serve``): an unchanged file's digest is not computed again, and
    ``files.changed`` then lists the files hashed again or gone since the last call."""
    digest = hashlib.sha256()
    base = root / "data"
    if base.is_dir() and not base.is_symlink():
        if files is not None:
            files.begin()
        _digest_tree(digest, str(base), ".", files)
        if files is not None:
            files.end()
    else:
        digest.update(b"no folder\0" if not base.is_symlink() else b"link\0")
    return digest.digest()


def inputs_digest(root: Path, extra: str = "", files: FileCache | None = None, *,
                  data: bytes | None = None) -> str:
    """One hash of everything a build reads: every entry of ``data/`` (its
    :func:`data_digest`, or ``data`` when already computed), the generator's code and
    ``mkdocs.yml``; ``extra``: what else the pages depend on (the git history's dates, the
    site's address)."""
    digest = hashlib.sha256(extra.encode())
    digest.update(data if data is not None else data_digest(root, files))
    if _CODE.is_dir():
        _digest_tree(digest, str(_CODE), ".", None)
    config = root / "mkdocs.yml"
    digest.update(config.read_bytes() if config.exists() else b"")
    return digest.hexdigest()


def _generated_files(docs: Path) -> set[str]:
    found: set[str] = {name for name in GENERATED_FILES if os.path.lexists(docs / name)}
    for section in GENERATED_DIRS:
        for folder, _, files in os.walk(docs / section):
            found.update(Path(folder, f).relative_to(docs).as_posix() for f in files)
    return found


def _outputs_intact(docs: Path, files: Mapping[str, str]) -> bool:
    if not files or _generated_files(docs) != set(files):
        return False
    for page, digest in files.items():
        path = docs / page
        if path.is_symlink() or _digest(path.read_bytes()) != digest:
            return False
    return True


def unchanged(docs: Path, digest: str) -> Previous | None:
    """The last build's page count and problems if nothing changed since; else ``None``.

    The generated sections must hold exactly the manifest's files with their digests, so
    a hand edit, a deleted page or a stray file makes the build run in full.
    """
    stamp = _read_json(docs / MANIFEST)
    if not stamp or stamp.get("inputs") != digest or (docs / JOURNAL).exists():
        return None
    if not _outputs_intact(docs, _files(stamp)):
        return None
    try:
        problems = tuple(Problem(path, line, col, Severity(severity), message, code)
                         for path, line, col, severity, message, code in stamp["problems"])
        return Previous(int(stamp["pages"]), problems)
    except (KeyError, TypeError, ValueError):
        return None  # not a manifest this version wrote: build in full


# -- the lock -------------------------------------------------------------------------------


@contextmanager
def locked(root: Path) -> Iterator[None]:
    """Hold the build lock (``.dossier-build.lock`` beside ``docs/``), then finish a killed
    build's work in ``docs/``. A second build prints :data:`WAITING` once on stderr and
    waits for the first to end."""
    if not root.is_dir():
        yield  # nothing to write into: the build reports the missing data/ folder
        return
    fd = os.open(root / LOCK, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o666)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(WAITING, file=sys.stderr, flush=True)
            fcntl.flock(fd, fcntl.LOCK_EX)
        if not (root / "docs").is_symlink():  # (preflight refuses that build)
            recover(root / "docs")
        yield
    finally:
        os.close(fd)  # releases the lock


# -- writing --------------------------------------------------------------------------------


class _Checkpoints:
    """Test-only fault points (:data:`TEST_HOOK`): ``crash@phase:n`` or ``pause@phase:n``.

    Phases: ``stage`` (a page staged), ``journal`` (journal written), ``replace`` (a page
    moved into place), ``remove`` (a page deleted), ``manifest`` (manifest in place)."""

    def __init__(self) -> None:
        hook = os.environ.get(TEST_HOOK, "")
        action, _, point = hook.partition("@")
        phase, _, count = point.partition(":")
        self.action, self.phase = action, phase
        self.at = int(count) if count.isdigit() else 0
        self.seen: dict[str, int] = {}

    def __call__(self, phase: str) -> None:
        if not self.at or phase != self.phase:
            return
        self.seen[phase] = self.seen.get(phase, 0) + 1
        if self.seen[phase] != self.at:
            return
        if self.action == "crash":
            os._exit(CRASH_EXIT)
        if self.action == "pause":  # until the test creates the file it names
            import time

            release = Path(os.environ[TEST_HOOK + "_RELEASE"])
            deadline = time.monotonic() + 120
            while not release.exists() and time.monotonic() < deadline:
                time.sleep(0.02)


def _stage(target: Path, data: bytes, folders: set[Path] | None = None,
           sync: bool = False) -> Path:
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
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _atomic_write(target: Path, data: bytes) -> None:
    temp = _stage(target, data, sync=True)
    try:
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _sync_folder(target.parent)


def _sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _manifest_payload(files: Mapping[str, str], stamp: Stamp) -> dict[str, object]:
    """The one manifest schema."""
    return {"generator": "build_tools", "files": dict(sorted(files.items())),
            "inputs": stamp.inputs, "pages": len(files),
            "problems": [[p.path, p.line, p.col, p.severity.value, p.message, p.code]
                         for p in stamp.problems]}


def _json_bytes(data: Mapping[str, object]) -> bytes:
    # No indent: json's C encoder (the pure-Python one, which indent needs, takes a tenth
    # of a second for 10,000 pages); one line per page anyway, for a reader's diff.
    return (json.dumps(data, sort_keys=True, separators=(",", ":"))
            .replace(',"', ',\n"') + "\n").encode()


def write_pages(
    docs: Path, pages: Mapping[PagePath, str] | PageStream, sources: Mapping[PagePath, str],
    stamp: Stamp | None = None, *, kept: Collection[PagePath] = frozenset(),
) -> WriteReport:
    """Bring ``docs/`` in line with ``pages``; raise :class:`DataError` and change nothing
    if that would overwrite or delete a file the generator does not own.

    Pages are rendered one at a time and each changed page is staged in a temporary file
    beside its target. Only when every page has rendered are the targets checked again (a
    hand edit made meanwhile is refused), the journal written, and the targets replaced.
    The caller holds :func:`locked` (tests that call this directly run alone).

    ``kept``: pages of ``paths`` that ``pages`` does not render, because the caller knows
    they did not change since the manifest was written (``serve``'s incremental
    regeneration, :mod:`build_tools.incremental`): each keeps its file and its manifest
    digest, unchecked and unread; the manifest still lists every page.
    """
    if not kept:
        # (serve's regenerations hold :func:`locked`, which has just recovered: walking
        # every folder of docs/ again for temporaries would cost a tenth of a second)
        recover(docs)
    paths = frozenset(pages if isinstance(pages, Mapping) else pages.paths)
    previous = read_manifest(docs)
    kept = frozenset(kept)
    if not kept <= paths or not kept <= previous.keys():
        raise ValueError("kept pages must be planned and in the manifest")  # a caller's bug
    to_remove, problems = plan_writes(docs, paths, sources, kept)
    if problems:
        raise DataError(problems)
    checkpoint = _Checkpoints()
    files, staged = _stage_pages(docs, pages, paths, previous, sources, checkpoint,
                                 {page: previous[page] for page in kept})
    payload = _manifest_payload(files, stamp or Stamp())
    if staged or to_remove or _read_bytes(docs / MANIFEST) != _json_bytes(payload):
        _commit(docs, staged, to_remove, payload, checkpoint)
    written = tuple(page for _, page in staged)
    return WriteReport(written, tuple(to_remove), len(files) - len(written))


def _stage_pages(
    docs: Path, pages: Mapping[PagePath, str] | PageStream, paths: frozenset[PagePath],
    previous: Mapping[str, str], sources: Mapping[PagePath, str], checkpoint: _Checkpoints,
    kept: Mapping[str, str],
) -> tuple[dict[str, str], list[tuple[Path, PagePath]]]:
    """Render every page not ``kept``; stage the changed ones. On any failure, no
    temporary is left."""
    files: dict[str, str] = dict(kept)
    staged: list[tuple[Path, PagePath]] = []
    folders: set[Path] = set()
    try:
        for page, text in (pages.items() if isinstance(pages, Mapping) else pages):
            if page not in paths or page in kept:
                raise ValueError(f"{page} was rendered but not planned")  # a generator bug
            data = text.encode("utf-8")
            files[page] = _digest(data)
            # plan_writes checked that an existing page still has its recorded digest.
            if previous.get(page) != files[page] or not (docs / page).is_file():
                staged.append((_stage(docs / page, data, folders), page))
                checkpoint("stage")
        if len(files) != len(paths):
            missing = sorted(paths - files.keys())
            raise ValueError(f"planned but not rendered: {', '.join(missing)}")  # a bug
        owned = {page: {digest} for page, digest in previous.items()}
        late = [problem for _, page in staged if (problem := _refusal(docs, page, owned, sources))]
        if late:
            raise DataError(late)
    except BaseException:
        _discard(docs, staged)
        raise
    return files, staged


def _discard(docs: Path, staged: Iterable[tuple[Path, PagePath]]) -> None:
    for temp, _ in staged:
        try:
            temp.unlink(missing_ok=True)
            _remove_empty_parents(temp, docs)
        except OSError:
            pass  # the next build deletes it (see recover); the first error is the one to show


def _commit(docs: Path, staged: list[tuple[Path, PagePath]], to_remove: list[str],
            payload: Mapping[str, object], checkpoint: _Checkpoints) -> None:
    """Stage the manifest too, write the journal, then carry it out.

    Everything that needs disk space is written before the journal: the replay only
    renames and deletes, so a full disk can stop a build only while ``docs/`` is intact.
    """
    try:
        manifest = _stage(docs / MANIFEST, _json_bytes(payload), sync=True)
        staged = [*staged, (manifest, PagePath(MANIFEST))]
        journal = {"replace": [[temp.relative_to(docs).as_posix(), page]
                               for temp, page in staged],
                   "remove": to_remove, "manifest": payload}
        # Compact: at 10k pages the journal lists every page once (read back only after a kill).
        _atomic_write(docs / JOURNAL, json.dumps(journal, separators=(",", ":")).encode())
    except BaseException:
        _discard(docs, staged)
        raise
    checkpoint("journal")
    _replay(docs, journal, checkpoint)


def _replay(docs: Path, journal: Mapping[str, Any], checkpoint: _Checkpoints) -> None:
    """Carry out a journal: renames, then removals, then the manifest's rename (listed
    last). Every step may be repeated, so a killed replay is replayed."""
    *pages, manifest = journal["replace"]
    for temp, page in pages:
        source = docs / temp
        if source.exists() or source.is_symlink():
            os.replace(source, docs / page)
            checkpoint("replace")
    for page in journal["remove"]:
        (docs / page).unlink(missing_ok=True)
        _remove_empty_parents(docs / page, docs)
        checkpoint("remove")
    if (docs / manifest[0]).exists():
        os.replace(docs / manifest[0], docs / MANIFEST)
    checkpoint("manifest")
    (docs / JOURNAL).unlink()
    _sync_folder(docs)


def _read_bytes(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def recover(docs: Path) -> None:
    """Finish the work of a build that was killed: replay its journal, if it wrote one
    (it then had every page staged), and delete its temporaries. Call under :func:`locked`."""
    journal = _read_json(docs / JOURNAL)
    if journal is not None and _valid_journal(journal):
        _replay(docs, journal, _Checkpoints())
    elif (docs / JOURNAL).exists():
        (docs / JOURNAL).unlink()  # not ours to understand; preflight judges what is left
    _remove_stale_temporaries(docs)


def _valid_journal(journal: Mapping[str, Any]) -> bool:
    """Only what :func:`_commit` writes is replayed: temporaries named by us, each beside
    its page, pages inside the generated sections, the manifest last."""
    replace, remove = journal.get("replace"), journal.get("remove")
    if not (isinstance(replace, list) and replace and isinstance(remove, list)
            and isinstance(journal.get("manifest"), dict)):
        return False
    pairs = [(PurePosixPath(str(pair[0])), str(pair[1])) for pair in replace
             if isinstance(pair, list) and len(pair) == 2]
    if len(pairs) != len(replace) or pairs[-1][1] != MANIFEST:
        return False
    beside = all(_TEMP_NAME.fullmatch(temp.name) and temp.parent == PurePosixPath(page).parent
                 for temp, page in pairs)
    return beside and all(_generated(page) for page in
                          [*(page for _, page in pairs[:-1]), *map(str, remove)])


def _generated(page: str) -> bool:
    parts = PurePosixPath(page).parts
    return page in GENERATED_FILES or (len(parts) > 1 and parts[0] in GENERATED_DIRS
                                       and ".." not in parts)


def _remove_stale_temporaries(docs: Path) -> None:
    """Delete temporary files a killed build left in the generated folders."""
    for directory in GENERATED_DIRS:
        for folder, _, files in os.walk(docs / directory):
            for name in files:
                if _TEMP_NAME.fullmatch(name):
                    os.unlink(os.path.join(folder, name))
    for name in os.listdir(docs) if docs.is_dir() else ():
        if _TEMP_NAME.fullmatch(name):
            os.unlink(docs / name)  # a manifest's or journal's temporary


def _remove_empty_parents(path: Path, stop: Path) -> None:
    parent = path.parent
    while parent != stop and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


# -- environment errors ---------------------------------------------------------------------

_CAUSES = {
    errno.ENOSPC: ("no space left on the disk", "free some space, then build again"),
    errno.EDQUOT: ("disk quota exceeded", "free some space, then build again"),
    errno.EACCES: ("permission denied", "give your user write access to it, then build again"),
    errno.EPERM: ("operation not permitted", "give your user write access to it, then build "
                  "again"),
    errno.EROFS: ("read-only file system", "build on a writable disk (or remount it "
                  "read-write), then build again"),
}


def environment_problem(root: Path, exc: OSError) -> Problem:
    """One located line for an error of the machine, not of the data nor of the code."""
    cause, fix = _CAUSES.get(exc.errno or 0, (
        (exc.strerror or str(exc)).lower(), "check the disk and your permissions, then build "
        "again"))
    where = Path(os.fsdecode(exc.filename) if exc.filename is not None else root / "docs")
    if _TEMP_NAME.fullmatch(where.name):
        where = where.parent  # our temporary's random name would mean nothing to the reader
    return _problem(_display(Path(os.path.realpath(where)), root.resolve()),
                    f"cannot write: {cause}; {fix}", "cannot-write")
