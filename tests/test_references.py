"""References: outside sources that editorial notes cite by key, and the « source à préciser »
marker of a note that rests on other sources without citing any (issue 9 §4).

The exact messages of the four reference codes are the error cases of
``tests/fixtures/errors/*-reference/``; this module tests the model, the rendering (Markdown
and built HTML), the defaults and the guide's example.
"""

from __future__ import annotations

import shutil
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from build_tools import views
from build_tools.build import load_dossier
from build_tools.cli import main
from build_tools.editor_guide import EXAMPLE_REFERENCES, GUIDE_PAGE, SOURCES_ANCHOR, editor_guide
from build_tools.labels import load_labels
from build_tools.model import FuzzyDate, Kind, Reference
from build_tools.paths import page_path
from build_tools.problems import Problems
from build_tools.readers import read_data
from build_tools.render import url_target
from build_tools.schema import json_schema, modeline
from build_tools.site import render_site
from build_tools.validate import Validated, validate
from tests.conftest import FIXTURES, MINI_DATA, make_project, run_cli, run_mkdocs

FR = load_labels("fr")
BASE_DATA = FIXTURES / "errors" / "base" / "data"
EVENT = "data/events/signature-accord-s-400.yaml"
ARTICLE = "data/articles/accord-s-400.yaml"
MARKER = ("[&#91;source à préciser&#93;](../modifier-le-dossier/index.md#citer-ses-sources)"
          "{ .dossier-source-needed }")


def _validated(root: Path) -> tuple[Validated, Problems]:
    problems = Problems()
    return validate(read_data(root, problems), problems), problems


def _base(tmp_path: Path) -> Path:
    root = tmp_path / "base"
    shutil.copytree(BASE_DATA, root / "data")
    return root


def _append(root: Path, name: str, text: str) -> None:
    path = root / name
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _check(root: Path, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["check", "--root", str(root), *args])
    return result.exit_code, result.output.splitlines()


# -- the model -------------------------------------------------------------------------------


def test_mini_references_and_what_each_note_cites() -> None:
    v, problems = _validated(MINI_DATA.parent)
    assert not problems.errors and not problems.warnings
    deux = v.articles["article-deux"]
    assert [r.key for r in deux.references] == ["agence-2017", "archive-b"]
    first = deux.references[0]
    assert (first.outlet, first.date) == ("Agence | fictive {: onclick=x }", FuzzyDate(2017, 6))
    assert first.archive_url == "https://web.archive.org/web/2017/https://example.org/depeche"
    assert deux.references[1] == Reference(
        "archive-b", None, None, None, "https://example.org/seulement-une-adresse", None,
        deux.references[1].loc)
    assert deux.annotations[0].sourcing.references == ("agence-2017", "archive-b")
    assert deux.published_basis_sourcing.references == ("agence-2017",)
    un = v.articles["article-un"]
    assert not un.annotations[0].sourcing.needs_source  # a correction, rests_on: articles
    assert un.published_basis_sourcing.source_missing  # published_basis_rests_on
    rencontre = v.events["rencontre"]
    assert rencontre.date_basis_sourcing.references == ("communique",)
    assert rencontre.sources[0].sourcing.source_missing  # rests_on: other-sources
    assert [(s.references, s.source_missing) for s in rencontre.notes_sourcing] == [
        ((), True), (("communique", "livre"), False), ((), False)]
    assert rencontre.notes[1] == "Contexte sourcé, *deux* références."
    # Where each note is written, for the status page.
    assert [s.loc.line for s in rencontre.notes_sourcing if s.loc] == [15, 16, 18]


@pytest.mark.parametrize(("kind", "needs"), [("note", False), ("correction", True),
                                             ("context", True)])
def test_annotation_kind_decides_whether_a_source_is_needed(tmp_path: Path, kind: str,
                                                            needs: bool) -> None:
    root = _base(tmp_path)
    path = root / ARTICLE
    path.write_text(path.read_text(encoding="utf-8").replace("kind: note", f"kind: {kind}"),
                    encoding="utf-8")
    v, _ = _validated(root)
    assert v.articles["accord-s-400"].annotations[0].sourcing.source_missing is needs


