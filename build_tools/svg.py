"""Pictures drawn at build time as inline SVG: an entity's relationships and the timeline.

Pure functions: they read the :class:`~build_tools.resolve.Dossier` and return markup,
deterministic to the byte (records are visited in sorted or chronological order, numbers
are printed with fixed decimals). No script, font or image is referenced.

The result is a raw HTML block for a Markdown page: one ``<figure>`` whose lines all start
at column 0 with ``<`` and contain no blank line, so Python-Markdown passes it through
untouched when the page puts a blank line before and after it.

The SVG itself is a drawing (``aria-hidden``); the links are ordinary HTML ``<a>``
elements laid over each mark and its label, positioned in percent of the drawing so they
scale with it. SVG ``<a>`` elements would break Material: its instant navigation assigns
``el.href`` on every link (read-only on ``SVGAElement``: a page error on each load) and
reads ``new URL(el.href)`` on click (so a click on them did nothing). HTML links also get
Material's prefetch, keyboard focus and plain screen-reader semantics. A link whose label
is drawn shortened (``…``) also holds its full text, which the site's CSS shows on hover and
on keyboard focus (its ``aria-label`` gives it to screen readers); an SVG ``<title>`` would
lie under the link and never show.

Links inside raw HTML are neither checked nor rewritten by MkDocs, so callers pass final
directory URLs relative to the page (see :func:`directory_url`). Every reader-visible
word comes from the label table (``labels["svg"]``); colours follow the page
(``currentColor`` and Material's CSS variables, with fallbacks), so the pictures work in
the light and dark schemes.
"""

from __future__ import annotations

import calendar
import math
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from html import escape
from typing import Any

from build_tools.labels import format_event_date
from build_tools.mdtext import Md
from build_tools.model import Actor, EventDate, FuzzyDate
from build_tools.paths import PagePath
from build_tools.resolve import Dossier
from build_tools.text import name_sort_key

UrlOf = Callable[[str], str]

MAX_NEIGHBOURS = 12

# The drawing's rules (hues, strokes, text sizes: no text is smaller than 12 units, and the
# page never draws a picture narrower than its viewBox, see _figure, so no label renders below
# 12 px) are in docs/stylesheets/dossier.css with the HTML around it (scroll box, links, full
# titles): once per site instead of a <style> block in every picture (issue 13). No picture is
# used outside a page of the site, so none needs its own copy.
# The smallest font size of any text in the pictures (viewBox units), see above.
MIN_FONT = 12


# -- small pure helpers -------------------------------------------------------------------


def _num(value: float) -> str:
    """A coordinate with one decimal, ``-0`` avoided, trailing ``.0`` dropped (byte-stable)."""
    text = f"{round(value, 1) + 0.0:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _pct(value: float, total: float) -> str:
    """A percentage with three decimals (a hundredth of a unit on a 1,000-unit drawing)."""
    text = f"{round(100 * value / total, 3) + 0.0:.3f}".rstrip("0").rstrip(".")
    return f"{text}%"


def words(text: str) -> list[str]:
    """``text`` split at ASCII whitespace only: French typography's no-break spaces
    (before « : », inside « »…) stay inside their words, never a line break or a space."""
    return [word for word in _ASCII_SPACE.split(text) if word]


_ASCII_SPACE = re.compile(r"[ \t\n\r\f\v]+")


def _text(value: str) -> str:
    """Text content or attribute value, XML-safe, on one line."""
    return escape(" ".join(words(value)), quote=True)


# Rough advance widths (in em) of a sans-serif font, erring wide so labels stay apart:
# measured in Chromium, 7-19 % wider than Arial/Liberation Sans, at most 4 % narrower than
# DejaVu Sans (the widest common fallback), which the 10-unit gap between labels absorbs.
_NARROW = set("iljtfrI.,;:'’!|()[]« »-")
_WIDE = set("mwMW@%")


def text_width(text: str, size: float) -> float:
    """Estimated width of ``text`` at font ``size`` (no font is loaded at build time)."""
    em = 0.0
    for char in text:
        if char in _NARROW:
            em += 0.34
        elif char in _WIDE:
            em += 0.9
        elif char.isupper() or char.isdigit():
            em += 0.66
        else:
            em += 0.56
    return em * size * 1.05


