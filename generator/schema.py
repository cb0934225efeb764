"""The editors' contract as pydantic models, one per file kind.

Each model forbids unknown keys (a typo must not vanish silently) and carries
a docstring per field: the same text becomes the JSON Schema description an
editor sees in their editor. Cross-references (does this id exist?) are
checked later, in `validate.py`, where every kind is known.
"""

from __future__ import annotations

import ast
import datetime as dt
import functools
import inspect
import textwrap
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, WithJsonSchema

from .dates import PlanDate, parse_plan_date

__all__ = [
    "AnnouncementFrontMatter", "AnnouncementKind", "AwardCategory", "Award", "BlocFile",
    "BlocKind", "CampaignFile", "CampaignKind", "Covenant", "Decision", "FeedSettings",
    "Milestone", "MovementFile", "OrganizationEntry", "OrganizationKind", "PageFrontMatter",
    "Participants", "Phase", "PhaseMilestone", "PlanDocument", "ProvinceEntry", "Review",
    "ReviewKind", "ScoringItem", "SiteSettings", "Source", "Term", "DateValue", "Id",
]

DateValue = Annotated[
    PlanDate,
    BeforeValidator(parse_plan_date),
    PlainSerializer(lambda d: d.iso()),
    WithJsonSchema({
        "anyOf": [{"type": "string"}, {"type": "integer"}],
        "description": "27/9/2024, 9/2024, quý III/2024, năm 2024, 2024-09-27, 2024-09, 2024-Q3 or 2024",
    }),
]
"""A plan date at day, month, quarter or year precision."""

Id = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, Field(min_length=1)]

def _empty_list() -> list:
    return []


# An empty list made fresh per document: a `= []` default is deep-copied by pydantic on every
# validation (20,000 copies at 10,000 announcements); the schema still shows `default: []`.
# A function of ours, not `list`: pydantic reads the factory's signature, and reading a
# built-in's compiles the tokenizer's patterns (0.015 s of every build that validates).
EMPTY = Field(default_factory=_empty_list, json_schema_extra={"default": []})


def _check_moment(value: object) -> object:
    if isinstance(value, (dt.date, str)):
        return value
    raise ValueError("expected a date and time like 2024-10-10 14:40")


Moment = Annotated[Union[dt.datetime, dt.date, str], BeforeValidator(_check_moment)]
"""A moment; parsed in the site time zone by `validate.py`."""

CampaignKind = Literal["peak", "special", "regular", "thematic"]
ReviewKind = Literal["interim", "final"]
BlocKind = Literal["bloc", "cluster"]
AwardCategory = Literal["title", "commendation"]
OrganizationKind = Literal["party-body", "government", "mass-organization", "locality",
                           "enterprise", "other"]
AnnouncementKind = Literal["launch", "signing", "review", "award", "plan", "news"]
MilestoneStatus = Literal["planned", "held", "cancelled"]


def _describe_fields(json_schema: dict[str, Any], model: type[BaseModel]) -> None:
    """Each field's docstring as its description in `model`'s JSON Schema.

    Read from the source when a schema is made (`thidua schema`), not as each model is
    defined, as pydantic's `use_attribute_docstrings` does: that costs every build
    0.016 s before it starts.
    """
    docs = _field_docstrings(model)
    properties = json_schema.get("properties", {})
    for name, field in model.model_fields.items():
        described = properties.get(field.alias or name)
        if described is not None and field.description is None and name in docs:
            described["description"] = docs[name]


def _field_docstrings(model: type) -> dict[str, str]:
    """Field name -> the string literal written under it, in `model` and the models it extends."""
    docs: dict[str, str] = {}
    for klass in reversed(model.__mro__):
        if isinstance(klass, type) and issubclass(klass, _Model):
            docs.update(_own_docstrings(klass))
    return docs


@functools.cache
def _own_docstrings(klass: type) -> dict[str, str]:
    """The field docstrings written in `klass` itself (read once: a model nested in many
    schemas is described in each)."""
    docs = {}
    body = ast.parse(textwrap.dedent(inspect.getsource(klass))).body[0].body
    for node, after in zip(body, body[1:]):
        if (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)):
            docs[node.target.id] = inspect.cleandoc(after.value.value)
    return docs


class _Model(BaseModel):
    # Validators are built when first used: a build that takes up a saved plan validates
    # nothing, and importing this module would otherwise build them all (0.09 s).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True,
                              json_schema_extra=_describe_fields)


# --- site.yml ---------------------------------------------------------------

class FeedSettings(_Model):
    items: int = Field(50, ge=1, le=10_000)
    """How many entries a feed holds, newest first."""
    full_content: bool = True
    """Put the full HTML of each announcement in feeds; else only its summary."""


