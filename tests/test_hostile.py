"""Hostile text stays text (issue #3): nothing an editor types can add markup or run code.

Three layers, each on the same corpus of hostile strings:

* A (unit): :func:`literal` and :func:`markdown_field` rendered by Python-Markdown with
  the extensions and settings of the project's real ``mkdocs.yml`` (plus those MkDocs
  always adds);
* B (pipeline): the fixture dossier ``tests/fixtures/hostile/data`` (article text = the
  corpus, one line per paragraph; YAML text fields full of hostile strings) generated and
  built with ``mkdocs build --strict``, then the HTML pages checked;
* C (browser): pages of that site loaded in Chromium: no dialog, no script ran.

The one transformation we accept between a plain text and what a reader sees
(:func:`visible`): runs of breaking whitespace become one space (as HTML shows them; no-break
spaces are kept) and the invisible characters of :data:`build_tools.text.INVISIBLES`
(zero-width spaces and joiners, BOM, soft hyphen) are dropped.
"""

from __future__ import annotations

import html
import importlib
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import markdown  # type: ignore[import-untyped]  # no types-Markdown in the venv
import pytest
import yaml

from build_tools.mdtext import (
    literal,
    markdown_field,
    one_line_markdown,
    unsafe_link_targets,
)
from build_tools.render import admonition, infobox
from build_tools.text import INVISIBLES
from build_tools.typography import french_spacing
from tests.browser_support import serve_site
from tests.conftest import FIXTURES, REPO, make_project, run_cli, run_mkdocs, run_pagefind

HOSTILE_DATA = FIXTURES / "hostile" / "data"
ARTICLE_TEXT = HOSTILE_DATA / "articles" / "texte-hostile.txt"

# One line each: these are also the paragraphs of the fixture article (same order).
# Strings that would run code set window.__pwned or open a dialog, for the browser test.
CORPUS: tuple[str, ...] = (
    # raw HTML
    "<script>window.__pwned=1;alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="window.__pwned=1;alert(1)">',
    "<img src=x onerror=window.__pwned=1//",
    '<iframe src="javascript:window.__pwned=1"></iframe>',
    '<div class="md-content" onclick="alert(1)"> jamais fermé',
    "</p></div></article><script>window.__pwned=1</script>",
    "</title><script>window.__pwned=1</script>",
    '"><script>window.__pwned=1</script>',
    "' onmouseover='window.__pwned=1",
    "<svg onload=window.__pwned=1>",
    "<details open ontoggle=window.__pwned=1>",
    "<style>body{display:none}</style>",
    '<a href="javascript:alert(1)" onmouseover="window.__pwned=1">lien</a>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//"> <link rel=stylesheet href=//evil.example/x.css>',
    "<scr<script>ipt>window.__pwned=1</script>",
    "< script>alert(1)</ script> et x<y && y>z",
    "<b>gras</b> <kbd>Ctrl</kbd> <br> <hr/> <p markdown=\"1\">*x*</p>",
    "<!-- commentaire --> visible <!-- jamais fermé",
    "<?php echo 1; ?> <![CDATA[x]]> <!DOCTYPE html>",
    # links and images
    "[cliquez](javascript:window.__pwned=1)",
    "[a](<javascript:alert(1)>) [b](JaVaScRiPt:alert(1))",
    "<javascript:alert(1)> et <https://evil.example/x> et <mail@example.com>",
    "![image](http://evil.example/x.png) [![i](http://evil.example/y.png)](javascript:alert(1))",
    '[ref]: http://evil.example "titre"',
    "[ref]: javascript:alert(1)",
    "[texte][ref] et [ref] et [[lien wiki]]",
    # Markdown at line start
    "# Pas un titre",
    "### Pas un titre non plus ###",
    "1. Pas une liste",
    "1) Pas une liste non plus",
    "- Pas une liste à puces",
    "+ liste - liste * liste",
    "  - élément indenté",
    "> Pas une citation",
    "    Quatre espaces : pas du code",
    "\tTabulation en tête : pas du code",
    "---",
    "***",
    "===",
    "- - -",
    '!!! note "Pas une admonition"',
    '??? danger "Pas un bloc repliable"',
    "???+ tip",
    "| a | b |",
    "|---|:--:|",
    "::: note",
    # inline Markdown and extensions
    "*emphase* _soulignée_ **gras** __gras__ ***les deux***",
    "{: onclick=alert(1) }",
    'Texte {#ident .classe onclick="window.__pwned=1"}',
    "Vol {: #p-1 .dossier-para } et [x](#p-2){ .dossier-paranum }",
    '--8<-- "/etc/passwd"',
    "{++ ajout ++} {-- retrait --} {~~a~>b~~} {== surligné ==}{>> commentaire <<}",
    "==marqué== ^^inséré^^ ~~barré~~ ~indice~ ^exposant^ ++ctrl+alt++",
    "Note[^1] et [^n1] et [^1]: définition",
    "[^1]: définition en début de ligne",
    "*[OTAN]: Organisation piégée",
    ":smile: :material-alert: :fontawesome-brands-x: 😀 🇹🇷",
    "$$x^2$$ et \\(x\\) et $y$",
    # templates
    "{{ 7*7 }} {% if true %}oui{% endif %} {# commentaire #}",
    "{{ config.site_name }} {{ page.title }} {% raw %} {{< shortcode >}} %(x)s {0} ${x}",
    # entities, escapes, code
    "&lt;script&gt; &amp;amp; &#60; &#x3C; &nbsp; &copy AT&T",
    "&#60;script&#62;window.__pwned=1&#60;/script&#62; \\u003cscript\\u003e",
    "&#0; &#xD800; &#99999999; &#",
    "\\*pas en italique\\* \\\\ \\` \\[x\\] \\<b>",
    "Barre oblique inverse finale \\",
    "`code` ``double`` ```python",
    "```",
    "~~~",
    # whitespace and Unicode
    "colonne 1\tcolonne 2   trois espaces",
    "S-400\u00a0: prix «\u202fOTAN\u202f»",
    "\u00a0espace insécable en tête et en fin\u00a0",
    "S\u200b-400 Erdo\u200dğan\ufeff co\u00adopération mot\u2060joint",
    "مرحبا بالعالم S-400 שלום",
    "Erdog\u0306an (NFD) et S\u2011400 (tiret insécable)",
    "Ligne\u2028séparateur et\u3000espace idéographique",
    "anticonstitutionnellement" * 40,
    # YAML and front matter look-alikes
    "title: x",
    "search: {boost: 100}",
    "hide: [navigation, toc]",
    "<<: *ancre &ancre !!python/object:os.system",
    # readable punctuation
    "S-400, l'OTAN, 1,5 milliard de dollars",
)

