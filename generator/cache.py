"""The build cache: what the last build read and made, keyed by content hashes, in SQLite.

Per input file, its size and modification time and the document read from it, so
an unchanged file is not parsed again. Per output file, the fingerprint it was
made from: an unchanged fingerprint, with the file still in the output, means
the file stays as it is. Per page, its link-check result; per Markdown body, the
rendered HTML by the body's hash. Of the search index, only where each page's
entry sits in the published file (the entries themselves are copied from it).

Rows are written as the build goes, inside one transaction that only a
successful build commits, so a small edit costs a small write and a failed build
leaves the cache as it was. The cache is an optimisation only: a file that is
missing, corrupt or from another version means an empty cache, never a failed or
wrong build. Delete `.cache/` at any time.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import pickle
import sqlite3
import sys
from pathlib import Path
from typing import Any

from . import __version__ as _generator_version
from .background import spawn_detached

__all__ = ["BuildCache", "digest_of", "renderer_key"]

_FORMAT = 7
_CHECKPOINT_AT = 8 << 20
"""A log (`-wal` file) this big is copied into the cache file after the build commits."""
_CHECKPOINT = """
import os, pathlib, sqlite3, sys
uri = pathlib.Path(sys.argv[1]).absolute().as_uri() + "?mode=rw"  # never a new, empty file
db = sqlite3.connect(uri, uri=True, isolation_level=None, timeout=0)
db.execute("SELECT 1 FROM meta LIMIT 1").fetchall()  # the log open: the builder may close
os.close(1)
db.execute("PRAGMA wal_checkpoint(PASSIVE)")  # keeps no next build from writing meanwhile
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # all copied: only the emptying waits for one
db.close()
"""
_TABLES = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB);
CREATE TABLE IF NOT EXISTS sources (path TEXT PRIMARY KEY, stat TEXT, document BLOB);
CREATE TABLE IF NOT EXISTS outputs (path TEXT PRIMARY KEY, fingerprint TEXT, stamp TEXT);
CREATE TABLE IF NOT EXISTS bodies (key TEXT PRIMARY KEY, rendered BLOB);
CREATE TABLE IF NOT EXISTS links (path TEXT PRIMARY KEY, key TEXT, result BLOB);
"""


def digest_of(*parts: str) -> str:
    """Hash of `parts` (one join and one update: this runs for every page of every build)."""
    text = "\0".join(parts) + "\0"
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def renderer_key() -> str:
    """Which installation of cmark-gfm renders bodies (its package's size and time: one
    stat, where asking for its version costs a scan of every installed package, and
    importing it a tenth of a build with nothing to do); a cache of bodies rendered by
    another is not to be trusted."""
    package = os.stat(importlib.util.find_spec("cmarkgfm").origin)
    return f"cmark-gfm {package.st_size} {package.st_mtime_ns}"


def _dump(value: Any) -> bytes:
    return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)


