"""Command line: ``python -m build_tools build | check | serve | schemas | status``.

Every problem is printed on stderr as one line, ``path:line:col: severity: message
[code]``, in file order, then one summary line. The codes are explained on the
site's "Modifier le dossier" page (``build_tools/problems.py`` holds the table).

Exit codes (also in :data:`build_tools.problems.EXIT_CODES`):

* 0 — success; warnings may have been printed (unless ``--strict``).
* 1 — the data has errors, or warnings with ``--strict``: nothing was written.
  For ``schemas --check``: the committed schemas are out of date.
* 2 — wrong command-line usage (unknown command or option).
* 3 — internal error: a bug in build_tools, not in the data (the traceback is printed).
* 4 — the machine refused: permission denied, disk full, read-only file system…; one
  ``cannot-write`` line names the path and the fix; docs/ was left as it was.
"""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import click

from build_tools.build import BuildResult, run
from build_tools.model import Kind
from build_tools.problems import Severity, plural
from build_tools.readers import known_ids, stale_schemas, write_atomically
from build_tools.schema import SCHEMA_NAMES, schema_text

EXIT_OK, EXIT_DATA, EXIT_USAGE, EXIT_BUG, EXIT_ENVIRONMENT = 0, 1, 2, 3, 4


def _report(result: BuildResult, *, strict: bool, wrote: bool) -> int:
    for problem in result.problems:
        click.echo(str(problem), err=True)
    errors = sum(p.severity is Severity.ERROR for p in result.problems)
    warnings = sum(p.severity is Severity.WARNING for p in result.problems)
    failed = errors > 0 or (strict and warnings > 0)
    counts = f"{plural(errors, 'error')}, {plural(warnings, 'warning')}"
    if failed:
        click.echo(f"{counts} — nothing was written.", err=True)
        environment = any(p.code == "cannot-write" for p in result.problems)
        return EXIT_ENVIRONMENT if environment else EXIT_DATA
    if wrote and result.report:
        r = result.report
        click.echo(f"{counts} — {result.pages} pages: {len(r.written)} written, "
                   f"{len(r.removed)} removed, {r.unchanged} unchanged.")
    else:
        click.echo(f"{counts} — {result.pages} pages would be generated.")
    return EXIT_OK


def _run_and_report(root: Path, *, write: bool, strict: bool,
                    on_result: Callable[[BuildResult], object] = lambda _: None,
                    runner: Callable[..., BuildResult] | None = None) -> int:
    """Run the pipeline (``runner``: another one, with the signature of ``run``); a bug
    (never bad data) is reported as such, with exit code 3."""
    try:
        result = (runner or run)(root, write=write, strict=strict)
    except Exception:  # noqa: BLE001 - the last line of defence, and it says so
        traceback.print_exc()
        click.echo("internal error: this is a bug in build_tools, not a problem in your data; "
                   "please report it with the lines above.", err=True)
        return EXIT_BUG
    on_result(result)
    return _report(result, strict=strict, wrote=write)


_root_option = click.option(
    "--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
    show_default=True, help="Project folder (holds data/, docs/ and mkdocs.yml).",
)
_strict_option = click.option("--strict", is_flag=True, help="Fail on warnings too.")


@click.group()
def main() -> None:
    """Generate the annotated dossier's pages from data/ into docs/."""


@main.command()
@_root_option
@_strict_option
def check(root: Path, strict: bool) -> None:
    """Validate the data and report every problem; write nothing."""
    sys.exit(_run_and_report(root, write=False, strict=strict))


@main.command()
@_root_option
@_strict_option
def build(root: Path, strict: bool) -> None:
    """Validate, then write the generated pages that changed into docs/ (and bring the
    editors' schemas/ up to date, even when the data has errors)."""
    sys.exit(_run_and_report(root, write=True, strict=strict))


@main.command()
@_root_option
@click.option("--check", "check_only", is_flag=True,
              help="Only report whether schemas/ is up to date (exit 1 if not).")
def schemas(root: Path, check_only: bool) -> None:
    """Write the editors' JSON Schemas (schemas/*.schema.json) from the field table.

    ``build`` and ``serve`` already do it when the project has a schemas/ folder.
    """
    ids = known_ids(root)
    stale = stale_schemas(root, ids)
    for path in stale:
        if not check_only:
            kind = next(k for k in Kind if path.name == f"{SCHEMA_NAMES[k]}.schema.json")
            write_atomically(path, schema_text(kind, ids))
    verb = "out of date" if check_only else "written"
    for path in stale:
        click.echo(f"{path.relative_to(root).as_posix()}: {verb}")
    click.echo(f"{len(stale)} of {len(Kind)} schemas {verb}.")
    sys.exit(EXIT_DATA if check_only and stale else EXIT_OK)


@main.command()
@_root_option
def status(root: Path) -> None:
    """Print the dossier's status for editors: counts, problems, notes whose source is
    still to be given, events with a single article, unused records. Writes nothing."""
    from build_tools.status import collect_status, status_text

    click.echo(status_text(collect_status(root)), nl=False)


@main.command()
@_root_option
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True)
def serve(root: Path, dev_addr: str) -> None:
    """Build, then serve the site; regenerate the pages and rebuild them in the served site
    whenever data/, docs/, mkdocs.yml or overrides/ change."""
    import time

    from build_tools.incremental import LiveBuild
    from build_tools.serve import LIVE, serve_forever

    live = LiveBuild(root)
    results: list[BuildResult] = []

    def regenerate(incremental: bool = True, changed: frozenset[str] | None = None) -> int:
        # The problems also go to the browser (a banner and a page, under serve only).
        # Under serve, only the pages an edit can affect are rendered again
        # (build_tools/incremental.py); the first build is the ordinary one, which does
        # nothing when docs/ is already up to date.
        def build(root: Path, *, write: bool, strict: bool) -> BuildResult:
            return (live.run(changed) if incremental else
                    run(root, write=write, strict=strict))

        def keep(result: BuildResult) -> None:
            results[:] = [result]
            LIVE.record(result.problems)

        started = time.perf_counter()
        results.clear()
        code = _run_and_report(root, write=True, strict=False, runner=build, on_result=keep)
        done = live.last_run
        if incremental and code == EXIT_OK and done is not None:
            how = "every page" if done.full else f"{plural(done.rendered, 'page')}"
            click.echo(f"regenerated in {time.perf_counter() - started:.1f} s ({how} "
                       "rendered again).")
        return code

    def on_change(changed: frozenset[str]) -> BuildResult | None:
        # The watcher's paths: those files are read again (and any other whose size or
        # times changed: a missed event is caught), the others keep what was read from them.
        regenerate(changed=changed)
        return results[0] if results else None

    def prepare() -> frozenset[str]:
        started = time.perf_counter()
        result = live.prepare()
        if live.last is not None:
            click.echo(f"ready for incremental regeneration (mapped in "
                       f"{time.perf_counter() - started:.1f} s).")
        report = result.report if result is not None else None
        return frozenset([*report.written, *report.removed]) if report else frozenset()

    code = regenerate(incremental=False)
    if code == EXIT_BUG:
        sys.exit(code)
    if code:
        click.echo("Serving the last good pages; the problems are also shown in the browser.",
                   err=True)
    serve_forever(root, dev_addr, on_change=on_change, prepare=prepare)
