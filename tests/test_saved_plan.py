"""A new build process takes up the plan the last one saved when only announcements
changed, and none of them moved (new bodies, titles, summaries).

Each `site.build()` here is what a fresh `thidua build` does: nothing is kept in
memory between builds, only the cache and the saved plan on disk. Every build
taken up this way must publish exactly what a build from scratch publishes.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import pytest
from conftest import AS_OF
from test_build import CAMPAIGN, announcement
from test_directory import BLOC_SITE

from generator import BuildOptions, build
from generator.pipeline import _Clock, _plan
from generator.front_matter import SHOWN_ONLY
from generator.problems import ContentError
from generator.reuse import ReusablePlan
from generator.snapshot import _wait_for_writer, load_plan, save_plan

SAVED = "plan (saved, announcements patched)"
FRONT = "campaign: c\nblocs: [khoi-dang]\n"
SITE = {
    **BLOC_SITE,
    "campaigns/c.yml": CAMPAIGN,
    "announcements/2024/mot.md": announcement("Tin một", "2024-09-01", FRONT),
    "announcements/2024/hai.md": announcement("Tin hai", "2024-09-02", FRONT),
    "announcements/2024/ba.md": announcement("Tin ba", "2024-09-03", body="Bài [hai](hai.md#muc)."),
}


def published(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def written_plan(site) -> Path:
    """The plan the last build saved, once its writer (in the background) is done."""
    path = BuildOptions(site.root).cache_path.with_suffix(".plan")
    assert _wait_for_writer(path)
    return path


def assert_same_as_a_build_from_scratch(site) -> None:
    scratch = Path(tempfile.mkdtemp(dir=site.root)) / "site"  # a new output folder: no cache
    build(BuildOptions(site.root, output_dir=scratch, as_of=AS_OF))
    assert published(site.output) == published(scratch)


def test_a_new_build_takes_up_the_saved_plan_when_only_bodies_changed(make_site):
    site = make_site(SITE)
    first = site.build()
    assert SAVED not in first.timings and written_plan(site).is_file()
    site.write({"announcements/2024/mot.md": announcement(
        "Tin một", "2024-09-01", FRONT, body="Câu mới về đợt thi đua.")})
    second = site.build()
    assert SAVED in second.timings and "load" not in second.timings
    assert second.rendered_paths == ["tin-tuc/2024/mot/index.html"]
    assert "Câu mới về đợt thi đua." in site.text("tin-tuc/2024/mot/index.html")
    assert "Câu mới về đợt thi đua." in site.text("dot-thi-dua/c/feed.xml")
    assert "Câu mới về đợt thi đua." in site.text("search/search_index.json")
    assert_same_as_a_build_from_scratch(site)
    # The next edit starts from the same saved plan: both edits show.
    site.write({"announcements/2024/hai.md": announcement(
        "Tin hai", "2024-09-02", FRONT, body="Một câu khác.")})
    third = site.build()
    assert SAVED in third.timings
    assert third.rendered_paths == ["tin-tuc/2024/hai/index.html"]
    assert "Câu mới về đợt thi đua." in site.text("tin-tuc/2024/mot/index.html")
    assert_same_as_a_build_from_scratch(site)


def test_a_front_matter_that_only_shows_is_patched_in_and_renders_what_planning_anew_does(
        make_site):
    patched, planned = make_site(SITE, folder="patched"), make_site(SITE, folder="planned")
    for site in (patched, planned):
        site.build()

    def build_both(files: dict[str, str]):
        """The patched site's BuildResult; the other site, its saved plan deleted, plans
        anew from the same cache: both render the same pages."""
        for site in (patched, planned):
            site.write(files)
        written_plan(planned).unlink()
        result, anew = patched.build(), planned.build()
        assert SAVED in result.timings and "load" not in result.timings
        assert SAVED not in anew.timings and "plan" in anew.timings
        assert result.rendered_paths == anew.rendered_paths
        assert_same_as_a_build_from_scratch(patched)
        return result

    result = build_both({"announcements/2024/mot.md": announcement(
        "Tin một (sửa)", "2024-09-01", FRONT)})
    assert set(result.rendered_paths) >= {
        "tin-tuc/2024/mot/index.html",                # the announcement
        "tin-tuc/2024/hai/index.html",                # its neighbour links it by title
        "index.html", "tin-tuc/index.html", "tin-tuc/2024/index.html",  # lists it appears in
        "dot-thi-dua/c/index.html", "khoi-thi-dua/khoi-dang/index.html",  # its campaign and bloc
        "tinh/lam-dong/index.html"}                   # their province
    for path in ("tin-tuc/2024/mot/index.html", "tin-tuc/2024/hai/index.html", "index.html",
                 "tin-tuc/index.html", "dot-thi-dua/c/index.html",
                 "khoi-thi-dua/khoi-dang/index.html", "tinh/lam-dong/index.html", "feed.xml",
                 "dot-thi-dua/c/feed.xml", "khoi-thi-dua/khoi-dang/atom.xml",
                 "search/search_index.json"):
        assert "Tin một (sửa)" in patched.text(path), path
    assert "Tin một" not in patched.text("tin-tuc/2024/mot/index.html").replace("Tin một (sửa)", "")
    # Another file's summary, kind and tags, its body too, taken from the same saved plan.
    result = build_both({"announcements/2024/hai.md": announcement(
        "Tin hai", "2024-09-02", FRONT + "summary: Tóm tắt mới.\nkind: award\ntags: [khen thưởng]\n",
        body="Thân mới.")})
    assert "Tóm tắt mới." in patched.text("tin-tuc/index.html")
    assert "Tin một (sửa)" in patched.text("tin-tuc/2024/mot/index.html")  # the first edit stays
    # The `campaign:` shorthand written out places it where it was.
    result = build_both({"announcements/2024/mot.md": announcement(
        "Tin một (sửa lần hai)", "2024-09-01", "campaigns: [c]\nblocs: [khoi-dang]\n")})
    assert "Tin một (sửa lần hai)" in patched.text("tin-tuc/2024/hai/index.html")


def test_only_shown_fields_are_fields():
    from generator.schema import AnnouncementFrontMatter
    assert SHOWN_ONLY < AnnouncementFrontMatter.model_fields.keys()


def test_a_front_matter_with_a_problem_plans_anew_and_reports_it(make_site):
    site = make_site(SITE)
    site.build()
    site.write({"announcements/2024/mot.md": announcement("Tin một", "2024-09-01",
                                                          FRONT + "tac_gia: Ai đó\n")})
    with pytest.raises(ContentError, match="tac_gia"):
        site.build()


def test_anything_that_moves_an_announcement_plans_anew(make_site):
    site = make_site(SITE)
    site.build()
    edits = [
        {"announcements/2024/mot.md": announcement("Tin một", "2024-09-05", FRONT)},
        {"announcements/2024/mot.md": announcement("Tin một", "2024-09-05", "campaign: c\n")},
        {"announcements/2024/mot.md": announcement("Tin một", "2024-09-05", FRONT + "draft: true\n")},
        {"campaigns/c.yml": CAMPAIGN.replace("title:", "summary: Tóm tắt mới.\n    title:", 1)},
        {"announcements/2024/moi.md": announcement("Tin mới", "2024-09-05")},
        {"pages/gioi-thieu.md": "---\ntitle: Giới thiệu\n---\n\nTrang mới.\n"},
    ]
    for files in edits:
        site.write(files)
        result = site.build()
        assert SAVED not in result.timings and "plan" in result.timings, files
        assert_same_as_a_build_from_scratch(site)
    assert "Tin một" not in site.text("tin-tuc/index.html")  # a draft now
    # A day later the current phase may differ: plan anew.
    site.write({"announcements/2024/mot.md": announcement("Tin một", "2024-09-05",
                                                          FRONT + "draft: true\n", body="X.")})
    later = site.build(as_of=AS_OF + dt.timedelta(days=1))
    assert SAVED not in later.timings


def test_an_unreadable_saved_plan_is_ignored(make_site):
    site = make_site(SITE)
    site.build()
    whole = written_plan(site).read_bytes()
    for broken in (b"not a plan", whole[: len(whole) // 2]):
        written_plan(site).write_bytes(broken)
        site.write({"announcements/2024/mot.md": announcement(
            "Tin một", "2024-09-01", FRONT, body=f"Bản {len(broken)}.")})
        result = site.build()
        assert SAVED not in result.timings
        assert f"Bản {len(broken)}." in site.text("tin-tuc/2024/mot/index.html")
        assert_same_as_a_build_from_scratch(site)


def test_a_page_removed_from_the_output_is_made_again_from_the_saved_bodies(make_site):
    site = make_site(SITE)
    site.build()
    (site.output / "tin-tuc/2024/ba/index.html").unlink()
    site.write({"announcements/2024/mot.md": announcement("Tin một", "2024-09-01", FRONT, body="Mới.")})
    result = site.build()
    assert SAVED in result.timings
    assert result.rendered_paths == ["tin-tuc/2024/ba/index.html", "tin-tuc/2024/mot/index.html"]
    # Its body was kept apart in the saved plan and read back for it.
    assert site.soup("tin-tuc/2024/ba/index.html").select_one("article a[href*='hai']")
    assert_same_as_a_build_from_scratch(site)


def test_a_link_into_an_edited_body_is_checked_again(make_site):
    site = make_site(SITE)
    first = site.build()
    assert any("#muc" in str(w) for w in first.warnings)  # hai.md has no heading 'muc' yet
    site.write({"announcements/2024/hai.md": announcement(
        "Tin hai", "2024-09-02", FRONT, body="## Mục\n\nNội dung.")})
    result = site.build()
    assert SAVED in result.timings
    assert not any("#muc" in str(w) for w in result.warnings)


def test_thousands_of_linked_announcements_are_saved_and_read_back(make_site):
    """Each announcement links its campaign, bloc and neighbours, and they link it back:
    pickled naively the chain runs deeper than Python's recursion limit."""
    files = {f"announcements/2024/tin-{n}.md": announcement(
        f"Tin {n}", f"2024-{1 + n % 10:02}-{1 + n % 28:02} {n % 24:02}:{n % 60:02}", FRONT)
        for n in range(2500)}
    site = make_site({**SITE, **files})
    planned = _plan(BuildOptions(site.root, as_of=AS_OF), _Clock())
    expected = [(a.id, a.previous and a.previous.id, a.next and a.next.id, [c.id for c in a.campaigns])
                for a in planned.site.announcements]
    owners = {k: [a.id for a in c.announcements] for k, c in planned.site.campaigns.items()}
    path = site.root / "saved.plan"
    save_plan(path, ReusablePlan(planned, {"": "inputs"}, []))
    back = load_plan(path).plan().planned
    assert [(a.id, a.previous and a.previous.id, a.next and a.next.id, [c.id for c in a.campaigns])
            for a in back.site.announcements] == expected
    assert {k: [a.id for a in c.announcements] for k, c in back.site.campaigns.items()} == owners
    assert len(owners["c"]) == 2502


