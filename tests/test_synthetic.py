"""The synthetic dossier generator: deterministic, valid, and as varied as real data."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import DossierMaker, counts_for, generate, main
from build_tools.build import BuildResult, load_dossier, run
from build_tools.problems import Problems, Severity
from build_tools.text import normalize_for_quotes, split_paragraphs
from build_tools.views import ENTITY_EVENTS_PAGE, ENTITY_EVENTS_SHOWN, SPLIT_ABOVE, initial
from tests.conftest import make_project, run_cli, run_mkdocs, tree

ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KIND_OF_FOLDER = {"actors": "actor", "weapons": "weapon", "events": "event",
                  "articles": "article"}


@pytest.mark.parametrize("records", [50, 333, 1000, 10_000])
def test_counts_add_up_to_n_with_articles_the_bulk(records: int) -> None:
    counts = counts_for(records)
    assert counts.total == records
    assert min(counts.events, counts.actors, counts.weapons) >= 1
    assert counts.articles >= max(counts.events, counts.actors, counts.weapons)


def test_smallest_dossier_has_every_kind() -> None:
    counts = counts_for(7)
    assert (counts.articles, counts.events, counts.actors, counts.weapons) == (2, 1, 3, 1)


def test_too_small_a_dossier_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 7"):
        counts_for(6)


def test_same_seed_gives_a_byte_identical_tree(tmp_path: Path) -> None:
    generate(tmp_path / "a", 80, seed=3)
    generate(tmp_path / "b", 80, seed=3)
    generate(tmp_path / "c", 80, seed=4)
    first = tree(tmp_path / "a")
    assert first == tree(tmp_path / "b")
    assert first != tree(tmp_path / "c")


@pytest.fixture(scope="module")
def medium(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    """A 300-record dossier and its check result, shared (generation and checking take time)."""
    root = tmp_path_factory.mktemp("synthetic-300")
    generate(root, 300, seed=3)  # seed 3: several quotes typed with straight apostrophes
    return root, run(root, write=False)


# Four section indexes, the chronology, the editors' guide, « Dernières mises à jour » and
# the search vocabulary (issue 12: docs/search-vocabulary.json).
SECTION_PAGES = 8


def mention_list_pages(root: Path) -> int:
    """Pages listing the articles that mention an entity cited in more than ten articles:
    one per 200 such articles, counted from the data, independently of the renderer."""
    problems = Problems()
    dossier = load_dossier(root, problems)
    assert dossier is not None, problems.items
    pages = 0
    for passages in dossier.passages.values():
        articles = len({p.article for p in passages})
        pages += 0 if articles <= 10 else -(-articles // 200)
    return pages


def list_part_pages(root: Path) -> int:
    """Pages of the lists split in a large dossier (views.SPLIT_ABOVE): the chronology and
    the events index by the events' start year, the articles index by publication year, the
    actor and weapon indexes by initial, each group on pages of at most SPLIT_ABOVE lines."""
    dossier = load_dossier(root, Problems())
    assert dossier is not None
    event_years = [e.date.start.year for e in dossier.events.values()]
    lists = [event_years, event_years, [a.published.year for a in dossier.articles.values()],
             [initial(a.name) for a in dossier.actors.values()],
             [initial(w.name) for w in dossier.weapons.values()]]
    pages = 0
    for keys in lists:
        if len(keys) > SPLIT_ABOVE:
            pages += sum(-(-keys.count(key) // SPLIT_ABOVE) for key in set(keys))
    return pages


def entity_event_list_pages(root: Path) -> int:
    """Pages listing the events of an entity in more than ENTITY_EVENTS_SHOWN events: one per
    ENTITY_EVENTS_PAGE events, counted from the data."""
    dossier = load_dossier(root, Problems())
    assert dossier is not None
    counts = [len(e) for e in dossier.events_of.values()]
    return sum(-(-n // ENTITY_EVENTS_PAGE) for n in counts if n > ENTITY_EVENTS_SHOWN)


def test_medium_dossier_has_no_error_and_no_warning(medium: tuple[Path, BuildResult]) -> None:
    root, result = medium
    assert [str(p) for p in result.problems if p.severity is not Severity.NOTE] == []
    assert result.pages == 300 + SECTION_PAGES + mention_list_pages(root)


# (1500, 2) gave two events with the same date and title (duplicate-record).
@pytest.mark.parametrize(("records", "seed"), [(7, 1), (40, 2), (120, 5), (1500, 2)])
def test_generated_dossier_has_no_error_and_no_warning(tmp_path: Path, records: int,
                                                       seed: int) -> None:
    counts = generate(tmp_path, records, seed)
    result = run(tmp_path, write=False)
    serious = [str(p) for p in result.problems if p.severity is not Severity.NOTE]
    assert serious == []
    # One page per record, the section pages, the lists of widely mentioned entities and
    # the parts of the lists too long for one page, the event lists of entities in many events.
    assert result.pages == (counts.total + SECTION_PAGES + mention_list_pages(tmp_path)
                            + list_part_pages(tmp_path) + entity_event_list_pages(tmp_path))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records=st.integers(min_value=7, max_value=80),
       seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_every_seed_and_size_gives_a_dossier_that_passes_check_strict(records: int,
                                                                       seed: int) -> None:
    """What ``check --strict`` fails on (an error or a warning) never appears."""
    with tempfile.TemporaryDirectory() as folder:
        generate(Path(folder), records, seed)
        result = run(Path(folder), write=False)
    assert [str(p) for p in result.problems if p.severity is not Severity.NOTE] == []


def test_an_event_title_is_never_reused_on_the_same_date(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Titled again and again, one event gets a new title each time: other forms of its
    names first, then, when every draw is taken, « (2e volet) », « (3e volet) »…"""
    maker = DossierMaker(counts_for(30), seed=2)
    event = maker.events[0]
    taken: set[tuple[str, str]] = set()
    titles = [maker.event_title(event, taken) for _ in range(20)]
    assert len(set(titles)) == len(taken) == 20
    monkeypatch.setattr(maker.writer, "fill", lambda *args: "Essais de tir de S-400")
    taken = set()
    assert [maker.event_title(event, taken) for _ in range(3)] == [
        "Essais de tir de S-400", "Essais de tir de S-400 (2e volet)",
        "Essais de tir de S-400 (3e volet)"]


