"""serve's incremental regeneration (build_tools/incremental.py) equals a full build.

After each edit of a random sequence (descriptions, summaries, dates, quotes, notes,
aliases, records added and removed), the project regenerated incrementally must hold, byte
for byte, what a fresh full build of the same data writes into an empty project: every
generated page, the hand-written pages and the manifest. An edit that makes the data
invalid must leave docs/ as it was and report what ``check`` reports.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import generate
from build_tools.build import run
from build_tools.incremental import LiveBuild
from build_tools.readers import FileCache
from tests.conftest import make_project, tree

HOME = "# Dossier synthétique\n\nVoir la [chronologie](chronologie/index.md).\n"
TEXTS = ("Fiche relue par la rédaction.", "Voir Moscou et Ankara, puis l'OTAN.",
         "Un *texte* avec [un lien](https://example.org/) et des « guillemets ».",
         "Texte court.")
DATES = ("2005", "2012-03", "2019-04-08", "2008-11-30", "2016-07-15")
ALIASES = ("Kremlin", "Ankara", "Washington", "Triumph", "Moscou", "Erdogan")

Edit = tuple[str, int, int]


def _records(root: Path, kind: str) -> list[Path]:
    return sorted((root / "data" / kind).glob("*.yaml"))


def _load(path: Path) -> tuple[str, dict[str, Any]]:
    text = path.read_text(encoding="utf-8")
    modeline, _, _ = text.partition("\n")
    return modeline, yaml.safe_load(text)


def _save(path: Path, modeline: str, doc: dict[str, Any]) -> None:
    body = yaml.safe_dump(doc, allow_unicode=True, sort_keys=False, width=88)
    path.write_text(f"{modeline}\n{body}", encoding="utf-8")


def _change(path: Path, change: Callable[[dict[str, Any]], object]) -> None:
    modeline, doc = _load(path)
    change(doc)
    _save(path, modeline, doc)


def _pick(paths: list[Path], n: int) -> Path:
    return paths[n % len(paths)]


def _quote_from_article(root: Path, doc: dict[str, Any], n: int) -> None:
    """Quote another passage of the same article: the first words of one of its paragraphs."""
    source = doc["sources"][0]
    text = (root / "data" / "articles" / f"{source['article']}.txt").read_text(encoding="utf-8")
    paragraphs = [line for line in text.split("\n") if len(line.split()) >= 8]
    source["quote"] = " ".join(_pick(paragraphs, n).split()[:8])  # type: ignore[arg-type]


def _add_event(root: Path, n: int, m: int) -> None:
    model = _pick(_records(root, "events"), n)
    modeline, doc = _load(model)
    doc["title"] = f"Événement ajouté {m}"
    _save(model.with_name(f"evenement-ajoute-{m}.yaml"), modeline, doc)


def _add_actor(root: Path, n: int, m: int) -> None:
    modeline, _ = _load(_records(root, "actors")[0])
    doc = {"name": f"Personne Ajoutée {m}", "kind": "person",
           "aliases": [ALIASES[n % len(ALIASES)]], "description": TEXTS[m % len(TEXTS)]}
    _save(root / "data" / "actors" / f"personne-ajoutee-{m}.yaml", modeline, doc)


def _alias(doc: dict[str, Any], m: int) -> None:
    aliases = doc.setdefault("aliases", [])
    if aliases and m % 2:
        aliases.pop()
    else:
        aliases.append(ALIASES[m % len(ALIASES)])


def apply(root: Path, edit: Edit) -> None:
    """Apply one edit: (operation, which record, which value)."""
    op, n, m = edit
    entities = _records(root, "actors") + _records(root, "weapons")
    events = _records(root, "events")
    if op == "description":
        _change(_pick(entities, n), lambda d: d.__setitem__("description", TEXTS[m % 4]))
    elif op == "summary":
        _change(_pick(events, n), lambda d: d.__setitem__("summary", TEXTS[m % 4]))
    elif op == "date":
        _change(_pick(events, n), lambda d: d.__setitem__("date", DATES[m % len(DATES)]))
    elif op == "note":
        _change(_pick(events, n), lambda d: d["sources"][0].__setitem__("note", TEXTS[m % 4]))
    elif op == "quote":
        _change(_pick(events, n), lambda d: _quote_from_article(root, d, m))
    elif op == "alias":
        _change(_pick(entities, n), lambda d: _alias(d, m))
    elif op == "add-event":
        _add_event(root, n, m)
    elif op == "add-actor":
        _add_actor(root, n, m)
    elif op == "remove-event" and len(events) > 1:
        _pick(events, n).unlink()


OPS = ("description", "summary", "date", "note", "quote", "alias", "add-event", "add-actor",
       "remove-event")
edits = st.lists(st.tuples(st.sampled_from(OPS), st.integers(0, 200), st.integers(0, 200)),
                 min_size=1, max_size=4)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small synthetic project (30 records), not built."""
    folder = tmp_path_factory.mktemp("live")
    generate(folder / "synthetic", 30, seed=11)
    return make_project(folder / "template", folder / "synthetic" / "data", home=HOME)