# Several lines: not article paragraphs (one line each), but editors can type them in YAML.
MULTILINE: tuple[str, ...] = (
    "---\ntitle: x\n---",
    "Titre\n=====",
    "Titre\n-----",
    "a\n\n    code",
    "```\n<script>window.__pwned=1</script>\n```",
    "Fin \\\nsuite",
    "ligne 1\nligne 2  \nligne 3",
    "- un\n\n      code dans la liste",
    "!!! note\n    <script>alert(1)</script>",
)

# Markdown fields: link forms Python-Markdown turns into a javascript: href or an image
# unless markdown_field neutralises them (validation rejects the obvious ones first).
MARKDOWN_ATTACKS: tuple[str, ...] = (
    "[a](javascript:alert(1))",
    "[a]( javascript:alert(1) )",
    "[a](JaVaScRiPt:alert(1))",
    "[a](java\tscript:alert(1))",
    "[a](<javascript:alert(1)>)",
    "[a](data:text/html,<script>alert(1)</script>)",
    "[a](vbscript:msgbox(1))",
    "[a](//evil.example/x)",
    "[a][r]\n\n[r]: javascript:alert(1)",
    "[a][r]\n\n[r]:\n  javascript:alert(1)",
    "[a][r]\n\n- [r]: javascript:alert(1)",
    "[a][r]\n\n> [r]: javascript:alert(1)",
    "[a][r]\n\n!!! note\n    [r]: javascript:alert(1)",
    "[a]\n\n1. [a]: javascript:alert(1)",
    "![a](http://evil.example/x.png)",
    "![a][r]\n\n[r]: http://evil.example/x.png",
    "*[OTAN]: piège\n\nl'OTAN",
    "x[^1]\n\n[^1]: note",
    "x {: onclick=alert(1) }\n{: onclick=alert(1) }",
    "<img src=x onerror=alert(1)>",
    "<!-- commentaire",
    "`<script>` et <b>x</b>",
)

# Tags Python-Markdown produces from Markdown syntax with this project's extensions.
MARKDOWN_TAGS = {
    "p", "em", "strong", "a", "code", "pre", "span", "div", "ul", "ol", "li", "blockquote",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "br", "table", "thead", "tbody", "tr", "th",
    "td", "mark", "details", "summary",
}
SAFE_HREF = re.compile(r"(?:https?://[^\s/]|#|(?!//)[\w./~%+-]*(?:#[\w-]*)?$)", re.IGNORECASE)


def visible(text: str) -> str:
    """What a reader sees of plain ``text``: the one transformation we accept."""
    dropped = "".join(c for c in text if c not in INVISIBLES)
    return re.sub(r"[^\S\u00a0\u202f\u2007]+", " ", dropped)


# -- parsing HTML ----------------------------------------------------------------------------


@dataclass
class Element:
    """A start tag, its attributes, the classes of its ancestors and its text content."""

    tag: str
    attrs: dict[str, str]
    within: frozenset[str] = frozenset()
    text: str = ""


@dataclass
class Page:
    """Every element of an HTML document, in document order, with its text content."""

    elements: list[Element] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    text: str = ""

    def find(self, tag: str, **attrs: str) -> list[Element]:
        """Elements with this tag whose attributes contain ``attrs`` (``class_`` for class)."""
        wanted = {k.rstrip("_"): v for k, v in attrs.items()}
        return [e for e in self.elements
                if e.tag == tag and all(v in e.attrs.get(k, "").split() for k, v in wanted.items())]


