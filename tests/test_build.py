"""Behaviour of builds on small sites written inside the tests."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import zipfile
from urllib.parse import urljoin

import feedparser
import pytest

from conftest import REPO, page_text
from generator import ContentError

CAMPAIGN = """
    title: Đợt thi đua cao điểm năm 2025
    kind: peak
    province: lam-dong
    issuer: van-phong
    start: 2025-01-01
    end: năm 2025
    phases:
      - name: Đợt 1
        start: 1/2025
        end: quý I/2025
        milestones:
          - {date: 15/2/2025, title: Hội nghị giữa đợt}
      - start: 2025-04
        end: 2025-Q4
    reviews:
      - {kind: final, date: quý I/2026}
"""


def announcement(title: str, date: str, extra: str = "", body: str = "Nội dung.") -> str:
    return f"---\ntitle: {title}\ndate: {date}\n{extra}---\n\n{body}\n"


def test_all_date_notations_display_in_vietnamese(make_site):
    site = make_site({"campaigns/c.yml": CAMPAIGN})
    site.build(as_of=dt.date(2025, 2, 1))
    text = page_text(site.soup("dot-thi-dua/c/index.html"))
    assert "1/1/2025 – năm 2025" in text
    assert "Đợt 1 tháng 1/2025 – quý I/2025" in text
    assert "Đợt 2 tháng 4/2025 – quý IV/2025" in text  # default phase name
    assert "15/2/2025: Hội nghị giữa đợt" in text
    assert "Tổng kết: quý I/2026" in text


@pytest.mark.parametrize("as_of, current", [
    (dt.date(2024, 12, 31), None), (dt.date(2025, 1, 1), "Đợt 1"), (dt.date(2025, 3, 31), "Đợt 1"),
    (dt.date(2025, 4, 1), "Đợt 2"), (dt.date(2026, 1, 1), None)])
def test_current_phase_follows_as_of(make_site, as_of, current):
    site = make_site({"campaigns/c.yml": CAMPAIGN})
    site.build(as_of=as_of)
    marked = site.soup("dot-thi-dua/c/index.html").select('[aria-current="step"]')
    assert [m.select_one(".td-phase__name").get_text() for m in marked] == ([current] if current else [])


def test_drafts_and_future_only_with_drafts_flag(make_site):
    site = make_site({
        "announcements/2024/cu.md": announcement("Tin cũ", "2024-10-01 08:00"),
        "announcements/2024/nhap.md": announcement("Bản nháp", "2024-10-02", "draft: true\n"),
        "announcements/2024/sau.md": announcement("Tin hẹn giờ", "2024-11-16 07:00"),
    })
    result = site.build()
    listed = [a.get_text() for a in site.soup("tin-tuc/index.html").select(".td-news-item__title a")]
    assert listed == ["Tin cũ"]
    assert not (site.output / "tin-tuc/2024/nhap").exists()
    assert [e.title for e in feedparser.parse(site.text("feed.xml")).entries] == ["Tin cũ"]
    assert "nhap" not in site.text("search/search_index.json") + site.text("sitemap.xml")
    assert result.next_due == dt.datetime(2024, 11, 16, 7, 0,
                                          tzinfo=result.next_due.tzinfo)
    site.build(drafts=True)
    listed = [a.get_text() for a in site.soup("tin-tuc/index.html").select(".td-news-item__title a")]
    assert listed == ["Tin hẹn giờ", "Bản nháp", "Tin cũ"]
    assert "Bản nháp" in site.soup("tin-tuc/2024/nhap/index.html").select_one(".td-badge--draft").get_text()


def test_same_day_announcement_published_by_end_of_as_of_day(make_site):
    site = make_site({"announcements/2024/chieu.md": announcement("Buổi chiều", "2024-11-15 17:30")})
    site.build()
    assert (site.output / "tin-tuc/2024/chieu/index.html").is_file()


def test_failed_build_leaves_previous_output_unchanged(make_site):
    site = make_site({"announcements/2024/a.md": announcement("A", "2024-10-01")})
    site.build()
    before = {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    site.write({"campaigns/bad.yml": "title: x\nstart: 2025-13\nend: 2025\n"})
    with pytest.raises(ContentError):
        site.build()
    after = {p: p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    assert after == before
    assert not list(site.root.glob(".site.tmp-*"))


def test_vietnamese_heading_anchors(make_site):
    site = make_site({"pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\n\n## Thi đua yêu nước\n\n"
                                             "## Đặc biệt: Đợt 1\n"})
    site.build()
    ids = [h["id"] for h in site.soup("gioi-thieu/index.html").select("article h2[id]")]
    assert ids == ["thi-dua-yeu-nuoc", "dac-biet-dot-1"]
    toc = site.soup("gioi-thieu/index.html").select(".md-sidebar--secondary a.md-nav__link")
    assert [a["href"] for a in toc] == ["#thi-dua-yeu-nuoc", "#dac-biet-dot-1"]


def test_markdown_as_github_writes_it(make_site):
    body = ("<section>Khung của biên tập viên</section>\n\n## Kết quả\n\n### Khối 1\n\n## Kết quả\n\n| Đơn vị | Điểm |\n|:--|--:|\n| Sở A | 98 |\n\n"
            "Theo kế hoạch[^kh], ~~bỏ~~ xem www.example.gov.vn.\n\n[^kh]: Kế hoạch số 192/KH-UBND.\n")
    site = make_site({"announcements/2024/x.md": announcement("X", "2024-10-01", body=body)})
    site.build()
    soup = site.soup("tin-tuc/2024/x/index.html")
    article = soup.select_one("article")
    assert [h["id"] for h in article.select("h2[id], h3[id]")] == ["ket-qua", "khoi-1", "ket-qua_1"]
    toc = soup.select(".md-sidebar--secondary .md-nav__link")
    assert [a["href"] for a in toc] == ["#ket-qua", "#khoi-1", "#ket-qua_1"]
    assert toc[1].find_parent("ul").find_parent("li").select_one("a")["href"] == "#ket-qua"
    assert [td.get_text() for td in article.select("table td")] == ["Sở A", "98"]
    assert article.select_one("td:nth-of-type(2)")["align"] == "right"
    reference = article.select_one("sup a.footnote-ref")
    note = article.select_one(f"div.footnote li{reference['href'].replace(':', chr(92) + ':')}")
    assert note.get_text().strip().startswith("Kế hoạch số 192/KH-UBND.")
    assert note.select_one("a.footnote-backref")["href"] == "#" + reference.parent["id"]
    assert article.select_one("section").get_text() == "Khung của biên tập viên"
    assert article.select_one("del").get_text() == "bỏ"
    assert article.select_one("a[href='http://www.example.gov.vn']")

def test_titles_are_escaped_and_markdown_sanitized(make_site):
    site = make_site({"announcements/2024/x.md": announcement(
        "'<script>alert(1)</script> & \"trích dẫn\"'", "2024-10-01",
        body='Chữ <script>alert(2)</script><b onclick="x()">đậm</b> [a](javascript:alert(3))')})
    site.build()
    html = site.text("tin-tuc/2024/x/index.html")
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "onclick" not in html and "javascript:" not in html
    soup = site.soup("tin-tuc/2024/x/index.html")
    assert soup.select_one("article h1").get_text() == '<script>alert(1)</script> & "trích dẫn"'
    assert soup.select_one("article b").get_text() == "đậm"
    assert feedparser.parse(site.text("feed.xml")).entries[0].title == \
        '<script>alert(1)</script> & "trích dẫn"'


def test_links_with_unsafe_schemes_are_dropped_from_markdown_without_html(make_site):
    # No "<" in the text: the body skips the HTML cleaner, and must lose the same links.
    site = make_site({"announcements/2024/x.md": announcement("Tin", "2024-10-01", body=(
        "[a](javascript:alert(3)) [b](java&#115;cript:x) ![c](data:image/png;base64,AA) "
        "[d](vbscript:x) [e](https://example.gov.vn/?a=1&b=2) [f](mailto:vp@example.gov.vn) "
        '[g](ftp://example.gov.vn) Trích "dẫn"'))})
    site.build()
    html = site.text("tin-tuc/2024/x/index.html")
    assert "script:" not in html and "data:image" not in html and "ftp:" not in html
    paragraph = site.soup("tin-tuc/2024/x/index.html").select_one("article p:has(> a)")
    assert [a.get("href") for a in paragraph.select("a")] == [
        None, None, None, "https://example.gov.vn/?a=1&b=2", "mailto:vp@example.gov.vn", None]
    assert paragraph.select_one("img").get("src") is None
    assert 'Trích "dẫn"' in str(paragraph)


def test_each_page_shows_its_own_title_and_neighbours_in_the_shared_header_and_footer(make_site):
    titles = {"2023/a": "Cũ <nhất> & đầu", "2024/b": "Giữa \"B\"", "2024/c": "Mới <i>nhất</i>"}
    site = make_site({f"announcements/{path}.md": announcement(f"'{title}'", f"{path[:4]}-10-0{n}")
                      for n, (path, title) in enumerate(titles.items(), 1)})
    site.build()

    def chrome(path: str) -> tuple[str, dict[str, str]]:
        url = f"/tin-tuc/{path}/"
        soup = site.soup(f"tin-tuc/{path}/index.html")
        header = soup.select_one(".md-header__topic[data-md-component=header-topic] .md-ellipsis")
        footer = {urljoin(url, a["href"]): a.select_one(".md-ellipsis").get_text().strip()
                  for a in soup.select("a.md-footer__link")}
        for a in soup.select("a.md-footer__link"):
            assert a["aria-label"].endswith(": " + a.select_one(".md-ellipsis").get_text().strip())
        return header.get_text().strip(), footer

    for path, title in titles.items():
        header, footer = chrome(path)
        assert header == title
        others = {f"/tin-tuc/{p}/": t for p, t in titles.items() if p != path}
        assert set(footer.items()) <= set(others.items())
    assert chrome("2024/b")[1] == {"/tin-tuc/2023/a/": titles["2023/a"],
                                   "/tin-tuc/2024/c/": titles["2024/c"]}
    assert len(chrome("2023/a")[1]) == len(chrome("2024/c")[1]) == 1


def test_a_page_in_the_navigation_shows_its_new_headings_there_after_a_rebuild(make_site):
    # Material puts the table of contents of the page being read into the navigation too.
    site = make_site({"pages/p.md": "---\ntitle: Trang\nnav: true\n---\n## Phần cũ\n"})
    site.build()
    (site.root / "content/pages/p.md").write_text("---\ntitle: Trang\nnav: true\n---\n## Phần mới\n",
                                                  encoding="utf-8")
    site.build()  # in the same process, as the preview does
    navigation = site.soup("p/index.html").select_one(".md-sidebar--primary").get_text()
    assert "Phần mới" in navigation and "Phần cũ" not in navigation


def _built_both_ways(root, tmp_path, monkeypatch) -> tuple[dict[str, bytes], dict[str, bytes], int]:
    """Every HTML file of the site at `root` rendered whole, and with shared layouts; and
    how many layouts its pages shared."""
    from generator import BuildOptions, build, theme
    built = {}
    for share in (False, True):
        monkeypatch.setattr(theme, "SHARE_LAYOUTS", share)
        theme._ADAPTERS.clear()  # an adapter knows whether it shares layouts when it is made
        output = tmp_path / f"output-{share}"
        build(BuildOptions(root, output_dir=output, as_of=dt.date(2024, 11, 15)))
        built[share] = {p.relative_to(output).as_posix(): p.read_bytes() for p in output.rglob("*.html")}
        (adapter,) = theme._ADAPTERS.values()
    theme._ADAPTERS.clear()
    return built[False], built[True], len(adapter._layouts)


def test_pages_sharing_a_layout_are_the_same_to_the_byte_as_pages_rendered_whole(
        make_site, tmp_path, monkeypatch):
    site = make_site({
        "campaigns/cao-diem.yml": CAMPAIGN,
        "announcements/2024/a.md": announcement("'Cũ <nhất> & đầu'", "2024-10-01", "campaigns: [cao-diem]\n"),
        "announcements/2024/b.md": announcement("Giữa", "2024-10-02", "summary: Tóm tắt\n",
                                                body="## Mục một\n\nNội dung.\n\n### Mục con\n"),
        "announcements/2024/c.md": announcement("Mới  nhất", "2024-10-03", body="## Lễ & hội\n"),
        "announcements/2024/e.md": announcement("Mới", "2024-10-05", body="## Một\n\n## Hai\n"),
        "announcements/2024/d.md": announcement("Mới nhất", "2024-10-04", "campaigns: [cao-diem]\n"),
        "pages/p.md": "---\ntitle: Trang\ndescription: Về trang này\nnav: true\n---\n## Phần\n",
    })
    for root in (site.root, REPO):
        whole, shared, layouts = _built_both_ways(root, tmp_path / root.name, monkeypatch)
        assert shared.keys() == whole.keys()
        assert [path for path in whole if shared[path] != whole[path]] == []
        assert 0 < layouts < len(whole) - 3, "pages of one shape share their layout"


def test_media_and_relative_links_resolve(make_site):
    site = make_site({
        "media/2024/anh.png": b"\x89PNG\r\n\x1a\n",
        "announcements/2024/a.md": announcement("A", "2024-10-01", "image: media/2024/anh.png\n"
                                                "image_caption: Ảnh lễ\n",
                                                body="![ảnh](../../media/2024/anh.png) [B](b.md#y)"),
        "announcements/2024/b.md": announcement("B", "2024-10-02"),
    })
    site.build()
    soup = site.soup("tin-tuc/2024/a/index.html")
    assert soup.select_one("figure img")["src"] == "../../../media/2024/anh.png"
    assert soup.select_one("figcaption").get_text() == "Ảnh lễ"
    assert soup.find("img", alt="ảnh")["src"] == "../../../media/2024/anh.png"
    assert soup.find("a", string="B")["href"] == "../../../tin-tuc/2024/b/#y"
    assert (site.output / "media/2024/anh.png").read_bytes() == b"\x89PNG\r\n\x1a\n"


def test_site_theme_overrides_a_single_template(make_site):
    site = make_site({"pages/p.md": "---\ntitle: Trang\n---\nNội dung\n"})
    (site.root / "theme").mkdir()
    (site.root / "theme/page.html").write_text(
        '{% extends "main.html" %}{% block page_content %}<p id="rieng">Riêng: {{ page.title }}</p>'
        "{% endblock %}", encoding="utf-8")
    site.build()
    assert site.soup("p/index.html").select_one("#rieng").get_text() == "Riêng: Trang"
    assert site.soup("index.html").select_one(".md-header")  # other templates still built in


def test_news_pagination_and_year_archives(make_site):
    files = {"site.yml": "title: T\nbase_url: https://x.vn/\nnews_per_page: 2\n"}
    for day in range(1, 6):
        files[f"announcements/2024/tin-{day}.md"] = announcement(f"Tin {day}", f"2024-10-0{day}")
    files["announcements/2023/cu.md"] = announcement("Cũ", "2023-05-01")
    site = make_site(files)
    site.build()
    titles = lambda path: [a.get_text() for a in site.soup(path).select(".td-news-item__title a")]
    assert titles("tin-tuc/index.html") == ["Tin 5", "Tin 4"]
    assert titles("tin-tuc/trang/2/index.html") == ["Tin 3", "Tin 2"]
    assert titles("tin-tuc/trang/3/index.html") == ["Tin 1", "Cũ"]
    assert not (site.output / "tin-tuc/trang/4").exists()
    # A year's archive: one line per announcement, under its month, newest first.
    archive = lambda path: [a.get_text() for a in site.soup(path).select(".td-archive-list a")]
    assert archive("tin-tuc/2023/index.html") == ["Cũ"]
    assert archive("tin-tuc/2024/index.html") == ["Tin 5", "Tin 4", "Tin 3", "Tin 2", "Tin 1"]
    assert [h.get_text() for h in site.soup("tin-tuc/2024/index.html").select(".td-archive-month h2")] \
        == ["Tháng 10"]


def test_cli_reports_problems_and_exit_codes(make_site):
    site = make_site({"campaigns/x.yml": "title: a\nstart: 2024\nend: 2025\nprovince: lam-dng\n"})
    run = subprocess.run([sys.executable, "-m", "generator", "build", str(site.root),
                          "--as-of", "2024-11-15"], capture_output=True, text=True)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        "content/campaigns/x.yml:4: province: no province 'lam-dng' Did you mean 'lam-dong'?",
        "1 error in 1 file; nothing was written. The previous output is unchanged."]
    assert "Traceback" not in run.stderr
    usage = subprocess.run([sys.executable, "-m", "generator", "build", "--as-of", "15/11/2024"],
                           capture_output=True, text=True)
    assert usage.returncode == 2
    site.write({"campaigns/x.yml": "title: a\nstart: 2024\nend: 2025\nprovince: lam-dong\n"})
    ok = subprocess.run([sys.executable, "-m", "generator", "build", str(site.root),
                         "--as-of", "2024-11-15"], capture_output=True, text=True)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("Built ")


def test_installed_package_carries_the_theme(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps",
                    "-q", "-w", str(tmp_path)], check=True)
    wheel = next(tmp_path.glob("thidua-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for needed in ("generator/theme/main.html", "generator/theme/campaign.html",
                   "generator/theme/partials/thidua.html", "generator/theme/assets/thidua/thidua.css"):
        assert needed in names


def test_raw_html_is_sanitized_unless_the_site_trusts_it(make_site):
    body = ('<p style="color:red" onmouseover="x()">Chữ</p><iframe src="https://e.vn"></iframe>'
            '<a href="data:text/html,x">d</a> <img src="x.png" onerror="y()"> <em>giữ</em>')
    site = make_site({"announcements/2024/x.md": announcement("X", "2024-10-01", body=body)})
    site.build()
    article = str(site.soup("tin-tuc/2024/x/index.html").select_one("article"))
    for banned in ("style=", "onmouseover", "<iframe", "data:text", "onerror"):
        assert banned not in article
    assert "<em>giữ</em>" in article and "Chữ" in article
    site.write({"site.yml": "title: T\nbase_url: https://x.vn/\nallow_raw_html: true\n"})
    site.build()
    article = str(site.soup("tin-tuc/2024/x/index.html").select_one("article"))
    assert '<iframe src="https://e.vn">' in article and 'style="color:red"' in article
