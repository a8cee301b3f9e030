"""End to end on a tmp copy of the real dossier: generate, ``mkdocs build --strict``, inspect site/.

The HTML is read with :mod:`html.parser`; paths and links are checked against the
data files themselves (read with PyYAML's BaseLoader, independently of build_tools).

Tests on the real ``data/`` (``real_site``) assert only what holds for every valid dossier,
so that an editor's valid change never fails them; tests that need particular content
(the Rostec article's repeated paragraphs, footnotes) use the frozen copy ``s400_site``.
"""

from __future__ import annotations

import html
import os
import posixpath
import re
import shutil
import warnings
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import (
    GENERATED_SECTIONS,
    MINI_DATA,
    REAL_DATA,
    make_project,
    run_cli,
    tree,
)

SECTIONS = {"actors": "acteurs", "weapons": "systemes-d-armes", "events": "evenements",
            "articles": "articles"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


def record_ids(kind: str, data: Path = REAL_DATA) -> list[str]:
    return sorted(p.stem for p in (data / kind).glob("*.yaml"))


def load_record(kind: str, record_id: str, data: Path = REAL_DATA) -> dict[str, Any]:
    """A data file as plain strings (BaseLoader: no type guessing)."""
    text = (data / kind / f"{record_id}.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=yaml.BaseLoader)
    return data


def page_url(kind: str, record_id: str) -> str:
    """Site-relative URL of a record page (use_directory_urls)."""
    return f"{SECTIONS[kind]}/{record_id}/"


class Page(HTMLParser):
    """One built HTML page: every tag with its attributes, and the text of p#p-N."""

    def __init__(self, path: Path, site: Path) -> None:
        super().__init__(convert_charrefs=True)
        self.url = path.parent.relative_to(site).as_posix() + "/"
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.paragraphs: dict[int, str] = {}
        self._stack: list[tuple[str, bool]] = []  # (tag, skipped) of open elements
        self._current: int | None = None
        self._chunks: list[str] = []
        self.feed(path.read_text(encoding="utf-8"))
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag in VOID:
            return
        match = re.fullmatch(r"p-(\d+)", attributes.get("id", ""))
        if tag == "p" and match:
            self._current, self._chunks = int(match.group(1)), []
        classes = attributes.get("class", "").split()
        # Not part of the article's text: the paragraph number and footnote calls.
        skipped = "dossier-paranum" in classes or tag == "sup"
        self._stack.append((tag, skipped))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        while self._stack:
            open_tag, _ = self._stack.pop()
            if open_tag == tag:
                break
        if tag == "p" and self._current is not None and not any(t == "p" for t, _ in
                                                                 self._stack):
            self.paragraphs[self._current] = "".join(self._chunks)
            self._current = None

    def handle_data(self, data: str) -> None:
        if self._current is not None and not any(skipped for _, skipped in self._stack):
            self._chunks.append(data)

    def hrefs(self) -> set[str]:
        """Every link target on the page, resolved to a site-relative URL (anchors dropped)."""
        out = set()
        for tag, attrs in self.tags:
            href = attrs.get("href", "")
            if tag != "a" or not href or "://" in href or href.startswith(("#", "mailto:")):
                continue
            base = "" if href.startswith("/") else self.url  # 404.html links from the root
            resolved = posixpath.normpath(posixpath.join(base, href.split("#")[0].lstrip("/")))
            out.add("" if resolved == "." else resolved.rstrip("/") + "/")
        return out


def page(site: Path, url: str) -> Page:
    return Page(site / url / "index.html", site)


def squash(text: str) -> str:
    return " ".join(text.split())


# -- checks that hold for every valid dossier ------------------------------------------------
# Each takes a built project (data/, docs/, site/); the tests below run them on the real
# dossier, tests/test_editor_batch.py on the real dossier plus a batch of new records.


def check_every_record_has_a_page(root: Path, kind: str) -> None:
    """Each record of ``kind`` has a page, linked from its section's index."""
    site, data = root / "site", root / "data"
    ids = record_ids(kind, data)
    assert ids, f"no {kind} in data/"
    index_links = page(site, SECTIONS[kind]).hrefs()
    for record_id in ids:
        url = page_url(kind, record_id)
        assert (site / url / "index.html").is_file(), f"no page for {kind}/{record_id}"
        assert url in index_links, f"{SECTIONS[kind]}/index does not link {record_id}"


def check_home_and_chronology_link_into_the_dossier(root: Path) -> None:
    """The home page links every section; the chronology links every event."""
    site = root / "site"
    home = page(site, "").hrefs()
    # (Mention lists are reached from entity pages, not from the home page.)
    assert {f"{section}/" for section in GENERATED_SECTIONS if section != "mentions"} <= home
    chronology = page(site, "chronologie").hrefs()
    assert {page_url("events", e) for e in record_ids("events", root / "data")} <= chronology


def check_article_text_appears_literally(root: Path, article: str) -> None:
    """Every line of the article's .txt is a p#p-N of its page, or a repeat left out."""
    source = (root / "data" / "articles" / f"{article}.txt").read_text(encoding="utf-8")
    lines = [line for line in source.split("\n") if line.strip()]
    first_seen: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        first_seen.setdefault(line, number)
    built = page(root / "site", page_url("articles", article)).paragraphs
    assert built, "no p#p-N paragraph on the page"
    for number, line in enumerate(lines, 1):
        if number in built:
            assert squash(built[number]) == squash(line), f"paragraph {number} differs"
        else:
            # Only a repeat of an earlier paragraph may be left out.
            assert first_seen[line] < number and first_seen[line] in built, \
                f"paragraph {number} is missing"
    assert set(built) <= set(range(1, len(lines) + 1))


def event_links(data: Path) -> Iterator[tuple[str, str, str]]:
    """``(event, kind, entity)`` for every actor and weapon an event names."""
    for event in record_ids("events", data):
        record = load_record("events", event, data)
        for kind, field in (("actors", "actors"), ("weapons", "weapons")):
            for entity in record.get(field, []):
                yield event, kind, entity


def check_event_and_entity_pages_link_both_ways(root: Path) -> None:
    """An event page links each entity it names, and that entity's page links back."""
    site = root / "site"
    pairs = list(event_links(root / "data"))
    assert pairs, "no event names an actor or a weapon"
    for event, kind, entity in pairs:
        event_url, entity_url = page_url("events", event), page_url(kind, entity)
        assert entity_url in page(site, event_url).hrefs(), f"{event} does not link {entity}"
        assert event_url in page(site, entity_url).hrefs(), f"{entity} does not link {event}"


def check_event_and_article_pages_link_both_ways(root: Path) -> None:
    """An event page links each article it cites, and that article's page links back."""
    site, data = root / "site", root / "data"
    for event in record_ids("events", data):
        event_url = page_url("events", event)
        for source in load_record("events", event, data)["sources"]:
            article_url = page_url("articles", source["article"])
            assert article_url in page(site, event_url).hrefs()
            assert event_url in page(site, article_url).hrefs(), \
                f"{source['article']} does not list {event}"


def check_every_internal_link_resolves(root: Path) -> None:
    """Every local link of every built page leads to a file of site/."""
    site = root / "site"
    for html_file in sorted(site.rglob("*.html")):
        built = Page(html_file, site)
        for url in built.hrefs():
            target = site / url
            assert (target / "index.html").is_file() or target.is_file() \
                or (site / url.rstrip("/")).is_file(), f"{built.url} links to missing {url}"


# -- the build -----------------------------------------------------------------------------


def test_real_dossier_checks_clean(tmp_path: Path) -> None:
    # With the committed schemas: an out-of-date one is only a note, which --strict allows.
    root = make_project(tmp_path, REAL_DATA, schemas=True)
    result = run_cli(root, "check", "--strict").check()
    assert result.stdout.splitlines()[-1].startswith("0 errors, 0 warnings")


def test_the_module_entry_point_builds(tmp_path: Path) -> None:
    root = make_project(tmp_path, REAL_DATA)
    result = run_cli(root, "build", isolated=True).check()
    assert result.stdout.startswith("0 errors, 0 warnings — ")
    assert result.stderr == ""


@pytest.mark.parametrize("kind", sorted(SECTIONS))
def test_every_record_has_a_page_linked_from_its_section(real_site: Path, kind: str) -> None:
    check_every_record_has_a_page(real_site, kind)


def test_home_and_chronology_link_into_the_dossier(real_site: Path) -> None:
    check_home_and_chronology_link_into_the_dossier(real_site)


# -- article text, literally -------------------------------------------------------------------


@pytest.mark.parametrize("article", record_ids("articles"))
def test_article_text_appears_literally(real_site: Path, article: str) -> None:
    check_article_text_appears_literally(real_site, article)


def test_rostec_article_shows_six_paragraphs_and_the_notice(s400_site: Path) -> None:
    rostec = page(s400_site / "site", page_url("articles", "rostec-contrat-s400-2017"))
    assert sorted(rostec.paragraphs) == [1, 2, 3, 4, 5, 6]
    html_text = (s400_site / "site" / "articles" / "rostec-contrat-s400-2017" /
                 "index.html").read_text(encoding="utf-8")
    assert "Paragraphes 7 à 11 : répétition des paragraphes 2 à 6 dans la source" in \
        squash(html.unescape(re.sub(r"<[^>]+>", "", html_text)))


# What the site says about itself must hold for its pages: a dossier whose source repeats
# paragraphs shows them once (with a notice), so no page may claim the articles are reproduced
# in full, repeats included, without saying that repeats are shown once.
REPEAT_NOTICE = re.compile(r"non reproduits? ici")
COMPLETENESS_CLAIM = re.compile(r"intégral\w*|répétitions? comprises?|in extenso",
                                re.IGNORECASE)
REPEATS_SHOWN_ONCE = re.compile(r"répét\w*[^.]*qu['’]une (?:seule )?fois", re.IGNORECASE)


def page_text(html_file: Path) -> str:
    """The visible text of a built page, on one line."""
    text = html_file.read_text(encoding="utf-8")
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.DOTALL)
    return squash(html.unescape(re.sub(r"<[^>]+>", " ", text)))


def contradicted_reproduction_claims(site: Path) -> list[str]:
    """Pages claiming the articles are reproduced in full although a page shows the repeat
    notice, as ``page: claim`` lines; empty when no page has a repeat notice."""
    texts = {p.relative_to(site).as_posix(): page_text(p) for p in sorted(site.rglob("*.html"))}
    if not any(REPEAT_NOTICE.search(t) for t in texts.values()):
        return []
    return [f"{path}: {claim.group(0)}" for path, text in texts.items()
            if not REPEATS_SHOWN_ONCE.search(text)
            for claim in COMPLETENESS_CLAIM.finditer(text)]


def test_no_page_claims_repeats_are_reproduced(s400_site: Path) -> None:
    site = s400_site / "site"
    assert REPEAT_NOTICE.search(page_text(site / page_url("articles", "rostec-contrat-s400-2017")
                                          / "index.html"))
    assert contradicted_reproduction_claims(site) == []


def test_reproduction_claims_are_caught(s400_site: Path, tmp_path: Path) -> None:
    # The check itself: the home page as it read before it said that repeats are shown once.
    site = tmp_path / "site"
    (site / "articles").mkdir(parents=True)
    shutil.copy2(s400_site / "site" / "articles" / "rostec-contrat-s400-2017" / "index.html",
                 site / "articles" / "rostec.html")
    claim = "<p>Les textes des articles sont reproduits tels quels, répétitions comprises.</p>"
    (site / "index.html").write_text(claim, encoding="utf-8")
    assert contradicted_reproduction_claims(site) == ["index.html: répétitions comprises"]
    (site / "index.html").write_text(
        claim + "<p>Un paragraphe répété dans la source n’est affiché qu’une fois.</p>",
        encoding="utf-8")
    assert contradicted_reproduction_claims(site) == []


def footnote_block(markdown: str) -> list[str]:
    """The lines from an article page's first footnote definition to its last."""
    lines = markdown.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("[^n")]
    return lines[starts[0]:starts[-1] + 1] if starts else []


