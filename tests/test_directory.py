"""Blocs, organizations, movements and provinces, as a reader sees their pages."""

from __future__ import annotations

from urllib.parse import urljoin

from conftest import page_text
from test_build import announcement

BLOC_SITE = {
    "provinces.yml": """
        lam-dong: {name: Lâm Đồng}
        dak-nong: {name: Đắk Nông, until: 30/6/2025, successor: lam-dong}
    """,
    "organizations.yml": """
        van-phong: {name: Văn phòng Tỉnh ủy, province: lam-dong}
        ban-noi-chinh: {name: Ban Nội chính Tỉnh ủy, province: lam-dong}
        ban-to-chuc: {name: Ban Tổ chức Tỉnh ủy, province: lam-dong, until: 2025-02-28, successor: van-phong}
    """,
    "movements/van-hoa-cong-so.yml": """
        name: Cán bộ, công chức thi đua thực hiện văn hóa công sở
        launched_by: Thủ tướng Chính phủ
        start: 2019
        end: 2025
    """,
    "campaigns/cao-diem.yml": """
        title: Đợt thi đua cao điểm
        start: 2024
        end: 2025
        movements: [van-hoa-cong-so]
        participants: {blocs: [khoi-dang]}
    """,
    "blocs/khoi-dang.yml": """
        name: Khối thi đua các cơ quan Đảng tỉnh
        kind: bloc
        number: 2
        province: lam-dong
        aliases: [Khối các cơ quan Đảng]
        members: [van-phong, ban-noi-chinh, ban-to-chuc]
        terms:
          - year: 2023
            leader: ban-to-chuc
            deputy: van-phong
            covenant: {date: 10/3/2023, place: Đà Lạt, theme: Đoàn kết - Kỷ cương}
          - year: 2024
            leader: van-phong
            deputy: ban-noi-chinh
            covenant:
              date: 2024-04-16
              place: Hội trường Tỉnh ủy
              theme: Trách nhiệm - Nêu gương - Kỷ cương - Hiệu quả
              commitments: [Hoàn thành xuất sắc nhiệm vụ chính trị]
              movements: [van-hoa-cong-so]
            reviews:
              - {kind: interim, date: 7/2024}
            scoring:
              - {criterion: Thực hiện nhiệm vụ chính trị, points: 60}
            awards:
              - title: Cờ thi đua của UBND tỉnh
                category: title
                recipient: van-phong
                decision: {number: 123/QĐ-UBND, date: 2025-01-20}
              - title: Bằng khen của Chủ tịch UBND tỉnh
                category: commendation
                recipient: ban-noi-chinh
    """,
    "announcements/2024/tin-dak-nong.md": announcement("Tin Đắk Nông", "2024-05-01", "provinces: [dak-nong]\n"),
}


def test_leaders_table_row_by_row(make_site):
    site = make_site(BLOC_SITE)
    site.build()
    soup = site.soup("khoi-thi-dua/khoi-dang/index.html")
    rows = [[cell.get_text(" ", strip=True) for cell in row.select("th, td")]
            for row in soup.select("#nhiem-ky ~ table tbody tr")]
    assert rows == [["2023", "Ban Tổ chức Tỉnh ủy", "Văn phòng Tỉnh ủy"],
                    ["2024", "Văn phòng Tỉnh ủy", "Ban Nội chính Tỉnh ủy"]]
    text = page_text(soup)
    assert "Khối thi đua số 2" in text and "Khối các cơ quan Đảng" in text


def test_covenant_of_each_year_and_awards_with_decisions(make_site):
    site = make_site(BLOC_SITE)
    site.build()
    soup = site.soup("khoi-thi-dua/khoi-dang/index.html")
    y2024, y2023 = soup.select_one("#nam-2024"), soup.select_one("#nam-2023")
    assert "16/4/2024" in y2024.get_text() and "Hội trường Tỉnh ủy" in y2024.get_text()
    assert "Trách nhiệm - Nêu gương - Kỷ cương - Hiệu quả" in y2024.get_text()
    assert "Cán bộ, công chức thi đua thực hiện văn hóa công sở" in y2024.get_text()
    assert "10/3/2023" in y2023.get_text() and "Đoàn kết - Kỷ cương" in y2023.get_text()
    awards = [[c.get_text(" ", strip=True) for c in row.select("td")]
              for row in y2024.select("table.td-awards tbody tr")]
    assert awards == [
        ["Cờ thi đua của UBND tỉnh", "Danh hiệu thi đua", "Văn phòng Tỉnh ủy", "123/QĐ-UBND, 20/1/2025"],
        ["Bằng khen của Chủ tịch UBND tỉnh", "Hình thức khen thưởng", "Ban Nội chính Tỉnh ủy", "—"]]


