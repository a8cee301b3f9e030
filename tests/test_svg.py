"""The build-time pictures (build_tools/svg.py): valid markup, links, layout, determinism.

The dossiers come from tests/fixtures/mini and tests/fixtures/s400 (a frozen copy of the real
dossier: data/ itself may change), and from
synthetic variants made with ``dataclasses.replace`` for edge cases and for scale.
"""

from __future__ import annotations

import math
import posixpath
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import markdown
import pytest
import yaml

from build_tools import svg as svg_module
from build_tools.build import MkDocsConfigLoader, load_dossier
from build_tools.labels import load_labels
from build_tools.model import Actor, Event, EventDate, FuzzyDate, Kind, Loc, Weapon
from build_tools.paths import CHRONOLOGY, PagePath, page_path
from build_tools.problems import Problems
from build_tools.resolve import Dossier
from build_tools.svg import (
    co_participants,
    directory_url,
    relationship_svg,
    short_date,
    text_width,
    timeline_svg,
    wrap,
)
from tests.conftest import FIXTURES, REPO

SVG = "{http://www.w3.org/2000/svg}"

# The keys svg.py reads from labels["svg"]; mirrored in build_tools/locales/fr.yaml once
# the lead has merged them (then this fallback is unused and can go).
PROPOSED_SVG_LABELS: dict[str, Any] = {
    "months_short": ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août",
                     "sept.", "oct.", "nov.", "déc."],
    "timeline_label": "Frise chronologique des événements, {first} – {last}",
    "timeline_caption": "Frise chronologique : chaque marque mène à la fiche de l'événement ;"
                        " la liste complète suit.",
    "gap_title": "{first}–{last} : aucun événement",
    "legend": {
        "day": "date au jour près",
        "span": "au mois ou à l'année près",
        "circa": "date approximative (vers)",
        "between": "entre deux dates",
        "before": "avant une date",
        "after": "après une date",
    },
    "relationship_label": "Acteurs et systèmes d'armes liés à {name} par des événements communs",
    "relationship_caption": "Qui partage des événements avec {name} : l'épaisseur du trait et"
                            " le nombre indiquent combien ; la liste suit.",
    "relationship_capped": "Seuls les {shown} liens les plus fréquents sur {total} sont dessinés.",
    "shared_events_one": "{name} : 1 événement en commun",
    "shared_events_many": "{name} : {n} événements en commun",
    "legend_actor": "acteur",
    "legend_weapon": "système d'armes",
    "legend_weight": "événements en commun",
    "scroll_hint": "Faites défiler l’image horizontalement →",
    "gap_title_one": "{year} : aucun événement",
}


@pytest.fixture(scope="module")
def labels() -> dict[str, Any]:
    table = load_labels("fr")
    return table if "svg" in table else {**table, "svg": PROPOSED_SVG_LABELS}


def _load(root: Path) -> Dossier:
    problems = Problems()
    dossier = load_dossier(root, problems)
    assert dossier is not None, [str(p) for p in problems.sorted()]
    return dossier


@pytest.fixture(scope="module")
def real() -> Dossier:
    """The frozen copy of the real dossier (tests/fixtures/s400), not data/ itself."""
    return _load(FIXTURES / "s400")


@pytest.fixture(scope="module")
def mini() -> Dossier:
    return _load(FIXTURES / "mini")


def _entity_urls(dossier: Dossier, entity_id: str) -> Any:
    source = page_path(dossier.kind_of(entity_id), entity_id)
    return lambda other: directory_url(source, page_path(dossier.kind_of(other), other))


def _chronology_urls(event_id: str) -> str:
    return directory_url(CHRONOLOGY, page_path(Kind.EVENT, event_id))


def _relationship(dossier: Dossier, entity_id: str, labels: dict[str, Any], **kw: Any) -> str:
    return relationship_svg(dossier, entity_id, _entity_urls(dossier, entity_id), labels, **kw)


def _links(markup: str) -> list[ET.Element]:
    """The HTML links laid over the drawing (the SVG itself has none)."""
    figure = ET.fromstring(markup)
    assert not list(figure.iter(f"{SVG}a"))
    return list(figure.iter("a"))