def test_defaults_for_event_notes_citation_notes_and_bases(tmp_path: Path) -> None:
    root = _base(tmp_path)
    _append(root, EVENT, "    note: Une note sur la citation.\nnotes:\n  - Un contexte.\n")
    event = _validated(root)[0].events["signature-accord-s-400"]
    assert event.notes_sourcing[0].source_missing  # an event note rests on other sources
    assert not event.sources[0].sourcing.needs_source  # a note on a quote does not
    assert not event.date_basis_sourcing.needs_source  # nor does a date basis
    assert not _validated(root)[0].articles["accord-s-400"].published_basis_sourcing.needs_source


def test_references_make_a_note_sourced_whatever_rests_on_says(tmp_path: Path) -> None:
    root = _base(tmp_path)
    _append(root, EVENT, "date_basis_rests_on: articles\ndate_basis_references: [tass]\n"
                         "references:\n  - key: tass\n    url: https://tass.com/x\n")
    event = _validated(root)[0].events["signature-accord-s-400"]
    assert not event.date_basis_sourcing.source_missing
    assert event.date_basis_sourcing.references == ("tass",)


# -- messages ----------------------------------------------------------------------------------


def test_unknown_key_in_a_file_without_references(tmp_path: Path) -> None:
    root = _base(tmp_path)
    _append(root, EVENT, "date_basis_references:\n  - tass\n")
    assert _check(root) == (1, [
        f"{EVENT}:15:5: error: reference 'tass' is not defined in this file's 'references'; "
        "references are cited by the key of an entry of 'references' in the same file "
        "[unknown-reference]",
        "1 error, 0 warnings — nothing was written."])


def test_a_key_must_look_like_an_id(tmp_path: Path) -> None:
    root = _base(tmp_path)
    _append(root, EVENT, "references:\n  - key: Tass 2017\n    url: https://tass.com/x\n")
    code, lines = _check(root)
    assert code == 1
    assert lines[0] == (f"{EVENT}:15:10: error: 'key' is 'Tass 2017', which is not a reference "
                        "key (lowercase letters, digits and hyphens, e.g. 'tass-2017') [bad-id]")


def test_a_key_cited_twice_by_one_note(tmp_path: Path) -> None:
    root = _base(tmp_path)
    _append(root, EVENT, "date_basis_references: [tass, tass]\n"
                         "references:\n  - key: tass\n    url: https://tass.com/x\n")
    code, lines = _check(root)
    assert code == 1
    assert lines[0] == (f"{EVENT}:14:31: error: 'date_basis_references' lists 'tass' twice "
                        "(also on line 14); keep one [duplicate-item]")


def test_an_event_note_entry_needs_its_text(tmp_path: Path) -> None:
    root = _base(tmp_path)
    _append(root, EVENT, "notes:\n  - references: [tass]\n"
                         "references:\n  - key: tass\n    url: https://tass.com/x\n")
    code, lines = _check(root)
    assert code == 1
    assert lines[0] == (f"{EVENT}:15:5: error: missing required field 'note' in 'notes' entry "
                        "[missing-field]")


def test_bad_reference_url_and_date_are_refused(tmp_path: Path) -> None:
    root = _base(tmp_path)
    _append(root, EVENT, "date_basis_references: [tass]\nreferences:\n  - key: tass\n"
                         "    url: javascript:alert(1)\n    date: 2017-13\n")
    code, lines = _check(root)
    assert code == 1
    assert lines[:2] == [
        f"{EVENT}:17:10: error: 'url' is 'javascript:alert(1)'; only http:// and https:// "
        "addresses are allowed [bad-url]",
        f"{EVENT}:18:11: error: 'date' is '2017-13', which is not a real date (month must be "
        "in 1..12) [bad-date]"]


def test_an_unused_reference_is_a_warning_and_a_marker_is_nothing(tmp_path: Path) -> None:
    root = _base(tmp_path)
    _append(root, EVENT, "notes:\n  - Selon d’autres sources, un contexte.\n")
    assert _check(root, "--strict")[0] == 0  # a « source à préciser » marker fails nothing
    _append(root, EVENT, "references:\n  - key: tass\n    url: https://tass.com/x\n")
    assert _check(root)[0] == 0
    code, lines = _check(root, "--strict")
    assert code == 1
    assert lines[-1] == "0 errors, 1 warning — nothing was written."
    assert lines[0].endswith("[unused-reference]")


