"""Benchmark the generator and MkDocs on synthetic dossiers (issue #5).

    python -m benchmarks.bench                      # N = 1,000 and 10,000 records
    python -m benchmarks.bench --sizes 1000 --profile
    python -m benchmarks.bench --code ../other-branch/build_tools   # measure other code
    python -m benchmarks.bench --previous /tmp/old                  # and compare with it
    python -m benchmarks.bench --serve-only /tmp/copy-of-a-project  # serve's figures only

The ``build_tools`` package is first copied into the work folder and every step runs in
a fresh child process that imports that copy (``--code`` picks another package), so
edits made to the checkout while the benchmark runs cannot mix two versions, and peak
RSS and caches of one step do not leak into the next. For each N, a synthetic dossier
(:mod:`benchmarks.synthetic`) is generated into a project with a copy of mkdocs.yml,
the theme overrides and the hand-written pages, then:

1. full build into an empty ``docs/`` (time, pages/s, peak RSS, files written);
2. ``mkdocs build --strict`` on those pages (time, peak RSS, time per page);
3. a no-op rebuild (time, files written);
4. one actor's description edited, then one actor renamed: files written, compared with
   the files whose content really changed (hashes before and after);
5. the largest generated page, article pages exempt (they reproduce their source), and the
   largest list page (chronology, section indexes and their parts, mention lists): HTML after
   ``mkdocs build`` and Markdown (without MkDocs, the only figure), naming the page.
6. ``python -m build_tools serve`` on the built project (``--no-serve`` skips it): start-up
   until the actor's page is served, then one content edit (its description) and one alias
   edit (mentions change across articles), each from saving the file to docs/ rewritten
   and to the served page showing it, with serve's own account of its generator run and
   site update (issue 13). It runs right after step 3, while site/ is still the site of
   docs/ (step 2 records its inputs' digest, as ``make site`` does), so serve starts from
   it, as an editor's serve after ``make site``; ``--serve-only PROJECT`` measures only
   this step, on an existing project (a copy: its data is edited), which starts from its
   site/ when ``scripts/build_site.py`` built it from the current docs/, and otherwise
   builds every page first.
7. (issue 12) the site MkDocs built in step 2 is indexed by Pagefind (time, size) and its
   reader search measured in headless Chromium (:mod:`benchmarks.search_bench`: page load →
   search ready, record name → results, bytes fetched for the first query); ``--no-search``
   skips the measures in Chromium (indexing still runs: it is part of the whole build).

With ``--previous CHECKOUT`` (another checkout of this repository, e.g. from ``git worktree
add /tmp/old <commit>``), each N is also built the way that checkout builds its site: its
``build_tools`` generator, then ``mkdocs build --strict`` with *its* ``mkdocs.yml``, theme
overrides and hand-written pages (so an old search plugin runs inside MkDocs, as it did), then
its own search indexing step if it has one (``build_tools/search_index.py``), on its own copy of
the same synthetic data; each step right after the same step of the measured code, and the
table gives the whole-build ratio.

Times are given as wall clock and as CPU time (user + system): on a shared machine the
CPU time is the steadier figure. "Files written" is measured on disk (new inode or
mtime), not taken from the generator's report. Finally the mention finder is timed with
10, 100, 1,000 and 5,000 aliases on the same text. Every figure is printed in one Markdown
table with the issue's targets (``--json`` also saves them).
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import os
import platform
import re
import resource
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.search_bench import SearchFigures, measure_search
from benchmarks.synthetic import Counts, generate
from build_tools.live_site import config_site_url, inputs_digest, record_digest
from build_tools.model import Kind
from build_tools.paths import (
    ENTITY_EVENTS_FOLDER,
    GENERATED_DIRS,
    GENERATED_FILES,
    MENTIONS,
    PART_FOLDERS,
    SECTIONS,
)
from build_tools.search_index import index_site

REPO = Path(__file__).resolve().parent.parent
MANIFEST = ".dossier-manifest.json"
SIMPLE_HOME = """# Dossier synthétique

