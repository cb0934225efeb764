"""Checks between documents: ids that must exist, dates that must nest.

Run after every document has passed its own schema, so each check can trust
the shape of the data and only asks questions that need the whole site.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from .dates import PlanDate, format_day
from .ids import is_id
from .problems import ProblemLog, did_you_mean, format_loc
from .urls import url_of

if TYPE_CHECKING:
    from .validate import Content, Entry

__all__ = ["check_references"]


class _Checker:
    def __init__(self, content: Content, log: ProblemLog):
        self.content = content
        self.log = log
        self.tables = {
            "province": content.provinces, "organization": content.organizations,
            "movement": content.movements, "campaign": content.campaigns, "bloc": content.blocs,
        }

    def error(self, entry: Entry, loc: tuple, message: str, hint: str = "", code: str = "") -> None:
        self.log.add(entry.source_path, entry.line(*loc), message, hint, code=code)

    def ref(self, entry: Entry, loc: tuple, value: str | None, what: str) -> bool:
        """Is `value` a known id of kind `what`? Reports it if not."""
        if value is None:
            return False
        table = self.tables[what]
        if value in table:
            return True
        self.error(entry, loc, f"{_name(entry, loc)}: no {what} '{value}'",
                   did_you_mean(value, table) or f"Add it to {_home_of(what)} first.",
                   code="unknown-id")
        return False

    def refs(self, entry: Entry, loc: tuple, values: Iterable[str], what: str) -> None:
        seen: set[str] = set()
        for index, value in enumerate(values):
            if value in seen:
                self.error(entry, loc + (index,), f"{_name(entry, loc + (index,))}: "
                           f"'{value}' is listed twice", code="duplicate")
            seen.add(value)
            self.ref(entry, loc + (index,), value, what)

    def id_or_text(self, entry: Entry, loc: tuple, value: str, what: str) -> None:
        # "issuer: Thủ tướng Chính phủ" is text; "issuer: ubnd-tinh-lam-dng" is a mistyped id.
        if value and is_id(value) and "-" in value:
            self.ref(entry, loc, value, what)

    def successor(self, entry: Entry, what: str) -> None:
        data = entry.data
        if data.successor is None:
            return
        if data.successor == entry.id:
            self.error(entry, ("successor",), f"{_name(entry, ('successor',))}: {_article(what)} {what} "
                       "cannot be its own successor", code="self-successor")
        elif self.ref(entry, ("successor",), data.successor, what) and data.until is None:
            self.error(entry, ("successor",), f"{_name(entry, ('successor',))}: a successor "
                       "needs the day this one ended; add 'until: <date>'", code="no-until")


def check_references(content: Content, log: ProblemLog) -> None:
    """Report every broken reference and impossible date arrangement."""
    checker = _Checker(content, log)
    for entry in content.provinces.values():
        checker.successor(entry, "province")
    for entry in content.organizations.values():
        checker.ref(entry, ("province",), entry.data.province, "province")
        checker.successor(entry, "organization")
    for entry in content.movements.values():
        checker.id_or_text(entry, ("launched_by",), entry.data.launched_by, "organization")
        _check_range(checker, entry, (), entry.data.start, entry.data.end)
    for entry in content.campaigns.values():
        _check_campaign(checker, entry)
    _check_response_cycles(checker)
    for entry in content.blocs.values():
        _check_bloc(checker, entry)
    for entry in content.announcements:
        _check_announcement(checker, entry)
    _check_announcement_urls(checker)


def _check_campaign(checker: _Checker, entry: Entry) -> None:
    data = entry.data
    checker.ref(entry, ("province",), data.province, "province")
    checker.id_or_text(entry, ("issuer",), data.issuer, "organization")
    if data.responds_to == entry.id:
        checker.error(entry, ("responds_to",), "responds_to: a campaign cannot respond to itself",
                      code="self-response")
    else:
        checker.ref(entry, ("responds_to",), data.responds_to, "campaign")
    checker.refs(entry, ("participants", "blocs"), data.participants.blocs, "bloc")
    checker.refs(entry, ("participants", "organizations"), data.participants.organizations,
                 "organization")
    checker.refs(entry, ("movements",), data.movements, "movement")
    start, end = data.period()
    if start is None:
        checker.error(entry, ("start",), "start: required field is missing (a campaign needs a "
                      "start date, or phases that give one)", code="missing")
    if end is None:
        checker.error(entry, ("end",), "end: required field is missing (a campaign needs an "
                      "end date, or phases that give one)", code="missing")
    _check_range(checker, entry, (), data.start, data.end)
    for index, phase in enumerate(data.phases):
        loc = ("phases", index)
        if not _check_range(checker, entry, loc, phase.start, phase.end):
            continue
        name = phase.name or f"Đợt {index + 1}"
        if start and phase.start.start < start.start:
            checker.error(entry, loc + ("start",), f"phases[{index}].start: {name} starts on "
                          f"{phase.start.display()}, before the campaign starts "
                          f"({start.display()})", code="phase-outside")
        if end and phase.end.end > end.end:
            checker.error(entry, loc + ("end",), f"phases[{index}].end: {name} ends on "
                          f"{phase.end.display()}, after the campaign ends ({end.display()})",
                          code="phase-outside")
        if index and phase.start.start <= data.phases[index - 1].end.end \
                and phase.start.start >= data.phases[index - 1].start.start:
            checker.error(entry, loc + ("start",), f"phases[{index}].start: {name} starts on "
                          f"{phase.start.display()}, before the previous phase ends "
                          f"({data.phases[index - 1].end.display()})", code="phase-overlap")
        for m_index, milestone in enumerate(phase.milestones):
            if milestone.date.end < phase.start.start or milestone.date.start > phase.end.end:
                checker.error(entry, loc + ("milestones", m_index, "date"),
                              f"phases[{index}].milestones[{m_index}].date: "
                              f"{milestone.date.display()} is outside {name} "
                              f"({_span(phase.start, phase.end)}); move the milestone to the "
                              "phase it falls in, or to the campaign's milestones",
                              code="milestone-outside")


def _check_range(checker: _Checker, entry: Entry, loc: tuple, start: PlanDate | None,
                 end: PlanDate | None) -> bool:
    if start is None or end is None or end.end >= start.start:
        return True
    prefix = _name(entry, loc + ("end",))
    checker.error(entry, loc + ("end",), f"{prefix}: {end.display()} is before the start "
                  f"({start.display()}); a range must end on or after its start",
                  code="range-order")
    return False


def _check_response_cycles(checker: _Checker) -> None:
    campaigns = checker.content.campaigns
    for entry in campaigns.values():
        chain = [entry.id]
        current = entry.data.responds_to
        while current in campaigns and current != entry.id and current not in chain:
            chain.append(current)
            current = campaigns[current].data.responds_to
        if current == entry.id and len(chain) > 1:
            loop = " -> ".join(chain + [entry.id])
            checker.error(entry, ("responds_to",), f"responds_to: the campaigns respond to each "
                          f"other in a circle ({loop}); one of them must respond to none",
                          code="response-cycle")


def _check_bloc(checker: _Checker, entry: Entry) -> None:
    data = entry.data
    checker.ref(entry, ("province",), data.province, "province")
    checker.refs(entry, ("members",), data.members, "organization")
    members = set(data.members)
    years: dict[int, int] = {}
    for index, term in enumerate(data.terms):
        loc = ("terms", index)
        if term.year in years:
            checker.error(entry, loc + ("year",), f"terms[{index}].year: {term.year} already has "
                          f"a term (terms[{years[term.year]}]); give one term per year",
                          code="duplicate-term")
        elif years and term.year < max(years):
            checker.error(entry, loc + ("year",), f"terms[{index}].year: {term.year} comes after "
                          f"{max(years)}; list terms from the oldest year to the newest",
                          code="term-order")
        years.setdefault(term.year, index)
        for role in ("leader", "deputy"):
            person = getattr(term, role)
            if checker.ref(entry, loc + (role,), person, "organization") and person not in members:
                checker.error(entry, loc + (role,), f"terms[{index}].{role}: '{person}' is not a "
                              "member of this bloc", "Add it to 'members', or choose a member.",
                              code="not-a-member")
        if term.leader and term.leader == term.deputy:
            checker.error(entry, loc + ("deputy",), f"terms[{index}].deputy: the deputy must "
                          "differ from the leader", code="same-leader")
        if term.covenant:
            checker.refs(entry, loc + ("covenant", "movements"), term.covenant.movements,
                         "movement")
        for a_index, award in enumerate(term.awards):
            checker.ref(entry, loc + ("awards", a_index, "recipient"), award.recipient,
                        "organization")


def _check_announcement(checker: _Checker, entry: Entry) -> None:
    data = entry.data
    checker.refs(entry, ("campaigns",), data.campaigns, "campaign")
    checker.refs(entry, ("blocs",), data.blocs, "bloc")
    checker.refs(entry, ("movements",), data.movements, "movement")
    checker.refs(entry, ("organizations",), data.organizations, "organization")
    checker.refs(entry, ("provinces",), data.provinces, "province")
    if data.phase is not None:
        if len(data.campaigns) != 1:
            checker.error(entry, ("phase",), "phase: a phase number needs exactly one campaign "
                          f"in 'campaigns', found {len(data.campaigns)}", code="phase-campaign")
        elif data.campaigns[0] in checker.content.campaigns:
            phases = checker.content.campaigns[data.campaigns[0]].data.phases
            if data.phase > len(phases):
                have = f"phases 1 to {len(phases)}" if phases else "no phases"
                checker.error(entry, ("phase",), f"phase: campaign '{data.campaigns[0]}' has "
                              f"{have}, not {data.phase}", code="unknown-phase")
    if data.image:
        _check_media(checker, entry, ("image",), data.image)


def _check_announcement_urls(checker: _Checker) -> None:
    # Checked over all announcements, future and draft too: a clash must not wait for
    # the day the second one is published.
    by_url: dict[tuple[int, str], list] = {}
    for entry in checker.content.announcements:
        by_url.setdefault((entry.moment.year, entry.id), []).append(entry)
    for (year, slug), owners in by_url.items():
        if len(owners) > 1:
            names = ", ".join(o.source_path for o in owners)
            for owner in owners:
                checker.error(owner, ("date",), f"two pages would be written to {url_of('news', year, slug)}: "
                              f"{names}; rename one of the files", code="url-collision")


def _check_media(checker: _Checker, entry: Entry, loc: tuple, value: str) -> None:
    content_dir = checker.content.content_dir
    target = (content_dir / value).resolve()
    media_dir = (content_dir / "media").resolve()
    if not value.startswith("media/") or not target.is_relative_to(media_dir):
        checker.error(entry, loc, f"{loc[-1]}: '{value}' is not inside media/; write a path "
                      "like media/2024/photo.jpg", code="media-outside")
    elif not target.is_file():
        known = [f"media/{p.relative_to(media_dir).as_posix()}" for p in media_dir.rglob("*")
                 if p.is_file()] if media_dir.is_dir() else []
        checker.error(entry, loc, f"{loc[-1]}: no file '{value}' in content/",
                      did_you_mean(value, known), code="missing-media")


def _article(noun: str) -> str:
    return "an" if noun[0] in "aeiou" else "a"


def _name(entry: Entry, loc: tuple) -> str:
    """The field as messages name it; provinces.yml entries start with their key."""
    return format_loc(entry.loc + tuple(loc))


def _span(start: PlanDate, end: PlanDate) -> str:
    return f"{format_day(start.start)} – {format_day(end.end)}"


def _home_of(what: str) -> str:
    return {"province": "provinces.yml", "organization": "organizations.yml",
            "movement": "movements/", "campaign": "campaigns/", "bloc": "blocs/"}[what]