# -- rendering ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def mini_pages() -> dict[str, str]:
    dossier = load_dossier(MINI_DATA.parent, Problems())
    assert dossier is not None
    return {str(path): text for path, text in render_site(dossier, FR).items()}


def test_references_follow_the_note_they_support(mini_pages: dict[str, str]) -> None:
    event = mini_pages[page_path(Kind.EVENT, "rencontre")]
    communique = ("«\u202f[Communiqué de la présidence](https://example.org/communique)\u202f», "
                  "*Présidence*, 8 avril 2019")
    assert (f"    «\u202flundi\u202f» dans l'article du 9 avril 2019.\n\n"
            f"    *Source*\u202f: {communique}\n" in event)
    assert (f"    Contexte sourcé, *deux* références.\n\n    *Sources*\u202f: {communique}\u202f; "
            "«\u202fUn livre sans adresse\u202f», *Éditions de test*, 2020\n") in event
    assert f"    Contexte venu d'ailleurs. {MARKER}\n" in event
    assert f"    Une note *éditoriale*. {MARKER}\n" in event
    assert "    Contexte tiré des articles.\n" in event
    assert event.count("source à préciser") == 2


def test_article_references_stay_on_one_line(mini_pages: dict[str, str]) -> None:
    un = mini_pages[page_path(Kind.ARTICLE, "article-un")]
    assert f"| **Comment la date est connue** | Déduite du texte. {MARKER} |" in un
    assert "Lire « genre »." in un and un.count("source à préciser") == 1
    deux = mini_pages[page_path(Kind.ARTICLE, "article-deux")]
    footnote = next(line for line in deux.splitlines() if line.startswith("[^n1]:"))
    assert footnote.endswith(
        "\u202f; [example.org](https://example.org/seulement-une-adresse)")
    assert " — *Sources*\u202f: «\u202f[Prêt russe &#58; &#60;script&#62;" in footnote


def test_hostile_reference_fields_stay_text(mini_pages: dict[str, str]) -> None:
    deux = mini_pages[page_path(Kind.ARTICLE, "article-deux")]
    assert "<script>" not in deux and "<x>" not in deux and "{: onclick" not in deux
    assert "](javascript" not in deux and "[^1]" not in deux
    assert "(https://example.org/depeche%20%281%29?a=1&b=%3Cx%3E%7Cy)" in deux
    assert "*Agence &#124; fictive &#123;&#58; onclick&#61;x &#125;*" in deux


@pytest.mark.parametrize(("url", "target"), [
    ("https://example.org/a?b=1&c=2#d", "https://example.org/a?b=1&c=2#d"),
    ("https://example.org/a b", "https://example.org/a%20b"),
    ("https://example.org/x_(missile)", "https://example.org/x_%28missile%29"),
    ("https://example.org/<x>\"'`|", "https://example.org/%3Cx%3E%22%27%60%7C"),
    ("https://example.org/{a}[b]*c", "https://example.org/%7Ba%7D%5Bb%5D%2Ac"),
    ("https://example.org/d%C3%A9j%C3%A0", "https://example.org/d%C3%A9j%C3%A0"),
    ("https://example.org/déjà", "https://example.org/d%C3%A9j%C3%A0"),
    (" https://example.org/ ", "https://example.org/"),
])
def test_url_target(url: str, target: str) -> None:
    assert url_target(url) == target


@pytest.mark.parametrize(("url", "name"), [
    ("https://www.Example.org:8080/a?b", "www.example.org"),
    ("https://[oops/x", "https://[oops/x"),
])
def test_a_reference_without_title_shows_its_site(url: str, name: str) -> None:
    assert views._site_name(url) == name


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.links.append(dict(attrs))


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("refs"), MINI_DATA,
                        home="# Test\n\n- [Chronologie](chronologie/index.md)\n")
    run_cli(root, "build").check()
    run_mkdocs(root).check()
    return root / "site"