_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}


class _Parser(HTMLParser):
    """Builds a :class:`Page`; text inside an element skips ``skip``-matching children."""

    def __init__(self, skip: Any) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.open: list[tuple[Element, bool]] = []  # (element, its text is skipped)
        self.skip = skip

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        within = frozenset(c for e, _ in self.open for c in e.attrs.get("class", "").split())
        element = Element(tag, {k: v or "" for k, v in attrs}, within)
        self.page.elements.append(element)
        if tag not in _VOID:
            self.open.append((element, bool(self.skip(element))))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            element, _ = self.open.pop()
            if element.tag == tag:
                break

    def handle_data(self, data: str) -> None:
        self.page.text += data
        blocked = False  # innermost first: a skipped element hides its text from ancestors
        for element, skip in reversed(self.open):
            if not blocked:
                element.text += data
            blocked = blocked or skip

    def handle_comment(self, data: str) -> None:
        self.page.comments.append(data)


def parse(document: str, skip: Any = lambda element: False) -> Page:
    """Parse HTML; text inside elements for which ``skip(element)`` is true is left out of
    their ancestors' text (but kept in their own)."""
    parser = _Parser(skip)
    parser.feed(document)
    parser.close()
    return parser.page


# -- A: unit tests through the project's own Markdown configuration ---------------------------


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml even when it uses ``!!python/name:`` (resolved, as MkDocs does: e.g.
    a superfences format function) or other tags such as ``!ENV`` (read as null)."""


def _python_name(loader: yaml.Loader, suffix: str, node: yaml.Node) -> Any:
    module, _, name = suffix.rpartition(".")
    return getattr(importlib.import_module(module), name)


_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", _python_name)
_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def mkdocs_markdown() -> markdown.Markdown:
    """Python-Markdown configured like the real build: mkdocs.yml's ``markdown_extensions``
    and their settings, after the extensions MkDocs always adds (toc, tables, fenced_code)."""
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_TolerantLoader)
    names, settings = ["toc", "tables", "fenced_code"], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        if name not in names:
            names.append(name)
        if options:
            settings[name] = options
    return markdown.Markdown(extensions=names, extension_configs=settings)


@pytest.fixture(scope="module")
def md() -> markdown.Markdown:
    """One configured Markdown instance (reset before each use)."""
    return mkdocs_markdown()


def to_html(md: markdown.Markdown, source: str) -> str:
    """Render ``source`` with a freshly reset ``md``."""
    md.reset()
    return str(md.convert(source))


def test_the_real_extensions_are_loaded(md: markdown.Markdown) -> None:
    """Guard: the unit tests below really run the project's extensions."""
    # Each of these renders as markup only if its extension is active.
    assert "<mark>" in to_html(md, "==x==")
    assert 'class="admonition note"' in to_html(md, "!!! note\n\n    x")
    assert "<details" in to_html(md, "??? note\n\n    x")
    assert 'class="footnote' in to_html(md, "x[^1]\n\n[^1]: y")
    assert "<abbr" in to_html(md, "HTML\n\n*[HTML]: y")
    assert 'onclick="y"' in to_html(md, "x\n{: onclick=y }")
    assert "<table>" in to_html(md, "| a |\n|---|\n| b |")
    assert "Lien vers cette section" in to_html(md, "# t")


def test_corpus_is_big_and_unique() -> None:
    strings = CORPUS + MULTILINE
    assert len(strings) >= 40
    assert len(set(strings)) == len(strings)
    assert all("\n" not in s and s.strip() for s in CORPUS)


@pytest.mark.parametrize("text", CORPUS + MULTILINE)
def test_literal_renders_exactly_the_text(md: markdown.Markdown, text: str) -> None:
    page = parse(to_html(md, literal(text)))
    assert [(e.tag, e.attrs) for e in page.elements] == [("p", {})]
    assert page.comments == []
    assert page.elements[0].text == visible(text)


@pytest.mark.parametrize("text", CORPUS + MULTILINE)
def test_literal_stays_text_in_every_template_context(md: markdown.Markdown, text: str) -> None:
    """Headings, links, bold, table cells and admonitions (as render.py builds them)."""
    shown = visible(text)
    title = literal(text)
    heading = parse(to_html(md, f"# {title}\n"))
    assert [e.tag for e in heading.elements] == ["h1", "a"]  # the "¶" permalink
    assert heading.elements[0].text == shown + "¶"
    linked = parse(to_html(md, f"x [{title}](page.md) **{title}**"))
    assert [(e.tag, e.attrs) for e in linked.elements] == [
        ("p", {}), ("a", {"href": "page.md"}), ("strong", {})]
    assert [e.text for e in linked.elements[1:]] == [shown, shown]
    box = parse(to_html(md, infobox(text, [(text, text)])))
    cells = [e.text for e in box.elements if e.tag in ("th", "td")]
    assert cells == [shown, "", shown, shown.strip()]  # values are stripped, titles not
    note = parse(to_html(md, admonition("info", text, text)))
    assert [(e.tag, e.attrs.get("class")) for e in note.elements] == [
        ("div", "admonition info"), ("p", "admonition-title"), ("p", None)]
    assert [e.text for e in note.elements[1:]] == [shown.strip(), shown.strip()]


