"""Write a synthetic thi đua site of N announcements, deterministically from a seed.

    python3 bench/make_site.py N OUT_DIR [--seed S] [--hugo DIR] [--pelican DIR]

OUT_DIR gets content/ in thidua's format (see ../shared/design/content-format.md):
about N/500+3 provinces, N/20 organizations, N/100 campaigns with 2-4 phases,
N/250 blocs with yearly terms, a few movements, and N announcements of about 700
Vietnamese words over 2020-2025, each tied to a campaign, a bloc or organizations
that exist. The site passes `python3 -m generator check OUT_DIR`.

With --hugo / --pelican the same announcements (those published on --as-of, so
all three tools build the same set) are also written as a Hugo site and a
Pelican project (see hugo_pelican.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from files import dump_yaml, write_images, write_text
from vietnamese import (
    ANNOUNCEMENT_TITLES,
    CAMPAIGN_KINDS,
    EVENTS,
    MOVEMENTS,
    ORGANIZATION_PATTERNS,
    PROVINCES,
    TAGS,
    Prose,
    slugify,
)

FIRST_YEAR, LAST_YEAR = 2020, 2025
IMAGE_COLOURS = [(0x1e, 0x88, 0xe5), (0xe5, 0x39, 0x35), (0x43, 0xa0, 0x47), (0xfb, 0x8c, 0x00),
                 (0x8e, 0x24, 0xaa)]
DEFAULT_AS_OF = dt.date(2024, 11, 15)


# --- the data ------------------------------------------------------------------

@dataclass
class Announcement:
    """One news item, in a form every exporter can write."""

    year: int
    slug: str
    title: str
    moment: dt.datetime
    """Naive, in the site's time zone (Asia/Ho_Chi_Minh)."""
    summary: str
    kind: str
    campaign: str
    phase: int | None
    blocs: list[str]
    organizations: list[str]
    tags: list[str]
    body: str
    """Markdown; images as ../../media/... relative to announcements/<year>/."""


@dataclass
class Site:
    """Everything but the announcements, which are generated one at a time."""

    provinces: dict[str, dict] = field(default_factory=dict)
    organizations: dict[str, dict] = field(default_factory=dict)
    movements: dict[str, dict] = field(default_factory=dict)
    campaigns: dict[str, dict] = field(default_factory=dict)
    blocs: dict[str, dict] = field(default_factory=dict)
    images: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    """media/... path -> colour of the small PNG written there."""


def make_provinces(count: int) -> dict[str, dict]:
    """`count` provinces from the real list, numbered once the list runs out."""
    provinces = {}
    for index in range(count):
        name = PROVINCES[index % len(PROVINCES)]
        if index >= len(PROVINCES):
            name = f"{name} {index // len(PROVINCES) + 1}"
        provinces[slugify(name)] = {"name": name}
    return provinces


