"""Benchmark thidua against Hugo and Pelican on synthetic sites.

    python3 bench/run.py [--sizes 1000,10000,20000] [--runs 3] [--out bench/results.md]

For each size, make_site.py writes a site of that many announcements (cached
under /tmp/thidua-bench/) and the same published announcements as a Hugo site
and a Pelican project. Every tool then runs as a subprocess, so times include
start-up, and each scenario is the median of --runs rounds; see bench/README.md.
Prints a Markdown table and writes it to --out. Run by hand, never by tests.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import hashlib
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from files import dump_yaml
from hugo_pelican import PeerSite

CACHE = Path("/tmp/thidua-bench")
PELICAN_VENV = CACHE / "pelican-venv"
AS_OF = "2024-11-15"

COLD, NOOP, ANNOUNCEMENT, TITLE, PREVIEW, CAMPAIGN, TEMPLATE, CHECK, MEMORY = (
    "cold build", "no-op rebuild", "edit one announcement", "edit one announcement's title",
    "edit one announcement (preview)", "edit one campaign", "edit one template", "check",
    "peak memory (cold build)")
SCENARIOS = [COLD, NOOP, ANNOUNCEMENT, TITLE, PREVIEW, CAMPAIGN, TEMPLATE, CHECK, MEMORY]
PREVIEW_EDITS = 5
"""Edits saved one after another into one running preview; their median is the round's."""
PEERS = ("Hugo", "Pelican")


# --- running one command -------------------------------------------------------------

@dataclass
class Sample:
    """One command's wall time and peak resident memory, or why it failed."""

    seconds: float | None = None
    peak_kb: int | None = None
    output: str = ""
    error: str = ""
    stolen: float | None = None
    """Share of the machine's CPU time the hypervisor took while the command ran."""


def cpu_times() -> list[int] | None:
    """The machine's CPU time so far, by state (user, nice, system, idle, iowait, irq,
    softirq, steal), from /proc/stat; None where there is none."""
    try:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = stat.readline().split()
    except OSError:
        return None
    return [int(value) for value in fields[1:9]] if len(fields) > 8 else None


def stolen_share(before: list[int] | None, after: list[int] | None) -> float | None:
    """Steal time over all CPU time between two `cpu_times()`: what a virtual machine's
    neighbours took from it (a build using both cores loses that much of them)."""
    if before is None or after is None:
        return None
    spent = [end - start for start, end in zip(before, after)]
    total = sum(spent)
    return spent[7] / total if total else None


