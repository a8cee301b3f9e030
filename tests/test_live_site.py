"""serve's MkDocs session (build_tools/live_site.py): after an edit, only the pages the
generator wrote are built again, and they are what ``mkdocs build`` makes of them.

Each test builds a small project (the mini dossier), its site/ as ``make site`` does
(scripts/build_site.py, with its digest), then opens a session on a served folder as
``serve`` does (:func:`build_tools.serve.start_site`) and edits the data.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools.build import run
from build_tools.live_site import CODE, DIGEST_FILE, LiveSite, page_anchors
from build_tools.problems import CODES
from build_tools.serve import start_site
from scripts.build_site import build_site
from tests.conftest import MINI_DATA, make_project, tree

HOME = "# Dossier\n\n[Rostec](acteurs/rostec.md)\n"
# With an address, as deployed: the sitemap then lists the pages.
SITE_URL = "http://127.0.0.1:8000/dossier/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini project, generated, with its site/ built by scripts/build_site.py."""
    root = make_project(tmp_path_factory.mktemp("live-site"), MINI_DATA, home=HOME)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SITE_URL", SITE_URL)
        assert run(root, write=True).report is not None
        assert build_site(root) == 0
    return root


@pytest.fixture(autouse=True)
def _site_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_URL", SITE_URL)


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    return root


@pytest.fixture
def session(project: Path) -> Iterator[LiveSite]:
    site = LiveSite(project, project / ".serve-test" / "site")
    assert start_site(project, site)  # site/ is up to date: copied, nothing rendered
    yield site
    site.close()


def _mtimes(folder: Path) -> dict[str, int]:
    return {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
            for p in folder.rglob("*") if p.is_file()}