def test_literal_keeps_the_source_readable() -> None:
    assert literal("S-400, l'OTAN, 1,5 milliard") == "S-400, l'OTAN, 1,5 milliard"
    assert literal("S-400\u00a0: «\u202fx\u202f»") == "S-400\u00a0&#58; «\u202fx\u202f»"
    assert literal("- x") == "&#45; x"  # a list item otherwise (in an admonition, a table…)


def _check_markdown_html(document: str) -> Page:
    page = parse(document)
    for element in page.elements:
        assert element.tag in MARKDOWN_TAGS, f"unexpected <{element.tag}> in {document!r}"
        assert not any(k.startswith("on") for k in element.attrs), document
        assert set(element.attrs) <= {"href", "id", "class", "title", "style", "open"}, document
        href = element.attrs.get("href")
        assert href is None or SAFE_HREF.match(href), f"unsafe href {href!r}"
        assert re.fullmatch(r"(text-align: (left|right|center);)?",
                            element.attrs.get("style", "")), document
    assert page.comments == []
    return page


@pytest.mark.parametrize("text", CORPUS + MULTILINE + MARKDOWN_ATTACKS)
def test_markdown_field_allows_markdown_but_no_html_or_unsafe_link(
    md: markdown.Markdown, text: str,
) -> None:
    page = _check_markdown_html(to_html(md, markdown_field(text)))
    assert not page.find("abbr") and not page.find("img")
    assert not page.find("sup") and not page.find("div", class_="footnote")
    if "`" not in text and "\n    " not in text and "\n      " not in text:
        # Outside code, every "<" typed is shown as "<" (inside code it shows as "&lt;").
        assert page.text.count("<") == text.count("<")


@pytest.mark.parametrize("text", CORPUS + MARKDOWN_ATTACKS)
def test_one_line_markdown_stays_in_its_table_cell(md: markdown.Markdown, text: str) -> None:
    table = f"| a | b |\n|---|---|\n| {one_line_markdown(text)} | z |"
    page = _check_markdown_html(to_html(md, table))
    assert [e.text for e in page.find("td")][-1] == "z"


@pytest.mark.parametrize("text", [t for t in MARKDOWN_ATTACKS
                                  if re.search(r"script:|data:|\(//", t)])
def test_unsafe_link_targets_finds_every_script_link(text: str) -> None:
    """What validation can use to reject such links with a message (see validate.py)."""
    assert unsafe_link_targets(text)


def test_unsafe_link_targets_accepts_http_and_relative_links() -> None:
    assert unsafe_link_targets(
        "[a](https://example.org/x?a=1) [b](#p-3) [c](../acteurs/x.md)\n\n[r]: http://x.org"
    ) == []
    assert unsafe_link_targets("[a](javascript:x) [b](http://ok.org) [c](data:x)") == [
        "javascript:x", "data:x"]


def test_markdown_field_keeps_ordinary_markdown(md: markdown.Markdown) -> None:
    source = ("Le **S-400** est *russe*, voir [le site](https://example.org/a?b=1&c=2) "
              "et [le paragraphe](#p-3).\n\n- un\n- deux")
    page = parse(to_html(md, markdown_field(source)))
    assert [e.tag for e in page.elements] == ["p", "strong", "em", "a", "a", "ul", "li", "li"]
    assert [e.attrs["href"] for e in page.find("a")] == ["https://example.org/a?b=1&c=2", "#p-3"]
    assert page.elements[0].text == "Le S-400 est russe, voir le site et le paragraphe."


# -- B: the pipeline, from hostile YAML and article text to HTML pages ------------------------

HOME = "# Accueil\n\nDossier de test : des textes hostiles.\n"
SITE_NAME = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"),
                      Loader=_TolerantLoader)["site_name"]
ARTICLE_PAGE = "articles/texte-hostile/index.html"
RECORD_PAGES = {  # page -> the plain-text title it shows
    ARTICLE_PAGE: "Titre <b>hostile</b> & {{ 7*7 }} <script>window.__pwned=1</script>",
    "acteurs/etat-hostile/index.html": "Turquie <script>window.__pwned=1</script>",
    "acteurs/personne-hostile/index.html": "Jean *Dupont* <svg onload=window.__pwned=1>",
    "acteurs/organisation-hostile/index.html":
        "OTAN \"onmouseover=window.__pwned=1 '><img src=x onerror=window.__pwned=1>",
    "systemes-d-armes/arme-hostile/index.html": "S-400 <iframe src=javascript:window.__pwned=1>",
    "evenements/evenement-hostile/index.html":
        "{{ 7*7 }} <script>window.__pwned=1</script> | colonne | {: onclick=alert(1) }",
}
# What generated content may contain (Markdown output, footnotes, permalinks, highlighting).
CONTENT_TAGS = MARKDOWN_TAGS | {"sup"}
# data-*, aria-label, role and rel attributes set by the generator (hover previews, search,
# paragraph numbers, the event pagers and the quotes' copy-link controls, « Citer cette
# page »), and the search index's marks that overrides/main.html adds (Pagefind: body,
# weight, filter, infobox).
CONTENT_ATTRS = {"href", "id", "class", "title", "style", "open", "data-preview", "aria-label",
                 "data-search-exclude", "role", "rel", "data-copy-link", "data-copy-done",
                 "data-copy-manual", "data-cite-url", "data-cite-consulted",
                 "data-pagefind-body", "data-pagefind-weight", "data-pagefind-ignore",
                 "data-pagefind-filter", "data-dossier-infobox"}