def run_measured(command: list[str], cwd: Path, timeout: float,
                 env: dict[str, str] | None = None) -> Sample:
    """Run `command`; wall time from spawn to exit, peak RSS from wait4's rusage."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started, cpu_before = time.perf_counter(), cpu_times()
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err,
                                   start_new_session=True)
        timer = threading.Timer(timeout, os.killpg, (process.pid, signal.SIGKILL))
        timer.start()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - started
        stolen = stolen_share(cpu_before, cpu_times())
        timer.cancel()
        _LAST_COMMAND[0] = time.monotonic()
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if process.returncode == -signal.SIGKILL and elapsed >= timeout:
        return Sample(output=stdout, error=f"timeout after {timeout:.0f} s")
    if process.returncode != 0:
        tail = "\n".join(stderr.strip().splitlines()[-15:])
        return Sample(output=stdout, error=f"exit {process.returncode}: {' '.join(command)}\n{tail}")
    return Sample(elapsed, usage.ru_maxrss, stdout + stderr, stolen=stolen)


def _fetch(url: str, timeout: float = 5) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return answer.read().decode()
    except OSError:
        return None


def median(samples: list[Sample]) -> Sample:
    """Median time and memory of the rounds; the first error if any round failed."""
    failed = [s for s in samples if s.error]
    if failed:
        return failed[0]
    stolen = [s.stolen for s in samples if s.stolen is not None]
    return Sample(statistics.median(s.seconds for s in samples),
                  int(statistics.median(s.peak_kb for s in samples)), samples[-1].output,
                  stolen=statistics.median(stolen) if stolen else None)


# --- edits that are undone at the end of a round -------------------------------------

class Edits:
    """Write files, remembering what was there; `restore` puts everything back."""

    def __init__(self) -> None:
        self._originals: dict[Path, str | None] = {}

    def write(self, path: Path, text: str) -> None:
        if path not in self._originals:
            self._originals[path] = path.read_text(encoding="utf-8") if path.exists() else None
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def append(self, path: Path, text: str) -> None:
        self.write(path, path.read_text(encoding="utf-8") + text)

    def restore(self) -> None:
        for path, text in self._originals.items():
            if text is None:
                path.unlink(missing_ok=True)
            else:
                path.write_text(text, encoding="utf-8")
        self._originals.clear()


GRAVEYARD = CACHE / "graveyard"
"""Where `remove` puts outputs and caches until the benchmark ends (same file system)."""
EXT4_RECENTLY_DELETED = 61
"""Seconds for which ext4 passes over a freed inode (60 once the inode table is written)."""


def remove(*paths: Path) -> None:
    """Move files and folders that exist out of the way, to be deleted when the run ends.

    Not deleted now: on ext4 without a journal (this machine's disk), for a minute after
    a file is deleted the kernel steps over its inode, one by one, whenever it allocates
    a new one (`recently_deleted` in fs/ext4/ialloc.c). Deleting the 10,000 pages of the
    last round made the next cold build of every tool pay for that: Hugo's 10k build took
    5.2-5.4 s right after `rm -rf public`, 3.8 s after moving `public` aside instead. A
    real cold build (a fresh clone in CI) does not follow such a deletion.
    """
    for path in paths:
        if path.exists():
            GRAVEYARD.mkdir(parents=True, exist_ok=True)
            path.rename(Path(tempfile.mkdtemp(dir=GRAVEYARD)) / path.name)


_LAST_COMMAND = [time.monotonic()]
"""time.monotonic() when the last command measured (or preview server) ended; at first,
when the benchmark started (whatever ran before it may have deleted files)."""
BACKGROUND_SLACK = 5
"""Seconds allowed for what a command leaves running after it exits (thidua deletes the
outputs a build replaced in a detached process)."""


def settle_before_cold_build() -> None:
    """Wait until no file can have been deleted in the last minute.

    The rounds before a cold build delete files: thidua's template edit replaces the whole
    output folder and deletes the old one in the background, 10,000 pages a few seconds
    before the next round's cold build; a tool's own cleaning may delete. Measured right
    after that, thidua's cold build at 10,000 spent 2.5 s more system CPU in its workers
    (4.1-4.5 s against 1.7-1.9 s) and took about a second longer. Every tool waits alike.
    """
    if wait_for_deletions():
        _LAST_COMMAND[0] = time.monotonic()
    left = EXT4_RECENTLY_DELETED + BACKGROUND_SLACK - (time.monotonic() - _LAST_COMMAND[0])
    if left > 0:
        os.sync()
        time.sleep(left)


def wait_for_deletions() -> bool:
    """Wait until no `rm` deletes anything under the benchmark's folder (thidua's deletes
    what a build replaced in a detached process, which may outlast BACKGROUND_SLACK at
    20,000 pages); True if one did."""
    waited = False
    while any(_deletes_here(cmdline) for cmdline in Path("/proc").glob("[0-9]*/cmdline")):
        waited = True
        time.sleep(0.2)
    return waited


def _deletes_here(cmdline: Path) -> bool:
    try:
        words = cmdline.read_bytes().split(b"\0")
    except OSError:  # the process has ended
        return False
    return (Path(words[0].decode(errors="replace")).name == "rm"
            and any(word.startswith(bytes(CACHE)) for word in words[1:]))


def empty_graveyard(settle: bool) -> None:
    """Delete what `remove` moved aside; with `settle`, then wait until ext4 no longer
    steps over the freed inodes (before measuring)."""
    if not GRAVEYARD.exists():
        return
    shutil.rmtree(GRAVEYARD)
    if settle:
        os.sync()
        print(f"  waiting {EXT4_RECENTLY_DELETED} s for the file system after deleting the "
              "last run's outputs ...", flush=True)
        time.sleep(EXT4_RECENTLY_DELETED)


# --- the tools ----------------------------------------------------------------------

class Tool:
    """One generator on one site folder; `round` runs every scenario it supports once."""

    name = ""

    def __init__(self, root: Path, article: tuple[int, str], timeout: float) -> None:
        self.root = root
        self.year, self.slug = article
        self.timeout = timeout

    def build(self, cold: bool) -> Sample:
        raise NotImplementedError

    def clean(self) -> None:
        """Remove the output and every cache, for a cold build."""
        raise NotImplementedError

    def announcement_file(self) -> Path:
        return PeerSite.article_path(self.root, self.year, self.slug)

    def edit_template(self, edits: Edits, run: int) -> None:
        raise NotImplementedError

    def edit_campaign(self, edits: Edits, run: int) -> bool:
        """Change one campaign; False if the tool has no campaigns."""
        return False

    def check(self) -> Sample | None:
        """Validate without writing; None if the tool has no such command."""
        return None

    def preview(self, edits: Edits, run: int) -> Sample | None:
        """Save an announcement while the tool's preview server runs: median time until the
        server says the site changed; None if the tool is not measured this way."""
        return None

    def round(self, run: int) -> dict[str, Sample]:
        """Cold build, no-op rebuild, then one edit after another, each followed by a build."""
        edits = Edits()
        try:
            self.clean()
            settle_before_cold_build()
            results = {COLD: self.build(cold=True)}
            results[MEMORY] = results[COLD]
            results[NOOP] = self.build(cold=False)
            edits.append(self.announcement_file(),
                         f"\nCâu bổ sung lần {run}: Ban biên tập cập nhật kết quả thi đua.\n")
            results[ANNOUNCEMENT] = self.build(cold=False)
            edits.write(self.announcement_file(), _retitled(
                self.announcement_file().read_text(encoding="utf-8"), f" (sửa lần {run})"))
            results[TITLE] = self.build(cold=False)
            if self.edit_campaign(edits, run):
                results[CAMPAIGN] = self.build(cold=False)
            self.edit_template(edits, run)
            results[TEMPLATE] = self.build(cold=False)
            check = self.check()
            if check:
                results[CHECK] = check
            preview = self.preview(edits, run)
            if preview:
                results[PREVIEW] = preview
            return results
        finally:
            edits.restore()


_TITLE_LINE = re.compile(r"^(title|Title): (.*)$", re.MULTILINE)
"""The title line of a front matter: thidua's and Hugo's `title:`, Pelican's `Title:`."""


