"""Pictures a reader can read (issue 11), measured in headless Chromium.

On every page of the frozen dossier's site that has a picture (timeline or relationships),
at 1366 px and on a 390 px phone: the size at which each SVG label is really rendered
(its computed font size times the drawing's scale on screen), the sideways scrolling of
pictures wider than the screen (keyboard-focusable, labelled, with a visible cue), and the
full text of a shortened label on hover and on keyboard focus. The size and scrolling
checks hold for any dossier; the frozen one only supplies the pages.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, expect

from tests.browser_support import Reader

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
CHRONOLOGY = "chronologie/"
# The smallest label size readers get (px): issue 11's targets.
SMALLEST = {"wide": 12.0, "phone": 11.0}
HINT = "Faites défiler l’image horizontalement →"

# Each SVG text (or line of it): its content, computed font size, scale of its drawing on
# screen, and the height of its box on screen.
MEASURE_LABELS = """() => [...document.querySelectorAll('figure.dossier-figure svg text')]
  .flatMap(text => {
    const parts = text.querySelectorAll('tspan').length ? [...text.querySelectorAll('tspan')]
                                                        : [text];
    return parts.map(part => ({
      text: part.textContent,
      size: parseFloat(getComputedStyle(part).fontSize),
      scale: text.getScreenCTM().a,
      height: part.getBoundingClientRect().height,
    }));
  })"""


def picture_pages(site: Path) -> list[str]:
    """Site-relative URLs of the built pages that show a picture."""
    return sorted(
        "" if page.parent == site else page.parent.relative_to(site).as_posix() + "/"
        for page in site.rglob("index.html")
        if 'class="dossier-figure' in page.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def pages(s400_site: Path) -> list[str]:
    found = picture_pages(s400_site / "site")
    assert CHRONOLOGY in found and any(p.startswith("acteurs/") for p in found)
    return found


# Each picture's scroll box: its widths, overflow, cue and name.
MEASURE_BOXES = """() => [...document.querySelectorAll('figure.dossier-figure .dsvg-scroll')]
  .map(box => {
    const hint = box.parentElement.querySelector(':scope > .dsvg-hint');
    const style = getComputedStyle(box);
    return {
      scroll: box.scrollWidth, client: box.clientWidth, overflow: style.overflowX,
      shadows: (style.backgroundImage.match(/radial-gradient/g) || []).length,
      tabindex: box.getAttribute('tabindex'), name: box.getAttribute('aria-label'),
      hint: hint.textContent, hintHeight: hint.getBoundingClientRect().height,
      hintShown: getComputedStyle(hint).visibility === 'visible',
    };
  })"""


@pytest.mark.parametrize("screen", ["wide", "phone"])
def test_every_picture_is_readable(open_reader: Callable[..., Reader], pages: list[str],
                                   screen: str) -> None:
    """Every label renders at least at the target size; on the phone every picture
    scrolls sideways with its cue; at 1366 px the frozen dossier's pictures fit."""
    phone = screen == "phone"
    reader = open_reader(viewport=PHONE if phone else WIDE, is_mobile=phone, has_touch=phone)
    smallest = SMALLEST[screen]
    for page in pages:
        reader.page.goto(reader.base + page, wait_until="load")
        labels: list[dict[str, Any]] = reader.page.evaluate(MEASURE_LABELS)
        assert labels, page
        for label in labels:
            assert label["size"] * label["scale"] >= smallest, (page, screen, label)
            # The box on screen agrees: a line is at least as tall as its font size.
            assert label["height"] >= smallest, (page, screen, label)
        boxes: list[dict[str, Any]] = reader.page.evaluate(MEASURE_BOXES)
        assert boxes, page
        for box in boxes:
            # Focusable and named in French, so keyboard users can scroll it too.
            assert box["tabindex"] == "0" and box["overflow"] == "auto", (page, box)
            assert box["name"].startswith(
                ("Frise chronologique", "Acteurs et systèmes d’armes liés à")), (page, box)
            assert box["hint"] == HINT and box["shadows"] == 2, (page, box)
            if phone:  # wider than the screen: it scrolls, and says so
                assert box["scroll"] > box["client"], (page, box)
                assert box["hintShown"] and box["hintHeight"] >= smallest, (page, box)
            else:  # the frozen dossier's pictures fit the column: no hint
                assert box["scroll"] <= box["client"] and box["hintHeight"] == 0, (page, box)


