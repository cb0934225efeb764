"""Walk `content/`, classify every file by kind and read it.

The result, `Sources`, is plain data with line positions: YAML parsed (see
`yaml_positions`), Markdown split into front matter and body, media listed.
Nothing here knows the schema; problems found while reading (not UTF-8, bad
file names, YAML syntax, front matter that never closes) go to the log.
"""

from __future__ import annotations

import enum
import hashlib
import os
import pickle
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cores import on_every_core
from .ids import is_id, slugify
from .inputs import stat_key
from .problems import Problem, ProblemLog
from .stored_text import StoredText, text_of
from .yaml_positions import Positions, parse_yaml

__all__ = ["Kind", "KnownSources", "MediaFile", "SourceDocument", "Sources", "load_sources",
           "read_announcements"]


class Kind(enum.Enum):
    SITE = "site"
    PROVINCES = "provinces"
    ORGANIZATIONS = "organizations"
    MOVEMENT = "movement"
    CAMPAIGN = "campaign"
    BLOC = "bloc"
    ANNOUNCEMENT = "announcement"
    PAGE = "page"


_FOLDER_KINDS = {"movements": Kind.MOVEMENT, "campaigns": Kind.CAMPAIGN, "blocs": Kind.BLOC}
_TOP_FILES = {"site.yml": Kind.SITE, "provinces.yml": Kind.PROVINCES,
              "organizations.yml": Kind.ORGANIZATIONS}
_LAYOUT_HINT = ("files go in site.yml, provinces.yml, organizations.yml, movements/<id>.yml, "
                "campaigns/<id>.yml, blocs/<id>.yml, announcements/<year>/<slug>.md, "
                "pages/<slug>.md or media/")


@dataclass
class SourceDocument:
    """One content file, read."""

    source_path: str
    """POSIX path as errors print it: `content/campaigns/x.yml`."""
    kind: Kind
    id: str
    data: Any
    """Parsed YAML (or front matter)."""
    positions: Positions
    body: str | StoredText = ""
    """Markdown after the front matter (`StoredText` once pickled, see stored_text.py)."""
    body_line: int = 1
    """Line of the file where `body` starts."""
    digest: str = ""
    head_digest: str = ""
    """Hash of the front matter alone (Markdown files): what lists show of the file."""
    folder: str = ""
    """For announcements: the year folder."""

    def __getstate__(self) -> dict:
        # The cache and the workers that read files keep the body as its bytes: a build
        # decodes only those it renders.
        body = self.body
        if isinstance(body, str):
            body = StoredText(body.encode("utf-8"))
        return {**self.__dict__, "body": body}


@dataclass(frozen=True)
class MediaFile:
    source_path: str
    abs_source_path: Path
    output_path: str
    """Relative to the output folder: `media/2024/x.jpg`."""


@dataclass
class Sources:
    content_dir: Path
    documents: list[SourceDocument] = field(default_factory=list)
    media: list[MediaFile] = field(default_factory=list)

    def of_kind(self, kind: Kind) -> list[SourceDocument]:
        return [d for d in self.documents if d.kind is kind]


@dataclass
class KnownSources:
    """Documents the last build read, reused for files whose size and time are unchanged."""

    previous: dict[str, tuple[str | None, bytes | SourceDocument]]
    """source_path -> (stat key, SourceDocument, pickled by the cache or kept in memory by
    a long-running process: see `warm`)."""
    scan_ns: int
    """When this build started (time.time_ns())."""
    stat_keys: dict[str, str] = field(default_factory=dict)
    """Absolute path -> the key this build's no-op check found (not statted twice)."""
    fresh: list[tuple[str, str | None, bytes | SourceDocument]] = field(default_factory=list)
    """Documents read from disk in this build, with their stat keys, to remember (pickled
    already if a worker read them)."""
    reused: int = 0
    warm: dict[str, tuple[str, SourceDocument]] = field(default_factory=dict)
    """source_path -> (stat key, document) of every settled file this build holds, for a
    process that builds again (the preview server): its next build reads none of them."""

    def key_of(self, path: str) -> str | None:
        """The stat key of a file now, None if it changed just now (see `stat_key`)."""
        key = self.stat_keys.get(path)
        if key is None:
            return stat_key(os.stat(path), self.scan_ns)
        return key if key[0].isdigit() else None  # "content <hash>": changed just now

    def lookup(self, source_path: str, key: str | None) -> SourceDocument | None:
        stored = self.previous.get(source_path)
        if key is None or stored is None or stored[0] != key:
            return None
        document = stored[1]
        if isinstance(document, bytes):
            try:
                document = pickle.loads(document)
            except Exception:  # an unreadable row is read from disk again
                return None
        self.reused += 1
        self.warm[source_path] = (key, document)
        return document


