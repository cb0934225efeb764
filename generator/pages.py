"""Plan the site: every page, feed and side file to write, as data.

Nothing is rendered here. Each `PagePlan` names its URL, template, title and
the model objects it shows; each `FeedPlan` names a scope and its entries.
URL collisions are found here, before anything is rendered.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .labels import labels_for
from .model import Announcement, Site
from .problems import ProblemLog
from .stored_text import StoredText, text_of
from .urls import output_path_of, url_of

__all__ = ["CalendarPlan", "FeedPlan", "PageKind", "PagePlan", "Plan", "plan_calendars", "plan_feeds",
           "plan_site", "reshow_front_matter", "upcoming_events"]


class PageKind(enum.Enum):
    HOME = "home"
    CAMPAIGNS = "campaigns"
    CAMPAIGN = "campaign"
    TIMELINE = "timeline"
    NEWS = "news"
    NEWS_YEAR = "news-year"
    ANNOUNCEMENT = "announcement"
    PAGE = "page"
    BLOCS = "blocs"
    BLOC = "bloc"
    ORGANIZATIONS = "organizations"
    ORGANIZATION = "organization"
    MOVEMENTS = "movements"
    MOVEMENT = "movement"
    PROVINCES = "provinces"
    PROVINCE = "province"
    SUBSCRIBE = "subscribe"
    NOT_FOUND = "404"


Bodies = dict[str, "str | StoredText"]
"""Page output_path -> its Markdown."""


class DeferredBodies:
    """Stands for the Markdown of the pages of a saved plan, kept apart in its file (see
    snapshot.py): most builds that take the plan up render a page or two, whose bodies
    they read anew. Read all at once, the first time a page asks."""

    def __init__(self) -> None:
        self._load: Callable[[], Bodies] | None = None
        self._bodies: Bodies | None = None

    def __getstate__(self) -> dict:
        return {}

    def __setstate__(self, state: dict) -> None:
        self.__init__()

    def attach(self, load: Callable[[], Bodies]) -> None:
        self._load = load

    def of(self, output_path: str) -> str | StoredText:
        if self._bodies is None:
            self._bodies = self._load()
        return self._bodies[output_path]


@dataclass
class PagePlan:
    """One HTML page to write."""

    url: str
    kind: PageKind
    template: str
    title: str
    context: dict[str, Any] = field(default_factory=dict)
    """Model objects the template shows, by name."""
    source_path: str = ""
    """The file the page comes from, for errors (empty for generated lists)."""
    markdown: str | StoredText | DeferredBodies | None = None
    """Body to render as the page's main content (announcements, free pages); read it with
    `body()`."""
    body_line: int = 1
    """Line of the source file where `markdown` starts (for link warnings)."""
    source_digest: str = ""
    """Hash of the file `markdown` comes from: stands for the body in cache keys, so a
    build does not hash 10,000 bodies to find the one that changed."""
    description: str = ""
    feeds: list[FeedPlan] = field(default_factory=list)
    """Feeds of this page's scope, linked from its head."""
    previous: tuple[str, str] | None = None
    """(title, url) of the previous page in reading order (Material's footer)."""
    next: tuple[str, str] | None = None
    in_search: bool = True
    in_sitemap: bool = True
    lastmod: dt.date | None = None
    depends: list = field(default_factory=list)
    """Model objects whose content the page shows: their digests make its fingerprint."""
    dynamic: str = ""
    """What else the page shows that is not content (today's date for phase status)."""

    def body(self) -> str | None:
        """The Markdown to render: `markdown`, read now if a saved plan kept it apart, and
        decoded if it is as the cache stored it."""
        if isinstance(self.markdown, DeferredBodies):
            self.markdown = self.markdown.of(self.output_path)
        if isinstance(self.markdown, StoredText):
            self.markdown = text_of(self.markdown)
        return self.markdown

    def mentions(self, part: str) -> bool:
        """Does the Markdown hold `part`? Without decoding a body as the cache stored it."""
        if isinstance(self.markdown, (str, StoredText)):
            return part in self.markdown
        return part in (self.body() or "")

    @cached_property
    def output_path(self) -> str:
        return "404.html" if self.kind is PageKind.NOT_FOUND else output_path_of(self.url)


@dataclass
class FeedPlan:
    """A feed of one scope (the site, a campaign ...); one writer per format renders it."""

    scope: str
    """'site', or 'campaign:<id>', 'bloc:<id>' ..."""
    url: str
    """URL of the RSS file; other formats sit beside it."""
    title: str
    link: str
    """The page the feed belongs to."""
    entries: list[Announcement]
    description: str = ""
    formats: tuple[str, ...] = ("rss", "atom")

    @property
    def atom_url(self) -> str:
        return self.url.removesuffix("feed.xml") + "atom.xml"


