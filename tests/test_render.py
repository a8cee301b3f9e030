"""render: the pure Markdown pages of the dossier (links, marks, notices, backlinks).

The content-specific tests render the frozen copy of the dossier (tests/fixtures/s400), so
that editors' changes to data/ never break them; only reading-order independence also
runs on the real data/.
"""

from __future__ import annotations

import html
import posixpath
import random
import re
import shutil
from dataclasses import replace
from functools import cache
from pathlib import Path

import jinja2
import pytest
import yaml

from benchmarks.synthetic import generate
from build_tools import views
from build_tools.build import load_dossier
from build_tools.editor_guide import editor_guide
from build_tools.labels import load_labels
from build_tools.mdtext import Md
from build_tools.model import Actor, Kind, Weapon
from build_tools.paths import PagePath, link, mentions_path, page_path
from build_tools.problems import Problems
from build_tools.readers import read_data
from build_tools.render import front_matter, macro, make_environment
from build_tools.resolve import Dossier, resolve
from build_tools.site import render_site
from build_tools.svg import co_participants
from build_tools.text import find_quote
from build_tools.validate import validate
from tests.conftest import GENERATED_SECTIONS, MINI_DATA, REPO, S400

FR = load_labels("fr")
ROSTEC = "rostec-contrat-s400-2017"
KREMLIN = "poutine-erdogan-kremlin-2019"
_PARAGRAPH = re.compile(
    r'^\[(\d+)\]\(#p-\1\)\{ \.dossier-paranum aria-label="Paragraphe \1" \} (.*)$', re.M)
# A link target, and the link title some links have (escaped text: no quote or parenthesis).
_LINK = re.compile(r'\]\(([^)\s]+)(?: "[^"]*")?\)')


@cache
def real() -> tuple[Dossier, dict[PagePath, str]]:
    """The frozen copy of the dossier and its pages, rendered in memory (nothing is written)."""
    problems = Problems()
    dossier = load_dossier(S400, problems)
    assert dossier is not None, [str(p) for p in problems.errors]
    return dossier, render_site(dossier, FR)


def paragraphs(page: str) -> dict[int, str]:
    """Paragraph number -> the Markdown of that paragraph on an article page."""
    return {int(m.group(1)): m.group(2) for m in _PARAGRAPH.finditer(page)}


def links_in(markdown: str) -> list[str]:
    return _LINK.findall(markdown)


# -- article pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("article", [ROSTEC, KREMLIN])
def test_each_entity_is_linked_once_per_paragraph(article: str) -> None:
    dossier, pages = real()
    shown = dict(dossier.paragraphs[article].shown())
    body = paragraphs(pages[page_path(Kind.ARTICLE, article)])
    assert sorted(body) == sorted(shown)
    for number, markdown in body.items():
        targets = [t for t in links_in(markdown) if not t.startswith("#")]
        assert len(targets) == len(set(targets)), (number, targets)
        mentioned = {m.entity for m in dossier.mentions[article][number]}
        linked = {Path(t).stem for t in targets}
        assert linked <= mentioned, number


def test_second_mention_in_a_paragraph_stays_text() -> None:
    _, pages = real()
    p1 = paragraphs(pages[page_path(Kind.ARTICLE, ROSTEC)])[1]
    assert p1.count("](../acteurs/rostec.md)") == 1
    assert "le PDG de Rostec" in html.unescape(p1)
    # ...but the next paragraph links an entity again.
    p2 = paragraphs(pages[page_path(Kind.ARTICLE, ROSTEC)])[2]
    assert "[Ankara](../acteurs/turquie.md)" in p2


