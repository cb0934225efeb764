"""The build cache: what the last build rendered, keyed by content hashes.

It holds, per output page, the fingerprint it was rendered with and its search
entry, and the HTML of every Markdown body by the body's hash. A page whose
fingerprint is unchanged, and whose file is still in the previous output, is
taken from there instead of being rendered again. The cache is an
optimisation only: versioned, and anything unreadable is treated as empty.
Delete `.cache/` at any time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__ as _generator_version

__all__ = ["BuildCache", "digest_of"]

_FORMAT = 2


def digest_of(*parts: str) -> str:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\0")
    return h.hexdigest()


@dataclass
class BuildCache:
    path: Path
    pages: dict[str, tuple[str, dict | None]] = field(default_factory=dict)
    """output_path -> (fingerprint, search entry or None)."""
    markdown: dict[str, object] = field(default_factory=dict)
    """body key -> Rendered."""
    last_build: dict = field(default_factory=dict)
    """The last successful build: digest of every input, its day, when it goes stale, result."""

    @classmethod
    def load(cls, path: Path) -> BuildCache:
        """The cache at `path`, or an empty one if it is missing, stale or unreadable."""
        try:
            with open(path, "rb") as handle:
                stored = pickle.load(handle)
            if stored.get("key") != (_FORMAT, _generator_version):
                raise ValueError("another version")
            return cls(path, stored["pages"], stored["markdown"], stored.get("last_build", {}))
        except Exception:  # any failure means "no cache", never a failed build
            return cls(path)

    def save(self, pages: dict[str, tuple[str, dict | None]], used_markdown: set[str],
             last_build: dict) -> None:
        """Replace the stored state atomically; keep only Markdown still in use."""
        markdown = {k: v for k, v in self.markdown.items() if k in used_markdown}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(f".tmp-{os.getpid()}")
        with open(temporary, "wb") as handle:
            pickle.dump({"key": (_FORMAT, _generator_version), "pages": pages, "markdown": markdown,
                         "last_build": last_build}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)