def _mkdocs_build(root: Path, site_dir: Path) -> dict[str, bytes]:
    """What ``mkdocs build`` makes of the project's docs/ now."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    build(load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir)))
    return tree(site_dir)


def _regenerate(root: Path) -> set[str]:
    report = run(root, write=True).report
    assert report is not None
    return {*report.written, *report.removed}


def _edit(root: Path, record: str, before: str, after: str) -> None:
    path = root / "data" / record
    text = path.read_text(encoding="utf-8")
    assert before in text
    path.write_text(text.replace(before, after, 1), encoding="utf-8")


def test_start_from_an_up_to_date_site_renders_nothing(project: Path,
                                                       session: LiveSite) -> None:
    served = session.site_dir
    # Hard links to site/: no page was written.
    for name in ("index.html", "acteurs/rostec/index.html", "sitemap.xml"):
        assert (served / name).stat().st_ino == (project / "site" / name).stat().st_ino
    assert (served / "pagefind").is_dir()  # the search index comes along
    assert session.problems == ()


def test_an_edit_rebuilds_only_its_pages_as_mkdocs_build_would(project: Path,
                                                              session: LiveSite,
                                                              tmp_path: Path) -> None:
    served = session.site_dir
    site_before = tree(project / "site")
    before = _mtimes(served)
    _edit(project, "actors/rostec.yaml", "description: >-\n",
          "description: >-\n  Marqueur-de-test.\n")
    written = _regenerate(project)
    assert "acteurs/rostec.md" in written
    update = session.update(written)
    assert update.rendered == len({p for p in written if p.endswith(".md")})
    after = _mtimes(served)
    rebuilt = {name for name in after if after[name] != before.get(name)}
    pages = {session.url_of(p) + "index.html" for p in written if p.endswith(".md")}
    assert rebuilt <= pages | {p for p in written if not p.endswith(".md")}
    assert "acteurs/rostec/index.html" in rebuilt
    # The page is what a complete `mkdocs build` of the same docs/ makes of it.
    complete = _mkdocs_build(project, tmp_path / "complete")
    page = "acteurs/rostec/index.html"
    assert b"Marqueur-de-test" in (served / page).read_bytes()
    assert (served / page).read_bytes() == complete[page]
    # site/ itself (hard-linked into the served folder) never changes.
    assert tree(project / "site") == site_before


def test_a_new_record_adds_its_page_and_a_removed_one_removes_it(project: Path,
                                                                 session: LiveSite,
                                                                 tmp_path: Path) -> None:
    served = session.site_dir
    source = project / "data" / "actors" / "rostec.yaml"
    copy = source.with_name("rostec-bis.yaml")
    copy.write_text(source.read_text(encoding="utf-8").replace("name: Rostec",
                                                               "name: Rostec bis"),
                    encoding="utf-8")
    written = _regenerate(project)
    assert "acteurs/rostec-bis.md" in written
    session.update(written)
    assert "Rostec bis" in (served / "acteurs/rostec-bis/index.html").read_text("utf-8")
    assert f"{SITE_URL}acteurs/rostec-bis/" in (served / "sitemap.xml").read_text("utf-8")
    complete = _mkdocs_build(project, tmp_path / "complete")
    assert (served / "sitemap.xml").read_bytes() == complete["sitemap.xml"]
    assert (served / "acteurs/rostec-bis/index.html").read_bytes() == \
        complete["acteurs/rostec-bis/index.html"]

    copy.unlink()
    written = _regenerate(project)
    assert "acteurs/rostec-bis.md" in written
    session.update(written)
    assert not (served / "acteurs/rostec-bis").exists()
    assert "acteurs/rostec-bis/" not in (served / "sitemap.xml").read_text("utf-8")
    assert (project / "site" / "sitemap.xml").read_text("utf-8") == \
        (served / "sitemap.xml").read_text("utf-8")


@pytest.mark.allow_log_warnings  # MkDocs' warning, which serve reports
def test_a_broken_link_in_an_edit_becomes_a_serve_problem(project: Path,
                                                          session: LiveSite) -> None:
    home = project / "docs" / "index.md"
    home.write_text(HOME + "\n[Personne](acteurs/personne.md)\n", encoding="utf-8")
    session.update({"index.md"})
    assert [str(p) for p in session.problems] == [CODES[CODE].example]
    assert "Personne" in (session.site_dir / "index.html").read_text(encoding="utf-8")
    home.write_text(HOME, encoding="utf-8")
    session.update({"index.md"})
    assert session.problems == ()


@pytest.mark.allow_log_warnings
def test_a_broken_anchor_to_a_page_not_rendered_is_found(project: Path,
                                                         session: LiveSite) -> None:
    """The anchors of a page the session never rendered come from its built HTML."""
    home = project / "docs" / "index.md"
    home.write_text(HOME + "\n[A](a-propos.md#nulle-part)\n", encoding="utf-8")
    session.update({"index.md"})
    assert [p.message for p in session.problems] == [
        "Doc file 'index.md' contains a link 'a-propos.md#nulle-part', but the doc "
        "'a-propos.md' does not contain an anchor '#nulle-part'."]
    assert page_anchors('<article class="md-content__inner md-typeset"><h2 id="a&amp;b">'
                        '</h2><a name="n"></a></article><div id="theme">') == {"a&b", "n"}


def test_a_stale_site_is_built_again(project: Path, tmp_path: Path) -> None:
    about = project / "docs" / "a-propos.md"
    about.write_text(about.read_text(encoding="utf-8") + "\nAjout-hors-site.\n",
                     encoding="utf-8")
    site = LiveSite(project, tmp_path / "served" / "site")
    try:
        assert not start_site(project, site)
        assert "Ajout-hors-site" in (site.site_dir / "a-propos/index.html").read_text("utf-8")
        assert not (site.site_dir / "index.html").samefile(project / "site" / "index.html")
        assert (site.site_dir / "pagefind").is_dir()  # site/'s index, until make site
    finally:
        site.close()


def test_the_digest_follows_what_mkdocs_reads(project: Path) -> None:
    from build_tools.live_site import config_site_url, inputs_digest

    digest = (project / "site" / DIGEST_FILE).read_text(encoding="utf-8").strip()
    assert inputs_digest(project, config_site_url(project)) == digest
    # The generator's bookkeeping is not read by MkDocs; the site's address is.
    os.utime(project / "docs" / ".dossier-manifest.json")
    (project / "docs" / ".dossier-build.lock").write_text("", encoding="utf-8")
    assert inputs_digest(project, SITE_URL) == digest
    assert inputs_digest(project, "") != digest
    (project / "overrides" / "main.html").write_text("x", encoding="utf-8")
    assert inputs_digest(project, SITE_URL) != digest


def test_a_new_title_for_a_nav_page_rebuilds_every_sidebar(project: Path,
                                                           session: LiveSite) -> None:
    about = project / "docs" / "a-propos.md"
    text = about.read_text(encoding="utf-8")
    title = text.split("\n", 1)[0]
    assert title.startswith("# ")
    about.write_text(text.replace(title, "# Titre-retouché", 1), encoding="utf-8")
    update = session.update({"a-propos.md"})
    assert update.full
    assert "Titre-retouché" in (session.site_dir / "acteurs/rostec/index.html").read_text(
        encoding="utf-8")
    assert "Titre-retouché" not in (project / "site/acteurs/rostec/index.html").read_text(
        encoding="utf-8")


def test_a_changed_configuration_means_a_new_session(project: Path,
                                                     session: LiveSite) -> None:
    from build_tools.serve import LIVE, Changes, apply_changes

    config = project / "mkdocs.yml"
    good = config.read_text(encoding="utf-8")
    config.write_text(good.replace('site_name: "', 'site_name: "Retouché ', 1),
                      encoding="utf-8")
    assert apply_changes(project, session, Changes(config=True), lambda _: None)
    assert "Retouché" in (session.site_dir / "index.html").read_text(encoding="utf-8")
    assert "Retouché" not in (project / "site/index.html").read_text(encoding="utf-8")
    # A configuration MkDocs refuses: a problem, and the last good site stays served.
    config.write_text(good + "theme: [\n", encoding="utf-8")
    try:
        assert apply_changes(project, session, Changes(config=True), lambda _: None)
        assert [p.path for p in LIVE.problems if p.code == CODE] == ["mkdocs.yml"]
        assert "Retouché" in (session.site_dir / "index.html").read_text(encoding="utf-8")
    finally:
        LIVE.record((), site=True)


@pytest.mark.allow_log_warnings  # MkDocs logs the template error as it fails
def test_a_broken_theme_template_keeps_the_last_good_site_served(project: Path,
                                                                 session: LiveSite) -> None:
    """MkDocs loads a configuration whose template is broken (Jinja compiles templates only
    when used): the complete build fails, and the served site and session stay as they were;
    the fixed template builds again."""
    from build_tools.serve import LIVE, Changes, apply_changes

    served = _mtimes(session.site_dir)
    main = project / "overrides" / "main.html"
    good = main.read_text(encoding="utf-8")
    main.write_text(good + "{% block broken %}\n", encoding="utf-8")
    try:
        assert apply_changes(project, session, Changes(config=True), lambda _: None)
        assert [p.path for p in LIVE.problems if p.code == CODE] == ["mkdocs.yml"]
        assert _mtimes(session.site_dir) == served  # every page still there, untouched
        assert not list(session.site_dir.parent.glob("site.*"))  # no half-built folder left
    finally:
        LIVE.record((), site=True)
    main.write_text(good, encoding="utf-8")
    assert apply_changes(project, session, Changes(config=True), lambda _: None)
    assert (session.site_dir / "index.html").is_file()
    assert (session.site_dir / "pagefind").is_dir()  # the search index moved along


def test_a_new_nav_title_with_a_new_page_updates_sitemap_and_404(project: Path,
                                                                 session: LiveSite) -> None:
    about = project / "docs" / "a-propos.md"
    text = about.read_text(encoding="utf-8")
    about.write_text(text.replace(text.split("\n", 1)[0], "# Titre-retouché", 1),
                     encoding="utf-8")
    (project / "docs" / "nouvelle.md").write_text("# Nouvelle\n", encoding="utf-8")
    assert session.update({"a-propos.md", "nouvelle.md"}).full
    assert f"{SITE_URL}nouvelle/" in (session.site_dir / "sitemap.xml").read_text("utf-8")
    assert "Titre-retouché" in (session.site_dir / "404.html").read_text("utf-8")


def test_a_folder_moved_out_of_docs_is_no_longer_served(project: Path, session: LiveSite,
                                                        tmp_path: Path) -> None:
    """A folder moved away (or to the bin) is one event for the folder, not per file."""
    guide = project / "docs" / "guide"
    guide.mkdir()
    (guide / "a.md").write_text("# A\n", encoding="utf-8")
    session.update({"guide/a.md"})
    assert (session.site_dir / "guide/a/index.html").is_file()
    shutil.move(guide, tmp_path / "bin")
    session.update({"guide"})
    assert not (session.site_dir / "guide").exists()
    shutil.move(tmp_path / "bin", guide)  # and back in, as one event too
    session.update({"guide"})
    assert (session.site_dir / "guide/a/index.html").is_file()


def test_a_site_rebuilt_by_plain_mkdocs_build_is_not_trusted(project: Path,
                                                             tmp_path: Path) -> None:
    """``mkdocs build`` into site/ keeps hidden files, so the digest of ``make site`` stays:
    the pages newer than it say it no longer describes them."""
    from build_tools.live_site import built_digest

    assert built_digest(project / "site")
    _mkdocs_build(project, project / "site")
    assert built_digest(project / "site") == ""
    site = LiveSite(project, tmp_path / "served" / "site")
    indexers: list[subprocess.Popen[bytes]] = []
    try:
        assert not start_site(project, site, indexers)  # built again, not copied
        assert len(indexers) == 1  # mkdocs build emptied site/pagefind: indexed again
    finally:
        for indexer in indexers:
            indexer.kill()
            indexer.wait()
        site.close()
