"""« Citer cette page » and page metadata in Chromium (issue 11).

On the real dossier, only what holds for any dossier: every record page kind ends with the
cite block, whose date consulted the browser fills in, in French, and whose permalink is the
page's address; every record page has a description and Open Graph tags; the block prints.
Distinct descriptions are checked on the frozen S-400 dossier (two records could share one).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from build_tools.labels import format_date, load_labels
from build_tools.model import FuzzyDate, Kind
from build_tools.paths import SECTIONS
from tests.browser_support import (
    SCREENSHOTS,
    Reader,
)

FR = load_labels("fr")
RECORD_KINDS = (Kind.EVENT, Kind.ACTOR, Kind.WEAPON, Kind.ARTICLE)
PHONE = {"width": 390, "height": 844}
DESKTOP_1366 = {"width": 1366, "height": 900}
PLACEHOLDER = FR["cite"]["consulted_unknown"]


def record_pages(site: Path) -> dict[Kind, list[str]]:
    """Site-relative URLs of the record pages built into ``site``, by kind."""
    return {kind: sorted(p.parent.relative_to(site).as_posix() + "/"
                         for p in (site / SECTIONS[kind]).glob("*/index.html"))
            for kind in RECORD_KINDS}


@pytest.fixture
def open_on(open_site: Callable[..., Reader]) -> Callable[..., Reader]:
    """Factory ``open_on(base, …)`` → a guarded Reader (browser_support's open_site)."""
    return open_site


def screenshot_path(name: str) -> Path:
    """Where a test saves a screenshot (test-artifacts/screenshots/NAME.png)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def today_in_french() -> str:
    today = datetime.date.today()
    return format_date(FuzzyDate(today.year, today.month, today.day), FR)


def meta(page: Page, key: str) -> list[str]:
    """The ``content`` of the <meta> elements named (or with the property) ``key``."""
    return page.eval_on_selector_all(
        f'meta[name="{key}"], meta[property="{key}"]', "els => els.map(e => e.content)")


def check_cite_block(reader: Reader, site_name: str) -> None:
    """The page ends with a filled-in « Citer cette page » block naming the page."""
    page = reader.page
    heading = page.locator("h2#citer-cette-page")
    assert heading.inner_text().removesuffix("¶").strip() == FR["cite"]["heading"]
    address = page.url.split("#")[0]
    permalink = page.locator("a.dossier-permalink")
    assert permalink.inner_text() == address
    assert permalink.get_attribute("data-copy-link") is not None
    citation = page.locator("p.dossier-citation").inner_text()
    title = reader.heading()
    assert f"«\u202f{title}\u202f»" in citation, citation
    assert site_name in citation and address in citation
    assert f"{FR['cite']['consulted']} {today_in_french()})." in citation, citation
    assert PLACEHOLDER not in citation
    # The block is the last section before the footnotes (the article's annotations).
    last_heading = page.eval_on_selector_all(
        "article h2", "hs => hs.filter(h => !h.closest('.footnote')).map(h => h.id)")
    assert "citer-cette-page" in last_heading


def test_every_record_page_kind_ends_with_the_cite_block(
        open_on: Callable[..., Reader], real_site: Path, real_url: str) -> None:
    reader = open_on(real_url)
    pages = record_pages(real_site / "site")
    assert any(pages.values())
    for kind, urls in pages.items():
        if not urls:
            continue  # a valid dossier may have no record of this kind
        reader.open(urls[0])
        (site_name,) = meta(reader.page, "og:site_name")  # mkdocs.yml's site_name
        check_cite_block(reader, site_name)
        description = meta(reader.page, "description")
        assert len(description) == 1 and description[0].strip(), (kind, description)
        assert meta(reader.page, "og:description") == description
        assert meta(reader.page, "og:title") == [reader.heading()]
        assert meta(reader.page, "og:type") == ["article"]
        assert meta(reader.page, "og:locale") == ["fr_FR"]
    # Section pages have no citation block of their own.
    reader.open(f"{SECTIONS[Kind.ACTOR]}/")
    assert reader.page.locator("#citer-cette-page").count() == 0


def test_record_descriptions_are_distinct(open_on: Callable[..., Reader], s400_site: Path,
                                          site_url: str) -> None:
    """On the frozen dossier: each record page describes itself, not the site."""
    reader = open_on(site_url)
    urls = [url for urls in record_pages(s400_site / "site").values() for url in urls]
    assert len(urls) > 20
    found: dict[str, str] = {}
    for url in urls:
        reader.page.goto(site_url + url, wait_until="domcontentloaded")
        (description,) = meta(reader.page, "description")
        found[url] = description
    reader.page.goto(site_url + "a-propos/", wait_until="domcontentloaded")
    (site_description,) = meta(reader.page, "description")
    assert all(found.values())
    assert len(set(found.values())) == len(found)
    assert site_description not in found.values()


def test_consulted_date_is_filled_after_instant_navigation(
        open_on: Callable[..., Reader], deployed_url: str) -> None:
    """Material swaps pages without reloading scripts: cite.js runs on each one (document$)."""
    reader = open_on(deployed_url)
    reader.open("evenements/")
    reader.page.evaluate("() => { window.__samePage = true; }")
    reader.page.locator("article td a").first.click()
    reader.page.locator("p.dossier-citation").wait_for()
    assert reader.page.evaluate("() => window.__samePage") is True  # no reload: instant
    assert today_in_french() in reader.page.locator("span.dossier-consulted").inner_text()
    assert reader.page.locator("a.dossier-permalink").inner_text() == reader.page.url.split("#")[0]


def test_without_javascript_the_citation_still_reads(
        open_on: Callable[..., Reader], s400_site: Path, site_url: str) -> None:
    reader = open_on(site_url, java_script_enabled=False)
    url = record_pages(s400_site / "site")[Kind.ACTOR][0]
    reader.page.goto(site_url + url)
    citation = reader.page.locator("p.dossier-citation").inner_text()
    assert f"{FR['cite']['consulted']} {PLACEHOLDER})." in citation
    assert f"{url}" in citation  # the site-relative address (built without SITE_URL)


@pytest.mark.parametrize(("name", "viewport"), [("1366", DESKTOP_1366), ("390", PHONE)])
def test_cite_block_fits_the_screen(open_on: Callable[..., Reader], s400_site: Path,
                                    site_url: str, name: str, viewport: dict[str, int]) -> None:
    reader = open_on(site_url, viewport=viewport)
    url = record_pages(s400_site / "site")[Kind.ARTICLE][0]
    reader.open(url)
    block = reader.page.locator("p.dossier-citation")
    block.scroll_into_view_if_needed()
    box = block.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"]
    assert reader.page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
    reader.page.locator("h2#citer-cette-page").scroll_into_view_if_needed()
    reader.page.screenshot(path=str(screenshot_path(f"cite-{name}")))


def test_print_shows_the_cite_block_without_navigation(
        open_on: Callable[..., Reader], s400_site: Path, site_url: str) -> None:
    reader = open_on(site_url)
    url = record_pages(s400_site / "site")[Kind.EVENT][0]
    reader.open(url)
    reader.page.emulate_media(media="print")
    for hidden in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer"):
        assert not reader.page.locator(hidden).first.is_visible(), hidden
    for shown in ("h2#citer-cette-page", "p.dossier-cite-permalink", "p.dossier-citation"):
        assert reader.page.locator(shown).is_visible(), shown
    citation = reader.page.locator("p.dossier-citation").inner_text()
    assert today_in_french() in citation
    reader.page.screenshot(path=str(screenshot_path("cite-print")), full_page=True)