def full_build(data: Path, folder: Path) -> tuple[dict[str, bytes], tuple[str, ...]]:
    """docs/ of a fresh project with this data after ``build``, and the problems."""
    fresh = make_project(folder, data, home=HOME)
    result = run(fresh, write=True)
    return tree(fresh / "docs"), tuple(map(str, result.problems))


def data_files(root: Path) -> dict[str, bytes]:
    """Every file of ``data/`` by absolute path, with its bytes."""
    return {str(path): path.read_bytes() for path in (root / "data").rglob("*")
            if path.is_file()}


def changed_files(before: dict[str, bytes], after: dict[str, bytes]) -> frozenset[str]:
    """The files the watcher would name: added, removed or rewritten."""
    return frozenset(path for path in before.keys() | after.keys()
                     if before.get(path) != after.get(path))


def _mark_changed(paths: frozenset[str]) -> None:
    """Give each changed file a modification time of its own: two writes within one tick
    of the file system's clock may leave the same times, which serve handles by not
    keeping what it reads from a file changed in the last two seconds (RACY_NS); the tests
    keep everything (racy_ns=0), so they make each edit visible in the times."""
    for path in paths:
        if os.path.exists(path):
            stamp = next(_CLOCK)
            os.utime(path, ns=(stamp, stamp))


_CLOCK = itertools.count(1_500_000_000_000_000_000, 1_000_000_000)

