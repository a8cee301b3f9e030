"""Build the static site and its search index into ``site/`` without ever publishing half a
site (``make site``).

Usage: python scripts/build_site.py [PROJECT]   (default: the current folder)

MkDocs writes into a fresh temporary folder beside ``site/``; only when it succeeds is
``site/`` replaced, by two renames (``site`` → old, new → ``site``), then the old copy is
deleted. The search index (Pagefind, :mod:`build_tools.search_index`) is written into the
temporary folder too, after MkDocs, so ``site/`` never has pages without their index. A
failed build (a broken link under ``--strict``, a crash) deletes the temporary
folder and leaves ``site/`` exactly as it was. A build killed between the two renames leaves
no ``site/`` but a complete old copy; the next run puts it back before building. Two runs at
once take turns (a lock the operating system releases when the process dies), so neither
deletes the other's folders. ``site/.inputs-digest`` records what MkDocs read
(:func:`build_tools.live_site.inputs_digest`): ``serve`` then starts from this site instead
of building it again. Exit code: MkDocs' own, or Pagefind's if indexing fails (0 on success).
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from build_tools.live_site import config_site_url, inputs_digest, record_digest
from build_tools.search_index import index_site

SITE = "site"
NEW_PREFIX = ".site-new-"  # MkDocs' output while it builds
OLD_PREFIX = ".site-old-"  # the previous site between the two renames
LOCK = ".site.lock"


def build_site(project: Path) -> int:
    """Build ``project``'s site with ``mkdocs build --strict`` and index it for search;
    replace ``site/`` on success."""
    with _locked(project):
        _recover(project)
        new = Path(tempfile.mkdtemp(prefix=NEW_PREFIX, dir=project))
        # What MkDocs is about to read: serve starts from site/ when it still matches.
        digest = inputs_digest(project, config_site_url(project))
        try:
            done = subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--strict",
                 "-f", str(project / "mkdocs.yml"), "--site-dir", str(new)],
                cwd=project, check=False,
            )
            if done.returncode != 0:
                print(f"mkdocs failed: {project / SITE} was left as it was", file=sys.stderr)
                return done.returncode
            indexed = index_site(new)
            if indexed.returncode != 0:
                print(indexed.stdout + indexed.stderr, end="", file=sys.stderr)
                print(f"pagefind failed: {project / SITE} was left as it was", file=sys.stderr)
                return indexed.returncode
            record_digest(new, digest)
            _replace(project / SITE, new)
        finally:
            shutil.rmtree(new, ignore_errors=True)  # gone already after a successful rename
    return 0


def _replace(site: Path, new: Path) -> None:
    """Put ``new`` in place of ``site``: two renames in one folder, then the old copy goes."""
    if not site.exists():
        new.rename(site)
        return
    old = Path(tempfile.mkdtemp(prefix=OLD_PREFIX, dir=site.parent))
    old.rmdir()  # a free name on the same file system, so both renames are atomic
    site.rename(old)
    new.rename(site)
    shutil.rmtree(old)


def _recover(project: Path) -> None:
    """Undo what a killed run left: an unfinished build goes, an old site whose replacement
    never arrived comes back (the lock guarantees no other run owns these folders)."""
    for leftover in sorted(project.glob(NEW_PREFIX + "*")):
        shutil.rmtree(leftover)
    for old in sorted(project.glob(OLD_PREFIX + "*")):
        if (project / SITE).exists():
            shutil.rmtree(old)
        else:
            old.rename(project / SITE)


class _locked:
    """``with _locked(project):`` waits for any other run on ``project`` (``fcntl.flock``)."""

    def __init__(self, project: Path) -> None:
        self.path = project / LOCK

    def __enter__(self) -> None:
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print("waiting for another site build…", file=sys.stderr, flush=True)
            fcntl.flock(self.fd, fcntl.LOCK_EX)

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)  # closing releases the lock; the empty lock file stays


def main(argv: list[str]) -> int:
    """Command line: one optional argument, the project folder."""
    if len(argv) > 1:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    return build_site(Path(argv[0] if argv else ".").resolve())


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
