"""Event and entity pages (issue 11): quotes in source order with a short attribution and
their own permalink, co-actors without repeated event titles, what « Mentionné dans » counts,
the description before the infobox.

Content-specific: on the frozen copy of the dossier (tests/fixtures/s400), rendered in memory.
"""

from __future__ import annotations

import html
import re

from build_tools.labels import format_event_date
from build_tools.mdtext import literal
from build_tools.model import Kind
from build_tools.paths import page_path
from build_tools.svg import co_participants
from tests.test_render import FR, real

# A quote's anchor line, then its attribution line.
_QUOTE = re.compile(
    r"^> \{ #(?P<anchor>q-[a-z0-9-]+) \.dossier-quote \}\n\n"
    r"— (?P<source>.*?), (?P<date>[^,]+), \[§\u00a0(?P<paragraph>\d+)\]"
    r"\(\.\./articles/(?P<article>[a-z0-9-]+)\.md#p-(?P=paragraph)\) · (?P<control>.*)$", re.M)


def quotes(event_id: str) -> list[re.Match[str]]:
    """The quotes of an event page, in page order."""
    _, pages = real()
    return list(_QUOTE.finditer(pages[page_path(Kind.EVENT, event_id)]))


def test_quotes_follow_the_sources_order_with_a_short_attribution() -> None:
    dossier, _ = real()
    for event in dossier.events.values():
        found = quotes(event.id)
        expected = sorted(
            (dossier.articles[c.article].published, c.article,
             dossier.citation_match(event, i).paragraph, dossier.citation_match(event, i).start)
            for i, c in enumerate(event.sources))
        assert [(m["article"], int(m["paragraph"])) for m in found] == \
            [(article, paragraph) for _, article, paragraph, _ in expected], event.id
        cited: set[str] = set()
        for m in found:
            article = dossier.articles[m["article"]]
            page = f"../articles/{article.id}.md"
            # As in a bibliography: in full at the article's first quote, then short (the
            # outlet, or « Même article »); the title as link title, for readers without JS.
            if article.id not in cited:
                outlet = f", *{literal(article.outlet)}*" if article.outlet else ""
                assert m["source"] == (f"«\u202f[{literal(article.title)}]({page})"
                                       f"{{ data-preview }}\u202f»{outlet}"), m[0]
            else:
                text = f"*{literal(article.outlet)}*" if article.outlet else "Même article"
                assert m["source"] == (f'[{text}]({page} "{literal(article.title)}")'
                                       "{ data-preview }"), m[0]
            cited.add(article.id)
            assert html.unescape(m["date"]) == format_event_date(article.published_date, FR)


def test_quotes_of_one_paragraph_are_numbered_in_their_anchors() -> None:
    # Two quotes of the Rostec article's first paragraph, then one of § 3 and one of § 4.
    anchors = [m["anchor"] for m in quotes("annonce-rostec-contrat-s-400-2017")]
    assert anchors == ["q-rostec-contrat-s400-2017-p1-1", "q-rostec-contrat-s400-2017-p1-2",
                       "q-rostec-contrat-s400-2017-p3-1", "q-rostec-contrat-s400-2017-p4-1"]


def test_every_quote_has_a_unique_anchor_and_a_copy_link_control() -> None:
    dossier, _ = real()
    seen = 0
    for event in dossier.events.values():
        found = quotes(event.id)
        assert len(found) == len(event.sources), event.id
        anchors = [m["anchor"] for m in found]
        assert len(set(anchors)) == len(anchors), event.id
        for m in found:
            assert m["control"] == (
                f'[copier le lien](#{m["anchor"]}){{ .dossier-copy-link role="button" '
                'aria-label="Copier le lien de cette citation" data-copy-link '
                'data-copy-done="Lien copié." data-copy-manual="Copiez ce lien\u202f&#58;" }')
            seen += 1
    assert seen >= 10


def test_shared_events_are_short_dated_links_not_titles() -> None:
    dossier, pages = real()
    entity = "turquie"
    page = pages[page_path(Kind.ACTOR, entity)]
    shared = page.split("## Liés par des événements communs", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in shared.splitlines() if line.startswith("- ")]
    sharing = co_participants(dossier, entity)
    assert len(rows) == len(sharing)
    for row, (other, events) in zip(rows, sharing, strict=True):
        count = len(events)
        words = "événement commun" if count == 1 else "événements communs"
        assert f" — {count} {words}\u202f: " in row, row
        links = re.findall(r'\[([^\]]*)\]\(\.\./evenements/([a-z0-9-]+)\.md "([^"]*)"\)'
                           r'\{ data-preview aria-label="([^"]*)" \}', row)
        assert [e for _, e, _, _ in links] == list(events)
        for text, event_id, title, label in links:
            event = dossier.events[event_id]
            assert title == literal(event.title)
            assert event.title not in html.unescape(text)
            # Material drops link titles: the accessible name carries the event's title.
            assert html.unescape(label) == f"{html.unescape(text)}\u202f: {event.title}"
        assert other in row


def test_mentions_say_what_they_count() -> None:
    dossier, pages = real()
    page = html.unescape(pages[page_path(Kind.ACTOR, "turquie")])
    passages = dossier.passages["turquie"]
    articles = {p.article for p in passages}
    assert f"\n{len(passages)} passages dans {len(articles)} articles.\n" in page


def test_entity_description_comes_before_the_infobox() -> None:
    dossier, pages = real()
    for kind, records in ((Kind.ACTOR, dossier.actors), (Kind.WEAPON, dossier.weapons)):
        for entity_id in records:
            body = pages[page_path(kind, entity_id)].split("\n# ", 1)[1].split("\n\n", 2)
            assert not body[1].startswith("|"), entity_id  # the description, not the table
            assert body[2].startswith(f"| {FR['heading']['infobox']} |"), entity_id