def _retitled(text: str, suffix: str) -> str:
    """`text` (a Markdown file) with `suffix` added to the title in its front matter."""
    def add(match: re.Match) -> str:
        key, value = match.groups()
        if len(value) > 1 and value[0] in "'\"" and value[-1] == value[0]:
            return f"{key}: {value[:-1]}{suffix}{value[-1]}"
        return f"{key}: {value}{suffix}"
    return _TITLE_LINE.sub(add, text, count=1)


class Thidua(Tool):
    """`python3 -m generator` from a snapshot of this repository's code, as a subprocess."""

    name = "thidua"

    def __init__(self, root: Path, article: tuple[int, str], timeout: float, code: Path) -> None:
        super().__init__(root, article, timeout)
        self.code = code
        self.env = {**os.environ, "PYTHONPATH": str(code)}

    def _generator(self, *args: str) -> Sample:
        command = [sys.executable, "-m", "generator", *args, str(self.root), "--as-of", AS_OF]
        return run_measured(command, self.code, self.timeout, self.env)

    def build(self, cold: bool) -> Sample:
        return self._generator("build")

    def check(self) -> Sample:
        return self._generator("check")

    def preview(self, edits: Edits, run: int) -> Sample:
        """`thidua serve` in a subprocess; each save is timed from the write until the version
        request open tabs keep waiting (/__thidua/version?after=N) is answered, i.e. until
        the tabs would reload."""
        port = 8760 + run
        command = [sys.executable, "-m", "generator", "serve", str(self.root), "--port", str(port),
                   "--as-of", AS_OF]
        server = subprocess.Popen(command, cwd=self.code, env=self.env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL, start_new_session=True)
        version_url = f"http://127.0.0.1:{port}/__thidua/version"
        try:
            deadline = time.perf_counter() + self.timeout
            while (version := _fetch(version_url)) is None:  # the first build, then serving
                if server.poll() is not None or time.perf_counter() > deadline:
                    return Sample(error=f"preview did not start: {' '.join(command)}")
                time.sleep(0.1)
            seconds = []
            for edit in range(PREVIEW_EDITS):
                time.sleep(0.5)  # let the watcher settle, as between an editor's saves
                edits.append(self.announcement_file(), f"\nCâu xem trước {run}.{edit}.\n")
                saved = time.perf_counter()
                # As an open tab asks: the request is answered when the version moves on.
                while (now := _fetch(f"{version_url}?after={version}", timeout=60)) == version:
                    if time.perf_counter() - saved > 60:
                        return Sample(error="preview did not rebuild within 60 s")
                if now is None:
                    return Sample(error="preview stopped answering")
                seconds.append(time.perf_counter() - saved)
                version = now
            return Sample(statistics.median(seconds), 0)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait()
            _LAST_COMMAND[0] = time.monotonic()

    def clean(self) -> None:
        remove(self.root / "site", self.root / "theme", self.root / ".cache",
               *self.root.glob("*/.cache"))

    def announcement_file(self) -> Path:
        return self.root / "content" / "announcements" / str(self.year) / f"{self.slug}.md"

    def edit_campaign(self, edits: Edits, run: int) -> bool:
        path = min((self.root / "content" / "campaigns").glob("*.yml"))
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["summary"] = f"{data['summary']} (Cập nhật lần {run}.)"
        edits.write(path, dump_yaml(data))
        return True

    def edit_template(self, edits: Edits, run: int) -> None:
        builtin = (self.code / "theme" / "news.html").read_text(encoding="utf-8")
        edits.write(self.root / "theme" / "news.html",
                    f"{builtin}\n{{# bench: edited in run {run} #}}\n")