# The pictures build_tools/svg.py draws (raw HTML: a figure holding an inline SVG drawing and
# HTML links laid over it). No element that loads or runs anything (script, image, use,
# foreignObject, iframe…).
FIGURE_CLASS = "dossier-figure"
FIGURE_TAGS = {"figure", "figcaption", "div", "span", "p", "a", "svg", "style", "g", "line",
               "circle", "ellipse", "rect", "polygon", "polyline", "path", "text", "tspan",
               "title", "desc"}


def hostile_project(tmp_path: Path) -> Path:
    """A tmp project holding the hostile fixture dossier."""
    return make_project(tmp_path, HOSTILE_DATA, home=HOME)


def build_site(root: Path) -> Path:
    """Generate (strict: warnings fail too) and build; return the site folder."""
    run_cli(root, "build", "--strict").check()
    run_mkdocs(root).check()
    run_pagefind(root).check()
    return root / "site"


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hostile fixture dossier, generated and built once for this module (read-only)."""
    return build_site(hostile_project(tmp_path_factory.mktemp("hostile")))


def read(site: Path, page: str) -> str:
    """One built page."""
    return (site / page).read_text(encoding="utf-8")


def escape_title(document: str) -> str:
    """``document`` with <title>'s text escaped: browsers read it as text up to the first
    "</title" (RCDATA), but html.parser would see tags in it."""
    return re.sub(r"(<title>)(.*?)(</title)",
                  lambda m: m[1] + html.escape(html.unescape(m[2]), quote=False) + m[3],
                  document, count=1, flags=re.S | re.I)


def content_of(document: str) -> str:
    """The page's content area: everything the generator produced, none of the theme."""
    match = re.search(r'<article class="md-content__inner md-typeset">(.*?)</article>',
                      document, re.S)
    assert match, "no content area"
    return match.group(1)


def test_fixture_article_is_the_corpus() -> None:
    expected = "\n".join(CORPUS) + "\n"
    assert ARTICLE_TEXT.read_text(encoding="utf-8") == expected, (
        "regenerate the fixture: .venv/bin/python -m tests.test_hostile")


def test_article_paragraphs_show_exactly_the_source_lines(hostile_site: Path) -> None:
    # The paragraph number and the footnote markers are added by us, not the article.
    page = parse(content_of(read(hostile_site, ARTICLE_PAGE)),
                 skip=lambda e: "dossier-paranum" in e.attrs.get("class", "") or e.tag == "sup")
    paragraphs = page.find("p", class_="dossier-para")
    assert [p.attrs["id"] for p in paragraphs] == [f"p-{n}" for n in range(1, len(CORPUS) + 1)]
    for line, paragraph in zip(CORPUS, paragraphs, strict=True):
        # One space separates our paragraph number from the text (it keeps the number and
        # the first word apart in the search index).
        assert paragraph.text.removeprefix(" ") == visible(line), paragraph.attrs["id"]
    # Names found in the hostile text are still linked (mention finding saw through it).
    hrefs = {e.attrs["href"] for e in page.find("a")}
    assert {"../../acteurs/personne-hostile/", "../../systemes-d-armes/arme-hostile/",
            "../../acteurs/organisation-hostile/"} <= hrefs
    assert len(page.find("mark")) == 2  # the two annotated passages


def _script_signature(document: str, depth: int) -> list[str]:
    """The page's <script> elements, with the page's relative path to the root neutralised."""
    root = "/".join([".."] * depth)
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", document, re.S | re.I)
    return [(attrs + body).replace(f'"{root}"', '"ROOT"').replace(f"{root}/", "ROOT/")
            for attrs, body in scripts]


