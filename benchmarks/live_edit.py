"""serve's incremental regeneration measured in-process: ``python -m benchmarks.live_edit
PROJECT`` (a COPY of a built project: the edits are written into its data/).

Prepares a :class:`~build_tools.incremental.LiveBuild` as ``serve`` does, then edits one
actor (its description twice, an alias, its name) and times each
``LiveBuild.run(changed=…)``, wall-clock and CPU, with what was rendered and written.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.bench import add_alias, edit_description, pick_actor, rename
from build_tools.incremental import LiveBuild


def timed_edit(live: LiveBuild, actor: Path, label: str, edit: Callable[[Path], None]) -> str:
    """Apply ``edit`` to ``actor``'s file, regenerate, and say how long it took."""
    edit(actor)
    wall, cpu = time.perf_counter(), time.process_time()
    result = live.run(changed=frozenset({str(actor)}))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    done = live.last_run
    rendered = done.rendered if done else "?"
    written = len(result.report.written) if result.report else "none (problems)"
    return f"{label}: {wall:.2f} s (CPU {cpu:.2f} s), {rendered} rendered, {written} written"


def main(argv: Sequence[str] | None = None) -> int:
    """Measure the edits; print one line each."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("project", type=Path)
    root = parser.parse_args(argv).project
    live = LiveBuild(root)
    started = time.perf_counter()
    live.prepare()
    print(f"prepare (every page rendered once): {time.perf_counter() - started:.1f} s")
    actor = pick_actor(root)
    print(timed_edit(live, actor, "description edit",
                     lambda path: edit_description(path, "Fiche relue une fois.")))
    print(timed_edit(live, actor, "description edit again",
                     lambda path: edit_description(path, "Fiche relue deux fois.")))
    print(timed_edit(live, actor, "alias edit", add_alias))
    print(timed_edit(live, actor, "name edit", rename))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