def load_sources(content_dir: Path, log: ProblemLog, known: KnownSources | None = None) -> Sources:
    """Read every file under `content_dir`; problems go to `log`.

    With `known`, a file whose size and time match the last build's is not read again.
    """
    content_dir = content_dir.resolve()
    sources = Sources(content_dir)
    prefix = content_dir.name
    if not (content_dir / "site.yml").is_file():
        log.add(f"{prefix}/site.yml", 1, "site.yml is missing; every site needs one with at "
                "least 'title' and 'base_url'", code="missing-site")
    unread: list[_Unread] = []
    for abs_path, relative in _iter_files(content_dir, log, prefix):
        source_path = f"{prefix}/{relative}"
        if relative.startswith("media/"):
            sources.media.append(MediaFile(source_path, Path(abs_path), relative))
            continue
        kind, folder = _classify(relative)
        if kind is None:
            log.add(source_path, 1, f"thidua does not know this file; {_LAYOUT_HINT}",
                    code="unknown-kind")
            continue
        key = known.key_of(abs_path) if known else None
        document = known.lookup(source_path, key) if known else None
        if document is None:
            unread.append(_Unread(abs_path, source_path, kind, folder, key))
        else:
            sources.documents.append(document)
    for file, (document, pickled, problems) in zip(unread, _read_all(unread)):
        log.extend(problems)
        if document is not None:
            sources.documents.append(document)
            if known:
                known.fresh.append((file.source_path, file.key, pickled or document))
                if file.key is not None:
                    known.warm[file.source_path] = (file.key, document)
    sources.documents.sort(key=lambda d: d.source_path)
    sources.media.sort(key=lambda m: m.source_path)
    return sources


def read_announcements(content_dir: Path, abs_paths: list[str],
                       log: ProblemLog) -> list[tuple[str, SourceDocument]] | None:
    """(path, document) of the announcement files at `abs_paths`, read as `load_sources`
    would, hidden ones skipped as it does; None if one of them is something else (then
    load them all)."""
    content_dir = content_dir.resolve()
    files = []
    for abs_path in abs_paths:
        relative = Path(abs_path).relative_to(content_dir).as_posix()
        if any(part.startswith(".") or part.endswith("~") for part in relative.split("/")):
            continue  # not content: an editor's backup or lock file
        kind, folder = _classify(relative)
        if kind is not Kind.ANNOUNCEMENT or os.path.islink(abs_path):
            return None
        files.append(_Unread(abs_path, f"{content_dir.name}/{relative}", kind, folder, None))
    documents = []
    for file, (document, problems) in zip(files, map(_read_one, files)):
        log.extend(problems)
        if document is None:
            return None
        documents.append((file.abs_path, document))
    return documents


@dataclass(frozen=True)
class _Unread:
    """A content file the cache cannot vouch for: read and parse it."""

    abs_path: str
    source_path: str
    kind: Kind
    folder: str
    key: str | None


_UNREAD: list[_Unread] = []
"""The files a pool is reading (inherited by its forked workers, never pickled)."""
_PARALLEL_MIN = 500
"""Fewer files than this are read in-process: starting workers would cost more."""
_CHUNKS = 40
"""Files go to the workers in about this many chunks: each chunk's documents come back
in one message, and fewer, larger messages cost the parent less (10,000 files in chunks
of 64 rather than 250: 0.2 s more), while 40 still share out evenly."""