def _svg(markup: str) -> ET.Element:
    svg = ET.fromstring(markup).find(f".//{SVG}svg")
    assert svg is not None
    return svg


# -- synthetic dossiers ---------------------------------------------------------------------


def _actor(actor_id: str, name: str) -> Actor:
    return Actor(actor_id, name, "person", (), None, None, "", (), Loc("x"))


def _event(event_id: str, when: EventDate, title: str = "", actors: tuple[str, ...] = ()) -> Event:
    return Event(event_id, title or f"Événement {event_id}", when, "", (), actors, (), (), (),
                 Loc("x"))


def _date(iso: str, qualifier: str | None = None, end: str | None = None) -> EventDate:
    def parse(text: str) -> FuzzyDate:
        return FuzzyDate(*(int(part) for part in text.split("-")))
    return EventDate(parse(iso), qualifier, parse(end) if end else None, "")


def _with(base: Dossier, events: list[Event], actors: list[Actor] = (),  # type: ignore[assignment]
          weapons: list[Weapon] = ()) -> Dossier:  # type: ignore[assignment]
    """``base`` with only these records (indexes rebuilt as resolve would)."""
    by_id = {e.id: e for e in events}
    chronology = tuple(sorted(by_id, key=lambda i: (by_id[i].date.sort_key(), i)))
    events_of: dict[str, list[str]] = {}
    for event_id in chronology:
        for entity in dict.fromkeys((*by_id[event_id].actors, *by_id[event_id].weapons)):
            events_of.setdefault(entity, []).append(event_id)
    return replace(base, actors={a.id: a for a in actors}, weapons={w.id: w for w in weapons},
                   events=by_id, chronology=chronology,
                   events_of={k: tuple(v) for k, v in events_of.items()})


def _reversed(dossier: Dossier) -> Dossier:
    """The same dossier with every dict in reverse insertion order."""
    def flip(table: dict[str, Any]) -> dict[str, Any]:
        return dict(reversed(list(table.items())))

    return replace(dossier, actors=flip(dossier.actors), weapons=flip(dossier.weapons),
                   events=flip(dossier.events), articles=flip(dossier.articles),
                   events_of=flip(dossier.events_of), related_of=flip(dossier.related_of),
                   passages=flip(dossier.passages))


# -- pure helpers ---------------------------------------------------------------------------


@pytest.mark.parametrize(("source", "target", "url"), [
    ("acteurs/a.md", "acteurs/b.md", "../b/"),
    ("acteurs/a.md", "systemes-d-armes/s-400.md", "../../systemes-d-armes/s-400/"),
    ("chronologie/index.md", "evenements/e.md", "../evenements/e/"),
    ("acteurs/index.md", "acteurs/a.md", "a/"),
    ("acteurs/a.md", "acteurs/index.md", "../"),
    ("acteurs/a.md", "acteurs/a.md", "./"),
    ("index.md", "acteurs/a.md", "acteurs/a/"),
])
def test_directory_url(source: str, target: str, url: str) -> None:
    assert directory_url(PagePath(source), PagePath(target)) == url


def test_directory_url_resolves_like_a_browser() -> None:
    site = "http://127.0.0.1:8000/"
    pages = ["index.md", "acteurs/index.md", "acteurs/x.md", "evenements/y.md",
             "chronologie/index.md"]
    served = {p: site + re.sub(r"(^|/)index$", "", p[:-3]).strip("/") for p in pages}
    for source in pages:
        for target in pages:
            base = served[source].rstrip("/") + "/"
            want = served[target].rstrip("/") + "/"
            got = urljoin(base, directory_url(PagePath(source), PagePath(target)))
            assert got == want, (source, target)


def test_wrap_cuts_at_words_and_marks_the_cut() -> None:
    assert wrap("Un deux trois", 30, 2) == ["Un deux trois"]
    assert wrap("Un bombardier russe abattu par l’aviation turque à la frontière", 20, 2) == [
        "Un bombardier russe", "abattu par…"]
    assert wrap("x" * 80, 20, 2) == ["x" * 19 + "…"]
    assert all(len(line) <= 20 for line in wrap("mot " * 40, 20, 2))


