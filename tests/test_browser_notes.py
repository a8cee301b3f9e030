"""Editorial notes that behave as announced, and axe on every page (issue #11), in Chromium.

An annotated passage is a ``<mark>`` followed by its footnote reference; Material's
``content.footnote.tooltips`` shows the note while the reference is hovered or focused, and
docs/javascripts/notes.js lends the reference the passage's hover and tap (and keeps a tap
on a phone in place instead of jumping to the notes). These tests pin that behaviour, which
leans on Material's tooltip events, on the frozen dossier (content known) and, generically,
on the real one (any annotated article).

axe-core runs on every page of the real site in the light and the dark scheme: what holds
for any dossier, since every page is generated from the same templates and stylesheet.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Locator, Page

from tests.browser_support import (
    ARTICLE,
    SCREENSHOTS,
    Reader,
    guard_context,
)

WIDE = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
PHONE_OPTIONS: dict[str, Any] = {"viewport": PHONE, "is_mobile": True, "has_touch": True}
MIN_TARGET = 24  # px, WCAG 2.5.8 (target size, minimum)
TAP_TARGETS = ".md-content :is(a.footnote-ref, a.dossier-paranum, a.footnote-backref)"
OPEN_NOTE = ".md-tooltip2--active"


# -- the real site, served like the frozen one -----------------------------------------


@pytest.fixture
def open_real_reader(open_site: Callable[..., Reader], real_url: str) -> Callable[..., Reader]:
    """Like ``open_reader``, on the real site: guarded readers, checked at teardown."""
    return lambda **options: open_site(real_url, **{"viewport": WIDE, **options})


# -- helpers -----------------------------------------------------------------------------


def noted_passage(page: Page) -> tuple[Locator, Locator, str]:
    """The first annotated passage without a link inside (so a tap on it is not a tap on
    a link), its footnote reference and the start of its note's text."""
    index = page.evaluate("""() => [...document.querySelectorAll('p.dossier-para mark')]
        .findIndex(m => !m.querySelector('a') && m.nextElementSibling
                        && m.nextElementSibling.matches('sup[id^="fnref"]'))""")
    assert index >= 0, "no annotated passage without a link on this page"
    mark = page.locator("p.dossier-para mark").nth(index)
    ref = mark.locator("xpath=following-sibling::sup[1]/a[contains(@class,'footnote-ref')]")
    note_id = (ref.get_attribute("href") or "").split("#")[1]
    note = page.locator(f'li[id="{note_id}"]').inner_text().split("↩")[0].strip()
    assert note, note_id
    return mark, ref, note[:40]


def wait_for_note(page: Page, note: str) -> None:
    """Wait until Material's tooltip is open and shows NOTE; fail if it does not."""
    page.wait_for_function(
        """note => [...document.querySelectorAll('.md-tooltip2--active')]
            .some(t => t.innerText.includes(note)
                       && getComputedStyle(t).opacity === '1')""",
        arg=note, timeout=5_000)


def note_closed(page: Page) -> bool:
    """Whether no note tooltip is open."""
    return page.locator(OPEN_NOTE).count() == 0


def tap_first_line(page: Page, element: Locator) -> None:
    """Tap the middle of the element's first line box (a passage may span lines, and
    the middle of its bounding box may fall outside its text)."""
    x, y = element.evaluate("""e => { const r = e.getClientRects()[0];
        return [r.left + r.width / 2, r.top + r.height / 2]; }""")
    page.touchscreen.tap(x, y)


def small_targets(page: Page) -> list[str]:
    """The note references, paragraph numbers and backlinks that do not answer to a tap
    everywhere in a 24 × 24 px square centred on them (the area may be drawn by a
    pseudo-element, which the link's own box does not include)."""
    found: list[str] = page.eval_on_selector_all(
        TAP_TARGETS, """(links, min) => links.filter(a => {
            a.scrollIntoView({block: 'center'});
            const r = a.getBoundingClientRect(), x = r.left + r.width / 2,
                  y = r.top + r.height / 2, h = min / 2 - 0.5;
            return [[-h, -h], [h, -h], [-h, h], [h, h], [0, 0]].some(([dx, dy]) => {
                const hit = document.elementFromPoint(x + dx, y + dy);
                return !hit || !(a === hit || a.contains(hit)); });
        }).map(a => `${a.className} ${a.getAttribute('href')}`)""", MIN_TARGET)
    return found


