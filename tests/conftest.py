"""Shared test helpers: tmp project copies, running the generator and MkDocs, warning guards.

Other test modules import the helpers directly::

    from tests.conftest import MINI_DATA, make_project, run_cli, run_mkdocs

* :func:`make_project` copies the site skeleton (mkdocs.yml, theme overrides, the
  hand-written pages and stylesheets of docs/) and a ``data/`` folder into a tmp dir;
  tests never touch the repository's own ``docs/`` or ``site/``.
* :func:`run_cli` runs ``python -m build_tools <command> --root P`` (in process with
  click's CliRunner by default, fast; ``isolated=True`` runs a real subprocess).
* :func:`run_mkdocs` runs ``mkdocs build --strict -f P/mkdocs.yml`` in a subprocess, and
  :func:`run_pagefind` indexes the built ``P/site`` for search, as ``make site`` does.
* :func:`generated_tree` reads the generated sections of ``docs/`` as ``{path: bytes}``.
* The session fixture ``real_site`` is the real dossier, generated and built once;
  treat it as read-only. Tests on it assert only what holds for *every* valid dossier
  (an editor's valid change to ``data/`` must never make the suite fail).
* The session fixture ``s400_site`` is the same for ``tests/fixtures/s400/data``, a frozen
  copy of the real dossier: tests that need particular content (an article id, a repeated
  paragraph, a search ranking) use it, never the real ``data/``.

Warning guard: pyproject sets ``filterwarnings = ["error"]``; :func:`pytest_configure`
refuses to run if that was switched off, subprocesses run with ``PYTHONWARNINGS=error``,
and an autouse fixture fails any test that logs a WARNING or worse (opt out with
``@pytest.mark.allow_log_warnings`` when the log record is the point of the test).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from build_tools.output import MANIFEST, read_manifest
from build_tools.paths import GENERATED_DIRS
from build_tools.search_index import index_command

REPO = Path(__file__).resolve().parent.parent
REAL_DATA = REPO / "data"
FIXTURES = REPO / "tests" / "fixtures"
MINI_DATA = FIXTURES / "mini" / "data"
# The real dossier as it was on 2026-12-01, frozen: content-specific tests run on it.
S400 = FIXTURES / "s400"
S400_DATA = S400 / "data"
GOLDEN = REPO / "tests" / "golden"
# The sections of docs/ the generator owns (test_paths pins their names) and its manifest.
GENERATED_SECTIONS = tuple(sorted(GENERATED_DIRS))


# -- pytest hooks -----------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    """``--update-goldens``: rewrite tests/golden/ from the current output instead of comparing."""
    parser.addoption(
        "--update-goldens", action="store_true", default=False,
        help="rewrite tests/golden/** from the generator's current output; review the diff",
    )


def pytest_configure(config: pytest.Config) -> None:
    """Register markers, and refuse to run with the warnings-as-errors guard switched off."""
    config.addinivalue_line(
        "markers", "allow_log_warnings: the test expects WARNING log records (guard off)"
    )
    filters = config.getini("filterwarnings")
    if "error" not in filters or not config.pluginmanager.has_plugin("warnings"):
        raise pytest.UsageError(
            "tests must run with filterwarnings = ['error'] (pyproject.toml) and the "
            "warnings plugin enabled: an unexpected warning is a test failure"
        )


class _WarningLogs(logging.Handler):
    """Collects log records of level WARNING and above."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def _fail_on_logged_warnings(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail the test if anything in-process logs a WARNING (as mkdocs' own tests do)."""
    handler = _WarningLogs()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield
    finally:
        root.removeHandler(handler)
    if handler.records and request.node.get_closest_marker("allow_log_warnings") is None:
        lines = "\n".join(f"{r.name}: {r.levelname}: {r.getMessage()}" for r in handler.records)
        pytest.fail(f"unexpected log warnings:\n{lines}")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    """True when pytest runs with ``--update-goldens``."""
    return bool(request.config.getoption("--update-goldens"))


# -- projects ------------------------------------------------------------------------------


def make_project(tmp_path: Path, data_dir: Path, *, home: str | None = None,
                 schemas: bool = False) -> Path:
    """Copy a runnable project into ``tmp_path/project`` and return that folder.

    Copies mkdocs.yml, the theme overrides (``overrides/``, if any), every hand-written
    file of ``docs/`` (home, about, stylesheets…; never the generated sections nor the
    manifest) and ``data_dir`` as ``data/``. ``home`` replaces the text of docs/index.md:
    the real home page links to records of the real dossier, so a small fixture dossier
    needs a simpler home page to pass ``mkdocs build --strict``. ``schemas=True`` also
    copies ``schemas/`` (when it exists), which makes the build check every data file's
    schema modeline and the schemas' freshness: only meaningful with the real data.
    """
    root = tmp_path / "project"
    root.mkdir(parents=True)
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    if (REPO / "overrides").is_dir():
        shutil.copytree(REPO / "overrides", root / "overrides")
    shutil.copytree(REPO / "docs", root / "docs", ignore=_generated_output)
    shutil.copytree(data_dir, root / "data")
    if schemas and (REPO / "schemas").is_dir():
        shutil.copytree(REPO / "schemas", root / "schemas")
    if home is not None:
        (root / "docs" / "index.md").write_text(home, encoding="utf-8")
    return root