def test_short_dates_are_french(labels: dict[str, Any]) -> None:
    assert short_date(_date("2015-11-24"), labels) == "24 nov. 2015"
    assert short_date(_date("2019-04-01"), labels) == "1er avr. 2019"
    assert short_date(_date("2017-06", "circa"), labels) == "vers juin 2017"
    assert short_date(_date("2019-01", "between", "2019-04-07"), labels) == \
        "entre janv. 2019 et 7 avr. 2019"
    assert short_date(_date("2015-11-24", "after"), labels) == "après 24 nov. 2015"
    assert short_date(_date("2018", "before"), labels) == "avant 2018"


def test_text_width_grows_with_text() -> None:
    assert text_width("", 13) == 0
    assert text_width("iii", 13) < text_width("mmm", 13)
    assert text_width("abc", 26) == 2 * text_width("abc", 13)


# -- the Markdown contract ------------------------------------------------------------------


def _markdown_extensions() -> tuple[list[str], dict[str, Any]]:
    # mkdocs.yml holds MkDocs tags (!ENV); read it the way the generator does.
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"),
                       Loader=MkDocsConfigLoader)
    names, configs = [], {}
    for entry in config["markdown_extensions"]:
        name = entry if isinstance(entry, str) else next(iter(entry))
        names.append(name)
        if isinstance(entry, dict):
            configs[name] = entry[name] or {}
    return names, configs


def _assert_raw_block(markup: str) -> None:
    lines = markup.split("\n")
    assert markup and not markup.endswith("\n")
    for line in lines:
        assert line.startswith("<"), line  # column 0, never indented code or a paragraph
    assert lines[0].startswith("<figure") and lines[-1] == "</figure>"
    figure = ET.fromstring(markup)
    assert figure.tag == "figure" and "data-search-exclude" in figure.attrib
    assert _svg(markup).get("aria-hidden") == "true"  # the links below carry the content
    for link in _links(markup):
        assert link.get("aria-label") and (link.get("class") or "").startswith("dsvg-link")
        # A shortened label's link holds its full text to show on hover and focus.
        if "dsvg-cut" in (link.get("class") or "").split():
            assert [(t.get("class"), t.text) for t in link] == \
                [("dsvg-tip", link.get("aria-label"))]
        else:
            assert list(link) == []


def test_pictures_are_raw_html_blocks_markdown_leaves_alone(
        real: Dossier, labels: dict[str, Any]) -> None:
    names, configs = _markdown_extensions()
    for markup in (timeline_svg(real, _chronology_urls, labels),
                   _relationship(real, "recep-tayyip-erdogan", labels)):
        _assert_raw_block(markup)
        html = markdown.markdown(f"Avant.\n\n{markup}\n\nAprès *fin*.\n",
                                 extensions=names, extension_configs=configs)
        assert markup in html  # passed through byte for byte
        assert html.endswith("<p>Après <em>fin</em>.</p>")


def test_hostile_text_stays_text(mini: Dossier, labels: dict[str, Any]) -> None:
    title = 'A <script>alert(1)</script> & "b" \'c\' {: onclick=x } [^1] ]]> --> é'
    hostile = _with(mini, [_event("e", _date("2019-04-08"), title, ("a",)),
                           _event("f", _date("2019-05"), "Autre", ("a", "b"))],
                    [_actor("a", title), _actor("b", "B <b>&amp;")])
    for markup in (timeline_svg(hostile, _chronology_urls, labels),
                   _relationship(hostile, "a", labels), _relationship(hostile, "b", labels)):
        _assert_raw_block(markup)
        assert "<script" not in markup and "<b>" not in markup
    # The parsed text is the editor's text, character for character.
    timeline = timeline_svg(hostile, _chronology_urls, labels)
    assert _links(timeline)[0].get("aria-label") == f"8 avril 2019 — {' '.join(title.split())}"
    drawn = [t.strip() for t in _svg(timeline).find(f".//{SVG}g[@data-ref='e']")  # type: ignore[union-attr]
             .itertext() if t.strip()]
    assert drawn[0] == "8 avr. 2019"
    assert " ".join(drawn[1:]).startswith("A <script>alert(1)</script>")
    link = _links(_relationship(hostile, "b", labels))[0]
    assert link.get("aria-label") == f"{' '.join(title.split())}\u202f: 1 événement en commun"
    assert "dsvg-cut" in (link.get("class") or "")
    assert link[0].text == link.get("aria-label")  # the full text shown on hover and focus