def test_layout_is_the_real_dossier_layout(tmp_path: Path) -> None:
    counts = generate(tmp_path, 60, seed=1)
    data = tmp_path / "data"
    assert sorted(p.name for p in data.iterdir()) == sorted(KIND_OF_FOLDER)
    for folder, kind in KIND_OF_FOLDER.items():
        for path in (data / folder).iterdir():
            assert ID.match(path.stem), path
            if path.suffix == ".yaml":
                first = path.read_text(encoding="utf-8").split("\n", 1)[0]
                assert first == f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json"
    articles = data / "articles"
    assert {p.stem for p in articles.glob("*.txt")} == {p.stem for p in articles.glob("*.yaml")}
    assert len(list(articles.glob("*.txt"))) == counts.articles
    assert len(list((data / "events").iterdir())) == counts.events


def test_texts_have_what_makes_real_texts_hard(medium: tuple[Path, BuildResult]) -> None:
    """Elisions, designator variants, both apostrophes, repeats, annotations, normalised quotes."""
    root, result = medium
    data = root / "data"
    texts = "\n".join(p.read_text(encoding="utf-8") for p in (data / "articles").glob("*.txt"))
    assert re.search(r"\b[dl]['’](?:OTAN|Ankara)\b", texts)
    assert re.search(r"\bS(?:400|\u2011400| 400)\b", texts)
    assert "’" in texts and "'" in texts
    metadata = "\n".join(p.read_text(encoding="utf-8")
                         for p in (data / "articles").glob("*.yaml"))
    assert metadata.count("  - quote: ") >= 100
    assert any(p.code == "quote-normalised" for p in result.problems)
    repeated = [p for p in (data / "articles").glob("*.txt")
                if _has_repeated_paragraph(p.read_text(encoding="utf-8"))]
    assert repeated