def _generated_output(folder: str, names: list[str]) -> set[str]:
    """``copytree`` filter: skip the generator's output (its sections and whatever its
    manifest lists, should someone have built into the repository's docs/)."""
    docs = REPO / "docs"
    relative = Path(folder).relative_to(docs).as_posix()
    prefix = "" if relative == "." else relative + "/"
    generated = set(read_manifest(docs))
    skipped = {n for n in names if prefix + n in generated}
    if prefix == "":
        skipped |= {n for n in names if n in GENERATED_SECTIONS or n == MANIFEST}
    return skipped


# -- running things ------------------------------------------------------------------------


@dataclass(frozen=True)
class Run:
    """The outcome of a command: exit code and both output streams."""

    code: int
    stdout: str
    stderr: str

    def check(self) -> Run:
        """Assert success, showing the output when it failed; return ``self``."""
        assert self.code == 0, f"exit code {self.code}\n--- stdout\n{self.stdout}\n" \
                               f"--- stderr\n{self.stderr}"
        return self


def subprocess_env(hash_seed: int | None = None) -> dict[str, str]:
    """Environment for child Pythons: warnings are errors, the repo is importable."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    env["PYTHONWARNINGS"] = "error"
    env["NO_MKDOCS_2_WARNING"] = "1"  # Material's banner about MkDocs 2, printed on stderr
    if hash_seed is not None:
        env["PYTHONHASHSEED"] = str(hash_seed)
    return env


def run_cli(root: Path, command: str = "build", *args: str, isolated: bool = False,
            hash_seed: int | None = None) -> Run:
    """Run ``python -m build_tools <command> --root <root> <args…>``.

    By default in process (click's CliRunner: fast, and pytest's warning filters apply);
    ``isolated=True`` (implied by ``hash_seed``) runs a real ``python -m build_tools``
    subprocess, e.g. to vary ``PYTHONHASHSEED`` between two builds.
    """
    argv = [command, "--root", str(root), *args]
    if isolated or hash_seed is not None:
        done = subprocess.run(
            [sys.executable, "-m", "build_tools", *argv], cwd=root, env=subprocess_env(hash_seed),
            capture_output=True, text=True, timeout=300, check=False,
        )
        return Run(done.returncode, done.stdout, done.stderr)
    from build_tools.cli import main

    result = CliRunner().invoke(main, argv, catch_exceptions=False)
    return Run(result.exit_code, result.stdout, result.stderr)


def run_mkdocs(root: Path, *args: str) -> Run:
    """Run ``mkdocs build --strict -f <root>/mkdocs.yml <args…>`` with the venv's MkDocs."""
    done = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml"),
         *args],
        cwd=root, env=subprocess_env(), capture_output=True, text=True, timeout=600, check=False,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def run_pagefind(root: Path) -> Run:
    """Index the built ``<root>/site`` for the reader search (Pagefind), as ``make site`` does."""
    done = subprocess.run(index_command(root / "site"), cwd=root, env=subprocess_env(),
                          capture_output=True, text=True, timeout=600, check=False)
    return Run(done.returncode, done.stdout, done.stderr)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` as ``{posix relative path: content}``."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def generated_tree(docs: Path) -> dict[str, bytes]:
    """The generated pages under ``docs`` (not the manifest, not hand-written pages)."""
    return {path: data for path, data in tree(docs).items()
            if path.split("/", 1)[0] in GENERATED_SECTIONS}


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real dossier generated into docs/ and built into site/, once per session.

    Read-only: copy it (or use :func:`make_project`) before changing anything.
    """
    root = make_project(tmp_path_factory.mktemp("real"), REAL_DATA)
    run_cli(root, "build").check()
    run_mkdocs(root).check()
    run_pagefind(root).check()
    return root


@pytest.fixture(scope="session")
def s400_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The frozen copy of the dossier (tests/fixtures/s400), generated and built once.

    Read-only, like :func:`real_site`; its content never changes with ``data/``.
    """
    root = make_project(tmp_path_factory.mktemp("s400"), S400_DATA)
    run_cli(root, "build").check()
    run_mkdocs(root).check()
    run_pagefind(root).check()
    return root

# The browser fixtures (Chromium, the served frozen site, guarded readers) for every
# browser test file.
pytest_plugins = ["tests.browser_support"]
