"""Issue 11: what an article page says about where the article comes from, the French 404
page and the French collation of names."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from build_tools.build import load_dossier
from build_tools.labels import load_labels
from build_tools.model import Kind
from build_tools.paths import index_path
from build_tools.problems import Problems
from build_tools.site import render_site
from build_tools.text import name_sort_key
from tests.conftest import MINI_DATA, REPO, make_project, run_cli, run_mkdocs

FR = load_labels("fr")
UNKNOWN = "inconnu &#40;l’article reçu ne le mentionne pas&#41;"


@pytest.fixture(scope="module")
def mini_pages() -> dict[str, str]:
    dossier = load_dossier(MINI_DATA.parent, Problems())
    assert dossier is not None
    return {str(path): text for path, text in render_site(dossier, FR).items()}


def _rows(page: str) -> list[str]:
    return [line for line in page.splitlines() if line.startswith("| **")]


def test_address_and_archive_are_both_shown(mini_pages: dict[str, str]) -> None:
    rows = _rows(mini_pages["articles/article-deux.md"])
    assert "| **Adresse d’origine** | <https://example.org/articles/rostec?id=1&lang=fr> |" in rows
    assert ("| **Archive** | <https://web.archive.org/web/2017/"
            "https://example.org/articles/rostec?id=1&lang=fr> |") in rows


def test_missing_outlet_and_author_say_why(mini_pages: dict[str, str]) -> None:
    rows = _rows(mini_pages["articles/article-un.md"])
    assert f"| **Média** | {UNKNOWN} |" in rows
    assert f"| **Auteur** | {UNKNOWN} |" in rows
    assert not any(r.startswith(("| **Adresse", "| **Archive")) for r in rows)


def test_the_internal_file_name_is_never_shown(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(MINI_DATA, data)
    record = data / "articles" / "article-un.yaml"
    record.write_text(record.read_text(encoding="utf-8")
                      + "source_file: 000_8626bd346835ccc0.txt\n", encoding="utf-8")
    dossier = load_dossier(tmp_path, Problems())
    assert dossier is not None
    assert dossier.articles["article-un"].source_file == "000_8626bd346835ccc0.txt"
    pages = render_site(dossier, FR)
    assert all("8626bd346835ccc0" not in page and "Fichier source" not in page
               for page in pages.values())


def test_a_bad_archive_url_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(MINI_DATA, data)
    record = data / "articles" / "article-un.yaml"
    record.write_text(record.read_text(encoding="utf-8")
                      + "archive_url: javascript:alert(1)\n", encoding="utf-8")
    problems = Problems()
    assert load_dossier(tmp_path, problems) is None
    assert [p.code for p in problems.errors] == ["bad-url"]


# -- the 404 page ------------------------------------------------------------------------------

NOT_FOUND_TEMPLATE = REPO / "overrides" / "404.html"


def test_the_404_template_says_the_labels() -> None:
    """The theme template cannot read fr.yaml: its French text must be the labels'."""
    template = NOT_FOUND_TEMPLATE.read_text(encoding="utf-8")
    labels = FR["not_found"]
    assert f"<h1>{labels['title']}</h1>" in template
    assert f"<p>{labels['text']}</p>" in template
    assert f'<a href="{{{{ base_url | e }}}}">{labels["home"]}</a>' in template


@pytest.mark.parametrize(("site_url", "home"), [("", "/"),
                                                ("https://example.org/dossier/", "/dossier/")],
                         ids=["root", "sub-path"])
def test_the_404_page_is_french_with_a_way_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                site_url: str, home: str) -> None:
    monkeypatch.setenv("SITE_URL", site_url)
    root = make_project(tmp_path, MINI_DATA, home="# Accueil\n")
    run_cli(root).check()
    run_mkdocs(root).check()
    page = (root / "site" / "404.html").read_text(encoding="utf-8")
    assert "Not found" not in page
    labels = FR["not_found"]
    assert f"<h1>{labels['title']}</h1>" in page
    assert f'<p><a href="{home}">{labels["home"]}</a></p>' in page


# -- French collation --------------------------------------------------------------------------

NAMES = ["Zurich", "Turquie", "etats", "États-Unis", "Égypte", "ÉTATS", "Œuvre", "Oman"]


def test_names_sort_in_french_order_whatever_the_locale() -> None:
    assert sorted(NAMES, key=name_sort_key) == [
        "Égypte", "etats", "ÉTATS", "États-Unis", "Œuvre", "Oman", "Turquie", "Zurich"]
    assert name_sort_key("États-Unis") == ("etats-unis", "États-Unis")


def test_index_pages_list_names_in_french_order(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(MINI_DATA, data)
    for number, name in enumerate(["Zurich", "etats", "États-Unis", "Égypte"]):
        (data / "actors" / f"etat-{number}.yaml").write_text(
            f"name: {name}\nkind: state\ndescription: Un État.\n", encoding="utf-8")
    dossier = load_dossier(tmp_path, Problems())
    assert dossier is not None
    page = render_site(dossier, FR)[index_path(Kind.ACTOR)]
    states = page[page.index("## États"):]
    shown = [name for name in ("Égypte", "etats", "États-Unis", "Turquie", "Zurich")
             if f"[{name}]" in states]
    assert sorted(shown, key=states.index) == ["Égypte", "etats", "États-Unis", "Turquie",
                                               "Zurich"]