@dataclass
class CalendarPlan:
    """An .ics file: the events of some campaigns and blocs."""

    url: str
    title: str
    campaigns: list
    blocs: list


@dataclass
class Plan:
    pages: list[PagePlan]
    feeds: list[FeedPlan]
    calendars: list[CalendarPlan]
    nav: list[tuple[str, str]]
    """(title, url) of the top navigation."""


def plan_site(site: Site, log: ProblemLog) -> Plan:
    """Every output of the site; URL collisions are problems."""
    t = labels_for(site.settings.language)
    feeds = plan_feeds(site)
    calendars = plan_calendars(site)
    pages: list[PagePlan] = []
    pages.append(PagePlan("/", PageKind.HOME, "home.html", site.settings.title,
                          {"running": [c for c in _by_start(site) if c.status == "current"],
                           "events": upcoming_events(site, t)[:8],
                           "latest": site.announcements[:6]},
                          description=site.settings.description))
    pages += _campaign_pages(site, t)
    pages += _news_pages(site, t)
    pages += _directory_pages(site, t)
    for page in site.pages:
        pages.append(PagePlan(page.url, PageKind.PAGE, "page.html", page.data.title,
                              {"item": page}, page.source_path, markdown=page.body,
                              body_line=page.body_line, source_digest=page.digest,
                              description=page.data.description))
    pages.append(PagePlan(url_of("subscribe"), PageKind.SUBSCRIBE, "subscribe.html", t["subscribe_page"],
                          {"feeds": feeds, "calendars": calendars}))
    pages.append(PagePlan("/404.html", PageKind.NOT_FOUND, "404.html", t["not_found"],
                          in_search=False, in_sitemap=False))
    for page in pages:
        page.depends, page.dynamic = _dependencies(page, site)
    by_link = {feed.link: feed for feed in feeds}
    for page in pages:
        # A page links its own scope's feed; an announcement those of its campaigns and blocs.
        owners = [page.url] if page.url != "/" else []
        if page.kind is PageKind.ANNOUNCEMENT:
            item = page.context["item"]
            owners = [o.url for o in item.campaigns + item.blocs]
        page.feeds = [feeds[0]] + [by_link[url] for url in owners if url in by_link]
    _check_collisions(pages, log)
    nav = [(t["home"], "/"), (t["campaigns"], url_of("campaign")), (t["timeline"], url_of("timeline")),
           (t["blocs"], url_of("bloc")), (t["movements"], url_of("movement")),
           (t["organizations"], url_of("organization")), (t["provinces"], url_of("province")),
           (t["news"], url_of("news"))]
    nav += [(p.data.title, p.url) for p in site.pages if p.data.nav]
    return Plan(pages, feeds, calendars, nav)


def plan_feeds(site: Site) -> list[FeedPlan]:
    """The site's feed first, then one per campaign, bloc, province and movement."""
    settings = site.settings
    limit = settings.feeds.items

    def published(items):  # feeds never carry drafts or future items, even in a --drafts preview
        return [a for a in items if not (a.is_draft or a.is_future)][:limit]

    feeds = [FeedPlan("site", "/feed.xml", settings.title, "/", published(site.announcements),
                      settings.description)]
    scopes = [("campaign", site.campaigns, "title"), ("bloc", site.blocs, "name"),
              ("province", site.provinces, "name"), ("movement", site.movements, "name")]
    for kind, table, title_attr in scopes:
        for owner in table.values():
            entries = owner.announcements
            if kind == "province":  # a merged province's news continues under its successor
                entries = sorted({*entries, *(a for p in owner.predecessors for a in p.announcements)},
                                 key=lambda a: (a.moment, a.id), reverse=True)
            title = getattr(owner, title_attr)
            feeds.append(FeedPlan(f"{kind}:{owner.id}", f"{owner.url}feed.xml",
                                  f"{title} – {settings.title}", owner.url, published(entries),
                                  settings.description))
    return feeds


def plan_calendars(site: Site) -> list[CalendarPlan]:
    """The site's calendar, then one per campaign and per bloc."""
    title = site.settings.title
    plans = [CalendarPlan("/lich.ics", title, list(site.campaigns.values()), list(site.blocs.values()))]
    plans += [CalendarPlan(f"{c.url}lich.ics", f"{c.title} – {title}", [c], [])
              for c in site.campaigns.values()]
    plans += [CalendarPlan(f"{b.url}lich.ics", f"{b.name} – {title}", [], [b])
              for b in site.blocs.values()]
    return plans


