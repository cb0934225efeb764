"""The benchmark's announcements as a Hugo site and as a Pelican project.

Both get the same Markdown bodies as thidua (image links made absolute, since
neither resolves `../../media/...` against the content folder), the same media
files, and a small fixed theme from bench/hugo/ or bench/pelican/ doing what
thidua's news section does: article pages, the paginated list of all news (10
per page), year archives and one RSS feed of the 50 newest with full content.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from files import dump_yaml, write_images, write_text

if TYPE_CHECKING:
    from make_site import Announcement, Site

BENCH = Path(__file__).resolve().parent


class PeerSite:
    """A site folder for another generator: copy the template, then add articles."""

    template: Path
    """Folder under bench/ copied as the site's skeleton."""
    media_folder = "content"
    """Where media/ goes, relative to the site folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.years: set[int] = set()

    def begin(self, site: Site) -> None:
        """Copy the skeleton and the media files."""
        shutil.copytree(self.template, self.root, dirs_exist_ok=True)
        write_images(site.images, self.root / self.media_folder)

    def write_article(self, item: Announcement) -> None:
        """Write one announcement as content/tin-tuc/<year>/<slug>.md."""
        self.years.add(item.year)
        body = item.body.replace("](../../media/", "](/media/")
        write_text(self.article_path(self.root, item.year, item.slug),
                   f"{self.front_matter(item)}\n{body}")

    def finish(self) -> None:
        """Called once every article is written."""

    @staticmethod
    def article_path(root: Path, year: int, slug: str) -> Path:
        return root / "content" / "tin-tuc" / str(year) / f"{slug}.md"

    def front_matter(self, item: Announcement) -> str:
        raise NotImplementedError


class HugoSite(PeerSite):
    """YAML front matter; year archives are the terms of the `nam` taxonomy."""

    template = BENCH / "hugo"
    media_folder = "static"

    def begin(self, site: Site) -> None:
        super().begin(site)
        write_text(self.root / "content" / "tin-tuc" / "_index.md", "---\ntitle: Tin tức\n---\n")

    def front_matter(self, item: Announcement) -> str:
        data = {"title": item.title, "date": item.moment.strftime("%Y-%m-%dT%H:%M:00+07:00"),
                "description": item.summary, "nam": [str(item.year)], "tags": item.tags,
                "kind": item.kind}
        return f"---\n{dump_yaml(data)}---\n"


class PelicanSite(PeerSite):
    """Markdown metadata lines; the year list of the templates goes into pelicanconf.py."""

    template = BENCH / "pelican"

    def front_matter(self, item: Announcement) -> str:
        return (f"Title: {item.title}\nDate: {item.moment:%Y-%m-%d %H:%M}\nSlug: {item.slug}\n"
                f"Summary: {item.summary}\nTags: {', '.join(item.tags)}\n")

    def finish(self) -> None:
        with open(self.root / "pelicanconf.py", "a", encoding="utf-8") as conf:
            conf.write(f"NEWS_YEARS = {sorted(self.years, reverse=True)}\n")
