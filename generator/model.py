"""The site graph: campaigns, phases, blocs, terms, movements, organizations,
provinces and announcements, linked both ways.

Built once per build from validated content and the as-of moment. Drafts and
future announcements are dropped here (unless asked for), so no later stage
can show them by accident. Objects are filled in `build_model` and not changed
afterwards.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal

from . import schema
from .cache import digest_of
from .dates import PlanDate
from .stored_text import StoredText
from .urls import url_of
from .validate import AnnouncementEntry, Content, PageEntry

__all__ = ["Announcement", "AwardGrant", "Bloc", "Campaign", "Movement", "Organization", "Page", "Phase",
           "Province", "Shown", "Site", "Term", "announcement_digest", "build_model", "elapsed_of",
           "listing_of", "status_of"]

Status = Literal["done", "current", "upcoming"]


@dataclass(eq=False)
class Shown:
    """The part of an object that other pages show, hashed (pages' fingerprints take it
    instead of the object's whole digest): a list shows an announcement's front matter, not
    its text; a page naming a campaign shows its name, address and phases, not its plan.
    Editing the rest re-renders only the object's own pages.

    The pages that show it hold this very object among their dependencies: a front matter
    patched into a plan (see reuse.py) updates its announcement's listing in place."""

    digest: str


class _Owner:
    """Something announcements belong to.

    Its announcements are left out when it is pickled, as an announcement's neighbours
    are: followed one by one, they chain all 10,000 announcements of a site together,
    deeper than pickle may recurse. `Site.link_announcements` puts them back."""

    def __getstate__(self) -> dict:
        return {**self.__dict__, "announcements": []}


class _Linked(_Owner):
    """An object pages link to by name (`td.ref`)."""

    @cached_property
    def reference(self) -> Shown:
        """What a link to it shows: its address and name."""
        return Shown(digest_of(self.url, self.name))


def status_of(start: PlanDate, end: PlanDate, today: dt.date) -> Status:
    if today < start.start:
        return "upcoming"
    if today > end.end:
        return "done"
    return "current"


def elapsed_of(start: PlanDate, end: PlanDate, today: dt.date) -> float:
    """Share of the range [start, end] gone by on `today`, 0.0 to 1.0."""
    total = (end.end - start.start).days + 1
    done = (today - start.start).days + 1
    return min(1.0, max(0.0, done / total))


@dataclass(eq=False)
class Province(_Owner):
    id: str
    name: str
    url: str
    until: PlanDate | None
    description: str
    digest: str
    successor: Province | None = None
    predecessors: list[Province] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)
    blocs: list[Bloc] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    announcements: list[Announcement] = field(default_factory=list)


@dataclass(eq=False)
class Organization(_Linked):
    id: str
    name: str
    short_name: str
    kind: str
    url: str
    website: str
    aliases: list[str]
    until: PlanDate | None
    digest: str
    province: Province | None = None
    successor: Organization | None = None
    predecessors: list[Organization] = field(default_factory=list)
    blocs: list[Bloc] = field(default_factory=list)
    issued: list[Campaign] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)
    announcements: list[Announcement] = field(default_factory=list)
    awards: list[AwardGrant] = field(default_factory=list)
    """Awards received, oldest term first."""


@dataclass(eq=False)
class Movement(_Linked):
    id: str
    name: str
    url: str
    launched_by: Organization | str
    start: PlanDate | None
    end: PlanDate | None
    description: str
    digest: str
    campaigns: list[Campaign] = field(default_factory=list)
    blocs: list[Bloc] = field(default_factory=list)
    announcements: list[Announcement] = field(default_factory=list)


@dataclass(eq=False)
class Phase(_Owner):
    number: int
    name: str
    start: PlanDate
    end: PlanDate
    focus: str
    milestones: list[schema.PhaseMilestone]
    campaign: Campaign
    status: Status
    elapsed: float
    """Share of the phase gone by as of the build day."""
    announcements: list[Announcement] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"dot-{self.number}"

    @property
    def url(self) -> str:
        return f"{self.campaign.url}#{self.anchor}"

    @property
    def days(self) -> int:
        return (self.end.end - self.start.start).days + 1