def test_footnote_definitions_are_one_block(s400_site: Path) -> None:
    # The Kremlin article once showed a blank line before note 7: every definition is one
    # line, one after the other, and each note is one paragraph of the footnote list.
    pages = sorted(p for p in (s400_site / "docs" / "articles").glob("*.md")
                   if p.name != "index.md")
    blocks = {p.stem: footnote_block(p.read_text(encoding="utf-8")) for p in pages}
    assert len(blocks["poutine-erdogan-kremlin-2019"]) == 7
    for name, block in blocks.items():
        assert [line for line in block if not line.startswith("[^n")] == [], name
        html_text = (s400_site / "site" / "articles" / name / "index.html").read_text(
            encoding="utf-8")
        notes = re.findall(r'<li id="fn:n\d+">(.*?)</li>', html_text, flags=re.DOTALL)
        assert len(notes) == len(block), name
        assert [n for n in notes if n.count("<p>") != 1] == [], name


def test_notes_with_blank_lines_stay_one_footnote(tmp_path: Path) -> None:
    root = make_project(tmp_path, MINI_DATA, home="# Accueil\n")
    article = root / "data" / "articles" / "article-deux.yaml"
    text = article.read_text(encoding="utf-8")
    note = "    note: Selon [une autre source](https://example.org/autre), c’est *55 %*.\n"
    assert note in text
    article.write_text(text.replace(
        note, "    note: |\n      Selon une autre source,\n\n      c’est *55 %*.\n\n"),
        encoding="utf-8")
    run_cli(root, "build").check()
    page = (root / "docs" / "articles" / "article-deux.md").read_text(encoding="utf-8")
    block = footnote_block(page)
    assert len(block) == 1
    assert "Selon une autre source, c’est *55 %*." in block[0]


