"""``make site`` (scripts/build_site.py): ``site/`` is replaced only by a complete build."""

from __future__ import annotations

import fcntl
import json
import os
import selectors
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, subprocess_env, tree

SCRIPT = REPO / "scripts" / "build_site.py"
CONFIG = "site_name: Essai\ntheme:\n  name: mkdocs\n"


def project(root: Path, home: str) -> Path:
    """A one-page MkDocs project (the built-in theme: fast) with an old site/ in place."""
    (root / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    (root / "docs" / "index.md").write_text(home, encoding="utf-8")
    (root / "site").mkdir()
    (root / "site" / "index.html").write_text("old site\n", encoding="utf-8")
    return root


def build_site(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), str(root)], env=subprocess_env(),
                          capture_output=True, text=True, timeout=300, check=False)


def leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".site-") and p.is_dir())


def test_a_good_build_replaces_the_site(tmp_path: Path) -> None:
    root = project(tmp_path, "# Accueil\n\nBonjour.\n")
    done = build_site(root)
    assert done.returncode == 0, done.stderr
    page = (root / "site" / "index.html").read_text(encoding="utf-8")
    assert "Bonjour." in page
    assert (root / "site" / "sitemap.xml").is_file()
    # The search index (Pagefind) is built with the site, into the same folder: both pages,
    # index.html and 404.html (the built-in theme marks no data-pagefind-body).
    entry = json.loads((root / "site" / "pagefind" / "pagefind-entry.json").read_text())
    assert [language["page_count"] for language in entry["languages"].values()] == [2]
    assert leftovers(root) == []


def test_a_first_build_creates_the_site(tmp_path: Path) -> None:
    root = project(tmp_path, "# Accueil\n")
    (root / "site" / "index.html").unlink()
    (root / "site").rmdir()
    assert build_site(root).returncode == 0
    assert (root / "site" / "index.html").is_file()
    assert leftovers(root) == []


def test_a_failed_build_leaves_the_old_site_as_it_was(tmp_path: Path) -> None:
    root = project(tmp_path, "# Accueil\n\nVoir [la page absente](absente.md).\n")
    before = tree(root / "site")
    done = build_site(root)
    assert done.returncode == 1
    assert "absente.md" in done.stderr  # MkDocs' own warning says why
    assert done.stderr.rstrip().endswith(f"mkdocs failed: {root / 'site'} was left as it was")
    assert tree(root / "site") == before
    assert leftovers(root) == []


def test_what_a_killed_build_left_is_cleaned_up_first(tmp_path: Path) -> None:
    """Killed between the two renames: no site/, the old one aside, a new one half-built.
    The next run puts the old site back before building (here the build fails: it stays)."""
    root = project(tmp_path, "# Accueil\n\n[Absente](absente.md)\n")
    (root / "site").rename(root / ".site-old-k1ll3d")
    (root / ".site-new-h4lf").mkdir()
    (root / ".site-new-h4lf" / "index.html").write_text("half\n", encoding="utf-8")
    assert build_site(root).returncode == 1
    assert (root / "site" / "index.html").read_text(encoding="utf-8") == "old site\n"
    assert leftovers(root) == []



def test_a_second_run_waits_for_the_first(tmp_path: Path) -> None:
    """While another run holds the lock, a run says so on one line and waits; then builds."""
    root = project(tmp_path, "# Accueil\n\nBonjour.\n")
    holder = os.open(root / ".site.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(holder, fcntl.LOCK_EX)
    waiting = subprocess.Popen([sys.executable, str(SCRIPT), str(root)], env=subprocess_env(),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        with selectors.DefaultSelector() as selector:
            selector.register(waiting.stderr, selectors.EVENT_READ)  # type: ignore[arg-type]
            assert selector.select(timeout=60), "no message while waiting"
        assert waiting.stderr is not None
        assert waiting.stderr.readline() == "waiting for another site build…\n"
        assert (root / "site" / "index.html").read_text(encoding="utf-8") == "old site\n"
    finally:
        os.close(holder)  # releases the lock
        waiting.communicate(timeout=300)
    assert waiting.returncode == 0
    assert "Bonjour." in (root / "site" / "index.html").read_text(encoding="utf-8")
    assert leftovers(root) == []
