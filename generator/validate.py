"""Turn read sources into typed, cross-checked content, or report every problem.

Two passes: each document against its schema model (`schema.py`), then the
references between documents (ids that must exist, dates that must nest,
terms whose leaders must be members). Every problem names its file and line;
all of them are collected before `ContentError` is raised.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ValidationError

from . import schema
from .dates import DateError, parse_moment
from .ids import is_id
from .load import Kind, SourceDocument, Sources
from .problems import Problem, ProblemLog
from .stored_text import StoredText
from .validate_errors import describe_error
from .validate_refs import check_references
from .yaml_positions import Positions

__all__ = ["Content", "Entry", "check_document", "validate_content"]

M = TypeVar("M", bound=BaseModel)


@dataclass
class Entry(Generic[M]):
    """One validated item: its id, its data, and where it came from."""

    id: str
    data: M
    source_path: str
    positions: Positions
    loc: tuple = ()
    """Where in the file the item sits (the key in provinces.yml), for line lookups."""
    digest: str = ""
    """Content hash: the file's for one-item files, the entry's data for provinces.yml ones."""

    def __post_init__(self) -> None:
        if not self.digest:
            text = json.dumps(self.data.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
            self.digest = hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()

    def line(self, *loc: str | int) -> int:
        return self.positions.line_of(self.loc + loc)


@dataclass
class AnnouncementEntry(Entry[schema.AnnouncementFrontMatter]):
    moment: dt.datetime = dt.datetime.min
    body: str | StoredText = ""
    body_line: int = 1
    head_digest: str = ""
    """The front matter's hash (see SourceDocument)."""


@dataclass
class PageEntry(Entry[schema.PageFrontMatter]):
    body: str | StoredText = ""
    body_line: int = 1


@dataclass
class Content:
    """Everything the site holds, valid and cross-checked."""

    settings: schema.SiteSettings
    zone: ZoneInfo
    content_dir: Path
    provinces: dict[str, Entry[schema.ProvinceEntry]] = field(default_factory=dict)
    organizations: dict[str, Entry[schema.OrganizationEntry]] = field(default_factory=dict)
    movements: dict[str, Entry[schema.MovementFile]] = field(default_factory=dict)
    campaigns: dict[str, Entry[schema.CampaignFile]] = field(default_factory=dict)
    blocs: dict[str, Entry[schema.BlocFile]] = field(default_factory=dict)
    announcements: list[AnnouncementEntry] = field(default_factory=list)
    pages: list[PageEntry] = field(default_factory=list)
    media: list = field(default_factory=list)


_DEFAULT_SETTINGS = schema.SiteSettings(title="thidua", base_url="http://127.0.0.1/")


Found = list[tuple[str, "str | None", Entry]]
"""What one document adds to `Content`: (attribute, key or None to append, entry)."""
Checked = dict[str, tuple[SourceDocument, ZoneInfo, Found, list[Problem]]]
"""source_path -> what checking that very document object found, for `validate_content`."""


def validate_content(sources: Sources, log: ProblemLog, checked: Checked | None = None) -> Content:
    """Check every document and every reference; raise ContentError with all problems.

    With `checked` (kept by a process that builds again), a document object checked
    before, under the same time zone, is not checked again: its entries are reused."""
    settings, zone = _validate_settings(sources, log)
    content = Content(settings, zone, sources.content_dir, media=sources.media)
    for document in sources.documents:
        kept = checked.get(document.source_path) if checked is not None else None
        if kept is None or kept[0] is not document or kept[1] != zone:
            kept = (document, zone, *check_document(document, zone))
            if checked is not None:
                checked[document.source_path] = kept
        for attribute, key, entry in kept[2]:
            if key is None:
                getattr(content, attribute).append(entry)
            else:
                getattr(content, attribute)[key] = entry
        log.extend(kept[3])
    if checked is not None:
        for gone in checked.keys() - {d.source_path for d in sources.documents}:
            del checked[gone]
    check_references(content, log)
    log.raise_if_errors()
    return content


# --- pass 1: each document against its model --------------------------------

def check_document(document: SourceDocument, zone: ZoneInfo) -> tuple[Found, list[Problem]]:
    """What one document adds to `Content`, and its problems, checked on its own (the
    references between documents are checked by `validate_content`)."""
    log = ProblemLog()
    found: Found = []
    _validate_document(document, zone, found, log)
    return found, log.problems


def _model_of(document: SourceDocument, model: type[M], data: Any, loc: tuple,
              log: ProblemLog) -> M | None:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            full_loc = loc + tuple(item["loc"])
            message, hint = describe_error(item, model, full_loc, loc)
            line = document.positions.line_of(_line_loc(item, full_loc))
            log.add(document.source_path, line, message, hint, code=item["type"])
        return None