def wrap(text: str, width: int, lines: int) -> list[str]:
    """``text`` in at most ``lines`` lines of at most ``width`` characters, ``…`` if cut.

    Lines break between words; a word longer than a line is cut.
    """
    out: list[str] = []
    for word in words(text):
        if len(word) > width:
            word = word[: width - 1] + "…"
        if out and len(out[-1]) + 1 + len(word) <= width:
            out[-1] += " " + word
        else:
            out.append(word)
    if len(out) > lines:
        out = out[:lines]
        last = out[-1] if len(out[-1]) < width else out[-1].rsplit(" ", 1)[0]
        out[-1] = last.rstrip(" ,;:…") + "…"
    return out


def fit(text: str, room: float, size: float, lines: int) -> list[str]:
    """:func:`wrap` with the longest lines whose estimated width at ``size`` fits ``room``."""
    for chars in range(30, 6, -1):
        out = wrap(text, chars, lines)
        if max(text_width(line, size) for line in out) <= room:
            return out
    return wrap(text, 6, lines)


def is_cut(lines: Iterable[str], text: str) -> bool:
    """Whether ``lines`` (from :func:`wrap`) show less than the whole of ``text``."""
    return " ".join(lines) != " ".join(words(text))


def directory_url(source: PagePath, target: PagePath) -> str:
    """The URL of page ``target`` relative to page ``source`` with ``use_directory_urls``.

    ``acteurs/a.md`` is served as ``acteurs/a/`` and ``acteurs/index.md`` as ``acteurs/``,
    so from ``acteurs/a.md`` the page ``acteurs/b.md`` is ``../b/``.
    """
    def folder(path: str) -> str:
        stem = path[:-3] if path.endswith(".md") else path
        if stem == "index" or stem.endswith("/index"):
            stem = stem[:-5]
        return stem.strip("/")

    here, there = folder(source), folder(target)
    relative = posixpath.relpath(there or ".", here or ".")
    return "./" if relative == "." else relative + "/"


@dataclass(frozen=True)
class _Link:
    """An HTML link laid over a box of the drawing (viewBox units).

    ``label`` is the link's full text (its accessible name); ``cut`` says the drawing shows
    it shortened, so the link also shows it in full on hover and keyboard focus.
    """

    url: str
    label: str
    x0: float
    y0: float
    x1: float
    y1: float
    cut: bool = False


def _link(link: _Link, width: float, height: float) -> str:
    """One link's markup: its box in percent of the drawing, and the full text if cut.

    The full text opens towards the middle of the drawing (below or above, rightwards or
    leftwards), where the scroll box has room for it.
    """
    css = "dsvg-link"
    tip = ""
    if link.cut:
        css += " dsvg-cut"
        if (link.y0 + link.y1) / 2 > height / 2:
            css += " dsvg-tip-up"
        if (link.x0 + link.x1) / 2 > width / 2:
            css += " dsvg-tip-end"
        tip = f'<span class="dsvg-tip" aria-hidden="true">{_text(link.label)}</span>'
    return (f'<a class="{css}" href="{_text(link.url)}" aria-label="{_text(link.label)}"'
            f' style="left:{_pct(link.x0, width)};top:{_pct(link.y0, height)};'
            f"width:{_pct(link.x1 - link.x0, width)};"
            f'height:{_pct(link.y1 - link.y0, height)}">{tip}</a>')


def _figure(kind: str, caption: str, label: str, svg: list[str], links: list[_Link],
            size: tuple[float, float], hint: str) -> Md:
    """The raw HTML block: figure, scroll hint, scroll box, drawing, links, caption.

    The drawing is never narrower than its viewBox (``--dsvg-w``, a minimum width in CSS
    pixels), so its text never renders below :data:`MIN_FONT` px: on a narrow screen the
    box scrolls sideways instead, keyboard-focusable, with the shadow edges and the
    ``hint`` line that docs/stylesheets/dossier.css shows only when it overflows.
    No line is blank or indented: Markdown must see one HTML block and leave it alone.
    """
    width, height = size
    lines = [
        f'<figure class="dossier-figure dossier-{kind}" data-search-exclude=""'
        f' style="--dsvg-w:{math.ceil(width)}px">',
        f'<p class="dsvg-hint" aria-hidden="true">{_text(hint)}</p>',
        f'<div class="dsvg-scroll" tabindex="0" role="group" aria-label="{_text(label)}">',
        '<div class="dsvg-box">',
        f'<svg xmlns="http://www.w3.org/2000/svg" class="dsvg" aria-hidden="true"'
        f' focusable="false" viewBox="0 0 {_num(width)} {_num(height)}">',
        *svg,
        "</svg>",
        *(_link(link, width, height) for link in links),
        "</div></div>",
        f"<figcaption>{_text(caption)}</figcaption>",
        "</figure>",
    ]
    for line in lines:
        assert line.startswith("<") and "\n" not in line, line
    return Md("\n".join(lines))


