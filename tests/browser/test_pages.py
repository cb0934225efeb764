"""The example site as a reader sees it in Chromium."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from test_build import announcement

from .conftest import DESKTOP, PAGE_KINDS as KIND_URLS, PHONE, SCREENSHOTS, VIETNAM, served

SITE_TITLE = "Thi đua – Khen thưởng tỉnh Lâm Đồng"
CAMPAIGN = "/dot-thi-dua/lam-dong-cao-diem-2024-2025/"

# (name, path, or how to find it: (index page, selector of the first link there))
PAGE_KINDS = [
    ("home", "/"),
    ("campaigns", "/dot-thi-dua/"),
    ("campaign", CAMPAIGN),
    ("timeline", "/lich-trinh/"),
    ("news", "/tin-tuc/"),
    ("year-archive", "/tin-tuc/2024/"),
    ("announcement", ("/tin-tuc/", ".md-content .td-news-item__title a")),
    ("free-page", "/gioi-thieu/"),
    ("blocs", "/khoi-thi-dua/"),
    ("bloc", ("/khoi-thi-dua/", ".md-content .td-card__title a")),
    ("organizations", "/don-vi/"),
    ("movements", "/phong-trao/"),
    ("provinces", "/tinh/"),
    ("not-found", "/khong-co/"),
]


def first_link(page, index: str, selector: str) -> str:
    """The path the first `selector` link of `index` leads to (looked up in a
    page of its own, so that nothing of it shows in `page.watch`)."""
    finder = page.context.new_page()
    try:
        finder.goto(index)
        link = finder.locator(selector).first
        expect(link).to_be_visible()
        href = link.evaluate("a => new URL(a.href).pathname")
    finally:
        finder.close()
    assert href != index, f"first link of {index} points back to itself"
    return href


@pytest.mark.parametrize("where", [kind[1] for kind in PAGE_KINDS],
                         ids=[kind[0] for kind in PAGE_KINDS])
def test_page_kind_renders_cleanly(new_page, where):
    page = new_page(viewport=DESKTOP)
    path = first_link(page, *where) if isinstance(where, tuple) else where

    response = page.goto(path, wait_until="networkidle")

    assert response is not None
    if path == "/khong-co/":
        assert response.status == 404
    else:
        assert response.status == 200, f"{path}: HTTP {response.status}"

    header = page.locator(".md-header")
    expect(header).to_be_visible()
    expect(header.locator(".md-header__topic").first).to_contain_text(SITE_TITLE)
    expect(header.locator(".md-header__topic").first).to_be_visible()

    tabs = page.locator(".md-tabs")
    expect(tabs).to_be_visible()
    for name in ("Đợt thi đua", "Tin tức"):
        expect(tabs.get_by_role("link", name=name, exact=True)).to_be_visible()

    expect(page.locator("h1").first).to_be_visible()

    # A missing URL is answered 404 on purpose: Chromium logs that as an error.
    watch = page.watch
    expected_404 = response.url if response.status == 404 else None
    bad = [(status, url) for status, url in watch.bad_status if url != expected_404]
    console_errors = [(text, url) for text, url in watch.console_errors
                      if not (url == expected_404 and "status of 404" in text)]
    assert not console_errors, f"{path}: console errors: {console_errors}"
    assert not watch.page_errors, f"{path}: uncaught script errors: {watch.page_errors}"
    assert not watch.failed, f"{path}: failed requests: {watch.failed}"
    assert not bad, f"{path}: requests answered with an error status: {bad}"
    assert not watch.foreign_hosts(), f"{path}: requests leaving 127.0.0.1: {watch.foreign_hosts()}"


def open_search(page, url="/"):
    page.goto(url, wait_until="networkidle")
    label = page.locator("label[for=__search]").first
    search_input = page.locator(".md-search__input")
    if search_input.is_visible():
        search_input.click()
    else:
        label.click()
    expect(search_input).to_be_focused()
    return search_input


def wait_for_results(page):
    """Material's search worker answers; say why when it does not."""
    try:
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
    except PlaywrightTimeoutError:
        pytest.fail("no search result within 10 s; uncaught errors: "
                    f"{page.watch.page_errors}; console errors: {page.watch.console_errors}; "
                    f"result meta: {page.locator('.md-search-result__meta').inner_text()!r}")


def test_search_finds_text_of_a_phase(new_page):
    page = new_page(viewport=DESKTOP, clock=None)  # Material debounces by the clock
    search_input = open_search(page)
    search_input.press_sequentially("Festival", delay=30)
    wait_for_results(page)
    assert page.locator(".md-search-result__item").count() >= 1
    assert page.watch.foreign_hosts() == []


def test_search_finds_campaign_by_title_words(new_page):
    page = new_page(viewport=DESKTOP, clock=None)  # Material debounces by the clock
    search_input = open_search(page)
    search_input.press_sequentially("Hậu Giang", delay=30)
    wait_for_results(page)
    hrefs = page.locator(".md-search-result__item a[href]").evaluate_all(
        "links => links.map(a => a.href)")
    assert any("dot-thi-dua/hau-giang" in href for href in hrefs), hrefs


