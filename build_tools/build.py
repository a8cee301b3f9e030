"""The whole pipeline, top to bottom: read, check, resolve, render, write.

As in mkdocs' own build, all data is gathered and checked first; the disk is
touched only at the very end, and only if nothing is wrong.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from build_tools import output
from build_tools.editor_guide import editor_guide
from build_tools.history import History, read_history
from build_tools.labels import load_labels
from build_tools.output import WriteReport
from build_tools.pagemeta import SiteInfo, site_info
from build_tools.paths import PagePath
from build_tools.problems import DataError, Problem, Problems, Severity, unique
from build_tools.readers import known_ids, read_data, refresh_schemas
from build_tools.resolve import Dossier, resolve
from build_tools.site import SitePages, page_paths
from build_tools.validate import validate


@dataclass(frozen=True)
class BuildResult:
    """The outcome of a check or build: every problem, and what was written."""

    problems: tuple[Problem, ...]
    pages: int
    report: WriteReport | None


class MkDocsConfigLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Reads mkdocs.yml, ignoring MkDocs' own tags (``!ENV``, ``!!python/name``)."""


MkDocsConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_config(root: Path) -> dict[str, Any]:
    """``root/mkdocs.yml`` as a mapping; empty when missing or broken (mkdocs itself will
    report a broken config)."""
    config_path = root / "mkdocs.yml"
    if not config_path.exists():
        return {}
    try:
        config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=MkDocsConfigLoader)
    except yaml.YAMLError:
        return {}
    return config if isinstance(config, dict) else {}


def site_language(root: Path) -> str:
    """The dossier's language, from ``theme.language`` in mkdocs.yml (default ``fr``)."""
    language = mkdocs_config(root).get("theme", {}).get("language", "fr")
    return str(language)


def outside_inputs(root: Path) -> tuple[History, SiteInfo]:
    """What the pages show besides data/: the files' dates from git history (one pass,
    history.py) and the site's name and address (mkdocs.yml, SITE_URL)."""
    return read_history(root), site_info(mkdocs_config(root))


def inputs_digest(root: Path, history: History, site: SiteInfo, *,
                  data: bytes | None = None) -> str:
    """The no-op check's digest: a commit or a new SITE_URL changes pages without changing
    data/, so both count with the files (``data``: :func:`output.data_digest`, when
    computed already)."""
    return output.inputs_digest(root, extra=f"{site.url}\n{history.fingerprint}", data=data)


def load_dossier(root: Path, problems: Problems) -> Dossier | None:
    """Read and check ``root/data``; ``None`` when there are errors."""
    raw = read_data(root, problems)
    validated = validate(raw, problems)
    if problems.errors:
        return None
    return resolve(validated)


def run(root: Path, *, write: bool, strict: bool = False) -> BuildResult:
    """Check the dossier and, if ``write`` and nothing is wrong, update ``root/docs``.

    With ``write``, ``schemas/`` (when the project has one) is brought up to date first,
    whatever the data's problems: a failing build never writes ``docs/``, but the editors'
    schemas only list file names. A build holds the build lock from its first look at
    ``docs/`` to its last write (see :mod:`build_tools.output`). An error of the machine
    (permission denied, disk full…) is one ``cannot-write`` problem, not a crash.
    """
    if write:
        # What editors run keeps their schemas' id completion fresh, so that they never need
        # a developer command; the ids come from file names, so data errors do not matter.
        refresh_schemas(root)
    try:
        with output.locked(root) if write else nullcontext():
            return _pipeline(root, write=write, strict=strict)
    except OSError as exc:
        return BuildResult((output.environment_problem(root, exc),), 0, None)


def _pipeline(root: Path, *, write: bool, strict: bool) -> BuildResult:
    """Read, check, resolve, render, write: each step may end the run early.

    A build whose inputs (data/, mkdocs.yml, the generator) and outputs are exactly as the
    last successful build left them is not redone: its problems are replayed.
    """
    docs = root / "docs"
    problems = Problems()
    output.preflight(root, problems)
    history, site = outside_inputs(root)
    digest = inputs_digest(root, history, site) if write else ""
    previous = output.unchanged(docs, digest) if write and not problems.items else None
    if previous and not (strict and any(p.severity is Severity.WARNING
                                        for p in previous.problems)):
        return BuildResult(previous.problems, previous.pages,
                           WriteReport((), (), previous.pages))
    dossier = load_dossier(root, problems)
    if dossier is None or problems.errors or (strict and problems.warnings):
        return BuildResult(tuple(unique([*problems.items, *_clobbers(root)])), 0, None)
    pages = SitePages(dossier, load_labels(site_language(root)), extra=editor_guide(),
                      history=history, site=site)
    sources = pages.sources
    if not write:
        return _check_pages(docs, pages, sources, problems)
    found = tuple(unique(problems.items))
    try:
        report = output.write_pages(docs, pages, sources, output.Stamp(digest, found))
    except DataError as exc:
        return BuildResult(tuple(unique([*found, *exc.problems])), len(pages), None)
    return BuildResult(found, len(pages), report)


def _check_pages(docs: Path, pages: SitePages, sources: dict[PagePath, str],
                 problems: Problems) -> BuildResult:
    """``check``: what ``build`` would refuse to write, and every page rendered and dropped
    (a rendering bug shows at check time, not mid-build)."""
    refusals = output.refusals(docs, pages.paths, sources)
    for _ in pages:
        pass
    return BuildResult(tuple(unique([*problems.items, *refusals])), len(pages), None)


def _clobbers(root: Path) -> list[Problem]:
    """When the data has errors, still name (all problems in one run) the hand-written
    files in ``docs/`` that the pages would replace."""
    return output.clobbers(root / "docs", page_paths(known_ids(root)))
