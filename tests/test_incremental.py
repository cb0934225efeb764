"""Incremental builds, asserted by what was rendered, never by time."""

from __future__ import annotations

import subprocess
import sys
import time

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


def test_the_command_answers_a_build_with_nothing_to_do_from_its_survey(make_site):
    """A new process's build surveys in a forked child while it imports the pipeline
    (survey_ahead.py): with nothing changed the answer is the survey's, and the pipeline
    does not run; after an edit, or an output file edited by hand, it does."""
    site = make_site(SITE)
    site.build()
    probe = ("import sys, datetime as dt; from pathlib import Path; from generator import build; "
             "from generator.settings import BuildOptions; "
             "r = build(BuildOptions(Path(sys.argv[1]), as_of=dt.date(2024, 11, 15))); "
             "print(r.rendered, r.reused, *sorted(r.timings))")
    command = [sys.executable, "-c", probe, str(site.root)]

    def answer() -> list[str]:
        return subprocess.run(command, capture_output=True, text=True, check=True).stdout.split()

    pages = site.build().reused
    assert answer() == ["0", str(pages), "check", "inputs"]
    site.write({"announcements/2024/hai.md": announcement("Tin hai (sửa)", "2024-09-02")})
    edited = answer()
    assert 0 < int(edited[0]) < 20 and "render" in edited
    assert answer() == ["0", str(pages), "check", "inputs"]
    (site.output / "tin-tuc/2024/ba/index.html").write_text("<p>sửa tay</p>", encoding="utf-8")
    assert answer()[:2] == ["1", str(pages - 1)]
    assert site.soup("tin-tuc/2024/ba/index.html").select_one("article h1").get_text() == "Tin ba"
    assert answer() == ["0", str(pages), "check", "inputs"]


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


def test_editing_only_the_text_of_an_announcement_renders_its_page_alone(make_site):
    site = make_site(SITE)
    site.build()
    front = "campaign: c\nblocs: [khoi-dang]\n"
    site.write({"announcements/2024/mot.md": announcement(
        "Tin một", "2024-09-01", front, body="Nội dung mới về phong trào.")})
    result = site.build()
    # Lists, neighbours and owners show its front matter only: none of them changed.
    assert result.rendered_paths == ["tin-tuc/2024/mot/index.html"]
    assert "Nội dung mới về phong trào." in site.text("tin-tuc/2024/mot/index.html")
    for feed in ("feed.xml", "dot-thi-dua/c/feed.xml", "khoi-thi-dua/khoi-dang/atom.xml"):
        assert "Nội dung mới về phong trào." in site.text(feed)  # feeds carry the text
    assert "Nội dung mới về phong trào." in site.text("search/search_index.json")
    # A summary is shown in lists: changing it renders them again.
    site.write({"announcements/2024/mot.md": announcement(
        "Tin một", "2024-09-01", front + "summary: Tóm tắt mới.\n", body="Nội dung mới về phong trào.")})
    result = site.build()
    assert {"tin-tuc/2024/mot/index.html", "tin-tuc/index.html", "tin-tuc/2024/index.html",
            "index.html", "dot-thi-dua/c/index.html", "khoi-thi-dua/khoi-dang/index.html",
            "tinh/lam-dong/index.html"} <= set(result.rendered_paths)
    assert "Tóm tắt mới." in site.text("tin-tuc/index.html")


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


def test_editing_what_only_a_campaigns_own_pages_show(make_site):
    campaign = CAMPAIGN.replace("2025", "2024")  # its second phase runs April to December 2024
    site = make_site({**SITE, "campaigns/c.yml": campaign, "announcements/2024/mot.md": announcement(
        "Tin một", "2024-09-01", "campaign: c\nphase: 2\nblocs: [khoi-dang]\n")})
    site.build()
    site.write({"campaigns/c.yml": campaign + "    summary: Tóm tắt mới của đợt thi đua.\n"})
    result = site.build()
    assert "Tóm tắt mới của đợt thi đua." in site.text("dot-thi-dua/c/index.html")
    # Its announcement and the news lists link it by title and phase: not shown, not rendered.
    assert "dot-thi-dua/c/index.html" in result.rendered_paths
    assert not {"tin-tuc/2024/mot/index.html", "tin-tuc/index.html"} & set(result.rendered_paths)
    # The announcement shows its phase's dates: changing them renders it again.
    site.write({"campaigns/c.yml": campaign.replace("end: 2024-Q4", "end: 2024-11")})
    result = site.build()
    assert "tin-tuc/2024/mot/index.html" in result.rendered_paths
    assert "tháng 4/2024 – tháng 11/2024" in site.text("tin-tuc/2024/mot/index.html")


