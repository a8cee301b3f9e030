"""Page metadata (issue 11): descriptions, permalinks, « Citer cette page », the sitemap."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from build_tools.build import load_dossier
from build_tools.labels import load_labels
from build_tools.mdtext import Md
from build_tools.model import Kind
from build_tools.pagemeta import (
    DESCRIPTION_LENGTH,
    Permalink,
    SiteInfo,
    permalink,
    plain_text,
    shorten,
    site_info,
)
from build_tools.paths import SECTIONS, PagePath, page_path
from build_tools.problems import Problems
from build_tools.render import macro
from build_tools.site import RECORD_PAGES, SitePages
from tests.conftest import MINI_DATA, S400_DATA, make_project, run_cli, subprocess_env

FR = load_labels("fr")
NNBSP = "\u202f"
SITE = SiteInfo("Dossier de test", "https://example.org/dossier/")


# -- plain text and length -------------------------------------------------------------------

@pytest.mark.parametrize(("markdown", "text"), [
    ("Le **S-400** est *russe*, voir [le site](https://example.org/a).", "Le S-400 est russe, "
     "voir le site."),
    ("__gras__ _penché_ ==surligné== `code` ***les deux***", "gras penché surligné code les deux"),
    ("Voir [ici][r].\n\n[r]: https://example.org", "Voir ici."),
    ("# Titre\n\n- un\n- deux\n\n> cité\n1. premier", "Titre un deux cité premier"),
    ("window.__pwned=1, snake_case, 3 * 4, [^1], [crochets]",
     "window.__pwned=1, snake_case, 3 * 4, [^1], [crochets]"),
    ("<b>pas du HTML</b> &amp; \\*échappé\\*", "<b>pas du HTML</b> &amp; *échappé*"),
    ("a\u200bb\u00adc\n\n\td\u2028e\x85f\x00g", "abc d e f g"),
    ("S-400\u00a0: «\u202fOTAN\u202f»", "S-400\u00a0: «\u202fOTAN\u202f»"),
])
def test_plain_text_keeps_the_words_and_drops_the_markdown(markdown: str, text: str) -> None:
    assert plain_text(markdown) == text


def test_shorten_cuts_at_a_word_boundary() -> None:
    words = "Le conglomérat d’État Rostec annonce que la Russie est proche de signer " * 5
    short = shorten(words.strip())
    assert len(short) <= DESCRIPTION_LENGTH and short.endswith("…")
    assert words.startswith(short[:-1]) and words[len(short) - 1] == " "
    assert shorten("Court.") == "Court."
    exact = "x" * DESCRIPTION_LENGTH
    assert shorten(exact) == exact
    assert shorten("y" * 300) == "y" * (DESCRIPTION_LENGTH - 1) + "…"
    assert shorten("a, " + "b" * 200, 20) == "a, " + "b" * 16 + "…"  # inside a long word
    assert shorten("un deux, trois quatre", 12) == "un deux…"


# -- permalinks ------------------------------------------------------------------------------

@pytest.mark.parametrize(("site", "path", "url", "href"), [
    (SITE, "acteurs/turquie.md", "https://example.org/dossier/acteurs/turquie/",
     "https://example.org/dossier/acteurs/turquie/"),
    (SiteInfo("x", "https://example.org"), "articles/a-b.md", "https://example.org/articles/a-b/",
     "https://example.org/articles/a-b/"),
    (SITE, "chronologie/index.md", "https://example.org/dossier/chronologie/",
     "https://example.org/dossier/chronologie/"),
    (SiteInfo("x", ""), "evenements/e-1.md", "evenements/e-1/", "e-1.md"),
    (SiteInfo("x", ""), "acteurs/index.md", "acteurs/", "index.md"),
])
def test_permalinks_are_absolute_with_a_site_url_else_site_relative(
        site: SiteInfo, path: str, url: str, href: str) -> None:
    assert permalink(site, PagePath(path)) == Permalink(url, Md(href))


def test_site_info_reads_mkdocs_yml_then_site_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SITE_URL", "https://env.example/")
    # mkdocs.yml's `site_url: !ENV [SITE_URL, ""]` loads as null: the variable is used.
    assert site_info({"site_name": "D", "site_url": None}) == SiteInfo("D", "https://env.example/")
    assert site_info({"site_name": "D", "site_url": "https://fixed.example/"}).url == \
        "https://fixed.example/"
    monkeypatch.delenv("SITE_URL")
    assert site_info({}) == SiteInfo("", "")


# -- « Citer cette page » ----------------------------------------------------------------------

def _cite(last_changed: str | None, site: SiteInfo = SITE) -> str:
    return macro("cite")(FR["cite"], "Turquie", site.name, last_changed,
                         permalink(site, page_path(Kind.ACTOR, "turquie")))


def test_cite_block_with_and_without_the_date_of_last_change() -> None:
    url = "https&#58;//example.org/dossier/acteurs/turquie/"
    head = (f"\n## Citer cette page {{ #citer-cette-page data-search-exclude }}\n\n"
            f"**Lien permanent**{NNBSP}: [{url}](https://example.org/dossier/acteurs/turquie/)"
            "{ .dossier-permalink data-copy-link }\n"
            "{: .dossier-cite-permalink data-search-exclude }\n\n"
            f"**Citation suggérée**{NNBSP}: «{NNBSP}Turquie{NNBSP}», *Dossier de test*")
    tail = (f", <span class=\"dossier-cite-url\" data-cite-url>{url}</span> (consulté le "
            "<span class=\"dossier-consulted\" data-cite-consulted>&#91;date de consultation"
            "&#93;</span>).\n{: .dossier-citation data-search-exclude }\n")
    assert _cite(None) == head + tail
    assert _cite("8 avril 2019") == head + ", dernière modification le 8 avril 2019" + tail
    # No site name known: the citation goes without the dossier's name.
    assert "**Citation suggérée**\u202f: «\u202fTurquie\u202f», <span" in _cite(None, SiteInfo())


# -- descriptions in the front matter ---------------------------------------------------------

def _front_matters(data: Path) -> dict[PagePath, dict[str, object]]:
    dossier = load_dossier(data.parent, Problems())
    assert dossier is not None
    pages = {}
    for path, markdown in SitePages(dossier, FR, site=SITE):
        match = re.match(r"---\n(.*?\n)---\n\n", markdown, re.S)
        pages[path] = yaml.safe_load(match.group(1)) if match else {}
    return pages


def _record_pages(pages: dict[PagePath, dict[str, object]]) -> dict[PagePath, dict[str, object]]:
    sections = {SECTIONS[kind] + "/" for kind in RECORD_PAGES}
    return {p: m for p, m in pages.items()
            if any(p.startswith(s) for s in sections) and not p.endswith("/index.md")}


def test_every_record_page_has_a_description_distinct_from_the_others() -> None:
    """On the frozen S-400 dossier (content-specific: two records could share a summary)."""
    records = _record_pages(_front_matters(S400_DATA))
    assert len(records) > 20
    descriptions = [str(meta.get("description", "")) for meta in records.values()]
    assert all(0 < len(d) <= DESCRIPTION_LENGTH for d in descriptions)
    assert len(set(descriptions)) == len(descriptions)


def test_descriptions_come_from_summary_description_and_lead() -> None:
    pages = _front_matters(S400_DATA)
    event = str(pages[page_path(Kind.EVENT, "annonce-rostec-contrat-s-400-2017")]["description"])
    assert event.startswith("Le conglomérat d’État Rostec annonce que la Russie est proche")
    article = str(pages[page_path(Kind.ARTICLE, "poutine-erdogan-kremlin-2019")]["description"])
    assert article == ("Bien que les Américains avertissent régulièrement les autorités turques "
                       "des conséquences négatives de l’achat des S-400 russes, la Turquie "
                       "semble déterminée à…")
    # Section pages keep the site's description (the theme's fallback).
    assert "description" not in pages[PagePath("acteurs/index.md")]
    assert pages[PagePath("acteurs/index.md")] == {"hide": ["navigation"]}


# -- SITE_URL: the build notices it, the sitemap lists every page --------------------------------

def test_a_new_site_url_rebuilds_the_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    root = make_project(tmp_path, MINI_DATA, home="# Accueil\n")
    run_cli(root).check()
    page = root / "docs" / page_path(Kind.ACTOR, "russie")
    assert "](russie.md){ .dossier-permalink" in page.read_text(encoding="utf-8")
    monkeypatch.setenv("SITE_URL", "https://example.org/d/")
    run_cli(root).check()  # mkdocs.yml and data/ unchanged: SITE_URL alone must rebuild
    assert "](https://example.org/d/acteurs/russie/){ .dossier-permalink" in \
        page.read_text(encoding="utf-8")


def _sitemap_locations(site: Path) -> list[str]:
    tree = ET.parse(site / "sitemap.xml")
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text or "" for loc in tree.getroot().findall("s:url/s:loc", namespace)]


def _record_urls(site: Path) -> set[str]:
    """Site-relative URLs of the record pages built into ``site``."""
    return {p.parent.relative_to(site).as_posix() + "/" for kind in RECORD_PAGES
            for p in (site / SECTIONS[kind]).glob("*/index.html")}


def test_without_site_url_the_sitemap_lists_no_address(s400_site: Path) -> None:
    assert _sitemap_locations(s400_site / "site") == []
    assert _record_urls(s400_site / "site")


def test_with_site_url_the_sitemap_lists_every_page(
        s400_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    base = "https://example.org/dossier/"
    root = tmp_path / "deployed"
    shutil.copytree(s400_site, root)
    monkeypatch.setenv("SITE_URL", base)
    run_cli(root).check()
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(root / "mkdocs.yml")],
        cwd=root, env={**subprocess_env(), "SITE_URL": base}, capture_output=True, text=True,
        timeout=600, check=False)
    assert built.returncode == 0, built.stderr
    site = root / "site"
    listed = _sitemap_locations(site)
    assert len(listed) == len(set(listed))
    assert all(url.startswith(base) for url in listed)
    records = _record_urls(site)
    assert records and {base + url for url in records} <= set(listed)
    assert base in listed and base + "chronologie/" in listed
    # The permalink of « Citer cette page » and og:url are the page's absolute address.
    document = (site / "acteurs" / "turquie" / "index.html").read_text(encoding="utf-8")
    url = base + "acteurs/turquie/"
    assert f'<a class="dossier-permalink" data-copy-link href="{url}">' in document
    assert f'<meta property="og:url" content="{url}">' in document


def test_the_cite_block_stays_out_of_search_but_annotations_do_not(s400_site: Path) -> None:
    """Its words (the dossier's name…) are on every record page: indexed, they would make
    every page match. Pagefind leaves out the elements marked data-search-exclude
    (search_index.EXCLUDE_SELECTORS), not the section under a marked heading: every block of
    « Citer cette page » carries the mark; the article's annotations, after it, do not."""
    article = (s400_site / "site" / "articles" / "poutine-erdogan-kremlin-2019" / "index.html"
               ).read_text(encoding="utf-8")
    start = article.index('id="citer-cette-page"')
    block = article[article.rindex("<h2", 0, start):article.index("<h2", start)]
    opened = re.findall(r"<(?:h2|p|div)\b[^>]*>", block)
    assert len(opened) >= 3, block
    assert all("data-search-exclude" in tag for tag in opened), opened
    notes = article[article.index('class="footnote"'):]
    assert "Coquille de la source" in notes and "data-search-exclude" not in notes
