"""The editors' commands, driven as an editor would: check, new, serve, schema."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from zoneinfo import ZoneInfo

import pytest

from conftest import REPO
from generator.editor_schemas import SCHEMAS, _document
from generator.scaffold import ScaffoldError, new_announcement
from generator.serve import PreviewServer
from test_build import CAMPAIGN, announcement


def thidua(*args: str):
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True)


def test_check_reports_everything_and_writes_nothing(make_site):
    site = make_site({"campaigns/c.yml": CAMPAIGN})
    ok = thidua("check", str(site.root))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("No problems: 1 campaigns, 0 blocs, 0 announcements,")
    site.write({"blocs/b.yml": "name: B\nkind: khoi\n",
                "announcements/2024/a.md": announcement("A", "2024-10-10", "campaign: cc\n")})
    bad = thidua("check", str(site.root))
    assert bad.returncode == 1
    assert bad.stderr.splitlines() == [
        "content/announcements/2024/a.md:4: campaigns[0]: no campaign 'cc' Did you mean 'c'?",
        "content/blocs/b.yml:2: kind: 'khoi' is not one of 'bloc', 'cluster'",
        "2 errors in 2 files; nothing was written. The previous output is unchanged."]
    assert not site.output.exists()


def test_new_files_pass_check_and_are_never_overwritten(make_site):
    site = make_site({"campaigns/c.yml": CAMPAIGN, "blocs/b.yml": "name: B\nkind: bloc\n"})
    made = thidua("new", "announcement", "Phát động thi đua: Đợt 1!", "--campaign", "c",
                  "--bloc", "b", "--site", str(site.root))
    assert made.returncode == 0, made.stderr
    year = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).year
    path = site.root / f"content/announcements/{year}/phat-dong-thi-dua-dot-1.md"
    assert made.stdout.strip() == f"Created {path}"
    text = path.read_text(encoding="utf-8")
    assert 'title: "Phát động thi đua: Đợt 1!"' in text and "campaigns: [c]" in text
    for kind, name in (("campaign", "cao-diem-moi"), ("bloc", "khoi-moi")):
        assert thidua("new", kind, name, "--site", str(site.root)).returncode == 0
    assert thidua("check", str(site.root)).returncode == 0
    again = thidua("new", "announcement", "Phát động thi đua: Đợt 1!", "--site", str(site.root))
    assert again.returncode == 1
    assert again.stderr.strip() == (f"error: {path} already exists; thidua new never overwrites a "
                                    "file. Choose another title or id, or edit that file.")
    assert path.read_text(encoding="utf-8") == text


def test_new_refuses_unknown_ids(make_site):
    site = make_site({"campaigns/cao-diem.yml": CAMPAIGN})
    with pytest.raises(ScaffoldError) as caught:
        new_announcement(site.root / "content", "Tin", campaign="cao-dien")
    assert str(caught.value) == "no campaign 'cao-dien' in content/campaigns/. Did you mean 'cao-diem'?"
    bad_id = thidua("new", "campaign", "Cao điểm", "--site", str(site.root))
    assert bad_id.returncode == 1
    assert "'Cao điểm' is not an id" in bad_id.stderr and "Try 'cao-diem'." in bad_id.stderr


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _wait_for(predicate, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out")


def test_serve_rebuilds_on_save_and_shows_problems(make_site):
    site = make_site({"announcements/2024/a.md": announcement("Tin đầu", "2024-10-10")})
    preview = PreviewServer(site.root, port=0, as_of=dt.date(2024, 11, 15))
    preview.start()
    try:
        base = f"http://127.0.0.1:{preview.port}"
        status, page = _get(base + "/tin-tuc/2024/a/")
        assert status == 200 and "Tin đầu" in page and "/__thidua/version" in page
        version = preview.version
        site.write({"announcements/2024/a.md": announcement("Tin đã sửa", "2024-10-10")})
        _wait_for(lambda: "Tin đã sửa" in _get(base + "/tin-tuc/2024/a/")[1])
        _wait_for(lambda: preview.version > version)  # the tabs' reload signal follows the files
        site.write({"announcements/2024/nhap.md": announcement("Bản nháp", "2024-10-11", "draft: true\n")})
        _wait_for(lambda: "Bản nháp" in _get(base + "/tin-tuc/")[1])  # drafts shown in preview
        site.write({"campaigns/x.yml": "title: x\nstart: 2025-13\nend: 2025\n"})
        page = _wait_for(lambda: (p := _get(base + "/tin-tuc/2024/a/")[1]) and "thidua-problems" in p and p)
        assert "Tin đã sửa" in page  # the last good site stays served
        assert "content/campaigns/x.yml:2: start: &#x27;2025-13&#x27; is not a date" in page
        (site.root / "content/campaigns/x.yml").unlink()
        _wait_for(lambda: "thidua-problems" not in _get(base + "/tin-tuc/2024/a/")[1])
        assert _get(base + "/khong-co/")[0] == 404
    finally:
        preview.stop()


def test_a_preview_started_again_builds_only_what_changed_meanwhile(make_site):
    site = make_site({"announcements/2024/a.md": announcement("Tin đầu", "2024-10-10")})
    first = PreviewServer(site.root, port=0, as_of=dt.date(2024, 11, 15))
    first.start()
    first.stop()
    assert first.last_result.rendered > 10
    assert first.output_dir.parent == site.root / ".cache"  # nothing left in the system's temp
    site.write({"announcements/2024/b.md": announcement("Tin sau", "2024-10-12")})
    again = PreviewServer(site.root, port=first.port, as_of=dt.date(2024, 11, 15))
    again.start()
    try:
        assert again.output_dir == first.output_dir
        assert 0 < again.last_result.rendered < first.last_result.rendered
        assert "Tin sau" in _get(f"http://127.0.0.1:{again.port}/tin-tuc/")[1]
    finally:
        again.stop()


def test_a_preview_frees_each_replaced_site_model_once_idle(make_site):
    """A model is full of cycles (a campaign lists its news, each names its campaigns), so
    only the cycle collector frees it: the preview runs it once idle after each build,
    where before it grew by 10 MB a save at 10,000 announcements."""
    import threading
    import weakref

    with_campaign = announcement("Tin đầu", "2024-10-10", "campaign: c\n")
    site = make_site({"campaigns/c.yml": CAMPAIGN, "announcements/2024/a.md": with_campaign})
    preview = PreviewServer(site.root, port=0, as_of=dt.date(2024, 11, 15))
    preview.start()
    try:
        item = preview._warm.plan.planned.site.announcements[0]
        assert item.campaigns[0].announcements == [item]  # a cycle: refcounts never free it
        # Told when it is freed: polling a weak reference would hold the item for a moment
        # each time, and a collection in that moment would keep it (and freeze it).
        freed = threading.Event()
        weakref.finalize(item, freed.set)
        del item
        version = preview.version
        # The campaign, not the announcement: an announcement's new text or title is patched
        # into the same model, whose items stay (see reuse.py); a campaign's makes a new one.
        site.write({"campaigns/c.yml": CAMPAIGN.replace("cao điểm năm 2025", "cao điểm 2025")})
        _wait_for(lambda: preview.version > version)
        assert freed.wait(20.0)
    finally:
        preview.stop()


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_checked_in_schemas_match_the_models(name):
    checked_in = json.loads((REPO / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert checked_in == _document(name), "run `thidua schema` and commit schemas/"


def test_schema_describes_fields_and_forbids_unknown_ones():
    campaign = _document("campaign")
    assert campaign["additionalProperties"] is False
    assert campaign["properties"]["kind"]["enum"] == ["peak", "special", "regular", "thematic"]
    assert "Phases (đợt), in order." == campaign["properties"]["phases"]["description"]
    settings = json.loads((REPO / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"]["./schemas/campaign.schema.json"] == "content/campaigns/*.yml"