def _write_theme(site, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = site.root / "theme" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_editing_a_template_renders_the_pages_that_use_it(make_site):
    site = make_site(SITE)
    first = site.build()
    news_pages = ["tin-tuc/2024/index.html", "tin-tuc/index.html"]
    _write_theme(site, {"news.html": '{% extends "main.html" %}\n{% block page_content %}'
                                   '<p id="ban-tin">Bản tin đã sửa</p>{% endblock %}'})
    result = site.build()
    assert result.rendered_paths == news_pages  # only the news lists use news.html
    assert site.soup("tin-tuc/index.html").select_one("#ban-tin").get_text() == "Bản tin đã sửa"
    assert site.soup("index.html").select_one("#ban-tin") is None
    # A partial of Material's that every page includes (through its footer), overridden.
    _write_theme(site, {"partials/copyright.html": '<p id="ban-quyen">Ban Thi đua</p>'})
    result = site.build()
    assert (result.rendered, result.reused) == (first.rendered, 0)
    assert site.soup("tin-tuc/2024/mot/index.html").select_one("#ban-quyen") is not None
    # An icon whose name the header builds at render time: every page shows the logo.
    _write_theme(site, {".icons/material/trophy-outline.svg":
                '<svg xmlns="http://www.w3.org/2000/svg" id="logo-tinh"></svg>'})
    result = site.build()
    assert (result.rendered, result.reused) == (first.rendered, 0)
    assert site.soup("dot-thi-dua/c/index.html").select_one("#logo-tinh") is not None
    # Removing an override puts back what it replaced, on every page that showed it.
    (site.root / "theme/partials/copyright.html").unlink()
    result = site.build()
    assert (result.rendered, result.reused) == (first.rendered, 0)
    assert site.soup("tin-tuc/2024/mot/index.html").select_one("#ban-quyen") is None


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


def test_a_cache_of_bodies_from_another_markdown_renderer_is_not_used(make_site, monkeypatch):
    import generator.cache
    site = make_site(SITE)
    first = site.build()
    monkeypatch.setattr(generator.cache, "renderer_key", lambda: "cmark-gfm, another build")
    again = site.build()
    assert (again.rendered, again.reused) == (first.rendered, 0)


def test_a_big_log_of_the_cache_is_copied_into_it_by_a_process_of_its_own(make_site, monkeypatch,
                                                                          tmp_path):
    """A build that wrote much to the cache leaves its SQLite log (`-wal`) to a detached
    process that copies it into the cache file, rather than doing that as it closes the
    cache; builds meanwhile and after it find everything the first one kept."""
    import generator.cache
    go = tmp_path / "go"
    # Every log counts as big; the copying waits for `go` once it holds the cache open.
    monkeypatch.setattr(generator.cache, "_CHECKPOINT_AT", 0)
    monkeypatch.setattr(generator.cache, "_CHECKPOINT", generator.cache._CHECKPOINT.replace(
        "os.close(1)\n", f"os.close(1)\nimport time\nfor _ in range(1500):  # 30 s at most\n"
        f"    if os.path.exists({str(go)!r}): break\n    time.sleep(0.02)\n"))
    site = make_site(SITE)
    first = site.build()
    [cache] = (site.root / ".cache").glob("*.sqlite")
    log = cache.with_name(cache.name + "-wal")
    assert log.stat().st_size > 0, "the build copied its log itself"
    site.write({"announcements/2024/hai.md": announcement("Tin hai (sửa)", "2024-09-02")})
    edited = site.build()  # while the first build's log waits to be copied
    assert 0 < edited.rendered < 20
    go.touch()
    deadline = time.monotonic() + 30
    while log.exists() and log.stat().st_size and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not log.exists() or log.stat().st_size == 0, "the log was never copied"
    again = site.build()
    assert (again.rendered, again.reused) == (0, first.rendered)
    assert site.soup("tin-tuc/2024/hai/index.html").select_one("article h1").get_text() == "Tin hai (sửa)"


def test_an_output_file_changed_by_hand_is_made_again(make_site):
    site = make_site(SITE)
    site.build()
    site.write({"announcements/2024/hai.md": announcement("Tin hai (sửa)", "2024-09-02")})
    assert 0 < site.build().rendered < 20  # an update: only the files it wrote are looked at again
    assert site.build().rendered == 0
    page = site.output / "tin-tuc/2024/ba/index.html"
    page.write_text("<p>sửa tay</p>", encoding="utf-8")
    assert site.build().rendered_paths == ["tin-tuc/2024/ba/index.html"]
    assert site.soup("tin-tuc/2024/ba/index.html").select_one("article h1").get_text() == "Tin ba"
    assert site.build().rendered == 0


def _identities(folder):
    """output path -> (inode, mtime) of every file: what an untouched file keeps."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in folder.rglob("*") if p.is_file()}


def test_an_edit_rewrites_only_the_files_that_show_it(make_site):
    site = make_site(SITE)
    site.build()
    before = _identities(site.output)
    site.write({"announcements/2024/hai.md": announcement("Tin hai (sửa)", "2024-09-02")})
    result = site.build()
    after = _identities(site.output)
    assert before.keys() == after.keys()
    touched = sorted(path for path in after if after[path] != before[path])
    assert touched == sorted(result.rendered_paths + [
        "feed.xml", "atom.xml",                   # the site's feeds list it
        "search/search_index.json",               # its page's text changed
    ])
    # The campaign's and bloc's feeds do not carry it, so they were not even rewritten.
    assert "dot-thi-dua/c/feed.xml" not in touched and "khoi-thi-dua/khoi-dang/atom.xml" not in touched
    assert "Tin hai (sửa)" in site.text("feed.xml")


def test_a_deleted_announcement_leaves_no_file_or_folder_behind(make_site):
    site = make_site(SITE)
    site.build()
    (site.root / "content/announcements/2024/ba.md").unlink()
    result = site.build()
    assert not (site.output / "tin-tuc/2024/ba").exists()
    assert "tin-tuc/2024/bon/index.html" in result.rendered_paths  # its neighbour's links changed
    assert "Tin ba" not in site.text("search/search_index.json")
    assert "Tin ba" not in site.text("feed.xml")


def test_an_update_killed_after_its_commit_is_finished_by_the_next_build(make_site, monkeypatch):
    import generator.write as write
    site = make_site(SITE)
    site.build()
    site.write({"announcements/2024/mot.md": announcement(
        "Tin một (sửa)", "2024-09-01", "campaign: c\nblocs: [khoi-dang]\n")})
    real_replace = write.os.replace
    calls = []

    def dies_after_three(source, target):  # the commit rename and two files, then the "kill"
        calls.append(target)
        if len(calls) > 3:
            raise KeyboardInterrupt
        real_replace(source, target)

    monkeypatch.setattr(write.os, "replace", dies_after_three)
    try:
        site.build()
    except KeyboardInterrupt:
        pass
    monkeypatch.setattr(write.os, "replace", real_replace)
    assert [p.name for p in site.root.glob(".site.commit-*")], "the update was committed"
    site.build()  # finishes the committed update first (its cache was never kept: renders again)
    assert not list(site.root.glob(".site.commit-*")) and not list(site.root.glob(".site.tmp-*"))
    assert not site.left_beside_output()  # what it replaced: deleted in the background
    assert "Tin một (sửa)" in site.text("tin-tuc/2024/mot/index.html")
    assert "Tin một (sửa)" in site.text("dot-thi-dua/c/feed.xml")
    assert "Tin một (sửa)" in site.text("index.html")


def test_a_build_that_fails_keeps_the_cache_it_had(make_site):
    site = make_site(SITE)
    first = site.build()
    site.write({"announcements/2024/hai.md": "---\ntitle: [không đóng\n---\n"})
    import pytest
    from generator.problems import ContentError
    with pytest.raises(ContentError):
        site.build()
    site.write({"announcements/2024/hai.md": announcement("Tin hai", "2024-09-02")})
    assert site.build().rendered < first.rendered


def test_a_file_saved_just_before_a_build_does_not_spoil_the_next_no_op(make_site, monkeypatch):
    import generator.inputs as inputs
    site = make_site(SITE)
    monkeypatch.setattr(inputs, "RACY_NS", 10**15)  # every file counts as "changed just now"
    site.build()
    monkeypatch.setattr(inputs, "RACY_NS", 0)  # and now every file has settled
    again = site.build()
    assert again.timings.keys() == {"check inputs"}, "the no-op shortcut was taken"
    site.write({"announcements/2024/hai.md": announcement("Tin hai (sửa)", "2024-09-02")})
    assert site.build().rendered > 0


def _scans_at_a_checkout(monkeypatch) -> None:
    """Builds from now on find every file changed just before their scan (as right after a
    checkout), and settled by the time they end."""
    from generator import inputs, survey
    scan = inputs.input_keys

    def just_changed(options, scan_ns):
        monkeypatch.setattr(inputs, "RACY_NS", 10**15)
        try:
            return scan(options, scan_ns)
        finally:
            monkeypatch.setattr(inputs, "RACY_NS", 0)
    monkeypatch.setattr(survey, "input_keys", just_changed)


def _count_hashes(monkeypatch) -> list[str]:
    """The files read to compare by their bytes from now on."""
    from generator import inputs
    hashed: list[str] = []
    content_key = inputs._content_key
    monkeypatch.setattr(inputs, "_content_key", lambda path: hashed.append(path) or content_key(path))
    return hashed


def test_files_keyed_by_content_at_a_checkout_are_not_read_again_once_settled(make_site, monkeypatch):
    """A build right after a checkout keys every file by its bytes; once they settle, later
    builds compare sizes and times, as do builds that take up the plan it saved."""
    from generator import inputs, survey
    site = make_site(SITE)
    _scans_at_a_checkout(monkeypatch)
    site.build()
    monkeypatch.setattr(survey, "input_keys", inputs.input_keys)
    hashed = _count_hashes(monkeypatch)
    assert site.build().timings.keys() == {"check inputs"}, "the no-op shortcut was taken"
    site.write({"announcements/2024/hai.md": announcement("Tin hai", "2024-09-02") + "Thêm câu.\n"})
    edit = site.build()
    assert "plan (saved, announcements patched)" in edit.timings and edit.rendered == 1
    assert hashed == []


def test_a_file_changed_while_a_build_ran_is_built_again_by_the_next(make_site, monkeypatch):
    from generator import pipeline
    site = make_site(SITE)
    _scans_at_a_checkout(monkeypatch)
    render_pages = pipeline.render_pages

    def edit_meanwhile(*args, **kwargs):
        site.write({"announcements/2024/hai.md": announcement("Tin hai (sửa)", "2024-09-02")})
        return render_pages(*args, **kwargs)
    monkeypatch.setattr(pipeline, "render_pages", edit_meanwhile)
    site.build()
    monkeypatch.setattr(pipeline, "render_pages", render_pages)
    assert "Tin hai (sửa)" not in site.soup("tin-tuc/2024/hai/index.html").get_text()
    assert site.build().rendered > 0
    assert "Tin hai (sửa)" in site.soup("tin-tuc/2024/hai/index.html").select_one("h1").get_text()


def _files_of(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_worker_processes_build_the_same_site_and_find_the_same_problems(make_site, monkeypatch):
    import pytest
    from generator import load, render
    from generator.problems import ContentError

    broken = {**SITE, "announcements/2024/nam.md": "---\ntitle: [Tin năm\n---\nThân bài.\n",
              "campaigns/d.yml": "name: x\nname: y\n"}
    outcomes = []
    for parallel_from in (10**9, 1):  # one process, then pools for a handful of files
        monkeypatch.setattr(load, "_PARALLEL_MIN", parallel_from)
        monkeypatch.setattr(render, "_PARALLEL_MIN", parallel_from)
        site = make_site(SITE, folder=f"good-{parallel_from}")
        result = site.build()
        with pytest.raises(ContentError) as failed:
            make_site(broken, folder=f"broken-{parallel_from}").build()
        outcomes.append((result.rendered, _files_of(site.output),
                         [str(p) for p in failed.value.problems]))
    assert outcomes[0][0] > 20 and len(outcomes[0][2]) >= 2
    assert outcomes[1] == outcomes[0]


def _count_reads(monkeypatch) -> list[str]:
    """The content files read from disk from now on (every file counts as settled at once,
    so a warm build may reuse what it read)."""
    from generator import inputs, load
    monkeypatch.setattr(inputs, "RACY_NS", 0)
    reads: list[str] = []
    read_one = load._read_one
    monkeypatch.setattr(load, "_read_one", lambda file: reads.append(file.source_path) or read_one(file))
    return reads


def test_a_preview_process_reads_only_saved_files_and_keeps_reporting_problems(make_site, monkeypatch):
    import pytest
    from conftest import AS_OF
    from generator.build import WarmState, build
    from generator.problems import ContentError
    from generator.settings import BuildOptions

    reads = _count_reads(monkeypatch)
    warm, preview, cold = WarmState(), make_site(SITE, folder="preview"), make_site(SITE, folder="cold")

    def build_preview():
        reads.clear()
        return build(BuildOptions(preview.root, as_of=AS_OF), warm=warm)

    build_preview()
    assert len(reads) == len(warm.documents) > 8
    edit = {"announcements/2024/hai.md": announcement("Tin hai (sửa)", "2024-09-02")}
    for site in (preview, cold):
        site.write(edit)
    build_preview()
    assert reads == ["content/announcements/2024/hai.md"]
    cold.build()
    assert _files_of(preview.output) == _files_of(cold.output)

    preview.write({"announcements/2024/nam.md": "---\ntitle: Tin năm\ndate: 2024-13-01\n---\nThân.\n"})
    with pytest.raises(ContentError) as first:
        build_preview()
    preview.write({"announcements/2024/ba.md": announcement("Tin ba (sửa)", "2024-09-03")})
    with pytest.raises(ContentError) as again:  # nam.md is not read again, its problem stays
        build_preview()
    assert reads == ["content/announcements/2024/ba.md"]
    assert [str(p) for p in again.value.problems] == [str(p) for p in first.value.problems]
    assert any("nam.md:3: date:" in str(p) for p in first.value.problems)


def test_a_preview_warmed_up_after_a_no_op_reads_only_the_next_save(make_site, monkeypatch):
    from conftest import AS_OF
    from generator.build import WarmState, build, warm_up
    from generator.settings import BuildOptions

    reads = _count_reads(monkeypatch)
    site = make_site(SITE)
    options = BuildOptions(site.root, as_of=AS_OF)
    site.build()
    warm = WarmState()
    assert build(options, warm=warm).rendered == 0 and not warm.documents  # a no-op reads nothing
    warm_up(options, warm)
    assert "content/announcements/2024/ba.md" in warm.documents
    reads.clear()
    site.write({"announcements/2024/ba.md": announcement("Tin ba (sửa)", "2024-09-03")})
    assert build(options, warm=warm).rendered > 0
    assert reads == ["content/announcements/2024/ba.md"]
    assert "Tin ba (sửa)" in site.text("tin-tuc/2024/ba/index.html")


def test_a_preview_save_that_moves_no_announcement_keeps_the_plan(make_site, monkeypatch):
    """...and builds what a cold build of the same files builds; any other save plans anew."""
    import importlib
    from conftest import AS_OF
    from generator.settings import BuildOptions

    build_module = importlib.import_module("generator.build")  # the module, not its function
    pipeline = importlib.import_module("generator.pipeline")
    _count_reads(monkeypatch)  # every file settled at once, as a while after each save
    planned: list[int] = []
    model = pipeline.build_model
    monkeypatch.setattr(pipeline, "build_model", lambda *a, **k: planned.append(1) or model(*a, **k))
    loaded: list[int] = []  # content/ listed and every file looked up
    load = pipeline.load_sources
    monkeypatch.setattr(pipeline, "load_sources", lambda *a, **k: loaded.append(1) or load(*a, **k))
    files = {**SITE, "announcements/2030/sap.md": announcement("Tin sắp đăng", "2030-01-05")}
    warm = build_module.WarmState()
    preview, cold = make_site(files, folder="preview"), make_site(files, folder="cold")

    def build_both(edit: dict[str, str]):
        """(times the site was planned, the preview's BuildResult) for a save of `edit`."""
        for site in (preview, cold):
            site.write(edit)
        planned.clear()
        loaded.clear()
        result = build_module.build(BuildOptions(preview.root, as_of=AS_OF, drafts=True), warm=warm)
        plans = len(planned)
        assert len(loaded) == plans  # a kept plan reads only the saved files
        cold.build(drafts=True)
        assert _files_of(preview.output) == _files_of(cold.output)
        return plans, result

    mot = "campaign: c\nblocs: [khoi-dang]\n"
    assert build_both({})[0] == 1
    plans, result = build_both({
        "announcements/2024/mot.md": announcement("Tin một", "2024-09-01", mot, body="Thân mới."),
        "announcements/2030/sap.md": announcement("Tin sắp đăng", "2030-01-05", body="Sắp có.")})
    assert plans == 0
    assert {"tin-tuc/2024/mot/index.html", "tin-tuc/2030/sap/index.html"} <= set(result.rendered_paths)
    assert "Thân mới." in preview.text("tin-tuc/2024/mot/index.html")
    assert "Thân mới." in preview.text("feed.xml")
    # A front matter that only shows: patched in too, and shown wherever the item is listed.
    plans, result = build_both({"announcements/2024/mot.md": announcement(
        "Tin một (sửa)", "2024-09-01", mot, body="Thân mới.")})
    assert plans == 0 and "dot-thi-dua/c/index.html" in result.rendered_paths
    assert "Tin một (sửa)" in preview.text("dot-thi-dua/c/index.html")
    # A front matter that moves it, a new file, a YAML file: planned anew.
    assert build_both({"announcements/2024/mot.md": announcement("Tin một (sửa)", "2024-09-01",
                                                                  "campaign: c\n", body="Thân mới.")})[0] == 1
    assert build_both({"announcements/2024/nam.md": announcement("Tin năm", "2024-09-05")})[0] == 1
    assert build_both({"campaigns/c.yml": CAMPAIGN.replace("cao điểm năm", "cao điểm lớn năm")})[0] == 1
    assert "cao điểm lớn năm" in preview.text("dot-thi-dua/c/index.html")
    # A broken link in a body is still found, and gone with the save that mends it.
    plans, result = build_both({"announcements/2024/ba.md": announcement(
        "Tin ba", "2024-09-03", body="[x](khong-co.md)")})
    assert plans == 0 and any("khong-co.md" in str(w) for w in result.warnings)
    plans, result = build_both({"announcements/2024/ba.md": announcement(
        "Tin ba", "2024-09-03", body="Đã sửa.")})
    assert plans == 0 and not any("khong-co.md" in str(w) for w in result.warnings)


def test_a_preview_shows_each_new_title_in_every_list(make_site, monkeypatch):
    """List items are made once per build (theme.ThemeAdapter._listed): never one made in
    an earlier build of the same process, for the same item patched since."""
    from conftest import AS_OF
    from generator.build import WarmState, build
    from generator.settings import BuildOptions

    _count_reads(monkeypatch)
    site, warm = make_site(SITE), WarmState()
    for title in ("Tin một", "Tin một (sửa)", "Tin một (sửa lại)"):
        site.write({"announcements/2024/mot.md": announcement(title, "2024-09-01",
                                                              "campaign: c\nblocs: [khoi-dang]\n")})
        build(BuildOptions(site.root, as_of=AS_OF), warm=warm)
        for listing in ("dot-thi-dua/c/index.html", "tin-tuc/index.html",
                        "khoi-thi-dua/khoi-dang/index.html"):
            assert [a.get_text() for a in site.soup(listing).select(".td-news-item__title a")
                    if a.get_text().startswith("Tin một")] == [title], listing


def test_an_edit_copies_the_unchanged_search_entries_from_the_published_index(make_site, monkeypatch):
    import shutil

    import generator.pipeline as pipeline
    files = {**SITE, "announcements/2024/nam.md": announcement("Tin năm", "2024-09-05")}
    site, cold = make_site(files, folder="edited"), make_site(files, folder="cold")
    site.build()
    remade: list[str] = []  # entries made again from published pages, not copied
    entry_of = pipeline.search_entry
    monkeypatch.setattr(pipeline, "search_entry", lambda page, html: (
        remade.append(page.output_path) or entry_of(page, html)))

    def edit(changes: dict[str, str | None]) -> None:
        for each in (site, cold):
            for path, text in changes.items():
                if text is None:
                    (each.root / "content" / path).unlink()
                else:
                    each.write({path: text})
        site.build()
        shutil.rmtree(cold.root / ".cache", ignore_errors=True)
        cold.build()  # from nothing: every entry made anew
        assert site.text("search/search_index.json") == cold.text("search/search_index.json")

    # Text edits in the first, a middle and the last page of the index: spliced.
    edit({"announcements/2024/mot.md": announcement("Tin một", "2024-09-01",
                                                    "campaign: c\nblocs: [khoi-dang]\n", "Bài mới."),
          "announcements/2024/nam.md": announcement("Tin năm", "2024-09-05", body="Đoạn mới.")})
    assert "Đoạn mới." in site.text("search/search_index.json")
    edit({"announcements/2024/ba.md": announcement("Tin ba", "2024-09-03", body="Sửa lần hai.")})
    # A new page, then one fewer: the others move, and are still copied.
    edit({"announcements/2024/sau.md": announcement("Tin sáu", "2024-09-06")})
    assert "Tin sáu" in site.text("search/search_index.json")
    edit({"announcements/2024/nam.md": None})
    assert "Tin năm" not in site.text("search/search_index.json")
    assert remade == []
    # An index changed by hand is not copied from: the entries come from the pages.
    (site.output / "search/search_index.json").write_text('{"docs":[]}', encoding="utf-8")
    edit({"announcements/2024/ba.md": announcement("Tin ba", "2024-09-03", body="Sửa lần ba.")})
    assert remade and "tin-tuc/2024/ba/index.html" not in remade  # rendered anew, not read


def test_bodies_rendered_while_planning_make_the_same_pages(make_site, monkeypatch):
    """A first build renders bodies in a worker while it plans (early_bodies.py): the
    pages are byte for byte those of a build that does not, raw HTML trusted or not; a
    body linking another Markdown file by name, or holding an entity, waits for the plan."""
    from conftest import MINIMAL_SITE
    from generator import early_bodies
    from generator.early_bodies import EarlyBodies

    taken: list[list[str]] = []
    finish = EarlyBodies.finish

    def finish_when_done(self):  # let the workers finish, so that every body counts
        for process, _ in self._workers:
            process.join()
        bodies = finish(self)
        taken.append(sorted(key.split()[2].rsplit("/", 1)[1] for key in bodies))
        return bodies

    monkeypatch.setattr(EarlyBodies, "finish", finish_when_done)
    files = {**SITE,
             "announcements/2024/nam.md": announcement(
                 "Tin năm", "2024-09-05", body="Xem [tin một](mot.md).\n\n<iframe src=\"bang.html\"></iframe>"),
             "announcements/2024/sau.md": announcement(  # an entity spells "mot.md"
                 "Tin sáu", "2024-09-06",
                 body="Khối Đảng &amp; đoàn thể: [tin một](mot&#46;md), [ảnh](../../media/a.png)"),
             "media/a.png": b"\x89PNG\r\n\x1a\n"}
    for raw in (False, True):
        site_yml = MINIMAL_SITE["site.yml"] + ("    allow_raw_html: true\n" if raw else "")
        outcomes = []
        for early_from in (10**9, 1):
            monkeypatch.setattr(early_bodies, "_MIN_DOCUMENTS", early_from)
            site = make_site({**files, "site.yml": site_yml}, folder=f"site-{raw}-{early_from}")
            outcomes.append((site.build().rendered, _files_of(site.output)))
        assert outcomes[1] == outcomes[0]
        # Not nam (it links mot.md) nor sau (&amp;): they render with the rest.
        assert taken[-1] == ["ba.md", "bon.md", "hai.md", "mot.md", "tin-dak-nong.md"]
        page = site.soup("tin-tuc/2024/nam/index.html").select_one("article")
        assert page.select_one('a[href$="tin-tuc/2024/mot/"]') is not None
        assert (page.select_one("iframe") is not None) is raw