@dataclass(eq=False)
class Campaign(_Linked):
    id: str
    url: str
    data: schema.CampaignFile
    source_path: str
    start: PlanDate
    end: PlanDate
    status: Status
    elapsed: float
    digest: str
    issuer: Organization | str = ""
    province: Province | None = None
    parent: Campaign | None = None
    responses: list[Campaign] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    blocs: list[Bloc] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    movements: list[Movement] = field(default_factory=list)
    announcements: list[Announcement] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.data.title

    @cached_property
    def reference(self) -> Shown:
        """What a page naming it shows: its address, title and phases (an announcement
        shows the phase it belongs to)."""
        return Shown(digest_of(self.url, self.title, *(f"{p.name} {p.start!r} {p.end!r}"
                                                        for p in self.phases)))

    @property
    def current_phase(self) -> Phase | None:
        return next((p for p in self.phases if p.status == "current"), None)

    @property
    def timeline_marker(self) -> float | None:
        """Where 'today' sits on the drawn timeline (phases sized by their days), in percent."""
        if not self.phases or self.status != "current":
            return None
        total = sum(p.days for p in self.phases)
        before = 0.0
        for phase in self.phases:
            if phase.status == "current":
                return round(100 * (before + phase.elapsed * phase.days) / total, 2)
            if phase.status == "done":
                before += phase.days
        return round(100 * before / total, 2)


@dataclass(eq=False)
class Term:
    year: int
    data: schema.Term
    leader: Organization | None
    deputy: Organization | None
    covenant_movements: list[Movement] = field(default_factory=list)
    awards: list[AwardGrant] = field(default_factory=list)


@dataclass(eq=False)
class AwardGrant:
    """One award of a bloc's term, with its recipient resolved."""

    data: schema.Award
    recipient: Organization
    bloc: Bloc
    year: int


@dataclass(eq=False)
class Bloc(_Linked):
    id: str
    url: str
    data: schema.BlocFile
    source_path: str
    digest: str
    province: Province | None = None
    members: list[Organization] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    campaigns: list[Campaign] = field(default_factory=list)
    announcements: list[Announcement] = field(default_factory=list)

    @property
    def name(self) -> str:
        return self.data.name

    def term_of(self, year: int) -> Term | None:
        """The term of `year`, or the latest before it (leaders serve until replaced)."""
        earlier = [t for t in self.terms if t.year <= year]
        return earlier[-1] if earlier else None


@dataclass(eq=False)
class Announcement:
    id: str
    url: str
    year: int
    data: schema.AnnouncementFrontMatter
    moment: dt.datetime
    source_path: str
    body: str | StoredText
    body_line: int
    digest: str
    is_draft: bool
    is_future: bool
    listing: Shown
    """What lists of news show of it."""
    campaigns: list[Campaign] = field(default_factory=list)
    phase: Phase | None = None
    blocs: list[Bloc] = field(default_factory=list)
    movements: list[Movement] = field(default_factory=list)
    organizations: list[Organization] = field(default_factory=list)
    provinces: list[Province] = field(default_factory=list)
    previous: Announcement | None = None
    """The next older announcement."""
    next: Announcement | None = None
    """The next newer announcement."""

    @property
    def title(self) -> str:
        return self.data.title

    def __getstate__(self) -> dict:
        return {**self.__dict__, "previous": None, "next": None}


@dataclass(eq=False)
class Page:
    id: str
    url: str
    data: schema.PageFrontMatter
    source_path: str
    body: str | StoredText
    body_line: int
    digest: str