# How the watcher reports an edit: not at all (None: read everything again), exactly, or
# not (a missed event: the files' times must reveal it).
HINTS = ("none", "exact", "missed")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits, st.sampled_from(HINTS))
def test_incremental_regeneration_equals_a_full_build(template: Path, edits: list[Edit],
                                                      hint: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        shutil.copytree(template, root)
        live = LiveBuild(root)
        live.files = FileCache(racy_ns=0)  # keep what is read from every file
        assert live.run().report is not None
        for number, edit in enumerate(edits):
            before, files = tree(root / "docs"), data_files(root)
            apply(root, edit)
            changed = changed_files(files, data_files(root))
            _mark_changed(changed)
            result = live.run({"none": None, "exact": changed, "missed": frozenset()}[hint])
            expected, problems = full_build(root / "data", Path(folder) / f"fresh{number}")
            assert tuple(map(str, result.problems)) == problems, edit
            if result.report is None:  # the edit made the data invalid: nothing written
                event(f"{edit[0]}: invalid")
                assert tree(root / "docs") == before, edit
                continue
            assert live.last_run is not None
            event(f"{edit[0]}: {'full' if live.last_run.full else 'incremental'}, {hint}")
            assert tree(root / "docs") == expected, edit


def test_a_description_edit_renders_few_pages_and_writes_one(template: Path,
                                                            tmp_path: Path) -> None:
    root = tmp_path / "project"
    shutil.copytree(template, root)
    live = LiveBuild(root)
    live.run()
    assert live.last_run is not None and live.last_run.full
    pages = len(live.last.reads) if live.last else 0
    entity = _records(root, "actors")[-1]
    _change(entity, lambda d: d.__setitem__("description", "Fiche relue par la rédaction."))
    result = live.run()
    assert result.report is not None
    assert result.report.written == (f"acteurs/{entity.stem}.md",)
    assert not live.last_run.full
    assert live.last_run.rendered < pages / 2
    expected, _ = full_build(root / "data", tmp_path / "fresh")
    assert tree(root / "docs") == expected


def test_an_edit_the_watcher_missed_is_still_regenerated(template: Path,
                                                        tmp_path: Path) -> None:
    """serve is told of another file (or of none): the edited file's size and times
    differ from what was read, so it is read again all the same."""
    root = tmp_path / "project"
    shutil.copytree(template, root)
    live = LiveBuild(root)
    live.files = FileCache(racy_ns=0)
    live.run()
    entity, other = _records(root, "actors")[-1], _records(root, "actors")[0]
    _change(entity, lambda d: d.__setitem__("description", "Fiche relue par la rédaction."))
    _mark_changed(frozenset({str(entity)}))
    result = live.run(changed=frozenset({str(other)}))
    assert result.report is not None
    assert result.report.written == (f"acteurs/{entity.stem}.md",)
    expected, _ = full_build(root / "data", tmp_path / "fresh")
    assert tree(root / "docs") == expected


def test_a_file_named_by_the_watcher_is_read_again_whatever_its_times(tmp_path: Path) -> None:
    """Two writes in one tick of the file system's clock can leave the same size and times:
    a file named by the watcher is read again anyway, and a file changed in the last two
    seconds is not kept at all."""
    path = tmp_path / "x.yaml"
    path.write_text("a: 1\n", encoding="utf-8")
    old = os.stat(path)
    files = FileCache(racy_ns=0)
    files.put("read", str(path), old, "kept")
    assert files.get("read", str(path), old) == "kept"
    files.forget([path])
    assert files.get("read", str(path), old) is None
    fresh = FileCache()  # the default: a file written just now is too recent to keep
    fresh.put("read", str(path), old, "kept")
    assert fresh.get("read", str(path), old) is None


def test_a_build_run_behind_serves_back_means_a_full_regeneration(template: Path,
                                                                  tmp_path: Path) -> None:
    """Another ``build`` (another terminal) changed docs/: serve cannot trust its map."""
    root = tmp_path / "project"
    shutil.copytree(template, root)
    live = LiveBuild(root)
    live.run()
    events = _records(root, "events")
    _change(events[0], lambda d: d.__setitem__("summary", "Résumé refait ailleurs."))
    assert run(root, write=True).report is not None
    _change(events[1], lambda d: d.__setitem__("date", "2001"))
    result = live.run()
    assert result.report is not None and live.last_run is not None
    assert live.last_run.full
    expected, _ = full_build(root / "data", tmp_path / "fresh")
    assert tree(root / "docs") == expected


def test_the_served_site_after_an_edit_equals_a_full_build(template: Path,
                                                          tmp_path: Path) -> None:
    """What serve's MkDocs session shows after an edit that rewrites many pages (a rename)
    is what a complete build shows: every page byte for byte, the nav's titles of pages not
    rebuilt included. (The search index is not rebuilt under serve: README.)"""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from benchmarks.bench import rename
    from build_tools.live_site import LiveSite

    root = tmp_path / "project"
    shutil.copytree(template, root)
    live = LiveBuild(root)
    live.run()
    site = LiveSite(root, tmp_path / "served")
    site.open(render=True)
    rename(_records(root, "actors")[-1])
    report = live.run().report
    assert report is not None and len(report.written) > 3
    update = site.update({*report.written, *report.removed})
    pages = [page for page in report.written if page.endswith(".md")]
    assert not update.full and update.rendered == len(pages)
    site.close()
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(tmp_path / "complete")))
    served, complete = tree(tmp_path / "served"), tree(tmp_path / "complete")
    assert len(served) > 10 and served == complete


def test_an_edit_saved_before_serve_is_ready_is_in_prepares_report(template: Path,
                                                                   tmp_path: Path) -> None:
    """serve's first build writes docs/, then it maps the pages (prepare). An edit saved in
    between is written by prepare's run, and its own watcher event then finds nothing new:
    prepare's report is the only news of it, which serve's site must follow (it was lost
    under load before)."""
    root = tmp_path / "project"
    shutil.copytree(template, root)
    assert run(root, write=True).report is not None
    entity = _records(root, "actors")[-1]
    _change(entity, lambda d: d.__setitem__("description", "Fiche relue par la rédaction."))
    live = LiveBuild(root)
    prepared = live.prepare()
    assert prepared is not None and prepared.report is not None
    assert prepared.report.written == (f"acteurs/{entity.stem}.md",)
    again = live.run(changed=frozenset({str(entity)}))
    assert again.report is not None and again.report.written == ()