# -- relationships ----------------------------------------------------------------------------


def test_co_participants_count_shared_events(real: Dossier) -> None:
    for entity_id in [*real.actors, *real.weapons]:
        expected: dict[str, list[str]] = {}
        for event_id in real.chronology:
            event = real.events[event_id]
            members = {*event.actors, *event.weapons}
            if entity_id in members:
                for other in sorted(members - {entity_id}):
                    expected.setdefault(other, []).append(event_id)
        got = co_participants(real, entity_id)
        assert {o: list(e) for o, e in got} == expected
        weights = [len(events) for _, events in got]
        assert weights == sorted(weights, reverse=True)


def test_erdogan_picture_links_to_poutine(real: Dossier, labels: dict[str, Any]) -> None:
    markup = _relationship(real, "recep-tayyip-erdogan", labels)
    links = {a.get("href"): a.get("aria-label") for a in _links(markup)}
    assert "../vladimir-poutine/" in links
    shared = dict(co_participants(real, "recep-tayyip-erdogan"))["vladimir-poutine"]
    assert links["../vladimir-poutine/"] == \
        f"Vladimir Poutine\u202f: {len(shared)} événements en commun"
    assert "../../systemes-d-armes/s-400/" in links
    assert len(links) == len(co_participants(real, "recep-tayyip-erdogan"))


def test_every_relationship_link_resolves_to_its_page(real: Dossier,
                                                     labels: dict[str, Any]) -> None:
    site = "http://127.0.0.1:8000/"
    for entity_id in [*real.actors, *real.weapons]:
        here = urljoin(site, page_path(real.kind_of(entity_id), entity_id)[:-3] + "/")
        markup = _relationship(real, entity_id, labels)
        if not co_participants(real, entity_id):
            assert markup == ""
            continue
        _assert_raw_block(markup)
        hrefs = [a.get("href", "") for a in _links(markup)]
        targets = {urljoin(here, h) for h in hrefs}
        expected = {urljoin(site, page_path(real.kind_of(o), o)[:-3] + "/")
                    for o, _ in co_participants(real, entity_id)[:12]}
        assert targets == expected
        assert all(not urlsplit(h).scheme and not h.startswith("/") for h in hrefs)


def test_relationship_caps_neighbours_and_says_so(mini: Dossier,
                                                   labels: dict[str, Any]) -> None:
    others = [_actor(f"a{i:02d}", f"Acteur {i:02d}") for i in range(15)]
    # a00 shares 15 events with hub, a01 14, … so the drawn ones are the heaviest 12.
    events = [_event(f"e{i:02d}", _date(f"2019-01-{i + 1:02d}"),
                     actors=("hub", *(a.id for a in others[: 15 - i])))
              for i in range(15)]
    dossier = _with(mini, events, [_actor("hub", "Centre"), *others])
    markup = _relationship(dossier, "hub", labels)
    drawn = [a.get("href") for a in _links(markup)]
    assert drawn == [f"../a{i:02d}/" for i in range(12)]
    caption = ET.fromstring(markup).find("figcaption")
    assert caption is not None and "Seuls les 12 liens les plus fréquents sur 15" in \
        (caption.text or "")
    edges = [float(e.get("stroke-width", "0")) for e in _svg(markup).iter(f"{SVG}line")]
    assert edges == sorted(edges, reverse=True) and edges[0] > edges[-1]


def test_no_shared_event_no_picture(mini: Dossier, labels: dict[str, Any]) -> None:
    lonely = _with(mini, [_event("e", _date("2019"), actors=("a",))], [_actor("a", "Seul")])
    assert relationship_svg(lonely, "a", str, labels) == ""
    assert timeline_svg(_with(mini, []), str, labels) == ""


# -- timeline ---------------------------------------------------------------------------------


