"""Command line: ``python -m build_tools build | check | serve``.

Exit codes: 0 success; 1 the data has errors (or warnings with ``--strict``),
nothing was written; 2 wrong command-line usage.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from build_tools.build import BuildResult, run
from build_tools.problems import Severity


def _report(result: BuildResult, *, strict: bool, wrote: bool) -> int:
    for problem in result.problems:
        click.echo(str(problem), err=problem.severity is not Severity.NOTE)
    errors = sum(p.severity is Severity.ERROR for p in result.problems)
    warnings = sum(p.severity is Severity.WARNING for p in result.problems)
    failed = errors > 0 or (strict and warnings > 0)
    counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    if failed:
        click.echo(f"{counts} — nothing was written.", err=True)
        return 1
    if wrote and result.report:
        r = result.report
        click.echo(f"{counts} — {result.pages} pages: {len(r.written)} written, "
                   f"{len(r.removed)} removed, {r.unchanged} unchanged.")
    else:
        click.echo(f"{counts} — {result.pages} pages would be generated.")
    return 0


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
    sys.exit(_report(run(root, write=False, strict=strict), strict=strict, wrote=False))


@main.command()
@_root_option
@_strict_option
def build(root: Path, strict: bool) -> None:
    """Validate, then write the generated pages that changed into docs/."""
    sys.exit(_report(run(root, write=True, strict=strict), strict=strict, wrote=True))


@main.command()
@_root_option
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True)
def serve(root: Path, dev_addr: str) -> None:
    """Build, then serve the site and regenerate whenever data/ changes."""
    from build_tools.serve import serve_forever

    code = _report(run(root, write=True), strict=False, wrote=True)
    if code:
        click.echo("Fix the errors above, then run serve again.", err=True)
        sys.exit(code)
    serve_forever(root, dev_addr, on_change=lambda: _report(run(root, write=True),
                                                          strict=False, wrote=True))
