"""The example site, built as of 15/11/2024, read as a reader and a feed reader would."""

from __future__ import annotations

import json
import urllib.parse

import feedparser

from conftest import links, page_text

CAMPAIGN = "dot-thi-dua/lam-dong-cao-diem-2024-2025/index.html"


def test_campaign_page_shows_phases_with_vietnamese_dates(example):
    soup = example.soup(CAMPAIGN)
    phases = soup.select("ol.td-timeline__phases > li")
    assert [p.select_one(".td-phase__name").get_text(strip=True) for p in phases] == \
        ["Đợt 1", "Đợt 2", "Đợt 3"]
    assert [p.select_one(".td-phase__dates").get_text(strip=True) for p in phases] == \
        ["27/9/2024 – 31/12/2024", "tháng 1/2025 – tháng 8/2025", "tháng 9/2025 – tháng 12/2025"]
    assert "27/9/2024 – năm 2025" in page_text(soup)


def test_only_the_current_phase_is_marked(example):
    soup = example.soup(CAMPAIGN)
    marked = soup.select('[aria-current="step"]')
    assert len(marked) == 1
    assert "Đợt 1" in marked[0].get_text()
    assert "td-phase--current" in marked[0]["class"]
    statuses = [p["class"][1] for p in soup.select("ol.td-timeline__phases > li")]
    assert statuses == ["td-phase--current", "td-phase--upcoming", "td-phase--upcoming"]
    assert not soup.select_one("[data-td-today]").has_attr("hidden")


def test_campaign_links_parent_response_and_news(example):
    soup = example.soup(CAMPAIGN)
    hrefs = links(soup, "/dot-thi-dua/lam-dong-cao-diem-2024-2025/")
    assert "/dot-thi-dua/lam-dong-cao-diem-tinh-2024-2025/" in hrefs  # responds_to
    assert "/tin-tuc/2024/dang-uy-khoi-phat-dong-huong-ung-dot-cao-diem/" in hrefs
    assert "/dot-thi-dua/lam-dong-cao-diem-2024-2025/#dot-2" in hrefs  # the timeline's phases
    assert all(not h.startswith("https://thidua") for h in hrefs)  # relative, works anywhere
    parent = example.soup("dot-thi-dua/lam-dong-cao-diem-tinh-2024-2025/index.html")
    responses = parent.select_one("#huong-ung").find_next("ul")
    assert "/dot-thi-dua/lam-dong-cao-diem-2024-2025/" in links(
        responses, "/dot-thi-dua/lam-dong-cao-diem-tinh-2024-2025/", "li")


def test_phase_lists_its_announcements(example):
    soup = example.soup(CAMPAIGN)
    phase_one = soup.select_one("#dot-1")
    assert phase_one is not None
    assert "Đảng ủy Khối các cơ quan tỉnh phát động hưởng ứng" in phase_one.get_text()
    # The festival piece (6/12/2024) is after the as-of day: not yet published.
    assert "Festival Hoa Đà Lạt lần thứ X khai mạc" not in phase_one.get_text()


def test_announcement_page_links_campaign_phase_and_neighbours(example):
    soup = example.soup("tin-tuc/2024/dang-uy-khoi-phat-dong-huong-ung-dot-cao-diem/index.html")
    text = page_text(soup)
    assert "10/10/2024 14:40" in text
    facts = soup.select_one("dl.td-facts--after")
    hrefs = links(facts, "/tin-tuc/2024/dang-uy-khoi-phat-dong-huong-ung-dot-cao-diem/", "dd")
    assert "/dot-thi-dua/lam-dong-cao-diem-2024-2025/" in hrefs
    assert "/dot-thi-dua/lam-dong-cao-diem-2024-2025/#dot-1" in hrefs
    assert facts.find("a", string="Đợt 1") is not None
    assert soup.select_one("a.md-footer__link--prev") is not None


def test_drafts_and_future_items_are_absent_everywhere(example):
    future = "ky-ket-giao-uoc-thi-dua-nam-2027"
    draft = "so-ket-dot-1-dot-thi-dua-cao-diem"
    festival = "festival-hoa-da-lat-lan-thu-x-khai-mac"  # 6/12/2024, after the as-of day
    everything = [p for p in example.output.rglob("*") if p.is_file() and p.suffix in
                  (".html", ".xml", ".json", ".txt")]
    for path in everything:
        text = path.read_text(encoding="utf-8")
        for slug in (future, draft, festival):
            assert slug not in text, f"{slug} leaked into {path}"
    assert not (example.output / "tin-tuc/2027").exists()