class Hugo(Tool):
    """Debian's `hugo`; it has no incremental CLI build, so every build is a full one."""

    name = "Hugo"

    def build(self, cold: bool) -> Sample:
        return run_measured(["hugo", "--source", str(self.root), "--destination", "public"],
                            self.root, self.timeout)

    def clean(self) -> None:
        remove(self.root / "public", self.root / "resources", self.root / ".hugo_build.lock")

    def edit_template(self, edits: Edits, run: int) -> None:
        edits.append(self.root / "layouts" / "_default" / "list.html",
                     f"{{{{/* bench: edited in run {run} */}}}}\n")


class Pelican(Tool):
    """Pelican in its own venv; cold builds ignore the content cache, later ones use it."""

    name = "Pelican"
    binary = PELICAN_VENV / "bin" / "pelican"

    def build(self, cold: bool) -> Sample:
        command = [str(self.binary), "content", "-s", "pelicanconf.py", "-o", "output", "-q"]
        if cold:
            command += ["-e", "LOAD_CONTENT_CACHE=false"]
        return run_measured(command, self.root, self.timeout)

    def clean(self) -> None:
        remove(self.root / "output", self.root / "cache")

    def edit_template(self, edits: Edits, run: int) -> None:
        edits.append(self.root / "theme" / "templates" / "index.html",
                     f"{{# bench: edited in run {run} #}}\n")


# --- preparing sites and tools --------------------------------------------------------

def digest_of(base: Path, paths: list[Path]) -> str:
    """Short hash of the files among `paths` (folders are walked), names and contents."""
    digest = hashlib.sha1()
    files = sorted(f for p in paths for f in ([p] if p.is_file() else p.rglob("*")))
    for path in files:
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(base).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()[:10]


def generator_digest() -> str:
    """Hash of everything that shapes the generated sites, to key the cache."""
    return digest_of(BENCH, [BENCH / "make_site.py", BENCH / "vietnamese.py", BENCH / "files.py",
                             BENCH / "hugo_pelican.py", BENCH / "hugo", BENCH / "pelican"])


def snapshot_code() -> Path:
    """A copy of generator/ and theme/ as they are now: one run measures one version.

    The repository is edited while benchmarks run; building from the working tree
    would mix versions between sizes and even between rounds.
    """
    folder = CACHE / f"code-{digest_of(REPO, [REPO / 'generator', REPO / 'theme'])}"
    if not folder.is_dir():
        staging = Path(tempfile.mkdtemp(prefix="code-", dir=CACHE))
        ignore = shutil.ignore_patterns("__pycache__")
        for part in ("generator", "theme"):
            shutil.copytree(REPO / part, staging / part, ignore=ignore)
        # Compiled as `pip install` compiles a package (and Pelican's venv is): with
        # PYTHONDONTWRITEBYTECODE set, every build would compile thidua's modules anew.
        compileall.compile_dir(staging / "generator", quiet=1)
        staging.rename(folder)
    return folder


