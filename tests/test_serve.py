"""serve: a change under data/ regenerates the pages; a bad edit keeps the last good site
and shows its problems in the browser (a banner and a page that exist under serve only).

The end-to-end test runs the real ``python -m build_tools serve`` (MkDocs' live-reload
server) on the mini dossier and reads the served pages over HTTP, as a browser would.
Waits are bounded so that a broken server fails the test instead of hanging it; how fast
an edit shows up is measured by the benchmark notes, not asserted here.
"""

from __future__ import annotations

import contextlib
import html
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from build_tools import serve
from build_tools.problems import Problem, Severity
from build_tools.serve import LIVE, SERVE_PAGES, banner_html, problems_markdown, watch_data
from tests.conftest import MINI_DATA, REPO, make_project, subprocess_env

HOME = "# Dossier\n\n[Rostec](acteurs/rostec.md)\n"
PATIENCE = 60.0  # seconds before a wait gives up (a failure, not a measurement)


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up waiting for {what}")
        time.sleep(0.1)


def test_watching_data_calls_back_after_each_change(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "actors").mkdir(parents=True)
    record = data / "actors" / "a.yaml"
    record.write_text("name: A\n", encoding="utf-8")
    calls: list[frozenset[str]] = []
    ready = threading.Event()
    stop = threading.Event()
    watcher = threading.Thread(target=watch_data, args=(data, calls.append, stop),
                               kwargs={"prepare": ready.set})
    watcher.start()
    try:
        assert ready.wait(PATIENCE)  # watching, then prepare() ran
        assert calls == []
        record.write_text("name: A, renamed\n", encoding="utf-8")
        wait_for(lambda: len(calls) == 1, "the first change")
        assert str(record) in calls[0]
        (data / "actors" / "b.yaml").write_text("name: B\n", encoding="utf-8")
        wait_for(lambda: len(calls) == 2, "a new file")
        record.unlink()
        wait_for(lambda: len(calls) == 3, "a deleted file")
        assert str(record) in calls[2]
    finally:
        stop.set()
        watcher.join()


def test_a_burst_of_events_is_one_call(tmp_path: Path) -> None:
    """An editor's save (write a temporary file, rename it over the record) is one change."""
    data = tmp_path / "data"
    (data / "actors").mkdir(parents=True)
    record = data / "actors" / "a.yaml"
    record.write_text("name: A\n", encoding="utf-8")
    calls: list[frozenset[str]] = []
    ready = threading.Event()
    stop = threading.Event()
    watcher = threading.Thread(target=watch_data, args=(data, calls.append, stop),
                               kwargs={"prepare": ready.set, "quiet": 0.3})
    watcher.start()
    try:
        assert ready.wait(PATIENCE)
        for n in range(5):
            temporary = data / "actors" / f".a.yaml.tmp{n}"
            temporary.write_text(f"name: A{n}\n", encoding="utf-8")
            temporary.replace(record)
        wait_for(lambda: len(calls) == 1, "the burst")
        time.sleep(0.6)
        assert len(calls) == 1
        assert str(record) in calls[0]
    finally:
        stop.set()
        watcher.join()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str, list[str]]]:
    """``(project, base URL, lines the server printed)`` of a running ``serve``."""
    with _serving(make_project(tmp_path, MINI_DATA, home=HOME)) as running:
        yield running


