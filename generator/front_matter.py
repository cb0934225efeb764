"""What of an announcement's front matter places it on the site, and what is only shown.

Most fields place an announcement: its date (its order, year, address and when it
comes due), `draft`, and the campaigns, phase, blocs, movements, organizations and
provinces whose pages and feeds list it; its image is checked against media/ and
stamps its feeds. A few are only shown, on its page and where it is listed: an edit
to those leaves the site's shape (the model's links, the plan's pages and feeds)
as it was, so a build can patch them into the last plan (see reuse.py) instead of
planning 10,000 announcements anew.

A field not named in `SHOWN_ONLY` places: a field added to the schema makes edits
to it plan anew until someone shows it is only shown.
"""

from __future__ import annotations

from .cache import digest_of
from .schema import AnnouncementFrontMatter

__all__ = ["SHOWN_ONLY", "frame_of", "placement_of"]

SHOWN_ONLY = frozenset({"title", "summary", "kind", "author", "source", "image_caption", "tags"})
"""Fields read only by templates and feeds, and by `pages` for the titles of an
announcement's page and of its neighbours' links (see `pages.reshow_front_matter`)."""


def frame_of(data: AnnouncementFrontMatter) -> str:
    """Hash of every field of `data` that places the announcement (as validated: the
    `campaign:` shorthand is `campaigns` here)."""
    return digest_of(data.model_dump_json(exclude=SHOWN_ONLY))


def placement_of(entry) -> tuple[str, str]:
    """(front matter hash, `frame_of`) of an announcement entry: what a build compares a
    changed file's front matter with, to tell whether it moved the announcement."""
    return entry.head_digest, frame_of(entry.data)