class BuildCache:
    """One output folder's cache. Reads are what the last committed build left."""

    def __init__(self, path: Path | None, db: sqlite3.Connection) -> None:
        self.path = path
        self._db = db
        self.last_build: dict = self._meta("last_build") or {}
        self.outputs: dict[str, str] = {}
        """output_path -> fingerprint of every file the last build published."""
        self.stamps: dict[str, str] = {}
        """output_path -> `size:mtime` the last build left the file with."""
        for path, fingerprint, stamp in db.execute("SELECT path, fingerprint, stamp FROM outputs"):
            self.outputs[path] = fingerprint
            self.stamps[path] = stamp
        self._writing = False
        self._failed = False
        """A write failed (disk full, another build holds the lock): nothing more is kept."""

    @classmethod
    def open(cls, path: Path) -> BuildCache:
        """The cache at `path`, or an empty one if it is missing, stale or unreadable."""
        key = (_FORMAT, _generator_version, renderer_key())
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            cache = cls(path, cls._connect(path))
            if cache._meta("key") == key:
                return cache
            cache.close()
        except (sqlite3.Error, OSError, pickle.UnpicklingError, EOFError, AttributeError,
                ImportError, TypeError, ValueError):
            pass  # anything unreadable means "no cache", never a failed build
        try:  # start afresh: a new file in place of whatever was there
            for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
                stale.unlink(missing_ok=True)
            cache = cls(path, cls._connect(path))
            with cache._db:
                cache._db.execute("INSERT INTO meta VALUES ('key', ?)", (_dump(key),))
            return cache
        except (sqlite3.Error, OSError):  # an unwritable folder: build without a cache
            return cls(None, cls._connect(":memory:"))

    @staticmethod
    def _connect(path: Path | str) -> sqlite3.Connection:
        db = sqlite3.connect(str(path), isolation_level=None, timeout=2.0)
        # Rows are blobs of a few KB (documents, bodies): on 64 KB pages a first build of
        # 10,000 announcements writes and checkpoints its 115 MB in 1,800 pages instead
        # of 28,000. Takes effect on a new file only.
        db.execute("PRAGMA page_size=65536")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        # Not copied into the file as the build writes, syncing both to disk each time
        # (0.4 s of a first build at 10,000): see `_checkpoint_elsewhere`.
        db.execute("PRAGMA wal_autocheckpoint=0")
        db.executescript(_TABLES)
        return db

    def _meta(self, key: str) -> Any:
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return pickle.loads(row[0]) if row else None

    # --- reads -------------------------------------------------------------

    def sources(self) -> dict[str, tuple[str | None, bytes]]:
        """source_path -> (stat key, pickled document) of every file read by the last build."""
        return {path: (stat, blob) for path, stat, blob in
                self._db.execute("SELECT path, stat, document FROM sources")}

    def body(self, key: str) -> Any:
        """The rendered body stored under `key`, or None (then it is rendered again)."""
        try:
            row = self._db.execute("SELECT rendered FROM bodies WHERE key = ?", (key,)).fetchone()
            return pickle.loads(row[0]) if row else None
        except (sqlite3.Error, pickle.UnpicklingError, EOFError):
            return None

    def body_keys(self) -> set[str]:
        return {key for (key,) in self._db.execute("SELECT key FROM bodies")}

    def search_layout(self) -> Any:
        """Where each entry sits in the search index the last build published (a
        search.SearchLayout), or None."""
        try:
            return self._meta("search_layout")
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
            return None

    def link_results(self) -> dict[str, tuple[str, bytes | None]]:
        return {path: (key, result) for path, key, result in
                self._db.execute("SELECT path, key, result FROM links")}

    # --- writes (kept only if the build succeeds) ---------------------------

    def _write(self, sql: str, rows) -> None:
        if self._failed:
            return
        try:
            if not self._writing:
                self._db.execute("BEGIN")
                self._writing = True
            self._db.executemany(sql, rows)
        except sqlite3.Error:
            self._failed = True

    def put_sources(self, rows: list[tuple[str, str | None, Any]]) -> None:
        """(source_path, stat key, document or the document pickled) of files read."""
        self._write("INSERT OR REPLACE INTO sources VALUES (?, ?, ?)",
                    [(path, stat, document if isinstance(document, bytes) else _dump(document))
                     for path, stat, document in rows])

    def put_body(self, key: str, rendered: Any, pickled: bool = False) -> None:
        self._write("INSERT OR REPLACE INTO bodies VALUES (?, ?)",
                    [(key, rendered if pickled else _dump(rendered))])

    def put_outputs(self, rows: list[tuple[str, str, str]]) -> None:
        """(output_path, fingerprint, stamp) of files made in this build."""
        self._write("INSERT OR REPLACE INTO outputs VALUES (?, ?, ?)", rows)

    def put_stamps(self, stamps: dict[str, str]) -> None:
        """New stamps of files kept from the last build (copied into a new output folder)."""
        self._write("UPDATE outputs SET stamp = ? WHERE path = ?",
                    [(stamp, path) for path, stamp in stamps.items()])

    def put_links(self, rows: list[tuple[str, str, Any]]) -> None:
        # Most pages have no broken link and no anchor: nothing to unpickle next time.
        self._write("INSERT OR REPLACE INTO links VALUES (?, ?, ?)",
                    [(path, key, _dump(result) if any(result) else None) for path, key, result in rows])

    def put_search_layout(self, layout: Any) -> None:
        self._write("INSERT OR REPLACE INTO meta VALUES ('search_layout', ?)", [(_dump(layout),)])

    def forget(self, table: str, keys: set[str]) -> None:
        """Drop rows of `table` (sources, outputs, bodies, links) no longer in use."""
        column = "key" if table == "bodies" else "path"
        self._write(f"DELETE FROM {table} WHERE {column} = ?", [(k,) for k in sorted(keys)])

    def commit(self, last_build: dict) -> None:
        """Keep everything written in this build, and what it was."""
        self._write("INSERT OR REPLACE INTO meta VALUES ('last_build', ?)", [(_dump(last_build),)])
        try:
            if self._failed:
                raise sqlite3.Error("a write failed")
            self._db.execute("COMMIT")
            self._writing = False
            self.last_build = last_build
        except sqlite3.Error:
            self.close()
            return
        self._checkpoint_elsewhere()

    def _checkpoint_elsewhere(self) -> None:
        """Have the log (the `-wal` file) copied into the cache file and emptied by a
        process of its own: that syncs both to disk, which nobody need wait for. It holds
        the cache open before this one closes it, or closing would do it here (the last
        connection to close does). A small log stays as it is for the next build."""
        try:
            if self.path is None or os.stat(f"{self.path}-wal").st_size < _CHECKPOINT_AT:
                return
        except OSError:
            return
        # A new program, not a fork: a forked SQLite believes it holds the locks that
        # this process does, and would not keep this one from checkpointing.
        spawn_detached([sys.executable, "-I", "-S", "-c", _CHECKPOINT, str(self.path)],
                       ready_within=2.0)

    def close(self) -> None:
        """Close; anything not committed is dropped."""
        try:
            if self._writing:
                self._db.execute("ROLLBACK")
            self._db.close()
        except sqlite3.Error:
            pass
        self._writing = False