def test_organization_blocs_years_awards_and_successor(make_site):
    site = make_site(BLOC_SITE)
    site.build()
    soup = site.soup("don-vi/van-phong/index.html")
    blocs = soup.select_one("#khoi-cum").find_next("ul").get_text(" ", strip=True)
    assert "Khối thi đua các cơ quan Đảng tỉnh" in blocs
    assert "Năm làm trưởng khối/cụm: 2024" in blocs and "Năm làm phó khối/cụm: 2023" in blocs
    assert "Cờ thi đua của UBND tỉnh" in soup.select_one("#khen-thuong").find_next("table").get_text()
    assert "Ban Tổ chức Tỉnh ủy" in page_text(soup)  # merged into it
    merged = site.soup("don-vi/ban-to-chuc/index.html")
    facts = merged.select_one("dl.td-facts").get_text(" ", strip=True)
    assert "Hoạt động đến 28/2/2025" in facts and "Đơn vị kế thừa Văn phòng Tỉnh ủy" in facts
    link = merged.select_one("dl.td-facts a[href*=van-phong]")["href"]
    assert urljoin("/don-vi/ban-to-chuc/", link) == "/don-vi/van-phong/"


def test_merged_province_points_to_successor_which_lists_its_news(make_site):
    site = make_site(BLOC_SITE)
    site.build()
    merged = site.soup("tinh/dak-nong/index.html")
    assert "Hoạt động đến 30/6/2025" in page_text(merged)
    assert urljoin("/tinh/dak-nong/", merged.find("a", string="Lâm Đồng")["href"]) == "/tinh/lam-dong/"
    successor = site.soup("tinh/lam-dong/index.html")
    assert "Tin Đắk Nông" in successor.select_one("#tin-lien-quan").parent.get_text()
    assert "Đắk Nông" in successor.select_one("dl.td-facts").get_text()


def test_movement_lists_its_campaigns_and_covenants(make_site):
    site = make_site(BLOC_SITE)
    site.build()
    soup = site.soup("phong-trao/van-hoa-cong-so/index.html")
    text = page_text(soup)
    assert "Thủ tướng Chính phủ" in text and "năm 2019 – năm 2025" in text
    assert [a.get_text() for a in soup.select("#dot-thi-dua + ul a")] == ["Đợt thi đua cao điểm"]
    assert [a.get_text() for a in soup.select("#khoi-cum + ul a")] == ["Khối thi đua các cơ quan Đảng tỉnh"]


def test_blocs_index_groups_by_province_with_this_years_leader(make_site):
    site = make_site(BLOC_SITE)
    site.build()
    soup = site.soup("khoi-thi-dua/index.html")
    section = soup.find("h2", string="Lâm Đồng").parent
    assert "Trưởng khối/cụm năm 2024: Văn phòng Tỉnh ủy" in page_text(section)


def test_example_bloc_2024_term(example):
    soup = example.soup("khoi-thi-dua/khoi-thi-dua-cac-co-quan-dang-tinh-lam-dong/index.html")
    rows = [[c.get_text(" ", strip=True) for c in row.select("th, td")]
            for row in soup.select("#nhiem-ky ~ table tbody tr")]
    assert rows == [["2024", "Văn phòng Tỉnh ủy Lâm Đồng", "Ban Nội chính Tỉnh ủy Lâm Đồng"]]
    assert "16/4/2024" in soup.select_one("#nam-2024").get_text()


def test_directory_pages_join_nav_search_and_sitemap(example):
    tabs = [a.get_text(strip=True) for a in example.soup("index.html").select(".md-tabs__link")]
    assert {"Khối, cụm thi đua", "Phong trào", "Đơn vị", "Tỉnh, thành"} <= set(tabs)
    index = example.text("search/search_index.json")
    sitemap = example.text("sitemap.xml")
    for url in ("khoi-thi-dua/cum-thi-dua-so-1-lam-dong/", "don-vi/tp-da-lat/",
                "phong-trao/hoc-tap-va-lam-theo-hcm/", "tinh/hau-giang/"):
        assert f'"location":"{url}"' in index
        assert f"https://thidua.example.gov.vn/{url}</loc>" in sitemap