def test_every_event_is_one_linked_mark(real: Dossier, mini: Dossier,
                                        labels: dict[str, Any]) -> None:
    for dossier in (real, mini):
        markup = timeline_svg(dossier, _chronology_urls, labels)
        _assert_raw_block(markup)
        hrefs = [a.get("href") for a in _links(markup)]
        assert hrefs == [f"../evenements/{e}/" for e in dossier.chronology]
        for anchor, event_id in zip(_links(markup), dossier.chronology, strict=True):
            assert dossier.events[event_id].title in (anchor.get("aria-label") or "")


def _hit_boxes(markup: str) -> list[tuple[float, float, float, float]]:
    """Each link's box in viewBox units, from its percent position."""
    _, _, width, height = (float(v) for v in _svg(markup).get("viewBox", "").split())
    boxes = []
    for anchor in _links(markup):
        style = dict(part.split(":") for part in (anchor.get("style") or "").split(";"))
        x, y = float(style["left"][:-1]) * width / 100, float(style["top"][:-1]) * height / 100
        boxes.append((x, y, x + float(style["width"][:-1]) * width / 100,
                      y + float(style["height"][:-1]) * height / 100))
    return boxes


def _overlaps(boxes: list[tuple[float, float, float, float]]) -> list[tuple[int, int]]:
    return [(i, j) for i, a in enumerate(boxes) for j, b in enumerate(boxes[i + 1:], i + 1)
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]


def _crowd(mini: Dossier, count: int, years: int = 7) -> Dossier:
    """``count`` events with every kind of date, many on the same days."""
    qualifiers = [None, None, "circa", "before", "after", "between", None]
    events = []
    for i in range(count):
        year, month, day = 1980 + i % years, 1 + (i * 5) % 12, 1 + (i * 7) % 28
        qualifier = qualifiers[i % len(qualifiers)]
        iso = [f"{year}-{month:02d}-{day:02d}", f"{year}-{month:02d}", f"{year}"][i % 3]
        end = f"{year + 1}-02" if qualifier == "between" else None
        events.append(_event(f"e{i:05d}", _date(iso, qualifier, end),
                             f"Titre numéro {i} assez long pour être coupé en deux lignes"))
    return _with(mini, events)


def test_labels_never_overlap(real: Dossier, mini: Dossier, labels: dict[str, Any]) -> None:
    for dossier in (real, _crowd(mini, 120)):
        markup = timeline_svg(dossier, _chronology_urls, labels)
        boxes = _hit_boxes(markup)
        assert boxes and _overlaps(boxes) == []
        width = float(_svg(markup).get("viewBox", "").split()[2])
        assert all(box[0] >= 0 and box[2] <= width for box in boxes)
    for entity_id in ("russie", "s-400", "recep-tayyip-erdogan"):
        boxes = _hit_boxes(_relationship(real, entity_id, labels))
        assert len(boxes) > 5 and _overlaps(boxes) == []
    # Names, however long, are wrapped to stay inside the drawing (which may scroll).
    long_names = [_actor(f"a{i}", f"Organisation numéro {i} au nom vraiment très long "
                                  f"et sans fin") for i in range(12)]
    crowd = _with(mini, [_event("e", _date("2019"), actors=("hub", *(a.id for a in long_names)))],
                  [_actor("hub", "Centre au nom assez long pour deux lignes"), *long_names])
    for markup in [_relationship(crowd, "hub", labels),
                   *(_relationship(real, e, labels) for e in real.actors)]:
        if markup:
            width = float(_svg(markup).get("viewBox", "").split()[2])
            assert all(box[0] >= 0 and box[2] <= width for box in _hit_boxes(markup))


def _mark_of(markup: str, event_id: str) -> ET.Element:
    group = _svg(markup).find(f"{SVG}g[@data-ref='{event_id}']")
    assert group is not None
    return group[0]


def _years(markup: str) -> dict[str, float]:
    return {t.text or "": float(t.get("x", "")) for t in _svg(markup).iter(f"{SVG}text")
            if "dsvg-axis" in (t.get("class") or "")}


