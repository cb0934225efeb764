"""Valid HTML (Nu Html Checker), axe-core in both palettes, keyboard, print, page weight."""

from __future__ import annotations

import gzip
import json
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import DESKTOP, PAGE_KINDS
from .test_pages import open_search, wait_for_results

TOOLS = Path(__file__).resolve().parent.parent / "node" / "node_modules"
VNU = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = TOOLS / "axe-core" / "axe.min.js"



def test_every_page_passes_the_nu_html_checker(site_dir):
    pages = sorted(str(p) for p in Path(site_dir).rglob("*.html"))
    run = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", *pages],
                         capture_output=True, text=True, timeout=300)
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').split('/site/')[-1]}:{m.get('lastLine')}: {m['message']}"
              for m in messages if m.get("type") == "error"]
    assert len(pages) > 60
    assert errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_axe_finds_no_violations(new_page, kind, scheme):
    page = new_page(viewport=DESKTOP, color_scheme=scheme)
    page.goto(PAGE_KINDS[kind], wait_until="networkidle")
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.dataset.mdColorScheme") == expected
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = page.evaluate("""async () => (await axe.run()).violations.map(
        v => v.id + ": " + v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", "))""")
    assert violations == []


def test_keyboard_skip_link_and_visible_focus(new_page):
    page = new_page(viewport=DESKTOP)
    page.goto(PAGE_KINDS["campaign"], wait_until="networkidle")
    page.keyboard.press("Tab")
    first = page.evaluate("[document.activeElement.classList.contains('md-skip'), "
                          "document.activeElement.textContent.trim()]")
    assert first == [True, "Bỏ qua, đến nội dung chính"]
    assert page.locator(".md-skip").is_visible()  # shown once focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#__noi-dung"
    for _ in range(3):  # the next stops are links of the page, each with a visible focus ring
        page.keyboard.press("Tab")
        style = page.evaluate("""(() => { const s = getComputedStyle(document.activeElement);
            return [document.activeElement.tagName, s.outlineStyle, s.outlineWidth]; })()""")
        assert style[0] in ("A", "LABEL", "INPUT", "BUTTON")
        assert style[1] != "none" and style[2] != "0px", style


@pytest.mark.parametrize("kind", ["campaign", "bloc", "announcement"])
def test_print_stylesheet(new_page, kind):
    page = new_page(viewport=DESKTOP)
    page.goto(PAGE_KINDS[kind], wait_until="networkidle")
    page.emulate_media(media="print")
    hidden = page.evaluate("""['.md-header', '.md-tabs', '.md-footer', '.md-sidebar--primary']
        .map(s => document.querySelector(s)).filter(Boolean)
        .map(e => getComputedStyle(e).display)""")
    assert set(hidden) == {"none"}
    assert page.evaluate("getComputedStyle(document.querySelector('article a')).textDecorationLine") \
        == "underline"
    if kind == "campaign":
        assert page.evaluate("getComputedStyle(document.querySelector('.td-timeline')).filter") \
            == "grayscale(1)"
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")


def test_campaign_page_weight_under_budget(new_page, record_property):
    page = new_page(viewport=DESKTOP)
    sizes: dict[str, int] = {}

    def count(response):
        if urlsplit(response.url).hostname == "127.0.0.1" and response.status == 200:
            sizes[response.url] = len(gzip.compress(response.body(), 6))

    page.on("response", count)
    page.goto(PAGE_KINDS["campaign"], wait_until="networkidle")
    total = sum(sizes.values())
    record_property("campaign_page_gzip_bytes", total)
    print(f"campaign page: {len(sizes)} requests, {total / 1024:.0f} KiB gzip")
    assert total < 300 * 1024, sorted(sizes.items(), key=lambda kv: -kv[1])[:5]


def _search(new_page, query: str) -> list[str]:
    page = new_page(viewport=DESKTOP, clock=None)  # Material debounces by the clock
    open_search(page).press_sequentially(query, delay=20)
    wait_for_results(page)
    return [urlsplit(a.get_attribute("href")).path
            for a in page.query_selector_all(".md-search-result__item > a")]


@pytest.mark.parametrize("query", ["thi đua", "thi dua"])
def test_search_with_and_without_diacritics_finds_the_campaigns(new_page, query):
    found = _search(new_page, query)
    for campaign in ("/dot-thi-dua/hau-giang-dac-biet-dai-hoi-dang-2025-2030/",
                     "/dot-thi-dua/lam-dong-cao-diem-2024-2025/"):
        assert campaign in found, (query, found)


@pytest.mark.parametrize("title, url", [
    ("Đợt thi đua đặc biệt lập thành tích chào mừng đại hội đảng bộ các cấp",
     "/dot-thi-dua/hau-giang-dac-biet-dai-hoi-dang-2025-2030/"),
    ("Thi đua đặc biệt lập thành tích chào mừng kỷ niệm 120 năm ngày thành lập tỉnh Đắk Lắk",
     "/dot-thi-dua/dak-lak-dac-biet-120-nam/"),
])
def test_a_campaign_title_finds_its_page_first(new_page, title, url):
    assert _search(new_page, title)[0] == url