def generated_pages(site: Path) -> list[str]:
    """The built pages of the generated sections (records, indexes, chronology)."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    generated = [p for p in pages if p.split("/")[0] in
                 ("acteurs", "articles", "chronologie", "evenements", "systemes-d-armes")]
    assert set(RECORD_PAGES) <= set(generated)
    return generated


def test_pages_have_only_the_themes_scripts(hostile_site: Path) -> None:
    baseline = _script_signature(read(hostile_site, "a-propos/index.html"), 1)
    assert any("assets/javascripts/bundle." in s for s in baseline)  # the baseline is real
    for page in generated_pages(hostile_site):
        depth = page.count("/")
        assert _script_signature(escape_title(read(hostile_site, page)), depth) == baseline, page


def test_no_event_handler_or_script_url_on_any_page(hostile_site: Path) -> None:
    for path in sorted(hostile_site.rglob("*.html")):
        for element in parse(escape_title(path.read_text(encoding="utf-8"))).elements:
            assert not [k for k in element.attrs if k.startswith("on")], (path, element)
            for name in ("href", "src", "action", "formaction", "data", "content"):
                value = re.sub(r"[\s\x00-\x1f]", "", element.attrs.get(name, "")).lower()
                assert not value.startswith(("javascript:", "vbscript:", "data:text")), (
                    path, element)


def test_generated_content_holds_only_markdown_markup(hostile_site: Path) -> None:
    for page in generated_pages(hostile_site):
        content = parse(content_of(read(hostile_site, page)))
        for element in content.elements:
            figure = FIGURE_CLASS in element.within | set(element.attrs.get("class", "").split())
            if figure:
                assert element.tag in FIGURE_TAGS, (page, element)
                assert not [k for k in element.attrs if k.startswith("on") or ("href" in k
                            and k != "href")], (page, element)
            else:
                assert element.tag in CONTENT_TAGS, (page, element)
                assert set(element.attrs) <= CONTENT_ATTRS, (page, element)
            href = element.attrs.get("href")
            assert href is None or SAFE_HREF.match(href), (page, element)
        assert content.comments == [], page


def test_pictures_label_their_links_with_the_names_as_typed(hostile_site: Path) -> None:
    names = [title for page, title in RECORD_PAGES.items() if page != ARTICLE_PAGE]
    content = parse(content_of(read(hostile_site, "acteurs/etat-hostile/index.html")))
    links = [e for e in content.find("a") if FIGURE_CLASS in e.within]
    assert links, "no picture on the page"
    for link in links:
        label = link.attrs["aria-label"]
        assert any(label.startswith(f"{name}\u202f: ") for name in names), link
        if "dsvg-cut" in link.attrs["class"].split():  # the full name, shown on hover/focus
            assert link.text == label, link


def _record(relative: str) -> dict[str, Any]:
    record: dict[str, Any] = yaml.safe_load((HOSTILE_DATA / relative).read_text(encoding="utf-8"))
    return record


def plain_text_fields() -> dict[str, list[str]]:
    """Plain-text YAML values of the fixture, by the page that shows each in its own cell,
    paragraph or quote."""
    article = _record("articles/texte-hostile.yaml")
    state, person = _record("actors/etat-hostile.yaml"), _record("actors/personne-hostile.yaml")
    event = _record("events/evenement-hostile.yaml")
    # Fields editors write get French spacing (french_spacing, itself tested on its own);
    # sources' words (outlet, author, names, quotes…) show exactly as typed.
    editorial = french_spacing
    return {
        ARTICLE_PAGE: [article[k] for k in ("outlet", "author", "url", "archive_url")]
        + [editorial(article["published_basis"])],
        "acteurs/etat-hostile/index.html": [editorial(state["role"]),
                                            ", ".join(state["aliases"])],
        "acteurs/personne-hostile/index.html": [editorial(person["role"]),
                                                ", ".join(person["aliases"])],
        "acteurs/organisation-hostile/index.html": [
            editorial(_record("actors/organisation-hostile.yaml")["role"])],
        "systemes-d-armes/arme-hostile/index.html": [
            editorial(_record("weapons/arme-hostile.yaml")["category"])],
        "evenements/evenement-hostile/index.html": [
            editorial(event["date_basis"]), ", ".join(event["places"]),
            *(f"«\u202f{source['quote']}\u202f»" for source in event["sources"])],
    }


def test_plain_text_fields_show_as_typed(hostile_site: Path) -> None:
    for page, values in plain_text_fields().items():
        shown = {e.text for e in parse(content_of(read(hostile_site, page))).elements}
        for value in values:
            assert visible(value).strip() in shown, (page, value)


def test_quote_attribution_shows_outlet_and_title_as_typed(hostile_site: Path) -> None:
    """A quote's short attribution shows the article's title and outlet exactly as typed,
    never markup: in full at the first quote, then the outlet linked, the title as link
    title."""
    article = _record("articles/texte-hostile.yaml")
    title, outlet = visible(article["title"]).strip(), visible(article["outlet"]).strip()
    content = parse(content_of(read(hostile_site, "evenements/evenement-hostile/index.html")))
    links = [e for e in content.elements if e.tag == "a" and "dossier-cite" in e.within
             and e.attrs["href"] == "../../articles/texte-hostile/"]
    assert [e.text for e in links] == [title, outlet]
    assert links[1].attrs["title"] == title
    shown = [e.text for e in content.elements if e.tag == "em" and "dossier-cite" in e.within]
    assert shown[0] == outlet


def title_text(document: str) -> str:
    """What a browser shows as the title: <title> is raw text up to the first "</title"."""
    match = re.search(r"<title>(.*?)</title", document, re.S | re.I)
    assert match
    return html.unescape(match.group(1)).strip()


def test_titles_show_the_names_as_typed(hostile_site: Path) -> None:
    for page, title in RECORD_PAGES.items():
        document = read(hostile_site, page)
        assert title_text(document) == f"{title} - {SITE_NAME}", page
        h1 = parse(content_of(document)).find("h1")
        assert [e.text for e in h1] == [title + "¶"], page


def _edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / "data" / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_title_cannot_close_the_title_element(tmp_path: Path) -> None:
    root = hostile_project(tmp_path)
    breakout = "</title><script>window.__pwned=1</script>"
    _edit(root, "actors/etat-hostile.yaml", 'name: "Turquie ', f'name: "Turquie {breakout}')
    document = read(build_site(root), "acteurs/etat-hostile/index.html")
    shown = f"Turquie {breakout}<script>window.__pwned=1</script> - {SITE_NAME}"
    assert title_text(document) == shown


# A string that would end an attribute, the <title> element or the front matter, or be read
# as YAML, if any of them were built by concatenation (issue 11: meta tags).
META_BREAKOUT = ("</title><script>window.__pwned=1</script> \"><b>x</b> --- {c} [d] #e "
                 "'f' &amp; !!python/object --- ...")


def head_meta(document: str) -> dict[str, list[str]]:
    """The ``content`` of every <meta> of a page, by its name or property."""
    found: dict[str, list[str]] = {}
    for meta in parse(escape_title(document)).find("meta"):
        key = meta.attrs.get("name") or meta.attrs.get("property")
        if key and "content" in meta.attrs:
            found.setdefault(key, []).append(meta.attrs["content"])
    return found


def _rewrite_record(root: Path, relative: str, **fields: str) -> None:
    path = root / "data" / relative
    record = yaml.safe_load(path.read_text(encoding="utf-8"))
    record.update(fields)
    path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")


def test_meta_tags_hold_titles_and_descriptions_as_text(tmp_path: Path) -> None:
    root = hostile_project(tmp_path)
    _rewrite_record(root, "actors/etat-hostile.yaml", name=f"Turquie {META_BREAKOUT}",
                    description=META_BREAKOUT)
    _rewrite_record(root, "events/evenement-hostile.yaml", title=META_BREAKOUT,
                    summary=f"Résumé {META_BREAKOUT}")
    site = build_site(root)
    for page, title, description in (
        ("acteurs/etat-hostile/index.html", f"Turquie {META_BREAKOUT}", META_BREAKOUT),
        ("evenements/evenement-hostile/index.html", META_BREAKOUT, f"Résumé {META_BREAKOUT}"),
    ):
        document = read(site, page)
        meta = head_meta(document)
        assert meta["description"] == [description], page
        assert meta["og:description"] == [description], page
        assert meta["og:title"] == [title], page
        assert meta["og:type"] == ["article"] and meta["og:locale"] == ["fr_FR"], page
        assert title_text(document) == f"{title} - {SITE_NAME}", page
        head = document.split("</head>", 1)[0]
        assert "<b>" not in head and "<script>window" not in head, page


@pytest.mark.parametrize(("field", "markdown_text"), [
    ("description", "Voir [ici](javascript:window.__pwned=1)."),
    ("description", "Voir [ici](JavaScript:alert(1))."),
    ("description", "Voir [ici][r].\n\n  [r]: javascript:alert(1)"),
    ("description", "Une image : ![x](http://evil.example/x.png)"),
    ("description", "Voir [ici][r].\n\n- [r]: javascript:alert(1)"),
    ("description", "Voir [ici][r].\n\n> [r]: javascript:alert(1)"),
    ("description", "Voir [ici][r].\n\n!!! note\n    [r]: javascript:alert(1)"),
    ("description", "Voir [ici][r].\n\n[r]:\n  javascript:alert(1)"),
])
def test_markdown_fields_with_script_links_or_images_fail_validation(
    tmp_path: Path, field: str, markdown_text: str,
) -> None:
    root = hostile_project(tmp_path)
    path = root / "data" / "actors" / "organisation-hostile.yaml"
    kept = path.read_text(encoding="utf-8").split("description:")[0]
    indented = "\n".join("  " + line if line else "" for line in markdown_text.split("\n"))
    path.write_text(f"{kept}{field}: |-\n{indented}\n", encoding="utf-8")
    result = run_cli(root, "check")
    assert result.code == 1
    problems = [line for line in result.stderr.splitlines() if "error:" in line]
    assert problems and all(line.startswith("data/actors/organisation-hostile.yaml:")
                            and line.endswith("[bad-link]") for line in problems), result.stderr


# -- C: in Chromium, nothing runs ---------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
SEARCH = "search: colonne"  # key of the search visit in the results


@pytest.fixture(scope="module")
def served(hostile_site: Path) -> Iterator[str]:
    """The hostile site on a local HTTP server (random port); yields its base URL."""
    yield from serve_site(hostile_site)


@dataclass
class Visit:
    """What happened while a page was open, and what its DOM looked like at the end."""

    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    dom: dict[str, Any] = field(default_factory=dict)


# Evaluated in the page: whether injected code ran, every attribute whose name starts with
# "on", every element a hostile string would have created, the scripts and the title.
_DOM_REPORT = """() => ({
  pwned: typeof window.__pwned,
  handlers: [...document.querySelectorAll("*")].flatMap(
    e => [...e.attributes].filter(a => a.name.startsWith("on")).map(a => e.tagName + " " + a.name)),
  foreign: [...document.querySelectorAll(
    ":is(iframe, img, image, use, foreignObject, script, object, embed, link, meta, base)")]
    .filter(e => e.closest(".md-content")).length +
    [...document.querySelectorAll(".md-content :is(svg, style)")]
    .filter(e => !e.closest(".dossier-figure")).length,
  scripts: [...document.scripts].map(s => s.src ? new URL(s.src).pathname : s.type),
  title: document.title,
})"""


def _open(browser: Any, base: str, page_path: str, visit: Visit, query: str = "") -> Any:
    """Open ``page_path``, recording dialogs, errors and any request that leaves the site."""
    context = browser.new_context()

    def route(route: Any) -> None:
        if route.request.url.startswith(base):
            route.continue_()
        else:
            visit.foreign_requests.append(route.request.url)
            route.abort()

    def on_dialog(dialog: Any) -> None:
        visit.dialogs.append(dialog.message)
        dialog.dismiss()

    context.route("**/*", route)
    page = context.new_page()
    page.on("dialog", on_dialog)
    page.on("console", lambda m: visit.errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: visit.errors.append(str(error)))
    page.goto(base + page_path.removesuffix("index.html") + query, wait_until="load")
    return page


def _visit_record_page(browser: Any, base: str, page_path: str) -> Visit:
    visit = Visit()
    # "?h=…" makes the search script highlight the word in the page text (Pagefind's).
    page = _open(browser, base, page_path, visit, query="?h=script")
    try:
        # Waiting for it also means the theme's JavaScript has run.
        page.locator(".md-content mark.pagefind-highlight").first.wait_for()
        # Footnote tooltips and link previews copy page content: exercise them too.
        for selector in ("a.footnote-ref", ".md-content a[href^='../']"):
            if page.locator(selector).count():
                page.locator(selector).first.hover()
                page.wait_for_timeout(200)
        visit.dom = page.evaluate(_DOM_REPORT)
    finally:
        page.context.close()
    return visit


def _visit_search(browser: Any, base: str) -> Visit:
    visit = Visit()
    page = _open(browser, base, "a-propos/index.html", visit)
    try:
        query = page.locator("input.md-search__input")
        query.click()
        query.press_sequentially("colonne")  # the theme searches on key events
        results = page.locator(".md-search-result__item")
        results.first.wait_for(state="visible")
        visit.dom = page.evaluate(_DOM_REPORT)
        visit.dom["results"] = results.count()
    finally:
        page.context.close()
    return visit


def visit_in_chromium(base: str) -> dict[str, Visit]:
    """Open the clean About page, every record page and a search, in one headless Chromium.

    Runs in its own thread: Playwright's sync API allows one instance per thread, and other
    test modules keep theirs running for the whole session.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        try:
            visits = {page: _visit_record_page(browser, base, page) for page in RECORD_PAGES}
            about = Visit()
            page = _open(browser, base, "a-propos/index.html", about)
            about.dom = page.evaluate(_DOM_REPORT)
            page.context.close()
            visits["a-propos/index.html"] = about
            visits[SEARCH] = _visit_search(browser, base)
        finally:
            browser.close()
    return visits