@dataclass
class Site:
    """The whole graph, as of one day."""

    content: Content
    today: dt.date
    as_of: dt.datetime
    provinces: dict[str, Province]
    organizations: dict[str, Organization]
    movements: dict[str, Movement]
    campaigns: dict[str, Campaign]
    blocs: dict[str, Bloc]
    announcements: list[Announcement]
    """Visible announcements, newest first."""
    pages: list[Page]

    @property
    def settings(self) -> schema.SiteSettings:
        return self.content.settings

    def link_announcements(self) -> None:
        """Give everything its announcements, and each announcement its neighbours (after
        unpickling: those links are left out, see `_Owner`)."""
        for item in self.announcements:
            _list_in_owners(item)
        _link_neighbours(self.announcements)


def build_model(content: Content, as_of: dt.datetime, drafts: bool = False) -> Site:
    """Link everything; keep drafts and future announcements only if `drafts`."""
    today = as_of.astimezone(content.zone).date()
    provinces = {k: _province(e) for k, e in content.provinces.items()}
    organizations = {k: _organization(e, provinces) for k, e in content.organizations.items()}
    for key, entry in content.provinces.items():
        _link_successor(provinces[key], provinces.get(entry.data.successor or ""))
    for key, entry in content.organizations.items():
        _link_successor(organizations[key], organizations.get(entry.data.successor or ""))
    movements = {k: _movement(e, organizations) for k, e in content.movements.items()}
    campaigns = {k: _campaign(e, today, provinces, organizations, movements)
                 for k, e in sorted(content.campaigns.items())}
    blocs = {k: _bloc(e, provinces, organizations, movements) for k, e in sorted(content.blocs.items())}
    for campaign in campaigns.values():
        _link_campaign(campaign, campaigns, blocs, organizations)
    visible = [e for e in content.announcements
               if drafts or (not e.data.draft and e.moment <= as_of)]
    visible.sort(key=lambda e: (e.moment, e.id), reverse=True)
    pages = [_page(e) for e in sorted(content.pages, key=lambda p: (p.data.order, p.id))]
    announcements = [_announcement(e, as_of, campaigns, blocs, movements, organizations, provinces)
                     for e in visible]
    site = Site(content, today, as_of, provinces, organizations, movements, campaigns, blocs,
                announcements, pages)
    site.link_announcements()
    return site


def _link_neighbours(announcements: list[Announcement]) -> None:
    """Link each announcement of a newest-first list to the next older and newer one."""
    for newer, older in zip(announcements, announcements[1:]):
        newer.previous, older.next = older, newer


def _province(entry) -> Province:
    data = entry.data
    return Province(entry.id, data.name, url_of("province", entry.id), data.until, data.description,
                    entry.digest)


def _organization(entry, provinces: dict[str, Province]) -> Organization:
    data = entry.data
    organization = Organization(entry.id, data.name, data.short_name, data.kind,
                                url_of("organization", entry.id), data.url, list(data.aliases),
                                data.until, entry.digest, provinces.get(data.province or ""))
    if organization.province:
        organization.province.organizations.append(organization)
    return organization


def _link_successor(item, successor) -> None:
    if successor is not None and successor is not item:
        item.successor = successor
        successor.predecessors.append(item)


def _movement(entry, organizations: dict[str, Organization]) -> Movement:
    data = entry.data
    return Movement(entry.id, data.name, url_of("movement", entry.id),
                    organizations.get(data.launched_by, data.launched_by), data.start, data.end,
                    data.description, entry.digest)


def _campaign(entry, today, provinces, organizations, movements) -> Campaign:
    data: schema.CampaignFile = entry.data
    start, end = data.period()
    campaign = Campaign(entry.id, url_of("campaign", entry.id), data, entry.source_path,
                        start, end, status_of(start, end, today), elapsed_of(start, end, today),
                        entry.digest,
                        issuer=organizations.get(data.issuer, data.issuer),
                        province=provinces.get(data.province or ""))
    campaign.phases = [
        Phase(index + 1, phase.name or f"Đợt {index + 1}", phase.start, phase.end, phase.focus,
              list(phase.milestones), campaign, status_of(phase.start, phase.end, today),
              elapsed_of(phase.start, phase.end, today))
        for index, phase in enumerate(data.phases)]
    campaign.organizations = [organizations[o] for o in data.participants.organizations]
    campaign.movements = [movements[m] for m in data.movements]
    for movement in campaign.movements:
        movement.campaigns.append(campaign)
    for organization in campaign.organizations:
        organization.campaigns.append(campaign)
    if isinstance(campaign.issuer, Organization):
        campaign.issuer.issued.append(campaign)
    if campaign.province:
        campaign.province.campaigns.append(campaign)
    return campaign


