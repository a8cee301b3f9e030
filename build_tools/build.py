"""The whole pipeline, top to bottom: read, check, resolve, render, write.

As in mkdocs' own build, all data is gathered and checked first; the disk is
touched only at the very end, and only if nothing is wrong.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from build_tools.editor_guide import GUIDE_PAGE, editor_guide
from build_tools.freshness import inputs_digest, record_inputs, unchanged
from build_tools.labels import load_labels
from build_tools.paths import GENERATED_DIRS
from build_tools.problems import DataError, Problem, Problems, Severity, unique
from build_tools.readers import check_docs, known_ids, read_data, refresh_schemas
from build_tools.resolve import Dossier, resolve
from build_tools.site import SitePages, page_paths
from build_tools.validate import validate
from build_tools.write import WriteReport, plan_writes, write_pages


@dataclass(frozen=True)
class BuildResult:
    """The outcome of a check or build: every problem, and what was written."""

    problems: tuple[Problem, ...]
    pages: int
    report: WriteReport | None


class MkDocsConfigLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """Reads mkdocs.yml, ignoring MkDocs' own tags (``!ENV``, ``!!python/name``)."""


MkDocsConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def site_language(root: Path) -> str:
    """The dossier's language, from ``theme.language`` in mkdocs.yml (default ``fr``)."""
    config_path = root / "mkdocs.yml"
    if not config_path.exists():
        return "fr"
    try:
        config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=MkDocsConfigLoader) or {}
    except yaml.YAMLError:
        return "fr"  # mkdocs itself will report a broken config
    language = config.get("theme", {}).get("language", "fr")
    return str(language)


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
    schemas only list file names.

    A build whose inputs (data/, mkdocs.yml, the generator) and outputs are exactly as the
    last successful build left them is not redone: its problems are replayed.
    """
    docs = root / "docs"
    if write:
        # What editors run keeps their schemas' id completion fresh, so that they never need
        # a developer command; the ids come from file names, so data errors do not matter.
        refresh_schemas(root)
    problems = Problems()
    check_docs(root, problems, (*GENERATED_DIRS, GUIDE_PAGE.split("/")[0]))
    digest = inputs_digest(root) if write else ""
    previous = unchanged(docs, digest) if write and not problems.items else None
    if previous is not None:
        count, replayed = previous
        if not (strict and any(p.severity is Severity.WARNING for p in replayed)):
            return BuildResult(tuple(replayed), count, WriteReport((), (), count))
    dossier = load_dossier(root, problems)
    failing = problems.errors or (strict and problems.warnings)
    if dossier is None or failing:
        # All problems in one run: also name the hand-written files the pages would replace.
        # (A folder at a page's place is already reported by check_docs.)
        planned = [page for page in page_paths(known_ids(root)) if not (docs / page).is_dir()]
        _, refusals = plan_writes(docs, planned, {})
        clobbers = [p for p in refusals if p.code in ("overwrite-handwritten", "symlink")]
        return BuildResult(tuple(unique([*problems.items, *clobbers])), 0, None)
    pages = SitePages(dossier, load_labels(site_language(root)), extra=editor_guide())
    sources = pages.sources
    if not write:
        _, refusals = plan_writes(docs, pages.paths, sources)
        for _ in pages:
            pass  # rendered and dropped: a rendering bug shows at check time, not mid-build
        return BuildResult(tuple(unique([*problems.items, *refusals])), len(pages), None)
    try:
        report = write_pages(docs, pages, sources)
    except DataError as exc:
        return BuildResult(tuple(unique([*problems.items, *exc.problems])), len(pages), None)
    found = unique(problems.items)
    record_inputs(docs, digest, len(pages), list(found))
    return BuildResult(tuple(found), len(pages), report)