class SiteSettings(_Model):
    title: Text
    """The site's name, shown in the header and in feeds."""
    description: str = ""
    """One sentence about the site, for search engines and feeds."""
    base_url: Text
    """The public address, e.g. https://thidua.example.gov.vn/ (feeds and canonical links)."""
    language: Literal["vi", "en"] = "vi"
    """Interface language: vi (default) or en."""
    timezone: str = "Asia/Ho_Chi_Minh"
    """Time zone of announcement dates and of 'today'."""
    author: str = ""
    """Who publishes the site; the default author of announcements."""
    copyright: str = ""
    """Footer line; defaults to the author."""
    feeds: FeedSettings = FeedSettings()
    """Feed settings."""
    news_per_page: int = Field(10, ge=1, le=500)
    """Announcements per page of the news list."""
    allow_raw_html: bool = False
    """Keep raw HTML in Markdown as written (only for sites whose editors are all trusted)."""


# --- provinces.yml, organizations.yml ---------------------------------------

class ProvinceEntry(_Model):
    name: Text
    """Name without the word 'tỉnh': Lâm Đồng."""
    until: DateValue | None = None
    """Last day the province existed (merged or renamed)."""
    successor: Id | None = None
    """The province it was merged into."""
    description: str = ""
    """Markdown shown on the province page."""


class OrganizationEntry(_Model):
    name: Text
    """Full name: Văn phòng Tỉnh ủy Lâm Đồng."""
    short_name: str = ""
    """Shorter name for tables and lists."""
    kind: OrganizationKind = "other"
    """party-body | government | mass-organization | locality | enterprise | other."""
    province: Id | None = None
    """Province id."""
    url: str = ""
    """Its own website."""
    aliases: list[Text] = EMPTY
    """Other names it is written under."""
    until: DateValue | None = None
    """Last day it existed (dissolved or merged)."""
    successor: Id | None = None
    """The organization it was merged into."""


# --- movements/<id>.yml -----------------------------------------------------

class MovementFile(_Model):
    name: Text
    """Name of the movement (phong trào thi đua)."""
    launched_by: str = ""
    """Who launched it: an organization id or plain text (Thủ tướng Chính phủ)."""
    start: DateValue | None = None
    """When it began."""
    end: DateValue | None = None
    """When it ends, if it does."""
    description: str = ""
    """Markdown."""


# --- campaigns/<id>.yml -----------------------------------------------------

class PlanDocument(_Model):
    number: str = ""
    """Document number: 192/KH-UBND."""
    issued: DateValue | None = None
    """Date of issue."""
    title: str = ""
    """Title of the plan document."""
    url: str = ""
    """Where the document can be read."""


class PhaseMilestone(_Model):
    date: DateValue
    """When it happens."""
    title: Text
    """What happens."""


class Milestone(PhaseMilestone):
    status: MilestoneStatus = "planned"
    """planned (default) | held | cancelled."""


class Phase(_Model):
    name: str = ""
    """Name; defaults to 'Đợt N'."""
    start: DateValue
    """First day (inside the campaign)."""
    end: DateValue
    """Last day (inside the campaign)."""
    focus: str = ""
    """Markdown: what this phase concentrates on."""
    milestones: list[PhaseMilestone] = EMPTY
    """Events inside this phase."""


class Participants(_Model):
    blocs: list[Id] = EMPTY
    """Blocs and clusters taking part."""
    organizations: list[Id] = EMPTY
    """Organizations taking part."""


class Review(_Model):
    kind: ReviewKind
    """interim (sơ kết) | final (tổng kết)."""
    date: DateValue
    """When it is held."""
    title: str = ""
    """Title; defaults to Sơ kết / Tổng kết."""


class CampaignFile(_Model):
    title: Text
    """Title of the campaign."""
    kind: CampaignKind = "regular"
    """peak (cao điểm) | special (đặc biệt) | regular (thường xuyên) | thematic (chuyên đề)."""
    slogan: str = ""
    """Khẩu hiệu."""
    theme: str = ""
    """Chủ đề."""
    summary: str = ""
    """One or two sentences for lists and feeds."""
    issuer: str = ""
    """Organization id (or plain text) of who issued it."""
    province: Id | None = None
    """Province id."""
    responds_to: Id | None = None
    """The campaign this one responds to (hưởng ứng)."""
    plan: PlanDocument | None = None
    """The plan document."""
    launched: DateValue | None = None
    """Date of the launch event (lễ phát động)."""
    start: DateValue | None = None
    """First day; defaults to the first phase's start."""
    end: DateValue | None = None
    """Last day; defaults to the last phase's end."""
    phases: list[Phase] = EMPTY
    """Phases (đợt), in order."""
    objectives: list[Text] = EMPTY
    """Mục đích, yêu cầu: Markdown strings."""
    contents: list[Text] = EMPTY
    """Nội dung thi đua: Markdown strings."""
    participants: Participants = Participants()
    """Who takes part."""
    movements: list[Id] = EMPTY
    """Movement ids."""
    milestones: list[Milestone] = EMPTY
    """Events outside any phase (anniversaries, congresses)."""
    reviews: list[Review] = EMPTY
    """Sơ kết / tổng kết."""
    rewards: str = ""
    """Markdown: khen thưởng."""
    description: str = ""
    """Markdown body of the campaign page."""

    def period(self) -> tuple[PlanDate | None, PlanDate | None]:
        """First and last date: as written, else the first phase's start and last phase's end."""
        start = self.start or (min((p.start for p in self.phases), default=None))
        end = self.end or (max((p.end for p in self.phases), key=lambda d: d.end, default=None))
        return start, end