def make_organizations(count: int, provinces: dict[str, dict]) -> dict[str, dict]:
    """`count` organizations spread over the provinces, named from ORGANIZATION_PATTERNS."""
    organizations = {}
    province_ids = list(provinces)
    for index in range(count):
        province = province_ids[index % len(province_ids)]
        round_, pattern = divmod(index // len(province_ids), len(ORGANIZATION_PATTERNS))
        name_pattern, short_pattern, kind = ORGANIZATION_PATTERNS[pattern]
        place = provinces[province]["name"]
        name = name_pattern.format(p=place) + (f" số {round_ + 1}" if round_ else "")
        organizations[slugify(name)] = {"name": name, "short_name": short_pattern.format(p=place),
                                        "kind": kind, "province": province}
    return organizations


def make_movements(prose: Prose) -> dict[str, dict]:
    """The fixed list of national movements."""
    movements = {}
    for movement_id, name, start, end in MOVEMENTS:
        data = {"name": name, "launched_by": "Thủ tướng Chính phủ", "start": start}
        if end:
            data["end"] = end
        data["description"] = prose.paragraph(60)
        movements[movement_id] = data
    return movements


def members_by_province(organizations: dict[str, dict]) -> dict[str, list[str]]:
    """Organization ids grouped by province id."""
    grouped: dict[str, list[str]] = {}
    for org_id, org in organizations.items():
        grouped.setdefault(org["province"], []).append(org_id)
    return grouped


def make_term(rng: random.Random, prose: Prose, year: int, members: list[str],
              movements: list[str]) -> dict:
    """One yearly term: distinct leader and deputy among the members, covenant, reviews."""
    leader, deputy = rng.sample(members, 2)
    term = {"year": year, "leader": leader, "deputy": deputy,
            "covenant": {"date": dt.date(year, rng.randint(2, 4), rng.randint(1, 28)),
                         "place": f"Hội trường {prose.rng.choice(['A', 'B', 'C'])}",
                         "commitments": [prose.sentence() for _ in range(3)],
                         "movements": rng.sample(movements, 2)},
            "reviews": [{"kind": "interim", "date": f"{year}-07"},
                        {"kind": "final", "date": f"{year}-12"}],
            "scoring": [{"criterion": prose.sentence(), "points": rng.choice([10, 20, 30])}
                        for _ in range(3)]}
    if rng.random() < 0.5:
        term["awards"] = [{"title": "Cờ thi đua của UBND tỉnh", "category": "title",
                           "recipient": leader}]
    return term


def make_blocs(count: int, rng: random.Random, prose: Prose, site: Site) -> dict[str, dict]:
    """Blocs and clusters of 3-8 members of one province, one term per year, oldest first."""
    blocs = {}
    grouped = members_by_province(site.organizations)
    provinces = [p for p, members in grouped.items() if len(members) >= 2]
    for index in range(count):
        province = provinces[index % len(provinces)]
        kind = "cluster" if index % 2 else "bloc"
        number = index // len(provinces) + 1
        word = "Cụm" if kind == "cluster" else "Khối"
        name = f"{word} thi đua số {number} tỉnh {site.provinces[province]['name']}"
        members = rng.sample(grouped[province], min(len(grouped[province]), rng.randint(3, 8)))
        first = rng.randint(FIRST_YEAR, FIRST_YEAR + 2)
        blocs[slugify(name)] = {
            "name": name, "kind": kind, "province": province, "number": number,
            "members": members, "description": prose.paragraph(80),
            "terms": [make_term(rng, prose, year, members, list(site.movements))
                      for year in range(first, LAST_YEAR + 1)]}
    return blocs


def make_phases(rng: random.Random, prose: Prose, start: dt.date) -> list[dict]:
    """2-4 consecutive phases of two to six months, each with a milestone inside."""
    phases = []
    for number in range(1, rng.randint(2, 4) + 1):
        end = start + dt.timedelta(days=rng.randint(60, 180))
        middle = start + (end - start) / 2
        phases.append({"name": f"Đợt {number}", "start": start, "end": end,
                       "focus": prose.paragraph(40),
                       "milestones": [{"date": middle, "title": prose.sentence()}]})
        start = end + dt.timedelta(days=1)
    return phases


def make_campaign(rng: random.Random, prose: Prose, site: Site, index: int,
                  earlier: list[str]) -> tuple[str, dict]:
    """One campaign with phases, participants and reviews; may respond to an earlier one."""
    kind = rng.choice(list(CAMPAIGN_KINDS))
    province = rng.choice(list(site.provinces))
    start = dt.date(rng.randint(FIRST_YEAR - 1, LAST_YEAR), rng.randint(1, 12), rng.randint(1, 28))
    phases = make_phases(rng, prose, start)
    end = phases[-1]["end"]
    event = rng.choice(EVENTS)
    campaign_id = f"{province}-{slugify(CAMPAIGN_KINDS[kind])}-{start.year}-{index + 1}"
    local = [o for o, org in site.organizations.items() if org["province"] == province] \
        or list(site.organizations)
    data = {
        "title": f"Đợt thi đua {CAMPAIGN_KINDS[kind]} chào mừng {event} ({start.year}–{end.year})",
        "kind": kind, "summary": prose.summary(), "issuer": rng.choice(local),
        "province": province,
        "plan": {"number": f"{rng.randint(10, 400)}/KH-UBND", "issued": start,
                 "title": f"Kế hoạch phát động đợt thi đua {CAMPAIGN_KINDS[kind]} {start.year}"},
        "launched": start, "start": start, "end": end, "phases": phases,
        "objectives": [prose.sentence() for _ in range(3)],
        "contents": [prose.sentence() for _ in range(3)],
        "participants": {"blocs": rng.sample(list(site.blocs), min(2, len(site.blocs))),
                         "organizations": rng.sample(local, min(3, len(local)))},
        "movements": rng.sample(list(site.movements), 2),
        "milestones": [{"date": start.year, "title": f"Kỷ niệm {event}", "status": "held"}],
        "reviews": [{"kind": "final", "date": f"{end.year + 1}-Q1",
                     "title": "Tổng kết đợt thi đua"}],
        "rewards": prose.paragraph(40), "description": prose.paragraph(120)}
    if earlier and rng.random() < 0.3:
        data["responds_to"] = rng.choice(earlier)
    return campaign_id, data


def make_site(n: int, rng: random.Random, prose: Prose) -> Site:
    """Provinces, organizations, movements, blocs and campaigns for N announcements."""
    site = Site(images={f"media/anh/anh-{i + 1}.png": colour
                        for i, colour in enumerate(IMAGE_COLOURS)})
    site.provinces = make_provinces(n // 500 + 3)
    site.organizations = make_organizations(max(n // 20, 2 * len(site.provinces)), site.provinces)
    site.movements = make_movements(prose)
    site.blocs = make_blocs(max(n // 250, 1), rng, prose, site)
    for index in range(max(n // 100, 1)):
        campaign_id, data = make_campaign(rng, prose, site, index, list(site.campaigns))
        site.campaigns[campaign_id] = data
    return site


def phase_of(campaign: dict, day: dt.date) -> int | None:
    """Number of the campaign's phase that contains `day`, if any."""
    for number, phase in enumerate(campaign["phases"], 1):
        if phase["start"] <= day <= phase["end"]:
            return number
    return None


def random_moment(rng: random.Random) -> dt.datetime:
    """A working-hours moment between the first and the last year."""
    first = dt.date(FIRST_YEAR, 1, 1).toordinal()
    day = dt.date.fromordinal(rng.randint(first, dt.date(LAST_YEAR, 12, 31).toordinal()))
    return dt.datetime.combine(day, dt.time(rng.randint(7, 17), rng.choice([0, 15, 30, 45])))


def make_announcement(index: int, rng: random.Random, prose: Prose, site: Site) -> Announcement:
    """The index-th announcement: linked to a campaign, maybe a bloc, and organizations."""
    moment = random_moment(rng)
    campaign_id = rng.choice(list(site.campaigns))
    campaign = site.campaigns[campaign_id]
    bloc_id = rng.choice(list(site.blocs))
    bloc = site.blocs[bloc_id]
    kind = rng.choice(list(ANNOUNCEMENT_TITLES))
    who = site.organizations[rng.choice(bloc["members"])]["name"]
    title = ANNOUNCEMENT_TITLES[kind].format(
        who=who, what=CAMPAIGN_KINDS[campaign["kind"]], year=moment.year)
    slug = f"{'-'.join(slugify(title).split('-')[:10])}-{index + 1}"
    image = rng.choice(list(site.images))
    return Announcement(
        year=moment.year, slug=slug, title=title, moment=moment, summary=prose.summary(),
        kind=kind, campaign=campaign_id, phase=phase_of(campaign, moment.date()),
        blocs=[bloc_id] if rng.random() < 0.6 else [],
        organizations=rng.sample(bloc["members"], min(2, len(bloc["members"]))),
        tags=rng.sample(TAGS, 2), body=prose.article(f"../../{image}", title))


def iter_announcements(n: int, rng: random.Random, prose: Prose, site: Site):
    """The N announcements, one at a time (their bodies are the bulk of the data)."""
    for index in range(n):
        yield make_announcement(index, rng, prose, site)


# --- writing thidua's format --------------------------------------------------------

def write_thidua_site(site: Site, content: Path) -> None:
    """site.yml, provinces, organizations, movements, campaigns, blocs, a page, images."""
    write_text(content / "site.yml", dump_yaml({
        "title": "Thi đua – Khen thưởng (trang thử tải)",
        "description": "Trang tổng hợp sinh tự động để đo tốc độ dựng trang.",
        "base_url": "https://thidua.example.gov.vn/", "language": "vi",
        "timezone": "Asia/Ho_Chi_Minh", "author": "Ban Thi đua – Khen thưởng",
        "feeds": {"items": 50, "full_content": True}}))
    write_text(content / "provinces.yml", dump_yaml(site.provinces))
    write_text(content / "organizations.yml", dump_yaml(site.organizations))
    for folder, items in (("movements", site.movements), ("campaigns", site.campaigns),
                          ("blocs", site.blocs)):
        for item_id, data in items.items():
            write_text(content / folder / f"{item_id}.yml", dump_yaml(data))
    write_text(content / "pages" / "gioi-thieu.md",
               "---\ntitle: Giới thiệu\n---\n\nTrang thử tải của bộ sinh trang thi đua.\n")
    write_images(site.images, content)


def thidua_front_matter(item: Announcement) -> dict:
    """Front matter in thidua's format (content-format.md)."""
    data = {"title": item.title, "date": item.moment.strftime("%Y-%m-%d %H:%M"),
            "summary": item.summary, "kind": item.kind, "campaigns": [item.campaign]}
    if item.phase:
        data["phase"] = item.phase
    data.update({"blocs": item.blocs, "organizations": item.organizations,
                 "author": "Ban biên tập", "tags": item.tags})
    return data


def write_thidua_announcement(item: Announcement, content: Path) -> None:
    path = content / "announcements" / str(item.year) / f"{item.slug}.md"
    write_text(path, f"---\n{dump_yaml(thidua_front_matter(item))}---\n\n{item.body}")


# --- putting it together ------------------------------------------------------------

def generate(n: int, out_dir: Path, seed: int = 1, hugo_dir: Path | None = None,
             pelican_dir: Path | None = None, as_of: dt.date = DEFAULT_AS_OF) -> int:
    """Write the site (and the Hugo / Pelican copies); return how many are published."""
    from hugo_pelican import HugoSite, PelicanSite

    rng = random.Random(seed)
    prose = Prose(rng)
    site = make_site(n, rng, prose)
    content = out_dir / "content"
    write_thidua_site(site, content)
    peers = [cls(path) for cls, path in ((HugoSite, hugo_dir), (PelicanSite, pelican_dir)) if path]
    for peer in peers:
        peer.begin(site)
    published = 0
    cutoff = dt.datetime.combine(as_of, dt.time(23, 59, 59))
    for item in iter_announcements(n, rng, prose, site):
        write_thidua_announcement(item, content)
        if item.moment <= cutoff:
            published += 1
            for peer in peers:
                peer.write_article(item)
    for peer in peers:
        peer.finish()
    return published


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of announcements")
    parser.add_argument("out_dir", type=Path, help="site folder to write (gets content/)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hugo", type=Path, help="also write a Hugo site here")
    parser.add_argument("--pelican", type=Path, help="also write a Pelican project here")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=DEFAULT_AS_OF,
                        help="only announcements published on this day go to Hugo/Pelican")
    args = parser.parse_args(argv)
    if (args.out_dir / "content").exists():
        parser.error(f"{args.out_dir}/content already exists; choose an empty folder")
    published = generate(args.n, args.out_dir, args.seed, args.hugo, args.pelican, args.as_of)
    print(f"Wrote {args.n} announcements into {args.out_dir}/content "
          f"({published} published as of {args.as_of}).")


if __name__ == "__main__":
    main()