# -- relationships ------------------------------------------------------------------------


def co_participants(dossier: Dossier, entity_id: str) -> list[tuple[str, tuple[str, ...]]]:
    """The entities that share events with ``entity_id``, with those events.

    Sorted by number of shared events (most first), then name (in French order,
    :func:`~build_tools.text.name_sort_key`), then id; each event list
    is chronological. Actors and weapon systems of an event both count.
    """
    shared: dict[str, list[str]] = defaultdict(list)
    for event_id in dossier.events_of.get(entity_id, ()):
        event = dossier.events[event_id]
        for other in dict.fromkeys((*event.actors, *event.weapons)):
            if other != entity_id:
                shared[other].append(event_id)
    return sorted(
        ((other, tuple(events)) for other, events in shared.items()),
        key=lambda item: (-len(item[1]), name_sort_key(dossier.entity(item[0]).name),
                          item[0]),
    )


@dataclass(frozen=True)
class _Node:
    entity_id: str
    x: float
    y: float
    weight: int


# Narrower than Material's content column at 1366 px (688 px): drawn at least at scale 1.
_REL_W, _REL_H = 640.0, 460.0
_REL_RX, _REL_RY = 160.0, 138.0
_REL_NAME = 13  # font size of the neighbours' names


def relationship_svg(dossier: Dossier, entity_id: str, page_url_of: UrlOf,
                     labels: dict[str, Any], limit: int = MAX_NEIGHBOURS) -> Md:
    """A star picture: the entity in the centre, the ``limit`` entities sharing most events
    with it around, edge width and badge by number of shared events, each node a link.

    ``page_url_of(other_id)`` is the URL of another entity's page relative to this one.
    Returns an empty :class:`Md` when the entity shares no event with anyone.
    """
    everyone = co_participants(dossier, entity_id)
    if not everyone:
        return Md("")
    text = labels["svg"]
    name = dossier.entity(entity_id).name
    nodes = _place(everyone[:limit])
    heaviest = max(node.weight for node in nodes)
    cx, cy = _REL_W / 2, _REL_H / 2
    body = []
    for node in nodes:
        body.append(f'<line class="dsvg-edge" x1="{_num(cx)}" y1="{_num(cy)}"'
                    f' x2="{_num(node.x)}" y2="{_num(node.y)}"'
                    f' stroke-width="{_num(_edge_width(node.weight, heaviest))}"/>')
    for node in nodes:
        t = _badge_at(node.x - cx, node.y - cy, _centre_size(name))
        bx, by = cx + (node.x - cx) * t, cy + (node.y - cy) * t
        body.append(f'<circle class="dsvg-badge" cx="{_num(bx)}" cy="{_num(by)}" r="10"/>')
        body.append(f'<text x="{_num(bx)}" y="{_num(by + 4)}" text-anchor="middle"'
                    f' style="font-size:12px">{node.weight}</text>')
    body.extend(_centre(name, cx, cy))
    links = []
    for node in nodes:
        drawing, link = _neighbour(dossier, node, page_url_of(node.entity_id), labels)
        body.extend(drawing)
        links.append(link)
    body.extend(_relationship_legend(text))
    caption = text["relationship_caption"].format(name=name)
    if len(everyone) > limit:
        caption += " " + text["relationship_capped"].format(shown=limit, total=len(everyone))
    return _figure("relations", caption, text["relationship_label"].format(name=name), body,
                   links, (_REL_W, _REL_H), text["scroll_hint"])


def _place(neighbours: list[tuple[str, tuple[str, ...]]]) -> list[_Node]:
    """Neighbours on an ellipse, heaviest at the top, then clockwise."""
    count = len(neighbours)
    nodes = []
    for index, (other, events) in enumerate(neighbours):
        angle = -math.pi / 2 + 2 * math.pi * index / count
        if count == 2:
            angle = math.pi * index  # right and left: side labels have the most room
        x = _REL_W / 2 + _REL_RX * math.cos(angle)
        y = _REL_H / 2 + _REL_RY * math.sin(angle)
        nodes.append(_Node(other, x, y, len(events)))
    return nodes


def _edge_width(weight: int, heaviest: int) -> float:
    if heaviest <= 1:
        return 2.0
    return 2.0 + 7.0 * (weight - 1) / (heaviest - 1)