@pytest.mark.parametrize("article", [ROSTEC, KREMLIN])
def test_annotations_are_marked_and_footnoted(article: str) -> None:
    dossier, pages = real()
    page = pages[page_path(Kind.ARTICLE, article)]
    body = paragraphs(page)
    annotations = dossier.articles[article].annotations
    assert annotations
    keys = _footnote_keys(dossier, article)
    for index, annotation in enumerate(annotations):
        key = keys[index]
        holders = [n for n, md in body.items() if f"==[^{key}]" in md]
        assert len(holders) == 1, (key, holders)
        marked = re.search(r"==((?:(?!==).)*)==\[\^" + key + r"\]", body[holders[0]])
        assert marked, key
        # The marked words are the source's own words, as found by the quote matcher.
        shown = html.unescape(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", marked.group(1)))
        match = find_quote(dossier.paragraphs[article], annotation.quote)
        assert match is not None and match.paragraph == holders[0], key
        source = dossier.paragraphs[article].texts[match.paragraph - 1]
        assert " ".join(shown.split()) == " ".join(source[match.start:match.end].split()), key
        definitions = re.findall(rf"^\[\^{key}\]: (.*)$", page, re.M)
        assert len(definitions) == 1, key
        assert f"(#p-{holders[0]})" in definitions[0]


def _footnote_keys(dossier: Dossier, article: str) -> dict[int, str]:
    """Annotation index -> its footnote key: numbered in text order (paragraph, offset)."""
    spots = sorted(range(len(dossier.articles[article].annotations)), key=lambda i: (
        dossier.annotation_quotes[(article, i)].paragraph,
        dossier.annotation_quotes[(article, i)].start, i))
    return {index: f"n{number}" for number, index in enumerate(spots, 1)}


_THREE_NOTES = """annotations:
  - quote: "Le président turc"
    kind: note
    note: Troisième dans le texte.
  - quote: "Erdogan a reçu"
    kind: note
    note: Premier dans le texte.
  - quote: "Les S400 arrivent"
    kind: context
    rests_on: articles
    note: Deuxième dans le texte.
"""


def test_footnotes_are_numbered_in_text_order(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(MINI_DATA, data)
    record = data / "articles" / "article-un.yaml"
    head = record.read_text(encoding="utf-8").split("annotations:")[0]
    record.write_text(head + _THREE_NOTES, encoding="utf-8")
    problems = Problems()
    dossier = resolve(validate(read_data(tmp_path, problems), problems))
    assert not problems.errors, [str(p) for p in problems.errors]
    page = render_site(dossier, FR)[page_path(Kind.ARTICLE, "article-un")]
    # Markers in the text read n1, n2, n3 from top to bottom…
    assert re.findall(r"==\[\^(n\d)\]", page) == ["n1", "n2", "n3"]
    # …and the definitions (which Python-Markdown numbers in their order) follow suit.
    definitions = re.findall(r"^\[\^(n\d)\]: .* — (.*)$", page, re.M)
    assert [(k, html.unescape(n)) for k, n in definitions] == [
        ("n1", "Premier dans le texte."), ("n2", "Deuxième dans le texte."),
        ("n3", "Troisième dans le texte.")]


def test_repeat_notice_for_the_rostec_article() -> None:
    _, pages = real()
    page = pages[page_path(Kind.ARTICLE, ROSTEC)]
    # French typography: a narrow no-break space stands before the colon.
    text = html.unescape(page).replace("\u202f", " ")
    assert "Paragraphes 7 à 11 : répétition des paragraphes 2 à 6 dans la source" in text
    assert sorted(paragraphs(page)) == [1, 2, 3, 4, 5, 6]
    assert "#p-7" not in page and "#p-11" not in page
    # The notice sits right after paragraph 6.
    assert text.index("{: #p-6 .dossier-para }") < text.index("Paragraphes 7 à 11")


def test_no_repeat_notice_for_the_kremlin_article() -> None:
    _, pages = real()
    page = pages[page_path(Kind.ARTICLE, KREMLIN)]
    assert "répétition" not in html.unescape(page).lower()
    assert sorted(paragraphs(page)) == list(range(1, 11))


def test_every_paragraph_keeps_its_anchor() -> None:
    _, pages = real()
    for article in (ROSTEC, KREMLIN):
        page = pages[page_path(Kind.ARTICLE, article)]
        for number in paragraphs(page):
            assert f"{{: #p-{number} .dossier-para }}" in page


# -- links both ways -------------------------------------------------------------------------


def entity_kind(dossier: Dossier, entity_id: str) -> Kind:
    return Kind.ACTOR if entity_id in dossier.actors else Kind.WEAPON


def test_event_entities_link_back_to_the_event() -> None:
    dossier, pages = real()
    assert dossier.events
    for event_id, event in dossier.events.items():
        event_page = page_path(Kind.EVENT, event_id)
        for entity_id in (*event.actors, *event.weapons):
            entity_page = page_path(entity_kind(dossier, entity_id), entity_id)
            assert link(event_page, entity_page) in links_in(pages[event_page])
            assert link(entity_page, event_page) in links_in(pages[entity_page]), \
                f"{entity_id} does not link back to {event_id}"


def test_cited_articles_link_back_to_the_event() -> None:
    dossier, pages = real()
    for event_id, event in dossier.events.items():
        event_page = page_path(Kind.EVENT, event_id)
        for index, citation in enumerate(event.sources):
            article_page = page_path(Kind.ARTICLE, citation.article)
            number = dossier.citation_match(event, index).paragraph
            assert link(event_page, article_page, f"p-{number}") in links_in(pages[event_page])
            assert link(article_page, event_page) in links_in(pages[article_page])


def test_related_entities_link_both_ways() -> None:
    dossier, pages = real()
    entities: list[Actor | Weapon] = [*dossier.actors.values(), *dossier.weapons.values()]
    for entity in entities:
        manufacturer = entity.manufacturer if isinstance(entity, Weapon) else None
        others = [*entity.related, *(x for x in (entity.country, manufacturer) if x)]
        source = page_path(entity_kind(dossier, entity.id), entity.id)
        for other in others:
            target = page_path(entity_kind(dossier, other), other)
            assert link(source, target) in links_in(pages[source])
            assert link(target, source) in links_in(pages[target]), \
                f"{other} does not link back to {entity.id}"


def test_previous_and_next_follow_the_chronology() -> None:
    """Both pagers of an event page (under the infobox, and closing the page) link its
    neighbours in the chronology, rel="prev" and rel="next"; the closing one says when the
    event is the first or the last."""
    dossier, pages = real()
    order = dossier.chronology
    for n, event_id in enumerate(order):
        page = pages[page_path(Kind.EVENT, event_id)]
        expected = ([(order[n - 1], "prev")] if n > 0 else []) + \
            ([(order[n + 1], "next")] if n + 1 < len(order) else [])
        compact, closing = pager(page, "dossier-pager-compact"), pager(page, "dossier-pager")
        assert _NEIGHBOUR.findall(compact) == expected, event_id
        assert _NEIGHBOUR.findall(closing) == expected, event_id
        assert page.index(compact) < page.index("!!! info")  # right under the infobox
        assert page.index(closing) > page.index("## " + FR["heading"]["sources"])
    assert html.unescape(FR["none_previous"]) in html.unescape(
        pager(pages[page_path(Kind.EVENT, order[0])], "dossier-pager"))
    assert html.unescape(FR["none_next"]) in html.unescape(
        pager(pages[page_path(Kind.EVENT, order[-1])], "dossier-pager"))


# A link to a neighbouring event in a pager: (event id, rel).
_NEIGHBOUR = re.compile(r'\]\(([a-z0-9-]+)\.md(?: "[^"]*")?\)\{ rel="(prev|next)"')


def pager(page: str, css_class: str) -> str:
    """The Markdown paragraph of an event page that has the attribute list ``{: .css_class``."""
    found = re.search(r"(?:^|\n\n)((?:[^\n]+\n)*?)\{: \." + css_class + " ", page)
    assert found, css_class
    return found.group(1)


def test_every_internal_link_points_at_a_rendered_page() -> None:
    _, rendered = real()
    # The build adds the editors' guide, which the « source à préciser » marker links to.
    pages = {**rendered, **editor_guide()}
    for source, markdown in rendered.items():
        for target in links_in(markdown):
            if target.startswith(("#", "http://", "https://")):
                continue
            path = target.split("#")[0]
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
            hand_written = resolved.split("/")[0] not in GENERATED_SECTIONS \
                and (REPO / "docs" / resolved).is_file()
            assert resolved in pages or hand_written, f"{source} links to {target}"


# -- long mention lists ----------------------------------------------------------------------

# "- **date** — [title](../../articles/<id>.md) — [§ 2](…#p-2), …" on a list page.
_LIST_ROW = re.compile(
    r"^- \*\*[^*]+\*\* — \[[^\]]*\]\(\.\./\.\./articles/([a-z0-9-]+)\.md\) — (.*)$", re.M)


def synthetic(tmp_root: Path) -> Dossier:
    """A 120-record synthetic dossier: some entities are mentioned in dozens of articles."""
    generate(tmp_root, 120, seed=5)
    problems = Problems()
    dossier = load_dossier(tmp_root, problems)
    assert dossier is not None, [str(p) for p in problems.errors]
    return dossier


@pytest.fixture
def small_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Quote 3 articles per entity page and list 7 per page, to paginate a small dossier."""
    monkeypatch.setattr(views, "MENTION_RECENT_ARTICLES", 3)
    monkeypatch.setattr(views, "MENTION_ARCHIVE_PAGE", 7)


@pytest.mark.usefixtures("small_limits")
def test_mention_lists_keep_every_article_and_paragraph(tmp_path: Path) -> None:
    dossier = synthetic(tmp_path)
    pages = render_site(dossier, FR)
    listed = 0
    for entity_id, passages in dossier.passages.items():
        expected: dict[str, set[int]] = {}
        for passage in passages:
            expected.setdefault(passage.article, set()).add(passage.paragraph)
        lists = [path for path in pages if path.startswith(f"mentions/{entity_id}/")]
        if len(expected) <= 3:
            assert lists == []
            continue
        listed += 1
        assert len(lists) == -(-len(expected) // 7)
        rows = [m for n in range(1, len(lists) + 1)
                for m in _LIST_ROW.finditer(pages[mentions_path(entity_id, n)])]
        # Every article once, newest first; each with links to all its paragraphs.
        assert [m.group(1) for m in rows] == sorted(
            expected, key=lambda a: (dossier.articles[a].published, a), reverse=True)
        for m in rows:
            numbers = [int(n) for n in re.findall(r"#p-(\d+)\)", m.group(2))]
            assert numbers == sorted(expected[m.group(1)]), m.group(0)
    assert listed >= 3  # the test means something only if some entities are listed


@pytest.mark.usefixtures("small_limits")
def test_entity_pages_quote_recent_articles_and_link_the_complete_list(tmp_path: Path) -> None:
    dossier = synthetic(tmp_path)
    pages = render_site(dossier, FR)
    entity_id = max(dossier.passages, key=lambda e: len(dossier.passages[e]))
    page = pages[page_path(dossier.kind_of(entity_id), entity_id)]
    mentions = page.split("## Mentionné dans", 1)[1]
    quoted = re.findall(r"^### \[.*?\]\(\.\./articles/([a-z0-9-]+)\.md\)", mentions, re.M)
    newest = sorted({p.article for p in dossier.passages[entity_id]},
                    key=lambda a: (dossier.articles[a].published, a), reverse=True)
    assert quoted == newest[:3]
    assert f"](../mentions/{entity_id}/index.md)" in mentions
    articles = len(newest)
    passages = len(dossier.passages[entity_id])
    assert f"\n{passages} passages dans {articles} articles." in html.unescape(mentions)


@pytest.mark.usefixtures("small_limits")
def test_mention_list_pages_link_to_each_other(tmp_path: Path) -> None:
    dossier = synthetic(tmp_path)
    pages = render_site(dossier, FR)
    for source, markdown in pages.items():
        if not source.startswith("mentions/"):
            continue
        assert markdown.startswith("---\nhide:\n- navigation\nsearch:\n  exclude: true\n---\n")
        for target in links_in(markdown):
            resolved = posixpath.normpath(
                posixpath.join(posixpath.dirname(source), target.split("#")[0]))
            assert resolved in pages, f"{source} links to {target}"


def test_passages_beyond_the_cap_are_linked_not_quoted(monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    monkeypatch.setattr(views, "MENTION_PASSAGES_PER_ARTICLE", 1)
    dossier = synthetic(tmp_path)
    pages = render_site(dossier, FR)
    checked = 0
    for entity_id, passages in dossier.passages.items():
        per_article: dict[str, list[int]] = {}
        for passage in passages:
            per_article.setdefault(passage.article, []).append(passage.paragraph)
        newest = max(per_article, key=lambda a: (dossier.articles[a].published, a))
        if len(per_article[newest]) < 2:
            continue
        page = pages[page_path(dossier.kind_of(entity_id), entity_id)]
        group = page.split(f"(../articles/{newest}.md)", 1)[1].split("\n### ", 1)[0]
        rest = per_article[newest][1:]
        more = f"et {len(rest)} autre{'s' if len(rest) > 1 else ''} passage"
        assert more in html.unescape(group), group
        linked = [int(n) for n in re.findall(rf"\(\.\./articles/{newest}\.md#p-(\d+)\)",
                                             group.split(more, 1)[1])]
        assert linked == sorted(set(rest))
        checked += 1
    assert checked >= 3


@pytest.mark.usefixtures("small_limits")
def test_list_pages_say_which_page_of_how_many(tmp_path: Path) -> None:
    dossier = synthetic(tmp_path)
    pages = render_site(dossier, FR)
    entity_id = max(dossier.passages, key=lambda e: len({p.article for p in
                                                         dossier.passages[e]}))
    count = len([p for p in pages if p.startswith(f"mentions/{entity_id}/")])
    assert count >= 3
    second = html.unescape(pages[mentions_path(entity_id, 2)])
    assert f"page 2 sur {count}." in second
    assert "Pages\u202f: [1](index.md) · **2** · [3](3.md)" in second


def test_shared_event_list_is_capped(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(views, "SHARED_ENTITIES_SHOWN", 2)
    monkeypatch.setattr(views, "SHARED_EVENTS_SHOWN", 1)
    dossier = synthetic(tmp_path)
    pages = render_site(dossier, FR)
    entity_id = max(dossier.events_of, key=lambda e: len(dossier.events_of[e]))
    page = pages[page_path(dossier.kind_of(entity_id), entity_id)]
    shared = page.split("## Liés par des événements communs", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in shared.splitlines() if line.startswith("- ")]
    assert len(rows) == 2
    assert all(line.count("](../evenements/") == 1 for line in rows)
    others = len(co_participants(dossier, entity_id)) - 2
    assert f"Et {others} autres fiches" in html.unescape(shared)


# -- purity and determinism ------------------------------------------------------------------


def _render_shuffled(root: Path, seed: int) -> dict[PagePath, str]:
    problems = Problems()
    raw = read_data(root, problems)
    records = list(raw.records)
    random.Random(seed).shuffle(records)
    texts = dict(random.Random(seed).sample(sorted(raw.texts.items()), len(raw.texts)))
    validated = validate(replace(raw, records=tuple(records), texts=texts), problems)
    assert not problems.errors
    return render_site(resolve(validated), FR)


@pytest.mark.parametrize("root", [REPO, S400, MINI_DATA.parent], ids=["real", "s400", "mini"])
def test_output_does_not_depend_on_reading_order(root: Path) -> None:
    reference = _render_shuffled(root, 0)
    for seed in (1, 2, 3):
        assert _render_shuffled(root, seed) == reference


def test_render_is_pure() -> None:
    dossier, pages = real()
    assert render_site(dossier, FR) == pages


# -- templates -------------------------------------------------------------------------------


def test_templates_escape_plain_text_and_pass_markdown() -> None:
    env = make_environment()
    rendered = env.from_string("{{ a }}|{{ b }}|{{ n }}").render(
        a="*x* <b>[l](javascript:1)", b=Md("*x*"), n=3)
    assert rendered == "&#42;x&#42; &#60;b&#62;&#91;l&#93;&#40;javascript&#58;1&#41;|*x*|3"


def test_macros_escape_what_they_print_and_their_output_is_not_escaped_again() -> None:
    """The macros of _macros.md.j2 escape plain text like templates do; a link target that
    is not generated Markdown (Md) is escaped too, so it can never become a script link."""
    env = make_environment()
    rendered = env.from_string(
        "{{ link(a, b) }}|{{ link(a, t) }}|{{ footnote(k, a, t, Md('*n*')) }}").render(
        a="[x](javascript:1)", b="javascript:alert(1)", t=Md("../p.md"), k="n1", Md=Md)
    text = "&#91;x&#93;&#40;javascript&#58;1&#41;"
    assert rendered == (f"[{text}](javascript&#58;alert&#40;1&#41;)|[{text}](../p.md)|"
                        f"[^n1]: **{text}** (../p.md) — *n*")


def test_reference_macros_escape_text_and_print_generated_targets_as_they_are() -> None:
    """The inline macros views call from Python (render.macro) escape every plain text they
    print; only Md (percent-encoded targets, built separators) passes through."""
    text = "&#91;x&#93;&#40;javascript&#58;1&#41;"
    url = Md("https://example.org/a")
    reference = macro("reference")("[x](javascript:1)", url, "example.org", "*o*", "1 mai",
                                   "archive", Md("https://web.archive.org/x"))
    assert reference == (f"«\u202f[{text}](https://example.org/a)\u202f», *&#42;o&#42;*, 1 mai "
                         "([archive](https://web.archive.org/x))")
    assert macro("reference")(None, url, "example.org", None, None, "archive", None) \
        == "[example.org](https://example.org/a)"
    assert macro("reference")(None, None, None, "o", "1 mai", "archive", None) == "*o*, 1 mai"
    assert macro("source_needed")("[x](javascript:1)", "javascript:1") == (
        f"[&#91;{text}&#93;](javascript&#58;1){{ .dossier-source-needed }}")
    assert macro("sourced")(Md("*n*"), Md(" — "), "Source", [Md("a"), Md("b")]) \
        == "*n* — *Source*\u202f: a\u202f; b"
    assert macro("autolink")("https://x.org/<b>") \
        == "<https&#58;//x.org/&#60;b&#62;>"


@pytest.mark.parametrize("value", [[1], {"a": 1}, None, 1.5, True])
def test_templates_refuse_to_print_non_text(value: object) -> None:
    with pytest.raises(TypeError, match="template printed a"):
        make_environment().from_string("{{ v }}").render(v=value)


def test_missing_template_field_fails() -> None:
    # StrictUndefined, or the finalizer refusing an Undefined: either way the build stops.
    with pytest.raises((jinja2.UndefinedError, TypeError), match="[Uu]ndefined"):
        make_environment().from_string("{{ missing }}").render()


def test_front_matter_is_serialised_by_a_yaml_dumper() -> None:
    meta = {"title": "a: b\n---\n<script>", "search": {"boost": 2}}
    text = front_matter(meta)
    assert text.startswith("---\n") and text.endswith("---\n\n")
    assert yaml.safe_load(text.removeprefix("---\n").removesuffix("---\n\n")) == meta
    assert front_matter({}) == ""