def shot(page: Page, name: str) -> None:
    """Save what the reader sees (the viewport) to test-artifacts/screenshots/NAME.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def check_hover_and_keyboard(reader: Reader) -> None:
    """Hovering the passage shows its note, leaving it hides it, and tabbing to the
    passage's reference shows it again."""
    page = reader.page
    mark, ref, note = noted_passage(page)
    mark.scroll_into_view_if_needed()
    mark.hover()
    wait_for_note(page, note)
    page.mouse.move(1, 1)
    page.wait_for_function("() => !document.querySelector('.md-tooltip2--active')",
                           timeout=5_000)
    # Keyboard: from the paragraph's number, Tab reaches the reference.
    mark.locator("xpath=ancestor::p[1]/a[contains(@class,'dossier-paranum')]").focus()
    for _ in range(40):
        if ref.evaluate("a => a === document.activeElement"):
            break
        page.keyboard.press("Tab")
    assert ref.evaluate("a => a === document.activeElement"), "Tab never reached the note"
    wait_for_note(page, note)


def check_tap(reader: Reader) -> None:
    """On a phone, tapping the passage or its reference shows the note in place: no
    scroll to the notes at the bottom, no jump to their anchor."""
    page = reader.page
    mark, ref, note = noted_passage(page)
    mark.scroll_into_view_if_needed()
    url, before = page.url, page.evaluate("scrollY")
    tap_first_line(page, mark)
    wait_for_note(page, note)
    assert (page.url, page.evaluate("scrollY")) == (url, before)
    close_note(page)
    tap_first_line(page, ref)
    wait_for_note(page, note)
    assert (page.url, page.evaluate("scrollY")) == (url, before)
    box = page.locator(OPEN_NOTE).locator(".md-tooltip2__inner").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    close_note(page)


def close_note(page: Page) -> None:
    """Tap outside the text; the open note closes (and, once faded out, is removed)."""
    page.touchscreen.tap(5, PHONE["height"] - 5)
    page.wait_for_function("() => !document.querySelector('.md-tooltip2')", timeout=5_000)


# -- the frozen dossier: content known ---------------------------------------------------


def test_hovering_or_focusing_a_passage_shows_its_note(
        open_reader: Callable[..., Reader]) -> None:
    """Desktop: the highlighted passage itself opens its note, by mouse and by keyboard."""
    reader = open_reader(viewport=WIDE)
    reader.open(ARTICLE)
    assert reader.page.locator("mark.dossier-noted").count() == 7  # notes.js wired them all
    check_hover_and_keyboard(reader)
    shot(reader.page, "note-ouverte-1366")


def test_tapping_a_passage_shows_its_note_in_place(
        open_reader: Callable[..., Reader]) -> None:
    """Phone, 390 px: a tap shows the note where the passage is, and every note reference,
    paragraph number and backlink is at least 24 × 24 px."""
    phone = open_reader(**PHONE_OPTIONS)
    phone.open(ARTICLE)
    check_tap(phone)
    mark, _, note = noted_passage(phone.page)
    tap_first_line(phone.page, mark)
    wait_for_note(phone.page, note)
    shot(phone.page, "note-ouverte-390")
    close_note(phone.page)
    assert small_targets(phone.page) == []


def test_a_link_inside_a_passage_is_still_a_link(open_reader: Callable[..., Reader]) -> None:
    """A tap on an entity linked inside an annotated passage follows the link (notes.js
    lends the passage's taps to its note, not its links')."""
    phone = open_reader(**PHONE_OPTIONS)
    phone.open(ARTICLE)
    link = phone.page.locator("p.dossier-para mark a").first
    target: str = link.evaluate("a => a.href")
    link.scroll_into_view_if_needed()
    tap_first_line(phone.page, link)
    phone.page.wait_for_url(target)