def _centre_size(name: str) -> tuple[float, float]:
    """Width and height of the box that holds the entity's name in the centre."""
    lines = wrap(name, 22, 2)
    return max(text_width(line, 14) for line in lines) + 24, 18.0 * len(lines) + 14


def _badge_at(dx: float, dy: float, box: tuple[float, float]) -> float:
    """Where on an edge (0: centre, 1: node) its badge goes: about halfway, clear of the
    centre box and of the node."""
    length = math.hypot(dx, dy)
    exits = [half / abs(d) for half, d in ((box[0] / 2, dx), (box[1] / 2, dy)) if d]
    low = min(exits, default=0.0) + 12 / length  # the badge's radius and a little air
    high = 1 - 20 / length
    return max(low, min(0.56, high)) if low <= high else (low + high) / 2


def _centre(name: str, cx: float, cy: float) -> list[str]:
    lines = wrap(name, 22, 2)
    width, height = _centre_size(name)
    out = [f'<rect class="dsvg-centre" x="{_num(cx - width / 2)}" y="{_num(cy - height / 2)}"'
           f' width="{_num(width)}" height="{_num(height)}" rx="8"/>']
    top = cy - height / 2 + 7 + 14
    for index, line in enumerate(lines):
        out.append(f'<text x="{_num(cx)}" y="{_num(top + 18 * index)}" text-anchor="middle"'
                   f' style="font-size:14px;font-weight:700">{_text(line)}</text>')
    return out


def _neighbour(dossier: Dossier, node: _Node, url: str,
               labels: dict[str, Any]) -> tuple[list[str], _Link]:
    """One node: shape by kind (circle: actor, diamond: weapon), name outside, and its link."""
    entity = dossier.entity(node.entity_id)
    key = "shared_events_one" if node.weight == 1 else "shared_events_many"
    label = labels["svg"][key].format(name=entity.name, n=node.weight)
    dx, dy = node.x - _REL_W / 2, node.y - _REL_H / 2
    norm = math.hypot(dx / _REL_RX, dy / _REL_RY) or 1.0
    ux, uy = dx / _REL_RX / norm, dy / _REL_RY / norm  # outward direction on the ellipse
    anchor = "start" if ux > 0.3 else "end" if ux < -0.3 else "middle"
    lx, ly = node.x + 14 * ux, node.y + 14 * uy
    room = (_REL_W - 4 - lx if anchor == "start" else lx - 4 if anchor == "end"
            else 2 * min(lx, _REL_W - lx) - 8)
    lines = fit(entity.name, min(room, 170), _REL_NAME, 3)
    if uy < -0.6:  # near the top: the name grows upwards; near the sides: centred
        first = ly - 16 * (len(lines) - 1) - 2
    elif uy > 0.6:
        first = ly + 12
    else:
        first = ly + 4 - 8 * (len(lines) - 1)
    box_w = max(text_width(line, _REL_NAME) for line in lines)
    box_x = lx if anchor == "start" else lx - box_w if anchor == "end" else lx - box_w / 2
    css = "dsvg-actor" if isinstance(entity, Actor) else "dsvg-weapon"
    tspans = "".join(f'<tspan x="{_num(lx)}" y="{_num(first + 16 * i)}">{_text(line)}</tspan>'
                     for i, line in enumerate(lines))
    out = [f'<g data-ref="{_text(node.entity_id)}">', _shape(css, node.x, node.y),
           f'<text class="dsvg-name" text-anchor="{anchor}">{tspans}</text>', "</g>"]
    link = _Link(url, label,
                 min(box_x, node.x - 10) - 4, min(first - 13, node.y - 10) - 3,
                 max(box_x + box_w, node.x + 10) + 4,
                 max(first + 16 * (len(lines) - 1) + 5, node.y + 10) + 3,
                 is_cut(lines, entity.name))
    return out, link


def _shape(css: str, x: float, y: float, size: float = 8.0) -> str:
    if css == "dsvg-actor":
        return f'<circle class="{css}" cx="{_num(x)}" cy="{_num(y)}" r="{_num(size)}"/>'
    s = size * 1.25
    points = f"{_num(x)},{_num(y - s)} {_num(x + s)},{_num(y)} {_num(x)},{_num(y + s)} " \
             f"{_num(x - s)},{_num(y)}"
    return f'<polygon class="{css}" points="{points}"/>'


