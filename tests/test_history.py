"""What's new: dates from git history in one pass, « Mis à jour le … », the updates page,
the Atom feed. Every repository is built here, with fixed commit dates; the test projects
of the other tests are not repositories, so their pages (and the goldens) carry no date."""

from __future__ import annotations

import os
import subprocess
from datetime import date
from pathlib import Path

import feedparser  # type: ignore[import-untyped]
import pytest

from build_tools import history as history_module
from build_tools import views as views_module
from build_tools.feed import absolute_url
from build_tools.history import Commit, FileDates, History, HistoryCache, read_history
from build_tools.labels import load_labels
from build_tools.mdtext import literal
from build_tools.pagemeta import SiteInfo
from build_tools.paths import PagePath
from build_tools.site import SitePages
from tests.conftest import MINI_DATA, make_project, run_cli, run_mkdocs

FR = load_labels("fr")
HOME = "# Accueil\n"
EVENT = "data/events/annonce.yaml"
EVENT_PAGE = "evenements/annonce.md"


def git(root: Path, *args: str, when: str = "2019-04-08T10:00:00+02:00") -> str:
    """Run git in ``root`` as a fixed committer, at commit date ``when``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when, GIT_AUTHOR_NAME="Ed",
               GIT_AUTHOR_EMAIL="ed@example.org", GIT_COMMITTER_NAME="Ed",
               GIT_COMMITTER_EMAIL="ed@example.org", GIT_CONFIG_NOSYSTEM="1",
               HOME=str(root))
    done = subprocess.run(["git", *args], cwd=root, env=env, capture_output=True, text=True,
                          check=True)
    return done.stdout


def commit_all(root: Path, when: str, message: str = "change") -> None:
    git(root, "add", "-A", when=when)
    git(root, "commit", "-q", "-m", message, when=when)


def new_repo(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "-q", "-b", "main")
    return root


def write(root: Path, path: str, text: str) -> None:
    (root / path).parent.mkdir(parents=True, exist_ok=True)
    (root / path).write_text(text, encoding="utf-8")


def day(h: History, path: str) -> tuple[date, date]:
    dates = h.files[path]
    return dates.added.day, dates.changed.day


# -- reading the history ----------------------------------------------------------------


def test_added_and_last_changed_dates_per_file(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "r")
    write(root, "data/events/a.yaml", "a: 1\n")
    write(root, "data/events/b c é.yaml", "b: 1\n")  # any name git can hold
    commit_all(root, "2019-04-08T10:00:00+02:00")
    write(root, "data/events/a.yaml", "a: 2\n")
    commit_all(root, "2019-05-02T10:00:00+02:00")
    write(root, "README.md", "outside data/\n")
    commit_all(root, "2020-01-01T10:00:00+02:00")
    found = read_history(root)
    assert set(found.files) == {"data/events/a.yaml", "data/events/b c é.yaml"}
    assert day(found, "data/events/a.yaml") == (date(2019, 4, 8), date(2019, 5, 2))
    assert day(found, "data/events/b c é.yaml") == (date(2019, 4, 8), date(2019, 4, 8))
    assert found.files["data/events/a.yaml"].changed.iso == "2019-05-02T10:00:00+02:00"


def test_the_day_is_the_committers_own(tmp_path: Path) -> None:
    # 23:30 in New York is already the next day in UTC: the committer's day is shown.
    root = new_repo(tmp_path / "r")
    write(root, "data/events/a.yaml", "a: 1\n")
    commit_all(root, "2019-04-08T23:30:00-05:00")
    assert day(read_history(root), "data/events/a.yaml") == (date(2019, 4, 8), date(2019, 4, 8))


def test_uncommitted_and_untracked_files_have_no_date(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "r")
    for name in ("edited", "staged", "kept", "renamed"):
        write(root, f"data/events/{name}.yaml", f"{name}: 1\n")
    commit_all(root, "2019-04-08T10:00:00+02:00")
    write(root, "data/events/edited.yaml", "edited: 2\n")
    write(root, "data/events/staged.yaml", "staged: 2\n")
    git(root, "add", "data/events/staged.yaml")
    write(root, "data/events/new.yaml", "new: 1\n")
    git(root, "mv", "data/events/renamed.yaml", "data/events/moved.yaml")
    assert set(read_history(root).files) == {"data/events/kept.yaml"}


def test_a_file_deleted_and_added_again_dates_from_its_return(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "r")
    write(root, "data/events/a.yaml", "a: 1\n")
    commit_all(root, "2018-01-10T10:00:00+00:00")
    (root / "data/events/a.yaml").unlink()
    commit_all(root, "2018-06-10T10:00:00+00:00")
    write(root, "data/events/a.yaml", "a: 2\n")
    commit_all(root, "2019-04-08T10:00:00+00:00")
    assert day(read_history(root), "data/events/a.yaml") == (date(2019, 4, 8), date(2019, 4, 8))


def test_a_project_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    repo = new_repo(tmp_path / "r")
    write(repo, "site/data/events/a.yaml", "a: 1\n")
    write(repo, "site/data/events/b.yaml", "b: 1\n")
    write(repo, "data/events/elsewhere.yaml", "x: 1\n")
    commit_all(repo, "2019-04-08T10:00:00+02:00")
    write(repo, "site/data/events/b.yaml", "b: 2\n")  # git status names it from the top
    assert set(read_history(repo / "site").files) == {"data/events/a.yaml"}


def test_no_repository_no_dates(tmp_path: Path) -> None:
    write(tmp_path, "data/events/a.yaml", "a: 1\n")
    assert read_history(tmp_path).files == {}


def test_no_git_no_dates(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = new_repo(tmp_path / "r")
    write(root, "data/events/a.yaml", "a: 1\n")
    commit_all(root, "2019-04-08T10:00:00+02:00")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert read_history(root).files == {}


def test_a_shallow_clone_has_no_dates(tmp_path: Path) -> None:
    # Its oldest commit would seem to have added every file.
    origin = new_repo(tmp_path / "origin")
    write(origin, "data/events/a.yaml", "a: 1\n")
    commit_all(origin, "2018-01-10T10:00:00+00:00")
    write(origin, "data/events/a.yaml", "a: 2\n")
    commit_all(origin, "2019-04-08T10:00:00+00:00")
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", "clone")
    assert read_history(tmp_path / "clone").files == {}
    git(tmp_path / "clone", "fetch", "-q", "--unshallow")
    assert day(read_history(tmp_path / "clone"), "data/events/a.yaml") == (
        date(2018, 1, 10), date(2019, 4, 8))


def _count_git_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """The argument lists of every command history.py runs from now on, in order."""
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting(args: list[str], **kwargs: object) -> object:
        calls.append(args)
        return real_run(args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(history_module.subprocess, "run", counting)
    return calls


def test_one_log_for_any_number_of_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = new_repo(tmp_path / "r")
    for n in range(300):
        write(root, f"data/events/e{n}.yaml", f"n: {n}\n")
    commit_all(root, "2019-04-08T10:00:00+02:00")
    calls = _count_git_calls(monkeypatch)
    assert len(read_history(root).files) == 300
    commands = [next(a for a in args[1:] if not a.startswith("-") and "=" not in a)
                for args in calls]
    assert commands == ["rev-parse", "status", "log"]


def test_serves_history_reads_again_only_what_an_edit_can_change(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """HistoryCache (serve): the log only when HEAD moves, the status only of the files that
    changed; each answer equals a complete read."""
    root = new_repo(tmp_path / "r")
    for n in range(3):
        write(root, f"data/events/e{n}.yaml", f"n: {n}\n")
        os.utime(root / f"data/events/e{n}.yaml", (1e9, 1e9))  # older than git's index:
    commit_all(root, "2019-04-08T10:00:00+02:00")  # (no "racily clean" entry, so no
    git(root, "status")  # status rewrites the index, which would mean "read it all again")
    cache = HistoryCache()
    calls = _count_git_calls(monkeypatch)

    def read(changed: list[str] | None) -> list[str]:
        expected = read_history(root)
        calls.clear()
        assert cache.read(root, changed) == expected
        return [next(a for a in args[1:] if not a.startswith("-") and "=" not in a)
                for args in calls]

    edited = str(root / "data/events/e1.yaml")
    assert read(None) == ["rev-parse", "status", "log"]
    assert read([]) == ["rev-parse"]
    write(root, "data/events/e1.yaml", "n: edited\n")
    assert read([edited]) == ["rev-parse", "status"]
    assert "data/events/e1.yaml" not in cache.read(root, []).files
    write(root, "data/events/e1.yaml", "n: 1\n")  # back as committed: dated again
    read([edited])  # (git may refresh its index, then the log is read again too)
    assert "data/events/e1.yaml" in cache.read(root, []).files
    write(root, "data/events/e2.yaml", "n: two\n")
    commit_all(root, "2020-01-02T10:00:00+02:00")  # HEAD moves: everything again
    assert read([]) == ["rev-parse", "status", "log"]


def test_a_record_of_several_files_needs_all_their_dates(tmp_path: Path) -> None:
    root = new_repo(tmp_path / "r")
    write(root, "data/articles/a.yaml", "a: 1\n")
    write(root, "data/articles/a.txt", "text\n")
    commit_all(root, "2019-04-08T10:00:00+02:00")
    write(root, "data/articles/a.txt", "text, corrected\n")
    commit_all(root, "2019-06-01T10:00:00+02:00")
    found = read_history(root)
    both = found.dates(["data/articles/a.yaml", "data/articles/a.txt"])
    assert both is not None
    assert (both.added.day, both.changed.day) == (date(2019, 4, 8), date(2019, 6, 1))
    assert found.dates(["data/articles/a.yaml", "data/articles/b.txt"]) is None


# -- the pages ---------------------------------------------------------------------------


@pytest.fixture
def dated_project(tmp_path: Path) -> Path:
    """The mini dossier committed on 8 April 2019, then one event and one article text
    changed on 1 June 2019."""
    root = make_project(tmp_path, MINI_DATA, home=HOME)
    new_repo(root)
    commit_all(root, "2019-04-08T10:00:00+02:00", "dossier")
    with (root / EVENT).open("a", encoding="utf-8") as handle:
        handle.write("# relu\n")
    with (root / "data/articles/article-un.txt").open("a", encoding="utf-8") as handle:
        handle.write("\n")
    commit_all(root, "2019-06-01T10:00:00+02:00", "relecture")
    return root


def page(root: Path, path: str) -> str:
    return (root / "docs" / path).read_text(encoding="utf-8")


def test_record_pages_say_when_their_data_last_changed(dated_project: Path) -> None:
    run_cli(dated_project, "build").check()
    # On an event page, before « Citer cette page » and the closing pager.
    assert "\n\nMis à jour le 1er juin 2019\n{: .dossier-updated }\n\n\n## Citer" in page(
        dated_project, EVENT_PAGE)
    assert "\nMis à jour le 8 avril 2019\n" in page(dated_project, "acteurs/erdogan.md")
    assert "\nMis à jour le 8 avril 2019\n" in page(dated_project, "systemes-d-armes/s-400.md")
    # An article's date is its text's or its metadata's, whichever changed last.
    assert "\nMis à jour le 1er juin 2019\n" in page(dated_project, "articles/article-un.md")
    assert "\nMis à jour le 8 avril 2019\n" in page(dated_project, "articles/article-deux.md")


def test_an_uncommitted_edit_shows_no_date(dated_project: Path) -> None:
    run_cli(dated_project, "build").check()
    with (dated_project / EVENT).open("a", encoding="utf-8") as handle:
        handle.write("# encore\n")
    run_cli(dated_project, "build").check()
    assert "Mis à jour" not in page(dated_project, EVENT_PAGE)
    assert "\nMis à jour le 8 avril 2019\n" in page(dated_project, "acteurs/erdogan.md")
    # Committing it brings the date back, though data/ did not change since the last build.
    commit_all(dated_project, "2019-07-14T10:00:00+02:00")
    run_cli(dated_project, "build").check()
    assert "\nMis à jour le 14 juillet 2019\n" in page(dated_project, EVENT_PAGE)


def test_without_history_pages_have_no_date(tmp_path: Path) -> None:
    root = make_project(tmp_path, MINI_DATA, home=HOME)
    run_cli(root, "build").check()
    assert "Mis à jour" not in page(root, EVENT_PAGE)
    assert f"\n{literal(FR['updates']['none'])}\n" in page(root, "mises-a-jour/index.md")
    assert FR["updates"]["none"] == (
        "L’historique des fichiers de données n’est pas disponible pour cette version du "
        "site\u202f: elle n’a pas été construite depuis une copie complète du dépôt git. Les "
        "dates de mise à jour ne sont donc pas affichées.")
    assert not (root / "docs/atom.xml").exists()


def test_updates_page_lists_changes_newest_first(dated_project: Path) -> None:
    run_cli(dated_project, "build").check()
    text = page(dated_project, "mises-a-jour/index.md")
    rows = [line for line in text.splitlines() if line.startswith("- ")]
    # Changes of one commit: by kind (articles, then events), then id.
    assert [row.split("](")[1] for row in rows[:2]] == [
        "../articles/article-un.md)", "../evenements/annonce.md)"]
    assert rows[0].startswith("- **1er juin 2019** — Modification — Article\u202f: [")
    assert rows[1] == ("- **1er juin 2019** — Modification — Événement\u202f: "
                       "[Annonce d'un accord](../evenements/annonce.md)")
    assert all(row.startswith("- **8 avril 2019** — Ajout — ") for row in rows[2:])
    assert len(rows) == 11  # every record of the mini dossier
    assert "Dernières mises à jour" in text and "s’abonner" not in text


def test_updates_page_is_bounded(dated_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views_module, "UPDATES_LIMIT", 3)
    run_cli(dated_project, "build").check()
    rows = [line for line in page(dated_project, "mises-a-jour/index.md").splitlines()
            if line.startswith("- ")]
    assert len(rows) == 3
    assert views_module.UPDATES_LIMIT == 3 and views_module.FEED_LIMIT == 50


def test_builds_are_deterministic_for_a_commit(dated_project: Path, tmp_path: Path) -> None:
    run_cli(dated_project, "build").check()
    first = {p: page(dated_project, p) for p in (EVENT_PAGE, "mises-a-jour/index.md")}
    # Same commit, files touched later: mtimes never count.
    for path in (dated_project / "data").rglob("*"):
        os.utime(path, (2_000_000_000, 2_000_000_000))
    for generated in ("evenements", "mises-a-jour"):
        for path in (dated_project / "docs" / generated).rglob("*.md"):
            path.unlink()
    run_cli(dated_project, "build").check()
    assert {p: page(dated_project, p) for p in first} == first


# -- the Atom feed ----------------------------------------------------------------------


def test_the_feed_needs_a_site_url(dated_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    run_cli(dated_project, "build").check()
    assert not (dated_project / "docs/atom.xml").exists()
    monkeypatch.setenv("SITE_URL", "https://example.org/dossier")
    run_cli(dated_project, "build").check()
    feed = feedparser.parse((dated_project / "docs/atom.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    assert len(feed.entries) == 11
    first = feed.entries[0]
    assert first.title.startswith("Modification\u202f: Un article ")
    # The title is text: its markup is escaped in the XML, never a tag.
    raw = (dated_project / "docs/atom.xml").read_text(encoding="utf-8")
    assert "Un article &lt;script&gt;alert(1)&lt;/script&gt; de test" in raw
    assert "<script" not in raw
    assert first.link == "https://example.org/dossier/articles/article-un/"
    assert first.updated == "2019-06-01T10:00:00+02:00"
    assert first.published == "2019-04-08T10:00:00+02:00"
    # Not the time of the build: the newest change.
    assert feed.feed.updated == first.updated
    assert all(e.link.startswith("https://example.org/dossier/") for e in feed.entries)
    assert len({e.id for e in feed.entries}) == 11
    assert "[s’abonner](../atom.xml)" in page(dated_project, "mises-a-jour/index.md")
    # Unsetting SITE_URL removes the feed the generator wrote.
    monkeypatch.delenv("SITE_URL")
    run_cli(dated_project, "build").check()
    assert not (dated_project / "docs/atom.xml").exists()


def test_the_feed_is_the_generators_own(dated_project: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_URL", "https://example.org/")
    (dated_project / "docs/atom.xml").write_text("<feed/>", encoding="utf-8")
    refused = run_cli(dated_project, "build")
    assert refused.code == 1
    assert ("docs/atom.xml:1:1: error: a generated page would overwrite this file, which the "
            "generator did not write; move or rename it [overwrite-handwritten]"
            in refused.stderr)
    (dated_project / "docs/atom.xml").unlink()
    run_cli(dated_project, "build").check()
    again = run_cli(dated_project, "build").check()
    assert "0 written, 0 removed" in again.stdout + again.stderr


def test_feed_holds_the_latest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from build_tools.build import load_dossier
    from build_tools.problems import Problems

    assert views_module.FEED_LIMIT == 50
    monkeypatch.setattr(views_module, "FEED_LIMIT", 5)
    root = make_project(tmp_path, MINI_DATA, home=HOME)
    dossier = load_dossier(root, Problems())
    assert dossier is not None
    # A made-up history is enough to count: one date per file, a day apart.
    paths = sorted(p.relative_to(root).as_posix() for p in (root / "data").rglob("*.*"))
    made_up = History({path: FileDates(commit, commit) for path, commit in (
        (path, Commit(1_500_000_000 + 86_400 * n, f"2017-07-{14 + n:02d}T02:40:00+00:00"))
        for n, path in enumerate(paths))})
    pages = SitePages(dossier, FR, history=made_up,
                      site=SiteInfo(name="Dossier", url="https://example.org/"))
    feed = feedparser.parse(dict(pages)[PagePath("atom.xml")].encode())
    assert feed.bozo == 0
    assert feed.feed.title == "Dossier — dernières mises à jour"
    # The last files of the list changed last: weapons, then events.
    assert [e.link for e in feed.entries] == [
        "https://example.org/systemes-d-armes/s-400/",
        "https://example.org/evenements/rencontre/",
        "https://example.org/evenements/negociations/",
        "https://example.org/evenements/apres-annonce/",
        "https://example.org/evenements/annonce/"]
    assert [e.updated for e in feed.entries] == [
        "2017-07-26T02:40:00+00:00", "2017-07-25T02:40:00+00:00", "2017-07-24T02:40:00+00:00",
        "2017-07-23T02:40:00+00:00", "2017-07-22T02:40:00+00:00"]


def test_feed_is_built_and_linked_from_every_page(dated_project: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_URL", "https://example.org/dossier/")
    run_cli(dated_project, "build").check()
    run_mkdocs(dated_project).check()
    site = dated_project / "site"
    assert (site / "atom.xml").read_bytes() == (
        dated_project / "docs/atom.xml").read_bytes()
    link = ('<link rel="alternate" type="application/atom+xml" title="Dernières mises à jour" '
            'href="https://example.org/dossier/atom.xml">')
    pages = list(site.rglob("*.html"))
    assert pages and [p for p in pages if link not in p.read_text(encoding="utf-8")] == []


def test_absolute_urls() -> None:
    assert absolute_url("https://x.org/d", "evenements/a.md") == "https://x.org/d/evenements/a/"
    assert absolute_url("https://x.org/d/", "mises-a-jour/index.md") == (
        "https://x.org/d/mises-a-jour/")
    assert absolute_url("https://x.org/", "index.md") == "https://x.org/"
    assert absolute_url("https://x.org", "mises-a-jour/atom.xml") == (
        "https://x.org/mises-a-jour/atom.xml")


def test_serve_regeneration_follows_the_dates(dated_project: Path, tmp_path: Path) -> None:
    """Under serve (incremental.py), a first edit makes its file uncommitted, so dateless:
    the pages equal a complete build of the same checkout (the record loses its date, the
    updates page its entry)."""
    import shutil

    from build_tools.incremental import LiveBuild
    from build_tools.output import MANIFEST
    from build_tools.paths import GENERATED_DIRS, GENERATED_FILES
    from tests.conftest import tree

    live = LiveBuild(dated_project)
    live.run()
    record = dated_project / "data" / "actors" / "erdogan.yaml"
    record.write_text(record.read_text(encoding="utf-8") + "# relu\n", encoding="utf-8")
    assert not live.run().problems
    incremental = tree(dated_project / "docs")
    assert "Mis à jour" not in incremental["acteurs/erdogan.md"].decode()

    fresh = tmp_path / "fresh"
    shutil.copytree(dated_project, fresh)
    for name in (*GENERATED_DIRS, *GENERATED_FILES, MANIFEST):
        target = fresh / "docs" / name
        shutil.rmtree(target) if target.is_dir() else target.unlink(missing_ok=True)
    run_cli(fresh, "build").check()
    assert tree(fresh / "docs") == incremental
