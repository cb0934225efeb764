"""How one build is asked for: folders, the as-of day, drafts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

__all__ = ["BuildOptions"]


@dataclass(frozen=True)
class BuildOptions:
    site_dir: Path
    """The folder holding content/ (and optionally theme/)."""
    output_dir: Path | None = None
    """Where the site goes; default site_dir/site."""
    as_of: dt.date | None = None
    """'Today' for phase status and publishing; default today in the site time zone."""
    drafts: bool = False
    """Include drafts and future announcements."""
    base_url: str | None = None
    """Overrides site.yml's base_url (preview deployments)."""
    strict: bool = False
    """Broken links are errors, not warnings."""

    @property
    def content_dir(self) -> Path:
        return self.site_dir / "content"

    @property
    def theme_dir(self) -> Path:
        return self.site_dir / "theme"

    @property
    def cache_path(self) -> Path:
        """The build cache: beside the content, one per output folder."""
        name = self.resolved_output_dir.resolve().as_posix().replace("/", "_").strip("_")
        return self.site_dir / ".cache" / f"{name[-80:]}.sqlite"

    @property
    def resolved_output_dir(self) -> Path:
        return self.output_dir or self.site_dir / "site"

    def as_of_moment(self, zone: ZoneInfo) -> dt.datetime:
        """The publishing cut-off: now, or the end of the --as-of day in the site's zone."""
        if self.as_of is None:
            return dt.datetime.now(zone).replace(microsecond=0)
        return dt.datetime.combine(self.as_of, dt.time(23, 59, 59), tzinfo=zone)