def test_feed_is_valid_rss_with_vietnam_times(example):
    feed = feedparser.parse((example.output / "feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert feed.version == "rss20"
    assert feed.feed.link == "https://thidua.example.gov.vn/"  # the site, not the feed itself
    assert "¶" not in feed.entries[0].content[0].value
    titles = [e.title for e in feed.entries]
    assert titles[0] == "Đảng ủy Khối các cơ quan tỉnh phát động hưởng ứng đợt thi đua cao điểm"
    first = feed.entries[0]
    assert first.published == "Thu, 10 Oct 2024 14:40:00 +0700"
    assert tuple(first.published_parsed)[:5] == (2024, 10, 10, 7, 40)  # UTC
    assert first.id == "tag:thidua,2024-10-10:tin-tuc/dang-uy-khoi-phat-dong-huong-ung-dot-cao-diem"
    assert first.link == ("https://thidua.example.gov.vn/tin-tuc/2024/"
                          "dang-uy-khoi-phat-dong-huong-ung-dot-cao-diem/")
    dates = [e.published_parsed for e in feed.entries]
    assert dates == sorted(dates, reverse=True)


def test_feed_content_has_absolute_urls(example):
    xml = (example.output / "feed.xml").read_text(encoding="utf-8")
    feed = feedparser.parse(xml)
    with_image = [e for e in feed.entries if "<img" in e.content[0].value]
    for entry in with_image:
        assert 'src="https://thidua.example.gov.vn/media/' in entry.content[0].value


def test_home_shows_running_campaigns_events_and_news(example):
    soup = example.soup("index.html")
    running = soup.select_one("#dang-dien-ra").parent
    titles = [a.get_text(strip=True) for a in running.select(".td-card__title a")]
    assert any("Đảng ủy Khối các cơ quan tỉnh hưởng ứng" in t for t in titles)
    assert "Đợt 1 (27/9/2024 – 31/12/2024): đã qua" in page_text(running)
    events = soup.select_one("#su-kien").parent
    assert "tháng 12/2024" in events.get_text()
    news = soup.select_one("#tin-moi").parent
    assert news.select(".td-news-item")


def test_campaigns_index_groups_by_status(example):
    soup = example.soup("dot-thi-dua/index.html")
    assert soup.select_one("h2#current").get_text() == "Đang diễn ra"
    assert soup.select_one("h2#done") is None or soup.select_one("h2#done").get_text() == "Đã kết thúc"


def test_year_archive_lists_each_announcement_under_its_month(example):
    soup = example.soup("tin-tuc/2024/index.html")
    months = soup.select(".td-archive-month")
    assert [m.h2.get_text() for m in months] == ["Tháng 10", "Tháng 8", "Tháng 7", "Tháng 4"]
    for month in months:
        number = int(month.h2["id"].removeprefix("thang-"))
        times = [t["datetime"] for t in month.select("li time")]
        assert times and all(int(t[5:7]) == number for t in times)
        assert times == sorted(times, reverse=True)
    assert "Lâm Đồng phát động đợt thi đua cao điểm" in months[1].get_text()


def test_every_page_kind_exists(example):
    for output_path in ["index.html", "dot-thi-dua/index.html", CAMPAIGN, "lich-trinh/index.html",
                        "tin-tuc/index.html", "tin-tuc/2024/index.html", "gioi-thieu/index.html",
                        "khoi-thi-dua/index.html", "don-vi/index.html", "phong-trao/index.html",
                        "tinh/index.html", "404.html", "sitemap.xml", "robots.txt",
                        "search/search_index.json", "feed.xml"]:
        assert (example.output / output_path).is_file(), output_path


def test_search_index_in_materials_format(example):
    index = json.loads((example.output / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["vi"]
    locations = {d["location"]: d for d in index["docs"]}
    doc = locations["dot-thi-dua/lam-dong-cao-diem-2024-2025/"]
    assert doc["title"].startswith("Đảng ủy Khối các cơ quan tỉnh hưởng ứng")
    assert "Đợt 1" in doc["text"]


def test_search_index_lists_the_sites_own_pages_then_announcements_newest_first(example):
    # The search worker indexes the first pages first and answers from them first.
    docs = json.loads(example.text("search/search_index.json"))["docs"]
    news = [i for i, d in enumerate(docs) if d["location"].startswith("tin-tuc/20")]
    assert news and news == list(range(news[0], len(docs)))  # every other page before them
    assert any(d["location"].startswith("dot-thi-dua/") for d in docs[:news[0]])
    dates = [example.soup(f"{docs[i]['location']}index.html").find("time")["datetime"][:10]
             for i in news]
    assert dates == sorted(dates, reverse=True) and dates[0] > dates[-1]


def test_pages_search_through_the_chunking_worker_over_materials_own(example):
    worker = example.output / "assets/thidua/search-worker.js"
    for output_path in ["index.html", "tin-tuc/2024/index.html"]:
        config = json.loads(example.soup(output_path).find(id="__config").string)
        url = urllib.parse.urlsplit(config["search"])
        page_folder = (example.output / output_path).parent
        assert (page_folder / url.path).resolve() == worker.resolve()
        material = urllib.parse.parse_qs(url.query)["material"][0]
        assert (example.output / "assets/javascripts/workers" / material).is_file()


def test_sitemap_and_robots(example):
    sitemap = example.text("sitemap.xml")
    assert "<loc>https://thidua.example.gov.vn/dot-thi-dua/lam-dong-cao-diem-2024-2025/</loc>" in sitemap
    assert "404" not in sitemap
    assert "Sitemap: https://thidua.example.gov.vn/sitemap.xml" in example.text("robots.txt")


def test_no_page_loads_anything_from_another_host(example):
    for path in example.output.rglob("*.html"):
        soup = example.soup(path.relative_to(example.output).as_posix())
        for tag, attribute in (("link", "href"), ("script", "src"), ("img", "src")):
            for element in soup.find_all(tag):
                url = element.get(attribute, "")
                if tag == "link" and element.get("rel") in (["canonical"], ["alternate"]):
                    continue
                assert not url.startswith(("http:", "https:", "//")), f"{path}: {url}"


def test_interface_is_vietnamese_with_light_and_dark_palettes(example):
    soup = example.soup("index.html")
    assert soup.html["lang"] == "vi"
    toggles = soup.select("form[data-md-component=palette] input")
    assert [t["data-md-color-scheme"] for t in toggles] == ["default", "slate"]
    assert soup.select_one(".md-search__input")["placeholder"] == "Tìm kiếm"