def _relationship_legend(text: dict[str, Any]) -> list[str]:
    y = _REL_H - 12
    x = 12.0
    out = []
    for css, key in (("dsvg-actor", "legend_actor"), ("dsvg-weapon", "legend_weapon")):
        out.append(_shape(css, x + 6, y - 4, 5.5))
        out.append(f'<text class="dsvg-muted" x="{_num(x + 16)}" y="{_num(y)}">'
                   f"{_text(text[key])}</text>")
        x += 16 + text_width(text[key], MIN_FONT) + 18
    out.append(f'<circle class="dsvg-badge" cx="{_num(x + 9)}" cy="{_num(y - 4)}" r="10"/>')
    out.append(f'<text x="{_num(x + 9)}" y="{_num(y)}" text-anchor="middle"'
               ' style="font-size:12px">n</text>')
    out.append(f'<text class="dsvg-muted" x="{_num(x + 25)}" y="{_num(y)}">'
               f'{_text(text["legend_weight"])}</text>')
    return out


# -- timeline -----------------------------------------------------------------------------

# A time is (year, fraction of that year in [0, 1]); fractions follow the real calendar.
Time = tuple[int, float]

# viewBox width for a few years: just under Material's content column at 1366 px (688 px),
# where the picture is drawn at least at scale 1; more years make it wider (and scroll).
_TL_BASE_W = 680.0
_TL_MARGIN = 40.0  # room for "before"/"after" arrows beyond the first and last year
_TL_MIN_YEAR = 112.0
_TL_GAP = 34.0  # a run of years without events, compressed
_TL_AXIS = 34.0
_TL_LANE = 62.0
_TL_ARROW = 24.0
_TL_TITLE_CHARS = 26


def _start(when: FuzzyDate) -> Time:
    if not when.month:
        return when.year, 0.0
    fraction = (when.month - 1) / 12
    if when.day:
        days = calendar.monthrange(when.year, when.month)[1]
        fraction += (when.day - 1) / days / 12
    return when.year, fraction


def _end(when: FuzzyDate) -> Time:
    """The end of the period a date names (the day, month or year itself)."""
    year, fraction = _start(when)
    if when.day:
        return year, fraction + 1 / 365
    return year, fraction + 1 / 12 if when.month else 1.0


@dataclass(frozen=True)
class _Axis:
    """Years left to right; each run of years without events shrinks to one narrow gap."""

    starts: dict[int, float]  # year -> x of 1 January
    widths: dict[int, float]
    gaps: tuple[tuple[int, int, float], ...]  # (first, last empty year, x)
    width: float  # the whole viewBox width

    def x(self, when: Time) -> float:
        year, fraction = when
        return self.starts[year] + self.widths[year] * min(fraction, 1.0)


def _empty_runs(years: set[int]) -> list[tuple[int, int]]:
    """Runs of consecutive years without events (one or more), between the first and last."""
    runs: list[tuple[int, int]] = []
    run_start = None
    for year in range(min(years), max(years) + 2):
        if year not in years and year <= max(years):
            run_start = year if run_start is None else run_start
            continue
        if run_start is not None:
            runs.append((run_start, year - 1))
        run_start = None
    return runs


def _axis(years: set[int]) -> _Axis:
    runs = {first: last for first, last in _empty_runs(years)}
    shown = (max(years) - min(years) + 1) - sum(last - first + 1 for first, last in runs.items())
    year_w = max(_TL_MIN_YEAR, (_TL_BASE_W - 2 * _TL_MARGIN - _TL_GAP * len(runs)) / shown)
    starts: dict[int, float] = {}
    widths: dict[int, float] = {}
    gaps = []
    x, year = _TL_MARGIN, min(years)
    while year <= max(years):
        if year in runs:
            gaps.append((year, runs[year], x))
            x, year = x + _TL_GAP, runs[year] + 1
            continue
        starts[year], widths[year] = x, year_w
        x, year = x + year_w, year + 1
    return _Axis(starts, widths, tuple(gaps), x + _TL_MARGIN)


@dataclass(frozen=True)
class _Mark:
    """One event's drawing: the mark, its label, and where the label may go."""

    event_id: str
    year: int  # of the date's start: marks of one year stack in date order
    kind: str  # "point", "span", "between", "before" or "after"
    circa: bool
    x0: float  # the mark itself
    x1: float
    lines: tuple[str, ...]  # short date, then the title
    width: float  # of the label
    anchor: str = "start"  # label text-anchor, once placed: "start" or "end"

    @property
    def left(self) -> float:
        """Left edge of mark and label together."""
        start, end = self._ends()
        return start if self.anchor == "start" else min(start, end - self.width)

    @property
    def right(self) -> float:
        """Right edge of mark and label together."""
        start, end = self._ends()
        return max(end, start + self.width) if self.anchor == "start" else end

    def _ends(self) -> tuple[float, float]:
        pad = 6 if self.kind == "point" else 0  # a dot's label aligns with its edge
        return self.x0 - pad, self.x1 + pad