def test_some_events_are_announced_and_none_postdates_its_sources(
        medium: tuple[Path, BuildResult]) -> None:
    """Articles announce some events (status: planned), as real ones announce deliveries;
    the medium dossier's check (no warning, above) proves no event postdates its sources."""
    root, _ = medium
    events = [p.read_text(encoding="utf-8") for p in (root / "data/events").glob("*.yaml")]
    assert any("\nstatus: planned\n" in e for e in events)


def test_every_quote_points_at_one_place(medium: tuple[Path, BuildResult]) -> None:
    """An annotation's or a source's passage occurs once in the shown paragraphs (filler
    sentences recur within an article: quoting one would not say which occurrence)."""
    root, _ = medium
    data = root / "data"
    shown = {p.stem: [normalize_for_quotes(t)[0].text for _, t in
                      split_paragraphs(p.read_text(encoding="utf-8")).shown()]
             for p in (data / "articles").glob("*.txt")}
    quotes = [(p.stem, a["quote"]) for p in (data / "articles").glob("*.yaml")
              for a in yaml.safe_load(p.read_text(encoding="utf-8")).get("annotations", [])]
    quotes += [(s["article"], s["quote"]) for p in (data / "events").glob("*.yaml")
               for s in yaml.safe_load(p.read_text(encoding="utf-8"))["sources"]]
    assert len(quotes) > 200
    counts = {quote: sum(text.count(normalize_for_quotes(quote)[0].text)
                         for text in shown[article]) for article, quote in quotes}
    assert {q: n for q, n in counts.items() if n != 1} == {}


def _has_repeated_paragraph(text: str) -> bool:
    lines = [line for line in text.split("\n") if line.strip()]
    return len(set(lines)) < len(lines)


def test_refuses_to_write_into_an_existing_data_folder(tmp_path: Path) -> None:
    (tmp_path / "data" / "actors").mkdir(parents=True)
    (tmp_path / "data" / "actors" / "turquie.yaml").write_text("name: Turquie\n")
    with pytest.raises(FileExistsError):
        generate(tmp_path, 20)
    assert (tmp_path / "data" / "actors" / "turquie.yaml").read_text() == "name: Turquie\n"


def test_command_line(tmp_path: Path) -> None:
    lines: list[str] = []
    assert main([str(tmp_path / "p"), "--records", "30", "--seed", "2"], out=lines.append) == 0
    assert lines == [f"30 records: 18 articles, 6 events, 4 actors, 2 weapons in "
                     f"{tmp_path / 'p' / 'data'}"]


def test_synthetic_site_with_mention_lists_builds_strictly(tmp_path: Path) -> None:
    """The list pages of widely mentioned entities pass ``mkdocs build --strict`` (every
    link and anchor checked) and are published next to the entity pages."""
    generate(tmp_path / "source", 120, seed=5)
    root = make_project(tmp_path, tmp_path / "source" / "data", home="# Dossier\n")
    run_cli(root, "build").check()
    lists = sorted((root / "docs" / "mentions").glob("*/index.md"))
    assert len(lists) == mention_list_pages(root) > 0
    run_mkdocs(root).check()
    for page in lists:
        assert (root / "site" / "mentions" / page.parent.name / "index.html").is_file()


def test_a_hand_edited_mention_list_names_its_entity_file(tmp_path: Path) -> None:
    generate(tmp_path / "source", 120, seed=5)
    root = make_project(tmp_path, tmp_path / "source" / "data", home="# Dossier\n")
    run_cli(root, "build").check()
    page = sorted((root / "docs" / "mentions").glob("*/index.md"))[0]
    page.write_text(page.read_text(encoding="utf-8") + "edited\n", encoding="utf-8")
    result = run_cli(root, "build")
    entity = page.parent.name
    kind = "actors" if (root / "data" / "actors" / f"{entity}.yaml").exists() else "weapons"
    assert result.code == 1
    assert (f"docs/mentions/{entity}/index.md:1:1: error: this generated page was edited by "
            f"hand; put the change in data/{kind}/{entity}.yaml instead") in result.stderr