def _by_start(site: Site):
    return sorted(site.campaigns.values(), key=lambda c: (c.start, c.id))


def _campaign_pages(site: Site, t: dict) -> list[PagePlan]:
    campaigns = _by_start(site)
    groups = {status: [c for c in campaigns if c.status == status]
              for status in ("current", "upcoming", "done")}
    pages = [PagePlan(url_of("campaign"), PageKind.CAMPAIGNS, "campaigns.html", t["campaigns"],
                      {"groups": groups}),
             PagePlan(url_of("timeline"), PageKind.TIMELINE, "timeline.html", t["timeline"],
                      {"campaigns": campaigns, "axis": _axis(campaigns)})]
    for campaign in campaigns:
        pages.append(PagePlan(campaign.url, PageKind.CAMPAIGN, "campaign.html", campaign.title,
                              {"campaign": campaign}, campaign.source_path,
                              description=campaign.data.summary))
    return pages


def _axis(campaigns) -> dict[str, Any]:
    """Years spanned by all campaigns, for the shared timeline."""
    if not campaigns:
        return {"start": None, "end": None, "years": []}
    first = min(c.start.start for c in campaigns).year
    last = max(c.end.end for c in campaigns).year
    return {"start": dt.date(first, 1, 1), "end": dt.date(last, 12, 31),
            "years": list(range(first, last + 1))}