def test_marks_show_precision_and_uncertainty(mini: Dossier, labels: dict[str, Any]) -> None:
    dossier = _with(mini, [
        _event("jour", _date("2020-07-01")), _event("mois", _date("2020-07")),
        _event("annee", _date("2020")), _event("vers", _date("2020-07", "circa")),
        _event("entre", _date("2020-03", "between", "2021-02-14")),
        _event("avant", _date("2021-07", "before")), _event("apres", _date("2021-07", "after")),
    ])
    markup = timeline_svg(dossier, _chronology_urls, labels)
    centres = _years(markup)
    year_w = centres["2021"] - centres["2020"]
    jan_2020 = centres["2020"] - year_w / 2
    july = jan_2020 + year_w * 6 / 12
    day = _mark_of(markup, "jour")
    assert day.tag == f"{SVG}circle" and float(day.get("cx", "")) == pytest.approx(july, abs=1)
    month = _mark_of(markup, "mois")
    assert month.tag == f"{SVG}rect"
    assert float(month.get("x", "")) == pytest.approx(july, abs=0.2)
    assert float(month.get("width", "")) == pytest.approx(year_w / 12, abs=0.2)
    year = _mark_of(markup, "annee")
    assert float(year.get("x", "")) == pytest.approx(jan_2020, abs=0.2)
    assert float(year.get("width", "")) == pytest.approx(year_w, abs=0.2)
    circa = _mark_of(markup, "vers")
    assert "dsvg-circa" in (circa.get("class") or "") and "dsvg-circa" not in \
        (month.get("class") or "")
    between = _mark_of(markup, "entre")
    assert float(between.get("x", "")) == pytest.approx(jan_2020 + year_w * 2 / 12, abs=0.2)
    end = jan_2020 + year_w + year_w * (1 + 14 / 28) / 12
    assert float(between.get("x", "")) + float(between.get("width", "")) == \
        pytest.approx(end, abs=0.5)
    july_2021 = jan_2020 + year_w * 18 / 12
    before, after = _mark_of(markup, "avant"), _mark_of(markup, "apres")
    # Each arrow starts with its bound ("M<x> …v14") and points away from it.
    before_x = [float(v) for v in re.findall(r"[MH](-?[\d.]+)", before.get("d", ""))]
    after_x = [float(v) for v in re.findall(r"[MH](-?[\d.]+)", after.get("d", ""))]
    assert before_x[0] == pytest.approx(july_2021, abs=0.2) and min(before_x) < before_x[0]
    assert after_x[0] == pytest.approx(july_2021 + year_w / 12, abs=0.2)
    assert max(after_x) > after_x[0]


def test_empty_years_compress_to_a_gap(mini: Dossier, labels: dict[str, Any]) -> None:
    dossier = _with(mini, [_event("a", _date("2001-05")), _event("b", _date("2003-05")),
                           _event("c", _date("2009-05"))])
    markup = timeline_svg(dossier, _chronology_urls, labels)
    texts = [t.text for t in _svg(markup).iter(f"{SVG}text") if "dsvg-axis" in
             (t.get("class") or "")]
    assert texts == ["2001", "2003", "2009", "…", "…"]  # 2002 and 2004–2008: one gap each
    assert "2002\u202f: aucun événement" in markup
    assert "2004–2008\u202f: aucun événement" in markup


def test_no_year_column_without_a_mark(real: Dossier, mini: Dossier,
                                       labels: dict[str, Any]) -> None:
    # The frozen dossier has no event in 2016: it used to take a fifth of the width.
    for dossier in (real, mini, _crowd(mini, 40, 9)):
        markup = timeline_svg(dossier, _chronology_urls, labels)
        drawn = {int(year) for year in _years(markup) if year.isdigit()}
        marked = {year for e in dossier.chronology
                  for year in svg_module._years_of(dossier.events[e].date)}
        assert drawn == marked
    assert "2016\u202f: aucun événement" in timeline_svg(real, _chronology_urls, labels)


def _tops_by_year(dossier: Dossier, markup: str) -> dict[int, list[float]]:
    """For each year, the tops of its marks' links in the chronology's order."""
    out: dict[int, list[float]] = {}
    for event_id, box in zip(dossier.chronology, _hit_boxes(markup), strict=True):
        out.setdefault(dossier.events[event_id].date.start.year, []).append(box[1])
    return out


