"""Awkward but valid input, atomic output under SIGKILL, determinism, no tracebacks."""

from __future__ import annotations

import datetime as dt
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import feedparser
import pytest

from conftest import REPO
from generator.cli import main
from test_build import CAMPAIGN, announcement
from test_validation import CASES


def test_crlf_bom_emoji_and_markup_characters(make_site):
    title = 'Thi đua "Đổi mới" <sáng tạo> & 🎉 \'vượt khó\''
    front = (f"---\r\ntitle: {title!r}\r\ndate: 2024-10-01 08:00\r\ncampaign: c\r\n"
             "tags: [Đổi mới, 🎉]\r\n---\r\n\r\nNội dung có **chữ đậm** và 🎉.\r\n").replace("\\'", "''")
    site = make_site({
        "campaigns/c.yml": ("\ufeff" + CAMPAIGN.replace("\n", "\r\n")).encode("utf-8"),
        "announcements/2024/kho.md": ("\ufeff" + front).encode("utf-8"),
    })
    site.build(as_of=dt.date(2025, 2, 1))
    soup = site.soup("tin-tuc/2024/kho/index.html")
    assert soup.select_one("article h1").get_text() == title
    assert soup.select_one("article strong").get_text() == "chữ đậm"
    assert feedparser.parse(site.text("feed.xml")).entries[0].title == title
    assert "Đợt 1" in site.soup("dot-thi-dua/c/index.html").get_text()


def test_a_very_long_announcement(make_site):
    body = "\n\n".join(f"## Mục {n}\n\nĐoạn văn số {n} về thi đua yêu nước. " * 3 for n in range(2000))
    site = make_site({"announcements/2024/dai.md": announcement("Bài rất dài", "2024-10-01", body=body)})
    site.build()
    soup = site.soup("tin-tuc/2024/dai/index.html")
    assert len(soup.select("article h2")) == 2000
    assert soup.select_one("#muc-1999") is not None