def ensure_sites(size: int, seed: int) -> Path:
    """The cached folder holding thidua/, hugo/ and pelican/ for this size; made if missing."""
    from make_site import generate

    folder = CACHE / f"n{size}-seed{seed}-{generator_digest()}"
    if folder.is_dir():
        return folder
    staging = Path(tempfile.mkdtemp(prefix=f"n{size}-", dir=CACHE))
    started = time.perf_counter()
    published = generate(size, staging / "thidua", seed, staging / "hugo", staging / "pelican",
                         dt.date.fromisoformat(AS_OF))
    staging.rename(folder)
    print(f"  generated {size} announcements ({published} published as of {AS_OF}) in "
          f"{time.perf_counter() - started:.1f} s: {folder}", flush=True)
    return folder


def edited_article(site: Path) -> tuple[int, str]:
    """(year, slug) of the announcement every tool edits: the first one published."""
    for year in range(2020, int(AS_OF[:4]) + 1):
        files = sorted((site / "content" / "announcements" / str(year)).glob("*.md"))
        if files:
            return year, files[0].stem
    raise SystemExit(f"{site}: no announcement published before {AS_OF}")


def ensure_pelican() -> bool:
    """Pelican and Markdown in a venv of their own (they must not change the repo's packages)."""
    if Pelican.binary.exists():
        return True
    print(f"  installing pelican and markdown into {PELICAN_VENV} ...", flush=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(PELICAN_VENV)], check=True)
        subprocess.run([str(PELICAN_VENV / "bin" / "pip"), "install", "-q", "pelican", "markdown"],
                       check=True)
    except subprocess.CalledProcessError as error:
        print(f"  Pelican left out: {error}", file=sys.stderr)
        return False
    return True


def tools_for(folder: Path, timeout: float, code: Path) -> list[Tool]:
    article = edited_article(folder / "thidua")
    tools: list[Tool] = [Thidua(folder / "thidua", article, timeout, code)]
    if shutil.which("hugo"):
        tools.append(Hugo(folder / "hugo", article, timeout))
    else:
        print("  Hugo left out: no `hugo` on PATH (apt-get install -y hugo)", file=sys.stderr)
    if ensure_pelican():
        tools.append(Pelican(folder / "pelican", article, timeout))
    return tools