# -- issue 13: the whole-build ratio against previous code (benchmarks/bench.py --previous) -----


def test_bench_prints_the_whole_build_ratio_vs_previous_code() -> None:
    from benchmarks.bench import Measure, SizeResult, render_table

    def step(wall: float, cpu: float) -> Measure:
        return Measure(True, wall, wall, cpu, cpu, 100.0, 50.0, {"pages": 10})

    result = SizeResult(7, counts_for(7), 0.1, step(2.0, 1.0), mkdocs=step(6.0, 5.0),
                        pages_on_disk=10)
    alone = render_table([result])
    assert ("| whole build (generator + mkdocs + search index), whole processes, s (wall / CPU) "
            "| 8.00 / 6.00 |") in alone
    assert "| whole build ratio vs previous code (wall / CPU) | — | ≤ 0.75 at 10k |" in alone
    result.previous = (step(2.0, 2.0), step(14.0, 6.0), None)
    table = render_table([result])
    assert "| previous code: whole build, whole processes, s (wall / CPU) | 16.00 / 8.00 |" \
        in table
    assert "| whole build ratio vs previous code (wall / CPU) | 0.500 / 0.750 | ≤ 0.75 at 10k |" \
        in table
    # A previous checkout that indexes search in a step of its own counts that step too.
    result.previous = (step(2.0, 2.0), step(14.0, 6.0), step(4.0, 4.0))
    assert "| previous code: whole build, whole processes, s (wall / CPU) | 20.00 / 12.00 |" \
        in render_table([result])
    # Pagefind's indexing is a step of the build since it replaced Material's search.
    result.index_seconds, result.index_cpu = 2.0, 1.0
    assert ("| whole build (generator + mkdocs + search index), whole processes, s (wall / CPU) "
            "| 10.00 / 7.00 |") in render_table([result])


def test_bench_builds_the_previous_checkout_with_its_own_site_skeleton(tmp_path: Path) -> None:
    """``--previous CHECKOUT`` compares whole builds: the old checkout's mkdocs.yml (with its
    search plugin), theme and pages build the same synthetic data; its search indexing step
    counts only if it has one."""
    from benchmarks.bench import Previous, make_project

    checkout = tmp_path / "old"
    (checkout / "docs").mkdir(parents=True)
    (checkout / "mkdocs.yml").write_text("site_name: Ancien\nplugins:\n  - search\n",
                                         encoding="utf-8")
    (checkout / "docs" / "ancienne-page.md").write_text("# Ancienne\n", encoding="utf-8")
    (checkout / "docs" / "acteurs").mkdir()  # generated output of the old checkout: not copied
    (checkout / "docs" / "acteurs" / "x.md").write_text("# X\n", encoding="utf-8")
    old_counts = make_project(tmp_path / "old-project", 30, 1, checkout)
    new_counts = make_project(tmp_path / "new-project", 30, 1)
    old, new = tmp_path / "old-project", tmp_path / "new-project"
    assert (old / "mkdocs.yml").read_text(encoding="utf-8").startswith("site_name: Ancien")
    assert (old / "docs" / "ancienne-page.md").is_file()
    assert not (old / "docs" / "acteurs").exists()
    assert not (new / "docs" / "ancienne-page.md").exists()
    assert old_counts == new_counts
    assert _tree(old / "data") == _tree(new / "data")
    code = tmp_path / "code"
    (code / "build_tools").mkdir(parents=True)
    assert not Previous(checkout, code).indexes_search
    (code / "build_tools" / "search_index.py").write_text("", encoding="utf-8")
    assert Previous(checkout, code).indexes_search


def _tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}