def test_killed_build_leaves_previous_output_byte_for_byte(make_site, tmp_path):
    files = {f"announcements/2024/tin-{n}.md": announcement(f"Tin {n}", "2024-10-01",
                                                             body="Đoạn văn. " * 400)
             for n in range(300)}
    site = make_site(files)
    site.build()

    def snapshot(folder):
        return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}

    before = snapshot(site.output)
    site.write({"announcements/2024/tin-0.md": announcement("Tin đã đổi", "2024-10-01")})
    site.build(output_dir=tmp_path / "expected")  # what a finished build of the edit publishes
    after_edit = snapshot(tmp_path / "expected")
    killed = 0
    for delay in (0.6, 0.9, 1.2, 1.5, 2.0):
        shutil.rmtree(site.root / ".cache", ignore_errors=True)  # a full render: a long build
        process = subprocess.Popen([sys.executable, "-m", "generator", "build", str(site.root),
                                    "--as-of", "2024-11-15"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait()
        assert not _processes_building(site.root), "a killed build's workers still run"
        after = snapshot(site.output)
        # All or nothing: the old site byte for byte, or (killed after the swap) the new one.
        assert after == before or after == after_edit, f"killed after {delay} s: half a site"
        if after == after_edit:
            break
    assert killed >= 1, "the build was never killed mid-way"
    site.build()  # the next build cleans up the killed build's staging folder
    assert not [p for p in site.root.iterdir() if p.name.startswith((".site.tmp-", ".site.commit-"))]
    # What the builds replaced is deleted in the background: gone soon, not at once.
    assert not site.left_beside_output()
    assert "Tin đã đổi" in site.text("tin-tuc/2024/tin-0/index.html")


@pytest.mark.parametrize("pages", [3, 200])  # rendered in-process, and by workers
def test_a_disk_that_refuses_writes_gets_a_clear_error_and_no_half_site(make_site, pages):
    files = {f"announcements/2024/tin-{n}.md": announcement(f"Tin {n}", "2024-10-01")
             for n in range(pages)}
    site = make_site(files)
    command = [sys.executable, "-m", "generator", "build", str(site.root), "--as-of", "2024-11-15"]

    def build_on_a_full_disk():
        # The kernel refuses every write past 16 KB of a file, as a full disk refuses them
        # (EFBIG; Python ignores the SIGXFSZ that comes with it): each page is longer.
        limit = (16_384, 16_384)
        return subprocess.run(command, capture_output=True, text=True, timeout=120,
                              preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_FSIZE, limit))

    first = build_on_a_full_disk()
    assert first.returncode == 1 and "Traceback" not in first.stderr
    assert first.stderr.startswith("error: could not write the site: ")
    assert "File too large" in first.stderr and first.stderr.strip().endswith("Nothing was published.")
    assert not site.output.exists()
    assert not [p for p in site.root.iterdir() if p.name.startswith(".site.")]

    site.build()
    before = {p.relative_to(site.output): p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    site.write({"announcements/2024/tin-0.md": announcement("Tin đã đổi", "2024-10-01")})
    again = build_on_a_full_disk()
    assert again.returncode == 1 and "Traceback" not in again.stderr
    assert again.stderr.strip().endswith(f"{site.output.resolve()} is unchanged.")
    after = {p.relative_to(site.output): p.read_bytes() for p in site.output.rglob("*") if p.is_file()}
    assert after == before
    assert not [p for p in site.root.iterdir() if p.name.startswith((".site.tmp-", ".site.commit-"))]
    site.build()  # room again: the edit is published
    assert "Tin đã đổi" in site.text("tin-tuc/2024/tin-0/index.html")


def _processes_building(root, within: float = 10.0) -> list[str]:
    """Processes still running `within` seconds from now whose command line names
    `root` (a killed build's workers exit on their own once they see it is gone)."""
    deadline = time.monotonic() + within
    while True:
        running = []
        for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                state = (cmdline.parent / "stat").read_text().rsplit(")", 1)[1].split()[0]
                if state != "Z" and str(root).encode() in cmdline.read_bytes():
                    running.append(cmdline.parent.name)
            except OSError:
                continue  # gone meanwhile
        if not running or time.monotonic() > deadline:
            return running
        time.sleep(0.05)


def test_output_is_the_same_in_any_folder_time_zone_and_locale(tmp_path):
    def build_copy(name: str, env: dict[str, str]) -> dict:
        root = tmp_path / name
        shutil.copytree(REPO / "content", root / "content")
        subprocess.run([sys.executable, "-m", "generator", "build", str(root), "--as-of",
                        "2024-11-15"], check=True, capture_output=True,
                       env={**os.environ, **env}, cwd=REPO)
        return {p.relative_to(root / "site"): p.read_bytes()
                for p in (root / "site").rglob("*") if p.is_file()}

    first = build_copy("mot", {"TZ": "UTC", "LC_ALL": "C.UTF-8"})
    second = build_copy("hai/sau-hon", {"TZ": "America/New_York", "LC_ALL": "vi_VN.UTF-8",
                                          "LANG": "vi_VN.UTF-8"})
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_broken_input_through_the_cli(make_site, capsys, name):
    files, expected = CASES[name]
    site = make_site(files)
    assert main(["build", str(site.root), "--as-of", "2024-11-15"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[:-1] == expected
    assert err[-1].endswith("nothing was written. The previous output is unchanged.")


@pytest.mark.parametrize("name", ["yaml alias bomb", "not utf-8"])
def test_cli_process_prints_problems_without_traceback(make_site, name):
    files, expected = CASES[name]
    site = make_site(files)
    started = time.monotonic()
    run = subprocess.run([sys.executable, "-m", "generator", "build", str(site.root)],
                         capture_output=True, text=True, timeout=60)
    assert time.monotonic() - started < 20
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stderr.splitlines()[:-1] == expected