def _mark_kind(when: EventDate) -> str:
    if when.qualifier in ("before", "after", "between"):
        return when.qualifier
    return "point" if when.start.precision == "day" else "span"


def _years_of(when: EventDate) -> range:
    last = when.end.year if when.end else when.start.year
    return range(when.start.year, last + 1)


def short_date(when: EventDate, labels: dict[str, Any]) -> str:
    """``24 nov. 2015``, ``vers juin 2017``, ``entre janv. 2019 et 7 avr. 2019``."""
    def one(date: FuzzyDate) -> str:
        parts = [str(date.year)]
        if date.month:
            parts.insert(0, labels["svg"]["months_short"][date.month - 1])
        if date.day:
            parts.insert(0, labels["first_day"] if date.day == 1 else str(date.day))
        return " ".join(parts)

    if when.qualifier is None:
        return one(when.start)
    template: str = labels["qualifiers"][when.qualifier]
    return template.format(date=one(when.start), end=one(when.end) if when.end else "")


def _mark(dossier: Dossier, event_id: str, axis: _Axis, labels: dict[str, Any]) -> _Mark:
    event = dossier.events[event_id]
    when = event.date
    kind = _mark_kind(when)
    x0, x1 = axis.x(_start(when.start)), axis.x(_end(when.start))
    if kind == "between" and when.end:
        x1 = axis.x(_end(when.end))
    elif kind == "before":
        x0, x1 = x0 - _TL_ARROW, x0
    elif kind == "after":
        x0, x1 = x1, x1 + _TL_ARROW
    elif kind == "point":
        x0 = x1 = (x0 + x1) / 2
    if kind == "span" and x1 - x0 < 8:  # a month of a crowded axis: still visible
        middle = (x0 + x1) / 2
        x0, x1 = middle - 4, middle + 4
    lines = (short_date(when, labels), *wrap(event.title, _TL_TITLE_CHARS, 2))
    width = max(text_width(lines[0], MIN_FONT), *(text_width(t, 13) for t in lines[1:]))
    return _Mark(event_id, when.start.year, kind, when.qualifier == "circa", x0, x1, lines,
                 width)


def _lanes(marks: list[_Mark], width: float) -> list[tuple[_Mark, int]]:
    """Each mark, label right of it or else left of it, in the first lane where it fits.

    Marks come in the chronology's order. A mark goes in a lane below the previous mark
    of its year, so each year reads top to bottom in the chronology's order: a free lane
    higher up would otherwise take a later event, e.g. « sept. 2017 » above « 3 juin
    2017 » when the June label is pushed down by its neighbours. (Labels are wider than
    a month, so the marks of a year rarely share a lane anyway.)
    The search in a lane stops at the first earlier label that ends (with all labels
    before it) left of the new one: the cost is the number of marks times the number of
    lanes, and lanes grow with density, not with the span.
    """
    lanes: list[_Lane] = []
    placed = []
    floor: dict[int, int] = {}  # year -> lane of its latest mark
    for mark in marks:
        options = [replace(mark, anchor=a) for a in ("start", "end")]
        options = [o for o in options if o.left >= 4 and o.right <= width - 4] or options[:1]
        low = floor.get(mark.year, -1) + 1
        spot = next(((o, i) for i in range(low, len(lanes)) for o in options
                     if lanes[i].fits(o)), None)
        if spot is None:
            spot = (options[0], len(lanes))
            lanes.append(_Lane())
        lanes[spot[1]].add(spot[0])
        floor[mark.year] = spot[1]
        placed.append(spot)
    return placed


@dataclass
class _Lane:
    """The marks of one lane, with the rightmost edge seen so far after each."""

    marks: list[_Mark] = field(default_factory=list)
    reach: list[float] = field(default_factory=list)  # max right of marks[:i + 1]

    def add(self, mark: _Mark) -> None:
        self.marks.append(mark)
        self.reach.append(max(mark.right, self.reach[-1] if self.reach else mark.right))

    def fits(self, mark: _Mark, gap: float = 10) -> bool:
        """Whether ``mark`` can go in this lane without touching another label."""
        for index in range(len(self.marks) - 1, -1, -1):
            if self.reach[index] + gap <= mark.left:
                return True  # this label and every earlier one end left of the new one
            other = self.marks[index]
            if other.left - gap < mark.right and mark.left < other.right + gap:
                return False
        return True