def _link_campaign(campaign: Campaign, campaigns, blocs, organizations) -> None:
    parent = campaigns.get(campaign.data.responds_to or "")
    if parent is not None:
        campaign.parent = parent
        parent.responses.append(campaign)
    campaign.blocs = [blocs[b] for b in campaign.data.participants.blocs]
    for bloc in campaign.blocs:
        bloc.campaigns.append(campaign)


def _bloc(entry, provinces, organizations, movements) -> Bloc:
    data: schema.BlocFile = entry.data
    bloc = Bloc(entry.id, url_of("bloc", entry.id), data, entry.source_path, entry.digest,
                provinces.get(data.province or ""))
    bloc.members = [organizations[m] for m in data.members]
    for member in bloc.members:
        member.blocs.append(bloc)
    for data_term in data.terms:
        term = Term(data_term.year, data_term, organizations.get(data_term.leader or ""),
                    organizations.get(data_term.deputy or ""))
        if data_term.covenant:
            term.covenant_movements = [movements[m] for m in data_term.covenant.movements]
        for movement in term.covenant_movements:
            if bloc not in movement.blocs:
                movement.blocs.append(bloc)
        for award in data_term.awards:
            grant = AwardGrant(award, organizations[award.recipient], bloc, term.year)
            term.awards.append(grant)
            grant.recipient.awards.append(grant)
        bloc.terms.append(term)
    if bloc.province:
        bloc.province.blocs.append(bloc)
    return bloc


def announcement_digest(file_digest: str, is_future: bool) -> str:
    """What an announcement's pages show of it, hashed: "not yet due" is shown on preview
    pages, so it is part of it."""
    return f"{file_digest}+future" if is_future else file_digest


def listing_of(head_digest: str, url: str, is_future: bool) -> Shown:
    """What lists of news show of an announcement: its front matter (hashed by the file's
    `head_digest`), its address, and whether it is due yet."""
    return Shown(announcement_digest(f"{head_digest} {url}", is_future))


def _announcement(entry: AnnouncementEntry, as_of, campaigns, blocs, movements, organizations,
                  provinces) -> Announcement:
    data, url, is_future = entry.data, url_of("news", entry.moment.year, entry.id), entry.moment > as_of
    item = Announcement(entry.id, url, entry.moment.year, data, entry.moment, entry.source_path,
                        entry.body, entry.body_line, announcement_digest(entry.digest, is_future),
                        data.draft, is_future, listing_of(entry.head_digest, url, is_future))
    item.campaigns = [campaigns[c] for c in data.campaigns]
    item.blocs = [blocs[b] for b in data.blocs]
    item.movements = [movements[m] for m in data.movements]
    item.organizations = [organizations[o] for o in data.organizations]
    if data.phase is not None and item.campaigns:
        item.phase = item.campaigns[0].phases[data.phase - 1]
    # An announcement belongs to its campaigns' and blocs' provinces too (province feeds).
    named = [provinces[p] for p in data.provinces]
    implied = [c.province for c in item.campaigns] + [b.province for b in item.blocs]
    for province in named + implied:
        if province is not None and province not in item.provinces:
            item.provinces.append(province)
    return item


def _list_in_owners(item: Announcement) -> None:
    if item.phase is not None:
        item.phase.announcements.append(item)
    for group in (item.campaigns, item.blocs, item.movements, item.organizations, item.provinces):
        for owner in group:
            owner.announcements.append(item)


def _page(entry: PageEntry) -> Page:
    return Page(entry.id, url_of("page", entry.id), entry.data, entry.source_path, entry.body,
                entry.body_line, entry.digest)