def test_marks_of_a_year_read_in_date_order(real: Dossier, mini: Dossier,
                                            labels: dict[str, Any]) -> None:
    # Top to bottom, one mark a row: the chronology's order (imprecise dates by their
    # start, a month before its days, « avant » before and « après » after their bound).
    for dossier in (real, _crowd(mini, 120), _crowd(mini, 60, 2)):
        for year, tops in _tops_by_year(
                dossier, timeline_svg(dossier, _chronology_urls, labels)).items():
            assert tops == sorted(set(tops)), year  # strictly increasing
    # The frozen dossier: « sept. 2017 » used to be drawn above « 3 juin 2017 ».
    markup = timeline_svg(real, _chronology_urls, labels)
    tops = {e: box[1] for e, box in zip(real.chronology, _hit_boxes(markup), strict=True)}
    assert tops["levee-sanctions-russes-2017"] < tops["negociation-pret-russe-s-400-2017"] \
        < tops["annonce-rostec-contrat-s-400-2017"] < tops["signature-contrat-s-400-2017"]


def _font_sizes(markup: str) -> list[float]:
    return [float(size) for size in re.findall(r"font-size: ?([\d.]+)px", markup)]


# The drawing's rules, once for the whole site (issue 13: no <style> block in each picture).
DRAWING_CSS = (Path(__file__).resolve().parent.parent / "docs" / "stylesheets" / "dossier.css"
               ).read_text(encoding="utf-8").split("/* == lighter: the pictures' drawing")[1]


def test_text_is_never_drawn_below_12_px(real: Dossier, mini: Dossier,
                                         labels: dict[str, Any]) -> None:
    """Every font size is at least 12 viewBox units, and the page never draws a picture
    narrower than its viewBox (--dsvg-w, the box's CSS min-width): so at least 12 px."""
    pictures = [timeline_svg(real, _chronology_urls, labels),
                timeline_svg(_crowd(mini, 120), _chronology_urls, labels),
                *(_relationship(real, e, labels) for e in [*real.actors, *real.weapons]
                  if co_participants(real, e))]
    assert min(_font_sizes(DRAWING_CSS)) == svg_module.MIN_FONT
    for markup in pictures:
        assert "<style" not in markup
        assert min(_font_sizes(markup), default=svg_module.MIN_FONT) >= svg_module.MIN_FONT
        for text in _svg(markup).iter(f"{SVG}text"):  # no size set on the element itself
            assert "font-size" not in text.attrib
        width = float(_svg(markup).get("viewBox", "").split()[2])
        style = ET.fromstring(markup).get("style")
        assert style == f"--dsvg-w:{math.ceil(width)}px"
    # Material's content column is 688 px wide at 1366 px: these fit without scrolling.
    assert float(_svg(pictures[0]).get("viewBox", "").split()[2]) <= 688
    assert float(_svg(pictures[2]).get("viewBox", "").split()[2]) <= 688


def test_the_scroll_box_is_labelled_and_focusable(real: Dossier,
                                                  labels: dict[str, Any]) -> None:
    markup = timeline_svg(real, _chronology_urls, labels)
    figure = ET.fromstring(markup)
    hint, box = figure[0], figure[1]
    assert (hint.tag, hint.get("class"), hint.get("aria-hidden")) == ("p", "dsvg-hint", "true")
    assert hint.text == "Faites défiler l’image horizontalement →"
    assert (box.get("class"), box.get("tabindex"), box.get("role")) == \
        ("dsvg-scroll", "0", "group")
    assert box.get("aria-label") == \
        "Frise chronologique des événements, 30 septembre 2015 – 8 avril 2019"


def _drawn_lines(markup: str, ref: str) -> list[str]:
    group = _svg(markup).find(f".//{SVG}g[@data-ref='{ref}']")
    assert group is not None
    return [t.text or "" for t in group.iter(f"{SVG}tspan")]


