"""Feeds of every scope, read by feedparser as a feed reader would."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urljoin

import feedparser

from test_build import announcement


def test_every_feed_of_the_example_site_parses(example):
    feeds = sorted(example.output.rglob("feed.xml")) + sorted(example.output.rglob("atom.xml"))
    assert len(feeds) > 20
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, f"{path}: {parsed.bozo_exception}"
        assert parsed.version == ("rss20" if path.name == "feed.xml" else "atom10")
        for entry in parsed.entries:
            published = dt.datetime(*entry.published_parsed[:6], tzinfo=dt.timezone.utc)
            assert published <= dt.datetime(2024, 11, 15, 17, 0, tzinfo=dt.timezone.utc)


def test_scope_feeds_and_discovery(example):
    campaign = feedparser.parse(
        (example.output / "dot-thi-dua/lam-dong-cao-diem-2024-2025/feed.xml").read_bytes())
    assert [e.title for e in campaign.entries] == [
        "Đảng ủy Khối các cơ quan tỉnh phát động hưởng ứng đợt thi đua cao điểm"]
    atom = feedparser.parse(
        (example.output / "dot-thi-dua/lam-dong-cao-diem-2024-2025/atom.xml").read_bytes())
    assert atom.entries[0].id == campaign.entries[0].id
    assert atom.entries[0].published == "2024-10-10T14:40:00+07:00"
    soup = example.soup("dot-thi-dua/lam-dong-cao-diem-2024-2025/index.html")
    page = "/dot-thi-dua/lam-dong-cao-diem-2024-2025/"
    alternates = [urljoin(page, link["href"]) for link in soup.select('head link[rel~="alternate"]')]
    assert alternates == ["/feed.xml", "/atom.xml", page + "feed.xml", page + "atom.xml"]
    assert urljoin(page, soup.select_one(".td-subscribe a")["href"]) == page + "feed.xml"
    assert example.soup("index.html").select_one(".td-subscribe") is None


def test_merged_province_feed_lives_on_under_its_successor(example):
    can_tho = feedparser.parse((example.output / "tinh/can-tho/feed.xml").read_bytes())
    hau_giang = feedparser.parse((example.output / "tinh/hau-giang/feed.xml").read_bytes())
    assert hau_giang.entries
    assert {e.id for e in hau_giang.entries} <= {e.id for e in can_tho.entries}


def test_one_announcement_in_two_campaigns_has_one_id(make_site):
    site = make_site({
        "campaigns/a.yml": "title: A\nstart: 2024\nend: 2025\n",
        "campaigns/b.yml": "title: B\nstart: 2024\nend: 2025\n",
        "announcements/2024/chung.md": announcement("Tin chung", "2024-10-01 09:30",
                                                    "campaigns: [a, b]\n"),
    })
    site.build()
    ids = [feedparser.parse(site.text(f"dot-thi-dua/{c}/feed.xml")).entries[0].id for c in "ab"]
    assert ids == ["tag:thidua,2024-10-01:tin-tuc/chung"] * 2
    entry = feedparser.parse(site.text("dot-thi-dua/a/feed.xml")).entries[0]
    assert [t.term for t in entry.tags] == ["A", "B"]


def test_awkward_titles_and_empty_feeds(make_site):
    title = "Thi đua & khen thưởng <2025> \"đặc biệt\" 'năm' 🎉 " + "rất dài " * 40
    site = make_site({
        "campaigns/trong.yml": "title: Chưa có tin\nstart: 2024\nend: 2025\n",
        "announcements/2024/kho.md": announcement(repr(title.strip()).replace("\\'", "''"),
                                                  "2024-10-01"),
    })
    site.build()
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse(site.text(name))
        assert not parsed.bozo
        assert parsed.entries[0].title == title.strip()
        empty = feedparser.parse(site.text(f"dot-thi-dua/trong/{name}"))
        assert not empty.bozo and empty.entries == []
        assert empty.feed.title == "Chưa có tin – Thi đua tỉnh Thử"


def test_image_enclosure_with_length_and_type(make_site):
    site = make_site({
        "media/2024/anh.png": b"\x89PNG\r\n\x1a\n" + b"0" * 92,
        "announcements/2024/a.md": announcement("A", "2024-10-01", "image: media/2024/anh.png\n"),
    })
    site.build()
    for name in ("feed.xml", "atom.xml"):
        entry = feedparser.parse(site.text(name)).entries[0]
        enclosure = entry.enclosures[0]
        assert (enclosure.href, enclosure.length, enclosure.type) == (
            "https://thidua.example.gov.vn/media/2024/anh.png", "100", "image/png")
        assert entry.link == "https://thidua.example.gov.vn/tin-tuc/2024/a/", "the page, not the image"


def test_atom_entries_hold_html_and_a_summary_as_rss_items_do(example):
    rss = feedparser.parse((example.output / "feed.xml").read_bytes()).entries[0]
    atom = feedparser.parse((example.output / "atom.xml").read_bytes()).entries[0]
    assert atom.id == rss.id and atom.title == rss.title and atom.link == rss.link
    assert atom.summary == rss.summary
    assert atom.content[0].type == "text/html"
    assert atom.content[0].value == rss.content[0].value
    assert atom.content[0].value.startswith("<p>")


def test_announcement_links_its_campaign_feeds(example):
    page = "/tin-tuc/2024/dang-uy-khoi-phat-dong-huong-ung-dot-cao-diem/"
    soup = example.soup(page.lstrip("/") + "index.html")
    alternates = [urljoin(page, link["href"]) for link in soup.select('head link[rel~="alternate"]')
                  if link["type"] == "application/rss+xml"]
    assert alternates == ["/feed.xml", "/dot-thi-dua/lam-dong-cao-diem-2024-2025/feed.xml",
                          "/khoi-thi-dua/khoi-thi-dua-cac-co-quan-dang-tinh-lam-dong/feed.xml"]


def test_drafts_stay_out_of_feeds_even_in_preview(make_site):
    site = make_site({"announcements/2024/nhap.md": announcement("Nháp", "2024-10-01", "draft: true\n"),
                      "announcements/2024/sau.md": announcement("Sau", "2025-01-01")})
    site.build(drafts=True)
    assert (site.output / "tin-tuc/2024/nhap/index.html").is_file()
    assert feedparser.parse(site.text("feed.xml")).entries == []