def _parse(site: Path, page: str) -> _Links:
    parser = _Links()
    parser.feed((site / page).read_text(encoding="utf-8"))
    return parser


def test_built_html_links_sources_and_marks_missing_ones(mini_site: Path) -> None:
    event = _parse(mini_site, "evenements/rencontre/index.html")
    markers = [a for a in event.links if a.get("class") == "dossier-source-needed"]
    assert len(markers) == 2
    assert all(a["href"] == f"../../modifier-le-dossier/#{SOURCES_ANCHOR}" for a in markers)
    assert any(a.get("href") == "https://example.org/communique" for a in event.links)
    guide = (mini_site / "modifier-le-dossier/index.html").read_text(encoding="utf-8")
    assert f'id="{SOURCES_ANCHOR}"' in guide
    article = _parse(mini_site, "articles/article-deux/index.html")
    hrefs = {a.get("href") for a in article.links}
    assert "https://example.org/depeche%20%281%29?a=1&b=%3Cx%3E%7Cy" in hrefs
    assert "https://web.archive.org/web/2017/https://example.org/depeche" in hrefs
    html = (mini_site / "articles/article-deux/index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&#60;script&#62;alert&#40;1&#41;" in html
    assert not any(a.get("onclick") for a in article.links)


def test_references_of_a_quote_without_a_note_still_show(tmp_path: Path) -> None:
    root = _base(tmp_path)
    _append(root, EVENT, "    references: [tass]\nreferences:\n  - key: tass\n"
                         "    title: Titre\n    url: https://tass.com/x\n")
    dossier = load_dossier(root, Problems())
    assert dossier is not None
    page = render_site(dossier, FR)[page_path(Kind.EVENT, "signature-accord-s-400")]
    assert ('!!! note "Note de la rédaction"\n\n    *Source*\u202f: '
            '«\u202f[Titre](https://tass.com/x)\u202f»\n' in page)


# -- the guide and the schema -------------------------------------------------------------------


def test_guide_explains_references_and_the_marker() -> None:
    page = editor_guide()[GUIDE_PAGE]
    assert f"## Citer ses sources {{#{SOURCES_ANCHOR}}}" in page
    assert EXAMPLE_REFERENCES.rstrip("\n") in page
    assert "### Source à préciser" in page
    assert "`rests_on: other-sources`" in page and "python -m build_tools status" in page


def test_guide_example_is_a_valid_event(tmp_path: Path) -> None:
    root = _base(tmp_path)
    path = root / EVENT
    head = path.read_text(encoding="utf-8").split("date_basis:")[0]
    rest = path.read_text(encoding="utf-8").split("summary:", 1)[1]
    text = head + EXAMPLE_REFERENCES + "summary:" + rest
    path.write_text(text, encoding="utf-8")
    assert _check(root, "--strict")[0] == 0
    event = _validated(root)[0].events["signature-accord-s-400"]
    assert event.notes_sourcing[1].references == ("sputnik-2019-07-12", "rferl-2019-07-17")
    schema = json_schema(Kind.EVENT)
    jsonschema.Draft7Validator.check_schema(schema)
    document = yaml.safe_load(text)
    assert not list(jsonschema.Draft7Validator(schema).iter_errors(document))


def test_schema_checks_note_entries_and_keys() -> None:
    validator = jsonschema.Draft7Validator(json_schema(Kind.EVENT))

    def errors(extra: str) -> list[str]:
        text = (f"{modeline(Kind.EVENT)}\ntitle: T\ndate: \"2019\"\ndate_basis: B\nsummary: S\n"
                "sources:\n  - article: a\n    quote: q\n" + extra)
        return [e.message for e in validator.iter_errors(yaml.safe_load(text))]

    assert errors("notes:\n  - texte\n  - note: n\n    references: [a-b]\n") == []
    assert errors("notes:\n  - note: n\n    source: x\n")  # unknown field in an entry
    assert errors("references:\n  - key: Pas Une Clé\n    url: https://a.org\n")
    assert errors("date_basis_references: [a, a]\n")  # listed twice
    assert errors("date_basis_rests_on: ailleurs\n")