def output_of(command: list[str]) -> str:
    """Stripped stdout of a quick command, or "" if it cannot run."""
    try:
        return subprocess.run(command, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return ""


def versions() -> str:
    """Which thidua commit, Python, CPUs, Hugo and Pelican the numbers are for."""
    commit = output_of(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"])
    if output_of(["git", "-C", str(REPO), "status", "--porcelain", "generator", "theme"]):
        commit += " with uncommitted changes"
    hugo = output_of(["hugo", "version"]).split(" BuildDate")[0] or "no Hugo"
    pelican = output_of([str(Pelican.binary), "--version"]) or "none"
    return (f"thidua at {commit}, Python {platform.python_version()}, {os.cpu_count()} CPUs, "
            f"{hugo}, Pelican {pelican}")


# --- measuring ----------------------------------------------------------------------

@dataclass
class Results:
    sizes: list[int]
    versions: str
    """What was measured: see versions()."""
    tools: list[str] = field(default_factory=list)
    samples: dict[tuple[int, str, str], Sample] = field(default_factory=dict)
    """(size, tool, scenario) -> median sample."""
    stages: dict[int, str] = field(default_factory=dict)
    """size -> BuildResult of an in-process cold and no-op build."""

    def get(self, size: int, tool: str, scenario: str) -> Sample | None:
        return self.samples.get((size, tool, scenario))


def report_round(tool: Tool, size: int, run: int, runs: int, samples: dict[str, Sample]) -> None:
    """Print one round's times as it ends (a run takes an hour: show it going)."""
    times = ", ".join(f"{scenario} {cell(sample, scenario)}"
                      for scenario, sample in samples.items() if scenario != MEMORY)
    print(f"  {size:,} {tool.name} run {run}/{runs}: {times}", flush=True)


def in_turn(tools: list[Tool], run: int) -> list[Tool]:
    """The tools of one size, rotated by the round: each goes first, second, third in turn,
    so no tool always builds right after the same other (whatever that one leaves behind:
    dirty pages still being written out, files in the page cache)."""
    shift = (run - 1) % len(tools)
    return tools[shift:] + tools[:shift]


def stage_timings(site: Path, timeout: float, code: Path) -> str:
    """BuildResult (counts and stage timings) of a cold and then a no-op in-process build."""
    script = ("import datetime, json, pathlib, sys\n"
              "from generator import BuildOptions, build\n"
              f"options = BuildOptions(pathlib.Path({str(site)!r}), "
              f"as_of=datetime.date.fromisoformat({AS_OF!r}))\n"
              "for name in ('cold', 'no-op'):\n"
              "    r = build(options)\n"
              "    stages = ', '.join(f'{k} {v:.2f} s' for k, v in r.timings.items())\n"
              "    print(f'{name}: rendered {r.rendered}, reused {r.reused}, files {r.files}; "
              "{stages}')\n")
    thidua = Thidua(site, (0, ""), timeout, code)
    thidua.clean()
    settle_before_cold_build()
    sample = run_measured([sys.executable, "-c", script], code, timeout, thidua.env)
    return sample.error or sample.output.strip()


def measure(sizes: list[int], runs: int, seed: int, timeout: float, stages: bool) -> Results:
    """Median of every scenario of every tool at every size over `runs` rounds.

    A round goes through every size and every tool before the next begins, rather than
    one size's (or tool's) rounds in a row: this machine's speed drifts by a third over
    tens of minutes, and a tool or size measured only in a slow stretch would carry it
    into the ratios. Interleaved, each ratio compares builds made minutes apart.
    """
    code = snapshot_code()
    folders = {size: ensure_sites(size, seed) for size in sizes}
    tools = {size: tools_for(folder, timeout, code) for size, folder in folders.items()}
    results = Results(sizes, versions())  # after tools_for: it installs Pelican on first use
    print(f"{results.versions}; code copied to {code}", flush=True)
    for size_tools in tools.values():
        results.tools += [t.name for t in size_tools if t.name not in results.tools]
    rounds: dict[tuple[int, str], list[dict[str, Sample]]] = {}
    for run in range(1, runs + 1):
        for size in sizes:
            for tool in in_turn(tools[size], run):
                samples = tool.round(run)
                rounds.setdefault((size, tool.name), []).append(samples)
                report_round(tool, size, run, runs, samples)
    for (size, name), done in rounds.items():
        for scenario in done[0]:
            results.samples[size, name, scenario] = median([r[scenario] for r in done])
            print(f"  {size:>6,} {name:8} {scenario:31} "
                  f"{cell(results.samples[size, name, scenario], scenario)}", flush=True)
    if stages:
        for size, folder in folders.items():
            results.stages[size] = stage_timings(folder / "thidua", timeout, code)
            print(f"  stages {size:,}: {results.stages[size]}", flush=True)
    return results


# --- reporting ----------------------------------------------------------------------

def value(sample: Sample | None, scenario: str) -> float | None:
    if sample is None or sample.error:
        return None
    return sample.peak_kb / 1024 if scenario == MEMORY else sample.seconds


def cell(sample: Sample | None, scenario: str) -> str:
    if sample is None:
        return "—"
    if sample.error:
        return "timeout" if sample.error.startswith("timeout") else "failed"
    number = value(sample, scenario)
    if scenario == MEMORY:
        return f"{number:.0f} MB"
    return f"{number:.2f} s" if number < 10 else f"{number:.1f} s"


def ratio(ours: float | None, theirs: float | None) -> str:
    if ours is None or theirs is None or theirs == 0:
        return "—"
    return f"{ours / theirs:.1f}×"


def table(results: Results) -> str:
    peers = PEERS
    header = ["Scenario", "Size", "thidua", *peers, *(f"thidua/{p}" for p in peers)]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for scenario in SCENARIOS:
        for size in results.sizes:
            ours = results.get(size, "thidua", scenario)
            row = [scenario, f"{size:,}", cell(ours, scenario)]
            row += [cell(results.get(size, p, scenario), scenario) for p in peers]
            row += [ratio(value(ours, scenario), value(results.get(size, p, scenario), scenario))
                    for p in peers]
            lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def short(size: int) -> str:
    """10000 -> 10k."""
    return f"{size / 1000:g}k" if size >= 1000 else str(size)


def scaling(results: Results) -> str:
    """Cold-build growth of thidua between sizes, 20k/10k first."""
    def cold(size: int) -> float | None:
        return value(results.get(size, "thidua", COLD), COLD)
    pairs = [(a, b) for a, b in zip(results.sizes, results.sizes[1:])]
    lines = []
    if (10000, 20000) not in pairs:
        lines.append("thidua cold build 20k/10k: not measured (needs sizes 10000 and 20000)")
    for small, large in pairs:
        if cold(small) and cold(large):
            lines.append(f"thidua cold build {short(large)}/{short(small)}: "
                         f"{cold(large) / cold(small):.2f}× the time for {large / small:.1f}× the "
                         "announcements")
    return "\n".join(lines)


def steal(results: Results) -> str:
    """Per size and tool, the median share of the machine's CPU time the hypervisor took
    during the cold builds; "" if the machine does not tell."""
    def share(size: int, tool: str) -> str:
        sample = results.get(size, tool, COLD)
        return "—" if sample is None or sample.stolen is None else f"{100 * sample.stolen:.0f} %"
    rows = [[share(size, tool) for tool in results.tools] for size in results.sizes]
    if all(text == "—" for row in rows for text in row):
        return ""
    lines = ["| Size | " + " | ".join(results.tools) + " |", "|---|" + "---|" * len(results.tools)]
    lines += [f"| {size:,} | " + " | ".join(row) + " |" for size, row in zip(results.sizes, rows)]
    return "\n".join(lines)


def counts(results: Results) -> str:
    """What thidua's CLI printed for each build scenario (last round)."""
    lines = ["| Size | Scenario | thidua printed |", "|---|---|---|"]
    for size in results.sizes:
        for scenario in (COLD, NOOP, ANNOUNCEMENT, TITLE, CAMPAIGN, TEMPLATE, CHECK):
            sample = results.get(size, "thidua", scenario)
            if sample and not sample.error:
                text = next((line for line in sample.output.splitlines()
                             if line.startswith(("Built", "No problems"))), "")
                text = re.sub(r" into \S+", "", text)
                lines.append(f"| {size:,} | {scenario} | {text} |")
    return "\n".join(lines)


def problems(results: Results) -> str:
    failed = [(key, s) for key, s in results.samples.items()
              if s.error and key[2] != MEMORY]
    return "\n\n".join(f"**{tool}, {scenario}, size {size:,}:**\n\n```\n{sample.error}\n```"
                       for (size, tool, scenario), sample in failed)


def report(results: Results, runs: int, seed: int) -> str:
    parts = [
        "# thidua benchmark results", "",
        (f"`python3 bench/run.py --sizes {','.join(map(str, results.sizes))} --runs {runs} "
         f"--seed {seed}` on {dt.date.today()}; {results.versions}."), "",
        (f"Median of {runs} run(s), each run going through every size and tool in turn; "
         "every build is a subprocess (start-up included); thidua "
         f"builds with `--as-of {AS_OF}`, Hugo and Pelican get the announcements published by "
         "then. Hugo has no incremental build: its rebuild rows are full builds. Pelican's "
         "rebuilds use its content cache; its cold build sets `LOAD_CONTENT_CACHE = False`. "
         "See bench/README.md."), "",
        table(results), "", scaling(results), ""]
    if steal(results):
        parts += ["## CPU taken by the hypervisor during cold builds", "",
                  ("Steal time over all CPU time while each cold build ran (median of the "
                   "rounds, from /proc/stat): this virtual machine's neighbours using its "
                   "cores. A build that keeps both cores busy loses that share of them."), "",
                  steal(results), ""]
    parts += ["## What thidua printed", "", counts(results)]
    if results.stages:
        parts += ["", "## thidua stages (in-process `build()`)", ""]
        parts += [f"- {size:,}: " + text.replace("\n", "; ") for size, text in results.stages.items()]
    if problems(results):
        parts += ["", "## Problems", "", problems(results)]
    return "\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,10000,20000",
                        help="announcement counts, comma-separated (default 1000,10000,20000)")
    parser.add_argument("--runs", type=int, default=3, help="rounds per size; medians are shown")
    parser.add_argument("--out", type=Path, default=BENCH / "results.md")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=3600, help="seconds per command")
    parser.add_argument("--stages", action="store_true",
                        help="also time thidua's stages with the Python API (two more builds)")
    args = parser.parse_args(argv)
    sizes = [int(size) for size in args.sizes.split(",")]
    CACHE.mkdir(parents=True, exist_ok=True)
    empty_graveyard(settle=True)  # left by an interrupted run
    try:
        results = measure(sizes, args.runs, args.seed, args.timeout, args.stages)
        text = report(results, args.runs, args.seed)
        print("\n" + text)
        args.out.write_text(text, encoding="utf-8")
        print(f"Written to {args.out}")
    finally:
        print("Deleting the outputs moved aside ...", flush=True)
        empty_graveyard(settle=False)


if __name__ == "__main__":
    main()