def _read_all(files: list[_Unread]
              ) -> Iterator[tuple[SourceDocument | None, bytes | None, list[Problem]]]:
    """(document, the document pickled if a worker read it, problems) of every file, in
    order; on every core when there are many (parsing the YAML of 10,000 front matters is
    most of a first build's loading)."""
    global _UNREAD
    _UNREAD = files
    try:
        if len(files) < _PARALLEL_MIN:  # read here: nothing to pickle
            for file in files:
                document, problems = _read_one(file)
                yield document, None, problems
        else:
            for pickled, problems in on_every_core(_read_pickled, len(files), _PARALLEL_MIN,
                                                   chunksize=max(64, len(files) // _CHUNKS)):
                yield (None if pickled is None else _decoded(pickle.loads(pickled))), pickled, problems
    finally:
        _UNREAD = []


def _decoded(document: SourceDocument) -> SourceDocument:
    """A file read now has changed: its page renders this build. Its body is decoded once
    here, not by each render worker and again by the link check."""
    document.body = text_of(document.body)
    return document


def _read_pickled(index: int) -> tuple[bytes | None, list[Problem]]:
    """A file's document pickled by the worker that read it: it travels to the parent
    pickled anyway, and the cache keeps it so (not pickled a second time there)."""
    document, problems = _read_one(_UNREAD[index])
    return None if document is None else pickle.dumps(document, pickle.HIGHEST_PROTOCOL), problems


def _read_one(file: _Unread) -> tuple[SourceDocument | None, list[Problem]]:
    log = ProblemLog()
    document = _read_document(Path(file.abs_path), file.source_path, file.kind, file.folder, log)
    return document, log.problems


def _iter_files(content_dir: Path, log: ProblemLog, prefix: str) -> Iterator[tuple[str, str]]:
    """(absolute path, path relative to content/) of every regular file, sorted, hidden ones
    skipped; links that leave the site are errors. Strings and scandir: 10,000 files, and
    only linked ones cost a look at where they lead."""
    site_root = content_dir.parent
    pending = [(str(content_dir), "")]
    while pending:
        folder, base = pending.pop()
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
        folders = []
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name.endswith("~"):
                continue
            if entry.is_symlink() and not Path(entry.path).resolve().is_relative_to(site_root):
                what = "folder" if entry.is_dir() else "file"
                log.add(f"{prefix}/{base}{name}", 1, "this link points outside the site folder; "
                        f"copy the {what} into content/ instead", code="outside-link")
            elif entry.is_dir():
                folders.append((entry.path, f"{base}{name}/"))
            elif entry.is_file():
                yield entry.path, base + name
            elif entry.is_symlink():
                log.add(f"{prefix}/{base}{name}", 1, "this link leads to no file; remove it or "
                        "point it at one inside the site folder", code="broken-link-file")
        pending += reversed(folders)  # depth first, in name order


def _classify(relative: str) -> tuple[Kind | None, str]:
    parts = relative.split("/")
    if len(parts) == 1:
        return _TOP_FILES.get(parts[0]), ""
    if len(parts) == 2 and parts[0] in _FOLDER_KINDS and parts[1].endswith(".yml"):
        return _FOLDER_KINDS[parts[0]], ""
    if len(parts) == 2 and parts[0] == "pages" and parts[1].endswith(".md"):
        return Kind.PAGE, ""
    if len(parts) == 3 and parts[0] == "announcements" and parts[2].endswith(".md"):
        return Kind.ANNOUNCEMENT, parts[1]
    return None, ""


def _read_document(abs_path: Path, source_path: str, kind: Kind, folder: str,
                   log: ProblemLog) -> SourceDocument | None:
    raw = abs_path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        log.add(source_path, line, "the file is not UTF-8 text; save it as UTF-8 in your editor",
                code="not-utf8")
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    stem = abs_path.name.rsplit(".", 1)[0]
    if kind in (Kind.MOVEMENT, Kind.CAMPAIGN, Kind.BLOC, Kind.ANNOUNCEMENT, Kind.PAGE) \
            and not is_id(stem):
        suffix = abs_path.suffix
        proposal = slugify(stem)
        hint = f"Rename it to '{proposal}{suffix}'." if proposal else ""
        log.add(source_path, 1, "file name must be an id: lowercase letters a-z, digits and "
                "single hyphens", hint, code="bad-file-name")
        return None
    if kind is Kind.ANNOUNCEMENT and not re.fullmatch(r"\d{4}", folder):
        log.add(source_path, 1, f"announcements go in a folder named for their year, "
                f"like announcements/2024/, not announcements/{folder}/", code="bad-folder")
        return None
    digest = hashlib.blake2b(raw, digest_size=16).hexdigest()
    if kind in (Kind.ANNOUNCEMENT, Kind.PAGE):
        return _read_markdown(text, source_path, kind, stem, folder, digest, log)
    data, positions, problems = parse_yaml(text)
    for problem in problems:
        log.add(source_path, problem.line, problem.message, code="yaml")
    if problems and data is None:
        return None
    if data is None:
        log.add(source_path, 1, "the file is empty; see the format for what it must hold",
                code="empty")
        return None
    return SourceDocument(source_path, kind, stem, data, positions, digest=digest, folder=folder)


_FENCE = re.compile(r"^(?:---|\.\.\.)[^\S\n]*$", re.MULTILINE)
"""The line that closes a front matter: `---` (or `...`), trailing blanks allowed."""


def _read_markdown(text: str, source_path: str, kind: Kind, stem: str, folder: str,
                   digest: str, log: ProblemLog) -> SourceDocument | None:
    # Found in the text, not in a list of its lines: a body is 100 lines that a split and
    # a join would copy one by one.
    opened = text.find("\n")
    if (text if opened < 0 else text[:opened]).rstrip() != "---":
        log.add(source_path, 1, "the file must start with front matter: a line '---', the "
                "fields (title: ..., date: ...), and another line '---'", code="no-front-matter")
        return None
    closing = None if opened < 0 else _FENCE.search(text, opened + 1)
    if closing is None:
        log.add(source_path, 1, "the front matter opened on line 1 never closes; "
                "end it with a line '---' before the text", code="open-front-matter")
        return None
    head = text[opened + 1:closing.start()].removesuffix("\n")
    data, positions, problems = parse_yaml(head)
    positions.offset = 1
    for problem in problems:
        log.add(source_path, problem.line + 1, problem.message, code="yaml")
    if problems and data is None:
        return None
    if not isinstance(data, dict):
        log.add(source_path, 2, "the front matter must be fields like 'title: ...', one per line",
                code="bad-front-matter")
        return None
    body = text[closing.end() + 1:]
    head_digest = hashlib.blake2b(head.encode("utf-8"), digest_size=16).hexdigest()
    return SourceDocument(source_path, kind, stem, data, positions, body=body,
                          body_line=text.count("\n", 0, closing.start()) + 2, digest=digest,
                          head_digest=head_digest, folder=folder)