# -- links both ways -------------------------------------------------------------------------------


def test_event_and_entity_pages_link_both_ways(real_site: Path) -> None:
    check_event_and_entity_pages_link_both_ways(real_site)


def test_event_and_article_pages_link_both_ways(real_site: Path) -> None:
    check_event_and_article_pages_link_both_ways(real_site)


def test_every_internal_link_resolves(real_site: Path) -> None:
    check_every_internal_link_resolves(real_site)


def test_footnote_backlinks_are_in_french(s400_site: Path) -> None:
    site = s400_site / "site"
    titles = {attrs["title"] for html_file in site.rglob("*.html")
              for tag, attrs in Page(html_file, site).tags
              if tag == "a" and "footnote-backref" in attrs.get("class", "")}
    assert titles, "no footnote on the site"
    assert not [t for t in titles if "Jump back" in t or "footnote" in t]


# -- determinism -----------------------------------------------------------------------------------


def test_two_builds_give_identical_docs(tmp_path: Path) -> None:
    first = make_project(tmp_path / "one", REAL_DATA)
    second = make_project(tmp_path / "two", REAL_DATA)
    # Different hash seeds: set or dict-of-set iteration order must not leak into pages.
    run_cli(first, "build", hash_seed=1).check()
    run_cli(second, "build", hash_seed=2).check()
    one, two = tree(first / "docs"), tree(second / "docs")
    assert sorted(one) == sorted(two)
    assert [p for p in one if one[p] != two[p]] == []