@contextlib.contextmanager
def _serving(root: Path) -> Iterator[tuple[Path, str, list[str]]]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "build_tools", "serve", "--root", str(root),
         "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root, env=subprocess_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True)
    output: list[str] = []
    assert process.stdout is not None
    stream = process.stdout
    reader = threading.Thread(target=lambda: output.extend(iter(stream.readline, "")),
                              daemon=True)
    reader.start()
    try:
        yield root, f"http://127.0.0.1:{port}/", output
    finally:
        process.terminate()
        process.wait(timeout=30)
        reader.join(timeout=30)
        print("".join(output))  # shown when the test fails
        assert process.stdout is not None
        process.stdout.close()


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            text: str = response.read().decode("utf-8")
            return text
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def test_an_edit_is_served_and_a_bad_edit_keeps_the_last_good_site(
        served: tuple[Path, str, list[str]]) -> None:
    root, base, output = served
    page = base + "acteurs/rostec/"
    wait_for(lambda: "Rostec" in _page(page), "the first build to be served")

    record = root / "data" / "actors" / "rostec.yaml"
    good = record.read_text(encoding="utf-8")
    edited = good.replace("description: >-\n", "description: >-\n  Marqueur-de-test.\n", 1)
    assert edited != good
    record.write_text(edited, encoding="utf-8")
    wait_for(lambda: "Marqueur-de-test" in _page(page), "the edit to be served")
    # serve says when it is ready to regenerate only what an edit affects, and what it did.
    wait_for(lambda: any(re.fullmatch(r"regenerated in \d+\.\d s \((\d+ pages?|every page) "
                                      r"rendered again\)\.\n", line) for line in output),
             "the regeneration's summary")
    assert any(re.fullmatch(r"ready for incremental regeneration \(mapped in \d+\.\d s\)\.\n",
                            line) for line in output)

    record.write_text(edited + "kind: [unclosed\n", encoding="utf-8")
    wait_for(lambda: any("rostec.yaml" in line and "error" in line for line in output),
             "the validation error to be printed")
    # The broken edit is reported; the pages of the last good build stay up.
    assert "Marqueur-de-test" in _page(page)
    assert "Marqueur-de-test" in (root / "docs" / "acteurs" / "rostec.md").read_text(
        encoding="utf-8")

    # The browser shows the problem on every page, escaped, with its file and line…
    banner = "dossier-serve-problems"
    wait_for(lambda: banner in _page(page), "the problem banner to be served")
    printed = next(line.strip() for line in output if "rostec.yaml" in line and "error" in line)
    assert printed.startswith("data/actors/rostec.yaml:")
    assert f"<li><code>{html.escape(printed)}</code></li>" in _page(page)
    assert printed in html.unescape(_page(base + "_serve/problemes/"))
    # …but nothing of it is ever written into docs/ (nor, then, published).
    _assert_docs_untouched(root)

    record.write_text(good.replace("country: russie", 'country: "<b>gras</b>"'),
                      encoding="utf-8")
    wait_for(lambda: "&lt;b&gt;gras&lt;/b&gt;" in _page(page), "the new problem to be served")
    assert "<b>gras</b>" not in _page(page)

    record.write_text(edited, encoding="utf-8")
    wait_for(lambda: banner not in _page(page), "the banner to go once the data is fixed")
    assert "Marqueur-de-test" in _page(page)
    assert "Aucun problème" in _page(base + "_serve/problemes/")
    _assert_docs_untouched(root)


def test_serve_starts_on_a_broken_dossier_and_shows_why(tmp_path: Path) -> None:
    root = make_project(tmp_path, MINI_DATA, home=HOME)
    record = root / "data" / "actors" / "rostec.yaml"
    good = record.read_text(encoding="utf-8")
    record.write_text(good + "kind: [unclosed\n", encoding="utf-8")
    with _serving(root) as (_, base, output):
        wait_for(lambda: "dossier-serve-problems" in _page(base), "the banner on the home page")
        assert any("problems are also shown in the browser" in line for line in output)
        record.write_text(good, encoding="utf-8")
        wait_for(lambda: "Rostec" in _page(base + "acteurs/rostec/"), "the fixed dossier")
        assert "dossier-serve-problems" not in _page(base)


def test_hand_edits_and_new_records_are_served_and_serve_cleans_up(tmp_path: Path) -> None:
    root = make_project(tmp_path, MINI_DATA, home=HOME)
    with _serving(root) as (_, base, output):
        wait_for(lambda: "Rostec" in _page(base + "acteurs/rostec/"), "the first build")
        assert len(list(root.glob(".serve-*"))) == 1  # the served folder, beside site/
        # MkDocs' live-reload script is in the page, with the site's version (its epoch).
        found = re.search(r"livereload\((\d+), \d+\)", _page(base))
        assert found is not None
        (root / "docs" / "index.md").write_text(HOME + "\nAccueil-retouché.\n",
                                                encoding="utf-8")
        wait_for(lambda: "Accueil-retouché" in _page(base), "the hand edit")
        # The open pages are told to reload: the version they poll for has passed.
        assert int(_page(f"{base}livereload/{found[1]}/1")) > int(found[1])
        source = root / "data" / "actors" / "rostec.yaml"
        source.with_name("rostec-bis.yaml").write_text(
            source.read_text(encoding="utf-8").replace("name: Rostec", "name: Rostec bis"),
            encoding="utf-8")
        wait_for(lambda: "Rostec bis" in _page(base + "acteurs/rostec-bis/"), "a new record")
        assert "État du dossier" in _page(base + "_serve/etat-du-dossier/")
        assert any(re.fullmatch(r"site updated in \d+\.\d s \(\d+ page\(s\) built again\)\.\n",
                                line) for line in output)
    assert not list(root.glob(".serve-*"))  # gone once serve stops


def _assert_docs_untouched(root: Path) -> None:
    assert not (root / "docs" / "_serve").exists()
    for path in (root / "docs").rglob("*"):
        if path.is_file() and path.suffix in (".md", ".html"):
            assert "dossier-serve" not in path.read_text(encoding="utf-8"), path


def test_the_published_build_knows_nothing_of_serve() -> None:
    assert "_serve" not in (REPO / "mkdocs.yml").read_text(encoding="utf-8")


# -- the banner and the problems page (what the server shows) -------------------------------

_HOSTILE = Problem("data/events/x.yaml", 7, 5, Severity.ERROR,
                   "unknown actor '<script>alert(1)</script>'", "unknown-ref")
_WARNING = Problem("data/actors/y.yaml", 2, 1, Severity.WARNING, "a `warning` & more",
                   "some-warning")
