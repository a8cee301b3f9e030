"""A complete synthetic project and its site, to reproduce the benchmark by hand (issue 12).

    python -m benchmarks.synthetic_site DEST --records 10000 [--seed 1]
    make synthetic-site N=10000 DEST=DEST

writes into DEST (which must not exist, or be empty) what the real project has: mkdocs.yml,
the theme overrides, the hand-written pages of docs/ (with a home page that links to the
synthetic sections instead of real records) and a synthetic dossier in data/
(:mod:`benchmarks.synthetic`); then generates the pages (``python -m build_tools build``)
and builds the static site with its Pagefind search index into DEST/site
(``scripts/build_site.py``, as ``make site``). Serve the site with any static server
(``python -m http.server -d DEST/site``), or edit the dossier live with
``python -m build_tools serve --root DEST``. A 10,000-record site takes several minutes
(about 4 for MkDocs on 2 cores).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.bench import make_project

REPO = Path(__file__).resolve().parent.parent


def build_synthetic_site(dest: Path, records: int, seed: int = 1) -> int:
    """Write the project into ``dest`` and build its site; the first failing step's exit code
    (0 on success)."""
    if dest.exists() and any(dest.iterdir()):
        print(f"{dest} is not empty: give a new folder", file=sys.stderr)
        return 2
    started = time.perf_counter()
    counts = make_project(dest, records, seed)
    print(f"{dest}: {counts.total} records ({counts.articles} articles, {counts.events} "
          f"events, {counts.actors} actors, {counts.weapons} weapons)", file=sys.stderr)
    for step in ([sys.executable, "-m", "build_tools", "build", "--root", str(dest)],
                 [sys.executable, str(REPO / "scripts" / "build_site.py"), str(dest)]):
        done = subprocess.run(step, cwd=dest, check=False)
        if done.returncode != 0:
            return done.returncode
    print(f"{dest / 'site'} built in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: DEST, --records, --seed."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.synthetic_site",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="the new project folder")
    parser.add_argument("--records", type=int, default=10000, help="N (default 10000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    return build_synthetic_site(args.dest.resolve(), args.records, args.seed)


if __name__ == "__main__":
    raise SystemExit(main())