@pytest.fixture(scope="module")
def chromium_visits(served: str) -> dict[str, Visit]:
    """What happened on each visited page (see :func:`visit_in_chromium`)."""
    assert CHROMIUM.exists(), "Chromium is missing: run scripts/install-chromium"
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(visit_in_chromium, served).result(timeout=300)


@pytest.mark.parametrize("page_path", list(RECORD_PAGES))
def test_hostile_pages_run_nothing_in_chromium(chromium_visits: dict[str, Visit],
                                               page_path: str) -> None:
    visit = chromium_visits[page_path]
    baseline = chromium_visits["a-propos/index.html"].dom["scripts"]
    assert any("/assets/javascripts/bundle." in s for s in baseline)  # the baseline is real
    assert visit.dom["pwned"] == "undefined"
    assert visit.dom["handlers"] == []
    assert visit.dom["foreign"] == 0
    assert visit.dom["scripts"] == baseline
    assert visit.dom["title"] == f"{RECORD_PAGES[page_path]} - {SITE_NAME}"
    assert (visit.dialogs, visit.errors, visit.foreign_requests) == ([], [], [])


def test_search_results_for_hostile_text_run_nothing(chromium_visits: dict[str, Visit]) -> None:
    visit = chromium_visits[SEARCH]
    assert visit.dom["results"] >= 2  # the event, the article and the state say "colonne"
    assert visit.dom["pwned"] == "undefined"
    assert visit.dom["handlers"] == []
    assert (visit.dialogs, visit.errors, visit.foreign_requests) == ([], [], [])


def write_fixture_text() -> None:
    """Rewrite the fixture article from :data:`CORPUS` (after changing the corpus)."""
    ARTICLE_TEXT.write_text("\n".join(CORPUS) + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_fixture_text()