Dossier généré pour le banc d'essai : voir la [chronologie](chronologie/index.md),
les [événements](evenements/index.md), les [acteurs](acteurs/index.md), les
[systèmes d'armes](systemes-d-armes/index.md) et les [articles](articles/index.md).
"""


# -- the project under test ------------------------------------------------------------------


def make_project(root: Path, records: int, seed: int, checkout: Path = REPO) -> Counts:
    """A runnable project in ``root``: site skeleton (mkdocs.yml, theme overrides, hand-written
    pages) from ``checkout`` (this repository by default) + synthetic data.

    The real home page links to records of the real dossier, so it is replaced by a
    simple one; everything else hand-written in ``docs/`` is copied as is.
    """
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy2(checkout / "mkdocs.yml", root / "mkdocs.yml")
    if (checkout / "overrides").is_dir():
        shutil.copytree(checkout / "overrides", root / "overrides")
    make_docs_skeleton(root / "docs", checkout)
    return generate(root, records, seed)


# -- measuring in a child process ------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    """One step, run in its own process."""

    ok: bool
    seconds: float  # the step itself (wall clock), measured inside the child
    wall: float  # the whole child process, interpreter start-up included
    cpu: float  # CPU time (user + system) of the step: steadier than wall on a busy machine
    process_cpu: float  # CPU time of the whole child process
    rss_mb: float  # peak resident set size of the child
    baseline_mb: float  # RSS of the child after imports, before the step
    detail: dict[str, Any] = field(default_factory=dict)
    error: str = ""


def snapshot_code(source: Path, folder: Path) -> Path:
    """Copy the ``build_tools`` package to ``folder/code``: every step measures the same code,
    even if someone edits the checkout while the benchmark runs (it takes minutes)."""
    code = folder / "code"
    shutil.rmtree(code, ignore_errors=True)  # from an earlier run kept with --keep
    shutil.copytree(source, code / "build_tools", ignore=shutil.ignore_patterns("__pycache__"))
    return code


def measure(step: str, root: Path, code: Path, timeout: float, *extra: str) -> Measure:
    """Run ``step`` (``build``, ``mkdocs``, ``profile`` or ``aliases``) on ``root`` in a child
    Python that imports ``build_tools`` from ``code`` (see :func:`child_script`)."""
    import resource

    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(code))
    env.pop("CI", None)
    started = time.perf_counter()
    children_before = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN))
    try:
        done = subprocess.run(
            [sys.executable, "-c", child_script(), step, str(root), *extra],
            # "python -c" puts the working directory first on sys.path: the snapshot's.
            capture_output=True, text=True, timeout=timeout, env=env, check=False, cwd=code,
        )
    except subprocess.TimeoutExpired:
        return Measure(False, timeout, timeout, timeout, timeout, 0.0, 0.0,
                       error=f"timed out after {timeout:.0f} s")
    wall = time.perf_counter() - started
    # Children run one at a time, so the delta is this child's CPU time.
    process_cpu = _cpu(resource.getrusage(resource.RUSAGE_CHILDREN)) - children_before
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        return Measure(False, wall, wall, process_cpu, process_cpu, 0.0, 0.0,
                       error=_tail(done.stderr or done.stdout))
    result = json.loads(lines[-1])
    if Path(result["code"]).parent != (code / "build_tools").resolve():
        raise RuntimeError(f"the child imported {result['code']}, not the snapshot in {code}")
    return Measure(result["ok"], result["seconds"], wall, result["cpu"], process_cpu,
                   result["rss_mb"], result["baseline_mb"], result["detail"], result["error"])


def _cpu(usage: Any) -> float:
    return float(usage.ru_utime + usage.ru_stime)


def _tail(text: str, lines: int = 12) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])


def child_script() -> str:
    """The source run by each child: :func:`_child_main` and what it needs, nothing else.

    It imports only ``build_tools.build.run`` (or ``build_tools.text.MentionFinder``) from
    the measured code, so any version of the generator can be measured, including one
    without this benchmark.
    """
    import inspect

    parts = [inspect.getsource(f) for f in (_cpu, _peak_rss_mb, _profiled_build, _scan_aliases,
                                            _child_main)]
    return ("from __future__ import annotations\nimport sys, time\nfrom pathlib import Path\n"
            "from typing import Any\n" + "\n\n".join(parts)
            + "\n_child_main(sys.argv[1:])\n")


def _peak_rss_mb() -> float:
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Bytes on macOS, kilobytes on Linux.
    return float(peak) / (1024 * 1024 if sys.platform == "darwin" else 1024)


def _child_main(argv: list[str]) -> None:
    """In the child: run one step, print its figures as one JSON line."""
    import json
    import resource

    import build_tools
    from build_tools.build import run

    step, root, extra = argv[0], Path(argv[1]), argv[2:]
    if step == "mkdocs":
        from mkdocs.__main__ import cli  # imported before the clock starts, like the generator
    baseline = _peak_rss_mb()
    cpu_before = _cpu(resource.getrusage(resource.RUSAGE_SELF))
    started = time.perf_counter()
    detail: dict[str, Any] = {}
    ok, error = True, ""
    if step == "build":
        result = run(root, write=True)
        ok = result.report is not None
        detail = {"pages": result.pages, "problems": [str(p) for p in result.problems[:20]]}
    elif step == "profile":
        ok, detail = _profiled_build(root, Path(extra[0]))
    elif step == "aliases":
        detail = {"rows": _scan_aliases(Path(extra[0]))}
    elif step == "index":
        from build_tools.search_index import index_site

        indexed = index_site(root / "site")
        ok, error = indexed.returncode == 0, indexed.stderr[-500:]
    elif step == "mkdocs":
        try:
            cli.main(["build", "--strict", "--quiet", "-f", str(root / "mkdocs.yml")],
                     standalone_mode=False)
        except (Exception, SystemExit) as exc:  # Abort in strict mode, or a crash: both fail
            ok, error = False, f"{type(exc).__name__}: {exc}"
    seconds = time.perf_counter() - started
    cpu = _cpu(resource.getrusage(resource.RUSAGE_SELF)) - cpu_before
    print(json.dumps({"ok": ok, "seconds": seconds, "cpu": cpu, "rss_mb": _peak_rss_mb(),
                      "baseline_mb": baseline, "detail": detail, "error": error,
                      "code": str(Path(build_tools.__file__).resolve())}))


def _profiled_build(root: Path, out: Path) -> tuple[bool, dict[str, Any]]:
    import cProfile
    import io
    import pstats

    from build_tools.build import run

    profiler = cProfile.Profile()
    result = profiler.runcall(run, root, write=True)
    profiler.dump_stats(out)
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).strip_dirs()
    stats.sort_stats("tottime").print_stats(20)
    stats.sort_stats("cumulative").print_stats(30)
    return result.report is not None, {"pages": result.pages, "profile": text.getvalue()}


def _scan_aliases(inputs: Path) -> list[list[float]]:
    """Time the measured MentionFinder on the prepared text, for each prepared alias table."""
    import json

    from build_tools.text import MentionFinder

    data = json.loads(inputs.read_text(encoding="utf-8"))
    paragraphs = data["text"].split("\n")
    rows = []
    for table in data["tables"]:
        started = time.perf_counter()
        finder = MentionFinder(table)
        built = time.perf_counter() - started
        started = time.perf_counter()
        for paragraph in paragraphs:
            finder.find(paragraph)
        scanned = time.perf_counter() - started
        count = sum(len(names) for names in table.values())
        rows.append([count, len(data["text"].encode()), built, scanned])
    return rows


# -- what changed on disk ---------------------------------------------------------------------


def snapshot(docs: Path) -> dict[str, tuple[int, int, str]]:
    """``{path: (inode, mtime_ns, sha256)}`` of every file the generator may own."""
    files: dict[str, tuple[int, int, str]] = {}
    for folder in (*GENERATED_DIRS, ""):
        base = docs / folder
        paths = base.rglob("*") if folder else [docs / MANIFEST]
        for path in paths:
            if path.is_file():
                stat = path.stat()
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                files[path.relative_to(docs).as_posix()] = (stat.st_ino, stat.st_mtime_ns, digest)
    return files


@dataclass(frozen=True)
class Changes:
    """Files touched by a build, and files whose content changed."""

    written: frozenset[str]  # created, or replaced (new inode or mtime)
    removed: frozenset[str]
    changed: frozenset[str]  # content differs (or created/removed)

    @property
    def extra(self) -> frozenset[str]:
        """Files rewritten with identical content: wasted writes (and MkDocs rebuilds)."""
        return self.written - self.changed


def changes(before: dict[str, tuple[int, int, str]],
            after: dict[str, tuple[int, int, str]]) -> Changes:
    """Compare two :func:`snapshot`\\ s."""
    written = {p for p, (ino, mtime, _) in after.items()
               if p not in before or before[p][:2] != (ino, mtime)}
    removed = set(before) - set(after)
    changed = {p for p, entry in after.items() if p not in before or before[p][2] != entry[2]}
    return Changes(frozenset(written), frozenset(removed), frozenset(changed | removed))


# -- edits -----------------------------------------------------------------------------------


def pick_actor(root: Path) -> Path:
    """A person who is not in the real cast, so the edit is an ordinary one."""
    people = sorted(p for p in (root / "data" / "actors").glob("*.yaml")
                    if "kind: person" in p.read_text(encoding="utf-8"))
    return people[len(people) // 2] if people else sorted((root / "data/actors").glob("*"))[0]


def edit_description(path: Path, sentence: str = "Fiche relue par la rédaction.") -> None:
    """Add a sentence at the start of the record's description (a folded block)."""
    text = path.read_text(encoding="utf-8")
    text = text.replace("description: >-\n", f"description: >-\n  {sentence}\n", 1)
    path.write_text(text, encoding="utf-8")


def rename(path: Path) -> None:
    """Change the record's name (shown wherever the record is linked from)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    lines = [line + " (rebaptisé)" if line.startswith("name: ") and not line.endswith('"')
             else line for line in lines]
    path.write_text("\n".join(lines), encoding="utf-8")


def add_alias(path: Path, alias: str = "Zetaplex") -> None:
    """Give the record one more alias: mention linking changes across the articles."""
    text = path.read_text(encoding="utf-8")
    if "\naliases:\n" in text:
        text = text.replace("\naliases:\n", f"\naliases:\n  - {alias}\n", 1)
    else:
        lines = text.split("\n")
        at = next(n for n, line in enumerate(lines) if line.startswith("name: ")) + 1
        text = "\n".join([*lines[:at], "aliases:", f"  - {alias}", *lines[at:]])
    path.write_text(text, encoding="utf-8")


# -- live editing under serve ----------------------------------------------------------------


@dataclass
class ServeResult:
    """``python -m build_tools serve`` measured from outside, as an editor sees it."""

    startup: float | None = None  # launch → the actor's page served
    ready: float | None = None  # launch → serve printed that its dependency map is ready
    # label → (edit saved → docs/ page rewritten, edit saved → the served page shows it)
    edits: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    # label → what serve printed it spent: (generator, site), s
    spent: dict[str, tuple[float | None, float | None]] = field(default_factory=dict)
    start: str = ""  # how serve started its site (its line: copied site/ or built it)
    error: str = ""


def _served(url: str) -> str:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return ""


def _changed(path: Path, mtime_ns: int) -> bool:
    return path.stat().st_mtime_ns != mtime_ns


def _shows(url: str, text: str) -> bool:
    return text in _served(url)


def _wait(condition: Callable[[], bool], timeout: float, step: float = 0.05) -> bool:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            return False
        time.sleep(step)
    return True


# serve prints when its dependency map is ready; an older serve never does.
READY_PATIENCE = 300.0
_SPENT = {"generator": re.compile(r"regenerated in (\d+\.\d+) s"),
          "site": re.compile(r"site updated in (\d+\.\d+) s")}


def _printed(lines: Sequence[str], start: int) -> bool:
    return _spent(lines[start:], "site") is not None


def _spent(lines: Sequence[str], what: str) -> float | None:
    """The time serve printed for its last generator run or site update."""
    found = [m for line in lines if (m := _SPENT[what].search(line))]
    return float(found[-1][1]) if found else None


def bench_serve(root: Path, code: Path, timeout: float,
                say: Callable[[str], object]) -> ServeResult:
    """Start ``serve`` on a built project; time its start-up, then two edits of one actor
    (its description; one more alias) from saving the file to the page served with it."""
    import socket
    import threading

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(code))
    lines: list[str] = []
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "build_tools", "serve", "--root", str(root),
         "--dev-addr", f"127.0.0.1:{port}"],
        cwd=code, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert process.stdout is not None
    stream = process.stdout
    reader = threading.Thread(target=lambda: lines.extend(iter(stream.readline, "")),
                              daemon=True)
    reader.start()
    result = ServeResult()
    actor = pick_actor(root)
    url = f"http://127.0.0.1:{port}/acteurs/{actor.stem}/"
    page = root / "docs" / "acteurs" / f"{actor.stem}.md"
    try:
        if not _wait(lambda: bool(_served(url)), timeout, 0.2):
            result.error = "the page was never served: " + _tail("".join(lines))
            return result
        result.startup = time.perf_counter() - started
        result.start = next((line.strip() for line in lines if "site/" in line), "")
        say(f"  serve started in {result.startup:.1f} s ({result.start or 'no word on site/'}"
            "); waiting for its dependency map…")
        if _wait(lambda: any("ready for incremental" in line for line in lines),
                 min(timeout, READY_PATIENCE), 0.2):
            result.ready = time.perf_counter() - started
        marker = f"Relecture {secrets.token_hex(4)}"
        for label, edit, shown in (
                ("description", functools.partial(edit_description, sentence=marker), marker),
                ("alias", functools.partial(add_alias, alias=marker.replace(" ", "")),
                 marker.replace(" ", ""))):
            time.sleep(1.0)  # let MkDocs' own watcher settle
            before = page.stat().st_mtime_ns
            printed = len(lines)
            saved = time.perf_counter()
            edit(actor)
            rewritten = served = None
            rewrote = functools.partial(_changed, page, before)
            if _wait(rewrote, timeout):
                rewritten = time.perf_counter() - saved
            if _wait(functools.partial(_shows, url, shown), timeout, 0.1):
                served = time.perf_counter() - saved
            result.edits[label] = (rewritten, served)
            _wait(functools.partial(_printed, lines, printed), 10.0)
            spent = (_spent(lines[printed:], "generator"), _spent(lines[printed:], "site"))
            result.spent[label] = spent
            say(f"  {label} edit: docs/ rewritten after {_num(rewritten)} s, "
                f"served after {_num(served)} s (serve's own account: generator "
                f"{_num(spent[0], 1)} s, site {_num(spent[1], 1)} s)")
    finally:
        process.terminate()
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        reader.join(timeout=10)
        stream.close()
    return result


# -- one size ----------------------------------------------------------------------------------


@dataclass
class SizeResult:
    """Every figure for one N."""

    records: int
    counts: Counts
    generate_seconds: float
    full: Measure
    mkdocs: Measure | None = None
    noop: Measure | None = None
    noop_changes: Changes | None = None
    edits: dict[str, tuple[Measure, Changes]] = field(default_factory=dict)
    full_written: int = 0
    pages_on_disk: int = 0
    # The largest generated page, article pages exempt: (page, bytes) of Markdown and HTML.
    largest_markdown: tuple[str, int] | None = None
    largest_html: tuple[str, int] | None = None
    # The same, list pages only (issue 13's target: ≤ 200 KB of HTML).
    largest_list_markdown: tuple[str, int] | None = None
    largest_list_html: tuple[str, int] | None = None
    serve: ServeResult | None = None
    # issue 12: Pagefind's indexing time, and the search figures in Chromium.
    index_seconds: float | None = None
    index_cpu: float | None = None  # Pagefind's process: user + system time
    search: SearchFigures | None = None
    search_error: str = ""
    # --previous: its full build, its mkdocs build and its search indexing step, if any.
    previous: tuple[Measure, Measure, Measure | None] | None = None


@dataclass(frozen=True)
class Previous:
    """``--previous``: another checkout, and the snapshot of its generator that is measured."""

    checkout: Path
    code: Path

    @property
    def indexes_search(self) -> bool:
        """Whether that code indexes search in a step of its own (Pagefind, issue 12), rather
        than inside ``mkdocs build`` (Material's lunr search plugin, before)."""
        return (self.code / "build_tools" / "search_index.py").is_file()


def bench_size(records: int, seed: int, folder: Path, code: Path, timeout: float,
               with_mkdocs: bool, profile: bool, say: Callable[[str], object],
               with_serve: bool = True, with_search: bool = True,
               previous: Previous | None = None) -> SizeResult:
    """Generate a dossier of ``records`` records in ``folder`` and measure every step;
    ``previous``: another checkout to build the same dossier with, side by side."""
    root = folder / f"n{records}"
    shutil.rmtree(root, ignore_errors=True)  # left by an earlier run with --keep
    say(f"[N={records}] generating the synthetic dossier…")
    started = time.perf_counter()
    counts = make_project(root, records, seed)
    generated = time.perf_counter() - started
    docs = root / "docs"
    before = snapshot(docs)
    old_root = folder / f"n{records}-previous"
    if previous:
        shutil.rmtree(old_root, ignore_errors=True)
        make_project(old_root, records, seed, previous.checkout)
    say(f"[N={records}] full build…")
    full = measure("build", root, code, timeout)
    result = SizeResult(records, counts, generated, full)
    if not full.ok:
        return result
    after = snapshot(docs)
    old_full = None
    if previous:
        say(f"[N={records}] full build by the previous code…")
        old_full = measure("build", old_root, previous.code, timeout)
    result.full_written = len(changes(before, after).written)
    result.pages_on_disk = sum(1 for p in docs.rglob("*.md"))
    result.largest_markdown = largest_page(docs, ".md")
    result.largest_list_markdown = largest_page(docs, ".md", lists_only=True)
    if with_mkdocs:
        say(f"[N={records}] mkdocs build --strict on {result.pages_on_disk} pages…")
        result.mkdocs = measure("mkdocs", root, code, timeout)
        if result.mkdocs.ok:
            result.largest_html = largest_page(root / "site", ".html")
            result.largest_list_html = largest_page(root / "site", ".html", lists_only=True)
            # As `make site` does: serve (below) then starts from this site.
            record_digest(root / "site", inputs_digest(root, config_site_url(root)))
        if result.mkdocs.ok:  # indexing is part of the whole build, searching is not
            bench_search(root, result, say, in_browser=with_search)
        if previous and old_full:
            result.previous = bench_previous_site(old_root, old_full, previous, timeout, say)
    say(f"[N={records}] no-op rebuild…")
    result.noop = measure("build", root, code, timeout)
    result.noop_changes = changes(after, snapshot(docs))
    actor = pick_actor(root)
    if with_serve:  # while site/ is the site of docs/ as they are: serve starts from it
        say(f"[N={records}] serve: start-up, then one edit of {actor.name}'s description "
            "and one more alias…")
        result.serve = bench_serve(root, code, timeout, say)
    for label, edit in (("description", edit_description), ("rename", rename)):
        say(f"[N={records}] rebuild after one actor's {label} changed ({actor.name})…")
        before = snapshot(docs)
        edit(actor)
        build = measure("build", root, code, timeout)
        result.edits[label] = (build, changes(before, snapshot(docs)))
    if profile:
        say(f"[N={records}] profiling a full build…")
        shutil.rmtree(docs)
        make_docs_skeleton(docs)
        profiled = measure("profile", root, code, timeout,
                           str(folder / f"profile-{records}.pstats"))
        say(profiled.detail.get("profile", profiled.error))
    return result


def bench_previous_site(root: Path, full: Measure, previous: Previous, timeout: float,
                        say: Callable[[str], object]) -> tuple[Measure, Measure, Measure | None]:
    """The rest of the previous checkout's whole build after its generator: its ``mkdocs
    build --strict``, then its own search indexing step when it has one."""
    say(f"mkdocs build --strict on the previous code's pages ({root.name})…")
    mkdocs = measure("mkdocs", root, previous.code, timeout)
    index = None
    if mkdocs.ok and previous.indexes_search:
        say(f"search index by the previous code ({root.name})…")
        index = measure("index", root, previous.code, timeout)
    return full, mkdocs, index


def largest_page(folder: Path, suffix: str, *, lists_only: bool = False
                 ) -> tuple[str, int] | None:
    """The largest generated page under ``folder`` (``docs/``, ``.md``, or the built site,
    ``.html``) as (its address, bytes); article pages are exempt, as in issue 13's target
    (they reproduce their source, however long). Only the generated sections count;
    ``lists_only``: only the list pages (chronology, section indexes and their parts,
    mention lists, an entity's complete list of events)."""
    articles = SECTIONS[Kind.ARTICLE]
    lists = {"chronologie", MENTIONS}
    sections = set(SECTIONS.values())  # not the editors' guide, a page of its own
    best: tuple[str, int] | None = None
    for section in GENERATED_DIRS:
        for path in (folder / section).rglob(f"*{suffix}"):
            parts = path.relative_to(folder).parts
            if lists_only and not (parts[0] in lists or parts[0] in sections and (
                    parts[1] == f"index{suffix}" or parts[1] in PART_FOLDERS.values()
                    or parts[2:3] == (ENTITY_EVENTS_FOLDER,))):
                continue
            # An article: articles/<id>.md, or articles/<id>/index.html once built (the
            # index is articles/index.*, its parts articles/par-annee/<year>…).
            article = (len(parts) == 2 and parts[1] != "index.md" if suffix == ".md"
                       else len(parts) == 3)
            if parts[0] == articles and article:
                continue
            size = path.stat().st_size
            page = "/".join(parts[:-1]) + "/" if suffix == ".html" else "/".join(parts)
            if best is None or (size, page) > (best[1], best[0]):
                best = (page, size)
    return best


def bench_search(root: Path, result: SizeResult, say: Callable[[str], object],
                 in_browser: bool = True) -> None:
    """Index ``root/site`` with Pagefind, then (``in_browser``) measure its search in Chromium
    (issue 12)."""
    say(f"[N={result.records}] Pagefind index…")
    started, children = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    indexed = index_site(root / "site")
    result.index_seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result.index_cpu = (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    if indexed.returncode != 0:
        result.search_error = f"pagefind failed: {_tail(indexed.stderr, 3)}"
        return
    if not in_browser:
        return
    say(f"[N={result.records}] search in Chromium…")
    try:
        result.search = measure_search(root)
    except Exception as exc:  # no Chromium, a page error: report it, keep the other figures
        result.search_error = f"{type(exc).__name__}: {str(exc)[:200]}"


def make_docs_skeleton(docs: Path, checkout: Path = REPO) -> None:
    """An empty ``docs/`` with the hand-written pages of ``checkout``."""
    # The generator's output, should someone have built into that checkout's docs/: a
    # generated file copied as if hand-written would make the first build refuse to run.
    skip = {*GENERATED_DIRS, *GENERATED_FILES, MANIFEST}
    source = checkout / "docs"
    shutil.copytree(source, docs,
                    ignore=lambda folder, names: skip if Path(folder) == source else set())
    (docs / "index.md").write_text(SIMPLE_HOME, encoding="utf-8")


# -- mention finding against the number of aliases -------------------------------------------


def alias_inputs(alias_counts: Sequence[int], seed: int, path: Path) -> None:
    """Write the alias tables (10, 100, 1,000… names) and the text for the finder timing."""
    import random

    from benchmarks.synthetic import EntityMaker, Registry

    maker = EntityMaker(random.Random(seed), Registry())
    needed = max(alias_counts)
    actors = maker.actors(max(3, needed // 2))
    entities = actors + maker.weapons(max(1, needed // 4), actors)
    names = [(e.id, n) for e in entities for n in (e.name, *e.aliases)]
    tables = []
    for count in alias_counts:
        table: dict[str, list[str]] = {}
        for entity_id, name in names[:count]:
            table.setdefault(entity_id, []).append(name)
        tables.append(table)
    path.write_text(json.dumps({"text": _sample_text(seed), "tables": tables}),
                    encoding="utf-8")


def _sample_text(seed: int, paragraphs: int = 160) -> str:
    """About 50 kB of synthetic article text (the same for every alias count)."""
    from benchmarks.synthetic import DossierMaker, counts_for

    maker = DossierMaker(counts_for(120), seed)
    texts = [draft.text() for draft in maker.articles]
    lines = [line for text in texts for line in text.split("\n") if line]
    return "\n".join(lines[:paragraphs])


# -- report --------------------------------------------------------------------------------------


def load() -> str:
    """The load average, to judge whether wall-clock figures are trustworthy."""
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "load unknown"
    busy = " (busy machine: trust the CPU figures)" if one > (os.cpu_count() or 1) else ""
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min){busy}"


def machine() -> str:
    """A one-line description of the machine and the versions measured."""
    from importlib.metadata import version

    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return (f"{date.today().isoformat()} · {cpu} · {os.cpu_count()} cores · "
            f"Python {platform.python_version()} · MkDocs {version('mkdocs')} · "
            f"Material {version('mkdocs-material')} · {platform.system()}")


def _num(value: float | None, digits: int = 2) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


TARGETS: dict[str, str] = {
    "records (articles/events/actors/weapons)": "",
    "synthetic data generation, s": "(not part of the build)",
    "generator: pages": "",
    "generator: full build, s (wall / CPU)": "",
    "generator: full build incl. Python start-up, s (wall / CPU)": "",
    "generator: pages/s (wall / CPU)": "≥ 5,000 at 10k",
    "generator: peak RSS, MB (after imports)": "≤ 300",
    "generator: files written": "",
    "no-op rebuild, s (wall / CPU)": "",
    "no-op rebuild / full build (wall / CPU)": "≤ 10 %",
    "no-op rebuild: files written": "0",
    "one actor's description edited: written / changed / needless": "needless = 0",
    "one actor's description edited: rebuild, s (wall / CPU)": "",
    "one actor renamed: written / changed / needless": "needless = 0",
    "one actor renamed: rebuild, s (wall / CPU)": "",
    "mkdocs build --strict, s (wall / CPU)": "",
    "mkdocs incl. Python start-up, s (wall / CPU)": "",
    "mkdocs: peak RSS, MB": "",
    "mkdocs: ms per page (wall / CPU)": "flat 1k → 10k",
    "(generator + mkdocs) / mkdocs, whole processes (wall / CPU)": "≤ 1.10",
    "largest generated page, KB of HTML (article pages exempt)": "",
    "largest generated page, KB of Markdown (article pages exempt)": "",
    "largest list page, KB of HTML": "≤ 200",
    "largest list page, KB of Markdown": "",
    "serve start-up (docs/ up to date): first page served, s": "",
    "serve: dependency map ready, s after launch": "",
    "serve, description edit: docs/ rewritten / page served, s": "≤ 5 s served",
    "serve, alias edit: docs/ rewritten / page served, s": "(report)",
    # issue 12: the reader search (Pagefind), measured in headless Chromium.
    "search: Pagefind index, s / MB on disk": "",
    "search: page load → search ready, ms (median)": "≤ 1,000 at 10k",
    "search: record name → results, ms (median / max)": "≤ 200 at 10k",
    "search: kB fetched for the first query (+ to initialise)": "≤ 1,000 at 10k",
    "search: record's own page first": "",
    "whole build (generator + mkdocs + search index), whole processes, s (wall / CPU)": "",
    "previous code: whole build, whole processes, s (wall / CPU)": "(--previous)",
    "whole build ratio vs previous code (wall / CPU)": "≤ 0.75 at 10k",
}


def _pair(wall: float, cpu: float, digits: int = 2) -> str:
    return f"{_num(wall, digits)} / {_num(cpu, digits)}"


def cells(r: SizeResult) -> dict[str, str]:
    """The table column of one N (keys as in :data:`TARGETS`)."""
    c = r.counts
    out = {"records (articles/events/actors/weapons)":
           f"{r.records} ({c.articles}/{c.events}/{c.actors}/{c.weapons})",
           "synthetic data generation, s": _num(r.generate_seconds)}
    full = r.full
    if not full.ok:
        out["generator: full build, s (wall / CPU)"] = f"FAILED: {full.error[:60]}"
        return out
    pages = int(full.detail.get("pages", 0))
    out.update({
        "generator: pages": f"{pages:,}",
        "generator: full build, s (wall / CPU)": _pair(full.seconds, full.cpu),
        "generator: full build incl. Python start-up, s (wall / CPU)":
            _pair(full.wall, full.process_cpu),
        "generator: pages/s (wall / CPU)": _pair(pages / full.seconds, pages / full.cpu, 0),
        "generator: peak RSS, MB (after imports)": f"{full.rss_mb:.0f} ({full.baseline_mb:.0f})",
        "generator: files written": f"{r.full_written:,}",
    })
    for label, largest in (
            ("generated page, KB of HTML (article pages exempt)", r.largest_html),
            ("generated page, KB of Markdown (article pages exempt)", r.largest_markdown),
            ("list page, KB of HTML", r.largest_list_html),
            ("list page, KB of Markdown", r.largest_list_markdown)):
        if largest:
            out[f"largest {label}"] = f"{largest[1] / 1024:,.0f} ({largest[0]})"
    if r.noop and r.noop.ok and r.noop_changes:
        out["no-op rebuild, s (wall / CPU)"] = _pair(r.noop.seconds, r.noop.cpu)
        out["no-op rebuild / full build (wall / CPU)"] = (
            f"{100 * r.noop.seconds / full.seconds:.0f} % / {100 * r.noop.cpu / full.cpu:.0f} %")
        out["no-op rebuild: files written"] = str(len(r.noop_changes.written))
    for label, title in (("description", "one actor's description edited"),
                         ("rename", "one actor renamed")):
        if label in r.edits:
            build, change = r.edits[label]
            out[f"{title}: written / changed / needless"] = _edit_cell(build, change)
            out[f"{title}: rebuild, s (wall / CPU)"] = _pair(build.seconds, build.cpu)
    out.update(_mkdocs_cells(r))
    out.update(_search_cells(r))
    out.update(_previous_cells(r))
    out.update(_serve_cells(r.serve))
    return out


def _previous_cells(r: SizeResult) -> dict[str, str]:
    """The whole build (generator + mkdocs processes) and, with --previous, its ratio."""
    m = r.mkdocs
    if m is None or not m.ok:
        return {}
    wall, cpu = r.full.wall + m.wall, r.full.process_cpu + m.process_cpu
    if r.index_seconds is not None and r.index_cpu is not None:
        # Search indexing is part of the build since Material's search (inside mkdocs) was
        # replaced by Pagefind (a step of its own, issue 12).
        wall, cpu = wall + r.index_seconds, cpu + r.index_cpu
    out = {"whole build (generator + mkdocs + search index), whole processes, s (wall / CPU)":
           _pair(wall, cpu)}
    if r.previous is None:
        return out
    steps = [step for step in r.previous if step is not None]
    failed = [step.error for step in steps if not step.ok]
    if failed:
        out["previous code: whole build, whole processes, s (wall / CPU)"] = \
            f"FAILED: {failed[0][:60]}"
        return out
    old_wall = sum(step.wall for step in steps)
    old_cpu = sum(step.process_cpu for step in steps)
    out["previous code: whole build, whole processes, s (wall / CPU)"] = _pair(old_wall, old_cpu)
    out["whole build ratio vs previous code (wall / CPU)"] = _pair(wall / old_wall,
                                                                  cpu / old_cpu, 3)
    return out


def _serve_cells(s: ServeResult | None) -> dict[str, str]:
    if s is None:
        return {}
    if s.startup is None:
        return {"serve start-up (docs/ up to date): first page served, s":
                f"FAILED: {s.error[:60]}"}
    out = {"serve start-up (docs/ up to date): first page served, s": _num(s.startup, 1),
           "serve: dependency map ready, s after launch": _num(s.ready, 1)}
    for label in ("description", "alias"):
        if label in s.edits:
            rewritten, served = s.edits[label]
            out[f"serve, {label} edit: docs/ rewritten / page served, s"] = (
                f"{_num(rewritten)} / {_num(served)}")
    return out


def _search_cells(r: SizeResult) -> dict[str, str]:
    out: dict[str, str] = {}
    if r.search_error:
        out["search: page load → search ready, ms (median)"] = f"FAILED: {r.search_error[:60]}"
    s = r.search
    if r.index_seconds is None or s is None:
        return out
    return {
        "search: Pagefind index, s / MB on disk":
            f"{r.index_seconds:.1f} / {s.index_bytes / 1e6:.1f}",
        "search: page load → search ready, ms (median)": f"{s.ready_ms:.0f}",
        "search: record name → results, ms (median / max)":
            f"{s.query_ms:.0f} / {s.query_max_ms:.0f}",
        "search: kB fetched for the first query (+ to initialise)":
            f"{s.first_query_bytes / 1e3:.0f} (+ {s.init_bytes / 1e3:.0f})",
        "search: record's own page first": f"{s.found_first}/{s.queries}",
    }


def _mkdocs_cells(r: SizeResult) -> dict[str, str]:
    m = r.mkdocs
    if m is None:
        return {"mkdocs build --strict, s (wall / CPU)": "skipped"}
    if not m.ok:
        return {"mkdocs build --strict, s (wall / CPU)": f"FAILED: {m.error[:60]}"}
    pages = r.pages_on_disk
    return {
        "mkdocs build --strict, s (wall / CPU)": _pair(m.seconds, m.cpu),
        "mkdocs incl. Python start-up, s (wall / CPU)": _pair(m.wall, m.process_cpu),
        "mkdocs: peak RSS, MB": f"{m.rss_mb:.0f}",
        "mkdocs: ms per page (wall / CPU)": _pair(1000 * m.seconds / pages,
                                                  1000 * m.cpu / pages, 1),
        "(generator + mkdocs) / mkdocs, whole processes (wall / CPU)": _pair(
            (r.full.wall + m.wall) / m.wall,
            (r.full.process_cpu + m.process_cpu) / m.process_cpu, 3),
    }


def _edit_cell(build: Measure, change: Changes) -> str:
    if not build.ok:
        return f"FAILED: {build.error[:40]}"
    return f"{len(change.written)} / {len(change.changed)} / {len(change.extra)}"


def scaling_rows(results: Sequence[SizeResult]) -> list[tuple[str, str, str]]:
    """Ratios between the smallest and the largest N (wall / CPU)."""
    ok = [r for r in results if r.full.ok]
    if len(ok) < 2:
        return []
    small, large = ok[0], ok[-1]
    factor = large.records / small.records
    names = f"N={large.records} / N={small.records}"
    out = [(f"generator time {names}", _pair(large.full.seconds / small.full.seconds,
                                               large.full.cpu / small.full.cpu, 1),
            f"≤ {factor * 1.1:.0f} (linear)")]
    sm, lm = small.mkdocs, large.mkdocs
    if sm and lm and sm.ok and lm.ok:
        out.append((f"mkdocs time {names}", _pair(lm.seconds / sm.seconds, lm.cpu / sm.cpu, 1),
                    f"≈ {factor:.0f}"))
        pages = large.pages_on_disk / small.pages_on_disk
        out.append(("mkdocs per-page cost, large / small",
                    _pair(lm.seconds / sm.seconds / pages, lm.cpu / sm.cpu / pages),
                    "≈ 1 (flat)"))
    return out


def render_table(results: Sequence[SizeResult]) -> str:
    """The results as a Markdown table (also fine in a terminal)."""
    header = ["metric", *(f"N = {r.records:,}" for r in results), "target"]
    lines = [_row(header), _row(["---"] * len(header))]
    columns = [cells(r) for r in results]
    lines += [_row([metric, *(col.get(metric, "—") for col in columns), target])
              for metric, target in TARGETS.items()]
    scaling = scaling_rows(results)
    if scaling:
        lines += ["", _row(["scaling", "measured", "target"]), _row(["---"] * 3)]
        lines += [_row(list(row)) for row in scaling]
    return "\n".join(lines)


def _row(cells: Sequence[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render_aliases(results: Sequence[Sequence[float]]) -> str:
    """The alias-scaling figures as a Markdown table."""
    lines = [_row(["aliases", "text (kB)", "build finder (ms)", "scan (ms)", "scan µs per kB"]),
             _row(["---"] * 5)]
    for count, size, built, scan in results:
        lines.append(_row([str(count), f"{size / 1024:.0f}", _num(built * 1000, 1),
                           _num(scan * 1000, 1), _num(scan * 1e6 / (size / 1024), 0)]))
    return "\n".join(lines)


# -- command line ------------------------------------------------------------------------------


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The benchmark's options."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.bench",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000],
                        help="numbers of records N (default: 1000 10000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--aliases", type=int, nargs="*", default=[10, 100, 1000, 5000],
                        help="alias counts for the mention-finder timing (none: skip it)")
    parser.add_argument("--no-mkdocs", action="store_true", help="skip the mkdocs builds")
    parser.add_argument("--no-serve", action="store_true",
                        help="skip the serve figures (start-up, one edit's latency)")
    parser.add_argument("--no-search", action="store_true",
                        help="skip the search measures in Chromium (the index is still built: "
                             "it is part of the whole build)")
    parser.add_argument("--profile", action="store_true",
                        help="also profile one full build per size (cProfile, top functions)")
    parser.add_argument("--timeout", type=float, default=3600,
                        help="seconds allowed for each step (default 3600)")
    parser.add_argument("--keep", type=Path,
                        help="keep the generated projects in this folder (its n<N>/ and code/ "
                             "subfolders are replaced)")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument("--code", type=Path, default=REPO / "build_tools",
                        help="the build_tools package to measure (default: this checkout's); "
                             "to compare a branch or a proposed change")
    parser.add_argument("--serve-only", type=Path, metavar="PROJECT",
                        help="only the serve figures, on an existing built project (its "
                             "site/ from scripts/build_site.py, for a start from site/); "
                             "the project's data is edited: give a copy")
    parser.add_argument("--previous", type=Path, metavar="CHECKOUT",
                        help="another checkout of this repository (e.g. `git worktree add "
                             "/tmp/old <commit>`): each N is also built as it builds its site "
                             "(its generator, mkdocs.yml, theme, search indexing), side by "
                             "side, for the whole-build ratio")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the table; exit 1 if a step failed."""
    args = parse_args(argv)
    def say(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    say(f"{machine()}\nAt the start: {load()}")
    if args.serve_only:
        return serve_only(args.serve_only.resolve(), args.code, args.timeout, say)
    folder = args.keep or Path(tempfile.mkdtemp(prefix="dossier-bench-"))
    try:
        code = snapshot_code(args.code, folder)
        say(f"Measuring the build_tools package copied from {args.code}")
        previous = None
        if args.previous:
            checkout = args.previous.resolve()
            if not (checkout / "build_tools").is_dir() or not (checkout / "mkdocs.yml").is_file():
                say(f"--previous {checkout}: not a checkout (no build_tools/ and mkdocs.yml)")
                return 2
            previous = Previous(checkout, snapshot_code(checkout / "build_tools",
                                                        folder / "previous"))
            say(f"Comparing with the checkout {checkout} (its generator, mkdocs.yml, theme)")
        results = [bench_size(n, args.seed, folder, code, args.timeout, not args.no_mkdocs,
                              args.profile, say, not args.no_serve,
                              not args.no_search, previous) for n in args.sizes]
        aliases: list[list[float]] = []
        if args.aliases:
            say(f"[mentions] timing the mention finder with {args.aliases} aliases…")
            alias_inputs(args.aliases, args.seed, folder / "aliases.json")
            timing = measure("aliases", folder, code, args.timeout, str(folder / "aliases.json"))
            aliases = timing.detail.get("rows", []) if timing.ok else []
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"Machine: {machine()}\nAt the end: {load()}\n")
    print(render_table(results))
    if aliases:
        print("\nMention finding (one finder, same text, growing number of aliases):\n")
        print(render_aliases(aliases))
    if args.json:
        args.json.write_text(json.dumps(_as_json(results, aliases), indent=1), encoding="utf-8")
    failed = any(not r.full.ok or (r.mkdocs and not r.mkdocs.ok) for r in results)
    return 1 if failed else 0


def serve_only(root: Path, source: Path, timeout: float, say: Callable[[str], object]) -> int:
    """``--serve-only``: the serve figures on an existing project; exit 1 if it failed."""
    folder = Path(tempfile.mkdtemp(prefix="dossier-bench-"))
    try:
        result = bench_serve(root, snapshot_code(source, folder), timeout, say)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    print(f"Machine: {machine()}\nAt the end: {load()}\n")
    print(f"serve on {root}: {result.start or result.error}")
    for name, value in _serve_cells(result).items():
        print(f"- {name}: {value}")
    for label, (generator, site) in result.spent.items():
        print(f"- serve, {label} edit, as serve printed it: generator {_num(generator, 1)} s, "
              f"site {_num(site, 1)} s")
    return 0 if result.startup is not None and all(
        served is not None for _, served in result.edits.values()) else 1


def _as_json(results: Sequence[SizeResult], aliases: Sequence[Sequence[float]]) -> dict[str, Any]:
    def m(x: Measure | None) -> dict[str, Any] | None:
        return None if x is None else {"ok": x.ok, "seconds": x.seconds, "cpu": x.cpu,
                                       "wall": x.wall, "process_cpu": x.process_cpu,
                                       "rss_mb": x.rss_mb, "error": x.error}

    return {
        "machine": machine(),
        "sizes": [{
            "records": r.records, "counts": r.counts.__dict__, "generate": r.generate_seconds,
            "full": m(r.full), "pages": r.full.detail.get("pages"), "written": r.full_written,
            "mkdocs": m(r.mkdocs), "pages_on_disk": r.pages_on_disk, "noop": m(r.noop),
            "largest_html": r.largest_html, "largest_markdown": r.largest_markdown,
            "largest_list_html": r.largest_list_html,
            "largest_list_markdown": r.largest_list_markdown,
            "noop_written": len(r.noop_changes.written) if r.noop_changes else None,
            "edits": {k: {"build": m(b), "written": sorted(c.written), "changed": sorted(c.changed)}
                      for k, (b, c) in r.edits.items()},
            "serve": r.serve.__dict__ if r.serve else None,
            "index_seconds": r.index_seconds,
            "search": asdict(r.search) if r.search else None, "search_error": r.search_error,
            "previous": None if r.previous is None else {"full": m(r.previous[0]),
                                                         "mkdocs": m(r.previous[1]),
                                                         "index": m(r.previous[2])},
        } for r in results],
        "aliases": [{"aliases": a, "bytes": b, "build": c, "scan": s} for a, b, c, s in aliases],
    }


if __name__ == "__main__":
    raise SystemExit(main())
