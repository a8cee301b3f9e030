"""Event and entity pages in Chromium (issue 11): quote permalinks and their copy control
(clipboard API, and the fallback without it, also after Material's instant navigation), the
chronology pagers, and the phone layout.

Content-specific checks run on the frozen dossier (``site_url``, ``deployed_url``); on the
real dossier only what holds for any dossier: every quote has an anchor and a copy control.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from tests.browser_support import (
    DESKTOP,
    Reader,
    guard_context,
)
from tests.test_render import real

KREMLIN_EVENT = "evenements/rencontre-poutine-erdogan-kremlin-2019/"
PHONE = {"width": 390, "height": 844}
CLIPBOARD = ["clipboard-read", "clipboard-write"]
# Without the clipboard API (as on a plain-http site): the fallback must take over.
NO_CLIPBOARD = "Object.defineProperty(navigator, 'clipboard', {value: undefined});"


def event_path(event_id: str) -> str:
    return f"evenements/{event_id}/"


def copy_and_read(reader: Reader, index: int = 0, key: str | None = None) -> tuple[str, str]:
    """Use the ``index``-th copy control (click, or ``key`` once focused); return the
    permalink it should copy and what the clipboard holds."""
    control = reader.page.locator("a.dossier-copy-link").nth(index)
    anchor: str = control.evaluate("a => a.hash")  # Material may make the href absolute
    assert anchor.startswith("#q-")
    if key:
        control.focus()
        control.press(key)
    else:
        control.click()
    expect(reader.page.locator(".dossier-copy-status")).to_have_text("Lien copié.")
    clipboard: str = reader.page.evaluate("navigator.clipboard.readText()")
    return reader.page.url.split("#")[0] + anchor, clipboard


def test_each_quote_has_an_anchor_and_its_control_copies_the_permalink(
        open_reader: Callable[..., Reader], site_url: str) -> None:
    reader = open_reader(permissions=CLIPBOARD)
    reader.open(KREMLIN_EVENT)
    controls = reader.page.locator("a.dossier-copy-link")
    assert controls.count() == 5
    for n in range(controls.count()):
        anchor = controls.nth(n).evaluate("a => a.hash")[1:]
        quote = reader.page.locator(f"blockquote > p.dossier-quote[id='{anchor}']")
        expect(quote).to_have_count(1)
        expect(controls.nth(n)).to_have_attribute(
            "aria-label", "Copier le lien de cette citation")
    expected, copied = copy_and_read(reader, 1)
    assert copied == expected
    assert copied == f"{site_url}{KREMLIN_EVENT}#q-poutine-erdogan-kremlin-2019-p2-1"
    assert reader.page.url == site_url + KREMLIN_EVENT  # copying does not navigate
    # Keyboard: Enter (a link) and Space (role="button") copy too.
    for n, key in ((2, "Enter"), (3, " ")):
        reader.page.evaluate("navigator.clipboard.writeText('')")
        expected, copied = copy_and_read(reader, n, key)
        assert copied == expected, key
    # The permalink shows the quote, below the sticky header.
    reader.open(f"{KREMLIN_EVENT}#q-poutine-erdogan-kremlin-2019-p3-1")
    top, bottom, header, height = reader.page.evaluate("""() => {
        const quote = document.getElementById('q-poutine-erdogan-kremlin-2019-p3-1')
            .getBoundingClientRect();
        return [quote.top, quote.bottom,
                document.querySelector('.md-header').getBoundingClientRect().bottom,
                window.innerHeight]; }""")
    assert header <= top < 300 and bottom <= height


def test_without_the_clipboard_api_the_link_is_selected_to_copy_by_hand(
        open_reader: Callable[..., Reader], site_url: str) -> None:
    reader = open_reader()
    reader.page.add_init_script(NO_CLIPBOARD)
    reader.open(KREMLIN_EVENT)
    assert reader.page.evaluate("navigator.clipboard") is None
    reader.page.locator("a.dossier-copy-link").first.click()
    fallback = reader.page.locator("label.dossier-copy-fallback")
    expect(fallback).to_have_count(1)
    expect(fallback).to_contain_text("Copiez ce lien\u202f:")
    field = fallback.locator("input")
    url = f"{site_url}{KREMLIN_EVENT}#q-poutine-erdogan-kremlin-2019-p1-1"
    expect(field).to_have_value(url)
    expect(field).to_be_focused()
    selected = reader.page.evaluate(
        "[document.activeElement.selectionStart, document.activeElement.selectionEnd]")
    assert selected == [0, len(url)]
    assert field.get_attribute("readonly") is not None
    # Using it again replaces the field rather than adding another one.
    reader.page.locator("a.dossier-copy-link").first.click()
    expect(fallback).to_have_count(1)


def test_copy_link_works_after_instant_navigation(browser: Browser, deployed_url: str) -> None:
    """Material's instant navigation replaces the page without reloading scripts: the
    controls of the new page are set up through ``document$``."""
    context = browser.new_context(locale="fr-FR", viewport=DESKTOP, permissions=CLIPBOARD)
    problems: list[str] = []
    guard_context(context, deployed_url, problems)
    reader = Reader(context.new_page(), deployed_url, problems)
    reader.open("evenements/")
    reader.page.evaluate("window.__samePage = true")
    reader.page.locator("article a[href$='rencontre-poutine-erdogan-kremlin-2019/']").first.click()
    reader.page.wait_for_url(f"**/{KREMLIN_EVENT}")
    expect(reader.page.locator("a.dossier-copy-link")).to_have_count(5)
    assert reader.page.evaluate("window.__samePage") is True  # no full reload
    expected, copied = copy_and_read(reader)
    assert copied == expected
    assert copied == f"{deployed_url}{KREMLIN_EVENT}#q-poutine-erdogan-kremlin-2019-p1-1"
    context.close()
    assert not problems, "\n".join(problems)


def test_pagers_go_to_the_chronological_neighbours(reader: Reader) -> None:
    dossier, _ = real()
    order = dossier.chronology
    # Forward through the whole chronology with the closing pager...
    reader.open(event_path(order[0]))
    visited = [reader.path()]
    expect(reader.page.locator("p.dossier-pager a[rel='prev']")).to_have_count(0)
    expect(reader.page.locator("p.dossier-pager .dossier-pager-prev")).to_have_text(
        "Premier événement de la chronologie.")
    while reader.page.locator("p.dossier-pager a[rel='next']").count():
        reader.page.locator("p.dossier-pager a[rel='next']").click()
        reader.page.wait_for_load_state()
        visited.append(reader.path())
    assert visited == [f"/{event_path(e)}" for e in order]
    assert reader.heading() == dossier.events[order[-1]].title
    # ...and one step back with the compact pager under the infobox.
    compact = reader.page.locator("p.dossier-pager-compact a[rel='prev']")
    # Material drops link titles at run time: the title is in the accessible name.
    expect(compact).to_have_attribute("aria-label", re.compile(
        rf"^Événement précédent\u202f: .+ — {re.escape(dossier.events[order[-2]].title)}$"))
    compact.click()
    reader.page.wait_for_url(f"**/{event_path(order[-2])}")
    assert reader.heading() == dossier.events[order[-2]].title


@pytest.mark.parametrize("path", [KREMLIN_EVENT, "acteurs/turquie/"])
def test_record_pages_fit_a_phone(open_reader: Callable[..., Reader], path: str) -> None:
    reader = open_reader(viewport=PHONE, is_mobile=True, has_touch=True)
    reader.open(path)
    width = reader.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]
    for box in reader.page.locator("a.dossier-copy-link").evaluate_all(
            "els => els.map(e => e.getBoundingClientRect()).map(r => [r.width, r.height])"):
        assert box[0] >= 24 and box[1] >= 24, box
    reader.screenshot(f"pages-{path.strip('/').replace('/', '-')}-390")


# -- the real dossier: what holds for any dossier ------------------------------------------


def test_real_event_quotes_have_anchors_and_copy_controls(
        browser: Browser, real_site: Path, real_url: str) -> None:
    context = browser.new_context(locale="fr-FR", viewport=DESKTOP, permissions=CLIPBOARD)
    problems: list[str] = []
    guard_context(context, real_url, problems)
    reader = Reader(context.new_page(), real_url, problems)
    events = sorted(p.parent.name for p in (real_site / "site" / "evenements").glob("*/index.html"))
    for event_id in events:
        reader.open(event_path(event_id))
        found = reader.page.evaluate("""() => [...document.querySelectorAll('a.dossier-copy-link')]
            .map(a => [a.hash, a.pathname === location.pathname
                       && !!document.querySelector('blockquote > p.dossier-quote' + a.hash)])""")
        assert found, event_id  # every event cites at least one quote
        assert all(present for _, present in found), event_id
        assert len({href for href, _ in found}) == len(found), event_id
        expect(reader.page.locator("p.dossier-pager[role='navigation']")).to_have_count(1)
    if events:
        expected, copied = copy_and_read(reader)
        assert copied == expected
    context.close()
    assert not problems, "\n".join(problems)