def test_a_long_chain_of_successors_is_saved_and_read_back(make_site):
    """Organizations that name their successors link 1,500 deep: deeper than pickle may
    recurse on Python's default stack."""
    chain = "\n".join(f"van-phong-{n}: {{name: Văn phòng {n}, until: 1/1/2020, "
                      f"successor: van-phong-{n + 1}}}" for n in range(1500))
    chain += "\nvan-phong-1500: {name: Văn phòng 1500}\n"
    site = make_site({"organizations.yml": chain})
    planned = _plan(BuildOptions(site.root, as_of=AS_OF), _Clock())
    path = site.root / "saved.plan"
    save_plan(path, ReusablePlan(planned, {"": "inputs"}, []))
    back = load_plan(path).plan().planned
    first = back.site.organizations["van-phong-0"]
    hops = 0
    while first.successor is not None:
        first, hops = first.successor, hops + 1
    assert (hops, first.id) == (1500, "van-phong-1500")


def test_a_saved_plan_holds_each_value_its_announcements_repeat_once(make_site):
    """Equal authors, tags and ids of announcements are one object in the saved plan, so
    the next build unpickles each once. (The YAML reader shares plain values it has met
    before; quoted ones are each document's own until the plan is written.)"""
    extra = 'author: "Ban biên tập"\ntags: ["thi đua"]\n' + FRONT
    site = make_site({**SITE, "announcements/2024/mot.md": announcement("Tin một", "2024-09-01", extra),
                      "announcements/2024/hai.md": announcement("Tin hai", "2024-09-02", extra)})
    site.build()
    saved = load_plan(written_plan(site))
    plan = saved.plan()
    saved.close()
    one, two = (a.data for a in plan.planned.site.announcements
                if a.source_path.endswith(("mot.md", "hai.md")))
    assert one.author == "Ban biên tập" and one.author is two.author
    assert one.tags == ["thi đua"] and one.tags[0] is two.tags[0]