def _news_pages(site: Site, t: dict) -> list[PagePlan]:
    per_page = site.settings.news_per_page
    items = site.announcements
    years = sorted({a.year for a in items}, reverse=True)
    count = max(1, -(-len(items) // per_page))
    pages = []
    for number in range(1, count + 1):
        title = t["news"] if number == 1 else f"{t['news']} – {t['page_n'].format(n=number)}"
        pages.append(PagePlan(url_of("news-page", number), PageKind.NEWS, "news.html", title,
                              {"items": items[(number - 1) * per_page: number * per_page],
                               "number": number, "count": count, "years": years,
                               "newer": url_of("news-page", number - 1) if number > 1 else None,
                               "older": url_of("news-page", number + 1) if number < count else None},
                              in_search=False))
    for year in years:
        pages.append(PagePlan(url_of("news", year), PageKind.NEWS_YEAR, "news.html",
                              t["year_news"].format(year=year),
                              {"items": [a for a in items if a.year == year], "years": years,
                               "year": year}, in_search=False))
    for item in items:
        pages.append(PagePlan(
            item.url, PageKind.ANNOUNCEMENT, "announcement.html", item.title, {"item": item},
            item.source_path, markdown=item.body, body_line=item.body_line, source_digest=item.digest,
            description=item.data.summary,
            previous=_link_to(item.previous), next=_link_to(item.next),
            lastmod=item.moment.date()))
    return pages


def _link_to(item: Announcement | None) -> tuple[str, str] | None:
    """(title, url) of a neighbour in reading order."""
    return (item.title, item.url) if item is not None else None


def reshow_front_matter(plan: Plan, items: list[Announcement]) -> None:
    """Patch `plan` for `items`, announcements given new front matter that only shows (see
    front_matter.py): what their pages and their neighbours' pages take from it. (The
    pages that list them hold their `listing`, which shows the change by itself.)"""
    by_url = {page.url: page for page in plan.pages}
    for item in items:
        page = by_url[item.url]
        page.title, page.description = item.title, item.data.summary
        if item.previous is not None:
            by_url[item.previous.url].next = _link_to(item)
        if item.next is not None:
            by_url[item.next.url].previous = _link_to(item)


def _directory_pages(site: Site, t: dict) -> list[PagePlan]:
    """Index and detail pages of blocs, organizations, movements and provinces."""
    kinds = [("bloc", PageKind.BLOCS, PageKind.BLOC, "blocs", site.blocs, "name"),
             ("organization", PageKind.ORGANIZATIONS, PageKind.ORGANIZATION, "organizations",
              site.organizations, "name"),
             ("movement", PageKind.MOVEMENTS, PageKind.MOVEMENT, "movements", site.movements, "name"),
             ("province", PageKind.PROVINCES, PageKind.PROVINCE, "provinces", site.provinces, "name")]
    pages = []
    for kind, list_kind, item_kind, label, table, title_attr in kinds:
        items = sorted(table.values(), key=lambda x: getattr(x, title_attr))
        template = "blocs.html" if kind == "bloc" else "directory.html"
        pages.append(PagePlan(url_of(kind), list_kind, template, t[label], {"items": items}))
        for item in items:
            pages.append(PagePlan(item.url, item_kind, f"{kind}.html", getattr(item, title_attr),
                                  {"item": item}, getattr(item, "source_path", "")))
    return pages


def _dependencies(page: PagePlan, site: Site) -> tuple[list, str]:
    """What a page shows, for incremental builds: an edit to any of these re-renders it.

    Erring on the side of too much only costs a render; too little would publish a stale
    page, so each kind lists everything its template reads.
    """
    context, kind, today = page.context, page.kind, site.today.isoformat()
    item = context.get("item") or context.get("campaign")
    campaigns, blocs = list(site.campaigns.values()), list(site.blocs.values())

    def listed(items):  # a news list shows each item's front matter and links its campaigns
        shown = []  # a loop, not a nested comprehension: 115,000 items at 10,000, twice as fast
        for a in items:
            shown.append(a.listing)
            shown += [c.reference for c in a.campaigns]
        return shown

    if kind is PageKind.ANNOUNCEMENT:
        return [item, *(x.reference for x in (*item.campaigns, *item.blocs, *item.organizations,
                                              *item.movements)),
                *(a.listing for a in (item.previous, item.next) if a is not None)], ""
    if kind is PageKind.CAMPAIGN:
        return [item, item.parent, item.issuer, item.province, *item.responses,
                *(r.issuer for r in item.responses), *item.blocs, *item.organizations,
                *item.movements, *listed(item.announcements)], today
    if kind in (PageKind.CAMPAIGNS, PageKind.TIMELINE):
        return campaigns, today
    if kind is PageKind.HOME:
        return [*campaigns, *blocs, *listed(context["latest"])], today
    if kind in (PageKind.NEWS, PageKind.NEWS_YEAR):
        return listed(context["items"]), " ".join(map(str, context["years"]))
    if kind is PageKind.BLOC:
        return [item, item.province, *item.members, *item.campaigns, *listed(item.announcements),
                *(m for term in item.terms for m in term.covenant_movements),
                *(g.recipient for term in item.terms for g in term.awards)], ""
    if kind is PageKind.BLOCS:
        return [*blocs, *(m for bloc in blocs for m in bloc.members)], str(site.today.year)
    if kind is PageKind.ORGANIZATION:
        return [item, item.province, item.successor, *item.predecessors, *item.blocs,
                *item.issued, *item.campaigns, *listed(item.announcements)], ""
    if kind is PageKind.MOVEMENT:
        return [item, item.launched_by, *item.campaigns, *item.blocs, *listed(item.announcements)], ""
    if kind is PageKind.PROVINCE:
        related = [item, *item.predecessors]
        return [*related, item.successor, *(x for p in related for x in
                                            (*p.campaigns, *p.blocs, *listed(p.announcements)))], ""
    if kind in (PageKind.ORGANIZATIONS, PageKind.MOVEMENTS, PageKind.PROVINCES):
        items = context["items"]
        return [*items, *(getattr(i, "successor", None) for i in items)], ""
    if kind is PageKind.SUBSCRIBE:
        return [*campaigns, *blocs, *site.provinces.values(), *site.movements.values()], ""
    return [item] if item is not None else [], ""


def upcoming_events(site: Site, t: dict[str, str]) -> list[dict[str, Any]]:
    """Milestones and reviews from today on, soonest first, from campaigns and blocs."""
    events = []
    for campaign in site.campaigns.values():
        for phase in campaign.phases:
            events += [{"date": m.date, "title": m.title, "owner": campaign, "phase": phase}
                       for m in phase.milestones]
        events += [{"date": m.date, "title": m.title, "owner": campaign, "phase": None}
                   for m in campaign.data.milestones if m.status != "cancelled"]
        events += [{"date": r.date, "title": r.title or t[r.kind], "owner": campaign,
                    "phase": None} for r in campaign.data.reviews]
    for bloc in site.blocs.values():
        for term in bloc.terms:
            events += [{"date": r.date, "title": r.title or t[r.kind], "owner": bloc,
                        "phase": None} for r in term.data.reviews]
    upcoming = [e for e in events if e["date"].end >= site.today]
    return sorted(upcoming, key=lambda e: (e["date"].start, e["title"]))


def _check_collisions(pages: list[PagePlan], log: ProblemLog) -> None:
    by_path: dict[str, list[PagePlan]] = {}
    for page in pages:
        by_path.setdefault(page.output_path, []).append(page)
    for owners in by_path.values():
        if len(owners) < 2:
            continue
        names = ", ".join(o.source_path or f"the {o.kind.value} page" for o in owners)
        for owner in owners:
            if owner.source_path:
                log.add(owner.source_path, 1, f"two pages would be written to {owners[0].url}: "
                        f"{names}; rename one of the files", code="url-collision")