_LINKS = [("Problèmes", "../_serve/problemes/")]


@pytest.fixture
def live(monkeypatch: pytest.MonkeyPatch) -> Callable[..., None]:
    def set_problems(*problems: Problem) -> None:
        monkeypatch.setattr(LIVE, "problems", problems)
    return set_problems


def test_banner_lists_each_error_escaped_with_file_and_line(live: Callable[..., None]) -> None:
    live(_HOSTILE, _WARNING)
    assert banner_html(_LINKS) == (
        '<div class="admonition failure dossier-serve-problems" role="alert">'
        '<p class="admonition-title">1 erreur\u202f: le site affiché est celui de la dernière '
        "version correcte</p><p>Corrigez les fichiers indiqués (fichier:ligne:colonne)\u202f; "
        "cette page se met à jour dès l’enregistrement.</p><ul><li><code>"
        "data/events/x.yaml:7:5: error: unknown actor &#x27;&lt;script&gt;alert(1)"
        "&lt;/script&gt;&#x27; [unknown-ref]</code></li></ul>"
        '<p><a href="../_serve/problemes/">Problèmes</a></p></div>')


def test_banner_caps_the_list_and_points_to_the_page(live: Callable[..., None]) -> None:
    live(*[_HOSTILE] * 12)
    banner = banner_html(_LINKS)
    assert banner.count("<li><code>") == serve.BANNER_PROBLEMS
    assert "12 erreurs\u202f: le site affiché" in banner
    assert "<li>et 2 autres\u202f: voir la page Problèmes</li>" in banner


def test_without_errors_the_banner_is_one_line_of_links(live: Callable[..., None]) -> None:
    live()
    assert banner_html(_LINKS) == (
        '<p class="dossier-serve-bar" style="font-size:.7rem">Aperçu local\u202f: aucun '
        'problème — <a href="../_serve/problemes/">Problèmes</a></p>')
    live(_WARNING)
    assert "Aperçu local\u202f: 1 avertissement — " in banner_html(_LINKS)


def test_problems_page_lists_every_problem_as_text(live: Callable[..., None]) -> None:
    live(_HOSTILE, _WARNING)
    page = problems_markdown(Path("."))
    lines = page.splitlines()
    assert lines[0] == "# Problèmes"
    items = [line for line in lines if line.startswith("- ")]
    assert len(items) == 2
    # Plain text: no character of the message can become Markdown or HTML.
    assert "<" not in page and "`" not in page.split("\n", 1)[1]
    assert "&#60;script&#62;" in items[0] and "&#91;unknown-ref&#93;" in items[0]
    live()
    assert "Aucun problème" in problems_markdown(Path("."))


def test_serve_pages_are_registered_with_one_line_each() -> None:
    assert [(p.path, p.title) for p in SERVE_PAGES][:1] == [("_serve/problemes.md", "Problèmes")]
    assert all(p.path.startswith("_serve/") and p.path.endswith(".md") for p in SERVE_PAGES)


def test_recording_the_same_problems_again_changes_nothing() -> None:
    state = serve.LiveState()
    assert state.record([_HOSTILE])
    assert not state.record([_HOSTILE])
    assert state.record([_WARNING], site=True)  # the site's problems come after
    assert state.problems == (_HOSTILE, _WARNING)
    assert state.record([])
    assert state.problems == (_WARNING,) and state.errors == []


def test_the_banner_goes_first_in_the_page_content(live: Callable[..., None]) -> None:
    live(_HOSTILE)
    links = [("Problèmes", "../../_serve/problemes/"),
             ("État du dossier", "../../_serve/etat-du-dossier/")]
    html_page = ('<body><header>x</header><article class="md-content__inner md-typeset">'
                 "<h1>Rostec</h1></article></body>")
    shown = serve.with_banner(html_page, links)
    assert shown == html_page.replace('md-typeset">', 'md-typeset">' + banner_html(links))


def test_changes_are_sorted_by_what_they_mean(tmp_path: Path) -> None:
    """The generator's own writes in docs/ are not hand edits (it reports them itself)."""
    def paths(*names: str) -> list[str]:
        return [str(tmp_path / name) for name in names]

    edited = paths("data/actors/a.yaml", "data/articles/b.txt")
    assert serve.classify(tmp_path, edited) == serve.Changes(data=frozenset(edited))
    assert serve.classify(tmp_path, paths("mkdocs.yml")).config
    assert serve.classify(tmp_path, paths("overrides/main.html")).config
    hand = serve.classify(tmp_path, paths(
        "docs/index.md", "docs/stylesheets/dossier.css", "docs/acteurs/rostec.md",
        "docs/.dossier-manifest.json", "docs/.tmp-1234.md", "docs/atom.xml",
        "site/index.html", ".serve-1-x/site/index.html", "docs"))
    assert hand == serve.Changes(docs=frozenset({"index.md", "stylesheets/dossier.css"}))