@pytest.mark.parametrize("page", [CHRONOLOGY, "acteurs/recep-tayyip-erdogan/"])
def test_keyboard_scrolls_a_phone_picture(open_reader: Callable[..., Reader],
                                          page: str) -> None:
    reader = open_reader(viewport=PHONE, is_mobile=True, has_touch=True)
    reader.open(page)
    box = reader.page.locator("figure.dossier-figure .dsvg-scroll").first
    expect(box.locator("xpath=../p[@class='dsvg-hint']")).to_be_visible()
    box.focus()
    assert box.evaluate("el => document.activeElement === el && el.scrollLeft === 0")
    box.press("ArrowRight")
    reader.page.wait_for_function("el => el.scrollLeft > 0", arg=box.element_handle())


def _first_shortened(reader: Reader) -> tuple[Locator, str]:
    """The first link of the page's picture whose label is drawn shortened, and its full
    text: « date — title »."""
    link = reader.page.locator("figure.dossier-figure a.dsvg-cut").first
    full = link.get_attribute("aria-label") or ""
    return link, full


@pytest.mark.parametrize("screen", ["wide", "phone"])
def test_a_shortened_label_shows_its_full_text_on_focus_and_hover(
        open_reader: Callable[..., Reader], screen: str) -> None:
    reader = open_reader(viewport=WIDE if screen == "wide" else PHONE)
    reader.open(CHRONOLOGY)
    shortened = reader.page.locator("figure.dossier-figure a.dsvg-cut")
    assert shortened.count() > 0
    for index in range(shortened.count()):
        link = shortened.nth(index)
        full = link.get_attribute("aria-label") or ""
        event_id = (link.get_attribute("href") or "").rstrip("/").rsplit("/", 1)[-1]
        lines = reader.page.locator(
            f"svg g[data-ref='{event_id}'] text.dsvg-name tspan").all_text_contents()
        title = full.split(" — ", 1)[1]
        assert lines[-1].endswith("…") and " ".join(lines) != title
        assert all(line.removesuffix("…") in title for line in lines), (lines, title)
        # Announced: the link's accessible name is the whole date and title.
        expect(link).to_have_accessible_name(full)
        tip = link.locator(".dsvg-tip")
        expect(tip).to_be_hidden()
        link.focus()  # keyboard focus (as Tab gives it)
        expect(tip).to_be_visible()
        expect(tip).to_have_text(full)
        _assert_inside(tip, link.locator("xpath=ancestor::div[@class='dsvg-scroll']"))
        link.blur()
        expect(tip).to_be_hidden()
    if screen == "wide":  # a pointer: hovering shows it too
        link = shortened.first
        link.hover()
        expect(link.locator(".dsvg-tip")).to_be_visible()


def _assert_inside(inner: Locator, outer: Locator) -> None:
    """``inner`` lies within ``outer``'s scrolling content (not clipped by it)."""
    a = inner.bounding_box()
    box = outer.evaluate("""el => { const r = el.getBoundingClientRect();
        return {x: r.x - el.scrollLeft, y: r.y - el.scrollTop,
                width: el.scrollWidth, height: el.clientHeight}; }""")
    assert a is not None
    assert a["x"] >= box["x"] - 0.5 and a["x"] + a["width"] <= box["x"] + box["width"] + 0.5
    assert a["y"] >= box["y"] - 0.5 and a["y"] + a["height"] <= box["y"] + box["height"] + 0.5


def test_keyboard_reaches_the_picture_then_its_marks(
        open_reader: Callable[..., Reader]) -> None:
    """Tab goes to the scroll box (named like the picture) and then to each mark's link,
    whose full text the tip shows when the label is shortened."""
    reader = open_reader(viewport=PHONE, is_mobile=True, has_touch=True)
    reader.open(CHRONOLOGY)
    box = reader.page.locator("figure.dossier-figure .dsvg-scroll").first
    box.focus()
    reader.page.keyboard.press("Tab")
    focused = reader.page.evaluate(
        "() => [document.activeElement.className, document.activeElement.getAttribute('href')]")
    first = reader.page.locator("figure.dossier-figure a.dsvg-link").first
    assert focused == [first.get_attribute("class"), first.get_attribute("href")]
    link, full = _first_shortened(reader)
    link.focus()
    expect(link.locator(".dsvg-tip")).to_have_text(full)
    # The focused mark is scrolled into view on the phone.
    assert link.evaluate("""el => { const r = el.getBoundingClientRect(),
        b = el.closest('.dsvg-scroll').getBoundingClientRect();
        return r.left >= b.left - 1 && r.right <= b.right + 1; }""")