def test_shortened_labels_show_their_full_text(real: Dossier, mini: Dossier,
                                               labels: dict[str, Any]) -> None:
    markup = timeline_svg(real, _chronology_urls, labels)
    cut = 0
    for event_id, link in zip(real.chronology, _links(markup), strict=True):
        title = real.events[event_id].title
        shown = " ".join(_drawn_lines(markup, event_id))
        shortened = shown != title
        cut += shortened
        assert ("dsvg-cut" in (link.get("class") or "")) == shortened, event_id
        assert shortened == shown.endswith("…")
        assert title in (link.get("aria-label") or "")
    assert cut > 0
    long_name = "Organisation internationale de coopération militaire et de défense commune"
    dossier = _with(mini, [_event("e", _date("2019-04-08"), actors=("a", "b"))],
                    [_actor("a", "Court"), _actor("b", long_name)])
    link = _links(_relationship(dossier, "a", labels))[0]
    assert " ".join(_drawn_lines(_relationship(dossier, "a", labels), "b")).endswith("…")
    assert "dsvg-cut" in (link.get("class") or "")
    assert link[0].text == link.get("aria-label") == f"{long_name}\u202f: 1 événement en commun"
    assert "dsvg-cut" not in (_links(_relationship(dossier, "b", labels))[0].get("class") or "")


def test_one_year_gets_french_month_names(real: Dossier, labels: dict[str, Any]) -> None:
    year = [e for e in real.chronology if real.events[e].date.start.year == 2019]
    markup = timeline_svg(real, _chronology_urls, labels, event_ids=year, caption="Avril")
    texts = [t.text for t in _svg(markup).iter(f"{SVG}text")]
    assert texts.count("2019") == 1 and "2018" not in texts
    months = ["janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.",
              "nov.", "déc."]
    assert [t for t in texts if t in months] == months
    assert ET.fromstring(markup).findtext("figcaption") == "Avril"
    whole = timeline_svg(real, _chronology_urls, labels)  # five years: no room for months
    assert "juil." not in [t.text for t in _svg(whole).iter(f"{SVG}text")]


def test_output_is_deterministic(real: Dossier, mini: Dossier, labels: dict[str, Any]) -> None:
    for dossier in (real, mini):
        shuffled = _reversed(dossier)
        first = timeline_svg(dossier, _chronology_urls, labels)
        assert first == timeline_svg(dossier, _chronology_urls, labels)
        assert first == timeline_svg(shuffled, _chronology_urls, labels)
        for entity_id in [*dossier.actors, *dossier.weapons]:
            one = _relationship(dossier, entity_id, labels)
            assert one == _relationship(shuffled, entity_id, labels)


def test_subset_timeline_for_one_entity(real: Dossier, labels: dict[str, Any]) -> None:
    own = real.events_of["recep-tayyip-erdogan"]
    markup = timeline_svg(real, _chronology_urls, labels, event_ids=reversed(own))
    assert [a.get("href") for a in _links(markup)] == [f"../evenements/{e}/" for e in own]


def test_scales_linearly(mini: Dossier, labels: dict[str, Any],
                         monkeypatch: pytest.MonkeyPatch) -> None:
    # A dossier grows over the years: 4× the events over 4× the years. (At a fixed span,
    # lanes grow with density and so does the picture.) Counting the overlap checks of
    # the lane search is deterministic, unlike timings on a busy machine.
    checks = {"n": 0}
    original = svg_module._Lane.fits

    def counting(self: Any, mark: Any, gap: float = 10) -> bool:
        checks["n"] += 1
        return original(self, mark, gap)

    monkeypatch.setattr(svg_module._Lane, "fits", counting)
    work = []
    for dossier in (_crowd(mini, 300, 10), _crowd(mini, 1200, 40)):
        checks["n"] = 0
        markup = timeline_svg(dossier, _chronology_urls, labels)
        assert len(_links(markup)) == len(dossier.chronology)
        work.append(checks["n"])
    assert work[1] < 6 * work[0]  # 4× the events; quadratic would be 16×


def test_every_href_is_relative(real: Dossier, labels: dict[str, Any]) -> None:
    markup = timeline_svg(real, _chronology_urls, labels)
    for match in re.finditer(r'href="([^"]*)"', markup):
        href = match.group(1)
        assert not urlsplit(href).scheme and not href.startswith(("/", "#"))
        assert posixpath.normpath(posixpath.join("chronologie", href)).startswith("evenements/")