def timeline_svg(dossier: Dossier, event_url_of: UrlOf, labels: dict[str, Any],
                 event_ids: Iterable[str] | None = None, caption: str | None = None) -> Md:
    """Years on a horizontal axis, each event a linked mark with its short date and title.

    Precision and uncertainty are drawn: a day is a dot, a month or a year a bar over
    its length, ``entre … et …`` a bracketed bar, ``vers`` a dashed outline, ``avant`` and
    ``après`` an arrow from the bound. Labels never overlap: marks are stacked in lanes.
    Each run of years without events shrinks to a narrow ``…`` gap.
    ``event_url_of(event_id)`` is the event page's URL relative to the current page;
    ``event_ids`` limits the picture to some events (e.g. one actor's or one year's;
    a single year gets month names); default all. ``caption`` replaces the default one.
    Returns an empty :class:`Md` when there is no event.
    """
    wanted = set(dossier.chronology if event_ids is None else event_ids)
    order = [e for e in dossier.chronology if e in wanted]
    if not order:
        return Md("")
    text = labels["svg"]
    axis = _axis({y for e in order for y in _years_of(dossier.events[e].date)})
    placed = _lanes([_mark(dossier, e, axis, labels) for e in order], axis.width)
    lanes_bottom = _TL_AXIS + 8 + _TL_LANE * (max(lane for _, lane in placed) + 1)
    legend, legend_h = _timeline_legend({_legend_key(m) for m, _ in placed}, text,
                                        axis.width, lanes_bottom + 8)
    height = lanes_bottom + 8 + legend_h
    first, last = dossier.events[order[0]].date, dossier.events[order[-1]].date
    label = text["timeline_label"].format(
        n=len(order), first=format_event_date(first, labels),
        last=format_event_date(last, labels))
    body = _axis_marks(axis, lanes_bottom, text)
    links = []
    for mark, lane in placed:
        drawing, link = _event(dossier, mark, _TL_AXIS + 8 + _TL_LANE * lane,
                               event_url_of(mark.event_id), labels)
        body.extend(drawing)
        links.append(link)
    body.extend(legend)
    return _figure("frise", caption or text["timeline_caption"], label, body, links,
                   (axis.width, height), text["scroll_hint"])


def _axis_marks(axis: _Axis, bottom: float, text: dict[str, Any]) -> list[str]:
    """Alternate year bands, year names, month ticks and compressed gaps."""
    out = []
    for index, year in enumerate(sorted(axis.starts)):
        x, w = axis.starts[year], axis.widths[year]
        if index % 2 == 0:
            out.append(f'<rect class="dsvg-band" x="{_num(x)}" y="0" width="{_num(w)}"'
                       f' height="{_num(bottom)}"/>')
        out.append(f'<line class="dsvg-grid" x1="{_num(x)}" y1="4" x2="{_num(x)}"'
                   f' y2="{_num(bottom)}"/>')
        out.append(f'<text class="dsvg-axis" x="{_num(x + w / 2)}" y="{18 if w < 480 else 14}"'
                   f' text-anchor="middle">{year}</text>')
        if w >= 96:
            ticks = " ".join(f"M{_num(x + w * m / 12)} {_num(_TL_AXIS - 6)}v6"
                             for m in range(1, 12))
            out.append(f'<path class="dsvg-grid" d="{ticks}"/>')
        if w >= 480:  # a year or two: room to name the months between the ticks
            out.extend(f'<text class="dsvg-muted" x="{_num(x + w * (m + 0.5) / 12)}" y="30"'
                       f' text-anchor="middle">{_text(name)}</text>'
                       for m, name in enumerate(text["months_short"]))
        if year + 1 not in axis.starts:  # the last year, or one before a gap: close it
            out.append(f'<line class="dsvg-grid" x1="{_num(x + w)}" y1="4" x2="{_num(x + w)}"'
                       f' y2="{_num(bottom)}"/>')
    out.append(f'<line class="dsvg-grid" x1="{_num(_TL_MARGIN)}" y1="{_num(_TL_AXIS)}"'
               f' x2="{_num(axis.width - _TL_MARGIN)}" y2="{_num(_TL_AXIS)}"/>')
    for first, last, x in axis.gaps:
        title = (text["gap_title_one"].format(year=first) if first == last
                 else text["gap_title"].format(first=first, last=last))
        out.append(f'<g><title>{_text(title)}</title><text class="dsvg-axis"'
                   f' x="{_num(x + _TL_GAP / 2)}" y="20" text-anchor="middle">…</text></g>')
    return out