def test_notes_survive_instant_navigation(browser: Browser, deployed_url: str) -> None:
    """With SITE_URL set, Material swaps pages without reloading them (instant navigation):
    the article reached that way still opens its notes from the passages.

    Material only navigates instantly to the pages its sitemap.xml lists, and record pages
    are out of the nav; this test serves a sitemap that lists the article, as a deployment
    whose sitemap lists every page would.
    """
    context = browser.new_context(locale="fr-FR", viewport=WIDE)
    problems: list[str] = []
    guard_context(context, deployed_url, problems)
    sitemap = ('<?xml version="1.0" encoding="UTF-8"?>'
               '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
               + "".join(f"<url><loc>{deployed_url}{page}</loc></url>"
                         for page in ("", "articles/", ARTICLE))
               + "</urlset>")
    context.route(f"{deployed_url}sitemap.xml", lambda route: route.fulfill(
        body=sitemap, content_type="application/xml"))
    reader = Reader(context.new_page(), deployed_url, problems)
    reader.open("articles/")
    reader.page.evaluate("window.__sameDocument = true")
    reader.page.locator(f'article a[href$="{ARTICLE.split("/")[1]}/"]').first.click()
    reader.page.locator("mark.dossier-noted").first.wait_for()
    assert reader.page.evaluate("window.__sameDocument === true"), "the page was reloaded"
    check_hover_and_keyboard(reader)
    context.close()
    assert not problems, "\n".join(problems)


# -- the real dossier: what holds for any dossier ----------------------------------------


def annotated_article(reader: Reader) -> str | None:
    """The site-relative URL of the first article page with a note, or None."""
    reader.open("articles/")
    links: list[str] = reader.page.eval_on_selector_all(
        "article a[href*='articles/']", "links => links.map(a => a.href)")
    for href in dict.fromkeys(links):
        reader.page.goto(href)
        reader.page.wait_for_load_state("load")
        if reader.page.evaluate("""() => [...document.querySelectorAll('p.dossier-para mark')]
                .some(m => !m.querySelector('a')
                           && m.nextElementSibling?.matches('sup[id^="fnref"]'))"""):
            return href.removeprefix(reader.base)
    return None


def test_real_notes_open_from_their_passage(open_real_reader: Callable[..., Reader]) -> None:
    """On the real dossier (any annotated article): hover, keyboard and tap open the note
    in place, and tap targets are at least 24 × 24 px."""
    desktop = open_real_reader()
    article = annotated_article(desktop)
    if article is None:
        pytest.skip("the dossier has no annotated passage")
    desktop.open(article)
    check_hover_and_keyboard(desktop)
    phone = open_real_reader(**PHONE_OPTIONS)
    phone.open(article)
    check_tap(phone)
    assert small_targets(phone.page) == []


def pages_to_check(site: Path) -> list[str]:
    """The pages of a built site axe checks, as site-relative URLs: every page that is not
    a record (home, section indexes and their pages, hand-written pages, the editors'
    guide) and the first record of each section: records of a section share one template,
    and checking them all would make the test grow with the dossier."""
    pages = sorted(("" if page.parent == site else f"{page.parent.relative_to(site)}/")
                   for page in site.rglob("index.html"))
    first_record: dict[str, str] = {}
    for page in pages:
        parts = page.rstrip("/").split("/")
        if len(parts) == 2 and not parts[1].isdigit():
            first_record.setdefault(parts[0], page)
    return [page for page in pages
            if page.count("/") <= 1 or page.rstrip("/").split("/")[-1].isdigit()
            or page in first_record.values()]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_real_pages_pass_axe(open_real_reader: Callable[..., Reader],
                             real_site: Path, scheme: str) -> None:
    """axe-core finds no serious or critical violation on the real site's pages (every
    kind, every hand-written page, the editors' guide and its code blocks) in either
    colour scheme."""
    pages = pages_to_check(real_site / "site")
    assert {"", "modifier-le-dossier/", "a-propos/", "articles/"} <= set(pages), pages
    reader = open_real_reader(color_scheme=scheme)
    found = []
    for page in pages:
        reader.page.goto(reader.base + page, wait_until="load")
        if scheme == "dark":
            assert reader.page.locator("body").get_attribute("data-md-color-scheme") == "slate"
        found += [f"{page or '/'}: {v}" for v in reader.axe_violations()]
    assert not found, "\n".join(found)