def _line_loc(item: dict, loc: tuple) -> tuple:
    # A missing key has no line of its own: point at the mapping that lacks it.
    return loc[:-1] if item["type"] == "missing" else loc


def _validate_settings(sources: Sources, log: ProblemLog) -> tuple[schema.SiteSettings, ZoneInfo]:
    documents = sources.of_kind(Kind.SITE)
    settings = None
    if documents:
        document = documents[0]
        if not isinstance(document.data, dict):
            log.add(document.source_path, 1, "site.yml must hold fields like 'title: ...'")
        else:
            settings = _model_of(document, schema.SiteSettings, document.data, (), log)
    settings = settings or _DEFAULT_SETTINGS
    try:
        zone = ZoneInfo(settings.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        line = documents[0].positions.line_of(("timezone",)) if documents else 1
        path = documents[0].source_path if documents else "content/site.yml"
        log.add(path, line, f"timezone: '{settings.timezone}' is not a time zone; "
                "write one like Asia/Ho_Chi_Minh", code="bad-timezone")
        zone = ZoneInfo("Asia/Ho_Chi_Minh")
    return settings, zone


_MAPPING_FILES = {
    Kind.PROVINCES: ("provinces", schema.ProvinceEntry),
    Kind.ORGANIZATIONS: ("organizations", schema.OrganizationEntry),
}
_ONE_PER_FILE = {
    Kind.MOVEMENT: ("movements", schema.MovementFile),
    Kind.CAMPAIGN: ("campaigns", schema.CampaignFile),
    Kind.BLOC: ("blocs", schema.BlocFile),
}


def _validate_document(document: SourceDocument, zone: ZoneInfo, found: Found,
                       log: ProblemLog) -> None:
    kind = document.kind
    if kind is Kind.SITE:
        return
    if not isinstance(document.data, dict):
        log.add(document.source_path, 1, "expected fields like 'name: ...', one per line; "
                "found a single value or a list", code="not-a-mapping")
        return
    if kind in _MAPPING_FILES:
        attribute, model = _MAPPING_FILES[kind]
        for key, value in document.data.items():
            line = document.positions.line_of((key,))
            if not is_id(key):
                log.add(document.source_path, line, f"'{key}' is not an id; write lowercase "
                        "a-z, digits and hyphens, like 'lam-dong'", code="bad-id")
                continue
            if isinstance(value, dict):
                data = _model_of(document, model, value, (key,), log)
            else:
                log.add(document.source_path, line, f"{key}: expected fields like "
                        "'name: ...' under the id", code="not-a-mapping")
                data = None
            if data is not None:
                found.append((attribute, key, Entry(key, data, document.source_path,
                                                    document.positions, (key,))))
        return
    if kind in _ONE_PER_FILE:
        attribute, model = _ONE_PER_FILE[kind]
        data = _model_of(document, model, document.data, (), log)
        if data is not None:
            found.append((attribute, document.id, Entry(
                document.id, data, document.source_path, document.positions, digest=document.digest)))
        return
    if kind is Kind.ANNOUNCEMENT:
        _validate_announcement(document, zone, found, log)
    elif kind is Kind.PAGE:
        data = _model_of(document, schema.PageFrontMatter, document.data, (), log)
        if data is not None:
            found.append(("pages", None, PageEntry(document.id, data, document.source_path,
                                                   document.positions, body=document.body,
                                                   body_line=document.body_line,
                                                   digest=document.digest)))


def _validate_announcement(document: SourceDocument, zone: ZoneInfo, found: Found,
                           log: ProblemLog) -> None:
    front = dict(document.data)
    if "campaign" in front:
        # `campaign: id` is the one-campaign shorthand of `campaigns: [id]`.
        if "campaigns" in front:
            log.add(document.source_path, document.positions.line_of(("campaign",)),
                    "campaign: give either 'campaign' or 'campaigns', not both", code="both")
            front.pop("campaign")
        else:
            front["campaigns"] = [front.pop("campaign")]
            line = document.positions.lines.get(("campaign",))
            if line is not None:  # on a copy: the document stays as read (see reuse.py)
                positions = Positions({**document.positions.lines, ("campaigns",): line,
                                       ("campaigns", 0): line}, document.positions.offset)
                document = replace(document, positions=positions)
    data = _model_of(document, schema.AnnouncementFrontMatter, front, (), log)
    if data is None:
        return
    try:
        moment = parse_moment(data.date, zone)
    except DateError as error:
        log.add(document.source_path, document.positions.line_of(("date",)), f"date: {error}",
                code="bad-date")
        return
    found.append(("announcements", None, AnnouncementEntry(
        document.id, data, document.source_path, document.positions, moment=moment,
        body=document.body, body_line=document.body_line, digest=document.digest,
        head_digest=document.head_digest)))