def test_rebuild_writes_nothing(tmp_path: Path) -> None:
    root = make_project(tmp_path, REAL_DATA)
    run_cli(root, "build").check()
    old = 1_000_000_000
    for path in (root / "docs").rglob("*"):
        if path.is_file():
            os.utime(path, ns=(old, old))
    result = run_cli(root, "build").check()
    assert " 0 written, 0 removed, " in result.stdout
    touched = [p for p in (root / "docs").rglob("*") if p.is_file() and p.stat().st_mtime_ns != old]
    assert touched == []


# -- nothing from elsewhere --------------------------------------------------------------------


def allowed_external_urls(root: Path) -> set[str]:
    """Article ``url`` fields, links editors wrote in Markdown fields and in hand-written pages."""
    sources = [*(root / "data").rglob("*.yaml"),
               *(p for p in (root / "docs").rglob("*.md")
                 if p.relative_to(root / "docs").parts[0] not in GENERATED_SECTIONS)]
    allowed: set[str] = set()
    for path in sources:
        allowed.update(re.findall(r"https?://[^\s)>\]\"'`]+", path.read_text(encoding="utf-8")))
    return allowed


def _external(url: str) -> bool:
    return bool(re.match(r"^\s*([a-z][a-z0-9+.-]*:|//)", url, re.I)) and \
        not url.strip().lower().startswith(("data:", "mailto:", "#"))