def _event(dossier: Dossier, mark: _Mark, top: float, url: str,
           labels: dict[str, Any]) -> tuple[list[str], _Link]:
    """One event's mark, short date and title, and the link laid over them."""
    event = dossier.events[mark.event_id]
    full = f"{format_event_date(event.date, labels)} — {event.title}"
    y = top + 8
    text_x = mark.left if mark.anchor == "start" else mark.right
    anchor = "" if mark.anchor == "start" else ' text-anchor="end"'
    tspans = "".join(f'<tspan x="{_num(text_x)}" y="{_num(y + 34 + 15 * i)}">{_text(t)}</tspan>'
                     for i, t in enumerate(mark.lines[1:]))
    out = [f'<g data-ref="{_text(mark.event_id)}">', *_mark_shape(mark, y),
           f'<text class="dsvg-muted" x="{_num(text_x)}" y="{_num(y + 19)}"{anchor}>'
           f"{_text(mark.lines[0])}</text>",
           f'<text class="dsvg-name"{anchor}>{tspans}</text>', "</g>"]
    link = _Link(url, full, mark.left - 4, top - 1, mark.right + 4, top + _TL_LANE - 2.5,
                 is_cut(mark.lines[1:], event.title))
    return out, link


def _mark_shape(mark: _Mark, y: float) -> list[str]:
    css = "dsvg-actor dsvg-circa" if mark.circa else "dsvg-actor"
    x0, x1 = mark.x0, mark.x1
    if mark.kind == "point":
        return [f'<circle class="{css}" cx="{_num(x0)}" cy="{_num(y)}" r="5.5"/>']
    if mark.kind == "span":
        return [f'<rect class="{css}" x="{_num(x0)}" y="{_num(y - 5)}" width="{_num(x1 - x0)}"'
                f' height="10" rx="3"/>']
    if mark.kind == "between":
        return [f'<rect class="{css}" x="{_num(x0)}" y="{_num(y - 3)}"'
                f' width="{_num(max(x1 - x0, 2))}" height="6" fill-opacity=".55"/>',
                f'<path class="{css} dsvg-line" d="M{_num(x0)} {_num(y - 7)}v14'
                f'M{_num(x1)} {_num(y - 7)}v14"/>']
    # "before": the bound on the right, the arrow pointing left; "after" the reverse.
    bound, tip = (x1, x0) if mark.kind == "before" else (x0, x1)
    head = 7 if tip > bound else -7
    return [f'<path class="{css} dsvg-line" d="M{_num(bound)} {_num(y - 7)}v14'
            f'M{_num(bound)} {_num(y)}H{_num(tip - head)}"/>',
            f'<path class="{css}" d="M{_num(tip)} {_num(y)}l{_num(-head)} -5v10z"/>']


_LEGEND = (("day", "point", False), ("span", "span", False), ("circa", "span", True),
           ("between", "between", False), ("before", "before", False),
           ("after", "after", False))


def _legend_key(mark: _Mark) -> str:
    if mark.circa:
        return "circa"
    return {"point": "day"}.get(mark.kind, mark.kind)


def _timeline_legend(keys: set[str], text: dict[str, Any], width: float,
                     top: float) -> tuple[list[str], float]:
    """One sample per kind of mark drawn, wrapped to the width; returns lines and height."""
    out = []
    x, y = _TL_MARGIN, top + 12
    for key, kind, circa in _LEGEND:
        if key not in keys:
            continue
        words = text["legend"][key]
        item_w = 30 + text_width(words, MIN_FONT) + 18
        if x + item_w > width - _TL_MARGIN and x > _TL_MARGIN:
            x, y = _TL_MARGIN, y + 20
        left, right = (x + 12, x + 12) if kind == "point" else (x + 2, x + 24)
        out.extend(_mark_shape(_Mark("", 0, kind, circa, left, right, (), 0), y))
        out.append(f'<text class="dsvg-muted" x="{_num(x + 30)}" y="{_num(y + 4)}">'
                   f"{_text(words)}</text>")
        x += item_w
    return out, y - top + 14