def test_search_of_a_large_site_answers_from_its_newest_pages_then_from_all(new_page, make_site):
    # Over 250 pages: the worker indexes the site's own pages and the newest announcements
    # first and answers from them, then from every chunk indexed after (search-worker.js).
    newest = dt.date(2024, 11, 14)
    files = {f"announcements/{day.year}/tin-{n}.md": announcement(
        f"Tin số {n}", day.isoformat(), body="Các đơn vị ký kết giao ước thi đua "
        + ("Chèshan." if n == 0 else "Ruộngbậcthang." if n == 299 else "năm nay."))
        for n, day in ((n, newest - dt.timedelta(days=n)) for n in range(300))}
    site = make_site(files)
    site.build()
    with served(site.output) as url:
        page = new_page(viewport=DESKTOP, clock=None)  # Material debounces by the clock
        search_input = open_search(page, f"{url}/")
        search_input.press_sequentially("Ruộngbậcthang", delay=30)  # the oldest only
        wait_for_results(page)
        hrefs = page.locator(".md-search-result__item a[href]").evaluate_all(
            "links => links.map(a => a.href)")
        assert [h.split("?")[0] for h in hrefs] == [f"{url}/tin-tuc/2024/tin-299/"]
        search_input.fill("")
        search_input.press_sequentially("giao ước", delay=30)  # on every announcement
        meta = page.locator(".md-search-result__meta")
        expect(meta).to_have_text(re.compile(r"^\d+ "), timeout=20_000)
        # Answered from more pages than the first chunk holds: chunks merged.
        page.wait_for_function(
            "() => parseInt(document.querySelector('.md-search-result__meta').textContent) >= 300",
            timeout=20_000)
    assert page.watch.page_errors == [] and page.watch.console_errors == []


@pytest.mark.parametrize(
    "moment, timezone_id, current",
    [
        (dt.datetime(2024, 11, 15, 12, 0, tzinfo=VIETNAM), "Asia/Ho_Chi_Minh", "Đợt 1"),
        (dt.datetime(2025, 3, 1, 12, 0, tzinfo=VIETNAM), "Asia/Ho_Chi_Minh", "Đợt 2"),
        (dt.datetime(2026, 6, 1, 12, 0, tzinfo=VIETNAM), "Asia/Ho_Chi_Minh", None),
        # 31/12/2024 20:00 UTC is already 1/1/2025 in Vietnam: Đợt 2, whatever the
        # reader's own time zone.
        (dt.datetime(2024, 12, 31, 20, 0, tzinfo=dt.timezone.utc), "UTC", "Đợt 2"),
    ],
    ids=["2024-11-15", "2025-03-01", "2026-06-01", "new-year-in-vietnam-only"],
)
def test_phase_status_follows_reader_clock(new_page, moment, timezone_id, current):
    page = new_page(viewport=DESKTOP, clock=moment, timezone_id=timezone_id)
    page.goto(CAMPAIGN)
    marked = page.locator('[aria-current="step"]')
    if current is None:
        expect(marked).to_have_count(0)
        expect(page.locator(".td-phase--current")).to_have_count(0)
    else:
        expect(marked).to_have_count(1)
        expect(marked).to_contain_text(current)
        expect(marked).to_have_class(re.compile(r"\btd-phase--current\b"))
    # Only the phase script matters here (search errors are test_page_kind_*'s).
    assert [e for e in page.watch.console_errors if "thidua" in e[1]] == []
    assert [e for e in page.watch.page_errors if "thidua.js" in e] == []


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("path", [KIND_URLS[k] for k in sorted(KIND_URLS)], ids=sorted(KIND_URLS))
def test_no_sideways_scroll(new_page, path, viewport):
    page = new_page(viewport=viewport)
    page.goto(path, wait_until="networkidle")
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= viewport["width"], f"{path}: page is {scroll_width}px wide"


@pytest.mark.parametrize("path", ["/", CAMPAIGN], ids=["home", "campaign"])
def test_phone_stacks_phases(new_page, path):
    page = new_page(viewport=PHONE)
    page.goto(path, wait_until="networkidle")

    phases = page.locator(".td-phase")
    assert phases.count() >= 2, f"{path}: no timeline with two phases"
    first, second = phases.nth(0).bounding_box(), phases.nth(1).bounding_box()
    assert first and second
    assert second["y"] >= first["y"] + first["height"] - 1, (
        f"{path}: phases side by side on a phone: {first} / {second}")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name, path", sorted(KIND_URLS.items()), ids=sorted(KIND_URLS))
def test_screenshots(new_page, viewport, name, path):
    page = new_page(viewport=viewport)
    page.goto(path, wait_until="networkidle")
    page.evaluate("document.fonts.ready")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    label = "desktop" if viewport is DESKTOP else "phone"
    target = SCREENSHOTS / f"{name}-{label}-{viewport['width']}.png"
    # Material fades the tabs in: finish transitions so they are not caught halfway.
    page.screenshot(path=str(target), full_page=True, animations="disabled")
    assert target.stat().st_size > 10_000
