"""Incremental builds, asserted by what was rendered, never by time."""

from __future__ import annotations

from test_build import CAMPAIGN, announcement
from test_directory import BLOC_SITE

SITE = {
    **BLOC_SITE,
    "campaigns/c.yml": CAMPAIGN,
    "announcements/2024/mot.md": announcement("Tin một", "2024-09-01", "campaign: c\nblocs: [khoi-dang]\n"),
    "announcements/2024/hai.md": announcement("Tin hai", "2024-09-02"),
    "announcements/2024/ba.md": announcement("Tin ba", "2024-09-03"),
    "announcements/2024/bon.md": announcement("Tin bốn", "2024-09-04"),
}


def test_nothing_changed_renders_nothing(make_site):
    site = make_site(SITE)
    first = site.build()
    assert first.reused == 0 and first.rendered > 20
    again = site.build()
    assert (again.rendered, again.reused) == (0, first.rendered)
    assert site.soup("tin-tuc/2024/mot/index.html").select_one("article h1").get_text() == "Tin một"


def test_editing_one_announcement_renders_its_page_lists_and_owners(make_site):
    site = make_site(SITE)
    site.build()
    site.write({"announcements/2024/mot.md": announcement(
        "Tin một (sửa)", "2024-09-01", "campaign: c\nblocs: [khoi-dang]\n")})
    result = site.build()
    assert result.rendered_paths == sorted([
        "tin-tuc/2024/mot/index.html",            # the announcement
        "tin-tuc/2024/hai/index.html",            # its neighbours show its title
        "tin-tuc/2024/tin-dak-nong/index.html",
        "index.html", "tin-tuc/index.html", "tin-tuc/2024/index.html",   # lists it appears in
        "dot-thi-dua/c/index.html", "khoi-thi-dua/khoi-dang/index.html",  # its campaign and bloc
        "tinh/lam-dong/index.html",               # its campaign's and bloc's province
    ])
    assert "Tin một (sửa)" in site.text("feed.xml")
    assert "Tin một (sửa)" in site.text("dot-thi-dua/c/feed.xml")
    assert "Tin một (sửa)" in site.text("search/search_index.json")
    assert "Tin một (sửa)" in site.text("tin-tuc/2024/hai/index.html")


def test_editing_one_campaign(make_site):
    site = make_site(SITE)
    site.build()
    site.write({"campaigns/c.yml": CAMPAIGN.replace("Đợt thi đua cao điểm năm 2025",
                                                    "Đợt thi đua cao điểm năm 2025 (sửa)")})
    result = site.build()
    assert result.rendered_paths == sorted([
        "dot-thi-dua/c/index.html", "dot-thi-dua/index.html", "lich-trinh/index.html", "index.html",
        "theo-doi/index.html",                     # lists the campaign's feed
        "tin-tuc/2024/mot/index.html",             # names its campaign
        "tin-tuc/index.html", "tin-tuc/2024/index.html",  # list items show campaign titles
        "khoi-thi-dua/khoi-dang/index.html",       # takes part in it; shows the campaign
        "tinh/lam-dong/index.html",
        "don-vi/van-phong/index.html",             # issuer of the campaign
    ])


def test_editing_a_template_renders_every_page(make_site):
    site = make_site(SITE)
    first = site.build()
    (site.root / "theme").mkdir()
    (site.root / "theme/page.html").write_text('{% extends "main.html" %}', encoding="utf-8")
    result = site.build()
    assert (result.rendered, result.reused) == (first.rendered, 0)


def test_a_new_day_renders_only_pages_showing_status(make_site):
    site = make_site(SITE)
    site.build()
    import datetime as dt
    result = site.build(as_of=dt.date(2024, 11, 16))
    assert result.rendered_paths == sorted([
        "index.html", "dot-thi-dua/index.html", "lich-trinh/index.html",
        "dot-thi-dua/c/index.html", "dot-thi-dua/cao-diem/index.html"])


def test_corrupt_cache_or_missing_output_is_never_trusted(make_site):
    site = make_site(SITE)
    first = site.build()
    caches = list((site.root / ".cache").glob("*.sqlite"))
    assert caches
    for cache in caches:
        cache.write_bytes(b"not a database" * 100)
    assert site.build().rendered == first.rendered
    (site.output / "tin-tuc/2024/ba/index.html").unlink()
    result = site.build()
    assert result.rendered_paths == ["tin-tuc/2024/ba/index.html"]
    assert (site.output / "tin-tuc/2024/ba/index.html").is_file()