def test_no_request_to_another_host(real_site: Path) -> None:
    check_no_request_to_another_host(real_site)


def check_no_request_to_another_host(root: Path) -> None:
    """No built page or stylesheet makes the browser fetch from another host; links leave
    the site only to the URLs editors wrote."""
    site = root / "site"
    allowed = allowed_external_urls(root)
    offending = []
    for html_file in sorted(site.rglob("*.html")):
        built = Page(html_file, site)
        for tag, attrs in built.tags:
            for attribute in ("src", "href", "srcset", "poster", "data"):
                value = attrs.get(attribute, "")
                if not value or not _external(value):
                    continue
                # Only a reader's click may leave the site, and only to editors' sources.
                if tag == "a" and attribute == "href" and value in allowed:
                    continue
                offending.append(f"{built.url}: <{tag} {attribute}={value!r}>")
        text = html_file.read_text(encoding="utf-8")
        offending += [f"{built.url}: {m}" for m in _css_urls(text)]
    for css in sorted(site.rglob("*.css")):
        offending += [f"{css.relative_to(site)}: {m}" for m in _css_urls(
            css.read_text(encoding="utf-8"))]
    assert offending == []


def _css_urls(text: str) -> list[str]:
    found = []
    for m in re.finditer(r"@import\s+(?:url\(\s*)?['\"]?([^'\")\s;]+)", text):
        if _external(m.group(1)):
            found.append(f"@import {m.group(1)}")
    for m in re.finditer(r"url\(\s*(['\"]?)([^'\")]*)\1\s*\)", text):
        if _external(m.group(2)):
            found.append(f"url({m.group(2)})")
    return found


def test_external_url_check_catches_fonts() -> None:
    # The check above must be able to fail: Material's default Google Fonts link.
    assert _external("https://fonts.googleapis.com/css?family=Roboto")
    assert _external("//fonts.gstatic.com/x.woff2")
    assert _css_urls("@import url('https://fonts.googleapis.com/css2')") != []
    svg = "data:image/svg+xml,<svg xmlns='http://www.w3.org/2000/svg'/>"
    assert _css_urls(f'a{{background:url("{svg}")}}') == []
    assert not _external("../assets/main.css")


# -- the harness itself ------------------------------------------------------------------------


def test_warnings_are_errors() -> None:
    with pytest.raises(UserWarning):
        warnings.warn("an unexpected warning", UserWarning, stacklevel=1)


def test_subprocess_builds_fail_on_warnings(tmp_path: Path) -> None:
    from tests.conftest import subprocess_env

    env = subprocess_env()
    assert env["PYTHONWARNINGS"] == "error"
    assert Path(env["PYTHONPATH"].split(os.pathsep)[0]) == Path(__file__).resolve().parent.parent