# --- blocs/<id>.yml ---------------------------------------------------------

class Covenant(_Model):
    date: DateValue
    """Day of signing."""
    place: str = ""
    """Where it was signed."""
    theme: str = ""
    """Chủ đề of the year."""
    commitments: list[Text] = EMPTY
    """Markdown strings."""
    movements: list[Id] = EMPTY
    """Movement ids."""


class ScoringItem(_Model):
    criterion: Text
    """What is scored."""
    points: float = Field(ge=0)
    """Maximum points."""


class Decision(_Model):
    number: Text
    """Decision number: 123/QĐ-UBND."""
    date: DateValue | None = None
    """Date of the decision."""


class Award(_Model):
    title: Text
    """Cờ thi đua của UBND tỉnh, Bằng khen ..."""
    category: AwardCategory
    """title (danh hiệu thi đua) | commendation (hình thức khen thưởng)."""
    recipient: Id
    """Organization id."""
    decision: Decision | None = None
    """The decision that granted it."""


class Term(_Model):
    year: int = Field(ge=1945, le=2200)
    """Year of the term."""
    leader: Id | None = None
    """Khối trưởng / cụm trưởng: a member's id."""
    deputy: Id | None = None
    """Khối phó / cụm phó: a member's id."""
    covenant: Covenant | None = None
    """Ký kết giao ước thi đua."""
    reviews: list[Review] = EMPTY
    """Sơ kết / tổng kết of the year."""
    scoring: list[ScoringItem] = EMPTY
    """Bảng điểm thi đua."""
    awards: list[Award] = EMPTY
    """Awards of the year."""


class BlocFile(_Model):
    name: Text
    """Full name."""
    kind: BlocKind
    """bloc (khối: agencies by function) | cluster (cụm: localities by area)."""
    province: Id | None = None
    """Province id."""
    number: int | None = Field(None, ge=1)
    """Cụm thi đua số N."""
    aliases: list[Text] = EMPTY
    """Other names."""
    members: list[Id] = EMPTY
    """Organization ids."""
    description: str = ""
    """Markdown."""
    terms: list[Term] = EMPTY
    """One per year."""


# --- announcements and pages (front matter) ---------------------------------

class Source(_Model):
    name: Text
    """Outlet: Báo Lâm Đồng."""
    url: str = ""
    """Address of the original article."""


class AnnouncementFrontMatter(_Model):
    title: Text
    """Headline."""
    date: Moment
    """2024-10-10 14:40 (site time zone) or 2024-10-10T14:40:00+07:00."""
    summary: str = ""
    """Lead; defaults to the first paragraph."""
    kind: AnnouncementKind = "news"
    """launch | signing | review | award | plan | news."""
    campaigns: list[Id] = EMPTY
    """Campaign ids (`campaign:` with one id also works)."""
    phase: int | None = Field(None, ge=1)
    """Phase number inside the (single) campaign."""
    blocs: list[Id] = EMPTY
    """Bloc ids."""
    movements: list[Id] = EMPTY
    """Movement ids."""
    organizations: list[Id] = EMPTY
    """Organization ids."""
    provinces: list[Id] = EMPTY
    """Province ids (besides those of its campaigns and blocs)."""
    author: str = ""
    """Who wrote it."""
    source: Source | None = None
    """Where it was first published."""
    image: str = ""
    """media/... path of the lead image."""
    image_caption: str = ""
    """Caption of the lead image."""
    tags: list[Text] = EMPTY
    """Free tags."""
    draft: bool = False
    """Drafts are left out unless the build asks for them."""


class PageFrontMatter(_Model):
    title: Text
    """Page title."""
    description: str = ""
    """One sentence for search engines."""
    nav: bool = True
    """Show the page in the navigation."""
    order: int = 100
    """Position in the navigation (smaller first)."""
